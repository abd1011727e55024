//! What a touch on the detail view does: vote, close, go through a stack.

use bevy::prelude::*;

use super::state::Detail;
use crate::wall::scenes::WallClock;
use crate::wall::shared::{WallConfig, WallTime};
use crate::wall::voting::book::{VoteBook, VoteRefused};

/// The next (`step` 1) or previous (-1) note of an open stack, round.
fn turn_stack(detail: &mut Detail, step: isize, now: f64) {
    let count = detail.stack.len();
    if count > 1 {
        detail.page = (detail.page as isize + step).rem_euclid(count as isize) as usize;
        detail.last_touch = now;
    }
}

pub(super) fn on_next_click(_click: On<Pointer<Click>>, time: WallTime, mut detail: ResMut<Detail>) {
    turn_stack(&mut detail, 1, time.now());
}

pub(super) fn on_previous_click(_click: On<Pointer<Click>>, time: WallTime, mut detail: ResMut<Detail>) {
    turn_stack(&mut detail, -1, time.now());
}

/// Casts a vote for the open note: the rules first, then the journal; the
/// "+1" only once the record is on disk.
pub fn cast_vote(
    detail: &mut Detail,
    book: &mut VoteBook,
    (config, language): (&WallConfig, crate::core::i18n::Language),
    now: f64,
    at: chrono::DateTime<chrono::Utc>,
) {
    let Some(note) = detail.note.clone() else {
        return;
    };
    detail.last_touch = now;
    let week = config.zone().iso_week(at);
    match book.cast(note, week, now, at) {
        Ok(()) => {
            detail.message.clear();
            detail.thanked_at = Some(now);
        }
        Err(VoteRefused::Blocked(blocked)) => {
            detail.message = language.vote_blocked(blocked);
            detail.thanked_at = None;
        }
        Err(VoteRefused::NotStored) => detail.message = language.vote_failed().to_string(),
    }
}

pub(super) fn on_vote_click(
    _click: On<Pointer<Click>>,
    config: Res<WallConfig>,
    active: Res<crate::wall::shared::ActiveLanguage>,
    clock: Res<WallClock>,
    time: WallTime,
    mut detail: ResMut<Detail>,
    book: Option<ResMut<VoteBook>>,
) {
    let Some(mut book) = book else {
        return;
    };
    cast_vote(&mut detail, &mut book, (&config, active.0), time.now(), clock.now());
}

/// While the facilitator arranges stacks: the note shown leaves its stack
/// and stands on its own (journaled like a drag); the view goes on with
/// the rest, or closes when one note is left.
pub(super) fn on_take_out_click(
    _click: On<Pointer<Click>>,
    config: Res<WallConfig>,
    time: WallTime,
    mut detail: ResMut<Detail>,
    book: Option<ResMut<VoteBook>>,
    wall: Res<crate::wall::model::Wall>,
    rules: Option<Res<crate::wall::scenes::change::TopicRules>>,
) {
    let Some(note) = detail.stack.get(detail.page).cloned() else {
        return;
    };
    let previous = rules.as_ref().and_then(|rules| wall.topic_now(&note, &rules.0));
    let taken_out = crate::wall::voting::book::TopicMove { note: note.clone(), topic: None, original: None, previous };
    let stored = match book {
        Some(mut book) => book.set_topics(&[taken_out], config.guards_standup()),
        None => Err("no vote journal".to_string()),
    };
    if let Err(err) = stored {
        error!("note {note} could not be taken out of its stack: {err}");
        return;
    }
    info!("note {note} taken out of its stack");
    let page = detail.page;
    detail.stack.remove(page);
    // The vote is for the note on top: the next one, if the top left.
    if detail.note.as_ref() == Some(&note) {
        detail.note = detail.stack.first().cloned();
    }
    detail.page = page.min(detail.stack.len().saturating_sub(1));
    detail.last_touch = time.now();
    if detail.stack.len() < 2 {
        *detail = Detail::default();
    }
}

pub(super) fn on_veil_click(_click: On<Pointer<Click>>, mut detail: ResMut<Detail>) {
    *detail = Detail::default();
}
