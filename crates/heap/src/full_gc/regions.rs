//! Selective compaction's choice (in the manner of Spur's selective
//! compactor): after marking, old space is judged region by region, a region
//! being an aligned window of `compaction_region_bytes` addresses. A region
//! whose live bytes are at least `compaction_occupancy_percent` of its used
//! bytes is *kept*: its objects stay where they are and its dead objects are
//! swept into free chunks (see `sweep`). The other, sparse regions are
//! compacted: their live objects slide down into the space the kept regions
//! leave free.
//!
//! ```text
//! regions:  | kept (90% live) | sparse (20%) | sparse (40%) | kept (95%) |
//! extent:     [A . B C . D]                                   [E F . G]
//! ```
//! An object belongs to the region its oop lies in. The live objects of a
//! run of kept regions span one *extent*, from the chunk of the first to the
//! end of the last; the compactor treats extents as it treats pinned
//! objects (the cursor jumps over them), so dead words before and after an
//! extent are compacted into, and those inside it are swept.
use super::mark_bitmap::MarkBitmap;
use crate::heap::Heap;

/// Which regions of old space keep their objects in place.
pub(crate) struct KeptRegions {
    base: u64,
    shift: u32,
    kept: Vec<bool>,
}

impl KeptRegions {
    /// No region is kept (full compaction).
    pub(crate) fn none() -> KeptRegions {
        KeptRegions {
            base: 0,
            shift: 63,
            kept: Vec::new(),
        }
    }

    /// True if `address` lies in a kept region.
    #[inline(always)]
    pub(crate) fn contains(&self, address: u64) -> bool {
        let region = (address.wrapping_sub(self.base) >> self.shift) as usize;
        self.kept.get(region).copied().unwrap_or(false)
    }

    fn region_bytes(&self) -> u64 {
        1 << self.shift
    }

    /// First address of `region`.
    fn region_start(&self, region: usize) -> u64 {
        self.base + ((region as u64) << self.shift)
    }
}

impl Heap {
    /// Judges every region of old space by its live words in `marks`.
    pub(super) fn choose_kept_regions(&self, marks: &MarkBitmap) -> KeptRegions {
        let region_bytes = self.config.compaction_region_bytes_rounded();
        let mut regions = KeptRegions {
            base: self.old_start,
            shift: region_bytes.trailing_zeros(),
            kept: Vec::new(),
        };
        let limit = self.old_space.segments.last().map_or(0, |s| s.top);
        let count = limit.saturating_sub(self.old_start).div_ceil(region_bytes) as usize;
        let mut used = vec![0u64; count];
        for segment in &self.old_space.segments {
            let mut address = segment.start;
            while address < segment.top {
                let region = ((address - self.old_start) / region_bytes) as usize;
                let end = segment.top.min(regions.region_start(region + 1));
                used[region] += end - address;
                address = end;
            }
        }
        let percent = self.config.compaction_occupancy_percent;
        regions.kept = used
            .iter()
            .enumerate()
            .map(|(region, used)| {
                let start = regions.region_start(region);
                let live = marks.live_bytes_in(start, start + region_bytes);
                *used > 0 && live > 0 && live * 100 >= percent * used
            })
            .collect();
        regions
    }

    /// The extents of the runs of kept regions, as `(first chunk, end)`, in
    /// address order; `starts` marks the first word of each live chunk.
    pub(super) fn kept_extents(&self, kept: &KeptRegions, starts: &MarkBitmap) -> Vec<(u64, u64)> {
        let mut extents = Vec::new();
        for segment in &self.old_space.segments {
            let mut address = segment.start;
            while address < segment.top {
                let region = ((address - kept.base) >> kept.shift) as usize;
                let mut run_end = segment.top.min(kept.region_start(region + 1));
                if !kept.kept.get(region).copied().unwrap_or(false) {
                    address = run_end;
                    continue;
                }
                while run_end < segment.top && kept.contains(run_end) {
                    run_end = segment.top.min(run_end + kept.region_bytes());
                }
                let first = self.first_live_chunk_from(starts, address, segment.start, segment.top);
                let end = self.last_live_object_end_before(starts, run_end, first, segment.top);
                if let Some(end) = end.filter(|end| *end > first) {
                    extents.push((first, end));
                }
                address = run_end;
            }
        }
        extents
    }

    /// The end of the last live object whose oop lies before `address` and
    /// whose chunk starts at or after `floor`, if any.
    fn last_live_object_end_before(
        &self,
        starts: &MarkBitmap,
        address: u64,
        floor: u64,
        top: u64,
    ) -> Option<u64> {
        let mut limit = address.min(top);
        loop {
            let chunk = starts.last_marked_in(floor, limit)?;
            let object = self.object_at_chunk(chunk);
            if object.oop.address() < address {
                return Some(object.end);
            }
            limit = chunk;
        }
    }

    /// The chunk of the first live object whose oop is at or after
    /// `address` (the segment's top if none).
    fn first_live_chunk_from(
        &self,
        starts: &MarkBitmap,
        address: u64,
        start: u64,
        top: u64,
    ) -> u64 {
        if address >= top {
            return top;
        }
        let probe = address.saturating_sub(8).max(start);
        let chunk = starts.next_marked(probe, top);
        if chunk < address && chunk < top {
            let object = self.object_at_chunk(chunk);
            if object.oop.address() < address {
                return starts.next_marked(object.end, top);
            }
        }
        chunk
    }
}
