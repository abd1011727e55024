//! Which card is which: the note it shows, and the scene's view of that
//! note. A scene may show a note twice (the Fame spotlight's enlarged copy
//! beside the same compliment in the grid), and each is a card of its own.

use std::fmt;

/// How a scene shows a note on a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// The note itself, in a scene's grid.
    Note,
    /// The Wall of Fame's enlarged compliment.
    Spotlight,
    /// The Wall of Fame's "You said, we did" strip.
    WeDid,
}

impl View {
    /// What the card's text key starts with. The text seeds the card's tilt,
    /// so a view's copy leans its own way.
    fn prefix(self) -> &'static str {
        match self {
            View::Note => "",
            View::Spotlight => "spotlight//",
            View::WeDid => "wedid//",
        }
    }
}

/// A card's key: one per card on the wall, the same across frames, so a
/// card that stays is the same entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CardKey {
    view: View,
    /// The view's prefix and the note's id ("spotlight//c-201").
    text: String,
}

impl CardKey {
    pub fn new(view: View, note: &str) -> CardKey {
        CardKey { view, text: format!("{}{note}", view.prefix()) }
    }

    /// The card of a note itself.
    pub fn note(note: &str) -> CardKey {
        CardKey::new(View::Note, note)
    }

    pub fn view(&self) -> View {
        self.view
    }

    /// The id of the note the card shows, whatever the view (a note id
    /// that itself holds "//", a URL or a path, stays whole).
    pub fn note_id(&self) -> &str {
        &self.text[self.view.prefix().len()..]
    }

    /// The key as text: what seeds the card's tilt in the layout.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for CardKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_of_a_note_knows_its_note() {
        let spot = CardKey::new(View::Spotlight, "c-201");
        assert_eq!(spot.note_id(), "c-201");
        assert_eq!(spot.as_str(), "spotlight//c-201");
        assert_ne!(spot, CardKey::note("c-201"), "the spotlight's copy is a card of its own");
        assert_eq!(CardKey::note("c-201").as_str(), "c-201");
    }

    /// A note id holding "//" (a URL, a path) stays whole, in every view:
    /// the view is a type, not parsed back out of the text.
    #[test]
    fn a_note_id_with_slashes_stays_whole() {
        let url = "https://crm.example.nl//42";
        assert_eq!(CardKey::note(url).note_id(), url);
        assert_eq!(CardKey::new(View::Spotlight, url).note_id(), url);
        assert_eq!(CardKey::new(View::WeDid, "1/42").note_id(), "1/42");
        assert_eq!(CardKey::note("spotlight//x").note_id(), "spotlight//x", "a note may even look like a view");
    }
}
