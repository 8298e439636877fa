//! Reading names into variants, apart from the index: a department's region, each name's
//! compacted text, its core (the name without its region) and the core's sounds. Reading
//! needs only the engine's kind and regions (`Reader`), so a national draft's 500,000 names
//! are read on every core, and the reforms' names while the dictionary's are being indexed.

use std::collections::hash_map::Entry;
use std::sync::Arc;

use crate::dictionary::Department;
use crate::normalize::compact;

use super::index::{Ids, Index, Variant};
use super::outcome::How;
use super::region::{Region, Regions};
use super::{Engine, Kind, sound};

/// A variant read and ready to be indexed (`Reader::variant`).
pub(super) struct NewVariant {
    how: How,
    text: String,
    /// The text compacted: its key in `Index::exact`.
    pub(super) full: String,
    /// Without its region: its key in `Index::cores`. Its characters and sounds are read
    /// when the index first meets it: a national draft has 390,000 variants of 8,000 cores.
    core: String,
    /// Byte length of the region read at the start of `full`.
    cut: usize,
}

/// A department's names read apart from the index (`Reader::entry`).
pub(super) struct ReadEntry {
    pub(super) region: Region,
    /// The standard name compacted, and the byte length of its region.
    pub(super) full: String,
    pub(super) cut: usize,
    /// Standard name, aliases and former names, in that order.
    pub(super) names: Vec<NewVariant>,
    /// The structural forms (`Regions::structural_forms`), kept where no name has them.
    pub(super) forms: Vec<NewVariant>,
}

/// What reading a name needs of an engine: its kind and its regions.
#[derive(Clone, Copy)]
pub(super) struct Reader<'a> {
    pub(super) kind: Kind,
    pub(super) regions: &'a Regions,
}

impl Engine {
    /// This engine's reader.
    pub(super) fn reader(&self) -> Reader<'_> {
        Reader {
            kind: self.kind,
            regions: &self.places.regions,
        }
    }
}

impl Reader<'_> {
    /// A department's names: its region, and each variant ready to be indexed.
    pub(super) fn entry(&self, d: &Department) -> ReadEntry {
        let regions = self.regions;
        let full = compact(&d.name);
        let branch = regions.branch_of(&full);
        let region = if !d.region.is_empty() {
            regions.region_of(&d.region)
        } else if let Some((district, _)) = &branch {
            Region::District(*district as u16)
        } else {
            regions.strip_prefix(&full).0.unwrap_or(Region::Unknown)
        };
        let mut names = Vec::with_capacity(1 + d.aliases.len() + d.former_names.len());
        names.extend(self.variant(How::Exact, &d.name, full.clone(), region));
        let cut = names.first().map_or(0, |v| v.cut);
        for a in &d.aliases {
            names.extend(self.variant(How::Alias, a, compact(a), region));
        }
        for f in &d.former_names {
            names.extend(self.variant(How::FormerName, f, compact(f), region));
        }
        let forms = regions
            .structural_forms(&full, branch.as_ref())
            .into_iter()
            .filter_map(|s| self.variant(How::Alias, &s, compact(&s), region))
            .collect();
        ReadEntry {
            region,
            full,
            cut,
            names,
            forms,
        }
    }

    /// What indexing `text` (compacted: `full`) as a variant needs; None for an empty name.
    pub(super) fn variant(
        &self,
        how: How,
        text: &str,
        full: String,
        region: Region,
    ) -> Option<NewVariant> {
        if full.is_empty() {
            return None;
        }
        let mut cut = 0;
        let core = match self.kind {
            Kind::Department => {
                let (r, rest) = self.regions.strip_prefix(&full);
                cut = full.len() - rest.len();
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
        Some(NewVariant {
            how,
            text: text.to_string(),
            full,
            core,
            cut,
        })
    }
}

impl Index {
    /// Adds `v` as the next variant, of `entry` in `region`; returns its id.
    pub(super) fn insert(&mut self, entry: usize, v: NewVariant, region: Region) -> u32 {
        let id = self.variants.len() as u32;
        match self.exact.entry(v.full) {
            Entry::Occupied(mut o) => o.get_mut().push(id),
            Entry::Vacant(e) => {
                e.insert(Ids::One(id));
            }
        }
        let (core, sounds, ids) = match self.cores.entry(v.core) {
            Entry::Occupied(o) => {
                let f = &self.variants[o.get()[0] as usize];
                (f.core.clone(), f.sounds.clone(), o.into_mut())
            }
            Entry::Vacant(e) => {
                let chars: Arc<[char]> = e.key().chars().collect();
                let sounds = chars.iter().map(|&c| sound(c)).collect();
                (chars, sounds, e.insert(Vec::new()))
            }
        };
        ids.push(id);
        self.variants.push(Variant {
            entry: entry as u32,
            how: v.how,
            text: v.text,
            core,
            sounds,
            weights: Arc::from([]),
            weight_sum: 0.0,
            distinct_weight: 0.0,
            region,
        });
        id
    }

    /// Indexes each entry's names, in dictionary order, then its structural forms that no
    /// name already has.
    pub(super) fn insert_entries(&mut self, read: Vec<ReadEntry>) {
        let n: usize = read.iter().map(|r| r.names.len() + r.forms.len()).sum();
        // Room for the reforms' names too (a national draft's add an eighth): growing a vector
        // of 40 MB copies it, and room never written costs no memory.
        self.variants.reserve(n + n / 2);
        self.exact.reserve(n + n / 4);
        for (i, r) in read.into_iter().enumerate() {
            for v in r.names {
                self.insert(i, v, r.region);
            }
            for v in r.forms {
                if !self.exact.contains_key(&v.full) {
                    self.insert(i, v, r.region);
                }
            }
        }
    }
}
