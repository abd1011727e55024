//! A backlog of votes drains: 10,000 votes cast while the source was away
//! (a Graph secret expired over a holiday) are in the journal, unsent; the
//! wall starts, its sender finds a votes server on 127.0.0.1 that takes
//! them, and every frame is timed while they go. Prints the drain time,
//! the frame times and the resident growth.
//!
//! Run with `cargo bench --bench drain` (or `-- 22276` for another count).
//! Targets (docs/performance.md): resident growth under 20 MiB, no frame
//! over its budget (66.7 ms where the processor draws).

// A benchmark that cannot set up stops loudly.
#![allow(clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use chrono::Utc;

use wall_of_change::config::{self, LoadedConfig, Origin};
use wall_of_change::core::votes::{Record, Vote};
use wall_of_change::os::usage::resident_mib;
use wall_of_change::store::journal::{Journal, new_vote_id};
use wall_of_change::wall::model::{DataDir, Wall};
use wall_of_change::wall::shared::{WallArea, WallConfig};
use wall_of_change::wall::voting::{self, book::VoteBook};

/// The frame budget where the processor draws (15 frames a second).
const BUDGET_MS: f64 = 1000.0 / 15.0;

/// A votes server that answers 201 to each request, counting them.
fn votes_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|err| panic!("bind: {err}"));
    let url = format!("http://{}/votes", listener.local_addr().map(|a| a.to_string()).unwrap_or_default());
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let Ok(clone) = stream.try_clone() else { continue };
            let mut reader = BufReader::new(clone);
            let (mut line, mut length) = (String::new(), 0);
            while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
                if let Some(value) = line.to_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            counted.fetch_add(1, Ordering::Relaxed);
            let _ = stream.write_all(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (url, count)
}

fn main() {
    let votes: usize = std::env::args().skip(1).find_map(|arg| arg.parse().ok()).unwrap_or(10_000);
    let dir = std::env::temp_dir().join(format!("wall-drain-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let data = dir.join("data");
    let _ = std::fs::create_dir_all(&data);

    // The backlog, in the journal before the wall starts.
    {
        let (mut journal, _) = Journal::open(&data).unwrap_or_else(|err| panic!("journal: {err}"));
        let records: Vec<Record> = (0..votes)
            .map(|i| {
                Record::Vote(Vote {
                    vote_id: new_vote_id("bench"),
                    source: "feed".into(),
                    note_id: format!("n-{}", i % 40),
                    at: Utc::now(),
                    week: "2026-W49".into(),
                    kiosk: "bench".into(),
                })
            })
            .collect();
        for chunk in records.chunks(500) {
            journal.append_all(chunk).unwrap_or_else(|err| panic!("append: {err}"));
        }
    }

    let (url, delivered) = votes_server();
    let text = format!(r#"(sources: [Json(url: "http://127.0.0.1:9/feed.json", votes_url: "{url}", name: "feed")])"#);
    let config = config::parse(&text, "wall.ron").unwrap_or_else(|err| panic!("config: {err}"));
    let loaded = LoadedConfig { config, origin: Origin::Embedded, base_dir: dir.clone() };
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(WallConfig::new(loaded))
        .insert_resource(DataDir(data))
        .insert_resource(Wall::default())
        .insert_resource(WallArea::for_screen(
            1920.0,
            1080.0,
            wall_of_change::core::reach::TextPx { body: 20.0, label: 20.0 },
        ))
        .add_plugins((
            wall_of_change::wall::shared::frame_order,
            wall_of_change::wall::scenes::plugin,
            voting::plugin,
            voting::outbox::plugin,
        ));

    let before = resident_mib().unwrap_or(0.0);
    let started = Instant::now();
    let mut frames: Vec<f64> = Vec::new();
    let mut peak = before;
    let unsent = |app: &App| app.world().resource::<VoteBook>().ledger().map_or(usize::MAX, |l| l.unsent().count());
    loop {
        let frame = Instant::now();
        app.update();
        frames.push(frame.elapsed().as_secs_f64() * 1000.0);
        peak = peak.max(resident_mib().unwrap_or(0.0));
        if unsent(&app) == 0 || started.elapsed() > Duration::from_secs(600) {
            break;
        }
        // The wall sleeps between frames; 15 frames a second at most.
        std::thread::sleep(Duration::from_millis(66));
    }
    let drained = started.elapsed().as_secs_f64();
    let left = unsent(&app);
    // The first frame opens the journal and hands the sender its backlog:
    // start-up, not drain.
    let first = frames.remove(0);
    frames.sort_by(f64::total_cmp);
    let at = |q: f64| frames[((frames.len() - 1) as f64 * q).round() as usize];
    let over = frames.iter().filter(|ms| **ms > BUDGET_MS).count();
    println!("votes queued:        {votes}");
    println!("delivered:           {} requests, {left} left unsent", delivered.load(Ordering::Relaxed));
    println!("drained in:          {drained:.1} s, {} frames after the first", frames.len());
    println!("first frame ms:      {first:.2} (opens the journal, hands over the backlog)");
    println!(
        "frame update ms:     p50 {:.2}, p99 {:.2}, max {:.2} (budget {BUDGET_MS:.1}; {over} over)",
        at(0.5),
        at(0.99),
        at(1.0)
    );
    println!("resident MiB:        {before:.1} before, {peak:.1} peak, growth {:+.1}", peak - before);
    let _ = std::fs::remove_dir_all(&dir);
}
