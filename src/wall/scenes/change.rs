//! The Wall of Change itself: customer feedback, newest first, laid out
//! as sticky notes that keep their place across polls. The open notes of
//! one topic (from the source or the team's rules) lie as one stack; notes
//! that only look alike lie as a stack marked "Same story?".

use bevy::prelude::*;
use chrono::{DateTime, Utc};

use crate::core::arrange::StableLayout;
use crate::core::i18n::Language;
use crate::core::layout::{LayoutItem, LayoutParams};
use crate::core::metrics::{Measure, Weight};
use crate::core::model::Note;
use crate::core::topics::{self, Decided, Rules, stacks::Shown};
use crate::wall::cards::sync::NotePages;
use crate::wall::cards::{CardInfo, CardKey, Face, Stack, Stamp, pages_of};
use crate::wall::scenes::Scene;
use crate::wall::scenes::inputs::{PageContext, SceneInputs};
use crate::wall::shared::{ScenePages, WallConfig, WallSystems};

/// The Wall of Change's arrangement, kept across polls.
#[derive(Resource, Debug, Default)]
struct ChangeLayout(StableLayout);

/// The team's topic rules, compiled; again when the config changes.
#[derive(Resource, Clone)]
pub struct TopicRules(pub std::sync::Arc<Rules>);

impl Default for TopicRules {
    fn default() -> Self {
        TopicRules(std::sync::Arc::new(Rules::new(&[])))
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<ChangeLayout>().init_resource::<TopicRules>().add_systems(
        Update,
        (
            compile_topics.in_set(WallSystems::Record),
            relayout.in_set(ScenePages::Change).run_if(in_state(Scene::Change)),
        ),
    );
}

pub(crate) fn compile_topics(config: Res<WallConfig>, mut rules: ResMut<TopicRules>) {
    if config.is_changed() {
        rules.0 = std::sync::Arc::new(Rules::new(&config.topics));
    }
}

/// The notes of the Wall of Change in the order they are shown: newest first.
pub fn wall_notes(wall: &crate::core::wall_model::WallModel) -> Vec<&Note> {
    let mut notes: Vec<&Note> = wall.snapshot().map(|s| s.feedback().collect()).unwrap_or_default();
    notes.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
    notes
}

fn relayout(
    inputs: SceneInputs,
    rules: Res<TopicRules>,
    mut arrangement: ResMut<ChangeLayout>,
    mut pages: ResMut<NotePages>,
    mut last_minute: Local<i64>,
) {
    let Some((area, now)) = inputs.due(&mut last_minute, rules.is_changed()) else {
        return;
    };
    let wall = &inputs.wall;
    // With add_url the notes leave the QR code its corner.
    let area = super::add_feedback::notes_area(area, &inputs.config);
    let notes = wall_notes(wall);
    let shown = wall_cards(&notes, &rules.0, &wall.decided_stories(), true, |note| wall.shown_votes(note));
    let computed =
        build_pages(&notes, &shown, &inputs.context(area, now), &mut arrangement.0, |note| wall.shown_votes(note));
    pages.set_if_neq(computed);
}

/// The cards of the Wall of Change for `notes`: a note, or the stack of a
/// topic; with `suggest`, also the stack of a story the words suggest,
/// marked as suggested until the stand-up confirms or rejects it. What
/// people `decided` wins over the sources and the rules.
pub fn wall_cards(
    notes: &[&Note],
    rules: &Rules,
    decided: &Decided,
    suggest: bool,
    votes: impl Fn(&Note) -> u32,
) -> Vec<Shown> {
    let placed = if suggest {
        topics::place(notes, rules, decided)
    } else {
        topics::Placed { topics: topics::assign(notes, rules, decided), suggested: Vec::new() }
    };
    topics::stacks::stacks(notes, &placed, votes)
}

/// Lays out the cards `shown` of `notes` on `area`, keeping each where
/// `arrangement` had it; `votes` gives the count on each badge (a stack's
/// is its notes' together).
pub fn build_pages(
    notes: &[&Note],
    shown: &[Shown],
    context: &PageContext,
    arrangement: &mut StableLayout,
    votes: impl Fn(&Note) -> u32,
) -> NotePages {
    let PageContext { area, min_text_px, language, now, measure } = *context;
    let area = &area;
    let infos: Vec<CardInfo> =
        shown.iter().map(|card| card_info(notes, card, language, now, &votes, measure)).collect();
    let items: Vec<LayoutItem<'_>> = infos.iter().map(CardInfo::item).collect();
    let laid_out = arrangement.layout(&items, &LayoutParams::new(area.notes, min_text_px), measure);
    NotePages { pages: pages_of(&infos, &laid_out, area) }
}

/// A card of the wall: a note, or a stack under its top note, labelled
/// with its topic (or "Same story?") and how many customers it holds.
pub fn card_info(
    notes: &[&Note],
    card: &Shown,
    language: Language,
    now: DateTime<Utc>,
    votes: &impl Fn(&Note) -> u32,
    measure: &dyn Measure,
) -> CardInfo {
    let top = notes[card.top];
    let info = CardInfo { votes: votes(top), ..note_info(top, language, now) };
    if !card.is_stack() {
        return info;
    }
    // The topic and the count in the top row, bold: read from across the room.
    let customers = language.customers(card.members.len());
    let count = format!(" · {customers}");
    let topic = match card.topic.as_deref() {
        Some(topic) if !card.suggested => topic,
        _ => language.same_story(),
    };
    // A long topic is cut so its count stays in sight and every note of
    // the page keeps its room (the layout makes every note as wide as the
    // widest top row).
    let room = MAX_LABEL_EM - measure.width_em(&count, Weight::Bold);
    let label = format!("{}{count}", fit_em(topic, room, measure));
    let mut teams: Vec<String> = Vec::new();
    for team in card.members.iter().filter_map(|at| notes[*at].team.as_ref()) {
        let name = language.team(team).to_string();
        if !teams.contains(&name) {
            teams.push(name);
        }
    }
    let footer = if teams.is_empty() { info.footer.clone() } else { teams.join(", ") };
    CardInfo {
        label,
        footer,
        votes: card.members.iter().map(|at| votes(notes[*at])).sum(),
        stack: Stack { members: card.members.iter().map(|at| notes[*at].id.clone()).collect() },
        ..info
    }
}

/// The widest a stack's top row label gets, in ems of its text.
const MAX_LABEL_EM: f32 = 14.0;

/// `text` in bold cut to at most `room` ems, with "…" where it was cut.
fn fit_em(text: &str, room: f32, measure: &dyn Measure) -> String {
    if measure.width_em(text, Weight::Bold) <= room {
        return text.to_string();
    }
    let mut cut: String = text.trim_end_matches('…').to_string();
    while !cut.is_empty() && measure.width_em(&format!("{cut}…"), Weight::Bold) > room {
        cut.pop();
    }
    format!("{}…", cut.trim_end())
}

/// A feedback note as a card: kind, text, team and age, votes, status.
pub fn note_info(note: &Note, language: Language, now: DateTime<Utc>) -> CardInfo {
    let age = language.age(note.created_at, now);
    let footer = match &note.team {
        Some(team) => format!("{} · {age}", language.team(team)),
        None => age,
    };
    CardInfo {
        stack: crate::wall::cards::Stack::default(),
        id: CardKey::note(&note.id),
        face: Face::Note(note.kind),
        label: language.kind(note.kind).to_string(),
        text: note.text.clone(),
        footer,
        votes: note.votes,
        stamp: Stamp::for_status(note.status, language),
        wear: 0.0,
    }
}
