//! The region reader of a national dictionary (`dict init --region 全国`): its regions are
//! the provinces, cities and counties of regions.csv, each named in the `region` column by the
//! prefix its bodies carry (杭州市西湖区, 桐庐县, 杭州市). People also write them by their own
//! name (西湖区), their short name (西湖, 杭州, 浙江) or from the province down (浙江省杭州市
//! 西湖区), and many of those forms name several regions (鼓楼区 is in five cities, 新乡 is
//! 新乡市 and 新乡县).
//!
//! What must stay true: a form read names every region it may be, never the first one found,
//! so an ambiguous form cannot put a body of the wrong region first; a region read after
//! another is one under it; homophones are read only in forms of three or more characters,
//! where they are rarely another region's name.

use rustc_hash::FxHashMap as HashMap;

use crate::dictionary::{AdminLevel, AdminRegion};

use super::sound;

/// Endings a province's or city's name drops in its short form (广西壮族自治区 -> 广西).
const PROVINCE_ENDS: [&str; 6] = [
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "省",
    "市",
];

/// What a national dictionary's regions are called, and which lies under which.
#[derive(Debug, Clone, Default)]
pub(super) struct Nation {
    /// Form -> the districts (the engine's regions) it names, ascending.
    by_text: HashMap<String, Vec<u16>>,
    /// Sounds of a form of three or more characters -> the districts it names.
    by_sound: HashMap<Vec<u32>, Vec<u16>>,
    /// Character counts of the forms, longest first.
    lens: Vec<usize>,
    /// Sounds of the first two characters of a form -> the character counts of the forms
    /// that start so, longest first: most texts (民政局 after 杭州市) start no form, and the
    /// reader need not try every length to say so.
    starts: HashMap<[u32; 2], Vec<usize>>,
    /// Per district, the district of its parent region, if the dictionary has it.
    parent: Vec<Option<u16>>,
    /// Sounds of each form, whole (position `WHOLE`) and, in three characters or more, with
    /// one position left out -> (district, the form's length, the position left out): the
    /// forms a region written with one slip may be (`slipped`).
    slips: HashMap<Vec<u32>, Vec<(u16, u8, u8)>>,
}

/// Characters the reader looks at, at most: the longest form (双江拉祜族佤族布朗族傣族自治县 and
/// a city before it) and the two characters after it fit well within.
const READ_MAX: usize = 48;

/// The position of a whole form in `Nation::slips`.
const WHOLE: u8 = u8::MAX;

impl Nation {
    /// The reader for the districts named by `columns` (the `region` column values, by
    /// district index), when they name two provinces or more of `regions`; else None.
    pub(super) fn build(columns: &[String], regions: &[AdminRegion]) -> Option<Nation> {
        let mut by_name: HashMap<&str, Vec<&AdminRegion>> = HashMap::default();
        let mut by_code: HashMap<&str, &AdminRegion> = HashMap::default();
        for r in regions {
            by_name.entry(r.name.as_str()).or_default().push(r);
            by_code.insert(r.code.as_str(), r);
        }
        let provinces = columns
            .iter()
            .filter(|c| {
                by_name
                    .get(c.as_str())
                    .is_some_and(|rs| rs.iter().any(|r| r.level == AdminLevel::Province))
            })
            .count();
        if provinces < 2 {
            return None;
        }
        // Each column's region: its own name (桐庐县, 杭州市), or its city's and its own
        // (杭州市西湖区).
        let admin: Vec<Option<&AdminRegion>> = columns
            .iter()
            .map(|c| column_region(c, &by_name, &by_code))
            .collect();
        let district_of: HashMap<&str, u16> = admin
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.map(|r| (r.code.as_str(), i as u16)))
            .collect();
        let mut n = Nation {
            parent: admin
                .iter()
                .map(|r| r.and_then(|r| district_of.get(r.parent.as_str()).copied()))
                .collect(),
            ..Nation::default()
        };
        for (i, c) in columns.iter().enumerate() {
            let mut forms = vec![c.clone()];
            if let Some(r) = admin[i] {
                forms.push(r.name.clone());
                forms.extend(short_forms(r));
            }
            forms.sort();
            forms.dedup();
            for f in forms.into_iter().filter(|f| f.chars().count() >= 2) {
                n.add(f, i as u16);
            }
        }
        n.lens.sort_unstable_by(|a, b| b.cmp(a));
        for lens in n.starts.values_mut() {
            lens.sort_unstable_by(|a, b| b.cmp(a));
        }
        Some(n)
    }

    fn add(&mut self, form: String, district: u16) {
        let len = form.chars().count();
        if !self.lens.contains(&len) {
            self.lens.push(len);
        }
        let mut head = form.chars().map(sound);
        if let (Some(a), Some(b)) = (head.next(), head.next()) {
            let lens = self.starts.entry([a, b]).or_default();
            if !lens.contains(&len) {
                lens.push(len);
            }
        }
        if len >= 3 {
            // A two-character form with a slip is any of dozens of others (称动 for 城东).
            let key: Vec<u32> = form.chars().map(sound).collect();
            let n = len.min(usize::from(u8::MAX - 1)) as u8;
            self.slips
                .entry(key.clone())
                .or_default()
                .push((district, n, WHOLE));
            for i in 0..len {
                let mut k = key.clone();
                k.remove(i);
                self.slips
                    .entry(k)
                    .or_default()
                    .push((district, n, i as u8));
            }
            push_once(self.by_sound.entry(key).or_default(), district);
        }
        push_once(self.by_text.entry(form).or_default(), district);
    }

    /// The regions named at the start of `s`, from the top down (浙江省杭州市西湖区, 杭州西湖区,
    /// 西湖区), each read after the first under the one before: (the districts it may be,
    /// byte length read). At least two characters are left after it.
    pub(super) fn read(&self, s: &str) -> Option<(Vec<u16>, usize)> {
        self.read_before(s, s.len())
    }

    /// As `read`, by forms that end at byte `limit` or before it.
    pub(super) fn read_before(&self, s: &str, limit: usize) -> Option<(Vec<u16>, usize)> {
        let (first, mut at) = self.read_one(s, limit)?;
        let mut set = first.to_vec();
        while let Some((under, len)) = self.read_one(&s[at..], limit.saturating_sub(at)) {
            let under: Vec<u16> = under
                .iter()
                .copied()
                .filter(|&d| self.lies_in(d, &set))
                .collect();
            if under.is_empty() {
                break;
            }
            set = under;
            at += len;
        }
        Some((set, at))
    }

    /// The longest form at the start of `s`, written as it is or, in three characters or
    /// more, with homophones (上蔡现 is 上蔡县, not 上蔡 before 现). A three-character homophone
    /// whose type character is written right changed the name itself, and a shorter form
    /// written as it is wins over it: 铅山市场监督管理局 is 铅山's, not 潜山市's. One whose type
    /// is the slip yields only to a shorter form of another region (徽县是场…).
    fn read_one(&self, s: &str, limit: usize) -> Option<(&[u16], usize)> {
        let mut head = s.chars().map(sound);
        let lens = self.starts.get(&[head.next()?, head.next()?])?;
        let longest = lens.first().copied().unwrap_or(0);
        let (mut ends, mut sounds, mut chars) = ([0; READ_MAX], [0; READ_MAX], ['\0'; READ_MAX]);
        let mut read = 0;
        for (i, c) in s.char_indices().take((longest + 2).min(READ_MAX)) {
            (ends[read], sounds[read], chars[read]) = (i + c.len_utf8(), sound(c), c);
            read += 1;
        }
        // A three-character homophone, and whether its type character is written right.
        let mut homophone: Option<(&[u16], usize, bool)> = None;
        for &n in lens {
            // Two characters of name are left after the region.
            if read < n + 2 {
                continue;
            }
            let end = ends[n - 1];
            if end > limit {
                continue;
            }
            if let Some(ds) = self.by_text.get(&s[..end]) {
                return Some(match homophone {
                    // The slip was the type (上蔡现 and 上蔡): the longer reading stands,
                    // unless the shorter form names only other regions (徽县 of 徽县是场…,
                    // which sounds like 辉县市).
                    Some((h, h_end, false)) if ds.iter().any(|d| h.contains(d)) => (h, h_end),
                    _ => (ds, end),
                });
            }
            if homophone.is_none()
                && n >= 3
                && let Some(ds) = self.by_sound.get(&sounds[..n])
            {
                // Only a bare name and its type (铅山市): in a longer form the slip may be
                // the type of a region above (西宁是城东区).
                if n > 3 {
                    return Some((ds, end));
                }
                homophone = Some((ds, end, matches!(chars[n - 1], '市' | '县' | '区' | '旗')));
            }
        }
        homophone.map(|(h, end, _)| (h, end))
    }

    /// Whether `said` is read as its regions by their forms as written, from the top down
    /// (浙江省杭州市, 上栗), not by sound (临应县 for 临颍县).
    pub(super) fn written(&self, said: &str) -> bool {
        let mut at = 0;
        while at < said.len() {
            let Some(end) = (at + 1..=said.len())
                .rev()
                .filter(|&e| said.is_char_boundary(e))
                .find(|&e| self.by_text.contains_key(&said[at..e]))
            else {
                return false;
            };
            at = end;
        }
        true
    }

    /// The regions `s` may start with, written with one slip (a character left out, added,
    /// changed or swapped with the next, by sound) in a form of three characters or more: the
    /// districts near the longest start that any is near (静县宁 is 静宁县 swapped rather than
    /// 静县 with a character left out, which a dozen counties are), with the byte length
    /// read. None when none is near or more than `most` are.
    pub(super) fn slipped(&self, s: &str, most: usize) -> Option<(Vec<u16>, usize)> {
        let longest = self.lens.first().copied().unwrap_or(0) + 1;
        let (mut ends, mut sounds) = (Vec::new(), Vec::new());
        for (i, c) in s.char_indices().take(longest + 2) {
            ends.push(i + c.len_utf8());
            sounds.push(sound(c));
        }
        // k characters read, two at least left.
        let most_k = longest.min(ends.len().saturating_sub(2));
        for k in (2..=most_k).rev() {
            let found = self.near(&sounds[..k]);
            if !found.is_empty() {
                return (found.len() <= most).then(|| (found, ends[k - 1]));
            }
        }
        None
    }

    /// The districts with a form one slip from `head` (sounds), ascending.
    fn near(&self, head: &[u32]) -> Vec<u16> {
        let k = head.len();
        let mut found: Vec<u16> = Vec::new();
        // The form whole (a homophone) or with one character the text left out.
        for &(d, _, _) in self.slips.get(head).into_iter().flatten() {
            found.push(d);
        }
        for i in 0..k {
            let mut less = head.to_vec();
            less.remove(i);
            for &(d, n, j) in self.slips.get(&less).into_iter().flatten() {
                // The text added a character, changed one or swapped two.
                let near = j == WHOLE || usize::from(j).abs_diff(i) <= 1;
                if near && usize::from(n) + 1 >= k {
                    found.push(d);
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Whether district `d` lies under one of `set` (its parent or its parent's parent).
    fn lies_in(&self, d: u16, set: &[u16]) -> bool {
        let mut at = self.parent.get(d as usize).copied().flatten();
        for _ in 0..3 {
            match at {
                Some(p) if set.contains(&p) => return true,
                Some(p) => at = self.parent.get(p as usize).copied().flatten(),
                None => return false,
            }
        }
        false
    }
}

fn push_once(v: &mut Vec<u16>, d: u16) {
    if !v.contains(&d) {
        v.push(d);
        v.sort_unstable();
    }
}

/// The region of regions.csv a `region` column value names: its own name when that is one
/// region's, else its parent's name and its own.
fn column_region<'a>(
    column: &str,
    by_name: &HashMap<&str, Vec<&'a AdminRegion>>,
    by_code: &HashMap<&str, &'a AdminRegion>,
) -> Option<&'a AdminRegion> {
    if let Some([one]) = by_name.get(column).map(Vec::as_slice) {
        return Some(one);
    }
    let cut = column.char_indices().map(|(i, _)| i).skip(2);
    cut.filter_map(|i| by_name.get(&column[i..]).map(|rs| (i, rs)))
        .flat_map(|(i, rs)| rs.iter().map(move |r| (i, *r)))
        .find(|(i, r)| {
            by_code
                .get(r.parent.as_str())
                .is_some_and(|p| p.name == column[..*i])
        })
        .map(|(_, r)| r)
}

/// The short forms of a region's name: 杭州 (杭州市), 浙江 (浙江省), 广西 (广西壮族自治区),
/// 西湖 (西湖区), 恩施 (恩施土家族苗族自治州).
fn short_forms(r: &AdminRegion) -> Vec<String> {
    let mut out = vec![crate::draft::short_name(&r.name)];
    if r.level == AdminLevel::Province
        && let Some(s) = PROVINCE_ENDS.iter().find_map(|e| r.name.strip_suffix(e))
    {
        out.push(s.to_string());
    }
    out.retain(|s| *s != r.name);
    out
}

#[cfg(test)]
#[path = "nation_tests.rs"]
mod tests;
