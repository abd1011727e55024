//! Votes cast on the wall and the records of the vote journal: one JSON
//! object per line with a checksum, so a torn or damaged record is found
//! and cut off while every earlier one is kept. Also the weekly tallies and
//! the fair-voting rules. No files here: `crate::store::journal` does the I/O.
//!
//! The line format and its recovery are in `lines`, the fair-voting
//! rules in `rules`; this file holds the records and what they add up to.

pub mod lines;
mod rules;

pub use rules::{Blocked, Rules, Session};

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::clock::Week;
use super::model::{NoteRef, Status};
use super::topics::decide::{SetTopic, Stories};

/// One record of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Record {
    /// A vote for a note as a priority.
    Vote(Vote),
    /// The vote reached its source (write-back); never send it again.
    Sent { vote_id: String },
    /// A status decided at the wall (stand-up mode).
    Status { source: String, note_id: String, status: String, at: DateTime<Utc>, kiosk: String },
    /// The decision of `at` reached its source (Fider); never send it again.
    #[serde(rename = "status_sent")]
    StatusSent { source: String, note_id: String, at: DateTime<Utc> },
    /// A note's topic set at the stand-up; `topic: None` takes it out of
    /// every stack. `original`: the note (same source) it duplicates.
    Topic {
        source: String,
        note_id: String,
        topic: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        original: Option<String>,
        /// The topic the note had before, whose tag goes (Fider).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        previous: Option<String>,
        at: DateTime<Utc>,
        kiosk: String,
    },
    /// The topic decision of `at` reached its source; never send it again.
    #[serde(rename = "topic_sent")]
    TopicSent { source: String, note_id: String, at: DateTime<Utc> },
    /// Notes (source, id) the stand-up said are not one story.
    Apart { notes: Vec<(String, String)>, at: DateTime<Utc>, kiosk: String },
    /// A stand-up's minutes, to post to the team's webhook.
    Minutes { id: String, text: String, at: DateTime<Utc> },
    /// The webhook took the minutes `id`; never post them again.
    #[serde(rename = "minutes_sent")]
    MinutesSent { id: String },
}

/// The source of the storage self-test's votes (`--vote-drill`): a key
/// the config refuses for any source, so no wall ever counts or sends them.
pub const SELF_TEST_SOURCE: &str = "storage-self-test";

/// A vote: who cannot be known on a shared screen, so each vote has its own
/// id, which is also the idempotency key when it is sent to the source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Vote {
    pub vote_id: String,
    /// The source's stable key (its name in the config, or its place).
    /// Journals from before names were kept hold the source's position
    /// ("0"); they are renamed on the first start.
    pub source: String,
    /// The note's id in that source (not namespaced).
    pub note_id: String,
    pub at: DateTime<Utc>,
    /// The ISO week in the wall's time zone when the vote was cast.
    pub week: String,
    pub kiosk: String,
}

/// When the vote `vote_id` was cast, read from the id itself
/// (`{kiosk}-{milliseconds, hex}-{process, hex}-{counter}`, as
/// `store::journal::new_vote_id` makes them); `None` for another shape.
pub fn vote_time(vote_id: &str) -> Option<DateTime<Utc>> {
    let mut parts = vote_id.rsplitn(4, '-');
    let (_counter, _process, millis, kiosk) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if kiosk.is_empty() {
        return None;
    }
    DateTime::from_timestamp_millis(i64::from_str_radix(millis, 16).ok()?)
}

/// The votes of the journal, each once (a compaction that was cut short can
/// leave a vote in the snapshot and the journal), and which were sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    pub votes: Vec<Vote>,
    pub sent: HashSet<String>,
    /// The last status decided at the wall per (source, note).
    pub statuses: HashMap<(String, String), (Status, DateTime<Utc>)>,
    /// Decisions that reached their source: (source, note, when decided).
    pub statuses_sent: HashSet<(String, String, DateTime<Utc>)>,
    /// What the stand-up decided about stories: topics set by hand, notes
    /// kept apart.
    pub stories: Stories,
    /// Minutes of stand-ups by id, and those their webhook took.
    pub minutes: Vec<(String, String, DateTime<Utc>)>,
    pub minutes_sent: HashSet<String>,
    /// Votes their source refused for good while this process runs: not
    /// counted on the badge (never journaled; tried again after a start).
    pub parked: HashSet<String>,
    /// Each vote's place in `votes`, by its id.
    ids: HashMap<String, usize>,
}

impl Ledger {
    pub fn from_records<'a>(records: impl IntoIterator<Item = &'a Record>) -> Ledger {
        let mut ledger = Ledger::default();
        for record in records {
            ledger.add(record);
        }
        ledger
    }

    pub fn add(&mut self, record: &Record) {
        match record {
            Record::Vote(vote) => {
                if !self.ids.contains_key(&vote.vote_id) {
                    self.ids.insert(vote.vote_id.clone(), self.votes.len());
                    self.votes.push(vote.clone());
                }
            }
            Record::Sent { vote_id } => {
                self.sent.insert(vote_id.clone());
            }
            Record::Status { source, note_id, status, at, .. } => {
                if let Some(status) = Status::parse(status) {
                    self.statuses.insert((source.clone(), note_id.clone()), (status, *at));
                }
            }
            Record::StatusSent { source, note_id, at } => {
                self.statuses_sent.insert((source.clone(), note_id.clone(), *at));
            }
            Record::Topic { source, note_id, topic, original, previous, at, .. } => {
                let set =
                    SetTopic { topic: topic.clone(), original: original.clone(), previous: previous.clone(), at: *at };
                self.stories.set(NoteRef { source: source.clone(), id: note_id.clone() }, set);
            }
            Record::TopicSent { source, note_id, at } => {
                self.stories.sent.insert((NoteRef { source: source.clone(), id: note_id.clone() }, *at));
            }
            Record::Apart { notes, .. } => {
                let notes = notes.iter().map(|(source, id)| NoteRef { source: source.clone(), id: id.clone() });
                self.stories.keep_apart(notes.collect());
            }
            Record::Minutes { id, text, at } => {
                if !self.minutes.iter().any(|(known, _, _)| known == id) {
                    self.minutes.push((id.clone(), text.clone(), *at));
                }
            }
            Record::MinutesSent { id } => {
                self.minutes_sent.insert(id.clone());
            }
        }
    }

    /// The records that describe this ledger, for a compacted snapshot.
    pub fn records(&self) -> Vec<Record> {
        let mut records: Vec<Record> = self.votes.iter().cloned().map(Record::Vote).collect();
        let mut sent: Vec<&String> = self.sent.iter().collect();
        sent.sort();
        records.extend(sent.into_iter().map(|vote_id| Record::Sent { vote_id: vote_id.clone() }));
        let mut statuses: Vec<_> = self.statuses.iter().collect();
        statuses.sort_by(|a, b| a.0.cmp(b.0));
        records.extend(statuses.iter().map(|((source, note_id), (status, at))| Record::Status {
            source: source.clone(),
            note_id: note_id.clone(),
            status: status.key().to_string(),
            at: *at,
            kiosk: String::new(),
        }));
        // Only the sent marks of the decisions still in force matter.
        records.extend(
            statuses
                .iter()
                .filter(|((source, note_id), (_, at))| {
                    self.statuses_sent.contains(&(source.clone(), note_id.clone(), *at))
                })
                .map(|((source, note_id), (_, at))| Record::StatusSent {
                    source: source.clone(),
                    note_id: note_id.clone(),
                    at: *at,
                }),
        );
        records.extend(self.story_records());
        // Minutes still to post; those posted are done with.
        records.extend(self.unsent_minutes().map(|(id, text, at)| Record::Minutes {
            id: id.clone(),
            text: text.clone(),
            at: *at,
        }));
        records
    }

    /// Minutes their webhook has not taken yet, oldest first.
    pub fn unsent_minutes(&self) -> impl Iterator<Item = &(String, String, DateTime<Utc>)> {
        self.minutes.iter().filter(|(id, _, _)| !self.minutes_sent.contains(id))
    }

    /// The records of the stories' decisions, for a compacted snapshot.
    fn story_records(&self) -> Vec<Record> {
        let stories = &self.stories;
        let mut topics: Vec<_> = stories.topics.iter().collect();
        topics.sort_by(|a, b| a.0.cmp(b.0));
        let mut records: Vec<Record> = Vec::new();
        for (note, set) in topics {
            records.push(Record::Topic {
                source: note.source.clone(),
                note_id: note.id.clone(),
                topic: set.topic.clone(),
                original: set.original.clone(),
                previous: set.previous.clone(),
                at: set.at,
                kiosk: String::new(),
            });
            if stories.sent.contains(&(note.clone(), set.at)) {
                records.push(Record::TopicSent { source: note.source.clone(), note_id: note.id.clone(), at: set.at });
            }
        }
        records.extend(stories.apart.iter().map(|notes| Record::Apart {
            notes: notes.iter().map(|note| (note.source.clone(), note.id.clone())).collect(),
            at: DateTime::<Utc>::UNIX_EPOCH,
            kiosk: String::new(),
        }));
        records
    }

    /// The vote with this id, found at once (a backlog's confirmations come
    /// by the thousand).
    pub fn vote(&self, vote_id: &str) -> Option<&Vote> {
        self.ids.get(vote_id).and_then(|at| self.votes.get(*at))
    }

    /// Decisions not yet confirmed by their source: (source, note, status, when).
    pub fn unsent_statuses(&self) -> Vec<(String, String, Status, DateTime<Utc>)> {
        let mut pending: Vec<_> = self
            .statuses
            .iter()
            .filter(|((source, note_id), (_, at))| {
                !self.statuses_sent.contains(&(source.clone(), note_id.clone(), *at))
            })
            .map(|((source, note_id), (status, at))| (source.clone(), note_id.clone(), *status, *at))
            .collect();
        pending.sort_by_key(|p| p.3);
        pending
    }

    /// Votes not yet confirmed by their source.
    pub fn unsent(&self) -> impl Iterator<Item = &Vote> {
        self.votes.iter().filter(|vote| !self.sent.contains(&vote.vote_id))
    }

    /// Votes per note: this week's and all of them.
    pub fn tallies(&self, week: Week) -> Tallies {
        let week = week.to_string();
        let mut tallies = Tallies::default();
        for vote in &self.votes {
            let key = (vote.source.clone(), vote.note_id.clone());
            let entry = tallies.per_note.entry(key).or_default();
            entry.total += 1;
            if vote.week == week {
                entry.this_week += 1;
            }
            if !self.sent.contains(&vote.vote_id) && !self.parked.contains(&vote.vote_id) {
                entry.unsent += 1;
            }
            *tallies.per_week.entry(vote.week.clone()).or_default() += 1;
        }
        tallies
    }
}

/// A note's local votes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    pub this_week: u32,
    pub total: u32,
    /// Cast here and not yet counted by the source.
    pub unsent: u32,
}

/// Local votes per (source, note), and per week for trends.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tallies {
    pub per_note: HashMap<(String, String), Count>,
    pub per_week: HashMap<String, u32>,
}

impl Tallies {
    pub fn of(&self, source: &str, note_id: &str) -> Count {
        self.per_note.get(&(source.to_string(), note_id.to_string())).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
