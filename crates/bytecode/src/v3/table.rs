//! The V3PlusClosures opcode table (reference §8.1; PVM-2021
//! `initializeBytecodeTableForSqueakV3PlusClosures`): every opcode once, with length and
//! stack effect. This set has no extension prefixes.

use crate::opcode::{fixed, OpcodeInfo, TableStackEffect::*, UNKNOWN};

const fn row(
    first: u8,
    last: u8,
    length: u8,
    name: &'static str,
    stack: crate::opcode::TableStackEffect,
) -> OpcodeInfo {
    OpcodeInfo::new(first, last, length, name, stack)
}

/// Every V3PlusClosures opcode, in ranges sorted by opcode.
pub const OPCODES: &[OpcodeInfo] = &[
    row(0, 15, 1, "pushReceiverVariable", fixed(0, 1)),
    row(16, 31, 1, "pushTemp", fixed(0, 1)),
    row(32, 63, 1, "pushLiteral", fixed(0, 1)),
    row(64, 95, 1, "pushLiteralVariable", fixed(0, 1)),
    row(96, 103, 1, "popIntoReceiverVariable", fixed(1, 0)),
    row(104, 111, 1, "popIntoTemp", fixed(1, 0)),
    row(112, 112, 1, "pushReceiver", fixed(0, 1)),
    row(113, 113, 1, "pushTrue", fixed(0, 1)),
    row(114, 114, 1, "pushFalse", fixed(0, 1)),
    row(115, 115, 1, "pushNil", fixed(0, 1)),
    row(116, 119, 1, "pushSmallInteger", fixed(0, 1)),
    row(120, 120, 1, "returnReceiver", fixed(0, 0)),
    row(121, 121, 1, "returnTrue", fixed(0, 0)),
    row(122, 122, 1, "returnFalse", fixed(0, 0)),
    row(123, 123, 1, "returnNil", fixed(0, 0)),
    row(124, 124, 1, "returnTop", fixed(1, 0)),
    row(125, 125, 1, "blockReturnTop", fixed(1, 0)),
    row(126, 127, 1, UNKNOWN, Undefined),
    row(128, 128, 2, "extendedPush", fixed(0, 1)),
    row(129, 129, 2, "extendedStore", fixed(0, 0)),
    row(130, 130, 2, "extendedStoreAndPop", fixed(1, 0)),
    row(131, 131, 2, "singleExtendedSend", FromOperands),
    row(132, 132, 3, "doubleExtendedDoAnything", FromOperands),
    row(133, 133, 2, "singleExtendedSuperSend", FromOperands),
    row(134, 134, 2, "secondExtendedSend", FromOperands),
    row(135, 135, 1, "pop", fixed(1, 0)),
    row(136, 136, 1, "dup", fixed(1, 2)),
    row(137, 137, 1, "pushThisContext", fixed(0, 1)),
    row(138, 138, 2, "pushNewArray", FromOperands),
    row(139, 139, 3, "callPrimitive", fixed(0, 0)),
    row(140, 140, 3, "pushRemoteTemp", fixed(0, 1)),
    row(141, 141, 3, "storeRemoteTemp", fixed(0, 0)),
    row(142, 142, 3, "popIntoRemoteTemp", fixed(1, 0)),
    row(143, 143, 4, "pushClosure", FromOperands),
    row(144, 151, 1, "jump", fixed(0, 0)),
    row(152, 159, 1, "jumpIfFalse", fixed(1, 0)),
    row(160, 167, 2, "jump", fixed(0, 0)),
    row(168, 171, 2, "jumpIfTrue", fixed(1, 0)),
    row(172, 175, 2, "jumpIfFalse", fixed(1, 0)),
    row(176, 207, 1, "sendSpecial", FromOperands),
    row(208, 223, 1, "send", fixed(1, 1)),
    row(224, 239, 1, "send", fixed(2, 1)),
    row(240, 255, 1, "send", fixed(3, 1)),
];
