//! Timings of the model without a benchmark crate: `cargo bench --bench model`.
//!
//! Each case runs in batches long enough to time with `Instant`; the median time
//! per operation over the batches is printed beside its target.

use eoslab::model::explore::{self, Options};
use eoslab::model::scenario::{Anchor, Design, DesignKind, Fault, FaultKind, StepKind, Workload};
use eoslab::model::trace::FaultStatus;
use eoslab::model::{simulate, world_at, Scenario};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Batches per case; the median of them is reported.
const SAMPLES: usize = 11;
/// The shortest batch worth timing.
const MIN_BATCH: Duration = Duration::from_millis(20);

/// The median time of one call of `f`.
fn time<T>(mut f: impl FnMut() -> T) -> Duration {
    // Warm up and find how many calls make a batch long enough to time.
    let mut per_batch = 1u32;
    loop {
        let t = Instant::now();
        for _ in 0..per_batch {
            black_box(f());
        }
        if t.elapsed() >= MIN_BATCH || per_batch >= 1 << 20 {
            break;
        }
        per_batch *= 2;
    }
    let mut samples: Vec<Duration> = (0..SAMPLES)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..per_batch {
                black_box(f());
            }
            t.elapsed() / per_batch
        })
        .collect();
    samples.sort();
    samples[SAMPLES / 2]
}

fn fmt(d: Duration) -> String {
    let ns = d.as_nanos();
    if ns >= 1_000_000_000 {
        format!("{:.2} s", d.as_secs_f64())
    } else if ns >= 1_000_000 {
        format!("{:.2} ms", ns as f64 / 1e6)
    } else if ns >= 1_000 {
        format!("{:.1} µs", ns as f64 / 1e3)
    } else {
        format!("{ns} ns")
    }
}

/// Substrings given on the command line: only cases whose name contains one run.
fn wanted(name: &str) -> bool {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()))
}

fn report(name: &str, d: Duration, target: Option<Duration>) {
    let verdict = match target {
        Some(t) if d <= t => format!("target < {}  ok", fmt(t)),
        Some(t) => format!("target < {}  MISSED", fmt(t)),
        None => String::new(),
    };
    println!("{name:<58} {:>10}   {verdict}", fmt(d));
}

fn scenario(n: u32, partitions: u32, kind: DesignKind) -> Scenario {
    Scenario::new(
        "bench",
        Workload::generated(n, partitions, 42),
        Design::new(kind),
    )
}

fn at(after: StepKind, event: &str) -> Anchor {
    Anchor::new(after, event)
}

/// 50 events and three faults: a crash, a zombie and a lost ack.
fn fifty_with_three_faults(kind: DesignKind) -> Scenario {
    let mut sc = scenario(50, 2, kind);
    sc.faults = vec![
        Fault::new(FaultKind::Crash, at(StepKind::Poll, "evt-10")),
        Fault::new(FaultKind::Zombie, at(StepKind::Poll, "evt-25")),
        Fault::new(FaultKind::LostAck, at(StepKind::Send, "evt-40")),
    ];
    let t = simulate(&sc);
    assert!(
        t.faults.iter().all(|f| matches!(f, FaultStatus::Fired(_))),
        "{kind}: every fault fires: {:?}",
        t.faults
    );
    sc
}

fn main() {
    // `cargo bench --bench model -- NAME` runs only the cases whose name contains NAME.
    let ms = Duration::from_millis;
    println!("EOS Lab model benchmarks (median per operation of {SAMPLES} batches)\n");

    for kind in DesignKind::ALL {
        let name = format!("simulate 50 events, 3 faults, {kind}");
        if wanted(&name) {
            let sc = fifty_with_three_faults(kind);
            report(&name, time(|| simulate(&sc)), Some(ms(1)));
        }
    }
    println!();

    for kind in DesignKind::ALL {
        let name = format!("simulate 10,000 events, {kind}");
        if wanted(&name) {
            let sc = scenario(10_000, 2, kind);
            report(&name, time(|| simulate(&sc)), Some(ms(100)));
        }
    }
    println!();

    if wanted("explore") {
        let sc = scenario(10, 1, DesignKind::AtLeastOnce);
        let opts = Options::default();
        let tried: usize = explore::explore(&sc, &opts).iter().map(|r| r.tried).sum();
        let d = time(|| explore::explore(&sc, &opts));
        let name = format!("explore 10 events, ≤2 crashes, 9 designs ({tried} runs)");
        report(&name, d, Some(ms(1000)));
    }

    if wanted("world_at") {
        let sc = fifty_with_three_faults(DesignKind::KafkaTransactions);
        let n = simulate(&sc).steps.len();
        let d = time(|| world_at(&sc, n));
        let name = format!("world_at end of a 50-event trace ({n} steps)");
        report(&name, d, None);
    }
}
