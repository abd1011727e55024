//! Finds phone, card and BSN numbers in runs of digit groups, and masks
//! them to `06-****`, while dates, times, short numbers and labelled
//! references stay readable.

use super::labels::{Label, label_before};
use super::scan::{Edits, is_space};

/// Dutch numbers have 10 digits; 9 still catches one typed a digit short.
const MIN_PHONE_DIGITS: usize = 9;
/// Card and account numbers; shorter plain runs are order numbers and the like.
const MIN_CARD_DIGITS: usize = 16;

/// A group of digits in a run like `+31 (0)6 1234 5678`.
struct Group {
    /// Where a mask from this group on starts: a `+` or `(` before it included.
    start: usize,
    digits_start: usize,
    end: usize,
    /// Part of a date or a time, or a labelled reference: never masked.
    keep: bool,
}

impl Group {
    fn digits(&self) -> usize {
        self.end - self.digits_start
    }
}

fn is_separator(c: char) -> bool {
    // Hyphens and dashes from U+2010 to the em dash, as word processors type them.
    is_space(c) || matches!(c, '-' | '\u{2010}'..='\u{2014}' | '/' | '(' | ')')
}

pub(super) fn mask_numbers(text: &str) -> Option<String> {
    let mut edits = Edits::new(text);
    let mut groups = Vec::new();
    let (mut resume, mut after_word) = (0, false);
    for (i, c) in text.char_indices() {
        let glued = after_word;
        after_word = c.is_alphanumeric();
        let digit_next = text.as_bytes().get(i + 1).is_some_and(u8::is_ascii_digit);
        if i < resume || !(c.is_ascii_digit() || matches!(c, '+' | '(') && digit_next) {
            continue;
        }
        let label = label_before(text, i);
        // A run glued to letters is a code (`3SABCD1234567`), unless the
        // letters say what it is (`BSN123456782`, `mobiel06-12345678`).
        if glued && !matches!(label, Some(Label::Secret | Label::Phone)) {
            continue;
        }
        resume = read_run(text, i, &mut groups);
        mark_kept(text, &mut groups);
        if let (Some(Label::Keep), Some(first)) = (&label, groups.first_mut()) {
            first.keep = true;
        }
        // Each stretch of groups between kept ones on its own.
        let mut from = 0;
        while from < groups.len() {
            let to = (from..groups.len()).find(|&g| groups[g].keep).unwrap_or(groups.len());
            let label = if from == 0 { label.as_ref() } else { None };
            mask_part(text, &groups[from..to], label, &mut edits);
            from = to + 1;
        }
    }
    edits.finish()
}

/// Reads the digit groups of the run starting at `start` (a digit, or a `+`
/// or `(` before one) into `groups`, and returns where the run ends. Between
/// groups are up to three separator characters (` - `, `) `, `/`), or a
/// lone dot: after ". " a new sentence starts.
fn read_run(text: &str, start: usize, groups: &mut Vec<Group>) -> usize {
    groups.clear();
    let bytes = text.as_bytes();
    let mut group_start = start;
    let mut pos = start + usize::from(!bytes[start].is_ascii_digit());
    loop {
        let end = pos + bytes[pos..].iter().take_while(|b| b.is_ascii_digit()).count();
        groups.push(Group { start: group_start, digits_start: pos, end, keep: false });
        let mut sep_end = end;
        if bytes.get(end) == Some(&b'.') {
            sep_end += 1;
        } else {
            for c in text[end..].chars().take(3).take_while(|c| is_separator(*c)) {
                sep_end += c.len_utf8();
            }
        }
        if sep_end == end || !bytes.get(sep_end).is_some_and(u8::is_ascii_digit) {
            break;
        }
        // A bracket right before a group is part of it: `123 (020) 1234567`.
        group_start = sep_end - usize::from(text[..sep_end].ends_with('('));
        pos = sep_end;
    }
    // `(` opens the run only as in `(020) 123`; in `(06-12345678)` it stays.
    if bytes[start] == b'(' && bytes.get(groups[0].end) != Some(&b')') {
        groups[0].start = groups[0].digits_start;
    }
    groups.last().map_or(start + 1, |group| group.end)
}

/// The separator before group `g`, when it is a single `-`, `/` or `.`.
fn date_separator<'a>(text: &'a str, groups: &[Group], g: usize) -> Option<&'a str> {
    let sep = text.get(groups[g.checked_sub(1)?].end..groups[g].start)?;
    matches!(sep, "-" | "/" | ".").then_some(sep)
}

/// Marks the groups that form a date (`23-11-2026`, `2026-11-23`,
/// `01/12/26`) or the hour and minutes of a time (`14:05`) as kept.
fn mark_kept(text: &str, groups: &mut [Group]) {
    let value = |g: &Group| {
        let digits = text.get(g.digits_start..g.end).filter(|d| d.len() <= 4);
        digits.and_then(|d| d.parse::<u32>().ok()).unwrap_or(0)
    };
    let day_month = |a: &Group, b: &Group| {
        let (x, y) = (value(a), value(b));
        a.digits() <= 2 && b.digits() <= 2 && x.min(y) >= 1 && x.max(y) <= 31 && x.min(y) <= 12
    };
    let year = |g: &Group| g.digits() == 2 || g.digits() == 4 && (1900..2100).contains(&value(g));
    for g in 2..groups.len() {
        let sep = date_separator(text, groups, g);
        // `06-12-34-56-78` is a phone number: a date has exactly three parts.
        let three = sep.is_some()
            && date_separator(text, groups, g - 1) == sep
            && (g < 3 || date_separator(text, groups, g - 2) != sep)
            && (g + 1 == groups.len() || date_separator(text, groups, g + 1) != sep);
        let (a, b, c) = (&groups[g - 2], &groups[g - 1], &groups[g]);
        let date = (day_month(a, b) && year(c)) || (a.digits() == 4 && year(a) && day_month(b, c));
        if three && date {
            groups[g - 2..=g].iter_mut().for_each(|group| group.keep = true);
        }
    }
    let digit_at = |at: usize| text.as_bytes().get(at).is_some_and(u8::is_ascii_digit);
    if let Some(last) = groups.last_mut()
        && text.as_bytes().get(last.end) == Some(&b':')
        && digit_at(last.end + 1)
    {
        last.keep = true;
    }
    if let Some(first) = groups.first_mut()
        && first.start >= 2
        && text.as_bytes().get(first.start - 1) == Some(&b':')
        && digit_at(first.start - 2)
    {
        first.keep = true;
    }
}

/// Masks what needs masking in `part`, groups of one run with none kept:
/// all of a card-like or BSN-labelled part, else each phone number in it.
fn mask_part(text: &str, part: &[Group], label: Option<&Label>, edits: &mut Edits) {
    let digits: usize = part.iter().map(Group::digits).sum();
    let year = |g: &Group| g.digits() == 4 && matches!(&text[g.digits_start..][..2], "19" | "20");
    // Years in a row (`2019 2020 2021 2022`) are not a card number. An
    // American Express card has 15 digits (4-6-5): those pass Luhn's check.
    let card_digits = digits >= MIN_CARD_DIGITS || digits == MIN_CARD_DIGITS - 1 && luhn(text, part);
    let card = card_digits && part.iter().all(|g| g.digits() >= 4) && !part.iter().all(year);
    // A BSN has 9 digits, an old one 8; `BSN 12-****` is masked already.
    let bsn = matches!(label, Some(Label::Secret)) && (8..=9).contains(&digits);
    // After `tel`, `mobiel` or `wa.me/`, a long number is a phone number
    // whatever its first digit.
    let phone = matches!(label, Some(Label::Phone)) && digits >= MIN_PHONE_DIGITS;
    if bsn || card || phone {
        mask_span(text, part, edits);
        return;
    }
    let mut g = 0;
    while g < part.len() {
        // Inside a run a number starts only after a space or a slash, so the
        // `0` of `10.0.19045.3693` does not start one.
        let sep = text.get(part[g.max(1) - 1].end..part[g].start).unwrap_or_default();
        let may_start = g == 0 || sep.contains(|c: char| is_space(c) || c == '/');
        let plus = text.as_bytes()[part[g].start] == b'+';
        if may_start && (plus || text.as_bytes()[part[g].digits_start] == b'0') {
            let lead: String = part[g..].iter().flat_map(|p| text[p.digits_start..p.end].chars()).take(4).collect();
            let limit = phone_digits(&lead, plus);
            let (mut end, mut count) = (g, 0);
            while end < part.len() && count < limit {
                (end, count) = (end + 1, count + part[end].digits());
            }
            // 0800 and 090x numbers are businesses' service lines, which
            // customers name to say whom they called.
            let business = !plus && ["0800", "0900", "0906", "0909"].contains(&lead.as_str());
            if business {
                g = end;
                continue;
            }
            if count >= MIN_PHONE_DIGITS {
                mask_span(text, &part[g..end], edits);
                g = end;
                continue;
            }
        }
        g += 1;
    }
}

/// Whether the digits of `part` pass Luhn's check, as card numbers do.
fn luhn(text: &str, part: &[Group]) -> bool {
    let digits: Vec<u32> =
        part.iter().flat_map(|g| text[g.digits_start..g.end].chars()).filter_map(|c| c.to_digit(10)).collect();
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d })
        .sum();
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// How many digits a phone number starting with `lead` has at most, so that
/// a number right after it (`bel 0612345678 2 keer`) is not swallowed:
/// Dutch numbers have 10 digits, 11 after +31; E.164 allows 15 after `+`.
fn phone_digits(lead: &str, plus: bool) -> usize {
    match (plus, lead) {
        (true, lead) if lead.starts_with("31") => 11,
        (true, _) => 15,
        (false, lead) if lead.starts_with("0031") => 13,
        (false, lead) if lead.starts_with("00") => 17,
        (false, _) => 10,
    }
}

/// Replaces the groups of `part` and what is between them with `06-****`:
/// a `+` and the first two digits stay.
fn mask_span(text: &str, part: &[Group], edits: &mut Edits) {
    let (Some(first), Some(last)) = (part.first(), part.last()) else {
        return;
    };
    let plus = if text.as_bytes()[first.start] == b'+' { "+" } else { "" };
    let lead: String = part.iter().flat_map(|p| text[p.digits_start..p.end].chars()).take(2).collect();
    edits.replace(first.start, last.end, &format!("{plus}{lead}-****"));
}

#[cfg(test)]
mod tests {
    use crate::privacy::mask;

    #[test]
    fn dutch_phone_numbers_are_masked() {
        for (text, expected) in [
            ("Bel me op 06-12345678.", "Bel me op 06-****."),
            ("Bel me op 0612345678", "Bel me op 06-****"),
            ("mobiel 06 1234 5678 na vijven", "mobiel 06-**** na vijven"),
            ("mobiel 06 - 1234 5678 na vijven", "mobiel 06-**** na vijven"),
            ("+31 6 12345678", "+31-****"),
            ("+31612345678", "+31-****"),
            ("+31 (0)6 1234 5678.", "+31-****."),
            ("0031 6 1234 5678", "00-****"),
            ("vast 020-1234567", "vast 02-****"),
            ("vast 010 123 4567", "vast 01-****"),
            ("(020) 123 4567", "02-****"),
            ("(06-12345678)", "(06-****)"),
            // A number ends at its tenth digit; what follows stays.
            ("bel 0612345678 2 keer", "bel 06-**** 2 keer"),
            ("06 1234 5678 / 020 1234567", "06-**** / 02-****"),
            ("om 10:00 0612345678", "om 10:00 06-****"),
        ] {
            assert_eq!(mask(text), expected, "{text}");
        }
    }

    #[test]
    fn international_numbers_are_masked() {
        assert_eq!(mask("London +44 20 7946 0958"), "London +44-****");
        assert_eq!(mask("US +1 (555) 123-4567 ok"), "US +15-**** ok");
        assert_eq!(mask("BE +32 2 123 45 67"), "BE +32-****");
    }

    #[test]
    fn cards_and_labelled_bsns_are_masked() {
        assert_eq!(mask("pas 4111 1111 1111 1111"), "pas 41-****");
        assert_eq!(mask("BSN 123456782"), "BSN 12-****");
        assert_eq!(mask("mijn BSN is 123456782"), "mijn BSN is 12-****");
        assert_eq!(mask("BSN123456782"), "BSN12-****");
        assert_eq!(mask("amex 3782 822463 10005"), "amex 37-****");
        assert_eq!(mask("kaart 378282246310005"), "kaart 37-****");
        // Fifteen digits that fail Luhn's check are no card.
        assert_eq!(mask("serie 3782 822463 10006"), "serie 3782 822463 10006");
    }

    #[test]
    fn labelled_and_linked_phone_numbers_are_masked() {
        assert_eq!(mask("mobiel06-12345678"), "mobiel06-****");
        assert_eq!(mask("tel+31612345678"), "tel+31-****");
        assert_eq!(mask("app wa.me/31612345678 even"), "app wa.me/31-**** even");
        assert_eq!(mask("bel 0900-1234567 van de bank"), "bel 0900-1234567 van de bank");
        assert_eq!(mask("gratis 0800-0222"), "gratis 0800-0222");
    }

    #[test]
    fn dates_times_amounts_and_short_numbers_stay() {
        for text in [
            "Op 23/11/2026 om 14:05 gebeld",
            "Factuur van € 1.234,56 klopt niet",
            "Ordernummer 12345 is zoek",
            "2026-11-23T14:05:00",
            "Wachttijd 45 minuten, 3 keer gebeld",
            "Postcode 1234 AB",
            "A4-formaat",
        ] {
            assert_eq!(mask(text), text);
        }
    }
}
