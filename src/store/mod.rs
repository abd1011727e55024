//! What the wall keeps on disk for itself: the vote journal, files written
//! crash-safely, and the lock that keeps a data folder to one process.

pub mod atomic;
pub mod journal;
pub mod lock;
pub mod state;
