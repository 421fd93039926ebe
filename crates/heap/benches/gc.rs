//! GC benchmarks: allocation rate, scavenge pause against surviving bytes,
//! full-GC time against live heap size. Goals (issue 2): a scavenge costs at
//! most 1 ms per MiB surviving; a full GC at most 100 ms per 500 MiB live.
//! Full GCs are measured both ways: the default `full_gc` (selective
//! compaction: dense regions swept into free chunks, sparse ones compacted)
//! and `full_gc_compacting` (every live object slides, as for a snapshot).
//! Each benchmark is kept short so `cargo bench -p stvm-heap` ends in minutes.
use std::time::{Duration, Instant};

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use stvm_heap::{Heap, NoRoots, ObjectFormat, Oop};
use stvm_object_model::class_index;

#[path = "shared/workloads.rs"]
mod workloads;

use workloads::{fill_eden, heap_with, live_heap, EDEN_BYTES};

fn allocation_rate(c: &mut Criterion) {
    let mut heap = heap_with(1 << 20);
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

fn scavenge_pause(c: &mut Criterion) {
    let mut group = c.benchmark_group("scavenge pause");
    group.sample_size(20);
    for percent in [0u64, 1, 10, 50] {
        let mut heap = heap_with(4 << 20);
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

/// Runs one kind of full GC.
type Collect = fn(&mut Heap, &mut Vec<Oop>);

/// The two kinds of full GC, as `(label, runs one)`.
const FULL_GC_KINDS: [(&str, Collect); 2] = [
    ("selective (full_gc)", |heap, roots| heap.full_gc(roots)),
    ("compacting (full_gc_compacting)", |heap, roots| {
        heap.full_gc_compacting(roots)
    }),
];

/// Full GCs of a heap already collected: nothing dies, nothing moves (the
/// selective kind re-sweeps the free chunks the first GC left; the
/// compacting kind finds old space one dense prefix).
fn steady_full_gc_time(c: &mut Criterion) {
    let mut group = c.benchmark_group("steady-state full GC (nothing to free)");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for live_mib in [10u64, 100, 500] {
        for (kind, collect) in FULL_GC_KINDS {
            let (mut heap, mut roots) = live_heap(live_mib);
            collect(&mut heap, &mut roots);
            let id = BenchmarkId::new(kind, format!("{live_mib} MiB live"));
            group.bench_function(id, |b| b.iter(|| collect(&mut heap, &mut roots)));
        }
    }
    group.finish();
}

/// The first full GC of a fresh heap with 10% garbage interleaved, timed
/// alone on a new heap per iteration: the selective kind sweeps (every
/// region is about 90% live), the compacting kind slides nearly every
/// object. Includes making the GC's side tables (first GC of a heap).
fn first_full_gc_time(c: &mut Criterion) {
    let mut group = c.benchmark_group("first full GC, 10% garbage");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(1));
    for live_mib in [10u64, 100, 500] {
        for (kind, collect) in FULL_GC_KINDS {
            let id = BenchmarkId::new(kind, format!("{live_mib} MiB live"));
            group.bench_function(id, |b| {
                b.iter_custom(|iterations| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iterations {
                        let (mut heap, mut roots) = live_heap(live_mib);
                        let started = Instant::now();
                        collect(&mut heap, &mut roots);
                        total += started.elapsed();
                    }
                    total
                })
            });
        }
    }
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
        steady_full_gc_time,
        first_full_gc_time
    );
}
use group::benches;
criterion_main!(benches);
