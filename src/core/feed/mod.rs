//! Wire formats that turn bytes from a source into a [`Snapshot`].
//!
//! One file per format. Every parser skips a bad item instead of failing the
//! whole feed, and reports what it skipped so the log can say why.

pub mod csv;
pub mod fider;
pub mod wall;

use std::fmt;

use crate::core::model::Snapshot;

/// One item that was left out of a snapshot, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedItem {
    /// "notes" or "commitments".
    pub section: &'static str,
    /// The position of the item in its list, counted from 0.
    pub index: usize,
    pub reason: String,
}

impl fmt::Display for SkippedItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.section, self.index, self.reason)
    }
}

/// A parsed feed: the usable snapshot and the items that were skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub snapshot: Snapshot,
    pub skipped: Vec<SkippedItem>,
}

/// Why a whole feed could not be used. The last good snapshot stays on screen.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedError {
    /// The bytes are not valid JSON or RON at all.
    Syntax { line: usize, column: usize, message: String },
    /// The document parsed, but it is not a wall feed.
    Shape(String),
    /// The feed declares a version this build does not know.
    UnknownVersion(u64),
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeedError::Syntax { line, column, message } => {
                write!(f, "{line}:{column}: {message}")
            }
            FeedError::Shape(message) => write!(f, "not a wall feed: {message}"),
            FeedError::UnknownVersion(version) => write!(
                f,
                "feed version {version} is not supported; this build reads version 1 (set \"version\": 1)"
            ),
        }
    }
}

impl std::error::Error for FeedError {}
