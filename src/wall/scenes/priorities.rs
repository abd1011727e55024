//! Priorities this week: the agenda of the weekly stand-up of Customer
//! Service, Marketing and Operations. The most-voted open notes, one
//! column per team (one band per team on a portrait screen), with their
//! votes and status stamps, and a line that says how they were chosen.

use bevy::prelude::*;
use bevy::sprite::Anchor;

use crate::core::clock::Zone;
use crate::core::i18n::Language;
use crate::core::layout::{self, LayoutItem, LayoutParams, Rect};
use crate::core::metrics::Measure;
use crate::core::model::Note;
use crate::core::priorities::{Agenda, Basis, Priority, agenda_of_stacks};
use crate::wall::cards::sync::NotePages;
use crate::wall::cards::{CardInfo, CardTarget, NoteCard, pages_of};
use crate::wall::fonts::WallFonts;
use crate::wall::scenes::Scene;
use crate::wall::scenes::change::{TopicRules, card_info, note_info, wall_cards};
use crate::wall::scenes::inputs::SceneInputs;
use crate::wall::shared::ScenePages;
use crate::wall::shared::{ActiveLanguage, WallArea};
use crate::wall::we_did::WeDid;
use crate::wall::widget::label;

/// The most notes per team on the agenda: a stand-up discusses a handful.
pub(crate) const PER_TEAM: usize = 4;
/// The most teams side by side.
pub(crate) const MAX_TEAMS: usize = 4;

const HEADING_TEXT: Color = crate::wall::theme::LIGHT;
const SUBTITLE_TEXT: Color = crate::wall::theme::QUIET;

/// A team heading or the line under the title; rebuilt with the agenda.
#[derive(Component)]
struct AgendaLabel;

/// The laid-out agenda: the cards, and the headings to write.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct AgendaLayout {
    pub cards: Vec<(NoteCard, CardTarget)>,
    /// Text, screen position (centre of the left edge), width, size.
    pub labels: Vec<(String, Vec2, f32, f32, bool)>,
}

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(Update, build_priorities.in_set(ScenePages::Priorities).run_if(in_state(Scene::Priorities)));
}

/// The team headings, the line under the title, and the cards of each
/// team in its own column or band.
pub(crate) fn agenda_layout(
    agenda: &Agenda<'_>,
    area: &WallArea,
    min_text_px: f32,
    language: Language,
    week: u32,
    info: &dyn Fn(&Priority) -> CardInfo,
    measure: &dyn Measure,
) -> AgendaLayout {
    let px = min_text_px;
    // The line under the title is a label: one line, in the labels' size.
    let label_px = area.label_px.min(px);
    let notes = area.notes;
    let mut out = AgendaLayout::default();
    let subtitle_h = (label_px * 1.8).round();
    out.labels.push((
        match agenda.basis {
            Basis::Topics => language.agenda_by_topics(week),
            basis => language.agenda_basis(basis == Basis::Votes, week),
        },
        Vec2::new(notes.x + label_px * 0.2, notes.y + subtitle_h / 2.0),
        notes.w,
        label_px,
        false,
    ));
    let groups = agenda.groups.len().max(1);
    let body = Rect::new(notes.x, notes.y + subtitle_h, notes.w, notes.h - subtitle_h);
    let portrait = body.h > body.w;
    let heading_h = (px * 2.2).round();
    let mut slot = 0;
    for (i, group) in agenda.groups.iter().enumerate() {
        let band = if portrait {
            let h = body.h / groups as f32;
            Rect::new(body.x, body.y + i as f32 * h, body.w, h)
        } else {
            let w = body.w / groups as f32;
            Rect::new(body.x + i as f32 * w, body.y, w, body.h)
        };
        let team = match &group.team {
            Some(team) => language.team(team),
            None => language.no_team().to_string(),
        };
        out.labels.push((
            team,
            Vec2::new(band.x + px * 0.5, band.y + heading_h / 2.0),
            band.w - px,
            (px * 1.3).round(),
            true,
        ));
        let infos: Vec<CardInfo> = group.items.iter().map(info).collect();
        let items: Vec<LayoutItem<'_>> = infos.iter().map(CardInfo::item).collect();
        let cards_area = Rect::new(band.x, band.y + heading_h, band.w, band.h - heading_h);
        let laid_out = layout::layout(&items, &LayoutParams::new(cards_area, px), measure);
        // A stand-up discusses what fits on one screen; the top votes come first.
        for (card, mut target) in pages_of(&infos, &laid_out, area).into_iter().next().unwrap_or_default() {
            target.slot = slot;
            target.z = 1.0 + slot as f32 * 0.05;
            slot += 1;
            out.cards.push((card, target));
        }
    }
    out
}

fn build_priorities(
    active: Res<ActiveLanguage>,
    mut commands: Commands,
    inputs: SceneInputs,
    we_did: Res<WeDid>,
    fonts: Option<Res<WallFonts>>,
    mut pages: ResMut<NotePages>,
    rules: Option<Res<TopicRules>>,
    labels: Query<Entity, With<AgendaLabel>>,
    mut last_minute: Local<i64>,
) {
    let Some((area, now)) = inputs.due(&mut last_minute, we_did.is_changed()) else {
        return;
    };
    let SceneInputs { wall, config, measure, .. } = inputs;
    let zone: Zone = config.zone();
    // The scene ends with what became Done lately: a line under the agenda.
    let done = we_did.history.recent_count(now);
    let px = area.text_px;
    let (area, done_line) = if done == 0 {
        (area, None)
    } else {
        let notes = area.notes;
        let line_h = (px * 2.2).round();
        let text = active.0.we_did_count(done, crate::core::history::RECENT_WEEKS);
        let at = Vec2::new(notes.x, notes.y + notes.h - line_h / 2.0);
        (WallArea { notes: Rect::new(notes.x, notes.y, notes.w, notes.h - line_h), ..area }, Some((text, at, notes.w)))
    };
    let notes: Vec<&Note> = wall.snapshot().map(|s| s.feedback().collect()).unwrap_or_default();
    // This week's votes cast on the wall rank the agenda; until anyone has
    // voted here this week, the source's counts do. The notes of a topic
    // stand as one stack, ranked by its customers, then its votes.
    let votes = wall.ranking_votes();
    let decided = wall.decided_stories();
    let shown = match &rules {
        Some(rules) => wall_cards(&notes, &rules.0, &decided, false, &votes),
        None => wall_cards(&notes, &crate::core::topics::Rules::new(&[]), &decided, false, &votes),
    };
    let entries = shown
        .iter()
        .map(|card| (notes[card.top], card.members.iter().map(|at| votes(notes[*at])).sum(), card.members.len()));
    let agenda = agenda_of_stacks(entries, PER_TEAM, MAX_TEAMS);
    let language = active.0;
    let info = |priority: &Priority| {
        let card = shown.iter().find(|card| std::ptr::eq(notes[card.top], priority.note));
        match card {
            Some(card) => {
                CardInfo { votes: priority.votes, ..card_info(&notes, card, language, now, &votes, &*measure.0) }
            }
            None => CardInfo { votes: priority.votes, ..note_info(priority.note, language, now) },
        }
    };
    let built = if agenda.is_empty() {
        AgendaLayout::default()
    } else {
        agenda_layout(&agenda, &area, area.text_px, language, zone.iso_week(now).week, &info, &*measure.0)
    };
    pages.set_if_neq(NotePages { pages: if built.cards.is_empty() { Vec::new() } else { vec![built.cards] } });

    for entity in &labels {
        commands.entity(entity).despawn();
    }
    let Some(fonts) = fonts else {
        return;
    };
    let done_line = done_line.map(|(text, at, width)| (text, at, width, (px * 1.1).round(), true));
    for (text, at, width, size, bold) in built.labels.into_iter().chain(done_line) {
        commands.spawn((
            AgendaLabel,
            label(text, if bold { &fonts.bold } else { &fonts.regular }, size)
                .color(if bold { HEADING_TEXT } else { SUBTITLE_TEXT })
                .wrap(width)
                .anchor(Anchor::CENTER_LEFT)
                .at(area.to_world(at.x, at.y).extend(2.0)),
            DespawnOnExit(Scene::Priorities),
        ));
    }
}
