//! The offline cache: the last good snapshot of each source, on disk, so a
//! wall that boots without network shows its last data at once.
//!
//! Written as a wall feed (version 1) with a `read_at` field, through a
//! temporary file that is fsynced and renamed over the old one: a crash
//! mid-write leaves the previous cache intact.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::core::feed::Parsed;
use crate::core::feed::wall::{self, Syntax};
use crate::core::model::Snapshot;

/// The cache folder of one wall.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(data_dir: &Path) -> Cache {
        Cache { dir: data_dir.join("cache") }
    }

    /// The file of a source, by its stable key: a source that is moved in
    /// the list keeps its cache, one that points elsewhere starts afresh.
    pub fn path(&self, key: &str) -> PathBuf {
        let hash = crate::core::hash::of(key);
        self.dir.join(format!("source-{hash:016x}.json"))
    }

    /// Writes `snapshot` atomically: temp file, fsync, rename, fsync folder.
    pub fn save(&self, path: &Path, snapshot: &Snapshot) -> std::io::Result<()> {
        crate::store::atomic::write_atomic(path, wall::to_json(snapshot).as_bytes())
    }

    /// Reads a cached snapshot; `None` when there is none or it is unusable
    /// (a torn temp file is never read: only the renamed file counts).
    pub fn load(&self, path: &Path) -> Option<Parsed> {
        let text = fs::read_to_string(path).ok()?;
        let read_at = serde_json::from_str::<serde_json::Value>(&text)
            .ok()?
            .get("read_at")
            .and_then(|v| v.as_str())
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))?;
        wall::parse(&text, Syntax::Json, read_at).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Snapshot {
        let parsed = wall::parse(crate::config::SAMPLE_FEED, Syntax::Json, Utc::now());
        parsed.map(|p| p.snapshot).unwrap_or_else(|_| Snapshot::empty(Utc::now()))
    }

    #[test]
    fn a_saved_snapshot_loads_back_the_same() -> std::io::Result<()> {
        let dir = std::env::temp_dir().join(format!("wall-cache-{}", std::process::id()));
        let cache = Cache::new(&dir);
        let path = cache.path("example.nl/feed");
        let snapshot = sample();
        cache.save(&path, &snapshot)?;
        let loaded = cache.load(&path).map(|p| p.snapshot);
        assert_eq!(loaded.as_ref().map(|s| s.notes.len()), Some(snapshot.notes.len()));
        assert_eq!(loaded.as_ref(), Some(&snapshot));
        let _ = fs::remove_dir_all(&dir);
        Ok(())
    }

    #[test]
    fn a_torn_write_leaves_the_previous_cache_readable() -> std::io::Result<()> {
        let dir = std::env::temp_dir().join(format!("wall-cache-torn-{}", std::process::id()));
        let cache = Cache::new(&dir);
        let path = cache.path("feedback.example.nl");
        let snapshot = sample();
        cache.save(&path, &snapshot)?;
        // A crash mid-write: the temp file holds half a feed, never renamed.
        let text = wall::to_json(&snapshot);
        fs::write(path.with_extension("json.tmp"), &text[..text.len() / 2])?;
        assert_eq!(cache.load(&path).map(|p| p.snapshot), Some(snapshot.clone()));
        // And the next save replaces the torn temp file.
        cache.save(&path, &snapshot)?;
        assert!(!path.with_extension("json.tmp").exists());
        assert_ne!(cache.path("a"), cache.path("b"));
        let _ = fs::remove_dir_all(&dir);
        Ok(())
    }
}
