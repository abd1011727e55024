//! The `sources` part of the config: where notes come from, and how to
//! read the secrets some of them need.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use super::kinds::{KindSetting, MappedKind};
pub use super::lists::ListSource;
use super::secrets::Auth;
use super::secrets::Secret;
pub use super::urls::{is_url, redact_url};
pub use crate::core::feed::columns::Columns;
use crate::core::feed::columns::Reader;
use crate::core::feed::csv::{CsvMapping, GOOGLE_FORMS_TIMESTAMP};
use crate::core::feed::fider::FiderMapping;
use crate::core::model::NoteKind;

/// One place notes come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum SourceConfig {
    /// A wall feed (JSON, or RON for a `.ron` file) on local disk. It is
    /// re-read when it changes.
    File {
        path: PathBuf,
        #[serde(default = "default_file_poll")]
        poll_seconds: u32,
        /// The source's stable name, under which its votes, decisions and
        /// offline cache are kept; unset: derived from its path or URL.
        /// Reordering sources changes nothing.
        #[serde(default)]
        name: Option<String>,
    },
    /// A wall feed at an HTTP(S) URL.
    Json {
        url: String,
        #[serde(default = "default_http_poll")]
        poll_seconds: u32,
        #[serde(default)]
        api_key: Option<Secret>,
        /// Where votes cast on the wall are sent (POST, JSON; see README).
        #[serde(default)]
        votes_url: Option<String>,
        /// The source's stable name, under which its votes, decisions and
        /// offline cache are kept; unset: derived from its path or URL.
        /// Reordering sources changes nothing.
        #[serde(default)]
        name: Option<String>,
    },
    /// A Fider board: its posts become notes.
    Fider {
        /// The board's address, e.g. "https://feedback.example.com".
        url: String,
        #[serde(default = "default_http_poll")]
        poll_seconds: u32,
        #[serde(default)]
        api_key: Option<Secret>,
        /// The kind of a post without a kind tag.
        #[serde(default = "default_kind")]
        default_kind: KindSetting,
        /// Tags starting with this name the team: "team-marketing".
        #[serde(default = "default_team_prefix")]
        team_tag_prefix: String,
        /// The tag that approves a post for the wall, where `fame` or
        /// `commitment` asks for approval.
        #[serde(default = "default_approved_tag")]
        approved_tag: String,
        /// Tags starting with this name the topic: "onderwerp-wachttijd".
        #[serde(default)]
        topic_tag_prefix: Option<String>,
        /// How many posts to read.
        #[serde(default = "default_fider_limit")]
        limit: u32,
        /// Write the stand-up's decisions back as the posts' status; the
        /// api_key must then be a collaborator's or an administrator's.
        #[serde(default)]
        write_status: bool,
        /// The source's stable name, under which its votes, decisions and
        /// offline cache are kept; unset: derived from its path or URL.
        /// Reordering sources changes nothing.
        #[serde(default)]
        name: Option<String>,
    },
    /// Any JSON API, such as a helpdesk's satisfaction ratings, mapped to
    /// notes with JSON pointers; pages through `next`.
    Mapped {
        url: String,
        #[serde(default = "default_http_poll")]
        poll_seconds: u32,
        /// Where the list of items is ("" when the answer is the list).
        items: String,
        id: String,
        text: String,
        #[serde(default)]
        created_at: Option<String>,
        #[serde(default)]
        kind: Option<MappedKind>,
        #[serde(default)]
        team: Option<String>,
        #[serde(default)]
        noted_by: Option<String>,
        #[serde(default)]
        customer: Option<String>,
        /// Where the topic is (a text, or a list such as Zendesk's `tags`,
        /// of which the first with `topic_prefix` counts).
        #[serde(default)]
        topic: Option<String>,
        #[serde(default)]
        topic_prefix: Option<String>,
        /// Where the next page's address is in a page.
        #[serde(default)]
        next: Option<String>,
        #[serde(default = "default_max_pages")]
        max_pages: u32,
        #[serde(default)]
        auth: Option<Auth>,
        #[serde(default)]
        name: Option<String>,
    },
    /// A Microsoft Lists (SharePoint) list through Microsoft Graph; votes
    /// and decisions can be written back to it (see README).
    MicrosoftList(Box<ListSource>),
    /// A spreadsheet as CSV: a URL (Google Sheets "publish to web") or a
    /// local file.
    Csv {
        from: String,
        #[serde(default = "default_csv_poll")]
        poll_seconds: u32,
        columns: Columns,
        #[serde(default = "default_kind")]
        default_kind: KindSetting,
        #[serde(default = "default_timestamp_format")]
        timestamp_format: String,
        /// The source's stable name, under which its votes, decisions and
        /// offline cache are kept; unset: derived from its path or URL.
        /// Reordering sources changes nothing.
        #[serde(default)]
        name: Option<String>,
    },
}

fn default_file_poll() -> u32 {
    5
}
fn default_http_poll() -> u32 {
    60
}
fn default_csv_poll() -> u32 {
    120
}
fn default_kind() -> KindSetting {
    KindSetting(NoteKind::Suggestion)
}
fn default_team_prefix() -> String {
    "team-".into()
}
fn default_approved_tag() -> String {
    crate::core::feed::fider::DEFAULT_APPROVED_TAG.into()
}
fn default_max_pages() -> u32 {
    10
}
fn default_fider_limit() -> u32 {
    200
}
fn default_timestamp_format() -> String {
    GOOGLE_FORMS_TIMESTAMP.into()
}

impl SourceConfig {
    pub fn poll_seconds(&self) -> u32 {
        match self {
            SourceConfig::File { poll_seconds, .. }
            | SourceConfig::Json { poll_seconds, .. }
            | SourceConfig::Fider { poll_seconds, .. }
            | SourceConfig::Mapped { poll_seconds, .. }
            | SourceConfig::Csv { poll_seconds, .. } => *poll_seconds,
            SourceConfig::MicrosoftList(list) => list.poll_seconds,
        }
    }

    /// The Fider board that takes the stand-up's decisions, if any.
    pub fn status_url(&self) -> Option<&str> {
        match self {
            SourceConfig::Fider { url, write_status: true, .. } => Some(url.as_str()),
            _ => None,
        }
    }

    /// The prefix of a Fider board's topic tags, when one is set.
    pub fn topic_tag_prefix(&self) -> Option<&str> {
        match self {
            SourceConfig::Fider { topic_tag_prefix, .. } => {
                topic_tag_prefix.as_deref().map(str::trim).filter(|prefix| !prefix.is_empty())
            }
            _ => None,
        }
    }

    /// The Microsoft list, for a `MicrosoftList` source.
    pub fn list(&self) -> Option<&ListSource> {
        match self {
            SourceConfig::MicrosoftList(list) => Some(list),
            _ => None,
        }
    }

    /// Whether votes cast on the wall are sent to this source.
    pub fn writes_votes(&self) -> bool {
        self.votes_url().is_some() || self.list().is_some_and(ListSource::writes_votes)
    }

    /// Where this source takes votes, if it does.
    pub fn votes_url(&self) -> Option<&str> {
        match self {
            SourceConfig::Json { votes_url, .. } => votes_url.as_deref(),
            _ => None,
        }
    }

    pub fn api_key(&self) -> Option<&Secret> {
        match self {
            SourceConfig::Json { api_key, .. } | SourceConfig::Fider { api_key, .. } => api_key.as_ref(),
            SourceConfig::Mapped { auth, .. } => auth.as_ref().map(Auth::secret),
            SourceConfig::MicrosoftList(list) => Some(&list.client_secret),
            SourceConfig::File { .. } | SourceConfig::Csv { .. } => None,
        }
    }

    /// A one-line description for logs and --check-config: no secrets, no
    /// query strings.
    pub fn describe(&self, base_dir: &Path) -> String {
        let resolve = |path: &Path| {
            if path.is_absolute() { path.to_path_buf() } else { base_dir.join(path) }
        };
        let url = redact_url;
        match self {
            SourceConfig::File { path, poll_seconds, .. } => {
                format!("file {} (checked every {poll_seconds} s)", resolve(path).display())
            }
            SourceConfig::Json { url: u, poll_seconds, .. } => {
                format!("JSON feed {} (every {poll_seconds} s)", url(u))
            }
            SourceConfig::Fider { url: u, poll_seconds, .. } => {
                format!("Fider board {} (every {poll_seconds} s)", url(u))
            }
            SourceConfig::Mapped { url: u, poll_seconds, .. } => {
                format!("mapped JSON {} (every {poll_seconds} s)", url(u))
            }
            SourceConfig::MicrosoftList(list) => {
                format!("Microsoft list {:?} on {} (every {} s)", list.list, url(&list.graph), list.poll_seconds)
            }
            SourceConfig::Csv { from, poll_seconds, .. } if is_url(from) => {
                format!("CSV {} (every {poll_seconds} s)", url(from))
            }
            SourceConfig::Csv { from, poll_seconds, .. } => {
                format!("CSV file {} (checked every {poll_seconds} s)", resolve(Path::new(from)).display())
            }
        }
    }

    /// Checks what can be checked without fetching anything.
    pub fn validate(&self) -> Result<(), String> {
        let key = self.key();
        if !key.is_empty() && key.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("a source's name {key:?} cannot be only digits; give it a word, e.g. name: \"fider\""));
        }
        if key == crate::core::votes::SELF_TEST_SOURCE {
            return Err(format!(
                "the name {key:?} is kept for the storage self-test (--vote-drill); give the source another"
            ));
        }
        if self.poll_seconds() == 0 {
            return Err(format!("a source has poll_seconds: 0; use 1 or more ({})", self.describe(Path::new("."))));
        }
        match self {
            SourceConfig::File { path, .. } if path.as_os_str().is_empty() => {
                Err("a File source has an empty path; name the feed file".into())
            }
            SourceConfig::Json { url, .. } | SourceConfig::Fider { url, .. } | SourceConfig::Mapped { url, .. }
                if !is_url(url) =>
            {
                Err(format!("{:?} is not an http:// or https:// address", redact_url(url)))
            }
            SourceConfig::Json { votes_url: Some(url), .. } if !is_url(url) => {
                Err(format!("votes_url {:?} is not an http:// or https:// address", redact_url(url)))
            }
            SourceConfig::MicrosoftList(list) => list.validate(),
            SourceConfig::Csv { columns, .. } if columns.text.is_none() => {
                Err("a Csv source needs columns: (text: \"...\") naming the column with the feedback".into())
            }
            SourceConfig::Csv { from, columns, .. } => {
                columns.refuse(Reader::Csv, &format!("Csv {:?}", redact_url(from)))
            }
            _ => Ok(()),
        }
    }

    /// How a Fider source's posts become notes; `None` for other kinds.
    pub fn fider_mapping(&self) -> Option<FiderMapping> {
        let SourceConfig::Fider { url, default_kind, team_tag_prefix, approved_tag, topic_tag_prefix, .. } = self
        else {
            return None;
        };
        Some(FiderMapping {
            default_kind: default_kind.0,
            team_tag_prefix: team_tag_prefix.clone(),
            approved_tag: approved_tag.clone(),
            board: url.clone(),
            topic_tag_prefix: topic_tag_prefix.clone(),
        })
    }

    pub fn csv_mapping(
        columns: &Columns,
        default_kind: KindSetting,
        timestamp_format: &str,
        zone: crate::core::clock::Zone,
    ) -> CsvMapping {
        CsvMapping {
            columns: columns.clone(),
            default_kind: default_kind.0,
            timestamp_format: timestamp_format.to_string(),
            zone,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_leave_out_query_strings() {
        let source = SourceConfig::Csv {
            from: "https://docs.google.com/spreadsheets/d/e/X/pub?output=csv&token=abc".into(),
            poll_seconds: 120,
            columns: Columns { text: Some("Feedback".into()), ..Columns::default() },
            default_kind: default_kind(),
            timestamp_format: default_timestamp_format(),
            name: None,
        };
        let line = source.describe(Path::new("."));
        assert!(line.contains("docs.google.com") && !line.contains("token"), "{line}");
    }

    #[test]
    fn a_source_is_known_by_its_name_or_its_place_never_its_position() -> Result<(), String> {
        let config = crate::config::parse(
            r#"(sources: [
                Json(url: "https://wall:s3cr3t@feed.example.nl/notes.json?token=abc"),
                Fider(url: "https://feedback.example.nl/", name: "fider"),
                File(path: "feeds/notes.json"),
            ])"#,
            "c.ron",
        )
        .map_err(|err| err.to_string())?;
        let keys: Vec<String> = config.sources.iter().map(SourceConfig::key).collect();
        // An unnamed web source: its host and a hash of its path, never
        // the path itself (a path can be the key: Google's CSV links).
        let feed = keys[0].strip_prefix("feed.example.nl~").unwrap_or_default();
        assert!(feed.len() == 8 && feed.chars().all(|c| c.is_ascii_hexdigit()), "{}", keys[0]);
        assert_eq!(keys[1..], ["fider", "feeds/notes.json"]);
        // Older journals kept its votes under host and path.
        assert_eq!(config.sources[0].legacy_key(), "feed.example.nl/notes.json");
        assert_eq!(config.sources[1].legacy_key(), "fider");
        let twice = crate::config::parse(
            r#"(sources: [File(path: "a.json"), Json(url: "http://x", name: "a.json")])"#,
            "c.ron",
        );
        assert!(twice.is_err_and(|err| err.to_string().contains("both called \"a.json\"")));
        let digits = crate::config::parse(r#"(sources: [File(path: "a.json", name: "0")])"#, "c.ron");
        assert!(digits.is_err_and(|err| err.to_string().contains("only digits")));
        Ok(())
    }
}
