//! The verdict covers every output of a design: each output's counts agree with the
//! final world, the banner names every wrong output and calls the right ones
//! correct, and every wrong count has a chain of steps that explains it. Checked
//! for every preset under every single fault placement.

use eoslab::model::explain::{explain_event, explain_output, outcome, verdict};
use eoslab::model::ledger::{Output, Verdict};
use eoslab::model::trace::FaultStatus;
use eoslab::model::world::OutputEntry;
use eoslab::model::*;

/// Each output's count of event `e`, recounted from the world without the ledger.
fn recount(sc: &Scenario, w: &World, output: Output, e: u32) -> Option<u32> {
    let n = |it: &mut dyn Iterator<Item = u32>| it.filter(|&x| x == e).count() as u32;
    Some(match output {
        Output::StateStore => w.store.count(e),
        Output::Changelog => w.coordinator.committed_store.count(e),
        Output::External => n(&mut w.external.effects.iter().map(|f| f.event)),
        Output::Consumer => n(&mut w.outbox.consumer.applied.iter().map(|a| a.0)),
        Output::OutboxTopic => n(&mut w.output.log.iter().filter_map(|x| match x {
            OutputEntry::Record(r) => Some(r.event),
            OutputEntry::Marker { .. } => None,
        })),
        Output::OutputTopic => n(&mut w
            .output_visible(sc.design.knobs.isolation)
            .into_iter()
            .filter_map(|o| w.output_record(o))
            .map(|r| r.event)),
        Output::RawTable => n(&mut w.sink.rows.iter().flat_map(|r| r.events.iter().copied())),
        Output::Sink if sc.design.kind == DesignKind::DownstreamDedup => return None,
        Output::Sink => n(&mut w.sink.rows.iter().flat_map(|r| r.events.iter().copied())),
    })
}

/// Checks one run; returns what is wrong, if anything.
fn check(sc: &Scenario) -> Result<(), String> {
    let t = simulate(sc);
    let l = &t.ledger;
    let banner = outcome(sc, &t);
    let ctx = || format!("\n{banner}\n{}", sc.to_json());
    if l.exact_everywhere() && !l.all_ok() {
        return Err(format!("exact everywhere but not ok{}", ctx()));
    }
    for r in &l.rows {
        let outs: Vec<Output> = r.outputs.iter().map(|c| c.output).collect();
        let want: Vec<Output> = l.outputs.iter().map(|o| o.output).collect();
        if outs != want {
            return Err(format!("{}: outputs {outs:?} vs {want:?}", r.event_id));
        }
        for c in &r.outputs {
            if let Some(n) = recount(sc, &t.world, c.output, r.event) {
                if n != c.count {
                    return Err(format!(
                        "{} in {:?}: {} vs {n}{}",
                        r.event_id,
                        c.output,
                        c.count,
                        ctx()
                    ));
                }
            }
            if c.output.checked() && c.verdict != Verdict::Ok {
                let x = explain_output(sc, &t, r.event, c.output).ok_or_else(|| {
                    format!("no why for {} in {:?}{}", r.event_id, c.output, ctx())
                })?;
                if !x.sentence.contains(&r.event_id) {
                    return Err(format!("why without the id: {}{}", x.sentence, ctx()));
                }
                if x.steps.windows(2).any(|p| p[0] >= p[1])
                    || x.steps.iter().any(|&i| i >= t.steps.len())
                {
                    return Err(format!("chain {:?} out of order{}", x.steps, ctx()));
                }
                let fired = t.faults.iter().any(|f| matches!(f, FaultStatus::Fired(_)));
                let has_fault = x.steps.iter().any(|&i| t.steps[i].kind == StepKind::Fault);
                if c.verdict == Verdict::Duplicate && fired && !has_fault {
                    return Err(format!(
                        "duplicate chain without its fault: {}{}",
                        x.sentence,
                        ctx()
                    ));
                }
            }
        }
        if !r.exact_everywhere() || r.verdict != Verdict::Ok {
            explain_event(sc, &t, r.event)
                .ok_or_else(|| format!("no why for {}{}", r.event_id, ctx()))?;
        }
    }
    if l.exact_everywhere() {
        if !banner.contains("exactly once") {
            return Err(format!("all exact, banner says otherwise{}", ctx()));
        }
        return Ok(());
    }
    if banner.contains("exactly once") {
        return Err(format!("a wrong output, banner says exactly once{}", ctx()));
    }
    let v = verdict(sc, l);
    let lower = v.to_lowercase();
    for o in &l.outputs {
        let name = o.output.name(sc).to_lowercase();
        if o.wrong() && !lower.contains(&name) {
            return Err(format!("wrong {name} not named: {v}{}", ctx()));
        }
        let correct = o.checked && o.exact() && o.output != Output::Changelog;
        if correct && !lower.contains(&name) {
            return Err(format!("correct {name} not named: {v}{}", ctx()));
        }
    }
    if !banner.starts_with(v.trim_end_matches('.')) {
        return Err(format!("banner does not open with the verdict{}", ctx()));
    }
    Ok(())
}

#[test]
fn every_preset_under_every_single_fault_has_a_verdict_per_output() {
    let mut runs = 0;
    for p in presets::all() {
        let mut base = p.scenario.clone();
        base.faults.clear();
        check(&base).unwrap();
        check(&p.scenario).unwrap();
        let clean = simulate(&base);
        for i in 0..clean.steps.len() {
            for kind in FaultKind::ALL {
                let mut sc = base.clone();
                if edit::place(&mut sc, &clean, i, kind).is_ok() {
                    check(&sc).unwrap();
                    runs += 1;
                }
            }
        }
    }
    eprintln!("{runs} placements");
    assert!(runs > 300, "{runs} placements");
}

#[test]
fn a_verdict_per_output_holds_under_two_faults() {
    let mut rng = scenario::SplitMix64(9);
    let mut runs = 0;
    for p in presets::all() {
        let mut base = p.scenario.clone();
        base.faults.clear();
        let clean = simulate(&base);
        for _ in 0..40 {
            let mut sc = base.clone();
            let pick = |rng: &mut scenario::SplitMix64| {
                let kind = FaultKind::ALL[(rng.next_u64() % FaultKind::ALL.len() as u64) as usize];
                (rng.next_u64() as usize % clean.steps.len(), kind)
            };
            let (i, k) = pick(&mut rng);
            if edit::place(&mut sc, &clean, i, k).is_err() {
                continue;
            }
            let once = simulate(&sc);
            let (j, k) = pick(&mut rng);
            if j < once.steps.len() && edit::place(&mut sc, &once, j, k).is_ok() {
                check(&sc).unwrap();
                runs += 1;
            }
        }
    }
    assert!(runs > 100, "{runs} double placements");
}

fn preset(slug: &str) -> Scenario {
    presets::find(slug)
        .unwrap_or_else(|| panic!("no preset {slug}"))
        .scenario
}

fn why(sc: &Scenario, id: &str) -> (Trace, explain::Explanation) {
    let t = simulate(sc);
    let e = sc.workload.events.iter().position(|x| x.id == id).unwrap() as u32;
    let x = explain_event(sc, &t, e).unwrap_or_else(|| panic!("no why for {id}"));
    (t, x)
}

#[test]
fn a_retried_send_is_blamed_not_a_replay() {
    let (t, x) = why(&preset("lost-ack"), "evt-2");
    assert!(
        x.sentence
            .contains("the producer's retry put a second copy in orders (offset 2)"),
        "{}",
        x.sentence
    );
    assert!(!x.sentence.contains("replayed"), "{}", x.sentence);
    // The chain runs through the retried send that appended the second copy.
    assert!(x
        .steps
        .iter()
        .any(|&i| t.steps[i].kind == StepKind::Send && t.steps[i].attempt.delivery == 2));
}

#[test]
fn a_timed_out_charge_is_called_a_timeout() {
    let (_, x) = why(&preset("payment-timeout-retry"), "order-123");
    assert!(
        x.sentence.starts_with(
            "Charge card happened twice for order-123: the response to “charge card order-123"
        ),
        "{}",
        x.sentence
    );
    assert!(
        x.sentence
            .contains("timed out after the provider had acted"),
        "{}",
        x.sentence
    );
}

#[test]
fn an_expired_key_is_blamed_on_the_provider_forgetting_it() {
    let mut sc = preset("payment-order-123");
    sc.design.knobs.idempotency_key = true;
    sc.design.knobs.key_retention_ms = 60_000;
    sc.design.knobs.restart_ms = 120_000;
    let (_, x) = why(&sc, "order-123");
    assert!(
        x.sentence.contains(
            "The provider had forgotten its idempotency key charge:order-123: it keeps keys for 1 min only"
        ),
        "{}",
        x.sentence
    );
    sc.design.knobs.key_retention_ms = 86_400_000;
    assert!(simulate(&sc).ledger.exact_everywhere());
}

#[test]
fn a_commit_that_is_not_idempotent_is_traced_to_the_re_commit() {
    let mut sc = preset("flink-2pc-recommit");
    sc.design.knobs.idempotent_commit = false;
    sc.faults[0].at.after = StepKind::SinkCommit;
    let (t, x) = why(&sc, "evt-2");
    assert!(
        x.sentence.contains("the restore committed tx-"),
        "{}",
        x.sentence
    );
    assert!(
        x.sentence.contains("again: the commit is not idempotent"),
        "{}",
        x.sentence
    );
    let commits = x
        .steps
        .iter()
        .filter(|&&i| t.steps[i].kind == StepKind::SinkCommit)
        .count();
    assert_eq!(commits, 2, "{:?}", x.steps);
}

#[test]
fn effect_then_record_is_told_apart_from_an_expired_window() {
    let (_, x) = why(&preset("dedup-not-atomic"), "evt-2");
    assert!(
        x.sentence
            .contains("evt-2 had not been recorded as seen yet"),
        "{}",
        x.sentence
    );
    assert!(!x.sentence.contains("window"), "{}", x.sentence);
    let (_, x) = why(&preset("dedup-window"), "evt-1");
    assert!(
        x.sentence
            .contains("The seen-id store had already evicted its id: it keeps ids for 1 h only"),
        "{}",
        x.sentence
    );
}

#[test]
fn a_set_of_a_double_applied_store_is_traced_to_the_store() {
    let mut sc = preset("shopflow-evt-9f3");
    sc.design.knobs.producer_idempotence = false;
    let (t, x) = why(&sc, "evt-9f3");
    assert!(
        x.sentence
            .contains("the producer's retry put a second copy"),
        "{}",
        x.sentence
    );
    assert!(
        x.sentence.contains(
            "The SET took its value from revenue-1m, which the replay had made count evt-9f3 twice"
        ),
        "{}",
        x.sentence
    );
    assert!(
        !x.sentence.contains("rolled the store back"),
        "a copy, not a replay: {}",
        x.sentence
    );
    assert_eq!(t.steps[*x.steps.last().unwrap()].kind, StepKind::SinkWrite);
    let mut replay = preset("db-then-commit");
    replay.design.knobs.sink_write = Some(SinkWrite::SetTotal);
    let (_, x) = why(&replay, "evt-2");
    assert!(
        x.sentence.contains("nothing rolled the store back"),
        "{}",
        x.sentence
    );
}
