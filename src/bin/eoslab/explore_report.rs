//! What `eoslab explore` prints: per design, how many placements break it and the
//! smallest one, with what was run (the design plus the knobs that override it).

use super::pretty;
use eoslab::model::explore::{self, DesignReport, Options};
use eoslab::model::scenario::{Design, Fault, Scenario};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct ExploreOut<'a> {
    scenario: ExploreScenario<'a>,
    max_faults: usize,
    fault_kinds: Vec<&'static str>,
    designs: Vec<DesignOut<'a>>,
}

#[derive(Serialize)]
struct ExploreScenario<'a> {
    title: &'a str,
    events: usize,
    partitions: u32,
}

#[derive(Serialize)]
struct DesignOut<'a> {
    design: &'static str,
    title: &'static str,
    /// The title plus the file's knobs that override the design.
    ran: String,
    /// Those knobs: field name → value.
    overriding_knobs: BTreeMap<String, String>,
    tried: usize,
    broken: usize,
    losing: usize,
    duplicating: usize,
    broken_without_faults: bool,
    holds: bool,
    smallest: Option<SmallestOut<'a>>,
    summary: String,
}

#[derive(Serialize)]
struct SmallestOut<'a> {
    faults: &'a [Fault],
    described: String,
    lost: &'a [String],
    duplicated: &'a [String],
}

/// The design as it was run: the kind searched, with the file's knobs.
fn ran(sc: &Scenario, r: &DesignReport) -> Design {
    Design {
        kind: r.design,
        knobs: sc.design.knobs.clone(),
    }
}

fn design_out<'a>(sc: &Scenario, r: &'a DesignReport) -> DesignOut<'a> {
    let design = ran(sc, r);
    DesignOut {
        design: r.design.slug(),
        title: r.design.title(),
        ran: explore::design_label(&design),
        overriding_knobs: explore::overriding_knobs(&design).into_iter().collect(),
        tried: r.tried,
        broken: r.broken,
        losing: r.losing,
        duplicating: r.duplicating,
        broken_without_faults: r.broken_without_faults,
        holds: r.smallest.is_none(),
        smallest: r.smallest.as_ref().map(|b| SmallestOut {
            faults: &b.faults,
            described: explore::describe(&b.faults),
            lost: &b.lost,
            duplicated: &b.duplicated,
        }),
        summary: summary(r),
    }
}

fn summary(r: &DesignReport) -> String {
    match &r.smallest {
        None => format!("holds: none of {} placements loses or duplicates", r.tried),
        Some(b) => {
            let mut what = Vec::new();
            if !b.lost.is_empty() {
                what.push(format!("loses {}", b.lost.join(", ")));
            }
            if !b.duplicated.is_empty() {
                what.push(format!("duplicates {}", b.duplicated.join(", ")));
            }
            format!(
                "breaks in {} of {} placements; smallest: {} → {}",
                r.broken,
                r.tried,
                explore::describe(&b.faults),
                what.join(" and ")
            )
        }
    }
}

/// The search as JSON.
pub fn json(sc: &Scenario, opts: &Options, reports: &[DesignReport]) -> String {
    pretty(&ExploreOut {
        scenario: ExploreScenario {
            title: &sc.title,
            events: sc.workload.events.len(),
            partitions: sc.workload.partitions,
        },
        max_faults: opts.max_faults,
        fault_kinds: opts.kinds.iter().map(|k| k.slug()).collect(),
        designs: reports.iter().map(|r| design_out(sc, r)).collect(),
    })
}

/// The search as a readable report, one design a line; a design run with knobs that
/// override it says so on the line below.
pub fn text(sc: &Scenario, opts: &Options, reports: &[DesignReport]) -> String {
    let kinds: Vec<&str> = opts.kinds.iter().map(|k| k.slug()).collect();
    let mut s = format!(
        "Every placement of up to {} fault(s) of kind {} on {} event(s)\n\n",
        opts.max_faults,
        kinds.join(", "),
        sc.workload.events.len()
    );
    let width = reports
        .iter()
        .map(|r| r.design.slug().len())
        .max()
        .unwrap_or(0);
    for r in reports {
        s.push_str(&format!("{:<width$}  {}\n", r.design.slug(), summary(r)));
        let design = ran(sc, r);
        if !explore::overriding_knobs(&design).is_empty() {
            s.push_str(&format!(
                "{:<width$}  (ran as {})\n",
                "",
                explore::design_label(&design)
            ));
        }
    }
    s
}
