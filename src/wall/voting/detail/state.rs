//! What the detail view shows and the markers of its parts.

use bevy::prelude::*;

use crate::core::model::NoteRef;

/// How long the "+1" stays up.
pub(super) const THANKS_SECONDS: f64 = 2.5;

/// The open detail view.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct Detail {
    /// The note, by its source and id: a reload that moves the sources
    /// does not change which note is open. `None` when closed.
    pub note: Option<NoteRef>,
    pub last_touch: f64,
    /// A line under the button: why a vote was not taken.
    pub message: String,
    /// When the last vote was safely stored, for the "+1".
    pub thanked_at: Option<f64>,
    /// A stack's notes, the top first (`note` is the top): the view shows
    /// one at a time, and a vote counts for the top. Empty for a note.
    pub stack: Vec<NoteRef>,
    /// Which of the stack's notes is shown.
    pub page: usize,
    /// The stack's top row: its topic and how many customers.
    pub title: String,
}

#[derive(Component)]
pub(super) struct DetailPart;
/// The "Vote as priority" button.
#[derive(Component)]
pub struct VoteButton;
#[derive(Component)]
pub(super) struct DetailVeil;
