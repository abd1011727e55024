//! What the masking passes share: the spaces and word lists they read, and
//! the buffer they write the masked text into.

/// Whether `word` is one of the space-separated `words`, case ignored.
pub(super) fn listed(words: &str, word: &str) -> bool {
    words.split_whitespace().any(|w| w.eq_ignore_ascii_case(word))
}

/// Spaces that may separate the parts of a number or an obfuscated address.
pub(super) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}')
}

pub(super) fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

/// `pos` moved past one space, if there is one.
pub(super) fn skip_space(text: &str, pos: usize) -> usize {
    match char_at(text, pos) {
        Some(c) if is_space(c) => pos + c.len_utf8(),
        _ => pos,
    }
}

/// Builds the masked copy of a text: the text between replacements is copied
/// as it is. Nothing is allocated until the first replacement.
pub(super) struct Edits<'a> {
    text: &'a str,
    out: String,
    /// Bytes of `text` already copied or replaced.
    pub(super) copied: usize,
}

impl<'a> Edits<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Edits { text, out: String::new(), copied: 0 }
    }

    /// Replaces `start..end`, which lies after everything replaced so far.
    pub(super) fn replace(&mut self, start: usize, end: usize, with: &str) {
        let Some(kept) = self.text.get(self.copied..start) else {
            return;
        };
        self.out.reserve(self.text.len() - self.copied);
        self.out.push_str(kept);
        self.out.push_str(with);
        self.copied = end;
    }

    /// The masked text, or `None` when nothing was replaced.
    pub(super) fn finish(mut self) -> Option<String> {
        if self.out.is_empty() {
            return None;
        }
        self.out.push_str(self.text.get(self.copied..).unwrap_or_default());
        Some(self.out)
    }
}
