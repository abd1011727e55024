//! Where each note goes: a grid of cells sized for the wall, text sizes that
//! never drop below the configured minimum, and pages when the wall is full.
//!
//! Everything here is deterministic: the same notes on the same screen give
//! the same placements, and a note's tilt depends only on its id.

use super::metrics::{Measure, Weight};
use super::wrap::Words;

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
}

impl LayoutParams {
    pub fn new(area: Rect, min_text_px: f32) -> LayoutParams {
        LayoutParams { area, min_text_px, max_text_scale: 1.8, max_tilt_deg: 2.5 }
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

/// The grid a layout uses: cells across and down, and how many slots a
/// page holds (all cells on a one-page wall; an even share of the notes
/// when there are several pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grid {
    pub columns: usize,
    pub rows: usize,
    pub per_page: usize,
}

impl Grid {
    /// How many pages `slots` slots take.
    pub fn pages_for(&self, slots: usize) -> usize {
        slots.div_ceil(self.per_page.max(1))
    }
}

/// Line height as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.25;

/// How many cells the area has room for, given the notes' minimum size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridLimits {
    pub max_columns: usize,
    pub max_rows: usize,
}

impl GridLimits {
    /// The limits for `items` on `params`; `None` when there is nothing to
    /// lay out or no room at all.
    pub fn new(items: &[LayoutItem<'_>], params: &LayoutParams, measure: &dyn Measure) -> Option<GridLimits> {
        if items.is_empty() || params.area.w <= 0.0 || params.area.h <= 0.0 {
            return None;
        }
        let min_px = params.min_text_px.max(1.0);
        let tilt_max = params.max_tilt_deg.abs().to_radians();
        let min_note = minimum_note_size(items, min_px, measure);
        let (min_cell_w, min_cell_h) = cell_for_note(min_note, tilt_max, min_px);
        Some(GridLimits {
            max_columns: ((params.area.w / min_cell_w).floor() as usize).max(1),
            max_rows: ((params.area.h / min_cell_h).floor() as usize).max(1),
        })
    }

    /// How many pages `n` notes need.
    pub fn pages(&self, n: usize) -> usize {
        n.max(1).div_ceil(self.max_columns * self.max_rows)
    }

    /// Whether `grid` still gives every note its minimum size.
    pub fn allow(&self, grid: Grid) -> bool {
        grid.columns <= self.max_columns && grid.rows <= self.max_rows
    }

    /// The best grid for `n` notes: as few pages as possible, the notes
    /// spread evenly over them (so the last page is not a lonely note on an
    /// empty wall), and the cells that give each note the most paper.
    pub fn best(&self, n: usize, params: &LayoutParams) -> Grid {
        let page_count = self.pages(n);
        let share = n.max(1).div_ceil(page_count);
        let tilt_max = params.max_tilt_deg.abs().to_radians();
        let min_px = params.min_text_px.max(1.0);
        let (columns, rows) = best_grid(share, params.area, self.max_columns, self.max_rows, tilt_max, min_px);
        // One page may use every cell, so notes can join without a reflow.
        let per_page = if page_count == 1 { columns * rows } else { share };
        Grid { columns, rows, per_page }
    }
}

/// Lays out `items` in order, filling pages left to right, top to bottom.
pub fn layout(items: &[LayoutItem<'_>], params: &LayoutParams, measure: &dyn Measure) -> WallLayout {
    let Some(limits) = GridLimits::new(items, params, measure) else {
        return WallLayout::default();
    };
    let grid = limits.best(items.len(), params);
    let slots: Vec<Option<usize>> = (0..items.len()).map(Some).collect();
    layout_slots(items, &slots, grid, params, measure)
}

/// Lays out `items` in the given slots of `grid`: slot `s` is cell
/// `s % per_page` of page `s / per_page`, and `slots[s]` is the index of
/// the item there (or a gap).
pub fn layout_slots(
    items: &[LayoutItem<'_>],
    slots: &[Option<usize>],
    grid: Grid,
    params: &LayoutParams,
    measure: &dyn Measure,
) -> WallLayout {
    if items.is_empty() || grid.columns == 0 || grid.rows == 0 || grid.per_page == 0 {
        return WallLayout::default();
    }
    let min_px = params.min_text_px.max(1.0);
    let tilt_max = params.max_tilt_deg.abs().to_radians();
    let area = params.area;
    let cell_w = area.w / grid.columns as f32;
    let cell_h = area.h / grid.rows as f32;
    let note = note_for_cell(cell_w, cell_h, tilt_max, min_px);
    // One buffer for the measured words of every note.
    let mut scratch = Scratch::default();
    let pages = slots
        .chunks(grid.per_page)
        .map(|chunk| Page {
            placements: chunk
                .iter()
                .enumerate()
                .filter_map(|(slot, index)| {
                    let index = (*index)?;
                    let item = items.get(index)?;
                    let cell = Rect::new(
                        area.x + (slot % grid.columns) as f32 * cell_w,
                        area.y + (slot / grid.columns) as f32 * cell_h,
                        cell_w,
                        cell_h,
                    );
                    Some(place(index, item, cell, note, tilt_max, min_px, params.max_text_scale, measure, &mut scratch))
                })
                .collect(),
        })
        .filter(|page: &Page| !page.placements.is_empty())
        .collect();
    WallLayout { pages, columns: grid.columns, rows: grid.rows }
}

/// Notes up to this many characters are always shown whole; longer ones
/// may be cut at a word, with a cue to tap them.
pub const WHOLE_NOTE_CHARS: usize = 200;
/// The narrowest note, in ems of the minimum size: a post-it, not a strip.
const MIN_NOTE_EM: f32 = 12.0;
/// A footer wider than this (in ems) may wrap rather than widen every note.
const MAX_FOOTER_EM: f32 = 17.0;

/// The smallest note that shows every note's top row, its footer on one
/// line, and its whole text at the minimum size (the text of a note longer
/// than [`WHOLE_NOTE_CHARS`] up to that length): the wall prefers another
/// page to cutting a customer's words.
fn minimum_note_size(items: &[LayoutItem<'_>], min_px: f32, measure: &dyn Measure) -> (f32, f32) {
    // Icon, label and the vote dot must share the top row.
    let header_em = items.iter().map(|item| header_width_em(item, measure)).fold(0.0_f32, f32::max);
    let footer_em = items.iter().map(|item| measure.width_em(item.footer, Weight::Regular)).fold(0.0_f32, f32::max);
    let padding = padding_for(min_px);
    let width_em = header_em.max(footer_em.min(MAX_FOOTER_EM)).max(MIN_NOTE_EM);
    let inner_em = width_em;
    let mut words = Words::default();
    let mut footer = Words::default();
    let lines = items
        .iter()
        .map(|item| {
            words.remeasure(item.body, measure);
            let body = whole_lines(item.body, &words, inner_em);
            footer.remeasure(item.footer, measure);
            let footer_lines = footer.lines(inner_em).max(1);
            let stamp = usize::from(!stamp_fits_beside(item, &footer, footer_lines, inner_em, measure));
            body + footer_lines + stamp
        })
        .max()
        .unwrap_or(4);
    let width = width_em * min_px + 2.0 * padding;
    let height = 2.0 * padding + header_height(min_px) + min_px * 0.4 + lines as f32 * LINE_HEIGHT * min_px;
    (width, height)
}

/// The lines a note's text needs to show whole at `inner_em` ems a line.
/// A note longer than [`WHOLE_NOTE_CHARS`] asks for none: it is cut to the
/// room the others need, with a cue to tap it, rather than making every
/// cell on the wall tall.
fn whole_lines(body: &str, words: &Words, inner_em: f32) -> usize {
    // Bytes bound characters from above: most notes skip the count.
    if body.len() > WHOLE_NOTE_CHARS && body.chars().count() > WHOLE_NOTE_CHARS {
        return MIN_BODY_LINES;
    }
    words.lines(inner_em).max(MIN_BODY_LINES)
}

/// Every note has room for at least this many lines of text.
const MIN_BODY_LINES: usize = 3;

/// The width of a stamp in ems: its upper-case letters in bold, and its frame.
fn stamp_em(text: &str, measure: &dyn Measure) -> f32 {
    measure.width_em(&text.to_uppercase(), Weight::Bold) + 0.9
}

/// Whether `item`'s stamp (if any) fits at the right of its footer's line.
fn stamp_fits_beside(
    item: &LayoutItem<'_>,
    footer: &Words,
    footer_lines: usize,
    inner_em: f32,
    measure: &dyn Measure,
) -> bool {
    let Some(stamp) = item.stamp else {
        return true;
    };
    footer_lines == 1 && footer.lines(inner_em - stamp_em(stamp, measure) - 0.6) == 1
}

/// The cell that holds a note of `note` size at the largest tilt, with a gap.
fn cell_for_note(note: (f32, f32), tilt: f32, min_px: f32) -> (f32, f32) {
    let (sin, cos) = tilt.sin_cos();
    let bw = note.0 * cos + note.1 * sin;
    let bh = note.0 * sin + note.1 * cos;
    let gap = min_px * 0.5;
    (bw + gap, bh + gap)
}

/// The largest note whose tilted box fits `(w, h)` at tilt `tilt`.
fn note_in_cell(w: f32, h: f32, tilt: f32) -> (f32, f32) {
    let (sin, cos) = tilt.sin_cos();
    let det = cos * cos - sin * sin;
    ((w * cos - h * sin) / det, (h * cos - w * sin) / det)
}

/// The note that goes in a cell: as large as the cell allows at the largest
/// tilt, but shaped like a post-it (about square, never a tall strip or a
/// long banner) and no wider than 32 letters of minimum size.
fn note_for_cell(cell_w: f32, cell_h: f32, tilt: f32, min_px: f32) -> (f32, f32) {
    let gap = (cell_w.min(cell_h) * 0.05).max(min_px * 0.5);
    let (w, h) = note_in_cell(cell_w - gap, cell_h - gap, tilt);
    let w = w.min(min_px * 32.0);
    let h = h.min(w * 0.9);
    let w = w.min(h * 2.2);
    (w.max(1.0), h.max(1.0))
}

/// Picks columns × rows for `n` notes: the grid that gives each note the
/// most paper, with a small penalty for empty cells.
fn best_grid(n: usize, area: Rect, max_cols: usize, max_rows: usize, tilt: f32, min_px: f32) -> (usize, usize) {
    let mut best = (max_cols, max_rows);
    let mut best_score = f32::MIN;
    for rows in 1..=max_rows {
        let columns = n.div_ceil(rows);
        if columns > max_cols {
            continue;
        }
        let (w, h) = note_for_cell(area.w / columns as f32, area.h / rows as f32, tilt, min_px);
        let empty = (columns * rows - n) as f32;
        let score = w * h * (1.0 - 0.03 * empty);
        if score > best_score {
            best_score = score;
            best = (columns, rows);
        }
    }
    best
}

/// The measured words of the note being placed, kept between notes so
/// their buffers are allocated once per layout.
#[derive(Default)]
struct Scratch {
    body: Words,
    footer: Words,
}

#[allow(clippy::too_many_arguments)]
fn place(
    index: usize,
    item: &LayoutItem<'_>,
    cell: Rect,
    note: (f32, f32),
    tilt_max: f32,
    min_px: f32,
    max_scale: f32,
    measure: &dyn Measure,
    scratch: &mut Scratch,
) -> Placement {
    let hash = stable_hash(item.id);
    let tilt = (unit(hash) * 2.0 - 1.0) * tilt_max;
    // The tilted note leaves some room in its cell; use part of it for a
    // small, deterministic offset so the wall looks hand-placed.
    let (sin, cos) = tilt.abs().sin_cos();
    let bw = note.0 * cos + note.1 * sin;
    let bh = note.0 * sin + note.1 * cos;
    // At most half a letter: enough to look hand-placed, not scattered.
    let slack_x = (((cell.w - bw) / 2.0).max(0.0) * 0.8).min(min_px * 0.5);
    let slack_y = (((cell.h - bh) / 2.0).max(0.0) * 0.8).min(min_px * 0.5);
    let jitter_x = (unit(hash >> 21) * 2.0 - 1.0) * slack_x;
    let jitter_y = (unit(hash >> 42) * 2.0 - 1.0) * slack_y;
    let center = (cell.x + cell.w / 2.0 + jitter_x, cell.y + cell.h / 2.0 + jitter_y);

    let padding = padding_for(min_px).max(note.0 * 0.035);
    let label_px = min_px;
    let inner_w = note.0 - 2.0 * padding;
    let header_h = header_height(label_px);
    scratch.footer.remeasure(item.footer, measure);
    let footer_lines = scratch.footer.lines(inner_w / label_px).max(1);
    let stamp_beside_footer = stamp_fits_beside(item, &scratch.footer, footer_lines, inner_w / label_px, measure);
    let stamp_h = if stamp_beside_footer { 0.0 } else { STAMP_ROW_EM * label_px };
    let footer_h = footer_lines as f32 * LINE_HEIGHT * label_px + stamp_h;
    let body_h = note.1 - 2.0 * padding - header_h - footer_h - label_px * 0.4;

    // The largest whole-pixel size whose wrapped text fits. Taller text
    // never takes fewer lines, so the fit is monotonic: search it.
    scratch.body.remeasure(item.body, measure);
    let words = &scratch.body;
    let fits = |size: f32| words.lines(inner_w / size) as f32 * LINE_HEIGHT * size <= body_h;
    let (mut low, mut high) = (min_px as u32, (min_px * max_scale).floor().max(min_px) as u32);
    if !fits(low as f32) {
        high = low;
    }
    while low < high {
        let middle = (low + high).div_ceil(2);
        if fits(middle as f32) { low = middle } else { high = middle - 1 }
    }
    let text_px = low as f32;
    let max_lines = ((body_h / (LINE_HEIGHT * text_px)).floor() as usize).max(1);
    // Cutting the text is the slow path; only long notes take it.
    // A cut text leaves its last line to the card's "tap to read" cue.
    let (body, truncated) = if words.lines(inner_w / text_px) <= max_lines {
        (item.body.to_string(), false)
    } else {
        words.truncate(item.body, inner_w, text_px, max_lines.saturating_sub(1).max(1), measure)
    };
    let dot = if item.votes > 0 { vote_dot_em(item.votes, measure) * label_px } else { 0.0 };

    Placement {
        index,
        center,
        size: note,
        tilt,
        padding,
        label_px,
        text_px,
        header_h,
        footer_h,
        body,
        truncated,
        dot,
        stamp_beside_footer,
    }
}

/// Height of the stamp row at the bottom of a stamped note, in ems.
pub const STAMP_ROW_EM: f32 = 1.7;

/// Width of the kind icon in the top row, in ems.
pub const ICON_EM: f32 = 1.3;
/// Space between the pieces of the top row, in ems.
const ROW_GAP_EM: f32 = 0.4;

/// The diameter of the vote dot for `votes`, in ems.
fn vote_dot_em(votes: u32, measure: &dyn Measure) -> f32 {
    // The digits, written without allocating: this runs for every note.
    let mut digits = [b'0'; 10];
    let (mut rest, mut start) = (votes, digits.len());
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let text = std::str::from_utf8(&digits[start..]).unwrap_or("0");
    (measure.width_em(text, Weight::Bold) + 0.6).max(1.5)
}

/// The width of a note's top row in ems: icon, label and vote dot.
fn header_width_em(item: &LayoutItem<'_>, measure: &dyn Measure) -> f32 {
    let dot = if item.votes > 0 { ROW_GAP_EM + vote_dot_em(item.votes, measure) } else { 0.0 };
    ICON_EM + ROW_GAP_EM + measure.width_em(item.label, Weight::Bold) + dot
}

fn padding_for(px: f32) -> f32 {
    px * 0.5
}

fn header_height(label_px: f32) -> f32 {
    label_px * 1.5
}

/// FNV-1a: stable across runs, platforms and Rust versions, unlike the
/// standard library's hasher.
fn stable_hash(text: &str) -> u64 {
    let mut hash = super::hash::of(text);
    // Mix the high bits down so neighbouring ids differ in every field.
    hash ^= hash >> 29;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^ (hash >> 32)
}

/// A number in [0, 1) from the low 21 bits of `bits`.
fn unit(bits: u64) -> f32 {
    (bits & 0x1F_FFFF) as f32 / 0x20_0000 as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::metrics::{Estimate, FontMetrics};

    fn items(texts: &[String]) -> Vec<LayoutItem<'_>> {
        texts
            .iter()
            .map(|text| LayoutItem {
                id: text.as_str(),
                label: "Recommendation",
                body: text.as_str(),
                footer: "Customer Service · 3 days ago",
                votes: (text.len() % 13) as u32,
                stamp: (text.len() % 3 == 0).then_some("Planned"),
            })
            .collect()
    }

    fn sample_texts(n: usize) -> Vec<String> {
        let words = [
            "De",
            "wachttijd",
            "bij",
            "de",
            "klantenservice",
            "was",
            "veel",
            "te",
            "lang,",
            "ik",
            "heb",
            "drie",
            "kwartier",
            "gewacht",
            "voordat",
            "iemand",
            "opnam.",
        ];
        (0..n)
            .map(|i| {
                let len = 3 + (i * 7) % 40;
                let text: Vec<&str> = (0..len).map(|w| words[(i + w) % words.len()]).collect();
                format!("{i}: {}", text.join(" "))
            })
            .collect()
    }

    fn full_hd() -> LayoutParams {
        LayoutParams::new(Rect::new(16.0, 64.0, 1888.0, 990.0), 20.0)
    }

    fn assert_no_overlap(layout: &WallLayout, area: Rect) {
        for page in &layout.pages {
            for (i, a) in page.placements.iter().enumerate() {
                assert!(area.contains(&a.bounds()), "note {} leaves the wall: {:?}", a.index, a.bounds());
                for b in &page.placements[i + 1..] {
                    assert!(
                        !a.bounds().overlaps(&b.bounds()),
                        "notes {} and {} overlap: {:?} {:?}",
                        a.index,
                        b.index,
                        a.bounds(),
                        b.bounds()
                    );
                }
            }
        }
    }

    #[test]
    fn notes_never_overlap_and_stay_on_the_wall() {
        for n in [1, 2, 5, 13, 24, 40, 200] {
            for params in [
                full_hd(),
                LayoutParams::new(Rect::new(0.0, 80.0, 1280.0, 640.0), 20.0),
                LayoutParams::new(Rect::new(0.0, 110.0, 1080.0, 1810.0), 22.0),
            ] {
                let texts = sample_texts(n);
                let layout = layout(&items(&texts), &params, &Estimate);
                assert_no_overlap(&layout, params.area);
                let placed: usize = layout.pages.iter().map(|p| p.placements.len()).sum();
                assert_eq!(placed, n, "every note is on some page");
            }
        }
    }

    #[test]
    fn text_is_never_below_the_minimum_and_fits_its_note() {
        let texts = sample_texts(60);
        let params = full_hd();
        let layout = layout(&items(&texts), &params, &Estimate);
        for placement in layout.pages.iter().flat_map(|p| &p.placements) {
            assert!(placement.text_px >= params.min_text_px);
            assert!(placement.label_px >= params.min_text_px);
            let inner_w = placement.size.0 - 2.0 * placement.padding;
            let body_lines =
                crate::core::wrap::wrap_lines(&placement.body, inner_w, placement.text_px, &Estimate) as f32;
            let used = placement.header_h
                + body_lines * LINE_HEIGHT * placement.text_px
                + placement.footer_h
                + 2.0 * placement.padding;
            assert!(
                used <= placement.size.1 + 0.5,
                "note {} overflows: {used} > {}",
                placement.index,
                placement.size.1
            );
        }
    }

    #[test]
    fn a_long_note_is_cut_at_a_word_with_an_ellipsis() {
        let long = "Ik ben al drie maanden bezig om mijn verhuizing door te geven. ".repeat(12);
        let texts = vec![long.clone(); 30];
        let layout = layout(&items(&texts), &full_hd(), &Estimate);
        let first = &layout.pages[0].placements[0];
        assert!(first.truncated);
        assert!(first.body.ends_with('…'));
        assert!(first.body.len() < long.len());
        let short = vec!["Top!".to_string()];
        let layout = super::layout(&items(&short), &full_hd(), &Estimate);
        let only = &layout.pages[0].placements[0];
        assert!(!only.truncated);
        assert_eq!(only.body, "Top!");
        assert!(only.text_px > 20.0, "a short note on an empty wall gets large text");
    }

    #[test]
    fn layout_is_deterministic_and_tilt_depends_on_id_only() {
        let texts = sample_texts(30);
        let params = full_hd();
        assert_eq!(layout(&items(&texts), &params, &Estimate), layout(&items(&texts), &params, &Estimate));

        let mut tilts = std::collections::HashSet::new();
        for placement in layout(&items(&texts), &params, &Estimate).pages.iter().flat_map(|p| &p.placements) {
            assert!(placement.tilt.abs() <= params.max_tilt_deg.to_radians() + 1e-6);
            tilts.insert((placement.tilt * 1e4) as i32);
        }
        assert!(tilts.len() > 20, "tilts vary between notes");

        // The same id keeps its tilt when other notes come and go.
        let fewer: Vec<String> = texts[10..20].to_vec();
        let all = layout(&items(&texts), &params, &Estimate);
        let a = all.pages.iter().flat_map(|p| &p.placements).find(|p| p.index == 12);
        let b = &layout(&items(&fewer), &params, &Estimate).pages[0].placements[2];
        assert_eq!(a.map(|a| a.tilt), Some(b.tilt));
    }

    #[test]
    fn a_full_wall_pages_evenly() {
        let texts = sample_texts(200);
        let params = full_hd();
        let layout = layout(&items(&texts), &params, &Estimate);
        assert!(layout.pages.len() > 1);
        let sizes: Vec<usize> = layout.pages.iter().map(|p| p.placements.len()).collect();
        let max = sizes.iter().max().copied().unwrap_or(0);
        let min = sizes.iter().min().copied().unwrap_or(0);
        assert!(max - min < layout.pages.len(), "the last page is not a lonely note: {sizes:?}");
        assert!(max <= layout.columns * layout.rows);
        let indexes: Vec<usize> = layout.pages.iter().flat_map(|p| p.placements.iter().map(|pl| pl.index)).collect();
        assert_eq!(indexes, (0..200).collect::<Vec<_>>(), "notes keep their order across pages");
    }

    #[test]
    fn every_note_up_to_200_characters_shows_whole_on_every_screen() -> Result<(), String> {
        // The sample feed's notes: most were cut after a line or two, while
        // their paper had room to spare.
        let feed = crate::core::feed::wall::parse(
            include_str!("../../config/sample-feed.json"),
            crate::core::feed::wall::Syntax::Json,
            chrono::Utc::now(),
        )
        .map_err(|err| err.to_string())?;
        let texts: Vec<String> = feed.snapshot.feedback().map(|note| note.text.clone()).collect();
        let metrics = FontMetrics::inter()?;
        for (w, h) in [(1920.0, 1080.0), (1280.0, 720.0), (1080.0, 1920.0), (3840.0, 2160.0)] {
            let params = LayoutParams::new(Rect::new(16.0, 64.0, w - 32.0, h - 64.0 - 26.0), 20.0);
            let laid_out = layout(&items(&texts), &params, &metrics);
            let placed: Vec<&Placement> = laid_out.pages.iter().flat_map(|page| &page.placements).collect();
            assert_eq!(placed.len(), texts.len(), "{w}x{h}: every note on some page");
            for placement in placed {
                let text = &texts[placement.index];
                assert!(placement.text_px >= 20.0);
                if text.chars().count() <= WHOLE_NOTE_CHARS {
                    assert!(!placement.truncated, "{w}x{h}: {text:?} is cut to {:?}", placement.body);
                } else {
                    assert!(placement.truncated && placement.body.ends_with('…'), "{w}x{h}: the long note is cut");
                }
            }
            if (w, h) == (3840.0, 2160.0) {
                assert_eq!(laid_out.pages.len(), 1, "a 4K screen holds the sample on one page");
            }
        }
        Ok(())
    }
}
