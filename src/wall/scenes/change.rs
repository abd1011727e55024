//! The Wall of Change itself: customer feedback, newest first, laid out
//! as sticky notes that keep their place across polls.

use bevy::prelude::*;
use chrono::{DateTime, Utc};

use crate::core::arrange::StableLayout;
use crate::core::i18n::Language;
use crate::core::layout::{LayoutItem, LayoutParams};
use crate::core::model::Note;
use crate::wall::cards::sync::NotePages;
use crate::wall::cards::{CardInfo, Face, Stamp, pages_of};
use crate::wall::model::Wall;
use crate::wall::scenes::Scene;
use crate::wall::scenes::inputs::{PageContext, SceneInputs};
use crate::wall::shared::WallSystems;

/// The Wall of Change's arrangement, kept across polls.
#[derive(Resource, Debug, Default)]
struct ChangeLayout(StableLayout);

pub fn plugin(app: &mut App) {
    app.init_resource::<ChangeLayout>()
        .add_systems(Update, relayout.in_set(WallSystems::BuildPages).run_if(in_state(Scene::Change)));
}

/// The notes of the Wall of Change in the order they are shown: newest first.
pub fn wall_notes(wall: &Wall) -> Vec<&Note> {
    let mut notes: Vec<&Note> = wall.snapshot().map(|s| s.feedback().collect()).unwrap_or_default();
    notes.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
    notes
}

fn relayout(
    inputs: SceneInputs,
    mut arrangement: ResMut<ChangeLayout>,
    mut pages: ResMut<NotePages>,
    mut last_minute: Local<i64>,
) {
    let Some((area, now)) = inputs.due(&mut last_minute, false) else {
        return;
    };
    let wall = &inputs.wall;
    // With add_url the notes leave the QR code its corner.
    let area = super::add_feedback::notes_area(area, &inputs.config);
    let computed =
        build_pages(&wall_notes(wall), &inputs.context(area, now), &mut arrangement.0, |note| wall.shown_votes(note));
    pages.set_if_neq(computed);
}

/// Lays out the notes of the Wall of Change on `area`, keeping each note
/// where `arrangement` had it; `votes` gives the count on each badge.
pub fn build_pages(
    notes: &[&Note],
    context: &PageContext,
    arrangement: &mut StableLayout,
    votes: impl Fn(&Note) -> u32,
) -> NotePages {
    let PageContext { area, min_text_px, language, now, measure } = *context;
    let area = &area;
    let infos: Vec<CardInfo> =
        notes.iter().map(|note| CardInfo { votes: votes(note), ..note_info(note, language, now) }).collect();
    let items: Vec<LayoutItem<'_>> = infos.iter().map(CardInfo::item).collect();
    let laid_out = arrangement.layout(&items, &LayoutParams::new(area.notes, min_text_px), measure);
    NotePages { pages: pages_of(&infos, &laid_out, area) }
}

/// A feedback note as a card: kind, text, team and age, votes, status.
pub fn note_info(note: &Note, language: Language, now: DateTime<Utc>) -> CardInfo {
    let age = language.age(note.created_at, now);
    let footer = match &note.team {
        Some(team) => format!("{} · {age}", language.team(team)),
        None => age,
    };
    CardInfo {
        id: note.id.clone(),
        face: Face::Note(note.kind),
        label: language.kind(note.kind).to_string(),
        text: note.text.clone(),
        footer,
        votes: note.votes,
        stamp: Stamp::for_status(note.status, language),
        wear: 0.0,
    }
}
