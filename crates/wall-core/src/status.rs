//! The status file: what an office IT person (or a monitoring script) needs
//! to see whether the wall on the TV is well, written as JSON to
//! `<data_dir>/status.json` every minute, and the same as a Prometheus
//! textfile (`wall.prom`) for node-exporter. README.md documents each field.

use std::fmt::Write;

use chrono::{DateTime, Utc};
use serde::Serialize;

/// One source's health in the status file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceStatus {
    /// The source as the config describes it (file path or URL, no key).
    pub name: String,
    /// "online", "partial" (online, but showing only the first
    /// `showing_first_pages` pages), "stale" or "offline".
    pub health: String,
    /// How many pages the source's last read showed when it stopped at its
    /// `max_pages` with more pages left; null when it read every page.
    pub showing_first_pages: Option<usize>,
    /// The last successful read (RFC 3339), or null if none yet.
    pub last_success: Option<DateTime<Utc>>,
    /// The last error message, or null when the last read worked.
    pub last_error: Option<String>,
    /// Notes and commitments this source shows now.
    pub notes: usize,
    pub commitments: usize,
    /// Compliments and commitments left out until they are approved
    /// (`fame`/`commitment: (require_approval: true)`).
    pub waiting_for_approval: usize,
}

/// The whole status file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// The program's version (Cargo.toml).
    pub version: String,
    /// When this status was written (RFC 3339, UTC).
    pub written_at: DateTime<Utc>,
    /// When the wall started.
    pub started_at: DateTime<Utc>,
    pub uptime_seconds: u64,
    /// "change", "fame", "commitment", "priorities" or "night".
    pub scene: String,
    pub sources: Vec<SourceStatus>,
    /// Votes cast on the wall and not yet sent to their source.
    pub votes_queued: usize,
    /// Votes and decisions their source refused for good (400, 404, 410,
    /// 422), each with the reason; the others went on.
    pub votes_parked: Vec<String>,
    /// Background threads (sources, the vote sender) that died or stopped
    /// beating; the watchdog is no longer pinged while any is listed.
    pub stalled_threads: Vec<String>,
    /// Frames drawn in the last minute: a few when the wall is still, many
    /// while it animates, and none means the loop is stuck.
    pub frames_last_minute: u32,
    /// Resident memory of the process in MiB (Linux), or null.
    pub resident_mib: Option<f64>,
    /// The config file and whether the running config came from it or an
    /// edit was refused ("config/wall.ron:3:5: …").
    pub config: String,
    pub config_error: Option<String>,
    /// The machine's host name, to tell the TVs of a fleet apart.
    pub host: Option<String>,
    /// The graphics adapter and whether the processor renders.
    pub renderer: Option<Renderer>,
    /// The window's size in pixels, e.g. "1920x1080".
    pub window: Option<String>,
    /// A hash of the running settings (16 hex digits): TVs meant to share
    /// a config show the same one; a different one is drift.
    pub config_hash: String,
    /// The configured time zone, or "system".
    pub time_zone: String,
    /// How long the last frame took, in milliseconds.
    pub last_frame_ms: Option<f64>,
    /// The TV's own power (`night.tv_power`): what was last asked of it;
    /// null when the wall leaves the TV alone.
    pub tv_power: Option<TvPowerStatus>,
    /// The last picture of what the wall shows (`<data_dir>/screen.png`,
    /// `fleet.screenshot_minutes`); null before the first.
    pub screen: Option<ScreenPicture>,
    /// The screen is dark on purpose now (the night schedule, with the TV
    /// in standby when `tv_power` is on): a monitor should not page anyone.
    pub expected_dark: bool,
}

/// The picture of the screen a fleet's owner looks at from afar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreenPicture {
    /// The file, in the data folder.
    pub file: String,
    pub taken_at: DateTime<Utc>,
    /// The scene on screen when it was taken.
    pub scene: String,
    /// The size of the output it was taken from, e.g. "1920x1080".
    pub output: String,
}

/// What the wall last asked of the TV over HDMI-CEC, and how it went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TvPowerStatus {
    /// "standby" or "on".
    pub asked: String,
    pub at: DateTime<Utc>,
    /// Whether the command worked; null while it runs.
    pub ok: Option<bool>,
    /// Why it did not.
    pub error: Option<String>,
    /// The TV's own answer to "are you on?": `on`, `standby` or `unknown`
    /// (asked every five minutes); null before the first answer.
    pub state: Option<String>,
}

/// The graphics adapter the wall draws with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Renderer {
    pub name: String,
    /// The processor renders (Mesa's llvmpipe, SwiftShader): slower, and
    /// the wall draws fewer frames.
    pub software: bool,
}

impl Status {
    /// The one line `systemctl status` shows: "3/3 sources online · 42
    /// notes · 2 votes queued", followed by whatever needs a look.
    pub fn summary_line(&self) -> String {
        let online = self.sources.iter().filter(|s| s.health == "online").count();
        let notes: usize = self.sources.iter().map(|s| s.notes).sum();
        let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = vec![
            format!("{online}/{} sources online", self.sources.len()),
            count(notes, "note", "notes"),
            count(self.votes_queued, "vote queued", "votes queued"),
        ];
        let waiting: usize = self.sources.iter().map(|s| s.waiting_for_approval).sum();
        if waiting > 0 {
            parts.push(format!("{waiting} waiting for approval"));
        }
        if !self.votes_parked.is_empty() {
            parts.push(count(self.votes_parked.len(), "refused by its source", "refused by their source"));
        }
        if !self.stalled_threads.is_empty() {
            parts.push(format!("stalled: {}", self.stalled_threads.join(", ")));
        }
        if self.config_error.is_some() {
            parts.push("a config edit was refused".into());
        }
        parts.join(" · ")
    }

    /// The status in Prometheus' text exposition format, for the textfile
    /// collector of `prometheus-node-exporter`.
    pub fn to_prometheus(&self) -> String {
        let mut out = String::new();
        let mut metric = |name: &str, help: &str, samples: &[(String, f64)]| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
            for (labels, value) in samples {
                let _ = writeln!(out, "{name}{labels} {value}");
            }
        };
        let per_source = |value: &dyn Fn(&SourceStatus) -> f64| -> Vec<(String, f64)> {
            self.sources.iter().map(|s| (format!("{{source=\"{}\"}}", label(&s.name)), value(s))).collect()
        };
        let one = |value: f64| vec![(String::new(), value)];
        let up = per_source(&|s| f64::from(u8::from(s.health == "online" || s.health == "partial")));
        metric("wall_source_up", "1 while the source answers, 0 when it is stale or offline.", &up);
        let first = per_source(&|s| s.showing_first_pages.map_or(0.0, |pages| pages as f64));
        metric(
            "wall_source_first_pages",
            "Pages shown when the source stopped at max_pages with more left (0: every page was read).",
            &first,
        );
        let last = per_source(&|s| s.last_success.map_or(0.0, |at| at.timestamp() as f64));
        metric("wall_source_last_success_timestamp_seconds", "When the source last answered (0: never).", &last);
        let notes = per_source(&|s| s.notes as f64);
        metric("wall_source_notes", "Notes the source shows now.", &notes);
        let waiting = per_source(&|s| s.waiting_for_approval as f64);
        metric("wall_source_waiting_for_approval", "Compliments and promises left out until approved.", &waiting);
        metric(
            "wall_votes_queued",
            "Votes cast on the wall, not yet sent to their source.",
            &one(self.votes_queued as f64),
        );
        metric(
            "wall_votes_parked",
            "Votes and decisions their source refused for good.",
            &one(self.votes_parked.len() as f64),
        );
        metric(
            "wall_stalled_threads",
            "Background threads that stopped beating.",
            &one(self.stalled_threads.len() as f64),
        );
        metric(
            "wall_frames_last_minute",
            "Frames drawn since the last status.",
            &one(f64::from(self.frames_last_minute)),
        );
        let software = self.renderer.as_ref().map_or(0.0, |r| f64::from(u8::from(r.software)));
        metric("wall_software_rendering", "1 when the processor renders.", &one(software));
        metric(
            "wall_config_error",
            "1 while an edit of the config is refused.",
            &one(f64::from(u8::from(self.config_error.is_some()))),
        );
        metric("wall_uptime_seconds", "Seconds since the wall started.", &one(self.uptime_seconds as f64));
        self.display_metrics(&mut metric);
        let info = format!(
            "{{version=\"{}\",host=\"{}\",config_hash=\"{}\",renderer=\"{}\"}}",
            label(&self.version),
            label(self.host.as_deref().unwrap_or("")),
            label(&self.config_hash),
            label(self.renderer.as_ref().map_or("", |r| r.name.as_str()))
        );
        metric("wall_build_info", "The wall's version, host, config hash and renderer.", &[(info, 1.0)]);
        out
    }

    /// What a fleet's owner reads of the screen: the TV's own power, dark on
    /// purpose, the last picture, the scene and the output.
    fn display_metrics(&self, metric: &mut impl FnMut(&str, &str, &[(String, f64)])) {
        let one = |value: f64| vec![(String::new(), value)];
        let tv_on = self.tv_power.as_ref().and_then(|tv| tv.state.as_deref()).map_or(-1.0, |state| match state {
            "on" => 1.0,
            "standby" => 0.0,
            _ => -1.0,
        });
        metric(
            "wall_tv_power_on",
            "The TV says it is on (1) or in standby (0); -1: unknown or not asked.",
            &one(tv_on),
        );
        metric(
            "wall_expected_dark",
            "1 while the screen is dark on purpose (night schedule, TV in standby): no alarm.",
            &one(f64::from(u8::from(self.expected_dark))),
        );
        let picture = self.screen.as_ref().map_or(0.0, |screen| screen.taken_at.timestamp() as f64);
        metric("wall_screen_picture_timestamp_seconds", "When screen.png was last taken (0: never).", &one(picture));
        let shown =
            format!("{{scene=\"{}\",output=\"{}\"}}", label(&self.scene), label(self.window.as_deref().unwrap_or("")));
        metric("wall_screen_info", "The scene on screen and the output's size.", &[(shown, 1.0)]);
    }

    pub fn to_json(&self) -> String {
        // Serializing plain data cannot fail; an empty object is the
        // fallback that keeps the file valid JSON.
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into())
    }
}

/// A label value as the exposition format wants it: backslash, quote and
/// newline escaped.
fn label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A wall with one source, online, and one vote its source refused.
    fn sample(now: DateTime<Utc>) -> Status {
        Status {
            version: "0.1.0".into(),
            written_at: now,
            started_at: now,
            uptime_seconds: 61,
            scene: "fame".into(),
            sources: vec![SourceStatus {
                name: "feed.json".into(),
                health: "online".into(),
                showing_first_pages: None,
                last_success: Some(now),
                last_error: None,
                notes: 34,
                commitments: 7,
                waiting_for_approval: 0,
            }],
            votes_queued: 0,
            votes_parked: vec!["vote tv-1 for note 42: the votes_url answered 404 Not Found".into()],
            stalled_threads: Vec::new(),
            frames_last_minute: 12,
            resident_mib: Some(120.5),
            config: "config/wall.ron".into(),
            config_error: None,
            host: Some("tv-utrecht".into()),
            renderer: Some(Renderer { name: "llvmpipe (LLVM 15.0.6, 256 bits)".into(), software: true }),
            window: Some("1920x1080".into()),
            config_hash: "0123456789abcdef".into(),
            time_zone: "Europe/Amsterdam".into(),
            last_frame_ms: Some(16.7),
            tv_power: None,
            screen: None,
            expected_dark: false,
        }
    }

    #[test]
    fn the_status_is_json_with_every_documented_field() {
        let status = sample(Utc::now());
        let value: serde_json::Value = serde_json::from_str(&status.to_json()).unwrap_or_default();
        for field in [
            "version",
            "written_at",
            "started_at",
            "uptime_seconds",
            "scene",
            "sources",
            "votes_queued",
            "votes_parked",
            "stalled_threads",
            "frames_last_minute",
            "resident_mib",
            "config",
            "config_error",
            "host",
            "renderer",
            "window",
            "config_hash",
            "time_zone",
            "last_frame_ms",
        ] {
            assert!(value.get(field).is_some(), "{field} is in the status file");
        }
        assert_eq!(value["sources"][0]["health"], "online");
        assert_eq!(status.summary_line(), "1/1 sources online · 34 notes · 0 votes queued · 1 refused by its source");
        let troubled = Status {
            stalled_threads: vec!["source feed.json".into()],
            config_error: Some("wall.ron:3:5: …".into()),
            votes_parked: Vec::new(),
            votes_queued: 1,
            ..status
        };
        assert_eq!(
            troubled.summary_line(),
            "1/1 sources online · 34 notes · 1 vote queued · stalled: source feed.json · a config edit was refused"
        );
    }

    /// Every line of the textfile is a comment or `name{labels} value`, so
    /// node-exporter takes it; a source with a quote in its name stays one
    /// label.
    #[test]
    fn the_textfile_is_prometheus_exposition_format() {
        let now = Utc::now();
        let base = sample(now);
        let source = SourceStatus { name: "feed \"A\".json".into(), commitments: 0, ..base.sources[0].clone() };
        let status = Status {
            sources: vec![source],
            votes_queued: 2,
            votes_parked: Vec::new(),
            host: Some("tv-1".into()),
            renderer: Some(Renderer { name: "llvmpipe".into(), software: true }),
            config_hash: "00ff".into(),
            ..base
        };
        let text = status.to_prometheus();
        for line in text.lines() {
            if line.starts_with("# HELP ") || line.starts_with("# TYPE ") {
                continue;
            }
            let (series, value) = line.rsplit_once(' ').unwrap_or_default();
            assert!(value.parse::<f64>().is_ok(), "a number: {line}");
            let name_end = series.find('{').unwrap_or(series.len());
            assert!(series[..name_end].chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "a name: {line}");
            assert!(series.len() == name_end || series.ends_with('}'), "labels close: {line}");
        }
        assert!(text.contains("wall_source_up{source=\"feed \\\"A\\\".json\"} 1\n"), "{text}");
        assert!(text.contains("wall_votes_queued 2\n"), "{text}");
        assert!(text.contains("wall_software_rendering 1\n"), "{text}");
        assert!(
            text.contains(
                "wall_build_info{version=\"0.1.0\",host=\"tv-1\",config_hash=\"00ff\",renderer=\"llvmpipe\"} 1"
            )
        );
    }
}
