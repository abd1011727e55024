//! What every snapshot goes through on its source's thread, before the
//! offline cache and before the wall sees it: texts are capped (a 2 MB note
//! must never reach masking, layout or the detail view), contact details are
//! masked, and a note id that appears twice keeps only its last note.
//!
//! Every step is linear in the size of the snapshot.

use std::collections::{HashMap, HashSet};

use super::model::Snapshot;
use super::privacy;

/// The default longest note text, in characters.
pub const DEFAULT_MAX_NOTE_CHARS: usize = 2000;
/// Names, teams and tags are short; anything longer is cut at this length.
pub const MAX_NAME_CHARS: usize = 120;

/// How a source's snapshots are prepared; from the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Longest note text (and promise) in characters.
    pub max_note_chars: usize,
    /// Mask e-mail addresses, phone numbers and IBANs.
    pub mask: bool,
    /// What needs approval before it is shown (or cached).
    pub approval: Approval,
}

/// Which items show only when marked approved: names of employees on a
/// public wall are personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Approval {
    pub compliments: bool,
    pub commitments: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Rules { max_note_chars: DEFAULT_MAX_NOTE_CHARS, mask: true, approval: Approval::default() }
    }
}

/// What preparing a snapshot changed, for the log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Ids of notes and commitments whose text was cut.
    pub cut: Vec<String>,
    /// Ids that appeared more than once; the last of each was kept.
    pub duplicates: Vec<String>,
}

/// De-duplicates, leaves out what waits for approval, then caps and masks
/// `snapshot` in place. The last of a repeated id decides: an approval
/// withdrawn in a later row is withdrawn.
pub fn prepare(snapshot: &mut Snapshot, rules: Rules) -> Report {
    let mut report = Report { duplicates: keep_last(&mut snapshot.notes, |note| note.id.as_str()), cut: Vec::new() };
    report.duplicates.extend(keep_last(&mut snapshot.commitments, |c| c.id.as_str()));
    let (notes, commitments) = (snapshot.notes.len(), snapshot.commitments.len());
    if rules.approval.compliments {
        snapshot.notes.retain(|note| note.kind != super::model::NoteKind::Compliment || note.approved);
    }
    if rules.approval.commitments {
        snapshot.commitments.retain(|commitment| commitment.approved);
    }
    snapshot.withheld = notes - snapshot.notes.len() + commitments - snapshot.commitments.len();
    for note in &mut snapshot.notes {
        if cap_masked(&mut note.text, rules.max_note_chars, rules.mask) {
            report.cut.push(note.id.clone());
        }
        for name in [&mut note.noted_by, &mut note.customer, &mut note.praised].into_iter().flatten() {
            cap_masked(name, MAX_NAME_CHARS, rules.mask);
        }
        if let Some(super::model::Team::Other(team)) = &mut note.team {
            cap(team, MAX_NAME_CHARS);
        }
        note.tags.iter_mut().for_each(|tag| {
            cap(tag, MAX_NAME_CHARS);
        });
    }
    for commitment in &mut snapshot.commitments {
        if cap_masked(&mut commitment.promise, rules.max_note_chars, rules.mask) {
            report.cut.push(commitment.id.clone());
        }
        cap(&mut commitment.person, MAX_NAME_CHARS);
    }
    report
}

/// How far past the limit a text is read for masking before its cut: more
/// than the longest address or number the masks know.
const MASK_MARGIN: usize = 1000;

/// Masks `text` (when `mask`) and then cuts it to `max` characters, so the
/// cut never halves a phone number or an address and leaves its first part
/// readable (`06 1234…`). A huge text is first cut well past `max`, so a
/// 2 MB note is never masked whole. Says whether it cut.
fn cap_masked(text: &mut String, max: usize, mask: bool) -> bool {
    if !mask {
        return cap(text, max);
    }
    let cut_far = cap(text, max.saturating_mul(2).saturating_add(MASK_MARGIN));
    if let std::borrow::Cow::Owned(masked) = privacy::mask(text) {
        *text = masked;
    }
    cap(text, max) || cut_far
}

/// Cuts `text` to at most `max` characters, at the last word boundary in
/// its final fifth if there is one, and ends it with "…". Says whether it
/// cut.
pub fn cap(text: &mut String, max: usize) -> bool {
    let max = max.max(2);
    // Byte length first: most texts are short, and a byte count bounds the
    // character count from above.
    if text.len() <= max {
        return false;
    }
    let Some((end, _)) = text.char_indices().nth(max - 1) else {
        return false; // Fewer than `max` characters after all.
    };
    if text[end..].chars().nth(1).is_none() {
        return false; // Exactly `max` characters.
    }
    // Prefer a word boundary, but never give up more than a fifth.
    let floor = text.char_indices().nth(max - 1 - (max - 1) / 5).map_or(0, |(at, _)| at);
    let cut = text[floor..end].rfind(char::is_whitespace).map_or(end, |at| floor + at);
    text.truncate(cut);
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    text.push('…');
    true
}

/// Removes every item whose id appears again later, so the last one of
/// each id stays, in place. Returns the ids that had duplicates.
fn keep_last<T>(items: &mut Vec<T>, id: impl Fn(&T) -> &str) -> Vec<String> {
    let mut last: HashMap<&str, usize> = HashMap::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        last.insert(id(item), index);
    }
    if last.len() == items.len() {
        return Vec::new();
    }
    let mut duplicates: HashSet<String> = HashSet::new();
    let keep: Vec<bool> = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let kept = last.get(id(item)) == Some(&index);
            if !kept {
                duplicates.insert(id(item).to_string());
            }
            kept
        })
        .collect();
    let mut flags = keep.into_iter();
    items.retain(|_| flags.next().unwrap_or(true));
    let mut duplicates: Vec<String> = duplicates.into_iter().collect();
    duplicates.sort();
    duplicates
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::model::{Note, NoteKind};

    fn note(id: &str, text: &str) -> Note {
        Note::new(id, NoteKind::Complaint, text, Utc::now())
    }

    #[test]
    fn a_long_text_is_cut_at_a_word_with_an_ellipsis() {
        let mut text = "Wachttijd aan de telefoon was veel te lang vandaag".to_string();
        assert!(cap(&mut text, 20));
        assert_eq!(text, "Wachttijd aan de…");
        assert!(text.chars().count() <= 20);
        let mut word = "x".repeat(50);
        assert!(cap(&mut word, 20));
        assert_eq!(word.chars().count(), 20, "one endless word is cut inside: {word}");
        let mut short = "kort".to_string();
        assert!(!cap(&mut short, 20));
        let mut exact = "é".repeat(20);
        assert!(!cap(&mut exact, 20), "20 two-byte characters fit in 20");
        let mut emoji = "🎁".repeat(30);
        assert!(cap(&mut emoji, 20));
        assert_eq!(emoji.chars().count(), 20);
    }

    #[test]
    fn a_two_megabyte_note_is_capped_and_masked_before_anything_else() {
        let mut snapshot = Snapshot::empty(Utc::now());
        snapshot.notes.push(note("huge", &"a@b.nl ".repeat(300_000)));
        snapshot.notes.push(note("word", &"x".repeat(2_000_000)));
        snapshot.notes.push(note("ok", "Bel me op 06-12345678"));
        let report = prepare(&mut snapshot, Rules::default());
        assert_eq!(report.cut, ["huge", "word"]);
        for note in &snapshot.notes {
            assert!(note.text.chars().count() <= DEFAULT_MAX_NOTE_CHARS, "{}", note.id);
        }
        assert!(!snapshot.notes[0].text.contains("a@b.nl"), "masked after the cut");
        assert!(!snapshot.notes[2].text.contains("12345678"));
    }

    /// Customer texts as the wall gets them, through the whole preparation:
    /// each contact detail is masked, each reference the team needs stays.
    #[test]
    fn the_second_round_of_customer_texts() {
        let masked = [
            ("mijn BSN is 123456782", "123456782"),
            ("BSN123456782 graag aanpassen", "123456782"),
            ("mail jan @ example.nl terug", "jan @ example"),
            ("jan[at]example[.]nl", "jan[at]"),
            ("stuur naar jan%40example.nl", "jan%40"),
            ("mobiel06-12345678 na vijven", "12345678"),
            ("tel+31612345678", "31612345678"),
            ("app via wa.me/31612345678", "31612345678"),
            ("creditcard 3782 822463 10005 geblokkeerd?", "822463"),
            ("jan!vries@x.nl wil teruggebeld worden", "jan!"),
        ];
        let kept = [
            "zendingsnummer 0123456789 kwam niet aan",
            "referentienummer 0612345678 graag",
            "meldingsnummer 0301234567",
            "trackingcode 0123456789 loopt niet",
            "Order-ID 0123456789 is zoek",
            "serienummer 0612345678 van de router",
            "ik belde 0900-1234567 en hing een uur in de wacht",
        ];
        let mut snapshot = Snapshot::empty(Utc::now());
        for (i, (text, _)) in masked.iter().enumerate() {
            snapshot.notes.push(note(&format!("m{i}"), text));
        }
        for (i, text) in kept.iter().enumerate() {
            snapshot.notes.push(note(&format!("k{i}"), text));
        }
        prepare(&mut snapshot, Rules::default());
        for ((text, secret), note) in masked.iter().zip(&snapshot.notes) {
            assert!(!note.text.contains(secret), "{text:?} became {:?}", note.text);
        }
        for (text, note) in kept.iter().zip(&snapshot.notes[masked.len()..]) {
            assert_eq!(&note.text, text);
        }
    }

    /// The cut comes after the mask: a phone number or an address that
    /// straddles `max_note_chars` is not left half readable.
    #[test]
    fn a_detail_at_the_cut_is_masked_whole_before_the_cut() {
        let rules = Rules { max_note_chars: 40, ..Rules::default() };
        let mut snapshot = Snapshot::empty(Utc::now());
        // The number's first half falls before the 40th character.
        snapshot.notes.push(note("phone", "Klant wil teruggebeld worden op 06 1234 5678 vandaag"));
        snapshot.notes.push(note("mail", "Klant wil antwoord per mail: jan.de.vries@example.nl"));
        prepare(&mut snapshot, rules);
        assert!(!snapshot.notes[0].text.contains("1234"), "{}", snapshot.notes[0].text);
        assert!(!snapshot.notes[1].text.contains("jan.de"), "{}", snapshot.notes[1].text);
    }

    /// With approval asked for, a compliment or promise shows only when
    /// marked approved; the others are counted, not shown, not cached.
    #[test]
    fn what_waits_for_approval_is_left_out_and_counted() {
        let mut compliment = note("praise", "Sanne hielp me geweldig");
        compliment.kind = NoteKind::Compliment;
        let mut approved = compliment.clone();
        approved.id = "approved".into();
        approved.approved = true;
        let promise = |id: &str, approved: bool| crate::model::Commitment {
            id: id.into(),
            person: "Sanne".into(),
            team: None,
            promise: "Ik bel elke klant terug".into(),
            made_on: Utc::now().date_naive(),
            due: None,
            kept: false,
            approved,
        };
        let fresh = || {
            let mut snapshot = Snapshot::empty(Utc::now());
            snapshot.notes = vec![note("complaint", "te lang gewacht"), compliment.clone(), approved.clone()];
            snapshot.commitments = vec![promise("p1", false), promise("p2", true)];
            snapshot
        };
        let ids = |snapshot: &Snapshot| -> Vec<String> {
            snapshot
                .notes
                .iter()
                .map(|n| n.id.clone())
                .chain(snapshot.commitments.iter().map(|c| c.id.clone()))
                .collect()
        };

        let mut open = fresh();
        prepare(&mut open, Rules::default());
        assert_eq!(ids(&open), ["complaint", "praise", "approved", "p1", "p2"], "off by default");
        assert_eq!(open.withheld, 0);

        let mut fame_only = fresh();
        let rules = Rules { approval: Approval { compliments: true, commitments: false }, ..Rules::default() };
        prepare(&mut fame_only, rules);
        assert_eq!(ids(&fame_only), ["complaint", "approved", "p1", "p2"], "feedback needs no approval");
        assert_eq!(fame_only.withheld, 1);

        let mut both = fresh();
        prepare(&mut both, Rules { approval: Approval { compliments: true, commitments: true }, ..Rules::default() });
        assert_eq!(ids(&both), ["complaint", "approved", "p2"]);
        assert_eq!(both.withheld, 2);

        // A later row withdraws an approval given in an earlier one.
        let mut withdrawn = fresh();
        let mut again = approved.clone();
        again.approved = false;
        withdrawn.notes.push(again);
        prepare(
            &mut withdrawn,
            Rules { approval: Approval { compliments: true, commitments: false }, ..Rules::default() },
        );
        assert_eq!(ids(&withdrawn), ["complaint", "p1", "p2"], "the last row of an id decides");
    }

    #[test]
    fn a_repeated_id_keeps_its_last_note_once() {
        let mut snapshot = Snapshot::empty(Utc::now());
        snapshot.notes = vec![note("a", "first"), note("b", "b"), note("a", "second"), note("a", "third")];
        let report = prepare(&mut snapshot, Rules { mask: false, ..Rules::default() });
        assert_eq!(report.duplicates, ["a"]);
        let texts: Vec<&str> = snapshot.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["b", "third"]);
    }
}
