//! The vote journal on disk: `<data_dir>/votes/journal.log`, append-only,
//! each record fsynced before the vote is acknowledged, and
//! `votes/snapshot.log`, the compacted past, replaced atomically.
//!
//! At start-up a torn or damaged record is reported and cut off; every
//! earlier record is kept. A compaction that is cut short leaves a vote in
//! both files, and the ledger counts it once (by its id).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::core::votes::lines::{self, Damage};
use crate::core::votes::{Ledger, Record};

/// Compact when the journal has this many records (or as many as the votes).
pub const COMPACT_AFTER: usize = 1000;
/// After a failed compaction, the next try comes this many appends later.
const COMPACT_RETRY_AFTER: usize = 100;

pub struct Journal {
    dir: PathBuf,
    file: File,
    ledger: Ledger,
    /// Records in the journal file (not the snapshot).
    in_journal: usize,
    /// The journal's length after its last whole, fsynced record. A failed
    /// write is cut back to it before anything else is appended, so a torn
    /// record never sits in front of an acknowledged one.
    good_len: u64,
    /// A cut back failed too (the disk is gone?): try again first.
    needs_cut: bool,
    /// Appends left until the next try of a compaction that failed.
    compact_retry_in: usize,
}

/// What opening a journal found wrong, for the log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recovery {
    pub journal: Damage,
    pub snapshot: Damage,
}

impl Recovery {
    pub fn is_clean(&self) -> bool {
        self.journal.is_clean() && self.snapshot.is_clean()
    }

    /// One line for the log, or `None` when nothing was wrong.
    pub fn report(&self) -> Option<String> {
        if self.is_clean() {
            return None;
        }
        let mut parts = Vec::new();
        if self.journal.torn_tail {
            parts.push("the last vote record was cut off mid-write (power cut?) and is removed".to_string());
        }
        if !self.journal.corrupt_lines.is_empty() {
            parts.push(format!("damaged journal records on lines {:?} are left out", self.journal.corrupt_lines));
        }
        if !self.snapshot.is_clean() {
            parts.push("the vote snapshot was damaged; its intact records are kept".to_string());
        }
        Some(parts.join("; "))
    }
}

impl Journal {
    /// Opens (or creates) the journal in `<data_dir>/votes`.
    pub fn open(data_dir: &Path) -> io::Result<(Journal, Recovery)> {
        let dir = data_dir.join("votes");
        fs::create_dir_all(&dir)?;
        if fs::symlink_metadata(&dir)?.file_type().is_symlink() {
            return Err(io::Error::other(format!(
                "{} is a symbolic link; the wall does not follow links in its data folder. Remove it",
                dir.display()
            )));
        }
        let mut recovery = Recovery::default();
        let mut ledger = Ledger::default();

        let snapshot_text = read_lossy(&dir.join("snapshot.log"))?;
        let (snapshot, damage) = lines::recover(&snapshot_text);
        recovery.snapshot = damage;
        for record in &snapshot {
            ledger.add(record);
        }

        let journal_path = dir.join("journal.log");
        let journal_text = read_lossy(&journal_path)?;
        let (records, damage) = lines::recover(&journal_text);
        for record in &records {
            ledger.add(record);
        }
        let in_journal = records.len();
        recovery.journal = damage;

        let created = !journal_path.exists();
        let file = super::no_follow(OpenOptions::new().create(true).append(true))
            .open(&journal_path)
            .map_err(|err| io::Error::new(err.kind(), super::open_error(&journal_path, &err)))?;
        if created {
            // The new file's name must survive a power cut too.
            File::open(&dir)?.sync_all()?;
        }
        let good_len = file.metadata()?.len();
        let mut journal = Journal { dir, file, ledger, in_journal, good_len, needs_cut: false, compact_retry_in: 0 };
        if !recovery.journal.corrupt_lines.is_empty() || !recovery.snapshot.is_clean() {
            // Damage inside the files: write the good records out afresh.
            journal.compact()?;
        } else if recovery.journal.torn_tail {
            // Only the tail: cut it off so new records start on a clean line.
            journal.file.set_len(recovery.journal.good_len as u64)?;
            journal.file.sync_all()?;
            journal.good_len = recovery.journal.good_len as u64;
        }
        Ok((journal, recovery))
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Appends `record` and waits until it is on disk: see [`Journal::append_all`].
    pub fn append(&mut self, record: &Record) -> io::Result<()> {
        self.append_all(std::slice::from_ref(record))
    }

    /// Appends `records` with one write and one fsync, and waits until they
    /// are on disk; only then is a vote acknowledged. A write that fails (a
    /// full disk, an I/O error) is cut back, so the journal ends with its
    /// last good record again and the next one lands on a clean line.
    pub fn append_all(&mut self, records: &[Record]) -> io::Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        if self.needs_cut {
            self.cut_back()?;
        }
        let lines: String = records.iter().map(lines::encode).collect();
        if let Err(err) = self.file.write_all(lines.as_bytes()).and_then(|()| self.file.sync_data()) {
            // Best effort now; if the cut fails too, the next append tries
            // again before it writes anything.
            let _ = self.cut_back();
            return Err(err);
        }
        self.good_len += lines.len() as u64;
        for record in records {
            self.ledger.add(record);
        }
        self.in_journal += records.len();
        if self.in_journal >= COMPACT_AFTER.max(self.ledger.votes.len()) {
            if self.compact_retry_in > 0 {
                self.compact_retry_in -= 1;
            } else if let Err(err) = self.compact() {
                // The record is on disk: the vote stands. Compaction waits
                // for a while (a full disk frees up, or not).
                self.compact_retry_in = COMPACT_RETRY_AFTER;
                bevy::log::warn!(
                    "cannot compact the vote journal ({err}); the votes are safe in it, trying again later"
                );
            }
        }
        Ok(())
    }

    /// A vote its source refused for good: it leaves the badge until the
    /// next start (when it is tried once more). Kept in memory only.
    pub fn park(&mut self, vote_id: &str) {
        self.ledger.parked.insert(vote_id.to_string());
    }

    fn cut_back(&mut self) -> io::Result<()> {
        self.needs_cut = true;
        self.file.set_len(self.good_len)?;
        self.file.sync_all()?;
        self.needs_cut = false;
        Ok(())
    }

    /// Renames the source of every record for which `rename` gives a new
    /// name, and writes the renamed records out (a compaction) when any
    /// changed. Returns how many changed.
    pub fn rename_sources(&mut self, rename: impl Fn(&str) -> Option<String>) -> io::Result<usize> {
        let mut records = self.ledger.records();
        let changed = lines::rename_sources(&mut records, rename);
        if changed > 0 {
            self.ledger = Ledger::from_records(&records);
            self.compact()?;
        }
        Ok(changed)
    }

    /// Writes everything into a new snapshot (atomically), then empties the
    /// journal. A vote in both files for a moment is counted once (by id).
    pub fn compact(&mut self) -> io::Result<()> {
        let text: String = self.ledger.records().iter().map(lines::encode).collect();
        crate::store::atomic::write_atomic(&self.dir.join("snapshot.log"), text.as_bytes())?;
        self.file.set_len(0)?;
        // Empty now, whether or not the sync below works.
        self.good_len = 0;
        self.file.sync_all()?;
        self.in_journal = 0;
        self.compact_retry_in = 0;
        Ok(())
    }
}

/// A file's text, or empty if it does not exist. Invalid UTF-8 (a damaged
/// byte) becomes U+FFFD, which then fails its record's checksum.
fn read_lossy(path: &Path) -> io::Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    match super::no_follow(OpenOptions::new().read(true)).open(path) {
        Ok(mut file) => {
            file.read_to_end(&mut bytes)?;
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(String::new()),
        Err(err) => Err(io::Error::new(err.kind(), super::open_error(path, &err))),
    }
}

/// A new vote id: the kiosk, the time in milliseconds, the process and a
/// counter, so ids never repeat across restarts of one kiosk or between
/// kiosks.
pub fn new_vote_id(kiosk: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let millis = chrono::Utc::now().timestamp_millis();
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{kiosk}-{millis:x}-{:x}-{count}", std::process::id())
}

/// This kiosk's name: the host name, or "wall".
pub fn kiosk_name() -> String {
    fs::read_to_string("/etc/hostname")
        .ok()
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "wall".to_string())
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::core::votes::Vote;

    fn vote(id: &str) -> Record {
        Record::Vote(Vote {
            vote_id: id.into(),
            source: "0".into(),
            note_id: "n-104".into(),
            at: Utc::now(),
            week: "2026-W48".into(),
            kiosk: "tv".into(),
        })
    }

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wall-journal-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    /// A journal planted as a link to another file is neither read nor
    /// cut nor appended to: the open fails and says why.
    #[test]
    fn a_planted_journal_link_is_refused_and_its_target_untouched() -> io::Result<()> {
        let dir = temp("link");
        fs::create_dir_all(dir.join("votes"))?;
        let target = dir.join("precious.txt");
        // A torn tail: the old open would have cut the target back.
        fs::write(&target, "root:x:0:0:root:/root:/bin/bash\nhalf a line")?;
        std::os::unix::fs::symlink(&target, dir.join("votes/journal.log"))?;
        let refused = Journal::open(&dir).err().map(|err| err.to_string()).unwrap_or_default();
        assert!(refused.contains("symbolic link"), "{refused}");
        assert_eq!(fs::read_to_string(&target)?, "root:x:0:0:root:/root:/bin/bash\nhalf a line");
        fs::remove_dir_all(&dir)
    }

    #[test]
    fn sources_named_by_position_are_renamed_once_and_for_good() -> io::Result<()> {
        let dir = temp("rename");
        let (mut journal, _) = Journal::open(&dir)?;
        journal.append(&vote("v0"))?;
        journal.append(&Record::Status {
            source: "0".into(),
            note_id: "n-1".into(),
            status: "done".into(),
            at: Utc::now(),
            kiosk: "tv".into(),
        })?;
        let rename = |source: &str| (source == "0").then(|| "feed.json".to_string());
        assert_eq!(journal.rename_sources(rename)?, 2);
        drop(journal);
        let (mut journal, _) = Journal::open(&dir)?;
        assert_eq!(journal.ledger().votes[0].source, "feed.json");
        assert!(journal.ledger().statuses.contains_key(&("feed.json".to_string(), "n-1".to_string())));
        assert_eq!(journal.rename_sources(rename)?, 0, "nothing left to rename");
        fs::remove_dir_all(&dir)
    }

    #[test]
    fn votes_survive_reopening_and_compaction() -> io::Result<()> {
        let dir = temp("reopen");
        let (mut journal, recovery) = Journal::open(&dir)?;
        assert!(recovery.is_clean());
        for i in 0..(COMPACT_AFTER + 5) {
            journal.append(&vote(&format!("v{i}")))?;
        }
        assert_eq!(journal.in_journal, 5, "compacted once");
        drop(journal);
        let (journal, recovery) = Journal::open(&dir)?;
        assert!(recovery.is_clean());
        assert_eq!(journal.ledger().votes.len(), COMPACT_AFTER + 5);
        fs::remove_dir_all(&dir)
    }

    #[test]
    fn a_torn_tail_and_a_flipped_byte_are_cut_off_and_reported() -> io::Result<()> {
        let dir = temp("damage");
        let (mut journal, _) = Journal::open(&dir)?;
        for i in 0..3 {
            journal.append(&vote(&format!("v{i}")))?;
        }
        drop(journal);
        let path = dir.join("votes/journal.log");
        let mut bytes = fs::read(&path)?;
        let full = bytes.len();
        bytes.truncate(full - 10);
        fs::write(&path, &bytes)?;
        let (mut journal, recovery) = Journal::open(&dir)?;
        assert!(recovery.journal.torn_tail);
        assert!(recovery.report().is_some_and(|r| r.contains("cut off")));
        assert_eq!(journal.ledger().votes.len(), 2);
        journal.append(&vote("v3"))?;
        drop(journal);
        let (journal, recovery) = Journal::open(&dir)?;
        assert!(recovery.is_clean(), "the cut tail left a clean file: {recovery:?}");
        assert_eq!(journal.ledger().votes.len(), 3);
        drop(journal);

        // A flipped byte in the middle record.
        let mut bytes = fs::read(&path)?;
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x01;
        fs::write(&path, &bytes)?;
        let (journal, recovery) = Journal::open(&dir)?;
        assert_eq!(recovery.journal.corrupt_lines.len(), 1);
        assert_eq!(journal.ledger().votes.len(), 2, "one record lost, the others kept");
        drop(journal);
        let (_, recovery) = Journal::open(&dir)?;
        assert!(recovery.is_clean(), "recovery rewrote the files");
        fs::remove_dir_all(&dir)
    }
}
