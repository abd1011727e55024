//! The rotation through the scenes, touches that hold it, and the night.

use bevy::prelude::*;
use chrono::Utc;

use wall_of_change::config;
use wall_of_change::core::i18n::Language;
use wall_of_change::wall::scenes::{Scene, WallClock};
use wall_of_change::wall::shared::WallConfig;

use crate::support::*;

fn real_seconds(app: &App) -> f32 {
    app.world().resource::<Time<Real>>().elapsed_secs()
}

/// Runs until `until` seconds of manual time, noting each scene change.
fn run_recording(app: &mut App, until: f32, visits: &mut Vec<(f32, Scene)>) {
    while real_seconds(app) < until {
        app.update();
        let scene = scene_now(app);
        if visits.last().map(|(_, s)| *s) != Some(scene) {
            visits.push((real_seconds(app), scene));
        }
    }
}

fn touch(app: &mut App, phase: bevy::input::touch::TouchPhase, x: f32) {
    app.world_mut().write_message(bevy::input::touch::TouchInput {
        phase,
        position: Vec2::new(x, 500.0),
        window: Entity::PLACEHOLDER,
        force: None,
        id: 7,
    });
}

#[test]
fn the_rotation_visits_each_configured_scene_for_its_seconds() {
    let mut app = headless_scenes(default_config());
    let mut visits = vec![(0.0, scene_now(&app))];
    run_recording(&mut app, 245.0, &mut visits);
    let scenes: Vec<Scene> = visits.iter().map(|(_, s)| *s).collect();
    assert_eq!(
        scenes,
        [Scene::Change, Scene::Fame, Scene::Commitment, Scene::Priorities, Scene::Trends, Scene::Change, Scene::Fame]
    );
    // Change 60 s, Fame 30 s, Commitment 30 s, Priorities 30 s, Trends 30 s
    // (the sample's weeks are counted), each switch half-way through a fade
    // of at most a second.
    for ((at, scene), expected) in visits.iter().skip(1).zip([60.0, 90.0, 120.0, 150.0, 180.0, 240.0]) {
        assert!((at - expected).abs() <= 1.0, "{scene:?} began at {at} s, expected {expected} s");
    }
    // Every scene put cards on the wall.
    assert!(!cards(&mut app).is_empty());
}

/// `language: [nl, en]`: one whole round of the scenes in Dutch, the next in
/// English, in one run; the cards' labels and ages follow, the customers'
/// words do not.
#[test]
fn two_languages_take_turns_one_round_each() {
    let text = "(language: [nl, en], scenes: [(scene: change, seconds: 20), (scene: fame, seconds: 10)])";
    let loaded = match config::parse(text, "wall.ron") {
        Ok(config) => config::LoadedConfig { config, origin: config::Origin::Embedded, base_dir: ".".into() },
        Err(err) => panic!("valid: {err}"),
    };
    let mut app = headless_scenes(loaded);
    let config_changed = app.world().resource_ref::<WallConfig>().last_changed();
    let mut seen: Vec<(Scene, Language, String)> = Vec::new();
    while real_seconds(&app) < 75.0 {
        app.update();
        let language = app.world().resource::<wall_of_change::wall::shared::ActiveLanguage>().0;
        let scene = scene_now(&app);
        let label = cards(&mut app).values().map(|(_, card)| card.label.clone()).min().unwrap_or_default();
        if label.is_empty() || seen.last().is_some_and(|(s, l, _)| (*s, *l) == (scene, language)) {
            continue;
        }
        seen.push((scene, language, label));
    }
    let rounds: Vec<(Scene, Language)> = seen.iter().map(|(s, l, _)| (*s, *l)).collect();
    assert_eq!(
        rounds,
        [
            (Scene::Change, Language::Nl),
            (Scene::Fame, Language::Nl),
            (Scene::Change, Language::En),
            (Scene::Fame, Language::En),
            (Scene::Change, Language::Nl),
        ],
        "{seen:?}"
    );
    // The round's language is running state: the config stays as read, so
    // nothing that follows the config (the PIN gate's secrets, the cards'
    // paper) is redone at each round.
    assert_eq!(app.world().resource_ref::<WallConfig>().last_changed(), config_changed, "the config was written");
    let dutch = ["Aanbeveling", "Klacht", "Suggestie", "Idee", "Vraag"];
    let english = ["Recommendation", "Complaint", "Suggestion", "Idea", "Question"];
    assert!(dutch.iter().any(|word| seen[0].2.contains(word)), "Dutch labels first: {seen:?}");
    assert!(english.iter().any(|word| seen[2].2.contains(word)), "English in the second round: {seen:?}");
}

#[test]
fn a_touch_holds_the_scene_until_the_idle_timeout_and_a_swipe_moves_on() {
    use bevy::input::touch::TouchPhase;
    let mut app = headless_scenes(default_config());
    let mut visits = vec![(0.0, scene_now(&app))];
    run_recording(&mut app, 50.0, &mut visits);
    touch(&mut app, TouchPhase::Started, 600.0);
    app.update();
    touch(&mut app, TouchPhase::Ended, 600.0);
    run_recording(&mut app, 105.0, &mut visits);
    assert_eq!(scene_now(&app), Scene::Change, "held for 60 s after the touch: {visits:?}");
    run_recording(&mut app, 112.0, &mut visits);
    assert_eq!(scene_now(&app), Scene::Fame, "the rotation resumes after the idle timeout: {visits:?}");

    // A swipe to the left shows the next scene at once.
    touch(&mut app, TouchPhase::Started, 1500.0);
    app.update();
    touch(&mut app, TouchPhase::Moved, 900.0);
    app.update();
    touch(&mut app, TouchPhase::Moved, 400.0);
    app.update();
    touch(&mut app, TouchPhase::Ended, 400.0);
    for _ in 0..4 {
        app.update();
    }
    assert_eq!(scene_now(&app), Scene::Commitment);
}

#[test]
fn the_night_schedule_switches_at_the_configured_minute() {
    use chrono::TimeZone;
    let mut config = default_config();
    config.config.time_zone = "Europe/Amsterdam".into();
    config.config.night = Some(config::Night::hours("20:00", "07:00", false));
    let mut app = headless_scenes(config);
    let at = |h: u32, m: u32, s: u32| Utc.with_ymd_and_hms(2026, 11, 23, h, m, s).single().unwrap_or_default();
    let settle = |app: &mut App, clock: chrono::DateTime<Utc>| {
        app.insert_resource(WallClock::Fixed(clock));
        for _ in 0..4 {
            app.update();
        }
        scene_now(app)
    };
    // 19:59:59 in Amsterdam (UTC+1 in November): still day.
    assert_eq!(settle(&mut app, at(18, 59, 59)), Scene::Change);
    assert!(!cards(&mut app).is_empty());
    assert_eq!(settle(&mut app, at(19, 0, 0)), Scene::Night);
    assert!(cards(&mut app).is_empty(), "the night shows no notes");
    // 06:59 the next morning: still night; 07:00: the wall is back.
    let morning = |h, m| Utc.with_ymd_and_hms(2026, 11, 24, h, m, 0).single().unwrap_or_default();
    assert_eq!(settle(&mut app, morning(5, 59)), Scene::Night);
    assert_eq!(settle(&mut app, morning(6, 0)), Scene::Change);
    assert!(!cards(&mut app).is_empty());
}

/// A fake `cec-ctl` in `dir` that appends its arguments to `calls.txt`
/// and fails when its first argument is `fail`; asked for the power state
/// (`status`, or cec-ctl's own `--give-device-power-status`) it answers
/// standby, as a TV does, and logs that to `asked.txt` instead.
fn fake_cec(dir: &std::path::Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::create_dir_all(dir);
    let script = dir.join("cec-ctl");
    let text = format!(
        "#!/bin/sh\ncase \"$*\" in *status*) echo asked >> '{}'; printf '\\tpwr-state: standby (0x01)\\n'; exit 0;; esac\necho \"$@\" >> '{}'\n[ \"$1\" != fail ]\n",
        dir.join("asked.txt").display(),
        dir.join("calls.txt").display()
    );
    std::fs::write(&script, text).unwrap_or_else(|err| panic!("write the fake cec-ctl: {err}"));
    let _ = std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755));
    script
}

fn calls(dir: &std::path::Path) -> String {
    std::fs::read_to_string(dir.join("calls.txt")).unwrap_or_default()
}

/// `night: (…, tv_power: true)`: standby when the night begins, on when it
/// ends, with the configured commands; a TV that cannot be reached is
/// reported (status.json reads it) and the wall still goes dark.
#[test]
fn the_tv_sleeps_with_the_night_and_a_failure_is_reported() {
    use chrono::TimeZone;
    use wall_of_change::wall::kiosk::tv_power::{self, TvPower};
    let dir = std::env::temp_dir().join(format!("wall-tv-power-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cec = fake_cec(&dir).display().to_string();
    let mut config = default_config();
    config.config.time_zone = "Europe/Amsterdam".into();
    let mut night = config::Night::hours("20:00", "07:00", false);
    night.tv_power = true;
    night.standby_command = vec![cec.clone(), "standby".into()];
    night.wake_command = vec![cec.clone(), "fail".into(), "on".into()];
    night.status_command = vec![cec.clone(), "status".into()];
    config.config.night = Some(night);
    let at = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).single().unwrap_or_default();
    let mut app = headless_scenes_with(config, |app| {
        app.insert_resource(WallClock::Fixed(at(23, 12))).add_plugins(tv_power::plugin);
    });
    let settle = |app: &mut App, clock: chrono::DateTime<Utc>, wanted: &str| {
        app.insert_resource(WallClock::Fixed(clock));
        update_until(app, 10, |app| {
            let tv = app.world().resource::<TvPower>();
            tv.last.as_ref().is_some_and(|(asked, _, result)| *asked == wanted && result.is_some())
        })
    };
    // The day: the TV is asked to be on (and cannot be, here).
    assert!(settle(&mut app, at(23, 12), "on"), "the TV is switched on in the day");
    assert_eq!(calls(&dir), "fail on\n");
    let error = |app: &App| app.world().resource::<TvPower>().last.as_ref().and_then(|(_, _, r)| r.clone()?.err());
    assert!(error(&app).is_some_and(|err| err.contains("exited with")), "{:?}", error(&app));
    // A failure is tried again after five minutes, not at every frame.
    app.insert_resource(WallClock::Fixed(at(23, 12) + chrono::Duration::minutes(6)));
    assert!(update_until(&mut app, 10, |_| calls(&dir) == "fail on\nfail on\n"), "{:?}", calls(&dir));
    // 21:00 in Amsterdam: night, standby.
    assert!(settle(&mut app, at(23, 20), "standby"), "the TV sleeps at night");
    let dark = update_until(&mut app, 10, |app| scene_now(app) == Scene::Night);
    assert!(dark, "and the wall is dark itself");
    assert_eq!(calls(&dir), "fail on\nfail on\nstandby\n");
    assert_eq!(error(&app), None);
    // The TV's own answer, for status.json: standby.
    let state = |app: &App| app.world().resource::<TvPower>().state.as_ref().map(|(state, _)| state.clone());
    assert!(update_until(&mut app, 10, |app| state(app).as_deref() == Some("standby")), "{:?}", state(&app));
    // 07:00 the next morning: on again.
    assert!(settle(&mut app, at(24, 6), "on"), "the TV wakes in the morning");
    assert_eq!(calls(&dir), "fail on\nfail on\nstandby\nfail on\n");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The shipped default command is `cec-ctl` from PATH: the real binary, at
/// night, calls it to put the TV in standby.
#[test]
fn the_real_wall_calls_cec_ctl_from_path_at_night() {
    if !runs_here("the cec-ctl test", xvfb_and_xdotool()) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wall-cec-path-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    fake_cec(&dir);
    let text = "(night: (from: \"20:00\", to: \"07:00\", tv_power: true), time_zone: \"Europe/Amsterdam\")";
    std::fs::write(dir.join("wall.ron"), text).unwrap_or_else(|err| panic!("write the config: {err}"));
    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default());
    let status = xvfb_run()
        .args(["-a", "-s", "-screen 0 1280x720x24"])
        .arg(env!("CARGO_BIN_EXE_wall-of-change"))
        .arg("--config")
        .arg(dir.join("wall.ron"))
        .args(["--size", "640x360", "--at", "2026-11-23T23:30:00+01:00", "--screenshot"])
        .arg(dir.join("night.png"))
        .env("PATH", path)
        .status()
        .unwrap_or_else(|err| panic!("run xvfb-run: {err}"));
    assert!(status.success(), "the wall ran: {status}");
    let called = update_until(&mut App::new(), 10, |_| !calls(&dir).is_empty());
    assert!(called, "cec-ctl was called");
    assert_eq!(calls(&dir), "--playback --to 0 --standby\n");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `wake_on_touch_at_night`: a touch at night shows the wall for two
/// minutes, then it sleeps again; without it, the night stays dark.
#[test]
fn a_touch_at_night_shows_the_wall_for_two_minutes() {
    use bevy::input::touch::TouchPhase;
    use chrono::TimeZone;
    let at = |h: u32, m: u32| Utc.with_ymd_and_hms(2026, 11, 23, h, m, 5).single().unwrap_or_default();
    for wake in [true, false] {
        let mut config = default_config();
        config.config.time_zone = "Europe/Amsterdam".into();
        config.config.night = Some(config::Night::hours("20:00", "07:00", false));
        config.config.wake_on_touch_at_night = wake;
        let mut app = headless_scenes_with(config, |app| {
            app.insert_resource(WallClock::Fixed(at(21, 0))).add_plugins(wall_of_change::wall::scenes::night::plugin);
        });
        assert!(update_until(&mut app, 10, |app| scene_now(app) == Scene::Night), "22:00 in Amsterdam is night");
        touch(&mut app, TouchPhase::Started, 600.0);
        app.update();
        touch(&mut app, TouchPhase::Ended, 600.0);
        let shown = update_until(&mut app, 3, |app| scene_now(app) != Scene::Night);
        assert_eq!(shown, wake, "a touch shows the wall only with wake_on_touch_at_night");
        if wake {
            app.insert_resource(WallClock::Fixed(at(21, 1)));
            assert!(!update_until(&mut app, 2, |app| scene_now(app) == Scene::Night), "still shown a minute later");
            app.insert_resource(WallClock::Fixed(at(21, 2)));
            assert!(update_until(&mut app, 10, |app| scene_now(app) == Scene::Night), "asleep again after two minutes");
        }
    }
}

/// Where the processor draws, a scene change is a cut: one frame asks for
/// the next scene and the next frame shows it, with no veil in between (a
/// fade of a few frames at 15 a second was a flicker that cost ~60 ms of
/// CPU each). With a graphics chip it still fades out and in, 0.6 s.
#[test]
fn a_scene_change_is_a_cut_where_the_processor_draws() {
    use wall_of_change::wall::scenes::fade::Transition;
    let fade_frames = |quick: bool| {
        let mut app = headless_scenes_at_15_fps(quick);
        let fading = |app: &App| app.world().resource::<Transition>().to.is_some();
        frames_while(&mut app, 2000, |app| !fading(app));
        assert!(fading(&app), "the rotation moves on after the first scene");
        let mut veiled = false;
        let frames = frames_while(&mut app, 100, |app| {
            veiled |= veil_shows(app);
            fading(app)
        });
        (frames, veiled)
    };
    let (full, full_veiled) = fade_frames(false);
    let (quick, quick_veiled) = fade_frames(true);
    assert!(full >= 9 && full_veiled, "with a graphics chip the fade takes 0.6 s: {full} frames");
    assert!(quick <= 2, "where the processor draws the scene change is a cut: {quick} frames");
    assert!(!quick_veiled, "and nothing darkens the wall");
}

/// Whether the fade's veil darkens the wall this frame.
fn veil_shows(app: &mut App) -> bool {
    let world = app.world_mut();
    world.query::<(&Sprite, &Visibility)>().iter(world).any(|(sprite, visibility)| {
        *visibility == Visibility::Visible
            && sprite.custom_size == Some(Vec2::splat(100_000.0))
            && sprite.color.alpha() > 0.0
    })
}

/// Whether a card is arriving, leaving or anything asks for another frame.
fn moving(app: &mut App) -> bool {
    use wall_of_change::wall::cards::anim::{Arrival, Leaving};
    use wall_of_change::wall::shared::Motion;
    let world = app.world_mut();
    let arriving = world.query_filtered::<(), With<Arrival>>().iter(world).count();
    let leaving = world.query_filtered::<(), With<Leaving>>().iter(world).count();
    world.resource::<Motion>().active || arriving + leaving > 0
}

/// The headless wall at 15 frames a second, its first page landed: the
/// sample feed is three pages of the Change scene at 1080p.
fn settled_on_several_pages(quick: bool) -> App {
    let mut app = headless_scenes_at_15_fps(quick);
    frames_while(&mut app, 100, moving);
    assert!(pager(&app).pages > 1, "the sample is more than one page at 1080p");
    app
}

fn pager(app: &App) -> wall_of_change::wall::cards::sync::Pager {
    *app.world().resource::<wall_of_change::wall::cards::sync::Pager>()
}

/// The Change scene turns its page every 20 s while it has more than one
/// (the sample feed is three pages at 1080p). Where the processor draws,
/// that is a cut: one frame with the next page in place (the old page
/// shrank away and the new one landed, about six frames). With a graphics
/// chip the page still cascades in.
#[test]
fn a_page_turns_in_one_frame_where_the_processor_draws() {
    let frames_per_turn = |quick: bool| {
        let mut app = settled_on_several_pages(quick);
        frames_while(&mut app, 600, |app| pager(app).page == 0);
        assert_eq!(pager(&app).page, 1, "the page turned within 40 s");
        assert_eq!(scene_now(&app), Scene::Change, "on the Change scene");
        1 + frames_while(&mut app, 100, moving)
    };
    let full = frames_per_turn(false);
    let quick = frames_per_turn(true);
    assert!(full >= 6, "with a graphics chip the page cascades in: {full} frames");
    assert_eq!(quick, 1, "where the processor draws the page turns in one frame");
}

/// The page never turns under the facilitator's finger: while a card is
/// held (arranging stacks) the page waits, and turns once it is let go.
/// Where the processor draws a turn is a cut that removed the held card at
/// once, and with it the drag's end, so drags and taps were refused for
/// five minutes.
#[test]
fn the_page_waits_while_a_card_is_held() {
    use wall_of_change::wall::shared::Arranging;
    let mut app = settled_on_several_pages(true);
    let held = cards(&mut app).into_values().next().map(|(entity, _)| entity);
    assert!(held.is_some(), "a card to hold");
    app.insert_resource(Arranging { on: true, last_touch: 0.0, dragging: held });
    // 30 s at 15 frames a second: past the 20 s page time.
    frames_while(&mut app, 450, |app| pager(app).page == 0);
    assert_eq!(pager(&app).page, 0, "the page waits while the card is held");
    app.world_mut().resource_mut::<Arranging>().dragging = None;
    app.update();
    assert_eq!(pager(&app).page, 1, "and turns once it is let go");
}

/// The Wall of Fame alone at 15 frames a second, its first spotlight landed.
fn fame_settled(quick: bool) -> App {
    let fame_only = config::parse("(scenes: [(scene: fame, seconds: 600)])", "wall.ron")
        .unwrap_or_else(|err| panic!("a valid config: {err}"));
    let config = config::LoadedConfig { config: fame_only, ..default_config() };
    let mut app = headless_at_15_fps(config, quick);
    frames_while(&mut app, 300, |app| spotlight(app).is_none() || moving(app));
    app
}

/// The id of the card in the Fame spotlight.
fn spotlight(app: &mut App) -> Option<String> {
    cards(app).into_keys().find(|id| id.starts_with("spotlight//"))
}

/// The Fame spotlight moves on every 8 s, all day. Where the processor
/// draws, that is a cut: one frame with the new spotlight in its place and
/// nothing moving (it took about eight frames of shrinking and landing).
/// With a graphics chip the cards still shrink away and land.
#[test]
fn the_spotlight_moves_on_in_one_frame_where_the_processor_draws() {
    let frames_per_move = |quick: bool| {
        let mut app = fame_settled(quick);
        let first = spotlight(&mut app);
        assert!(first.is_some(), "a compliment in the spotlight");
        frames_while(&mut app, 300, |app| spotlight(app) == first);
        assert_ne!(spotlight(&mut app), first, "the spotlight moved on within 20 s");
        1 + frames_while(&mut app, 100, moving)
    };
    let full = frames_per_move(false);
    let quick = frames_per_move(true);
    assert!(full >= 4, "with a graphics chip the cards move: {full} frames");
    assert_eq!(quick, 1, "where the processor draws the spotlight moves on in one frame");
}

/// The frame's order has one owner (`shared::frame_order`): the whole
/// wall's frame, the screen's plugins too (the stand-up, the PIN pad, the
/// detail view, the header, the TV's power), built without a window and not
/// run, leaves no two systems that touch the same data unordered, so a
/// frame does the same work in the same order every time. (The real app
/// had 142 such pairs in `Update`.) Bevy names the systems only with its
/// `debug` feature; the report names each system's sets.
#[test]
fn no_two_systems_of_the_screen_frame_are_an_unordered_pair() {
    use bevy::ecs::schedule::{LogLevel, ScheduleBuildSettings, ScheduleLabel};
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, bevy::state::app::StatesPlugin, bevy::input::InputPlugin));
    app.insert_resource(WallConfig::new(default_config()));
    app.add_plugins((wall_of_change::wall::headless_scenes, wall_of_change::wall::screen_plugins));
    for label in [PreUpdate.intern(), Update.intern(), PostUpdate.intern(), Last.intern()] {
        app.edit_schedule(label, |schedule| {
            schedule.set_build_settings(ScheduleBuildSettings {
                ambiguity_detection: LogLevel::Error,
                report_sets: true,
                ..Default::default()
            });
        });
        let built = app.world_mut().schedule_scope(label, |world, schedule| {
            schedule.initialize(world).map(|_| ()).map_err(|err| err.to_string(schedule.graph(), world))
        });
        if let Err(err) = built {
            panic!("{label:?}: {err}");
        }
    }
}

/// Where the processor draws, a scene that comes on behind the fade has its
/// cards in place as the veil lifts: the fade is the motion, and the scene
/// change takes the fade's frames alone (it took the fade's and then the
/// cards' landing). With a graphics chip the cards still fly in.
#[test]
fn a_new_scene_is_in_place_as_the_veil_lifts_where_the_processor_draws() {
    use wall_of_change::wall::cards::anim::Arrival;
    let scene_change = |quick: bool| {
        let mut app = headless_scenes_at_15_fps(quick);
        let fade = |app: &App| *app.world().resource::<wall_of_change::wall::scenes::fade::Transition>();
        frames_while(&mut app, 2000, |app| fade(app).to.is_none());
        assert!(fade(&app).to.is_some(), "the rotation moves on after the first scene");
        // The cards of the scene that comes on (the one going may still be
        // turning its page as it fades out).
        let coming = fade(&app).to;
        let mut flew = false;
        let frames = frames_while(&mut app, 200, |app| {
            let world = app.world_mut();
            let arriving = world.query_filtered::<(), With<Arrival>>().iter(world).count() > 0;
            flew |= arriving && Some(scene_now(app)) == coming;
            fade(app).to.is_some() || arriving
        });
        (frames, flew)
    };
    let (full, full_flew) = scene_change(false);
    let (quick, quick_flew) = scene_change(true);
    assert!(full_flew, "with a graphics chip the new scene's cards fly in ({full} frames)");
    assert!(!quick_flew, "where the processor draws they are in place as the veil lifts");
    assert!(quick <= 2, "the scene change is a cut: {quick} frames");
}

/// A compliment arrives while the Wall of Fame is on: it goes into the
/// spotlight with confetti. The confetti flew for two seconds, 30 frames;
/// where the processor draws that was over half of `--bench`'s frames
/// (about 1.8 s of CPU each time). There it now pops: it stands still in
/// mid-flight for 0.7 s, one frame, and one to take it away.
#[test]
fn confetti_stands_still_where_the_processor_draws() {
    use wall_of_change::core::feed::Parsed;
    use wall_of_change::core::model::NoteKind;
    use wall_of_change::core::wall_model::{Outcome, SourceUpdate};
    let frames_of_confetti = |quick: bool| {
        let mut app = fame_settled(quick);
        let sprites = |app: &mut App| app.world_mut().query::<&Sprite>().iter(app.world()).count();
        let before = sprites(&mut app);
        {
            let mut wall = app.world_mut().resource_mut::<wall_of_change::wall::model::Wall>();
            let source = wall.sources().first().cloned().unwrap_or_else(|| panic!("the sample source"));
            let mut snapshot = source.last_good.clone().unwrap_or_else(|| panic!("the sample's notes"));
            let mut note = wall_of_change::core::generate::note(1, sample_day(), 99);
            (note.id, note.kind, note.praised) = ("praise-new".into(), NoteKind::Compliment, Some("Ruben".into()));
            snapshot.notes.push(note);
            let parsed = Parsed { snapshot, skipped: Vec::new(), first_pages: None };
            let update =
                SourceUpdate { source: 0, key: source.key, name: source.name, outcome: Outcome::Fresh(parsed) };
            wall.apply(update, 60, sample_day());
        }
        frames_while(&mut app, 300, |app| !spotlight(app).is_some_and(|id| id.ends_with("praise-new")));
        assert!(spotlight(&mut app).is_some_and(|id| id.ends_with("praise-new")), "the new compliment first");
        assert!(sprites(&mut app) > before + 30, "the confetti is out: {} pieces", sprites(&mut app) - before);
        let frames = 1 + frames_while(&mut app, 100, moving);
        // Two seconds later it is gone (its last frame: 2 s flying, 0.7 s still).
        frames_while(&mut app, 31, |_| true);
        assert_eq!(sprites(&mut app), before, "and gone after two seconds");
        frames
    };
    let full = frames_of_confetti(false);
    let quick = frames_of_confetti(true);
    assert!(full >= 20, "with a graphics chip the confetti flies: {full} frames");
    assert!(quick <= 2, "where the processor draws it stands still: {quick} frames");
}
