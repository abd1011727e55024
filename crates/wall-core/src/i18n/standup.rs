//! The words of the stand-up (its steps, buttons, timer and summary), of
//! topics and stories on the wall, and of arranging stacks by hand.

use super::Language;

impl Language {
    /// The heading of the Trends scene's topics: the last four weeks.
    pub fn topics_heading(self) -> &'static str {
        match self {
            Language::En => "Topics, last 4 weeks",
            Language::Nl => "Onderwerpen, laatste 4 weken",
        }
    }

    /// The topic that grew most, as a person would say it.
    pub fn topic_change(self, topic: &str, now: u32, then: u32) -> String {
        match self {
            Language::En => format!("{topic}: {} this week, {then} four weeks ago", self.customers(now as usize)),
            Language::Nl => format!("{topic}: {} deze week, {then} vier weken geleden", self.customers(now as usize)),
        }
    }

    /// How many customers a stack holds: "7 customers", "7 klanten".
    /// The label of a suggested stack, until the stand-up decides.
    pub fn same_story(self) -> &'static str {
        match self {
            Language::En => "Same story?",
            Language::Nl => "Zelfde verhaal?",
        }
    }

    /// The stand-up's header title.
    pub fn standup_title(self, week: u32) -> String {
        match self {
            Language::En => format!("Stand-up · week {week}"),
            Language::Nl => format!("Stand-up · week {week}"),
        }
    }

    /// "Item 2 of 5" / "Punt 2 van 5".
    pub fn item_of(self, item: usize, items: usize) -> String {
        match self {
            Language::En => format!("Item {item} of {items}"),
            Language::Nl => format!("Punt {item} van {items}"),
        }
    }

    /// The timer of a stand-up item: time left, or time over.
    pub fn item_timer(self, seconds_left: i64) -> String {
        let s = seconds_left.unsigned_abs();
        let clock = format!("{}:{:02}", s / 60, s % 60);
        match (self, seconds_left >= 0) {
            (Language::En, true) => format!("{clock} left"),
            (Language::Nl, true) => format!("nog {clock}"),
            (Language::En, false) => format!("{clock} over time"),
            (Language::Nl, false) => format!("{clock} over tijd"),
        }
    }

    /// The stand-up's buttons: previous, next, finish, close.
    pub fn standup_nav(self) -> [&'static str; 4] {
        match self {
            Language::En => ["← Previous", "Next →", "Finish", "Close"],
            Language::Nl => ["← Vorige", "Volgende →", "Afronden", "Sluiten"],
        }
    }

    /// The stand-up's step before the agenda: which suggested story of how
    /// many.
    pub fn story_of(self, story: usize, stories: usize) -> String {
        match self {
            Language::En => format!("Same story? {story} of {stories}"),
            Language::Nl => format!("Zelfde verhaal? {story} van {stories}"),
        }
    }

    /// The step's buttons: same story, not the same, skip.
    pub fn story_buttons(self) -> [&'static str; 3] {
        match self {
            Language::En => ["Y  Same story", "N  Not the same", "Skip →"],
            Language::Nl => ["J  Zelfde verhaal", "N  Niet hetzelfde", "Overslaan →"],
        }
    }

    /// What the step asks, under its title.
    pub fn story_question(self) -> &'static str {
        match self {
            Language::En => "These notes look alike. Do the customers tell one story?",
            Language::Nl => "Deze notities lijken op elkaar. Vertellen de klanten één verhaal?",
        }
    }

    /// Notes of a story that do not fit on the screen.
    pub fn more_notes(self, count: usize) -> String {
        match self {
            Language::En => format!("+ {count} more"),
            Language::Nl => format!("+ nog {count}"),
        }
    }

    /// The summary's way to arranging stacks by hand.
    pub fn arrange_stacks(self) -> &'static str {
        match self {
            Language::En => "A  Arrange stacks",
            Language::Nl => "A  Stapels ordenen",
        }
    }

    /// The banner over the wall while the facilitator arranges stacks.
    pub fn arrange_hint(self) -> &'static str {
        match self {
            Language::En => {
                "Drag a note onto another to stack them; drag a stack to an empty spot to let its top note go"
            }
            Language::Nl => {
                "Sleep een notitie op een andere om ze te stapelen; sleep een stapel naar een lege plek om de bovenste los te maken"
            }
        }
    }

    /// The detail view's button, while arranging, that takes the note shown
    /// out of its stack.
    pub fn take_out_of_stack(self) -> &'static str {
        match self {
            Language::En => "Out of the stack",
            Language::Nl => "Uit de stapel",
        }
    }

    /// The banner's button that ends arranging.
    pub fn arrange_done(self) -> &'static str {
        match self {
            Language::En => "Done",
            Language::Nl => "Klaar",
        }
    }

    /// Under the QR code of the minutes on the stand-up's summary.
    pub fn minutes_qr(self) -> &'static str {
        match self {
            Language::En => "Scan: the minutes on your phone",
            Language::Nl => "Scan: de notulen op je telefoon",
        }
    }

    /// The title of the stand-up's summary.
    pub fn decisions(self) -> &'static str {
        match self {
            Language::En => "Decisions of this stand-up",
            Language::Nl => "Besluiten van deze stand-up",
        }
    }

    /// Where the minutes were saved, or that they were not.
    pub fn minutes_saved(self, path: Option<&str>) -> String {
        match (self, path) {
            (Language::En, Some(path)) => format!("Saved for the minutes: {path}"),
            (Language::Nl, Some(path)) => format!("Bewaard voor de notulen: {path}"),
            (Language::En, None) => "The minutes could not be saved; the log says why.".into(),
            (Language::Nl, None) => "De notulen konden niet worden bewaard; het logboek zegt waarom.".into(),
        }
    }
}
