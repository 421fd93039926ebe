//! Fuzz target: decoding and disassembling arbitrary bytes with both sets never panics,
//! and every successful decode stays inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stvm_bytecode::{disassemble, BytecodeSet};

fuzz_target!(|bytes: &[u8]| {
    for set in [BytecodeSet::SistaV1, BytecodeSet::V3PlusClosures] {
        for pc in 0..=bytes.len() {
            if let Ok((_, length)) = set.decode(bytes, pc) {
                assert!(length >= 1 && pc + length <= bytes.len());
            }
        }
        let namer = |index: usize| format!("lit{index}");
        let _ = disassemble(bytes, set, 1, &namer);
    }
});
