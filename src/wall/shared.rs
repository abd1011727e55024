//! What every wall plugin reads: the config, the part of the window that
//! belongs to the notes, the TV's clock, and whether anything moves or
//! needs a frame soon.

use bevy::prelude::*;

use crate::config::LoadedConfig;

/// The validated config of the running wall, read one way: as the loaded
/// config (`config.zone()`, `config.origin`) whose settings read directly
/// (`config.colors`, `config.scenes`). It is replaced whole, only by a
/// reload; what changes while the wall runs (the language of this round)
/// is a resource of its own.
#[derive(Resource, Debug, Clone)]
pub struct WallConfig(LoadedConfig);

impl WallConfig {
    pub fn new(loaded: LoadedConfig) -> WallConfig {
        WallConfig(loaded)
    }
}

impl std::ops::Deref for WallConfig {
    type Target = LoadedConfig;

    fn deref(&self) -> &LoadedConfig {
        &self.0
    }
}

/// The language on the wall now: the first of the config's `language` at
/// start, then each round's (`scenes::alternate_language`). Running state,
/// apart from the config, so a new round redraws the words and nothing
/// else (the PIN gate, the cards' paper).
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActiveLanguage(pub crate::core::i18n::Language);

impl FromWorld for ActiveLanguage {
    fn from_world(world: &mut World) -> ActiveLanguage {
        let first = world.get_resource::<WallConfig>().map(|config| config.languages.of_round(0));
        ActiveLanguage(first.unwrap_or(crate::core::i18n::Language::En))
    }
}

/// The part of the window that belongs to the notes, in screen pixels
/// (origin top-left, y down), and the window size it was computed for.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct WallArea {
    pub screen: Vec2,
    pub notes: crate::core::layout::Rect,
    pub header_h: f32,
    /// The smallest letters of the notes and of every text read as
    /// content (detail, agenda, PIN pad, stand-up), in pixels.
    pub text_px: f32,
    /// The smallest letters of the header, the footer and labels.
    pub label_px: f32,
}

impl WallArea {
    /// The header takes the top, a strip for the page indicator the bottom,
    /// the notes everything in between; the letters are `text`'s sizes.
    pub fn for_screen(width: f32, height: f32, text: crate::core::reach::TextPx) -> WallArea {
        let header_h = (text.label * 3.2).round();
        let footer_h = (text.label * 1.3).round();
        let margin = (text.label * 0.8).round();
        WallArea {
            screen: Vec2::new(width, height),
            notes: crate::core::layout::Rect::new(
                margin,
                header_h,
                (width - 2.0 * margin).max(1.0),
                (height - header_h - footer_h).max(1.0),
            ),
            header_h,
            text_px: text.body,
            label_px: text.label,
        }
    }

    /// Converts a screen point (origin top-left, y down) to world space
    /// for a 2D camera centred on the window.
    pub fn to_world(&self, x: f32, y: f32) -> Vec2 {
        Vec2::new(x - self.screen.x / 2.0, self.screen.y / 2.0 - y)
    }
}

/// Whether anything on the wall moves this frame; the kiosk plugin keeps
/// drawing while it does and lets the loop sleep when it does not.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct Motion {
    pub active: bool,
}

/// How quickly notes move. Where the processor draws every pixel (a thin
/// client or a VM without a graphics chip) each frame costs it tens of
/// milliseconds, so the same motion is made of fewer frames: a page lands
/// at once instead of in a cascade, and moves take about half as long.
/// The screen plugin sets it once it knows the renderer.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct MotionPace {
    pub quick: bool,
}

/// The monotonic clock of the TV: seconds since the wall started.
///
/// Bevy's `Time<Real>` is stamped by the renderer at the end of the
/// previous frame, so after the loop has slept it is a sleep behind; page
/// turns and the rotation would each come a wake-up late. The TV reads the
/// system's monotonic clock instead. Without [`StartInstant`] (headless
/// tests on a manual clock) it falls back to `Time<Real>`.
#[derive(bevy::ecs::system::SystemParam)]
pub struct WallTime<'w> {
    time: Res<'w, Time<Real>>,
    start: Option<Res<'w, StartInstant>>,
}

impl WallTime<'_> {
    pub fn now(&self) -> f64 {
        match &self.start {
            Some(start) => start.0.elapsed().as_secs_f64(),
            None => self.time.elapsed_secs_f64(),
        }
    }
}

/// When the wall started, for [`WallTime`].
#[derive(Resource, Debug, Clone, Copy)]
pub struct StartInstant(pub std::time::Instant);

/// A touch at night shows the wall until this moment
/// (`wake_on_touch_at_night`); `None` while nobody woke it.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct NightWake(pub Option<chrono::DateTime<chrono::Utc>>);

/// The soonest moment, in seconds from this frame, that something needs a
/// frame although nothing moves (a page turn, the next scene, a spotlight).
/// Reset every frame; the kiosk plugin sleeps until then.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct Wakeups {
    pub next: f32,
    /// The soonest change that must come on time: never merged with the
    /// clock's minute (see `core::clock::frame_wait`).
    pub exact: f32,
}

impl Default for Wakeups {
    fn default() -> Wakeups {
        Wakeups { next: f32::MAX, exact: f32::MAX }
    }
}

impl Wakeups {
    /// Asks for a frame `seconds` from now; it may come up to a few seconds
    /// late, to share the clock's minute.
    pub fn in_seconds(&mut self, seconds: f32) {
        self.next = self.next.min(seconds.max(0.0));
    }

    /// Asks for a frame exactly `seconds` from now.
    pub fn exactly_in(&mut self, seconds: f32) {
        self.in_seconds(seconds);
        self.exact = self.exact.min(seconds.max(0.0));
    }
}

/// A function a background thread calls to wake the sleeping event loop
/// (after a feed update, a config edit, a confirmed vote). Headless: a
/// no-op.
pub fn waker(proxy: Option<&bevy::winit::EventLoopProxyWrapper>) -> crate::sources::Waker {
    match proxy {
        Some(proxy) => {
            let proxy = std::sync::Mutex::new((**proxy).clone());
            std::sync::Arc::new(move || {
                // The loop may already be gone at shutdown; nothing to do then.
                if let Ok(proxy) = proxy.lock() {
                    let _ = proxy.send_event(bevy::winit::WinitUserEvent::WakeUp);
                }
            })
        }
        None => std::sync::Arc::new(|| {}),
    }
}

/// How often a secret the config names (a key file, a PIN file) changed
/// while the wall ran: the source threads and the vote sender restart when
/// it moves, so they use the new secret.
/// The facilitator arranging stacks on the Wall of Change by hand
/// (`scenes::standup::arrange`): the rotation waits, a drag is no swipe and
/// no tap.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct Arranging {
    pub on: bool,
    pub last_touch: f64,
    /// The card in the facilitator's hand.
    pub dragging: Option<Entity>,
}

#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SecretsVersion(pub u64);

/// The heartbeats of the source threads and the vote sender, read where the
/// watchdog is pinged.
#[derive(Resource, Clone, Default)]
pub struct BackgroundThreads(pub crate::sources::Heartbeats);

/// The order of a frame's work on the wall, chained once (in
/// [`frame_order`]): data flows one way, from what the model learnt to the
/// scene on screen, its pages, the card entities, what is drawn, and the
/// overlays on top.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WallSystems {
    /// What the model's news teaches the wall: notes done this week, the
    /// week's counts, new compliments, the topic rules.
    Record,
    /// The rotation, transitions, touches and the night: which scene is on.
    Scenes,
    /// The scene on screen lays its cards out as pages.
    BuildPages,
    /// The current page becomes entities, one per card; pages turn.
    SyncCards,
    /// Cards are moved and dressed; the header and footer follow
    /// ([`DrawSteps`]).
    Draw,
    /// What lies over the cards and answers touches ([`OverlaySteps`]).
    Overlays,
}

/// What comes in before the frame's work (in `PreUpdate`), in this order:
/// a config that changed on disk, the sources' news, the vote journal and
/// the outbox, the window's size and the renderer.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Intake {
    Config,
    Sources,
    Votes,
    Screen,
}

/// What ends a frame (in `Last`), in this order: the proof of display,
/// the service's reports (systemd, status.json), then the wait for the
/// next frame.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameEnd {
    Proof,
    Report,
    Pace,
}

/// The steps inside [`WallSystems::Draw`], in this order.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DrawSteps {
    /// The veil between scenes (or the cut where the processor draws).
    Fade,
    /// Cards arrive, glide, pulse and leave.
    Move,
    /// Cards get their paper and text.
    Dress,
    /// The header and footer.
    Hud,
}

/// The steps inside [`WallSystems::Overlays`], in this order: the PIN pad
/// last, so a key that closes it (Escape, Enter) is the pad's alone.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OverlaySteps {
    /// Confetti for a new compliment.
    Confetti,
    /// The night's clock, and a touch that wakes the wall.
    Night,
    /// A touched note read in full.
    Detail,
    /// The facilitator arranging the Wall of Change.
    Arrange,
    /// The stand-up.
    StandUp,
    /// The screen itself: the burn-in drift, the window's size, the
    /// watchdog's frames, the TV's power.
    Screen,
    /// The kiosk's lock and its PIN pad.
    Pad,
}

/// The scenes' page builders inside [`WallSystems::BuildPages`]. Each runs
/// only in its own scene, but they share the pages, so they are ordered
/// one after another: no two are an unordered pair.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScenePages {
    Change,
    Fame,
    Commitment,
    Priorities,
    Trends,
}

/// The order of the frame's work (set once, here), and the per-frame state
/// shared by the plugins (reset at the start of each frame).
pub fn frame_order(app: &mut App) {
    app.configure_sets(
        Update,
        (
            WallSystems::Record,
            WallSystems::Scenes,
            WallSystems::BuildPages,
            WallSystems::SyncCards,
            WallSystems::Draw,
            WallSystems::Overlays,
        )
            .chain(),
    )
    .configure_sets(
        Update,
        (ScenePages::Change, ScenePages::Fame, ScenePages::Commitment, ScenePages::Priorities, ScenePages::Trends)
            .chain()
            .in_set(WallSystems::BuildPages),
    )
    .configure_sets(PreUpdate, (Intake::Config, Intake::Sources, Intake::Votes, Intake::Screen).chain())
    .configure_sets(Last, (FrameEnd::Proof, FrameEnd::Report, FrameEnd::Pace).chain())
    .configure_sets(
        Update,
        (DrawSteps::Fade, DrawSteps::Move, DrawSteps::Dress, DrawSteps::Hud).chain().in_set(WallSystems::Draw),
    )
    .configure_sets(
        Update,
        (
            OverlaySteps::Confetti,
            OverlaySteps::Night,
            OverlaySteps::Detail,
            OverlaySteps::Arrange,
            OverlaySteps::StandUp,
            OverlaySteps::Screen,
            OverlaySteps::Pad,
        )
            .chain()
            .in_set(WallSystems::Overlays),
    );
    // Many systems ask for the next frame: `Motion` is an "or" and
    // `Wakeups` a minimum, both acted on only in `Last`, so the order of
    // their writers never changes when the next frame comes. (The footer
    // reads the wake-ups asked for before it, its steps being later: a
    // countdown step close by then shares a frame drawn anyway.)
    app.allow_ambiguous_resource::<Motion>().allow_ambiguous_resource::<Wakeups>();
    app.init_resource::<Motion>().init_resource::<MotionPace>().init_resource::<Wakeups>().add_systems(
        First,
        |mut motion: ResMut<Motion>, mut wakeups: ResMut<Wakeups>| {
            motion.set_if_neq(Motion::default());
            wakeups.set_if_neq(Wakeups::default());
        },
    );
}
