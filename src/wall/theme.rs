//! The wall's palette as Bevy colours, and fonts at a size. Every colour
//! is defined in the core (`core::contrast` for the wall and the notes,
//! `core::overlays` for what is drawn over them), where each text's
//! contrast is checked; the shell only converts them. (Shadows and shades
//! of black under the cards are not text colours and stay where they are
//! drawn.)

use bevy::prelude::*;

use crate::core::{contrast, overlays};

/// A colour of the wall's palette (`core::contrast`, where every text's
/// contrast is checked) as a Bevy colour.
pub const fn palette(c: contrast::Srgb) -> Color {
    Color::srgb(c.0, c.1, c.2)
}

/// A colour of the palette drawn at `alpha` over what lies below.
pub const fn seen_through(c: contrast::Srgb, alpha: f32) -> Color {
    Color::srgba(c.0, c.1, c.2, alpha)
}

/// The dark ink that all writing on a note uses.
pub const INK: Color = palette(contrast::INK);
/// The colour of the wall behind the notes.
pub const WALL_COLOR: Color = palette(contrast::WALL);
/// The Wall of Fame hangs on a warm, dark wall.
pub const FAME_WALL: Color = palette(contrast::FAME_WALL);

/// What is drawn over the wall (`core::overlays`).
pub const LIGHT: Color = palette(overlays::LIGHT);
pub const QUIET: Color = palette(overlays::QUIET);
pub const OVERTIME: Color = palette(overlays::OVERTIME);
pub const PLAIN_BUTTON: Color = palette(overlays::PLAIN_BUTTON);
pub const BACK_BUTTON: Color = palette(overlays::BACK_BUTTON);
pub const YES_BUTTON: Color = palette(overlays::YES_BUTTON);
pub const OUT_BUTTON: Color = palette(overlays::OUT_BUTTON);
pub const ERASE_KEY: Color = palette(overlays::ERASE_KEY);
pub const TURN_BUTTON: Color = palette(overlays::TURN_BUTTON);
pub const PAD_PANEL: Color = palette(overlays::PAD_PANEL);
pub const PAD_MESSAGE: Color = palette(overlays::PAD_MESSAGE);
pub const PAD_VEIL: Color = seen_through(overlays::VEIL, overlays::PAD_VEIL_ALPHA);
pub const DETAIL_VEIL: Color = seen_through(overlays::VEIL, overlays::DETAIL_VEIL_ALPHA);
pub const ARRANGE_BAR: Color = palette(overlays::ARRANGE_BAR);
pub const THANKS: Color = palette(overlays::THANKS);
pub const REFUSED: Color = palette(overlays::REFUSED);
pub const NIGHT_CLOCK: Color = palette(overlays::NIGHT_CLOCK);
pub const PUSHPIN: Color = palette(overlays::PUSHPIN);
pub const CONFETTI: [Color; 5] = [
    palette(overlays::CONFETTI[0]),
    palette(overlays::CONFETTI[1]),
    palette(overlays::CONFETTI[2]),
    palette(overlays::CONFETTI[3]),
    palette(overlays::CONFETTI[4]),
];
/// The add-feedback caption: white, a little softened.
pub const CAPTION: Color = seen_through(overlays::WHITE, 0.9);

/// A font at a size in pixels.
pub fn text_font(font: &Handle<Font>, px: f32) -> TextFont {
    TextFont::from_font_size(FontSize::Px(px)).with_font(font.clone())
}
