//! Reading and writing objects: headers, slots, bytes and wider elements, with
//! the store check that keeps the remembered set complete. Every pointer store
//! into an object goes through `store_pointer` (or the checked variant).
use stvm_object_model::{header, ObjectFormat, ObjectHeader, Oop};

use crate::error::StoreError;
use crate::heap::Heap;

/// An object found by a heap walk: [`Heap::object_at_chunk`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChunkedObject {
    /// The object.
    pub(crate) oop: Oop,
    /// Its header.
    pub(crate) header: ObjectHeader,
    /// Its slot count (from the overflow word when it has one).
    pub(crate) num_slots: usize,
    /// The first address after its last slot (where the next chunk starts).
    pub(crate) end: u64,
}

impl Heap {
    /// nil.
    #[inline(always)]
    pub fn nil(&self) -> Oop {
        self.nil
    }
    /// false.
    #[inline(always)]
    pub fn false_object(&self) -> Oop {
        self.false_object
    }
    /// true.
    #[inline(always)]
    pub fn true_object(&self) -> Oop {
        self.true_object
    }
    /// true or false.
    #[inline(always)]
    pub fn boolean(&self, value: bool) -> Oop {
        if value {
            self.true_object
        } else {
            self.false_object
        }
    }
    /// The hidden-roots object (class-table pages and GC roots).
    pub fn hidden_roots(&self) -> Oop {
        self.hidden_roots
    }
    /// The free-lists object.
    pub fn free_lists_object(&self) -> Oop {
        self.free_lists
    }

    /// The special objects array (nil until set).
    #[inline(always)]
    pub fn special_objects_array(&self) -> Oop {
        self.special_objects
    }
    /// Installs the special objects array.
    pub fn set_special_objects_array(&mut self, array: Oop) {
        self.special_objects = array;
    }
    /// Slot `index` of the special objects array (nil if absent).
    #[inline]
    pub fn special_object(&self, index: usize) -> Oop {
        if self.special_objects == self.nil || index >= self.num_slots(self.special_objects) {
            return self.nil;
        }
        self.fetch_pointer(self.special_objects, index)
    }

    /// The header of a non-immediate.
    #[inline(always)]
    pub fn header(&self, oop: Oop) -> ObjectHeader {
        ObjectHeader(self.memory.read_u64(oop.address()))
    }
    /// Replaces the header of a non-immediate (the caller keeps it consistent).
    #[inline(always)]
    pub fn set_header(&mut self, oop: Oop, header: ObjectHeader) {
        self.memory.write_u64(oop.address(), header.bits());
    }

    /// Slot count of a non-immediate, reading the overflow word when present.
    #[inline(always)]
    pub fn num_slots(&self, oop: Oop) -> usize {
        let raw = self.header(oop).raw_num_slots();
        if raw == header::OVERFLOW_SLOTS {
            header::overflow_word_slots(self.memory.read_u64(oop.address() - 8)) as usize
        } else {
            raw as usize
        }
    }

    /// The format of a non-immediate.
    #[inline(always)]
    pub fn format_of(&self, oop: Oop) -> ObjectFormat {
        self.header(oop).format()
    }

    /// The class index of any oop, immediates included.
    #[inline(always)]
    pub fn class_index_of(&self, oop: Oop) -> u32 {
        match oop.immediate_class_index() {
            Some(index) => index,
            None => self.header(oop).class_index(),
        }
    }

    /// Changes the class index of a non-immediate.
    pub fn set_class_index_of(&mut self, oop: Oop, class_index: u32) {
        let header = self.header(oop).with_class_index(class_index);
        self.set_header(oop, header);
    }

    /// The number of indexable-or-bits elements: slots for pointer objects,
    /// bytes/shorts/words for bits objects (padding excluded).
    #[inline]
    pub fn element_count(&self, oop: Oop) -> usize {
        self.format_of(oop)
            .element_count(self.num_slots(oop) as u64) as usize
    }

    /// The object whose chunk (overflow word or header) starts at `chunk`.
    #[inline(always)]
    pub fn object_starting_at(&self, chunk: u64) -> Oop {
        if self.memory.read_u64(chunk) >> header::NUM_SLOTS_SHIFT == header::OVERFLOW_SLOTS {
            Oop::from_address(chunk + 8)
        } else {
            Oop::from_address(chunk)
        }
    }

    /// The object whose chunk starts at `chunk`, its header, its slot count
    /// and the address after it, reading each header word once (for walks).
    #[inline(always)]
    pub(crate) fn object_at_chunk(&self, chunk: u64) -> ChunkedObject {
        let first = self.memory.read_u64(chunk);
        let (oop, header, num_slots) = if first >> header::NUM_SLOTS_SHIFT == header::OVERFLOW_SLOTS
        {
            let header = ObjectHeader(self.memory.read_u64(chunk + 8));
            (chunk + 8, header, header::overflow_word_slots(first))
        } else {
            (chunk, ObjectHeader(first), first >> header::NUM_SLOTS_SHIFT)
        };
        ChunkedObject {
            oop: Oop::from_address(oop),
            header,
            num_slots: num_slots as usize,
            end: oop + 8 + 8 * num_slots.max(1),
        }
    }

    /// First address after `oop`'s last slot (the next chunk starts there).
    #[inline(always)]
    pub fn address_after(&self, oop: Oop) -> u64 {
        let slots = self.num_slots(oop).max(1) as u64;
        oop.address() + 8 + slots * 8
    }

    /// Where `oop`'s chunk starts (its overflow word, if any).
    #[inline(always)]
    pub fn chunk_start(&self, oop: Oop) -> u64 {
        if self.header(oop).has_overflow_slots() {
            oop.address() - 8
        } else {
            oop.address()
        }
    }

    /// Slot `index` of a pointer object (no bounds check beyond debug builds).
    #[inline(always)]
    pub fn fetch_pointer(&self, oop: Oop, index: usize) -> Oop {
        debug_assert!(index < self.num_slots(oop), "slot {index} of {oop:?}");
        Oop(self.memory.read_u64(oop.address() + 8 + 8 * index as u64))
    }

    /// Stores into slot `index` with the store check, ignoring the read-only bit
    /// (for the VM itself; Smalltalk-level stores use `store_pointer_checked`).
    #[inline(always)]
    pub fn store_pointer(&mut self, oop: Oop, index: usize, value: Oop) {
        debug_assert!(index < self.num_slots(oop), "slot {index} of {oop:?}");
        self.memory
            .write_u64(oop.address() + 8 + 8 * index as u64, value.bits());
        self.store_check(oop, value);
    }

    /// Stores into slot `index` of a pointer object, refusing read-only objects,
    /// bits objects and indices out of bounds.
    pub fn store_pointer_checked(
        &mut self,
        oop: Oop,
        index: usize,
        value: Oop,
    ) -> Result<(), StoreError> {
        if oop.is_immediate() {
            return Err(StoreError::Immediate);
        }
        let header = self.header(oop);
        if header.is_immutable() {
            return Err(StoreError::ReadOnly);
        }
        if !header.format().is_pointers() {
            return Err(StoreError::NotPointers);
        }
        if index >= self.num_slots(oop) {
            return Err(StoreError::IndexOutOfBounds);
        }
        self.store_pointer(oop, index, value);
        Ok(())
    }

    /// Stores without the store check: only for values known not to be young
    /// objects (immediates, nil, old objects) or into young objects.
    #[inline(always)]
    pub fn store_pointer_unchecked(&mut self, oop: Oop, index: usize, value: Oop) {
        debug_assert!(index < self.num_slots(oop), "slot {index} of {oop:?}");
        self.memory
            .write_u64(oop.address() + 8 + 8 * index as u64, value.bits());
    }

    /// Copies `count` slots of pointer object `from`, from slot `source` on,
    /// into pointer object `to` from slot `destination` on (the ranges may
    /// overlap), with one store check for them all; false (nothing copied) if
    /// a range is out of bounds.
    pub fn copy_slots(
        &mut self,
        from: Oop,
        source: usize,
        to: Oop,
        destination: usize,
        count: usize,
    ) -> bool {
        if !self.copy_bytes(from, 8 * source, to, 8 * destination, 8 * count) {
            return false;
        }
        // An old object holds young ones only if it is remembered.
        let may_copy_young = self.is_young(from) || self.header(from).is_remembered();
        if may_copy_young && !self.is_young(to) && !self.header(to).is_remembered() {
            let copied = self
                .memory
                .words(to.address() + 8 + 8 * destination as u64, count);
            if copied
                .iter()
                .any(|bits| self.is_young(Oop::from_bits(*bits)))
            {
                self.remember(to);
            }
        }
        true
    }

    /// Copies `count` bytes of the body of `from`, from byte `source` on, into
    /// the body of `to` from byte `destination` on (the ranges may overlap; no
    /// store check: see `copy_slots` for pointers); false (nothing copied) if a
    /// range is out of bounds.
    pub fn copy_bytes(
        &mut self,
        from: Oop,
        source: usize,
        to: Oop,
        destination: usize,
        count: usize,
    ) -> bool {
        if source + count > self.byte_size(from) || destination + count > self.byte_size(to) {
            return false;
        }
        self.memory.copy(
            from.address() + 8 + source as u64,
            to.address() + 8 + destination as u64,
            count,
        );
        true
    }

    /// Sets every slot of a pointer object to `value` (no store check: use only
    /// with old or immediate values, or on young objects).
    pub(crate) fn fill_pointers(&mut self, oop: Oop, value: Oop) {
        let slots = self.num_slots(oop) as u64;
        self.memory
            .fill_words(oop.address() + 8, slots * 8, value.bits());
    }

    /// True if `oop` is a young (new-space) object.
    #[inline(always)]
    pub fn is_young(&self, oop: Oop) -> bool {
        oop.address().wrapping_sub(self.young_start) < self.young_bytes && oop.is_pointer()
    }

    /// True if `oop` is an old-space object.
    #[inline(always)]
    pub fn is_old(&self, oop: Oop) -> bool {
        oop.address() >= self.old_start && oop.is_pointer()
    }

    /// Remembers `holder` when an old object comes to reference a young one.
    #[inline(always)]
    pub fn store_check(&mut self, holder: Oop, value: Oop) {
        if self.is_young(value) && !self.is_young(holder) {
            self.remember(holder);
        }
    }

    /// Adds an old object to the remembered set (once).
    pub fn remember(&mut self, holder: Oop) {
        let header = self.header(holder);
        if !header.is_remembered() {
            self.set_header(holder, header.with_remembered(true));
            self.remembered_set.push(holder);
        }
    }

    /// The old objects that may reference young ones.
    pub fn remembered_set(&self) -> &[Oop] {
        &self.remembered_set
    }

    /// The bytes of a bits or compiled-code object (padding excluded; for
    /// compiled code this is the whole body: header word, literals, bytecodes).
    #[inline]
    pub fn bytes(&self, oop: Oop) -> &[u8] {
        let len = self.byte_size(oop);
        self.memory.slice(oop.address() + 8, len)
    }

    /// The writable bytes of a bits or compiled-code object.
    #[inline]
    pub fn bytes_mut(&mut self, oop: Oop) -> &mut [u8] {
        let len = self.byte_size(oop);
        self.memory.slice_mut(oop.address() + 8, len)
    }

    /// The number of bytes `bytes` answers: element count × element size for
    /// bits objects, all slots for pointer objects.
    #[inline]
    pub fn byte_size(&self, oop: Oop) -> usize {
        let format = self.format_of(oop);
        let slots = self.num_slots(oop) as u64;
        if format.is_pointers() {
            (slots * 8) as usize
        } else {
            format.element_count(slots) as usize * format.element_bytes()
        }
    }

    /// Raw bytes of all slots, padding included (for copying and hashing).
    pub fn slot_bytes(&self, oop: Oop) -> &[u8] {
        let len = self.num_slots(oop) * 8;
        self.memory.slice(oop.address() + 8, len)
    }

    /// Byte `index` (0-based) of the object body.
    #[inline(always)]
    pub fn fetch_byte(&self, oop: Oop, index: usize) -> u8 {
        debug_assert!(index < self.num_slots(oop) * 8);
        self.memory.read_u8(oop.address() + 8 + index as u64)
    }

    /// Stores byte `index` (0-based) of the object body.
    #[inline(always)]
    pub fn store_byte(&mut self, oop: Oop, index: usize, value: u8) {
        debug_assert!(index < self.num_slots(oop) * 8);
        self.memory
            .write_u8(oop.address() + 8 + index as u64, value);
    }

    /// 16-bit element `index` (0-based).
    pub fn fetch_u16(&self, oop: Oop, index: usize) -> u16 {
        let b = self.memory.slice(oop.address() + 8 + 2 * index as u64, 2);
        u16::from_le_bytes([b[0], b[1]])
    }
    /// Stores 16-bit element `index` (0-based).
    pub fn store_u16(&mut self, oop: Oop, index: usize, value: u16) {
        self.memory
            .slice_mut(oop.address() + 8 + 2 * index as u64, 2)
            .copy_from_slice(&value.to_le_bytes());
    }
    /// 32-bit element `index` (0-based).
    pub fn fetch_u32(&self, oop: Oop, index: usize) -> u32 {
        let b = self.memory.slice(oop.address() + 8 + 4 * index as u64, 4);
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }
    /// Stores 32-bit element `index` (0-based).
    pub fn store_u32(&mut self, oop: Oop, index: usize, value: u32) {
        self.memory
            .slice_mut(oop.address() + 8 + 4 * index as u64, 4)
            .copy_from_slice(&value.to_le_bytes());
    }
    /// 64-bit element (raw slot word) `index` (0-based).
    #[inline(always)]
    pub fn fetch_u64(&self, oop: Oop, index: usize) -> u64 {
        self.memory.read_u64(oop.address() + 8 + 8 * index as u64)
    }
    /// Stores 64-bit element (raw slot word) `index` (0-based); no store check.
    #[inline(always)]
    pub fn store_u64(&mut self, oop: Oop, index: usize, value: u64) {
        self.memory
            .write_u64(oop.address() + 8 + 8 * index as u64, value);
    }

    /// Read-only bit.
    pub fn is_immutable(&self, oop: Oop) -> bool {
        oop.is_immediate() || self.header(oop).is_immutable()
    }
    /// Sets or clears the read-only bit of a non-immediate.
    pub fn set_immutable(&mut self, oop: Oop, value: bool) {
        if oop.is_pointer() {
            let header = self.header(oop).with_immutable(value);
            self.set_header(oop, header);
        }
    }
    /// Pinned bit.
    pub fn is_pinned(&self, oop: Oop) -> bool {
        oop.is_pointer() && self.header(oop).is_pinned()
    }
}
