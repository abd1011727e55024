//! The stand-up's first step, "Same story?": each stack the words suggest
//! comes on screen with its notes, and the facilitator says **Same story**
//! (J or Y) or **Not the same** (N), or skips it. A confirmed story gets a
//! topic named after its top note; a rejected one is never suggested
//! again. Both are journaled by `NoteRef` like the decisions, so they hold
//! across restarts and reloads. The agenda is chosen after the last story,
//! with what was decided.

use bevy::prelude::*;

use crate::core::model::NoteRef;
use crate::core::topics::decide::name_story;
use crate::core::topics::{Decided, Rules};
use crate::core::wall_model::WallModel;
use crate::wall::scenes::change::{wall_cards, wall_notes};
use crate::wall::scenes::standup::{Control, Controls};

/// The stacks the words suggest on the wall now, each with its top note
/// first, in the wall's order.
pub(crate) fn choose_stories(wall: &WallModel, rules: &Rules) -> Vec<Vec<NoteRef>> {
    let notes = wall_notes(wall);
    let votes = |note: &crate::core::model::Note| wall.shown_votes(note);
    let shown = wall_cards(&notes, rules, &wall.decided_stories(), true, votes);
    shown
        .iter()
        .filter(|card| card.suggested && card.is_stack())
        .map(|card| card.members.iter().map(|at| wall.note_ref(&notes[*at].id)).collect())
        .collect()
}

/// The topics a confirmed story gives its notes: a name after the top
/// note's first words (else "Story <id>"), and for a note of the top
/// note's source, that it duplicates the top note.
pub(crate) fn confirmed(story: &[NoteRef], wall: &WallModel) -> Vec<crate::wall::voting::book::TopicMove> {
    let Some(top) = story.first() else {
        return Vec::new();
    };
    let text = wall.note(top).map(|note| note.text.as_str()).unwrap_or_default();
    let name = name_story(text, &top.id);
    story
        .iter()
        .map(|note| {
            let original = (note != top && note.source == top.source).then(|| top.id.clone());
            // A suggested story's notes had no topic.
            crate::wall::voting::book::TopicMove {
                note: note.clone(),
                topic: Some(name.clone()),
                original,
                previous: None,
            }
        })
        .collect()
}

impl Controls<'_> {
    /// A control while a suggested story is on screen.
    pub(super) fn story_control(&mut self, control: Control) {
        let Some(story) = self.standup.story_on_screen().cloned() else {
            return;
        };
        let facilitated = self.config.guards_standup();
        let stored = match (control, self.book.as_deref_mut()) {
            (Control::SameStory, Some(book)) => Some(book.set_topics(&confirmed(&story, &self.wall), facilitated)),
            (Control::NotSame, Some(book)) => Some(book.keep_apart(&story)),
            (Control::SameStory | Control::NotSame, None) => Some(Err("no vote journal".to_string())),
            _ => None,
        };
        match stored {
            Some(Ok(())) => info!("stand-up: {} notes are {:?}", story.len(), control),
            Some(Err(err)) => {
                // Not stored, so not shown as decided: the story stays on
                // screen and the facilitator can try again.
                error!("stand-up: the decision about {} notes could not be stored: {err}", story.len());
                return;
            }
            None => {}
        }
        let now = self.time.now();
        match control {
            Control::Previous => self.standup.story = self.standup.story.saturating_sub(1),
            Control::SameStory | Control::NotSame | Control::Next => self.standup.story += 1,
            Control::Finish => self.standup.story = self.standup.stories.len(),
            _ => return,
        }
        if self.standup.story < self.standup.stories.len() {
            return;
        }
        // The agenda, with what was just decided.
        let no_rules = Rules::new(&[]);
        let rules = self.topic_rules.as_deref().map_or(&no_rules, |rules| &*rules.0);
        let decided = match self.book.as_deref().and_then(|book| book.ledger()) {
            Some(ledger) => Decided::new(&ledger.stories, |note| self.wall.wall_id(note)),
            None => self.wall.decided_stories(),
        };
        let count = self.config.standup.items as usize;
        self.standup.choose_agenda(&self.wall, &decided, count, rules);
        self.standup.item_started = now;
        if self.standup.items.is_empty() {
            self.apply(Control::Finish);
        }
    }
}

/// The most notes of one story on screen; the rest are counted.
const SHOWN_NOTES: usize = 6;

impl super::screen::Painter<'_, '_, '_> {
    /// The suggested story: which of how many, the question, its notes
    /// side by side on their papers, and the three buttons.
    pub(super) fn story(
        &mut self,
        standup: &super::StandUp,
        story: &[NoteRef],
        wall: &WallModel,
        paper: impl Fn(&crate::core::model::Note) -> Color,
        measure: &dyn crate::core::metrics::Measure,
    ) {
        use super::screen::{BACK_BUTTON, LIGHT, ON_BUTTON, PLAIN_BUTTON, QUIET_TEXT, StandUpPart, Z};
        use bevy::sprite::Anchor;
        let (px, area) = (self.px, self.area.notes);
        let title = self.language.story_of(standup.story + 1, standup.stories.len());
        let at = Vec2::new(area.x + px, area.y + px * 1.2);
        self.text(title, at, (px * 1.3).round(), true, LIGHT, area.w, Anchor::CENTER_LEFT);
        let question = self.language.story_question().to_string();
        let at = Vec2::new(area.x + px, area.y + px * 3.0);
        self.text(question, at, px, false, QUIET_TEXT, area.w, Anchor::CENTER_LEFT);

        let notes: Vec<&crate::core::model::Note> = story.iter().filter_map(|note| wall.note(note)).collect();
        let shown = notes.len().min(SHOWN_NOTES);
        let columns = if shown <= 2 { shown.max(1) } else { shown.div_ceil(2) };
        let rows = shown.div_ceil(columns).max(1);
        let (top, bottom) = (area.y + px * 4.5, area.y + area.h - px * 8.0);
        let gap = px;
        let card_w = (area.w - gap * (columns as f32 - 1.0)) / columns as f32;
        let card_h = (bottom - top - gap * (rows as f32 - 1.0)) / rows as f32;
        // Large while few share the screen: read from across the room.
        let size = (px * if shown <= 4 { 1.8 } else { 1.4 }).round();
        for (i, note) in notes.iter().take(shown).enumerate() {
            let (column, row) = ((i % columns) as f32, (i / columns) as f32);
            let (x, y) = (area.x + column * (card_w + gap), top + row * (card_h + gap));
            let center = self.area.to_world(x + card_w / 2.0, y + card_h / 2.0);
            self.commands.spawn((
                StandUpPart,
                Sprite::from_color(paper(note), Vec2::new(card_w, card_h)),
                Transform::from_translation(center.extend(Z)),
                DespawnOnExit(crate::wall::scenes::Scene::StandUp),
            ));
            let inner = card_w - 2.0 * px;
            let mut head = self.language.kind(note.kind).to_string();
            if let Some(team) = &note.team {
                head = format!("{head}  ·  {}", self.language.team(team));
            }
            let ink = crate::wall::theme::INK;
            self.text(head, Vec2::new(x + px, y + px), px, true, ink, inner, Anchor::TOP_LEFT);
            let lines = (((card_h - 3.5 * px) / (size * 1.25)).floor() as usize).max(1);
            let (body, _) = crate::core::wrap::truncate_to_lines(&note.text, inner, size, lines, measure);
            self.text(body, Vec2::new(x + px, y + 2.8 * px), size, false, ink, inner, Anchor::TOP_LEFT);
        }
        if notes.len() > shown {
            let more = self.language.more_notes(notes.len() - shown);
            self.text(
                more,
                Vec2::new(area.x + area.w - px, bottom + px * 1.2),
                px,
                true,
                LIGHT,
                area.w,
                Anchor::CENTER_RIGHT,
            );
        }

        let labels = self.language.story_buttons();
        let row_y = area.y + area.h - px * 5.5;
        let width = (area.w - 2.0 * gap) / 3.0;
        let size = Vec2::new(width, px * 3.2);
        let x = |i: f32| area.x + width / 2.0 + i * (width + gap);
        self.button(Control::SameStory, labels[0], Vec2::new(x(0.0), row_y), size, ON_BUTTON);
        self.button(Control::NotSame, labels[1], Vec2::new(x(1.0), row_y), size, PLAIN_BUTTON);
        self.button(Control::Next, labels[2], Vec2::new(x(2.0), row_y), size, BACK_BUTTON);
    }
}
