//! How this run of the wall was asked to behave, beyond the config file:
//! the command line's choices, as plain data the wall and the tools read.

use std::path::PathBuf;
use std::time::Instant;

use bevy::prelude::*;

use crate::config::{Display, LoadedConfig};
use crate::core::rotation::SceneName;

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
    pub scene: Option<SceneName>,
    /// Run a benchmark, print its figures, then exit.
    pub bench: Option<BenchRequest>,
    /// Start the Change scene on this page (from 1).
    pub page: Option<usize>,
    /// Open this note's detail view once it is on the wall.
    pub open: Option<String>,
    /// Show the wall as at this moment instead of the system clock.
    pub at: Option<chrono::DateTime<chrono::Utc>>,
}

impl RunOptions {
    /// The window size when not fullscreen.
    pub fn window_size(&self) -> (u32, u32) {
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

/// `--bench`: a benchmark run of this many seconds; `idle` leaves the wall
/// still.
#[derive(Resource, Debug, Clone, Copy)]
pub struct BenchRequest {
    pub seconds: f32,
    pub idle: bool,
    /// When the process started, for the time to the first notes.
    pub process_start: Instant,
}

/// `--screenshot`: where to write the picture of the settled wall.
#[derive(Resource, Debug, Clone)]
pub struct ScreenshotRequest(pub PathBuf);
