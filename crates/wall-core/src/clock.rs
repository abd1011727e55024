//! The wall's idea of local time: the configured time zone (or the
//! system's), the ISO week in that zone, and the night schedule.
//!
//! Everything takes the current time as an argument, so tests inject it.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc, Weekday};

/// The time zone the wall's clock, weeks and night schedule use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// The operating system's zone (`/etc/localtime`, `TZ`).
    #[default]
    System,
    Named(chrono_tz::Tz),
}

impl Zone {
    /// Parses an IANA name such as "Europe/Amsterdam"; empty means the
    /// system's zone.
    pub fn parse(name: &str) -> Result<Zone, String> {
        let name = name.trim();
        if name.is_empty() {
            return Ok(Zone::System);
        }
        name.parse::<chrono_tz::Tz>().map(Zone::Named).map_err(|_| {
            format!("time_zone {name:?} is not a known time zone; use an IANA name such as \"Europe/Amsterdam\", or \"\" for the system's zone")
        })
    }

    /// The wall-clock time in this zone at `now`.
    pub fn local(&self, now: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::System => now.with_timezone(&chrono::Local).naive_local(),
            Zone::Named(tz) => now.with_timezone(tz).naive_local(),
        }
    }

    /// The moment a wall-clock time in this zone stands for (the earlier
    /// one in the autumn's repeated hour); `None` in the spring's gap.
    pub fn to_utc(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self {
            Zone::System => chrono::Local.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc)),
            Zone::Named(tz) => tz.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc)),
        }
    }

    /// The offset from UTC at `now`, in seconds (for "since 10:42" times).
    pub fn offset_seconds(&self, now: DateTime<Utc>) -> i32 {
        match self {
            Zone::System => chrono::Local.offset_from_utc_datetime(&now.naive_utc()).fix().local_minus_utc(),
            Zone::Named(tz) => tz.offset_from_utc_datetime(&now.naive_utc()).fix().local_minus_utc(),
        }
    }

    /// The ISO week at `now` in this zone: the ISO year and week number.
    pub fn iso_week(&self, now: DateTime<Utc>) -> Week {
        let week = self.local(now).iso_week();
        Week { year: week.year(), week: week.week() }
    }
}

/// An ISO 8601 week: weeks start on Monday, and week 1 holds the year's
/// first Thursday, so 31 December can be week 1 and 1 January week 53.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Week {
    pub year: i32,
    pub week: u32,
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

/// When the screen goes dark: every day from `from` to `to` (past
/// midnight when `to` is earlier), and all weekend when `weekends` is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NightSchedule {
    pub from: NaiveTime,
    pub to: NaiveTime,
    pub weekends: bool,
}

impl NightSchedule {
    /// Reads "20:00" and "07:00".
    pub fn parse(from: &str, to: &str, weekends: bool) -> Result<NightSchedule, String> {
        let time = |text: &str, field: &str| {
            NaiveTime::parse_from_str(text.trim(), "%H:%M")
                .map_err(|_| format!("night {field} {text:?} is not a time; write it as \"20:00\""))
        };
        Ok(NightSchedule { from: time(from, "from")?, to: time(to, "to")?, weekends })
    }

    /// Whether the wall sleeps at local time `at`.
    pub fn is_night(&self, at: NaiveDateTime) -> bool {
        if self.weekends && matches!(at.weekday(), Weekday::Sat | Weekday::Sun) {
            return true;
        }
        let time = at.time();
        if self.from == self.to {
            false
        } else if self.from < self.to {
            time >= self.from && time < self.to
        } else {
            time >= self.from || time < self.to
        }
    }
}

/// How long a still wall may sleep before its next frame: until the
/// clock's next minute (`to_minute` seconds) or the next change on screen
/// (`next_change`: a countdown step, a page turn), whichever comes first.
/// When the two fall within `merge` seconds of each other it sleeps until
/// the later one, so one frame shows both: where the processor draws, a
/// frame costs tens of milliseconds, and the clock may well be a few
/// seconds late.
pub fn next_frame_in(to_minute: f32, next_change: f32, merge: f32) -> f32 {
    if next_change.is_finite() && (next_change - to_minute).abs() <= merge {
        to_minute.max(next_change)
    } else {
        to_minute.min(next_change)
    }
}

/// A watchdog ping goes with any frame from a quarter of the interval after
/// the last (not with each of 15 frames a second); the loop wakes for one
/// only at half the interval, so on a still wall the clock's minute carries
/// it when the interval is two minutes or more.
pub fn ping_due(since_last: Option<f64>, interval: f64) -> bool {
    since_last.is_none_or(|since| since >= interval / 4.0)
}

/// When the loop must wake for the next ping, asked before this frame's
/// ping is sent: from this frame when it sends one ([`ping_due`]), else
/// from the last. (Counted from the last ping alone, the clock's minute
/// asked for a frame at once, ~20 ms after its own.)
pub fn ping_wake_in(since_last: Option<f64>, interval: f64) -> f64 {
    let half = interval / 2.0;
    match since_last {
        Some(since) if !ping_due(Some(since), interval) => (half - since).max(0.0),
        _ => half,
    }
}

/// The status file is rewritten about once a minute, on the frame of the
/// clock's minute, which the screen draws anyway: due on the first frame
/// of a new minute of the clock (`new_minute`) from half a minute after the
/// last write on its schedule, and on any frame a minute after it (less
/// 5 s, for a minute frame a little early). So the first write, whenever
/// the wall became ready, is followed by the next clock minute's, and the
/// writes stay 55–65 s apart.
pub fn status_due(since_last: Option<f64>, new_minute: bool) -> bool {
    since_last.is_none_or(|since| since >= 55.0 || (new_minute && since >= 30.0))
}

/// How long a still wall sleeps: [`next_frame_in`], but never past
/// `exact`, a change that must come on time (confetti that covers words).
pub fn frame_wait(to_minute: f32, next_change: f32, exact: f32, merge: f32) -> f32 {
    next_frame_in(to_minute, next_change, merge).min(exact)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    /// A still wall drew one frame a minute for the clock, one for the
    /// status file and four for a 30 s watchdog. The status now rides on
    /// the clock's minute, and a ping on any frame from a quarter of the
    /// interval; the wake-up for the next ping counts from this frame's.
    #[test]
    fn the_reports_ride_on_frames_drawn_anyway() {
        assert!(status_due(None, false), "the first at once");
        assert!(status_due(Some(50.0), true), "ready at 10 s past: the clock's next minute, 50 s on");
        assert!(status_due(Some(59.98), false), "the clock's minute, 20 ms early");
        assert!(!status_due(Some(20.0), true), "not twice in half a minute");
        assert!(!status_due(Some(40.0), false), "not between minutes");
        assert_eq!(ping_wake_in(Some(59.98), 120.0), 60.0, "this frame pings: the next in a minute, not at once");
        assert_eq!(ping_wake_in(Some(10.0), 120.0), 50.0);
        assert_eq!(ping_wake_in(None, 120.0), 60.0);
        assert!(ping_due(None, 120.0));
        assert!(ping_due(Some(59.98), 120.0), "the clock's minute carries a 2-minute watchdog's ping");
        assert!(ping_due(Some(30.0), 120.0));
        assert!(!ping_due(Some(0.07), 120.0), "not with every frame of a motion");
    }

    /// Confetti that pops for 0.7 s, 4 s before the minute, stood for
    /// 4.7 s: the merge waited for the later of the two.
    #[test]
    fn a_change_that_must_be_on_time_is_not_merged() {
        assert_eq!(frame_wait(4.0, 0.7, 0.7, 5.0), 0.7);
        assert_eq!(frame_wait(10.0, 12.0, f32::MAX, 5.0), 12.0, "the rest still merges");
    }

    /// A still wall drew the clock's minute and a countdown step two
    /// seconds later as two frames; near each other they are one.
    #[test]
    fn the_clock_waits_for_a_change_close_by() {
        // Far apart: the first of them.
        assert_eq!(next_frame_in(40.0, 10.0, 5.0), 10.0);
        assert_eq!(next_frame_in(10.0, 40.0, 5.0), 10.0);
        // Close: the later, so one frame shows both.
        assert_eq!(next_frame_in(10.0, 12.0, 5.0), 12.0);
        assert_eq!(next_frame_in(12.0, 10.0, 5.0), 12.0);
        // Nothing else due: the minute.
        assert_eq!(next_frame_in(30.0, f32::MAX, 5.0), 30.0);
        assert_eq!(next_frame_in(30.0, f32::INFINITY, 5.0), 30.0);
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, s).single().unwrap_or_default()
    }

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|date| date.and_hms_opt(h, min, 0)).unwrap_or_default()
    }

    fn amsterdam() -> Zone {
        Zone::parse("Europe/Amsterdam").unwrap_or_else(|err| panic!("{err}"))
    }

    #[test]
    fn iso_weeks_at_the_turn_of_the_year() {
        let zone = amsterdam();
        // Monday 29 December 2025 starts week 1 of 2026.
        assert_eq!(zone.iso_week(utc(2025, 12, 28, 12, 0, 0)), Week { year: 2025, week: 52 });
        assert_eq!(zone.iso_week(utc(2025, 12, 29, 12, 0, 0)), Week { year: 2026, week: 1 });
        assert_eq!(zone.iso_week(utc(2025, 12, 31, 12, 0, 0)), Week { year: 2026, week: 1 });
        // 2026 has 53 weeks: 1 January 2027 is a Friday in week 53 of 2026.
        assert_eq!(zone.iso_week(utc(2026, 12, 31, 12, 0, 0)), Week { year: 2026, week: 53 });
        assert_eq!(zone.iso_week(utc(2027, 1, 1, 12, 0, 0)), Week { year: 2026, week: 53 });
        assert_eq!(zone.iso_week(utc(2027, 1, 3, 12, 0, 0)), Week { year: 2026, week: 53 });
        assert_eq!(zone.iso_week(utc(2027, 1, 4, 12, 0, 0)), Week { year: 2027, week: 1 });
        assert_eq!(Week { year: 2026, week: 1 }.to_string(), "2026-W01");
    }

    #[test]
    fn the_week_turns_at_local_midnight_not_utc() {
        let zone = amsterdam();
        // Sunday 22 November 2026, 23:59:59 in Amsterdam (UTC+1) is 22:59:59 UTC.
        assert_eq!(zone.iso_week(utc(2026, 11, 22, 22, 59, 59)).week, 47);
        // One second later it is Monday in Amsterdam but still Sunday in UTC.
        assert_eq!(zone.iso_week(utc(2026, 11, 22, 23, 0, 0)).week, 48);
        assert_eq!(Zone::Named(chrono_tz::UTC).iso_week(utc(2026, 11, 22, 23, 0, 0)).week, 47);
    }

    #[test]
    fn weeks_and_clocks_across_daylight_saving_changes() {
        let zone = amsterdam();
        // Summer time starts Sunday 29 March 2026 at 01:00 UTC: 02:00 → 03:00.
        assert_eq!(zone.local(utc(2026, 3, 29, 0, 59, 0)), local(2026, 3, 29, 1, 59));
        assert_eq!(zone.local(utc(2026, 3, 29, 1, 0, 0)), local(2026, 3, 29, 3, 0));
        // The Sunday of the change still ends at local midnight (UTC+2 now).
        assert_eq!(zone.iso_week(utc(2026, 3, 29, 21, 59, 59)).week, 13);
        assert_eq!(zone.iso_week(utc(2026, 3, 29, 22, 0, 0)).week, 14);
        // Winter time returns Sunday 25 October 2026 at 01:00 UTC: 03:00 → 02:00.
        assert_eq!(zone.local(utc(2026, 10, 25, 0, 59, 0)), local(2026, 10, 25, 2, 59));
        assert_eq!(zone.local(utc(2026, 10, 25, 1, 0, 0)), local(2026, 10, 25, 2, 0));
        assert_eq!(zone.iso_week(utc(2026, 10, 25, 22, 59, 59)).week, 43);
        assert_eq!(zone.iso_week(utc(2026, 10, 25, 23, 0, 0)).week, 44);
        assert_eq!(zone.offset_seconds(utc(2026, 7, 1, 12, 0, 0)), 7200);
        assert_eq!(zone.offset_seconds(utc(2026, 12, 1, 12, 0, 0)), 3600);
    }

    #[test]
    fn unknown_zones_are_explained() {
        let err = Zone::parse("Europe/Amsterdm").expect_err("misspelt");
        assert!(err.contains("Europe/Amsterdam"), "{err}");
        assert_eq!(Zone::parse(""), Ok(Zone::System));
    }

    #[test]
    fn nights_span_midnight_and_weekends() -> Result<(), String> {
        let night = NightSchedule::parse("20:00", "07:00", true)?;
        // Monday 23 November 2026.
        assert!(!night.is_night(local(2026, 11, 23, 19, 59)));
        assert!(night.is_night(local(2026, 11, 23, 20, 0)));
        assert!(night.is_night(local(2026, 11, 24, 6, 59)));
        assert!(!night.is_night(local(2026, 11, 24, 7, 0)));
        // Saturday and Sunday all day.
        assert!(night.is_night(local(2026, 11, 28, 12, 0)));
        assert!(night.is_night(local(2026, 11, 29, 12, 0)));
        let weekdays_only = NightSchedule::parse("20:00", "07:00", false)?;
        assert!(!weekdays_only.is_night(local(2026, 11, 28, 12, 0)));
        // A night inside one day.
        let lunch = NightSchedule::parse("12:00", "13:00", false)?;
        assert!(lunch.is_night(local(2026, 11, 23, 12, 30)));
        assert!(!lunch.is_night(local(2026, 11, 23, 13, 0)));
        assert!(NightSchedule::parse("8pm", "07:00", false).is_err());
        Ok(())
    }
}
