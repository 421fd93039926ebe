//! Sista V1 encoder: appends instructions in the shortest form Pharo's
//! `EncoderForSistaV1` emits (one-byte forms first, extA/extB prefixes only when needed).
//!
//! Operands the set cannot express at all (a temp index above 255, an array of more
//! than 127 elements, more than 63 copied values, a jump beyond ±32 K) are programming
//! errors of the caller: the methods panic with a message naming the limit. The limits
//! are documented per method and exported as constants where the compiler needs them.

use super::{EXT_A, EXT_B};

/// Largest forward distance of an unconditional jump (one signed extB byte).
pub const MAX_JUMP: i32 = 32767;
/// Largest backward distance of an unconditional jump.
pub const MIN_JUMP: i32 = -32768;
/// Largest distance of a conditional jump (extB must stay non-negative).
pub const MAX_CONDITIONAL_JUMP: u32 = 32767;

/// Growing Sista V1 bytecode sequence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Encoder {
    bytes: Vec<u8>,
}

impl Encoder {
    /// An empty sequence.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of bytes emitted so far (also the offset of the next instruction).
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether nothing has been emitted.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The bytes emitted so far.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes emitted, consuming the encoder.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Appends a separately encoded sequence (jumps are relative, so they stay valid).
    pub fn append(&mut self, other: &Encoder) {
        self.bytes.extend_from_slice(&other.bytes);
    }

    fn emit(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    /// Emits extA prefixes so that the VM's extA equals `value` (nothing for 0).
    fn ext_a(&mut self, value: u32) {
        let significant = value.to_be_bytes().into_iter().skip_while(|&b| b == 0);
        for byte in significant.collect::<Vec<_>>() {
            self.emit(&[EXT_A, byte]);
        }
    }

    /// Emits one extB prefix holding a non-negative value (0..=127 so the VM's signed
    /// first-byte rule keeps it positive); nothing for 0.
    fn ext_b_unsigned(&mut self, value: u32, what: &str) {
        assert!(
            value <= 127,
            "Sista V1 cannot encode {what}: extB {value} exceeds 127"
        );
        if value != 0 {
            self.emit(&[EXT_B, value as u8]);
        }
    }

    /// Emits one extB prefix holding a signed value in -128..=127.
    fn ext_b_signed(&mut self, value: i32) {
        let byte = i8::try_from(value).unwrap_or_else(|_| panic!("extB {value} out of -128..=127"));
        self.emit(&[EXT_B, byte as u8]);
    }

    /// Short form `short_base + index` when `index < short_count`, else `long` with
    /// the low byte and `index >> 8` in extA.
    fn short_or_ext_a(&mut self, index: u32, short_base: u8, short_count: u32, long: u8) {
        if index < short_count {
            self.emit(&[short_base + index as u8]);
        } else {
            self.ext_a(index >> 8);
            self.emit(&[long, (index & 0xFF) as u8]);
        }
    }

    /// Two-byte form `opcode b1` whose operand is a plain byte (temps).
    fn byte_operand(&mut self, opcode: u8, operand: u32, what: &str) {
        let byte = u8::try_from(operand)
            .unwrap_or_else(|_| panic!("Sista V1 cannot encode {what} {operand} (max 255)"));
        self.emit(&[opcode, byte]);
    }

    /// Push receiver inst var `index` (0–15: `0+i`; else 226 with extA).
    pub fn push_receiver_variable(&mut self, index: u32) {
        self.short_or_ext_a(index, 0, 16, 226);
    }

    /// Push the value of literal variable `literal_index` (0–15: `16+i`; else 227).
    pub fn push_literal_variable(&mut self, literal_index: u32) {
        self.short_or_ext_a(literal_index, 16, 16, 227);
    }

    /// Push literal `literal_index` (0–31: `32+i`; else 228 with extA).
    pub fn push_literal(&mut self, literal_index: u32) {
        self.short_or_ext_a(literal_index, 32, 32, 228);
    }

    /// Push temp `index` (0–11: `64+i`; else 229). Panics above 255.
    pub fn push_temp(&mut self, index: u32) {
        if index < 12 {
            self.emit(&[64 + index as u8]);
        } else {
            self.byte_operand(229, index, "temp index");
        }
    }

    /// Push self (76).
    pub fn push_receiver(&mut self) {
        self.emit(&[76]);
    }

    /// Push true (77).
    pub fn push_true(&mut self) {
        self.emit(&[77]);
    }

    /// Push false (78).
    pub fn push_false(&mut self) {
        self.emit(&[78]);
    }

    /// Push nil (79).
    pub fn push_nil(&mut self) {
        self.emit(&[79]);
    }

    /// Push thisContext (82).
    pub fn push_this_context(&mut self) {
        self.emit(&[82]);
    }

    /// Push the active Process (extB 1, 82).
    pub fn push_active_process(&mut self) {
        self.emit(&[EXT_B, 1, 82]);
    }

    /// Push a SmallInteger: 0 → 80, 1 → 81, 2..=255 → `232 v`, other values in
    /// -32768..=32767 → `extB hi, 232 lo`. Returns false, emitting nothing, outside that
    /// range (the caller then pushes a literal).
    pub fn push_small_integer(&mut self, value: i64) -> bool {
        match value {
            0 => self.emit(&[80]),
            1 => self.emit(&[81]),
            2..=255 => self.emit(&[232, value as u8]),
            -32768..=32767 => {
                self.ext_b_signed((value >> 8) as i32);
                self.emit(&[232, (value & 0xFF) as u8]);
            }
            _ => return false,
        }
        true
    }

    /// Push the Character with `code`: 0..=255 → `233 c`; up to 32767 → `extB hi, 233 lo`.
    /// Returns false, emitting nothing, above 32767 (a larger extB byte would read as
    /// negative in the VM); the caller then pushes a literal.
    pub fn push_character(&mut self, code: u32) -> bool {
        if code > 32767 {
            return false;
        }
        self.ext_b_unsigned(code >> 8, "character");
        self.emit(&[233, (code & 0xFF) as u8]);
        true
    }

    /// Duplicate the top of stack (83).
    pub fn dup(&mut self) {
        self.emit(&[83]);
    }

    /// Pop the top of stack (216).
    pub fn pop(&mut self) {
        self.emit(&[216]);
    }

    /// No operation (95).
    pub fn nop(&mut self) {
        self.emit(&[95]);
    }

    /// Push a new Array (231): nil-filled, or filled from the top `size` stack values
    /// (deepest first) which are popped when `pop_elements`. Panics above 127.
    pub fn push_new_array(&mut self, size: u32, pop_elements: bool) {
        assert!(
            size <= 127,
            "Sista V1 cannot encode an Array literal of {size} elements (max 127)"
        );
        self.emit(&[231, size as u8 | u8::from(pop_elements) << 7]);
    }

    fn remote_temp(&mut self, opcode: u8, index_in_vector: u32, vector_temp_index: u32) {
        let index = u8::try_from(index_in_vector)
            .unwrap_or_else(|_| panic!("remote temp index {index_in_vector} exceeds 255"));
        assert!(
            vector_temp_index <= 127,
            "temp vector index {vector_temp_index} exceeds 127"
        );
        self.emit(&[opcode, index, vector_temp_index as u8]);
    }

    /// Push temp `index_in_vector` of the temp vector held in temp `vector_temp_index` (251).
    pub fn push_remote_temp(&mut self, index_in_vector: u32, vector_temp_index: u32) {
        self.remote_temp(251, index_in_vector, vector_temp_index);
    }

    /// Store the top into a remote temp without popping (252).
    pub fn store_remote_temp(&mut self, index_in_vector: u32, vector_temp_index: u32) {
        self.remote_temp(252, index_in_vector, vector_temp_index);
    }

    /// Pop the top into a remote temp (253).
    pub fn pop_into_remote_temp(&mut self, index_in_vector: u32, vector_temp_index: u32) {
        self.remote_temp(253, index_in_vector, vector_temp_index);
    }

    /// Store the top into receiver inst var `index` without popping (243 with extA).
    pub fn store_receiver_variable(&mut self, index: u32) {
        self.short_or_ext_a(index, 0, 0, 243);
    }

    /// Pop the top into receiver inst var `index` (0–7: `200+i`; else 240 with extA).
    pub fn pop_into_receiver_variable(&mut self, index: u32) {
        self.short_or_ext_a(index, 200, 8, 240);
    }

    /// Store the top into temp `index` without popping (245). Panics above 255.
    pub fn store_temp(&mut self, index: u32) {
        self.byte_operand(245, index, "temp index");
    }

    /// Pop the top into temp `index` (0–7: `208+i`; else 242). Panics above 255.
    pub fn pop_into_temp(&mut self, index: u32) {
        if index < 8 {
            self.emit(&[208 + index as u8]);
        } else {
            self.byte_operand(242, index, "temp index");
        }
    }

    /// Store the top into literal variable `literal_index` without popping (244 with extA).
    pub fn store_literal_variable(&mut self, literal_index: u32) {
        self.short_or_ext_a(literal_index, 0, 0, 244);
    }

    /// Pop the top into literal variable `literal_index` (241 with extA).
    pub fn pop_into_literal_variable(&mut self, literal_index: u32) {
        self.short_or_ext_a(literal_index, 0, 0, 241);
    }

    /// `opcode iiiiijjj` with selector `i + extA·32` and args `j + extB·8`.
    fn extended_send(
        &mut self,
        opcode: u8,
        selector_literal_index: u32,
        num_args: u32,
        ext_b_flags: u32,
    ) {
        self.ext_a(selector_literal_index >> 5);
        self.ext_b_unsigned((num_args >> 3) + ext_b_flags, "argument count");
        self.emit(&[
            opcode,
            ((selector_literal_index & 31) << 3 | (num_args & 7)) as u8,
        ]);
    }

    /// Send selector literal `selector_literal_index` with `num_args` arguments
    /// (index < 16 and args < 3: one byte 128/144/160 + i; else 234 with extensions).
    pub fn send(&mut self, selector_literal_index: u32, num_args: u32) {
        if selector_literal_index < 16 && num_args < 3 {
            self.emit(&[128 + (num_args * 16 + selector_literal_index) as u8]);
        } else {
            self.extended_send(234, selector_literal_index, num_args, 0);
        }
    }

    /// Send special selector `special_index` (0–31, reference §8.3) as `96 + index`.
    pub fn send_special(&mut self, special_index: u8) {
        assert!(
            special_index < 32,
            "special selector index {special_index} exceeds 31"
        );
        self.emit(&[96 + special_index]);
    }

    /// Super send (235): lookup starts above the method class (last literal's value).
    pub fn super_send(&mut self, selector_literal_index: u32, num_args: u32) {
        self.extended_send(235, selector_literal_index, num_args, 0);
    }

    /// Directed super send (235 with extB ≥ 64): lookup starts above the class on top of
    /// the stack, which is popped.
    pub fn directed_super_send(&mut self, selector_literal_index: u32, num_args: u32) {
        self.ext_a(selector_literal_index >> 5);
        let ext_b = (num_args >> 3) + 64;
        assert!(
            ext_b <= 127,
            "directed super send of {num_args} arguments exceeds the encoding"
        );
        self.emit(&[EXT_B, ext_b as u8]);
        self.emit(&[
            235,
            ((selector_literal_index & 31) << 3 | (num_args & 7)) as u8,
        ]);
    }

    /// Push a FullBlockClosure of the CompiledBlock literal `literal_index` (249 with
    /// extA) capturing `num_copied` (≤ 63) stacked values.
    pub fn push_full_closure(
        &mut self,
        literal_index: u32,
        num_copied: u32,
        receiver_on_stack: bool,
        ignore_outer_context: bool,
    ) {
        assert!(
            num_copied <= 63,
            "full block with {num_copied} copied values (max 63)"
        );
        self.ext_a(literal_index >> 8);
        let flags = u8::from(receiver_on_stack) << 7 | u8::from(ignore_outer_context) << 6;
        self.emit(&[249, (literal_index & 0xFF) as u8, flags | num_copied as u8]);
    }

    /// Push a non-full BlockClosure whose `block_size`-byte body follows inline (250):
    /// `b1 = eeiiikkk`, copied `iii + (extA // 16)·8`, args `kkk + (extA mod 16)·8`,
    /// size `b2 + extB·256`; `ee` counts the prefixes. Not emitted by Pharo (it uses 249).
    /// Panics beyond 127 copied values or args, or a body over 32767 bytes.
    pub fn push_closure(&mut self, num_copied: u32, num_args: u32, block_size: u32) {
        assert!(
            num_copied < 128 && num_args < 128,
            "closure with {num_copied} copied, {num_args} args"
        );
        assert!(
            block_size <= 32767,
            "block body of {block_size} bytes exceeds 32767"
        );
        let ext_a = (num_copied / 8) * 16 + num_args / 8;
        let ext_b = block_size >> 8;
        let prefixes = u8::from(ext_a != 0) + u8::from(ext_b != 0);
        self.ext_a(ext_a);
        self.ext_b_unsigned(ext_b, "block size");
        let b1 = (prefixes << 6) | (((num_copied % 8) << 3) | (num_args % 8)) as u8;
        self.emit(&[250, b1, (block_size & 0xFF) as u8]);
    }

    /// Unconditional trap (217; Sista runtime only).
    pub fn trap(&mut self) {
        self.emit(&[217]);
    }

    /// Inline primitive `number` (< 32768) as 248 with the inline bit (Sista runtime only).
    pub fn call_inline_primitive(&mut self, number: u16) {
        assert!(number < 0x8000, "inline primitive {number} exceeds 32767");
        let [low, high] = number.to_le_bytes();
        self.emit(&[248, low, high | 0x80]);
    }

    /// Call mapped inlined primitive (236 with extA; Sista runtime only).
    pub fn call_mapped_inlined_primitive(&mut self, index: u32) {
        self.short_or_ext_a(index, 0, 0, 236);
    }

    /// Return self from the method (88).
    pub fn return_receiver(&mut self) {
        self.emit(&[88]);
    }

    /// Return true from the method (89).
    pub fn return_true(&mut self) {
        self.emit(&[89]);
    }

    /// Return false from the method (90).
    pub fn return_false(&mut self) {
        self.emit(&[90]);
    }

    /// Return nil from the method (91).
    pub fn return_nil(&mut self) {
        self.emit(&[91]);
    }

    /// Return the top of stack from the method (92).
    pub fn return_top(&mut self) {
        self.emit(&[92]);
    }

    /// Return the top of stack from a block to its caller (94).
    pub fn block_return_top(&mut self) {
        self.emit(&[94]);
    }

    /// Return nil from a block to its caller (93).
    pub fn block_return_nil(&mut self) {
        self.emit(&[93]);
    }

    /// callPrimitive `number` (248 lo hi); must be a method's first instruction.
    /// Numbers ≥ 32768 set the inline-primitive bit.
    pub fn call_primitive(&mut self, number: u16) {
        let [low, high] = number.to_le_bytes();
        self.emit(&[248, low, high]);
    }

    /// Byte length [`Encoder::jump`] emits for `offset`: 1 for 1..=8, 2 for 0 and
    /// 9..=255, 4 otherwise (extB + 237).
    pub fn jump_size(offset: i32) -> usize {
        match offset {
            1..=8 => 1,
            0 | 9..=255 => 2,
            _ => 4,
        }
    }

    /// Byte length a conditional jump by `offset` takes: 1 for 1..=8, 2 for 0 and
    /// 9..=255, 4 otherwise.
    pub fn conditional_jump_size(offset: u32) -> usize {
        match offset {
            1..=8 => 1,
            0 | 9..=255 => 2,
            _ => 4,
        }
    }

    /// Unconditional jump by `offset` bytes relative to the pc after this instruction
    /// (176–183 for 1..=8, else `[extB] 237 lo`). Panics outside [`MIN_JUMP`]..=[`MAX_JUMP`].
    pub fn jump(&mut self, offset: i32) {
        assert!(
            (MIN_JUMP..=MAX_JUMP).contains(&offset),
            "jump offset {offset} out of range"
        );
        match offset {
            1..=8 => self.emit(&[175 + offset as u8]),
            0..=255 => self.emit(&[237, offset as u8]),
            _ => {
                self.ext_b_signed(offset >> 8);
                self.emit(&[237, (offset & 0xFF) as u8]);
            }
        }
    }

    fn conditional_jump(&mut self, short_base: u8, long: u8, offset: u32) {
        assert!(
            offset <= MAX_CONDITIONAL_JUMP,
            "conditional jump offset {offset} out of range"
        );
        if (1..=8).contains(&offset) {
            self.emit(&[short_base + offset as u8 - 1]);
        } else {
            self.ext_b_unsigned(offset >> 8, "conditional jump");
            self.emit(&[long, (offset & 0xFF) as u8]);
        }
    }

    /// Pop and jump forward by `offset` if the value is true (184–191, else `[extB] 238`).
    pub fn jump_if_true(&mut self, offset: u32) {
        self.conditional_jump(184, 238, offset);
    }

    /// Pop and jump forward by `offset` if the value is false (192–199, else `[extB] 239`).
    pub fn jump_if_false(&mut self, offset: u32) {
        self.conditional_jump(192, 239, offset);
    }

    /// Jumps back to byte `target_position` of this encoder (an earlier instruction
    /// start). A backward jump is always the 4-byte `extB 237` form.
    pub fn jump_backward_to(&mut self, target_position: usize) {
        assert!(
            target_position <= self.len(),
            "backward jump target {target_position} is ahead"
        );
        let after = self.len() + Self::jump_size(-1);
        let offset = i32::try_from(after - target_position)
            .ok()
            .map(|distance| -distance)
            .filter(|offset| *offset >= MIN_JUMP)
            .unwrap_or_else(|| panic!("backward jump to {target_position} is too far"));
        self.jump(offset);
    }
}

#[cfg(test)]
mod tests;
