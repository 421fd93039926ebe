use super::*;

fn sista_header() -> MethodHeader {
    MethodHeader {
        num_literals: 3,
        num_temps: 5,
        num_args: 2,
        has_primitive: false,
        large_frame: false,
        is_sista: true,
    }
}

#[test]
fn num_literals_occupy_bits_zero_to_fourteen() {
    let header = MethodHeader {
        num_literals: 0x7FFF,
        ..MethodHeader::default()
    };
    assert_eq!(header.encode(), 0x7FFF);
}

#[test]
fn has_primitive_sets_bit_sixteen() {
    let header = MethodHeader {
        has_primitive: true,
        ..MethodHeader::default()
    };
    assert_eq!(header.encode(), 1 << 16);
}

#[test]
fn large_frame_sets_bit_seventeen() {
    let header = MethodHeader {
        large_frame: true,
        ..MethodHeader::default()
    };
    assert_eq!(header.encode(), 1 << 17);
}

#[test]
fn temp_count_starts_at_bit_eighteen() {
    let header = MethodHeader {
        num_temps: 63,
        ..MethodHeader::default()
    };
    assert_eq!(header.encode(), 63 << 18);
}

#[test]
fn arg_count_starts_at_bit_twenty_four() {
    let header = MethodHeader {
        num_args: 15,
        num_temps: 15,
        ..MethodHeader::default()
    };
    assert_eq!(header.encode(), 15 << 24 | 15 << 18);
}

#[test]
fn sista_header_adds_small_integer_min_val() {
    let header = sista_header();
    let plain = MethodHeader {
        is_sista: false,
        ..header
    }
    .encode();
    assert_eq!(header.encode(), plain - (1 << 60));
}

#[test]
fn sista_header_is_negative() {
    assert!(sista_header().encode() < 0);
}

#[test]
fn decode_inverts_encode_for_every_field() {
    let header = MethodHeader {
        num_literals: 1234,
        num_temps: 40,
        num_args: 9,
        has_primitive: true,
        large_frame: true,
        is_sista: true,
    };
    assert_eq!(MethodHeader::decode(header.encode()), header);
}

#[test]
fn decode_reads_a_32_bit_sista_header() {
    let value_32 = (3 | 2 << 18 | 1 << 24) - (1 << 30);
    let header = MethodHeader::decode(value_32);
    assert_eq!(
        header,
        MethodHeader {
            num_literals: 3,
            num_temps: 2,
            num_args: 1,
            is_sista: true,
            ..MethodHeader::default()
        }
    );
}

#[test]
fn decode_ignores_optimized_and_flag_bits() {
    let header = MethodHeader::decode(1 << 15 | 1 << 28 | 1 << 29 | 7);
    assert_eq!(
        header,
        MethodHeader {
            num_literals: 7,
            ..MethodHeader::default()
        }
    );
}

#[test]
fn try_encode_rejects_sixty_four_temps() {
    let header = MethodHeader {
        num_temps: 64,
        ..MethodHeader::default()
    };
    assert_eq!(header.try_encode(), Err(HeaderError::TooManyTemps(64)));
}

#[test]
fn try_encode_rejects_sixteen_args() {
    let header = MethodHeader {
        num_args: 16,
        num_temps: 20,
        ..MethodHeader::default()
    };
    assert_eq!(header.try_encode(), Err(HeaderError::TooManyArgs(16)));
}

#[test]
fn try_encode_rejects_more_args_than_temps() {
    let header = MethodHeader {
        num_args: 3,
        num_temps: 2,
        ..MethodHeader::default()
    };
    assert_eq!(
        header.try_encode(),
        Err(HeaderError::ArgsExceedTemps {
            num_args: 3,
            num_temps: 2
        })
    );
}

#[test]
fn try_encode_rejects_too_many_literals() {
    let header = MethodHeader {
        num_literals: 0x8000,
        ..MethodHeader::default()
    };
    assert_eq!(
        header.try_encode(),
        Err(HeaderError::TooManyLiterals(0x8000))
    );
}

#[test]
fn initial_pc_of_method_with_two_literals_is_twenty_five() {
    assert_eq!(initial_pc(2), 25);
}

#[test]
fn primitive_index_reads_sista_call_primitive() {
    let header = MethodHeader {
        has_primitive: true,
        is_sista: true,
        ..MethodHeader::default()
    };
    assert_eq!(primitive_index(&header, &[248, 0x3C, 0x01, 92]), Some(316));
}

#[test]
fn primitive_index_ignores_sista_inline_flag_bit() {
    let header = MethodHeader {
        has_primitive: true,
        is_sista: true,
        ..MethodHeader::default()
    };
    assert_eq!(primitive_index(&header, &[248, 1, 0x80]), Some(1));
}

#[test]
fn primitive_index_reads_v3_call_primitive() {
    let header = MethodHeader {
        has_primitive: true,
        ..MethodHeader::default()
    };
    assert_eq!(primitive_index(&header, &[139, 117, 0]), Some(117));
}

#[test]
fn primitive_index_is_none_without_has_primitive_bit() {
    let header = MethodHeader {
        is_sista: true,
        ..MethodHeader::default()
    };
    assert_eq!(primitive_index(&header, &[248, 1, 0]), None);
}

#[test]
fn primitive_index_is_none_for_truncated_prefix() {
    let header = MethodHeader {
        has_primitive: true,
        is_sista: true,
        ..MethodHeader::default()
    };
    assert_eq!(primitive_index(&header, &[248, 1]), None);
}

#[test]
fn primitive_index_is_none_for_wrong_set_opcode() {
    let header = MethodHeader {
        has_primitive: true,
        is_sista: true,
        ..MethodHeader::default()
    };
    assert_eq!(primitive_index(&header, &[139, 1, 0]), None);
}
