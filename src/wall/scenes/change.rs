//! Turns the wall model into note entities, for every scene: each scene's
//! builder lays its cards out as [`NotePages`]; this plugin keeps one entity
//! per card id on the current page, turns pages when there are more cards
//! than fit, and builds the pages of the Wall of Change itself.
//!
//! Entities carry only data ([`NoteCard`], [`CardTarget`]); the card plugin
//! dresses them with sprites and text, so this file runs headless.

use std::collections::{HashMap, HashSet};

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use chrono::{DateTime, Utc};

use crate::core::arrange::StableLayout;
use crate::core::i18n::Language;
use crate::core::layout::{LayoutItem, LayoutParams, Placement, WallLayout};
use crate::core::metrics::{Estimate, FontMetrics, Measure};
use crate::core::model::{Note, NoteKind, Status};
use crate::wall::cards::anim::{Leaving, Placed, Pulse};
use crate::wall::model::Wall;
use crate::wall::scenes::{Scene, SceneSystems, WallClock};
use crate::wall::shared::{Wakeups, WallArea, WallConfig, WallTime};

/// Systems that turn the model into note entities; drawing runs after them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct NotesSystems;

/// Each scene's builder runs in this set and writes [`NotePages`].
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct BuildPages;

/// What a card shows in its top-left corner, and its paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// Customer feedback of a kind: the kind's colour, shape and word.
    Note(NoteKind),
    /// An employee's promise on the Wall of Commitment.
    Promise,
}

/// A rubber stamp across a card: a status, "Kept", "Overdue".
#[derive(Debug, Clone, PartialEq)]
pub struct Stamp {
    pub text: String,
    pub tone: Tone,
}

/// The ink of a stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Planned,
    Busy,
    Neutral,
    Bad,
}

impl Tone {
    /// The ink of a status's stamp.
    pub fn of(status: Status) -> Tone {
        match status {
            Status::New | Status::Discussed => Tone::Neutral,
            Status::Planned => Tone::Planned,
            Status::InProgress => Tone::Busy,
            Status::Done => Tone::Good,
            Status::Declined => Tone::Bad,
        }
    }
}

impl Stamp {
    /// The stamp for a note's status; none for a new note.
    pub fn for_status(status: Status, language: Language) -> Option<Stamp> {
        if status == Status::New {
            return None;
        }
        let tone = Tone::of(status);
        let text = match status {
            Status::Done => format!("✓ {}", language.status(status)),
            _ => language.status(status).to_string(),
        };
        Some(Stamp { text, tone })
    }
}

/// One card on the wall, as the card plugin needs it to draw it.
#[derive(Component, Debug, Clone, PartialEq)]
pub struct NoteCard {
    pub id: String,
    pub face: Face,
    /// The top row: the kind in words, a person, who is praised.
    pub label: String,
    /// The text as shown (cut with "…" when too long).
    pub body: String,
    /// Team and age, or a promise's dates.
    pub footer: String,
    pub votes: u32,
    pub size: Vec2,
    pub padding: f32,
    pub label_px: f32,
    pub text_px: f32,
    pub header_h: f32,
    pub footer_h: f32,
    /// Diameter of the vote dot; 0 without votes.
    pub dot: f32,
    pub stamp: Option<Stamp>,
    /// The stamp sits at the right end of the footer's line.
    pub stamp_beside_footer: bool,
    /// The text was cut: the card says a tap shows all of it.
    pub cut: bool,
    /// How worn the paper looks: 0 new, 1 old and ignored.
    pub wear: f32,
}

/// What a scene wants on one card, before layout.
#[derive(Debug, Clone, PartialEq)]
pub struct CardInfo {
    pub id: String,
    pub face: Face,
    pub label: String,
    pub text: String,
    pub footer: String,
    pub votes: u32,
    pub stamp: Option<Stamp>,
    pub wear: f32,
}

impl CardInfo {
    pub fn item(&self) -> LayoutItem<'_> {
        LayoutItem {
            id: &self.id,
            label: &self.label,
            body: &self.text,
            footer: &self.footer,
            votes: self.votes,
            stamp: self.stamp.as_ref().map(|stamp| stamp.text.as_str()),
        }
    }

    /// The card and where it goes, for a placement of the layout.
    pub fn place(&self, placement: &Placement, area: &WallArea, slot: usize) -> (NoteCard, CardTarget) {
        let card = NoteCard {
            id: self.id.clone(),
            face: self.face,
            label: self.label.clone(),
            body: placement.body.clone(),
            footer: self.footer.clone(),
            votes: self.votes,
            size: Vec2::new(placement.size.0, placement.size.1),
            padding: placement.padding,
            label_px: placement.label_px,
            text_px: placement.text_px,
            header_h: placement.header_h,
            footer_h: placement.footer_h,
            dot: placement.dot,
            stamp: self.stamp.clone(),
            stamp_beside_footer: placement.stamp_beside_footer,
            cut: placement.truncated,
            wear: self.wear,
        };
        let target = CardTarget {
            position: area.to_world(placement.center.0, placement.center.1),
            // Layout tilts counter-clockwise in screen space (y down); in
            // world space (y up) the same look is a clockwise rotation.
            tilt: -placement.tilt,
            z: 1.0 + slot as f32 * 0.05,
            slot,
        };
        (card, target)
    }
}

/// The pages of `laid_out`, each card described by its `infos` entry.
pub fn pages_of(infos: &[CardInfo], laid_out: &WallLayout, area: &WallArea) -> Vec<Vec<(NoteCard, CardTarget)>> {
    laid_out
        .pages
        .iter()
        .map(|page| {
            page.placements
                .iter()
                .enumerate()
                .map(|(slot, placement)| infos[placement.index].place(placement, area, slot))
                .collect()
        })
        .collect()
}

/// Measures text for the layout: the shipped font's own advances.
#[derive(Resource)]
pub struct TextMeasure(pub Box<dyn Measure + Send + Sync>);

impl Default for TextMeasure {
    fn default() -> TextMeasure {
        match FontMetrics::inter() {
            Ok(metrics) => TextMeasure(Box::new(metrics)),
            Err(err) => {
                warn!("measuring text by estimate: {err}");
                TextMeasure(Box::new(Estimate))
            }
        }
    }
}

/// Where a card belongs, in world space; the animation moves it there.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct CardTarget {
    pub position: Vec2,
    pub tilt: f32,
    pub z: f32,
    /// Its place on the page, used to stagger arrivals.
    pub slot: usize,
}

/// Added to a card when it is spawned, so it can animate in.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct NewCard;

/// The laid-out pages of the scene on screen.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct NotePages {
    pub pages: Vec<Vec<(NoteCard, CardTarget)>>,
}

impl NotePages {
    /// The notes behind the cards on any page. A card's id may be a
    /// scene's own view of a note ("spotlight//c-201" is note "c-201").
    fn note_ids(&self) -> HashSet<&str> {
        self.pages.iter().flatten().map(|(card, _)| note_id(&card.id)).collect()
    }
}

/// The scenes' own views of a note: a card id starts with one of these
/// when a scene shows a note a second time ("spotlight//c-201").
pub const VIEW_PREFIXES: [&str; 2] = ["spotlight//", "wedid//"];

/// The note a card shows: its id without a view prefix. Only the known
/// prefixes are taken off, so a note id that itself holds "//" (a URL, a
/// path) stays whole.
pub fn note_id(card_id: &str) -> &str {
    VIEW_PREFIXES.iter().find_map(|prefix| card_id.strip_prefix(prefix)).unwrap_or(card_id)
}

/// Which page is on, and when it went on.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct Pager {
    pub page: usize,
    pub pages: usize,
    /// [`WallTime`] seconds when the page went on.
    pub since: f32,
}

impl Pager {
    /// Seconds until the next page turn, if the wall pages at all.
    pub fn seconds_to_turn(&self, now: f32, page_seconds: f32) -> Option<f32> {
        (self.pages > 1).then(|| (self.since + page_seconds - now).max(0.0))
    }
}

/// The Wall of Change's arrangement, kept across polls.
#[derive(Resource, Debug, Default)]
struct ChangeLayout(StableLayout);

pub fn plugin(app: &mut App) {
    app.init_resource::<NotePages>()
        .init_resource::<TextMeasure>()
        .init_resource::<Pager>()
        .init_resource::<ChangeLayout>()
        .configure_sets(Update, (BuildPages.after(SceneSystems), NotesSystems.after(BuildPages)))
        .add_systems(Update, start_scene_pages.after(SceneSystems).before(BuildPages))
        .add_systems(Update, relayout.in_set(BuildPages).run_if(in_state(Scene::Change)))
        .add_systems(Update, (turn_pages, sync_cards).chain().in_set(NotesSystems).run_if(not(in_state(Scene::Night))));
}

/// A new scene starts on its first page with nothing laid out yet.
fn start_scene_pages(state: Res<State<Scene>>, time: WallTime, mut pages: ResMut<NotePages>, mut pager: ResMut<Pager>) {
    if state.is_changed() {
        pages.pages.clear();
        *pager = Pager { page: 0, pages: 0, since: time.now() as f32 };
    }
}

/// The notes of the Wall of Change in the order they are shown: newest first.
pub fn wall_notes(wall: &Wall) -> Vec<&Note> {
    let mut notes: Vec<&Note> = wall.snapshot().map(|s| s.feedback().collect()).unwrap_or_default();
    notes.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
    notes
}

/// What every scene's builder reads: the model, the screen, the config,
/// the scene, the clock and the text measure.
#[derive(SystemParam)]
pub struct SceneInputs<'w> {
    pub wall: Res<'w, Wall>,
    pub area: Option<Res<'w, WallArea>>,
    pub config: Res<'w, WallConfig>,
    pub state: Res<'w, State<Scene>>,
    pub clock: Res<'w, WallClock>,
    pub measure: Res<'w, TextMeasure>,
}

impl SceneInputs<'_> {
    /// The screen and the time when the scene's cards must be laid out
    /// again: new data, a new screen, a new scene, a new config, a new
    /// minute (ages like "5 min ago" move on), or `also`; `None` otherwise.
    pub fn due(&self, last_minute: &mut i64, also: bool) -> Option<(WallArea, DateTime<Utc>)> {
        let area = self.area.as_ref()?;
        let now = self.clock.now();
        let minute = now.timestamp() / 60;
        let due = also
            || self.wall.is_changed()
            || area.is_changed()
            || self.config.is_changed()
            || self.state.is_changed()
            || minute != *last_minute;
        *last_minute = minute;
        due.then_some((**area, now))
    }
}

fn relayout(
    inputs: SceneInputs,
    votes: Option<Res<crate::wall::voting::detail::LocalVotes>>,
    mut arrangement: ResMut<ChangeLayout>,
    mut pages: ResMut<NotePages>,
    mut last_minute: Local<i64>,
) {
    let new_votes = votes.as_ref().is_some_and(|v| v.is_changed());
    let Some((area, now)) = inputs.due(&mut last_minute, new_votes) else {
        return;
    };
    let SceneInputs { wall, config, measure, .. } = inputs;
    let config = config.config();
    let computed = build_pages(
        &wall_notes(&wall),
        &area,
        config.min_text_px,
        config.language,
        now,
        &*measure.0,
        &mut arrangement.0,
        |note| votes.as_ref().map_or(note.votes, |v| v.shown(&wall, note)),
    );
    pages.set_if_neq(computed);
}

/// Lays out the notes of the Wall of Change on `area`, keeping each note
/// where `arrangement` had it; `votes` gives the count on each badge.
#[allow(clippy::too_many_arguments)]
pub fn build_pages(
    notes: &[&Note],
    area: &WallArea,
    min_text_px: f32,
    language: Language,
    now: DateTime<Utc>,
    measure: &dyn Measure,
    arrangement: &mut StableLayout,
    votes: impl Fn(&Note) -> u32,
) -> NotePages {
    let infos: Vec<CardInfo> =
        notes.iter().map(|note| CardInfo { votes: votes(note), ..note_info(note, language, now) }).collect();
    let items: Vec<LayoutItem<'_>> = infos.iter().map(CardInfo::item).collect();
    let laid_out = arrangement.layout(&items, &LayoutParams::new(area.notes, min_text_px), measure);
    NotePages { pages: pages_of(&infos, &laid_out, area) }
}

/// A feedback note as a card: kind, text, team and age, votes, status.
pub fn note_info(note: &Note, language: Language, now: DateTime<Utc>) -> CardInfo {
    let age = language.age(note.created_at, now);
    let footer = match &note.team {
        Some(team) => format!("{} · {age}", language.team(team)),
        None => age,
    };
    CardInfo {
        id: note.id.clone(),
        face: Face::Note(note.kind),
        label: language.kind(note.kind).to_string(),
        text: note.text.clone(),
        footer,
        votes: note.votes,
        stamp: Stamp::for_status(note.status, language),
        wear: 0.0,
    }
}

/// `--page N`: the page of the Change scene to show first (from 0), for
/// a screenshot of every page.
#[derive(Resource, Debug, Clone, Copy)]
pub struct StartPage(pub usize);

fn turn_pages(
    // Wall-clock time: virtual time falls behind while the loop sleeps
    // (it advances at most 0.25 s per update), the wall's clock does not.
    time: WallTime,
    config: Res<WallConfig>,
    pages: Res<NotePages>,
    start: Option<Res<StartPage>>,
    mut pager: ResMut<Pager>,
    mut wakeups: ResMut<Wakeups>,
) {
    let now = time.now() as f32;
    let count = pages.pages.len();
    if pager.pages != count {
        if pager.pages == 0
            && let Some(start) = start
        {
            pager.page = start.0.min(count.saturating_sub(1));
            pager.since = now;
        }
        pager.pages = count;
        if pager.page >= count {
            pager.page = 0;
            pager.since = now;
        }
    }
    let page_seconds = config.config().page_seconds as f32;
    match pager.seconds_to_turn(now, page_seconds) {
        Some(0.0) => {
            pager.page = (pager.page + 1) % count;
            pager.since = now;
            wakeups.in_seconds(page_seconds);
        }
        Some(left) => wakeups.in_seconds(left),
        None => {}
    }
}

/// Makes the entities match the current page: same id, same entity. A card
/// whose text, votes or stamp changed pulses once; a card that leaves the
/// page shrinks away, and one whose note is gone from the data falls off.
fn sync_cards(
    mut commands: Commands,
    pages: Res<NotePages>,
    pager: Res<Pager>,
    state: Res<State<Scene>>,
    mut cards: Query<(Entity, &mut NoteCard, &mut CardTarget)>,
) {
    if !pages.is_changed() && !pager.is_changed() && !state.is_changed() {
        return;
    }
    let scene = *state.get();
    let wanted: &[(NoteCard, CardTarget)] = pages.pages.get(pager.page).map(Vec::as_slice).unwrap_or(&[]);
    let mut existing: HashMap<String, Entity> =
        cards.iter().map(|(entity, card, _)| (card.id.clone(), entity)).collect();

    for (card, target) in wanted {
        match existing.remove(&card.id) {
            Some(entity) => {
                if let Ok((_, mut current_card, mut current_target)) = cards.get_mut(entity) {
                    let news = current_card.body != card.body
                        || current_card.votes != card.votes
                        || current_card.stamp != card.stamp;
                    if news {
                        commands.entity(entity).insert(Pulse::default());
                    }
                    current_card.set_if_neq(card.clone());
                    current_target.set_if_neq(*target);
                }
            }
            None => {
                commands.spawn((
                    card.clone(),
                    *target,
                    NewCard,
                    Transform::from_translation(target.position.extend(target.z))
                        .with_rotation(Quat::from_rotation_z(target.tilt)),
                    Visibility::default(),
                    DespawnOnExit(scene),
                ));
            }
        }
    }
    if existing.is_empty() {
        return;
    }
    let on_some_page = pages.note_ids();
    for (id, entity) in existing {
        let gone = !on_some_page.contains(note_id(&id));
        // A card that leaves before it ever arrived leaves from its place.
        let from = cards.get(entity).map(|(_, _, target)| Placed { position: target.position, tilt: target.tilt });
        let size = cards.get(entity).map_or(Vec2::ZERO, |(_, card, _)| card.size);
        let mut leaving = commands.entity(entity);
        leaving.remove::<(NoteCard, CardTarget, NewCard)>().insert(Leaving::new(gone, size));
        if let Ok(from) = from {
            leaving.insert_if_new(from);
        }
    }
}

#[cfg(test)]
mod tests {
    /// A note id holding "//" (a URL, a path) lost its front part, and a
    /// tap on it opened nothing.
    #[test]
    fn a_note_id_with_slashes_stays_whole() {
        assert_eq!(super::note_id("https://crm.example.nl//42"), "https://crm.example.nl//42");
        assert_eq!(super::note_id("spotlight//https://crm.example.nl//42"), "https://crm.example.nl//42");
        assert_eq!(super::note_id("wedid//1/42"), "1/42");
    }
}
