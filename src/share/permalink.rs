//! Links: a scenario and a step as the value of a URL's `s` parameter.
//!
//! The value is the link format's number, a dot, and the scenario as postcard bytes
//! (a compact serde format) in URL-safe base64 without padding: `1.AQ1kYi10aGVu…`.
//! The number lets every later version open the links written today: each format
//! has its own frozen module (`wire_v1`), and a link of a format newer than this lab
//! is refused by name instead of misread.

use super::wire_v1::LinkV1;
use super::ShareError;
use crate::model::limits::MAX_LINK_CHARS;
use crate::model::Scenario;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// The longest link that every common web server takes in its request line (many
/// refuse more than 8 KB); a longer link still opens where the server allows it.
pub const SAFE_LINK_CHARS: usize = 8_000;

/// The link format this version writes.
pub const FORMAT: u64 = 1;

/// The `s` value of a link to `sc`, opening at `step` (none: at the start). The
/// scenario's `expect` section is not part of a link.
pub fn encode(sc: &Scenario, step: Option<usize>) -> String {
    let bytes = postcard::to_allocvec(&LinkV1::of(sc, step)).unwrap_or_default();
    format!("{FORMAT}.{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// The scenario and step of a link's `s` value, checked like a scenario file; or
/// what is wrong with it.
pub fn decode(s: &str) -> Result<(Scenario, Option<usize>), ShareError> {
    let s = s.trim();
    if s.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLong {
            what: "link",
            len: s.len(),
            max: MAX_LINK_CHARS,
        });
    }
    let (format, payload) = s.split_once('.').ok_or(ShareError::NotALink)?;
    if format.is_empty() || format.len() > 9 || !format.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ShareError::NotALink);
    }
    match format.parse::<u64>() {
        Ok(FORMAT) => {}
        Ok(v) if v > FORMAT => return Err(ShareError::NewerFormat(v)),
        _ => return Err(ShareError::UnknownFormat),
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| ShareError::BadBase64)?;
    let (link, rest): (LinkV1, &[u8]) =
        postcard::take_from_bytes(&bytes).map_err(|e| ShareError::Damaged(damage(&e)))?;
    if !rest.is_empty() {
        return Err(ShareError::Damaged(format!(
            "{} bytes follow the scenario",
            rest.len()
        )));
    }
    link.into_scenario()
}

/// What postcard found, in words.
fn damage(e: &postcard::Error) -> String {
    use postcard::Error as E;
    match e {
        E::DeserializeUnexpectedEnd => "it ends too early".into(),
        E::DeserializeBadUtf8 | E::DeserializeBadChar => "a name is not valid text".into(),
        E::DeserializeBadVarint
        | E::DeserializeBadBool
        | E::DeserializeBadOption
        | E::DeserializeBadEnum => "a value is not what the format allows there".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::presets;

    #[test]
    fn every_preset_survives_a_link() {
        for p in presets::all() {
            let s = encode(&p.scenario, Some(4));
            let (back, step) = decode(&s).unwrap_or_else(|e| panic!("{}: {e}", p.slug));
            let mut want = p.scenario.clone();
            want.expect = None;
            assert_eq!(back, want, "{}", p.slug);
            assert_eq!(step, Some(4));
        }
    }

    #[test]
    fn a_link_starts_with_its_format() {
        let s = encode(&presets::first().scenario, None);
        assert!(s.starts_with("1."), "{s}");
        assert!(s[2..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }

    #[test]
    fn links_of_a_later_format_are_refused_by_name() {
        let e = decode("2.AAAA").unwrap_err();
        assert_eq!(e, ShareError::NewerFormat(2));
        assert!(
            e.to_string().contains("newer EOS Lab (link format 2)"),
            "{e}"
        );
        assert_eq!(decode("0.AAAA").unwrap_err(), ShareError::UnknownFormat);
        assert_eq!(decode("AAAA").unwrap_err(), ShareError::NotALink);
        assert_eq!(decode("x1.AAAA").unwrap_err(), ShareError::NotALink);
    }

    #[test]
    fn damage_is_named() {
        let s = encode(&presets::first().scenario, None);
        assert_eq!(decode(&format!("{s}*")).unwrap_err(), ShareError::BadBase64);
        let cut = &s[..2 + (s.len() - 2) / 8 * 4];
        assert!(matches!(decode(cut).unwrap_err(), ShareError::Damaged(_)));
        let long = format!("1.{}", "A".repeat(MAX_LINK_CHARS));
        assert!(matches!(
            decode(&long).unwrap_err(),
            ShareError::TooLong { what: "link", .. }
        ));
    }
}
