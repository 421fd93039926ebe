//! Interpreter benchmarks on hand-built methods: `benchFib` (sends/s) and a
//! counting loop (bytecodes/s). Run with `cargo bench -p stvm-interpreter`.
//! Environment: `STVM_BENCH_FIB` (default 30), `STVM_BENCH_LOOP` iterations
//! (default 30 000 000) and `STVM_BENCH_RUNS` (default 3) — small values make
//! the binary quick enough to run under `valgrind --tool=callgrind`.
use std::time::Instant;

use stvm_bytecode::SistaEncoder;
use stvm_heap::Oop;
use stvm_interpreter::testing::{MethodBuilder, World};

/// `benchFib  self < 2 ifTrue: [^1]. ^(self - 1) benchFib + (self - 2) benchFib + 1`
fn bench_fib_method() -> MethodBuilder {
    MethodBuilder::encoded(|e| {
        e.push_receiver();
        e.push_small_integer(2);
        e.send_special(2);
        e.jump_if_false(2);
        e.push_small_integer(1);
        e.return_top();
        e.push_receiver();
        e.push_small_integer(1);
        e.send_special(1);
        e.send(0, 0);
        e.push_receiver();
        e.push_small_integer(2);
        e.send_special(1);
        e.send(0, 0);
        e.send_special(0);
        e.push_small_integer(1);
        e.send_special(0);
        e.return_top();
    })
}

/// `loop: n  | i sum | i := 0. sum := 0. [i < n] whileTrue: [sum := sum + i. i := i + 1]. ^sum`
/// Answers the method and the number of bytecodes executed per iteration.
fn counting_loop_method() -> (MethodBuilder, u64) {
    let mut body = SistaEncoder::new();
    body.push_temp(2);
    body.push_temp(1);
    body.send_special(0);
    body.pop_into_temp(2);
    body.push_temp(1);
    body.push_small_integer(1);
    body.send_special(0);
    body.pop_into_temp(1);
    let builder = MethodBuilder::encoded(|e| {
        e.push_small_integer(0);
        e.pop_into_temp(1);
        e.push_small_integer(0);
        e.pop_into_temp(2);
        let start = e.len();
        e.push_temp(1);
        e.push_temp(0);
        e.send_special(2);
        e.jump_if_false((body.len() + 4) as u32);
        e.append(&body);
        e.jump_backward_to(start);
        e.push_temp(2);
        e.return_top();
    })
    .args(1)
    .temps(3);
    (builder, 4 + 8 + 1)
}

/// The value of environment variable `name`, or `default`.
fn setting(name: &str, default: i64) -> i64 {
    std::env::var(name)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let fib = setting("STVM_BENCH_FIB", 30);
    let runs = setting("STVM_BENCH_RUNS", 3);
    let mut world = World::new();
    let small_integer = world.classes.small_integer;
    let bench_fib = world.symbol("benchFib");
    world.define_method(
        small_integer,
        "benchFib",
        bench_fib_method().literals(&[bench_fib]),
    );
    let (loop_builder, bytecodes_per_iteration) = counting_loop_method();
    let loop_method = world.define_method(small_integer, "loop:", loop_builder);
    let mut interpreter = world.into_interpreter();

    for _ in 0..runs {
        let start = Instant::now();
        let calls = interpreter
            .send_message(Oop::small_integer_unchecked(fib), bench_fib, &[])
            .expect("benchFib")
            .small_integer_value();
        let elapsed = start.elapsed();
        println!(
            "{fib} benchFib: {} calls in {:.1} ms = {:.1} M sends/s",
            calls,
            elapsed.as_secs_f64() * 1e3,
            calls as f64 / elapsed.as_secs_f64() / 1e6
        );
    }
    let iterations = setting("STVM_BENCH_LOOP", 30_000_000);
    for _ in 0..runs {
        let start = Instant::now();
        interpreter
            .run_method(
                loop_method,
                Oop::small_integer_unchecked(0),
                &[Oop::small_integer_unchecked(iterations)],
            )
            .expect("loop");
        let elapsed = start.elapsed();
        let bytecodes = iterations as u64 * bytecodes_per_iteration;
        println!(
            "counting loop: {} iterations in {:.1} ms = {:.0} M bytecodes/s",
            iterations,
            elapsed.as_secs_f64() * 1e3,
            bytecodes as f64 / elapsed.as_secs_f64() / 1e6
        );
    }
}
