//! Trends for the stand-up: notes per ISO week by kind, how many reached
//! Done or Declined, and how long that took. The wall keeps its own weekly
//! counts (feeds drop old notes): a note is counted in the week it was
//! noted when the wall first sees it, and in the week it closed when its
//! status turns Done or Declined. Bounded: [`KEEP_WEEKS`] weeks.

mod chart;
mod counts;

pub use chart::{Bar, Chart, Segment, chart, sentence};
pub use counts::{KEEP_WEEKS, KINDS, SHOWN_WEEKS, Seen, Tally, TopicTrend, Trends, WeekCounts, week_key};
