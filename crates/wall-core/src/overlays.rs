//! The colours of what is drawn over the wall and beside the notes: the
//! PIN pad, the stand-up, the detail view, arranging stacks, the agenda's
//! and Trends' headings, the night's clock and the confetti. The Bevy
//! shell draws with these (`wall::theme`); [`check_overlays`] checks every
//! text against what it is drawn on, as `contrast::check_wall` does for
//! the wall itself. The detail view's thanks and refusal lines are on the
//! note's own paper, checked with every paper (`contrast::check_paper`).

use crate::contrast::{
    HEADER_TEXT, MUTED_TEXT, STAMP_BAD, STAMP_GOOD, Shortfall, Srgb, WALL, WARNING_TEXT, shortfalls,
};

/// White: the labels on every button, the banner's words.
pub const WHITE: Srgb = Srgb(1.0, 1.0, 1.0);
/// A light heading on the dark wall (agenda, Trends, stand-up).
pub const LIGHT: Srgb = HEADER_TEXT;
/// A quieter line under it.
pub const QUIET: Srgb = MUTED_TEXT;
/// The stand-up's timer when an item runs over.
pub const OVERTIME: Srgb = Srgb(0.98, 0.45, 0.40);

/// The buttons: a plain one, one that goes back, one that says yes (a
/// vote, OK, Done, a decision taken), one that takes something out.
pub const PLAIN_BUTTON: Srgb = Srgb(0.30, 0.31, 0.35);
pub const BACK_BUTTON: Srgb = Srgb(0.22, 0.23, 0.27);
pub const YES_BUTTON: Srgb = Srgb(0.12, 0.45, 0.25);
pub const OUT_BUTTON: Srgb = Srgb(0.45, 0.22, 0.20);
/// The PIN pad's erase and cancel keys.
pub const ERASE_KEY: Srgb = Srgb(0.36, 0.30, 0.30);
/// A stack's previous and next buttons in the detail view.
pub const TURN_BUTTON: Srgb = Srgb(0.20, 0.24, 0.30);

/// The PIN pad's panel, and its message (the prompt, a lockout).
pub const PAD_PANEL: Srgb = Srgb(0.18, 0.19, 0.22);
pub const PAD_MESSAGE: Srgb = WARNING_TEXT;
/// The veil over the wall behind the PIN pad and the detail view.
pub const VEIL: Srgb = Srgb(0.0, 0.0, 0.0);
pub const PAD_VEIL_ALPHA: f32 = 0.8;
pub const DETAIL_VEIL_ALPHA: f32 = 0.7;

/// The banner while the facilitator arranges stacks.
pub const ARRANGE_BAR: Srgb = Srgb(0.13, 0.27, 0.45);

/// The detail view's line after a vote (on the note's paper): thanks in
/// the "done" stamp's green, a refusal in the "declined" stamp's red.
pub const THANKS: Srgb = STAMP_GOOD;
pub const REFUSED: Srgb = STAMP_BAD;

/// The night's clock: dim on purpose, on black, so a dark office is not
/// lit by the TV. Not checked: nobody is meant to read it from afar.
pub const NIGHT_CLOCK: Srgb = Srgb(0.22, 0.22, 0.24);

/// The red pushpin on a promise's card: decoration, no text on it.
pub const PUSHPIN: Srgb = Srgb(0.85, 0.16, 0.18);

/// The Wall of Fame's confetti: decoration, no text on it.
pub const CONFETTI: [Srgb; 5] = [
    Srgb(1.0, 0.83, 0.30),
    Srgb(1.0, 0.55, 0.35),
    Srgb(0.98, 0.40, 0.55),
    Srgb(0.55, 0.85, 0.55),
    Srgb(0.45, 0.70, 1.0),
];

/// Checks every text of the overlays at the smallest letters `min_px`
/// (bold button labels at 1.1 of it, the smallest of them).
pub fn check_overlays(min_px: f32) -> Vec<Shortfall> {
    let label = (min_px * 1.1).round();
    let texts = [
        ("the PIN pad's message", PAD_MESSAGE, PAD_PANEL, min_px, false),
        ("a PIN key", WHITE, PLAIN_BUTTON, label, true),
        ("the PIN pad's erase key", WHITE, ERASE_KEY, label, true),
        ("a button that says yes", WHITE, YES_BUTTON, label, true),
        ("a button that goes back", WHITE, BACK_BUTTON, label, true),
        ("a button that takes out", WHITE, OUT_BUTTON, label, true),
        ("a stack's turn button", WHITE, TURN_BUTTON, label, true),
        ("the arranging banner", WHITE, ARRANGE_BAR, min_px, false),
        ("a heading on the wall", LIGHT, WALL, min_px, false),
        ("a quiet line on the wall", QUIET, WALL, min_px, false),
        ("the stand-up's timer running over", OVERTIME, WALL, min_px, false),
        ("the add-feedback caption", WHITE.over(0.9, WALL), WALL, min_px, false),
    ];
    shortfalls(texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The PIN pad, the stand-up, the detail view and the banner wrote
    /// their own colours, never checked. Every text of them reaches WCAG
    /// AA at the smallest letters a wall draws (12 px, where 3:1 for bold
    /// does not yet count).
    #[test]
    fn every_overlay_text_reaches_aa() {
        for px in [12.0, 19.0, 27.0, 53.0] {
            let short = check_overlays(px);
            assert!(short.is_empty(), "{px} px: {short:#?}");
        }
    }
}
