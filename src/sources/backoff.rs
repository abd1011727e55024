//! When to try a failing source again: exponential backoff with jitter,
//! capped, and a server's Retry-After honoured.

use std::time::Duration;

/// Retry timing for one source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Backoff {
    /// The normal poll interval, used while all is well.
    pub interval: Duration,
    /// The first retry after a failure.
    pub base: Duration,
    /// Retries never wait longer than this: the poll interval, so a server
    /// that comes back is picked up within one interval.
    pub cap: Duration,
    failures: u32,
}

impl Backoff {
    pub(crate) fn new(interval: Duration) -> Backoff {
        Backoff { interval, base: Duration::from_secs(2).min(interval), cap: interval, failures: 0 }
    }

    #[cfg(test)]
    pub(crate) fn failures(&self) -> u32 {
        self.failures
    }

    /// All went well: back to the normal interval.
    pub(crate) fn succeeded(&mut self) -> Duration {
        self.failures = 0;
        self.interval
    }

    /// A failure. `jitter` is a number in [0, 1) from the caller's random
    /// source; `retry_after` is the server's wish, if it said one. The wait
    /// is `base · 2^(failures-1)`, capped, then spread over its upper half
    /// so that many walls do not retry in step.
    pub(crate) fn failed(&mut self, jitter: f64, retry_after: Option<Duration>) -> Duration {
        self.failures = self.failures.saturating_add(1);
        let exponent = self.failures.saturating_sub(1).min(20);
        let raw = self.base.saturating_mul(1 << exponent).min(self.cap);
        let spread = raw.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0));
        match retry_after {
            // Never sooner than the server asks, never longer than an hour.
            Some(wish) => wish.max(spread).min(LONGEST_WAIT),
            None => spread.max(Duration::from_millis(100)),
        }
    }
}

/// A remote source's name and pace: its backoff, and the wait the last poll
/// decided. Shared by the HTTP sources, so each fails and recovers alike.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pace {
    pub name: String,
    pub backoff: Backoff,
    pub next: Duration,
}

impl Pace {
    pub(crate) fn new(name: String, interval: Duration) -> Pace {
        Pace { name, backoff: Backoff::new(interval), next: Duration::ZERO }
    }

    /// A good answer: back to the normal interval.
    pub(crate) fn succeeded(&mut self) {
        self.next = self.backoff.succeeded();
    }

    /// A server that said it is near its rate limit (`RateLimit-*`): the
    /// next poll waits at least `hold`.
    pub(crate) fn hold(&mut self, hold: Option<Duration>) {
        if let Some(hold) = hold {
            self.next = self.next.max(hold.min(LONGEST_WAIT));
        }
    }

    /// A failed poll, named, with when it is tried again.
    pub(crate) fn failed(
        &mut self,
        message: String,
        retry_after: Option<Duration>,
    ) -> Option<crate::core::wall_model::Outcome> {
        self.next = self.backoff.failed(jitter(), retry_after);
        let message = format!("{}: {message}; retrying in {} s", self.name, self.next.as_secs().max(1));
        Some(crate::core::wall_model::Outcome::Failed(message))
    }
}

/// Reads a Retry-After header: delay seconds or an HTTP date.
/// A server's wish is held to [`LONGEST_WAIT`], so no number it sends can
/// overflow a deadline.
pub(crate) fn parse_retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds).min(LONGEST_WAIT));
    }
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds.
        return Some(LONGEST_WAIT);
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    (date.with_timezone(&chrono::Utc) - now).to_std().ok().map(|wait| wait.min(LONGEST_WAIT)).or(Some(Duration::ZERO))
}

/// The wait before the next poll, spread by ±10 % (`jitter` in 0..1), so
/// a fleet of walls that started together (after a power cut) does not
/// poll one source in step for ever.
pub(crate) fn spread(wait: Duration, jitter: f64) -> Duration {
    wait.mul_f64(0.9 + 0.2 * jitter.clamp(0.0, 1.0))
}

/// What a server's rate-limit headers ask (`RateLimit-Limit`,
/// `-Remaining`, `-Reset` in seconds; Microsoft Graph sends them once an
/// app used 80 % of its budget): wait for the reset when nothing, or less
/// than a tenth of the limit, is left; `None` otherwise.
pub(crate) fn rate_limit_hold(limit: Option<&str>, remaining: Option<&str>, reset: Option<&str>) -> Option<Duration> {
    let number = |value: Option<&str>| value.and_then(|v| v.split([',', ';']).next()?.trim().parse::<u64>().ok());
    let (remaining, reset) = (number(remaining)?, number(reset)?);
    let low = match number(limit) {
        Some(limit) => remaining * 10 < limit,
        None => remaining == 0,
    };
    low.then(|| Duration::from_secs(reset).min(LONGEST_WAIT))
}

/// The longest wait a server can ask for: an hour.
pub(crate) const LONGEST_WAIT: Duration = Duration::from_secs(3600);

/// A cheap jitter source: the sub-second nanoseconds of the clock, which is
/// all the randomness spreading retries needs.
pub(crate) fn jitter() -> f64 {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    f64::from(nanos % 1_000_000) / 1_000_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_back_off_exponentially_with_jitter_and_a_cap() {
        let mut backoff = Backoff::new(Duration::from_secs(300));
        let waits: Vec<u64> = (0..10).map(|_| backoff.failed(1.0, None).as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 32, 64, 128, 256, 300, 300], "capped at the poll interval");
        let mut low = Backoff::new(Duration::from_secs(30));
        assert_eq!(low.failed(0.0, None), Duration::from_secs(1), "jitter spreads over the upper half");
        assert_eq!(backoff.succeeded(), Duration::from_secs(300));
        assert_eq!(backoff.failures(), 0);
        assert_eq!(backoff.failed(1.0, None).as_secs(), 2, "success resets the backoff");
    }

    #[test]
    fn retry_after_is_honoured() {
        let mut backoff = Backoff::new(Duration::from_secs(30));
        assert_eq!(backoff.failed(0.5, Some(Duration::from_secs(120))), Duration::from_secs(120));
        assert_eq!(backoff.failed(0.5, Some(Duration::from_secs(86_400))), Duration::from_secs(3600));
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z").map(|t| t.with_timezone(&chrono::Utc));
        let now = now.unwrap_or_default();
        assert_eq!(parse_retry_after("90", now), Some(Duration::from_secs(90)));
        assert_eq!(parse_retry_after("Mon, 23 Nov 2026 10:02:00 GMT", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("Mon, 23 Nov 2026 09:00:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }

    /// No text or number a server sends gives a wait over an hour, or a
    /// panic: random digits, dates and junk.
    #[test]
    fn any_retry_after_is_bounded() {
        let now = chrono::Utc::now();
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut texts = vec![
            u64::MAX.to_string(),
            "184467440737095516159999".to_string(),
            "Fri, 31 Dec 9999 23:59:59 GMT".to_string(),
            "-1".to_string(),
            String::new(),
        ];
        for _ in 0..3000 {
            let n = next();
            texts.push((n >> (n % 64)).to_string());
            let junk: String = (0..n % 40).map(|i| char::from(b' ' + ((n >> (i % 60)) % 95) as u8)).collect();
            texts.push(junk);
        }
        for text in &texts {
            if let Some(wait) = parse_retry_after(text, now) {
                assert!(wait <= LONGEST_WAIT, "{text:?}: {wait:?}");
                let _ = std::time::Instant::now() + wait;
            }
        }
    }

    #[test]
    fn polls_spread_and_rate_limits_hold_them() {
        let minute = Duration::from_secs(60);
        assert_eq!(spread(minute, 0.0), Duration::from_secs(54));
        assert_eq!(spread(minute, 1.0), Duration::from_secs(66));
        assert_eq!(spread(minute, 0.5), minute);
        assert_eq!(rate_limit_hold(Some("1250"), Some("100"), Some("30")), Some(Duration::from_secs(30)));
        assert_eq!(rate_limit_hold(Some("1250"), Some("900"), Some("30")), None, "plenty left");
        assert_eq!(rate_limit_hold(None, Some("0"), Some("45")), Some(Duration::from_secs(45)));
        assert_eq!(rate_limit_hold(None, Some("3"), Some("45")), None);
        assert_eq!(rate_limit_hold(Some("100"), Some("0"), None), None, "no reset: nothing to wait for");
        assert_eq!(rate_limit_hold(None, Some("0"), Some("99999")), Some(LONGEST_WAIT));
        let mut pace = Pace::new("list".into(), minute);
        pace.succeeded();
        pace.hold(Some(Duration::from_secs(300)));
        assert_eq!(pace.next, Duration::from_secs(300));
        pace.hold(Some(Duration::from_secs(5)));
        assert_eq!(pace.next, Duration::from_secs(300), "never shorter");
    }

    #[test]
    fn jitter_is_a_unit_fraction() {
        let j = jitter();
        assert!((0.0..1.0).contains(&j));
    }
}
