//! Where the log goes and how it looks. Under systemd (`JOURNAL_STREAM`
//! set) each line starts with its syslog priority (`<4>` for a warning), so
//! `journalctl -u wall-of-change -p warning` finds warnings and errors, and
//! carries no colour codes or timestamp (the journal keeps its own). On a
//! terminal the log is coloured; piped into a file it is plain text.

use std::io::IsTerminal;

use bevy::log::BoxedFmtLayer;
use bevy::log::tracing::{Event, Level, Subscriber};
use bevy::log::tracing_subscriber::fmt::format::Writer;
use bevy::log::tracing_subscriber::fmt::{self, FmtContext, FormatEvent, FormatFields};
use bevy::log::tracing_subscriber::registry::LookupSpan;
use bevy::prelude::App;

/// The log's formatter for Bevy's `LogPlugin::fmt_layer`.
pub(crate) fn fmt_layer(_app: &mut App) -> Option<BoxedFmtLayer> {
    if std::env::var_os("JOURNAL_STREAM").is_some() {
        return Some(Box::new(fmt::Layer::default().event_format(JournalLine).with_writer(std::io::stderr)));
    }
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    Some(Box::new(fmt::Layer::default().with_ansi(colour).with_writer(std::io::stderr)))
}

/// The syslog priority of a level, as sd-daemon(3) prefixes read it.
pub(crate) fn priority(level: Level) -> u8 {
    match level {
        Level::ERROR => 3,
        Level::WARN => 4,
        Level::INFO => 6,
        Level::DEBUG | Level::TRACE => 7,
    }
}

/// `<4>wall_of_change::sources: feed.json: offline ...`: one line per event.
struct JournalLine;

impl<S, N> FormatEvent<S, N> for JournalLine
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, ctx: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> std::fmt::Result {
        let meta = event.metadata();
        write!(writer, "<{}>{}: ", priority(*meta.level()), meta.target())?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_map_to_the_journal_priorities() {
        let priorities: Vec<u8> =
            [Level::ERROR, Level::WARN, Level::INFO, Level::DEBUG, Level::TRACE].into_iter().map(priority).collect();
        assert_eq!(priorities, [3, 4, 6, 7, 7]);
    }
}
