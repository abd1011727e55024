//! The wall as an appliance: the screen and its redraws, the exit lock and
//! PIN, touch input, systemd, a config that reloads itself, and the TV's
//! own power.

pub mod exit;
pub(crate) mod fullscreen;
pub(crate) mod input;
pub mod lock;
pub mod pin_pad;
pub(crate) mod proof;
pub mod reload;
pub(crate) mod screen;
pub mod service;
pub mod tv_power;
#[cfg(test)]
mod unit_files;
pub(crate) mod unlock;
