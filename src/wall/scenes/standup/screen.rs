//! The stand-up screen: one note large on its paper, the decisions and the
//! way on below it, a timer per note; at the end the summary of decisions.
//! Rebuilt on every change (a press, a decision): it is a few dozen
//! entities, and it changes only on a touch.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::Justify;

use crate::core::i18n::Language;
use crate::core::metrics::Weight;
use crate::core::model::Note;
use crate::core::wall_model::WallModel;

use crate::wall::cards::assets::{self, CardAssets};
use crate::wall::cards::{TextMeasure, Tone};
use crate::wall::fonts::WallFonts;
use crate::wall::model::Wall;
use crate::wall::scenes::standup::{Control, DECISIONS, StandUp, on_control};
use crate::wall::scenes::{Scene, WallClock};
use crate::wall::shared::{ActiveLanguage, Motion, Wakeups, WallArea, WallConfig, WallTime};
use crate::wall::theme::INK;
use crate::wall::widget::{button, button_label, label, set_text};

/// Lines of "done since the last stand-up" on the summary screen.
const DONE_LINES: usize = 5;

/// Every entity of the stand-up screen, despawned on each redraw.
#[derive(Component)]
pub(crate) struct StandUpPart;
/// The countdown of the note on screen.
#[derive(Component)]
pub(super) struct ItemTimer;

/// Writing on the dark stand-up screen.
pub(super) const LIGHT: Color = crate::wall::theme::LIGHT;
/// The countdown once the note's time is up.
const OVERTIME: Color = crate::wall::theme::OVERTIME;
pub(super) const QUIET_TEXT: Color = crate::wall::theme::QUIET;
pub(super) const PLAIN_BUTTON: Color = crate::wall::theme::PLAIN_BUTTON;
pub(super) const BACK_BUTTON: Color = crate::wall::theme::BACK_BUTTON;
pub(super) const ON_BUTTON: Color = crate::wall::theme::YES_BUTTON;
/// The screen's layer: above the wall, below the PIN pad.
pub(super) const Z: f32 = 2.0;

/// The stand-up screen, rebuilt on every change (a press, a decision).
pub(super) fn draw_standup(
    active: Res<ActiveLanguage>,
    mut commands: Commands,
    state: Res<State<Scene>>,
    standup: Res<StandUp>,
    wall: Res<Wall>,
    area: Option<Res<WallArea>>,
    fonts: Option<Res<WallFonts>>,
    assets: Option<Res<CardAssets>>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    measure: Res<TextMeasure>,
    parts: Query<Entity, With<StandUpPart>>,
    mut motion: ResMut<Motion>,
    mut images: Option<ResMut<Assets<Image>>>,
) {
    if *state.get() != Scene::StandUp
        || (!standup.is_changed() && !state.is_changed() && !area.as_ref().is_some_and(|a| a.is_changed()))
    {
        return;
    }
    for entity in &parts {
        commands.entity(entity).despawn();
    }
    let (Some(area), Some(fonts)) = (area, fonts) else {
        return;
    };
    motion.active = true;
    let cfg: &crate::config::Config = &config;
    let mut painter =
        Painter { commands: &mut commands, fonts: &fonts, area: &area, px: area.text_px, language: active.0 };
    if standup.summary {
        let qr_side = images.as_deref_mut().map_or(0.0, |images| painter.minutes_qr(images, &standup.minutes_qr));
        painter.summary(&standup, &wall, &*measure.0, qr_side);
        return;
    }
    if let Some(story) = standup.story_on_screen() {
        let papers = |note: &Note| assets::color(cfg.colors.of(note.kind));
        painter.story(&standup, story, &wall, papers, &*measure.0);
        return;
    }
    let Some((id, votes)) = standup.items.get(standup.index) else {
        return;
    };
    let Some(note) = wall.note(id) else {
        return;
    };
    painter.item_line(&standup);
    let paper = assets::color(cfg.colors.of(note.kind));
    painter.note_card(note, *votes, paper, assets.as_deref(), clock.now());
    painter.controls(&standup, standup.decisions.get(id).copied());
}

/// Draws the parts of the stand-up screen, in screen pixels (origin
/// top-left, y down) inside the notes' area.
pub(super) struct Painter<'a, 'w, 's> {
    pub(super) commands: &'a mut Commands<'w, 's>,
    pub(super) fonts: &'a WallFonts,
    pub(super) area: &'a WallArea,
    pub(super) px: f32,
    pub(super) language: Language,
}

impl Painter<'_, '_, '_> {
    /// A text whose lines wrap at `width`, anchored at `at`.
    pub(super) fn text(
        &mut self,
        value: String,
        at: Vec2,
        size: f32,
        bold: bool,
        color: Color,
        width: f32,
        anchor: Anchor,
    ) {
        let font = if bold { &self.fonts.bold } else { &self.fonts.regular };
        let at = self.area.to_world(at.x, at.y).extend(Z + 0.2);
        self.commands.spawn((
            StandUpPart,
            label(value, font, size).color(color).wrap(width).anchor(anchor).at(at),
            DespawnOnExit(Scene::StandUp),
        ));
    }

    /// A button that applies `control` when pressed.
    pub(super) fn button(&mut self, control: Control, text: &str, at: Vec2, size: Vec2, color: Color) {
        let at = self.area.to_world(at.x, at.y).extend(Z + 0.1);
        self.commands
            .spawn((StandUpPart, control, button(color, size, at), DespawnOnExit(Scene::StandUp)))
            .observe(on_control)
            .with_child(button_label(text, &self.fonts.bold, (self.px * 1.1).round()));
    }

    /// The end: each note's decision on one line, where the minutes went,
    /// and the way back to the wall.
    fn summary(&mut self, standup: &StandUp, wall: &WallModel, measure: &dyn crate::core::metrics::Measure, qr: f32) {
        let (px, mut area) = (self.px, self.area.notes);
        // The QR code of the minutes takes the right of the screen.
        area.w -= if qr > 0.0 { qr + 2.0 * px } else { 0.0 };
        let title = self.language.decisions().to_string();
        self.text(
            title,
            Vec2::new(area.x + px, area.y + px),
            (px * 1.6).round(),
            true,
            LIGHT,
            area.w,
            Anchor::TOP_LEFT,
        );
        let mut y = area.y + px * 4.0;
        for (id, votes) in &standup.items {
            let Some(note) = wall.note(id) else {
                continue;
            };
            let decision = standup.decisions.get(id).map_or("—", |s| self.language.status(*s));
            let size = (px * 1.1).round();
            let head = format!("{decision}   ·   {votes} ▲   ·   ");
            let head_w = measure.width_em(&head, Weight::Regular) * size;
            // One line per note: the whole text is in the minutes.
            let (body, _) =
                crate::core::wrap::truncate_to_lines(&note.text, area.w - 3.0 * px - head_w, size, 1, measure);
            let line = format!("{head}{body}");
            self.text(line, Vec2::new(area.x + px, y), size, false, LIGHT, area.w - 2.0 * px, Anchor::TOP_LEFT);
            y += px * 2.4;
        }
        y = self.done_since(standup, y, measure);
        let saved = match &standup.saved {
            Some(Ok(path)) => self.language.minutes_saved(Some(path)),
            _ => self.language.minutes_saved(None),
        };
        self.text(saved, Vec2::new(area.x + px, y + px), px, false, QUIET_TEXT, area.w, Anchor::TOP_LEFT);
        let size = Vec2::new(px * 10.0, px * 2.6);
        let at = Vec2::new(area.x + area.w - size.x / 2.0 - px, area.y + area.h - size.y / 2.0);
        self.button(Control::Close, self.language.standup_nav()[3], at, size, PLAIN_BUTTON);
        let wide = Vec2::new(px * 13.0, size.y);
        let at = Vec2::new(at.x - size.x / 2.0 - px - wide.x / 2.0, at.y);
        self.button(Control::Arrange, self.language.arrange_stacks(), at, wide, BACK_BUTTON);
    }

    /// The minutes as a QR code at the top right, for a phone to scan, with
    /// a line under it; returns the side it takes (0 when there is none).
    pub(super) fn minutes_qr(&mut self, images: &mut Assets<Image>, text: &str) -> f32 {
        let (px, area) = (self.px, self.area.notes);
        if text.is_empty() {
            return 0.0;
        }
        let side = (area.h * 0.6).min(area.w * 0.34).min(600.0).floor();
        let top_left = Vec2::new(area.x + area.w - side - px, area.y + px);
        let Some((code, drawn)) = crate::wall::widget::qr_code(images, text, side, top_left, self.area, Z + 0.2) else {
            return 0.0;
        };
        self.commands.spawn((StandUpPart, code, DespawnOnExit(Scene::StandUp)));
        let caption = self.language.minutes_qr().to_string();
        let at = Vec2::new(top_left.x + side / 2.0, top_left.y + drawn + px);
        self.text(caption, at, px, false, LIGHT, side, Anchor::TOP_CENTER);
        side
    }

    /// What became Done since the last stand-up, a line each (at most
    /// [`DONE_LINES`]; the minutes have them all), from `y`; returns where
    /// the next line goes.
    fn done_since(&mut self, standup: &StandUp, mut y: f32, measure: &dyn crate::core::metrics::Measure) -> f32 {
        if standup.done_since.is_empty() {
            return y;
        }
        let (px, area) = (self.px, self.area.notes);
        let size = (px * 1.1).round();
        y += px;
        let heading = format!("{}: {}", self.language.done_since_last_standup(), standup.done_since.len());
        self.text(heading, Vec2::new(area.x + px, y), size, true, LIGHT, area.w, Anchor::TOP_LEFT);
        y += px * 2.2;
        for done in standup.done_since.iter().take(DONE_LINES) {
            let (line, _) =
                crate::core::wrap::truncate_to_lines(&format!("✓  {}", done.text), area.w - 3.0 * px, size, 1, measure);
            self.text(line, Vec2::new(area.x + px, y), size, false, LIGHT, area.w - 2.0 * px, Anchor::TOP_LEFT);
            y += px * 2.0;
        }
        y
    }

    /// The line above the card: which item, and the timer (its own entity,
    /// written by [`tick_timer`]).
    fn item_line(&mut self, standup: &StandUp) {
        let (px, area) = (self.px, self.area.notes);
        let which = self.language.item_of(standup.index + 1, standup.items.len());
        let at = Vec2::new(area.x + px, area.y + px * 1.2);
        self.text(which, at, (px * 1.3).round(), true, LIGHT, area.w / 2.0, Anchor::CENTER_LEFT);
        let timer_at = self.area.to_world(area.x + area.w - px, area.y + px * 1.2).extend(Z + 0.2);
        self.commands.spawn((
            StandUpPart,
            ItemTimer,
            label("", &self.fonts.bold, (px * 1.6).round())
                .color(LIGHT)
                .one_line(Justify::Right)
                .anchor(Anchor::CENTER_RIGHT)
                .at(timer_at),
            DespawnOnExit(Scene::StandUp),
        ));
    }

    /// The note, large, on its own paper: kind, votes and team on top, the
    /// whole text, who noted it and when.
    fn note_card(
        &mut self,
        note: &Note,
        votes: u32,
        paper: Color,
        assets: Option<&CardAssets>,
        now: chrono::DateTime<chrono::Utc>,
    ) {
        let (px, area) = (self.px, self.area.notes);
        let card_top = area.y + px * 3.0;
        let card_h = area.h - px * 3.0 - px * 7.5;
        let center = self.area.to_world(area.x + area.w / 2.0, card_top + card_h / 2.0);
        self.commands.spawn((
            StandUpPart,
            Sprite::from_color(paper, Vec2::new(area.w, card_h)),
            Transform::from_translation(center.extend(Z)),
            DespawnOnExit(Scene::StandUp),
        ));
        let mut header = format!("{}  ·  {votes} ▲", self.language.kind(note.kind));
        if let Some(team) = &note.team {
            header = format!("{}  ·  {}", header, self.language.team(team));
        }
        // The kind's shape before its word, as on the note on the wall.
        let mut header_x = area.x + 2.0 * px;
        let header_px = (px * 1.2).round();
        if let Some(assets) = assets {
            let icon = header_px * crate::core::layout::ICON_EM;
            let at = self.area.to_world(area.x + 2.0 * px + icon / 2.0, card_top + 1.5 * px + header_px * 0.62);
            let (shape, glyph) = assets::kind_mark(note.kind, at.extend(Z + 0.1), icon, paper, assets, self.fonts);
            self.commands.spawn((StandUpPart, DespawnOnExit(Scene::StandUp), shape));
            if let Some(glyph) = glyph {
                self.commands.spawn((StandUpPart, DespawnOnExit(Scene::StandUp), glyph));
            }
            header_x += icon + header_px * 0.4;
        }
        let inner = area.w - 4.0 * px;
        let left = area.x + 2.0 * px;
        self.text(header, Vec2::new(header_x, card_top + 1.5 * px), header_px, true, INK, inner, Anchor::TOP_LEFT);
        let text = note.text.clone();
        self.text(text, Vec2::new(left, card_top + 4.0 * px), (px * 2.2).round(), false, INK, inner, Anchor::TOP_LEFT);
        let noted = self.language.noted(note.noted_by.as_deref(), &self.language.age(note.created_at, now));
        let at = Vec2::new(left, card_top + card_h - 1.5 * px);
        self.text(noted, at, px, false, INK.with_alpha(0.75), inner, Anchor::BOTTOM_LEFT);
    }

    /// The decisions in a row (the chosen one in its stamp's ink), then
    /// back and on.
    fn controls(&mut self, standup: &StandUp, chosen: Option<crate::core::model::Status>) {
        let (px, area) = (self.px, self.area.notes);
        let row_y = area.y + area.h - px * 5.5;
        let gap = px;
        let buttons = DECISIONS.len() as f32 + 2.0;
        let width = (area.w - gap * (buttons - 1.0)) / buttons;
        let size = Vec2::new(width, px * 3.2);
        for (i, status) in DECISIONS.iter().enumerate() {
            let color = if chosen == Some(*status) { assets::tone_color(Tone::of(*status)) } else { PLAIN_BUTTON };
            let text = format!("{}  {}", i + 1, self.language.status(*status));
            let x = area.x + width / 2.0 + i as f32 * (width + gap);
            self.button(Control::Decide(*status), &text, Vec2::new(x, row_y), size, color);
        }
        let nav = self.language.standup_nav();
        let x_prev = area.x + width / 2.0 + 5.0 * (width + gap);
        self.button(Control::Previous, nav[0], Vec2::new(x_prev, row_y), size, BACK_BUTTON);
        let last = standup.index + 1 == standup.items.len();
        let next = if last { nav[2] } else { nav[1] };
        self.button(Control::Next, next, Vec2::new(x_prev + width + gap, row_y), size, ON_BUTTON);
    }
}

/// The timer: written once a second, red when the time is up.
pub(super) fn tick_timer(
    active: Res<ActiveLanguage>,
    state: Res<State<Scene>>,
    standup: Res<StandUp>,
    config: Res<WallConfig>,
    time: WallTime,
    mut timers: Query<(&mut Text2d, &mut TextColor), With<ItemTimer>>,
    mut wakeups: ResMut<Wakeups>,
) {
    if *state.get() != Scene::StandUp || standup.summary {
        return;
    }
    let elapsed = time.now() - standup.item_started;
    let left = f64::from(config.standup.item_seconds) - elapsed;
    let shown = left.ceil() as i64;
    let line = active.0.item_timer(shown);
    let color = if shown >= 0 { LIGHT } else { OVERTIME };
    for (mut text, mut text_color) in &mut timers {
        set_text(&mut text, &line);
        text_color.set_if_neq(TextColor(color));
    }
    // The next whole second.
    wakeups.in_seconds((left - left.floor()).max(0.01) as f32);
}
