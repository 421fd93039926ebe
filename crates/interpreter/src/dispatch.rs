//! The dispatch loop: fetch a byte, `match` on it in the current method's
//! bytecode set, decode operands and call the family's handler. Arms that can
//! end the run answer the handler's "stop" flag; all others answer false.
//! Sista V1 methods run in the fast loop (`fast_path`), which sends every
//! bytecode it does not handle itself through `dispatch_sista`.
use crate::interpreter::Interpreter;

impl Interpreter {
    /// Executes bytecodes until a handler asks to stop (`self.exit` is set) or
    /// the bytecode set changes (the caller, `interpret`, loops).
    pub(crate) fn run_until_exit(&mut self) {
        if self.is_sista {
            self.run_sista();
        } else {
            self.run_v3();
        }
    }

    /// Runs V3PlusClosures bytecodes until the run stops or the set changes.
    fn run_v3(&mut self) {
        while !self.is_sista && self.exit.is_none() {
            let byte = self.fetch_byte();
            if self.dispatch_v3(byte) {
                return;
            }
        }
    }

    /// One Sista V1 bytecode (reference §8.2), through the general handlers.
    #[inline(never)]
    pub(crate) fn dispatch_sista(&mut self, byte: u8) -> bool {
        let low = usize::from(byte);
        match byte {
            0..=15 => self.push_receiver_variable_bytecode(low & 15),
            16..=31 => self.push_literal_variable_bytecode(low & 15),
            32..=63 => self.push_literal_constant_bytecode(low & 31),
            64..=71 => self.push_temporary_variable_bytecode(low & 7),
            72..=75 => self.push_temporary_variable_bytecode((low & 3) + 8),
            76 => self.push_receiver_bytecode(),
            77 => self.push(self.true_object),
            78 => self.push(self.false_object),
            79 => self.push(self.nil),
            80 => self.push_integer(0),
            81 => self.push_integer(1),
            82 => return self.sista_push_context_or_process(),
            83 => self.duplicate_top_bytecode(),
            88 => return self.method_return_bytecode(self.receiver()),
            89 => return self.method_return_bytecode(self.true_object),
            90 => return self.method_return_bytecode(self.false_object),
            91 => return self.method_return_bytecode(self.nil),
            92 => {
                let value = self.pop();
                return self.method_return_bytecode(value);
            }
            93 => return self.block_return_bytecode(self.nil),
            94 => {
                self.take_ext_a();
                let value = self.pop();
                return self.block_return_bytecode(value);
            }
            95 => {
                self.take_ext_a();
                self.take_ext_b();
            }
            96..=127 => return self.send_special_selector_bytecode(low - 96),
            128..=175 => {
                return self.send_literal_selector_bytecode(low & 15, (low - 128) >> 4);
            }
            176..=183 => return self.jump_bytecode(((low & 7) + 1) as i64),
            184..=191 => return self.conditional_jump_bytecode(((low & 7) + 1) as i64, true),
            192..=199 => return self.conditional_jump_bytecode(((low & 7) + 1) as i64, false),
            200..=207 => return self.store_receiver_variable_bytecode(low & 7, true),
            208..=215 => self.store_temporary_variable_bytecode(low & 7, true),
            216 => self.sp -= 1,
            224 => {
                let operand = self.fetch_byte();
                self.ext_a_bytecode(operand);
            }
            225 => {
                let operand = self.fetch_byte();
                self.ext_b_bytecode(operand);
            }
            226..=245 => return self.dispatch_sista_two_byte(byte),
            248..=253 => return self.dispatch_sista_three_byte(byte),
            _ => return self.unknown_bytecode(),
        }
        false
    }

    /// Sista 82: thisContext, or with extB 1 the active process.
    fn sista_push_context_or_process(&mut self) -> bool {
        match self.take_ext_b() {
            0 => self.push_active_context_bytecode(),
            1 => {
                self.push_active_process_bytecode();
                false
            }
            _ => self.unknown_bytecode(),
        }
    }

    /// Sista two-byte bytecodes 226–245 (extensions already accumulated).
    #[inline(always)]
    fn dispatch_sista_two_byte(&mut self, byte: u8) -> bool {
        if matches!(byte, 230 | 236) {
            return self.unknown_bytecode();
        }
        let operand = self.fetch_byte();
        let b1 = usize::from(operand);
        match byte {
            226 => {
                let index = b1 + (self.take_ext_a() as usize) * 256;
                self.push_receiver_variable_bytecode(index);
            }
            227 => {
                let index = b1 + (self.take_ext_a() as usize) * 256;
                self.push_literal_variable_bytecode(index);
            }
            228 => {
                let index = b1 + (self.take_ext_a() as usize) * 256;
                self.push_literal_constant_bytecode(index);
            }
            229 => self.push_temporary_variable_bytecode(b1),
            231 => return self.push_new_array_bytecode(operand),
            232 => {
                let value = b1 as i64 + self.take_ext_b() * 256;
                self.push_integer(value);
            }
            233 => {
                let value = b1 as i64 + self.take_ext_b() * 256;
                self.push_character(value);
            }
            234 => return self.sista_extended_send(b1),
            235 => return self.sista_extended_super_send(b1),
            237 => {
                let offset = b1 as i64 + self.take_ext_b() * 256;
                return self.jump_bytecode(offset);
            }
            238 | 239 => {
                let offset = b1 as i64 + self.take_ext_b() * 256;
                return self.conditional_jump_bytecode(offset, byte == 238);
            }
            240 | 243 => {
                let index = b1 + (self.take_ext_a() as usize) * 256;
                return self.store_receiver_variable_bytecode(index, byte == 240);
            }
            241 | 244 => {
                let index = b1 + (self.take_ext_a() as usize) * 256;
                return self.store_literal_variable_bytecode(index, byte == 241);
            }
            242 => self.store_temporary_variable_bytecode(b1, true),
            _ => self.store_temporary_variable_bytecode(b1, false),
        }
        false
    }

    /// Sista 234: send literal `(b1 >> 3) + extA·32` with `(b1 & 7) + extB·8` args.
    fn sista_extended_send(&mut self, b1: usize) -> bool {
        let literal = (b1 >> 3) + (self.take_ext_a() as usize) * 32;
        let num_args = (b1 & 7) + (self.take_ext_b().max(0) as usize) * 8;
        self.send_literal_selector_bytecode(literal, num_args)
    }

    /// Sista 235: super send, directed when extB ≥ 64.
    fn sista_extended_super_send(&mut self, b1: usize) -> bool {
        let literal = (b1 >> 3) + (self.take_ext_a() as usize) * 32;
        let ext_b = self.take_ext_b().max(0) as usize;
        if ext_b >= 64 {
            let num_args = (b1 & 7) + (ext_b - 64) * 8;
            self.directed_super_send_bytecode(literal, num_args)
        } else {
            self.super_send_bytecode(literal, (b1 & 7) + ext_b * 8)
        }
    }

    /// Sista three-byte bytecodes 248–253.
    fn dispatch_sista_three_byte(&mut self, byte: u8) -> bool {
        if byte == 248 {
            return self.unknown_bytecode();
        }
        let b1 = usize::from(self.fetch_byte());
        let b2 = self.fetch_byte();
        match byte {
            249 => {
                let literal = b1 + (self.take_ext_a() as usize) * 256;
                self.push_full_closure_bytecode(literal, b2)
            }
            250 => {
                let ext_a = self.take_ext_a() as usize;
                let ext_b = self.take_ext_b().max(0) as usize;
                let num_copied = ((b1 >> 3) & 7) + (ext_a / 16) * 8;
                let num_args = (b1 & 7) + (ext_a % 16) * 8;
                self.push_closure_bytecode(num_copied, num_args, usize::from(b2) + ext_b * 256)
            }
            251 => {
                self.push_remote_temp_bytecode(b1, usize::from(b2));
                false
            }
            252 => self.store_remote_temp_bytecode(b1, usize::from(b2), false),
            _ => self.store_remote_temp_bytecode(b1, usize::from(b2), true),
        }
    }

    /// One V3PlusClosures bytecode (reference §8.1).
    #[inline(always)]
    fn dispatch_v3(&mut self, byte: u8) -> bool {
        let low = usize::from(byte);
        match byte {
            0..=15 => self.push_receiver_variable_bytecode(low & 15),
            16..=31 => self.push_temporary_variable_bytecode(low & 15),
            32..=63 => self.push_literal_constant_bytecode(low & 31),
            64..=95 => self.push_literal_variable_bytecode(low & 31),
            96..=103 => return self.store_receiver_variable_bytecode(low & 7, true),
            104..=111 => self.store_temporary_variable_bytecode(low & 7, true),
            112 => self.push_receiver_bytecode(),
            113 => self.push(self.true_object),
            114 => self.push(self.false_object),
            115 => self.push(self.nil),
            116..=119 => self.push_integer(low as i64 - 117),
            120 => return self.method_return_bytecode(self.receiver()),
            121 => return self.method_return_bytecode(self.true_object),
            122 => return self.method_return_bytecode(self.false_object),
            123 => return self.method_return_bytecode(self.nil),
            124 => {
                let value = self.pop();
                return self.method_return_bytecode(value);
            }
            125 => {
                let value = self.pop();
                return self.block_return_bytecode(value);
            }
            128..=143 => return self.dispatch_v3_extended(byte),
            144..=151 => return self.jump_bytecode(((low & 7) + 1) as i64),
            152..=159 => return self.conditional_jump_bytecode(((low & 7) + 1) as i64, false),
            160..=167 => {
                let b1 = i64::from(self.fetch_byte());
                return self.jump_bytecode(((low & 7) as i64 - 4) * 256 + b1);
            }
            168..=175 => {
                let b1 = i64::from(self.fetch_byte());
                return self.conditional_jump_bytecode(((low & 3) as i64) * 256 + b1, byte < 172);
            }
            176..=207 => return self.send_special_selector_bytecode(low - 176),
            208..=255 => {
                return self.send_literal_selector_bytecode(low & 15, (low - 208) >> 4);
            }
            _ => return self.unknown_bytecode(),
        }
        false
    }

    /// V3 bytecodes 128–143.
    fn dispatch_v3_extended(&mut self, byte: u8) -> bool {
        match byte {
            128..=130 => self.v3_extended_push_or_store(byte),
            131 => {
                let b1 = usize::from(self.fetch_byte());
                self.send_literal_selector_bytecode(b1 & 31, b1 >> 5)
            }
            132 => self.v3_double_extended_do_anything(),
            133 => {
                let b1 = usize::from(self.fetch_byte());
                self.super_send_bytecode(b1 & 31, b1 >> 5)
            }
            134 => {
                let b1 = usize::from(self.fetch_byte());
                self.send_literal_selector_bytecode(b1 & 63, b1 >> 6)
            }
            135 => {
                self.sp -= 1;
                false
            }
            136 => {
                self.duplicate_top_bytecode();
                false
            }
            137 => self.push_active_context_bytecode(),
            138 => {
                let b1 = self.fetch_byte();
                self.push_new_array_bytecode(b1)
            }
            139 => self.unknown_bytecode(),
            140..=142 => {
                let index = usize::from(self.fetch_byte());
                let vector = usize::from(self.fetch_byte());
                match byte {
                    140 => {
                        self.push_remote_temp_bytecode(index, vector);
                        false
                    }
                    141 => self.store_remote_temp_bytecode(index, vector, false),
                    _ => self.store_remote_temp_bytecode(index, vector, true),
                }
            }
            _ => {
                let b1 = usize::from(self.fetch_byte());
                let size = usize::from(self.fetch_byte()) * 256 + usize::from(self.fetch_byte());
                self.push_closure_bytecode(b1 >> 4, b1 & 15, size)
            }
        }
    }

    /// V3 128 (push), 129 (store), 130 (store and pop): `b1 = ttiiiiii`.
    fn v3_extended_push_or_store(&mut self, byte: u8) -> bool {
        let b1 = self.fetch_byte();
        let index = usize::from(b1 & 63);
        match (byte, b1 >> 6) {
            (128, 0) => self.push_receiver_variable_bytecode(index),
            (128, 1) => self.push_temporary_variable_bytecode(index),
            (128, 2) => self.push_literal_constant_bytecode(index),
            (128, _) => self.push_literal_variable_bytecode(index),
            (_, 0) => return self.store_receiver_variable_bytecode(index, byte == 130),
            (_, 1) => self.store_temporary_variable_bytecode(index, byte == 130),
            (_, 3) => return self.store_literal_variable_bytecode(index, byte == 130),
            _ => {
                self.ip -= 1;
                return self.unknown_bytecode();
            }
        }
        false
    }

    /// V3 132: `b1 = oooaaaaa`, `b2` = index.
    fn v3_double_extended_do_anything(&mut self) -> bool {
        let b1 = usize::from(self.fetch_byte());
        let b2 = usize::from(self.fetch_byte());
        match b1 >> 5 {
            0 => self.send_literal_selector_bytecode(b2, b1 & 31),
            1 => self.super_send_bytecode(b2, b1 & 31),
            2 => {
                self.push_receiver_variable_bytecode(b2);
                false
            }
            3 => {
                self.push_literal_constant_bytecode(b2);
                false
            }
            4 => {
                self.push_literal_variable_bytecode(b2);
                false
            }
            5 => self.store_receiver_variable_bytecode(b2, false),
            6 => self.store_receiver_variable_bytecode(b2, true),
            _ => self.store_literal_variable_bytecode(b2, false),
        }
    }
}
