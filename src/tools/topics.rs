//! `--topics FEED`: each note's topic and how it was found (the source, or
//! the rule words that matched), and the suggested stacks, so a team can
//! tune its rules. `--json` prints
//! `{"assignments": {"<note id>": "<topic>" | null}, "suggested": [["<id>", …], …]}`.

use std::fmt::Write;
use std::path::Path;

use crate::config::LoadedConfig;
use crate::core::feed::wall::{Syntax, parse};
use crate::core::topics::{self, Found, Rules};

/// The report on the notes of the wall feed at `feed`, placed by the
/// topics of `loaded`.
pub fn report(feed: &Path, loaded: &LoadedConfig, json: bool) -> Result<String, String> {
    let text =
        std::fs::read_to_string(feed).map_err(|err| format!("cannot read the feed {} ({err})", feed.display()))?;
    let parsed = parse(&text, Syntax::from_path(feed), chrono::Utc::now())
        .map_err(|err| format!("the feed {} is not a wall feed: {err}", feed.display()))?;
    let notes = parsed.snapshot.notes;
    let rules = Rules::new(&loaded.config.topics);
    let placed = topics::place(&notes, &rules, &topics::Decided::default());
    if json {
        let assignments: serde_json::Map<String, serde_json::Value> = notes
            .iter()
            .zip(&placed.topics)
            .map(|(note, topic)| (note.id.clone(), topic.as_ref().map(|(name, _)| name.clone()).into()))
            .collect();
        let suggested: Vec<Vec<&str>> =
            placed.suggested.iter().map(|group| group.iter().map(|at| notes[*at].id.as_str()).collect()).collect();
        let document = serde_json::json!({ "assignments": assignments, "suggested": suggested });
        return serde_json::to_string_pretty(&document).map_err(|err| err.to_string());
    }
    let mut out = String::new();
    let placed_count = placed.topics.iter().filter(|topic| topic.is_some()).count();
    let _ = writeln!(
        out,
        "{} notes, {placed_count} with a topic, {} topics in the rules",
        notes.len(),
        rules.names().len()
    );
    for (note, topic) in notes.iter().zip(&placed.topics) {
        let how = match topic {
            Some((name, Found::Source)) => format!("{name}  (from the source)"),
            Some((name, Found::Rule(words))) => format!("{name}  (rule: {})", words.join(", ")),
            Some((name, Found::Decided)) => format!("{name}  (decided at the stand-up)"),
            None => "—".to_string(),
        };
        let said: String = note.text.chars().take(70).collect::<String>().replace('\n', " ");
        let _ = writeln!(out, "{:<12} {how}\n{:<12}   {said}", note.id, "");
    }
    if !placed.suggested.is_empty() {
        let _ = writeln!(out, "\nsuggested stacks (for the stand-up to confirm):");
        for group in &placed.suggested {
            let ids: Vec<&str> = group.iter().map(|at| notes[*at].id.as_str()).collect();
            let _ = writeln!(out, "  {}", ids.join(", "));
        }
    }
    Ok(out)
}
