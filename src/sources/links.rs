//! `Link` headers (RFC 8288), for APIs that name their next page in one
//! (Freshdesk, GitHub).

/// The `rel="next"` target of a `Link` header value (RFC 8288):
/// `<https://…?page=2>; rel="next", <…>; rel="last"`. A comma inside a
/// URL or a quoted parameter does not split a link, and `rel` may name
/// several relations (`rel="next last"`).
pub(super) fn next_link(value: &str) -> Option<String> {
    links(value).into_iter().find_map(|(target, params)| {
        let is_next = params.iter().any(|(name, value)| {
            name.eq_ignore_ascii_case("rel")
                && value.split_ascii_whitespace().any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        (is_next && (target.starts_with("https://") || target.starts_with("http://"))).then_some(target)
    })
}

/// The links of a `Link` header: each target with its parameters (names
/// as written, values unquoted).
fn links(value: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        let Some(after_open) = rest.strip_prefix('<') else {
            return found;
        };
        let Some((target, after)) = after_open.split_once('>') else {
            return found;
        };
        rest = after;
        let mut params = Vec::new();
        loop {
            rest = rest.trim_start();
            let Some(after_semicolon) = rest.strip_prefix(';') else {
                break;
            };
            rest = after_semicolon.trim_start();
            let name_end = rest.find(['=', ';', ',']).unwrap_or(rest.len());
            let name = rest[..name_end].trim().to_string();
            rest = &rest[name_end..];
            let mut param_value = String::new();
            if let Some(after_eq) = rest.strip_prefix('=') {
                rest = after_eq.trim_start();
                if let Some(quoted) = rest.strip_prefix('"') {
                    let mut chars = quoted.char_indices();
                    let mut end = quoted.len();
                    while let Some((i, c)) = chars.next() {
                        match c {
                            '\\' => {
                                if let Some((_, escaped)) = chars.next() {
                                    param_value.push(escaped);
                                }
                            }
                            '"' => {
                                end = i + 1;
                                break;
                            }
                            c => param_value.push(c),
                        }
                    }
                    rest = &quoted[end.min(quoted.len())..];
                } else {
                    let end = rest.find([';', ',']).unwrap_or(rest.len());
                    param_value = rest[..end].trim().to_string();
                    rest = &rest[end..];
                }
            }
            params.push((name, param_value));
        }
        found.push((target.trim().to_string(), params));
        // Anything up to the next link is junk; skip it.
        match rest.find(',') {
            Some(comma) => rest = &rest[comma..],
            None => return found,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_headers_with_commas_and_several_relations_parse() {
        let next = |value: &str| next_link(value);
        assert_eq!(
            next(r#"<https://x.test/r?page=2>; rel="next", <https://x.test/r?page=9>; rel="last""#).as_deref(),
            Some("https://x.test/r?page=2")
        );
        assert_eq!(
            next(r#"<https://x.test/r?ids=1,2,3&page=2>; rel="next""#).as_deref(),
            Some("https://x.test/r?ids=1,2,3&page=2"),
            "a comma inside the URL"
        );
        assert_eq!(
            next(r#"<https://x.test/last>; rel="last", <https://x.test/p2>; rel="next last""#).as_deref(),
            Some("https://x.test/p2"),
            "rel names two relations"
        );
        assert_eq!(
            next(r#"<https://x.test/a>; title="a, b; c"; rel=next"#).as_deref(),
            Some("https://x.test/a"),
            "a comma and a semicolon in a quoted parameter"
        );
        assert_eq!(next(r#"<https://x.test/p>; rel="prev""#), None);
        assert_eq!(next(r#"<ftp://x.test/p>; rel="next""#), None);
        assert_eq!(next("junk, <<>>;;==,,"), None);
    }

    /// Random texts made of the characters a `Link` header is built from
    /// never panic, and what comes out is always a web address.
    #[test]
    fn any_link_header_parses_without_a_panic() {
        const PIECES: [&str; 14] = [
            "<",
            ">",
            ";",
            ",",
            "=",
            "\"",
            "\\",
            " ",
            "rel",
            "next",
            "http://x.test/",
            "https://y.test/a,b",
            "é",
            "last",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..5000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let text: String = (0..seed % 24).map(|i| PIECES[((seed >> (i * 2 % 60)) % 14) as usize]).collect();
            if let Some(target) = next_link(&text) {
                assert!(target.starts_with("http://") || target.starts_with("https://"), "{text:?} gave {target:?}");
            }
        }
    }
}
