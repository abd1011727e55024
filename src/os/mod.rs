//! What the wall asks of the operating system: systemd's notify socket and
//! the process's own CPU time and memory.

pub mod systemd;
pub mod usage;
