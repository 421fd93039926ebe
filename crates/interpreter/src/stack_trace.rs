//! A read-only description of the running Smalltalk stack, for diagnostics
//! (deadlock reports, debugging foreign images): one line per activation,
//! `Class>>selector` (`[] in …` for blocks), newest first. Walks frames and
//! then divorced contexts without marrying or allocating anything.
use stvm_object_model::{layout, layout::context as ctx, Oop};

use crate::interpreter::{Interpreter, ENTRY_MARKER, NO_FRAME};
use crate::method_header::{is_compiled_code, MethodHeaderBits};
use crate::stack_zone::frame;

/// An activation found while walking: a frame or a divorced context.
enum Activation {
    Frame(usize),
    Context(Oop),
    End,
}

impl Interpreter {
    /// Up to `limit` lines describing the active activations, newest first.
    pub fn stack_trace(&self, limit: usize) -> Vec<String> {
        let mut lines = Vec::new();
        let mut cursor = if self.fp == NO_FRAME {
            Activation::End
        } else {
            Activation::Frame(self.fp)
        };
        while lines.len() < limit {
            cursor = match cursor {
                Activation::End => break,
                Activation::Frame(fp) => {
                    let method = self.stack.at(fp + frame::METHOD);
                    lines.push(self.describe_method(method, self.stack.frame_is_block(fp)));
                    self.frame_caller(fp)
                }
                Activation::Context(context) => {
                    let method = self.heap.fetch_pointer(context, ctx::METHOD);
                    let closure = self.heap.fetch_pointer(context, ctx::CLOSURE_OR_NIL);
                    lines.push(self.describe_method(method, closure != self.nil));
                    self.activation_of(self.heap.fetch_pointer(context, ctx::SENDER))
                }
            };
        }
        lines
    }

    /// The activation that called the frame at `fp`.
    fn frame_caller(&self, fp: usize) -> Activation {
        if !self.stack.frame_is_base(fp) {
            return Activation::Frame(self.stack.int_at(fp + frame::SAVED_FP));
        }
        let caller = self
            .stack
            .at(self.stack.pages[self.stack.page_of(fp)].start);
        if caller == ENTRY_MARKER {
            Activation::End
        } else {
            self.activation_of(caller)
        }
    }

    /// A context seen as an activation: its frame if married.
    fn activation_of(&self, context: Oop) -> Activation {
        if !self.is_context(context) {
            return Activation::End;
        }
        match self.married_frame(context) {
            Some(fp) => Activation::Frame(fp),
            None => Activation::Context(context),
        }
    }

    /// `Class>>selector` for a method, `[] in Class>>selector` for a block.
    pub(crate) fn describe_method(&self, method: Oop, is_block: bool) -> String {
        let home = self.home_method_of_code(method);
        let prefix = if is_block { "[] in " } else { "" };
        let Some(home) = home else {
            return format!("{prefix}(not a method)");
        };
        let literals = MethodHeaderBits::of(&self.heap, home).num_literals();
        let selector = self.selector_text(self.heap.fetch_pointer(home, literals.max(2) - 1));
        let binding = self.heap.fetch_pointer(home, literals);
        let class_name = if binding.is_pointer()
            && binding != self.nil
            && self.heap.format_of(binding).is_pointers()
            && self.heap.num_slots(binding) > layout::association::VALUE
        {
            self.class_name(self.heap.fetch_pointer(binding, layout::association::VALUE))
        } else {
            "?".to_string()
        };
        format!("{prefix}{class_name}>>{selector}")
    }

    /// The CompiledMethod a CompiledBlock belongs to (following outer code).
    fn home_method_of_code(&self, method: Oop) -> Option<Oop> {
        let mut code = method;
        for _ in 0..64 {
            if !is_compiled_code(&self.heap, code) {
                return None;
            }
            let literals = MethodHeaderBits::of(&self.heap, code).num_literals();
            let last = self.heap.fetch_pointer(code, literals);
            if literals == 0 || !is_compiled_code(&self.heap, last) {
                return Some(code);
            }
            code = last;
        }
        None
    }

    /// The text of a selector literal (a Symbol, or AdditionalMethodState whose
    /// slot 1 is the selector).
    fn selector_text(&self, literal: Oop) -> String {
        if let Some(text) = self.byte_text(literal) {
            return text;
        }
        if literal.is_pointer()
            && self.heap.format_of(literal).is_pointers()
            && self.heap.num_slots(literal) > 1
        {
            if let Some(text) = self.byte_text(self.heap.fetch_pointer(literal, 1)) {
                return text;
            }
        }
        "?".to_string()
    }

    /// A class's name: its first byte-object slot after the format (slots 3..),
    /// or for a metaclass its sole instance's name followed by ` class`.
    pub(crate) fn class_name(&self, class: Oop) -> String {
        if let Some(name) = self.first_byte_slot_text(class) {
            return name;
        }
        if class.is_pointer() && self.heap.format_of(class).is_pointers() {
            for index in layout::class::FORMAT + 1..self.heap.num_slots(class).min(12) {
                let instance = self.heap.fetch_pointer(class, index);
                if instance.is_pointer() && self.heap.class_of(instance) == class {
                    if let Some(name) = self.first_byte_slot_text(instance) {
                        return format!("{name} class");
                    }
                }
            }
        }
        "?".to_string()
    }

    fn first_byte_slot_text(&self, class: Oop) -> Option<String> {
        if !class.is_pointer() || !self.heap.format_of(class).is_pointers() {
            return None;
        }
        (layout::class::FORMAT + 1..self.heap.num_slots(class).min(12))
            .find_map(|index| self.byte_text(self.heap.fetch_pointer(class, index)))
    }

    fn byte_text(&self, oop: Oop) -> Option<String> {
        (oop.is_pointer() && self.heap.format_of(oop).is_bytes())
            .then(|| String::from_utf8_lossy(self.heap.bytes(oop)).into_owned())
    }
}
