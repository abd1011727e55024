//! The header (the scene's title, date and time, ISO week), the page and
//! scene indicators, the line a scene shows instead of an empty screen,
//! and each scene's background.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::{Justify, LineBreak, TextBounds};
use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::core::contrast;
use crate::core::footer;
use crate::core::health::{self, Health};
use crate::core::i18n::Language;
use crate::core::metrics::Weight;
use crate::wall::cards::NotesSystems;
use crate::wall::cards::TextMeasure;
use crate::wall::cards::sync::{NotePages, Pager};
use crate::wall::fonts::WallFonts;
use crate::wall::model::Wall;
use crate::wall::scenes::{Scene, SceneContent, SceneRotation, WallClock};
use crate::wall::shared::{WallArea, WallConfig};
use crate::wall::theme::{FAME_WALL, WALL_COLOR};
use crate::wall::theme::{palette, text_font};
use crate::wall::widget::set_text;

const HEADER_COLOR: Color = palette(contrast::HEADER);
const HEADER_TEXT: Color = palette(contrast::HEADER_TEXT);
const MUTED_TEXT: Color = palette(contrast::MUTED_TEXT);
/// The badge's colour when data is stale or a source is offline.
const WARNING_TEXT: Color = palette(contrast::WARNING_TEXT);

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
/// "Change · Fame · Commitment · Priorities   next in 45 s".
#[derive(Component)]
struct SceneIndicator;
/// "⚠ config/wall.ron:3:5 has an error; the wall keeps the last good config".
#[derive(Component)]
struct ConfigWarning;
/// Shown by day, hidden at night.
#[derive(Component)]
struct DayOnly;

pub fn plugin(app: &mut App) {
    app.insert_resource(ClearColor(WALL_COLOR))
        .init_resource::<Footer>()
        .add_systems(Startup, spawn_header)
        .add_systems(
            Update,
            (
                place_header,
                tick_clock,
                update_badge,
                update_page_indicator,
                update_empty_line,
                show_scene,
                update_scene_indicator,
                update_config_warning,
                arrange_footer,
            )
                .chain()
                .after(NotesSystems),
        );
}

fn spawn_header(mut commands: Commands, config: Res<WallConfig>, fonts: Option<Res<WallFonts>>) {
    let Some(fonts) = fonts else {
        return;
    };
    let px = config.config().min_text_px;
    commands.spawn((HeaderBar, DayOnly, Sprite::from_color(HEADER_COLOR, Vec2::ONE), Transform::default()));
    commands.spawn((
        Title,
        DayOnly,
        Text2d::new(config.0.title()),
        text_font(&fonts.bold, (px * 1.9).round()),
        TextColor(HEADER_TEXT),
        TextLayout::no_wrap(),
        Anchor::CENTER_LEFT,
    ));
    commands.spawn((
        FreshnessBadge,
        DayOnly,
        Text2d::default(),
        text_font(&fonts.regular, px),
        TextColor(MUTED_TEXT),
        TextLayout::no_wrap(),
        Anchor::CENTER_LEFT,
    ));
    commands.spawn((
        Clock,
        DayOnly,
        Text2d::default(),
        text_font(&fonts.regular, (px * 1.15).round()),
        TextColor(HEADER_TEXT),
        TextLayout::new(Justify::Right, LineBreak::NoWrap),
        Anchor::CENTER_RIGHT,
    ));
    commands.spawn((
        PageIndicator,
        DayOnly,
        Text2d::default(),
        text_font(&fonts.regular, px),
        TextColor(MUTED_TEXT),
        TextLayout::new(Justify::Left, LineBreak::NoWrap),
        Anchor::CENTER_LEFT,
    ));
    commands.spawn((
        EmptyWallLine,
        DayOnly,
        Text2d::default(),
        text_font(&fonts.regular, (px * 1.4).round()),
        TextColor(MUTED_TEXT),
        TextLayout::new(Justify::Center, LineBreak::WordOrCharacter),
        Anchor::CENTER,
    ));
    commands.spawn((
        ConfigWarning,
        DayOnly,
        Text2d::default(),
        text_font(&fonts.regular, px),
        TextColor(WARNING_TEXT),
        TextLayout::no_wrap(),
        Anchor::CENTER_LEFT,
    ));
    commands
        .spawn((
            SceneIndicator,
            DayOnly,
            Text2d::default(),
            text_font(&fonts.regular, px),
            TextColor(MUTED_TEXT),
            TextLayout::new(Justify::Right, LineBreak::NoWrap),
            Anchor::CENTER_RIGHT,
        ))
        .with_children(|line| {
            // One span per scene name and one for the countdown; the
            // current scene's name is bright and bold.
            for _ in 0..5 {
                line.spawn((TextSpan::default(), text_font(&fonts.regular, px), TextColor(MUTED_TEXT)));
            }
        });
}

/// The header title of a scene: the configured title on the Wall of
/// Change, the language's own for the others.
fn scene_title(config: &WallConfig, scene: Scene, now: chrono::DateTime<chrono::Utc>) -> String {
    if scene == Scene::StandUp {
        let week = config.0.zone().iso_week(now).week;
        return config.config().language.standup_title(week);
    }
    match scene.name() {
        Some(crate::core::rotation::SceneName::Change) | None => config.0.title(),
        Some(other) => config.config().language.scene_title(other).to_string(),
    }
}

/// Each scene's title and background; at night only the night's clock.
#[allow(clippy::type_complexity)] // Disjoint Bevy queries.
fn show_scene(
    state: Res<State<Scene>>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    mut clear: ResMut<ClearColor>,
    mut title: Query<&mut Text2d, With<Title>>,
    mut day_only: Query<&mut Visibility, With<DayOnly>>,
) {
    if !state.is_changed() && !config.is_changed() {
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
        let line = scene_title(&config, scene, clock.now());
        for mut text in &mut title {
            set_text(&mut text, &line);
        }
    }
    let visibility = if scene == Scene::Night { Visibility::Hidden } else { Visibility::Inherited };
    for mut shown in &mut day_only {
        shown.set_if_neq(visibility);
    }
}

/// The countdown to the next scene counts in these steps, so a still wall
/// draws a frame for it only this often: each frame of a 1080p wall costs
/// ~0.1 s of CPU where the processor renders. After a touch, the pause
/// counts down in finer steps, as someone is reading at the wall.
const ROTATION_STEP_SECONDS: f64 = 15.0;
const PAUSED_STEP_SECONDS: f64 = 5.0;

/// Which scene is on and how long until the next, in steps (above).
#[allow(clippy::too_many_arguments)] // Scene, rotation, fonts and the spans it writes.
fn update_scene_indicator(
    state: Res<State<Scene>>,
    config: Res<WallConfig>,
    time: crate::wall::shared::WallTime,
    rotation: Option<Res<SceneRotation>>,
    fonts: Option<Res<WallFonts>>,
    indicator: Query<&Children, With<SceneIndicator>>,
    mut spans: Query<(&mut TextSpan, &mut TextColor, &mut TextFont)>,
    mut wakeups: ResMut<crate::wall::shared::Wakeups>,
    measure: Res<TextMeasure>,
    mut footer: ResMut<Footer>,
    mut last: Local<Option<(Scene, u32, bool)>>,
) {
    let (Some(rotation), Some(fonts)) = (rotation, fonts) else {
        return;
    };
    let now = time.now();
    let slots = rotation.0.slots();
    let left = rotation.0.seconds_left(now);
    let paused = rotation.0.is_paused(now);
    let step = if paused { PAUSED_STEP_SECONDS } else { ROTATION_STEP_SECONDS };
    let shown = left.map_or(0, |s| ((s / step).ceil() * step) as u32);
    if let Some(s) = left {
        // Wake when the shown number changes.
        wakeups.in_seconds((s - (shown as f64 - step)).max(0.0) as f32 + 0.01);
    }
    let key = (*state.get(), shown, paused);
    if *last == Some(key) && !config.is_changed() {
        return;
    }
    *last = Some(key);
    let language = config.config().language;
    let current = rotation.0.index();
    let mut line = String::new();
    for children in &indicator {
        for (i, child) in children.iter().enumerate() {
            let Ok((mut span, mut color, mut font)) = spans.get_mut(child) else {
                continue;
            };
            let (text, bright) = if i < slots.len().min(4) {
                let separator = if i + 1 < slots.len().min(4) { "  ·  " } else { "" };
                (format!("{}{separator}", language.scene_short(slots[i].scene)), i == current)
            } else if i == 4 && slots.len() > 1 {
                (format!("      {}", language.next_scene(shown, paused)), false)
            } else {
                (String::new(), false)
            };
            line.push_str(&text);
            if span.0 != text {
                span.0 = text;
            }
            color.set_if_neq(TextColor(if bright { HEADER_TEXT } else { MUTED_TEXT }));
            let face = if bright { &fonts.bold } else { &fonts.regular };
            let source = bevy::text::FontSource::Handle(face.clone());
            if font.font != source {
                font.font = source;
            }
        }
    }
    // Bold for the current name: measure the whole line in bold, a little wide.
    let width = measure.0.width_em(&line, Weight::Bold) * config.config().min_text_px;
    if footer.scene_w != width {
        footer.scene_w = width;
    }
}

/// A small line in the bottom-left corner while an edit of the config file
/// is refused; the log has the whole message. Where there is no room for
/// it, it says only where the error is.
fn update_config_warning(
    problem: Option<Res<crate::wall::kiosk::reload::ConfigProblem>>,
    config: Res<WallConfig>,
    mut footer: ResMut<Footer>,
) {
    let Some(problem) = problem else {
        return;
    };
    if !problem.is_changed() && !config.is_changed() {
        return;
    }
    let warning = match problem.place() {
        Some(place) => match config.config().language {
            Language::En => {
                (format!("⚠ {place} has an error; the wall keeps the last good config"), format!("⚠ {place}"))
            }
            Language::Nl => {
                (format!("⚠ {place} bevat een fout; de muur houdt de laatste goede config aan"), format!("⚠ {place}"))
            }
        },
        None => (String::new(), String::new()),
    };
    if footer.warning != warning {
        footer.warning = warning;
    }
}

/// What the bottom row shows, each in full and in short, for
/// [`arrange_footer`].
#[derive(Resource, Debug, Default, Clone, PartialEq)]
struct Footer {
    /// The scene indicator's width.
    scene_w: f32,
    /// A refused config edit.
    warning: (String, String),
    /// The freshness badge, when the header has no room for it.
    badge: Option<String>,
    /// "page 2 of 5 ○●○○○", "2 / 5".
    page: (String, String),
}

/// Places the bottom row's parts so that none overlaps another, at every
/// screen size and in both languages (`core::footer`).
#[allow(clippy::type_complexity)] // Disjoint Bevy queries.
fn arrange_footer(
    footer: Res<Footer>,
    area: Option<Res<WallArea>>,
    config: Res<WallConfig>,
    measure: Res<TextMeasure>,
    mut warning: Query<
        (&mut Text2d, &mut Transform),
        (With<ConfigWarning>, Without<PageIndicator>, Without<FreshnessBadge>),
    >,
    mut badge: Query<&mut Transform, (With<FreshnessBadge>, Without<ConfigWarning>, Without<PageIndicator>)>,
    mut page: Query<
        (&mut Text2d, &mut Transform),
        (With<PageIndicator>, Without<ConfigWarning>, Without<FreshnessBadge>),
    >,
) {
    let Some(area) = area else {
        return;
    };
    if !footer.is_changed() && !area.is_changed() {
        return;
    }
    let px = config.config().min_text_px;
    let width = |text: &str| measure.0.width_em(text, Weight::Regular) * px;
    let part = |(full, short): &(String, String)| footer::Part { full: width(full), short: width(short) };
    let badge_text = footer.badge.clone().unwrap_or_default();
    let notices = [part(&footer.warning), footer::Part::fixed(width(&badge_text))];
    let plan = footer::plan(area.screen.x, px * 1.2, px, &notices, part(&footer.page), footer.scene_w);
    let bottom = area.notes.y + area.notes.h + (area.screen.y - area.notes.y - area.notes.h) / 2.0;
    let choose = |shown: footer::Shown, (full, short): &(String, String)| match shown {
        footer::Shown::Full(_) => full.clone(),
        footer::Shown::Short(_) => short.clone(),
        footer::Shown::Hidden => String::new(),
    };
    for (mut text, mut transform) in &mut warning {
        set_text(&mut text, &choose(plan.notices[0], &footer.warning));
        transform.translation = area.to_world(plan.notices[0].x().unwrap_or(0.0), bottom).extend(5.2);
    }
    if footer.badge.is_some() {
        for mut transform in &mut badge {
            // With no room even for the badge, it waits off screen.
            let x = plan.notices[1].x().unwrap_or(-area.screen.x);
            transform.translation = area.to_world(x, bottom).extend(5.1);
        }
    }
    for (mut text, mut transform) in &mut page {
        set_text(&mut text, &choose(plan.page, &footer.page));
        transform.translation = area.to_world(plan.page.x().unwrap_or(0.0), bottom).extend(4.0);
    }
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
fn clock_line(language: Language, now: NaiveDateTime) -> String {
    format!(
        "{}  ·  {:02}:{:02}  ·  {}",
        language.long_date(now),
        now.hour(),
        now.minute(),
        language.week(now.iso_week().week())
    )
}

/// The clock, rewritten when the minute turns.
fn tick_clock(
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
    if minute == *last_minute && !config.is_changed() && !state.is_changed() && !resized {
        return;
    }
    *last_minute = minute;
    let language = config.config().language;
    let local = config.0.zone().local(now);
    let mut line = clock_line(language, local);
    // Where a long title leaves no room for the date, the clock says only
    // the time and the week: the header's parts never run into each other.
    if let Some(area) = area {
        let px = config.config().min_text_px;
        let title_w = measure.0.width_em(&scene_title(&config, *state.get(), now), Weight::Bold) * (px * 1.9).round();
        let clock_w = |line: &str| measure.0.width_em(line, Weight::Regular) * (px * 1.15).round();
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
#[allow(clippy::too_many_arguments)] // The badge follows the data, the clock and the screen.
fn update_badge(
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
    if !wall.is_changed() && !area.is_changed() && !state.is_changed() && !config.is_changed() && minute == *last_minute
    {
        return;
    }
    *last_minute = minute;
    let language = config.config().language;
    let (text, color) = match health::badge(&wall.freshness(), language, config.0.zone(), now) {
        Some((Health::Online, text)) => (text, MUTED_TEXT),
        Some((_, text)) => (text, WARNING_TEXT),
        None => (String::new(), MUTED_TEXT),
    };
    let px = config.config().min_text_px;
    let margin = px * 1.2;
    let title_w = measure.0.width_em(&scene_title(&config, *state.get(), now), Weight::Bold) * (px * 1.9).round();
    let clock_w =
        measure.0.width_em(&clock_line(language, config.0.zone().local(now)), Weight::Regular) * (px * 1.15).round();
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

fn update_page_indicator(pager: Res<Pager>, config: Res<WallConfig>, mut footer: ResMut<Footer>) {
    if !pager.is_changed() && !config.is_changed() {
        return;
    }
    let page = if pager.pages > 1 {
        let dots: String =
            (0..pager.pages).map(|i| if i == pager.page { "●" } else { "○" }).collect::<Vec<_>>().join(" ");
        let full = format!("{}   {dots}", config.config().language.page(pager.page + 1, pager.pages));
        (full, format!("{} / {}", pager.page + 1, pager.pages))
    } else {
        (String::new(), String::new())
    };
    if footer.page != page {
        footer.page = page;
    }
}

/// Never a blank wall: each scene says why it has nothing to show.
fn update_empty_line(
    wall: Res<Wall>,
    pages: Res<NotePages>,
    config: Res<WallConfig>,
    state: Res<State<Scene>>,
    content: Res<SceneContent>,
    mut line: Query<&mut Text2d, With<EmptyWallLine>>,
) {
    if !wall.is_changed() && !pages.is_changed() && !state.is_changed() && !config.is_changed() {
        return;
    }
    let language = config.config().language;
    let message = match state.get().name() {
        _ if !pages.pages.is_empty() => String::new(),
        None => String::new(),
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
