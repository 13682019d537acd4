//! Inline SVG icons: one per fault kind, ledger verdict and step mark, drawn with
//! `currentColor` so they take the colour of the text beside them. An icon never
//! stands alone: the words beside it say the same thing, and the SVG is hidden
//! from screen readers.

use crate::model::explain::outcome_word;
use crate::model::trace::{Outcome, Step};
use crate::model::{FaultKind, Verdict};

/// An icon of the lab.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Icon {
    /// A crash (a burst).
    Crash,
    /// A lost acknowledgement (an envelope, crossed).
    LostAck,
    /// A zombie instance: the fault, and the mark of a step a zombie took.
    Zombie,
    /// A consumer-group rebalance (two turning arrows).
    Rebalance,
    /// A transaction timeout (a stopwatch).
    Timeout,
    /// The outbox relay crashes (a lightning bolt).
    RelayCrash,
    /// Time passes (an hourglass); also an expired entry.
    TimePasses,
    /// The network drops a send (an arrow broken in two).
    SendLost,
    /// The upstream producer restarts (a circular arrow around a dot).
    ProducerRestart,
    /// The sink connector crashes (a plug, crossed).
    ConnectorCrash,
    /// A verdict: the event took effect exactly once (a check mark).
    Ok,
    /// A verdict: the event's effect is missing (an empty, dashed circle).
    Lost,
    /// A verdict: the event took effect more than once (two overlapping sheets).
    Duplicate,
    /// A step refused (a fence, a sequence check): a no-entry sign.
    Refused,
    /// A step that changed nothing (already seen): the empty set.
    NoOp,
    /// Something to look at (a fault that does not fire where it is).
    Warning,
    /// Play.
    Play,
    /// Pause.
    Pause,
    /// One step back.
    StepBack,
    /// One step forward.
    StepForward,
    /// A link (two chain links).
    Link,
    /// A file (a sheet with a folded corner).
    File,
    /// Close or dismiss (a cross).
    Close,
}

impl Icon {
    /// The icon of a fault kind.
    pub fn for_fault(kind: FaultKind) -> Icon {
        match kind {
            FaultKind::Crash => Icon::Crash,
            FaultKind::LostAck => Icon::LostAck,
            FaultKind::Zombie => Icon::Zombie,
            FaultKind::Rebalance => Icon::Rebalance,
            FaultKind::Timeout => Icon::Timeout,
            FaultKind::RelayCrash => Icon::RelayCrash,
            FaultKind::TimePasses => Icon::TimePasses,
            FaultKind::SendLost => Icon::SendLost,
            FaultKind::ProducerRestart => Icon::ProducerRestart,
            FaultKind::ConnectorCrash => Icon::ConnectorCrash,
        }
    }

    /// The icon of a ledger verdict.
    pub fn for_verdict(v: Verdict) -> Icon {
        match v {
            Verdict::Ok => Icon::Ok,
            Verdict::Lost => Icon::Lost,
            Verdict::Duplicate => Icon::Duplicate,
        }
    }
}

/// How a step that did not simply apply is marked on the diagram: an icon (no
/// effect, refused) and the reason in words, so the outcome is never told by
/// colour alone.
pub fn outcome_mark(step: &Step) -> Option<(Icon, &'static str)> {
    let word = outcome_word(step)?;
    let icon = match step.outcome {
        Outcome::NoOp(_) => Icon::NoOp,
        _ => Icon::Refused,
    };
    Some((icon, word))
}

macro_rules! svg {
    ($body:literal) => {
        concat!(
            r#"<svg class="icon" viewBox="0 0 16 16" width="1em" height="1em" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">"#,
            $body,
            "</svg>"
        )
    };
}

/// The icon as a complete `<svg>` element (hidden from screen readers).
pub fn svg(icon: Icon) -> &'static str {
    match icon {
        Icon::Crash => svg!(
            r#"<path d="M8 1.5l1.4 3.6 3.6-1.4-1.6 3.5 3.1 1.3-3.4 1.2 1 3.8-3.2-2.2L8 14.5l-.9-3.2-3.2 2.2 1-3.8L1.5 8.5l3.1-1.3L3 3.7l3.6 1.4z"/>"#
        ),
        Icon::LostAck => svg!(
            r#"<rect x="1.5" y="3.5" width="13" height="9" rx="1.2"/><path d="M1.8 4l6.2 4.6L14.2 4"/><path d="M2 14.5L14 1.5"/>"#
        ),
        Icon::Zombie => svg!(
            r#"<circle cx="8" cy="7" r="5.5"/><path d="M4.8 5.2l2 2m0-2l-2 2M9.2 5.2l2 2m0-2l-2 2"/><path d="M5.5 10.5h5"/><path d="M6 12.5v2m4-2v2"/>"#
        ),
        Icon::Rebalance => svg!(
            r#"<path d="M13.5 6.5A5.5 5.5 0 0 0 3.3 4.6"/><path d="M3 1.8v3h3"/><path d="M2.5 9.5a5.5 5.5 0 0 0 10.2 1.9"/><path d="M13 14.2v-3h-3"/>"#
        ),
        Icon::Timeout => {
            svg!(r#"<circle cx="8" cy="9" r="5.5"/><path d="M8 9V6m-1.8-4.5h3.6M12.5 3.5l1 1"/>"#)
        }
        Icon::RelayCrash => svg!(r#"<path d="M9.5 1.5L3.5 9h4l-1 5.5 6-7.5h-4z"/>"#),
        Icon::TimePasses => svg!(
            r#"<path d="M3.5 1.5h9m-9 13h9"/><path d="M4.5 1.5c0 4 7 4 7 6.5s-7 2.5-7 6.5m7-13c0 4-7 4-7 6.5s7 2.5 7 6.5"/>"#
        ),
        Icon::SendLost => svg!(
            r#"<path d="M1.5 8h4.5m3 0h5.5"/><path d="M11.5 5l3 3-3 3"/><path d="M6.5 4.5l2 7"/>"#
        ),
        Icon::ProducerRestart => svg!(
            r#"<path d="M13.5 8A5.5 5.5 0 1 1 11.4 3.7"/><path d="M11.8 1.2v2.8H9"/><circle cx="8" cy="8" r="1.3" fill="currentColor"/>"#
        ),
        Icon::ConnectorCrash => svg!(
            r#"<path d="M5.5 1.5v3m5-3v3"/><rect x="3.5" y="4.5" width="9" height="5" rx="1"/><path d="M8 9.5v5"/><path d="M2 2l12 12"/>"#
        ),
        Icon::Ok => svg!(r#"<path d="M2.5 8.5l3.5 3.5 7.5-8"/>"#),
        Icon::Lost => svg!(
            r#"<circle cx="8" cy="8" r="5.5" stroke-dasharray="2 2"/><path d="M3.5 12.5l9-9"/>"#
        ),
        Icon::Duplicate => svg!(
            r#"<rect x="1.5" y="1.5" width="9" height="9" rx="1"/><rect x="5.5" y="5.5" width="9" height="9" rx="1"/>"#
        ),
        Icon::Refused => {
            svg!(r#"<circle cx="8" cy="8" r="6.3"/><path d="M4.5 8h7" stroke-width="2.4"/>"#)
        }
        Icon::NoOp => svg!(r#"<circle cx="8" cy="8" r="4.5"/><path d="M2.5 13.5l11-11"/>"#),
        Icon::Warning => svg!(r#"<path d="M8 1.8L14.8 14H1.2z"/><path d="M8 6.5v3.5m0 2v.2"/>"#),
        Icon::Play => svg!(r#"<path d="M4.5 2.5v11l9-5.5z" fill="currentColor"/>"#),
        Icon::Pause => {
            svg!(r#"<path d="M4.5 2.5v11M11.5 2.5v11" stroke-width="3" stroke-linecap="butt"/>"#)
        }
        Icon::StepBack => {
            svg!(r#"<path d="M12.5 2.5v11l-8-5.5z" fill="currentColor"/><path d="M3 2.5v11"/>"#)
        }
        Icon::StepForward => {
            svg!(r#"<path d="M3.5 2.5v11l8-5.5z" fill="currentColor"/><path d="M13 2.5v11"/>"#)
        }
        Icon::Link => svg!(
            r#"<path d="M6.8 9.2a2.8 2.8 0 0 0 4 0l2.4-2.4a2.8 2.8 0 0 0-4-4l-.9.9"/><path d="M9.2 6.8a2.8 2.8 0 0 0-4 0L2.8 9.2a2.8 2.8 0 0 0 4 4l.9-.9"/>"#
        ),
        Icon::File => svg!(
            r#"<path d="M3.5 1.5h6l3 3v10h-9z"/><path d="M9.5 1.5v3h3"/><path d="M5.5 8.5h5m-5 3h5"/>"#
        ),
        Icon::Close => svg!(r#"<path d="M3.5 3.5l9 9m0-9l-9 9"/>"#),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_and_no_op_steps_carry_an_icon_and_a_word() {
        let sc = crate::model::presets::find("zombie-no-fencing")
            .unwrap()
            .scenario;
        let mut fenced = sc.clone();
        fenced.design.knobs.fencing = true;
        let t = crate::model::simulate(&fenced);
        let refused = t
            .steps
            .iter()
            .find(|s| matches!(s.outcome, Outcome::Refused(_)))
            .expect("the fence refuses the zombie");
        let (icon, why) = outcome_mark(refused).unwrap();
        assert_eq!(icon, Icon::Refused);
        assert!(!why.is_empty());
        let mut idem = crate::model::presets::find("lost-ack").unwrap().scenario;
        idem.design.knobs.producer_idempotence = true;
        let absorbed = crate::model::simulate(&idem);
        let noop = absorbed
            .steps
            .iter()
            .find(|s| matches!(s.outcome, Outcome::NoOp(_)))
            .expect("the idempotent producer absorbs the retry");
        assert_eq!(outcome_mark(noop), Some((Icon::NoOp, "duplicate sequence")));
        let plain = t.steps.first().unwrap();
        assert_eq!(outcome_mark(plain), None);
    }
    use std::path::Path;

    const ALL: [Icon; 23] = [
        Icon::Link,
        Icon::File,
        Icon::Close,
        Icon::SendLost,
        Icon::ProducerRestart,
        Icon::ConnectorCrash,
        Icon::Crash,
        Icon::LostAck,
        Icon::Zombie,
        Icon::Rebalance,
        Icon::Timeout,
        Icon::RelayCrash,
        Icon::TimePasses,
        Icon::Ok,
        Icon::Lost,
        Icon::Duplicate,
        Icon::Refused,
        Icon::NoOp,
        Icon::Warning,
        Icon::Play,
        Icon::Pause,
        Icon::StepBack,
        Icon::StepForward,
    ];

    #[test]
    fn every_icon_is_a_complete_hidden_svg_in_the_text_colour() {
        for i in ALL {
            let s = svg(i);
            assert!(s.starts_with("<svg ") && s.ends_with("</svg>"), "{i:?}");
            assert!(s.contains(r#"aria-hidden="true""#), "{i:?}");
            assert!(s.contains(r#"focusable="false""#), "{i:?}");
            assert!(s.contains(r#"viewBox="0 0 16 16""#), "{i:?}");
            assert!(s.contains("currentColor"), "{i:?}");
            assert_eq!(s.matches("<svg").count(), 1, "{i:?}");
        }
    }

    #[test]
    fn each_fault_kind_and_verdict_has_its_own_icon() {
        let faults: Vec<&str> = FaultKind::ALL
            .iter()
            .map(|k| svg(Icon::for_fault(*k)))
            .collect();
        for (a, x) in faults.iter().enumerate() {
            for y in &faults[a + 1..] {
                assert_ne!(x, y);
            }
        }
        let v = [Verdict::Ok, Verdict::Lost, Verdict::Duplicate].map(Icon::for_verdict);
        assert_eq!(v, [Icon::Ok, Icon::Lost, Icon::Duplicate]);
    }

    /// Code points that have the Unicode `Emoji` property (outside ASCII and
    /// Latin-1), plus the emoji presentation selector and the joiner.
    const EMOJI: &[(u32, u32)] = &[
        (0x203C, 0x203C),
        (0x2049, 0x2049),
        (0x2122, 0x2122),
        (0x2139, 0x2139),
        (0x2194, 0x2199),
        (0x21A9, 0x21AA),
        (0x231A, 0x231B),
        (0x2328, 0x2328),
        (0x23CF, 0x23CF),
        (0x23E9, 0x23F3),
        (0x23F8, 0x23FA),
        (0x24C2, 0x24C2),
        (0x25AA, 0x25AB),
        (0x25B6, 0x25B6),
        (0x25C0, 0x25C0),
        (0x25FB, 0x25FE),
        (0x2600, 0x2604),
        (0x260E, 0x260E),
        (0x2611, 0x2611),
        (0x2614, 0x2615),
        (0x2618, 0x2618),
        (0x261D, 0x261D),
        (0x2620, 0x2620),
        (0x2622, 0x2623),
        (0x2626, 0x2626),
        (0x262A, 0x262A),
        (0x262E, 0x262F),
        (0x2638, 0x263A),
        (0x2640, 0x2640),
        (0x2642, 0x2642),
        (0x2648, 0x2653),
        (0x265F, 0x2660),
        (0x2663, 0x2663),
        (0x2665, 0x2666),
        (0x2668, 0x2668),
        (0x267B, 0x267B),
        (0x267E, 0x267F),
        (0x2692, 0x2697),
        (0x2699, 0x2699),
        (0x269B, 0x269C),
        (0x26A0, 0x26A1),
        (0x26A7, 0x26A7),
        (0x26AA, 0x26AB),
        (0x26B0, 0x26B1),
        (0x26BD, 0x26BE),
        (0x26C4, 0x26C5),
        (0x26C8, 0x26C8),
        (0x26CE, 0x26CF),
        (0x26D1, 0x26D1),
        (0x26D3, 0x26D4),
        (0x26E9, 0x26EA),
        (0x26F0, 0x26F5),
        (0x26F7, 0x26FA),
        (0x26FD, 0x26FD),
        (0x2702, 0x2702),
        (0x2705, 0x2705),
        (0x2708, 0x270D),
        (0x270F, 0x270F),
        (0x2712, 0x2712),
        (0x2714, 0x2714),
        (0x2716, 0x2716),
        (0x271D, 0x271D),
        (0x2721, 0x2721),
        (0x2728, 0x2728),
        (0x2733, 0x2734),
        (0x2744, 0x2744),
        (0x2747, 0x2747),
        (0x274C, 0x274C),
        (0x274E, 0x274E),
        (0x2753, 0x2755),
        (0x2757, 0x2757),
        (0x2763, 0x2764),
        (0x2795, 0x2797),
        (0x27A1, 0x27A1),
        (0x27B0, 0x27B0),
        (0x27BF, 0x27BF),
        (0x2934, 0x2935),
        (0x2B05, 0x2B07),
        (0x2B1B, 0x2B1C),
        (0x2B50, 0x2B50),
        (0x2B55, 0x2B55),
        (0x3030, 0x3030),
        (0x303D, 0x303D),
        (0x3297, 0x3297),
        (0x3299, 0x3299),
        (0x200D, 0x200D),
        (0xFE0F, 0xFE0F),
        (0x1F000, 0x1FAFF),
    ];

    fn is_emoji(c: char) -> bool {
        let c = c as u32;
        EMOJI.iter().any(|&(a, b)| (a..=b).contains(&c))
    }

    fn scan(p: &Path, found: &mut Vec<String>) {
        if let Ok(entries) = std::fs::read_dir(p) {
            for e in entries.flatten() {
                scan(&e.path(), found);
            }
        } else if let Ok(text) = std::fs::read_to_string(p) {
            for (n, line) in text.lines().enumerate() {
                if let Some(c) = line.chars().find(|c| is_emoji(*c)) {
                    found.push(format!("{}:{}: {c}", p.display(), n + 1));
                }
            }
        }
    }

    #[test]
    fn the_detector_knows_an_emoji_from_an_arrow() {
        assert!(['\u{1F4A5}', '\u{26A0}', '\u{25B6}', '\u{23F1}']
            .into_iter()
            .all(is_emoji));
        assert!(!['→', '←', '↑', '↓', '✓', '▸', '·', 'é']
            .into_iter()
            .any(is_emoji));
    }

    #[test]
    fn no_source_file_contains_an_emoji() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = Vec::new();
        for dir in ["src", "assets"] {
            scan(&root.join(dir), &mut found);
        }
        scan(&root.join("index.html"), &mut found);
        assert!(
            found.is_empty(),
            "emoji in the sources:\n{}",
            found.join("\n")
        );
    }
}
