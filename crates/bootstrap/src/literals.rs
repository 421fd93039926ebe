//! Turning the compiler's literals into heap objects (Pharo conventions):
//! numbers, characters, strings, symbols, arrays and byte arrays (made
//! read-only), bindings of literal variables, CompiledBlocks (whose last
//! literal is their outer code), clean-block FullBlockClosures, the selector
//! or AdditionalMethodState and the method-class binding.
//!
//! A BoxedFloat64 (class index 34, format 10, one slot) holds the IEEE bits
//! as one native 64-bit word, as Spur stores a C double.
use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;
use stvm_compiler::{Literal, Pragma};
use stvm_heap::Heap;
use stvm_object_model::{class_index, layout, ObjectFormat, Oop};

use crate::class_layout::{additional_method_state as ams, pragma, scaled_decimal};
use crate::error::BootstrapError;
use crate::installer::Installer;
use crate::objects;

/// Where a literal is being made: the class compiled for and the code object
/// whose literal frame is being filled (the outer code of its blocks).
#[derive(Debug, Clone, Copy)]
pub struct LiteralSite {
    /// Class the method belongs to.
    pub class: Oop,
    /// The CompiledMethod or CompiledBlock being filled.
    pub code: Oop,
    /// The method's outer code (for a CompiledBlock), nil for a method.
    pub outer: Oop,
}

impl Installer {
    /// The heap object for `literal` at `site`.
    pub fn literal_object(
        &self,
        heap: &mut Heap,
        literal: &Literal,
        site: LiteralSite,
    ) -> Result<Oop, BootstrapError> {
        let object = match literal {
            Literal::Integer(value) => self.integer_object(heap, value)?,
            Literal::Float(value) => float_object(heap, *value)?,
            Literal::ScaledDecimal {
                numerator,
                denominator,
                scale,
            } => self.scaled_decimal_object(heap, numerator, denominator, *scale)?,
            Literal::Character(code) => Oop::character(*code)
                .ok_or_else(|| BootstrapError::BadLiteral(format!("character code {code}")))?,
            Literal::String(text) => self.string_object(heap, text)?,
            Literal::Symbol(name) | Literal::Selector(name) => self.intern(heap, name)?,
            Literal::ByteArray(bytes) => objects::new_bytes(heap, class_index::BYTE_ARRAY, bytes)?,
            Literal::Array(elements) => self.array_object(heap, elements, site)?,
            Literal::True => heap.true_object(),
            Literal::False => heap.false_object(),
            Literal::Nil => heap.nil(),
            Literal::Variable(name) => return self.resolve_binding(heap, site.class, name),
            Literal::ClassBindingCopy => return self.class_binding_copy(heap, site.class),
            Literal::MethodClass => return self.class_binding(heap, site.class),
            Literal::Block(code) => return self.create_code(heap, site.class, code, site.code),
            Literal::CleanBlock(code) => return self.clean_block(heap, code, site),
            Literal::MethodState { selector, pragmas } => {
                return self.method_state(heap, selector, pragmas, site)
            }
            Literal::OuterCode => return Ok(site.outer),
        };
        heap.set_immutable(object, true);
        Ok(object)
    }

    fn integer_object(&self, heap: &mut Heap, value: &BigInt) -> Result<Oop, BootstrapError> {
        if let Some(small) = value.to_i64().and_then(Oop::small_integer) {
            return Ok(small);
        }
        let (sign, magnitude) = value.to_bytes_le();
        let class = if sign == Sign::Minus {
            class_index::LARGE_NEGATIVE_INTEGER
        } else {
            class_index::LARGE_POSITIVE_INTEGER
        };
        Ok(objects::new_bytes(heap, class, &magnitude)?)
    }

    fn scaled_decimal_object(
        &self,
        heap: &mut Heap,
        numerator: &BigInt,
        denominator: &BigInt,
        scale: u32,
    ) -> Result<Oop, BootstrapError> {
        let class = self
            .classes
            .scaled_decimal
            .ok_or(BootstrapError::MissingKernelClass("ScaledDecimal"))?;
        let numerator = self.integer_object(heap, numerator)?;
        let denominator = self.integer_object(heap, denominator)?;
        let decimal = objects::instantiate(heap, class, 0)?;
        heap.store_pointer(decimal, scaled_decimal::NUMERATOR, numerator);
        heap.store_pointer(decimal, scaled_decimal::DENOMINATOR, denominator);
        let scale = Oop::small_integer_unchecked(i64::from(scale));
        heap.store_pointer(decimal, scaled_decimal::SCALE, scale);
        Ok(decimal)
    }

    /// A ByteString when every character fits a byte, else a WideString.
    pub fn string_object(&self, heap: &mut Heap, text: &str) -> Result<Oop, BootstrapError> {
        if let Some(bytes) = latin1(text) {
            return Ok(objects::new_bytes(heap, class_index::BYTE_STRING, &bytes)?);
        }
        let class = self
            .classes
            .wide_string
            .ok_or(BootstrapError::MissingKernelClass("WideString"))?;
        let codes: Vec<u32> = text.chars().map(u32::from).collect();
        let string = objects::instantiate(heap, class, codes.len())?;
        for (index, code) in codes.iter().enumerate() {
            heap.store_u32(string, index, *code);
        }
        Ok(string)
    }

    fn array_object(
        &self,
        heap: &mut Heap,
        elements: &[Literal],
        site: LiteralSite,
    ) -> Result<Oop, BootstrapError> {
        let array = objects::new_array(heap, elements.len())?;
        for (index, element) in elements.iter().enumerate() {
            let value = self.literal_object(heap, element, site)?;
            heap.store_pointer(array, index, value);
        }
        Ok(array)
    }

    fn clean_block(
        &self,
        heap: &mut Heap,
        code: &stvm_compiler::CompiledCode,
        site: LiteralSite,
    ) -> Result<Oop, BootstrapError> {
        let block = self.create_code(heap, site.class, code, site.code)?;
        let closure_class = heap.class_at_index(class_index::FULL_BLOCK_CLOSURE);
        let closure = objects::instantiate(heap, closure_class, 0)?;
        heap.store_pointer(closure, layout::full_block_closure::COMPILED_BLOCK, block);
        let num_args = Oop::small_integer_unchecked(i64::from(code.header.num_args));
        heap.store_pointer(closure, layout::full_block_closure::NUM_ARGS, num_args);
        Ok(closure)
    }

    fn method_state(
        &self,
        heap: &mut Heap,
        selector: &str,
        pragmas: &[Pragma],
        site: LiteralSite,
    ) -> Result<Oop, BootstrapError> {
        let state =
            objects::instantiate(heap, self.classes.additional_method_state, pragmas.len())?;
        heap.store_pointer(state, ams::METHOD, site.code);
        let selector = self.intern(heap, selector)?;
        heap.store_pointer(state, ams::SELECTOR, selector);
        for (index, each) in pragmas.iter().enumerate() {
            let pragma_object = objects::instantiate(heap, self.classes.pragma, 0)?;
            heap.store_pointer(pragma_object, pragma::METHOD, site.code);
            let keyword = self.intern(heap, &each.keyword)?;
            heap.store_pointer(pragma_object, pragma::SELECTOR, keyword);
            let arguments = self.array_object(heap, &each.arguments, site)?;
            heap.set_immutable(arguments, true);
            heap.store_pointer(pragma_object, pragma::ARGUMENTS, arguments);
            heap.store_pointer(state, ams::INST_SIZE + index, pragma_object);
        }
        Ok(state)
    }
}

/// A SmallFloat64 when the exponent allows, else a BoxedFloat64.
pub fn float_object(heap: &mut Heap, value: f64) -> Result<Oop, BootstrapError> {
    if let Some(immediate) = Oop::small_float(value) {
        return Ok(immediate);
    }
    let boxed = heap.allocate_old(class_index::BOXED_FLOAT, ObjectFormat::WORDS32, 1)?;
    heap.store_u64(boxed, 0, value.to_bits());
    Ok(boxed)
}

/// The bytes of `text` if every character is below 256.
pub fn latin1(text: &str) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect()
}
