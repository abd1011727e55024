//! The Trends scene laid out (twelve bars on one baseline) and the
//! sentence at its top.

use super::counts::{KINDS, Tally};
use crate::i18n::Language;
use crate::layout::Rect;
use crate::model::NoteKind;

/// One kind's part of a week's bar, in screen pixels (y down).
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub kind: NoteKind,
    pub count: u32,
    pub rect: Rect,
}

/// A week's bar: its segments bottom up, the total above it, and where its
/// labels go.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// "W48".
    pub label: String,
    /// The bar's column: its centre and width.
    pub center_x: f32,
    pub width: f32,
    pub total: u32,
    /// The top of the bar (where the total goes above).
    pub top: f32,
    pub segments: Vec<Segment>,
    pub done: u32,
    pub declined: u32,
    pub median_days: Option<u32>,
}

/// The Trends scene on `area`: a line for the sentence, one for the
/// legend, the bars, and three lines under each bar (week, closed, median).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub sentence_y: f32,
    pub legend_y: f32,
    /// The bars' common foot, and the first line under it.
    pub baseline: f32,
    pub bars: Vec<Bar>,
}

/// Lays the weeks out on `area` with letters of `px`: twelve columns, the
/// bars scaled to the busiest week.
pub fn chart(weeks: &[(String, Tally)], area: Rect, px: f32) -> Chart {
    let sentence_y = area.y + px * 0.4;
    let legend_y = area.y + px * 3.4;
    let plot_top = area.y + px * 6.4;
    let baseline = (area.y + area.h - px * 5.6).max(plot_top + px);
    let busiest = weeks.iter().map(|(_, tally)| tally.total()).max().unwrap_or(0).max(1);
    // Room above the busiest bar for its total.
    let unit = (baseline - plot_top - px * 1.8).max(px) / busiest as f32;
    let slot = area.w / weeks.len().max(1) as f32;
    let bars = weeks
        .iter()
        .enumerate()
        .map(|(i, (week, tally))| {
            let center_x = area.x + slot * (i as f32 + 0.5);
            let width = (slot * 0.62).round();
            let mut y = baseline;
            let segments = KINDS
                .iter()
                .filter(|kind| tally.of(**kind) > 0)
                .map(|kind| {
                    let count = tally.of(*kind);
                    let h = (count as f32 * unit).round().max(1.0);
                    y -= h;
                    Segment { kind: *kind, count, rect: Rect::new((center_x - width / 2.0).round(), y, width, h) }
                })
                .collect();
            Bar {
                label: week.split_once('-').map_or(week.as_str(), |(_, w)| w).to_string(),
                center_x,
                width,
                total: tally.total(),
                top: y,
                segments,
                done: tally.done,
                declined: tally.declined,
                median_days: tally.median_days(),
            }
        })
        .collect();
    Chart { sentence_y, legend_y, baseline, bars }
}

/// The sentence at the top of the scene, as a person would say it:
/// complaints this week, against four weeks ago when the history reaches
/// that far. `weeks` as [`Trends::last_weeks`] gives them.
pub fn sentence(weeks: &[(String, Tally)], language: Language) -> String {
    let count = |back: usize| weeks.len().checked_sub(1 + back).map(|i| weeks[i].1.of(NoteKind::Complaint));
    let now = count(0).unwrap_or(0);
    let earlier_known = weeks.len() > 4 && weeks[..weeks.len() - 4].iter().any(|(_, tally)| !tally.is_empty());
    let then = count(4).filter(|_| earlier_known);
    language.complaints_this_week(now, then)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bars stand on one baseline, stack their kinds bottom up, scale to
    /// the busiest week and never leave the area.
    #[test]
    fn the_chart_scales_to_the_busiest_week_inside_the_area() {
        let tally = |complaints: u32, ideas: u32| {
            let mut tally = Tally::default();
            tally.noted.insert("complaint".into(), complaints);
            tally.noted.insert("idea".into(), ideas);
            tally
        };
        let weeks = vec![("2026-W47".to_string(), tally(2, 2)), ("2026-W48".to_string(), tally(6, 2))];
        let area = Rect::new(20.0, 70.0, 1880.0, 960.0);
        let chart = chart(&weeks, area, 20.0);
        assert_eq!(chart.bars.len(), 2);
        let busy = &chart.bars[1];
        assert_eq!((busy.label.as_str(), busy.total), ("W48", 8));
        assert_eq!(busy.segments[0].kind, NoteKind::Complaint, "complaints at the foot");
        assert_eq!(busy.segments[0].rect.y + busy.segments[0].rect.h, chart.baseline);
        assert!(busy.top >= area.y + 20.0 * 6.4 && chart.baseline < area.y + area.h, "{chart:?}");
        let quiet = &chart.bars[0];
        assert!((quiet.top - chart.baseline).abs() * 2.0 - (busy.top - chart.baseline).abs() < 2.0, "half as tall");
    }

    #[test]
    fn the_sentence_says_what_a_person_would() {
        let weeks = |counts: &[u32]| -> Vec<(String, Tally)> {
            counts
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let mut tally = Tally::default();
                    if *n > 0 {
                        tally.noted.insert("complaint".into(), *n);
                    }
                    (format!("2026-W{:02}", 37 + i), tally)
                })
                .collect()
        };
        let down = weeks(&[0, 0, 0, 0, 0, 0, 0, 12, 9, 8, 6, 7]);
        assert_eq!(sentence(&down, Language::En), "Complaints this week: 7, down from 12 four weeks ago");
        assert_eq!(sentence(&down, Language::Nl), "Klachten deze week: 7, minder dan de 12 van vier weken geleden");
        let up = weeks(&[0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 5]);
        assert_eq!(sentence(&up, Language::En), "Complaints this week: 5, up from 3 four weeks ago");
        let young = weeks(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 4]);
        assert_eq!(sentence(&young, Language::En), "Complaints this week: 4", "no history four weeks back");
        let same = weeks(&[0, 0, 0, 0, 0, 0, 0, 4, 1, 1, 1, 4]);
        assert_eq!(sentence(&same, Language::Nl), "Klachten deze week: 4, evenveel als vier weken geleden");
    }
}
