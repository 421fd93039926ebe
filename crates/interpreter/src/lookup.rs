//! Method lookup: method dictionaries along the superclass chain, the global
//! lookup cache keyed by (selector, receiver class index), `doesNotUnderstand:`
//! with a Message, and `run:with:in:` for non-method objects in dictionaries.
//!
//! Cache entries hold oops, so the cache is flushed after every garbage collection.
use stvm_object_model::{class_index, layout, special_objects, ObjectFormat, Oop};

use crate::error::InterpreterError;
use crate::fast_path::ops::NO_BASE;
use crate::interpreter::Interpreter;
use crate::interpreter_primitives::{is_always_failing_marker, is_interpreter_primitive};
use crate::method_header::{is_compiled_code, primitive_index_of};
use crate::primitives::{pure_primitive, PurePrimitive};

/// Number of cache entries (a power of two).
const CACHE_SIZE: usize = 4096;

/// How a looked-up method is executed.
#[derive(Clone, Copy)]
pub(crate) enum MethodKind {
    /// Activate a frame (no primitive, or one that always fails).
    Activate,
    /// A quick primitive 256–519 (no activation).
    Quick,
    /// A pure primitive, then activation on failure.
    Pure(PurePrimitive),
    /// A primitive implemented by the interpreter itself.
    Interpreter,
    /// A numbered primitive stvm does not implement: noted, then activation.
    Missing,
    /// Not compiled code: send `#run:with:in:` to it.
    NotAMethod,
    /// Compiled code that failed verification: running it stops the run.
    Malformed,
    /// Activate after checking that the receiver has the slots the method's receiver
    /// variables need (the receiver's class does not guarantee them, or the method
    /// was not found through the cache).
    ActivateChecked,
}

/// One cache entry (64 bytes, cache-line aligned, so a probe indexes by shifting).
#[derive(Clone, Copy)]
#[repr(align(64))]
pub(crate) struct CacheEntry {
    /// The selector looked up (nil for methods run directly).
    pub(crate) selector: Oop,
    class_index: u32,
    /// The method (or the non-method object found).
    pub(crate) method: Oop,
    /// Its primitive number (0 if none).
    pub(crate) primitive: u16,
    /// How to execute it.
    pub(crate) kind: MethodKind,
    /// The method header decoded once for fast activation (compiled code only).
    pub(crate) activation: ActivationInfo,
    /// The base of the method's ops (`NO_BASE`: none; see `fast_path/ops.rs`).
    pub(crate) code_base: u32,
    /// The method's number of arguments if the fast loop activates it
    /// directly (kind `Activate`), else `NO_FAST_ACTIVATION`: one byte
    /// compare for the fast send.
    pub(crate) fast_activation_args: u8,
}

/// `CacheEntry::fast_activation_args` of entries the fast loop does not activate.
pub(crate) const NO_FAST_ACTIVATION: u8 = u8::MAX;

/// What activating a method needs from its header, decoded when it is cached.
#[derive(Clone, Copy, Default)]
pub(crate) struct ActivationInfo {
    /// Number of arguments.
    pub(crate) num_args: u8,
    /// True for the Sista V1 bytecode set.
    pub(crate) is_sista: bool,
    /// Temps beyond the arguments (pushed as nil).
    pub(crate) extra_temps: u16,
    /// Slots the frame needs beyond its header: all temps plus the stack.
    pub(crate) frame_room: u16,
    /// First ip to run (past the callPrimitive bytecode, if any).
    pub(crate) start_ip: u32,
    /// Slots the receiver needs for the method's receiver variables (0: none used;
    /// a u16 fits the struct's padding, and no class has more than 65535 fields).
    pub(crate) receiver_slots: u16,
}

impl ActivationInfo {
    /// The activation info of compiled code with `header`.
    pub(crate) fn of(header: crate::MethodHeaderBits) -> ActivationInfo {
        let extra_temps = header.num_temps().saturating_sub(header.num_args());
        let skip = if header.has_primitive() { 3 } else { 0 };
        ActivationInfo {
            num_args: header.num_args() as u8,
            is_sista: header.is_sista(),
            extra_temps: extra_temps as u16,
            frame_room: (header.num_args() + extra_temps + header.frame_slots()) as u16,
            start_ip: (header.initial_ip() + skip) as u32,
            receiver_slots: 0,
        }
    }
}

/// The global method lookup cache.
pub(crate) struct LookupCache {
    entries: Box<[CacheEntry; CACHE_SIZE]>,
}

impl LookupCache {
    /// An empty cache.
    pub(crate) fn new() -> LookupCache {
        LookupCache {
            entries: vec![Self::empty_entry(); CACHE_SIZE]
                .into_boxed_slice()
                .try_into()
                .unwrap_or_else(|_| unreachable!("the vector has CACHE_SIZE entries")),
        }
    }

    fn empty_entry() -> CacheEntry {
        CacheEntry {
            selector: Oop(0),
            class_index: 0,
            method: Oop(0),
            primitive: 0,
            kind: MethodKind::Activate,
            activation: ActivationInfo::default(),
            code_base: NO_BASE,
            fast_activation_args: NO_FAST_ACTIVATION,
        }
    }

    #[inline(always)]
    fn slot(selector: Oop, class_index: u32) -> usize {
        (((selector.bits() >> 3) ^ u64::from(class_index)) as usize) & (CACHE_SIZE - 1)
    }

    /// The cached entry for (selector, class index), if present.
    #[inline(always)]
    pub(crate) fn probe(&self, selector: Oop, class_index: u32) -> Option<CacheEntry> {
        let entry = self.entries[Self::slot(selector, class_index)];
        (entry.selector == selector && entry.class_index == class_index).then_some(entry)
    }

    /// Records an entry.
    pub(crate) fn insert(&mut self, selector: Oop, class_index: u32, mut entry: CacheEntry) {
        entry.selector = selector;
        entry.class_index = class_index;
        entry.fast_activation_args = match entry.kind {
            MethodKind::Activate => entry.activation.num_args,
            _ => NO_FAST_ACTIVATION,
        };
        self.entries[Self::slot(selector, class_index)] = entry;
    }

    /// Forgets everything (after GC, become, or a method change).
    pub(crate) fn flush(&mut self) {
        self.entries.fill(Self::empty_entry());
    }
}

impl Interpreter {
    /// The entry describing how to run `method` (verified the first time it is seen).
    pub(crate) fn classify_method(&mut self, method: Oop) -> CacheEntry {
        let mut entry = LookupCache::empty_entry();
        entry.selector = self.nil;
        entry.method = method;
        if !is_compiled_code(&self.heap, method) {
            entry.kind = MethodKind::NotAMethod;
            return entry;
        }
        let primitive = primitive_index_of(&self.heap, method);
        entry.primitive = primitive;
        entry.activation = ActivationInfo::of(crate::MethodHeaderBits::of(&self.heap, method));
        entry.kind = match primitive {
            0 => MethodKind::Activate,
            256..=519 => MethodKind::Quick,
            number if is_interpreter_primitive(number) => MethodKind::Interpreter,
            number => match pure_primitive(number) {
                Some(function) => MethodKind::Pure(function),
                None if is_always_failing_marker(number) => MethodKind::Activate,
                None => MethodKind::Missing,
            },
        };
        match self.verified_receiver_slots(method) {
            Some(0) => {}
            Some(slots) => {
                entry.activation.receiver_slots = slots;
                // Each receiver is checked, unless the cache fill finds that the
                // receiver's class guarantees the slots (`lookup_and_execute`);
                // primitive methods check it if their body runs (`activate_method`).
                if matches!(entry.kind, MethodKind::Activate) {
                    entry.kind = MethodKind::ActivateChecked;
                }
            }
            // A primitive method's body is checked again if the primitive fails
            // (`activate_method`); code that would run at once never runs.
            None if matches!(entry.kind, MethodKind::Activate) => {
                entry.kind = MethodKind::Malformed
            }
            None => {}
        }
        if let Some(base) = self.cached_code_base(method) {
            entry.code_base = base as u32;
        }
        entry
    }

    /// Cache miss: look the selector up from the receiver's class, cache and run it.
    #[inline(never)]
    pub(crate) fn lookup_and_execute(&mut self, selector: Oop, num_args: usize, class_index: u32) {
        let class = self.heap.class_at_index(class_index);
        match self.lookup_method(class, selector) {
            Some(method) => {
                let mut entry = self.classify_method(method);
                if matches!(entry.kind, MethodKind::ActivateChecked)
                    && self.class_guarantees_slots(class, entry.activation.receiver_slots)
                {
                    // Every instance of `class` has the receiver variables the method
                    // uses: no receiver check, and the fast loop may activate it.
                    entry.kind = MethodKind::Activate;
                }
                let is_activation = matches!(entry.kind, MethodKind::Activate);
                if is_activation && entry.code_base == NO_BASE {
                    // Only Sista code with ops (not V3 code, not code too large
                    // for the arena) is activated by the fast loop.
                    entry.kind = MethodKind::ActivateChecked;
                }
                self.lookup_cache.insert(selector, class_index, entry);
                entry.selector = selector;
                self.execute_cached(entry, num_args);
            }
            None => self.send_does_not_understand(selector, num_args, class),
        }
    }

    /// A send whose lookup starts at `class` (super sends); not cached.
    pub(crate) fn send_to_class(&mut self, selector: Oop, num_args: usize, class: Oop) {
        match self.lookup_method(class, selector) {
            Some(method) => {
                let mut entry = self.classify_method(method);
                entry.selector = selector;
                self.execute_cached(entry, num_args);
            }
            None => self.send_does_not_understand(selector, num_args, class),
        }
    }

    /// Runs a looked-up method with the receiver and arguments on the stack.
    #[inline(always)]
    pub(crate) fn execute_cached(&mut self, entry: CacheEntry, num_args: usize) {
        match entry.kind {
            MethodKind::Activate => self.activate_method(entry.method, num_args, None),
            MethodKind::Quick => self.quick_primitive(entry.method, entry.primitive, num_args),
            MethodKind::Pure(function) => {
                self.call_pure_primitive(function, entry.method, num_args)
            }
            MethodKind::Interpreter => {
                self.call_interpreter_primitive(entry.primitive, entry.method, num_args)
            }
            MethodKind::NotAMethod => self.send_run_with_in(entry.method, entry.selector, num_args),
            MethodKind::Missing => {
                self.activate_missing_primitive(entry.method, entry.primitive, num_args)
            }
            MethodKind::Malformed => self.fail_malformed_method(entry.method),
            MethodKind::ActivateChecked => self.activate_checked(&entry, num_args),
        }
    }

    /// Runs `method` (found by other means than a send) with the stacked arguments.
    pub(crate) fn execute_new_method(&mut self, method: Oop, num_args: usize) {
        let entry = self.classify_method(method);
        self.execute_cached(entry, num_args);
    }

    /// The method for `selector` in `class` or its superclasses.
    pub(crate) fn lookup_method(&mut self, class: Oop, selector: Oop) -> Option<Oop> {
        let mut class = class;
        for _ in 0..100_000 {
            if class == self.nil || !class.is_pointer() {
                return None;
            }
            // One header read: a pointer object with a format slot (a raw slot count
            // of 255 means the overflow word holds more).
            let header = self.heap.header(class);
            if !header.format().is_pointers()
                || header.raw_num_slots() <= layout::class::FORMAT as u64
            {
                return None;
            }
            let dictionary = self
                .heap
                .fetch_pointer(class, layout::class::METHOD_DICTIONARY);
            if let Some(method) = self.lookup_in_dictionary(dictionary, selector) {
                return Some(method);
            }
            class = self.heap.fetch_pointer(class, layout::class::SUPERCLASS);
        }
        None
    }

    /// Probes a MethodDictionary (reference §5.4).
    fn lookup_in_dictionary(&mut self, dictionary: Oop, selector: Oop) -> Option<Oop> {
        if !dictionary.is_pointer()
            || dictionary == self.nil
            || !self.heap.format_of(dictionary).is_pointers()
        {
            return None;
        }
        let num_slots = self.heap.num_slots(dictionary);
        let start = layout::method_dictionary::SELECTOR_START;
        if num_slots <= start {
            return None;
        }
        let capacity = num_slots - start;
        let hash = if selector.is_pointer() {
            self.heap.identity_hash(selector) as usize
        } else {
            (selector.bits() >> 3) as usize
        };
        let mask = capacity.next_power_of_two() - 1;
        let mut index = hash & mask;
        for _ in 0..capacity {
            if index >= capacity {
                index = 0;
            }
            let key = self.heap.fetch_pointer(dictionary, start + index);
            if key == self.nil {
                return None;
            }
            if key == selector {
                let methods = self
                    .heap
                    .fetch_pointer(dictionary, layout::method_dictionary::METHOD_ARRAY);
                if !methods.is_pointer()
                    || !self.heap.format_of(methods).is_pointers()
                    || self.heap.num_slots(methods) <= index
                {
                    return None;
                }
                return Some(self.heap.fetch_pointer(methods, index));
            }
            index += 1;
        }
        None
    }

    /// Replaces the stacked arguments by a Message and sends `#doesNotUnderstand:`.
    pub(crate) fn send_does_not_understand(&mut self, selector: Oop, num_args: usize, class: Oop) {
        let Some(message) = self.create_actual_message(selector, num_args, class) else {
            return;
        };
        self.sp -= num_args;
        self.push(message);
        let Some(dnu) = self.required_special_object(special_objects::SELECTOR_DOES_NOT_UNDERSTAND)
        else {
            return;
        };
        match self.lookup_method(class, dnu) {
            Some(method) => self.execute_new_method(method, 1),
            None => {
                let name = self.symbol_text(selector);
                self.fail_run(InterpreterError::RecursiveDoesNotUnderstand { selector: name });
            }
        }
    }

    /// A Message (selector, arguments Array, lookupClass) of the stacked arguments.
    fn create_actual_message(&mut self, selector: Oop, num_args: usize, class: Oop) -> Option<Oop> {
        let arguments = self.stacked_arguments_array(num_args)?;
        let message_class = self.heap.class_at_index(class_index::MESSAGE);
        let message = if message_class != self.nil {
            self.heap.instantiate(message_class, 0)
        } else {
            self.heap
                .allocate(class_index::MESSAGE, ObjectFormat::FIXED, 3)
        };
        let message = match message {
            Ok(message) if self.heap.num_slots(message) >= 3 => message,
            Ok(_) => {
                self.fail_run(InterpreterError::BadMethod);
                return None;
            }
            Err(error) => {
                self.fail_run(InterpreterError::OutOfMemory(error));
                return None;
            }
        };
        self.heap
            .store_pointer(message, layout::message::SELECTOR, selector);
        self.heap
            .store_pointer(message, layout::message::ARGUMENTS, arguments);
        self.heap
            .store_pointer(message, layout::message::LOOKUP_CLASS, class);
        Some(message)
    }

    /// A new Array of the top `num_args` stack values (deepest first).
    pub(crate) fn stacked_arguments_array(&mut self, num_args: usize) -> Option<Oop> {
        let first = self.sp + 1 - num_args;
        let values = self.stack.slots()[first..=self.sp].to_vec();
        match self.heap.new_array_with(&values) {
            Ok(array) => Some(array),
            Err(error) => {
                self.fail_run(InterpreterError::OutOfMemory(error));
                None
            }
        }
    }

    /// `object run: selector with: arguments in: receiver` for a non-method `object`.
    fn send_run_with_in(&mut self, object: Oop, selector: Oop, num_args: usize) {
        let Some(run_with_in) = self.required_special_object(special_objects::SELECTOR_RUN_WITH_IN)
        else {
            return;
        };
        let Some(arguments) = self.stacked_arguments_array(num_args) else {
            return;
        };
        self.sp -= num_args;
        let receiver = self.pop();
        self.push(object);
        self.push(selector);
        self.push(arguments);
        self.push(receiver);
        self.send(run_with_in, 3);
    }

    /// The receiver `num_args` down, with forwarders followed (written back to the stack).
    #[inline(never)]
    pub(crate) fn follow_forwarded_receiver(&mut self, num_args: usize) -> u32 {
        let receiver = self.follow(self.stack_value(num_args));
        self.stack.put(self.sp - num_args, receiver);
        self.heap.class_index_of(receiver)
    }

    /// `oop` with any chain of forwarders followed.
    #[inline(always)]
    pub(crate) fn follow(&self, oop: Oop) -> Oop {
        let mut oop = oop;
        while oop.is_pointer() && self.heap.header(oop).class_index() == class_index::FORWARDED {
            oop = self.heap.fetch_pointer(oop, 0);
        }
        oop
    }

    /// The bytes of a Symbol as text (for error messages).
    pub(crate) fn symbol_text(&self, symbol: Oop) -> String {
        if symbol.is_pointer() && self.heap.format_of(symbol).is_bytes() {
            String::from_utf8_lossy(self.heap.bytes(symbol)).into_owned()
        } else {
            format!("{symbol:?}")
        }
    }
}
