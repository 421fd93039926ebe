//! Unwinding primitives 195 `findNextUnwindContextUpTo:`, 196 `terminateTo:`
//! and 197 `findNextHandlerContextStarting`, over hand-built (divorced)
//! context chains and over running (married) frames.
use stvm_heap::Oop;
use stvm_interpreter::testing::{MethodBuilder, World};
use stvm_object_model::layout::context as ctx;

use crate::primitive_helpers::define_primitive;
use crate::support::int;

/// A world whose Context understands the three primitives (and `sender`),
/// with `ensureLike` (primitive 198), `handlerLike` (199) and `plain` methods.
struct Chains {
    world: World,
    ensure: Oop,
    handler: Oop,
    plain: Oop,
}

fn chains() -> Chains {
    let mut world = World::new();
    let context = world.classes.context;
    let object = world.classes.object;
    define_primitive(&mut world, context, "findNextUnwindContextUpTo:", 1, 195);
    define_primitive(&mut world, context, "terminateTo:", 1, 196);
    define_primitive(
        &mut world,
        context,
        "findNextHandlerContextStarting",
        0,
        197,
    );
    world.define_method(
        context,
        "sender",
        MethodBuilder::sista(vec![]).primitive(264),
    );
    let body = || MethodBuilder::encoded(|e| e.return_receiver());
    let ensure = world.define_method(object, "ensureLike", body().primitive(198));
    let handler = world.define_method(object, "handlerLike", body().primitive(199));
    let plain = world.define_method(object, "plain", body());
    Chains {
        world,
        ensure,
        handler,
        plain,
    }
}

impl Chains {
    /// A divorced context running `method` (pc 1 past the header) with `sender`.
    fn context(&mut self, method: Oop, sender: Oop) -> Oop {
        let class = self.world.classes.context;
        let context = self.world.instantiate(class, 16);
        let nil = self.world.heap.nil();
        let heap = &mut self.world.heap;
        heap.store_pointer(context, ctx::SENDER, sender);
        heap.store_pointer(context, ctx::PC, int(30));
        heap.store_pointer(context, ctx::STACKP, int(0));
        heap.store_pointer(context, ctx::METHOD, method);
        heap.store_pointer(context, ctx::CLOSURE_OR_NIL, nil);
        heap.store_pointer(context, ctx::RECEIVER, nil);
        context
    }

    /// `c0 → c1 → … → nil` running `methods` (c0 first).
    fn chain(&mut self, methods: &[Oop]) -> Vec<Oop> {
        let mut sender = self.world.heap.nil();
        let mut contexts: Vec<Oop> = methods
            .iter()
            .rev()
            .map(|method| {
                sender = self.context(*method, sender);
                sender
            })
            .collect();
        contexts.reverse();
        contexts
    }

    /// Sends `selector` to `receiver` with `arguments`.
    fn send(
        self,
        receiver: Oop,
        selector: &str,
        arguments: &[Oop],
    ) -> (stvm_interpreter::Interpreter, Oop) {
        let mut world = self.world;
        let selector = world.symbol(selector);
        let mut interpreter = world.into_interpreter();
        let result = interpreter
            .send_message(receiver, selector, arguments)
            .unwrap();
        (interpreter, result)
    }
}

#[test]
fn find_next_unwind_context_answers_the_first_marked_sender() {
    let mut c = chains();
    let (plain, ensure) = (c.plain, c.ensure);
    let chain = c.chain(&[ensure, plain, ensure, ensure]);
    let nil = c.world.heap.nil();
    let (_, found) = c.send(chain[0], "findNextUnwindContextUpTo:", &[nil]);
    assert_eq!(found, chain[2]);
}

#[test]
fn find_next_unwind_context_stops_before_the_argument() {
    let mut c = chains();
    let (plain, ensure) = (c.plain, c.ensure);
    let chain = c.chain(&[plain, plain, ensure, ensure]);
    let (interpreter, found) = c.send(chain[0], "findNextUnwindContextUpTo:", &[chain[2]]);
    assert_eq!(found, interpreter.heap().nil());
}

#[test]
fn find_next_unwind_context_skips_block_activations_of_marked_methods() {
    let mut c = chains();
    let (plain, ensure) = (c.plain, c.ensure);
    let chain = c.chain(&[plain, ensure, ensure]);
    let closure = c.world.heap.true_object();
    c.world
        .heap
        .store_pointer(chain[1], ctx::CLOSURE_OR_NIL, closure);
    let nil = c.world.heap.nil();
    let (_, found) = c.send(chain[0], "findNextUnwindContextUpTo:", &[nil]);
    assert_eq!(found, chain[2]);
}

#[test]
fn find_next_unwind_context_with_a_non_context_argument_fails_with_bad_argument() {
    let mut c = chains();
    let plain = c.plain;
    let chain = c.chain(&[plain]);
    let expected = c.world.symbol("bad argument");
    let (_, result) = c.send(chain[0], "findNextUnwindContextUpTo:", &[int(3)]);
    assert_eq!(result, expected);
}

#[test]
fn find_next_handler_context_includes_the_receiver() {
    let mut c = chains();
    let (plain, handler) = (c.plain, c.handler);
    let chain = c.chain(&[handler, plain, handler]);
    let (_, found) = c.send(chain[0], "findNextHandlerContextStarting", &[]);
    assert_eq!(found, chain[0]);
}

#[test]
fn find_next_handler_context_answers_nil_when_there_is_none() {
    let mut c = chains();
    let (plain, ensure) = (c.plain, c.ensure);
    let chain = c.chain(&[plain, ensure, plain]);
    let (interpreter, found) = c.send(chain[0], "findNextHandlerContextStarting", &[]);
    assert_eq!(found, interpreter.heap().nil());
}

#[test]
fn terminate_to_a_sender_kills_the_contexts_between_and_relinks() {
    let mut c = chains();
    let plain = c.plain;
    let chain = c.chain(&[plain, plain, plain, plain]);
    let (interpreter, _) = c.send(chain[0], "terminateTo:", &[chain[3]]);
    let heap = interpreter.heap();
    let nil = heap.nil();
    let state = |context: Oop| {
        (
            heap.fetch_pointer(context, ctx::SENDER),
            heap.fetch_pointer(context, ctx::PC),
        )
    };
    assert_eq!(
        (
            state(chain[0]).0,
            state(chain[1]),
            state(chain[2]),
            state(chain[3]).0
        ),
        (chain[3], (nil, nil), (nil, nil), nil)
    );
}

#[test]
fn terminate_to_a_context_off_the_chain_only_changes_the_sender() {
    let mut c = chains();
    let plain = c.plain;
    let chain = c.chain(&[plain, plain]);
    let other = c.chain(&[plain]);
    let (interpreter, answer) = c.send(chain[0], "terminateTo:", &[other[0]]);
    let heap = interpreter.heap();
    assert_eq!(
        (
            answer,
            heap.fetch_pointer(chain[0], ctx::SENDER),
            heap.fetch_pointer(chain[1], ctx::PC)
        ),
        (chain[0], other[0], int(30))
    );
}

/// Installs `Object>>outer` (primitive `marker`, calls `inner`) and
/// `Object>>inner` running `inner_body`; answers `outer`'s method.
fn frames_with_marker(c: &mut Chains, marker: u16, inner_body: MethodBuilder) -> Oop {
    let object = c.world.classes.object;
    let inner = c.world.symbol("inner");
    c.world.define_method(object, "inner", inner_body);
    c.world.define_method(
        object,
        "outer",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.send(0, 0);
            e.return_top();
        })
        .literals(&[inner])
        .primitive(marker),
    )
}

#[test]
fn find_next_unwind_context_finds_a_marked_frame_below_the_running_one() {
    let mut c = chains();
    let find = c.world.symbol("findNextUnwindContextUpTo:");
    let inner = MethodBuilder::encoded(|e| {
        e.push_this_context();
        e.push_nil();
        e.send(0, 1);
        e.return_top();
    })
    .literals(&[find]);
    let outer = frames_with_marker(&mut c, 198, inner);
    let nil = c.world.heap.nil();
    let (interpreter, found) = c.send(nil, "outer", &[]);
    assert_eq!(interpreter.heap().fetch_pointer(found, ctx::METHOD), outer);
}

#[test]
fn find_next_handler_context_finds_a_marked_frame_below_the_running_one() {
    let mut c = chains();
    let find = c.world.symbol("findNextHandlerContextStarting");
    let inner = MethodBuilder::encoded(|e| {
        e.push_this_context();
        e.send(0, 0);
        e.return_top();
    })
    .literals(&[find]);
    let outer = frames_with_marker(&mut c, 199, inner);
    let nil = c.world.heap.nil();
    let (interpreter, found) = c.send(nil, "outer", &[]);
    assert_eq!(interpreter.heap().fetch_pointer(found, ctx::METHOD), outer);
}

/// `Object>>r: n ctx: aContext`: at 0, `thisContext terminateTo: aContext. ^42`,
/// else `^(self r: n - 1 ctx: aContext) + 1`; `Object>>test: n`:
/// `^(self r: n ctx: thisContext) + 1000` (the +1000 is cut off by the terminate).
fn terminating_recursion(c: &mut Chains) -> Oop {
    let object = c.world.classes.object;
    let (r, terminate) = (c.world.symbol("r:ctx:"), c.world.symbol("terminateTo:"));
    c.world.define_method(
        object,
        "r:ctx:",
        MethodBuilder::encoded(|e| {
            e.push_temp(0);
            e.push_small_integer(0);
            e.send_special(6);
            e.jump_if_false(7);
            e.push_this_context();
            e.push_temp(1);
            e.send(1, 1);
            e.pop();
            e.push_small_integer(42);
            e.return_top();
            e.push_receiver();
            e.push_temp(0);
            e.push_small_integer(1);
            e.send_special(1);
            e.push_temp(1);
            e.send(0, 2);
            e.push_small_integer(1);
            e.send_special(0);
            e.return_top();
        })
        .args(2)
        .literals(&[r, terminate]),
    );
    c.world.define_method(
        object,
        "test:",
        MethodBuilder::encoded(|e| {
            e.push_receiver();
            e.push_temp(0);
            e.push_this_context();
            e.send(0, 2);
            e.push_small_integer(1000);
            e.send_special(0);
            e.return_top();
        })
        .args(1)
        .literals(&[r]),
    )
}

#[test]
fn terminate_to_from_a_running_frame_returns_past_the_terminated_frames() {
    let mut c = chains();
    let test = terminating_recursion(&mut c);
    let nil = c.world.heap.nil();
    let mut interpreter = c.world.into_interpreter();
    assert_eq!(interpreter.run_method(test, nil, &[int(3)]), Ok(int(1042)));
}

#[test]
fn terminate_to_across_many_stack_pages_returns_past_every_terminated_frame() {
    let mut c = chains();
    let test = terminating_recursion(&mut c);
    let nil = c.world.heap.nil();
    let mut interpreter = c.world.into_interpreter_with_stack_pages(3);
    assert_eq!(
        interpreter.run_method(test, nil, &[int(3000)]),
        Ok(int(1042))
    );
}
