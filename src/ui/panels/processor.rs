//! The processor instance (consumer, state store owner, producer): number, status,
//! generation, position, records processed but not committed, its producer session
//! and open transaction; below it a paused or awake old instance (a zombie).

use super::blocks::{Block, Facts, Span};
use crate::model::view::{self, InstanceView};
use crate::model::{Scenario, World};
use crate::render::icons::Icon;

pub(super) fn blocks(sc: &Scenario, w: &World) -> Vec<Block> {
    let p = view::processor(sc, w);
    let mut out = vec![Block::Facts(Facts {
        facts: facts(p.current, Some((p.group_generation, p.clock))),
        ..Facts::default()
    })];
    if let Some(z) = p.zombie {
        out.push(Block::Facts(Facts {
            title: Some(vec![Span {
                icon: Some(Icon::Zombie),
                text: format!(" Old instance {}, {}", z.instance, z.status),
                ..Span::default()
            }]),
            facts: facts(z, None),
            class: "pn-zombie",
            testid: Some("zombie"),
        }));
    }
    out
}

fn list(items: Vec<String>) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

fn facts(i: InstanceView, live: Option<(u32, String)>) -> Vec<(&'static str, String)> {
    let group = live
        .as_ref()
        .map(|(g, _)| format!(" (group {g})"))
        .unwrap_or_default();
    let mut f = vec![
        (
            "instance",
            format!(
                "{} · {} · generation {}{group}",
                i.instance, i.status, i.generation
            ),
        ),
        ("position", list(i.position)),
        ("uncommitted", list(i.uncommitted)),
    ];
    f.extend(i.session.map(|s| ("producer session", s)));
    f.extend(i.open_txn.map(|t| ("open transaction", t)));
    f.extend(live.map(|(_, clock)| ("time", clock)));
    f
}
