//! QR codes for the phone in every pocket: the modules of a code, drawn
//! crisply as whole pixels with the quiet zone a scanner needs, and where
//! the Wall of Change puts its "add feedback" code so it never covers a
//! note.

use super::layout::Rect;

/// Light modules around the code; the standard asks for four.
pub const QUIET_MODULES: usize = 4;

/// A QR code's modules, row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// The code for `text` (error correction M: a smudge or glare on a TV
    /// still scans).
    pub fn encode(text: &str) -> Result<QrMatrix, String> {
        let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
            .map_err(|err| format!("cannot make a QR code of {} characters: {err}", text.chars().count()))?;
        let dark = code.to_colors().into_iter().map(|color| color == qrcode::Color::Dark).collect();
        Ok(QrMatrix { width: code.width(), dark })
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Modules per side with the quiet zone on every side.
    pub fn width_with_quiet_zone(&self) -> usize {
        self.width + 2 * QUIET_MODULES
    }

    /// Whole pixels per module so that the code with its quiet zone fits in
    /// `side_px` (at least 1): a module never straddles two pixels.
    pub fn module_px(&self, side_px: f32) -> u32 {
        ((side_px / self.width_with_quiet_zone() as f32).floor() as u32).max(1)
    }

    /// The picture: `module_px` pixels per module, quiet zone included, as
    /// RGBA rows (dark modules `ink`, the rest white); and its side.
    pub fn rgba(&self, module_px: u32, ink: [u8; 3]) -> (u32, Vec<u8>) {
        let modules = self.width_with_quiet_zone();
        let side = modules as u32 * module_px;
        let mut pixels = Vec::with_capacity((side * side * 4) as usize);
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = ((x / module_px) as usize, (y / module_px) as usize);
                let inside = |m: usize| (QUIET_MODULES..QUIET_MODULES + self.width).contains(&m);
                let dark =
                    inside(mx) && inside(my) && self.dark[(my - QUIET_MODULES) * self.width + (mx - QUIET_MODULES)];
                let [r, g, b] = if dark { ink } else { [255, 255, 255] };
                pixels.extend_from_slice(&[r, g, b, 255]);
            }
        }
        (side, pixels)
    }
}

/// Where the Wall of Change shows its "add feedback" code: a column at the
/// right of the notes, the code at its foot with a line of text above it.
/// The notes get the rest, so the code never covers one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CornerPanel {
    /// What is left for the notes.
    pub notes: Rect,
    /// The code's square, quiet zone included, in whole pixels.
    pub code: Rect,
    /// The text above the code: its left, top and width.
    pub caption: Rect,
}

/// The corner for a code on `notes` with letters of `min_text_px`: the
/// code about 8 letters wide (160 px at 20 px letters, about 10 cm on a 55"
/// TV: a phone reads it from 2 m).
pub fn corner_panel(notes: Rect, min_text_px: f32) -> CornerPanel {
    let side = (min_text_px * 8.0).max(140.0).round();
    let gap = (min_text_px * 0.8).round();
    let column = side + gap;
    let left = (notes.x + notes.w - side).round();
    let top = (notes.y + notes.h - side).round();
    let caption_h = (min_text_px * 4.6).round();
    CornerPanel {
        notes: Rect::new(notes.x, notes.y, (notes.w - column).max(1.0), notes.h),
        code: Rect::new(left, top, side, side),
        caption: Rect::new(left, top - caption_h, side, caption_h),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_becomes_whole_pixel_modules_inside_a_white_quiet_zone() -> Result<(), String> {
        let code = QrMatrix::encode("https://forms.gle/abc123")?;
        assert_eq!(code.width(), 25, "version 2 at level M");
        let module = code.module_px(160.0);
        assert_eq!(module, 4, "33 modules in 160 px: 4 px each");
        let (side, pixels) = code.rgba(module, [0, 0, 0]);
        assert_eq!(side, 33 * 4);
        assert_eq!(pixels.len(), (side * side * 4) as usize);
        let at = |x: u32, y: u32| pixels[((y * side + x) * 4) as usize];
        // The quiet zone is white all round; the finder's corner is dark
        // and fills its module exactly.
        for i in 0..side {
            for edge in [0, 15, side - 16, side - 1] {
                assert_eq!((at(i, edge), at(edge, i)), (255, 255), "quiet zone at {i},{edge}");
            }
        }
        for (x, y) in [(16, 16), (19, 19), (16, 19)] {
            assert_eq!(at(x, y), 0, "the finder pattern's corner module at {x},{y}");
        }
        assert!(QrMatrix::encode(&"x".repeat(5000)).is_err(), "too long for a code");
        Ok(())
    }

    #[test]
    fn the_corner_panel_leaves_the_notes_room_and_never_overlaps_them() {
        let notes = Rect::new(16.0, 64.0, 1888.0, 990.0);
        let panel = corner_panel(notes, 20.0);
        assert_eq!((panel.code.w, panel.code.h), (160.0, 160.0));
        assert!(panel.notes.x + panel.notes.w <= panel.code.x, "{panel:?}");
        assert_eq!(panel.code.x + panel.code.w, notes.x + notes.w, "flush with the right edge");
        assert_eq!(panel.code.y + panel.code.h, notes.y + notes.h, "at the foot");
        assert!(panel.caption.y + panel.caption.h <= panel.code.y);
        for value in [panel.code.x, panel.code.y, panel.code.w] {
            assert_eq!(value, value.round(), "whole pixels");
        }
        assert_eq!(corner_panel(notes, 40.0).code.w, 320.0, "grows with the letters");
    }
}
