//! Keeps contact details off a public wall: e-mail addresses, phone numbers,
//! IBANs and card-like numbers in customer text are masked before anything
//! is drawn, while the dates, times, amounts and order numbers the team
//! needs stay readable.
//!
//! - `jan.de.vries@example.nl` becomes `j***@…`, and so do a full-width
//!   `＠` and the spelled-out forms `j.jansen [at] gmail.com`,
//!   `jan (at) ziggo (dot) nl`, `jan at gmail dot com`,
//!   `jan apenstaartje gmail punt com`. A bare ` at ` only counts with a
//!   spelled-out dot or a known mail host (`jan at gmail.com`), so
//!   "bought it at bol.com" stays.
//! - `06-12345678`, `06 - 1234 5678`, `06/12345678`, `+31 6 1234 5678`,
//!   `(020) 123 4567`, `0031612345678`, `+44 20 7946 0958` become `06-****`,
//!   `+31-****`, …: a phone number starts with `0` or `+` and has at least 9
//!   digits, with spaces (also no-break ones), dashes (also en dashes),
//!   dots, slashes or brackets between the groups. It ends at its tenth
//!   digit (eleventh after `+31`, up to the fifteenth after another `+`), so
//!   in `bel 0612345678 2 keer` the 2 stays, and a second number right after
//!   the first is masked on its own.
//! - `NL91ABNA0417164300` and `NL91 ABNA 0417 1643 00`, in any case, become
//!   `NL91****`: the country code and check digits stay. The checksum is not
//!   tested, so a mistyped IBAN is masked too.
//! - A card or account number, 16 or more digits in groups of at least four
//!   (`4111 1111 1111 1111`), becomes `41-****`, and so does a number of 8
//!   or 9 digits labelled `BSN`: a citizen service number is personal data.
//!
//! Left alone: a plain run that does not start with `0` or `+`
//! (`bestelling 123456789`, `sinds 2019 2020 2021`, and so also a bare
//! `31612345678`), a date (`23-11-2026`, `2026-11-23`, `01/12/26`) or time
//! (`14:05`) even inside a run of digits, short numbers (KvK numbers,
//! postcodes, amounts), a run glued to letters (tracking codes like
//! `3SABCD1234567`), and the number right after an order word
//! (`order #0123456789`, `klantnummer 012345678`; see `labels::KEEP_LABELS`),
//! because the team looks those up. An unlabelled number starting with `0`
//! is masked, though: better a hidden reference than a shown phone number.
//!
//! Every pass reads the text once, left to right, and looks only a bounded
//! distance ahead or back, so a note of megabytes is masked in linear time.
//!
//! Each kind of detail has its own pass, in its own file: `email`, `iban`
//! and `numbers` (phone, card and BSN numbers, with `labels` telling a
//! reference the team needs from a secret). `scan` holds what they share.

mod email;
mod iban;
mod labels;
mod numbers;
mod scan;

use std::borrow::Cow;

use super::model::Snapshot;

/// Masks e-mail addresses, IBANs and phone and card numbers in `text`.
pub fn mask(text: &str) -> Cow<'_, str> {
    let mut masked = Cow::Borrowed(text);
    // Addresses first, so the digits in one are not read as a phone number;
    // IBANs before numbers, so the digit groups of a spaced IBAN are not.
    for pass in [email::mask_emails, iban::mask_ibans, numbers::mask_numbers] {
        if let Some(changed) = pass(&masked) {
            masked = Cow::Owned(changed);
        }
    }
    masked
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Letters and digits only, lower-cased: what a reader could piece
    /// together from the wall.
    fn plain(text: &str) -> String {
        text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
    }

    /// A piece of six characters of `secret` (or all of a shorter one) that
    /// can still be read in `masked`.
    fn leaked(masked: &str, secret: &str) -> Option<String> {
        let (masked, secret) = (plain(masked), plain(secret).chars().collect::<Vec<_>>());
        secret
            .windows(secret.len().min(6))
            .map(|piece| piece.iter().collect::<String>())
            .find(|piece| masked.contains(piece.as_str()))
    }

    /// Realistic notes with contact details, and the details that must not
    /// survive on the wall.
    const MUST_MASK: [(&str, &[&str]); 52] = [
        ("Bel me op 06-12345678.", &["0612345678"]),
        ("Bel 06 - 1234 5678 na vijven", &["0612345678"]),
        ("mobiel: 06 12 34 56 78", &["0612345678"]),
        ("Nummer 06–12345678 (en dash)", &["0612345678"]),
        ("Bel 06\u{a0}1234\u{a0}5678 vanmiddag", &["0612345678"]),
        ("Bel 06\u{202f}12\u{202f}34\u{202f}56\u{202f}78", &["0612345678"]),
        ("Terugbellen op 06/12345678 graag", &["0612345678"]),
        ("Tel 06.12.34.56.78", &["0612345678"]),
        ("Tel 06-12-34-56-78", &["0612345678"]),
        ("Call me on +31 6 1234 5678 tomorrow", &["31612345678"]),
        ("Bereikbaar op +31 (0)6 1234 5678.", &["310612345678"]),
        ("+31-6-12345678 na 17 uur", &["31612345678"]),
        ("nummer 0031 6 12345678", &["0031612345678"]),
        ("nummer 0031612345678", &["0031612345678"]),
        ("Kantoor (020) 123 4567", &["0201234567"]),
        ("Kantoor 020 - 123 45 67", &["0201234567"]),
        ("vast 010-1234567", &["0101234567"]),
        ("Klantenservice belde vanaf 088 123 4567", &["0881234567"]),
        ("UK customer, +44 20 7946 0958", &["442079460958"]),
        ("Belgische klant +32 2 123 45 67", &["3221234567"]),
        ("Duitse klant +49 30 12345678", &["493012345678"]),
        ("Bel 0612345678 of 0687654321", &["0612345678", "0687654321"]),
        ("06 1234 5678 / 020 123 4567", &["0612345678", "0201234567"]),
        ("Bel 0612345678 2 keer geprobeerd", &["0612345678"]),
        ("tel:0612345678", &["0612345678"]),
        ("Afspraak 23-11-2026 14:05, bel 06-12345678", &["0612345678"]),
        ("Call me on 06 - 1234 - 5678 tomorrow", &["0612345678"]),
        ("Op 01-12-2026 0612345678 gebeld", &["0612345678"]),
        ("klant 0612345678 belde terug", &["0612345678"]),
        ("BSN 123456782 staat op de brief", &["123456782"]),
        ("bsn-nummer: 1234.56.782", &["123456782"]),
        ("Betaald met 4111 1111 1111 1111", &["4111111111111111"]),
        ("Kaart 5500-0000-0000-0004 geweigerd", &["5500000000000004"]),
        ("creditcard 1234567890123456", &["1234567890123456"]),
        ("rekening 12345678901234567890", &["12345678901234567890"]),
        ("Graag terugstorten op NL91ABNA0417164300", &["ABNA0417164300"]),
        ("IBAN: NL91 ABNA 0417 1643 00, t.n.v. Jansen", &["ABNA0417164300"]),
        ("iban nl91abna0417164300 graag", &["abna0417164300"]),
        ("IBAN: DE89 3704 0044 0532 0130 00", &["370400440532013000"]),
        ("Belgische rekening BE68539007547034.", &["539007547034"]),
        ("UK account GB29NWBK60161331926819", &["NWBK60161331926819"]),
        ("Mail me at jan.de.vries@example.nl please", &["jan.de.vries"]),
        ("Mail j.jansen [at] gmail.com", &["j.jansen"]),
        ("Mail pietersen (at) ziggo (dot) nl", &["pietersen"]),
        ("e-mail: k.devries at gmail dot com", &["k.devries"]),
        ("annabel at hotmail.com stuurde een klacht", &["annabel"]),
        ("Adres marieke＠example.nl", &["marieke"]),
        ("willem{at}kpnmail[dot]nl", &["willem"]),
        ("Contact hendrik AT xs4all DOT nl", &["hendrik"]),
        ("jan@example.com@work.nl", &["jan"]),
        ("Klant: 'fatima.elamrani@outlook.com'", &["fatima.elamrani"]),
        ("sanne [at] bedrijf [punt] nl of ruud apenstaartje gmail punt com", &["sanne", "ruud"]),
    ];

    /// Realistic notes with nothing to mask: dates, times, amounts, order
    /// and ticket numbers the team needs.
    const MUST_NOT_TOUCH: [&str; 54] = [
        "Afspraak op 23-11-2026 14:05",
        "2026-11-23 09:15",
        "sinds 2019 2020 2021",
        "Klant sinds 1998, 2003 en 2011",
        "2019 2020 2021 2022 2023 waren drukke jaren",
        "jaren 2019-2021 waren druk",
        "Op 23/11/2026 om 14:05 gebeld",
        "Geleverd op 01-12-2026 14:05, te laat",
        "Bezorgd 05/01/26 09.15 uur",
        "op 1-1-2026 en 31-12-2025",
        "Due 11/23/2026 (US date)",
        "2026-11-23T14:05:00",
        "Om 09.15 uur gebeld, van 09:00-17:00 bereikbaar",
        "openingstijden 08.30 - 17.00 uur",
        "Wachtte van 14:05 tot 15:40",
        "Factuur van € 1.234,56 klopt niet",
        "Schade € 12.345.678,00",
        "Prijs € 1.299,- en 2 jaar garantie",
        "10 stuks à € 3,50, levering in 2 tot 5 werkdagen",
        "5 % van 1.000.000 klanten",
        "Korting van 12,5% niet gekregen",
        "Postcode 1234 AB",
        "Dorpsstraat 12a, 1234 AB Amsterdam",
        "Kamer 2.14, verdieping 3",
        "Versie 10.0.19045.3693 crasht",
        "App-versie 2.14.0 (build 20261123)",
        "IP 192.168.0.100 geblokkeerd",
        "bestelling 123456789 is zoek",
        "order #2026112301 kwam niet",
        "ordernummer 100234567",
        "Ordernummer 0100234567, graag terugbellen",
        "order nr. 0123456789",
        "factuur 0012345678 is te hoog",
        "Ticket 0456789123 staat nog open",
        "klantnummer 012345678",
        "klant nr: 0123456789",
        "pakket 0123456789012 kwam niet",
        "Bestelling 2026-11-23-0042",
        "Ordernummer 12345 is zoek",
        "3 x 4 weken gewacht",
        "Wachttijd 45 minuten, 3 keer gebeld",
        "Track & trace 3SABCD1234567 klopt niet",
        "Retour via PostNL, code 3SXYZ123456789",
        "KvK 12345678",
        "KvK-nummer 01234567",
        "Bel 0800-0123 voor hulp",
        "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
        "Score 9/10, top!",
        "A4-formaat",
        "Meet @ 10:00 at the desk",
        "Tweet to @simyo",
        "user@localhost",
        "Bought it at bol.com last week",
        "We were at home.Next day it broke",
    ];

    #[test]
    fn contact_details_do_not_survive() {
        for (text, secrets) in MUST_MASK {
            let masked = mask(text);
            assert_ne!(masked, text, "{text}");
            for secret in secrets {
                let piece = leaked(&masked, secret);
                assert_eq!(piece, None, "{text} → {masked}");
            }
            // Masking twice changes nothing more.
            assert_eq!(mask(&masked), masked, "{text}");
        }
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for text in MUST_NOT_TOUCH {
            let masked = mask(text);
            assert!(matches!(masked, Cow::Borrowed(_)), "{text} → {masked}");
        }
    }

    #[test]
    fn masking_never_panics_on_a_cut() {
        let text = "jan＠ex.nl 06–1234\u{a0}5678 NL91 ABNA 0417 1643 00 (020) 123 é@ü.de [at] x \
                    23-11-2026 14:05 +31 (0)6 order #0123456789 a@b@c.nl";
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for (n, &start) in cuts.iter().enumerate() {
            for &end in &cuts[n..] {
                let _ = mask(&text[start..end]);
            }
        }
    }

    /// Linear time: large texts are masked correctly, and hostile ones of a
    /// megabyte just finish (a quadratic pass would take minutes).
    #[test]
    fn large_texts_are_masked_in_one_pass() {
        assert_eq!(mask(&"a@b.nl ".repeat(30_000)), "a***@… ".repeat(30_000));
        assert_eq!(mask(&"06-12345678 ".repeat(17_000)), "06-**** ".repeat(17_000));
        assert_eq!(mask(&"NL91ABNA0417164300 ".repeat(10_000)), "NL91**** ".repeat(10_000));
        for text in ["1 ".repeat(100_000), "a".repeat(200_000), "2019 ".repeat(40_000)] {
            assert!(matches!(mask(&text), Cow::Borrowed(_)));
        }
        for text in [
            "a".repeat(1 << 20),
            "a.".repeat(1 << 19) + "@b.nl",
            "x@".to_string() + &"a.".repeat(1 << 19),
            "0 ".repeat(1 << 19),
            "(1".repeat(1 << 19),
            "ab12 ".repeat(200_000),
            "a at ".repeat(200_000),
            "a [at] b [dot] ".repeat(70_000),
            "@".repeat(1 << 20),
        ] {
            let _ = mask(&text);
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

        use crate::model::{Note, NoteKind};
        let mut snapshot = Snapshot::empty(Utc::now());
        snapshot.notes.push(Note {
            customer: Some("kees@example.nl".into()),
            ..Note::new("1", NoteKind::Complaint, "Bel 06-12345678 of mail k@example.nl", Utc::now())
        });
        mask_snapshot(&mut snapshot);
        assert_eq!(snapshot.notes[0].text, "Bel 06-**** of mail k***@…");
        assert_eq!(snapshot.notes[0].customer.as_deref(), Some("k***@…"));
    }
}
