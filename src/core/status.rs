//! The status file: what an office IT person (or a monitoring script) needs
//! to see whether the wall on the TV is well, written as JSON to
//! `<data_dir>/status.json` every minute. README.md documents each field.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// One source's health in the status file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceStatus {
    /// The source as the config describes it (file path or URL, no key).
    pub name: String,
    /// "online", "stale" or "offline".
    pub health: String,
    /// The last successful read (RFC 3339), or null if none yet.
    pub last_success: Option<DateTime<Utc>>,
    /// The last error message, or null when the last read worked.
    pub last_error: Option<String>,
    /// Notes and commitments this source shows now.
    pub notes: usize,
    pub commitments: usize,
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

    pub fn to_json(&self) -> String {
        // Serializing plain data cannot fail; an empty object is the
        // fallback that keeps the file valid JSON.
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_is_json_with_every_documented_field() {
        let now = Utc::now();
        let status = Status {
            version: "0.1.0".into(),
            written_at: now,
            started_at: now,
            uptime_seconds: 61,
            scene: "fame".into(),
            sources: vec![SourceStatus {
                name: "feed.json".into(),
                health: "online".into(),
                last_success: Some(now),
                last_error: None,
                notes: 34,
                commitments: 7,
            }],
            votes_queued: 0,
            votes_parked: vec!["vote tv-1 for note 42: the votes_url answered 404 Not Found".into()],
            stalled_threads: Vec::new(),
            frames_last_minute: 12,
            resident_mib: Some(120.5),
            config: "config/wall.ron".into(),
            config_error: None,
        };
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
}
