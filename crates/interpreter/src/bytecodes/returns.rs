//! Return bytecodes: method return, block return (to the block's caller),
//! method return from a block (non-local return to the home context's sender,
//! with `#cannotReturn:` and `#aboutToReturn:through:`), and returns that cross
//! stack pages or end an entry activation.
use stvm_object_model::{layout::context as ctx, special_objects, Oop};

use crate::interpreter::{Interpreter, RunExit, ENTRY_MARKER, NO_FRAME};
use crate::method_header::primitive_index_of;
use crate::stack_zone::frame;

/// Primitive number marking ensure:/ifCurtailed: activations.
const UNWIND_MARKER_PRIMITIVE: u16 = 198;

/// A step on the chain of activations below the current frame.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Activation {
    Frame(usize),
    Context(Oop),
    Bottom,
}

impl Interpreter {
    /// `^ value`: from a method, return to the caller; from a block, return
    /// from the block's home method.
    #[inline(always)]
    pub(crate) fn method_return_bytecode(&mut self, value: Oop) -> bool {
        if self.stack.frame_is_block(self.fp) {
            return self.non_local_return(value);
        }
        self.return_to_caller(value)
    }

    /// Block return: return `value` to the block activation's caller.
    #[inline(always)]
    pub(crate) fn block_return_bytecode(&mut self, value: Oop) -> bool {
        self.return_to_caller(value)
    }

    /// Pops the current frame and pushes `value` in the caller.
    #[inline(always)]
    pub(crate) fn return_to_caller(&mut self, value: Oop) -> bool {
        let fp = self.fp;
        if self.stack.at(fp + frame::CONTEXT) != self.nil || self.stack.frame_is_base(fp) {
            return self.return_from_unusual_frame(value);
        }
        self.pop_frame_and_push(value);
        false
    }

    /// Pops a frame that is not the base of its page and pushes `value`.
    #[inline(always)]
    fn pop_frame_and_push(&mut self, value: Oop) {
        let fp = self.fp;
        let result_slot = self.stack.frame_stacked_receiver_index(fp);
        self.ip = self.stack.int_at(fp + frame::SAVED_IP);
        self.fp = self.stack.int_at(fp + frame::SAVED_FP);
        self.sp = result_slot;
        self.stack.put(result_slot, value);
        let method = self.stack.at(self.fp + frame::METHOD);
        self.set_method(method);
    }

    /// Return from a married frame or a page's base frame.
    #[inline(never)]
    fn return_from_unusual_frame(&mut self, value: Oop) -> bool {
        let fp = self.fp;
        let is_base = self.stack.frame_is_base(fp);
        let page = self.stack.page_of(fp);
        let caller = self.stack.at(self.stack.pages[page].start);
        if is_base && caller != ENTRY_MARKER && !self.is_live_context(caller) {
            return self.send_cannot_return(value);
        }
        let context = self.stack.at(fp + frame::CONTEXT);
        if context != self.nil {
            self.widow(context);
        }
        if !is_base {
            self.pop_frame_and_push(value);
            return false;
        }
        self.stack.free(page);
        self.return_to_context(caller, value)
    }

    /// Continues in `caller` (a live context or the entry marker) with `value` pushed.
    fn return_to_context(&mut self, caller: Oop, value: Oop) -> bool {
        if caller == ENTRY_MARKER {
            self.fp = NO_FRAME;
            self.exit = Some(RunExit::Returned(value));
            return true;
        }
        if !self.resume_context(caller) {
            return true;
        }
        self.push(value);
        false
    }

    /// `thisContext cannotReturn: value`.
    fn send_cannot_return(&mut self, value: Oop) -> bool {
        let Some(selector) = self.required_special_object(special_objects::SELECTOR_CANNOT_RETURN)
        else {
            return true;
        };
        let Some(context) = self.ensure_frame_context(self.fp) else {
            return true;
        };
        self.push(context);
        self.push(value);
        self.send(selector, 1);
        self.exit.is_some()
    }

    /// `^ value` inside a block: unwind to the home context's sender.
    fn non_local_return(&mut self, value: Oop) -> bool {
        let closure = self
            .stack
            .at(self.stack.frame_stacked_receiver_index(self.fp));
        let home = self.home_context_of(closure);
        if !self.is_live_context(home) {
            return self.send_cannot_return(value);
        }
        let home_activation = match self.married_frame(home) {
            Some(fp) => Activation::Frame(fp),
            None => Activation::Context(home),
        };
        let mut unwind_marked = None;
        let mut cursor = self.caller_of(Activation::Frame(self.fp));
        while cursor != home_activation {
            if cursor == Activation::Bottom {
                return self.send_cannot_return(value);
            }
            if unwind_marked.is_none() && self.is_unwind_marked(cursor) {
                unwind_marked = Some(cursor);
            }
            cursor = self.caller_of(cursor);
        }
        if !self.is_live_sender(home_activation) {
            return self.send_cannot_return(value);
        }
        if let Some(marked) = unwind_marked {
            return self.send_about_to_return(value, marked);
        }
        self.unwind_to(home_activation, value)
    }

    /// The home context of a closure: outer contexts followed until a method activation.
    fn home_context_of(&mut self, closure: Oop) -> Oop {
        let mut context = self.heap.fetch_pointer(closure, 0);
        for _ in 0..100_000 {
            if !self.is_context(context) {
                return self.nil;
            }
            let inner_closure = self.heap.fetch_pointer(context, ctx::CLOSURE_OR_NIL);
            if inner_closure == self.nil || !inner_closure.is_pointer() {
                return context;
            }
            context = self.heap.fetch_pointer(inner_closure, 0);
        }
        self.nil
    }

    /// The activation below `activation` on the current chain.
    fn caller_of(&self, activation: Activation) -> Activation {
        match activation {
            Activation::Frame(fp) if !self.stack.frame_is_base(fp) => {
                Activation::Frame(self.stack.int_at(fp + frame::SAVED_FP))
            }
            Activation::Frame(fp) => {
                let caller = self
                    .stack
                    .at(self.stack.pages[self.stack.page_of(fp)].start);
                self.activation_of_context(caller)
            }
            Activation::Context(context) => {
                let sender = self.heap.fetch_pointer(context, ctx::SENDER);
                self.activation_of_context(sender)
            }
            Activation::Bottom => Activation::Bottom,
        }
    }

    fn activation_of_context(&self, context: Oop) -> Activation {
        if !self.is_context(context) {
            return Activation::Bottom;
        }
        match self.married_frame(context) {
            Some(fp) => Activation::Frame(fp),
            None if self.heap.fetch_pointer(context, ctx::PC).is_small_integer() => {
                Activation::Context(context)
            }
            None => Activation::Bottom,
        }
    }

    /// True if the activation below `home` can be returned to.
    fn is_live_sender(&self, home: Activation) -> bool {
        if let Activation::Frame(fp) = home {
            if !self.stack.frame_is_base(fp) {
                return true;
            }
            let caller = self
                .stack
                .at(self.stack.pages[self.stack.page_of(fp)].start);
            return caller == ENTRY_MARKER || self.is_live_context(caller);
        }
        home == Activation::Context(self.entry_context)
            || self.caller_of(home) != Activation::Bottom
    }

    /// True if the activation runs a method with primitive 198 (ensure:/ifCurtailed:).
    fn is_unwind_marked(&self, activation: Activation) -> bool {
        let method = match activation {
            Activation::Frame(fp) => self.stack.at(fp + frame::METHOD),
            Activation::Context(context) => self.heap.fetch_pointer(context, ctx::METHOD),
            Activation::Bottom => return false,
        };
        crate::method_header::is_compiled_code(&self.heap, method)
            && primitive_index_of(&self.heap, method) == UNWIND_MARKER_PRIMITIVE
    }

    /// `thisContext aboutToReturn: value through: markedContext`.
    fn send_about_to_return(&mut self, value: Oop, marked: Activation) -> bool {
        let marked_context = match marked {
            Activation::Frame(fp) => self.ensure_frame_context(fp),
            Activation::Context(context) => Some(context),
            Activation::Bottom => None,
        };
        let (Some(marked_context), Some(selector), Some(this_context)) = (
            marked_context,
            self.required_special_object(special_objects::SELECTOR_ABOUT_TO_RETURN),
            self.ensure_frame_context(self.fp),
        ) else {
            return true;
        };
        self.push(this_context);
        self.push(value);
        self.push(marked_context);
        self.send(selector, 2);
        self.exit.is_some()
    }

    /// Discards activations down to `home` and returns `value` from it.
    fn unwind_to(&mut self, home: Activation, value: Oop) -> bool {
        loop {
            if Activation::Frame(self.fp) == home {
                return self.return_to_caller(value);
            }
            let fp = self.fp;
            let context = self.stack.at(fp + frame::CONTEXT);
            if context != self.nil {
                self.widow(context);
            }
            if !self.stack.frame_is_base(fp) {
                self.fp = self.stack.int_at(fp + frame::SAVED_FP);
                continue;
            }
            let page = self.stack.page_of(fp);
            let caller = self.stack.at(self.stack.pages[page].start);
            self.stack.free(page);
            match self.activation_of_context(caller) {
                Activation::Frame(caller_fp) => {
                    self.stack.make_current(self.stack.page_of(caller_fp));
                    self.fp = caller_fp;
                }
                Activation::Context(divorced) => {
                    return self.unwind_divorced_contexts(divorced, home, value);
                }
                Activation::Bottom => return self.return_to_context(caller, value),
            }
        }
    }

    /// Marks divorced contexts from `first` down to `home` dead, then returns
    /// `value` to home's sender.
    fn unwind_divorced_contexts(&mut self, first: Oop, home: Activation, value: Oop) -> bool {
        let Activation::Context(home_context) = home else {
            return true;
        };
        let mut context = first;
        while context != home_context && self.is_context(context) {
            let sender = self.heap.fetch_pointer(context, ctx::SENDER);
            self.widow(context);
            context = sender;
        }
        let sender = self.heap.fetch_pointer(home_context, ctx::SENDER);
        self.widow(home_context);
        let target = if home_context == self.entry_context {
            ENTRY_MARKER
        } else {
            sender
        };
        self.fp = NO_FRAME;
        self.return_to_context(target, value)
    }
}
