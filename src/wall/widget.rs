//! Small widgets the overlays share (the PIN pad, a note's detail view,
//! the stand-up): functions that return bundles, and a text setter.

use bevy::prelude::*;
use bevy::sprite::Anchor;

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

/// Changes a text only when it differs, so an unchanged text is not laid out
/// and drawn again.
pub fn set_text(text: &mut Mut<Text2d>, line: &str) {
    if text.0 != line {
        text.0 = line.to_string();
    }
}
