//! Runs of the wall that measure or picture it instead of hanging on the
//! TV: `--soak`, `--bench` and `--screenshot`; and `--topics`, which shows
//! how the team's topic rules place a feed's notes.

pub(crate) mod bench;
pub mod drill;
pub(crate) mod frame_cost;
pub(crate) mod screenshot;
pub mod soak;
pub mod topics;
