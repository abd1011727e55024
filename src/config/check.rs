//! The checks past the syntax: values a config may not have (refused when
//! it is read, with what to do instead), and what `--check-config` reports
//! about a config that can run: its summary, warnings and unreadable
//! secrets.

use std::path::Path;

use super::{Config, Display, LoadedConfig, Origin, PinSource, Rgb, SAMPLE_FEED_NAME, SourceConfig, is_url};
use crate::core::clock::Zone;

impl LoadedConfig {
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

/// The values a config may not have, each refused with what to use instead.
pub(super) fn validate(config: &Config) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::super::{ConfigError, parse};
    use super::*;

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
    fn a_paper_colour_that_leaves_text_unreadable_is_warned_about() -> Result<(), ConfigError> {
        let dark = parse("(colors: (complaint: \"#803040\"))", "c.ron")?;
        let dark = LoadedConfig { config: dark, origin: Origin::Embedded, base_dir: PathBuf::from(".") };
        let warnings = dark.warnings();
        assert!(
            warnings.iter().any(|w| w.starts_with("colors.complaint: the text on the complaint paper")),
            "{warnings:?}"
        );
        let plain = LoadedConfig { config: Config::default(), origin: Origin::Embedded, base_dir: PathBuf::from(".") };
        assert!(plain.warnings().is_empty(), "the default colours pass: {:?}", plain.warnings());
        Ok(())
    }
}
