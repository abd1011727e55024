//! Every text on the wall must be readable for every viewer: WCAG AA
//! contrast, 4.5:1, or 3:1 for bold text of 24 px and more. This module
//! holds the wall's own inks and papers (the Bevy shell draws with them)
//! and checks each text against what it is drawn on, including the kind
//! colours a config may change.

/// A colour in sRGB, each channel 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Srgb(pub f32, pub f32, pub f32);

impl Srgb {
    pub fn from_u8(r: u8, g: u8, b: u8) -> Srgb {
        Srgb(f32::from(r) / 255.0, f32::from(g) / 255.0, f32::from(b) / 255.0)
    }

    /// WCAG's relative luminance.
    pub fn luminance(self) -> f32 {
        let [r, g, b] = self.linear();
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    fn linear(self) -> [f32; 3] {
        [self.0, self.1, self.2].map(to_linear)
    }

    /// This colour at `alpha` over `below`, blended in linear light as the
    /// renderer does on an sRGB screen.
    pub fn over(self, alpha: f32, below: Srgb) -> Srgb {
        let (top, bottom) = (self.linear(), below.linear());
        let mix = |i: usize| to_srgb(top[i] * alpha + bottom[i] * (1.0 - alpha));
        Srgb(mix(0), mix(1), mix(2))
    }
}

fn to_linear(c: f32) -> f32 {
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

fn to_srgb(c: f32) -> f32 {
    if c <= 0.003_130_8 { c * 12.92 } else { 1.055 * c.powf(1.0 / 2.4) - 0.055 }
}

/// The contrast ratio of two colours, 1 to 21.
pub fn ratio(a: Srgb, b: Srgb) -> f32 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// What WCAG AA asks of text of `px` pixels.
pub fn required(px: f32, bold: bool) -> f32 {
    if bold && px >= 24.0 { 3.0 } else { 4.5 }
}

// The wall's inks and papers.
/// The dark ink of all writing on a note.
pub const INK: Srgb = Srgb(0.11, 0.11, 0.14);
/// The kind label in a note's top row.
pub const LABEL_ALPHA: f32 = 0.9;
/// Team and age at a note's foot.
pub const FOOTER_ALPHA: f32 = 0.9;
/// A promise's white index card, and how it yellows.
pub const PROMISE_PAPER: Srgb = Srgb(0.97, 0.96, 0.92);
pub const WORN_PAPER: Srgb = Srgb(0.80, 0.74, 0.58);
/// The wall behind the notes, and the Wall of Fame's.
pub const WALL: Srgb = Srgb(0.14, 0.15, 0.17);
pub const FAME_WALL: Srgb = Srgb(0.21, 0.13, 0.10);
/// The header bar and its texts.
pub const HEADER: Srgb = Srgb(0.09, 0.10, 0.11);
pub const HEADER_TEXT: Srgb = Srgb(0.96, 0.95, 0.92);
pub const MUTED_TEXT: Srgb = Srgb(0.72, 0.73, 0.75);
pub const WARNING_TEXT: Srgb = Srgb(0.98, 0.76, 0.33);
/// A stamp's light wash under its letters.
pub const STAMP_WASH_ALPHA: f32 = 0.10;
pub const STAMP_INK_ALPHA: f32 = 1.0;

/// The ink of each stamp tone: done, planned, in progress, discussed,
/// declined or overdue.
pub const STAMP_GOOD: Srgb = Srgb(0.02, 0.24, 0.08);
pub const STAMP_PLANNED: Srgb = Srgb(0.03, 0.16, 0.38);
pub const STAMP_BUSY: Srgb = Srgb(0.34, 0.13, 0.01);
pub const STAMP_NEUTRAL: Srgb = Srgb(0.18, 0.17, 0.21);
pub const STAMP_BAD: Srgb = Srgb(0.40, 0.03, 0.07);
pub const STAMPS: [(&str, Srgb); 5] = [
    ("done", STAMP_GOOD),
    ("planned", STAMP_PLANNED),
    ("in progress", STAMP_BUSY),
    ("discussed", STAMP_NEUTRAL),
    ("declined", STAMP_BAD),
];

/// A text that falls short.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortfall {
    pub what: String,
    pub ratio: f32,
    pub required: f32,
}

/// Checks every text the wall draws on a paper of colour `paper` (named
/// `name`) at the minimum letter size: body, label, footer and each stamp.
pub fn check_paper(name: &str, paper: Srgb, min_px: f32) -> Vec<Shortfall> {
    let mut texts: Vec<(String, Srgb, Srgb, bool)> = vec![
        (format!("text on the {name} paper"), INK, paper, false),
        (format!("kind label on the {name} paper"), INK.over(LABEL_ALPHA, paper), paper, true),
        (format!("team and age on the {name} paper"), INK.over(FOOTER_ALPHA, paper), paper, false),
        // The detail view's line after a vote, on the note's own paper.
        (format!("thanks for a vote on the {name} paper"), STAMP_GOOD, paper, false),
        (format!("a refused vote's reason on the {name} paper"), STAMP_BAD, paper, false),
    ];
    for (tone, ink) in STAMPS {
        let washed = ink.over(STAMP_WASH_ALPHA, paper);
        texts.push((format!("{tone} stamp on the {name} paper"), ink.over(STAMP_INK_ALPHA, washed), washed, true));
    }
    texts
        .into_iter()
        .filter_map(|(what, text, background, bold)| {
            let ratio = ratio(text, background);
            let required = required(min_px, bold);
            (ratio < required).then_some(Shortfall { what, ratio, required })
        })
        .collect()
}

/// Checks the texts on the wall itself: the header, the bottom row, the
/// warnings, on both walls.
pub fn check_wall(min_px: f32) -> Vec<Shortfall> {
    let texts = [
        ("the title", HEADER_TEXT, HEADER, min_px * 1.9, true),
        ("the clock", HEADER_TEXT, HEADER, min_px, false),
        ("the freshness badge", MUTED_TEXT, HEADER, min_px, false),
        ("a warning in the header", WARNING_TEXT, HEADER, min_px, false),
        ("the scene and page indicators", MUTED_TEXT, WALL, min_px, false),
        ("a warning at the foot", WARNING_TEXT, WALL, min_px, false),
        ("the scene indicator on the Wall of Fame", MUTED_TEXT, FAME_WALL, min_px, false),
    ];
    shortfalls(texts)
}

/// The texts that fall short, of `texts`: what each is, its ink, what it
/// is drawn on, its size in pixels and whether it is bold.
pub fn shortfalls<'a>(texts: impl IntoIterator<Item = (&'a str, Srgb, Srgb, f32, bool)>) -> Vec<Shortfall> {
    texts
        .into_iter()
        .filter_map(|(what, text, background, px, bold)| {
            let ratio = ratio(text, background);
            let required = required(px, bold);
            (ratio < required).then(|| Shortfall { what: what.to_string(), ratio, required })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_match_the_wcag_reference() {
        let black = Srgb(0.0, 0.0, 0.0);
        let white = Srgb(1.0, 1.0, 1.0);
        assert!((ratio(black, white) - 21.0).abs() < 0.01);
        assert!((ratio(white, white) - 1.0).abs() < 0.001);
        // #777777 on white is the classic 4.48:1, just short of AA.
        let grey = Srgb::from_u8(0x77, 0x77, 0x77);
        assert!((ratio(grey, white) - 4.48).abs() < 0.02, "{}", ratio(grey, white));
        assert_eq!(required(20.0, true), 4.5);
        assert_eq!(required(24.0, true), 3.0);
    }

    #[test]
    fn every_text_on_every_default_paper_and_on_the_wall_reaches_aa() {
        let papers = [
            ("recommendation", Srgb::from_u8(0x9A, 0xE6, 0x8E)),
            ("complaint", Srgb::from_u8(0xFF, 0x9A, 0xA2)),
            ("suggestion", Srgb::from_u8(0x8E, 0xCF, 0xF5)),
            ("idea", Srgb::from_u8(0xFF, 0xE0, 0x66)),
            ("question", Srgb::from_u8(0xFF, 0xBE, 0x76)),
            ("compliment", Srgb::from_u8(0xFF, 0xD3, 0x7A)),
            ("promise", PROMISE_PAPER),
            ("worn promise", WORN_PAPER),
        ];
        let mut short: Vec<Shortfall> =
            papers.iter().flat_map(|(name, paper)| check_paper(name, *paper, 20.0)).collect();
        short.extend(check_wall(20.0));
        assert!(short.is_empty(), "{short:#?}");
    }

    #[test]
    fn a_dark_paper_is_caught() {
        let short = check_paper("navy", Srgb::from_u8(0x20, 0x30, 0x60), 20.0);
        assert!(short.iter().any(|s| s.what == "text on the navy paper"), "{short:?}");
    }
}
