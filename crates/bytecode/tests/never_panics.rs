//! Decoding and disassembling arbitrary bytes never panics: every opcode behind every
//! extension combination, truncated at every length, and 100 000 pseudo-random inputs.

use stvm_bytecode::{disassemble, BytecodeSet, DecodeError};

const SETS: [BytecodeSet; 2] = [BytecodeSet::SistaV1, BytecodeSet::V3PlusClosures];
const EXTENSION_BYTES: [u8; 6] = [0, 1, 64, 127, 128, 255];

/// Deterministic xorshift64* generator (no dependency needed).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// Every prefix sequence of up to two extensions built from `EXTENSION_BYTES`, plus
/// a few long runs.
fn prefix_sequences() -> Vec<Vec<u8>> {
    let mut all = vec![vec![]];
    for first in [224u8, 225] {
        for a in EXTENSION_BYTES {
            all.push(vec![first, a]);
            for second in [224u8, 225] {
                all.extend(EXTENSION_BYTES.iter().map(|&b| vec![first, a, second, b]));
            }
        }
    }
    all.push([224, 255].repeat(5));
    all.push([225, 128].repeat(5));
    all
}

fn decode_every_pc(set: BytecodeSet, bytes: &[u8]) {
    for pc in 0..=bytes.len() {
        if let Ok((_, length)) = set.decode(bytes, pc) {
            assert!(
                length >= 1 && pc + length <= bytes.len(),
                "{set:?} {bytes:?} at {pc}"
            );
        }
    }
}

#[test]
fn every_opcode_with_every_extension_combination_decodes_without_panicking() {
    for set in SETS {
        for prefix in prefix_sequences() {
            for opcode in 0..=255u8 {
                for operand in [[0u8, 0, 0], [255, 255, 255], [0x80, 0x7F, 0x40]] {
                    let mut bytes = prefix.clone();
                    bytes.push(opcode);
                    bytes.extend_from_slice(&operand);
                    (0..=bytes.len()).for_each(|end| decode_every_pc(set, &bytes[..end]));
                }
            }
        }
    }
}

#[test]
fn pseudo_random_inputs_decode_and_disassemble_without_panicking() {
    let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
    let namer = |index: usize| format!("lit{index}");
    for _ in 0..100_000 {
        let length = (random.next() % 24) as usize;
        let bytes: Vec<u8> = (0..length).map(|_| random.next() as u8).collect();
        for set in SETS {
            decode_every_pc(set, &bytes);
            let listing = disassemble(&bytes, set, 17, &namer);
            assert_eq!(listing.is_empty(), bytes.is_empty());
        }
    }
}

#[test]
fn decoding_an_empty_slice_reports_pc_out_of_range() {
    for set in SETS {
        assert_eq!(set.decode(&[], 0), Err(DecodeError::PcOutOfRange { pc: 0 }));
    }
}

#[test]
fn decoding_at_usize_max_reports_pc_out_of_range() {
    for set in SETS {
        assert_eq!(
            set.decode(&[76], usize::MAX),
            Err(DecodeError::PcOutOfRange { pc: usize::MAX })
        );
    }
}
