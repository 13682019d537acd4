//! The `eoslab` command-line tool, run as a process on scenario files.
#![cfg(not(target_arch = "wasm32"))]

use eoslab::model::presets;
use eoslab::model::scenario::{Anchor, Fault, FaultKind, Scenario, StepKind};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

const BIN: &str = env!("CARGO_BIN_EXE_eoslab");

/// A scenario file in the temp directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(text: &str) -> TempFile {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("eoslab-cli-{}-{n}.json", std::process::id()));
        std::fs::write(&path, text).expect("write temp file");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 temp path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn eoslab(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("run eoslab")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

fn preset_file(slug: &str) -> String {
    presets::find(slug).expect("preset").scenario.to_json()
}

/// Runs `args` and checks it fails with `code` and a message containing `needle`.
fn fails(args: &[&str], code: i32, needle: &str) -> String {
    let o = eoslab(args);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(needle), "{args:?}: `{needle}` not in: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    err
}

#[test]
fn run_prints_trace_faults_ledger_and_totals() {
    let f = TempFile::new(&preset_file("db-then-commit"));
    let o = eoslab(&["run", f.path()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["scenario"]["design"], "at-least-once");
    assert_eq!(v["scenario"]["title"], "Write the row, then commit");
    let trace = v["trace"].as_array().expect("trace array");
    assert!(trace.len() > 10);
    assert_eq!(trace[0]["index"], 0);
    assert_eq!(trace[0]["kind"], "send");
    assert_eq!(trace[0]["from"], "producer");
    assert_eq!(trace[0]["to"], "input-topic");
    assert_eq!(trace[0]["event"], "evt-1");
    assert_eq!(trace[0]["outcome"], "applied");
    assert!(trace.iter().any(|s| s["kind"] == "fault"));
    assert!(trace.iter().any(|s| s["cause"].is_u64()));
    let faults = v["faults"].as_array().expect("faults array");
    assert_eq!(faults.len(), 1);
    assert_eq!(faults[0]["kind"], "crash");
    assert_eq!(faults[0]["status"], "fired");
    assert_eq!(faults[0]["at"]["after"], "sink-write");
    let ledger = v["ledger"].as_array().expect("ledger is a top-level array");
    assert_eq!(ledger.len(), 3);
    for row in ledger {
        assert!(row["event_id"].is_string());
        assert!(row["effects"].is_u64());
        assert!(row["state"].is_u64());
        assert!(["ok", "lost", "duplicate"].contains(&row["verdict"].as_str().unwrap()));
    }
    assert_eq!(ledger[1]["event_id"], "evt-2");
    assert_eq!(ledger[1]["effects"], 2);
    assert_eq!(ledger[1]["verdict"], "duplicate");
    assert_eq!(v["totals"]["expected"], 150);
    assert_eq!(v["totals"]["actual"], 200);
    assert_eq!(v["totals"]["state"], 200);
    assert_eq!(v["finished"], true);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn a_run_that_never_finishes_is_flagged() {
    // A transaction timeout shorter than a transaction: every one is aborted.
    let mut sc = presets::find("loyalty-eos").unwrap().scenario;
    sc.faults.clear();
    sc.design.knobs.transaction_timeout_ms = 10;
    let f = TempFile::new(&sc.to_json());
    let o = eoslab(&["run", f.path()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["finished"], false);
    assert!(stderr(&o).contains("step budget"), "{}", stderr(&o));
}

#[test]
fn run_shows_external_and_raw_counts_where_they_exist() {
    let f = TempFile::new(&preset_file("loyalty-email"));
    let v = json(&eoslab(&["run", f.path()]));
    assert!(v["ledger"][0]["external"].is_u64(), "{}", v["ledger"]);
    let f = TempFile::new(&preset_file("downstream-merge"));
    let v = json(&eoslab(&["run", f.path()]));
    assert!(v["ledger"][0]["raw"].is_u64(), "{}", v["ledger"]);
}

#[test]
fn run_reads_standard_input_and_prints_text() {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(["run", "-", "--text"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(preset_file("commit-then-db").as_bytes())
        .expect("write");
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("Ledger"), "{text}");
    assert!(text.contains("lost"), "{text}");
}

#[test]
fn malformed_json_is_refused() {
    let f = TempFile::new("{ \"version\": 1, \"workload\": ");
    let err = fails(&["run", f.path()], 1, "workload");
    assert!(err.contains("EOF"), "{err}");
    let f = TempFile::new("not json at all");
    fails(&["run", f.path()], 1, "scenario");
    fails(&["explore", f.path()], 1, "scenario");
}

#[test]
fn an_unknown_design_is_named() {
    let text = preset_file("db-then-commit").replace("at-least-once", "at-least-twice");
    let f = TempFile::new(&text);
    fails(&["run", f.path()], 1, "design.kind");
    fails(&["explore", f.path()], 1, "design.kind");
    let good = TempFile::new(&preset_file("db-then-commit"));
    fails(
        &["explore", good.path(), "--design", "at-least-twice"],
        2,
        "--design",
    );
    fails(
        &["explore", good.path(), "--faults", "crash,meteor"],
        2,
        "--faults",
    );
    fails(
        &["explore", good.path(), "--max-faults", "9"],
        2,
        "--max-faults",
    );
}

#[test]
fn an_anchor_on_a_missing_event_is_named() {
    let mut sc = presets::find("db-then-commit").unwrap().scenario;
    sc.faults[0].at.event = Some("evt-99".into());
    let f = TempFile::new(&sc.to_json());
    fails(&["run", f.path()], 1, "faults[0].at.event");
}

#[test]
fn the_lab_s_limits_hold_for_the_command_line() {
    // The same scenario the lab refuses, refused with the same words.
    let mut sc = presets::find("db-then-commit").unwrap().scenario;
    sc.workload.events[1].amount = i64::MAX;
    let f = TempFile::new(&sc.to_json());
    let err = fails(&["run", f.path()], 1, "workload.events[1].amount");
    let lab = eoslab::share::file::import(&sc.to_json())
        .unwrap_err()
        .to_string();
    assert!(err.contains(&lab), "{err} / {lab}");
    let huge = TempFile::new(&" ".repeat(eoslab::model::limits::MAX_FILE_BYTES + 1));
    fails(&["run", huge.path()], 1, "has more than 1048576 bytes");
    // A file the lab saves is a file the tool runs.
    let saved = TempFile::new(&eoslab::share::file::export(&sc_with_one_crash()));
    assert_eq!(eoslab(&["run", saved.path()]).status.code(), Some(0));
}

fn sc_with_one_crash() -> Scenario {
    let mut sc = presets::find("db-then-commit").unwrap().scenario;
    sc.faults = vec![Fault::new(
        FaultKind::Crash,
        Anchor::new(StepKind::SinkWrite, "evt-3"),
    )];
    sc
}

#[test]
fn an_anchor_that_never_happens_is_named() {
    let mut sc = presets::find("db-then-commit").unwrap().scenario;
    sc.faults[0].at.nth = 7;
    let f = TempFile::new(&sc.to_json());
    fails(&["run", f.path()], 1, "faults[0].at");
}

#[test]
fn a_fault_that_does_not_fit_is_named() {
    let mut sc = presets::find("db-then-commit").unwrap().scenario;
    sc.faults.push(Fault::new(
        FaultKind::LostAck,
        Anchor::new(StepKind::Poll, "evt-1"),
    ));
    let f = TempFile::new(&sc.to_json());
    let err = fails(&["run", f.path()], 1, "faults[1].at");
    assert!(err.contains("acknowledgement"), "{err}");
}

#[test]
fn another_version_is_refused() {
    let text = preset_file("db-then-commit").replace("\"version\": 1", "\"version\": 2");
    let f = TempFile::new(&text);
    fails(&["run", f.path()], 1, "version");
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    fails(
        &["run", "/nonexistent/eoslab/scenario.json"],
        1,
        "cannot read",
    );
    fails(&["run"], 2, "FILE");
    fails(&["run", "a.json", "b.json"], 2, "b.json");
    fails(&["frobnicate"], 2, "frobnicate");
    fails(&[], 2, "command");
    fails(&["check"], 2, "FILE");
}

#[test]
fn help_lists_the_commands() {
    for flag in ["--help", "-h", "help"] {
        let o = eoslab(&[flag]);
        assert!(o.status.success());
        let text = stdout(&o);
        for cmd in [
            "run FILE",
            "check FILE",
            "explore FILE",
            "presets",
            "preset NAME",
        ] {
            assert!(text.contains(cmd), "{cmd} not in {text}");
        }
    }
}

#[test]
fn explore_reports_every_design() {
    let f = TempFile::new(&preset_file("db-then-commit"));
    let o = eoslab(&["explore", f.path(), "--max-faults", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let designs = v["designs"].as_array().expect("designs");
    assert_eq!(designs.len(), 9);
    let alo = designs
        .iter()
        .find(|d| d["design"] == "at-least-once")
        .expect("at-least-once");
    assert!(alo["broken"].as_u64().unwrap() > 0);
    assert_eq!(alo["smallest"]["faults"][0]["kind"], "crash");
    assert_eq!(alo["smallest"]["duplicated"][0], "evt-1");
    let eos = designs
        .iter()
        .find(|d| d["design"] == "kafka-transactions")
        .expect("kafka-transactions");
    assert_eq!(eos["broken"], 0);
    assert_eq!(eos["holds"], true);
    assert!(eos["smallest"].is_null());
}

#[test]
fn explore_one_design_with_several_kinds_as_text() {
    let f = TempFile::new(&preset_file("lost-ack"));
    let o = eoslab(&[
        "explore",
        f.path(),
        "--design=at-least-once",
        "--faults",
        "lost-ack,crash",
        "--max-faults",
        "1",
        "--text",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("at-least-once"), "{text}");
    assert!(!text.contains("outbox"), "{text}");
    assert!(text.contains("lost-ack after send evt-1"), "{text}");
}

#[test]
fn presets_list_and_print_runnable_files() {
    let v = json(&eoslab(&["presets"]));
    let list = v.as_array().expect("array");
    assert_eq!(list.len(), presets::all().len());
    let slug = list[0]["slug"].as_str().expect("slug");
    let o = eoslab(&["preset", slug]);
    assert!(o.status.success());
    let f = TempFile::new(&stdout(&o));
    assert!(eoslab(&["run", f.path()]).status.success());
    let text = stdout(&eoslab(&["presets", "--text"]));
    assert!(text.contains(slug));
    fails(&["preset", "no-such-preset"], 2, "no-such-preset");
}

/// The first ```json block of the scenario-format doc.
fn doc_example() -> String {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/scenario-format.md"
    ))
    .expect("docs/scenario-format.md");
    let start = doc.find("```json\n").expect("a ```json block") + "```json\n".len();
    let len = doc[start..].find("```").expect("closing fence");
    doc[start..start + len].to_string()
}

#[test]
fn the_documented_example_parses_and_runs() {
    let text = doc_example();
    let sc = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    assert!(!sc.faults.is_empty());
    // It is the model's own serialisation, not hand-written JSON.
    assert_eq!(sc.to_json(), text.trim_end());
    let f = TempFile::new(&text);
    let o = eoslab(&["run", f.path()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // What the doc says happens: the replay of evt-3 comes after the dedup window.
    let v = json(&o);
    let verdicts: Vec<&str> = v["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["ok", "ok", "duplicate", "ok"]);
    // And the file says so itself.
    assert!(sc.expect.is_some());
    let o = eoslab(&["check", f.path()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), format!("ok {}\n", f.path()));
}

/// `db-then-commit` (evt-2 written twice: reader 200 of 150) expecting `expect`.
fn expecting(expect: &str) -> TempFile {
    let mut sc = presets::find("db-then-commit").unwrap().scenario;
    sc.expect = Some(serde_json::from_str(expect).expect("an expect section"));
    let text = sc.to_json();
    // The section travels in the file as written.
    assert!(text.contains("\"expect\""), "{text}");
    TempFile::new(&text)
}

#[test]
fn check_passes_a_file_whose_run_is_as_expected() {
    let f = expecting(
        r#"{"events": {"evt-1": "ok", "evt-2": "duplicate", "evt-3": "ok"},
            "totals": {"expected": 150, "actual": 200, "state": 200}}"#,
    );
    let plain = TempFile::new(&preset_file("commit-then-db"));
    let o = eoslab(&["check", f.path(), plain.path()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stdout(&o),
        format!(
            "ok {}\nok {} (it runs; it states no expected outcome)\n",
            f.path(),
            plain.path()
        )
    );
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn check_names_every_mismatch() {
    let f = expecting(
        r#"{"events": {"evt-1": "lost", "evt-2": "ok", "evt-7": "ok"},
            "totals": {"actual": 150, "state": 200}}"#,
    );
    let o = eoslab(&["check", f.path()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let p = f.path();
    assert_eq!(
        stdout(&o),
        format!(
            "{p}: evt-1 expected lost, was ok\n\
             {p}: evt-2 expected ok, was duplicate\n\
             {p}: expect.events names `evt-7`, which is not an event of the workload\n\
             {p}: totals.actual expected 150, was 200\n"
        )
    );
    assert!(
        stderr(&o).contains("1 of 1 file(s) do not check out"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_reports_a_bad_file_and_goes_on() {
    let bad = TempFile::new("{ \"version\": 1, \"workload\": ");
    let typo = TempFile::new(
        &preset_file("db-then-commit")
            .replace("\"faults\"", "\"expect\": {\"event\": {}},\n  \"faults\""),
    );
    let good = expecting(r#"{"events": {"evt-2": "duplicate"}}"#);
    let o = eoslab(&[
        "check",
        bad.path(),
        "/nonexistent/eoslab/scenario.json",
        typo.path(),
        good.path(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[0].starts_with(&format!("{}: workload", bad.path())),
        "{out}"
    );
    assert!(lines[1].contains("cannot read"), "{out}");
    assert!(
        lines[2].starts_with(&format!("{}: expect", typo.path())),
        "{out}"
    );
    assert!(lines[2].contains("event"), "{out}");
    assert_eq!(lines[3], format!("ok {}", good.path()));
    assert!(stderr(&o).contains("3 of 4 file(s)"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn run_text_prints_external_and_raw_counts() {
    // An email sent twice: the reader sees one effect, the provider two.
    let f = TempFile::new(&preset_file("loyalty-email"));
    let text = stdout(&eoslab(&["run", f.path(), "--text"]));
    assert!(
        text.contains("event  effects  external  state  verdict"),
        "{text}"
    );
    assert!(
        text.contains("evt-2        1         2      1  ⧉ duplicate"),
        "{text}"
    );
    // A raw duplicate behind a MERGE: one merged row, two raw rows.
    let f = TempFile::new(&preset_file("downstream-merge"));
    let text = stdout(&eoslab(&["run", f.path(), "--text"]));
    assert!(
        text.contains("event  effects  raw rows  state  verdict"),
        "{text}"
    );
    assert!(
        text.contains("evt-2        1         2      2  ✓ ok"),
        "{text}"
    );
}

#[test]
fn explore_says_what_was_run_when_knobs_override_a_design() {
    let mut sc = presets::find("db-then-commit").unwrap().scenario;
    sc.design.knobs.sink_write = Some(eoslab::model::SinkWrite::Insert);
    let f = TempFile::new(&sc.to_json());
    let v = json(&eoslab(&["explore", f.path(), "--max-faults", "1"]));
    let design = |slug: &str| {
        v["designs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["design"] == slug)
            .cloned()
            .unwrap()
    };
    let upsert = design("idempotent-sink");
    assert_eq!(
        upsert["ran"],
        "Idempotent sink (upsert) with sink_write: insert"
    );
    assert_eq!(upsert["overriding_knobs"]["sink_write"], "insert");
    // Inserting per event, it duplicates like at-least-once does.
    assert!(upsert["broken"].as_u64().unwrap() > 0, "{upsert}");
    let alo = design("at-least-once");
    assert_eq!(alo["ran"], "At-least-once");
    assert_eq!(alo["overriding_knobs"], serde_json::json!({}));
    let text = stdout(&eoslab(&[
        "explore",
        f.path(),
        "--max-faults",
        "1",
        "--text",
    ]));
    assert!(
        text.contains("(ran as Idempotent sink (upsert) with sink_write: insert)"),
        "{text}"
    );
    assert!(!text.contains("(ran as At-least-once"), "{text}");
}
