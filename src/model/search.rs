//! "Find the fewest faults that break this design", run in slices.
//!
//! The same exhaustive search as [`super::explore`] (one, then two, then three faults
//! of the kinds chosen, each run resumed from a snapshot of its parent), held as a
//! [`Search`] that a caller advances a slice at a time with [`Search::step`], so it
//! can report progress between slices and stop whenever it likes. The work is split
//! by first fault: one slice searches whole subtrees (every placement whose first
//! fault is at one gap) until it has tried at least its budget of placements, in the
//! same order as one uninterrupted search, so slicing never changes the result.
//!
//! The search runs over the scenario's workload, design and knobs; the faults already
//! on the diagram are set aside and the search places its own. A placement *breaks*
//! the design when some event's verdict is lost or duplicate ([`Ledger::all_ok`] is
//! false): what the verdict strip shows the learner. A state store counted twice
//! behind a sink that still shows every event once is not a break.
//!
//! [`Ledger::all_ok`]: super::ledger::Ledger::all_ok

use super::explore::{Breaking, DesignReport, Options, Root};
use super::ledger::Verdict;
use super::scenario::{DesignKind, FaultKind, Scenario};
use super::search_wire::encode;
use serde::{Deserialize, Serialize};

/// The most faults one placement may hold.
pub const MAX_DEPTH: usize = 3;

/// How far a search has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Placements simulated so far.
    pub tried: usize,
    /// How many of them broke a design.
    pub broke: usize,
    /// First-fault positions whose every placement has been searched.
    pub searched: usize,
    /// First-fault positions in all (the search is done when `searched == positions`).
    pub positions: usize,
    /// Whether the search is over.
    pub done: bool,
}

impl Progress {
    /// The share of the work done, 0 to 1, by first-fault positions.
    pub fn fraction(&self) -> f64 {
        if self.positions == 0 {
            1.0
        } else {
            self.searched as f64 / self.positions as f64
        }
    }
}

/// One design searched with some fault kinds: a cell of the matrix, or the whole
/// search for "break this design".
struct Job {
    kinds: Vec<FaultKind>,
    root: Root,
    first: Vec<(usize, FaultKind)>,
    next: usize,
}

/// A search in progress over one or more (design, fault kinds) jobs, searched in
/// order.
pub struct Search {
    jobs: Vec<Job>,
    job: usize,
    progress: Progress,
}

impl Search {
    /// The search for the fewest faults of `kinds` (up to `depth`, at most
    /// [`MAX_DEPTH`]) that break `sc`'s design, over its workload and knobs.
    pub fn design(sc: &Scenario, kinds: &[FaultKind], depth: usize) -> Search {
        Search::over(sc, vec![(sc.design.kind, kinds.to_vec())], depth)
    }

    /// The search behind the matrix: every design, each fault kind of `kinds` alone.
    pub fn matrix(sc: &Scenario, kinds: &[FaultKind], depth: usize) -> Search {
        let jobs = DesignKind::ALL
            .iter()
            .flat_map(|&d| kinds.iter().map(move |&k| (d, vec![k])))
            .collect();
        Search::over(sc, jobs, depth)
    }

    /// Every design with all of `kinds` at once, as `eoslab explore` searches them.
    pub fn every_design(sc: &Scenario, kinds: &[FaultKind], depth: usize) -> Search {
        let jobs = DesignKind::ALL
            .iter()
            .map(|&d| (d, kinds.to_vec()))
            .collect();
        Search::over(sc, jobs, depth)
    }

    fn over(sc: &Scenario, jobs: Vec<(DesignKind, Vec<FaultKind>)>, depth: usize) -> Search {
        let jobs: Vec<Job> = jobs
            .into_iter()
            .map(|(design, kinds)| {
                let opts = Options {
                    max_faults: depth.min(MAX_DEPTH),
                    kinds: kinds.clone(),
                    design: Some(design),
                };
                let root = Root::new(sc, design, &opts);
                let first = root.first_faults();
                Job {
                    kinds,
                    root,
                    first,
                    next: 0,
                }
            })
            .collect();
        let positions = jobs.iter().map(|j| j.first.len()).sum();
        let mut s = Search {
            jobs,
            job: 0,
            progress: Progress {
                positions,
                ..Progress::default()
            },
        };
        s.skip_finished();
        s
    }

    /// Searches on until at least `budget` more placements have been tried (whole
    /// subtrees at a time) or the search is over, and says how far it has got.
    pub fn step(&mut self, budget: usize) -> Progress {
        let goal = self.progress.tried.saturating_add(budget.max(1));
        while !self.progress.done && self.progress.tried < goal {
            self.search_one();
        }
        self.progress
    }

    /// How far the search has got.
    pub fn progress(&self) -> Progress {
        self.progress
    }

    /// Searches every placement under the next first-fault position.
    fn search_one(&mut self) {
        let Some(job) = self.jobs.get_mut(self.job) else {
            self.progress.done = true;
            return;
        };
        if let Some(&(gap, kind)) = job.first.get(job.next) {
            let part = job.root.search(gap, kind);
            self.progress.tried += part.tried;
            self.progress.broke += part.broken;
            job.root.report.absorb(part);
            job.next += 1;
            self.progress.searched += 1;
        }
        self.skip_finished();
    }

    /// Moves past the jobs with nothing left to search.
    fn skip_finished(&mut self) {
        while self
            .jobs
            .get(self.job)
            .is_some_and(|j| j.next >= j.first.len())
        {
            self.job += 1;
        }
        self.progress.done = self.job >= self.jobs.len();
    }

    /// The report of each job so far, in order (complete once the search is done).
    pub fn reports(&self) -> Vec<DesignReport> {
        self.jobs.iter().map(|j| j.root.report.clone()).collect()
    }

    /// The matrix of a search made with [`Search::matrix`]: each job becomes a cell.
    pub fn cells(&self) -> Vec<Cell> {
        self.jobs
            .iter()
            .filter_map(|j| {
                let kind = *j.kinds.first()?;
                Some(Cell::of(kind, j.first.is_empty(), &j.root.report))
            })
            .collect()
    }

    /// Runs the search to its end.
    pub fn finish(mut self) -> Search {
        while !self.step(usize::MAX).done {}
        self
    }
}

/// What a matrix cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CellOutcome {
    /// The fault kind fits nowhere in this design's run.
    DoesNotApply,
    /// No placement broke the design.
    Holds,
    /// The smallest breaking placement loses an event.
    Lost,
    /// The smallest breaking placement duplicates an event (and loses none).
    Duplicate,
}

impl CellOutcome {
    /// The outcome in one word or two.
    pub fn word(self) -> &'static str {
        match self {
            CellOutcome::DoesNotApply => "n/a",
            CellOutcome::Holds => "ok",
            CellOutcome::Lost => "lost",
            CellOutcome::Duplicate => "duplicate",
        }
    }

    /// The ledger verdict the outcome is shown with (none when it does not apply).
    pub fn verdict(self) -> Option<Verdict> {
        match self {
            CellOutcome::DoesNotApply => None,
            CellOutcome::Holds => Some(Verdict::Ok),
            CellOutcome::Lost => Some(Verdict::Lost),
            CellOutcome::Duplicate => Some(Verdict::Duplicate),
        }
    }
}

/// One cell of the matrix: one design under one fault kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// The design.
    pub design: DesignKind,
    /// The fault kind placed.
    pub kind: FaultKind,
    /// What the cell shows.
    pub outcome: CellOutcome,
    /// Placements tried.
    pub tried: usize,
    /// Placements that broke the design.
    pub broken: usize,
    /// Of those, how many lose an event.
    pub losing: usize,
    /// Of those, how many duplicate an event.
    pub duplicating: usize,
    /// The smallest breaking placement.
    pub smallest: Option<Breaking>,
}

impl Cell {
    fn of(kind: FaultKind, no_position: bool, r: &DesignReport) -> Cell {
        let outcome = match &r.smallest {
            Some(b) if !b.lost.is_empty() => CellOutcome::Lost,
            Some(_) => CellOutcome::Duplicate,
            None if no_position => CellOutcome::DoesNotApply,
            None => CellOutcome::Holds,
        };
        Cell {
            design: r.design,
            kind,
            outcome,
            tried: r.tried,
            broken: r.broken,
            losing: r.losing,
            duplicating: r.duplicating,
            smallest: r.smallest.clone(),
        }
    }
}

/// What the page asks a search worker for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The scenario whose workload, design and knobs are searched.
    pub scenario: Scenario,
    /// The fault kinds to place.
    pub kinds: Vec<FaultKind>,
    /// The most faults in one placement.
    pub depth: usize,
    /// The matrix (every design × each kind) instead of the scenario's design.
    pub matrix: bool,
}

/// What a search worker answers: progress after each slice, then the result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker is listening.
    Ready,
    /// How far the search has got.
    Progress(Progress),
    /// The search of the scenario's design is over.
    Design(DesignReport),
    /// The matrix is complete.
    Matrix(Vec<Cell>),
    /// The request could not be read.
    Refused(String),
}

/// Serves one request given as JSON: runs its search in slices of `budget`
/// placements, handing each reply (one line, see [`super::search_wire`]) to `reply` —
/// progress after every slice, then the result.
pub fn serve(request: &str, budget: usize, mut reply: impl FnMut(String)) {
    let req: Request = match serde_json::from_str(request) {
        Ok(r) => r,
        Err(e) => {
            reply(format!("refused The search request is not valid: {e}"));
            return;
        }
    };
    let mut send = |r: &Reply| reply(encode(r, &req.scenario));
    if req.kinds.is_empty() || req.depth == 0 {
        send(&Reply::Refused(
            "Choose at least one fault kind and a depth of 1 or more.".into(),
        ));
        return;
    }
    let mut search = if req.matrix {
        Search::matrix(&req.scenario, &req.kinds, req.depth)
    } else {
        Search::design(&req.scenario, &req.kinds, req.depth)
    };
    send(&Reply::Progress(search.progress()));
    while !search.progress().done {
        send(&Reply::Progress(search.step(budget)));
    }
    if req.matrix {
        send(&Reply::Matrix(search.cells()));
    } else {
        let report = search
            .reports()
            .pop()
            .unwrap_or_else(|| DesignReport::empty(req.scenario.design.kind));
        send(&Reply::Design(report));
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How far a search has got, in words: "1,204 placements tried · 96 broke it ·
/// first faults 12 of 40".
pub fn progress_words(p: &Progress) -> String {
    format!(
        "{} tried · {} broke it · first-fault positions {} of {}",
        plural(p.tried, "placement", "placements"),
        p.broke,
        p.searched,
        p.positions
    )
}

/// What a placement does, in words: "duplicates evt-1", "loses evt-2 and evt-3".
pub fn effect_words(b: &Breaking) -> String {
    let list = super::explain::and_list::<String>;
    let mut parts = Vec::new();
    if !b.lost.is_empty() {
        parts.push(format!("loses {}", list(&b.lost)));
    }
    if !b.duplicated.is_empty() {
        parts.push(format!("duplicates {}", list(&b.duplicated)));
    }
    parts.join(", ")
}

/// The result of a design's search in one sentence: how many placements broke it
/// and how many were tried, or that it holds and how many were checked.
pub fn report_words(r: &DesignReport) -> String {
    if r.broken_without_faults {
        return "It is broken even without a fault.".into();
    }
    if r.tried == 0 {
        return "None of the chosen fault kinds fits anywhere in this run.".into();
    }
    if r.broken == 0 {
        return format!(
            "Holds: {} checked, none loses or duplicates an event.",
            plural(r.tried, "placement", "placements")
        );
    }
    format!(
        "Broke it in {} of {} ({} lose an event, {} duplicate one).",
        r.broken,
        plural(r.tried, "placement", "placements"),
        r.losing,
        r.duplicating
    )
}

/// The faults of a breaking placement, to put on the diagram in place of the
/// scenario's own.
pub fn placed(sc: &Scenario, design: DesignKind, b: &Breaking) -> Scenario {
    let mut out = sc.clone();
    out.design.kind = design;
    out.faults = b.faults.clone();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::explore::explore_design;
    use crate::model::search_wire::decode;
    use crate::model::{Design, Workload};

    fn sc(kind: DesignKind) -> Scenario {
        Scenario::new("t", Workload::generated(3, 1, 7), Design::new(kind))
    }

    #[test]
    fn a_search_in_slices_is_explore() {
        let s = sc(DesignKind::AtLeastOnce);
        let mut search = Search::design(&s, &[FaultKind::Crash], 2);
        let first = search.progress();
        assert!(!first.done && first.positions > 0 && first.tried == 0);
        let mut last = first;
        while !last.done {
            let p = search.step(5);
            assert!(p.tried >= last.tried && p.searched > last.searched);
            last = p;
        }
        assert_eq!(last.searched, last.positions);
        let opts = Options {
            max_faults: 2,
            kinds: vec![FaultKind::Crash],
            design: None,
        };
        let r = explore_design(&s, DesignKind::AtLeastOnce, &opts);
        assert_eq!(search.reports(), vec![r.clone()]);
        assert_eq!((last.tried, last.broke), (r.tried, r.broken));
    }

    #[test]
    fn words_say_what_the_search_found() {
        let s = sc(DesignKind::AtLeastOnce);
        let r = Search::design(&s, &[FaultKind::Crash], 1)
            .finish()
            .reports()[0]
            .clone();
        let b = r.smallest.clone().unwrap();
        assert_eq!(
            effect_words(&b),
            format!("duplicates {}", b.duplicated.join(" and "))
        );
        assert!(report_words(&r).starts_with(&format!(
            "Broke it in {} of {} placements",
            r.broken, r.tried
        )));
        let holds = Search::design(&sc(DesignKind::KafkaTransactions), &[FaultKind::Crash], 1)
            .finish()
            .reports()[0]
            .clone();
        assert_eq!(
            report_words(&holds),
            format!(
                "Holds: {} placements checked, none loses or duplicates an event.",
                holds.tried
            )
        );
        let p = Progress {
            tried: 1,
            broke: 0,
            searched: 1,
            positions: 4,
            done: false,
        };
        assert_eq!(
            progress_words(&p),
            "1 placement tried · 0 broke it · first-fault positions 1 of 4"
        );
        let two = Breaking {
            faults: vec![],
            gaps: vec![],
            lost: vec!["a".into(), "b".into(), "c".into()],
            duplicated: vec!["d".into()],
        };
        assert_eq!(effect_words(&two), "loses a, b and c, duplicates d");
    }

    /// What the page posts is what the worker searches: every preset's scenario
    /// survives the trip through JSON.
    #[test]
    fn a_request_survives_json() {
        for p in crate::model::presets::all() {
            let req = Request {
                scenario: p.scenario.clone(),
                kinds: vec![FaultKind::Crash, FaultKind::Zombie],
                depth: 2,
                matrix: true,
            };
            let json = serde_json::to_string(&req).unwrap();
            assert_eq!(
                serde_json::from_str::<Request>(&json).unwrap(),
                req,
                "{}",
                p.slug
            );
        }
    }

    #[test]
    fn serve_answers_progress_then_the_result() {
        let req = Request {
            scenario: sc(DesignKind::AtLeastOnce),
            kinds: vec![FaultKind::Crash],
            depth: 1,
            matrix: false,
        };
        let json = serde_json::to_string(&req).unwrap();
        let mut replies = Vec::new();
        serve(&json, 3, |r| {
            replies.push(decode(&r, &req.scenario).unwrap())
        });
        assert!(replies.len() > 2);
        assert!(matches!(replies[0], Reply::Progress(p) if p.tried == 0));
        let Some(Reply::Design(r)) = replies.last() else {
            panic!("{replies:?}")
        };
        assert!(r.broken > 0 && r.smallest.is_some());
        let mut bad = Vec::new();
        serve("{", 3, |r| bad.push(r));
        assert_eq!(bad.len(), 1);
        assert!(bad[0].starts_with("refused The search request is not valid"));
    }
}
