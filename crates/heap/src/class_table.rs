//! The class table: 1024-entry pages hanging off the hidden-roots object. A
//! class's identity hash is its index; page 0 (indices below 1024) is reserved
//! for classes the VM knows by index, others are entered from 1024 upward.
use stvm_object_model::{class_index, layout::hidden_roots, ObjectFormat, Oop};

use crate::error::HeapError;
use crate::heap::Heap;

impl Heap {
    /// The class at `index`, or nil when the entry (or its page) is empty.
    #[inline]
    pub fn class_at_index(&self, index: u32) -> Oop {
        let major = (index >> class_index::CLASS_TABLE_MAJOR_SHIFT) as usize;
        if major >= hidden_roots::CLASS_TABLE_PAGES {
            return self.nil;
        }
        let page = self.fetch_pointer(self.hidden_roots, major);
        if page == self.nil {
            return self.nil;
        }
        self.fetch_pointer(
            page,
            (index & (class_index::CLASS_TABLE_PAGE_SIZE - 1)) as usize,
        )
    }

    /// The class of any oop, through the class table.
    #[inline]
    pub fn class_of(&self, oop: Oop) -> Oop {
        self.class_at_index(self.class_index_of(oop))
    }

    /// Puts `class` at `index` and makes `index` its identity hash.
    pub fn set_class_at_index(&mut self, index: u32, class: Oop) -> Result<(), HeapError> {
        if index > class_index::MAX_CLASS_INDEX || class.is_immediate() {
            return Err(HeapError::NotAClass);
        }
        let major = (index >> class_index::CLASS_TABLE_MAJOR_SHIFT) as usize;
        let mut page = self.fetch_pointer(self.hidden_roots, major);
        if page == self.nil {
            page = self.new_class_table_page()?;
            self.store_pointer(self.hidden_roots, major, page);
        }
        self.store_pointer(
            page,
            (index & (class_index::CLASS_TABLE_PAGE_SIZE - 1)) as usize,
            class,
        );
        let header = self.header(class).with_identity_hash(index);
        self.set_header(class, header);
        Ok(())
    }

    /// The class-table index of `class`, entering it at the next free index
    /// (from 1024 up) if it has none yet.
    pub fn ensure_class_index(&mut self, class: Oop) -> Result<u32, HeapError> {
        if class.is_immediate() {
            return Err(HeapError::NotAClass);
        }
        let hash = self.header(class).identity_hash();
        if hash != 0 && self.class_at_index(hash) == class {
            return Ok(hash);
        }
        let index = self.next_free_class_index()?;
        self.set_class_at_index(index, class)?;
        Ok(index)
    }

    fn next_free_class_index(&mut self) -> Result<u32, HeapError> {
        let mut index = self
            .next_free_class_index
            .max(class_index::FIRST_UNRESERVED);
        while index <= class_index::MAX_CLASS_INDEX {
            if self.class_at_index(index) == self.nil {
                self.next_free_class_index = index + 1;
                return Ok(index);
            }
            index += 1;
        }
        Err(HeapError::ClassTableFull)
    }

    /// A new, nil-filled class-table page (a hidden array, in old space).
    pub(crate) fn new_class_table_page(&mut self) -> Result<Oop, HeapError> {
        let page = self.allocate_old(
            class_index::HIDDEN_ARRAY,
            ObjectFormat::INDEXABLE,
            class_index::CLASS_TABLE_PAGE_SIZE as usize,
        )?;
        Ok(page)
    }
}
