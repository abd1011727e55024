//! What a layout takes and gives: rectangles, the notes to place, the
//! parameters, the placements and pages, and the measures the drawing side
//! shares.

/// An axis-aligned rectangle in screen pixels, y growing downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect { x, y, w, h }
    }

    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    pub fn contains(&self, other: &Rect) -> bool {
        const SLACK: f32 = 0.01;
        other.x >= self.x - SLACK
            && other.y >= self.y - SLACK
            && other.x + other.w <= self.x + self.w + SLACK
            && other.y + other.h <= self.y + self.h + SLACK
    }
}

/// What the layout needs to know about one note.
#[derive(Debug, Clone, Copy)]
pub struct LayoutItem<'a> {
    /// The stable id; it seeds the tilt and jitter.
    pub id: &'a str,
    /// The kind label in the note's top row, next to the icon.
    pub label: &'a str,
    /// The feedback itself.
    pub body: &'a str,
    /// The bottom line: team and age.
    pub footer: &'a str,
    /// Votes, shown as a dot sticker in the top row when more than 0.
    pub votes: u32,
    /// The note's stamp ("Planned", "Kept"), if any: it shares the footer's
    /// line when both fit, and gets a row of its own at the bottom when not,
    /// so it never covers the text.
    pub stamp: Option<&'a str>,
}

/// The knobs of a layout run.
#[derive(Debug, Clone, Copy)]
pub struct LayoutParams {
    /// The part of the screen that notes may use.
    pub area: Rect,
    /// No letter on a note is ever smaller than this (font size in pixels).
    pub min_text_px: f32,
    /// The largest body text, as a multiple of the minimum, for short notes
    /// on a roomy wall.
    pub max_text_scale: f32,
    /// The largest tilt in degrees; each note gets a tilt in ±this.
    pub max_tilt_deg: f32,
    /// The smallest size of the wall's type scale (its `min_text_px`). Body
    /// text takes sizes of that scale only, so a layout with larger letters
    /// (the spotlight) shares its sizes, and glyph atlases, with the notes.
    pub type_base: f32,
}

impl LayoutParams {
    pub fn new(area: Rect, min_text_px: f32) -> LayoutParams {
        LayoutParams { area, min_text_px, max_text_scale: 1.8, max_tilt_deg: 2.5, type_base: min_text_px }
    }
}

/// One note, placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// Index into the items given to [`layout`].
    pub index: usize,
    /// Centre of the note in screen pixels.
    pub center: (f32, f32),
    /// Width and height of the (unrotated) note.
    pub size: (f32, f32),
    /// Tilt in radians, counter-clockwise.
    pub tilt: f32,
    /// Inner margin of the note.
    pub padding: f32,
    /// Font size of the label row and the footer.
    pub label_px: f32,
    /// Font size of the body text.
    pub text_px: f32,
    /// Height reserved for the label row at the top.
    pub header_h: f32,
    /// Height reserved for the footer at the bottom.
    pub footer_h: f32,
    /// The body text as shown: the whole text, or cut at a word with "…"
    /// when even the minimum size cannot hold it.
    pub body: String,
    pub truncated: bool,
    /// Diameter of the vote dot in the top row; 0 without votes.
    pub dot: f32,
    /// The stamp sits at the right end of the footer's line (else in a row
    /// of its own below it).
    pub stamp_beside_footer: bool,
}

impl Placement {
    /// The axis-aligned box that the tilted note covers.
    pub fn bounds(&self) -> Rect {
        let (w, h) = self.size;
        let (sin, cos) = self.tilt.abs().sin_cos();
        let bw = w * cos + h * sin;
        let bh = w * sin + h * cos;
        Rect::new(self.center.0 - bw / 2.0, self.center.1 - bh / 2.0, bw, bh)
    }
}

/// The notes of one screenful.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub placements: Vec<Placement>,
}

/// The result of a layout run: one or more pages, or none for no notes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WallLayout {
    pub pages: Vec<Page>,
    pub columns: usize,
    pub rows: usize,
}

/// Line height as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.25;

/// Notes up to this many characters are always shown whole; longer ones
/// may be cut at a word, with a cue to tap them.
pub const WHOLE_NOTE_CHARS: usize = 200;

/// Height of the stamp row at the bottom of a stamped note, in ems.
pub const STAMP_ROW_EM: f32 = 1.7;

/// Width of the kind icon in the top row, in ems.
pub const ICON_EM: f32 = 1.3;
