//! Words as the topic rules compare them: lower case, accents folded,
//! punctuation gone, each with its Snowball stem for Dutch and for English.

use std::cell::OnceCell;

use rust_stemmers::{Algorithm, Stemmer};

/// One word of a text or a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word, folded: `Wachttijd!` → `wachttijd`, `één` → `een`.
    pub word: String,
    /// Its Dutch stem (`wachtte` → `wacht`).
    pub nl: String,
    /// Its English stem (`waiting` → `wait`).
    pub en: String,
}

/// The two stemmers; made once per text or rule set.
pub struct Stems {
    nl: Stemmer,
    en: Stemmer,
}

impl Default for Stems {
    fn default() -> Self {
        Stems { nl: Stemmer::create(Algorithm::Dutch), en: Stemmer::create(Algorithm::English) }
    }
}

impl Stems {
    /// The Dutch and the English stem of one folded word.
    pub fn pair(&self, word: &str) -> (String, String) {
        (self.nl.stem(word).into_owned(), self.en.stem(word).into_owned())
    }

    /// The words of `text`, folded and stemmed, in order.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        fold(text)
            .split_whitespace()
            .map(|word| Token {
                word: word.to_string(),
                nl: self.nl.stem(word).into_owned(),
                en: self.en.stem(word).into_owned(),
            })
            .collect()
    }
}

/// `text` in lower case with accents folded to their letters (`é` → `e`,
/// `ß` → `ss`) and everything that is not a letter or digit turned into a
/// space. Linear in the text.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'ç' | 'ć' | 'č' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => out.push('i'),
            'ñ' | 'ń' | 'ň' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ß' => out.push_str("ss"),
            'ĳ' => out.push_str("ij"),
            'ł' => out.push('l'),
            'š' | 'ś' => out.push('s'),
            'ž' | 'ź' | 'ż' => out.push('z'),
            // An apostrophe joins (`klant's`, `don't`); other marks split.
            '\'' | '’' => {}
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// How many slips a rule word of `chars` letters forgives: none below 7
/// letters, one from 7 (`storinf`), two from 12 (`jaarafreking` for
/// `jaarafrekening`).
pub fn slips_allowed(chars: usize) -> usize {
    match chars {
        0..7 => 0,
        7..12 => 1,
        _ => 2,
    }
}

/// Whether `a` and `b` are at most `max` edits apart: a letter changed,
/// added or left out, or two neighbours swapped (optimal string alignment,
/// in a band of `max` around the diagonal).
pub fn within_edits(a: &str, b: &str, max: usize) -> bool {
    if a.chars().count().abs_diff(b.chars().count()) > max {
        return false;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let far = max + 1;
    // Rows i-2, i-1 and i of the distance table.
    let mut before = vec![far; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).map(|j| j.min(far)).collect();
    for i in 1..=a.len() {
        let mut row = vec![far; b.len() + 1];
        row[0] = i.min(far);
        let (from, to) = (i.saturating_sub(max).max(1), (i + max).min(b.len()));
        for j in from..=to {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (last[j - 1] + cost).min(last[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            row[j] = best.min(far);
        }
        if row.iter().all(|d| *d > max) {
            return false;
        }
        before = std::mem::replace(&mut last, row);
    }
    last[b.len()] <= max
}

/// The last `n` characters of `word` (all of it when shorter).
pub(super) fn last_chars(word: &str, n: usize) -> &str {
    word.char_indices().rev().nth(n - 1).map_or(word, |(at, _)| &word[at..])
}

/// The first two characters of `word`, if it has two.
pub(super) fn first_two(word: &str) -> Option<(char, char)> {
    let mut chars = word.chars();
    Some((chars.next()?, chars.next()?))
}

/// The first `n` characters of `word` (all of it when shorter).
pub(super) fn first_chars(word: &str, n: usize) -> &str {
    word.char_indices().nth(n).map_or(word, |(at, _)| &word[..at])
}

/// A note's words, folded, each stemmed only when asked.
pub(super) struct Words<'a> {
    pub(super) words: Vec<&'a str>,
    pub(super) stems: Vec<OnceCell<(String, String)>>,
    pub(super) stemmers: &'a Stems,
}

impl Words<'_> {
    pub(super) fn len(&self) -> usize {
        self.words.len()
    }

    pub(super) fn word(&self, i: usize) -> &str {
        self.words[i]
    }

    /// The Dutch and English stems of word `i`.
    pub(super) fn stems(&self, i: usize) -> (&String, &String) {
        let (nl, en) = self.stems[i].get_or_init(|| self.stemmers.pair(self.words[i]));
        (nl, en)
    }
}

/// `word` without a plural ending (`-en`, `-s`), for compounds whose stem
/// is cut at another place than their tail's (`internetstoringen`).
pub(super) fn plural_off(word: &str) -> &str {
    word.strip_suffix("en").or_else(|| word.strip_suffix('s')).filter(|rest| rest.chars().count() >= 4).unwrap_or(word)
}

/// Whether `word` starts with `stem`, or with it less an English `i` that
/// stands for `y` (`batteri` for `battery`).
pub(super) fn starts(word: &str, stem: &str) -> bool {
    word.starts_with(stem)
        || stem.strip_suffix('i').is_some_and(|base| word.starts_with(base) && word[base.len()..].starts_with('y'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_stemmed_in_both_languages() {
        let stems = Stems::default();
        let tokens = stems.tokens("Wachttijd: één uur! Klant wachtte, waiting on hold.");
        let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
        assert_eq!(words, ["wachttijd", "een", "uur", "klant", "wachtte", "waiting", "on", "hold"]);
        assert_eq!(stems.tokens("wachten")[0].nl, stems.tokens("wachtte")[0].nl);
        assert_eq!(stems.tokens("waiting")[0].en, "wait");
        assert!(stems.tokens("🙂🙂 !!").is_empty(), "emoji and marks make no words");
    }

    #[test]
    fn slips_are_forgiven_by_the_length_of_the_word() {
        assert!(within_edits("jaarafrekening", "jaarafreking", slips_allowed(14)), "two letters left out of 14");
        assert!(within_edits("jaarafrekening", "jaarafrekneing", 1), "two neighbours swapped");
        assert!(within_edits("storing", "sttoring", slips_allowed(7)));
        assert!(within_edits("storing", "storinf", 1));
        assert!(!within_edits("storing", "storingen", slips_allowed(7)));
        assert!(!within_edits("router", "routes", slips_allowed(6)), "short words must be exact");
        assert!(within_edits("abc", "abc", 0) && !within_edits("abc", "abd", 0));
    }
}
