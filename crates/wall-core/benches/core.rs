//! Benchmarks of the pure core: feed parsing and layout at wall sizes.
//! Run with `cargo bench --bench core`; see docs/performance.md for the
//! figures measured so far and the targets.

// A benchmark that cannot set up stops loudly.
#![allow(clippy::panic)]

use chrono::Utc;
use divan::{Bencher, black_box};

use wall_core::feed::columns::Columns;
use wall_core::feed::csv::{self, CsvMapping};
use wall_core::feed::wall::{self, Syntax};
use wall_core::generate;
use wall_core::layout::{LayoutItem, LayoutParams, Rect, layout};
use wall_core::metrics::FontMetrics;

fn main() {
    divan::main();
}

#[divan::bench(args = [1_000, 10_000])]
fn parse_json_feed(bencher: Bencher, notes: usize) {
    let text = wall::to_json(&generate::snapshot(notes, Utc::now()));
    bencher.bench(|| wall::parse(black_box(&text), Syntax::Json, Utc::now()));
}

/// A Google-Forms-like sheet with the generated notes as rows.
fn sheet(notes: usize) -> String {
    let mut text = String::from("\u{feff}Tijdstempel,Soort,Wat zei de klant?,Team,Genoteerd door\n");
    for note in generate::snapshot(notes, Utc::now()).notes {
        let when = note.created_at.format("%d/%m/%Y %H:%M:%S");
        let team = note.team.as_ref().map(|t| t.key().to_string()).unwrap_or_default();
        let said = note.text.replace('"', "\"\"");
        let by = note.noted_by.unwrap_or_default();
        text.push_str(&format!("{when},{},\"{said}\",{team},{by}\n", note.kind.key()));
    }
    text
}

#[divan::bench(args = [1_000, 10_000])]
fn parse_csv_sheet(bencher: Bencher, rows: usize) {
    let text = sheet(rows);
    let mapping = CsvMapping {
        columns: Columns {
            text: Some("Wat zei de klant?".into()),
            kind: Some("Soort".into()),
            team: Some("Team".into()),
            timestamp: Some("Tijdstempel".into()),
            noted_by: Some("Genoteerd door".into()),
            ..Columns::default()
        },
        ..CsvMapping::default()
    };
    bencher.bench(|| csv::parse(black_box(&text), &mapping, Utc::now()));
}

#[divan::bench(args = [200, 1_000, 10_000])]
fn layout_notes(bencher: Bencher, notes: usize) {
    let snapshot = generate::snapshot(notes, Utc::now());
    let metrics = match FontMetrics::inter() {
        Ok(metrics) => metrics,
        Err(err) => panic!("the shipped font reads: {err}"),
    };
    let footers: Vec<String> = snapshot
        .notes
        .iter()
        .map(|n| format!("{} · 3 days ago", n.team.as_ref().map(|t| t.key()).unwrap_or("")))
        .collect();
    let items: Vec<LayoutItem<'_>> = snapshot
        .notes
        .iter()
        .zip(&footers)
        .map(|(note, footer)| LayoutItem {
            id: &note.id,
            label: note.kind.key(),
            body: &note.text,
            footer,
            votes: note.votes,
            stamp: (note.status != wall_core::model::Status::New).then_some(note.status.key()),
        })
        .collect();
    let params = LayoutParams::new(Rect::new(16.0, 64.0, 1888.0, 990.0), 20.0);
    bencher.bench(|| layout(black_box(&items), &params, &metrics));
}

/// A journal of `votes` votes over 200 notes and 20 weeks, as on disk.
fn journal_text(votes: usize) -> String {
    use wall_core::votes::lines::encode;
    use wall_core::votes::{Record, Vote};
    let at = Utc::now();
    (0..votes)
        .map(|i| {
            encode(&Record::Vote(Vote {
                vote_id: format!("tv-hal-{i:x}"),
                source: "0".into(),
                note_id: format!("n-{}", i % 200),
                at,
                week: format!("2026-W{:02}", 29 + (i % 20)),
                kiosk: "tv-hal".into(),
            }))
        })
        .collect()
}

/// Start-up cost of the vote journal: read and check every record, build
/// the ledger, and count this week's and all votes per note.
#[divan::bench(args = [100_000])]
fn vote_tallies_from_journal(bencher: Bencher, votes: usize) {
    use wall_core::clock::Week;
    use wall_core::votes::Ledger;
    use wall_core::votes::lines::recover;
    let text = journal_text(votes);
    bencher.bench(|| {
        let (records, _) = recover(black_box(&text));
        Ledger::from_records(&records).tallies(Week { year: 2026, week: 48 })
    });
}

/// Recounting the tallies after a vote (the ledger already in memory).
#[divan::bench(args = [100_000])]
fn vote_tallies_recount(bencher: Bencher, votes: usize) {
    use wall_core::clock::Week;
    use wall_core::votes::Ledger;
    use wall_core::votes::lines::recover;
    let (records, _) = recover(&journal_text(votes));
    let ledger = Ledger::from_records(&records);
    bencher.bench(|| black_box(&ledger).tallies(Week { year: 2026, week: 48 }));
}

/// The shipped example's 32 topics and 18 more (50 in all), and `count`
/// notes from the labelled set, repeated with a serial in each.
fn topics_and_notes(count: usize) -> (wall_core::topics::Rules, Vec<wall_core::model::Note>) {
    use wall_core::model::{Note, NoteKind};
    use wall_core::topics::{Rules, TopicRule};
    /// The example config's topics; the rest of it is the app's.
    #[derive(serde::Deserialize)]
    struct Example {
        topics: Vec<TopicRule>,
    }
    let options = ron::Options::default().with_default_extension(
        ron::extensions::Extensions::IMPLICIT_SOME | ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES,
    );
    let config: Example = match options.from_str(include_str!("../../../config/examples/topics-energy.ron")) {
        Ok(config) => config,
        Err(err) => panic!("the example parses: {err}"),
    };
    let mut rules = config.topics.clone();
    for (n, rule) in config.topics.iter().take(18).enumerate() {
        let words = rule.words.iter().map(|word| format!("{word}x{n}")).collect();
        rules.push(TopicRule { name: format!("{} {n}", rule.name), words, not: Vec::new() });
    }
    let labelled: Vec<serde_json::Value> =
        match serde_json::from_str(include_str!("../../../tests/fixtures/topics/labelled.json")) {
            Ok(items) => items,
            Err(err) => panic!("labelled.json: {err}"),
        };
    let notes = (0..count)
        .map(|i| {
            let item = &labelled[i % labelled.len()];
            let text = format!("{} ({i})", item["text"].as_str().unwrap_or_default());
            Note::new(format!("n{i}"), NoteKind::Complaint, text, Utc::now())
        })
        .collect();
    (Rules::new(&rules), notes)
}

/// Every note placed by 50 topics' rules, each text for the first time
/// (the target: 10,000 in under 50 ms).
#[divan::bench(args = [1_000, 10_000])]
fn topics_by_rules(bencher: Bencher, notes: usize) {
    let (rules, notes) = topics_and_notes(notes);
    bencher.bench(|| notes.iter().filter(|note| rules.place_uncached(black_box(&note.text)).is_some()).count());
}

/// The same notes placed again, as every layout of the wall does: each
/// text is remembered.
#[divan::bench(args = [10_000])]
fn topics_by_rules_again(bencher: Bencher, notes: usize) {
    let (rules, notes) = topics_and_notes(notes);
    bencher.bench(|| notes.iter().filter(|note| rules.place(black_box(&note.text)).is_some()).count());
}

/// One arriving note (the target: under 1 ms).
#[divan::bench]
fn topics_one_note(bencher: Bencher) {
    let (rules, notes) = topics_and_notes(1);
    bencher.bench(|| rules.place_uncached(black_box(&notes[0].text)));
}

/// Rules, then suggestions for what they leave out, on the whole wall, as
/// a layout does it (the rules' results remembered, the suggestions not).
#[divan::bench(args = [10_000])]
fn topics_with_suggestions(bencher: Bencher, notes: usize) {
    let (rules, notes) = topics_and_notes(notes);
    let decided = wall_core::topics::Decided::default();
    bencher.bench(|| wall_core::topics::place(black_box(&notes), &rules, &decided));
}
