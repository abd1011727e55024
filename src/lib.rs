//! The Wall of Change: customer feedback as sticky notes on the office TV.
//!
//! The library holds everything; `main.rs` only reads the command line.
//! [`app`] builds the Bevy app for a validated config.

pub mod config;
/// The pure core, its own crate (`crates/wall-core`): Cargo keeps Bevy out.
pub use wall_core as core;
pub mod options;
pub mod os;
pub mod sources;
pub mod store;
pub mod tools;
pub mod wall;

use bevy::prelude::*;
use bevy::window::{CursorOptions, PresentMode, WindowMode, WindowResolution};

pub use options::RunOptions;

/// Builds the wall app: Bevy's plugins, a kiosk window, and the wall.
pub fn app(options: RunOptions) -> App {
    let (width, height) = options.window_size();
    let fullscreen = options.fullscreen();
    let locked = options.locked();
    let mode =
        if fullscreen { WindowMode::BorderlessFullscreen(MonitorSelection::Primary) } else { WindowMode::Windowed };
    let window = Window {
        title: options.config.title(options.config.first_language()),
        // The app id (Wayland) and WM_CLASS (X11) that compositor and window
        // manager rules match.
        name: Some("wall-of-change".into()),
        mode,
        // Pixels are pixels: min_text_px means the same on every screen.
        resolution: WindowResolution::new(width, height).with_scale_factor_override(1.0),
        present_mode: PresentMode::AutoVsync,
        // No title bar on the TV: where the compositor maximizes rather
        // than fullscreens (cage), client-side decorations would take a
        // strip off the top of the wall.
        decorations: !fullscreen,
        ..default()
    };
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(window),
                // On the TV nobody needs a pointer; in a window, developers do.
                primary_cursor_options: Some(CursorOptions { visible: !fullscreen, ..default() }),
                // On the TV the window cannot be closed; the exit keys and
                // the PIN can (see the lock plugin). An unlocked window
                // closes as usual.
                close_when_requested: !locked,
                ..default()
            })
            .set(bevy::log::LogPlugin {
                filter: "info,wgpu=error,naga=warn,bevy_render=warn,bevy_winit=warn".into(),
                fmt_layer: os::logs::fmt_layer,
                ..default()
            }),
    );
    app.add_plugins((wall::WallPlugin { options }, tools::screenshot::plugin, tools::bench::plugin));
    app
}
