//! Wire formats that turn bytes from a source into a [`Snapshot`].
//!
//! One file per format. Every parser skips a bad item instead of failing the
//! whole feed, and reports what it skipped so the log can say why.

pub mod columns;
pub mod csv;
pub mod delta;
pub mod fider;
pub mod mapped;
pub mod wall;

use std::fmt;

use crate::model::Snapshot;

/// One item that was left out of a snapshot, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedItem {
    /// "notes" or "commitments".
    pub section: &'static str,
    /// The position of the item in its list, counted from 0.
    pub index: usize,
    pub reason: String,
}

impl fmt::Display for SkippedItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.section, self.index, self.reason)
    }
}

/// A parsed feed: the usable snapshot and the items that were skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub snapshot: Snapshot,
    pub skipped: Vec<SkippedItem>,
    /// `Some(n)` when a paged source stopped at its `max_pages` (n) while
    /// the answer named a further page: the wall shows the first n pages,
    /// not everything.
    pub first_pages: Option<usize>,
}

/// Why a whole feed could not be used. The last good snapshot stays on screen.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedError {
    /// The bytes are not valid JSON or RON at all.
    Syntax { line: usize, column: usize, message: String },
    /// The document parsed, but it is not a wall feed.
    Shape(String),
    /// The feed declares a version this build does not know.
    UnknownVersion(u64),
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeedError::Syntax { line, column, message } => {
                write!(f, "{line}:{column}: {message}")
            }
            FeedError::Shape(message) => write!(f, "not a wall feed: {message}"),
            FeedError::UnknownVersion(version) => {
                write!(f, "feed version {version} is not supported; this build reads version 1 (set \"version\": 1)")
            }
        }
    }
}

impl std::error::Error for FeedError {}

/// Parsers meet whatever a server or a colleague's editor produces. This
/// bounded mutation fuzzer feeds them thousands of broken variants of real
/// feeds; any panic fails the test. (A deterministic generator keeps the
/// run repeatable; raise `ROUNDS` locally for a longer hunt.)
#[cfg(test)]
mod never_panic {
    use chrono::Utc;

    use super::{csv, fider, wall};
    use crate::privacy;

    const ROUNDS: usize = 3000;

    /// xorshift64*: small, fast, good enough to mutate text.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    const PIECES: &[&str] = &[
        "\"",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\n",
        "\\",
        "\u{feff}",
        "null",
        "-1",
        "1e999",
        "é",
        "🎁",
        "\0",
        "\"version\": 2",
        "\"kind\": 7",
        "\"votes\": -3",
        "(",
        ")",
        "@",
        "+31 6 1234 5678",
        "\r\n",
        "\"\"",
    ];

    fn mutate(seed: &str, rng: &mut Rng) -> String {
        let mut bytes = seed.as_bytes().to_vec();
        for _ in 0..1 + rng.below(6) {
            let at = rng.below(bytes.len() + 1);
            match rng.below(4) {
                0 if !bytes.is_empty() => {
                    let end = (at + rng.below(20)).min(bytes.len());
                    bytes.drain(at.min(end)..end);
                }
                1 => bytes.splice(at..at, PIECES[rng.below(PIECES.len())].bytes()).for_each(drop),
                2 if at < bytes.len() => bytes[at] = rng.next() as u8,
                _ => bytes.truncate(at),
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn hunt(seed: &str, salt: u64, parse: impl Fn(&str)) {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ salt);
        for _ in 0..ROUNDS {
            parse(&mutate(seed, &mut rng));
        }
    }

    #[test]
    fn the_wall_feed_parsers_never_panic() {
        let seed = include_str!("../../../../config/sample-feed.json");
        hunt(&seed[..seed.len().min(3000)], 1, |text| {
            let _ = wall::parse(text, wall::Syntax::Json, Utc::now());
        });
        let ron = r#"(version: 1, notes: [(id: "r1", kind: "idee", text: "x", created_at: "2026-11-22T08:00:00+01:00", votes: 2)], commitments: [(id: "c", person: "A", promise: "p", made_on: "2026-11-01")])"#;
        hunt(ron, 2, |text| {
            let _ = wall::parse(text, wall::Syntax::Ron, Utc::now());
        });
    }

    #[test]
    fn the_fider_parser_never_panics() {
        let seed = r#"[{"id": 1, "number": 3, "title": "Chat op zondag", "description": "graag", "createdAt": "2026-11-20T09:30:00Z", "user": {"name": "Sanne"}, "votesCount": 4, "status": "started", "tags": ["idee", "team-marketing"]}]"#;
        hunt(seed, 3, |text| {
            let _ = fider::parse(text, &fider::FiderMapping::default(), Utc::now());
        });
    }

    #[test]
    fn the_csv_parser_and_the_masking_never_panic() {
        let seed = "\u{feff}Tijdstempel,Soort,Tekst,Team\n23/11/2026 14:05:31,klacht,\"Bel 06-12345678, of mail j@x.nl\",klantenservice\n";
        let mapping = csv::CsvMapping {
            columns: super::columns::Columns {
                text: Some("Tekst".into()),
                kind: Some("Soort".into()),
                team: Some("Team".into()),
                timestamp: Some("Tijdstempel".into()),
                ..super::columns::Columns::default()
            },
            ..csv::CsvMapping::default()
        };
        hunt(seed, 4, |text| {
            let _ = csv::parse(text, &mapping, Utc::now());
            let _ = privacy::mask(text);
        });
    }
}
