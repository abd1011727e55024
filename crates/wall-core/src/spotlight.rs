//! Fair praise: the Wall of Fame's spotlight goes round by who is praised,
//! not by note. Every person or team takes a turn before anyone gets a
//! second one, so one busy team does not drown out the rest.

use std::collections::HashMap;

use crate::model::Note;

/// Who a compliment praises, as a key: the praised person or team (case and
/// spaces ignored), else the note's team, else the note itself (an
/// anonymous compliment is its own turn).
pub fn praised_key(note: &Note) -> String {
    let praised = note.praised.as_deref().map(str::trim).filter(|name| !name.is_empty());
    match (praised, &note.team) {
        (Some(name), _) => format!("who:{}", name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()),
        (None, Some(team)) => format!("team:{team:?}"),
        (None, None) => format!("note:{}", note.id),
    }
}

/// The turns taken so far: when each person and each compliment last had
/// the spotlight. Forgets who left the wall, so it stays small.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FairTurns {
    turn: u64,
    person_turn: HashMap<String, u64>,
    note_turn: HashMap<String, u64>,
}

impl FairTurns {
    /// The compliment to show next, from `notes` (newest first), and counts
    /// its turn: the person whose last turn is longest ago (never first;
    /// between equals the one with the newest compliment), then that
    /// person's compliment shown longest ago (never first, newest first).
    pub fn next(&mut self, notes: &[&Note]) -> Option<String> {
        self.forget_absent(notes);
        let keys: Vec<String> = notes.iter().map(|note| praised_key(note)).collect();
        // Notes are newest first, so the first note of each person stands
        // for them; `min_by_key` keeps the first of equals.
        let person = keys.iter().min_by_key(|key| self.person_turn.get(*key).map_or(0, |turn| turn + 1))?;
        let note = notes
            .iter()
            .zip(&keys)
            .filter(|(_, key)| *key == person)
            .map(|(note, _)| *note)
            .min_by_key(|note| self.note_turn.get(&note.id).map_or(0, |turn| turn + 1))?;
        let id = note.id.clone();
        self.record(note);
        Some(id)
    }

    /// Counts a turn taken out of line: a new compliment takes the
    /// spotlight at once, and that is its person's turn.
    pub fn record(&mut self, note: &Note) {
        self.turn += 1;
        self.person_turn.insert(praised_key(note), self.turn);
        self.note_turn.insert(note.id.clone(), self.turn);
    }

    fn forget_absent(&mut self, notes: &[&Note]) {
        let keys: std::collections::HashSet<String> = notes.iter().map(|note| praised_key(note)).collect();
        self.person_turn.retain(|key, _| keys.contains(key));
        self.note_turn.retain(|id, _| notes.iter().any(|note| &note.id == id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NoteKind, Team};
    use chrono::{TimeZone, Utc};

    fn praise(id: &str, praised: Option<&str>, team: Option<Team>, minute: u32) -> Note {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, minute, 0).single().unwrap_or_default();
        Note {
            team,
            praised: praised.map(str::to_string),
            ..Note::new(id, NoteKind::Compliment, format!("compliment {id}"), at)
        }
    }

    /// Newest first, as the Wall of Fame lists them.
    fn newest_first(mut notes: Vec<Note>) -> Vec<Note> {
        notes.sort_by_key(|note| std::cmp::Reverse(note.created_at));
        notes
    }

    fn order(turns: &mut FairTurns, notes: &[Note], count: usize) -> Vec<String> {
        let refs: Vec<&Note> = notes.iter().collect();
        (0..count).filter_map(|_| turns.next(&refs)).collect()
    }

    /// Support got five compliments this week, Ruben and Logistics one
    /// each: by note, Support held the spotlight five turns out of seven.
    #[test]
    fn everyone_praised_takes_a_turn_before_anyone_gets_a_second() {
        let notes = newest_first(vec![
            praise("s1", Some("Support"), None, 50),
            praise("s2", Some("support "), None, 40),
            praise("s3", Some("Support"), None, 30),
            praise("s4", Some("SUPPORT"), None, 20),
            praise("s5", Some("Support"), None, 10),
            praise("r1", Some("Ruben"), None, 5),
            praise("l1", None, Some(Team::Operations), 1),
        ]);
        let order = order(&mut FairTurns::default(), &notes, 9);
        assert_eq!(order, ["s1", "r1", "l1", "s2", "r1", "l1", "s3", "r1", "l1"]);
    }

    /// Each of one person's compliments comes round in turn, newest first.
    #[test]
    fn one_persons_compliments_take_turns_among_themselves() {
        let notes = newest_first(vec![
            praise("a1", Some("Anna"), None, 30),
            praise("a2", Some("Anna"), None, 20),
            praise("b1", Some("Bas"), None, 10),
        ]);
        let order = order(&mut FairTurns::default(), &notes, 6);
        assert_eq!(order, ["a1", "b1", "a2", "b1", "a1", "b1"]);
    }

    /// A new compliment takes the spotlight at once (out of line) and that
    /// counts as its person's turn: the others come first after it.
    #[test]
    fn a_new_compliment_counts_as_its_persons_turn() {
        let mut notes = newest_first(vec![praise("a1", Some("Anna"), None, 20), praise("b1", Some("Bas"), None, 10)]);
        let mut turns = FairTurns::default();
        assert_eq!(order(&mut turns, &notes, 1), ["a1"]);
        let fresh = praise("a2", Some("Anna"), None, 40);
        turns.record(&fresh);
        notes.insert(0, fresh);
        assert_eq!(order(&mut turns, &notes, 3), ["b1", "a1", "b1"]);
    }

    /// Anonymous compliments each take their own turn, and people who left
    /// the wall are forgotten.
    #[test]
    fn anonymous_compliments_are_their_own_turn_and_the_gone_are_forgotten() {
        let notes = newest_first(vec![
            praise("x", None, None, 30),
            praise("y", None, None, 20),
            praise("a1", Some("Anna"), None, 10),
        ]);
        let mut turns = FairTurns::default();
        assert_eq!(order(&mut turns, &notes, 3), ["x", "y", "a1"]);
        let fewer: Vec<Note> = notes.into_iter().filter(|note| note.id != "x").collect();
        assert_eq!(order(&mut turns, &fewer, 2), ["y", "a1"]);
        assert_eq!(turns.person_turn.len(), 2, "{turns:?}");
        assert!(FairTurns::default().next(&[]).is_none());
    }
}
