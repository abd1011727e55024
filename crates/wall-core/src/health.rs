//! How fresh the wall's data is: online, stale or offline, and the header
//! badge that says so honestly.

use chrono::{DateTime, Timelike, Utc};

use super::clock::Zone;
use super::i18n::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    /// The last poll worked.
    Online,
    /// No failure, but the data is older than [`STALE_AFTER_POLLS`] poll
    /// intervals (the source is slow to answer, or not polled yet).
    Stale,
    /// The last poll failed; the wall shows the last good data.
    Offline,
}

/// Data older than this many poll intervals counts as stale.
pub const STALE_AFTER_POLLS: i64 = 3;

/// What the wall knows about one source's freshness.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Freshness {
    /// When the source last answered well (or when the cached data was
    /// fetched, after a start from the offline cache).
    pub last_success: Option<DateTime<Utc>>,
    /// Since when the source has been failing, if it is.
    pub failing_since: Option<DateTime<Utc>>,
    pub poll_seconds: u32,
}

impl Freshness {
    pub fn health(&self, now: DateTime<Utc>) -> Health {
        if self.failing_since.is_some() {
            return Health::Offline;
        }
        match self.last_success {
            Some(at) if (now - at).num_seconds() <= STALE_AFTER_POLLS * i64::from(self.poll_seconds.max(1)) => {
                Health::Online
            }
            _ => Health::Stale,
        }
    }
}

/// The header badge for all sources together: the worst health wins, and
/// the oldest data is the one reported; times are in the wall's `zone`,
/// like the header clock. `None` before any source answered.
pub fn badge(sources: &[Freshness], language: Language, zone: Zone, now: DateTime<Utc>) -> Option<(Health, String)> {
    let worst = sources.iter().map(|s| s.health(now)).max()?;
    if worst == Health::Offline {
        let since = sources.iter().filter_map(|s| s.failing_since).min()?;
        let local = zone.local(since);
        let time = format!("{:02}:{:02}", local.hour(), local.minute());
        let has_data = sources.iter().any(|s| s.last_success.is_some());
        return Some((worst, language.offline_since(&time, has_data)));
    }
    let oldest = sources.iter().filter_map(|s| s.last_success).min()?;
    let age = language.age(oldest, now);
    Some((worst, language.updated(&age)))
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

    #[test]
    fn health_follows_the_last_poll_and_the_age_of_the_data() {
        let fresh =
            Freshness { last_success: Some(now() - Duration::seconds(50)), failing_since: None, poll_seconds: 60 };
        assert_eq!(fresh.health(now()), Health::Online);
        let old = Freshness { last_success: Some(now() - Duration::minutes(10)), ..fresh };
        assert_eq!(old.health(now()), Health::Stale);
        let failing = Freshness { failing_since: Some(now() - Duration::minutes(1)), ..fresh };
        assert_eq!(failing.health(now()), Health::Offline);
    }

    #[test]
    fn the_badge_says_how_old_the_data_is_in_both_languages() {
        let fresh =
            Freshness { last_success: Some(now() - Duration::minutes(2)), failing_since: None, poll_seconds: 60 };
        assert_eq!(
            badge(&[fresh], Language::En, Zone::System, now()),
            Some((Health::Online, "updated 2 min ago".into()))
        );
        assert_eq!(
            badge(&[fresh], Language::Nl, Zone::System, now()).map(|b| b.1),
            Some("bijgewerkt 2 min geleden".into())
        );
        let failing = Freshness { failing_since: Some(now() - Duration::minutes(5)), ..fresh };
        let (health, text) =
            badge(&[fresh, failing], Language::En, Zone::System, now()).unwrap_or((Health::Online, String::new()));
        assert_eq!(health, Health::Offline);
        assert!(text.starts_with("offline since ") && text.ends_with("— showing the last data"), "{text}");
        assert_eq!(badge(&[], Language::En, Zone::System, now()), None);
        // 11:55 UTC is 12:55 in Amsterdam: the badge shows the header's time.
        let amsterdam = Zone::parse("Europe/Amsterdam").unwrap_or_default();
        let text = badge(&[failing], Language::En, amsterdam, now()).map(|b| b.1).unwrap_or_default();
        assert!(text.starts_with("offline since 12:55"), "{text}");
    }
}
