//! Why a link or a file could not be opened, in words for the person who opened it.

use crate::model::scenario::ScenarioError;
use std::fmt;

/// What was wrong with a link or a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Longer than a link or file may be.
    TooLong {
        /// `link` or `file`.
        what: &'static str,
        /// Its length (characters of a link, bytes of a file).
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// A link value without the format number in front (`1.…`).
    NotALink,
    /// A link of a later format than this lab reads.
    NewerFormat(u64),
    /// A format number no version of the lab has written (0, or not a number).
    UnknownFormat,
    /// Characters that are not URL-safe base64.
    BadBase64,
    /// Bytes that do not decode as a scenario (cut short, altered).
    Damaged(String),
    /// A code naming a design, fault, step, knob or name that does not exist.
    UnknownCode {
        /// What the code names (`design`, `fault kind`, …).
        what: &'static str,
        /// The code.
        code: u64,
    },
    /// A scenario that breaks a rule of the format or a limit, with the field at fault.
    Invalid(ScenarioError),
}

impl ShareError {
    /// An invalid field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> ShareError {
        ShareError::Invalid(ScenarioError {
            field: field.into(),
            message: message.into(),
        })
    }
}

impl From<ScenarioError> for ShareError {
    fn from(e: ScenarioError) -> Self {
        ShareError::Invalid(e)
    }
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::TooLong { what, len, max } => {
                let unit = if *what == "link" { "characters" } else { "bytes" };
                write!(
                    f,
                    "the {what} is too long: {len} {unit}, and a {what} holds at most {max}"
                )
            }
            ShareError::NotALink => f.write_str(
                "this is not an EOS Lab link: its value should start with a format number, as in `s=1.…`",
            ),
            ShareError::NewerFormat(v) => write!(
                f,
                "the link was made by a newer EOS Lab (link format {v}); this lab opens links of format {}",
                super::permalink::FORMAT
            ),
            ShareError::UnknownFormat => f.write_str(
                "the link's format number is not one EOS Lab has ever written",
            ),
            ShareError::BadBase64 => f.write_str(
                "the link is damaged: it holds characters that are not URL-safe base64 (was it changed when it was copied?)",
            ),
            ShareError::Damaged(why) => write!(
                f,
                "the link is damaged (cut short or altered when it was copied): {why}"
            ),
            ShareError::UnknownCode { what, code } => {
                write!(f, "the link names an unknown {what} (code {code})")
            }
            ShareError::Invalid(e) => write!(f, "{}: {}", e.field, e.message),
        }
    }
}

impl std::error::Error for ShareError {}
