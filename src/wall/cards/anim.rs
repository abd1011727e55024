//! Motion on the wall: new notes fly in with a small overshoot, moved notes
//! glide to their new place, changed notes pulse once, removed notes fall
//! off and notes of another page shrink away. When nothing moves, nothing
//! here writes.

use bevy::prelude::*;

use crate::config::MotionSetting;
use crate::wall::cards::{CardTarget, Dragged, NewCard, NoteCard};
use crate::wall::shared::DrawSteps;
use crate::wall::shared::{Motion, MotionPace, WallConfig};

/// How long a new note takes to land, in seconds.
const ARRIVAL_SECONDS: f32 = 0.55;
/// The same where the processor draws ([`MotionPace`]): about five frames.
const QUICK_ARRIVAL_SECONDS: f32 = 0.35;
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

/// How long a changed note pulses, and how much it grows at the peak.
const PULSE_SECONDS: f32 = 0.7;
const PULSE_GROWTH: f32 = 0.08;
/// How long a removed note takes to fall off the screen.
const FALL_SECONDS: f32 = 0.9;
/// How long a note of the previous page takes to shrink away.
const SHRINK_SECONDS: f32 = 0.25;
/// How fast a moved note glides: the part of the way left that it covers
/// in a second is `1 - e^-rate`.
const GLIDE_RATE: f32 = 7.0;

/// The durations of the motion, full or quick ([`MotionPace`]).
#[derive(Debug, Clone, Copy)]
struct Timing {
    arrival: f32,
    stagger: f32,
    pulse: f32,
    fall: f32,
    glide_rate: f32,
}

impl Timing {
    fn for_pace(pace: MotionPace) -> Timing {
        if pace.quick {
            Timing {
                arrival: QUICK_ARRIVAL_SECONDS,
                stagger: 0.0,
                pulse: PULSE_SECONDS / 2.0,
                fall: FALL_SECONDS / 2.0,
                glide_rate: GLIDE_RATE * 2.0,
            }
        } else {
            Timing {
                arrival: ARRIVAL_SECONDS,
                stagger: STAGGER_SECONDS,
                pulse: PULSE_SECONDS,
                fall: FALL_SECONDS,
                glide_rate: GLIDE_RATE,
            }
        }
    }
}

/// A note whose text, votes or status changed: it pulses once.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct Pulse {
    pub elapsed: f32,
}

/// A card on its way out: it falls when its note was removed from the
/// data, and shrinks away when it only left the page.
#[derive(Component, Debug, Clone, Copy)]
pub struct Leaving {
    pub elapsed: f32,
    pub fall: bool,
    /// The card's size, for the veil of `motion: reduced`.
    pub size: Vec2,
}

impl Placed {
    /// Where a card rests on its page.
    pub fn at(target: &CardTarget) -> Placed {
        Placed { position: target.position, tilt: target.tilt }
    }
}

impl Leaving {
    pub fn new(fall: bool, size: Vec2) -> Leaving {
        Leaving { elapsed: 0.0, fall, size }
    }
}

/// Where a card is drawn now, on its way to its [`CardTarget`].
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub position: Vec2,
    pub tilt: f32,
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (start_arrivals, animate_cards, animate_leaving, fade_veils).chain().in_set(DrawSteps::Move),
    );
}

/// How long a fade takes with `motion: reduced`.
const FADE_SECONDS: f32 = 0.3;

/// With `motion: reduced` a card does not move: a veil of the wall's own
/// colour over it fades out as it comes, and in as it goes.
#[derive(Component, Debug, Clone, Copy)]
pub struct Veil {
    pub elapsed: f32,
    /// Fading in over a card that is leaving.
    pub closing: bool,
}

/// The colour behind the notes (the scene's background).
fn wall_color(clear: Option<&ClearColor>) -> Color {
    clear.map_or(crate::wall::theme::WALL_COLOR, |clear| clear.0)
}

fn reduced(config: &WallConfig) -> bool {
    config.motion == MotionSetting::Reduced
}

/// The veil over a card of `size` at `at`, in the wall's colour. It is an
/// entity of its own (a card's children are rebuilt when it is dressed).
fn veil(at: Transform, size: Vec2, wall: Color, closing: bool) -> impl Bundle {
    (
        Veil { elapsed: 0.0, closing },
        Sprite::from_color(wall.with_alpha(if closing { 0.0 } else { 1.0 }), size * 1.15),
        at.with_translation(at.translation + Vec3::Z * 0.5),
    )
}

fn start_arrivals(
    mut commands: Commands,
    config: Res<WallConfig>,
    pace: Res<MotionPace>,
    wall: Option<Res<ClearColor>>,
    new_cards: Query<(Entity, &CardTarget, &NoteCard), Added<NewCard>>,
) {
    if reduced(&config) {
        for (entity, target, card) in &new_cards {
            let at = target.resting();
            commands.entity(entity).remove::<NewCard>().insert((Placed::at(target), at));
            commands.spawn(veil(at, card.size, wall_color(wall.as_deref()), false));
        }
        return;
    }
    let arriving = new_cards.iter().count();
    let stagger = Timing::for_pace(*pace).stagger;
    for (entity, target, _) in &new_cards {
        // A single new note comes in at once; a whole page cascades.
        let delay = if arriving > 1 { target.slot as f32 * stagger } else { 0.0 };
        commands.entity(entity).remove::<NewCard>().insert((
            Arrival { delay, elapsed: 0.0 },
            Placed::at(target),
            Transform::from_translation(target.position.extend(target.z)).with_scale(Vec3::ZERO),
        ));
    }
}

fn animate_cards(
    mut commands: Commands,
    time: Res<Time>,
    config: Res<WallConfig>,
    pace: Res<MotionPace>,
    mut motion: ResMut<Motion>,
    mut cards: Query<
        (Entity, &CardTarget, &mut Placed, &mut Transform, Option<&mut Arrival>, Option<&mut Pulse>),
        (With<NoteCard>, Without<Dragged>),
    >,
) {
    let dt = time.delta_secs().min(0.1);
    let timing = Timing::for_pace(*pace);
    let arrival_curve = EasingCurve::new(0.0, 1.0, EaseFunction::BackOut);
    // With reduced motion a moved note is simply in its new place.
    let glide = if reduced(&config) { 1.0 } else { 1.0 - (-dt * timing.glide_rate).exp() };
    for (entity, target, mut placed, mut transform, arrival, pulse) in &mut cards {
        let mut scale = 1.0;
        let mut drop = 0.0;
        // Whether this frame moves the card, and whether it still moves after
        // it: the frame that puts a card in its final place asks for none
        // more (it would only draw the same picture again).
        let mut moving = false;
        let mut more = false;
        if let Some(mut arrival) = arrival {
            arrival.elapsed += dt;
            let t = ((arrival.elapsed - arrival.delay) / timing.arrival).clamp(0.0, 1.0);
            scale = arrival_curve.sample_clamped(t);
            drop = (1.0 - t) * ARRIVAL_DROP;
            moving = true;
            more |= t < 1.0;
            if t >= 1.0 {
                commands.entity(entity).remove::<Arrival>();
            }
        }
        if let Some(mut pulse) = pulse.filter(|_| !reduced(&config)) {
            pulse.elapsed += dt;
            let t = (pulse.elapsed / timing.pulse).clamp(0.0, 1.0);
            scale *= 1.0 + PULSE_GROWTH * (t * std::f32::consts::PI).sin();
            moving = true;
            more |= t < 1.0;
            if t >= 1.0 {
                commands.entity(entity).remove::<Pulse>();
            }
        }
        let goal = Placed::at(target);
        if *placed != goal {
            let offset = goal.position - placed.position;
            let turn = goal.tilt - placed.tilt;
            if offset.length() < 0.5 && turn.abs() < 0.001 {
                *placed = goal;
            } else {
                placed.position += offset * glide;
                placed.tilt += turn * glide;
                more = true;
            }
            moving = true;
        }
        if moving || transform.translation.z != target.z {
            *transform = Transform::from_translation((placed.position + Vec2::Y * drop).extend(target.z))
                .with_rotation(Quat::from_rotation_z(placed.tilt))
                .with_scale(Vec3::splat(scale.max(0.0)));
        }
        if more {
            motion.active = true;
        }
    }
}

/// Removed notes fall off the wall, turning a little as they go; cards of
/// the previous page shrink away. Then they are despawned.
fn animate_leaving(
    mut commands: Commands,
    time: Res<Time>,
    config: Res<WallConfig>,
    pace: Res<MotionPace>,
    wall: Option<Res<ClearColor>>,
    mut motion: ResMut<Motion>,
    mut cards: Query<(Entity, &mut Leaving, &Placed, &mut Transform)>,
) {
    let dt = time.delta_secs().min(0.1);
    let fall = Timing::for_pace(*pace).fall;
    for (entity, mut leaving, placed, mut transform) in &mut cards {
        if reduced(&config) {
            // The card stays put while a veil closes over it.
            if leaving.elapsed == 0.0 {
                commands.spawn(veil(*transform, leaving.size, wall_color(wall.as_deref()), true));
            }
            leaving.elapsed += dt;
            motion.active = true;
            if leaving.elapsed >= FADE_SECONDS {
                commands.entity(entity).despawn();
            }
            continue;
        }
        leaving.elapsed += dt;
        let duration = if leaving.fall { fall } else { SHRINK_SECONDS };
        let t = (leaving.elapsed / duration).clamp(0.0, 1.0);
        if t >= 1.0 {
            commands.entity(entity).despawn();
            continue;
        }
        let z = transform.translation.z;
        *transform = if leaving.fall {
            // Gravity: a slow start, then gone below the screen.
            let drop = 1400.0 * t * t;
            let turn = if placed.tilt >= 0.0 { 0.5 } else { -0.5 } * t;
            Transform::from_translation((placed.position - Vec2::Y * drop).extend(z))
                .with_rotation(Quat::from_rotation_z(placed.tilt + turn))
        } else {
            Transform::from_translation(placed.position.extend(z))
                .with_rotation(Quat::from_rotation_z(placed.tilt))
                .with_scale(Vec3::splat(1.0 - t))
        };
        motion.active = true;
    }
}

/// Fades the veils of `motion: reduced`: open over an arriving card, closed
/// over a leaving one.
fn fade_veils(
    mut commands: Commands,
    time: Res<Time>,
    mut motion: ResMut<Motion>,
    mut veils: Query<(Entity, &mut Veil, &mut Sprite)>,
) {
    let dt = time.delta_secs().min(0.1);
    for (entity, mut veil, mut sprite) in &mut veils {
        veil.elapsed += dt;
        let t = (veil.elapsed / FADE_SECONDS).clamp(0.0, 1.0);
        let alpha = if veil.closing { t } else { 1.0 - t };
        sprite.color = sprite.color.with_alpha(alpha);
        motion.active |= t < 1.0;
        // An open veil is done; a closed one goes with its card.
        if t >= 1.0 {
            commands.entity(entity).despawn();
        }
    }
}
