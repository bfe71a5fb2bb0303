//! Small-number suppression at its edges (0, 1, 4, 5, the complementary cell,
//! the total) and as laws: nothing of 1 to 4 is shown, what is shown is true,
//! and no suppressed count can be worked out from what is shown.

use std::collections::BTreeSet;

use carers_core::projections::suppression::{SMALLEST_SHOWN, suppress};
use carers_core::projections::table::Cell::{self, Count, Suppressed};
use proptest::prelude::*;

#[test]
fn zero_is_shown() {
    let table = suppress(&[0, 10, 7]);
    assert_eq!(table.cells, [Count(0), Count(10), Count(7)]);
    assert_eq!(table.total, Count(17));
}

#[test]
fn one_and_four_are_suppressed_with_the_smallest_other_cell() {
    for small in [1, 4] {
        let table = suppress(&[small, 10, 7, 0]);
        assert_eq!(
            table.cells,
            [Suppressed, Count(10), Suppressed, Count(0)],
            "{small}: with the total shown, {small} would be the total less 10 and 7"
        );
        assert_eq!(table.total, Count(17 + small));
    }
}

#[test]
fn five_is_shown() {
    let table = suppress(&[5, 10, 7]);
    assert_eq!(table.cells, [Count(5), Count(10), Count(7)]);
    assert_eq!(table.total, Count(22));
}

#[test]
fn two_small_cells_guard_each_other() {
    let table = suppress(&[3, 2, 40]);
    assert_eq!(table.cells, [Suppressed, Suppressed, Count(40)]);
    assert_eq!(table.total, Count(45));
}

#[test]
fn a_small_total_is_suppressed_and_zeros_still_shown() {
    let table = suppress(&[3, 0, 0]);
    assert_eq!(table.cells, [Suppressed, Count(0), Count(0)]);
    assert_eq!(table.total, Suppressed);
}

#[test]
fn suppressed_ones_whose_sum_gives_them_away_take_another_cell() {
    // Two suppressed cells that sum to 2 are 1 each: a third is suppressed.
    let table = suppress(&[1, 1, 10, 20]);
    assert_eq!(table.cells, [Suppressed, Suppressed, Suppressed, Count(20)]);
    assert_eq!(table.total, Count(32));
    // With no cell holding anyone left shown, a zero is suppressed instead.
    let table = suppress(&[1, 1, 1, 1, 1, 0]);
    assert_eq!(table.cells, [Suppressed; 6]);
    assert_eq!(table.total, Count(5));
    // And with no cell left at all, the total.
    let table = suppress(&[1, 1, 1, 1, 1]);
    assert_eq!(table.cells, [Suppressed; 5]);
    assert_eq!(table.total, Suppressed);
}

/// The values a reader could give the suppressed cell `at`, knowing the cells
/// shown, the total, and that each suppressed cell holds a value in `could`
/// (up to the total), by trying every completion of the others.
fn readings(
    counts: &[u64],
    hidden: &[usize],
    at: usize,
    could: &dyn Fn(u64) -> bool,
) -> BTreeSet<u64> {
    let shown: u64 = (0..counts.len())
        .filter(|i| !hidden.contains(i))
        .map(|i| counts[i])
        .sum();
    let left = counts.iter().sum::<u64>() - shown;
    // Sums the other suppressed cells can reach, up to what is left.
    let mut sums: BTreeSet<u64> = BTreeSet::from([0]);
    for _ in hidden.iter().filter(|i| **i != at) {
        sums = sums
            .iter()
            .flat_map(|s| (0..=left - s).filter(|v| could(*v)).map(move |v| s + v))
            .collect();
    }
    (0..=left)
        .filter(|x| could(*x) && sums.contains(&(left - x)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the counts: no count of 1 to 4 is shown, every shown count is
    /// true, every count of 1 to 4 is suppressed, and when the total is shown
    /// no suppressed count can be read off, by a reader who takes a
    /// suppressed cell to hold anything, or at least one.
    #[test]
    fn no_small_count_can_be_read_from_a_suppressed_table(
        counts in proptest::collection::vec(prop_oneof![3 => 0..5u64, 2 => 5..12u64, 1 => Just(0u64)], 1..7),
    ) {
        let table = suppress(&counts);
        let total: u64 = counts.iter().sum();
        prop_assert_eq!(table.cells.len(), counts.len());
        let cells: Vec<Cell> = table.cells.iter().copied().chain([table.total]).collect();
        let truth: Vec<u64> = counts.iter().copied().chain([total]).collect();
        for (cell, n) in cells.iter().zip(&truth) {
            match cell {
                Count(shown) => {
                    prop_assert_eq!(shown, n);
                    prop_assert!(*n == 0 || *n >= SMALLEST_SHOWN, "{} shown", n);
                }
                Suppressed => {}
                other => prop_assert!(false, "not a count: {:?}", other),
            }
        }
        if table.total == Suppressed {
            // Nothing to work from in this table (the total's own size is
            // what is withheld).
            return Ok(());
        }
        let hidden: Vec<usize> = (0..counts.len()).filter(|i| table.cells[*i] == Suppressed).collect();
        for at in &hidden {
            for could in [&(|_: u64| true) as &dyn Fn(u64) -> bool, &|v: u64| v >= 1] {
                let read = readings(&counts, &hidden, *at, could);
                prop_assert!(
                    read != BTreeSet::from([counts[*at]]),
                    "cell {} ({}) is read off {:?} from {:?}", at, counts[*at], table, counts
                );
            }
        }
    }
}
