//! Test builders: a small heap whose well-known classes are entered in the
//! class table (so the verifier accepts their instances), objects in chosen
//! spaces and formats, and a canonical dump of the graph reachable from roots
//! for comparing heaps before and after a collection.
use std::collections::{HashMap, VecDeque};

use stvm_object_model::{class_index, layout, ObjectFormat, Oop};

use crate::{Heap, HeapConfig, RootSource};

/// A small heap (256 KiB eden) with the verifier on after every GC.
pub(crate) struct HeapBuilder {
    config: HeapConfig,
}

impl HeapBuilder {
    pub(crate) fn new() -> HeapBuilder {
        HeapBuilder {
            config: HeapConfig {
                verify_after_gc: true,
                ..HeapConfig::small_for_tests()
            },
        }
    }

    pub(crate) fn tenuring_age(mut self, age: u8) -> HeapBuilder {
        self.config.tenuring_age = age;
        self
    }

    /// Selective compaction judges regions of `bytes`, evacuating those
    /// less than `percent` full.
    pub(crate) fn compaction_regions(mut self, bytes: u64, percent: u64) -> HeapBuilder {
        self.config.compaction_region_bytes = bytes;
        self.config.compaction_occupancy_percent = percent;
        self
    }

    pub(crate) fn survivor_bytes(mut self, bytes: u64) -> HeapBuilder {
        self.config.survivor_bytes = bytes;
        self
    }

    pub(crate) fn build(self) -> TestHeap {
        let mut heap = Heap::new(self.config).expect("heap");
        let classes = [
            (class_index::ARRAY, ObjectFormat::INDEXABLE.value(), 0),
            (class_index::BYTE_ARRAY, ObjectFormat::BYTES.value(), 0),
            (class_index::BYTE_STRING, ObjectFormat::BYTES.value(), 0),
            (
                class_index::CONTEXT,
                ObjectFormat::FIXED_AND_INDEXABLE.value(),
                6,
            ),
        ];
        for (index, format, fixed) in classes {
            let class = test_class(&mut heap, format, fixed);
            heap.set_class_at_index(index, class).expect("class");
        }
        let ephemeron_class = test_class(&mut heap, ObjectFormat::EPHEMERON.value(), 2);
        let weak_class = test_class(&mut heap, ObjectFormat::WEAK.value(), 1);
        TestHeap {
            ephemeron_class: heap.ensure_class_index(ephemeron_class).expect("class"),
            weak_class: heap.ensure_class_index(weak_class).expect("class"),
            heap,
        }
    }
}

/// A class object (old, 3 slots) with the given instance format.
pub(crate) fn test_class(heap: &mut Heap, format: u8, fixed: usize) -> Oop {
    let class = heap
        .allocate_old(class_index::CLASS_IS_ITSELF, ObjectFormat::FIXED, 3)
        .expect("class");
    let word = Oop::small_integer(layout::class::format_word(format, fixed)).expect("word");
    heap.store_pointer(class, layout::class::FORMAT, word);
    class
}

/// A heap plus the class indices of its test classes.
pub(crate) struct TestHeap {
    pub(crate) heap: Heap,
    /// Ephemerons: key, value (2 fixed slots).
    pub(crate) ephemeron_class: u32,
    /// Weak arrays with one strong fixed slot, then weak slots.
    pub(crate) weak_class: u32,
}

impl TestHeap {
    /// A young Array holding `elements`.
    pub(crate) fn array(&mut self, elements: &[Oop]) -> Oop {
        self.heap.new_array_with(elements).expect("array")
    }

    /// An old Array holding `elements` (store-checked).
    pub(crate) fn old_array(&mut self, elements: &[Oop]) -> Oop {
        let array = self
            .heap
            .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, elements.len())
            .expect("array");
        for (index, element) in elements.iter().enumerate() {
            self.heap.store_pointer(array, index, *element);
        }
        array
    }

    /// A young weak object: slot 0 strong, then `weak` weak slots.
    pub(crate) fn weak_array(&mut self, strong: Oop, weak: &[Oop]) -> Oop {
        let object = self
            .heap
            .allocate(self.weak_class, ObjectFormat::WEAK, weak.len() + 1)
            .expect("weak");
        self.heap.store_pointer(object, 0, strong);
        for (index, element) in weak.iter().enumerate() {
            self.heap.store_pointer(object, index + 1, *element);
        }
        object
    }

    /// A young ephemeron with `key` and `value`.
    pub(crate) fn ephemeron(&mut self, key: Oop, value: Oop) -> Oop {
        let object = self
            .heap
            .allocate(self.ephemeron_class, ObjectFormat::EPHEMERON, 2)
            .expect("ephemeron");
        self.heap.store_pointer(object, 0, key);
        self.heap.store_pointer(object, 1, value);
        object
    }

    /// Asserts the verifier finds nothing wrong.
    pub(crate) fn assert_verified(&self, roots: &mut dyn RootSource) {
        if let Err(violations) = self.heap.verify(roots) {
            panic!("heap violations: {violations:#?}");
        }
    }
}

/// A reference in a canonical dump: an object by BFS number, or an immediate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DumpRef {
    Object(usize),
    Immediate(u64),
}

/// One object of a canonical dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DumpEntry {
    pub(crate) class_index: u32,
    pub(crate) format: u8,
    pub(crate) hash: u32,
    pub(crate) slots: Vec<DumpRef>,
    pub(crate) bytes: Vec<u8>,
}

/// The graph reachable from `roots` in BFS order, addresses replaced by BFS
/// numbers: equal dumps mean equal graphs whatever moved where.
pub(crate) fn canonical_dump(heap: &Heap, roots: &[Oop]) -> Vec<DumpEntry> {
    let mut numbers: HashMap<Oop, usize> = HashMap::new();
    let mut queue = VecDeque::new();
    let mut entries = Vec::new();
    let mut number_of = |oop: Oop, queue: &mut VecDeque<Oop>| -> DumpRef {
        if oop.is_immediate() {
            return DumpRef::Immediate(oop.bits());
        }
        let next = numbers.len();
        let number = *numbers.entry(oop).or_insert_with(|| {
            queue.push_back(oop);
            next
        });
        DumpRef::Object(number)
    };
    for root in roots {
        number_of(*root, &mut queue);
    }
    while let Some(object) = queue.pop_front() {
        let header = heap.header(object);
        let traced = heap.traced_slot_count(object);
        let slots = (0..traced)
            .map(|i| number_of(heap.fetch_pointer(object, i), &mut queue))
            .collect();
        let bytes = heap.slot_bytes(object)[traced * 8..].to_vec();
        entries.push(DumpEntry {
            class_index: header.class_index(),
            format: header.format().value(),
            hash: header.identity_hash(),
            slots,
            bytes,
        });
    }
    entries
}
