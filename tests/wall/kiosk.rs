//! The kiosk: the exit keys and PIN, config reloads, systemd and the
//! watchdog, one wall per data folder, and `--check-config`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use bevy::prelude::*;

use wall_of_change::config::{self, LoadedConfig};
use wall_of_change::wall::kiosk::{exit, lock, pin_pad, reload, service};
use wall_of_change::wall::scenes;
use wall_of_change::wall::shared::WallConfig;

use crate::support::*;

fn locked_kiosk(pin: &str) -> App {
    let mut config = default_config();
    config.config.exit.pin = Some(config::PinSource::Pin(pin.into()));
    headless_scenes_with(config, |app| {
        app.insert_resource(lock::KioskLock(true)).add_plugins(exit::plugin);
    })
}

#[test]
fn the_exit_keys_and_the_right_pin_close_the_wall_and_guessing_is_limited() {
    let mut app = locked_kiosk("2468");
    // No single key quits.
    for code in [KeyCode::Escape, KeyCode::KeyQ, KeyCode::F4, KeyCode::Enter] {
        tap_key(&mut app, code);
    }
    assert!(app.should_exit().is_none());
    assert!(!app.world().resource::<pin_pad::PinPad>().open);

    open_exit_pad(&mut app);
    assert!(app.world().resource::<pin_pad::PinPad>().open, "Ctrl+Alt+Q opens the PIN pad");
    type_pin(&mut app, "1111");
    assert!(app.should_exit().is_none(), "a wrong PIN does not exit");
    let message = app.world().resource::<pin_pad::PinPad>().message.clone();
    assert!(message.contains("Wrong PIN"), "{message}");
    type_pin(&mut app, "2222");
    type_pin(&mut app, "3333");
    assert!(app.world().resource::<pin_pad::PinPad>().message.contains("Try again in 30 s"));
    // Locked: even the right PIN is refused now.
    type_pin(&mut app, "2468");
    assert!(app.should_exit().is_none(), "the rate limit holds");

    // Half a minute later the right PIN closes the wall.
    for _ in 0..130 {
        app.update();
    }
    open_exit_pad(&mut app);
    type_pin(&mut app, "2468");
    assert_eq!(app.should_exit(), Some(AppExit::Success));
}

#[test]
fn a_valid_config_edit_is_applied_and_a_broken_one_is_refused() {
    let dir = std::env::temp_dir().join(format!("wall-reload-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("wall.ron");
    let feed = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/sample-feed.json");
    let write = |text: String| std::fs::write(&path, text).unwrap_or_else(|err| panic!("write config: {err}"));
    let config_text = |language: &str, fame: u32| {
        format!(
            "(language: {language}, sources: [File(path: {feed:?})], scenes: [(scene: change, seconds: 60), (scene: fame, seconds: {fame})])"
        )
    };
    write(config_text("en", 30));
    let loaded = LoadedConfig::from_file(&path).unwrap_or_else(|err| panic!("{err}"));
    let mut app = headless_scenes_with(loaded, |app| {
        app.add_plugins(reload::plugin);
    });

    write(config_text("nl", 45));
    let applied = update_until(&mut app, 15, |app| {
        app.world().resource::<wall_of_change::wall::shared::ActiveLanguage>().0
            == wall_of_change::core::i18n::Language::Nl
    });
    assert!(applied, "a valid edit is applied while the wall runs");
    let slots = app.world().resource::<scenes::SceneRotation>().0.slots().to_vec();
    assert_eq!(slots.iter().map(|s| s.seconds).collect::<Vec<_>>(), [60, 45], "the new durations rotate");
    let label = cards(&mut app).values().next().map(|(_, card)| card.label.clone()).unwrap_or_default();
    assert!(["Klacht", "Idee", "Vraag", "Suggestie", "Aanbeveling"].contains(&label.as_str()), "relabelled: {label}");

    write("(language: nl,\n  scenes: [(scene: fame seconds: 30)],\n)".to_string());
    let refused = update_until(&mut app, 15, |app| app.world().resource::<reload::ConfigProblem>().0.is_some());
    assert!(refused, "a broken edit is reported");
    let place = app.world().resource::<reload::ConfigProblem>().place().unwrap_or_default();
    assert!(place.starts_with(&format!("{}:2:", path.display())), "file:line:col: {place}");
    assert_eq!(app.world().resource::<WallConfig>().scenes.len(), 2, "the last good config stays");
    assert!(!cards(&mut app).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Records what the wall tells "systemd".
#[derive(Clone, Default)]
struct FakeSystemd(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl wall_of_change::os::systemd::Notifier for FakeSystemd {
    fn notify(&self, state: &str) -> std::io::Result<()> {
        if let Ok(mut sent) = self.0.lock() {
            sent.push(state.to_string());
        }
        Ok(())
    }
}

#[test]
fn the_wall_says_ready_pings_the_watchdog_from_its_frame_loop_and_writes_its_status() {
    let dir = std::env::temp_dir().join(format!("wall-service-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let fake = FakeSystemd::default();
    let notifier = fake.clone();
    let data_dir = dir.clone();
    let mut app = headless_scenes_with(default_config(), move |app| {
        app.insert_resource(service::ServiceNotifier {
            notifier: Some(Box::new(notifier)),
            watchdog: Some(Duration::from_secs(2)),
        })
        .insert_resource(wall_of_change::wall::model::DataDir(data_dir))
        .add_plugins(service::plugin);
    });
    // Ten seconds of frames on the manual clock.
    for _ in 0..40 {
        app.update();
    }
    let sent = fake.0.lock().map(|s| s.clone()).unwrap_or_default();
    assert!(sent.first().is_some_and(|s| s.starts_with("READY=1")), "{sent:?}");
    let health = sent.iter().find(|s| s.starts_with("STATUS=") && s.contains("sources online"));
    assert!(health.is_some_and(|s| s.contains("/1 sources online · 34 notes · 0 votes queued")), "{sent:?}");
    let pings = sent.iter().filter(|s| *s == "WATCHDOG=1").count();
    // At least one every half interval (1 s), at most one every quarter
    // (0.5 s): the pings ride on frames drawn anyway.
    assert!((9..=21).contains(&pings), "a ping every 0.5 to 1 s (a 2 s watchdog): {pings}");

    // The pings come from the frame loop: no frames, no pings.
    let before = fake.0.lock().map(|s| s.len()).unwrap_or(0);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(fake.0.lock().map(|s| s.len()).unwrap_or(0), before);

    let text = std::fs::read_to_string(dir.join("status.json")).unwrap_or_else(|err| panic!("status file: {err}"));
    let status: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|err| panic!("valid JSON: {err}"));
    for field in [
        "version",
        "uptime_seconds",
        "scene",
        "sources",
        "votes_queued",
        "frames_last_minute",
        "resident_mib",
        "host",
        "config_hash",
        "time_zone",
        "window",
    ] {
        assert!(status.get(field).is_some(), "{field} in {text}");
    }
    assert_eq!(status["window"], "1920x1080");
    assert_eq!(status["config_hash"].as_str().map(str::len), Some(16), "{text}");
    // The same for Prometheus' textfile collector.
    let prom = std::fs::read_to_string(dir.join("wall.prom")).unwrap_or_else(|err| panic!("wall.prom: {err}"));
    assert!(prom.contains("# TYPE wall_source_up gauge") && prom.contains("wall_build_info{version="), "{prom}");
    use std::os::unix::fs::PermissionsExt;
    let mode = |name: &str| std::fs::metadata(dir.join(name)).map(|m| m.permissions().mode() & 0o777).unwrap_or(0);
    assert_eq!(
        (mode("status.json"), mode("wall.prom")),
        (0o600, 0o644),
        "node-exporter reads wall.prom, nobody else status.json"
    );
    assert_eq!(status["scene"], "change");
    let health = status["sources"][0]["health"].as_str().unwrap_or_default();
    assert!(["online", "stale", "offline"].contains(&health), "{health}");
    assert_eq!(status["sources"][0]["notes"], 34);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A feed with nothing in it (a new, empty Fider board) is a ready wall:
/// each scene says why it is empty. It never said READY=1, so systemd
/// killed it after TimeoutStartSec and started it again, for ever.
#[test]
fn an_empty_feed_is_a_ready_wall() {
    let fake = FakeSystemd::default();
    let notifier = fake.clone();
    let mut app = headless_scenes_with(default_config(), move |app| {
        let empty = wall_of_change::core::model::Snapshot::empty(chrono::Utc::now());
        app.insert_resource(wall_of_change::wall::model::Wall::from_snapshot(empty))
            .insert_resource(service::ServiceNotifier { notifier: Some(Box::new(notifier)), watchdog: None })
            .add_plugins(service::plugin);
    });
    for _ in 0..8 {
        app.update();
    }
    let sent = fake.0.lock().map(|s| s.clone()).unwrap_or_default();
    assert!(sent.first().is_some_and(|s| s.starts_with("READY=1\nSTATUS=Showing 0 notes")), "{sent:?}");
}

/// The watchdog was pinged from the frame loop alone; a source thread that
/// hung or died went unnoticed.
#[test]
fn a_stalled_background_thread_stops_the_watchdog_pings() {
    let fake = FakeSystemd::default();
    let notifier = fake.clone();
    let threads = wall_of_change::wall::shared::BackgroundThreads::default();
    let hung = threads.0.register("source feed.json", Duration::from_secs(1));
    let mut app = headless_scenes_with(default_config(), move |app| {
        app.insert_resource(service::ServiceNotifier {
            notifier: Some(Box::new(notifier)),
            watchdog: Some(Duration::from_secs(2)),
        })
        .insert_resource(threads)
        .add_plugins(service::plugin);
    });
    for _ in 0..8 {
        app.update();
    }
    let pings =
        |fake: &FakeSystemd| fake.0.lock().map(|s| s.iter().filter(|s| *s == "WATCHDOG=1").count()).unwrap_or(0);
    assert!(pings(&fake) >= 1, "pinged while the thread beats");
    std::thread::sleep(Duration::from_millis(1200));
    let before = pings(&fake);
    for _ in 0..20 {
        app.update();
    }
    assert_eq!(pings(&fake), before, "no ping while a thread is silent");
    hung.beat();
    for _ in 0..8 {
        app.update();
    }
    assert!(pings(&fake) > before, "pings again once it beats");
}

// ---------------------------------------------------------------- rendering

/// With no config anywhere, the built-in default's sample feed resolved
/// against the build machine's checkout (`CARGO_MANIFEST_DIR`): what an
/// installed wall read depended on where it was built. It resolves
/// against the current folder now.
#[test]
fn the_built_in_config_does_not_depend_on_where_the_wall_was_built() {
    if Path::new("/etc/wall-of-change/wall.ron").exists() {
        return; // This machine has a config of its own.
    }
    let dir = std::env::temp_dir().join(format!("wall-no-config-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let output = Command::new(env!("CARGO_BIN_EXE_wall-of-change"))
        .arg("--check-config")
        .current_dir(&dir)
        .env_remove("WALL_CONFIG")
        .env_remove("CONFIGURATION_DIRECTORY")
        .env("HOME", &dir)
        .env("XDG_CONFIG_HOME", dir.join("xdg"))
        .output()
        .unwrap_or_else(|err| panic!("run the binary: {err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("built-in") || stdout.contains("embedded"), "{stdout}");
    assert!(!stdout.contains(env!("CARGO_MANIFEST_DIR")), "{stdout}");
    assert!(stdout.contains("file sample-feed.json") || stdout.contains("file ./sample-feed.json"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_config_reports_file_line_and_column() {
    let dir = std::env::temp_dir().join(format!("wall-check-config-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("broken.ron");
    let _ = std::fs::write(&path, "(\n    title: \"Wall\"\n    language: nl,\n)\n");
    let output = Command::new(env!("CARGO_BIN_EXE_wall-of-change"))
        .arg("--config")
        .arg(&path)
        .arg("--check-config")
        .output()
        .unwrap_or_else(|err| panic!("run the binary: {err}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "a broken config exits non-zero");
    assert!(stderr.contains(&format!("{}:3:", path.display())), "file:line:col in {stderr}");

    let good = Command::new(env!("CARGO_BIN_EXE_wall-of-change"))
        .args(["--check-config", "--config"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/wall.ron"))
        .output()
        .unwrap_or_else(|err| panic!("run the binary: {err}"));
    let stdout = String::from_utf8_lossy(&good.stdout);
    assert!(good.status.success(), "{}", String::from_utf8_lossy(&good.stderr));
    assert!(stdout.contains("is valid") && stdout.contains("sample-feed.json"), "{stdout}");

    // A missing API key is named, the key's value never printed.
    let fider = dir.join("fider.ron");
    let _ = std::fs::write(
        &fider,
        "(sources: [Fider(url: \"https://feedback.example.com\", api_key: Env(\"WALL_TEST_UNSET_FIDER_KEY\"))])",
    );
    let missing = Command::new(env!("CARGO_BIN_EXE_wall-of-change"))
        .args(["--check-config", "--config"])
        .arg(&fider)
        .output()
        .unwrap_or_else(|err| panic!("run the binary: {err}"));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(!missing.status.success(), "a missing key fails the check");
    assert!(stderr.contains("WALL_TEST_UNSET_FIDER_KEY"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

// ------------------------------------------------------- trust under faults

/// Two processes on one data folder each appended to the journal from
/// their own idea of its end, and acknowledged votes were lost.
#[test]
fn a_second_wall_on_one_data_folder_is_refused() {
    use std::io::BufRead;
    let dir = std::env::temp_dir().join(format!("wall-two-walls-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut first = start_drill(&dir);
    // Wait until the first one holds the folder and stores votes.
    let mut line = String::new();
    if let Some(stdout) = first.stdout.as_mut() {
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
    }
    assert!(!line.trim().is_empty(), "the first drill stores votes");
    let second = Command::new(env!("CARGO_BIN_EXE_wall-of-change"))
        .arg("--vote-drill")
        .arg(&dir)
        .output()
        .unwrap_or_else(|err| panic!("start the second drill: {err}"));
    let _ = first.kill();
    let _ = first.wait();
    let message = String::from_utf8_lossy(&second.stderr);
    assert!(!second.status.success(), "the second process stops");
    assert!(second.stdout.is_empty(), "and acknowledges no vote");
    assert!(message.contains("another wall") && message.contains(&format!("process {}", first.id())), "{message}");
    assert!(message.contains("--data-dir"), "it says what to do: {message}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Three wrong PINs lock the pad; pulling the plug used to give a guesser
/// three fresh tries.
#[test]
fn a_pin_lockout_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("wall-pin-lockout-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let kiosk = |dir: PathBuf| {
        let mut config = default_config();
        config.config.exit.pin = Some(config::PinSource::Pin("2468".into()));
        headless_scenes_with(config, move |app| {
            app.insert_resource(lock::KioskLock(true))
                .insert_resource(wall_of_change::wall::model::DataDir(dir))
                .add_plugins(exit::plugin);
        })
    };
    let mut app = kiosk(dir.clone());
    open_exit_pad(&mut app);
    for pin in ["1111", "2222", "3333"] {
        type_pin(&mut app, pin);
    }
    assert!(app.world().resource::<pin_pad::PinPad>().message.contains("Try again in"));
    drop(app);

    let mut restarted = kiosk(dir.clone());
    open_exit_pad(&mut restarted);
    type_pin(&mut restarted, "2468");
    assert!(restarted.should_exit().is_none(), "still locked after the restart");
    let message = restarted.world().resource::<pin_pad::PinPad>().message.clone();
    assert!(message.contains("Try again in"), "{message}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Under systemd the log went to the journal with terminal colour codes and
/// every line at the unit's one priority, so `journalctl -p warning` found
/// nothing; piped into a file it was coloured too.
#[test]
fn logs_under_systemd_carry_priorities_and_no_colour_codes() {
    if !runs_here("the log format test", find_display().map(|_| ())) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wall-logs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let script = r#"ARGS="--size 640x360 --at 2026-11-23T10:00:00+01:00"
        JOURNAL_STREAM=8:4242 "$BIN" $ARGS --screenshot "$DATA/journal.png" 2> "$DATA/journal.log"
        "$BIN" $ARGS --screenshot "$DATA/plain.png" 2> "$DATA/plain.log""#;
    let mut command = if std::env::var_os("DISPLAY").is_some() {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    } else {
        let mut command = xvfb_run();
        command.args(["-a", "-s", "-screen 0 1920x1080x24", "sh", "-c", script]);
        command
    };
    let status = command
        .env("BIN", env!("CARGO_BIN_EXE_wall-of-change"))
        .env("DATA", &dir)
        .env_remove("RUST_LOG")
        .status()
        .unwrap_or_else(|err| panic!("run the wall: {err}"));
    let journal = std::fs::read_to_string(dir.join("journal.log")).unwrap_or_default();
    let plain = std::fs::read_to_string(dir.join("plain.log")).unwrap_or_default();
    assert!(plain.contains("ready: showing"), "the wall ran ({status}):\n{plain}");
    assert!(!plain.contains('\u{1b}'), "no colour codes in a file:\n{plain}");
    assert!(!journal.contains('\u{1b}'), "no colour codes in the journal:\n{journal}");
    let ours: Vec<&str> = journal.lines().filter(|line| line.contains("wall_of_change::")).collect();
    assert!(
        ours.iter().any(|line| line.starts_with("<6>wall_of_change::") && line.contains("ready: showing")),
        "{journal}"
    );
    let unprefixed: Vec<&&str> = ours.iter().filter(|line| !line.starts_with('<')).collect();
    assert!(unprefixed.is_empty(), "every line has its priority: {unprefixed:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The PIN pad sat in the middle of the screen: on a TV hung at 1 m its
/// keys were 1.2–1.5 m above the floor, out of reach from a wheelchair. It
/// now sits as near to 800–1,100 mm as the screen allows (`screen:`), and
/// every key is at least 44 px and 9 mm, at 720p, 1080p, 4K and portrait.
#[test]
fn the_pin_pad_sits_within_reach_and_its_keys_are_large_enough() {
    use wall_of_change::core::reach::Mount;
    let sizes = [(1280.0, 720.0), (1920.0, 1080.0), (3840.0, 2160.0), (1080.0, 1920.0)];
    for (mount, name) in [(Mount::default(), "at 1 m"), (Mount { bottom_mm: 650.0, ..Mount::default() }, "at 65 cm")] {
        for (width, height) in sizes {
            let mut config = default_config();
            config.config.exit.pin = Some(config::PinSource::Pin("2468".into()));
            config.config.screen = mount;
            let text = config.config.text_px(height);
            let mut app = headless_scenes_with(config, |app| {
                app.insert_resource(lock::KioskLock(true))
                    .insert_resource(wall_of_change::wall::shared::WallArea::for_screen(width, height, text))
                    .insert_resource(wall_of_change::wall::fonts::WallFonts {
                        regular: Handle::default(),
                        bold: Handle::default(),
                    })
                    .add_plugins(exit::plugin);
            });
            open_exit_pad(&mut app);
            app.update();
            let mut query = app.world_mut().query::<(&pin_pad::PadKey, &Transform, &Sprite)>();
            let keys: Vec<(f32, Vec2)> = query
                .iter(app.world())
                .filter(|(key, _, _)| !matches!(key, pin_pad::PadKey::Cancel))
                .map(|(_, at, sprite)| (height / 2.0 - at.translation.y, sprite.custom_size.unwrap_or_default()))
                .collect();
            assert_eq!(keys.len(), 12, "{name} {width}x{height}");
            let mm = |y: f32| mount.floor_mm(y, height);
            let smallest = keys.iter().map(|(_, size)| size.x.min(size.y)).fold(f32::MAX, f32::min);
            assert!(
                smallest >= 44.0 && smallest * mount.mm_per_px(height) >= 9.0,
                "{name} {width}x{height}: {smallest}"
            );
            let (lowest, highest) =
                keys.iter().fold((f32::MAX, f32::MIN), |(lo, hi), (y, _)| (lo.min(mm(*y)), hi.max(mm(*y))));
            if mount.bottom_mm < 800.0 && height >= 1080.0 {
                assert!(
                    lowest >= 800.0 && highest <= 1100.0,
                    "{name} {width}x{height}: keys at {lowest:.0}–{highest:.0} mm"
                );
            } else {
                // As low as the screen allows: the lowest row near the bottom.
                assert!(lowest < mount.bottom_mm + 0.25 * mount.height_mm, "{name} {width}x{height}: {lowest:.0} mm");
            }
        }
    }
}

/// The detail view sat in the middle of the screen: on a TV hung at 1 m
/// its vote button was about 1.17 m above the floor. It now sits within
/// 800–1,100 mm, at 1080p and 4K.
#[test]
fn the_vote_button_sits_within_reach() {
    use wall_of_change::core::reach::Mount;
    use wall_of_change::wall::voting::{self, detail};
    for (width, height) in [(1920.0, 1080.0), (3840.0, 2160.0)] {
        let config = default_config();
        let text = config.config.text_px(height);
        let mut app = headless_scenes_with(config, |app| {
            app.insert_resource(wall_of_change::wall::shared::WallArea::for_screen(width, height, text))
                .insert_resource(wall_of_change::wall::fonts::WallFonts {
                    regular: Handle::default(),
                    bold: Handle::default(),
                })
                .add_plugins(voting::plugin);
        });
        app.update();
        let card = cards(&mut app).values().next().map(|(entity, _)| *entity);
        tap(&mut app, card.unwrap_or_else(|| panic!("a card")));
        app.update();
        let button = find::<detail::VoteButton>(&mut app).unwrap_or_else(|| panic!("the vote button is drawn"));
        let y = app.world().get::<Transform>(button).map_or(0.0, |at| height / 2.0 - at.translation.y);
        let mm = Mount::default().floor_mm(y, height);
        assert!((800.0..=1100.0).contains(&mm), "{width}x{height}: the vote button at {mm:.0} mm");
    }
}
