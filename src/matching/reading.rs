//! A cell's readings (`Alt`): the ways one cell may be read before it is looked up. Notes in
//! brackets, a trailing 等, qualifiers and holders (materials) are taken off, and the region at
//! the start of a department is parsed into a constraint.
//!
//! What must stay true: a reading that leaves out a note or a holder, or guesses (a homophone
//! of a national prefix, 市 kept as part of the name), is trusted a little less than the text
//! (`penalty` below 1); words that never change what is named (qualifiers, a trailing 等) go
//! at no cost. Where 市 may name the city or begin the name, both readings are made. Readings
//! come in a fixed order, which the ranking's ties depend on.

use crate::normalize::{strip_paren_notes, trim_punct};

use super::Engine;
use super::index::{one_off_key, one_off_positions};
use super::outcome::How;
use super::region::{Constraint, NATIONAL_PREFIXES, Region, national_homophone};
use super::station::STATIONS;

/// Materials only (material_terms.csv): words a cell is read without, longest first, and terms
/// too vague to name a material.
#[derive(Debug, Clone, Default)]
pub(super) struct MaterialTerms {
    /// 原件, 复印件, …: taken out wherever they stand.
    pub(super) qualifiers: Vec<String>,
    /// 申请人, 配偶, …: taken off the start.
    pub(super) holders: Vec<String>,
    /// 人, 方, 单位: how other words naming whose material it is end (购房人, 投资方).
    pub(super) holder_ends: Vec<String>,
    /// 电子: said before a name of the form it is in (电子结婚证).
    pub(super) leads: Vec<String>,
    /// 经营场所, 生产场地: the premises a document is about (经营场所租赁合同).
    pub(super) places: Vec<String>,
    /// 相关材料, …: the cell names no material.
    pub(super) vague: Vec<String>,
    /// 检测报告, 营运证, …: names several materials go by, with what they may mean.
    pub(super) generic: std::collections::HashMap<String, String>,
}

/// How much a reading trusts a region written with a slip (`Nation::slipped`): below what
/// lets a name read so be accepted (0.94 x 0.9 < 0.86), as the region it was meant to be may
/// have a two-character form, which the slips leave out (称动 is 城东区 less 区, and 称多 with
/// a slip): a person decides among the regions it may be.
const SLIPPED_REGION: f32 = 0.9;

/// Penalty of a reading whose region was read by its sound on a national dictionary: a name
/// written right after it stays sure, one with a slip of its own does not.
const SOUND_READ_REGION: f32 = 0.94;

/// How much less a field's 部门 read as its 局 or 委员会 is trusted: below the bar of an
/// accepted match even when that body is listed (0.94 x 0.85 = 0.80).
const FIELD_BODY: f32 = 0.85;

/// One reading of a cell: the text, its core, and what its region prefix allows.
#[derive(Debug, Clone)]
pub(super) struct Alt {
    /// The text with notes and trailing 等 removed, region prefix kept.
    pub(super) text: String,
    /// The text without its region prefix.
    pub(super) core: String,
    pub(super) constraint: Constraint,
    /// Multiplies every score reached through this alternative.
    pub(super) penalty: f32,
    /// Whether `text` itself is looked up as a whole variant (false for the reading that took
    /// a bare 市 off, so a variant equal to the text counts once, through the other reading).
    pub(super) exact_text: bool,
    /// The reading that keeps a leading 市 as part of the name: the cell still says 市, so the
    /// submitting unit's district gives it no preference.
    pub(super) keeps_shi: bool,
    /// Said in the explanation (holder removed, note ignored, …).
    pub(super) note: String,
    /// Only names the dictionary lists count for this reading, no fuzzy match (the rest of a
    /// cell after a guessed holder).
    pub(super) names_only: bool,
    /// The reading of a body before an office of it (市公安局 of 市公安局交警总队).
    pub(super) office: bool,
    /// Only former names count for this reading (原工商局 with 原 taken off).
    pub(super) former_only: bool,
    /// Materials: the bracketed notes this reading left out, joined (外国人赴华).
    pub(super) bracket: String,
    /// Materials: the holder this reading took off the start (企业 of 企业营业执照).
    pub(super) holder: String,
    /// Materials: this reading took the premises a document is about off its start
    /// (经营场所 of 经营场所租赁合同).
    pub(super) premises: bool,
}

impl Engine {
    /// Query alternatives for a department cell: notes, role words and a trailing 等 removed,
    /// the region prefix parsed.
    pub(super) fn dept_alts(&self, full: &str) -> Vec<Alt> {
        let mut out = self.dept_readings(full);
        self.add_scoped_readings(&mut out);
        let offices: Vec<Alt> = out.iter().filter_map(general_office_of_district).collect();
        out.extend(offices);
        // A cell that is a known name as it stands needs no reading that rewrites it.
        if self.resolves(full) {
            return out;
        }
        out.extend(self.reread_dept(full));
        out.extend(self.province_left_out(full));
        let swapped: Vec<Alt> = out.iter().filter_map(|a| self.swapped_reading(a)).collect();
        out.extend(swapped);
        out.extend(self.reworded_readings(full));
        out.extend(self.nation_said_short(full));
        if let Some((body, unit, kind)) = self.internal_unit(full) {
            // 市人社局就业促进处, 市场监管局注册科: an office or window of a body is that body; a
            // branch the dictionary lacks (…徐汇分中心) points to its parent, for a person to
            // confirm, and so does a national body's bureau, which a reform may have moved.
            let sure = kind == UnitKind::Office;
            for mut alt in self.dept_readings(body) {
                let said = match kind {
                    UnitKind::Office => crate::tr!("match.office", unit = unit),
                    UnitKind::Branch => crate::tr!("match.branch_parent", unit = unit),
                    UnitKind::NationalBureau => crate::tr!("match.national_bureau", unit = unit),
                };
                push_note(&mut alt.note, &said);
                alt.penalty *= if sure { 0.97 } else { 0.85 };
                alt.exact_text = false;
                alt.office = true;
                out.push(alt);
            }
        }
        out
    }

    /// 国家税务总局闵行区税务局: a national body's office named by its district, the top
    /// region between them left out; read with it when that makes a listed name.
    fn province_left_out(&self, full: &str) -> Vec<Alt> {
        // Only a national body's name has a region in its middle; the scan below reads a
        // region at each place, which a national dictionary's reader makes dear.
        let national = super::region::NATIONAL_PREFIXES
            .iter()
            .any(|p| full.starts_with(p));
        let Some(top) = self.places.regions.top.first().filter(|_| national) else {
            return Vec::new();
        };
        for (i, _) in full.char_indices().skip(2).take(12) {
            let (Some(Region::District(_)), _) = self.places.regions.strip_prefix(&full[i..])
            else {
                continue;
            };
            let text = format!("{}{top}{}", &full[..i], &full[i..]);
            if !self.index.exact.contains_key(text.as_str()) {
                continue;
            }
            let said = crate::tr!("match.top_added", region = top);
            let mut out = self.dept_readings(&text);
            for alt in &mut out {
                push_note(&mut alt.note, &said);
                alt.penalty *= 0.97;
                alt.exact_text = false;
            }
            return out;
        }
        Vec::new()
    }

    /// The readings of a department cell as it is written: region prefixes, 区/本区, 市, notes
    /// and trailing 等 taken into account.
    fn dept_readings(&self, full: &str) -> Vec<Alt> {
        let mut bases: Vec<(String, String, f32)> = vec![(full.to_string(), String::new(), 1.0)];
        let (no_notes, notes) = strip_paren_notes(full);
        if !notes.is_empty() && !no_notes.is_empty() {
            bases.push((
                no_notes,
                crate::tr!("match.note_ignored", notes = notes.join(")(")),
                0.99,
            ));
        }
        // 发证机关：上海市交通委员会: a field's label before the body.
        if let Some((label, body)) = labelled(full) {
            bases.push((
                body.to_string(),
                crate::tr!("match.removed", words = format!("{label}：")),
                0.99,
            ));
        }
        // 上海市第1中级人民法院: an ordinal written in digits.
        if let Some(t) = ordinal_in_words(full) {
            bases.push((t, String::new(), 1.0));
        }
        if let Some((head, note)) = self.listed_before_noise(full) {
            bases.push((head, note, 0.99));
        }
        let mut out = Vec::new();
        for (text, note, penalty) in bases {
            let mut t = text.as_str();
            let mut note = note;
            for suffix in [
                "等相关部门",
                "等有关部门",
                "等相关单位",
                "等有关单位",
                "等部门",
                "等单位",
                "及其下属单位",
                "及其所属单位",
                "及其直属单位",
                "及其派出机构",
                "及下属单位",
                "及所属单位",
                "等",
            ] {
                if let Some(s) = t.strip_suffix(suffix)
                    && s.chars().count() >= 2
                {
                    t = s;
                    push_note(&mut note, &crate::tr!("match.trailing", suffix = suffix));
                    break;
                }
            }
            let t = trim_punct(t);
            if let Some((said, meant)) = self.places.regions.slipped_form(t) {
                push_note(
                    &mut note,
                    &crate::tr!("match.read_as", said = said, prefix = meant),
                );
            }
            let (region, rest) = self.places.regions.strip_prefix(t);
            if let Some(Region::District(d)) = region
                && let Some(said) = self.read_by_sound(t, rest, d)
                && !note.contains(&said)
            {
                push_note(&mut note, &said);
            }
            // A region read by its sound (临应县 for 临颍县) is one slip: a name after it with
            // another is not sure.
            let penalty = if matches!(region, Some(Region::District(_)))
                && !self
                    .places
                    .regions
                    .written_as_forms(&t[..t.len() - rest.len()])
            {
                penalty * SOUND_READ_REGION
            } else {
                penalty
            };
            let mut push = |core: &str, constraint: Constraint, extra: f32, exact_text: bool| {
                if !core.is_empty() {
                    out.push(Alt {
                        text: t.to_string(),
                        core: core.to_string(),
                        constraint,
                        penalty: penalty * extra,
                        exact_text,
                        keeps_shi: extra < 1.0,
                        note: note.clone(),
                        names_only: false,
                        office: false,
                        former_only: false,
                        bracket: String::new(),
                        holder: String::new(),
                        premises: false,
                    });
                }
            };
            match region {
                Some(Region::District(d)) => {
                    push(rest, Constraint::District(d), 1.0, true);
                    // 衡阳市场监管局 is 衡阳县's as much as 衡阳市's: each region is a reading
                    // of its own, so their bodies tie.
                    if let Some((ds, name)) = self.places.regions.shi_opens_name(t, rest, d) {
                        for d in ds {
                            push(name, Constraint::District(d), 1.0, true);
                        }
                    }
                }
                Some(Region::National) => {
                    push(rest, Constraint::National, 1.0, true);
                    // 国家统计局上海调查总队: a national body's office in the city, listed under
                    // the city, its name after the city's.
                    let top = &self.places.regions.top;
                    if top
                        .iter()
                        .any(|c| c.chars().count() >= 2 && rest.contains(c.as_str()))
                    {
                        push(rest, Constraint::Top, 0.98, false);
                    }
                    // 国家安全局 of 上海市国家安全局: 国家 may begin a local body's own name.
                    // Read whole, a little less trusted, and only as a name listed so: a slip
                    // in a national name is no local body's name with 国家 before it.
                    out.push(Alt {
                        core: t.to_string(),
                        constraint: Constraint::Any,
                        penalty: penalty * 0.95,
                        exact_text: false,
                        names_only: true,
                        ..out.last().cloned().expect("pushed above")
                    });
                }
                Some(_) => match rest.strip_prefix('市').filter(|r| r.chars().count() >= 2) {
                    // 上海市市场监督管埋局, 上海市场监管局: the 市 after the city's name may
                    // begin the name itself; that reading is a little less trusted.
                    Some(r) => {
                        push(r, Constraint::Top, 1.0, true);
                        push(rest, Constraint::Top, 0.99, false);
                    }
                    None => {
                        push(rest, Constraint::Top, 1.0, true);
                        // 上海是民政局: read as 市, a little less trusted, and said.
                        if let Some((read_as, core)) = self.shi_slipped(t, rest) {
                            let mut a = out.last().cloned().expect("pushed above");
                            push_note(&mut a.note, &read_as);
                            out.push(Alt {
                                core: core.to_string(),
                                penalty: a.penalty * 0.98,
                                exact_text: false,
                                // 上海世博会…, 上海师范大学: a word that opens so is read
                                // only when what follows is a listed name.
                                names_only: true,
                                ..a
                            });
                        }
                    }
                },
                None => {
                    if let Some((ds, rest)) = self.places.regions.districts_at(t) {
                        // 鼓楼区民政局 on a national list: each region the form may name is a
                        // reading of its own, so their bodies tie and a person decides.
                        for d in ds {
                            push(rest, Constraint::District(d), 1.0, true);
                        }
                    } else if let Some((ds, at)) = self.slipped_regions(t) {
                        // 公县卫生健康局, 聊市商务局: a region written with a slip. Each region
                        // it may be is a reading, a little less trusted than one written right;
                        // the name read whole would be compared with every region's bodies.
                        for d in ds {
                            // The explanation says which region the slip was read as.
                            let mut note = note.clone();
                            if let Some(meant) =
                                self.places.regions.district_name(Region::District(d))
                            {
                                push_note(
                                    &mut note,
                                    &crate::tr!("match.read_as", said = &t[..at], prefix = meant),
                                );
                            }
                            out.push(Alt {
                                text: t.to_string(),
                                core: t[at..].to_string(),
                                constraint: Constraint::District(d),
                                penalty: penalty * SLIPPED_REGION,
                                exact_text: true,
                                keeps_shi: false,
                                note,
                                names_only: false,
                                office: false,
                                former_only: false,
                                bracket: String::new(),
                                holder: String::new(),
                                premises: false,
                            });
                        }
                    } else if let Some(r) = OWN_DISTRICT.iter().find_map(|p| t.strip_prefix(p))
                        && r.chars().count() >= 2
                    {
                        push(r, Constraint::OwnDistrict, 1.0, true);
                    } else {
                        // 市民政局 is municipal, but 市场监管局 starts with 市 too: try both, the
                        // reading that keeps 市 in the name a little less trusted.
                        let mut keep_shi = 1.0;
                        // 市场 is a word (市场监管局), not 市 before a name.
                        if let Some(r) = t.strip_prefix("市级").or_else(|| t.strip_prefix('市'))
                            && r.chars().count() >= 2
                            && !t.starts_with("市场")
                        {
                            push(r, Constraint::OwnCity, 1.0, false);
                            keep_shi = 0.95;
                            // 市闵行区民政局: the city's 市 before a district written whole.
                            if let (Some(Region::District(d)), rest) =
                                self.places.regions.strip_prefix(r)
                            {
                                push(rest, Constraint::District(d), 0.98, false);
                            }
                        }
                        let bare = t
                            .strip_prefix('本')
                            .filter(|r| r.chars().count() >= 2)
                            .unwrap_or(t);
                        push(bare, Constraint::Any, keep_shi, true);
                    }
                }
            }
            // 国嫁税务总局: a slip in the national prefix hides it, and the name read whole is
            // compared with the wrong part of each variant (国家税务局, the core of a local
            // bureau's former name, instead of 税务总局). Read it as the national level too,
            // a little less trusted than the prefix written right.
            if region.is_none()
                && let Some((said, prefix, rest)) = national_homophone(t)
            {
                let mut note = note.clone();
                push_note(
                    &mut note,
                    &crate::tr!("match.read_as", said = said, prefix = prefix),
                );
                out.push(Alt {
                    text: t.to_string(),
                    core: rest,
                    constraint: Constraint::National,
                    penalty: penalty * 0.98,
                    exact_text: false,
                    keeps_shi: false,
                    note,
                    names_only: false,
                    office: false,
                    former_only: false,
                    bracket: String::new(),
                    holder: String::new(),
                    premises: false,
                });
            }
        }
        self.add_kind_left_out(&mut out);
        out
    }

    /// 区民政, 市公安: a name written with its region or level but without the character that
    /// says its kind of body is read with it, when one kind only completes it to a listed
    /// name (区疾控 may be 疾控局 or 疾控中心: not read so). Only where a region or a level
    /// was written: a bare 民政 says too little.
    fn add_kind_left_out(&self, out: &mut Vec<Alt>) {
        const KINDS: [&str; 11] = [
            "局",
            "委",
            "办",
            "委员会",
            "中心",
            "院",
            "所",
            "站",
            "队",
            "会",
            "厅",
        ];
        let listed = |core: &str| {
            (self.index.cores.get(core)).is_some_and(|ids| {
                ids.iter()
                    .any(|&id| self.index.variants[id as usize].how == How::Exact)
            })
        };
        let mut added = Vec::new();
        for a in out.iter().filter(|a| a.constraint != Constraint::Any) {
            if a.core.chars().count() < 2 || self.index.cores.contains_key(&a.core) {
                continue;
            }
            let mut fits = KINDS.iter().filter(|k| listed(&format!("{}{k}", a.core)));
            if let (Some(kind), None) = (fits.next(), fits.next())
                && ["局", "委", "办"].contains(kind)
            {
                let mut b = a.clone();
                b.core = format!("{}{kind}", a.core);
                b.penalty *= 0.97;
                b.exact_text = false;
                push_note(&mut b.note, &crate::tr!("match.kind_added", kind = *kind));
                added.push(b);
            }
        }
        out.extend(added);
    }

    /// Readings of a cell rewritten as bureaus mean it: a city bureau's 分局 named by a
    /// district (上海市市场监督管理局闵行分局, 市税务局浦东分局) as that district's bureau of the
    /// kind. A little less trusted than the cell as written, and said. (A field's 部门, 民政部门,
    /// stays whichever bodies are in charge of it: the team's set and the blind set agree.)
    fn reread_dept(&self, full: &str) -> Vec<Alt> {
        let Some(text) = self.district_branch(full) else {
            return Vec::new();
        };
        let said = crate::tr!("match.read_as", said = full, prefix = text);
        let mut out = self.dept_readings(&text);
        for alt in &mut out {
            push_note(&mut alt.note, &said);
            alt.penalty *= 0.97;
            alt.exact_text = false;
        }
        out
    }

    /// 上海市市场监督管理局闵行分局: a city bureau, a district and 分局: the district's bureau
    /// of that kind, written as its name (闵行区市场监督管理局).
    fn district_branch(&self, full: &str) -> Option<String> {
        let head = full.strip_suffix("分局")?;
        let regions = &self.places.regions;
        let (body, name) = (regions.districts.iter())
            .flat_map(|forms| forms.iter().map(move |f| (f, &forms[0])))
            .filter(|(f, _)| f.chars().count() >= 2)
            .find_map(|(f, name)| {
                let body = head.strip_suffix(f.as_str())?;
                Some((body.strip_suffix('区').unwrap_or(body), name))
            })?;
        let (region, core) = regions.strip_prefix(body);
        let core = match region {
            Some(Region::Top) => core,
            None => body.strip_prefix('市')?,
            _ => return None,
        };
        (core.chars().count() >= 2).then(|| format!("{name}{core}"))
    }

    /// 井山市林业局 read as 京山市's: when the district before `rest` was read by its sound,
    /// not written as one of its forms, what the explanation says of it.
    fn read_by_sound(&self, t: &str, rest: &str, d: u16) -> Option<String> {
        let said = &t[..t.len() - rest.len()];
        let forms = self.places.regions.districts.get(d as usize)?;
        // 上海市公安局闵行分局: the district is named after the city's name, not read from it.
        let top = self.places.regions.top.iter().any(|x| x == said);
        (!top && !forms.iter().any(|f| said.ends_with(f.as_str())))
            .then(|| crate::tr!("match.read_as", said = said, prefix = forms[0]))
    }

    /// 上海市自然资源和规划局 for 上海市规划和自然资源局: the two words around 和 swapped, the
    /// kind after them (局, 委员会) kept; only when that makes a listed core.
    fn swapped_reading(&self, alt: &Alt) -> Option<Alt> {
        let (a, rest) = alt.core.split_once('和')?;
        let n = rest.chars().count();
        let cuts = rest
            .char_indices()
            .map(|(i, _)| i)
            .skip(1)
            .take(n.saturating_sub(1));
        for cut in cuts.collect::<Vec<_>>().into_iter().rev().take(3) {
            let (b, kind) = rest.split_at(cut);
            let swapped = format!("{b}和{a}{kind}");
            if a.chars().count() >= 2 && self.index.cores.contains_key(&swapped) {
                let mut out = alt.clone();
                push_note(
                    &mut out.note,
                    &crate::tr!("match.words_swapped", said = alt.core, read = swapped),
                );
                out.core = swapped;
                out.exact_text = false;
                out.penalty *= 0.96;
                return Some(out);
            }
        }
        None
    }

    /// Readings a district's name implies: a field alone (松江公安, 金山税务) is the district's
    /// bureau of it; 区 after the district (普陀区区政府) is the district's own word; and a
    /// listed name that opens with a district's short form (静安寺街道, 嘉定镇街道) is that name,
    /// not the district and a rest. Only names the dictionary lists count for them.
    fn add_scoped_readings(&self, out: &mut Vec<Alt>) {
        let mut more = Vec::new();
        for alt in out.iter() {
            let Constraint::District(_) = alt.constraint else {
                continue;
            };
            let n = alt.core.chars().count();
            let mut add = |core: String, constraint: Constraint, note: String| {
                let mut a = alt.clone();
                push_note(&mut a.note, &note);
                a.core = core;
                a.constraint = constraint;
                a.penalty *= 0.97;
                a.exact_text = false;
                a.names_only = true;
                more.push(a);
            };
            if n == 2 && !super::kind::names_a_kind(&alt.core) {
                let core = format!("{}局", alt.core);
                let note = crate::tr!("match.read_as", said = alt.core, prefix = core);
                add(core, alt.constraint, note);
            }
            // Only 区 written twice: 攀枝花市区审计局 is not 攀枝花市's 审计局 (市区 is a word).
            let doubled =
                (alt.text.strip_suffix(alt.core.as_str())).is_some_and(|p| p.ends_with('区'));
            if let Some(r) = alt.core.strip_prefix('区').filter(|_| n >= 3 && doubled) {
                add(r.to_string(), alt.constraint, String::new());
            }
            if alt.text != alt.core && self.index.cores.contains_key(&alt.text) {
                add(alt.text.clone(), Constraint::Any, String::new());
            }
        }
        out.extend(more);
    }

    /// Readings of a cell that says a name is a former one (原工商局): the name as written.
    /// Only names the dictionary lists count. And of a field's 部门 (本区民政部门).
    fn reworded_readings(&self, full: &str) -> Vec<Alt> {
        let Some(text) = full.strip_prefix('原').filter(|r| r.chars().count() >= 3) else {
            return self.field_readings(full);
        };
        let said = crate::tr!("match.removed", words = "原");
        let mut out = self.dept_readings(text);
        for alt in &mut out {
            push_note(&mut alt.note, &said);
            alt.penalty *= 0.97;
            alt.names_only = true;
            // 原 says the name is a former one: 原市档案局 is no reading of a current name
            // (it may be 松原市档案局 short of a character).
            alt.former_only = true;
        }
        out
    }

    /// 国知局, 国税总局: a national body's short form says 国家 by its 国, read as 国家 and the
    /// short form of the rest (知识产权局, 税务总局). Not where 国 begins a word of its own
    /// (国土, 国有, 国资, 国防, 国务院, 国际).
    fn nation_said_short(&self, full: &str) -> Vec<Alt> {
        let Some(rest) = full.strip_prefix('国').filter(|r| {
            r.chars().count() >= 2
                && !r.starts_with(['家', '务', '际', '有', '土', '资', '防', '库'])
        }) else {
            return Vec::new();
        };
        let said = crate::tr!("match.nation_short");
        let mut out = self.dept_readings(&format!("国家{rest}"));
        for alt in &mut out {
            push_note(&mut alt.note, &said);
            alt.penalty *= 0.98;
        }
        out
    }

    /// 本区民政部门, 教育行政部门: the bodies in charge of a field, read as that field's 局 or
    /// 委员会 (民政局 of the district, 教育委员会). A field may have bodies at more than one
    /// level, and the team's set has such cells match nothing surely: the body is only
    /// suggested.
    fn field_readings(&self, full: &str) -> Vec<Alt> {
        // 相关部门, 行业主管部门, 市、区两级…: no field is named.
        const NO_FIELD: [&str; 10] = [
            "相关", "有关", "其他", "其它", "职能", "行业", "审批", "业务", "上级", "两级",
        ];
        let Some(stem) = full.strip_suffix("部门") else {
            return Vec::new();
        };
        let stem = ["主管", "行政"]
            .iter()
            .find_map(|w| stem.strip_suffix(w))
            .unwrap_or(stem);
        if stem.chars().count() < 2 || NO_FIELD.iter().any(|w| stem.ends_with(w)) {
            return Vec::new();
        }
        let said = crate::tr!("match.field_body", text = full);
        let mut out = self.dept_readings(&format!("{stem}局"));
        out.extend(self.dept_readings(&format!("{stem}委员会")));
        for alt in &mut out {
            push_note(&mut alt.note, &said);
            alt.penalty *= FIELD_BODY;
            alt.exact_text = false;
        }
        out
    }

    /// 上海是民政局: the 市 after the city's short name (`t` less `rest`) written with a
    /// homophone: (what the explanation says of it, the name after it). Not when the city is
    /// written with its 市, nor when the character may be a slip that opens a listed name.
    fn shi_slipped<'t>(&self, t: &'t str, rest: &'t str) -> Option<(String, &'t str)> {
        let mut cs = rest.chars();
        let c = cs.next().filter(|&c| c != '市')?;
        let name = cs.as_str();
        let city = &t[..t.len() - rest.len()];
        let slipped = !city.ends_with('市')
            && super::sound(c) == super::sound('市')
            && name.chars().count() >= 2
            && !self.slip_opens_a_name(c, name);
        slipped.then(|| {
            let said = &t[..t.len() - name.len()];
            let read_as = crate::tr!("match.read_as", said = said, prefix = format!("{city}市"));
            (read_as, name)
        })
    }

    /// Whether `c` before `rest` may as well be a slip for another character that opens a
    /// listed name (上海使药监局: 使 for 食, 食药监局): then it is no sure slip for 市.
    fn slip_opens_a_name(&self, c: char, rest: &str) -> bool {
        let sounds = self.typos.sound_chars.get(&super::sound(c));
        let shapes = self.typos.lookalike.get(&c);
        (sounds.into_iter().flatten())
            .chain(shapes.into_iter().flatten())
            .filter(|&&h| h != '市' && h != c)
            .any(|h| self.index.cores.contains_key(&format!("{h}{rest}")))
    }

    /// On a national dictionary, the regions a cell that opens with no region written right
    /// may open with, written with a slip; None when the cell is a known name as it stands.
    fn slipped_regions(&self, t: &str) -> Option<(Vec<u16>, usize)> {
        // Asked first: None at once on one region's dictionary.
        let slips = self.places.regions.slipped_districts(t)?;
        (!self.resolves(t)).then_some(slips)
    }

    /// True when the cell, or its core after a region, is a known name as it stands.
    fn resolves(&self, t: &str) -> bool {
        let ix = &self.index;
        let (_, rest) = self.places.regions.strip_prefix(t);
        ix.exact.contains_key(t)
            || ix.cores.contains_key(rest)
            || ["市"]
                .iter()
                .chain(OWN_DISTRICT.iter())
                .filter_map(|p| t.strip_prefix(p))
                .any(|r| ix.cores.contains_key(r))
    }

    /// A listed name with what says nothing of it after it: a remark after a dash or colon
    /// (上海市交通委员会——系统核验), a row's number (上海市财政局 1), empty brackets; or
    /// written with one character doubled (上海市民政局局): (the name, the note saying so).
    /// Only a name listed as it stands, so nothing else is read into the rest.
    fn listed_before_noise(&self, full: &str) -> Option<(String, String)> {
        let listed = |t: &str| self.index.exact.contains_key(t);
        if listed(full) {
            return None;
        }
        // 上海市公安局—闵行分局: a unit after the mark is the body's own, not a remark.
        let names_a_unit =
            |r: &str| r.ends_with(|c: char| "局委会府院所队站处科室厅部办司署行".contains(c));
        let remark = remark_after(full).filter(|(h, r)| listed(h) && !names_a_unit(r));
        if let Some((head, remark)) = remark {
            return Some((head, crate::tr!("match.remark_ignored", remark = remark)));
        }
        let head = full.replace("()", "");
        let head = head.trim_end_matches(|c: char| c.is_ascii_digit());
        if head != full && listed(head) {
            let rest = full.replacen(head, "", 1);
            return Some((head.to_string(), crate::tr!("match.removed", words = rest)));
        }
        let ch: Vec<char> = full.chars().collect();
        (1..ch.len()).filter(|&i| ch[i] == ch[i - 1]).find_map(|i| {
            let once: String = ch[..i].iter().chain(&ch[i + 1..]).collect();
            listed(&once).then(|| (once, crate::tr!("match.doubled", c = ch[i])))
        })
    }

    /// A body named with one of its internal units after it: (the body's text, the unit, and
    /// what kind of unit it is). The longest body that is a known name wins.
    fn internal_unit<'t>(&self, t: &'t str) -> Option<(&'t str, &'t str, UnitKind)> {
        const BRANCHES: [&str; 5] = ["分局", "分中心", "分所", "分院", "稽查局"];
        let cuts: Vec<usize> = t.char_indices().map(|(i, _)| i).skip(2).collect();
        for &cut in cuts.iter().rev() {
            let (body, unit) = t.split_at(cut);
            // 七宝镇派出所: a station named by its town is the district bureau's
            // (`station_of_district`), no office of the town's government.
            if unit.chars().count() < 2 || STATIONS.iter().any(|(s, _)| unit == *s) {
                continue;
            }
            // 市大数据中心、区大数据中心: a unit holding a list's separator is a second name.
            if unit.contains(['、', ',', '，', ';', '；', '/', '|']) {
                continue;
            }
            // 区教育局招生办: a bureau's 办 is an office of it (a 办 after a government or a
            // 委 may be a body of its own: 市政府合作交流办, 市委网信办).
            let bureau_office =
                body.ends_with('局') && unit.ends_with('办') && unit.chars().count() >= 3;
            let office = names_an_office(unit) || bureau_office;
            let kind = if BRANCHES.iter().any(|s| unit.ends_with(s)) {
                UnitKind::Branch
            } else if office {
                UnitKind::Office
            } else if self.national_bureau(body, unit) {
                // 国家能源局华东监管局: a regional office, a branch of the body.
                if unit.ends_with("监管局") {
                    UnitKind::Branch
                } else {
                    UnitKind::NationalBureau
                }
            } else {
                continue;
            };
            if self.resolves(body) && !self.one_char_off(t) {
                return Some((body, unit, kind));
            }
        }
        None
    }

    /// 公安部治安管理局, 国家知识产权局商标局: a 局 after a national body's own name is one of
    /// its internal bureaus (司局) or regional offices (…华东监管局), not a body of its own,
    /// unless it names a place (a local office such as …上海市分局, which the dictionary
    /// lists or a person decides). A 分局 is a branch before this is asked (`internal_unit`).
    fn national_bureau(&self, body: &str, unit: &str) -> bool {
        unit.ends_with('局')
            && unit.chars().count() >= 3
            && !unit.contains(['省', '市', '区', '县', '州'])
            && self.places.regions.strip_prefix(unit).0.is_none()
            && self.is_national_body(body)
    }

    /// Whether `body` is a national body's name as listed (its variants all national).
    fn is_national_body(&self, body: &str) -> bool {
        let national = |id: &u32| self.index.variants[*id as usize].region == Region::National;
        match self.index.exact.get(body) {
            Some(ids) => ids.iter().all(national),
            None => {
                let (_, core) = self.places.regions.strip_prefix(body);
                (self.index.cores.get(core)).is_some_and(|ids| ids.iter().all(national))
            }
        }
    }

    /// 国家税务总局杭州市税务局, 国家金融监督管理总局江苏监管局: a national body's office in a
    /// region outside the dictionary's: that region, as a name opening with it would be.
    pub(super) fn national_office_abroad(&self, full: &str) -> Option<&str> {
        // The longest national name listed has 17 characters; cuts reach 25, so a long cell
        // costs no more than a short one.
        let cuts = full.char_indices().map(|(i, _)| i).skip(3).take(22);
        cuts.filter(|&cut| self.is_national_body(&full[..cut]))
            .find_map(|cut| self.places.foreign.prefix_of(&full[cut..]))
    }

    /// Whether the cell read whole differs from a name its region allows in one character
    /// only (上海市公安局交通警擦总队): the name with a slip, not an office of a shorter one.
    pub(super) fn one_char_off(&self, t: &str) -> bool {
        self.dept_readings(t).into_iter().any(|alt| {
            let q: Vec<char> = alt.core.chars().collect();
            let keys: Vec<u64> = one_off_positions(q.len())
                .map(|b| one_off_key(&q, b))
                .collect();
            let mut found = false;
            self.index.one_off.find_all(&keys, |_, v| {
                let var = &self.index.variants[v as usize];
                // A national body's local office (国家统计局上海调查总队) is listed under its
                // city, yet its name says 国家 as the cell does.
                let national_named = alt.constraint == Constraint::National
                    && NATIONAL_PREFIXES.iter().any(|p| var.text.starts_with(p));
                found |= var.core.len() == q.len()
                    && (self.allowed(var, alt.constraint) || national_named);
            });
            found
        })
    }

    /// Query alternatives for a material cell; `Err` with the generic term when the cell is
    /// too vague to name a material.
    pub(super) fn material_alts(&self, full: &str) -> Result<Vec<Alt>, String> {
        // ⑤出生医学证明, 3、授权委托书: a list's number is no part of the name.
        if let Some(rest) = after_list_number(full) {
            return self.material_alts(rest);
        }
        if self.terms.vague.iter().any(|v| v == full) {
            return Err(full.to_string());
        }
        let alt = |text: &str, note: &str, penalty: f32| Alt {
            text: text.to_string(),
            core: text.to_string(),
            constraint: Constraint::Any,
            penalty,
            exact_text: true,
            keeps_shi: false,
            note: note.to_string(),
            names_only: false,
            office: false,
            former_only: false,
            bracket: String::new(),
            holder: String::new(),
            premises: false,
        };
        let mut out = vec![alt(full, "", 1.0)];
        if let Some((head, note)) = self.listed_before_noise(full) {
            out.push(alt(&head, &note, 0.99));
        }
        let (no_notes, notes) = strip_paren_notes(full);
        let mut note = String::new();
        let mut base = full.to_string();
        let mut penalty = 1.0;
        if !notes.is_empty() && !no_notes.is_empty() {
            note = crate::tr!("match.note_ignored", notes = notes.join(")("));
            base = no_notes;
            penalty = 0.99;
            out.push(alt(&base, &note, penalty));
        }
        // 营业执照——由窗口核验, 劳动合同 *如有: a remark after a dash, a colon, 备注 or an
        // asterisk says how the material is handled, not which it is.
        // Not a label before its value (证明材料：户口本, 身份证明：居民身份证): a vague head, or
        // a listed name after the mark.
        if let Some((head, remark)) = remark_after(&base)
            && !self.terms.vague.contains(&head)
            && !(self.index.exact).contains_key(&remark)
        {
            push_note(
                &mut note,
                &crate::tr!("match.remark_ignored", remark = remark),
            );
            base = head;
            penalty *= 0.99;
            out.push(alt(&base, &note, penalty));
        }
        // 营业执照等材料, 病历等医疗资料: the end of an open list adds no material; nor do a
        // material's own parts (建设工程规划许可证及附图, 营业执照和副本).
        if let Some((head, tail)) = open_end(&base).or_else(|| own_parts_end(&base)) {
            push_note(&mut note, &crate::tr!("match.removed", words = tail));
            base = head.to_string();
            penalty *= 0.99;
            out.push(alt(&base, &note, penalty));
        }
        let mut stripped = base.clone();
        let mut removed = Vec::new();
        // Taking a qualifier out leaves no character that was not there: one whose first
        // character the cell lacks cannot be in it, and a hundred searches are saved.
        let had: Vec<char> = stripped.chars().collect();
        for q in &self.terms.qualifiers {
            if q.chars().next().is_some_and(|c| !had.contains(&c)) {
                continue;
            }
            if stripped.contains(q.as_str()) {
                stripped = stripped.replace(q.as_str(), "");
                removed.push(q.clone());
            }
        }
        let stripped = trim_punct(&stripped).trim_start_matches('的').to_string();
        if stripped.is_empty() {
            return Err(full.to_string());
        }
        if self.terms.vague.contains(&stripped) {
            return Err(stripped);
        }
        if !removed.is_empty() {
            push_note(
                &mut note,
                &crate::tr!("match.removed", words = removed.join("、")),
            );
            out.push(alt(&stripped, &note, penalty));
        }
        let mut plain = stripped.clone();
        if let Some((rest, words)) = without_fillers(&stripped) {
            push_note(&mut note, &crate::tr!("match.removed", words = words));
            out.push(alt(&rest, &note, penalty * 0.99));
            plain = rest;
        }
        // 申请人需提交其居民身份证, 已退休人员提交退休证: a sentence; what is handed in is
        // the material.
        let handed = handed_in(&plain).map(|(said, rest)| (said.to_string(), rest.to_string()));
        if let Some((said, rest)) = handed.filter(|(_, r)| !self.terms.vague.contains(r)) {
            push_note(&mut note, &crate::tr!("match.removed", words = said));
            // Only a listed name counts: a sentence's words before it are no typo of it.
            let mut a = alt(&rest, &note, penalty * 0.99);
            a.names_only = true;
            out.push(a);
            // 提交加载统一社会信用代码的营业执照: a clause ending in 的 says which one.
            if let Some((which, name)) = rest
                .rsplit_once('的')
                .filter(|(_, n)| n.chars().count() >= 2)
            {
                let mut n = note.clone();
                push_note(
                    &mut n,
                    &crate::tr!("match.removed", words = format!("{which}的")),
                );
                let mut b = alt(name, &n, penalty * 0.98);
                b.names_only = true;
                out.push(b);
            }
            plain = rest;
        }
        if let Some(head) = self.bracket_as_head(full, &notes, &stripped) {
            let said = crate::tr!("match.bracket_as_head", note = notes[0]);
            out.push(alt(&head, &said, 0.98));
        }
        // 电子结婚证: the licence in electronic form, when what follows is a name.
        // The rest of the cell after a word taken off its start, said in the note.
        let vague = &self.terms.vague;
        let mut rest_of = |rest: &str, said: String, names_only: bool| {
            // 企业负责人学历证明: the rest says no more than the cell did.
            if vague.iter().any(|v| v == rest) {
                return;
            }
            let mut n = note.clone();
            push_note(&mut n, &said);
            let mut a = alt(rest, &n, penalty * 0.99);
            a.names_only = names_only;
            out.push(a);
        };
        // 企业信用报告 is a listed name: no word of it is a holder or a lead to take off, or
        // 信用报告 would tie with it as another material's alias.
        let whole_listed = self.index.exact.contains_key(plain.as_str());
        let lead = opening_word(&self.terms.leads, &plain, 3).or_else(|| period_lead(&plain));
        if let Some((lead, rest)) = lead.filter(|_| !whole_listed) {
            // 电子社保卡: the electronic form of any material, written as lists write it; other
            // leads (近6个月) may open a sentence whose words are no slip of a name.
            let names_only = lead != "电子";
            rest_of(rest, crate::tr!("match.removed", words = lead), names_only);
        }
        if let Some((who, rest)) = self.issuer_split(&plain) {
            rest_of(rest, crate::tr!("match.issuer_removed", who = who), true);
        }
        // 经营场所租赁合同: the premises said before a listed name, which the rest must be.
        let place = opening_word(&self.terms.places, &plain, 2).filter(|_| !whole_listed);
        if let Some((place, rest)) = place {
            rest_of(rest, crate::tr!("match.removed", words = place), true);
        }
        // 外籍人员护照, 护照（外籍人员提供）, 外籍人员应提交有效护照: a foreigner's material is
        // the 外国 one the dictionary lists.
        if let Some((who, name)) = self.foreigners_own(&stripped, &notes, &plain) {
            rest_of(&name, crate::tr!("match.foreigners_own", who = who), true);
        }
        if let Some((who, rest, listed)) = self.holder_split(&plain).filter(|_| !whole_listed) {
            // 负责人身份证明: whose it is said, which it is not.
            if listed && self.terms.vague.iter().any(|v| v == rest) {
                return Err(plain);
            }
            // A word that only ends as holders do may be part of the name (房屋共有人同意书,
            // 安全管理人员证书): the rest counts only when it is a name itself.
            rest_of(rest, crate::tr!("match.holder_removed", who = who), !listed);
            if let Some(a) = out.last_mut().filter(|a| a.text == rest) {
                a.holder = who;
            }
        }
        for a in out.iter_mut().skip(1) {
            a.bracket = notes.concat();
            a.premises = place.is_some_and(|(_, rest)| a.text == rest);
        }
        Ok(out)
    }
}

/// Words that say the holder is a foreigner, which names of the 外国 form stand for.
const FOREIGNERS: [&str; 6] = [
    "外国籍人员",
    "外籍人员",
    "外籍人士",
    "外国人",
    "外籍",
    "外宾",
];

impl Engine {
    /// The foreigner word the cell or its bracket says, and the listed 外国 or 外国人 name of
    /// what it hands in (`plain`, its sentence and holder taken off), when the dictionary
    /// lists one and the cell's own name is not listed.
    fn foreigners_own(
        &self,
        text: &str,
        notes: &[String],
        plain: &str,
    ) -> Option<(String, String)> {
        let said = |t: &str| FOREIGNERS.iter().find(|w| t.contains(**w));
        let who = said(text).or_else(|| notes.iter().find_map(|n| said(n)))?;
        let base = FOREIGNERS
            .iter()
            .find_map(|w| plain.strip_prefix(w))
            .unwrap_or(plain)
            .trim_start_matches('的');
        let base = base.strip_prefix("有效").unwrap_or(base);
        if base.chars().count() < 2 || self.index.exact.contains_key(plain) {
            return None;
        }
        ["外国", "外国人"]
            .iter()
            .map(|p| format!("{p}{base}"))
            .find(|n| self.index.exact.contains_key(n.as_str()))
            .map(|n| (who.to_string(), n))
    }

    /// 合格证（机动车整车出厂）: a name the dictionary does not list, with a short bracket after
    /// it, is read with the bracket as its head (机动车整车出厂合格证): the bracket says which
    /// one. A listed name keeps its bracket as a note (居住证（非沪籍提供）).
    fn bracket_as_head(&self, full: &str, notes: &[String], rest: &str) -> Option<String> {
        let [b] = notes else {
            return None;
        };
        let short = (2..=8).contains(&b.chars().count());
        (full.ends_with(')') && short && !rest.is_empty() && !self.index.exact.contains_key(rest))
            .then(|| format!("{b}{rest}"))
    }

    /// 银行存款证明, 派出所户籍证明: a body named before a 证明 the dictionary lists is who
    /// issued it, which says nothing of which material it is: (the body, the rest). Only
    /// before a 证明, which a body issues about someone; before a licence a body is its holder
    /// (律师事务所执业许可证), and only when the text is not a listed name itself.
    fn issuer_split<'t>(&self, text: &'t str) -> Option<(&'t str, &'t str)> {
        if self.index.exact.contains_key(text) {
            return None;
        }
        // 农业农村部农产品地理标志登记证书, 公安机关受案回执: a government body issues what it
        // names, licences too; it holds none of them.
        const GOVERNMENT: [&str; 8] = ["局", "部门", "机关", "法院", "检察院", "部", "厅", "政府"];
        let cuts = text.char_indices().skip(2).take(10).filter_map(|(i, _)| {
            let (who, rest) = text.split_at(i);
            // One body, not several names joined (承诺书和银行资信证明).
            let one = !who.contains(['及', '和', '与', '或', '、', ',']);
            let government =
                one && who.chars().count() >= 3 && GOVERNMENT.iter().any(|g| who.ends_with(g));
            let body =
                government || (one && (who.ends_with("银行") || super::kind::names_a_kind(who)));
            let said = government || rest.ends_with("证明");
            (body && said && rest.chars().count() >= 3).then_some((who, rest))
        });
        // 民政部门收养评估报告: the cut that leaves a listed name, not the one inside 部门.
        let cuts: Vec<(&str, &str)> = cuts.collect();
        (cuts
            .iter()
            .find(|(_, rest)| self.index.exact.contains_key(*rest)))
        .or(cuts.first())
        .copied()
    }

    /// Whose material a cell names, the rest, and whether the holder is a listed one: a
    /// listed holder (申请人, 申请人及配偶), else a short word that ends as holders do (购房人,
    /// 投资方, 施工单位) before a name of three or more characters.
    fn holder_split<'t>(&self, text: &'t str) -> Option<(String, &'t str, bool)> {
        for h in &self.terms.holders {
            let Some(rest) = text.strip_prefix(h.as_str()) else {
                continue;
            };
            let (who, rest) = self.joint_holders(h, rest);
            let (who, rest) = self.holder_of_holder(who, rest);
            let rest = rest.trim_start_matches('的');
            if rest.chars().count() >= 2 {
                return Some((who, rest, true));
            }
        }
        for (i, _) in text.char_indices().skip(2).take(4) {
            let (who, rest) = text.split_at(i);
            if !self
                .terms
                .holder_ends
                .iter()
                .any(|e| who.ends_with(e.as_str()))
                || rest.chars().count() < 3
            {
                continue;
            }
            // One word, not the start of a material's own name (外国人 of 外国人体格检查记录,
            // or 外过人 that sounds so) nor several names joined (照片及法人).
            let sounds: Vec<u32> = who.chars().map(super::sound).collect();
            if !who.contains(['及', '和', '与', '或', '、', ','])
                && !self.knowledge.start_sounds.contains(&sounds)
            {
                return Some((who.to_string(), rest, false));
            }
        }
        None
    }

    /// 企业负责人无犯罪记录证明, 申请人配偶身份证: a listed holder of the holder before it, when
    /// what follows it is a listed name and what follows the first is not (企业股东会决议 is
    /// 企业's 股东会决议, whatever 股东 may be).
    fn holder_of_holder<'t>(&self, mut who: String, rest: &'t str) -> (String, &'t str) {
        let exact = |t: &str| self.index.exact.contains_key(t);
        if exact(rest) {
            return (who, rest);
        }
        let second = (self.terms.holders.iter())
            .find_map(|h| Some((h, rest.strip_prefix(h.as_str()).filter(|r| exact(r))?)));
        match second {
            Some((h, r)) => {
                who.push_str(h);
                (who, r)
            }
            None => (who, rest),
        }
    }

    /// 申请人及配偶身份证: several holders joined after the first.
    fn joint_holders<'t>(&self, first: &str, mut rest: &'t str) -> (String, &'t str) {
        let mut who = first.to_string();
        while let Some((joint, more)) = ["及", "和", "与", "、"].iter().find_map(|j| {
            let r = rest.strip_prefix(j)?;
            let h2 = self
                .terms
                .holders
                .iter()
                .find(|h2| r.starts_with(h2.as_str()))?;
            Some((format!("{j}{h2}"), &r[h2.len()..]))
        }) {
            who.push_str(&joint);
            rest = more;
        }
        (who, rest)
    }
}

/// What a unit named after its body is (`internal_unit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    /// An office or window (处, 科, 窗口 …): the body itself.
    Office,
    /// A branch the dictionary lacks (分局, 分中心): its parent, for a person to confirm.
    Branch,
    /// A national body's bureau (公安部治安管理局): its parent, for a person to confirm, as
    /// the 2018 and 2023 reforms moved many (公安部消防局, 国家工商总局商标局).
    NationalBureau,
}

/// Words that open a name of the list's own district: 区民政局, and 新区人社局 on 浦东新区's
/// list, 县民政局 on a former county's (崇明 was 崇明县 until 2016).
const OWN_DISTRICT: [&str; 5] = ["本区", "区级", "新区", "区", "县"];

/// Endings of a body's internal offices, windows and the units it runs (处, 科, 司, 窗口, a
/// street's 城运中心, a bureau's 婚姻登记中心 or 市场监管所). Not 室: …办公室 and …参事室 are
/// bodies of their own. A unit the dictionary lists is preferred to its body
/// (`prefer_listed_unit`), and a branch (分中心) is only a suggestion.
const OFFICES: [&str; 15] = [
    "处",
    "科",
    "股",
    "部",
    "所",
    "窗口",
    "大厅",
    "支队",
    "大队",
    "中队",
    "总队",
    "中心",
    "司",
    // 办税服务厅 is a tax bureau's hall; a 人民法庭 sits for its district's court.
    "服务厅",
    "法庭",
];

/// Endings that alone are a kind of body (…登记中心 is one, 中心 alone or after a name is
/// not an office of it): they need a word of two before them.
const NEEDS_A_WORD: [&str; 2] = ["中心", "所"];

/// Whether a unit's name ends as an internal office's does.
pub(super) fn names_an_office(unit: &str) -> bool {
    let n = unit.chars().count();
    // A ministry's 司 (外交部领事司) is an office of it; a 公司 is a body of its own.
    !unit.ends_with("公司")
        && OFFICES
            .iter()
            .any(|s| unit.ends_with(s) && (!NEEDS_A_WORD.contains(s) || n >= s.chars().count() + 2))
}

/// Whether `unit` is an office named by a word and its kind (货运处, 康复部, 受理大厅): a
/// one-character kind needs a word of two before it, as a lone character before 部 or 处 is
/// more often the end of a misspelt name (人力资源社会保张部) than an office.
pub(super) fn office_word(unit: &str) -> bool {
    let n = unit.chars().count();
    names_an_office(unit)
        && OFFICES
            .iter()
            .any(|s| unit.ends_with(s) && (s.chars().count() >= 2 || n >= 3))
}

/// The text after a list's number at its start, when a name of two or more characters
/// follows: 3、 3. ⑤ (as the cell is normalized: 5), 一、 (一) (1), and an item's label with its
/// number (第1项：, 附件2：, 材料一：). A number of one or two digits right before the name is a
/// list's too, unless what follows counts with it (2类, 3级, 2019年度).
fn after_list_number(text: &str) -> Option<&str> {
    fn name(r: &str) -> Option<&str> {
        Some(r.trim_start()).filter(|r| r.chars().count() >= 2)
    }
    // What follows a number starting `r`.
    fn number(r: &str) -> Option<&str> {
        let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
        Some(r.trim_start_matches(numeral)).filter(|n| n.len() < r.len())
    }
    if let Some(rest) = text
        .strip_prefix('(')
        .and_then(number)
        .and_then(|n| n.strip_prefix(')'))
    {
        return name(rest);
    }
    for label in ["第", "附件", "材料"] {
        let Some(n) = text.strip_prefix(label).and_then(number) else {
            continue;
        };
        let n = if label == "第" {
            match n.strip_prefix(['项', '条', '件']) {
                Some(n) => n,
                None => continue,
            }
        } else {
            n
        };
        if let Some(rest) = n.strip_prefix([':', '：', '、', '.', '．']) {
            return name(rest);
        }
        if label == "第" {
            return name(n);
        }
    }
    let r = text.trim_start_matches(|c: char| "一二三四五六七八九十".contains(c));
    if r.len() < text.len() {
        return r.strip_prefix(['、', '.', '．']).and_then(name);
    }
    let r = text.trim_start_matches(|c: char| c.is_ascii_digit());
    let digits = text.len() - r.len();
    if digits == 0 {
        return None;
    }
    let rest = match r.strip_prefix(['.', '．', '、', ')', '）']) {
        Some(rest) => rest,
        None => {
            let next = r.chars().next()?;
            let cjk = crate::normalize::is_ideograph(next);
            if digits > 2 || !cjk || "年月日号类级个项期届种次人天".contains(next) {
                return None;
            }
            r
        }
    };
    name(rest)
}

/// Verbs of handing a material in, longest first: in a sentence (申请人需提交其居民身份证) the
/// material is what follows the last of them.
const HAND_IN: [&str; 23] = [
    "应当提交",
    "需携带",
    "须携带",
    "应当提供",
    "还需提供",
    "还需提交",
    "需提交",
    "须提交",
    "应提交",
    "需提供",
    "须提供",
    "应提供",
    "可提交",
    "提交",
    "提供",
    "持有",
    "具有",
    "取得",
    "出示",
    "携带",
    // 由所在学校出具学籍证明: issued, and so handed in.
    "出具",
    // 外文材料需附中文翻译件: attached, as handed in. 附 alone opens 附件 and 附图.
    "需附",
    "须附",
];

/// (the words up to and with the last verb of handing in, the material after it), when a
/// name of two or more characters follows; 其 (its) after the verb is the holder's.
pub(super) fn handed_in(text: &str) -> Option<(&str, &str)> {
    let (at, len) = (HAND_IN.iter())
        .filter_map(|v| text.rfind(v).map(|i| (i, v.len())))
        .max_by_key(|&(i, len)| (i + len, len))?;
    // 已婚的须提交结婚证，离异的须提交离婚证: each clause hands one in; the cell is split.
    if HAND_IN.iter().any(|v| text[..at].contains(v)) {
        return None;
    }
    // 就业期间取得的学籍证明: the verb ends a clause that says whose it is.
    let mut rest = text[at + len..].trim_start_matches(['其', '的']);
    // 提交营业执照复印件并加盖公章: what follows 并 says how it is handed in.
    const HOW: [&str; 6] = ["并加盖", "并盖章", "并签字", "并签名", "并注明", "并由"];
    if let Some(cut) = HOW.iter().filter_map(|h| rest.find(h)).min() {
        rest = &rest[..cut];
    }
    // …并 left when the qualifiers after it (加盖公章) were taken out before.
    rest = rest.trim_end_matches('并');
    (rest.chars().count() >= 2).then(|| (&text[..at + len], rest))
}

/// 宝山区人民政府办公厅: a district's government has a 办公室, a province's (and Shanghai's) a
/// 办公厅; with the district written, the 厅 is the level's word out of place.
fn general_office_of_district(alt: &Alt) -> Option<Alt> {
    let district = matches!(
        alt.constraint,
        Constraint::District(_) | Constraint::OwnDistrict
    );
    let stem = alt.core.strip_suffix("政府办公厅").filter(|_| district)?;
    let mut b = alt.clone();
    b.core = format!("{stem}政府办公室");
    b.text = b.text.replace("政府办公厅", "政府办公室");
    b.penalty *= 0.97;
    b.exact_text = false;
    push_note(&mut b.note, &crate::tr!("match.district_office"));
    Some(b)
}

/// The cell without the service hall it names a window in (闵行区行政服务中心人社窗口 ->
/// 闵行区人社窗口), and the hall: only before a window, as the hall alone is a body of its own.
pub(super) fn without_service_hall(text: &str) -> Option<(String, &'static str)> {
    const HALLS: [&str; 7] = [
        "行政服务中心",
        "政务服务中心",
        "市民中心",
        "行政服务大厅",
        "政务服务大厅",
        "政务大厅",
        "办事大厅",
    ];
    const WINDOWS: [&str; 3] = ["窗口", "专窗", "柜台"];
    HALLS.iter().find_map(|&h| {
        let at = text.find(h)?;
        let rest = &text[at + h.len()..];
        let body = WINDOWS.iter().find_map(|w| rest.strip_suffix(w))?;
        (body.chars().count() >= 2).then(|| (format!("{}{rest}", &text[..at]), h))
    })
}

/// (the label, the body) of a department cell written as a field's label and its value
/// (发证机关：上海市交通委员会, 出具单位:市公安局).
fn labelled(text: &str) -> Option<(&str, &str)> {
    const LABEL_ENDS: [&str; 5] = ["机关", "单位", "部门", "来源", "机构"];
    let at = text.find(['：', ':'])?;
    let (label, body) = (&text[..at], trim_punct(&text[at..]));
    (label.chars().count() <= 8
        && LABEL_ENDS.iter().any(|e| label.ends_with(e))
        && body.chars().count() >= 2)
        .then_some((label, body))
}

/// Marks after which a material cell goes on with a remark (营业执照——由窗口核验).
const REMARKS: [&str; 7] = ["——", "—", "--", "备注", "注:", ":", "*"];

/// The name before a remark and the remark, when the cell has a mark of `REMARKS` after at
/// least two characters and something after it; the longest mark where two start at once.
fn remark_after(text: &str) -> Option<(String, String)> {
    let (at, len) = (REMARKS.iter())
        .filter_map(|m| text.find(m).map(|i| (i, m.len())))
        .filter(|&(i, _)| text[..i].chars().count() >= 2)
        .min_by_key(|&(i, len)| (i, std::cmp::Reverse(len)))?;
    let head = trim_punct(&text[..at]).to_string();
    let body = trim_punct(&text[at + len..]).to_string();
    (head.chars().count() >= 2 && !body.is_empty()).then_some((head, body))
}

/// (the name, its open end) of a material cell that ends an open list: 户口本等, 营业执照等材料,
/// 病历等医疗资料. Not the 等 of a word (高等, 同等, 一等) nor one a name goes on after.
fn open_end(text: &str) -> Option<(&str, &str)> {
    const ENDS: [&str; 6] = ["材料", "资料", "证件", "证照", "文件", "手续"];
    const WORD_BEFORE: &str = "高中初同平上特优超一二三四五六七八九十";
    let at = text.rfind('等')?;
    let (head, tail) = (&text[..at], &text[at..]);
    let after = &tail['等'.len_utf8()..];
    let ends =
        after.is_empty() || (after.chars().count() <= 6 && ENDS.iter().any(|e| after.ends_with(e)));
    let word = head.chars().last().is_some_and(|c| WORD_BEFORE.contains(c));
    (ends && !word && head.chars().count() >= 2).then_some((head, tail))
}

/// (the name, its parts) of a material cell that ends with the material's own parts
/// (建设工程规划许可证及附图, 营业执照和副本), also in the form they are handed in
/// (医疗器械注册证及附件复印件): they are handed in with it.
pub(super) fn own_parts_end(text: &str) -> Option<(&str, &str)> {
    const JOINS: [&str; 4] = ["及其", "以及", "及", "和"];
    const PARTS: [&str; 7] = ["附图", "附件", "附表", "附页", "副本", "正副本", "附属材料"];
    const FORMS: [&str; 4] = ["原件及复印件", "复印件", "扫描件", "原件"];
    let body = FORMS
        .iter()
        .find_map(|f| text.strip_suffix(f))
        .unwrap_or(text);
    let part = PARTS.iter().find(|p| body.ends_with(*p))?;
    let before = &body[..body.len() - part.len()];
    let join = JOINS.iter().find(|j| before.ends_with(*j))?;
    let head = &before[..before.len() - join.len()];
    (head.chars().count() >= 2).then(|| (head, &text[head.len()..]))
}

/// Words that say nothing of which material is meant, between the words of its name
/// (工资情况证明, 派出所出具的证明): read without them.
const FILLERS: [&str; 3] = ["出具的", "开具的", "情况"];

/// The text without its filler words, and the words taken out; None when it has none, or
/// nothing else.
fn without_fillers(text: &str) -> Option<(String, String)> {
    let found: Vec<&str> = FILLERS.into_iter().filter(|f| text.contains(f)).collect();
    let rest = found.iter().fold(text.to_string(), |t, f| t.replace(f, ""));
    (!found.is_empty() && rest.chars().count() >= 2).then(|| (rest, found.join("、")))
}

/// The text with each ordinal 第 + one digit written in words (第1 -> 第一), if it has one.
fn ordinal_in_words(text: &str) -> Option<String> {
    const WORDS: [char; 9] = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for (i, &c) in chars.iter().enumerate() {
        let ordinal = i > 0
            && chars[i - 1] == '第'
            && ('1'..='9').contains(&c)
            && !chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if ordinal {
            out.push(WORDS[c as usize - '1' as usize]);
            changed = true;
        } else {
            out.push(c);
        }
    }
    changed.then_some(out)
}

fn push_note(note: &mut String, s: &str) {
    if !note.is_empty() {
        note.push_str(crate::messages::sep());
    }
    note.push_str(s);
}

/// The period a material covers or was issued in, said before its name (连续6个月社会保险缴费
/// 记录, 近12个月纳税记录, 2023年度审计报告): which months or years, not which material. The
/// literal leads of material_terms.csv cannot list every count, so the form is read: a word of
/// nearness (近, 最近, 连续, 过去, 前) or a four-digit year, then a count and a unit of time.
/// At least three characters stay for the name.
pub(super) fn period_lead(text: &str) -> Option<(&str, &str)> {
    const NEAR: [&str; 6] = ["最近", "连续", "过去", "近", "前", "满"];
    const UNITS: [&str; 7] = ["个月", "个季度", "季度", "年度", "月", "年", "期"];
    let is_count = |c: char| c.is_ascii_digit() || "一二两三四五六七八九十半".contains(c);
    let after_near = NEAR.iter().find_map(|w| text.strip_prefix(w));
    let (rest, year) = match after_near {
        Some(r) => (r, false),
        None => (text, true),
    };
    let digits = rest.chars().take_while(|&c| is_count(c)).count();
    if digits == 0 || (year && (digits != 4 || !rest.starts_with(|c: char| c.is_ascii_digit()))) {
        return None;
    }
    let counted: usize = rest.chars().take(digits).map(char::len_utf8).sum();
    let tail = &rest[counted..];
    let unit = UNITS
        .iter()
        .find(|u| tail.starts_with(*u) && !(year && **u == "个月"))?;
    let mut end = text.len() - tail.len() + unit.len();
    for w in ["以来", "内", "的"] {
        if text[end..].starts_with(w) {
            end += w.len();
        }
    }
    let name = &text[end..];
    (name.chars().count() >= 3).then_some((&text[..end], name))
}

/// The first of `words` that `text` opens with, leaving at least `min_rest` characters: (the
/// word, the rest).
pub(super) fn opening_word<'w, 't>(
    words: &'w [String],
    text: &'t str,
    min_rest: usize,
) -> Option<(&'w str, &'t str)> {
    words.iter().find_map(|w| {
        let rest = text.strip_prefix(w.as_str())?;
        (rest.chars().count() >= min_rest).then_some((w.as_str(), rest))
    })
}
