//! `eoslab`: the instructors' command-line tool. Runs a scenario file and prints its
//! trace and ledger, checks scenario files against the outcome they expect, searches
//! every fault placement that breaks a design, and lists and prints the presets.
//! Native only: on wasm32 (where `cargo build --all-targets` also compiles it) the
//! crate is empty and clap is not a dependency.
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

mod check;
mod explore_report;
mod run_report;

use clap::builder::{PossibleValuesParser, RangedU64ValueParser, TypedValueParser};
use clap::{Parser, Subcommand};
use eoslab::model::explore::{self, Options};
use eoslab::model::presets;
use eoslab::model::scenario::{DesignKind, FaultKind, Scenario, StepKind};
use eoslab::model::simulate;
use eoslab::model::trace::{FaultStatus, Trace};
use serde::Serialize;
use std::io::{Read, Write};

/// The usage lines shown in `--help` and beside every command-line error.
const USAGE: &str = "\
eoslab run FILE [--text]
       eoslab check FILE...
       eoslab explore FILE [--max-faults N] [--faults KIND,...] [--design SLUG] [--text]
       eoslab presets [--text]
       eoslab preset NAME";

/// What `--help` prints after the list of commands.
const AFTER_HELP: &str = "\
FILE is a scenario file (see docs/scenario-format.md), or - for standard input.
--text prints a readable report instead of JSON.

Designs: at-most-once, at-least-once, idempotent-sink, dedup-store,
    kafka-transactions, transactions-external, two-phase-commit, outbox,
    downstream-dedup
Fault kinds: crash, lost-ack, zombie, rebalance, timeout, relay-crash, time-passes

Exit status:
    0 success; 1 the scenario is invalid (the message names the field), or for
    `check`, a file is invalid or its run differs from what it expects;
    2 the command line is wrong.";

/// The most faults `explore` places at once (the search grows with the power).
const MAX_EXPLORE_FAULTS: u64 = 3;

/// EOS Lab for instructors: run scenarios, check them, find what breaks a design.
#[derive(Debug, Parser)]
#[command(
    name = "eoslab",
    override_usage = USAGE,
    after_help = AFTER_HELP,
    arg_required_else_help = false
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Simulate the scenario and print its trace, faults, ledger and totals (JSON).
    Run {
        /// The scenario file, or - for standard input.
        #[arg(value_name = "FILE")]
        file: String,
        /// Print a readable report instead of JSON.
        #[arg(long)]
        text: bool,
    },
    /// Run each file and compare the run with the outcome the file expects.
    ///
    /// A scenario file states the outcome it expects in its `expect` section (see
    /// docs/scenario-format.md). Prints `ok FILE` for a file whose run is as expected,
    /// or one `FILE: …` line per mismatch or for a file that cannot be run; exits 1 if
    /// any file does not check out.
    Check {
        /// Scenario files (- for standard input).
        #[arg(value_name = "FILE", required = true)]
        files: Vec<String>,
    },
    /// Find the fault placements that break each design.
    ///
    /// Tries every placement of up to N faults of the given kinds on the scenario's
    /// workload and knobs, for every design (or one), and prints how many placements
    /// break each design and the smallest. The file's own faults are ignored.
    Explore {
        /// The scenario file, or - for standard input.
        #[arg(value_name = "FILE")]
        file: String,
        /// The most faults in one placement (0 to 3).
        #[arg(long, value_name = "N", default_value_t = 2,
              value_parser = RangedU64ValueParser::<usize>::new().range(0..=MAX_EXPLORE_FAULTS))]
        max_faults: usize,
        /// The fault kinds to place, separated by commas.
        #[arg(long, value_name = "KIND,...", value_delimiter = ',', default_value = "crash",
              value_parser = fault_kind())]
        faults: Vec<FaultKind>,
        /// Search this design only.
        #[arg(long, value_name = "SLUG", value_parser = design_kind())]
        design: Option<DesignKind>,
        /// Print a readable report instead of JSON.
        #[arg(long)]
        text: bool,
    },
    /// List the presets.
    Presets {
        /// Print a readable list instead of JSON.
        #[arg(long)]
        text: bool,
    },
    /// Print the preset's scenario file (save it, edit it, run it).
    Preset {
        /// The preset's slug (`eoslab presets` lists them).
        #[arg(value_name = "NAME")]
        name: String,
    },
}

/// A design given by its slug.
fn design_kind() -> impl TypedValueParser<Value = DesignKind> {
    PossibleValuesParser::new(DesignKind::ALL.map(DesignKind::slug))
        .try_map(|s| DesignKind::from_slug(&s).ok_or(format!("unknown design `{s}`")))
}

/// A fault kind given by its slug.
fn fault_kind() -> impl TypedValueParser<Value = FaultKind> {
    PossibleValuesParser::new(FaultKind::ALL.map(FaultKind::slug))
        .try_map(|s| FaultKind::from_slug(&s).ok_or(format!("unknown fault kind `{s}`")))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let code = match cli(&args) {
        Ok(done) => {
            for w in &done.warnings {
                let _ = writeln!(std::io::stderr(), "eoslab: {w}");
            }
            let mut out = std::io::stdout().lock();
            // A closed pipe (`eoslab run f | head`) is not an error worth a panic.
            let _ = out
                .write_all(done.out.as_bytes())
                .and_then(|()| out.flush());
            done.code
        }
        Err(Failure::Usage(e)) => {
            // Help goes to standard output with status 0, errors to standard error.
            let _ = e.print();
            e.exit_code()
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "eoslab: {}", e.message());
            e.code()
        }
    };
    std::process::exit(code);
}

/// What a command printed: its output, warnings for standard error, and its status.
#[derive(Debug)]
struct Done {
    out: String,
    warnings: Vec<String>,
    code: i32,
}

impl Done {
    fn ok(out: String) -> Done {
        Done {
            out,
            warnings: Vec::new(),
            code: 0,
        }
    }
}

/// Why a command failed.
#[derive(Debug)]
enum Failure {
    /// The command line is wrong (exit 2), or help was asked for (exit 0).
    Usage(clap::Error),
    /// A name given on the command line does not exist (exit 2).
    Unknown(String),
    /// The input is wrong: a field and what is wrong with it (exit 1).
    Input { field: String, message: String },
}

impl Failure {
    fn message(&self) -> String {
        match self {
            Failure::Usage(e) => e.to_string(),
            Failure::Unknown(m) => m.clone(),
            Failure::Input { field, message } => format!("{field}: {message}"),
        }
    }

    fn code(&self) -> i32 {
        match self {
            Failure::Usage(e) => e.exit_code(),
            Failure::Unknown(_) => 2,
            Failure::Input { .. } => 1,
        }
    }
}

fn input(field: impl Into<String>, message: impl Into<String>) -> Failure {
    Failure::Input {
        field: field.into(),
        message: message.into(),
    }
}

/// Parses the command line (program name first) and runs it.
fn cli(args: &[String]) -> Result<Done, Failure> {
    let parsed = Cli::try_parse_from(args).map_err(Failure::Usage)?;
    execute(parsed.command)
}

/// Runs one command.
fn execute(command: Command) -> Result<Done, Failure> {
    match command {
        Command::Run { file, text } => {
            let sc = load(&file)?;
            let trace = checked_run(&sc)?;
            let out = if text {
                run_report::text(&sc, &trace)
            } else {
                run_report::json(&sc, &trace)
            };
            let mut done = Done::ok(out);
            if !finished(&trace) {
                done.warnings.push(format!("warning: {UNFINISHED}"));
            }
            Ok(done)
        }
        Command::Check { files } => Ok(check::check(&files)),
        Command::Explore {
            file,
            max_faults,
            faults,
            design,
            text,
        } => {
            let sc = load(&file)?;
            let opts = Options {
                max_faults,
                kinds: faults,
                design,
            };
            let reports = explore::explore(&sc, &opts);
            Ok(Done::ok(if text {
                explore_report::text(&sc, &opts, &reports)
            } else {
                explore_report::json(&sc, &opts, &reports)
            }))
        }
        Command::Presets { text } => Ok(Done::ok(presets_list(text))),
        Command::Preset { name } => {
            let p = presets::find(&name).ok_or_else(|| {
                Failure::Unknown(format!(
                    "preset: no preset `{name}` (`eoslab presets` lists them)"
                ))
            })?;
            let mut s = p.scenario.to_json();
            s.push('\n');
            Ok(Done::ok(s))
        }
    }
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

fn presets_list(text: bool) -> String {
    let all = presets::all();
    if text {
        let width = all.iter().map(|p| p.slug.len()).max().unwrap_or(0);
        return all
            .iter()
            .map(|p| format!("{:<width$}  {}\n", p.slug, p.title))
            .collect();
    }
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

/// Reads and parses a scenario file (`-`: standard input).
fn load(path: &str) -> Result<Scenario, Failure> {
    // Read one byte past the limit, so an oversized file is refused without being
    // read whole.
    let max = eoslab::model::limits::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    let read = if path == "-" {
        std::io::stdin()
            .take(max as u64 + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(max as u64 + 1).read_to_end(&mut bytes))
    };
    let what = if path == "-" {
        "standard input".to_string()
    } else {
        format!("`{path}`")
    };
    read.map_err(|e| input("FILE", format!("cannot read {what}: {e}")))?;
    if bytes.len() > max {
        return Err(input(
            "FILE",
            format!("{what} has more than {max} bytes, the most a scenario file may have"),
        ));
    }
    let text =
        String::from_utf8(bytes).map_err(|_| input("FILE", format!("{what} is not UTF-8 text")))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        std::iter::once("eoslab")
            .chain(s.split_whitespace())
            .map(str::to_string)
            .collect()
    }

    fn parse(s: &str) -> Command {
        Cli::try_parse_from(args(s))
            .unwrap_or_else(|e| panic!("{s}: {e}"))
            .command
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn options_take_values_in_either_form() {
        let Command::Explore {
            file,
            max_faults,
            faults,
            design,
            text,
        } = parse("explore f.json --max-faults=1 --design outbox --faults lost-ack,crash")
        else {
            panic!("not explore");
        };
        assert_eq!(file, "f.json");
        assert_eq!(max_faults, 1);
        assert_eq!(faults, [FaultKind::LostAck, FaultKind::Crash]);
        assert_eq!(design, Some(DesignKind::Outbox));
        assert!(!text);
        // The defaults: two faults, crashes, every design.
        let Command::Explore {
            max_faults,
            faults,
            design,
            ..
        } = parse("explore - --text")
        else {
            panic!("not explore");
        };
        assert_eq!(
            (max_faults, faults, design),
            (2, vec![FaultKind::Crash], None)
        );
    }

    #[test]
    fn usage_errors_name_the_option() {
        let e = cli(&args("explore f.json --design nope")).unwrap_err();
        assert_eq!(e.code(), 2);
        assert!(e.message().contains("--design"), "{}", e.message());
        let e = cli(&args("explore f.json --faults crash,meteor")).unwrap_err();
        assert!(e.message().contains("meteor"), "{}", e.message());
        let e = cli(&args("explore f.json --max-faults 4")).unwrap_err();
        assert!(e.message().contains("--max-faults"), "{}", e.message());
        let e = cli(&args("run")).unwrap_err();
        assert_eq!(e.code(), 2);
        let e = cli(&args("check")).unwrap_err();
        assert_eq!(e.code(), 2);
        let e = cli(&args("frobnicate")).unwrap_err();
        assert!(e.message().contains("frobnicate"));
        assert!(cli(&args("")).is_err());
        // Help is not an error: it exits 0.
        assert_eq!(cli(&args("--help")).unwrap_err().code(), 0);
    }

    #[test]
    fn every_preset_prints_a_file_that_runs() {
        for p in presets::all() {
            let file = cli(&args(&format!("preset {}", p.slug))).unwrap().out;
            let sc = Scenario::from_json(&file).unwrap();
            assert_eq!(sc, p.scenario, "{}", p.slug);
            let trace = checked_run(&sc).unwrap_or_else(|e| panic!("{}: {e:?}", p.slug));
            let v: serde_json::Value =
                serde_json::from_str(&run_report::json(&sc, &trace)).unwrap();
            assert!(v["ledger"].is_array());
        }
    }
}
