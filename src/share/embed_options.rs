//! The options of an embedded lab, read from its address:
//! `?embed&lock&step=12&panels=input,sink,ledger&predict`.
//!
//! Reading never fails: an unknown option or a malformed value is ignored and
//! the option keeps its default (no embed, unlocked, step 0, every panel, no
//! prediction asked).

use crate::model::view::Panel;

/// Every state panel, in the lab's order, for `panels=` to name.
const STATE_PANELS: [Panel; 11] = [
    Panel::Producer,
    Panel::Input,
    Panel::Processor,
    Panel::Store,
    Panel::Seen,
    Panel::External,
    Panel::Transactions,
    Panel::Checkpoints,
    Panel::Sink,
    Panel::Outbox,
    Panel::Reader,
];

/// Which panels an embedded lab shows beside its diagram (the diagram and the
/// verdict strip always show).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelChoice {
    /// The narration of the current step.
    pub narration: bool,
    /// The ledger (effects so far, then every event's verdict).
    pub ledger: bool,
    /// The state panels shown; `None` for all of those the design has.
    pub state: Option<Vec<Panel>>,
}

impl Default for PanelChoice {
    fn default() -> Self {
        PanelChoice {
            narration: true,
            ledger: true,
            state: None,
        }
    }
}

impl PanelChoice {
    /// Reads `narration,input,sink,ledger` (`state` for every state panel).
    /// Unknown names are ignored; a list naming nothing known means every panel.
    pub fn parse(list: &str) -> PanelChoice {
        let mut out = PanelChoice {
            narration: false,
            ledger: false,
            state: Some(Vec::new()),
        };
        let mut known = false;
        for word in list.split([',', ' ', '+']).map(str::trim) {
            let word = word.to_ascii_lowercase();
            match word.as_str() {
                "narration" => out.narration = true,
                "ledger" => out.ledger = true,
                "state" => out.state = None,
                "diagram" => {}
                w => match STATE_PANELS.iter().find(|p| p.slug() == w) {
                    Some(p) => {
                        if let Some(list) = out.state.as_mut().filter(|l| !l.contains(p)) {
                            list.push(*p);
                        }
                    }
                    None => continue,
                },
            }
            known = true;
        }
        if known {
            out
        } else {
            PanelChoice::default()
        }
    }

    /// Whether every panel shows (nothing to write in a link).
    pub fn is_all(&self) -> bool {
        *self == PanelChoice::default()
    }

    /// Whether state panel `p` shows.
    pub fn shows(&self, p: Panel) -> bool {
        self.state.as_ref().is_none_or(|l| l.contains(&p))
    }

    /// Whether any state panel shows.
    pub fn shows_state(&self) -> bool {
        self.state.as_ref().is_none_or(|l| !l.is_empty())
    }

    /// The list as `panels=` writes it (`narration,state,ledger` for all).
    pub fn to_list(&self) -> String {
        let mut words: Vec<&str> = Vec::new();
        if self.narration {
            words.push("narration");
        }
        match &self.state {
            None => words.push("state"),
            Some(list) => words.extend(list.iter().map(|p| p.slug())),
        }
        if self.ledger {
            words.push("ledger");
        }
        words.join(",")
    }
}

/// The embed options of one lab.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EmbedOptions {
    /// `embed`: the lab without page chrome, sized to its frame.
    pub embed: bool,
    /// `lock`: play, scrub and read; no edit of the scenario.
    pub lock: bool,
    /// `step=N`: the step the cursor starts at (clamped to the run by the lab).
    pub step: Option<usize>,
    /// `panels=…`: which panels show.
    pub panels: PanelChoice,
    /// `predict`: ask for a prediction before the run is played.
    pub predict: bool,
}

/// A flag's value: present (`lock`, `lock=1`, `lock=yes`) means on, unless the
/// value says off (`0`, `false`, `no`, `off`).
fn flag(value: &str) -> bool {
    !matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "0" | "false" | "no" | "off"
    )
}

/// `%2C` and friends decoded, `+` read as a space; a malformed escape is kept as
/// written.
fn percent_decoded(s: &str) -> String {
    let spaced = s.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

/// The pairs of a query string (`?a=1&b`), names and values decoded; a name
/// without `=` has an empty value.
pub fn query_pairs(search: &str) -> impl Iterator<Item = (String, String)> + '_ {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decoded(k), percent_decoded(v))
        })
}

impl EmbedOptions {
    /// Where an embedded lab keeps its autosave: a place of its own for each
    /// starting link (its lesson and scenario code), so an embed never overwrites
    /// the full lab's work, nor another embed's on the same course page. None for
    /// the full lab.
    pub fn storage_scope(&self, search: &str) -> Option<String> {
        if !self.embed {
            return None;
        }
        let value = |name: &str| {
            query_pairs(search)
                .find(|(k, _)| k == name)
                .map(|(_, v)| v)
                .unwrap_or_default()
        };
        Some(format!("embed[{}|{}]", value("preset"), value("s")))
    }

    /// Reads the options from a query string such as `location.search`. The
    /// first occurrence of an option counts.
    pub fn from_query(search: &str) -> EmbedOptions {
        let mut o = EmbedOptions::default();
        let mut seen: Vec<String> = Vec::new();
        for (name, value) in query_pairs(search) {
            if seen.contains(&name) {
                continue;
            }
            match name.as_str() {
                "embed" => o.embed = flag(&value),
                "lock" => o.lock = flag(&value),
                "predict" => o.predict = flag(&value),
                "step" => o.step = value.trim().parse::<usize>().ok(),
                "panels" => o.panels = PanelChoice::parse(&value),
                _ => continue,
            }
            seen.push(name);
        }
        o
    }

    /// The options as query pairs (`embed&lock&panels=…`), the step left out (the
    /// scenario's part of a link carries it). Defaults are not written.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.embed {
            parts.push("embed".into());
        }
        if self.lock {
            parts.push("lock".into());
        }
        if !self.panels.is_all() {
            parts.push(format!("panels={}", self.panels.to_list()));
        }
        if self.predict {
            parts.push("predict".into());
        }
        parts.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_embed_keeps_its_work_apart_from_the_full_lab_and_other_embeds() {
        let full = "?preset=lost-ack&step=3";
        assert_eq!(EmbedOptions::from_query(full).storage_scope(full), None);
        let a = "?preset=lost-ack&embed&lock";
        let b = "?preset=db-then-commit&embed";
        let sa = EmbedOptions::from_query(a).storage_scope(a);
        let sb = EmbedOptions::from_query(b).storage_scope(b);
        assert!(sa.is_some() && sb.is_some());
        assert_ne!(sa, sb);
        let a_later = "?preset=lost-ack&embed&lock&step=9";
        assert_eq!(EmbedOptions::from_query(a_later).storage_scope(a_later), sa);
    }

    #[test]
    fn no_query_is_the_full_lab() {
        let o = EmbedOptions::from_query("");
        assert_eq!(o, EmbedOptions::default());
        assert!(!o.embed && !o.lock && !o.predict);
        assert_eq!(o.step, None);
        assert!(o.panels.is_all());
        assert_eq!(EmbedOptions::from_query("?preset=lost-ack"), o);
    }

    #[test]
    fn every_option_is_read() {
        let o = EmbedOptions::from_query(
            "?preset=db-then-commit&embed&lock=1&step=12&panels=input,sink,ledger&predict",
        );
        assert!(o.embed);
        assert!(o.lock);
        assert!(o.predict);
        assert_eq!(o.step, Some(12));
        assert!(!o.panels.narration);
        assert!(o.panels.ledger);
        assert_eq!(o.panels.state, Some(vec![Panel::Input, Panel::Sink]));
        assert!(o.panels.shows(Panel::Sink));
        assert!(!o.panels.shows(Panel::Store));
    }

    #[test]
    fn flags_can_be_turned_off_and_anything_else_turns_them_on() {
        for off in ["0", "false", "no", "OFF"] {
            let o = EmbedOptions::from_query(&format!("embed={off}&lock={off}&predict={off}"));
            assert!(!o.embed && !o.lock && !o.predict, "{off}");
        }
        for on in ["", "1", "true", "yes", "banana"] {
            let o = EmbedOptions::from_query(&format!("embed={on}&lock={on}"));
            assert!(o.embed && o.lock, "{on}");
        }
    }

    #[test]
    fn malformed_steps_are_ignored() {
        for bad in ["-3", "abc", "1.5", "", "99999999999999999999999999", "%zz"] {
            let o = EmbedOptions::from_query(&format!("embed&step={bad}"));
            assert_eq!(o.step, None, "{bad}");
            assert!(o.embed, "the other options still count ({bad})");
        }
        assert_eq!(EmbedOptions::from_query("step=%2012").step, Some(12));
        assert_eq!(EmbedOptions::from_query("step=0").step, Some(0));
    }

    #[test]
    fn the_first_occurrence_counts() {
        let o = EmbedOptions::from_query("step=3&step=9&lock=0&lock");
        assert_eq!(o.step, Some(3));
        assert!(!o.lock);
    }

    #[test]
    fn panel_lists_ignore_unknown_names_and_fall_back_to_all() {
        assert!(PanelChoice::parse("").is_all());
        assert!(PanelChoice::parse("bogus,<script>").is_all());
        let p = PanelChoice::parse("Ledger,nonsense,sink,sink");
        assert!(p.ledger && !p.narration);
        assert_eq!(p.state, Some(vec![Panel::Sink]));
        let p = PanelChoice::parse("ledger");
        assert!(!p.shows_state());
        let p = PanelChoice::parse("state,sink");
        assert_eq!(p.state, None, "`state` means every state panel");
        let o = EmbedOptions::from_query("panels=narration%2Cledger");
        assert!(o.panels.narration && o.panels.ledger && !o.panels.shows_state());
        // Diagram is always there: naming it alone is every panel still off.
        let p = PanelChoice::parse("diagram");
        assert!(!p.narration && !p.ledger && !p.shows_state());
    }

    #[test]
    fn options_write_back_what_they_read() {
        for q in [
            "embed",
            "embed&lock",
            "embed&lock&panels=input,sink,ledger&predict",
            "embed&panels=narration,state",
            "",
        ] {
            let o = EmbedOptions::from_query(q);
            assert_eq!(o.to_query(), q);
            assert_eq!(EmbedOptions::from_query(&o.to_query()), o);
        }
    }

    #[test]
    fn hostile_queries_never_panic() {
        for q in [
            "?&&&==&",
            "%",
            "%%%",
            "%e2%82",
            "embed=%ff%fe",
            "panels=%00,%ff",
            "step=\u{0}",
            "=&=&embed",
        ] {
            let _ = EmbedOptions::from_query(q);
        }
        assert!(EmbedOptions::from_query("=&=&embed").embed);
    }
}
