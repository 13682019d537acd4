//! What the lab opens: a link (`?s=…`) before a lesson (`?preset=…`) before the
//! learner's autosaved work, and the first lesson when there is none of them. A link
//! or a lesson opened over autosaved work leaves that work reachable as "your last
//! scenario"; a link that cannot be opened says why, and the lab falls back to
//! something that runs. Nothing here writes the autosave.

use super::{file, permalink};
use crate::model::presets;
use crate::model::Scenario;

/// Where the opened scenario came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opened {
    /// The link in the address bar.
    Link,
    /// A lesson named in the address bar.
    Lesson,
    /// The learner's autosaved work.
    Autosave,
    /// The first lesson (nothing else to open).
    Default,
}

/// What the lab opens with.
#[derive(Clone, Debug, PartialEq)]
pub struct Start {
    /// The scenario to show.
    pub scenario: Scenario,
    /// The lesson it belongs to (the preset of its title), for the lesson picker.
    pub preset: Option<&'static str>,
    /// The step to open at.
    pub step: usize,
    /// Where it came from.
    pub opened: Opened,
    /// What was wrong with the link, lesson or step asked for, in words.
    pub problem: Option<String>,
    /// The learner's earlier work, when something else was opened over it.
    pub last: Option<Scenario>,
}

/// The value of `name` in a query string such as `?preset=lost-ack&step=3`.
pub fn param<'a>(search: &'a str, name: &str) -> Option<&'a str> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The query string that reopens `sc` at `step`: `?preset=slug` for a lesson as
/// written, `?s=…` (after the lesson's slug, if any) once it differs, and `step=N`
/// past the start. Parameters of `search` that are not the lab's own (`embed`,
/// `lock`, …) are kept, in their order, after these.
pub fn address(
    search: &str,
    sc: &Scenario,
    preset: Option<&str>,
    modified: bool,
    step: usize,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(p) = preset {
        parts.push(format!("preset={p}"));
    }
    if modified || preset.is_none() {
        parts.push(format!("s={}", permalink::encode(sc, None)));
    }
    if step > 0 {
        parts.push(format!("step={step}"));
    }
    parts.extend(
        search
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
            .filter(|p| !matches!(p.split('=').next(), Some("s" | "preset" | "step")))
            .map(str::to_string),
    );
    format!("?{}", parts.join("&"))
}

/// The lesson whose title the scenario has.
pub fn lesson_slug(sc: &Scenario) -> Option<&'static str> {
    if sc.title.is_empty() {
        return None;
    }
    presets::all()
        .into_iter()
        .find(|p| p.scenario.title == sc.title)
        .map(|p| p.slug)
}

/// At most `n` characters of text someone else wrote, for a message.
fn quote(text: &str, n: usize) -> String {
    let mut q: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        q.push('…');
    }
    q
}

/// What the lab opens, given the address bar's query string and the texts of the
/// autosave and of the earlier work kept beside it (if any).
pub fn start(search: &str, autosave: Option<&str>, kept: Option<&str>) -> Start {
    let saved = autosave.and_then(|t| file::import(t).ok());
    let kept = kept.and_then(|t| file::import(t).ok());
    let fallback = |problem: String| match &saved {
        Some(sc) => open(
            sc.clone(),
            Opened::Autosave,
            Some(format!(
                "{problem} The lab shows your last scenario instead."
            )),
        ),
        None => {
            let p = presets::first();
            let title = p.title;
            open(
                p.scenario,
                Opened::Default,
                Some(format!(
                    "{problem} The lab shows the lesson \u{201c}{title}\u{201d} instead."
                )),
            )
        }
    };
    let mut st = if let Some(s) = param(search, "s") {
        match permalink::decode(s) {
            Ok((sc, step)) => {
                let mut st = open(sc, Opened::Link, None);
                st.step = step.unwrap_or(0);
                st
            }
            Err(e) => fallback(format!("This link could not be opened: {e}.")),
        }
    } else if let Some(slug) = param(search, "preset") {
        match presets::find(slug) {
            Some(p) => open(p.scenario, Opened::Lesson, None),
            None => fallback(format!(
                "There is no lesson \u{201c}{}\u{201d}.",
                quote(slug, 40)
            )),
        }
    } else {
        match &saved {
            Some(sc) => open(sc.clone(), Opened::Autosave, None),
            None => {
                let problem = autosave
                    .and_then(|t| file::import(t).err())
                    .map(|e| format!("Your autosaved scenario could not be read: {e}."));
                open(presets::first().scenario, Opened::Default, problem)
            }
        }
    };
    if let Some(s) = param(search, "step") {
        match s.parse::<usize>() {
            Ok(n) => st.step = n,
            Err(_) => {
                let p = format!(
                    "\u{201c}step={}\u{201d} is not a step number.",
                    quote(s, 12)
                );
                st.problem = Some(st.problem.map_or(p.clone(), |q| format!("{q} {p}")));
            }
        }
    }
    st.last = if st.opened == Opened::Autosave {
        // The work kept beside the autosave is the earlier one.
        kept.filter(|sc| *sc != st.scenario)
    } else {
        [saved, kept]
            .into_iter()
            .flatten()
            .find(|sc| *sc != st.scenario)
    };
    st
}

fn open(scenario: Scenario, opened: Opened, problem: Option<String>) -> Start {
    Start {
        preset: lesson_slug(&scenario),
        scenario,
        step: 0,
        opened,
        problem,
        last: None,
    }
}

/// Whether a change of scenario from `old` (from lesson `old_origin`) to `new` (from
/// `new_origin`) replaces the learner's work, which is then kept as their last
/// scenario: `old` was work (not a lesson as written) and the change put something
/// else in its place wholesale (`replacing`: a file or a link opened), a lesson
/// picked, or a lesson reset to as written, rather than an edit of it.
pub fn replaces_work(
    old: &Scenario,
    old_origin: Option<&Scenario>,
    new: &Scenario,
    new_origin: Option<&Scenario>,
    replacing: bool,
) -> bool {
    let was_work = old_origin != Some(old);
    let replaced = replacing || new_origin != old_origin || new_origin == Some(new);
    was_work && replaced
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_work_replaced_wholesale_is_kept_as_the_last_scenario() {
        let lesson = presets::find("db-then-commit").unwrap().scenario;
        let mut work = lesson.clone();
        work.faults.clear();
        let mut more = work.clone();
        more.design.kind = crate::model::DesignKind::IdempotentSink;
        let other = presets::find("lost-ack").unwrap().scenario;
        let (l, o) = (Some(&lesson), Some(&other));
        // An edit of work is not a replacement; an edit of the lesson as written
        // replaces no work.
        assert!(!replaces_work(&work, l, &more, l, false));
        assert!(!replaces_work(&lesson, l, &work, l, false));
        // Another lesson picked, the lesson reset, a file or a link opened: kept.
        assert!(replaces_work(&work, l, &other, o, false));
        assert!(replaces_work(&work, l, &lesson, l, false));
        assert!(replaces_work(&work, l, &more, l, true));
        // The lesson as written replaced by another is not work.
        assert!(!replaces_work(&lesson, l, &other, o, false));
    }
    use crate::model::{Anchor, Fault, FaultKind, StepKind};

    fn work() -> Scenario {
        let mut sc = presets::find("db-then-commit").unwrap().scenario;
        sc.faults = vec![Fault::new(
            FaultKind::Crash,
            Anchor::new(StepKind::Poll, "evt-1"),
        )];
        sc
    }

    #[test]
    fn a_link_opens_over_the_autosave_and_keeps_it_reachable() {
        let saved = file::export(&work());
        let other = presets::find("lost-ack").unwrap().scenario;
        let q = format!("?s={}&step=3", permalink::encode(&other, None));
        let st = start(&q, Some(&saved), None);
        assert_eq!(st.opened, Opened::Link);
        assert_eq!(st.scenario, other);
        assert_eq!(st.preset, Some("lost-ack"));
        assert_eq!(st.step, 3);
        assert_eq!(st.last, Some(work()));
        assert_eq!(st.problem, None);
    }

    #[test]
    fn without_a_link_the_autosave_comes_back() {
        let st = start("", Some(&file::export(&work())), None);
        assert_eq!(st.opened, Opened::Autosave);
        assert_eq!(st.scenario, work());
        assert_eq!(st.preset, Some("db-then-commit"));
        assert_eq!(st.last, None);
    }

    #[test]
    fn a_bad_link_falls_back_to_the_autosave_and_says_why() {
        let st = start("?s=1.AAAA", Some(&file::export(&work())), None);
        assert_eq!(st.opened, Opened::Autosave);
        assert_eq!(st.scenario, work());
        let p = st.problem.unwrap();
        assert!(
            p.starts_with("This link could not be opened: the link is damaged"),
            "{p}"
        );
        assert!(p.ends_with("your last scenario instead."), "{p}");
    }

    #[test]
    fn a_bad_link_without_autosave_opens_the_first_lesson() {
        let st = start("?s=7.AAAA", None, None);
        assert_eq!(st.opened, Opened::Default);
        assert_eq!(st.scenario, presets::first().scenario);
        assert!(st.problem.unwrap().contains("link format 7"));
    }

    #[test]
    fn a_lesson_opens_and_the_kept_work_stays_reachable() {
        let kept = file::export(&work());
        let st = start("?preset=lost-ack", None, Some(&kept));
        assert_eq!(st.opened, Opened::Lesson);
        assert_eq!(st.last, Some(work()));
        let st = start("?preset=%3Cscript%3E", None, None);
        assert!(st.problem.unwrap().contains("There is no lesson"));
    }

    #[test]
    fn the_address_follows_the_scenario_and_keeps_other_parameters() {
        let p = presets::find("lost-ack").unwrap().scenario;
        assert_eq!(
            address("?embed&lock=1", &p, Some("lost-ack"), false, 0),
            "?preset=lost-ack&embed&lock=1"
        );
        let a = address(
            "?preset=x&step=9&s=old",
            &work(),
            Some("db-then-commit"),
            true,
            4,
        );
        assert!(a.starts_with("?preset=db-then-commit&s=1."), "{a}");
        assert!(a.ends_with("&step=4"), "{a}");
        let st = start(&a, None, None);
        assert_eq!((st.scenario, st.step, st.opened), (work(), 4, Opened::Link));
    }

    #[test]
    fn a_bad_step_is_named() {
        let st = start("?preset=lost-ack&step=abc", None, None);
        assert_eq!(st.step, 0);
        assert!(st.problem.unwrap().contains("step=abc"));
    }

    #[test]
    fn an_unreadable_autosave_is_named() {
        let st = start("", Some("{not json"), None);
        assert_eq!(st.opened, Opened::Default);
        assert!(st
            .problem
            .unwrap()
            .starts_with("Your autosaved scenario could not be read"));
    }
}
