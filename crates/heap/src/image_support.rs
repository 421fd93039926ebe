//! What the image reader and writer need from the heap beyond allocation: the
//! bytes of old space, segment by segment, and the clean-up after adopting an
//! old space (GC bits cleared, free chunks indexed).
use crate::error::HeapError;
use crate::heap::Heap;

impl Heap {
    /// Old space as `(start address, bytes)` per segment, objects only (up to
    /// each segment's top). Right after [`Heap::full_gc_compacting`] new
    /// space is empty, there are no forwarders and the only free chunks are
    /// holes before pinned objects, so these bytes are what a snapshot
    /// writes. After [`Heap::full_gc`] they are as valid (free chunks are
    /// ordinary Spur free chunks) but may hold the free chunks of swept
    /// regions.
    pub fn old_space_segments(&self) -> Vec<(u64, &[u8])> {
        self.old_space
            .segments
            .iter()
            .filter(|s| s.top > s.start)
            .map(|s| (s.start, self.memory.slice(s.start, s.used_bytes() as usize)))
            .collect()
    }

    /// Clears the marked, grey and remembered bits an image may carry (the
    /// collectors rely on them being clear between collections), checking that
    /// the objects tile old space exactly.
    pub(crate) fn clear_gc_bits_of_adopted_objects(&mut self) -> Result<(), HeapError> {
        let segments = self.old_space.segments.clone();
        for segment in segments {
            let mut chunk = segment.start;
            while chunk < segment.top {
                let oop = self.object_starting_at(chunk);
                let next = self.address_after(oop);
                if next > segment.top || oop.address() + 8 > segment.top {
                    return Err(HeapError::MalformedOldSpace(format!(
                        "object at {:#x} runs past the end",
                        oop.address()
                    )));
                }
                let header = self.header(oop);
                let clean = header
                    .with_marked(false)
                    .with_grey(false)
                    .with_remembered(false);
                if clean != header {
                    self.set_header(oop, clean);
                }
                chunk = next;
            }
        }
        Ok(())
    }
}
