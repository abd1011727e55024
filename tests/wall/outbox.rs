//! The vote sender as the wall runs it: a reload that names another
//! `votes_url` or changes a key file reaches the sender without a restart,
//! and the config watcher sees a changed secret.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use chrono::Utc;

use wall_of_change::config::{self, LoadedConfig, Origin};
use wall_of_change::core::clock::Week;
use wall_of_change::core::model::NoteRef;
use wall_of_change::wall::kiosk::reload;
use wall_of_change::wall::model::DataDir;
use wall_of_change::wall::shared::{SecretsVersion, WallConfig};
use wall_of_change::wall::voting::{self, book::VoteBook};

/// A votes server on 127.0.0.1 that answers 201 and keeps each request's
/// bearer token and vote id.
fn votes_server() -> (String, Arc<Mutex<Vec<(String, String)>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|err| panic!("bind: {err}"));
    let url = format!("http://{}/votes", listener.local_addr().map(|a| a.to_string()).unwrap_or_default());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap_or_else(|err| panic!("{err}")));
            let (mut line, mut length, mut bearer) = (String::new(), 0, String::new());
            while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
                let lower = line.to_lowercase();
                if let Some(value) = lower.strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                if let Some(value) =
                    line.strip_prefix("authorization: Bearer ").or(line.strip_prefix("Authorization: Bearer "))
                {
                    bearer = value.trim().to_string();
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            if let Ok(mut log) = log.lock() {
                log.push((bearer, value["vote_id"].as_str().unwrap_or_default().to_string()));
            }
            let _ = stream.write_all(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (url, seen)
}

fn loaded(dir: &Path, votes_url: &str) -> LoadedConfig {
    // The feed itself is never read here: a closed port.
    let text = format!(
        r#"(sources: [Json(url: "http://127.0.0.1:9/feed.json", votes_url: "{votes_url}", api_key: File("key"), name: "feed")])"#
    );
    let config = config::parse(&text, "wall.ron").unwrap_or_else(|err| panic!("the config is valid: {err}"));
    LoadedConfig { config, origin: Origin::File(dir.join("wall.ron")), base_dir: dir.to_path_buf() }
}

fn vote(app: &mut App) {
    let mut book = app.world_mut().resource_mut::<VoteBook>();
    let note = NoteRef { source: "feed".into(), id: format!("n-{}", Utc::now().timestamp_nanos_opt().unwrap_or(0)) };
    let cast = book.cast(note, Week { year: 2026, week: 49 }, 0.0, Utc::now());
    assert!(cast.is_ok(), "{cast:?}");
}

fn until(app: &mut App, seen: &Arc<Mutex<Vec<(String, String)>>>, count: usize) -> Vec<(String, String)> {
    let deadline = Instant::now() + Duration::from_secs(15);
    let unsent = |app: &App| app.world().resource::<VoteBook>().ledger().map_or(usize::MAX, |l| l.unsent().count());
    while (seen.lock().map(|s| s.len()).unwrap_or(0) < count || unsent(app) > 0) && Instant::now() < deadline {
        app.update();
        std::thread::sleep(Duration::from_millis(20));
    }
    seen.lock().map(|s| s.clone()).unwrap_or_default()
}

/// The sender used to be started once: a reload that moved `votes_url`,
/// or a new key in the key file, reached it only after a restart.
#[test]
fn a_reload_reaches_the_vote_sender() {
    let dir = std::env::temp_dir().join(format!("wall-outbox-reload-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("key"), "old-key\n");
    let (first, first_seen) = votes_server();
    let (second, second_seen) = votes_server();
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(WallConfig::new(loaded(&dir, &first)))
        .init_resource::<SecretsVersion>()
        .insert_resource(DataDir(dir.join("data")))
        .insert_resource(wall_of_change::wall::model::Wall::default())
        .insert_resource(wall_of_change::wall::shared::WallArea::for_screen(
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
    app.update();

    vote(&mut app);
    let got = until(&mut app, &first_seen, 1);
    assert_eq!(got.len(), 1, "the first vote went to the first votes_url");
    assert_eq!(got[0].0, "old-key");

    // The config now names the second server.
    app.insert_resource(WallConfig::new(loaded(&dir, &second)));
    vote(&mut app);
    let got = until(&mut app, &second_seen, 1);
    assert_eq!(got.len(), 1, "the next vote went to the new votes_url");
    assert_eq!(first_seen.lock().map(|s| s.len()).unwrap_or(0), 1, "and not to the old one");

    // A new key in the key file: the watcher bumps the secrets' version.
    let _ = std::fs::write(dir.join("key"), "new-key\n");
    app.world_mut().resource_mut::<SecretsVersion>().0 += 1;
    app.world_mut().resource_mut::<WallConfig>().set_changed();
    vote(&mut app);
    let got = until(&mut app, &second_seen, 2);
    assert_eq!(got.get(1).map(|(key, _)| key.as_str()), Some("new-key"), "{got:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The config watcher notices a key file that changed, though the config
/// file itself did not.
#[test]
fn the_watcher_sees_a_changed_key_file() {
    let dir = std::env::temp_dir().join(format!("wall-outbox-watch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("key"), "old-key\n");
    let _ = std::fs::write(
        dir.join("wall.ron"),
        r#"(sources: [Json(url: "http://127.0.0.1:9/f.json", api_key: File("key"))])"#,
    );
    let watched = reload::watch(dir.join("wall.ron"), Arc::new(|| {})).unwrap_or_else(|err| panic!("{err}"));
    let _ = std::fs::write(dir.join("key"), "new-key\n");
    let found = watched.recv_timeout(Duration::from_secs(10));
    assert!(found.is_ok_and(|found| found.secrets_changed && found.reloaded.is_ok()), "the new key was seen");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A webhook on 127.0.0.1 that fails its first request with 503, then
/// takes each post (logging its JSON).
fn webhook() -> (String, Arc<Mutex<Vec<serde_json::Value>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|err| panic!("bind: {err}"));
    let url = format!("http://{}/hook/secret-part", listener.local_addr().map(|a| a.to_string()).unwrap_or_default());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap_or_else(|err| panic!("{err}")));
            let (mut line, mut length) = (String::new(), 0);
            while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
                if let Some(value) = line.to_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                line.clear();
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let answer: &[u8] = if n == 0 {
                b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            } else {
                if let Ok(mut log) = log.lock() {
                    log.push(serde_json::from_slice(&body).unwrap_or_default());
                }
                b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            };
            let _ = stream.write_all(answer);
        }
    });
    (url, seen)
}

/// `standup: (minutes_webhook: File("hook"), minutes_format: slack)`: each
/// stand-up's minutes reach the team's channel once, through a 503, and a
/// restart posts nothing again.
#[test]
fn each_stand_ups_minutes_reach_the_webhook_once() {
    use wall_of_change::wall::scenes::standup;
    let dir = std::env::temp_dir().join(format!("wall-minutes-hook-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let (url, seen) = webhook();
    let _ = std::fs::write(dir.join("hook"), format!("{url}\n"));
    let start = |dir: &Path| {
        let mut loaded = crate::support::default_config();
        loaded.base_dir = dir.to_path_buf();
        loaded.config.standup.minutes_webhook = Some(config::Secret::File("hook".into()));
        loaded.config.standup.minutes_format = config::WebhookFormat::Slack;
        let data = dir.join("data");
        crate::support::headless_scenes_with(loaded, move |app| {
            app.insert_resource(DataDir(data)).init_resource::<SecretsVersion>().add_plugins((
                voting::plugin,
                voting::outbox::plugin,
                standup::plugin,
            ));
        })
    };
    let posted = |app: &mut App, count: usize, seconds: u64| {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        while seen.lock().map(|s| s.len()).unwrap_or(0) < count && Instant::now() < deadline {
            app.update();
            std::thread::sleep(Duration::from_millis(20));
        }
        seen.lock().map(|s| s.clone()).unwrap_or_default()
    };
    let mut app = start(&dir);
    for _ in 0..2 {
        crate::support::tap_key(&mut app, KeyCode::KeyS);
        for _ in 0..4 {
            app.update();
        }
        crate::support::tap_key(&mut app, KeyCode::Escape); // the summary: minutes saved
        crate::support::tap_key(&mut app, KeyCode::Escape); // back to the wall
        for _ in 0..4 {
            app.update();
        }
    }
    let got = posted(&mut app, 2, 15);
    assert_eq!(got.len(), 2, "one post per stand-up: {got:?}");
    assert!(got.iter().all(|body| body["text"].as_str().is_some_and(|t| t.starts_with("# Stand-up "))), "{got:?}");
    // Both sent marks are on disk once the sender has nothing left.
    for _ in 0..20 {
        app.update();
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(app);
    let mut app = start(&dir);
    let again = posted(&mut app, 3, 3);
    assert_eq!(again.len(), 2, "a restart posts nothing again");
    let _ = std::fs::remove_dir_all(&dir);
}
