//! What the tests share: the sample feed and config, headless apps,
//! synthetic input, and finding entities.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use wall_of_change::core::reach::Mount;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use chrono::Utc;

use wall_of_change::config::{self, LoadedConfig};
use wall_of_change::core::feed::wall::{Syntax, parse};
use wall_of_change::core::model::Snapshot;
use wall_of_change::wall::cards::NoteCard;
use wall_of_change::wall::cards::sync;
use wall_of_change::wall::model::Wall;
use wall_of_change::wall::scenes;
use wall_of_change::wall::scenes::Scene;
use wall_of_change::wall::scenes::change;
use wall_of_change::wall::shared::{WallArea, WallConfig};

/// The sample feed's day (its newest note is from 09:05 that morning): the
/// headless walls' clock. On the real clock the sample's notes aged, and
/// once the newest was two weeks old ("2 weeks ago", topics of recent
/// notes) page counts and stacks changed: four tests that passed at 08:40
/// failed at 10:20 the same morning.
pub(crate) fn sample_day() -> chrono::DateTime<Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+01:00")
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|err| panic!("a fixed time: {err}"))
}

pub(crate) fn sample_snapshot() -> Snapshot {
    match parse(config::SAMPLE_FEED, Syntax::Json, sample_day()) {
        Ok(parsed) => {
            assert!(parsed.skipped.is_empty(), "the sample feed is clean: {:?}", parsed.skipped);
            parsed.snapshot
        }
        Err(err) => panic!("the sample feed parses: {err}"),
    }
}

pub(crate) fn default_config() -> LoadedConfig {
    LoadedConfig::embedded().unwrap_or_else(|err| panic!("the default config is valid: {err}"))
}

/// The notes half of the wall with no window, no renderer and no fonts,
/// on a screen hung as `mount` says (its letter sizes).
pub(crate) fn headless_wall(snapshot: Snapshot, screen: Vec2, mount: Mount) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin));
    let mut config = default_config();
    config.config.screen = mount;
    let text = config.config.text_px(screen.y);
    app.insert_resource(WallConfig::new(config))
        .insert_resource(Wall::from_snapshot(snapshot))
        .insert_resource(scenes::WallClock::Fixed(sample_day()))
        .insert_resource(WallArea::for_screen(screen.x, screen.y, text))
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(250)));
    app.add_plugins((wall_of_change::wall::shared::frame_order, scenes::plugin, sync::plugin, change::plugin));
    app.update();
    app.update();
    app
}

/// A 98" 4K TV read from 2 m: letters of 20 px, so it holds every sample
/// note, whole, on one page.
pub(crate) fn big_4k_tv() -> Mount {
    Mount { height_mm: 1220.0, viewing_m: 2.0, ..Mount::default() }
}

pub(crate) fn cards(app: &mut App) -> HashMap<String, (Entity, NoteCard)> {
    let mut query = app.world_mut().query::<(Entity, &NoteCard)>();
    query.iter(app.world()).map(|(entity, card)| (card.id.to_string(), (entity, card.clone()))).collect()
}

/// The whole headless wall: every scene, the rotation and the animations,
/// on a manual clock of 0.25 s per update.
pub(crate) fn headless_scenes(config: LoadedConfig) -> App {
    headless_scenes_with(config, |_| {})
}

/// [`headless_scenes`] with more plugins or resources added before the
/// first update (so their start-up systems run).
pub(crate) fn headless_scenes_with(config: LoadedConfig, extra: impl FnOnce(&mut App)) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, bevy::input::InputPlugin));
    let text = config.config.text_px(1080.0);
    app.insert_resource(WallConfig::new(config))
        .insert_resource(Wall::from_snapshot(sample_snapshot()))
        .insert_resource(scenes::WallClock::Fixed(sample_day()))
        .insert_resource(WallArea::for_screen(1920.0, 1080.0, text))
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(250)));
    app.add_plugins(wall_of_change::wall::headless_scenes);
    extra(&mut app);
    app.update();
    app
}

/// [`headless_scenes`] on a clock of 15 updates a second (the frame limit
/// where the processor draws), with the motion `quick` as it is there or
/// full as with a graphics chip.
pub(crate) fn headless_scenes_at_15_fps(quick: bool) -> App {
    headless_at_15_fps(default_config(), quick)
}

/// [`headless_scenes_at_15_fps`] with another config.
pub(crate) fn headless_at_15_fps(config: LoadedConfig, quick: bool) -> App {
    headless_scenes_with(config, |app| {
        app.insert_resource(wall_of_change::wall::shared::MotionPace { quick })
            .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs_f64(1.0 / 15.0)));
    })
}

pub(crate) fn scene_now(app: &App) -> Scene {
    *app.world().resource::<State<Scene>>().get()
}

pub(crate) fn key(app: &mut App, code: KeyCode, pressed: bool) {
    use bevy::input::ButtonState;
    use bevy::input::keyboard::{Key, KeyboardInput};
    app.world_mut().write_message(KeyboardInput {
        key_code: code,
        logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
        state: if pressed { ButtonState::Pressed } else { ButtonState::Released },
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
}

pub(crate) fn tap_key(app: &mut App, code: KeyCode) {
    key(app, code, true);
    app.update();
    key(app, code, false);
    app.update();
}

pub(crate) fn type_pin(app: &mut App, pin: &str) {
    let digits = [
        KeyCode::Digit0,
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
        KeyCode::Digit8,
        KeyCode::Digit9,
    ];
    for c in pin.chars() {
        let index = c.to_digit(10).unwrap_or(0) as usize;
        tap_key(app, digits[index]);
    }
    tap_key(app, KeyCode::Enter);
}

pub(crate) fn open_exit_pad(app: &mut App) {
    key(app, KeyCode::ControlLeft, true);
    key(app, KeyCode::AltLeft, true);
    app.update();
    tap_key(app, KeyCode::KeyQ);
    key(app, KeyCode::ControlLeft, false);
    key(app, KeyCode::AltLeft, false);
    app.update();
}

/// Updates `app` until `done` holds, for at most `seconds` of real time.
pub(crate) fn update_until(app: &mut App, seconds: u64, mut done: impl FnMut(&mut App) -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < deadline {
        app.update();
        if done(app) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// Updates `app` one frame at a time while `going` holds, at most `cap`
/// frames; the number of frames it updated.
pub(crate) fn frames_while(app: &mut App, cap: usize, mut going: impl FnMut(&mut App) -> bool) -> usize {
    let mut frames = 0;
    while frames < cap && going(app) {
        app.update();
        frames += 1;
    }
    frames
}

/// The real binary appending votes to the journal in `dir` until killed,
/// printing each id once it is on disk.
pub(crate) fn start_drill(dir: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_wall-of-change"))
        .arg("--vote-drill")
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("start the drill: {err}"))
}

/// A tap as the picking backend reports it: a click on `entity`.
pub(crate) fn tap(app: &mut App, entity: Entity) {
    use bevy::camera::NormalizedRenderTarget;
    use bevy::picking::backend::HitData;
    use bevy::picking::events::{Click, Pointer};
    use bevy::picking::pointer::{Location, PointerButton, PointerId};
    let location = Location {
        target: NormalizedRenderTarget::None { width: 1920, height: 1080 },
        position: Vec2::new(960.0, 540.0),
    };
    let click = Click {
        button: PointerButton::Primary,
        hit: HitData::new(Entity::PLACEHOLDER, 0.0, None, None),
        duration: Duration::from_millis(80),
        count: 1,
    };
    app.world_mut().trigger(Pointer::new(PointerId::Mouse, location, click, entity));
    app.update();
}

pub(crate) fn find<C: Component>(app: &mut App) -> Option<Entity> {
    let mut query = app.world_mut().query_filtered::<Entity, With<C>>();
    query.iter(app.world()).next()
}

/// Where a rendering test draws: the developer's own X display, or a
/// fresh Xvfb.
pub(crate) enum Display {
    Existing,
    Xvfb,
}

pub(crate) fn find_display() -> Result<Display, String> {
    if std::env::var_os("DISPLAY").is_some() {
        return Ok(Display::Existing);
    }
    let xvfb = Command::new("xvfb-run").arg("--help").stdout(Stdio::null()).stderr(Stdio::null()).status();
    match xvfb {
        Ok(_) => Ok(Display::Xvfb),
        Err(_) => Err("no DISPLAY and no xvfb-run (apt-get install xvfb mesa-vulkan-drivers)".into()),
    }
}

/// Whether a test that needs programs from outside the project runs here.
/// Where they are missing, `needs` says which; the test is skipped on a
/// developer's machine and fails under `CI=true`, where `.ci/run` installs
/// them.
pub(crate) fn runs_here(test: &str, needs: Result<(), String>) -> bool {
    let Err(why) = needs else {
        return true;
    };
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("CI=true but {test} cannot run: {why}");
    }
    println!("skipping {test}: {why}");
    false
}

/// Whether `program` runs here (answering `arg`, e.g. `--version`).
pub(crate) fn has_program(program: &str, arg: &str) -> bool {
    Command::new(program).arg(arg).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// xvfb-run and xdotool, for tests that drive the real binary with
/// synthetic input on an X server of their own, whatever DISPLAY says.
pub(crate) fn xvfb_and_xdotool() -> Result<(), String> {
    if has_program("xdotool", "version") && has_program("xvfb-run", "--help") {
        Ok(())
    } else {
        Err("this test needs xvfb-run and xdotool (apt-get install xvfb xdotool)".into())
    }
}

/// `xvfb-run`, for a command that gets an X server of its own: it sets
/// DISPLAY for the child, and a Wayland session of the developer's must not
/// draw the wall instead.
pub(crate) fn xvfb_run() -> Command {
    let mut command = Command::new("xvfb-run");
    command.env_remove("WAYLAND_DISPLAY");
    command
}

/// The wall reading its sources into the Wall of Change, headless: the
/// frame's order, the rotation, the model, the cards and the scene.
pub(crate) fn wall_reading_sources(app: &mut App) {
    app.add_plugins((
        wall_of_change::wall::shared::frame_order,
        scenes::plugin,
        wall_of_change::wall::model::plugin,
        sync::plugin,
        change::plugin,
    ));
}
