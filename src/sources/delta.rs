//! A Microsoft list read by its changes (Graph's `items/delta`), so a
//! hundred walls on one list stay within the tenant's Graph budget: the
//! first poll reads every item, page by page, and keeps the delta link the
//! last page ends with; every later poll reads that link, one request (one
//! resource unit) when nothing changed, a page of changes when something
//! did. A link Graph no longer honours (410 Gone) starts a full read in the
//! same poll. A server without delta (an answer of 400, 404, 405 or 501 to
//! the very first read) is read page by page from then on.
//!
//! A poll's pages are applied only when the poll is complete: a failure
//! half-way keeps the last good list and its link, and the next poll asks
//! again from there (the delta feed gives each item's latest state, so
//! reading the same changes twice is harmless).

use std::time::{Duration, Instant};

use chrono::Utc;

use super::backoff::Pace;
use super::heartbeat::Pulse;
use super::http::{FetchError, Fetched, HttpGet};
use super::signin::{SignIn, fetch};
use crate::core::feed::delta::{DeltaPage, ListState, parse_delta_page};
use crate::core::feed::mapped::Mapping;
use crate::core::wall_model::Outcome;

/// Where a list's changes are read from, and the list as they left it.
#[derive(Debug, Clone)]
pub(super) struct Delta {
    /// The first read's address: every item.
    base: String,
    state: ListState,
    /// A read has finished once: the server has delta.
    worked: bool,
}

/// What a poll needs of its source: the pace, the request to copy, the
/// sign-in, the heartbeat and the mapping.
pub(super) struct Reader<'a> {
    pub(super) pace: &'a mut Pace,
    pub(super) template: &'a HttpGet,
    pub(super) sign_in: &'a mut Option<SignIn>,
    pub(super) pulse: Option<&'a Pulse>,
    pub(super) mapping: &'a Mapping,
    pub(super) max_pages: usize,
    pub(super) deadline: Duration,
    /// The last poll stopped at `max_pages` (logged once, when it starts).
    pub(super) was_cut: &'a mut bool,
}

/// A poll's end: its outcome, or a server without delta (read whole from
/// now on).
pub(super) enum Polled {
    Done(Option<Outcome>),
    NoDelta,
}

/// What a poll's pages came to.
struct Read {
    pages: Vec<DeltaPage>,
    /// The read started from the beginning (no link, or an expired one).
    full: bool,
    /// It stopped at `max_pages` with pages left.
    cut: bool,
}

impl Delta {
    pub(super) fn new(base: String) -> Delta {
        Delta { base, state: ListState::default(), worked: false }
    }

    /// One poll of the list by its changes.
    pub(super) fn poll(&mut self, mut reader: Reader<'_>) -> Polled {
        let read_at = Utc::now();
        let (read, hold) = match self.read_changes(&mut reader) {
            Ok(done) => done,
            Err((status, FetchError { message, retry_after })) => {
                if !self.worked && matches!(status, Some(400 | 404 | 405 | 501)) {
                    bevy::log::warn!(
                        "{}: the server has no items/delta for this list ({message}); it is read whole on every poll from now on",
                        reader.pace.name
                    );
                    return Polled::NoDelta;
                }
                return Polled::Done(reader.pace.failed(message, retry_after));
            }
        };
        self.worked = true;
        if read.full {
            self.state = ListState::default();
        }
        let unchanged = !read.full && read.pages.iter().all(DeltaPage::is_empty);
        let mut link = None;
        for page in read.pages {
            link = page.delta_link.clone().or(link);
            self.state.apply(page);
        }
        // Cut short, the read has no link: the next poll reads whole again.
        self.state.link = if read.cut { None } else { link };
        if read.cut && !*reader.was_cut {
            bevy::log::warn!(
                "{}: stopped at max_pages ({}) with more pages left; the wall shows the first {} pages. Raise max_pages",
                reader.pace.name,
                reader.max_pages,
                reader.max_pages
            );
        }
        *reader.was_cut = read.cut;
        reader.pace.succeeded();
        reader.pace.hold(hold);
        if unchanged {
            return Polled::Done(Some(Outcome::Unchanged));
        }
        let mut parsed = self.state.parsed(read_at);
        parsed.first_pages = read.cut.then_some(reader.max_pages);
        Polled::Done(Some(Outcome::Fresh(parsed)))
    }

    /// Reads from the link (or from the start without one, or when the
    /// link has expired) until a page gives the next link or `max_pages`
    /// are read. Fails with the last answer's status.
    #[allow(clippy::type_complexity)]
    fn read_changes(&self, reader: &mut Reader<'_>) -> Result<(Read, Option<Duration>), (Option<u16>, FetchError)> {
        let started = Instant::now();
        let link = self.state.link.clone();
        let mut read = Read { pages: Vec::new(), full: link.is_none(), cut: false };
        let mut url = link.unwrap_or_else(|| self.base.clone());
        let mut hold = None;
        let mut count = 0;
        loop {
            if started.elapsed() > reader.deadline {
                let message = format!(
                    "{count} pages took longer than {} s; the wall keeps what it showed",
                    reader.deadline.as_secs()
                );
                return Err((None, FetchError { message, retry_after: None }));
            }
            if let Some(pulse) = reader.pulse {
                pulse.beat();
            }
            let mut get = reader.template.for_url(url.clone());
            let text = match fetch(reader.sign_in, &mut get) {
                Ok(Fetched::Body(text)) => text,
                Ok(Fetched::NotModified) => {
                    let message = format!("page {} answered 304", count + 1);
                    return Err((get.last_status(), FetchError { message, retry_after: None }));
                }
                Err(_) if get.last_status() == Some(410) && !read.full => {
                    // The link expired (Graph keeps them for a while only):
                    // everything again, from the start.
                    bevy::log::info!("{}: the delta link has expired; reading the whole list", reader.pace.name);
                    read = Read { pages: Vec::new(), full: true, cut: false };
                    url = self.base.clone();
                    count = 0;
                    continue;
                }
                Err(err) => return Err((get.last_status(), err)),
            };
            hold = get.rate_hold().or(hold);
            let page = parse_delta_page(&text, reader.mapping, Utc::now(), read.full)
                .map_err(|err| (None, FetchError { message: format!("unusable answer: {err}"), retry_after: None }))?;
            count += 1;
            let next = page.next.clone();
            let done = page.delta_link.is_some();
            read.pages.push(page);
            match next {
                Some(next) if !done => {
                    if count >= reader.max_pages {
                        read.cut = true;
                        return Ok((read, hold));
                    }
                    url = next;
                }
                _ => return Ok((read, hold)),
            }
        }
    }
}
