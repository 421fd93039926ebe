//! Walking the heap object by object: every space, in address order. Hidden
//! objects (class index ≤ 31) and free chunks are skipped by the Smalltalk-level
//! enumerations (`allObjects`, `allInstances`) but seen by `for_each_chunk`.
use stvm_object_model::{class_index, Oop};

use crate::heap::Heap;
use crate::space::Space;

impl Heap {
    /// The spaces holding objects: past survivor space, eden, old segments.
    pub fn occupied_spaces(&self) -> Vec<Space> {
        let mut spaces = vec![self.new_space.past, self.new_space.eden];
        spaces.extend(self.old_space.segments.iter().copied());
        spaces
    }

    /// Calls `visit` for every object, free chunk and hidden object included.
    pub fn for_each_chunk(&self, mut visit: impl FnMut(Oop)) {
        for space in self.occupied_spaces() {
            let mut chunk = space.start;
            while chunk < space.top {
                let oop = self.object_starting_at(chunk);
                visit(oop);
                chunk = self.address_after(oop);
            }
        }
    }

    /// Every object visible to Smalltalk (`allObjects`): no free chunks,
    /// forwarders or hidden objects.
    pub fn all_objects(&self) -> Vec<Oop> {
        let mut objects = Vec::new();
        self.for_each_chunk(|oop| {
            if !class_index::is_hidden(self.header(oop).class_index()) {
                objects.push(oop);
            }
        });
        objects
    }

    /// Every object whose class is `class` (`allInstances`).
    pub fn all_instances_of(&self, class: Oop) -> Vec<Oop> {
        if class.is_immediate() {
            return Vec::new();
        }
        let index = self.header(class).identity_hash();
        if index == 0 || self.class_at_index(index) != class {
            return Vec::new();
        }
        let mut objects = Vec::new();
        self.for_each_chunk(|oop| {
            if self.header(oop).class_index() == index {
                objects.push(oop);
            }
        });
        objects
    }
}

impl Heap {
    /// Calls `visit` with every object of every space (free chunks skipped),
    /// allowing it to change the heap (but not to allocate).
    pub(crate) fn for_each_object_mut(&mut self, mut visit: impl FnMut(&mut Heap, Oop)) {
        for space in self.occupied_spaces() {
            self.for_each_object_in_mut(space, &mut visit);
        }
    }

    /// As `for_each_object_mut`, over new space only.
    pub(crate) fn for_each_young_object_mut(&mut self, mut visit: impl FnMut(&mut Heap, Oop)) {
        for space in [self.new_space.past, self.new_space.eden] {
            self.for_each_object_in_mut(space, &mut visit);
        }
    }

    fn for_each_object_in_mut(&mut self, space: Space, visit: &mut impl FnMut(&mut Heap, Oop)) {
        let mut chunk = space.start;
        while chunk < space.top {
            let oop = self.object_starting_at(chunk);
            chunk = self.address_after(oop);
            if !self.header(oop).is_free() {
                visit(self, oop);
            }
        }
    }
}
