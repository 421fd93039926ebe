//! Allocation: the eden fast path, old space for large objects and when eden is
//! full, and instantiation of a class by its format word.
//!
//! Allocation never moves objects. When eden fills past its threshold the heap
//! only *requests* a scavenge (`needs_scavenge`); the interpreter runs it at its
//! next safe point with its roots. If eden is exhausted before then, objects go
//! to old space, so a primitive that allocates several objects never sees one move.
use stvm_object_model::{class_index, header, layout, ObjectFormat, Oop};

use crate::error::HeapError;
use crate::heap::Heap;

impl Heap {
    /// Allocates an object with `num_slots` slots, pointer slots set to nil and
    /// bits zeroed. Young unless large; old when eden is exhausted.
    #[inline]
    pub fn allocate(
        &mut self,
        class_index: u32,
        format: ObjectFormat,
        num_slots: usize,
    ) -> Result<Oop, HeapError> {
        let slots = num_slots as u64;
        if slots > header::MAX_SLOTS {
            return Err(HeapError::TooManySlots { slots });
        }
        let bytes = header::bytes_for_slots(slots);
        if cfg!(feature = "gc-stress") {
            self.needs_scavenge = true;
        }
        if bytes < self.config.large_object_bytes {
            if let Some(chunk) = self.new_space.eden.bump(bytes) {
                if self.new_space.eden.top > self.new_space.scavenge_threshold {
                    self.needs_scavenge = true;
                }
                return Ok(self.initialize_object(chunk, slots, format, class_index));
            }
            self.needs_scavenge = true;
        }
        self.allocate_old(class_index, format, num_slots)
    }

    /// Allocates directly in old space.
    pub fn allocate_old(
        &mut self,
        class_index: u32,
        format: ObjectFormat,
        num_slots: usize,
    ) -> Result<Oop, HeapError> {
        let slots = num_slots as u64;
        if slots > header::MAX_SLOTS {
            return Err(HeapError::TooManySlots { slots });
        }
        let bytes = header::bytes_for_slots(slots);
        let chunk = self.allocate_old_chunk(bytes)?;
        self.statistics.old_bytes_allocated += bytes;
        Ok(self.initialize_object(chunk, slots, format, class_index))
    }

    /// Finds `bytes` of old space: a free chunk, the top of the last segment,
    /// the top of any other segment, else a new segment.
    pub(crate) fn allocate_old_chunk(&mut self, bytes: u64) -> Result<u64, HeapError> {
        if let Some(chunk) = self.allocate_from_free_chunks(bytes) {
            return Ok(chunk);
        }
        if let Some(chunk) = self
            .old_space
            .segments
            .last_mut()
            .and_then(|s| s.bump(bytes))
        {
            return Ok(chunk);
        }
        if let Some(chunk) = self
            .old_space
            .segments
            .iter_mut()
            .find_map(|s| s.bump(bytes))
        {
            return Ok(chunk);
        }
        let index = self.add_old_segment(bytes)?;
        self.old_space.segments[index]
            .bump(bytes)
            .ok_or(HeapError::OutOfMemory { bytes })
    }

    /// Allocates a pinned object directly in old space (it never moves).
    pub fn allocate_pinned(
        &mut self,
        class_index: u32,
        format: ObjectFormat,
        num_slots: usize,
    ) -> Result<Oop, HeapError> {
        let oop = self.allocate_old(class_index, format, num_slots)?;
        let header = self.header(oop).with_pinned(true);
        self.set_header(oop, header);
        Ok(oop)
    }

    fn initialize_object(
        &mut self,
        chunk: u64,
        slots: u64,
        format: ObjectFormat,
        class_index: u32,
    ) -> Oop {
        let oop = self.write_header_at(chunk, slots, format, class_index);
        let fill = if format.is_pointers() {
            self.nil.bits()
        } else {
            0
        };
        self.memory
            .fill_words(oop.address() + 8, slots.max(1) * 8, fill);
        oop
    }

    /// A new instance of `class` with `indexable_size` indexable elements, as
    /// `instantiateClass:indexableSize:` does: the class's format word decides
    /// the object format and fixed fields. Fails for non-indexable classes asked
    /// for elements.
    pub fn instantiate(&mut self, class: Oop, indexable_size: usize) -> Result<Oop, HeapError> {
        let (format, fixed) = self.instance_spec_of(class)?;
        let (format, slots) = instance_shape(format, fixed, indexable_size as u64)?;
        let class_index = self.ensure_class_index(class)?;
        self.allocate(class_index, format, slots as usize)
    }

    /// The (instance format, fixed field count) a class's format word encodes.
    pub fn instance_spec_of(&self, class: Oop) -> Result<(ObjectFormat, usize), HeapError> {
        if !class.is_pointer()
            || !self.format_of(class).is_pointers()
            || self.num_slots(class) <= layout::class::FORMAT
        {
            return Err(HeapError::NotAClass);
        }
        let word = self
            .fetch_pointer(class, layout::class::FORMAT)
            .as_small_integer()
            .ok_or(HeapError::NotAClass)?;
        Ok((
            ObjectFormat(layout::class::instance_format(word)),
            layout::class::fixed_fields(word),
        ))
    }

    /// A new Array (class index 51) of `length` nils.
    pub fn new_array(&mut self, length: usize) -> Result<Oop, HeapError> {
        self.allocate(class_index::ARRAY, ObjectFormat::INDEXABLE, length)
    }

    /// A new Array holding `elements`.
    pub fn new_array_with(&mut self, elements: &[Oop]) -> Result<Oop, HeapError> {
        let array = self.new_array(elements.len())?;
        for (index, element) in elements.iter().enumerate() {
            self.store_pointer(array, index, *element);
        }
        Ok(array)
    }

    /// A new byte-format object of class index `class_index` holding `bytes`.
    pub fn new_bytes(&mut self, class_index: u32, bytes: &[u8]) -> Result<Oop, HeapError> {
        let (format, slots) = ObjectFormat::BYTES.for_element_count(bytes.len() as u64);
        let oop = self.allocate(class_index, format, slots as usize)?;
        self.bytes_mut(oop).copy_from_slice(bytes);
        Ok(oop)
    }

    /// A new ByteString (class index 52).
    pub fn new_byte_string(&mut self, text: &[u8]) -> Result<Oop, HeapError> {
        self.new_bytes(class_index::BYTE_STRING, text)
    }

    /// True once eden has filled past its threshold; the mutator should scavenge.
    #[inline(always)]
    pub fn needs_scavenge(&self) -> bool {
        self.needs_scavenge
    }
}

/// Object format and slot count of an instance with `fixed` named fields and
/// `indexable` elements of the given class-side format.
pub fn instance_shape(
    format: ObjectFormat,
    fixed: usize,
    indexable: u64,
) -> Result<(ObjectFormat, u64), HeapError> {
    let fixed = fixed as u64;
    match format.base().value() {
        0 | 1 | 5 if indexable > 0 => Err(HeapError::NotAClass),
        0 => Ok((format, 0)),
        1 | 5 => Ok((format, fixed)),
        2 => Ok((format, indexable)),
        3 | 4 => Ok((format, fixed + indexable)),
        9..=31 => Ok(format.for_element_count(indexable)),
        _ => Err(HeapError::NotAClass),
    }
}
