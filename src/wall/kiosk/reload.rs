//! Config hot reload: a small thread watches the config file and the
//! secrets it names (key files, PIN files); a valid edit is applied to the
//! running wall (scenes, durations, colours, sources, language, title, exit
//! settings) without a restart, and a broken edit is refused: the wall
//! keeps its config and shows where the error is. A changed secret restarts
//! the source threads and the vote sender and is asked at the PIN pad.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, SystemTime};

use bevy::prelude::*;
use bevy::winit::EventLoopProxyWrapper;

use crate::config::{ConfigError, LoadedConfig, Origin};
use crate::wall::shared::{Intake, WallConfig};

/// How often the watcher looks at the file.
const WATCH_EVERY: Duration = Duration::from_secs(2);

/// The refused edit, if the file on disk is broken.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct ConfigProblem(pub Option<ConfigError>);

impl ConfigProblem {
    /// Where the error is, for the badge: "config/wall.ron:3:5".
    pub fn place(&self) -> Option<String> {
        self.0.as_ref().map(|err| match err.position {
            Some((line, column)) => format!("{}:{line}:{column}", err.file),
            None => err.file.clone(),
        })
    }
}

/// What the watcher found in the file.
pub type Reloaded = Result<LoadedConfig, ConfigError>;

/// One find of the watcher: the file read again, and whether a secret it
/// names changed.
pub struct Watched {
    pub reloaded: Reloaded,
    pub secrets_changed: bool,
}

#[derive(Resource)]
struct Watcher(Mutex<Receiver<Watched>>);

pub fn plugin(app: &mut App) {
    app.init_resource::<ConfigProblem>()
        .init_resource::<crate::wall::shared::SecretsVersion>()
        .add_systems(Startup, start_watcher)
        .add_systems(PreUpdate, apply_reloads.in_set(Intake::Config).run_if(resource_exists::<Watcher>));
}

fn start_watcher(mut commands: Commands, config: Res<WallConfig>, proxy: Option<Res<EventLoopProxyWrapper>>) {
    let Origin::File(path) = config.origin.clone() else {
        return; // The compiled-in default cannot change.
    };
    let wake = crate::wall::shared::waker(proxy.as_deref());
    match watch(path, wake) {
        Ok(receiver) => {
            commands.insert_resource(Watcher(Mutex::new(receiver)));
        }
        Err(err) => warn!("cannot watch the config file; edits need a restart: {err}"),
    }
}

/// Starts a thread that reads `path` again whenever its modification time
/// or size changes, or a secret it names reads differently, and sends what
/// it found. It ends when the receiver is dropped.
pub fn watch(path: PathBuf, wake: crate::sources::Waker) -> std::io::Result<Receiver<Watched>> {
    let (sender, receiver) = mpsc::channel();
    let stamp = |path: &PathBuf| -> Option<(SystemTime, u64)> {
        let meta = std::fs::metadata(path).ok()?;
        Some((meta.modified().ok()?, meta.len()))
    };
    let mut seen = stamp(&path);
    // What is there now is the baseline, read before this returns.
    let mut last_good = LoadedConfig::from_file(&path).ok();
    let mut secrets = last_good.as_ref().map(LoadedConfig::secrets_fingerprint);
    std::thread::Builder::new().name("wall-config-watch".into()).spawn(move || {
        loop {
            std::thread::sleep(WATCH_EVERY);
            let now = stamp(&path);
            // Unchanged, or gone for a moment (an editor replacing it).
            let edited = now != seen && now.is_some();
            let reloaded = if edited {
                seen = now;
                LoadedConfig::from_file(&path)
            } else {
                match &last_good {
                    Some(loaded) if Some(loaded.secrets_fingerprint()) != secrets => Ok(loaded.clone()),
                    _ => continue,
                }
            };
            let fingerprint = reloaded.as_ref().ok().map(LoadedConfig::secrets_fingerprint);
            let secrets_changed = fingerprint.is_some() && fingerprint != secrets;
            if let Ok(loaded) = &reloaded {
                last_good = Some(loaded.clone());
                secrets = fingerprint;
            }
            if sender.send(Watched { reloaded, secrets_changed }).is_err() {
                return;
            }
            wake();
        }
    })?;
    Ok(receiver)
}

fn apply_reloads(
    watcher: Res<Watcher>,
    mut config: ResMut<WallConfig>,
    mut problem: ResMut<ConfigProblem>,
    mut secrets: ResMut<crate::wall::shared::SecretsVersion>,
) {
    let Ok(receiver) = watcher.0.lock() else {
        return;
    };
    loop {
        match receiver.try_recv() {
            Ok(watched) => {
                if watched.secrets_changed && watched.reloaded.is_ok() {
                    info!(
                        "a secret the config names changed; the sources, the vote sender and the PIN pad use the new one"
                    );
                    secrets.0 += 1;
                    // The PIN gates read their secrets again on a change.
                    config.set_changed();
                }
                apply(watched.reloaded, &mut config, &mut problem);
            }
            Err(TryRecvError::Empty) => break,
            Err(TryRecvError::Disconnected) => {
                warn!("the config watcher stopped; edits need a restart");
                break;
            }
        }
    }
}

/// Applies one read of the config file: a valid config replaces the
/// running one (if it differs), a broken one is refused and reported.
pub fn apply(reloaded: Reloaded, config: &mut ResMut<WallConfig>, problem: &mut ResMut<ConfigProblem>) {
    match reloaded {
        Ok(loaded) => {
            problem.set_if_neq(ConfigProblem(None));
            if loaded.config != config.config {
                info!("config changed; applying it");
                for warning in loaded.warnings() {
                    warn!("{warning}");
                }
                **config = WallConfig::new(loaded);
            }
        }
        Err(err) => {
            warn!("the edited config is refused, the wall keeps running with the last good one: {err}");
            problem.set_if_neq(ConfigProblem(Some(err)));
        }
    }
}
