//! Sends what was decided at the wall back to the sources: votes to a
//! JSON feed's `votes_url` or a Microsoft list's votes column, stand-up
//! decisions to a Fider board or a list's status column. The
//! sender thread (`sources::writeback`) gets everything still unconfirmed
//! whenever the journal changes, and what it confirms is journaled, so
//! nothing is sent twice as new and nothing is lost across a restart.

use std::sync::Mutex;

use bevy::prelude::*;

use crate::core::votes::Record;
use crate::sources::writeback::{self, Confirmed, Decision, Outbox, Queue, Target, Targets};
use crate::wall::shared::WallConfig;
use crate::wall::voting::book::{JournalOpened, VoteBook};

pub fn plugin(app: &mut App) {
    app.init_resource::<ParkedItems>()
        .init_resource::<crate::wall::shared::BackgroundThreads>()
        .add_systems(Startup, start_outbox.after(JournalOpened))
        .add_systems(PreUpdate, (record_sent_votes, queue_unsent_votes).chain());
}

#[derive(Resource)]
struct VoteOutbox(Mutex<Outbox>);

/// Votes and decisions a source refused for good, each with the reason;
/// shown in status.json. They stay in the journal and are tried once more
/// after the next start.
#[derive(Resource, Debug, Default)]
pub struct ParkedItems(pub Vec<String>);

fn start_outbox(
    mut commands: Commands,
    config: Res<WallConfig>,
    threads: Res<crate::wall::shared::BackgroundThreads>,
    proxy: Option<Res<bevy::winit::EventLoopProxyWrapper>>,
) {
    let mut targets = Targets::default();
    for source in &config.sources {
        if let Some(list) = source.list().filter(|list| list.writes_votes() || list.write_status) {
            let secret = list.client_secret.read(&config.0.base_dir);
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
        let bearer = match source.api_key().map(|key| key.read(&config.0.base_dir)) {
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
        }
    }
    if targets.is_empty() {
        return;
    }
    let wake = crate::wall::shared::waker(proxy.as_deref());
    match writeback::spawn(targets, &threads.0, wake) {
        Ok(outbox) => {
            commands.insert_resource(VoteOutbox(Mutex::new(outbox)));
        }
        Err(err) => error!("cannot start sending votes back; they stay in the journal: {err}"),
    }
}

/// Hands the sender every vote the sources have not confirmed, whenever
/// the journal changes (and once at the start).
fn queue_unsent_votes(book: Option<Res<VoteBook>>, outbox: Option<Res<VoteOutbox>>) {
    let (Some(book), Some(outbox)) = (book, outbox) else {
        return;
    };
    if !book.is_changed() {
        return;
    }
    let Some(ledger) = book.ledger() else {
        return;
    };
    let queue = Queue {
        votes: ledger.unsent().cloned().collect(),
        decisions: ledger
            .unsent_statuses()
            .into_iter()
            .map(|(source, note_id, status, at)| Decision { source, note_id, status, at })
            .collect(),
    };
    if let Ok(outbox) = outbox.0.lock()
        && outbox.queue.send(queue).is_err()
    {
        warn!("the vote sender stopped; votes stay in the journal until a restart");
    }
}

/// Records the votes their source confirmed, so they are never sent again;
/// each is counted on top of the source's count until the source is read
/// after the confirmation.
fn record_sent_votes(
    outbox: Option<Res<VoteOutbox>>,
    book: Option<ResMut<VoteBook>>,
    mut parked: ResMut<ParkedItems>,
    mut wall: Option<ResMut<crate::wall::model::Wall>>,
) {
    let (Some(outbox), Some(mut book)) = (outbox, book) else {
        return;
    };
    let Ok(outbox) = outbox.0.lock() else {
        return;
    };
    let confirmed: Vec<Confirmed> = outbox.sent.try_iter().collect();
    if confirmed.is_empty() {
        return;
    }
    for item in confirmed {
        let record = match item {
            Confirmed::Vote(vote_id) => {
                // Counted here until the source is read again.
                let vote = book.ledger().and_then(|ledger| ledger.votes.iter().find(|v| v.vote_id == vote_id));
                if let (Some(vote), Some(wall)) = (vote, wall.as_mut()) {
                    wall.bypass_change_detection().vote_confirmed(&vote.source, &vote.note_id, chrono::Utc::now());
                }
                Record::Sent { vote_id }
            }
            Confirmed::Decision { source, note_id, at } => Record::StatusSent { source, note_id, at },
            Confirmed::Parked { what, reason } => {
                parked.0.push(format!("{what}: {reason}"));
                continue;
            }
        };
        if let Err(err) = book.record(&record) {
            warn!("cannot record what the source confirmed (it may be sent again, idempotently): {err}");
        }
    }
}
