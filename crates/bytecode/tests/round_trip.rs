//! Encode → decode round trips covering every opcode of both sets.

use std::collections::BTreeSet;

use stvm_bytecode::Instruction::{self, *};
use stvm_bytecode::{BytecodeSet, SistaEncoder, TableStackEffect, V3Encoder};

fn sends(
    indices: impl IntoIterator<Item = u32> + Clone,
    args: impl IntoIterator<Item = u32> + Clone,
) -> Vec<Instruction> {
    let mut all = Vec::new();
    for index in indices {
        all.extend(args.clone().into_iter().map(|num_args| Send {
            selector_literal: index,
            num_args,
        }));
    }
    all
}

fn remote_temps() -> Vec<Instruction> {
    vec![
        PushRemoteTemp {
            index_in_vector: 1,
            vector_temp_index: 2,
        },
        StoreRemoteTemp {
            index_in_vector: 255,
            vector_temp_index: 0,
        },
        PopIntoRemoteTemp {
            index_in_vector: 0,
            vector_temp_index: 127,
        },
    ]
}

fn common_constants() -> Vec<Instruction> {
    vec![
        PushReceiver,
        PushTrue,
        PushFalse,
        PushNil,
        PushThisContext,
        Dup,
        Pop,
    ]
}

fn sista_instructions() -> Vec<Instruction> {
    let mut all = common_constants();
    all.extend((0..=16).chain([300]).map(PushReceiverVariable));
    all.extend((0..=16).chain([1000]).map(PushLiteralVariable));
    all.extend((0..=32).chain([70_000]).map(PushLiteral));
    all.extend((0..=12).chain([255]).map(PushTemp));
    all.extend([0, 1, 2, 255, -1, -32768, 32767].map(PushSmallInteger));
    all.extend([0, 255, 256, 32767].map(PushCharacter));
    all.extend([
        PushActiveProcess,
        Nop,
        Trap,
        ReturnReceiver,
        ReturnTrue,
        ReturnFalse,
        ReturnNil,
    ]);
    all.extend([ReturnTop, BlockReturnNil, BlockReturnTop]);
    all.extend((0..32).map(SendSpecial));
    all.extend(sends(0..16, 0..3));
    all.extend(sends([16, 40], [0, 3, 9]));
    all.extend((0..=9).chain([300, -5, -300, 32767, -32768]).map(Jump));
    all.extend((0..=9).chain([300, 32767]).map(JumpIfTrue));
    all.extend((0..=9).chain([300, 32767]).map(JumpIfFalse));
    all.extend((0..=8).chain([300]).map(PopIntoReceiverVariable));
    all.extend((0..=8).chain([255]).map(PopIntoTemp));
    all.extend([0, 300].map(PopIntoLiteralVariable));
    all.extend([0, 300].map(StoreReceiverVariable));
    all.extend([0, 300].map(StoreLiteralVariable));
    all.extend([0, 255].map(StoreTemp));
    all.extend([
        PushNewArray {
            size: 0,
            pop_elements: false,
        },
        PushNewArray {
            size: 127,
            pop_elements: true,
        },
    ]);
    all.extend(sista_sends_and_closures());
    all.extend(remote_temps());
    all
}

fn sista_sends_and_closures() -> Vec<Instruction> {
    vec![
        SuperSend {
            selector_literal: 1,
            num_args: 1,
        },
        SuperSend {
            selector_literal: 40,
            num_args: 9,
        },
        DirectedSuperSend {
            selector_literal: 2,
            num_args: 1,
        },
        DirectedSuperSend {
            selector_literal: 40,
            num_args: 9,
        },
        CallMappedInlinedPrimitive(3),
        CallMappedInlinedPrimitive(300),
        CallPrimitive(1),
        CallPrimitive(32767),
        CallInlinePrimitive(2000),
        PushFullClosure {
            literal_index: 3,
            num_copied: 0,
            receiver_on_stack: false,
            ignore_outer_context: false,
        },
        PushFullClosure {
            literal_index: 300,
            num_copied: 63,
            receiver_on_stack: true,
            ignore_outer_context: true,
        },
        PushClosure {
            num_copied: 0,
            num_args: 0,
            block_size: 0,
        },
        PushClosure {
            num_copied: 9,
            num_args: 19,
            block_size: 261,
        },
    ]
}

fn v3_instructions() -> Vec<Instruction> {
    let mut all = common_constants();
    all.extend((0..=16).chain([63, 64, 255]).map(PushReceiverVariable));
    all.extend((0..=16).chain([63]).map(PushTemp));
    all.extend((0..=32).chain([63, 64, 255]).map(PushLiteral));
    all.extend((0..=32).chain([63, 64, 255]).map(PushLiteralVariable));
    all.extend((0..=8).chain([63, 64, 255]).map(PopIntoReceiverVariable));
    all.extend((0..=8).chain([63]).map(PopIntoTemp));
    all.extend([3, 100].map(StoreReceiverVariable));
    all.extend([0, 63].map(StoreTemp));
    all.extend([3, 100].map(StoreLiteralVariable));
    all.extend([3, 63].map(PopIntoLiteralVariable));
    all.extend((-1..=2).map(PushSmallInteger));
    all.extend([
        ReturnReceiver,
        ReturnTrue,
        ReturnFalse,
        ReturnNil,
        ReturnTop,
        BlockReturnTop,
    ]);
    all.extend([
        PushNewArray {
            size: 5,
            pop_elements: false,
        },
        PushNewArray {
            size: 127,
            pop_elements: true,
        },
    ]);
    all.extend([CallPrimitive(1), CallPrimitive(65535)]);
    all.extend([PushClosure {
        num_copied: 0,
        num_args: 0,
        block_size: 0,
    }]);
    all.push(PushClosure {
        num_copied: 15,
        num_args: 15,
        block_size: 65535,
    });
    all.extend(
        (1..=8)
            .chain([-1024, -768, -512, -256, 0, 256, 512, 768, 1023])
            .map(Jump),
    );
    all.extend([0, 256, 512, 768, 1023].map(JumpIfTrue));
    all.extend((0..=8).chain([256, 512, 768, 1023]).map(JumpIfFalse));
    all.extend((0..32).map(SendSpecial));
    all.extend(sends(0..16, 0..3));
    all.extend(
        sends([20], [3, 7])
            .into_iter()
            .chain(sends([40, 63], [1, 3]))
            .chain(sends([100], [1, 31])),
    );
    all.extend([
        SuperSend {
            selector_literal: 1,
            num_args: 1,
        },
        SuperSend {
            selector_literal: 100,
            num_args: 1,
        },
    ]);
    all.extend(remote_temps());
    all
}

/// Encodes each instruction, decodes the whole sequence back and returns the opcodes
/// (after any prefixes) that appeared.
fn round_trip(
    set: BytecodeSet,
    instructions: &[Instruction],
    encode: &mut dyn FnMut(&Instruction) -> Vec<u8>,
) -> BTreeSet<u8> {
    let mut seen = BTreeSet::new();
    for instruction in instructions {
        let bytes = encode(instruction);
        let decoded = set.decode(&bytes, 0);
        assert_eq!(
            decoded,
            Ok((*instruction, bytes.len())),
            "{set:?} {instruction:?} as {bytes:?}"
        );
        let mut opcode_at = 0;
        while set == BytecodeSet::SistaV1 && matches!(bytes[opcode_at], 224 | 225) {
            opcode_at += 2;
        }
        seen.insert(bytes[opcode_at]);
    }
    seen
}

fn assert_every_known_opcode_seen(set: BytecodeSet, seen: &BTreeSet<u8>) {
    for row in set
        .table()
        .iter()
        .filter(|row| !row.is_unknown() && row.stack != TableStackEffect::Prefix)
    {
        for opcode in row.first..=row.last {
            assert!(
                seen.contains(&opcode),
                "{set:?} opcode {opcode} ({}) not covered",
                row.name
            );
        }
    }
}

#[test]
fn every_sista_opcode_round_trips() {
    let seen = round_trip(
        BytecodeSet::SistaV1,
        &sista_instructions(),
        &mut |instruction| {
            let mut encoder = SistaEncoder::new();
            assert!(
                encoder.emit_instruction(instruction),
                "{instruction:?} not encodable"
            );
            encoder.into_bytes()
        },
    );
    assert_every_known_opcode_seen(BytecodeSet::SistaV1, &seen);
}

#[test]
fn every_v3_opcode_round_trips() {
    let seen = round_trip(
        BytecodeSet::V3PlusClosures,
        &v3_instructions(),
        &mut |instruction| {
            let mut encoder = V3Encoder::new();
            assert!(
                encoder.emit_instruction(instruction),
                "{instruction:?} not encodable"
            );
            encoder.into_bytes()
        },
    );
    assert_every_known_opcode_seen(BytecodeSet::V3PlusClosures, &seen);
}

#[test]
fn sista_encoder_refuses_unknown_instructions() {
    assert!(!SistaEncoder::new().emit_instruction(&Unknown(84)));
}

#[test]
fn v3_encoder_refuses_sista_only_instructions() {
    let mut encoder = V3Encoder::new();
    let refused = [
        PushCharacter(97),
        Nop,
        PushActiveProcess,
        BlockReturnNil,
        PushSmallInteger(3),
    ];
    assert!(refused
        .iter()
        .all(|instruction| !encoder.emit_instruction(instruction)));
    assert!(encoder.is_empty());
}
