//! The screen itself: the camera (which drifts a few pixels a minute so
//! nothing burns in), the notes area for the window's size, and a loop that
//! sleeps when nothing moves and wakes for the next minute, page turn,
//! scene or feed update.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::window::{PrimaryWindow, RequestRedraw};
use bevy::winit::{EventLoopProxyWrapper, UpdateMode, WinitSettings, WinitUserEvent};
use chrono::{Local, Timelike};

use crate::options::BenchRequest;
use crate::options::ScreenshotRequest;
use crate::wall::shared::{FrameEnd, Intake, Motion, MotionPace, OverlaySteps, Wakeups, WallArea, WallConfig};

/// The longest the loop sleeps without a reason to wake.
const IDLE_WAIT: Duration = Duration::from_secs(60);
/// A still wall draws the clock's new minute and a change due within this
/// many seconds of it (a countdown step, a page turn) in one frame.
const MERGE_SECONDS: f32 = 5.0;
/// How often the alarm thread checks its deadline. It only wakes the loop
/// when the deadline has passed, so this costs no frames.
const ALARM_RESOLUTION: Duration = Duration::from_millis(100);

/// When the wall next has to draw although nothing moves (the clock's next
/// minute, the next page turn). A small thread wakes the event loop then.
///
/// Winit redraws whenever the update mode changes, so the mode stays fixed
/// and this alarm does the scheduling instead.
#[derive(Resource, Clone, Default)]
pub(crate) struct WakeAlarm(Arc<Mutex<Option<Instant>>>);

pub(crate) fn plugin(app: &mut App) {
    let screenshot = app.world().contains_resource::<ScreenshotRequest>();
    // A screenshot run draws continuously until it has its picture. The
    // benchmarks draw as the TV does, only when something changes.
    let mode = if screenshot { UpdateMode::Continuous } else { UpdateMode::reactive_low_power(IDLE_WAIT) };
    app.insert_resource(WinitSettings { focused_mode: mode, unfocused_mode: mode })
        .init_resource::<WakeAlarm>()
        .init_resource::<FramePace>()
        .add_systems(Startup, (spawn_camera, start_alarm, sample_solid_colours_nearest))
        .add_systems(PreUpdate, (fit_to_window, know_the_renderer).chain().in_set(Intake::Screen))
        .add_systems(Update, drift.in_set(OverlaySteps::Screen))
        .add_systems(Last, (schedule_next_frame, pace_frames).chain().in_set(FrameEnd::Pace));
}

/// Solid-colour sprites (the paper, shadows, header, overlays) sample
/// Bevy's 1×1 white image. Linear filtering of one texel gives the same
/// colour as nearest, but a software renderer pays for the four taps on
/// every pixel: nearest made a frame of the moving wall about a fifth
/// cheaper under lavapipe. Text keeps its own, filtered atlases.
fn sample_solid_colours_nearest(images: Option<ResMut<Assets<Image>>>) {
    let Some(mut images) = images else {
        return; // Headless: nothing is drawn.
    };
    if let Some(mut white) = images.get_mut(&Handle::<Image>::default()) {
        white.sampler = bevy::image::ImageSampler::nearest();
    }
}

/// Whether the processor renders every pixel (Mesa's llvmpipe, SwiftShader)
/// rather than a graphics chip.
pub(crate) fn is_software(adapter: &bevy::render::renderer::RenderAdapterInfo) -> bool {
    adapter.device_type == wgpu_types::DeviceType::Cpu
}

/// When the previous frame was let go, for [`pace_frames`].
#[derive(Resource, Default)]
struct FramePace {
    released: Option<Instant>,
}

/// Notes whether the processor draws the frames, once the renderer is
/// known (before the first notes move): such a frame costs the processor
/// tens of milliseconds, so moving notes get fewer frames a second and the
/// same motion is made of fewer frames ([`MotionPace`]).
fn know_the_renderer(
    config: Res<WallConfig>,
    adapter: Option<Res<bevy::render::renderer::RenderAdapterInfo>>,
    mut known: bevy::ecs::system::Local<bool>,
    mut motion: ResMut<MotionPace>,
) {
    let Some(adapter) = adapter.filter(|_| !*known) else {
        return;
    };
    *known = true;
    let software = is_software(&adapter);
    if software {
        info!(
            "the processor draws this screen ({}): moving notes get at most {} frames a second (software_max_fps), and quicker motion",
            adapter.name,
            config.frame_limit(true)
        );
    }
    motion.set_if_neq(MotionPace { quick: software });
}

/// Holds each frame until `1 / max_fps` after the previous one, so moving
/// notes cost at most `max_fps` frames a second (`software_max_fps` where
/// the processor renders). A frame after a sleep is already late and goes
/// at once. The render thread finishes the previous frame meanwhile, so
/// nothing is lost but the frames over the limit.
fn pace_frames(config: Res<WallConfig>, motion: Res<MotionPace>, mut pace: ResMut<FramePace>) {
    // Quick motion is set exactly where the processor draws.
    let fps = config.frame_limit(motion.quick);
    let interval = Duration::from_secs_f64(1.0 / f64::from(fps.max(1)));
    let now = Instant::now();
    let release = match pace.released {
        Some(previous) if previous + interval > now => {
            std::thread::sleep(previous + interval - now);
            previous + interval
        }
        _ => now,
    };
    pace.released = Some(release);
}

fn spawn_camera(mut commands: Commands) {
    // No MSAA: notes are flat paper and text; it saves memory and fill rate
    // on software renderers.
    commands.spawn((Camera2d, Msaa::Off));
}

/// The largest burn-in drift, in pixels, across and down.
const DRIFT_PX: Vec2 = Vec2::new(6.0, 4.0);

/// Moves the whole picture along a slow loop, one small step a minute: no
/// pixel of the header stays lit in the same place all day, and the wall
/// draws no extra frames for it.
fn drift(mut cameras: Query<&mut Transform, With<Camera2d>>, screenshot: Option<Res<ScreenshotRequest>>) {
    if screenshot.is_some() {
        return; // Screenshots stay comparable.
    }
    let minute = (Local::now().timestamp() / 60) as f32;
    let offset = Vec2::new((minute * 0.21).sin(), (minute * 0.13).cos()) * DRIFT_PX;
    let offset = offset.round();
    for mut transform in &mut cameras {
        if transform.translation.truncate() != offset {
            transform.translation = offset.extend(transform.translation.z);
        }
    }
}

fn start_alarm(alarm: Res<WakeAlarm>, proxy: Option<Res<EventLoopProxyWrapper>>) {
    let Some(proxy) = proxy else {
        return; // Headless: nothing to wake.
    };
    let proxy = (**proxy).clone();
    let deadline = alarm.0.clone();
    let spawned = std::thread::Builder::new().name("wall-alarm".into()).spawn(move || {
        loop {
            std::thread::sleep(ALARM_RESOLUTION);
            let due = match deadline.lock() {
                Ok(mut next) => match *next {
                    Some(at) if at <= Instant::now() => next.take().is_some(),
                    _ => false,
                },
                Err(_) => return,
            };
            if due && proxy.send_event(WinitUserEvent::WakeUp).is_err() {
                return; // The event loop has ended.
            }
        }
    });
    if let Err(err) = spawned {
        warn!("cannot start the wake-up thread; the clock updates at least every minute: {err}");
    }
}

fn fit_to_window(
    mut commands: Commands,
    windows: Query<Ref<Window>, With<PrimaryWindow>>,
    config: Res<WallConfig>,
    area: Option<Res<WallArea>>,
) {
    let Ok(window) = windows.single() else {
        return;
    };
    // A new size, or a reload with another screen or min_text_px.
    if area.is_some() && !window.is_changed() && !config.is_changed() {
        return;
    }
    let wanted = WallArea::for_screen(window.width(), window.height(), config.text_px(window.height()));
    if area.as_deref() != Some(&wanted) {
        commands.insert_resource(wanted);
    }
}

/// Draws the next frame at once while something moves; otherwise sets the
/// alarm for the clock's next minute or the next page turn, whichever is
/// first. Feed updates wake the loop themselves.
///
/// The next frame is asked for with a wake-up event, one frame per event.
/// A `RequestRedraw` message stays readable for two updates, and winit's
/// loop reads it after both: every move ended with two frames that drew
/// nothing new.
fn schedule_next_frame(
    motion: Res<Motion>,
    wakeups: Res<Wakeups>,
    time: crate::wall::shared::WallTime,
    bench: Option<Res<BenchRequest>>,
    alarm: Res<WakeAlarm>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if motion.active {
        let woken = proxy.is_some_and(|proxy| proxy.send_event(WinitUserEvent::WakeUp).is_ok());
        if !woken {
            redraw.write(RequestRedraw);
        }
        return;
    }
    let now = Local::now();
    let to_minute = 60.0 - now.second() as f32 - now.nanosecond() as f32 / 1e9;
    let to_bench_end = bench.map(|b| b.seconds - time.now() as f32).unwrap_or(f32::MAX);
    // The clock's minute and a change close by share one frame.
    let wait = crate::core::clock::frame_wait(to_minute, wakeups.next, wakeups.exact, MERGE_SECONDS)
        .min(to_bench_end)
        .clamp(0.0, IDLE_WAIT.as_secs_f32())
        + 0.02;
    if let Ok(mut next) = alarm.0.lock() {
        *next = Some(Instant::now() + Duration::from_secs_f32(wait));
    }
}
