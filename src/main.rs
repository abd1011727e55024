//! The `wall-of-change` command: reads the command line, loads the config,
//! and runs the wall (or only checks the config). Every failure comes back
//! to `main`, which prints it in one place and exits with 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use wall_of_change::config::{LoadedConfig, parse_size};
use wall_of_change::core::rotation::SceneName;
use wall_of_change::{RunOptions, app};

/// What the exit status says, and what the shipped systemd unit
/// (`Restart=on-failure`) does with it.
const EXIT_STATUSES: &str = "Exit statuses:
  0  closed on purpose (the exit PIN, or --check-config/--screenshot done); systemd leaves it closed
  1  could not start (a config error, the data folder in use by another wall); systemd restarts it
  3  the renderer failed for good; systemd restarts it
  A watchdog kill (a frozen wall, a stalled source thread) is a failure too: systemd restarts it.";

/// A fullscreen Wall of Change for the office TV: customer feedback as
/// sticky notes.
#[derive(Parser, Debug)]
#[command(version, about, after_help = EXIT_STATUSES)]
struct Cli {
    /// The config file (RON). Without it, the first that exists of
    /// $WALL_CONFIG, ./config/wall.ron, $CONFIGURATION_DIRECTORY/wall.ron,
    /// $XDG_CONFIG_HOME/wall-of-change/wall.ron and
    /// /etc/wall-of-change/wall.ron, else the built-in default with the
    /// sample feed.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Validate the config, print a summary or the errors, and exit.
    #[arg(long)]
    check_config: bool,

    /// Show the wall in a window instead of fullscreen.
    #[arg(long)]
    windowed: bool,

    /// Window size, e.g. 1920x1080 (implies --windowed).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    size: Option<(u32, u32)>,

    /// Where the wall keeps its cache, votes and status (overrides the config).
    #[arg(long, value_name = "PATH")]
    data_dir: Option<PathBuf>,

    /// Start, wait until the notes have settled, write a PNG of the whole
    /// window to PATH, and exit.
    #[arg(long, value_name = "PATH")]
    screenshot: Option<PathBuf>,

    /// Start on this scene: change, fame, commitment or priorities (with
    /// --screenshot, captures that scene).
    #[arg(long, value_name = "NAME", value_parser = SceneName::parse)]
    scene: Option<SceneName>,

    /// Run the wall for SECONDS with a note arriving every second and pages
    /// turning every 3 s, then print frames, the gaps between frames, what a
    /// frame takes to make (start of update to present), CPU and memory.
    #[arg(long, value_name = "SECONDS", conflicts_with = "bench_idle")]
    bench: Option<f32>,

    /// Like --bench, but with a still wall: shows the loop sleeps.
    #[arg(long, value_name = "SECONDS")]
    bench_idle: Option<f32>,

    /// Simulate a week of polls (10,080, with churn and outages) headless
    /// and print memory and entity counts per simulated day.
    #[arg(long)]
    soak: bool,

    /// Storage self-test: append test votes to a journal in DIR (a folder
    /// of its own) until stopped, printing each id once the disk has it.
    /// Cut the power while it runs, keep what it printed, then check with
    /// --drill-check (see the README)
    #[arg(long, value_name = "DIR")]
    vote_drill: Option<PathBuf>,

    /// With --vote-drill DIR: check that every id in FILE (what a run
    /// printed) is still in DIR's journal; exit 0 if so, 1 if any was lost
    #[arg(long, value_name = "FILE", requires = "vote_drill")]
    drill_check: Option<PathBuf>,

    /// Show the wall as at this moment (RFC 3339, e.g.
    /// 2026-11-23T10:00:00+01:00): dates, ages and weeks on screen follow
    /// it, so screenshots are the same on every run.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    at: Option<chrono::DateTime<chrono::Utc>>,

    /// Show page N (from 1) of the Change scene first; with --screenshot,
    /// captures that page.
    #[arg(long, value_name = "N")]
    page: Option<usize>,

    /// Open this note's detail view (its id in the feed) once it is on the
    /// wall; with --screenshot, captures the view.
    #[arg(long, value_name = "NOTE")]
    open: Option<String>,

    /// Write a wall feed with N generated notes to standard output and exit
    /// (for benchmarks: `--generate-feed 1000 > feed.json`).
    #[arg(long, value_name = "N")]
    generate_feed: Option<usize>,

    /// Print each note of a wall feed (JSON or RON) with its topic and how
    /// it was found (the source, or the rule words that matched), and the
    /// suggested stacks, by the config's `topics`; then exit.
    #[arg(long, value_name = "FEED")]
    topics: Option<PathBuf>,

    /// With --topics: print {"assignments": {...}, "suggested": [[...]]}.
    #[arg(long, requires = "topics")]
    json: bool,
}

/// Why the command stopped: each message goes to standard error as
/// "error: …", and the process exits with 1.
struct Failure(Vec<String>);

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure(vec![message])
    }
}

fn main() -> ExitCode {
    let process_start = Instant::now();
    // SAFETY: the first statement of main (after reading a clock): no other
    // thread has started, so nothing reads the environment while the
    // software renderer's settings are written into it.
    unsafe { wall_of_change::os::renderer::prepare() };
    let cli = Cli::parse();
    match run(cli, process_start) {
        Ok(code) => code,
        Err(Failure(messages)) => {
            for message in messages {
                eprintln!("error: {message}");
            }
            ExitCode::FAILURE
        }
    }
}

/// The storage self-test (`--vote-drill`), or its check.
fn drill(dir: &std::path::Path, check: Option<&std::path::Path>) -> Result<ExitCode, Failure> {
    use wall_of_change::tools::drill;
    let Some(acked) = check else {
        drill::run(dir)?;
        return Ok(ExitCode::SUCCESS);
    };
    let ids = std::fs::read_to_string(acked).map_err(|err| format!("{}: {err}", acked.display()))?;
    let checked = drill::check(dir, &ids)?;
    say(&checked.verdict());
    Ok(if checked.lost.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Does what the command line asks: one of the tools, the config check,
/// or the wall itself.
fn run(cli: Cli, process_start: Instant) -> Result<ExitCode, Failure> {
    if let Some(dir) = &cli.vote_drill {
        return drill(dir, cli.drill_check.as_deref());
    }
    if let Some(notes) = cli.generate_feed {
        let snapshot = wall_of_change::core::generate::snapshot(notes, chrono::Utc::now());
        say(&wall_of_change::core::feed::wall::to_json(&snapshot));
        return Ok(ExitCode::SUCCESS);
    }
    let loaded = match &cli.config {
        Some(path) => LoadedConfig::from_file(path),
        None => LoadedConfig::discover(),
    };
    let loaded = loaded.map_err(|err| err.to_string())?;
    if let Some(feed) = &cli.topics {
        say(&wall_of_change::tools::topics::report(feed, &loaded, cli.json)?);
        return Ok(ExitCode::SUCCESS);
    }
    if cli.soak {
        soak(loaded);
        return Ok(ExitCode::SUCCESS);
    }
    if cli.check_config {
        check_config(&loaded, cli.data_dir.as_deref())?;
        return Ok(ExitCode::SUCCESS);
    }
    run_wall(cli, loaded, process_start)
}

/// `--soak`: a simulated week, then how much memory and how many entities
/// it added after the first day.
fn soak(loaded: LoadedConfig) {
    let samples = wall_of_change::tools::soak::run(loaded, wall_of_change::tools::soak::WEEK_OF_POLLS, true);
    if let (Some(first), Some(last)) = (samples.get(1).or(samples.first()), samples.last()) {
        let growth = last.resident_mib.zip(first.resident_mib).map(|(l, f)| l - f);
        say(&format!(
            "soak: resident growth after day 1: {}; entities {} -> {}",
            growth.map(|g| format!("{g:+.1} MiB")).unwrap_or_else(|| "n/a".into()),
            first.entities,
            last.entities
        ));
    }
}

/// A line on standard output. A closed pipe (`--check-config | head`) is
/// not an error worth a panic.
fn say(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

/// `--check-config`: the summary on standard output; a secret that cannot
/// be read fails the check, each one named.
fn check_config(loaded: &LoadedConfig, cli_data_dir: Option<&Path>) -> Result<(), Failure> {
    say(&loaded.summary(cli_data_dir));
    // Where names need consent, read each source once and say how many
    // items wait for it.
    if loaded.config.fame.require_approval || loaded.config.commitment.require_approval {
        for (name, read) in wall_of_change::sources::read_once(loaded) {
            match read {
                Ok(snapshot) => say(&format!(
                    "approval:    {name}: {} waiting for approval; {} notes and {} commitments shown",
                    snapshot.withheld,
                    snapshot.notes.len(),
                    snapshot.commitments.len()
                )),
                Err(err) => say(&format!("approval:    {name}: not read now ({err})")),
            }
        }
    }
    let problems = loaded.secret_problems();
    if problems.is_empty() { Ok(()) } else { Err(Failure(problems)) }
}

/// Runs the wall until it closes; the wall's exit code is the process's.
fn run_wall(cli: Cli, loaded: LoadedConfig, process_start: Instant) -> Result<ExitCode, Failure> {
    // A screenshot or a benchmark beside the running wall must not touch
    // its votes: without an explicit --data-dir they get a scratch folder.
    let one_off = cli.screenshot.is_some() || cli.bench.is_some() || cli.bench_idle.is_some();
    let scratch = (one_off && cli.data_dir.is_none()).then(wall_of_change::store::private_scratch).transpose()?;
    let data_dir = scratch.clone().unwrap_or_else(|| loaded.data_dir(cli.data_dir.as_deref()));
    // One wall per data folder: the lock is held until the process ends.
    let _lock = wall_of_change::store::lock::DataDirLock::take(&data_dir)?;
    let options = RunOptions {
        config: loaded,
        windowed: cli.windowed,
        size: cli.size,
        data_dir,
        screenshot: cli.screenshot,
        scene: cli.scene,
        at: cli.at,
        page: cli.page,
        open: cli.open,
        bench: cli
            .bench
            .map(|seconds| (seconds, false))
            .or(cli.bench_idle.map(|seconds| (seconds, true)))
            .map(|(seconds, idle)| wall_of_change::options::BenchRequest { seconds, idle, process_start }),
    };
    // From here a display that goes away ends the wall with its own status.
    wall_of_change::os::display::drawing();
    let exit = app(options).run();
    wall_of_change::os::display::stopped();
    if let Some(scratch) = scratch {
        let _ = std::fs::remove_dir_all(scratch);
    }
    Ok(match exit {
        bevy::app::AppExit::Success => ExitCode::SUCCESS,
        // The event loop failed (winit's 1): a Wayland compositor that
        // stopped. A failure of the wall's own (3: rendering) keeps its code.
        bevy::app::AppExit::Error(code) if code.get() == 1 && wall_of_change::os::display::gone() => {
            eprintln!("error: {}", wall_of_change::os::display::lost_message());
            ExitCode::from(wall_of_change::os::display::DISPLAY_LOST)
        }
        bevy::app::AppExit::Error(code) => ExitCode::from(code.get()),
    })
}

/// An RFC 3339 moment for `--at`.
fn parse_time(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .map(|at| at.with_timezone(&chrono::Utc))
        .map_err(|err| format!("{err}; write it as 2026-11-23T10:00:00+01:00"))
}
