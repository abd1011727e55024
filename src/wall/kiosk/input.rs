//! Touch input the kiosk needs beyond Bevy's picking: quick taps that
//! count, and long presses.
//!
//! Every tap counts. Bevy's picking sends a click only to what the pointer
//! hovered in the frame *before* the release. A touch screen (or a tap that
//! wakes the sleeping loop) moves, presses and releases within one frame:
//! the pointer hovered nothing before, so the note was never opened. For a
//! pointer that presses and releases in the same frame, what it hovers now
//! is taken as what it hovered before, so the release finds the note it
//! pressed.

use bevy::ecs::system::SystemParam;
use bevy::input::touch::Touches;
use bevy::picking::PickingSystems;
use bevy::picking::events::pointer_events;
use bevy::picking::hover::{HoverMap, PreviousHoverMap, generate_hovermap};
use bevy::picking::pointer::{PointerAction, PointerId, PointerInput};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;

use crate::wall::shared::Wakeups;

/// The top-left square, in pixels, where a long press opens the exit's PIN
/// pad. No other long press may start in it.
pub(crate) const CORNER_PX: f32 = 120.0;

/// Where fingers (or the left mouse button) press right now.
#[derive(SystemParam)]
pub(crate) struct Presses<'w, 's> {
    touches: Option<Res<'w, Touches>>,
    mouse: Option<Res<'w, ButtonInput<MouseButton>>>,
    windows: Query<'w, 's, &'static Window, With<PrimaryWindow>>,
}

impl Presses<'_, '_> {
    /// Whether anything presses at a screen point (origin top-left, y down)
    /// for which `inside` is true.
    pub(crate) fn any_in(&self, inside: impl Fn(Vec2) -> bool) -> bool {
        let touching = self.touches.as_ref().is_some_and(|t| t.iter().any(|touch| inside(touch.position())));
        touching
            || self.mouse.as_ref().is_some_and(|m| m.pressed(MouseButton::Left))
                && self.windows.single().ok().and_then(Window::cursor_position).is_some_and(&inside)
    }
}

/// A press that has to last: when it began, in wall seconds.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(crate) struct LongPress(Option<f64>);

impl LongPress {
    /// Follows a press through one frame; true once it has lasted `hold`
    /// seconds. Until then it asks for a frame when it will have, since
    /// nothing moves while a finger rests.
    pub(crate) fn held(&mut self, pressing: bool, now: f64, hold: f64, wakeups: &mut Wakeups) -> bool {
        if !pressing {
            self.0 = None;
            return false;
        }
        let since = *self.0.get_or_insert(now);
        if now - since >= hold {
            return true;
        }
        wakeups.in_seconds((since + hold - now) as f32);
        false
    }

    /// Starts over: the press did what it was for.
    pub(crate) fn reset(&mut self) {
        self.0 = None;
    }
}

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(
        PreUpdate,
        count_quick_taps
            .after(generate_hovermap)
            .before(pointer_events)
            .in_set(PickingSystems::Hover)
            .run_if(resource_exists::<HoverMap>.and_then(resource_exists::<PreviousHoverMap>)),
    );
}

fn count_quick_taps(
    mut inputs: MessageReader<PointerInput>,
    hovered: Res<HoverMap>,
    mut before: ResMut<PreviousHoverMap>,
) {
    let mut pressed: Vec<PointerId> = Vec::new();
    for input in inputs.read() {
        match input.action {
            PointerAction::Press(_) => pressed.push(input.pointer_id),
            PointerAction::Release(_) if pressed.contains(&input.pointer_id) => {
                let Some(now) = hovered.get(&input.pointer_id) else {
                    continue;
                };
                let earlier = before.0.entry(input.pointer_id).or_default();
                for (entity, hit) in now {
                    earlier.entry(*entity).or_insert_with(|| hit.clone());
                }
            }
            _ => {}
        }
    }
}
