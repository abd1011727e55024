//! The wall feed format, version 1: `{"version": 1, "notes": [...], "commitments": [...]}`
//! as JSON, or the same structure as RON.
//!
//! Items are parsed one by one, so one broken note does not hide the others.
//!
//! This file reads and writes the document; `wire` turns its items into
//! notes and commitments.

mod wire;

pub(crate) use wire::web_address;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use super::{FeedError, Parsed, SkippedItem};
use crate::model::{Snapshot, Team};
use wire::{commitment_from_wire, note_from_wire};

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
            Ok(Parsed { snapshot: Snapshot { notes, commitments, read_at, withheld: 0 }, skipped, first_pages: None })
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
                "approved": note.approved,
                "url": note.url,
                "topic": note.topic,
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
                "approved": commitment.approved,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NoteKind;

    pub(super) fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

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

    /// `approved` is read, and kept by the offline cache (which writes
    /// this format), so a wall that boots offline shows what was approved.
    #[test]
    fn approval_is_read_and_survives_the_cache() -> Result<(), FeedError> {
        let text = r#"{"version": 1, "notes": [
            {"id": "a", "kind": "compliment", "text": "Top", "created_at": "2026-11-20T09:30:00Z", "praised": "Sanne", "approved": true},
            {"id": "b", "kind": "compliment", "text": "Top", "created_at": "2026-11-20T09:30:00Z"}],
          "commitments": [{"id": "c", "person": "Ahmed", "promise": "Bellen", "made_on": "2026-11-01", "approved": true}]}"#;
        let parsed = parse(text, Syntax::Json, now())?;
        let again = parse(&to_json(&parsed.snapshot), Syntax::Json, now())?;
        for snapshot in [&parsed.snapshot, &again.snapshot] {
            assert!(snapshot.notes[0].approved && !snapshot.notes[1].approved);
            assert!(snapshot.commitments[0].approved);
        }
        Ok(())
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
        let doc = include_str!("../../../../../docs/feed-format.md");
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
