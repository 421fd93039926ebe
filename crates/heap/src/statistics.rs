//! Counters the heap keeps about itself, for `vmParameterAt:` and benchmarks.
use std::time::Duration;

/// Running totals of allocation and collection work.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeapStatistics {
    /// Bytes allocated directly in old space.
    pub old_bytes_allocated: u64,
    /// Scavenges run.
    pub scavenges: u64,
    /// Time spent scavenging.
    pub scavenge_time: Duration,
    /// Full collections run.
    pub full_gcs: u64,
    /// Time spent in full collections.
    pub full_gc_time: Duration,
    /// Objects tenured by scavenges.
    pub tenured_objects: u64,
}

impl crate::heap::Heap {
    /// The heap's counters.
    pub fn statistics(&self) -> &HeapStatistics {
        &self.statistics
    }

    /// Objects and bytes per class index, ascending by index, over every
    /// space (hidden objects included, free chunks excluded):
    /// `(class index, object count, bytes)`.
    pub fn instance_counts(&self) -> Vec<(u32, usize, u64)> {
        let mut counts: std::collections::BTreeMap<u32, (usize, u64)> = Default::default();
        self.for_each_chunk(|oop| {
            let header = self.header(oop);
            if !header.is_free() {
                let entry = counts.entry(header.class_index()).or_default();
                entry.0 += 1;
                entry.1 += self.chunk_bytes(oop);
            }
        });
        counts
            .into_iter()
            .map(|(index, (count, bytes))| (index, count, bytes))
            .collect()
    }

    /// Bytes used in eden, survivor space and old space.
    pub fn space_usage(&self) -> SpaceUsage {
        SpaceUsage {
            eden_bytes: self.new_space.eden.used_bytes(),
            survivor_bytes: self.new_space.past.used_bytes(),
            old_bytes: self.old_space.used_bytes(),
            old_segments: self.old_space.segments.len(),
        }
    }
}

/// A snapshot of how full each space is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpaceUsage {
    /// Bytes in eden.
    pub eden_bytes: u64,
    /// Bytes in the occupied survivor space.
    pub survivor_bytes: u64,
    /// Bytes in old space (free chunks included).
    pub old_bytes: u64,
    /// Number of old-space segments.
    pub old_segments: usize,
}
