//! The minutes of a weekly stand-up: the notes that were walked, their
//! votes, and what was decided, as Markdown the team can paste into its
//! notes.

use chrono::NaiveDate;

use super::clock::Week;
use super::history::DoneNote;
use super::i18n::Language;
use super::model::{Note, NoteKind, Status};

/// One note of the stand-up and what was decided about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item<'a> {
    pub note: &'a Note,
    pub votes: u32,
    pub decision: Option<Status>,
    /// The topic whose stack the note tops, and how many customers it holds.
    pub topic: Option<(String, usize)>,
}

/// The Markdown minutes of a stand-up, ending with what became Done since
/// the last one.
pub fn minutes(date: NaiveDate, week: Week, items: &[Item<'_>], done: &[&DoneNote], language: Language) -> String {
    let (title, columns) = language.minutes_head(date, week.week);
    let none = language.no_decision();
    let mut text = format!("{title}\n\n{columns}\n|---|---|---|---|---:|---|\n");
    for (index, item) in items.iter().enumerate() {
        let team = item.note.team.as_ref().map(|t| language.team(t)).unwrap_or_default();
        let decision = item.decision.map_or(none, |status| language.status(status));
        let said = match &item.topic {
            Some((topic, customers)) => {
                format!("**{}** ({}): {}", cell(topic), language.customers(*customers), cell(&item.note.text))
            }
            None => cell(&item.note.text),
        };
        text.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            index + 1,
            said,
            language.kind(item.note.kind),
            cell(&team),
            item.votes,
            decision
        ));
    }
    let decided = items.iter().filter(|item| item.decision.is_some()).count();
    text.push_str(&language.notes_decided(decided, items.len()));
    if !done.is_empty() {
        text.push_str(&format!("\n## {}\n\n", language.done_since_last_standup()));
        for note in done {
            let kind = NoteKind::parse(&note.kind).map(|kind| language.kind(kind)).unwrap_or_default();
            text.push_str(&format!("- {} ({kind}, {})\n", cell(&note.text), note.done_at.format("%Y-%m-%d")));
        }
    }
    text
}

/// The most bytes of minutes a QR code on the summary screen carries: a
/// code of about 140 modules, which a phone reads from a metre or two at
/// 3 px a module.
pub const QR_BYTES: usize = 1200;

/// The minutes as a phone should get them from a QR code: the whole
/// Markdown when it fits in `max` bytes; otherwise a short list, the title,
/// each item with its decision on one line (cut to fit), and a line that
/// says the rest is in the saved minutes.
pub fn minutes_for_qr(full: &str, items: &[Item<'_>], language: Language, max: usize) -> String {
    if full.len() <= max {
        return full.to_string();
    }
    let title = full.lines().next().unwrap_or_default();
    let (none, rest) = (language.no_decision(), language.minutes_shortened());
    let mut text = format!("{title}\n\n");
    let room = max.saturating_sub(title.len() + rest.len() + 4);
    let per_item = (room / items.len().max(1)).max(24);
    for (index, item) in items.iter().enumerate() {
        let decision = item.decision.map_or(none, |status| language.status(status));
        let said = match &item.topic {
            Some((topic, customers)) => format!("{topic} ({}): {}", language.customers(*customers), item.note.text),
            None => item.note.text.clone(),
        };
        let head = format!("{}. {decision}: ", index + 1);
        let mut line = format!("{head}{}", said.split_whitespace().collect::<Vec<_>>().join(" "));
        if line.len() > per_item {
            let mut cut = per_item.saturating_sub(3).min(line.len());
            while !line.is_char_boundary(cut) {
                cut -= 1;
            }
            line.truncate(cut);
            line.push('…');
        }
        if text.len() + line.len() + rest.len() + 2 > max {
            break;
        }
        text.push_str(&line);
        text.push('\n');
    }
    text.push('\n');
    text.push_str(rest);
    text
}

/// Text that stays inside one table cell.
fn cell(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::model::Team;

    #[test]
    fn minutes_are_a_markdown_table_of_the_decisions() {
        let note = Note {
            id: "n-1".into(),
            kind: NoteKind::Complaint,
            text: "Wachttijd | telefoon\nveel te lang".into(),
            created_at: Utc::now(),
            team: Some(Team::CustomerService),
            noted_by: None,
            customer: None,
            praised: None,
            status: Status::New,
            votes: 7,
            tags: Vec::new(),
            approved: false,
            url: None,
            topic: None,
        };
        let items = [
            Item { note: &note, votes: 7, decision: Some(Status::Planned), topic: None },
            Item { note: &note, votes: 2, decision: None, topic: Some(("Wachttijd".into(), 4)) },
        ];
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let done = crate::history::DoneNote {
            source: "feed".into(),
            id: "n-0".into(),
            kind: "idea".into(),
            text: "Terugbelslot in de app".into(),
            team: None,
            done_at: Utc::now(),
        };
        let text = minutes(date, Week { year: 2026, week: 48 }, &items, &[&done], Language::Nl);
        assert!(text.starts_with("# Stand-up 2026-11-23 (week 48)"), "{text}");
        assert!(
            text.contains("| 1 | Wachttijd \\| telefoon veel te lang | Klacht | Klantenservice | 7 | Gepland |"),
            "{text}"
        );
        assert!(text.contains("| 2 | **Wachttijd** (4 klanten): Wachttijd"), "each topic with its count: {text}");
        assert!(text.contains("geen besluit"));
        assert!(text.contains("1 van 2 notities besloten."));
        assert!(text.contains("## Gedaan sinds de vorige stand-up\n\n- Terugbelslot in de app (Idee, "), "{text}");
        // Small minutes go into the QR code whole; long ones as a short list.
        assert_eq!(minutes_for_qr(&text, &items, Language::Nl, 4000), text);
        let short = minutes_for_qr(&text, &items, Language::Nl, 200);
        assert!(short.len() <= 200, "{} bytes: {short}", short.len());
        assert!(short.starts_with("# Stand-up 2026-11-23 (week 48)\n\n1. Gepland: Wachttijd"), "{short}");
        assert!(short.ends_with("de volledige notulen staan op de muur.)"), "{short}");
    }
}
