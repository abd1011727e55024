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
//! (`order #0123456789`, `klantnummer 012345678`; see `KEEP_LABELS`),
//! because the team looks those up. An unlabelled number starting with `0`
//! is masked, though: better a hidden reference than a shown phone number.
//!
//! Every pass reads the text once, left to right, and looks only a bounded
//! distance ahead or back, so a note of megabytes is masked in linear time.

use std::borrow::Cow;

use super::model::Snapshot;

/// Masks e-mail addresses, IBANs and phone and card numbers in `text`.
pub fn mask(text: &str) -> Cow<'_, str> {
    let mut masked = Cow::Borrowed(text);
    // Addresses first, so the digits in one are not read as a phone number;
    // IBANs before numbers, so the digit groups of a spaced IBAN are not.
    for pass in [mask_emails, mask_ibans, mask_numbers] {
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

/// Dutch numbers have 10 digits; 9 still catches one typed a digit short.
const MIN_PHONE_DIGITS: usize = 9;
/// Card and account numbers; shorter plain runs are order numbers and the like.
const MIN_CARD_DIGITS: usize = 16;

/// Words after which a number is a reference the team needs, not a phone
/// number: `order #2026112301`, `ordernummer 0100234567`, `ticket 0123456789`.
/// A qualifier may follow the word (`order nr. 0123456789`).
const KEEP_LABELS: &str = "order ordernummer ordernr bestelling bestelnummer bestelnr factuur \
    factuurnummer factuurnr invoice ticket ticketnummer ticketnr klantnummer klantnr referentie \
    kenmerk reference ref dossier dossiernummer zaaknummer pakket pakketnummer zending \
    zendingnummer tracking trace contractnummer polisnummer";
/// Words that label a number only with a qualifier after them: a bare
/// "klant 0612345678" is still a phone number, "klant nr 0123456789" is not.
const QUALIFIED_LABELS: &str = "klant customer contract";
const QUALIFIERS: &str = "nr no nummer number num";
/// Labels of a citizen service number: personal data, masked in any shape.
const SECRET_LABELS: &str = "bsn burgerservicenummer sofinummer sofi";
/// Mail hosts that make a bare `jan at gmail.com` an address.
const MAIL_HOSTS: &str = "gmail googlemail hotmail outlook yahoo icloud ziggo kpnmail xs4all \
    protonmail gmx";

/// Whether `word` is one of the space-separated `words`, case ignored.
fn listed(words: &str, word: &str) -> bool {
    words.split_whitespace().any(|w| w.eq_ignore_ascii_case(word))
}

/// Spaces that may separate the parts of a number or an obfuscated address.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}')
}

fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

/// `pos` moved past one space, if there is one.
fn skip_space(text: &str, pos: usize) -> usize {
    match char_at(text, pos) {
        Some(c) if is_space(c) => pos + c.len_utf8(),
        _ => pos,
    }
}

/// Builds the masked copy of a text: the text between replacements is copied
/// as it is. Nothing is allocated until the first replacement.
struct Edits<'a> {
    text: &'a str,
    out: String,
    /// Bytes of `text` already copied or replaced.
    copied: usize,
}

impl<'a> Edits<'a> {
    fn new(text: &'a str) -> Self {
        Edits { text, out: String::new(), copied: 0 }
    }

    /// Replaces `start..end`, which lies after everything replaced so far.
    fn replace(&mut self, start: usize, end: usize, with: &str) {
        let Some(kept) = self.text.get(self.copied..start) else {
            return;
        };
        self.out.reserve(self.text.len() - self.copied);
        self.out.push_str(kept);
        self.out.push_str(with);
        self.copied = end;
    }

    /// The masked text, or `None` when nothing was replaced.
    fn finish(mut self) -> Option<String> {
        if self.out.is_empty() {
            return None;
        }
        self.out.push_str(self.text.get(self.copied..).unwrap_or_default());
        Some(self.out)
    }
}

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || "._%+-'".contains(c)
}

fn mask_emails(text: &str) -> Option<String> {
    let mut edits = Edits::new(text);
    // Where the run of local-part characters just before the current one
    // started: the local part of an address found here, without looking back.
    let mut local_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if i < edits.copied {
            continue;
        }
        if let Some(start) = local_start
            && let Some((at_end, bare)) = at_sign(text, i, c)
            && let Some((end, spelled_dot, host)) = domain(text, at_end)
            // "bought at bol.com" is no address, "jan at gmail.com" is.
            && (!bare || spelled_dot || listed(MAIL_HOSTS, host))
            && let Some(local) = text.get(start..i)
            // Quotes and dots in front are punctuation, not the address.
            && let Some((offset, first)) = local.char_indices().find(|(_, c)| c.is_alphanumeric())
        {
            edits.replace(start + offset, end, &format!("{first}***@…"));
            local_start = None;
            continue;
        }
        if is_local_char(c) {
            local_start.get_or_insert(i);
        } else {
            local_start = None;
        }
    }
    edits.finish()
}

/// The at sign at `i`: `@`, a full-width `＠`, or spelled out (`[at]`,
/// `(at)`, ` at `). Returns where it ends and whether it was a bare ` at `.
fn at_sign(text: &str, i: usize, c: char) -> Option<(usize, bool)> {
    if matches!(c, '@' | '＠' | '﹫') {
        return Some((i + c.len_utf8(), false));
    }
    spelled(text, i, &["at", "apenstaartje"])
}

/// One of `words` at `i`, ASCII case ignored: in brackets, with a space
/// before and after optional (`[at]`, ` (dot) `), or bare between spaces
/// (` at `). Returns where it ends, past the space after it, and whether it
/// was bare.
fn spelled(text: &str, i: usize, words: &[&str]) -> Option<(usize, bool)> {
    let bytes = text.as_bytes();
    let mut pos = skip_space(text, i);
    let close = match bytes.get(pos) {
        Some(b'[') => Some(b']'),
        Some(b'(') => Some(b')'),
        Some(b'{') => Some(b'}'),
        Some(b'<') => Some(b'>'),
        _ if pos > i => None,
        _ => return None,
    };
    if close.is_some() {
        pos = skip_space(text, pos + 1);
    }
    let word = words
        .iter()
        .find(|word| bytes.get(pos..pos + word.len()).is_some_and(|b| b.eq_ignore_ascii_case(word.as_bytes())))?;
    pos = skip_space(text, pos + word.len());
    match close {
        Some(close) if bytes.get(pos) == Some(&close) => Some((skip_space(text, pos + 1), false)),
        None if text.get(..pos).is_some_and(|t| t.ends_with(is_space)) => Some((pos, true)),
        _ => None,
    }
}

/// The domain starting at `start` (`example.nl`, `gmail [dot] com`): where
/// it ends, whether a dot was spelled out, and its first label. It needs two
/// labels and an alphabetic top-level one of two letters or more.
fn domain(text: &str, start: usize) -> Option<(usize, bool, &str)> {
    let (mut pos, mut labels, mut spelled_dot, mut first) = (start, 0, false, None);
    let tld_ok = loop {
        let rest = text.get(pos..)?;
        let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '-')).unwrap_or(rest.len());
        let (label, after) = rest.split_at(len);
        first.get_or_insert(label);
        (labels, pos) = (labels + 1, pos + len);
        // A dot, written or spelled, only continues the name before a label.
        let next = if after.starts_with('.') {
            Some((pos + 1, false))
        } else {
            spelled(text, pos, &["dot", "punt"]).map(|(end, _)| (end, true))
        };
        match next {
            Some((next, spelled_here))
                if !label.is_empty() && char_at(text, next).is_some_and(char::is_alphanumeric) =>
            {
                (pos, spelled_dot) = (next, spelled_dot || spelled_here);
            }
            _ => break label.chars().count() >= 2 && label.chars().all(char::is_alphabetic),
        }
    };
    let first = first.filter(|first| !first.is_empty())?;
    (labels >= 2 && tld_ok).then_some((pos, spelled_dot, first))
}

fn mask_ibans(text: &str) -> Option<String> {
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

fn mask_numbers(text: &str) -> Option<String> {
    let mut edits = Edits::new(text);
    let mut groups = Vec::new();
    let (mut resume, mut after_word) = (0, false);
    for (i, c) in text.char_indices() {
        let glued = after_word;
        after_word = c.is_alphanumeric();
        let digit_next = text.as_bytes().get(i + 1).is_some_and(u8::is_ascii_digit);
        if i < resume || glued || !(c.is_ascii_digit() || matches!(c, '+' | '(') && digit_next) {
            continue;
        }
        resume = read_run(text, i, &mut groups);
        mark_kept(text, &mut groups);
        let label = label_before(text, i);
        if let (Some(Label::Keep), Some(first)) = (&label, groups.first_mut()) {
            first.keep = true;
        }
        // Each stretch of groups between kept ones on its own.
        let mut from = 0;
        while from < groups.len() {
            let to = (from..groups.len()).find(|&g| groups[g].keep).unwrap_or(groups.len());
            let secret = from == 0 && matches!(label, Some(Label::Secret));
            mask_part(text, &groups[from..to], secret, &mut edits);
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
fn mask_part(text: &str, part: &[Group], secret: bool, edits: &mut Edits) {
    let digits: usize = part.iter().map(Group::digits).sum();
    let year = |g: &Group| g.digits() == 4 && matches!(&text[g.digits_start..][..2], "19" | "20");
    // Years in a row (`2019 2020 2021 2022`) are not a card number.
    let card = digits >= MIN_CARD_DIGITS && part.iter().all(|g| g.digits() >= 4) && !part.iter().all(year);
    // A BSN has 9 digits, an old one 8; `BSN 12-****` is masked already.
    let bsn = secret && (8..=9).contains(&digits);
    if bsn || card {
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
            if count >= MIN_PHONE_DIGITS {
                mask_span(text, &part[g..end], edits);
                g = end;
                continue;
            }
        }
        g += 1;
    }
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

enum Label {
    Keep,
    Secret,
}

/// The label of the number at `start`: the word before it, past a few
/// characters like ` #:.` and a qualifier like "nr" or "nummer".
fn label_before(text: &str, start: usize) -> Option<Label> {
    let (mut word, word_start) = word_before(text, start)?;
    let qualified = listed(QUALIFIERS, word);
    if qualified {
        word = word_before(text, word_start)?.0;
    }
    if listed(SECRET_LABELS, word) {
        Some(Label::Secret)
    } else if listed(KEEP_LABELS, word) || qualified && listed(QUALIFIED_LABELS, word) {
        Some(Label::Keep)
    } else {
        None
    }
}

/// The word that ends at most three characters of ` #:.-` before `end`, and
/// where it starts. Only its last 25 letters are read: no label is that long.
fn word_before(text: &str, end: usize) -> Option<(&str, usize)> {
    let before = text.get(..end)?;
    let skipped: usize =
        before.chars().rev().take(3).take_while(|c| is_space(*c) || "#:.-".contains(*c)).map(char::len_utf8).sum();
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
    fn spelled_out_addresses_are_masked() {
        assert_eq!(mask("Mail j.jansen [at] gmail.com"), "Mail j***@…");
        assert_eq!(mask("via jan (at) ziggo (dot) nl."), "via j***@….");
        assert_eq!(mask("jan at gmail dot com"), "j***@…");
        assert_eq!(mask("'jan＠example.nl'"), "'j***@…'");
        // Two at signs: the first address is masked, nothing panics.
        assert_eq!(mask("jan@example.com@work.nl"), "j***@…@work.nl");
    }

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
    fn ibans_cards_and_labelled_bsns_are_masked() {
        assert_eq!(mask("IBAN NL91ABNA0417164300."), "IBAN NL91****.");
        assert_eq!(mask("NL91 ABNA 0417 1643 00 graag"), "NL91**** graag");
        assert_eq!(mask("nl91abna0417164300"), "nl91****");
        // A word after the last group of four is not part of it.
        assert_eq!(mask("BE68 5390 0754 7034 voor de huur"), "BE68**** voor de huur");
        assert_eq!(mask("pas 4111 1111 1111 1111"), "pas 41-****");
        assert_eq!(mask("BSN 123456782"), "BSN 12-****");
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
