//! Why a plan cannot place everyone: the departments that are provably
//! too small for the residents who must pass through them, and for each
//! resident left out, what stands in the way.

use super::model::{Problem, Resident, Solution, stretch};
use super::solve::fits_alone;
use crate::i18n::Msg;
use crate::msg;

/// A department too small for a run of months, whatever the plan: the
/// residents who must be there within months `from..to` need `need`
/// resident-months there, and the places left (capacity less the rotations
/// kept) are `room`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub department: usize,
    pub from: usize,
    pub to: usize,
    pub need: u64,
    pub room: u64,
}

impl Shortfall {
    pub fn message(&self, p: &Problem) -> Msg {
        let d = &p.departments[self.department].name;
        let months = p.months_text(self.from, self.to);
        let (need, room) = (self.need, self.room);
        let short = need - room;
        msg!(
            "{d} 在 {months} 至少要接收 {need} 人·月(必须在此期间轮转该科室的住院医师),而空余容量只有 {room} 人·月:缺 {short} 人·月,无论怎样排都排不下",
            "{d} must take at least {need} resident-months in {months} (residents who have to rotate there then) but has room for {room}: {short} short, however the plan is made"
        )
    }
}

/// The starts of entry `e` of `res` that fit the resident's free months
/// and the entry's bounds, whatever the departments hold: with room
/// before for the rows that must come first, and after for those that
/// must follow and be placed now.
pub fn starts(p: &Problem, res: &Resident, e: usize) -> u128 {
    let m = p.months;
    let entry = &res.entries[e];
    let len = entry.months as usize;
    let hi = entry.before.min(m);
    let must = res.must(m);
    let months =
        |set: &mut dyn Iterator<Item = usize>| -> u32 { set.map(|f| res.entries[f].months).sum() };
    let n = res.entries.len();
    let first = months(&mut (0..n).filter(|&f| entry.after >> f & 1 == 1));
    let then =
        months(&mut (0..n).filter(|&f| res.entries[f].after >> e & 1 == 1 && must >> f & 1 == 1));
    let free = res.free & stretch(0, m);
    let mut out = 0;
    let mut s = entry.earliest;
    while s + len <= hi {
        let here = stretch(s, len);
        if free & here == here
            && (free & stretch(0, s)).count_ones() >= first
            && (free >> (s + len)).count_ones() >= then
        {
            out |= 1 << s;
        }
        s += 1;
    }
    out
}

/// The least overlap of a stretch of `len` months starting anywhere from
/// `first` to `last` with months `a..b`: least at one end or the other.
fn least_overlap(first: usize, last: usize, len: usize, a: usize, b: usize) -> u64 {
    let overlap = |s: usize| (s + len).min(b).saturating_sub(s.max(a)) as u64;
    overlap(first).min(overlap(last))
}

/// Every department provably too small, each with its worst run of
/// months: the resident-months that must fall within the run (each row
/// that has to be done within the span, its least overlap with the run
/// wherever it goes) against the places left in it.
pub fn shortfalls(p: &Problem) -> Vec<Shortfall> {
    let m = p.months;
    // Per department: the rows that must be placed, as (first start, last
    // start, months).
    let mut rows: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); p.departments.len()];
    for res in &p.residents {
        let must = res.must(m);
        for (e, entry) in res.entries.iter().enumerate() {
            if must >> e & 1 == 0 {
                continue;
            }
            let s = starts(p, res, e);
            if s == 0 {
                continue;
            }
            let first = s.trailing_zeros() as usize;
            let last = 127 - s.leading_zeros() as usize;
            rows[entry.department].push((first, last, entry.months as usize));
        }
    }
    let mut out = Vec::new();
    for (d, dep) in p.departments.iter().enumerate() {
        if rows[d].is_empty() {
            continue;
        }
        let mut worst: Option<Shortfall> = None;
        for a in 0..m {
            let mut room = 0u64;
            for b in a + 1..=m {
                let Some(cap) = dep.capacity[b - 1] else {
                    break;
                };
                room += u64::from(cap.saturating_sub(dep.kept[b - 1]));
                let need: u64 = rows[d]
                    .iter()
                    .map(|&(f, l, len)| least_overlap(f, l, len, a, b))
                    .sum();
                if need <= room {
                    continue;
                }
                let found = Shortfall {
                    department: d,
                    from: a,
                    to: b,
                    need,
                    room,
                };
                let better = worst
                    .as_ref()
                    .is_none_or(|w| (need - room, w.to - w.from) > (w.need - w.room, b - a));
                if better {
                    worst = Some(found);
                }
            }
        }
        out.extend(worst);
    }
    out
}

/// Why resident `r` could not be placed, with the departments as the plan
/// leaves them.
pub fn reasons(p: &Problem, sol: &Solution, r: usize, short: &[Shortfall]) -> Vec<Msg> {
    let res = &p.residents[r];
    let m = p.months;
    let mut out = Vec::new();
    let free = (res.free & stretch(0, m)).count_ones();
    let demand = res.demand();
    if demand > free + res.later {
        let (now, later) = (free, res.later);
        let room = now + later;
        out.push(msg!(
            "还需轮转 {demand} 个月,而培训期内只余 {room} 个月可排(本次排班期间 {now} 个月,之后 {later} 个月);已轮转的科室请先用 meded rotation import 导入",
            "needs {demand} more months of rotations but only {room} months of training are free ({now} in this plan's months, {later} after them); import the rotations already done with meded rotation import"
        ));
        return out;
    }
    let mut fits_each = true;
    for (e, entry) in res.entries.iter().enumerate() {
        if starts(p, res, e) == 0 && res.must(m) >> e & 1 == 1 {
            fits_each = false;
            let d = &p.departments[entry.department].name;
            let len = entry.months;
            let hi = entry.before.min(m);
            let window = if entry.earliest < hi {
                p.months_text(entry.earliest, hi)
            } else {
                p.month(entry.earliest.min(m.saturating_sub(1))).to_string()
            };
            out.push(msg!(
                "{d} 需要连续 {len} 个月,而 {window} 之间没有这样连续的空闲月份(培训时间、已有的轮转或“顺序”所限)",
                "{d} needs {len} consecutive months, and there are no such free months in {window} (training dates, rotations already recorded or the order 顺序 sets)"
            ));
        }
    }
    if !fits_each {
        return out;
    }
    if !fits_alone(p, r) {
        out.push(msg!(
            "培训方案的各科室按“顺序”排不进空闲的月份(即使各科室都有空位)",
            "the programme's departments do not fit the free months in the order 顺序 sets, even with every department empty"
        ));
        return out;
    }
    let loads = sol.loads(p);
    let mut tight: Vec<(u32, usize, u128)> = Vec::new();
    let mut full_any = false;
    for (e, entry) in res.entries.iter().enumerate() {
        let dep = &p.departments[entry.department];
        let len = entry.months as usize;
        let base = entry.department * m;
        let open = |t: usize| loads[base + t] < dep.limit(t);
        let all = starts(p, res, e);
        let mut room = 0u128;
        let mut span = 0u128;
        for s in 0..m {
            if all >> s & 1 == 1 {
                span |= stretch(s, len);
                if (s..s + len).all(open) {
                    room |= 1 << s;
                }
            }
        }
        if all == 0 {
            continue;
        }
        if room == 0 {
            full_any = true;
            let full: u128 = (0..m)
                .filter(|&t| span >> t & 1 == 1 && !open(t))
                .fold(0, |acc, t| acc | 1 << t);
            let d = &dep.name;
            let from = span.trailing_zeros() as usize;
            let to = 128 - span.leading_zeros() as usize;
            let within = p.months_text(from, to);
            let full = p.runs_text(full);
            out.push(msg!(
                "{d}:{within} 之间没有连续 {len} 个月都有空位,已满的月份:{full}",
                "{d}: no {len} consecutive months with a free place in {within}; full in {full}"
            ));
        } else {
            tight.push((room.count_ones(), e, room));
        }
    }
    if !full_any {
        tight.sort_unstable();
        let shown: Vec<(String, String)> = tight
            .iter()
            .take(3)
            .map(|&(_, e, room)| {
                (
                    p.departments[res.entries[e].department].name.clone(),
                    p.runs_text(room),
                )
            })
            .collect();
        let zh: Vec<String> = shown
            .iter()
            .map(|(d, s)| format!("{d} 只能在 {s} 开始"))
            .collect();
        let en: Vec<String> = shown
            .iter()
            .map(|(d, s)| format!("{d} can start only in {s}"))
            .collect();
        out.push(Msg::new(
            format!("各科室的空位凑不成一个完整的轮转安排:{}", zh.join(";")),
            format!(
                "the free places of the departments do not make one whole schedule: {}",
                en.join("; ")
            ),
        ));
    }
    let mine: Vec<&Shortfall> = short
        .iter()
        .filter(|s| res.entries.iter().any(|e| e.department == s.department))
        .collect();
    for s in mine {
        out.push(s.message(p));
    }
    out
}
