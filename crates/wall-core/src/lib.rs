//! The pure core of the wall: data model, feed parsing, layout and labels.
//!
//! Nothing in here imports Bevy, so all of it is tested in milliseconds
//! without a window.

pub mod arrange;
pub mod clock;
pub mod contrast;
pub mod emoji;
pub mod feed;
pub mod footer;
pub mod generate;
pub mod hash;
pub mod health;
pub mod history;
pub mod i18n;
pub mod ingest;
pub mod layout;
pub mod metrics;
pub mod model;
pub mod overlays;
pub mod pin;
pub mod priorities;
pub mod privacy;
pub mod qr;
pub mod reach;
pub mod rotation;
pub mod schedule;
pub mod shapes;
pub mod spotlight;
pub mod standup;
pub mod status;
pub mod topics;
pub mod trends;
pub mod votes;
pub mod wall_model;
pub mod wrap;
