//! A fleet of walls on one Microsoft list: N walls in one process poll a
//! loopback Graph (the tests' fake, over real sockets) once a minute for a
//! simulated day, while the list changes as an office's does. It prints
//! the Graph resource units the fleet spends a minute and a day, by
//! Microsoft's price list (a page of items 2, a delta call with a token
//! 1), against the budget of a small tenant (1,250 a minute, 1.2 M a day).
//!
//! `cargo bench --bench fleet` runs N = 10, 100 and 300 read by their
//! changes (`items/delta`, what the wall does) and, for comparison, the
//! same fleet reading the whole list on every poll. `WALL_FLEET_HOURS=2`
//! simulates fewer hours (the day's figures are then scaled up, and it
//! says so). "RU start" is the first minute, when every wall reads the
//! whole list at once (a building's power coming back); the minute's
//! figures after it are the steady state.

// A benchmark that cannot set up stops loudly.
#![allow(clippy::panic)]

use std::time::Instant;

use serde_json::{Value, json};

use wall_of_change::config::{self, SourceConfig};
use wall_of_change::sources::Source;
use wall_of_change::sources::mapped::{MappedSource, microsoft_list, microsoft_list_paged};
use wall_testkit::fake_graph::{self, Shared};

/// Items on the list at the start of the day.
const ITEMS: usize = 500;
/// What happens to the list in a day: new items and edits (a status, a
/// topic), spread over the office hours 08:00–18:00.
const NEW_A_DAY: usize = 40;
const EDITS_A_DAY: usize = 60;
/// Minutes the office changes the list in.
const OFFICE: (usize, usize) = (8 * 60, 18 * 60);
/// A small tenant's Graph budget per app.
const BUDGET: (f64, f64) = (1_250.0, 1_200_000.0);

fn main() {
    let hours: usize = std::env::var("WALL_FLEET_HOURS").ok().and_then(|h| h.parse().ok()).unwrap_or(24).clamp(1, 24);
    println!("fleet: {ITEMS} items, {NEW_A_DAY} new and {EDITS_A_DAY} edits a day, each wall polling once a minute");
    if hours < 24 {
        println!("(simulating {hours} h from 08:00; the day's units are scaled up by 24/{hours})");
    }
    println!(
        "{:<9} {:>5} {:>10} {:>12} {:>14} {:>14} {:>10} {:>9}",
        "read", "walls", "RU start", "RU/min max", "RU/min mean", "RU/day", "of budget", "took"
    );
    for walls in [10, 100, 300] {
        run(walls, hours, true);
    }
    // Whole reads cost the same every minute: fewer walls tell it.
    for walls in [10, 100] {
        run(walls, hours.min(2), false);
    }
}

fn run(walls: usize, hours: usize, delta: bool) {
    let items: Vec<(String, Value)> =
        (0..ITEMS).map(|i| (i.to_string(), json!({"Title": format!("Klant {i} belde over de factuur")}))).collect();
    let items = items.iter().map(|(id, fields)| (id.as_str(), fields.clone())).collect();
    let (base, graph) = fake_graph::start(items).unwrap_or_else(|err| panic!("start the fake Graph: {err}"));
    let list = list_config(&base);
    let mut fleet: Vec<MappedSource> = (0..walls)
        .map(|i| {
            let name = format!("wall-{i}");
            if delta {
                microsoft_list(name, &list, Ok("s3cr3t".into()))
            } else {
                microsoft_list_paged(name, &list, Ok("s3cr3t".into()))
            }
        })
        .collect();
    let started = Instant::now();
    let (first, minutes) = (OFFICE.0, hours * 60);
    let mut per_minute = Vec::with_capacity(minutes);
    let mut changes = Changes::default();
    for minute in first..first + minutes {
        changes.at(minute, &graph);
        units(&graph);
        for wall in &mut fleet {
            if let Some(wall_of_change::core::wall_model::Outcome::Failed(message)) = wall.poll() {
                panic!("a wall's poll failed: {message}");
            }
        }
        per_minute.push(units(&graph));
    }
    // The first minute is every wall's first whole read: a start-up, not
    // the steady state; it counts in the day, not in the minute's figures.
    let steady = &per_minute[1.min(per_minute.len() - 1)..];
    let max = steady.iter().copied().max().unwrap_or(0);
    let mean = steady.iter().sum::<u64>() as f64 / steady.len() as f64;
    let day = per_minute.iter().sum::<u64>() as f64 * 24.0 / hours as f64;
    println!(
        "{:<9} {walls:>5} {:>10} {max:>12} {mean:>14.1} {day:>14.0} {:>9.0}% {:>8.1}s",
        if delta { "delta" } else { "whole" },
        per_minute[0],
        100.0 * (max as f64 / BUDGET.0).max(day / BUDGET.1),
        started.elapsed().as_secs_f64()
    );
}

/// The list's changes through the day: new items and edits at even
/// intervals over the office hours.
#[derive(Default)]
struct Changes {
    added: usize,
}

impl Changes {
    fn at(&mut self, minute: usize, graph: &Shared) {
        let (open, close) = OFFICE;
        if !(open..close).contains(&minute) {
            return;
        }
        let span = close - open;
        let Ok(mut graph) = graph.lock() else { return };
        let k = minute - open;
        if k * NEW_A_DAY / span != (k + 1) * NEW_A_DAY / span {
            self.added += 1;
            graph.put(&format!("new-{}", self.added), json!({"Title": format!("Nieuwe klacht {}", self.added)}));
        }
        if k * EDITS_A_DAY / span != (k + 1) * EDITS_A_DAY / span {
            let id = ((k * 7919) % ITEMS).to_string();
            graph.put(&id, json!({"Status": "In behandeling"}));
        }
    }
}

/// The resource units the fake Graph was asked for since the last call
/// (its log is emptied): a delta call with a token 1, any other page of
/// items 2, the sign-in none (it is not Graph).
fn units(graph: &Shared) -> u64 {
    let Ok(mut graph) = graph.lock() else { return 0 };
    graph
        .log
        .drain(..)
        .filter(|request| request.starts_with("GET "))
        .map(|request| if request.contains("/items/delta?token=") { 1 } else { 2 })
        .sum()
}

fn list_config(base: &str) -> config::ListSource {
    let text = format!(
        r#"(sources: [MicrosoftList(tenant: "contoso.onmicrosoft.com", client_id: "wall", client_secret: Env("WALL_GRAPH_TEST"),
            site: "root", list: "Klantfeedback", graph: "{base}", login: "{base}", columns: (status: "Status"))])"#
    );
    match config::parse(&text, "fleet.ron").map(|config| config.sources.into_iter().next()) {
        Ok(Some(SourceConfig::MicrosoftList(list))) => *list,
        other => panic!("not a list: {other:?}"),
    }
}
