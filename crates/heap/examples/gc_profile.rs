//! A fixed GC workload for instruction-count profiling (`valgrind --tool=callgrind
//! --collect-atstart=no --toggle-collect='*collect_all*'`) or `perf record`: builds
//! an old heap like the full-GC benchmarks' (16-slot arrays chained through slot 0,
//! 10% garbage), runs a first full GC, then steady-state ones — selective
//! (`full_gc`, mode `full`) or compacting (`full_gc_compacting`, mode `compact`) —
//! printing wall and CPU time of each; and scavenges like the benchmark.
//!
//! `rss` mode reports resident memory around full GCs: after building the
//! heap, after a compacting GC, after a GC with every object dead, and during
//! rounds of allocating garbage and collecting it (committed memory must not
//! creep up).
//!
//! Usage: `gc_profile [full|compact|scavenge|rss] [live MiB or survival percent] [repeats]`.
use stvm_heap::{NoRoots, ObjectFormat};
use stvm_object_model::class_index;

#[path = "../benches/shared/workloads.rs"]
mod workloads;

use workloads::{fill_eden, heap_with, live_heap, EDEN_BYTES};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map_or("full", String::as_str);
    let amount: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(100);
    let repeats: u32 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(2);
    if mode == "scavenge" {
        let mut heap = heap_with(4 << 20);
        let survivors = (EDEN_BYTES * 85 / 100 / 40 * amount / 100 + 1) as usize;
        let roots = heap
            .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, survivors)
            .expect("roots");
        for _ in 0..repeats {
            fill_eden(&mut heap, roots, amount);
            heap.scavenge(&mut NoRoots);
        }
        eprintln!(
            "{repeats} scavenges: {:?} wall",
            heap.statistics().scavenge_time
        );
        return;
    }
    if mode == "rss" {
        report_resident_memory(amount, repeats);
        return;
    }
    let (mut heap, mut roots) = live_heap(amount);
    for _ in 0..repeats {
        let (started, cpu_started) = (std::time::Instant::now(), thread_cpu_time());
        if mode == "compact" {
            heap.full_gc_compacting(&mut roots);
        } else {
            heap.full_gc(&mut roots);
        }
        eprintln!(
            "full GC of {amount} MiB live: {:?} wall, {:?} CPU",
            started.elapsed(),
            thread_cpu_time() - cpu_started
        );
    }
}

/// CPU time this thread has used (the machine may be shared: wall time
/// includes waiting for a core).
fn thread_cpu_time() -> std::time::Duration {
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec we pass.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) };
    std::time::Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

/// Resident memory of this process in MiB (from /proc/self/statm).
fn resident_mib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    (pages * 4096) >> 20
}

fn report_resident_memory(live_mib: u64, rounds: u32) {
    eprintln!("RSS at start: {} MiB", resident_mib());
    let (mut heap, mut roots) = live_heap(live_mib);
    eprintln!(
        "RSS with {live_mib} MiB live + 10% garbage: {} MiB",
        resident_mib()
    );
    heap.full_gc(&mut roots);
    eprintln!("RSS after the compacting full GC: {} MiB", resident_mib());
    roots.clear();
    heap.full_gc(&mut roots);
    eprintln!(
        "RSS after a full GC with everything dead: {} MiB ({} old segments)",
        resident_mib(),
        heap.space_usage().old_segments
    );
    for round in 1..=rounds {
        let (garbage_heap_mib, kept_mib) = (live_mib / 2, live_mib / 10);
        let kept = (kept_mib << 20) / 136;
        let mut previous = heap.nil();
        for index in 0..(garbage_heap_mib << 20) / 136 {
            let object = heap
                .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, 16)
                .expect("allocate");
            if index < kept {
                heap.store_pointer(object, 0, previous);
                previous = object;
            }
        }
        roots = vec![previous];
        heap.full_gc(&mut roots);
        if round % 10 == 0 || round == rounds {
            eprintln!(
                "RSS after round {round} ({garbage_heap_mib} MiB allocated, {kept_mib} MiB kept): {} MiB, old space {} MiB",
                resident_mib(),
                heap.space_usage().old_bytes >> 20
            );
        }
    }
}
