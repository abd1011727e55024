//! The Trends scene: is the customer's voice being heard? The last twelve
//! ISO weeks as stacked bars of notes by kind, in the kind colours and with
//! each kind's shape and count on its part of the bar (colour-blind safe),
//! and under each week how many notes reached Done or Declined and the
//! median days it took. A sentence at the top says it as a person would.
//! Laid out by `core::trends::chart`; drawn with sprites, meshes and text.

use bevy::prelude::*;
use bevy::sprite::Anchor;

use crate::core::i18n::Language;
use crate::core::layout::Rect;
use crate::core::metrics::{Measure, Weight};
use crate::core::trends::{self, Chart, KINDS, TopicTrend, Trends};
use crate::wall::cards::assets::{self, CardAssets};
use crate::wall::fonts::WallFonts;
use crate::wall::scenes::Scene;
use crate::wall::scenes::inputs::SceneInputs;
use crate::wall::shared::{ActiveLanguage, Motion, ScenePages, WallArea};
use crate::wall::theme::INK;
use crate::wall::trends::TrendHistory;
use crate::wall::widget::label;

/// Part of the chart, rebuilt when anything it shows changes.
#[derive(Component)]
struct TrendPart;

const Z: f32 = 2.0;
const LIGHT: Color = crate::wall::theme::LIGHT;
const QUIET: Color = crate::wall::theme::QUIET;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(Update, draw.in_set(ScenePages::Trends).run_if(in_state(Scene::Trends)));
}

fn draw(
    active: Res<ActiveLanguage>,
    mut commands: Commands,
    inputs: SceneInputs,
    history: Res<TrendHistory>,
    fonts: Option<Res<WallFonts>>,
    assets: Option<Res<CardAssets>>,
    parts: Query<Entity, With<TrendPart>>,
    mut motion: ResMut<Motion>,
    mut last_minute: Local<i64>,
) {
    let Some((area, now)) = inputs.due(&mut last_minute, history.is_changed()) else {
        return;
    };
    let (Some(fonts), Some(assets)) = (fonts, assets) else {
        return; // Headless: nothing is drawn.
    };
    for entity in &parts {
        commands.entity(entity).despawn();
    }
    let config: &crate::config::Config = &inputs.config;
    // One team's panel (`trends: (team: "marketing")`), by the team's key.
    let team = config.trends.team.as_deref().and_then(crate::core::model::Team::parse);
    let weeks = history.trends.last_weeks(inputs.config.zone(), now, team.as_ref().map(|team| team.key()));
    let counted = Trends::weeks_with_data(&weeks);
    if counted == 0 {
        return; // The empty line says why.
    }
    motion.active = true;
    let px = area.text_px;
    // With topics counted, the last four weeks' topics take a column at
    // the right: the one that grew most said in words, then each topic
    // with its counts per week.
    let topics: Vec<TopicTrend> = Trends::topic_trends(&weeks, TOPIC_WEEKS)
        .into_iter()
        .filter(|topic| topic.per_week.iter().any(|n| *n > 0))
        .collect();
    let notes = area.notes;
    let (chart_area, panel) = if topics.is_empty() {
        (notes, None)
    } else {
        let panel_w = (notes.w * 0.3).max(px * 14.0).min(notes.w * 0.45);
        let gap = px * 1.5;
        let chart_area = Rect::new(notes.x, notes.y, notes.w - panel_w - gap, notes.h);
        (chart_area, Some(Rect::new(notes.x + notes.w - panel_w, notes.y, panel_w, notes.h)))
    };
    let chart = trends::chart(&weeks, chart_area, px);
    let mut painter = Painter { commands: &mut commands, fonts: &fonts, area: &area, px };
    let mut sentence = trends::sentence(&weeks, active.0);
    if counted < trends::SHOWN_WEEKS {
        sentence.push_str(&active.0.weeks_counted(counted));
    }
    // One team's panel says whose it is.
    if let Some(team) = &team {
        sentence = format!("{} · {sentence}", active.0.team(team));
    }
    painter.text(
        sentence,
        Vec2::new(area.notes.x, chart.sentence_y),
        (px * 1.6).round(),
        true,
        LIGHT,
        Anchor::TOP_LEFT,
    );
    painter.legend(&chart, chart_area, (config, active.0), &assets, &*inputs.measure.0);
    painter.bars(&chart, config, &assets);
    if let Some(panel) = panel {
        painter.topics(&topics, panel, active.0);
    }
}

/// The weeks the topics column looks back over.
const TOPIC_WEEKS: usize = 4;

/// Draws in screen pixels (origin top-left, y down).
struct Painter<'a, 'w, 's> {
    commands: &'a mut Commands<'w, 's>,
    fonts: &'a WallFonts,
    area: &'a WallArea,
    px: f32,
}

impl Painter<'_, '_, '_> {
    fn text(&mut self, value: String, at: Vec2, size: f32, bold: bool, color: Color, anchor: Anchor) {
        let font = if bold { &self.fonts.bold } else { &self.fonts.regular };
        let at = self.area.to_world(at.x, at.y).extend(Z + 0.2);
        self.commands.spawn((
            TrendPart,
            DespawnOnExit(Scene::Trends),
            label(value, font, size).color(color).anchor(anchor).at(at),
        ));
    }

    /// A kind's shape on a patch of its colour, centred at `at`.
    fn mark(&mut self, kind: crate::core::model::NoteKind, at: Vec2, size: f32, paper: Color, assets: &CardAssets) {
        let at = self.area.to_world(at.x, at.y).extend(Z + 0.3);
        let (shape, glyph) = assets::kind_mark(kind, at, size, paper, assets, self.fonts);
        self.commands.spawn((TrendPart, DespawnOnExit(Scene::Trends), shape));
        if let Some(glyph) = glyph {
            self.commands.spawn((TrendPart, DespawnOnExit(Scene::Trends), glyph));
        }
    }

    fn rect(&mut self, color: Color, rect: crate::core::layout::Rect) {
        let center = self.area.to_world(rect.x + rect.w / 2.0, rect.y + rect.h / 2.0).extend(Z);
        self.commands.spawn((
            TrendPart,
            DespawnOnExit(Scene::Trends),
            Sprite::from_color(color, Vec2::new(rect.w, rect.h)),
            Transform::from_translation(center),
        ));
    }

    /// The topics column: its heading, the topic that grew most in words,
    /// then as many topics as fit, each with its counts per week (oldest
    /// first).
    fn topics(&mut self, topics: &[TopicTrend], panel: Rect, language: crate::core::i18n::Language) {
        let px = self.px;
        let mut y = panel.y + px * 0.4;
        self.wrapped(language.topics_heading().to_string(), Vec2::new(panel.x, y), px, false, QUIET, panel.w);
        y += px * 2.0;
        if let Some(top) = topics.first() {
            let said = language.topic_change(&top.name, top.now(), top.then());
            self.wrapped(said, Vec2::new(panel.x, y), (px * 1.3).round(), true, LIGHT, panel.w);
            y += px * 4.6;
        }
        let row_h = px * 2.9;
        for topic in topics {
            if y + row_h > panel.y + panel.h {
                break;
            }
            self.wrapped(topic.name.clone(), Vec2::new(panel.x, y), px, true, LIGHT, panel.w);
            let counts: Vec<String> = topic.per_week.iter().map(u32::to_string).collect();
            let trend = if topic.growth() > 0 {
                "  ↑"
            } else if topic.growth() < 0 {
                "  ↓"
            } else {
                ""
            };
            let line = format!("{}{trend}", counts.join("  ·  "));
            self.wrapped(line, Vec2::new(panel.x, y + px * 1.3), px, false, QUIET, panel.w);
            y += row_h;
        }
    }

    /// A text wrapped at `width`, its top-left at `at`.
    fn wrapped(&mut self, value: String, at: Vec2, size: f32, bold: bool, color: Color, width: f32) {
        let font = if bold { &self.fonts.bold } else { &self.fonts.regular };
        let at = self.area.to_world(at.x, at.y).extend(Z + 0.2);
        self.commands.spawn((
            TrendPart,
            DespawnOnExit(Scene::Trends),
            label(value, font, size).color(color).wrap(width).anchor(Anchor::TOP_LEFT).at(at),
        ));
    }

    /// Each kind: a swatch with its shape, and its word; then what the
    /// lines under the bars mean.
    fn legend(
        &mut self,
        chart: &Chart,
        area: Rect,
        (config, language): (&crate::config::Config, Language),
        assets: &CardAssets,
        measure: &dyn Measure,
    ) {
        let px = self.px;
        let mut x = area.x;
        let y = chart.legend_y;
        for kind in KINDS {
            let paper = assets::color(config.colors.of(kind));
            let swatch = crate::core::layout::Rect::new(x, y, px * 1.6, px * 1.6);
            self.rect(paper, swatch);
            self.mark(kind, Vec2::new(x + px * 0.8, y + px * 0.8), px * 1.0, paper, assets);
            let word = language.kind(kind).to_string();
            let width = measure.width_em(&word, Weight::Regular);
            self.text(word, Vec2::new(x + px * 2.1, y + px * 0.8), px, false, LIGHT, Anchor::CENTER_LEFT);
            x += px * 3.2 + width * px;
        }
        let key = language.trends_key();
        // Beside the kinds where it fits, else on a line of its own.
        let width = measure.width_em(key, Weight::Regular) * px;
        let at = if x + px + width <= area.x + area.w {
            Vec2::new(x + px, y + px * 0.8)
        } else {
            Vec2::new(area.x, y + px * 2.8)
        };
        self.text(key.to_string(), at, px, false, QUIET, Anchor::CENTER_LEFT);
    }

    /// The bars, their kinds' shapes and counts, the totals, and the three
    /// lines under each week.
    fn bars(&mut self, chart: &Chart, config: &crate::config::Config, assets: &CardAssets) {
        let px = self.px;
        for bar in &chart.bars {
            for segment in &bar.segments {
                let paper = assets::color(config.colors.of(segment.kind));
                self.rect(paper, segment.rect);
                // The shape and count on the segment, where there is room:
                // the kind reads without its colour.
                // A thin segment keeps at least its shape.
                let (h, mid) = (segment.rect.h, segment.rect.y + segment.rect.h / 2.0);
                if h >= px * 0.6 && segment.rect.w >= px * 3.0 {
                    let size = (px * 0.75).min(h * 0.8);
                    self.mark(segment.kind, Vec2::new(segment.rect.x + px * 0.9, mid), size, paper, assets);
                }
                if h >= px * 1.05 && segment.rect.w >= px * 3.0 {
                    let at = Vec2::new(segment.rect.x + px * 1.7, mid);
                    self.text(segment.count.to_string(), at, px, true, INK, Anchor::CENTER_LEFT);
                }
            }
            if bar.total > 0 {
                let at = Vec2::new(bar.center_x, bar.top - px * 0.3);
                self.text(bar.total.to_string(), at, px, true, LIGHT, Anchor::BOTTOM_CENTER);
            }
            let lines = [
                (bar.label.clone(), true, LIGHT),
                (format!("✓ {}  ✗ {}", bar.done, bar.declined), false, LIGHT),
                (bar.median_days.map_or("—".to_string(), |days| format!("{days} d")), false, QUIET),
            ];
            for (i, (text, bold, color)) in lines.into_iter().enumerate() {
                let at = Vec2::new(bar.center_x, chart.baseline + px * (0.5 + 1.7 * i as f32));
                self.text(text, at, px, bold, color, Anchor::TOP_CENTER);
            }
        }
    }
}
