//! Keeps contact details off a public wall: e-mail addresses and phone
//! numbers in customer text are masked before anything is drawn.
//!
//! - `jan.de.vries@example.nl` becomes `j***@…`;
//! - `06-12345678`, `+31 6 1234 5678`, `020 123 4567`, `(020) 123-4567`,
//!   `0031612345678`, `+44 20 7946 0958` become `06-****`, `+31-****`, …
//!
//! A phone number is a run of at least 9 digits, possibly with spaces,
//! dashes, dots and brackets between them, and at most 15 (the E.164 limit).
//! Dates (`23/11/2026`), times and amounts have fewer digits or other
//! separators and are left alone.

use std::borrow::Cow;

use super::model::Snapshot;

/// Masks e-mail addresses and phone numbers in `text`.
pub fn mask(text: &str) -> Cow<'_, str> {
    if !text.contains('@') && text.chars().filter(char::is_ascii_digit).count() < MIN_PHONE_DIGITS {
        return Cow::Borrowed(text);
    }
    let masked = mask_phones(&mask_emails(text));
    if masked == text { Cow::Borrowed(text) } else { Cow::Owned(masked) }
}

/// Masks every note's and commitment's free text in place.
pub fn mask_snapshot(snapshot: &mut Snapshot) {
    fn in_place(text: &mut String) {
        if let Cow::Owned(masked) = mask(text) {
            *text = masked;
        }
    }
    for note in &mut snapshot.notes {
        in_place(&mut note.text);
        for field in [&mut note.customer, &mut note.noted_by, &mut note.praised].into_iter().flatten() {
            in_place(field);
        }
    }
    for commitment in &mut snapshot.commitments {
        in_place(&mut commitment.promise);
    }
}

/// How a customer is named on a public wall: the first name only, or
/// initials when the name starts with one ("J. de Vries" → "J.d.V.").
/// Masked addresses and phone numbers stay masked; `None` for a blank name.
pub fn customer_name(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = *words.first()?;
    if first.contains(['@', '*', '…']) {
        return Some(first.to_string());
    }
    let is_initial = |word: &str| word.trim_end_matches('.').chars().count() == 1;
    if is_initial(first) {
        let initials: String = words
            .iter()
            .filter_map(|word| word.chars().next())
            .filter(|c| c.is_alphabetic())
            .map(|c| format!("{c}."))
            .collect();
        return Some(initials);
    }
    const TITLES: [&str; 9] = ["mevr.", "mevrouw", "mw.", "dhr.", "meneer", "mr.", "mrs.", "ms.", "dr."];
    if TITLES.contains(&first.to_lowercase().as_str())
        && let Some(initial) = words.last().filter(|_| words.len() > 1).and_then(|w| w.chars().next())
    {
        return Some(format!("{first} {initial}."));
    }
    Some(first.trim_end_matches(',').to_string())
}

const MIN_PHONE_DIGITS: usize = 9;
const MAX_PHONE_DIGITS: usize = 15;

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || "._%+-'".contains(c)
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || c == '.' || c == '-'
}

fn mask_emails(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '@' {
            // Walk back over the local part already copied, forward over the domain.
            let local_len = chars[..i].iter().rev().take_while(|c| is_local_char(**c)).count();
            let domain_len = chars[i + 1..].iter().take_while(|c| is_domain_char(**c)).count();
            let domain: String = chars[i + 1..i + 1 + domain_len].iter().collect();
            let domain = domain.trim_end_matches(['.', '-']);
            let looks_like_domain = domain
                .rsplit_once('.')
                .is_some_and(|(host, tld)| !host.is_empty() && tld.len() >= 2 && tld.chars().all(char::is_alphabetic));
            if local_len > 0 && looks_like_domain {
                let local_start = out.chars().count() - local_len;
                let kept: String = out.chars().take(local_start).collect();
                let first = chars[i - local_len];
                out = kept;
                out.push(first);
                out.push_str("***@…");
                i += 1 + domain.chars().count();
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn mask_phones(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit()
            || (chars[i] == '+' || chars[i] == '(')
                && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit() || *c == '0');
        let glued_to_word = i > 0 && (chars[i - 1].is_alphanumeric());
        if starts_number && !glued_to_word {
            let (end, digits) = phone_run(&chars, i);
            if (MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&digits.len()) {
                if chars[i] == '+' {
                    out.push('+');
                }
                out.extend(digits.iter().take(2));
                out.push_str("-****");
                i = end;
                continue;
            }
            // Not a phone number: copy the whole run so its tail is not
            // mistaken for the start of one.
            out.extend(&chars[i..end.max(i + 1)]);
            i = end.max(i + 1);
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The end of a run of digits and phone separators starting at `start`, and
/// its digits. The run never ends on a separator.
fn phone_run(chars: &[char], start: usize) -> (usize, Vec<char>) {
    let mut digits = Vec::new();
    let mut end = start;
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            digits.push(c);
            i += 1;
            end = i;
        } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || (c == '+' && i == start))
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit() || *n == '(' || *n == ' ')
        {
            i += 1;
        } else {
            break;
        }
    }
    if chars[start] == '(' || chars[start] == '+' {
        end = end.max(start + 1);
    }
    (end, digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_masked() {
        assert_eq!(mask("Mail me at jan.de.vries@example.nl please"), "Mail me at j***@… please");
        assert_eq!(mask("Stuur naar e.smit+factuur@mail.example.com."), "Stuur naar e***@….");
        assert_eq!(mask("twee: a@b.nl, c_d@x-y.org"), "twee: a***@…, c***@…");
        // Not addresses: a lone @, an @-handle, an @ with no domain.
        assert_eq!(mask("Meet @ 10:00 at the desk"), "Meet @ 10:00 at the desk");
        assert_eq!(mask("Tweet to @simyo"), "Tweet to @simyo");
        assert_eq!(mask("user@localhost"), "user@localhost");
    }

    #[test]
    fn dutch_phone_numbers_are_masked() {
        for (text, expected) in [
            ("Bel me op 06-12345678.", "Bel me op 06-****."),
            ("Bel me op 0612345678", "Bel me op 06-****"),
            ("mobiel 06 1234 5678 na vijven", "mobiel 06-**** na vijven"),
            ("+31 6 12345678", "+31-****"),
            ("+31612345678", "+31-****"),
            ("0031 6 1234 5678", "00-****"),
            ("vast 020-1234567", "vast 02-****"),
            ("vast 010 123 4567", "vast 01-****"),
            ("(020) 123 4567", "02-****"),
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

    #[test]
    fn customers_are_named_by_first_name_or_initials() {
        assert_eq!(customer_name("Jan de Vries").as_deref(), Some("Jan"));
        assert_eq!(customer_name("  Fatima ").as_deref(), Some("Fatima"));
        assert_eq!(customer_name("J. de Vries").as_deref(), Some("J.d.V."));
        assert_eq!(customer_name("mevr. Bakker").as_deref(), Some("mevr. B."));
        assert_eq!(customer_name("k***@…").as_deref(), Some("k***@…"));
        assert_eq!(customer_name("   "), None);
    }

    #[test]
    fn mask_snapshot_covers_text_and_people_fields() {
        use chrono::Utc;

        use crate::core::model::{Note, NoteKind, Status};
        let mut snapshot = Snapshot::empty(Utc::now());
        snapshot.notes.push(Note {
            id: "1".into(),
            kind: NoteKind::Complaint,
            text: "Bel 06-12345678 of mail k@example.nl".into(),
            created_at: Utc::now(),
            team: None,
            noted_by: None,
            customer: Some("kees@example.nl".into()),
            praised: None,
            status: Status::New,
            votes: 0,
            tags: Vec::new(),
        });
        mask_snapshot(&mut snapshot);
        assert_eq!(snapshot.notes[0].text, "Bel 06-**** of mail k***@…");
        assert_eq!(snapshot.notes[0].customer.as_deref(), Some("k***@…"));
    }
}
