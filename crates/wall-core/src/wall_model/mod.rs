//! What the wall knows, as plain data: the last good snapshot of each
//! source merged into one, the statuses decided at the wall and the votes
//! cast here (the notes done lately are `history`'s). The Bevy side only wraps it
//! (`wall::model`); everything here is tested without a window.
//!
//! A note is named by its source's stable key and its own id
//! ([`NoteRef`]). On a wall of several sources the merged snapshot gives
//! ids the source's slot in front ("1/42") so two sources' "42" stay two
//! notes; [`WallModel::note_ref`] and [`WallModel::wall_id`] translate.
//!
//! The messages a source thread sends and the reports for the log are in
//! `update`; what the vote journal adds (decisions and local votes) is in
//! `local`.

mod local;
mod update;

pub use update::{Outcome, Report, SourceUpdate};

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::clock::Week;
use crate::health::Freshness;
use crate::model::{Commitment, Note, NoteRef, Snapshot, Status};
use crate::privacy;
use crate::votes::Tallies;

/// What the wall knows: the last good snapshot of each source, merged,
/// with what was decided and voted at the wall.
#[derive(Debug, Clone, Default)]
pub struct WallModel {
    sources: Vec<SourceState>,
    merged: Option<Snapshot>,
    /// Statuses decided at the wall (stand-up mode), by note; they win over
    /// the source's own status.
    overrides: HashMap<NoteRef, Status>,
    local: LocalVotes,
    /// What the stand-up decided about stories (topics by hand, notes
    /// kept apart), by note.
    stories: crate::topics::Stories,
}

/// The votes cast on this wall per note, counted in one ISO week.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct LocalVotes {
    tallies: Tallies,
    week: Option<Week>,
    /// Votes their source confirmed (source, note, when), still counted
    /// here until the source's count is read after that moment.
    confirmed: Vec<(String, String, chrono::DateTime<chrono::Utc>)>,
}

/// The last word from one source.
#[derive(Debug, Clone, Default)]
pub struct SourceState {
    /// The source's stable key (`config::SourceConfig::key`).
    pub key: String,
    pub name: String,
    pub last_good: Option<Snapshot>,
    pub last_error: Option<String>,
    pub skipped: usize,
    /// `Some(n)`: the last read stopped at `max_pages` (n) with more pages
    /// left (see `Parsed::first_pages`).
    pub first_pages: Option<usize>,
    pub freshness: Freshness,
}

impl WallModel {
    /// A wall showing one snapshot, as if one source had sent it.
    pub fn from_snapshot(snapshot: Snapshot) -> WallModel {
        let mut wall = WallModel::default();
        let index = wall.slot(0, "snapshot", "snapshot");
        wall.set_snapshot(index, snapshot, 0);
        wall
    }

    /// The merged snapshot of all sources, once any source has answered.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.merged.as_ref()
    }

    pub fn sources(&self) -> &[SourceState] {
        &self.sources
    }

    pub fn freshness(&self) -> Vec<Freshness> {
        self.sources.iter().map(|s| s.freshness).collect()
    }

    /// Applies what a source thread found, and says what happened for the
    /// log. The snapshot was prepared (capped, masked) on that thread;
    /// nothing slow happens here.
    pub fn apply(&mut self, update: SourceUpdate, poll_seconds: u32, now: DateTime<Utc>) -> Vec<Report> {
        let index = self.slot(update.source, &update.key, &update.name);
        let state = &mut self.sources[index];
        state.freshness.poll_seconds = poll_seconds;
        let source = update.name;
        match update.outcome {
            Outcome::Fresh(parsed) => {
                let mut reports: Vec<Report> = parsed
                    .skipped
                    .iter()
                    .map(|item| Report::Skipped { source: source.clone(), item: item.to_string() })
                    .collect();
                reports.push(Report::Fresh {
                    source,
                    notes: parsed.snapshot.notes.len(),
                    commitments: parsed.snapshot.commitments.len(),
                    skipped: parsed.skipped.len(),
                });
                state.freshness.last_success = Some(now);
                state.freshness.failing_since = None;
                state.first_pages = parsed.first_pages;
                self.set_snapshot(index, parsed.snapshot, parsed.skipped.len());
                reports
            }
            Outcome::Unchanged => {
                state.freshness.last_success = Some(now);
                state.freshness.failing_since = None;
                state.last_error = None;
                Vec::new()
            }
            Outcome::Cached(parsed) => {
                if state.last_good.is_some() {
                    return Vec::new(); // A fresh answer came first.
                }
                let report =
                    Report::Cached { source, notes: parsed.snapshot.notes.len(), read_at: parsed.snapshot.read_at };
                state.freshness.last_success = Some(parsed.snapshot.read_at);
                self.set_snapshot(index, parsed.snapshot, 0);
                vec![report]
            }
            Outcome::Failed(message) => {
                state.freshness.failing_since.get_or_insert(now);
                state.last_error = Some(message.clone());
                vec![Report::Failed(message)]
            }
        }
    }

    /// Masks what every source shows now: masking was turned on by a
    /// config reload, and the notes on screen must not wait for the next
    /// poll.
    pub fn mask_all(&mut self) {
        for state in &mut self.sources {
            if let Some(snapshot) = &mut state.last_good {
                privacy::mask_snapshot(snapshot);
            }
        }
        self.merge();
    }

    /// True once every source has answered, well or not.
    pub fn has_heard_from_all(&self, expected: usize) -> bool {
        self.sources.len() >= expected && self.sources.iter().all(|s| s.last_good.is_some() || s.last_error.is_some())
    }

    /// Replaces what the source in slot `index` shows.
    pub fn set_snapshot(&mut self, index: usize, snapshot: Snapshot, skipped: usize) {
        let Some(state) = self.sources.get_mut(index) else {
            return;
        };
        state.last_good = Some(snapshot);
        state.last_error = None;
        state.skipped = skipped;
        self.merge();
    }

    /// The note `note` names, as the wall shows it now (with its status
    /// and its id on the wall), wherever its source has moved.
    pub fn note(&self, note: &NoteRef) -> Option<&Note> {
        let id = self.wall_id(note)?;
        self.merged.as_ref()?.notes.iter().find(|n| n.id == id)
    }

    /// The id on the wall of a note, while its source is on the wall.
    pub fn wall_id(&self, note: &NoteRef) -> Option<String> {
        let index = self.sources.iter().position(|s| s.key == note.source)?;
        Some(if self.sources.len() > 1 { format!("{index}/{}", note.id) } else { note.id.clone() })
    }

    /// Which note of which source a note on the wall is. Ids on a wall of
    /// several sources carry the slot's number in front ("1/42"); the
    /// number is only ever read back here, and the source is named by its
    /// stable key from then on.
    pub fn note_ref(&self, wall_id: &str) -> NoteRef {
        let (index, id) = match wall_id.split_once('/') {
            Some((index, id)) if self.sources.len() > 1 => match index.parse::<usize>() {
                Ok(index) => (index, id),
                Err(_) => (0, wall_id),
            },
            _ => (0, wall_id),
        };
        let source = self.sources.get(index).map(|s| s.key.clone()).unwrap_or_default();
        NoteRef { source, id: id.to_string() }
    }

    /// Puts the sources in the order of `keys` (a reloaded config), each
    /// keeping what it showed; sources no longer listed are forgotten.
    pub fn follow_sources(&mut self, keys: &[String]) {
        let mut old = std::mem::take(&mut self.sources);
        self.sources = keys
            .iter()
            .map(|key| match old.iter().position(|s| &s.key == key) {
                Some(at) => old.swap_remove(at),
                None => SourceState { key: key.clone(), ..SourceState::default() },
            })
            .collect();
        self.merge();
    }

    /// The slot of the source `key`: where it is now, or else `index`.
    fn slot(&mut self, index: usize, key: &str, name: &str) -> usize {
        let index = match self.sources.iter().position(|s| s.key == key) {
            Some(at) => at,
            None => {
                if self.sources.len() <= index {
                    self.sources.resize_with(index + 1, SourceState::default);
                }
                self.sources[index].key = key.to_string();
                index
            }
        };
        self.sources[index].name = name.to_string();
        index
    }

    fn merge(&mut self) {
        if self.sources.iter().all(|s| s.last_good.is_none()) {
            self.merged = None;
            return;
        }
        // With several sources, ids get the source's number in front, so
        // two sources' "42" stay two notes.
        let namespaced = self.sources.len() > 1;
        let mut merged = Snapshot::empty(DateTime::<Utc>::MIN_UTC);
        for (index, state) in self.sources.iter().enumerate() {
            let Some(snapshot) = &state.last_good else {
                continue;
            };
            let prefix = |id: &str| {
                if namespaced { format!("{index}/{id}") } else { id.to_string() }
            };
            merged.notes.extend(snapshot.notes.iter().map(|note| {
                let decided = NoteRef { source: state.key.clone(), id: note.id.clone() };
                let status = self.overrides.get(&decided).copied().unwrap_or(note.status);
                Note { id: prefix(&note.id), status, ..note.clone() }
            }));
            merged
                .commitments
                .extend(snapshot.commitments.iter().map(|c| Commitment { id: prefix(&c.id), ..c.clone() }));
            merged.read_at = merged.read_at.max(snapshot.read_at);
        }
        self.merged = Some(merged);
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::feed::Parsed;
    use crate::health::Health;

    fn update(source: usize, outcome: Outcome) -> SourceUpdate {
        SourceUpdate { source, key: format!("source-{source}"), name: format!("source {source}"), outcome }
    }

    pub(super) fn fresh(ids: &[&str], read_at: DateTime<Utc>) -> Outcome {
        let mut snapshot = Snapshot::empty(read_at);
        for id in ids {
            let text = format!(
                r#"{{"version": 1, "notes": [{{"id": "{id}", "kind": "idea", "text": "mail a@b.nl", "created_at": "2026-11-20T09:30:00Z"}}]}}"#
            );
            if let Ok(parsed) = crate::feed::wall::parse(&text, crate::feed::wall::Syntax::Json, read_at) {
                snapshot.notes.extend(parsed.snapshot.notes);
            }
        }
        Outcome::Fresh(Parsed { snapshot, skipped: Vec::new(), first_pages: None })
    }

    #[test]
    fn failures_keep_the_last_good_notes_and_health_follows() {
        let t0 = Utc::now();
        let mut wall = WallModel::default();
        wall.apply(update(0, fresh(&["a", "b"], t0)), 60, t0);
        wall.mask_all();
        assert_eq!(wall.snapshot().map(|s| s.notes.len()), Some(2));
        assert_eq!(wall.snapshot().map(|s| s.notes[0].text.as_str()), Some("mail a***@…"), "masked");
        assert_eq!(wall.freshness()[0].health(t0), Health::Online);

        let t1 = t0 + Duration::seconds(60);
        wall.apply(update(0, Outcome::Failed("down".into())), 60, t1);
        assert_eq!(wall.snapshot().map(|s| s.notes.len()), Some(2), "the notes stay");
        assert_eq!(wall.freshness()[0].health(t1), Health::Offline);
        wall.apply(update(0, Outcome::Failed("still down".into())), 60, t1 + Duration::seconds(30));
        assert_eq!(wall.freshness()[0].failing_since, Some(t1), "offline since the first failure");

        let t2 = t1 + Duration::seconds(120);
        wall.apply(update(0, Outcome::Unchanged), 60, t2);
        assert_eq!(wall.freshness()[0].health(t2), Health::Online);
        assert_eq!(wall.freshness()[0].health(t2 + Duration::minutes(10)), Health::Stale);
    }

    #[test]
    fn the_cache_shows_first_and_never_overrides_fresh_data() {
        let t0 = Utc::now();
        let mut wall = WallModel::default();
        let cached = match fresh(&["old"], t0 - Duration::hours(5)) {
            Outcome::Fresh(parsed) => parsed,
            _ => return,
        };
        wall.apply(update(0, Outcome::Cached(cached.clone())), 60, t0);
        assert_eq!(wall.snapshot().map(|s| s.notes[0].id.as_str()), Some("old"));
        assert_eq!(wall.freshness()[0].last_success, Some(t0 - Duration::hours(5)), "the age is the cache's");
        wall.apply(update(0, fresh(&["new"], t0)), 60, t0);
        wall.apply(update(0, Outcome::Cached(cached)), 60, t0);
        assert_eq!(wall.snapshot().map(|s| s.notes[0].id.as_str()), Some("new"));
    }

    /// Votes, decisions and the cache were kept by a source's position: a
    /// source inserted in front credited them to another source.
    #[test]
    fn a_source_moved_in_the_config_keeps_its_notes_and_decisions() {
        use crate::model::Status;
        let t0 = Utc::now();
        let mut wall = WallModel::default();
        let keyed = |key: &str, index: usize, ids: &[&str]| SourceUpdate {
            source: index,
            key: key.into(),
            name: key.into(),
            outcome: fresh(ids, t0),
        };
        wall.apply(keyed("fider", 0, &["42"]), 60, t0);
        wall.apply(keyed("feed.json", 1, &["42"]), 60, t0);
        let fider_42 = wall.note_ref("0/42");
        assert_eq!(fider_42, NoteRef { source: "fider".into(), id: "42".into() });
        wall.set_overrides(HashMap::from([(fider_42.clone(), Status::Done)]));

        // A new source in front, the old two swapped.
        wall.follow_sources(&["csv".into(), "feed.json".into(), "fider".into()]);
        let moved = wall.wall_id(&fider_42).unwrap_or_default();
        assert_eq!(moved, "2/42");
        assert_eq!(wall.note(&fider_42).map(|n| n.id.as_str()), Some("2/42"), "found where it moved");
        assert_eq!(wall.note_ref(&moved), fider_42);
        let status = |wall: &WallModel, id: &str| {
            wall.snapshot().and_then(|s| s.notes.iter().find(|n| n.id == id)).map(|n| n.status)
        };
        assert_eq!(status(&wall, "2/42"), Some(Status::Done), "the decision follows the source");
        assert_eq!(status(&wall, "1/42"), Some(Status::New), "and stays off the other source's 42");
        // An update from a thread started before the move lands by key.
        wall.apply(keyed("fider", 0, &["42", "43"]), 60, t0);
        assert_eq!(wall.sources()[2].last_good.as_ref().map(|s| s.notes.len()), Some(2));
        assert!(wall.sources()[0].last_good.is_none(), "the new source has not answered yet");
    }

    #[test]
    fn ids_of_several_sources_cannot_collide() {
        let t0 = Utc::now();
        let mut wall = WallModel::default();
        wall.apply(update(0, fresh(&["42"], t0)), 60, t0);
        wall.apply(update(1, fresh(&["42"], t0)), 60, t0);
        let ids: Vec<String> =
            wall.snapshot().map(|s| s.notes.iter().map(|n| n.id.clone()).collect()).unwrap_or_default();
        assert_eq!(ids, ["0/42", "1/42"]);
    }
}
