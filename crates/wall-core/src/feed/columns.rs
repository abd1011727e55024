//! Which column holds what, for the sources whose rows have named columns:
//! a CSV sheet (by header) and a Microsoft list (by internal name). One
//! type, one meaning per field; each source reads the columns it has a
//! meaning for and refuses the others with what to do ([`Columns::refuse`]).
//! (A `Mapped` JSON source points into its items with JSON pointers, a
//! different thing, and keeps its own fields.)

use serde::{Deserialize, Serialize};

/// `columns: (text: "Feedback", kind: "Soort", …)`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Columns {
    /// The customer's words. A CSV source must name it; a list's is
    /// "Title" unless named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The kind of feedback, in the wall's words (English or Dutch) or
    /// mapped by the source's `kinds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Who wrote the note down.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noted_by: Option<String>,
    /// The customer (masked on the wall: first name or initials).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// Whom a compliment praises.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub praised: Option<String>,
    /// The note's status, in the wall's words (English or Dutch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// "yes", "ja", "true", "x" (or a yes/no column) approves the note for
    /// the wall.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved: Option<String>,
    /// What the note is about ("Onderwerp"): its topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// When it was written (a sheet; a list item has its own time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// The row's own id (a sheet; a list item has its own id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The row's own page, http or https, shown as a QR code (a sheet; a
    /// list item has its own page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A number column every wall counts its votes in (a list: votes are
    /// written back to it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub votes: Option<String>,
    /// Where the wall keeps the ids of the votes it counted (a list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vote_ids: Option<String>,
}

/// What kind of source reads the columns, for [`Columns::refuse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// A CSV sheet: read, never written.
    Csv,
    /// A Microsoft list: read, and written where the config asks.
    List,
}

impl Reader {
    /// The columns this source has a meaning for.
    pub fn reads(self) -> &'static [&'static str] {
        match self {
            Reader::Csv => &[
                "text",
                "kind",
                "team",
                "noted_by",
                "customer",
                "praised",
                "status",
                "approved",
                "topic",
                "timestamp",
                "id",
                "url",
            ],
            Reader::List => &[
                "text", "kind", "team", "noted_by", "customer", "praised", "status", "approved", "topic", "votes",
                "vote_ids",
            ],
        }
    }

    /// Why a column is not read, and what to do.
    fn why_not(self, column: &str) -> &'static str {
        match (self, column) {
            (Reader::Csv, "votes" | "vote_ids") => {
                "the wall never writes to a sheet, so votes are counted on the wall itself; remove it, or use a MicrosoftList source to share votes between walls"
            }
            (Reader::List, "timestamp") => "a list item's time is its own createdDateTime; remove it",
            (Reader::List, "id") => "a list item's id is its own; remove it",
            (Reader::List, "url") => "a list item's page is its own webUrl; remove it",
            _ => "remove it",
        }
    }
}

impl Columns {
    /// The columns the config names, by their field names.
    pub fn named(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("text", &self.text),
            ("kind", &self.kind),
            ("team", &self.team),
            ("noted_by", &self.noted_by),
            ("customer", &self.customer),
            ("praised", &self.praised),
            ("status", &self.status),
            ("approved", &self.approved),
            ("topic", &self.topic),
            ("timestamp", &self.timestamp),
            ("id", &self.id),
            ("url", &self.url),
            ("votes", &self.votes),
            ("vote_ids", &self.vote_ids),
        ]
        .into_iter()
        .filter_map(|(field, name)| name.as_deref().map(|name| (field, name)))
    }

    /// Refuses a column `reader` has no meaning for, and an empty name,
    /// with what to do instead.
    pub fn refuse(&self, reader: Reader, source: &str) -> Result<(), String> {
        if let Some((field, _)) = self.named().find(|(_, name)| name.trim().is_empty()) {
            return Err(format!("{source}: columns: ({field}: \"\") names no column; name one, or leave {field} out"));
        }
        match self.named().find(|(field, _)| !reader.reads().contains(field)) {
            Some((field, _)) => Err(format!(
                "{source}: columns: ({field}: …) is not read from this kind of source: {}. It reads {}",
                reader.why_not(field),
                reader.reads().join(", ")
            )),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_source_refuses_what_it_cannot_read_and_says_what_to_do() {
        let named = |name: &str| Some(name.to_string());
        let sheet = Columns { text: named("Feedback"), votes: named("Stemmen"), ..Columns::default() };
        let err = sheet.refuse(Reader::Csv, "Csv \"feedback.csv\"").err().unwrap_or_default();
        assert!(
            err.contains("votes") && err.contains("never writes to a sheet") && err.contains("MicrosoftList"),
            "{err}"
        );
        assert_eq!(sheet.refuse(Reader::List, "MicrosoftList"), Ok(()), "a list counts votes in a column");

        let list = Columns { timestamp: named("Created"), ..Columns::default() };
        let err = list.refuse(Reader::List, "MicrosoftList").err().unwrap_or_default();
        assert!(err.contains("createdDateTime"), "{err}");
        assert_eq!(list.refuse(Reader::Csv, "Csv"), Ok(()));

        // Where the meanings agree, both read it.
        let both =
            Columns { text: named("Tekst"), praised: named("Voor wie"), kind: named("Soort"), ..Columns::default() };
        assert_eq!(both.refuse(Reader::Csv, "Csv"), Ok(()));
        assert_eq!(both.refuse(Reader::List, "MicrosoftList"), Ok(()));

        let empty = Columns { kind: named(" "), ..Columns::default() };
        let err = empty.refuse(Reader::Csv, "Csv").err().unwrap_or_default();
        assert!(err.contains("kind") && err.contains("names no column"), "{err}");
    }

    #[test]
    fn a_config_names_columns_in_one_syntax_for_both_sources() -> Result<(), ron::error::SpannedError> {
        let ron = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let parsed: Columns = ron.from_str("(text: \"Feedback\", status: \"Status\")")?;
        assert_eq!(parsed.named().collect::<Vec<_>>(), [("text", "Feedback"), ("status", "Status")]);
        assert!(ron.from_str::<Columns>("(txet: \"Feedback\")").is_err(), "a misspelt column is refused");
        Ok(())
    }
}
