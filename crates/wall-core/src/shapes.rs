//! The small shapes on a card (each kind's outline, the vote dot, the
//! dog-ear) as polygons, and their coverage masks: white pictures whose
//! alpha says how much of each pixel the shape covers, smooth at the edges.
//!
//! The wall draws them as tinted sprites. A sprite is drawn back to front
//! with everything else on the wall, so nothing needs a depth test (see
//! `os::renderer`).

use crate::model::NoteKind;

/// A point of a polygon, `y` up.
pub type Point = (f32, f32);

/// The square a kind's outline or the dot lies in: centred on the origin,
/// this far out on each side (the triangle and the star reach past 0.5).
pub const MARK_EXTENT: f32 = 0.55;

/// Each kind's outline, about one unit across around the origin: the kinds
/// differ by shape as well as by colour, for colour-blind viewers.
pub fn kind_outline(kind: NoteKind) -> Vec<Point> {
    match kind {
        NoteKind::Recommendation => regular(6, 0.5),
        NoteKind::Complaint => vec![(0.0, 0.5), (-0.54, -0.42), (0.54, -0.42)],
        NoteKind::Suggestion => vec![(-0.43, -0.43), (0.43, -0.43), (0.43, 0.43), (-0.43, 0.43)],
        NoteKind::Idea => vec![(0.0, 0.5), (-0.5, 0.0), (0.0, -0.5), (0.5, 0.0)],
        NoteKind::Question => circle(0.5),
        NoteKind::Compliment => star(5, 0.55, 0.24),
    }
}

/// A circle of `radius` around the origin, as a polygon too fine to tell
/// from a circle at the sizes a card draws it.
pub fn circle(radius: f32) -> Vec<Point> {
    regular(96, radius)
}

/// The dog-ear's fold in the unit square `[-1, 0] × [-1, 0]`: the corner
/// at the origin, cut off along the diagonal (the wall showing through).
pub fn fold() -> Vec<Point> {
    vec![(0.0, 0.0), (-1.0, 0.0), (0.0, -1.0)]
}

/// The flap folded over the rest of that square.
pub fn flap() -> Vec<Point> {
    vec![(-1.0, 0.0), (-1.0, -1.0), (0.0, -1.0)]
}

/// A regular polygon with a corner at the top.
fn regular(corners: usize, radius: f32) -> Vec<Point> {
    (0..corners)
        .map(|i| {
            let angle = std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::TAU / corners as f32;
            (radius * angle.cos(), radius * angle.sin())
        })
        .collect()
}

/// A star with `points` points, a point at the top.
fn star(points: usize, outer: f32, inner: f32) -> Vec<Point> {
    (0..points * 2)
        .map(|i| {
            let radius = if i % 2 == 0 { outer } else { inner };
            let angle = std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::PI / points as f32;
            (radius * angle.cos(), radius * angle.sin())
        })
        .collect()
}

/// Samples per pixel along each axis.
const SUPERSAMPLE: usize = 4;

/// The coverage of `polygon` over the square from `min` to `max` (both
/// axes), `size` pixels on a side: white RGBA pixels, row by row from the
/// top, whose alpha is the share of the pixel inside the polygon.
pub fn coverage_rgba(polygon: &[Point], min: f32, max: f32, size: usize) -> Vec<u8> {
    let step = (max - min) / size as f32;
    let mut rgba = Vec::with_capacity(size * size * 4);
    for row in 0..size {
        for column in 0..size {
            let mut inside = 0;
            for sy in 0..SUPERSAMPLE {
                for sx in 0..SUPERSAMPLE {
                    let x = min + (column as f32 + (sx as f32 + 0.5) / SUPERSAMPLE as f32) * step;
                    let y = max - (row as f32 + (sy as f32 + 0.5) / SUPERSAMPLE as f32) * step;
                    inside += usize::from(contains(polygon, (x, y)));
                }
            }
            let alpha = (inside * 255 + SUPERSAMPLE * SUPERSAMPLE / 2) / (SUPERSAMPLE * SUPERSAMPLE);
            rgba.extend([255, 255, 255, alpha as u8]);
        }
    }
    rgba
}

/// Whether `point` lies inside `polygon` (the even-odd rule, which also
/// fills a star's centre).
fn contains(polygon: &[Point], (x, y): Point) -> bool {
    let mut inside = false;
    let mut previous = polygon.len().wrapping_sub(1);
    for (i, &(xi, yi)) in polygon.iter().enumerate() {
        let (xj, yj) = polygon[previous];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        previous = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The alpha at pixel (`column`, `row`).
    fn alpha(rgba: &[u8], size: usize, column: usize, row: usize) -> u8 {
        rgba[(row * size + column) * 4 + 3]
    }

    /// The share of the square the mask covers.
    fn covered(rgba: &[u8]) -> f32 {
        let alphas: Vec<f32> = rgba.chunks(4).map(|px| f32::from(px[3]) / 255.0).collect();
        alphas.iter().sum::<f32>() / alphas.len() as f32
    }

    #[test]
    fn a_mask_covers_the_area_of_its_shape() {
        let size = 64;
        let side = 2.0 * MARK_EXTENT;
        let dot = coverage_rgba(&circle(0.5), -MARK_EXTENT, MARK_EXTENT, size);
        let expected = std::f32::consts::PI * 0.25 / (side * side);
        assert!((covered(&dot) - expected).abs() < 0.01, "{} vs {expected}", covered(&dot));
        let square = coverage_rgba(&kind_outline(NoteKind::Suggestion), -MARK_EXTENT, MARK_EXTENT, size);
        assert!((covered(&square) - 0.86 * 0.86 / (side * side)).abs() < 0.01);
        // The fold and the flap split their square in two halves.
        let fold = coverage_rgba(&fold(), -1.0, 0.0, size);
        let flap = coverage_rgba(&flap(), -1.0, 0.0, size);
        assert!((covered(&fold) - 0.5).abs() < 0.01 && (covered(&flap) - 0.5).abs() < 0.01);
    }

    #[test]
    fn inside_is_solid_outside_is_clear_and_edges_are_smooth() {
        let size = 64;
        let dot = coverage_rgba(&circle(0.5), -MARK_EXTENT, MARK_EXTENT, size);
        assert_eq!(alpha(&dot, size, 32, 32), 255);
        assert_eq!(alpha(&dot, size, 0, 0), 0);
        let partial = dot.chunks(4).filter(|px| px[3] > 0 && px[3] < 255).count();
        assert!(partial > 50, "an anti-aliased rim, not a jagged one ({partial} pixels)");
        // The star's centre is filled; the gap between two points is not.
        let star = coverage_rgba(&kind_outline(NoteKind::Compliment), -MARK_EXTENT, MARK_EXTENT, size);
        assert_eq!(alpha(&star, size, 32, 32), 255);
        let between = (0.45 * (std::f32::consts::FRAC_PI_2 + std::f32::consts::PI / 5.0).cos(), 0.45);
        let column = ((between.0 + MARK_EXTENT) / (2.0 * MARK_EXTENT) * size as f32) as usize;
        let row = ((MARK_EXTENT - between.1) / (2.0 * MARK_EXTENT) * size as f32) as usize;
        assert_eq!(alpha(&star, size, column, row), 0);
        // The fold lies in the top-right corner; the flap in the bottom-left.
        let fold = coverage_rgba(&fold(), -1.0, 0.0, size);
        assert_eq!(alpha(&fold, size, size - 1, 0), 255);
        assert_eq!(alpha(&fold, size, 0, size - 1), 0);
    }

    #[test]
    fn every_kind_has_its_own_outline() {
        let masks: Vec<Vec<u8>> = NoteKind::ALL
            .iter()
            .map(|kind| coverage_rgba(&kind_outline(*kind), -MARK_EXTENT, MARK_EXTENT, 32))
            .collect();
        for (i, a) in masks.iter().enumerate() {
            for b in &masks[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
