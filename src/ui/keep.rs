//! Keeping the learner's work: the address bar follows the scenario and the cursor
//! (`history.replaceState`, so Back is not flooded), every edit is autosaved to
//! localStorage, files are opened by picker or by a drop on the lab, and what the
//! lab could not open is said in the banner. The rules (what opens, what a link or
//! a file holds) live in `crate::share`; this only moves text in and out of the
//! browser.
//!
//! Work that something else replaces (a link or a lesson opened over it, a file, a
//! lesson picked) is kept as "your last scenario", in memory and in localStorage.

use super::state::Lab;
use crate::model::Scenario;
use crate::share::start::{self, Opened, Start};
use crate::share::{file, ShareError};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where a lab keeps its work in localStorage: the full lab under `eoslab.*`, an
/// embedded lab under a place of its own (see `EmbedOptions::storage_scope`), so an
/// embed never overwrites the full lab's work, nor another embed's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreKeys {
    /// The key of the autosaved scenario (a scenario file's text).
    pub autosave: String,
    /// The key of the learner's last scenario, kept when something replaced it.
    pub kept: String,
}

impl StoreKeys {
    /// The keys of the full lab (`scope` None) or of an embed's scope.
    pub fn new(scope: Option<&str>) -> StoreKeys {
        match scope {
            None => StoreKeys {
                autosave: "eoslab.autosave".into(),
                kept: "eoslab.kept".into(),
            },
            Some(scope) => StoreKeys {
                autosave: format!("eoslab.{scope}.autosave"),
                kept: format!("eoslab.{scope}.kept"),
            },
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The text stored under `key`, if storage is available.
pub fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn write(key: &str, text: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, text);
    }
}

/// Work done once after the next frame is painted, however often it was asked for
/// in between: writing the address bar and the autosave stays off the path from
/// an edit to its paint, and a burst of edits writes once.
#[derive(Clone, Copy)]
struct AfterPaint(StoredValue<bool>);

impl AfterPaint {
    fn new() -> AfterPaint {
        AfterPaint(StoredValue::new(false))
    }

    /// Runs `f` after the next paint, unless a run is already waiting (which will
    /// see the latest state, as `f` must read it when it runs).
    fn run(self, f: impl FnOnce() + 'static) {
        if self.0.try_get_value().unwrap_or(true) {
            return;
        }
        self.0.set_value(true);
        request_animation_frame(move || {
            set_timeout(
                move || {
                    if self.0.try_set_value(false).is_none() {
                        f();
                    }
                },
                std::time::Duration::ZERO,
            )
        });
    }
}

/// Puts the lab's scenario, lesson and step in the address bar, without a new
/// history entry. `None` when the lab is gone.
fn write_address(lab: Lab) -> Option<()> {
    let preset = lab.preset.try_get_untracked()?;
    let modified = lab.changes.try_with_untracked(|c| !c.is_empty())?;
    let step = lab.cursor.try_get_untracked()?;
    let location = window().location();
    let search = location.search().unwrap_or_default();
    let next = lab
        .scenario
        .try_with_untracked(|sc| start::address(&search, sc, preset, modified, step))?;
    if next != search {
        let url = format!("{}{next}", location.pathname().unwrap_or_default());
        let history = window().history().ok()?;
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
    Some(())
}

/// The lab's links, autosave and files, provided as context.
#[derive(Clone, Copy)]
pub struct Keep {
    /// What the banner says: why a link or a file could not be opened.
    pub problem: RwSignal<Option<String>>,
    /// The learner's work that something else replaced.
    pub last: RwSignal<Option<Scenario>>,
    /// Whether a file is being dragged over the lab.
    pub dropping: RwSignal<bool>,
    /// Whether the next change of scenario replaces it wholesale.
    replacing: StoredValue<bool>,
    /// Whether the last scenario is in localStorage yet.
    kept_stored: StoredValue<bool>,
    /// Where the work is kept.
    keys: StoredValue<StoreKeys>,
    /// The address bar's next update.
    address_soon: AfterPaint,
    /// The autosave's next write.
    save_soon: AfterPaint,
}

impl Keep {
    /// The keeper of a lab opened as `st` says, keeping its work under `keys`.
    pub fn new(st: &Start, keys: StoreKeys) -> Keep {
        Keep {
            problem: RwSignal::new(st.problem.clone()),
            last: RwSignal::new(st.last.clone()),
            dropping: RwSignal::new(false),
            replacing: StoredValue::new(false),
            kept_stored: StoredValue::new(st.opened == Opened::Autosave),
            keys: StoredValue::new(keys),
            address_soon: AfterPaint::new(),
            save_soon: AfterPaint::new(),
        }
    }

    /// One that keeps nothing yet (a lab opened on a lesson by its slug).
    pub fn idle() -> Keep {
        Keep {
            problem: RwSignal::new(None),
            last: RwSignal::new(None),
            dropping: RwSignal::new(false),
            replacing: StoredValue::new(false),
            kept_stored: StoredValue::new(true),
            keys: StoredValue::new(StoreKeys::new(None)),
            address_soon: AfterPaint::new(),
            save_soon: AfterPaint::new(),
        }
    }

    /// Makes it available to every component below.
    pub fn provide(self) {
        provide_context(self);
    }

    /// The keeper provided by an ancestor.
    pub fn expect() -> Keep {
        expect_context::<Keep>()
    }

    /// Starts following the lab: the address bar, the autosave, files dropped on
    /// the page.
    pub fn follow(self, lab: Lab) {
        self.sync_address(lab);
        self.autosave(lab);
        self.accept_drops(lab);
    }

    /// The address bar follows the scenario, its lesson and the cursor (written
    /// after the paint).
    fn sync_address(self, lab: Lab) {
        Effect::new(move |_| {
            lab.preset.track();
            lab.changes.track();
            lab.cursor.track();
            lab.scenario.track();
            self.address_soon.run(move || {
                let _ = untrack(|| write_address(lab));
            });
        });
    }

    /// Every change of the scenario is saved; work that a change replaced
    /// wholesale is kept as the last scenario first.
    fn autosave(self, lab: Lab) {
        Effect::new(move |prev: Option<(Scenario, Option<Scenario>)>| {
            let sc = lab.scenario.get();
            let origin = lab.origin.get();
            let replacing = self.replacing.get_value();
            self.replacing.set_value(false);
            if let Some((old, old_origin)) = prev {
                if old != sc {
                    if start::replaces_work(
                        &old,
                        old_origin.as_ref(),
                        &sc,
                        origin.as_ref(),
                        replacing,
                    ) {
                        self.keep_last(old);
                    } else if !self.kept_stored.get_value() {
                        if let Some(last) = self.last.get_untracked() {
                            self.keep_last(last);
                        }
                    }
                    self.kept_stored.set_value(true);
                    self.save_soon.run(move || {
                        let text = lab.scenario.try_with_untracked(file::export);
                        if let (Some(text), Some(key)) =
                            (text, self.keys.try_with_value(|k| k.autosave.clone()))
                        {
                            write(&key, &text);
                        }
                    });
                }
            }
            (sc, origin)
        });
    }

    fn keep_last(self, sc: Scenario) {
        self.keys.with_value(|k| write(&k.kept, &file::export(&sc)));
        self.last.set(Some(sc));
    }

    /// Opens `sc` in the lab in place of what it shows.
    pub fn replace(self, lab: Lab, sc: Scenario) {
        self.replacing.set_value(true);
        let preset = start::lesson_slug(&sc);
        lab.load_scenario(sc, preset);
    }

    /// Opens the text of a scenario file named `name`, or says in the banner what
    /// is wrong with it (the lab and the autosave stay as they are).
    pub fn open_text(self, lab: Lab, name: &str, text: &str) {
        match file::import(text) {
            Ok(sc) => {
                self.problem.set(None);
                self.replace(lab, sc);
                lab.notice
                    .set(Some(format!("Opened the file \u{201c}{name}\u{201d}.")));
            }
            Err(e) => self.refuse(name, &e),
        }
    }

    fn refuse(self, name: &str, e: &ShareError) {
        let name: String = name.chars().take(60).collect();
        self.problem.set(Some(format!(
            "The file \u{201c}{name}\u{201d} could not be opened: {e}. The lab still shows the scenario it had."
        )));
    }

    /// Reads a file the learner picked or dropped and opens it.
    pub fn open_file(self, lab: Lab, f: web_sys::File) {
        let name = f.name();
        if let Err(e) = file::check_size(f.size() as u64) {
            self.refuse(&name, &e);
            return;
        }
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(f.text()).await;
            match text.ok().and_then(|t| t.as_string()) {
                Some(t) => self.open_text(lab, &name, &t),
                None => self.refuse(
                    &name,
                    &ShareError::field("file", "it could not be read as text"),
                ),
            }
        });
    }

    /// A file dropped anywhere on the page opens; other drops are left alone.
    fn accept_drops(self, lab: Lab) {
        let carries_files = |e: &web_sys::DragEvent| {
            e.data_transfer()
                .is_some_and(|d| d.types().includes(&"Files".into(), 0))
        };
        let over = window_event_listener(leptos::ev::dragover, move |e: web_sys::DragEvent| {
            if carries_files(&e) {
                e.prevent_default();
                if let Some(d) = e.data_transfer() {
                    d.set_drop_effect("copy");
                }
                self.dropping.set(true);
            }
        });
        let leave = window_event_listener(leptos::ev::dragleave, move |e: web_sys::DragEvent| {
            if e.related_target().is_none() {
                self.dropping.set(false);
            }
        });
        let drop = window_event_listener(leptos::ev::drop, move |e: web_sys::DragEvent| {
            self.dropping.set(false);
            if !carries_files(&e) {
                return;
            }
            e.prevent_default();
            let first = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|l| l.get(0));
            if let Some(f) = first {
                self.open_file(lab, f);
            }
        });
        on_cleanup(move || {
            over.remove();
            leave.remove();
            drop.remove();
        });
    }
}

/// The link to the lab as it is now: this page's address with the scenario's query.
pub fn current_link(lab: Lab) -> String {
    let location = window().location();
    let search = location.search().unwrap_or_default();
    let query = lab.scenario.with_untracked(|sc| {
        start::address(
            &search,
            sc,
            lab.preset.get_untracked(),
            lab.is_modified(),
            lab.cursor.get_untracked(),
        )
    });
    format!(
        "{}{}{query}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// Copies `text` with the Clipboard API; `false` where there is none or it is
/// refused (an iframe without the permission, an insecure page).
pub async fn copy_to_clipboard(text: &str) -> bool {
    let navigator = window().navigator();
    let has = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    if !has {
        return false;
    }
    let clipboard = navigator.clipboard();
    let has_write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .map(|f| f.is_function())
        .unwrap_or(false);
    if !has_write {
        return false;
    }
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// The input element an event came from.
pub fn input_of(ev: &leptos::ev::Event) -> Option<web_sys::HtmlInputElement> {
    ev.target()?.dyn_into().ok()
}
