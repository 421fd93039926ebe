//! The 32→64-bit conversion of the headless image, checked against an
//! independent reading of the 32-bit file: every object reachable from the
//! special objects array (and every class of those objects) is compared with
//! its converted counterpart — SmallIntegers, Characters, floats (boxed → SmallFloat64),
//! strings and other bits, method headers, literals and bytecodes, context pcs
//! and closure start pcs (moved by the wider literal frame), and identity
//! (the same 32-bit object always maps to the same 64-bit object).
use std::collections::{HashMap, VecDeque};

use stvm_heap::{Heap, HeapConfig, Oop};
use stvm_vm::image_file::load_heap;

use crate::support::images_directory;

const CONTEXT_CLASS_INDEX: u32 = 36;
const BLOCK_CLOSURE_CLASS_INDEX: u32 = 37;
const BOXED_FLOAT_CLASS_INDEX: u32 = 34;
const FORWARDER_CLASS_INDEX: u32 = 8;

/// A 32-bit Spur image read straight from its file bytes.
struct Image32 {
    bytes: Vec<u8>,
    /// (saved address, file offset, length) per segment.
    segments: Vec<(u32, usize, usize)>,
    special_objects: u32,
}

impl Image32 {
    fn read(bytes: Vec<u8>) -> Image32 {
        let word =
            |offset: usize| u32::from_le_bytes(bytes[offset..offset + 4].try_into().unwrap());
        assert_eq!(word(0), 6521, "a 32-bit Spur image");
        let (header_size, special_objects) = (word(4) as usize, word(16));
        let (mut address, mut size) = (word(12), word(48) as usize);
        let mut offset = header_size;
        let mut segments = Vec::new();
        loop {
            segments.push((address, offset, size));
            let bridge = offset + size - 16;
            let next = u64::from_le_bytes(bytes[bridge + 8..bridge + 16].try_into().unwrap());
            let gap = if bytes[bridge + 7] == 0 {
                0
            } else {
                4 * word(bridge)
            };
            if next == 0 {
                break;
            }
            (address, offset, size) = (address + size as u32 + gap, offset + size, next as usize);
        }
        Image32 {
            bytes,
            segments,
            special_objects,
        }
    }

    fn offset_of(&self, address: u32) -> usize {
        let &(start, offset, _) = self
            .segments
            .iter()
            .find(|&&(start, _, length)| address >= start && address < start + length as u32)
            .expect("address inside a segment");
        offset + (address - start) as usize
    }

    fn u32_at(&self, address: u32) -> u32 {
        let offset = self.offset_of(address);
        u32::from_le_bytes(self.bytes[offset..offset + 4].try_into().unwrap())
    }

    fn class_index(&self, object: u32) -> u32 {
        self.u32_at(object) & 0x3F_FFFF
    }

    fn format(&self, object: u32) -> u32 {
        (self.u32_at(object) >> 24) & 0x1F
    }

    fn num_slots(&self, object: u32) -> usize {
        let raw = (self.u32_at(object + 4) >> 24) as usize;
        if raw == 255 {
            self.u32_at(object - 8) as usize
        } else {
            raw
        }
    }

    fn slot(&self, object: u32, index: usize) -> u32 {
        self.u32_at(object + 8 + 4 * index as u32)
    }

    fn body(&self, object: u32, length: usize) -> &[u8] {
        let offset = self.offset_of(object) + 8;
        &self.bytes[offset..offset + length]
    }

    /// Number of bytes of a bits or compiled-code object's elements.
    fn element_bytes(&self, object: u32) -> usize {
        let (slots, format) = (self.num_slots(object), self.format(object) as usize);
        match format {
            9 => slots * 4,
            10 | 11 => slots * 4,
            12..=15 => slots * 4 - 2 * (format & 1),
            _ => slots * 4 - (format & 3),
        }
    }

    fn follow_forwarders(&self, mut object: u32) -> u32 {
        while self.class_index(object) == FORWARDER_CLASS_INDEX {
            object = self.slot(object, 0);
        }
        object
    }

    fn class_at(&self, index: u32) -> u32 {
        let hidden_roots = self.object_number(4);
        let page = self.slot(hidden_roots, (index >> 10) as usize);
        self.slot(page, (index & 1023) as usize)
    }

    /// The `n`th object of the first segment (0 = nil).
    fn object_number(&self, n: usize) -> u32 {
        let mut object = self.segments[0].0;
        for _ in 0..n {
            let size = 8 + 4 * (self.num_slots(object).max(1).div_ceil(2) * 2) as u32;
            object += size;
            if self.u32_at(object + 4) >> 24 == 255 {
                object += 8;
            }
        }
        object
    }

    fn float_value(&self, object: u32) -> f64 {
        let low = u64::from(self.slot(object, 0));
        let high = u64::from(self.slot(object, 1));
        f64::from_bits(low | high << 32)
    }

    fn method_literal_bytes(&self, method: u32) -> u32 {
        let header = self.slot(method, 0) as i32 >> 1;
        4 * ((header as u32 & 0x7FFF) + 1)
    }
}

/// Tallies of what the comparison looked at, and what differed.
#[derive(Default, Debug)]
struct Comparison {
    objects: usize,
    small_integers: usize,
    characters: usize,
    floats: usize,
    strings: usize,
    methods: usize,
    pcs: usize,
    mismatches: Vec<String>,
}

struct Comparer<'a> {
    old: &'a Image32,
    heap: &'a Heap,
    pairs: HashMap<u32, Oop>,
    queue: VecDeque<(u32, Oop)>,
    result: Comparison,
}

impl Comparer<'_> {
    fn mismatch(&mut self, what: String) {
        if self.result.mismatches.len() < 20 {
            self.result.mismatches.push(what);
        }
    }

    fn pair(&mut self, old: u32, new: Oop) {
        let old = self.old.follow_forwarders(old);
        match self.pairs.get(&old) {
            Some(&known) if known != new => self.mismatch(format!("{old:#x} maps to two objects")),
            Some(_) => {}
            None => {
                self.pairs.insert(old, new);
                self.queue.push_back((old, new));
            }
        }
    }

    fn compare_slot(&mut self, old: u32, new: Oop, pc_delta: Option<i64>) {
        if old & 1 == 1 {
            let value = i64::from(old as i32 >> 1) + pc_delta.unwrap_or(0);
            self.result.small_integers += 1;
            self.result.pcs += usize::from(pc_delta.is_some());
            if new.as_small_integer() != Some(value) {
                self.mismatch(format!("SmallInteger {value} became {new:?}"));
            }
        } else if old & 3 == 2 {
            self.result.characters += 1;
            if new.as_character() != Some(old >> 2) {
                self.mismatch(format!("Character {} became {new:?}", old >> 2));
            }
        } else if self.old.class_index(old) == BOXED_FLOAT_CLASS_INDEX && new.is_small_float() {
            self.result.floats += 1;
            if new.small_float_value() != self.old.float_value(old) {
                self.mismatch(format!(
                    "float {} became {new:?}",
                    self.old.float_value(old)
                ));
            }
        } else if new.is_pointer() {
            self.pair(old, new);
        } else {
            self.mismatch(format!("pointer {old:#x} became {new:?}"));
        }
    }

    fn compare_object(&mut self, old: u32, new: Oop) {
        self.result.objects += 1;
        let class_index = self.old.class_index(old);
        if self.heap.class_index_of(new) != class_index {
            return self.mismatch(format!("{old:#x}: class index {class_index} changed"));
        }
        if class_index >= 32 {
            self.pair(
                self.old.class_at(class_index),
                self.heap.class_at_index(class_index),
            );
        }
        match self.old.format(old) {
            0..=5 => self.compare_pointers(old, new, class_index),
            24..=31 => self.compare_method(old, new),
            _ => self.compare_bits(old, new, class_index),
        }
    }

    fn compare_pointers(&mut self, old: u32, new: Oop, class_index: u32) {
        let count = self.old.num_slots(old);
        if self.heap.num_slots(new) != count {
            return self.mismatch(format!("{old:#x}: {count} slots became more or fewer"));
        }
        let pc_delta = self.pc_delta(old, class_index);
        for index in 0..count {
            let delta = if index == 1 { pc_delta } else { None };
            self.compare_slot(
                self.old.slot(old, index),
                self.heap.fetch_pointer(new, index),
                delta,
            );
        }
    }

    /// How much slot 1 (context pc / closure startpc) moves: 4 more bytes per
    /// literal-frame word (header and literals).
    fn pc_delta(&self, object: u32, class_index: u32) -> Option<i64> {
        let context = match class_index {
            CONTEXT_CLASS_INDEX => object,
            BLOCK_CLOSURE_CLASS_INDEX => self.old.slot(object, 0),
            _ => return None,
        };
        if context & 3 != 0 || self.old.class_index(context) != CONTEXT_CLASS_INDEX {
            return None;
        }
        let method = self.old.slot(context, 3);
        (method & 3 == 0 && self.old.format(method) >= 24)
            .then(|| i64::from(self.old.method_literal_bytes(method)))
    }

    fn compare_method(&mut self, old: u32, new: Oop) {
        self.result.methods += 1;
        let literal_bytes = self.old.method_literal_bytes(old) as usize;
        let literal_count = literal_bytes / 4;
        for index in 0..literal_count {
            self.compare_slot(
                self.old.slot(old, index),
                self.heap.fetch_pointer(new, index),
                None,
            );
        }
        let old_code = &self.old.body(old, self.old.element_bytes(old))[literal_bytes..];
        let new_code = &self.heap.bytes(new)[literal_count * 8..];
        if old_code != new_code {
            self.mismatch(format!("{old:#x}: bytecodes differ"));
        }
    }

    fn compare_bits(&mut self, old: u32, new: Oop, class_index: u32) {
        if class_index == BOXED_FLOAT_CLASS_INDEX {
            self.result.floats += 1;
            let new_bits = self.heap.fetch_u64(new, 0);
            if f64::from_bits(new_bits) != self.old.float_value(old) {
                self.mismatch(format!("{old:#x}: boxed float changed"));
            }
            return;
        }
        self.result.strings += usize::from(self.old.format(old) >= 16);
        if self.old.body(old, self.old.element_bytes(old)) != self.heap.bytes(new) {
            self.mismatch(format!("{old:#x}: contents differ"));
        }
    }
}

/// The headless image read both ways, or None when it is absent.
fn load_both() -> Option<(Image32, Heap)> {
    let path = images_directory().join("headless-spur32.image");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("note: {} is absent; skipping", path.display());
        return None;
    };
    let (heap, _) = load_heap(&bytes, HeapConfig::default()).expect("converts");
    Some((Image32::read(bytes), heap))
}

fn compare_reachable_objects(old: &Image32, heap: &Heap) -> Comparison {
    let mut comparer = Comparer {
        old,
        heap,
        pairs: HashMap::new(),
        queue: VecDeque::new(),
        result: Comparison::default(),
    };
    comparer.pair(old.special_objects, heap.special_objects_array());
    while let Some((old_object, new_object)) = comparer.queue.pop_front() {
        comparer.compare_object(old_object, new_object);
    }
    comparer.result
}

#[test]
fn every_object_reachable_in_the_converted_headless_image_matches_the_32_bit_file() {
    let Some((old, heap)) = load_both() else {
        return;
    };
    let comparison = compare_reachable_objects(&old, &heap);
    assert_eq!(comparison.mismatches, Vec::<String>::new());
    assert!(comparison.objects > 2000, "{comparison:?}");
}

#[test]
fn converted_headless_small_integers_characters_and_strings_were_compared() {
    let Some((old, heap)) = load_both() else {
        return;
    };
    let comparison = compare_reachable_objects(&old, &heap);
    assert!(comparison.small_integers > 1000, "{comparison:?}");
    assert!(comparison.characters > 0, "{comparison:?}");
    assert!(comparison.strings > 500, "{comparison:?}");
}

#[test]
fn converted_headless_floats_and_method_literals_were_compared() {
    let Some((old, heap)) = load_both() else {
        return;
    };
    let comparison = compare_reachable_objects(&old, &heap);
    assert!(comparison.floats > 0, "{comparison:?}");
    assert!(comparison.methods > 800, "{comparison:?}");
}

#[test]
fn converted_headless_context_pcs_move_by_the_wider_literal_frame() {
    let Some((old, heap)) = load_both() else {
        return;
    };
    let comparison = compare_reachable_objects(&old, &heap);
    assert!(comparison.pcs > 0, "{comparison:?}");
    assert!(comparison.mismatches.is_empty(), "{comparison:?}");
}

#[test]
fn converted_headless_class_table_keeps_every_class_but_the_32_bit_puns() {
    let Some((old, heap)) = load_both() else {
        return;
    };
    let (nil32, hidden_roots) = (old.object_number(0), old.object_number(4));
    let pages = (0..4096).filter(|&major| old.slot(hidden_roots, major) != nil32);
    for major in pages {
        for minor in 0..1024u32 {
            let index = (major as u32) << 10 | minor;
            if index == 3 || index == 4 {
                continue;
            }
            let (before, after) = (old.class_at(index), heap.class_at_index(index));
            assert_eq!(
                before == nil32,
                after == heap.nil(),
                "class table entry {index}"
            );
        }
    }
    assert_eq!(heap.class_at_index(3), heap.nil());
}

#[test]
fn converted_headless_greeting_is_a_string_with_the_same_characters() {
    let Some((_, heap)) = load_both() else {
        return;
    };
    let greeting = heap
        .all_objects()
        .into_iter()
        .find(|&object| {
            heap.format_of(object).is_bytes() && heap.bytes(object) == b"Smalltalk image fired up!"
        })
        .expect("the greeting string");
    assert_eq!(heap.class_index_of(greeting), 52);
}
