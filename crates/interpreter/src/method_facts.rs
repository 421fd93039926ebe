//! Verified compiled code: before a CompiledMethod or CompiledBlock first runs, the
//! bytecode verifier (`stvm_bytecode::verifier`) checks its bytecodes and this module
//! checks what depends on the heap (the object holds its literals and bytecodes, literal
//! variables are bindings, a super send has a method-class binding). The outcome is
//! kept in a side table keyed by the code's oop, so each method is verified once.
//!
//! Invariants:
//! - Code whose verdict is an error never runs: sends of it stop the run with
//!   [`InterpreterError::MalformedMethod`] (see `docs/decisions/0007-method-verifier-and-malformed-methods.md`).
//! - Code never runs on a receiver without the slots its receiver variables need: the
//!   slow paths compare each receiver ([`Interpreter::receiver_fits`]); the fast loop
//!   activates a cached method only when the receiver's class guarantees them
//!   ([`Interpreter::class_guarantees_slots`], checked when the cache entry is made), so
//!   the fast loop itself pays nothing.
//! - The table is keyed by oops: after a scavenge the entries of young code follow
//!   its forwarders (or are dropped); any other heap change (full GC, become,
//!   pinning) drops everything; the cache-flush primitive sent to compiled code
//!   (`CompiledMethod>>flushCache`, after changing it in place) drops its verdict.
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use stvm_bytecode::{verify_method, MethodFacts, MethodHeader, VerifyError};
use stvm_heap::Heap;
use stvm_object_model::{layout, Oop};

use crate::error::InterpreterError;
use crate::fast_path::ops::{Installed, OpArena, ARENA_OPS, NO_BASE};
use crate::fast_path::translate::translate;
use crate::interpreter::Interpreter;
use crate::lookup::CacheEntry;
use crate::method_header::{is_compiled_code, MethodHeaderBits};

/// Why compiled code may not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    /// The object is not a CompiledMethod / CompiledBlock with a SmallInteger header.
    NotCompiledCode,
    /// The object is too small for the literals its header counts.
    LiteralsMissing {
        /// Literals the header counts.
        num_literals: usize,
    },
    /// The bytecodes break a rule of the verifier.
    Verify(VerifyError),
    /// A literal used as a literal variable is not a binding (a pointer object with
    /// at least two slots).
    BadLiteralVariable {
        /// 0-based literal index.
        literal_index: u32,
    },
    /// The receiver lacks the instance variables the code reads or writes.
    ReceiverTooSmall {
        /// Slots the code needs.
        needed_slots: u32,
    },
    /// A receiver variable beyond any class's fixed fields (at most 65535).
    ReceiverVariableOutOfRange {
        /// The highest receiver-variable index used.
        index: u32,
    },
    /// A remote-temp instruction found no temp vector with the slot it addresses.
    BadTempVector {
        /// The temp that should hold the vector.
        vector_temp_index: usize,
        /// The slot addressed in it.
        index_in_vector: usize,
    },
    /// A BlockClosure's start pc is not the start of an embedded block of its method
    /// with the closure's arguments and copied values.
    BadBlockStart,
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotCompiledCode => write!(f, "not compiled code"),
            Self::LiteralsMissing { num_literals } => {
                write!(f, "object too small for its {num_literals} literals")
            }
            Self::Verify(error) => write!(f, "{}", error.kind),
            Self::BadLiteralVariable { literal_index } => {
                write!(
                    f,
                    "literal {literal_index} is used as a variable but is not a binding"
                )
            }
            Self::ReceiverTooSmall { needed_slots } => {
                write!(
                    f,
                    "receiver has fewer than the {needed_slots} slots the code uses"
                )
            }
            Self::ReceiverVariableOutOfRange { index } => {
                write!(
                    f,
                    "receiver variable {index} is beyond any class's 65535 fields"
                )
            }
            Self::BadTempVector {
                vector_temp_index,
                index_in_vector,
            } => write!(
                f,
                "temp {vector_temp_index} is not a temp vector with a slot {index_in_vector}"
            ),
            Self::BadBlockStart => write!(f, "closure start pc is not a block of its method"),
        }
    }
}

impl std::error::Error for CodeError {}

/// Verifies `code` (a CompiledMethod or CompiledBlock) against the heap it lives in:
/// the bytecode verifier's rules plus the heap-dependent ones.
pub fn verify_compiled_code(heap: &Heap, code: Oop) -> Result<MethodFacts, CodeError> {
    if !is_compiled_code(heap, code) {
        return Err(CodeError::NotCompiledCode);
    }
    let bits = MethodHeaderBits::of(heap, code);
    let num_literals = bits.num_literals();
    let initial_ip = bits.initial_ip();
    if heap.num_slots(code) <= num_literals || heap.byte_size(code) < initial_ip {
        return Err(CodeError::LiteralsMissing { num_literals });
    }
    let header = MethodHeader::decode(bits.0);
    let facts =
        verify_method(&header, &heap.bytes(code)[initial_ip..]).map_err(CodeError::Verify)?;
    if let Some(index) = facts.max_receiver_variable_index {
        if index >= u32::from(u16::MAX) {
            return Err(CodeError::ReceiverVariableOutOfRange { index });
        }
    }
    for &literal_index in &facts.literal_variable_indices {
        let binding = heap.fetch_pointer(code, literal_index as usize + 1);
        if !is_binding(heap, binding) {
            return Err(CodeError::BadLiteralVariable { literal_index });
        }
    }
    Ok(facts)
}

/// True if `oop` can serve as a literal variable: a pointer object with a value slot.
fn is_binding(heap: &Heap, oop: Oop) -> bool {
    oop.is_pointer()
        && heap.format_of(oop).is_pointers()
        && heap.num_slots(oop) > layout::association::VALUE
}

/// Where an embedded block activation starts: byte `start_ip` of its home method,
/// with the closure's argument and copied-value counts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EmbeddedStart {
    /// 0-based byte offset in the method object of the block's first bytecode.
    pub(crate) start_ip: usize,
    /// Arguments of the closure.
    pub(crate) num_args: usize,
    /// Copied values of the closure.
    pub(crate) num_copied: usize,
}

/// Where the scavenge copied the young object at `old` (its from-space header is a
/// forwarder whose slot 0 is the copy), if it did.
fn forwarded_to(heap: &Heap, old: Oop) -> Option<Oop> {
    let is_forwarder = heap.header(old).is_forwarded() && heap.num_slots(old) > 0;
    let new = is_forwarder.then(|| heap.fetch_pointer(old, 0))?;
    (new.is_pointer() && !heap.header(new).is_forwarded()).then_some(new)
}

/// The verdict on one piece of code.
pub(crate) type Verdict = Result<Rc<MethodFacts>, CodeError>;

/// A hasher for oop keys: one multiply (oops are distinct 8-byte-aligned addresses).
#[derive(Default)]
pub(crate) struct OopHasher(u64);

impl Hasher for OopHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 << 8 | u64::from(*byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (value >> 3).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Entries of the direct-mapped summary cache (a power of two).
const SUMMARY_SLOTS: usize = 1024;

/// What a lookup-cache fill, a full-block activation or a fast return needs
/// from a verdict.
#[derive(Clone, Copy)]
struct Summary {
    /// The code's oop bits (0: empty).
    code: u64,
    /// The base of the code's ops (`NO_BASE`: none; see `fast_path/ops.rs`).
    code_base: u32,
    /// Receiver slots the code needs.
    receiver_slots: u16,
    /// The code verified.
    is_ok: bool,
}

impl Default for Summary {
    fn default() -> Self {
        Summary {
            code: 0,
            code_base: NO_BASE,
            receiver_slots: 0,
            is_ok: false,
        }
    }
}

/// Verdicts by code oop, with a direct-mapped cache of their summaries in front
/// (lookup-cache misses are frequent: the lookup cache is flushed at every GC).
/// The ops of verified Sista code (`fast_path/ops.rs`) live here too: their
/// bases are invalidated exactly when the verdicts are.
pub(crate) struct MethodFactsTable {
    verdicts: HashMap<u64, Verdict, BuildHasherDefault<OopHasher>>,
    /// Inline (not boxed): a fast return probes it with one load.
    summaries: [Summary; SUMMARY_SLOTS],
    /// The translated ops, by code oop.
    pub(crate) ops: OpArena,
}

impl Default for MethodFactsTable {
    fn default() -> Self {
        MethodFactsTable {
            verdicts: HashMap::default(),
            summaries: [Summary::default(); SUMMARY_SLOTS],
            ops: OpArena::default(),
        }
    }
}

impl MethodFactsTable {
    /// Forgets every verdict (code may have moved or changed).
    pub(crate) fn flush(&mut self) {
        self.verdicts.clear();
        self.summaries.fill(Summary::default());
        self.ops.clear();
    }

    /// Forgets the verdict on `code` (it may have been changed in place).
    pub(crate) fn forget(&mut self, code: Oop) {
        self.verdicts.remove(&code.bits());
        self.ops.forget(code);
        let slot = Self::summary_slot(code);
        if self.summaries[slot].code == code.bits() {
            self.summaries[slot] = Summary::default();
        }
    }

    /// Right after a scavenge (before anything is allocated): old code stays; young
    /// code that survived moved, and its verdict follows the forwarder the scavenge
    /// left at its old address (the heap's scavenge doc: "a copied object's
    /// from-space header becomes a forwarder"); dead young code is forgotten. Should
    /// from-space not hold a forwarder, the verdict is dropped and the code verified
    /// again — never kept under a wrong key.
    pub(crate) fn after_scavenge(&mut self, heap: &Heap) {
        let moved: Vec<(u64, Verdict)> = self
            .verdicts
            .extract_if(|key, _| heap.is_young(Oop(*key)))
            .filter_map(|(key, verdict)| {
                forwarded_to(heap, Oop(key)).map(|new| (new.bits(), verdict))
            })
            .collect();
        self.verdicts.extend(moved);
        self.ops.forget_young(heap);
        for summary in self.summaries.iter_mut() {
            if heap.is_young(Oop(summary.code)) {
                *summary = Summary::default();
            }
        }
    }

    /// The summary slot of `code`.
    #[inline(always)]
    fn summary_slot(code: Oop) -> usize {
        (code.bits() >> 3) as usize & (SUMMARY_SLOTS - 1)
    }
}

impl Interpreter {
    /// Forgets every verdict and every translation (code may have moved or
    /// changed), and the code bases frames noted for their callers.
    pub(crate) fn flush_method_facts(&mut self) {
        self.method_facts.flush();
        self.stack.forget_caller_code_bases(self.fp);
    }

    /// Forgets the verdict on `code` (it may have been changed in place) and
    /// the code bases frames noted for their callers.
    pub(crate) fn forget_method_facts(&mut self, code: Oop) {
        self.method_facts.forget(code);
        self.stack.forget_caller_code_bases(self.fp);
    }

    /// The verdict on `code`, verifying it the first time it is asked for.
    pub(crate) fn verdict_of(&mut self, code: Oop) -> Verdict {
        if let Some(verdict) = self.method_facts.verdicts.get(&code.bits()) {
            return verdict.clone();
        }
        let verdict = verify_compiled_code(&self.heap, code).map(Rc::new);
        self.method_facts
            .verdicts
            .insert(code.bits(), verdict.clone());
        verdict
    }

    /// The receiver slots `code` needs if it verified, `None` if not (from the
    /// summary cache when it knows the code).
    #[inline(always)]
    pub(crate) fn verified_receiver_slots(&mut self, code: Oop) -> Option<u16> {
        let slot = MethodFactsTable::summary_slot(code);
        let summary = self.method_facts.summaries[slot];
        if summary.code == code.bits() && summary.code != 0 {
            return summary.is_ok.then_some(summary.receiver_slots);
        }
        self.summarize_verdict(code, slot)
    }

    /// Fills summary `slot` with the verdict on `code` (verifying it if needed,
    /// translating it into ops if it is Sista code that verified).
    #[inline(never)]
    fn summarize_verdict(&mut self, code: Oop, slot: usize) -> Option<u16> {
        let summary = match self.verdict_of(code) {
            // verify_compiled_code keeps receiver variables below 65535.
            Ok(facts) => {
                let code_base = self.translated_code_base(code, &facts);
                Summary {
                    code: code.bits(),
                    code_base,
                    receiver_slots: facts.receiver_slots_needed() as u16,
                    is_ok: true,
                }
            }
            Err(_) => Summary {
                code: code.bits(),
                ..Summary::default()
            },
        };
        // Set after translating: an arena reset empties the summaries.
        self.method_facts.summaries[slot] = summary;
        summary.is_ok.then_some(summary.receiver_slots)
    }

    /// The base of the ops of `code` (verified, with `facts`), translating it the
    /// first time; `NO_BASE` for V3 code and code too large for the arena. An
    /// arena reset flushes everything that holds bases: the summaries and the
    /// lookup cache.
    fn translated_code_base(&mut self, code: Oop, facts: &MethodFacts) -> u32 {
        if let Some(base) = self.method_facts.ops.base_of(code) {
            return base;
        }
        let bits = MethodHeaderBits::of(&self.heap, code);
        if !bits.is_sista() {
            return NO_BASE;
        }
        let initial_ip = bits.initial_ip();
        if self.heap.byte_size(code) - initial_ip > ARENA_OPS {
            return NO_BASE;
        }
        let ops = translate(&self.heap.bytes(code)[initial_ip..], facts, initial_ip);
        match self.method_facts.ops.install(code, initial_ip, &ops) {
            Installed::At(base) => base,
            Installed::AfterReset(base) => {
                self.method_facts.summaries.fill(Summary::default());
                self.lookup_cache.flush();
                self.stack.forget_caller_code_bases(self.fp);
                base
            }
            Installed::TooLarge => NO_BASE,
        }
    }

    /// The base of the ops of `code` if the summary cache has it (the fast
    /// return's probe: no verifying, no translating).
    #[inline(always)]
    pub(crate) fn cached_code_base(&self, code: Oop) -> Option<usize> {
        let summary = &self.method_facts.summaries[MethodFactsTable::summary_slot(code)];
        (summary.code == code.bits() && summary.code_base != NO_BASE)
            .then_some(summary.code_base as usize)
    }

    /// The base of the ops of `code`, verifying and translating it if needed;
    /// `None` if it has none (not verified Sista code, or too large).
    #[inline(always)]
    pub(crate) fn code_base_of(&mut self, code: Oop) -> Option<usize> {
        let summary = self.method_facts.summaries[MethodFactsTable::summary_slot(code)];
        if summary.code == code.bits() && summary.code != 0 {
            return (summary.code_base != NO_BASE).then_some(summary.code_base as usize);
        }
        self.find_code_base(code)
    }

    /// `code_base_of` when the summary cache does not know the code.
    #[cold]
    #[inline(never)]
    fn find_code_base(&mut self, code: Oop) -> Option<usize> {
        if !is_compiled_code(&self.heap, code) {
            return None;
        }
        let slot = MethodFactsTable::summary_slot(code);
        self.summarize_verdict(code, slot)?;
        self.cached_code_base(code)
    }

    /// True if `receiver` has at least `needed_slots` pointer slots (always when 0).
    #[inline(always)]
    pub(crate) fn receiver_fits(&self, receiver: Oop, needed_slots: u32) -> bool {
        needed_slots == 0
            || (receiver.is_pointer()
                && self.heap.format_of(receiver).is_pointers()
                && self.heap.num_slots(receiver) >= needed_slots as usize)
    }

    /// True if every instance of `class` has `needed_slots` pointer slots: its
    /// format word gives a pointer format with that many fixed fields (instances are
    /// made from it, and changing an object's class checks its shape).
    pub(crate) fn class_guarantees_slots(&self, class: Oop, needed_slots: u16) -> bool {
        needed_slots == 0
            || self
                .heap
                .instance_spec_of(class)
                .is_ok_and(|(format, fixed_fields)| {
                    format.is_pointers() && fixed_fields >= usize::from(needed_slots)
                })
    }

    /// Checks that `code` verified and that `receiver` fits it; otherwise stops the
    /// run with `MalformedMethod` and answers false.
    pub(crate) fn check_code_for(&mut self, code: Oop, receiver: Oop) -> Option<Rc<MethodFacts>> {
        match self.verdict_of(code) {
            Ok(facts) if self.receiver_fits(receiver, facts.receiver_slots_needed()) => Some(facts),
            Ok(facts) => {
                let needed_slots = facts.receiver_slots_needed();
                self.fail_malformed(code, CodeError::ReceiverTooSmall { needed_slots });
                None
            }
            Err(error) => {
                self.fail_malformed(code, error);
                None
            }
        }
    }

    /// The temp vector held in temp `vector_temp_index` of the current frame, if it
    /// has slot `index_in_vector`; otherwise stops the run (the remote-temp
    /// instruction just fetched, 3 bytes before ip, is at fault) and answers None.
    #[inline(always)]
    pub(crate) fn temp_vector_with(
        &mut self,
        vector_temp_index: usize,
        index_in_vector: usize,
    ) -> Option<Oop> {
        let vector = self
            .stack
            .at(self.stack.temp_index(self.fp, vector_temp_index));
        if vector.is_pointer()
            && self.heap.format_of(vector).is_pointers()
            && index_in_vector < self.heap.num_slots(vector)
        {
            return Some(vector);
        }
        let error = CodeError::BadTempVector {
            vector_temp_index,
            index_in_vector,
        };
        self.fail_malformed_at(self.method, self.ip.saturating_sub(3) + 1, error);
        None
    }

    /// Stops the run: `code` may not run, for `error`.
    #[inline(never)]
    pub(crate) fn fail_malformed(&mut self, code: Oop, error: CodeError) {
        let offset = match &error {
            CodeError::Verify(verify) => verify.pc,
            _ => 0,
        };
        let pc = if is_compiled_code(&self.heap, code) {
            MethodHeaderBits::of(&self.heap, code).initial_ip() + offset + 1
        } else {
            0
        };
        self.fail_malformed_at(code, pc, error);
    }

    /// Stops the run: `code` may not run, for `error` found at Smalltalk `pc`.
    #[inline(never)]
    fn fail_malformed_at(&mut self, code: Oop, pc: usize, error: CodeError) {
        let selector = self.code_name(code);
        self.fail_run(InterpreterError::MalformedMethod {
            selector,
            pc,
            reason: error.to_string(),
        });
    }

    /// Checks the code a closure activation runs: `code` (a full block's CompiledBlock,
    /// or the home method of an embedded block starting at `embedded.start_ip`) must
    /// verify and fit `receiver`; an embedded block must start where the verifier found
    /// one with the closure's argument and copied-value counts. Stops the run if not.
    pub(crate) fn check_closure_code(
        &mut self,
        code: Oop,
        receiver: Oop,
        embedded: Option<EmbeddedStart>,
    ) -> bool {
        let Some(start) = embedded else {
            return match self.verified_receiver_slots(code) {
                Some(slots) if self.receiver_fits(receiver, u32::from(slots)) => true,
                _ => self.check_code_for(code, receiver).is_some(),
            };
        };
        let Some(facts) = self.check_code_for(code, receiver) else {
            return false;
        };
        let offset = start
            .start_ip
            .wrapping_sub(MethodHeaderBits::of(&self.heap, code).initial_ip());
        let is_block_start = facts.embedded_block_at(offset).is_some_and(|block| {
            block.num_args as usize == start.num_args
                && block.num_copied as usize == start.num_copied
        });
        if !is_block_start {
            self.fail_malformed(code, CodeError::BadBlockStart);
        }
        is_block_start
    }

    /// Checks that a divorced context can resume `code` at byte `ip` with `stackp`
    /// stacked values (temps included): the code verifies and fits `receiver`, `ip`
    /// starts an instruction, and the stack holds what that instruction expects, bar
    /// the one value a return into the context is about to push. Stops the run if not.
    pub(crate) fn check_resumable(
        &mut self,
        code: Oop,
        receiver: Oop,
        ip: usize,
        stackp: usize,
        is_block: bool,
    ) -> bool {
        let Some(facts) = self.check_code_for(code, receiver) else {
            return false;
        };
        let header = MethodHeaderBits::of(&self.heap, code);
        let offset = ip.wrapping_sub(header.initial_ip());
        let base = if is_block { 0 } else { header.num_temps() };
        match facts.stack_depth_at(offset) {
            Some(depth) if stackp + 1 >= base + depth as usize => true,
            _ => {
                self.fail_run(InterpreterError::BadContext);
                false
            }
        }
    }

    /// Activates `entry`'s method if the receiver `num_args` down has the slots its
    /// receiver variables need; otherwise stops the run. Out of line: the send
    /// paths stay small.
    #[cold]
    #[inline(never)]
    pub(crate) fn activate_checked(&mut self, entry: &CacheEntry, num_args: usize) {
        let needed_slots = u32::from(entry.activation.receiver_slots);
        if self.receiver_fits(self.stack_value(num_args), needed_slots) {
            return self.activate_method(entry.method, num_args, None);
        }
        self.fail_malformed(entry.method, CodeError::ReceiverTooSmall { needed_slots });
    }

    /// True if the body of `method` (whose primitive failed) verified and fits
    /// `receiver`; otherwise stops the run. Out of line: the activation path stays
    /// small.
    #[inline(never)]
    pub(crate) fn is_body_runnable(&mut self, method: Oop, receiver: Oop) -> bool {
        match self.verified_receiver_slots(method) {
            Some(slots) if self.receiver_fits(receiver, u32::from(slots)) => true,
            Some(slots) => {
                let needed_slots = u32::from(slots);
                self.fail_malformed(method, CodeError::ReceiverTooSmall { needed_slots });
                false
            }
            None => {
                self.fail_malformed_method(method);
                false
            }
        }
    }

    /// Stops the run because `code`'s verdict is an error (a cached malformed method).
    #[cold]
    #[inline(never)]
    pub(crate) fn fail_malformed_method(&mut self, code: Oop) {
        match self.verdict_of(code) {
            Err(error) => self.fail_malformed(code, error),
            Ok(_) => self.fail_run(InterpreterError::BadMethod),
        }
    }

    /// The selector of a method (its penultimate literal, or the selector of the
    /// AdditionalMethodState there), for messages; `"a block"` for blocks.
    fn code_name(&self, code: Oop) -> String {
        if !is_compiled_code(&self.heap, code) {
            return "a non-method".to_string();
        }
        let num_literals = MethodHeaderBits::of(&self.heap, code).num_literals();
        if num_literals < 2 || self.heap.num_slots(code) <= num_literals {
            return "a block".to_string();
        }
        let mut selector = self.heap.fetch_pointer(code, num_literals - 1);
        if selector.is_pointer()
            && self.heap.format_of(selector).is_pointers()
            && self.heap.num_slots(selector) > 1
        {
            selector = self.heap.fetch_pointer(selector, 1);
        }
        if selector.is_pointer() && self.heap.format_of(selector).is_bytes() {
            self.symbol_text(selector)
        } else {
            "a block".to_string()
        }
    }
}

#[cfg(test)]
mod tests;
