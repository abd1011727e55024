//! The wall's whole sentences, in English and Dutch: the health badge, the
//! Trends scene's opening line, a refused config edit, and the stand-up's
//! minutes. Exhaustive `match`es: a missing Dutch sentence does not compile.

use chrono::NaiveDate;

use super::Language;

impl Language {
    /// The badge while every source is failing, since `time` ("10:42").
    pub fn offline_since(self, time: &str, has_data: bool) -> String {
        match (self, has_data) {
            (Language::En, true) => format!("offline since {time} — showing the last data"),
            (Language::Nl, true) => format!("offline sinds {time} — laatste gegevens"),
            (Language::En, false) => format!("offline since {time} — no data yet"),
            (Language::Nl, false) => format!("offline sinds {time} — nog geen gegevens"),
        }
    }

    /// The badge of fresh data: "updated 2 min ago".
    pub fn updated(self, age: &str) -> String {
        match self {
            Language::En => format!("updated {age}"),
            Language::Nl => format!("bijgewerkt {age}"),
        }
    }

    /// The Trends scene's opening line: complaints this week (`now`),
    /// against four weeks ago (`then`) when the history reaches that far.
    pub fn complaints_this_week(self, now: u32, then: Option<u32>) -> String {
        match (self, then) {
            (Language::En, None) => format!("Complaints this week: {now}"),
            (Language::En, Some(then)) if then == now => {
                format!("Complaints this week: {now}, as many as four weeks ago")
            }
            (Language::En, Some(then)) => format!(
                "Complaints this week: {now}, {} from {then} four weeks ago",
                if now < then { "down" } else { "up" }
            ),
            (Language::Nl, None) => format!("Klachten deze week: {now}"),
            (Language::Nl, Some(then)) if then == now => {
                format!("Klachten deze week: {now}, evenveel als vier weken geleden")
            }
            (Language::Nl, Some(then)) => format!(
                "Klachten deze week: {now}, {} dan de {then} van vier weken geleden",
                if now < then { "minder" } else { "meer" }
            ),
        }
    }

    /// A refused edit of the config file at `place` ("wall.ron:3:5"): in
    /// full, and short for a narrow row.
    pub fn config_error(self, place: &str) -> (String, String) {
        let full = match self {
            Language::En => format!("⚠ {place} has an error; the wall keeps the last good config"),
            Language::Nl => format!("⚠ {place} bevat een fout; de muur houdt de laatste goede config aan"),
        };
        (full, format!("⚠ {place}"))
    }

    /// The minutes' title and table head.
    pub fn minutes_head(self, date: NaiveDate, week: u32) -> (String, &'static str) {
        let title = format!("# Stand-up {date} (week {week})");
        match self {
            Language::En => (title, "| # | Note | Kind | Team | Votes | Decision |"),
            Language::Nl => (title, "| # | Notitie | Soort | Team | Stemmen | Besluit |"),
        }
    }

    /// A walked note the stand-up decided nothing about.
    pub fn no_decision(self) -> &'static str {
        match self {
            Language::En => "no decision",
            Language::Nl => "geen besluit",
        }
    }

    /// The minutes' count line: "3 of 5 notes decided."
    pub fn notes_decided(self, decided: usize, of: usize) -> String {
        match self {
            Language::En => format!("\n{decided} of {of} notes decided.\n"),
            Language::Nl => format!("\n{decided} van {of} notities besloten.\n"),
        }
    }

    /// The last line of minutes cut short for a QR code.
    pub fn minutes_shortened(self) -> &'static str {
        match self {
            Language::En => "(Shortened for the QR code; the full minutes are saved on the wall.)",
            Language::Nl => "(Ingekort voor de QR-code; de volledige notulen staan op de muur.)",
        }
    }
}
