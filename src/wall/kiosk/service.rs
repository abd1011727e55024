//! The wall as a service: it tells systemd when it is ready and that its
//! frame loop is alive, writes a status file every minute, and turns a lost
//! graphics device into a recovery or a clean exit, never a frozen screen.

use std::time::Duration;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::render::error_handler::{RenderError, RenderErrorHandler, RenderErrorPolicy};
use bevy::render::renderer::RenderAdapterInfo;
use bevy::render::settings::{RenderCreation, WgpuSettings};
use chrono::{DateTime, Utc};

use crate::config::Origin;
use crate::core::hash;
use crate::core::health::Health;
use crate::core::status::{Renderer, SourceStatus, Status, TvPowerStatus};
use crate::core::wall_model::SourceState;
use crate::os::systemd::{self, Notifier};
use crate::os::usage;
use crate::sources::uptime::{self, Pinger};
use crate::wall::cards::NoteCard;
use crate::wall::kiosk::reload::ConfigProblem;
use crate::wall::kiosk::screen;
use crate::wall::model::{DataDir, Wall};
use crate::wall::scenes::Scene;
use crate::wall::shared::{BackgroundThreads, Wakeups, WallArea, WallConfig, WallTime};
use crate::wall::shared::{FrameEnd, OverlaySteps};
use crate::wall::voting::book::VoteBook;
use crate::wall::voting::outbox::ParkedItems;

/// A lost device is recovered at most this often in ten minutes; after
/// that the process exits for systemd to restart it.
const MAX_RECOVERIES: u32 = 3;

/// Where notifications go: systemd's socket, a test's fake, or nowhere.
#[derive(Resource)]
pub struct ServiceNotifier {
    pub notifier: Option<Box<dyn Notifier>>,
    /// How often systemd wants a ping; `None` without a watchdog.
    pub watchdog: Option<Duration>,
}

impl ServiceNotifier {
    /// The notifier systemd asked for through the environment, if any.
    pub fn from_env() -> ServiceNotifier {
        let notifier: Option<Box<dyn Notifier>> = match systemd::Systemd::from_env() {
            Some(Ok(systemd)) => Some(Box::new(systemd)),
            Some(Err(err)) => {
                warn!("NOTIFY_SOCKET is set but no socket could be made ({err}); systemd will not hear from the wall");
                None
            }
            None => None,
        };
        let watchdog = notifier.as_ref().and_then(|_| systemd::watchdog_interval());
        ServiceNotifier { notifier, watchdog }
    }

    fn send(&self, state: &str) {
        if let Some(notifier) = &self.notifier
            && let Err(err) = notifier.notify(state)
        {
            warn!("cannot tell systemd {state:?}: {err}");
        }
    }
}

/// What this plugin has done so far.
#[derive(Resource, Debug, Default)]
struct ServiceState {
    ready: bool,
    last_ping: Option<f64>,
    /// The last write on the minute's schedule (wall seconds), and the
    /// clock's minute then (Unix seconds / 60); a write for a new picture
    /// moves neither.
    last_status: Option<f64>,
    last_minute: i64,
    frames_since_status: u32,
    started_at: Option<DateTime<Utc>>,
    /// The stalled threads were logged; once is enough.
    warned_stalled: bool,
    /// The health line last given to systemd (`STATUS=`).
    status_line: String,
    /// When the picture of the screen in the last status was taken: a new
    /// one is written into the status at once.
    picture_at: Option<DateTime<Utc>>,
}

/// Device losses recovered recently, for the render error handler.
#[derive(Resource, Debug, Default)]
struct RenderRecoveries {
    times: Vec<std::time::Instant>,
}

pub fn plugin(app: &mut App) {
    if !app.world().contains_resource::<ServiceNotifier>() {
        app.insert_resource(ServiceNotifier::from_env());
    }
    app.init_resource::<ServiceState>()
        .init_resource::<crate::wall::shared::BackgroundThreads>()
        .init_resource::<RenderRecoveries>()
        .add_systems(Startup, start_pinger)
        .add_systems(Update, ask_for_watchdog_frames.in_set(OverlaySteps::Screen))
        .add_systems(Last, (notify_ready, ping_watchdog, write_status).chain().in_set(FrameEnd::Report));
    // Replace Bevy's handler, which quits on every render error, where a
    // renderer exists at all (not in headless tests).
    if app.world().contains_resource::<RenderErrorHandler>() {
        app.insert_resource(RenderErrorHandler(on_render_error));
    }
}

/// A lost device (a GPU reset, a driver update, a cable) is recovered by
/// creating the renderer again, up to three times in ten minutes. Anything
/// else, or more losses than that, ends the process with an error so that
/// systemd restarts it; the screen never stays frozen.
fn on_render_error(error: &RenderError, main_world: &mut World, _render_world: &mut World) -> RenderErrorPolicy {
    let now = std::time::Instant::now();
    let recent = {
        let mut recoveries = main_world.get_resource_or_init::<RenderRecoveries>();
        recoveries.times.retain(|at| now.duration_since(*at) < Duration::from_secs(600));
        recoveries.times.len() as u32
    };
    if error.ty == bevy::render::error_handler::ErrorType::DeviceLost && recent < MAX_RECOVERIES {
        warn!("the graphics device was lost ({}); creating the renderer again", error.description);
        main_world.get_resource_or_init::<RenderRecoveries>().times.push(now);
        return RenderErrorPolicy::Recover(RenderCreation::Automatic(Box::<WgpuSettings>::default()));
    }
    error!(
        "rendering failed ({:?}: {}); exiting so the service manager restarts the wall",
        error.ty, error.description
    );
    main_world.write_message(AppExit::from_code(3));
    RenderErrorPolicy::StopRendering
}

/// The loop sleeps when nothing moves; with a watchdog it must still wake
/// in time to ping it: at half the interval, when no frame drawn anyway
/// (which pings from a quarter on) came first. With the units'
/// `WatchdogSec=120` that is the clock's minute.
fn ask_for_watchdog_frames(
    notifier: Res<ServiceNotifier>,
    state: Res<ServiceState>,
    time: WallTime,
    mut wakeups: ResMut<Wakeups>,
) {
    if let Some(interval) = notifier.watchdog {
        let since = state.last_ping.map(|at| time.now() - at);
        wakeups.in_seconds(crate::core::clock::ping_wake_in(since, interval.as_secs_f64()) as f32);
    }
}

/// READY=1 once a frame with the wall's data has been drawn: the notes are
/// on screen (or the scene says why there are none).
fn notify_ready(
    notifier: Res<ServiceNotifier>,
    wall: Res<Wall>,
    config: Res<WallConfig>,
    cards: Query<(), With<NoteCard>>,
    scene: Res<State<Scene>>,
    content: Res<crate::wall::scenes::SceneContent>,
    mut state: ResMut<ServiceState>,
) {
    if state.ready {
        return;
    }
    let heard = wall.has_heard_from_all(config.sources.len());
    // The night and the trends draw no note cards.
    // An empty feed is a ready wall: each scene says why it is empty (it
    // was never ready, and systemd killed it after TimeoutStartSec).
    let shown = wall.snapshot().is_none() || !cards.is_empty() || scene.get().drawn_without_cards(&content);
    if !heard || !shown {
        return;
    }
    state.ready = true;
    let notes = wall.snapshot().map_or(0, |s| s.notes.len());
    info!("ready: showing {notes} notes");
    notifier.send(&format!("READY=1\nSTATUS=Showing {notes} notes"));
}

/// WATCHDOG=1 from the frame loop itself, and only while every background
/// thread (each source, the vote sender) still beats: if the loop freezes,
/// or a thread hangs or dies, the pings stop and systemd restarts the wall.
fn ping_watchdog(
    notifier: Res<ServiceNotifier>,
    threads: Res<crate::wall::shared::BackgroundThreads>,
    time: WallTime,
    mut state: ResMut<ServiceState>,
) {
    state.frames_since_status += 1;
    let Some(interval) = notifier.watchdog else {
        return;
    };
    let now = time.now();
    if crate::core::clock::ping_due(state.last_ping.map(|at| now - at), interval.as_secs_f64()) {
        state.last_ping = Some(now);
        let stalled = threads.0.stalled();
        if stalled.is_empty() {
            state.warned_stalled = false;
            notifier.send("WATCHDOG=1");
        } else if !state.warned_stalled {
            state.warned_stalled = true;
            error!(
                "background threads stopped working: {}; no more watchdog pings, so systemd restarts the wall",
                stalled.join(", ")
            );
        }
    }
}

/// One source's line in the status file.
fn source_status(source: &SourceState, now: DateTime<Utc>) -> SourceStatus {
    SourceStatus {
        name: source.name.clone(),
        health: match source.freshness.health(now) {
            Health::Online if source.first_pages.is_some() => "partial",
            Health::Online => "online",
            Health::Stale => "stale",
            Health::Offline => "offline",
        }
        .to_string(),
        showing_first_pages: source.first_pages,
        last_success: source.freshness.last_success,
        last_error: source.last_error.clone(),
        notes: source.last_good.as_ref().map_or(0, |s| s.notes.len()),
        commitments: source.last_good.as_ref().map_or(0, |s| s.commitments.len()),
        waiting_for_approval: source.last_good.as_ref().map_or(0, |s| s.withheld),
    }
}

/// Starts the uptime ping where the config names a `heartbeat_url`.
fn start_pinger(world: &mut World) {
    let Some(url) = world.resource::<WallConfig>().heartbeat_url.clone() else {
        return;
    };
    let threads = world.get_resource_or_init::<BackgroundThreads>().0.clone();
    match uptime::spawn(url, &threads) {
        Ok(pinger) => world.insert_resource(pinger),
        Err(err) => error!("{err}; the uptime monitor will not hear from this wall"),
    }
}

/// What the status file reads beyond the service's own state.
#[derive(SystemParam)]
struct StatusInputs<'w> {
    wall: Res<'w, Wall>,
    config: Res<'w, WallConfig>,
    problem: Option<Res<'w, ConfigProblem>>,
    scene: Res<'w, State<Scene>>,
    book: Option<Res<'w, VoteBook>>,
    parked: Option<Res<'w, ParkedItems>>,
    threads: Res<'w, BackgroundThreads>,
    adapter: Option<Res<'w, RenderAdapterInfo>>,
    area: Option<Res<'w, WallArea>>,
    frame: Res<'w, Time<Real>>,
    tv: Option<Res<'w, super::tv_power::TvPower>>,
    proof: Option<Res<'w, super::proof::ScreenProof>>,
}

impl StatusInputs<'_> {
    fn status(&self, started_at: DateTime<Utc>, now: DateTime<Utc>, frames: u32) -> Status {
        let config = &self.config;
        Status {
            version: env!("CARGO_PKG_VERSION").to_string(),
            written_at: now,
            started_at,
            uptime_seconds: (now - started_at).num_seconds().max(0) as u64,
            scene: format!("{:?}", self.scene.get()).to_lowercase(),
            sources: self.wall.sources().iter().map(|source| source_status(source, now)).collect(),
            votes_queued: self.book.as_ref().and_then(|b| b.ledger()).map_or(0, |ledger| {
                let sources = &config.sources;
                ledger
                    .unsent()
                    .filter(|vote| sources.iter().any(|s| s.key() == vote.source && s.writes_votes()))
                    .count()
            }),
            votes_parked: self.parked.as_ref().map(|parked| parked.0.clone()).unwrap_or_default(),
            stalled_threads: self.threads.0.stalled(),
            frames_last_minute: frames,
            resident_mib: usage::resident_mib(),
            config: match &config.origin {
                Origin::File(path) => path.display().to_string(),
                Origin::Embedded => "<embedded default config>".to_string(),
            },
            config_error: self.problem.as_ref().and_then(|p| p.0.as_ref().map(ToString::to_string)),
            host: usage::host_name(),
            renderer: self
                .adapter
                .as_ref()
                .map(|adapter| Renderer { name: adapter.name.clone(), software: screen::is_software(adapter) }),
            window: self.area.as_ref().map(|area| format!("{}x{}", area.screen.x, area.screen.y)),
            config_hash: format!("{:016x}", hash::of(&ron::to_string(&config.config).unwrap_or_default())),
            time_zone: if config.time_zone.is_empty() { "system".into() } else { config.time_zone.clone() },
            last_frame_ms: Some(f64::from(self.frame.delta_secs()) * 1000.0).filter(|ms| *ms > 0.0),
            tv_power: self.tv.as_ref().and_then(|tv| tv.last.as_ref()).map(|(asked, at, result)| TvPowerStatus {
                asked: asked.to_string(),
                at: *at,
                ok: result.as_ref().map(Result::is_ok),
                error: result.as_ref().and_then(|r| r.as_ref().err().cloned()),
                state: self.tv.as_ref().and_then(|tv| tv.state.as_ref()).map(|(state, _)| state.clone()),
            }),
            screen: self.proof.as_ref().and_then(|proof| proof.last.clone()),
            // Night: dark on schedule (and the TV in standby with tv_power).
            expected_dark: *self.scene.get() == Scene::Night,
        }
    }
}

/// Rewrites `<data_dir>/status.json` and `wall.prom` when the wall is
/// ready, then every minute on a frame drawn anyway (the clock's minute),
/// and tells systemd the health in one line when it changes.
fn write_status(
    time: WallTime,
    inputs: StatusInputs,
    data_dir: Option<Res<DataDir>>,
    notifier: Res<ServiceNotifier>,
    pinger: Option<Res<Pinger>>,
    mut state: ResMut<ServiceState>,
) {
    let Some(data_dir) = data_dir else {
        return;
    };
    let now = time.now();
    let wall_now = Utc::now();
    let started_at = *state.started_at.get_or_insert(wall_now);
    if !state.ready {
        return;
    }
    let picture_at = inputs.proof.as_ref().and_then(|proof| proof.last.as_ref()).map(|picture| picture.taken_at);
    // On a frame drawn anyway: the screen draws the clock's minute.
    let since = state.last_status.map(|last| now - last);
    let minute = wall_now.timestamp().div_euclid(60);
    let on_schedule = crate::core::clock::status_due(since, minute != state.last_minute);
    if !on_schedule && picture_at == state.picture_at {
        return;
    }
    let status = inputs.status(started_at, wall_now, state.frames_since_status);
    // The uptime monitor hears from a wall that draws with fresh data.
    if let Some(pinger) = &pinger
        && status.sources.iter().all(|s| s.health == "online")
        && status.stalled_threads.is_empty()
    {
        pinger.ping();
    }
    // `systemctl status wall-of-change` shows the health in one line.
    let line = status.summary_line();
    if line != state.status_line {
        notifier.send(&format!("STATUS={line}"));
        state.status_line = line;
    }
    // status.json names sources and errors: the owner's only. wall.prom
    // holds figures that node-exporter (another user) must read.
    for (name, text, mode) in [("status.json", status.to_json(), 0o600), ("wall.prom", status.to_prometheus(), 0o644)] {
        let path = data_dir.0.join(name);
        if let Err(err) = crate::store::atomic::write_atomic_with_mode(&path, text.as_bytes(), mode) {
            warn!("cannot write {}: {err}", path.display());
        }
    }
    if on_schedule {
        state.last_status = Some(now);
        state.last_minute = minute;
    }
    state.picture_at = picture_at;
    state.frames_since_status = 0;
}
