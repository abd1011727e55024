//! Sends votes cast on the wall back to their source: for a JSON feed with
//! a `votes_url`, each vote is POSTed as
//! `{"vote_id", "source", "note_id", "at", "week", "kiosk"}` with the vote id
//! also in an `Idempotency-Key` header. Only a 2xx (or 409: already have it)
//! from the configured URL itself marks it sent: redirects are never
//! followed (a redirected POST turns into a GET that "succeeds" somewhere
//! else). An answer that refuses this one item (400, 404, 410, 422) parks
//! it with its reason and the rest go on; anything that says the server is
//! unwell (401, 403, 3xx, 5xx, no answer) is retried with backoff. A vote id
//! is never sent as another vote: after a crash between the server's yes and
//! the "sent" record, the same id goes again and the server knows it.
//!
//! For a Fider board with `write_status`, the stand-up's decisions go the
//! same way as `PUT {url}/api/v1/posts/{number}/status`.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::blocking::Client;
use reqwest::header;

use super::Waker;
use super::backoff::Backoff;
use super::heartbeat::{BEAT_EVERY, Beat, Heartbeats};
use crate::core::model::Status;
use crate::core::votes::Vote;

/// Where one source takes votes.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub url: String,
    pub bearer: Option<String>,
}

/// A decision of the stand-up for a Fider post.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub source: String,
    pub note_id: String,
    pub status: Status,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Everything still to send; each message replaces the previous one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Queue {
    pub votes: Vec<Vote>,
    pub decisions: Vec<Decision>,
}

/// What a source confirmed, or refused for good.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirmed {
    Vote(String),
    Decision {
        source: String,
        note_id: String,
        at: chrono::DateTime<chrono::Utc>,
    },
    /// The source refused this one item (400, 404, 410, 422): it is set
    /// aside until the next start, and the rest of the queue goes on.
    Parked {
        what: String,
        reason: String,
    },
}

/// Why one send did not work.
#[derive(Debug, Clone, PartialEq)]
pub struct SendError {
    pub message: String,
    /// The server refused this item and would refuse it again; other items
    /// may still go. Otherwise the server (or the way to it) is unwell and
    /// everything waits.
    pub permanent: bool,
}

impl SendError {
    fn retry(message: String) -> SendError {
        SendError { message, permanent: false }
    }
}

/// Where each source takes votes and decisions, by the source's key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets {
    pub votes: HashMap<String, Target>,
    pub decisions: HashMap<String, Target>,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.votes.is_empty() && self.decisions.is_empty()
    }
}

/// The wall's end of the sender thread: it sends what is unconfirmed, and
/// hears what was confirmed.
pub struct Outbox {
    pub queue: Sender<Queue>,
    pub sent: Receiver<Confirmed>,
}

/// The longest wait between retries of one vote.
const MAX_WAIT: Duration = Duration::from_secs(300);

/// Starts the sender for `targets` (by source key). `wake` is called when
/// a vote was confirmed; the thread beats `beats` while it lives.
pub fn spawn(targets: Targets, beats: &Heartbeats, wake: Waker) -> std::io::Result<Outbox> {
    let (votes_in, votes_out) = mpsc::channel::<Queue>();
    let (sent_in, sent_out) = mpsc::channel::<Confirmed>();
    let client = super::http::write_client(super::http::REQUEST_TIMEOUT).map_err(std::io::Error::other)?;
    let beat = beats.register("vote sender", super::SOURCE_ALLOWANCE);
    thread::Builder::new().name("wall-votes-out".into()).spawn(move || {
        run(&client, &targets, &votes_out, &sent_in, &beat, &*wake);
    })?;
    Ok(Outbox { queue: votes_in, sent: sent_out })
}

/// One thing to send.
#[derive(Debug, Clone)]
enum Job {
    Vote(Vote),
    Decision(Decision),
}

impl Job {
    /// What makes this job itself: a vote's id, a decision's post, source
    /// and moment.
    fn key(&self) -> String {
        match self {
            Job::Vote(vote) => vote.vote_id.clone(),
            Job::Decision(d) => format!("{}\u{1f}{}\u{1f}{}", d.source, d.note_id, d.at.to_rfc3339()),
        }
    }

    /// What this job is, for the log and the status file.
    fn describe(&self) -> String {
        match self {
            Job::Vote(vote) => format!("vote {} for note {}", vote.vote_id, vote.note_id),
            Job::Decision(d) => format!("status of post {}", d.note_id),
        }
    }
}

fn run(
    client: &Client,
    targets: &Targets,
    queue: &Receiver<Queue>,
    sent: &Sender<Confirmed>,
    beat: &Beat,
    wake: &dyn Fn(),
) {
    let mut pending: Vec<Job> = Vec::new();
    // Items a source refused for good, and items it confirmed, by key: not
    // sent again while this process runs, even when a queue from the wall
    // (built before it heard the confirmation, or after it failed to
    // journal it) lists them again.
    let mut parked: HashSet<String> = HashSet::new();
    let mut done: HashSet<String> = HashSet::new();
    let mut backoff = Backoff::new(MAX_WAIT);
    let mut due = Instant::now();
    let mut seed = u64::from(std::process::id()) ^ 0x9e37_79b9_7f4a_7c15;
    loop {
        beat.beat();
        let wait = if pending.is_empty() { BEAT_EVERY } else { due.saturating_duration_since(Instant::now()) };
        match queue.recv_timeout(wait.min(BEAT_EVERY)) {
            Ok(list) => {
                pending = list
                    .votes
                    .into_iter()
                    .filter(|v| source_target(&targets.votes, &v.source).is_some())
                    .map(Job::Vote)
                    .chain(
                        list.decisions
                            .into_iter()
                            .filter(|d| {
                                source_target(&targets.decisions, &d.source).is_some()
                                    && fider_status(d.status).is_some()
                            })
                            .map(Job::Decision),
                    )
                    .filter(|job| !parked.contains(&job.key()) && !done.contains(&job.key()))
                    .collect();
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {}
        }
        if pending.is_empty() || Instant::now() < due {
            continue;
        }
        let mut failed = None;
        while let Some(job) = pending.first().cloned() {
            beat.beat();
            let result = match &job {
                Job::Vote(vote) => source_target(&targets.votes, &vote.source).map(|t| post(client, t, vote)),
                Job::Decision(decision) => {
                    source_target(&targets.decisions, &decision.source).map(|t| put_status(client, t, decision))
                }
            };
            let confirmed = match result {
                None => {
                    pending.remove(0);
                    continue;
                }
                Some(Ok(())) => {
                    pending.remove(0);
                    done.insert(job.key());
                    match job {
                        Job::Vote(vote) => Confirmed::Vote(vote.vote_id),
                        Job::Decision(d) => Confirmed::Decision { source: d.source, note_id: d.note_id, at: d.at },
                    }
                }
                Some(Err(err)) if err.permanent => {
                    pending.remove(0);
                    let what = job.describe();
                    bevy::log::warn!("{what} is set aside: {}; the other votes go on", err.message);
                    parked.insert(job.key());
                    Confirmed::Parked { what, reason: err.message }
                }
                Some(Err(err)) => {
                    failed = Some(err.message);
                    break;
                }
            };
            if sent.send(confirmed).is_err() {
                return;
            }
            wake();
        }
        due = match failed {
            Some(err) => {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let wait = backoff.failed((seed % 1000) as f64 / 1000.0, None);
                bevy::log::warn!(
                    "{} votes or decisions wait to be sent back ({err}); next try in {} s",
                    pending.len(),
                    wait.as_secs()
                );
                Instant::now() + wait
            }
            None => {
                backoff.succeeded();
                Instant::now()
            }
        };
    }
}

/// Sorts an answer of the server: a 2xx (or 409 for a vote) is a yes; a
/// refusal of this one item is permanent; the rest means "try later".
fn judge(response: &reqwest::blocking::Response, what: &str, conflict_is_yes: bool) -> Result<(), SendError> {
    let status = response.status();
    if status.is_success() || (conflict_is_yes && status == StatusCode::CONFLICT) {
        return Ok(());
    }
    if status.is_redirection() {
        let host = super::http::location_host(response.headers());
        return Err(SendError::retry(format!(
            "{what} answered {status}, a redirect to {host}; redirects are not followed for votes, so set the final URL (https?) in the config"
        )));
    }
    let permanent = matches!(
        status,
        StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND | StatusCode::GONE | StatusCode::UNPROCESSABLE_ENTITY
    );
    let hint = match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => "; check the api_key",
        _ => "",
    };
    Err(SendError { message: format!("{what} answered {status}{hint}"), permanent })
}

fn source_target<'a>(targets: &'a HashMap<String, Target>, source: &str) -> Option<&'a Target> {
    targets.get(source)
}

/// Fider's name for a status; Fider has no "discussed".
pub fn fider_status(status: Status) -> Option<&'static str> {
    match status {
        Status::New => Some("open"),
        Status::Discussed => None,
        Status::Planned => Some("planned"),
        Status::InProgress => Some("started"),
        Status::Done => Some("completed"),
        Status::Declined => Some("declined"),
    }
}

/// A stand-up decision as a Fider post's status (a collaborator's key).
fn put_status(client: &Client, target: &Target, decision: &Decision) -> Result<(), SendError> {
    let status = fider_status(decision.status).unwrap_or("open");
    let url = format!("{}/api/v1/posts/{}/status", target.url.trim_end_matches('/'), decision.note_id);
    let body = serde_json::json!({ "status": status, "text": "Decided at the weekly stand-up at the Wall of Change." });
    let mut request = client.put(&url).header(header::CONTENT_TYPE, "application/json").body(body.to_string());
    if let Some(token) = &target.bearer {
        request = request.bearer_auth(token);
    }
    let response = request.send().map_err(|_| SendError::retry("cannot reach the Fider board".into()))?;
    judge(&response, "Fider", false).map_err(|mut err| {
        if response.status() == StatusCode::FORBIDDEN || response.status() == StatusCode::UNAUTHORIZED {
            err.message.push_str(" (a collaborator's or an administrator's key)");
        }
        err
    })
}

/// One vote, once. The body is the documented contract.
fn post(client: &Client, target: &Target, vote: &Vote) -> Result<(), SendError> {
    let body = serde_json::json!({
        "vote_id": vote.vote_id,
        "source": vote.source,
        "note_id": vote.note_id,
        "at": vote.at,
        "week": vote.week,
        "kiosk": vote.kiosk,
    });
    let mut request = client
        .post(&target.url)
        .header(header::CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", &vote.vote_id)
        .body(body.to_string());
    if let Some(token) = &target.bearer {
        request = request.bearer_auth(token);
    }
    let response = request.send().map_err(|err| {
        SendError::retry(if err.is_timeout() {
            "the votes_url did not answer in time".to_string()
        } else {
            "cannot reach the votes_url".to_string()
        })
    })?;
    judge(&response, "the votes_url", true)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};

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
                let _ =
                    stream.write_all(format!("{head}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").as_bytes());
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

    fn start(targets: Targets) -> Outbox {
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

    fn confirmations(outbox: &Outbox, expected: usize, seconds: u64) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let mut got = Vec::new();
        while got.len() < expected && Instant::now() < deadline {
            match outbox.sent.recv_timeout(Duration::from_millis(100)) {
                Ok(Confirmed::Vote(id)) => got.push(id),
                Ok(Confirmed::Decision { note_id, .. }) => got.push(format!("status:{note_id}")),
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
        let _ = outbox.queue.send(Queue { votes: votes(0..3), decisions: Vec::new() });
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
        let _ = outbox.queue.send(Queue { votes: votes(0..50), decisions: Vec::new() });
        let got = confirmations(&outbox, 50, 20);
        assert_eq!(got.len(), 50, "{got:?}");
        assert!(got.contains(&"parked:vote tv-1 for note n-1".to_string()), "{got:?}");
        assert_eq!(accepted.lock().map(|a| a.len()).unwrap_or(0), 49);
        // The journal changes and the whole queue comes again (the wall
        // may not have journaled the confirmations yet): neither the parked
        // vote nor the confirmed ones are sent again.
        let _ = outbox.queue.send(Queue { votes: votes(0..50), decisions: Vec::new() });
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
        let decision =
            |id: &str, status| Decision { source: "feed".into(), note_id: id.into(), status, at: Utc::now() };
        let _ = outbox.queue.send(Queue {
            votes: Vec::new(),
            decisions: vec![decision("42", Status::Done), decision("43", Status::Discussed)],
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
        let _ = first.queue.send(Queue { votes: votes(0..5), decisions: Vec::new() });
        let confirmed: Vec<String> = confirmations(&first, 3, 20);
        assert_eq!(confirmed.len(), 3, "sent after the server recovered");
        drop(first);

        // After the restart the journal still lists the unconfirmed votes.
        let confirmed: HashSet<String> = confirmed.into_iter().collect();
        let unsent: Vec<Vote> = votes(0..5).into_iter().filter(|v| !confirmed.contains(&v.vote_id)).collect();
        let second = start(targets);
        let _ = second.queue.send(Queue { votes: unsent.clone(), decisions: Vec::new() });
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
}
