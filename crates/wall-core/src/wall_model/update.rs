//! The messages between a source thread and the wall: what one look at a
//! source found, and what applying it did, for the log.

use std::fmt;

use chrono::{DateTime, Utc};

use crate::feed::Parsed;

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

/// A message from a source thread to the wall.
#[derive(Debug, Clone)]
pub struct SourceUpdate {
    /// Index of the source in the config's `sources` list when the thread
    /// started.
    pub source: usize,
    /// The source's stable key (`config::SourceConfig::key`).
    pub key: String,
    /// A short name for logs: the file name or host.
    pub name: String,
    pub outcome: Outcome,
}

/// What applying an update did, for the log.
#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    /// An item of a fresh snapshot was skipped, and why.
    Skipped {
        source: String,
        item: String,
    },
    Fresh {
        source: String,
        notes: usize,
        commitments: usize,
        skipped: usize,
    },
    /// The offline cache is on the wall until the source answers.
    Cached {
        source: String,
        notes: usize,
        read_at: DateTime<Utc>,
    },
    /// The source failed; the message names it.
    Failed(String),
}

impl Report {
    /// Whether the report is a warning rather than news.
    pub fn is_warning(&self) -> bool {
        matches!(self, Report::Skipped { .. } | Report::Failed(_))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Report::Skipped { source, item } => write!(f, "{source}: skipped {item}"),
            Report::Fresh { source, notes, commitments, skipped } => {
                write!(f, "{source}: {notes} notes, {commitments} commitments")?;
                match skipped {
                    0 => Ok(()),
                    n => write!(f, ", {n} items skipped"),
                }
            }
            Report::Cached { source, notes, read_at } => {
                write!(f, "{source}: showing {notes} cached notes from {read_at}")
            }
            Report::Failed(message) => f.write_str(message),
        }
    }
}
