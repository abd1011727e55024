//! The PIN pad: a dark veil, the dots typed so far, a line of feedback and
//! twelve keys a finger can hit. While it is open every key is the pad's.

use bevy::prelude::*;
use bevy::text::{Justify, LineBreak};

use crate::core::pin::Refusal;
use crate::wall::fonts::WallFonts;
use crate::wall::kiosk::lock::{ExitGate, PadPurpose, StandUpUnlocked};
use crate::wall::shared::{ActiveLanguage, Motion, Wakeups, WallArea, WallConfig, WallTime};
use crate::wall::widget::{button, button_label, label};

/// The pad closes by itself after this long without a key or a touch.
const PAD_IDLE_SECONDS: f64 = 30.0;

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
pub(super) struct PadPart;
#[derive(Component)]
pub(super) struct PadDots;
#[derive(Component)]
pub(super) struct PadMessage;

impl PinPad {
    /// The pad, open for `purpose` with `message` under the dots.
    pub fn opened(purpose: PadPurpose, message: String, now: f64) -> PinPad {
        PinPad { open: true, purpose, entered: String::new(), message, last_input: now }
    }
}

/// Digits, Backspace, Enter and Escape on a keyboard, in the order typed.
pub(super) fn type_on_keyboard(
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
            let language = gate.language();
            let purpose = pad.purpose;
            if let Some(checked) = gate.check(purpose, &entered, now) {
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
                    // OK with no digits: the pad just waits for the PIN.
                    (Err(Refusal::Empty), _) => {}
                }
            }
        }
    }
}

pub(super) fn close_when_idle(time: WallTime, mut pad: ResMut<PinPad>, mut wakeups: ResMut<Wakeups>) {
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
/// line of feedback and twelve large keys that a finger can hit. Once
/// drawn, only the dots and the line change.
pub(super) fn draw_pad(
    active: Res<ActiveLanguage>,
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
    let shape = PadShape::new(area.text_px, &area, &config.screen);
    shape.spawn_panel(&mut commands, &area, &fonts, dots_line, pad.message.clone());
    shape.spawn_keys(&mut commands, &fonts, active.0.cancel());
}

/// The pad's measures, from the smallest text size, placed where hands
/// reach (`core::reach`): its keys in the band 800–1,100 mm above the
/// floor when the screen allows, else as low (or high) as it allows.
struct PadShape {
    px: f32,
    key: f32,
    gap: f32,
    panel: Vec2,
    center: Vec2,
    top: f32,
}

/// The pad's layer: above the wall, the detail view and the stand-up.
const Z: f32 = 9.0;

impl PadShape {
    fn new(px: f32, area: &WallArea, mount: &crate::core::reach::Mount) -> PadShape {
        let key = (px * 4.0).round().max(mount.target_px(area.screen.y).ceil());
        let gap = (px * 0.6).round();
        let panel = Vec2::new(3.0 * key + 4.0 * gap + px * 6.0, 4.0 * key + 5.0 * gap + px * 9.0);
        // The panel and the Cancel under it, as one block.
        let block = panel.y + gap + (px * 2.4).round();
        let block_y = mount.centre_y(block, px, area.screen.y);
        let panel_y = block_y - block / 2.0 + panel.y / 2.0;
        let center = area.to_world(area.screen.x / 2.0, panel_y);
        PadShape { px, key, gap, panel, center, top: center.y + panel.y / 2.0 }
    }

    /// The veil, the panel, the dots and the message line.
    fn spawn_panel(&self, commands: &mut Commands, area: &WallArea, fonts: &WallFonts, dots: String, message: String) {
        let (px, center) = (self.px, self.center);
        // The veil takes the taps that miss the pad, so nothing behind it opens.
        commands.spawn((
            PadPart,
            Pickable::default(),
            Sprite::from_color(crate::wall::theme::PAD_VEIL, area.screen * 2.0),
            Transform::from_translation(center.extend(Z)),
        ));
        commands.spawn((
            PadPart,
            Sprite::from_color(crate::wall::theme::PAD_PANEL, self.panel),
            Transform::from_translation(center.extend(Z + 0.1)),
        ));
        let dots_at = Vec3::new(center.x, self.top - px * 2.5, Z + 0.2);
        commands.spawn((PadPart, PadDots, label(dots, &fonts.bold, (px * 2.0).round()).at(dots_at)));
        let message_at = Vec3::new(center.x, self.top - px * 5.2, Z + 0.2);
        commands.spawn((
            PadPart,
            PadMessage,
            label(message, &fonts.regular, px)
                .color(crate::wall::theme::PAD_MESSAGE)
                .wrap(self.panel.x - px * 2.0)
                .layout(TextLayout::new(Justify::Center, LineBreak::WordOrCharacter))
                .at(message_at),
        ));
    }

    /// Twelve keys in a grid of three, and a wide Cancel under the panel.
    fn spawn_keys(&self, commands: &mut Commands, fonts: &WallFonts, cancel_text: &str) {
        let (px, key, gap, center) = (self.px, self.key, self.gap, self.center);
        let digit = |d: char| PadKey::Digit(d);
        let keys = [
            digit('1'),
            digit('2'),
            digit('3'),
            digit('4'),
            digit('5'),
            digit('6'),
            digit('7'),
            digit('8'),
            digit('9'),
            PadKey::Back,
            digit('0'),
            PadKey::Enter,
        ];
        let first_row = self.top - px * 8.0 - key / 2.0;
        for (i, pad_key) in keys.into_iter().enumerate() {
            let column = (i % 3) as f32 - 1.0;
            let row = (i / 3) as f32;
            let at = Vec2::new(center.x + column * (key + gap), first_row - row * (key + gap));
            let (text, color) = match pad_key {
                PadKey::Digit(d) => (d.to_string(), crate::wall::theme::PLAIN_BUTTON),
                PadKey::Back => ("⌫".to_string(), crate::wall::theme::ERASE_KEY),
                PadKey::Enter => ("OK".to_string(), crate::wall::theme::YES_BUTTON),
                PadKey::Cancel => ("×".to_string(), crate::wall::theme::ERASE_KEY),
            };
            commands
                .spawn((PadPart, pad_key, button(color, Vec2::splat(key), at.extend(Z + 0.2))))
                .observe(on_pad_click)
                .with_child(button_label(text, &fonts.bold, (px * 1.6).round()));
        }
        let cancel = Vec2::new(3.0 * key + 2.0 * gap, (px * 2.4).round());
        let cancel_y = center.y - self.panel.y / 2.0 - gap - cancel.y / 2.0;
        let at = Vec3::new(center.x, cancel_y, Z + 0.2);
        commands
            .spawn((PadPart, PadKey::Cancel, button(crate::wall::theme::PLAIN_BUTTON, cancel, at)))
            .observe(on_pad_click)
            .with_child(button_label(cancel_text, &fonts.regular, (px * 1.2).round()));
    }
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
