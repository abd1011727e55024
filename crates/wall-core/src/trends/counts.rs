//! The weekly counts behind the Trends scene, and the file they live in.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::Zone;
use crate::model::{Note, NoteKind, Status};

/// Weeks the history keeps; the scene shows [`SHOWN_WEEKS`].
pub const KEEP_WEEKS: i64 = 16;
pub const SHOWN_WEEKS: usize = 12;
/// Durations kept per week, for the median.
const MAX_DURATIONS: usize = 500;

/// The kinds in the order the bars stack them, bottom first.
pub const KINDS: [NoteKind; 6] = [
    NoteKind::Complaint,
    NoteKind::Recommendation,
    NoteKind::Suggestion,
    NoteKind::Idea,
    NoteKind::Question,
    NoteKind::Compliment,
];

/// One week's counts, for all teams or one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// Notes noted that week, by kind key.
    #[serde(default)]
    pub noted: BTreeMap<String, u32>,
    /// Notes that reached Done, or Declined, that week.
    #[serde(default)]
    pub done: u32,
    #[serde(default)]
    pub declined: u32,
    /// Days from noted to done, of the notes done that week.
    #[serde(default)]
    pub days_to_done: Vec<u32>,
    /// Notes noted that week, by topic (`core::topics`); notes without one
    /// are not counted here.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub topics: BTreeMap<String, u32>,
}

impl Tally {
    pub fn of(&self, kind: NoteKind) -> u32 {
        self.noted.get(kind.key()).copied().unwrap_or(0)
    }

    pub fn total(&self) -> u32 {
        self.noted.values().sum()
    }

    /// The median days from noted to done; `None` when nothing was done.
    pub fn median_days(&self) -> Option<u32> {
        let mut days = self.days_to_done.clone();
        days.sort_unstable();
        match days.len() {
            0 => None,
            n if n % 2 == 1 => Some(days[n / 2]),
            n => Some((days[n / 2 - 1] + days[n / 2]).div_ceil(2)),
        }
    }

    /// Nothing counted that week.
    pub fn is_empty(&self) -> bool {
        self.total() == 0 && self.done == 0 && self.declined == 0
    }
}

/// A week: all teams, and each team on its own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WeekCounts {
    pub all: Tally,
    #[serde(default)]
    pub teams: BTreeMap<String, Tally>,
}

/// One topic over the last weeks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicTrend {
    pub name: String,
    /// Notes per week, oldest first.
    pub per_week: Vec<u32>,
}

impl TopicTrend {
    /// This week's notes.
    pub fn now(&self) -> u32 {
        self.per_week.last().copied().unwrap_or(0)
    }

    /// The first week's notes.
    pub fn then(&self) -> u32 {
        self.per_week.first().copied().unwrap_or(0)
    }

    /// How much it grew from the first week to this one.
    pub fn growth(&self) -> i64 {
        i64::from(self.now()) - i64::from(self.then())
    }
}

/// What the wall remembers of a note it has counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    /// The week it was noted ("2026-W48").
    pub week: String,
    /// Counted as Done or Declined already.
    pub closed: bool,
}

/// The weekly history, as kept in `<data_dir>/trends.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Trends {
    #[serde(default)]
    pub weeks: BTreeMap<String, WeekCounts>,
    #[serde(default)]
    pub seen: BTreeMap<String, Seen>,
}

/// "2026-W48": ISO year and week, sortable as text.
pub fn week_key(date: chrono::NaiveDate) -> String {
    let week = date.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

impl Trends {
    /// Counts what is new: notes seen for the first time (in the week they
    /// were noted, in `zone`) and notes that turned Done or Declined (in
    /// this week). `notes` are all the notes on the wall, by a stable key
    /// ("source/id"). Says whether anything changed.
    pub fn observe<'a>(
        &mut self,
        notes: impl IntoIterator<Item = (String, &'a Note)>,
        zone: Zone,
        now: DateTime<Utc>,
    ) -> bool {
        self.observe_with_topics(notes, |note| note.topic.clone(), zone, now)
    }

    /// [`Trends::observe`], counting each new note under the topic
    /// `topic_of` gives it (its source's, or the team's rules').
    pub fn observe_with_topics<'a>(
        &mut self,
        notes: impl IntoIterator<Item = (String, &'a Note)>,
        topic_of: impl Fn(&Note) -> Option<String>,
        zone: Zone,
        now: DateTime<Utc>,
    ) -> bool {
        let today = zone.local(now).date();
        let this_week = week_key(today);
        let oldest = week_key(today - Duration::weeks(KEEP_WEEKS - 1));
        let mut changed = false;
        let mut present = HashSet::new();
        for (key, note) in notes {
            let closed = matches!(note.status, Status::Done | Status::Declined);
            let team = note.team.as_ref().map(|team| team.key().to_string());
            match self.seen.get_mut(&key) {
                None => {
                    let week = week_key(zone.local(note.created_at).date());
                    if week >= oldest && week <= this_week {
                        let topic = topic_of(note);
                        self.count(&week, team.as_deref(), |tally| {
                            *tally.noted.entry(note.kind.key().into()).or_default() += 1;
                            if let Some(topic) = &topic {
                                *tally.topics.entry(topic.clone()).or_default() += 1;
                            }
                        });
                    }
                    // Closed before the wall saw it (a first start, a new
                    // source): when is unknown, so it is not counted.
                    self.seen.insert(key.clone(), Seen { week, closed });
                    changed = true;
                }
                Some(seen) if closed && !seen.closed => {
                    seen.closed = true;
                    self.close(&this_week, team.as_deref(), note, now);
                    changed = true;
                }
                Some(seen) if !closed && seen.closed => {
                    seen.closed = false; // Reopened: it may close again.
                    changed = true;
                }
                Some(_) => {}
            }
            present.insert(key);
        }
        let weeks = self.weeks.len();
        self.weeks.retain(|week, _| *week >= oldest);
        let seen = self.seen.len();
        self.seen.retain(|key, note| note.week >= oldest || present.contains(key));
        changed || weeks != self.weeks.len() || seen != self.seen.len()
    }

    fn count(&mut self, week: &str, team: Option<&str>, add: impl Fn(&mut Tally)) {
        let counts = self.weeks.entry(week.to_string()).or_default();
        add(&mut counts.all);
        if let Some(team) = team {
            add(counts.teams.entry(team.to_string()).or_default());
        }
    }

    fn close(&mut self, week: &str, team: Option<&str>, note: &Note, now: DateTime<Utc>) {
        let done = note.status == Status::Done;
        let days = (now - note.created_at).num_days().max(0) as u32;
        self.count(week, team, |tally| {
            if done {
                tally.done += 1;
                if tally.days_to_done.len() < MAX_DURATIONS {
                    tally.days_to_done.push(days);
                }
            } else {
                tally.declined += 1;
            }
        });
    }

    /// The last [`SHOWN_WEEKS`] weeks up to `now`, oldest first: each
    /// week's key and its tally (of `team` when given), empty when nothing
    /// was counted.
    pub fn last_weeks(&self, zone: Zone, now: DateTime<Utc>, team: Option<&str>) -> Vec<(String, Tally)> {
        let today = zone.local(now).date();
        (0..SHOWN_WEEKS as i64)
            .rev()
            .map(|back| {
                // Whole days back from the local date: a week with a DST
                // change is still one week.
                let week = week_key(today - Duration::weeks(back));
                let tally = self.weeks.get(&week).and_then(|counts| match team {
                    Some(team) => counts.teams.get(team).cloned(),
                    None => Some(counts.all.clone()),
                });
                (week, tally.unwrap_or_default())
            })
            .collect()
    }

    /// The topics of the last `span` of `weeks` (oldest first), each with
    /// its count per week, those that grew most first (then the busiest this
    /// week, then by name).
    pub fn topic_trends(weeks: &[(String, Tally)], span: usize) -> Vec<TopicTrend> {
        let recent = &weeks[weeks.len().saturating_sub(span)..];
        let mut names: Vec<&String> = recent.iter().flat_map(|(_, tally)| tally.topics.keys()).collect();
        names.sort();
        names.dedup();
        let mut trends: Vec<TopicTrend> = names
            .into_iter()
            .map(|name| TopicTrend {
                name: name.clone(),
                per_week: recent.iter().map(|(_, tally)| tally.topics.get(name).copied().unwrap_or(0)).collect(),
            })
            .collect();
        trends.sort_by(|a, b| {
            b.growth().cmp(&a.growth()).then_with(|| b.now().cmp(&a.now())).then_with(|| a.name.cmp(&b.name))
        });
        trends
    }

    /// How many of the shown weeks have anything counted.
    pub fn weeks_with_data(weeks: &[(String, Tally)]) -> usize {
        weeks.iter().filter(|(_, tally)| !tally.is_empty()).count()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::model::Team;

    fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap_or_default()
    }

    fn note(kind: NoteKind, created_at: DateTime<Utc>, status: Status) -> Note {
        Note { team: Some(Team::Marketing), status, ..Note::new("", kind, "x", created_at) }
    }

    fn amsterdam() -> Zone {
        Zone::parse("Europe/Amsterdam").unwrap_or_default()
    }

    /// ISO weeks across the year's end, in the office's zone: Thursday 31
    /// December 2026 is in 2026-W53, Monday 4 January 2027 in 2027-W01,
    /// and 23:30 UTC on Sunday 3 January is already Monday in Amsterdam.
    #[test]
    fn weeks_are_iso_weeks_in_the_offices_zone() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(week_key(day(2026, 12, 31)), "2026-W53");
        assert_eq!(week_key(day(2027, 1, 3)), "2026-W53");
        assert_eq!(week_key(day(2027, 1, 4)), "2027-W01");
        assert_eq!(week_key(day(2024, 12, 30)), "2025-W01");
        let mut trends = Trends::default();
        let late = Utc.with_ymd_and_hms(2027, 1, 3, 23, 30, 0).single().unwrap_or_default();
        trends.observe([("a".to_string(), &note(NoteKind::Idea, late, Status::New))], amsterdam(), late);
        assert!(trends.weeks.contains_key("2027-W01"), "{:?}", trends.weeks.keys());
        // The twelve weeks up to 4 January 2027 cross the year, oldest first.
        let weeks = trends.last_weeks(amsterdam(), late, None);
        assert_eq!(weeks.len(), 12);
        assert_eq!(
            (weeks[0].0.as_str(), weeks[10].0.as_str(), weeks[11].0.as_str()),
            ("2026-W43", "2026-W53", "2027-W01")
        );
    }

    /// The week DST starts (29 March 2026) is one week, not two, looking
    /// back from the Monday after it at 00:30.
    #[test]
    fn a_week_with_a_clock_change_is_one_week() {
        let monday = Utc.with_ymd_and_hms(2026, 3, 29, 22, 30, 0).single().unwrap_or_default(); // 00:30 CEST
        let weeks = Trends::default().last_weeks(amsterdam(), monday, None);
        let keys: Vec<&str> = weeks.iter().rev().take(3).map(|(week, _)| week.as_str()).collect();
        assert_eq!(keys, ["2026-W14", "2026-W13", "2026-W12"]);
    }

    /// A note counts once in its week; closing it counts in the week it
    /// closed, with the days it took; the feed dropping it changes nothing.
    #[test]
    fn notes_count_when_noted_and_when_closed() {
        let mut trends = Trends::default();
        let zone = amsterdam();
        let noted = utc(2026, 11, 10, 9); // week 46
        let mut complaint = note(NoteKind::Complaint, noted, Status::New);
        assert!(trends.observe([("s/1".to_string(), &complaint)], zone, utc(2026, 11, 10, 10)));
        assert!(!trends.observe([("s/1".to_string(), &complaint)], zone, utc(2026, 11, 11, 10)), "seen: no change");
        complaint.status = Status::Done;
        assert!(trends.observe([("s/1".to_string(), &complaint)], zone, utc(2026, 11, 24, 9))); // week 48
        let weeks = trends.last_weeks(zone, utc(2026, 11, 24, 9), None);
        let week = |key: &str| weeks.iter().find(|(k, _)| k == key).map(|(_, t)| t.clone()).unwrap_or_default();
        assert_eq!(week("2026-W46").of(NoteKind::Complaint), 1);
        assert_eq!((week("2026-W48").done, week("2026-W48").median_days()), (1, Some(14)));
        let team = trends.last_weeks(zone, utc(2026, 11, 24, 9), Some("marketing"));
        assert_eq!(team.iter().map(|(_, t)| t.total()).sum::<u32>(), 1, "the team's own panel");
        assert!(!trends.observe(Vec::new(), zone, utc(2026, 11, 25, 9)), "the feed drops it; the count stays");
        // A note already Done when first seen counts as noted, not as done.
        let old = note(NoteKind::Idea, noted, Status::Done);
        trends.observe([("s/2".to_string(), &old)], zone, utc(2026, 11, 25, 9));
        let weeks = trends.last_weeks(zone, utc(2026, 11, 25, 9), None);
        assert_eq!(weeks.iter().map(|(_, t)| t.done).sum::<u32>(), 1, "only the one seen closing");
        assert_eq!(Trends::weeks_with_data(&trends.last_weeks(zone, utc(2026, 11, 25, 9), None)), 2);
        // Sixteen weeks on, the history has let it go.
        trends.observe(Vec::new(), zone, utc(2027, 3, 20, 9));
        assert!(trends.weeks.is_empty() && trends.seen.is_empty(), "{trends:?}");
        let text = serde_json::to_string(&trends).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Trends>(&text).ok(), Some(trends));
    }

    /// Each new note is counted under its topic in the week it was noted;
    /// the topics that grew most over the last weeks come first.
    #[test]
    fn topics_are_counted_per_week_and_the_growing_come_first() {
        let mut trends = Trends::default();
        let zone = amsterdam();
        let now = utc(2026, 11, 25, 9); // week 48
        let mut notes = Vec::new();
        // Jaarafrekening: 1 in week 45, 3 in week 48; Wachttijd: 2 and 2.
        for (i, (topic, day)) in [
            ("Jaarafrekening", 3),
            ("Jaarafrekening", 24),
            ("Jaarafrekening", 24),
            ("Jaarafrekening", 23),
            ("Wachttijd", 4),
            ("Wachttijd", 5),
            ("Wachttijd", 24),
            ("Wachttijd", 24),
        ]
        .iter()
        .enumerate()
        {
            let mut note = note(NoteKind::Complaint, utc(2026, 11, *day, 9), Status::New);
            note.id = format!("n{i}");
            note.topic = Some(topic.to_string());
            notes.push(note);
        }
        let keyed = notes.iter().map(|note| (format!("s/{}", note.id), note));
        assert!(trends.observe(keyed, zone, now));
        let weeks = trends.last_weeks(zone, now, None);
        let topics = Trends::topic_trends(&weeks, 4);
        let shown: Vec<(&str, Vec<u32>)> = topics.iter().map(|t| (t.name.as_str(), t.per_week.clone())).collect();
        assert_eq!(shown, [("Jaarafrekening", vec![1, 0, 0, 3]), ("Wachttijd", vec![2, 0, 0, 2])]);
        assert_eq!((topics[0].then(), topics[0].now(), topics[0].growth()), (1, 3, 2));
        // The file keeps them, and an older file without them still reads.
        let text = serde_json::to_string(&trends).unwrap_or_default();
        assert!(text.contains("\"topics\":{\"Jaarafrekening\""), "{text}");
        let old: Result<Trends, _> =
            serde_json::from_str(r#"{"weeks": {"2026-W48": {"all": {"noted": {"idea": 1}}}}}"#);
        assert!(old.is_ok());
    }
}
