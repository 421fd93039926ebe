//! Bump-allocated address ranges: eden, the survivor spaces and old-space segments.
//!
//! ```text
//! base                         old_space_start
//! | eden | survivor A | survivor B | old segment 0 | old segment 1 | ...  -> grows up
//! ```
//! Objects in a space are laid out back to back from `start` to `top`; each is
//! `[overflow word]? header slots…`, so a space can be walked object by object.

/// A contiguous range `[start, limit)` filled with objects from `start` to `top`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Space {
    /// First address.
    pub start: u64,
    /// Next free address.
    pub top: u64,
    /// One past the last usable address.
    pub limit: u64,
}

impl Space {
    /// An empty space over `[start, limit)`.
    pub const fn new(start: u64, limit: u64) -> Space {
        Space {
            start,
            top: start,
            limit,
        }
    }

    /// Claims `bytes` at the top, or `None` if they do not fit.
    #[inline(always)]
    pub fn bump(&mut self, bytes: u64) -> Option<u64> {
        let chunk = self.top;
        let new_top = chunk.checked_add(bytes)?;
        if new_top > self.limit {
            return None;
        }
        self.top = new_top;
        Some(chunk)
    }

    /// True if `address` lies inside `[start, limit)`.
    #[inline(always)]
    pub fn contains(&self, address: u64) -> bool {
        address >= self.start && address < self.limit
    }

    /// Bytes holding objects.
    pub fn used_bytes(&self) -> u64 {
        self.top - self.start
    }

    /// Bytes still free at the top.
    pub fn free_bytes(&self) -> u64 {
        self.limit - self.top
    }

    /// Bytes between start and limit.
    pub fn capacity_bytes(&self) -> u64 {
        self.limit - self.start
    }

    /// Forgets every object.
    pub fn reset(&mut self) {
        self.top = self.start;
    }
}

/// Eden and the two survivor spaces; `past` holds survivors of the last
/// scavenge, `future` is empty between scavenges.
#[derive(Debug, Clone)]
pub struct NewSpace {
    /// Where new objects are allocated.
    pub eden: Space,
    /// Survivors of the previous scavenge.
    pub past: Space,
    /// Empty; the next scavenge copies survivors here, then it swaps with `past`.
    pub future: Space,
    /// Address in eden beyond which a scavenge is requested.
    pub scavenge_threshold: u64,
}

impl NewSpace {
    /// First address of new space.
    pub fn start(&self) -> u64 {
        self.eden.start
    }
    /// One past the last address of new space.
    pub fn limit(&self) -> u64 {
        self.eden.limit.max(self.past.limit).max(self.future.limit)
    }
}

/// Old space: segments in address order; the last one grows by bumping.
#[derive(Debug, Clone, Default)]
pub struct OldSpace {
    /// Segments, lowest address first.
    pub segments: Vec<Space>,
}

impl OldSpace {
    /// The segment holding `address`, if any.
    pub fn segment_containing(&self, address: u64) -> Option<&Space> {
        self.segments.iter().find(|s| s.contains(address))
    }

    /// Bytes holding objects (free chunks included).
    pub fn used_bytes(&self) -> u64 {
        self.segments.iter().map(Space::used_bytes).sum()
    }
}
