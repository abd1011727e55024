//! Stacks on the wall: the open notes of one topic (two or more) become one
//! card with the most-voted (else newest) note on top; a suggested story
//! is a stack marked as suggested. Closed notes (done, declined) and notes
//! alone in their topic stay cards of their own.

use std::collections::HashMap;

use super::Placed;
use crate::model::{Note, Status};

/// One card of the wall: a note, or a stack of notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The note on top (an index into the notes given).
    pub top: usize,
    /// Every note of the card, the top first; one for a plain note.
    pub members: Vec<usize>,
    /// The topic's name; `None` for a plain note and a suggested stack.
    pub topic: Option<String>,
    /// A stack of notes that look like one story, for the stand-up to
    /// confirm: no topic placed them.
    pub suggested: bool,
}

impl Shown {
    pub fn is_stack(&self) -> bool {
        self.members.len() > 1
    }
}

fn open(note: &Note) -> bool {
    !matches!(note.status, Status::Done | Status::Declined)
}

/// The cards for `notes` (in the order they are shown, newest first) as
/// `placed` places them; `votes` gives a note's count as the wall shows
/// it. A stack takes the place of its newest note.
pub fn stacks(notes: &[&Note], placed: &Placed, votes: impl Fn(&Note) -> u32) -> Vec<Shown> {
    // Which group each open note belongs to: a topic, or a suggestion.
    let mut group_of: Vec<Option<usize>> = vec![None; notes.len()];
    let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    let mut by_topic: HashMap<&str, usize> = HashMap::new();
    for (at, topic) in placed.topics.iter().enumerate() {
        if let Some((name, _)) = topic
            && notes.get(at).is_some_and(|note| open(note))
        {
            let group = *by_topic.entry(name.as_str()).or_insert_with(|| {
                groups.push((Some(name.clone()), Vec::new()));
                groups.len() - 1
            });
            groups[group].1.push(at);
            group_of[at] = Some(group);
        }
    }
    for suggestion in &placed.suggested {
        let members: Vec<usize> =
            suggestion.iter().copied().filter(|at| notes.get(*at).is_some_and(|n| open(n))).collect();
        if members.len() > 1 {
            for at in &members {
                group_of[*at] = Some(groups.len());
            }
            groups.push((None, members));
        }
    }
    let mut shown = Vec::new();
    let mut done: Vec<bool> = vec![false; groups.len()];
    for (at, group) in group_of.iter().enumerate() {
        let group = group.filter(|group| groups[*group].1.len() > 1);
        let Some(group) = group else {
            shown.push(Shown { top: at, members: vec![at], topic: None, suggested: false });
            continue;
        };
        if std::mem::replace(&mut done[group], true) {
            continue;
        }
        let (topic, members) = &groups[group];
        let mut members = members.clone();
        // The most-voted on top, else the newest (first in the order given).
        members.sort_by_key(|at| (std::cmp::Reverse(votes(notes[*at])), *at));
        shown.push(Shown { top: members[0], members, topic: topic.clone(), suggested: topic.is_none() });
    }
    shown
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::model::NoteKind;
    use crate::topics::Found;

    #[test]
    fn the_open_notes_of_a_topic_stack_under_the_most_voted() {
        let mut notes: Vec<Note> =
            (0..6).map(|i| Note::new(format!("n{i}"), NoteKind::Complaint, format!("note {i}"), Utc::now())).collect();
        notes[2].votes = 5;
        notes[4].status = Status::Done;
        let topic = |name: &str| Some((name.to_string(), Found::Source));
        let placed = Placed {
            topics: vec![topic("Bill"), None, topic("Bill"), topic("Wait"), topic("Bill"), None],
            suggested: vec![vec![1, 5]],
        };
        let refs: Vec<&Note> = notes.iter().collect();
        let shown = stacks(&refs, &placed, |note| note.votes);
        let cards: Vec<(usize, Vec<usize>, Option<&str>, bool)> =
            shown.iter().map(|s| (s.top, s.members.clone(), s.topic.as_deref(), s.suggested)).collect();
        assert_eq!(
            cards,
            [
                (2, vec![2, 0], Some("Bill"), false), // in the place of its newest note, the most-voted on top
                (1, vec![1, 5], None, true),          // a suggested story
                (3, vec![3], None, false),            // alone in its topic: a plain card
                (4, vec![4], None, false),            // done: never stacked
            ]
        );
    }

    /// A note whose topic changes at its source moves to its new stack; a
    /// stack whose top note leaves takes the next one on top.
    #[test]
    fn a_moved_note_joins_its_new_stack_and_a_stack_finds_a_new_top() {
        let mut notes: Vec<Note> =
            (0..4).map(|i| Note::new(format!("n{i}"), NoteKind::Complaint, format!("note {i}"), Utc::now())).collect();
        notes[1].votes = 4;
        let topic = |name: &str| Some((name.to_string(), Found::Source));
        let refs: Vec<&Note> = notes.iter().collect();
        let before = Placed { topics: vec![topic("A"), topic("A"), topic("B"), topic("B")], suggested: Vec::new() };
        let shown = stacks(&refs, &before, |note| note.votes);
        assert_eq!(shown[0].top, 1, "the most-voted on top");
        // n1 moves to B at its source.
        let after = Placed { topics: vec![topic("A"), topic("B"), topic("B"), topic("B")], suggested: Vec::new() };
        let shown = stacks(&refs, &after, |note| note.votes);
        let b = shown.iter().find(|card| card.topic.as_deref() == Some("B"));
        assert_eq!(b.map(|card| card.members.len()), Some(3));
        assert!(shown.iter().any(|card| card.members == [0]), "A keeps one note: a plain card");
        // The top leaves (done): the next takes its place.
        notes[1].status = Status::Done;
        let refs: Vec<&Note> = notes.iter().collect();
        let shown = stacks(&refs, &after, |note| note.votes);
        let b = shown.iter().find(|card| card.topic.as_deref() == Some("B"));
        assert_eq!(b.map(|card| (card.top, card.members.len())), Some((2, 2)));
    }
}
