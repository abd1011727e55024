//! The rotation through the scenes: which scene is on, for how long, and
//! how a touch pauses it until people walk away.
//!
//! Time is a number of seconds from any fixed start, given by the caller,
//! so the rotation is tested without a clock.

use serde::{Deserialize, Serialize};

use super::schedule::{Days, Hours};

/// What the footer's countdown says, and when that changes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Countdown {
    /// Seconds, in whole steps.
    pub shown: u32,
    /// Seconds until the shown number changes.
    pub changes_in: f64,
}

/// The scenes the wall rotates through, as the config names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SceneName {
    Change,
    Fame,
    Commitment,
    Priorities,
    /// Notes per week, and how many were done: is the customer heard?
    Trends,
}

impl SceneName {
    /// Parses a scene's name as `--scene` takes it.
    pub fn parse(text: &str) -> Result<SceneName, String> {
        match text.trim().to_lowercase().as_str() {
            "change" => Ok(SceneName::Change),
            "fame" => Ok(SceneName::Fame),
            "commitment" => Ok(SceneName::Commitment),
            "priorities" => Ok(SceneName::Priorities),
            "trends" => Ok(SceneName::Trends),
            other => Err(format!("no scene {other:?}; use change, fame, commitment, priorities or trends")),
        }
    }
}

/// A scene in the rotation, how long it stays on, and when it is shown
/// (`core::schedule`): only on `days` (empty: every day), only between
/// `hours`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SceneSlot {
    pub scene: SceneName,
    pub seconds: u32,
    #[serde(default, skip_serializing_if = "Days::is_every_day")]
    pub days: Days,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
}

impl SceneSlot {
    /// A scene shown every day, all day.
    pub fn new(scene: SceneName, seconds: u32) -> SceneSlot {
        SceneSlot { scene, seconds, days: Days::default(), hours: None }
    }

    /// Whether its schedule shows it at local time `at`.
    pub fn on_at(&self, at: chrono::NaiveDateTime) -> bool {
        super::schedule::on_at(self.days, self.hours, at)
    }

    pub fn is_scheduled(&self) -> bool {
        self.hours.is_some() || !self.days.is_every_day()
    }
}

/// Where the rotation stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Rotation {
    slots: Vec<SceneSlot>,
    index: usize,
    /// When the current scene went on.
    since: f64,
    /// The last touch or key press; the rotation waits while it is recent.
    touched_at: Option<f64>,
    idle_resume: f64,
    /// Full rounds done: the rotation came back to its first scene by
    /// itself this many times (a second language takes over each round).
    rounds: u64,
    /// The first slot is a visit (`--scene` of a scene the list leaves
    /// out): it goes once the rotation moves on.
    visiting: bool,
    /// The slots their schedule leaves out now, in the order of `slots`.
    off: Vec<bool>,
    /// A scene asked for at the start (`--scene`) stays on until the
    /// rotation first moves on, whatever its schedule says.
    asked_for: bool,
}

impl Rotation {
    /// A rotation over `slots` (never empty: an empty list shows the Wall
    /// of Change), starting at `start` if it is in the list.
    /// A scene asked for at start that the list leaves out is shown first
    /// for 30 s (`--scene trends` on a wall that does not rotate to it).
    pub fn new(slots: &[SceneSlot], start: Option<SceneName>, idle_resume_seconds: u32, now: f64) -> Rotation {
        let mut slots = if slots.is_empty() { vec![SceneSlot::new(SceneName::Change, 60)] } else { slots.to_vec() };
        let visiting = start.is_some_and(|scene| !slots.iter().any(|slot| slot.scene == scene));
        if let Some(scene) = start.filter(|_| visiting) {
            slots.insert(0, SceneSlot::new(scene, 30));
        }
        let index = start.and_then(|scene| slots.iter().position(|slot| slot.scene == scene)).unwrap_or(0);
        let off = vec![false; slots.len()];
        Rotation {
            slots,
            index,
            since: now,
            touched_at: None,
            idle_resume: f64::from(idle_resume_seconds),
            rounds: 0,
            visiting,
            off,
            asked_for: start.is_some(),
        }
    }

    /// The scene on screen: the Wall of Change while the schedule leaves
    /// every scene out.
    pub fn current(&self) -> SceneName {
        if self.all_off() { SceneName::Change } else { self.slots[self.index].scene }
    }

    fn all_off(&self) -> bool {
        self.off.iter().all(|off| *off)
    }

    /// Follows the schedule (`on` says which slots show now): a scene it
    /// leaves out makes way at once, for the next one it shows. Returns the
    /// scene now on screen when that changed.
    pub fn follow_schedule(
        &mut self,
        on: impl Fn(&SceneSlot) -> bool,
        now: f64,
        has_content: impl Fn(SceneName) -> bool,
    ) -> Option<SceneName> {
        let held = |at: usize| (self.visiting && at == 0) || (self.asked_for && at == self.index);
        let off: Vec<bool> = self.slots.iter().enumerate().map(|(at, slot)| !(on(slot) || held(at))).collect();
        if off == self.off {
            return None;
        }
        let before = self.current();
        let was_all_off = self.all_off();
        self.off = off;
        if !self.all_off() && (was_all_off || self.off[self.index]) {
            self.step(1, now, has_content);
        }
        (self.current() != before).then_some(self.current())
    }

    pub fn slots(&self) -> &[SceneSlot] {
        &self.slots
    }

    pub fn index(&self) -> usize {
        self.index
    }

    /// How many times the rotation went round by itself.
    pub fn rounds(&self) -> u64 {
        self.rounds
    }

    /// Whether a recent touch holds the rotation.
    pub fn is_paused(&self, now: f64) -> bool {
        self.touched_at.is_some_and(|at| now - at < self.idle_resume)
    }

    /// Someone touched the screen or pressed a key: hold the current scene.
    pub fn touch(&mut self, now: f64) {
        self.touched_at = Some(now);
    }

    /// Seconds until the rotation moves on by itself: the scene's time
    /// left, or the idle time left while paused. `None` with one scene.
    pub fn seconds_left(&self, now: f64) -> Option<f64> {
        // One scene, or the schedule shows none (the Wall of Change stays).
        if self.slots.len() < 2 || self.all_off() {
            return None;
        }
        let scene_end = self.since + f64::from(self.slots[self.index].seconds);
        let resume = self.touched_at.map_or(f64::MIN, |at| at + self.idle_resume);
        Some((scene_end.max(resume) - now).max(0.0))
    }

    /// The countdown as the footer shows it: the seconds left rounded up to
    /// whole `step`s (a still wall draws a frame for it only that often),
    /// never more than the scene, or the pause after a touch, lasts in all.
    /// `None` with one scene.
    pub fn countdown(&self, now: f64, step: f64) -> Option<Countdown> {
        let left = self.seconds_left(now)?;
        let steps = (left / step).ceil();
        let mut whole = f64::from(self.slots[self.index].seconds);
        if self.is_paused(now) {
            whole = whole.max(self.idle_resume);
        }
        Some(Countdown { shown: (steps * step).min(whole.ceil()) as u32, changes_in: left - (steps - 1.0) * step })
    }

    /// [`Rotation::countdown`], shown a step early where that saves a frame:
    /// when the number would change within `lead` seconds and before the
    /// next frame the wall draws anyway (`next_frame` seconds from now), the
    /// frame drawn now shows the new number. Never early into 0 (that is
    /// the scene change), and never while paused (someone is reading).
    pub fn countdown_merged(&self, now: f64, step: f64, next_frame: f64, lead: f64) -> Option<Countdown> {
        let countdown = self.countdown(now, step)?;
        let close = countdown.changes_in <= lead && countdown.changes_in < next_frame;
        if !close || self.is_paused(now) {
            return Some(countdown);
        }
        let at = now + countdown.changes_in;
        match self.countdown(at + 1e-3, step) {
            Some(next) if next.shown > 0 && next.shown < countdown.shown => {
                Some(Countdown { shown: next.shown, changes_in: countdown.changes_in + 1e-3 + next.changes_in })
            }
            _ => Some(countdown),
        }
    }

    /// Moves on when the scene's time is up and nobody is touching the
    /// screen, skipping scenes that have nothing to show. Returns the new
    /// scene when it changed.
    pub fn tick(&mut self, now: f64, has_content: impl Fn(SceneName) -> bool) -> Option<SceneName> {
        if let [only] = self.slots.as_slice() {
            // One scene: a round is its seconds, though nothing moves.
            if now - self.since >= f64::from(only.seconds) {
                self.since = now;
                self.rounds += 1;
            }
            return None;
        }
        if self.all_off() || self.seconds_left(now) != Some(0.0) {
            return None;
        }
        self.touched_at = None;
        let (before, visiting) = (self.index, self.visiting);
        let moved = self.step(1, now, has_content);
        // Leaving a visit is the start of the list, not a round.
        if self.index <= before && !visiting {
            self.rounds += 1;
        }
        moved
    }

    /// Goes to the next (`+1`) or previous (`-1`) scene at once, as the
    /// arrow keys and swipes do. Counts as a touch.
    pub fn go(&mut self, direction: isize, now: f64, has_content: impl Fn(SceneName) -> bool) -> Option<SceneName> {
        self.touch(now);
        self.step(direction, now, has_content)
    }

    fn step(&mut self, direction: isize, now: f64, has_content: impl Fn(SceneName) -> bool) -> Option<SceneName> {
        self.asked_for = false;
        let count = self.slots.len() as isize;
        let before = self.current();
        // The first scene with content in that direction; when none has
        // any, the next one in line (its empty state says why).
        // Only the scenes the schedule shows now.
        let in_line = |offset: isize| (self.index as isize + direction * offset).rem_euclid(count) as usize;
        let next = (1..=count)
            .map(in_line)
            .find(|&i| !self.off[i] && has_content(self.slots[i].scene))
            .or_else(|| (1..=count).map(in_line).find(|&i| !self.off[i]))
            .unwrap_or_else(|| in_line(1));
        self.index = next;
        if self.visiting {
            // The visited scene leaves the rotation.
            self.visiting = false;
            self.slots.remove(0);
            self.off.remove(0);
            self.index = self.index.saturating_sub(1);
        }
        self.since = now;
        (self.current() != before).then_some(self.current())
    }
}

#[cfg(test)]
#[path = "rotation_tests.rs"]
mod tests;
