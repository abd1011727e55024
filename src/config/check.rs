//! What `--check-config` reports about a config that can run: its
//! summary, warnings and unreadable secrets.

use std::path::Path;

use super::load::{LoadedConfig, Origin};
use super::sections::{Display, Rgb};
use super::settings::SAMPLE_FEED_NAME;
use super::sources::{SourceConfig, is_url};

impl LoadedConfig {
    /// Whether a PIN guards the stand-up (the facilitator's, or else the
    /// exit PIN). Without one, anyone at the screen can start it, so its
    /// decisions stay on the wall and are not written to a source.
    pub fn guards_standup(&self) -> bool {
        self.config.standup.pin.is_some() || self.config.exit.pin.is_some()
    }

    /// The keys of the sources that take the stand-up's decisions (a Fider
    /// board or a Microsoft list with `write_status: true`).
    pub fn decision_sources(&self) -> Vec<String> {
        let takes = |source: &&super::sources::SourceConfig| {
            source.status_url().is_some() || source.list().is_some_and(|list| list.write_status)
        };
        self.config.sources.iter().filter(takes).map(super::sources::SourceConfig::key).collect()
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
        warnings.extend(crate::core::topics::check(&self.config.topics).1.into_iter().map(|w| format!("topics: {w}")));
        warnings.extend(
            self.week_plan()
                .map(|(_, warnings)| warnings)
                .unwrap_or_default()
                .into_iter()
                .map(|w| format!("scenes: {w}")),
        );
        warnings.extend(self.config.screen.report(self.screen_px(), self.text_px()).1);
        // A custom paper colour must leave every text on it readable.
        for kind in crate::core::model::NoteKind::ALL {
            let Rgb(r, g, b) = self.config.colors.of(kind);
            let paper = crate::core::contrast::Srgb::from_u8(r, g, b);
            for short in crate::core::contrast::check_paper(kind.key(), paper, self.text_px().body) {
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

    /// The scenes and their seconds, and the week's plan when a scene
    /// keeps to a schedule.
    fn scene_lines(&self) -> Vec<String> {
        let config = &self.config;
        let scenes: Vec<String> =
            config.scenes.iter().map(|slot| format!("{:?} {} s", slot.scene, slot.seconds).to_lowercase()).collect();
        let mut lines = vec![format!("scenes:      {}", scenes.join(", "))];
        if let Some((plan, _)) = self.week_plan() {
            let zone = if config.time_zone.is_empty() { "the system's time zone" } else { &config.time_zone };
            lines.push(format!("week plan ({zone}):"));
            lines.extend(plan.into_iter().map(|line| format!("  {line}")));
        }
        lines
    }

    /// The screen's height in pixels the check reckons with: the window's,
    /// else a Full HD TV's.
    /// The smallest letters on that screen.
    fn text_px(&self) -> crate::core::reach::TextPx {
        self.config.text_px(self.screen_px())
    }

    fn screen_px(&self) -> f32 {
        match self.config.display {
            Display::Window { height, .. } => height as f32,
            Display::Fullscreen => 1080.0,
        }
    }

    /// The week's plan of scenes on a schedule, and its warnings; `None`
    /// when every scene shows all day, every day.
    fn week_plan(&self) -> Option<(Vec<String>, Vec<String>)> {
        let scenes = &self.config.scenes;
        if !scenes.iter().any(crate::core::rotation::SceneSlot::is_scheduled) {
            return None;
        }
        let slots: Vec<_> =
            scenes.iter().map(|slot| (format!("{:?}", slot.scene).to_lowercase(), slot.days, slot.hours)).collect();
        Some(crate::core::schedule::week_plan(&slots))
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
        if let Some(Err(err)) = self.config.standup.minutes_webhook.as_ref().map(|secret| secret.read(&self.base_dir)) {
            problems.push(format!("standup minutes_webhook: {err}"));
        }
        if let Some(Err(err)) = self.exit_pin() {
            problems.push(format!("exit pin: {err}"));
        }
        if let Some(Err(err)) = self.standup_pin() {
            problems.push(format!("standup pin: {err}"));
        }
        problems
    }

    /// A fingerprint of every secret the config names, as it reads now (a
    /// hash, kept in memory only, never logged): a key file, a client secret
    /// or a PIN file that changes changes it, and a running wall takes the
    /// new one.
    pub fn secrets_fingerprint(&self) -> u64 {
        use crate::core::hash::{START, fnv1a};
        let sources = self.config.sources.iter().filter_map(|source| source.api_key()).map(|s| s.read(&self.base_dir));
        let pins = [self.exit_pin(), self.standup_pin()].into_iter().flatten();
        sources.chain(pins).fold(START, |hash, read| {
            let text = read.unwrap_or_else(|err| format!("\u{0}{err}"));
            fnv1a(fnv1a(hash, text.as_bytes()), &[0xff])
        })
    }

    /// Where the stand-up's decisions go, for the summary; `None` when no
    /// source takes them.
    fn decisions_line(&self) -> Option<String> {
        let deciders = self.decision_sources();
        if deciders.is_empty() {
            return None;
        }
        Some(if self.guards_standup() {
            format!("decisions:   the stand-up's decisions are written to {} (a PIN guards it)", deciders.join(", "))
        } else {
            format!(
                "decisions:   stay on this wall, not written to {}: no PIN guards the stand-up. Set standup: (pin: File(\"standup-pin\")) or exit: (pin: …)",
                deciders.join(", ")
            )
        })
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
            format!("title:       {}", self.title(self.first_language())),
            format!("language:    {}", language_line(config.languages.list())),
        ];
        for source in &config.sources {
            let what = if source.list().is_some() { "client secret" } else { "API key" };
            let key = match source.api_key() {
                Some(secret) => format!(", {what} from {secret}"),
                None => String::new(),
            };
            lines.push(format!("source:      \"{}\": {}{key}", source.key(), source.describe(&self.base_dir)));
        }
        lines.extend(self.decisions_line());
        if !config.topics.is_empty() {
            let names: Vec<&str> = config.topics.iter().take(6).map(|topic| topic.name.trim()).collect();
            let more = if config.topics.len() > names.len() { ", …" } else { "" };
            lines.push(format!("topics:      {} rules: {}{more}", config.topics.len(), names.join(", ")));
        }
        lines.extend(self.scene_lines());
        lines.extend(self.config.screen.report(self.screen_px(), self.text_px()).0);
        lines.push(format!(
            "time zone:   {}",
            if config.time_zone.trim().is_empty() { "the system's" } else { config.time_zone.trim() }
        ));
        lines.push(match &config.night {
            Some(night) => format!(
                "night:       dark from {} to {}{}{}",
                night.from,
                night.to,
                if night.weekends { " and at weekends" } else { "" },
                if night.tv_power {
                    format!("; the TV sleeps too (`{}`)", night.standby_command.join(" "))
                } else {
                    String::new()
                }
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
        lines.push(format!(
            "consent:     {}",
            match (config.fame.require_approval, config.commitment.require_approval) {
                (false, false) => "every compliment and promise shown",
                (true, false) => "compliments shown once approved",
                (false, true) => "promises shown once approved",
                (true, true) => "compliments and promises shown once approved",
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

/// "en", or "nl, then en in turn, one full rotation each".
fn language_line(languages: &[crate::core::i18n::Language]) -> String {
    let names: Vec<String> = languages.iter().map(|language| format!("{language:?}").to_lowercase()).collect();
    match names.as_slice() {
        [one] => one.clone(),
        _ => format!("{} in turn, one full rotation each", names.join(", then ")),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::{Config, ConfigError, parse};

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

    /// Decisions written to a source need a facilitator: without a PIN the
    /// summary says they stay on the wall, with one where they go.
    #[test]
    fn decisions_reach_a_source_only_behind_a_pin() -> Result<(), ConfigError> {
        let fider = r#"sources: [Fider(url: "https://feedback.example.com", write_status: true, name: "fider")]"#;
        let open = LoadedConfig {
            config: parse(&format!("({fider})"), "c.ron")?,
            origin: Origin::Embedded,
            base_dir: PathBuf::from("."),
        };
        assert!(!open.guards_standup());
        let summary = open.summary(None);
        assert!(summary.contains("stay on this wall, not written to fider"), "{summary}");
        let guarded =
            LoadedConfig { config: parse(&format!(r#"({fider}, standup: (pin: Pin("2468")))"#), "c.ron")?, ..open };
        assert!(guarded.guards_standup());
        assert!(guarded.summary(None).contains("decisions are written to fider"));
        Ok(())
    }
}
