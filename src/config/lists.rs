//! A Microsoft Lists (SharePoint) list as a source, read and written
//! through Microsoft Graph: where the list is, how the wall signs in, and
//! which column holds what.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::kinds::KindSetting;
use super::secrets::Secret;
use crate::core::feed::columns::{Columns, Reader};
use crate::core::feed::mapped::{KindMap, Mapping, MoreFields};
use crate::core::model::{NoteKind, Status};

/// `MicrosoftList(tenant: …, client_id: …, client_secret: Env("…"),
/// site: …, list: …, columns: (…))`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListSource {
    /// The Microsoft 365 tenant: "contoso.onmicrosoft.com" or its id.
    pub tenant: String,
    /// The app registration's application (client) id.
    pub client_id: String,
    /// The app's client secret: `Env("WALL_GRAPH_SECRET")` or
    /// `File("graph-secret")` (a systemd credential); never in the config.
    pub client_secret: Secret,
    /// The SharePoint site: its id, "root", or
    /// "contoso.sharepoint.com:/sites/klantenservice:".
    pub site: String,
    /// The list's id or its name.
    pub list: String,
    /// The list's columns by their internal names (a column made as "Soort
    /// feedback" may be "Soort_x0020_feedback" or "field_2"; the list's
    /// settings page shows it in the address of the column).
    #[serde(default)]
    pub columns: Columns,
    /// The kind column's values and their kinds, e.g. {"Klacht": "complaint"};
    /// the kinds' own names (English or Dutch) need no entry.
    #[serde(default)]
    pub kinds: BTreeMap<String, KindSetting>,
    /// The kind of an item without one.
    #[serde(default = "suggestion")]
    pub default_kind: KindSetting,
    /// Write the stand-up's decisions into the status column.
    #[serde(default)]
    pub write_status: bool,
    /// The words the status column uses, where they differ from the
    /// wall's: {"planned": "Gepland", "in_progress": "Bezig"}.
    #[serde(default)]
    pub status_words: BTreeMap<String, String>,
    #[serde(default = "sixty")]
    pub poll_seconds: u32,
    /// Pages of 200 items read at most.
    #[serde(default = "ten")]
    pub max_pages: u32,
    /// Microsoft Graph; another for a national cloud (or a test).
    #[serde(default = "graph")]
    pub graph: String,
    /// Where the wall signs in.
    #[serde(default = "login")]
    pub login: String,
    /// What the token is asked for.
    #[serde(default = "scope")]
    pub scope: String,
    #[serde(default)]
    pub name: Option<String>,
}

fn suggestion() -> KindSetting {
    KindSetting(NoteKind::Suggestion)
}
fn sixty() -> u32 {
    60
}
fn ten() -> u32 {
    10
}
fn graph() -> String {
    "https://graph.microsoft.com".into()
}
fn login() -> String {
    "https://login.microsoftonline.com".into()
}
fn scope() -> String {
    "https://graph.microsoft.com/.default".into()
}
/// The column of the customer's words where the config names none.
const TITLE: &str = "Title";

impl ListSource {
    /// The list's items, 200 a page, with their columns.
    pub fn items_url(&self) -> String {
        format!("{}?expand=fields&$top=200", self.list_url("items"))
    }

    /// The items' changes (Graph's `items/delta`): every item the first
    /// time, then only what changed since the link it ends with.
    pub fn delta_url(&self) -> String {
        format!("{}?expand=fields&$top=200", self.list_url("items/delta"))
    }

    /// One item's columns, to be changed with PATCH.
    pub fn fields_url(&self, item: &str) -> String {
        self.list_url(&format!("items/{}/fields", path_segment(item)))
    }

    /// One item with its ETag and columns.
    pub fn item_url(&self, item: &str) -> String {
        format!("{}?expand=fields", self.list_url(&format!("items/{}", path_segment(item))))
    }

    /// Where the wall asks for its token.
    pub fn token_url(&self) -> String {
        format!("{}/{}/oauth2/v2.0/token", self.login.trim_end_matches('/'), path_segment(&self.tenant))
    }

    fn list_url(&self, rest: &str) -> String {
        let site = self.site.trim().replace(' ', "%20");
        format!("{}/v1.0/sites/{site}/lists/{}/{rest}", self.graph.trim_end_matches('/'), path_segment(&self.list))
    }

    /// The status column's word for `status`: the config's, else the
    /// wall's English one ("In progress").
    pub fn status_word(&self, status: Status) -> String {
        let own = self.status_words.iter().find(|(key, _)| Status::parse(key) == Some(status));
        own.map_or_else(|| english(status).to_string(), |(_, word)| word.clone())
    }

    /// The column of the customer's words.
    pub fn text_column(&self) -> &str {
        self.columns.text.as_deref().unwrap_or(TITLE)
    }

    /// Whether votes are written to the list.
    pub fn writes_votes(&self) -> bool {
        self.columns.votes.is_some()
    }

    /// How an item's columns become a note.
    pub fn mapping(&self) -> Mapping {
        let column = |name: &Option<String>| name.as_deref().map(field);
        let columns = &self.columns;
        Mapping {
            items: "/value".into(),
            id: "/id".into(),
            text: field(self.text_column()),
            created_at: "/createdDateTime".into(),
            kind: KindMap {
                from: column(&columns.kind),
                map: self.kinds.iter().map(|(value, kind)| (value.clone(), kind.0)).collect(),
                default: self.default_kind.0,
            },
            team: column(&columns.team),
            noted_by: column(&columns.noted_by),
            customer: column(&columns.customer),
            next: Some("/@odata.nextLink".into()),
            more: MoreFields {
                praised: column(&columns.praised),
                status: column(&columns.status),
                votes: column(&columns.votes),
                approved: column(&columns.approved),
                url: Some("/webUrl".into()),
                topic: column(&columns.topic),
                topic_prefix: None,
            },
        }
    }

    /// What can be checked without asking Microsoft.
    pub fn validate(&self) -> Result<(), String> {
        for (what, value) in [("tenant", &self.tenant), ("client_id", &self.client_id), ("site", &self.site)] {
            if value.trim().is_empty() {
                return Err(format!("a MicrosoftList source needs its {what}; see the README's Microsoft Lists part"));
            }
        }
        if self.list.trim().is_empty() {
            return Err("a MicrosoftList source needs list: (its id or its name)".into());
        }
        self.columns.refuse(Reader::List, &format!("MicrosoftList {:?}", self.list))?;
        for (what, url) in [("graph", &self.graph), ("login", &self.login)] {
            if !super::urls::is_url(url) {
                return Err(format!("{what}: {url:?} is not an http:// or https:// address"));
            }
        }
        if self.write_status && self.columns.status.is_none() {
            return Err("write_status: true needs columns: (status: \"…\"), the column decisions go in".into());
        }
        if let Some(key) = self.status_words.keys().find(|key| Status::parse(key).is_none()) {
            return Err(format!(
                "status_words: {key:?} is no status; use new, discussed, planned, in_progress, done or declined"
            ));
        }
        if self.columns.vote_ids.is_some() && self.columns.votes.is_none() {
            return Err("columns: (vote_ids: …) needs a votes column too".into());
        }
        Ok(())
    }
}

/// A status as the wall writes it by default.
fn english(status: Status) -> &'static str {
    match status {
        Status::New => "New",
        Status::Discussed => "Discussed",
        Status::Planned => "Planned",
        Status::InProgress => "In progress",
        Status::Done => "Done",
        Status::Declined => "Declined",
    }
}

/// A column of an item as a JSON pointer (RFC 6901).
fn field(column: &str) -> String {
    format!("/fields/{}", column.trim().replace('~', "~0").replace('/', "~1"))
}

/// A name fit for one segment of a URL's path: a list called "Klant
/// feedback" or an item id.
fn path_segment(name: &str) -> String {
    let mut out = String::new();
    for byte in name.trim().bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sheet and a list name their columns in one syntax; a column the
    /// source cannot read is refused when the config is read, saying why.
    #[test]
    fn a_column_a_source_cannot_read_is_refused_with_what_to_do() {
        let refused = |source: &str| {
            crate::config::parse(&format!("(sources: [{source}])"), "wall.ron")
                .err()
                .map(|err| err.to_string())
                .unwrap_or_default()
        };
        let err = refused(r#"Csv(from: "feedback.csv", columns: (text: "Tekst", votes: "Stemmen"))"#);
        assert!(err.contains("votes") && err.contains("never writes to a sheet"), "{err}");
        let err = refused(r#"Csv(from: "feedback.csv", columns: (kind: "Soort"))"#);
        assert!(err.contains("needs columns: (text"), "{err}");
        let list = r#"MicrosoftList(tenant: "t", client_id: "c", client_secret: Env("S"), site: "root", list: "Feedback", columns: (timestamp: "Created"))"#;
        let err = refused(list);
        assert!(err.contains("timestamp") && err.contains("createdDateTime"), "{err}");
        let csv = r#"Csv(from: "feedback.csv", columns: (text: "Tekst", praised: "Voor wie", status: "Status"))"#;
        assert!(
            crate::config::parse(&format!("(sources: [{csv}])"), "wall.ron").is_ok(),
            "a sheet reads praised and status"
        );
    }

    fn list() -> Result<ListSource, String> {
        let config = crate::config::parse(
            r#"(sources: [MicrosoftList(
                tenant: "contoso.onmicrosoft.com", client_id: "1111", client_secret: Env("WALL_GRAPH_SECRET"),
                site: "contoso.sharepoint.com:/sites/klantenservice:", list: "Klant feedback",
                columns: (kind: "Soort", votes: "Stemmen", vote_ids: "Stem_x0020_ids"),
                kinds: {"Klacht": "complaint"},
            )])"#,
            "c.ron",
        )
        .map_err(|err| err.to_string())?;
        match config.sources.first() {
            Some(crate::config::SourceConfig::MicrosoftList(list)) => Ok(*list.clone()),
            other => Err(format!("{other:?}")),
        }
    }

    #[test]
    fn a_list_is_addressed_the_way_graph_documents() -> Result<(), String> {
        let list = list()?;
        assert_eq!(
            list.items_url(),
            "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com:/sites/klantenservice:/lists/Klant%20feedback/items?expand=fields&$top=200"
        );
        assert!(list.fields_url("7").ends_with("/lists/Klant%20feedback/items/7/fields"));
        assert_eq!(list.token_url(), "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
        assert_eq!(list.scope, "https://graph.microsoft.com/.default");
        let mapping = list.mapping();
        assert_eq!((mapping.text.as_str(), mapping.kind.from.as_deref()), ("/fields/Title", Some("/fields/Soort")));
        assert_eq!(mapping.kind.map.get("Klacht"), Some(&NoteKind::Complaint));
        assert!(list.writes_votes());
        Ok(())
    }

    #[test]
    fn a_list_without_what_it_needs_is_refused_with_the_fix() -> Result<(), String> {
        let mut list = list()?;
        list.write_status = true;
        assert!(list.validate().is_err_and(|err| err.contains("status")));
        list.write_status = false;
        list.tenant = " ".into();
        assert!(list.validate().is_err_and(|err| err.contains("tenant")));
        Ok(())
    }
}
