//! Reading a note in full and voting it up, and sending the votes back to
//! their source.

pub mod detail;
pub mod outbox;
