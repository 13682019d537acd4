//! Which of the rows already drawn an update can keep: a row is kept when its
//! markup is unchanged, wherever it now sits, so an edit that inserts a few steps
//! writes only those steps' rows and moves the others.

use std::collections::HashMap;

/// For each of the `new` pieces, the index in `old` of an identical piece to keep
/// (`None`: write it). Each old piece is kept at most once; among equal pieces
/// the earliest old one goes to the earliest new one, so rows keep their order.
pub fn reuse(old: &[String], new: &[String]) -> Vec<Option<usize>> {
    let mut by_markup: HashMap<&str, std::collections::VecDeque<usize>> = HashMap::new();
    for (j, piece) in old.iter().enumerate() {
        by_markup.entry(piece.as_str()).or_default().push_back(j);
    }
    new.iter()
        .map(|piece| {
            by_markup
                .get_mut(piece.as_str())
                .and_then(|q| q.pop_front())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn an_insertion_keeps_every_other_row_in_order() {
        let old = v(&["a", "b", "c", "d"]);
        let new = v(&["a", "b", "crash", "recover", "c", "d"]);
        assert_eq!(
            reuse(&old, &new),
            vec![Some(0), Some(1), None, None, Some(2), Some(3)]
        );
    }

    #[test]
    fn equal_rows_are_kept_once_each_and_in_order() {
        let old = v(&["x", "y", "x"]);
        let new = v(&["x", "x", "x", "y"]);
        assert_eq!(reuse(&old, &new), vec![Some(0), Some(2), None, Some(1)]);
    }

    #[test]
    fn changed_rows_are_written_again() {
        let old = v(&["a", "b"]);
        assert_eq!(reuse(&old, &v(&["a", "B"])), vec![Some(0), None]);
        assert_eq!(reuse(&[], &v(&["a"])), vec![None]);
        assert!(reuse(&old, &[]).is_empty());
    }

    #[test]
    fn no_old_row_is_kept_twice() {
        let old = v(&["a", "a", "b", "c", "a"]);
        let new = v(&["a", "b", "a", "a", "a", "c", "b"]);
        let plan = reuse(&old, &new);
        let mut kept: Vec<usize> = plan.iter().flatten().copied().collect();
        let all = kept.len();
        kept.sort_unstable();
        kept.dedup();
        assert_eq!(kept.len(), all);
        for (i, j) in plan.iter().enumerate() {
            if let Some(j) = j {
                assert_eq!(old[*j], new[i]);
            }
        }
    }
}
