//! The Wall of Change: customer feedback as sticky notes on the office TV.
//!
//! The library holds everything; `main.rs` only reads the command line.
//! [`app`] builds the Bevy app for a validated config.

pub mod config;
pub mod core;
pub mod fsutil;
pub mod journal;
pub mod process;
pub mod soak;
pub mod sources;
pub mod systemd;
pub mod wall;

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::window::{CursorOptions, PresentMode, WindowMode, WindowResolution};

use config::{Display, LoadedConfig};

/// How this run of the wall was asked to behave, beyond the config file.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub config: LoadedConfig,
    /// Show in a window instead of fullscreen.
    pub windowed: bool,
    /// The window size; implies a window.
    pub size: Option<(u32, u32)>,
    pub data_dir: PathBuf,
    /// Write a PNG of the settled wall here, then exit.
    pub screenshot: Option<PathBuf>,
    /// Start on this scene instead of the rotation's first.
    pub scene: Option<core::rotation::SceneName>,
    /// Run a benchmark, print its figures, then exit.
    pub bench: Option<wall::bench::BenchRequest>,
    /// Start the Change scene on this page (from 1).
    pub page: Option<usize>,
    /// Show the wall as at this moment instead of the system clock.
    pub at: Option<chrono::DateTime<chrono::Utc>>,
}

impl RunOptions {
    /// The window size when not fullscreen.
    fn window_size(&self) -> (u32, u32) {
        match (self.size, self.config.config.display) {
            (Some(size), _) => size,
            (None, Display::Window { width, height }) => (width, height),
            (None, Display::Fullscreen) => (1920, 1080),
        }
    }

    /// Whether the wall runs fullscreen.
    pub fn fullscreen(&self) -> bool {
        !self.windowed && self.size.is_none() && matches!(self.config.config.display, Display::Fullscreen)
    }

    /// Whether the kiosk is locked: the window ignores close requests and
    /// only the PIN exits. On unless `--windowed` (or `--size`) or
    /// `exit: (lock: false)`; a `display: Window(...)` on the TV stays
    /// locked.
    pub fn locked(&self) -> bool {
        !self.windowed && self.size.is_none() && self.config.config.exit.lock
    }
}

/// Builds the wall app: Bevy's plugins, a kiosk window, and the wall.
pub fn app(options: RunOptions) -> App {
    let (width, height) = options.window_size();
    let fullscreen = options.fullscreen();
    let locked = options.locked();
    let mode =
        if fullscreen { WindowMode::BorderlessFullscreen(MonitorSelection::Primary) } else { WindowMode::Windowed };
    let window = Window {
        title: options.config.title(),
        mode,
        // Pixels are pixels: min_text_px means the same on every screen.
        resolution: WindowResolution::new(width, height).with_scale_factor_override(1.0),
        present_mode: PresentMode::AutoVsync,
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
                ..default()
            }),
    );
    app.add_plugins(wall::WallPlugin { options });
    app
}
