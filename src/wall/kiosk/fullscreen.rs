//! Fullscreen with or without a window manager. Borderless fullscreen asks
//! the window manager to cover the monitor; on a bare X server (an `xinit`
//! kiosk, Xvfb) nobody answers and the window stays 800×600 in the top-left
//! corner, the rest of the TV black. Once the manager has had its chance,
//! a window smaller than its monitor is moved to the monitor's corner and
//! sized to it; the layout follows the size the window reports. When the
//! screen changes size under the wall (another TV, a rotation), the window
//! follows within a second or two: on X a thread watches the root window's
//! size (winit reports a bare server's screen as 1×1 where RandR names no
//! output) and wakes the loop when it changes.

use bevy::ecs::system::NonSendMarker;
use bevy::prelude::*;
use bevy::window::{PrimaryWindow, WindowMode};
use bevy::winit::WINIT_WINDOWS;
use winit::dpi::{PhysicalPosition, PhysicalSize};

use crate::wall::shared::{OverlaySteps, Wakeups, WallTime};

/// How long a window manager gets to make the window fullscreen.
const MANAGER_GRACE_SECONDS: f64 = 1.5;

/// How often the X screen's size is looked at.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// The X screen's size, as the watcher last saw it.
#[derive(Resource, Clone, Default)]
struct XScreen(std::sync::Arc<std::sync::Mutex<Option<(u32, u32)>>>);

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(Startup, watch_the_x_screen).add_systems(Update, fill_the_monitor.in_set(OverlaySteps::Screen));
}

/// On X (no Wayland display named), a thread of its own asks the server
/// for its root window's size every second and wakes the loop on a change.
fn watch_the_x_screen(
    mut commands: Commands,
    windows: Query<&Window, With<PrimaryWindow>>,
    proxy: Option<Res<bevy::winit::EventLoopProxyWrapper>>,
) {
    let fullscreen = windows.iter().any(|window| matches!(window.mode, WindowMode::BorderlessFullscreen(_)));
    let on_x =
        std::env::var_os("WAYLAND_DISPLAY").is_none_or(|name| name.is_empty()) && std::env::var_os("DISPLAY").is_some();
    if !fullscreen || !on_x {
        return;
    }
    let Ok((connection, screen)) = x11rb::connect(None) else {
        return; // winit connected or failed itself; nothing more to watch.
    };
    let seen = XScreen::default();
    let shared = seen.0.clone();
    let wake = crate::wall::shared::waker(proxy.as_deref());
    let spawned = std::thread::Builder::new().name("wall-x-screen".into()).spawn(move || {
        use x11rb::connection::Connection;
        use x11rb::protocol::xproto::ConnectionExt;
        let Some(root) = connection.setup().roots.get(screen).map(|screen| screen.root) else {
            return;
        };
        loop {
            // The server gone: the wall itself exits (`os::display`).
            let Ok(Ok(geometry)) = connection.get_geometry(root).map(|cookie| cookie.reply()) else {
                return;
            };
            let size = (u32::from(geometry.width), u32::from(geometry.height));
            let changed = shared.lock().is_ok_and(|mut last| last.replace(size) != Some(size));
            if changed {
                wake();
            }
            std::thread::sleep(WATCH_EVERY);
        }
    });
    if spawned.is_ok() {
        commands.insert_resource(seen);
    }
}

/// Sizes a fullscreen window to its monitor where no window manager did,
/// after the grace period, and again whenever the monitor's size changes
/// (another TV, a rotation), which the X watcher reports.
fn fill_the_monitor(
    windows: Query<(Entity, &Window), With<PrimaryWindow>>,
    x_screen: Option<Res<XScreen>>,
    time: WallTime,
    mut wakeups: ResMut<Wakeups>,
    mut sized_for: Local<Option<(u32, u32)>>,
    mut seen_x: Local<Option<Option<(u32, u32)>>>,
    _winit_lives_on_this_thread: NonSendMarker,
) {
    let Ok((entity, window)) = windows.single() else {
        return;
    };
    if !matches!(window.mode, WindowMode::BorderlessFullscreen(_)) {
        return;
    }
    let now = time.now();
    if now < MANAGER_GRACE_SECONDS {
        wakeups.in_seconds((MANAGER_GRACE_SECONDS - now) as f32);
        return;
    }
    // Once sized, only a new screen size from the X watcher is news: the
    // monitor is not asked again every frame.
    let from_x = x_screen.as_ref().and_then(|x| x.0.lock().ok().and_then(|size| *size));
    if sized_for.is_some() && *seen_x == Some(from_x) {
        return;
    }
    *seen_x = Some(from_x);
    WINIT_WINDOWS.with_borrow(|winit_windows| {
        let Some(winit_window) = winit_windows.get_window(entity) else {
            return;
        };
        // The window's own monitor; a bare X server may name no primary
        // one, or report 1×1: then the root window's size counts.
        let monitor = winit_window.current_monitor().or_else(|| winit_window.available_monitors().next());
        let from_monitor = monitor.as_ref().map(|m| (m.size(), m.position())).filter(|(size, _)| size.width > 1);
        let (screen, corner) = match (from_x, from_monitor) {
            (Some((width, height)), None) => (PhysicalSize::new(width, height), PhysicalPosition::new(0, 0)),
            (_, Some(found)) => found,
            (None, None) => return,
        };
        let size = winit_window.inner_size();
        if *sized_for == Some((screen.width, screen.height))
            || (size.width == screen.width && size.height == screen.height)
        {
            *sized_for = Some((screen.width, screen.height));
            return; // Sized already, or a window manager made it fullscreen.
        }
        info!(
            "the window is {}×{} on a {}×{} screen and no window manager sizes it; sizing it to the screen",
            size.width, size.height, screen.width, screen.height
        );
        *sized_for = Some((screen.width, screen.height));
        winit_window.set_outer_position(PhysicalPosition::new(corner.x, corner.y));
        let _ = winit_window.request_inner_size(PhysicalSize::new(screen.width, screen.height));
    });
}
