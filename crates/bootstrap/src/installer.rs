//! The method installer: turns the compiler's `CompiledCode` into
//! CompiledMethod / CompiledBlock objects and enters methods into method
//! dictionaries. It works on any heap with a kernel image in it, not only the
//! one the bootstrap is building: [`Installer::from_heap`] finds everything it
//! needs from the special objects array (slot 8 is `Smalltalk`).
//!
//! CompiledMethod layout (reference §7.1), 64-bit:
//!
//! ```text
//!  slot 0        header SmallInteger (Sista: negative)
//!  slots 1..N    literals (…, selector or AdditionalMethodState, class binding)
//!  bytes         bytecodes (callPrimitive first when there is a primitive)
//!  4 bytes       trailer (CompiledMethod only): little-endian u32 index into the
//!                `MethodSources` OrderedCollection (1-based; 0 = no source)
//! ```
//!
//! The installer allocates only in old space, so nothing it holds moves while
//! it works. Oops it caches are invalid after a GC that compacts old space:
//! make a new `Installer` after any GC.
use stvm_compiler::{CodeKind, CompiledCode};
use stvm_heap::Heap;
use stvm_object_model::{layout, ObjectFormat, Oop};

use crate::class_layout::{class, metaclass, ordered_collection as oc};
use crate::error::BootstrapError;
use crate::literals::LiteralSite;
use crate::symbols::SymbolTable;
use crate::{dictionary, method_dictionary, objects};

/// Bytes of a CompiledMethod's trailer.
pub const TRAILER_BYTES: usize = 4;

/// Kernel classes the installer instantiates.
#[derive(Debug, Clone, Copy)]
pub struct InstallerClasses {
    /// Association (bindings).
    pub association: Oop,
    /// CompiledMethod.
    pub compiled_method: Oop,
    /// CompiledBlock.
    pub compiled_block: Oop,
    /// AdditionalMethodState.
    pub additional_method_state: Oop,
    /// Pragma.
    pub pragma: Oop,
    /// Metaclass (to tell class-side methods).
    pub metaclass: Oop,
    /// ScaledDecimal, if the kernel has it.
    pub scaled_decimal: Option<Oop>,
    /// WideString, if the kernel has it.
    pub wide_string: Option<Oop>,
}

/// Everything needed to make and install methods in one image.
#[derive(Debug, Clone, Copy)]
pub struct Installer {
    /// The symbol table.
    pub symbols: SymbolTable,
    /// The `Smalltalk` SystemDictionary.
    pub smalltalk: Oop,
    /// The `Undeclared` dictionary (bindings of names nobody declared).
    pub undeclared: Oop,
    /// The `MethodSources` OrderedCollection, if present.
    pub method_sources: Option<Oop>,
    /// Classes it instantiates.
    pub classes: InstallerClasses,
}

impl Installer {
    /// Finds the symbol table, globals and classes of the image in `heap`.
    pub fn from_heap(heap: &mut Heap) -> Result<Installer, BootstrapError> {
        let smalltalk =
            heap.special_object(stvm_object_model::special_objects::SMALLTALK_DICTIONARY);
        if smalltalk == heap.nil() || !smalltalk.is_pointer() {
            return Err(BootstrapError::MalformedImage(
                "no Smalltalk in the special objects".into(),
            ));
        }
        let global = |heap: &Heap, name: &str| {
            dictionary::find_named(heap, smalltalk, name.as_bytes())
                .map(|binding| heap.fetch_pointer(binding, layout::association::VALUE))
        };
        let required = |heap: &Heap, name: &'static str| {
            global(heap, name).ok_or(BootstrapError::MissingKernelClass(name))
        };
        let symbol_class = required(heap, "Symbol")?;
        let pool = heap.fetch_pointer(symbol_class, class::CLASS_POOL);
        let table = dictionary::find_named(heap, pool, b"SymbolTable")
            .map(|binding| heap.fetch_pointer(binding, layout::association::VALUE))
            .ok_or_else(|| BootstrapError::MalformedImage("Symbol has no SymbolTable".into()))?;
        let byte_symbol = required(heap, "ByteSymbol")?;
        let symbols = SymbolTable {
            set: table,
            byte_symbol_class_index: heap.ensure_class_index(byte_symbol)?,
        };
        let classes = InstallerClasses {
            association: required(heap, "Association")?,
            compiled_method: required(heap, "CompiledMethod")?,
            compiled_block: required(heap, "CompiledBlock")?,
            additional_method_state: required(heap, "AdditionalMethodState")?,
            pragma: required(heap, "Pragma")?,
            metaclass: required(heap, "Metaclass")?,
            scaled_decimal: global(heap, "ScaledDecimal"),
            wide_string: global(heap, "WideString"),
        };
        Ok(Installer {
            symbols,
            smalltalk,
            undeclared: required(heap, "Undeclared")?,
            method_sources: global(heap, "MethodSources").filter(|s| *s != heap.nil()),
            classes,
        })
    }

    /// The unique ByteSymbol for `name`.
    pub fn intern(&self, heap: &mut Heap, name: &str) -> Result<Oop, BootstrapError> {
        let bytes = crate::literals::latin1(name)
            .ok_or_else(|| BootstrapError::BadLiteral(format!("wide symbol #{name}")))?;
        Ok(self.symbols.intern(heap, &bytes)?)
    }

    /// The binding of global `name` in `Smalltalk`.
    pub fn global_binding(&self, heap: &mut Heap, name: &str) -> Option<Oop> {
        let symbol = self.symbols.lookup(heap, name.as_bytes())?;
        dictionary::lookup(heap, self.smalltalk, symbol)
    }

    /// The value of global `name`.
    pub fn global(&self, heap: &mut Heap, name: &str) -> Option<Oop> {
        self.global_binding(heap, name)
            .map(|binding| heap.fetch_pointer(binding, layout::association::VALUE))
    }

    /// True if `behavior` is a metaclass.
    pub fn is_metaclass(&self, heap: &Heap, behavior: Oop) -> bool {
        behavior.is_pointer() && heap.class_of(behavior) == self.classes.metaclass
    }

    /// The instance side of `behavior` (the class itself for a class).
    pub fn instance_side(&self, heap: &Heap, behavior: Oop) -> Oop {
        if self.is_metaclass(heap, behavior) {
            heap.fetch_pointer(behavior, metaclass::THIS_CLASS)
        } else {
            behavior
        }
    }

    /// The binding a literal variable `name` refers to from methods of
    /// `behavior`: class variables (and shared pools) up the hierarchy, then
    /// globals, then `Undeclared` (declared there, with value nil, if new).
    pub fn resolve_binding(
        &self,
        heap: &mut Heap,
        behavior: Oop,
        name: &str,
    ) -> Result<Oop, BootstrapError> {
        if let Some(symbol) = self.symbols.lookup(heap, name.as_bytes()) {
            if let Some(binding) = self.find_binding(heap, behavior, symbol) {
                return Ok(binding);
            }
        }
        let symbol = self.intern(heap, name)?;
        let nil = heap.nil();
        crate::class_objects::new_binding(
            heap,
            self.classes.association,
            self.undeclared,
            symbol,
            nil,
        )
    }

    fn find_binding(&self, heap: &mut Heap, behavior: Oop, symbol: Oop) -> Option<Oop> {
        let mut current = self.instance_side(heap, behavior);
        while current.is_pointer() && current != heap.nil() {
            if heap.num_slots(current) > class::SHARED_POOLS {
                let pool = heap.fetch_pointer(current, class::CLASS_POOL);
                if let Some(binding) = lookup_in(heap, pool, symbol) {
                    return Some(binding);
                }
                let pools = heap.fetch_pointer(current, class::SHARED_POOLS);
                for index in 0..pool_count(heap, pools) {
                    let shared = heap.fetch_pointer(pools, index);
                    let shared_pool = heap.fetch_pointer(shared, class::CLASS_POOL);
                    if let Some(binding) = lookup_in(heap, shared_pool, symbol) {
                        return Some(binding);
                    }
                }
            }
            current = heap.fetch_pointer(current, class::SUPERCLASS);
        }
        dictionary::lookup(heap, self.smalltalk, symbol)
            .or_else(|| dictionary::lookup(heap, self.undeclared, symbol))
    }

    /// The binding methods of `behavior` use as their last literal: the global
    /// binding of a class, a fresh `nil -> metaclass` for a metaclass.
    pub fn class_binding(&self, heap: &mut Heap, behavior: Oop) -> Result<Oop, BootstrapError> {
        if !self.is_metaclass(heap, behavior) && heap.num_slots(behavior) > class::NAME {
            let name = heap.fetch_pointer(behavior, class::NAME);
            if let Some(binding) = dictionary::lookup(heap, self.smalltalk, name) {
                if heap.fetch_pointer(binding, layout::association::VALUE) == behavior {
                    return Ok(binding);
                }
            }
        }
        self.new_association(heap, heap.nil(), behavior)
    }

    pub(crate) fn class_binding_copy(
        &self,
        heap: &mut Heap,
        behavior: Oop,
    ) -> Result<Oop, BootstrapError> {
        let original = self.class_binding(heap, behavior)?;
        let key = heap.fetch_pointer(original, layout::association::KEY);
        self.new_association(heap, key, behavior)
    }

    fn new_association(
        &self,
        heap: &mut Heap,
        key: Oop,
        value: Oop,
    ) -> Result<Oop, BootstrapError> {
        let association = objects::instantiate(heap, self.classes.association, 0)?;
        heap.store_pointer(association, layout::association::KEY, key);
        heap.store_pointer(association, layout::association::VALUE, value);
        Ok(association)
    }

    /// Makes the CompiledMethod (or CompiledBlock) for `code`, compiled for
    /// `behavior`; `outer` is the enclosing code of a block (nil for a method).
    pub fn create_code(
        &self,
        heap: &mut Heap,
        behavior: Oop,
        code: &CompiledCode,
        outer: Oop,
    ) -> Result<Oop, BootstrapError> {
        let header = code
            .header
            .try_encode()
            .map_err(|e| BootstrapError::BadLiteral(e.to_string()))?;
        let literal_count = code.literals.len();
        if usize::from(code.header.num_literals) != literal_count {
            return Err(BootstrapError::BadLiteral(format!(
                "header says {} literals, code has {literal_count}",
                code.header.num_literals
            )));
        }
        let is_method = matches!(code.kind, CodeKind::Method { .. });
        let trailer = if is_method { TRAILER_BYTES } else { 0 };
        let literal_bytes = 8 * (1 + literal_count);
        let total = literal_bytes + code.bytecodes.len() + trailer;
        let (format, slots) = ObjectFormat::COMPILED_METHOD.for_element_count(total as u64);
        let class_oop = if is_method {
            self.classes.compiled_method
        } else {
            self.classes.compiled_block
        };
        let index = heap.ensure_class_index(class_oop)?;
        let method = heap.allocate_old(index, format, slots as usize)?;
        heap.store_pointer(method, 0, Oop::small_integer_unchecked(header));
        let nil = heap.nil();
        for slot in 1..=literal_count {
            heap.store_pointer(method, slot, nil);
        }
        let bytes = heap.bytes_mut(method);
        bytes[literal_bytes..literal_bytes + code.bytecodes.len()].copy_from_slice(&code.bytecodes);
        let site = LiteralSite {
            class: behavior,
            code: method,
            outer,
        };
        for (offset, literal) in code.literals.iter().enumerate() {
            let value = self.literal_object(heap, literal, site)?;
            heap.store_pointer(method, 1 + offset, value);
        }
        Ok(method)
    }

    /// Writes `source_index` into the trailer of `method`.
    pub fn set_source_index(&self, heap: &mut Heap, method: Oop, source_index: u32) {
        let bytes = heap.bytes_mut(method);
        let start = bytes.len() - TRAILER_BYTES;
        bytes[start..].copy_from_slice(&source_index.to_le_bytes());
    }

    /// Appends `source` to `MethodSources`; answers its 1-based index (0 when
    /// the image keeps no sources).
    pub fn record_source(&self, heap: &mut Heap, source: &str) -> Result<u32, BootstrapError> {
        let Some(sources) = self.method_sources else {
            return Ok(0);
        };
        let string = self.string_object(heap, source)?;
        let read = |heap: &Heap, slot| {
            heap.fetch_pointer(sources, slot)
                .as_small_integer()
                .unwrap_or(0)
        };
        let (first, last) = (read(heap, oc::FIRST_INDEX), read(heap, oc::LAST_INDEX));
        let mut array = heap.fetch_pointer(sources, oc::ARRAY);
        if first < 1 || last < first - 1 {
            return Err(BootstrapError::MalformedImage(
                "MethodSources indices".into(),
            ));
        }
        if last as usize >= heap.num_slots(array) {
            let grown = objects::new_array(heap, (heap.num_slots(array) * 2).max(256))?;
            for i in 0..heap.num_slots(array) {
                let element = heap.fetch_pointer(array, i);
                heap.store_pointer(grown, i, element);
            }
            heap.store_pointer(sources, oc::ARRAY, grown);
            array = grown;
        }
        heap.store_pointer(array, last as usize, string);
        heap.store_pointer(
            sources,
            oc::LAST_INDEX,
            Oop::small_integer_unchecked(last + 1),
        );
        Ok((last + 2 - first) as u32)
    }

    /// Makes the CompiledMethod for `code`, records its source and enters it in
    /// `behavior`'s method dictionary. Answers the method; the caller flushes
    /// the VM's method caches for its selector.
    pub fn install_method(
        &self,
        heap: &mut Heap,
        behavior: Oop,
        code: &CompiledCode,
    ) -> Result<Oop, BootstrapError> {
        let CodeKind::Method {
            selector, source, ..
        } = &code.kind
        else {
            return Err(BootstrapError::BadLiteral(
                "a block cannot be installed".into(),
            ));
        };
        let nil = heap.nil();
        let method = self.create_code(heap, behavior, code, nil)?;
        let source_index = self.record_source(heap, source)?;
        self.set_source_index(heap, method, source_index);
        let selector = self.intern(heap, selector)?;
        method_dictionary::add_method(heap, behavior, selector, method)?;
        Ok(method)
    }
}

fn lookup_in(heap: &mut Heap, pool: Oop, symbol: Oop) -> Option<Oop> {
    let is_dictionary = pool.is_pointer()
        && pool != heap.nil()
        && heap.format_of(pool).is_pointers()
        && heap.num_slots(pool) >= 2
        && heap.fetch_pointer(pool, 1).is_pointer();
    if is_dictionary {
        dictionary::lookup(heap, pool, symbol)
    } else {
        None
    }
}

fn pool_count(heap: &Heap, pools: Oop) -> usize {
    if pools.is_pointer() && pools != heap.nil() && heap.format_of(pools).is_pointers() {
        heap.num_slots(pools)
    } else {
        0
    }
}
