//! What the wall keeps on disk for itself: the vote journal, files written
//! crash-safely, and the lock that keeps a data folder to one process.

pub(crate) mod atomic;
pub mod journal;
pub mod lock;
pub(crate) mod state;

use std::fs::OpenOptions;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::Path;

/// `options` that do not follow a symbolic link in a path's last part: a
/// link planted in the data folder fails to open (the kernel says ELOOP)
/// instead of turning the wall's writes onto another file.
pub fn no_follow(options: &mut OpenOptions) -> &mut OpenOptions {
    options.custom_flags(libc::O_NOFOLLOW)
}

/// An open error in words; a planted link says what it is.
pub fn open_error(path: &Path, err: &std::io::Error) -> String {
    if err.raw_os_error() == Some(libc::ELOOP) {
        format!(
            "{} is a symbolic link; the wall does not follow links in its data folder. Remove it (and check who put it there)",
            path.display()
        )
    } else {
        format!("cannot open {} ({err})", path.display())
    }
}

/// Creates the data folder (private: 0700) if it is not there, and checks
/// that nobody else can plant files in it: it must belong to the wall's
/// user and be writable by that user alone.
pub fn check_data_dir(data_dir: &Path) -> Result<(), String> {
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(data_dir).map_err(|err| {
        format!("cannot create the data folder {} ({err}); pass --data-dir with a writable folder", data_dir.display())
    })?;
    let meta = std::fs::metadata(data_dir)
        .map_err(|err| format!("cannot read the data folder {} ({err})", data_dir.display()))?;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        return Err(format!(
            "the data folder {} belongs to user {}, not to the wall's user {me}; another user could change its votes. Give it to the wall's user (chown) or pass --data-dir with a folder of its own",
            data_dir.display(),
            meta.uid()
        ));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(format!(
            "the data folder {} can be written by other users (mode {:o}); they could plant files in it. Run: chmod go-w {}",
            data_dir.display(),
            meta.mode() & 0o777,
            data_dir.display()
        ));
    }
    Ok(())
}

/// A private folder for one run (`--screenshot`, `--bench`): a random name
/// in the system's temporary folder, made by `mkdtemp` with mode 0700, so
/// no other user can make it first or look inside.
pub fn private_scratch() -> Result<std::path::PathBuf, String> {
    use std::os::unix::ffi::OsStrExt;
    let template = std::env::temp_dir().join("wall-of-change-XXXXXX");
    let mut bytes = template.as_os_str().as_bytes().to_vec();
    bytes.push(0);
    // SAFETY: `bytes` is a NUL-terminated, writable buffer that mkdtemp
    // fills in place; it lives until after the call.
    let made = unsafe { libc::mkdtemp(bytes.as_mut_ptr().cast()) };
    if made.is_null() {
        let err = std::io::Error::last_os_error();
        return Err(format!("cannot make a private scratch folder in {} ({err})", std::env::temp_dir().display()));
    }
    bytes.pop();
    Ok(std::path::PathBuf::from(std::ffi::OsStr::from_bytes(&bytes)))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_scratch_folder_is_private_and_new_each_time() -> Result<(), String> {
        let one = private_scratch()?;
        let two = private_scratch()?;
        assert_ne!(one, two);
        let mode = std::fs::metadata(&one).map_err(|e| e.to_string())?.permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        assert!(!one.to_string_lossy().contains(&std::process::id().to_string()), "not guessable from the pid");
        let _ = std::fs::remove_dir(one);
        let _ = std::fs::remove_dir(two);
        Ok(())
    }

    #[test]
    fn a_data_folder_others_can_write_is_refused() -> Result<(), String> {
        let dir = std::env::temp_dir().join(format!("wall-data-dir-check-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        check_data_dir(&dir)?;
        let mode = std::fs::metadata(&dir).map_err(|e| e.to_string())?.permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "made private");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).map_err(|e| e.to_string())?;
        let refused = check_data_dir(&dir).err().unwrap_or_default();
        assert!(refused.contains("chmod go-w"), "{refused}");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).map_err(|e| e.to_string())?;
        check_data_dir(&dir)?;
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }
}
