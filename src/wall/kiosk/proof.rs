//! Proof of display: a small picture of what the wall shows,
//! `<data_dir>/screen.png` (480 px wide), every `fleet.screenshot_minutes`
//! (10; 0: never) and on SIGUSR1. The frame is copied once on the frame
//! thread; resizing, encoding and writing (atomically, readable by others,
//! like wall.prom) happen on a thread of their own. status.json and
//! wall.prom say when, of which scene and output.
//!
//! A picture costs no frame of its own (where the processor draws, each
//! costs tens of milliseconds): one on its schedule is of a frame drawn
//! anyway, at most [`GRACE_SECONDS`] late; a thread asks the renderer
//! whether the copy is done (Bevy asks once a frame, and a still wall's
//! next frame is a minute away), and the next frame drawn hears it written.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::render::render_resource::PollType;
use bevy::render::renderer::RenderDevice;
use bevy::render::view::screenshot::{CapturedScreenshots, Screenshot, ScreenshotCaptured};
use chrono::Utc;

use crate::core::status::ScreenPicture;
use crate::wall::model::DataDir;
use crate::wall::scenes::Scene;
use crate::wall::shared::{FrameEnd, Wakeups, WallArea, WallConfig, WallTime};

/// The picture's width in pixels.
const WIDTH: u32 = 480;
/// The first picture, this many seconds after the start (the wall settles).
const FIRST_AFTER_SECONDS: f64 = 5.0;
/// A picture asked for and not taken in this time (no window) is given up.
const GIVE_UP_SECONDS: f64 = 30.0;
/// A picture due waits this long at most for a frame drawn anyway.
const GRACE_SECONDS: f64 = 30.0;
/// How often the fetching thread asks the renderer whether the copy is done.
const FETCH_EVERY: Duration = Duration::from_millis(20);
/// The picture's name in the data folder.
pub(crate) const FILE: &str = "screen.png";

/// The pictures of the screen: the last one taken, and the one on its way.
#[derive(Resource)]
pub(crate) struct ScreenProof {
    /// The last picture written, for the status file.
    pub last: Option<ScreenPicture>,
    /// When the last picture was asked for (wall seconds); `None` before the first.
    asked_at: Option<f64>,
    /// Set by the capture: the frame is copied, and its picture is being
    /// written (heard of on the next frame).
    captured: Arc<AtomicBool>,
    /// A thread fetches the copy from the renderer: no frames are needed
    /// for it (without one, Bevy's frames fetch it).
    fetched: bool,
    /// Wakes the loop for a SIGUSR1 that came while a picture was on its way.
    wake: crate::sources::Waker,
    /// The screenshot asked for, until it is heard of (or given up): a
    /// picture is on its way while this is set.
    pending: Option<Entity>,
    /// Set by SIGUSR1.
    usr1: Arc<AtomicBool>,
    done: Mutex<(Sender<Result<ScreenPicture, String>>, Receiver<Result<ScreenPicture, String>>)>,
}

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(Startup, listen).add_systems(Last, (hear_back, take_picture).chain().in_set(FrameEnd::Proof));
}

/// Listens for SIGUSR1 on a thread of its own, which wakes the loop.
fn listen(mut commands: Commands, proxy: Option<Res<bevy::winit::EventLoopProxyWrapper>>) {
    let usr1 = Arc::new(AtomicBool::new(false));
    let wake = crate::wall::shared::waker(proxy.as_deref());
    match signal_hook::iterator::Signals::new([signal_hook::consts::SIGUSR1]) {
        Ok(mut signals) => {
            let (flag, wake) = (usr1.clone(), wake.clone());
            let spawned = std::thread::Builder::new().name("wall-sigusr1".into()).spawn(move || {
                for _ in signals.forever() {
                    flag.store(true, Ordering::Relaxed);
                    wake();
                }
            });
            if let Err(err) = spawned {
                warn!("cannot listen for SIGUSR1 ({err}); the picture of the screen comes on its schedule only");
            }
        }
        Err(err) => warn!("cannot listen for SIGUSR1 ({err}); the picture of the screen comes on its schedule only"),
    }
    let done = Mutex::new(std::sync::mpsc::channel());
    commands.insert_resource(ScreenProof {
        last: None,
        asked_at: None,
        captured: Arc::new(AtomicBool::new(false)),
        fetched: false,
        wake: wake.clone(),
        pending: None,
        usr1,
        done,
    });
}

/// The renderer's side of a picture: where Bevy's copies arrive, and the
/// device to ask whether a copy is done. Absent without a renderer.
#[derive(bevy::ecs::system::SystemParam)]
struct Renderer<'w> {
    device: Option<Res<'w, RenderDevice>>,
    copies: Option<Res<'w, CapturedScreenshots>>,
}

/// Asks for a picture when one is due (or SIGUSR1 came), and wakes the
/// loop for the next.
fn take_picture(
    mut commands: Commands,
    time: WallTime,
    config: Res<WallConfig>,
    data_dir: Option<Res<DataDir>>,
    scene: Res<State<Scene>>,
    area: Option<Res<WallArea>>,
    proof: Option<ResMut<ScreenProof>>,
    renderer: Renderer,
    one_off: Option<Res<crate::options::ScreenshotRequest>>,
    mut wakeups: ResMut<Wakeups>,
) {
    let (Some(mut proof), Some(data_dir)) = (proof, data_dir) else {
        return;
    };
    if one_off.is_some() {
        // `--screenshot`: Bevy takes one screenshot of a window a frame,
        // and drops the second; the one asked for must not be it.
        return;
    }
    let now = time.now();
    let every = f64::from(config.fleet.screenshot_minutes) * 60.0;
    if proof.pending.is_some() {
        if proof.asked_at.is_some_and(|at| now - at < GIVE_UP_SECONDS) {
            // Without a fetching thread the copy comes a frame or two
            // later: the loop must not sleep till then. A SIGUSR1
            // meanwhile waits for this picture to be written.
            if !proof.fetched && !proof.captured.load(Ordering::Relaxed) {
                wakeups.in_seconds(0.1);
            }
            return;
        }
        // Never captured (no window): given up, and its request with it.
        if let Some(mut pending) = proof.pending.take().and_then(|pending| commands.get_entity(pending).ok()) {
            pending.try_despawn();
        }
    }
    let asked = proof.usr1.swap(false, Ordering::Relaxed);
    match plan(now, proof.asked_at, every, asked) {
        Plan::Take => {}
        Plan::WakeIn(seconds) => {
            wakeups.in_seconds(seconds as f32);
            return;
        }
        Plan::Never => return,
    }
    // The frame drawn now: its time, scene and size.
    let picture = ScreenPicture {
        file: FILE.into(),
        taken_at: Utc::now(),
        scene: format!("{:?}", scene.get()).to_lowercase(),
        output: area.as_ref().map(|area| format!("{}x{}", area.screen.x, area.screen.y)).unwrap_or_default(),
    };
    proof.asked_at = Some(now);
    ask(&mut commands, &mut proof, data_dir.0.join(FILE), picture, renderer);
    if !proof.fetched {
        wakeups.in_seconds(0.05);
    }
}

/// Asks Bevy for a copy of this frame, to be written to `path` by
/// whichever gets it first: a thread that fetches it, or Bevy's next frame.
fn ask(
    commands: &mut Commands,
    proof: &mut ScreenProof,
    path: std::path::PathBuf,
    picture: ScreenPicture,
    renderer: Renderer,
) {
    let Ok(done) = proof.done.lock().map(|channel| channel.0.clone()) else {
        return;
    };
    // A flag of its own: a fetching thread of an earlier picture may still
    // be asleep, and must not take this one for its own.
    proof.captured = Arc::new(AtomicBool::new(false));
    let job = Job {
        path,
        picture,
        done,
        captured: proof.captured.clone(),
        usr1: proof.usr1.clone(),
        wake: proof.wake.clone(),
    };
    let request = commands.spawn(Screenshot::primary_window()).id();
    proof.pending = Some(request);
    let observed = job.clone();
    commands.entity(request).observe(move |captured: On<ScreenshotCaptured>| {
        if observed.claim() {
            let (job, image) = (observed.clone(), captured.image.clone());
            if let Err(err) = std::thread::Builder::new().name("wall-screen-png".into()).spawn(move || job.write(image))
            {
                warn!("cannot write the picture of the screen: {err}");
            }
        }
    });
    proof.fetched = match (renderer.device, renderer.copies) {
        (Some(device), Some(copies)) => {
            let (device, copies) = (device.clone(), copies.0.clone());
            let fetch = move || fetch(&job, request, &device, &copies);
            std::thread::Builder::new().name("wall-screen-png".into()).spawn(fetch).is_ok()
        }
        _ => false,
    };
}

/// One picture on its way: where it goes, what it shows, and whom to tell.
#[derive(Clone)]
struct Job {
    path: std::path::PathBuf,
    picture: ScreenPicture,
    done: Sender<Result<ScreenPicture, String>>,
    /// Set by whoever got the copy first (the fetching thread or Bevy).
    captured: Arc<AtomicBool>,
    usr1: Arc<AtomicBool>,
    wake: crate::sources::Waker,
}

impl Job {
    /// Whether this caller got the copy first.
    fn claim(&self) -> bool {
        !self.captured.swap(true, Ordering::Relaxed)
    }

    /// Writes the picture and tells the frame loop, which hears it on its
    /// next frame; a SIGUSR1 that came meanwhile wakes it for its picture.
    fn write(self, image: Image) {
        let _ = self.done.send(write_small(image, &self.path).map(|()| self.picture));
        if self.usr1.load(Ordering::Relaxed) {
            (self.wake)();
        }
    }
}

/// Asks the renderer until the frame's copy is done and takes it from
/// Bevy's channel. Ends when Bevy got the copy first, or after
/// [`GIVE_UP_SECONDS`]. The proof is the only one asking for screenshots
/// (it stands aside for `--screenshot`), so a copy for another is a bug:
/// said in the log, not handed on.
fn fetch(job: &Job, ours: Entity, device: &RenderDevice, copies: &Mutex<Receiver<(Entity, Image)>>) {
    let until = Instant::now() + Duration::from_secs_f64(GIVE_UP_SECONDS);
    while Instant::now() < until && !job.captured.load(Ordering::Relaxed) {
        // Runs the copy's completion, which Bevy's next frame would.
        let _ = device.poll(PollType::Poll);
        let mut mine = None;
        {
            let Ok(copies) = copies.lock() else {
                return;
            };
            while let Ok((entity, image)) = copies.try_recv() {
                if entity == ours {
                    mine = Some(image);
                } else {
                    warn!("a screenshot of {entity} came to the picture of the screen; it is dropped");
                }
            }
        }
        if let Some(image) = mine {
            if job.claim() {
                job.clone().write(image);
            }
            return;
        }
        std::thread::sleep(FETCH_EVERY);
    }
}

/// What the proof does on a frame.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Plan {
    /// Picture this frame.
    Take,
    /// Nothing yet; wake in this many seconds at the latest.
    WakeIn(f64),
    /// No pictures on a schedule (`screenshot_minutes: 0`), none asked.
    Never,
}

/// Whether to picture this frame: asked by SIGUSR1, or due (5 s after the
/// start, then `every` seconds after the last). A picture due is of
/// whatever frame comes next, so the loop is woken for it only
/// [`GRACE_SECONDS`] after it is due.
fn plan(now: f64, last_asked: Option<f64>, every: f64, signalled: bool) -> Plan {
    let due = match last_asked {
        _ if every <= 0.0 => None,
        None => Some(FIRST_AFTER_SECONDS),
        Some(at) => Some(at + every),
    };
    match due {
        _ if signalled => Plan::Take,
        Some(due) if now >= due => Plan::Take,
        Some(due) => Plan::WakeIn(due + GRACE_SECONDS - now),
        None => Plan::Never,
    }
}

/// The captured frame, 480 px wide, as PNG at `path`.
fn write_small(image: Image, path: &std::path::Path) -> Result<(), String> {
    let frame = image.try_into_dynamic().map_err(|err| err.to_string())?.to_rgb8();
    let height = (frame.height() * WIDTH / frame.width().max(1)).max(1);
    let small = image::imageops::resize(&frame, WIDTH, height, image::imageops::FilterType::Triangle);
    let mut png = Vec::new();
    small.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).map_err(|err| err.to_string())?;
    // Like wall.prom: for whoever collects the fleet's pictures.
    crate::store::atomic::write_atomic_with_mode(path, &png, 0o644).map_err(|err| err.to_string())
}

/// Hears which picture was written (before `take_picture`, so the frame the
/// writer woke also plans the next picture, or takes one SIGUSR1 asked for).
fn hear_back(mut commands: Commands, proof: Option<ResMut<ScreenProof>>) {
    let Some(mut proof) = proof else {
        return;
    };
    let heard: Vec<_> = match proof.done.lock() {
        Ok(channel) => channel.1.try_iter().collect(),
        Err(_) => return,
    };
    for result in heard {
        // Bevy despawns a request it delivered; one fetched by the thread
        // is despawned here.
        if let Some(mut request) = proof.pending.take().and_then(|request| commands.get_entity(request).ok()) {
            request.try_despawn();
        }
        match result {
            Ok(picture) => {
                debug!("{} taken of {} at {}", picture.file, picture.scene, picture.output);
                proof.last = Some(picture);
            }
            Err(err) => warn!("cannot write the picture of the screen: {err}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A picture due is of the next frame the wall draws anyway; the loop
    /// wakes for it only when none came in the grace time (where the
    /// processor draws, a frame of its own cost ~65 ms, and the picture
    /// then kept the loop awake for five).
    #[test]
    fn a_picture_due_waits_for_a_frame_drawn_anyway() {
        let ten_minutes = 600.0;
        assert_eq!(plan(1.0, None, ten_minutes, false), Plan::WakeIn(34.0), "5 s after the start, 30 s grace");
        assert_eq!(plan(20.4, None, ten_minutes, false), Plan::Take, "the page turn at 20 s is pictured");
        assert_eq!(plan(300.0, Some(20.4), ten_minutes, false), Plan::WakeIn(350.4));
        assert_eq!(plan(621.0, Some(20.4), ten_minutes, false), Plan::Take);
        assert_eq!(plan(300.0, Some(20.4), ten_minutes, true), Plan::Take, "SIGUSR1 at once");
        assert_eq!(plan(300.0, Some(20.4), 0.0, false), Plan::Never);
        assert_eq!(plan(300.0, Some(20.4), 0.0, true), Plan::Take, "SIGUSR1 even then");
    }
}
