//! The screens' labels, in English and Dutch: titles, the header and
//! footer, the PIN pad, the detail view and its vote, the empty scenes.
//! Exhaustive `match`es: a missing Dutch word does not compile.

use crate::rotation::SceneName;

use super::Language;

impl Language {
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
    pub fn vote_blocked(self, blocked: crate::votes::Blocked) -> String {
        use crate::votes::Blocked;
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
}
