//! Draws a note card: the coloured paper with its shadow, the kind as a
//! shape and a word (colour-blind safe), the text, the team and age, and a
//! vote badge.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::{LineBreak, LineHeight, TextBounds};

use crate::core::contrast;
use crate::core::emoji;
use crate::core::layout::{ICON_EM, LINE_HEIGHT, STAMP_ROW_EM};
use crate::wall::cards::{Face, NoteCard, Stamp};
use crate::wall::fonts::WallFonts;
use crate::wall::shared::DrawSteps;
use crate::wall::shared::{ActiveLanguage, WallConfig};
use crate::wall::theme::{INK, WALL_COLOR, text_font};

use crate::wall::cards::assets::{self, CardAssets, kind_mark, paper, tone_color};

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(Startup, assets::create_card_assets).add_systems(Update, dress_cards.in_set(DrawSteps::Dress));
}

/// Rebuilds the look of cards that are new or whose content changed.
fn dress_cards(
    active: Res<ActiveLanguage>,
    mut commands: Commands,
    cards: Query<(Entity, &NoteCard)>,
    changed: Query<(), Changed<NoteCard>>,
    assets: Option<Res<CardAssets>>,
    fonts: Option<Res<WallFonts>>,
    config: Res<WallConfig>,
) {
    let (Some(assets), Some(fonts)) = (assets, fonts) else {
        return;
    };
    // A reloaded config may bring new colours: then every card is redressed.
    let all = config.is_changed() || active.is_changed();
    if !all && changed.is_empty() {
        return;
    }
    for (entity, card) in &cards {
        if !all && !changed.contains(entity) {
            continue;
        }
        let paper = paper(card, &config);
        commands.entity(entity).despawn_related::<Children>().with_children(|parent| {
            spawn_card_parts(parent, card, paper, &assets, &fonts, active.0);
        });
    }
}

fn spawn_card_parts(
    parent: &mut ChildSpawnerCommands,
    card: &NoteCard,
    paper: Color,
    assets: &CardAssets,
    fonts: &WallFonts,
    language: crate::core::i18n::Language,
) {
    let frame = Frame::of(card);
    spawn_stack(parent, card, paper);
    frame.spawn_paper(parent, card, paper);
    frame.spawn_top_row(parent, card, paper, assets, fonts);
    frame.spawn_text(parent, card, fonts, language);
    frame.spawn_dog_ear(parent, card, assets);
    if let Some(stamp) = &card.stamp {
        spawn_stamp(parent, stamp, card, fonts);
    }
}

/// Where the parts of a card go, in the card's own space (centre 0, y up).
struct Frame {
    w: f32,
    h: f32,
    left: f32,
    right: f32,
    top: f32,
    inner_w: f32,
    /// The middle of the top row: the kind, the label and the votes.
    row_y: f32,
    icon_size: f32,
}

impl Frame {
    fn of(card: &NoteCard) -> Frame {
        let (w, h) = (card.size.x, card.size.y);
        let pad = card.padding;
        let top = h / 2.0 - pad;
        Frame {
            w,
            h,
            left: -w / 2.0 + pad,
            right: w / 2.0 - pad,
            top,
            inner_w: w - 2.0 * pad,
            row_y: top - card.header_h / 2.0 + card.label_px * 0.1,
            icon_size: card.label_px * ICON_EM,
        }
    }

    /// The shadow and the paper, with the darker glue strip of a real
    /// post-it at the top.
    fn spawn_paper(&self, parent: &mut ChildSpawnerCommands, card: &NoteCard, paper: Color) {
        // A shadow lifts the note off the wall. Only its right and bottom edges
        // show past the paper, so only those are drawn: a software renderer
        // pays for every pixel of every layer, every frame.
        let shadow = Color::srgba(0.0, 0.0, 0.0, 0.38);
        let offset = Vec2::new(card.label_px * 0.25, -card.label_px * 0.35);
        for (size, at) in shadow_edges(card.size, offset, 2.0) {
            parent.spawn((Sprite::from_color(shadow, size), Transform::from_translation(at.extend(-0.02))));
        }
        // The strip and the paper lie side by side rather than one over the
        // other (no pixel drawn twice); both take the taps for the whole
        // card (they bubble up).
        let (w, h) = (self.w, self.h);
        let strip_h = (card.padding + card.header_h).min(h);
        parent.spawn((
            Sprite::from_color(paper.darker(0.06), Vec2::new(w, strip_h)),
            Pickable::default(),
            Transform::from_xyz(0.0, h / 2.0 - strip_h / 2.0, 0.0),
        ));
        parent.spawn((
            Sprite::from_color(paper, Vec2::new(w, h - strip_h)),
            Pickable::default(),
            Transform::from_xyz(0.0, -strip_h / 2.0, 0.0),
        ));
    }

    /// The kind as a shape (or a promise's pin), the label, and the votes
    /// as a dot sticker.
    fn spawn_top_row(
        &self,
        parent: &mut ChildSpawnerCommands,
        card: &NoteCard,
        paper: Color,
        assets: &CardAssets,
        fonts: &WallFonts,
    ) {
        let (left, row_y, icon_size) = (self.left, self.row_y, self.icon_size);
        match card.face {
            // Kind: a shape and a word.
            Face::Note(kind) => {
                let at = Vec3::new(left + icon_size / 2.0, row_y, 0.01);
                let (shape, mark) = kind_mark(kind, at, icon_size, paper, assets, fonts);
                parent.spawn(shape);
                if let Some(mark) = mark {
                    parent.spawn(mark);
                }
            }
            // A promise is pinned to the wall.
            Face::Promise => {
                parent.spawn((
                    assets::mark_sprite(&assets.dot, assets::PIN),
                    Transform::from_xyz(left + icon_size / 2.0, row_y, 0.01).with_scale(Vec3::splat(icon_size * 0.8)),
                ));
            }
        }
        parent.spawn((
            Text2d::new(card.label.clone()),
            text_font(&fonts.bold, card.label_px),
            TextColor(INK.with_alpha(contrast::LABEL_ALPHA)),
            TextLayout::no_wrap(),
            Anchor::CENTER_LEFT,
            Transform::from_xyz(left + icon_size + card.label_px * 0.4, row_y, 0.02),
        ));
        if card.votes > 0 {
            // Votes look like the dot stickers of dot-voting on a paper wall.
            let diameter = card.dot;
            let x = self.right - diameter / 2.0;
            parent.spawn((
                assets::mark_sprite(&assets.dot, INK),
                Transform::from_xyz(x, row_y, 0.01).with_scale(Vec3::splat(diameter)),
            ));
            parent.spawn((
                Text2d::new(card.votes.to_string()),
                text_font(&fonts.bold, card.label_px),
                TextColor(paper),
                TextLayout::no_wrap(),
                Anchor::CENTER,
                Transform::from_xyz(x, row_y, 0.02),
            ));
        }
    }

    /// The body as one text block (a cut one says a tap shows the rest),
    /// and the footer.
    fn spawn_text(
        &self,
        parent: &mut ChildSpawnerCommands,
        card: &NoteCard,
        fonts: &WallFonts,
        language: crate::core::i18n::Language,
    ) {
        // Emoji go in white spans of their own, as the renderer multiplies
        // every glyph by its text colour.
        let font = text_font(&fonts.regular, card.text_px);
        parent
            .spawn((
                Text2d::default(),
                font.clone(),
                TextColor(INK),
                LineHeight::RelativeToFont(LINE_HEIGHT),
                TextLayout::linebreak(LineBreak::WordOrCharacter),
                TextBounds::new_horizontal(self.inner_w),
                Anchor::TOP_LEFT,
                Transform::from_xyz(self.left, self.top - card.header_h - card.label_px * 0.2, 0.02),
            ))
            .with_children(|body| {
                for (run, is_emoji) in emoji::split(&card.body) {
                    let color = if is_emoji { Color::WHITE } else { INK };
                    body.spawn((TextSpan::new(run), font.clone(), TextColor(color)));
                }
                // A cut text says so on the line the layout kept free for it.
                if card.cut {
                    let cue = text_font(&fonts.bold, card.label_px);
                    body.spawn((TextSpan::new(format!("\n{}", language.tap_to_read())), cue, TextColor(INK)));
                }
            });
        parent.spawn((
            Text2d::new(card.footer.clone()),
            text_font(&fonts.regular, card.label_px),
            TextColor(INK.with_alpha(contrast::FOOTER_ALPHA)),
            LineHeight::RelativeToFont(LINE_HEIGHT),
            TextLayout::linebreak(LineBreak::WordOrCharacter),
            TextBounds::new_horizontal(self.inner_w),
            Anchor::BOTTOM_LEFT,
            Transform::from_xyz(self.left, -self.h / 2.0 + card.padding + stamp_row(card), 0.02),
        ));
    }

    /// An old promise gets a dog-ear that grows with its age (top right:
    /// promises have no vote dot there, and stamps sit at the bottom).
    fn spawn_dog_ear(&self, parent: &mut ChildSpawnerCommands, card: &NoteCard, assets: &CardAssets) {
        if card.wear > 0.15 {
            let fold = card.label_px * (0.8 + 1.6 * card.wear.min(1.0));
            let corner = Vec3::new(self.w / 2.0, self.h / 2.0, 0.03);
            for (mask, color) in [(&assets.fold, WALL_COLOR), (&assets.flap, assets::FLAP_SHADE)] {
                parent.spawn((
                    Sprite { image: mask.clone(), color, custom_size: Some(Vec2::ONE), ..default() },
                    Anchor::TOP_RIGHT,
                    Transform::from_translation(corner).with_scale(Vec3::splat(fold)),
                ));
            }
        }
    }
}

/// The parts of a shadow that show past a card of `size`: the card's
/// rectangle, grown by `spread` on each side and moved by `offset`, less
/// the card itself. Sizes and centres, relative to the card's centre; the
/// side edges take the corners, so no pixel is darkened twice.
fn shadow_edges(size: Vec2, offset: Vec2, spread: f32) -> Vec<(Vec2, Vec2)> {
    let half = size / 2.0;
    let (left, right) = (offset.x - half.x - spread, offset.x + half.x + spread);
    let (bottom, top) = (offset.y - half.y - spread, offset.y + half.y + spread);
    let mut edges = Vec::with_capacity(4);
    let mut add = |x0: f32, x1: f32, y0: f32, y1: f32| {
        if x1 > x0 && y1 > y0 {
            edges.push((Vec2::new(x1 - x0, y1 - y0), Vec2::new((x0 + x1) / 2.0, (y0 + y1) / 2.0)));
        }
    };
    // The right and left edges take the full height; top and bottom the
    // width between them.
    add(half.x.max(left), right, bottom, top);
    add(left, (-half.x).min(right), bottom, top);
    let (inner_left, inner_right) = (left.max(-half.x), right.min(half.x));
    add(inner_left, inner_right, bottom, (-half.y).min(top));
    add(inner_left, inner_right, half.y.max(bottom), top);
    edges
}

/// The notes under a stack's top: a paper edge per note (at most two),
/// each a little further right and down, slightly darker, so the stack
/// reads as a pile from across the room. Only the edges that show past the
/// card are drawn.
fn spawn_stack(parent: &mut ChildSpawnerCommands, card: &NoteCard, paper: Color) {
    for layer in (1..=card.stack.layers()).rev() {
        let step = layer as f32;
        let offset = Vec2::new(card.label_px * 0.7 * step, -card.label_px * 0.8 * step);
        let color = paper.darker(0.1 + 0.06 * step);
        for (size, at) in shadow_edges(card.size, offset, 0.0) {
            parent
                .spawn((Sprite::from_color(color, size), Transform::from_translation(at.extend(-0.03 - 0.01 * step))));
        }
    }
}

/// The height of the stamp row at the bottom of a stamped card; none when
/// the stamp shares the footer's line.
fn stamp_row(card: &NoteCard) -> f32 {
    if card.stamp.is_some() && !card.stamp_beside_footer { STAMP_ROW_EM * card.label_px } else { 0.0 }
}

/// A rubber stamp in the card's bottom row, right-aligned: a frame, a
/// light wash and bold letters, slightly askew.
fn spawn_stamp(parent: &mut ChildSpawnerCommands, stamp: &Stamp, card: &NoteCard, fonts: &WallFonts) {
    let px = card.label_px;
    let ink = tone_color(stamp.tone);
    // Inter Bold's letters average about 0.62 em.
    let width = stamp.text.chars().count() as f32 * px * 0.62 + px * 0.9;
    let height = px * 1.45;
    let border = (px * 0.12).max(2.0);
    let (w, h) = (card.size.x, card.size.y);
    // Beside the footer it sits on the footer's line; else in its own row.
    let row = if card.stamp_beside_footer { LINE_HEIGHT * px } else { stamp_row(card) };
    let center = Vec2::new(w / 2.0 - card.padding - width / 2.0 - px * 0.1, -h / 2.0 + card.padding + row / 2.0);
    parent
        .spawn((
            Transform::from_translation(center.extend(0.04)).with_rotation(Quat::from_rotation_z(0.05)),
            Visibility::default(),
        ))
        .with_children(|frame| {
            frame.spawn((
                Sprite::from_color(ink.with_alpha(contrast::STAMP_WASH_ALPHA), Vec2::new(width, height)),
                Transform::default(),
            ));
            for (size, offset) in [
                (Vec2::new(width, border), Vec2::new(0.0, (height - border) / 2.0)),
                (Vec2::new(width, border), Vec2::new(0.0, -(height - border) / 2.0)),
                (Vec2::new(border, height), Vec2::new((width - border) / 2.0, 0.0)),
                (Vec2::new(border, height), Vec2::new(-(width - border) / 2.0, 0.0)),
            ] {
                frame.spawn((
                    Sprite::from_color(ink.with_alpha(0.85), size),
                    Transform::from_translation(offset.extend(0.001)),
                ));
            }
            frame.spawn((
                Text2d::new(stamp.text.to_uppercase()),
                text_font(&fonts.bold, px),
                TextColor(ink.with_alpha(contrast::STAMP_INK_ALPHA)),
                TextLayout::no_wrap(),
                Anchor::CENTER,
                Transform::from_xyz(0.0, 0.0, 0.002),
            ));
        });
}

#[cfg(test)]
pub(crate) mod tests;
