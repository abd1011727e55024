//! The wall as an appliance: the screen and its redraws, the exit lock and
//! PIN, touch input, systemd, a config that reloads itself, and the TV's
//! own power.

pub mod exit;
pub mod fullscreen;
pub mod input;
pub mod lock;
pub mod pin_pad;
pub mod proof;
pub mod reload;
pub mod screen;
pub mod service;
pub mod tv_power;
#[cfg(test)]
mod unit_files;
pub mod unlock;
