//! Crash-safe file writing (a power cut mid-write leaves the old file), and
//! the lock that keeps a data folder to one wall process.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `path` through a temporary file in the same folder
/// that is fsynced and renamed over the old one; then the folder is
/// fsynced, so the rename itself survives a power cut. The file is readable
/// by its owner only: the wall's files hold customer text and votes. A
/// failed write removes its temporary file and leaves the old file as it
/// was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static SERIAL: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    // A name of its own per writer and per write: two threads (or two
    // processes) never write into one temporary file.
    let mut temp_name = path.file_name().unwrap_or_default().to_os_string();
    temp_name.push(format!(".{}-{}.tmp", std::process::id(), SERIAL.fetch_add(1, Ordering::Relaxed)));
    let temp = dir.join(temp_name);
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temp)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()))
        .and_then(|()| fs::rename(&temp, path));
    if let Err(err) = written {
        let _ = fs::remove_file(&temp);
        return Err(err);
    }
    File::open(dir)?.sync_all()?;
    remove_stale_temps(dir, path);
    Ok(())
}

/// Removes the temporary files a crashed process left behind beside
/// `path`. This process's own temporary files (another thread may be
/// writing one) are left alone; the folder is locked to this process, so
/// no other live process writes there.
fn remove_stale_temps(dir: &Path, path: &Path) {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return;
    };
    let prefix = format!("{name}.");
    let ours = format!("{name}.{}-", std::process::id());
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let stale = file
            .to_str()
            .is_some_and(|file| file.starts_with(&prefix) && file.ends_with(".tmp") && !file.starts_with(&ours));
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

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
        fs::create_dir_all(data_dir).map_err(|err| {
            format!(
                "cannot create the data folder {} ({err}); pass --data-dir with a writable folder",
                data_dir.display()
            )
        })?;
        let path = data_dir.join("wall.lock");
        let mut file =
            OpenOptions::new().read(true).write(true).create(true).truncate(false).mode(0o600).open(&path).map_err(
                |err| {
                    format!(
                        "cannot open the lock file {} ({err}); pass --data-dir with a writable folder",
                        path.display()
                    )
                },
            )?;
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
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wall-fsutil-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn replaces_the_file_privately_and_leaves_no_temp() -> std::io::Result<()> {
        let dir = temp("atomic");
        let path = dir.join("status.json");
        write_atomic(&path, b"one")?;
        write_atomic(&path, b"two")?;
        assert_eq!(fs::read_to_string(&path)?, "two");
        assert_eq!(fs::metadata(&path)?.permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::read_dir(&dir)?.count(), 1, "no temporary file left");
        fs::remove_dir_all(&dir)
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
}
