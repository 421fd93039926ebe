//! Send bytecodes: literal-selector sends, super sends, directed super sends,
//! and the common send path (receiver class → lookup cache → execute).
use stvm_object_model::{class_index, layout, Oop};

use crate::interpreter::Interpreter;

impl Interpreter {
    /// Send literal `literal_index` as selector with `num_args` arguments.
    #[inline(always)]
    pub(crate) fn send_literal_selector_bytecode(
        &mut self,
        literal_index: usize,
        num_args: usize,
    ) -> bool {
        let selector = self.literal(literal_index);
        self.send(selector, num_args);
        self.exit.is_some()
    }

    /// Super send: the lookup starts in the superclass of the method's class
    /// (the value of the method's last literal, its class binding).
    pub(crate) fn super_send_bytecode(&mut self, literal_index: usize, num_args: usize) -> bool {
        let selector = self.literal(literal_index);
        let method_class = self.method_class_of(self.home_method());
        let start = self.superclass_of(method_class);
        self.send_to_class(selector, num_args, start);
        self.exit.is_some()
    }

    /// Directed super send: pops a class and starts the lookup in its superclass.
    pub(crate) fn directed_super_send_bytecode(
        &mut self,
        literal_index: usize,
        num_args: usize,
    ) -> bool {
        let selector = self.literal(literal_index);
        let class = self.pop();
        let start = self.superclass_of(class);
        self.send_to_class(selector, num_args, start);
        self.exit.is_some()
    }

    /// Sends `selector` to the receiver `num_args` below the top.
    #[inline(always)]
    pub(crate) fn send(&mut self, selector: Oop, num_args: usize) {
        let receiver = self.stack_value(num_args);
        let mut class_index = self.heap.class_index_of(receiver);
        if class_index == class_index::FORWARDED {
            class_index = self.follow_forwarded_receiver(num_args);
        }
        match self.lookup_cache.probe(selector, class_index) {
            Some(entry) => self.execute_cached(entry, num_args),
            None => self.lookup_and_execute(selector, num_args, class_index),
        }
    }

    /// The method whose literals hold the class binding: for frames of
    /// CompiledBlocks, the enclosing method (followed through outer code).
    fn home_method(&self) -> Oop {
        let mut method = self.method;
        for _ in 0..64 {
            let literal_count = crate::MethodHeaderBits::of(&self.heap, method).num_literals();
            if literal_count == 0 {
                return method;
            }
            let last = self.heap.fetch_pointer(method, literal_count);
            if crate::method_header::is_compiled_code(&self.heap, last) {
                method = last;
            } else {
                return method;
            }
        }
        method
    }

    /// The class of a method: the value of its last literal (a class binding).
    pub(crate) fn method_class_of(&self, method: Oop) -> Oop {
        let literal_count = crate::MethodHeaderBits::of(&self.heap, method).num_literals();
        if literal_count == 0 {
            return self.nil;
        }
        let binding = self.heap.fetch_pointer(method, literal_count);
        if binding.is_pointer()
            && binding != self.nil
            && self.heap.format_of(binding).is_pointers()
            && self.heap.num_slots(binding) > layout::association::VALUE
        {
            self.heap.fetch_pointer(binding, layout::association::VALUE)
        } else {
            self.nil
        }
    }

    /// The superclass of `class` (nil for non-classes).
    pub(crate) fn superclass_of(&self, class: Oop) -> Oop {
        if class.is_pointer()
            && class != self.nil
            && self.heap.format_of(class).is_pointers()
            && self.heap.num_slots(class) > layout::class::FORMAT
        {
            self.heap.fetch_pointer(class, layout::class::SUPERCLASS)
        } else {
            self.nil
        }
    }
}
