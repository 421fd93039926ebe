//! V3PlusClosures encoder: appends instructions in their shortest form (one-byte forms,
//! then 128–130 / 131 / 134 / 133, then the 3-byte 132 do-anything). Used by tests and
//! the interpreter's unit tests to build primary-set methods by hand.
//!
//! Operands the set cannot express (a temp above 63, a literal above 255, a jump beyond
//! -1024..=1023) are caller errors: the methods panic with a message naming the limit.

/// Largest forward distance of an unconditional jump.
pub const MAX_JUMP: i32 = 1023;
/// Largest backward distance of an unconditional jump.
pub const MIN_JUMP: i32 = -1024;
/// Largest distance of a conditional jump.
pub const MAX_CONDITIONAL_JUMP: u32 = 1023;

/// Growing V3PlusClosures bytecode sequence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Encoder {
    bytes: Vec<u8>,
}

/// `tt` field of 128–130 (`b1 = ttiiiiii`).
#[derive(Clone, Copy)]
enum Kind {
    ReceiverVariable = 0,
    Temp = 1,
    Literal = 2,
    LiteralVariable = 3,
}

/// `ooo` field of 132 (`b1 = oooaaaaa`).
#[derive(Clone, Copy)]
enum DoAnything {
    Send = 0,
    SuperSend = 1,
    PushReceiverVariable = 2,
    PushLiteral = 3,
    PushLiteralVariable = 4,
    StoreReceiverVariable = 5,
    PopIntoReceiverVariable = 6,
    StoreLiteralVariable = 7,
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

    /// Appends a separately encoded sequence.
    pub fn append(&mut self, other: &Encoder) {
        self.bytes.extend_from_slice(&other.bytes);
    }

    fn emit(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    /// One of: short form (`index < short_count`), `extended` (128–130) for index < 64,
    /// 132 `operation` for index < 256 (when the set has one).
    fn variable_access(
        &mut self,
        index: u32,
        short: (u8, u32),
        extended: Option<(u8, Kind)>,
        do_anything: Option<DoAnything>,
    ) {
        let (short_base, short_count) = short;
        if index < short_count {
            self.emit(&[short_base + index as u8]);
        } else if let Some((opcode, kind)) = extended.filter(|_| index < 64) {
            self.emit(&[opcode, (kind as u8) << 6 | index as u8]);
        } else if let Some(operation) = do_anything.filter(|_| index < 256) {
            self.emit(&[132, (operation as u8) << 5, index as u8]);
        } else {
            panic!("V3PlusClosures cannot encode variable index {index} here");
        }
    }

    /// Push receiver inst var `index` (< 16: one byte; < 64: 128; < 256: 132).
    pub fn push_receiver_variable(&mut self, index: u32) {
        let extended = Some((128, Kind::ReceiverVariable));
        self.variable_access(
            index,
            (0, 16),
            extended,
            Some(DoAnything::PushReceiverVariable),
        );
    }

    /// Push literal variable `literal_index` (< 32: `64+i`; < 64: 128; < 256: 132).
    pub fn push_literal_variable(&mut self, literal_index: u32) {
        let extended = Some((128, Kind::LiteralVariable));
        self.variable_access(
            literal_index,
            (64, 32),
            extended,
            Some(DoAnything::PushLiteralVariable),
        );
    }

    /// Push literal `literal_index` (< 32: `32+i`; < 64: 128; < 256: 132).
    pub fn push_literal(&mut self, literal_index: u32) {
        let extended = Some((128, Kind::Literal));
        self.variable_access(
            literal_index,
            (32, 32),
            extended,
            Some(DoAnything::PushLiteral),
        );
    }

    /// Push temp `index` (< 16: `16+i`; < 64: 128).
    pub fn push_temp(&mut self, index: u32) {
        self.variable_access(index, (16, 16), Some((128, Kind::Temp)), None);
    }

    /// Push self (112).
    pub fn push_receiver(&mut self) {
        self.emit(&[112]);
    }

    /// Push true (113).
    pub fn push_true(&mut self) {
        self.emit(&[113]);
    }

    /// Push false (114).
    pub fn push_false(&mut self) {
        self.emit(&[114]);
    }

    /// Push nil (115).
    pub fn push_nil(&mut self) {
        self.emit(&[115]);
    }

    /// Push thisContext (137).
    pub fn push_this_context(&mut self) {
        self.emit(&[137]);
    }

    /// Push -1, 0, 1 or 2 (116–119); false, emitting nothing, for other values.
    pub fn push_small_integer(&mut self, value: i64) -> bool {
        if !(-1..=2).contains(&value) {
            return false;
        }
        self.emit(&[(117 + value) as u8]);
        true
    }

    /// Duplicate the top of stack (136).
    pub fn dup(&mut self) {
        self.emit(&[136]);
    }

    /// Pop the top of stack (135).
    pub fn pop(&mut self) {
        self.emit(&[135]);
    }

    /// Push a new Array (138), as Sista 231. Panics above 127.
    pub fn push_new_array(&mut self, size: u32, pop_elements: bool) {
        assert!(
            size <= 127,
            "V3PlusClosures cannot encode an Array of {size} elements (max 127)"
        );
        self.emit(&[138, size as u8 | u8::from(pop_elements) << 7]);
    }

    fn remote_temp(&mut self, opcode: u8, index_in_vector: u32, vector_temp_index: u32) {
        let index = u8::try_from(index_in_vector)
            .unwrap_or_else(|_| panic!("remote temp {index_in_vector} > 255"));
        let vector = u8::try_from(vector_temp_index)
            .unwrap_or_else(|_| panic!("vector temp {vector_temp_index} > 255"));
        self.emit(&[opcode, index, vector]);
    }

    /// Push an element of the temp vector held in temp `vector_temp_index` (140).
    pub fn push_remote_temp(&mut self, index_in_vector: u32, vector_temp_index: u32) {
        self.remote_temp(140, index_in_vector, vector_temp_index);
    }

    /// Store the top into a remote temp without popping (141).
    pub fn store_remote_temp(&mut self, index_in_vector: u32, vector_temp_index: u32) {
        self.remote_temp(141, index_in_vector, vector_temp_index);
    }

    /// Pop the top into a remote temp (142).
    pub fn pop_into_remote_temp(&mut self, index_in_vector: u32, vector_temp_index: u32) {
        self.remote_temp(142, index_in_vector, vector_temp_index);
    }

    /// Store into receiver inst var without popping (< 64: 129; < 256: 132).
    pub fn store_receiver_variable(&mut self, index: u32) {
        let extended = Some((129, Kind::ReceiverVariable));
        self.variable_access(
            index,
            (0, 0),
            extended,
            Some(DoAnything::StoreReceiverVariable),
        );
    }

    /// Pop into receiver inst var (< 8: `96+i`; < 64: 130; < 256: 132).
    pub fn pop_into_receiver_variable(&mut self, index: u32) {
        let extended = Some((130, Kind::ReceiverVariable));
        self.variable_access(
            index,
            (96, 8),
            extended,
            Some(DoAnything::PopIntoReceiverVariable),
        );
    }

    /// Store into temp without popping (129; < 64).
    pub fn store_temp(&mut self, index: u32) {
        self.variable_access(index, (0, 0), Some((129, Kind::Temp)), None);
    }

    /// Pop into temp (< 8: `104+i`; < 64: 130).
    pub fn pop_into_temp(&mut self, index: u32) {
        self.variable_access(index, (104, 8), Some((130, Kind::Temp)), None);
    }

    /// Store into a literal variable without popping (< 64: 129; < 256: 132).
    pub fn store_literal_variable(&mut self, literal_index: u32) {
        let extended = Some((129, Kind::LiteralVariable));
        self.variable_access(
            literal_index,
            (0, 0),
            extended,
            Some(DoAnything::StoreLiteralVariable),
        );
    }

    /// Pop into a literal variable (< 64: 130; < 256: 132 store then 135 pop).
    pub fn pop_into_literal_variable(&mut self, literal_index: u32) {
        if literal_index < 64 {
            self.emit(&[
                130,
                (Kind::LiteralVariable as u8) << 6 | literal_index as u8,
            ]);
        } else {
            self.store_literal_variable(literal_index);
            self.pop();
        }
    }

    /// Send a literal selector (one byte for index < 16 and args < 3; then 131, 134, 132).
    pub fn send(&mut self, selector_literal_index: u32, num_args: u32) {
        let (index, args) = (selector_literal_index, num_args);
        if index < 16 && args < 3 {
            self.emit(&[208 + (args * 16 + index) as u8]);
        } else if index < 32 && args < 8 {
            self.emit(&[131, (args << 5 | index) as u8]);
        } else if index < 64 && args < 4 {
            self.emit(&[134, (args << 6 | index) as u8]);
        } else {
            self.double_extended_send(DoAnything::Send, index, args);
        }
    }

    fn double_extended_send(&mut self, operation: DoAnything, index: u32, args: u32) {
        assert!(
            index < 256 && args < 32,
            "V3PlusClosures cannot send literal {index} with {args} args"
        );
        self.emit(&[132, (operation as u8) << 5 | args as u8, index as u8]);
    }

    /// Send special selector `special_index` (0–31) as `176 + index`.
    pub fn send_special(&mut self, special_index: u8) {
        assert!(
            special_index < 32,
            "special selector index {special_index} exceeds 31"
        );
        self.emit(&[176 + special_index]);
    }

    /// Super send (133 for index < 32 and args < 8, else 132).
    pub fn super_send(&mut self, selector_literal_index: u32, num_args: u32) {
        if selector_literal_index < 32 && num_args < 8 {
            self.emit(&[133, (num_args << 5 | selector_literal_index) as u8]);
        } else {
            self.double_extended_send(DoAnything::SuperSend, selector_literal_index, num_args);
        }
    }

    /// Push a BlockClosure whose `block_size`-byte body follows (143). Panics when
    /// `num_copied` or `num_args` exceed 15 or `block_size` exceeds 65535.
    pub fn push_closure(&mut self, num_copied: u32, num_args: u32, block_size: u32) {
        assert!(
            num_copied < 16 && num_args < 16,
            "closure with {num_copied} copied, {num_args} args"
        );
        let size = u16::try_from(block_size)
            .unwrap_or_else(|_| panic!("block body of {block_size} bytes"));
        let [high, low] = size.to_be_bytes();
        self.emit(&[143, (num_copied << 4 | num_args) as u8, high, low]);
    }

    /// Return self (120).
    pub fn return_receiver(&mut self) {
        self.emit(&[120]);
    }

    /// Return true (121).
    pub fn return_true(&mut self) {
        self.emit(&[121]);
    }

    /// Return false (122).
    pub fn return_false(&mut self) {
        self.emit(&[122]);
    }

    /// Return nil (123).
    pub fn return_nil(&mut self) {
        self.emit(&[123]);
    }

    /// Return the top of stack from the method (124).
    pub fn return_top(&mut self) {
        self.emit(&[124]);
    }

    /// Return the top of stack from a block to its caller (125).
    pub fn block_return_top(&mut self) {
        self.emit(&[125]);
    }

    /// callPrimitive `number` (139 lo hi); must be a method's first instruction.
    pub fn call_primitive(&mut self, number: u16) {
        let [low, high] = number.to_le_bytes();
        self.emit(&[139, low, high]);
    }

    /// Byte length of [`Encoder::jump`]: 1 for 1..=8, else 2.
    pub fn jump_size(offset: i32) -> usize {
        if (1..=8).contains(&offset) {
            1
        } else {
            2
        }
    }

    /// Byte length of [`Encoder::jump_if_false`]: 1 for 1..=8, else 2.
    pub fn jump_if_false_size(offset: u32) -> usize {
        if (1..=8).contains(&offset) {
            1
        } else {
            2
        }
    }

    /// Byte length of [`Encoder::jump_if_true`]: always 2 (V3 has no short form).
    pub fn jump_if_true_size(_offset: u32) -> usize {
        2
    }

    /// Unconditional jump (144–151 for 1..=8, else 160–167). Panics outside
    /// [`MIN_JUMP`]..=[`MAX_JUMP`].
    pub fn jump(&mut self, offset: i32) {
        assert!(
            (MIN_JUMP..=MAX_JUMP).contains(&offset),
            "jump offset {offset} out of range"
        );
        if (1..=8).contains(&offset) {
            self.emit(&[143 + offset as u8]);
        } else {
            let high = ((offset >> 8) + 4) as u8;
            self.emit(&[160 + high, (offset & 0xFF) as u8]);
        }
    }

    fn long_conditional(&mut self, base: u8, offset: u32) {
        assert!(
            offset <= MAX_CONDITIONAL_JUMP,
            "conditional jump offset {offset} out of range"
        );
        self.emit(&[base + (offset >> 8) as u8, (offset & 0xFF) as u8]);
    }

    /// Pop and jump if true (168–171).
    pub fn jump_if_true(&mut self, offset: u32) {
        self.long_conditional(168, offset);
    }

    /// Pop and jump if false (152–159 for 1..=8, else 172–175).
    pub fn jump_if_false(&mut self, offset: u32) {
        if (1..=8).contains(&offset) {
            self.emit(&[151 + offset as u8]);
        } else {
            self.long_conditional(172, offset);
        }
    }

    /// Jumps back to byte `target_position` (always the 2-byte form).
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
