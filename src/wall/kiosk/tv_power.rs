//! The TV's own power: with `night: (…, tv_power: true)` the wall puts the
//! TV in standby over HDMI-CEC when the night begins and switches it on
//! when the night ends (`cec-ctl` by default; both commands can be set in
//! the config). The wall blanks the screen itself either way, so a TV that
//! cannot be reached still shows the night's black. A failure is logged
//! once per night and shown in status.json, with the TV's own answer to
//! "are you on?" (`--give-device-power-status`), asked every five minutes,
//! so a fleet's owner tells a TV in standby from a wall that broke.

use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use chrono::{DateTime, Utc};

use crate::wall::scenes::{Scene, WallClock};
use crate::wall::shared::{NightWake, OverlaySteps, Wakeups, WallConfig};

/// A command that has not finished by then is stopped and counts as failed.
const COMMAND_SECONDS: u64 = 15;
/// A failed command is tried again after this long.
const RETRY_MINUTES: i64 = 5;
/// The TV is asked for its power state this often.
const ASK_MINUTES: i64 = 5;

/// What the wall last asked of the TV, and how it went.
#[derive(Resource, Debug, Default)]
pub struct TvPower {
    /// "standby" or "on", when it was asked, and the outcome (`None` while
    /// the command runs).
    pub last: Option<(&'static str, DateTime<Utc>, Option<Result<(), String>>)>,
    running: Option<Mutex<Receiver<Result<String, String>>>>,
    /// A failure was logged since the night began.
    logged: bool,
    /// The TV's own answer: `on`, `standby` or `unknown`, and when.
    pub state: Option<(String, DateTime<Utc>)>,
    asking: Option<Mutex<Receiver<String>>>,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<TvPower>()
        .add_systems(Update, (follow_the_night, hear_back, ask_the_tv).chain().in_set(OverlaySteps::Screen));
}

/// When the night schedule begins: standby; when it ends (and at start in
/// the day): on. From the schedule itself, so a wall that restarts at 3 am
/// does not wake the TV first; a stand-up that runs late keeps it on.
fn follow_the_night(
    state: Res<State<Scene>>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    mut tv: ResMut<TvPower>,
    wake: Res<NightWake>,
    mut last_minute: Local<Option<i64>>,
) {
    let Some(night) = config.night.as_ref().filter(|night| night.tv_power) else {
        return;
    };
    let minute = clock.now().timestamp() / 60;
    if *last_minute == Some(minute)
        && !config.is_changed()
        && !clock.is_changed()
        && !state.is_changed()
        && !wake.is_changed()
        && !tv.is_changed()
    {
        return;
    }
    *last_minute = Some(minute);
    let Some(schedule) = config.night() else {
        return;
    };
    // A touch at night (wake_on_touch_at_night) wakes the TV with the wall.
    let woken = wake.0.is_some_and(|until| clock.now() < until);
    let dark = schedule.is_night(config.zone().local(clock.now())) && *state.get() != Scene::StandUp && !woken;
    let (wanted, command) = if dark { ("standby", &night.standby_command) } else { ("on", &night.wake_command) };
    // One command at a time on the CEC adapter.
    if tv.running.is_some() {
        return;
    }
    // Asked already: done, or failed less than RETRY_MINUTES ago (CEC
    // often fails once; the TV must not stay off all day for it).
    let retry = chrono::Duration::minutes(RETRY_MINUTES);
    if tv.last.as_ref().is_some_and(|(last, at, result)| {
        *last == wanted && !(matches!(result, Some(Err(_))) && clock.now() - *at >= retry)
    }) {
        return;
    }
    if wanted == "standby" {
        tv.logged = false; // A new night: one more failure may be logged.
    }
    info!("TV {wanted}: {}", command.join(" "));
    let (send, receive) = mpsc::channel();
    let command = command.clone();
    let spawned = std::thread::Builder::new().name("tv-power".into()).spawn(move || {
        let _ = send.send(run(&command));
    });
    tv.last = Some((wanted, clock.now(), None));
    match spawned {
        Ok(_) => tv.running = Some(Mutex::new(receive)),
        Err(err) => tv.last = Some((wanted, clock.now(), Some(Err(format!("cannot start a thread: {err}"))))),
    }
}

/// Collects the command's outcome.
fn hear_back(mut tv: ResMut<TvPower>, mut wakeups: ResMut<Wakeups>) {
    let Some(running) = &tv.running else {
        return;
    };
    let outcome = match running.lock().map(|receiver| receiver.try_recv()) {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(mpsc::TryRecvError::Empty)) => {
            wakeups.in_seconds(0.2);
            return;
        }
        _ => Err("the TV command's thread stopped".into()),
    };
    tv.running = None;
    let outcome = outcome.map(|_| ());
    if let Err(err) = &outcome
        && !tv.logged
    {
        let wanted = tv.last.as_ref().map_or("?", |(wanted, _, _)| *wanted);
        warn!("cannot switch the TV {wanted} over HDMI-CEC: {err}; the wall blanks the screen itself");
        tv.logged = true;
    }
    if let Some((_, _, result)) = &mut tv.last {
        *result = Some(outcome);
    }
}

/// Asks the TV for its power state every [`ASK_MINUTES`], between
/// commands (one at a time on the CEC adapter).
fn ask_the_tv(config: Res<WallConfig>, clock: Res<WallClock>, mut tv: ResMut<TvPower>, mut wakeups: ResMut<Wakeups>) {
    let Some(night) = config.night.as_ref().filter(|night| night.tv_power) else {
        return;
    };
    if let Some(asking) = &tv.asking {
        let answer = match asking.lock().map(|receiver| receiver.try_recv()) {
            Ok(Ok(answer)) => answer,
            Ok(Err(mpsc::TryRecvError::Empty)) => {
                wakeups.in_seconds(0.2);
                return;
            }
            _ => "unknown".to_string(),
        };
        tv.asking = None;
        tv.state = Some((answer, clock.now()));
        return;
    }
    let due = tv.state.as_ref().is_none_or(|(_, at)| clock.now() - *at >= chrono::Duration::minutes(ASK_MINUTES));
    if !due || tv.running.is_some() {
        return;
    }
    let (send, receive) = mpsc::channel();
    let command = night.status_command.clone();
    let spawned = std::thread::Builder::new().name("tv-power-state".into()).spawn(move || {
        let said = run(&command).unwrap_or_default();
        let _ = send.send(power_state(&said).to_string());
    });
    match spawned {
        Ok(_) => tv.asking = Some(Mutex::new(receive)),
        Err(_) => tv.state = Some(("unknown".into(), clock.now())),
    }
}

/// The power state in `cec-ctl --give-device-power-status`'s answer
/// ("pwr-state: standby (0x01)"): `on`, `standby`, or `unknown` (no answer,
/// or a TV on its way between the two).
pub fn power_state(said: &str) -> &'static str {
    let state = said.lines().find_map(|line| line.trim().strip_prefix("pwr-state:")).map(str::trim).unwrap_or("");
    match state.split_whitespace().next().unwrap_or("") {
        "on" => "on",
        "standby" => "standby",
        _ => "unknown",
    }
}

/// Runs `command` (a program and its arguments) to its end or for at most
/// [`COMMAND_SECONDS`]; gives what it wrote to its output, or an error
/// that says why, with the end of what it said.
fn run(command: &[String]) -> Result<String, String> {
    let (program, args) = command.split_first().ok_or("no command")?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("`{program}`: {err}"))?;
    // Read what it says as it says it, so a chatty command never blocks.
    let read = |stream: Option<Box<dyn std::io::Read + Send>>| {
        stream.map(|mut stream| {
            std::thread::spawn(move || {
                let mut said = String::new();
                let _ = stream.read_to_string(&mut said);
                said
            })
        })
    };
    let stdout = read(child.stdout.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>));
    let stderr = read(child.stderr.take().map(|s| Box::new(s) as Box<dyn std::io::Read + Send>));
    let deadline = Instant::now() + Duration::from_secs(COMMAND_SECONDS);
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => {
                return Ok(stdout.and_then(|reader| reader.join().ok()).unwrap_or_default());
            }
            Ok(Some(status)) => {
                let said = stderr.and_then(|reader| reader.join().ok()).unwrap_or_default();
                let said = said.trim().lines().last().unwrap_or_default().to_string();
                return Err(format!(
                    "`{}` exited with {status}{}",
                    command.join(" "),
                    if said.is_empty() { String::new() } else { format!(": {said}") }
                ));
            }
            Ok(None) if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("`{}` did not finish within {COMMAND_SECONDS} s", command.join(" ")));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(err) => return Err(err.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tvs_answer_is_read_as_on_standby_or_unknown() {
        let answer = "Transmit from Playback Device 1 to TV (4 to 0):\nGIVE_DEVICE_POWER_STATUS (0x8f)\n\
            Received from TV (0 to 4):\nREPORT_POWER_STATUS (0x90):\n\tpwr-state: standby (0x01)\n";
        assert_eq!(power_state(answer), "standby");
        assert_eq!(power_state("\tpwr-state: on (0x00)"), "on");
        assert_eq!(power_state("\tpwr-state: to-on (0x02)"), "unknown", "on its way");
        assert_eq!(power_state(""), "unknown");
    }
}
