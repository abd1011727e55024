//! What every card is drawn with: the kinds' shapes and glyphs (so a kind
//! reads without its colour), the dot, the pin and the dog-ear, and the
//! papers and inks as Bevy colours.

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use bevy::sprite::Anchor;

use crate::config::Rgb;
use crate::core::contrast;
use crate::core::layout::ICON_EM;
use crate::core::model::NoteKind;
use crate::wall::cards::{Face, NoteCard, Tone};
use crate::wall::fonts::WallFonts;
use crate::wall::theme::WALL_COLOR;
use crate::wall::theme::{INK, palette, text_font};

/// A promise is written on a white index card...
const PROMISE_PAPER: Color = palette(contrast::PROMISE_PAPER);

/// ...that yellows as weeks pass without the promise being kept.
const WORN_PAPER: Color = palette(contrast::WORN_PAPER);

/// The red of the push pin that holds a promise.
const PIN: Color = Color::srgb(0.85, 0.16, 0.18);

/// Shapes and materials shared by every card.
#[derive(Resource)]
pub struct CardAssets {
    pub(super) icons: [Handle<Mesh>; 6],
    pub(super) dot: Handle<Mesh>,
    pub(super) ink: Handle<ColorMaterial>,
    pub(super) pin: Handle<ColorMaterial>,
    /// A unit right triangle in the top-right corner (the wall showing
    /// through) and the flap folded over it: a dog-ear.
    pub(super) fold: Handle<Mesh>,
    pub(super) flap: Handle<Mesh>,
    pub(super) wall: Handle<ColorMaterial>,
    pub(super) shade: Handle<ColorMaterial>,
}

impl CardAssets {
    pub(super) fn icon(&self, kind: NoteKind) -> Handle<Mesh> {
        let index = NoteKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.icons[index].clone()
    }
}

/// The paper of a card: its kind's colour, or an index card that yellows
/// with wear.
pub fn paper(card: &NoteCard, config: &crate::config::Config) -> Color {
    match card.face {
        Face::Note(kind) => color(config.colors.of(kind)),
        Face::Promise => PROMISE_PAPER.mix(&WORN_PAPER, card.wear.clamp(0.0, 1.0)),
    }
}

/// The ink of a stamp.
pub fn tone_color(tone: Tone) -> Color {
    palette(match tone {
        Tone::Good => contrast::STAMP_GOOD,
        Tone::Planned => contrast::STAMP_PLANNED,
        Tone::Busy => contrast::STAMP_BUSY,
        Tone::Neutral => contrast::STAMP_NEUTRAL,
        Tone::Bad => contrast::STAMP_BAD,
    })
}

/// Converts a config colour to a Bevy colour.
pub fn color(rgb: Rgb) -> Color {
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

pub(super) fn create_card_assets(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    // Unit-sized shapes (radius 0.5), scaled per card. Each kind has its
    // own outline so kinds differ without colour.
    let icons = NoteKind::ALL.map(|kind| {
        meshes.add(match kind {
            NoteKind::Recommendation => Mesh::from(RegularPolygon::new(0.5, 6)),
            NoteKind::Complaint => {
                Mesh::from(Triangle2d::new(Vec2::new(0.0, 0.5), Vec2::new(-0.54, -0.42), Vec2::new(0.54, -0.42)))
            }
            NoteKind::Suggestion => Mesh::from(Rectangle::new(0.86, 0.86)),
            NoteKind::Idea => Mesh::from(Rhombus::new(1.0, 1.0)),
            NoteKind::Question => Mesh::from(Circle::new(0.5)),
            NoteKind::Compliment => star_mesh(0.55, 0.24, 5),
        })
    });
    let ink = materials.add(ColorMaterial::from_color(INK));
    let dot = meshes.add(Circle::new(0.5));
    commands.insert_resource(CardAssets {
        icons,
        dot,
        ink,
        pin: materials.add(ColorMaterial::from_color(PIN)),
        fold: meshes.add(Triangle2d::new(Vec2::ZERO, Vec2::new(0.0, -1.0), Vec2::new(-1.0, 0.0))),
        flap: meshes.add(Triangle2d::new(Vec2::new(-1.0, 0.0), Vec2::new(0.0, -1.0), Vec2::new(-1.0, -1.0))),
        wall: materials.add(ColorMaterial::from_color(WALL_COLOR)),
        shade: materials.add(ColorMaterial::from_color(Color::srgba(0.0, 0.0, 0.0, 0.22))),
    });
}

/// A star as a triangle fan around its centre.
fn star_mesh(outer: f32, inner: f32, points: usize) -> Mesh {
    let corners = points * 2;
    let mut positions = vec![[0.0, 0.0, 0.0]];
    for i in 0..corners {
        let radius = if i % 2 == 0 { outer } else { inner };
        let angle = std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::TAU / corners as f32;
        positions.push([radius * angle.cos(), radius * angle.sin(), 0.0]);
    }
    let mut indices = Vec::with_capacity(corners * 3);
    for i in 0..corners as u32 {
        indices.extend([0, 1 + i, 1 + (i + 1) % corners as u32]);
    }
    let normals = vec![[0.0, 0.0, 1.0]; positions.len()];
    let uvs: Vec<[f32; 2]> = positions.iter().map(|p| [p[0] + 0.5, 0.5 - p[1]]).collect();
    Mesh::new(PrimitiveTopology::TriangleList, RenderAssetUsages::default())
        .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
        .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
        .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, uvs)
        .with_inserted_indices(Indices::U32(indices))
}

/// A kind's shape in ink, `size` pixels across, centred at `at`, and the
/// glyph inside it in the paper's colour (if the kind has one): the kind
/// reads without its colour, for colour-blind viewers, wherever a note is
/// shown.
pub fn kind_mark(
    kind: NoteKind,
    at: Vec3,
    size: f32,
    paper: Color,
    assets: &CardAssets,
    fonts: &WallFonts,
) -> (impl Bundle, Option<impl Bundle>) {
    let shape = (
        Mesh2d(assets.icon(kind)),
        MeshMaterial2d(assets.ink.clone()),
        Transform::from_translation(at).with_scale(Vec3::splat(size)),
    );
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
