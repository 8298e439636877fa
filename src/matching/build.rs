//! Building an engine over one dictionary: every name variant (standard names, aliases, former
//! names, and what reforms.csv adds for the entries the dictionary has), the never list, the
//! indexes over the variants (`finish`) and the tables the typo rules read.
//!
//! What must stay true: variants are added in a fixed order (each entry's name, aliases and
//! former names in dictionary order, then reforms), since a variant's id is its position and
//! ties are broken by id; names the dictionary gives are never taken over from reforms.csv.

// Hot maps keyed by names and sounds: FxHash, not SipHash (keys are dictionary text).
use rustc_hash::FxHashMap as HashMap;

use crate::dictionary::{Dictionaries, Relation, Scope, TermKind};
use crate::normalize::compact;

use super::candidates::PLAIN_BELOW;
use super::index::{
    KeyIndex, VarPack, Variant, core_key, one_off_key, one_off_positions, poly_hash,
};
use super::outcome::{How, Thresholds};
use super::parts::{Parts, TAIL_MIN};
use super::region::{Region, Regions, build_regions};
use super::{Engine, Kind, sound};

impl Engine {
    /// Builds the department engine.
    pub fn departments(dict: &Dictionaries, thresholds: Thresholds) -> Engine {
        let mut regions = build_regions(dict);
        regions.learn_former_districts(dict);
        let mut e = Engine::empty(Kind::Department, regions, thresholds);
        for (i, d) in dict.departments.iter().enumerate() {
            let region = if d.region.is_empty() {
                e.regions
                    .strip_prefix(&compact(&d.name))
                    .0
                    .unwrap_or(Region::Unknown)
            } else {
                e.regions.region_of(&d.region)
            };
            e.names.push(d.name.clone());
            e.entry_region.push(region);
            e.add_variant(i, How::Exact, &d.name, region);
            for a in &d.aliases {
                e.add_variant(i, How::Alias, a, region);
            }
            for f in &d.former_names {
                e.add_variant(i, How::FormerName, f, region);
            }
        }
        e.add_reforms(dict);
        e.add_never_list(dict, "dept");
        e.finish();
        e.add_typo_tables(dict);
        e
    }

    /// Builds the material engine.
    pub fn materials(dict: &Dictionaries, thresholds: Thresholds) -> Engine {
        let mut e = Engine::empty(Kind::Material, Regions::default(), thresholds);
        for t in &dict.material_terms {
            match t.kind {
                TermKind::Qualifier => e.qualifiers.push(t.term.clone()),
                TermKind::Holder => e.holders.push(t.term.clone()),
                TermKind::Vague => e.vague.push(t.term.clone()),
            }
        }
        // Longest first, so 原件及复印件 goes before 原件.
        e.qualifiers
            .sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        e.holders
            .sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        for (i, m) in dict.materials.iter().enumerate() {
            e.names.push(m.name.clone());
            e.entry_region.push(Region::Unknown);
            e.add_variant(i, How::Exact, &m.name, Region::Unknown);
            for a in &m.aliases {
                e.add_variant(i, How::Alias, a, Region::Unknown);
            }
        }
        e.add_reforms(dict);
        e.add_never_list(dict, "material");
        e.finish();
        e.add_typo_tables(dict);
        e
    }

    fn empty(kind: Kind, regions: Regions, thresholds: Thresholds) -> Engine {
        Engine {
            kind,
            names: Vec::new(),
            entry_region: Vec::new(),
            variants: Vec::new(),
            exact: HashMap::default(),
            cores: HashMap::default(),
            core_hashes: KeyIndex::default(),
            sound_ids: HashMap::default(),
            postings: Vec::new(),
            sig: Vec::new(),
            var_pack: Vec::new(),
            entry_var_at: Vec::new(),
            entry_vars: Vec::new(),
            one_off: KeyIndex::default(),
            idf: HashMap::default(),
            entry_core: Vec::new(),
            district_cores: Default::default(),
            by_region_core: HashMap::default(),
            regions,
            qualifiers: Vec::new(),
            holders: Vec::new(),
            vague: Vec::new(),
            never: HashMap::default(),
            knowledge: HashMap::default(),
            lookalike: HashMap::default(),
            sound_chars: HashMap::default(),
            bigrams: Default::default(),
            known_chars: Default::default(),
            owner: HashMap::default(),
            thresholds,
            prune: true,
            plain_below: PLAIN_BELOW,
            parts: Parts::default(),
        }
    }

    /// Applies the nationwide knowledge of reforms.csv to the entries this dictionary has: a
    /// department whose name (after its region) is a current type name gets that type's former
    /// and common names with its own region (上海市工商行政管理局 for 上海市市场监督管理局), a
    /// material its common names. Names the dictionary itself gives are never taken over; a
    /// district's department gets them only when no municipal one has the same type, so a bare
    /// former name still means the municipal body and a district's is reached as its
    /// counterpart.
    fn add_reforms(&mut self, dict: &Dictionaries) {
        let kind = match self.kind {
            Kind::Department => "dept",
            Kind::Material => "material",
        };
        let rows: Vec<&crate::dictionary::Reform> =
            dict.reforms.iter().filter(|r| r.kind == kind).collect();
        if rows.is_empty() {
            return;
        }
        // Per entry: the text before its type name (region, and nothing of a national body's
        // name), and the type name.
        let parts: Vec<(String, String)> = match self.kind {
            Kind::Material => dict
                .materials
                .iter()
                .map(|m| (String::new(), compact(&m.name)))
                .collect(),
            Kind::Department => dict
                .departments
                .iter()
                .map(|d| {
                    let full = compact(&d.name);
                    match self.regions.split_branch(&full) {
                        Some((r, c, _)) => (full[r..c].to_string(), full[c..].to_string()),
                        None => {
                            let rest = self.regions.strip_prefix(&full).1;
                            let cut = full.len() - rest.len();
                            (full[..cut].to_string(), rest.to_string())
                        }
                    }
                })
                .collect(),
        };
        let top_cores: rustc_hash::FxHashSet<&str> = parts
            .iter()
            .enumerate()
            .filter(|(i, _)| matches!(self.entry_region[*i], Region::Top | Region::Unknown))
            .map(|(_, p)| p.1.as_str())
            .collect();
        for (i, (prefix, core)) in parts.iter().enumerate() {
            let region = self.entry_region[i];
            if matches!(region, Region::District(_)) && top_cores.contains(core.as_str()) {
                continue;
            }
            for r in &rows {
                let level_fits = match r.scope {
                    Scope::Any => true,
                    Scope::National => region == Region::National,
                    Scope::Local => region != Region::National,
                };
                // 上海市人民政府外事办公室: the office of the government is the 外事办公室 type.
                let via_gov = core.strip_prefix("人民政府") == Some(r.current.as_str());
                if !level_fits || (*core != r.current && !via_gov) {
                    continue;
                }
                let (how, what) = match r.relation {
                    Relation::Former => (How::FormerName, "former name"),
                    Relation::Common => (How::Alias, "common name"),
                    Relation::Split => (How::FormerName, "former name, before a split,"),
                };
                let why = if r.note.is_empty() {
                    format!("{what} of {} (reforms.csv)", r.current)
                } else {
                    format!("{what} of {} ({}, reforms.csv)", r.current, r.note)
                };
                for n in &r.names {
                    let mut texts = vec![format!("{prefix}{n}")];
                    if via_gov {
                        texts.push(format!("{prefix}政府{n}"));
                        texts.push(format!("{prefix}人民政府{n}"));
                    }
                    for t in texts {
                        if self.exact.contains_key(&t) {
                            continue;
                        }
                        let id = self.variants.len() as u32;
                        self.add_variant(i, how, &t, region);
                        self.knowledge
                            .insert(id, (why.clone(), r.relation == Relation::Split));
                    }
                }
            }
        }
    }

    fn add_never_list(&mut self, dict: &Dictionaries, kind: &str) {
        for (k, text) in &dict.never_match {
            if k == kind {
                self.never.insert(compact(text), ());
            }
        }
    }

    fn add_variant(&mut self, entry: usize, how: How, text: &str, region: Region) {
        let full = compact(text);
        if full.is_empty() {
            return;
        }
        let core = match self.kind {
            Kind::Department => {
                let (r, rest) = self.regions.strip_prefix(&full);
                // An alias such as 市药监局 is a municipal short form: drop the bare 市 too.
                let rest = if r.is_none() && region == Region::Top {
                    rest.strip_prefix('市')
                        .filter(|r| r.chars().count() >= 2)
                        .unwrap_or(rest)
                } else {
                    rest
                };
                if rest.chars().count() >= 2 {
                    rest.to_string()
                } else {
                    full.clone()
                }
            }
            Kind::Material => full.clone(),
        };
        let id = self.variants.len() as u32;
        let chars: Vec<char> = core.chars().collect();
        let sounds: Vec<u32> = chars.iter().map(|&c| sound(c)).collect();
        self.exact.entry(full.clone()).or_default().push(id);
        self.cores.entry(core.clone()).or_default().push(id);
        self.variants.push(Variant {
            entry: entry as u32,
            how,
            text: text.to_string(),
            core: chars,
            sounds,
            weights: Vec::new(),
            weight_sum: 0.0,
            distinct_weight: 0.0,
            region,
        });
    }

    fn finish(&mut self) {
        let mut all: Vec<u32> = self
            .variants
            .iter()
            .flat_map(|v| v.sounds.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        self.sound_ids = all
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i as u32))
            .collect();
        self.postings = vec![Vec::new(); all.len()];
        self.var_pack = Vec::with_capacity(self.variants.len());
        for (id, v) in self.variants.iter().enumerate() {
            let at = self.sig.len() as u32;
            let mut ids: Vec<u32> = v.sounds.iter().map(|k| self.sound_ids[k]).collect();
            ids.sort_unstable();
            for (i, &k) in ids.iter().enumerate() {
                if i > 0 && ids[i - 1] == k {
                    self.sig.last_mut().expect("pushed").1 += 1;
                } else {
                    self.postings[k as usize].push(id as u32);
                    self.sig.push((k, 1));
                }
            }
            self.var_pack.push(VarPack {
                sig_at: at,
                sig_len: self.sig.len() as u32 - at,
                weight: 0.0,
                len: v.core.len() as u32,
                region: v.region,
            });
        }
        let n = self.variants.len().max(1) as f32;
        self.idf = all
            .iter()
            .zip(&self.postings)
            .map(|(k, l)| (*k, ((n + 1.0) / (l.len() as f32 + 1.0)).ln().max(0.1)))
            .collect();
        for i in 0..self.variants.len() {
            let w: Vec<f32> = self.variants[i]
                .sounds
                .iter()
                .map(|&k| self.weight(k))
                .collect();
            self.variants[i].weight_sum = w.iter().sum();
            self.variants[i].weights = w;
            self.variants[i].distinct_weight = self.distinct_weight(&self.variants[i].sounds);
        }
        for (pack, v) in self.var_pack.iter_mut().zip(&self.variants) {
            pack.weight = v.weight_sum;
        }
        self.entry_var_at = vec![0; self.names.len() + 1];
        for v in &self.variants {
            self.entry_var_at[v.entry as usize + 1] += 1;
        }
        for e in 0..self.names.len() {
            self.entry_var_at[e + 1] += self.entry_var_at[e];
        }
        let mut at = self.entry_var_at.clone();
        self.entry_vars = vec![0; self.variants.len()];
        for (id, v) in self.variants.iter().enumerate() {
            self.entry_vars[at[v.entry as usize] as usize] = id as u32;
            at[v.entry as usize] += 1;
        }
        let mut one_off = Vec::new();
        for (id, v) in self.variants.iter().enumerate() {
            for i in one_off_positions(v.core.len()) {
                one_off.push((one_off_key(&v.core, i), id as u32));
            }
        }
        self.one_off = KeyIndex::build(one_off);
        self.core_hashes = KeyIndex::build(
            (self.variants.iter().enumerate())
                .map(|(id, v)| (core_key(poly_hash(&v.core)), id as u32))
                .collect(),
        );
        if self.kind == Kind::Department {
            self.parts = Parts::build(self, TAIL_MIN);
        }
        self.entry_core = vec![String::new(); self.names.len()];
        for v in &self.variants {
            if v.how == How::Exact {
                let core: String = v.core.iter().collect();
                if matches!(v.region, Region::District(_)) {
                    self.district_cores.insert(core.clone());
                }
                self.by_region_core
                    .entry((v.region, core.clone()))
                    .or_insert(v.entry as usize);
                self.entry_core[v.entry as usize] = core;
            }
        }
        if self.kind == Kind::Material {
            for v in &self.variants {
                for j in 2..=v.core.len() {
                    let o = self
                        .owner
                        .entry(v.core[..j].iter().collect())
                        .or_insert(v.entry);
                    if *o != v.entry {
                        *o = u32::MAX;
                    }
                }
            }
        }
    }

    /// Builds the lookalike pairs and the known character pairs the typo rule needs.
    fn add_typo_tables(&mut self, dict: &Dictionaries) {
        for g in &dict.lookalikes {
            let cs: Vec<char> = g.chars().collect();
            for &a in &cs {
                let others = self.lookalike.entry(a).or_default();
                for &b in &cs {
                    if a != b && !others.contains(&b) {
                        others.push(b);
                    }
                }
            }
        }
        for v in &self.variants {
            for (&c, &k) in v.core.iter().zip(&v.sounds) {
                if k & 0x8000_0000 != 0 {
                    let cs = self.sound_chars.entry(k).or_default();
                    if !cs.contains(&c) {
                        cs.push(c);
                    }
                }
            }
        }
        let kind = match self.kind {
            Kind::Department => "dept",
            Kind::Material => "material",
        };
        let mut texts: Vec<Vec<char>> = self.variants.iter().map(|v| v.core.clone()).collect();
        for r in dict.reforms.iter().filter(|r| r.kind == kind) {
            texts.push(r.current.chars().collect());
            texts.extend(r.names.iter().map(|n| n.chars().collect()));
        }
        for t in texts {
            self.known_chars.extend(t.iter().copied());
            for w in t.windows(2) {
                self.bigrams.insert((w[0], w[1]));
            }
        }
    }
}
