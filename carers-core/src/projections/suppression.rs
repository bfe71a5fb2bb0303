//! Small-number suppression, for tables that leave the service (a
//! commissioner's return, a published equality report): a count of 1 to 4 could
//! point to a person, so it is shown as [`SUPPRESSED`](super::table::SUPPRESSED);
//! and a cell from which a suppressed count could be worked out is suppressed
//! too (secondary suppression).
//!
//! The rule, for one table whose cells split a total:
//! 1. *Primary*: each cell of 1 to 4 is suppressed, and so is the total if it
//!    is 1 to 4. Zero is shown: it points to nobody.
//! 2. *Secondary*: while the total is shown and the suppressed cells could be
//!    worked out from it (one suppressed cell is the total less the others; and
//!    cells that must each hold at least one are all 1 when their sum, the
//!    total less the cells shown, equals their number), the smallest cell
//!    shown that holds someone is suppressed too (the first such, in the
//!    table's order), or failing one, the first zero shown, or failing that,
//!    the total.
//!
//! Why: a published figure is personal data if a person can be identified
//! from it by means reasonably likely to be used (UK GDPR Art. 4(1) and
//! recital 26), and equality figures are about special categories (Art. 9).
//! The threshold, [`SMALLEST_SHOWN`], is the publisher's policy (statistical
//! disclosure control guidance, such as the ONS's, leaves it to them); 5 is a
//! common choice in local-government and NHS returns.
//!
//! Not covered: differences between tables over overlapping groups, or between
//! the same table on two days; a table meant for publication should be
//! produced once per period.

use super::table::Cell;

/// The smallest count shown.
pub const SMALLEST_SHOWN: u64 = 5;

/// A table's counts after suppression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppressed {
    /// Each cell, in the order given: a count, or suppressed.
    pub cells: Vec<Cell>,
    /// The total of the counts: a count, or suppressed.
    pub total: Cell,
}

/// Suppresses `counts`, the cells of one table that split its total (see the
/// module docs for the rule).
///
/// ```
/// use carers_core::projections::suppression::suppress;
/// use carers_core::projections::table::Cell::{Count, Suppressed};
///
/// // 3 is suppressed; with the total shown it would be 20 - 12 - 5, so the
/// // smallest other cell holding someone (5) is suppressed too.
/// let table = suppress(&[12, 3, 5, 0]);
/// assert_eq!(table.cells, [Count(12), Suppressed, Suppressed, Count(0)]);
/// assert_eq!(table.total, Count(20));
/// ```
pub fn suppress(counts: &[u64]) -> Suppressed {
    let small = |n: u64| (1..SMALLEST_SHOWN).contains(&n);
    let total: u64 = counts.iter().sum();
    let mut hidden: Vec<bool> = counts.iter().map(|n| small(*n)).collect();
    let mut total_hidden = small(total);
    while !total_hidden {
        let at: Vec<usize> = (0..counts.len()).filter(|i| hidden[*i]).collect();
        let hidden_sum: u64 = at.iter().map(|i| counts[*i]).sum();
        let worked_out = at.len() == 1 || (at.len() > 1 && hidden_sum == at.len() as u64);
        if !worked_out {
            break;
        }
        let shown = |i: &usize| !hidden[*i];
        let next = (0..counts.len())
            .filter(shown)
            .filter(|i| counts[*i] > 0)
            .min_by_key(|i| (counts[*i], *i))
            .or_else(|| (0..counts.len()).find(shown));
        match next {
            Some(i) => hidden[i] = true,
            None => total_hidden = true,
        }
    }
    let cell = |n: u64, hide: bool| {
        if hide {
            Cell::Suppressed
        } else {
            Cell::Count(n)
        }
    };
    Suppressed {
        cells: counts
            .iter()
            .zip(&hidden)
            .map(|(n, h)| cell(*n, *h))
            .collect(),
        total: cell(total, total_hidden),
    }
}
