//! The search worker's replies as one line of words and numbers, so the page reads
//! them without a JSON deserializer (which would weigh on its first load):
//!
//! ```text
//! ready
//! refused <why>
//! progress <tried> <broke> <searched> <positions> <done 0|1>
//! design <design> <report>
//! matrix <cells> (<design> <fault kind> <outcome 0-3> <report>)…
//! ```
//!
//! A report is `<tried> <broken> <losing> <duplicating> <broken without faults 0|1>`
//! and its smallest placement: `none`, or `some <n>` then per fault `<kind> <after>
//! <event 1-based, 0 none> <nth>`, then `<n lost>` event numbers and `<n duplicated>`
//! event numbers (0-based positions in the scenario's workload). Designs, fault and
//! step kinds go by their slugs.

use super::explore::{Breaking, DesignReport};
use super::scenario::{Anchor, DesignKind, Fault, FaultKind, Scenario, StepKind};
use super::search::{Cell, CellOutcome, Progress, Reply};
use serde::de::value::{Error as ValueError, StrDeserializer};
use serde::Deserialize;

/// The reply as one line; `sc` is the scenario searched (its events are numbered).
pub fn encode(reply: &Reply, sc: &Scenario) -> String {
    let mut w = Vec::<String>::new();
    match reply {
        Reply::Ready => w.push("ready".into()),
        Reply::Refused(why) => return format!("refused {why}"),
        Reply::Progress(p) => {
            w.push("progress".into());
            for n in [
                p.tried,
                p.broke,
                p.searched,
                p.positions,
                usize::from(p.done),
            ] {
                w.push(n.to_string());
            }
        }
        Reply::Design(r) => {
            w.push("design".into());
            w.push(r.design.slug().into());
            report(&mut w, r, sc);
        }
        Reply::Matrix(cells) => {
            w.push("matrix".into());
            w.push(cells.len().to_string());
            for c in cells {
                w.push(c.design.slug().into());
                w.push(c.kind.slug().into());
                w.push(outcome_ix(c.outcome).to_string());
                let r = DesignReport {
                    design: c.design,
                    tried: c.tried,
                    broken: c.broken,
                    losing: c.losing,
                    duplicating: c.duplicating,
                    broken_without_faults: false,
                    smallest: c.smallest.clone(),
                };
                report(&mut w, &r, sc);
            }
        }
    }
    w.join(" ")
}

fn outcome_ix(o: CellOutcome) -> usize {
    match o {
        CellOutcome::DoesNotApply => 0,
        CellOutcome::Holds => 1,
        CellOutcome::Lost => 2,
        CellOutcome::Duplicate => 3,
    }
}

fn report(w: &mut Vec<String>, r: &DesignReport, sc: &Scenario) {
    for n in [
        r.tried,
        r.broken,
        r.losing,
        r.duplicating,
        usize::from(r.broken_without_faults),
    ] {
        w.push(n.to_string());
    }
    let Some(b) = &r.smallest else {
        w.push("none".into());
        return;
    };
    let ix = |id: &String| {
        sc.workload
            .events
            .iter()
            .position(|e| &e.id == id)
            .unwrap_or(usize::MAX)
    };
    w.push("some".into());
    w.push(b.faults.len().to_string());
    for f in &b.faults {
        w.push(f.kind.slug().into());
        w.push(f.at.after.slug());
        w.push(
            f.at.event
                .as_ref()
                .map_or(0, |e| ix(e).saturating_add(1))
                .to_string(),
        );
        w.push(f.at.nth.to_string());
    }
    for ids in [&b.lost, &b.duplicated] {
        w.push(ids.len().to_string());
        w.extend(ids.iter().map(|id| ix(id).to_string()));
    }
}

/// Reads a line written by [`encode`] for scenario `sc`; `None` if it is not one.
pub fn decode(line: &str, sc: &Scenario) -> Option<Reply> {
    if let Some(why) = line.strip_prefix("refused ") {
        return Some(Reply::Refused(why.to_string()));
    }
    let mut r = Reader {
        words: line.split(' '),
        sc,
    };
    let reply = match r.word()? {
        "ready" => Reply::Ready,
        "progress" => Reply::Progress(Progress {
            tried: r.num()?,
            broke: r.num()?,
            searched: r.num()?,
            positions: r.num()?,
            done: r.num()? == 1,
        }),
        "design" => {
            let design = DesignKind::from_slug(r.word()?)?;
            Reply::Design(r.report(design)?)
        }
        "matrix" => {
            let n = r.num()?;
            let mut cells = Vec::new();
            for _ in 0..n {
                cells.push(r.cell()?);
            }
            Reply::Matrix(cells)
        }
        _ => return None,
    };
    r.words.next().is_none().then_some(reply)
}

struct Reader<'a> {
    words: std::str::Split<'a, char>,
    sc: &'a Scenario,
}

impl Reader<'_> {
    fn word(&mut self) -> Option<&str> {
        self.words.next()
    }

    fn num(&mut self) -> Option<usize> {
        self.word()?.parse().ok()
    }

    fn event(&mut self) -> Option<String> {
        let i = self.num()?;
        self.sc.workload.events.get(i).map(|e| e.id.clone())
    }

    fn cell(&mut self) -> Option<Cell> {
        let design = DesignKind::from_slug(self.word()?)?;
        let kind = FaultKind::from_slug(self.word()?)?;
        let outcome = match self.num()? {
            0 => CellOutcome::DoesNotApply,
            1 => CellOutcome::Holds,
            2 => CellOutcome::Lost,
            3 => CellOutcome::Duplicate,
            _ => return None,
        };
        let r = self.report(design)?;
        Some(Cell {
            design,
            kind,
            outcome,
            tried: r.tried,
            broken: r.broken,
            losing: r.losing,
            duplicating: r.duplicating,
            smallest: r.smallest,
        })
    }

    fn report(&mut self, design: DesignKind) -> Option<DesignReport> {
        let mut r = DesignReport::empty(design);
        r.tried = self.num()?;
        r.broken = self.num()?;
        r.losing = self.num()?;
        r.duplicating = self.num()?;
        r.broken_without_faults = self.num()? == 1;
        r.smallest = match self.word()? {
            "none" => None,
            "some" => Some(self.breaking()?),
            _ => return None,
        };
        Some(r)
    }

    fn breaking(&mut self) -> Option<Breaking> {
        let n = self.num()?;
        let mut faults = Vec::new();
        for _ in 0..n {
            let kind = FaultKind::from_slug(self.word()?)?;
            let after =
                StepKind::deserialize(StrDeserializer::<ValueError>::new(self.word()?)).ok()?;
            let event = match self.num()? {
                0 => None,
                i => Some(self.sc.workload.events.get(i - 1)?.id.clone()),
            };
            let nth = u32::try_from(self.num()?).ok()?;
            faults.push(Fault::new(kind, Anchor { after, event, nth }));
        }
        let mut lists = [Vec::new(), Vec::new()];
        for list in &mut lists {
            for _ in 0..self.num()? {
                list.push(self.event()?);
            }
        }
        let [lost, duplicated] = lists;
        Some(Breaking {
            faults,
            gaps: Vec::new(),
            lost,
            duplicated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;
    use crate::model::search::Search;

    fn without_gaps(mut b: Breaking) -> Breaking {
        b.gaps.clear();
        b
    }

    /// Every reply a search makes reads back as itself, for several presets.
    #[test]
    fn replies_read_back_as_themselves() {
        let kinds = [FaultKind::Crash, FaultKind::LostAck, FaultKind::Zombie];
        for slug in [
            "db-then-commit",
            "lost-ack",
            "loyalty-email",
            "zombie-no-fencing",
        ] {
            let sc = presets::find(slug).unwrap().scenario;
            let mut cells = Search::matrix(&sc, &kinds, 1).finish().cells();
            for c in &mut cells {
                c.smallest = c.smallest.take().map(without_gaps);
            }
            let mut report = Search::design(&sc, &kinds, 2).finish().reports().remove(0);
            report.smallest = report.smallest.take().map(without_gaps);
            assert!(cells.iter().any(|c| c.smallest.is_some()), "{slug}");
            for reply in [
                Reply::Ready,
                Reply::Refused("no kinds".into()),
                Reply::Progress(Progress {
                    tried: 3,
                    broke: 1,
                    searched: 2,
                    positions: 9,
                    done: false,
                }),
                Reply::Design(report.clone()),
                Reply::Matrix(cells.clone()),
            ] {
                let line = encode(&reply, &sc);
                assert_eq!(decode(&line, &sc), Some(reply), "{slug}: {line}");
            }
        }
    }

    #[test]
    fn a_line_that_is_not_a_reply_is_refused() {
        let sc = presets::first().scenario;
        for line in [
            "",
            "progress 1 2",
            "design nope 1 1 1 1 0 none",
            "matrix 1",
            "ready 5",
        ] {
            assert_eq!(decode(line, &sc), None, "{line:?}");
        }
        let line = "design at-least-once 1 1 0 1 0 some 1 crash no-such-step 1 1 0 0";
        assert_eq!(decode(line, &sc), None);
    }
}
