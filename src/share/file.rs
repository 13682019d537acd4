//! Scenario files: the lab exports and imports the format `eoslab run` reads
//! (`docs/scenario-format.md`), through the same parser and the same limits.

use super::ShareError;
use crate::model::limits::MAX_FILE_BYTES;
use crate::model::Scenario;

/// The scenario as a file's text (pretty JSON, defaults left out).
pub fn export(sc: &Scenario) -> String {
    let mut text = sc.to_json();
    text.push('\n');
    text
}

/// A file name for the scenario: `eoslab-` and its title in lower-case words.
pub fn file_name(sc: &Scenario) -> String {
    let mut name = String::from("eoslab");
    let mut dash = true;
    for c in sc.title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            if dash {
                name.push('-');
            }
            name.push(c);
            dash = false;
        } else {
            dash = true;
        }
        if name.len() >= 60 {
            break;
        }
    }
    name.push_str(".json");
    name
}

/// Refuses a file larger than a scenario file may be, before it is read.
pub fn check_size(bytes: u64) -> Result<(), ShareError> {
    if bytes > MAX_FILE_BYTES as u64 {
        return Err(ShareError::TooLong {
            what: "file",
            len: usize::try_from(bytes).unwrap_or(usize::MAX),
            max: MAX_FILE_BYTES,
        });
    }
    Ok(())
}

/// The scenario of a file's text, parsed and checked as `eoslab run` does; or the
/// field at fault and what is wrong with it.
pub fn import(text: &str) -> Result<Scenario, ShareError> {
    check_size(text.len() as u64)?;
    Ok(Scenario::from_json(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    #[test]
    fn a_file_round_trips() {
        for p in presets::all() {
            assert_eq!(
                import(&export(&p.scenario)).unwrap(),
                p.scenario,
                "{}",
                p.slug
            );
        }
    }

    #[test]
    fn file_names_are_plain() {
        let mut sc = presets::first().scenario;
        sc.title = "<script>alert(1)</script> Crash: db/then commit".into();
        assert_eq!(
            file_name(&sc),
            "eoslab-script-alert-1-script-crash-db-then-commit.json"
        );
        sc.title.clear();
        assert_eq!(file_name(&sc), "eoslab.json");
    }

    #[test]
    fn errors_name_the_field() {
        let text = export(&presets::first().scenario).replace("\"version\": 1", "\"version\": 3");
        let e = import(&text).unwrap_err();
        assert!(
            e.to_string().starts_with("version: this is version 3"),
            "{e}"
        );
        let e = import(&" ".repeat(MAX_FILE_BYTES + 1)).unwrap_err();
        assert!(e.to_string().contains("at most 1048576"), "{e}");
    }
}
