//! How a person closes the kiosk on purpose: a key combination or a long
//! press in the top-left corner opens a PIN pad; the right PIN exits.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::secrets::{read_env, read_file};
use crate::core::pin;

/// The `exit` section of the config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Exit {
    /// The PIN: `Pin("2468")`, `Env("WALL_EXIT_PIN")` or `File("pin.txt")`.
    /// Unset: the wall cannot be closed from the screen (stop the service).
    pub pin: Option<PinSource>,
    /// The keys that open the PIN pad, e.g. "Ctrl+Alt+Q".
    pub keys: String,
    /// Seconds a finger must rest in the top-left corner to open the pad.
    pub long_press_seconds: f32,
    /// Lock the kiosk: the window cannot be closed and only the PIN exits,
    /// fullscreen or in a `Window(...)`. Only `--windowed` (a developer at
    /// a desk) turns it off, or `lock: false` here.
    pub lock: bool,
}

impl Default for Exit {
    fn default() -> Exit {
        Exit { pin: None, keys: "Ctrl+Alt+Q".into(), long_press_seconds: 3.0, lock: true }
    }
}

impl Exit {
    pub fn validate(&self) -> Result<(), String> {
        KeyCombo::parse(&self.keys)?;
        if let Some(PinSource::Pin(pin)) = &self.pin {
            pin::validate(pin).map_err(|err| format!("exit pin: {err}"))?;
        }
        if !(1.0..=30.0).contains(&self.long_press_seconds) {
            return Err(format!("exit long_press_seconds is {}; use 1 to 30 seconds", self.long_press_seconds));
        }
        Ok(())
    }
}

/// Where the exit PIN comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PinSource {
    /// Written in the config.
    Pin(String),
    /// An environment variable.
    Env(String),
    /// A file holding only the PIN (relative to the config's folder), e.g. a
    /// systemd credential.
    File(PathBuf),
}

impl PinSource {
    /// Reads and checks the PIN. The error names where it looked, never
    /// the value.
    pub fn read(&self, base_dir: &Path) -> Result<String, String> {
        let value = match self {
            PinSource::Pin(pin) => pin.clone(),
            PinSource::Env(name) => read_env(name, "the exit PIN")?,
            PinSource::File(path) => read_file(path, base_dir, "PIN file")?,
        };
        pin::validate(&value).map_err(|err| format!("{self}: {err}"))?;
        Ok(value.trim().to_string())
    }
}

impl fmt::Display for PinSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PinSource::Pin(_) => write!(f, "the PIN in the config"),
            PinSource::Env(name) => write!(f, "${name}"),
            PinSource::File(path) => write!(f, "PIN file {}", path.display()),
        }
    }
}

/// A key combination such as "Ctrl+Alt+Q": modifiers and one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCombo {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
    /// The key's name, upper case: "Q", "7", "F12", "END".
    pub key: String,
}

impl KeyCombo {
    /// Parses "Ctrl+Alt+Q". At least one modifier: no single key exits.
    pub fn parse(text: &str) -> Result<KeyCombo, String> {
        let mut combo = KeyCombo { ctrl: false, alt: false, shift: false, key: String::new() };
        for part in text.split('+').map(str::trim) {
            match part.to_lowercase().as_str() {
                "ctrl" | "control" => combo.ctrl = true,
                "alt" => combo.alt = true,
                "shift" => combo.shift = true,
                _ if combo.key.is_empty() && is_key_name(part) => combo.key = part.to_uppercase(),
                _ => {
                    return Err(format!(
                        "exit keys {text:?}: {part:?} is not a key here; write modifiers and one key, e.g. \"Ctrl+Alt+Q\""
                    ));
                }
            }
        }
        if combo.key.is_empty() || !(combo.ctrl || combo.alt) {
            return Err(format!(
                "exit keys {text:?} need Ctrl or Alt and one key, e.g. \"Ctrl+Alt+Q\", so no single key press can close the wall"
            ));
        }
        Ok(combo)
    }
}

/// A letter, a digit, F1–F12, or one of a few named keys.
fn is_key_name(name: &str) -> bool {
    let upper = name.to_uppercase();
    let single = upper.len() == 1 && upper.chars().all(|c| c.is_ascii_alphanumeric());
    let function = upper.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()).is_some_and(|n| (1..=12).contains(&n));
    single || function || matches!(upper.as_str(), "ESCAPE" | "END" | "HOME" | "DELETE" | "BACKSPACE")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_combos_need_a_modifier_and_one_key() -> Result<(), String> {
        let combo = KeyCombo::parse("Ctrl+Alt+q")?;
        assert_eq!(combo, KeyCombo { ctrl: true, alt: true, shift: false, key: "Q".into() });
        assert_eq!(KeyCombo::parse("ctrl + shift + F12").map(|c| c.key), Ok("F12".into()));
        assert!(KeyCombo::parse("Q").is_err(), "a single key never exits");
        assert!(KeyCombo::parse("Shift+Q").is_err());
        assert!(KeyCombo::parse("Ctrl+Alt").is_err());
        assert!(KeyCombo::parse("Ctrl+Q+W").is_err());
        assert!(KeyCombo::parse("Ctrl+Hyper").is_err());
        Ok(())
    }

    #[test]
    fn pins_come_from_the_config_the_environment_or_a_file() {
        let dir = std::env::temp_dir();
        assert_eq!(PinSource::Pin(" 2468 ".into()).read(&dir), Ok("2468".into()));
        let missing = PinSource::Env("WALL_TEST_UNSET_EXIT_PIN".into()).read(&dir).expect_err("unset");
        assert!(missing.contains("WALL_TEST_UNSET_EXIT_PIN"));
        let bad = PinSource::Pin("12ab".into()).read(&dir).expect_err("not digits");
        assert!(!bad.contains("12ab"), "the value is never printed: {bad}");
    }
}
