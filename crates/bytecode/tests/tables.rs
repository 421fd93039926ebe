//! The opcode tables agree with the decoders: full coverage, lengths, stack effects.

use stvm_bytecode::opcode::lookup;
use stvm_bytecode::{BytecodeSet, Instruction, StackEffect, TableStackEffect};

const SETS: [BytecodeSet; 2] = [BytecodeSet::SistaV1, BytecodeSet::V3PlusClosures];

/// `opcode` followed by zero operand bytes (enough for any length).
fn decode_alone(set: BytecodeSet, opcode: u8) -> Option<(Instruction, usize)> {
    set.decode(&[opcode, 0, 0, 0], 0).ok()
}

#[test]
fn tables_cover_every_opcode_once_in_order() {
    for set in SETS {
        let mut next = 0u16;
        for row in set.table() {
            assert_eq!(u16::from(row.first), next, "{set:?} row {}", row.name);
            assert!(row.last >= row.first, "{set:?} row {}", row.name);
            next = u16::from(row.last) + 1;
        }
        assert_eq!(next, 256, "{set:?}");
    }
}

#[test]
fn lookup_finds_the_row_containing_each_opcode() {
    for set in SETS {
        for opcode in 0..=255u8 {
            let row = lookup(set.table(), opcode);
            assert!((row.first..=row.last).contains(&opcode), "{set:?} {opcode}");
        }
    }
}

#[test]
fn decoded_length_of_every_non_prefix_opcode_matches_table() {
    for set in SETS {
        for row in set
            .table()
            .iter()
            .filter(|row| row.stack != TableStackEffect::Prefix)
        {
            for opcode in row.first..=row.last {
                let (_, length) =
                    decode_alone(set, opcode).unwrap_or((Instruction::Unknown(opcode), 0));
                assert_eq!(length, usize::from(row.length), "{set:?} opcode {opcode}");
            }
        }
    }
}

#[test]
fn unknown_rows_decode_to_unknown_and_known_rows_do_not() {
    for set in SETS {
        for row in set
            .table()
            .iter()
            .filter(|row| row.stack != TableStackEffect::Prefix)
        {
            for opcode in row.first..=row.last {
                let decoded = decode_alone(set, opcode).map(|(instruction, _)| instruction);
                let is_unknown = decoded == Some(Instruction::Unknown(opcode));
                assert_eq!(is_unknown, row.is_unknown(), "{set:?} opcode {opcode}");
            }
        }
    }
}

#[test]
fn fixed_table_stack_effects_match_instruction_stack_effects() {
    for set in SETS {
        for row in set.table() {
            let TableStackEffect::Fixed { pops, pushes } = row.stack else {
                continue;
            };
            for opcode in row.first..=row.last {
                let Some((instruction, _)) = decode_alone(set, opcode) else {
                    panic!("{set:?} opcode {opcode} does not decode alone");
                };
                let expected = StackEffect {
                    pops: u32::from(pops),
                    pushes: u32::from(pushes),
                };
                assert_eq!(
                    instruction.stack_effect(),
                    Some(expected),
                    "{set:?} opcode {opcode}"
                );
            }
        }
    }
}

#[test]
fn only_sista_rows_accept_extensions() {
    let v3_extended = BytecodeSet::V3PlusClosures
        .table()
        .iter()
        .filter(|r| r.takes_ext_a || r.takes_ext_b)
        .count();
    assert_eq!(v3_extended, 0);
}
