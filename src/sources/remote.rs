//! A source at an HTTP(S) URL: a JSON wall feed, a Fider board or a CSV
//! sheet. Fetches with conditional GET and backs off after failures.

use std::time::Duration;

use chrono::Utc;

use super::backoff::{Backoff, jitter};
use super::http::{BodyKind, FetchError, Fetched, HttpGet};
use super::{Outcome, Parser, Source};

pub struct RemoteSource {
    name: String,
    get: Result<HttpGet, String>,
    parser: Parser,
    backoff: Backoff,
    next: Duration,
}

impl RemoteSource {
    /// A remote source; `key` is the API key, or why it could not be read
    /// (then every poll reports that, by name, without the key).
    pub fn start(
        name: String,
        url: String,
        key: Result<Option<String>, String>,
        expect: BodyKind,
        interval: Duration,
        parser: Parser,
    ) -> Box<dyn Source> {
        let get = key.and_then(|key| HttpGet::new(url, key, expect));
        Box::new(RemoteSource::new(name, get, parser, interval))
    }

    pub fn new(name: String, get: Result<HttpGet, String>, parser: Parser, interval: Duration) -> RemoteSource {
        RemoteSource { name, get, parser, backoff: Backoff::new(interval), next: Duration::ZERO }
    }

    /// The wait before the next poll, as decided by the last one.
    pub fn backoff(&self) -> &Backoff {
        &self.backoff
    }

    fn failed(&mut self, message: String, retry_after: Option<Duration>) -> Option<Outcome> {
        self.next = self.backoff.failed(jitter(), retry_after);
        Some(Outcome::Failed(format!(
            "{}: {message}; retrying in {} s",
            self.name,
            self.next.as_secs().max(1)
        )))
    }
}

impl Source for RemoteSource {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn interval(&self) -> Duration {
        self.backoff.interval
    }

    fn next_poll(&self) -> Duration {
        self.next
    }

    fn poll(&mut self) -> Option<Outcome> {
        let get = match &mut self.get {
            Ok(get) => get,
            Err(problem) => {
                let problem = problem.clone();
                return self.failed(problem, None);
            }
        };
        match get.fetch() {
            Ok(Fetched::NotModified) => {
                self.next = self.backoff.succeeded();
                Some(Outcome::Unchanged)
            }
            Ok(Fetched::Body(text)) => match (self.parser)(&text, Utc::now()) {
                Ok(parsed) => {
                    self.next = self.backoff.succeeded();
                    Some(Outcome::Fresh(parsed))
                }
                Err(err) => {
                    // Ask for the whole body again next time, not a 304 for
                    // the broken one.
                    get.forget_validators();
                    self.failed(format!("unusable answer: {err}"), None)
                }
            },
            Err(FetchError { message, retry_after }) => self.failed(message, retry_after),
        }
    }
}
