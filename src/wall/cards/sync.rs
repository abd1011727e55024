//! Keeps the entities in step with the pages the scene laid out: one
//! entity per card id on the current page, pages turned on time, cards
//! that leave shrink or fall away.

use std::collections::{HashMap, HashSet};

use bevy::prelude::*;

use crate::wall::cards::anim::{Leaving, Placed, Pulse};
use crate::wall::cards::{CardKey, CardTarget, NewCard, NoteCard, TextMeasure};
use crate::wall::scenes::Scene;
use crate::wall::scenes::fade::Transition;
use crate::wall::shared::{Arranging, MotionPace, Wakeups, WallConfig, WallTime};
use crate::wall::shared::{ScenePages, WallSystems};

/// The laid-out pages of the scene on screen.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct NotePages {
    pub pages: Vec<Vec<(NoteCard, CardTarget)>>,
}

impl NotePages {
    /// The notes behind the cards on any page, whatever the view (the
    /// spotlight's copy of "c-201" is note "c-201").
    fn note_ids(&self) -> HashSet<&str> {
        self.pages.iter().flatten().map(|(card, _)| card.id.note_id()).collect()
    }
}

/// The page's next change is a cut where the processor draws
/// ([`MotionPace`]): new cards are simply there, cards that leave are
/// gone and moved cards are in their new place, in one frame. A page turn
/// asks for it, and so does the Fame scene when its spotlight moves on
/// (each every few seconds, all day); a scene coming on still animates.
/// Each change uses it up.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct CutNext(pub bool);

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

pub fn plugin(app: &mut App) {
    app.init_resource::<NotePages>()
        .init_resource::<TextMeasure>()
        .init_resource::<Pager>()
        .init_resource::<CutNext>()
        .add_systems(Update, start_scene_pages.in_set(WallSystems::BuildPages).before(ScenePages::Change))
        .add_systems(
            Update,
            (turn_pages, sync_cards).chain().in_set(WallSystems::SyncCards).run_if(not(in_state(Scene::Night))),
        );
}

/// A new scene starts on its first page with nothing laid out yet.
fn start_scene_pages(state: Res<State<Scene>>, time: WallTime, mut pages: ResMut<NotePages>, mut pager: ResMut<Pager>) {
    if state.is_changed() {
        pages.pages.clear();
        *pager = Pager { page: 0, pages: 0, since: time.now() as f32 };
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
    mut cut_next: ResMut<CutNext>,
    arranging: Option<Res<Arranging>>,
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
    let page_seconds = config.page_seconds as f32;
    // Never under the facilitator's finger: a held card waits (the page
    // turns once it is let go; the release wakes the loop).
    if arranging.is_some_and(|arranging| arranging.dragging.is_some()) {
        return;
    }
    match pager.seconds_to_turn(now, page_seconds) {
        Some(0.0) => {
            pager.page = (pager.page + 1) % count;
            pager.since = now;
            wakeups.in_seconds(page_seconds);
            // A page turn comes every few seconds all day: where the
            // processor draws, a cut.
            cut_next.0 = true;
        }
        Some(left) => wakeups.in_seconds(left),
        None => {}
    }
}

/// Makes the entities match the current page: same id, same entity. A card
/// whose text, votes or stamp changed pulses once; a card that leaves the
/// page shrinks away, and one whose note is gone from the data falls off.
/// Where the processor draws ([`MotionPace`]) some changes have no motion
/// at all: a [`CutNext`] change (a page turn, the spotlight), and a scene
/// that comes on through a transition (the transition is a cut there, see
/// `scenes::fade`, and its cards are in place in the frame it comes on).
fn sync_cards(
    mut commands: Commands,
    pages: Res<NotePages>,
    pager: Res<Pager>,
    state: Res<State<Scene>>,
    pace: Res<MotionPace>,
    fade: Option<Res<Transition>>,
    mut cut_next: ResMut<CutNext>,
    mut cards: Query<(Entity, &mut NoteCard, &mut CardTarget, Option<&mut Placed>, &mut Transform)>,
) {
    // The wall's first scene, and a scene that comes on without a fade,
    // still fly in.
    let asked = std::mem::take(&mut cut_next.bypass_change_detection().0) && !state.is_changed() && !cards.is_empty();
    let behind_the_fade = state.is_changed() && fade.is_some_and(|fade| fade.to.is_some());
    let cut = pace.quick && (asked || behind_the_fade);
    if !pages.is_changed() && !pager.is_changed() && !state.is_changed() {
        return;
    }
    let scene = *state.get();
    let wanted: &[(NoteCard, CardTarget)] = pages.pages.get(pager.page).map(Vec::as_slice).unwrap_or(&[]);
    let mut existing: HashMap<CardKey, Entity> =
        cards.iter().map(|(entity, card, ..)| (card.id.clone(), entity)).collect();

    for (card, target) in wanted {
        match existing.remove(&card.id) {
            Some(entity) => {
                if let Ok((_, mut current_card, mut current_target, placed, mut transform)) = cards.get_mut(entity) {
                    let news = current_card.body != card.body
                        || current_card.votes != card.votes
                        || current_card.stamp != card.stamp;
                    if news && !cut {
                        commands.entity(entity).insert(Pulse::default());
                    }
                    current_card.set_if_neq(card.clone());
                    current_target.set_if_neq(*target);
                    // A cut draws the card in its new place at once.
                    if let Some(mut placed) = placed.filter(|_| cut) {
                        placed.set_if_neq(Placed::at(target));
                        transform.set_if_neq(target.resting());
                    }
                }
            }
            None => {
                let mut spawned = commands.spawn((
                    card.clone(),
                    *target,
                    target.resting(),
                    Visibility::default(),
                    DespawnOnExit(scene),
                ));
                if cut {
                    spawned.insert(Placed::at(target));
                } else {
                    spawned.insert(NewCard);
                }
            }
        }
    }
    if existing.is_empty() {
        return;
    }
    let on_some_page = pages.note_ids();
    for (id, entity) in existing {
        if cut {
            commands.entity(entity).despawn();
            continue;
        }
        let gone = !on_some_page.contains(id.note_id());
        // A card that leaves before it ever arrived leaves from its place.
        let from = cards.get(entity).map(|(_, _, target, ..)| Placed::at(target));
        let size = cards.get(entity).map_or(Vec2::ZERO, |(_, card, ..)| card.size);
        let mut leaving = commands.entity(entity);
        leaving.remove::<(NoteCard, CardTarget, NewCard)>().insert(Leaving::new(gone, size));
        if let Ok(from) = from {
            leaving.insert_if_new(from);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use bevy::state::app::StatesPlugin;
    use bevy::time::TimeUpdateStrategy;

    use super::*;
    use crate::config::LoadedConfig;
    use crate::core::model::NoteKind;
    use crate::wall::cards::Face;

    fn page_with_card_at(x: f32) -> NotePages {
        let card = crate::wall::cards::draw::tests::card(Face::Note(NoteKind::Complaint), 0, 0.0);
        NotePages { pages: vec![vec![(card, CardTarget { position: Vec2::new(x, 0.0), tilt: 0.0, z: 1.0, slot: 0 })]] }
    }

    /// A cut puts a card that stays on the page in its new place at once:
    /// the motion, which would have moved it there, has nothing left to do.
    #[test]
    fn a_card_moved_by_a_cut_is_drawn_in_its_new_place() {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, StatesPlugin));
        let loaded = LoadedConfig::embedded().unwrap_or_else(|err| panic!("the default config is valid: {err}"));
        app.init_state::<Scene>()
            .insert_resource(WallConfig::new(loaded))
            .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs_f64(1.0 / 15.0)))
            .add_plugins((crate::wall::shared::frame_order, plugin, crate::wall::cards::anim::plugin))
            .insert_resource(MotionPace { quick: true });
        app.update(); // The first scene starts on an empty page.
        app.insert_resource(page_with_card_at(0.0));
        for _ in 0..30 {
            app.update();
        }
        let mut cards = app.world_mut().query_filtered::<&Transform, With<NoteCard>>();
        assert_eq!(cards.iter(app.world()).count(), 1, "the card landed");
        app.insert_resource(page_with_card_at(500.0)).insert_resource(CutNext(true));
        app.update();
        let mut cards = app.world_mut().query_filtered::<&Transform, With<NoteCard>>();
        let drawn: Vec<f32> = cards.iter(app.world()).map(|transform| transform.translation.x).collect();
        assert_eq!(drawn, [500.0], "the card is where its page puts it");
    }
}
