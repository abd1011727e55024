//! The minutes of a stand-up: Markdown in `<data_dir>/standups/`, one
//! file per stand-up, never overwritten.

use bevy::prelude::*;

use crate::core::history::DoneNote;
use crate::core::standup::{self, Item};
use crate::wall::model::{DataDir, Wall};
use crate::wall::scenes::WallClock;
use crate::wall::scenes::standup::StandUp;
use crate::wall::shared::WallConfig;

/// The first free name of the day's minutes: `2026-11-23.md`, then
/// `2026-11-23-2.md` for a second stand-up that day, and so on; saved
/// minutes are never overwritten.
pub(crate) fn minutes_path(dir: &std::path::Path, date: chrono::NaiveDate) -> std::path::PathBuf {
    let first = dir.join(format!("{date}.md"));
    if !first.exists() {
        return first;
    }
    (2..).map(|n| dir.join(format!("{date}-{n}.md"))).find(|path| !path.exists()).unwrap_or(first)
}

/// The minutes of `standup` as Markdown, and as a QR code carries them
/// (whole when they fit, else a short list).
pub(crate) fn minutes_of(
    wall: &Wall,
    config: &WallConfig,
    language: crate::core::i18n::Language,
    clock: &WallClock,
    standup: &StandUp,
) -> (String, String) {
    let done: Vec<&DoneNote> = standup.done_since.iter().collect();
    let now = clock.now();
    let zone = config.zone();
    let items: Vec<Item<'_>> = standup
        .items
        .iter()
        .filter_map(|(id, votes)| {
            let note = wall.note(id)?;
            let topic = standup.topics.get(id).cloned();
            Some(Item { note, votes: *votes, decision: standup.decisions.get(id).copied(), topic })
        })
        .collect();
    let text = standup::minutes(zone.local(now).date(), zone.iso_week(now), &items, &done, language);
    let qr = standup::minutes_for_qr(&text, &items, language, standup::QR_BYTES);
    (text, qr)
}

/// Writes the minutes `text` to `<data_dir>/standups/<date>.md` (or the
/// next free name); returns the path, or why not.
pub(crate) fn save_minutes(
    text: &str,
    config: &WallConfig,
    clock: &WallClock,
    data_dir: Option<&DataDir>,
) -> Result<String, String> {
    let Some(data_dir) = data_dir else {
        return Err("no data folder".into());
    };
    let date = config.zone().local(clock.now()).date();
    let path = minutes_path(&data_dir.0.join("standups"), date);
    match crate::store::atomic::write_atomic(&path, text.as_bytes()) {
        Ok(()) => {
            info!("stand-up minutes saved to {}", path.display());
            Ok(path.display().to_string())
        }
        Err(err) => {
            error!("cannot save the stand-up minutes to {}: {err}", path.display());
            Err(err.to_string())
        }
    }
}

/// Journals the minutes for the team's webhook (the sender posts them
/// until it answers 2xx, also after a restart), named after their file.
pub(crate) fn post_later(
    book: Option<&mut crate::wall::voting::book::VoteBook>,
    saved: &Result<String, String>,
    text: String,
    at: chrono::DateTime<chrono::Utc>,
) {
    // The file's name and the moment: a name can come back (the day's file
    // moved away), the moment does not.
    let stem = match saved {
        Ok(path) => std::path::Path::new(path).file_stem().map(|stem| stem.to_string_lossy().into_owned()),
        Err(_) => None,
    };
    let id = format!("{}@{}", stem.unwrap_or_else(|| "minutes".into()), at.timestamp_millis());
    let record = crate::core::votes::Record::Minutes { id: id.clone(), text, at };
    match book.map(|book| book.record(&record)) {
        Some(Ok(())) => info!("the minutes {id} wait to be posted to the webhook"),
        Some(Err(err)) => error!("the minutes {id} cannot be kept for the webhook: {err}"),
        None => warn!("no vote journal: the minutes {id} are not posted to the webhook"),
    }
}
