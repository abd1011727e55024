//! What people decided about stories, kept in the vote journal beside the
//! statuses and keyed by `NoteRef`, so a decision survives restarts,
//! reloads and sources that change their order:
//! - a note's topic set by hand (a confirmed suggestion, a note dragged
//!   onto a stack), or the note taken out of every stack;
//! - notes that are not the same story, never suggested together again.
//!
//! A decision by hand wins over the source's topic and the rules.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::model::NoteRef;

/// One note's topic as people set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetTopic {
    /// The topic; `None`: the note stands on its own, in no stack.
    pub topic: Option<String>,
    /// The note of the same source it was found a duplicate of (a
    /// confirmed suggestion), for a source that keeps duplicates (Fider).
    pub original: Option<String>,
    /// The topic the note had before (its tag goes, at a Fider board).
    pub previous: Option<String>,
    pub at: DateTime<Utc>,
}

/// Every decision about stories, as the journal adds them up: the last
/// per note, and each group said to be apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stories {
    pub topics: HashMap<NoteRef, SetTopic>,
    /// Groups of notes people said are not one story.
    pub apart: Vec<Vec<NoteRef>>,
    /// Topic decisions that reached their source: (note, when decided).
    pub sent: HashSet<(NoteRef, DateTime<Utc>)>,
}

impl Stories {
    /// A decision about one note's topic; the one journaled last counts
    /// (as with statuses), whatever the clock said: a clock set back must
    /// not hide a new decision.
    pub fn set(&mut self, note: NoteRef, decided: SetTopic) {
        self.topics.insert(note, decided);
    }

    /// Notes said not to be one story. The same group again adds nothing.
    pub fn keep_apart(&mut self, mut notes: Vec<NoteRef>) {
        notes.sort();
        notes.dedup();
        if notes.len() > 1 && !self.apart.contains(&notes) {
            self.apart.push(notes);
        }
    }

    /// Topic decisions not yet confirmed by their source, oldest first.
    pub fn unsent(&self) -> Vec<(&NoteRef, &SetTopic)> {
        let mut pending: Vec<_> =
            self.topics.iter().filter(|(note, set)| !self.sent.contains(&((*note).clone(), set.at))).collect();
        pending.sort_by(|a, b| a.1.at.cmp(&b.1.at).then_with(|| a.0.cmp(b.0)));
        pending
    }
}

/// The decisions in the wall's own note ids (the ids a snapshot gives),
/// for placing notes.
#[derive(Debug, Clone, Default)]
pub struct Decided {
    /// A note's topic set by hand; `None`: on its own.
    pub topics: HashMap<String, Option<String>>,
    /// For each note, the apart groups it is in.
    groups: HashMap<String, Vec<u32>>,
}

impl Decided {
    /// `stories` with each note named by `wall_id` (`None`: not on the
    /// wall now).
    pub fn new(stories: &Stories, wall_id: impl Fn(&NoteRef) -> Option<String>) -> Decided {
        let mut decided = Decided::default();
        for (note, set) in &stories.topics {
            if let Some(id) = wall_id(note) {
                decided.topics.insert(id, set.topic.clone());
            }
        }
        for (group, notes) in stories.apart.iter().enumerate() {
            for note in notes {
                if let Some(id) = wall_id(note) {
                    decided.groups.entry(id).or_default().push(group as u32);
                }
            }
        }
        decided
    }

    /// Whether people said `a` is not one story with some note.
    pub fn kept_apart(&self, a: &str) -> bool {
        self.groups.contains_key(a)
    }

    /// Whether people said `a` and `b` are not one story.
    pub fn apart(&self, a: &str, b: &str) -> bool {
        match (self.groups.get(a), self.groups.get(b)) {
            (Some(a), Some(b)) => a.iter().any(|group| b.contains(group)),
            _ => false,
        }
    }
}

/// The longest name a story gets from its top note.
pub const STORY_NAME_CHARS: usize = 32;

/// The name of a story people confirmed (or formed by hand) that no topic
/// named: its top note's first words ([`story_name`]), else `#<its id>`
/// (a note of emoji only).
pub fn name_story(top_text: &str, top_id: &str) -> String {
    let name = story_name(top_text, STORY_NAME_CHARS);
    if name.is_empty() { format!("#{top_id}") } else { name }
}

/// A name for a story no topic named: the first words of its top note, at
/// most `max` characters, whole words, with "…" when cut.
pub fn story_name(text: &str, max: usize) -> String {
    let mut name = String::new();
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        let next = name.chars().count() + usize::from(!name.is_empty()) + word.chars().count();
        if next > max {
            if name.is_empty() {
                name = word.chars().take(max).collect();
            }
            name.push('…');
            break;
        }
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(word);
    }
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn note(id: &str) -> NoteRef {
        NoteRef { source: "fider".into(), id: id.into() }
    }

    #[test]
    fn the_last_decision_counts_and_apart_groups_count_once() {
        let now = Utc::now();
        let mut stories = Stories::default();
        let set =
            |topic: Option<&str>, at| SetTopic { topic: topic.map(str::to_string), original: None, previous: None, at };
        stories.set(note("1"), set(Some("Jaarnota"), now));
        stories.set(note("1"), set(None, now - Duration::seconds(5)));
        assert_eq!(stories.topics[&note("1")].topic, None, "journaled last, though the clock was set back");
        stories.set(note("1"), set(Some("Wachttijd"), now + Duration::seconds(5)));
        assert_eq!(stories.topics[&note("1")].topic.as_deref(), Some("Wachttijd"));
        stories.keep_apart(vec![note("3"), note("2")]);
        stories.keep_apart(vec![note("2"), note("3")]);
        stories.keep_apart(vec![note("4")]);
        assert_eq!(stories.apart.len(), 1);

        let decided = Decided::new(&stories, |n| (n.id != "4").then(|| format!("0/{}", n.id)));
        assert!(decided.apart("0/2", "0/3") && decided.apart("0/3", "0/2"));
        assert!(!decided.apart("0/1", "0/2"));
        assert_eq!(decided.topics.get("0/1"), Some(&Some("Wachttijd".to_string())));
    }

    #[test]
    fn a_story_is_named_after_the_first_words_of_its_top_note() {
        assert_eq!(story_name("storing glasvezel in Utrecht-Noord sinds maandag", 24), "Storing glasvezel in…");
        assert_eq!(story_name("\"app\" logt uit", 24), "App logt uit");
        assert_eq!(story_name("Onafgebrokenwoordzonderspaties", 10), "Onafgebrok…");
        assert_eq!(story_name("😀 😀", 10), "");
        assert_eq!(name_story("😀 😀", "n-7"), "#n-7");
    }
}
