//! The kiosk's exit, put together: the lock and its PIN gate, what asks
//! for the PIN, and the pad. Their systems run in one chain, after
//! whatever else reads keys, so a key that closes the pad (Escape, Enter)
//! is the pad's alone.

use bevy::prelude::*;
use bevy::window::WindowCloseRequested;

use crate::wall::kiosk::lock::{self, StandUpUnlocked};
use crate::wall::kiosk::pin_pad::{self, PinPad};
use crate::wall::kiosk::unlock::{self, CornerPress};
use crate::wall::shared::OverlaySteps;

pub fn plugin(app: &mut App) {
    app.add_message::<WindowCloseRequested>()
        .init_resource::<PinPad>()
        .init_resource::<StandUpUnlocked>()
        .init_resource::<CornerPress>()
        .init_resource::<crate::wall::shared::ActiveLanguage>()
        .add_systems(Startup, lock::make_gate)
        .add_systems(
            Update,
            (
                lock::follow_config,
                lock::ignore_close_requests,
                unlock::open_on_combo,
                unlock::open_on_long_press,
                pin_pad::type_on_keyboard,
                pin_pad::close_when_idle,
                pin_pad::draw_pad,
            )
                .chain()
                .in_set(OverlaySteps::Pad)
                .run_if(lock::kiosk_locked),
        );
}
