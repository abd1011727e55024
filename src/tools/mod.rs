//! Runs of the wall that measure or picture it instead of hanging on the
//! TV: `--soak`, `--bench` and `--screenshot`.

pub mod bench;
pub mod screenshot;
pub mod soak;
