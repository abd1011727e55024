//! A mapped JSON source (a helpdesk's satisfaction ratings): the first
//! page, then the pages the answer points to (its `next` pointer, else a
//! `Link: <…>; rel="next"` header), at most `max_pages`, each with the same
//! deadline, size cap and sign-in (the credential only where the source is
//! configured). A page that fails fails the poll: the wall keeps its last
//! good notes and backs off (a 429 or 503 waits its Retry-After).
//!
//! Conditional GET is used only while the source fits on one page: a 304
//! on page 1 says nothing about page 2, so a paged source reads every page
//! on each poll. A poll that stops at `max_pages` with more pages left is
//! logged and marked (`Parsed::first_pages`). The thread's heartbeat beats
//! before each page, and the whole poll has a deadline.
//!
//! A Microsoft list is read the same way, its items' columns mapped by the
//! config, signed in with a token from Microsoft ([`SignIn`]): a 401 gets a
//! new token and one more try.

use std::time::Duration;

use chrono::Utc;

use super::Source;
use super::backoff::Pace;
use super::heartbeat::Pulse;
use super::http::{FetchError, Fetched, HttpGet};
use super::signin::{SignIn, fetch};
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
    /// The thread's heartbeat, beaten before each page.
    pulse: Option<Pulse>,
    /// The longest one poll may take, all pages together.
    poll_deadline: Duration,
    /// The last poll stopped at `max_pages` (logged once, when it starts).
    was_cut: bool,
    /// A list read by its changes (`items/delta`); `None` for a plain
    /// paged read, and after a server that has no delta.
    delta: Option<super::delta::Delta>,
}

/// The longest one poll of a paged source may take, all its pages together:
/// within the thread's heartbeat allowance, so a slow helpdesk is a failed
/// poll, never a thread the watchdog takes for dead.
pub const POLL_DEADLINE: Duration = Duration::from_secs(100);

impl MappedSource {
    pub fn new(
        name: String,
        first: Result<HttpGet, String>,
        mapping: Mapping,
        max_pages: u32,
        interval: Duration,
    ) -> Self {
        let max_pages = max_pages.max(1) as usize;
        MappedSource {
            pace: Pace::new(name, interval),
            first,
            mapping,
            max_pages,
            sign_in: None,
            pulse: None,
            poll_deadline: POLL_DEADLINE,
            was_cut: false,
            delta: None,
        }
    }

    /// A shorter deadline for a whole poll (tests).
    pub fn with_poll_deadline(mut self, deadline: Duration) -> Self {
        self.poll_deadline = deadline;
        self
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
/// as the first was. `Some(n)` when it stopped at `max_pages` (n pages read)
/// with a further page named.
fn later_pages(
    source: &mut MappedSource,
    first: &HttpGet,
    mut next: Option<String>,
    parsed: &mut Parsed,
    started: std::time::Instant,
) -> Result<Option<usize>, FetchError> {
    let read_at = parsed.snapshot.read_at;
    for read in 1..source.max_pages {
        let Some(url) = next.take() else {
            return Ok(None);
        };
        if started.elapsed() > source.poll_deadline {
            return Err(FetchError {
                message: format!(
                    "{read} pages took longer than {} s; the wall keeps what it showed",
                    source.poll_deadline.as_secs()
                ),
                retry_after: None,
            });
        }
        if let Some(pulse) = &source.pulse {
            pulse.beat();
        }
        let mut get = first.for_url(url);
        let text = match fetch(&mut source.sign_in, &mut get)? {
            Fetched::Body(text) => text,
            // Asked without validators: a 304 here is the server's muddle.
            Fetched::NotModified => {
                return Err(FetchError { message: format!("page {} answered 304", read + 1), retry_after: None });
            }
        };
        let page = parse_page(&text, &source.mapping, read_at)
            .map_err(|err| FetchError { message: format!("unusable page: {err}"), retry_after: None })?;
        add(parsed, page.notes, page.skipped, page.without_text);
        next = page.next.or_else(|| get.link_next().map(str::to_string));
    }
    Ok(next.map(|_| source.max_pages))
}

/// A Microsoft list's items through Graph, signed in with the list's app
/// and `secret` (or why it could not be read): read by its changes
/// (`items/delta`, one resource unit a poll when nothing changed), or page
/// by page where the server has no delta.
pub fn microsoft_list(name: String, list: &ListSource, secret: Result<String, String>) -> MappedSource {
    let mut source = microsoft_list_paged(name, list, secret);
    source.delta = Some(super::delta::Delta::new(list.delta_url()));
    source
}

/// A Microsoft list read whole, page by page, on every poll.
pub fn microsoft_list_paged(name: String, list: &ListSource, secret: Result<String, String>) -> MappedSource {
    let first = super::http::HttpGet::new(list.items_url(), None, super::http::BodyKind::Json);
    let every = Duration::from_secs(u64::from(list.poll_seconds));
    MappedSource::new(name, first, list.mapping(), list.max_pages, every).signed_in(SignIn::new(list, secret))
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

    fn keep_pulse(&mut self, pulse: Pulse) {
        self.pulse = Some(pulse);
    }

    fn poll(&mut self) -> Option<Outcome> {
        if let (Some(delta), Ok(first)) = (&mut self.delta, &self.first) {
            let reader = super::delta::Reader {
                pace: &mut self.pace,
                template: first,
                sign_in: &mut self.sign_in,
                pulse: self.pulse.as_ref(),
                mapping: &self.mapping,
                max_pages: self.max_pages,
                deadline: self.poll_deadline,
                was_cut: &mut self.was_cut,
            };
            match delta.poll(reader) {
                super::delta::Polled::Done(outcome) => return outcome,
                // The server has no delta: read whole from now on.
                super::delta::Polled::NoDelta => self.delta = None,
            }
        }
        let read_at = Utc::now();
        let started = std::time::Instant::now();
        let fetched = match &mut self.first {
            Ok(first) => fetch(&mut self.sign_in, first),
            Err(problem) => {
                let problem = problem.clone();
                return self.pace.failed(problem, None);
            }
        };
        let hold = self.first.as_ref().ok().and_then(HttpGet::rate_hold);
        let text = match fetched {
            Ok(Fetched::NotModified) => {
                self.pace.succeeded();
                self.pace.hold(hold);
                return Some(Outcome::Unchanged);
            }
            Ok(Fetched::Body(text)) => text,
            Err(FetchError { message, retry_after }) => return self.pace.failed(message, retry_after),
        };
        // Taken out for the pages, put back below whatever happens.
        let Ok(mut first) = std::mem::replace(&mut self.first, Err(String::new())) else {
            return None;
        };
        let outcome = self.read_pages(&mut first, &text, read_at, started);
        self.first = Ok(first);
        outcome
    }
}

impl MappedSource {
    /// The first page's `text` and the pages after it, into one outcome.
    fn read_pages(
        &mut self,
        first: &mut HttpGet,
        text: &str,
        read_at: chrono::DateTime<Utc>,
        started: std::time::Instant,
    ) -> Option<Outcome> {
        let page = match parse_page(text, &self.mapping, read_at) {
            Ok(page) => page,
            Err(err) => {
                first.forget_validators();
                return self.pace.failed(format!("unusable answer: {err}"), None);
            }
        };
        let mut parsed = Parsed { snapshot: Snapshot::empty(read_at), skipped: Vec::new(), first_pages: None };
        add(&mut parsed, page.notes, page.skipped, page.without_text);
        // The next page: where the answer points, else its Link header.
        let next = page.next.or_else(|| first.link_next().map(str::to_string));
        if next.is_some() {
            // Paged: a 304 on page 1 would hide what changed on a later
            // page, so the next poll reads every page again.
            first.forget_validators();
        }
        match later_pages(self, first, next, &mut parsed, started) {
            Ok(cut) => {
                if cut.is_some() && !self.was_cut {
                    bevy::log::warn!(
                        "{}: stopped at max_pages ({}) with more pages left; the wall shows the first {} pages. Raise max_pages, or ask the source for newest first",
                        self.pace.name,
                        self.max_pages,
                        self.max_pages
                    );
                }
                self.was_cut = cut.is_some();
                parsed.first_pages = cut;
                self.pace.succeeded();
                self.pace.hold(first.rate_hold());
                Some(Outcome::Fresh(parsed))
            }
            Err(FetchError { message, retry_after }) => {
                first.forget_validators();
                self.pace.failed(format!("a later page: {message}"), retry_after)
            }
        }
    }
}

/// The pointers of a `Mapped` source, for its parser; `None` for the
/// other kinds of source.
pub fn mapping_of(source: &SourceConfig) -> Option<Mapping> {
    let SourceConfig::Mapped {
        items,
        id,
        text,
        created_at,
        kind,
        team,
        noted_by,
        customer,
        next,
        topic,
        topic_prefix,
        ..
    } = source
    else {
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
        more: MoreFields { topic: topic.clone(), topic_prefix: topic_prefix.clone(), ..MoreFields::default() },
    })
}
