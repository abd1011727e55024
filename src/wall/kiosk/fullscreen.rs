//! Fullscreen with or without a window manager. Borderless fullscreen asks
//! the window manager to cover the monitor; on a bare X server (an `xinit`
//! kiosk, Xvfb) nobody answers and the window stays 800×600 in the top-left
//! corner, the rest of the TV black. Once the manager has had its chance,
//! a window smaller than its monitor is moved to the monitor's corner and
//! sized to it; the layout follows the size the window reports.

use bevy::ecs::system::NonSendMarker;
use bevy::prelude::*;
use bevy::window::{Monitor, PrimaryMonitor, PrimaryWindow, WindowMode};
use bevy::winit::WINIT_WINDOWS;
use winit::dpi::{PhysicalPosition, PhysicalSize};

use crate::wall::shared::{Wakeups, WallTime};

/// How long a window manager gets to make the window fullscreen.
const MANAGER_GRACE_SECONDS: f64 = 1.5;

pub fn plugin(app: &mut App) {
    app.add_systems(Update, fill_the_monitor);
}

/// Sizes a fullscreen window to its monitor where no window manager did,
/// once, after the grace period.
fn fill_the_monitor(
    windows: Query<(Entity, &Window), With<PrimaryWindow>>,
    monitors: Query<&Monitor, With<PrimaryMonitor>>,
    time: WallTime,
    mut wakeups: ResMut<Wakeups>,
    mut done: Local<bool>,
    _winit_lives_on_this_thread: NonSendMarker,
) {
    if *done {
        return;
    }
    let Ok((entity, window)) = windows.single() else {
        return;
    };
    if !matches!(window.mode, WindowMode::BorderlessFullscreen(_)) {
        *done = true;
        return;
    }
    let now = time.now();
    if now < MANAGER_GRACE_SECONDS {
        wakeups.in_seconds((MANAGER_GRACE_SECONDS - now) as f32);
        return;
    }
    let Ok(monitor) = monitors.single() else {
        return; // No monitor known yet: try again next frame.
    };
    *done = true;
    WINIT_WINDOWS.with_borrow(|winit_windows| {
        let Some(winit_window) = winit_windows.get_window(entity) else {
            return;
        };
        let size = winit_window.inner_size();
        if size.width >= monitor.physical_width && size.height >= monitor.physical_height {
            return; // A window manager made it fullscreen.
        }
        info!(
            "no window manager made the window fullscreen ({}×{} on a {}×{} screen); sizing it to the screen",
            size.width, size.height, monitor.physical_width, monitor.physical_height
        );
        let corner = monitor.physical_position;
        winit_window.set_outer_position(PhysicalPosition::new(corner.x, corner.y));
        let _ = winit_window.request_inner_size(PhysicalSize::new(monitor.physical_width, monitor.physical_height));
    });
}
