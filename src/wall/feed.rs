//! Brings snapshots from the poller thread into the [`Wall`] resource.
//! Bad fetches keep the last good snapshot; skipped items are logged.

use std::sync::Mutex;
use std::sync::mpsc::TryRecvError;

use bevy::prelude::*;
use bevy::winit::EventLoopProxyWrapper;
use chrono::{DateTime, Utc};

use super::WallConfig;
use crate::core::health::Freshness;
use crate::core::model::{Commitment, Note, Snapshot};
use crate::core::privacy;
use crate::sources::{self, Cache, Outcome, SourceUpdate};

/// What the wall knows: the last good snapshot of each source, merged.
#[derive(Resource, Debug, Clone, Default)]
pub struct Wall {
    sources: Vec<SourceState>,
    merged: Option<Snapshot>,
    /// Statuses decided at the wall (stand-up mode), by source index and
    /// note id; they win over the source's own status.
    overrides: std::collections::HashMap<(usize, String), crate::core::model::Status>,
}

/// The last word from one source.
#[derive(Debug, Clone, Default)]
pub struct SourceState {
    pub name: String,
    pub last_good: Option<Snapshot>,
    pub last_error: Option<String>,
    pub skipped: usize,
    pub freshness: Freshness,
}

impl Wall {
    /// A wall showing one snapshot, as if one source had sent it.
    pub fn from_snapshot(snapshot: Snapshot) -> Wall {
        let mut wall = Wall::default();
        wall.set_snapshot(0, "snapshot", snapshot, 0);
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

    /// Applies what a source thread found. The snapshot was prepared
    /// (capped, masked) on that thread; nothing slow happens here.
    pub fn apply(&mut self, update: SourceUpdate, poll_seconds: u32, now: DateTime<Utc>) {
        self.apply_logged(update, poll_seconds, now, true);
    }

    /// [`Wall::apply`] without the log lines, for the soak run's 10,080 polls.
    pub fn apply_quietly(&mut self, update: SourceUpdate, poll_seconds: u32, now: DateTime<Utc>) {
        self.apply_logged(update, poll_seconds, now, false);
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

    fn apply_logged(&mut self, update: SourceUpdate, poll_seconds: u32, now: DateTime<Utc>, log: bool) {
        let index = update.source;
        let state = self.state_mut(index, &update.name);
        state.freshness.poll_seconds = poll_seconds;
        match update.outcome {
            Outcome::Fresh(parsed) => {
                for item in parsed.skipped.iter().filter(|_| log) {
                    warn!("{}: skipped {item}", update.name);
                }
                if log {
                    info!(
                        "{}: {} notes, {} commitments{}",
                        update.name,
                        parsed.snapshot.notes.len(),
                        parsed.snapshot.commitments.len(),
                        match parsed.skipped.len() {
                            0 => String::new(),
                            n => format!(", {n} items skipped"),
                        }
                    );
                }
                let state = self.state_mut(index, &update.name);
                state.freshness.last_success = Some(now);
                state.freshness.failing_since = None;
                self.set_snapshot(index, &update.name, parsed.snapshot, parsed.skipped.len());
            }
            Outcome::Unchanged => {
                state.freshness.last_success = Some(now);
                state.freshness.failing_since = None;
                state.last_error = None;
            }
            Outcome::Cached(parsed) => {
                if state.last_good.is_some() {
                    return; // A fresh answer came first.
                }
                info!(
                    "{}: showing {} cached notes from {}",
                    update.name,
                    parsed.snapshot.notes.len(),
                    parsed.snapshot.read_at
                );
                state.freshness.last_success = Some(parsed.snapshot.read_at);
                self.set_snapshot(index, &update.name, parsed.snapshot, 0);
            }
            Outcome::Failed(message) => {
                if log {
                    warn!("{message}");
                }
                state.freshness.failing_since.get_or_insert(now);
                state.last_error = Some(message);
            }
        }
    }

    /// True once every source has answered, well or not.
    pub fn has_heard_from_all(&self, expected: usize) -> bool {
        self.sources.len() >= expected && self.sources.iter().all(|s| s.last_good.is_some() || s.last_error.is_some())
    }

    /// Replaces what source `index` shows.
    pub fn set_snapshot(&mut self, index: usize, name: &str, snapshot: Snapshot, skipped: usize) {
        let state = self.state_mut(index, name);
        state.last_good = Some(snapshot);
        state.last_error = None;
        state.skipped = skipped;
        self.merge();
    }

    /// The id on the wall of note `id` of source `index`.
    pub fn wall_id(&self, index: usize, id: &str) -> String {
        if self.sources.len() > 1 { format!("{index}/{id}") } else { id.to_string() }
    }

    /// Sets the statuses decided at the wall; re-merges only on a change,
    /// and says whether there was one.
    pub fn set_overrides(
        &mut self,
        overrides: std::collections::HashMap<(usize, String), crate::core::model::Status>,
    ) -> bool {
        if overrides == self.overrides {
            return false;
        }
        self.overrides = overrides;
        self.merge();
        true
    }

    /// Where a note on the wall comes from: its source's index and its id
    /// in that source (ids carry "N/" in front when there are several).
    pub fn origin_of<'a>(&self, note_id: &'a str) -> (usize, &'a str) {
        if self.sources.len() > 1
            && let Some((index, id)) = note_id.split_once('/')
            && let Ok(index) = index.parse()
        {
            return (index, id);
        }
        (0, note_id)
    }

    /// Forgets sources beyond the first `count`, after a config reload that
    /// has fewer of them.
    pub fn keep_sources(&mut self, count: usize) {
        if self.sources.len() > count {
            self.sources.truncate(count);
            self.merge();
        }
    }

    /// Records a failure; the last good snapshot stays.
    pub fn set_error(&mut self, index: usize, name: &str, message: String) {
        self.state_mut(index, name).last_error = Some(message);
    }

    fn state_mut(&mut self, index: usize, name: &str) -> &mut SourceState {
        if self.sources.len() <= index {
            self.sources.resize_with(index + 1, SourceState::default);
        }
        let state = &mut self.sources[index];
        state.name = name.to_string();
        state
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
                let status = self.overrides.get(&(index, note.id.clone())).copied().unwrap_or(note.status);
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

/// The wall's end of the source threads.
#[derive(Resource)]
struct Inbox(Mutex<sources::Poller>);

pub fn plugin(app: &mut App) {
    app.init_resource::<Wall>()
        .init_resource::<super::BackgroundThreads>()
        .add_systems(Startup, start_sources)
        .add_systems(PreUpdate, (restart_sources, receive_updates.run_if(resource_exists::<Inbox>)).chain());
}

/// The data folder of this run; without it (headless tests) nothing is
/// cached.
#[derive(Resource, Debug, Clone)]
pub struct DataDir(pub std::path::PathBuf);

fn start_sources(
    mut commands: Commands,
    config: Res<WallConfig>,
    data_dir: Option<Res<DataDir>>,
    threads: Res<super::BackgroundThreads>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
) {
    let wake = super::waker(proxy.as_deref());
    let cache = data_dir.map(|dir| Cache::new(&dir.0));
    let rules = config.config().ingest_rules();
    match sources::spawn(sources::from_config(&config.0), cache, rules, &threads.0, wake) {
        Ok(poller) => {
            commands.insert_resource(Inbox(Mutex::new(poller)));
        }
        Err(err) => error!("cannot start the source threads, the wall stays empty: {err}"),
    }
}

/// A reloaded config with other sources, or other rules for preparing
/// their notes, gets new source threads; the old ones stop at their next
/// heartbeat. The notes on screen stay until the new threads answer (their
/// offline cache comes first); masking turned on masks them at once.
fn restart_sources(
    mut commands: Commands,
    config: Res<WallConfig>,
    data_dir: Option<Res<DataDir>>,
    threads: Res<super::BackgroundThreads>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
    mut wall: ResMut<Wall>,
    mut running: Local<Option<(Vec<crate::config::SourceConfig>, crate::core::ingest::Rules)>>,
) {
    if !config.is_changed() {
        return;
    }
    let wanted = (config.config().sources.clone(), config.config().ingest_rules());
    match running.as_ref() {
        None => *running = Some(wanted),
        Some(current) if *current == wanted => {}
        Some((_, rules)) => {
            info!("the sources or their rules changed; restarting the source threads");
            if wanted.1.mask && !rules.mask {
                wall.mask_all();
            }
            wall.keep_sources(wanted.0.len());
            *running = Some(wanted);
            start_sources(commands.reborrow(), config, data_dir, threads, proxy);
        }
    }
}

fn receive_updates(inbox: Res<Inbox>, config: Res<WallConfig>, mut wall: ResMut<Wall>) {
    let Ok(poller) = inbox.0.lock() else {
        return;
    };
    let config = config.config();
    loop {
        match poller.updates.try_recv() {
            Ok(update) => {
                let poll = config.sources.get(update.source).map(|s| s.poll_seconds()).unwrap_or(60);
                wall.apply(update, poll, Utc::now());
            }
            Err(TryRecvError::Empty) => break,
            Err(TryRecvError::Disconnected) => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::core::feed::Parsed;
    use crate::core::health::Health;

    fn update(source: usize, outcome: Outcome) -> SourceUpdate {
        SourceUpdate { source, name: format!("source {source}"), outcome }
    }

    fn fresh(ids: &[&str], read_at: DateTime<Utc>) -> Outcome {
        let mut snapshot = Snapshot::empty(read_at);
        for id in ids {
            let text = format!(
                r#"{{"version": 1, "notes": [{{"id": "{id}", "kind": "idea", "text": "mail a@b.nl", "created_at": "2026-11-20T09:30:00Z"}}]}}"#
            );
            if let Ok(parsed) = crate::core::feed::wall::parse(&text, crate::core::feed::wall::Syntax::Json, read_at) {
                snapshot.notes.extend(parsed.snapshot.notes);
            }
        }
        Outcome::Fresh(Parsed { snapshot, skipped: Vec::new() })
    }

    #[test]
    fn failures_keep_the_last_good_notes_and_health_follows() {
        let t0 = Utc::now();
        let mut wall = Wall::default();
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
        let mut wall = Wall::default();
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

    #[test]
    fn ids_of_several_sources_cannot_collide() {
        let t0 = Utc::now();
        let mut wall = Wall::default();
        wall.apply(update(0, fresh(&["42"], t0)), 60, t0);
        wall.apply(update(1, fresh(&["42"], t0)), 60, t0);
        let ids: Vec<String> =
            wall.snapshot().map(|s| s.notes.iter().map(|n| n.id.clone()).collect()).unwrap_or_default();
        assert_eq!(ids, ["0/42", "1/42"]);
    }
}
