//! "Break it": the search for the fewest faults that break a design, and the matrix
//! of designs × fault kinds. Every expectation here is checked against a run
//! simulated by hand with the reported faults placed.

use eoslab::model::edit;
use eoslab::model::explore::{explore_design, DesignReport, Options};
use eoslab::model::presets;
use eoslab::model::search::{placed, Cell, CellOutcome, Search};
use eoslab::model::trace::FaultStatus;
use eoslab::model::{
    simulate, Design, DesignKind, FaultKind, Isolation, Scenario, Verdict, Workload,
};

fn workload(n: u32, kind: DesignKind) -> Scenario {
    Scenario::new("search", Workload::generated(n, 1, 11), Design::new(kind))
}

fn search(sc: &Scenario, kinds: &[FaultKind], depth: usize) -> DesignReport {
    let mut reports = Search::design(sc, kinds, depth).finish().reports();
    reports.pop().expect("one report")
}

/// The verdicts (lost ids, duplicated ids) of `sc` simulated from the start.
fn by_hand(sc: &Scenario) -> (Vec<String>, Vec<String>, bool) {
    let t = simulate(sc);
    let ids = |v: Verdict| {
        t.ledger
            .rows
            .iter()
            .filter(|r| r.verdict == v)
            .map(|r| r.event_id.clone())
            .collect::<Vec<_>>()
    };
    let fired = t.faults.iter().all(|f| matches!(f, FaultStatus::Fired(_)));
    (ids(Verdict::Lost), ids(Verdict::Duplicate), fired)
}

#[test]
fn at_least_once_breaks_with_one_crash_by_duplicating() {
    let sc = workload(3, DesignKind::AtLeastOnce);
    let r = search(&sc, &[FaultKind::Crash], 2);
    assert!(r.broken > 0 && r.tried > r.broken, "{r:?}");
    let b = r.smallest.expect("at-least-once breaks");
    assert_eq!(b.faults.len(), 1, "one crash is enough");
    assert!(b.lost.is_empty());
    assert!(!b.duplicated.is_empty());
    // Placed by hand, the crash duplicates the same events.
    let (lost, dup, fired) = by_hand(&placed(&sc, DesignKind::AtLeastOnce, &b));
    assert!(fired);
    assert_eq!((lost, dup), (b.lost, b.duplicated));
}

#[test]
fn at_most_once_breaks_with_one_crash_by_losing() {
    let sc = workload(3, DesignKind::AtMostOnce);
    let r = search(&sc, &[FaultKind::Crash], 1);
    let b = r.smallest.expect("at-most-once breaks");
    assert_eq!(b.faults.len(), 1);
    assert!(!b.lost.is_empty() && b.duplicated.is_empty());
    assert_eq!(r.duplicating, 0);
}

#[test]
fn transactions_with_read_committed_and_fencing_hold_against_crashes() {
    let sc = workload(3, DesignKind::KafkaTransactions);
    assert_eq!(sc.design.knobs.isolation, Isolation::ReadCommitted);
    assert!(sc.design.knobs.fencing);
    let r = search(&sc, &[FaultKind::Crash], 3);
    assert!(r.tried > 100, "{r:?}");
    assert_eq!(r.broken, 0, "{:?}", r.smallest);
    assert!(r.smallest.is_none());
    // The same design read uncommitted is broken by a crash.
    let mut dirty = sc.clone();
    dirty.design.knobs.isolation = Isolation::ReadUncommitted;
    let r = search(&dirty, &[FaultKind::Crash], 1);
    let b = r.smallest.expect("read_uncommitted shows aborted writes");
    assert!(!b.duplicated.is_empty());
}

/// Each design either breaks (and its smallest placement breaks it when placed by
/// hand) or holds; at-least-once, at-most-once and the external call without a key
/// break with crashes, Kafka transactions and the idempotent sink hold.
#[test]
fn every_breakable_design_is_broken_and_the_rest_hold() {
    for design in DesignKind::ALL {
        let sc = workload(3, design);
        let r = search(&sc, &[FaultKind::Crash], 2);
        assert!(r.tried > 0, "{design}");
        match &r.smallest {
            Some(b) => {
                assert!(r.broken > 0);
                let (lost, dup, fired) = by_hand(&placed(&sc, design, b));
                assert!(fired, "{design}");
                assert_eq!(
                    (lost, dup),
                    (b.lost.clone(), b.duplicated.clone()),
                    "{design}"
                );
            }
            None => assert_eq!(r.broken, 0, "{design}"),
        }
    }
    let breaks = |d| search(&workload(3, d), &[FaultKind::Crash], 1).broken > 0;
    assert!(breaks(DesignKind::AtLeastOnce));
    assert!(breaks(DesignKind::AtMostOnce));
    assert!(breaks(DesignKind::TransactionsExternal));
    assert!(!breaks(DesignKind::KafkaTransactions));
    assert!(!breaks(DesignKind::IdempotentSink));
}

/// The smallest placement is the earliest: no single fault at an earlier gap of the
/// fault-free run breaks the design.
#[test]
fn the_smallest_is_the_earliest_breaking_single_fault() {
    let sc = workload(3, DesignKind::AtLeastOnce);
    let b = search(&sc, &[FaultKind::Crash], 2)
        .smallest
        .expect("breaks");
    let t = simulate(&sc);
    let mut earlier_ok = 0;
    for i in 0..t.steps.len() {
        let mut one = sc.clone();
        one.faults.clear();
        let Ok(at) = edit::can_place(&one, &t, i, FaultKind::Crash) else {
            continue;
        };
        if at == b.faults[0].at {
            break;
        }
        one.faults
            .push(eoslab::model::Fault::new(FaultKind::Crash, at));
        assert!(
            simulate(&one).ledger.all_ok(),
            "an earlier crash after step {i} breaks it"
        );
        earlier_ok += 1;
    }
    assert!(
        earlier_ok > 0,
        "the first breaking crash is not the first gap"
    );
}

const KINDS: [FaultKind; 3] = [FaultKind::Crash, FaultKind::LostAck, FaultKind::Zombie];

fn matrix(sc: &Scenario, depth: usize) -> Vec<Cell> {
    Search::matrix(sc, &KINDS, depth).finish().cells()
}

/// Every cell's counterexample, placed by hand, gives the cell's verdict; every
/// "holds" cell has no single fault that breaks it when each gap is tried by hand.
#[test]
fn the_matrix_agrees_with_placing_each_fault_by_hand() {
    let sc = presets::find("lost-ack").expect("preset").scenario;
    let mut sc = sc.clone();
    sc.workload.events.truncate(3);
    let cells = matrix(&sc, 1);
    assert_eq!(cells.len(), DesignKind::ALL.len() * KINDS.len());
    let mut broken = 0;
    for c in &cells {
        let mut run = sc.clone();
        run.design.kind = c.design;
        run.faults.clear();
        let t = simulate(&run);
        // By hand: every single fault of this kind, after every step.
        let mut tried = 0;
        let mut breaking = 0;
        for i in 0..t.steps.len() {
            let mut one = run.clone();
            if edit::place(&mut one, &t, i, c.kind).is_err() {
                continue;
            }
            let (lost, dup, fired) = by_hand(&one);
            if !fired {
                continue;
            }
            tried += 1;
            breaking += usize::from(!lost.is_empty() || !dup.is_empty());
        }
        assert_eq!(
            (c.tried, c.broken),
            (tried, breaking),
            "{} × {:?}",
            c.design,
            c.kind
        );
        match (&c.smallest, c.outcome) {
            (Some(b), CellOutcome::Lost | CellOutcome::Duplicate) => {
                broken += 1;
                let (lost, dup, fired) = by_hand(&placed(&sc, c.design, b));
                assert!(fired);
                assert_eq!(c.outcome == CellOutcome::Lost, !lost.is_empty());
                assert_eq!((lost, dup), (b.lost.clone(), b.duplicated.clone()));
            }
            (None, CellOutcome::Holds) => assert!(c.tried > 0 && c.broken == 0),
            (None, CellOutcome::DoesNotApply) => assert_eq!(c.tried, 0),
            other => panic!("{} × {:?}: {other:?}", c.design, c.kind),
        }
    }
    assert!(broken >= 3, "{broken} broken cells");
    // A lost ack under at-least-once: the retried send is written twice.
    let c = cells
        .iter()
        .find(|c| c.design == DesignKind::AtLeastOnce && c.kind == FaultKind::LostAck)
        .expect("cell");
    assert_eq!(c.outcome, CellOutcome::Duplicate);
}

/// A cell is the search of its design with its one fault kind.
#[test]
fn a_matrix_cell_is_the_search_of_its_design_and_kind() {
    let sc = workload(3, DesignKind::AtLeastOnce);
    for c in matrix(&sc, 2) {
        let opts = Options {
            max_faults: 2,
            kinds: vec![c.kind],
            design: Some(c.design),
        };
        let r = explore_design(&sc, c.design, &opts);
        assert_eq!(
            (c.tried, c.broken, c.smallest),
            (r.tried, r.broken, r.smallest)
        );
    }
}

/// Slices of any size give the result of one go, for one design and for the matrix,
/// and progress only grows.
#[test]
fn slicing_gives_the_same_result_as_one_go() {
    let sc = workload(3, DesignKind::TransactionsExternal);
    let kinds = [FaultKind::Crash, FaultKind::LostAck];
    let whole = Search::design(&sc, &kinds, 2).finish();
    let whole_matrix = Search::matrix(&sc, &kinds, 1).finish();
    for budget in [1, 7, 100] {
        let mut s = Search::design(&sc, &kinds, 2);
        let mut last = s.progress();
        while !last.done {
            let p = s.step(budget);
            assert!(p.tried >= last.tried && p.searched > last.searched && p.broke >= last.broke);
            last = p;
        }
        assert_eq!(s.reports(), whole.reports(), "budget {budget}");
        assert_eq!(last, whole.progress());
        let mut m = Search::matrix(&sc, &kinds, 1);
        while !m.step(budget).done {}
        assert_eq!(m.cells(), whole_matrix.cells(), "budget {budget}");
    }
}

/// The slices agree with the all-designs explore of the command-line tool.
#[test]
fn every_design_in_slices_is_explore() {
    let sc = workload(4, DesignKind::AtLeastOnce);
    let mut s = Search::every_design(&sc, &[FaultKind::Crash], 2);
    while !s.step(50).done {}
    let all = eoslab::model::explore::explore(&sc, &Options::default());
    assert_eq!(s.reports(), all);
}
