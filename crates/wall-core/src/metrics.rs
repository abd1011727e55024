//! How wide text is, so the layout wraps and cuts text the way the renderer
//! will draw it. [`FontMetrics`] reads the glyph advances of the shipped
//! font; [`Estimate`] is a font-free fallback that errs on the wide side.

/// Inter Regular and Bold (SIL OFL 1.1), compiled in: the wall's only text
/// fonts, so what is measured here is what is drawn.
pub const INTER_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/Inter-Regular.otf");
pub const INTER_BOLD: &[u8] = include_bytes!("../../../assets/fonts/Inter-Bold.otf");

/// Measures text in ems (multiples of the font size).
pub trait Measure {
    fn width_em(&self, text: &str, weight: Weight) -> f32;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// Glyph advances of a regular and a bold face. Latin text is looked up in
/// a flat table; anything else asks the font's character map.
#[derive(Clone)]
pub struct FontMetrics {
    regular: Face,
    bold: Face,
}

#[derive(Clone)]
struct Face {
    /// Advance in ems of each character below [`TABLE_SIZE`]; negative for
    /// characters the font lacks.
    table: Vec<f32>,
    /// The font's characters from [`TABLE_SIZE`] up, sorted, with their
    /// advances: the font file is read once, not for every character.
    rest: Vec<(u32, f32)>,
}

impl std::fmt::Debug for FontMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FontMetrics")
    }
}

/// Characters below this code point (Latin, Greek, Cyrillic, general
/// punctuation, currency signs, arrows) are kept in a table.
const TABLE_SIZE: usize = 0x2200;
/// Width of a character the font lacks (an emoji from the fallback font).
const MISSING_EM: f32 = 1.25;
/// Kerning and shaping can make a line a little wider than the sum of its
/// advances; measure slightly wide so wrapped text always fits.
const SAFETY: f32 = 1.02;

impl Face {
    fn read(bytes: &'static [u8]) -> Result<Face, String> {
        let face = ttf_parser::Face::parse(bytes, 0).map_err(|err| format!("cannot read the font: {err}"))?;
        let units_per_em = f32::from(face.units_per_em().max(1));
        let advance = |c: char| {
            let glyph = face.glyph_index(c)?;
            Some(f32::from(face.glyph_hor_advance(glyph)?) / units_per_em)
        };
        let table = (0..TABLE_SIZE as u32).map(|code| char::from_u32(code).and_then(advance).unwrap_or(-1.0)).collect();
        let mut rest = Vec::new();
        if let Some(cmap) = face.tables().cmap {
            for subtable in cmap.subtables {
                if subtable.is_unicode() {
                    subtable.codepoints(|code| {
                        if code as usize >= TABLE_SIZE
                            && let Some(width) = char::from_u32(code).and_then(advance)
                        {
                            rest.push((code, width));
                        }
                    });
                }
            }
        }
        rest.sort_by_key(|&(code, _)| code);
        rest.dedup_by_key(|&mut (code, _)| code);
        Ok(Face { table, rest })
    }

    fn advance(&self, c: char) -> f32 {
        let advance = match self.table.get(c as usize) {
            Some(advance) => *advance,
            None => match self.rest.binary_search_by_key(&(c as u32), |&(code, _)| code) {
                Ok(at) => self.rest[at].1,
                Err(_) => -1.0,
            },
        };
        if advance < 0.0 { MISSING_EM } else { advance }
    }
}

impl FontMetrics {
    /// Reads the advances of two font files.
    pub fn from_fonts(regular: &'static [u8], bold: &'static [u8]) -> Result<FontMetrics, String> {
        Ok(FontMetrics { regular: Face::read(regular)?, bold: Face::read(bold)? })
    }

    /// The metrics of the wall's own fonts.
    pub fn inter() -> Result<FontMetrics, String> {
        FontMetrics::from_fonts(INTER_REGULAR, INTER_BOLD)
    }
}

impl Measure for FontMetrics {
    fn width_em(&self, text: &str, weight: Weight) -> f32 {
        let face = match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        };
        text.chars().map(|c| face.advance(c)).sum::<f32>() * SAFETY
    }
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
        // Above the table the font's own advances still apply.
        let above =
            ['≈', '≠', '≤'].into_iter().find(|c| *c as usize >= TABLE_SIZE).map(String::from).unwrap_or_default();
        let width = metrics.width_em(&above, Weight::Regular);
        assert!(width > 0.2 && width < 1.0, "{above:?} is {width} em");
        // The estimate never under-measures ordinary text.
        let text = "Waited 45 minutes on the phone to report a power cut.";
        assert!(Estimate.width_em(text, Weight::Regular) >= metrics.width_em(text, Weight::Regular));
        Ok(())
    }
}
