//! The limits every scenario keeps, wherever it comes from: the lab's workload
//! editor, a link, a file the lab imports, or a file `eoslab` reads. One table, so a
//! scenario one of them accepts the others accept too.
//!
//! The limits keep a scenario the size of a lesson (a diagram a person can read) and
//! keep hostile input from exhausting memory or overflowing the totals: with at most
//! [`MAX_EVENTS`] events of at most [`MAX_AMOUNT`] each, any total a run can reach —
//! even with every event replayed many times — is far inside `i64`, and the totals are
//! summed with [`sum`], which saturates instead of wrapping.

/// The most events a scenario holds.
pub const MAX_EVENTS: usize = 200;
/// The most partitions of the input topic.
pub const MAX_PARTITIONS: u32 = 8;
/// The smallest amount an event may carry (a refund).
pub const MIN_AMOUNT: i64 = -1_000_000;
/// The largest amount an event may carry.
pub const MAX_AMOUNT: i64 = 1_000_000;
/// The longest event id, record key or name, in characters.
pub const MAX_TEXT_CHARS: usize = 40;
/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 120;
/// The most faults placed on one run.
pub const MAX_FAULTS: usize = 32;
/// The longest duration a knob or a fault takes: thirty days, in milliseconds.
pub const MAX_MS: u64 = 30 * 24 * 3_600_000;
/// The most input records per commit (`commit_every`).
pub const MAX_COMMIT_EVERY: u32 = 1000;
/// The largest scenario file, in bytes (a full 200-event file is well under 100 KB).
pub const MAX_FILE_BYTES: usize = 1 << 20;
/// The longest link value (`?s=…`), in characters: room for the largest scenario
/// these limits allow.
pub const MAX_LINK_CHARS: usize = 40_000;

/// What is wrong with a piece of text for an id, key or name (`max` characters at
/// most, not empty, no control characters), or `None` when it is fine. Text is kept
/// as it is written: markup in it is only text, escaped wherever it is drawn.
pub fn text_problem(text: &str, max: usize, may_be_empty: bool) -> Option<String> {
    if text.is_empty() && !may_be_empty {
        return Some("cannot be empty".into());
    }
    if text.chars().count() > max {
        return Some(format!("takes at most {max} characters"));
    }
    if text.chars().any(char::is_control) {
        return Some("cannot hold tabs, line breaks or other control characters".into());
    }
    None
}

/// What is wrong with an amount, or `None` when it is within the limits.
pub fn amount_problem(amount: i64) -> Option<String> {
    (!(MIN_AMOUNT..=MAX_AMOUNT).contains(&amount))
        .then(|| format!("must be a whole number from {MIN_AMOUNT} to {MAX_AMOUNT}"))
}

/// The sum of `amounts`, saturating at the ends of `i64` instead of wrapping.
pub fn sum(amounts: impl IntoIterator<Item = i64>) -> i64 {
    amounts.into_iter().fold(0i64, i64::saturating_add)
}

/// The limits in one sentence, for the lab's editor and the documentation.
pub fn sentence() -> String {
    format!(
        "Up to {MAX_EVENTS} events on 1 to {MAX_PARTITIONS} partitions; ids unique; \
         amounts from {MIN_AMOUNT} to {MAX_AMOUNT}; ids, keys and names up to \
         {MAX_TEXT_CHARS} characters."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_saturate_instead_of_wrapping() {
        assert_eq!(sum([i64::MAX, 1]), i64::MAX);
        assert_eq!(sum([i64::MIN, -1]), i64::MIN);
        assert_eq!(sum([2, 3, -1]), 4);
    }

    #[test]
    fn text_problems_are_named() {
        assert_eq!(text_problem("evt-1", 40, false), None);
        assert!(text_problem("", 40, false).is_some());
        assert_eq!(text_problem("", 40, true), None);
        assert!(text_problem(&"x".repeat(41), 40, false)
            .unwrap()
            .contains("40"));
        assert!(text_problem("a\nb", 40, false)
            .unwrap()
            .contains("line breaks"));
        // Markup is only text.
        assert_eq!(text_problem("<b>x</b>", 40, false), None);
    }

    #[test]
    fn amounts_past_the_limit_are_refused() {
        assert_eq!(amount_problem(MAX_AMOUNT), None);
        assert_eq!(amount_problem(MIN_AMOUNT), None);
        assert!(amount_problem(MAX_AMOUNT + 1).is_some());
        assert!(amount_problem(i64::MAX).is_some());
        assert!(amount_problem(i64::MIN).is_some());
    }
}
