//! The mourn queue: ephemerons whose keys were found reachable only through
//! ephemerons. Both collectors queue them (turning each into a plain fixed
//! object, format 1, so it is never queued twice and keeps its key and value
//! alive strongly until the image has dealt with it), raise the finalization
//! signal, and hand them out one by one to primitive 172 (`fetchMourner`).
//! The queue is a GC root; entries are updated when objects move.
use stvm_object_model::{ObjectFormat, Oop};

use crate::heap::Heap;

impl Heap {
    /// The next queued mourner (oldest first), for primitive 172; `None` when
    /// the queue is empty (the primitive then fails).
    pub fn next_mourner(&mut self) -> Option<Oop> {
        self.mourn_queue.pop_front()
    }

    /// True once after a collection queued mourners: the interpreter then
    /// signals the finalization semaphore (special object 41).
    pub fn take_finalization_signal(&mut self) -> bool {
        std::mem::take(&mut self.finalization_signal)
    }

    /// Number of mourners waiting.
    pub fn mourn_queue_len(&self) -> usize {
        self.mourn_queue.len()
    }

    /// Queues a fired ephemeron, making it an ordinary fixed object.
    pub(crate) fn queue_mourner(&mut self, ephemeron: Oop) {
        let header = self.header(ephemeron).with_format(ObjectFormat::FIXED);
        self.set_header(ephemeron, header);
        self.mourn_queue.push_back(ephemeron);
        self.finalization_signal = true;
    }
}
