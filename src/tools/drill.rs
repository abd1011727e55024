//! `--vote-drill DIR`: the storage self-test. It proves that a kiosk's disk
//! (an SD card, a cheap SSD) keeps what the wall fsyncs, through power
//! cuts: it appends test votes to a journal in DIR, a folder of its own, as
//! fast as the disk allows, and prints each vote's id once the disk has
//! it. Cut the power while it runs; after the restart, `--vote-drill DIR
//! --drill-check IDS` with the ids the first run printed says whether every
//! one survived.
//!
//! The test votes name a source no config can name
//! ([`SELF_TEST_SOURCE`]) and the week of the clock, so even a journal
//! copied into a wall's data folder would count for no note. A folder that
//! holds a wall's own votes is refused.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::Path;

use chrono::Datelike;

use crate::core::votes::{Record, SELF_TEST_SOURCE, Vote};
use crate::store::journal::{Journal, kiosk_name, new_vote_id};

/// The self-test's journal in `dir`, refused when it holds other votes.
fn open(dir: &Path) -> Result<Journal, String> {
    let (journal, recovery) = Journal::open(dir).map_err(|err| format!("the journal in {}: {err}", dir.display()))?;
    if let Some(report) = recovery.report() {
        eprintln!("{report}");
    }
    if journal.ledger().votes.iter().any(|vote| vote.source != SELF_TEST_SOURCE) {
        return Err(format!(
            "{} holds a wall's own votes; give the self-test a folder of its own, e.g. /var/tmp/wall-drill",
            dir.display()
        ));
    }
    Ok(journal)
}

/// Appends test votes until killed, printing each id once it is on disk.
/// Like the wall, it goes on after a vote that could not be stored (a full
/// disk), saying so on standard error.
pub fn run(dir: &Path) -> Result<(), String> {
    let _lock = crate::store::lock::DataDirLock::take(dir)?;
    let mut journal = open(dir)?;
    eprintln!(
        "storage self-test: {} test votes already in {}; appending more until stopped",
        journal.ledger().votes.len(),
        dir.display()
    );
    let kiosk = kiosk_name();
    // The full-disk test slows the drill down, so the disk fills with votes
    // and its filler, not with snapshots.
    let pause =
        std::env::var("WALL_DRILL_PAUSE_MS").ok().and_then(|ms| ms.parse().ok()).map(std::time::Duration::from_millis);
    let stdout = io::stdout();
    loop {
        let now = chrono::Utc::now();
        let week = now.iso_week();
        let vote = Vote {
            vote_id: new_vote_id(&kiosk),
            source: SELF_TEST_SOURCE.into(),
            note_id: "self-test".into(),
            at: now,
            week: crate::core::clock::Week { year: week.year(), week: week.week() }.to_string(),
            kiosk: kiosk.clone(),
        };
        if let Err(err) = journal.append(&Record::Vote(vote.clone())) {
            eprintln!("not stored: {err}");
            std::thread::sleep(std::time::Duration::from_millis(20));
            continue;
        }
        let mut out = stdout.lock();
        writeln!(out, "{}", vote.vote_id)
            .and_then(|()| out.flush())
            .map_err(|err| format!("standard output: {err}"))?;
        drop(out);
        if let Some(pause) = pause {
            std::thread::sleep(pause);
        }
    }
}

/// What `--drill-check` found: how many of the acknowledged ids the
/// journal holds, and the first few it lost.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub acknowledged: usize,
    pub lost: Vec<String>,
}

/// Checks the journal in `dir` against `acked`, the ids a run printed
/// (whole lines only: a line cut by the power cut was not acknowledged).
pub fn check(dir: &Path, acked: &str) -> Result<Checked, String> {
    let _lock = crate::store::lock::DataDirLock::take(dir)?;
    let journal = open(dir)?;
    let stored: HashSet<&str> = journal.ledger().votes.iter().map(|vote| vote.vote_id.as_str()).collect();
    let ids: Vec<&str> = acked
        .split_inclusive('\n')
        .filter(|line| line.ends_with('\n'))
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .collect();
    let lost = ids.iter().filter(|id| !stored.contains(*id)).map(|id| id.to_string()).collect();
    Ok(Checked { acknowledged: ids.len(), lost })
}

impl Checked {
    /// The verdict, in words, for the one who pulled the plug.
    pub fn verdict(&self) -> String {
        match self.lost.len() {
            0 => format!("every one of the {} acknowledged test votes survived", self.acknowledged),
            n => format!(
                "{n} of the {} acknowledged test votes were lost, e.g. {}: this disk does not keep what it confirms; votes can go missing in a power cut",
                self.acknowledged,
                self.lost.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
            ),
        }
    }
}
