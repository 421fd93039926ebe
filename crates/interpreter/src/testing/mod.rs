//! Builders of small worlds for tests and benchmarks: a fresh `Heap` with the
//! kernel classes the VM knows (Spur layouts, metaclasses, method dictionaries),
//! interned Symbols, CompiledMethods / CompiledBlocks, the special objects array,
//! the special selectors and a Processor with an active Process.
//!
//! Oops handed out stay valid until the first garbage collection.
mod kernel;
mod method_builder;

use std::collections::HashMap;

use stvm_heap::{Heap, HeapConfig};
use stvm_object_model::{class_index, layout, ObjectFormat, Oop};

use crate::interpreter::Interpreter;
use crate::platform::FakePlatform;

pub use kernel::Classes;
pub use method_builder::MethodBuilder;

/// Slots of every class object (Pharo-like: superclass, methodDict, format,
/// instanceVariables, organization, subclasses, name, …).
pub const CLASS_SLOTS: usize = 8;
/// Slot of a class's name (a Symbol).
pub const CLASS_NAME_SLOT: usize = 6;
/// Slot of a metaclass's sole instance.
pub const THIS_CLASS_SLOT: usize = 5;

/// A heap under construction with the kernel classes.
pub struct World {
    /// The heap being built.
    pub heap: Heap,
    /// The kernel classes.
    pub classes: Classes,
    symbols: HashMap<Vec<u8>, Oop>,
    metaclass_index: u32,
}

impl World {
    /// A world on a small test heap.
    pub fn new() -> World {
        Self::with_config(HeapConfig::small_for_tests())
    }

    /// A world on a heap with `config`.
    pub fn with_config(config: HeapConfig) -> World {
        let heap = Heap::new(config).expect("test heap");
        kernel::build(heap)
    }

    /// The interned Symbol for `name`.
    pub fn symbol(&mut self, name: &str) -> Oop {
        if let Some(symbol) = self.symbols.get(name.as_bytes()) {
            return *symbol;
        }
        let class = self.classes.byte_symbol;
        let index = self.heap.ensure_class_index(class).expect("class index");
        let symbol = self.heap.new_bytes(index, name.as_bytes()).expect("symbol");
        self.heap.identity_hash(symbol);
        self.symbols.insert(name.as_bytes().to_vec(), symbol);
        symbol
    }

    /// A new class `name` under `superclass` whose instances have `format` and
    /// `fixed_fields` named slots, entered in the class table (at `index` if given).
    pub fn define_class(
        &mut self,
        name: &str,
        superclass: Oop,
        format: ObjectFormat,
        fixed_fields: usize,
    ) -> Oop {
        self.define_class_at(name, superclass, format, fixed_fields, None)
    }

    pub(crate) fn define_class_at(
        &mut self,
        name: &str,
        superclass: Oop,
        format: ObjectFormat,
        fixed_fields: usize,
        index: Option<u32>,
    ) -> Oop {
        let metaclass =
            self.new_class_object(self.metaclass_index, ObjectFormat::FIXED, CLASS_SLOTS);
        let meta_index = self
            .heap
            .ensure_class_index(metaclass)
            .expect("class table");
        let class = self.new_class_object(meta_index, format, fixed_fields);
        match index {
            Some(index) => self
                .heap
                .set_class_at_index(index, class)
                .expect("class table"),
            None => {
                self.heap.ensure_class_index(class).expect("class table");
            }
        }
        let nil = self.heap.nil();
        let meta_super = if superclass == nil {
            nil
        } else {
            self.heap.class_of(superclass)
        };
        self.heap
            .store_pointer(class, layout::class::SUPERCLASS, superclass);
        self.heap
            .store_pointer(metaclass, layout::class::SUPERCLASS, meta_super);
        self.heap.store_pointer(metaclass, THIS_CLASS_SLOT, class);
        let symbol = self.symbol(name);
        self.heap.store_pointer(class, CLASS_NAME_SLOT, symbol);
        class
    }

    /// A class-shaped object of class index `class_index` describing instances of `format`.
    fn new_class_object(&mut self, class_index: u32, format: ObjectFormat, fixed: usize) -> Oop {
        let class = self
            .heap
            .allocate_old(class_index, ObjectFormat::FIXED, CLASS_SLOTS)
            .expect("class");
        let word = layout::class::format_word(format.value(), fixed);
        self.heap.store_pointer(
            class,
            layout::class::FORMAT,
            Oop::small_integer_unchecked(word),
        );
        class
    }

    /// Installs `method` as `class>>selector` (growing the dictionary as needed).
    pub fn install_method(&mut self, class: Oop, selector: &str, method: Oop) {
        let selector = self.symbol(selector);
        let nil = self.heap.nil();
        let mut dictionary = self
            .heap
            .fetch_pointer(class, layout::class::METHOD_DICTIONARY);
        if dictionary == nil {
            dictionary = self.new_method_dictionary(4);
        }
        let capacity = self.heap.num_slots(dictionary) - 2;
        let tally = self.heap.fetch_pointer(dictionary, 0).small_integer_value() as usize;
        if (tally + 1) * 4 > capacity * 3 {
            dictionary = self.grown_dictionary(dictionary, capacity * 2);
        }
        self.put_in_dictionary(dictionary, selector, method);
        self.heap
            .store_pointer(class, layout::class::METHOD_DICTIONARY, dictionary);
    }

    fn new_method_dictionary(&mut self, capacity: usize) -> Oop {
        let class = self.classes.method_dictionary;
        let dictionary = self.heap.instantiate(class, capacity).expect("dictionary");
        let methods = self.heap.new_array(capacity).expect("method array");
        self.heap
            .store_pointer(dictionary, 0, Oop::small_integer_unchecked(0));
        self.heap.store_pointer(dictionary, 1, methods);
        dictionary
    }

    fn grown_dictionary(&mut self, old: Oop, capacity: usize) -> Oop {
        let grown = self.new_method_dictionary(capacity);
        let old_capacity = self.heap.num_slots(old) - 2;
        let methods = self.heap.fetch_pointer(old, 1);
        for index in 0..old_capacity {
            let key = self.heap.fetch_pointer(old, 2 + index);
            if key != self.heap.nil() {
                let method = self.heap.fetch_pointer(methods, index);
                self.put_in_dictionary(grown, key, method);
            }
        }
        grown
    }

    fn put_in_dictionary(&mut self, dictionary: Oop, selector: Oop, method: Oop) {
        let capacity = self.heap.num_slots(dictionary) - 2;
        let mask = capacity - 1;
        let mut index = self.heap.identity_hash(selector) as usize & mask;
        let nil = self.heap.nil();
        loop {
            let key = self.heap.fetch_pointer(dictionary, 2 + index);
            if key == nil || key == selector {
                if key == nil {
                    let tally = self.heap.fetch_pointer(dictionary, 0).small_integer_value();
                    self.heap
                        .store_pointer(dictionary, 0, Oop::small_integer_unchecked(tally + 1));
                }
                self.heap.store_pointer(dictionary, 2 + index, selector);
                let methods = self.heap.fetch_pointer(dictionary, 1);
                self.heap.store_pointer(methods, index, method);
                return;
            }
            index = (index + 1) & mask;
        }
    }

    /// Builds `builder` as `class>>selector` and installs it; answers the method.
    pub fn define_method(&mut self, class: Oop, selector: &str, builder: MethodBuilder) -> Oop {
        let method = builder.build_method(self, selector, class);
        self.install_method(class, selector, method);
        method
    }

    /// A new instance of `class` with `indexable` elements.
    pub fn instantiate(&mut self, class: Oop, indexable: usize) -> Oop {
        self.heap.instantiate(class, indexable).expect("instance")
    }

    /// A new Association `key -> value` (usable as a literal variable binding).
    pub fn association(&mut self, key: Oop, value: Oop) -> Oop {
        let association = self.instantiate(self.classes.association, 0);
        self.heap
            .store_pointer(association, layout::association::KEY, key);
        self.heap
            .store_pointer(association, layout::association::VALUE, value);
        association
    }

    /// A new Array of `elements`.
    pub fn array(&mut self, elements: &[Oop]) -> Oop {
        self.heap.new_array_with(elements).expect("array")
    }

    /// A new ByteString.
    pub fn string(&mut self, text: &str) -> Oop {
        self.heap.new_byte_string(text.as_bytes()).expect("string")
    }

    /// The class at a fixed class index.
    pub fn class_at(&self, index: u32) -> Oop {
        self.heap.class_at_index(index)
    }

    /// An interpreter on this world's heap with a `FakePlatform`.
    pub fn into_interpreter(self) -> Interpreter {
        Interpreter::new(self.heap, Box::new(FakePlatform::new()))
    }

    /// An interpreter with only `num_pages` stack pages (to exercise divorcing).
    pub fn into_interpreter_with_stack_pages(self, num_pages: usize) -> Interpreter {
        Interpreter::with_stack_pages(self.heap, Box::new(FakePlatform::new()), num_pages)
    }
}

impl Default for World {
    fn default() -> Self {
        World::new()
    }
}

/// The index of Array, used by callers that allocate by index.
pub const ARRAY_INDEX: u32 = class_index::ARRAY;
