//! A stable hash for ids, tilts and file names: FNV-1a gives the same value
//! across runs, platforms and Rust versions, unlike the standard library's
//! hasher.

/// FNV-1a over `bytes`, continuing from `state` (start with [`START`]).
pub fn fnv1a(state: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(state, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}

/// The FNV-1a offset basis.
pub const START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of a text.
pub fn of(text: &str) -> u64 {
    fnv1a(START, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_published_fnv1a_values() {
        assert_eq!(of(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(of("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(of("foobar"), 0x8594_4171_f739_67e8);
    }
}
