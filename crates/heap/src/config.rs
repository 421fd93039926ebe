//! Sizes and placement of the heap: runtime options, never cargo features.

/// Default base of the reserved range (fixed so runs are reproducible).
pub const DEFAULT_BASE_ADDRESS: u64 = 0x1000_0000_0000;

/// How big the spaces are and where the heap lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeapConfig {
    /// Preferred first address; `None` lets the system choose.
    pub base_address: Option<u64>,
    /// Bytes of address space reserved for the whole heap.
    pub reserved_bytes: u64,
    /// Bytes of eden.
    pub eden_bytes: u64,
    /// Bytes of each of the two survivor spaces.
    pub survivor_bytes: u64,
    /// Smallest old-space segment; larger ones are made for large objects.
    pub old_segment_bytes: u64,
    /// Objects of at least this many bytes are allocated directly in old space.
    pub large_object_bytes: u64,
    /// Fraction of eden (in percent) after which a scavenge is requested.
    pub scavenge_threshold_percent: u64,
    /// Scavenges an object survives before it is tenured.
    pub tenuring_age: u8,
    /// Seed of the identity-hash generator.
    pub hash_seed: u64,
    /// Run the heap verifier after every collection and panic on violations
    /// (the CLI's `--verify-heap`; slow, for debugging).
    pub verify_after_gc: bool,
    /// Selective compaction: [`Heap::full_gc`](crate::Heap::full_gc)
    /// evacuates the old-space regions whose live bytes are below this
    /// percentage of their used bytes and only sweeps the denser ones (their
    /// dead objects become free chunks). 0 never compacts (but for regions
    /// with no live object); above 100 compacts everything, as
    /// [`Heap::full_gc_compacting`](crate::Heap::full_gc_compacting) does.
    pub compaction_occupancy_percent: u64,
    /// Size of the regions selective compaction judges one by one: address
    /// windows of old space, rounded up to a power of two of at least 4 KiB.
    pub compaction_region_bytes: u64,
}

impl Default for HeapConfig {
    fn default() -> Self {
        HeapConfig {
            base_address: Some(DEFAULT_BASE_ADDRESS),
            reserved_bytes: 64 << 30,
            eden_bytes: 8 << 20,
            survivor_bytes: 2 << 20,
            old_segment_bytes: 16 << 20,
            large_object_bytes: 64 << 10,
            scavenge_threshold_percent: 90,
            tenuring_age: 3,
            hash_seed: 0x2545_F491,
            verify_after_gc: false,
            compaction_occupancy_percent: 75,
            compaction_region_bytes: 1 << 20,
        }
    }
}

impl HeapConfig {
    /// A configuration for unit tests: small spaces, any base address.
    pub fn small_for_tests() -> HeapConfig {
        HeapConfig {
            base_address: None,
            reserved_bytes: 1 << 30,
            eden_bytes: 256 << 10,
            survivor_bytes: 64 << 10,
            old_segment_bytes: 1 << 20,
            large_object_bytes: 16 << 10,
            ..HeapConfig::default()
        }
    }

    /// `compaction_region_bytes` as used: a power of two, at least 4 KiB.
    pub fn compaction_region_bytes_rounded(&self) -> u64 {
        self.compaction_region_bytes
            .clamp(4096, 1 << 40)
            .next_power_of_two()
    }

    /// Bytes of new space (eden and both survivor spaces), page-rounded.
    pub fn new_space_bytes(&self) -> u64 {
        (self.eden_bytes + 2 * self.survivor_bytes).div_ceil(4096) * 4096
    }
}
