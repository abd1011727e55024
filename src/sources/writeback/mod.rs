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
//!
//! A Microsoft list counts each vote in its votes column, and takes the
//! decisions in its status column (`list`).
//!
//! The minutes of each stand-up go to a Teams or Slack incoming webhook
//! (`standup.minutes_webhook`), in the JSON each expects, until one answers
//! 2xx.
//!
//! Topics set at the stand-up go back where the source has the concept: a
//! Fider board with `write_status` gets the topic as a tag
//! (`POST /api/v1/posts/{number}/tags/{prefix-topic}`, with
//! `topic_tag_prefix`) and the notes of a confirmed story as duplicates of
//! its top post (`PUT …/status` `{"status": "duplicate", "originalNumber"}`);
//! a list with `write_status` gets it in its topic column. Each is
//! idempotent at the source and journaled as sent once confirmed.
//!
//! This file is the wall's side: what it queues and hears back. `sender`
//! is the thread's loop; `exchange` is one request and what its answer
//! means.

mod exchange;
mod list;
#[cfg(test)]
mod list_tests;
mod sender;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod topic_tests;

pub(crate) use exchange::fider_status;
pub(crate) use list::ListWriter;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use super::Waker;
use super::heartbeat::Heartbeats;
use crate::core::model::Status;
use crate::core::votes::Vote;

/// Where one source takes votes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Target {
    pub url: String,
    pub bearer: Option<String>,
}

/// A decision of the stand-up for a Fider post.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decision {
    pub source: String,
    pub note_id: String,
    pub status: Status,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// A topic set at the stand-up (`None`: the note was taken out of every
/// stack), for a source that has the concept: a Fider tag and, for a
/// confirmed story, a duplicate of its top post; a list's topic column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TopicChange {
    pub source: String,
    pub note_id: String,
    pub topic: Option<String>,
    /// The post of the same board this one duplicates.
    pub original: Option<String>,
    /// The topic it had before, whose tag goes.
    pub previous: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// How long a vote may still be sent: its id stays on a Microsoft list's
/// item this long (so a repeat is told apart), and the sender gives up on
/// an older vote that was never confirmed.
pub(crate) const RETRY_WINDOW_DAYS: i64 = 30;

/// Items to send. Each is queued once: the wall sends every unconfirmed
/// item at the start and each new one after, and an item listed again is
/// ignored.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Queue {
    pub votes: Vec<Vote>,
    pub decisions: Vec<Decision>,
    pub topics: Vec<TopicChange>,
    /// Stand-up minutes for the webhook: (id, Markdown).
    pub minutes: Vec<(String, String)>,
}

/// What a source confirmed, or refused for good.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Confirmed {
    Vote(String),
    Decision {
        source: String,
        note_id: String,
        at: chrono::DateTime<chrono::Utc>,
    },
    Topic {
        source: String,
        note_id: String,
        at: chrono::DateTime<chrono::Utc>,
    },
    /// The webhook took the minutes with this id.
    Minutes(String),
    /// The source refused this one item (400, 404, 410, 422): it is set
    /// aside until the next start, and the rest of the queue goes on.
    Parked {
        what: String,
        reason: String,
        /// The vote's id, for a vote.
        vote_id: Option<String>,
    },
}

/// Where each source takes votes and decisions, by the source's key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Targets {
    pub votes: HashMap<String, Target>,
    pub decisions: HashMap<String, Target>,
    /// Microsoft lists that take votes (a votes column) or decisions
    /// (`write_status`), by the source's key.
    pub lists: HashMap<String, Arc<ListWriter>>,
    /// The topic tags' prefix of Fider boards that take decisions.
    pub topic_tags: HashMap<String, String>,
    /// The webhook that takes the stand-up's minutes, and its JSON.
    pub minutes: Option<(Target, crate::config::WebhookFormat)>,
}

impl Targets {
    pub(crate) fn is_empty(&self) -> bool {
        self.votes.is_empty() && self.decisions.is_empty() && self.lists.is_empty() && self.minutes.is_none()
    }

    /// The list that counts votes for `source`.
    fn vote_list(&self, source: &str) -> Option<&ListWriter> {
        self.lists.get(source).map(|list| &**list).filter(|list| list.list.writes_votes())
    }

    /// The list that takes decisions for `source`.
    fn decision_list(&self, source: &str) -> Option<&ListWriter> {
        self.lists.get(source).map(|list| &**list).filter(|list| list.list.write_status)
    }

    /// The list that takes topics for `source` (decisions and a topic column).
    fn topic_list(&self, source: &str) -> Option<&ListWriter> {
        self.decision_list(source).filter(|list| list.list.columns.topic.is_some())
    }

    /// Whether a topic for its source is written anywhere: a list's topic
    /// column; a Fider board's tag (with a topic tag prefix) or duplicate.
    fn takes_topic(&self, change: &TopicChange) -> bool {
        let tags =
            self.topic_tags.contains_key(&change.source) && (change.topic.is_some() || change.previous.is_some());
        let fider = self.decisions.contains_key(&change.source) && (change.original.is_some() || tags);
        fider || self.topic_list(&change.source).is_some()
    }

    /// Whether a vote for `source` is sent anywhere.
    fn takes_vote(&self, source: &str) -> bool {
        self.votes.contains_key(source) || self.vote_list(source).is_some()
    }

    /// Whether a decision for `source` is sent anywhere (Fider has no
    /// "discussed").
    fn takes_decision(&self, decision: &Decision) -> bool {
        self.decision_list(&decision.source).is_some()
            || (self.decisions.contains_key(&decision.source) && fider_status(decision.status).is_some())
    }
}

/// The wall's end of the sender thread: it sends what is unconfirmed, and
/// hears what was confirmed.
pub(crate) struct Outbox {
    pub queue: Sender<Queue>,
    pub sent: Receiver<Confirmed>,
    /// Set while the wall cannot journal what was confirmed: nothing new is
    /// sent until it can.
    pub hold: Arc<AtomicBool>,
}

/// Starts the sender for `targets` (by source key). `wake` is called when
/// a vote was confirmed; the thread beats `beats` while it lives.
pub(crate) fn spawn(targets: Targets, beats: &Heartbeats, wake: Waker) -> std::io::Result<Outbox> {
    let (votes_in, votes_out) = mpsc::channel::<Queue>();
    let (sent_in, sent_out) = mpsc::channel::<Confirmed>();
    let client = super::http::write_client(super::http::REQUEST_TIMEOUT).map_err(std::io::Error::other)?;
    let beat = beats.register("vote sender", super::SOURCE_ALLOWANCE);
    let hold = Arc::new(AtomicBool::new(false));
    let held = hold.clone();
    thread::Builder::new().name("wall-votes-out".into()).spawn(move || {
        sender::run(&client, &targets, &votes_out, &sent_in, &held, &beat, &*wake);
    })?;
    Ok(Outbox { queue: votes_in, sent: sent_out, hold })
}
