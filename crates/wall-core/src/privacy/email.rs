//! Finds e-mail addresses, written (`jan@example.nl`, `jan＠example.nl`) or
//! spelled out (`jan [at] gmail [dot] com`, `jan at gmail.com`), and masks
//! them to `j***@…`.

use super::scan::{Edits, char_at, is_space, listed, skip_space};

/// Mail hosts that make a bare `jan at gmail.com` an address.
const MAIL_HOSTS: &str = "gmail googlemail hotmail outlook yahoo icloud ziggo kpnmail xs4all \
    protonmail gmx";

/// The characters of an address's local part (RFC 5322's atext and the
/// dot), so `jan!vries@x.nl` is masked whole, not from the `!` on.
fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c)
}

pub(super) fn mask_emails(text: &str) -> Option<String> {
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

/// The at sign at `i`: `@`, a full-width `＠`, with a space on either
/// side (`jan @ example.nl`), URL-encoded (`%40`), or spelled out (`[at]`,
/// `(at)`, ` at `). Returns where it ends and whether it was a bare ` at `.
fn at_sign(text: &str, i: usize, c: char) -> Option<(usize, bool)> {
    let sign = skip_space(text, i);
    if let Some(c) = char_at(text, sign).filter(|c| matches!(c, '@' | '＠' | '﹫')) {
        return Some((skip_space(text, sign + c.len_utf8()), false));
    }
    if c == '%' && text.get(i..i + 3) == Some("%40") {
        return Some((i + 3, false));
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
        } else if let Some(dot) = ["[.]", "(.)", "{.}"].iter().find(|dot| after.starts_with(**dot)) {
            Some((pos + dot.len(), true))
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

#[cfg(test)]
mod tests {
    use crate::privacy::mask;

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
        assert_eq!(mask("jan @ example.nl"), "j***@…");
        assert_eq!(mask("jan[at]example[.]nl"), "j***@…");
        assert_eq!(mask("mail jan%40example.nl"), "mail j***@…");
        assert_eq!(mask("jan!vries@x.nl"), "j***@…", "masked whole, not from the !");
        // Two at signs: the first address is masked, nothing panics.
        assert_eq!(mask("jan@example.com@work.nl"), "j***@…@work.nl");
    }
}
