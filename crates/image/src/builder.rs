//! `ImageBuilder`: hand-made Spur object memories (32- or 64-bit) for tests,
//! fuzzing and benchmarks. It lays out what every old space starts with — nil,
//! false, true, the free-lists object, the hidden roots with two class-table
//! pages — then a few kernel classes (Squeak layout: name in slot 6) and a
//! special objects array, and lets a test add objects and segments.
//!
//! Slot values are raw words of the builder's word size: use `small_integer`,
//! `character` and object addresses. Nothing here validates; the loader does.
//! Being a tool for hand-written tests, the accessors panic when given an
//! address that is not an object the builder made.

use crate::header::{WordSize, FLOATS_LITTLE_ENDIAN_FLAG, FORMAT_SPUR_32, FORMAT_SPUR_64};
use crate::writer::{write_segments, HeaderExtras, ImageWriteRequest};
use stvm_object_model::header::overflow_word;
use stvm_object_model::{class_index, special_objects as so, ObjectFormat, ObjectHeader};

/// Class index the builder gives its stand-in for Class/Metaclass.
pub const BEHAVIOR_INDEX: u32 = 1024;
/// UndefinedObject.
pub const UNDEFINED_OBJECT_INDEX: u32 = 1025;
/// False.
pub const FALSE_INDEX: u32 = 1026;
/// True.
pub const TRUE_INDEX: u32 = 1027;
/// ByteSymbol.
pub const BYTE_SYMBOL_INDEX: u32 = 1028;
/// CompiledMethod.
pub const COMPILED_METHOD_INDEX: u32 = 1029;
/// First index `add_class` hands out.
pub const FIRST_USER_CLASS_INDEX: u32 = 1030;

/// One segment under construction.
#[derive(Clone, Debug)]
struct Segment {
    start: u64,
    bytes: Vec<u8>,
}

/// Builds a Spur object memory and its image file.
#[derive(Clone, Debug)]
pub struct ImageBuilder {
    word_size: WordSize,
    segments: Vec<Segment>,
    hidden_roots: u64,
    special_objects: u64,
    next_class_index: u32,
    header_flags: u64,
}

impl ImageBuilder {
    /// A 64-bit memory whose first object (nil) sits at `base`.
    pub fn new_64(base: u64) -> ImageBuilder {
        ImageBuilder::new(WordSize::Bits64, base)
    }

    /// A 32-bit memory whose first object (nil) sits at `base` (< 4 GiB).
    pub fn new_32(base: u64) -> ImageBuilder {
        ImageBuilder::new(WordSize::Bits32, base)
    }

    /// A memory of `word_size` with the fixed objects, kernel classes and
    /// special objects array in place.
    pub fn new(word_size: WordSize, base: u64) -> ImageBuilder {
        let mut builder = ImageBuilder {
            word_size,
            segments: vec![Segment {
                start: base,
                bytes: Vec::new(),
            }],
            hidden_roots: 0,
            special_objects: 0,
            next_class_index: FIRST_USER_CLASS_INDEX,
            header_flags: FLOATS_LITTLE_ENDIAN_FLAG,
        };
        builder.lay_out_fixed_objects();
        builder.lay_out_kernel_classes();
        builder.lay_out_special_objects();
        builder
    }

    fn lay_out_fixed_objects(&mut self) {
        for class in [UNDEFINED_OBJECT_INDEX, FALSE_INDEX, TRUE_INDEX] {
            self.add_object(class, ObjectFormat::ZERO_SIZED, &[]);
        }
        match self.word_size {
            WordSize::Bits64 => {
                self.add_raw(class_index::HIDDEN_WORDS64, ObjectFormat::WORDS64, 64, &[])
            }
            WordSize::Bits32 => {
                self.add_raw(class_index::HIDDEN_WORDS32, ObjectFormat::WORDS32, 32, &[])
            }
        };
        let nil = self.nil();
        let roots = vec![nil; stvm_object_model::layout::hidden_roots::NUM_SLOTS];
        self.hidden_roots =
            self.add_object(class_index::HIDDEN_ARRAY, ObjectFormat::INDEXABLE, &roots);
        for page in 0..2 {
            let entries = vec![nil; class_index::CLASS_TABLE_PAGE_SIZE as usize];
            let oop = self.add_object(class_index::HIDDEN_ARRAY, ObjectFormat::INDEXABLE, &entries);
            self.set_slot(self.hidden_roots, page, oop);
        }
    }

    fn lay_out_kernel_classes(&mut self) {
        let mut kernel = vec![
            (BEHAVIOR_INDEX, "Class"),
            (UNDEFINED_OBJECT_INDEX, "UndefinedObject"),
            (FALSE_INDEX, "False"),
            (TRUE_INDEX, "True"),
            (BYTE_SYMBOL_INDEX, "ByteSymbol"),
            (COMPILED_METHOD_INDEX, "CompiledMethod"),
            (class_index::SMALL_INTEGER, "SmallInteger"),
            (class_index::CHARACTER, "Character"),
            (class_index::LARGE_NEGATIVE_INTEGER, "LargeNegativeInteger"),
            (class_index::LARGE_POSITIVE_INTEGER, "LargePositiveInteger"),
            (class_index::BOXED_FLOAT, "BoxedFloat64"),
            (class_index::CONTEXT, "Context"),
            (class_index::BLOCK_CLOSURE, "BlockClosure"),
            (class_index::ARRAY, "Array"),
            (class_index::BYTE_STRING, "ByteString"),
        ];
        if self.word_size == WordSize::Bits64 {
            kernel.push((class_index::SMALL_FLOAT, "SmallFloat64"));
        }
        for (index, name) in kernel {
            self.add_class_at(index, name);
        }
        if self.word_size == WordSize::Bits32 {
            let small_integer = self.class_at(class_index::SMALL_INTEGER);
            self.set_class_at(class_index::SEGMENT_BRIDGE, small_integer);
        }
    }

    fn lay_out_special_objects(&mut self) {
        let nil = self.nil();
        let mut slots = vec![nil; so::SPECIAL_OBJECTS_SIZE];
        slots[so::FALSE_OBJECT] = self.false_object();
        slots[so::TRUE_OBJECT] = self.true_object();
        for (slot, index) in [
            (so::CLASS_SMALL_INTEGER, class_index::SMALL_INTEGER),
            (so::CLASS_BYTE_STRING, class_index::BYTE_STRING),
            (so::CLASS_ARRAY, class_index::ARRAY),
            (so::CLASS_FLOAT, class_index::BOXED_FLOAT),
            (so::CLASS_METHOD_CONTEXT, class_index::CONTEXT),
            (
                so::CLASS_LARGE_POSITIVE_INTEGER,
                class_index::LARGE_POSITIVE_INTEGER,
            ),
            (so::CLASS_BLOCK_CLOSURE, class_index::BLOCK_CLOSURE),
            (
                so::CLASS_LARGE_NEGATIVE_INTEGER,
                class_index::LARGE_NEGATIVE_INTEGER,
            ),
        ] {
            slots[slot] = self.class_at(index);
        }
        self.special_objects = self.add_object(class_index::ARRAY, ObjectFormat::INDEXABLE, &slots);
    }

    /// The word size being built.
    pub const fn word_size(&self) -> WordSize {
        self.word_size
    }

    /// Address of nil (the first object).
    pub fn nil(&self) -> u64 {
        self.segments[0].start
    }

    /// Address of false.
    pub fn false_object(&self) -> u64 {
        self.nil() + 16
    }

    /// Address of true.
    pub fn true_object(&self) -> u64 {
        self.nil() + 32
    }

    /// Address of the special objects array.
    pub const fn special_objects(&self) -> u64 {
        self.special_objects
    }

    /// Address of the hidden-roots object.
    pub const fn hidden_roots(&self) -> u64 {
        self.hidden_roots
    }

    /// The SmallInteger `value` in this word size.
    pub fn small_integer(&self, value: i64) -> u64 {
        match self.word_size {
            WordSize::Bits64 => ((value as u64) << 3) | 1,
            WordSize::Bits32 => u64::from(((value as u32) << 1) | 1),
        }
    }

    /// The Character `code` in this word size.
    pub fn character(&self, code: u32) -> u64 {
        match self.word_size {
            WordSize::Bits64 => (u64::from(code) << 3) | 2,
            WordSize::Bits32 => u64::from((code << 2) | 2),
        }
    }

    /// Sets the header flags the image file will carry.
    pub fn set_header_flags(&mut self, flags: u64) {
        self.header_flags = flags;
    }

    /// Starts a new segment `gap_bytes` (a multiple of 8) after the end of the
    /// current one's bridge; later objects go there.
    pub fn start_segment(&mut self, gap_bytes: u64) {
        let last = self
            .segments
            .last()
            .map_or(0, |s| s.start + s.bytes.len() as u64);
        self.segments.push(Segment {
            start: last + 16 + gap_bytes,
            bytes: Vec::new(),
        });
    }

    /// Adds a pointer object (format ≤ 5) with these slot words.
    pub fn add_object(&mut self, class_index: u32, format: ObjectFormat, slots: &[u64]) -> u64 {
        let mut body = Vec::with_capacity(slots.len() * 8);
        for &slot in slots {
            self.push_word(&mut body, slot);
        }
        self.add_raw(class_index, format, slots.len() as u64, &body)
    }

    /// Adds a byte-indexable object holding `bytes`.
    pub fn add_bytes(&mut self, class_index: u32, bytes: &[u8]) -> u64 {
        let (format, slots) = self.bits_shape(ObjectFormat::BYTES, bytes.len() as u64);
        self.add_raw(class_index, format, slots, bytes)
    }

    /// Adds a 32-bit-word-indexable object holding `words`.
    pub fn add_words32(&mut self, class_index: u32, words: &[u32]) -> u64 {
        let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        let (format, slots) = self.bits_shape(ObjectFormat::WORDS32, words.len() as u64);
        self.add_raw(class_index, format, slots, &bytes)
    }

    /// Adds a boxed float (class index 34), stored little-endian.
    pub fn add_boxed_float(&mut self, value: f64) -> u64 {
        let bits = value.to_bits();
        self.add_words32(
            class_index::BOXED_FLOAT,
            &[bits as u32, (bits >> 32) as u32],
        )
    }

    /// Adds a CompiledMethod with header value `header` (literal count in its
    /// low 15 bits; negative for Sista V1), literal words and bytecodes.
    pub fn add_method(&mut self, header: i64, literals: &[u64], bytecodes: &[u8]) -> u64 {
        let mut body = Vec::new();
        self.push_word(&mut body, self.small_integer(header));
        for &literal in literals {
            self.push_word(&mut body, literal);
        }
        body.extend_from_slice(bytecodes);
        let (format, slots) = self.bits_shape(ObjectFormat::COMPILED_METHOD, body.len() as u64);
        self.add_raw(COMPILED_METHOD_INDEX, format, slots, &body)
    }

    /// Adds a free chunk of `num_slots` slots.
    pub fn add_free_chunk(&mut self, num_slots: u64) -> u64 {
        self.add_raw(class_index::FREE, ObjectFormat::ZERO_SIZED, num_slots, &[])
    }

    /// Adds a forwarder to `target`.
    pub fn add_forwarder(&mut self, target: u64) -> u64 {
        let mut body = Vec::new();
        self.push_word(&mut body, target);
        self.add_raw(class_index::FORWARDED, ObjectFormat::FORWARDED, 1, &body)
    }

    /// Adds a class named `name` at the next free class index; answers (index, oop).
    pub fn add_class(&mut self, name: &str) -> (u32, u64) {
        let index = self.next_class_index;
        self.next_class_index += 1;
        (index, self.add_class_at(index, name))
    }

    /// Adds a class named `name` and enters it in the class table at `index`.
    pub fn add_class_at(&mut self, index: u32, name: &str) -> u64 {
        let symbol = self.add_bytes(BYTE_SYMBOL_INDEX, name.as_bytes());
        let nil = self.nil();
        let format = self.small_integer(0);
        let slots = [nil, nil, format, nil, nil, nil, symbol];
        let oop = self.add_object(BEHAVIOR_INDEX, ObjectFormat::FIXED, &slots);
        self.set_identity_hash(oop, index);
        self.set_class_at(index, oop);
        oop
    }

    /// The class at `index` of the class table (nil if none).
    pub fn class_at(&self, index: u32) -> u64 {
        let page = self.slot(self.hidden_roots, u64::from(index >> 10));
        self.slot(page, u64::from(index & 1023))
    }

    /// Enters `class` at `index` of the class table (pages 0 and 1 only).
    pub fn set_class_at(&mut self, index: u32, class: u64) {
        let page = self.slot(self.hidden_roots, u64::from(index >> 10));
        self.set_slot(page, u64::from(index & 1023), class);
    }

    /// Slot `index` of the object at `oop`.
    pub fn slot(&self, oop: u64, index: u64) -> u64 {
        let (segment, offset) = self.locate(oop);
        let at = offset + 8 + index as usize * self.word_size.bytes() as usize;
        let bytes = &self.segments[segment].bytes;
        match self.word_size {
            WordSize::Bits64 => u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or([0; 8])),
            WordSize::Bits32 => u64::from(u32::from_le_bytes(
                bytes[at..at + 4].try_into().unwrap_or([0; 4]),
            )),
        }
    }

    /// Stores `value` into slot `index` of the object at `oop`.
    pub fn set_slot(&mut self, oop: u64, index: u64, value: u64) {
        let (segment, offset) = self.locate(oop);
        let at = offset + 8 + index as usize * self.word_size.bytes() as usize;
        let bytes = &mut self.segments[segment].bytes;
        match self.word_size {
            WordSize::Bits64 => bytes[at..at + 8].copy_from_slice(&value.to_le_bytes()),
            WordSize::Bits32 => bytes[at..at + 4].copy_from_slice(&(value as u32).to_le_bytes()),
        }
    }

    /// Overwrites the header word of the object at `oop`.
    pub fn set_header(&mut self, oop: u64, header: ObjectHeader) {
        let (segment, offset) = self.locate(oop);
        self.segments[segment].bytes[offset..offset + 8]
            .copy_from_slice(&header.bits().to_le_bytes());
    }

    /// The header word of the object at `oop`.
    pub fn header(&self, oop: u64) -> ObjectHeader {
        let (segment, offset) = self.locate(oop);
        let bytes = &self.segments[segment].bytes;
        ObjectHeader(u64::from_le_bytes(
            bytes[offset..offset + 8].try_into().unwrap_or([0; 8]),
        ))
    }

    fn set_identity_hash(&mut self, oop: u64, hash: u32) {
        let header = self.header(oop).with_identity_hash(hash);
        self.set_header(oop, header);
    }

    /// The segments built so far: (address of first byte, object bytes).
    pub fn segments(&self) -> Vec<(u64, &[u8])> {
        self.segments
            .iter()
            .map(|s| (s.start, s.bytes.as_slice()))
            .collect()
    }

    /// The objects of the first segment.
    pub fn space_bytes(&self) -> &[u8] {
        &self.segments[0].bytes
    }

    /// The image file: format 68021 or 6521, header flags as set, last hash 0.
    pub fn image_file(&self) -> Vec<u8> {
        let format = match self.word_size {
            WordSize::Bits32 => FORMAT_SPUR_32,
            WordSize::Bits64 => FORMAT_SPUR_64,
        };
        self.image_file_with_format(format)
    }

    /// The image file with an explicit format number.
    pub fn image_file_with_format(&self, format: u32) -> Vec<u8> {
        let segments = self.segments();
        let request = ImageWriteRequest {
            segments: &segments,
            special_objects: self.special_objects,
            last_hash: 0,
            header_flags: self.header_flags,
            format,
            extra: HeaderExtras::default(),
        };
        let mut file = Vec::new();
        // Writing to a Vec cannot fail; a request error means a builder bug.
        if let Err(error) = write_segments(&mut file, &request) {
            panic!("builder produced an unwritable image: {error}");
        }
        file
    }

    fn bits_shape(&self, base: ObjectFormat, count: u64) -> (ObjectFormat, u64) {
        match self.word_size {
            WordSize::Bits64 => base.for_element_count(count),
            WordSize::Bits32 => {
                let per_word = 4 / base.element_bytes() as u64;
                let slots = count.div_ceil(per_word);
                let unused = slots * per_word - count;
                (ObjectFormat(base.value() + unused as u8), slots)
            }
        }
    }

    fn push_word(&self, body: &mut Vec<u8>, word: u64) {
        match self.word_size {
            WordSize::Bits64 => body.extend_from_slice(&word.to_le_bytes()),
            WordSize::Bits32 => body.extend_from_slice(&(word as u32).to_le_bytes()),
        }
    }

    /// Appends an object with `num_slots` slots whose body starts with `body`.
    fn add_raw(&mut self, class: u32, format: ObjectFormat, num_slots: u64, body: &[u8]) -> u64 {
        let word = self.word_size.bytes();
        let body_bytes = match self.word_size {
            WordSize::Bits64 => num_slots.max(1) * word,
            WordSize::Bits32 => num_slots.max(1).next_multiple_of(2) * word,
        };
        let header = ObjectHeader::new(num_slots, format, class);
        let segment = self.segments.last_mut().map(|s| (s.start, &mut s.bytes));
        let Some((start, bytes)) = segment else {
            return 0;
        };
        if num_slots >= 255 {
            bytes.extend_from_slice(&overflow_word(num_slots).to_le_bytes());
        }
        let oop = start + bytes.len() as u64;
        bytes.extend_from_slice(&header.bits().to_le_bytes());
        let body_start = bytes.len();
        bytes.extend_from_slice(body);
        bytes.resize(body_start + body_bytes as usize, 0);
        oop
    }

    fn locate(&self, oop: u64) -> (usize, usize) {
        for (index, segment) in self.segments.iter().enumerate() {
            if oop >= segment.start && oop < segment.start + segment.bytes.len() as u64 {
                return (index, (oop - segment.start) as usize);
            }
        }
        panic!("builder: {oop:#x} is not an object address");
    }
}
