//! Dates and ages in words, in English and Dutch: "12 Oct" / "12 okt",
//! "Monday 23 November" / "maandag 23 november", "due in 3 days" / "nog 3
//! dagen", "2 weeks ago" / "2 weken geleden". Exhaustive `match`es.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};

use super::Language;

impl Language {
    /// "12 Oct" / "12 okt".
    pub fn short_date(self, date: NaiveDate) -> String {
        let month = date.month0() as usize;
        match self {
            Language::En => format!("{} {}", date.day(), &EN_MONTHS[month][..3]),
            Language::Nl => format!("{} {}", date.day(), &NL_MONTHS[month][..3]),
        }
    }

    /// "since 12 Oct" / "sinds 12 okt": when a promise was made.
    pub fn since(self, date: NaiveDate) -> String {
        match self {
            Language::En => format!("since {}", self.short_date(date)),
            Language::Nl => format!("sinds {}", self.short_date(date)),
        }
    }

    /// How a promise stands against its due date.
    pub fn due(self, due: NaiveDate, today: NaiveDate) -> String {
        let days = (due - today).num_days();
        let (en, nl) = match days {
            0 => ("due today".to_string(), "vandaag".to_string()),
            1 => ("due tomorrow".to_string(), "morgen".to_string()),
            2.. => (format!("due in {days} days"), format!("nog {days} dagen")),
            -1 => ("overdue by 1 day".to_string(), "1 dag over tijd".to_string()),
            _ => (format!("overdue by {} days", -days), format!("{} dagen over tijd", -days)),
        };
        match self {
            Language::En => en,
            Language::Nl => nl,
        }
    }

    /// "Monday 23 November" / "maandag 23 november".
    pub fn long_date(self, date: NaiveDateTime) -> String {
        let weekday = date.weekday().num_days_from_monday() as usize;
        let month = date.month0() as usize;
        match self {
            Language::En => format!("{} {} {}", EN_DAYS[weekday], date.day(), EN_MONTHS[month]),
            Language::Nl => format!("{} {} {}", NL_DAYS[weekday], date.day(), NL_MONTHS[month]),
        }
    }

    /// How long ago something happened, in words: "just now", "5 min ago",
    /// "yesterday", "3 days ago", "2 weeks ago".
    pub fn age(self, then: DateTime<Utc>, now: DateTime<Utc>) -> String {
        let minutes = (now - then).num_minutes().max(0);
        let hours = minutes / 60;
        let days = hours / 24;
        let (en, nl) = match () {
            _ if minutes < 1 => ("just now".to_string(), "zojuist".to_string()),
            _ if minutes < 60 => (format!("{minutes} min ago"), format!("{minutes} min geleden")),
            _ if hours < 24 => (plural(hours, "1 hour ago", "hours ago"), format!("{hours} uur geleden")),
            _ if days < 2 => ("yesterday".to_string(), "gisteren".to_string()),
            _ if days < 14 => (format!("{days} days ago"), format!("{days} dagen geleden")),
            _ if days < 60 => {
                let weeks = days / 7;
                (format!("{weeks} weeks ago"), format!("{weeks} weken geleden"))
            }
            _ if days < 730 => {
                let months = days / 30;
                (format!("{months} months ago"), format!("{months} maanden geleden"))
            }
            _ => {
                let years = days / 365;
                (format!("{years} years ago"), format!("{years} jaar geleden"))
            }
        };
        match self {
            Language::En => en,
            Language::Nl => nl,
        }
    }
}

const EN_DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const NL_DAYS: [&str; 7] = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const NL_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

fn plural(count: i64, one: &str, many: &str) -> String {
    if count == 1 { one.to_string() } else { format!("{count} {many}") }
}
