//! The poller thread: reads every configured source on its own schedule and
//! sends what it finds to the wall over a channel, so disk and network never
//! block a frame.

pub mod backoff;
pub mod cache;
pub mod file;
pub mod http;
pub mod remote;
pub mod writeback;

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

pub use cache::Cache;

use crate::config::{LoadedConfig, Origin, SAMPLE_FEED, SAMPLE_FEED_NAME, SourceConfig, is_url};
use crate::core::feed::wall::Syntax;
use crate::core::feed::{FeedError, Parsed, csv, fider, wall};

/// Turns the text a source delivered into a snapshot.
pub type Parser = Box<dyn Fn(&str, DateTime<Utc>) -> Result<Parsed, FeedError> + Send>;

/// What one look at a source found.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A new snapshot, possibly with skipped items.
    Fresh(Parsed),
    /// The source answered that nothing changed (HTTP 304, same body).
    Unchanged,
    /// The last good snapshot from the offline cache, sent before the
    /// first fetch; its `read_at` is when it was fetched.
    Cached(Parsed),
    /// The source could not be read or parsed; the wall keeps what it has.
    Failed(String),
}

/// A message from the poller to the wall.
#[derive(Debug, Clone)]
pub struct SourceUpdate {
    /// Index of the source in the config's `sources` list.
    pub source: usize,
    /// A short name for logs: the file name or host.
    pub name: String,
    pub outcome: Outcome,
}

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
}

/// The parser of a wall feed file: RON for `.ron`, else JSON.
fn wall_feed_parser(syntax: Syntax) -> Parser {
    Box::new(move |text, read_at| wall::parse(text, syntax, read_at))
}

/// Builds the sources a config names.
pub fn from_config(loaded: &LoadedConfig) -> Vec<Box<dyn Source>> {
    loaded.config.sources.iter().map(|source| build(loaded, source)).collect()
}

fn build(loaded: &LoadedConfig, source: &SourceConfig) -> Box<dyn Source> {
    let every = |seconds: u32| Duration::from_secs(u64::from(seconds));
    let key = || source.api_key().map(|secret| secret.read(&loaded.base_dir)).transpose();
    let name = source.describe(&loaded.base_dir);
    match source {
        SourceConfig::File { path, poll_seconds } => {
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
        SourceConfig::Fider { url, poll_seconds, default_kind, team_tag_prefix, limit, .. } => {
            let mapping = SourceConfig::fider_mapping(*default_kind, team_tag_prefix);
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
        SourceConfig::Csv { from, poll_seconds, columns, default_kind, timestamp_format } => {
            let mapping = SourceConfig::csv_mapping(columns, *default_kind, timestamp_format);
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

/// Starts the poller thread. `wake` is called after each message so a
/// sleeping event loop picks it up at once. The thread ends when the
/// receiver is dropped.
pub fn spawn(
    mut sources: Vec<Box<dyn Source>>,
    cache: Option<Cache>,
    wake: Box<dyn Fn() + Send>,
) -> std::io::Result<Receiver<SourceUpdate>> {
    let (sender, receiver) = mpsc::channel();
    thread::Builder::new()
        .name("wall-sources".into())
        .spawn(move || run(&mut sources, cache.as_ref(), &sender, &*wake))?;
    Ok(receiver)
}

fn run(sources: &mut [Box<dyn Source>], cache: Option<&Cache>, sender: &Sender<SourceUpdate>, wake: &dyn Fn()) {
    let cache_paths: Vec<Option<std::path::PathBuf>> = sources
        .iter()
        .enumerate()
        .map(|(index, source)| cache.map(|cache| cache.path(index, &source.name())))
        .collect();
    // The last good data first, so a wall that boots offline is never empty.
    for (index, source) in sources.iter().enumerate() {
        let cached = cache.zip(cache_paths[index].as_ref()).and_then(|(cache, path)| cache.load(path));
        if let Some(parsed) = cached {
            let update = SourceUpdate { source: index, name: source.name(), outcome: Outcome::Cached(parsed) };
            if sender.send(update).is_err() {
                return;
            }
            wake();
        }
    }
    let mut due: Vec<Instant> = vec![Instant::now(); sources.len()];
    loop {
        let now = Instant::now();
        for (index, source) in sources.iter_mut().enumerate() {
            if due[index] > now {
                continue;
            }
            let outcome = source.poll();
            due[index] = Instant::now() + source.next_poll();
            if let (Some(Outcome::Fresh(parsed)), Some(cache), Some(path)) = (&outcome, cache, &cache_paths[index])
                && let Err(err) = cache.save(path, &parsed.snapshot)
            {
                bevy::log::warn!("cannot write the offline cache {}: {err}", path.display());
            }
            if let Some(outcome) = outcome {
                let update = SourceUpdate { source: index, name: source.name(), outcome };
                if sender.send(update).is_err() {
                    return; // The wall has shut down.
                }
                wake();
            }
        }
        let next = due.iter().min().copied().unwrap_or(now + Duration::from_secs(1));
        thread::sleep(next.saturating_duration_since(Instant::now()).max(Duration::from_millis(50)));
    }
}
