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

/// The key of `texts`: the first eight bytes of the SHA-256 of the texts,
/// each written as its length in bytes (eight bytes, little endian; all
/// ones for a missing text) and then its bytes, so that texts that run
/// together alike, or a missing text and an empty one, differ.
pub fn of(texts: &[Option<&str>]) -> i64 {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for t in texts {
        match t {
            None => h.update(u64::MAX.to_le_bytes()),
            Some(t) => {
                h.update((t.len() as u64).to_le_bytes());
                h.update(t.as_bytes());
            }
        }
    }
    let digest = h.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_le_bytes(first)
}

/// The key to try after `key` when it holds other texts.
pub fn next(key: i64) -> i64 {
    key.wrapping_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys are stored: these values may never change (they are also
    /// what Python's `hashlib.sha256` gives for the same bytes).
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
                1449310910991872227,
                8794265229978523055,
                6759447113877070610,
                -3169829140606861931,
                8215870786512737156
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
