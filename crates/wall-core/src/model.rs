//! What the wall shows: notes of customer feedback, employees' commitments,
//! and the snapshot that carries both from a source to the screen.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

/// The kinds of post-it that customer-service staff write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoteKind {
    Recommendation,
    Complaint,
    Suggestion,
    Idea,
    Question,
    Compliment,
}

impl NoteKind {
    pub const ALL: [NoteKind; 6] = [
        NoteKind::Recommendation,
        NoteKind::Complaint,
        NoteKind::Suggestion,
        NoteKind::Idea,
        NoteKind::Question,
        NoteKind::Compliment,
    ];

    /// Parses an English or Dutch kind name, ignoring case and spaces.
    pub fn parse(text: &str) -> Option<NoteKind> {
        let word = normalize_word(text);
        Some(match word.as_str() {
            "recommendation" | "aanbeveling" | "advies" => NoteKind::Recommendation,
            "complaint" | "klacht" => NoteKind::Complaint,
            "suggestion" | "suggestie" => NoteKind::Suggestion,
            "idea" | "idee" => NoteKind::Idea,
            "question" | "vraag" => NoteKind::Question,
            "compliment" | "praise" => NoteKind::Compliment,
            _ => return None,
        })
    }

    /// The stable English name used in config files and feeds.
    pub fn key(self) -> &'static str {
        match self {
            NoteKind::Recommendation => "recommendation",
            NoteKind::Complaint => "complaint",
            NoteKind::Suggestion => "suggestion",
            NoteKind::Idea => "idea",
            NoteKind::Question => "question",
            NoteKind::Compliment => "compliment",
        }
    }
}

impl fmt::Display for NoteKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Where a note stands in the weekly improvement loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Status {
    #[default]
    New,
    Discussed,
    Planned,
    InProgress,
    Done,
    Declined,
}

impl Status {
    /// Parses an English or Dutch status, ignoring case, spaces and dashes.
    pub fn parse(text: &str) -> Option<Status> {
        let word = normalize_word(text);
        Some(match word.as_str() {
            "new" | "open" | "nieuw" => Status::New,
            "discussed" | "besproken" => Status::Discussed,
            "planned" | "gepland" => Status::Planned,
            "in_progress" | "inprogress" | "started" | "bezig" | "in_behandeling" => Status::InProgress,
            "done" | "completed" | "klaar" | "gedaan" | "afgerond" => Status::Done,
            "declined" | "rejected" | "afgewezen" => Status::Declined,
            _ => return None,
        })
    }

    pub fn key(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Discussed => "discussed",
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Declined => "declined",
        }
    }
}

/// The team a note is for. The three teams of the weekly stand-up are known
/// by name (English or Dutch); any other team keeps its own name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Team {
    CustomerService,
    Marketing,
    Operations,
    Other(String),
}

impl Team {
    /// Parses a team name case-insensitively. Returns `None` for blank text.
    pub fn parse(text: &str) -> Option<Team> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return None;
        }
        let word = normalize_word(trimmed);
        Some(match word.as_str() {
            "customer_service" | "customerservice" | "klantenservice" | "klantcontact" | "service" | "cs" => {
                Team::CustomerService
            }
            "marketing" => Team::Marketing,
            "operations" | "ops" | "operatie" | "operaties" => Team::Operations,
            _ => Team::Other(trimmed.to_lowercase()),
        })
    }

    pub fn key(&self) -> &str {
        match self {
            Team::CustomerService => "customer-service",
            Team::Marketing => "marketing",
            Team::Operations => "operations",
            Team::Other(name) => name,
        }
    }
}

/// One piece of customer feedback, as written down by an employee.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub id: String,
    pub kind: NoteKind,
    pub text: String,
    pub created_at: DateTime<Utc>,
    pub team: Option<Team>,
    /// The employee who wrote it down.
    pub noted_by: Option<String>,
    /// The customer's name or initials.
    pub customer: Option<String>,
    /// For compliments: the person or team praised.
    pub praised: Option<String>,
    pub status: Status,
    pub votes: u32,
    pub tags: Vec<String>,
    /// Marked as fit for the wall by the people named in it (the feed's
    /// `approved`, a Fider tag, a CSV column); counts only where the config
    /// asks for approval.
    pub approved: bool,
    /// The note's own page at its source (a Fider post), where a phone can
    /// vote and follow it: the detail view shows it as a QR code.
    pub url: Option<String>,
    /// What the note is about, when its source says so (a feed's `topic`, a
    /// CSV column, a Fider tag, a list column); else the team's rules or
    /// the stand-up place it (`core::topics`).
    pub topic: Option<String>,
}

impl Note {
    /// A note with only its id, kind, text and time: no team or names,
    /// status New, no votes, tags or page, not approved.
    pub fn new(id: impl Into<String>, kind: NoteKind, text: impl Into<String>, created_at: DateTime<Utc>) -> Note {
        Note {
            id: id.into(),
            kind,
            text: text.into(),
            created_at,
            team: None,
            noted_by: None,
            customer: None,
            praised: None,
            status: Status::New,
            votes: 0,
            tags: Vec::new(),
            approved: false,
            url: None,
            topic: None,
        }
    }
}

/// Which note of which source: the source's stable key (its name in the
/// config, or its place) and the note's id there. Votes and decisions are
/// kept under it, so a source moved in the config keeps its history.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NoteRef {
    pub source: String,
    pub id: String,
}

impl std::fmt::Display for NoteRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.source, self.id)
    }
}

/// An employee's personal promise on the Wall of Commitment.
#[derive(Debug, Clone, PartialEq)]
pub struct Commitment {
    pub id: String,
    pub person: String,
    pub team: Option<Team>,
    pub promise: String,
    pub made_on: NaiveDate,
    pub due: Option<NaiveDate>,
    pub kept: bool,
    /// The person agreed to show the promise (see [`Note::approved`]).
    pub approved: bool,
}

/// Everything one read of a source produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub notes: Vec<Note>,
    pub commitments: Vec<Commitment>,
    pub read_at: DateTime<Utc>,
    /// Compliments and commitments left out because they wait for approval.
    pub withheld: usize,
}

impl Snapshot {
    pub fn empty(read_at: DateTime<Utc>) -> Snapshot {
        Snapshot { notes: Vec::new(), commitments: Vec::new(), read_at, withheld: 0 }
    }

    /// The notes of the Wall of Change: everything but compliments.
    pub fn feedback(&self) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(|note| note.kind != NoteKind::Compliment)
    }
}

/// Lower-case, trimmed, with spaces and dashes folded into underscores, so
/// "In Progress", "in-progress" and "IN_PROGRESS" compare equal.
fn normalize_word(text: &str) -> String {
    text.trim().to_lowercase().chars().map(|c| if c == ' ' || c == '-' { '_' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_in_english_and_dutch_any_case() {
        assert_eq!(NoteKind::parse("Complaint"), Some(NoteKind::Complaint));
        assert_eq!(NoteKind::parse(" KLACHT "), Some(NoteKind::Complaint));
        assert_eq!(NoteKind::parse("aanbeveling"), Some(NoteKind::Recommendation));
        assert_eq!(NoteKind::parse("Suggestie"), Some(NoteKind::Suggestion));
        assert_eq!(NoteKind::parse("idee"), Some(NoteKind::Idea));
        assert_eq!(NoteKind::parse("VRAAG"), Some(NoteKind::Question));
        assert_eq!(NoteKind::parse("compliment"), Some(NoteKind::Compliment));
        assert_eq!(NoteKind::parse("rant"), None);
    }

    #[test]
    fn statuses_parse_in_english_and_dutch() {
        assert_eq!(Status::parse("In Progress"), Some(Status::InProgress));
        assert_eq!(Status::parse("bezig"), Some(Status::InProgress));
        assert_eq!(Status::parse("Klaar"), Some(Status::Done));
        assert_eq!(Status::parse("gedaan"), Some(Status::Done));
        assert_eq!(Status::parse("AFGEWEZEN"), Some(Status::Declined));
        assert_eq!(Status::parse("nieuw"), Some(Status::New));
        assert_eq!(Status::parse("besproken"), Some(Status::Discussed));
        assert_eq!(Status::parse("gepland"), Some(Status::Planned));
        assert_eq!(Status::parse("maybe"), None);
    }

    #[test]
    fn teams_are_case_insensitive_and_keep_unknown_names() {
        assert_eq!(Team::parse("Customer Service"), Some(Team::CustomerService));
        assert_eq!(Team::parse("klantenservice"), Some(Team::CustomerService));
        assert_eq!(Team::parse("MARKETING"), Some(Team::Marketing));
        assert_eq!(Team::parse("Operations"), Some(Team::Operations));
        assert_eq!(Team::parse("Billing"), Some(Team::Other("billing".into())));
        assert_eq!(Team::parse("  "), None);
    }
}
