//! The locked kiosk: in fullscreen the window cannot be closed and no
//! single key quits. The configured key combination, or a finger resting in
//! the top-left corner, opens a PIN pad; the right PIN closes the wall
//! cleanly, wrong ones are rate-limited. In a window none of this applies.

use bevy::input::touch::Touches;
use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::{Justify, LineBreak};
use bevy::window::{PrimaryWindow, WindowCloseRequested};

use crate::config::KeyCombo;
use crate::core::pin::{PinGate, Refusal};
use crate::wall::fonts::WallFonts;
use crate::wall::shared::{Motion, WallArea, WallConfig, WallTime};
use crate::wall::theme::text_font;
use crate::wall::widget::{button, button_label};

/// The pad closes by itself after this long without a key or a touch.
const PAD_IDLE_SECONDS: f64 = 30.0;
/// The top-left square, in pixels, where a long press opens the pad.
const CORNER_PX: f32 = 120.0;

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
    language: crate::core::i18n::Language,
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
    fn from_config(config: &WallConfig, store: Option<std::path::PathBuf>) -> ExitGate {
        let gate = match config.0.exit_pin() {
            Some(Ok(pin)) => Ok(PinGate::new(&pin)),
            Some(Err(err)) => Err(err),
            None => Err("no exit PIN is set".to_string()),
        };
        let facilitator = config.0.standup_pin().map(|pin| pin.map(|pin| PinGate::new(&pin)));
        let combo = KeyCombo::parse(&config.config().exit.keys).ok();
        let exit_pin_configured = config.config().exit.pin.is_some();
        ExitGate { gate, facilitator, combo, language: config.config().language, exit_pin_configured, store }
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

/// The PIN pad while it is open. While it is open, every key goes to the
/// pad and nowhere else.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct PinPad {
    pub open: bool,
    pub purpose: PadPurpose,
    pub entered: String,
    /// The line under the dots: what went wrong, or how to leave.
    pub message: String,
    pub last_input: f64,
}

/// A key of the on-screen pad.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PadKey {
    Digit(char),
    Back,
    Enter,
    Cancel,
}

/// Every entity of the pad, despawned when it closes.
#[derive(Component)]
struct PadPart;
#[derive(Component)]
struct PadDots;
#[derive(Component)]
struct PadMessage;

/// Where a press in the corner began, for the long press.
#[derive(Resource, Default)]
struct CornerPress(Option<f64>);

/// The PIN pad's systems. Whatever else reads keys runs before them, so
/// a key that closes the pad (Escape, Enter) is the pad's alone.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct PadSystems;

pub fn plugin(app: &mut App) {
    app.add_message::<WindowCloseRequested>()
        .init_resource::<PinPad>()
        .init_resource::<StandUpUnlocked>()
        .init_resource::<CornerPress>()
        .add_systems(Startup, make_gate)
        .add_systems(
            Update,
            (
                follow_config,
                ignore_close_requests,
                open_on_combo,
                open_on_long_press,
                type_on_keyboard,
                close_when_idle,
                draw_pad,
            )
                .chain()
                .in_set(PadSystems)
                .run_if(kiosk_locked),
        );
}

fn kiosk_locked(lock: Option<Res<KioskLock>>) -> bool {
    lock.is_some_and(|lock| lock.0)
}

fn make_gate(
    mut commands: Commands,
    config: Res<WallConfig>,
    data_dir: Option<Res<crate::wall::model::DataDir>>,
    time: WallTime,
) {
    let store = data_dir.map(|dir| dir.0.join("exit-lockout.json"));
    let mut gate = ExitGate::from_config(&config, store);
    gate.load(time.now());
    commands.insert_resource(gate);
}

/// A reloaded config may bring another PIN or key combination; the wrong
/// tries and the lock stay.
fn follow_config(config: Res<WallConfig>, mut gate: ResMut<ExitGate>) {
    if config.is_changed() && !config.is_added() {
        let exit = gate.gate.as_ref().ok().map(PinGate::lockout);
        let facilitator = gate.facilitator.as_ref().and_then(|g| g.as_ref().ok()).map(PinGate::lockout);
        *gate = ExitGate::from_config(&config, gate.store.take());
        if let (Ok(new), Some((wrong, until))) = (&mut gate.gate, exit) {
            new.restore(wrong, until);
        }
        if let (Some(Ok(new)), Some((wrong, until))) = (&mut gate.facilitator, facilitator) {
            new.restore(wrong, until);
        }
    }
}

/// The window manager's close button (or Alt+F4) does nothing on the TV.
fn ignore_close_requests(mut requests: MessageReader<WindowCloseRequested>) {
    for _ in requests.read() {
        info!("ignored a request to close the window; use the exit keys and the PIN");
    }
}

fn open_pad(pad: &mut PinPad, now: f64, message: String) {
    info!("the exit PIN pad was opened");
    *pad = PinPad { open: true, purpose: PadPurpose::Exit, entered: String::new(), message, last_input: now };
}

/// Opens the pad for the facilitator's PIN: the stand-up writes decisions
/// back to the source, so a passer-by must not start it.
pub fn open_for_standup(pad: &mut PinPad, gate: &ExitGate, now: f64) {
    info!("the stand-up asks for the facilitator's PIN");
    let language = gate.language;
    let locked = gate.standup_gate().as_ref().ok().and_then(|g| g.locked_for(now));
    let message = match (gate.standup_gate(), locked) {
        (Ok(_), Some(seconds)) => language.pin_locked(seconds),
        (Ok(_), None) => language.pin_prompt_standup().to_string(),
        (Err(why), _) => why.clone(),
    };
    *pad = PinPad { open: true, purpose: PadPurpose::StandUp, entered: String::new(), message, last_input: now };
}

fn opening_message(gate: &ExitGate, now: f64) -> String {
    let language = gate.language;
    match &gate.gate {
        Ok(gate) => match gate.locked_for(now) {
            Some(seconds) => language.pin_locked(seconds),
            None => language.pin_prompt().to_string(),
        },
        Err(why) => language.pin_missing(why),
    }
}

/// Which modifiers are down, followed through the key events in order: a
/// fast Ctrl+Alt+Q can press and release all three between two frames.
#[derive(Default)]
struct Modifiers {
    ctrl: [bool; 2],
    alt: [bool; 2],
    shift: [bool; 2],
}

fn open_on_combo(
    mut events: MessageReader<bevy::input::keyboard::KeyboardInput>,
    gate: Res<ExitGate>,
    time: WallTime,
    mut modifiers: Local<Modifiers>,
    mut pad: ResMut<PinPad>,
) {
    let Some(combo) = &gate.combo else {
        events.clear();
        return;
    };
    let target = key_code(&combo.key);
    let mut hit = false;
    for event in events.read() {
        let down = event.state == bevy::input::ButtonState::Pressed;
        match event.key_code {
            KeyCode::ControlLeft => modifiers.ctrl[0] = down,
            KeyCode::ControlRight => modifiers.ctrl[1] = down,
            KeyCode::AltLeft => modifiers.alt[0] = down,
            KeyCode::AltRight => modifiers.alt[1] = down,
            KeyCode::ShiftLeft => modifiers.shift[0] = down,
            KeyCode::ShiftRight => modifiers.shift[1] = down,
            key if down && !event.repeat && Some(key) == target => {
                let held = |pair: [bool; 2]| pair[0] || pair[1];
                hit |= held(modifiers.ctrl) == combo.ctrl
                    && held(modifiers.alt) == combo.alt
                    && (!combo.shift || held(modifiers.shift));
            }
            _ => {}
        }
    }
    if hit && !pad.open {
        let now = time.now();
        open_pad(&mut pad, now, opening_message(&gate, now));
    }
}

/// The Bevy key for a key name from the config ("Q", "7", "F12", "END").
pub fn key_code(name: &str) -> Option<KeyCode> {
    use KeyCode::*;
    const LETTERS: [KeyCode; 26] = [
        KeyA, KeyB, KeyC, KeyD, KeyE, KeyF, KeyG, KeyH, KeyI, KeyJ, KeyK, KeyL, KeyM, KeyN, KeyO, KeyP, KeyQ, KeyR,
        KeyS, KeyT, KeyU, KeyV, KeyW, KeyX, KeyY, KeyZ,
    ];
    const DIGITS: [KeyCode; 10] = [Digit0, Digit1, Digit2, Digit3, Digit4, Digit5, Digit6, Digit7, Digit8, Digit9];
    const FUNCTIONS: [KeyCode; 12] = [F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12];
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(c @ 'A'..='Z'), None) => Some(LETTERS[(c as u8 - b'A') as usize]),
        (Some(c @ '0'..='9'), None) => Some(DIGITS[(c as u8 - b'0') as usize]),
        _ => match name {
            "ESCAPE" => Some(Escape),
            "END" => Some(End),
            "HOME" => Some(Home),
            "DELETE" => Some(Delete),
            "BACKSPACE" => Some(Backspace),
            _ => name
                .strip_prefix('F')
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| FUNCTIONS.get(n.wrapping_sub(1)).copied()),
        },
    }
}

/// A finger (or the mouse) resting in the top-left corner opens the pad.
#[allow(clippy::too_many_arguments)] // Touch, mouse, window and the pad.
fn open_on_long_press(
    touches: Option<Res<Touches>>,
    mouse: Option<Res<ButtonInput<MouseButton>>>,
    windows: Query<&Window, With<PrimaryWindow>>,
    config: Res<WallConfig>,
    gate: Res<ExitGate>,
    time: WallTime,
    mut press: ResMut<CornerPress>,
    mut pad: ResMut<PinPad>,
    mut wakeups: ResMut<crate::wall::shared::Wakeups>,
) {
    let in_corner = |p: Vec2| p.x <= CORNER_PX && p.y <= CORNER_PX;
    let touching = touches.as_ref().is_some_and(|t| t.iter().any(|touch| in_corner(touch.position())));
    let clicking = mouse.as_ref().is_some_and(|m| m.pressed(MouseButton::Left))
        && windows.single().ok().and_then(Window::cursor_position).is_some_and(in_corner);
    let now = time.now();
    if pad.open || !(touching || clicking) {
        press.0 = None;
        return;
    }
    let since = *press.0.get_or_insert(now);
    let hold = f64::from(config.config().exit.long_press_seconds);
    if now - since >= hold {
        press.0 = None;
        open_pad(&mut pad, now, opening_message(&gate, now));
    } else {
        // Nothing moves while a finger rests: wake when the hold is done.
        wakeups.in_seconds((since + hold - now) as f32);
    }
}

/// Digits, Backspace, Enter and Escape on a keyboard, in the order typed.
fn type_on_keyboard(
    mut events: MessageReader<bevy::input::keyboard::KeyboardInput>,
    time: WallTime,
    mut gate: ResMut<ExitGate>,
    mut pad: ResMut<PinPad>,
    mut exit: MessageWriter<AppExit>,
    mut standup: ResMut<StandUpUnlocked>,
) {
    for event in events.read() {
        if !pad.open || event.state != bevy::input::ButtonState::Pressed || event.repeat {
            continue;
        }
        let pressed = match event.key_code {
            KeyCode::Escape => PadKey::Cancel,
            KeyCode::Enter | KeyCode::NumpadEnter => PadKey::Enter,
            KeyCode::Backspace => PadKey::Back,
            other => match digit_of(other) {
                Some(digit) => PadKey::Digit(digit),
                None => continue,
            },
        };
        press_key(pressed, time.now(), &mut gate, &mut pad, &mut exit, &mut standup);
    }
}

fn digit_of(key: KeyCode) -> Option<char> {
    use KeyCode::*;
    let digits = [
        (Digit0, '0'),
        (Digit1, '1'),
        (Digit2, '2'),
        (Digit3, '3'),
        (Digit4, '4'),
        (Digit5, '5'),
        (Digit6, '6'),
        (Digit7, '7'),
        (Digit8, '8'),
        (Digit9, '9'),
        (Numpad0, '0'),
        (Numpad1, '1'),
        (Numpad2, '2'),
        (Numpad3, '3'),
        (Numpad4, '4'),
        (Numpad5, '5'),
        (Numpad6, '6'),
        (Numpad7, '7'),
        (Numpad8, '8'),
        (Numpad9, '9'),
    ];
    digits.iter().find(|(code, _)| *code == key).map(|(_, digit)| *digit)
}

/// One key of the pad, from the keyboard or a touch.
pub fn press_key(
    key: PadKey,
    now: f64,
    gate: &mut ExitGate,
    pad: &mut PinPad,
    exit: &mut MessageWriter<AppExit>,
    standup: &mut StandUpUnlocked,
) {
    pad.last_input = now;
    match key {
        PadKey::Digit(digit) if pad.entered.len() < 12 => pad.entered.push(digit),
        PadKey::Digit(_) => {}
        PadKey::Back => {
            pad.entered.pop();
        }
        PadKey::Cancel => *pad = PinPad::default(),
        PadKey::Enter => {
            let entered = std::mem::take(&mut pad.entered);
            let language = gate.language;
            let purpose = pad.purpose;
            let pins = match (purpose, gate.facilitator.as_mut()) {
                (PadPurpose::StandUp, Some(facilitator)) => facilitator,
                _ => &mut gate.gate,
            };
            let checked = pins.as_mut().ok().map(|pins| pins.check(&entered, now));
            gate.save(now);
            if let Some(checked) = checked {
                match (checked, purpose) {
                    (Ok(()), PadPurpose::Exit) => {
                        info!("the exit PIN was entered; closing the wall");
                        *pad = PinPad::default();
                        exit.write(AppExit::Success);
                    }
                    (Ok(()), PadPurpose::StandUp) => {
                        info!("the facilitator's PIN was entered; starting the stand-up");
                        *pad = PinPad::default();
                        standup.0 = true;
                    }
                    (Err(Refusal::Wrong { tries_left }), _) => {
                        warn!("a wrong PIN was entered");
                        pad.message = language.pin_wrong(tries_left);
                    }
                    (Err(Refusal::Locked { seconds }), _) => {
                        warn!("the PIN pad is locked for {seconds} s after wrong PINs");
                        pad.message = language.pin_locked(seconds);
                    }
                }
            }
        }
    }
}

fn close_when_idle(time: WallTime, mut pad: ResMut<PinPad>, mut wakeups: ResMut<crate::wall::shared::Wakeups>) {
    if !pad.open {
        return;
    }
    let idle = time.now() - pad.last_input;
    if idle >= PAD_IDLE_SECONDS {
        *pad = PinPad::default();
    } else {
        wakeups.in_seconds((PAD_IDLE_SECONDS - idle) as f32);
    }
}

/// Shows the pad while it is open: a dark veil, the dots typed so far, a
/// line of feedback and twelve large keys that a finger can hit.
#[allow(clippy::too_many_arguments)] // The pad's pieces.
fn draw_pad(
    mut commands: Commands,
    pad: Res<PinPad>,
    area: Option<Res<WallArea>>,
    fonts: Option<Res<WallFonts>>,
    config: Res<WallConfig>,
    parts: Query<Entity, With<PadPart>>,
    mut dots: Query<&mut Text2d, (With<PadDots>, Without<PadMessage>)>,
    mut message: Query<&mut Text2d, (With<PadMessage>, Without<PadDots>)>,
    mut motion: ResMut<Motion>,
) {
    if !pad.is_changed() {
        return;
    }
    motion.active = true; // Draw the change now.
    if !pad.open {
        for entity in &parts {
            commands.entity(entity).despawn();
        }
        return;
    }
    let dots_line: String = if pad.entered.is_empty() { "–".into() } else { "●".repeat(pad.entered.len()) };
    if !parts.is_empty() {
        for mut text in &mut dots {
            text.0 = dots_line.clone();
        }
        for mut text in &mut message {
            text.0 = pad.message.clone();
        }
        return;
    }
    let (Some(area), Some(fonts)) = (area, fonts) else {
        return;
    };
    let px = config.config().min_text_px;
    let key = (px * 4.0).round();
    let gap = (px * 0.6).round();
    let panel = Vec2::new(3.0 * key + 4.0 * gap + px * 6.0, 4.0 * key + 5.0 * gap + px * 9.0);
    let center = area.to_world(area.screen.x / 2.0, area.screen.y / 2.0);
    let z = 9.0;
    // The veil takes the taps that miss the pad, so nothing behind it opens.
    commands.spawn((
        PadPart,
        Pickable::default(),
        Sprite::from_color(Color::srgba(0.0, 0.0, 0.0, 0.8), area.screen * 2.0),
        Transform::from_translation(center.extend(z)),
    ));
    commands.spawn((
        PadPart,
        Sprite::from_color(Color::srgb(0.18, 0.19, 0.22), panel),
        Transform::from_translation(center.extend(z + 0.1)),
    ));
    let top = center.y + panel.y / 2.0;
    commands.spawn((
        PadPart,
        PadDots,
        Text2d::new(dots_line),
        text_font(&fonts.bold, (px * 2.0).round()),
        TextColor(Color::WHITE),
        Anchor::CENTER,
        Transform::from_xyz(center.x, top - px * 2.5, z + 0.2),
    ));
    commands.spawn((
        PadPart,
        PadMessage,
        Text2d::new(pad.message.clone()),
        text_font(&fonts.regular, px),
        TextColor(Color::srgb(0.98, 0.76, 0.33)),
        TextLayout::new(Justify::Center, LineBreak::WordOrCharacter),
        bevy::text::TextBounds::new_horizontal(panel.x - px * 2.0),
        Anchor::CENTER,
        Transform::from_xyz(center.x, top - px * 5.2, z + 0.2),
    ));
    let labels = [
        PadKey::Digit('1'),
        PadKey::Digit('2'),
        PadKey::Digit('3'),
        PadKey::Digit('4'),
        PadKey::Digit('5'),
        PadKey::Digit('6'),
        PadKey::Digit('7'),
        PadKey::Digit('8'),
        PadKey::Digit('9'),
        PadKey::Back,
        PadKey::Digit('0'),
        PadKey::Enter,
    ];
    let first_row = top - px * 8.0 - key / 2.0;
    for (i, pad_key) in labels.into_iter().enumerate() {
        let column = (i % 3) as f32 - 1.0;
        let row = (i / 3) as f32;
        let at = Vec2::new(center.x + column * (key + gap), first_row - row * (key + gap));
        let (label, color) = match pad_key {
            PadKey::Digit(d) => (d.to_string(), Color::srgb(0.30, 0.31, 0.35)),
            PadKey::Back => ("⌫".to_string(), Color::srgb(0.36, 0.30, 0.30)),
            PadKey::Enter => ("OK".to_string(), Color::srgb(0.15, 0.45, 0.25)),
            PadKey::Cancel => ("×".to_string(), Color::srgb(0.36, 0.30, 0.30)),
        };
        commands
            .spawn((PadPart, pad_key, button(color, Vec2::splat(key), at.extend(z + 0.2))))
            .observe(on_pad_click)
            .with_child(button_label(label, &fonts.bold, (px * 1.6).round()));
    }
    // A wide Cancel key under the panel.
    let cancel = Vec2::new(3.0 * key + 2.0 * gap, (px * 2.4).round());
    let cancel_y = center.y - panel.y / 2.0 - gap - cancel.y / 2.0;
    commands
        .spawn((
            PadPart,
            PadKey::Cancel,
            button(Color::srgb(0.30, 0.31, 0.35), cancel, Vec3::new(center.x, cancel_y, z + 0.2)),
        ))
        .observe(on_pad_click)
        .with_child(button_label(config.config().language.cancel(), &fonts.regular, (px * 1.2).round()));
}

fn on_pad_click(
    click: On<Pointer<Click>>,
    keys: Query<&PadKey>,
    time: WallTime,
    mut gate: ResMut<ExitGate>,
    mut pad: ResMut<PinPad>,
    mut exit: MessageWriter<AppExit>,
    mut standup: ResMut<StandUpUnlocked>,
) {
    if let Ok(key) = keys.get(click.entity) {
        press_key(*key, time.now(), &mut gate, &mut pad, &mut exit, &mut standup);
    }
}
