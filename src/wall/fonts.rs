//! The wall's fonts: Inter (OFL, full Latin) compiled in, and the system's
//! Noto Color Emoji as the emoji fallback when it is installed.

use bevy::prelude::*;
use bevy::text::{Font, FontCx};

use crate::core::metrics::{INTER_BOLD, INTER_REGULAR};

/// Where Debian and Raspberry Pi OS put the emoji font of
/// `fonts-noto-color-emoji`.
const EMOJI_FONT_PATHS: &[&str] =
    &["/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf", "/usr/share/fonts/noto/NotoColorEmoji.ttf"];
const EMOJI_FAMILY: &str = "Noto Color Emoji";

/// Handles of the fonts every text on the wall uses.
#[derive(Resource, Debug, Clone)]
pub struct WallFonts {
    pub regular: Handle<Font>,
    pub bold: Handle<Font>,
}

pub fn plugin(app: &mut App) {
    let Some(mut fonts) = app.world_mut().get_resource_mut::<Assets<Font>>() else {
        // Headless tests run without the text plugin and without fonts.
        return;
    };
    let regular = fonts.add(Font::from_bytes(INTER_REGULAR.to_vec()));
    let bold = fonts.add(Font::from_bytes(INTER_BOLD.to_vec()));
    let emoji = EMOJI_FONT_PATHS
        .iter()
        .find_map(|path| std::fs::read(path).ok())
        .map(|bytes| fonts.add(Font::from_bytes(bytes)));
    app.insert_resource(WallFonts { regular, bold });
    match emoji {
        Some(handle) => {
            app.insert_resource(EmojiFont { _handle: handle, mapped: false });
            app.add_systems(
                Update,
                use_emoji_font
                    .in_set(crate::wall::shared::WallSystems::Record)
                    .run_if(|font: Res<EmojiFont>| !font.mapped),
            );
        }
        None => info!("no emoji font found; emoji show as boxes (install fonts-noto-color-emoji to fix)"),
    }
}

/// The emoji font. Its handle keeps the font loaded: a dropped font asset
/// makes the text plugin rebuild its collection without it.
#[derive(Resource)]
struct EmojiFont {
    _handle: Handle<Font>,
    mapped: bool,
}

/// Makes the emoji font the fallback for emoji once the text plugin has
/// added it to its font collection (a frame or so after start-up).
fn use_emoji_font(mut font: ResMut<EmojiFont>, mut font_cx: ResMut<FontCx>, mut tries: Local<u32>) {
    *tries += 1;
    match font_cx.set_emoji_family(EMOJI_FAMILY) {
        Ok(()) => font.mapped = true,
        Err(err) if *tries > 120 => {
            warn!("emoji font could not be used: {err}");
            font.mapped = true;
        }
        Err(_) => {}
    }
}
