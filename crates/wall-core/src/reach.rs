//! How the TV hangs, and what that means for the hands and eyes in front
//! of it: the height above the floor of every point of the screen, the
//! band where controls are within reach of a person in a wheelchair and of
//! a short person (centres 800–1,100 mm above the floor, the next EN 301
//! 549 draft; ADA §308 allows 380–1,220 mm), the smallest touch target
//! (44 px, WCAG 2.5.5, and at least 9 mm), and the letter size read from
//! where people stand (a cap height of 1/250 of the distance).

use serde::{Deserialize, Serialize};

/// The band of control centres within reach, in mm above the floor.
pub const REACH_MM: (f32, f32) = (800.0, 1100.0);
/// The smallest touch target in pixels (WCAG 2.5.5) and in millimetres.
pub const TARGET_PX: f32 = 44.0;
pub const TARGET_MM: f32 = 9.0;
/// The cap height of the shipped font (Inter), in ems.
pub const CAP_EM: f32 = 0.727;
/// A note's text has a cap height of 1/250 of the viewing distance, a
/// footer's or label's 1/350.
pub const TEXT_RULE: f32 = 250.0;
pub const LABEL_RULE: f32 = 350.0;
/// No letter smaller than this, however close people stand: below it the
/// glyphs lose their shapes on a TV's pixels.
pub const FLOOR_PX: f32 = 12.0;

/// The wall's two smallest letter sizes on one screen, in pixels: the
/// notes' (and every text read as content: the detail view, the agenda,
/// the PIN pad) and the header's, footer's and labels'.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextPx {
    pub body: f32,
    pub label: f32,
}

/// How the screen hangs: `screen: (bottom_mm: 1000, height_mm: 685,
/// viewing_m: 3)`, the default being a 55" TV with its lower edge at 1 m,
/// read from 3 m.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Mount {
    /// The lower edge of the picture, in mm above the floor.
    pub bottom_mm: f32,
    /// The height of the picture in mm (a 55" 16:9 TV: 685).
    pub height_mm: f32,
    /// Where people stand to read it, in metres.
    pub viewing_m: f32,
}

impl Default for Mount {
    fn default() -> Mount {
        Mount { bottom_mm: 1000.0, height_mm: 685.0, viewing_m: 3.0 }
    }
}

impl Mount {
    /// Millimetres per pixel on a screen `screen_px` pixels high.
    pub fn mm_per_px(&self, screen_px: f32) -> f32 {
        self.height_mm / screen_px.max(1.0)
    }

    /// The height above the floor (mm) of the point `y` pixels from the top
    /// of a screen `screen_px` high.
    pub fn floor_mm(&self, y: f32, screen_px: f32) -> f32 {
        self.bottom_mm + (screen_px - y) * self.mm_per_px(screen_px)
    }

    /// Where to centre a control `height` pixels high on a screen
    /// `screen_px` high, `margin` from its edges: in the reach band when
    /// the screen allows, else as near to it (as low, or as high) as it
    /// allows. Pixels from the top.
    pub fn centre_y(&self, height: f32, margin: f32, screen_px: f32) -> f32 {
        let wanted = (REACH_MM.0 + REACH_MM.1) / 2.0;
        let y = screen_px - (wanted - self.bottom_mm) / self.mm_per_px(screen_px);
        let (top, bottom) = (margin + height / 2.0, screen_px - margin - height / 2.0);
        if top > bottom { screen_px / 2.0 } else { y.clamp(top, bottom) }
    }

    /// The smallest touch target in pixels on a screen `screen_px` high.
    pub fn target_px(&self, screen_px: f32) -> f32 {
        TARGET_PX.max(TARGET_MM / self.mm_per_px(screen_px))
    }

    /// The smallest letter size (px) whose cap height is 1/250 of the
    /// viewing distance on a screen `screen_px` high.
    pub fn min_text_px(&self, screen_px: f32) -> f32 {
        self.rule_px(TEXT_RULE, screen_px)
    }

    /// The letter size (px) whose cap height is 1/`rule` of the viewing
    /// distance.
    fn rule_px(&self, rule: f32, screen_px: f32) -> f32 {
        let cap_mm = self.viewing_m * 1000.0 / rule;
        (cap_mm / self.mm_per_px(screen_px) / CAP_EM).ceil()
    }

    /// The wall's smallest letters on a screen `screen_px` high: read from
    /// `viewing_m` by the 1/250 and 1/350 rules, never below `floor` (the
    /// config's `min_text_px`, when it has one) nor [`FLOOR_PX`], nor above
    /// an eighth of the screen (a mount that asks more gets what fits).
    pub fn text_px(&self, screen_px: f32, floor: Option<f32>) -> TextPx {
        let floor = floor.unwrap_or(0.0).max(FLOOR_PX);
        let most = (screen_px / 8.0).floor().max(FLOOR_PX);
        let fit = |px: f32| px.max(floor).min(most);
        TextPx { body: fit(self.min_text_px(screen_px)), label: fit(self.rule_px(LABEL_RULE, screen_px)) }
    }

    /// The distance (m) from which letters of `px` read on a screen
    /// `screen_px` high by the 1/`rule` rule, and their cap height (mm).
    pub fn reads_from(&self, px: f32, rule: f32, screen_px: f32) -> (f32, f32) {
        let cap_mm = px * CAP_EM * self.mm_per_px(screen_px);
        (cap_mm * rule / 1000.0, cap_mm)
    }

    /// What `--check-config` says of the mount, for a screen `screen_px`
    /// high drawing its smallest text at `text`: where the screen is, how
    /// much of it is within reach, and how far the text reads (lines); a
    /// screen hung out of reach altogether, or text too small for the
    /// distance (warnings).
    pub fn report(&self, screen_px: f32, text: TextPx) -> (Vec<String>, Vec<String>) {
        let top = self.bottom_mm + self.height_mm;
        let (body_m, body_mm) = self.reads_from(text.body, TEXT_RULE, screen_px);
        let (label_m, label_mm) = self.reads_from(text.label, LABEL_RULE, screen_px);
        let mut lines = vec![
            format!("screen:      {:.0}–{:.0} mm above the floor, read from {} m", self.bottom_mm, top, self.viewing_m),
            format!(
                "text:        notes {} px ({body_mm:.1} mm of cap height, readable from {body_m:.1} m), labels {} px ({label_mm:.1} mm, {label_m:.1} m) at {screen_px:.0} px high",
                text.body, text.label
            ),
        ];
        let mut warnings = Vec::new();
        if body_m + 0.05 < self.viewing_m || label_m + 0.05 < self.viewing_m {
            warnings.push(format!(
                "screen: {} m is too far to read this screen's text: notes read from {body_m:.1} m, labels from {label_m:.1} m. Set viewing_m nearer, or use a bigger TV",
                self.viewing_m
            ));
        }
        let reach = format!("{:.0}–{:.0} mm", REACH_MM.0, REACH_MM.1);
        if self.bottom_mm > REACH_MM.1 {
            warnings.push(format!(
                "screen: its lower edge is {:.0} mm above the floor, above the reach of a person in a wheelchair ({reach}); the buttons go to the bottom of the screen, at about {:.0} mm. Hang the TV lower if you can",
                self.bottom_mm,
                self.bottom_mm + 60.0 * self.mm_per_px(screen_px)
            ));
        } else if top < REACH_MM.0 {
            warnings.push(format!(
                "screen: its top is {top:.0} mm above the floor, below {reach}; the buttons go to the top"
            ));
        } else {
            let in_reach = REACH_MM.1.min(top) - REACH_MM.0.max(self.bottom_mm);
            let px = in_reach / self.mm_per_px(screen_px);
            lines.push(format!(
                "reach:       {in_reach:.0} mm of the screen ({px:.0} px) lie {reach} above the floor; the PIN pad and the buttons go as near to it as they fit"
            ));
            if in_reach < 250.0 {
                lines.push(
                    "             the PIN pad's upper keys lie higher; hang the TV lower for more of it within reach"
                        .to_string(),
                );
            }
        }
        (lines, warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_55_inch_tv_at_one_metre() {
        let tv = Mount::default();
        assert!((tv.floor_mm(1080.0, 1080.0) - 1000.0).abs() < 0.01, "the lower edge");
        assert!((tv.floor_mm(0.0, 1080.0) - 1685.0).abs() < 0.01, "the top");
        // The band (950 mm in the middle) lies below the screen: as low as it goes.
        assert_eq!(tv.centre_y(200.0, 20.0, 1080.0), 960.0);
        // Hung low, the control centres in the band.
        let low = Mount { bottom_mm: 700.0, ..tv };
        let y = low.centre_y(200.0, 20.0, 1080.0);
        assert!((low.floor_mm(y, 1080.0) - 950.0).abs() < 0.5, "{y}");
        // Too tall for the screen: the middle.
        assert_eq!(tv.centre_y(2000.0, 20.0, 1080.0), 540.0);
        // 9 mm is 14 px at 1080p, 28 px at 4K: 44 px counts; on a small
        // screen 9 mm is more.
        assert_eq!(tv.target_px(1080.0), 44.0);
        let small = Mount { height_mm: 200.0, ..tv };
        assert!(small.target_px(1080.0) > 48.0);
        // 12 mm of cap height at 3 m: 19 px of cap on a 55" at 1080p.
        assert_eq!(tv.min_text_px(1080.0), 27.0);
    }

    #[test]
    fn the_text_reads_from_where_people_stand_on_every_screen() {
        let tv = Mount::default();
        // A 55" TV read from 3 m: 12 mm of cap for notes, 8.6 mm for labels,
        // whatever its pixels.
        for (screen_px, body, label) in [(720.0, 18.0, 13.0), (1080.0, 27.0, 19.0), (2160.0, 53.0, 38.0)] {
            let text = tv.text_px(screen_px, None);
            assert_eq!(text, TextPx { body, label }, "{screen_px}");
            let (body_m, body_mm) = tv.reads_from(text.body, TEXT_RULE, screen_px);
            assert!(body_m >= 3.0 && body_mm >= 12.0, "{screen_px}: {body_m} m, {body_mm} mm");
            assert!(tv.reads_from(text.label, LABEL_RULE, screen_px).0 >= 3.0, "{screen_px}");
        }
        // Portrait: the same TV turned is 1,218 mm high over 1,920 px.
        let portrait = Mount { height_mm: 1218.0, ..tv };
        assert_eq!(portrait.text_px(1920.0, None), TextPx { body: 27.0, label: 19.0 });
        // Read from 6 m, twice the size; from 1 m, the floors.
        assert_eq!(Mount { viewing_m: 6.0, ..tv }.text_px(1080.0, None).body, 53.0);
        assert_eq!(Mount { viewing_m: 1.0, ..tv }.text_px(1080.0, None), TextPx { body: FLOOR_PX, label: FLOOR_PX });
        // min_text_px raises, never lowers.
        assert_eq!(tv.text_px(1080.0, Some(30.0)), TextPx { body: 30.0, label: 30.0 });
        assert_eq!(tv.text_px(1080.0, Some(20.0)), TextPx { body: 27.0, label: 20.0 });
        // A distance no screen carries: what fits.
        assert_eq!(Mount { viewing_m: 100.0, ..tv }.text_px(1080.0, None).body, 135.0);
    }

    #[test]
    fn the_report_says_what_cannot_be_reached_and_read() {
        let tv = Mount::default();
        let (lines, warnings) = tv.report(1080.0, tv.text_px(1080.0, None));
        assert!(lines[0].contains("1000–1685 mm"), "{lines:?}");
        assert!(lines[1].contains("notes 27 px (12.4 mm of cap height, readable from 3.1 m)"), "{lines:?}");
        assert!(lines[1].contains("labels 19 px (8.8 mm, 3.1 m)"), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("100 mm of the screen (158 px)")), "{lines:?}");
        assert!(warnings.is_empty(), "{warnings:?}");
        let far = Mount { viewing_m: 100.0, ..tv };
        assert!(far.report(1080.0, far.text_px(1080.0, None)).1.iter().any(|w| w.contains("too far to read")));
        let text = tv.text_px(1080.0, None);
        let high = Mount { bottom_mm: 1300.0, ..tv };
        assert!(high.report(1080.0, text).1.iter().any(|w| w.contains("above the reach")));
        let (lines, warnings) = Mount { bottom_mm: 700.0, ..tv }.report(1080.0, text);
        assert!(lines.iter().any(|l| l.contains("300 mm of the screen")), "{lines:?}");
        assert!(warnings.is_empty(), "{warnings:?}");
    }
}
