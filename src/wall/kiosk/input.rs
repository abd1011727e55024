//! Every tap counts. Bevy's picking sends a click only to what the pointer
//! hovered in the frame *before* the release. A touch screen (or a tap that
//! wakes the sleeping loop) moves, presses and releases within one frame:
//! the pointer hovered nothing before, so the note was never opened. For a
//! pointer that presses and releases in the same frame, what it hovers now
//! is taken as what it hovered before, so the release finds the note it
//! pressed.

use bevy::picking::PickingSystems;
use bevy::picking::events::pointer_events;
use bevy::picking::hover::{HoverMap, PreviousHoverMap, generate_hovermap};
use bevy::picking::pointer::{PointerAction, PointerId, PointerInput};
use bevy::prelude::*;

pub fn plugin(app: &mut App) {
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
