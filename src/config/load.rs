//! Reading a config: the file named on the command line, else the first
//! that exists of `$WALL_CONFIG`, `./config/wall.ron`,
//! `$CONFIGURATION_DIRECTORY/wall.ron`, `$XDG_CONFIG_HOME/wall-of-change/wall.ron`
//! (or `~/.config/…`) and `/etc/wall-of-change/wall.ron`, else the
//! compiled-in default (its paths resolve against the current folder).
//! Parse errors name the file, line and column, and the paths in a config
//! resolve against its folder.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use super::settings::{Config, DEFAULT_CONFIG};
use crate::core::clock::{NightSchedule, Zone};

/// Where a config came from; relative paths in it resolve against `base_dir`.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    File(PathBuf),
    /// The compiled-in default. Its sample feed is compiled in too.
    Embedded,
}

/// A validated config and the folder its relative paths start from.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedConfig {
    pub config: Config,
    pub origin: Origin,
    pub base_dir: PathBuf,
}

/// A config that cannot be used, with enough context to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// The file, or "<embedded default>".
    pub file: String,
    /// Line and column, counted from 1, where the error was found.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

impl LoadedConfig {
    /// The built-in default config. Its paths resolve against the current
    /// folder, never the build machine's checkout.
    pub fn embedded() -> Result<LoadedConfig, ConfigError> {
        let config = parse(DEFAULT_CONFIG, "<embedded default config>")?;
        Ok(LoadedConfig { config, origin: Origin::Embedded, base_dir: PathBuf::from(".") })
    }

    /// Reads and validates a config file.
    pub fn from_file(path: &Path) -> Result<LoadedConfig, ConfigError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|err| ConfigError {
            file: file.clone(),
            position: None,
            message: format!("cannot read the config file ({err}); check the path given to --config"),
        })?;
        let base_dir = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        let config = parse(&text, &file)?;
        Ok(LoadedConfig { config, origin: Origin::File(path.to_path_buf()), base_dir })
    }

    /// The config to use when none is named: the first file of
    /// [`search_path`] that exists, else the compiled-in default. A file
    /// named by `$WALL_CONFIG` must exist.
    pub fn discover() -> Result<LoadedConfig, ConfigError> {
        discover_in(|name| std::env::var_os(name))
    }

    /// Resolves a path from the config against the config's folder.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() { path.to_path_buf() } else { self.base_dir.join(path) }
    }

    /// The data folder: the command line wins, then the config, then
    /// systemd's `StateDirectory=` (`$STATE_DIRECTORY`), then the platform's
    /// own data folder.
    pub fn data_dir(&self, cli_override: Option<&Path>) -> PathBuf {
        if let Some(dir) = cli_override {
            return dir.to_path_buf();
        }
        if let Some(dir) = &self.config.data_dir {
            return self.resolve(dir);
        }
        if let Some(dir) = first_path(std::env::var_os("STATE_DIRECTORY")) {
            return dir;
        }
        directories::ProjectDirs::from("", "", "wall-of-change")
            .map(|dirs| dirs.data_dir().to_path_buf())
            .unwrap_or_else(|| self.base_dir.join("data"))
    }

    /// The configured time zone (validated when the config was read).
    pub fn zone(&self) -> Zone {
        Zone::parse(&self.config.time_zone).unwrap_or_default()
    }

    /// The night schedule, if one is configured (validated when read).
    pub fn night(&self) -> Option<NightSchedule> {
        self.config.night.as_ref().and_then(|night| night.schedule().ok())
    }

    /// The title shown in the header in `language`: the config's, else
    /// "Wall of Change" in that language.
    pub fn title(&self, language: crate::core::i18n::Language) -> String {
        let title = self.config.title.trim();
        if title.is_empty() { language.wall_of_change().to_string() } else { title.to_string() }
    }

    /// The language of the first round (the window's title, a start-up).
    pub fn first_language(&self) -> crate::core::i18n::Language {
        self.config.languages.of_round(0)
    }

    /// The exit PIN, if one is configured.
    pub fn exit_pin(&self) -> Option<Result<String, String>> {
        self.config.exit.pin.as_ref().map(|pin| pin.read(&self.base_dir))
    }

    /// The facilitator's own PIN for the stand-up, if one is configured
    /// apart from the exit PIN.
    pub fn standup_pin(&self) -> Option<Result<String, String>> {
        self.config.standup.pin.as_ref().map(|pin| pin.read(&self.base_dir))
    }
}

/// Where the wall looks for a config when `--config` names none, in this
/// order: `$WALL_CONFIG`, `./config/wall.ron`, systemd's
/// `ConfigurationDirectory=` (`$CONFIGURATION_DIRECTORY/wall.ron`),
/// `$XDG_CONFIG_HOME/wall-of-change/wall.ron` (or `~/.config/…`), and
/// `/etc/wall-of-change/wall.ron`. `var` reads the environment.
pub(super) fn search_path(var: impl Fn(&str) -> Option<OsString>) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    if let Some(named) = var("WALL_CONFIG").filter(|v| !v.is_empty()) {
        paths.push(PathBuf::from(named));
    }
    paths.push(Path::new("config").join("wall.ron"));
    if let Some(dir) = first_path(var("CONFIGURATION_DIRECTORY")) {
        paths.push(dir.join("wall.ron"));
    }
    let xdg = var("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| var("HOME").filter(|v| !v.is_empty()).map(|home| PathBuf::from(home).join(".config")));
    if let Some(dir) = xdg {
        paths.push(dir.join("wall-of-change").join("wall.ron"));
    }
    paths.push(PathBuf::from("/etc/wall-of-change/wall.ron"));
    paths
}

/// [`LoadedConfig::discover`] with the environment given.
fn discover_in(var: impl Fn(&str) -> Option<OsString>) -> Result<LoadedConfig, ConfigError> {
    if let Some(named) = var("WALL_CONFIG").filter(|v| !v.is_empty()) {
        let path = PathBuf::from(named);
        return LoadedConfig::from_file(&path).map_err(|err| match err.position {
            None => ConfigError {
                message: format!("WALL_CONFIG names {}, which cannot be read; fix or unset it", path.display()),
                ..err
            },
            Some(_) => err,
        });
    }
    if let Some(found) = search_path(&var).into_iter().find(|path| path.is_file()) {
        return LoadedConfig::from_file(&found);
    }
    LoadedConfig::embedded()
}

/// The first of a colon-separated list of paths, as systemd gives its
/// directories.
fn first_path(value: Option<OsString>) -> Option<PathBuf> {
    let value = value?.into_string().ok()?;
    value.split(':').find(|part| !part.is_empty()).map(PathBuf::from)
}

/// Parses and validates config text; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
    // UNWRAP_VARIANT_NEWTYPES: `MicrosoftList(tenant: …)` for a source
    // whose fields are a struct of their own.
    let extensions = ron::extensions::Extensions::IMPLICIT_SOME | ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES;
    let options = ron::Options::default().with_default_extension(extensions);
    let config: Config = options.from_str(text).map_err(|err| ConfigError {
        file: file.to_string(),
        position: Some((err.span.start.line, err.span.start.col)),
        message: explain(&err.code),
    })?;
    super::values::validate(&config).map_err(|message| ConfigError {
        file: file.to_string(),
        position: None,
        message,
    })?;
    Ok(config)
}

/// RON's own message, plus a hint for the mistakes people make most.
fn explain(code: &ron::Error) -> String {
    let hint = match code {
        ron::Error::NoSuchStructField { .. } => "; see the config reference in README.md for the fields",
        ron::Error::NoSuchEnumVariant { .. } => "; check the spelling of this value",
        ron::Error::ExpectedStructLikeEnd | ron::Error::ExpectedComma => {
            "; is a comma or closing bracket missing on the line before?"
        }
        _ => "",
    };
    format!("{code}{hint}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rotation::SceneName;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| OsString::from(value))
    }

    #[test]
    fn the_config_is_looked_for_in_the_documented_order() {
        let paths = search_path(env(&[
            ("WALL_CONFIG", "/srv/tv1.ron"),
            ("CONFIGURATION_DIRECTORY", "/etc/wall-of-change:/etc/other"),
            ("XDG_CONFIG_HOME", "/home/kiosk/.config"),
        ]));
        let expected: Vec<PathBuf> = [
            "/srv/tv1.ron",
            "config/wall.ron",
            "/etc/wall-of-change/wall.ron",
            "/home/kiosk/.config/wall-of-change/wall.ron",
            "/etc/wall-of-change/wall.ron",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(paths, expected);
        let home_only = search_path(env(&[("HOME", "/home/kiosk")]));
        assert_eq!(home_only[1], PathBuf::from("/home/kiosk/.config/wall-of-change/wall.ron"));
    }

    #[test]
    fn wall_config_must_name_a_file_that_is_there() {
        let dir = std::env::temp_dir().join(format!("wall-config-env-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let named = dir.join("tv1.ron");
        let _ = std::fs::write(&named, r#"(title: "Kantoor Utrecht")"#);
        let named_text = named.display().to_string();
        let loaded = discover_in(env(&[("WALL_CONFIG", &named_text)]));
        assert_eq!(loaded.map(|l| l.config.title).ok().as_deref(), Some("Kantoor Utrecht"));
        let missing = dir.join("missing.ron").display().to_string();
        let err = discover_in(env(&[("WALL_CONFIG", &missing)])).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("WALL_CONFIG") && err.contains("fix or unset it"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn systemd_directories_are_the_first_of_their_list() {
        assert_eq!(
            first_path(Some("/var/lib/wall-of-change:/x".into())),
            Some(PathBuf::from("/var/lib/wall-of-change"))
        );
        assert_eq!(first_path(Some("".into())), None);
        assert_eq!(first_path(None), None);
    }

    #[test]
    fn the_embedded_default_is_valid() -> Result<(), ConfigError> {
        let config = parse(DEFAULT_CONFIG, "wall.ron")?;
        assert!(!config.sources.is_empty());
        assert_eq!(config.scenes[0].scene, SceneName::Change);
        Ok(())
    }

    #[test]
    fn syntax_errors_carry_file_line_and_column() {
        let text = "(\n    title: \"Wall\",\n    language: en\n    min_text_px: 20,\n)";
        let err = parse(text, "broken.ron").err();
        let err = err.as_ref().map(ToString::to_string).unwrap_or_default();
        assert!(err.starts_with("broken.ron:4:"), "{err}");
    }

    #[test]
    fn unknown_fields_and_values_are_reported_where_they_are() {
        let err = parse("(\n  titel: \"x\",\n)", "a.ron").err();
        let err = err.map(|e| (e.position, e.message)).unwrap_or_default();
        assert_eq!(err.0.map(|p| p.0), Some(2));
        assert!(err.1.contains("titel"), "{}", err.1);

        let err = parse("(colors: (idea: \"yellow\"))", "b.ron").err();
        let err = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(err.starts_with("b.ron:1:"), "{err}");
        assert!(err.contains("#FFD54F"), "{err}");
    }

    /// One language or a list that takes turns; a wrong value says what
    /// to write. The add-feedback page must be a web address.
    #[test]
    fn languages_and_the_add_feedback_page_are_checked() -> Result<(), ConfigError> {
        use crate::core::i18n::Language;
        let one = parse("(language: nl)", "a.ron")?;
        assert_eq!((one.languages.of_round(0), one.languages.list()), (Language::Nl, &[Language::Nl][..]));
        let two = parse("(language: [nl, en])", "a.ron")?;
        assert_eq!((two.languages.of_round(0), two.languages.of_round(1)), (Language::Nl, Language::En));
        let message = |text: &str| parse(text, "a.ron").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message("(language: fr)").contains("[nl, en]"), "{}", message("(language: fr)"));
        assert!(message("(language: [])").contains("empty list"), "{}", message("(language: [])"));
        assert!(message("(add_url: \"forms.gle/x\")").contains("add_url"), "{}", message("(add_url: \"forms.gle/x\")"));
        assert_eq!(
            parse("(add_url: \"https://forms.gle/x\")", "a.ron")?.add_url.as_deref(),
            Some("https://forms.gle/x")
        );
        Ok(())
    }

    #[test]
    fn relative_paths_resolve_against_the_config_folder() -> Result<(), ConfigError> {
        let dir = std::env::temp_dir().join(format!("wall-config-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| ConfigError {
            file: String::new(),
            position: None,
            message: e.to_string(),
        })?;
        let path = dir.join("wall.ron");
        std::fs::write(&path, "(sources: [File(path: \"feeds/a.json\")], data_dir: \"state\")")
            .map_err(|e| ConfigError { file: String::new(), position: None, message: e.to_string() })?;
        let loaded = LoadedConfig::from_file(&path)?;
        assert_eq!(loaded.resolve(Path::new("feeds/a.json")), dir.join("feeds/a.json"));
        assert_eq!(loaded.data_dir(None), dir.join("state"));
        assert_eq!(loaded.data_dir(Some(Path::new("/var/lib/wall"))), PathBuf::from("/var/lib/wall"));
        // The feed file is looked for beside the config, where it is not.
        assert!(loaded.warnings()[0].contains("does not exist yet"));
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    #[test]
    fn every_example_config_is_valid() -> Result<(), ConfigError> {
        let examples = [
            ("json-feed.ron", include_str!("../../config/examples/json-feed.ron")),
            ("fider.ron", include_str!("../../config/examples/fider.ron")),
            ("google-forms-csv.ron", include_str!("../../config/examples/google-forms-csv.ron")),
            ("csv-file.ron", include_str!("../../config/examples/csv-file.ron")),
            ("several-sources.ron", include_str!("../../config/examples/several-sources.ron")),
            ("zendesk.ron", include_str!("../../config/examples/zendesk.ron")),
            ("freshdesk.ron", include_str!("../../config/examples/freshdesk.ron")),
            ("microsoft-lists.ron", include_str!("../../config/examples/microsoft-lists.ron")),
            ("topics-energy.ron", include_str!("../../config/examples/topics-energy.ron")),
        ];
        for (name, text) in examples {
            let config = parse(text, name)?;
            assert!(!config.sources.is_empty(), "{name}");
        }
        let folder = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/config/examples"))
            .map(|entries| entries.count())
            .unwrap_or(0);
        assert_eq!(folder, examples.len(), "every file in config/examples is checked here");
        Ok(())
    }

    /// The helpdesk examples pass what --check-config checks, secrets
    /// included, once their key files are there.
    #[test]
    fn the_helpdesk_examples_pass_the_config_check() -> Result<(), ConfigError> {
        let dir = std::env::temp_dir().join(format!("wall-helpdesk-check-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        for (name, text, key) in [
            ("zendesk.ron", include_str!("../../config/examples/zendesk.ron"), "zendesk-token"),
            ("freshdesk.ron", include_str!("../../config/examples/freshdesk.ron"), "freshdesk-key"),
            ("microsoft-lists.ron", include_str!("../../config/examples/microsoft-lists.ron"), "graph-secret"),
        ] {
            let _ = std::fs::write(dir.join(name), text);
            let path = dir.join(name);
            let loaded = LoadedConfig::from_file(&path)?;
            assert!(!loaded.secret_problems().is_empty(), "{name}: the key file is missing at first");
            let _ = std::fs::write(dir.join(key), "k3y");
            // The list example guards its stand-up with a PIN file.
            let _ = std::fs::write(dir.join("standup-pin"), "2468");
            assert!(loaded.secret_problems().is_empty(), "{name}: {:?}", loaded.secret_problems());
            let summary = loaded.summary(None);
            assert!(summary.contains("mapped JSON https://acme.") || summary.contains("Microsoft list"), "{summary}");
        }
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }
}
