//! The bottom row: the page dots, the scenes with the countdown to the
//! next, and the config warning, arranged so none overlaps another.

use bevy::prelude::*;

use crate::core::footer;
use crate::core::metrics::Weight;
use crate::wall::cards::TextMeasure;
use crate::wall::cards::sync::Pager;
use crate::wall::fonts::WallFonts;
use crate::wall::hud::parts::{
    ConfigWarning, Footer, FreshnessBadge, HEADER_TEXT, MAX_SCENE_NAMES, MUTED_TEXT, PageIndicator, SceneIndicator,
};
use crate::wall::scenes::{Scene, SceneRotation};
use crate::wall::shared::{ActiveLanguage, WallArea, WallConfig};
use crate::wall::widget::set_text;

/// The countdown to the next scene counts in these steps, so a still wall
/// draws a frame for it only this often: each frame of a 1080p wall costs
/// ~0.1 s of CPU where the processor renders, and nobody at a distance
/// reads a countdown by the second (it was 15 s). After a touch, the pause
/// counts down in finer steps, as someone is reading at the wall.
pub(super) const ROTATION_STEP_SECONDS: f64 = 30.0;

pub(super) const PAUSED_STEP_SECONDS: f64 = 5.0;

/// How early a countdown step may be shown to share a frame drawn anyway.
const MERGE_SECONDS: f64 = 10.0;

/// The countdown's number now, and the wake-up for its next step. A step
/// due before any other frame and within [`MERGE_SECONDS`] is shown now,
/// on a frame drawn anyway (a page turn), not on one of its own
/// (`wakeups.next` holds the frames asked for so far this frame: the page
/// turn's, the rotation's, the spotlight's).
fn countdown(
    rotation: &crate::core::rotation::Rotation,
    now: f64,
    paused: bool,
    wakeups: &mut crate::wall::shared::Wakeups,
) -> u32 {
    let step = if paused { PAUSED_STEP_SECONDS } else { ROTATION_STEP_SECONDS };
    let countdown = rotation.countdown_merged(now, step, f64::from(wakeups.next), MERGE_SECONDS);
    if let Some(countdown) = countdown {
        // Wake when the shown number changes.
        wakeups.in_seconds(countdown.changes_in.max(0.0) as f32 + 0.01);
    }
    countdown.map_or(0, |countdown| countdown.shown)
}

/// Which scene is on and how long until the next, in steps (above).
pub(super) fn update_scene_indicator(
    active: Res<ActiveLanguage>,
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
    area: Option<Res<WallArea>>,
    mut last: Local<Option<(Scene, usize, u32, bool)>>,
) {
    let (Some(rotation), Some(fonts), Some(area)) = (rotation, fonts, area) else {
        return;
    };
    let now = time.now();
    let slots = rotation.0.slots();
    let paused = rotation.0.is_paused(now);
    let index = rotation.0.index();
    let mut shown = countdown(&rotation.0, now, paused, &mut wakeups);
    // A step shown early stays: within one visit of a scene the countdown
    // never counts back up.
    if let Some((_, last_index, last_shown, last_paused)) = *last
        && (last_index, last_paused) == (index, paused)
        && !config.is_changed()
    {
        shown = shown.min(last_shown);
    }
    let key = (*state.get(), index, shown, paused);
    if *last == Some(key) && !config.is_changed() && !active.is_changed() && !area.is_changed() {
        return;
    }
    *last = Some(key);
    let language = active.0;
    let names = slots.len().min(MAX_SCENE_NAMES);
    let mut texts = indicator_texts(slots, index, language, (shown, paused));
    // Bold for the current name: measure the whole line in bold, a little wide.
    let measured = |texts: &[(String, bool)]| {
        let line: String = texts.iter().map(|(text, _)| text.as_str()).collect();
        measure.0.width_em(&line, Weight::Bold) * area.label_px
    };
    // On a narrow (portrait) screen the row says only which scene is on
    // and when the next comes.
    let mut width = measured(&texts);
    if width > area.screen.x - 2.4 * area.label_px {
        for (i, (text, bright)) in texts.iter_mut().enumerate().take(names) {
            *text = if *bright { language.scene_short(slots[i].scene).to_string() } else { String::new() };
        }
        width = measured(&texts);
    }
    for children in &indicator {
        for (child, (text, bright)) in children.iter().zip(&texts) {
            let Ok((mut span, mut color, mut font)) = spans.get_mut(child) else {
                continue;
            };
            if span.0 != *text {
                span.0 = text.clone();
            }
            color.set_if_neq(TextColor(if *bright { HEADER_TEXT } else { MUTED_TEXT }));
            let face = if *bright { &fonts.bold } else { &fonts.regular };
            let source = bevy::text::FontSource::Handle(face.clone());
            if font.font != source {
                font.font = source;
            }
        }
    }
    if footer.scene_w != width {
        footer.scene_w = width;
    }
}

/// The scene indicator's spans: each scene's short name (the current one
/// bright), then the countdown to the next.
fn indicator_texts(
    slots: &[crate::core::rotation::SceneSlot],
    current: usize,
    language: crate::core::i18n::Language,
    (shown, paused): (u32, bool),
) -> Vec<(String, bool)> {
    let names = slots.len().min(MAX_SCENE_NAMES);
    (0..=MAX_SCENE_NAMES)
        .map(|i| {
            if i < names {
                let separator = if i + 1 < names { "  ·  " } else { "" };
                (format!("{}{separator}", language.scene_short(slots[i].scene)), i == current)
            } else if i == MAX_SCENE_NAMES && slots.len() > 1 {
                (format!("      {}", language.next_scene(shown, paused)), false)
            } else {
                (String::new(), false)
            }
        })
        .collect()
}

/// A small line in the bottom-left corner while an edit of the config file
/// is refused; the log has the whole message. Where there is no room for
/// it, it says only where the error is.
pub(super) fn update_config_warning(
    active: Res<ActiveLanguage>,
    problem: Option<Res<crate::wall::kiosk::reload::ConfigProblem>>,
    config: Res<WallConfig>,
    mut footer: ResMut<Footer>,
) {
    let Some(problem) = problem else {
        return;
    };
    if !problem.is_changed() && !config.is_changed() && !active.is_changed() {
        return;
    }
    let warning = match problem.place() {
        Some(place) => active.0.config_error(&place),
        None => (String::new(), String::new()),
    };
    if footer.warning != warning {
        footer.warning = warning;
    }
}

pub(super) fn update_page_indicator(
    active: Res<ActiveLanguage>,
    pager: Res<Pager>,
    config: Res<WallConfig>,
    mut footer: ResMut<Footer>,
) {
    if !pager.is_changed() && !config.is_changed() && !active.is_changed() {
        return;
    }
    let page = if pager.pages > 1 {
        let dots: String =
            (0..pager.pages).map(|i| if i == pager.page { "●" } else { "○" }).collect::<Vec<_>>().join(" ");
        let full = format!("{}   {dots}", active.0.page(pager.page + 1, pager.pages));
        (full, format!("{} / {}", pager.page + 1, pager.pages))
    } else {
        (String::new(), String::new())
    };
    if footer.page != page {
        footer.page = page;
    }
}

/// Places the bottom row's parts so that none overlaps another, at every
/// screen size and in both languages (`core::footer`).
pub(super) fn arrange_footer(
    footer: Res<Footer>,
    area: Option<Res<WallArea>>,
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
    let px = area.label_px;
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
