//! `eoslab`: the instructors' command-line tool. Runs a scenario file and prints its
//! trace and ledger, searches every fault placement that breaks a design, and lists
//! and prints the presets. No dependency beyond the model's own.

use eoslab::model::explain;
use eoslab::model::explore::{self, DesignReport, Options};
use eoslab::model::ledger::LedgerRow;
use eoslab::model::presets;
use eoslab::model::scenario::{Anchor, DesignKind, Fault, FaultKind, Knobs, Scenario, StepKind};
use eoslab::model::simulate;
use eoslab::model::trace::{Actor, FaultStatus, Outcome, Step, Trace};
use serde::Serialize;
use std::io::{Read, Write};

const HELP: &str = "\
eoslab - EOS Lab for instructors: run scenarios, find what breaks a design

USAGE:
    eoslab run FILE [--text]
        Simulate the scenario and print its trace, faults, ledger and totals (JSON).
    eoslab explore FILE [--max-faults N] [--faults KIND,...] [--design SLUG] [--text]
        Try every placement of up to N faults (default 2, at most 3) of the given
        kinds (default crash) on the scenario's workload and knobs, for every design
        (or one), and print how many placements break each design and the smallest.
        The file's own faults are ignored.
    eoslab presets [--text]
        List the presets.
    eoslab preset NAME
        Print the preset's scenario file (save it, edit it, run it).
    eoslab --help

FILE is a scenario file (see docs/scenario-format.md), or - for standard input.
--text prints a readable report instead of JSON.

Designs: at-most-once, at-least-once, idempotent-sink, dedup-store,
    kafka-transactions, transactions-external, two-phase-commit, outbox,
    downstream-dedup
Fault kinds: crash, lost-ack, zombie, rebalance, timeout, relay-crash, time-passes

EXIT STATUS:
    0 success; 1 the scenario is invalid (the message names the field);
    2 the command line is wrong.
";

/// The most faults `explore` places at once (the search grows with the power).
const MAX_EXPLORE_FAULTS: usize = 3;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match cli(&args) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`eoslab run f | head`) is not an error worth a panic.
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            0
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "eoslab: {}", e.message());
            e.code()
        }
    };
    std::process::exit(code);
}

/// Why a command failed.
#[derive(Debug)]
enum Failure {
    /// The command line is wrong (exit 2).
    Usage(String),
    /// The input is wrong: a field and what is wrong with it (exit 1).
    Input { field: String, message: String },
}

impl Failure {
    fn message(&self) -> String {
        match self {
            Failure::Usage(m) => format!("{m}\nTry `eoslab --help`."),
            Failure::Input { field, message } => format!("{field}: {message}"),
        }
    }

    fn code(&self) -> i32 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Input { .. } => 1,
        }
    }
}

fn usage(m: impl Into<String>) -> Failure {
    Failure::Usage(m.into())
}

fn input(field: impl Into<String>, message: impl Into<String>) -> Failure {
    Failure::Input {
        field: field.into(),
        message: message.into(),
    }
}

/// Runs the command line and returns what to print.
fn cli(args: &[String]) -> Result<String, Failure> {
    let Some((cmd, rest)) = args.split_first() else {
        return Err(usage("no command given"));
    };
    if args.iter().any(|a| a == "--help" || a == "-h") || cmd == "help" {
        return Ok(HELP.to_string());
    }
    let mut a = Args::parse(rest);
    let text = a.flag("--text");
    let out = match cmd.as_str() {
        "run" => {
            let file = a.file()?;
            a.done()?;
            let sc = load(&file)?;
            let trace = checked_run(&sc)?;
            if !finished(&trace) {
                let _ = writeln!(std::io::stderr(), "eoslab: warning: {}", UNFINISHED);
            }
            if text {
                run_text(&sc, &trace)
            } else {
                run_json(&sc, &trace)
            }
        }
        "explore" => {
            let max = match a.value("--max-faults")? {
                None => 2,
                Some(v) => match v.parse::<usize>() {
                    Ok(n) if n <= MAX_EXPLORE_FAULTS => n,
                    _ => {
                        return Err(usage(format!(
                            "--max-faults: `{v}` is not a number from 0 to {MAX_EXPLORE_FAULTS}"
                        )))
                    }
                },
            };
            let kinds = match a.value("--faults")? {
                None => vec![FaultKind::Crash],
                Some(v) => parse_kinds(&v)?,
            };
            let design = match a.value("--design")? {
                None => None,
                Some(v) => Some(DesignKind::from_slug(&v).ok_or_else(|| {
                    usage(format!(
                        "--design: unknown design `{v}` (one of {})",
                        DesignKind::ALL.map(DesignKind::slug).join(", ")
                    ))
                })?),
            };
            let file = a.file()?;
            a.done()?;
            let sc = load(&file)?;
            let opts = Options {
                max_faults: max,
                kinds,
                design,
            };
            let reports = explore::explore(&sc, &opts);
            if text {
                explore_text(&sc, &opts, &reports)
            } else {
                explore_json(&sc, &opts, &reports)
            }
        }
        "presets" => {
            a.done()?;
            let all = presets::all();
            if text {
                let width = all.iter().map(|p| p.slug.len()).max().unwrap_or(0);
                all.iter()
                    .map(|p| format!("{:<width$}  {}\n", p.slug, p.title))
                    .collect()
            } else {
                let list: Vec<PresetOut> = all
                    .iter()
                    .map(|p| PresetOut {
                        slug: p.slug,
                        title: p.title,
                        lesson: p.lesson,
                        source: p.source,
                        design: p.scenario.design.kind.slug(),
                        faults: p.scenario.faults.len(),
                    })
                    .collect();
                pretty(&list)
            }
        }
        "preset" => {
            let name = a.positional().ok_or_else(|| usage("preset: which one?"))?;
            a.done()?;
            let p = presets::find(&name).ok_or_else(|| {
                usage(format!(
                    "preset: no preset `{name}` (`eoslab presets` lists them)"
                ))
            })?;
            let mut s = p.scenario.to_json();
            s.push('\n');
            s
        }
        other => return Err(usage(format!("unknown command `{other}`"))),
    };
    Ok(out)
}

#[derive(Serialize)]
struct PresetOut {
    slug: &'static str,
    title: &'static str,
    lesson: &'static str,
    source: &'static str,
    design: &'static str,
    faults: usize,
}

/// The arguments after the command: options and positionals, taken one by one.
struct Args {
    items: Vec<String>,
}

impl Args {
    fn parse(rest: &[String]) -> Args {
        let mut items = Vec::new();
        for a in rest {
            // `--opt=value` is the same as `--opt value`.
            match a.split_once('=') {
                Some((k, v)) if k.starts_with("--") => {
                    items.push(k.to_string());
                    items.push(v.to_string());
                }
                _ => items.push(a.clone()),
            }
        }
        Args { items }
    }

    fn flag(&mut self, name: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|a| a != name);
        self.items.len() != before
    }

    fn value(&mut self, name: &str) -> Result<Option<String>, Failure> {
        let Some(i) = self.items.iter().position(|a| a == name) else {
            return Ok(None);
        };
        if i + 1 >= self.items.len() {
            return Err(usage(format!("{name} needs a value")));
        }
        let v = self.items.remove(i + 1);
        self.items.remove(i);
        Ok(Some(v))
    }

    fn positional(&mut self) -> Option<String> {
        let i = self
            .items
            .iter()
            .position(|a| a == "-" || !a.starts_with('-'))?;
        Some(self.items.remove(i))
    }

    fn file(&mut self) -> Result<String, Failure> {
        self.positional()
            .ok_or_else(|| usage("which scenario file? (give a FILE, or - for stdin)"))
    }

    fn done(&self) -> Result<(), Failure> {
        match self.items.first() {
            None => Ok(()),
            Some(a) if a.starts_with("--") => Err(usage(format!("unknown option `{a}`"))),
            Some(a) => Err(usage(format!("unexpected argument `{a}`"))),
        }
    }
}

fn parse_kinds(v: &str) -> Result<Vec<FaultKind>, Failure> {
    let kinds = v
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            FaultKind::from_slug(s).ok_or_else(|| {
                usage(format!(
                    "--faults: unknown fault kind `{s}` (one of {})",
                    FaultKind::ALL.map(FaultKind::slug).join(", ")
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if kinds.is_empty() {
        return Err(usage("--faults: name at least one fault kind"));
    }
    Ok(kinds)
}

/// Reads and parses a scenario file (`-`: standard input).
fn load(path: &str) -> Result<Scenario, Failure> {
    let text = if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| input("FILE", format!("cannot read standard input: {e}")))?;
        s
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| input("FILE", format!("cannot read `{path}`: {e}")))?
    };
    Scenario::from_json(&text).map_err(|e| input(e.field, e.message))
}

const UNFINISHED: &str = "the run stopped at its step budget before the downstream \
    reader read anything: it never finishes (does every transaction time out before it \
    commits?), and the ledger counts where it stopped";

/// Whether the run got to the end: the downstream merge job or reader ran (only
/// once nothing else is left to do).
fn finished(trace: &Trace) -> bool {
    trace
        .steps
        .iter()
        .any(|s| matches!(s.kind, StepKind::Read | StepKind::Merge))
}

/// Simulates `sc` and refuses a fault whose point never happens or does not fit.
fn checked_run(sc: &Scenario) -> Result<Trace, Failure> {
    let trace = simulate(sc);
    for (i, (status, fault)) in trace.faults.iter().zip(&sc.faults).enumerate() {
        let at = explore::describe(std::slice::from_ref(fault));
        match status {
            FaultStatus::Fired(_) => {}
            FaultStatus::NotReached => {
                return Err(input(
                    format!("faults[{i}].at"),
                    format!("the run never reaches this point ({at})"),
                ))
            }
            FaultStatus::DoesNotFit(_, why) => {
                return Err(input(
                    format!("faults[{i}].at"),
                    format!("the fault does not fit there ({at}): {why}"),
                ))
            }
        }
    }
    Ok(trace)
}

fn pretty(v: &impl Serialize) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// `InputTopic` → `input-topic`.
fn kebab(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn actor(a: Actor) -> String {
    kebab(&format!("{a:?}"))
}

fn event_id(sc: &Scenario, e: Option<u32>) -> Option<String> {
    e.and_then(|e| sc.workload.events.get(e as usize))
        .map(|e| e.id.clone())
}

fn outcome(o: Outcome) -> (&'static str, Option<String>) {
    match o {
        Outcome::Applied => ("applied", None),
        Outcome::NoOp(w) => ("no-op", Some(kebab(&format!("{w:?}")))),
        Outcome::Refused(w) => ("refused", Some(kebab(&format!("{w:?}")))),
    }
}

// The JSON printed by `run`, field order as written here.

#[derive(Serialize)]
struct RunOut<'a> {
    scenario: ScenarioOut<'a>,
    trace: Vec<StepOut>,
    faults: Vec<FaultOut<'a>>,
    ledger: &'a [LedgerRow],
    totals: Totals,
    outcome: String,
    finished: bool,
}

#[derive(Serialize)]
struct ScenarioOut<'a> {
    title: &'a str,
    design: &'static str,
    design_title: &'static str,
    events: usize,
    partitions: u32,
    knobs: &'a Knobs,
}

#[derive(Serialize)]
struct StepOut {
    index: usize,
    kind: String,
    from: String,
    to: String,
    event: Option<String>,
    nth: u32,
    instance: u32,
    delivery: u32,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<String>,
    cause: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<u64>,
    partition: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    txn: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fault: Option<u16>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    zombie: bool,
    clock_ms: u64,
    label: String,
    narration: String,
}

#[derive(Serialize)]
struct FaultOut<'a> {
    index: usize,
    kind: &'static str,
    at: &'a Anchor,
    #[serde(skip_serializing_if = "Option::is_none")]
    ms: Option<u64>,
    status: &'static str,
    step: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
}

#[derive(Serialize)]
struct Totals {
    expected: i64,
    actual: i64,
    state: i64,
}

fn step_out(sc: &Scenario, i: usize, s: &Step) -> StepOut {
    let (out, why) = outcome(s.outcome);
    StepOut {
        index: i,
        kind: s.kind.slug(),
        from: actor(s.from),
        to: actor(s.to),
        event: event_id(sc, s.event),
        nth: s.nth,
        instance: s.attempt.instance,
        delivery: s.attempt.delivery,
        outcome: out,
        why,
        cause: s.cause,
        offset: s.offset,
        partition: s.partition,
        txn: s.txn,
        fault: s.fault,
        zombie: s.zombie,
        clock_ms: s.clock_ms,
        label: explain::label(sc, s),
        narration: explain::narrate(sc, s),
    }
}

fn fault_out<'a>(sc: &'a Scenario, trace: &Trace, i: usize) -> FaultOut<'a> {
    let f = &sc.faults[i];
    let (status, step, reason) = match trace.faults.get(i) {
        Some(FaultStatus::Fired(s)) => ("fired", Some(*s), None),
        Some(FaultStatus::DoesNotFit(s, why)) => ("does-not-fit", Some(*s), Some(*why)),
        Some(FaultStatus::NotReached) | None => ("not-reached", None, None),
    };
    FaultOut {
        index: i,
        kind: f.kind.slug(),
        at: &f.at,
        ms: f.ms,
        status,
        step,
        reason,
    }
}

fn run_json(sc: &Scenario, trace: &Trace) -> String {
    let l = &trace.ledger;
    let out = RunOut {
        scenario: ScenarioOut {
            title: &sc.title,
            design: sc.design.kind.slug(),
            design_title: sc.design.kind.title(),
            events: sc.workload.events.len(),
            partitions: sc.workload.partitions,
            knobs: &sc.design.knobs,
        },
        trace: trace
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| step_out(sc, i, s))
            .collect(),
        faults: (0..sc.faults.len())
            .map(|i| fault_out(sc, trace, i))
            .collect(),
        ledger: &l.rows,
        totals: Totals {
            expected: l.expected_total,
            actual: l.actual_total,
            state: l.state_total,
        },
        outcome: explain::outcome(sc, trace),
        finished: finished(trace),
    };
    pretty(&out)
}

fn run_text(sc: &Scenario, trace: &Trace) -> String {
    let mut s = String::new();
    let title = if sc.title.is_empty() {
        "(untitled)"
    } else {
        &sc.title
    };
    s.push_str(&format!("{title} — {}\n\n", sc.design.kind.title()));
    for (i, st) in trace.steps.iter().enumerate() {
        let marker = if st.kind == StepKind::Fault {
            "!!"
        } else {
            "  "
        };
        s.push_str(&format!(
            "{marker}{i:>4}  {:<14} {}\n",
            st.kind.slug(),
            explain::label(sc, st)
        ));
    }
    s.push_str("\nLedger\n");
    let width = trace
        .ledger
        .rows
        .iter()
        .map(|r| r.event_id.len())
        .max()
        .unwrap_or(0)
        .max(5);
    s.push_str(&format!("  {:<width$}  effects  state  verdict\n", "event"));
    for r in &trace.ledger.rows {
        s.push_str(&format!(
            "  {:<width$}  {:>7}  {:>5}  {} {}\n",
            r.event_id,
            r.effects,
            r.state,
            r.verdict.icon(),
            r.verdict.word()
        ));
    }
    let l = &trace.ledger;
    s.push_str(&format!(
        "\nTotals: expected {}, reader {}, state store {}\n",
        l.expected_total, l.actual_total, l.state_total
    ));
    s.push_str(&format!("\n{}\n", explain::outcome(sc, trace)));
    if !finished(trace) {
        s.push_str(&format!("\nWarning: {UNFINISHED}.\n"));
    }
    s
}

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

fn design_out(r: &DesignReport) -> DesignOut<'_> {
    DesignOut {
        design: r.design.slug(),
        title: r.design.title(),
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

fn explore_json(sc: &Scenario, opts: &Options, reports: &[DesignReport]) -> String {
    pretty(&ExploreOut {
        scenario: ExploreScenario {
            title: &sc.title,
            events: sc.workload.events.len(),
            partitions: sc.workload.partitions,
        },
        max_faults: opts.max_faults,
        fault_kinds: opts.kinds.iter().map(|k| k.slug()).collect(),
        designs: reports.iter().map(design_out).collect(),
    })
}

fn explore_text(sc: &Scenario, opts: &Options, reports: &[DesignReport]) -> String {
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
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn kebab_cases_debug_names() {
        assert_eq!(kebab("InputTopic"), "input-topic");
        assert_eq!(kebab("DuplicateSequence"), "duplicate-sequence");
    }

    #[test]
    fn options_take_values_in_either_form() {
        let mut a = Args::parse(&args("f.json --max-faults=1 --design outbox"));
        assert_eq!(a.value("--max-faults").unwrap().as_deref(), Some("1"));
        assert_eq!(a.value("--design").unwrap().as_deref(), Some("outbox"));
        assert_eq!(a.file().unwrap(), "f.json");
        assert!(a.done().is_ok());
    }

    #[test]
    fn usage_errors_name_the_option() {
        let e = cli(&args("explore f.json --design nope")).unwrap_err();
        assert_eq!(e.code(), 2);
        assert!(e.message().contains("--design"), "{}", e.message());
        let e = cli(&args("explore f.json --faults crash,meteor")).unwrap_err();
        assert!(e.message().contains("meteor"), "{}", e.message());
        let e = cli(&args("run")).unwrap_err();
        assert_eq!(e.code(), 2);
        let e = cli(&args("frobnicate")).unwrap_err();
        assert!(e.message().contains("frobnicate"));
        assert!(cli(&[]).is_err());
    }

    #[test]
    fn every_preset_prints_a_file_that_runs() {
        for p in presets::all() {
            let file = cli(&args(&format!("preset {}", p.slug))).unwrap();
            let sc = Scenario::from_json(&file).unwrap();
            assert_eq!(sc, p.scenario, "{}", p.slug);
            let trace = checked_run(&sc).unwrap_or_else(|e| panic!("{}: {e:?}", p.slug));
            let v: serde_json::Value = serde_json::from_str(&run_json(&sc, &trace)).unwrap();
            assert!(v["ledger"].is_array());
        }
    }
}
