//! The screen itself: the camera, the notes area for the window's size, and
//! a loop that sleeps when nothing moves and wakes for the next minute,
//! page turn or feed update.

use std::time::Duration;

use bevy::prelude::*;
use bevy::window::{PrimaryWindow, RequestRedraw};
use bevy::winit::{UpdateMode, WinitSettings};
use chrono::{Local, Timelike};

use super::notes::Pager;
use super::screenshot::ScreenshotRequest;
use super::{Motion, WallArea, WallConfig};

pub fn plugin(app: &mut App) {
    app.add_systems(Startup, spawn_camera)
        .add_systems(PreUpdate, fit_to_window)
        .add_systems(Last, schedule_next_frame);
}

fn spawn_camera(mut commands: Commands) {
    // No MSAA: notes are axis-aligned paper and text; it saves memory and
    // fill rate on software renderers.
    commands.spawn((Camera2d, Msaa::Off));
}

fn fit_to_window(
    mut commands: Commands,
    windows: Query<&Window, (With<PrimaryWindow>, Changed<Window>)>,
    config: Res<WallConfig>,
    area: Option<Res<WallArea>>,
) {
    let Ok(window) = windows.single() else {
        return;
    };
    let wanted = WallArea::for_screen(window.width(), window.height(), config.config().min_text_px);
    if area.as_deref() != Some(&wanted) {
        commands.insert_resource(wanted);
    }
}

/// Draws while something moves; otherwise sleeps until the clock's next
/// minute or the next page turn. Feed updates wake the loop themselves.
fn schedule_next_frame(
    motion: Res<Motion>,
    pager: Res<Pager>,
    time: Res<Time>,
    config: Res<WallConfig>,
    screenshot: Option<Res<ScreenshotRequest>>,
    mut settings: ResMut<WinitSettings>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let mode = if screenshot.is_some() {
        UpdateMode::Continuous
    } else {
        if motion.active {
            redraw.write(RequestRedraw);
        }
        let now = Local::now();
        let to_minute = 60.0 - now.second() as f32 - now.nanosecond() as f32 / 1e9;
        let to_page = pager
            .seconds_to_turn(time.elapsed_secs(), config.config().page_seconds as f32)
            .unwrap_or(f32::MAX);
        let wait = to_minute.min(to_page).clamp(0.02, 60.0) + 0.01;
        UpdateMode::reactive_low_power(Duration::from_secs_f32(wait))
    };
    if settings.focused_mode != mode || settings.unfocused_mode != mode {
        settings.focused_mode = mode;
        settings.unfocused_mode = mode;
    }
}
