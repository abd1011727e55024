//! What every card is drawn with: the kinds' shapes and glyphs (so a kind
//! reads without its colour), the dot, the pin and the dog-ear, and the
//! papers and inks as Bevy colours.

use bevy::asset::RenderAssetUsages;
use bevy::image::ImageSampler;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy::sprite::Anchor;

use crate::config::Rgb;
use crate::core::contrast;
use crate::core::layout::ICON_EM;
use crate::core::model::NoteKind;
use crate::core::shapes::{self, MARK_EXTENT};
use crate::wall::cards::{Face, NoteCard, Tone};
use crate::wall::fonts::WallFonts;
use crate::wall::theme::{INK, palette, text_font};

/// A promise is written on a white index card...
const PROMISE_PAPER: Color = palette(contrast::PROMISE_PAPER);

/// ...that yellows as weeks pass without the promise being kept.
const WORN_PAPER: Color = palette(contrast::WORN_PAPER);

/// The red of the push pin that holds a promise.
pub(super) const PIN: Color = crate::wall::theme::PUSHPIN;

/// The shapes every card is drawn with, as white coverage masks that a
/// sprite tints: drawn back to front with the paper and the text, so nothing
/// on the wall needs a depth test (see `os::renderer`), and smooth at the
/// edges where a mesh would be jagged without multisampling.
#[derive(Resource, Clone)]
pub(crate) struct CardAssets {
    /// Each kind's outline over the square of `shapes::MARK_EXTENT`.
    pub(super) icons: [Handle<Image>; 6],
    /// The vote dot and the promise's pin, over the same square.
    pub(super) dot: Handle<Image>,
    /// The dog-ear over the unit square left of and below the corner: the
    /// wall showing through, and the flap folded over it.
    pub(super) fold: Handle<Image>,
    pub(super) flap: Handle<Image>,
}

impl CardAssets {
    pub(super) fn icon(&self, kind: NoteKind) -> Handle<Image> {
        let index = NoteKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.icons[index].clone()
    }
}

/// Pixels on a side of each mask: a card draws its shapes 20–60 pixels
/// across.
const MASK_PX: u32 = 64;

/// A shape's mask as a sprite in `color`, about one unit across around its
/// centre; the transform's scale gives its size in pixels.
pub(super) fn mark_sprite(mask: &Handle<Image>, color: Color) -> Sprite {
    Sprite { image: mask.clone(), color, custom_size: Some(Vec2::splat(2.0 * MARK_EXTENT)), ..default() }
}

/// The shade of the dog-ear's flap.
pub(super) const FLAP_SHADE: Color = Color::srgba(0.0, 0.0, 0.0, 0.22);

/// The paper of a card: its kind's colour, or an index card that yellows
/// with wear.
pub(crate) fn paper(card: &NoteCard, config: &crate::config::Config) -> Color {
    match card.face {
        Face::Note(kind) => color(config.colors.of(kind)),
        Face::Promise => PROMISE_PAPER.mix(&WORN_PAPER, card.wear.clamp(0.0, 1.0)),
    }
}

/// The ink of a stamp.
pub(crate) fn tone_color(tone: Tone) -> Color {
    palette(match tone {
        Tone::Good => contrast::STAMP_GOOD,
        Tone::Planned => contrast::STAMP_PLANNED,
        Tone::Busy => contrast::STAMP_BUSY,
        Tone::Neutral => contrast::STAMP_NEUTRAL,
        Tone::Bad => contrast::STAMP_BAD,
    })
}

/// Converts a config colour to a Bevy colour.
pub(crate) fn color(rgb: Rgb) -> Color {
    Color::srgb_u8(rgb.0, rgb.1, rgb.2)
}

/// The glyph drawn inside each kind's shape.
fn glyph(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Recommendation => "+",
        NoteKind::Complaint => "!",
        NoteKind::Suggestion => "→",
        NoteKind::Idea => "*",
        NoteKind::Question => "?",
        NoteKind::Compliment => "",
    }
}

pub(super) fn create_card_assets(mut commands: Commands, mut images: ResMut<Assets<Image>>) {
    let mut mask = |polygon: &[shapes::Point], min: f32, max: f32| {
        let size = Extent3d { width: MASK_PX, height: MASK_PX, depth_or_array_layers: 1 };
        let pixels = shapes::coverage_rgba(polygon, min, max, MASK_PX as usize);
        // Only the renderer needs the pixels once they are uploaded.
        let mut image = Image::new(
            size,
            TextureDimension::D2,
            pixels,
            TextureFormat::Rgba8UnormSrgb,
            RenderAssetUsages::RENDER_WORLD,
        );
        image.sampler = ImageSampler::linear();
        images.add(image)
    };
    let icons = NoteKind::ALL.map(|kind| mask(&shapes::kind_outline(kind), -MARK_EXTENT, MARK_EXTENT));
    commands.insert_resource(CardAssets {
        icons,
        dot: mask(&shapes::circle(0.5), -MARK_EXTENT, MARK_EXTENT),
        fold: mask(&shapes::fold(), -1.0, 0.0),
        flap: mask(&shapes::flap(), -1.0, 0.0),
    });
}

/// A kind's shape in ink, `size` pixels across, centred at `at`, and the
/// glyph inside it in the paper's colour (if the kind has one): the kind
/// reads without its colour, for colour-blind viewers, wherever a note is
/// shown.
pub(crate) fn kind_mark(
    kind: NoteKind,
    at: Vec3,
    size: f32,
    paper: Color,
    assets: &CardAssets,
    fonts: &WallFonts,
) -> (impl Bundle, Option<impl Bundle>) {
    let shape = (mark_sprite(&assets.icon(kind), INK), Transform::from_translation(at).with_scale(Vec3::splat(size)));
    let mark = glyph(kind);
    let glyph = (!mark.is_empty()).then(|| {
        let y = if kind == NoteKind::Complaint { at.y - size * 0.1 } else { at.y };
        (
            Text2d::new(mark),
            text_font(&fonts.bold, size / ICON_EM * 0.8),
            TextColor(paper),
            Anchor::CENTER,
            Transform::from_xyz(at.x, y, at.z + 0.01),
        )
    });
    (shape, glyph)
}
