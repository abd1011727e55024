//! What the vote journal adds to the wall: the statuses decided here and
//! the votes cast here.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::WallModel;
use crate::clock::Week;
use crate::model::{Note, NoteRef, Status};
use crate::topics::{Decided, Stories};
use crate::votes::{Count, Ledger};

impl WallModel {
    /// Sets the statuses decided at the wall; re-merges only on a change,
    /// and says whether there was one.
    pub fn set_overrides(&mut self, overrides: HashMap<NoteRef, Status>) -> bool {
        if overrides == self.overrides {
            return false;
        }
        self.overrides = overrides;
        self.merge();
        true
    }

    /// Follows the vote journal: the statuses decided at the wall and the
    /// votes cast here (counted in `week`). Says whether anything the wall
    /// shows changed. (What became Done is kept by `core::history`.)
    pub fn follow_ledger(&mut self, ledger: &Ledger, week: Week) -> bool {
        let overrides = ledger
            .statuses
            .iter()
            .map(|((source, id), (status, _))| (NoteRef { source: source.clone(), id: id.clone() }, *status))
            .collect();
        let decided = self.set_overrides(overrides);
        let stories = self.stories != ledger.stories;
        if stories {
            self.stories = ledger.stories.clone();
        }
        let tallies = ledger.tallies(week);
        let counted = self.local.week != Some(week) || self.local.tallies != tallies;
        self.local.tallies = tallies;
        self.local.week = Some(week);
        decided || counted || stories
    }

    /// What the stand-up decided about stories, in the wall's note ids.
    pub fn decided_stories(&self) -> Decided {
        Decided::new(&self.stories, |note| self.wall_id(note))
    }

    /// The topic a note of the wall has now: decided at the stand-up, else
    /// from its source or the rules.
    pub fn topic_now(&self, note: &NoteRef, rules: &crate::topics::Rules) -> Option<String> {
        let found = self.note(note)?;
        crate::topics::assign(&[found], rules, &self.decided_stories()).pop().flatten().map(|(topic, _)| topic)
    }

    /// What the stand-up decided about stories, by note.
    pub fn stories(&self) -> &Stories {
        &self.stories
    }

    /// The week the local tallies count, once the journal was read.
    pub fn tally_week(&self) -> Option<Week> {
        self.local.week
    }

    /// The votes a note's badge shows: the source's count plus the votes
    /// cast here that the source has not counted yet: those not sent, and
    /// those confirmed since the source was last read.
    pub fn shown_votes(&self, note: &Note) -> u32 {
        let at = self.note_ref(&note.id);
        let read_at = self.read_at(&at.source);
        let awaiting = self
            .local
            .confirmed
            .iter()
            .filter(|(source, id, confirmed)| *source == at.source && *id == at.id && read_at < Some(*confirmed))
            .count() as u32;
        note.votes + self.local_votes(note).unsent + awaiting
    }

    /// A vote its source confirmed at `at`: the journal no longer counts it
    /// as unsent, and the source counts it only from its next read, so it
    /// is counted here until then and the badge never dips.
    pub fn vote_confirmed(&mut self, source: &str, note_id: &str, at: DateTime<Utc>) {
        self.votes_confirmed(std::iter::once((source.to_string(), note_id.to_string())), at);
    }

    /// Many votes confirmed at `at` (source, note), as one frame hears
    /// them: what the source has read since is forgotten once, not per vote.
    pub fn votes_confirmed(&mut self, votes: impl IntoIterator<Item = (String, String)>, at: DateTime<Utc>) {
        self.local.confirmed.extend(votes.into_iter().map(|(source, note_id)| (source, note_id, at)));
        let confirmed = std::mem::take(&mut self.local.confirmed);
        self.local.confirmed =
            confirmed.into_iter().filter(|(source, _, at)| self.read_at(source) < Some(*at)).collect();
    }

    /// When a source's notes on the wall were read.
    fn read_at(&self, key: &str) -> Option<DateTime<Utc>> {
        let source = self.sources.iter().find(|source| source.key == key)?;
        source.last_good.as_ref().map(|snapshot| snapshot.read_at)
    }

    /// Votes cast here for a note on the wall, this week and in total.
    pub fn local_votes(&self, note: &Note) -> Count {
        let note = self.note_ref(&note.id);
        self.local.tallies.of(&note.source, &note.id)
    }

    /// Whether anyone voted on this wall this week.
    pub fn any_local_vote_this_week(&self) -> bool {
        self.local.tallies.per_note.values().any(|count| count.this_week > 0)
    }

    /// The votes that rank a note this week: this wall's own when anyone
    /// voted here this week, else the source's count.
    pub fn ranking_votes(&self) -> impl Fn(&Note) -> u32 + '_ {
        let local = self.any_local_vote_this_week();
        move |note: &Note| if local { self.local_votes(note).this_week } else { note.votes }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, Utc};

    use crate::clock::Week;
    use crate::model::Status;
    use crate::votes::{Count, Ledger, Record, Vote};
    use crate::wall_model::tests::fresh;
    use crate::wall_model::{Outcome, SourceUpdate, WallModel};

    fn update_keyed(key: &str, source: usize, outcome: Outcome) -> SourceUpdate {
        SourceUpdate { source, key: key.into(), name: key.into(), outcome }
    }

    fn vote(id: &str, source: &str, note: &str, week: &str) -> Record {
        Record::Vote(Vote {
            vote_id: id.into(),
            source: source.into(),
            note_id: note.into(),
            at: Utc::now(),
            week: week.into(),
            kiosk: "tv".into(),
        })
    }

    fn decided(source: &str, note: &str, status: Status, at: DateTime<Utc>) -> Record {
        Record::Status {
            source: source.into(),
            note_id: note.into(),
            status: status.key().into(),
            at,
            kiosk: "tv".into(),
        }
    }

    /// A vote confirmed by its source used to leave the badge at once,
    /// though the source counted it only at its next read: the count
    /// dipped by one for a poll interval. It stays until that read.
    #[test]
    fn a_confirmed_vote_counts_until_the_source_is_read_again() {
        let then = Utc::now();
        let week = Week { year: 2026, week: 49 };
        let mut wall = WallModel::default();
        wall.apply(update_keyed("list", 0, fresh(&["7"], then)), 60, then);
        let shown = |wall: &WallModel| {
            let note = wall.snapshot().and_then(|s| s.notes.first()).cloned();
            note.map(|note| wall.shown_votes(&note))
        };
        let cast = vote("v1", "list", "7", "2026-W49");
        wall.follow_ledger(&Ledger::from_records(std::slice::from_ref(&cast)), week);
        assert_eq!(shown(&wall), Some(1), "cast here, not sent");
        let confirmed_at = then + Duration::seconds(5);
        wall.follow_ledger(&Ledger::from_records(&[cast, Record::Sent { vote_id: "v1".into() }]), week);
        wall.vote_confirmed("list", "7", confirmed_at);
        assert_eq!(shown(&wall), Some(1), "sent, and the source not read since");
        let mut counted = fresh(&["7"], confirmed_at + Duration::seconds(30));
        if let Outcome::Fresh(parsed) = &mut counted {
            parsed.snapshot.notes[0].votes = 1;
        }
        wall.apply(update_keyed("list", 0, counted), 60, confirmed_at + Duration::seconds(30));
        assert_eq!(shown(&wall), Some(1), "the source's count, not twice");
    }

    /// The local tallies and the decisions lived in
    /// Bevy resources that the scenes read sideways; one model keeps
    /// them together, by note, whatever the sources' order.
    #[test]
    fn the_journal_gives_badges_rankings_and_decisions() {
        let now = Utc::now();
        let week = Week { year: 2026, week: 48 };
        let mut wall = WallModel::default();
        wall.apply(update_keyed("fider", 0, fresh(&["42", "43", "44"], now)), 60, now);
        wall.apply(update_keyed("csv", 1, fresh(&["42"], now)), 60, now);
        let note =
            |wall: &WallModel, id: &str| wall.snapshot().and_then(|s| s.notes.iter().find(|n| n.id == id)).cloned();
        assert!(!wall.any_local_vote_this_week());

        let ledger = Ledger::from_records(&[
            vote("v1", "fider", "43", "2026-W48"),
            vote("v2", "fider", "43", "2026-W47"),
            vote("v3", "csv", "42", "2026-W48"),
            Record::Sent { vote_id: "v2".into() },
            decided("fider", "42", Status::Done, now - Duration::days(2)),
            decided("fider", "44", Status::Done, now - Duration::days(9)),
        ]);
        assert!(wall.follow_ledger(&ledger, week), "news for the wall");
        assert!(!wall.follow_ledger(&ledger, week), "the same journal again changes nothing");
        assert_eq!(wall.tally_week(), Some(week));

        let Some(fider_43) = note(&wall, "0/43") else { panic!("note 0/43 is on the wall") };
        assert_eq!(wall.local_votes(&fider_43), Count { this_week: 1, total: 2, unsent: 1 });
        assert_eq!(wall.shown_votes(&fider_43), fider_43.votes + 1, "the source counted one; one is on its way");
        let Some(csv_42) = note(&wall, "1/42") else { panic!("note 1/42 is on the wall") };
        assert_eq!(wall.local_votes(&csv_42).this_week, 1, "csv's 42 is not fider's 42");
        assert!(wall.any_local_vote_this_week());
        let ranked = {
            let rank = wall.ranking_votes();
            (rank(&fider_43), rank(&csv_42))
        };
        assert_eq!(ranked, (1, 1), "this week's local votes rank");

        assert_eq!(note(&wall, "0/42").map(|n| n.status), Some(Status::Done), "decided at the wall");
        assert_eq!(note(&wall, "1/42").map(|n| n.status), Some(Status::New));
        // The sources swap places: everything follows the notes.
        wall.follow_sources(&["csv".into(), "fider".into()]);
        assert_eq!(note(&wall, "1/42").map(|n| n.status), Some(Status::Done), "the decision follows the note");
        let Some(fider_43) = note(&wall, "1/43") else { panic!("note 1/43 is on the wall") };
        assert_eq!(wall.local_votes(&fider_43).total, 2);

        // A new week: the old votes no longer rank, the source's do.
        assert!(wall.follow_ledger(&ledger, Week { year: 2026, week: 50 }));
        assert!(!wall.any_local_vote_this_week());
    }
}
