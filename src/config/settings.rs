//! The settings themselves: everything in config/wall.ron, its defaults,
//! and the files compiled in.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::exit::Exit;
use super::sections::{Consent, Display, KindColors, MotionSetting, Night, StandUp, TrendsSettings, Voting};
use super::sources::SourceConfig;
use crate::core::i18n::Language;
use crate::core::rotation::{SceneName, SceneSlot};

/// The default config, compiled in so the wall runs with no files at all.
pub const DEFAULT_CONFIG: &str = include_str!("../../config/wall.ron");
/// The sample feed the default config points at, compiled in as a fallback
/// for a binary that runs far from its source tree.
pub const SAMPLE_FEED: &str = include_str!("../../config/sample-feed.json");
/// The name the default config uses for the sample feed.
pub const SAMPLE_FEED_NAME: &str = "sample-feed.json";

/// Everything in config/wall.ron.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The title in the header; empty for the language's own
    /// "Wall of Change" / "Muur van Verandering".
    pub title: String,
    /// The labels' language as written: `en`, `nl`, or a list (`[nl, en]`)
    /// that alternates at each full rotation.
    #[serde(rename = "language")]
    pub languages: Languages,
    /// Where the notes come from.
    pub sources: Vec<SourceConfig>,
    /// The scenes the TV rotates through, in order.
    pub scenes: Vec<SceneSlot>,
    /// Seconds each page shows when there are more notes than fit.
    pub page_seconds: u32,
    /// The most frames a second the wall draws while something moves; a
    /// still wall draws none.
    pub max_fps: u32,
    /// The same where no graphics chip draws and the processor renders
    /// every pixel (Mesa's llvmpipe, SwiftShader).
    pub software_max_fps: u32,
    pub colors: KindColors,
    /// `full`: notes fly in, fall off and pulse; `reduced`: short fades.
    pub motion: MotionSetting,
    /// No letter on the wall is smaller than this, in pixels. Unset: the
    /// letters are sized from `screen` (how far people stand) alone.
    pub min_text_px: Option<f32>,
    pub display: Display,
    /// Where the wall keeps its cache, votes and status; relative to the
    /// config file. Unset: the platform's data folder.
    pub data_dir: Option<PathBuf>,
    /// Mask e-mail addresses and phone numbers in customer text.
    pub mask_contact_details: bool,
    /// A note's text is cut at a word after this many characters (with
    /// "…") as it arrives, before masking and layout.
    pub max_note_chars: u32,
    /// The zone of the clock, the ISO week and the night schedule, as an
    /// IANA name ("Europe/Amsterdam"); empty for the system's zone.
    pub time_zone: String,
    /// After a touch or an arrow key the rotation holds the scene, and goes
    /// on after this many seconds without one.
    pub idle_resume_seconds: u32,
    /// When the screen goes dark; unset: never.
    pub night: Option<Night>,
    /// A touch at night shows the wall for two minutes, then it sleeps again.
    pub wake_on_touch_at_night: bool,
    /// How a person closes the kiosk on purpose.
    pub exit: Exit,
    /// Voting by touch.
    pub voting: Voting,
    /// The facilitator's stand-up mode.
    pub standup: StandUp,
    /// What a fleet sees of this wall from afar: the picture of the screen.
    pub fleet: super::sections::Fleet,
    /// How the TV hangs: where the buttons are within reach, and how far
    /// the text reads.
    pub screen: crate::core::reach::Mount,
    /// Where staff add feedback from a phone (a Google Form, a Fider board,
    /// an intranet page): the Wall of Change shows it as a QR code in its
    /// bottom-right corner. Unset: no code.
    pub add_url: Option<String>,
    /// The Wall of Fame: whether compliments need approval to be shown.
    pub fame: Consent,
    /// The Wall of Commitment: whether promises need approval.
    pub commitment: Consent,
    /// The Trends scene: all teams, or one.
    pub trends: TrendsSettings,
    /// A URL the wall calls (GET) once a minute while it draws and every
    /// source is online (Uptime Kuma, healthchecks.io); unset: none.
    pub heartbeat_url: Option<String>,
    /// The team's own topics: `(name: "Wachttijd", words: ["wachttijd",
    /// "on hold"], not: [...])`. A note's topic comes from its source when
    /// the source has one, else from these (see `core::topics`).
    pub topics: Vec<crate::core::topics::TopicRule>,
}

impl Config {
    /// The smallest letters on a screen `screen_px` high: from how far
    /// people stand (`screen`), raised to `min_text_px` when it is set.
    pub fn text_px(&self, screen_px: f32) -> crate::core::reach::TextPx {
        self.screen.text_px(screen_px, self.min_text_px)
    }

    /// The most frames a second while something moves; `software` when the
    /// processor renders every pixel. The lower of the two limits applies.
    pub fn frame_limit(&self, software: bool) -> u32 {
        if software { self.max_fps.min(self.software_max_fps) } else { self.max_fps }
    }

    /// How each source's snapshots are prepared on its own thread.
    pub fn ingest_rules(&self) -> crate::core::ingest::Rules {
        crate::core::ingest::Rules {
            max_note_chars: self.max_note_chars as usize,
            mask: self.mask_contact_details,
            approval: crate::core::ingest::Approval {
                compliments: self.fame.require_approval,
                commitments: self.commitment.require_approval,
            },
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            title: String::new(),
            languages: Languages::One(Language::En),
            sources: vec![SourceConfig::File { path: PathBuf::from(SAMPLE_FEED_NAME), poll_seconds: 5, name: None }],
            scenes: vec![
                SceneSlot::new(SceneName::Change, 60),
                SceneSlot::new(SceneName::Fame, 30),
                SceneSlot::new(SceneName::Commitment, 30),
                SceneSlot::new(SceneName::Priorities, 30),
                SceneSlot::new(SceneName::Trends, 30),
            ],
            page_seconds: 20,
            max_fps: 30,
            software_max_fps: 15,
            colors: KindColors::default(),
            motion: MotionSetting::Full,
            min_text_px: None,
            display: Display::Fullscreen,
            data_dir: None,
            mask_contact_details: true,
            max_note_chars: crate::core::ingest::DEFAULT_MAX_NOTE_CHARS as u32,
            heartbeat_url: None,
            time_zone: String::new(),
            idle_resume_seconds: 60,
            night: None,
            wake_on_touch_at_night: false,
            exit: Exit::default(),
            voting: Voting::default(),
            standup: StandUp::default(),
            fleet: super::sections::Fleet::default(),
            screen: crate::core::reach::Mount::default(),
            add_url: None,
            fame: Consent::default(),
            commitment: Consent::default(),
            trends: TrendsSettings::default(),
            topics: Vec::new(),
        }
    }
}

/// `language: en` or `language: [nl, en]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged, expecting = "en or nl, or a list that alternates at each rotation like [nl, en]")]
pub enum Languages {
    One(Language),
    Alternate(Vec<Language>),
}

impl Languages {
    /// The languages in turn; one for a single language.
    pub fn list(&self) -> &[Language] {
        match self {
            Languages::One(language) => std::slice::from_ref(language),
            Languages::Alternate(list) => list,
        }
    }

    /// The language of rotation round `round` (0 first).
    pub fn of_round(&self, round: u64) -> Language {
        let list = self.list();
        list.get((round % list.len().max(1) as u64) as usize).copied().unwrap_or_default()
    }
}

/// Parses "1920x1080" for --size.
pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(|| format!("size {text:?} should look like 1920x1080"))?;
    let w: u32 = w.trim().parse().map_err(|_| format!("width {w:?} is not a number"))?;
    let h: u32 = h.trim().parse().map_err(|_| format!("height {h:?} is not a number"))?;
    if w < 320 || h < 240 || w > 16384 || h > 16384 {
        return Err(format!("size {w}x{h} is out of range; use at least 320x240"));
    }
    Ok((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigError, Rgb, parse};

    #[test]
    fn the_lower_frame_limit_applies_where_the_processor_renders() -> Result<(), ConfigError> {
        let config = parse("(max_fps: 60, software_max_fps: 15)", "c.ron")?;
        assert_eq!((config.frame_limit(false), config.frame_limit(true)), (60, 15));
        let config = parse("(max_fps: 10)", "c.ron")?;
        assert_eq!((config.frame_limit(false), config.frame_limit(true)), (10, 10));
        Ok(())
    }

    #[test]
    fn colours_and_sizes_parse() {
        assert_eq!(Rgb::parse("#ffD54f"), Some(Rgb(0xFF, 0xD5, 0x4F)));
        assert_eq!(Rgb::parse("FFD54F"), None);
        assert_eq!(parse_size("1280x720"), Ok((1280, 720)));
        assert!(parse_size("1280").is_err());
        assert!(parse_size("10x10").is_err());
    }
}
