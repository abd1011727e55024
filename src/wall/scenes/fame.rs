//! The Wall of Fame: customers' compliments as large warm cards. One of
//! them is in the spotlight, enlarged, and the spotlight moves on every few
//! seconds, by who is praised (core/spotlight.rs: everyone takes a turn
//! before anyone gets a second); a compliment that just arrived goes
//! first, with a little confetti.

use std::collections::{HashSet, VecDeque};

use bevy::prelude::*;
use chrono::{DateTime, Utc};

use crate::core::arrange::StableLayout;
use crate::core::i18n::Language;
use crate::core::layout::{self, LayoutItem, LayoutParams, Rect};
use crate::core::model::{Note, NoteKind};
use crate::core::privacy;
use crate::core::spotlight::FairTurns;
use crate::wall::cards::sync::{CutNext, NotePages};
use crate::wall::cards::{CardInfo, CardKey, Face, View, pages_of};
use crate::wall::model::Wall;
use crate::wall::scenes::Scene;
use crate::wall::scenes::inputs::{PageContext, SceneInputs};
use crate::wall::shared::{MotionPace, Wakeups, WallArea, WallConfig, WallTime};
use crate::wall::shared::{ScenePages, WallSystems};
use crate::wall::we_did::WeDid;

/// How long one compliment stays in the spotlight.
pub(crate) const SPOTLIGHT_SECONDS: f32 = 8.0;
/// The spotlight's smallest letters: this many steps up the type scale
/// from the minimum size (about 1.46 times it, 29 px for 20).
const SPOTLIGHT_STEPS: u32 = 4;

/// Which compliment is in the spotlight, and which are new.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub(crate) struct Spotlight {
    /// The id in the spotlight now.
    pub current: Option<String>,
    /// [`WallTime`](crate::wall::shared::WallTime) seconds when it went on.
    pub since: f32,
    /// Compliments that arrived while the wall ran: they go first.
    fresh: VecDeque<String>,
    /// Every compliment id seen so far; `None` before the first data.
    seen: Option<HashSet<String>>,
    /// Set when the current spotlight is a new compliment: confetti.
    pub celebrate: bool,
    /// Whose turn it is: the spotlight goes round by who is praised.
    turns: FairTurns,
}

/// The arrangement of the cards around the spotlight, kept across polls.
#[derive(Resource, Debug, Default)]
struct FameLayout(StableLayout);

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Spotlight>()
        .init_resource::<FameLayout>()
        .add_systems(Update, note_new_compliments.in_set(WallSystems::Record))
        .add_systems(
            Update,
            (move_spotlight, build_fame, celebrate).chain().in_set(ScenePages::Fame).run_if(in_state(Scene::Fame)),
        );
}

/// The compliments, newest first.
pub(crate) fn compliments(wall: &Wall) -> Vec<&Note> {
    let mut notes: Vec<&Note> = wall
        .snapshot()
        .map(|s| s.notes.iter().filter(|n| n.kind == NoteKind::Compliment).collect())
        .unwrap_or_default();
    notes.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
    notes
}

/// Remembers which compliments are new since the wall started, in any
/// scene, so they get the spotlight first when the Wall of Fame comes on.
fn note_new_compliments(wall: Res<Wall>, mut spotlight: ResMut<Spotlight>) {
    if !wall.is_changed() || wall.snapshot().is_none() {
        return;
    }
    let ids: HashSet<String> = compliments(&wall).iter().map(|note| note.id.clone()).collect();
    let spotlight = spotlight.bypass_change_detection();
    if let Some(seen) = &spotlight.seen {
        let mut new: Vec<&String> = ids.difference(seen).collect();
        new.sort();
        spotlight.fresh.extend(new.into_iter().cloned());
    }
    spotlight.fresh.retain(|id| ids.contains(id));
    spotlight.seen = Some(ids);
}

/// Moves the spotlight on: to a new compliment first, otherwise to the
/// next one in line.
fn move_spotlight(
    wall: Res<Wall>,
    time: WallTime,
    state: Res<State<Scene>>,
    mut spotlight: ResMut<Spotlight>,
    mut wakeups: ResMut<Wakeups>,
) {
    let now = time.now() as f32;
    let due = now - spotlight.since >= SPOTLIGHT_SECONDS;
    // A compliment that just arrived takes the spotlight at once.
    let asked = state.is_changed() || due || spotlight.current.is_none() || !spotlight.fresh.is_empty();
    if !asked && !wall.is_changed() {
        wakeups.in_seconds(spotlight.since + SPOTLIGHT_SECONDS - now);
        return;
    }
    let notes = compliments(&wall);
    let gone = spotlight.current.as_ref().is_none_or(|id| !notes.iter().any(|n| &n.id == id));
    if !asked && !gone {
        wakeups.in_seconds(spotlight.since + SPOTLIGHT_SECONDS - now);
        return;
    }
    if notes.is_empty() {
        if spotlight.current.is_some() {
            spotlight.current = None;
        }
        return;
    }
    let fresh = spotlight.fresh.pop_front().and_then(|id| notes.iter().find(|note| note.id == id).copied());
    let (next, celebrate) = match fresh {
        Some(note) => {
            spotlight.turns.record(note);
            (Some(note.id.clone()), true)
        }
        // The next person in line; coming back to the Wall of Fame moves on too.
        None => (spotlight.turns.next(&notes), false),
    };
    spotlight.current = next;
    spotlight.since = now;
    spotlight.celebrate = celebrate;
    wakeups.in_seconds(SPOTLIGHT_SECONDS);
}

fn build_fame(
    inputs: SceneInputs,
    spotlight: Res<Spotlight>,
    we_did: Res<WeDid>,
    mut arrangement: ResMut<FameLayout>,
    mut pages: ResMut<NotePages>,
    mut cut: ResMut<CutNext>,
    mut last_minute: Local<i64>,
) {
    let also = spotlight.is_changed() || we_did.is_changed();
    let Some((area, now)) = inputs.due(&mut last_minute, also) else {
        return;
    };
    let wall = &inputs.wall;
    // "You said, we did": what became Done this week, from the history
    // (it outlives the feed).
    let zone = inputs.config.zone();
    let week = zone.iso_week(now);
    let done: Vec<Note> = we_did
        .history
        .done
        .iter()
        .filter(|done| zone.iso_week(done.done_at) == week)
        .take(WE_DID_MAX)
        .map(|done| Note { id: format!("{}/{}", done.source, done.id), ..done.as_note() })
        .collect();
    let done: Vec<&Note> = done.iter().collect();
    let shown = FameNotes { compliments: &compliments(wall), spotlight: spotlight.current.as_deref(), we_did: &done };
    let built = fame_pages(&shown, &inputs.context(area, now), &mut arrangement.0);
    // The spotlight moves on every few seconds all day: where the
    // processor draws, that is a cut, not a frame-by-frame move.
    cut.0 = spotlight.is_changed();
    pages.set_if_neq(built);
}

/// At most this many notes in the "You said, we did" strip.
const WE_DID_MAX: usize = 4;

/// A compliment as a card: who is praised on top, the customer's words,
/// and the customer by first name only.
pub(crate) fn compliment_info(note: &Note, language: Language, now: DateTime<Utc>) -> CardInfo {
    let label = match note.praised.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(praised) => language.praised(praised),
        None => language.kind(NoteKind::Compliment).to_string(),
    };
    let mut footer: Vec<String> = Vec::new();
    if let Some(team) = &note.team {
        footer.push(language.team(team));
    }
    if let Some(customer) = note.customer.as_deref().and_then(privacy::customer_name) {
        footer.push(language.from_customer(&customer));
    }
    footer.push(language.age(note.created_at, now));
    CardInfo {
        stack: crate::wall::cards::Stack::default(),
        id: CardKey::note(&note.id),
        face: Face::Note(NoteKind::Compliment),
        label,
        text: note.text.clone(),
        footer: footer.join(" · "),
        votes: 0,
        stamp: None,
        wear: 0.0,
    }
}

/// The spotlight's area and the area of the cards around it: side by side
/// on a wide screen, one above the other on a portrait one.
pub(crate) fn split(notes: Rect) -> (Rect, Rect) {
    if notes.w >= notes.h {
        let spot_w = (notes.w * 0.5).round();
        (Rect::new(notes.x, notes.y, spot_w, notes.h), Rect::new(notes.x + spot_w, notes.y, notes.w - spot_w, notes.h))
    } else {
        let spot_h = (notes.h * 0.45).round();
        (Rect::new(notes.x, notes.y, notes.w, spot_h), Rect::new(notes.x, notes.y + spot_h, notes.w, notes.h - spot_h))
    }
}

/// What the Wall of Fame shows: the compliments, the one in the
/// spotlight (by id), and the notes done lately for the "we did" strip.
#[derive(Clone, Copy)]
pub(crate) struct FameNotes<'a> {
    pub compliments: &'a [&'a Note],
    pub spotlight: Option<&'a str>,
    pub we_did: &'a [&'a Note],
}

/// The Wall of Fame's pages: the spotlight card on every page, the other
/// compliments around it.
pub(crate) fn fame_pages(shown: &FameNotes, context: &PageContext, arrangement: &mut StableLayout) -> NotePages {
    let FameNotes { compliments: notes, spotlight, we_did } = *shown;
    let PageContext { area, min_text_px, language, now, measure } = *context;
    let area = &area;
    // "You said, we did": notes done this week, in a strip along the bottom.
    let (area, strip) = if we_did.is_empty() {
        (*area, Vec::new())
    } else {
        // Room for one row of notes at the minimum letter size.
        let strip_h = (min_text_px * 13.0).round();
        let notes = area.notes;
        let strip_rect = Rect::new(notes.x, notes.y + notes.h - strip_h, notes.w, strip_h);
        let infos: Vec<CardInfo> = we_did
            .iter()
            .map(|note| CardInfo {
                id: CardKey::new(View::WeDid, &note.id),
                label: language.we_did().to_string(),
                ..crate::wall::scenes::change::note_info(note, language, now)
            })
            .collect();
        let items: Vec<LayoutItem<'_>> = infos.iter().map(CardInfo::item).collect();
        let laid_out = layout::layout(&items, &LayoutParams::new(strip_rect, min_text_px), measure);
        let strip = pages_of(&infos, &laid_out, area).into_iter().next().unwrap_or_default();
        let rest = WallArea { notes: Rect::new(notes.x, notes.y, notes.w, notes.h - strip_h), ..*area };
        (rest, strip)
    };
    let area = &area;
    let Some(spot_note) = spotlight.and_then(|id| notes.iter().find(|n| n.id == id)).or(notes.first()) else {
        return NotePages::default();
    };
    let others: Vec<CardInfo> =
        notes.iter().filter(|note| note.id != spot_note.id).map(|note| compliment_info(note, language, now)).collect();
    let (spot_area, rest_area) = if others.is_empty() { (area.notes, area.notes) } else { split(area.notes) };

    let mut spot = compliment_info(spot_note, language, now);
    // Its own id ("spotlight//c-201"), so a new spotlight arrives as a new
    // card while the note itself stays in the grid's arrangement.
    spot.id = CardKey::new(View::Spotlight, &spot_note.id);
    // The spotlight's sizes are further up the notes' type scale.
    let spot_params = LayoutParams {
        max_text_scale: 2.4,
        max_tilt_deg: 1.2,
        type_base: min_text_px,
        ..LayoutParams::new(spot_area, layout::type_step(min_text_px, SPOTLIGHT_STEPS))
    };
    let spot_layout = layout::layout(&[spot.item()], &spot_params, measure);
    let spot_card = pages_of(std::slice::from_ref(&spot), &spot_layout, area).into_iter().flatten().next().map(
        |(card, mut target)| {
            target.z = 3.0;
            (card, target)
        },
    );

    let items: Vec<LayoutItem<'_>> = others.iter().map(CardInfo::item).collect();
    let around = arrangement.layout(&items, &LayoutParams::new(rest_area, min_text_px), measure);
    let mut pages = pages_of(&others, &around, area);
    if pages.is_empty() {
        pages.push(Vec::new());
    }
    if let Some(spot_card) = spot_card {
        for page in &mut pages {
            page.push(spot_card.clone());
        }
    }
    for page in &mut pages {
        page.extend(strip.iter().cloned());
    }
    NotePages { pages }
}

/// Confetti from the spotlight when a new compliment gets it.
fn celebrate(
    mut commands: Commands,
    mut spotlight: ResMut<Spotlight>,
    area: Option<Res<WallArea>>,
    config: Res<WallConfig>,
    pace: Res<MotionPace>,
    time: WallTime,
    state: Res<State<Scene>>,
) {
    if !spotlight.celebrate {
        return;
    }
    spotlight.celebrate = false;
    if config.motion == crate::config::MotionSetting::Reduced {
        return; // No confetti for viewers who asked for less motion.
    }
    let Some(area) = area else {
        return;
    };
    let (spot, rest) = split(area.notes);
    let spot = if spot == rest { area.notes } else { spot };
    let origin = area.to_world(spot.x + spot.w / 2.0, spot.y + spot.h * 0.3);
    super::confetti::burst(&mut commands, origin, area.text_px, *pace, time.now(), DespawnOnExit(*state.get()));
}
