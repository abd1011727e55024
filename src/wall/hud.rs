//! The header (title, date and time, ISO week), the page indicator, and the
//! line the wall shows instead of an empty screen.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::{Justify, LineBreak, TextBounds};
use chrono::{Datelike, Local, Timelike};

use super::card::text_font;
use super::feed::Wall;
use super::fonts::WallFonts;
use super::notes::{NotePages, NotesSystems, Pager};
use super::scene::Scene;
use super::{WallArea, WallConfig};

/// The colour of the wall behind the notes.
pub const WALL_COLOR: Color = Color::srgb(0.14, 0.15, 0.17);
const HEADER_COLOR: Color = Color::srgb(0.09, 0.10, 0.11);
const HEADER_TEXT: Color = Color::srgb(0.96, 0.95, 0.92);
const MUTED_TEXT: Color = Color::srgb(0.72, 0.73, 0.75);

#[derive(Component)]
struct HeaderBar;
#[derive(Component)]
struct Title;
#[derive(Component)]
struct Clock;
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
            (place_header, tick_clock, update_page_indicator, update_empty_line).after(NotesSystems),
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
        (Or<(With<PageIndicator>, With<EmptyWallLine>)>, Without<HeaderBar>, Without<Title>, Without<Clock>),
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

/// "Monday 23 November · 14:05 · Week 48", rewritten when the minute turns.
fn tick_clock(config: Res<WallConfig>, mut clock: Query<&mut Text2d, With<Clock>>) {
    let now = Local::now().naive_local();
    let language = config.config().language;
    let line = format!(
        "{}  ·  {:02}:{:02}  ·  {}",
        language.long_date(now),
        now.hour(),
        now.minute(),
        language.week(now.iso_week().week())
    );
    for mut text in &mut clock {
        set_text(&mut text, &line);
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
