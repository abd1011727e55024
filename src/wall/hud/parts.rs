//! The parts of the header and the footer, spawned once at start-up:
//! the bar, the title, the clock, the freshness badge, the page and scene
//! indicators, the config warning and the line an empty scene shows.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::{Justify, LineBreak};

use crate::core::contrast;
use crate::wall::fonts::WallFonts;
use crate::wall::shared::{WallArea, WallConfig};
use crate::wall::theme::{palette, text_font};
use crate::wall::widget::label;

pub(super) const HEADER_COLOR: Color = palette(contrast::HEADER);

pub(super) const HEADER_TEXT: Color = palette(contrast::HEADER_TEXT);

pub(super) const MUTED_TEXT: Color = palette(contrast::MUTED_TEXT);

/// The badge's colour when data is stale or a source is offline.
pub(super) const WARNING_TEXT: Color = palette(contrast::WARNING_TEXT);

#[derive(Component)]
pub(super) struct HeaderBar;

#[derive(Component)]
pub(super) struct Title;

#[derive(Component)]
pub(super) struct Clock;

/// "updated 2 min ago" / "offline since 10:42 — showing the last data".
#[derive(Component)]
pub(super) struct FreshnessBadge;

#[derive(Component)]
pub(super) struct PageIndicator;

#[derive(Component)]
pub(super) struct EmptyWallLine;

/// "Change · Fame · Commitment · Priorities   next in 45 s".
#[derive(Component)]
pub(super) struct SceneIndicator;

/// The most scene names the indicator shows (then the countdown).
pub(super) const MAX_SCENE_NAMES: usize = 6;

/// "⚠ config/wall.ron:3:5 has an error; the wall keeps the last good config".
#[derive(Component)]
pub(super) struct ConfigWarning;

/// Shown by day, hidden at night.
#[derive(Component)]
pub(super) struct DayOnly;

/// A header or footer text's size in labels: its letters are this many
/// times the screen's smallest label (`WallArea::label_px`), rounded, and
/// follow the screen when its size changes.
#[derive(Component, Debug, Clone, Copy)]
pub(super) struct LabelScale(pub(super) f32);

impl LabelScale {
    pub(super) fn px(self, label_px: f32) -> f32 {
        (label_px * self.0).round()
    }
}

/// Sizes the header's and footer's letters for the screen, at start and
/// whenever its size changes.
pub(super) fn size_labels(
    area: Option<Res<WallArea>>,
    mut texts: Query<(&LabelScale, &mut TextFont)>,
    added: Query<(), Added<LabelScale>>,
) {
    let Some(area) = area else {
        return;
    };
    if !area.is_changed() && added.is_empty() {
        return;
    }
    for (scale, mut font) in &mut texts {
        let px = scale.px(area.label_px);
        if font.font_size != FontSize::Px(px) {
            font.font_size = FontSize::Px(px);
        }
    }
}

/// What the bottom row shows, each in full and in short, for
/// [`arrange_footer`].
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub(super) struct Footer {
    /// The scene indicator's width.
    pub(super) scene_w: f32,
    /// A refused config edit.
    pub(super) warning: (String, String),
    /// The freshness badge, when the header has no room for it.
    pub(super) badge: Option<String>,
    /// "page 2 of 5 ○●○○○", "2 / 5".
    pub(super) page: (String, String),
}

/// Spawns the header's and footer's parts; [`size_labels`] gives them
/// their letter sizes once the screen's are known.
pub(super) fn spawn_header(mut commands: Commands, config: Res<WallConfig>, fonts: Option<Res<WallFonts>>) {
    let Some(fonts) = fonts else {
        return;
    };
    let px = DEFAULT_LABEL_PX;
    commands.spawn((HeaderBar, DayOnly, Sprite::from_color(HEADER_COLOR, Vec2::ONE), Transform::default()));
    let line = |text: String, font: &Handle<Font>, scale: f32, color: Color, justify: Justify, anchor: Anchor| {
        let text = label(text, font, LabelScale(scale).px(px)).color(color).one_line(justify).anchor(anchor);
        (LabelScale(scale), text.at(Vec3::ZERO))
    };
    let (regular, bold) = (&fonts.regular, &fonts.bold);
    let left = |text: String, font, scale, color| line(text, font, scale, color, Justify::Left, Anchor::CENTER_LEFT);
    commands.spawn((Title, DayOnly, left(config.title(config.first_language()), bold, TITLE_SCALE, HEADER_TEXT)));
    commands.spawn((FreshnessBadge, DayOnly, left(String::new(), regular, 1.0, MUTED_TEXT)));
    commands.spawn((
        Clock,
        DayOnly,
        line(String::new(), regular, CLOCK_SCALE, HEADER_TEXT, Justify::Right, Anchor::CENTER_RIGHT),
    ));
    commands.spawn((PageIndicator, DayOnly, left(String::new(), regular, 1.0, MUTED_TEXT)));
    let empty = label("", regular, (px * 1.4).round())
        .color(MUTED_TEXT)
        .layout(TextLayout::new(Justify::Center, LineBreak::WordOrCharacter))
        .at(Vec3::ZERO);
    commands.spawn((EmptyWallLine, DayOnly, LabelScale(1.4), empty));
    commands.spawn((ConfigWarning, DayOnly, left(String::new(), regular, 1.0, WARNING_TEXT)));
    commands
        .spawn((
            SceneIndicator,
            DayOnly,
            line(String::new(), regular, 1.0, MUTED_TEXT, Justify::Right, Anchor::CENTER_RIGHT),
        ))
        .with_children(|line| {
            // One span per scene name and one for the countdown; the
            // current scene's name is bright and bold.
            for _ in 0..=MAX_SCENE_NAMES {
                line.spawn((
                    LabelScale(1.0),
                    TextSpan::default(),
                    text_font(&fonts.regular, px),
                    TextColor(MUTED_TEXT),
                ));
            }
        });
}

/// The labels' size until the screen's is known.
const DEFAULT_LABEL_PX: f32 = 20.0;
/// The title's and the clock's sizes, in labels.
pub(super) const TITLE_SCALE: f32 = 1.9;
pub(super) const CLOCK_SCALE: f32 = 1.15;
