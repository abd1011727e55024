//! Any helpdesk's JSON (Zendesk and Freshdesk satisfaction ratings, …):
//! the config maps fields to notes with JSON pointers (RFC 6901), so no
//! code is needed per vendor. One page at a time; the page says where the
//! next one is.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{FeedError, SkippedItem};
use crate::model::{Note, NoteKind, Status, Team};

/// Where each field of a note is in an item, as JSON pointers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    /// The list of items in the page ("" for a page that is the list).
    pub items: String,
    pub id: String,
    pub text: String,
    pub created_at: String,
    pub kind: KindMap,
    pub team: Option<String>,
    pub noted_by: Option<String>,
    pub customer: Option<String>,
    /// The next page's address in the page, if the API pages.
    pub next: Option<String>,
    /// The fields a shared list has besides (Microsoft Lists).
    pub more: MoreFields,
}

/// Pointers to the fields of a shared list: who is praised, the status,
/// the votes every wall shares, the approval and the item's own page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MoreFields {
    pub praised: Option<String>,
    pub status: Option<String>,
    pub votes: Option<String>,
    /// Yes (`true`, "yes", "ja", "x", 1) approves the item for the wall.
    pub approved: Option<String>,
    pub url: Option<String>,
    /// The note's topic: a text, or a list of texts (Zendesk `tags`) of
    /// which the first with `topic_prefix` counts, the prefix taken off.
    pub topic: Option<String>,
    pub topic_prefix: Option<String>,
}

/// The kind from a field's value: `{"good": compliment, "bad": complaint}`.
#[derive(Debug, Clone, PartialEq)]
pub struct KindMap {
    pub from: Option<String>,
    pub map: BTreeMap<String, NoteKind>,
    pub default: NoteKind,
}

impl Default for KindMap {
    fn default() -> KindMap {
        KindMap { from: None, map: BTreeMap::new(), default: NoteKind::Suggestion }
    }
}

/// One page: its notes, the items left out (and why), and the next page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub notes: Vec<Note>,
    pub skipped: Vec<SkippedItem>,
    /// Items without text: ratings without a comment, left out and counted.
    pub without_text: usize,
    pub next: Option<String>,
}

/// A value as text: strings as they are, numbers and booleans written out.
pub(super) fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.trim().to_string()).filter(|text| !text.is_empty()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// A count as a list keeps it (`3`, `3.0`), never negative or beyond u32.
fn whole_votes(votes: f64) -> u32 {
    if votes.is_finite() { votes.round().clamp(0.0, f64::from(u32::MAX)) as u32 } else { 0 }
}

/// The names found next to a missing field, for the error message: "; the
/// items have Title, Soort".
fn fields_seen(item: Option<&Value>, pointer: &str) -> String {
    let parent = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
    match item.and_then(|item| item.pointer(parent)) {
        Some(Value::Object(fields)) => {
            let names: Vec<&str> = fields.keys().map(String::as_str).filter(|name| !name.starts_with('@')).collect();
            format!("; the items have {}", names.join(", "))
        }
        _ => String::new(),
    }
}

/// A topic from a field: its text, or the first text of a list that has
/// `prefix` (taken off; any text when no prefix is set).
fn topic_of(value: Option<&Value>, prefix: Option<&str>) -> Option<String> {
    let pick = |text: &str| -> Option<String> {
        let text = text.trim();
        let topic = match prefix.map(str::trim).filter(|p| !p.is_empty()) {
            Some(prefix) => text
                .get(..prefix.len())
                .filter(|head| head.eq_ignore_ascii_case(prefix))
                .map(|_| &text[prefix.len()..])?,
            None => text,
        };
        let topic = topic.trim().trim_start_matches(['-', '_', ':']).trim();
        (!topic.is_empty()).then(|| topic.to_string())
    };
    match value? {
        Value::Array(values) => values.iter().filter_map(Value::as_str).find_map(pick),
        Value::String(text) => pick(text),
        _ => None,
    }
}

/// What one item of a page became.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Note(Note),
    /// No text (a rating without a comment): left out and counted. The id,
    /// where it has one.
    NoText(Option<String>),
    /// Left out, and why; the id, where it has one.
    Skipped(Option<String>, SkippedItem),
}

/// Reads the answer's JSON, or says where it is broken.
pub fn document(text: &str) -> Result<Value, FeedError> {
    serde_json::from_str(text).map_err(|err| FeedError::Syntax {
        line: err.line(),
        column: err.column(),
        message: err.to_string(),
    })
}

/// The list of items in a page, or why there is none.
pub fn items_of<'a>(document: &'a Value, mapping: &Mapping) -> Result<&'a [Value], FeedError> {
    match document.pointer(&mapping.items) {
        Some(Value::Array(items)) => Ok(items),
        _ => Err(FeedError::Shape(format!(
            "no list of items at {:?} in the answer; check `items` in the config (\"\" when the answer is the list)",
            mapping.items
        ))),
    }
}

/// One item (the `index`th of its page) as a note, or why it is left out.
pub fn parse_item(item: &Value, index: usize, mapping: &Mapping, read_at: DateTime<Utc>) -> Item {
    let field = |pointer: &Option<String>| pointer.as_deref().and_then(|p| text_of(item.pointer(p)));
    let id = text_of(item.pointer(&mapping.id));
    let Some(note_text) = text_of(item.pointer(&mapping.text)) else {
        return Item::NoText(id);
    };
    let Some(id) = id else {
        return Item::Skipped(
            None,
            SkippedItem { section: "items", index, reason: format!("no id at {:?}", mapping.id) },
        );
    };
    let created_at = match text_of(item.pointer(&mapping.created_at)) {
        Some(time) => match DateTime::parse_from_rfc3339(&time) {
            Ok(time) => time.with_timezone(&Utc),
            Err(err) => {
                let reason = format!("item {id}: {time:?} at {:?} is not an RFC 3339 time ({err})", mapping.created_at);
                return Item::Skipped(Some(id), SkippedItem { section: "items", index, reason });
            }
        },
        None => read_at,
    };
    // The map first, then the kind's own name in English or Dutch.
    let kind = field(&mapping.kind.from)
        .and_then(|value| mapping.kind.map.get(&value).copied().or_else(|| NoteKind::parse(&value)))
        .unwrap_or(mapping.kind.default);
    let more = &mapping.more;
    Item::Note(Note {
        team: field(&mapping.team).as_deref().and_then(Team::parse),
        noted_by: field(&mapping.noted_by),
        customer: field(&mapping.customer),
        praised: field(&more.praised),
        status: field(&more.status).as_deref().and_then(Status::parse).unwrap_or(Status::New),
        votes: field(&more.votes).and_then(|votes| votes.parse::<f64>().ok()).map_or(0, whole_votes),
        approved: field(&more.approved).is_some_and(|value| super::csv::is_yes(&value)),
        url: super::wall::web_address(field(&more.url)),
        topic: more.topic.as_deref().and_then(|p| topic_of(item.pointer(p), more.topic_prefix.as_deref())),
        ..Note::new(id, kind, note_text, created_at)
    })
}

/// A page whose items all lack the text field names the config's text
/// column wrong: an error that says so, rather than an empty wall.
pub fn check_text_column(items: &[Value], page: &Page, mapping: &Mapping) -> Result<(), FeedError> {
    if page.notes.is_empty() && page.without_text > 0 && items.iter().all(|item| item.pointer(&mapping.text).is_none())
    {
        return Err(FeedError::Shape(format!(
            "none of the {} items has a field at {:?}; check the text column in the config{}",
            items.len(),
            mapping.text,
            fields_seen(items.first(), &mapping.text)
        )));
    }
    Ok(())
}

/// The next page's address in `document`, by the mapping's `next`.
pub fn next_of(document: &Value, pointer: Option<&str>) -> Option<String> {
    pointer
        .and_then(|pointer| text_of(document.pointer(pointer)))
        .filter(|next| next.starts_with("https://") || next.starts_with("http://"))
}

/// Parses one page of the API's answer.
pub fn parse_page(text: &str, mapping: &Mapping, read_at: DateTime<Utc>) -> Result<Page, FeedError> {
    let document = document(text)?;
    let items = items_of(&document, mapping)?;
    let mut page = Page { notes: Vec::new(), skipped: Vec::new(), without_text: 0, next: None };
    for (index, item) in items.iter().enumerate() {
        match parse_item(item, index, mapping, read_at) {
            Item::Note(note) => page.notes.push(note),
            Item::NoText(_) => page.without_text += 1,
            Item::Skipped(_, skipped) => page.skipped.push(skipped),
        }
    }
    check_text_column(items, &page, mapping)?;
    page.next = next_of(&document, mapping.next.as_deref());
    Ok(page)
}

/// Mappings the tests share (the app's source tests read real pages
/// with them too): only in test builds and with the `fixtures` feature.
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures {
    use super::*;

    /// Zendesk's satisfaction ratings, cursor pages: good ratings with a
    /// comment are compliments, bad ones complaints, those without a
    /// comment are left out and counted.
    pub fn zendesk() -> Mapping {
        Mapping {
            items: "/satisfaction_ratings".into(),
            id: "/id".into(),
            text: "/comment".into(),
            created_at: "/created_at".into(),
            kind: KindMap {
                from: Some("/score".into()),
                map: [("good".to_string(), NoteKind::Compliment), ("bad".to_string(), NoteKind::Complaint)].into(),
                default: NoteKind::Suggestion,
            },
            team: None,
            noted_by: None,
            customer: None,
            next: Some("/links/next".into()),
            more: MoreFields::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::zendesk;
    use super::*;

    #[test]
    fn zendesk_ratings_become_compliments_and_complaints() -> Result<(), FeedError> {
        let page = r#"{"satisfaction_ratings": [
            {"id": 35436, "score": "good", "comment": "Snel geholpen, dank!", "created_at": "2026-11-20T09:30:00Z"},
            {"id": 35437, "score": "bad", "comment": "Drie keer doorverbonden.", "created_at": "2026-11-21T10:00:00Z"},
            {"id": 35438, "score": "good", "comment": "", "created_at": "2026-11-21T11:00:00Z"},
            {"id": 35439, "score": "offered", "comment": "Nog niet beoordeeld", "created_at": "not a time"}],
            "meta": {"has_more": true}, "links": {"next": "https://acme.zendesk.com/api/v2/satisfaction_ratings?page[after]=xyz"}}"#;
        let parsed = parse_page(page, &zendesk(), Utc::now())?;
        let kinds: Vec<(&str, NoteKind)> = parsed.notes.iter().map(|n| (n.id.as_str(), n.kind)).collect();
        assert_eq!(kinds, [("35436", NoteKind::Compliment), ("35437", NoteKind::Complaint)]);
        assert_eq!(parsed.without_text, 1);
        assert_eq!(parsed.skipped.len(), 1, "the bad time is skipped with a reason");
        assert!(parsed.skipped[0].reason.contains("RFC 3339"));
        assert_eq!(
            parsed.next.as_deref(),
            Some("https://acme.zendesk.com/api/v2/satisfaction_ratings?page[after]=xyz")
        );
        let last = parse_page(r#"{"satisfaction_ratings": [], "links": {"next": null}}"#, &zendesk(), Utc::now())?;
        assert_eq!(last.next, None);
        Ok(())
    }

    /// Freshdesk answers with the list itself; numbers map to kinds.
    #[test]
    fn a_list_answer_and_numeric_scores_map_too() -> Result<(), FeedError> {
        let mapping = Mapping {
            items: String::new(),
            text: "/feedback".into(),
            kind: KindMap {
                from: Some("/ratings/default_question".into()),
                map: [("103".to_string(), NoteKind::Compliment), ("-103".to_string(), NoteKind::Complaint)].into(),
                default: NoteKind::Suggestion,
            },
            next: None,
            ..zendesk()
        };
        let page = r#"[{"id": 1, "feedback": "Super", "ratings": {"default_question": 103}, "created_at": "2026-11-20T09:30:00Z"},
                       {"id": 2, "feedback": "Matig", "ratings": {"default_question": 100}, "created_at": "2026-11-20T09:30:00Z"}]"#;
        let parsed = parse_page(page, &mapping, Utc::now())?;
        let kinds: Vec<NoteKind> = parsed.notes.iter().map(|n| n.kind).collect();
        assert_eq!(kinds, [NoteKind::Compliment, NoteKind::Suggestion]);
        let wrong = parse_page(r#"{"ratings": []}"#, &zendesk(), Utc::now());
        assert!(matches!(wrong, Err(FeedError::Shape(message)) if message.contains("/satisfaction_ratings")));
        Ok(())
    }
}
