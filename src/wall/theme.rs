//! The wall's palette (whose contrast `core::contrast` checks) as Bevy
//! colours, and fonts at a size. Not yet every colour: the PIN pad, the
//! stand-up, the detail view and the confetti still write some of their
//! own, unchecked.

use bevy::prelude::*;

use crate::core::contrast;

/// A colour of the wall's palette (`core::contrast`, where every text's
/// contrast is checked) as a Bevy colour.
pub const fn palette(c: contrast::Srgb) -> Color {
    Color::srgb(c.0, c.1, c.2)
}

/// The dark ink that all writing on a note uses.
pub const INK: Color = palette(contrast::INK);
/// The colour of the wall behind the notes.
pub const WALL_COLOR: Color = palette(contrast::WALL);
/// The Wall of Fame hangs on a warm, dark wall.
pub const FAME_WALL: Color = palette(contrast::FAME_WALL);

/// A font at a size in pixels.
pub fn text_font(font: &Handle<Font>, px: f32) -> TextFont {
    TextFont::from_font_size(FontSize::Px(px)).with_font(font.clone())
}
