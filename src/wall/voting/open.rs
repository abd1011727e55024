//! `--open NOTE`: the detail view of one note opens by itself once the
//! note is on the wall, so the view can be captured at a fixed clock.

use bevy::prelude::*;

use super::detail::Detail;
use crate::wall::model::Wall;
use crate::wall::scenes::Scene;
use crate::wall::shared::WallTime;

/// The note (its id in the feed) whose detail view opens.
#[derive(Resource, Debug, Clone)]
pub struct OpenAtStart(pub String);

pub fn plugin(app: &mut App) {
    app.add_systems(Update, open_at_start.run_if(resource_exists::<OpenAtStart>));
}

fn open_at_start(
    mut commands: Commands,
    open: Res<OpenAtStart>,
    wall: Res<Wall>,
    time: WallTime,
    state: Res<State<Scene>>,
    mut detail: ResMut<Detail>,
) {
    // A scene that just came on closes the view: open it once it stands.
    if state.is_changed() {
        return;
    }
    let note = wall.note_ref(&open.0);
    if wall.note(&note).is_some() {
        info!("note {} opened (--open)", open.0);
        *detail = Detail { note: Some(note), last_touch: time.now(), message: String::new(), thanked_at: None };
        commands.remove_resource::<OpenAtStart>();
    }
}
