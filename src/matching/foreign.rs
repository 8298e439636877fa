//! Names from outside the dictionary's regions: 杭州市市场监督管理局 on a Shanghai list is
//! neither a Shanghai body nor unknown, it is another region's, and no Shanghai body may be
//! proposed for it.
//!
//! Built from regions.csv: every province, city and county that is neither the dictionary's
//! top region nor under it, by full name, and provinces and cities also by their short name
//! (杭州, 浙江). What must stay true: a name that is also one of the dictionary's own regions
//! (普陀区 is Shanghai's and Zhoushan's) is never foreign, and a short name followed by 路 or 街
//! (江苏路街道, a Shanghai street) is not a region.

use rustc_hash::FxHashMap as HashMap;

use crate::dictionary::{AdminLevel, AdminRegion, Dictionaries};
use crate::normalize::compact;

use super::region::Regions;

/// Suffixes a province's or city's short name drops (广西壮族自治区 -> 广西).
const SUFFIXES: [&str; 9] = [
    "壮族自治区",
    "回族自治区",
    "维吾尔自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
    "地区",
    "盟",
];

/// Characters after a short name that make it a street, not a region (江苏路, 南京东路).
const STREET: [char; 3] = ['路', '街', '弄'];

/// Region names outside the dictionary's own, to tell another region's body from ours.
#[derive(Debug, Clone, Default)]
pub(super) struct Foreign {
    /// Compacted name -> (the region as a person reads it, e.g. 浙江省杭州市; is a short form).
    names: HashMap<String, (String, bool)>,
    /// Longest name, in characters.
    longest: usize,
}

impl Foreign {
    /// The regions of regions.csv that are not the dictionary's: all of them but its top
    /// region and what lies under it. Empty when the top region is not in regions.csv.
    pub(super) fn build(dict: &Dictionaries, own: &Regions) -> Foreign {
        let Some(top) = own.top.first() else {
            return Foreign::default();
        };
        let by_code: HashMap<&str, &AdminRegion> =
            dict.regions.iter().map(|r| (r.code.as_str(), r)).collect();
        let Some(top_code) = dict
            .regions
            .iter()
            .find(|r| r.name == *top)
            .map(|r| r.code.as_str())
        else {
            return Foreign::default();
        };
        let under_top = |r: &AdminRegion| {
            let mut code = r.code.as_str();
            for _ in 0..4 {
                if code == top_code {
                    return true;
                }
                match by_code.get(code) {
                    Some(p) if !p.parent.is_empty() => code = p.parent.as_str(),
                    _ => return false,
                }
            }
            false
        };
        let own_names: Vec<&String> = own
            .top
            .iter()
            .chain(own.districts.iter().flatten())
            .collect();
        let mut f = Foreign::default();
        for r in dict.regions.iter().filter(|r| !under_top(r)) {
            let path = path_of(r, &by_code);
            let full = compact(&r.name);
            if !own_names.iter().any(|o| **o == full) {
                f.add(full.clone(), &path, false);
            }
            if r.level != AdminLevel::County
                && let Some(short) = SUFFIXES.iter().find_map(|s| full.strip_suffix(s))
                && short.chars().count() >= 2
                && !own_names.iter().any(|o| o.as_str() == short)
            {
                f.add(short.to_string(), &path, true);
            }
        }
        f
    }

    fn add(&mut self, name: String, path: &str, short: bool) {
        self.longest = self.longest.max(name.chars().count());
        // A full name wins over another region's identical short name.
        match self.names.get(&name) {
            Some((_, false)) => {}
            _ => {
                self.names.insert(name, (path.to_string(), short));
            }
        }
    }

    /// The foreign region a note names, whole (舟山市) or with the regions under it
    /// (浙江省舟山市).
    pub(super) fn named_by(&self, note: &str) -> Option<&str> {
        let note = compact(note);
        match self.names.get(&note) {
            Some((path, _)) => Some(path),
            None => self.prefix_of(&note),
        }
    }

    /// The foreign region a compacted cell starts with, longest name first, when what follows
    /// it can be a body's name.
    pub(super) fn prefix_of(&self, s: &str) -> Option<&str> {
        let ends: Vec<usize> = s
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .take(self.longest)
            .collect();
        for &end in ends.iter().rev() {
            let Some((path, short)) = self.names.get(&s[..end]) else {
                continue;
            };
            let rest = &s[end..];
            if rest.chars().count() < 2 || (*short && rest.starts_with(STREET)) {
                continue;
            }
            return Some(path);
        }
        None
    }
}

/// A region as a person reads it: its province and city before it (浙江省杭州市西湖区).
fn path_of(r: &AdminRegion, by_code: &HashMap<&str, &AdminRegion>) -> String {
    let mut parts = vec![r.name.as_str()];
    let mut parent = r.parent.as_str();
    while let Some(p) = by_code.get(parent) {
        parts.push(p.name.as_str());
        parent = p.parent.as_str();
    }
    parts.reverse();
    parts.concat()
}
