//! A source at an HTTP(S) URL: a JSON wall feed, a Fider board or a CSV
//! sheet. Fetches with conditional GET and backs off after failures.

use std::time::Duration;

use chrono::Utc;

use super::backoff::Pace;
use super::http::{BodyKind, FetchError, Fetched, HttpGet};
use super::{Parser, Source};
use crate::core::wall_model::Outcome;

pub(crate) struct RemoteSource {
    pace: Pace,
    get: Result<HttpGet, String>,
    parser: Parser,
}

impl RemoteSource {
    /// A remote source; `key` is the API key, or why it could not be read
    /// (then every poll reports that, by name, without the key).
    pub(crate) fn start(
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

    pub(crate) fn new(name: String, get: Result<HttpGet, String>, parser: Parser, interval: Duration) -> RemoteSource {
        RemoteSource { pace: Pace::new(name, interval), get, parser }
    }

    /// The wait before the next poll, as decided by the last one.
    #[cfg(test)]
    pub(crate) fn backoff(&self) -> &super::backoff::Backoff {
        &self.pace.backoff
    }
}

impl Source for RemoteSource {
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
        let get = match &mut self.get {
            Ok(get) => get,
            Err(problem) => {
                let problem = problem.clone();
                return self.pace.failed(problem, None);
            }
        };
        let fetched = get.fetch();
        let hold = get.rate_hold();
        match fetched {
            Ok(Fetched::NotModified) => {
                self.pace.succeeded();
                self.pace.hold(hold);
                Some(Outcome::Unchanged)
            }
            Ok(Fetched::Body(text)) => match (self.parser)(&text, Utc::now()) {
                Ok(parsed) => {
                    self.pace.succeeded();
                    self.pace.hold(hold);
                    Some(Outcome::Fresh(parsed))
                }
                Err(err) => {
                    // Ask for the whole body again next time, not a 304 for
                    // the broken one.
                    get.forget_validators();
                    self.pace.failed(format!("unusable answer: {err}"), None)
                }
            },
            Err(FetchError { message, retry_after }) => self.pace.failed(message, retry_after),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::feed::wall::{self, Syntax};
    use wall_testkit::test_server::{Reply, serve};

    const FEED: &str = r#"{"version": 1, "notes": [{"id": "a", "kind": "idea", "text": "Chat op zondag", "created_at": "2026-11-20T09:30:00Z"}]}"#;
    const INTERVAL: Duration = Duration::from_secs(60);

    fn source(url: &str, key: Option<&str>) -> RemoteSource {
        let get = HttpGet::new(url.to_string(), key.map(str::to_string), BodyKind::Json)
            .and_then(|get| get.with_timeout(Duration::from_millis(700)))
            .map(|get| get.with_max_bytes(4096));
        let parser: Parser = Box::new(|text, read_at| wall::parse(text, Syntax::Json, read_at));
        RemoteSource::new("test feed".into(), get, parser, INTERVAL)
    }

    fn failure(outcome: Option<Outcome>) -> String {
        match outcome {
            Some(Outcome::Failed(message)) => message,
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn a_good_feed_then_304_uses_conditional_get() {
        let (url, requests) = serve(vec![Reply::ok(FEED), Reply::status("304 Not Modified")]);
        let mut feed = source(&url, Some("s3cr3t"));
        assert!(matches!(feed.poll(), Some(Outcome::Fresh(p)) if p.snapshot.notes.len() == 1));
        assert_eq!(feed.next_poll(), INTERVAL);
        assert!(matches!(feed.poll(), Some(Outcome::Unchanged)));
        assert_eq!(feed.next_poll(), INTERVAL);
        let log = requests.lock().map(|l| l.clone()).unwrap_or_default();
        assert!(log[0].to_lowercase().contains("authorization: bearer s3cr3t"), "{}", log[0]);
        assert!(log[1].to_lowercase().contains("if-none-match: \"v1\""), "{}", log[1]);
    }

    #[test]
    fn server_errors_back_off_and_recovery_resets_the_interval() {
        let (url, _) =
            serve(vec![Reply::status("500 Internal Server Error"), Reply::status("502 Bad Gateway"), Reply::ok(FEED)]);
        let mut feed = source(&url, Some("s3cr3t"));
        let message = failure(feed.poll());
        assert!(message.contains("500") && !message.contains("s3cr3t") && !message.contains("hidden"), "{message}");
        let first = feed.next_poll();
        assert!(first >= Duration::from_secs(1) && first <= Duration::from_secs(2), "{first:?}");
        failure(feed.poll());
        let second = feed.next_poll();
        assert!(second >= Duration::from_secs(2) && second <= Duration::from_secs(4), "{second:?}");
        assert!(matches!(feed.poll(), Some(Outcome::Fresh(_))));
        assert_eq!(feed.next_poll(), INTERVAL);
        assert_eq!(feed.backoff().failures(), 0);
    }

    #[test]
    fn retry_after_on_429_and_503_is_honoured() {
        let mut limited = Reply::status("429 Too Many Requests");
        limited.headers.push(("Retry-After", "120".into()));
        let mut unavailable = Reply::status("503 Service Unavailable");
        unavailable.headers.push(("Retry-After", "300".into()));
        let (url, _) = serve(vec![limited, unavailable]);
        let mut feed = source(&url, None);
        failure(feed.poll());
        assert_eq!(feed.next_poll(), Duration::from_secs(120));
        failure(feed.poll());
        assert_eq!(feed.next_poll(), Duration::from_secs(300));
    }

    /// A server near its budget says so in `RateLimit-*` (Graph does at 80 %
    /// of an app's budget): the next poll waits for the reset, then the
    /// interval is as before.
    #[test]
    fn a_server_near_its_rate_limit_is_polled_after_its_reset() {
        let mut near = Reply::ok(FEED);
        near.headers.extend([
            ("RateLimit-Limit", "1250".to_string()),
            ("RateLimit-Remaining", "40".to_string()),
            ("RateLimit-Reset", "240".to_string()),
        ]);
        let (url, _) = serve(vec![near, Reply::ok(FEED)]);
        let mut feed = source(&url, None);
        assert!(matches!(feed.poll(), Some(Outcome::Fresh(_))));
        assert_eq!(feed.next_poll(), Duration::from_secs(240));
        assert!(matches!(feed.poll(), Some(Outcome::Fresh(_))));
        assert_eq!(feed.next_poll(), INTERVAL);
    }

    #[test]
    fn slow_truncated_garbage_huge_and_html_answers_are_failures() {
        let mut slow = Reply::ok(FEED);
        slow.delay = Duration::from_millis(1500);
        let mut truncated = Reply::ok(&FEED[..40]);
        truncated.truncate = true;
        let mut html = Reply::ok("<html>Log in</html>");
        html.headers = vec![("Content-Type", "text/html; charset=utf-8".into())];
        let huge = Reply::ok(&"x".repeat(10_000));
        let (url, _) = serve(vec![slow, truncated, Reply::ok("{\"version\": 1, \"notes\": ["), huge, html]);
        let mut feed = source(&url, None);
        assert!(failure(feed.poll()).contains("did not answer in time"));
        assert!(failure(feed.poll()).contains("broke off"));
        assert!(failure(feed.poll()).contains("unusable answer"));
        assert!(failure(feed.poll()).contains("larger than"));
        assert!(failure(feed.poll()).contains("text/html"));
        assert_eq!(feed.backoff().failures(), 5);
    }

    /// Headers at once, then a byte every 150 ms: each read is quick, so
    /// only a deadline for the whole body ends it (the old code read on for
    /// the full 100 × 150 ms).
    #[test]
    fn a_trickling_body_fails_at_the_deadline() {
        let mut trickle = Reply::ok(&format!("{FEED}{}", " ".repeat(100)));
        trickle.trickle = Duration::from_millis(150);
        let (url, _) = serve(vec![trickle]);
        let mut feed = source(&url, None);
        let started = std::time::Instant::now();
        let message = failure(feed.poll());
        assert!(message.contains("within"), "{message}");
        assert!(started.elapsed() < Duration::from_secs(5), "cut off near the 0.7 s deadline: {:?}", started.elapsed());
    }

    /// reqwest sends a Referer on a redirect by default: the feed's URL,
    /// token and all, went to whatever host the redirect named.
    #[test]
    fn a_redirect_tells_the_next_host_nothing() {
        let (target, seen) = serve(vec![Reply::ok(FEED)]);
        let mut moved = Reply::status("302 Found");
        moved.headers.push(("Location", target));
        let (url, _) = serve(vec![moved]);
        let mut feed = source(&url, None);
        assert!(matches!(feed.poll(), Some(Outcome::Fresh(_))));
        let request = seen.lock().map(|log| log.concat()).unwrap_or_default().to_lowercase();
        assert!(request.starts_with("get "), "{request}");
        assert!(!request.contains("referer"), "{request}");
    }

    #[test]
    fn invalid_utf8_costs_one_character_not_the_feed() {
        let mut reply = Reply::ok(FEED);
        let at = FEED.find("zondag").map_or(0, |at| at + 6);
        reply.body.insert(at, 0xff);
        let (url, _) = serve(vec![reply]);
        let mut feed = source(&url, None);
        match feed.poll() {
            Some(Outcome::Fresh(parsed)) => {
                assert_eq!(parsed.snapshot.notes[0].text, "Chat op zondag\u{fffd}")
            }
            other => panic!("expected the feed, got {other:?}"),
        }
    }

    #[test]
    fn a_missing_key_is_reported_by_name_on_every_poll() {
        let parser: Parser = Box::new(|text, read_at| wall::parse(text, Syntax::Json, read_at));
        let mut feed = RemoteSource::new(
            "Fider".into(),
            Err("the environment variable FIDER_API_KEY is not set".into()),
            parser,
            INTERVAL,
        );
        assert!(failure(feed.poll()).contains("FIDER_API_KEY"));
        assert!(failure(feed.poll()).contains("FIDER_API_KEY"));
    }
}
