//! The Park–Miller "minimal standard" generator every randomised benchmark uses:
//! `seed := seed * 16807 \\ 2147483647`, starting from 74755. Its products stay below
//! 2^46, so the Smalltalk versions compute it with SmallIntegers only.

/// The minimal standard generator's state.
pub struct Random {
    seed: i64,
}

impl Random {
    /// The generator with the benchmarks' fixed seed.
    pub fn new() -> Random {
        Random { seed: 74_755 }
    }

    /// Advances the generator and answers its new state, in 1..2147483646.
    pub fn next_random(&mut self) -> i64 {
        self.seed = self.seed * 16_807 % 2_147_483_647;
        self.seed
    }
}

impl Default for Random {
    fn default() -> Random {
        Random::new()
    }
}

#[cfg(test)]
mod tests;
