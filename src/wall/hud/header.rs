//! The header: the scene's title (and each scene's background), the date,
//! time and ISO week, and the badge that says how fresh the data is; and
//! the line a scene shows instead of an empty screen.

use bevy::prelude::*;
use bevy::text::TextBounds;
use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::core::health::{self, Health};
use crate::core::i18n::Language;
use crate::core::metrics::Weight;
use crate::core::rotation::SceneName;
use crate::wall::cards::TextMeasure;
use crate::wall::cards::sync::NotePages;
use crate::wall::hud::parts::{
    CLOCK_SCALE, Clock, DayOnly, EmptyWallLine, Footer, FreshnessBadge, HeaderBar, LabelScale, MUTED_TEXT,
    PageIndicator, SceneIndicator, TITLE_SCALE, Title, WARNING_TEXT,
};
use crate::wall::model::Wall;
use crate::wall::scenes::{Scene, SceneContent, WallClock};
use crate::wall::shared::{ActiveLanguage, WallArea, WallConfig};
use crate::wall::theme::{FAME_WALL, WALL_COLOR};
use crate::wall::widget::set_text;

/// The header title of a scene: the configured title on the Wall of
/// Change, the language's own for the others.
pub(super) fn scene_title(
    config: &WallConfig,
    language: Language,
    scene: Scene,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    if scene == Scene::StandUp {
        let week = config.zone().iso_week(now).week;
        return language.standup_title(week);
    }
    match scene.name() {
        Some(crate::core::rotation::SceneName::Change) | None => config.title(language),
        Some(other) => language.scene_title(other).to_string(),
    }
}

/// Each scene's title and background; at night only the night's clock.
pub(super) fn show_scene(
    active: Res<ActiveLanguage>,
    state: Res<State<Scene>>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    mut clear: ResMut<ClearColor>,
    mut title: Query<&mut Text2d, With<Title>>,
    mut day_only: Query<&mut Visibility, With<DayOnly>>,
) {
    if !state.is_changed() && !config.is_changed() && !active.is_changed() {
        return;
    }
    let scene = *state.get();
    let background = match scene {
        Scene::Fame => FAME_WALL,
        Scene::Night => Color::BLACK,
        _ => WALL_COLOR,
    };
    if clear.0 != background {
        clear.0 = background;
    }
    if scene != Scene::Night {
        let line = scene_title(&config, active.0, scene, clock.now());
        for mut text in &mut title {
            set_text(&mut text, &line);
        }
    }
    let visibility = if scene == Scene::Night { Visibility::Hidden } else { Visibility::Inherited };
    for mut shown in &mut day_only {
        shown.set_if_neq(visibility);
    }
}

/// Puts the header pieces where the current window size wants them.
pub(super) fn place_header(
    area: Option<Res<WallArea>>,
    mut bar: Query<(&mut Sprite, &mut Transform), With<HeaderBar>>,
    mut title: Query<&mut Transform, (With<Title>, Without<HeaderBar>)>,
    mut clock: Query<&mut Transform, (With<Clock>, Without<HeaderBar>, Without<Title>)>,

    mut overlay: Query<
        (&mut Transform, &mut TextBounds, Has<PageIndicator>),
        (Or<(With<PageIndicator>, With<EmptyWallLine>)>, Without<HeaderBar>, Without<Title>, Without<Clock>),
    >,
    mut scenes: Query<
        &mut Transform,
        (
            With<SceneIndicator>,
            Without<PageIndicator>,
            Without<EmptyWallLine>,
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
    let margin = area.label_px * 1.2;
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
    for mut transform in &mut scenes {
        transform.translation = area.to_world(area.screen.x - margin, bottom).extend(4.0);
    }
    for (mut transform, mut bounds, is_pager) in &mut overlay {
        if is_pager {
            continue; // Placed beside the scene indicator.
        }
        transform.translation = area.to_world(area.screen.x / 2.0, center).extend(4.0);
        // The empty-wall line wraps; the page indicator is one short line.
        if !is_pager {
            *bounds = TextBounds::new_horizontal(area.screen.x * 0.7);
        }
    }
}

/// "Monday 23 November · 14:05 · Week 48" for a local time.
pub(super) fn clock_line(language: Language, now: NaiveDateTime) -> String {
    format!(
        "{}  ·  {:02}:{:02}  ·  {}",
        language.long_date(now),
        now.hour(),
        now.minute(),
        language.week(now.iso_week().week())
    )
}

/// The clock, rewritten when the minute turns.
pub(super) fn tick_clock(
    active: Res<ActiveLanguage>,
    config: Res<WallConfig>,
    wall_clock: Res<WallClock>,
    state: Res<State<Scene>>,
    area: Option<Res<WallArea>>,
    measure: Res<TextMeasure>,
    mut clock: Query<&mut Text2d, With<Clock>>,
    mut last_minute: Local<i64>,
) {
    // Formatting the date every frame would allocate on every animated
    // frame; the text only changes when the minute does.
    let now = wall_clock.now();
    let minute = now.timestamp() / 60;
    let resized = area.as_ref().is_some_and(|area| area.is_changed());
    if minute == *last_minute && !config.is_changed() && !active.is_changed() && !state.is_changed() && !resized {
        return;
    }
    *last_minute = minute;
    let language = active.0;
    let local = config.zone().local(now);
    let mut line = clock_line(language, local);
    // Where a long title leaves no room for the date, the clock says only
    // the time and the week: the header's parts never run into each other.
    if let Some(area) = area {
        let px = area.label_px;
        let title_w = measure.0.width_em(&scene_title(&config, active.0, *state.get(), now), Weight::Bold)
            * LabelScale(TITLE_SCALE).px(px);
        let clock_w = |line: &str| measure.0.width_em(line, Weight::Regular) * LabelScale(CLOCK_SCALE).px(px);
        if px * 1.2 + title_w + px * 1.5 + clock_w(&line) + px * 1.2 > area.screen.x {
            line = format!("{:02}:{:02}  ·  {}", local.hour(), local.minute(), language.week(local.iso_week().week()));
        }
    }
    for mut text in &mut clock {
        set_text(&mut text, &line);
    }
}

/// Says how old the data is, honestly: rewritten when the data changes and
/// when the minute turns. It follows the title; where the header has no
/// room for it beside the clock, it moves to the bottom-left corner.
pub(super) fn update_badge(
    active: Res<ActiveLanguage>,
    wall: Res<Wall>,
    config: Res<WallConfig>,
    wall_clock: Res<WallClock>,
    state: Res<State<Scene>>,
    area: Option<Res<WallArea>>,
    measure: Res<TextMeasure>,
    mut badge: Query<(&mut Text2d, &mut TextColor, &mut Transform), With<FreshnessBadge>>,
    mut footer: ResMut<Footer>,
    mut last_minute: Local<i64>,
) {
    let Some(area) = area else {
        return;
    };
    let now = wall_clock.now();
    let minute = now.timestamp() / 60;
    if !wall.is_changed()
        && !area.is_changed()
        && !state.is_changed()
        && !config.is_changed()
        && !active.is_changed()
        && minute == *last_minute
    {
        return;
    }
    *last_minute = minute;
    let language = active.0;
    let (text, color) = match health::badge(&wall.freshness(), language, config.zone(), now) {
        Some((Health::Online, text)) => (text, MUTED_TEXT),
        Some((_, text)) => (text, WARNING_TEXT),
        None => (String::new(), MUTED_TEXT),
    };
    let px = area.label_px;
    let margin = px * 1.2;
    let title_w = measure.0.width_em(&scene_title(&config, active.0, *state.get(), now), Weight::Bold)
        * LabelScale(TITLE_SCALE).px(px);
    let clock_w = measure.0.width_em(&clock_line(language, config.zone().local(now)), Weight::Regular)
        * LabelScale(CLOCK_SCALE).px(px);
    let badge_w = measure.0.width_em(&text, Weight::Regular) * px;
    let beside_title = margin + title_w + px * 1.2;
    let fits = beside_title + badge_w + px * 1.5 + clock_w + margin <= area.screen.x;
    // Where the header has no room, the badge joins the bottom row, which
    // places it (`arrange_footer`).
    let in_footer = (!fits && !text.is_empty()).then(|| text.clone());
    if footer.badge != in_footer {
        footer.badge = in_footer;
    }
    for (mut line, mut line_color, mut transform) in &mut badge {
        set_text(&mut line, &text);
        line_color.set_if_neq(TextColor(color));
        if fits {
            transform.translation = area.to_world(beside_title, area.header_h / 2.0 + px * 0.15).extend(5.1);
        }
    }
}

/// Never a blank wall: each scene says why it has nothing to show.
pub(super) fn update_empty_line(
    active: Res<ActiveLanguage>,
    wall: Res<Wall>,
    pages: Res<NotePages>,
    config: Res<WallConfig>,
    state: Res<State<Scene>>,
    content: Res<SceneContent>,
    mut line: Query<&mut Text2d, With<EmptyWallLine>>,
) {
    if !wall.is_changed()
        && !pages.is_changed()
        && !state.is_changed()
        && !config.is_changed()
        && !active.is_changed()
        && !content.is_changed()
    {
        return;
    }
    let language = active.0;
    let message = match state.get().name() {
        _ if !pages.pages.is_empty() => String::new(),
        None => String::new(),
        // The trends are drawn, not laid out as notes: empty until a week
        // is counted, whatever the feed says.
        Some(SceneName::Trends) if content.has(SceneName::Trends) => String::new(),
        Some(SceneName::Trends) => language.empty_scene(SceneName::Trends).to_string(),
        Some(_) if wall.snapshot().is_none() => match wall.sources().iter().find_map(|s| s.last_error.as_ref()) {
            Some(_) => language.waiting_for_source().to_string(),
            None => String::new(),
        },
        Some(scene) if !content.has(scene) || pages.pages.is_empty() => language.empty_scene(scene).to_string(),
        Some(_) => String::new(),
    };
    for mut text in &mut line {
        set_text(&mut text, &message);
    }
}
