//! The parts index of a large department list: cores split into a place and a kind
//! (陇南市遂昌县 + 机关事务管理局), whose overlaps with a query bound the score of every variant
//! made of them, so the pruned search lists only the (place, kind) pairs whose bound reaches the
//! bar (`Engine::parts_search`).
//!
//! What must stay true: a pair's bound (`PartQuery::bound`) is never below the score of a
//! variant of that pair: the LCS of a query with head + tail is at most the sum of its LCS with
//! each, and `PART_EPS` covers summing in another order. Pruning by it then drops nothing the
//! plain filter and `score` would rank among the three best entries.

// Hot maps keyed by names and sounds: FxHash, not SipHash (keys are dictionary text).
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::Engine;
use super::candidates::{EPS, Search, Visits};
use super::outcome::FUZZY_CAP;

/// Department cores split into a place and a kind: 陇南市遂昌县 + 机关事务管理局. A core's tail is
/// its longest ending shared by `TAIL_MIN` cores or more (`tail_min`), its head the rest
/// (possibly empty).
/// The distinct heads and tails are few, so a query's overlap with each is cheap to count, and
/// as the LCS of a query with head + tail is at most the sum of its LCS with each, the sums
/// bound every variant's score without looking at the variant. `Engine::parts_search` lists
/// only the (head, tail) pairs whose bound reaches the bar.
#[derive(Debug, Clone, Default)]
pub(super) struct Parts {
    /// Per part: its text, the weight of its sounds (as the variants weigh them), its length,
    /// its first character ('\0' for none).
    text: Vec<Vec<char>>,
    first: Vec<char>,
    weight: Vec<f32>,
    len: Vec<u32>,
    /// Sound id -> (part, times the part has it).
    postings: Vec<Vec<(u32, u32)>>,
    /// Per head: (tail's index in `tails`, variant), at `head_pairs[head_at[h]..head_at[h + 1]]`.
    head_at: Vec<u32>,
    head_pairs: Vec<(u32, u32)>,
    /// Per tail: (head weight, head, variant), lightest head first.
    tail_at: Vec<u32>,
    tail_pairs: Vec<(f32, u32, u32)>,
    /// The parts that are some variant's tail.
    pub(super) tails: Vec<u32>,
    /// Weight of the lightest tail.
    min_tail_weight: f32,
    /// Per sound id, its slot in `fcount` when it is one of the frequent sounds (市, 局) whose
    /// lists would hold most parts, else `NO_SLOT`; their lists are left empty.
    freq_slot: Vec<u8>,
    /// Per part, how many times it has each frequent sound.
    fcount: Vec<[u8; FREQ]>,
    /// Heads by their first character, by their second, and the heads of at most one
    /// character: every head the query may abbreviate or differ from in one character is in
    /// one of them (`PartQuery::special`).
    by_first: HashMap<char, Vec<u32>>,
    by_second: HashMap<char, Vec<u32>>,
    short_heads: Vec<u32>,
}

/// Frequent sounds counted per part instead of listed, at most.
const FREQ: usize = 4;

const NO_SLOT: u8 = u8::MAX;

/// Cores an ending must close to be a tail: enough that tails are kinds of body, not places.
/// On the 50k list, 64 was 5% faster than 32 or 128 (16 and 256: 20-25% slower).
pub(super) const TAIL_MIN: u32 = 64;

/// Heads whose best pairs are scored first, to set a bar before the pairs are listed.
const PART_SEEDS: usize = 8;

/// Relative room for rounding in the part bounds: parts are summed in another order than the
/// variant's own weights.
const PART_EPS: f32 = 1e-3;

impl Parts {
    pub(super) fn build(e: &Engine, tail_min: u32) -> Parts {
        let mut endings: HashMap<&[char], u32> = HashMap::default();
        let mut seen: rustc_hash::FxHashSet<&[char]> = Default::default();
        for v in &e.index.variants {
            if seen.insert(&v.core) {
                for k in 1..=v.core.len() {
                    *endings.entry(&v.core[v.core.len() - k..]).or_default() += 1;
                }
            }
        }
        let mut p = Parts {
            postings: vec![Vec::new(); e.index.postings.len()],
            ..Parts::default()
        };
        let mut ids: HashMap<&[char], u32> = HashMap::default();
        // (head, tail, variant)
        let mut split: Vec<(u32, u32, u32)> = Vec::with_capacity(e.index.variants.len());
        // A national list's variants share a few thousand cores (民政局 in every county).
        let mut done: HashMap<&[char], (u32, u32)> = HashMap::default();
        for (vid, v) in e.index.variants.iter().enumerate() {
            if let Some(&(h, t)) = done.get(&v.core[..]) {
                split.push((h, t, vid as u32));
                continue;
            }
            let n = v.core.len();
            let k = (2..=n)
                .filter(|&k| endings[&v.core[n - k..]] >= tail_min)
                .max()
                .unwrap_or(0);
            let h = p.intern(&mut ids, e, &v.core[..n - k], &v.sounds[..n - k]);
            let t = p.intern(&mut ids, e, &v.core[n - k..], &v.sounds[n - k..]);
            done.insert(&v.core, (h, t));
            split.push((h, t, vid as u32));
        }
        let np = p.weight.len();
        let mut is_tail = vec![false; np];
        split.par_sort_unstable();
        for &(_, t, _) in &split {
            is_tail[t as usize] = true;
        }
        p.tails = (0..np as u32).filter(|&t| is_tail[t as usize]).collect();
        let mut tail_index = vec![u32::MAX; np];
        for (i, &t) in p.tails.iter().enumerate() {
            tail_index[t as usize] = i as u32;
        }
        p.head_at = vec![0; np + 1];
        for &(h, t, v) in &split {
            p.head_at[h as usize + 1] += 1;
            p.head_pairs.push((tail_index[t as usize], v));
        }
        for i in 0..np {
            p.head_at[i + 1] += p.head_at[i];
        }
        let mut by_tail: Vec<(u32, f32, u32, u32)> = split
            .iter()
            .map(|&(h, t, v)| (t, p.weight[h as usize], h, v))
            .collect();
        // Ties are equal in every field: the parallel sort is deterministic.
        by_tail.par_sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then(a.1.total_cmp(&b.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        p.tail_at = vec![0; np + 1];
        for &(t, w, h, v) in &by_tail {
            p.tail_at[t as usize + 1] += 1;
            p.tail_pairs.push((w, h, v));
        }
        for i in 0..np {
            p.tail_at[i + 1] += p.tail_at[i];
        }
        p.min_tail_weight = (p.tails.iter())
            .map(|&t| p.weight[t as usize])
            .fold(f32::INFINITY, f32::min);
        // A sound in more than an eighth of the parts is met by nearly every query that has
        // it, and weighs little: walking its list cost more than the rest of the search.
        let mut freq: Vec<usize> = (0..p.postings.len())
            .filter(|&k| p.postings[k].len() * 8 > np)
            .collect();
        freq.sort_by_key(|&k| (std::cmp::Reverse(p.postings[k].len()), k));
        freq.truncate(FREQ);
        p.freq_slot = vec![NO_SLOT; p.postings.len()];
        p.fcount = vec![[0; FREQ]; np];
        for (j, &k) in freq.iter().enumerate() {
            p.freq_slot[k] = j as u8;
            for &(part, c) in &std::mem::take(&mut p.postings[k]) {
                p.fcount[part as usize][j] = c.min(u32::from(u8::MAX)) as u8;
            }
        }
        for h in 0..np {
            if p.head_at[h] == p.head_at[h + 1] {
                continue;
            }
            match p.text[h].as_slice() {
                [] | [_] => p.short_heads.push(h as u32),
                [a, b, ..] => {
                    p.by_first.entry(*a).or_default().push(h as u32);
                    p.by_second.entry(*b).or_default().push(h as u32);
                }
            }
        }
        p
    }

    fn intern<'a>(
        &mut self,
        ids: &mut HashMap<&'a [char], u32>,
        e: &Engine,
        chars: &'a [char],
        sounds: &[u32],
    ) -> u32 {
        if let Some(&id) = ids.get(chars) {
            return id;
        }
        let id = self.weight.len() as u32;
        ids.insert(chars, id);
        self.weight.push(sounds.iter().map(|&k| e.weight(k)).sum());
        self.len.push(chars.len() as u32);
        self.first.push(chars.first().copied().unwrap_or('\0'));
        self.text.push(chars.to_vec());
        let mut sids: Vec<u32> = sounds.iter().map(|k| e.index.sound_ids[k]).collect();
        sids.sort_unstable();
        for (i, &k) in sids.iter().enumerate() {
            if i > 0 && sids[i - 1] == k {
                self.postings[k as usize].last_mut().expect("pushed").1 += 1;
            } else {
                self.postings[k as usize].push((id, 1));
            }
        }
        id
    }

    fn head_pairs(&self, h: u32) -> &[(u32, u32)] {
        &self.head_pairs[self.head_at[h as usize] as usize..self.head_at[h as usize + 1] as usize]
    }

    fn tail_pairs(&self, t: u32) -> &[(f32, u32, u32)] {
        &self.tail_pairs[self.tail_at[t as usize] as usize..self.tail_at[t as usize + 1] as usize]
    }
}

/// Per part, its sound overlap with the query and how many sounds that is (together, so a
/// posting touches one slot); the parts the last query met. Kept per thread and cleared
/// through `met`: allocating and zeroing the arrays per query cost more than using them.
#[derive(Default)]
struct PartScratch {
    oc: Vec<(f32, f32)>,
    met: Vec<u32>,
}

thread_local! {
    static PART_SCRATCH: std::cell::RefCell<PartScratch> =
        std::cell::RefCell::new(PartScratch::default());
}

impl Engine {
    /// The fuzzy candidates of `best_candidates` found through the parts index: every variant
    /// whose bound from its head and tail can reach the bar is checked (`Search::check`, the
    /// exact filter) and pooled. False when the index cannot set a bar to work from; the
    /// lookup then takes the plain filter (`best_candidates` returns None).
    ///
    /// Bounds: a variant's weighted and plain LCS with the query are at most the sums of its
    /// parts' sound overlaps with the query (`oc`: weighted, counted). Its score is at most 1
    /// when the query may be its abbreviation (plain LCS = the query's length, the variant
    /// longer) or differ from it in one character (LCS at least the length less one, the same
    /// length), else at most the fuzzy score the sums allow. A pair passes when
    /// 2·(ov_h + ov_t) ≥ τ·(wq + w_h + w_t), i.e. `key_h` ≥ `need_t` with each side a part's
    /// own figure, so heads below the least `need_t` are left at once, and heads sharing no
    /// rare sound with the query (key at most the frequent sounds' share less τ·w_h) only pair
    /// with tails that reach the bar nearly alone, lightest head first.
    pub(super) fn parts_search(&self, s: &mut Search, visit: &mut Visits) -> bool {
        PART_SCRATCH.with(|cell| self.parts_search_with(s, &mut cell.borrow_mut(), visit))
    }

    /// `parts_search` with this thread's scratch.
    fn parts_search_with(&self, s: &mut Search, ps: &mut PartScratch, visit: &mut Visits) -> bool {
        let p = &self.parts;
        let np = p.weight.len();
        if np == 0 {
            return false;
        }
        if ps.oc.len() != np {
            *ps = PartScratch {
                oc: vec![(0.0, 0.0); np],
                met: Vec::new(),
            };
        }
        for &part in &ps.met {
            ps.oc[part as usize] = (0.0, 0.0);
        }
        ps.met.clear();
        // The query's frequent sounds: (slot in `fcount`, weight, times in the query).
        let mut qf = [(0usize, 0f32, 0u32); FREQ];
        let mut nf = 0;
        let (oc, met) = (&mut ps.oc, &mut ps.met);
        for &(id, w, times) in &s.l.lists {
            let slot = p.freq_slot[id as usize];
            if slot != NO_SLOT {
                qf[nf] = (slot as usize, w, times);
                nf += 1;
                continue;
            }
            for &(part, c) in &p.postings[id as usize] {
                let k = times.min(c) as f32;
                let o = &mut oc[part as usize];
                if o.1 == 0.0 {
                    met.push(part);
                }
                o.0 += w * k;
                o.1 += k;
            }
        }
        let qf = &qf[..nf];
        // The parts the rare sounds met get their frequent sounds' overlap added; so does
        // every tail, so the loops over tails read each tail's overlap directly.
        let rare_met = met.len();
        if nf > 0 {
            for &part in met.iter() {
                let (o, c) = freq_overlap(p, qf, part as usize);
                let x = &mut oc[part as usize];
                x.0 += o;
                x.1 += c;
            }
            for &t in &p.tails {
                let x = &mut oc[t as usize];
                if x.1 == 0.0 {
                    let f = freq_overlap(p, qf, t as usize);
                    if f.1 > 0.0 {
                        *x = f;
                        met.push(t);
                    }
                }
            }
        }
        let pq = PartQuery {
            p,
            q: s.q,
            nq: s.q.len() as f32,
            wq: s.l.wq,
            oc: &ps.oc,
            qf,
        };
        let heads: Vec<u32> = ps.met[..rare_met]
            .iter()
            .copied()
            .filter(|&h| p.head_at[h as usize] < p.head_at[h as usize + 1])
            .collect();
        pq.seed(s, &heads, visit);
        // `score` gives nothing below this (special rules aside), whatever the bar.
        let floor = self.thresholds.review * 0.8 - 2.0 * EPS;
        let tau = s.least_score().max(floor);
        if tau.is_nan() || tau <= 0.0 {
            return false;
        }
        let most_cn = pq.fuzzy_pairs(s, &heads, tau, floor, visit);
        pq.special_pairs(most_cn, visit);
        visit.flush(s);
        s.score_pool();
        true
    }
}

/// The overlap (weighted, counted) of a part with the query's frequent sounds `qf`.
fn freq_overlap(p: &Parts, qf: &[(usize, f32, u32)], part: usize) -> (f32, f32) {
    let fc = &p.fcount[part];
    let (mut o, mut c) = (0f32, 0f32);
    for &(j, w, times) in qf {
        let k = times.min(u32::from(fc[j])) as f32;
        o += w * k;
        c += k;
    }
    (o, c)
}

/// One query against the parts index: its figures and each part's sound overlap with it.
struct PartQuery<'a> {
    p: &'a Parts,
    q: &'a [char],
    nq: f32,
    wq: f32,
    /// Per part, its (weighted, counted) overlap: set for the parts the rare sounds met and
    /// for every tail, zero for the rest (`ov` counts their frequent sounds).
    oc: &'a [(f32, f32)],
    /// The query's frequent sounds: (slot in `fcount`, weight, times in the query).
    qf: &'a [(usize, f32, u32)],
}

impl PartQuery<'_> {
    /// A part's (weighted, counted) sound overlap with the query.
    fn ov(&self, part: usize) -> (f32, f32) {
        let o = self.oc[part];
        if o.1 > 0.0 || self.qf.is_empty() {
            o
        } else {
            freq_overlap(self.p, self.qf, part)
        }
    }

    /// Whether a variant with this head may be one the query abbreviates (the same first
    /// character, or the head's first left out) or one it differs from in one character (at
    /// most one in the head). Most
    /// heads differ from the query at once, so the count stops at the second difference.
    fn special(&self, h: usize) -> bool {
        let q = self.q;
        // The first character and length are kept apart from the text, which is a cache miss
        // away; most heads are settled by them.
        let len = self.p.len[h] as usize;
        if len == 0 || self.p.first[h] == q[0] {
            return true;
        }
        let head = &self.p.text[h];
        // The query may leave out the head's first character (州市民政局 of 杭州市民政局),
        // which scores as an abbreviation (`Engine::score`).
        if len <= q.len() + 1 && head[1..].iter().zip(q).all(|(a, b)| a == b) {
            return true;
        }
        if len > q.len() {
            return false;
        }
        let mut differ = 0;
        for (a, b) in head.iter().zip(q) {
            if a != b {
                differ += 1;
                if differ > 1 {
                    return false;
                }
            }
        }
        true
    }

    /// A bound on the score of every variant with head `h` and tail `t`.
    fn bound(&self, h: u32, t: u32) -> f32 {
        let (h, t) = (h as usize, t as usize);
        let p = self.p;
        let (oh, ot) = (self.ov(h), self.ov(t));
        let c = oh.1 + ot.1;
        let ne = (p.len[h] + p.len[t]) as f32;
        if c + 1.0 + PART_EPS >= self.nq && ne >= self.nq && self.special(h) {
            return 1.0;
        }
        let w = (oh.0 + ot.0) * (1.0 + PART_EPS) + PART_EPS;
        (2.0 * w / (self.wq + p.weight[h] + p.weight[t]))
            .min(2.0 * c / (self.nq + ne) + 0.05 + PART_EPS)
            .min(FUZZY_CAP)
    }

    /// Seeds, best bound first, to set a first bar: pairs of the heads and tails sharing the
    /// most with the query, and the lightest heads of those tails (a query without its city).
    /// Any choice is right; heads met by frequent sounds alone are not among them.
    fn seed(&self, s: &mut Search, heads: &[u32], visit: &mut Visits) {
        let p = self.p;
        // An integer key that orders as (overlap descending, part ascending). Only the best
        // few are needed in order, so they are kept as they come rather than all sorted.
        let ranked = |part: u32| {
            (u64::from(!total_order_key(self.oc[part as usize].0)) << 32) | u64::from(part)
        };
        let mut top_heads = Best::new(2 * PART_SEEDS);
        for &h in heads {
            top_heads.offer(ranked(h));
        }
        let mut tails = Best::new(PART_SEEDS);
        for &t in &p.tails {
            if self.oc[t as usize].1 > 0.0 {
                tails.offer(ranked(t));
            }
        }
        let tails = tails.into_sorted();
        let mut seeds: Vec<(f32, u32)> = Vec::new();
        // A head's pairs are few and together: reading them all costs less than searching
        // them for each tail.
        for h in top_heads.into_sorted() {
            for &(ti, v) in p.head_pairs(h) {
                let t = p.tails[ti as usize];
                if tails.contains(&t) {
                    seeds.push((self.bound(h, t), v));
                }
            }
        }
        for &t in &tails {
            for &(_, h, v) in p.tail_pairs(t).iter().take(PART_SEEDS) {
                seeds.push((self.bound(h, t), v));
            }
        }
        seeds.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for chunk in seeds.chunks(2 * PART_SEEDS).take(4) {
            for &(b, v) in chunk {
                visit.visit(v, b);
            }
            visit.flush(s);
            s.score_pool();
            if s.entries.len() >= 3 {
                break;
            }
        }
    }

    /// Visits the pairs the fuzzy bound lets through at least score `tau`. A pair passes when
    /// 2·(ov_h + ov_t) ≥ τ·(wq + w_h + w_t), i.e. `key(h)` ≥ `need(t)` with each side a part's
    /// own figure. The heads the rare sounds met are taken one by one with all their pairs;
    /// the others, whose key is at most their frequent sounds' share less τ·w_h, tail by
    /// tail, lightest first while one can still pass. Returns the greatest sound count any
    /// tail shares with the query.
    fn fuzzy_pairs(
        &self,
        s: &mut Search,
        heads: &[u32],
        tau: f32,
        floor: f32,
        visit: &mut Visits,
    ) -> f32 {
        let p = self.p;
        let up = s.max_up();
        let key = |h: usize| 2.0 * self.ov(h).0 * (1.0 + PART_EPS) - tau * p.weight[h];
        let room = 0.01 * (1.0 + self.wq);
        let mut least_need = tau * (self.wq + p.min_tail_weight) - PART_EPS;
        let mut most_cn = 0f32;
        let needs: Vec<f32> = p
            .tails
            .iter()
            .map(|&t| {
                let (o, c) = self.oc[t as usize];
                let need = tau * (self.wq + p.weight[t as usize]) - 2.0 * o * (1.0 + PART_EPS);
                let need = need - PART_EPS;
                if c > 0.0 {
                    least_need = least_need.min(need);
                    most_cn = most_cn.max(c);
                }
                need - room
            })
            .collect();
        // What a head the rare sounds did not meet can add to a key at most.
        let fkey: f32 =
            2.0 * (1.0 + PART_EPS) * self.qf.iter().map(|&(_, w, t)| w * t as f32).sum::<f32>();
        // Heads below every tail's need pair with none. A head's pairs are few and together,
        // so each head left reads them all (a search of them per tail missed the cache).
        for &h in heads {
            let kh = key(h as usize);
            if kh < least_need - room {
                continue;
            }
            for &(ti, v) in p.head_pairs(h) {
                if kh >= needs[ti as usize] {
                    let b = self.bound(h, p.tails[ti as usize]);
                    if b >= floor && !s.below_bar(b, up) {
                        visit.visit(v, b);
                    }
                }
            }
        }
        // The other heads: their key is at most `fkey` less τ·w_h, so lightest first, and only
        // for tails whose need that can reach.
        for (&t, &need_t) in p.tails.iter().zip(&needs) {
            if need_t > fkey {
                continue;
            }
            let lightest = (fkey - need_t) / tau;
            for &(wh, h, v) in p.tail_pairs(t) {
                if wh > lightest {
                    break;
                }
                if key(h as usize) >= need_t {
                    let b = self.bound(h, t);
                    if b >= floor && !s.below_bar(b, up) {
                        visit.visit(v, b);
                    }
                }
            }
        }
        most_cn
    }

    /// Visits the pairs only the bound for abbreviations and one-character slips lets
    /// through: their counted overlap is within one of the query's length. The heads come from
    /// the only lists `special` can hold true for.
    fn special_pairs(&self, most_cn: f32, visit: &mut Visits) {
        let p = self.p;
        let (q, nq) = (self.q, self.nq);
        let second = q.get(1).and_then(|c| p.by_second.get(c));
        // A head whose second character opens the query: the query left its first out (事局
        // of 海事局), which `special` holds true for too.
        let first_left_out = p.by_second.get(&q[0]);
        let specials = (p.by_first.get(&q[0]).into_iter().flatten())
            .chain(second.into_iter().flatten())
            .chain(first_left_out.into_iter().flatten())
            .chain(&p.short_heads);
        // A head sharing no sound with the query is special only when it has at most one
        // character (sharing its first or second character would be sharing a sound), so
        // `short_heads` holds every such head.
        for &h in specials {
            let ch = self.ov(h as usize).1;
            if ch + most_cn + 1.0 + PART_EPS < nq || !self.special(h as usize) {
                continue;
            }
            for &(ti, v) in p.head_pairs(h) {
                let ct = self.oc[p.tails[ti as usize] as usize].1;
                // The counts first: few tails share enough for the bound to reach 1.
                if (ch > 0.0 || ct > 0.0)
                    && ch + ct + 1.0 + PART_EPS >= nq
                    && self.bound(h, p.tails[ti as usize]) >= 1.0
                {
                    visit.visit(v, 1.0);
                }
            }
        }
    }
}

/// The `k` least of the keys offered, kept in a buffer a few times `k` long that is cut back
/// to the `k` least whenever it fills. A key above the greatest kept after a cut has `k` keys
/// below it and cannot be among the `k` least, so it is dropped unbuffered; that is most keys
/// once a few cuts have been made. Keys must be distinct (they carry their part id), so the
/// result is exactly the `k` least, in order.
struct Best {
    k: usize,
    cut: u64,
    keys: Vec<u64>,
}

impl Best {
    fn new(k: usize) -> Best {
        Best {
            k,
            cut: u64::MAX,
            keys: Vec::with_capacity(4 * k),
        }
    }

    fn offer(&mut self, key: u64) {
        if key >= self.cut {
            return;
        }
        self.keys.push(key);
        if self.keys.len() == 4 * self.k {
            self.keys.select_nth_unstable(self.k - 1);
            self.keys.truncate(self.k);
            // The greatest kept: select_nth leaves none above it before it.
            self.cut = self.keys[self.k - 1];
        }
    }

    /// The parts, best first.
    fn into_sorted(mut self) -> Vec<u32> {
        self.keys.sort_unstable();
        self.keys.truncate(self.k);
        self.keys.iter().map(|&x| x as u32).collect()
    }
}

/// A key whose unsigned order is `f32::total_cmp`'s order (the same transform), so rankings
/// by float can sort plain integers.
fn total_order_key(x: f32) -> u32 {
    let b = x.to_bits() as i32;
    ((b ^ ((((b >> 31) as u32) >> 1) as i32)) as u32) ^ 0x8000_0000
}
