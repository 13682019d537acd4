//! Where things sit on the sequence diagram, as pure functions: the lanes, the
//! rows, the gaps between rows. The diagram draws with these and drag
//! hit-testing reads them back, so a drop lands where the learner sees the gap.
//!
//! Lanes take the width they are given, from [`COL_MAX`] down to [`COL_MIN`];
//! below that the diagram keeps its minimum width and scrolls sideways inside
//! its own region.

use crate::model::{StepKind, Trace};

/// Height of one step's row (px).
pub const ROW: f64 = 26.0;
/// Width of the step-number gutter on the left (px).
pub const GUTTER: f64 = 40.0;
/// Widest lane (px).
pub const COL_MAX: f64 = 108.0;
/// Narrowest lane (px): below it the diagram scrolls sideways.
pub const COL_MIN: f64 = 64.0;
/// Widest room right of the last lane, for labels and transaction names (px).
pub const TAIL_MAX: f64 = 170.0;
/// Narrowest room right of the last lane (px).
pub const TAIL_MIN: f64 = 72.0;
/// Height of a gap's drop strip (px).
pub const GAP_H: f64 = 12.0;
/// Left edge of the placed-fault tokens (px).
pub const TOKEN_X: f64 = GUTTER + 4.0;
/// Room per placed-fault token sharing one gap (px).
pub const TOKEN_W: f64 = 104.0;
/// Average advance of one character of a label (px, 11.5 px sans-serif).
pub const CHAR_W: f64 = 6.4;
/// Widest advance of one character of a lifeline head (px, 10.5 px bold).
pub const HEAD_CHAR_W: f64 = 6.6;
/// Room a lifeline head needs beside its text (padding and border, px).
pub const HEAD_PAD: f64 = 12.0;

/// The horizontal layout of a diagram: how many lanes and how wide each is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    /// Number of lifelines.
    pub lanes: usize,
    /// Width of one lane (px, whole).
    pub col: f64,
    /// Room right of the last lane (px, whole).
    pub tail: f64,
}

/// The layout of `lanes` lifelines in `available` px: lanes narrow to the space
/// down to [`COL_MIN`] (the room on the right narrows first).
pub fn layout(available: f64, lanes: usize) -> Layout {
    layout_fitting(available, lanes, COL_MIN)
}

/// The narrowest lane that shows every head in `names` without cutting a word:
/// names wrap at spaces and after hyphens, so the longest such piece must fit.
pub fn min_col_for<S: AsRef<str>>(names: &[S]) -> f64 {
    let longest = names
        .iter()
        .flat_map(|n| n.as_ref().split(' ').flat_map(|w| w.split_inclusive('-')))
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    (longest as f64 * HEAD_CHAR_W + HEAD_PAD)
        .ceil()
        .max(COL_MIN)
}

/// Like [`layout`], with lanes never narrower than `min_col` (see [`min_col_for`]).
pub fn layout_fitting(available: f64, lanes: usize, min_col: f64) -> Layout {
    let min_col = min_col.max(COL_MIN);
    let n = lanes.max(1) as f64;
    let room = (available - GUTTER).max(0.0);
    let (col, tail) = if room >= n * COL_MAX + TAIL_MAX {
        (COL_MAX, TAIL_MAX)
    } else if room >= n * COL_MAX + TAIL_MIN {
        (COL_MAX, (room - n * COL_MAX).floor())
    } else {
        let col = ((room - TAIL_MIN) / n).floor().min(COL_MAX).max(min_col);
        (col, TAIL_MIN)
    };
    Layout { lanes, col, tail }
}

impl Layout {
    /// The centre of lane `col` (px from the diagram's left edge).
    pub fn lane_x(&self, col: usize) -> f64 {
        GUTTER + self.col * col as f64 + (self.col / 2.0).floor()
    }

    /// The left edge of lane `col`.
    pub fn lane_left(&self, col: usize) -> f64 {
        GUTTER + self.col * col as f64
    }

    /// The right edge of the last lane.
    pub fn right(&self) -> f64 {
        GUTTER + self.col * self.lanes as f64
    }

    /// The width of the whole diagram.
    pub fn width(&self) -> f64 {
        self.right() + self.tail
    }

    /// Whether the diagram is wider than `available` (and scrolls sideways).
    pub fn scrolls(&self, available: f64) -> bool {
        self.width() > available
    }
}

/// The centre of lane `col` of `lanes` in `available` px.
pub fn lane_x(col: usize, available: f64, lanes: usize) -> f64 {
    layout(available, lanes).lane_x(col)
}

/// The width of a diagram of `lanes` lifelines in `available` px.
pub fn diagram_width(available: f64, lanes: usize) -> f64 {
    layout(available, lanes).width()
}

/// The top of step `i`'s row (px below the top of the rows).
pub fn row_y(i: usize) -> f64 {
    ROW * i as f64
}

/// The line of the gap after step `i` (the bottom of its row).
pub fn gap_y(i: usize) -> f64 {
    ROW * (i + 1) as f64
}

/// The height of the rows of `steps` steps.
pub fn rows_height(steps: usize) -> f64 {
    ROW * steps as f64 + 8.0
}

/// Steps the drawings' `<svg>`s make room for at a time.
pub const DRAWN_CHUNK: usize = 64;

/// The height of the drawings (rows and step numbers) for `steps` steps: room for
/// whole chunks of [`DRAWN_CHUNK`] steps, clipped to [`rows_height`] by the diagram's
/// body. An edit that adds or removes a few steps then leaves the drawings' size
/// alone (a new size lays out every row again).
pub fn drawn_height(steps: usize) -> f64 {
    rows_height(steps.div_ceil(DRAWN_CHUNK) * DRAWN_CHUNK)
}

/// The step whose row is at `y` px below the top of the rows.
pub fn row_at(steps: usize, y: f64) -> Option<usize> {
    if y < 0.0 {
        return None;
    }
    let i = (y / ROW).floor() as usize;
    (i < steps).then_some(i)
}

/// The gap nearest to `y` px below the top of the rows: the gap after the step
/// whose bottom edge is closest (a fault's own row counts as its anchor's gap).
pub fn gap_near(t: &Trace, y: f64) -> Option<usize> {
    let n = t.steps.len();
    if n == 0 {
        return None;
    }
    let boundary = (y / ROW).round().max(1.0) as usize;
    let start = boundary.min(n) - 1;
    (0..=start)
        .rev()
        .find(|&i| t.steps[i].kind != StepKind::Fault)
}

/// How many characters of a label fit in `px`.
pub fn chars_in(px: f64) -> usize {
    (px / CHAR_W).floor().max(0.0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{presets, simulate};

    #[test]
    fn lanes_are_widest_when_there_is_room() {
        let l = layout(1200.0, 6);
        assert_eq!(l.col, COL_MAX);
        assert_eq!(l.tail, TAIL_MAX);
        assert_eq!(l.width(), GUTTER + 6.0 * COL_MAX + TAIL_MAX);
        assert!(!l.scrolls(1200.0));
        assert_eq!(lane_x(0, 1200.0, 6), GUTTER + COL_MAX / 2.0);
        assert_eq!(lane_x(2, 1200.0, 6), GUTTER + 2.5 * COL_MAX);
    }

    #[test]
    fn lanes_narrow_to_fit_the_width() {
        for w in [700.0, 640.0, 560.0] {
            let l = layout(w, 6);
            assert!(l.col < COL_MAX && l.col >= COL_MIN, "{w}: {l:?}");
            assert!(l.width() <= w, "{w}: {l:?}");
            assert!(!l.scrolls(w));
            assert_eq!(diagram_width(w, 6), l.width());
        }
        // Narrower room, narrower lanes.
        assert!(layout(560.0, 6).col < layout(700.0, 6).col);
    }

    #[test]
    fn below_the_narrowest_lanes_the_diagram_scrolls() {
        let l = layout(380.0, 6);
        assert_eq!(l.col, COL_MIN);
        assert_eq!(l.tail, TAIL_MIN);
        assert!(l.scrolls(380.0));
        assert_eq!(l.width(), GUTTER + 6.0 * COL_MIN + TAIL_MIN);
    }

    #[test]
    fn lane_centres_are_in_order_and_inside_their_lane() {
        let l = layout(620.0, 5);
        for c in 0..5 {
            let x = l.lane_x(c);
            assert!(x > l.lane_left(c) && x < l.lane_left(c) + l.col);
            if c > 0 {
                assert!(x > l.lane_x(c - 1));
            }
        }
        assert!(l.lane_x(4) < l.right());
    }

    #[test]
    fn lanes_never_narrow_below_the_longest_word_of_a_head() {
        let names = [
            "Txn coordinator",
            "State store loyalty-store",
            "Sink fact_revenue_1m",
        ];
        let min = min_col_for(&names);
        // "fact_revenue_1m" cannot wrap: it is the longest piece.
        assert_eq!(min, (15.0 * HEAD_CHAR_W + HEAD_PAD).ceil());
        let l = layout_fitting(400.0, 8, min);
        assert_eq!(l.col, min);
        assert!(l.scrolls(400.0));
        // Short names: the plain minimum.
        assert_eq!(min_col_for(&["Sink", "tx t"]), COL_MIN);
        // A wide screen is not affected.
        assert_eq!(layout_fitting(2000.0, 8, min).col, COL_MAX);
    }

    #[test]
    fn rows_and_gaps() {
        assert_eq!(row_y(0), 0.0);
        assert_eq!(row_y(3), 3.0 * ROW);
        assert_eq!(gap_y(3), row_y(4));
        assert_eq!(row_at(10, 0.0), Some(0));
        assert_eq!(row_at(10, ROW * 2.5), Some(2));
        assert_eq!(row_at(10, ROW * 10.0), None);
        assert_eq!(row_at(10, -1.0), None);
        assert_eq!(rows_height(4), 4.0 * ROW + 8.0);
    }

    #[test]
    fn the_nearest_gap_skips_fault_rows() {
        let mut sc = presets::find("loyalty-email").unwrap().scenario;
        assert_eq!(gap_near(&simulate(&sc), 0.0), Some(0));
        assert_eq!(gap_near(&simulate(&sc), gap_y(2) + 3.0), Some(2));
        assert_eq!(gap_near(&simulate(&sc), gap_y(2) - 3.0), Some(2));
        sc.faults.clear();
        let t = simulate(&sc);
        assert_eq!(gap_near(&t, 1e9), Some(t.steps.len() - 1));
        let crash = presets::find("db-then-commit").unwrap().scenario;
        let t = simulate(&crash);
        let f = t
            .steps
            .iter()
            .position(|s| s.kind == StepKind::Fault)
            .expect("a fault row");
        // On the fault's own row, the gap is its anchor's (the step before it).
        assert_eq!(gap_near(&t, gap_y(f) - 1.0), Some(f - 1));
    }

    #[test]
    fn labels_fit_by_characters() {
        assert_eq!(chars_in(0.0), 0);
        assert_eq!(chars_in(-5.0), 0);
        assert_eq!(chars_in(CHAR_W * 10.0 + 1.0), 10);
    }

    #[test]
    fn the_drawings_have_room_for_every_row_and_change_size_only_per_chunk() {
        for steps in 0..300 {
            assert!(drawn_height(steps) >= rows_height(steps), "{steps}");
            assert!(drawn_height(steps) < rows_height(steps + DRAWN_CHUNK));
        }
        assert_eq!(drawn_height(10), drawn_height(60));
        assert_eq!(drawn_height(65), drawn_height(128));
        assert!(drawn_height(129) > drawn_height(128));
    }
}
