//! Every word the wall shows, in English and Dutch: the names of kinds,
//! statuses and teams here; the screens' labels in `labels`; dates and
//! ages ("3 days ago", "3 dagen geleden") in `dates`; the stand-up's,
//! topics' and arranging's words in `standup`; whole sentences (the badge,
//! the Trends line, a refused config, the minutes) in `sentences`. Exhaustive
//! `match`es, so a missing Dutch word does not compile; the architecture
//! test finds a `Language::Nl` arm anywhere else.

use super::model::{NoteKind, Status, Team};

mod dates;
mod labels;
mod sentences;
mod standup;

/// The language of the labels on the wall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Nl,
}

impl Language {
    pub fn customers(self, count: usize) -> String {
        match (self, count) {
            (Language::En, 1) => "1 customer".into(),
            (Language::En, n) => format!("{n} customers"),
            (Language::Nl, 1) => "1 klant".into(),
            (Language::Nl, n) => format!("{n} klanten"),
        }
    }

    pub fn kind(self, kind: NoteKind) -> &'static str {
        use NoteKind::*;
        match (self, kind) {
            (Language::En, Recommendation) => "Recommendation",
            (Language::En, Complaint) => "Complaint",
            (Language::En, Suggestion) => "Suggestion",
            (Language::En, Idea) => "Idea",
            (Language::En, Question) => "Question",
            (Language::En, Compliment) => "Compliment",
            (Language::Nl, Recommendation) => "Aanbeveling",
            (Language::Nl, Complaint) => "Klacht",
            (Language::Nl, Suggestion) => "Suggestie",
            (Language::Nl, Idea) => "Idee",
            (Language::Nl, Question) => "Vraag",
            (Language::Nl, Compliment) => "Compliment",
        }
    }

    pub fn status(self, status: Status) -> &'static str {
        use Status::*;
        match (self, status) {
            (Language::En, New) => "New",
            (Language::En, Discussed) => "Discussed",
            (Language::En, Planned) => "Planned",
            (Language::En, InProgress) => "In progress",
            (Language::En, Done) => "Done",
            (Language::En, Declined) => "Declined",
            (Language::Nl, New) => "Nieuw",
            (Language::Nl, Discussed) => "Besproken",
            (Language::Nl, Planned) => "Gepland",
            (Language::Nl, InProgress) => "Bezig",
            (Language::Nl, Done) => "Klaar",
            (Language::Nl, Declined) => "Afgewezen",
        }
    }

    /// A team's display name; teams the wall does not know keep their own
    /// name with a capital first letter.
    pub fn team(self, team: &Team) -> String {
        match (self, team) {
            (Language::En, Team::CustomerService) => "Customer Service".into(),
            (Language::Nl, Team::CustomerService) => "Klantenservice".into(),
            (_, Team::Marketing) => "Marketing".into(),
            (Language::En, Team::Operations) => "Operations".into(),
            (Language::Nl, Team::Operations) => "Operations".into(),
            (_, Team::Other(name)) => capitalize(name),
        }
    }
}

fn capitalize(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::rotation::SceneName;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, hour, 0, 0).single().unwrap_or_default()
    }

    #[test]
    fn ages_read_naturally_in_both_languages() {
        let now = at(12);
        let cases = [
            (Duration::seconds(20), "just now", "zojuist"),
            (Duration::minutes(5), "5 min ago", "5 min geleden"),
            (Duration::hours(1), "1 hour ago", "1 uur geleden"),
            (Duration::hours(3), "3 hours ago", "3 uur geleden"),
            (Duration::hours(30), "yesterday", "gisteren"),
            (Duration::days(3), "3 days ago", "3 dagen geleden"),
            (Duration::days(21), "3 weeks ago", "3 weken geleden"),
            (Duration::days(95), "3 months ago", "3 maanden geleden"),
        ];
        for (ago, en, nl) in cases {
            assert_eq!(Language::En.age(now - ago, now), en);
            assert_eq!(Language::Nl.age(now - ago, now), nl);
        }
        // A clock that is slightly behind the source never shows a negative age.
        assert_eq!(Language::En.age(now + Duration::minutes(3), now), "just now");
    }

    #[test]
    fn due_dates_count_down_and_go_overdue() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default();
        let today = day(23);
        let cases = [
            (day(30), "due in 7 days", "nog 7 dagen"),
            (day(24), "due tomorrow", "morgen"),
            (day(23), "due today", "vandaag"),
            (day(22), "overdue by 1 day", "1 dag over tijd"),
            (day(13), "overdue by 10 days", "10 dagen over tijd"),
        ];
        for (due, en, nl) in cases {
            assert_eq!(Language::En.due(due, today), en);
            assert_eq!(Language::Nl.due(due, today), nl);
        }
    }

    #[test]
    fn labels_exist_in_dutch() {
        assert_eq!(Language::Nl.kind(NoteKind::Complaint), "Klacht");
        assert_eq!(Language::Nl.status(Status::InProgress), "Bezig");
        assert_eq!(Language::Nl.team(&Team::CustomerService), "Klantenservice");
        assert_eq!(Language::En.team(&Team::Other("billing".into())), "Billing");
        assert_eq!(Language::Nl.wall_of_change(), "Muur van Verandering");
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).and_then(|d| d.and_hms_opt(9, 0, 0)).unwrap_or_default();
        assert_eq!(Language::Nl.long_date(date), "maandag 23 november");
        assert_eq!(Language::Nl.scene_title(SceneName::Priorities), "Prioriteiten deze week");
        assert_eq!(Language::En.scene_title(SceneName::Fame), "Wall of Fame");
        assert_eq!(Language::Nl.since(date.date()), "sinds 23 nov");
        assert_eq!(Language::En.short_date(date.date()), "23 Nov");
        assert_eq!(Language::Nl.next_scene(45, false), "volgende over 45 s");
        assert_eq!(Language::En.long_date(date), "Monday 23 November");
    }
}
