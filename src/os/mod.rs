//! What the wall asks of the operating system: systemd's notify socket, the
//! journal's log format, and the process's own CPU time and memory.

pub mod logs;
pub mod systemd;
pub mod usage;
