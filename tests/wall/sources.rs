//! Sources on their own threads: the feed file, a trickling server, huge
//! notes.

use std::path::Path;
use std::time::Duration;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use chrono::Utc;

use wall_of_change::config::{self, Origin};
use wall_of_change::core::model::Snapshot;
use wall_of_change::wall::model::Wall;
use wall_of_change::wall::shared::{WallArea, WallConfig};

use crate::support::*;

/// `feed.json` beside the config, read every second.
fn feed_file() -> config::SourceConfig {
    config::SourceConfig::File { path: "feed.json".into(), poll_seconds: 1, name: None }
}

/// A headless wall of notes that reads `sources` (relative to `dir`) on
/// their own threads.
fn wall_reading(dir: &Path, sources: Vec<config::SourceConfig>) -> App {
    let mut config = default_config();
    config.config.sources = sources;
    config.origin = Origin::File(dir.join("wall.ron"));
    config.base_dir = dir.to_path_buf();
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(WallConfig::new(config))
        .insert_resource(WallArea::for_screen(
            1920.0,
            1080.0,
            wall_of_change::core::reach::TextPx { body: 20.0, label: 20.0 },
        ))
        .add_plugins(wall_reading_sources);
    app
}

fn feed_with(notes: &[(&str, &str)]) -> String {
    let notes: Vec<String> = notes
        .iter()
        .map(|(id, text)| {
            format!(r#"{{"id": "{id}", "kind": "idea", "text": "{text}", "created_at": "2026-11-20T09:30:00Z"}}"#)
        })
        .collect();
    format!(r#"{{"version": 1, "notes": [{}]}}"#, notes.join(","))
}

#[test]
fn the_feed_file_is_read_on_its_own_thread_and_reread_when_it_changes() {
    let dir = std::env::temp_dir().join(format!("wall-feed-reread-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let feed = dir.join("feed.json");
    let write = |text: &str| std::fs::write(&feed, text).unwrap_or_else(|err| panic!("write feed: {err}"));
    write(&feed_with(&[("a", "first"), ("b", "second")]));

    let mut app = wall_reading(&dir, vec![feed_file()]);

    assert!(update_until(&mut app, 10, |app| cards(app).len() == 2), "the first read shows both notes");

    write(&feed_with(&[("a", "first"), ("b", "second, edited"), ("c", "third")]));
    assert!(update_until(&mut app, 10, |app| cards(app).len() == 3), "an edit shows within the poll interval");
    let edited = cards(&mut app).get("b").map(|(_, card)| card.body.clone());
    assert_eq!(edited.as_deref(), Some("second, edited"));

    write("{\"version\": 1, \"notes\": [");
    let reported = update_until(&mut app, 10, |app| {
        app.world().resource::<Wall>().sources().first().is_some_and(|s| s.last_error.is_some())
    });
    assert!(reported, "a broken edit is reported");
    assert_eq!(cards(&mut app).len(), 3, "a broken edit keeps the last good notes");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `fame: (require_approval: true)`: only approved compliments reach the
/// wall; one whose approval is withdrawn in the feed leaves the wall at the
/// next poll, and the offline cache with it. Off, every compliment shows.
#[test]
fn a_compliment_shows_only_while_approved_and_leaves_the_cache_when_withdrawn() {
    let dir = std::env::temp_dir().join(format!("wall-consent-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let feed = dir.join("feed.json");
    let praise = |id: &str, approved: bool| {
        format!(
            r#"{{"id": "{id}", "kind": "compliment", "text": "Dank aan {id}", "praised": "{id}", "created_at": "2026-11-20T09:30:00Z", "approved": {approved}}}"#
        )
    };
    let write = |sanne: bool, ruben: bool| {
        let text = format!(r#"{{"version": 1, "notes": [{}, {}]}}"#, praise("Sanne", sanne), praise("Ruben", ruben));
        std::fs::write(&feed, text).unwrap_or_else(|err| panic!("write feed: {err}"));
    };
    let shown = |app: &App| -> Vec<String> {
        let wall = app.world().resource::<Wall>();
        let mut ids: Vec<String> =
            wall.snapshot().map(|s| s.notes.iter().map(|n| n.text.clone()).collect()).unwrap_or_default();
        ids.sort();
        ids
    };
    let cached = || {
        std::fs::read_dir(dir.join("data").join("cache"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| std::fs::read_to_string(entry.path()).unwrap_or_default())
            .collect::<String>()
    };
    write(true, true);
    let mut app = wall_reading(&dir, vec![feed_file()]);
    require_approval(&mut app, true);
    app.insert_resource(wall_of_change::wall::model::DataDir(dir.join("data")));
    assert!(update_until(&mut app, 10, |app| shown(app).len() == 2), "both approved: {:?}", shown(&app));

    write(true, false);
    assert!(update_until(&mut app, 10, |app| shown(app) == ["Dank aan Sanne"]), "withdrawn: {:?}", shown(&app));
    let waiting =
        app.world().resource::<Wall>().sources().first().and_then(|s| s.last_good.as_ref().map(|s| s.withheld));
    assert_eq!(waiting, Some(1), "counted as waiting for approval");
    assert!(update_until(&mut app, 10, |_| !cached().contains("Ruben")), "the cache forgets Ruben: {}", cached());
    assert!(cached().contains("Sanne"));

    // Without the rule both show, approved or not.
    require_approval(&mut app, false);
    assert!(update_until(&mut app, 10, |app| shown(app).len() == 2), "off: {:?}", shown(&app));
    let _ = std::fs::remove_dir_all(&dir);
}

/// "You said, we did" lasts: a note that became Done is kept in the data
/// folder, so after a restart, with the note gone from the feed, the wall
/// still knows it was done.
#[test]
fn what_was_done_outlives_the_feed_and_a_restart() {
    use wall_of_change::wall::we_did::WeDid;
    let dir = std::env::temp_dir().join(format!("wall-we-did-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let feed = |status: &str| {
        format!(
            r#"{{"version": 1, "notes": [{{"id": "a", "kind": "idea", "text": "Terugbelslot in de app", "created_at": "2026-11-20T09:30:00Z", "status": "{status}"}},
                {{"id": "b", "kind": "complaint", "text": "Te lang gewacht", "created_at": "2026-11-20T09:30:00Z"}}]}}"#
        )
    };
    let start = || {
        let mut app = wall_reading(&dir, vec![feed_file()]);
        app.insert_resource(wall_of_change::wall::model::DataDir(dir.join("data")))
            .add_plugins(wall_of_change::wall::we_did::plugin);
        app
    };
    let done = |app: &App| -> Vec<String> {
        app.world().resource::<WeDid>().history.done.iter().map(|d| format!("{} {}", d.id, d.text)).collect()
    };
    std::fs::write(dir.join("feed.json"), feed("planned")).unwrap_or_else(|err| panic!("write feed: {err}"));
    let mut app = start();
    assert!(update_until(&mut app, 10, |app| cards(app).len() == 2), "both notes on the wall");
    assert!(done(&app).is_empty(), "nothing done yet");
    std::fs::write(dir.join("feed.json"), feed("done")).unwrap_or_else(|err| panic!("write feed: {err}"));
    assert!(update_until(&mut app, 10, |app| !done(app).is_empty()), "the done note is recorded");
    assert!(dir.join("data").join("we-did.json").is_file(), "and written to the data folder");
    drop(app);

    // The feed forgets the note; the restarted wall does not.
    let only_b = r#"{"version": 1, "notes": [{"id": "b", "kind": "complaint", "text": "Te lang gewacht", "created_at": "2026-11-20T09:30:00Z"}]}"#;
    std::fs::write(dir.join("feed.json"), only_b).unwrap_or_else(|err| panic!("write feed: {err}"));
    let mut app = start();
    assert!(update_until(&mut app, 10, |app| cards(app).len() == 1), "the feed has one note left");
    assert_eq!(done(&app), ["a Terugbelslot in de app"], "still known as done after the restart");
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- votes

/// A server on 127.0.0.1 that answers every request with headers at once
/// and then one byte of body a second, for at most a minute.
fn trickling_server() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|err| panic!("bind: {err}"));
    let url = format!("http://{}/feed.json", listener.local_addr().map(|a| a.to_string()).unwrap_or_default());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(20) {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut buffer = [0u8; 4096];
                let _ = stream.read(&mut buffer);
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{";
                let _ = stream.write_all(head.as_bytes());
                for _ in 0..60 {
                    std::thread::sleep(Duration::from_secs(1));
                    if stream.write_all(b" ").and_then(|()| stream.flush()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

/// Before, one poller thread read the sources in turn, and a server that
/// trickles its body held up every other source: an edit of the feed file
/// never reached the screen.
#[test]
fn a_trickling_server_never_holds_up_the_feed_file() {
    let dir = std::env::temp_dir().join(format!("wall-slow-source-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let feed = dir.join("feed.json");
    let write = |text: &str| std::fs::write(&feed, text).unwrap_or_else(|err| panic!("write feed: {err}"));
    write(&feed_with(&[("a", "first")]));

    let slow = config::SourceConfig::Json {
        url: trickling_server(),
        poll_seconds: 5,
        api_key: None,
        votes_url: None,
        name: None,
    };
    let mut app = wall_reading(&dir, vec![slow, feed_file()]);
    assert!(update_until(&mut app, 10, |app| cards(app).len() == 1), "the file shows while the server trickles");
    write(&feed_with(&[("a", "first"), ("b", "second")]));
    assert!(update_until(&mut app, 10, |app| cards(app).len() == 2), "an edit of the file shows too");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A 2 MB note (one endless word, or an address repeated) used to keep the
/// wall from showing anything for minutes: masking, wrapping and the detail
/// view were superlinear. Now it is cut on the source's thread first.
#[test]
fn a_feed_of_huge_notes_is_on_screen_at_once() {
    let dir = std::env::temp_dir().join(format!("wall-huge-note-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let word = "x".repeat(2_000_000);
    let addresses = "a@b.nl ".repeat(300_000);
    let text = feed_with(&[("word", &word), ("mail", &addresses), ("ok", "Bel 06-12345678 terug")]);
    std::fs::write(dir.join("feed.json"), text).unwrap_or_else(|err| panic!("write feed: {err}"));
    let mut app = wall_reading(&dir, vec![feed_file()]);
    // Generous for a debug build on a busy machine; the old code took
    // minutes. The release figure is in docs/reliability.md.
    assert!(update_until(&mut app, 30, |app| cards(app).len() == 3), "all three notes show");
    let snapshot = app.world().resource::<Wall>().snapshot().cloned().unwrap_or_else(|| Snapshot::empty(Utc::now()));
    for note in &snapshot.notes {
        assert!(note.text.chars().count() <= 2000, "note {} is capped", note.id);
        assert!(!note.text.contains("a@b.nl") && !note.text.contains("12345678"), "note {} is masked", note.id);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A server that answers 200 to every request and counts the GETs to
/// `/ping`, like an uptime monitor's push URL.
fn uptime_monitor() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|err| panic!("bind: {err}"));
    let url = format!("http://{}/ping", listener.local_addr().map(|a| a.to_string()).unwrap_or_default());
    let pings = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = pings.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(50) {
            let Ok(mut stream) = stream else { continue };
            let mut buffer = [0u8; 4096];
            let read = stream.read(&mut buffer).unwrap_or(0);
            if String::from_utf8_lossy(&buffer[..read]).starts_with("GET /ping ") {
                counted.fetch_add(1, Ordering::SeqCst);
            }
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (url, pings)
}

/// An office with ten TVs watches them on one dashboard: each wall calls
/// its heartbeat URL while it draws with fresh data, and falls silent when
/// a source goes offline.
#[test]
fn the_heartbeat_url_hears_from_a_healthy_wall_only() {
    use std::sync::atomic::Ordering;
    use wall_of_change::core::feed::Parsed;
    use wall_of_change::core::wall_model::{Outcome, SourceUpdate};
    use wall_of_change::wall::kiosk::service;
    let (url, pings) = uptime_monitor();
    let dir = std::env::temp_dir().join(format!("wall-uptime-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut config = default_config();
    config.config.heartbeat_url = Some(url);
    let update = |outcome| SourceUpdate { source: 0, key: "feed".into(), name: "feed".into(), outcome };
    let mut wall = Wall::default();
    let fresh = Outcome::Fresh(Parsed { snapshot: sample_snapshot(), skipped: Vec::new(), first_pages: None });
    let _ = wall.apply(update(fresh), 60, Utc::now());
    let data_dir = dir.clone();
    let mut app = headless_scenes_with(config, move |app| {
        app.insert_resource(service::ServiceNotifier { notifier: None, watchdog: None })
            .insert_resource(wall_of_change::wall::model::DataDir(data_dir))
            .insert_resource(wall)
            .add_plugins(service::plugin);
    });
    let wait_for = |want: usize| {
        for _ in 0..50 {
            if pings.load(Ordering::SeqCst) >= want {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        pings.load(Ordering::SeqCst)
    };
    for _ in 0..8 {
        app.update();
    }
    assert_eq!(wait_for(1), 1, "the ready wall pinged once");
    // The source goes offline; a minute later the status is written again,
    // and the monitor hears nothing.
    let _ = app.world_mut().resource_mut::<Wall>().apply(update(Outcome::Failed("feed: down".into())), 60, Utc::now());
    for _ in 0..260 {
        app.update();
    }
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(pings.load(Ordering::SeqCst), 1, "no ping while a source is offline");
    let status = std::fs::read_to_string(dir.join("status.json")).unwrap_or_default();
    assert!(status.contains("\"offline\""), "the status was written again: {status}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A reload that turns the Fame scene's approval rule on or off.
fn require_approval(app: &mut App, on: bool) {
    let mut loaded = config::LoadedConfig::clone(app.world().resource::<WallConfig>());
    loaded.config.fame.require_approval = on;
    app.insert_resource(WallConfig::new(loaded));
}
