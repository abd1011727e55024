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
pub(crate) const fn palette(c: contrast::Srgb) -> Color {
    Color::srgb(c.0, c.1, c.2)
}

/// A colour of the palette drawn at `alpha` over what lies below.
pub(crate) const fn seen_through(c: contrast::Srgb, alpha: f32) -> Color {
    Color::srgba(c.0, c.1, c.2, alpha)
}

/// The dark ink that all writing on a note uses.
pub(crate) const INK: Color = palette(contrast::INK);
/// The colour of the wall behind the notes.
pub(crate) const WALL_COLOR: Color = palette(contrast::WALL);
/// The Wall of Fame hangs on a warm, dark wall.
pub(crate) const FAME_WALL: Color = palette(contrast::FAME_WALL);

/// What is drawn over the wall (`core::overlays`).
pub(crate) const LIGHT: Color = palette(overlays::LIGHT);
pub(crate) const QUIET: Color = palette(overlays::QUIET);
pub(crate) const OVERTIME: Color = palette(overlays::OVERTIME);
pub(crate) const PLAIN_BUTTON: Color = palette(overlays::PLAIN_BUTTON);
pub(crate) const BACK_BUTTON: Color = palette(overlays::BACK_BUTTON);
pub(crate) const YES_BUTTON: Color = palette(overlays::YES_BUTTON);
pub(crate) const OUT_BUTTON: Color = palette(overlays::OUT_BUTTON);
pub(crate) const ERASE_KEY: Color = palette(overlays::ERASE_KEY);
pub(crate) const TURN_BUTTON: Color = palette(overlays::TURN_BUTTON);
pub(crate) const PAD_PANEL: Color = palette(overlays::PAD_PANEL);
pub(crate) const PAD_MESSAGE: Color = palette(overlays::PAD_MESSAGE);
pub(crate) const PAD_VEIL: Color = seen_through(overlays::VEIL, overlays::PAD_VEIL_ALPHA);
pub(crate) const DETAIL_VEIL: Color = seen_through(overlays::VEIL, overlays::DETAIL_VEIL_ALPHA);
pub(crate) const ARRANGE_BAR: Color = palette(overlays::ARRANGE_BAR);
pub(crate) const THANKS: Color = palette(overlays::THANKS);
pub(crate) const REFUSED: Color = palette(overlays::REFUSED);
pub(crate) const NIGHT_CLOCK: Color = palette(overlays::NIGHT_CLOCK);
pub(crate) const PUSHPIN: Color = palette(overlays::PUSHPIN);
pub(crate) const CONFETTI: [Color; 5] = [
    palette(overlays::CONFETTI[0]),
    palette(overlays::CONFETTI[1]),
    palette(overlays::CONFETTI[2]),
    palette(overlays::CONFETTI[3]),
    palette(overlays::CONFETTI[4]),
];
/// The add-feedback caption: white, a little softened.
pub(crate) const CAPTION: Color = seen_through(overlays::WHITE, 0.9);

/// A font at a size in pixels.
pub(crate) fn text_font(font: &Handle<Font>, px: f32) -> TextFont {
    TextFont::from_font_size(FontSize::Px(px)).with_font(font.clone())
}
