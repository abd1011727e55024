//! The sticky notes themselves: what a card shows ([`NoteCard`]) and where
//! it goes ([`CardTarget`]); [`sync`] keeps one entity per card on the
//! page, [`draw`] dresses it with paper and text, [`anim`] moves it.
//!
//! Entities carry only data, so everything but drawing runs headless.

pub mod anim;
pub(crate) mod assets;
pub(crate) mod draw;
pub(crate) mod key;
pub mod sync;

pub use key::{CardKey, View};

use bevy::prelude::*;

use crate::core::i18n::Language;
use crate::core::layout::{LayoutItem, Placement, WallLayout};
use crate::core::metrics::{Estimate, FontMetrics, Measure};
use crate::core::model::{NoteKind, Status};
use crate::wall::shared::WallArea;

/// What a card shows in its top-left corner, and its paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// Customer feedback of a kind: the kind's colour, shape and word.
    Note(NoteKind),
    /// An employee's promise on the Wall of Commitment.
    Promise,
}

/// A rubber stamp across a card: a status, "Kept", "Overdue".
#[derive(Debug, Clone, PartialEq)]
pub struct Stamp {
    pub text: String,
    pub tone: Tone,
}

/// The ink of a stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Planned,
    Busy,
    Neutral,
    Bad,
}

impl Tone {
    /// The ink of a status's stamp.
    pub fn of(status: Status) -> Tone {
        match status {
            Status::New | Status::Discussed => Tone::Neutral,
            Status::Planned => Tone::Planned,
            Status::InProgress => Tone::Busy,
            Status::Done => Tone::Good,
            Status::Declined => Tone::Bad,
        }
    }
}

impl Stamp {
    /// The stamp for a note's status; none for a new note.
    pub fn for_status(status: Status, language: Language) -> Option<Stamp> {
        if status == Status::New {
            return None;
        }
        let tone = Tone::of(status);
        let text = match status {
            Status::Done => format!("✓ {}", language.status(status)),
            _ => language.status(status).to_string(),
        };
        Some(Stamp { text, tone })
    }
}

/// One card on the wall, as the card plugin needs it to draw it.
#[derive(Component, Debug, Clone, PartialEq)]
pub struct NoteCard {
    pub id: CardKey,
    pub face: Face,
    /// The top row: the kind in words, a person, who is praised.
    pub label: String,
    /// The text as shown (cut with "…" when too long).
    pub body: String,
    /// Team and age, or a promise's dates.
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
    pub stamp: Option<Stamp>,
    /// The stamp sits at the right end of the footer's line.
    pub stamp_beside_footer: bool,
    /// The text was cut: the card says a tap shows all of it.
    pub cut: bool,
    /// How worn the paper looks: 0 new, 1 old and ignored.
    pub wear: f32,
    /// A stack of notes on one topic: the papers peeking out beneath.
    pub stack: Stack,
}

/// The notes under a card: none for a plain note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stack {
    /// The ids of all its notes, the top first (empty for a plain note),
    /// for the detail view, which shows each in turn.
    pub members: Vec<String>,
}

impl Stack {
    /// How many notes the stack holds beside the one on top.
    pub fn under(&self) -> usize {
        self.members.len().saturating_sub(1)
    }

    /// The papers drawn beneath: one per note under the top, at most two.
    pub fn layers(&self) -> usize {
        self.under().min(2)
    }
}

/// What a scene wants on one card, before layout.
#[derive(Debug, Clone, PartialEq)]
pub struct CardInfo {
    pub id: CardKey,
    pub face: Face,
    pub label: String,
    pub text: String,
    pub footer: String,
    pub votes: u32,
    pub stamp: Option<Stamp>,
    pub wear: f32,
    pub stack: Stack,
}

impl CardInfo {
    pub fn item(&self) -> LayoutItem<'_> {
        LayoutItem {
            id: self.id.as_str(),
            label: &self.label,
            body: &self.text,
            footer: &self.footer,
            votes: self.votes,
            stamp: self.stamp.as_ref().map(|stamp| stamp.text.as_str()),
        }
    }

    /// The card and where it goes, for a placement of the layout.
    pub fn place(&self, placement: &Placement, area: &WallArea, slot: usize) -> (NoteCard, CardTarget) {
        let card = NoteCard {
            id: self.id.clone(),
            face: self.face,
            label: self.label.clone(),
            body: placement.body.clone(),
            footer: self.footer.clone(),
            votes: self.votes,
            size: Vec2::new(placement.size.0, placement.size.1),
            padding: placement.padding,
            label_px: placement.label_px,
            text_px: placement.text_px,
            header_h: placement.header_h,
            footer_h: placement.footer_h,
            dot: placement.dot,
            stamp: self.stamp.clone(),
            stamp_beside_footer: placement.stamp_beside_footer,
            cut: placement.truncated,
            wear: self.wear,
            stack: self.stack.clone(),
        };
        let target = CardTarget {
            position: area.to_world(placement.center.0, placement.center.1),
            // Layout tilts counter-clockwise in screen space (y down); in
            // world space (y up) the same look is a clockwise rotation.
            tilt: -placement.tilt,
            z: 1.0 + slot as f32 * 0.05,
            slot,
        };
        (card, target)
    }
}

/// The pages of `laid_out`, each card described by its `infos` entry.
pub fn pages_of(infos: &[CardInfo], laid_out: &WallLayout, area: &WallArea) -> Vec<Vec<(NoteCard, CardTarget)>> {
    laid_out
        .pages
        .iter()
        .map(|page| {
            page.placements
                .iter()
                .enumerate()
                .map(|(slot, placement)| infos[placement.index].place(placement, area, slot))
                .collect()
        })
        .collect()
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

impl CardTarget {
    /// The card at rest in its place: unscaled, at its tilt.
    pub fn resting(&self) -> Transform {
        Transform::from_translation(self.position.extend(self.z)).with_rotation(Quat::from_rotation_z(self.tilt))
    }
}

/// A card in the facilitator's hand (arranging stacks): the motion leaves
/// it where the finger puts it.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct Dragged;

/// Added to a card when it is spawned, so it can animate in.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct NewCard;
