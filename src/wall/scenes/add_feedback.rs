//! The Wall of Change's "add feedback" corner: with `add_url` set, a QR
//! code at the foot of a column the notes leave free (`core::qr`), and one
//! line above it, so staff who heard something add it from their phone.

use bevy::prelude::*;
use bevy::sprite::Anchor;

use crate::core::qr::corner_panel;
use crate::wall::fonts::WallFonts;
use crate::wall::scenes::Scene;
use crate::wall::shared::{ActiveLanguage, Motion, ScenePages, WallArea, WallConfig};
use crate::wall::widget::{label, qr_code};

/// Part of the corner, gone with the scene.
#[derive(Component)]
struct AddFeedback;

/// Above the notes, below the overlays.
const Z: f32 = 3.0;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(Update, show_corner.in_set(ScenePages::Change).run_if(in_state(Scene::Change)));
}

/// The notes' area on the Wall of Change: all of it, or what the corner
/// leaves when there is a code to show.
pub(crate) fn notes_area(area: WallArea, config: &WallConfig) -> WallArea {
    match &config.add_url {
        Some(_) => WallArea { notes: corner_panel(area.notes, area.text_px).notes, ..area },
        None => area,
    }
}

fn show_corner(
    active: Res<ActiveLanguage>,
    mut commands: Commands,
    config: Res<WallConfig>,
    state: Res<State<Scene>>,
    area: Option<Res<WallArea>>,
    fonts: Option<Res<WallFonts>>,
    images: Option<ResMut<Assets<Image>>>,
    shown: Query<Entity, With<AddFeedback>>,
    mut motion: ResMut<Motion>,
) {
    let (Some(area), Some(fonts), Some(mut images)) = (area, fonts, images) else {
        return; // Headless: nothing is drawn.
    };
    if !state.is_changed() && !config.is_changed() && !active.is_changed() && !area.is_changed() {
        return;
    }
    for entity in &shown {
        commands.entity(entity).despawn();
    }
    let Some(url) = &config.add_url else {
        return;
    };
    let px = area.text_px;
    let panel = corner_panel(area.notes, px);
    let top_left = Vec2::new(panel.code.x, panel.code.y);
    let Some((code, side)) = qr_code(&mut images, url, panel.code.w, top_left, &area, Z) else {
        return;
    };
    commands.spawn((AddFeedback, DespawnOnExit(Scene::Change), code));
    let caption = area.to_world(panel.caption.x, panel.code.y - px * 0.4);
    commands.spawn((
        AddFeedback,
        DespawnOnExit(Scene::Change),
        label(active.0.add_feedback(), &fonts.regular, px)
            .color(crate::wall::theme::CAPTION)
            .wrap(panel.caption.w.max(side))
            .anchor(Anchor::BOTTOM_LEFT)
            .at(caption.extend(Z)),
    ));
    motion.active = true;
}
