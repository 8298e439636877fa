//! Rules over several rows, across all inputs: the same requirement twice (`duplicate-row`),
//! and one material kept on one row and reduced on another (`method-inconsistent`). They say
//! which rows; the caller records the findings on them.

use rustc_hash::FxHashMap as HashMap;

/// A row's requirement, each part an identity of its compacted text: (requester, item,
/// situation, material); `None` when the item or the material is blank.
pub type RequirementKey = Option<[usize; 4]>;

/// Rows whose requirement an earlier row already has: (row, first row with it), in row order.
pub fn duplicates(keys: &[RequirementKey]) -> Vec<(usize, usize)> {
    let mut first: HashMap<[usize; 4], usize> = HashMap::default();
    let mut out = Vec::new();
    for (idx, k) in keys.iter().enumerate() {
        let Some(k) = k else { continue };
        match first.get(k) {
            Some(&f) => out.push((idx, f)),
            None => {
                first.insert(*k, idx);
            }
        }
    }
    out
}

/// Rows of an (item, situation, material) that some rows keep (不减) and others reduce:
/// (row, the first row of the other kind). `kept` is per row: `None` without a standard
/// method. Groups come in the order of their first row, kept rows before reduced ones, so the
/// findings come out in a stable order.
pub fn inconsistent_methods(keys: &[RequirementKey], kept: &[Option<bool>]) -> Vec<(usize, usize)> {
    let mut group_of: HashMap<[usize; 3], usize> = HashMap::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (idx, k) in keys.iter().enumerate() {
        if let (Some([_, i, s, m]), Some(_)) = (k, kept[idx]) {
            let n = groups.len();
            let g = *group_of.entry([*i, *s, *m]).or_insert(n);
            if g == n {
                groups.push(Vec::new());
            }
            groups[g].push(idx);
        }
    }
    let mut out = Vec::new();
    for idxs in &groups {
        let is_keep = |i: usize| kept[i] == Some(true);
        let keep: Vec<usize> = idxs.iter().copied().filter(|&i| is_keep(i)).collect();
        let reduce: Vec<usize> = idxs.iter().copied().filter(|&i| !is_keep(i)).collect();
        if keep.is_empty() || reduce.is_empty() {
            continue;
        }
        for &i in keep.iter().chain(&reduce) {
            let other = if keep.contains(&i) {
                reduce[0]
            } else {
                keep[0]
            };
            out.push((i, other));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_point_at_the_first_row() {
        let k = |n| Some([1, 2, 3, n]);
        assert_eq!(
            duplicates(&[k(4), None, k(5), k(4), k(4)]),
            [(3, 0), (4, 0)]
        );
    }

    #[test]
    fn a_material_kept_and_reduced_flags_both_sides() {
        let k = Some([1, 2, 3, 4]);
        let other_requester = Some([9, 2, 3, 4]);
        let kept = [Some(true), Some(false), None, Some(false)];
        let got = inconsistent_methods(&[k, other_requester, k, k], &kept);
        assert_eq!(got, [(0, 1), (1, 0), (3, 0)]);
    }
}
