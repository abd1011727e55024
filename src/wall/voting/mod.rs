//! Reading a note in full and voting it up, and sending the votes back to
//! their source.

pub mod book;
pub mod detail;
pub(crate) mod open;
pub mod outbox;

use bevy::prelude::*;

/// The journal first, then the detail view that votes into it.
pub fn plugin(app: &mut App) {
    app.add_plugins((book::plugin, detail::plugin, open::plugin));
}
