//! How well the topic rules place customer feedback: a labelled set of 192
//! notes in Dutch and English on 32 subjects of an energy and telecom
//! company, with near-misses (`tests/fixtures/topics/labelled.json`, written
//! apart from the rules), placed by the shipped example rules
//! (`config/examples/topics-energy.ron`), which were written without seeing
//! the notes. Precision counts a note placed under the wrong topic against
//! the rules; coverage is the share of notes with a subject that got one.

use std::collections::HashSet;

use chrono::Utc;

use wall_of_change::config;
use wall_of_change::core::model::{Note, NoteKind};
use wall_of_change::core::topics::{self, Rules};

/// The labelled notes, each with its true topic.
fn labelled() -> Vec<(Note, Option<String>)> {
    let text = include_str!("../fixtures/topics/labelled.json");
    let items: Vec<serde_json::Value> = serde_json::from_str(text).unwrap_or_else(|err| panic!("labelled.json: {err}"));
    items
        .iter()
        .map(|item| {
            let kind = item["kind"].as_str().and_then(NoteKind::parse).unwrap_or(NoteKind::Suggestion);
            let note = Note::new(
                item["id"].as_str().unwrap_or_default(),
                kind,
                item["text"].as_str().unwrap_or_default(),
                Utc::now(),
            );
            (note, item["topic"].as_str().map(str::to_string))
        })
        .collect()
}

fn example_rules() -> Rules {
    let text = include_str!("../../config/examples/topics-energy.ron");
    let config = config::parse(text, "topics-energy.ron").unwrap_or_else(|err| panic!("{err}"));
    Rules::new(&config.topics)
}

#[test]
fn the_example_rules_place_the_labelled_notes_precisely() {
    let set = labelled();
    assert!(set.len() >= 150, "{} notes", set.len());
    let subjects: HashSet<&str> = set.iter().filter_map(|(_, topic)| topic.as_deref()).collect();
    assert!(subjects.len() >= 30, "{} subjects", subjects.len());
    let notes: Vec<Note> = set.iter().map(|(note, _)| note.clone()).collect();
    let placed = topics::place(&notes, &example_rules(), &topics::Decided::default());
    let (mut right, mut wrong, mut with_subject, mut covered) = (0, 0, 0, 0);
    let mut mistakes = Vec::new();
    for ((note, truth), topic) in set.iter().zip(&placed.topics) {
        with_subject += usize::from(truth.is_some());
        if let Some((name, _)) = topic {
            if truth.as_deref() == Some(name.as_str()) {
                right += 1;
                covered += 1;
            } else {
                wrong += 1;
                covered += usize::from(truth.is_some());
                mistakes.push(format!("{}: {:?} placed under {name}: {}", note.id, truth, note.text));
            }
        }
    }
    let precision = right as f64 / (right + wrong).max(1) as f64;
    let coverage = right as f64 / with_subject.max(1) as f64;
    // The suggestions, on what the rules left out: the share of suggested
    // pairs that are one subject.
    let (mut same, mut pairs) = (0, 0);
    for group in &placed.suggested {
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                pairs += 1;
                same += usize::from(set[*a].1.is_some() && set[*a].1 == set[*b].1);
            }
        }
    }
    println!(
        "topics: {} notes, {} subjects; precision {precision:.3} ({right} right, {wrong} wrong); coverage {coverage:.3} ({right} of {with_subject}; {covered} placed at all); suggestions: {} stacks, {same} of {pairs} pairs one subject",
        set.len(),
        subjects.len(),
        placed.suggested.len()
    );
    for mistake in &mistakes {
        println!("  {mistake}");
    }
    assert!(precision >= 0.95, "precision {precision:.3}");
    assert!(coverage >= 0.8, "coverage {coverage:.3}");
}

/// The suggestions alone, as if no rule existed: of the pairs they put in
/// one stack, the share that are one subject (precision), and of the pairs
/// of one subject, the share they found. Precision first: a suggestion the
/// stand-up must reject costs its time.
#[test]
fn suggestions_alone_are_precise_on_the_labelled_notes() {
    let set = labelled();
    let notes: Vec<Note> = set.iter().map(|(note, _)| note.clone()).collect();
    let placed = topics::place(&notes, &Rules::new(&[]), &topics::Decided::default());
    let (mut same, mut pairs) = (0, 0);
    for group in &placed.suggested {
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                pairs += 1;
                same += usize::from(set[*a].1.is_some() && set[*a].1 == set[*b].1);
            }
        }
    }
    let mut of_one_subject = 0;
    for (i, (_, a)) in set.iter().enumerate() {
        for (_, b) in &set[i + 1..] {
            of_one_subject += usize::from(a.is_some() && a == b);
        }
    }
    let precision = same as f64 / pairs.max(1) as f64;
    println!(
        "suggestions alone: {} stacks, {same} of {pairs} pairs one subject (precision {precision:.3}); found {same} of {of_one_subject} pairs of one subject",
        placed.suggested.len()
    );
    assert!(pairs > 0, "the suggestions find something");
    assert!(precision >= 0.8, "precision {precision:.3}");
}

/// On the live wall, the open notes of one topic lie as one stack: its
/// topic and "2 klanten" in the top row, the votes of both on its badge,
/// the most-voted note on top, the paper of the other beneath.
#[test]
fn the_notes_of_one_topic_lie_as_one_stack() {
    let text = include_str!("../../config/examples/topics-energy.ron");
    let config = config::parse(text, "topics-energy.ron").unwrap_or_else(|err| panic!("{err}"));
    let loaded = config::LoadedConfig {
        config,
        origin: config::Origin::Embedded,
        base_dir: std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/config/examples")),
    };
    let mut app = crate::support::headless_scenes(loaded);
    for _ in 0..8 {
        app.update();
    }
    let cards = crate::support::cards(&mut app);
    let snapshot = crate::support::sample_snapshot();
    // n-108 and n-113 are both about fibre (glasvezel) in the sample feed.
    let votes: u32 = ["n-108", "n-113"]
        .iter()
        .filter_map(|id| snapshot.notes.iter().find(|note| note.id == *id))
        .map(|note| note.votes)
        .sum();
    let stack = cards.values().map(|(_, card)| card).find(|card| card.label.starts_with("Glasvezel"));
    let Some(stack) = stack else {
        panic!("a Glasvezel stack: {:?}", cards.values().map(|(_, c)| c.label.clone()).collect::<Vec<_>>());
    };
    assert_eq!(stack.label, "Glasvezel · 2 klanten");
    assert_eq!(stack.stack.under(), 1);
    assert_eq!(stack.votes, votes, "the badge counts both notes");
    assert!(!cards.contains_key("n-108") || !cards.contains_key("n-113"), "one card for both");
}

/// A tap on a stack opens its detail view on the top note, with every note
/// of the stack to go through; a vote counts for the note on top, and the
/// stack's badge shows it.
#[test]
fn a_tap_on_a_stack_opens_its_notes_and_a_vote_counts_for_the_top() {
    use bevy::prelude::*;
    use wall_of_change::wall::voting::{self, book, detail};
    let text = include_str!("../../config/examples/topics-energy.ron");
    let config = config::parse(text, "topics-energy.ron").unwrap_or_else(|err| panic!("{err}"));
    let loaded =
        config::LoadedConfig { config, origin: config::Origin::Embedded, base_dir: std::path::PathBuf::from(".") };
    let dir = std::env::temp_dir().join(format!("wall-stack-tap-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let data_dir = dir.clone();
    let mut app = crate::support::headless_scenes_with(loaded, move |app| {
        app.insert_resource(wall_of_change::wall::model::DataDir(data_dir)).add_plugins(voting::plugin);
    });
    for _ in 0..4 {
        app.update();
    }
    let cards = crate::support::cards(&mut app);
    let (entity, card) = cards
        .values()
        .find(|(_, card)| card.label.starts_with("Glasvezel"))
        .cloned()
        .unwrap_or_else(|| panic!("the Glasvezel stack is on the wall"));
    crate::support::tap(&mut app, entity);
    let opened = app.world().resource::<detail::Detail>().clone();
    assert_eq!(opened.note.as_ref().map(|note| note.id.as_str()), Some(card.id.as_str()), "the top note");
    let ids: Vec<&str> = opened.stack.iter().map(|note| note.id.as_str()).collect();
    assert_eq!(ids.len(), 2, "both notes to go through: {ids:?}");
    assert!(ids.contains(&"n-108") && ids.contains(&"n-113"));
    assert_eq!(opened.title, "Glasvezel · 2 klanten");
    app.world_mut().resource_scope(|world, mut book: Mut<book::VoteBook>| {
        let config = world.resource::<wall_of_change::wall::shared::WallConfig>().clone();
        let now = world.resource::<Time<Real>>().elapsed_secs_f64();
        let mut detail = world.resource_mut::<detail::Detail>();
        detail.page = 1; // looking at the other note
        detail::cast_vote(&mut detail, &mut book, (&config, config.first_language()), now, Utc::now());
    });
    for _ in 0..3 {
        app.update();
    }
    let voted: Vec<String> = app
        .world()
        .resource::<book::VoteBook>()
        .ledger()
        .map(|ledger| ledger.votes.iter().map(|vote| vote.note_id.clone()).collect())
        .unwrap_or_default();
    assert_eq!(voted, [card.id.note_id()], "the vote is stored for the top note");
    let badge = crate::support::cards(&mut app).get(card.id.as_str()).map(|(_, card)| card.votes);
    assert_eq!(badge, Some(card.votes + 1), "and the stack's badge counts it");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Notes that only look alike: two stories the words suggest, and a note
/// of its own.
fn look_alike_wall() -> wall_of_change::wall::model::Wall {
    let now = Utc::now();
    let note = |id: &str, text: &str, minutes: i64| {
        let mut note = Note::new(id, NoteKind::Complaint, text, now - chrono::Duration::minutes(minutes));
        note.team = Some(wall_of_change::core::model::Team::CustomerService);
        note
    };
    let fibre = "Monteur kwam niet opdagen voor de glasvezel aansluiting, klant had vrij genomen";
    let app = "De app logt steeds uit na de laatste update, opnieuw inloggen lukt pas na herstarten";
    let notes = vec![
        note("f1", fibre, 1),
        note("f2", &format!("{fibre}, voor niets"), 2),
        note("f3", &format!("Weer: {fibre}"), 3),
        note("a1", app, 4),
        note("a2", &format!("{app}, heel irritant"), 5),
        note("x1", "Graag een papieren factuur in plaats van de mail", 6),
    ];
    let snapshot = wall_of_change::core::model::Snapshot { notes, ..wall_of_change::core::model::Snapshot::empty(now) };
    wall_of_change::wall::model::Wall::from_snapshot(snapshot)
}

/// The look-alike wall with its journal in `dir`, voting and the stand-up
/// (its screen draws its buttons with the fonts).
fn look_alike_stand_up(dir: std::path::PathBuf) -> bevy::prelude::App {
    use bevy::prelude::*;
    use wall_of_change::wall::scenes::standup;
    use wall_of_change::wall::voting;
    crate::support::headless_scenes_with(crate::support::default_config(), move |app| {
        app.insert_resource(look_alike_wall())
            .insert_resource(wall_of_change::wall::model::DataDir(dir))
            .insert_resource(wall_of_change::wall::fonts::WallFonts {
                regular: Handle::default(),
                bold: Handle::default(),
            })
            .add_plugins((voting::plugin, standup::plugin));
    })
}

/// The labels of the cards on the wall, sorted.
fn sorted_labels(app: &mut bevy::prelude::App) -> Vec<String> {
    let mut labels: Vec<String> = crate::support::cards(app).values().map(|(_, card)| card.label.clone()).collect();
    labels.sort();
    labels
}

/// The stand-up asks "Same story?" before the agenda. Accepting one
/// suggestion makes it a stack with a topic; rejecting another keeps its
/// notes apart and never suggests them again; both hold after a restart.
#[test]
fn the_stand_up_confirms_one_story_and_rejects_another_and_both_hold() {
    use bevy::prelude::*;
    use wall_of_change::wall::scenes::Scene;
    use wall_of_change::wall::scenes::standup::{self, Control};
    let dir = std::env::temp_dir().join(format!("wall-stories-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (start, labels) = (look_alike_stand_up, sorted_labels);
    let mut app = start(dir.clone());
    for _ in 0..4 {
        app.update();
    }
    let before = labels(&mut app);
    assert_eq!(before.iter().filter(|label| label.starts_with("Same story? · ")).count(), 2, "{before:?}");

    crate::support::tap_key(&mut app, KeyCode::KeyS);
    for _ in 0..4 {
        app.update();
    }
    assert_eq!(crate::support::scene_now(&app), Scene::StandUp);
    let stories = app.world().resource::<standup::StandUp>().stories.clone();
    assert_eq!(stories.len(), 2, "{stories:?}");
    let fibre_first = stories[0].iter().any(|note| note.id == "f1");
    // The first by a key, the second by a tap on its button.
    crate::support::tap_key(&mut app, KeyCode::KeyJ);
    app.update();
    let not_same = {
        let mut query = app.world_mut().query::<(Entity, &Control)>();
        query.iter(app.world()).find(|(_, control)| **control == Control::NotSame).map(|(entity, _)| entity)
    };
    let Some(not_same) = not_same else { panic!("the second story has a Not the same button") };
    crate::support::tap(&mut app, not_same);
    let walked = app.world().resource::<standup::StandUp>().clone();
    assert!(walked.story_on_screen().is_none(), "on to the agenda");
    let stacked = walked.topics.values().find(|(_, customers)| *customers >= 2);
    let expected = if fibre_first { 3 } else { 2 };
    assert_eq!(stacked.map(|(_, customers)| *customers), Some(expected), "{walked:?}");

    // A restart on the same data folder.
    drop(app);
    let mut app = start(dir.clone());
    for _ in 0..6 {
        app.update();
    }
    let after = labels(&mut app);
    assert!(!after.iter().any(|label| label.starts_with("Same story?")), "nothing is suggested again: {after:?}");
    // Named after its top note (cut to fit the card's top row).
    let name = if fibre_first { "Monteur" } else { "De app" };
    let customers = if fibre_first { 3 } else { 2 };
    let count = format!(" · {customers} customers");
    let stacked = after.iter().any(|label| label.starts_with(name) && label.ends_with(&count));
    assert!(stacked, "the confirmed story is a stack: {after:?}");
    assert_eq!(after.len(), 6 - customers + 1, "the rejected story's notes lie apart: {after:?}");
    crate::support::tap_key(&mut app, KeyCode::KeyS);
    for _ in 0..4 {
        app.update();
    }
    assert!(app.world().resource::<standup::StandUp>().stories.is_empty(), "no story to confirm again");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Sends the picking events of a drag of `entity` to the screen point `to`.
fn drag(
    app: &mut bevy::prelude::App,
    entity: bevy::prelude::Entity,
    from: bevy::prelude::Vec2,
    to: bevy::prelude::Vec2,
) {
    use bevy::camera::NormalizedRenderTarget;
    use bevy::picking::backend::HitData;
    use bevy::picking::events::{Drag, DragEnd, DragStart, Pointer};
    use bevy::picking::pointer::{Location, PointerButton, PointerId};
    use bevy::prelude::Entity;
    let at = |position| Location { target: NormalizedRenderTarget::None { width: 1920, height: 1080 }, position };
    let hit = HitData::new(Entity::PLACEHOLDER, 0.0, None, None);
    let button = PointerButton::Primary;
    let world = app.world_mut();
    world.trigger(Pointer::new(PointerId::Mouse, at(from), DragStart { button, hit }, entity));
    world.trigger(Pointer::new(
        PointerId::Mouse,
        at(to),
        Drag { button, distance: to - from, delta: to - from },
        entity,
    ));
    world.trigger(Pointer::new(PointerId::Mouse, at(to), DragEnd { button, distance: to - from }, entity));
    app.update();
}

/// Where a card is on the screen (pixels from the top left).
fn on_screen(app: &mut bevy::prelude::App, id: &str) -> (bevy::prelude::Entity, bevy::prelude::Vec2) {
    use bevy::prelude::*;
    let cards = crate::support::cards(app);
    let Some((entity, _)) = cards.get(id).cloned() else { panic!("a card {id}: {:?}", cards.keys()) };
    let at = app.world().get::<Transform>(entity).map(|t| t.translation.truncate()).unwrap_or_default();
    (entity, Vec2::new(at.x + 960.0, 540.0 - at.y))
}

/// Behind the stand-up, the facilitator arranges stacks by hand: a note
/// dragged onto a suggested story joins it (one stack, three customers);
/// that stack dragged to an empty spot lets its top note go. Both hold
/// after a restart.
#[test]
fn the_facilitator_drags_a_note_onto_a_story_and_one_out_again() {
    use bevy::prelude::*;
    use wall_of_change::wall::scenes::Scene;
    let dir = std::env::temp_dir().join(format!("wall-arrange-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (start, labels) = (look_alike_stand_up, sorted_labels);
    let mut app = start(dir.clone());
    // Not arranging: a drag moves nothing.
    for _ in 0..4 {
        app.update();
    }
    let (x1, from) = on_screen(&mut app, "x1");
    let (_, onto) = on_screen(&mut app, "a1");
    drag(&mut app, x1, from, onto);
    assert!(labels(&mut app).iter().any(|label| label == "Same story? · 2 customers"), "nothing moved");

    // The stand-up, straight to its summary, then "Arrange stacks".
    crate::support::tap_key(&mut app, KeyCode::KeyS);
    for _ in 0..4 {
        app.update();
    }
    crate::support::tap_key(&mut app, KeyCode::Escape); // past the stories
    crate::support::tap_key(&mut app, KeyCode::Escape); // the summary
    crate::support::tap_key(&mut app, KeyCode::KeyA);
    for _ in 0..6 {
        app.update();
    }
    assert_eq!(crate::support::scene_now(&app), Scene::Change);
    assert!(app.world().resource::<wall_of_change::wall::shared::Arranging>().on);
    let (x1, from) = on_screen(&mut app, "x1");
    let (_, onto) = on_screen(&mut app, "a1");
    drag(&mut app, x1, from, onto);
    for _ in 0..6 {
        app.update();
    }
    let story = |labels: &[String], count: &str| labels.iter().any(|l| l.starts_with("De app") && l.ends_with(count));
    let after = labels(&mut app);
    assert!(story(&after, " · 3 customers"), "x1 joined the app story: {after:?}");

    // The stack, dragged to an empty spot below the cards, lets its top go.
    let (stack, from) = on_screen(&mut app, "a1");
    drag(&mut app, stack, from, Vec2::new(1900.0, 1040.0));
    for _ in 0..6 {
        app.update();
    }
    let after = labels(&mut app);
    assert!(story(&after, " · 2 customers"), "its top note went: {after:?}");

    drop(app);
    let mut app = start(dir.clone());
    for _ in 0..6 {
        app.update();
    }
    let restarted = labels(&mut app);
    assert_eq!(restarted, after, "the arrangement holds after a restart");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A long topic name made every note of the page as wide as its top row:
/// a few narrow columns of cut notes. The name is cut instead, and the
/// count stays in sight.
#[test]
fn a_long_topic_name_is_cut_and_keeps_its_count() {
    let now = Utc::now();
    let name = "Storing internet en televisie in de regio Utrecht-Noord sinds maandag";
    let notes: Vec<Note> = (0..2)
        .map(|i| {
            let mut note = Note::new(format!("t{i}"), NoteKind::Complaint, format!("Storing nummer {i}"), now);
            note.topic = Some(name.into());
            note
        })
        .collect();
    let snapshot = wall_of_change::core::model::Snapshot { notes, ..wall_of_change::core::model::Snapshot::empty(now) };
    let mut app = crate::support::headless_scenes_with(crate::support::default_config(), move |app| {
        app.insert_resource(wall_of_change::wall::model::Wall::from_snapshot(snapshot));
    });
    for _ in 0..4 {
        app.update();
    }
    let cards = crate::support::cards(&mut app);
    let labels: Vec<String> = cards.values().map(|(_, card)| card.label.clone()).collect();
    assert_eq!(labels.len(), 1, "{labels:?}");
    assert!(labels[0].starts_with("Storing") && labels[0].ends_with("… · 2 customers"), "{labels:?}");
}

/// While arranging, a stack's detail view has "Out of the stack": the note
/// shown leaves the stack (any note, not only the top), and that holds.
#[test]
fn a_note_deeper_in_a_stack_is_taken_out_from_its_detail_view() {
    use bevy::prelude::*;
    use wall_of_change::wall::voting::detail::Detail;
    let dir = std::env::temp_dir().join(format!("wall-take-out-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut app = look_alike_stand_up(dir.clone());
    app.world_mut().insert_resource(wall_of_change::wall::shared::Arranging { on: true, ..default() });
    for _ in 0..4 {
        app.update();
    }
    let stack = crate::support::cards(&mut app)
        .into_values()
        .find(|(_, card)| card.label == "Same story? · 3 customers")
        .map(|(entity, _)| entity);
    crate::support::tap(&mut app, stack.unwrap_or_else(|| panic!("the fibre story")));
    app.world_mut().resource_mut::<Detail>().page = 1; // the second note
    app.update();
    let second = app.world().resource::<Detail>().stack.get(1).cloned();
    let button = {
        let mut query = app.world_mut().query::<(Entity, &Children, &Sprite)>();
        let texts: Vec<(Entity, Entity)> = query
            .iter(app.world())
            .flat_map(|(entity, children, _)| children.iter().map(move |child| (entity, child)))
            .collect();
        texts.into_iter().find_map(|(entity, child)| {
            let text = app.world().get::<Text2d>(child)?;
            (text.0 == "Out of the stack").then_some(entity)
        })
    };
    crate::support::tap(&mut app, button.unwrap_or_else(|| panic!("an 'Out of the stack' button while arranging")));
    for _ in 0..4 {
        app.update();
    }
    let labels = sorted_labels(&mut app);
    let twos = labels.iter().filter(|label| *label == "Same story? · 2 customers").count();
    assert_eq!(twos, 2, "the fibre story keeps two notes, beside the app story: {labels:?}");
    let stories = app.world().resource::<wall_of_change::wall::model::Wall>().stories().topics.clone();
    let second = second.unwrap_or_else(|| panic!("a second note"));
    assert_eq!(stories.get(&second).map(|set| set.topic.clone()), Some(None), "the second note stands alone");
    let _ = std::fs::remove_dir_all(&dir);
}
