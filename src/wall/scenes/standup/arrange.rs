//! Arranging stacks by hand, behind the facilitator's PIN like the
//! decisions: from the stand-up's summary, "Arrange stacks" (or A) opens
//! the Wall of Change for the facilitator. A note dragged onto another
//! note or stack joins its story; a stack dragged to an empty spot lets
//! its top note go, on its own. Each move is journaled by `NoteRef` like
//! the "Same story?" decisions. "Done", or five minutes without a touch,
//! ends it; the rotation waits meanwhile, and a drag is never a swipe.

use bevy::picking::events::{Click, Drag, DragEnd, DragStart, Pointer};
use bevy::prelude::*;

use crate::core::model::NoteRef;
use crate::core::topics::decide::name_story;
use crate::core::topics::{self, Rules};
use crate::wall::cards::{Dragged, NoteCard};
use crate::wall::fonts::WallFonts;
use crate::wall::model::Wall;
use crate::wall::scenes::change::TopicRules;
use crate::wall::scenes::fade::{Transition, begin};
use crate::wall::scenes::{Scene, SceneRotation};
use crate::wall::shared::{ActiveLanguage, Arranging, Motion, OverlaySteps, Wakeups, WallArea, WallConfig, WallTime};
use crate::wall::voting::book::{TopicMove, VoteBook};
use crate::wall::widget::{button, button_label, label};

/// Seconds without a touch after which arranging ends by itself.
const IDLE_SECONDS: f64 = 300.0;

/// The banner over the wall while arranging, and its "Done" button.
#[derive(Component)]
struct ArrangeBanner;
#[derive(Component)]
struct ArrangeDone;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Arranging>()
        .add_systems(Update, (make_cards_draggable, keep_arranging, draw_banner).chain().in_set(OverlaySteps::Arrange));
}

/// Starts arranging: the Wall of Change, for the facilitator.
pub(crate) fn start(arranging: &mut Arranging, transition: &mut Transition, now: f64) {
    *arranging = Arranging { on: true, last_touch: now, dragging: None };
    begin(transition, Scene::Change);
}

fn make_cards_draggable(mut commands: Commands, cards: Query<Entity, Added<NoteCard>>) {
    for entity in &cards {
        commands.entity(entity).observe(on_drag_start).observe(on_drag).observe(on_drag_end);
    }
}

/// Holds the rotation while arranging; ends it when the scene changes
/// (night) or nobody touched the wall for a while.
fn keep_arranging(
    time: WallTime,
    state: Res<State<Scene>>,
    transition: Res<Transition>,
    mut arranging: ResMut<Arranging>,
    rotation: Option<ResMut<SceneRotation>>,
    held: Query<(), With<Dragged>>,
) {
    if !arranging.on {
        return;
    }
    // A held card that is gone (its note left the data and it fell off)
    // took its drag's end with it: the hand is empty again.
    if arranging.dragging.is_some_and(|card| !held.contains(card)) {
        arranging.dragging = None;
    }
    let now = time.now();
    let left = *state.get() != Scene::Change && transition.to.is_none();
    if left || now - arranging.last_touch > IDLE_SECONDS {
        info!("arranging stacks ended");
        *arranging = Arranging::default();
        return;
    }
    if let Some(mut rotation) = rotation {
        rotation.bypass_change_detection().0.touch(now);
    }
}

fn draw_banner(
    active: Res<ActiveLanguage>,
    mut commands: Commands,
    arranging: Res<Arranging>,
    state: Res<State<Scene>>,
    area: Option<Res<WallArea>>,
    fonts: Option<Res<WallFonts>>,
    config: Res<WallConfig>,
    banners: Query<Entity, With<ArrangeBanner>>,
) {
    let shown = !banners.is_empty();
    let wanted = arranging.on && *state.get() == Scene::Change;
    if shown == wanted && !(wanted && area.as_ref().is_some_and(|a| a.is_changed())) {
        return;
    }
    for entity in &banners {
        commands.entity(entity).despawn();
    }
    let (true, Some(area), Some(fonts)) = (wanted, area, fonts) else {
        return;
    };
    let px = area.label_px;
    let language = active.0;
    // Over the header, so no card is covered while it is moved.
    let (w, h) = (area.screen.x, area.header_h);
    let at = area.to_world(area.screen.x / 2.0, h / 2.0);
    let bar = crate::wall::theme::ARRANGE_BAR;
    commands.spawn((
        ArrangeBanner,
        Sprite::from_color(bar, Vec2::new(w, h)),
        Transform::from_translation(at.extend(30.0)),
        DespawnOnExit(Scene::Change),
        children![
            label(language.arrange_hint(), &fonts.regular, px)
                .color(Color::WHITE)
                .anchor(bevy::sprite::Anchor::CENTER_LEFT)
                .at(Vec3::new(-w / 2.0 + px, 0.0, 0.1))
        ],
    ));
    // Done within reach: at the bottom right, over the footer.
    let size = Vec2::new(px * 7.0, (px * 2.6).round().max(config.screen.target_px(area.screen.y)));
    let done_at = area.to_world(area.screen.x - size.x / 2.0 - px, area.screen.y - size.y / 2.0 - px * 0.4);
    commands
        .spawn((ArrangeBanner, ArrangeDone, button(crate::wall::theme::YES_BUTTON, size, done_at.extend(30.2))))
        .observe(on_done)
        .with_child(button_label(language.arrange_done(), &fonts.bold, (px * 1.1).round()));
}

fn on_done(_click: On<Pointer<Click>>, mut arranging: ResMut<Arranging>) {
    info!("arranging stacks done");
    *arranging = Arranging::default();
}

fn on_drag_start(
    drag: On<Pointer<DragStart>>,
    mut commands: Commands,
    time: WallTime,
    mut arranging: ResMut<Arranging>,
    cards: Query<&Transform, With<NoteCard>>,
) {
    if !arranging.on || arranging.dragging.is_some() {
        return;
    }
    let Ok(transform) = cards.get(drag.entity) else {
        return;
    };
    arranging.dragging = Some(drag.entity);
    arranging.last_touch = time.now();
    let lifted = transform.translation.with_z(transform.translation.z + 20.0);
    commands.entity(drag.entity).insert((Dragged, Transform { translation: lifted, ..*transform }));
}

fn on_drag(
    drag: On<Pointer<Drag>>,
    arranging: Res<Arranging>,
    mut cards: Query<&mut Transform, With<Dragged>>,
    mut motion: ResMut<Motion>,
) {
    if arranging.dragging != Some(drag.entity) {
        return;
    }
    motion.active = true;
    if let Ok(mut transform) = cards.get_mut(drag.entity) {
        // Screen pixels run down; the wall's world runs up.
        transform.translation += Vec3::new(drag.event.delta.x, -drag.event.delta.y, 0.0);
    }
}

/// The drop: onto another card, the dragged notes join its story; onto
/// nothing, a stack lets its top note go. The card then goes back to its
/// place, and the next layout shows what changed.
fn on_drag_end(
    drag: On<Pointer<DragEnd>>,
    mut commands: Commands,
    mut arranging: ResMut<Arranging>,
    cards: Query<(Entity, &NoteCard, &Transform)>,
    area: Option<Res<WallArea>>,
    wall: Res<Wall>,
    rules: Option<Res<TopicRules>>,
    config: Res<WallConfig>,
    book: Option<ResMut<VoteBook>>,
    mut wakeups: ResMut<Wakeups>,
) {
    if arranging.dragging != Some(drag.entity) {
        return;
    }
    arranging.dragging = None;
    // The next frames follow the journal and glide the card home.
    wakeups.in_seconds(0.0);
    commands.entity(drag.entity).remove::<Dragged>();
    let (Some(area), Ok((_, card, _))) = (area, cards.get(drag.entity)) else {
        return;
    };
    let spot = drag.pointer_location.position;
    let at = area.to_world(spot.x, spot.y);
    let target = cards.iter().find(|(entity, other, transform)| {
        *entity != drag.entity && {
            let half = other.size / 2.0;
            let center = transform.translation.truncate();
            (at - center).abs().cmple(half).all()
        }
    });
    let no_rules = Rules::new(&[]);
    let rules = rules.as_deref().map_or(&no_rules, |rules| &*rules.0);
    let moves = match target {
        Some((_, onto, _)) => join(&wall, rules, card, onto),
        None => let_go(&wall, rules, card),
    };
    if moves.is_empty() {
        return;
    }
    let stored = match book {
        Some(mut book) => book.set_topics(&moves, config.guards_standup()),
        None => Err("no vote journal".to_string()),
    };
    match stored {
        Ok(()) => info!("arranged: {} notes moved", moves.len()),
        Err(err) => error!("the arrangement could not be stored: {err}"),
    }
}

/// The notes of a card: a stack's members, or the note itself.
fn members(card: &NoteCard) -> Vec<String> {
    if card.stack.members.is_empty() { vec![card.id.note_id().to_string()] } else { card.stack.members.clone() }
}

/// The notes of `dragged` join the story of `onto`: its topic, or else a
/// new one named after its top note, which `onto`'s notes then get too.
fn join(wall: &Wall, rules: &Rules, dragged: &NoteCard, onto: &NoteCard) -> Vec<TopicMove> {
    let onto_top = onto.id.note_id().to_string();
    let Some(top) = wall.snapshot().and_then(|s| s.notes.iter().find(|n| n.id == onto_top)) else {
        return Vec::new();
    };
    let decided = wall.decided_stories();
    let placed = topics::assign(&[top], rules, &decided).pop().flatten();
    // The dragged notes' own topics, whose tags go: one lookup of the wall
    // for all of them (a spammed form's stack can hold thousands).
    let dragged = members(dragged);
    let wanted: std::collections::HashSet<&str> = dragged.iter().map(String::as_str).collect();
    let notes: Vec<&crate::core::model::Note> = wall
        .snapshot()
        .map(|s| s.notes.iter().filter(|n| wanted.contains(n.id.as_str())).collect())
        .unwrap_or_default();
    let before: std::collections::HashMap<&str, Option<String>> = notes
        .iter()
        .zip(topics::assign(&notes, rules, &decided))
        .map(|(note, found)| (note.id.as_str(), found.map(|(topic, _)| topic)))
        .collect();
    let mut joining: Vec<(String, Option<String>)> =
        dragged.iter().map(|id| (id.clone(), before.get(id.as_str()).cloned().flatten())).collect();
    let topic = match placed {
        Some((topic, _)) => topic,
        None => {
            // A card without a topic: its notes have none to lose.
            joining.extend(members(onto).into_iter().map(|id| (id, None)));
            name_story(&top.text, &wall.note_ref(&onto_top).id)
        }
    };
    joining
        .into_iter()
        .map(|(id, previous)| TopicMove {
            note: wall.note_ref(&id),
            topic: Some(topic.clone()),
            original: None,
            previous,
        })
        .collect()
}

/// A stack dropped on an empty spot lets its top note go, on its own; a
/// single note stays as it is.
fn let_go(wall: &Wall, rules: &Rules, card: &NoteCard) -> Vec<TopicMove> {
    if card.stack.members.len() < 2 {
        return Vec::new();
    }
    let top: NoteRef = wall.note_ref(card.id.note_id());
    let previous = wall.topic_now(&top, rules);
    vec![TopicMove { note: top, topic: None, original: None, previous }]
}
