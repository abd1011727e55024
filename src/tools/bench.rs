//! `--bench SECONDS` and `--bench-idle SECONDS`: run the real wall, then
//! print what it cost: frames, frame times, CPU seconds, memory, and the
//! time from process start to the first frame with notes.
//!
//! `--bench` keeps the wall moving: a new note arrives every second (through
//! the same model, layout and diff as a real poll), pages turn every
//! 3 seconds and the scenes rotate every 5 seconds. `--bench-idle` runs the
//! wall as configured with nothing arriving, to show the loop sleeps. Both
//! draw as a TV does: only while something moves or changes, at most
//! `max_fps` (`software_max_fps`) frames a second. So two figures are
//! printed apart: the gaps between frames (which include the loop
//! sleeping), and what each frame takes to make, from the start of its
//! update to its present, in wall-clock and CPU time (`frame_cost`).

use bevy::prelude::*;
use chrono::Utc;

use crate::config::LoadedConfig;
use crate::core::feed::Parsed;
use crate::core::generate;
use crate::core::wall_model::{Outcome, SourceUpdate};
use crate::os::usage;
use crate::wall::cards::NoteCard;
use crate::wall::model::Wall;
use crate::wall::shared::{FrameEnd, Intake, Wakeups, WallConfig};

use crate::options::BenchRequest;

#[derive(Resource, Default)]
struct BenchLog {
    frame_ms: Vec<f32>,
    first_notes_s: Option<f32>,
    /// Frames since the first frame whose world held note cards.
    frames_with_notes: u32,
    arrivals: u64,
    next_arrival: f32,
    scenes_shown: u32,
    /// Each scene's frames (to see where a rotation's frames go) and its
    /// most pages (so a comparison can turn as many).
    per_scene: std::collections::BTreeMap<String, SceneLog>,
}

#[derive(Default)]
struct SceneLog {
    frames: u32,
    pages: usize,
}

pub(crate) fn plugin(app: &mut App) {
    let Some(request) = app.world().get_resource::<BenchRequest>().copied() else {
        return;
    };
    if !request.idle
        && let Some(mut config) = app.world_mut().get_resource_mut::<WallConfig>()
    {
        // Pages turn and scenes rotate as fast as the config allows, to
        // keep cards moving.
        let mut loaded = LoadedConfig::clone(&config);
        loaded.config.page_seconds = 3;
        for slot in &mut loaded.config.scenes {
            slot.seconds = 5;
        }
        *config = WallConfig::new(loaded);
    }
    app.insert_resource(BenchLog {
        frame_ms: Vec::with_capacity((request.seconds.max(1.0) * 120.0) as usize),
        next_arrival: 1.0,
        ..default()
    })
    // A note arrives as from a source: after the sources' news, before the
    // frame's work; the frame is logged before the wait for the next.
    .add_systems(
        PreUpdate,
        add_a_note_every_second.after(Intake::Sources).before(Intake::Votes).run_if(move || !request.idle),
    )
    .add_systems(Last, (log_frame, finish).chain().after(FrameEnd::Report).before(FrameEnd::Pace))
    .add_plugins(super::frame_cost::plugin);
}

fn add_a_note_every_second(
    time: crate::wall::shared::WallTime,
    mut log: ResMut<BenchLog>,
    mut wall: ResMut<Wall>,
    config: Res<WallConfig>,
    mut wakeups: ResMut<Wakeups>,
) {
    let now = time.now() as f32;
    if now < log.next_arrival {
        // The loop sleeps as on a TV; wake it for the next note.
        wakeups.in_seconds(log.next_arrival - now);
        return;
    }
    log.next_arrival = now + 1.0;
    wakeups.in_seconds(1.0);
    log.arrivals += 1;
    let Some(mut snapshot) = wall.sources().first().and_then(|s| s.last_good.clone()) else {
        return;
    };
    let name = wall.sources().first().map(|s| s.name.clone()).unwrap_or_default();
    let key = wall.sources().first().map(|s| s.key.clone()).unwrap_or_default();
    let mut note = generate::note(log.arrivals, Utc::now(), 99);
    note.id = format!("bench-{}", log.arrivals);
    note.created_at = Utc::now();
    snapshot.notes.push(note);
    let poll = config.sources.first().map(|s| s.poll_seconds()).unwrap_or(5);
    let update = SourceUpdate {
        source: 0,
        key,
        name,
        outcome: Outcome::Fresh(Parsed { snapshot, skipped: Vec::new(), first_pages: None }),
    };
    wall.apply(update, poll, Utc::now());
}

fn log_frame(
    time: Res<Time<Real>>,
    request: Res<BenchRequest>,
    mut log: ResMut<BenchLog>,
    scene: Res<State<crate::wall::scenes::Scene>>,
    pager: Option<Res<crate::wall::cards::sync::Pager>>,
    dressed: Query<(), (With<NoteCard>, With<Children>)>,
) {
    log.frame_ms.push(time.delta_secs() * 1000.0);
    let this = log.per_scene.entry(format!("{:?}", scene.get()).to_lowercase()).or_default();
    this.frames += 1;
    this.pages = this.pages.max(pager.map_or(1, |pager| pager.pages.max(1)));
    if scene.is_changed() {
        log.scenes_shown += 1;
    }
    // The render thread draws a frame while the next one updates, so the
    // first frame with notes is on screen once two more frames have begun:
    // count it then (at most a frame late, never early).
    if log.first_notes_s.is_none() && (log.frames_with_notes > 0 || !dressed.is_empty()) {
        log.frames_with_notes += 1;
    }
    if log.first_notes_s.is_none() && log.frames_with_notes > 2 {
        log.first_notes_s = Some(request.process_start.elapsed().as_secs_f32());
    }
}

fn finish(
    time: crate::wall::shared::WallTime,
    request: Res<BenchRequest>,
    log: Res<BenchLog>,
    costs: Res<super::frame_cost::FrameCosts>,
    config: Res<WallConfig>,
    adapter: Option<Res<bevy::render::renderer::RenderAdapterInfo>>,
    mut exit: MessageWriter<AppExit>,
) {
    if (time.now() as f32) < request.seconds {
        return;
    }
    // The first frame carries start-up (window, shaders); leave it out.
    let gaps = super::frame_cost::percentiles(log.frame_ms.iter().skip(1).copied().collect());
    let mode = if request.idle { "bench-idle" } else { "bench" };
    let figure =
        |value: Option<f64>, unit: &str| value.map(|v| format!("{v:.2} {unit}")).unwrap_or_else(|| "n/a".into());
    println!("{mode}: seconds            {:.1}", time.now());
    println!("{mode}: frames drawn       {}", log.frame_ms.len());
    println!(
        "{mode}: frame gaps ms      p50 {:.1}  p95 {:.1}  p99 {:.1}  max {:.1} (between one frame and the next, sleep included)",
        gaps[0], gaps[1], gaps[2], gaps[3]
    );
    for line in costs.lines(mode) {
        println!("{line}");
    }
    let cpu = usage::cpu_seconds();
    println!("{mode}: cpu seconds        {} (user + sys)", figure(cpu, "s"));
    println!(
        "{mode}: cpu per frame      {} (cpu seconds / frames drawn)",
        figure(cpu.map(|cpu| cpu * 1000.0 / log.frame_ms.len().max(1) as f64), "ms")
    );
    if let Some(adapter) = adapter {
        let software = crate::wall::kiosk::screen::is_software(&adapter);
        println!(
            "{mode}: renderer           {} ({}; at most {} frames a second while moving)",
            adapter.name,
            if software { "the processor draws" } else { "a graphics chip draws" },
            config.frame_limit(software)
        );
    }
    println!(
        "{mode}: resident memory    peak {}, final {}",
        figure(usage::peak_resident_mib(), "MiB"),
        figure(usage::resident_mib(), "MiB")
    );
    println!(
        "{mode}: first notes after  {}",
        log.first_notes_s.map(|s| format!("{s:.2} s from process start")).unwrap_or_else(|| "never".into())
    );
    if !request.idle {
        println!("{mode}: notes arrived      {}", log.arrivals);
    }
    println!("{mode}: scenes shown       {}", log.scenes_shown);
    let each = |figure: fn(&SceneLog) -> usize| {
        log.per_scene.iter().map(|(scene, seen)| format!("{scene} {}", figure(seen))).collect::<Vec<_>>().join(", ")
    };
    println!("{mode}: frames per scene   {}", each(|seen| seen.frames as usize));
    println!("{mode}: pages per scene    {}", each(|seen| seen.pages));
    exit.write(AppExit::Success);
}
