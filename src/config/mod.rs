//! The wall's settings: a RON file (config/wall.ron is the embedded default),
//! validated up front, with errors that name the file, line and column.
//! `settings` holds the settings themselves, `load` reads them, `values`
//! refuses values no wall can run with, and `check` reports what
//! `--check-config` says. This file only names what the rest of the crate
//! uses; no part of the config imports it back.

mod check;
mod exit;
mod keys;
mod kinds;
mod lists;
mod load;
mod secrets;
mod sections;
mod settings;
mod sources;
mod urls;
mod values;

pub use exit::{Exit, KeyCombo, PinSource};
pub use load::{ConfigError, LoadedConfig, Origin, parse};
pub use secrets::{Auth, Secret};
pub use sections::{
    Consent, Display, KindColors, MotionSetting, Night, Rgb, StandUp, TrendsSettings, Voting, WebhookFormat,
};
pub use settings::{Config, DEFAULT_CONFIG, Languages, SAMPLE_FEED, SAMPLE_FEED_NAME, parse_size};
pub use sources::{Columns, KindSetting, ListSource, MappedKind, SourceConfig, is_url, redact_url};

/// A loaded config's settings read directly: `loaded.scenes`.
impl std::ops::Deref for LoadedConfig {
    type Target = Config;

    fn deref(&self) -> &Config {
        &self.config
    }
}
