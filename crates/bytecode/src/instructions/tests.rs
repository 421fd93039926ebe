use super::*;
use crate::instruction::Instruction::*;

#[test]
fn instructions_yield_offsets_and_lengths_in_order() {
    let walked: Vec<_> = BytecodeSet::SistaV1
        .instructions(&[76, 224, 1, 228, 0, 92])
        .collect();
    let expected = vec![
        Ok(Decoded {
            offset: 0,
            instruction: PushReceiver,
            length: 1,
        }),
        Ok(Decoded {
            offset: 1,
            instruction: PushLiteral(256),
            length: 4,
        }),
        Ok(Decoded {
            offset: 5,
            instruction: ReturnTop,
            length: 1,
        }),
    ];
    assert_eq!(walked, expected);
}

#[test]
fn instructions_stop_after_the_first_error() {
    let walked: Vec<_> = BytecodeSet::V3PlusClosures
        .instructions(&[112, 143, 0, 76, 112])
        .collect();
    let expected = vec![
        Ok(Decoded {
            offset: 0,
            instruction: PushReceiver,
            length: 1,
        }),
        Ok(Decoded {
            offset: 1,
            instruction: PushClosure {
                num_copied: 0,
                num_args: 0,
                block_size: 76 * 256 + 112,
            },
            length: 4,
        }),
    ];
    assert_eq!(walked, expected);
}

#[test]
fn truncated_tail_yields_one_error_then_ends() {
    let walked: Vec<_> = BytecodeSet::SistaV1.instructions(&[76, 251, 1]).collect();
    assert_eq!(walked.last(), Some(&Err(DecodeError::Truncated { pc: 1 })));
    assert_eq!(walked.len(), 2);
}

#[test]
fn empty_bytes_yield_nothing() {
    assert_eq!(BytecodeSet::SistaV1.instructions(&[]).count(), 0);
}
