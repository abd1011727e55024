//! How many notes fit on a screen, the grid that gives each the most
//! paper, and the pages when they do not all fit.

use super::card::{Scratch, Sizing, minimum_note_size, place, type_scale};
use super::types::{LayoutItem, LayoutParams, Page, Rect, WallLayout};
use crate::metrics::Measure;

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
    let scale = type_scale(params.type_base, min_px, min_px * params.max_text_scale.max(1.0));
    let sizing = Sizing { note, tilt_max, min_px, scale: &scale, measure };
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
                    Some(place(index, item, cell, &sizing, &mut scratch))
                })
                .collect(),
        })
        .filter(|page: &Page| !page.placements.is_empty())
        .collect();
    WallLayout { pages, columns: grid.columns, rows: grid.rows }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::samples::{full_hd, items, sample_texts};
    use crate::metrics::Estimate;

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
}
