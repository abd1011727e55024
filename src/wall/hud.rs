//! The header (title, date and time, ISO week), the page indicator, and the
//! line the wall shows instead of an empty screen.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::{Justify, LineBreak, TextBounds};
use chrono::{Datelike, Timelike, Utc};

use super::card::text_font;
use super::feed::Wall;
use super::fonts::WallFonts;
use super::notes::{NotePages, NotesSystems, Pager, TextMeasure};
use super::scene::Scene;
use super::{WallArea, WallConfig};
use crate::core::health::{self, Health};
use crate::core::i18n::Language;
use crate::core::metrics::Weight;

/// The colour of the wall behind the notes.
pub const WALL_COLOR: Color = Color::srgb(0.14, 0.15, 0.17);
const HEADER_COLOR: Color = Color::srgb(0.09, 0.10, 0.11);
const HEADER_TEXT: Color = Color::srgb(0.96, 0.95, 0.92);
const MUTED_TEXT: Color = Color::srgb(0.72, 0.73, 0.75);
/// The badge's colour when data is stale or a source is offline.
const WARNING_TEXT: Color = Color::srgb(0.98, 0.76, 0.33);

#[derive(Component)]
struct HeaderBar;
#[derive(Component)]
struct Title;
#[derive(Component)]
struct Clock;
/// "updated 2 min ago" / "offline since 10:42 — showing the last data".
#[derive(Component)]
struct FreshnessBadge;
#[derive(Component)]
struct PageIndicator;
#[derive(Component)]
struct EmptyWallLine;

pub fn plugin(app: &mut App) {
    app.insert_resource(ClearColor(WALL_COLOR))
        .add_systems(Startup, spawn_header)
        .add_systems(OnEnter(Scene::Change), spawn_change_overlay)
        .add_systems(
            Update,
            (place_header, tick_clock, update_badge, update_page_indicator, update_empty_line)
                .after(NotesSystems),
        );
}

fn spawn_header(mut commands: Commands, config: Res<WallConfig>, fonts: Option<Res<WallFonts>>) {
    let Some(fonts) = fonts else {
        return;
    };
    let px = config.config().min_text_px;
    commands.spawn((HeaderBar, Sprite::from_color(HEADER_COLOR, Vec2::ONE), Transform::default()));
    commands.spawn((
        Title,
        Text2d::new(config.0.title()),
        text_font(&fonts.bold, (px * 1.9).round()),
        TextColor(HEADER_TEXT),
        TextLayout::no_wrap(),
        Anchor::CENTER_LEFT,
    ));
    commands.spawn((
        FreshnessBadge,
        Text2d::default(),
        text_font(&fonts.regular, px),
        TextColor(MUTED_TEXT),
        TextLayout::no_wrap(),
        Anchor::CENTER_LEFT,
    ));
    commands.spawn((
        Clock,
        Text2d::default(),
        text_font(&fonts.regular, (px * 1.15).round()),
        TextColor(HEADER_TEXT),
        TextLayout::new(Justify::Right, LineBreak::NoWrap),
        Anchor::CENTER_RIGHT,
    ));
}

fn spawn_change_overlay(mut commands: Commands, config: Res<WallConfig>, fonts: Option<Res<WallFonts>>) {
    let Some(fonts) = fonts else {
        return;
    };
    let px = config.config().min_text_px;
    commands.spawn((
        PageIndicator,
        Text2d::default(),
        text_font(&fonts.regular, px),
        TextColor(MUTED_TEXT),
        TextLayout::new(Justify::Center, LineBreak::NoWrap),
        Anchor::CENTER,
        DespawnOnExit(Scene::Change),
    ));
    commands.spawn((
        EmptyWallLine,
        Text2d::default(),
        text_font(&fonts.regular, (px * 1.4).round()),
        TextColor(MUTED_TEXT),
        TextLayout::new(Justify::Center, LineBreak::WordBoundary),
        Anchor::CENTER,
        DespawnOnExit(Scene::Change),
    ));
}

/// Puts the header pieces where the current window size wants them.
#[allow(clippy::type_complexity)] // Disjoint Bevy queries.
fn place_header(
    area: Option<Res<WallArea>>,
    config: Res<WallConfig>,
    mut bar: Query<(&mut Sprite, &mut Transform), With<HeaderBar>>,
    mut title: Query<&mut Transform, (With<Title>, Without<HeaderBar>)>,
    mut clock: Query<&mut Transform, (With<Clock>, Without<HeaderBar>, Without<Title>)>,

    mut overlay: Query<
        (&mut Transform, &mut TextBounds, Has<PageIndicator>),
        (
            Or<(With<PageIndicator>, With<EmptyWallLine>)>,
            Without<HeaderBar>,
            Without<Title>,
            Without<Clock>,
        ),
    >,
) {
    let Some(area) = area else {
        return;
    };
    if !area.is_changed() {
        return;
    }
    let margin = config.config().min_text_px * 1.2;
    let middle_y = area.header_h / 2.0;
    for (mut sprite, mut transform) in &mut bar {
        sprite.custom_size = Some(Vec2::new(area.screen.x, area.header_h));
        transform.translation = area.to_world(area.screen.x / 2.0, middle_y).extend(5.0);
    }
    for mut transform in &mut title {
        transform.translation = area.to_world(margin, middle_y).extend(5.1);
    }
    for mut transform in &mut clock {
        transform.translation = area.to_world(area.screen.x - margin, middle_y).extend(5.1);
    }

    let bottom = area.notes.y + area.notes.h + (area.screen.y - area.notes.y - area.notes.h) / 2.0;
    let center = area.notes.y + area.notes.h / 2.0;
    for (mut transform, mut bounds, is_pager) in &mut overlay {
        let y = if is_pager { bottom } else { center };
        transform.translation = area.to_world(area.screen.x / 2.0, y).extend(4.0);
        // The empty-wall line wraps; the page indicator is one short line.
        if !is_pager {
            *bounds = TextBounds::new_horizontal(area.screen.x * 0.7);
        }
    }
}

/// "Monday 23 November · 14:05 · Week 48" for now.
fn clock_line(language: Language) -> String {
    let now = chrono::Local::now().naive_local();
    format!(
        "{}  ·  {:02}:{:02}  ·  {}",
        language.long_date(now),
        now.hour(),
        now.minute(),
        language.week(now.iso_week().week())
    )
}

/// The clock, rewritten when the minute turns.
fn tick_clock(config: Res<WallConfig>, mut clock: Query<&mut Text2d, With<Clock>>, mut last_minute: Local<i64>) {
    // Formatting the date every frame would allocate on every animated
    // frame; the text only changes when the minute does.
    let minute = Utc::now().timestamp() / 60;
    if minute == *last_minute && !config.is_changed() {
        return;
    }
    *last_minute = minute;
    let line = clock_line(config.config().language);
    for mut text in &mut clock {
        set_text(&mut text, &line);
    }
}

/// Says how old the data is, honestly: rewritten when the data changes and
/// when the minute turns. It follows the title; where the header has no
/// room for it beside the clock, it moves to the bottom-left corner.
fn update_badge(
    wall: Res<Wall>,
    config: Res<WallConfig>,
    area: Option<Res<WallArea>>,
    measure: Res<TextMeasure>,
    mut badge: Query<(&mut Text2d, &mut TextColor, &mut Transform), With<FreshnessBadge>>,
    mut last_minute: Local<i64>,
) {
    let Some(area) = area else {
        return;
    };
    let now = Utc::now();
    let minute = now.timestamp() / 60;
    if !wall.is_changed() && !area.is_changed() && minute == *last_minute {
        return;
    }
    *last_minute = minute;
    let language = config.config().language;
    let (text, color) = match health::badge(&wall.freshness(), language, now) {
        Some((Health::Online, text)) => (text, MUTED_TEXT),
        Some((_, text)) => (text, WARNING_TEXT),
        None => (String::new(), MUTED_TEXT),
    };
    let px = config.config().min_text_px;
    let margin = px * 1.2;
    let title_w = measure.0.width_em(&config.0.title(), Weight::Bold) * (px * 1.9).round();
    let clock_w = measure.0.width_em(&clock_line(language), Weight::Regular) * (px * 1.15).round();
    let badge_w = measure.0.width_em(&text, Weight::Regular) * px;
    let beside_title = margin + title_w + px * 1.2;
    let fits = beside_title + badge_w + px * 1.5 + clock_w + margin <= area.screen.x;
    let position = if fits {
        area.to_world(beside_title, area.header_h / 2.0 + px * 0.15)
    } else {
        let bottom = area.notes.y + area.notes.h + (area.screen.y - area.notes.y - area.notes.h) / 2.0;
        area.to_world(margin, bottom)
    };
    for (mut line, mut line_color, mut transform) in &mut badge {
        set_text(&mut line, &text);
        line_color.set_if_neq(TextColor(color));
        transform.translation = position.extend(5.1);
    }
}

fn update_page_indicator(
    pager: Res<Pager>,
    config: Res<WallConfig>,
    mut indicator: Query<&mut Text2d, With<PageIndicator>>,
) {
    if !pager.is_changed() {
        return;
    }
    let line = if pager.pages > 1 {
        let dots: String = (0..pager.pages).map(|i| if i == pager.page { "●" } else { "○" }).collect::<Vec<_>>().join(" ");
        format!("{}   {dots}", config.config().language.page(pager.page + 1, pager.pages))
    } else {
        String::new()
    };
    for mut text in &mut indicator {
        set_text(&mut text, &line);
    }
}

/// Never a blank wall: say why there are no notes.
fn update_empty_line(
    wall: Res<Wall>,
    pages: Res<NotePages>,
    config: Res<WallConfig>,
    mut line: Query<&mut Text2d, With<EmptyWallLine>>,
) {
    if !wall.is_changed() && !pages.is_changed() {
        return;
    }
    let language = config.config().language;
    let message = if !pages.pages.is_empty() {
        String::new()
    } else if wall.snapshot().is_none() {
        match wall.sources().iter().find_map(|s| s.last_error.as_ref()) {
            Some(_) => language.waiting_for_source().to_string(),
            None => String::new(),
        }
    } else {
        language.no_notes().to_string()
    };
    for mut text in &mut line {
        set_text(&mut text, &message);
    }
}

/// Changes a text only when it differs, so an unchanged text is not laid out
/// and drawn again.
fn set_text(text: &mut Mut<Text2d>, line: &str) {
    if text.0 != line {
        text.0 = line.to_string();
    }
}
