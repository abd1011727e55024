//! "You said, we did" that lasts: every note that became Done (by its
//! source's status or by a stand-up decision), with the moment the wall saw
//! it, kept in the data folder. Feeds drop old notes; the history does not,
//! so the Wall of Fame, the Priorities scene and the stand-up can say what
//! was done. Bounded: half a year, at most [`KEEP_MAX`] notes.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::ingest::cap;
use super::model::{Note, NoteKind, NoteRef, Status, Team};

/// Done notes older than this are forgotten.
pub const KEEP_WEEKS: i64 = 26;
/// At most this many done notes are kept (the newest).
pub const KEEP_MAX: usize = 500;
/// A done note's text is kept up to this many characters.
pub const TEXT_MAX: usize = 300;
/// "We did N things you asked for in the last 12 weeks".
pub const RECENT_WEEKS: i64 = 12;

/// One note that became Done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoneNote {
    pub source: String,
    pub id: String,
    /// The kind's key (`complaint`, …).
    pub kind: String,
    pub text: String,
    #[serde(default)]
    pub team: Option<String>,
    /// When the wall first saw it Done.
    pub done_at: DateTime<Utc>,
}

impl DoneNote {
    /// As a note, to draw it like one: status Done, noted when it was done.
    pub fn as_note(&self) -> Note {
        let kind = NoteKind::parse(&self.kind).unwrap_or(NoteKind::Suggestion);
        Note {
            team: self.team.as_deref().and_then(Team::parse),
            status: Status::Done,
            ..Note::new(self.id.clone(), kind, self.text.clone(), self.done_at)
        }
    }
}

/// The notes done so far, newest first, and when the last stand-up ended.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DoneHistory {
    #[serde(default)]
    pub done: Vec<DoneNote>,
    #[serde(default)]
    pub last_standup: Option<DateTime<Utc>>,
    /// The notes seen open ("source/id"): only these count when they turn
    /// Done, so a note that was already Done when the wall first read it
    /// (a first start, a new source) claims nothing.
    #[serde(default)]
    pub open: BTreeSet<String>,
}

impl DoneHistory {
    /// The notes on the wall now: each one seen open before that is Done
    /// now is added as done at `now` (also after a restart: the open ones
    /// are kept in the file). Compliments are not requests and are left
    /// out. Also forgets what is too old. Says whether anything changed.
    pub fn observe<'a>(&mut self, notes: impl IntoIterator<Item = (NoteRef, &'a Note)>, now: DateTime<Utc>) -> bool {
        let before = self.done.len();
        let mut open = BTreeSet::new();
        for (at, note) in notes {
            let key = format!("{}/{}", at.source, at.id);
            if note.status != Status::Done {
                open.insert(key);
                continue;
            }
            if note.kind == NoteKind::Compliment || !self.open.contains(&key) || self.has(&at) {
                continue;
            }
            let mut text = note.text.clone();
            cap(&mut text, TEXT_MAX);
            self.done.push(DoneNote {
                source: at.source,
                id: at.id,
                kind: note.kind.key().to_string(),
                text,
                team: note.team.as_ref().map(|team| team.key().to_string()),
                done_at: now,
            });
        }
        let added = self.done.len() != before || open != self.open;
        self.open = open;
        self.done.sort_by(|a, b| b.done_at.cmp(&a.done_at).then_with(|| a.id.cmp(&b.id)));
        let kept = self.done.len();
        self.done.retain(|note| now - note.done_at < Duration::weeks(KEEP_WEEKS));
        self.done.truncate(KEEP_MAX);
        added || self.done.len() != kept
    }

    fn has(&self, at: &NoteRef) -> bool {
        self.done.iter().any(|note| note.source == at.source && note.id == at.id)
    }

    /// Done at or after `from`, newest first.
    pub fn since(&self, from: DateTime<Utc>) -> impl Iterator<Item = &DoneNote> {
        self.done.iter().filter(move |note| note.done_at >= from)
    }

    /// How many were done in the [`RECENT_WEEKS`] before `now`.
    pub fn recent_count(&self, now: DateTime<Utc>) -> usize {
        self.since(now - Duration::weeks(RECENT_WEEKS)).count()
    }

    /// What was done since the last stand-up (or in the last week, before
    /// the first one).
    pub fn since_last_standup(&self, now: DateTime<Utc>) -> Vec<&DoneNote> {
        self.since(self.last_standup.unwrap_or(now - Duration::weeks(1))).collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).single().unwrap_or_default()
    }

    fn note(id: &str, kind: NoteKind, status: Status) -> Note {
        Note { kind, status, text: format!("note {id}"), ..DoneNote::as_note(&done_note(id)) }
    }

    fn done_note(id: &str) -> DoneNote {
        DoneNote {
            source: "feed".into(),
            id: id.into(),
            kind: "idea".into(),
            text: String::new(),
            team: Some("marketing".into()),
            done_at: at(1, 9),
        }
    }

    fn refs(notes: &[Note]) -> Vec<(NoteRef, &Note)> {
        notes.iter().map(|n| (NoteRef { source: "feed".into(), id: n.id.clone() }, n)).collect()
    }

    /// A note is recorded once, when it turns Done, with its kind, text and
    /// team; open notes, compliments and notes Done before the wall saw
    /// them open are not.
    #[test]
    fn a_note_is_recorded_once_when_it_becomes_done() {
        let mut history = DoneHistory::default();
        let mut notes =
            vec![note("a", NoteKind::Complaint, Status::Planned), note("b", NoteKind::Compliment, Status::Done)];
        let before = [note("x", NoteKind::Idea, Status::Done)];
        history.observe(refs(&before), at(19, 9));
        assert!(history.done.is_empty(), "done before the wall saw it open: not claimed");
        assert!(history.observe(refs(&notes), at(20, 9)), "a is seen open");
        assert!(!history.observe(refs(&notes), at(20, 10)));
        notes[0].status = Status::Done;
        assert!(history.observe(refs(&notes), at(23, 10)));
        assert!(!history.observe(refs(&notes), at(23, 11)), "seen before: nothing new");
        assert_eq!(history.done.len(), 1);
        let done = &history.done[0];
        assert_eq!((done.id.as_str(), done.kind.as_str(), done.done_at), ("a", "complaint", at(23, 10)));
        assert_eq!(done.as_note().team, Some(Team::Marketing));
        // The feed drops it: the history keeps it.
        assert!(!history.observe(Vec::new(), at(24, 9)));
        assert_eq!(history.since(at(23, 0)).count(), 1);
    }

    /// Twelve weeks count for the Priorities line; the stand-up lists what
    /// was done since the last one; half a year and 500 notes at most.
    #[test]
    fn the_history_answers_by_period_and_stays_bounded() {
        let mut history = DoneHistory::default();
        let notes: Vec<Note> = (0..600).map(|i| note(&format!("n{i}"), NoteKind::Idea, Status::Done)).collect();
        let open: Vec<Note> = notes.iter().map(|n| Note { status: Status::New, ..n.clone() }).collect();
        for (i, chunk) in notes.chunks(100).enumerate() {
            history.observe(refs(&open[i * 100..i * 100 + 100]), at(1, 0) - Duration::weeks(5 * i as i64 + 1));
            history.observe(refs(chunk), at(1, 0) - Duration::weeks(5 * i as i64));
        }
        assert_eq!(history.done.len(), 500, "at most 500");
        assert_eq!(history.recent_count(at(1, 1)), 300, "weeks 0, 5 and 10 of the last 12");
        history.observe(Vec::new(), at(1, 0) + Duration::weeks(6));
        assert_eq!(history.done.len(), 400, "older than 26 weeks forgotten");
        history.last_standup = Some(at(1, 0) - Duration::weeks(1));
        assert_eq!(history.since_last_standup(at(2, 0)).len(), 100);
    }

    #[test]
    fn the_history_survives_its_file() -> Result<(), String> {
        let mut history = DoneHistory { last_standup: Some(at(16, 9)), ..DoneHistory::default() };
        history.observe(
            refs(&[note("a", NoteKind::Question, Status::New), note("b", NoteKind::Idea, Status::New)]),
            at(19, 9),
        );
        history.observe(
            refs(&[note("a", NoteKind::Question, Status::Done), note("b", NoteKind::Idea, Status::New)]),
            at(20, 9),
        );
        assert_eq!((history.done.len(), history.open.len()), (1, 1));
        let text = serde_json::to_string(&history).map_err(|err| err.to_string())?;
        assert_eq!(serde_json::from_str::<DoneHistory>(&text).map_err(|err| err.to_string())?, history);
        assert!(serde_json::from_str::<DoneHistory>("{").is_err());
        Ok(())
    }
}
