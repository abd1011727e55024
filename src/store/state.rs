//! A value the wall keeps as JSON in its data folder for itself (the "we
//! did" history, the trends): read at start, written whole or not at all
//! when it changes. A damaged file starts anew and is kept beside as
//! `*.damaged` for a person to look at; a file that cannot be read for
//! another reason (permissions, a disk error) is left alone and not written
//! over until the next start.

use std::path::PathBuf;

use bevy::log::{info, warn};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Where a value is saved; `None` when it must not be (see the module).
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct StateFile {
    path: Option<PathBuf>,
    /// What it holds, for the log: "the trends history".
    what: &'static str,
}

impl StateFile {
    /// Reads `path`: the value in it, the default when there is none (or it
    /// is damaged), and the file to save to.
    pub(crate) fn load<T: DeserializeOwned + Default>(path: PathBuf, what: &'static str) -> (T, StateFile) {
        let saved = |path| StateFile { path, what };
        // Bytes, not text: a flipped bit (invalid UTF-8) is damage like any
        // other, not a read error that would stop every later save.
        match std::fs::read(&path) {
            Ok(bytes) => match serde_json::from_slice(&bytes) {
                Ok(value) => {
                    info!("{what}: read {}", path.display());
                    (value, saved(Some(path)))
                }
                Err(err) => {
                    warn!("{what} {} is unreadable ({err}); starting anew", path.display());
                    let _ = std::fs::rename(&path, path.with_extension("json.damaged"));
                    (T::default(), saved(Some(path)))
                }
            },
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => (T::default(), saved(Some(path))),
            Err(err) => {
                warn!("cannot read {what} {}: {err}; not saving it until the next start", path.display());
                (T::default(), saved(None))
            }
        }
    }

    /// Writes `value`, replacing the file whole or not at all.
    pub(crate) fn save<T: Serialize>(&self, value: &T) {
        let Some(path) = &self.path else {
            return;
        };
        let written = serde_json::to_vec(value)
            .map_err(std::io::Error::other)
            .and_then(|bytes| super::atomic::write_atomic(path, &bytes));
        if let Err(err) = written {
            warn!("cannot save {} to {}: {err}", self.what, path.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_survives_its_file_and_a_damaged_one_is_set_aside() {
        let dir = std::env::temp_dir().join(format!("wall-state-file-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("counts.json");
        let (empty, file): (Vec<u32>, _) = StateFile::load(path.clone(), "the counts");
        assert!(empty.is_empty(), "no file yet: the default");
        file.save(&vec![1, 2, 3]);
        let (again, _): (Vec<u32>, _) = StateFile::load(path.clone(), "the counts");
        assert_eq!(again, [1, 2, 3]);
        let _ = std::fs::write(&path, "{");
        let (fresh, file): (Vec<u32>, _) = StateFile::load(path.clone(), "the counts");
        assert!(fresh.is_empty() && dir.join("counts.json.damaged").is_file());
        file.save(&vec![4]);
        assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), "[4]");
        // One flipped bit that makes the text invalid UTF-8.
        let _ = std::fs::remove_file(dir.join("counts.json.damaged"));
        let _ = std::fs::write(&path, b"[1,\xb2]");
        let (fresh, file): (Vec<u32>, _) = StateFile::load(path.clone(), "the counts");
        assert!(fresh.is_empty() && dir.join("counts.json.damaged").is_file(), "set aside, not a stop");
        file.save(&vec![5]);
        assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), "[5]", "later saves work");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
