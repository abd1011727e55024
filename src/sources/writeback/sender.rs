//! The sender thread's loop: it takes the newest queue from the wall, sends
//! each item in order, reports what was confirmed or parked, and backs off
//! while a source is unwell.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use reqwest::blocking::Client;

use super::exchange::{self, SendError};
use super::{Confirmed, Decision, Queue, Target, Targets};
use crate::core::votes::Vote;
use crate::sources::backoff::Backoff;
use crate::sources::heartbeat::{BEAT_EVERY, Beat};

/// The longest wait between retries of one vote.
const MAX_WAIT: Duration = Duration::from_secs(300);

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

    /// What the wall hears once the source has this job.
    fn confirmed(self) -> Confirmed {
        match self {
            Job::Vote(vote) => Confirmed::Vote(vote.vote_id),
            Job::Decision(d) => Confirmed::Decision { source: d.source, note_id: d.note_id, at: d.at },
        }
    }
}

/// What the sender still has to send, and what it settled while this
/// process runs.
struct Backlog {
    pending: Vec<Job>,
    // Items a source refused for good, and items it confirmed, by key: not
    // sent again while this process runs, even when a queue from the wall
    // (built before it heard the confirmation, or after it failed to
    // journal it) lists them again.
    parked: HashSet<String>,
    done: HashSet<String>,
    backoff: Backoff,
    /// When the next round of sending may start.
    due: Instant,
    /// The state of the random jitter of the waits between retries.
    seed: u64,
}

/// How one round of sending ended.
enum Round {
    /// Nothing is pending: each item was confirmed or set aside.
    Emptied,
    /// The source is unwell: this item and the ones after it wait.
    Failed(SendError),
    /// The wall no longer hears confirmations: the thread ends.
    WallGone,
}

/// The thread: takes each new queue from the wall, and sends what is due.
pub(super) fn run(
    client: &Client,
    targets: &Targets,
    queue: &Receiver<Queue>,
    sent: &Sender<Confirmed>,
    beat: &Beat,
    wake: &dyn Fn(),
) {
    let mut backlog = Backlog::new();
    loop {
        beat.beat();
        match queue.recv_timeout(backlog.wait().min(BEAT_EVERY)) {
            Ok(list) => {
                backlog.replace(list, targets);
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {}
        }
        if backlog.pending.is_empty() || Instant::now() < backlog.due {
            continue;
        }
        match backlog.send_round(client, targets, sent, beat, wake) {
            Round::Emptied => backlog.succeeded(),
            Round::Failed(err) => backlog.failed(&err.message, err.retry_after),
            Round::WallGone => return,
        }
    }
}

impl Backlog {
    fn new() -> Backlog {
        Backlog {
            pending: Vec::new(),
            parked: HashSet::new(),
            done: HashSet::new(),
            backoff: Backoff::new(MAX_WAIT),
            due: Instant::now(),
            seed: u64::from(std::process::id()) ^ 0x9e37_79b9_7f4a_7c15,
        }
    }

    /// How long to wait for a new queue before looking at this one again.
    fn wait(&self) -> Duration {
        if self.pending.is_empty() { BEAT_EVERY } else { self.due.saturating_duration_since(Instant::now()) }
    }

    /// The wall's newest queue replaces the pending items, less what has no
    /// target here and what this process already settled.
    fn replace(&mut self, list: Queue, targets: &Targets) {
        let (parked, done) = (&self.parked, &self.done);
        self.pending = list
            .votes
            .into_iter()
            .filter(|v| targets.takes_vote(&v.source))
            .map(Job::Vote)
            .chain(list.decisions.into_iter().filter(|d| targets.takes_decision(d)).map(Job::Decision))
            .filter(|job| !parked.contains(&job.key()) && !done.contains(&job.key()))
            .collect();
    }

    /// Sends the pending items in order until one fails for a reason that
    /// would hold up the others too; tells the wall about each one settled.
    fn send_round(
        &mut self,
        client: &Client,
        targets: &Targets,
        sent: &Sender<Confirmed>,
        beat: &Beat,
        wake: &dyn Fn(),
    ) -> Round {
        while let Some(job) = self.pending.first().cloned() {
            beat.beat();
            let confirmed = match send(client, targets, &job) {
                None => {
                    self.pending.remove(0);
                    continue;
                }
                Some(Ok(())) => {
                    self.pending.remove(0);
                    self.done.insert(job.key());
                    job.confirmed()
                }
                Some(Err(err)) if err.permanent => {
                    self.pending.remove(0);
                    self.park(&job, err)
                }
                Some(Err(err)) => return Round::Failed(err),
            };
            if sent.send(confirmed).is_err() {
                return Round::WallGone;
            }
            wake();
        }
        Round::Emptied
    }

    /// Sets aside an item the source refused for good, so the rest go on.
    fn park(&mut self, job: &Job, err: SendError) -> Confirmed {
        let what = job.describe();
        bevy::log::warn!("{what} is set aside: {}; the other votes go on", err.message);
        self.parked.insert(job.key());
        Confirmed::Parked { what, reason: err.message }
    }

    /// The source is unwell: the next round waits, longer each time, with
    /// jitter.
    fn failed(&mut self, err: &str, retry_after: Option<Duration>) {
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        let wait = self.backoff.failed((self.seed % 1000) as f64 / 1000.0, retry_after);
        bevy::log::warn!(
            "{} votes or decisions wait to be sent back ({err}); next try in {} s",
            self.pending.len(),
            wait.as_secs()
        );
        self.due = Instant::now() + wait;
    }

    /// Everything went: the next queue goes at once.
    fn succeeded(&mut self) {
        self.backoff.succeeded();
        self.due = Instant::now();
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
    }
}

fn source_target<'a>(targets: &'a HashMap<String, Target>, source: &str) -> Option<&'a Target> {
    targets.get(source)
}
