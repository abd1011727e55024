//! What customers say most: each note's topic, from its source when the
//! source has one (a JSON feed's `topic`, a CSV column, a Fider tag, a list
//! column, a mapped pointer), else from the team's own rules, else at most
//! a suggestion that it is the same story as other notes, which people
//! confirm or reject. Nothing here moves a card by itself on weak evidence.
//!
//! `text` folds and stems words, `rules` matches the team's rules,
//! `suggest` pairs what no rule placed, `decide` keeps what people
//! decided (which wins over all of these).

pub mod decide;
pub mod rules;
pub mod stacks;
pub mod suggest;
pub mod text;

use std::borrow::Borrow;
use std::collections::HashSet;

pub use decide::{Decided, Stories};
pub use rules::{Placement, Rules, TopicRule};

use super::model::{Note, NoteKind};

/// How a note got its topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The source said so.
    Source,
    /// The team's rules, with the words that matched.
    Rule(Vec<String>),
    /// People put it there (the stand-up).
    Decided,
}

/// Every note's topic, and the suggested stacks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Placed {
    /// Per note, in the order given: its topic and how it was found.
    pub topics: Vec<Option<(String, Found)>>,
    /// Groups of notes (indexes) that no topic placed and that look like
    /// one story.
    pub suggested: Vec<Vec<usize>>,
}

/// Places `notes`: what people decided first, then the source's topic
/// (spelled as the rules spell it, when a rule has that name), then the
/// rules; the rest are offered to the suggestions, but for notes people
/// took out of every stack and notes they said are not one story.
pub fn place<N: Borrow<Note>>(notes: &[N], rules: &Rules, decided: &Decided) -> Placed {
    let notes: Vec<&Note> = notes.iter().map(Borrow::borrow).collect();
    let topics = assign(&notes, rules, decided);
    let open: Vec<usize> =
        (0..notes.len()).filter(|i| topics[*i].is_none() && !decided.topics.contains_key(&notes[*i].id)).collect();
    let candidates: Vec<suggest::Candidate> = open
        .iter()
        .map(|i| suggest::Candidate {
            id: &notes[*i].id,
            text: &notes[*i].text,
            compliment: notes[*i].kind == NoteKind::Compliment,
        })
        .collect();
    let suggested = suggest::suggest(&candidates, decided)
        .into_iter()
        .map(|group| group.into_iter().map(|at| open[at]).collect())
        .collect();
    Placed { topics, suggested }
}

/// Each note's topic and how it was found, without suggestions: what
/// people decided, else the source's or the rules'.
pub fn assign<N: Borrow<Note>>(notes: &[N], rules: &Rules, decided: &Decided) -> Vec<Option<(String, Found)>> {
    notes
        .iter()
        .map(|note| {
            let note = note.borrow();
            match decided.topics.get(&note.id) {
                Some(topic) => topic.as_ref().map(|topic| (named(topic, rules).to_string(), Found::Decided)),
                None => topic_of(note, rules),
            }
        })
        .collect()
}

/// A topic as the rules spell it, when a rule has that name.
fn named<'a>(topic: &'a str, rules: &'a Rules) -> &'a str {
    rules.names().iter().find(|name| name.eq_ignore_ascii_case(topic)).map_or(topic, String::as_str)
}

/// One note's topic and how it was found: its source's (spelled as the
/// rules spell it, when a rule has that name), else the rules'.
pub fn topic_of(note: &Note, rules: &Rules) -> Option<(String, Found)> {
    if let Some(topic) = note.topic.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        return Some((named(topic, rules).to_string(), Found::Source));
    }
    rules.place(&note.text).map(|placed| (rules.names()[placed.topic].clone(), Found::Rule(placed.words)))
}

/// What `--check-config` says of a set of rules: errors that refuse the
/// config, and warnings.
pub fn check(rules: &[TopicRule]) -> (Vec<String>, Vec<String>) {
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let mut names: HashSet<String> = HashSet::new();
    let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for rule in rules {
        let name = rule.name.trim();
        if name.is_empty() {
            errors.push("a topic has an empty name; give it one, e.g. name: \"Wachttijd\"".to_string());
            continue;
        }
        if !names.insert(name.to_lowercase()) {
            errors.push(format!("two topics are called {name:?}; give each its own name"));
        }
        if rule.words.iter().all(|word| text::fold(word).trim().is_empty()) {
            errors.push(format!(
                "topic {name:?} has no words; list what customers say, e.g. words: [\"wachttijd\", \"on hold\"]"
            ));
        }
        // A `not:` word may well be another topic's word: that is how near
        // misses are told apart. Only `words` listed twice are a warning.
        let words = rule.words.iter().map(|w| (w, true)).chain(rule.not.iter().map(|w| (w, false)));
        for (word, places) in words {
            let folded = text::fold(word).split_whitespace().collect::<Vec<_>>().join(" ");
            if folded.is_empty() {
                errors.push(format!("topic {name:?} has an empty word; remove it"));
            } else if !folded.contains(' ') && folded.chars().count() < 3 {
                warnings
                    .push(format!("topic {name:?}: the word {word:?} is too short to match anything; it is left out"));
            } else if places
                && let Some(other) = seen.insert(folded.clone(), name.to_string()).filter(|other| other != name)
            {
                warnings.push(format!(
                    "the word {word:?} is listed under {other:?} and {name:?}; the first listed wins a tie"
                ));
            }
        }
    }
    (errors, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str, words: &[&str], not: &[&str]) -> TopicRule {
        TopicRule {
            name: name.into(),
            words: words.iter().map(|w| w.to_string()).collect(),
            not: not.iter().map(|w| w.to_string()).collect(),
        }
    }

    #[test]
    fn the_config_check_refuses_what_cannot_work_and_warns_of_the_rest() {
        let (errors, warnings) = check(&[
            rule("Wachttijd", &["wachttijd", "on hold"], &["terugbellen"]),
            rule("wachttijd", &["queue"], &[]),
            rule("Leeg", &["", "  "], &[]),
            rule("Terugbellen", &["terugbellen", "on hold", "ab"], &[]),
        ]);
        assert!(errors.iter().any(|e| e.contains("two topics are called")), "{errors:?}");
        assert!(errors.iter().any(|e| e.contains("\"Leeg\" has no words")), "{errors:?}");
        assert!(warnings.iter().any(|w| w.contains("\"on hold\" is listed under")), "{warnings:?}");
        assert!(warnings.iter().any(|w| w.contains("\"ab\" is too short")), "{warnings:?}");
        assert!(!warnings.iter().any(|w| w.contains("\"terugbellen\" is listed")), "a not: word is no conflict");
        assert_eq!(check(&[rule("A", &["aaa"], &[])]), (Vec::new(), Vec::new()));
    }

    #[test]
    fn a_source_topic_comes_first_and_takes_the_rules_spelling() {
        let rules = Rules::new(&[rule("Wachttijd", &["wachttijd"], &[])]);
        let mut from_source = Note::new("a", NoteKind::Complaint, "de jaarnota klopt niet", chrono::Utc::now());
        from_source.topic = Some("WACHTTIJD".into());
        let by_rule = Note::new("b", NoteKind::Complaint, "lange wachttijd", chrono::Utc::now());
        let none = Note::new("c", NoteKind::Idea, "een nieuwsbrief graag", chrono::Utc::now());
        let placed = place(&[from_source, by_rule, none], &rules, &Decided::default());
        assert_eq!(placed.topics[0], Some(("Wachttijd".to_string(), Found::Source)));
        assert_eq!(placed.topics[1], Some(("Wachttijd".to_string(), Found::Rule(vec!["wachttijd".into()]))));
        assert_eq!(placed.topics[2], None);
    }

    /// What people decided wins: a note put under a topic by hand, a note
    /// taken out of every stack, and notes said not to be one story,
    /// which are never suggested together again.
    #[test]
    fn what_people_decided_wins_over_the_source_the_rules_and_the_words() {
        use crate::model::NoteRef;
        use decide::SetTopic;
        let rules = Rules::new(&[rule("Wachttijd", &["wachttijd"], &[])]);
        let now = chrono::Utc::now();
        let text = "Monteur kwam niet opdagen voor de glasvezel aansluiting, klant had vrij genomen";
        let notes = [
            Note::new("a", NoteKind::Complaint, "lange wachttijd", now),
            Note::new("b", NoteKind::Complaint, "lange wachttijd aan de telefoon", now),
            Note::new("c", NoteKind::Complaint, text, now),
            Note::new("d", NoteKind::Complaint, text, now),
            Note::new("e", NoteKind::Complaint, text, now),
        ];
        let before = place(&notes, &rules, &Decided::default());
        assert_eq!(before.suggested, [vec![2, 3, 4]]);
        let at = |id: &str| NoteRef { source: "s".into(), id: id.into() };
        let mut stories = Stories::default();
        let set = |topic: Option<&str>| SetTopic {
            topic: topic.map(str::to_string),
            original: None,
            previous: None,
            at: now,
        };
        stories.set(at("a"), set(Some("wachttijd")));
        stories.set(at("b"), set(None));
        stories.keep_apart(vec![at("c"), at("d")]);
        let decided = Decided::new(&stories, |note| Some(note.id.clone()));
        let after = place(&notes, &rules, &decided);
        assert_eq!(after.topics[0], Some(("Wachttijd".into(), Found::Decided)), "spelled as the rule");
        assert_eq!(after.topics[1], None, "taken out by hand, though the rule matches");
        assert_eq!(after.suggested, [vec![2, 4]], "c and d are apart, also by way of e; e goes with c");
    }

    /// The wall places the same notes at every layout; the rules remember
    /// each text, and what they remember is what they would find.
    #[test]
    fn a_text_placed_again_is_remembered_and_the_same() {
        let rules = Rules::new(&[rule("Wachttijd", &["wachttijd"], &[]), rule("Factuur", &["jaarnota"], &[])]);
        for text in ["lange wachttijd", "de jaarnota is te hoog", "niets hiervan", "lange wachttijd"] {
            assert_eq!(rules.place(text), rules.place_uncached(text), "{text}");
            assert_eq!(rules.place(text), rules.place_uncached(text), "{text}, again");
        }
    }
}
