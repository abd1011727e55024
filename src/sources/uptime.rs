//! The uptime ping: a GET to the configured `heartbeat_url` (Uptime Kuma,
//! healthchecks.io) once a minute while the wall draws and every source is
//! online, so one dashboard shows which TV in which office is dark. The
//! frame loop only sends a wish over a channel; this thread does the
//! network, with a deadline, and beats its heartbeat while it waits.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread;
use std::time::Duration;

use super::heartbeat::{BEAT_EVERY, Heartbeats};
use super::http;
use crate::config::redact_url;

/// How long one ping may take, whole.
const PING_TIMEOUT: Duration = Duration::from_secs(10);

/// The frame loop's end of the ping thread.
#[derive(bevy::prelude::Resource)]
pub(crate) struct Pinger {
    wishes: Sender<()>,
}

impl Pinger {
    /// Asks for one ping; never waits. A ping still under way swallows it.
    pub(crate) fn ping(&self) {
        let _ = self.wishes.send(());
    }
}

/// Starts the ping thread for `url`.
pub(crate) fn spawn(url: String, heartbeats: &Heartbeats) -> Result<Pinger, String> {
    let client = http::write_client(PING_TIMEOUT)?;
    let (wishes, asked) = mpsc::channel::<()>();
    let beat = heartbeats.register("the uptime ping", BEAT_EVERY * 3 + PING_TIMEOUT);
    thread::Builder::new()
        .name("wall-uptime-ping".into())
        .spawn(move || {
            let shown = redact_url(&url);
            loop {
                beat.beat();
                match asked.recv_timeout(BEAT_EVERY) {
                    Ok(()) => {
                        while asked.try_recv().is_ok() {} // One ping for many wishes.
                        match client.get(&url).send() {
                            Ok(answer) if answer.status().is_success() => {}
                            Ok(answer) => bevy::log::warn!("the uptime ping to {shown} answered {}", answer.status()),
                            // reqwest's text ends with the whole URL, token
                            // path included: leave it out.
                            Err(err) => bevy::log::warn!("the uptime ping to {shown} failed: {}", err.without_url()),
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    // The wall is gone or restarted its pinger; the beat
                    // retires as it drops.
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        })
        .map_err(|err| format!("cannot start the uptime ping thread: {err}"))?;
    Ok(Pinger { wishes })
}
