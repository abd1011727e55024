//! A wall feed on local disk, re-read whenever its contents change.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use chrono::Utc;

use super::{Parser, Source};
use crate::core::feed::FeedError;
use crate::core::wall_model::Outcome;

pub(crate) struct FileSource {
    path: PathBuf,
    interval: Duration,
    parser: Parser,
    /// Compiled-in feed text used while the file does not exist, so the
    /// default config shows the sample wall from any folder.
    fallback: Option<&'static str>,
    /// What the file looked like at the last read: modified time and length.
    seen: Option<(Option<SystemTime>, u64)>,
    last_text: Option<String>,
    last_error: Option<String>,
    fallback_sent: bool,
}

impl FileSource {
    pub(crate) fn new(path: PathBuf, interval: Duration, parser: Parser, fallback: Option<&'static str>) -> FileSource {
        FileSource {
            path,
            interval,
            parser,
            fallback,
            seen: None,
            last_text: None,
            last_error: None,
            fallback_sent: false,
        }
    }

    /// Reports an error once, not on every poll while it lasts.
    fn fail(&mut self, message: String) -> Option<Outcome> {
        if self.last_error.as_deref() == Some(message.as_str()) {
            return None;
        }
        self.last_error = Some(message.clone());
        Some(Outcome::Failed(message))
    }
}

impl Source for FileSource {
    fn name(&self) -> String {
        self.path.display().to_string()
    }

    fn interval(&self) -> Duration {
        self.interval
    }

    fn poll(&mut self) -> Option<Outcome> {
        let metadata = match std::fs::metadata(&self.path) {
            Ok(metadata) => metadata,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                if let Some(text) = self.fallback {
                    if self.fallback_sent {
                        return Some(Outcome::Unchanged);
                    }
                    self.fallback_sent = true;
                    return Some(match (self.parser)(text, Utc::now()) {
                        Ok(parsed) => Outcome::Fresh(parsed),
                        Err(err) => Outcome::Failed(format!("built-in sample feed: {err}")),
                    });
                }
                self.seen = None;
                return self.fail(format!(
                    "feed file {} does not exist; create it or fix the path in the config",
                    self.path.display()
                ));
            }
            Err(err) => {
                // Forgotten, as for a missing file: the same file back
                // (a share mounted again) is read again, not taken for
                // the failure's repeat.
                self.seen = None;
                return self.fail(format!("cannot read feed file {}: {err}", self.path.display()));
            }
        };
        let stamp = (metadata.modified().ok(), metadata.len());
        // Unchanged is a good poll: the wall's data is as fresh as the
        // file (it used to send nothing, and the wall called a quiet file
        // stale after three polls: the header aged, status.json said
        // "stale" and the uptime monitor was never pinged).
        if self.seen == Some(stamp) && self.last_error.is_none() {
            return Some(Outcome::Unchanged);
        }
        if self.seen == Some(stamp) {
            return None;
        }
        // Invalid UTF-8 (a stray byte from an old editor) becomes "�" in
        // the one note that has it, as for an HTTP source.
        let text = match std::fs::read(&self.path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
            },
            Err(err) => {
                return self.fail(format!("cannot read feed file {}: {err}", self.path.display()));
            }
        };
        self.seen = Some(stamp);
        // Touching a file without changing it is not news.
        if self.last_text.as_deref() == Some(text.as_str()) && self.last_error.is_none() {
            return Some(Outcome::Unchanged);
        }
        match (self.parser)(&text, Utc::now()) {
            Ok(parsed) => {
                self.last_text = Some(text);
                self.last_error = None;
                Some(Outcome::Fresh(parsed))
            }
            Err(err) => {
                // Syntax errors already start with "line:column:".
                let separator = if matches!(err, FeedError::Syntax { .. }) { ":" } else { ": " };
                self.fail(format!(
                    "{}{separator}{err}; the wall keeps showing the last good version",
                    self.path.display()
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::feed::wall::{self, Syntax};

    fn parser() -> Parser {
        Box::new(|text, read_at| wall::parse(text, Syntax::Json, read_at))
    }

    fn temp_file(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wall-file-source-{}-{name}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir.join("feed.json")
    }

    const FEED: &str =
        r#"{"version": 1, "notes": [{"id": "a", "kind": "idea", "text": "x", "created_at": "2026-11-20T09:30:00Z"}]}"#;

    #[test]
    fn rereads_on_change_and_calls_an_unchanged_file_a_good_poll() -> std::io::Result<()> {
        let path = temp_file("change");
        std::fs::write(&path, FEED)?;
        let mut source = FileSource::new(path.clone(), Duration::from_secs(1), parser(), None);
        assert!(matches!(source.poll(), Some(Outcome::Fresh(p)) if p.snapshot.notes.len() == 1));
        assert!(matches!(source.poll(), Some(Outcome::Unchanged)), "an unchanged file is a good poll");
        let touched = std::fs::File::options().append(true).open(&path)?;
        touched.set_modified(SystemTime::now() + Duration::from_secs(5))?;
        assert!(matches!(source.poll(), Some(Outcome::Unchanged)), "a touched file with the same text too");

        std::fs::write(&path, "{\"version\": 1, \"notes\": [")?;
        match source.poll() {
            Some(Outcome::Failed(message)) => {
                assert!(message.contains("feed.json:"), "{message}");
                assert!(message.contains("last good version"), "{message}");
            }
            other => panic!("a broken edit is reported, got {other:?}"),
        }
        assert!(source.poll().is_none(), "the same error is reported once");

        std::fs::write(&path, FEED.replace("\"x\"", "\"y, longer\""))?;
        assert!(matches!(source.poll(), Some(Outcome::Fresh(p)) if p.snapshot.notes[0].text == "y, longer"));
        let _ = std::fs::remove_file(&path);
        Ok(())
    }

    /// A share that failed (not "missing": here a folder that became a
    /// file, ENOTDIR) and came back with the same file: the file's stamp was
    /// kept through the failure, so every poll took it for the failure's
    /// repeat and the source stayed offline until someone edited the file.
    #[test]
    fn the_same_file_back_after_a_failure_is_read_again() -> std::io::Result<()> {
        let share = temp_file("share").with_extension("d");
        let _ = std::fs::remove_dir_all(&share);
        std::fs::create_dir_all(&share)?;
        let path = share.join("feed.json");
        std::fs::write(&path, FEED)?;
        let mut source = FileSource::new(path.clone(), Duration::from_secs(1), parser(), None);
        assert!(matches!(source.poll(), Some(Outcome::Fresh(_))));
        let away = share.with_extension("away");
        std::fs::rename(&share, &away)?;
        std::fs::write(&share, "not a folder")?;
        assert!(
            matches!(source.poll(), Some(Outcome::Failed(m)) if !m.contains("create it")),
            "a failure, not a missing file"
        );
        std::fs::remove_file(&share)?;
        std::fs::rename(&away, &share)?;
        let back = source.poll();
        assert!(matches!(back, Some(Outcome::Fresh(_))), "back, and shown as back: {back:?}");
        let _ = std::fs::remove_dir_all(&share);
        Ok(())
    }

    #[test]
    fn a_missing_file_uses_the_fallback_or_says_what_to_do() {
        let path = temp_file("missing").with_file_name("nope.json");
        let mut plain = FileSource::new(path.clone(), Duration::from_secs(1), parser(), None);
        assert!(matches!(plain.poll(), Some(Outcome::Failed(m)) if m.contains("create it")));
        let mut with_sample = FileSource::new(path, Duration::from_secs(1), parser(), Some(FEED));
        assert!(matches!(with_sample.poll(), Some(Outcome::Fresh(_))));
        assert!(matches!(with_sample.poll(), Some(Outcome::Unchanged)), "the sample stays fresh");
        assert!(plain.poll().is_none(), "the same error is reported once");
    }
}
