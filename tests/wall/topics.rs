//! How well the topic rules place customer feedback: a labelled set of 192
//! notes in Dutch and English on 32 subjects of an energy and telecom
//! company, with near-misses (`tests/fixtures/topics/labelled.json`, written
//! apart from the rules), placed by the shipped example rules
//! (`config/examples/topics-energy.ron`), which were written without seeing
//! the notes. Precision counts a note placed under the wrong topic against
//! the rules; coverage is the share of notes with a subject that got one.

use std::collections::HashSet;

use chrono::Utc;

use wall_of_change::config;
use wall_of_change::core::model::{Note, NoteKind};
use wall_of_change::core::topics::{self, Rules};

/// The labelled notes, each with its true topic.
fn labelled() -> Vec<(Note, Option<String>)> {
    let text = include_str!("../fixtures/topics/labelled.json");
    let items: Vec<serde_json::Value> = serde_json::from_str(text).unwrap_or_else(|err| panic!("labelled.json: {err}"));
    items
        .iter()
        .map(|item| {
            let kind = item["kind"].as_str().and_then(NoteKind::parse).unwrap_or(NoteKind::Suggestion);
            let note = Note::new(
                item["id"].as_str().unwrap_or_default(),
                kind,
                item["text"].as_str().unwrap_or_default(),
                Utc::now(),
            );
            (note, item["topic"].as_str().map(str::to_string))
        })
        .collect()
}

fn example_rules() -> Rules {
    let text = include_str!("../../config/examples/topics-energy.ron");
    let config = config::parse(text, "topics-energy.ron").unwrap_or_else(|err| panic!("{err}"));
    Rules::new(&config.topics)
}

#[test]
fn the_example_rules_place_the_labelled_notes_precisely() {
    let set = labelled();
    assert!(set.len() >= 150, "{} notes", set.len());
    let subjects: HashSet<&str> = set.iter().filter_map(|(_, topic)| topic.as_deref()).collect();
    assert!(subjects.len() >= 30, "{} subjects", subjects.len());
    let notes: Vec<Note> = set.iter().map(|(note, _)| note.clone()).collect();
    let placed = topics::place(&notes, &example_rules(), &HashSet::new());
    let (mut right, mut wrong, mut with_subject, mut covered) = (0, 0, 0, 0);
    let mut mistakes = Vec::new();
    for ((note, truth), topic) in set.iter().zip(&placed.topics) {
        with_subject += usize::from(truth.is_some());
        if let Some((name, _)) = topic {
            if truth.as_deref() == Some(name.as_str()) {
                right += 1;
                covered += 1;
            } else {
                wrong += 1;
                covered += usize::from(truth.is_some());
                mistakes.push(format!("{}: {:?} placed under {name}: {}", note.id, truth, note.text));
            }
        }
    }
    let precision = right as f64 / (right + wrong).max(1) as f64;
    let coverage = right as f64 / with_subject.max(1) as f64;
    // The suggestions, on what the rules left out: the share of suggested
    // pairs that are one subject.
    let (mut same, mut pairs) = (0, 0);
    for group in &placed.suggested {
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                pairs += 1;
                same += usize::from(set[*a].1.is_some() && set[*a].1 == set[*b].1);
            }
        }
    }
    println!(
        "topics: {} notes, {} subjects; precision {precision:.3} ({right} right, {wrong} wrong); coverage {coverage:.3} ({right} of {with_subject}; {covered} placed at all); suggestions: {} stacks, {same} of {pairs} pairs one subject",
        set.len(),
        subjects.len(),
        placed.suggested.len()
    );
    for mistake in &mistakes {
        println!("  {mistake}");
    }
    assert!(precision >= 0.95, "precision {precision:.3}");
    assert!(coverage >= 0.8, "coverage {coverage:.3}");
}
