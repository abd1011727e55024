use bevy::ecs::system::RunSystemOnce;

use super::*;
use crate::core::model::NoteKind;

pub(crate) fn card(face: Face, votes: u32, wear: f32) -> NoteCard {
    NoteCard {
        id: crate::wall::cards::CardKey::note("n1"),
        face,
        label: "Complaint".into(),
        body: "Waited 45 minutes on the phone.".into(),
        footer: "Operations · 1 hour ago".into(),
        votes,
        size: Vec2::new(300.0, 200.0),
        padding: 12.0,
        label_px: 20.0,
        text_px: 26.0,
        header_h: 30.0,
        footer_h: 24.0,
        dot: if votes > 0 { 26.0 } else { 0.0 },
        stamp: None,
        stamp_beside_footer: false,
        cut: false,
        wear,
        stack: crate::wall::cards::Stack::default(),
    }
}

/// Everything a card draws is a sprite, drawn back to front with the
/// rest of the wall: no mesh (an opaque one writes depth and hides what
/// lies under it only through the depth test, which the software
/// renderer skips; a blended one keeps the place in the drawing order
/// it had when it appeared, so it ends up under its own card).
#[test]
fn a_card_is_drawn_with_sprites_alone() {
    let mut world = World::new();
    world.init_resource::<Assets<Image>>();
    if let Err(err) = world.run_system_once(assets::create_card_assets) {
        panic!("the card assets are made: {err}");
    }
    let assets = world.resource::<CardAssets>().clone();
    let fonts = WallFonts { regular: Handle::default(), bold: Handle::default() };
    let cards = [(card(Face::Note(NoteKind::Complaint), 7, 0.0), 2), (card(Face::Promise, 0, 0.8), 3)];
    for (card, masked) in cards {
        let mut commands = world.commands();
        let entity = commands
            .spawn_empty()
            .with_children(|parent| {
                spawn_card_parts(parent, &card, Color::WHITE, &assets, &fonts, crate::core::i18n::Language::En)
            })
            .id();
        world.flush();
        let parts = world.get::<Children>(entity).map(|children| children.to_vec());
        let parts = parts.unwrap_or_else(|| panic!("the card has parts"));
        let masks =
            [&assets.dot, &assets.fold, &assets.flap].into_iter().chain(&assets.icons).cloned().collect::<Vec<_>>();
        let drawn_with_masks =
            parts.iter().filter_map(|part| world.get::<Sprite>(*part)).filter(|s| masks.contains(&s.image)).count();
        assert_eq!(drawn_with_masks, masked, "{:?}: the shape, the dot, the pin, the dog-ear", card.face);
        assert!(parts.iter().all(|part| world.get::<Mesh2d>(*part).is_none()));
    }
}

/// The edges cover exactly the shadow less the card: every sample
/// point is covered once where the shadow shows, never elsewhere.
#[test]
fn shadow_edges_cover_what_shows_once() {
    for (offset, spread) in [(Vec2::new(5.0, -7.0), 2.0), (Vec2::new(-3.0, 4.0), 1.0), (Vec2::ZERO, 3.0)] {
        let size = Vec2::new(300.0, 180.0);
        let edges = shadow_edges(size, offset, spread);
        let inside = |p: Vec2, at: Vec2, size: Vec2| (p - at).abs().cmplt(size / 2.0).all();
        for x in (-170..170).map(|x| x as f32 + 0.5) {
            for y in (-100..100).step_by(3).map(|y| y as f32 + 0.5) {
                let p = Vec2::new(x, y);
                let shows = inside(p, offset, size + 2.0 * spread) && !inside(p, Vec2::ZERO, size);
                let covered = edges.iter().filter(|(s, at)| inside(p, *at, *s)).count();
                assert_eq!(covered, usize::from(shows), "{p} with offset {offset}");
            }
        }
    }
}
