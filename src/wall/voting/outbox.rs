//! Sends what was decided at the wall back to the sources: votes to a
//! JSON feed's `votes_url` or a Microsoft list's votes column, stand-up
//! decisions to a Fider board or a list's status column. The
//! sender thread (`sources::writeback`) gets everything still unconfirmed
//! whenever the journal changes, and what it confirms is journaled, so
//! nothing is sent twice as new and nothing is lost across a restart.

use std::sync::Mutex;
use std::sync::atomic::Ordering;

use bevy::prelude::*;

use crate::core::votes::Record;
use crate::sources::writeback::{self, Confirmed, Decision, Outbox, Queue, Target, Targets, TopicChange};
use crate::wall::shared::{Intake, WallConfig};
use crate::wall::voting::book::{VoteBook, follow_journal};

pub fn plugin(app: &mut App) {
    app.init_resource::<ParkedItems>().init_resource::<crate::wall::shared::BackgroundThreads>().add_systems(
        PreUpdate,
        (start_outbox, record_sent_votes, queue_unsent_votes).chain().in_set(Intake::Votes).after(follow_journal),
    );
}

#[derive(Resource)]
struct VoteOutbox {
    outbox: Mutex<Outbox>,
    /// How many of the ledger's votes were handed to the sender.
    handed_votes: usize,
    /// The decisions handed to the sender: (source, note, when decided).
    handed_decisions: std::collections::HashSet<(String, String, chrono::DateTime<chrono::Utc>)>,
    /// The minutes handed to the sender, by id.
    handed_minutes: std::collections::HashSet<String>,
    /// The topic decisions handed to the sender (note, when decided).
    handed_topics: std::collections::HashSet<(crate::core::model::NoteRef, chrono::DateTime<chrono::Utc>)>,
    /// What the sources confirmed and the journal could not take yet.
    unrecorded: Vec<Record>,
}

/// Votes and decisions a source refused for good, each with the reason;
/// shown in status.json. They stay in the journal and are tried once more
/// after the next start.
#[derive(Resource, Debug, Default)]
pub struct ParkedItems(pub Vec<String>);

/// The sources, the minutes' webhook and the secrets' version an outbox
/// was started for.
type Started = (Vec<crate::config::SourceConfig>, Option<crate::config::Secret>, crate::config::WebhookFormat, u64);

/// Where the votes, decisions, topics and minutes of `config` go, with
/// their secrets read; a source whose secret cannot be read keeps its
/// items in the journal (said in the log).
fn targets_of(config: &crate::config::LoadedConfig) -> Targets {
    let mut targets = Targets::default();
    // The stand-up's minutes, to the team's Teams or Slack channel.
    if let Some(secret) = &config.config.standup.minutes_webhook {
        match secret.read(&config.base_dir) {
            Ok(url) => targets.minutes = Some((Target { url, bearer: None }, config.config.standup.minutes_format)),
            Err(err) => warn!("the stand-up's minutes are kept but not posted: {err}"),
        }
    }
    for source in &config.config.sources {
        if let Some(list) = source.list().filter(|list| list.writes_votes() || list.write_status) {
            let secret = list.client_secret.read(&config.base_dir);
            match crate::sources::signin::SignIn::new(list, secret) {
                Ok(sign_in) => {
                    let writer = std::sync::Arc::new(writeback::ListWriter::new(list.clone(), sign_in));
                    targets.lists.insert(source.key(), writer);
                }
                Err(err) => warn!("votes and decisions for source {} are kept but not sent: {err}", source.key()),
            }
            continue;
        }
        if source.votes_url().is_none() && source.status_url().is_none() {
            continue;
        }
        let bearer = match source.api_key().map(|key| key.read(&config.base_dir)) {
            Some(Ok(key)) => Some(key),
            Some(Err(err)) => {
                warn!("votes and decisions for source {} are kept but not sent: {err}", source.key());
                continue;
            }
            None => None,
        };
        if let Some(url) = source.votes_url() {
            targets.votes.insert(source.key(), Target { url: url.to_string(), bearer: bearer.clone() });
        }
        if let Some(url) = source.status_url() {
            targets.decisions.insert(source.key(), Target { url: url.to_string(), bearer });
            if let Some(prefix) = source.topic_tag_prefix() {
                targets.topic_tags.insert(source.key(), prefix.to_string());
            }
        }
    }
    targets
}

/// Starts the sender, and starts it anew when a reloaded config names other
/// sources or a secret changed (a new key, another votes_url): votes in
/// flight keep their ids, so one that went twice is known by its source.
fn start_outbox(
    mut commands: Commands,
    config: Res<WallConfig>,
    threads: Res<crate::wall::shared::BackgroundThreads>,
    proxy: Option<Res<bevy::winit::EventLoopProxyWrapper>>,
    secrets: Option<Res<crate::wall::shared::SecretsVersion>>,
    old: Option<ResMut<VoteOutbox>>,
    mut running: Local<Option<Started>>,
) {
    if !config.is_changed() {
        return;
    }
    let standup = &config.standup;
    let wanted =
        (config.sources.clone(), standup.minutes_webhook.clone(), standup.minutes_format, secrets.map_or(0, |s| s.0));
    if running.as_ref() == Some(&wanted) {
        return;
    }
    let unrecorded = match old {
        Some(mut old) => {
            info!("the sources or their secrets changed; restarting the vote sender");
            commands.remove_resource::<VoteOutbox>();
            std::mem::take(&mut old.unrecorded)
        }
        None => Vec::new(),
    };
    *running = Some(wanted);
    let targets = targets_of(&config);
    if targets.is_empty() {
        return;
    }
    let wake = crate::wall::shared::waker(proxy.as_deref());
    match writeback::spawn(targets, &threads.0, wake) {
        Ok(outbox) => {
            commands.insert_resource(VoteOutbox {
                outbox: Mutex::new(outbox),
                handed_votes: 0,
                handed_decisions: Default::default(),
                handed_topics: Default::default(),
                handed_minutes: Default::default(),
                unrecorded,
            });
        }
        Err(err) => error!("cannot start sending votes back; they stay in the journal: {err}"),
    }
}

/// Hands the sender each vote and decision the sources have not confirmed,
/// once: all at the start, then the new ones as the journal grows. Votes
/// are appended to the ledger in order, so only those past the last handed
/// one are looked at.
fn queue_unsent_votes(book: Option<Res<VoteBook>>, outbox: Option<ResMut<VoteOutbox>>) {
    let (Some(book), Some(mut outbox)) = (book, outbox) else {
        return;
    };
    if !book.is_changed() && !outbox.is_added() {
        return;
    }
    let Some(ledger) = book.ledger() else {
        return;
    };
    let outbox = &mut *outbox;
    if ledger.votes.len() < outbox.handed_votes {
        outbox.handed_votes = 0; // Rebuilt: hand all again; the sender skips repeats.
    }
    let votes: Vec<_> = ledger.votes[outbox.handed_votes..]
        .iter()
        .filter(|vote| !ledger.sent.contains(&vote.vote_id))
        .cloned()
        .collect();
    outbox.handed_votes = ledger.votes.len();
    let handed = &mut outbox.handed_decisions;
    let decisions: Vec<Decision> = ledger
        .unsent_statuses()
        .into_iter()
        .filter(|(source, note_id, _, at)| handed.insert((source.clone(), note_id.clone(), *at)))
        .map(|(source, note_id, status, at)| Decision { source, note_id, status, at })
        .collect();
    let handed = &mut outbox.handed_topics;
    let topics: Vec<TopicChange> = ledger
        .stories
        .unsent()
        .into_iter()
        .filter(|(note, set)| handed.insert(((*note).clone(), set.at)))
        .map(|(note, set)| TopicChange {
            source: note.source.clone(),
            note_id: note.id.clone(),
            topic: set.topic.clone(),
            original: set.original.clone(),
            previous: set.previous.clone(),
            at: set.at,
        })
        .collect();
    let handed = &mut outbox.handed_minutes;
    let minutes: Vec<(String, String)> = ledger
        .unsent_minutes()
        .filter(|(id, _, _)| handed.insert(id.clone()))
        .map(|(id, text, _)| (id.clone(), text.clone()))
        .collect();
    if votes.is_empty() && decisions.is_empty() && topics.is_empty() && minutes.is_empty() {
        return;
    }
    if let Ok(sender) = outbox.outbox.lock()
        && sender.queue.send(Queue { votes, decisions, topics, minutes }).is_err()
    {
        warn!("the vote sender stopped; votes stay in the journal until a restart");
    }
}

/// Records the votes and decisions their source confirmed, in one batch per
/// frame, so they are never sent again; each vote is counted on top of the
/// source's count until the source is read after the confirmation. A batch
/// the journal cannot take is kept and tried again each frame, and the
/// sender holds until it is on disk.
fn record_sent_votes(
    outbox: Option<ResMut<VoteOutbox>>,
    book: Option<ResMut<VoteBook>>,
    mut parked: ResMut<ParkedItems>,
    mut wall: Option<ResMut<crate::wall::model::Wall>>,
) {
    let (Some(mut outbox), Some(mut book)) = (outbox, book) else {
        return;
    };
    let outbox = &mut *outbox;
    let confirmed: Vec<Confirmed> = match outbox.outbox.lock() {
        Ok(sender) => sender.sent.try_iter().collect(),
        Err(_) => return,
    };
    if confirmed.is_empty() && outbox.unrecorded.is_empty() {
        return;
    }
    let mut counted_here = Vec::new();
    for item in confirmed {
        let record = match item {
            Confirmed::Vote(vote_id) => {
                // Counted here until the source is read again.
                if let Some(vote) = book.ledger().and_then(|ledger| ledger.vote(&vote_id)) {
                    counted_here.push((vote.source.clone(), vote.note_id.clone()));
                }
                Record::Sent { vote_id }
            }
            Confirmed::Decision { source, note_id, at } => Record::StatusSent { source, note_id, at },
            Confirmed::Topic { source, note_id, at } => Record::TopicSent { source, note_id, at },
            Confirmed::Minutes(id) => Record::MinutesSent { id },
            Confirmed::Parked { what, reason, vote_id } => {
                parked.0.push(format!("{what}: {reason}"));
                if let Some(vote_id) = vote_id {
                    book.park(&vote_id);
                }
                continue;
            }
        };
        outbox.unrecorded.push(record);
    }
    if let Some(wall) = wall.as_mut().filter(|_| !counted_here.is_empty()) {
        wall.bypass_change_detection().votes_confirmed(counted_here, chrono::Utc::now());
    }
    if outbox.unrecorded.is_empty() {
        return;
    }
    let recorded = book.record_all(&outbox.unrecorded);
    let hold = recorded.is_err();
    match recorded {
        Ok(()) => outbox.unrecorded.clear(),
        Err(err) => {
            let newly_held = outbox.outbox.lock().is_ok_and(|sender| !sender.hold.load(Ordering::Relaxed));
            if newly_held {
                warn!(
                    "cannot record what the sources confirmed ({err}); nothing new is sent back until it can be, and it is tried again each frame"
                );
            }
        }
    }
    if let Ok(sender) = outbox.outbox.lock() {
        sender.hold.store(hold, Ordering::Relaxed);
    }
}
