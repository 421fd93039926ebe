//! The `Interpreter` value: heap, platform, stack zone, the interpreter registers
//! (ip, sp, fp, method) and the public entry points used by the vm and the cli.
//!
//! Registers: `ip` is a 0-based byte offset into the current method's body (the
//! Smalltalk pc is `ip + 1`); `sp` and `fp` are slot indices into the stack zone
//! (see `stack_zone` for the frame layout). `fp == NO_FRAME` means no Smalltalk
//! frame is active (only while an entry send is being set up).
use std::collections::HashMap;

use stvm_heap::{Heap, RootSource};
use stvm_object_model::{layout, special_objects, Oop};

use crate::error::{ExitReason, InterpreterError};
use crate::lookup::LookupCache;
use crate::method_header::{is_compiled_code, MethodHeaderBits};
use crate::platform::Platform;
use crate::primitives::PurePrimitive;
use crate::stack_zone::{StackZone, DEFAULT_NUM_PAGES};

/// `fp` value meaning "no active frame".
pub(crate) const NO_FRAME: usize = 0;
/// Caller-context marker of the base frame of an entry (`run_method`) activation:
/// returning through it ends the run.
pub(crate) const ENTRY_MARKER: Oop = Oop::small_integer_unchecked(-1);
/// Sends and backward jumps between two checks for GC, timers and interrupts.
pub(crate) const CHECK_INTERVAL: u32 = 1000;

/// A garbage collector: scavenge (`false`) or full GC (`true`) of the heap with
/// the interpreter's roots. Set with [`Interpreter::set_collector`].
pub type Collector = fn(&mut Heap, &mut dyn RootSource, bool);

/// The heap's own collectors: the default [`Collector`].
pub fn heap_collector(heap: &mut Heap, roots: &mut dyn RootSource, full: bool) {
    if full {
        heap.full_gc(roots);
    } else {
        heap.scavenge(roots);
    }
}

/// How a run of the interpreter loop ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RunExit {
    /// The entry activation returned this value.
    Returned(Oop),
    /// The quit primitive ran.
    Quit(i64),
    /// The VM could not go on.
    Error(InterpreterError),
}

/// A Smalltalk stack interpreter running on one heap.
pub struct Interpreter {
    pub(crate) heap: Heap,
    pub(crate) platform: Box<dyn Platform>,
    pub(crate) stack: StackZone,
    pub(crate) ip: usize,
    pub(crate) sp: usize,
    pub(crate) fp: usize,
    pub(crate) method: Oop,
    pub(crate) is_sista: bool,
    pub(crate) ext_a: i64,
    pub(crate) ext_b: i64,
    pub(crate) num_ext_b: u32,
    pub(crate) nil: Oop,
    pub(crate) true_object: Oop,
    pub(crate) false_object: Oop,
    pub(crate) lookup_cache: LookupCache,
    /// Verdicts of the method verifier by code oop (see `method_facts`).
    pub(crate) method_facts: crate::method_facts::MethodFactsTable,
    /// Context standing for a divorced entry frame (its sender is nil).
    pub(crate) entry_context: Oop,
    pub(crate) exit: Option<RunExit>,
    pub(crate) check_countdown: u32,
    /// UTC microseconds at which the timer semaphore is due (0 = not armed).
    pub(crate) next_wakeup_usecs: i64,
    /// Resolved named primitives by method oop (flushed with the lookup cache).
    pub(crate) external_primitives: HashMap<u64, PurePrimitive>,
    /// Named primitives supplied by the embedder, by (module, name).
    pub(crate) embedder_primitives: HashMap<(String, String), PurePrimitive>,
    /// Primitives asked for but not implemented (`module>>name`, `#N`).
    pub(crate) missing_primitives: std::collections::BTreeSet<String>,
    /// Report each missing primitive on stderr the first time it is asked for.
    pub(crate) is_tracing_missing_primitives: bool,
    /// The method whose interpreter primitive is running.
    pub(crate) primitive_method: Option<Oop>,
    /// The garbage collector to run at safe points (none: never collect).
    pub(crate) collector: Option<Collector>,
    /// Oops the interpreter holds across allocations (GC roots).
    pub(crate) extra_roots: Vec<Oop>,
    /// Number of GCs run (scavenges and full).
    pub(crate) gc_count: u64,
    /// Full-GC and memory-limit policy.
    pub(crate) memory: crate::memory_policy::MemoryPolicy,
    /// State of the interpreter primitives (VM parameters).
    pub(crate) primitive_state: crate::interpreter_primitives::PrimitiveState,
}

impl Interpreter {
    /// An interpreter for `heap` (which holds a special objects array) using `platform`.
    pub fn new(heap: Heap, platform: Box<dyn Platform>) -> Interpreter {
        Self::with_stack_pages(heap, platform, DEFAULT_NUM_PAGES)
    }

    /// As `new`, with a stack zone of `num_pages` pages (clamped to 2 ..=
    /// [`crate::MAX_NUM_PAGES`]; tests use few pages to exercise divorcing).
    pub fn with_stack_pages(
        heap: Heap,
        platform: Box<dyn Platform>,
        num_pages: usize,
    ) -> Interpreter {
        let nil = heap.nil();
        let primitive_state = crate::interpreter_primitives::PrimitiveState {
            start_utc_microseconds: platform.utc_microseconds(),
            ..Default::default()
        };
        Interpreter {
            stack: StackZone::new(num_pages, nil),
            nil,
            true_object: heap.true_object(),
            false_object: heap.false_object(),
            heap,
            platform,
            ip: 0,
            sp: 0,
            fp: NO_FRAME,
            method: nil,
            is_sista: true,
            ext_a: 0,
            ext_b: 0,
            num_ext_b: 0,
            lookup_cache: LookupCache::new(),
            method_facts: Default::default(),
            entry_context: nil,
            exit: None,
            check_countdown: CHECK_INTERVAL,
            next_wakeup_usecs: 0,
            external_primitives: HashMap::new(),
            embedder_primitives: HashMap::new(),
            missing_primitives: Default::default(),
            is_tracing_missing_primitives: false,
            primitive_method: None,
            collector: Some(heap_collector),
            extra_roots: Vec::new(),
            gc_count: 0,
            memory: Default::default(),
            primitive_state,
        }
    }

    /// The object memory.
    pub fn heap(&self) -> &Heap {
        &self.heap
    }

    /// The object memory, writable.
    pub fn heap_mut(&mut self) -> &mut Heap {
        &mut self.heap
    }

    /// The platform services.
    pub fn platform_mut(&mut self) -> &mut dyn Platform {
        self.platform.as_mut()
    }

    /// Number of garbage collections run so far.
    pub fn gc_count(&self) -> u64 {
        self.gc_count
    }

    /// Number of stack pages currently holding frames.
    pub fn stack_pages_in_use(&self) -> usize {
        self.stack.pages_in_use()
    }

    /// Runs `method` with `receiver` and `arguments` to completion and answers its
    /// result. The method's primitive, if any, runs first.
    pub fn run_method(
        &mut self,
        method: Oop,
        receiver: Oop,
        arguments: &[Oop],
    ) -> Result<Oop, InterpreterError> {
        if !is_compiled_code(&self.heap, method)
            || MethodHeaderBits::of(&self.heap, method).num_args() != arguments.len()
        {
            return Err(InterpreterError::BadMethod);
        }
        self.run_entry(receiver, arguments, |interpreter| {
            interpreter.execute_new_method(method, arguments.len());
        })
    }

    /// Sends `selector` to `receiver` with `arguments` and answers the result.
    pub fn send_message(
        &mut self,
        receiver: Oop,
        selector: Oop,
        arguments: &[Oop],
    ) -> Result<Oop, InterpreterError> {
        self.run_entry(receiver, arguments, |interpreter| {
            interpreter.send(selector, arguments.len());
        })
    }

    /// Resumes the active process of the image (its suspended context) and runs
    /// until the quit primitive.
    pub fn resume_active_process(&mut self) -> Result<ExitReason, InterpreterError> {
        let process = self
            .active_process()
            .ok_or(InterpreterError::NoActiveProcess)?;
        let context = self
            .heap
            .fetch_pointer(process, layout::process::SUSPENDED_CONTEXT);
        if !self.is_context(context) {
            return Err(InterpreterError::NoActiveProcess);
        }
        self.heap
            .store_pointer(process, layout::process::SUSPENDED_CONTEXT, self.nil);
        self.exit = None;
        if !self.resume_context(context) {
            return Err(self.take_error());
        }
        match self.interpret() {
            RunExit::Quit(code) => Ok(ExitReason::Quit(code)),
            RunExit::Error(error) => Err(error),
            RunExit::Returned(_) => Err(InterpreterError::NoActiveProcess),
        }
    }

    /// Sets up an entry page holding `receiver` and `arguments`, lets `start`
    /// perform the send or activation, and runs until the entry activation returns.
    /// Entry runs are top-level: a frame that was running before is left on its
    /// page (suspended), not continued afterwards.
    fn run_entry(
        &mut self,
        receiver: Oop,
        arguments: &[Oop],
        start: impl FnOnce(&mut Interpreter),
    ) -> Result<Oop, InterpreterError> {
        if self.fp != NO_FRAME {
            self.save_registers_to_page();
        }
        self.exit = None;
        let Some(page) = self.new_stack_page() else {
            return Err(self.take_error());
        };
        let start_slot = self.stack.pages[page].start;
        self.stack.put(start_slot, ENTRY_MARKER);
        self.sp = start_slot;
        self.fp = NO_FRAME;
        self.push(receiver);
        arguments.iter().for_each(|argument| self.push(*argument));
        start(self);
        let outcome = if self.exit.is_some() {
            self.exit
                .take()
                .unwrap_or(RunExit::Error(InterpreterError::BadMethod))
        } else if self.fp == NO_FRAME {
            RunExit::Returned(self.stack.at(self.sp))
        } else {
            self.interpret()
        };
        self.stack.free(page);
        if matches!(outcome, RunExit::Error(_)) {
            self.abandon_all_pages();
        }
        self.fp = NO_FRAME;
        match outcome {
            RunExit::Returned(value) => Ok(value),
            RunExit::Quit(code) => Err(InterpreterError::Quit(code)),
            RunExit::Error(error) => Err(error),
        }
    }

    /// After a fatal error: forget every frame (their contexts stay as they are).
    fn abandon_all_pages(&mut self) {
        for page in 0..self.stack.pages.len() {
            self.stack.free(page);
        }
    }

    /// Runs the bytecode loop until something sets `exit`.
    pub(crate) fn interpret(&mut self) -> RunExit {
        while self.exit.is_none() {
            self.run_until_exit();
        }
        self.exit
            .take()
            .unwrap_or(RunExit::Error(InterpreterError::BadContext))
    }

    /// Records a fatal error and asks the loop to stop.
    pub(crate) fn fail_run(&mut self, error: InterpreterError) {
        if self.exit.is_none() {
            self.exit = Some(RunExit::Error(error));
        }
    }

    /// The error recorded by `fail_run` (or a generic one).
    pub(crate) fn take_error(&mut self) -> InterpreterError {
        match self.exit.take() {
            Some(RunExit::Error(error)) => error,
            _ => InterpreterError::BadContext,
        }
    }

    /// Special object `index`, or a fatal error when it is nil.
    pub(crate) fn required_special_object(&mut self, index: usize) -> Option<Oop> {
        let object = self.heap.special_object(index);
        if object == self.nil {
            self.fail_run(InterpreterError::MissingSpecialObject { index });
            return None;
        }
        Some(object)
    }

    /// The ProcessorScheduler (value of special object 3), if present.
    pub(crate) fn scheduler(&self) -> Option<Oop> {
        let association = self
            .heap
            .special_object(special_objects::SCHEDULER_ASSOCIATION);
        if association.is_immediate()
            || association == self.nil
            || self.heap.num_slots(association) <= layout::association::VALUE
        {
            return None;
        }
        let scheduler = self
            .heap
            .fetch_pointer(association, layout::association::VALUE);
        (scheduler.is_pointer()
            && scheduler != self.nil
            && self.heap.num_slots(scheduler) > layout::scheduler::ACTIVE_PROCESS)
            .then_some(scheduler)
    }

    /// The active Process, if the scheduler exists.
    pub(crate) fn active_process(&self) -> Option<Oop> {
        let scheduler = self.scheduler()?;
        let process = self
            .heap
            .fetch_pointer(scheduler, layout::scheduler::ACTIVE_PROCESS);
        (process.is_pointer()
            && process != self.nil
            && self.heap.num_slots(process) > layout::process::MY_LIST)
            .then_some(process)
    }
}
