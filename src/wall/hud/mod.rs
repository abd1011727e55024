//! What frames the notes: the header (title, clock, freshness) and the
//! bottom row (pages, scenes, warnings). Their systems run in one chain
//! after the notes are placed.

pub(crate) mod footer;
pub(crate) mod header;
pub(crate) mod parts;

use bevy::prelude::*;

use crate::wall::shared::DrawSteps;
use crate::wall::theme::WALL_COLOR;

pub(crate) fn plugin(app: &mut App) {
    app.insert_resource(ClearColor(WALL_COLOR))
        .init_resource::<parts::Footer>()
        .add_systems(Startup, parts::spawn_header)
        .add_systems(
            Update,
            (
                parts::size_labels,
                header::place_header,
                header::tick_clock,
                header::update_badge,
                footer::update_page_indicator,
                header::update_empty_line,
                header::show_scene,
                footer::update_scene_indicator,
                footer::update_config_warning,
                footer::arrange_footer,
            )
                .chain()
                .in_set(DrawSteps::Hud),
        );
}
