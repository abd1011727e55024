//! A mapped JSON source (a helpdesk's satisfaction ratings): the first
//! page with conditional GET, then the pages the answer points to (its
//! `next` pointer, else a `Link: <…>; rel="next"` header), at most
//! `max_pages`, each with the same deadline, size cap and sign-in. A page
//! that fails fails the poll: the wall keeps its last good notes and backs
//! off (a 429 or 503 waits its Retry-After).
//!
//! A Microsoft list is read the same way, its items' columns mapped by the
//! config, signed in with a token from Microsoft ([`SignIn`]): a 401 gets a
//! new token and one more try.

use std::time::Duration;

use chrono::Utc;

use super::Source;
use super::backoff::Pace;
use super::http::{FetchError, Fetched, HttpGet};
use super::signin::SignIn;
use crate::config::{ListSource, SourceConfig};
use crate::core::feed::mapped::{KindMap, Mapping, MoreFields, parse_page};
use crate::core::feed::{Parsed, SkippedItem};
use crate::core::model::Snapshot;
use crate::core::wall_model::Outcome;

pub struct MappedSource {
    pace: Pace,
    first: Result<HttpGet, String>,
    mapping: Mapping,
    max_pages: usize,
    sign_in: Option<SignIn>,
}

impl MappedSource {
    pub fn new(
        name: String,
        first: Result<HttpGet, String>,
        mapping: Mapping,
        max_pages: u32,
        interval: Duration,
    ) -> Self {
        let max_pages = max_pages.max(1) as usize;
        MappedSource { pace: Pace::new(name, interval), first, mapping, max_pages, sign_in: None }
    }

    /// Signs every request in with a token from Microsoft.
    pub fn signed_in(mut self, sign_in: Result<SignIn, String>) -> Self {
        match sign_in {
            Ok(sign_in) => self.sign_in = Some(sign_in),
            Err(problem) => self.first = Err(problem),
        }
        self
    }
}

/// The pages after the first, as long as each names a next one, signed in
/// as the first was.
fn later_pages(
    sign_in: &mut Option<SignIn>,
    mapping: &Mapping,
    max_pages: usize,
    first: &HttpGet,
    mut next: Option<String>,
    parsed: &mut Parsed,
) -> Result<(), FetchError> {
    let read_at = parsed.snapshot.read_at;
    for _ in 1..max_pages {
        let Some(url) = next.take() else {
            return Ok(());
        };
        let mut get = first.for_url(url);
        let text = match fetch(sign_in, &mut get)? {
            Fetched::Body(text) => text,
            Fetched::NotModified => return Ok(()),
        };
        let page = parse_page(&text, mapping, read_at)
            .map_err(|err| FetchError { message: format!("unusable page: {err}"), retry_after: None })?;
        add(parsed, page.notes, page.skipped, page.without_text);
        next = page.next.or_else(|| get.link_next().map(str::to_string));
    }
    Ok(())
}

/// A Microsoft list's items through Graph, signed in with the list's app
/// and `secret` (or why it could not be read).
pub fn microsoft_list(name: String, list: &ListSource, secret: Result<String, String>) -> MappedSource {
    let first = super::http::HttpGet::new(list.items_url(), None, super::http::BodyKind::Json);
    let every = Duration::from_secs(u64::from(list.poll_seconds));
    MappedSource::new(name, first, list.mapping(), list.max_pages, every).signed_in(SignIn::new(list, secret))
}

/// One GET, signed in when the source signs in: a 401 throws the token
/// away and tries once more with a new one (Microsoft tokens lapse, and
/// can be revoked before their time).
fn fetch(sign_in: &mut Option<SignIn>, get: &mut HttpGet) -> Result<Fetched, FetchError> {
    let Some(sign_in) = sign_in else {
        return get.fetch();
    };
    get.set_bearer(Some(sign_in.bearer()?));
    match get.fetch() {
        Err(_) if get.was_unauthorized() => {
            sign_in.forget();
            get.set_bearer(Some(sign_in.bearer()?));
            get.fetch()
        }
        answer => answer,
    }
}

/// A page's notes and skipped items into the poll's result; items without
/// text are skipped and counted like the others.
fn add(parsed: &mut Parsed, notes: Vec<crate::core::model::Note>, skipped: Vec<SkippedItem>, without_text: usize) {
    parsed.snapshot.notes.extend(notes);
    parsed.skipped.extend(skipped);
    let index = parsed.skipped.len();
    parsed.skipped.extend((0..without_text).map(|i| SkippedItem {
        section: "items",
        index: index + i,
        reason: "no text".into(),
    }));
}

impl Source for MappedSource {
    fn name(&self) -> String {
        self.pace.name.clone()
    }

    fn interval(&self) -> Duration {
        self.pace.backoff.interval
    }

    fn next_poll(&self) -> Duration {
        self.pace.next
    }

    fn poll(&mut self) -> Option<Outcome> {
        let read_at = Utc::now();
        let fetched = match &mut self.first {
            Ok(first) => fetch(&mut self.sign_in, first),
            Err(problem) => {
                let problem = problem.clone();
                return self.pace.failed(problem, None);
            }
        };
        let text = match fetched {
            Ok(Fetched::NotModified) => {
                self.pace.succeeded();
                return Some(Outcome::Unchanged);
            }
            Ok(Fetched::Body(text)) => text,
            Err(FetchError { message, retry_after }) => return self.pace.failed(message, retry_after),
        };
        let page = match parse_page(&text, &self.mapping, read_at) {
            Ok(page) => page,
            Err(err) => {
                if let Ok(first) = &mut self.first {
                    first.forget_validators();
                }
                return self.pace.failed(format!("unusable answer: {err}"), None);
            }
        };
        let mut parsed = Parsed { snapshot: Snapshot::empty(read_at), skipped: Vec::new() };
        add(&mut parsed, page.notes, page.skipped, page.without_text);
        // The next page: where the answer points, else its Link header.
        let rest = match &self.first {
            Ok(first) => {
                let next = page.next.or_else(|| first.link_next().map(str::to_string));
                later_pages(&mut self.sign_in, &self.mapping, self.max_pages, first, next, &mut parsed)
            }
            Err(_) => Ok(()),
        };
        if let Err(FetchError { message, retry_after }) = rest {
            // The next poll reads every page again.
            if let Ok(first) = &mut self.first {
                first.forget_validators();
            }
            return self.pace.failed(format!("a later page: {message}"), retry_after);
        }
        self.pace.succeeded();
        Some(Outcome::Fresh(parsed))
    }
}

/// The pointers of a `Mapped` source, for its parser; `None` for the
/// other kinds of source.
pub fn mapping_of(source: &SourceConfig) -> Option<Mapping> {
    let SourceConfig::Mapped { items, id, text, created_at, kind, team, noted_by, customer, next, .. } = source else {
        return None;
    };
    let kind = match kind {
        Some(kind) => KindMap {
            from: Some(kind.from.clone()),
            map: kind.map.iter().map(|(value, setting)| (value.clone(), setting.0)).collect(),
            default: kind.default.0,
        },
        None => KindMap::default(),
    };
    Some(Mapping {
        items: items.clone(),
        id: id.clone(),
        text: text.clone(),
        created_at: created_at.clone().unwrap_or_default(),
        kind,
        team: team.clone(),
        noted_by: noted_by.clone(),
        customer: customer.clone(),
        next: next.clone(),
        more: MoreFields::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::NoteKind;
    use crate::sources::test_server::{Reply, serve_at};

    const INTERVAL: Duration = Duration::from_secs(60);

    fn ratings(ids: &[(u32, &str, &str)], next: Option<String>) -> String {
        let items: Vec<String> = ids
            .iter()
            .map(|(id, score, comment)| {
                format!(r#"{{"id": {id}, "score": "{score}", "comment": "{comment}", "created_at": "2026-11-20T09:30:00Z"}}"#)
            })
            .collect();
        let next = next.map_or("null".to_string(), |next| format!("\"{next}\""));
        format!(r#"{{"satisfaction_ratings": [{}], "links": {{"next": {next}}}}}"#, items.join(","))
    }

    fn zendesk(url: &str) -> MappedSource {
        let mapping = crate::core::feed::mapped::tests::zendesk();
        let first = HttpGet::new(url.to_string(), None, super::super::http::BodyKind::Json)
            .and_then(|get| get.with_timeout(Duration::from_millis(700)))
            .map(|get| get.with_basic_auth("agent@example.com/token".into(), "s3cr3t".into()));
        MappedSource::new("zendesk".into(), first, mapping, 5, INTERVAL)
    }

    /// Cursor pages are followed and signed in with Basic; a rating without
    /// a comment is skipped and counted; 429 on a later page keeps the last
    /// good notes and waits its Retry-After; the next poll reads all pages
    /// again.
    #[test]
    fn pages_are_followed_signed_in_and_throttling_is_respected() {
        let (url, requests) = serve_at(|base| {
            vec![
                Reply::ok(&ratings(&[(1, "good", "Top service"), (2, "bad", "")], Some(format!("{base}/page2")))),
                Reply::ok(&ratings(&[(3, "bad", "Drie keer doorverbonden")], None)),
                Reply::ok(&ratings(&[(1, "good", "Top service")], Some(format!("{base}/page2")))),
                Reply { headers: vec![("Retry-After", "120".into())], ..Reply::status("429 Too Many Requests") },
            ]
        });
        let mut source = zendesk(&url);
        let Some(Outcome::Fresh(parsed)) = source.poll() else {
            panic!("the first poll reads both pages");
        };
        let notes: Vec<(&str, NoteKind)> = parsed.snapshot.notes.iter().map(|n| (n.id.as_str(), n.kind)).collect();
        assert_eq!(notes, [("1", NoteKind::Compliment), ("3", NoteKind::Complaint)]);
        assert_eq!(parsed.skipped.len(), 1, "the rating without a comment is counted");
        let log = requests.lock().map(|log| log.clone()).unwrap_or_default();
        assert!(log[1].starts_with("GET /page2 "), "{}", log[1]);
        // "agent@example.com/token:s3cr3t" in base64.
        assert!(log[0].contains("YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46czNjcjN0"), "{}", log[0]);
        match source.poll() {
            Some(Outcome::Failed(message)) => assert!(message.contains("429"), "{message}"),
            other => panic!("a throttled page fails the poll: {other:?}"),
        }
        assert!(source.next_poll() >= Duration::from_secs(120), "{:?}", source.next_poll());
    }

    /// Freshdesk answers with the list itself and names the next page in a
    /// `Link` header.
    #[test]
    fn a_link_header_leads_to_the_next_page() {
        let list = |id: u32| format!(r#"[{{"id": {id}, "feedback": "Fijn", "created_at": "2026-11-20T09:30:00Z"}}]"#);
        let (url, requests) = serve_at(|base| {
            let mut first = Reply::ok(&list(1));
            first.headers.push((
                "Link",
                format!("<{base}/ratings?page=2>; rel=\"next\", <{base}/ratings?page=9>; rel=\"last\""),
            ));
            vec![first, Reply::ok(&list(2))]
        });
        let mapping = Mapping {
            items: String::new(),
            id: "/id".into(),
            text: "/feedback".into(),
            created_at: "/created_at".into(),
            ..Mapping::default()
        };
        let first = HttpGet::new(url, None, super::super::http::BodyKind::Json);
        let mut source = MappedSource::new("freshdesk".into(), first, mapping, 5, INTERVAL);
        let Some(Outcome::Fresh(parsed)) = source.poll() else {
            panic!("both pages read");
        };
        let ids: Vec<&str> = parsed.snapshot.notes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["1", "2"]);
        let log = requests.lock().map(|log| log.clone()).unwrap_or_default();
        assert!(log[1].starts_with("GET /ratings?page=2 "), "{}", log[1]);
    }
}
