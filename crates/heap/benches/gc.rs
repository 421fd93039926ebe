//! GC benchmarks: allocation rate, scavenge pause against surviving bytes,
//! full-GC time against live heap size. Goals (issue 2): a scavenge costs at
//! most 1 ms per MiB surviving; a full GC at most 100 ms per 500 MiB live.
//! Each benchmark is kept short so `cargo bench -p stvm-heap` ends in minutes.
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use stvm_heap::{Heap, HeapConfig, NoRoots, ObjectFormat, Oop};
use stvm_object_model::class_index;

const EDEN_BYTES: u64 = 4 << 20;

fn heap_with(eden_bytes: u64, survivor_bytes: u64) -> Heap {
    Heap::new(HeapConfig {
        base_address: None,
        eden_bytes,
        survivor_bytes,
        tenuring_age: 100,
        ..HeapConfig::default()
    })
    .expect("heap")
}

fn allocation_rate(c: &mut Criterion) {
    let mut heap = heap_with(EDEN_BYTES, 1 << 20);
    const OBJECTS: u64 = 10_000;
    let mut group = c.benchmark_group("allocation");
    group.throughput(Throughput::Elements(OBJECTS));
    group.bench_function("small objects (2 slots), scavenging when asked", |b| {
        b.iter(|| {
            for _ in 0..OBJECTS {
                let oop = heap
                    .allocate(class_index::ARRAY, ObjectFormat::INDEXABLE, 2)
                    .expect("allocate");
                std::hint::black_box(oop);
                if heap.needs_scavenge() {
                    heap.scavenge(&mut NoRoots);
                }
            }
        })
    });
    group.finish();
}

/// Fills eden with 4-slot arrays (40 bytes), keeping `percent` of them alive
/// through an old root array; answers the surviving bytes.
fn fill_eden(heap: &mut Heap, roots: Oop, percent: u64) -> u64 {
    let nil = heap.nil();
    for index in 0..heap.num_slots(roots) {
        heap.store_pointer_unchecked(roots, index, nil);
    }
    let objects = EDEN_BYTES * 85 / 100 / 40;
    let mut kept = 0;
    for index in 0..objects {
        let object = heap
            .allocate(class_index::ARRAY, ObjectFormat::INDEXABLE, 4)
            .expect("allocate");
        if percent > 0 && index % (100 / percent) == 0 && kept < heap.num_slots(roots) {
            heap.store_pointer(roots, kept, object);
            kept += 1;
        }
    }
    kept as u64 * 40
}

fn scavenge_pause(c: &mut Criterion) {
    let mut group = c.benchmark_group("scavenge pause");
    group.sample_size(20);
    for percent in [0u64, 1, 10, 50] {
        let mut heap = heap_with(EDEN_BYTES, 4 << 20);
        let survivors = (EDEN_BYTES * 85 / 100 / 40 * percent / 100 + 1) as usize;
        let roots = heap
            .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, survivors)
            .expect("roots");
        let survivors = fill_eden(&mut heap, roots, percent);
        heap.scavenge(&mut NoRoots);
        let label = format!(
            "{percent}% of 4 MiB eden ({} KiB surviving)",
            survivors >> 10
        );
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    fill_eden(&mut heap, roots, percent);
                    let started = Instant::now();
                    heap.scavenge(&mut NoRoots);
                    total += started.elapsed();
                }
                total
            })
        });
    }
    group.finish();
}

/// An old heap of about `live_mib` MiB of 16-slot arrays chained through
/// slot 0 (with 10% garbage interleaved before the first collection).
fn live_heap(live_mib: u64) -> (Heap, Vec<Oop>) {
    let mut heap = heap_with(EDEN_BYTES, 1 << 20);
    let objects = (live_mib << 20) / 136;
    let mut previous = heap.nil();
    for index in 0..objects {
        let object = heap
            .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, 16)
            .expect("allocate");
        heap.store_pointer(object, 0, previous);
        heap.store_pointer(object, 1, Oop::small_integer(index as i64).expect("int"));
        if index % 10 == 0 {
            heap.allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, 16)
                .expect("garbage");
        }
        previous = object;
    }
    (heap, vec![previous])
}

fn full_gc_time(c: &mut Criterion) {
    let mut group = c.benchmark_group("full GC");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for live_mib in [10u64, 100, 500] {
        let (mut heap, mut roots) = live_heap(live_mib);
        let started = Instant::now();
        heap.full_gc(&mut roots);
        eprintln!(
            "full GC of {live_mib} MiB live with 10% garbage (first, compacting): {:?}",
            started.elapsed()
        );
        group.bench_function(
            BenchmarkId::from_parameter(format!("{live_mib} MiB live")),
            |b| b.iter(|| heap.full_gc(&mut roots)),
        );
    }
    group.finish();
}

/// The first, compacting GC of a fresh heap (10% garbage interleaved, so
/// nearly every object slides), timed alone on a new heap per iteration.
fn compacting_full_gc_time(c: &mut Criterion) {
    let mut group = c.benchmark_group("compacting full GC");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    let live_mib = 100;
    group.bench_function(
        BenchmarkId::from_parameter(format!("{live_mib} MiB live, 10% garbage")),
        |b| {
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    let (mut heap, mut roots) = live_heap(live_mib);
                    let started = Instant::now();
                    heap.full_gc(&mut roots);
                    total += started.elapsed();
                }
                total
            })
        },
    );
    group.finish();
}

#[allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]
mod group {
    use super::*;
    criterion_group!(
        benches,
        allocation_rate,
        scavenge_pause,
        full_gc_time,
        compacting_full_gc_time
    );
}
use group::benches;
criterion_main!(benches);
