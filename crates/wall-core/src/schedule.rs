//! Scenes on a schedule: a scene of the rotation can be shown only on some
//! days (`days: [mon, fri]`) and between some hours (`hours: "08:00-12:00"`,
//! which may run past midnight), in the wall's time zone, so daylight
//! saving moves nothing: the wall reads its local clock. An hour with no
//! scheduled scene shows the Wall of Change; `--check-config` prints the
//! week's plan and warns of such hours.

use chrono::{Datelike, NaiveDateTime, NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Days of the week, as a set (bit 0 is Monday). Empty: every day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Days(u8);

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl Days {
    pub fn is_every_day(&self) -> bool {
        self.0 == 0 || self.0 == 0x7f
    }

    pub fn has(self, day: Weekday) -> bool {
        self.0 == 0 || self.0 & (1 << day.num_days_from_monday()) != 0
    }
}

/// A day as the config names it: `mon` … `sun` (or in full, `monday`).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase", expecting = "a day: mon, tue, wed, thu, fri, sat or sun")]
enum Day {
    #[serde(alias = "monday")]
    Mon,
    #[serde(alias = "tuesday")]
    Tue,
    #[serde(alias = "wednesday")]
    Wed,
    #[serde(alias = "thursday")]
    Thu,
    #[serde(alias = "friday")]
    Fri,
    #[serde(alias = "saturday")]
    Sat,
    #[serde(alias = "sunday")]
    Sun,
}

impl<'de> Deserialize<'de> for Days {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Days, D::Error> {
        let days: Vec<Day> = Vec::deserialize(deserializer)?;
        Ok(Days(days.into_iter().fold(0, |set, day| set | (1 << day as u8))))
    }
}

impl Serialize for Days {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let names: Vec<&str> = (0..7).filter(|at| self.0 & (1 << at) != 0).map(|at| DAY_NAMES[at]).collect();
        names.serialize(serializer)
    }
}

/// A daily time window, "08:00-12:00"; one that ends before it starts runs
/// past midnight ("22:00-02:00"). "00:00-24:00" is the whole day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    /// Minutes since midnight: from (included) and to (excluded, up to 1440).
    pub from: u32,
    pub to: u32,
}

impl Hours {
    pub fn parse(text: &str) -> Result<Hours, String> {
        let bad = || format!("hours {text:?} is not a time window; write it as \"08:00-12:00\"");
        let (from, to) = text.split_once('-').ok_or_else(bad)?;
        let minute = |part: &str| -> Result<u32, String> {
            if part.trim() == "24:00" {
                return Ok(24 * 60);
            }
            let time = NaiveTime::parse_from_str(part.trim(), "%H:%M").map_err(|_| bad())?;
            Ok(time.hour() * 60 + time.minute())
        };
        let hours = Hours { from: minute(from)?, to: minute(to)? };
        if hours.from == hours.to || hours.from == 24 * 60 {
            return Err(format!("hours {text:?} is empty; give a start before its end, as \"08:00-12:00\""));
        }
        Ok(hours)
    }

    /// Whether the window holds `minute` (since midnight).
    fn holds(self, minute: u32) -> bool {
        if self.from < self.to {
            minute >= self.from && minute < self.to
        } else {
            minute >= self.from || minute < self.to
        }
    }
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Hours, D::Error> {
        let text = String::deserialize(deserializer)?;
        Hours::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Hours {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let clock = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        format!("{}-{}", clock(self.from), clock(self.to)).serialize(serializer)
    }
}

/// Whether a scene shown on `days` between `hours` shows at local time
/// `at`. A window past midnight belongs to the day it starts on.
pub fn on_at(days: Days, hours: Option<Hours>, at: NaiveDateTime) -> bool {
    let minute = at.hour() * 60 + at.minute();
    match hours {
        None => days.has(at.weekday()),
        Some(hours) if hours.from < hours.to || minute >= hours.from => days.has(at.weekday()) && hours.holds(minute),
        // The small hours of a window that began the day before.
        Some(hours) => hours.holds(minute) && days.has(at.weekday().pred()),
    }
}

/// The week's plan of `slots` (each scene's name, days and hours), a line
/// per day with the scenes of each stretch of the day, and a warning for
/// every stretch with no scene (the Wall of Change shows then).
pub fn week_plan(slots: &[(String, Days, Option<Hours>)]) -> (Vec<String>, Vec<String>) {
    let mut bounds: Vec<u32> = vec![0, 24 * 60];
    for hours in slots.iter().filter_map(|slot| slot.2) {
        bounds.extend([hours.from, hours.to.min(24 * 60)]);
    }
    bounds.sort_unstable();
    bounds.dedup();
    let (mut lines, mut warnings) = (Vec::new(), Vec::new());
    // A Monday: 2026-11-23.
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    for (offset, day) in DAY_NAMES.iter().enumerate() {
        let date = monday + chrono::Days::new(offset as u64);
        let mut stretches: Vec<(u32, u32, String)> = Vec::new();
        for pair in bounds.windows(2) {
            let at = date.and_time(NaiveTime::MIN) + chrono::Duration::minutes(i64::from(pair[0]));
            let scenes: Vec<&str> =
                slots.iter().filter(|slot| on_at(slot.1, slot.2, at)).map(|slot| slot.0.as_str()).collect();
            let scenes = scenes.join(", ");
            match stretches.last_mut() {
                Some(last) if last.2 == scenes => last.1 = pair[1],
                _ => stretches.push((pair[0], pair[1], scenes)),
            }
        }
        let clock = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        let parts: Vec<String> = stretches
            .iter()
            .map(|(from, to, scenes)| {
                let scenes = if scenes.is_empty() { "— (the Wall of Change)" } else { scenes };
                format!("{}-{} {scenes}", clock(*from), clock(*to))
            })
            .collect();
        for (from, to, _) in stretches.iter().filter(|stretch| stretch.2.is_empty()) {
            warnings.push(format!(
                "on {day} {}-{} no scene is scheduled; the Wall of Change shows then",
                clock(*from),
                clock(*to)
            ));
        }
        lines.push(format!("{day}  {}", parts.join(" · ")));
    }
    (lines, warnings)
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::clock::Zone;

    /// A scene's name, days and hours.
    struct Slot(String, Days, Option<Hours>);

    impl Slot {
        fn on_at(&self, at: NaiveDateTime) -> bool {
            on_at(self.1, self.2, at)
        }
    }

    fn slot(scene: &str, days: &str, hours: Option<&str>) -> Slot {
        let days: Days = ron::from_str(days).unwrap_or_else(|err| panic!("{err}"));
        let hours = hours.map(|h| Hours::parse(h).unwrap_or_else(|err| panic!("{err}")));
        Slot(scene.to_string(), days, hours)
    }

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|date| date.and_hms_opt(h, min, 0)).unwrap_or_default()
    }

    #[test]
    fn days_and_hours_say_when_a_scene_shows() {
        let priorities = slot("priorities", "[mon]", Some("08:00-12:00"));
        assert!(priorities.on_at(at(2026, 11, 23, 8, 0)), "Monday 08:00");
        assert!(priorities.on_at(at(2026, 11, 23, 11, 59)));
        assert!(!priorities.on_at(at(2026, 11, 23, 12, 0)), "the window ends at 12:00");
        assert!(!priorities.on_at(at(2026, 11, 24, 9, 0)), "not on Tuesday");
        let trends = slot("trends", "[friday]", None);
        assert!(trends.on_at(at(2026, 11, 27, 23, 59)) && !trends.on_at(at(2026, 11, 28, 0, 0)));
        // Past midnight: the small hours belong to the day it began.
        let late = slot("fame", "[fri]", Some("22:00-02:00"));
        assert!(late.on_at(at(2026, 11, 27, 23, 0)) && late.on_at(at(2026, 11, 28, 1, 0)));
        assert!(!late.on_at(at(2026, 11, 27, 1, 0)), "Friday's small hours belong to Thursday");
        assert!(Hours::parse("8-12").is_err() && Hours::parse("09:00-09:00").is_err());
        assert!(ron::from_str::<Days>("[mon, someday]").is_err());
    }

    /// The schedule reads the wall's local clock, so 08:00 stays 08:00 on
    /// the Sunday summer time ends in Amsterdam (25 October 2026).
    #[test]
    fn the_schedule_follows_the_time_zone_across_summer_time() {
        let zone = Zone::parse("Europe/Amsterdam").unwrap_or_else(|err| panic!("{err}"));
        let morning = slot("priorities", "[sun, mon]", Some("08:00-09:00"));
        let utc = |d, h, m| Utc.with_ymd_and_hms(2026, 10, d, h, m, 0).single().unwrap_or_default();
        assert!(morning.on_at(zone.local(utc(25, 7, 30))), "08:30 in winter time is 07:30 UTC");
        assert!(!morning.on_at(zone.local(utc(25, 6, 30))), "07:30 local");
        assert!(morning.on_at(zone.local(utc(26, 7, 0))));
        assert!(!morning.on_at(zone.local(utc(24, 7, 30))), "a Saturday");
    }

    #[test]
    fn the_week_plan_names_each_stretch_and_warns_of_empty_ones() {
        let slots: Vec<(String, Days, Option<Hours>)> =
            [slot("change", "[mon, tue, wed, thu, fri]", None), slot("priorities", "[mon]", Some("08:00-12:00"))]
                .into_iter()
                .map(|Slot(name, days, hours)| (name, days, hours))
                .collect();
        let (lines, warnings) = week_plan(&slots);
        assert_eq!(lines[0], "mon  00:00-08:00 change · 08:00-12:00 change, priorities · 12:00-24:00 change");
        assert_eq!(lines[1], "tue  00:00-24:00 change");
        assert_eq!(lines[5], "sat  00:00-24:00 — (the Wall of Change)");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with("on sat 00:00-24:00 no scene"));
    }
}
