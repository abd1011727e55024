//! The `wall-of-change` command: reads the command line, loads the config,
//! and runs the wall (or only checks the config).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use wall_of_change::config::{LoadedConfig, parse_size};
use wall_of_change::{RunOptions, app};

/// A fullscreen Wall of Change for the office TV: customer feedback as
/// sticky notes.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Cli {
    /// The config file (RON). Default: ./config/wall.ron if present, else
    /// the built-in default with the sample feed.
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let loaded = match &cli.config {
        Some(path) => LoadedConfig::from_file(path),
        None => LoadedConfig::discover(),
    };
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    if cli.check_config {
        println!("{}", loaded.summary(cli.data_dir.as_deref()));
        let problems = loaded.secret_problems();
        for problem in &problems {
            eprintln!("error: {problem}");
        }
        return if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    }
    let data_dir = loaded.data_dir(cli.data_dir.as_deref());
    if let Err(err) = std::fs::create_dir_all(&data_dir) {
        eprintln!(
            "error: cannot create the data folder {} ({err}); pass --data-dir with a writable folder",
            data_dir.display()
        );
        return ExitCode::FAILURE;
    }
    let options = RunOptions {
        config: loaded,
        windowed: cli.windowed,
        size: cli.size,
        data_dir,
        screenshot: cli.screenshot,
    };
    match app(options).run() {
        bevy::app::AppExit::Success => ExitCode::SUCCESS,
        bevy::app::AppExit::Error(code) => ExitCode::from(code.get()),
    }
}
