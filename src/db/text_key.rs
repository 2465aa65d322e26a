//! A stable 64-bit key of a few texts: the hash a table finds a row by.
//!
//! A table whose rows are told apart by several long texts
//! (credit_project) keeps this key with a unique index on it, instead of
//! an index of the texts themselves: eight bytes an entry instead of a
//! hundred.
//!
//! The key is stored, so [`of`] must never change: rows stored before
//! would no longer be found (the test below holds it to known values).
//! Rows whose texts hash alike are told apart by their texts: a table
//! keyed this way stores a row at the first key from its hash on that is
//! free ([`next`]), and finds it at the first one from there that holds
//! its texts.

/// The key of `texts`. Each text is its length in bytes (all ones for a
/// missing text) and then its bytes eight at a time, little endian, the
/// last word padded with zeros; each word is mixed in by a rotation, an
/// xor and a multiplication by an odd constant, and the result finished by
/// MurmurHash3's 64-bit finaliser, so that every bit of the key depends on
/// every bit of the texts.
pub fn of(texts: &[Option<&str>]) -> i64 {
    let mut h = 0x243F_6A88_85A3_08D3u64;
    let mut mix = |w: u64| h = (h.rotate_left(23) ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for t in texts {
        let Some(t) = t else {
            mix(u64::MAX);
            continue;
        };
        let b = t.as_bytes();
        mix(b.len() as u64);
        let mut words = b.chunks_exact(8);
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            mix(u64::from_le_bytes(word));
        }
        if !words.remainder().is_empty() {
            let mut last = [0u8; 8];
            last[..words.remainder().len()].copy_from_slice(words.remainder());
            mix(u64::from_le_bytes(last));
        }
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^= h >> 33;
    h as i64
}

/// The key to try after `key` when it holds other texts.
pub fn next(key: i64) -> i64 {
    key.wrapping_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys are stored: these values may never change.
    #[test]
    fn keys_never_change() {
        let keys = [
            of(&[]),
            of(&[Some("")]),
            of(&[None]),
            of(&[
                Some("2017-A1"),
                Some("超声学习班"),
                Some("学习班"),
                Some("省医学会"),
                Some("临床医学/内科学"),
            ]),
            of(&[Some("B1"), Some("护理讲座"), None, Some("省医学会"), None]),
        ];
        assert_eq!(
            keys,
            [
                8848935107335307795,
                -625292860341121862,
                -548704074366866021,
                4420985314192647175,
                5604909930151711921
            ]
        );
    }

    /// Texts that run together alike, or differ in a missing text or a
    /// byte past the eighth, have other keys.
    #[test]
    fn texts_are_told_apart() {
        type Texts<'a> = &'a [Option<&'a str>];
        let pairs: [(Texts<'_>, Texts<'_>); 4] = [
            (&[Some("ab"), Some("c")], &[Some("a"), Some("bc")]),
            (&[Some("")], &[None]),
            (&[Some("0123456789")], &[Some("0123456788")]),
            (&[Some("x"), Some("")], &[Some("x")]),
        ];
        for (a, b) in pairs {
            assert_ne!(of(a), of(b), "{a:?} {b:?}");
        }
        assert_eq!(next(i64::MAX), i64::MIN);
    }
}
