//! The rotation's tests: visits, touches, languages' rounds, schedules.

use super::*;

fn slots() -> Vec<SceneSlot> {
    vec![
        SceneSlot::new(SceneName::Change, 60),
        SceneSlot::new(SceneName::Fame, 30),
        SceneSlot::new(SceneName::Commitment, 30),
        SceneSlot::new(SceneName::Priorities, 30),
    ]
}

fn all(_: SceneName) -> bool {
    true
}

#[test]
fn visits_each_scene_for_its_seconds() {
    let mut rotation = Rotation::new(&slots(), None, 60, 0.0);
    let mut visits = vec![(0.0, rotation.current())];
    let mut now = 0.0;
    while now < 300.0 {
        now += 0.5;
        if let Some(scene) = rotation.tick(now, all) {
            visits.push((now, scene));
        }
    }
    let expected = [
        (0.0, SceneName::Change),
        (60.0, SceneName::Fame),
        (90.0, SceneName::Commitment),
        (120.0, SceneName::Priorities),
        (150.0, SceneName::Change),
        (210.0, SceneName::Fame),
        (240.0, SceneName::Commitment),
        (270.0, SceneName::Priorities),
        (300.0, SceneName::Change),
    ];
    assert_eq!(visits, expected);
}

/// A second language takes over each time the rotation comes back to
/// its first scene by itself; arrows and swipes do not count.
#[test]
fn rounds_count_the_returns_to_the_first_scene() {
    let mut rotation = Rotation::new(&slots(), None, 60, 0.0);
    let mut rounds = Vec::new();
    let mut now = 0.0;
    while now < 440.0 {
        now += 0.5;
        if let Some(scene) = rotation.tick(now, all) {
            rounds.push((scene, rotation.rounds()));
        }
    }
    assert_eq!(rotation.current(), SceneName::Priorities);
    assert_eq!(rounds[3], (SceneName::Change, 1));
    assert_eq!(rounds[7], (SceneName::Change, 2));
    assert_eq!(rounds[6], (SceneName::Priorities, 1));
    assert_eq!(rotation.go(1, now, all), Some(SceneName::Change));
    assert_eq!(rotation.rounds(), 2, "an arrow key is not a round");
    // Skipped scenes still make a round.
    let mut skipping = Rotation::new(&slots(), None, 60, 0.0);
    skipping.tick(60.0, |scene| scene == SceneName::Change);
    assert_eq!((skipping.current(), skipping.rounds()), (SceneName::Change, 1));
    // One scene: a round is its seconds.
    let mut one = Rotation::new(&slots()[..1], None, 60, 0.0);
    one.tick(59.0, all);
    one.tick(60.0, all);
    one.tick(120.0, all);
    assert_eq!(one.rounds(), 2);
}

#[test]
fn a_touch_holds_the_scene_until_the_idle_timeout() {
    let mut rotation = Rotation::new(&slots(), None, 60, 0.0);
    rotation.touch(50.0);
    assert!(rotation.is_paused(60.0));
    assert_eq!(rotation.tick(60.0, all), None);
    assert_eq!(rotation.seconds_left(60.0), Some(50.0));
    assert_eq!(rotation.tick(109.9, all), None);
    assert_eq!(rotation.tick(110.0, all), Some(SceneName::Fame));
    assert!(!rotation.is_paused(110.0));
    // The next scene has its full time again.
    assert_eq!(rotation.tick(139.9, all), None);
    assert_eq!(rotation.tick(140.0, all), Some(SceneName::Commitment));
}

#[test]
fn arrows_go_both_ways_and_wrap() {
    let mut rotation = Rotation::new(&slots(), Some(SceneName::Fame), 60, 0.0);
    assert_eq!(rotation.current(), SceneName::Fame);
    assert_eq!(rotation.go(-1, 1.0, all), Some(SceneName::Change));
    assert_eq!(rotation.go(-1, 2.0, all), Some(SceneName::Priorities));
    assert_eq!(rotation.go(1, 3.0, all), Some(SceneName::Change));
    assert!(rotation.is_paused(3.0));
}

#[test]
fn scenes_without_content_are_skipped() {
    let mut rotation = Rotation::new(&slots(), None, 60, 0.0);
    let no_fame = |scene: SceneName| scene != SceneName::Fame;
    assert_eq!(rotation.tick(60.0, no_fame), Some(SceneName::Commitment));
    // Nothing anywhere: the rotation still moves, and each scene says why it is empty.
    assert_eq!(rotation.tick(90.0, |_| false), Some(SceneName::Priorities));
}

#[test]
fn one_scene_never_rotates() {
    let mut rotation = Rotation::new(&slots()[..1], None, 60, 0.0);
    assert_eq!(rotation.seconds_left(1000.0), None);
    assert_eq!(rotation.tick(1000.0, all), None);
    let empty = Rotation::new(&[], None, 60, 0.0);
    assert_eq!(empty.current(), SceneName::Change, "an empty list shows the Wall of Change");
}

/// `--scene trends` on a wall whose list leaves it out: it shows first,
/// for 30 s, and the list goes on after it.
#[test]
fn a_start_scene_outside_the_list_shows_first() {
    let mut rotation = Rotation::new(&slots()[..2], Some(SceneName::Trends), 60, 0.0);
    assert_eq!(rotation.current(), SceneName::Trends);
    assert_eq!(rotation.tick(30.0, all), Some(SceneName::Change));
    assert_eq!(rotation.slots().len(), 2, "the visit is over");
    assert_eq!(rotation.tick(90.0, all), Some(SceneName::Fame));
    assert_eq!(rotation.tick(120.0, all), Some(SceneName::Change));
    assert_eq!(rotation.rounds(), 1);
}

/// A scene the schedule leaves out makes way at once and is skipped;
/// when the schedule leaves every scene out, the Wall of Change shows.
#[test]
fn the_schedule_skips_scenes_and_falls_back_to_the_wall_of_change() {
    let mut rotation = Rotation::new(&slots()[1..], None, 60, 0.0);
    assert_eq!(rotation.current(), SceneName::Fame);
    let no_fame = |slot: &SceneSlot| slot.scene != SceneName::Fame;
    assert_eq!(rotation.follow_schedule(no_fame, 1.0, all), Some(SceneName::Commitment), "at once");
    assert_eq!(rotation.follow_schedule(no_fame, 2.0, all), None, "nothing new");
    let mut seen = Vec::new();
    let mut now = 2.0;
    while now < 200.0 {
        now += 1.0;
        seen.extend(rotation.tick(now, all));
    }
    assert!(!seen.contains(&SceneName::Fame), "{seen:?}");
    assert_eq!(rotation.follow_schedule(|_| false, now, all), Some(SceneName::Change), "nothing scheduled");
    assert_eq!(rotation.tick(now + 500.0, all), None, "and it stays");
    assert_eq!(rotation.seconds_left(now + 500.0), None, "with no frame asked for meanwhile");
    assert!(rotation.follow_schedule(|_| true, now + 501.0, all).is_some(), "back to the rotation");
    assert_ne!(rotation.current(), SceneName::Change);
    // A scene asked for at the start (--scene) stays until the rotation moves on.
    let mut asked = Rotation::new(&slots(), Some(SceneName::Priorities), 60, 0.0);
    let no_priorities = |slot: &SceneSlot| slot.scene != SceneName::Priorities;
    assert_eq!(asked.follow_schedule(no_priorities, 1.0, all), None);
    assert_eq!(asked.current(), SceneName::Priorities);
    assert!(asked.tick(31.0, all).is_some());
    assert_eq!(asked.follow_schedule(no_priorities, 32.0, all), None, "{:?}", asked.current());
    assert_ne!(asked.current(), SceneName::Priorities, "then the schedule holds");
}

/// The footer counts down in coarse steps (a still wall draws a frame for
/// it only that often), but never says more than the scene has: an 8 s
/// scene said "next in 30 s" and a 45 s one "next in 60 s".
#[test]
fn the_countdown_steps_but_never_overstates() {
    let short = [SceneSlot::new(SceneName::Change, 45), SceneSlot::new(SceneName::Fame, 8)];
    let mut rotation = Rotation::new(&short, None, 60, 0.0);
    let shown = |rotation: &Rotation, now: f64| rotation.countdown(now, 30.0).map(|c| c.shown);
    assert_eq!(shown(&rotation, 0.0), Some(45), "not 60");
    assert_eq!(rotation.countdown(0.0, 30.0).map(|c| c.changes_in), Some(15.0), "it says 30 s at 30 s left");
    assert_eq!(shown(&rotation, 15.5), Some(30));
    assert_eq!(shown(&rotation, 44.0), Some(30));
    assert_eq!(rotation.tick(45.0, all), Some(SceneName::Fame));
    assert_eq!(shown(&rotation, 45.0), Some(8), "not 30");
    assert_eq!(shown(&rotation, 50.0), Some(8));
    // A touch holds the scene for the idle time: that is what it counts.
    rotation.touch(50.0);
    assert_eq!(rotation.countdown(50.0, 5.0).map(|c| c.shown), Some(60));
    assert_eq!(rotation.countdown(52.0, 5.0).map(|c| (c.shown, c.changes_in)), Some((60, 3.0)));
    // One scene: no countdown.
    let one = Rotation::new(&short[..1], None, 60, 0.0);
    assert_eq!(one.countdown(0.0, 30.0), None);
}

/// A countdown step due within `lead` seconds, before any other frame, is
/// shown on the frame drawn now (a page turn): a still wall draws no frame
/// of its own for it. Never early into "0 s", and never while someone
/// reads at the wall (paused).
#[test]
fn a_countdown_step_close_by_is_shown_on_a_frame_drawn_anyway() {
    let slots = [SceneSlot::new(SceneName::Change, 60), SceneSlot::new(SceneName::Fame, 30)];
    let mut rotation = Rotation::new(&slots, None, 60, 0.0);
    let merged = |rotation: &Rotation, now: f64, next_frame: f64| {
        rotation.countdown_merged(now, 30.0, next_frame, 10.0).map(|c| (c.shown, c.changes_in))
    };
    // A page turn at 20.4 s; the next frame is the next turn, 20 s on.
    assert_eq!(merged(&rotation, 20.4, 20.0).map(|(shown, _)| shown), Some(30), "stepped early");
    assert_eq!(rotation.countdown(20.4, 30.0).map(|c| c.shown), Some(60), "unmerged it says 60");
    let (_, changes_in) = merged(&rotation, 20.4, 20.0).unwrap_or_default();
    assert!((changes_in - 39.6).abs() < 1e-6, "then nothing until the scene ends: {changes_in}");
    // Too far off, or another frame comes first: as before.
    assert_eq!(merged(&rotation, 15.0, 20.0).map(|(shown, _)| shown), Some(60));
    assert_eq!(merged(&rotation, 25.0, 2.0).map(|(shown, _)| shown), Some(60));
    // The last step is the scene change itself: never "0 s" early.
    assert_eq!(merged(&rotation, 52.0, 20.0).map(|(shown, _)| shown), Some(30));
    // Someone reading: the pause counts down exactly.
    rotation.touch(20.0);
    assert_eq!(rotation.countdown_merged(76.0, 5.0, 20.0, 10.0).map(|c| c.shown), Some(5));
}
