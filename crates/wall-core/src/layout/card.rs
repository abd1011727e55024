//! One note in its cell: its size, tilt and offset, and the largest text
//! that fits it, cut at a word only when even the minimum size cannot
//! hold it.

use super::types::{ICON_EM, LINE_HEIGHT, LayoutItem, Placement, Rect, STAMP_ROW_EM, WHOLE_NOTE_CHARS};
use crate::metrics::{Measure, Weight};
use crate::wrap::Words;

/// The narrowest note, in ems of the minimum size: a post-it, not a strip.
const MIN_NOTE_EM: f32 = 12.0;
/// A footer wider than this (in ems) may wrap rather than widen every note.
const MAX_FOOTER_EM: f32 = 17.0;

/// The smallest note that shows every note's top row, its footer on one
/// line, and its whole text at the minimum size (the text of a note longer
/// than [`WHOLE_NOTE_CHARS`] up to that length): the wall prefers another
/// page to cutting a customer's words.
pub(super) fn minimum_note_size(items: &[LayoutItem<'_>], min_px: f32, measure: &dyn Measure) -> (f32, f32) {
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

/// The measured words of the note being placed, kept between notes so
/// their buffers are allocated once per layout.
#[derive(Default)]
pub(super) struct Scratch {
    body: Words,
    footer: Words,
}

/// What every note of a page is sized by: the note's size in its cell, the
/// largest tilt, the smallest letters, the sizes the text may take (the
/// type scale, smallest first) and the text measure.
#[derive(Clone, Copy)]
pub(super) struct Sizing<'a> {
    pub note: (f32, f32),
    pub tilt_max: f32,
    pub min_px: f32,
    pub scale: &'a [f32],
    pub measure: &'a dyn Measure,
}

/// How much each size of the notes' type scale is larger than the one
/// below it. Every size in use is a glyph atlas on the TV (a megabyte each,
/// held twice), so the notes share a few sizes instead of every whole pixel;
/// a wall of a few sizes also reads calmer than one of a dozen.
const TYPE_STEP: f32 = 1.1;

/// The size `steps` steps up the type scale that starts at `base`.
pub fn type_step(base: f32, steps: u32) -> f32 {
    (0..steps).fold(base, |size, _| size * TYPE_STEP).round()
}

/// The whole-pixel text sizes a note may take, from `min_px` up to
/// `max_px`: those of the type scale that starts at `base` (steps of about
/// 10 %), and `min_px` itself where the scale has no such size.
pub(super) fn type_scale(base: f32, min_px: f32, max_px: f32) -> Vec<f32> {
    let mut sizes = vec![min_px];
    let mut exact = base.max(1.0);
    while exact.round() <= max_px.floor() {
        let size = exact.round();
        if size > min_px && sizes.last().is_some_and(|last| size > *last) {
            sizes.push(size);
        }
        exact *= TYPE_STEP;
    }
    sizes
}

pub(super) fn place(
    index: usize,
    item: &LayoutItem<'_>,
    cell: Rect,
    sizing: &Sizing,
    scratch: &mut Scratch,
) -> Placement {
    let Sizing { note, tilt_max, min_px, scale, measure } = *sizing;
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

    // The largest size of the type scale whose wrapped text fits. Taller
    // text never takes fewer lines, so the fit is monotonic: search it.
    scratch.body.remeasure(item.body, measure);
    let words = &scratch.body;
    let fits = |size: f32| words.lines(inner_w / size) as f32 * LINE_HEIGHT * size <= body_h;
    let (mut low, mut high) = (0, scale.len().saturating_sub(1));
    while low < high {
        let middle = (low + high).div_ceil(2);
        if fits(scale[middle]) { low = middle } else { high = middle - 1 }
    }
    let text_px = scale.get(low).copied().unwrap_or(min_px);
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
    let mut hash = crate::hash::of(text);
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
    use crate::layout::samples::{full_hd, items, sample_texts};
    use crate::layout::{LINE_HEIGHT, LayoutParams, Placement, Rect, WHOLE_NOTE_CHARS, layout};
    use crate::metrics::{Estimate, FontMetrics};

    #[test]
    fn text_is_never_below_the_minimum_and_fits_its_note() {
        let texts = sample_texts(60);
        let params = full_hd();
        let layout = layout(&items(&texts), &params, &Estimate);
        for placement in layout.pages.iter().flat_map(|p| &p.placements) {
            assert!(placement.text_px >= params.min_text_px);
            assert!(placement.label_px >= params.min_text_px);
            let inner_w = placement.size.0 - 2.0 * placement.padding;
            let body_lines = crate::wrap::wrap_lines(&placement.body, inner_w, placement.text_px, &Estimate) as f32;
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
        let layout = crate::layout::layout(&items(&short), &full_hd(), &Estimate);
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

    /// The texts of the sample feed's feedback notes.
    fn sample_feed_texts() -> Result<Vec<String>, String> {
        let feed = crate::feed::wall::parse(
            include_str!("../../../../config/sample-feed.json"),
            crate::feed::wall::Syntax::Json,
            chrono::Utc::now(),
        )
        .map_err(|err| err.to_string())?;
        Ok(feed.snapshot.feedback().map(|note| note.text.clone()).collect())
    }

    #[test]
    fn every_note_up_to_200_characters_shows_whole_on_every_screen() -> Result<(), String> {
        // The sample feed's notes: most were cut after a line or two, while
        // their paper had room to spare.
        let texts = sample_feed_texts()?;
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

    /// Every text size is a glyph atlas on the TV (1 MiB of memory, twice:
    /// once for the processor, once for the renderer), so the notes share a
    /// short type scale instead of taking every whole pixel between the
    /// minimum and the largest. Over the sample feed at 1080p the notes
    /// took 13 sizes; the scale allows at most 7 between 20 and 36 px.
    #[test]
    fn note_text_sizes_come_from_a_short_type_scale() -> Result<(), String> {
        let mut texts = sample_feed_texts()?;
        texts.extend(sample_texts(60));
        let metrics = FontMetrics::inter()?;
        let params = full_hd();
        let scale = super::type_scale(params.type_base, params.min_text_px, params.min_text_px * params.max_text_scale);
        assert_eq!(scale.first(), Some(&20.0));
        assert!(scale.windows(2).all(|pair| pair[1] / pair[0] < 1.13), "{scale:?}: no step above 12 %");
        let laid_out = layout(&items(&texts), &params, &metrics);
        let mut sizes: Vec<u32> = Vec::new();
        for placement in laid_out.pages.iter().flat_map(|page| &page.placements) {
            assert!(scale.contains(&placement.text_px), "{} is not on the scale {scale:?}", placement.text_px);
            sizes.push(placement.text_px as u32);
        }
        sizes.sort_unstable();
        sizes.dedup();
        assert!(sizes.len() > 2, "the notes still get different sizes: {sizes:?}");
        assert!(scale.iter().filter(|size| (20.0..=36.0).contains(*size)).count() <= 7, "{scale:?}");
        Ok(())
    }

    /// The spotlight's larger letters take sizes further up the same scale,
    /// so the Wall of Fame adds few text sizes to the notes'.
    #[test]
    fn a_larger_layout_shares_the_scale_of_the_notes() {
        let notes = super::type_scale(20.0, 20.0, 36.0);
        assert_eq!(notes, vec![20.0, 22.0, 24.0, 27.0, 29.0, 32.0, 35.0]);
        let spot_min = super::type_step(20.0, 4);
        assert_eq!(spot_min, 29.0);
        let spot = super::type_scale(20.0, spot_min, spot_min * 2.4);
        assert_eq!(spot[..3], [29.0, 32.0, 35.0]);
        assert!(spot.iter().all(|size| size.fract() == 0.0), "{spot:?}");
        // A minimum off the scale is kept: no letter below it.
        assert_eq!(super::type_scale(20.0, 30.0, 40.0), vec![30.0, 32.0, 35.0, 39.0]);
    }
}
