//! The poller thread: reads every configured source on its own schedule and
//! sends what it finds to the wall over a channel, so disk and network never
//! block a frame.

pub mod file;

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};

use crate::config::{LoadedConfig, Origin, SAMPLE_FEED, SAMPLE_FEED_NAME, SourceConfig};
use crate::core::feed::Parsed;

/// What one look at a source found.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A new snapshot, possibly with skipped items.
    Fresh(Parsed),
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
    /// Looks at the source. `None` means nothing changed since last time.
    fn poll(&mut self) -> Option<Outcome>;
}

/// Builds the sources a config names.
pub fn from_config(loaded: &LoadedConfig) -> Vec<Box<dyn Source>> {
    loaded
        .config
        .sources
        .iter()
        .map(|source| -> Box<dyn Source> {
            match source {
                SourceConfig::File { path, poll_seconds } => {
                    let uses_builtin_sample =
                        loaded.origin == Origin::Embedded && path.as_os_str() == SAMPLE_FEED_NAME;
                    Box::new(file::FileSource::new(
                        loaded.resolve(path),
                        Duration::from_secs(u64::from(*poll_seconds)),
                        uses_builtin_sample.then_some(SAMPLE_FEED),
                    ))
                }
            }
        })
        .collect()
}

/// Starts the poller thread. `wake` is called after each message so a
/// sleeping event loop picks it up at once. The thread ends when the
/// receiver is dropped.
pub fn spawn(
    mut sources: Vec<Box<dyn Source>>,
    wake: Box<dyn Fn() + Send>,
) -> std::io::Result<Receiver<SourceUpdate>> {
    let (sender, receiver) = mpsc::channel();
    thread::Builder::new()
        .name("wall-sources".into())
        .spawn(move || run(&mut sources, &sender, &*wake))?;
    Ok(receiver)
}

fn run(sources: &mut [Box<dyn Source>], sender: &Sender<SourceUpdate>, wake: &dyn Fn()) {
    let mut due: Vec<Instant> = vec![Instant::now(); sources.len()];
    loop {
        let now = Instant::now();
        for (index, source) in sources.iter_mut().enumerate() {
            if due[index] > now {
                continue;
            }
            due[index] = now + source.interval();
            if let Some(outcome) = source.poll() {
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
