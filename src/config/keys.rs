//! How a source is known: its stable key (votes, decisions and the offline
//! cache are kept under it), the key older journals used, and its name.

use super::sources::{SourceConfig, is_url, redact_url};

impl SourceConfig {
    /// The source's stable key: its `name`, or else where it reads from (a
    /// path as written, or a URL's host and a short hash of its path, since
    /// a path can be a secret). Votes, decisions, overrides and the offline
    /// cache are kept under it, so inserting or reordering sources credits
    /// nothing to another.
    pub fn key(&self) -> String {
        let legacy = self.legacy_key();
        match self.url() {
            Some(url) if self.name().is_none() => {
                let host = redact_url(url);
                let host = host.split_once("://").map_or(host.as_str(), |(_, rest)| rest);
                format!("{host}~{:08x}", crate::core::hash::of(&legacy) as u32)
            }
            _ => legacy,
        }
    }

    /// The `name` the config gives, if any.
    pub fn name(&self) -> Option<&str> {
        let name = match self {
            SourceConfig::File { name, .. }
            | SourceConfig::Json { name, .. }
            | SourceConfig::Fider { name, .. }
            | SourceConfig::Mapped { name, .. }
            | SourceConfig::Csv { name, .. } => name,
            SourceConfig::MicrosoftList(list) => &list.name,
        };
        name.as_deref().map(str::trim).filter(|name| !name.is_empty())
    }

    /// The web address a source reads, if it reads one.
    fn url(&self) -> Option<&str> {
        match self {
            SourceConfig::Json { url, .. } | SourceConfig::Fider { url, .. } | SourceConfig::Mapped { url, .. } => {
                Some(url)
            }
            SourceConfig::Csv { from, .. } if is_url(from) => Some(from),
            _ => None,
        }
    }

    /// The key an unnamed web source had before keys left the path out
    /// (host and path), under which older journals keep its votes.
    pub fn legacy_key(&self) -> String {
        if let Some(name) = self.name() {
            return name.to_string();
        }
        match self {
            SourceConfig::File { path, .. } => path.display().to_string().trim_end_matches('/').to_string(),
            SourceConfig::Json { url, .. } | SourceConfig::Fider { url, .. } | SourceConfig::Mapped { url, .. } => {
                super::urls::legacy_place(url)
            }
            SourceConfig::Csv { from, .. } => super::urls::legacy_place(from),
            SourceConfig::MicrosoftList(list) => super::urls::legacy_place(&list.items_url()),
        }
    }
}
