//! The smaller sections of the config: the scene list, the display, the
//! colours, the night, voting and the stand-up.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::core::clock::NightSchedule;
use crate::core::model::NoteKind;

/// Fullscreen on the TV, or a window of a given size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Display {
    Fullscreen,
    Window { width: u32, height: u32 },
}

/// A colour written as "#RRGGBB".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |at: usize| u8::from_str_radix(&hex[at..at + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

impl Serialize for Rgb {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Rgb, D::Error> {
        let text = String::deserialize(deserializer)?;
        Rgb::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("expected a colour like \"#FFD54F\", found {text:?}")))
    }
}

/// The post-it colour of each kind of note.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KindColors {
    pub recommendation: Rgb,
    pub complaint: Rgb,
    pub suggestion: Rgb,
    pub idea: Rgb,
    pub question: Rgb,
    pub compliment: Rgb,
}

impl Default for KindColors {
    fn default() -> KindColors {
        KindColors {
            recommendation: Rgb(0x9A, 0xE6, 0x8E),
            complaint: Rgb(0xFF, 0x9A, 0xA2),
            suggestion: Rgb(0x8E, 0xCF, 0xF5),
            idea: Rgb(0xFF, 0xE0, 0x66),
            question: Rgb(0xFF, 0xBE, 0x76),
            compliment: Rgb(0xFF, 0xD3, 0x7A),
        }
    }
}

impl KindColors {
    pub fn of(&self, kind: NoteKind) -> Rgb {
        match kind {
            NoteKind::Recommendation => self.recommendation,
            NoteKind::Complaint => self.complaint,
            NoteKind::Suggestion => self.suggestion,
            NoteKind::Idea => self.idea,
            NoteKind::Question => self.question,
            NoteKind::Compliment => self.compliment,
        }
    }
}

/// How much the wall moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MotionSetting {
    /// Notes fly in, fall off and pulse; confetti for a new compliment.
    #[default]
    Full,
    /// Short fades instead, for viewers with vestibular disorders (and
    /// cheaper on a processor that renders every pixel).
    Reduced,
}

/// The weekly stand-up: how many notes it walks, the time per note, and
/// who may start it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StandUp {
    pub items: u32,
    pub item_seconds: u32,
    /// The facilitator's PIN, asked before a stand-up starts on a locked
    /// kiosk (its decisions are written back to the source). Unset: the
    /// exit PIN, if there is one.
    pub pin: Option<super::exit::PinSource>,
    /// An incoming webhook of Microsoft Teams or Slack that gets the
    /// minutes of every stand-up; the address is a secret (`Env` or `File`).
    pub minutes_webhook: Option<super::secrets::Secret>,
    /// The JSON the webhook expects: `teams` (an Adaptive Card, as Teams'
    /// workflows take it) or `slack` (`{"text": …}`).
    pub minutes_format: WebhookFormat,
}

/// The JSON an incoming webhook expects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WebhookFormat {
    #[default]
    Teams,
    Slack,
}

impl Default for StandUp {
    fn default() -> StandUp {
        StandUp {
            items: 5,
            item_seconds: 90,
            pin: None,
            minutes_webhook: None,
            minutes_format: WebhookFormat::default(),
        }
    }
}

/// What a fleet of walls needs to see of each one from afar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Fleet {
    /// Every this many minutes the wall keeps a small picture of what it
    /// shows, `<data_dir>/screen.png` (also on SIGUSR1); 0: never.
    pub screenshot_minutes: u32,
}

impl Default for Fleet {
    fn default() -> Fleet {
        Fleet { screenshot_minutes: 10 }
    }
}

/// The fair-voting rules for votes cast on the wall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Voting {
    /// A person's session ends after this many seconds without a touch.
    pub session_seconds: u32,
    /// At most this many votes per session.
    pub votes_per_session: u32,
    /// After a vote for a note, no new vote for it for this many seconds.
    pub cooldown_seconds: u32,
    /// The note's detail view closes after this many seconds untouched.
    pub detail_seconds: u32,
    /// This wall's name in vote records; empty: the host name.
    pub kiosk_id: String,
}

impl Default for Voting {
    fn default() -> Voting {
        Voting {
            session_seconds: 60,
            votes_per_session: 5,
            cooldown_seconds: 20,
            detail_seconds: 20,
            kiosk_id: String::new(),
        }
    }
}

impl Voting {
    pub fn rules(&self) -> crate::core::votes::Rules {
        crate::core::votes::Rules {
            session_seconds: f64::from(self.session_seconds),
            votes_per_session: self.votes_per_session as usize,
            cooldown_seconds: f64::from(self.cooldown_seconds),
        }
    }
}

/// The hours the wall sleeps: black, with at most a dim clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Night {
    /// "20:00": when the night starts.
    pub from: String,
    /// "07:00": when the wall wakes (the next day when earlier than `from`).
    pub to: String,
    /// Also dark all Saturday and Sunday.
    #[serde(default)]
    pub weekends: bool,
    /// Also switch the TV itself to standby for the night and on in the
    /// morning, over HDMI-CEC (the wall blanks the screen either way).
    #[serde(default)]
    pub tv_power: bool,
    /// The program and arguments that put the TV in standby.
    #[serde(default = "default_standby_command")]
    pub standby_command: Vec<String>,
    /// The program and arguments that switch the TV on.
    #[serde(default = "default_wake_command")]
    pub wake_command: Vec<String>,
    /// The program and arguments that ask the TV for its power state (its
    /// output is read for `pwr-state: on` or `standby`), for status.json.
    #[serde(default = "default_status_command")]
    pub status_command: Vec<String>,
}

/// `cec-ctl` (v4l-utils, the usual tool on a Raspberry Pi): claim a
/// playback device's address and tell the TV (logical address 0).
fn default_standby_command() -> Vec<String> {
    ["cec-ctl", "--playback", "--to", "0", "--standby"].map(String::from).to_vec()
}

fn default_wake_command() -> Vec<String> {
    ["cec-ctl", "--playback", "--to", "0", "--image-view-on"].map(String::from).to_vec()
}

fn default_status_command() -> Vec<String> {
    ["cec-ctl", "--playback", "--to", "0", "--give-device-power-status"].map(String::from).to_vec()
}

impl Night {
    pub fn schedule(&self) -> Result<NightSchedule, String> {
        if self.tv_power
            && (self.standby_command.first().is_none_or(|p| p.trim().is_empty())
                || self.wake_command.first().is_none_or(|p| p.trim().is_empty()))
        {
            return Err("night: with tv_power: true, standby_command and wake_command each need a program, e.g. [\"cec-ctl\", \"--playback\", \"--to\", \"0\", \"--standby\"]".into());
        }
        NightSchedule::parse(&self.from, &self.to, self.weekends)
    }

    /// A night at these hours, with the TV's power left alone.
    pub fn hours(from: &str, to: &str, weekends: bool) -> Night {
        Night {
            from: from.into(),
            to: to.into(),
            weekends,
            tv_power: false,
            standby_command: default_standby_command(),
            wake_command: default_wake_command(),
            status_command: default_status_command(),
        }
    }
}

/// Consent before a name goes on the wall: `fame: (require_approval: true)`
/// shows only compliments marked approved, `commitment: (…)` only such
/// promises. Marked by the wall feed's `approved: true`, a Fider post's
/// `approved_tag`, or yes in a CSV source's `approved` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Consent {
    pub require_approval: bool,
}

/// The Trends scene: `trends: (team: "marketing")` shows one team's notes;
/// unset, all of them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TrendsSettings {
    pub team: Option<String>,
}
