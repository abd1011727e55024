//! The source threads: each configured source is read on a thread of its
//! own, on its own schedule, and what it finds goes to the wall over a
//! channel, so disk and network never block a frame, and one slow server
//! never holds up another source.

pub(crate) mod backoff;
pub(crate) mod cache;
mod delta;
pub(crate) mod file;
#[cfg(test)]
mod graph_tests;
pub(crate) mod heartbeat;
pub(crate) mod http;
mod links;
pub mod mapped;
#[cfg(test)]
mod mapped_tests;
pub(crate) mod remote;
pub(crate) mod signin;
pub(crate) mod uptime;
pub(crate) mod writeback;

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use cache::Cache;
pub use heartbeat::{Beat, Heartbeats, Pulse};

use crate::config::{Auth, LoadedConfig, Origin, SAMPLE_FEED, SAMPLE_FEED_NAME, SourceConfig, is_url};
use crate::core::feed::wall::Syntax;
use crate::core::feed::{FeedError, Parsed, csv, fider, wall};
use crate::core::ingest;
use crate::core::wall_model::{Outcome, SourceUpdate};

/// Turns the text a source delivered into a snapshot.
pub type Parser = Box<dyn Fn(&str, DateTime<Utc>) -> Result<Parsed, FeedError> + Send>;

/// One source the poller checks.
pub trait Source: Send {
    fn name(&self) -> String;
    fn interval(&self) -> Duration;
    /// Looks at the source. `None` means nothing worth telling the wall.
    fn poll(&mut self) -> Option<Outcome>;
    /// How long to wait before the next poll; sources that back off after
    /// failures say more than their interval here.
    fn next_poll(&self) -> Duration {
        self.interval()
    }
    /// Hands the source its thread's heartbeat, for a source whose one poll
    /// makes many requests (pages): it beats between them.
    fn keep_pulse(&mut self, _pulse: heartbeat::Pulse) {}
}

/// The parser of a wall feed file: RON for `.ron`, else JSON.
fn wall_feed_parser(syntax: Syntax) -> Parser {
    Box::new(move |text, read_at| wall::parse(text, syntax, read_at))
}

/// Builds the sources a config names, each with its stable key.
pub fn from_config(loaded: &LoadedConfig) -> Vec<(String, Box<dyn Source>)> {
    loaded.config.sources.iter().map(|source| (source.key(), build(loaded, source))).collect()
}

/// Reads every source once, as the wall would (prepared by the config's
/// rules), for `--check-config`: per source its name and the snapshot, or
/// why it could not be read.
pub fn read_once(loaded: &LoadedConfig) -> Vec<(String, Result<crate::core::model::Snapshot, String>)> {
    let rules = loaded.config.ingest_rules();
    from_config(loaded)
        .into_iter()
        .map(|(_, mut source)| {
            let read = match source.poll() {
                Some(Outcome::Fresh(mut parsed) | Outcome::Cached(mut parsed)) => {
                    ingest::prepare(&mut parsed.snapshot, rules);
                    Ok(parsed.snapshot)
                }
                Some(Outcome::Failed(message)) => Err(message),
                Some(Outcome::Unchanged) | None => Err("no answer".to_string()),
            };
            (source.name(), read)
        })
        .collect()
}

fn build(loaded: &LoadedConfig, source: &SourceConfig) -> Box<dyn Source> {
    let every = |seconds: u32| Duration::from_secs(u64::from(seconds));
    let key = || source.api_key().map(|secret| secret.read(&loaded.base_dir)).transpose();
    // Host and name, never a path or query (they can hold a key): this is
    // what logs, status.json and wall.prom show.
    let name = match source.name() {
        Some(name) => format!("{name}: {}", source.describe(&loaded.base_dir)),
        None => source.describe(&loaded.base_dir),
    };
    match source {
        SourceConfig::File { path, poll_seconds, .. } => {
            let uses_builtin_sample = loaded.origin == Origin::Embedded && path.as_os_str() == SAMPLE_FEED_NAME;
            Box::new(file::FileSource::new(
                loaded.resolve(path),
                every(*poll_seconds),
                wall_feed_parser(Syntax::from_path(path)),
                uses_builtin_sample.then_some(SAMPLE_FEED),
            ))
        }
        SourceConfig::Json { url, poll_seconds, .. } => remote::RemoteSource::start(
            name,
            url.clone(),
            key(),
            http::BodyKind::Json,
            every(*poll_seconds),
            wall_feed_parser(Syntax::Json),
        ),
        SourceConfig::Fider { url, poll_seconds, limit, .. } => {
            let mapping = source.fider_mapping().unwrap_or_default();
            let posts = format!("{}/api/v1/posts?view=all&limit={limit}", url.trim_end_matches('/'));
            remote::RemoteSource::start(
                name,
                posts,
                key(),
                http::BodyKind::Json,
                every(*poll_seconds),
                Box::new(move |text, read_at| fider::parse(text, &mapping, read_at)),
            )
        }
        SourceConfig::Mapped { url, poll_seconds, max_pages, auth, .. } => {
            let first = match auth {
                None => http::HttpGet::new(url.clone(), None, http::BodyKind::Json),
                Some(auth) => auth.secret().read(&loaded.base_dir).and_then(|secret| {
                    let get = |bearer| http::HttpGet::new(url.clone(), bearer, http::BodyKind::Json);
                    Ok(match auth {
                        Auth::Bearer(_) => get(Some(secret))?,
                        Auth::Basic(user, _) => get(None)?.with_basic_auth(user.clone(), secret),
                        Auth::BasicKey(_, password) => get(None)?.with_basic_auth(secret, password.clone()),
                    })
                }),
            };
            let mapping = mapped::mapping_of(source).unwrap_or_default();
            Box::new(mapped::MappedSource::new(name, first, mapping, *max_pages, every(*poll_seconds)))
        }
        SourceConfig::MicrosoftList(list) => {
            Box::new(mapped::microsoft_list(name, list, list.client_secret.read(&loaded.base_dir)))
        }
        SourceConfig::Csv { from, poll_seconds, columns, default_kind, timestamp_format, .. } => {
            let mapping = SourceConfig::csv_mapping(columns, *default_kind, timestamp_format, loaded.zone());
            let parser: Parser = Box::new(move |text, read_at| csv::parse(text, &mapping, read_at));
            if is_url(from) {
                remote::RemoteSource::start(
                    name,
                    from.clone(),
                    Ok(None),
                    http::BodyKind::Csv,
                    every(*poll_seconds),
                    parser,
                )
            } else {
                Box::new(file::FileSource::new(loaded.resolve(from.as_ref()), every(*poll_seconds), parser, None))
            }
        }
    }
}

/// Wakes the wall's event loop; shared by every background thread.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// The longest a source thread may go without a heartbeat: a fetch ends
/// within [`http::REQUEST_TIMEOUT`] plus one read wait and the connect
/// timeout, and the thread beats before and after it.
pub const SOURCE_ALLOWANCE: Duration = Duration::from_secs(120);

/// The wall's end of the source threads. Dropping it tells every thread
/// to stop at its next heartbeat.
pub struct Poller {
    pub updates: Receiver<SourceUpdate>,
    stop: Arc<AtomicBool>,
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Starts one thread per source, so a slow or hung source never holds up
/// another. Each thread sends its offline cache first, then polls on its
/// own schedule; every snapshot is prepared (capped, masked, de-duplicated)
/// on that thread, before the cache and before the wall. `wake` is called
/// after each message that is news (see [`wakes_the_wall`]) so a sleeping
/// event loop picks it up at once.
pub fn spawn(
    sources: Vec<(String, Box<dyn Source>)>,
    cache: Option<Cache>,
    rules: ingest::Rules,
    beats: &Heartbeats,
    wake: Waker,
) -> std::io::Result<Poller> {
    let (sender, updates) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    for (index, (key, mut source)) in sources.into_iter().enumerate() {
        let name = source.name();
        let cache_path = cache.as_ref().map(|cache| cache.path(&key));
        let beat = beats.register(&format!("source {name}"), SOURCE_ALLOWANCE);
        source.keep_pulse(beat.pulse());
        let thread = SourceThread {
            index,
            key,
            source,
            cache: cache.clone().zip(cache_path),
            rules,
            beat,
            sender: sender.clone(),
            wake: wake.clone(),
            stop: stop.clone(),
            logged: HashSet::new(),
            fresh: false,
        };
        thread::Builder::new().name(format!("wall-source-{index}")).spawn(move || thread.run())?;
    }
    Ok(Poller { updates, stop })
}

/// Whether an outcome wakes a sleeping wall. "Unchanged" after good news
/// changes nothing on screen, and the wall hears it on its next frame (at
/// least one a minute, the clock's): where the processor draws, a frame
/// for every poll cost tens of milliseconds. After a failure or cached
/// data it wakes the wall, which then shows that the source is back.
fn wakes_the_wall(fresh_before: bool, outcome: &Outcome) -> bool {
    !(fresh_before && matches!(outcome, Outcome::Unchanged))
}

/// One source's thread.
struct SourceThread {
    index: usize,
    key: String,
    source: Box<dyn Source>,
    cache: Option<(Cache, std::path::PathBuf)>,
    rules: ingest::Rules,
    beat: Beat,
    sender: Sender<SourceUpdate>,
    wake: Waker,
    stop: Arc<AtomicBool>,
    /// Note ids already logged as cut or repeated, so each is logged once.
    logged: HashSet<String>,
    /// The last outcome sent was good news (fresh or unchanged data).
    fresh: bool,
}

impl SourceThread {
    fn run(mut self) {
        // The last good data first, so a wall that boots offline is never
        // empty. It is prepared again: the rules may have changed since.
        if let Some(mut parsed) = self.cache.as_ref().and_then(|(cache, path)| cache.load(path)) {
            ingest::prepare(&mut parsed.snapshot, self.rules);
            if !self.send(Outcome::Cached(parsed)) {
                return;
            }
        }
        loop {
            self.beat.beat();
            let outcome = self.source.poll();
            self.beat.beat();
            let outcome = match outcome {
                Some(Outcome::Fresh(mut parsed)) => {
                    let report = ingest::prepare(&mut parsed.snapshot, self.rules);
                    self.log_once(&report);
                    // A thread told to stop (a reload) leaves the cache to
                    // its successor.
                    if let Some((cache, path)) = self.cache.as_ref().filter(|_| !self.stop.load(Ordering::Relaxed))
                        && let Err(err) = cache.save(path, &parsed.snapshot)
                    {
                        bevy::log::warn!("cannot write the offline cache {}: {err}", path.display());
                    }
                    Some(Outcome::Fresh(parsed))
                }
                other => other,
            };
            if let Some(outcome) = outcome
                && !self.send(outcome)
            {
                return;
            }
            let stop = self.stop.clone();
            // Spread ±10 %: a fleet started together does not poll in step.
            let wait = backoff::spread(self.source.next_poll(), backoff::jitter());
            if !self.beat.sleep(wait, || !stop.load(Ordering::Relaxed)) {
                return;
            }
        }
    }

    /// Sends to the wall; false once the wall has gone.
    fn send(&mut self, outcome: Outcome) -> bool {
        if self.stop.load(Ordering::Relaxed) {
            return false;
        }
        let wake = wakes_the_wall(self.fresh, &outcome);
        self.fresh = matches!(outcome, Outcome::Fresh(_) | Outcome::Unchanged);
        let update = SourceUpdate { source: self.index, key: self.key.clone(), name: self.source.name(), outcome };
        if self.sender.send(update).is_err() {
            return false;
        }
        if wake {
            (self.wake)();
        }
        true
    }

    fn log_once(&mut self, report: &ingest::Report) {
        let name = self.source.name();
        for id in &report.cut {
            if self.logged.insert(format!("cut {id}")) {
                bevy::log::warn!(
                    "{name}: note {id} is longer than {} characters; the wall shows it cut at a word",
                    self.rules.max_note_chars
                );
            }
        }
        for id in &report.duplicates {
            if self.logged.insert(format!("twice {id}")) {
                bevy::log::warn!("{name}: the id {id} appears more than once; the wall shows the last one");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;
    use crate::core::feed::wall::{self, Syntax};

    /// A quiet feed file is polled every few seconds. Once "unchanged"
    /// counted as a good poll, each poll would have woken the wall for a
    /// frame that changes nothing; only news wakes it.
    #[test]
    fn only_news_wakes_the_wall() -> Result<(), Box<dyn std::error::Error>> {
        let path = std::env::temp_dir().join(format!("wall-wakes-{}.json", std::process::id()));
        std::fs::write(&path, r#"{"version": 1, "notes": [{"id": "1", "kind": "idea", "text": "x"}]}"#)?;
        let parser: Parser = Box::new(|text, read_at| wall::parse(text, Syntax::Json, read_at));
        let source = file::FileSource::new(path.clone(), Duration::from_millis(20), parser, None);
        let wakes = Arc::new(AtomicUsize::new(0));
        let counted = wakes.clone();
        let waker: Waker = Arc::new(move || {
            counted.fetch_add(1, Ordering::Relaxed);
        });
        let beats = Heartbeats::default();
        let poller = spawn(vec![("file".into(), Box::new(source))], None, ingest::Rules::default(), &beats, waker)?;
        let mut outcomes = Vec::new();
        while outcomes.len() < 4 {
            outcomes.push(poller.updates.recv_timeout(Duration::from_secs(10))?.outcome);
        }
        assert!(matches!(outcomes[0], Outcome::Fresh(_)), "{:?}", outcomes[0]);
        assert!(outcomes[1..].iter().all(|o| matches!(o, Outcome::Unchanged)), "{outcomes:?}");
        assert_eq!(wakes.load(Ordering::Relaxed), 1, "the news woke the wall, the quiet polls did not");
        assert!(wakes_the_wall(false, &Outcome::Unchanged), "back after a failure: the wall shows it at once");
        assert!(wakes_the_wall(true, &Outcome::Failed("gone".into())));
        drop(poller);
        let _ = std::fs::remove_file(&path);
        Ok(())
    }
}
