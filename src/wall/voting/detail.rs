//! Reading and voting by touch: a tap on a note opens its detail view (the
//! whole text, who noted it and when, its status and votes, and a large
//! "Vote as priority" button). A vote is written to the journal and fsynced
//! before the "+1" shows; the fair-voting rules say why when a vote is not
//! taken. Tapping outside the view, or leaving it alone, closes it.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::{Justify, LineBreak};
use chrono::{DateTime, Utc};

use crate::core::i18n::Language;
use crate::core::model::{Note, NoteRef};
use crate::core::votes::Count;
use crate::wall::cards::NoteCard;

use crate::wall::cards::assets::{self, CardAssets};
use crate::wall::fonts::WallFonts;
use crate::wall::model::Wall;
use crate::wall::scenes::{Scene, WallClock};
use crate::wall::shared::{Motion, Wakeups, WallArea, WallConfig, WallTime};
use crate::wall::theme::INK;
use crate::wall::voting::book::{VoteBook, VoteRefused};
use crate::wall::widget::{self, label};

/// How long the "+1" stays up.
const THANKS_SECONDS: f64 = 2.5;

/// The open detail view.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct Detail {
    /// The note, by its source and id: a reload that moves the sources
    /// does not change which note is open. `None` when closed.
    pub note: Option<NoteRef>,
    pub last_touch: f64,
    /// A line under the button: why a vote was not taken.
    pub message: String,
    /// When the last vote was safely stored, for the "+1".
    pub thanked_at: Option<f64>,
}

#[derive(Component)]
struct DetailPart;
/// The "Vote as priority" button.
#[derive(Component)]
pub struct VoteButton;
#[derive(Component)]
struct DetailVeil;

pub fn plugin(app: &mut App) {
    app.init_resource::<Detail>()
        .add_systems(Update, (make_cards_tappable, close_detail_when_idle, draw_detail).chain());
}

/// Every note card can be tapped; the tap lands on its paper and bubbles up.
fn make_cards_tappable(mut commands: Commands, cards: Query<Entity, Added<NoteCard>>) {
    for entity in &cards {
        commands.entity(entity).observe(open_detail);
    }
}

fn open_detail(
    click: On<Pointer<Click>>,
    cards: Query<&NoteCard>,
    wall: Res<Wall>,
    time: WallTime,
    mut detail: ResMut<Detail>,
    book: Option<ResMut<VoteBook>>,
) {
    let Ok(card) = cards.get(click.entity) else {
        return;
    };
    let id = crate::wall::cards::note_id(&card.id).to_string();
    // Commitments and compliments have nothing to vote on; feedback does.
    let is_note = wall.snapshot().is_some_and(|s| s.notes.iter().any(|n| n.id == id));
    if !is_note || detail.note.is_some() {
        return;
    }
    let now = time.now();
    if let Some(mut book) = book {
        book.touch(now);
    }
    info!("note {id} opened");
    *detail = Detail { note: Some(wall.note_ref(&id)), last_touch: now, message: String::new(), thanked_at: None };
}

/// Casts a vote for the open note: the rules first, then the journal; the
/// "+1" only once the record is on disk.
pub fn cast_vote(
    detail: &mut Detail,
    book: &mut VoteBook,
    config: &WallConfig,
    now: f64,
    at: chrono::DateTime<chrono::Utc>,
) {
    let Some(note) = detail.note.clone() else {
        return;
    };
    let language = config.language;
    detail.last_touch = now;
    let week = config.0.zone().iso_week(at);
    match book.cast(note, week, now, at) {
        Ok(()) => {
            detail.message.clear();
            detail.thanked_at = Some(now);
        }
        Err(VoteRefused::Blocked(blocked)) => {
            detail.message = language.vote_blocked(blocked);
            detail.thanked_at = None;
        }
        Err(VoteRefused::NotStored) => detail.message = language.vote_failed().to_string(),
    }
}

fn on_vote_click(
    _click: On<Pointer<Click>>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    time: WallTime,
    mut detail: ResMut<Detail>,
    book: Option<ResMut<VoteBook>>,
) {
    let Some(mut book) = book else {
        return;
    };
    cast_vote(&mut detail, &mut book, &config, time.now(), clock.now());
}

fn on_veil_click(_click: On<Pointer<Click>>, mut detail: ResMut<Detail>) {
    *detail = Detail::default();
}

fn close_detail_when_idle(
    time: WallTime,
    config: Res<WallConfig>,
    state: Res<State<Scene>>,
    mut detail: ResMut<Detail>,
    mut wakeups: ResMut<Wakeups>,
) {
    if detail.note.is_none() {
        return;
    }
    if state.is_changed() {
        *detail = Detail::default();
        return;
    }
    let now = time.now();
    let limit = f64::from(config.voting.detail_seconds);
    let idle = now - detail.last_touch;
    if idle >= limit {
        *detail = Detail::default();
        return;
    }
    wakeups.in_seconds((limit - idle) as f32);
    if let Some(at) = detail.thanked_at {
        if now - at >= THANKS_SECONDS {
            detail.thanked_at = None;
        } else {
            wakeups.in_seconds((at + THANKS_SECONDS - now) as f32);
        }
    }
}

/// The detail view: rebuilt whenever it changes (it is a handful of
/// entities, and it changes only on a touch).
fn draw_detail(
    mut commands: Commands,
    detail: Res<Detail>,
    wall: Res<Wall>,
    area: Option<Res<WallArea>>,
    fonts: Option<Res<WallFonts>>,
    assets: Option<Res<CardAssets>>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    images: Option<ResMut<Assets<Image>>>,
    parts: Query<Entity, With<DetailPart>>,
    mut motion: ResMut<Motion>,
    mut counted: Local<Option<(Count, u32)>>,
) {
    // Redrawn on a touch, or when the open note's votes change.
    let counts = detail
        .note
        .as_ref()
        .and_then(|note| wall.note(note))
        .map(|note| (wall.local_votes(note), wall.shown_votes(note)));
    if !detail.is_changed() && *counted == counts {
        return;
    }
    *counted = counts;
    let was_open = !parts.is_empty();
    for entity in &parts {
        commands.entity(entity).despawn();
    }
    let Some(note) = &detail.note else {
        // Draw the frame without the view, if there was one.
        motion.active |= was_open;
        return;
    };
    let (Some(area), Some(fonts)) = (area, fonts) else {
        return;
    };
    let Some(note) = wall.note(note) else {
        return;
    };
    motion.active = true;
    let cfg = config.config();
    let view = View::new(cfg.min_text_px, &area, assets::color(cfg.colors.of(note.kind)));
    view.spawn_paper(&mut commands, &area);
    view.spawn_note(&mut commands, &fonts, assets.as_deref(), note, cfg.language, clock.now());
    let local = wall.local_votes(note);
    let counts = cfg.language.vote_counts(local.this_week, wall.shown_votes(note).max(local.total));
    // The note's own page at its source: phones vote and follow it there.
    let code = note.url.as_deref().zip(images).and_then(|(url, mut images)| {
        view.spawn_code(&mut commands, &mut images, &fonts, url, cfg.language.follow_on_phone(), &area)
    });
    view.spawn_vote(&mut commands, &fonts, cfg.language, counts, &detail, code.unwrap_or(0.0));
}

/// The view's measures: a panel of paper in the middle of the screen.
struct View {
    px: f32,
    paper: Color,
    panel: Vec2,
    center: Vec2,
    pad: f32,
    left: f32,
    top: f32,
    inner: f32,
}

/// The view's layer: above the wall and the stand-up, below the PIN pad.
const Z: f32 = 8.0;

impl View {
    fn new(px: f32, area: &WallArea, paper: Color) -> View {
        let panel =
            Vec2::new((area.screen.x * 0.62).min(px * 48.0).max(px * 20.0), (area.screen.y * 0.78).min(px * 40.0));
        let center = area.to_world(area.screen.x / 2.0, area.screen.y / 2.0);
        let pad = px * 1.4;
        let left = center.x - panel.x / 2.0 + pad;
        let top = center.y + panel.y / 2.0 - pad;
        View { px, paper, panel, center, pad, left, top, inner: panel.x - 2.0 * pad }
    }

    /// The veil that closes the view when tapped, and the paper.
    fn spawn_paper(&self, commands: &mut Commands, area: &WallArea) {
        commands
            .spawn((
                DetailPart,
                DetailVeil,
                Pickable::default(),
                Sprite::from_color(Color::srgba(0.0, 0.0, 0.0, 0.7), area.screen * 2.0),
                Transform::from_translation(self.center.extend(Z)),
            ))
            .observe(on_veil_click);
        commands.spawn((
            DetailPart,
            Pickable::default(),
            Sprite::from_color(self.paper, self.panel),
            Transform::from_translation(self.center.extend(Z + 0.1)),
        ));
    }

    /// A left-aligned text under the last, wrapped at the panel's width.
    fn line(&self, commands: &mut Commands, text: String, font: &Handle<Font>, size: f32, color: Color, y: f32) {
        let at = Vec3::new(self.left, y, Z + 0.2);
        commands
            .spawn((DetailPart, label(text, font, size).color(color).wrap(self.inner).anchor(Anchor::TOP_LEFT).at(at)));
    }

    /// The kind's shape and word, team and status; who noted it and when;
    /// the whole text.
    fn spawn_note(
        &self,
        commands: &mut Commands,
        fonts: &WallFonts,
        assets: Option<&CardAssets>,
        note: &Note,
        language: Language,
        now: DateTime<Utc>,
    ) {
        let px = self.px;
        let mut header = language.kind(note.kind).to_string();
        if let Some(team) = &note.team {
            header.push_str(&format!("  ·  {}", language.team(team)));
        }
        header.push_str(&format!("  ·  {}", language.status(note.status)));
        let noted = language.noted(note.noted_by.as_deref(), &language.age(note.created_at, now));
        let mut y = self.top;
        // The kind's shape before its word, as on the note itself.
        if let Some(assets) = assets {
            let icon = px * crate::core::layout::ICON_EM;
            let at = Vec3::new(self.left + icon / 2.0, y - px * 0.6, Z + 0.2);
            let (shape, glyph) = assets::kind_mark(note.kind, at, icon, self.paper, assets, fonts);
            commands.spawn((DetailPart, shape));
            if let Some(glyph) = glyph {
                commands.spawn((DetailPart, glyph));
            }
            header = format!("{}{header}", " ".repeat(6));
        }
        self.line(commands, header, &fonts.bold, px, INK, y);
        y -= px * 1.8;
        self.line(commands, noted, &fonts.regular, px, INK.with_alpha(0.8), y);
        y -= px * 2.2;
        self.line(commands, note.text.clone(), &fonts.regular, (px * 1.5).round(), INK, y);
    }

    /// A QR code of the note's page in the bottom-right corner of the
    /// panel, with `caption` above it; returns the width it takes.
    fn spawn_code(
        &self,
        commands: &mut Commands,
        images: &mut Assets<Image>,
        fonts: &WallFonts,
        url: &str,
        caption: &str,
        area: &WallArea,
    ) -> Option<f32> {
        let px = self.px;
        let side = (px * 7.0).max(132.0).round();
        let right = (area.screen.x + self.panel.x) / 2.0 - self.pad;
        let bottom = (area.screen.y + self.panel.y) / 2.0 - self.pad;
        let top_left = Vec2::new((right - side).round(), (bottom - side).round());
        let (code, _) = widget::qr_code(images, url, side, top_left, area, Z + 0.2)?;
        commands.spawn((DetailPart, code));
        let at = area.to_world(top_left.x, top_left.y - px * 0.3).extend(Z + 0.2);
        let line = label(caption, &fonts.regular, px).color(INK).wrap(side).anchor(Anchor::BOTTOM_LEFT);
        commands.spawn((DetailPart, line.at(at)));
        Some(side + px)
    }

    /// The counts, the button, and the line under it: thanks, or why the
    /// vote was not taken. `reserve`: the width a code takes at the right.
    fn spawn_vote(
        &self,
        commands: &mut Commands,
        fonts: &WallFonts,
        language: Language,
        counts: String,
        detail: &Detail,
        reserve: f32,
    ) {
        let (px, center) = (self.px, self.center);
        let bottom = center.y - self.panel.y / 2.0 + self.pad;
        let button = Vec2::new(self.inner.min(px * 22.0), (px * 3.4).round());
        let button_y = bottom + px * 3.2 + button.y / 2.0;
        self.line(commands, counts, &fonts.regular, px, INK, button_y + button.y / 2.0 + px * 2.4);
        commands
            .spawn((
                DetailPart,
                VoteButton,
                widget::button(Color::srgb(0.12, 0.45, 0.25), button, Vec3::new(center.x, button_y, Z + 0.2)),
            ))
            .observe(on_vote_click)
            .with_child(widget::button_label(language.vote_button(), &fonts.bold, (px * 1.5).round()));
        let (message, color) = if detail.thanked_at.is_some() {
            (language.vote_thanks().to_string(), Color::srgb(0.05, 0.40, 0.18))
        } else {
            (detail.message.clone(), Color::srgb(0.55, 0.10, 0.10))
        };
        let at = Vec3::new(center.x, bottom + px * 1.0, Z + 0.2);
        commands.spawn((
            DetailPart,
            label(message, &fonts.bold, (px * 1.2).round())
                .color(color)
                .wrap((self.inner - 2.0 * reserve).max(px * 10.0))
                .layout(TextLayout::new(Justify::Center, LineBreak::WordOrCharacter))
                .at(at),
        ));
    }
}
