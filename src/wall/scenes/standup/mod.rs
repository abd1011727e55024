//! Stand-up mode for the facilitator of the weekly stand-up: S (or a long
//! press on the header) walks this week's top notes one at a time, full
//! screen, with a timer per note and buttons for the decision. Decisions are
//! stored crash-safely in the vote journal and show as stamps in every
//! scene. It ends with a summary, also saved as Markdown minutes in
//! `<data_dir>/standups/`.

pub(crate) mod arrange;
pub(crate) mod minutes;
pub(crate) mod screen;
pub(crate) mod stories;

use std::collections::HashMap;

use bevy::input::ButtonState;
use bevy::input::keyboard::KeyboardInput;
use bevy::prelude::*;

use crate::core::history::DoneNote;
use crate::core::model::{NoteRef, Status};
use crate::core::priorities::agenda_of_stacks;
use crate::core::topics::{Decided, Rules};
use crate::core::wall_model::WallModel;
use crate::wall::kiosk::input::{CORNER_PX, LongPress, Presses};
use crate::wall::model::{DataDir, Wall};
use crate::wall::scenes::fade::{Transition, begin};
use crate::wall::scenes::{Scene, SceneRotation, WallClock};
use crate::wall::shared::{OverlaySteps, Wakeups, WallArea, WallConfig, WallTime};
use crate::wall::voting::book::VoteBook;
use crate::wall::we_did::WeDid;

/// The decisions, in button order.
pub const DECISIONS: [Status; 5] =
    [Status::Discussed, Status::Planned, Status::InProgress, Status::Done, Status::Declined];
/// Seconds a press on the header must last to start the stand-up.
const HEADER_PRESS_SECONDS: f64 = 2.0;

/// The stand-up in progress.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct StandUp {
    /// The notes to walk, most votes first, and their votes. Held by
    /// source and id, so a reload that moves the sources moves nothing here.
    pub items: Vec<(NoteRef, u32)>,
    pub index: usize,
    /// When the current note came on (wall seconds).
    pub item_started: f64,
    pub decisions: HashMap<NoteRef, Status>,
    /// The items that top a topic's stack: the topic and its customers, for
    /// the minutes.
    pub topics: HashMap<NoteRef, (String, usize)>,
    /// The suggested stories to confirm before the agenda, each with its
    /// top note first, and which is on screen: the agenda starts once
    /// `story` is past the last.
    pub stories: Vec<Vec<NoteRef>>,
    pub story: usize,
    /// The summary is on; `saved` says where the minutes went.
    pub summary: bool,
    pub saved: Option<Result<String, String>>,
    /// The minutes as the summary's QR code carries them to a phone.
    pub minutes_qr: String,
    /// What became Done since the last stand-up, for the summary and the
    /// minutes.
    pub done_since: Vec<DoneNote>,
}

impl StandUp {
    /// The suggested story on screen, while the step before the agenda is on.
    pub fn story_on_screen(&self) -> Option<&Vec<NoteRef>> {
        if self.summary { None } else { self.stories.get(self.story) }
    }

    /// Chooses the agenda anew, with the stories as `decided` now.
    fn choose_agenda(&mut self, wall: &WallModel, decided: &Decided, count: usize, rules: &Rules) {
        let items = choose_items(wall, decided, count, rules);
        self.topics = items.iter().filter_map(|(note, _, topic)| Some((note.clone(), topic.clone()?))).collect();
        self.items = items.into_iter().map(|(note, votes, _)| (note, votes)).collect();
        self.index = 0;
    }
}

/// What the facilitator pressed.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Decide(Status),
    /// The suggested story on screen is one story, or it is not.
    SameStory,
    NotSame,
    /// From the summary: arrange stacks by hand on the Wall of Change.
    Arrange,
    Previous,
    Next,
    Finish,
    Close,
}

#[derive(Resource, Default)]
struct HeaderPress(LongPress);

pub fn plugin(app: &mut App) {
    app.add_plugins(arrange::plugin);
    app.init_resource::<StandUp>().init_resource::<HeaderPress>().add_systems(
        Update,
        (start_on_key_or_press, keys_in_standup, screen::draw_standup, screen::tick_timer)
            .chain()
            .in_set(OverlaySteps::StandUp),
    );
}

/// The notes of this week's stand-up: the agenda's, as the Priorities
/// scene ranks it: a topic's stack (its top note) by its customers, then
/// votes; a note by its votes.
pub fn choose_items(
    wall: &WallModel,
    decided: &Decided,
    count: usize,
    rules: &Rules,
) -> Vec<(NoteRef, u32, Option<(String, usize)>)> {
    let Some(snapshot) = wall.snapshot() else {
        return Vec::new();
    };
    let mut notes: Vec<&crate::core::model::Note> = snapshot.feedback().collect();
    notes.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
    let votes = wall.ranking_votes();
    let shown = crate::wall::scenes::change::wall_cards(&notes, rules, decided, false, &votes);
    let entries = shown.iter().map(|card| {
        (notes[card.top], card.members.iter().map(|at| votes(notes[*at])).sum::<u32>(), card.members.len())
    });
    let agenda = agenda_of_stacks(entries, usize::MAX, usize::MAX);
    let mut items: Vec<_> = agenda.groups.iter().flat_map(|group| group.items.iter()).collect();
    items.sort_by(|a, b| {
        b.customers
            .cmp(&a.customers)
            .then_with(|| b.votes.cmp(&a.votes))
            .then_with(|| b.note.created_at.cmp(&a.note.created_at))
    });
    let topic_of = |note: &crate::core::model::Note| {
        let card = shown.iter().find(|card| notes[card.top].id == note.id && card.is_stack())?;
        Some((card.topic.clone()?, card.members.len()))
    };
    items.into_iter().take(count).map(|p| (wall.note_ref(&p.note.id), p.votes, topic_of(p.note))).collect()
}

/// The PIN pad of a locked kiosk, which guards the start of a stand-up.
#[derive(bevy::ecs::system::SystemParam)]
pub struct Guard<'w> {
    lock: Option<Res<'w, crate::wall::kiosk::lock::KioskLock>>,
    gate: Option<Res<'w, crate::wall::kiosk::lock::ExitGate>>,
    pad: Option<ResMut<'w, crate::wall::kiosk::pin_pad::PinPad>>,
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
                crate::wall::kiosk::unlock::open_for_standup(pad, gate, now);
                true
            }
            _ => false,
        }
    }
}

fn start_on_key_or_press(
    mut guard: Guard,
    mut events: MessageReader<KeyboardInput>,
    presses: Presses,
    area: Option<Res<WallArea>>,
    wall: Res<Wall>,
    config: Res<WallConfig>,
    state: Res<State<Scene>>,
    time: WallTime,
    mut press: ResMut<HeaderPress>,
    topic_rules: Option<Res<crate::wall::scenes::change::TopicRules>>,
    mut standup: ResMut<StandUp>,
    mut transition: ResMut<Transition>,
    mut wakeups: ResMut<Wakeups>,
) {
    let key = events.read().any(|e| e.key_code == KeyCode::KeyS && e.state == ButtonState::Pressed && !e.repeat);
    let now = time.now();
    // Keys typed into the PIN pad are the pad's alone.
    let key = key && !guard.pad_open();
    let unlocked = guard.take_unlocked();
    // A long press on the header, away from the exit's corner.
    let header_h = area.as_ref().map_or(0.0, |a| a.header_h);
    let pressing = presses.any_in(|p| p.y <= header_h && p.x > CORNER_PX);
    let held = press.0.held(pressing, now, HEADER_PRESS_SECONDS, &mut wakeups);
    if !(key || held || unlocked) || matches!(*state.get(), Scene::StandUp | Scene::Night) || transition.to.is_some() {
        return;
    }
    press.0.reset();
    if !unlocked && guard.ask(now) {
        return;
    }
    let no_rules = Rules::new(&[]);
    let rules = topic_rules.as_deref().map_or(&no_rules, |rules| &*rules.0);
    let stories = stories::choose_stories(&wall, rules);
    let mut next = StandUp { stories, item_started: now, ..default() };
    next.choose_agenda(&wall, &wall.decided_stories(), config.standup.items as usize, rules);
    if next.items.is_empty() && next.stories.is_empty() {
        info!("no open notes to walk in a stand-up");
        return;
    }
    info!("stand-up started with {} suggested stories and {} notes", next.stories.len(), next.items.len());
    *standup = next;
    begin(&mut transition, Scene::StandUp);
}

/// Everything a control of the stand-up reads and changes.
#[derive(bevy::ecs::system::SystemParam)]
pub struct Controls<'w> {
    time: WallTime<'w>,
    wall: Res<'w, Wall>,
    config: Res<'w, WallConfig>,
    language: Res<'w, crate::wall::shared::ActiveLanguage>,
    clock: Res<'w, WallClock>,
    data_dir: Option<Res<'w, DataDir>>,
    rotation: Option<Res<'w, SceneRotation>>,
    book: Option<ResMut<'w, VoteBook>>,
    standup: ResMut<'w, StandUp>,
    transition: ResMut<'w, Transition>,
    we_did: Option<ResMut<'w, WeDid>>,
    topic_rules: Option<Res<'w, crate::wall::scenes::change::TopicRules>>,
    arranging: Option<ResMut<'w, crate::wall::shared::Arranging>>,
}

impl Controls<'_> {
    /// One control of the stand-up, from a key or a button.
    fn apply(&mut self, control: Control) {
        let now = self.time.now();
        if self.standup.story_on_screen().is_some() {
            self.story_control(control);
            return;
        }
        let standup = &mut *self.standup;
        let last = standup.items.len().saturating_sub(1);
        match control {
            Control::Decide(status) => {
                let Some((id, _)) = standup.items.get(standup.index).cloned() else {
                    return;
                };
                let stored = match self.book.as_deref_mut() {
                    Some(book) => book.decide(&id, status, self.config.guards_standup()),
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
                let at = self.clock.now();
                if let Some(we_did) = self.we_did.as_deref_mut() {
                    standup.done_since = we_did.history.since_last_standup(at).into_iter().cloned().collect();
                    we_did.history.last_standup = Some(at);
                    we_did.save();
                }
                let (text, qr) = minutes::minutes_of(&self.wall, &self.config, self.language.0, &self.clock, standup);
                standup.minutes_qr = qr;
                let saved = minutes::save_minutes(&text, &self.config, &self.clock, self.data_dir.as_deref());
                if self.config.standup.minutes_webhook.is_some() {
                    minutes::post_later(self.book.as_deref_mut(), &saved, text, at);
                }
                standup.saved = Some(saved);
            }
            Control::Close => {
                let back = self.rotation.as_deref().map_or(Scene::Change, |r| Scene::from_name(r.0.current()));
                begin(&mut self.transition, back);
            }
            Control::Arrange if standup.summary => {
                if let Some(arranging) = self.arranging.as_deref_mut() {
                    arrange::start(arranging, &mut self.transition, now);
                }
            }
            _ => {}
        }
    }
}

/// ←/→ or Enter to move, 1–5 to decide, Esc to finish (and to close the
/// summary); before the agenda, J (or Y) for the same story, N for not.
fn keys_in_standup(
    mut events: MessageReader<KeyboardInput>,
    state: Res<State<Scene>>,
    pad: Option<Res<crate::wall::kiosk::pin_pad::PinPad>>,
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
            KeyCode::KeyJ | KeyCode::KeyY => Control::SameStory,
            KeyCode::KeyN => Control::NotSame,
            KeyCode::KeyA => Control::Arrange,
            _ => continue,
        };
        controls.apply(control);
    }
}

pub fn on_control(click: On<Pointer<Click>>, buttons: Query<&Control>, mut controls: Controls) {
    if let Ok(control) = buttons.get(click.entity) {
        controls.apply(*control);
    }
}
