//! "You said, we did" that lasts: the done-history (`core::history`) kept
//! in `<data_dir>/we-did.json`, read at start, updated as notes become Done
//! on the wall (by their source or by a stand-up decision), and written
//! crash-safely whenever it changes.

use std::path::PathBuf;

use bevy::prelude::*;

use crate::core::history::DoneHistory;
use crate::wall::model::{DataDir, Wall};
use crate::wall::scenes::WallClock;

/// The history, and the file it lives in (none without a data folder).
#[derive(Resource, Debug, Default)]
pub struct WeDid {
    pub history: DoneHistory,
    file: Option<PathBuf>,
}

impl WeDid {
    /// Writes the history to its file, replacing it whole or not at all.
    pub fn save(&self) {
        let Some(file) = &self.file else {
            return;
        };
        if let Err(err) = crate::store::atomic::write_atomic(file, self.history.to_json().as_bytes()) {
            warn!("cannot save the \"we did\" history to {}: {err}", file.display());
        }
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<WeDid>().add_systems(Startup, load).add_systems(Update, record_done);
}

fn load(data_dir: Option<Res<DataDir>>, mut we_did: ResMut<WeDid>) {
    let Some(data_dir) = data_dir else {
        return;
    };
    let file = data_dir.0.join("we-did.json");
    match std::fs::read_to_string(&file) {
        Ok(text) => match DoneHistory::from_json(&text) {
            Ok(history) => {
                info!("\"we did\" history: {} notes done", history.done.len());
                we_did.history = history;
            }
            // A damaged file starts a new history rather than a blank wall;
            // the old one is kept beside it for a person to look at.
            Err(err) => {
                warn!("the \"we did\" history {} is unreadable ({err}); starting a new one", file.display());
                let _ = std::fs::rename(&file, file.with_extension("json.damaged"));
            }
        },
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        // Unreadable for another reason (permissions, a disk error): it is
        // left alone, and not written over, until the next start.
        Err(err) => {
            warn!("cannot read the \"we did\" history {}: {err}; not saving it until the next start", file.display());
            return;
        }
    }
    we_did.file = Some(file);
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
