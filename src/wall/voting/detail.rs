//! Reading and voting by touch: a tap on a note opens its detail view (the
//! whole text, who noted it and when, its status and votes, and a large
//! "Vote as priority" button). A vote is written to the journal and fsynced
//! before the "+1" shows; the fair-voting rules say why when a vote is not
//! taken. Tapping outside the view, or leaving it alone, closes it.

use bevy::prelude::*;
use bevy::sprite::Anchor;
use bevy::text::{Justify, LineBreak, TextBounds};

use crate::core::votes::{Count, Record, Rules, Session, Vote};
use crate::store::journal::{self, Journal};
use crate::wall::cards::NoteCard;
use crate::wall::fonts::WallFonts;
use crate::wall::model::{DataDir, Wall};
use crate::wall::scenes::{Scene, WallClock};
use crate::wall::shared::{Motion, Wakeups, WallArea, WallConfig, WallTime};
use crate::wall::theme::text_font;
use crate::wall::widget;

/// How long the "+1" stays up.
const THANKS_SECONDS: f64 = 2.5;

/// The journal and the rules; `journal` is `None` without a data folder
/// (headless tests) or when it cannot be opened, and voting then says so.
#[derive(Resource)]
pub struct VoteBook {
    journal: Result<Journal, String>,
    session: Session,
    rules: Rules,
    kiosk: String,
}

impl VoteBook {
    pub fn ledger(&self) -> Option<&crate::core::votes::Ledger> {
        self.journal.as_ref().ok().map(Journal::ledger)
    }

    /// Stores a status decided at the wall for a note (by its id on the
    /// wall), crash-safely like a vote.
    pub fn decide(&mut self, wall: &Wall, note: &str, status: crate::core::model::Status) -> Result<(), String> {
        let note = wall.note_ref(note);
        let record = Record::Status {
            source: note.source,
            note_id: note.id,
            status: status.key().to_string(),
            at: chrono::Utc::now(),
            kiosk: self.kiosk.clone(),
        };
        self.record(&record)
    }

    /// Appends a record to the journal, on disk before this returns.
    pub fn record(&mut self, record: &Record) -> Result<(), String> {
        match &mut self.journal {
            Ok(journal) => journal.append(record).map_err(|err| err.to_string()),
            Err(why) => Err(why.clone()),
        }
    }
}

/// The open detail view.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct Detail {
    /// The note's id on the wall; `None` when closed.
    pub note: Option<String>,
    pub last_touch: f64,
    /// A line under the button: why a vote was not taken.
    pub message: String,
    /// When the last vote was safely stored, for the "+1".
    pub thanked_at: Option<f64>,
}

#[derive(Component)]
struct DetailPart;
/// The "Vote as priority" button.
#[derive(Component)]
pub struct VoteButton;
#[derive(Component)]
struct DetailVeil;

/// The start-up system that opens the journal; the outbox starts after it.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct JournalOpened;

pub fn plugin(app: &mut App) {
    app.init_resource::<Detail>()
        .add_systems(Startup, open_journal.in_set(JournalOpened))
        .add_systems(PreUpdate, follow_journal)
        .add_systems(Update, (make_cards_tappable, close_detail_when_idle, draw_detail).chain());
}

fn open_journal(mut commands: Commands, config: Res<WallConfig>, data_dir: Option<Res<DataDir>>) {
    let voting = &config.config().voting;
    let journal = match data_dir {
        Some(dir) => match Journal::open(&dir.0) {
            Ok((mut journal, recovery)) => {
                if let Some(report) = recovery.report() {
                    warn!("vote journal in {}: {report}", dir.0.display());
                }
                // Journals from before sources had names kept their position
                // ("0"); they get the name of the source at that position now.
                let sources = &config.config().sources;
                let by_position = |source: &str| {
                    let index: usize = source.parse().ok()?;
                    let key = sources.get(index).map(crate::config::SourceConfig::key)?;
                    // Names are never only digits (the config refuses them),
                    // so a number is a position from an older journal.
                    (key != source).then_some(key)
                };
                match journal.rename_sources(by_position) {
                    Ok(0) => {}
                    Ok(renamed) => {
                        info!("vote journal: {renamed} records now name their source instead of its position")
                    }
                    Err(err) => {
                        warn!("cannot rename the sources in the vote journal ({err}); trying again at the next start")
                    }
                }
                info!(
                    "vote journal: {} votes, {} not yet sent back",
                    journal.ledger().votes.len(),
                    journal.ledger().unsent().count()
                );
                Ok(journal)
            }
            Err(err) => {
                error!("cannot open the vote journal in {}: {err}; votes cannot be taken", dir.0.display());
                Err(err.to_string())
            }
        },
        None => Err("no data folder".to_string()),
    };
    let kiosk =
        if voting.kiosk_id.trim().is_empty() { journal::kiosk_name() } else { voting.kiosk_id.trim().to_string() };
    commands.insert_resource(VoteBook { journal, session: Session::default(), rules: voting.rules(), kiosk });
}

/// The thread that sends votes back to sources with a `votes_url`.
/// Every note card can be tapped; the tap lands on its paper and bubbles up.
fn make_cards_tappable(mut commands: Commands, cards: Query<Entity, Added<NoteCard>>) {
    for entity in &cards {
        commands.entity(entity).observe(open_detail);
    }
}

fn open_detail(
    click: On<Pointer<Click>>,
    cards: Query<&NoteCard>,
    wall: Res<Wall>,
    time: WallTime,
    mut detail: ResMut<Detail>,
    book: Option<ResMut<VoteBook>>,
) {
    let Ok(card) = cards.get(click.entity) else {
        return;
    };
    let id = crate::wall::cards::note_id(&card.id).to_string();
    // Commitments and compliments have nothing to vote on; feedback does.
    let is_note = wall.snapshot().is_some_and(|s| s.notes.iter().any(|n| n.id == id));
    if !is_note || detail.note.is_some() {
        return;
    }
    let now = time.now();
    if let Some(mut book) = book {
        let rules = book.rules;
        book.session.touch(&rules, now);
    }
    info!("note {id} opened");
    *detail = Detail { note: Some(id), last_touch: now, message: String::new(), thanked_at: None };
}

/// The wall follows the journal: statuses decided at the wall show on the
/// notes in every scene, local votes on the badges and in the rankings,
/// notes done this past week in the "we did" strip. Recounted when the
/// journal changes or the minute turns (the ISO week turns, a done note
/// leaves the strip a week later).
fn follow_journal(
    book: Option<Res<VoteBook>>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    mut wall: ResMut<Wall>,
    mut last_minute: Local<Option<i64>>,
) {
    let Some(book) = book else {
        return;
    };
    let now = clock.now();
    let minute = now.timestamp() / 60;
    if !book.is_changed() && *last_minute == Some(minute) {
        return;
    }
    *last_minute = Some(minute);
    let Some(ledger) = book.ledger() else {
        return;
    };
    let week = config.0.zone().iso_week(now);
    if wall.bypass_change_detection().follow_ledger(ledger, week, now) {
        wall.set_changed();
    }
}

/// Casts a vote for the open note: the rules first, then the journal; the
/// "+1" only once the record is on disk.
pub fn cast_vote(
    detail: &mut Detail,
    book: &mut VoteBook,
    wall: &Wall,
    config: &WallConfig,
    now: f64,
    at: chrono::DateTime<chrono::Utc>,
) {
    let Some(id) = detail.note.clone() else {
        return;
    };
    let language = config.config().language;
    detail.last_touch = now;
    let rules = book.rules;
    book.session.touch(&rules, now);
    let note = wall.note_ref(&id);
    let key = format!("{}/{}", note.source, note.id);
    if let Err(blocked) = book.session.check(&rules, &key, now) {
        detail.message = language.vote_blocked(blocked);
        detail.thanked_at = None;
        return;
    }
    let week = config.0.zone().iso_week(at);
    let vote = Vote {
        vote_id: journal::new_vote_id(&book.kiosk),
        source: note.source,
        note_id: note.id,
        at,
        week: week.to_string(),
        kiosk: book.kiosk.clone(),
    };
    let stored = book.record(&Record::Vote(vote));
    match stored {
        Ok(()) => {
            info!("vote stored for note {key}");
            book.session.voted(&rules, &key, now);
            detail.message.clear();
            detail.thanked_at = Some(now);
        }
        Err(err) => {
            error!("a vote for note {key} could not be stored: {err}");
            detail.message = language.vote_failed().to_string();
        }
    }
}

fn on_vote_click(
    _click: On<Pointer<Click>>,
    wall: Res<Wall>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    time: WallTime,
    mut detail: ResMut<Detail>,
    book: Option<ResMut<VoteBook>>,
) {
    let Some(mut book) = book else {
        return;
    };
    cast_vote(&mut detail, &mut book, &wall, &config, time.now(), clock.now());
}

fn on_veil_click(_click: On<Pointer<Click>>, mut detail: ResMut<Detail>) {
    *detail = Detail::default();
}

fn close_detail_when_idle(
    time: WallTime,
    config: Res<WallConfig>,
    state: Res<State<Scene>>,
    mut detail: ResMut<Detail>,
    mut wakeups: ResMut<Wakeups>,
) {
    if detail.note.is_none() {
        return;
    }
    if state.is_changed() {
        *detail = Detail::default();
        return;
    }
    let now = time.now();
    let limit = f64::from(config.config().voting.detail_seconds);
    let idle = now - detail.last_touch;
    if idle >= limit {
        *detail = Detail::default();
        return;
    }
    wakeups.in_seconds((limit - idle) as f32);
    if let Some(at) = detail.thanked_at {
        if now - at >= THANKS_SECONDS {
            detail.thanked_at = None;
        } else {
            wakeups.in_seconds((at + THANKS_SECONDS - now) as f32);
        }
    }
}

/// The detail view: rebuilt whenever it changes (it is a handful of
/// entities, and it changes only on a touch).
#[allow(clippy::too_many_arguments)] // The view shows the note, its votes and the rules' answer.
fn draw_detail(
    mut commands: Commands,
    detail: Res<Detail>,
    wall: Res<Wall>,
    area: Option<Res<WallArea>>,
    fonts: Option<Res<WallFonts>>,
    assets: Option<Res<crate::wall::cards::draw::CardAssets>>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    parts: Query<Entity, With<DetailPart>>,
    mut motion: ResMut<Motion>,
    mut counted: Local<Option<(Count, u32)>>,
) {
    // Redrawn on a touch, or when the open note's votes change.
    let counts = detail
        .note
        .as_ref()
        .and_then(|id| wall.snapshot()?.notes.iter().find(|n| &n.id == id))
        .map(|note| (wall.local_votes(note), wall.shown_votes(note)));
    if !detail.is_changed() && *counted == counts {
        return;
    }
    *counted = counts;
    let was_open = !parts.is_empty();
    for entity in &parts {
        commands.entity(entity).despawn();
    }
    let Some(id) = &detail.note else {
        // Draw the frame without the view, if there was one.
        motion.active |= was_open;
        return;
    };
    let (Some(area), Some(fonts)) = (area, fonts) else {
        return;
    };
    let Some(note) = wall.snapshot().and_then(|s| s.notes.iter().find(|n| &n.id == id)) else {
        return;
    };
    motion.active = true;
    let cfg = config.config();
    let language = cfg.language;
    let px = cfg.min_text_px;
    let paper = crate::wall::cards::draw::color(cfg.colors.of(note.kind));
    let z = 8.0;
    let panel = Vec2::new((area.screen.x * 0.62).min(px * 48.0).max(px * 20.0), (area.screen.y * 0.78).min(px * 40.0));
    let center = area.to_world(area.screen.x / 2.0, area.screen.y / 2.0);
    let pad = px * 1.4;
    let left = center.x - panel.x / 2.0 + pad;
    let top = center.y + panel.y / 2.0 - pad;
    let inner = panel.x - 2.0 * pad;

    commands
        .spawn((
            DetailPart,
            DetailVeil,
            Pickable::default(),
            Sprite::from_color(Color::srgba(0.0, 0.0, 0.0, 0.7), area.screen * 2.0),
            Transform::from_translation(center.extend(z)),
        ))
        .observe(on_veil_click);
    commands.spawn((
        DetailPart,
        Pickable::default(),
        Sprite::from_color(paper, panel),
        Transform::from_translation(center.extend(z + 0.1)),
    ));
    let now = clock.now();
    let mut header = language.kind(note.kind).to_string();
    if let Some(team) = &note.team {
        header.push_str(&format!("  ·  {}", language.team(team)));
    }
    header.push_str(&format!("  ·  {}", language.status(note.status)));
    let noted = language.noted(note.noted_by.as_deref(), &language.age(note.created_at, now));
    let local_count = wall.local_votes(note);
    let counts = language.vote_counts(local_count.this_week, wall.shown_votes(note).max(local_count.total));
    let mut y = top;
    let line = |commands: &mut Commands, text: String, size: f32, bold: bool, color: Color, y: f32| {
        commands.spawn((
            DetailPart,
            Text2d::new(text),
            text_font(if bold { &fonts.bold } else { &fonts.regular }, size),
            TextColor(color),
            TextLayout::new(Justify::Left, LineBreak::WordOrCharacter),
            TextBounds::new_horizontal(inner),
            Anchor::TOP_LEFT,
            Transform::from_xyz(left, y, z + 0.2),
        ));
    };
    let ink = crate::wall::theme::INK;
    // The kind's shape before its word, as on the note itself.
    if let Some(assets) = assets.as_deref() {
        let icon = px * crate::core::layout::ICON_EM;
        let (shape, glyph) = crate::wall::cards::draw::kind_mark(
            note.kind,
            Vec3::new(left + icon / 2.0, y - px * 0.6, z + 0.2),
            icon,
            paper,
            assets,
            &fonts,
        );
        commands.spawn((DetailPart, shape));
        if let Some(glyph) = glyph {
            commands.spawn((DetailPart, glyph));
        }
        header = format!("{}{header}", " ".repeat(6));
    }
    line(&mut commands, header, px, true, ink, y);
    y -= px * 1.8;
    line(&mut commands, noted, px, false, ink.with_alpha(0.8), y);
    y -= px * 2.2;
    let text_px = (px * 1.5).round();
    line(&mut commands, note.text.clone(), text_px, false, ink, y);

    // The button and the counts at the bottom of the panel.
    let bottom = center.y - panel.y / 2.0 + pad;
    let button = Vec2::new(inner.min(px * 22.0), (px * 3.4).round());
    let button_y = bottom + px * 3.2 + button.y / 2.0;
    line(&mut commands, counts, px, false, ink, button_y + button.y / 2.0 + px * 2.4);
    commands
        .spawn((
            DetailPart,
            VoteButton,
            widget::button(Color::srgb(0.12, 0.45, 0.25), button, Vec3::new(center.x, button_y, z + 0.2)),
        ))
        .observe(on_vote_click)
        .with_child(widget::button_label(language.vote_button(), &fonts.bold, (px * 1.5).round()));
    let (message, color) = if detail.thanked_at.is_some() {
        (language.vote_thanks().to_string(), Color::srgb(0.05, 0.40, 0.18))
    } else {
        (detail.message.clone(), Color::srgb(0.55, 0.10, 0.10))
    };
    commands.spawn((
        DetailPart,
        Text2d::new(message),
        text_font(&fonts.bold, (px * 1.2).round()),
        TextColor(color),
        TextLayout::new(Justify::Center, LineBreak::WordOrCharacter),
        TextBounds::new_horizontal(inner),
        Anchor::CENTER,
        Transform::from_xyz(center.x, bottom + px * 1.0, z + 0.2),
    ));
}
