//! The input topic: each partition's records as cells (offset and event id), ▸ at
//! the processor's next fetch, ⚑ at the committed offset a restart resumes from
//! (both can sit past the last record), ⧉ on an event the log holds twice.

use super::blocks::{Block, Log, LogCell, Span};
use crate::model::view::{self, PartitionLog};
use crate::model::{Scenario, World};

pub(super) fn blocks(sc: &Scenario, w: &World) -> Vec<Block> {
    let mut out: Vec<Block> = view::input_log(sc, w)
        .into_iter()
        .map(|p| Block::Log(partition(p)))
        .collect();
    out.push(Block::Legend(vec![
        Span::text("▸ next fetch · ⚑ committed offset (a restart resumes here) · "),
        Span {
            glyph: Some("⧉"),
            text: " in the log twice".into(),
            ..Span::default()
        },
    ]));
    out
}

fn marks(log: &PartitionLog, offset: u64) -> Vec<Span> {
    let mut marks = Vec::new();
    if log.position == offset {
        marks.push(Span {
            text: "▸".into(),
            class: "pn-pos",
            title: Some(format!("processor position: next fetch is offset {offset}")),
            testid: Some("position-marker"),
            offset: Some(offset),
            ..Span::default()
        });
    }
    if log.committed == offset {
        marks.push(Span {
            text: "⚑".into(),
            class: "pn-commit",
            title: Some(format!("committed offset {offset}: a restart resumes here")),
            testid: Some("committed-marker"),
            offset: Some(offset),
            ..Span::default()
        });
    }
    marks
}

fn partition(log: PartitionLog) -> Log {
    let mut cells = Vec::new();
    if log.hidden_before > 0 {
        cells.push(LogCell {
            class: "pn-cell pn-more".into(),
            text: format!("… {}", log.hidden_before),
            ..LogCell::default()
        });
    }
    for c in &log.cells {
        cells.push(LogCell {
            class: if c.duplicate {
                "pn-cell pn-dup".into()
            } else {
                "pn-cell".into()
            },
            offset: c.offset,
            title: format!("offset {}: {} ({})", c.offset, c.event_id, c.amount),
            marks: marks(&log, c.offset),
            off: c.offset.to_string(),
            text: c.event_id.clone(),
            tag: if c.duplicate {
                vec![Span::dup_icon(format!(
                    "{} is in the topic more than once",
                    c.event_id
                ))]
            } else {
                Vec::new()
            },
        });
    }
    if log.hidden_after > 0 {
        cells.push(LogCell {
            class: "pn-cell pn-more".into(),
            text: format!("{} …", log.hidden_after),
            ..LogCell::default()
        });
    } else {
        // The slot past the last record, where ▸ and ⚑ sit once everything is read.
        cells.push(LogCell {
            class: "pn-cell pn-end".into(),
            offset: log.end,
            title: "log end: the next record goes here".into(),
            marks: marks(&log, log.end),
            off: log.end.to_string(),
            text: "end".into(),
            tag: Vec::new(),
        });
    }
    Log {
        testid: Some(format!("input-log-p{}", log.partition)),
        head: Some(format!(
            "p{} · ▸ position {} · ⚑ committed {} · end {}",
            log.partition, log.position, log.committed, log.end
        )),
        label: format!("partition {}", log.partition),
        cells,
    }
}
