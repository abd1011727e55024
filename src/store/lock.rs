//! The lock that keeps a data folder to one wall process.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// An exclusive lock on a data folder, held while this value lives (and
/// released by the kernel when the process dies, however it dies). Two
/// walls on one folder would each append to the vote journal from their own
/// idea of its end, and acknowledged votes would be lost.
#[derive(Debug)]
pub struct DataDirLock {
    _file: File,
    pub path: PathBuf,
}

impl DataDirLock {
    /// Takes the lock on `data_dir`, or says which process holds it and
    /// what to do.
    pub fn take(data_dir: &Path) -> Result<DataDirLock, String> {
        super::check_data_dir(data_dir)?;
        let path = data_dir.join("wall.lock");
        let mut file = super::no_follow(OpenOptions::new().read(true).write(true).create(true).truncate(false))
            .mode(0o600)
            .open(&path)
            .map_err(|err| format!("{}; pass --data-dir with a writable folder", super::open_error(&path, &err)))?;
        // Only a plain file is truncated below (not a FIFO or a device).
        if !file.metadata().map(|meta| meta.is_file()).unwrap_or(false) {
            return Err(format!("{} is not a plain file; remove it", path.display()));
        }
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = describe_process(holder.trim());
                return Err(format!(
                    "another wall ({holder}) is using the data folder {}; stop it first, or give this one its own folder with --data-dir",
                    data_dir.display()
                ));
            }
            Err(fs::TryLockError::Error(err)) => {
                return Err(format!("cannot lock the data folder {} ({err})", data_dir.display()));
            }
        }
        // Say who holds it, for the next one who asks.
        let _ = file.set_len(0).and_then(|()| file.rewind()).and_then(|()| write!(file, "{}", std::process::id()));
        Ok(DataDirLock { _file: file, path })
    }
}

/// "process 1234 (wall-of-change --windowed)" from a process id, as far as
/// /proc tells.
fn describe_process(pid: &str) -> String {
    if pid.is_empty() {
        return "a process".to_string();
    }
    let command = fs::read(format!("/proc/{pid}/cmdline"))
        .ok()
        .map(|raw| {
            raw.split(|byte| *byte == 0)
                .filter(|part| !part.is_empty())
                .map(|part| String::from_utf8_lossy(part).into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|command| !command.is_empty());
    match command {
        Some(command) => format!("process {pid}: {command}"),
        None => format!("process {pid}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wall-lock-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_second_lock_on_one_folder_is_refused_until_the_first_is_released() -> std::io::Result<()> {
        let dir = temp("lock");
        let first = DataDirLock::take(&dir).map_err(std::io::Error::other)?;
        let refused = DataDirLock::take(&dir).err().unwrap_or_default();
        assert!(refused.contains("another wall"), "{refused}");
        assert!(refused.contains(&format!("process {}", std::process::id())), "names the holder: {refused}");
        assert!(refused.contains("--data-dir"), "says what to do: {refused}");
        drop(first);
        assert!(DataDirLock::take(&dir).is_ok());
        fs::remove_dir_all(&dir)
    }

    /// Repro: `wall.lock` planted as a link to another file in the data
    /// folder. The old lock followed it and wrote its process id over the
    /// target; now the lock is refused and the target is untouched.
    #[test]
    fn a_planted_lock_link_is_refused_and_its_target_untouched() -> std::io::Result<()> {
        let dir = temp("link");
        fs::create_dir_all(&dir)?;
        let target = dir.join("precious.log");
        fs::write(&target, "votes that matter\n")?;
        std::os::unix::fs::symlink(&target, dir.join("wall.lock"))?;
        let refused = DataDirLock::take(&dir).err().unwrap_or_default();
        assert!(refused.contains("symbolic link"), "{refused}");
        assert_eq!(fs::read_to_string(&target)?, "votes that matter\n");
        fs::remove_dir_all(&dir)
    }
}
