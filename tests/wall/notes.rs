//! The model becomes note entities: one per note, by id, across polls
//! and pages, and motion that can be reduced.

use std::collections::HashMap;

use bevy::prelude::*;
use chrono::Utc;

use wall_of_change::config;
use wall_of_change::core::model::{NoteKind, Snapshot};
use wall_of_change::wall::cards::anim;
use wall_of_change::wall::cards::sync::Pager;
use wall_of_change::wall::cards::{CardTarget, Face, NoteCard};
use wall_of_change::wall::model::Wall;

use crate::support::*;

#[test]
fn a_snapshot_becomes_one_entity_per_feedback_note_of_each_kind() {
    let snapshot = sample_snapshot();
    let mut app = headless_wall(snapshot.clone(), Vec2::new(3840.0, 2160.0), big_4k_tv());
    assert_eq!(app.world().resource::<Pager>().pages, 1, "a big 4K wall holds the whole sample");

    let cards = cards(&mut app);
    for kind in NoteKind::ALL {
        let expected = snapshot.notes.iter().filter(|n| n.kind == kind).count();
        let shown = cards.values().filter(|(_, card)| card.face == Face::Note(kind)).count();
        if kind == NoteKind::Compliment {
            assert!(expected >= 8);
            assert_eq!(shown, 0, "compliments belong on the Wall of Fame, not the Wall of Change");
        } else {
            assert!(expected > 0, "the sample has {kind} notes");
            assert_eq!(shown, expected, "{kind} notes on the wall");
        }
    }
    let votes = cards.get("n-104").map(|(_, c)| c.votes);
    assert_eq!(votes, Some(9));
}

#[test]
fn a_changed_snapshot_adds_and_removes_entities_by_id() {
    let snapshot = sample_snapshot();
    let mut app = headless_wall(snapshot.clone(), Vec2::new(3840.0, 2160.0), big_4k_tv());
    let before = cards(&mut app);

    let mut next = snapshot.clone();
    next.notes.retain(|n| n.id != "n-101" && n.id != "n-113");
    let mut added = next.notes[0].clone();
    added.id = "n-999".into();
    added.kind = NoteKind::Question;
    added.text = "Kan ik mijn termijnbedrag zelf aanpassen in de app?".into();
    next.notes.push(added);
    if let Some(note) = next.notes.iter_mut().find(|n| n.id == "n-105") {
        note.text = "Why does my meter reading differ from my invoice? (updated)".into();
        note.votes = 4;
    }
    app.world_mut().insert_resource(Wall::from_snapshot(next));
    app.update();
    let after = cards(&mut app);

    assert!(!after.contains_key("n-101") && !after.contains_key("n-113"), "removed notes are gone");
    assert!(after.contains_key("n-999"), "the new note has an entity");
    assert_eq!(after.len(), before.len() - 1);
    for (id, (entity, _)) in &after {
        if let Some((old_entity, _)) = before.get(id) {
            assert_eq!(entity, old_entity, "note {id} keeps its entity");
        }
    }
    let changed = after.get("n-105").map(|(_, c)| (c.body.clone(), c.votes));
    assert_eq!(changed, Some(("Why does my meter reading differ from my invoice? (updated)".into(), 4)));
}

#[test]
fn a_full_wall_turns_its_pages() {
    let mut snapshot = sample_snapshot();
    let template = snapshot.notes[0].clone();
    for i in 0..120 {
        let mut note = template.clone();
        note.id = format!("extra-{i}");
        note.created_at -= chrono::Duration::minutes(i);
        snapshot.notes.push(note);
    }
    let mut app = headless_wall(snapshot, Vec2::new(1280.0, 720.0), Default::default());
    let pager = *app.world().resource::<Pager>();
    assert!(pager.pages > 1, "145 notes do not fit on one 720p page");
    let first: Vec<String> = cards(&mut app).into_keys().collect();

    // page_seconds is 20 in the default config; time moves 0.25 s per update (Time<Virtual> caps a step at 0.25 s).
    for _ in 0..82 {
        app.update();
    }
    let pager = *app.world().resource::<Pager>();
    assert_eq!(pager.page, 1);
    let second: Vec<String> = cards(&mut app).into_keys().collect();
    assert!(!second.is_empty());
    assert!(second.iter().all(|id| !first.contains(id)), "the next page shows other notes");
}

#[test]
fn remaining_notes_keep_their_place_when_five_arrive_and_two_leave() {
    let snapshot = sample_snapshot();
    // A big 4K wall holds every sample note, whole, on one page.
    let mut app = headless_wall(snapshot.clone(), Vec2::new(3840.0, 2160.0), big_4k_tv());
    let targets = |app: &mut App| -> HashMap<String, Vec2> {
        let mut query = app.world_mut().query::<(&NoteCard, &CardTarget)>();
        query.iter(app.world()).map(|(card, target)| (card.id.to_string(), target.position)).collect()
    };
    let before = targets(&mut app);
    let mut next = snapshot.clone();
    let removed = ["n-101", "n-113"];
    next.notes.retain(|n| !removed.contains(&n.id.as_str()));
    for i in 0..5 {
        let mut note = next.notes[0].clone();
        note.id = format!("new-{i}");
        // Each about something else: alike notes would be suggested as one story.
        note.text = [
            "Parkeren bij het servicepunt",
            "Factuur in het Engels",
            "Chat sluit om vijf uur",
            "Monteur was vriendelijk",
            "Wachtmuziek te hard",
        ][i]
            .to_string();
        note.created_at = Utc::now();
        next.notes.push(note);
    }
    app.world_mut().insert_resource(Wall::from_snapshot(next));
    app.update();
    let after = targets(&mut app);
    assert_eq!(after.len(), before.len() + 3);
    for (id, position) in &before {
        if !removed.contains(&id.as_str()) {
            assert_eq!(after.get(id), Some(position), "note {id} moved");
        }
    }
}

// ------------------------------------------------------------ kiosk operations

/// `motion: reduced`: no note flies, falls or pulses; a short fade instead.
#[test]
fn reduced_motion_fades_notes_in_place() {
    let mut config = default_config();
    config.config.motion = config::MotionSetting::Reduced;
    let mut app = headless_scenes(config);
    app.update();
    let count = |app: &mut App, query: &mut QueryState<(), With<anim::Arrival>>| query.iter(app.world()).count();
    let mut arrivals = app.world_mut().query_filtered::<(), With<anim::Arrival>>();
    let mut veils = app.world_mut().query::<&anim::Veil>();
    assert_eq!(count(&mut app, &mut arrivals), 0, "nothing flies in");
    assert!(veils.iter(app.world()).count() > 0, "the notes fade in");
    let mut places = app.world_mut().query::<(&NoteCard, &CardTarget, &Transform)>();
    for (card, target, transform) in places.iter(app.world()) {
        assert_eq!(transform.translation.truncate(), target.position, "{} is in its place at once", card.id);
        assert_eq!(transform.scale, Vec3::ONE, "{} is full size at once", card.id);
    }
    // Four updates of 0.25 s: the fades are done.
    for _ in 0..4 {
        app.update();
    }
    assert_eq!(veils.iter(app.world()).count(), 0, "the veils are gone");

    // Notes that leave fade out where they are.
    app.world_mut().insert_resource(Wall::from_snapshot(Snapshot::empty(Utc::now())));
    app.update();
    app.update();
    assert!(veils.iter(app.world()).count() > 0, "the leaving notes fade out");
    for _ in 0..4 {
        app.update();
    }
    assert!(cards(&mut app).is_empty(), "and are gone");
}

/// Where the processor draws every pixel, each frame of a page landing
/// costs it ~44 ms at 1080p. The whole page lands at once there, in about
/// five frames at 15 a second; with a graphics chip it still cascades.
#[test]
fn a_page_lands_in_fewer_frames_where_the_processor_draws() {
    let frames_to_land = |quick: bool| {
        let mut app = headless_scenes_at_15_fps(quick);
        let mut arrivals = app.world_mut().query_filtered::<(), With<anim::Arrival>>();
        app.update();
        assert!(arrivals.iter(app.world()).count() > 5, "a whole page arrives");
        1 + frames_while(&mut app, 99, |app| arrivals.iter(app.world()).count() > 0)
    };
    let full = frames_to_land(false);
    let quick = frames_to_land(true);
    assert!(full >= 12, "with a graphics chip the page cascades: {full} frames");
    assert!(quick <= 7, "where the processor draws the page lands at once: {quick} frames");
}

/// The frame that puts the last card in its place draws the final picture;
/// asking for one more frame drew the same picture again (~44 ms of CPU
/// where the processor draws, after every arrival, glide and pulse).
#[test]
fn the_frame_that_ends_a_move_asks_for_no_more() {
    let mut app = headless_scenes_at_15_fps(false);
    let mut arrivals = app.world_mut().query_filtered::<(), With<anim::Arrival>>();
    app.update();
    assert!(arrivals.iter(app.world()).count() > 0, "a page arrives");
    frames_while(&mut app, 100, |app| {
        let moving = arrivals.iter(app.world()).count() > 0;
        assert!(
            !moving || app.world().resource::<wall_of_change::wall::shared::Motion>().active,
            "moving, so more frames"
        );
        moving
    });
    assert!(
        !app.world().resource::<wall_of_change::wall::shared::Motion>().active,
        "the last card landed in this frame: no frame after it"
    );
}

/// The smallest letters were a fixed 20 px: 13 mm on a 55" Full HD TV, but
/// 6 mm on the same TV at 4K, unreadable from where people stand. They now
/// follow `screen: (viewing_m)` (a cap height of 1/250 of the distance), at
/// every resolution; the wall pages rather than shrinking its letters.
#[test]
fn the_notes_read_from_where_people_stand_at_every_resolution() {
    use wall_of_change::core::reach::{CAP_EM, Mount, TEXT_RULE};
    let mut pages = Vec::new();
    for (width, height) in [(1280.0, 720.0), (1920.0, 1080.0), (3840.0, 2160.0), (1080.0, 1920.0)] {
        // Turned to portrait, the same 55" TV is 1,218 mm high.
        let mount = if width < height { Mount { height_mm: 1218.0, ..Mount::default() } } else { Mount::default() };
        let mut app = headless_wall(sample_snapshot(), Vec2::new(width, height), mount);
        let cards = cards(&mut app);
        assert!(!cards.is_empty(), "{width}x{height}");
        for (id, (_, card)) in &cards {
            let cap_mm = |px: f32| px * CAP_EM * mount.mm_per_px(height);
            let wanted = mount.viewing_m * 1000.0 / TEXT_RULE;
            assert!(
                cap_mm(card.text_px) >= wanted && cap_mm(card.label_px) >= wanted,
                "{width}x{height}: note {id} has letters of {} px ({:.1} mm), under {wanted} mm",
                card.text_px,
                cap_mm(card.text_px)
            );
        }
        pages.push(app.world().resource::<Pager>().pages);
    }
    // 4K holds no more than Full HD: the same letters, in millimetres.
    assert!(pages[2] >= pages[1] && pages[1] > 1, "pages at 720p, 1080p, 4K, portrait: {pages:?}");
}
