//! The wall's settings: a RON file (config/wall.ron is the embedded default),
//! validated up front, with errors that name the file, line and column.

mod exit;
mod sections;
mod sources;

pub use exit::{Exit, KeyCombo, PinSource};
pub use sections::{Display, KindColors, MotionSetting, Night, Rgb, StandUp, Voting};
pub use sources::{CsvColumns, KindSetting, Secret, SourceConfig, is_url};

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::clock::{NightSchedule, Zone};
use crate::core::i18n::Language;
use crate::core::rotation::{SceneName, SceneSlot};

/// The default config, compiled in so the wall runs with no files at all.
pub const DEFAULT_CONFIG: &str = include_str!("../../config/wall.ron");
/// The sample feed the default config points at, compiled in as a fallback
/// for a binary that runs far from its source tree.
pub const SAMPLE_FEED: &str = include_str!("../../config/sample-feed.json");
/// The name the default config uses for the sample feed.
pub const SAMPLE_FEED_NAME: &str = "sample-feed.json";

/// Everything in config/wall.ron.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The title in the header; empty for the language's own
    /// "Wall of Change" / "Muur van Verandering".
    pub title: String,
    pub language: Language,
    /// Where the notes come from.
    pub sources: Vec<SourceConfig>,
    /// The scenes the TV rotates through, in order.
    pub scenes: Vec<SceneSlot>,
    /// Seconds each page shows when there are more notes than fit.
    pub page_seconds: u32,
    /// The most frames a second the wall draws while something moves; a
    /// still wall draws none.
    pub max_fps: u32,
    /// The same where no graphics chip draws and the processor renders
    /// every pixel (Mesa's llvmpipe, SwiftShader).
    pub software_max_fps: u32,
    pub colors: KindColors,
    /// `full`: notes fly in, fall off and pulse; `reduced`: short fades.
    pub motion: MotionSetting,
    /// No letter on the wall is smaller than this, in pixels.
    pub min_text_px: f32,
    pub display: Display,
    /// Where the wall keeps its cache, votes and status; relative to the
    /// config file. Unset: the platform's data folder.
    pub data_dir: Option<PathBuf>,
    /// Mask e-mail addresses and phone numbers in customer text.
    pub mask_contact_details: bool,
    /// A note's text is cut at a word after this many characters (with
    /// "…") as it arrives, before masking and layout.
    pub max_note_chars: u32,
    /// The zone of the clock, the ISO week and the night schedule, as an
    /// IANA name ("Europe/Amsterdam"); empty for the system's zone.
    pub time_zone: String,
    /// After a touch or an arrow key the rotation holds the scene, and goes
    /// on after this many seconds without one.
    pub idle_resume_seconds: u32,
    /// When the screen goes dark; unset: never.
    pub night: Option<Night>,
    /// How a person closes the kiosk on purpose.
    pub exit: Exit,
    /// Voting by touch.
    pub voting: Voting,
    /// The facilitator's stand-up mode.
    pub standup: StandUp,
}

impl Config {
    /// The most frames a second while something moves; `software` when the
    /// processor renders every pixel. The lower of the two limits applies.
    pub fn frame_limit(&self, software: bool) -> u32 {
        if software { self.max_fps.min(self.software_max_fps) } else { self.max_fps }
    }

    /// How each source's snapshots are prepared on its own thread.
    pub fn ingest_rules(&self) -> crate::core::ingest::Rules {
        crate::core::ingest::Rules { max_note_chars: self.max_note_chars as usize, mask: self.mask_contact_details }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            title: String::new(),
            language: Language::En,
            sources: vec![SourceConfig::File { path: PathBuf::from(SAMPLE_FEED_NAME), poll_seconds: 5, name: None }],
            scenes: vec![
                SceneSlot { scene: SceneName::Change, seconds: 60 },
                SceneSlot { scene: SceneName::Fame, seconds: 30 },
                SceneSlot { scene: SceneName::Commitment, seconds: 30 },
                SceneSlot { scene: SceneName::Priorities, seconds: 30 },
            ],
            page_seconds: 20,
            max_fps: 30,
            software_max_fps: 15,
            colors: KindColors::default(),
            motion: MotionSetting::Full,
            min_text_px: 20.0,
            display: Display::Fullscreen,
            data_dir: None,
            mask_contact_details: true,
            max_note_chars: crate::core::ingest::DEFAULT_MAX_NOTE_CHARS as u32,
            time_zone: String::new(),
            idle_resume_seconds: 60,
            night: None,
            exit: Exit::default(),
            voting: Voting::default(),
            standup: StandUp::default(),
        }
    }
}

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

    /// The config to use when none is named: `config/wall.ron` in the
    /// current folder if there is one, else the compiled-in default.
    pub fn discover() -> Result<LoadedConfig, ConfigError> {
        let local = Path::new("config").join("wall.ron");
        if local.is_file() {
            return LoadedConfig::from_file(&local);
        }
        let source_tree = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
        let base_dir = if source_tree.is_dir() { source_tree } else { PathBuf::from(".") };
        let config = parse(DEFAULT_CONFIG, "<embedded default config>")?;
        Ok(LoadedConfig { config, origin: Origin::Embedded, base_dir })
    }

    /// Resolves a path from the config against the config's folder.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() { path.to_path_buf() } else { self.base_dir.join(path) }
    }

    /// The data folder: the command line wins, then the config, then the
    /// platform's own data folder.
    pub fn data_dir(&self, cli_override: Option<&Path>) -> PathBuf {
        if let Some(dir) = cli_override {
            return dir.to_path_buf();
        }
        if let Some(dir) = &self.config.data_dir {
            return self.resolve(dir);
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

    /// The title shown in the header.
    pub fn title(&self) -> String {
        let title = self.config.title.trim();
        if title.is_empty() { self.config.language.wall_of_change().to_string() } else { title.to_string() }
    }

    /// Problems that do not stop the wall but that whoever set it up should
    /// hear about, such as a feed file that does not exist yet.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        for source in &self.config.sources {
            let missing_file = match source {
                SourceConfig::File { path, .. } => {
                    let embedded_sample = self.origin == Origin::Embedded && path == Path::new(SAMPLE_FEED_NAME);
                    (!embedded_sample).then(|| self.resolve(path))
                }
                SourceConfig::Csv { from, .. } if !is_url(from) => Some(self.resolve(Path::new(from))),
                _ => None,
            };
            if let Some(path) = missing_file.filter(|path| !path.is_file()) {
                warnings.push(format!("feed file {} does not exist yet; the wall waits for it", path.display()));
            }
        }
        // A custom paper colour must leave every text on it readable.
        for kind in crate::core::model::NoteKind::ALL {
            let Rgb(r, g, b) = self.config.colors.of(kind);
            let paper = crate::core::contrast::Srgb::from_u8(r, g, b);
            for short in crate::core::contrast::check_paper(kind.key(), paper, self.config.min_text_px) {
                warnings.push(format!(
                    "colors.{}: the {} has a contrast of {:.1}:1, below the {:.1}:1 that makes it readable for every viewer (WCAG AA); choose a lighter colour",
                    kind.key(),
                    short.what,
                    short.ratio,
                    short.required
                ));
            }
        }
        warnings
    }

    /// Secrets that cannot be read: each names the variable or file.
    pub fn secret_problems(&self) -> Vec<String> {
        let mut problems: Vec<String> = self
            .config
            .sources
            .iter()
            .filter_map(|source| {
                let secret = source.api_key()?;
                secret.read(&self.base_dir).err().map(|err| format!("{}: {err}", source.describe(&self.base_dir)))
            })
            .collect();
        if let Some(Err(err)) = self.exit_pin() {
            problems.push(format!("exit pin: {err}"));
        }
        if let Some(Err(err)) = self.standup_pin() {
            problems.push(format!("standup pin: {err}"));
        }
        problems
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

    /// A short human summary, printed by --check-config.
    pub fn summary(&self, cli_data_dir: Option<&Path>) -> String {
        let config = &self.config;
        let origin = match &self.origin {
            Origin::File(path) => path.display().to_string(),
            Origin::Embedded => "<embedded default config>".to_string(),
        };
        let mut lines = vec![
            format!("config:      {origin} is valid"),
            format!("title:       {}", self.title()),
            format!("language:    {:?}", config.language).to_lowercase(),
        ];
        for source in &config.sources {
            let key = match source.api_key() {
                Some(secret) => format!(", API key from {secret}"),
                None => String::new(),
            };
            lines.push(format!("source:      \"{}\": {}{key}", source.key(), source.describe(&self.base_dir)));
        }
        let scenes: Vec<String> =
            config.scenes.iter().map(|slot| format!("{:?} {} s", slot.scene, slot.seconds).to_lowercase()).collect();
        lines.push(format!("scenes:      {}", scenes.join(", ")));
        lines.push(format!("min text:    {} px", config.min_text_px));
        lines.push(format!(
            "time zone:   {}",
            if config.time_zone.trim().is_empty() { "the system's" } else { config.time_zone.trim() }
        ));
        lines.push(match &config.night {
            Some(night) => format!(
                "night:       dark from {} to {}{}",
                night.from,
                night.to,
                if night.weekends { " and at weekends" } else { "" }
            ),
            None => "night:       never dark".to_string(),
        });
        lines.push(match config.display {
            Display::Fullscreen => "display:     fullscreen".to_string(),
            Display::Window { width, height } => format!("display:     window {width}x{height}"),
        });
        lines.push(format!("data dir:    {}", self.data_dir(cli_data_dir).display()));
        lines.push(format!(
            "privacy:     {}",
            if config.mask_contact_details {
                "e-mail addresses and phone numbers masked"
            } else {
                "contact details shown as written"
            }
        ));
        lines.push(match &config.exit.pin {
            Some(pin) => format!("exit:        {} then the PIN from {pin}", config.exit.keys),
            None => "exit:        no PIN set; only the service manager can stop the wall".to_string(),
        });
        for warning in self.warnings() {
            lines.push(format!("warning:     {warning}"));
        }
        lines.join("\n")
    }
}

/// Parses and validates config text; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let config: Config = options.from_str(text).map_err(|err| ConfigError {
        file: file.to_string(),
        position: Some((err.span.start.line, err.span.start.col)),
        message: explain(&err.code),
    })?;
    validate(&config).map_err(|message| ConfigError { file: file.to_string(), position: None, message })?;
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

fn validate(config: &Config) -> Result<(), String> {
    if !(8.0..=300.0).contains(&config.min_text_px) {
        return Err(format!(
            "min_text_px is {}; use a letter height between 8 and 300 pixels (20 reads well from 3 metres on a 55\" Full HD TV)",
            config.min_text_px
        ));
    }
    if config.sources.is_empty() {
        return Err("sources is empty; add at least one, e.g. sources: [File(path: \"feed.json\")]".into());
    }
    let mut keys = std::collections::HashSet::new();
    for source in &config.sources {
        source.validate()?;
        if !keys.insert(source.key()) {
            return Err(format!(
                "two sources are both called {:?}; give one of them its own name: \"…\", so its votes stay its own",
                source.key()
            ));
        }
    }
    if config.scenes.is_empty() {
        return Err("scenes is empty; list at least (scene: change, seconds: 60)".into());
    }
    if let Some(slot) = config.scenes.iter().find(|slot| slot.seconds < 5) {
        return Err(format!(
            "scene {:?} shows for {} s; give every scene at least 5 seconds",
            slot.scene, slot.seconds
        ));
    }
    Zone::parse(&config.time_zone)?;
    config.exit.validate()?;
    if let Some(PinSource::Pin(pin)) = &config.standup.pin {
        crate::core::pin::validate(pin).map_err(|err| format!("standup pin: {err}"))?;
    }
    if !(1..=20).contains(&config.standup.items) || config.standup.item_seconds < 10 {
        return Err(format!(
            "standup: items must be 1 to 20 and item_seconds 10 or more (got {} and {})",
            config.standup.items, config.standup.item_seconds
        ));
    }
    if config.voting.votes_per_session == 0 || config.voting.session_seconds < 10 || config.voting.detail_seconds < 5 {
        return Err(format!(
            "voting: votes_per_session must be 1 or more, session_seconds 10 or more and detail_seconds 5 or more (got {}, {}, {})",
            config.voting.votes_per_session, config.voting.session_seconds, config.voting.detail_seconds
        ));
    }
    if let Some(night) = &config.night {
        night.schedule()?;
    }
    if config.idle_resume_seconds < 5 {
        return Err(format!(
            "idle_resume_seconds is {}; use 5 or more, so a reader has time to read",
            config.idle_resume_seconds
        ));
    }
    for (name, fps) in [("max_fps", config.max_fps), ("software_max_fps", config.software_max_fps)] {
        if !(5..=240).contains(&fps) {
            return Err(format!("{name} is {fps}; use 5 to 240 frames a second (30 moves smoothly)"));
        }
    }
    if config.page_seconds < 3 {
        return Err(format!("page_seconds is {}; use 3 or more", config.page_seconds));
    }
    if !(200..=20_000).contains(&config.max_note_chars) {
        return Err(format!(
            "max_note_chars is {}; use 200 to 20000 characters (2000 is a long letter; the detail view shows it all)",
            config.max_note_chars
        ));
    }
    if let Display::Window { width, height } = config.display
        && (width < 320 || height < 240)
    {
        return Err(format!("display window {width}x{height} is too small; use at least 320x240"));
    }
    Ok(())
}

/// Parses "1920x1080" for --size.
pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(|| format!("size {text:?} should look like 1920x1080"))?;
    let w: u32 = w.trim().parse().map_err(|_| format!("width {w:?} is not a number"))?;
    let h: u32 = h.trim().parse().map_err(|_| format!("height {h:?} is not a number"))?;
    if w < 320 || h < 240 || w > 16384 || h > 16384 {
        return Err(format!("size {w}x{h} is out of range; use at least 320x240"));
    }
    Ok((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn semantic_errors_say_what_to_do() {
        let err = parse("(min_text_px: 2)", "c.ron").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("between 8 and 300"), "{err}");
        let err = parse("(sources: [])", "c.ron").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("add at least one"), "{err}");
        let err = parse("(software_max_fps: 2)", "c.ron").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("software_max_fps is 2; use 5 to 240"), "{err}");
    }

    #[test]
    fn the_lower_frame_limit_applies_where_the_processor_renders() -> Result<(), ConfigError> {
        let config = parse("(max_fps: 60, software_max_fps: 15)", "c.ron")?;
        assert_eq!((config.frame_limit(false), config.frame_limit(true)), (60, 15));
        let config = parse("(max_fps: 10)", "c.ron")?;
        assert_eq!((config.frame_limit(false), config.frame_limit(true)), (10, 10));
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
        assert!(loaded.warnings()[0].contains("does not exist yet"));
        let dark = parse("(colors: (complaint: \"#803040\"))", "c.ron")?;
        let dark = LoadedConfig { config: dark, origin: Origin::Embedded, base_dir: PathBuf::from(".") };
        let warnings = dark.warnings();
        assert!(
            warnings.iter().any(|w| w.starts_with("colors.complaint: the text on the complaint paper")),
            "{warnings:?}"
        );
        let plain = LoadedConfig { config: Config::default(), origin: Origin::Embedded, base_dir: PathBuf::from(".") };
        assert!(plain.warnings().is_empty(), "the default colours pass: {:?}", plain.warnings());
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

    #[test]
    fn colours_and_sizes_parse() {
        assert_eq!(Rgb::parse("#ffD54f"), Some(Rgb(0xFF, 0xD5, 0x4F)));
        assert_eq!(Rgb::parse("FFD54F"), None);
        assert_eq!(parse_size("1280x720"), Ok((1280, 720)));
        assert!(parse_size("1280").is_err());
        assert!(parse_size("10x10").is_err());
    }
}
