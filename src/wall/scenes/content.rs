//! Which scenes have something to show, so the rotation skips the rest.

use bevy::prelude::*;

use crate::core::priorities::agenda;
use crate::core::rotation::SceneName;
use crate::wall::model::Wall;

/// Which scenes have something to show, so the rotation skips the rest.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct SceneContent {
    pub change: bool,
    pub fame: bool,
    pub commitment: bool,
    pub priorities: bool,
    /// The trends have at least one week counted (set by the trends plugin).
    pub trends: bool,
}

impl SceneContent {
    pub fn of(wall: &Wall) -> SceneContent {
        let Some(snapshot) = wall.snapshot() else {
            return SceneContent::default();
        };
        SceneContent {
            change: snapshot.feedback().next().is_some(),
            fame: snapshot.notes.iter().any(|note| note.kind == crate::core::model::NoteKind::Compliment),
            commitment: !snapshot.commitments.is_empty(),
            priorities: !agenda(&snapshot.notes, |note| note.votes, 1, 1).is_empty(),
            trends: false,
        }
    }

    pub fn has(&self, scene: SceneName) -> bool {
        match scene {
            SceneName::Change => self.change,
            SceneName::Fame => self.fame,
            SceneName::Commitment => self.commitment,
            SceneName::Priorities => self.priorities,
            SceneName::Trends => self.trends,
        }
    }
}
