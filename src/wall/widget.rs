//! Small widgets the overlays share (the PIN pad, a note's detail view,
//! the stand-up, the header): functions that return bundles, and a text
//! setter.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::{Justify, LineBreak, TextBounds};

use crate::wall::theme::text_font;

/// A button's face at `at` (world space): a coloured rectangle that takes
/// taps and clicks. Add the observer and a [`button_label`] child.
pub(crate) fn button(color: Color, size: Vec2, at: Vec3) -> impl Bundle {
    (Pickable::default(), Sprite::from_color(color, size), Transform::from_translation(at))
}

/// The white, centred label on a [`button`].
pub(crate) fn button_label(text: impl Into<String>, font: &Handle<Font>, px: f32) -> impl Bundle {
    (
        Text2d::new(text),
        text_font(font, px),
        TextColor(Color::WHITE),
        Anchor::CENTER,
        Transform::from_xyz(0.0, 0.0, 0.1),
    )
}

/// A QR code of `text`, at most `side` pixels square with its quiet zone,
/// centred in the square whose top-left corner is `top_left` (screen
/// pixels) on `area`:
/// whole-pixel modules, dark on white, sampled nearest, so a phone reads it
/// from across the room. Also returns the side it really has. `None` when
/// the text is too long for a code.
pub(crate) fn qr_code(
    images: &mut Assets<Image>,
    text: &str,
    side: f32,
    top_left: Vec2,
    area: &crate::wall::shared::WallArea,
    z: f32,
) -> Option<(impl Bundle, f32)> {
    use bevy::asset::RenderAssetUsages;
    use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
    let code = match crate::core::qr::QrMatrix::encode(text) {
        Ok(code) => code,
        Err(err) => {
            warn!("no QR code on the wall: {err}");
            return None;
        }
    };
    let (px, rgba) = code.rgba(code.module_px(side), [17, 17, 17]);
    let size = Extent3d { width: px, height: px, depth_or_array_layers: 1 };
    let mut image =
        Image::new(size, TextureDimension::D2, rgba, TextureFormat::Rgba8UnormSrgb, RenderAssetUsages::RENDER_WORLD);
    image.sampler = bevy::image::ImageSampler::nearest();
    let mut sprite = Sprite::from_image(images.add(image));
    let px = px as f32;
    sprite.custom_size = Some(Vec2::splat(px));
    // On whole pixels: its edges fall between screen pixels.
    let inset = ((side - px) / 2.0).floor();
    let center = area.to_world(top_left.x.round() + inset + px / 2.0, top_left.y.round() + inset + px / 2.0);
    Some(((sprite, Transform::from_translation(center.extend(z))), px))
}

/// A text on the wall: every overlay's writing is made here, so a font,
/// colour, wrap and anchor are set the same way everywhere.
pub(crate) fn label(text: impl Into<String>, font: &Handle<Font>, px: f32) -> Label {
    Label {
        text: text.into(),
        font: text_font(font, px),
        color: Color::WHITE,
        layout: TextLayout::default(),
        bounds: TextBounds::UNBOUNDED,
        anchor: Anchor::CENTER,
    }
}

/// A [`label`] being set up; [`Label::at`] places it and gives the bundle.
#[derive(Debug, Clone)]
pub(crate) struct Label {
    text: String,
    font: TextFont,
    color: Color,
    layout: TextLayout,
    bounds: TextBounds,
    anchor: Anchor,
}

impl Label {
    pub(crate) fn color(mut self, color: Color) -> Label {
        self.color = color;
        self
    }

    /// Left-aligned lines no wider than `width`, broken between words (or
    /// inside a word that is wider than a line).
    pub(crate) fn wrap(mut self, width: f32) -> Label {
        self.layout = TextLayout::new(Justify::Left, LineBreak::WordOrCharacter);
        self.bounds = TextBounds::new_horizontal(width);
        self
    }

    /// One line, never broken, justified as given.
    pub(crate) fn one_line(mut self, justify: Justify) -> Label {
        self.layout = TextLayout::new(justify, LineBreak::NoWrap);
        self
    }

    pub(crate) fn layout(mut self, layout: TextLayout) -> Label {
        self.layout = layout;
        self
    }

    pub(crate) fn anchor(mut self, anchor: Anchor) -> Label {
        self.anchor = anchor;
        self
    }

    /// The bundle, at `translation` in world space.
    pub(crate) fn at(self, translation: Vec3) -> impl Bundle {
        (
            Text2d::new(self.text),
            self.font,
            TextColor(self.color),
            self.layout,
            self.bounds,
            self.anchor,
            Transform::from_translation(translation),
        )
    }
}

/// Changes a text only when it differs, so an unchanged text is not laid out
/// and drawn again.
pub(crate) fn set_text(text: &mut Mut<Text2d>, line: &str) {
    if text.0 != line {
        text.0 = line.to_string();
    }
}
