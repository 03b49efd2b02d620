//! The crate's two hashes, so that no stage writes its own.
//!
//! * [`FxBuildHasher`] (from `rustc-hash`) for every in-memory map and set: the keys are short
//!   words and ids from the crate's own tables and from documents, where a fast hash matters and
//!   protection against crafted keys buys nothing.
//! * [`StableHasher`] (64-bit FNV-1a) where a hash is a value in its own right — the ids of
//!   anchors and of learned-lexicon words, which sort lists and so decide ties. It is the same on
//!   every platform, build and run, which a map's hasher need not be.

pub(crate) use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

/// 64-bit FNV-1a over bytes fed in pieces; the result depends only on the bytes, in order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StableHasher(u64);

impl StableHasher {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    /// A hasher that has seen no bytes.
    pub(crate) const fn new() -> StableHasher {
        StableHasher(Self::OFFSET)
    }

    /// Feeds bytes.
    #[inline]
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u8(b);
        }
    }

    /// Feeds one byte.
    #[inline]
    pub(crate) fn write_u8(&mut self, byte: u8) {
        self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(Self::PRIME);
    }

    /// The hash of everything fed so far.
    #[inline]
    pub(crate) fn finish(self) -> u64 {
        self.0
    }

    /// The hash folded into 32 bits (both halves kept), for ids stored as `u32`.
    #[inline]
    pub(crate) fn finish_u32(self) -> u32 {
        (self.0 ^ (self.0 >> 32)) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stable_hash(bytes: &[u8]) -> u64 {
        let mut h = StableHasher::new();
        h.write(bytes);
        h.finish()
    }

    #[test]
    fn stable_hash_is_fnv1a_and_does_not_depend_on_how_bytes_are_fed() {
        // FNV-1a's published test values.
        assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(stable_hash(b"foobar"), 0x8594_4171_f739_67e8);
        let mut h = StableHasher::new();
        h.write(b"foo");
        h.write(b"");
        h.write(b"bar");
        assert_eq!(h.finish(), stable_hash(b"foobar"));
    }
}
