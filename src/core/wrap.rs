//! Word wrapping as the renderer does it, measured with the wall's font:
//! how many lines a text takes, and where to cut it with "…".

use super::metrics::{Measure, Weight};

/// How many lines `text` takes when wrapped at word boundaries in `width`
/// pixels at font size `px`. Words longer than a line are broken.
pub fn wrap_lines(text: &str, width: f32, px: f32, measure: &dyn Measure) -> usize {
    wrap(text, width, px, measure).len()
}

pub fn wrap(text: &str, width: f32, px: f32, measure: &dyn Measure) -> Vec<String> {
    let max_em = (width / px).max(1.0);
    let em = |text: &str| measure.width_em(text, Weight::Regular);
    let space_em = em(" ");
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_em = 0.0;
        for word in paragraph.split_whitespace() {
            let mut word_em = em(word);
            let mut word = word.to_string();
            // A word longer than a whole line is broken by characters.
            while word_em > max_em {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let mut head = String::new();
                let mut head_em = 0.0;
                let mut rest = word.chars().peekable();
                while let Some(&c) = rest.peek() {
                    let c_em = em(c.encode_utf8(&mut [0; 4]));
                    if head_em + c_em > max_em && !head.is_empty() {
                        break;
                    }
                    head.push(c);
                    head_em += c_em;
                    rest.next();
                }
                lines.push(head);
                word = rest.collect();
                word_em = em(&word);
                line_em = 0.0;
            }
            if word.is_empty() {
                continue;
            }
            if line.is_empty() {
                line = word;
                line_em = word_em;
            } else if line_em + space_em + word_em <= max_em {
                line.push(' ');
                line.push_str(&word);
                line_em += space_em + word_em;
            } else {
                lines.push(std::mem::replace(&mut line, word));
                line_em = word_em;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// Cuts `text` to at most `max_lines` wrapped lines, ending in "…" when cut.
pub fn truncate_to_lines(
    text: &str,
    width: f32,
    px: f32,
    max_lines: usize,
    measure: &dyn Measure,
) -> (String, bool) {
    let lines = wrap(text, width, px, measure);
    if lines.len() <= max_lines {
        return (text.to_string(), false);
    }
    let mut kept: Vec<String> = lines.into_iter().take(max_lines).collect();
    let max_em = width / px;
    if let Some(last) = kept.last_mut() {
        let em = |text: &str| measure.width_em(text, Weight::Regular);
        while !last.is_empty() && em(last) + em(" …") > max_em {
            match last.rfind(' ') {
                Some(space) => last.truncate(space),
                None => {
                    last.pop();
                }
            }
        }
        // "klanten.…" reads as a typo; end the words, then the ellipsis.
        let words_end = last.trim_end_matches(|c: char| c.is_whitespace() || ",.;:!?-–".contains(c)).len();
        last.truncate(words_end);
        last.push('…');
    }
    (kept.join(" "), true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::metrics::Estimate;

    #[test]
    fn wrap_breaks_words_longer_than_a_line() {
        let lines = wrap("Klantenservicemedewerkersoverleg", 100.0, 20.0, &Estimate);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| Estimate.width_em(l, Weight::Regular) * 20.0 <= 100.0));
        assert_eq!(wrap("", 100.0, 20.0, &Estimate).len(), 1);
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
