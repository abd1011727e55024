//! The wall's model as a Bevy resource, and the systems that start the
//! source threads and bring their snapshots in. The model itself (merge,
//! decisions, local votes) is pure: `core::wall_model`.

use std::sync::Mutex;
use std::sync::mpsc::TryRecvError;

use bevy::prelude::*;
use bevy::winit::EventLoopProxyWrapper;
use chrono::Utc;

use crate::core::model::Snapshot;
use crate::core::wall_model::WallModel;
use crate::sources::{self, Cache};
use crate::wall::shared::{Intake, WallConfig};

/// What the wall knows ([`WallModel`]), as the Bevy resource every scene
/// reads.
#[derive(Resource, Debug, Clone, Default, Deref, DerefMut)]
pub struct Wall(pub WallModel);

impl Wall {
    /// A wall showing one snapshot, as if one source had sent it.
    pub fn from_snapshot(snapshot: Snapshot) -> Wall {
        Wall(WallModel::from_snapshot(snapshot))
    }
}

/// The wall's end of the source threads.
#[derive(Resource)]
struct Inbox(Mutex<sources::Poller>);

pub fn plugin(app: &mut App) {
    app.init_resource::<Wall>()
        .init_resource::<crate::wall::shared::BackgroundThreads>()
        .add_systems(Startup, start_sources)
        .add_systems(
            PreUpdate,
            (restart_sources, receive_updates.run_if(resource_exists::<Inbox>)).chain().in_set(Intake::Sources),
        );
}

/// The data folder of this run; without it (headless tests) nothing is
/// cached.
#[derive(Resource, Debug, Clone)]
pub struct DataDir(pub std::path::PathBuf);

fn start_sources(
    mut commands: Commands,
    config: Res<WallConfig>,
    data_dir: Option<Res<DataDir>>,
    threads: Res<crate::wall::shared::BackgroundThreads>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
) {
    let wake = crate::wall::shared::waker(proxy.as_deref());
    let cache = data_dir.map(|dir| Cache::new(&dir.0));
    let rules = config.ingest_rules();
    match sources::spawn(sources::from_config(&config), cache, rules, &threads.0, wake) {
        Ok(poller) => {
            commands.insert_resource(Inbox(Mutex::new(poller)));
        }
        Err(err) => error!("cannot start the source threads, the wall stays empty: {err}"),
    }
}

/// A reloaded config with other sources, or other rules for preparing
/// their notes, gets new source threads; the old ones stop at their next
/// heartbeat. The notes on screen stay until the new threads answer (their
/// offline cache comes first); masking turned on masks them at once.
fn restart_sources(
    mut commands: Commands,
    config: Res<WallConfig>,
    data_dir: Option<Res<DataDir>>,
    threads: Res<crate::wall::shared::BackgroundThreads>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
    mut wall: ResMut<Wall>,
    secrets: Option<Res<crate::wall::shared::SecretsVersion>>,
    mut running: Local<Option<(Vec<crate::config::SourceConfig>, crate::core::ingest::Rules, u64)>>,
) {
    if !config.is_changed() {
        return;
    }
    let wanted = (config.sources.clone(), config.ingest_rules(), secrets.map_or(0, |s| s.0));
    match running.as_ref() {
        None => *running = Some(wanted),
        Some(current) if *current == wanted => {}
        Some((_, rules, _)) => {
            info!("the sources, their rules or their secrets changed; restarting the source threads");
            if wanted.1.mask && !rules.mask {
                wall.mask_all();
            }
            wall.follow_sources(&wanted.0.iter().map(crate::config::SourceConfig::key).collect::<Vec<_>>());
            *running = Some(wanted);
            start_sources(commands.reborrow(), config, data_dir, threads, proxy);
        }
    }
}

fn receive_updates(inbox: Res<Inbox>, config: Res<WallConfig>, mut wall: ResMut<Wall>) {
    let Ok(poller) = inbox.0.lock() else {
        return;
    };
    loop {
        match poller.updates.try_recv() {
            Ok(update) => {
                let poll = config.sources.get(update.source).map(|s| s.poll_seconds()).unwrap_or(60);
                for report in wall.apply(update, poll, Utc::now()) {
                    if report.is_warning() {
                        warn!("{report}");
                    } else {
                        info!("{report}");
                    }
                }
            }
            Err(TryRecvError::Empty) => break,
            Err(TryRecvError::Disconnected) => break,
        }
    }
}
