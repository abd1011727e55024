//! The agenda of the weekly stand-up: the most-voted open notes, grouped
//! per team. When nobody has voted, the newest complaints and
//! recommendations, so the Priorities scene is never empty while there is
//! feedback at all.

use super::model::{Note, NoteKind, Status, Team};

/// Why these notes are on the agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Ranked by votes.
    Votes,
    /// Ranked by how many customers said it (a topic's stack), then votes.
    Topics,
    /// Nobody voted: the newest complaints and recommendations.
    Recent,
}

/// One note on the agenda (or the top note of a topic's stack) with the
/// votes and the customers it is ranked by.
#[derive(Debug, Clone, PartialEq)]
pub struct Priority<'a> {
    pub note: &'a Note,
    pub votes: u32,
    /// How many customers said it: the notes of its stack, 1 for a note.
    pub customers: usize,
}

/// The agenda items of one team; `team` is `None` for notes without one.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamGroup<'a> {
    pub team: Option<Team>,
    pub items: Vec<Priority<'a>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Agenda<'a> {
    pub basis: Basis,
    pub groups: Vec<TeamGroup<'a>>,
}

impl Agenda<'_> {
    pub fn is_empty(&self) -> bool {
        self.groups.iter().all(|group| group.items.is_empty())
    }
}

/// Builds the agenda from `notes`: at most `per_team` notes for each of at
/// most `max_groups` teams. `votes` gives a note's votes this week (the
/// source's count until local votes exist).
pub fn agenda<'a>(
    notes: impl IntoIterator<Item = &'a Note>,
    votes: impl Fn(&Note) -> u32,
    per_team: usize,
    max_groups: usize,
) -> Agenda<'a> {
    ranked(notes.into_iter().map(|note| (note, votes(note), 1)), per_team, max_groups)
}

/// The agenda of a wall whose notes stack by topic: each entry is a note
/// (or a stack's top note) with its votes (a stack's together) and its
/// customers. A stack ranks by customers first, then votes, so the problem
/// most customers have comes first even where one-off ideas got votes.
pub fn agenda_of_stacks<'a>(
    entries: impl IntoIterator<Item = (&'a Note, u32, usize)>,
    per_team: usize,
    max_groups: usize,
) -> Agenda<'a> {
    ranked(entries.into_iter(), per_team, max_groups)
}

fn ranked<'a>(entries: impl Iterator<Item = (&'a Note, u32, usize)>, per_team: usize, max_groups: usize) -> Agenda<'a> {
    // Decided and finished work is off the agenda.
    let open: Vec<Priority<'a>> = entries
        .filter(|(note, _, _)| note.kind != NoteKind::Compliment)
        .filter(|(note, _, _)| !matches!(note.status, Status::Done | Status::Declined))
        .map(|(note, votes, customers)| Priority { note, votes, customers })
        .collect();
    let weighed: Vec<Priority<'a>> = open.iter().filter(|p| p.votes > 0 || p.customers > 1).cloned().collect();
    let (basis, mut chosen) = if weighed.is_empty() {
        let recent = open
            .into_iter()
            .filter(|p| matches!(p.note.kind, NoteKind::Complaint | NoteKind::Recommendation))
            .collect();
        (Basis::Recent, recent)
    } else if weighed.iter().any(|p| p.customers > 1) {
        (Basis::Topics, weighed)
    } else {
        (Basis::Votes, weighed)
    };
    chosen.sort_by(|a, b| {
        b.customers
            .cmp(&a.customers)
            .then_with(|| b.votes.cmp(&a.votes))
            .then_with(|| b.note.created_at.cmp(&a.note.created_at))
            .then_with(|| a.note.id.cmp(&b.note.id))
    });

    let mut groups: Vec<TeamGroup<'a>> = Vec::new();
    for priority in chosen {
        let team = priority.note.team.clone();
        match groups.iter_mut().find(|group| group.team == team) {
            Some(group) => {
                if group.items.len() < per_team {
                    group.items.push(priority);
                }
            }
            None => groups.push(TeamGroup { team, items: vec![priority] }),
        }
    }
    // The three stand-up teams first, in their usual order; then other
    // teams by their top votes; notes without a team last.
    groups.sort_by_key(|group| match &group.team {
        Some(Team::CustomerService) => (0, 0),
        Some(Team::Marketing) => (1, 0),
        Some(Team::Operations) => (2, 0),
        Some(Team::Other(_)) => (3, u32::MAX - group.items[0].votes),
        None => (4, 0),
    });
    groups.truncate(max_groups);
    Agenda { basis, groups }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;

    fn note(id: &str, kind: NoteKind, team: Option<Team>, votes: u32, age_days: i64) -> Note {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single().unwrap_or_default();
        Note {
            id: id.into(),
            kind,
            text: format!("note {id}"),
            created_at: now - Duration::days(age_days),
            team,
            noted_by: None,
            customer: None,
            praised: None,
            status: Status::New,
            votes,
            tags: Vec::new(),
            approved: false,
            url: None,
            topic: None,
        }
    }

    fn ids(agenda: &Agenda<'_>) -> Vec<Vec<String>> {
        agenda.groups.iter().map(|g| g.items.iter().map(|p| p.note.id.clone()).collect()).collect()
    }

    #[test]
    fn most_voted_open_notes_per_team() {
        let mut done = note("done", NoteKind::Complaint, Some(Team::Marketing), 40, 1);
        done.status = Status::Done;
        let notes = vec![
            note("ops-a", NoteKind::Idea, Some(Team::Operations), 3, 2),
            note("cs-a", NoteKind::Complaint, Some(Team::CustomerService), 5, 3),
            note("cs-b", NoteKind::Suggestion, Some(Team::CustomerService), 9, 1),
            note("cs-c", NoteKind::Question, Some(Team::CustomerService), 1, 1),
            note("mk-a", NoteKind::Complaint, Some(Team::Marketing), 7, 1),
            note("none", NoteKind::Complaint, None, 2, 1),
            note("praise", NoteKind::Compliment, Some(Team::Marketing), 50, 1),
            note("no-votes", NoteKind::Complaint, Some(Team::Marketing), 0, 0),
            done,
        ];
        let agenda = agenda(&notes, |n| n.votes, 2, 4);
        assert_eq!(agenda.basis, Basis::Votes);
        assert_eq!(ids(&agenda), vec![vec!["cs-b", "cs-a"], vec!["mk-a"], vec!["ops-a"], vec!["none"]]);
        assert_eq!(agenda.groups[0].items[0].votes, 9);
    }

    #[test]
    fn without_votes_the_newest_complaints_and_recommendations() {
        let notes = vec![
            note("old", NoteKind::Complaint, Some(Team::Operations), 0, 9),
            note("new", NoteKind::Recommendation, Some(Team::Operations), 0, 1),
            note("idea", NoteKind::Idea, Some(Team::Operations), 0, 0),
        ];
        let agenda = agenda(&notes, |n| n.votes, 5, 4);
        assert_eq!(agenda.basis, Basis::Recent);
        assert_eq!(ids(&agenda), vec![vec!["new", "old"]]);
        // Local votes replace the source's count.
        let voted = super::agenda(&notes, |n| u32::from(n.id == "idea"), 5, 4);
        assert_eq!(voted.basis, Basis::Votes);
        assert_eq!(ids(&voted), vec![vec!["idea"]]);
        assert!(super::agenda(&[], |n: &Note| n.votes, 5, 4).is_empty());
    }

    /// The problem most customers have comes first, even where a one-off
    /// idea got more votes; a stack without votes is on the agenda.
    #[test]
    fn stacks_rank_by_customers_then_votes() {
        let notes = [
            note("idea", NoteKind::Idea, Some(Team::Operations), 9, 1),
            note("bill", NoteKind::Complaint, Some(Team::Operations), 2, 2),
            note("wait", NoteKind::Complaint, Some(Team::Operations), 0, 3),
        ];
        let entries = [(&notes[0], 9, 1), (&notes[1], 2, 7), (&notes[2], 0, 3)];
        let agenda = agenda_of_stacks(entries, 5, 4);
        assert_eq!(agenda.basis, Basis::Topics);
        assert_eq!(ids(&agenda), vec![vec!["bill", "wait", "idea"]]);
        assert_eq!(agenda.groups[0].items[0].customers, 7);
    }
}
