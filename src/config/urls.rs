//! Addresses in the config: whether a place is a URL, and a URL fit for
//! logs (scheme and host only).

/// A URL fit for logs, the status file, metrics and error messages: its
/// scheme, host and port only. A `user:password@`, the path, the query and
/// the fragment all can carry secrets: a Google "publish to web" link is
/// itself the key, and so is a token in a path (`/hooks/<token>`).
pub fn redact_url(url: &str) -> String {
    let url = url.trim();
    let Some(scheme_end) = url.find("://").map(|at| at + 3) else {
        // Not a URL: a path, or junk; never more than its first part.
        let end = url.find(['?', '#']).unwrap_or(url.len());
        return url[..end].to_string();
    };
    let authority_end = url[scheme_end..].find(['/', '?', '#']).map_or(url.len(), |at| scheme_end + at);
    let authority = &url[scheme_end..authority_end];
    let host = authority.rfind('@').map_or(authority, |at| &authority[at + 1..]);
    format!("{}{host}", &url[..scheme_end])
}

/// The place of a URL as it keyed a source before keys left the path out:
/// without scheme, user-info, query or fragment, and without a trailing
/// slash. Only for finding the votes kept under that old key.
pub(super) fn legacy_place(url: &str) -> String {
    let url = url.trim();
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let url = &url[..end];
    let place = match url.find("://").map(|at| at + 3) {
        None => url.to_string(),
        Some(scheme_end) => {
            let authority_end = url[scheme_end..].find('/').map_or(url.len(), |at| scheme_end + at);
            match url[scheme_end..authority_end].rfind('@') {
                Some(at) => url[scheme_end + at + 1..].to_string(),
                None => url[scheme_end..].to_string(),
            }
        }
    };
    place.trim_end_matches('/').to_string()
}

/// Whether a source location is a web address rather than a file.
pub fn is_url(location: &str) -> bool {
    let lower = location.trim().to_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::SourceConfig;

    #[test]
    fn passwords_tokens_and_fragments_never_leave_a_url() {
        assert_eq!(redact_url("https://wall:s3cr3t@feed.example.nl/notes.json?key=abc#x"), "https://feed.example.nl");
        assert_eq!(redact_url("http://user@host:8080"), "http://host:8080");
        assert_eq!(redact_url("https://host/a@b/c?x"), "https://host", "an @ in the path is not user-info");
        assert_eq!(
            redact_url("https://docs.google.com/spreadsheets/d/e/2PACX-1vSecretKey/pub?output=csv"),
            "https://docs.google.com",
            "a path that is itself the key"
        );
        assert_eq!(redact_url("https://host?token=x"), "https://host");
        assert_eq!(legacy_place("https://u:p@host/feed.json/?k=1"), "host/feed.json");
        let source = SourceConfig::Json {
            url: "https://wall:s3cr3t@feed.example.nl/notes.json?token=abc".into(),
            poll_seconds: 0,
            api_key: None,
            votes_url: None,
            name: None,
        };
        let error = source.validate().err().unwrap_or_default();
        assert!(error.contains("feed.example.nl") && !error.contains("s3cr3t") && !error.contains("abc"), "{error}");
        assert!(!source.describe(Path::new(".")).contains("s3cr3t"));
    }
}
