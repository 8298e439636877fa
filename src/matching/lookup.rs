//! One name's lookup (`lookup_one`), in steps: the cell's readings (reading.rs); each reading
//! scored and its entries ranked with the region preferences (`Ranking::score_reading`,
//! `offer`); what pruning left out of the leaders scored (`rescore_pruned`); the three best
//! taken (`top_three`); the decision taken, explained and amended by the region rules
//! (`decide`).
//!
//! What must stay true: a decision is `auto` only when the best entry scores at least the auto
//! threshold, is clear of the runner-up by the margin and is not outscored by it; a district's
//! list moves a bare or former name to that district's counterpart, and only a name the cell
//! gives in full reaches a national body's office when the cell says 市. With `resolve`, what
//! is skipped cannot change whether the lookup is automatic, nor its hit and explanation.

// Hot maps keyed by names and sounds: FxHash, not SipHash (keys are dictionary text).
use rustc_hash::FxHashMap as HashMap;

use super::candidates::{EPS, Prune};
use super::outcome::{CORE, Decision, EXACT, Hit, How, Outcome};
use super::reading::{Alt, names_an_office, office_word};
use super::region::{Constraint, Region};
use super::score::{MIN_SHORT_COVER, is_subsequence, word_and_paper};
use super::{Context, Engine, Kind};

/// Extra weight, for ranking only, of an entry in the submitting unit's own region.
const CONTEXT_BONUS: f32 = 0.12;
/// Lowers, for ranking only, a district's body reached by a name that does not say the
/// district, on a list whose district is not known.
const DISTRICT_UNSAID: f32 = 0.06;

/// An entry's best match so far: (rank, score, how, variant, alternative, constraint).
type Scored = (f32, f32, How, u32, usize, Constraint);

/// One of the entries ranked first: (rank, hit, alternative, constraint).
pub(super) type Ranked = (f32, Hit, usize, Constraint);

/// The score of a material's short form that is the short form of no other material
/// (`Engine::only_short_form`): as sure as a short form keeping its first and last words.
const ONLY_SHORT_FORM: f32 = 0.87;

impl Engine {
    /// One name's outcome. With `resolve`, only whether it is automatic, and if so its hit and
    /// explanation, are those of the full lookup (the runner-up and candidates may be missing):
    /// entries that cannot matter to that are not ranked (`Prune::floor`).
    pub(super) fn lookup_one(&self, full: &str, ctx: Context, resolve: bool) -> Outcome {
        let alts = match self.kind {
            // 中国银行上海市分行 is no misspelt 中国人民银行上海市分行.
            Kind::Department
                if crate::dictionary::is_commercial_bank(full) && !self.may_name_several(full) =>
            {
                return Outcome::none(crate::tr!("match.bank"));
            }
            Kind::Department => self.dept_alts(full),
            Kind::Material => match self.material_alts(full) {
                Ok(a) => a,
                Err(vague) => {
                    let mut o = Outcome::none(crate::tr!("match.vague", vague = vague));
                    o.vague = true;
                    return o;
                }
            },
        };
        let floor = self.rank_floor(resolve);
        let mut ranking = Ranking {
            e: self,
            alts: &alts,
            ctx,
            best: HashMap::default(),
            pruned: Vec::new(),
            unknown_district: false,
        };
        for ai in 0..alts.len() {
            ranking.score_reading(ai, floor);
        }
        ranking.rescore_pruned();
        let unknown_district = ranking.unknown_district;
        let (mut ranked, mut top_variant) = ranking.top_three(floor);
        if self.prefer_listed_unit(&alts, &mut ranked) || self.prefer_bracketed(&alts, &mut ranked)
        {
            top_variant = None;
        }
        match self.drop_guesses(&alts, ranked, top_variant, ctx) {
            Ok((ranked, top_variant)) => {
                self.decide(&alts, &ranked, top_variant, ctx, unknown_district)
            }
            Err(why) => Outcome::none(why),
        }
    }

    /// 市交通委货运处, 市残联康复部: an office after a body written short, when the cell as a
    /// whole names nothing surely. `dept_alts` reads an office only after a name written out;
    /// a short form is known by a lookup, so here the body's own lookup decides, and only a
    /// match not reached by likeness counts. Longest body first, units of two to eight
    /// characters.
    pub(super) fn office_of_short_body(&self, full: &str, ctx: Context) -> Option<Outcome> {
        // 国家统计局上海调岔总队 is a listed name with a slip, not an office of 国家统计局.
        if self.kind != Kind::Department || !names_an_office(full) || self.one_char_off(full) {
            return None;
        }
        let at: Vec<usize> = full.char_indices().map(|(i, _)| i).collect();
        let n = at.len();
        for u in 2..=8.min(n.saturating_sub(3)) {
            let (body, unit) = full.split_at(at[n - u]);
            if !office_word(unit) {
                continue;
            }
            let mut o = self.lookup_one(body, ctx, true);
            if o.decision == Decision::Auto && o.hits.len() == 1 && !o.hits[0].by_likeness() {
                o.why.push_str(crate::messages::sep());
                o.why.push_str(&crate::tr!("match.office", unit = unit));
                return Some(o);
            }
        }
        None
    }

    /// 市公安局交警总队: read whole, a short form of the listed 上海市公安局交通警察总队; read as
    /// an office after 市公安局, the bureau itself. The unit the dictionary lists is what the
    /// cell names: a body reached as the one before an office is dropped when a listed unit
    /// of it is ranked too, surely enough to be accepted. True when the first entry was.
    fn prefer_listed_unit(&self, alts: &[Alt], ranked: &mut Vec<Ranked>) -> bool {
        let is_unit_of = |unit: &Ranked, body: &Ranked| {
            !alts[unit.2].office
                && unit.1.score >= self.thresholds.auto
                && unit.1.id != body.1.id
                && (self.entries.names[unit.1.id]).starts_with(&self.entries.names[body.1.id])
        };
        let dropped: Vec<usize> = ranked
            .iter()
            .filter(|b| alts[b.2].office && ranked.iter().any(|u| is_unit_of(u, b)))
            .map(|b| b.1.id)
            .collect();
        let first = ranked.first().map(|r| r.1.id);
        ranked.retain(|r| !dropped.contains(&r.1.id));
        first.is_some_and(|f| dropped.contains(&f))
    }

    /// The ranked entries less those that would be guesses (`foreign_guess`), and the variant
    /// that matched the first if it is still first; when none is left, why the nearest is not
    /// suggested.
    fn drop_guesses(
        &self,
        alts: &[Alt],
        mut ranked: Vec<Ranked>,
        top_variant: Option<u32>,
        ctx: Context,
    ) -> Result<(Vec<Ranked>, Option<u32>), String> {
        let first = ranked.first().cloned();
        ranked.retain(|(_, hit, ai, c)| self.foreign_guess(&alts[*ai], hit, *c, ctx).is_none());
        match (first, ranked.first()) {
            (Some(f), Some(r)) if f.1.id == r.1.id => Ok((ranked, top_variant)),
            (Some((_, hit, ai, c)), None) => {
                let why = self.foreign_guess(&alts[ai], &hit, c, ctx);
                let why = why.unwrap_or_default();
                Err(crate::tr!(
                    "match.not_suggested",
                    name = hit.name,
                    why = why
                ))
            }
            _ => Ok((ranked, None)),
        }
    }

    /// Why a fuzzy hit would be a guess, not a suggestion: it is a body of another kind than
    /// the reading names (a 协会 for a 委员会), or, on a district's list, of another district
    /// the reading does not name. None when it may be suggested.
    fn foreign_guess(&self, alt: &Alt, hit: &Hit, c: Constraint, ctx: Context) -> Option<String> {
        if hit.how != How::Fuzzy || self.kind != Kind::Department {
            return None;
        }
        if !super::kind::same_kind(&alt.text, &hit.name) {
            return Some(crate::tr!("match.other_kind", text = alt.text));
        }
        match (ctx.region, self.region_of(hit.id)) {
            (Some(Region::District(d)), r @ Region::District(x))
                if x != d && c != Constraint::District(x) =>
            {
                let name = self.places.regions.district_name(r).unwrap_or("?");
                Some(crate::tr!("match.other_district", district = name))
            }
            _ => None,
        }
    }

    /// The least rank that can matter to the lookup.
    pub(super) fn rank_floor(&self, resolve: bool) -> f32 {
        // An automatic match scores at least `auto`, so it ranks at least `auto` less the
        // national 0.06; a runner-up ranked `margin` below that neither stops it being clear
        // nor can outscore it (it would rank higher). Below this rank nothing changes whether
        // a lookup is automatic or what it finds, so a lookup that only resolves skips it.
        let t = self.thresholds;
        if resolve {
            t.auto - 0.06 - t.margin - 2.0 * EPS
        } else {
            f32::NEG_INFINITY
        }
    }

    /// The decision on the entries ranked first, and the sentence that explains it.
    fn decide(
        &self,
        alts: &[Alt],
        ranked: &[Ranked],
        top_variant: Option<u32>,
        ctx: Context,
        unknown_district: bool,
    ) -> Outcome {
        let t = self.thresholds;
        let candidates: Vec<Hit> = ranked.iter().take(3).map(|r| r.1.clone()).collect();
        let Some((rank1, mut top, ai, constraint)) = ranked.first().cloned() else {
            return Outcome::none(self.nothing_why(alts));
        };
        let alt = &alts[ai];
        let runner = ranked.get(1).cloned();
        let clear = runner
            .as_ref()
            .is_none_or(|r| clear_of(rank1, r.0, t.margin));
        let by_bracket = !clear && self.bracket_tells_apart(alt, &top, ranked, rank1);
        let clear = clear || by_bracket;
        // Ranked first through the region preferences while another entry matches the text
        // better (金融监管总橘 in a municipal file: the national 金融监管总局 scores 0.92, its
        // Shanghai office 0.88): a person decides.
        let outscored = runner.as_ref().is_some_and(|r| r.1.score > top.score)
            || self.tie_on_a_guess(alt, &top, runner.as_ref(), top_variant);
        let only = self.only_short_form(alt, ranked, top_variant) && top.score < ONLY_SHORT_FORM;
        if only {
            top.score = ONLY_SHORT_FORM;
        }
        let decision = if top.score >= t.auto && clear && !outscored {
            Decision::Auto
        } else if top.score >= t.review {
            Decision::Review
        } else {
            Decision::None
        };
        let mut v = Verdict {
            decision,
            why: self.explain(&top, alt, constraint, ctx),
        };
        self.reform_note(top_variant, alt, &top, &mut v);
        if only {
            v.why.push_str(&crate::tr!("match.only_short_form"));
        }
        if by_bracket {
            say_bracket_decided(&mut v.why, &alt.bracket);
        }
        if top.how == How::Fuzzy
            && let Some(slip) = top_variant.and_then(|x| self.slip(&alt.core, x))
        {
            v.why = format!("{}{}{slip}", v.why, crate::messages::sep());
        }
        if self.kind == Kind::Material {
            self.check_sibling_short_form(alt, ranked, &mut v);
            self.check_homophone_rival(alt, ranked, &mut v);
            self.check_head_written_short(alt, ranked, &mut v);
            self.check_bracket_against_head(alt, &top, &mut v);
            self.check_word_of_another(alt, &top, top_variant, &mut v);
            self.check_letters_alone(alt, &top, &mut v);
            self.check_negated_word(alt, &top, &mut v);
            self.check_open_word(alt, &top, &mut v);
            self.check_holder_names_another(alt, &top, &mut v);
            self.check_bracket_ending(alt, &mut v);
            self.check_bracket_names_another(alt, ranked, &mut v);
            self.check_generic_name(alt, &top, &mut v);
        }
        self.check_shi_names_the_city(alt, &top, constraint, &mut v);
        self.check_another_bodys_name(alt, &top, &mut v);
        self.check_left_of_region(alt, &top, top_variant, &mut v);
        if v.decision == Decision::None {
            return Outcome {
                decision: v.decision,
                hits: Vec::new(),
                runner_up: Some(top.clone()),
                candidates,
                vague: false,
                never: false,
                foreign: None,
                why: crate::tr!(
                    "match.none_near",
                    review = format!("{:.2}", t.review),
                    name = top.name,
                    // Rounded down: 0.5996 shown as 0.60 read as reaching the bar of 0.60.
                    score = format!("{:.2}", (top.score * 100.0 + 1e-3).floor() / 100.0),
                ),
            };
        }
        if top.score >= t.auto
            && !clear
            && let Some(r) = &runner
        {
            v.why.push_str(&crate::tr!(
                "match.as_high",
                name = r.1.name,
                score = format!("{:.2}", r.1.score),
            ));
        }
        if unknown_district && v.decision == Decision::Auto {
            v.decision = Decision::Review;
            v.why.push_str(&crate::tr!("match.district_unknown"));
        }
        let top = self.district_counterpart(alt, top, constraint, ctx, &mut v.why);
        self.check_district_has_it(alt, &top, constraint, ctx, &mut v);
        Outcome {
            decision: v.decision,
            candidates,
            hits: vec![top],
            runner_up: runner.map(|r| r.1),
            vague: false,
            never: false,
            foreign: None,
            why: v.why,
        }
    }

    /// Another entry matches as well, and the region preferences rank this one first while
    /// its reading guessed at the cell: it read the cell as an office of a body (文化荷旅游部 as
    /// an office 旅游部 of the city's 文化局), or it is a district's body though two or more
    /// characters were left unexplained where a region is written (上害国有资产监督管理委员会
    /// on a district's list, read as the bare 国有资产监督管理委员会): a person decides. The
    /// city's body stays first for such a cell, as for any name that says no district.
    fn tie_on_a_guess(
        &self,
        alt: &Alt,
        top: &Hit,
        runner: Option<&Ranked>,
        top_variant: Option<u32>,
    ) -> bool {
        let tie = runner.is_some_and(|r| r.1.score >= top.score && r.1.id != top.id);
        let unexplained = top.how == How::Fuzzy
            && top_variant.is_some_and(|v| {
                let v = &self.index.variants[v as usize];
                matches!(v.region, Region::District(_))
                    && alt.core.chars().count() >= v.core.len() + 2
            });
        tie && (alt.office || unexplained)
    }

    /// 报关单（出口）: the bracket left out of the reading names, in order, words of the first
    /// entry's name and of no entry that ranks as close: it says which of them is meant.
    fn bracket_tells_apart(&self, alt: &Alt, top: &Hit, ranked: &[Ranked], rank1: f32) -> bool {
        let margin = self.thresholds.margin;
        self.kind == Kind::Material
            && bracket_held(&alt.bracket, &top.name)
            && (ranked[1..].iter())
                .filter(|r| !clear_of(rank1, r.0, margin))
                .all(|r| !bracket_held(&alt.bracket, &r.1.name))
    }

    /// 报关单（进口）: of the entries ranked as close as the first, the first whose name holds
    /// the bracket its reading left out is put first; whether one was.
    fn prefer_bracketed(&self, alts: &[Alt], ranked: &mut [Ranked]) -> bool {
        let Some(&(rank1, ..)) = ranked.first() else {
            return false;
        };
        let holds = |r: &Ranked| bracket_held(&alts[r.2].bracket, &r.1.name);
        let margin = self.thresholds.margin;
        if self.kind != Kind::Material || holds(&ranked[0]) {
            return false;
        }
        let Some(i) = (ranked.iter()).position(|r| !clear_of(rank1, r.0, margin) && holds(r))
        else {
            return false;
        };
        ranked[..=i].rotate_right(1);
        true
    }

    /// A material written short, its characters in order and its first kept (商标证 for
    /// 商标注册证), that is a short form of no other material ranked: the one the dictionary
    /// knows it can mean. The score of a short form stays low because another material may
    /// share it; when none does, that doubt is gone. A longer text holding a name
    /// (工伤认定申请表, 申请表) names a narrower material, not this.
    fn only_short_form(&self, alt: &Alt, ranked: &[Ranked], top_variant: Option<u32>) -> bool {
        let Some((_, top, _, _)) = ranked.first() else {
            return false;
        };
        let q: Vec<char> = alt.core.chars().collect();
        let n = q.len();
        // Its first word kept: a tail alone (同意书 of 使用林地审核同意书) names a kind of
        // document, not the material. Without its first word, a short form names it only as
        // a deliberate short form does: by the first characters of its words (低保证明 of
        // 最低生活保障证明), or by four of its characters kept together (计算机等级证书).
        // One word kept with the ending (生育证明 of 计划生育情况证明) is a kind of document
        // about that word, which the dictionary may not list.
        let keeps_start = |x: u32| {
            let core = &self.index.variants[x as usize].core;
            let cover = n as f32 >= MIN_SHORT_COVER * core.len() as f32;
            let first = core.first() == q.first() && cover && !word_and_paper(&q, core);
            // Words are read across the marks inside a name: 装修 of 承装（修、试）… is no
            // pair of initials.
            let chars: Vec<char> = core
                .iter()
                .copied()
                .filter(|c| c.is_alphanumeric())
                .collect();
            // Three characters are initials only with the name's own ending (低保证 of
            // 最低生活保障证, 网文证 of 网络文化经营许可证).
            let initials = (n >= 4 || (n == 3 && core.last() == q.last()))
                && !chars.windows(2).any(|w| w == &q[..2]);
            // The run is no name many materials go by (合格证明 of 动物产品检疫合格证明).
            let generic = |w: &[char]| {
                self.terms
                    .generic
                    .contains_key(&w.iter().collect::<String>())
            };
            let run = (q.windows(4)).any(|w| !generic(w) && chars.windows(4).any(|c| c == w));
            core.len() > n && (first || (!core.ends_with(&q) && (initials || run)))
        };
        self.kind == Kind::Material
            && top.how == How::Abbreviation
            && top.score >= 0.80
            && n >= 3
            && top_variant.is_some_and(keeps_start)
            && !ranked[1..].iter().any(|r| r.1.how == How::Abbreviation)
    }

    /// A bare or former name on a district's list (民政局, 工商局) means that district's
    /// bureau of the same kind: a municipal match moves to its district counterpart.
    fn district_counterpart(
        &self,
        alt: &Alt,
        top: Hit,
        constraint: Constraint,
        ctx: Context,
        why: &mut String,
    ) -> Hit {
        if constraint == Constraint::Any
            && let Some(r @ Region::District(d)) = ctx.region
            && self.region_of(top.id) == Region::Top
            && self.names_a_bare_kind(alt, &top)
            && let Some(&id) = self
                .places
                .by_region_core
                .get(&(r, self.entries.core[top.id].clone()))
        {
            why.push_str(&crate::tr!(
                "match.counterpart",
                name = self.entries.names[id],
                district = self
                    .places
                    .regions
                    .district_name(Region::District(d))
                    .unwrap_or("?"),
            ));
            return Hit {
                id,
                name: self.entries.names[id].clone(),
                ..top
            };
        }
        top
    }

    /// When the submitting unit's district has no such department, the municipal one is only
    /// a guess.
    fn check_district_has_it(
        &self,
        alt: &Alt,
        top: &Hit,
        constraint: Constraint,
        ctx: Context,
        v: &mut Verdict,
    ) {
        if v.decision == Decision::Auto
            && constraint == Constraint::Any
            && let Some(Region::District(d)) = ctx.region
            && self.region_of(top.id) != Region::District(d)
            && self
                .places
                .district_cores
                .contains(&self.entries.core[top.id])
            && self.names_a_bare_kind(alt, top)
        {
            v.decision = Decision::Review;
            v.why.push_str(&crate::tr!(
                "match.district_lacks",
                district = self
                    .places
                    .regions
                    .district_name(Region::District(d))
                    .unwrap_or("?"),
            ));
        }
    }

    /// Whether the reading names a kind of department with no region (民政局), not a name the
    /// dictionary lists for the entry matched itself, nor a slip read as a name that opens with
    /// a region (上害市检 as 上海市检: the cell wrote the region, only not rightly).
    fn names_a_bare_kind(&self, alt: &Alt, top: &Hit) -> bool {
        let slip_of_a_region_name =
            top.how == How::Fuzzy && self.places.regions.strip_prefix(&top.via).0.is_some();
        alt.text == alt.core
            && !alt.keeps_shi
            && !self.lists_text(top.id, &alt.text)
            && !slip_of_a_region_name
    }

    fn nothing_why(&self, alts: &[Alt]) -> String {
        match alts.first().map(|a| a.constraint) {
            Some(Constraint::District(d)) => crate::tr!(
                "match.nothing_district",
                district = self
                    .places
                    .regions
                    .districts
                    .get(d as usize)
                    .map(|x| x[0].as_str())
                    .unwrap_or("?"),
            ),
            _ => crate::tr!("match.nothing"),
        }
    }

    /// What a match by characters in order is: words before the name (高校录取通知书, no short
    /// form of 录取通知书), a department's end cut off (人民政 of 人民政府), or a short form.
    fn abbreviation_why(&self, hit: &Hit, alt: &Alt, via: &str) -> String {
        if let Some(words) = alt.core.strip_suffix(via).filter(|w| !w.is_empty()) {
            let mut s = crate::tr!("match.words_before", via = via, words = words);
            if hit.score < self.thresholds.auto {
                s.push_str(&crate::tr!("match.maybe_narrower"));
            }
            return s;
        }
        let via_core = self.places.regions.strip_prefix(via).1;
        match via_core.strip_prefix(alt.core.as_str()) {
            Some(cut) if self.kind == Kind::Department && !alt.core.is_empty() => {
                crate::tr!("match.cut_short", via = via, cut = cut)
            }
            _ => crate::tr!("match.abbreviation", via = via),
        }
    }

    fn explain(&self, hit: &Hit, alt: &Alt, constraint: Constraint, ctx: Context) -> String {
        let via = if hit.via.is_empty() {
            hit.name.clone()
        } else {
            hit.via.clone()
        };
        // What the name matched, before the reading's doubt (原工商局 names a former name
        // as it is written, read less surely only for the 原 taken off).
        let matched = hit.score / alt.penalty + EPS;
        let mut s = match hit.how {
            How::Exact => crate::tr!("match.exact", name = hit.name),
            How::Alias => crate::tr!("match.alias", via = via, name = hit.name),
            How::FormerName if matched >= CORE => {
                crate::tr!("match.former", via = via, name = hit.name)
            }
            How::FormerName => crate::tr!("match.former_slip", via = via, name = hit.name),
            How::Abbreviation => self.abbreviation_why(hit, alt, &via),
            How::Fuzzy => crate::tr!("match.fuzzy", via = via),
            How::Split => String::new(),
        };
        // 上海市检 read through its core is still the listed name as written: nothing implied.
        if (CORE..EXACT).contains(&hit.score)
            && matches!(hit.how, How::Exact | How::Alias)
            && crate::normalize::compact(&via) != alt.text
        {
            s.push_str(&crate::tr!("match.prefix_implied"));
        }
        if !alt.note.is_empty() {
            s.push_str(crate::messages::sep());
            s.push_str(&alt.note);
        }
        if constraint == Constraint::Any
            && let Some(r @ Region::District(_)) = ctx.region
            && self.region_of(hit.id) == r
        {
            let d = self.places.regions.district_name(r).unwrap_or("?");
            s.push_str(&crate::tr!("match.district_from_unit", district = d));
        }
        s
    }
}

/// A decision and the sentence that explains it, as the steps of `Engine::decide` amend them.
pub(super) struct Verdict {
    pub(super) decision: Decision,
    pub(super) why: String,
}

/// The entries a cell's readings reach, each with its best match so far.
struct Ranking<'a> {
    e: &'a Engine,
    alts: &'a [Alt],
    ctx: Context,
    /// Best per entry: (rank, score, how, variant, alt, constraint); names are only copied
    /// for the few entries that end up in the outcome.
    best: HashMap<u32, Scored>,
    /// Readings whose fuzzy search was pruned, with the variants it scored, sorted.
    pruned: Vec<(usize, Constraint, bool, Vec<u32>)>,
    /// A reading said 区/本区 while the submitting unit's district is not known.
    unknown_district: bool,
}

impl Ranking<'_> {
    /// Scores one reading and offers what it finds: its exact, core or fuzzy hits, and under a
    /// district prefix the district counterparts of what the name means at municipal level.
    fn score_reading(&mut self, ai: usize, floor: f32) {
        let (e, ctx, alts) = (self.e, self.ctx, self.alts);
        let alt = &alts[ai];
        let constraint = match alt.constraint {
            Constraint::OwnDistrict => match ctx.region {
                Some(Region::District(d)) => Constraint::District(d),
                _ => {
                    self.unknown_district = true;
                    Constraint::Any
                }
            },
            Constraint::OwnCity => match ctx.region {
                Some(r @ Region::District(d))
                    if e.places
                        .regions
                        .district_name(r)
                        .is_some_and(|n| n.ends_with('市')) =>
                {
                    Constraint::District(d)
                }
                _ => Constraint::Top,
            },
            c => c,
        };
        // A cell that keeps 市 in the name still says 市: a district's list gives it no
        // preference for that district, but a municipal list's own region is what the 市
        // would name anyway (市场监督管理局 in a municipal bureau's file).
        // A cell that says 国务院 says the national level: the list's region is no preference.
        let bonus = constraint == Constraint::Any
            && (!alt.keeps_shi || ctx.region == Some(Region::Top))
            && !says_state_council(alt);
        // How far the ranking below can move a reading's rank from its score: fuzzy
        // candidates that cannot reach the top three are then not scored.
        let prune = Prune {
            penalty: alt.penalty,
            bonus: if bonus || bonus_for_own(constraint, ctx.region) {
                CONTEXT_BONUS
            } else {
                0.0
            },
            bonus_region: ctx.region,
            national: if constraint == Constraint::Any && !says_state_council(alt) {
                0.06
            } else {
                0.0
            },
            district: if constraint == Constraint::Any && ctx.region.is_none() {
                DISTRICT_UNSAID
            } else {
                0.0
            },
            floor,
        };
        let (found, was_pruned) = e.score_all(alt, constraint, Some(prune));
        if was_pruned {
            let mut vids: Vec<u32> = found.iter().map(|x| x.0).collect();
            vids.sort_unstable();
            self.pruned.push((ai, constraint, bonus, vids));
        }
        let mut scored: Vec<(u32, f32, How, usize)> = found
            .into_iter()
            .map(|(vid, s, how)| (vid, s, how, e.index.variants[vid as usize].entry as usize))
            .collect();
        // 浦东新区工商局, 黄浦区卫计委: a district's bureau named by a municipal former name or
        // short form is the district counterpart of what the name means at municipal level.
        // Only when the district has no body of that very name (宝山区人民政府办公室 is one; the
        // municipal 政府法制办公室 it resembles is not).
        let named = scored.iter().any(|x| x.1 >= CORE);
        if let Constraint::District(d) = constraint
            && !named
        {
            for (vid, s, how) in e.score_all(alt, Constraint::Top, None).0 {
                let top_entry = e.index.variants[vid as usize].entry as usize;
                let key = (Region::District(d), e.entries.core[top_entry].clone());
                if let Some(&id) = e.places.by_region_core.get(&key) {
                    scored.push((vid, s * 0.98, how, id));
                }
            }
        }
        for row in scored {
            self.offer(row, (ai, constraint, bonus));
        }
    }

    /// Takes one scored variant into `best`: its rank in this reading, and the best score
    /// its entry reached in any reading.
    fn offer(
        &mut self,
        (vid, score, how, entry): (u32, f32, How, usize),
        (ai, constraint, bonus): (usize, Constraint, bool),
    ) {
        let (e, ctx) = (self.e, self.ctx);
        let v = &e.index.variants[vid as usize];
        // The text equal to a listed name is that name, however the cell was read.
        let score = if score >= EXACT {
            score
        } else {
            score * self.alts[ai].penalty
        };
        let mut rank = score;
        if constraint == Constraint::Any {
            if bonus && ctx.region.is_some_and(|r| r == v.region) {
                rank += CONTEXT_BONUS;
            }
            // A name that does not say which district, on a list whose district is not known,
            // means the city's body first (民政局 is 上海市民政局 unless a district's list says
            // otherwise).
            if ctx.region.is_none() && matches!(v.region, Region::District(_)) {
                rank -= DISTRICT_UNSAID;
            }
            // Lists are local: a name that does not say 国家 means the local body first.
            if v.region == Region::National
                && e.entries.region[entry] == Region::National
                && !says_state_council(&self.alts[ai])
            {
                rank -= 0.06;
            }
        } else if bonus_for_own(constraint, ctx.region) {
            // 市药品监督管理局 on a municipal list, read as the city's: the context names the
            // region this reading reads, so it ranks as the reading that kept 市 does.
            rank += CONTEXT_BONUS;
        }
        let b =
            self.best
                .entry(entry as u32)
                .or_insert((f32::MIN, score, how, vid, ai, constraint));
        // The best-ranked reading explains the match; the score is the best any reading
        // reached.
        let best_score = b.1.max(score);
        // At an equal rank the current name explains the match before a former one that
        // reads the same (人民政 cut from 闵行区人民政府, not from its former 上海县人民政府).
        let key = |h: How| (h == How::FormerName, h);
        if rank > b.0 || (rank == b.0 && key(how) < key(b.2)) {
            *b = (rank, score, how, vid, ai, constraint);
        }
        b.1 = best_score;
    }

    /// Pruning keeps every variant that can rank among the three best entries, so their
    /// ranks are exact; but an entry's best score may come from a variant ranked lower (in
    /// another reading, or of another region), which pruning may have left out. Scores the
    /// three entries' variants that were left out, as the full search would have.
    fn rescore_pruned(&mut self) {
        if self.pruned.is_empty() {
            return;
        }
        let e = self.e;
        let mut top: Vec<(u32, f32)> = self.best.iter().map(|(&x, sc)| (x, sc.0)).collect();
        top.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        top.truncate(3);
        for (ai, constraint, bonus, seen) in std::mem::take(&mut self.pruned) {
            let vids: Vec<u32> = top
                .iter()
                .flat_map(|&(x, _)| e.entry_variants(x))
                .filter(|v| seen.binary_search(v).is_err())
                .collect();
            if vids.is_empty() {
                continue;
            }
            for (vid, s, how) in e.score_listed(&self.alts[ai], constraint, &vids) {
                let entry = e.index.variants[vid as usize].entry as usize;
                self.offer((vid, s, how, entry), (ai, constraint, bonus));
            }
        }
    }

    /// The three best-ranked entries at or above `floor`, as hits, and the variant that
    /// matched the first.
    fn top_three(self, floor: f32) -> (Vec<Ranked>, Option<u32>) {
        let e = self.e;
        let mut light: Vec<(u32, Scored)> =
            self.best.into_iter().filter(|x| x.1.0 >= floor).collect();
        light.sort_by(|a, b| b.1.0.total_cmp(&a.1.0).then(a.0.cmp(&b.0)));
        let top_variant = light.first().map(|(_, sc)| sc.3);
        let ranked = light
            .into_iter()
            .take(3)
            .map(|(entry, (rank, score, how, vid, ai, constraint))| {
                let v = &e.index.variants[vid as usize];
                let entry = entry as usize;
                let via = if v.how == How::Exact && v.entry as usize == entry {
                    String::new()
                } else {
                    v.text.clone()
                };
                (
                    rank,
                    Hit {
                        id: entry,
                        name: e.entries.names[entry].clone(),
                        score,
                        how,
                        via,
                    },
                    ai,
                    constraint,
                )
            })
            .collect();
        (ranked, top_variant)
    }
}

/// Whether a bracket a reading left out names, in order, two or more characters of `name`
/// (出口 of 出口货物报关单): it says which material is meant.
pub(super) fn bracket_held(bracket: &str, name: &str) -> bool {
    let b: Vec<char> = bracket.chars().filter(|c| c.is_alphanumeric()).collect();
    b.len() >= 2 && is_subsequence(&b, &name.chars().collect::<Vec<char>>())
}

/// The bracket a reading left out is what decided between materials: the explanation says
/// so where it said the bracket was ignored, or at its end (not beside a bracket read as the
/// name's head, which says it already).
pub(super) fn say_bracket_decided(why: &mut String, bracket: &str) {
    let ignored = crate::tr!("match.note_ignored", notes = bracket);
    let decides = crate::tr!("match.bracket_decides", bracket = bracket);
    let as_head = crate::tr!("match.bracket_as_head", note = bracket);
    if why.contains(&ignored) {
        *why = why.replacen(&ignored, &decides, 1);
    } else if !why.contains(&as_head) {
        *why = format!("{why}{}{decides}", crate::messages::sep());
    }
}

/// Whether the first rank stands clear of the runner-up's: a runner-up exactly the margin
/// below is clear of it, so rounding in the sums does not decide the side (0.9175 and 0.8675
/// differ by a hair under 0.05 in f32).
pub(super) fn clear_of(first: f32, runner: f32, margin: f32) -> bool {
    first - runner >= margin - EPS
}

/// Whether a reading bound to `constraint` reads the context's own region.
fn bonus_for_own(constraint: Constraint, ctx: Option<Region>) -> bool {
    match (constraint, ctx) {
        (Constraint::Top, Some(Region::Top)) => true,
        (Constraint::District(d), Some(Region::District(c))) => d == c,
        _ => false,
    }
}

/// Whether a reading opens with 国务院, which says the national level as 国家 does, though
/// its names keep it (国务院国有资产监督管理委员会 with a slip is not the city's 国资委).
fn says_state_council(alt: &Alt) -> bool {
    alt.text.starts_with("国务院")
}
