//! The people a file has already named: duplicate people within one file
//! are reported with the row that named them first, never merged.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A hasher for ID numbers packed into a `u64` (the first 17 digits of a
/// 居民身份证 number): one multiplication spreads their digits over a hash
/// table. The keys come from the administrator's own files and database, so
/// there is no adversary to defend against with a keyed hash.
#[derive(Default)]
pub struct MixU64(u64);

impl std::hash::Hasher for MixU64 {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A hash map keyed by packed ID numbers.
pub type PackedMap<V> = HashMap<u64, V, BuildHasherDefault<MixU64>>;

/// The first 17 digits of an 18-character 居民身份证 number whose check
/// character is right, as a number: the check character follows from them,
/// so the number is the whole key in 8 bytes.
pub fn pack(number: &str) -> Option<u64> {
    let b = number.as_bytes();
    if b.len() == 18
        && b[..17].iter().all(u8::is_ascii_digit)
        && number.ends_with(crate::rules::id::check_char(b))
    {
        number[..17].parse().ok()
    } else {
        None
    }
}

/// ID numbers seen earlier in a file, with their row. A 居民身份证 number
/// is kept packed, so a million-row roster costs about 32 MB here.
#[derive(Default)]
pub struct Seen {
    cards: PackedMap<u32>,
    others: HashMap<String, u32>,
}

impl Seen {
    /// Room for about as many people as a file of `bytes` holds.
    pub fn for_file_of(bytes: u64) -> Seen {
        let mut seen = Seen::default();
        seen.cards.reserve((bytes / 64).min(4_000_000) as usize);
        seen
    }

    /// The row that named this ID number first, if an earlier one did;
    /// otherwise remembers `row` as its first.
    pub fn first_row(&mut self, number: &str, row: u32) -> Option<u32> {
        match pack(number) {
            Some(key) => match self.cards.insert(key, row) {
                Some(first) => {
                    self.cards.insert(key, first);
                    Some(first)
                }
                None => None,
            },
            None => match self.others.get(number) {
                Some(&first) => Some(first),
                None => {
                    self.others.insert(number.to_owned(), row);
                    None
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_rows_of_repeated_numbers() {
        let mut seen = Seen::default();
        assert_eq!(seen.first_row("110101199003070011", 2), None);
        assert_eq!(seen.first_row("H12345678", 3), None);
        assert_eq!(seen.first_row("110101199003070011", 5), Some(2));
        assert_eq!(seen.first_row("110101199003070011", 7), Some(2));
        assert_eq!(seen.first_row("H12345678", 9), Some(3));
        // A wrong check character is not packed, so it is not the same person.
        assert_eq!(seen.first_row("110101199003070010", 11), None);
    }
}
