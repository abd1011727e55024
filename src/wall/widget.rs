//! Small widgets the overlays share (the PIN pad, a note's detail view,
//! the stand-up, the header): functions that return bundles, and a text
//! setter.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::{Justify, LineBreak, TextBounds};

use crate::wall::theme::text_font;

/// A button's face at `at` (world space): a coloured rectangle that takes
/// taps and clicks. Add the observer and a [`button_label`] child.
pub fn button(color: Color, size: Vec2, at: Vec3) -> impl Bundle {
    (Pickable::default(), Sprite::from_color(color, size), Transform::from_translation(at))
}

/// The white, centred label on a [`button`].
pub fn button_label(text: impl Into<String>, font: &Handle<Font>, px: f32) -> impl Bundle {
    (
        Text2d::new(text),
        text_font(font, px),
        TextColor(Color::WHITE),
        Anchor::CENTER,
        Transform::from_xyz(0.0, 0.0, 0.1),
    )
}

/// A text on the wall: every overlay's writing is made here, so a font,
/// colour, wrap and anchor are set the same way everywhere.
pub fn label(text: impl Into<String>, font: &Handle<Font>, px: f32) -> Label {
    Label {
        text: text.into(),
        font: text_font(font, px),
        color: Color::WHITE,
        layout: TextLayout::default(),
        bounds: TextBounds::UNBOUNDED,
        anchor: Anchor::CENTER,
    }
}

/// A [`label`] being set up; [`Label::at`] places it and gives the bundle.
#[derive(Debug, Clone)]
pub struct Label {
    text: String,
    font: TextFont,
    color: Color,
    layout: TextLayout,
    bounds: TextBounds,
    anchor: Anchor,
}

impl Label {
    pub fn color(mut self, color: Color) -> Label {
        self.color = color;
        self
    }

    /// Left-aligned lines no wider than `width`, broken between words (or
    /// inside a word that is wider than a line).
    pub fn wrap(mut self, width: f32) -> Label {
        self.layout = TextLayout::new(Justify::Left, LineBreak::WordOrCharacter);
        self.bounds = TextBounds::new_horizontal(width);
        self
    }

    /// One line, never broken, justified as given.
    pub fn one_line(mut self, justify: Justify) -> Label {
        self.layout = TextLayout::new(justify, LineBreak::NoWrap);
        self
    }

    pub fn layout(mut self, layout: TextLayout) -> Label {
        self.layout = layout;
        self
    }

    pub fn anchor(mut self, anchor: Anchor) -> Label {
        self.anchor = anchor;
        self
    }

    /// The bundle, at `translation` in world space.
    pub fn at(self, translation: Vec3) -> impl Bundle {
        (
            Text2d::new(self.text),
            self.font,
            TextColor(self.color),
            self.layout,
            self.bounds,
            self.anchor,
            Transform::from_translation(translation),
        )
    }
}

/// Changes a text only when it differs, so an unchanged text is not laid out
/// and drawn again.
pub fn set_text(text: &mut Mut<Text2d>, line: &str) {
    if text.0 != line {
        text.0 = line.to_string();
    }
}
