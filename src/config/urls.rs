//! Addresses in the config: whether a place is a URL, and a URL fit for
//! logs (no password, query or fragment).

/// A URL fit for logs, the status file and error messages: without a
/// `user:password@`, a query string or a fragment, which often carry
/// secrets (tokens, keys).
pub fn redact_url(url: &str) -> String {
    let url = url.trim();
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let url = &url[..end];
    let Some(scheme_end) = url.find("://").map(|at| at + 3) else {
        return url.to_string();
    };
    let authority_end = url[scheme_end..].find('/').map_or(url.len(), |at| scheme_end + at);
    match url[scheme_end..authority_end].rfind('@') {
        Some(at) => format!("{}{}", &url[..scheme_end], &url[scheme_end + at + 1..]),
        None => url.to_string(),
    }
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
        assert_eq!(
            redact_url("https://wall:s3cr3t@feed.example.nl/notes.json?key=abc#x"),
            "https://feed.example.nl/notes.json"
        );
        assert_eq!(redact_url("http://user@host:8080"), "http://host:8080");
        assert_eq!(redact_url("https://host/a@b/c?x"), "https://host/a@b/c", "an @ in the path is not user-info");
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
