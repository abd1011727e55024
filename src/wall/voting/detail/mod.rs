//! Reading and voting by touch: a tap on a note opens its detail view (the
//! whole text, who noted it and when, its status and votes, and a large
//! "Vote as priority" button). A vote is written to the journal and fsynced
//! before the "+1" shows; the fair-voting rules say why when a vote is not
//! taken. Tapping outside the view, or leaving it alone, closes it.

use bevy::prelude::*;

use crate::core::votes::Count;
use crate::wall::cards::NoteCard;

use crate::wall::cards::assets::{self, CardAssets};
use crate::wall::fonts::WallFonts;
use crate::wall::model::Wall;
use crate::wall::scenes::{Scene, WallClock};
use crate::wall::shared::OverlaySteps;
use crate::wall::shared::{ActiveLanguage, Motion, Wakeups, WallArea, WallConfig, WallTime};
use crate::wall::voting::book::VoteBook;

mod controls;
mod state;
mod view;

pub use controls::cast_vote;
pub use state::{Detail, VoteButton};
use state::{DetailPart, THANKS_SECONDS};
use view::View;

pub fn plugin(app: &mut App) {
    app.init_resource::<Detail>().add_systems(
        Update,
        (make_cards_tappable, close_detail_when_idle, draw_detail).chain().in_set(OverlaySteps::Detail),
    );
}

/// Every note card can be tapped; the tap lands on its paper and bubbles up.
fn make_cards_tappable(mut commands: Commands, cards: Query<Entity, Added<NoteCard>>) {
    for entity in &cards {
        commands.entity(entity).observe(open_detail);
    }
}

fn open_detail(
    click: On<Pointer<Click>>,
    cards: Query<&NoteCard>,
    wall: Res<Wall>,
    time: WallTime,
    mut detail: ResMut<Detail>,
    book: Option<ResMut<VoteBook>>,
    arranging: Option<Res<crate::wall::shared::Arranging>>,
) {
    let Ok(card) = cards.get(click.entity) else {
        return;
    };
    // A card let go after a drag is not a tap.
    if arranging.is_some_and(|arranging| arranging.dragging.is_some()) {
        return;
    }
    let id = card.id.note_id().to_string();
    // Commitments and compliments have nothing to vote on; feedback does.
    let is_note = wall.snapshot().is_some_and(|s| s.notes.iter().any(|n| n.id == id));
    if !is_note || detail.note.is_some() {
        return;
    }
    let now = time.now();
    if let Some(mut book) = book {
        book.touch(now);
    }
    info!("note {id} opened");
    let stack = card.stack.members.iter().map(|member| wall.note_ref(member)).collect();
    let title = if card.stack.under() > 0 { card.label.clone() } else { String::new() };
    *detail = Detail { note: Some(wall.note_ref(&id)), last_touch: now, stack, title, ..Detail::default() };
}

fn close_detail_when_idle(
    time: WallTime,
    config: Res<WallConfig>,
    state: Res<State<Scene>>,
    mut detail: ResMut<Detail>,
    mut wakeups: ResMut<Wakeups>,
) {
    if detail.note.is_none() {
        return;
    }
    if state.is_changed() {
        *detail = Detail::default();
        return;
    }
    let now = time.now();
    let limit = f64::from(config.voting.detail_seconds);
    let idle = now - detail.last_touch;
    if idle >= limit {
        *detail = Detail::default();
        return;
    }
    wakeups.in_seconds((limit - idle) as f32);
    if let Some(at) = detail.thanked_at {
        if now - at >= THANKS_SECONDS {
            detail.thanked_at = None;
        } else {
            wakeups.in_seconds((at + THANKS_SECONDS - now) as f32);
        }
    }
}

/// The detail view: rebuilt whenever it changes (it is a handful of
/// entities, and it changes only on a touch).
fn draw_detail(
    active: Res<ActiveLanguage>,
    mut commands: Commands,
    detail: Res<Detail>,
    wall: Res<Wall>,
    area: Option<Res<WallArea>>,
    fonts: Option<Res<WallFonts>>,
    assets: Option<Res<CardAssets>>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    images: Option<ResMut<Assets<Image>>>,
    parts: Query<Entity, With<DetailPart>>,
    mut motion: ResMut<Motion>,
    mut counted: Local<Option<(Count, u32)>>,
    arranging: Option<Res<crate::wall::shared::Arranging>>,
) {
    // Redrawn on a touch, or when the open note's votes change.
    let counts = detail
        .note
        .as_ref()
        .and_then(|note| wall.note(note))
        .map(|note| (wall.local_votes(note), wall.shown_votes(note)));
    if !detail.is_changed() && *counted == counts {
        return;
    }
    *counted = counts;
    let was_open = !parts.is_empty();
    for entity in &parts {
        commands.entity(entity).despawn();
    }
    let Some(note) = &detail.note else {
        // Draw the frame without the view, if there was one.
        motion.active |= was_open;
        return;
    };
    let (Some(area), Some(fonts)) = (area, fonts) else {
        return;
    };
    let Some(note) = wall.note(note) else {
        return;
    };
    // A stack shows its notes one at a time; the vote is for the top.
    let shown = detail.stack.get(detail.page).and_then(|member| wall.note(member)).unwrap_or(note);
    motion.active = true;
    let cfg: &crate::config::Config = &config;
    let view = View::new(area.text_px, &area, assets::color(cfg.colors.of(shown.kind)), &cfg.screen);
    view.spawn_paper(&mut commands, &area);
    let mut top = view.top;
    if detail.stack.len() > 1 {
        let take_out = arranging.as_ref().is_some_and(|a| a.on).then(|| active.0.take_out_of_stack());
        top = view.spawn_stack_bar(&mut commands, &fonts, (&detail.title, detail.page, detail.stack.len()), take_out);
    }
    view.spawn_note(&mut commands, &fonts, assets.as_deref(), shown, active.0, clock.now(), top);
    let local = wall.local_votes(note);
    let counts = active.0.vote_counts(local.this_week, wall.shown_votes(note).max(local.total));
    // The note's own page at its source: phones vote and follow it there.
    let code = note.url.as_deref().zip(images).and_then(|(url, mut images)| {
        view.spawn_code(&mut commands, &mut images, &fonts, url, active.0.follow_on_phone(), &area)
    });
    view.spawn_vote(&mut commands, &fonts, active.0, counts, &detail, code.unwrap_or(0.0));
}
