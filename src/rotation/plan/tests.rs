//! The planner on generated bases: every plan keeps every constraint; on
//! small bases it places as many residents as an exhaustive search; a
//! base that cannot be planned is named department and months.

use super::explain::{reasons, shortfalls};
use super::model::{Department, Entry, Problem, Resident, Solution, stretch};
use super::solve::{Rng, solve};
use crate::i18n::Lang;
use crate::rules::date::Month;

/// Whether a plan keeps every constraint of its problem; the first broken
/// one if not.
pub fn broken(p: &Problem, sol: &Solution) -> Option<String> {
    let m = p.months;
    if sol.starts.len() != p.residents.len() {
        return Some("one plan per resident".into());
    }
    for (r, (res, starts)) in p.residents.iter().zip(&sol.starts).enumerate() {
        let Some(starts) = starts else { continue };
        if starts.len() != res.entries.len() {
            return Some(format!("resident {r}: a start per entry"));
        }
        let must = res.must(m);
        let mut used = 0u128;
        let mut deferred = 0;
        for (e, (entry, s)) in res.entries.iter().zip(starts).enumerate() {
            let Some(s) = *s else {
                if must >> e & 1 == 1 {
                    return Some(format!("resident {r}: entry {e} must be placed"));
                }
                deferred += entry.months;
                continue;
            };
            let len = entry.months as usize;
            if s + len > m || s < entry.earliest || s + len > entry.before {
                return Some(format!("resident {r}: entry {e} at {s} out of its bounds"));
            }
            let months = stretch(s, len);
            if res.free & months != months {
                return Some(format!("resident {r}: entry {e} at {s} in months not free"));
            }
            if used & months != 0 {
                return Some(format!("resident {r}: two departments at once"));
            }
            used |= months;
            for (f, (before, start)) in res.entries.iter().zip(starts).enumerate() {
                if entry.after >> f & 1 == 0 {
                    continue;
                }
                match *start {
                    Some(fs) if fs + before.months as usize <= s => {}
                    _ => {
                        return Some(format!(
                            "resident {r}: entry {e} before its predecessor {f}"
                        ));
                    }
                }
            }
        }
        if deferred > res.later {
            return Some(format!(
                "resident {r}: {deferred} months left for later, {} free",
                res.later
            ));
        }
    }
    let loads = sol.loads(p);
    for (d, dep) in p.departments.iter().enumerate() {
        for t in 0..m {
            if loads[d * m + t] > dep.limit(t) {
                return Some(format!(
                    "department {d} month {t}: {} over {}",
                    loads[d * m + t],
                    dep.limit(t)
                ));
            }
        }
    }
    None
}

/// Every schedule of a resident that fits their months and bounds,
/// whatever the departments hold.
fn schedules(p: &Problem, r: usize) -> Vec<Vec<Option<usize>>> {
    let res = &p.residents[r];
    let m = p.months;
    let must = res.must(m);
    let mut out = Vec::new();
    let mut starts = vec![None; res.entries.len()];
    fn go(
        p: &Problem,
        res: &Resident,
        must: u32,
        t: usize,
        mask: u32,
        starts: &mut Vec<Option<usize>>,
        out: &mut Vec<Vec<Option<usize>>>,
    ) {
        let m = p.months;
        if t == m {
            let left: u32 = res
                .entries
                .iter()
                .enumerate()
                .filter(|(e, _)| mask >> e & 1 == 0)
                .map(|(_, e)| e.months)
                .sum();
            if mask & must == must && left <= res.later {
                out.push(starts.clone());
            }
            return;
        }
        go(p, res, must, t + 1, mask, starts, out);
        for (e, entry) in res.entries.iter().enumerate() {
            let len = entry.months as usize;
            if mask >> e & 1 == 1
                || entry.after & !mask != 0
                || t < entry.earliest
                || t + len > entry.before.min(m)
                || res.free & stretch(t, len) != stretch(t, len)
            {
                continue;
            }
            starts[e] = Some(t);
            go(p, res, must, t + len, mask | 1 << e, starts, out);
            starts[e] = None;
        }
    }
    go(p, res, must, 0, 0, &mut starts, &mut out);
    out
}

/// The most residents any plan places, by exhaustive search.
fn most_placed(p: &Problem) -> usize {
    let all: Vec<Vec<Vec<Option<usize>>>> =
        (0..p.residents.len()).map(|r| schedules(p, r)).collect();
    let m = p.months;
    let mut load = Solution {
        starts: vec![None; p.residents.len()],
    }
    .loads(p);
    let limit: Vec<u32> = (0..p.departments.len() * m)
        .map(|c| p.departments[c / m].limit(c % m))
        .collect();
    fn go(
        p: &Problem,
        all: &[Vec<Vec<Option<usize>>>],
        r: usize,
        placed: usize,
        best: &mut usize,
        load: &mut [u32],
        limit: &[u32],
    ) {
        if placed + (all.len() - r) <= *best {
            return;
        }
        if r == all.len() {
            *best = placed;
            return;
        }
        let m = p.months;
        for s in &all[r] {
            let cells: Vec<usize> = p.residents[r]
                .entries
                .iter()
                .zip(s)
                .filter_map(|(e, s)| s.map(|s| (e, s)))
                .flat_map(|(e, s)| (s..s + e.months as usize).map(move |t| e.department * m + t))
                .collect();
            if cells.iter().all(|&c| load[c] < limit[c]) {
                for &c in &cells {
                    load[c] += 1;
                }
                go(p, all, r + 1, placed + 1, best, load, limit);
                for &c in &cells {
                    load[c] -= 1;
                }
            }
        }
        go(p, all, r + 1, placed, best, load, limit);
    }
    let mut best = 0;
    go(p, &all, 0, 0, &mut best, &mut load, &limit);
    best
}

/// A random base: departments with random capacities and residents kept,
/// residents with holes in their months (leaves, rotations kept), rows
/// with 顺序, windows, and months left for later.
pub fn random_problem(
    rng: &mut Rng,
    residents: usize,
    months: usize,
    departments: usize,
) -> Problem {
    let deps: Vec<Department> = (0..departments)
        .map(|d| Department {
            name: format!("科室{d}"),
            capacity: {
                let base = 1 + rng.below(4) as u32;
                (0..months)
                    .map(|_| match rng.below(10) {
                        0 => None,
                        1 => Some(base.saturating_sub(1)),
                        _ => Some(base),
                    })
                    .collect()
            },
            kept: (0..months)
                .map(|_| if rng.below(6) == 0 { 1 } else { 0 })
                .collect(),
        })
        .collect();
    let rs = (0..residents)
        .map(|_| {
            let from = if rng.below(4) == 0 {
                rng.below(months / 2 + 1)
            } else {
                0
            };
            let to = if rng.below(4) == 0 {
                months - rng.below(months / 2 + 1)
            } else {
                months
            };
            let mut free = if from < to {
                stretch(from, to - from)
            } else {
                0
            };
            // A leave, or a rotation kept.
            if rng.below(3) == 0 {
                free &= !stretch(rng.below(months), 1 + rng.below(2));
            }
            let n = 1 + rng.below(4);
            let mut entries: Vec<Entry> = (0..n)
                .map(|i| Entry {
                    department: rng.below(departments),
                    months: 1 + rng.below(3) as u32,
                    after: 0,
                    earliest: 0,
                    before: months,
                    row: i,
                })
                .collect();
            // 顺序 on some rows: a random order among them.
            let seq: Vec<Option<usize>> = (0..n)
                .map(|_| {
                    if rng.below(3) == 0 {
                        Some(rng.below(3))
                    } else {
                        None
                    }
                })
                .collect();
            for e in 0..n {
                for f in 0..n {
                    if let (Some(a), Some(b)) = (seq[f], seq[e])
                        && a < b
                    {
                        entries[e].after |= 1 << f;
                    }
                }
            }
            if rng.below(8) == 0 {
                let e = rng.below(n);
                entries[e].earliest = rng.below(months / 2 + 1);
            }
            if rng.below(8) == 0 {
                let e = rng.below(n);
                entries[e].before = months - rng.below(months / 3 + 1);
            }
            let later = if to == months && rng.below(3) == 0 {
                rng.below(6) as u32
            } else {
                0
            };
            Resident {
                free,
                entries,
                later,
            }
        })
        .collect();
    Problem {
        first: Month {
            year: 2025,
            month: 9,
        },
        months,
        departments: deps,
        residents: rs,
    }
}

fn placed(sol: &Solution) -> usize {
    sol.starts.iter().filter(|s| s.is_some()).count()
}

/// How many random bases a test plans: `PLAN_CASES` for a longer run
/// (`PLAN_CASES=20000 cargo test --release --lib rotation::plan`), and
/// `PLAN_SEED` for other bases.
fn cases(seed: u64, default: u64) -> (Rng, u64) {
    let n = |k: &str| std::env::var(k).ok().and_then(|v| v.parse().ok());
    (
        Rng::new(n("PLAN_SEED").unwrap_or(seed)),
        n("PLAN_CASES").unwrap_or(default),
    )
}

#[test]
fn every_plan_of_random_bases_keeps_every_constraint() {
    let (mut rng, n) = cases(2025, 150);
    for case in 0..n {
        let residents = 2 + rng.below(40);
        let months = 3 + rng.below(20);
        let departments = 1 + rng.below(6);
        let p = random_problem(&mut rng, residents, months, departments);
        let seed = rng.next_u64();
        let sol = solve(&p, seed);
        if let Some(why) = broken(&p, &sol) {
            panic!("case {case}: {why}\n{p:#?}\n{sol:?}");
        }
        // The same seed, the same plan.
        if case % 5 == 0 {
            assert_eq!(solve(&p, seed), sol, "case {case}");
        }
        // Everyone left out is told why.
        let short = shortfalls(&p);
        for (r, s) in sol.starts.iter().enumerate() {
            if s.is_none() {
                assert!(!reasons(&p, &sol, r, &short).is_empty(), "case {case}");
            }
        }
    }
}

#[test]
fn small_bases_place_as_many_as_an_exhaustive_search() {
    let (mut rng, n) = cases(11, 400);
    let mut compared = 0;
    let mut short_of_everyone = 0;
    for case in 0..n {
        let residents = 1 + rng.below(5);
        let months = 3 + rng.below(6);
        let departments = 1 + rng.below(3);
        let p = random_problem(&mut rng, residents, months, departments);
        let best = most_placed(&p);
        let sol = solve(&p, case);
        assert_eq!(broken(&p, &sol), None, "case {case}");
        assert_eq!(placed(&sol), best, "case {case}: {p:#?}\n{sol:?}");
        compared += 1;
        if best < residents {
            short_of_everyone += 1;
        }
    }
    // The comparison covered bases that can be planned and bases that
    // cannot.
    assert_eq!(compared, n);
    assert!(short_of_everyone > n / 20, "{short_of_everyone}");
}

#[test]
fn a_department_too_small_is_named_with_its_months() {
    // Ten residents whose whole training is three months, all of them in
    // one department of eight places.
    let months = 3;
    let p = Problem {
        first: Month {
            year: 2025,
            month: 9,
        },
        months,
        departments: vec![Department {
            name: "心内科".into(),
            capacity: vec![Some(8); months],
            kept: vec![0; months],
        }],
        residents: (0..10)
            .map(|_| Resident {
                free: stretch(0, 3),
                entries: vec![Entry {
                    department: 0,
                    months: 3,
                    after: 0,
                    earliest: 0,
                    before: months,
                    row: 0,
                }],
                later: 0,
            })
            .collect(),
    };
    let sol = solve(&p, 1);
    assert_eq!(placed(&sol), 8);
    assert_eq!(broken(&p, &sol), None);
    let short = shortfalls(&p);
    assert_eq!(short.len(), 1);
    assert_eq!((short[0].need, short[0].room), (30, 24));
    let r = sol.starts.iter().position(Option::is_none).unwrap();
    let why: Vec<String> = reasons(&p, &sol, r, &short)
        .iter()
        .map(|m| m.text(Lang::En).to_owned())
        .collect();
    assert!(
        why.iter()
            .any(|w| w.contains("心内科: no 3 consecutive months") && w.contains("2025-09–2025-11")),
        "{why:?}"
    );
    assert!(
        why.iter()
            .any(|w| w.contains("心内科 must take at least 30 resident-months in 2025-09–2025-11")),
        "{why:?}"
    );
}

/// A programme's stretches: (department, months, 顺序).
pub type Stretches = &'static [(&'static str, u32, Option<u32>)];

/// Three specialties' programmes of 33 months, as a base adapts the
/// national ones: (department, months, 顺序).
pub const PROGRAMMES: [(&str, Stretches); 3] = [
    (
        "内科",
        &[
            ("心血管内科", 4, Some(1)),
            ("呼吸内科", 4, Some(1)),
            ("消化内科", 4, Some(1)),
            ("肾内科", 3, None),
            ("内分泌科", 3, None),
            ("血液内科", 3, None),
            ("感染科", 2, None),
            ("神经内科", 2, None),
            ("风湿免疫科", 2, None),
            ("急诊科", 3, Some(2)),
            ("重症医学科", 3, Some(2)),
        ],
    ),
    (
        "外科",
        &[
            ("普通外科", 8, None),
            ("骨科", 4, None),
            ("泌尿外科", 4, None),
            ("胸外科", 3, None),
            ("神经外科", 3, None),
            ("麻醉科", 3, None),
            ("心血管内科", 2, None),
            ("急诊科", 3, None),
            ("重症医学科", 3, None),
        ],
    ),
    (
        "全科",
        &[
            ("心血管内科", 3, None),
            ("呼吸内科", 3, None),
            ("消化内科", 2, None),
            ("内分泌科", 2, None),
            ("神经内科", 2, None),
            ("儿科", 3, None),
            ("妇产科", 3, None),
            ("急诊科", 3, None),
            ("普通外科", 2, None),
            ("皮肤科", 1, None),
            ("眼科", 1, None),
            ("耳鼻咽喉科", 1, None),
            ("精神科", 1, None),
            ("社区实践", 6, Some(2)),
        ],
    ),
];

/// `n` residents spread over the three specialties, all in training for
/// the whole 36 months, with each department's capacity `headroom` times
/// its average demand (rounded up).
pub fn cohort(n: usize, headroom: f64) -> Problem {
    let months = 36;
    let mut names: Vec<&str> = PROGRAMMES
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|r| r.0))
        .collect();
    names.sort_unstable();
    names.dedup();
    let index = |d: &str| names.iter().position(|n| *n == d).unwrap();
    let mut demand = vec![0u32; names.len()];
    let residents: Vec<Resident> = (0..n)
        .map(|i| {
            let rows = PROGRAMMES[i % 3].1;
            let entries = rows
                .iter()
                .enumerate()
                .map(|(k, &(d, len, seq))| {
                    demand[index(d)] += len;
                    let mut after = 0;
                    for (j, other) in rows.iter().enumerate() {
                        if let (Some(a), Some(b)) = (other.2, seq)
                            && a < b
                        {
                            after |= 1 << j;
                        }
                    }
                    Entry {
                        department: index(d),
                        months: len,
                        after,
                        earliest: 0,
                        before: months,
                        row: k,
                    }
                })
                .collect();
            Resident {
                free: stretch(0, months),
                entries,
                later: 0,
            }
        })
        .collect();
    let departments = names
        .iter()
        .enumerate()
        .map(|(d, name)| Department {
            name: (*name).to_owned(),
            capacity: vec![
                Some((f64::from(demand[d]) / months as f64 * headroom).ceil() as u32);
                months
            ],
            kept: vec![0; months],
        })
        .collect();
    Problem {
        first: Month {
            year: 2025,
            month: 9,
        },
        months,
        departments,
        residents,
    }
}

/// The size the issue asks for, timed: `cargo test --release --lib
/// rotation::plan::tests::a_cohort_of_600 -- --ignored --nocapture`.
#[test]
#[ignore]
#[allow(clippy::print_stderr)]
fn a_cohort_of_600() {
    let p = cohort(600, 1.25);
    let t = std::time::Instant::now();
    let search = super::solve::Search::new(&p, 1);
    let effort = super::solve::Effort {
        polish_passes: 0,
        ..super::solve::Effort::for_residents(600)
    };
    let unpolished = search.run(effort);
    eprintln!(
        "placed {} before the polish, in {:?}",
        placed(&unpolished),
        t.elapsed()
    );
    let t = std::time::Instant::now();
    let sol = solve(&p, 1);
    let took = t.elapsed();
    assert_eq!(broken(&p, &sol), None);
    let loads = sol.loads(&p);
    let m = p.months;
    for (d, dep) in p.departments.iter().enumerate() {
        let row = &loads[d * m..(d + 1) * m];
        let peak = row.iter().max().unwrap();
        let mean = row.iter().sum::<u32>() as f64 / m as f64;
        eprintln!(
            "{} cap {:?} peak {peak} mean {mean:.1}",
            dep.name, dep.capacity[0]
        );
    }
    let totals: Vec<u32> = (0..m)
        .map(|t| (0..p.departments.len()).map(|d| loads[d * m + t]).sum())
        .collect();
    eprintln!("totals {totals:?}");
    eprintln!("placed {} of 600 in {took:?}", placed(&sol));
    assert_eq!(placed(&sol), 600);
}

/// Replays one base of [`small_bases_place_as_many_as_an_exhaustive_search`]
/// and shows it with the plans of twenty seeds, for a failure that test
/// reports: `PLAN_SEED=11 PLAN_CASE=609 cargo test --release --lib
/// rotation::plan::tests::replay -- --ignored --nocapture`.
#[test]
#[ignore]
#[allow(clippy::print_stderr)]
fn replay_a_small_base() {
    let (mut rng, _) = cases(11, 0);
    let target: u64 = std::env::var("PLAN_CASE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    for case in 0..=target {
        let residents = 1 + rng.below(5);
        let months = 3 + rng.below(6);
        let departments = 1 + rng.below(3);
        let p = random_problem(&mut rng, residents, months, departments);
        if case < target {
            continue;
        }
        let best = most_placed(&p);
        for (r, res) in p.residents.iter().enumerate() {
            let entries: Vec<_> = res
                .entries
                .iter()
                .map(|e| (e.department, e.months, e.after, e.earliest, e.before))
                .collect();
            eprintln!(
                "resident {r}: free {:0w$b}, later {}, entries {entries:?}, {} schedules",
                res.free,
                res.later,
                schedules(&p, r).len(),
                w = p.months
            );
        }
        for d in &p.departments {
            eprintln!("{}: capacity {:?}, kept {:?}", d.name, d.capacity, d.kept);
        }
        for seed in 0..20 {
            let sol = solve(&p, seed);
            eprintln!(
                "seed {seed}: {} of {best} placed: {:?}",
                placed(&sol),
                sol.starts
            );
        }
    }
}
