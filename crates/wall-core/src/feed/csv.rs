//! Spreadsheets as a feed: a CSV file, such as a Google Sheets "publish to
//! web" link of a Google Forms response sheet.
//!
//! The config names the columns by their header. Quotes, commas and line
//! breaks inside fields, a UTF-8 byte order mark and Dutch headers all work.
//! Rows without text are skipped and counted.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::clock::Zone;

use super::columns::Columns;
use super::{FeedError, Parsed, SkippedItem};
use crate::hash;
use crate::model::{Note, NoteKind, Snapshot, Status, Team};

/// How a sheet's rows become notes.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvMapping {
    /// Which column holds what, by header (case and spaces ignored).
    pub columns: Columns,
    /// The kind of a row without a kind column or with an unknown kind.
    pub default_kind: NoteKind,
    /// chrono format of the timestamp column; Google Forms writes
    /// `23/11/2026 14:05:31`. RFC 3339 times are always understood.
    pub timestamp_format: String,
    /// The zone a timestamp without an offset is read in: the wall's
    /// configured zone, the one the office keeps the sheet in.
    pub zone: Zone,
}

impl Default for CsvMapping {
    fn default() -> CsvMapping {
        CsvMapping {
            columns: Columns { text: Some("text".into()), ..Columns::default() },
            default_kind: NoteKind::Suggestion,
            timestamp_format: GOOGLE_FORMS_TIMESTAMP.into(),
            zone: Zone::System,
        }
    }
}

/// The timestamp format of a Google Forms response sheet in a Dutch or
/// British locale.
pub const GOOGLE_FORMS_TIMESTAMP: &str = "%d/%m/%Y %H:%M:%S";

struct Found {
    text: usize,
    kind: Option<usize>,
    team: Option<usize>,
    timestamp: Option<usize>,
    noted_by: Option<usize>,
    customer: Option<usize>,
    id: Option<usize>,
    approved: Option<usize>,
    url: Option<usize>,
    topic: Option<usize>,
    praised: Option<usize>,
    status: Option<usize>,
}

/// Parses CSV text into notes. Timestamps without an offset are read in
/// the mapping's zone (the wall's configured `time_zone`).
pub fn parse(text: &str, mapping: &CsvMapping, read_at: DateTime<Utc>) -> Result<Parsed, FeedError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|err| csv_error(&err))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let columns = find_columns(&headers, mapping)?;

    let mut notes = Vec::new();
    let mut skipped = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let row = match record {
            Ok(row) => row,
            Err(err) => {
                skipped.push(SkippedItem { section: "rows", index, reason: err.to_string() });
                continue;
            }
        };
        match note_from_row(&row, &columns, mapping, read_at) {
            Ok(note) => notes.push(note),
            Err(reason) => skipped.push(SkippedItem { section: "rows", index, reason }),
        }
    }
    Ok(Parsed {
        snapshot: Snapshot { notes, commitments: Vec::new(), read_at, withheld: 0 },
        skipped,
        first_pages: None,
    })
}

fn csv_error(err: &::csv::Error) -> FeedError {
    match err.position() {
        Some(position) => FeedError::Syntax { line: position.line() as usize, column: 1, message: err.to_string() },
        None => FeedError::Shape(err.to_string()),
    }
}

fn normalize(header: &str) -> String {
    header.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn find_columns(headers: &[String], mapping: &CsvMapping) -> Result<Found, FeedError> {
    let find = |name: &str| headers.iter().position(|h| normalize(h) == normalize(name));
    let require = |name: &str| {
        find(name).ok_or_else(|| {
            FeedError::Shape(format!(
                "column {name:?} is not in the sheet; its columns are {}. Fix the column names in the config",
                headers.iter().map(|h| format!("{h:?}")).collect::<Vec<_>>().join(", ")
            ))
        })
    };
    let optional = |name: &Option<String>| name.as_deref().map(require).transpose();
    let names = &mapping.columns;
    let text = names.text.as_deref().ok_or_else(|| {
        FeedError::Shape(
            "the config names no text column; add columns: (text: \"…\"), the header of the customer's words".into(),
        )
    })?;
    Ok(Found {
        text: require(text)?,
        kind: optional(&names.kind)?,
        team: optional(&names.team)?,
        timestamp: optional(&names.timestamp)?,
        noted_by: optional(&names.noted_by)?,
        customer: optional(&names.customer)?,
        id: optional(&names.id)?,
        approved: optional(&names.approved)?,
        url: optional(&names.url)?,
        topic: optional(&names.topic)?,
        praised: optional(&names.praised)?,
        status: optional(&names.status)?,
    })
}

fn note_from_row(
    row: &::csv::StringRecord,
    columns: &Found,
    mapping: &CsvMapping,
    read_at: DateTime<Utc>,
) -> Result<Note, String> {
    let cell = |column: Option<usize>| column.and_then(|c| row.get(c)).map(str::trim).filter(|value| !value.is_empty());
    let text = cell(Some(columns.text)).ok_or("the text is empty")?.to_string();
    let created_at = match cell(columns.timestamp) {
        Some(value) => parse_timestamp(value, &mapping.timestamp_format, mapping.zone)?,
        None => read_at,
    };
    let id = match cell(columns.id) {
        Some(id) => id.to_string(),
        // Without an id column the row's content is its identity: the same
        // row gets the same id on every poll.
        None => format!("row-{:016x}", row_hash(row.iter())),
    };
    Ok(Note {
        id,
        kind: cell(columns.kind).and_then(NoteKind::parse).unwrap_or(mapping.default_kind),
        text,
        created_at,
        team: cell(columns.team).and_then(Team::parse),
        noted_by: cell(columns.noted_by).map(str::to_string),
        customer: cell(columns.customer).map(str::to_string),
        praised: cell(columns.praised).map(str::to_string),
        status: cell(columns.status).and_then(Status::parse).unwrap_or(Status::New),
        votes: 0,
        tags: Vec::new(),
        approved: cell(columns.approved).is_some_and(is_yes),
        url: super::wall::web_address(cell(columns.url).map(str::to_string)),
        topic: cell(columns.topic).map(str::to_string),
    })
}

/// A cell that says yes: yes, ja, j, y, true, x, 1 (case ignored).
pub fn is_yes(value: &str) -> bool {
    ["yes", "ja", "j", "y", "true", "x", "1"].iter().any(|yes| value.eq_ignore_ascii_case(yes))
}

fn parse_timestamp(value: &str, format: &str, zone: Zone) -> Result<DateTime<Utc>, String> {
    if let Ok(time) = DateTime::parse_from_rfc3339(value) {
        return Ok(time.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(value, format)
        .map_err(|err| format!("timestamp {value:?} does not match the format {format:?} ({err})"))?;
    zone.to_utc(naive).ok_or_else(|| format!("timestamp {value:?} does not exist in the wall's time zone"))
}

/// A row's identity: its trimmed cells, with a separator so that "a,bc"
/// and "ab,c" differ.
fn row_hash<'a>(fields: impl Iterator<Item = &'a str>) -> u64 {
    fields.fold(hash::START, |state, field| hash::fnv1a(hash::fnv1a(state, field.trim().as_bytes()), &[0x1f]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms_mapping() -> CsvMapping {
        CsvMapping {
            columns: Columns {
                text: Some("Wat zei de klant?".into()),
                kind: Some("Soort".into()),
                team: Some("Team".into()),
                timestamp: Some("Tijdstempel".into()),
                noted_by: Some("Genoteerd door".into()),
                ..Columns::default()
            },
            zone: Zone::parse("Europe/Amsterdam").unwrap_or_default(),
            ..CsvMapping::default()
        }
    }

    const FORMS: &str = "\u{feff}Tijdstempel,Soort,Wat zei de klant?,Team,Genoteerd door\n\
        23/11/2026 14:05:31,Klacht,\"Te lang gewacht, echt te lang\",Klantenservice,Sanne\n\
        23/11/2026 15:10:00,idee,\"Eerste regel\nTweede regel met \"\"quotes\"\"\",marketing,Daan\n\
        23/11/2026 16:00:00,vraag,,operations,Noor\n\
        24/11/2026 09:00:00,onbekend,Zonder soort,,\n";

    #[test]
    fn a_google_forms_sheet_with_dutch_headers_parses() -> Result<(), FeedError> {
        let parsed = parse(FORMS, &forms_mapping(), Utc::now())?;
        let notes = &parsed.snapshot.notes;
        assert_eq!(notes.len(), 3);
        assert_eq!(notes[0].kind, NoteKind::Complaint);
        assert_eq!(notes[0].text, "Te lang gewacht, echt te lang");
        assert_eq!(notes[0].team, Some(Team::CustomerService));
        assert_eq!(notes[0].noted_by.as_deref(), Some("Sanne"));
        // 14:05 in the office's zone (Amsterdam, UTC+1 in November), on a
        // machine whatever its own zone.
        assert_eq!(notes[0].created_at.to_rfc3339(), "2026-11-23T13:05:31+00:00");
        assert_eq!(notes[1].text, "Eerste regel\nTweede regel met \"quotes\"");
        assert_eq!(notes[2].kind, NoteKind::Suggestion, "unknown kinds get the default");
        assert_eq!(parsed.skipped.len(), 1, "the row without text is skipped");
        assert_eq!((parsed.skipped[0].section, parsed.skipped[0].index), ("rows", 2));
        Ok(())
    }

    /// A configured approval column approves a row with yes, ja, true or x.
    #[test]
    fn an_approval_column_says_yes_in_several_ways() -> Result<(), FeedError> {
        let text = "Wat zei de klant?,Mag op de muur
A,ja
B,X
C,nee
D,
E,Yes
F,true
";
        let mut mapping = forms_mapping();
        mapping.columns = Columns {
            text: Some("Wat zei de klant?".into()),
            approved: Some("Mag op de muur".into()),
            ..Columns::default()
        };
        let parsed = parse(text, &mapping, Utc::now())?;
        let approved: Vec<bool> = parsed.snapshot.notes.iter().map(|note| note.approved).collect();
        assert_eq!(approved, [true, true, false, false, true, true]);
        // An optional link column: only web addresses are kept.
        let text = "Wat zei de klant?,Link\nA,https://intranet.example/n/1\nB,javascript:alert(1)\n";
        mapping.columns.url = Some("Link".into());
        mapping.columns.approved = None;
        let parsed = parse(text, &mapping, Utc::now())?;
        let urls: Vec<Option<&str>> = parsed.snapshot.notes.iter().map(|note| note.url.as_deref()).collect();
        assert_eq!(urls, [Some("https://intranet.example/n/1"), None]);
        Ok(())
    }

    /// A sheet's praised and status columns mean what a list's do.
    #[test]
    fn a_sheet_names_whom_a_compliment_praises_and_a_notes_status() -> Result<(), FeedError> {
        let text = "Tekst,Soort,Voor wie,Status\nDank je!,compliment,Ruben,\nTe duur,klacht,,gepland\n";
        let mapping = CsvMapping {
            columns: Columns {
                text: Some("Tekst".into()),
                kind: Some("Soort".into()),
                praised: Some("Voor wie".into()),
                status: Some("Status".into()),
                ..Columns::default()
            },
            ..CsvMapping::default()
        };
        let notes = parse(text, &mapping, Utc::now())?.snapshot.notes;
        assert_eq!(notes[0].praised.as_deref(), Some("Ruben"));
        assert_eq!((notes[0].status, notes[1].status), (Status::New, Status::Planned));
        Ok(())
    }

    #[test]
    fn ids_are_stable_without_an_id_column() -> Result<(), FeedError> {
        let first = parse(FORMS, &forms_mapping(), Utc::now())?;
        let again = parse(FORMS, &forms_mapping(), Utc::now())?;
        let ids = |p: &Parsed| p.snapshot.notes.iter().map(|n| n.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&first), ids(&again));
        let unique: std::collections::HashSet<_> = ids(&first).into_iter().collect();
        assert_eq!(unique.len(), 3);
        Ok(())
    }

    #[test]
    fn a_missing_column_is_a_clear_config_error() {
        let mut mapping = forms_mapping();
        mapping.columns.team = Some("Afdeling".into());
        match parse(FORMS, &mapping, Utc::now()) {
            Err(FeedError::Shape(message)) => {
                assert!(message.contains("\"Afdeling\""), "{message}");
                assert!(message.contains("\"Tijdstempel\""), "{message}");
            }
            other => panic!("expected a column error, got {other:?}"),
        }
    }

    #[test]
    fn a_bad_timestamp_skips_the_row_with_the_format_named() -> Result<(), FeedError> {
        let text = "Tijdstempel,Wat zei de klant?\n2026-11-23 14:05,Hallo\n2026-11-23T14:05:00+01:00,Ok\n";
        let mut mapping = forms_mapping();
        mapping.columns = Columns {
            text: Some("Wat zei de klant?".into()),
            timestamp: Some("Tijdstempel".into()),
            ..Columns::default()
        };
        let parsed = parse(text, &mapping, Utc::now())?;
        assert_eq!(parsed.snapshot.notes.len(), 1);
        assert!(parsed.skipped[0].reason.contains("%d/%m/%Y"), "{}", parsed.skipped[0].reason);
        Ok(())
    }
}
