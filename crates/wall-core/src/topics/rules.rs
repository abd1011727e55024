//! The team's own topic rules, compiled once and matched against each note
//! as a person would expect: case, accents and punctuation do not matter;
//! Snowball stems for Dutch and English (`wachten` meets `wachtte`); a rule
//! word inside a Dutch compound matches as its tail (`storing` in
//! `internetstoring`); phrases match as phrases; a slip or two in a long
//! word is forgiven (`jaarafreking`); `not:` words veto a topic. When
//! several topics match, the one with the most matched rule words wins,
//! then the first listed.
//!
//! Each word of a note is looked up in three small indexes (whole words and
//! stems, compound tails, long words by their first letters), so a note
//! costs the same whether there are five topics or a thousand.

use serde::{Deserialize, Serialize};

use foldhash::{HashMap, HashSet};

use std::cell::OnceCell;

use super::text::{
    Stems, Token, Words, first_chars, first_two, fold, last_chars, plural_off, slips_allowed, starts, within_edits,
};

/// One topic of the team's rules: `(name: "Wachttijd", words: ["wachttijd",
/// "in de wacht", "on hold"], not: ["terugbellen"])`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicRule {
    pub name: String,
    /// Words and phrases that put a note under this topic.
    pub words: Vec<String>,
    /// Words and phrases that keep a note out of it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not: Vec<String>,
}

/// One rule word or phrase, compiled.
struct Pattern {
    topic: usize,
    /// A `not:` word: it vetoes its topic.
    veto: bool,
    parts: Vec<Token>,
    /// As the rule wrote it, for `--topics` ("the words that matched").
    written: String,
}

/// A compiled set of topic rules.
pub struct Rules {
    names: Vec<String>,
    patterns: Vec<Pattern>,
    /// First parts by their word and both stems.
    exact: HashMap<String, Vec<usize>>,
    /// First parts of 4+ letters by their word, for compounds.
    tails: HashMap<String, Vec<usize>>,
    /// First parts that forgive slips, by their first two letters and
    /// their length.
    slips: HashMap<(char, char, usize), Vec<usize>>,
    /// The first three letters of every first part: a note's word is
    /// stemmed only when it starts like one (stemming is the costly part).
    starts: HashSet<String>,
    /// The last four letters of every compound tail: a word whose end is
    /// not among them has no tail worth looking up.
    tail_ends: HashSet<String>,
    stems: Stems,
    /// What `place` found for each text (by its hash): the wall places the
    /// same notes again at every layout, and a text is placed once.
    memo: std::sync::Mutex<HashMap<u64, Option<Placement>>>,
}

/// The most texts `place` remembers; it forgets them all beyond that.
const MEMO_TEXTS: usize = 100_000;

/// Where the rules put a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The topic's place in the rules.
    pub topic: usize,
    /// The rule words that matched, as the rules wrote them.
    pub words: Vec<String>,
}

impl Rules {
    /// Compiles `rules`. A word that folds to nothing, or a single-word rule
    /// of one or two letters (it would match everywhere), is left out;
    /// `--check-config` names them.
    pub fn new(rules: &[TopicRule]) -> Rules {
        let stems = Stems::default();
        let mut compiled = Rules {
            names: rules.iter().map(|rule| rule.name.trim().to_string()).collect(),
            patterns: Vec::new(),
            exact: HashMap::default(),
            tails: HashMap::default(),
            slips: HashMap::default(),
            starts: HashSet::default(),
            tail_ends: HashSet::default(),
            stems: Stems::default(),
            memo: std::sync::Mutex::new(HashMap::default()),
        };
        for (topic, rule) in rules.iter().enumerate() {
            let words = rule.words.iter().map(|w| (w, false)).chain(rule.not.iter().map(|w| (w, true)));
            for (written, veto) in words {
                let parts = stems.tokens(written);
                if parts.is_empty() || (parts.len() == 1 && parts[0].word.chars().count() < 3) {
                    continue;
                }
                compiled.add(Pattern { topic, veto, parts, written: written.trim().to_string() });
            }
        }
        compiled
    }

    fn add(&mut self, pattern: Pattern) {
        let id = self.patterns.len();
        let first = &pattern.parts[0];
        let mut keys = vec![first.word.clone(), first.nl.clone(), first.en.clone()];
        keys.dedup();
        for key in keys {
            self.exact.entry(key).or_default().push(id);
        }
        let chars = first.word.chars().count();
        if chars >= 4 {
            self.tail_ends.insert(last_chars(&first.word, 4).to_string());
            self.tails.entry(first.word.clone()).or_default().push(id);
        }
        if slips_allowed(chars) > 0
            && let Some((a, b)) = first_two(&first.word)
        {
            self.slips.entry((a, b, chars)).or_default().push(id);
        }
        for word in [&first.word, &first.nl, &first.en] {
            self.starts.insert(word.chars().take(3).collect());
        }
        self.patterns.push(pattern);
    }

    /// The topics' names, in the order of the rules.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Where the rules put `text`, if anywhere.
    pub fn place(&self, text: &str) -> Option<Placement> {
        if self.patterns.is_empty() {
            return None;
        }
        let key = crate::hash::of(text);
        if let Some(known) = self.memo.lock().ok().and_then(|memo| memo.get(&key).cloned()) {
            return known;
        }
        let placed = self.place_uncached(text);
        if let Ok(mut memo) = self.memo.lock() {
            if memo.len() >= MEMO_TEXTS {
                memo.clear();
            }
            memo.insert(key, placed.clone());
        }
        placed
    }

    /// [`Rules::place`] without remembering: the work itself.
    pub fn place_uncached(&self, text: &str) -> Option<Placement> {
        if self.patterns.is_empty() {
            return None;
        }
        let folded = fold(text);
        let words = Words {
            words: folded.split_whitespace().collect(),
            stems: std::iter::repeat_with(OnceCell::new).take(folded.split_whitespace().count()).collect(),
            stemmers: &self.stems,
        };
        let mut matched: Vec<usize> = Vec::new();
        let mut candidates: Vec<usize> = Vec::new();
        for i in 0..words.len() {
            candidates.clear();
            self.candidates(&words, i, &mut candidates);
            candidates.sort_unstable();
            candidates.dedup();
            for &id in &candidates {
                let parts = &self.patterns[id].parts;
                if words.len() - i < parts.len() {
                    continue;
                }
                let fits: Vec<Match> =
                    parts.iter().enumerate().map(|(k, part)| part_matches(&words, i + k, part)).collect();
                // A slip is forgiven only in a word the rules do not know as
                // it is written: `woord999x` is not a slip of `woord99x`.
                let known = self.exact.contains_key(words.word(i));
                if fits.iter().all(|fit| *fit != Match::No) && !(known && fits[0] == Match::Slip) {
                    matched.push(id);
                }
            }
        }
        matched.sort_unstable();
        matched.dedup();
        let vetoed: Vec<usize> =
            matched.iter().filter(|id| self.patterns[**id].veto).map(|id| self.patterns[*id].topic).collect();
        let mut counts: HashMap<usize, usize> = HashMap::default();
        for id in matched.iter().filter(|id| !self.patterns[**id].veto) {
            let topic = self.patterns[*id].topic;
            if !vetoed.contains(&topic) {
                *counts.entry(topic).or_default() += 1;
            }
        }
        // Most matched words, then the first listed.
        let best = counts.into_iter().max_by_key(|(topic, count)| (*count, std::cmp::Reverse(*topic)));
        let (topic, _) = best?;
        let words = matched
            .iter()
            .filter(|id| self.patterns[**id].topic == topic && !self.patterns[**id].veto)
            .map(|id| self.patterns[*id].written.clone())
            .collect();
        Some(Placement { topic, words })
    }

    /// The patterns whose first part may match the note's word `i`.
    fn candidates(&self, words: &Words, i: usize, out: &mut Vec<usize>) {
        let word = words.word(i);
        if let Some(ids) = self.exact.get(word) {
            out.extend(ids);
        }
        if self.starts.contains(first_chars(word, 3)) {
            let (nl, en) = words.stems(i);
            for key in [nl, en] {
                if let Some(ids) = self.exact.get(key.as_str()) {
                    out.extend(ids);
                }
            }
        }
        let bare = plural_off(word);
        let forms: &[&str] = if bare == word { &[word] } else { &[word, bare] };
        for word in forms.iter().filter(|word| self.tail_ends.contains(last_chars(word, 4))) {
            // Every proper tail of 4+ letters: `internetstoring` → `storing`.
            for (at, _) in word.char_indices().skip(1) {
                let tail = &word[at..];
                if tail.chars().count() < 4 {
                    break;
                }
                if let Some(ids) = self.tails.get(tail) {
                    out.extend(ids);
                }
            }
        }
        // Rule words of about this length (two slips at most) starting
        // with the same two letters.
        let chars = word.chars().count();
        if chars >= 5
            && let Some((a, b)) = first_two(word)
        {
            for length in chars.saturating_sub(2)..=chars + 2 {
                if let Some(ids) = self.slips.get(&(a, b, length)) {
                    out.extend(ids);
                }
            }
        }
    }
}

/// How a note's word matched a rule's word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    No,
    /// The word, a stem or a compound's tail.
    Yes,
    /// Only with a slip forgiven.
    Slip,
}

/// Whether the note's word `i` matches a rule's `part`, and how.
fn part_matches(words: &Words, i: usize, part: &Token) -> Match {
    let word = words.word(i);
    if word == part.word {
        return Match::Yes;
    }
    // The same stem, where that stem starts both words: `wachtte` and
    // `wachten` (Dutch), `bills` and `bill` (English); not `stores` for
    // `storing`, whose English stems meet by chance. Words that do not
    // start alike are not stemmed at all.
    if word.chars().next() == part.word.chars().next() {
        let (nl, en) = words.stems(i);
        let stem_fits = |stem: &str| !stem.is_empty() && starts(word, stem) && starts(&part.word, stem);
        if (*nl == part.nl && stem_fits(&part.nl)) || (*en == part.en && stem_fits(&part.en)) {
            return Match::Yes;
        }
    }
    let chars = part.word.chars().count();
    let tail = |word: &str, of: &str| of.chars().count() >= 4 && word.len() > of.len() && word.ends_with(of);
    if chars >= 4 && (tail(word, &part.word) || tail(plural_off(word), &part.word)) {
        return Match::Yes;
    }
    let slips = slips_allowed(chars);
    if slips > 0 && within_edits(word, &part.word, slips) { Match::Slip } else { Match::No }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        let rule = |name: &str, words: &[&str], not: &[&str]| TopicRule {
            name: name.into(),
            words: words.iter().map(|w| w.to_string()).collect(),
            not: not.iter().map(|w| w.to_string()).collect(),
        };
        Rules::new(&[
            rule(
                "Jaarafrekening",
                &[
                    "jaarafrekening",
                    "jaarnota",
                    "afrekening van het jaar",
                    "annual statement",
                    "yearly settlement",
                    "bijbetalen",
                ],
                &["niet ontvangen", "not received"],
            ),
            rule("Wachttijd", &["wachttijd", "in de wacht", "wachtrij", "on hold", "queue", "wachten"], &[]),
            rule("Storing", &["storing", "outage"], &[]),
        ])
    }

    fn topic(rules: &Rules, text: &str) -> Option<String> {
        rules.place(text).map(|placed| rules.names()[placed.topic].clone())
    }

    #[test]
    fn words_match_as_a_person_would_expect() {
        let rules = rules();
        let cases = [
            ("Jaarafrekening veel te hoog", Some("Jaarafrekening")),
            ("JAARAFREKENING!!", Some("Jaarafrekening")),
            ("de jaarnota valt €380 hoger uit", Some("Jaarafrekening")),
            ("klant moet 400 euro bijbetalen", Some("Jaarafrekening")),
            ("yearly settlement shows a big amount", Some("Jaarafrekening")),
            ("the annual statement is way higher than expected", Some("Jaarafrekening")),
            ("jaarafreking klopt niet", Some("Jaarafrekening")),
            ("klant wachtte een uur", Some("Wachttijd")),
            ("was 40 min on hold", Some("Wachttijd")),
            ("internetstoring sinds gisteren", Some("Storing")),
            ("internetstoringen al drie dagen", Some("Storing")),
            // Veto: the statement was not received is another matter.
            ("jaarafrekening niet ontvangen", None),
            // A phrase needs its words together: "on" and "hold" apart.
            ("on Monday we put the hold music off", None),
            ("the stores were closed", None),
            ("🙂🙂🙂", None),
        ];
        for (text, expected) in cases {
            assert_eq!(topic(&rules, text).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn the_topic_with_most_matched_words_wins_then_the_first_listed() {
        let rules = rules();
        let placed = rules.place("Jaarafrekening te hoog, en daarna een uur in de wacht en wachtrij");
        assert_eq!(placed.map(|p| rules.names()[p.topic].clone()).as_deref(), Some("Wachttijd"));
        let tie = rules.place("jaarnota en storing");
        assert_eq!(tie.map(|p| p.topic), Some(0), "one word each: the first listed");
        let words = rules.place("jaarafrekening, de jaarnota: bijbetalen").map(|p| p.words).unwrap_or_default();
        assert_eq!(words, ["jaarafrekening", "jaarnota", "bijbetalen"]);
    }

    #[test]
    fn empty_and_one_letter_rule_words_are_left_out() {
        let rules = Rules::new(&[TopicRule {
            name: "x".into(),
            words: vec![String::new(), "a".into(), " ".into()],
            not: Vec::new(),
        }]);
        assert_eq!(rules.place("a b c a"), None);
    }

    /// Bad input: a thousand topics, a 2,000-character note, emoji only,
    /// words of one letter; nothing panics and the right topic still wins.
    #[test]
    fn a_thousand_topics_and_a_long_note_are_no_trouble() {
        let mut many: Vec<TopicRule> = (0..1000)
            .map(|i| TopicRule {
                name: format!("t{i}"),
                words: vec![format!("woord{i}x"), "a".into()],
                not: Vec::new(),
            })
            .collect();
        many.push(TopicRule { name: "Wachttijd".into(), words: vec!["wachttijd".into()], not: Vec::new() });
        let rules = Rules::new(&many);
        let long = format!("{} wachttijd {}", "blabla ".repeat(140), "🙂".repeat(50));
        assert!(long.chars().count() >= 1000);
        assert_eq!(rules.place(&long).map(|p| rules.names()[p.topic].clone()).as_deref(), Some("Wachttijd"));
        assert_eq!(rules.place("🙂🙂🙂"), None);
        assert_eq!(rules.place("a a a"), None, "a one-letter word matches nothing");
        assert_eq!(rules.place("woord999x").map(|p| p.topic), Some(999));
    }
}
