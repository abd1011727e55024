//! `--soak`: a week of wall life in minutes. 10,080 polls (one a simulated
//! minute) with churn — notes added, changed and removed, the source
//! failing and recovering, passers-by voting through the vote rules and
//! journal — go through the same model, layout, diffing and scene code as
//! the real wall, headless. Memory and entity counts are printed at
//! the start, every simulated day and at the end, so growth shows.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use chrono::Utc;

use crate::config::LoadedConfig;
use crate::core::feed::Parsed;
use crate::core::generate;
use crate::core::model::{Note, Status};
use crate::core::wall_model::{Outcome, SourceUpdate};
use crate::os::usage;
use crate::wall::cards::NoteCard;
use crate::wall::model::{DataDir, Wall};
use crate::wall::shared::{WallArea, WallConfig};
use crate::wall::voting::book::VoteBook;
use crate::wall::voting::detail::{self, Detail};

/// Polls in a simulated week: one a minute.
pub const WEEK_OF_POLLS: u64 = 7 * 24 * 60;
const POLLS_PER_DAY: u64 = 24 * 60;
/// Notes on the wall; churn keeps the count around this.
const WALL_SIZE: usize = 200;

/// One line of the soak report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub poll: u64,
    pub resident_mib: Option<f64>,
    pub entities: u32,
    pub cards: usize,
    /// Votes in the journal (taken by touch, on disk).
    pub votes: usize,
}

/// Runs `polls` simulated polls and returns a sample per simulated day
/// (and the first and last). `print` shows them as they come.
pub fn run(config: LoadedConfig, polls: u64, print: bool) -> Vec<Sample> {
    run_sampled(config, polls, POLLS_PER_DAY, print)
}

/// [`run`], with a sample every `every` polls.
pub fn run_sampled(config: LoadedConfig, polls: u64, every: u64, print: bool) -> Vec<Sample> {
    // Votes go to a journal of their own, removed at the end.
    let data_dir = std::env::temp_dir().join(format!("wall-soak-{}-{polls}-{every}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data_dir);
    let mut app = soak_app(config, data_dir.clone());
    let started = Instant::now();
    let start_time = Utc::now();
    let mut notes: Vec<Note> = generate::snapshot(WALL_SIZE, start_time).notes;
    let mut serial = WALL_SIZE as u64;
    let mut samples = Vec::new();
    let mut sample = |app: &mut App, poll: u64| {
        let cards = app.world_mut().query::<&NoteCard>().iter(app.world()).count();
        let votes = app.world().get_resource::<VoteBook>().and_then(VoteBook::ledger).map_or(0, |l| l.votes.len());
        let sample = Sample {
            poll,
            resident_mib: usage::resident_mib(),
            entities: app.world().entities().count_spawned(),
            cards,
            votes,
        };
        if print {
            println!(
                "soak: day {:>4.1}  poll {:>5}  resident {:>7}  entities {:>5}  cards {:>4}  votes {:>5}  ({:.1} s)",
                poll as f64 / POLLS_PER_DAY as f64,
                poll,
                sample.resident_mib.map(|m| format!("{m:.1} MiB")).unwrap_or_else(|| "n/a".into()),
                sample.entities,
                sample.cards,
                sample.votes,
                started.elapsed().as_secs_f32()
            );
        }
        samples.push(sample);
    };
    app.update();
    // From here every schedule runs its systems on this thread, one after
    // another (the first update has built them). The multi-threaded
    // executor woke the task pool's threads for every system of every
    // update: a simulated day took 4.5 minutes, nearly all of it in the
    // kernel's scheduler. The systems, model and entities are the wall's
    // own either way.
    for (_, schedule) in app.world_mut().resource_mut::<Schedules>().iter_mut() {
        schedule.set_executor(bevy::ecs::schedule::SingleThreadedExecutor::new());
    }
    sample(&mut app, 0);

    for poll in 1..=polls {
        let now = start_time + chrono::Duration::minutes(poll as i64);
        minute(&mut app, &mut notes, &mut serial, poll, now);
        app.update();
        if poll % every.max(1) == 0 || poll == polls {
            sample(&mut app, poll);
        }
    }
    drop(app);
    let _ = std::fs::remove_dir_all(&data_dir);
    samples
}

/// One simulated minute: the source's news (or an outage), the wall's
/// clock, now and then a vote.
fn minute(app: &mut App, notes: &mut Vec<Note>, serial: &mut u64, poll: u64, now: chrono::DateTime<Utc>) {
    // Every ten hours the source is down for half an hour.
    let failing = poll % 600 >= 570;
    let outcome = if failing {
        Outcome::Failed("soak: simulated outage".into())
    } else {
        churn(notes, serial, poll, now);
        let mut snapshot =
            crate::core::model::Snapshot { notes: notes.clone(), commitments: Vec::new(), read_at: now, withheld: 0 };
        // What a source thread does before the wall sees a snapshot.
        crate::core::ingest::prepare(&mut snapshot, crate::core::ingest::Rules::default());
        Outcome::Fresh(Parsed { snapshot, skipped: Vec::new(), first_pages: None })
    };
    let update = SourceUpdate { source: 0, key: "soak".into(), name: "soak".into(), outcome };
    // The wall's clock is the simulated one: a week of trend history
    // and of "we did" builds up.
    app.insert_resource(crate::wall::scenes::WallClock::Fixed(now));
    app.world_mut().resource_mut::<Wall>().apply(update, 60, now);
    if poll % 3 == 1 {
        vote_for_a_card(app, poll, now);
    }
}

/// The wall without a window: its model, scenes and vote rules on a Full HD
/// screen, voting into `data_dir`, one simulated minute an update.
fn soak_app(config: LoadedConfig, data_dir: PathBuf) -> App {
    let text = config.config.text_px(1080.0);
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin))
        .insert_resource(DataDir(data_dir))
        .insert_resource(WallConfig::new(config))
        .insert_resource(WallArea::for_screen(1920.0, 1080.0, text))
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs(60)))
        .init_resource::<Wall>()
        .add_plugins((crate::wall::headless_scenes, crate::wall::voting::plugin));
    // One update is one simulated minute; let virtual time keep up.
    app.world_mut().resource_mut::<Time<Virtual>>().set_max_delta(Duration::from_secs(120));
    app
}

/// A passer-by votes for a card on screen, through the same rules and
/// journal (fsync included) as a tap on the TV.
fn vote_for_a_card(app: &mut App, poll: u64, now: chrono::DateTime<Utc>) {
    let mut ids: Vec<String> =
        app.world_mut().query::<&NoteCard>().iter(app.world()).map(|card| card.id.note_id().to_string()).collect();
    ids.sort();
    let Some(id) = ids.get(poll as usize % ids.len().max(1)).cloned() else {
        return;
    };
    let world = app.world_mut();
    if !world.contains_resource::<VoteBook>() {
        return;
    }
    world.resource_scope(|world, mut book: Mut<VoteBook>| {
        world.resource_scope(|world, mut detail: Mut<Detail>| {
            detail.note = Some(world.resource::<Wall>().note_ref(&id));
            // A minute passes between polls: each vote is a new session.
            let config = world.resource::<WallConfig>();
            detail::cast_vote(&mut detail, &mut book, (config, config.first_language()), poll as f64 * 60.0, now);
            *detail = Detail::default();
        });
    });
}

/// A minute of customer service: usually a new note, sometimes an edit or
/// a vote, and old notes leave so the wall stays around [`WALL_SIZE`].
fn churn(notes: &mut Vec<Note>, serial: &mut u64, poll: u64, now: chrono::DateTime<Utc>) {
    if poll.is_multiple_of(2) {
        *serial += 1;
        let mut note = generate::note(*serial, now, 11);
        note.created_at = now;
        notes.push(note);
    }
    if poll.is_multiple_of(3) && !notes.is_empty() {
        let at = (poll as usize * 7) % notes.len();
        notes[at].votes += 1;
        notes[at].text = format!("{} (edited {poll})", notes[at].text.split(" (edited").next().unwrap_or(""));
    }
    // Now and then a note is done or declined (the trends count it).
    if poll.is_multiple_of(30) && !notes.is_empty() {
        let at = (poll as usize * 13) % notes.len();
        notes[at].status = if poll.is_multiple_of(90) { Status::Declined } else { Status::Done };
    }
    while notes.len() > WALL_SIZE {
        notes.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ten simulated hours of churn, an outage, votes and page turns on the
    /// Wall of Change: the entity count follows the cards on screen (a page, and
    /// the previous page's cards shrinking away), never the notes seen. A
    /// leak of one entity in four polls would pass 200 by the end.
    #[test]
    fn entities_follow_the_page_not_the_notes_ever_seen() -> Result<(), crate::config::ConfigError> {
        let mut loaded = LoadedConfig::discover()?;
        loaded.config.scenes =
            vec![crate::core::rotation::SceneSlot::new(crate::core::rotation::SceneName::Change, 60)];
        let samples = run_sampled(loaded, 600, 25, false);
        assert_eq!(samples.len(), 25, "a sample at the start and every 25 polls");
        for sample in &samples[1..] {
            assert!(sample.cards > 0 && sample.cards <= 40, "one page of cards: {sample:?}");
            assert!(sample.entities < 200, "entities build up: {sample:?}");
        }
        // A vote every third poll from poll 4 (at poll 1 no card is on the
        // wall yet), each through the rules and onto the journal.
        assert_eq!(samples.last().map(|s| s.votes), Some(199));
        Ok(())
    }
}
