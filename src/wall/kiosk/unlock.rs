//! What asks for the PIN: the configured key combination, a finger resting
//! in the top-left corner, or a stand-up on a kiosk whose PIN guards it.

use bevy::prelude::*;

use crate::wall::kiosk::input::{CORNER_PX, LongPress, Presses};
use crate::wall::kiosk::lock::{ExitGate, PadPurpose};
use crate::wall::kiosk::pin_pad::PinPad;
use crate::wall::shared::{Wakeups, WallConfig, WallTime};

/// Where a press in the corner began, for the long press.
#[derive(Resource, Default)]
pub(super) struct CornerPress(LongPress);

fn open_pad(pad: &mut PinPad, now: f64, message: String) {
    info!("the exit PIN pad was opened");
    *pad = PinPad::opened(PadPurpose::Exit, message, now);
}

/// Opens the pad for the facilitator's PIN: the stand-up writes decisions
/// back to the source, so a passer-by must not start it.
pub(crate) fn open_for_standup(pad: &mut PinPad, gate: &ExitGate, now: f64) {
    info!("the stand-up asks for the facilitator's PIN");
    *pad = PinPad::opened(PadPurpose::StandUp, gate.standup_message(now), now);
}

/// Which modifiers are down, followed through the key events in order: a
/// fast Ctrl+Alt+Q can press and release all three between two frames.
#[derive(Default)]
pub(super) struct Modifiers {
    ctrl: [bool; 2],
    alt: [bool; 2],
    shift: [bool; 2],
}

pub(super) fn open_on_combo(
    mut events: MessageReader<bevy::input::keyboard::KeyboardInput>,
    gate: Res<ExitGate>,
    time: WallTime,
    mut modifiers: Local<Modifiers>,
    mut pad: ResMut<PinPad>,
) {
    let Some(combo) = gate.combo() else {
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
        open_pad(&mut pad, now, gate.exit_message(now));
    }
}

/// The Bevy key for a key name from the config ("Q", "7", "F12", "END").
pub(crate) fn key_code(name: &str) -> Option<KeyCode> {
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
pub(super) fn open_on_long_press(
    presses: Presses,
    config: Res<WallConfig>,
    gate: Res<ExitGate>,
    time: WallTime,
    mut press: ResMut<CornerPress>,
    mut pad: ResMut<PinPad>,
    mut wakeups: ResMut<Wakeups>,
) {
    let pressing = !pad.open && presses.any_in(|p| p.x <= CORNER_PX && p.y <= CORNER_PX);
    let now = time.now();
    let hold = f64::from(config.exit.long_press_seconds);
    if press.0.held(pressing, now, hold, &mut wakeups) {
        press.0.reset();
        open_pad(&mut pad, now, gate.exit_message(now));
    }
}
