//! A mapped JSON source against loopback servers: pages, sign-in,
//! credentials that stay home, honest paging, slow pages.

use std::time::Duration;

use super::Source;
use super::http::HttpGet;
use super::mapped::MappedSource;
use crate::core::feed::mapped::Mapping;
use crate::core::model::NoteKind;
use crate::core::wall_model::Outcome;
use wall_testkit::test_server::{Reply, serve, serve_at};

const INTERVAL: Duration = Duration::from_secs(60);

fn ratings(ids: &[(u32, &str, &str)], next: Option<String>) -> String {
    let items: Vec<String> = ids
        .iter()
        .map(|(id, score, comment)| {
            format!(
                r#"{{"id": {id}, "score": "{score}", "comment": "{comment}", "created_at": "2026-11-20T09:30:00Z"}}"#
            )
        })
        .collect();
    let next = next.map_or("null".to_string(), |next| format!("\"{next}\""));
    format!(r#"{{"satisfaction_ratings": [{}], "links": {{"next": {next}}}}}"#, items.join(","))
}

fn zendesk(url: &str) -> MappedSource {
    let mapping = crate::core::feed::mapped::fixtures::zendesk();
    let first = HttpGet::new(url.to_string(), None, super::http::BodyKind::Json)
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
        first
            .headers
            .push(("Link", format!("<{base}/ratings?page=2>; rel=\"next\", <{base}/ratings?page=9>; rel=\"last\"")));
        vec![first, Reply::ok(&list(2))]
    });
    let mapping = Mapping {
        items: String::new(),
        id: "/id".into(),
        text: "/feedback".into(),
        created_at: "/created_at".into(),
        ..Mapping::default()
    };
    let first = HttpGet::new(url, None, super::http::BodyKind::Json);
    let mut source = MappedSource::new("freshdesk".into(), first, mapping, 5, INTERVAL);
    let Some(Outcome::Fresh(parsed)) = source.poll() else {
        panic!("both pages read");
    };
    let ids: Vec<&str> = parsed.snapshot.notes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["1", "2"]);
    let log = requests.lock().map(|log| log.clone()).unwrap_or_default();
    assert!(log[1].starts_with("GET /ratings?page=2 "), "{}", log[1]);
}

fn authorization_in(requests: &std::sync::Arc<std::sync::Mutex<Vec<String>>>) -> Vec<bool> {
    let log = requests.lock().map(|log| log.clone()).unwrap_or_default();
    log.iter().map(|request| request.to_ascii_lowercase().contains("\r\nauthorization:")).collect()
}

/// A next-page link on another host (here another port), or on another
/// scheme, is read without the key: the credential stays where it was
/// configured.
#[test]
fn a_page_link_elsewhere_gets_no_credential() {
    let (elsewhere, elsewhere_requests) = serve(vec![Reply::ok(&ratings(&[(3, "bad", "Elders")], None))]);
    let other_base = elsewhere.trim_end_matches("/feed.json?token=hidden").to_string();
    let (url, requests) = serve_at(|base| {
        vec![
            Reply::ok(&ratings(&[(1, "good", "Top")], Some(format!("{base}/page2")))),
            Reply::ok(&ratings(&[(2, "good", "Fijn")], Some(format!("{other_base}/p3")))),
        ]
    });
    let mut source = zendesk(&url);
    let Some(Outcome::Fresh(parsed)) = source.poll() else {
        panic!("the pages are read");
    };
    assert_eq!(parsed.snapshot.notes.len(), 3);
    assert_eq!(authorization_in(&requests), [true, true], "the configured host gets the key on every page");
    assert_eq!(authorization_in(&elsewhere_requests), [false], "another host never does");
}

/// A redirect to another host drops the credential too (the read
/// client follows redirects; only within the origin does the key go).
#[test]
fn a_redirect_elsewhere_gets_no_credential() {
    let (elsewhere, elsewhere_requests) = serve(vec![Reply::ok(&ratings(&[(3, "bad", "Elders")], None))]);
    let (url, requests) = serve(vec![Reply { headers: vec![("Location", elsewhere)], ..Reply::status("302 Found") }]);
    let mut source = zendesk(&url);
    assert!(matches!(source.poll(), Some(Outcome::Fresh(_))));
    assert_eq!(authorization_in(&requests), [true]);
    assert_eq!(authorization_in(&elsewhere_requests), [false]);
}

/// Page 1 answered 304 ended the poll before, so a new item on page 2
/// never showed. A paged source now reads every page on each poll,
/// asking page 1 without validators.
#[test]
fn a_paged_source_reads_every_page_on_each_poll() {
    let (url, requests) = serve_at(|base| {
        vec![
            Reply::ok(&ratings(&[(1, "good", "Top")], Some(format!("{base}/page2")))),
            Reply::ok(&ratings(&[(2, "good", "Fijn")], None)),
            Reply::ok(&ratings(&[(1, "good", "Top")], Some(format!("{base}/page2")))),
            Reply::ok(&ratings(&[(2, "good", "Fijn"), (3, "bad", "Nieuw op pagina twee")], None)),
        ]
    });
    let mut source = zendesk(&url);
    assert!(matches!(source.poll(), Some(Outcome::Fresh(_))));
    let Some(Outcome::Fresh(parsed)) = source.poll() else {
        panic!("the second poll reads the pages again");
    };
    let ids: Vec<&str> = parsed.snapshot.notes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3"], "the new item on page 2 shows");
    let log = requests.lock().map(|log| log.clone()).unwrap_or_default();
    assert!(!log[2].to_ascii_lowercase().contains("if-none-match"), "page 1 asked whole: {}", log[2]);
    assert_eq!(parsed.first_pages, None, "every page was read");
}

/// A source that stops at max_pages with more pages left says so.
#[test]
fn stopping_at_max_pages_is_marked() {
    let (url, _) = serve_at(|base| {
        (1..=3).map(|n| Reply::ok(&ratings(&[(n, "good", "Top")], Some(format!("{base}/page{}", n + 1))))).collect()
    });
    let first = HttpGet::new(url, None, super::http::BodyKind::Json);
    let mut source =
        MappedSource::new("zendesk".into(), first, crate::core::feed::mapped::fixtures::zendesk(), 3, INTERVAL);
    let Some(Outcome::Fresh(parsed)) = source.poll() else {
        panic!("three pages read");
    };
    assert_eq!(parsed.snapshot.notes.len(), 3);
    assert_eq!(parsed.first_pages, Some(3), "showing the first 3 pages");
}

/// Ten slow pages: the thread's heartbeat beats before each page, so
/// the watchdog never takes the thread for dead, though the whole poll
/// takes far longer than the allowance.
#[test]
fn slow_pages_keep_the_heartbeat_going() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let slow = Duration::from_millis(250);
    let (url, _) = serve_at(|base| {
        (1..=10)
            .map(|n| {
                let next = (n < 10).then(|| format!("{base}/page{}", n + 1));
                Reply { delay: slow, ..Reply::ok(&ratings(&[(n, "good", "Top")], next)) }
            })
            .collect()
    });
    let beats = crate::sources::Heartbeats::default();
    let beat = beats.register("source zendesk", Duration::from_millis(800));
    let first = HttpGet::new(url, None, super::http::BodyKind::Json);
    let mut source =
        MappedSource::new("zendesk".into(), first, crate::core::feed::mapped::fixtures::zendesk(), 10, INTERVAL);
    source.keep_pulse(beat.pulse());
    let done = std::sync::Arc::new(AtomicBool::new(false));
    let watching = {
        let (beats, done) = (beats.clone(), done.clone());
        std::thread::spawn(move || {
            let mut stalled = Vec::new();
            while !done.load(Ordering::Relaxed) {
                stalled.extend(beats.stalled());
                std::thread::sleep(Duration::from_millis(50));
            }
            stalled
        })
    };
    beat.beat();
    let started = std::time::Instant::now();
    let outcome = source.poll();
    done.store(true, Ordering::Relaxed);
    let stalled = watching.join().unwrap_or_default();
    assert!(started.elapsed() > Duration::from_millis(2000), "the pages were slow");
    let Some(Outcome::Fresh(parsed)) = outcome else {
        panic!("all ten pages read: {outcome:?}");
    };
    assert_eq!(parsed.snapshot.notes.len(), 10);
    assert!(stalled.is_empty(), "never taken for dead: {stalled:?}");
}

/// The whole poll has a deadline: pages that keep coming slowly fail
/// the poll (the wall keeps its notes) rather than hold the thread.
#[test]
fn a_poll_past_its_deadline_fails() {
    let (url, _) = serve_at(|base| {
        (1..=10)
            .map(|n| Reply {
                delay: Duration::from_millis(200),
                ..Reply::ok(&ratings(&[(n, "good", "Top")], Some(format!("{base}/page{}", n + 1))))
            })
            .collect()
    });
    let first = HttpGet::new(url, None, super::http::BodyKind::Json);
    let mut source =
        MappedSource::new("zendesk".into(), first, crate::core::feed::mapped::fixtures::zendesk(), 10, INTERVAL)
            .with_poll_deadline(Duration::from_millis(500));
    match source.poll() {
        Some(Outcome::Failed(message)) => assert!(message.contains("took longer"), "{message}"),
        other => panic!("the poll fails at its deadline: {other:?}"),
    }
}
