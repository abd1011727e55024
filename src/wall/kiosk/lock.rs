//! The locked kiosk: in fullscreen the window cannot be closed and no
//! single key quits; the right PIN closes the wall cleanly, wrong ones are
//! rate-limited, and the lockout survives a pulled plug. In a window none
//! of this applies. What asks for the PIN is in `unlock`, the pad itself in
//! `pin_pad`; `exit` puts them together.

use bevy::prelude::*;
use bevy::window::WindowCloseRequested;

use crate::config::KeyCombo;
use crate::core::i18n::Language;
use crate::core::pin::{PinGate, Refusal};
use crate::wall::shared::{ActiveLanguage, WallConfig, WallTime};

/// Whether the kiosk is locked: fullscreen on the TV. In `--windowed`
/// runs the window closes as windows do and there is no PIN pad.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct KioskLock(pub bool);

/// The PIN check, or why there is none.
#[derive(Resource, Debug)]
pub struct ExitGate {
    gate: Result<PinGate, String>,
    /// The facilitator's own PIN for the stand-up, when one is set apart
    /// from the exit PIN.
    facilitator: Option<Result<PinGate, String>>,
    combo: Option<KeyCombo>,
    language: Language,
    /// Whether the config names an exit PIN (readable or not).
    exit_pin_configured: bool,
    /// Where wrong tries and the lock are kept, so that a restart (a pulled
    /// plug) does not give a guesser three fresh tries.
    store: Option<std::path::PathBuf>,
}

/// A lockout as stored: wrong tries, and the seconds the lock had left at
/// `saved_at` (Unix seconds); the gate's own clock starts anew with every
/// run.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct StoredLockout {
    wrong: u32,
    locked_for: f64,
    saved_at: f64,
}

/// Both gates' lockouts, in one file.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct StoredLockouts {
    exit: Option<StoredLockout>,
    facilitator: Option<StoredLockout>,
}

impl StoredLockout {
    fn of(gate: &PinGate, now: f64) -> StoredLockout {
        let (wrong, until) = gate.lockout();
        StoredLockout { wrong, locked_for: (until - now).max(0.0), saved_at: unix_now() }
    }

    fn restore(&self, gate: &mut PinGate, now: f64) {
        let left = self.locked_for - (unix_now() - self.saved_at).max(0.0);
        gate.restore(self.wrong, if left > 0.0 { now + left } else { f64::MIN });
    }
}

fn unix_now() -> f64 {
    chrono::Utc::now().timestamp_millis() as f64 / 1000.0
}

impl ExitGate {
    fn from_config(config: &WallConfig, store: Option<std::path::PathBuf>, language: Language) -> ExitGate {
        let gate = match config.exit_pin() {
            Some(Ok(pin)) => Ok(PinGate::new(&pin)),
            Some(Err(err)) => Err(err),
            None => Err("no exit PIN is set".to_string()),
        };
        let facilitator = config.standup_pin().map(|pin| pin.map(|pin| PinGate::new(&pin)));
        let combo = KeyCombo::parse(&config.exit.keys).ok();
        let exit_pin_configured = config.exit.pin.is_some();
        ExitGate { gate, facilitator, combo, language, exit_pin_configured, store }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The key combination that opens the pad, when the config has one.
    pub fn combo(&self) -> Option<&KeyCombo> {
        self.combo.as_ref()
    }

    /// Checks a PIN entered for `purpose` and keeps the lockout on disk;
    /// `None` when no PIN can be checked (none is set, or it is unreadable).
    pub fn check(&mut self, purpose: PadPurpose, entered: &str, now: f64) -> Option<Result<(), Refusal>> {
        let pins = match (purpose, self.facilitator.as_mut()) {
            (PadPurpose::StandUp, Some(facilitator)) => facilitator,
            _ => &mut self.gate,
        };
        let checked = pins.as_mut().ok().map(|pins| pins.check(entered, now));
        self.save(now);
        checked
    }

    /// The line the pad opens with for the exit: the prompt, the lockout,
    /// or why no PIN can be entered.
    pub fn exit_message(&self, now: f64) -> String {
        let language = self.language;
        match &self.gate {
            Ok(gate) => match gate.locked_for(now) {
                Some(seconds) => language.pin_locked(seconds),
                None => language.pin_prompt().to_string(),
            },
            Err(why) => language.pin_missing(why),
        }
    }

    /// The line the pad opens with for the stand-up.
    pub fn standup_message(&self, now: f64) -> String {
        let language = self.language;
        let locked = self.standup_gate().as_ref().ok().and_then(|g| g.locked_for(now));
        match (self.standup_gate(), locked) {
            (Ok(_), Some(seconds)) => language.pin_locked(seconds),
            (Ok(_), None) => language.pin_prompt_standup().to_string(),
            (Err(why), _) => why.clone(),
        }
    }

    fn standup_gate(&self) -> &Result<PinGate, String> {
        self.facilitator.as_ref().unwrap_or(&self.gate)
    }

    /// Whether a PIN guards the stand-up: the facilitator's, or else the
    /// exit PIN. A configured PIN that cannot be read guards it too (closed,
    /// not open, when a secret is missing).
    pub fn guards_standup(&self) -> bool {
        self.facilitator.is_some() || self.exit_pin_configured
    }

    /// Takes over the lockouts kept on disk; `now` is the gates' clock.
    fn load(&mut self, now: f64) {
        let Some(stored) = self
            .store
            .as_ref()
            .and_then(|path| std::fs::read_to_string(path).ok())
            .and_then(|text| serde_json::from_str::<StoredLockouts>(&text).ok())
        else {
            return;
        };
        if let (Some(stored), Ok(gate)) = (&stored.exit, &mut self.gate) {
            stored.restore(gate, now);
        }
        if let (Some(stored), Some(Ok(gate))) = (&stored.facilitator, &mut self.facilitator) {
            stored.restore(gate, now);
        }
    }

    /// Keeps both lockouts on disk after a try.
    fn save(&self, now: f64) {
        let Some(path) = &self.store else {
            return;
        };
        let stored = StoredLockouts {
            exit: self.gate.as_ref().ok().map(|gate| StoredLockout::of(gate, now)),
            facilitator: self
                .facilitator
                .as_ref()
                .and_then(|gate| gate.as_ref().ok())
                .map(|gate| StoredLockout::of(gate, now)),
        };
        let text = serde_json::to_string(&stored).unwrap_or_default();
        if let Err(err) = crate::store::atomic::write_atomic(path, text.as_bytes()) {
            warn!("cannot keep the PIN lockout in {}: {err}", path.display());
        }
    }
}

/// What the right PIN opens.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum PadPurpose {
    /// Close the wall.
    #[default]
    Exit,
    /// Start the facilitator's stand-up.
    StandUp,
}

/// Set when the facilitator's PIN was entered; the stand-up starts on the
/// next frame and clears it.
#[derive(Resource, Debug, Default)]
pub struct StandUpUnlocked(pub bool);

pub fn kiosk_locked(lock: Option<Res<KioskLock>>) -> bool {
    lock.is_some_and(|lock| lock.0)
}

pub fn make_gate(
    mut commands: Commands,
    config: Res<WallConfig>,
    active: Res<ActiveLanguage>,
    data_dir: Option<Res<crate::wall::model::DataDir>>,
    time: WallTime,
) {
    let store = data_dir.map(|dir| dir.0.join("exit-lockout.json"));
    let mut gate = ExitGate::from_config(&config, store, active.0);
    gate.load(time.now());
    commands.insert_resource(gate);
}

/// A reloaded config may bring another PIN or key combination; the wrong
/// tries and the lock stay. A new round's language only changes the pad's
/// words: the secrets are not read again.
pub fn follow_config(config: Res<WallConfig>, active: Res<ActiveLanguage>, mut gate: ResMut<ExitGate>) {
    if active.is_changed() && gate.language != active.0 {
        gate.language = active.0;
    }
    if config.is_changed() && !config.is_added() {
        let exit = gate.gate.as_ref().ok().map(PinGate::lockout);
        let facilitator = gate.facilitator.as_ref().and_then(|g| g.as_ref().ok()).map(PinGate::lockout);
        *gate = ExitGate::from_config(&config, gate.store.take(), active.0);
        if let (Ok(new), Some((wrong, until))) = (&mut gate.gate, exit) {
            new.restore(wrong, until);
        }
        if let (Some(Ok(new)), Some((wrong, until))) = (&mut gate.facilitator, facilitator) {
            new.restore(wrong, until);
        }
    }
}

/// The window manager's close button (or Alt+F4) does nothing on the TV.
pub fn ignore_close_requests(mut requests: MessageReader<WindowCloseRequested>) {
    for _ in requests.read() {
        info!("ignored a request to close the window; use the exit keys and the PIN");
    }
}
