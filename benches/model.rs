//! Timings of the model, with divan: `cargo bench --bench model` (add a name, e.g.
//! `-- explore`, to run only the cases whose path contains it).
//!
//! Targets (see the README's Performance section): a 50-event run with 3 faults under
//! 100 µs per design; 10,000 events under 50 ms for every design; every single and
//! double crash placement of a 10-event scenario across all designs under 100 ms;
//! compare of every design for 50 events within one frame (16 ms).
//! Native only: the crate is empty on wasm32.
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use divan::{black_box, Bencher};
use eoslab::model::compare;
use eoslab::model::explore::{self, Options};
use eoslab::model::scenario::{Anchor, Design, DesignKind, Fault, FaultKind, StepKind, Workload};
use eoslab::model::search::Search;
use eoslab::model::trace::FaultStatus;
use eoslab::model::{simulate, world_at, Scenario};

fn main() {
    divan::main();
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

/// One run of 50 events with three faults, per design (target < 100 µs).
#[divan::bench(args = DesignKind::ALL)]
fn simulate_50_events_3_faults(bencher: Bencher, kind: DesignKind) {
    let sc = fifty_with_three_faults(kind);
    bencher.bench_local(|| simulate(black_box(&sc)));
}

/// One run of 10,000 events, per design (target < 50 ms).
#[divan::bench(args = DesignKind::ALL, sample_count = 10, sample_size = 1)]
fn simulate_10000_events(bencher: Bencher, kind: DesignKind) {
    let sc = scenario(10_000, 2, kind);
    bencher.bench_local(|| simulate(black_box(&sc)));
}

/// Every single and double crash placement of 10 events, all nine designs
/// (target < 100 ms).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn explore_10_events_2_crashes_9_designs(bencher: Bencher) {
    let sc = scenario(10, 1, DesignKind::AtLeastOnce);
    let opts = Options::default();
    bencher.bench_local(|| explore::explore(black_box(&sc), &opts));
}

/// The same search as the worker runs it: one thread, in slices of 400 placements
/// (every design, single and double crashes, 10 events).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn search_in_slices_10_events_2_crashes_9_designs(bencher: Bencher) {
    let sc = scenario(10, 1, DesignKind::AtLeastOnce);
    bencher.bench_local(|| {
        let mut s = Search::matrix(black_box(&sc), &[FaultKind::Crash], 2);
        while !s.step(400).done {}
        s.cells()
    });
}

/// The world at the end of a 50-event trace: what moving the cursor there costs.
#[divan::bench]
fn world_at_end_of_50_event_trace(bencher: Bencher) {
    let sc = fifty_with_three_faults(DesignKind::KafkaTransactions);
    let n = simulate(&sc).steps.len();
    bencher.bench_local(|| world_at(black_box(&sc), n));
}

/// Compare: a 50-event workload with three faults under every design, each lane
/// judged and its departure found (target: within one frame, 16 ms).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn compare_50_events_9_designs(bencher: Bencher) {
    let sc = fifty_with_three_faults(DesignKind::AtLeastOnce);
    let c = compare::compare(&sc);
    assert!(
        c.lanes.iter().any(|l| l.departure.is_some()),
        "some lane departs"
    );
    bencher.bench_local(|| compare::compare(black_box(&sc)));
}
