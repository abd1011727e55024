//! `--open NOTE`: the detail view of one note opens by itself once the
//! note is on the wall, so the view can be captured at a fixed clock.

use bevy::prelude::*;

use super::detail::Detail;
use crate::wall::model::Wall;
use crate::wall::scenes::Scene;
use crate::wall::shared::{WallSystems, WallTime};

/// The note (its id in the feed) whose detail view opens.
#[derive(Resource, Debug, Clone)]
pub(crate) struct OpenAtStart(pub String);

pub(crate) fn plugin(app: &mut App) {
    // Once the pages are there, before the detail view draws.
    app.add_systems(Update, open_at_start.in_set(WallSystems::SyncCards).run_if(resource_exists::<OpenAtStart>));
}

fn open_at_start(
    mut commands: Commands,
    open: Res<OpenAtStart>,
    wall: Res<Wall>,
    time: WallTime,
    state: Res<State<Scene>>,
    pages: Option<Res<crate::wall::cards::sync::NotePages>>,
    mut detail: ResMut<Detail>,
) {
    // A scene that just came on closes the view: open it once it stands.
    if state.is_changed() {
        return;
    }
    let note = wall.note_ref(&open.0);
    if wall.note(&note).is_some() {
        info!("note {} opened (--open)", open.0);
        // A note in a stack opens the stack, on that note.
        let cards = pages.iter().flat_map(|pages| pages.pages.iter().flatten().map(|(card, _)| card));
        let stack = cards.into_iter().find(|card| card.stack.members.contains(&open.0));
        *detail = match stack {
            Some(card) => Detail {
                note: Some(wall.note_ref(card.id.note_id())),
                stack: card.stack.members.iter().map(|member| wall.note_ref(member)).collect(),
                page: card.stack.members.iter().position(|member| *member == open.0).unwrap_or(0),
                title: card.label.clone(),
                last_touch: time.now(),
                ..Detail::default()
            },
            None => Detail { note: Some(note), last_touch: time.now(), ..Detail::default() },
        };
        commands.remove_resource::<OpenAtStart>();
    }
}
