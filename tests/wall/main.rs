//! Integration tests of the wall: the Bevy shell run headless with
//! `MinimalPlugins`, and the real binary rendering under Xvfb.
//!
//! One test binary, one module per area: every test binary links all of
//! Bevy, so more binaries would cost minutes of linking.

// Helpers outside `#[test]` functions may stop a test loudly too.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod architecture;
mod display;
mod kiosk;
mod lists;
mod notes;
mod outbox;
mod phones;
mod render;
mod scenes;
mod secrets;
mod sources;
mod support;
mod topics;
mod votes;
