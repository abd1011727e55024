//! Keeps notes in their places across polls, like post-its on a real wall:
//! a note with the same id stays in its cell, a removed note leaves a gap,
//! and new notes fill the gaps before they go at the end.
//!
//! The wall is laid out afresh only when it must: when the notes no longer
//! fit the grid at the minimum text size, when the number of pages changes,
//! when gaps take over, or when the screen changes.

use std::collections::{HashMap, HashSet};

use super::layout::{Grid, GridLimits, LayoutItem, LayoutParams, Rect, WallLayout, layout_slots};
use super::metrics::Measure;

/// Below this share of filled slots the wall closes its gaps.
/// (A fresh live wall starts with about 80 % of its cells filled.)
const MIN_FILL: f32 = 0.6;

/// The arrangement of the previous layout run, to keep the next one stable.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StableLayout {
    /// Slot → id of the note in it; `None` is a gap.
    slots: Vec<Option<String>>,
    grid: Option<Grid>,
    area: Option<Rect>,
    min_px: f32,
}

impl StableLayout {
    /// Lays out `items` (in the order a fresh wall would show them), keeping
    /// each note that was there before in its slot.
    pub fn layout(&mut self, items: &[LayoutItem<'_>], params: &LayoutParams, measure: &dyn Measure) -> WallLayout {
        let Some(limits) = GridLimits::new(items, params, measure) else {
            *self = StableLayout::default();
            return WallLayout::default();
        };
        // A live wall keeps some empty cells, so the next notes find a
        // place without moving the others, unless that costs a page.
        let room = items.len() / 10 + 3;
        let fresh = if limits.pages(items.len() + room) == limits.pages(items.len()) {
            limits.best(items.len() + room, params)
        } else {
            limits.best(items.len(), params)
        };
        let same_screen = self.area == Some(params.area) && self.min_px == params.min_text_px;
        let kept = self.grid.filter(|grid| same_screen && limits.allow(*grid)).and_then(|grid| {
            let slots = self.reuse(items);
            let filled = items.len() as f32 / slots.len().max(1) as f32;
            let pages = grid.pages_for(slots.len());
            let before = grid.pages_for(self.slots.len());
            (pages == before && pages == fresh.pages_for(items.len()) && filled >= MIN_FILL).then_some((grid, slots))
        });
        let (grid, slots) = kept.unwrap_or_else(|| (fresh, (0..items.len()).map(Some).collect()));
        self.slots = slots.iter().map(|slot| slot.map(|index| items[index].id.to_string())).collect();
        self.grid = Some(grid);
        self.area = Some(params.area);
        self.min_px = params.min_text_px;
        layout_slots(items, &slots, grid, params, measure)
    }

    /// The previous slots with today's items: kept notes where they were,
    /// new notes in the gaps first, then at the end.
    fn reuse(&self, items: &[LayoutItem<'_>]) -> Vec<Option<usize>> {
        let index_of: HashMap<&str, usize> = items.iter().enumerate().map(|(i, item)| (item.id, i)).collect();
        let mut slots: Vec<Option<usize>> =
            self.slots.iter().map(|id| id.as_deref().and_then(|id| index_of.get(id).copied())).collect();
        let placed: HashSet<usize> = slots.iter().flatten().copied().collect();
        let mut newcomers = (0..items.len()).filter(|i| !placed.contains(i));
        for slot in slots.iter_mut().filter(|slot| slot.is_none()) {
            match newcomers.next() {
                Some(index) => *slot = Some(index),
                None => break,
            }
        }
        slots.extend(newcomers.map(Some));
        while slots.last() == Some(&None) {
            slots.pop();
        }
        slots
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Placement, layout};
    use crate::metrics::Estimate;

    fn items(ids: &[String]) -> Vec<LayoutItem<'_>> {
        ids.iter()
            .map(|id| LayoutItem {
                id,
                label: "Complaint",
                body: "De wachttijd aan de telefoon was veel te lang vandaag.",
                footer: "Customer Service · 3 days ago",
                votes: 0,
                stamp: None,
            })
            .collect()
    }

    fn ids(range: std::ops::Range<usize>) -> Vec<String> {
        range.map(|i| format!("n{i}")).collect()
    }

    fn full_hd() -> LayoutParams {
        LayoutParams::new(Rect::new(16.0, 64.0, 1888.0, 990.0), 20.0)
    }

    fn positions<'a>(layout: &WallLayout, ids: &'a [String]) -> HashMap<&'a str, (usize, (f32, f32))> {
        layout
            .pages
            .iter()
            .enumerate()
            .flat_map(|(page, p)| p.placements.iter().map(move |pl: &Placement| (page, pl)))
            .map(|(page, pl)| (ids[pl.index].as_str(), (page, pl.center)))
            .collect()
    }

    #[test]
    fn remaining_notes_keep_their_place_when_five_come_and_two_go() {
        let mut stable = StableLayout::default();
        let before_ids = ids(0..20);
        let before = stable.layout(&items(&before_ids), &full_hd(), &Estimate);
        // Five new notes (newest first, as the wall sorts them), two gone.
        let mut after_ids = ids(100..105);
        after_ids.extend(before_ids.iter().filter(|id| *id != "n3" && *id != "n11").cloned());
        let after = stable.layout(&items(&after_ids), &full_hd(), &Estimate);

        let was = positions(&before, &before_ids);
        let now = positions(&after, &after_ids);
        for id in before_ids.iter().filter(|id| *id != "n3" && *id != "n11") {
            assert_eq!(was[id.as_str()], now[id.as_str()], "{id} moved");
        }
        assert_eq!(now.len(), 23, "every note is on the wall");
        // Two newcomers took the gaps (each note has its own small jitter).
        let near = |a: (usize, (f32, f32)), b: (usize, (f32, f32))| {
            a.0 == b.0 && (a.1.0 - b.1.0).abs() <= 20.0 && (a.1.1 - b.1.1).abs() <= 20.0
        };
        assert!(near(now["n100"], was["n3"]));
        assert!(near(now["n101"], was["n11"]));
        // A fresh layout of the same notes would have moved them.
        let fresh = positions(&layout(&items(&after_ids), &full_hd(), &Estimate), &after_ids);
        assert_ne!(fresh["n0"], was["n0"]);
    }

    #[test]
    fn removed_notes_leave_gaps_until_the_wall_is_mostly_empty() {
        let mut stable = StableLayout::default();
        let all = ids(0..20);
        let before = positions(&stable.layout(&items(&all), &full_hd(), &Estimate), &all);
        let fewer: Vec<String> = all.iter().filter(|id| *id != "n0").cloned().collect();
        let after = positions(&stable.layout(&items(&fewer), &full_hd(), &Estimate), &fewer);
        assert_eq!(after["n1"], before["n1"], "a gap stays where n0 was");

        let few = ids(15..20);
        let compact = stable.layout(&items(&few), &full_hd(), &Estimate);
        let fresh = StableLayout::default().layout(&items(&few), &full_hd(), &Estimate);
        assert_eq!(compact, fresh, "a mostly empty wall closes its gaps");
    }

    #[test]
    fn a_new_page_or_a_new_screen_lays_out_afresh() {
        let mut stable = StableLayout::default();
        let some = ids(0..20);
        stable.layout(&items(&some), &full_hd(), &Estimate);
        let many = ids(0..120);
        let paged = stable.layout(&items(&many), &full_hd(), &Estimate);
        let fresh = |params: &LayoutParams| StableLayout::default().layout(&items(&many), params, &Estimate);
        assert_eq!(paged, fresh(&full_hd()));
        assert!(paged.pages.len() > 1);

        let small = LayoutParams::new(Rect::new(0.0, 80.0, 1280.0, 640.0), 20.0);
        assert_eq!(stable.layout(&items(&many), &small, &Estimate), fresh(&small));
        assert_eq!(stable.layout(&[], &small, &Estimate), WallLayout::default());
    }
}
