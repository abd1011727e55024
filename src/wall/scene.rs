//! The scenes of the wall as Bevy states. Entities of a scene carry
//! `DespawnOnExit(Scene::X)`, so leaving a scene cleans it up.

use bevy::prelude::*;

/// The scene on screen. The foundation shows the Wall of Change; the
/// rotation through Fame, Commitment and Priorities builds on this.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scene {
    #[default]
    Change,
}

pub fn plugin(app: &mut App) {
    app.init_state::<Scene>();
}
