//! The fade between scenes: out to black, switch the scene, back in. The
//! rotation, a swipe, the config and the night start one with [`begin`].
//! Where the processor draws ([`MotionPace`]) it is a cut instead: a fade
//! of a few frames at 15 a second is a flicker, and each of its frames
//! costs tens of milliseconds of CPU.

use bevy::prelude::*;

use super::Scene;
use crate::wall::shared::{Motion, MotionPace};

/// A fade between scenes: out to the wall colour, switch, back in.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct Transition {
    /// The scene being faded to; `None` when no fade is running.
    pub to: Option<Scene>,
    /// Seconds since the fade began.
    pub elapsed: f32,
    /// Whether the state has switched (the fade is on its way back in).
    pub switched: bool,
}

/// Seconds to fade out, and again to fade in: 0.6 s in all (a cut where
/// the processor draws, see `MotionPace`).
pub const FADE_SECONDS: f32 = 0.3;

#[derive(Component)]
pub(super) struct FadeVeil;

/// The veil over everything that the fade darkens.
pub(super) fn spawn_veil(mut commands: Commands) {
    commands.spawn((
        FadeVeil,
        Sprite::from_color(Color::BLACK.with_alpha(0.0), Vec2::splat(100_000.0)),
        Transform::from_xyz(0.0, 0.0, 4.5),
        Visibility::Hidden,
    ));
}

/// Fades to `to`.
pub fn begin(transition: &mut Transition, to: Scene) {
    debug!("fading to {to:?}");
    *transition = Transition { to: Some(to), elapsed: 0.0, switched: false };
}

/// Runs after the cards are synced (`DrawSteps::Fade`), so the
/// frame that brings a scene on still sees the transition: its cards are in
/// place at once where the processor draws (`cards::sync`).
pub(super) fn run_transition(
    time: Res<Time<Real>>,
    pace: Res<MotionPace>,
    mut transition: ResMut<Transition>,
    mut next: ResMut<NextState<Scene>>,
    mut motion: ResMut<Motion>,
    mut veil: Query<(&mut Sprite, &mut Visibility), With<FadeVeil>>,
) {
    let Some(to) = transition.to else {
        return;
    };
    if pace.quick {
        // A cut: this frame asks for the scene, the next one shows it.
        if transition.switched {
            *transition = Transition::default();
        } else {
            NextState::set_if_neq(&mut *next, to);
            transition.switched = true;
            motion.active = true;
        }
        return;
    }
    transition.elapsed += time.delta_secs().min(0.1);
    if !transition.switched && transition.elapsed >= FADE_SECONDS {
        // Never a same-scene transition: it would despawn the scene's cards.
        NextState::set_if_neq(&mut *next, to);
        transition.switched = true;
        transition.elapsed = FADE_SECONDS;
    }
    let t = transition.elapsed / FADE_SECONDS;
    let alpha = if transition.switched { (2.0 - t).clamp(0.0, 1.0) } else { t.clamp(0.0, 1.0) };
    if transition.switched && t >= 2.0 {
        *transition = Transition::default();
    }
    for (mut sprite, mut visibility) in &mut veil {
        sprite.color = Color::BLACK.with_alpha(alpha);
        *visibility = if alpha > 0.0 { Visibility::Visible } else { Visibility::Hidden };
    }
    // The frame that lifts the veil is the last one the fade needs.
    motion.active |= transition.to.is_some();
}
