//! Finds IBANs, whole or in groups of four, and masks all but the country
//! code and check digits (`NL91****`).

use super::scan::{Edits, char_at, skip_space};

pub(super) fn mask_ibans(text: &str) -> Option<String> {
    let mut edits = Edits::new(text);
    let mut after_word = false;
    for (i, c) in text.char_indices() {
        if i >= edits.copied
            && !after_word
            && let Some(end) = iban_end(text, i)
            && let Some(head) = text.get(i..i + 4)
        {
            edits.replace(i, end, &format!("{head}****"));
        }
        after_word = c.is_alphanumeric();
    }
    edits.finish()
}

/// The end of an IBAN starting at `start`: two letters, two check digits and
/// 11 to 30 letters and digits, at least 7 of them digits, written without
/// spaces or in groups of four.
fn iban_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let head = bytes.get(start..start + 4)?;
    if !(head[..2].iter().all(u8::is_ascii_alphabetic) && head[2..].iter().all(u8::is_ascii_digit)) {
        return None;
    }
    // Letters and digits at `pos`, and how many are digits; at most 31 are
    // read, enough to tell that a run is too long.
    let run = |pos: usize| {
        let run = bytes.get(pos..).unwrap_or_default();
        let len = run.iter().take(31).take_while(|b| b.is_ascii_alphanumeric()).count();
        (len, run[..len].iter().filter(|b| b.is_ascii_digit()).count())
    };
    let upper = head[0].is_ascii_uppercase();
    let other_case = |b: &u8| b.is_ascii_alphabetic() && b.is_ascii_uppercase() != upper;
    let mut pos = start + 4;
    let (mut len, mut digits) = run(pos);
    pos += len;
    // After a group of four, a single space and the next group; the last
    // group may be shorter. The length check stops a text of nothing but
    // groups from being read to its end from every group.
    let mut group = if len == 0 { 4 } else { len };
    while group == 4 && len <= 30 {
        let next = skip_space(text, pos);
        let (run_len, run_digits) = run(next);
        // Letters of the other case are words: `BE68 5390 0754 7034 voor`.
        let other_case = bytes[next..next + run_len].iter().any(other_case);
        if next == pos || run_len == 0 || run_len > 4 || other_case {
            break;
        }
        (len, digits, pos, group) = (len + run_len, digits + run_digits, next + run_len, run_len);
    }
    let glued = char_at(text, pos).is_some_and(char::is_alphanumeric);
    ((11..=30).contains(&len) && digits >= 7 && !glued).then_some(pos)
}

#[cfg(test)]
mod tests {
    use crate::privacy::mask;

    #[test]
    fn ibans_are_masked() {
        assert_eq!(mask("IBAN NL91ABNA0417164300."), "IBAN NL91****.");
        assert_eq!(mask("NL91 ABNA 0417 1643 00 graag"), "NL91**** graag");
        assert_eq!(mask("nl91abna0417164300"), "nl91****");
        // A word after the last group of four is not part of it.
        assert_eq!(mask("BE68 5390 0754 7034 voor de huur"), "BE68**** voor de huur");
    }
}
