//! Crash-safe file writing: a power cut mid-write leaves the old file.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `path` through a temporary file in the same folder
/// that is fsynced and renamed over the old one; then the folder is
/// fsynced, so the rename itself survives a power cut. The file is readable
/// by its owner only: the wall's files hold customer text and votes. A
/// failed write removes its temporary file and leaves the old file as it
/// was.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with_mode(path, bytes, 0o600)
}

/// [`write_atomic`] with other permissions, for a file that holds no
/// customer text and that another user must read (the Prometheus textfile).
pub(crate) fn write_atomic_with_mode(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
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
        .mode(mode)
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

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn temp(name: &str) -> std::path::PathBuf {
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
}
