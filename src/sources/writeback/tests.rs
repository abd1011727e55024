//! The sender end to end: votes and decisions go through the real thread
//! and HTTP client to a small server on 127.0.0.1 that answers as told.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;

use super::*;

type Shared<T> = Arc<Mutex<T>>;

/// A votes server on 127.0.0.1 whose answer to the `n`th request (its
/// method, and the vote id or Fider status in its body) is the status
/// line and headers that `answer` gives. It keeps each id it answered
/// with 2xx once (as the contract asks). Returns its URL, the accepted
/// ids in order and a count of every request.
fn votes_server_with(
    answer: impl Fn(usize, &str, &str) -> String + Send + 'static,
) -> (String, Shared<Vec<String>>, Shared<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|err| panic!("bind: {err}"));
    let url = format!("http://{}/votes", listener.local_addr().map(|a| a.to_string()).unwrap_or_default());
    let accepted = Arc::new(Mutex::new(Vec::new()));
    let deliveries = Arc::new(Mutex::new(0));
    let (ids, count) = (accepted.clone(), deliveries.clone());
    thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap_or_else(|err| panic!("{err}")));
            let mut length = 0;
            let mut line = String::new();
            let mut method = String::new();
            while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
                if method.is_empty() {
                    method = line.split(' ').next().unwrap_or_default().to_string();
                }
                if let Some(value) = line.to_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            // A vote's id, or a status update's Fider status.
            let id = value["vote_id"].as_str().or(value["status"].as_str()).unwrap_or_default().to_string();
            let head = answer(n, &method, &id);
            if let Ok(mut count) = count.lock() {
                *count += 1;
            }
            if head.starts_with("HTTP/1.1 2")
                && !id.is_empty()
                && let Ok(mut ids) = ids.lock()
                && !ids.contains(&id)
            {
                ids.push(id);
            }
            let _ = stream.write_all(format!("{head}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes());
        }
    });
    (url, accepted, deliveries)
}

/// A votes server that fails its first `failures` requests with 503,
/// then accepts.
fn votes_server(failures: usize) -> (String, Shared<Vec<String>>, Shared<usize>) {
    votes_server_with(move |n, _, _| {
        if n < failures { "HTTP/1.1 503 Service Unavailable" } else { "HTTP/1.1 201 Created" }.to_string()
    })
}

pub(super) fn start(targets: Targets) -> Outbox {
    spawn(targets, &Heartbeats::default(), Arc::new(|| {})).unwrap_or_else(|err| panic!("{err}"))
}

fn vote_targets(url: String) -> Targets {
    Targets {
        votes: HashMap::from([("feed".to_string(), Target { url, bearer: Some("secret".into()) })]),
        ..Targets::default()
    }
}

fn votes(range: std::ops::Range<usize>) -> Vec<Vote> {
    range
        .map(|i| Vote {
            vote_id: format!("tv-{i}"),
            source: "feed".into(),
            note_id: format!("n-{i}"),
            at: Utc::now(),
            week: "2026-W48".into(),
            kiosk: "tv".into(),
        })
        .collect()
}

pub(super) fn confirmations(outbox: &Outbox, expected: usize, seconds: u64) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut got = Vec::new();
    while got.len() < expected && Instant::now() < deadline {
        match outbox.sent.recv_timeout(Duration::from_millis(100)) {
            Ok(Confirmed::Vote(id)) => got.push(id),
            Ok(Confirmed::Decision { note_id, .. }) => got.push(format!("status:{note_id}")),
            Ok(Confirmed::Topic { note_id, .. }) => got.push(format!("topic:{note_id}")),
            Ok(Confirmed::Minutes(id)) => got.push(format!("minutes:{id}")),
            Ok(Confirmed::Parked { what, .. }) => got.push(format!("parked:{what}")),
            Err(_) => {}
        }
    }
    got
}

/// An SSO proxy (or http→https) answers 302. Following it would turn
/// the POST into a GET of a page that answers 200, and the old code
/// then marked every vote sent though none arrived.
#[test]
fn a_redirect_never_marks_a_vote_sent() {
    let (url, accepted, deliveries) = votes_server_with(|_, method, _| {
        if method == "POST" {
            "HTTP/1.1 302 Found\r\nLocation: /login".to_string()
        } else {
            "HTTP/1.1 200 OK".to_string()
        }
    });
    let outbox = start(vote_targets(url));
    let _ =
        outbox.queue.send(Queue { votes: votes(0..3), decisions: Vec::new(), topics: Vec::new(), minutes: Vec::new() });
    let got = confirmations(&outbox, 1, 3);
    assert!(got.is_empty(), "nothing counts as sent after a redirect: {got:?}");
    assert!(accepted.lock().map(|a| a.is_empty()).unwrap_or(false));
    let count = deliveries.lock().map(|d| *d).unwrap_or(0);
    assert!((1..=2).contains(&count), "a POST or two, then backoff: {count}");
}

/// The server refuses one vote for good; the old code retried that one
/// vote forever and sent none of the others.
#[test]
fn one_refused_vote_is_parked_and_the_rest_go_on() {
    let (url, accepted, deliveries) = votes_server_with(|_, _, id| {
        if id == "tv-1" { "HTTP/1.1 404 Not Found" } else { "HTTP/1.1 201 Created" }.to_string()
    });
    let outbox = start(vote_targets(url));
    let _ = outbox.queue.send(Queue {
        votes: votes(0..50),
        decisions: Vec::new(),
        topics: Vec::new(),
        minutes: Vec::new(),
    });
    let got = confirmations(&outbox, 50, 20);
    assert_eq!(got.len(), 50, "{got:?}");
    assert!(got.contains(&"parked:vote tv-1 for note n-1".to_string()), "{got:?}");
    assert_eq!(accepted.lock().map(|a| a.len()).unwrap_or(0), 49);
    // The journal changes and the whole queue comes again (the wall
    // may not have journaled the confirmations yet): neither the parked
    // vote nor the confirmed ones are sent again.
    let _ = outbox.queue.send(Queue {
        votes: votes(0..50),
        decisions: Vec::new(),
        topics: Vec::new(),
        minutes: Vec::new(),
    });
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(deliveries.lock().map(|d| *d).unwrap_or(0), 50, "each vote went once");
}

#[test]
fn stand_up_decisions_become_fider_statuses() {
    let (url, accepted, _) = votes_server(1);
    let base = url.trim_end_matches("/votes").to_string();
    let targets = Targets {
        decisions: HashMap::from([("feed".to_string(), Target { url: base, bearer: None })]),
        ..Targets::default()
    };
    let outbox = start(targets);
    let decision = |id: &str, status| Decision { source: "feed".into(), note_id: id.into(), status, at: Utc::now() };
    let _ = outbox.queue.send(Queue {
        votes: Vec::new(),
        decisions: vec![decision("42", Status::Done), decision("43", Status::Discussed)],
        ..Queue::default()
    });
    let got = confirmations(&outbox, 1, 20);
    assert_eq!(got, ["status:42"], "Done went out after one failure; Discussed has no Fider status");
    assert_eq!(accepted.lock().map(|a| a.clone()).unwrap_or_default(), ["completed"]);
}

#[test]
fn votes_arrive_once_each_after_failures_and_a_restart() {
    let (url, accepted, deliveries) = votes_server(2);
    let targets = vote_targets(url);

    // The first run: the server fails twice, then takes the first votes;
    // the wall "restarts" after three confirmations.
    let first = start(targets.clone());
    let _ =
        first.queue.send(Queue { votes: votes(0..5), decisions: Vec::new(), topics: Vec::new(), minutes: Vec::new() });
    let confirmed: Vec<String> = confirmations(&first, 3, 20);
    assert_eq!(confirmed.len(), 3, "sent after the server recovered");
    drop(first);

    // After the restart the journal still lists the unconfirmed votes.
    let confirmed: HashSet<String> = confirmed.into_iter().collect();
    let unsent: Vec<Vote> = votes(0..5).into_iter().filter(|v| !confirmed.contains(&v.vote_id)).collect();
    let second = start(targets);
    let _ = second.queue.send(Queue {
        votes: unsent.clone(),
        decisions: Vec::new(),
        topics: Vec::new(),
        minutes: Vec::new(),
    });
    let rest = confirmations(&second, unsent.len(), 20);
    assert_eq!(rest.len(), unsent.len());

    let ids: HashSet<String> = accepted.lock().map(|ids| ids.iter().cloned().collect()).unwrap_or_default();
    let all: HashSet<String> = votes(0..5).into_iter().map(|v| v.vote_id).collect();
    assert_eq!(ids, all, "every vote arrived");
    let count = deliveries.lock().map(|c| *c).unwrap_or(0);
    // Two answers were 503s. A vote confirmed by the server but not yet
    // heard by the wall when it stopped goes again, with the same id;
    // nothing else repeats.
    assert!(count <= 2 + 5 + unsent.len(), "no vote is sent over and over: {count} requests");
    assert_eq!(accepted.lock().map(|ids| ids.len()).unwrap_or(0), 5, "each vote id once");
}

/// A 503 with an hour's Retry-After on one source's votes_url holds up no
/// other source: each target has its own queue and backoff. Before, the
/// first failure ended the round for every source, and the wait was shared.
#[test]
fn one_sick_target_holds_up_no_other() {
    let (sick, _, sick_deliveries) =
        votes_server_with(|_, _, _| "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 3600".to_string());
    let (healthy, accepted, _) = votes_server(0);
    let targets = Targets {
        votes: HashMap::from([
            ("sick".to_string(), Target { url: sick, bearer: None }),
            ("healthy".to_string(), Target { url: healthy, bearer: None }),
        ]),
        ..Targets::default()
    };
    let outbox = start(targets);
    let mut queued = votes(0..5);
    queued.iter_mut().for_each(|vote| vote.source = "sick".into());
    let mut more = votes(5..25);
    more.iter_mut().for_each(|vote| vote.source = "healthy".into());
    queued.extend(more);
    let _ = outbox.queue.send(Queue { votes: queued, decisions: Vec::new(), topics: Vec::new(), minutes: Vec::new() });
    let got = confirmations(&outbox, 20, 10);
    assert_eq!(got.len(), 20, "every healthy vote went: {got:?}");
    assert_eq!(accepted.lock().map(|a| a.len()).unwrap_or(0), 20);
    assert_eq!(sick_deliveries.lock().map(|d| *d).unwrap_or(0), 1, "the sick target waits its hour");
}

/// Each vote is queued once however often the wall lists it, and a
/// backlog drains exactly once (here 3,000 votes, listed three times).
#[test]
fn a_backlog_is_queued_once_and_drains_once() {
    let (url, accepted, deliveries) = votes_server(0);
    let outbox = start(vote_targets(url));
    let all = votes(0..3000);
    for _ in 0..3 {
        let _ = outbox.queue.send(Queue {
            votes: all.clone(),
            decisions: Vec::new(),
            topics: Vec::new(),
            minutes: Vec::new(),
        });
    }
    let got = confirmations(&outbox, 3000, 120);
    assert_eq!(got.len(), 3000);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(deliveries.lock().map(|d| *d).unwrap_or(0), 3000, "one request per vote");
    assert_eq!(accepted.lock().map(|a| a.len()).unwrap_or(0), 3000);
}

/// While the wall cannot journal what was confirmed, nothing new is sent.
#[test]
fn nothing_is_sent_while_the_wall_holds() {
    let (url, _, deliveries) = votes_server(0);
    let outbox = start(vote_targets(url));
    outbox.hold.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ =
        outbox.queue.send(Queue { votes: votes(0..5), decisions: Vec::new(), topics: Vec::new(), minutes: Vec::new() });
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(deliveries.lock().map(|d| *d).unwrap_or(0), 0, "held");
    outbox.hold.store(false, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(confirmations(&outbox, 5, 10).len(), 5, "sent once the hold is lifted");
}

/// A vote older than the retry window is given up with a reason, not sent:
/// its id may be gone from the list that would tell a repeat.
#[test]
fn a_vote_older_than_the_retry_window_is_given_up() {
    let (url, _, deliveries) = votes_server(0);
    let outbox = start(vote_targets(url));
    let mut old = votes(0..1);
    old[0].at = Utc::now() - chrono::Duration::days(RETRY_WINDOW_DAYS + 1);
    let _ = outbox.queue.send(Queue { votes: old, decisions: Vec::new(), topics: Vec::new(), minutes: Vec::new() });
    let got = confirmations(&outbox, 1, 5);
    assert_eq!(got, ["parked:vote tv-0 for note n-0"]);
    assert_eq!(deliveries.lock().map(|d| *d).unwrap_or(0), 0);
}
