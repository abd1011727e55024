//! The journal's records and what they add up to.

use chrono::TimeZone;

use super::*;

pub(super) fn vote(id: &str, note: &str, week: &str) -> Record {
    Record::Vote(Vote {
        vote_id: id.into(),
        source: "0".into(),
        note_id: note.into(),
        at: Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).single().unwrap_or_default(),
        week: week.into(),
        kiosk: "tv".into(),
    })
}

#[test]
fn tallies_count_this_week_all_weeks_and_what_is_unsent() {
    let mut records = vec![
        vote("a", "n1", "2026-W48"),
        vote("b", "n1", "2026-W47"),
        vote("c", "n2", "2026-W48"),
        Record::Sent { vote_id: "b".into() },
    ];
    records.push(vote("a", "n1", "2026-W48")); // replayed after a cut-short compaction
    let ledger = Ledger::from_records(&records);
    let tallies = ledger.tallies(Week { year: 2026, week: 48 });
    assert_eq!(tallies.of("0", "n1"), Count { this_week: 1, total: 2, unsent: 1 });
    assert_eq!(tallies.of("0", "n2"), Count { this_week: 1, total: 1, unsent: 1 });
    assert_eq!(tallies.per_week.get("2026-W47"), Some(&1));
    assert_eq!(ledger.unsent().count(), 2);
    // The snapshot of a ledger gives the same ledger.
    assert_eq!(Ledger::from_records(&ledger.records()).tallies(Week { year: 2026, week: 48 }), tallies);
    // A vote its source refused for good leaves the badge.
    let mut ledger = ledger;
    ledger.parked.insert("c".into());
    assert_eq!(ledger.tallies(Week { year: 2026, week: 48 }).of("0", "n2").unsent, 0);
}

#[test]
fn a_vote_id_tells_when_it_was_cast() {
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).single().unwrap_or_default();
    let id = format!("tv-hal-2-{:x}-4d2-7", at.timestamp_millis());
    assert_eq!(vote_time(&id), Some(at), "a kiosk name with dashes");
    assert_eq!(vote_time("n-104"), None);
    assert_eq!(vote_time("a-zz-1-2"), None);
}

#[test]
fn the_week_rolls_over_at_local_midnight_on_sunday() {
    use super::super::clock::Zone;
    let zone = Zone::parse("Europe/Amsterdam").unwrap_or_default();
    let cast = |id: &str, at: DateTime<Utc>| {
        Record::Vote(Vote {
            vote_id: id.into(),
            source: "0".into(),
            note_id: "n1".into(),
            at,
            week: zone.iso_week(at).to_string(),
            kiosk: "tv".into(),
        })
    };
    let utc = |y, m, d, h, min, s| Utc.with_ymd_and_hms(y, m, d, h, min, s).single().unwrap_or_default();
    // Sunday 22 November 2026, 23:59:59 in Amsterdam, and one second later.
    let sunday = utc(2026, 11, 22, 22, 59, 59);
    let monday = utc(2026, 11, 22, 23, 0, 0);
    let ledger = Ledger::from_records(&[cast("a", sunday), cast("b", monday)]);
    assert_eq!(ledger.tallies(zone.iso_week(sunday)).of("0", "n1").this_week, 1);
    assert_eq!(ledger.tallies(zone.iso_week(monday)).of("0", "n1").this_week, 1);
    assert_eq!(zone.iso_week(monday).to_string(), "2026-W48");
    // The last ISO week of 2026 is week 53, and it runs into 2027.
    let new_year = Ledger::from_records(&[
        cast("c", utc(2026, 12, 31, 12, 0, 0)),
        cast("d", utc(2027, 1, 3, 22, 59, 59)),
        cast("e", utc(2027, 1, 3, 23, 0, 0)),
    ]);
    let week_53 = new_year.tallies(zone.iso_week(utc(2027, 1, 1, 12, 0, 0)));
    assert_eq!(week_53.of("0", "n1").this_week, 2);
    assert_eq!(week_53.per_week.get("2026-W53"), Some(&2));
    assert_eq!(week_53.per_week.get("2027-W01"), Some(&1));
}

/// The stand-up's decisions about stories are journaled like
/// statuses: the last per note counts, a compacted snapshot gives the
/// same ledger, and only the decisions still in force keep their sent
/// mark.
#[test]
fn story_decisions_survive_a_compaction() {
    let at = |s| Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, s).single().unwrap_or_default();
    let topic = |id: &str, topic: Option<&str>, s| Record::Topic {
        source: "fider".into(),
        note_id: id.into(),
        topic: topic.map(str::to_string),
        original: (id == "2").then(|| "1".to_string()),
        previous: None,
        at: at(s),
        kiosk: "tv".into(),
    };
    let records = vec![
        topic("1", Some("Jaarnota"), 0),
        topic("2", Some("Jaarnota"), 0),
        Record::TopicSent { source: "fider".into(), note_id: "1".into(), at: at(0) },
        topic("1", None, 5),
        Record::Apart {
            notes: vec![("fider".into(), "4".into()), ("csv".into(), "9".into())],
            at: at(3),
            kiosk: "tv".into(),
        },
    ];
    let ledger = Ledger::from_records(&records);
    let note = |id: &str| NoteRef { source: "fider".into(), id: id.into() };
    assert_eq!(ledger.stories.topics[&note("1")].topic, None, "the later decision");
    let unsent: Vec<&str> = ledger.stories.unsent().iter().map(|(note, _)| note.id.as_str()).collect();
    assert_eq!(unsent, ["2", "1"], "the old decision of 1 was sent; its new one was not");
    let again = Ledger::from_records(&ledger.records());
    assert_eq!((&again.stories.topics, &again.stories.apart), (&ledger.stories.topics, &ledger.stories.apart));
    assert_eq!(again.stories.unsent(), ledger.stories.unsent());
    let line = lines::encode(&records[1]);
    assert!(line.contains("\"original\":\"1\""), "{line}");
}
