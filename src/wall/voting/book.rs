//! The vote journal as the wall holds it: opened at start-up (with its
//! recovery report and the renaming of old source positions), the
//! fair-voting session, and the wall's model following what it records.

use bevy::prelude::*;
use chrono::{DateTime, Utc};

use crate::core::clock::Week;
use crate::core::model::{NoteRef, Status};
use crate::core::votes::{Blocked, Ledger, Record, Rules, Session, Vote};
use crate::store::journal::{self, Journal};
use crate::wall::model::{DataDir, Wall};
use crate::wall::scenes::WallClock;
use crate::wall::shared::{Intake, WallConfig};

/// The journal and the rules; `journal` is `None` without a data folder
/// (headless tests) or when it cannot be opened, and voting then says so.
#[derive(Resource)]
pub struct VoteBook {
    journal: Result<Journal, String>,
    session: Session,
    rules: Rules,
    kiosk: String,
}

impl VoteBook {
    pub fn ledger(&self) -> Option<&Ledger> {
        self.journal.as_ref().ok().map(Journal::ledger)
    }

    /// Stores a status decided at the wall for a note, crash-safely like a
    /// vote. Unless `facilitated` (a PIN guards the stand-up), it stays on
    /// this wall: it is journaled as settled, so it is never written to
    /// the source, not even once a PIN is set later.
    pub fn decide(&mut self, note: &NoteRef, status: Status, facilitated: bool) -> Result<(), String> {
        let note = note.clone();
        let at = chrono::Utc::now();
        let decided = Record::Status {
            source: note.source.clone(),
            note_id: note.id.clone(),
            status: status.key().to_string(),
            at,
            kiosk: self.kiosk.clone(),
        };
        if facilitated {
            return self.record(&decided);
        }
        self.record_all(&[decided, Record::StatusSent { source: note.source, note_id: note.id, at }])
    }

    /// Stores the topics set at the stand-up, for each note (a confirmed
    /// story, a note put onto a stack or taken out of one: `None`), with
    /// one fsync. As with statuses, unless `facilitated` it is settled here
    /// and never written to the source.
    pub fn set_topics(&mut self, topics: &[TopicMove], facilitated: bool) -> Result<(), String> {
        let at = chrono::Utc::now();
        let mut records = Vec::new();
        for TopicMove { note, topic, original, previous } in topics {
            records.push(Record::Topic {
                source: note.source.clone(),
                note_id: note.id.clone(),
                topic: topic.clone(),
                original: original.clone(),
                previous: previous.clone().filter(|previous| Some(previous) != topic.as_ref()),
                at,
                kiosk: self.kiosk.clone(),
            });
            if !facilitated {
                records.push(Record::TopicSent { source: note.source.clone(), note_id: note.id.clone(), at });
            }
        }
        self.record_all(&records)
    }

    /// Stores that `notes` are not one story: never suggested together again.
    pub fn keep_apart(&mut self, notes: &[NoteRef]) -> Result<(), String> {
        let notes = notes.iter().map(|note| (note.source.clone(), note.id.clone())).collect();
        self.record(&Record::Apart { notes, at: chrono::Utc::now(), kiosk: self.kiosk.clone() })
    }

    /// A touch on the wall: the fair-voting session goes on (or starts
    /// anew after a pause).
    pub fn touch(&mut self, now: f64) {
        let rules = self.rules;
        self.session.touch(&rules, now);
    }

    /// Casts a vote for `note` under the fair-voting rules, on disk before
    /// this returns; `now` is the wall's monotonic clock, `at` and `week`
    /// the date that goes into the journal.
    pub fn cast(&mut self, note: NoteRef, week: Week, now: f64, at: DateTime<Utc>) -> Result<(), VoteRefused> {
        self.touch(now);
        let rules = self.rules;
        let key = format!("{}/{}", note.source, note.id);
        self.session.check(&rules, &key, now).map_err(VoteRefused::Blocked)?;
        let vote = Vote {
            vote_id: journal::new_vote_id(&self.kiosk),
            source: note.source,
            note_id: note.id,
            at,
            week: week.to_string(),
            kiosk: self.kiosk.clone(),
        };
        match self.record(&Record::Vote(vote)) {
            Ok(()) => {
                info!("vote stored for note {key}");
                self.session.voted(&rules, &key, now);
                Ok(())
            }
            Err(err) => {
                error!("a vote for note {key} could not be stored: {err}");
                Err(VoteRefused::NotStored)
            }
        }
    }

    /// Appends a record to the journal, on disk before this returns.
    pub fn record(&mut self, record: &Record) -> Result<(), String> {
        self.record_all(std::slice::from_ref(record))
    }

    /// Appends `records` with one fsync, all or none.
    pub fn record_all(&mut self, records: &[Record]) -> Result<(), String> {
        match &mut self.journal {
            Ok(journal) => journal.append_all(records).map_err(|err| err.to_string()),
            Err(why) => Err(why.clone()),
        }
    }

    /// A vote its source refused for good leaves the badge.
    pub fn park(&mut self, vote_id: &str) {
        if let Ok(journal) = &mut self.journal {
            journal.park(vote_id);
        }
    }
}

/// A topic set by hand: the note, its topic (`None`: on its own), the
/// note of its source it duplicates, if any, and the topic it had before.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicMove {
    pub note: NoteRef,
    pub topic: Option<String>,
    pub original: Option<String>,
    pub previous: Option<String>,
}

/// Why a vote was not taken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum VoteRefused {
    /// The fair-voting rules said no.
    Blocked(Blocked),
    /// The journal could not store it.
    NotStored,
}

/// The journal opens at start-up (before the first frame, so before the
/// outbox starts in `PreUpdate`, after [`follow_journal`]).
pub fn plugin(app: &mut App) {
    app.add_systems(Startup, open_journal).add_systems(PreUpdate, follow_journal.in_set(Intake::Votes));
}

fn open_journal(mut commands: Commands, config: Res<WallConfig>, data_dir: Option<Res<DataDir>>) {
    let voting = &config.voting;
    let journal = match data_dir {
        Some(dir) => match Journal::open(&dir.0) {
            Ok((mut journal, recovery)) => {
                if let Some(report) = recovery.report() {
                    warn!("vote journal in {}: {report}", dir.0.display());
                }
                // Journals from before sources had names kept their position
                // ("0"); they get the name of the source at that position now.
                let sources = &config.sources;
                // Unnamed web sources were keyed by host and path, which can
                // be a secret; their records move to the key that is not.
                let by_position = |source: &str| {
                    if let Some(moved) = sources.iter().find(|s| s.legacy_key() == source && s.key() != source) {
                        return Some(moved.key());
                    }
                    let index: usize = source.parse().ok()?;
                    let key = sources.get(index).map(crate::config::SourceConfig::key)?;
                    // Names are never only digits (the config refuses them),
                    // so a number is a position from an older journal.
                    (key != source).then_some(key)
                };
                match journal.rename_sources(by_position) {
                    Ok(0) => {}
                    Ok(renamed) => {
                        info!("vote journal: {renamed} records now name their source instead of its position")
                    }
                    Err(err) => {
                        warn!("cannot rename the sources in the vote journal ({err}); trying again at the next start")
                    }
                }
                info!(
                    "vote journal: {} votes, {} not yet sent back",
                    journal.ledger().votes.len(),
                    journal.ledger().unsent().count()
                );
                Ok(journal)
            }
            Err(err) => {
                error!("cannot open the vote journal in {}: {err}; votes cannot be taken", dir.0.display());
                Err(err.to_string())
            }
        },
        None => Err("no data folder".to_string()),
    };
    let kiosk =
        if voting.kiosk_id.trim().is_empty() { journal::kiosk_name() } else { voting.kiosk_id.trim().to_string() };
    commands.insert_resource(VoteBook { journal, session: Session::default(), rules: voting.rules(), kiosk });
}

/// The wall follows the journal: statuses decided at the wall show on the
/// notes in every scene, local votes on the badges and in the rankings.
/// Recounted when the journal changes or the minute turns (the ISO week
/// turns).
pub(crate) fn follow_journal(
    book: Option<Res<VoteBook>>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    mut wall: ResMut<Wall>,
    mut last_minute: Local<Option<i64>>,
) {
    let Some(book) = book else {
        return;
    };
    let now = clock.now();
    let minute = now.timestamp() / 60;
    if !book.is_changed() && *last_minute == Some(minute) {
        return;
    }
    *last_minute = Some(minute);
    let Some(ledger) = book.ledger() else {
        return;
    };
    let week = config.zone().iso_week(now);
    if wall.bypass_change_detection().follow_ledger(ledger, week) {
        wall.set_changed();
    }
}
