//! Stand-up mode for the facilitator of the weekly stand-up: S (or a long
//! press on the header) walks this week's top notes one at a time, full
//! screen, with a timer per note and buttons for the decision. Decisions are
//! stored crash-safely in the vote journal and show as stamps in every
//! scene. It ends with a summary, also saved as Markdown minutes in
//! `<data_dir>/standups/`.

use std::collections::HashMap;

use bevy::input::ButtonState;
use bevy::input::keyboard::KeyboardInput;
use bevy::input::touch::Touches;
use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::{Justify, LineBreak, TextBounds};

use crate::wall::cards::draw;

use crate::core::model::Status;
use crate::core::priorities::agenda;
use crate::core::standup::{self, Item};
use crate::core::wall_model::WallModel;
use crate::wall::fonts::WallFonts;
use crate::wall::model::{DataDir, Wall};
use crate::wall::scenes::{Scene, SceneRotation, Transition, WallClock, begin};
use crate::wall::shared::{Motion, Wakeups, WallArea, WallConfig, WallTime};
use crate::wall::theme::text_font;
use crate::wall::voting::detail::VoteBook;
use crate::wall::widget::{button, button_label, set_text};

/// The decisions, in button order.
pub const DECISIONS: [Status; 5] =
    [Status::Discussed, Status::Planned, Status::InProgress, Status::Done, Status::Declined];
/// Seconds a press on the header must last to start the stand-up.
const HEADER_PRESS_SECONDS: f64 = 2.0;

/// The stand-up in progress.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct StandUp {
    /// The notes to walk (ids on the wall), most votes first, and their votes.
    pub items: Vec<(String, u32)>,
    pub index: usize,
    /// When the current note came on (wall seconds).
    pub item_started: f64,
    pub decisions: HashMap<String, Status>,
    /// The summary is on; `saved` says where the minutes went.
    pub summary: bool,
    pub saved: Option<Result<String, String>>,
}

/// What the facilitator pressed.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Decide(Status),
    Previous,
    Next,
    Finish,
    Close,
}

#[derive(Component)]
struct StandUpPart;
#[derive(Component)]
struct ItemTimer;

#[derive(Resource, Default)]
struct HeaderPress(Option<f64>);

pub fn plugin(app: &mut App) {
    app.init_resource::<StandUp>().init_resource::<HeaderPress>().add_systems(
        Update,
        (start_on_key_or_press, keys_in_standup, draw_standup, tick_timer)
            .chain()
            .before(crate::wall::kiosk::lock::PadSystems),
    );
}

/// The notes of this week's stand-up: the agenda's, most votes first.
pub fn choose_items(wall: &WallModel, count: usize) -> Vec<(String, u32)> {
    let Some(snapshot) = wall.snapshot() else {
        return Vec::new();
    };
    let agenda = agenda(&snapshot.notes, wall.ranking_votes(), usize::MAX, usize::MAX);
    let mut items: Vec<(String, u32, chrono::DateTime<chrono::Utc>)> = agenda
        .groups
        .iter()
        .flat_map(|group| group.items.iter().map(|p| (p.note.id.clone(), p.votes, p.note.created_at)))
        .collect();
    items.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.2.cmp(&a.2)));
    items.into_iter().take(count).map(|(id, votes, _)| (id, votes)).collect()
}

/// The PIN pad of a locked kiosk, which guards the start of a stand-up.
#[derive(bevy::ecs::system::SystemParam)]
pub struct Guard<'w> {
    lock: Option<Res<'w, crate::wall::kiosk::lock::KioskLock>>,
    gate: Option<Res<'w, crate::wall::kiosk::lock::ExitGate>>,
    pad: Option<ResMut<'w, crate::wall::kiosk::lock::PinPad>>,
    unlocked: Option<ResMut<'w, crate::wall::kiosk::lock::StandUpUnlocked>>,
}

impl Guard<'_> {
    fn pad_open(&self) -> bool {
        self.pad.as_ref().is_some_and(|pad| pad.open)
    }

    /// The facilitator's PIN was entered a moment ago.
    fn take_unlocked(&mut self) -> bool {
        self.unlocked.as_mut().is_some_and(|unlocked| std::mem::take(&mut unlocked.0))
    }

    /// Asks for the PIN, where one guards the stand-up; false when none
    /// does and the stand-up may start right away.
    fn ask(&mut self, now: f64) -> bool {
        let locked = self.lock.as_ref().is_some_and(|lock| lock.0);
        match (&self.gate, &mut self.pad) {
            (Some(gate), Some(pad)) if locked && gate.guards_standup() => {
                crate::wall::kiosk::lock::open_for_standup(pad, gate, now);
                true
            }
            _ => false,
        }
    }
}

#[allow(clippy::too_many_arguments)] // Keys, touch, mouse and what a start needs.
fn start_on_key_or_press(
    mut guard: Guard,
    mut events: MessageReader<KeyboardInput>,
    touches: Option<Res<Touches>>,
    mouse: Option<Res<ButtonInput<MouseButton>>>,
    windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
    area: Option<Res<WallArea>>,
    wall: Res<Wall>,
    config: Res<WallConfig>,
    state: Res<State<Scene>>,
    time: WallTime,
    mut press: ResMut<HeaderPress>,
    mut standup: ResMut<StandUp>,
    mut transition: ResMut<Transition>,
    mut wakeups: ResMut<Wakeups>,
) {
    let key = events.read().any(|e| e.key_code == KeyCode::KeyS && e.state == ButtonState::Pressed && !e.repeat);
    let now = time.now();
    // Keys typed into the PIN pad are the pad's alone.
    let key = key && !guard.pad_open();
    let unlocked = guard.take_unlocked();
    // A long press on the header, away from the exit corner.
    let header_h = area.as_ref().map_or(0.0, |a| a.header_h);
    let on_header = |p: Vec2| p.y <= header_h && p.x > 200.0;
    let pressing = touches.as_ref().is_some_and(|t| t.iter().any(|touch| on_header(touch.position())))
        || mouse.as_ref().is_some_and(|m| m.pressed(MouseButton::Left))
            && windows.single().ok().and_then(Window::cursor_position).is_some_and(on_header);
    let held = if pressing {
        let since = *press.0.get_or_insert(now);
        wakeups.in_seconds((since + HEADER_PRESS_SECONDS - now).max(0.0) as f32);
        now - since >= HEADER_PRESS_SECONDS
    } else {
        press.0 = None;
        false
    };
    if !(key || held || unlocked) || matches!(*state.get(), Scene::StandUp | Scene::Night) || transition.to.is_some() {
        return;
    }
    press.0 = None;
    if !unlocked && guard.ask(now) {
        return;
    }
    let items = choose_items(&wall, config.config().standup.items as usize);
    if items.is_empty() {
        info!("no open notes to walk in a stand-up");
        return;
    }
    info!("stand-up started with {} notes", items.len());
    *standup = StandUp { items, index: 0, item_started: now, ..default() };
    begin(&mut transition, Scene::StandUp);
}

/// Everything a control of the stand-up reads and changes.
#[derive(bevy::ecs::system::SystemParam)]
pub struct Controls<'w> {
    time: WallTime<'w>,
    wall: Res<'w, Wall>,
    config: Res<'w, WallConfig>,
    clock: Res<'w, WallClock>,
    data_dir: Option<Res<'w, DataDir>>,
    rotation: Option<Res<'w, SceneRotation>>,
    book: Option<ResMut<'w, VoteBook>>,
    standup: ResMut<'w, StandUp>,
    transition: ResMut<'w, Transition>,
}

impl Controls<'_> {
    fn apply(&mut self, control: Control) {
        apply(
            control,
            self.time.now(),
            &self.wall,
            &self.config,
            &self.clock,
            self.data_dir.as_deref(),
            self.rotation.as_deref(),
            self.book.as_deref_mut(),
            &mut self.standup,
            &mut self.transition,
        );
    }
}

/// ←/→ or Enter to move, 1–5 to decide, Esc to finish (and to close the
/// summary).
fn keys_in_standup(
    mut events: MessageReader<KeyboardInput>,
    state: Res<State<Scene>>,
    pad: Option<Res<crate::wall::kiosk::lock::PinPad>>,
    mut controls: Controls,
) {
    let pressed: Vec<KeyCode> =
        events.read().filter(|e| e.state == ButtonState::Pressed && !e.repeat).map(|e| e.key_code).collect();
    if *state.get() != Scene::StandUp || pad.is_some_and(|pad| pad.open) {
        return;
    }
    for key in pressed {
        let control = match key {
            KeyCode::ArrowLeft => Control::Previous,
            KeyCode::ArrowRight | KeyCode::Enter => Control::Next,
            KeyCode::Escape if controls.standup.summary => Control::Close,
            KeyCode::Escape => Control::Finish,
            KeyCode::Digit1 => Control::Decide(DECISIONS[0]),
            KeyCode::Digit2 => Control::Decide(DECISIONS[1]),
            KeyCode::Digit3 => Control::Decide(DECISIONS[2]),
            KeyCode::Digit4 => Control::Decide(DECISIONS[3]),
            KeyCode::Digit5 => Control::Decide(DECISIONS[4]),
            _ => continue,
        };
        controls.apply(control);
    }
}

/// One control of the stand-up, from a key or a button.
#[allow(clippy::too_many_arguments)]
pub fn apply(
    control: Control,
    now: f64,
    wall: &Wall,
    config: &WallConfig,
    clock: &WallClock,
    data_dir: Option<&DataDir>,
    rotation: Option<&SceneRotation>,
    book: Option<&mut VoteBook>,
    standup: &mut StandUp,
    transition: &mut Transition,
) {
    let last = standup.items.len().saturating_sub(1);
    match control {
        Control::Decide(status) => {
            let Some((id, _)) = standup.items.get(standup.index).cloned() else {
                return;
            };
            let stored = match book {
                Some(book) => book.decide(wall, &id, status),
                None => Err("no vote journal".to_string()),
            };
            match stored {
                Ok(()) => {
                    info!("stand-up: note {id} is {}", status.key());
                    standup.decisions.insert(id, status);
                }
                Err(err) => {
                    error!("stand-up: the decision for note {id} could not be stored: {err}")
                }
            }
        }
        Control::Previous if !standup.summary && standup.index > 0 => {
            standup.index -= 1;
            standup.item_started = now;
        }
        Control::Next if !standup.summary && standup.index < last => {
            standup.index += 1;
            standup.item_started = now;
        }
        Control::Next | Control::Finish if !standup.summary => {
            standup.summary = true;
            standup.saved = Some(save_minutes(wall, config, clock, data_dir, standup));
        }
        Control::Close => {
            let back = rotation.map_or(Scene::Change, |r| Scene::from_name(r.0.current()));
            begin(transition, back);
        }
        _ => {}
    }
}

/// The first free name of the day's minutes: `2026-11-23.md`, then
/// `2026-11-23-2.md` for a second stand-up that day, and so on; saved
/// minutes are never overwritten.
pub fn minutes_path(dir: &std::path::Path, date: chrono::NaiveDate) -> std::path::PathBuf {
    let first = dir.join(format!("{date}.md"));
    if !first.exists() {
        return first;
    }
    (2..).map(|n| dir.join(format!("{date}-{n}.md"))).find(|path| !path.exists()).unwrap_or(first)
}

/// Writes `<data_dir>/standups/<date>.md` (or the next free name); returns
/// the path, or why not.
fn save_minutes(
    wall: &Wall,
    config: &WallConfig,
    clock: &WallClock,
    data_dir: Option<&DataDir>,
    standup: &StandUp,
) -> Result<String, String> {
    let Some(data_dir) = data_dir else {
        return Err("no data folder".into());
    };
    let now = clock.now();
    let zone = config.0.zone();
    let notes = wall.snapshot().map(|s| s.notes.as_slice()).unwrap_or_default();
    let items: Vec<Item<'_>> = standup
        .items
        .iter()
        .filter_map(|(id, votes)| {
            let note = notes.iter().find(|n| &n.id == id)?;
            Some(Item { note, votes: *votes, decision: standup.decisions.get(id).copied() })
        })
        .collect();
    let date = zone.local(now).date();
    let text = standup::minutes(date, zone.iso_week(now), &items, config.config().language);
    let path = minutes_path(&data_dir.0.join("standups"), date);
    match crate::store::atomic::write_atomic(&path, text.as_bytes()) {
        Ok(()) => {
            info!("stand-up minutes saved to {}", path.display());
            Ok(path.display().to_string())
        }
        Err(err) => {
            error!("cannot save the stand-up minutes to {}: {err}", path.display());
            Err(err.to_string())
        }
    }
}

fn on_control(click: On<Pointer<Click>>, buttons: Query<&Control>, mut controls: Controls) {
    if let Ok(control) = buttons.get(click.entity) {
        controls.apply(*control);
    }
}

/// The stand-up screen, rebuilt on every change (a press, a decision).
#[allow(clippy::too_many_arguments)] // The screen shows the note, its decision and the controls.
fn draw_standup(
    mut commands: Commands,
    state: Res<State<Scene>>,
    standup: Res<StandUp>,
    wall: Res<Wall>,
    area: Option<Res<WallArea>>,
    fonts: Option<Res<WallFonts>>,
    assets: Option<Res<draw::CardAssets>>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    measure: Res<crate::wall::cards::TextMeasure>,
    parts: Query<Entity, With<StandUpPart>>,
    mut motion: ResMut<Motion>,
) {
    if *state.get() != Scene::StandUp
        || (!standup.is_changed() && !state.is_changed() && !area.as_ref().is_some_and(|a| a.is_changed()))
    {
        return;
    }
    for entity in &parts {
        commands.entity(entity).despawn();
    }
    let (Some(area), Some(fonts)) = (area, fonts) else {
        return;
    };
    motion.active = true;
    let cfg = config.config();
    let language = cfg.language;
    let px = cfg.min_text_px;
    let notes = area.notes;
    let z = 2.0;
    let ink = crate::wall::theme::INK;
    let light = Color::srgb(0.96, 0.95, 0.92);
    let text = |commands: &mut Commands,
                value: String,
                at: Vec2,
                size: f32,
                bold: bool,
                color: Color,
                width: f32,
                anchor: Anchor| {
        commands.spawn((
            StandUpPart,
            Text2d::new(value),
            text_font(if bold { &fonts.bold } else { &fonts.regular }, size),
            TextColor(color),
            TextLayout::new(Justify::Left, LineBreak::WordOrCharacter),
            TextBounds::new_horizontal(width),
            anchor,
            Transform::from_translation(area.to_world(at.x, at.y).extend(z + 0.2)),
            DespawnOnExit(Scene::StandUp),
        ));
    };
    let button = |commands: &mut Commands, control: Control, label: &str, at: Vec2, size: Vec2, color: Color| {
        commands
            .spawn((
                StandUpPart,
                control,
                button(color, size, area.to_world(at.x, at.y).extend(z + 0.1)),
                DespawnOnExit(Scene::StandUp),
            ))
            .observe(on_control)
            .with_child(button_label(label, &fonts.bold, (px * 1.1).round()));
    };
    let nav = language.standup_nav();
    let all_notes = wall.snapshot().map(|s| s.notes.as_slice()).unwrap_or_default();

    if standup.summary {
        text(
            &mut commands,
            language.decisions().to_string(),
            Vec2::new(notes.x + px, notes.y + px),
            (px * 1.6).round(),
            true,
            light,
            notes.w,
            Anchor::TOP_LEFT,
        );
        let mut y = notes.y + px * 4.0;
        for (id, votes) in &standup.items {
            let Some(note) = all_notes.iter().find(|n| &n.id == id) else {
                continue;
            };
            let decision = standup.decisions.get(id).map_or("—", |s| language.status(*s));
            let size = (px * 1.1).round();
            let head = format!("{decision}   ·   {votes} ▲   ·   ");
            let head_w = measure.0.width_em(&head, crate::core::metrics::Weight::Regular) * size;
            // One line per note: the whole text is in the minutes.
            let (body, _) =
                crate::core::wrap::truncate_to_lines(&note.text, notes.w - 3.0 * px - head_w, size, 1, &*measure.0);
            text(
                &mut commands,
                format!("{head}{body}"),
                Vec2::new(notes.x + px, y),
                size,
                false,
                light,
                notes.w - 2.0 * px,
                Anchor::TOP_LEFT,
            );
            y += px * 2.4;
        }
        let saved = match &standup.saved {
            Some(Ok(path)) => language.minutes_saved(Some(path)),
            _ => language.minutes_saved(None),
        };
        text(
            &mut commands,
            saved,
            Vec2::new(notes.x + px, y + px),
            px,
            false,
            Color::srgb(0.72, 0.73, 0.75),
            notes.w,
            Anchor::TOP_LEFT,
        );
        let size = Vec2::new(px * 10.0, px * 2.6);
        button(
            &mut commands,
            Control::Close,
            nav[3],
            Vec2::new(notes.x + notes.w - size.x / 2.0 - px, notes.y + notes.h - size.y / 2.0),
            size,
            Color::srgb(0.30, 0.31, 0.35),
        );
        return;
    }

    let Some((id, votes)) = standup.items.get(standup.index) else {
        return;
    };
    let Some(note) = all_notes.iter().find(|n| &n.id == id) else {
        return;
    };
    // The line above the card: which item, and the timer (its own entity).
    text(
        &mut commands,
        language.item_of(standup.index + 1, standup.items.len()),
        Vec2::new(notes.x + px, notes.y + px * 1.2),
        (px * 1.3).round(),
        true,
        light,
        notes.w / 2.0,
        Anchor::CENTER_LEFT,
    );
    commands.spawn((
        StandUpPart,
        ItemTimer,
        Text2d::default(),
        text_font(&fonts.bold, (px * 1.6).round()),
        TextColor(light),
        TextLayout::new(Justify::Right, LineBreak::NoWrap),
        Anchor::CENTER_RIGHT,
        Transform::from_translation(area.to_world(notes.x + notes.w - px, notes.y + px * 1.2).extend(z + 0.2)),
        DespawnOnExit(Scene::StandUp),
    ));

    // The note, large, on its own paper.
    let card_top = notes.y + px * 3.0;
    let card_h = notes.h - px * 3.0 - px * 7.5;
    let paper = draw::color(cfg.colors.of(note.kind));
    commands.spawn((
        StandUpPart,
        Sprite::from_color(paper, Vec2::new(notes.w, card_h)),
        Transform::from_translation(area.to_world(notes.x + notes.w / 2.0, card_top + card_h / 2.0).extend(z)),
        DespawnOnExit(Scene::StandUp),
    ));
    let mut header = format!("{}  ·  {votes} ▲", language.kind(note.kind));
    if let Some(team) = &note.team {
        header = format!("{}  ·  {}", header, language.team(team));
    }
    // The kind's shape before its word, as on the note on the wall.
    let mut header_x = notes.x + 2.0 * px;
    if let Some(assets) = assets.as_deref() {
        let header_px = (px * 1.2).round();
        let icon = header_px * crate::core::layout::ICON_EM;
        let at = area.to_world(notes.x + 2.0 * px + icon / 2.0, card_top + 1.5 * px + header_px * 0.62);
        let (shape, glyph) = draw::kind_mark(note.kind, at.extend(z + 0.1), icon, paper, assets, &fonts);
        commands.spawn((StandUpPart, DespawnOnExit(Scene::StandUp), shape));
        if let Some(glyph) = glyph {
            commands.spawn((StandUpPart, DespawnOnExit(Scene::StandUp), glyph));
        }
        header_x += icon + header_px * 0.4;
    }
    let inner = notes.w - 4.0 * px;
    text(
        &mut commands,
        header,
        Vec2::new(header_x, card_top + 1.5 * px),
        (px * 1.2).round(),
        true,
        ink,
        inner,
        Anchor::TOP_LEFT,
    );
    text(
        &mut commands,
        note.text.clone(),
        Vec2::new(notes.x + 2.0 * px, card_top + 4.0 * px),
        (px * 2.2).round(),
        false,
        ink,
        inner,
        Anchor::TOP_LEFT,
    );
    let noted = language.noted(note.noted_by.as_deref(), &language.age(note.created_at, clock.now()));
    text(
        &mut commands,
        noted,
        Vec2::new(notes.x + 2.0 * px, card_top + card_h - 1.5 * px),
        px,
        false,
        ink.with_alpha(0.75),
        inner,
        Anchor::BOTTOM_LEFT,
    );

    // Decisions, then the way on.
    let chosen = standup.decisions.get(id).copied();
    let row_y = notes.y + notes.h - px * 5.5;
    let gap = px;
    let buttons = DECISIONS.len() as f32 + 2.0;
    let width = (notes.w - gap * (buttons - 1.0)) / buttons;
    let size = Vec2::new(width, px * 3.2);
    for (i, status) in DECISIONS.iter().enumerate() {
        let color = if chosen == Some(*status) {
            draw::tone_color(crate::wall::cards::Tone::of(*status))
        } else {
            Color::srgb(0.30, 0.31, 0.35)
        };
        let label = format!("{}  {}", i + 1, language.status(*status));
        let x = notes.x + width / 2.0 + i as f32 * (width + gap);
        button(&mut commands, Control::Decide(*status), &label, Vec2::new(x, row_y), size, color);
    }
    let x_prev = notes.x + width / 2.0 + 5.0 * (width + gap);
    button(&mut commands, Control::Previous, nav[0], Vec2::new(x_prev, row_y), size, Color::srgb(0.22, 0.23, 0.27));
    let last = standup.index + 1 == standup.items.len();
    let next = if last { nav[2] } else { nav[1] };
    button(
        &mut commands,
        Control::Next,
        next,
        Vec2::new(x_prev + width + gap, row_y),
        size,
        Color::srgb(0.12, 0.45, 0.25),
    );
}

/// The timer: written once a second, red when the time is up.
fn tick_timer(
    state: Res<State<Scene>>,
    standup: Res<StandUp>,
    config: Res<WallConfig>,
    time: WallTime,
    mut timers: Query<(&mut Text2d, &mut TextColor), With<ItemTimer>>,
    mut wakeups: ResMut<Wakeups>,
) {
    if *state.get() != Scene::StandUp || standup.summary {
        return;
    }
    let elapsed = time.now() - standup.item_started;
    let left = f64::from(config.config().standup.item_seconds) - elapsed;
    let shown = left.ceil() as i64;
    let line = config.config().language.item_timer(shown);
    let color = if shown >= 0 { Color::srgb(0.96, 0.95, 0.92) } else { Color::srgb(0.98, 0.45, 0.40) };
    for (mut text, mut text_color) in &mut timers {
        set_text(&mut text, &line);
        text_color.set_if_neq(TextColor(color));
    }
    // The next whole second.
    wakeups.in_seconds((left - left.floor()).max(0.01) as f32);
}
