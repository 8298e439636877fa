//! The submission's region, per sheet: the one the user gave (`--region`, `region` in
//! qingdan.toml), else the first of the 填报单位 line, the 需求单位 column, the title rows and
//! the file name that names one. 区…, 本区… and bare names (区教育局, 民政局) are read in it.
//!
//! What must stay true: a region comes from the earliest source that names one; every source
//! that names another region is kept, so a sheet whose sources disagree is said to.

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use super::Record;
use crate::cell::{Name, name_id as id};
use crate::ingest::Table;
use crate::matching::{Context, Decision, Engine, Region};
use crate::schema::Field;

/// Where a sheet's region came from, in order of trust.
pub const WHENCE: [&str; 5] = ["--region", "填报单位", "需求单位", "标题", "文件名"];

/// A sheet's region and what said it.
#[derive(Debug, Clone, Default)]
pub struct SheetRegion {
    /// The region in force, if any source named one.
    pub region: Option<Region>,
    /// Each source that named a region: (source, the region's name), in [`WHENCE`] order.
    pub said: Vec<(&'static str, String)>,
}

impl SheetRegion {
    /// The region's name and its source (闵行区, 填报单位), when there is one.
    pub fn chosen(&self) -> Option<&(&'static str, String)> {
        self.said.first()
    }

    /// Whether two sources name different regions.
    pub fn conflicts(&self) -> bool {
        self.said.iter().any(|(_, r)| *r != self.said[0].1)
    }
}

/// Each sheet's region, and the region of each distinct requester resolved once, in parallel
/// (it is the context of that row's 材料来源 and 责任单位名称).
pub(super) fn sheet_regions(
    tables: &[Table],
    records: &[Record],
    spans: &[std::ops::Range<usize>],
    dept: &Engine,
    given: Option<Region>,
) -> (Vec<SheetRegion>, HashMap<usize, Option<Region>>) {
    let mut requesters: Vec<&Name> = records
        .iter()
        .map(|r| &r.raw[Field::Requester.index()])
        .filter(|v| !v.is_empty())
        .collect();
    requesters.sort_unstable_by_key(|n| id(n));
    requesters.dedup_by_key(|n| id(n));
    let req_region: HashMap<usize, Option<Region>> = requesters
        .par_iter()
        .map(|r| (id(r), resolved(dept, r)))
        .collect();
    let regions = tables
        .iter()
        .zip(spans)
        .map(|(t, span)| {
            let reqs = &records[span.clone()];
            let found = [
                given,
                submitter(dept, t),
                requesters_region(reqs, &req_region),
                t.title.iter().find_map(|s| dept.region_in(s, false)),
                dept.region_in(&t.file, false),
            ];
            let said: Vec<(&'static str, String)> = WHENCE
                .iter()
                .zip(found)
                .filter_map(|(w, r)| r.map(|r| (*w, dept.region_label(r).to_string())))
                .collect();
            SheetRegion {
                region: found.into_iter().flatten().next(),
                said,
            }
        })
        .collect();
    (regions, req_region)
}

/// The region of the 填报单位 line: the department it names, else a region named inside it
/// (闵行区政务服务办（汇总）is no dictionary entry, but names 闵行区).
fn submitter(dept: &Engine, t: &Table) -> Option<Region> {
    let s = t.submitter.as_deref()?;
    resolved(dept, s).or_else(|| dept.region_in(s, true))
}

/// The region most of a sheet's requesters resolve to (first seen on a tie).
fn requesters_region(
    reqs: &[Record],
    req_region: &HashMap<usize, Option<Region>>,
) -> Option<Region> {
    let mut counts: Vec<(Region, usize)> = Vec::new();
    for r in reqs {
        let v = &r.raw[Field::Requester.index()];
        if let Some(Some(reg)) = req_region.get(&id(v)) {
            match counts.iter_mut().find(|(x, _)| x == reg) {
                Some((_, n)) => *n += 1,
                None => counts.push((*reg, 1)),
            }
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(r, _)| r)
}

/// The region of the department a text surely names, national bodies aside.
pub(super) fn resolved(dept: &Engine, text: &str) -> Option<Region> {
    let o = dept.lookup(text, Context::default());
    (o.decision == Decision::Auto && o.hits.len() == 1)
        .then(|| dept.region_of(o.hits[0].id))
        .filter(|r| !matches!(r, Region::Unknown | Region::National))
}

/// One `region-conflict` finding per sheet whose region's sources name different regions.
pub fn region_conflict(
    tables: &[Table],
    regions: &[SheetRegion],
    levels: &crate::rules::Levels,
) -> Vec<crate::rules::Finding> {
    let Some(level) = levels.of("region-conflict") else {
        return Vec::new();
    };
    tables
        .iter()
        .zip(regions)
        .filter(|(_, r)| r.conflicts())
        .map(|(t, r)| {
            let said: Vec<String> = r
                .said
                .iter()
                .map(|(w, n)| crate::tr!("finding.region_said", whence = w, name = n))
                .collect();
            let (whence, name) = &r.said[0];
            crate::rules::Finding {
                file: t.file.clone(),
                sheet: t.sheet.clone(),
                row: None,
                cell: None,
                code: "region-conflict",
                level,
                field: "",
                text: "".into(),
                message: crate::tr!(
                    "finding.region_conflict",
                    said = said.join("，"),
                    whence = whence,
                    name = name
                )
                .into(),
                suggestion: Some(crate::tr!("finding.region_conflict_fix").into()),
                requirement: None,
            }
        })
        .collect()
}
