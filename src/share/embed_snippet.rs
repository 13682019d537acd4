//! What "Copy embed code" gives a course author: the address of an embedded lab,
//! the address of the full lab at the same scenario and step, and the `<iframe>`
//! snippet with its fallback link. Every value goes through the one escaping
//! writer ([`crate::render::markup::Html`]), so a scenario's title cannot become
//! markup in someone's course page.

use super::embed_options::EmbedOptions;
use super::start;
use crate::model::presets;
use crate::model::Scenario;
use crate::render::markup::Html;

/// The height an embed starts at before the lab says how tall it is (px): the
/// lab is designed for a 720 × 560 frame.
pub const DEFAULT_HEIGHT: u32 = 560;

/// The name of the host script `dist/` ships beside the lab.
pub const HOST_SCRIPT: &str = "embed-host.js";

/// The scenario's part of a link: which scenario, at which step.
///
/// A lesson as written is named by its slug (`preset=db-then-commit&step=4`); a
/// scenario that differs from it (or belongs to no lesson) also carries the whole
/// scenario as a [`super::permalink`] link (`preset=db-then-commit&s=1.…`), the same query the
/// lab's address bar shows ([`start::address`]). Every link of the embed feature
/// is built here.
pub fn scenario_query(sc: &Scenario, preset: Option<&str>, step: Option<usize>) -> String {
    let modified = preset
        .and_then(presets::find)
        .is_none_or(|p| p.scenario != *sc);
    let q = start::address("", sc, preset, modified, step.unwrap_or(0));
    q.trim_start_matches('?').to_string()
}

/// `base` with `query` as its query string (`base` loses any query or fragment
/// it had).
fn with_query(base: &str, query: &str) -> String {
    let base = base.split(['?', '#']).next().unwrap_or(base);
    if query.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{query}")
    }
}

/// The full lab (`lab_url`) opened on the scenario `scenario` (a
/// [`scenario_query`]).
pub fn full_lab_url(lab_url: &str, scenario: &str) -> String {
    with_query(lab_url, scenario)
}

/// The embedded lab: the scenario, then the embed options (`embed` always on).
pub fn embed_url(lab_url: &str, scenario: &str, options: &EmbedOptions) -> String {
    let options = EmbedOptions {
        embed: true,
        ..options.clone()
    };
    let q: Vec<String> = [scenario.to_string(), options.to_query()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    with_query(lab_url, &q.join("&"))
}

/// The host script's address beside the lab at `lab_url`.
pub fn host_script_url(lab_url: &str) -> String {
    let base = lab_url.split(['?', '#']).next().unwrap_or(lab_url);
    let dir = match base.rfind('/') {
        Some(i) => &base[..=i],
        None => "",
    };
    format!("{dir}{HOST_SCRIPT}")
}

/// What a snippet holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedCode {
    /// The lab's address without a query (`https://course.example/eoslab/`).
    pub lab_url: String,
    /// The scenario's part of the link ([`scenario_query`]).
    pub scenario: String,
    /// The options chosen.
    pub options: EmbedOptions,
    /// The frame's title, for screen readers (the lesson's title).
    pub title: String,
    /// The frame's height before the lab resizes it (px).
    pub height: u32,
    /// Whether the snippet ends with the host script that resizes the frame.
    pub host_script: bool,
}

impl EmbedCode {
    /// The `<iframe>` (with a `title`, `width="100%"`, a height, `loading="lazy"`
    /// and a fallback link inside), and the host script's line if asked for.
    pub fn snippet(&self) -> String {
        let src = embed_url(&self.lab_url, &self.scenario, &self.options);
        let full = full_lab_url(&self.lab_url, &self.scenario);
        let title = format!("EOS Lab: {}", self.title.trim());
        let mut h = Html::with_capacity(512);
        h.start("iframe");
        h.attr("title", &title);
        h.attr("src", &src);
        h.attr("width", "100%");
        h.num("height", self.height.clamp(200, 4000));
        h.attr("loading", "lazy");
        h.attr("style", "border:0;max-width:800px");
        h.attr("allow", "clipboard-write");
        h.attr("data-eoslab", "");
        h.end();
        h.start("a");
        h.attr("href", &full);
        h.end();
        h.text(&format!("Open {title}"));
        h.close("a");
        h.close("iframe");
        if self.host_script {
            h.raw("\n");
            h.start("script");
            h.attr("src", &host_script_url(&self.lab_url));
            h.raw(" defer");
            h.end();
            h.close("script");
        }
        h.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::embed_options::PanelChoice;

    fn code() -> EmbedCode {
        EmbedCode {
            lab_url: "https://course.example/eoslab/index.html".into(),
            scenario: "preset=db-then-commit&step=4".into(),
            options: EmbedOptions {
                lock: true,
                ..EmbedOptions::default()
            },
            title: "Write the row, then commit".into(),
            height: DEFAULT_HEIGHT,
            host_script: true,
        }
    }

    #[test]
    fn a_scenario_link_names_its_preset_and_step() {
        let p = presets::find("db-then-commit").unwrap();
        assert_eq!(
            scenario_query(&p.scenario, Some("db-then-commit"), Some(4)),
            "preset=db-then-commit&step=4"
        );
        assert_eq!(
            scenario_query(&p.scenario, Some("db-then-commit"), Some(0)),
            "preset=db-then-commit"
        );
        // A scenario changed from its preset carries itself, and opens as it is.
        let mut sc = p.scenario.clone();
        sc.faults.clear();
        let q = scenario_query(&sc, Some("db-then-commit"), Some(2));
        assert!(q.starts_with("preset=db-then-commit&s=1."), "{q}");
        assert!(q.ends_with("&step=2"), "{q}");
        let s = q.split('&').find_map(|p| p.strip_prefix("s=")).unwrap();
        assert_eq!(crate::share::permalink::decode(s).unwrap().0, sc);
        assert!(scenario_query(&sc, None, None).starts_with("s=1."));
    }

    #[test]
    fn the_snippet_has_every_part_a_course_page_needs() {
        let s = code().snippet();
        assert!(
            s.starts_with("<iframe title=\"EOS Lab: Write the row, then commit\""),
            "{s}"
        );
        assert!(s.contains(
            " src=\"https://course.example/eoslab/index.html?preset=db-then-commit&amp;step=4&amp;embed&amp;lock\""
        ), "{s}");
        assert!(s.contains(" width=\"100%\""));
        assert!(s.contains(" height=\"560\""));
        assert!(s.contains(" loading=\"lazy\""));
        assert!(s.contains(
            "<a href=\"https://course.example/eoslab/index.html?preset=db-then-commit&amp;step=4\">Open EOS Lab: Write the row, then commit</a></iframe>"
        ), "the fallback link opens the full lab: {s}");
        assert!(
            s.ends_with(
                "\n<script src=\"https://course.example/eoslab/embed-host.js\" defer></script>"
            ),
            "{s}"
        );
        let no_script = EmbedCode {
            host_script: false,
            ..code()
        }
        .snippet();
        assert!(no_script.ends_with("</iframe>"));
    }

    #[test]
    fn the_title_is_escaped() {
        let evil = EmbedCode {
            title: "\"><script>alert('x')</script>&".into(),
            ..code()
        }
        .snippet();
        assert!(!evil.contains("<script>alert"), "{evil}");
        assert!(
            evil.contains(
                "title=\"EOS Lab: &quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;\""
            ),
            "{evil}"
        );
        assert_eq!(evil.matches("<iframe").count(), 1);
        assert_eq!(evil.matches("<script").count(), 1, "only the host script");
    }

    #[test]
    fn options_go_into_the_frame_not_the_fallback() {
        let c = EmbedCode {
            options: EmbedOptions {
                lock: false,
                predict: true,
                panels: PanelChoice::parse("sink,ledger"),
                ..EmbedOptions::default()
            },
            ..code()
        };
        let src = embed_url(&c.lab_url, &c.scenario, &c.options);
        assert_eq!(
            src,
            "https://course.example/eoslab/index.html?preset=db-then-commit&step=4&embed&panels=sink,ledger&predict"
        );
        let back = EmbedOptions::from_query(src.split_once('?').unwrap().1);
        assert!(back.embed && back.predict && !back.lock);
        assert_eq!(back.step, Some(4));
        assert_eq!(back.panels, c.options.panels);
        assert!(!c.snippet().contains("predict\">Open"));
    }

    #[test]
    fn addresses_lose_their_old_query_and_find_the_host_script() {
        assert_eq!(
            embed_url(
                "http://h/lab/?preset=x&embed#top",
                "preset=y",
                &EmbedOptions::default()
            ),
            "http://h/lab/?preset=y&embed"
        );
        assert_eq!(full_lab_url("http://h/lab/", ""), "http://h/lab/");
        assert_eq!(
            host_script_url("http://h/lab/"),
            "http://h/lab/embed-host.js"
        );
        assert_eq!(
            host_script_url("http://h/lab/index.html?x=/y"),
            "http://h/lab/embed-host.js"
        );
    }

    #[test]
    fn heights_stay_sensible() {
        let tiny = EmbedCode {
            height: 3,
            ..code()
        }
        .snippet();
        assert!(tiny.contains(" height=\"200\""));
        let huge = EmbedCode {
            height: u32::MAX,
            ..code()
        }
        .snippet();
        assert!(huge.contains(" height=\"4000\""));
    }
}
