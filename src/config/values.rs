//! The values a config may not have: refused when it is read, with what to
//! do instead. (The syntax is the RON parser's.)

/// The values a config may not have, each refused with what to use instead.
use super::exit::PinSource;
use super::sections::Display;
use super::settings::Config;
use super::sources::is_url;
use crate::core::clock::Zone;

pub(super) fn validate(config: &Config) -> Result<(), String> {
    if let Some(px) = config.min_text_px.filter(|px| !(8.0..=300.0).contains(px)) {
        return Err(format!(
            "min_text_px is {px}; use a letter height between 8 and 300 pixels, or leave it out: the wall sizes its letters from screen: (viewing_m: …)"
        ));
    }
    check_screen(&config.screen)?;
    check_language_and_add_url(config)?;
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
    check_topics(config)?;
    config.exit.validate()?;
    check_standup_and_fleet(config)?;
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
    check_heartbeat(config)?;
    if let Display::Window { width, height } = config.display
        && (width < 320 || height < 240)
    {
        return Err(format!("display window {width}x{height} is too small; use at least 320x240"));
    }
    Ok(())
}

/// The topics have names of their own and words (see `core::topics::check`).
fn check_topics(config: &Config) -> Result<(), String> {
    let (errors, _) = crate::core::topics::check(&config.topics);
    errors.into_iter().next().map_or(Ok(()), |first| Err(format!("topics: {first}")))
}

/// The languages are not an empty list; the add-feedback page is a web
/// address.
fn check_language_and_add_url(config: &Config) -> Result<(), String> {
    if config.languages.list().is_empty() {
        return Err("language is an empty list; write en, nl, or [nl, en] to alternate at each rotation".into());
    }
    if let Some(url) = &config.add_url
        && !is_url(url)
    {
        return Err(format!(
            "add_url {:?} is not an http:// or https:// address; give the page where staff add feedback, e.g. \"https://forms.gle/...\"",
            super::sources::redact_url(url)
        ));
    }
    Ok(())
}

/// The uptime monitor's URL, when one is set, is an http(s) URL.
fn check_heartbeat(config: &Config) -> Result<(), String> {
    match &config.heartbeat_url {
        Some(url) if !is_url(url) => Err(format!(
            "heartbeat_url is {url:?}; use the http(s) URL your monitor gave, e.g. \"https://hc-ping.com/<uuid>\""
        )),
        _ => Ok(()),
    }
}

/// The stand-up's PIN and figures, and the fleet's picture.
fn check_standup_and_fleet(config: &Config) -> Result<(), String> {
    if let Some(PinSource::Pin(pin)) = &config.standup.pin {
        crate::core::pin::validate(pin).map_err(|err| format!("standup pin: {err}"))?;
    }
    if !(1..=20).contains(&config.standup.items) || config.standup.item_seconds < 10 {
        return Err(format!(
            "standup: items must be 1 to 20 and item_seconds 10 or more (got {} and {})",
            config.standup.items, config.standup.item_seconds
        ));
    }
    let screen = &config.screen;
    if !(screen.height_mm >= 50.0 && screen.bottom_mm >= 0.0 && screen.viewing_m > 0.0) {
        return Err(format!(
            "screen: height_mm must be 50 or more, bottom_mm 0 or more and viewing_m more than 0 (got {}, {}, {})",
            screen.height_mm, screen.bottom_mm, screen.viewing_m
        ));
    }
    if config.fleet.screenshot_minutes > 24 * 60 {
        return Err(format!(
            "fleet: screenshot_minutes is at most 1440 (a day), or 0 for no picture (got {})",
            config.fleet.screenshot_minutes
        ));
    }
    Ok(())
}

/// How the TV hangs: sizes a screen can have.
fn check_screen(screen: &crate::core::reach::Mount) -> Result<(), String> {
    if !(screen.height_mm >= 50.0 && screen.height_mm <= 5000.0) {
        return Err(format!(
            "screen.height_mm is {}; give the height of the TV's picture in millimetres (a 55\" TV: 685)",
            screen.height_mm
        ));
    }
    if !(screen.viewing_m > 0.0 && screen.viewing_m <= 50.0) {
        return Err(format!(
            "screen.viewing_m is {}; give where people stand to read the wall, in metres (e.g. 3)",
            screen.viewing_m
        ));
    }
    if !(-1000.0..=5000.0).contains(&screen.bottom_mm) {
        return Err(format!(
            "screen.bottom_mm is {}; give the height of the picture's lower edge above the floor in millimetres (e.g. 1000)",
            screen.bottom_mm
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    #[test]
    fn semantic_errors_say_what_to_do() {
        let err = parse("(min_text_px: 2)", "c.ron").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("between 8 and 300"), "{err}");
        let err = parse("(sources: [])", "c.ron").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("add at least one"), "{err}");
        let err = parse("(software_max_fps: 2)", "c.ron").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("software_max_fps is 2; use 5 to 240"), "{err}");
        let err =
            parse(r#"(heartbeat_url: "hc-ping.com/abc")"#, "c.ron").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("heartbeat_url") && err.contains("https://"), "{err}");
        assert!(parse(r#"(heartbeat_url: "https://hc-ping.com/abc")"#, "c.ron").is_ok());
        let err = parse("(screen: (viewing_m: 0))", "c.ron").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("screen.viewing_m is 0; give where people stand"), "{err}");
        let err = parse("(screen: (height_mm: 2))", "c.ron").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("screen.height_mm is 2"), "{err}");
        let err = parse(r#"(sources: [File(path: "f.json", name: "storage-self-test")])"#, "c.ron")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("kept for the storage self-test"), "{err}");
        // An old config's min_text_px still reads: now a floor.
        let config = parse("(min_text_px: 20)", "c.ron").map_err(|e| e.to_string());
        assert_eq!(config.map(|c| c.min_text_px), Ok(Some(20.0)));
    }
}
