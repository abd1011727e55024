//! The night: a black screen with only a dim clock, which moves a little
//! every minute so it burns nothing in. It draws once a minute and sleeps
//! in between; the scene plugin decides when it is night.

use bevy::input::touch::Touches;
use bevy::prelude::*;
use bevy::text::Justify;
use chrono::Timelike;

use crate::wall::fonts::WallFonts;
use crate::wall::scenes::{Scene, WallClock};
use crate::wall::shared::{NightWake, OverlaySteps, WallArea, WallConfig};
use crate::wall::widget::label;

/// The clock at night: dark grey, readable up close, no glow across a room.
const NIGHT_CLOCK: Color = crate::wall::theme::NIGHT_CLOCK;

#[derive(Component)]
struct NightClock;

/// How long a touch at night shows the wall.
pub const WAKE_MINUTES: i64 = 2;

pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Scene::Night), spawn_night_clock).add_systems(
        Update,
        (tick_night_clock, wake_on_touch).in_set(OverlaySteps::Night).run_if(in_state(Scene::Night)),
    );
}

/// With `wake_on_touch_at_night`, a touch, click or key at night shows the
/// wall for [`WAKE_MINUTES`]; then it sleeps again.
fn wake_on_touch(
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    touches: Option<Res<Touches>>,
    mouse: Option<Res<ButtonInput<MouseButton>>>,
    keys: Option<Res<ButtonInput<KeyCode>>>,
    mut wake: ResMut<NightWake>,
) {
    if !config.wake_on_touch_at_night {
        return;
    }
    let touched = touches.is_some_and(|t| t.any_just_pressed())
        || mouse.is_some_and(|m| m.get_just_pressed().next().is_some())
        || keys.is_some_and(|k| k.get_just_pressed().next().is_some());
    if touched {
        info!("a touch at night: the wall shows for {WAKE_MINUTES} minutes");
        wake.0 = Some(clock.now() + chrono::Duration::minutes(WAKE_MINUTES));
    }
}

fn spawn_night_clock(mut commands: Commands, fonts: Option<Res<WallFonts>>) {
    let Some(fonts) = fonts else {
        return;
    };
    commands.spawn((
        NightClock,
        // Sized for the screen when it first ticks.
        label("", &fonts.regular, 60.0).color(NIGHT_CLOCK).one_line(Justify::Left).at(Vec3::ZERO),
        DespawnOnExit(Scene::Night),
    ));
}

/// Writes "22:14" once a minute, each minute somewhere else on the screen.
fn tick_night_clock(
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    area: Option<Res<WallArea>>,
    mut text: Query<(&mut Text2d, &mut Transform, &mut TextFont), With<NightClock>>,
    mut last_minute: Local<Option<i64>>,
) {
    let Some(area) = area else {
        return;
    };
    let now = clock.now();
    let minute = now.timestamp() / 60;
    if *last_minute == Some(minute) && !area.is_changed() {
        return;
    }
    *last_minute = Some(minute);
    let local = config.zone().local(now);
    // A slow walk over the middle half of the screen.
    let step = minute as f32;
    let x = area.screen.x * (0.5 + 0.25 * (step * 0.37).sin());
    let y = area.screen.y * (0.5 + 0.25 * (step * 0.23).cos());
    let px = (area.text_px * 3.0).round();
    for (mut line, mut transform, mut font) in &mut text {
        line.0 = format!("{:02}:{:02}", local.hour(), local.minute());
        if font.font_size != FontSize::Px(px) {
            font.font_size = FontSize::Px(px);
        }
        transform.translation = area.to_world(x, y).extend(1.0);
    }
}
