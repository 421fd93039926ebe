use super::*;

#[test]
fn send_with_two_args_pops_three_and_pushes_one() {
    let send = Instruction::Send {
        selector_literal: 0,
        num_args: 2,
    };
    assert_eq!(
        send.stack_effect(),
        Some(StackEffect { pops: 3, pushes: 1 })
    );
}

#[test]
fn directed_super_send_also_pops_the_class() {
    let send = Instruction::DirectedSuperSend {
        selector_literal: 0,
        num_args: 1,
    };
    assert_eq!(
        send.stack_effect(),
        Some(StackEffect { pops: 3, pushes: 1 })
    );
}

#[test]
fn special_send_at_put_pops_three() {
    assert_eq!(
        Instruction::SendSpecial(17).stack_effect(),
        Some(StackEffect { pops: 3, pushes: 1 })
    );
}

#[test]
fn special_send_beyond_table_has_no_effect() {
    assert_eq!(Instruction::SendSpecial(40).stack_effect(), None);
}

#[test]
fn full_closure_with_stacked_receiver_pops_it_too() {
    let push = Instruction::PushFullClosure {
        literal_index: 0,
        num_copied: 2,
        receiver_on_stack: true,
        ignore_outer_context: false,
    };
    assert_eq!(
        push.stack_effect(),
        Some(StackEffect { pops: 3, pushes: 1 })
    );
}

#[test]
fn consing_array_pops_its_elements() {
    let push = Instruction::PushNewArray {
        size: 4,
        pop_elements: true,
    };
    assert_eq!(
        push.stack_effect(),
        Some(StackEffect { pops: 4, pushes: 1 })
    );
}

#[test]
fn unknown_bytecode_has_no_stack_effect() {
    assert_eq!(Instruction::Unknown(84).stack_effect(), None);
}

#[test]
fn unconditional_jump_ends_flow_but_conditional_does_not() {
    assert_eq!(
        (
            Instruction::Jump(3).ends_flow(),
            Instruction::JumpIfTrue(3).ends_flow()
        ),
        (true, false)
    );
}

#[test]
fn jump_offset_of_a_send_is_none() {
    assert_eq!(
        Instruction::Send {
            selector_literal: 0,
            num_args: 0
        }
        .jump_offset(),
        None
    );
}
