//! Turns the wall model into note entities: lays the feedback out with the
//! pure layout, keeps one entity per note id on the current page, and turns
//! pages when there are more notes than fit.
//!
//! Entities carry only data ([`NoteCard`], [`CardTarget`]); the card plugin
//! dresses them with sprites and text, so this file runs headless.

use std::collections::HashMap;

use bevy::prelude::*;
use chrono::Utc;

use super::feed::Wall;
use super::scene::Scene;
use super::{WallArea, WallConfig};
use crate::core::i18n::Language;
use crate::core::layout::{self, LayoutItem, LayoutParams, Placement};
use crate::core::metrics::{Estimate, FontMetrics, Measure};
use crate::core::model::{Note, NoteKind};

/// Systems that turn the model into note entities; drawing runs after them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct NotesSystems;

/// One note on the wall, as the card plugin needs it to draw it.
#[derive(Component, Debug, Clone, PartialEq)]
pub struct NoteCard {
    pub id: String,
    pub kind: NoteKind,
    /// The kind in words, in the wall's language.
    pub label: String,
    /// The text as shown (cut with "…" when too long).
    pub body: String,
    /// Team and age.
    pub footer: String,
    pub votes: u32,
    pub size: Vec2,
    pub padding: f32,
    pub label_px: f32,
    pub text_px: f32,
    pub header_h: f32,
    pub footer_h: f32,
    /// Diameter of the vote dot; 0 without votes.
    pub dot: f32,
}

/// Measures text for the layout: the shipped font's own advances.
#[derive(Resource)]
pub struct TextMeasure(pub Box<dyn Measure + Send + Sync>);

impl Default for TextMeasure {
    fn default() -> TextMeasure {
        match FontMetrics::inter() {
            Ok(metrics) => TextMeasure(Box::new(metrics)),
            Err(err) => {
                warn!("measuring text by estimate: {err}");
                TextMeasure(Box::new(Estimate))
            }
        }
    }
}

/// Where a card belongs, in world space; the animation moves it there.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct CardTarget {
    pub position: Vec2,
    pub tilt: f32,
    pub z: f32,
    /// Its place on the page, used to stagger arrivals.
    pub slot: usize,
}

/// Added to a card when it is spawned, so it can animate in.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct NewCard;

/// The laid-out pages of the Wall of Change.
#[derive(Resource, Debug, Default, Clone)]
pub struct NotePages {
    pub pages: Vec<Vec<(NoteCard, CardTarget)>>,
}

/// Which page is on, and when it went on.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct Pager {
    pub page: usize,
    pub pages: usize,
    /// `Time<Real>::elapsed_secs` when the page went on.
    pub since: f32,
}

impl Pager {
    /// Seconds until the next page turn, if the wall pages at all.
    pub fn seconds_to_turn(&self, now: f32, page_seconds: f32) -> Option<f32> {
        (self.pages > 1).then(|| (self.since + page_seconds - now).max(0.0))
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<NotePages>()
        .init_resource::<TextMeasure>()
        .init_resource::<Pager>()
        .add_systems(
            Update,
            (relayout, turn_pages, sync_cards)
                .chain()
                .in_set(NotesSystems)
                .run_if(in_state(Scene::Change)),
        );
}

/// The notes of the Wall of Change in the order they are shown: newest first.
pub fn wall_notes(wall: &Wall) -> Vec<&Note> {
    let mut notes: Vec<&Note> = wall.snapshot().map(|s| s.feedback().collect()).unwrap_or_default();
    notes.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
    notes
}

/// Lays the wall out again when the data, the screen or the minute changes
/// (the minute, because ages like "5 min ago" move on).
fn relayout(
    wall: Res<Wall>,
    area: Option<Res<WallArea>>,
    config: Res<WallConfig>,
    measure: Res<TextMeasure>,
    mut pages: ResMut<NotePages>,
    mut last_minute: Local<i64>,
) {
    let Some(area) = area else {
        return;
    };
    let minute = Utc::now().timestamp() / 60;
    if !wall.is_changed() && !area.is_changed() && minute == *last_minute {
        return;
    }
    *last_minute = minute;
    let config = config.config();
    let computed =
        build_pages(&wall_notes(&wall), &area, config.min_text_px, config.language, &*measure.0);
    pages.set_if_neq(computed);
}

impl PartialEq for NotePages {
    fn eq(&self, other: &NotePages) -> bool {
        self.pages == other.pages
    }
}

/// Lays out `notes` on `area` and describes each card.
pub fn build_pages(
    notes: &[&Note],
    area: &WallArea,
    min_text_px: f32,
    language: Language,
    measure: &dyn Measure,
) -> NotePages {
    let now = Utc::now();
    let labels: Vec<String> = notes.iter().map(|n| language.kind(n.kind).to_string()).collect();
    let footers: Vec<String> = notes
        .iter()
        .map(|note| {
            let age = language.age(note.created_at, now);
            match &note.team {
                Some(team) => format!("{} · {age}", language.team(team)),
                None => age,
            }
        })
        .collect();
    let items: Vec<LayoutItem<'_>> = notes
        .iter()
        .enumerate()
        .map(|(i, note)| LayoutItem {
            id: &note.id,
            label: &labels[i],
            body: &note.text,
            footer: &footers[i],
            votes: note.votes,
        })
        .collect();
    let laid_out = layout::layout(&items, &LayoutParams::new(area.notes, min_text_px), measure);
    let pages = laid_out
        .pages
        .iter()
        .map(|page| {
            page.placements
                .iter()
                .enumerate()
                .map(|(slot, placement)| {
                    let note = notes[placement.index];
                    card_for(note, placement, &labels[placement.index], &footers[placement.index], area, slot)
                })
                .collect()
        })
        .collect();
    NotePages { pages }
}

fn card_for(
    note: &Note,
    placement: &Placement,
    label: &str,
    footer: &str,
    area: &WallArea,
    slot: usize,
) -> (NoteCard, CardTarget) {
    let card = NoteCard {
        id: note.id.clone(),
        kind: note.kind,
        label: label.to_string(),
        body: placement.body.clone(),
        footer: footer.to_string(),
        votes: note.votes,
        size: Vec2::new(placement.size.0, placement.size.1),
        padding: placement.padding,
        label_px: placement.label_px,
        text_px: placement.text_px,
        header_h: placement.header_h,
        footer_h: placement.footer_h,
        dot: placement.dot,
    };
    let target = CardTarget {
        position: area.to_world(placement.center.0, placement.center.1),
        // Layout tilts counter-clockwise in screen space (y down); in world
        // space (y up) the same look is a clockwise rotation.
        tilt: -placement.tilt,
        z: 1.0 + slot as f32 * 0.05,
        slot,
    };
    (card, target)
}

fn turn_pages(
    // Wall-clock time: virtual time falls behind while the loop sleeps
    // (it advances at most 0.25 s per update), real time does not.
    time: Res<Time<Real>>,
    config: Res<WallConfig>,
    pages: Res<NotePages>,
    mut pager: ResMut<Pager>,
) {
    let now = time.elapsed_secs();
    let count = pages.pages.len();
    if pager.pages != count {
        pager.pages = count;
        if pager.page >= count {
            pager.page = 0;
            pager.since = now;
        }
    }
    let page_seconds = config.config().page_seconds as f32;
    if pager.seconds_to_turn(now, page_seconds) == Some(0.0) {
        pager.page = (pager.page + 1) % count;
        pager.since = now;
    }
}

/// Makes the entities match the current page: same id, same entity.
fn sync_cards(
    mut commands: Commands,
    pages: Res<NotePages>,
    pager: Res<Pager>,
    mut cards: Query<(Entity, &mut NoteCard, &mut CardTarget)>,
) {
    if !pages.is_changed() && !pager.is_changed() {
        return;
    }
    let wanted: &[(NoteCard, CardTarget)] = pages.pages.get(pager.page).map(Vec::as_slice).unwrap_or(&[]);
    let mut existing: HashMap<String, Entity> =
        cards.iter().map(|(entity, card, _)| (card.id.clone(), entity)).collect();

    for (card, target) in wanted {
        match existing.remove(&card.id) {
            Some(entity) => {
                if let Ok((_, mut current_card, mut current_target)) = cards.get_mut(entity) {
                    current_card.set_if_neq(card.clone());
                    current_target.set_if_neq(*target);
                }
            }
            None => {
                commands.spawn((
                    card.clone(),
                    *target,
                    NewCard,
                    Transform::from_translation(target.position.extend(target.z))
                        .with_rotation(Quat::from_rotation_z(target.tilt)),
                    Visibility::default(),
                    DespawnOnExit(Scene::Change),
                ));
            }
        }
    }
    for entity in existing.into_values() {
        commands.entity(entity).despawn();
    }
}
