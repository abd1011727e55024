//! The parts of the header and the footer, spawned once at start-up:
//! the bar, the title, the clock, the freshness badge, the page and scene
//! indicators, the config warning and the line an empty scene shows.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::{Justify, LineBreak};

use crate::core::contrast;
use crate::wall::fonts::WallFonts;
use crate::wall::shared::WallConfig;
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

pub(super) fn spawn_header(mut commands: Commands, config: Res<WallConfig>, fonts: Option<Res<WallFonts>>) {
    let Some(fonts) = fonts else {
        return;
    };
    let px = config.min_text_px;
    commands.spawn((HeaderBar, DayOnly, Sprite::from_color(HEADER_COLOR, Vec2::ONE), Transform::default()));
    let line = |text: String, font: &Handle<Font>, size: f32, color: Color, justify: Justify, anchor: Anchor| {
        label(text, font, size).color(color).one_line(justify).anchor(anchor).at(Vec3::ZERO)
    };
    let (regular, bold) = (&fonts.regular, &fonts.bold);
    let left = |text: String, font, size, color| line(text, font, size, color, Justify::Left, Anchor::CENTER_LEFT);
    commands.spawn((Title, DayOnly, left(config.0.title(), bold, (px * 1.9).round(), HEADER_TEXT)));
    commands.spawn((FreshnessBadge, DayOnly, left(String::new(), regular, px, MUTED_TEXT)));
    let clock_px = (px * 1.15).round();
    commands.spawn((
        Clock,
        DayOnly,
        line(String::new(), regular, clock_px, HEADER_TEXT, Justify::Right, Anchor::CENTER_RIGHT),
    ));
    commands.spawn((PageIndicator, DayOnly, left(String::new(), regular, px, MUTED_TEXT)));
    let empty = label("", regular, (px * 1.4).round())
        .color(MUTED_TEXT)
        .layout(TextLayout::new(Justify::Center, LineBreak::WordOrCharacter))
        .at(Vec3::ZERO);
    commands.spawn((EmptyWallLine, DayOnly, empty));
    commands.spawn((ConfigWarning, DayOnly, left(String::new(), regular, px, WARNING_TEXT)));
    commands
        .spawn((
            SceneIndicator,
            DayOnly,
            line(String::new(), regular, px, MUTED_TEXT, Justify::Right, Anchor::CENTER_RIGHT),
        ))
        .with_children(|line| {
            // One span per scene name and one for the countdown; the
            // current scene's name is bright and bold.
            for _ in 0..=MAX_SCENE_NAMES {
                line.spawn((TextSpan::default(), text_font(&fonts.regular, px), TextColor(MUTED_TEXT)));
            }
        });
}
