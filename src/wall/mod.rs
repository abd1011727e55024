//! The Bevy shell around the pure core: one plugin per file, composed here.
//!
//! Data flows one way: the source threads send snapshots into the wall's
//! model ([`model`]), each scene lays its notes out with the core
//! ([`scenes`]), and the card plugins turn placements into entities by note
//! ([`cards`]). The header and footer ([`hud`]), touch voting ([`voting`])
//! and the kiosk's care for the TV ([`kiosk`]) sit around them.

pub mod cards;
pub mod fonts;
pub(crate) mod hud;
pub mod kiosk;
pub mod model;
pub mod scenes;
pub mod shared;
pub(crate) mod theme;
pub(crate) mod trends;
pub mod voting;
pub mod we_did;
pub(crate) mod widget;

use bevy::prelude::*;

use crate::options::{RunOptions, ScreenshotRequest};
use shared::{BackgroundThreads, StartInstant, WallConfig};

/// The whole wall, given the options of this run.
pub struct WallPlugin {
    pub options: RunOptions,
}

impl Plugin for WallPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(WallConfig::new(self.options.config.clone()))
            .init_resource::<BackgroundThreads>()
            .insert_resource(StartInstant(std::time::Instant::now()))
            .insert_resource(model::DataDir(self.options.data_dir.clone()));
        if let Some(path) = &self.options.screenshot {
            app.insert_resource(ScreenshotRequest(path.clone()));
        }
        app.insert_resource(scenes::StartScene(self.options.scene))
            .insert_resource(kiosk::lock::KioskLock(self.options.locked()));
        if let Some(page) = self.options.page {
            app.insert_resource(cards::sync::StartPage(page.saturating_sub(1)));
        }
        if let Some(at) = self.options.at {
            // A fixed clock: every date, age, week and countdown on screen
            // is the same on every run (reproducible screenshots).
            app.insert_resource(scenes::WallClock::Fixed(at));
        }
        if let Some(id) = &self.options.open {
            app.insert_resource(voting::open::OpenAtStart(id.clone()));
        }
        if let Some(request) = self.options.bench {
            app.insert_resource(request);
        }
        // The frame's order and the model-to-cards plugins, the same list
        // the headless runs use; then what a screen adds.
        headless_scenes(app);
        screen_plugins(app);
    }
}

/// What a screen adds to [`headless_scenes`]: fonts, the sources, drawing,
/// touch, the kiosk's care for the TV, the stand-up. A test builds the
/// frame from both lists to check its order.
pub fn screen_plugins(app: &mut App) {
    app.add_plugins((
        fonts::plugin,
        model::plugin,
        scenes::add_feedback::plugin,
        scenes::night::plugin,
        cards::draw::plugin,
        hud::plugin,
        kiosk::screen::plugin,
        kiosk::fullscreen::plugin,
        kiosk::reload::plugin,
        kiosk::exit::plugin,
        kiosk::service::plugin,
        voting::plugin,
        voting::outbox::plugin,
        scenes::standup::plugin,
    ))
    .add_plugins((kiosk::input::plugin, kiosk::tv_power::plugin, kiosk::proof::plugin, scenes::trends::plugin));
}

/// The frame's order and the plugins that turn the model into note
/// entities in every scene of the rotation, without a window: the wall adds
/// them first, and the soak run and the tests drive them headless.
pub fn headless_scenes(app: &mut App) {
    app.add_plugins((
        shared::frame_order,
        scenes::plugin,
        cards::sync::plugin,
        scenes::change::plugin,
        scenes::fame::plugin,
        scenes::confetti::plugin,
        scenes::commitment::plugin,
        scenes::priorities::plugin,
        cards::anim::plugin,
        we_did::plugin,
        trends::plugin,
    ));
}
