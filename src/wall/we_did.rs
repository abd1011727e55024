//! "You said, we did" that lasts: the done-history (`core::history`) kept
//! in `<data_dir>/we-did.json`, read at start, updated as notes become Done
//! on the wall (by their source or by a stand-up decision), and written
//! crash-safely whenever it changes.

use bevy::prelude::*;

use crate::core::history::DoneHistory;
use crate::store::state::StateFile;
use crate::wall::model::{DataDir, Wall};
use crate::wall::scenes::WallClock;
use crate::wall::shared::WallSystems;

/// The history, and the file it lives in (none without a data folder).
#[derive(Resource, Debug, Default)]
pub struct WeDid {
    pub history: DoneHistory,
    file: StateFile,
}

impl WeDid {
    /// Writes the history to its file, replacing it whole or not at all.
    pub fn save(&self) {
        self.file.save(&self.history);
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<WeDid>()
        .add_systems(Startup, load)
        .add_systems(Update, record_done.in_set(WallSystems::Record));
}

fn load(data_dir: Option<Res<DataDir>>, mut we_did: ResMut<WeDid>) {
    if let Some(data_dir) = data_dir {
        let (history, file) = StateFile::load(data_dir.0.join("we-did.json"), "the \"we did\" history");
        *we_did = WeDid { history, file };
    }
}

/// Notes on the wall that are Done now go into the history; checked when
/// the wall changes.
fn record_done(wall: Res<Wall>, clock: Res<WallClock>, mut we_did: ResMut<WeDid>) {
    if !wall.is_changed() {
        return;
    }
    let Some(snapshot) = wall.snapshot() else {
        return;
    };
    let done = snapshot.notes.iter().map(|note| (wall.note_ref(&note.id), note));
    if we_did.bypass_change_detection().history.observe(done, clock.now()) {
        we_did.set_changed();
        we_did.save();
    }
}
