//! The sender thread's loop: it takes each new item from the wall once,
//! keeps one queue per target (a source's votes, a source's decisions),
//! sends one item at a time from whichever queue is due, reports what was
//! confirmed or parked, and backs off per target while that target is
//! unwell. A 503 and an hour's Retry-After on one `votes_url` hold up no
//! other source's votes and no stand-up decision.
//!
//! Between two items it reads what the wall sent meanwhile, so a backlog of
//! thousands drains in linear time and memory: each item is queued once, by
//! its key, and a queue from the wall that lists it again is ignored.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::{Duration, Instant};

use reqwest::blocking::Client;

use super::exchange::{self, SendError};
use super::{Confirmed, Decision, Queue, RETRY_WINDOW_DAYS, Target, Targets, TopicChange};
use crate::core::votes::Vote;
use crate::sources::backoff::Backoff;
use crate::sources::heartbeat::{BEAT_EVERY, Beat};

/// The longest wait between retries of one target.
const MAX_WAIT: Duration = Duration::from_secs(300);
/// How often the sender looks again while it is told to hold.
const HOLD_CHECK: Duration = Duration::from_millis(200);

/// One thing to send.
#[derive(Debug, Clone)]
enum Job {
    Vote(Vote),
    Decision(Decision),
    Topic(TopicChange),
    /// A stand-up's minutes: (id, Markdown).
    Minutes(String, String),
}

impl Job {
    /// What makes this job itself: a vote's id, a decision's post, source
    /// and moment.
    fn key(&self) -> String {
        match self {
            Job::Vote(vote) => vote.vote_id.clone(),
            Job::Decision(d) => format!("{}\u{1f}{}\u{1f}{}", d.source, d.note_id, d.at.to_rfc3339()),
            Job::Topic(t) => format!("topic\u{1f}{}\u{1f}{}\u{1f}{}", t.source, t.note_id, t.at.to_rfc3339()),
            Job::Minutes(id, _) => format!("minutes\u{1f}{id}"),
        }
    }

    /// The queue it waits in: one per source and kind of write.
    fn lane(&self) -> String {
        match self {
            Job::Vote(vote) => format!("votes for source {}", vote.source),
            Job::Decision(d) => format!("decisions for source {}", d.source),
            Job::Topic(t) => format!("topics for source {}", t.source),
            Job::Minutes(..) => "the minutes webhook".to_string(),
        }
    }

    /// What this job is, for the log and the status file.
    fn describe(&self) -> String {
        match self {
            Job::Vote(vote) => format!("vote {} for note {}", vote.vote_id, vote.note_id),
            Job::Decision(d) => format!("status of post {}", d.note_id),
            Job::Topic(t) => format!("topic of note {}", t.note_id),
            Job::Minutes(id, _) => format!("minutes {id}"),
        }
    }

    /// What the wall hears once the source has this job.
    fn confirmed(self) -> Confirmed {
        match self {
            Job::Vote(vote) => Confirmed::Vote(vote.vote_id),
            Job::Decision(d) => Confirmed::Decision { source: d.source, note_id: d.note_id, at: d.at },
            Job::Topic(t) => Confirmed::Topic { source: t.source, note_id: t.note_id, at: t.at },
            Job::Minutes(id, _) => Confirmed::Minutes(id),
        }
    }
}

/// One target's queue and its own backoff.
struct Lane {
    jobs: VecDeque<Job>,
    backoff: Backoff,
    /// When this target may be tried again.
    due: Instant,
}

/// What the sender still has to send, and what it settled while this
/// process runs.
struct Backlog {
    lanes: HashMap<String, Lane>,
    /// The lanes in the order they were made, served in turn.
    order: Vec<String>,
    /// Where the next turn starts in `order`.
    turn: usize,
    /// Keys of the jobs in a lane now.
    queued: HashSet<String>,
    // Items a source refused for good, and items it confirmed, by key: not
    // sent again while this process runs, even when the wall lists them
    // again (before it heard the confirmation, or after it failed to
    // journal it).
    parked: HashSet<String>,
    done: HashSet<String>,
    /// The state of the random jitter of the waits between retries.
    seed: u64,
}

/// The thread: takes each new queue from the wall, and sends what is due.
/// While `hold` is set (the wall cannot journal what was confirmed), nothing
/// new is sent: a "sent" that cannot be recorded would send it again after
/// a restart.
pub(super) fn run(
    client: &Client,
    targets: &Targets,
    queue: &Receiver<Queue>,
    sent: &Sender<Confirmed>,
    hold: &AtomicBool,
    beat: &Beat,
    wake: &dyn Fn(),
) {
    let mut backlog = Backlog::new();
    loop {
        beat.beat();
        // Everything the wall sent meanwhile, without waiting.
        loop {
            match queue.try_recv() {
                Ok(list) => {
                    for parked in backlog.add(list, targets) {
                        if sent.send(parked).is_err() {
                            return;
                        }
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        let lane = if hold.load(Ordering::Relaxed) { None } else { backlog.next_due() };
        let Some(lane) = lane else {
            let wait = if hold.load(Ordering::Relaxed) { HOLD_CHECK } else { backlog.wait() };
            match queue.recv_timeout(wait.min(BEAT_EVERY)) {
                Ok(list) => {
                    for parked in backlog.add(list, targets) {
                        if sent.send(parked).is_err() {
                            return;
                        }
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            continue;
        };
        if let Some(confirmed) = backlog.send_one(client, targets, &lane) {
            if sent.send(confirmed).is_err() {
                return;
            }
            wake();
        }
    }
}

impl Backlog {
    fn new() -> Backlog {
        Backlog {
            lanes: HashMap::new(),
            order: Vec::new(),
            turn: 0,
            queued: HashSet::new(),
            parked: HashSet::new(),
            done: HashSet::new(),
            seed: u64::from(std::process::id()) ^ 0x9e37_79b9_7f4a_7c15,
        }
    }

    /// Queues each item of `list` that has a target here and is not queued
    /// or settled already. A vote older than the retry window is given up
    /// (parked) rather than risk counting it twice: its id may no longer be
    /// on the item that would tell a repeat. Returns those parked.
    fn add(&mut self, list: Queue, targets: &Targets) -> Vec<Confirmed> {
        let too_old = chrono::Utc::now() - chrono::Duration::days(RETRY_WINDOW_DAYS);
        let jobs = list
            .votes
            .into_iter()
            .filter(|v| targets.takes_vote(&v.source))
            .map(Job::Vote)
            .chain(list.decisions.into_iter().filter(|d| targets.takes_decision(d)).map(Job::Decision))
            .chain(list.topics.into_iter().filter(|t| targets.takes_topic(t)).map(Job::Topic))
            .chain(
                list.minutes.into_iter().filter(|_| targets.minutes.is_some()).map(|(id, text)| Job::Minutes(id, text)),
            );
        let mut parked = Vec::new();
        for job in jobs {
            let key = job.key();
            if self.queued.contains(&key) || self.parked.contains(&key) || self.done.contains(&key) {
                continue;
            }
            if let Job::Vote(vote) = &job
                && vote.at < too_old
            {
                let reason = format!(
                    "cast more than {RETRY_WINDOW_DAYS} days ago and never confirmed; given up rather than risk counting it twice"
                );
                parked.push(self.park(&job, SendError { message: reason, permanent: true, retry_after: None }));
                continue;
            }
            let lane = job.lane();
            if !self.lanes.contains_key(&lane) {
                self.order.push(lane.clone());
            }
            let lane = self.lanes.entry(lane).or_insert_with(|| Lane {
                jobs: VecDeque::new(),
                backoff: Backoff::new(MAX_WAIT),
                due: Instant::now(),
            });
            self.queued.insert(key);
            lane.jobs.push_back(job);
        }
        parked
    }

    /// The next lane with an item that is due, taking the lanes in turn so
    /// a long queue does not starve a short one.
    fn next_due(&mut self) -> Option<String> {
        let now = Instant::now();
        let count = self.order.len();
        for step in 0..count {
            let at = (self.turn + step) % count;
            let name = &self.order[at];
            if self.lanes.get(name).is_some_and(|lane| !lane.jobs.is_empty() && lane.due <= now) {
                self.turn = (at + 1) % count;
                return Some(name.clone());
            }
        }
        None
    }

    /// How long until some lane is due (a few seconds when none waits).
    fn wait(&self) -> Duration {
        let now = Instant::now();
        self.lanes
            .values()
            .filter(|lane| !lane.jobs.is_empty())
            .map(|lane| lane.due.saturating_duration_since(now))
            .min()
            .unwrap_or(BEAT_EVERY)
    }

    /// Sends the first item of `lane`; what the wall hears of it, if
    /// anything. A failure that says the target is unwell leaves the item
    /// first in its lane and backs that lane off.
    fn send_one(&mut self, client: &Client, targets: &Targets, lane: &str) -> Option<Confirmed> {
        let job = self.lanes.get(lane)?.jobs.front()?.clone();
        let outcome = send(client, targets, &job);
        let settled = match outcome {
            Some(Err(err)) if !err.permanent => {
                self.failed(lane, &err.message, err.retry_after);
                return None;
            }
            _ => self.lanes.get_mut(lane).and_then(|lane| lane.jobs.pop_front()),
        };
        let job = settled?;
        self.queued.remove(&job.key());
        if let Some(lane) = self.lanes.get_mut(lane) {
            lane.backoff.succeeded();
        }
        match outcome {
            None => None,
            Some(Ok(())) => {
                self.done.insert(job.key());
                Some(job.confirmed())
            }
            Some(Err(err)) => Some(self.park(&job, err)),
        }
    }

    /// Sets aside an item the source refused for good, so the rest go on.
    fn park(&mut self, job: &Job, err: SendError) -> Confirmed {
        let what = job.describe();
        bevy::log::warn!("{what} is set aside: {}; the other votes go on", err.message);
        self.parked.insert(job.key());
        let vote_id = match job {
            Job::Vote(vote) => Some(vote.vote_id.clone()),
            Job::Decision(_) | Job::Topic(_) | Job::Minutes(..) => None,
        };
        Confirmed::Parked { what, reason: err.message, vote_id }
    }

    /// The target of `lane` is unwell: its next try waits, longer each
    /// time, with jitter; the other lanes go on.
    fn failed(&mut self, lane: &str, err: &str, retry_after: Option<Duration>) {
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        let jitter = (self.seed % 1000) as f64 / 1000.0;
        let Some(queue) = self.lanes.get_mut(lane) else {
            return;
        };
        let wait = queue.backoff.failed(jitter, retry_after);
        bevy::log::warn!("{} {lane} wait to be sent back ({err}); next try in {} s", queue.jobs.len(), wait.as_secs());
        let now = Instant::now();
        queue.due = now.checked_add(wait).unwrap_or(now);
    }
}

/// Sends one job to its source; `None` when its source takes no such job.
fn send(client: &Client, targets: &Targets, job: &Job) -> Option<Result<(), SendError>> {
    match job {
        Job::Vote(vote) => match targets.vote_list(&vote.source) {
            Some(list) => Some(super::list::add_vote(client, list, vote)),
            None => source_target(&targets.votes, &vote.source).map(|t| exchange::post(client, t, vote)),
        },
        Job::Decision(decision) => match targets.decision_list(&decision.source) {
            Some(list) => Some(super::list::set_status(client, list, decision)),
            None => {
                source_target(&targets.decisions, &decision.source).map(|t| exchange::put_status(client, t, decision))
            }
        },
        Job::Minutes(_, text) => {
            targets.minutes.as_ref().map(|(target, format)| exchange::post_minutes(client, target, *format, text))
        }
        Job::Topic(change) => match targets.topic_list(&change.source) {
            Some(list) => Some(super::list::set_topic(client, list, change)),
            None => source_target(&targets.decisions, &change.source).map(|t| {
                exchange::fider_topic(client, t, targets.topic_tags.get(&change.source).map(String::as_str), change)
            }),
        },
    }
}

fn source_target<'a>(targets: &'a HashMap<String, Target>, source: &str) -> Option<&'a Target> {
    targets.get(source)
}
