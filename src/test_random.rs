//! A small deterministic random source for the unit tests that draw many cases: the same
//! cases every run, so a failure can be replayed, without a dependency.

/// A linear congruential generator (Knuth's MMIX constants), read from its high bits.
pub(crate) struct TestRandom(u64);

impl TestRandom {
    /// The sequence that starts from `seed`.
    pub(crate) fn new(seed: u64) -> TestRandom {
        TestRandom(seed)
    }

    /// The next number below `bound` (which must not be 0).
    pub(crate) fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % bound
    }
}
