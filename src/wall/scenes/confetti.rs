//! Confetti for a compliment that just arrived, from the Wall of Fame's
//! spotlight: a calm fan of coloured paper that flies up, falls and fades
//! in two seconds.
//!
//! Where the processor draws ([`MotionPace`]), 30 frames of flight cost
//! about two seconds of CPU at 1080p, and a moving wall celebrated often
//! (over half of `--bench`'s frames). There the confetti stands still
//! where it would be in mid-flight, a burst that pops and is gone: one
//! frame to show it and one to take it away. It stays under a second:
//! standing still over the spotlight it hides some of the compliment's
//! words.

use bevy::prelude::*;

use crate::wall::shared::{Motion, MotionPace, OverlaySteps, Wakeups, WallTime};

/// How many pieces, and how long they fly.
const PIECES: usize = 36;
const SECONDS: f32 = 2.0;
/// Where the processor draws: the moment of the flight that stands still,
/// and for how long.
const STILL_AT_SECONDS: f32 = 0.45;
const STILL_SECONDS: f64 = 0.7;

/// A piece of confetti in flight.
#[derive(Component, Debug, Clone, Copy)]
struct Flying {
    velocity: Vec2,
    spin: f32,
    elapsed: f32,
}

/// A piece of confetti standing still until `until` (wall seconds).
#[derive(Component, Debug, Clone, Copy)]
struct Still {
    until: f64,
}

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(Update, (fly, take_away_still).in_set(OverlaySteps::Confetti));
}

/// Spawns the confetti from `origin` (pieces `px` in size), each piece
/// with `extra` (the scene's `DespawnOnExit`).
pub(crate) fn burst(
    commands: &mut Commands,
    origin: Vec2,
    px: f32,
    pace: MotionPace,
    now: f64,
    extra: impl Bundle + Clone,
) {
    let colors = crate::wall::theme::CONFETTI;
    for i in 0..PIECES {
        // A fan upwards, spread evenly and the same every time: calm, not random noise.
        let angle = std::f32::consts::PI * (0.15 + 0.7 * i as f32 / (PIECES - 1) as f32);
        let speed = px * (26.0 + 16.0 * ((i * 7) % 5) as f32 / 4.0);
        let mut piece = Flying {
            velocity: Vec2::from_angle(angle) * speed,
            spin: if i % 2 == 0 { 5.0 } else { -4.0 },
            elapsed: 0.0,
        };
        let mut transform = Transform::from_translation(origin.extend(4.0));
        let sprite = Sprite::from_color(colors[i % colors.len()], Vec2::new(px * 0.7, px * 0.4));
        if pace.quick {
            // The same flight, in small steps, up to the still moment.
            let steps = 27;
            for _ in 0..steps {
                step(&mut piece, &mut transform, STILL_AT_SECONDS / steps as f32);
            }
            commands.spawn((Still { until: now + STILL_SECONDS }, sprite, transform, extra.clone()));
        } else {
            commands.spawn((piece, sprite, transform, extra.clone()));
        }
    }
}

/// One step of a piece's flight: gravity, air, spin.
fn step(piece: &mut Flying, transform: &mut Transform, dt: f32) {
    piece.elapsed += dt;
    piece.velocity.y -= 900.0 * dt;
    piece.velocity *= 1.0 - 1.5 * dt;
    transform.translation += (piece.velocity * dt).extend(0.0);
    transform.rotate_z(piece.spin * dt);
}

fn fly(
    mut commands: Commands,
    time: Res<Time>,
    mut motion: ResMut<Motion>,
    mut pieces: Query<(Entity, &mut Flying, &mut Transform, &mut Sprite)>,
) {
    let dt = time.delta_secs().min(0.1);
    for (entity, mut piece, mut transform, mut sprite) in &mut pieces {
        if piece.elapsed + dt >= SECONDS {
            commands.entity(entity).despawn();
            continue;
        }
        step(&mut piece, &mut transform, dt);
        let fade = 1.0 - (piece.elapsed / SECONDS).powi(2);
        sprite.color.set_alpha(fade);
        motion.active = true;
    }
}

/// Takes the still confetti away when its time is up, and wakes the loop
/// for that moment.
fn take_away_still(
    mut commands: Commands,
    time: WallTime,
    mut wakeups: ResMut<Wakeups>,
    pieces: Query<(Entity, &Still)>,
) {
    let now = time.now();
    for (entity, still) in &pieces {
        if now >= still.until {
            commands.entity(entity).despawn();
        } else {
            // On time, not merged with the clock's minute: it covers words.
            wakeups.exactly_in((still.until - now) as f32);
        }
    }
}
