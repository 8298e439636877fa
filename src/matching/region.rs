//! Where a department sits: the regions a dictionary knows (its top level, its districts with
//! their short and former forms), how the region at the start of a name is read, and which
//! regions a query's prefix allows.
//!
//! What must stay true: a district prefix allows only that district's departments
//! (`region_allowed`); a national body's local office is read as local only when its local
//! name is of the body's own kind (`Regions::split_branch`); a district written with
//! homophones is still that district.

// Hot maps keyed by names and sounds: FxHash, not SipHash (keys are dictionary text).
use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use crate::dictionary::Dictionaries;
use crate::normalize::compact;

use super::nation::Nation;
use super::sound;
use super::split::has_separator;

/// Where a department sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    /// The top-level government of the dictionary (上海市).
    Top,
    /// A district (浦东新区), by index into the region table.
    District(u16),
    /// National ministries.
    National,
    /// Not known.
    Unknown,
}

/// What an engine knows of regions: the names, and the kinds of department districts have.
#[derive(Debug, Clone, Default)]
pub(super) struct Places {
    pub(super) regions: Regions,
    /// Cores that district-level entries have (民政局, 市场监督管理局, …).
    pub(super) district_cores: FxHashSet<String>,
    /// (region, core of the standard name) -> entry, for district counterparts.
    pub(super) by_region_core: HashMap<(Region, String), usize>,
    /// Regions that are not the dictionary's (杭州市 on a Shanghai list).
    pub(super) foreign: super::foreign::Foreign,
}

/// The region names a department dictionary knows about.
#[derive(Debug, Clone, Default)]
pub(super) struct Regions {
    /// Full name of the top level (上海市) and its short forms (上海, 沪).
    pub(super) top: Vec<String>,
    /// Each district: full name first (浦东新区), then short forms (浦东). Grown only through
    /// `add_district` and `add_form`, which keep `index` in step.
    pub(super) districts: Vec<Vec<String>>,
    /// The districts by their forms: a national draft has thousands, and every name read (each
    /// variant at build, each query) asks which opens it.
    index: DistrictIndex,
    /// A national dictionary's reader of region names (`Nation`); None for one region's.
    nation: Option<Nation>,
    /// Characters confused by their shape (lookalikes.csv), for a district written with one
    /// (虹囗区): char -> its lookalikes.
    lookalike: HashMap<char, Vec<char>>,
}

/// Lookups over `Regions::districts` that give what a scan in (district, form) order gives.
#[derive(Debug, Clone, Default)]
struct DistrictIndex {
    /// Full name -> the first district so named.
    by_name: HashMap<String, usize>,
    /// Form -> the first district with it.
    by_form: HashMap<String, usize>,
    /// Byte lengths of the forms, longest first.
    form_lens: Vec<usize>,
    /// (sounds of all characters but the last, last character) of each form ending in 区 or
    /// 县 -> the first (district, form position) with it.
    by_sound: HashMap<(Vec<u32>, char), (usize, usize)>,
    /// Character counts of those forms.
    sound_lens: Vec<usize>,
}

impl DistrictIndex {
    fn add(&mut self, i: usize, j: usize, f: &str) {
        if j == 0 {
            let at = self.by_name.entry(f.to_string()).or_insert(i);
            *at = (*at).min(i);
        }
        let at = self.by_form.entry(f.to_string()).or_insert(i);
        *at = (*at).min(i);
        if !self.form_lens.contains(&f.len()) {
            self.form_lens.push(f.len());
            self.form_lens.sort_unstable_by(|a, b| b.cmp(a));
        }
        if let Some(last) = f.chars().last().filter(|c| ['区', '县'].contains(c)) {
            let n = f.chars().count();
            let key = (f.chars().take(n - 1).map(sound).collect(), last);
            let at = self.by_sound.entry(key).or_insert((i, j));
            *at = (*at).min((i, j));
            if !self.sound_lens.contains(&n) {
                self.sound_lens.push(n);
            }
        }
    }
}

/// Province-level abbreviations: general Chinese knowledge, not a city's dictionary.
const PROVINCE_SHORT: [(&str, &str); 34] = [
    ("北京", "京"),
    ("天津", "津"),
    ("上海", "沪"),
    ("重庆", "渝"),
    ("河北", "冀"),
    ("山西", "晋"),
    ("辽宁", "辽"),
    ("吉林", "吉"),
    ("黑龙江", "黑"),
    ("江苏", "苏"),
    ("浙江", "浙"),
    ("安徽", "皖"),
    ("福建", "闽"),
    ("江西", "赣"),
    ("山东", "鲁"),
    ("河南", "豫"),
    ("湖北", "鄂"),
    ("湖南", "湘"),
    ("广东", "粤"),
    ("海南", "琼"),
    ("四川", "川"),
    ("贵州", "黔"),
    ("云南", "滇"),
    ("陕西", "陕"),
    ("甘肃", "甘"),
    ("青海", "青"),
    ("台湾", "台"),
    ("内蒙古", "蒙"),
    ("广西", "桂"),
    ("西藏", "藏"),
    ("宁夏", "宁"),
    ("新疆", "新"),
    ("香港", "港"),
    ("澳门", "澳"),
];

impl Regions {
    /// Adds a district with its forms (full name first).
    pub(super) fn add_district(&mut self, forms: Vec<String>) {
        let i = self.districts.len();
        for (j, f) in forms.iter().enumerate() {
            self.index.add(i, j, f);
        }
        self.districts.push(forms);
    }

    /// Adds another form of district `i`.
    /// Divisions merged or renamed (former_regions.csv) as forms of the district that holds
    /// them today. Short forms only as the file lists them: some name a town as well (川沙 of
    /// 川沙县 and 川沙新镇).
    fn learn_former_regions(&mut self, dict: &Dictionaries) {
        for f in &dict.former_regions {
            let Region::District(i) = self.region_of(&f.current) else {
                continue;
            };
            let known = self.region_of(&f.name) != Region::Unknown || self.top.contains(&f.name);
            if !known {
                self.add_form(i as usize, f.name.clone());
            }
        }
    }

    fn add_form(&mut self, i: usize, form: String) {
        self.index.add(i, self.districts[i].len(), &form);
        self.districts[i].push(form);
    }

    pub(super) fn region_of(&self, name: &str) -> Region {
        if name == "国家" || name == "中央" {
            return Region::National;
        }
        if self.top.first().is_some_and(|t| t == name) {
            return Region::Top;
        }
        match self.index.by_name.get(name).copied() {
            Some(i) => Region::District(i as u16),
            None => Region::Unknown,
        }
    }

    pub(super) fn district_name(&self, r: Region) -> Option<&str> {
        match r {
            Region::District(i) => self.districts.get(i as usize).map(|d| d[0].as_str()),
            _ => None,
        }
    }

    /// The region named anywhere in `text` (闵行区政务服务办（汇总）, 上海市公安局闵行分局): the one
    /// district named, full forms before short ones; else, when `top` allows, the top level.
    /// `None` when nothing is named or two districts are.
    pub(super) fn named_in(&self, text: &str, top: bool) -> Option<Region> {
        let found = |full: bool| -> Vec<usize> {
            (0..self.districts.len())
                .filter(|&i| {
                    self.districts[i]
                        .iter()
                        .filter(|f| f.ends_with(['区', '县']) == full)
                        .any(|f| text.contains(f.as_str()))
                })
                .collect()
        };
        let mut hits = found(true);
        if hits.is_empty() {
            hits = found(false);
        }
        match hits.as_slice() {
            [i] => Some(Region::District(*i as u16)),
            [] if top
                && self
                    .top
                    .iter()
                    .any(|t| t.chars().count() >= 2 && text.contains(t.as_str())) =>
            {
                Some(Region::Top)
            }
            _ => None,
        }
    }

    /// The name of a region as lists write it (上海市, 闵行区).
    pub(super) fn label(&self, r: Region) -> &str {
        match r {
            Region::Top => self.top.first().map_or("", String::as_str),
            Region::District(_) => self.district_name(r).unwrap_or(""),
            Region::National => "国家",
            Region::Unknown => "",
        }
    }

    /// A municipal body's branch in a district (上海市公安局闵行分局): the district, and the
    /// body's name before it (公安局).
    pub(super) fn branch_of(&self, name: &str) -> Option<(usize, String)> {
        let rest = self
            .top
            .iter()
            .filter_map(|t| name.strip_prefix(t.as_str()))
            .max_by_key(|r| name.len() - r.len())?;
        let body = branch_body(rest)?;
        for (i, forms) in self.districts.iter().enumerate() {
            for f in forms {
                if let Some(b) = body.strip_suffix(f.as_str())
                    && b.chars().count() >= 2
                {
                    return Some((i, b.to_string()));
                }
            }
        }
        None
    }

    /// The forms a name takes by its structure rather than by anyone's choice: a street office
    /// or town without 办事处 or 人民政府 (江川路街道, 七宝镇), and a district branch named after
    /// its district (闵行区公安分局, 闵行公安分局, 闵行区公安局).
    pub(super) fn structural_forms(
        &self,
        name: &str,
        branch: Option<&(usize, String)>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for (suffix, forms) in [
            ("街道办事处", &["街道", "街道办"][..]),
            ("镇人民政府", &["镇", "镇政府"][..]),
            ("乡人民政府", &["乡", "乡政府"][..]),
        ] {
            if let Some(base) = name.strip_suffix(suffix) {
                out.extend(forms.iter().map(|f| format!("{base}{f}")));
            }
        }
        // 上海市人民政府合作交流办公室 is written 上海市合作交流办公室 and 市政府合作交流办公室:
        // a named office of a government is known without 人民政府. Not its general office
        // (人民政府办公室), which is nothing without it.
        if let Some(at) = name.find("人民政府") {
            let (head, office) = (&name[..at], &name[at + "人民政府".len()..]);
            if !head.is_empty() && office.chars().count() >= 5 {
                out.push(format!("{head}{office}"));
                out.push(format!("{head}政府{office}"));
            }
        } else if name.ends_with("办公室")
            && let (Some(Region::Top), office) = self.strip_prefix(name)
            && office.chars().count() >= 5
        {
            // The other way round: 上海市信访办公室 is written 上海市人民政府信访办公室, as an
            // office of the government it is. Only the city's own: a national draft's every
            // county would get forms whose short forms catch slips of 人民政府办公室.
            let head = &name[..name.len() - office.len()];
            out.push(format!("{head}人民政府{office}"));
            out.push(format!("{head}政府{office}"));
        }
        out.extend(party_forms(name));
        if let Some((district, body)) = branch {
            let stem = body.strip_suffix('局').unwrap_or(body);
            for f in &self.districts[*district] {
                out.push(format!("{f}{stem}分局"));
                out.push(format!("{f}{body}"));
            }
        }
        out
    }

    /// Strips a leading region from a compacted name: (region, rest), longest form first.
    /// A district written with a homophone (黄埔区 for 黄浦区) is still that district.
    pub(super) fn strip_prefix<'a>(&self, s: &'a str) -> (Option<Region>, &'a str) {
        if let Some((_, core, region)) = self.split_branch(s) {
            return (Some(region), &s[core..]);
        }
        // 上海市公安局闵行分局 is 闵行区's, though it opens with the city's name.
        if let Some((district, _)) = self.branch_of(s)
            && let Some(t) = self
                .top
                .iter()
                .filter(|t| s.starts_with(t.as_str()))
                .max_by_key(|t| t.len())
        {
            return (Some(Region::District(district as u16)), &s[t.len()..]);
        }
        for p in NATIONAL_PREFIXES {
            if let Some(rest) = s.strip_prefix(p)
                && rest.chars().count() >= 2
            {
                // 中华人民共和国国家卫生健康委员会: both prefixes say the national level.
                let rest = rest
                    .strip_prefix("国家")
                    .filter(|r| r.chars().count() >= 2)
                    .unwrap_or(rest);
                return (Some(Region::National), rest);
            }
        }
        // 中华全国总工会: the all-China people's bodies; 全国 stays, as their short forms say it.
        if let Some(rest) = s.strip_prefix("中华").filter(|r| r.starts_with("全国")) {
            return (Some(Region::National), rest);
        }
        let mut region = None;
        let mut rest = s;
        if let Some(t) = self
            .top
            .iter()
            .filter(|t| rest.starts_with(t.as_str()))
            .max_by_key(|t| t.len())
        {
            rest = &rest[t.len()..];
            region = Some(Region::Top);
        }
        if let Some((len, i)) = self.district_prefix(rest)
            && rest.len() > len
        {
            rest = &rest[len..];
            region = Some(Region::District(i as u16));
        }
        (region, rest)
    }

    /// The district named at the start of `s`, longest form first, homophones allowed:
    /// (byte length, district).
    fn district_prefix(&self, s: &str) -> Option<(usize, usize)> {
        if let Some(n) = &self.nation {
            // Only a form that names one region; `districts_at` gives the others.
            return match n.read(s)? {
                (ds, len) if ds.len() == 1 => Some((len, ds[0] as usize)),
                _ => None,
            };
        }
        let best = self.index.form_lens.iter().find_map(|&n| {
            let head = s.get(..n)?;
            self.index.by_form.get(head).map(|&i| (n, i))
        });
        // 浦东心区民政局: a full form with a homophone slip says more than the short form
        // (浦东) it opens with, whose rest (心区民政局) would name nothing.
        match (best, self.homophone_district(s)) {
            (Some(b), Some(h)) if h.0 > b.0 => Some(h),
            (None, h) => h,
            (b, _) => b,
        }
    }

    /// When the district that opens `s` (after the top level) is written with a homophone
    /// slip (浦东心区 for 浦东新区): the text as written and the form it is read as.
    pub(super) fn slipped_form<'a>(&self, s: &'a str) -> Option<(&'a str, &str)> {
        let rest = self
            .top
            .iter()
            .filter_map(|t| s.strip_prefix(t.as_str()))
            .min_by_key(|r| r.len())
            .unwrap_or(s);
        if self.nation.is_some() {
            return None;
        }
        let (len, i) = self.homophone_district(rest)?;
        let said = &rest[..len];
        let forms = &self.districts[i];
        if forms.iter().any(|f| f == said) {
            return None;
        }
        let n = said.chars().count();
        let meant = forms.iter().find(|f| f.chars().count() == n)?;
        Some((said, meant.as_str()))
    }

    /// The local office of a national body, named national prefix + body + region + local name
    /// (国家税务总局上海市浦东新区税务局, 中华人民共和国上海海关): (byte offset of the region,
    /// byte offset of the local name, region). Only when the local name is of the body's own
    /// kind (税务总局 -> 税务局) or the body is not named, so an office whose local name says
    /// little (…上海监管局) keeps its whole name.
    pub(super) fn split_branch(&self, s: &str) -> Option<(usize, usize, Region)> {
        let p = NATIONAL_PREFIXES.iter().find(|p| s.starts_with(*p))?;
        let rest = &s[p.len()..];
        for (pos, _) in rest.char_indices() {
            let tail = &rest[pos..];
            let Some(t) = self
                .top
                .iter()
                .filter(|t| t.chars().count() >= 2 && *t != "本市" && tail.starts_with(t.as_str()))
                .max_by_key(|t| t.len())
            else {
                continue;
            };
            let agency = &rest[..pos];
            let after = &tail[t.len()..];
            let (region, skip) = match self.district_prefix(after) {
                Some((len, i)) if after.len() > len => (Region::District(i as u16), len),
                _ => (Region::Top, 0),
            };
            let core = &after[skip..];
            // The office carries the agency's own name (税务总局 → …税务局): they share at
            // least two leading characters, which a list of two bodies (中国人民银行和上海市
            // 人力资源…) does not.
            // After the first character, by sound: a slip in the local name (税物局) keeps it
            // the agency's office. Not in the first: 水务局 is another bureau.
            let shared = agency
                .chars()
                .zip(core.chars())
                .enumerate()
                .take_while(|(k, (a, b))| a == b || (*k > 0 && sound(*a) == sound(*b)))
                .count();
            if core.chars().count() < 2
                || (!agency.is_empty() && (shared < 2 || has_separator(agency)))
            {
                return None;
            }
            return Some((p.len() + pos, s.len() - core.len(), region));
        }
        None
    }

    /// On a national dictionary, whether `said` names its regions by their forms as written
    /// rather than by sound; true on one region's dictionary, which says so otherwise
    /// (`slipped_form`).
    pub(super) fn written_as_forms(&self, said: &str) -> bool {
        self.nation.as_ref().is_none_or(|n| n.written(said))
    }

    /// Whether this is a national dictionary's (`Nation`).
    pub(super) fn is_national(&self) -> bool {
        self.nation.is_some()
    }

    /// On a national dictionary, the regions a form at the start of `s` may name when it
    /// names several (鼓楼区, 新乡): (the districts, the rest of `s`). None when the form names
    /// one region (`strip_prefix` reads it), none at all, or more than `MAX_AMBIGUOUS`.
    pub(super) fn districts_at<'a>(&self, s: &'a str) -> Option<(Vec<u16>, &'a str)> {
        let (ds, len) = self.nation.as_ref()?.read(s)?;
        (ds.len() >= 2 && ds.len() <= MAX_AMBIGUOUS).then(|| (ds, &s[len..]))
    }

    /// On a national dictionary, when the region read at the start of `t` (before `rest`) ends
    /// in a 市 that opens the name after it (衡阳市场监管局: 衡阳 + 市场监管局) and the form
    /// without it names another region too (衡阳县): the regions that form names, and the
    /// name from the 市 on.
    pub(super) fn shi_opens_name<'a>(
        &self,
        t: &'a str,
        rest: &str,
        read: u16,
    ) -> Option<(Vec<u16>, &'a str)> {
        let n = self.nation.as_ref()?;
        // 市场 is the word a body's name opens with 市 in (市场监督管理局, 市场监管局).
        if !rest.starts_with('场') {
            return None;
        }
        let before = t.len().checked_sub(rest.len())?;
        let shorter = t[..before].strip_suffix('市')?.len();
        let (ds, len) = n.read_before(t, shorter)?;
        (len == shorter && ds.iter().any(|&d| d != read) && ds.len() <= MAX_AMBIGUOUS)
            .then(|| (ds, &t[shorter..]))
    }

    /// On a national dictionary, the regions `s` may start with written with one slip
    /// (`Nation::slipped`): (the districts, byte length read); at most `MAX_AMBIGUOUS`.
    pub(super) fn slipped_districts(&self, s: &str) -> Option<(Vec<u16>, usize)> {
        self.nation.as_ref()?.slipped(s, MAX_AMBIGUOUS)
    }

    /// A district's full form written with homophones at the start of `s`: (byte length, district).
    fn homophone_district(&self, s: &str) -> Option<(usize, usize)> {
        // The first form in (district, form) order that matches, whatever its length.
        let mut best: Option<((usize, usize), usize)> = None;
        for &n in &self.index.sound_lens {
            // The 区/县 must be written as it is; only then are sounds worth computing.
            let Some((at, last)) = s.char_indices().nth(n - 1) else {
                continue;
            };
            if !['区', '县'].contains(&last) {
                continue;
            }
            let head: Vec<char> = s[..at].chars().collect();
            let mut key = (head.iter().map(|&c| sound(c)).collect::<Vec<u32>>(), last);
            if let Some(found) = self.sound_or_shape(&head, &mut key)
                && best.is_none_or(|(b, _)| found < b)
            {
                best = Some((found, at + last.len_utf8()));
            }
        }
        best.map(|((i, _), len)| (len, i))
    }

    /// The district whose form has the sounds of `key`, or has them once one character of
    /// `head` is read as a lookalike (虹囗区 as 虹口区).
    fn sound_or_shape(&self, head: &[char], key: &mut (Vec<u32>, char)) -> Option<(usize, usize)> {
        if let Some(&found) = self.index.by_sound.get(key) {
            return Some(found);
        }
        for (k, c) in head.iter().enumerate() {
            let written = key.0[k];
            for &l in self.lookalike.get(c).into_iter().flatten() {
                key.0[k] = sound(l);
                if let Some(&found) = self.index.by_sound.get(key) {
                    return Some(found);
                }
            }
            key.0[k] = written;
        }
        None
    }

    /// Adds a district's former names (卢湾区 for 黄浦区), learnt from former names of the
    /// district's departments that differ from today's name only in the district.
    pub(super) fn learn_former_districts(&mut self, dict: &Dictionaries) {
        self.learn_former_regions(dict);
        for d in &dict.departments {
            let Region::District(i) = self.region_of(&d.region) else {
                continue;
            };
            // Read only when a former name has a district's form: most entries of a national
            // draft have none, and reading a name's region is the costly part.
            let mut core: Option<String> = None;
            for f in &d.former_names {
                let f = compact(f);
                let rest = self
                    .top
                    .first()
                    .and_then(|t| f.strip_prefix(t.as_str()))
                    .unwrap_or(&f);
                let Some(p) = admin_prefix(rest, &['区', '县']) else {
                    continue;
                };
                let core =
                    core.get_or_insert_with(|| self.strip_prefix(&compact(&d.name)).1.to_string());
                if rest[p.len()..] == **core && !self.districts[i as usize].iter().any(|x| x == p) {
                    self.add_form(i as usize, p.to_string());
                    let short = p.trim_end_matches(['区', '县']);
                    if short.chars().count() >= 2 {
                        self.add_form(i as usize, short.to_string());
                    }
                }
            }
        }
    }
}

/// A name less its ending 分局, also when 局 is written with a homophone (闵行分居): the
/// ending says it is a district's branch, which a slip does not change.
fn branch_body(name: &str) -> Option<&str> {
    // 上海市公安局浦东分: a cell cut short of its last character is still a branch's.
    let body = (name.strip_suffix(|c: char| sound(c) == sound('局'))).unwrap_or(name);
    body.strip_suffix('分')
}

/// The most regions an ambiguous form is read as, each a reading of its own: a form naming
/// more says too little of where a body is.
const MAX_AMBIGUOUS: usize = 16;

/// Prefixes naming the national level.
pub(super) const NATIONAL_PREFIXES: [&str; 3] = ["中华人民共和国", "国家", "中国"];

/// A national prefix written with homophones at the start of `s` (国嫁 for 国家, 国屋院 for
/// 国务院), with at least two characters after it: (the prefix as written, the prefix, the
/// name to read: the rest after a region's prefix, 国务院 and the rest after the State
/// Council's, which its bodies' names keep).
pub(super) fn national_homophone(s: &str) -> Option<(&str, &'static str, String)> {
    const STATE_COUNCIL: &str = "国务院";
    NATIONAL_PREFIXES
        .iter()
        .chain([&STATE_COUNCIL])
        .find_map(|&p| {
            let end = s.char_indices().nth(p.chars().count())?.0;
            let (head, rest) = s.split_at(end);
            let slip = head != p && head.chars().map(sound).eq(p.chars().map(sound));
            (slip && rest.chars().count() >= 2).then(|| {
                let read = if p == STATE_COUNCIL {
                    format!("{p}{rest}")
                } else {
                    rest.to_string()
                };
                (head, p, read)
            })
        })
}

/// Builds the region table from the `region` column, or, where it is empty, from name prefixes
/// shared by several names (上海市…, 上海市浦东新区…).
pub(super) fn build_regions(dict: &Dictionaries) -> Regions {
    let mut regions = Regions {
        lookalike: super::score::lookalike_map(dict),
        ..Regions::default()
    };
    let mut counts: HashMap<&str, usize> = HashMap::default();
    for d in &dict.departments {
        if !d.region.is_empty() {
            *counts.entry(d.region.as_str()).or_default() += 1;
        }
    }
    // The top level is the region named in most names' prefixes; a national dictionary has
    // none (its provinces are all alike).
    let provinces = dict
        .regions
        .iter()
        .filter(|r| {
            r.level == crate::dictionary::AdminLevel::Province
                && counts.contains_key(r.name.as_str())
        })
        .count();
    let national = provinces >= 2;
    let mut top: Option<String> = None;
    if !counts.is_empty() && !national {
        let mut v: Vec<(&str, usize)> = counts
            .iter()
            .filter(|(r, _)| **r != "国家")
            .map(|(r, n)| (*r, *n))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        top = v.first().map(|(r, _)| r.to_string());
    }
    if top.is_none() && !national {
        let mut pc: HashMap<String, usize> = HashMap::default();
        for d in &dict.departments {
            if let Some(p) = admin_prefix(&d.name, &['省', '市']) {
                *pc.entry(p.to_string()).or_default() += 1;
            }
        }
        let mut v: Vec<(String, usize)> = pc.into_iter().filter(|(_, n)| *n >= 2).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        top = v.into_iter().next().map(|(p, _)| p);
    }
    if let Some(t) = &top {
        regions.top.push(t.clone());
        regions.top.push("本市".to_string());
        let short = t.trim_end_matches(['省', '市']);
        if short.chars().count() >= 2 && short != t {
            regions.top.push(short.to_string());
        }
        for (full, abbr) in PROVINCE_SHORT {
            if short.starts_with(full) {
                regions.top.push(abbr.to_string());
            }
        }
        regions.top.extend(chains_above(t, &dict.regions));
    }
    let mut districts: Vec<String> = counts
        .keys()
        .filter(|r| Some(**r) != top.as_deref() && **r != "国家")
        .map(|r| r.to_string())
        .collect();
    if districts.is_empty() {
        let mut pc: HashMap<String, usize> = HashMap::default();
        for d in &dict.departments {
            let rest = regions
                .top
                .first()
                .and_then(|t| d.name.strip_prefix(t.as_str()))
                .unwrap_or(&d.name);
            if let Some(p) = admin_prefix(rest, &['区', '县']) {
                *pc.entry(p.to_string()).or_default() += 1;
            }
        }
        districts = pc
            .into_iter()
            .filter(|(_, n)| *n >= 2)
            .map(|(p, _)| p)
            .collect();
    }
    districts.sort();
    if national {
        // Every other form is read by `Nation`, which keeps the forms several regions share.
        regions.nation = Nation::build(&districts, &dict.regions);
        for d in districts {
            regions.add_district(vec![d]);
        }
        return regions;
    }
    for d in districts {
        let mut forms = vec![d.clone()];
        // 太仓 for 太仓市, a county-level city of a city's draft.
        for suffix in ["新区", "区", "县", "市"] {
            if let Some(s) = d.strip_suffix(suffix)
                && s.chars().count() >= 2
            {
                forms.push(s.to_string());
                break;
            }
        }
        regions.add_district(forms);
    }
    regions
}

/// A city's or county's name with the regions above it written before it (江苏省苏州市 for
/// 苏州市), as lists of a city's or county's own draft write its bodies: from the nearest
/// parent up. None when regions.csv has no one region of that name.
fn chains_above(name: &str, regions: &[crate::dictionary::AdminRegion]) -> Vec<String> {
    let mut named = regions.iter().filter(|r| r.name == name);
    let (Some(mut at), None) = (named.next(), named.next()) else {
        return Vec::new();
    };
    let mut chain = name.to_string();
    let mut out = Vec::new();
    while let Some(p) = regions
        .iter()
        .find(|r| !at.parent.is_empty() && r.code == at.parent)
    {
        chain = format!("{}{chain}", p.name);
        out.push(chain.clone());
        at = p;
    }
    out
}

/// The shortest prefix of `name` ending in one of `ends`, 2 to 6 characters long, leaving at
/// least two characters of name after it and not ending in a doubled character (上海市市…).
fn admin_prefix<'a>(name: &'a str, ends: &[char]) -> Option<&'a str> {
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    for (i, &(pos, c)) in chars.iter().enumerate().take(6).skip(1) {
        if ends.contains(&c) {
            if chars.len() - i - 1 < 2 {
                return None;
            }
            if i >= 1 && chars[i - 1].1 == c {
                return None;
            }
            return Some(&name[..pos + c.len_utf8()]);
        }
    }
    None
}

/// What a query's prefix says about the region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Constraint {
    Any,
    Top,
    District(u16),
    National,
    /// 区… / 本区…: the submitting unit's district.
    OwnDistrict,
    /// 市… / 市级…: the submitting unit's own city when it is a county-level one (昆山市's list
    /// says 市医保局 of itself), else the top level.
    OwnCity,
}

/// Whether a variant of this region may answer a query under the constraint.
pub(super) fn region_allowed(region: Region, c: Constraint) -> bool {
    match c {
        Constraint::Any | Constraint::OwnDistrict => true,
        Constraint::Top | Constraint::OwnCity => matches!(region, Region::Top | Region::Unknown),
        Constraint::National => matches!(region, Region::National | Region::Unknown),
        Constraint::District(d) => region == Region::District(d),
    }
}

/// The forms party and youth-league bodies are written in at every level: without 中共
/// (上海市委社会工作部, 市委社会工作部), the 机构编制委员会办公室 as its 编办 (市委编办, 市编办),
/// and the league's committees as 团市委, 上海团市委, 共青团上海市委 and 团中央.
fn party_forms(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(rest) = name.strip_prefix("中共").filter(|r| r.contains('委')) {
        out.push(rest.to_string());
        if let Some(head) = rest.strip_suffix("委机构编制委员会办公室") {
            out.push(format!("{head}委编办"));
            out.push(format!("{head}编办"));
        }
    }
    let league = name
        .strip_prefix("中国共产主义青年团")
        .map(|r| format!("共青团{r}"));
    if let Some(l) = &league {
        out.push(l.clone());
    }
    let Some(of) = (league.as_deref().unwrap_or(name).strip_prefix("共青团"))
        .and_then(|r| r.strip_suffix("委员会"))
    else {
        return out;
    };
    if of == "中央" {
        out.extend(["共青团中央".to_string(), "团中央".to_string()]);
    } else if let Some(level) = of.chars().last().filter(|c| "省市区县".contains(*c)) {
        let place = &of[..of.len() - level.len_utf8()];
        out.push(format!("共青团{of}委"));
        out.push(format!("{place}团{level}委"));
    }
    out
}
