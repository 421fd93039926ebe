//! The interpreter as a GC root source: every used slot of every stack page in
//! use (all of them hold oops, see `stack_zone`), the current method register,
//! the entry context and other held oops. Collections run only at safe points
//! (sends, backward jumps, primitives 130/131); afterwards the method register
//! is reloaded from its frame and the lookup caches are flushed.
use stvm_heap::{Heap, RootSource};
use stvm_object_model::Oop;

use crate::interpreter::{Collector, Interpreter, NO_FRAME};
use crate::stack_zone::{frame, StackZone};

/// The interpreter's roots, borrowed for one collection.
pub(crate) struct InterpreterRoots<'a> {
    stack: &'a mut StackZone,
    current_sp: usize,
    has_frame: bool,
    registers: [&'a mut Oop; 2],
    extra: &'a mut Vec<Oop>,
}

impl RootSource for InterpreterRoots<'_> {
    fn visit_roots(&mut self, visit: &mut dyn FnMut(&mut Oop)) {
        let current = self.stack.current_page;
        for index in 0..self.stack.pages.len() {
            let page = &self.stack.pages[index];
            if !page.is_in_use {
                continue;
            }
            let top = if index == current {
                self.current_sp
            } else {
                page.head_sp
            };
            let start = page.start;
            if top < start {
                continue;
            }
            self.stack.slots_mut()[start..=top]
                .iter_mut()
                .for_each(&mut *visit);
        }
        let _ = self.has_frame;
        for register in self.registers.iter_mut() {
            visit(register);
        }
        self.extra.iter_mut().for_each(visit);
    }
}

impl Interpreter {
    /// Installs the garbage collector run at safe points when the heap asks for one.
    pub fn set_collector(&mut self, collector: Collector) {
        self.collector = Some(collector);
    }

    /// Runs the installed collector (scavenge, or full GC when `full`) with the
    /// interpreter's roots; does nothing when none is installed.
    pub fn collect_garbage(&mut self, full: bool) {
        let Some(collector) = self.collector else {
            return;
        };
        self.lend_roots(|heap, roots| collector(heap, roots, full));
        if full {
            self.flush_method_facts();
        } else {
            self.method_facts.after_scavenge(&self.heap);
        }
        self.gc_count += 1;
    }

    /// Lends the heap and the interpreter's roots to `body` (a collector, a heap
    /// verifier, a test), then refreshes everything that caches oops.
    pub fn with_roots(&mut self, body: impl FnOnce(&mut Heap, &mut dyn RootSource)) {
        self.lend_roots(body);
        self.flush_method_facts();
    }

    /// `with_roots` but for the method verdicts, which the caller refreshes (a
    /// scavenge moves young code only).
    fn lend_roots(&mut self, body: impl FnOnce(&mut Heap, &mut dyn RootSource)) {
        let has_frame = self.fp != NO_FRAME;
        let mut roots = InterpreterRoots {
            stack: &mut self.stack,
            current_sp: self.sp,
            has_frame,
            registers: [&mut self.method, &mut self.entry_context],
            extra: &mut self.extra_roots,
        };
        body(&mut self.heap, &mut roots);
        if has_frame {
            self.method = self.stack.at(self.fp + frame::METHOD);
        }
        self.lookup_cache.flush();
        self.external_primitives.clear();
    }
}
