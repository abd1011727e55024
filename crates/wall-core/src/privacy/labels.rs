//! The word before a number: an order word keeps the number readable for
//! the team, a BSN label masks it whatever its shape.

use super::scan::{is_space, listed};

/// Words after which a number is a reference the team needs, not a phone
/// number: `order #2026112301`, `ordernummer 0100234567`, `ticket 0123456789`.
/// A qualifier may follow the word (`order nr. 0123456789`).
const KEEP_LABELS: &str = "order ordernummer ordernr bestelling bestelnummer bestelnr factuur \
    factuurnummer factuurnr invoice ticket ticketnummer ticketnr klantnummer klantnr referentie \
    referentienummer kenmerk reference ref dossier dossiernummer zaaknummer pakket pakketnummer \
    zending zendingnummer zendingsnummer tracking trackingcode trackingnummer trace \
    contractnummer polisnummer melding meldingnummer meldingsnummer serienummer serienr serial";
/// Words that label a number only with a qualifier after them: a bare
/// "klant 0612345678" is still a phone number, "klant nr 0123456789" is not.
const QUALIFIED_LABELS: &str = "klant customer contract";
const QUALIFIERS: &str = "nr no nummer number num id code";
/// Labels of a citizen service number: personal data, masked in any shape.
const SECRET_LABELS: &str = "bsn burgerservicenummer sofinummer sofi";
/// Words that say a phone number follows, even glued to it
/// (`mobiel06-12345678`, `tel+31612345678`) or without its `0` or `+`
/// (`wa.me/31612345678`).
const PHONE_LABELS: &str = "tel telefoon telefoonnummer telnr mobiel mob mobile gsm phone whatsapp";
/// Little words between a label and its number: `mijn BSN is 123456782`.
const FILLERS: &str = "is was luidt";

pub(super) enum Label {
    Keep,
    Secret,
    Phone,
}

/// The label of the number at `start`: the word before it, past a few
/// characters like ` #:.` and a qualifier like "nr" or "nummer".
pub(super) fn label_before(text: &str, start: usize) -> Option<Label> {
    // A WhatsApp link: `wa.me/31612345678`.
    let link = text.get(start.saturating_sub(6)..start).is_some_and(|before| before.eq_ignore_ascii_case("wa.me/"));
    if link {
        return Some(Label::Phone);
    }
    let (mut word, mut word_start) = word_before(text, start)?;
    if listed(FILLERS, word) {
        (word, word_start) = word_before(text, word_start)?;
    }
    let qualified = listed(QUALIFIERS, word);
    if qualified {
        word = word_before(text, word_start)?.0;
    }
    if listed(SECRET_LABELS, word) {
        Some(Label::Secret)
    } else if listed(PHONE_LABELS, word) && !qualified {
        Some(Label::Phone)
    } else if listed(KEEP_LABELS, word) || qualified && listed(QUALIFIED_LABELS, word) {
        Some(Label::Keep)
    } else {
        None
    }
}

/// The word that ends at most three characters of ` #:.-/` before `end`, and
/// where it starts. Only its last 25 letters are read: no label is that long.
fn word_before(text: &str, end: usize) -> Option<(&str, usize)> {
    let before = text.get(..end)?;
    let skipped: usize =
        before.chars().rev().take(3).take_while(|c| is_space(*c) || "#:.-/".contains(*c)).map(char::len_utf8).sum();
    let before = before.get(..before.len() - skipped)?;
    let mut start = before.len();
    for (i, c) in before.char_indices().rev().take(25) {
        if !c.is_alphabetic() {
            break;
        }
        start = i;
    }
    Some((before.get(start..).filter(|word| !word.is_empty())?, start))
}
