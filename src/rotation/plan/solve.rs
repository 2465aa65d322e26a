//! The search for a plan.
//!
//! Every move places one resident as well as the others allow: a search
//! over the resident's months, left to right, that at each month either
//! starts one of the programme rows whose predecessors are done or leaves
//! the month free, keeping the best few partial schedules at each month (a
//! beam of [`BEAM`], exact for short programmes). A month in a department
//! costs what it adds to the department's load, growing with the load
//! (the sum of squared loads is lowest when loads are even, which
//! staggers a cohort that starts together), and a month past the capacity
//! costs more than any balance — or is forbidden, when capacity is hard.
//!
//! 1. Construction: residents from the least slack to the most, each placed
//!    on what those before left, past the capacity only where nothing else
//!    is possible.
//! 2. Repair: while a department is over its capacity in a month, a
//!    resident there is placed again with that month forbidden; if that
//!    puts another department over, a resident there moves in turn (an
//!    ejection chain, undone if it ends worse).
//! 3. Where capacity is still exceeded, the residents most involved are
//!    taken out, and an ejection pool takes over: a resident of the pool
//!    is placed, those in the way are taken out and placed elsewhere if
//!    they can be, and the move stands when the pool is no larger.
//! 4. Polish: each resident placed again within capacity, kept when the
//!    plan is better: more months placed now by those who could leave
//!    some for later, then loads more even, peaks above a department's
//!    mean weighing most.
//!
//! Until the polish, residents who may leave rows for after the span take
//! no more months than they must, so that those who cannot wait find room.
//! Effort is counted in placements, never in time, so that a seed gives
//! the same plan on any machine.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::model::{Problem, Solution, stretch};
use crate::import::MixU64;

/// The unit of cost: one resident-month in an empty department of
/// capacity one.
const SCALE: i64 = 1 << 16;
/// What placing a month now (rather than leaving it for after the span)
/// is worth in the polish: more than a month within capacity costs, up to
/// several residents above the department's mean. Until then it is worth
/// nothing, so that residents who may leave rows for later take no more
/// than they must while others need room.
const REWARD: i64 = 16 * SCALE;
/// Each resident more than a department's mean in a month, once everyone
/// is placed: the quadratic cost alone leaves peaks that moving one
/// resident at a time cannot lower.
const PEAK: i64 = 2 * SCALE;
/// A month over capacity: more than any balance.
const OVER: i64 = 1 << 40;
const INF: i64 = i64::MAX / 4;
const IDLE: u8 = u8::MAX;

/// Partial schedules kept at each month.
pub const BEAM: usize = 48;
/// The beam when a resident seems not to fit at all, before believing it.
const WIDE_BEAM: usize = 1024;

/// How capacity counts in a placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A month over capacity costs [`OVER`].
    Soft,
    /// A month over capacity is impossible.
    Hard,
    /// Capacity does not count at all (does the programme fit the
    /// resident's months?).
    Free,
}

/// SplitMix64: a tiny generator whose sequence for a seed never changes.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6A09_E667_F3BC_C908)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (which is not 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// A resident's stretches: (entry, start month).
pub type Schedule = Vec<(u8, u8)>;

#[derive(Debug, Clone, Copy)]
struct Node {
    mask: u32,
    /// Months placed so far, and of them those of entries that must be.
    done: u32,
    must_done: u32,
    cost: i64,
    parent: u32,
    entry: u8,
    start: u8,
}

/// What one placement needs, kept between placements.
#[derive(Default)]
struct Scratch {
    /// The cost of each entry starting in each month: `entry * (months + 1) + start`.
    cost: Vec<i64>,
    /// One entry's cost in each month.
    vals: Vec<i64>,
    nodes: Vec<Node>,
    layers: Vec<Vec<u32>>,
    seen: HashMap<u64, u32, BuildHasherDefault<MixU64>>,
}

/// What a placement's search knows of the resident.
struct Ctx {
    total: u32,
    later: u32,
    must_months: u32,
    free: u128,
    m: usize,
}

/// Adds a partial schedule reaching month `to`, unless what must still be
/// placed could no longer fit the free months left, or the same entries
/// reach `to` more cheaply already.
fn push(sc: &mut Scratch, ctx: &Ctx, to: usize, node: Node) {
    let need = (ctx.total - node.done)
        .saturating_sub(ctx.later)
        .max(ctx.must_months - node.must_done);
    let left = if to >= ctx.m {
        0
    } else {
        (ctx.free >> to).count_ones()
    };
    if need > left {
        return;
    }
    let key = ((to as u64) << 32) | u64::from(node.mask);
    match sc.seen.get(&key) {
        Some(&j) => {
            if node.cost < sc.nodes[j as usize].cost {
                sc.nodes[j as usize] = node;
            }
        }
        None => {
            let j = sc.nodes.len() as u32;
            sc.nodes.push(node);
            sc.seen.insert(key, j);
            sc.layers[to].push(j);
        }
    }
}

/// How much searching the phases may do, in placements.
#[derive(Debug, Clone, Copy)]
pub struct Effort {
    pub repair: u64,
    pub pool: u64,
    pub polish_passes: u32,
}

impl Effort {
    /// Enough for the bases of a teaching office (hundreds of residents)
    /// to be planned in seconds, and for small ones to be searched
    /// thoroughly.
    pub fn for_residents(n: usize) -> Effort {
        let n = n as u64;
        Effort {
            repair: 20 * n + 4000,
            pool: 10 * n + 4000,
            polish_passes: 4,
        }
    }
}

/// The state of the search.
pub struct Search<'p> {
    p: &'p Problem,
    m: usize,
    limit: Vec<u32>,
    weight: Vec<i64>,
    load: Vec<u32>,
    /// Residents there in rotations kept.
    kept: Vec<u32>,
    /// Resident-months over capacity, in all.
    over: u64,
    /// The sum over departments and months of weight × load².
    bal: i64,
    /// Months placed now, in all.
    months_placed: i64,
    placed: Vec<Option<Schedule>>,
    /// Residents whose programme does not fit their months at all.
    hopeless: Vec<bool>,
    /// How often each resident has been taken out by the pool.
    ejected: Vec<u32>,
    /// What a month placed now is worth in this phase (0 or [`REWARD`]).
    reward: i64,
    /// Each cell's load above which [`PEAK`] counts (none until the
    /// polish), and what it counts in all.
    target: Vec<u32>,
    peaks: i64,
    rng: Rng,
    scratch: Scratch,
    /// Placements made, the measure of effort.
    pub calls: u64,
}

impl<'p> Search<'p> {
    pub fn new(p: &'p Problem, seed: u64) -> Search<'p> {
        let m = p.months;
        let cells = p.departments.len() * m;
        let mut limit = vec![0; cells];
        let mut weight = vec![0; cells];
        let mut load = vec![0; cells];
        // A department without a capacity is weighed as if it took what it
        // needs on average, twice over: it is spread out, but lightly.
        let mut demand = vec![0u64; p.departments.len()];
        for r in &p.residents {
            for e in &r.entries {
                demand[e.department] += u64::from(e.months);
            }
        }
        for (d, dep) in p.departments.iter().enumerate() {
            for t in 0..m {
                let c = d * m + t;
                limit[c] = dep.limit(t);
                load[c] = dep.kept[t];
                let scale = match dep.capacity[t] {
                    Some(cap) => i64::from(cap.max(dep.kept[t]).max(1)),
                    None => (2 * demand[d] / m.max(1) as u64).max(1) as i64,
                };
                weight[c] = (SCALE / scale).max(1);
            }
        }
        let bal = load
            .iter()
            .zip(&weight)
            .map(|(&l, &w)| w * i64::from(l) * i64::from(l))
            .sum();
        let n = p.residents.len();
        Search {
            p,
            m,
            limit,
            weight,
            kept: load.clone(),
            load,
            over: 0,
            bal,
            months_placed: 0,
            placed: vec![None; n],
            hopeless: vec![false; n],
            ejected: vec![0; n],
            reward: 0,
            target: vec![u32::MAX; cells],
            peaks: 0,
            rng: Rng::new(seed),
            scratch: Scratch::default(),
            calls: 0,
        }
    }

    /// Runs every phase and returns the plan.
    pub fn run(mut self, effort: Effort) -> Solution {
        self.construct();
        self.repair(effort.repair);
        self.pool(effort.pool);
        self.polish(effort.polish_passes);
        self.solution()
    }

    /// The objective the polish lowers: even loads, and months placed now.
    fn objective(&self) -> i64 {
        self.bal + self.peaks - REWARD * self.months_placed
    }

    fn apply(&mut self, r: usize, s: &Schedule, add: bool) {
        let p = self.p;
        let m = self.m;
        for &(e, start) in s {
            let entry = &p.residents[r].entries[e as usize];
            let base = entry.department * m;
            for t in start as usize..start as usize + entry.months as usize {
                let c = base + t;
                let l = i64::from(self.load[c]);
                let w = self.weight[c];
                let above = l - i64::from(self.target[c]);
                if add {
                    self.peaks += PEAK * (above + 1).max(0);
                    self.bal += w * (2 * l + 1);
                    if self.load[c] >= self.limit[c] {
                        self.over += 1;
                    }
                    self.load[c] += 1;
                } else {
                    self.peaks -= PEAK * above.max(0);
                    self.bal -= w * (2 * l - 1);
                    if self.load[c] > self.limit[c] {
                        self.over -= 1;
                    }
                    self.load[c] -= 1;
                }
            }
            let n = i64::from(entry.months);
            self.months_placed += if add { n } else { -n };
        }
    }

    /// Gives resident `r` the schedule `new` (or none), returning the one
    /// it had.
    fn set(&mut self, r: usize, new: Option<Schedule>) -> Option<Schedule> {
        let old = self.placed[r].take();
        if let Some(s) = &old {
            self.apply(r, s, false);
        }
        if let Some(s) = &new {
            self.apply(r, s, true);
        }
        self.placed[r] = new;
        old
    }

    /// Undoes the changes of a journal, latest first.
    fn revert(&mut self, journal: Vec<(usize, Option<Schedule>)>) {
        for (r, old) in journal.into_iter().rev() {
            self.set(r, old);
        }
    }

    /// The cost of one more resident in cell `c`.
    fn marginal(&self, c: usize, mode: Mode) -> i64 {
        let l = i64::from(self.load[c]);
        let bal = self.weight[c] * (2 * l + 1) + PEAK * (l + 1 - i64::from(self.target[c])).max(0)
            - self.reward;
        if self.load[c] >= self.limit[c] {
            match mode {
                // Only a resident placed by the plan can be moved out: a
                // month full of rotations kept stays full.
                Mode::Soft if self.load[c] <= self.kept[c] => INF,
                Mode::Soft => OVER + bal,
                Mode::Hard => INF,
                Mode::Free => 0,
            }
        } else if mode == Mode::Free {
            0
        } else {
            bal
        }
    }

    /// The best schedule for resident `r` (who must not be placed) as the
    /// others leave the departments, with the cells `tabu` costing as if
    /// over capacity; `None` when the programme cannot be fitted at all
    /// (in `Hard` mode: not within capacity).
    pub fn best(
        &mut self,
        r: usize,
        mode: Mode,
        tabu: &[usize],
        noise: i64,
        beam: usize,
    ) -> Option<Schedule> {
        debug_assert!(self.placed[r].is_none());
        self.calls += 1;
        let p = self.p;
        let m = self.m;
        let res = &p.residents[r];
        let n = res.entries.len();
        let mut sc = std::mem::take(&mut self.scratch);
        let width = m + 1;
        sc.cost.clear();
        sc.cost.resize(n * width, INF);
        let must = res.must(m);
        // Each entry's cost at each start, summed over a sliding window;
        // the guess at the cost of a month still to place is the mean
        // month within capacity (the cheapest month would make leaving
        // months free look best, and crowd the free months at the start).
        let (mut months_sum, mut months_n) = (0i64, 0i64);
        for (e, entry) in res.entries.iter().enumerate() {
            let len = entry.months as usize;
            let hi = entry.before.min(m);
            let lo = entry.earliest;
            if len == 0 || lo + len > hi {
                continue;
            }
            let base = entry.department * m;
            sc.vals.clear();
            sc.vals.extend((lo..hi).map(|t| {
                if res.free >> t & 1 == 0 {
                    return INF;
                }
                let c = base + t;
                let v = self.marginal(c, mode);
                if v < INF && tabu.contains(&c) {
                    v + OVER
                } else {
                    v
                }
            }));
            let (mut sum, mut bad) = (0i64, 0usize);
            for k in 0..sc.vals.len() {
                let v = sc.vals[k];
                if v >= INF {
                    bad += 1;
                } else {
                    sum += v;
                }
                if k >= len {
                    let out = sc.vals[k - len];
                    if out >= INF {
                        bad -= 1;
                    } else {
                        sum -= out;
                    }
                }
                if k + 1 >= len && bad == 0 {
                    let s = lo + k + 1 - len;
                    let jitter = if noise > 0 {
                        (self.rng.next_u64() % noise as u64) as i64
                    } else {
                        0
                    };
                    sc.cost[e * width + s] = sum + jitter;
                    if sum < OVER {
                        months_sum += sum / len as i64;
                        months_n += 1;
                    }
                }
            }
        }
        let free = res.free & stretch(0, m);
        let ctx = Ctx {
            total: res.demand(),
            later: res.later,
            must_months: res
                .entries
                .iter()
                .enumerate()
                .filter(|(i, _)| must >> i & 1 == 1)
                .map(|(_, e)| e.months)
                .sum(),
            free,
            m,
        };
        let t0 = (free.trailing_zeros() as usize).min(m);
        sc.nodes.clear();
        sc.seen.clear();
        if sc.layers.len() < width {
            sc.layers.resize_with(width, Vec::new);
        }
        for l in &mut sc.layers[..width] {
            l.clear();
        }
        sc.nodes.push(Node {
            mask: 0,
            done: 0,
            must_done: 0,
            cost: 0,
            parent: u32::MAX,
            entry: IDLE,
            start: 0,
        });
        sc.layers[t0].push(0);
        let typical = if months_n == 0 {
            0
        } else {
            months_sum / months_n
        };
        let mut best: Option<(i64, u32)> = None;
        for t in t0..=m {
            let mut layer = std::mem::take(&mut sc.layers[t]);
            if layer.len() > beam {
                // Rank by the cost so far and a guess at the rest.
                let nodes = &sc.nodes;
                let key = |&i: &u32| {
                    let n = &nodes[i as usize];
                    n.cost + i64::from(ctx.total - n.done) * typical
                };
                layer.select_nth_unstable_by_key(beam, key);
                layer.truncate(beam);
            }
            for &i in &layer {
                let node = sc.nodes[i as usize];
                if node.mask & must == must
                    && ctx.total - node.done <= ctx.later
                    && best.is_none_or(|(c, _)| node.cost < c)
                {
                    best = Some((node.cost, i));
                }
                if t == m {
                    continue;
                }
                let idle = Node {
                    parent: i,
                    entry: IDLE,
                    start: t as u8,
                    ..node
                };
                push(&mut sc, &ctx, t + 1, idle);
                for (e, entry) in res.entries.iter().enumerate() {
                    if node.mask >> e & 1 == 1 || entry.after & !node.mask != 0 {
                        continue;
                    }
                    let c = sc.cost[e * width + t];
                    if c >= INF {
                        continue;
                    }
                    let next = Node {
                        mask: node.mask | 1 << e,
                        done: node.done + entry.months,
                        must_done: node.must_done
                            + if must >> e & 1 == 1 { entry.months } else { 0 },
                        cost: node.cost + c,
                        parent: i,
                        entry: e as u8,
                        start: t as u8,
                    };
                    push(&mut sc, &ctx, t + entry.months as usize, next);
                }
            }
            sc.layers[t] = layer;
        }
        let out = best.map(|(_, mut i)| {
            let mut s = Vec::new();
            while i != u32::MAX {
                let node = sc.nodes[i as usize];
                if node.entry != IDLE {
                    s.push((node.entry, node.start));
                }
                i = node.parent;
            }
            s.reverse();
            s
        });
        self.scratch = sc;
        out
    }

    /// Places a resident, trying a wide beam before giving up.
    fn place(&mut self, r: usize, mode: Mode, tabu: &[usize], noise: i64) -> Option<Schedule> {
        self.best(r, mode, tabu, noise, BEAM)
            .or_else(|| self.best(r, mode, tabu, noise, WIDE_BEAM))
    }

    /// Phase 1: every resident, the least slack first.
    fn construct(&mut self) {
        let p = self.p;
        let mut order: Vec<(i64, u64, usize)> = p
            .residents
            .iter()
            .enumerate()
            .map(|(r, res)| {
                let room =
                    i64::from((res.free & stretch(0, self.m)).count_ones()) + i64::from(res.later);
                (room - i64::from(res.demand()), self.rng.next_u64(), r)
            })
            .collect();
        order.sort_unstable();
        for (_, _, r) in order {
            match self.place(r, Mode::Soft, &[], SCALE / 8) {
                Some(s) => {
                    self.set(r, Some(s));
                }
                None => self.hopeless[r] = true,
            }
        }
    }

    /// The cells over capacity.
    fn over_cells(&self) -> Vec<usize> {
        (0..self.load.len())
            .filter(|&c| self.load[c] > self.limit[c])
            .collect()
    }

    /// The residents placed in cell `c`.
    fn occupants(&self, c: usize) -> Vec<usize> {
        let (d, t) = (c / self.m, c % self.m);
        let p = self.p;
        let mut out = Vec::new();
        for (r, s) in self.placed.iter().enumerate() {
            let Some(s) = s else { continue };
            let entries = &p.residents[r].entries;
            if s.iter().any(|&(e, start)| {
                let e = &entries[e as usize];
                e.department == d && (start as usize) <= t && t < start as usize + e.months as usize
            }) {
                out.push(r);
            }
        }
        out
    }

    /// The cells of resident `r`'s schedule.
    fn cells_of(&self, r: usize) -> Vec<usize> {
        let p = self.p;
        let mut out = Vec::new();
        if let Some(s) = &self.placed[r] {
            for &(e, start) in s {
                let e = &p.residents[r].entries[e as usize];
                for t in start as usize..start as usize + e.months as usize {
                    out.push(e.department * self.m + t);
                }
            }
        }
        out
    }

    /// Phase 2: ejection chains until nothing is over capacity, or the
    /// effort is spent, or nothing improves for long.
    fn repair(&mut self, budget: u64) {
        let end = self.calls + budget;
        let patience = budget / 4 + 200;
        let mut best = self.over;
        let mut since = self.calls;
        while self.over > 0 && self.calls < end && self.calls - since < patience {
            let cells = self.over_cells();
            let c = cells[self.rng.below(cells.len())];
            let who = self.occupants(c);
            if who.is_empty() {
                break;
            }
            let r = who[self.rng.below(who.len())];
            self.chain(r, c, 3);
            if self.over < best {
                best = self.over;
                since = self.calls;
            }
        }
    }

    /// Moves `r` out of cell `c`; if that puts another cell over, moves a
    /// resident out of it, up to `depth` residents; undone unless the
    /// residents over capacity are no more than before.
    fn chain(&mut self, r: usize, c: usize, depth: usize) {
        let before = self.over;
        let mut journal = Vec::new();
        let mut moved = vec![r];
        let (mut who, mut tabu) = (r, c);
        for _ in 0..depth {
            let old = self.set(who, None);
            journal.push((who, old.clone()));
            match self.place(who, Mode::Soft, &[tabu], SCALE / 2) {
                Some(s) => {
                    self.set(who, Some(s));
                }
                None => {
                    self.set(who, old);
                    break;
                }
            }
            if self.over <= before {
                return;
            }
            let mine: Vec<usize> = self
                .cells_of(who)
                .into_iter()
                .filter(|&c| self.load[c] > self.limit[c])
                .collect();
            if mine.is_empty() {
                break;
            }
            tabu = mine[self.rng.below(mine.len())];
            let next: Vec<usize> = self
                .occupants(tabu)
                .into_iter()
                .filter(|x| !moved.contains(x))
                .collect();
            if next.is_empty() {
                break;
            }
            who = next[self.rng.below(next.len())];
            moved.push(who);
        }
        self.revert(journal);
    }

    /// Phase 3: takes out residents until nothing is over capacity, then
    /// works the pool of those not placed.
    fn pool(&mut self, budget: u64) {
        let mut pool: Vec<usize> = Vec::new();
        while self.over > 0 {
            let over: Vec<bool> = (0..self.load.len())
                .map(|c| self.load[c] > self.limit[c])
                .collect();
            let mut worst: Option<(usize, u64, usize)> = None;
            for r in 0..self.placed.len() {
                let n = self.cells_of(r).iter().filter(|&&c| over[c]).count();
                if n == 0 {
                    continue;
                }
                let tie = self.rng.next_u64();
                if worst.is_none_or(|(k, t, _)| (n, tie) > (k, t)) {
                    worst = Some((n, tie, r));
                }
            }
            let Some((_, _, r)) = worst else { break };
            self.set(r, None);
            pool.push(r);
        }
        pool.retain(|&r| match self.place(r, Mode::Hard, &[], 0) {
            Some(s) => {
                self.set(r, Some(s));
                false
            }
            None => true,
        });
        let end = self.calls + budget;
        // Give up once the pool has not shrunk for a good while: it is
        // most often as small as it can be.
        let patience = (budget / 3).max(1000);
        let (mut smallest, mut since) = (pool.len(), self.calls);
        while !pool.is_empty() && self.calls < end && self.calls - since < patience {
            if pool.len() < smallest {
                smallest = pool.len();
                since = self.calls;
            }
            let k = self.rng.below(pool.len());
            let u = pool[k];
            let mut journal = Vec::new();
            // Noise as large as a month over capacity: which residents
            // are in the way is left to chance, or the same few would be
            // tried again and again.
            let Some(s) = self.place(u, Mode::Soft, &[], OVER) else {
                // Unreachable for a resident who was placed once; kept out.
                pool.swap_remove(k);
                self.hopeless[u] = true;
                continue;
            };
            journal.push((u, self.set(u, Some(s))));
            let mut out = Vec::new();
            while self.over > 0 {
                let cells: Vec<usize> = self
                    .cells_of(u)
                    .into_iter()
                    .filter(|&c| self.load[c] > self.limit[c])
                    .collect();
                let Some(&c) = cells.first() else { break };
                let mut who: Vec<usize> = self.occupants(c);
                who.retain(|&x| x != u);
                if who.is_empty() {
                    break;
                }
                // The least often taken out, so that the same few do not
                // go round and round.
                let least = who.iter().map(|&x| self.ejected[x]).min().unwrap_or(0);
                who.retain(|&x| self.ejected[x] == least);
                let v = who[self.rng.below(who.len())];
                self.ejected[v] += 1;
                journal.push((v, self.set(v, None)));
                out.push(v);
            }
            if self.over > 0 {
                self.revert(journal);
                continue;
            }
            let mut still = Vec::new();
            for k in (1..out.len()).rev() {
                out.swap(k, self.rng.below(k + 1));
            }
            for v in out {
                match self.place(v, Mode::Hard, &[], SCALE / 2) {
                    Some(s) => journal.push((v, self.set(v, Some(s)))),
                    None => still.push(v),
                }
            }
            // The pool loses u and gains those who found no other place.
            if still.len() <= 1 {
                pool.swap_remove(k);
                pool.extend(still);
            } else {
                self.revert(journal);
            }
        }
        for r in pool {
            self.ejected[r] = u32::MAX;
        }
    }

    /// Phase 4: each resident placed again within capacity, kept when the
    /// loads are more even (or more months are placed now).
    fn polish(&mut self, passes: u32) {
        self.reward = REWARD;
        // Each department's mean over the span, rounded up, as its target.
        let m = self.m;
        for d in 0..self.p.departments.len() {
            let cells = d * m..(d + 1) * m;
            let total: u64 = self.load[cells.clone()].iter().map(|&l| u64::from(l)).sum();
            let mean = total.div_ceil(m as u64) as u32;
            for c in cells {
                self.target[c] = mean;
                let above = i64::from(self.load[c]) - i64::from(mean);
                self.peaks += PEAK * above.max(0) * (above.max(0) + 1) / 2;
            }
        }
        let n = self.placed.len();
        for _ in 0..passes {
            let before = self.objective();
            let mut order: Vec<(u64, usize)> = (0..n).map(|r| (self.rng.next_u64(), r)).collect();
            order.sort_unstable();
            for (_, r) in order {
                if self.placed[r].is_none() {
                    continue;
                }
                let was = self.objective();
                let old = self.set(r, None);
                match self.best(r, Mode::Hard, &[], 0, BEAM) {
                    Some(s) => {
                        self.set(r, Some(s));
                        if self.objective() > was {
                            self.set(r, old);
                        }
                    }
                    None => {
                        self.set(r, old);
                    }
                }
            }
            // Stop when a pass gains nothing.
            if self.objective() >= before {
                break;
            }
        }
    }

    /// The plan: each placed resident's start month per entry.
    fn solution(&self) -> Solution {
        let starts = self
            .placed
            .iter()
            .enumerate()
            .map(|(r, s)| {
                s.as_ref().map(|s| {
                    let mut out = vec![None; self.p.residents[r].entries.len()];
                    for &(e, start) in s {
                        out[e as usize] = Some(start as usize);
                    }
                    out
                })
            })
            .collect();
        Solution { starts }
    }
}

/// Plans the residents of `p`: deterministic for a seed.
pub fn solve(p: &Problem, seed: u64) -> Solution {
    Search::new(p, seed).run(Effort::for_residents(p.residents.len()))
}

/// Whether resident `r`'s programme fits their months at all, whatever
/// the departments hold.
pub fn fits_alone(p: &Problem, r: usize) -> bool {
    let mut s = Search::new(p, 0);
    s.best(r, Mode::Free, &[], 0, BEAM).is_some()
        || s.best(r, Mode::Free, &[], 0, WIDE_BEAM).is_some()
}
