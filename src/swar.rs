//! Eight bytes at a time: the bit tricks that let the hot loops of normalisation and
//! segmentation skip plain text a machine word at a time, with no `unsafe` and no per-platform
//! code.

/// The low bit of every byte.
pub(crate) const LO: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `b` from `i` as one word (byte `i` lowest), if there are eight.
#[inline]
pub(crate) fn word_at(b: &[u8], i: usize) -> Option<u64> {
    b.get(i..)?
        .first_chunk::<8>()
        .map(|chunk| u64::from_le_bytes(*chunk))
}

/// The high bit of every zero byte of the word, exactly: no borrow runs from one byte into the
/// next.
#[inline]
pub(crate) fn zero_bytes(x: u64) -> u64 {
    !(((x & !HI) + !HI) | x) & HI
}

/// The high bit of every byte of the word equal to `byte`, exactly.
#[inline]
pub(crate) fn bytes_equal(x: u64, byte: u8) -> u64 {
    zero_bytes(x ^ (u64::from(byte) * LO))
}

/// The high bit of every byte of the word below `n` (at most 0x80), exactly; a byte with its
/// high bit set is not below.
#[inline]
pub(crate) fn bytes_below(x: u64, n: u8) -> u64 {
    // Each low seven bits plus `0x80 - n` reach the high bit when at least `n`, with no carry
    // out of the byte (at most 0x7F + 0x80).
    !(((x & !HI) + u64::from(0x80 - n) * LO) | x) & HI
}

/// The high bit of every byte of the word from `lo` to `hi` (both at most 0x7F), exactly; a byte
/// with its high bit set is not in the range.
#[inline]
pub(crate) fn bytes_in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let low = x & !HI;
    // Each low seven bits plus `0x80 - lo` reach the high bit when at least `lo`, plus
    // `0x7F - hi` when above `hi`; neither sum carries out of its byte.
    let at_least_lo = low + u64::from(0x80 - lo) * LO;
    let above_hi = low + u64::from(0x7F - hi) * LO;
    at_least_lo & !above_hi & !x & HI
}

/// The index in its word (0 to 7) of the lowest byte flagged in a mask of high bits.
#[inline]
pub(crate) fn first_flagged(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_word_tricks_agree_with_the_bytes(bytes in proptest::prelude::any::<[u8; 8]>(), byte in proptest::prelude::any::<u8>()) {
            let x = u64::from_le_bytes(bytes);
            let equal = bytes_equal(x, byte);
            for (k, &b) in bytes.iter().enumerate() {
                proptest::prop_assert_eq!(equal >> (8 * k + 7) & 1 == 1, b == byte);
            }
            if equal != 0 {
                proptest::prop_assert_eq!(bytes[first_flagged(equal)], byte);
                proptest::prop_assert!(bytes[..first_flagged(equal)].iter().all(|&b| b != byte));
            }
            let range = bytes_in_range(x, 0x21, 0x3F);
            for (k, &b) in bytes.iter().enumerate() {
                proptest::prop_assert_eq!(range >> (8 * k + 7) & 1 == 1, (0x21..=0x3F).contains(&b));
            }
            let below = bytes_below(x, 0x20);
            for (k, &b) in bytes.iter().enumerate() {
                proptest::prop_assert_eq!(below >> (8 * k + 7) & 1 == 1, b < 0x20);
            }
        }
    }
}
