//! Every word the wall shows, in English and Dutch: labels and relative
//! dates ("3 days ago", "3 dagen geleden") here; the stand-up's, topics'
//! and arranging's words in `standup`; whole sentences (the badge, the
//! Trends line, a refused config, the minutes) in `sentences`. Exhaustive
//! `match`es, so a missing Dutch word does not compile; the architecture
//! test finds a `Language::Nl` arm anywhere else.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};

use crate::rotation::SceneName;

use super::model::{NoteKind, Status, Team};

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

    /// The default title of the Wall of Change scene.
    pub fn wall_of_change(self) -> &'static str {
        match self {
            Language::En => "Wall of Change",
            Language::Nl => "Muur van Verandering",
        }
    }

    /// "Week 48" / "Week 48": the ISO week label in the header.
    pub fn week(self, week: u32) -> String {
        match self {
            Language::En => format!("Week {week}"),
            Language::Nl => format!("Week {week}"),
        }
    }

    /// "page 2 of 3" under a paged wall.
    pub fn page(self, page: usize, pages: usize) -> String {
        match self {
            Language::En => format!("page {page} of {pages}"),
            Language::Nl => format!("pagina {page} van {pages}"),
        }
    }

    /// The line a wall shows when its source has no feedback notes yet.
    pub fn no_notes(self) -> &'static str {
        match self {
            Language::En => "No feedback on the wall yet. Notes appear here as soon as the source has them.",
            Language::Nl => "Nog geen feedback op de muur. Notities verschijnen zodra de bron ze heeft.",
        }
    }

    /// The line a wall shows while its source has not delivered any data.
    pub fn waiting_for_source(self) -> &'static str {
        match self {
            Language::En => "Waiting for the feedback source… the log says what is wrong.",
            Language::Nl => "Wachten op de feedbackbron… het logboek zegt wat er mis is.",
        }
    }

    /// The title of each scene; the Wall of Change may have its own title
    /// from the config.
    pub fn scene_title(self, scene: SceneName) -> &'static str {
        match (self, scene) {
            (_, SceneName::Change) => self.wall_of_change(),
            (Language::En, SceneName::Fame) => "Wall of Fame",
            (Language::Nl, SceneName::Fame) => "Muur van Roem",
            (Language::En, SceneName::Commitment) => "Wall of Commitment",
            (Language::Nl, SceneName::Commitment) => "Muur van Beloftes",
            (Language::En, SceneName::Priorities) => "Priorities this week",
            (Language::Nl, SceneName::Priorities) => "Prioriteiten deze week",
            (Language::En, SceneName::Trends) => "Trends",
            (Language::Nl, SceneName::Trends) => "Trends",
        }
    }

    /// The scene's name in the scene indicator: one short word.
    pub fn scene_short(self, scene: SceneName) -> &'static str {
        match (self, scene) {
            (Language::En, SceneName::Change) => "Change",
            (Language::Nl, SceneName::Change) => "Verandering",
            (Language::En, SceneName::Fame) => "Fame",
            (Language::Nl, SceneName::Fame) => "Roem",
            (Language::En, SceneName::Commitment) => "Commitment",
            (Language::Nl, SceneName::Commitment) => "Beloftes",
            (Language::En, SceneName::Priorities) => "Priorities",
            (Language::Nl, SceneName::Priorities) => "Prioriteiten",
            (Language::En, SceneName::Trends) => "Trends",
            (Language::Nl, SceneName::Trends) => "Trends",
        }
    }

    /// "next in 45 s" / "volgende over 45 s", or the pause after a touch.
    pub fn next_scene(self, seconds: u32, paused: bool) -> String {
        match (self, paused) {
            (Language::En, false) => format!("next in {seconds} s"),
            (Language::Nl, false) => format!("volgende over {seconds} s"),
            (Language::En, true) => format!("paused · resumes in {seconds} s"),
            (Language::Nl, true) => format!("gepauzeerd · verder over {seconds} s"),
        }
    }

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

    /// The PIN pad's lines: the prompt, a wrong PIN, a locked pad, no PIN.
    pub fn pin_prompt(self) -> &'static str {
        match self {
            Language::En => "Enter the PIN to close the wall.",
            Language::Nl => "Voer de pincode in om de muur te sluiten.",
        }
    }

    /// The cue under a note whose text was cut.
    pub fn tap_to_read(self) -> &'static str {
        match self {
            Language::En => "Tap to read it all ›",
            Language::Nl => "Tik om alles te lezen ›",
        }
    }

    pub fn pin_prompt_standup(self) -> &'static str {
        match self {
            Language::En => "Enter the facilitator's PIN to start the stand-up.",
            Language::Nl => "Voer de pincode van de gespreksleider in om de stand-up te starten.",
        }
    }

    pub fn pin_wrong(self, tries_left: u32) -> String {
        match self {
            Language::En => format!("Wrong PIN. {tries_left} more tries before the pad locks."),
            Language::Nl => format!("Verkeerde pincode. Nog {tries_left} pogingen, dan gaat het toetsenbord op slot."),
        }
    }

    pub fn pin_locked(self, seconds: u32) -> String {
        match self {
            Language::En => format!("Too many wrong PINs. Try again in {seconds} s."),
            Language::Nl => {
                format!("Te vaak een verkeerde pincode. Probeer het over {seconds} s opnieuw.")
            }
        }
    }

    /// When no usable PIN is configured; `why` is for the log and English.
    pub fn pin_missing(self, why: &str) -> String {
        match self {
            Language::En => format!(
                "{why}: the wall cannot be closed here. Stop the service instead (systemctl stop wall-of-change)."
            ),
            Language::Nl => {
                "Er is geen bruikbare pincode: de muur kan hier niet gesloten worden. Stop de service (systemctl stop wall-of-change).".to_string()
            }
        }
    }

    pub fn cancel(self) -> &'static str {
        match self {
            Language::En => "Cancel",
            Language::Nl => "Annuleren",
        }
    }

    /// The label of done notes on the Wall of Fame.
    pub fn we_did(self) -> &'static str {
        match self {
            Language::En => "You said, we did",
            Language::Nl => "Jullie zeiden, wij deden",
        }
    }

    /// The line that ends the Priorities scene: what became Done lately.
    pub fn we_did_count(self, count: usize, weeks: i64) -> String {
        match (self, count) {
            (Language::En, 1) => format!("We did 1 thing you asked for in the last {weeks} weeks"),
            (Language::En, n) => format!("We did {n} things you asked for in the last {weeks} weeks"),
            (Language::Nl, 1) => format!("We hebben de afgelopen {weeks} weken 1 ding gedaan waar jullie om vroegen"),
            (Language::Nl, n) => {
                format!("We hebben de afgelopen {weeks} weken {n} dingen gedaan waar jullie om vroegen")
            }
        }
    }

    /// The stand-up summary's list of what became Done since the last one.
    pub fn done_since_last_standup(self) -> &'static str {
        match self {
            Language::En => "Done since the last stand-up",
            Language::Nl => "Gedaan sinds de vorige stand-up",
        }
    }

    /// " · 3 weeks counted so far", after the Trends sentence while the
    /// history is young.
    pub fn weeks_counted(self, weeks: usize) -> String {
        match (self, weeks) {
            (Language::En, 1) => " · 1 week counted so far".into(),
            (Language::En, n) => format!(" · {n} weeks counted so far"),
            (Language::Nl, 1) => " · 1 week geteld tot nu toe".into(),
            (Language::Nl, n) => format!(" · {n} weken geteld tot nu toe"),
        }
    }

    /// What the three lines under each week of the Trends scene mean.
    pub fn trends_key(self) -> &'static str {
        match self {
            Language::En => "under each week: ✓ done · ✗ declined · days to done (median)",
            Language::Nl => "onder elke week: ✓ gedaan · ✗ afgewezen · dagen tot gedaan (mediaan)",
        }
    }

    /// Above the Wall of Change's QR code for `add_url`.
    pub fn add_feedback(self) -> &'static str {
        match self {
            Language::En => "Heard something from a customer? Scan to add it",
            Language::Nl => "Iets gehoord van een klant? Scan en zet het erbij",
        }
    }

    /// Beside a note's QR code in the detail view: its page at the source.
    pub fn follow_on_phone(self) -> &'static str {
        match self {
            Language::En => "Vote and follow it on your phone",
            Language::Nl => "Stem en volg het op je telefoon",
        }
    }

    /// The big button in a note's detail view.
    pub fn vote_button(self) -> &'static str {
        match self {
            Language::En => "Vote as priority",
            Language::Nl => "Stem als prioriteit",
        }
    }

    /// Shown once a vote is safely on disk.
    pub fn vote_thanks(self) -> &'static str {
        match self {
            Language::En => "+1  Thank you, your vote counts",
            Language::Nl => "+1  Dank je, je stem telt",
        }
    }

    /// "Votes this week: 3 · in total: 12".
    pub fn vote_counts(self, this_week: u32, total: u32) -> String {
        match self {
            Language::En => format!("Votes this week: {this_week}  ·  in total: {total}"),
            Language::Nl => format!("Stemmen deze week: {this_week}  ·  totaal: {total}"),
        }
    }

    /// Who wrote a note down, and when.
    pub fn noted(self, by: Option<&str>, when: &str) -> String {
        match (self, by) {
            (Language::En, Some(by)) => format!("Noted by {by}, {when}"),
            (Language::Nl, Some(by)) => format!("Genoteerd door {by}, {when}"),
            (Language::En, None) => format!("Noted {when}"),
            (Language::Nl, None) => format!("Genoteerd {when}"),
        }
    }

    /// Why a vote was not taken, in one friendly line.
    pub fn vote_blocked(self, blocked: super::votes::Blocked) -> String {
        use super::votes::Blocked;
        match (self, blocked) {
            (Language::En, Blocked::AlreadyVoted) => "You already voted for this note. Thank you!".into(),
            (Language::Nl, Blocked::AlreadyVoted) => "Je hebt al op deze notitie gestemd. Dank je!".into(),
            (Language::En, Blocked::SessionFull { limit }) => {
                format!("That's your {limit} votes for now. Leave the screen a minute and a new round starts.")
            }
            (Language::Nl, Blocked::SessionFull { limit }) => {
                format!("Dat waren je {limit} stemmen voor nu. Na een minuut zonder aanraken begint een nieuwe ronde.")
            }
            (Language::En, Blocked::Cooldown { seconds }) => {
                format!("This note just got a vote. You can vote for it again in {seconds} s.")
            }
            (Language::Nl, Blocked::Cooldown { seconds }) => {
                format!("Deze notitie kreeg net een stem. Over {seconds} s kan het weer.")
            }
        }
    }

    /// When a vote could not be written.
    pub fn vote_failed(self) -> &'static str {
        match self {
            Language::En => "Your vote could not be saved. Please tell the office IT person.",
            Language::Nl => "Je stem kon niet worden opgeslagen. Meld het bij de IT-collega.",
        }
    }

    /// The stamp on a promise past its due date.
    pub fn status_overdue(self) -> &'static str {
        match self {
            Language::En => "Overdue",
            Language::Nl => "Over tijd",
        }
    }

    /// The stamp on a promise that was kept.
    pub fn kept(self) -> &'static str {
        match self {
            Language::En => "Kept",
            Language::Nl => "Nagekomen",
        }
    }

    /// The top line of a compliment: who is praised.
    pub fn praised(self, who: &str) -> String {
        match self {
            Language::En => format!("For {who}"),
            Language::Nl => format!("Voor {who}"),
        }
    }

    /// Who gave a compliment: "from Jan" / "van Jan".
    pub fn from_customer(self, who: &str) -> String {
        match self {
            Language::En => format!("from {who}"),
            Language::Nl => format!("van {who}"),
        }
    }

    /// The heading of notes without a team on the Priorities scene.
    pub fn no_team(self) -> &'static str {
        match self {
            Language::En => "No team yet",
            Language::Nl => "Nog geen team",
        }
    }

    /// The line under the Priorities title, saying how the notes were chosen.
    /// The line under the Priorities title: how the agenda was chosen.
    pub fn agenda_by_topics(self, week: u32) -> String {
        match self {
            Language::En => format!("Week {week} · what most customers said, then the most-voted, per team"),
            Language::Nl => format!("Week {week} · wat de meeste klanten zeiden, dan de meeste stemmen, per team"),
        }
    }

    pub fn agenda_basis(self, by_votes: bool, week: u32) -> String {
        match (self, by_votes) {
            (Language::En, true) => format!("Week {week} · the most-voted open notes per team"),
            (Language::Nl, true) => {
                format!("Week {week} · de open notities met de meeste stemmen per team")
            }
            (Language::En, false) => {
                format!("Week {week} · nobody has voted yet, so these are the newest complaints and recommendations")
            }
            (Language::Nl, false) => {
                format!("Week {week} · nog niemand heeft gestemd, dus dit zijn de nieuwste klachten en aanbevelingen")
            }
        }
    }

    /// What an empty scene says instead of showing nothing.
    pub fn empty_scene(self, scene: SceneName) -> &'static str {
        match (self, scene) {
            (_, SceneName::Change) => self.no_notes(),
            (Language::En, SceneName::Fame) => {
                "No compliments on the wall yet. When a customer says thank you, write it down: it shows here."
            }
            (Language::Nl, SceneName::Fame) => {
                "Nog geen complimenten op de muur. Zegt een klant dankjewel? Schrijf het op: het verschijnt hier."
            }
            (Language::En, SceneName::Commitment) => {
                "No promises on the wall yet. What will you do differently this week? Add it to the feed."
            }
            (Language::Nl, SceneName::Commitment) => {
                "Nog geen beloftes op de muur. Wat ga jij deze week anders doen? Zet het in de feed."
            }
            (Language::En, SceneName::Priorities) => {
                "No open complaints or recommendations to prioritise. Vote on notes to put them on the agenda."
            }
            (Language::Nl, SceneName::Priorities) => {
                "Geen open klachten of aanbevelingen om te prioriteren. Stem op notities om ze op de agenda te zetten."
            }
            (Language::En, SceneName::Trends) => "No weeks counted yet. Notes are counted as they arrive.",
            (Language::Nl, SceneName::Trends) => "Nog geen weken geteld. Notities worden geteld zodra ze binnenkomen.",
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

fn capitalize(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate, TimeZone};

    use super::*;

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
