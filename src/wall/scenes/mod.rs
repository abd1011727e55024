//! The scenes of the wall as Bevy states, the rotation between them, the
//! fade from one to the next, arrow keys and swipes, the night, and the
//! language of each round (`language: [nl, en]`).
//!
//! Entities of a scene carry `DespawnOnExit(Scene::X)`, so leaving a scene
//! cleans it up.

pub(crate) mod add_feedback;
pub mod change;
pub(crate) mod commitment;
pub(crate) mod confetti;
pub(crate) mod content;
pub mod fade;
pub(crate) mod fame;
pub(crate) mod inputs;
pub mod night;
pub(crate) mod priorities;
pub mod standup;
pub(crate) mod trends;

pub use content::SceneContent;

use bevy::input::touch::Touches;
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use chrono::{DateTime, Utc};

use crate::core::rotation::Rotation;
use crate::core::rotation::SceneName;
use crate::wall::model::Wall;
use crate::wall::shared::DrawSteps;
use crate::wall::shared::{ActiveLanguage, NightWake, Wakeups, WallConfig, WallSystems, WallTime};

/// The scene on screen. `Night` is the dark screen of the night schedule.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scene {
    #[default]
    Change,
    Fame,
    Commitment,
    Priorities,
    Trends,
    Night,
    /// The facilitator's stand-up: it holds the rotation until it ends.
    StandUp,
}

impl Scene {
    pub fn from_name(name: SceneName) -> Scene {
        match name {
            SceneName::Change => Scene::Change,
            SceneName::Fame => Scene::Fame,
            SceneName::Commitment => Scene::Commitment,
            SceneName::Priorities => Scene::Priorities,
            SceneName::Trends => Scene::Trends,
        }
    }

    /// On screen without note cards: the night, the trends, an empty scene.
    pub fn drawn_without_cards(self, content: &SceneContent) -> bool {
        matches!(self, Scene::Night | Scene::Trends) || self.name().is_some_and(|name| !content.has(name))
    }

    /// The rotation's name for this scene; `None` for the night.
    pub fn name(self) -> Option<SceneName> {
        match self {
            Scene::Change => Some(SceneName::Change),
            Scene::Fame => Some(SceneName::Fame),
            Scene::Commitment => Some(SceneName::Commitment),
            Scene::Priorities => Some(SceneName::Priorities),
            Scene::Trends => Some(SceneName::Trends),
            Scene::Night | Scene::StandUp => None,
        }
    }
}

/// The scene to start on (`--scene`); the rotation's first otherwise.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct StartScene(pub Option<SceneName>);

/// The rotation through the configured scenes, on wall-clock seconds.
#[derive(Resource, Debug, Clone)]
pub struct SceneRotation(pub Rotation);

/// What time it is for the wall. Tests inject a time; the TV reads the
/// system clock.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub enum WallClock {
    #[default]
    System,
    Fixed(DateTime<Utc>),
}

impl WallClock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            WallClock::System => Utc::now(),
            WallClock::Fixed(at) => *at,
        }
    }
}

/// A swipe is a horizontal drag over this share of the screen's width.
const SWIPE_SHARE: f32 = 0.12;

/// Where a mouse drag began (touches keep their own start).
#[derive(Resource, Default)]
struct DragStart(Option<Vec2>);

pub fn plugin(app: &mut App) {
    app.init_state::<Scene>()
        .init_resource::<StartScene>()
        .init_resource::<ActiveLanguage>()
        .init_resource::<WallClock>()
        .init_resource::<SceneContent>()
        .init_resource::<NightWake>()
        .init_resource::<fade::Transition>()
        .init_resource::<DragStart>()
        .add_systems(Startup, (start_rotation, fade::spawn_veil))
        .add_systems(
            Update,
            (update_content, follow_config, read_input, rotate, follow_night, alternate_language)
                .chain()
                .in_set(WallSystems::Scenes),
        )
        .add_systems(Update, fade::run_transition.in_set(DrawSteps::Fade));
}

fn start_rotation(
    mut commands: Commands,
    config: Res<WallConfig>,
    start: Res<StartScene>,
    time: WallTime,
    mut next: ResMut<NextState<Scene>>,
) {
    let rotation = Rotation::new(&config.scenes, start.0, config.idle_resume_seconds, time.now());
    NextState::set_if_neq(&mut *next, Scene::from_name(rotation.current()));
    commands.insert_resource(SceneRotation(rotation));
}

/// A reloaded config with other scenes or durations gets a new rotation,
/// which stays on the current scene when the new list still has it.
fn follow_config(
    config: Res<WallConfig>,
    time: WallTime,
    state: Res<State<Scene>>,
    mut rotation: Option<ResMut<SceneRotation>>,
    mut transition: ResMut<fade::Transition>,
    mut applied: Local<Option<(Vec<crate::core::rotation::SceneSlot>, u32)>>,
) {
    if !config.is_changed() {
        return;
    }
    let wanted = (config.scenes.clone(), config.idle_resume_seconds);
    let first = applied.is_none();
    if applied.as_ref() == Some(&wanted) {
        return;
    }
    *applied = Some(wanted);
    let Some(rotation) = rotation.as_deref_mut() else {
        return;
    };
    if first {
        return; // The rotation was just made from this config.
    }
    // A scene the new list leaves out is not kept.
    let current = state.get().name().filter(|scene| config.scenes.iter().any(|slot| slot.scene == *scene));
    rotation.0 = Rotation::new(&config.scenes, current, config.idle_resume_seconds, time.now());
    let scene = Scene::from_name(rotation.0.current());
    if *state.get() != Scene::Night && scene != *state.get() {
        fade::begin(&mut transition, scene);
    }
}

fn update_content(wall: Res<Wall>, mut content: ResMut<SceneContent>) {
    if wall.is_changed() {
        // The trends plugin keeps its own flag (its history is not the wall's).
        let next = SceneContent { trends: content.trends, ..SceneContent::of(&wall) };
        content.set_if_neq(next);
    }
}

/// Arrow keys and swipes change the scene; any touch, click or key holds
/// the rotation until nobody has touched the wall for a while.
fn read_input(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    touches: Option<Res<Touches>>,
    mouse: Option<Res<ButtonInput<MouseButton>>>,
    windows: Query<&Window, With<PrimaryWindow>>,
    time: WallTime,
    content: Res<SceneContent>,
    state: Res<State<Scene>>,
    mut drag: ResMut<DragStart>,
    mut rotation: Option<ResMut<SceneRotation>>,
    mut transition: ResMut<fade::Transition>,
    pad: Option<Res<crate::wall::kiosk::pin_pad::PinPad>>,
    arranging: Option<Res<crate::wall::shared::Arranging>>,
) {
    let Some(rotation) = rotation.as_deref_mut() else {
        return;
    };
    // The facilitator arranging stacks drags cards: no swipe.
    if arranging.is_some_and(|arranging| arranging.on) {
        return;
    }
    // Keys typed into the PIN pad are the pad's alone.
    let keys = keys.filter(|_| !pad.is_some_and(|pad| pad.open));
    if matches!(*state.get(), Scene::Night | Scene::StandUp) {
        return;
    }
    let now = time.now();
    let window = windows.single().ok();
    let swipe_min = window.map_or(200.0, |w| w.width() * SWIPE_SHARE);
    let mut direction = 0;
    let mut touched = false;

    if let Some(keys) = keys {
        if keys.just_pressed(KeyCode::ArrowRight) {
            direction = 1;
        } else if keys.just_pressed(KeyCode::ArrowLeft) {
            direction = -1;
        }
        touched |= keys.get_just_pressed().next().is_some();
    }
    if let Some(touches) = touches {
        touched |= touches.any_just_pressed();
        for touch in touches.iter_just_released() {
            direction = swipe(touch.start_position(), touch.position(), swipe_min).unwrap_or(direction);
        }
    }
    if let Some(mouse) = mouse {
        let cursor = window.and_then(Window::cursor_position);
        if mouse.just_pressed(MouseButton::Left) {
            touched = true;
            drag.0 = cursor;
        }
        if mouse.just_released(MouseButton::Left)
            && let (Some(start), Some(end)) = (drag.0.take(), cursor)
        {
            direction = swipe(start, end, swipe_min).unwrap_or(direction);
        }
    }

    if direction != 0 {
        if let Some(scene) = rotation.0.go(direction, now, |s| content.has(s)) {
            fade::begin(&mut transition, Scene::from_name(scene));
        }
    } else if touched {
        rotation.0.touch(now);
    }
}

/// A drag far enough sideways: -1 to the left... which shows the next scene
/// (+1), as a page turns on a tablet.
fn swipe(start: Vec2, end: Vec2, min: f32) -> Option<isize> {
    let delta = end - start;
    (delta.x.abs() >= min && delta.x.abs() > delta.y.abs() * 1.5).then_some(if delta.x < 0.0 { 1 } else { -1 })
}

/// With `language: [nl, en]` the next language takes over as each round's
/// first scene comes on (on a one-scene wall, as its round ends).
fn alternate_language(
    state: Res<State<Scene>>,
    rotation: Option<Res<SceneRotation>>,
    config: Res<WallConfig>,
    mut active: ResMut<ActiveLanguage>,
    mut last_round: Local<Option<u64>>,
) {
    let Some(rotation) = rotation else {
        return;
    };
    // With several scenes the language changes as the first scene comes
    // on (not while the last one fades out); with one, when its round ends.
    let round = Some(rotation.0.rounds());
    let one_scene_round = rotation.0.slots().len() == 1 && *last_round != round;
    *last_round = round;
    if !state.is_changed() && !config.is_changed() && !one_scene_round {
        return;
    }
    let wanted = config.languages.of_round(rotation.0.rounds());
    if active.0 != wanted {
        info!("language: {wanted:?} for round {} of the rotation", rotation.0.rounds() + 1);
        active.0 = wanted;
    }
}

fn rotate(
    time: WallTime,
    content: Res<SceneContent>,
    state: Res<State<Scene>>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    rotation: Option<ResMut<SceneRotation>>,
    mut transition: ResMut<fade::Transition>,
    mut wakeups: ResMut<Wakeups>,
    mut schedule_minute: Local<Option<i64>>,
) {
    let Some(mut rotation) = rotation else {
        return;
    };
    if matches!(*state.get(), Scene::Night | Scene::StandUp) || transition.to.is_some() {
        return;
    }
    let now = time.now();
    // Scenes on a schedule, by the wall's local clock: windows are whole
    // minutes, so it is looked at once a minute (and on a new config).
    let minute = clock.now().timestamp() / 60;
    if *schedule_minute != Some(minute) || config.is_changed() {
        *schedule_minute = Some(minute);
        let local = config.zone().local(clock.now());
        if let Some(scene) = rotation.0.follow_schedule(|slot| slot.on_at(local), now, |s| content.has(s)) {
            info!("the schedule shows {scene:?} now");
            fade::begin(&mut transition, Scene::from_name(scene));
            return;
        }
    }
    if let Some(scene) = rotation.0.tick(now, |s| content.has(s)) {
        fade::begin(&mut transition, Scene::from_name(scene));
    }
    if let Some(left) = rotation.0.seconds_left(now) {
        trace!("next scene in {left:.2} s");
        wakeups.in_seconds(left as f32);
    }
}

/// Goes dark when the night schedule says so, and back to the rotation's
/// scene in the morning. Checked every frame against the wall clock; the
/// loop wakes at least every minute.
fn follow_night(
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    state: Res<State<Scene>>,
    rotation: Option<Res<SceneRotation>>,
    wake: Res<NightWake>,
    mut transition: ResMut<fade::Transition>,
    mut last_minute: Local<Option<i64>>,
) {
    // The schedule counts in minutes: look once a minute, not every frame.
    let minute = clock.now().timestamp() / 60;
    if *last_minute == Some(minute) && !config.is_changed() && !clock.is_changed() && !wake.is_changed() {
        return;
    }
    *last_minute = Some(minute);
    let Some(night) = config.night() else {
        return;
    };
    let local = config.zone().local(clock.now());
    // A touch at night shows the wall for a while (wake_on_touch_at_night).
    let woken = wake.0.is_some_and(|until| clock.now() < until);
    let dark = night.is_night(local) && !woken;
    let heading = transition.to.unwrap_or(*state.get());
    if heading == Scene::StandUp {
        return; // A stand-up that runs late is not cut off by the night.
    }
    if dark && heading != Scene::Night {
        fade::begin(&mut transition, Scene::Night);
    } else if !dark && heading == Scene::Night {
        let scene = rotation.map_or(Scene::Change, |r| Scene::from_name(r.0.current()));
        fade::begin(&mut transition, scene);
    }
}
