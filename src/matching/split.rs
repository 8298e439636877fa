//! Cells naming several names (市公安局、市民政局, 市公安局和市民政局): where they are cut, and
//! the role words (牵头, 配合) a piece may carry.
//!
//! What must stay true: a split is accepted only when every piece resolves surely on its own,
//! or is left out and said (a source outside government, a catch-all such as 其他相关材料). A
//! strong split with a piece that names nothing surely is a suggestion of the pieces that do.
//! Strong separators (、，；/ …) cut first; the weak ones (和, 及, 与, 或) only inside a piece that
//! does not already resolve as a name written out, so a name with 和 in it (发展和改革委员会) stays
//! whole.

use crate::normalize::{compact, strip_paren_notes, trim_punct};

use super::outcome::{CORE, Decision, EXACT, Hit, How, Outcome};
use super::reading::opening_word;
use super::{Context, Engine, Kind};

impl Engine {
    /// A cell that holds a strong separator (、，；) and that no reading of makes a name the
    /// dictionary lists, split before it is looked up whole: its whole-cell lookup (a quarter
    /// of all lookup time on the 100k workload) could only end in the split. Such a cell's
    /// whole lookup scores below `CORE` (fuzzy scores stop at `FUZZY_CAP`), it is not vague
    /// (checked) nor another region's, so `lookup` would have tried the same split after it;
    /// None leaves the cell to that path.
    pub(super) fn split_first(&self, text: &str, full: &str, ctx: Context) -> Option<Outcome> {
        if !STRONG_SEPS.iter().any(|s| text.contains(s))
            || self.places.foreign.prefix_of(full).is_some()
        {
            return None;
        }
        let alts = match self.kind {
            Kind::Department => self.dept_alts(full),
            Kind::Material => self.material_alts(full).ok()?,
        };
        let ix = &self.index;
        let listed = alts.iter().any(|a| {
            (a.exact_text && ix.exact.contains_key(a.text.as_str()))
                || ix.cores.contains_key(a.core.as_str())
        });
        if listed {
            return None;
        }
        // A piece that names nothing surely leaves the cell to the whole lookup first.
        self.try_split(text, None, ctx)
            .filter(|o| o.decision == Decision::Auto)
    }

    /// Splits a cell naming several names: on strong separators (、，；/, spaces, line breaks)
    /// first, and a piece that does not resolve on 和/及/与/或 only then, so 发展和改革委员会
    /// stays whole. Every piece must resolve surely or be left out (`Left`) for the split to
    /// be accepted; a strong piece that does neither makes it a review of the pieces that
    /// resolve (市委组织部、市人社局). `whole`: the cell's own outcome, for a piece that is the
    /// whole cell (None: no split then).
    pub(super) fn try_split(
        &self,
        text: &str,
        whole: Option<&Outcome>,
        ctx: Context,
    ) -> Option<Outcome> {
        let full = compact(text);
        let strong = split_pieces(text, STRONG_SEPS, true);
        let mut pieces: Vec<(String, Option<String>, Outcome)> = Vec::new();
        let mut left = Left::default();
        for (k, piece) in strong.iter().enumerate() {
            // 1.居民身份证 2.户口簿, 一、营业执照；二、…: a list's numbers are no names.
            let Some(piece) = without_number(piece) else {
                continue;
            };
            let (p, role) = strip_role(piece);
            // 区人社局、用人单位: a source that is no government body (external_sources.csv)
            // beside a body is left out, and said.
            if strong.len() > 1 && self.is_external(&p) {
                left.external.push(p);
                continue;
            }
            // The cell itself was just looked up; do not do it again. A piece's outcome is used
            // only when it is sure, so it is only resolved.
            let o = if p == full {
                whole?.clone()
            } else {
                self.resolve_piece(&p, ctx)
            };
            if strong.len() > 1 && catch_all(&p, &o) {
                left.catch_all.push(p);
                continue;
            }
            // 无犯罪记录证明，需在有效期内: a piece after the name that says how it is to be
            // handed in names no material; nor does a condition before it (委托他人办理的，…).
            let condition = p.ends_with('的');
            if (k > 0 || condition) && self.kind == Kind::Material && self.is_remark(&p, &o, ctx) {
                left.remarks.push(p);
                continue;
            }
            let sure = o.decision == Decision::Auto && o.hits.len() == 1;
            let weak = split_pieces(&p, self.weak_seps(), false);
            if sure && (o.hits[0].score >= CORE || weak.len() < 2) {
                pieces.push((p, role, o));
                continue;
            }
            // 闵行区卫生和计划生育委员会: the whole names one body surely, and every piece of its
            // split names that body or its counterpart of another region (市卫健委): the 和 is
            // the name's, and the pieces are no two bodies.
            let same_body = |parts: &[(String, Option<String>, Outcome)]| {
                let kind = |name: &str| {
                    self.places
                        .regions
                        .strip_prefix(&compact(name))
                        .1
                        .to_string()
                };
                sure && {
                    let whole = kind(&o.hits[0].name);
                    (parts.iter()).all(|w| w.2.hits.first().is_some_and(|h| kind(&h.name) == whole))
                }
            };
            match self.split_weak(&p, ctx, 3) {
                Some(parts) if parts.len() >= 2 && !same_body(&parts) => {
                    for (wp, wrole, wo) in parts {
                        if catch_all(&wp, &wo) {
                            left.catch_all.push(wp);
                        } else {
                            pieces.push((wp, wrole.or(role.clone()), wo));
                        }
                    }
                }
                _ if sure => pieces.push((p, role, o)),
                _ => match (self.unit_of_previous(pieces.last(), &p, ctx))
                    .or_else(|| self.shared_end(&strong, k, &p, ctx))
                {
                    Some(o) => pieces.push((p, role, o)),
                    None => left.unsure.push((p, o)),
                },
            }
        }
        if pieces.is_empty() || pieces.len() + left.count() < 2 {
            return None;
        }
        let mut hits: Vec<Hit> = Vec::new();
        let mut whys = Vec::new();
        for (p, role, o) in &pieces {
            let h = o.hits[0].clone();
            if !hits.iter().any(|x| x.id == h.id) {
                hits.push(h);
            }
            let role = role
                .as_deref()
                .map(|r| crate::tr!("match.role", role = r))
                .unwrap_or_default();
            whys.push(crate::tr!(
                "match.piece",
                piece = p,
                role = role,
                why = o.why
            ));
        }
        whys.extend(left.said(&mut hits));
        let whys = whys.join(crate::messages::sep());
        let why = if pieces.len() + left.unsure.len() < 2 {
            whys
        } else if hits.len() < 2 && left.unsure.is_empty() {
            crate::tr!("match.twice", whys = whys)
        } else {
            crate::tr!("match.several", whys = whys)
        };
        let decision = if left.unsure.is_empty()
            && (pieces.iter()).all(|(_, _, o)| o.decision == Decision::Auto)
        {
            Decision::Auto
        } else {
            Decision::Review
        };
        Some(Outcome::of_pieces(decision, hits, why))
    }

    /// 可行性研究报告及批复: a second name that leaves out the first it follows (its 批复)
    /// names both materials, when the first, and the two joined, are listed names. The first
    /// may lend only its first words (道路运输证及从业资格证: 道路运输从业资格证).
    pub(super) fn elliptical_pair(&self, full: &str, ctx: Context) -> Option<Outcome> {
        const JOINS: [&str; 5] = ["及其", "以及", "及", "和", "与"];
        let exact = |t: &str| self.index.exact.contains_key(t);
        if self.kind != Kind::Material || exact(full) {
            return None;
        }
        let (head, joined) = JOINS.iter().find_map(|j| {
            let at = full.rfind(j)?;
            let (head, tail) = (&full[..at], &full[at + j.len()..]);
            // 临时用地批准书及居民身份证: a second name listed whole borrows nothing.
            if !(1..=6).contains(&tail.chars().count()) || !exact(head) || exact(tail) {
                return None;
            }
            // The first name whole, then its first words (two characters or more), longest
            // first: 医师资格证和执业证 lends 医师.
            let cuts: Vec<usize> = head.char_indices().skip(2).map(|(i, _)| i).collect();
            std::iter::once(head.len())
                .chain(cuts.into_iter().rev())
                .map(|i| format!("{}{tail}", &head[..i]))
                .find(|joined| exact(joined))
                .map(|joined| (head.to_string(), joined))
        })?;
        let (a, b) = (
            self.resolve_piece(&head, ctx),
            self.resolve_piece(&joined, ctx),
        );
        let sure = |o: &Outcome| o.decision == Decision::Auto && o.hits.len() == 1;
        if !sure(&a) || !sure(&b) || a.hits[0].id == b.hits[0].id {
            return None;
        }
        let whys = [(&head, &a.why), (&joined, &b.why)]
            .map(|(p, w)| crate::tr!("match.piece", piece = p, role = "", why = w));
        let why = crate::tr!("match.several", whys = whys.join(crate::messages::sep()));
        let hits = vec![a.hits[0].clone(), b.hits[0].clone()];
        Some(Outcome::of_pieces(Decision::Auto, hits, why))
    }

    /// 进出口许可证, 进出口货物报关单: a lead that joins two (进出口 is 进口 and 出口) names
    /// both materials, when the text is no listed name itself and each reading is one as it
    /// stands; when only one is, that one is half the answer and a person decides.
    pub(super) fn paired_lead(&self, full: &str, ctx: Context) -> Option<Outcome> {
        const PAIRED: [(&str, &str, &str); 3] = [
            ("进出口", "进口", "出口"),
            ("进出境", "进境", "出境"),
            ("出入境", "出境", "入境"),
        ];
        if self.kind != Kind::Material || self.index.exact.contains_key(full) {
            return None;
        }
        let (lead, a, b) = PAIRED.iter().find(|(l, _, _)| full.starts_with(l))?;
        let rest = &full[lead.len()..];
        if rest.chars().count() < 2 {
            return None;
        }
        let listed = |h: &Hit| matches!(h.how, How::Exact | How::Alias | How::FormerName);
        let mut found: Vec<(String, Option<(Hit, String)>)> = Vec::new();
        for half in [a, b] {
            let read = format!("{half}{rest}");
            let o = self.resolve_piece(&read, ctx);
            let sure = match o.hits.as_slice() {
                [h] if o.decision == Decision::Auto && listed(h) => Some((h.clone(), o.why)),
                _ => None,
            };
            found.push((read, sure));
        }
        let (decision, hits, why) = match found.as_slice() {
            // 出入境管理部门外国人出入境证: both readings reach one material, so the lead
            // joined no two.
            [(_, Some((ha, _))), (_, Some((hb, _)))] if ha.id == hb.id => return None,
            [(ra, Some((ha, wa))), (rb, Some((hb, wb)))] => {
                let whys = [(ra, wa), (rb, wb)]
                    .map(|(r, w)| crate::tr!("match.piece", piece = r, role = "", why = w));
                let why = crate::tr!(
                    "match.paired_lead",
                    lead = lead,
                    a = ra,
                    b = rb,
                    whys = whys.join(crate::messages::sep())
                );
                (Decision::Auto, vec![ha.clone(), hb.clone()], why)
            }
            // 进出境检疫许可证 with only 进境动植物检疫许可证 listed: half of what it names.
            [(ra, Some((h, w))), (rb, None)] | [(rb, None), (ra, Some((h, w)))] => {
                let why = crate::tr!("match.paired_one", lead = lead, a = ra, b = rb, why = w);
                (Decision::Review, vec![h.clone()], why)
            }
            _ => return None,
        };
        Some(Outcome::of_pieces(decision, hits, why))
    }

    /// Whether a department piece names a source that is no government body (二级以上医院
    /// ends as 医院 does), and names no listed body itself.
    fn is_external(&self, piece: &str) -> bool {
        let ends_as_one = || (self.knowledge.external.iter()).any(|x| piece.ends_with(x.as_str()));
        self.kind == Kind::Department
            && (ends_as_one() || crate::dictionary::is_commercial_bank(piece))
            && !self.index.exact.contains_key(piece)
    }

    /// 市公安局交警总队、车管所: a piece that names a unit of the body before it, written
    /// after it as if the body's name were repeated. The piece read after the previous one,
    /// when that names surely a listed unit of the previous piece's body.
    fn unit_of_previous(
        &self,
        previous: Option<&(String, Option<String>, Outcome)>,
        piece: &str,
        ctx: Context,
    ) -> Option<Outcome> {
        let (text, _, before) = previous?;
        let body = &before.hits.first()?.name;
        let joined = format!("{text}{piece}");
        let mut o = self.lookup_one(&joined, ctx, true);
        let unit = o.hits.first()?;
        if o.decision != Decision::Auto
            || o.hits.len() != 1
            || unit.name == *body
            || !unit.name.starts_with(body.as_str())
        {
            return None;
        }
        o.why = crate::tr!("match.after_previous", joined = joined, why = o.why);
        Some(o)
    }

    /// 兽药生产、经营许可证, 学历、学位证书: a material piece written without the ending the
    /// last piece has, or the last without the head the first has, read with it (兽药生产
    /// 许可证, 兽药经营许可证). Up to eight characters are lent, fewest first, and only a text
    /// that is a listed name as it stands is taken, so no slip is read into the loan.
    fn shared_end(
        &self,
        strong: &[String],
        k: usize,
        piece: &str,
        ctx: Context,
    ) -> Option<Outcome> {
        let n = strong.len();
        if self.kind != Kind::Material || n < 2 {
            return None;
        }
        let other: Vec<char> = strong[if k + 1 < n { n - 1 } else { 0 }].chars().collect();
        (1..other.len().min(9)).find_map(|i| {
            let read = if k + 1 < n {
                format!(
                    "{piece}{}",
                    other[other.len() - i..].iter().collect::<String>()
                )
            } else {
                format!("{}{piece}", other[..i].iter().collect::<String>())
            };
            let mut o = self.resolve_piece(&read, ctx);
            let listed = |h: &Hit| matches!(h.how, How::Exact | How::Alias | How::FormerName);
            let sure = o.decision == Decision::Auto && o.hits.len() == 1 && listed(&o.hits[0]);
            sure.then(|| {
                o.why = crate::tr!("match.shared_end", piece = piece, read = read, why = o.why);
                o
            })
        })
    }

    /// Splits `text` at one of its weak separators (和, 及, 或 …) into a piece that resolves
    /// surely and a rest that does, trying each separator in turn, so 上海市公安局和上海市人力资源
    /// 和社会保障局 splits at the first 和 only. At most `depth` pieces.
    fn split_weak(
        &self,
        text: &str,
        ctx: Context,
        depth: usize,
    ) -> Option<Vec<(String, Option<String>, Outcome)>> {
        // A catch-all (身份证及其他相关材料) counts as resolved: the caller leaves it out. So
        // does a material's name written as listed that is only a suggestion (租赁合同, which
        // others go by too): the piece is that name, and the cell goes to review with it.
        let resolves = |t: &str| -> Option<(String, Option<String>, Outcome)> {
            let (p, role) = strip_role(t);
            let o = self.resolve_piece(&p, ctx);
            let listed_doubt = self.kind == Kind::Material
                && o.decision == Decision::Review
                && matches!(o.hits.as_slice(), [h] if h.score >= EXACT && h.how == How::Alias);
            (o.decision == Decision::Auto && o.hits.len() == 1 || listed_doubt || catch_all(&p, &o))
                .then_some((p, role, o))
        };
        if depth < 2 {
            return resolves(text).map(|one| vec![one]);
        }
        for sep in self.weak_seps() {
            for (pos, _) in text.match_indices(sep) {
                let (left, right) = (&text[..pos], &text[pos + sep.len()..]);
                if left.is_empty() || right.is_empty() || self.cuts_a_name(text, pos, sep.len()) {
                    continue;
                }
                let Some(first) = resolves(left) else {
                    continue;
                };
                // 生产场地房产证或租赁合同: the premises said first are what each is about.
                let premises = (self.kind == Kind::Material)
                    .then(|| opening_word(&self.terms.places, left, 2))
                    .flatten();
                let with_premises = || {
                    premises
                        .and_then(|(place, _)| resolves(&format!("{place}{right}")))
                        .filter(|r| r.2.decision == Decision::Auto)
                };
                let right_resolved = match resolves(right) {
                    Some(r) if r.2.decision == Decision::Auto => Some(r),
                    r => with_premises().or(r),
                };
                let rest = match right_resolved {
                    Some(one) => vec![one],
                    None => match self.split_weak(right, ctx, depth - 1) {
                        Some(r) => r,
                        None => continue,
                    },
                };
                let mut out = vec![first];
                out.extend(rest);
                return Some(out);
            }
        }
        None
    }

    /// Whether the separator at `pos` lies inside a name the dictionary lists written out in
    /// the text (疫苗接种或预防措施国际证书或居民身份证 is cut at its second 或 only).
    fn cuts_a_name(&self, text: &str, pos: usize, len: usize) -> bool {
        // Names are short: only spans of up to NAME_SPAN characters either side are asked,
        // so a long cell with many 和 costs no more than a short one.
        const NAME_SPAN: usize = 32;
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let ends: Vec<usize> = (starts.iter().skip(1).copied())
            .chain([text.len()])
            .collect();
        let before: Vec<usize> = starts.iter().copied().filter(|&a| a < pos).collect();
        let after: Vec<usize> = ends.iter().copied().filter(|&b| b > pos + len).collect();
        let exact = &self.index.exact;
        before.iter().rev().take(NAME_SPAN).any(|&a| {
            after
                .iter()
                .take(NAME_SPAN)
                .any(|&b| exact.contains_key(&text[a..b]))
        })
    }

    /// Whether a cell holds a separator a split cuts at, so it may name several bodies.
    pub(super) fn may_name_several(&self, text: &str) -> bool {
        (STRONG_SEPS.iter().chain(self.weak_seps())).any(|s| text.contains(s))
    }

    fn weak_seps(&self) -> &'static [&'static str] {
        match self.kind {
            Kind::Department => &["以及", "和", "及", "与", "或", "+", "&"],
            Kind::Material => &["或者", "以及", "或", "和", "及", "与", "+", "&"],
        }
    }
}

/// The pieces of a split that name no entry: left out and said, or, when unsure, suggested.
#[derive(Default)]
struct Left {
    /// Sources outside government (external_sources.csv), beside a body.
    external: Vec<String>,
    /// Material pieces that stand for whatever else is asked (其他相关材料).
    catch_all: Vec<String>,
    /// Pieces after a material that say how it is handed in (需在有效期内, 已婚人员提供).
    remarks: Vec<String>,
    /// Pieces that name nothing surely, with their own outcome.
    unsure: Vec<(String, Outcome)>,
}

impl Left {
    fn count(&self) -> usize {
        self.external.len() + self.catch_all.len() + self.remarks.len() + self.unsure.len()
    }

    /// What the explanation says of them; an unsure piece's own suggestion joins `hits`.
    fn said(&self, hits: &mut Vec<Hit>) -> Vec<String> {
        let mut whys = Vec::new();
        for (p, o) in &self.unsure {
            let top = o.hits.first().filter(|_| o.decision == Decision::Review);
            if let Some(h) = top.filter(|h| !hits.iter().any(|x| x.id == h.id)) {
                hits.push(h.clone());
            }
            whys.push(crate::tr!("match.piece_unsure", piece = p, why = o.why));
        }
        if !self.external.is_empty() {
            let pieces = self.external.join("、");
            whys.push(crate::tr!("match.external_left_out", pieces = pieces));
        }
        if !self.catch_all.is_empty() {
            let pieces = self.catch_all.join("、");
            whys.push(crate::tr!("match.catch_all_left_out", pieces = pieces));
        }
        if !self.remarks.is_empty() {
            let pieces = self.remarks.join("、");
            whys.push(crate::tr!("match.remark_left_out", pieces = pieces));
        }
        whys
    }
}

/// A material piece too vague to name one that stands for whatever else is asked (其他相关材料,
/// 有关证明): beside named materials it adds none. A vague piece that stands for one material
/// not named (身份证明, 有效证件) is not one.
fn catch_all(piece: &str, o: &Outcome) -> bool {
    const WORDS: [&str; 5] = ["其他", "其它", "相关", "有关", "补充"];
    // 其他用工证明, 其他财务资料: "other …" names no material, whatever words follow.
    let other = piece.starts_with("其他") || piece.starts_with("其它");
    (o.vague && WORDS.iter().any(|w| piece.contains(w))) || (other && o.decision != Decision::Auto)
}

/// A piece less the number that opens it as an item of a list (1., 2、, (3), 一、); None
/// when the piece is nothing but such a number (一 of 一、营业执照, cut at its 、).
fn without_number(piece: &str) -> Option<&str> {
    const NUMERALS: &str = "一二三四五六七八九十";
    let is_digit = |c: char| c.is_ascii_digit() || NUMERALS.contains(c);
    if piece.chars().all(is_digit) {
        return None;
    }
    let inner = piece
        .strip_prefix(['(', '（'])
        .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit() || NUMERALS.contains(c)))
        .and_then(|r| r.strip_prefix([')', '）']));
    if let Some(rest) = inner.filter(|r| r.len() < piece.len() - 2) {
        return Some(rest);
    }
    let digits = piece.trim_start_matches(is_digit);
    match digits.strip_prefix(['.', '．', '、', ')', '）', ':', '：']) {
        Some(rest) if digits.len() < piece.len() && !rest.is_empty() => Some(rest),
        _ => Some(piece),
    }
}

impl Engine {
    /// Whether a material piece that names nothing is a remark on the name before it: it
    /// says who provides it, who issues it, for how long it holds or how it is signed; or,
    /// ending in 的, whom the name after it is asked of (委托他人办理的).
    fn is_remark(&self, piece: &str, o: &Outcome, ctx: Context) -> bool {
        const WORDS: [&str; 17] = [
            "需", "须", "应", "由", "限", "按", "如属", "提供", "出具", "有效", "签字", "盖章",
            "加盖", "到场", "填写", "每年", "连续",
        ];
        // 须提交授权委托书及受托人身份证 says what is handed in: it is split, not left out;
        // 需提供原件 and 需提供并加盖公章 say how.
        let hands_in_a_name = || {
            super::reading::handed_in(piece).is_some_and(|(_, rest)| {
                let names = |r: &str| self.lookup_one(r, ctx, true).decision != Decision::None;
                names(rest)
                    || (split_pieces(rest, self.weak_seps(), false).iter()).any(|p| names(p))
            })
        };
        o.decision == Decision::None
            && (piece.ends_with('的') || WORDS.iter().any(|w| piece.contains(w)))
            && !hands_in_a_name()
    }
}

/// Role words that say what part a department plays (kept in the explanation).
const ROLES: [&str; 6] = ["牵头", "配合", "主办", "协办", "负责", "参与"];

/// Separators that always separate names.
const STRONG_SEPS: &[&str] = &["、", ",", ";", "/", "\n", "，", "；", "|"];

/// True when the raw cell holds a separator (strong or weak) or inner white space.
pub(super) fn has_separator(text: &str) -> bool {
    let t = text.trim();
    t.contains(char::is_whitespace)
        || [
            "、", ",", "，", ";", "；", "/", "和", "及", "与", "或", "+", "&",
        ]
        .iter()
        .any(|s| t.contains(s))
}

/// Splits `text` on separators (and, with `spaces`, on white space inside it); compacts and
/// drops empty pieces.
fn split_pieces(text: &str, seps: &[&str], spaces: bool) -> Vec<String> {
    // Slices of `text` until the pieces are compacted: most cells have no separator at all.
    let mut pieces: Vec<&str> = vec![text];
    for sep in seps {
        if pieces.iter().any(|p| p.contains(sep)) {
            pieces = pieces.iter().flat_map(|p| split_joins(p, sep)).collect();
        }
    }
    if spaces {
        pieces = pieces.iter().flat_map(|p| split_spaces(p)).collect();
    }
    pieces
        .iter()
        .map(|p| compact(p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// `text` cut at its white space, except between two Latin letters or digits: Lease
/// Agreement, ID Card are one name each.
fn split_spaces(text: &str) -> Vec<&str> {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !c.is_whitespace() {
            continue;
        }
        let mut end = at + c.len_utf8();
        while let Some(&(i, d)) = chars.peek() {
            if !d.is_whitespace() {
                break;
            }
            end = i + d.len_utf8();
            chars.next();
        }
        let (before, after) = (text[..at].chars().next_back(), text[end..].chars().next());
        if !(latin(before) && latin(after)) {
            out.push(&text[start..at]);
            start = end;
        }
    }
    out.push(&text[start..]);
    out.retain(|p| !p.trim().is_empty());
    out
}

/// Whether the text after a join opens a range (二级及以上医院, 三个月或以内): the join ties a
/// level to those above or below it, not two names.
pub(super) fn opens_a_range(after: &str) -> bool {
    ["以上", "以下", "以内"]
        .iter()
        .any(|r| after.starts_with(r))
}

/// `text` cut at each `sep`, but not where it bounds a range (`opens_a_range`).
pub(super) fn split_joins<'t>(text: &'t str, sep: &str) -> Vec<&'t str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, _) in text.match_indices(sep) {
        if !opens_a_range(&text[at + sep.len()..]) {
            out.push(&text[start..at]);
            start = at + sep.len();
        }
    }
    out.push(&text[start..]);
    out
}

/// Takes a role word (牵头, 配合) off a piece, from a note, a prefix or a suffix.
fn strip_role(piece: &str) -> (String, Option<String>) {
    let (rest, notes) = strip_paren_notes(piece);
    if let Some(n) = notes.iter().find(|n| ROLES.iter().any(|r| n.contains(r))) {
        return (rest, Some(n.clone()));
    }
    for r in ROLES {
        let stripped = piece
            .strip_prefix(r)
            .map(|x| x.trim_start_matches([':', '：']).to_string())
            .or_else(|| piece.strip_suffix(r).map(str::to_string));
        if let Some(s) = stripped
            && s.chars().count() >= 2
        {
            return (trim_punct(&s).to_string(), Some(r.to_string()));
        }
    }
    (piece.to_string(), None)
}
