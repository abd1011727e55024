//! Where each note goes: a grid of cells sized for the wall, text sizes that
//! never drop below the configured minimum, and pages when the wall is full.
//!
//! Everything here is deterministic: the same notes on the same screen give
//! the same placements, and a note's tilt depends only on its id.
//!
//! The grid and its pages are worked out in `paging`; how large one note
//! is and what its text looks like, in `card`; the types and measures they
//! share with the drawing side are in `types`. This file only names what
//! the rest of the crate uses.

mod card;
mod paging;
mod types;

pub use card::type_step;
pub use paging::{Grid, GridLimits, layout, layout_slots};
pub use types::{
    ICON_EM, LINE_HEIGHT, LayoutItem, LayoutParams, Page, Placement, Rect, STAMP_ROW_EM, WHOLE_NOTE_CHARS, WallLayout,
};

/// Notes and screens that the tests of `paging` and `card` share.
#[cfg(test)]
mod samples {
    use super::{LayoutItem, LayoutParams, Rect};

    pub(super) fn items(texts: &[String]) -> Vec<LayoutItem<'_>> {
        texts
            .iter()
            .map(|text| LayoutItem {
                id: text.as_str(),
                label: "Recommendation",
                body: text.as_str(),
                footer: "Customer Service · 3 days ago",
                votes: (text.len() % 13) as u32,
                stamp: (text.len() % 3 == 0).then_some("Planned"),
            })
            .collect()
    }

    pub(super) fn sample_texts(n: usize) -> Vec<String> {
        let words = [
            "De",
            "wachttijd",
            "bij",
            "de",
            "klantenservice",
            "was",
            "veel",
            "te",
            "lang,",
            "ik",
            "heb",
            "drie",
            "kwartier",
            "gewacht",
            "voordat",
            "iemand",
            "opnam.",
        ];
        (0..n)
            .map(|i| {
                let len = 3 + (i * 7) % 40;
                let text: Vec<&str> = (0..len).map(|w| words[(i + w) % words.len()]).collect();
                format!("{i}: {}", text.join(" "))
            })
            .collect()
    }

    pub(super) fn full_hd() -> LayoutParams {
        LayoutParams::new(Rect::new(16.0, 64.0, 1888.0, 990.0), 20.0)
    }
}
