//! What frames the notes: the header with the title, clock and source
//! badges, and the footer with the page dots.

pub mod header;
