//! Motion on the wall: new notes fly in with a small overshoot, moved notes
//! glide to their new place. When nothing moves, nothing here writes.

use bevy::prelude::*;

use super::Motion;
use super::notes::{CardTarget, NewCard, NoteCard, NotesSystems};

/// How long a new note takes to land, in seconds.
const ARRIVAL_SECONDS: f32 = 0.55;
/// The extra wait per slot when a whole page arrives at once.
const STAGGER_SECONDS: f32 = 0.035;
/// How far above its place a new note starts, in pixels.
const ARRIVAL_DROP: f32 = 60.0;

/// A note on its way in.
#[derive(Component, Debug, Clone, Copy)]
pub struct Arrival {
    pub delay: f32,
    pub elapsed: f32,
}

/// Where a card is drawn now, on its way to its [`CardTarget`].
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub position: Vec2,
    pub tilt: f32,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Motion>()
        .add_systems(First, |mut motion: ResMut<Motion>| {
            motion.set_if_neq(Motion::default());
        })
        .add_systems(Update, (start_arrivals, animate_cards).chain().after(NotesSystems));
}

fn start_arrivals(mut commands: Commands, new_cards: Query<(Entity, &CardTarget), Added<NewCard>>) {
    let arriving = new_cards.iter().count();
    for (entity, target) in &new_cards {
        // A single new note comes in at once; a whole page cascades.
        let delay = if arriving > 1 { target.slot as f32 * STAGGER_SECONDS } else { 0.0 };
        commands.entity(entity).remove::<NewCard>().insert((
            Arrival { delay, elapsed: 0.0 },
            Placed { position: target.position, tilt: target.tilt },
            Transform::from_translation(target.position.extend(target.z)).with_scale(Vec3::ZERO),
        ));
    }
}

#[allow(clippy::type_complexity)] // A Bevy query; naming it would hide what it reads.
fn animate_cards(
    mut commands: Commands,
    time: Res<Time>,
    mut motion: ResMut<Motion>,
    mut cards: Query<
        (Entity, &CardTarget, &mut Placed, &mut Transform, Option<&mut Arrival>),
        With<NoteCard>,
    >,
) {
    let dt = time.delta_secs().min(0.1);
    let arrival_curve = EasingCurve::new(0.0, 1.0, EaseFunction::BackOut);
    let glide = 1.0 - (-dt * 7.0).exp();
    for (entity, target, mut placed, mut transform, arrival) in &mut cards {
        let mut scale = 1.0;
        let mut drop = 0.0;
        let mut moving = false;
        if let Some(mut arrival) = arrival {
            arrival.elapsed += dt;
            let t = ((arrival.elapsed - arrival.delay) / ARRIVAL_SECONDS).clamp(0.0, 1.0);
            scale = arrival_curve.sample_clamped(t);
            drop = (1.0 - t) * ARRIVAL_DROP;
            moving = true;
            if t >= 1.0 {
                commands.entity(entity).remove::<Arrival>();
            }
        }
        let goal = Placed { position: target.position, tilt: target.tilt };
        if *placed != goal {
            let offset = goal.position - placed.position;
            let turn = goal.tilt - placed.tilt;
            if offset.length() < 0.5 && turn.abs() < 0.001 {
                *placed = goal;
            } else {
                placed.position += offset * glide;
                placed.tilt += turn * glide;
            }
            moving = true;
        }
        if moving || transform.translation.z != target.z {
            *transform = Transform::from_translation((placed.position + Vec2::Y * drop).extend(target.z))
                .with_rotation(Quat::from_rotation_z(placed.tilt))
                .with_scale(Vec3::splat(scale.max(0.0)));
            motion.active = true;
        }
    }
}
