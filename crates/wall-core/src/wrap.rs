//! Word wrapping as the renderer does it, measured with the wall's font:
//! how many lines a text takes, and where to cut it with "…".

use super::metrics::{Measure, Weight};

/// A text measured once, so that its line count at many sizes costs no
/// more measuring: the width of each word in ems at font size 1.
///
/// [`Words::remeasure`] reuses the buffer, so a layout of many notes
/// allocates it once.
#[derive(Debug, Clone, Default)]
pub struct Words {
    words: Vec<Word>,
    space_em: f32,
}

#[derive(Debug, Clone, Copy)]
struct Word {
    /// Width in ems at font size 1.
    em: f32,
    /// Whether the word starts a new paragraph.
    new_paragraph: bool,
    /// Where the word starts and ends in the text, in bytes.
    start: usize,
    end: usize,
}

impl Words {
    pub fn measure(text: &str, measure: &dyn Measure) -> Words {
        let mut words = Words::default();
        words.remeasure(text, measure);
        words
    }

    /// Measures `text` in place of the text measured before.
    pub fn remeasure(&mut self, text: &str, measure: &dyn Measure) {
        self.words.clear();
        let mut offset = 0;
        for (paragraph, line) in text.split('\n').enumerate() {
            let mut first = paragraph > 0;
            let mut any = false;
            for word in line.split_whitespace() {
                // `split_whitespace` hands out slices of `line`.
                let start = offset + (word.as_ptr() as usize - line.as_ptr() as usize);
                self.words.push(Word {
                    em: measure.width_em(word, Weight::Regular),
                    new_paragraph: first,
                    start,
                    end: start + word.len(),
                });
                first = false;
                any = true;
            }
            if !any && paragraph > 0 {
                // An empty line still takes a line.
                self.words.push(Word { em: 0.0, new_paragraph: true, start: offset, end: offset });
            }
            offset += line.len() + 1;
        }
        self.space_em = measure.width_em(" ", Weight::Regular);
    }

    /// Lines taken at `max_em` ems per line (width / font size), wrapping
    /// greedily at spaces as the renderer does. A word wider than a line is
    /// broken and takes as many lines as it needs.
    pub fn lines(&self, max_em: f32) -> usize {
        let max_em = max_em.max(0.01);
        let mut lines = 1;
        let mut used = 0.0_f32;
        for (index, word) in self.words.iter().enumerate() {
            let width = word.em;
            if word.new_paragraph && index > 0 {
                lines += 1;
                used = 0.0;
            }
            if width > max_em {
                if used > 0.0 {
                    lines += 1;
                }
                // Breaking inside a word loses a little at each break, so
                // count generously: never fewer lines than the renderer.
                let extra = (width / (max_em * 0.9)).ceil().max(1.0) as usize;
                lines += extra - 1;
                used = (width - (extra - 1) as f32 * max_em * 0.9).clamp(0.0, max_em);
            } else if used == 0.0 {
                used = width;
            } else if used + self.space_em + width <= max_em {
                used += self.space_em + width;
            } else {
                lines += 1;
                used = width;
            }
        }
        lines
    }
}

/// How many lines `text` takes when wrapped at word boundaries in `width`
/// pixels at font size `px`. Words longer than a line are broken.
impl Words {
    /// Where to cut the text so that it takes at most `max_lines` lines of
    /// `max_em`: the byte where the last kept line starts and the byte after
    /// its last word. `None` when it all fits, or when a word is wider than
    /// a line (then only wrapping character by character can cut it).
    fn cut(&self, max_em: f32, max_lines: usize) -> Option<(usize, usize)> {
        let mut lines = 1;
        let mut used = 0.0_f32;
        let mut line_start = 0;
        let mut last_end = 0;
        for (index, &Word { em: width, new_paragraph, start, end }) in self.words.iter().enumerate() {
            if width > max_em {
                return None;
            }
            let new_line = index > 0 && (new_paragraph || (used > 0.0 && used + self.space_em + width > max_em));
            if new_line {
                lines += 1;
                if lines > max_lines {
                    return Some((line_start, last_end));
                }
                line_start = start;
                used = width;
            } else if used == 0.0 {
                if index == 0 {
                    line_start = start;
                }
                used = width;
            } else {
                used += self.space_em + width;
            }
            last_end = end;
        }
        None
    }

    /// [`truncate_to_lines`] for a text measured already: the same result
    /// without wrapping the whole text into strings.
    pub fn truncate(&self, text: &str, width: f32, px: f32, max_lines: usize, measure: &dyn Measure) -> (String, bool) {
        let max_em = width / px;
        let Some((line_start, end)) = self.cut(max_em, max_lines.max(1)) else {
            return if self.lines(max_em) <= max_lines {
                (text.to_string(), false)
            } else {
                truncate_to_lines(text, width, px, max_lines, measure)
            };
        };
        let (Some(head), Some(last)) = (text.get(..line_start), text.get(line_start..end)) else {
            return truncate_to_lines(text, width, px, max_lines, measure);
        };
        let mut last = last.to_string();
        end_with_ellipsis(&mut last, max_em, measure);
        (format!("{head}{last}"), true)
    }
}

/// Cuts `line` at a word so that " …" fits after it, drops trailing
/// punctuation, and adds the "…".
fn end_with_ellipsis(line: &mut String, max_em: f32, measure: &dyn Measure) {
    let em = |text: &str| measure.width_em(text, Weight::Regular);
    while !line.is_empty() && em(line) + em(" …") > max_em {
        match line.rfind(' ') {
            Some(space) => line.truncate(space),
            None => {
                line.pop();
            }
        }
    }
    // "klanten.…" reads as a typo; end the words, then the ellipsis.
    let words_end = line.trim_end_matches(|c: char| c.is_whitespace() || ",.;:!?-–".contains(c)).len();
    line.truncate(words_end);
    line.push('…');
}

pub fn wrap_lines(text: &str, width: f32, px: f32, measure: &dyn Measure) -> usize {
    wrap(text, width, px, measure).len()
}

pub fn wrap(text: &str, width: f32, px: f32, measure: &dyn Measure) -> Vec<String> {
    wrap_marked(text, width, px, measure).into_iter().map(|(line, _)| line).collect()
}

/// [`wrap`], with each line marked when it ends inside a word (a word
/// wider than a line, broken by characters): joined again, such a line
/// takes no space after it.
fn wrap_marked(text: &str, width: f32, px: f32, measure: &dyn Measure) -> Vec<(String, bool)> {
    let max_em = (width / px).max(1.0);
    let em = |text: &str| measure.width_em(text, Weight::Regular);
    let space_em = em(" ");
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_em = 0.0;
        for word in paragraph.split_whitespace() {
            let word_em = em(word);
            if word_em > max_em {
                // A word longer than a whole line is broken by characters,
                // in one pass (a 2 MB word costs 2 MB of work, not its
                // square); what is left of it starts the next line.
                if !line.is_empty() {
                    lines.push((std::mem::take(&mut line), false));
                }
                line_em = 0.0;
                for c in word.chars() {
                    let c_em = em(c.encode_utf8(&mut [0; 4]));
                    if line_em + c_em > max_em && !line.is_empty() {
                        lines.push((std::mem::take(&mut line), true));
                        line_em = 0.0;
                    }
                    line.push(c);
                    line_em += c_em;
                }
                continue;
            }
            let word = word.to_string();
            if line.is_empty() {
                line = word;
                line_em = word_em;
            } else if line_em + space_em + word_em <= max_em {
                line.push(' ');
                line.push_str(&word);
                line_em += space_em + word_em;
            } else {
                lines.push((std::mem::replace(&mut line, word), false));
                line_em = word_em;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push((line, false));
        }
    }
    lines
}

/// Cuts `text` to at most `max_lines` wrapped lines, ending in "…" when cut.
pub fn truncate_to_lines(text: &str, width: f32, px: f32, max_lines: usize, measure: &dyn Measure) -> (String, bool) {
    let lines = wrap_marked(text, width, px, measure);
    if lines.len() <= max_lines {
        return (text.to_string(), false);
    }
    let mut kept: Vec<(String, bool)> = lines.into_iter().take(max_lines).collect();
    if let Some((last, _)) = kept.last_mut() {
        end_with_ellipsis(last, width / px, measure);
    }
    // A word broken across lines is whole again: no space where it broke.
    let mut joined = String::new();
    for (index, (line, inside_word)) in kept.iter().enumerate() {
        joined.push_str(line);
        if index + 1 < kept.len() && !inside_word {
            joined.push(' ');
        }
    }
    (joined, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Estimate;

    #[test]
    fn a_cut_long_word_keeps_no_space_where_it_broke() {
        let text = format!(
            "zie https://www.example-energie.nl/{}/factuur.pdf en verder {}",
            "x".repeat(120),
            "woord ".repeat(60)
        );
        let (cut, truncated) = truncate_to_lines(&text, 300.0, 20.0, 4, &Estimate);
        assert!(truncated);
        assert!(cut.starts_with("zie https://www.example-energie.nl/xxx"), "{cut}");
        assert!(
            !cut.contains("x x") && !cut.contains(". n") && !cut.contains("- e"),
            "no space inside the word: {cut}"
        );
    }

    #[test]
    fn an_endless_word_wraps_in_one_pass() {
        let word = "x".repeat(200_000);
        let lines = wrap(&format!("begin {word} end"), 400.0, 20.0, &Estimate);
        assert!(lines.len() > 100, "broken into many lines: {}", lines.len());
        assert_eq!(lines[0], "begin");
        let xs: usize = lines.iter().map(|l| l.matches('x').count()).sum();
        assert_eq!(xs, word.len(), "no character lost or doubled");
        assert!(lines.last().is_some_and(|l| l.ends_with("end")));
    }

    #[test]
    fn the_fast_cut_keeps_within_the_lines_and_agrees_with_wrapping() {
        let texts = [
            "Ik ben al drie maanden bezig om mijn verhuizing door te geven, en niemand belt terug.",
            "Eerste alinea met een paar woorden.\nTweede alinea die ook best lang is en doorloopt.\n\nDerde.",
            "Kort.",
            "Onuitspreekbaarlangwoordzonderspatieszodatdetekstnietpastopeenregel en daarna nog wat.",
        ];
        for text in texts {
            for max_lines in 1..4 {
                let words = Words::measure(text, &Estimate);
                let (fast, cut) = words.truncate(text, 200.0, 20.0, max_lines, &Estimate);
                let (slow, slow_cut) = truncate_to_lines(text, 200.0, 20.0, max_lines, &Estimate);
                assert_eq!(cut, slow_cut, "{text:?} at {max_lines} lines");
                assert!(wrap_lines(&fast, 200.0, 20.0, &Estimate) <= max_lines, "{fast:?} fits {max_lines} lines");
                if cut {
                    assert!(fast.ends_with('…'));
                    // The same words survive, only the line breaks may differ.
                    let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
                    assert_eq!(words(&fast), words(&slow), "{text:?} at {max_lines} lines");
                }
            }
        }
    }

    #[test]
    fn wrap_breaks_words_longer_than_a_line() {
        let lines = wrap("Klantenservicemedewerkersoverleg", 100.0, 20.0, &Estimate);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| Estimate.width_em(l, Weight::Regular) * 20.0 <= 100.0));
        assert_eq!(wrap("", 100.0, 20.0, &Estimate).len(), 1);
    }

    #[test]
    fn measured_words_count_lines_like_the_wrapper() {
        let texts = [
            "Waited 45 minutes on the phone to report a power cut. Nobody told me how long it would take.",
            "Kort.",
            "Eerste regel\nTweede regel die wat langer is dan de eerste",
            "Klantenservicemedewerkersoverleg is lang",
            "",
        ];
        for text in texts {
            let words = Words::measure(text, &Estimate);
            for width in [150.0, 220.0, 260.0, 400.0, 900.0] {
                let counted = words.lines(width / 20.0);
                let wrapped = wrap_lines(text, width, 20.0, &Estimate);
                // Never fewer lines than the wrapper, at most one more (note
                // widths start at 11 ems; narrower lines are not laid out).
                assert!(counted >= wrapped, "{text:?} at {width}: {counted} counted, {wrapped} wrapped");
                assert!(counted <= wrapped + 1, "{text:?} at {width}: {counted} counted, {wrapped} wrapped");
            }
        }
    }

    #[test]
    fn truncation_ends_at_a_word_with_an_ellipsis() {
        let text = "Een overstapcadeau voor klanten die al tien jaar klant zijn, niet alleen voor nieuwe klanten.";
        let (cut, truncated) = truncate_to_lines(text, 200.0, 20.0, 2, &Estimate);
        assert!(truncated);
        assert!(cut.ends_with('…') && !cut.ends_with(".…") && !cut.ends_with(",…"), "{cut}");
        assert!(wrap_lines(&cut, 200.0, 20.0, &Estimate) <= 2, "{cut}");
        let (whole, truncated) = truncate_to_lines("Kort.", 200.0, 20.0, 2, &Estimate);
        assert_eq!((whole.as_str(), truncated), ("Kort.", false));
    }
}
