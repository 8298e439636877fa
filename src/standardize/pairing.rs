//! Pairing the materials of a cell that names several with the departments of a cell that
//! names several (结婚证、出生医学证明 from 市民政局；市卫健委): each material goes to the
//! department that issues it, by the dictionary's issuer first, by order only where that is
//! certain, and to nobody rather than to a guess.

use crate::cell::Name;

/// The materials of a row, each with the department it is paired with.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Paired {
    /// Every material in cell order, with its department (None: it could not be paired).
    pub(super) pairs: Vec<(Name, Option<Name>)>,
    /// Departments no material was paired with.
    pub(super) idle: Vec<Name>,
    /// Whether the order could not decide because the counts differ.
    pub(super) counts_differ: bool,
}

impl Paired {
    /// The materials that could not be paired.
    pub(super) fn unpaired(&self) -> Vec<&Name> {
        self.pairs
            .iter()
            .filter(|(_, d)| d.is_none())
            .map(|(m, _)| m)
            .collect()
    }
}

/// Pairs `materials` (with their issuers in the dictionary, aligned) with `depts`.
///
/// A material goes to the one department that issues it (`issues(department, issuer)`). What
/// the issuers leave open is paired by order only when there are as many materials as
/// departments and the order agrees with every issuer known: the i-th material's issuer, when
/// known, issues as the i-th department. Anything else stays unpaired.
pub(super) fn pair(
    materials: &[Name],
    issuers: &[Option<Name>],
    depts: &[Name],
    issues: impl Fn(&Name, &Name) -> bool,
) -> Paired {
    let by_issuer: Vec<Option<usize>> = issuers
        .iter()
        .map(|issuer| {
            issuer
                .as_ref()
                .and_then(|i| issuing_dept(i, depts, &issues))
        })
        .collect();
    let same_count = materials.len() == depts.len();
    let order_agrees = same_count
        && issuers
            .iter()
            .zip(depts)
            .all(|(i, d)| i.as_ref().is_none_or(|i| issues(d, i)));
    let pairs: Vec<(Name, Option<Name>)> = materials
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let at = by_issuer
                .get(i)
                .copied()
                .flatten()
                .or(order_agrees.then_some(i));
            (m.clone(), at.map(|j| depts[j].clone()))
        })
        .collect();
    let idle = depts
        .iter()
        .filter(|d| !pairs.iter().any(|(_, p)| p.as_ref() == Some(*d)))
        .cloned()
        .collect();
    let any_unpaired = pairs.iter().any(|(_, d)| d.is_none());
    Paired {
        pairs,
        idle,
        counts_differ: any_unpaired && !same_count,
    }
}

/// The one department of `depts` that issues as `issuer`: the issuer itself, else the one
/// department of its kind (a district's 民政局 for 上海市民政局); None when none or several.
fn issuing_dept(
    issuer: &Name,
    depts: &[Name],
    issues: &impl Fn(&Name, &Name) -> bool,
) -> Option<usize> {
    let one = |hits: Vec<usize>| (hits.len() == 1).then(|| hits[0]);
    one((0..depts.len()).filter(|&j| depts[j] == *issuer).collect()).or_else(|| {
        one((0..depts.len())
            .filter(|&j| issues(&depts[j], issuer))
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<Name> {
        v.iter().map(|s| Name::from(*s)).collect()
    }

    fn issuers(v: &[Option<&str>]) -> Vec<Option<Name>> {
        v.iter().map(|s| s.map(Name::from)).collect()
    }

    fn pairs(p: &Paired) -> Vec<(&str, Option<&str>)> {
        p.pairs.iter().map(|(m, d)| (&**m, d.as_deref())).collect()
    }

    /// Same name, or same kind once the region is set aside (民政局 of 上海市 and of 浦东新区).
    fn issues(d: &Name, i: &Name) -> bool {
        let kind = |s: &str| s.rsplit(['市', '区']).next().unwrap_or(s).to_string();
        d == i || kind(d) == kind(i)
    }

    #[test]
    fn the_issuer_decides_whatever_the_order() {
        let p = pair(
            &names(&["出生医学证明", "结婚证"]),
            &issuers(&[Some("上海市卫健委"), Some("上海市民政局")]),
            &names(&["上海市民政局", "上海市卫健委"]),
            issues,
        );
        assert_eq!(
            pairs(&p),
            [
                ("出生医学证明", Some("上海市卫健委")),
                ("结婚证", Some("上海市民政局"))
            ]
        );
        assert!(p.idle.is_empty());
        // A district's department of the issuer's kind issues it too.
        let p = pair(
            &names(&["结婚证", "出生医学证明"]),
            &issuers(&[Some("上海市民政局"), Some("上海市卫健委")]),
            &names(&["上海市浦东新区卫健委", "上海市浦东新区民政局"]),
            issues,
        );
        assert_eq!(
            pairs(&p),
            [
                ("结婚证", Some("上海市浦东新区民政局")),
                ("出生医学证明", Some("上海市浦东新区卫健委"))
            ]
        );
    }

    #[test]
    fn the_order_decides_only_when_counts_match_and_no_issuer_disagrees() {
        let materials = names(&["甲证明", "乙证明"]);
        let depts = names(&["上海市民政局", "上海市卫健委"]);
        let p = pair(&materials, &issuers(&[None, None]), &depts, issues);
        assert_eq!(
            pairs(&p),
            [
                ("甲证明", Some("上海市民政局")),
                ("乙证明", Some("上海市卫健委"))
            ]
        );
        // The second material's issuer is the first department: the order is wrong somewhere.
        let p = pair(
            &materials,
            &issuers(&[None, Some("上海市民政局")]),
            &depts,
            issues,
        );
        assert_eq!(
            pairs(&p),
            [("甲证明", None), ("乙证明", Some("上海市民政局"))]
        );
        assert_eq!(p.idle, names(&["上海市卫健委"]));
        assert!(!p.counts_differ);
        // An issuer outside the row: the order cannot be trusted either.
        let p = pair(
            &materials,
            &issuers(&[Some("上海市公安局"), None]),
            &depts,
            issues,
        );
        assert_eq!(p.unpaired().len(), 2);
        // Three departments for two materials: nothing by order.
        let p = pair(
            &materials,
            &issuers(&[None, None]),
            &names(&["上海市民政局", "上海市卫健委", "上海市公安局"]),
            issues,
        );
        assert_eq!(p.unpaired().len(), 2);
        assert!(p.counts_differ);
    }

    #[test]
    fn a_department_that_issues_nothing_is_idle() {
        let p = pair(
            &names(&["结婚证", "离婚证"]),
            &issuers(&[Some("上海市民政局"), Some("上海市民政局")]),
            &names(&["上海市民政局", "上海市公安局"]),
            issues,
        );
        assert!(p.unpaired().is_empty());
        assert_eq!(p.idle, names(&["上海市公安局"]));
    }
}
