//! The plan as a problem over whole months, apart from the database: the
//! departments with their capacity and the residents already there, and
//! each resident's free months and the programme rows still to place.

use crate::rules::date::Month;

/// The longest span a plan covers, in months: a resident's free months
/// are one `u128`.
pub const MOST_MONTHS: usize = 120;

/// The most rows a specialty's programme may have: the rows a resident has
/// placed are one `u32`.
pub const MOST_ROWS: usize = 32;

/// A department of the base, month by month over the span.
#[derive(Debug, Clone)]
pub struct Department {
    pub name: String,
    /// Residents it takes in each month; `None` when no capacity is set.
    pub capacity: Vec<Option<u32>>,
    /// Residents there already in each month, in rotations that are kept.
    pub kept: Vec<u32>,
}

impl Department {
    /// The most residents the plan may leave in the department in month
    /// `t`: its capacity, or what the rotations kept hold already when
    /// they are more (the plan adds nobody then, and takes nobody out).
    pub fn limit(&self, t: usize) -> u32 {
        match self.capacity[t] {
            Some(c) => c.max(self.kept[t]),
            None => u32::MAX,
        }
    }
}

/// A programme row a resident has still to do: one stretch of `months`
/// consecutive months in one department.
#[derive(Debug, Clone)]
pub struct Entry {
    pub department: usize,
    pub months: u32,
    /// The entries of the same resident that must end before this one
    /// starts (a lower 顺序), as a set of their indices.
    pub after: u32,
    /// The first month of the span it may start in, and the month it must
    /// end before (exclusive; `months` of the span when nothing bounds
    /// it), from the rotations kept and their 顺序.
    pub earliest: usize,
    pub before: usize,
    /// Which programme row it is (for the caller).
    pub row: usize,
}

/// A resident to place.
#[derive(Debug, Clone)]
pub struct Resident {
    /// The months of the span (bit `t` for month `t`) in which the resident
    /// is in training and in no rotation kept.
    pub free: u128,
    pub entries: Vec<Entry>,
    /// Free months of training after the span: entries may be left for
    /// them as long as they add up to no more than this, and none of them
    /// must come before an entry placed now.
    pub later: u32,
}

impl Resident {
    /// The months still to place, in all.
    pub fn demand(&self) -> u32 {
        self.entries.iter().map(|e| e.months).sum()
    }

    /// The entries that cannot be left for after the span: all of them
    /// when the training ends within it, and those bound to end within it.
    pub fn must(&self, months: usize) -> u32 {
        let mut must = 0;
        for (i, e) in self.entries.iter().enumerate() {
            if self.later == 0 || e.before < months {
                must |= 1 << i;
            }
        }
        must
    }
}

/// Everything the planner needs.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The first month of the span.
    pub first: Month,
    pub months: usize,
    pub departments: Vec<Department>,
    pub residents: Vec<Resident>,
}

impl Problem {
    /// The label of month `t` of the span (2025-09).
    pub fn month(&self, t: usize) -> Month {
        Month::from_number(self.first.number() + t as i32)
    }

    /// Months `from..to` of the span as text: `2025-09`, or
    /// `2025-09–2025-12`.
    pub fn months_text(&self, from: usize, to: usize) -> String {
        if to <= from + 1 {
            self.month(from).to_string()
        } else {
            format!("{}–{}", self.month(from), self.month(to - 1))
        }
    }

    /// A set of months of the span as runs: `2025-09–2025-11, 2026-02`.
    pub fn runs_text(&self, months: u128) -> String {
        let mut out = Vec::new();
        let mut t = 0;
        while t < self.months {
            if months >> t & 1 == 1 {
                let from = t;
                while t < self.months && months >> t & 1 == 1 {
                    t += 1;
                }
                out.push(self.months_text(from, t));
            } else {
                t += 1;
            }
        }
        out.join(", ")
    }
}

/// The plan found: for each resident, the month each entry starts in
/// (`None`: left for after the span), or `None` when the resident could
/// not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    pub starts: Vec<Option<Vec<Option<usize>>>>,
}

impl Solution {
    /// Residents placed in each department and month (rotations kept
    /// included), indexed `department * months + month`.
    pub fn loads(&self, p: &Problem) -> Vec<u32> {
        let m = p.months;
        let mut load = vec![0; p.departments.len() * m];
        for (d, dep) in p.departments.iter().enumerate() {
            load[d * m..(d + 1) * m].copy_from_slice(&dep.kept);
        }
        for (r, starts) in self.starts.iter().enumerate() {
            let Some(starts) = starts else { continue };
            for (e, s) in p.residents[r].entries.iter().zip(starts) {
                if let Some(s) = s {
                    for t in *s..*s + e.months as usize {
                        load[e.department * m + t] += 1;
                    }
                }
            }
        }
        load
    }
}

/// A mask of `n` months from month `s`.
pub fn stretch(s: usize, n: usize) -> u128 {
    if n == 0 {
        0
    } else if n >= 128 {
        u128::MAX << s
    } else {
        ((1u128 << n) - 1) << s
    }
}
