//! Building an engine over one dictionary: every name variant (standard names, aliases, former
//! names, and what reforms.csv adds for the entries the dictionary has, in reforms.rs), the
//! never list, the indexes over the variants (`finish`) and the tables the typo rules read.
//!
//! What must stay true: variants are added in a fixed order (each entry's name, aliases and
//! former names in dictionary order, then reforms), since a variant's id is its position and
//! ties are broken by id; names the dictionary gives are never taken over from reforms.csv.

// Hot maps keyed by names and sounds: FxHash, not SipHash (keys are dictionary text).
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use crate::dictionary::{Dictionaries, Relation, TermKind};
use crate::normalize::compact;

use super::candidates::{PLAIN_BELOW, Pruning};
use super::index::{
    Entries, Index, KeyIndex, SLACK, VarPack, core_key, one_off_key, one_off_positions, poly_hash,
};
use super::outcome::{How, Thresholds};
use super::parts::{Parts, TAIL_MIN};
use super::reading::MaterialTerms;
use super::reforms::ReformPlan;
use super::region::{Places, Region, Regions, build_regions};
use super::scoped::Scopes;
use super::score::Typos;
use super::variants::{ReadEntry, Reader};
use super::{Engine, Kind};

/// Each entry's standard core, the cores of district-level entries, and the entry of each
/// (region, core) (`Engine::standard_cores`).
type StandardCores = (
    Vec<String>,
    rustc_hash::FxHashSet<String>,
    HashMap<(Region, String), usize>,
);

/// What the engine knows besides the names themselves.
#[derive(Debug, Clone, Default)]
pub(super) struct Knowledge {
    /// Variants added from reforms.csv -> the row that gave them (in `reform_whys`), and how
    /// its names relate to its current name (a split body's or a shared name is only a
    /// suggestion).
    pub(super) reforms: HashMap<u32, (u32, Relation)>,
    /// What the explanation says of each row of reforms.csv of the engine's kind.
    pub(super) reform_whys: Vec<String>,
    /// Each such row's note as written (a shared name's other meanings: 也指 …).
    pub(super) reform_notes: Vec<String>,
    /// Texts a reviewer decided match nothing (never_match.csv), compacted.
    pub(super) never: HashMap<String, ()>,
    /// Departments only: the endings of sources that are no government body (用人单位, 医院:
    /// external_sources.csv), compacted.
    pub(super) external: Vec<String>,
    /// Materials only: each start of two or more characters of a variant -> every entry whose
    /// variants start so, ascending (物业: 物业服务合同, 物业服务企业资质证书; 户口: 户口本 of
    /// 居民户口簿, 户口迁移证).
    pub(super) starters: HashMap<String, Vec<u32>>,
    /// Materials only: (two adjacent characters of a standard name, its last character) ->
    /// the entries whose names have both, ascending: whether a word is another material's.
    pub(super) words: HashMap<([char; 2], char), Vec<u32>>,
    /// Materials only: the sounds of each start of two to six characters of a variant, so a
    /// start written with a homophone slip (外过人 for 外国人) is known for one.
    pub(super) start_sounds: rustc_hash::FxHashSet<Vec<u32>>,
    /// Materials only: each two adjacent characters of a variant -> the entries whose
    /// variants have them: whose word a character written in place of another makes.
    pub(super) pairs: HashMap<[char; 2], Vec<u32>>,
}

impl Engine {
    /// Builds the department engine.
    pub fn departments(dict: &Dictionaries, thresholds: Thresholds) -> Engine {
        let mut regions = build_regions(dict);
        regions.learn_former_districts(dict);
        let foreign = super::foreign::Foreign::build(dict, &regions);
        let mut e = Engine::empty(Kind::Department, regions, thresholds);
        e.places.foreign = foreign;
        // Each entry's names are read on every core (a national draft has 129,000 entries),
        // then indexed in dictionary order, so variant ids do not depend on the threads.
        let mut read: Vec<ReadEntry> = {
            let r = e.reader();
            dict.departments.par_iter().map(|d| r.entry(d)).collect()
        };
        crate::trace::stage("names-read");
        // Each entry's compacted name and where its region ends, for the reforms.
        let mut heads: Vec<(String, usize)> = Vec::with_capacity(read.len());
        for (d, r) in dict.departments.iter().zip(&mut read) {
            e.entries.names.push(d.name.clone());
            e.entries.region.push(r.region);
            heads.push((std::mem::take(&mut r.full), r.cut));
        }
        // The reforms' names are read on one core while the other indexes the entries'.
        let reforms = {
            let Engine {
                index,
                places,
                entries,
                ..
            } = &mut e;
            let reader = Reader {
                kind: Kind::Department,
                regions: &places.regions,
            };
            let (_, reforms) = rayon::join(
                || index.insert_entries(read),
                || ReformPlan::read(reader, dict, &entries.region, &heads),
            );
            reforms
        };
        crate::trace::stage("names-indexed");
        e.add_reforms(reforms);
        e.add_never_list(dict);
        e.knowledge.external = (dict.external_sources.iter())
            .map(|x| super::fold_letters(compact(x)).into_owned())
            .collect();
        e.finish();
        crate::trace::stage("index-finished");
        e.add_typo_tables(dict);
        e
    }

    /// Builds the material engine.
    pub fn materials(dict: &Dictionaries, thresholds: Thresholds) -> Engine {
        let mut e = Engine::empty(Kind::Material, Regions::default(), thresholds);
        for t in &dict.material_terms {
            match t.kind {
                TermKind::Qualifier => e.terms.qualifiers.push(t.term.clone()),
                TermKind::Holder => e.terms.holders.push(t.term.clone()),
                TermKind::HolderEnd => e.terms.holder_ends.push(t.term.clone()),
                TermKind::Lead => e.terms.leads.push(t.term.clone()),
                TermKind::Place => e.terms.places.push(t.term.clone()),
                TermKind::Vague => e.terms.vague.push(t.term.clone()),
                TermKind::Generic => {
                    e.terms.generic.insert(t.term.clone(), t.note.clone());
                }
            }
        }
        // Longest first, so 原件及复印件 goes before 原件.
        e.terms
            .qualifiers
            .sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        e.terms
            .holders
            .sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        for (i, m) in dict.materials.iter().enumerate() {
            e.entries.names.push(m.name.clone());
            e.entries.region.push(Region::Unknown);
            e.entries.licence.push(m.category == "证照");
            e.add_variant(i, How::Exact, &m.name, Region::Unknown);
            for a in &m.aliases {
                e.add_variant(i, How::Alias, a, Region::Unknown);
            }
            for f in &m.former_names {
                e.add_variant(i, How::FormerName, f, Region::Unknown);
            }
        }
        let reforms = ReformPlan::read(e.reader(), dict, &e.entries.region, &[]);
        e.add_reforms(reforms);
        e.add_never_list(dict);
        e.finish();
        e.add_typo_tables(dict);
        e
    }

    fn empty(kind: Kind, regions: Regions, thresholds: Thresholds) -> Engine {
        Engine {
            kind,
            thresholds,
            entries: Entries::default(),
            index: Index::default(),
            parts: Parts::default(),
            typos: Typos::default(),
            terms: MaterialTerms::default(),
            places: Places {
                regions,
                ..Places::default()
            },
            knowledge: Knowledge::default(),
            pruning: Pruning {
                prune: true,
                plain_below: PLAIN_BELOW,
            },
            memo: Default::default(),
        }
    }

    fn add_never_list(&mut self, dict: &Dictionaries) {
        for (k, text) in &dict.never_match {
            if k == self.kind.label() {
                self.knowledge
                    .never
                    .insert(super::fold_letters(compact(text)).into_owned(), ());
            }
        }
    }

    fn add_variant(&mut self, entry: usize, how: How, text: &str, region: Region) {
        let core = super::fold_letters(compact(text)).into_owned();
        if let Some(v) = self.reader().variant(how, text, core, region) {
            self.index.insert(entry, v, region);
        }
    }

    /// Builds the indexes over the variants, once every variant is added.
    fn finish(&mut self) {
        let (all, searched) = self.index_sounds();
        self.weigh_sounds(&all, searched);
        self.index_entries();
        self.index.scopes = Scopes::build(
            self.index.variants.iter().map(|v| v.region),
            self.places.regions.districts.len(),
        );
        // The parts index, the keys and the standard cores read only what is built above,
        // and each takes a tenth of a second on a national list: built side by side.
        let (parts, (keys, cores)) = rayon::join(
            || (self.kind == Kind::Department).then(|| Parts::build(self, TAIL_MIN)),
            || rayon::join(|| self.variant_keys(), || self.standard_cores()),
        );
        if let Some(p) = parts {
            self.parts = p;
        }
        (self.index.one_off, self.index.core_hashes) = keys;
        (
            self.entries.core,
            self.places.district_cores,
            self.places.by_region_core,
        ) = cores;
        if self.kind == Kind::Material {
            self.index_owners();
            self.index_words();
        }
    }

    /// Dense sound ids, each sound's postings, and each variant's packed sounds (`sig`,
    /// `var_pack`); returns the sounds in the order of their ids, and how many variants the
    /// postings hold.
    fn index_sounds(&mut self) -> (Vec<u32>, usize) {
        // Variants of one core have its sounds: a national list has a few thousand cores.
        let variants = &self.index.variants;
        let mut all: Vec<u32> = (self.index.cores.values())
            .flat_map(|ids| variants[ids[0] as usize].sounds.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        self.index.sound_ids = all
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i as u32))
            .collect();
        self.index.postings = vec![Vec::new(); all.len()];
        self.index.var_pack = Vec::with_capacity(self.index.variants.len());
        // The variants of one core share its characters (`Variant::core`), and here its
        // packed sounds: worked out once per core, found by the address they share.
        let mut done: HashMap<usize, (u32, u32)> = HashMap::default();
        let mut searched = 0;
        for (id, v) in self.index.variants.iter().enumerate() {
            let (at, len) = *done.entry(v.core_addr()).or_insert_with(|| {
                let at = self.index.sig.len() as u32;
                let mut ids: Vec<u32> =
                    (v.sounds.iter()).map(|k| self.index.sound_ids[k]).collect();
                ids.sort_unstable();
                for (i, &k) in ids.iter().enumerate() {
                    if i > 0 && ids[i - 1] == k {
                        self.index.sig.last_mut().expect("pushed").1 += 1;
                    } else {
                        self.index.sig.push((k, 1));
                    }
                }
                (at, self.index.sig.len() as u32 - at)
            });
            // A name in Latin letters (Business License) is found as written: searched by
            // likeness, or counted in how rare a letter is, it would move the scores of names
            // whose letters say which certificate they are (DNA鉴定报告, GMP证书).
            if !v.core.iter().all(char::is_ascii) {
                searched += 1;
                for &(k, _) in &self.index.sig[at as usize..(at + len) as usize] {
                    self.index.postings[k as usize].push(id as u32);
                }
            }
            self.index.var_pack.push(VarPack {
                sig_at: at,
                sig_len: len,
                weight: 0.0,
                distinct: 0.0,
                len: v.core.len() as u32,
                region: v.region,
            });
        }
        (all, searched)
    }

    /// Each sound's inverse document frequency over the `searched` variants (those in the
    /// postings), and each variant's weights.
    fn weigh_sounds(&mut self, all: &[u32], searched: usize) {
        let n = searched.max(1) as f32;
        self.index.idf = all
            .iter()
            .zip(&self.index.postings)
            .map(|(k, l)| (*k, ((n + 1.0) / (l.len() as f32 + 1.0)).ln().max(0.1)))
            .collect();
        // Once per core, found by the address its variants share; the variants take theirs
        // on every core (a national draft has 390,000 variants of 8,000 cores).
        let per_core: HashMap<usize, (Arc<[f32]>, f32, f32)> = (self.index.cores.values())
            .map(|ids| {
                let v = &self.index.variants[ids[0] as usize];
                let w: Arc<[f32]> = v.sounds.iter().map(|&k| self.weight(k)).collect();
                let sum = w.iter().sum();
                (v.core_addr(), (w, sum, self.distinct_weight(&v.sounds)))
            })
            .collect();
        (self.index.variants.par_iter_mut())
            .zip(self.index.var_pack.par_iter_mut())
            .for_each(|(v, pack)| {
                let (w, sum, distinct) = &per_core[&v.core_addr()];
                (v.weights, v.weight_sum, v.distinct_weight) = (w.clone(), *sum, *distinct);
                (pack.weight, pack.distinct) = (*sum, *distinct);
            });
        if self.kind == Kind::Material {
            self.index_heaviest();
        }
    }

    /// Each material variant under its heaviest sound, or in `light` when a cell may contain
    /// it without that sound (`Index::heaviest`).
    fn index_heaviest(&mut self) {
        let ix = &mut self.index;
        ix.heaviest = vec![Vec::new(); ix.postings.len()];
        for (id, v) in ix.variants.iter().enumerate() {
            let Some((k, w)) = v
                .sounds
                .iter()
                .zip(v.weights.iter())
                .max_by(|a, b| a.1.total_cmp(b.1))
            else {
                continue;
            };
            // Without it a cell holds at most distinct - w of the variant's weight.
            if v.distinct_weight - w >= SLACK * v.distinct_weight - 1e-3 {
                ix.light.push(id as u32);
            } else {
                ix.heaviest[ix.sound_ids[k] as usize].push(id as u32);
            }
        }
    }

    /// Each entry's variants (`Entries::var_at`, `Entries::vars`).
    fn index_entries(&mut self) {
        self.entries.var_at = vec![0; self.entries.names.len() + 1];
        for v in &self.index.variants {
            self.entries.var_at[v.entry as usize + 1] += 1;
        }
        for e in 0..self.entries.names.len() {
            self.entries.var_at[e + 1] += self.entries.var_at[e];
        }
        let mut at = self.entries.var_at.clone();
        self.entries.vars = vec![0; self.index.variants.len()];
        for (id, v) in self.index.variants.iter().enumerate() {
            self.entries.vars[at[v.entry as usize] as usize] = id as u32;
            at[v.entry as usize] += 1;
        }
    }

    /// The keyed tables: every core with one position blanked, and every core whole.
    /// The one-off keys and the core hashes of every variant (`Index::one_off`,
    /// `Index::core_hashes`).
    fn variant_keys(&self) -> (KeyIndex, KeyIndex) {
        // Millions of keys in a national dictionary: made and sorted on every core.
        let one_off: Vec<(u64, u32)> = (self.index.variants.par_iter().enumerate())
            .flat_map_iter(|(id, v)| {
                one_off_positions(v.core.len()).map(move |i| (one_off_key(&v.core, i), id as u32))
            })
            .collect();
        let hashes = (self.index.variants.par_iter().enumerate())
            .map(|(id, v)| (core_key(poly_hash(&v.core)), id as u32))
            .collect();
        (KeyIndex::build(one_off), KeyIndex::build(hashes))
    }

    /// The core of each entry's standard name, the cores district-level entries have, and the
    /// entry of each (region, core).
    fn standard_cores(&self) -> StandardCores {
        let mut entry_cores = vec![String::new(); self.entries.names.len()];
        let mut district_cores = rustc_hash::FxHashSet::default();
        let mut by_region_core = HashMap::default();
        for v in &self.index.variants {
            if v.how == How::Exact {
                let core: String = v.core.iter().collect();
                if matches!(v.region, Region::District(_)) {
                    district_cores.insert(core.clone());
                }
                by_region_core
                    .entry((v.region, core.clone()))
                    .or_insert(v.entry as usize);
                entry_cores[v.entry as usize] = core;
            }
        }
        (entry_cores, district_cores, by_region_core)
    }

    /// Materials: the words of each standard name, by the name's last character.
    fn index_words(&mut self) {
        for (i, n) in self.entries.names.iter().enumerate() {
            let cs: Vec<char> = n.chars().collect();
            let Some(&last) = cs.last() else { continue };
            for w in cs.windows(2) {
                let es = self
                    .knowledge
                    .words
                    .entry(([w[0], w[1]], last))
                    .or_default();
                if es.last() != Some(&(i as u32)) {
                    es.push(i as u32);
                }
            }
        }
    }

    /// Materials: the one entry, if any, whose variants each start belongs to.
    fn index_owners(&mut self) {
        for v in &self.index.variants {
            for j in 2..=v.sounds.len().min(6) {
                self.knowledge.start_sounds.insert(v.sounds[..j].to_vec());
            }
            for w in v.core.windows(2) {
                let es = self.knowledge.pairs.entry([w[0], w[1]]).or_default();
                if !es.contains(&v.entry) {
                    es.push(v.entry);
                }
            }
            for j in 2..=v.core.len() {
                let start: String = v.core[..j].iter().collect();
                let es = self.knowledge.starters.entry(start).or_default();
                if let Err(at) = es.binary_search(&v.entry) {
                    es.insert(at, v.entry);
                }
            }
        }
    }

    /// Builds the lookalike pairs and the known character pairs the typo rule needs.
    fn add_typo_tables(&mut self, dict: &Dictionaries) {
        self.typos.lookalike = super::score::lookalike_map(dict);
        // Each distinct core once, in the order of its first variant, so every list gets its
        // characters in the order the variants first have them.
        let mut firsts: Vec<u32> = self.index.cores.values().map(|ids| ids[0]).collect();
        firsts.sort_unstable();
        let variants = &self.index.variants;
        for v in firsts.iter().map(|&id| &variants[id as usize]) {
            for (&c, &k) in v.core.iter().zip(v.sounds.iter()) {
                if k & 0x8000_0000 != 0 {
                    let cs = self.typos.sound_chars.entry(k).or_default();
                    if !cs.contains(&c) {
                        cs.push(c);
                    }
                }
            }
        }
        let kind = self.kind.label();
        let mut texts: Vec<Vec<char>> = firsts
            .iter()
            .map(|&id| variants[id as usize].core.to_vec())
            .collect();
        for r in dict.reforms.iter().filter(|r| r.kind == kind) {
            texts.push(r.current.chars().collect());
            texts.extend(r.names.iter().map(|n| compact(n).chars().collect()));
        }
        for t in texts {
            self.typos.known_chars.extend(t.iter().copied());
            self.typos.last_chars.extend(t.last().copied());
            for w in t.windows(2) {
                self.typos.bigrams.insert((w[0], w[1]));
            }
        }
    }
}
