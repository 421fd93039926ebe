//! `MethodBuilder`: CompiledMethods and CompiledBlocks from raw bytes or a Sista
//! encoder closure, with literals, argument/temp counts and a primitive.
use stvm_bytecode::{MethodHeader, SistaEncoder, V3Encoder};
use stvm_object_model::{ObjectFormat, Oop};

use super::World;

/// A method or block under construction.
#[derive(Clone, Debug)]
pub struct MethodBuilder {
    bytes: Vec<u8>,
    literals: Vec<Oop>,
    num_args: u8,
    num_temps: u8,
    primitive: Option<u16>,
    is_sista: bool,
    is_large_frame: bool,
}

impl MethodBuilder {
    /// Sista V1 code from raw bytes.
    pub fn sista(bytes: impl Into<Vec<u8>>) -> MethodBuilder {
        MethodBuilder {
            bytes: bytes.into(),
            literals: Vec::new(),
            num_args: 0,
            num_temps: 0,
            primitive: None,
            is_sista: true,
            is_large_frame: false,
        }
    }

    /// V3PlusClosures code from raw bytes.
    pub fn v3(bytes: impl Into<Vec<u8>>) -> MethodBuilder {
        MethodBuilder {
            is_sista: false,
            ..MethodBuilder::sista(bytes)
        }
    }

    /// Sista V1 code written by `encode`.
    pub fn encoded(encode: impl FnOnce(&mut SistaEncoder)) -> MethodBuilder {
        let mut encoder = SistaEncoder::new();
        encode(&mut encoder);
        MethodBuilder::sista(encoder.into_bytes())
    }

    /// V3PlusClosures code written by `encode`.
    pub fn encoded_v3(encode: impl FnOnce(&mut V3Encoder)) -> MethodBuilder {
        let mut encoder = V3Encoder::new();
        encode(&mut encoder);
        MethodBuilder::v3(encoder.into_bytes())
    }

    /// Number of arguments (temps grow to at least this).
    pub fn args(mut self, num_args: u8) -> MethodBuilder {
        self.num_args = num_args;
        self.num_temps = self.num_temps.max(num_args);
        self
    }

    /// Number of temps including arguments.
    pub fn temps(mut self, num_temps: u8) -> MethodBuilder {
        self.num_temps = num_temps.max(self.num_args);
        self
    }

    /// The literals (selector and class binding are appended by `build_method`).
    pub fn literals(mut self, literals: &[Oop]) -> MethodBuilder {
        self.literals = literals.to_vec();
        self
    }

    /// A primitive: a callPrimitive is prepended to the code.
    pub fn primitive(mut self, number: u16) -> MethodBuilder {
        self.primitive = Some(number);
        self
    }

    /// Marks the method as needing a large frame.
    pub fn large_frame(mut self) -> MethodBuilder {
        self.is_large_frame = true;
        self
    }

    /// A CompiledMethod `class>>selector`: literals, then the selector, then the
    /// class binding (`nil -> class`).
    pub fn build_method(self, world: &mut World, selector: &str, class: Oop) -> Oop {
        let selector = world.symbol(selector);
        let nil = world.heap.nil();
        let binding = world.association(nil, class);
        let code_class = world.classes.compiled_method;
        self.build(world, code_class, &[selector, binding])
    }

    /// A CompiledBlock whose last literal is `outer_code` (nil until set with
    /// [`World::set_outer_code`]).
    pub fn build_block(self, world: &mut World, outer_code: Oop) -> Oop {
        let code_class = world.classes.compiled_block;
        self.build(world, code_class, &[outer_code])
    }

    fn build(self, world: &mut World, code_class: Oop, trailing: &[Oop]) -> Oop {
        let mut bytes = Vec::new();
        if let Some(number) = self.primitive {
            let [low, high] = number.to_le_bytes();
            bytes.extend_from_slice(&[if self.is_sista { 248 } else { 139 }, low, high]);
        }
        bytes.extend_from_slice(&self.bytes);
        let literals: Vec<Oop> = self.literals.iter().chain(trailing).copied().collect();
        let header = MethodHeader {
            num_literals: literals.len() as u16,
            num_temps: self.num_temps,
            num_args: self.num_args,
            has_primitive: self.primitive.is_some(),
            large_frame: self.is_large_frame,
            is_sista: self.is_sista,
        };
        let body_words = bytes.len().div_ceil(8);
        let padding = body_words * 8 - bytes.len();
        let index = world
            .heap
            .ensure_class_index(code_class)
            .expect("class table");
        let method = world
            .heap
            .allocate_old(
                index,
                ObjectFormat(ObjectFormat::COMPILED_METHOD.value() + padding as u8),
                1 + literals.len() + body_words,
            )
            .expect("method");
        world
            .heap
            .store_pointer(method, 0, Oop::small_integer_unchecked(header.encode()));
        for (position, literal) in literals.iter().enumerate() {
            world.heap.store_pointer(method, position + 1, *literal);
        }
        let start = (1 + literals.len()) * 8;
        for (position, byte) in bytes.iter().enumerate() {
            world.heap.store_byte(method, start + position, *byte);
        }
        method
    }
}

impl World {
    /// Makes `outer_code` the last literal of `block`.
    pub fn set_outer_code(&mut self, block: Oop, outer_code: Oop) {
        let header = crate::MethodHeaderBits::of(&self.heap, block);
        self.heap
            .store_pointer(block, header.num_literals(), outer_code);
    }

    /// A new Process of `priority` (not scheduled, no context).
    pub fn new_process(&mut self, priority: i64) -> Oop {
        super::kernel::new_process(self, priority)
    }
}
