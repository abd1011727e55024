//! How wide text is, so the layout wraps and cuts text the way the renderer
//! will draw it. [`FontMetrics`] reads the glyph advances of the shipped
//! font; [`Estimate`] is a font-free fallback that errs on the wide side.

use std::collections::HashMap;

/// Inter Regular and Bold (SIL OFL 1.1), compiled in: the wall's only text
/// fonts, so what is measured here is what is drawn.
pub const INTER_REGULAR: &[u8] = include_bytes!("../../assets/fonts/Inter-Regular.otf");
pub const INTER_BOLD: &[u8] = include_bytes!("../../assets/fonts/Inter-Bold.otf");

/// Measures text in ems (multiples of the font size).
pub trait Measure {
    fn width_em(&self, text: &str, weight: Weight) -> f32;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// Glyph advances of a regular and a bold face, looked up per character.
#[derive(Debug, Clone)]
pub struct FontMetrics {
    regular: HashMap<char, f32>,
    bold: HashMap<char, f32>,
    regular_face: &'static [u8],
    bold_face: &'static [u8],
}

/// Width of a character the font lacks (an emoji from the fallback font).
const MISSING_EM: f32 = 1.25;
/// Kerning and shaping can make a line a little wider than the sum of its
/// advances; measure slightly wide so wrapped text always fits.
const SAFETY: f32 = 1.02;

impl FontMetrics {
    /// Reads the advances of Latin text from two font files.
    pub fn from_fonts(regular: &'static [u8], bold: &'static [u8]) -> Result<FontMetrics, String> {
        let latin = || (' '..='~').chain('\u{a0}'..='\u{17f}').chain("‘’“”–—…·•→▲●○€".chars());
        Ok(FontMetrics {
            regular: advances(regular, latin())?,
            bold: advances(bold, latin())?,
            regular_face: regular,
            bold_face: bold,
        })
    }

    /// The metrics of the wall's own fonts.
    pub fn inter() -> Result<FontMetrics, String> {
        FontMetrics::from_fonts(INTER_REGULAR, INTER_BOLD)
    }

    fn advance(&self, c: char, weight: Weight) -> f32 {
        let (table, face) = match weight {
            Weight::Regular => (&self.regular, self.regular_face),
            Weight::Bold => (&self.bold, self.bold_face),
        };
        match table.get(&c) {
            Some(advance) => *advance,
            // Characters outside the table are rare; read them from the face.
            None => advances(face, std::iter::once(c))
                .ok()
                .and_then(|found| found.get(&c).copied())
                .unwrap_or(MISSING_EM),
        }
    }
}

impl Measure for FontMetrics {
    fn width_em(&self, text: &str, weight: Weight) -> f32 {
        text.chars().map(|c| self.advance(c, weight)).sum::<f32>() * SAFETY
    }
}

fn advances(face: &[u8], chars: impl Iterator<Item = char>) -> Result<HashMap<char, f32>, String> {
    let face = ttf_parser::Face::parse(face, 0).map_err(|err| format!("cannot read the font: {err}"))?;
    let units = f32::from(face.units_per_em().max(1));
    Ok(chars
        .filter_map(|c| {
            let glyph = face.glyph_index(c)?;
            let advance = face.glyph_hor_advance(glyph)?;
            Some((c, f32::from(advance) / units))
        })
        .collect())
}

/// A font-free estimate, a little wider than a sans-serif like Inter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Estimate;

impl Measure for Estimate {
    fn width_em(&self, text: &str, weight: Weight) -> f32 {
        let bold = if weight == Weight::Bold { 1.06 } else { 1.0 };
        text.chars().map(estimate_em).sum::<f32>() * 1.05 * bold
    }
}

fn estimate_em(c: char) -> f32 {
    match c {
        ' ' => 0.28,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'I' | 'í' | 'ï' => 0.3,
        'f' | 't' | 'r' | '(' | ')' | '-' | '"' => 0.4,
        'm' | 'w' | 'M' | 'W' => 0.9,
        c if c.is_ascii_uppercase() || c.is_ascii_digit() => 0.68,
        c if c.is_ascii() => 0.58,
        c if (c as u32) >= 0x2E80 => MISSING_EM,
        _ => 0.62,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inter_advances_are_read_from_the_font() -> Result<(), String> {
        let metrics = FontMetrics::inter()?;
        let narrow = metrics.width_em("iiii", Weight::Regular);
        let wide = metrics.width_em("MMMM", Weight::Regular);
        assert!(narrow > 0.3 && narrow < wide, "{narrow} < {wide}");
        assert!(metrics.width_em("Klacht", Weight::Bold) > metrics.width_em("Klacht", Weight::Regular));
        // Accented letters are in the table, an emoji is not in the font.
        assert!((metrics.width_em("é", Weight::Regular) - metrics.width_em("e", Weight::Regular)).abs() < 0.05);
        assert_eq!(metrics.width_em("🎁", Weight::Regular), MISSING_EM * SAFETY);
        // The estimate never under-measures ordinary text.
        let text = "Waited 45 minutes on the phone to report a power cut.";
        assert!(Estimate.width_em(text, Weight::Regular) >= metrics.width_em(text, Weight::Regular));
        Ok(())
    }
}
