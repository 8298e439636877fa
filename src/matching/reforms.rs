//! What reforms.csv adds to an engine: the former and common names of the body types the
//! 2018 and 2023 reforms renamed, given to every entry of that type with its own region.

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use crate::dictionary::{Dictionaries, Reform, Relation, Scope};
use crate::normalize::compact;

use super::outcome::How;
use super::region::Region;
use super::variants::{NewVariant, Reader};
use super::{Engine, Kind};

/// The names reforms.csv gives a dictionary's entries, read and ready to be indexed. Reading
/// them needs no index, so a department engine reads them while its own names are indexed.
pub(super) struct ReformPlan {
    /// What the explanation says of each row of reforms.csv of the engine's kind.
    whys: Vec<String>,
    notes: Vec<String>,
    /// How each row's names relate to its current name.
    relation: Vec<Relation>,
    /// (entry, row, variant), in plan order; None for an empty name.
    variants: Vec<(usize, usize, Option<NewVariant>)>,
}

impl ReformPlan {
    /// Applies the nationwide knowledge of reforms.csv to the entries this dictionary has: a
    /// department whose name (after its region) is a current type name gets that type's former
    /// and common names with its own region (上海市工商行政管理局 for 上海市市场监督管理局), a
    /// material its common names. A district's department gets them only when no municipal
    /// one has the same type, so a bare former name still means the municipal body and a
    /// district's is reached as its counterpart. `region`: each entry's region; `heads`: each
    /// department's compacted name and the byte length of its region, as `Reader::entry`
    /// read them.
    pub(super) fn read(
        reader: Reader,
        dict: &Dictionaries,
        region: &[Region],
        heads: &[(String, usize)],
    ) -> ReformPlan {
        let rows: Vec<&Reform> = (dict.reforms.iter())
            .filter(|r| r.kind == reader.kind.label())
            .collect();
        let planned = plan(reader, dict, region, heads, &rows);
        // A national draft gets hundreds of thousands of these: read on every core, indexed
        // in plan order.
        let variants = (planned.into_par_iter())
            .map(|(i, how, t, j)| {
                // Folded as the dictionary's names are, so Business License meets its cell.
                let core = super::fold_letters(compact(&t)).into_owned();
                (i, j, reader.variant(how, &t, core, region[i]))
            })
            .collect();
        ReformPlan {
            whys: rows.iter().map(|r| reform_why(r)).collect(),
            notes: rows.iter().map(|r| r.note.clone()).collect(),
            relation: rows.iter().map(|r| r.relation).collect(),
            variants,
        }
    }
}

impl Engine {
    /// Indexes the names of `plan`, except those the dictionary itself gives.
    pub(super) fn add_reforms(&mut self, plan: ReformPlan) {
        self.knowledge.reform_whys = plan.whys;
        self.knowledge.reform_notes = plan.notes;
        // Most of a national draft's are names its entries already have: those are dropped on
        // every core first.
        let mut variants = plan.variants;
        let exact = &self.index.exact;
        (variants.par_iter_mut()).for_each(|(_, _, v)| {
            if v.as_ref().is_some_and(|v| exact.contains_key(&v.full)) {
                *v = None;
            }
        });
        for (i, j, v) in variants {
            // A name two types were given is a body that became both (食品药品监督管理局 →
            // 市场监督管理局 and 药品监督管理局): both keep it, so a match through it ties.
            let Some(v) = v.filter(|v| self.written_as(i, &v.full).next().is_none()) else {
                continue;
            };
            let id = self.index.insert(i, v, self.entries.region[i]);
            self.knowledge
                .reforms
                .insert(id, (j as u32, plan.relation[j]));
        }
    }
}

/// The names `rows` give the entries that have their type: (entry, how, text, row).
fn plan(
    reader: Reader,
    dict: &Dictionaries,
    entry_region: &[Region],
    heads: &[(String, usize)],
    rows: &[&Reform],
) -> Vec<(usize, How, String, usize)> {
    // Per entry: the text before its type name (region, and nothing of a national body's
    // name), and the type name.
    let materials: Vec<String> = match reader.kind {
        Kind::Material => dict.materials.iter().map(|m| compact(&m.name)).collect(),
        Kind::Department => Vec::new(),
    };
    let parts: Vec<(&str, &str)> = match reader.kind {
        Kind::Material => materials.iter().map(|m| ("", m.as_str())).collect(),
        Kind::Department => heads
            .iter()
            .map(|(full, cut)| match reader.regions.split_branch(full) {
                Some((r, c, _)) => (&full[r..c], &full[c..]),
                None => (&full[..*cut], &full[*cut..]),
            })
            .collect(),
    };
    let top_cores: rustc_hash::FxHashSet<&str> = parts
        .iter()
        .enumerate()
        .filter(|(i, _)| matches!(entry_region[*i], Region::Top | Region::Unknown))
        .map(|(_, p)| p.1)
        .collect();
    // The rows of each type name, in file order: a national draft has 129,000 entries.
    let mut by_current: HashMap<&str, Vec<usize>> = HashMap::default();
    for (j, r) in rows.iter().enumerate() {
        by_current.entry(r.current.as_str()).or_default().push(j);
    }
    let mut planned = Vec::new();
    for (i, &(prefix, core)) in parts.iter().enumerate() {
        let region = entry_region[i];
        if matches!(region, Region::District(_)) && top_cores.contains(core) {
            continue;
        }
        let mut fit: Vec<usize> = [Some(core), core.strip_prefix("人民政府")]
            .into_iter()
            .flatten()
            .filter_map(|c| by_current.get(c))
            .flatten()
            .copied()
            .collect();
        fit.sort_unstable();
        fit.dedup();
        for j in fit {
            let r = rows[j];
            let level_fits = match r.scope {
                Scope::Any => true,
                Scope::National => region == Region::National,
                Scope::Local => region != Region::National,
            };
            // 上海市人民政府外事办公室: the office of the government is the 外事办公室 type.
            let via_gov = core.strip_prefix("人民政府") == Some(r.current.as_str());
            if !level_fits || (core != r.current && !via_gov) {
                continue;
            }
            let how = match r.relation {
                Relation::Former | Relation::Split => How::FormerName,
                Relation::Common | Relation::Shared => How::Alias,
            };
            for n in &r.names {
                planned.push((i, how, format!("{prefix}{n}"), j));
                if via_gov {
                    planned.push((i, how, format!("{prefix}政府{n}"), j));
                    planned.push((i, how, format!("{prefix}人民政府{n}"), j));
                }
            }
        }
    }
    planned
}

/// What an explanation says of a name reforms.csv gave.
fn reform_why(r: &Reform) -> String {
    let what = match r.relation {
        Relation::Former => crate::tr!("reform.former"),
        Relation::Common => crate::tr!("reform.common"),
        Relation::Split => crate::tr!("reform.split"),
        Relation::Shared => crate::tr!("reform.shared"),
    };
    if r.note.is_empty() {
        crate::tr!("reform.of", what = what, current = r.current)
    } else {
        crate::tr!(
            "reform.of_note",
            what = what,
            current = r.current,
            note = r.note
        )
    }
}
