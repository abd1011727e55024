//! The detail view's panel: the paper, the note (kind, team, status, who
//! noted it, the whole text), the QR code of its page, the votes and the
//! button, and for a stack the way through its notes.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::{Justify, LineBreak};
use chrono::{DateTime, Utc};

use super::controls::{on_next_click, on_previous_click, on_take_out_click, on_veil_click, on_vote_click};
use super::state::{Detail, DetailPart, DetailVeil, VoteButton};
use crate::core::i18n::Language;
use crate::core::model::Note;
use crate::wall::cards::assets::{self, CardAssets};
use crate::wall::fonts::WallFonts;
use crate::wall::shared::WallArea;
use crate::wall::theme::INK;
use crate::wall::widget::{self, label};

/// The view's measures: a panel of paper in the middle of the screen.
pub(super) struct View {
    px: f32,
    paper: Color,
    panel: Vec2,
    center: Vec2,
    pad: f32,
    left: f32,
    /// Where the first line of the panel starts.
    pub(super) top: f32,
    inner: f32,
}

/// A button to go through a stack's notes: `‹` or `›`.
#[derive(Component)]
pub(super) struct StackTurn;

/// The view's layer: above the wall and the stand-up, below the PIN pad.
const Z: f32 = 8.0;

impl View {
    /// The view's measures, placed so its vote button is as near to the
    /// reach band (`core::reach`, 800–1,100 mm above the floor) as the
    /// screen allows, the panel kept on the screen.
    pub(super) fn new(px: f32, area: &WallArea, paper: Color, mount: &crate::core::reach::Mount) -> View {
        let panel =
            Vec2::new((area.screen.x * 0.62).min(px * 48.0).max(px * 20.0), (area.screen.y * 0.78).min(px * 40.0));
        let screen_h = area.screen.y;
        let button_h = (px * 3.4).round();
        // From the panel's lower edge to the button's centre (spawn_vote):
        // the button sits at the bottom, so it comes as low as it can.
        let below_button = px * 1.4 + button_h / 2.0;
        let button_y = mount.centre_y(button_h, px, screen_h);
        let bottom = (button_y + below_button).clamp(panel.y + px, screen_h - px);
        let center_y = if panel.y + 2.0 * px > screen_h { screen_h / 2.0 } else { bottom - panel.y / 2.0 };
        let center = area.to_world(area.screen.x / 2.0, center_y);
        let pad = px * 1.4;
        let left = center.x - panel.x / 2.0 + pad;
        let top = center.y + panel.y / 2.0 - pad;
        View { px, paper, panel, center, pad, left, top, inner: panel.x - 2.0 * pad }
    }

    /// The veil that closes the view when tapped, and the paper.
    pub(super) fn spawn_paper(&self, commands: &mut Commands, area: &WallArea) {
        commands
            .spawn((
                DetailPart,
                DetailVeil,
                Pickable::default(),
                Sprite::from_color(crate::wall::theme::DETAIL_VEIL, area.screen * 2.0),
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
    pub(super) fn spawn_note(
        &self,
        commands: &mut Commands,
        fonts: &WallFonts,
        assets: Option<&CardAssets>,
        note: &Note,
        language: Language,
        now: DateTime<Utc>,
        top: f32,
    ) {
        let px = self.px;
        let mut header = language.kind(note.kind).to_string();
        if let Some(team) = &note.team {
            header.push_str(&format!("  ·  {}", language.team(team)));
        }
        header.push_str(&format!("  ·  {}", language.status(note.status)));
        let noted = language.noted(note.noted_by.as_deref(), &language.age(note.created_at, now));
        let mut y = top;
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

    /// A stack's top row: its topic and how many customers, which note of
    /// how many this is, and the buttons to the previous and next note at
    /// the right (large enough for a finger); while the facilitator
    /// arranges stacks, also `take_out` (the note shown leaves the stack).
    /// Returns where the note starts.
    pub(super) fn spawn_stack_bar(
        &self,
        commands: &mut Commands,
        fonts: &WallFonts,
        (title, page, count): (&str, usize, usize),
        take_out: Option<&str>,
    ) -> f32 {
        let px = self.px;
        let side = (px * 2.6).round().max(48.0);
        let mut right = self.center.x + self.panel.x / 2.0 - self.pad;
        let y = self.top - side / 2.0;
        if let Some(take_out) = take_out {
            let width = (px * 9.0).round();
            let at = Vec3::new(right - width / 2.0, y, Z + 0.2);
            commands
                .spawn((DetailPart, widget::button(crate::wall::theme::OUT_BUTTON, Vec2::new(width, side), at)))
                .observe(on_take_out_click)
                .with_child(widget::button_label(take_out, &fonts.bold, px));
            right -= width + px * 0.6;
        }
        for (at, glyph, next) in [(right - side * 2.0 - px * 0.6, "‹", false), (right - side, "›", true)] {
            let button = widget::button(
                crate::wall::theme::TURN_BUTTON,
                Vec2::splat(side),
                Vec3::new(at + side / 2.0, y, Z + 0.2),
            );
            let mut spawned = commands.spawn((DetailPart, StackTurn, button));
            if next {
                spawned.observe(on_next_click);
            } else {
                spawned.observe(on_previous_click);
            }
            spawned.with_child(widget::button_label(glyph, &fonts.bold, (px * 1.6).round()));
        }
        let line = format!("{title}  ·  {} / {count}", page + 1);
        let at = Vec3::new(self.left, y, Z + 0.2);
        let width = (self.inner - side * 2.0 - px * 1.6).max(px * 6.0);
        commands.spawn((
            DetailPart,
            label(line, &fonts.bold, (px * 1.2).round()).color(INK).wrap(width).anchor(Anchor::CENTER_LEFT).at(at),
        ));
        self.top - side - px * 1.2
    }

    /// A QR code of the note's page in the bottom-right corner of the
    /// panel, with `caption` above it; returns the width it takes.
    pub(super) fn spawn_code(
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
        // The panel's lower edge, in screen pixels: it need not be centred.
        let bottom = area.screen.y / 2.0 - (self.center.y - self.panel.y / 2.0) - self.pad;
        let top_left = Vec2::new((right - side).round(), (bottom - side).round());
        let (code, _) = widget::qr_code(images, url, side, top_left, area, Z + 0.2)?;
        commands.spawn((DetailPart, code));
        let at = area.to_world(top_left.x, top_left.y - px * 0.3).extend(Z + 0.2);
        let line = label(caption, &fonts.regular, px).color(INK).wrap(side).anchor(Anchor::BOTTOM_LEFT);
        commands.spawn((DetailPart, line.at(at)));
        Some(side + px)
    }

    /// The counts, the line above the button (thanks, or why the vote was
    /// not taken) and the button, at the bottom of the panel, so it comes
    /// as near to the reach of a person in a wheelchair as the screen
    /// allows. `reserve`: the width a code takes at the right.
    pub(super) fn spawn_vote(
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
        let button_y = bottom + button.y / 2.0;
        let button_top = bottom + button.y;
        self.line(commands, counts, &fonts.regular, px, INK, button_top + px * 4.0);
        commands
            .spawn((
                DetailPart,
                VoteButton,
                widget::button(crate::wall::theme::YES_BUTTON, button, Vec3::new(center.x, button_y, Z + 0.2)),
            ))
            .observe(on_vote_click)
            .with_child(widget::button_label(language.vote_button(), &fonts.bold, (px * 1.5).round()));
        let (message, color) = if detail.thanked_at.is_some() {
            (language.vote_thanks().to_string(), crate::wall::theme::THANKS)
        } else {
            (detail.message.clone(), crate::wall::theme::REFUSED)
        };
        let at = Vec3::new(center.x, button_top + px * 1.2, Z + 0.2);
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
