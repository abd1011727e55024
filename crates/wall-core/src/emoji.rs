//! Finds emoji in a text. The renderer tints every glyph with the text
//! colour, so emoji are drawn as separate white spans to keep their colours.

/// Splits `text` into runs, each marked `true` when it is emoji.
pub fn split(text: &str) -> Vec<(&str, bool)> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut in_emoji = false;
    for (at, c) in text.char_indices() {
        // Joiners and variation selectors belong to the emoji they follow.
        let emoji = is_emoji(c) || (in_emoji && is_emoji_modifier(c));
        if at > start && emoji != in_emoji {
            runs.push((&text[start..at], in_emoji));
            start = at;
        }
        in_emoji = emoji;
    }
    if start < text.len() {
        runs.push((&text[start..], in_emoji));
    }
    runs
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF   // pictographs, emoticons, transport, flags, ...
        | 0x2600..=0x27BF   // miscellaneous symbols and dingbats
        | 0x2B50 | 0x2B55 | 0x2B1B | 0x2B1C
        | 0x231A | 0x231B | 0x23E9..=0x23FA
    )
}

fn is_emoji_modifier(c: char) -> bool {
    matches!(c as u32, 0x200D | 0xFE0F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_runs_are_split_from_text() {
        assert_eq!(split("Top! 🎁 dank"), [("Top! ", false), ("🎁", true), (" dank", false)]);
        assert_eq!(split("💚"), [("💚", true)]);
        assert_eq!(split("❤️ ok"), [("❤️", true), (" ok", false)]);
        assert_eq!(split("👩‍👧 café"), [("👩‍👧", true), (" café", false)]);
        assert_eq!(split("géén emoji"), [("géén emoji", false)]);
        assert!(split("").is_empty());
    }
}
