//! `--screenshot PATH`: wait until the notes have landed, save a PNG of
//! the whole window and exit.

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};

use crate::wall::cards::NoteCard;
use crate::wall::model::Wall;
use crate::wall::shared::{FrameEnd, Motion, WallConfig};

use crate::options::ScreenshotRequest;

/// Frames the wall must stand still before the picture is taken, so glyph
/// atlases and the last animation frame are on screen.
const STILL_FRAMES: u32 = 20;
/// Give up waiting for the feed after this long and take the picture anyway.
const PATIENCE_SECONDS: f32 = 60.0;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(
        Last,
        take_when_settled.after(FrameEnd::Report).before(FrameEnd::Pace).run_if(resource_exists::<ScreenshotRequest>),
    );
}

fn take_when_settled(
    mut commands: Commands,
    request: Res<ScreenshotRequest>,
    wall: Res<Wall>,
    config: Res<WallConfig>,
    motion: Res<Motion>,
    time: Res<Time>,
    cards: Query<(), With<NoteCard>>,
    scene: Res<State<crate::wall::scenes::Scene>>,
    content: Res<crate::wall::scenes::SceneContent>,
    pager: Option<Res<crate::wall::cards::sync::Pager>>,
    mut still: Local<u32>,
    mut taken: Local<bool>,
    mut frame_ms: Local<Vec<f32>>,
) {
    if *taken {
        return;
    }
    frame_ms.push(time.delta_secs() * 1000.0);
    let heard = wall.has_heard_from_all(config.sources.len());
    // The night's clock, the trends' bars and an empty scene's line are no
    // cards to wait for.
    let settled = heard
        && !motion.active
        && (wall.snapshot().is_none() || scene.get().drawn_without_cards(&content) || !cards.is_empty());
    *still = if settled { *still + 1 } else { 0 };
    if *still < STILL_FRAMES && time.elapsed_secs() < PATIENCE_SECONDS {
        return;
    }
    *taken = true;
    // A cheap smoothness figure: the median frame time while the notes fly
    // in, leaving out the first frames, which compile shaders.
    let mut steady: Vec<f32> = frame_ms.iter().skip(5).copied().collect();
    steady.sort_by(f32::total_cmp);
    info!(
        "settled after {} frames in {:.2} s; median frame {:.1} ms; page {} of {}",
        frame_ms.len(),
        time.elapsed_secs(),
        steady.get(steady.len() / 2).copied().unwrap_or(0.0),
        pager.as_ref().map_or(1, |pager| pager.page + 1),
        pager.as_ref().map_or(1, |pager| pager.pages.max(1)),
    );
    let path = request.0.clone();
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
            let saved = captured
                .image
                .clone()
                .try_into_dynamic()
                .map_err(|err| err.to_string())
                .and_then(|image| image.to_rgb8().save(&path).map_err(|err| err.to_string()));
            match saved {
                Ok(()) => {
                    info!("screenshot saved to {}", path.display());
                    exit.write(AppExit::Success);
                }
                Err(err) => {
                    error!("cannot save the screenshot to {}: {err}", path.display());
                    exit.write(AppExit::error());
                }
            }
        },
    );
}
