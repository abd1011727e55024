//! A list kept in step by its changes (Microsoft Graph's `items/delta`):
//! the first read enumerates every item, page by page, and ends with a
//! delta link; each later read of that link brings only the items changed
//! since, and the deleted ones (`"deleted": {"state": "deleted"}`). The
//! same item may come more than once: the last one counts.
//!
//! A read is applied only when it is complete, so a failed page never
//! leaves the wall with half a change.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::mapped::{Item, Mapping, Page, check_text_column, document, items_of, next_of, parse_item, text_of};
use super::{FeedError, Parsed, SkippedItem};
use crate::model::Snapshot;

/// Where a delta page names the link for the next changes (OData).
pub const DELTA_LINK: &str = "/@odata.deltaLink";

/// One page of a delta read: its items by id (last one wins), the ids
/// deleted, the next page or the delta link.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeltaPage {
    pub items: Vec<(String, Item)>,
    pub deleted: Vec<String>,
    pub next: Option<String>,
    pub delta_link: Option<String>,
}

impl DeltaPage {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.deleted.is_empty()
    }
}

/// Parses one page of a delta read. An item without an id can be neither
/// kept in step nor deleted: it is left out (and counted as skipped).
/// `full`: a page of the first enumeration, where items that all lack the
/// text column say the config names it wrong. (A page of changes may well
/// hold only an item whose text was emptied: Graph leaves an empty column
/// out.)
pub fn parse_delta_page(
    text: &str,
    mapping: &Mapping,
    read_at: DateTime<Utc>,
    full: bool,
) -> Result<DeltaPage, FeedError> {
    let document = document(text)?;
    let items = items_of(&document, mapping)?;
    let mut page = DeltaPage::default();
    let mut check = Page { notes: Vec::new(), skipped: Vec::new(), without_text: 0, next: None };
    for (index, item) in items.iter().enumerate() {
        let deleted = item.get("deleted").is_some() || item.get("@removed").is_some();
        match (text_of(item.pointer(&mapping.id)), deleted) {
            (Some(id), true) => page.deleted.push(id),
            (None, true) => {}
            (id, false) => {
                let parsed = parse_item(item, index, mapping, read_at);
                match &parsed {
                    Item::Note(note) => check.notes.push(note.clone()),
                    Item::NoText(_) => check.without_text += 1,
                    Item::Skipped(..) => {}
                }
                let key = id.unwrap_or_else(|| format!("#{index}"));
                page.items.push((key, parsed));
            }
        }
    }
    if full {
        check_text_column(items, &check, mapping)?;
    }
    page.next = next_of(&document, mapping.next.as_deref());
    page.delta_link = next_of(&document, Some(DELTA_LINK));
    Ok(page)
}

/// The list as the last complete read left it: every item by id, in the
/// order they first came, and the link for the changes since.
#[derive(Debug, Clone, Default)]
pub struct ListState {
    /// Arrival number → (id, what the item became).
    items: BTreeMap<u64, (String, Item)>,
    /// Id → arrival number.
    order: HashMap<String, u64>,
    next_number: u64,
    /// Where to ask for the changes since this state; `None` before the
    /// first complete read, or after one that could not finish.
    pub link: Option<String>,
}

impl ListState {
    /// Applies one page: changed items replace theirs (keeping their
    /// place), new ones go last, deleted ones leave.
    pub fn apply(&mut self, page: DeltaPage) {
        for id in page.deleted {
            if let Some(number) = self.order.remove(&id) {
                self.items.remove(&number);
            }
        }
        for (id, item) in page.items {
            match self.order.get(&id) {
                Some(number) => {
                    self.items.insert(*number, (id, item));
                }
                None => {
                    let number = self.next_number;
                    self.next_number += 1;
                    self.order.insert(id.clone(), number);
                    self.items.insert(number, (id, item));
                }
            }
        }
    }

    /// How many items the list holds (shown or not).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The notes as a poll's result: every note, and the items left out
    /// (numbered in list order), those without text counted as "no text".
    pub fn parsed(&self, read_at: DateTime<Utc>) -> Parsed {
        let mut parsed = Parsed { snapshot: Snapshot::empty(read_at), skipped: Vec::new(), first_pages: None };
        for (index, (_, item)) in self.items.values().enumerate() {
            match item {
                Item::Note(note) => parsed.snapshot.notes.push(note.clone()),
                Item::NoText(_) => {
                    parsed.skipped.push(SkippedItem { section: "items", index, reason: "no text".into() })
                }
                Item::Skipped(_, skipped) => parsed.skipped.push(SkippedItem { index, ..skipped.clone() }),
            }
        }
        parsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn mapping() -> Mapping {
        Mapping {
            items: "/value".into(),
            id: "/id".into(),
            text: "/fields/Title".into(),
            created_at: "/createdDateTime".into(),
            next: Some("/@odata.nextLink".into()),
            ..Mapping::default()
        }
    }

    fn page(body: Value) -> DeltaPage {
        match parse_delta_page(&body.to_string(), &mapping(), Utc::now(), false) {
            Ok(page) => page,
            Err(err) => panic!("{err}"),
        }
    }

    fn texts(state: &ListState) -> Vec<String> {
        state.parsed(Utc::now()).snapshot.notes.into_iter().map(|note| format!("{}:{}", note.id, note.text)).collect()
    }

    #[test]
    fn changes_replace_in_place_add_at_the_end_and_deletions_leave() {
        let mut state = ListState::default();
        let first = page(json!({
            "value": [
                {"id": "1", "fields": {"Title": "Bezorger belde niet aan"}},
                {"id": "2", "fields": {"Title": "Snel geholpen"}},
                {"id": "3", "fields": {}},
            ],
            "@odata.nextLink": "https://graph.example/items/delta?$skiptoken=3",
        }));
        assert_eq!(first.next.as_deref(), Some("https://graph.example/items/delta?$skiptoken=3"));
        assert_eq!(first.delta_link, None);
        state.apply(first);
        let last = page(json!({
            "value": [{"id": "4", "fields": {"Title": "Chat in het weekend?"}}],
            "@odata.deltaLink": "https://graph.example/items/delta?token=7",
        }));
        assert_eq!(last.delta_link.as_deref(), Some("https://graph.example/items/delta?token=7"));
        state.apply(last);
        assert_eq!(texts(&state), ["1:Bezorger belde niet aan", "2:Snel geholpen", "4:Chat in het weekend?"]);
        assert_eq!(state.parsed(Utc::now()).skipped.len(), 1, "the item without text is counted");
        // Changes: 2 edited twice (the last counts), 1 deleted, 3 got its
        // text, 5 is new.
        let changes = page(json!({
            "value": [
                {"id": "2", "fields": {"Title": "Snel"}},
                {"id": "1", "deleted": {"state": "deleted"}},
                {"id": "3", "fields": {"Title": "Nu met tekst"}},
                {"id": "5", "fields": {"Title": "Nieuw"}},
                {"id": "2", "fields": {"Title": "Snel geholpen door Sanne"}},
            ],
            "@odata.deltaLink": "https://graph.example/items/delta?token=9",
        }));
        state.apply(changes);
        assert_eq!(
            texts(&state),
            ["2:Snel geholpen door Sanne", "3:Nu met tekst", "4:Chat in het weekend?", "5:Nieuw"]
        );
        assert!(state.parsed(Utc::now()).skipped.is_empty());
        // A note whose text is emptied leaves the wall; nothing changed is empty.
        state.apply(page(json!({"value": [{"id": "4", "fields": {"Title": ""}}]})));
        assert_eq!(texts(&state).len(), 3);
        let nothing = page(json!({"value": [], "@odata.deltaLink": "https://graph.example/items/delta?token=9"}));
        assert!(nothing.is_empty());
        // A page of deletions only, or of an emptied text (Graph leaves the
        // column out), is no column error; a first read without the column is.
        assert!(page(json!({"value": [{"id": "2", "deleted": {"state": "deleted"}}]})).deleted == ["2"]);
        assert_eq!(page(json!({"value": [{"id": "3", "fields": {}}]})).items.len(), 1);
        let wrong = json!({"value": [{"id": "3", "fields": {"Titel": "x"}}]}).to_string();
        let err = parse_delta_page(&wrong, &mapping(), Utc::now(), true).err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("check the text column")));
    }

    /// Ten thousand items read in one full enumeration: linear, not one
    /// search per item.
    #[test]
    fn a_big_list_is_applied_in_one_pass() {
        let mut state = ListState::default();
        let value: Vec<Value> =
            (0..10_000).map(|i| json!({"id": i.to_string(), "fields": {"Title": format!("note {i}")}})).collect();
        state.apply(page(json!({ "value": value })));
        assert_eq!(state.len(), 10_000);
        state.apply(page(json!({"value": [{"id": "5000", "deleted": {}}]})));
        assert_eq!(state.parsed(Utc::now()).snapshot.notes.len(), 9_999);
    }
}
