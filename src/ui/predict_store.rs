//! Keeps the learner's predictions in the browser's localStorage, one per scenario
//! key. Nothing is ever sent anywhere; without storage (a private window, a
//! sandboxed iframe) a prediction simply lasts as long as the page.

use crate::model::prediction::{scenario_key, Prediction};
use crate::model::Scenario;

/// The storage key's prefix; the scenario key follows it.
const PREFIX: &str = "eoslab.prediction.";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The prediction kept for `sc` as it is now, if any.
pub fn load(sc: &Scenario) -> Option<Prediction> {
    let text = storage()?
        .get_item(&format!("{PREFIX}{}", scenario_key(sc)))
        .ok()??;
    Prediction::from_json(&text).filter(|p| p.is_for(sc))
}

/// Keeps `p` under its scenario's key (a full or refused storage is ignored).
pub fn save(p: &Prediction) {
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("{PREFIX}{}", p.scenario), &p.to_json());
    }
}

/// Forgets the prediction kept under scenario key `key`.
pub fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&format!("{PREFIX}{key}"));
    }
}
