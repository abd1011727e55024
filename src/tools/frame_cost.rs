//! What each frame costs to make, apart from the gaps between frames: the
//! wall-clock time and the process's CPU time from the start of a frame's
//! update (`First`) to the moment the render world has presented it (after
//! `RenderSystems::Render`). The gaps between frames (`Time::delta`)
//! include the loop sleeping between arrivals, so a still wall's gaps say
//! nothing about how heavy a frame is.
//!
//! With pipelined rendering the render world draws frame N while the main
//! world updates frame N+1, so a frame's CPU figure can include some of the
//! next update's work; the wall-clock figure is what a viewer waits.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use bevy::prelude::*;
use bevy::render::extract_resource::{ExtractResource, ExtractResourcePlugin};
use bevy::render::{Render, RenderApp, RenderSystems};

use crate::os::usage;

/// When the frame being made began, and the process's CPU seconds then.
#[derive(Resource, Clone, Copy, Debug)]
struct FrameStart {
    at: Instant,
    cpu: Option<f64>,
}

impl ExtractResource for FrameStart {
    type Source = FrameStart;

    fn extract_resource(source: &FrameStart) -> FrameStart {
        *source
    }
}

/// One frame's cost: wall-clock and CPU milliseconds, start to present.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FrameCost {
    pub wall_ms: f32,
    pub cpu_ms: Option<f32>,
}

/// The costs of the frames presented so far, shared by the main world
/// (which reports them) and the render world (which measures them).
#[derive(Resource, Clone, Default)]
pub(crate) struct FrameCosts(Arc<Mutex<Vec<FrameCost>>>);

impl FrameCosts {
    /// The costs so far, the first (start-up: window, shaders) left out.
    pub(crate) fn measured(&self) -> Vec<FrameCost> {
        self.0.lock().map(|costs| costs.iter().skip(1).copied().collect()).unwrap_or_default()
    }

    /// The report's lines: the make time's percentiles (wall-clock) and
    /// the CPU per frame, each saying what it is.
    pub(crate) fn lines(&self, mode: &str) -> Vec<String> {
        let costs = self.measured();
        let wall: Vec<f32> = costs.iter().map(|cost| cost.wall_ms).collect();
        let cpu: Vec<f32> = costs.iter().filter_map(|cost| cost.cpu_ms).collect();
        let [p50, p95, p99, max] = percentiles(wall);
        let [c50, c95, _, _] = percentiles(cpu);
        vec![
            format!(
                "{mode}: frame make ms      p50 {p50:.1}  p95 {p95:.1}  p99 {p99:.1}  max {max:.1} (wall-clock from the start of the update to the present; {} frames)",
                costs.len()
            ),
            format!("{mode}: frame make cpu ms  p50 {c50:.1}  p95 {c95:.1} (process CPU over the same span)"),
        ]
    }
}

/// p50, p95, p99 and the largest of `values` (0 for none).
pub(crate) fn percentiles(mut values: Vec<f32>) -> [f32; 4] {
    values.sort_by(f32::total_cmp);
    let at = |p: f32| values.get(((values.len() as f32 - 1.0) * p).round().max(0.0) as usize).copied().unwrap_or(0.0);
    [at(0.50), at(0.95), at(0.99), values.last().copied().unwrap_or(0.0)]
}

/// Measures every frame's cost into [`FrameCosts`]; without a render
/// world (headless) it measures nothing.
pub(crate) fn plugin(app: &mut App) {
    let costs = FrameCosts::default();
    app.insert_resource(costs.clone())
        .add_systems(First, |mut commands: Commands| {
            commands.insert_resource(FrameStart { at: Instant::now(), cpu: usage::cpu_seconds() });
        })
        .add_plugins(ExtractResourcePlugin::<FrameStart>::default());
    if let Some(render) = app.get_sub_app_mut(RenderApp) {
        render.insert_resource(costs).add_systems(Render, presented.after(RenderSystems::Render));
    }
}

/// In the render world, once the frame is presented: its cost.
fn presented(start: Option<Res<FrameStart>>, costs: Res<FrameCosts>) {
    let Some(start) = start else {
        return;
    };
    let cpu_ms = start.cpu.zip(usage::cpu_seconds()).map(|(then, now)| ((now - then) * 1000.0) as f32);
    let cost = FrameCost { wall_ms: start.at.elapsed().as_secs_f32() * 1000.0, cpu_ms };
    if let Ok(mut all) = costs.0.lock() {
        all.push(cost);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_a_few_frames() {
        assert_eq!(percentiles(vec![]), [0.0; 4]);
        let frames: Vec<f32> = (1..=100).map(|ms| ms as f32).collect();
        assert_eq!(percentiles(frames), [51.0, 95.0, 99.0, 100.0]);
    }
}
