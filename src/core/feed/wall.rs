//! The wall feed format, version 1: `{"version": 1, "notes": [...], "commitments": [...]}`
//! as JSON, or the same structure as RON.
//!
//! Items are parsed one by one, so one broken note does not hide the others.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::Value;

use super::{FeedError, Parsed, SkippedItem};
use crate::core::model::{Commitment, Note, NoteKind, Snapshot, Status, Team};

/// The only version this build understands.
pub const VERSION: u64 = 1;

/// The text format of a wall feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Ron,
}

impl Syntax {
    /// RON for `.ron` files, JSON for everything else.
    pub fn from_path(path: &std::path::Path) -> Syntax {
        match path.extension().and_then(|ext| ext.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("ron") => Syntax::Ron,
            _ => Syntax::Json,
        }
    }
}

/// Parses a wall feed read at `read_at`.
pub fn parse(text: &str, syntax: Syntax, read_at: DateTime<Utc>) -> Result<Parsed, FeedError> {
    let document: Value = match syntax {
        Syntax::Json => serde_json::from_str(text).map_err(|err| FeedError::Syntax {
            line: err.line(),
            column: err.column(),
            message: err.to_string(),
        })?,
        Syntax::Ron => ron::from_str(text).map_err(|err| FeedError::Syntax {
            line: err.span.start.line,
            column: err.span.start.col,
            message: err.code.to_string(),
        })?,
    };
    from_document(document, read_at)
}

fn from_document(document: Value, read_at: DateTime<Utc>) -> Result<Parsed, FeedError> {
    let Value::Object(mut fields) = document else {
        return Err(FeedError::Shape("expected an object with \"version\", \"notes\" and \"commitments\"".into()));
    };
    match fields.get("version") {
        Some(Value::Number(number)) => match number.as_u64() {
            Some(VERSION) => {}
            Some(other) => return Err(FeedError::UnknownVersion(other)),
            None => return Err(FeedError::Shape(format!("\"version\" must be 1, not {number}"))),
        },
        Some(other) => return Err(FeedError::Shape(format!("\"version\" must be 1, not {other}"))),
        None => return Err(FeedError::Shape("missing \"version\": 1".into())),
    }

    let mut skipped = Vec::new();
    let notes = parse_items(fields.remove("notes"), "notes", &mut skipped, note_from_wire);
    let commitments = parse_items(fields.remove("commitments"), "commitments", &mut skipped, commitment_from_wire);
    // A section of the wrong shape is skipped like a bad item, so the good
    // section beside it still shows; with neither usable, the wall keeps
    // its last good snapshot.
    match (notes, commitments) {
        (Err(notes), Err(commitments)) => Err(FeedError::Shape(format!("{notes}; {commitments}"))),
        (notes, commitments) => {
            let notes = or_skipped(notes, "notes", &mut skipped);
            let commitments = or_skipped(commitments, "commitments", &mut skipped);
            Ok(Parsed { snapshot: Snapshot { notes, commitments, read_at }, skipped })
        }
    }
}

/// A section's items, or none with the reason among the skipped.
fn or_skipped<T>(section: Result<Vec<T>, String>, name: &'static str, skipped: &mut Vec<SkippedItem>) -> Vec<T> {
    section.unwrap_or_else(|reason| {
        skipped.push(SkippedItem { section: name, index: 0, reason });
        Vec::new()
    })
}

fn parse_items<W, T>(
    list: Option<Value>,
    section: &'static str,
    skipped: &mut Vec<SkippedItem>,
    convert: impl Fn(W) -> Result<T, String>,
) -> Result<Vec<T>, String>
where
    W: for<'de> Deserialize<'de>,
{
    let items = match list {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(format!("\"{section}\" must be a list; the whole section is left out")),
    };
    let mut parsed = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let result = serde_json::from_value::<W>(item).map_err(|err| err.to_string()).and_then(&convert);
        match result {
            Ok(value) => parsed.push(value),
            Err(reason) => skipped.push(SkippedItem { section, index, reason }),
        }
    }
    Ok(parsed)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireNote {
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

fn note_from_wire(wire: WireNote) -> Result<Note, String> {
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
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireCommitment {
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
}

fn commitment_from_wire(wire: WireCommitment) -> Result<Commitment, String> {
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
    })
}

/// Writes a snapshot as a wall feed, with its `read_at` time; the offline
/// cache uses this, and [`parse`] reads it back.
pub fn to_json(snapshot: &Snapshot) -> String {
    use serde_json::json;
    let notes: Vec<Value> = snapshot
        .notes
        .iter()
        .map(|note| {
            json!({
                "id": note.id,
                "kind": note.kind.key(),
                "text": note.text,
                "created_at": note.created_at.to_rfc3339(),
                "team": note.team.as_ref().map(Team::key),
                "noted_by": note.noted_by,
                "customer": note.customer,
                "praised": note.praised,
                "status": note.status.key(),
                "votes": note.votes,
                "tags": note.tags,
            })
        })
        .collect();
    let commitments: Vec<Value> = snapshot
        .commitments
        .iter()
        .map(|commitment| {
            json!({
                "id": commitment.id,
                "person": commitment.person,
                "team": commitment.team.as_ref().map(Team::key),
                "promise": commitment.promise,
                "made_on": commitment.made_on.format("%Y-%m-%d").to_string(),
                "due": commitment.due.map(|due| due.format("%Y-%m-%d").to_string()),
                "kept": commitment.kept,
            })
        })
        .collect();
    json!({
        "version": VERSION,
        "read_at": snapshot.read_at.to_rfc3339(),
        "notes": notes,
        "commitments": commitments,
    })
    .to_string()
}

fn non_blank(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

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
    fn a_section_of_the_wrong_shape_leaves_the_other_one_standing() -> Result<(), FeedError> {
        let text = r#"{"version": 1, "notes": [{"id": "a", "kind": "idea", "text": "x", "created_at": "2026-11-20T09:30:00Z"}], "commitments": {"id": "c"}}"#;
        let parsed = parse(text, Syntax::Json, Utc::now())?;
        assert_eq!(parsed.snapshot.notes.len(), 1, "the good notes stay");
        assert_eq!(parsed.skipped.len(), 1);
        assert!(parsed.skipped[0].reason.contains("\"commitments\" must be a list"), "{:?}", parsed.skipped);
        let neither = r#"{"version": 1, "notes": "none", "commitments": 7}"#;
        assert!(matches!(parse(neither, Syntax::Json, Utc::now()), Err(FeedError::Shape(_))));
        Ok(())
    }

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

    #[test]
    fn unknown_or_missing_version_is_an_error() {
        let err = parse(r#"{"version": 2, "notes": []}"#, Syntax::Json, now());
        assert_eq!(err, Err(FeedError::UnknownVersion(2)));
        let err = parse(r#"{"notes": []}"#, Syntax::Json, now());
        assert!(matches!(err, Err(FeedError::Shape(_))));
        let err = parse(r#"[1, 2]"#, Syntax::Json, now());
        assert!(matches!(err, Err(FeedError::Shape(_))));
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = parse("{\n  \"version\": 1,\n  \"notes\": [,]\n}", Syntax::Json, now());
        match err {
            Err(FeedError::Syntax { line, column, .. }) => assert_eq!((line, column), (3, 13)),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn the_same_structure_parses_as_ron() -> Result<(), FeedError> {
        let text = r#"(
            version: 1,
            notes: [
                (id: "r1", kind: "Suggestie", text: "Zet de storingskaart op de app", created_at: "2026-11-22T08:00:00+01:00", votes: 2),
            ],
            commitments: [
                (id: "c1", person: "Ahmed", promise: "Ik bel elke klant terug", made_on: "2026-11-01", kept: true),
            ],
        )"#;
        let parsed = parse(text, Syntax::Ron, now())?;
        assert_eq!(parsed.snapshot.notes.len(), 1);
        assert_eq!(parsed.snapshot.notes[0].kind, NoteKind::Suggestion);
        assert_eq!(parsed.snapshot.notes[0].votes, 2);
        assert!(parsed.snapshot.commitments[0].kept);
        Ok(())
    }
}

#[cfg(test)]
mod documented_examples {
    use super::*;

    /// The code blocks of one language in a Markdown file.
    fn code_blocks<'a>(markdown: &'a str, language: &str) -> Vec<&'a str> {
        let fence = format!("```{language}\n");
        markdown.split(fence.as_str()).skip(1).filter_map(|rest| rest.split("```").next()).collect()
    }

    #[test]
    fn the_examples_in_the_feed_format_doc_parse_cleanly() -> Result<(), FeedError> {
        let doc = include_str!("../../../docs/feed-format.md");
        let json = code_blocks(doc, "json");
        let ron = code_blocks(doc, "ron");
        let complete = json.iter().find(|block| block.contains("\"notes\": [\n"));
        let parsed = parse(complete.copied().unwrap_or_default(), Syntax::Json, Utc::now())?;
        assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
        assert_eq!(parsed.snapshot.notes.len(), 3);
        assert_eq!(parsed.snapshot.commitments.len(), 2);
        assert_eq!(ron.len(), 1);
        let parsed = parse(ron[0], Syntax::Ron, Utc::now())?;
        assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
        assert_eq!(parsed.snapshot.notes.len(), 1);
        Ok(())
    }
}
