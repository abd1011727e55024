//! Secrets: an API key or a PIN is never written in the config; it names
//! an environment variable or a file (a systemd credential) to read.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Where a secret such as an API key is kept. Never in the config itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Secret {
    /// An environment variable, e.g. Env("FIDER_API_KEY").
    Env(String),
    /// A file holding only the key (relative to the config's folder), e.g.
    /// a systemd credential.
    File(PathBuf),
}

impl Secret {
    /// Reads the secret. The error names where it looked, never the value.
    pub fn read(&self, base_dir: &Path) -> Result<String, String> {
        let value = match self {
            Secret::Env(name) => read_env(name, "the API key")?,
            Secret::File(path) => read_file(path, base_dir, "key file")?,
        };
        let value = value.trim().to_string();
        if value.is_empty() {
            return Err(format!("{self} is empty; put the API key there"));
        }
        Ok(value)
    }
}

/// How a mapped JSON source signs in: `Bearer(Env("TOKEN"))`;
/// `Basic("agent@example.com/token", File("zendesk-token"))` (Zendesk: the
/// user and an API token); `BasicKey(File("freshdesk-key"), "X")`
/// (Freshdesk: the API key as the user, any password).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Auth {
    Bearer(Secret),
    /// A user name and a secret password.
    Basic(String, Secret),
    /// A secret user name (an API key) and a plain password.
    BasicKey(Secret, String),
}

impl Auth {
    /// The secret in it, for --check-config and the logs (by name only).
    pub fn secret(&self) -> &Secret {
        match self {
            Auth::Bearer(secret) | Auth::Basic(_, secret) | Auth::BasicKey(secret, _) => secret,
        }
    }
}

/// A secret from the environment variable `name`; the error says what to
/// set it to (`what`), never a value.
pub(super) fn read_env(name: &str, what: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("the environment variable {name} is not set; set it to {what}"))
}

/// A secret from a file (see [`secret_file`] for where it is looked for);
/// the error names the file (`kind`, e.g. "key file") and the reason.
pub(super) fn read_file(path: &Path, base_dir: &Path, kind: &str) -> Result<String, String> {
    let path = secret_file(path, base_dir, std::env::var_os("CREDENTIALS_DIRECTORY"));
    std::fs::read_to_string(&path).map_err(|err| format!("cannot read the {kind} {} ({err})", path.display()))
}

/// Where a secret's file is: an absolute path as given; a relative one in
/// systemd's credentials folder (`$CREDENTIALS_DIRECTORY`, filled by the
/// unit's `LoadCredential=`) when it is there, else beside the config.
pub(super) fn secret_file(path: &Path, base_dir: &Path, credentials: Option<std::ffi::OsString>) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    credentials
        .filter(|dir| !dir.is_empty())
        .map(|dir| Path::new(&dir).join(path))
        .filter(|candidate| candidate.is_file())
        .unwrap_or_else(|| base_dir.join(path))
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Secret::Env(name) => write!(f, "${name}"),
            Secret::File(path) => write!(f, "key file {}", path.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A secret given to the unit with `LoadCredential=fider-api-key:...`
    /// is read from systemd's credentials folder; without one, beside the
    /// config.
    #[test]
    fn secret_files_are_found_in_the_credentials_folder_first() {
        let dir = std::env::temp_dir().join(format!("wall-credentials-{}", std::process::id()));
        let (credentials, config) = (dir.join("credentials"), dir.join("config"));
        let _ = std::fs::create_dir_all(&credentials);
        let _ = std::fs::create_dir_all(&config);
        let _ = std::fs::write(credentials.join("fider-api-key"), "k");
        let key = Path::new("fider-api-key");
        let given = Some(credentials.clone().into_os_string());
        assert_eq!(secret_file(key, &config, given.clone()), credentials.join("fider-api-key"));
        assert_eq!(
            secret_file(Path::new("pin.txt"), &config, given),
            config.join("pin.txt"),
            "not there: beside the config"
        );
        assert_eq!(secret_file(key, &config, None), config.join("fider-api-key"));
        assert_eq!(secret_file(Path::new("/run/k"), &config, None), PathBuf::from("/run/k"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn secrets_come_from_the_environment_or_a_file_and_errors_name_the_place() {
        let missing = Secret::Env("WALL_TEST_SURELY_UNSET_KEY".into()).read(Path::new("."));
        assert!(missing.is_err_and(|e| e.contains("WALL_TEST_SURELY_UNSET_KEY")));
        let dir = std::env::temp_dir().join(format!("wall-secret-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join("key"), "s3cr3t\n");
        assert_eq!(Secret::File("key".into()).read(&dir), Ok("s3cr3t".to_string()));
        let err = Secret::File("nope".into()).read(&dir).err().unwrap_or_default();
        assert!(err.contains("nope") && !err.contains("s3cr3t"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
