//! `eoslab check FILE…`: runs each file and compares the run with the outcome the
//! file states in its `expect` section, for a course's CI over its scenario files.

use super::{checked_run, finished, load, Done, UNFINISHED};
use eoslab::model::expect::compare;

/// What became of one file.
#[derive(Debug, PartialEq, Eq)]
enum Checked {
    /// The run is as expected (`stated`: whether the file expects anything at all).
    Ok { stated: bool },
    /// The run differs: every mismatch, in words.
    Mismatched(Vec<String>),
    /// The file cannot be read, parsed or run: why.
    Bad(String),
}

fn check_one(path: &str, warnings: &mut Vec<String>) -> Checked {
    let sc = match load(path) {
        Ok(sc) => sc,
        Err(e) => return Checked::Bad(e.message()),
    };
    let trace = match checked_run(&sc) {
        Ok(t) => t,
        Err(e) => return Checked::Bad(e.message()),
    };
    if !finished(&trace) {
        warnings.push(format!("warning: {path}: {UNFINISHED}"));
    }
    let Some(expect) = sc.expect.as_ref().filter(|e| !e.is_empty()) else {
        return Checked::Ok { stated: false };
    };
    let mismatches = compare(&sc, expect, &trace.ledger);
    if mismatches.is_empty() {
        Checked::Ok { stated: true }
    } else {
        Checked::Mismatched(mismatches.iter().map(ToString::to_string).collect())
    }
}

/// Checks every file in order: `ok FILE`, or one `FILE: …` line per mismatch or for a
/// bad file. Exits 1 when any file is bad or differs from what it expects.
pub fn check(paths: &[String]) -> Done {
    let mut out = String::new();
    let mut warnings = Vec::new();
    let mut failed = 0;
    for path in paths {
        match check_one(path, &mut warnings) {
            Checked::Ok { stated: true } => out.push_str(&format!("ok {path}\n")),
            Checked::Ok { stated: false } => out.push_str(&format!(
                "ok {path} (it runs; it states no expected outcome)\n"
            )),
            Checked::Mismatched(lines) => {
                failed += 1;
                for l in lines {
                    out.push_str(&format!("{path}: {l}\n"));
                }
            }
            Checked::Bad(why) => {
                failed += 1;
                out.push_str(&format!("{path}: {why}\n"));
            }
        }
    }
    if failed > 0 {
        warnings.push(format!(
            "{failed} of {} file(s) do not check out",
            paths.len()
        ));
    }
    Done {
        out,
        warnings,
        code: i32::from(failed > 0),
    }
}
