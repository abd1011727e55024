//! What the wall asks of the operating system: systemd's notify socket, the
//! journal's log format, the process's own CPU time and memory, and the
//! environment the software renderer reads.

pub mod display;
pub(crate) mod logs;
pub mod renderer;
pub mod systemd;
pub mod usage;
