//! The items of a wall feed, as written: each note and commitment is
//! checked and turned into the model's type, or skipped with a reason.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::model::{Commitment, Note, NoteKind, Status, Team};

/// A note as a feed writes it; [`note_from_wire`] checks it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WireNote {
    id: IdValue,
    kind: String,
    text: String,
    created_at: String,
    #[serde(default)]
    team: Option<String>,
    #[serde(default)]
    noted_by: Option<String>,
    #[serde(default)]
    customer: Option<String>,
    #[serde(default)]
    praised: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    votes: Option<u32>,
    #[serde(default)]
    tags: Vec<String>,
    /// The people named agreed to show it (`fame: (require_approval: true)`).
    #[serde(default)]
    approved: bool,
    /// The note's own page at its source, for a phone (http or https).
    #[serde(default)]
    url: Option<String>,
    /// What the note is about ("Jaarafrekening"), as the source knows it.
    #[serde(default)]
    topic: Option<String>,
}

/// Ids may be written as strings or numbers; both become text.
#[derive(Deserialize)]
#[serde(untagged)]
enum IdValue {
    Text(String),
    Number(u64),
}

impl IdValue {
    fn into_id(self) -> Result<String, String> {
        let id = match self {
            IdValue::Text(text) => text.trim().to_string(),
            IdValue::Number(number) => number.to_string(),
        };
        if id.is_empty() { Err("\"id\" is empty".into()) } else { Ok(id) }
    }
}

/// A page a phone can open: an http or https address, else nothing (the
/// note still shows, without its code).
pub(crate) fn web_address(url: Option<String>) -> Option<String> {
    let url = url?.trim().to_string();
    let lower = url.to_lowercase();
    ((lower.starts_with("https://") || lower.starts_with("http://")) && url.len() <= 2000).then_some(url)
}

pub(super) fn note_from_wire(wire: WireNote) -> Result<Note, String> {
    let id = wire.id.into_id()?;
    let kind = NoteKind::parse(&wire.kind).ok_or_else(|| {
        format!(
            "note {id}: unknown kind {:?}; use recommendation, complaint, suggestion, idea, question or compliment",
            wire.kind
        )
    })?;
    let text = wire.text.trim().to_string();
    if text.is_empty() {
        return Err(format!("note {id}: \"text\" is empty"));
    }
    let created_at = DateTime::parse_from_rfc3339(wire.created_at.trim())
        .map_err(|err| {
            format!(
                "note {id}: \"created_at\" {:?} is not an RFC 3339 time like 2026-11-23T14:05:00+01:00 ({err})",
                wire.created_at
            )
        })?
        .with_timezone(&Utc);
    let status = match wire.status.as_deref().map(str::trim) {
        None | Some("") => Status::New,
        Some(text) => Status::parse(text).ok_or_else(|| {
            format!("note {id}: unknown status {text:?}; use new, discussed, planned, in_progress, done or declined")
        })?,
    };
    Ok(Note {
        id,
        kind,
        text,
        created_at,
        team: wire.team.as_deref().and_then(Team::parse),
        noted_by: non_blank(wire.noted_by),
        customer: non_blank(wire.customer),
        praised: non_blank(wire.praised),
        status,
        votes: wire.votes.unwrap_or(0),
        tags: wire.tags,
        approved: wire.approved,
        url: web_address(wire.url),
        topic: non_blank(wire.topic),
    })
}

/// A commitment as a feed writes it; [`commitment_from_wire`] checks it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WireCommitment {
    id: IdValue,
    person: String,
    #[serde(default)]
    team: Option<String>,
    promise: String,
    made_on: String,
    #[serde(default)]
    due: Option<String>,
    #[serde(default)]
    kept: bool,
    #[serde(default)]
    approved: bool,
}

pub(super) fn commitment_from_wire(wire: WireCommitment) -> Result<Commitment, String> {
    let id = wire.id.into_id()?;
    let date = |field: &str, text: &str| {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|err| format!("commitment {id}: \"{field}\" {text:?} is not a date like 2026-11-23 ({err})"))
    };
    let made_on = date("made_on", &wire.made_on)?;
    let due = match wire.due.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(date("due", text)?),
    };
    let person = wire.person.trim().to_string();
    let promise = wire.promise.trim().to_string();
    if person.is_empty() || promise.is_empty() {
        return Err(format!("commitment {id}: \"person\" and \"promise\" must not be empty"));
    }
    Ok(Commitment {
        id,
        person,
        team: wire.team.as_deref().and_then(Team::parse),
        promise,
        made_on,
        due,
        kept: wire.kept,
        approved: wire.approved,
    })
}

fn non_blank(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::feed::FeedError;
    use crate::feed::wall::tests::now;
    use crate::feed::wall::{Syntax, parse};
    use crate::model::{NoteKind, Status, Team};

    const GOOD: &str = r#"{
        "version": 1,
        "notes": [
            {"id": "n1", "kind": "complaint", "text": "Wachttijd te lang", "created_at": "2026-11-20T09:30:00+01:00",
             "team": "Customer Service", "votes": 3, "status": "planned", "tags": ["wachttijd"]},
            {"id": 2, "kind": "Idee", "text": "Chat op zondag", "created_at": "2026-11-21T10:00:00Z"}
        ],
        "commitments": [
            {"id": "c1", "person": "Sanne", "team": "marketing", "promise": "Elke klacht binnen 24 uur beantwoorden",
             "made_on": "2026-10-12", "due": "2026-12-01"}
        ]
    }"#;

    #[test]
    fn good_feed_parses_every_item() -> Result<(), FeedError> {
        let parsed = parse(GOOD, Syntax::Json, now())?;
        assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
        let notes = &parsed.snapshot.notes;
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].kind, NoteKind::Complaint);
        assert_eq!(notes[0].team, Some(Team::CustomerService));
        assert_eq!(notes[0].status, Status::Planned);
        assert_eq!(notes[0].votes, 3);
        assert_eq!(notes[0].created_at.to_rfc3339(), "2026-11-20T08:30:00+00:00");
        assert_eq!(notes[1].id, "2");
        assert_eq!(notes[1].kind, NoteKind::Idea);
        assert_eq!(notes[1].status, Status::New);
        assert_eq!(notes[1].votes, 0);
        let commitment = &parsed.snapshot.commitments[0];
        assert_eq!(commitment.made_on, NaiveDate::from_ymd_opt(2026, 10, 12).unwrap_or_default());
        assert!(!commitment.kept);
        Ok(())
    }

    #[test]
    fn bad_items_are_skipped_counted_and_explained() -> Result<(), FeedError> {
        let text = r#"{"version": 1, "notes": [
            {"id": "ok", "kind": "vraag", "text": "Waarom?", "created_at": "2026-11-20T09:30:00Z"},
            {"id": "bad-kind", "kind": "rant", "text": "x", "created_at": "2026-11-20T09:30:00Z"},
            {"id": "no-text", "kind": "idea", "created_at": "2026-11-20T09:30:00Z"},
            {"id": "bad-date", "kind": "idea", "text": "x", "created_at": "yesterday"},
            {"id": "ok2", "kind": "KLACHT", "text": "Factuur klopt niet", "created_at": "2026-11-20T09:30:00Z"}
        ], "commitments": [
            {"id": "c", "person": "Piet", "promise": "x", "made_on": "12-10-2026"}
        ]}"#;
        let parsed = parse(text, Syntax::Json, now())?;
        let ids: Vec<_> = parsed.snapshot.notes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["ok", "ok2"]);
        assert_eq!(parsed.skipped.len(), 4);
        let indexes: Vec<_> = parsed.skipped.iter().map(|s| (s.section, s.index)).collect();
        assert_eq!(indexes, [("notes", 1), ("notes", 2), ("notes", 3), ("commitments", 0)]);
        assert!(parsed.skipped[0].reason.contains("unknown kind \"rant\""));
        assert!(parsed.skipped[1].reason.contains("text"));
        assert!(parsed.skipped[2].reason.contains("RFC 3339"));
        assert!(parsed.skipped[3].to_string().starts_with("commitments[0]: "));
        Ok(())
    }

    #[test]
    fn dutch_kinds_and_statuses_are_accepted() -> Result<(), FeedError> {
        let kinds = ["aanbeveling", "klacht", "suggestie", "idee", "vraag", "compliment"];
        let statuses = ["nieuw", "besproken", "gepland", "bezig", "klaar", "afgewezen"];
        let notes: Vec<String> = kinds
            .iter()
            .zip(statuses)
            .enumerate()
            .map(|(i, (kind, status))| {
                format!(r#"{{"id": "{i}", "kind": "{kind}", "status": "{status}", "text": "t", "created_at": "2026-11-20T09:30:00Z"}}"#)
            })
            .collect();
        let text = format!(r#"{{"version": 1, "notes": [{}]}}"#, notes.join(","));
        let parsed = parse(&text, Syntax::Json, now())?;
        let got: Vec<_> = parsed.snapshot.notes.iter().map(|n| (n.kind, n.status)).collect();
        assert_eq!(
            got,
            [
                (NoteKind::Recommendation, Status::New),
                (NoteKind::Complaint, Status::Discussed),
                (NoteKind::Suggestion, Status::Planned),
                (NoteKind::Idea, Status::InProgress),
                (NoteKind::Question, Status::Done),
                (NoteKind::Compliment, Status::Declined),
            ]
        );
        Ok(())
    }
}
