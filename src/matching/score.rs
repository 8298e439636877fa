//! How close one query core is to one variant core (`score`): the abbreviation rules, the usual
//! slips (a lookalike or a homophone in one character, `is_typo_of`), and the weighted LCS that
//! measures every other likeness; and which variants a query is a usual slip of (`typo_hits`).
//!
//! What must stay true: the bounds of the pruned search (`Search::check`, `PartQuery::bound`)
//! follow these rules, and a rule changed here must be followed there (a bound below a score
//! changes outcomes); a one-character slip is sure only when the text it makes is unlikely to
//! be another real name.

use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use super::index::{POLY, Variant, core_key, one_off_key, one_off_positions, poly_hash};
use super::outcome::{FUZZY_CAP, How};
use super::region::{Constraint, Region};
use super::{Engine, Kind, sound};

/// What the typo rules read, built from lookalikes.csv and the names the engine knows.
#[derive(Debug, Clone, Default)]
pub(super) struct Typos {
    /// Characters often confused by their shape (lookalikes.csv): char -> its lookalikes.
    pub(super) lookalike: HashMap<char, Vec<char>>,
    /// Sound -> the characters of known names that have it, to find what a homophone slip meant.
    pub(super) sound_chars: HashMap<u32, Vec<char>>,
    /// Pairs of adjacent characters found in the names this engine knows (dictionary and
    /// reforms.csv): a typo that forms none of them is unlikely to be another real name.
    pub(super) bigrams: FxHashSet<(char, char)>,
    /// The characters of those names.
    pub(super) known_chars: FxHashSet<char>,
    /// The characters those names end with: the kinds of document (证, 书, 表) and of body.
    pub(super) last_chars: FxHashSet<char>,
}

impl Engine {
    /// True when `q` differs from `e` (same length) in exactly one character that is a usual
    /// slip for it, and the text is unlikely to be another real name: a lookalike (管埋局) that
    /// forms a pair of characters no known name has, or a homophone that is in no known name
    /// at all (民证局), or that sits inside the text with no known name pairing it with either
    /// neighbour (营业直照). Homophones make real names too (税务局 is not a misspelt 水务局, nor
    /// 检定报告 a misspelt 鉴定报告), so one at either end, or pairing with a neighbour as some
    /// name does, is not sure.
    fn is_typo_of(&self, q: &[char], qs: &[u32], e: &[char], es: &[u32]) -> bool {
        if q.len() != e.len() || q.len() < 3 {
            return false;
        }
        let mut diff = (0..q.len()).filter(|&i| q[i] != e[i]);
        let (Some(i), None) = (diff.next(), diff.next()) else {
            return false;
        };
        let lookalike = self
            .typos
            .lookalike
            .get(&q[i])
            .is_some_and(|l| l.contains(&e[i]));
        let homophone = qs[i] == es[i] && qs[i] & 0x8000_0000 != 0;
        // A slip in the first character may as well be a slip in the region before it: in
        // 上海使药监局 the 使 reads as 食 (食药监局) or as 市 (上海市 + 药监局). When the rest is
        // a name by itself, there are two readings and a person decides.
        if i == 0 {
            let rest: String = q[1..].iter().collect();
            if self.index.cores.contains_key(&rest) {
                return false;
            }
        }
        if homophone && !self.typos.known_chars.contains(&q[i]) {
            return true;
        }
        // 专桥镇 for 颛桥镇: a town's or street's name is a place's, which words of other
        // names do not make, and the dictionary lists every one of the city; a homophone
        // that names none of them (the written form would have been found itself) is a slip.
        if homophone && self.kind == Kind::Department && names_a_township(e) {
            return true;
        }
        let before = i > 0 && !self.typos.bigrams.contains(&(q[i - 1], q[i]));
        // A department's last character is its kind (局, 委, 办), which follows words of every
        // sort: pairing with it says nothing of whether the word is real (税物局, as 文物局).
        let kind_next = self.kind == Kind::Department && i + 2 == q.len();
        let after =
            i + 1 < q.len() && (kind_next || !self.typos.bigrams.contains(&(q[i], q[i + 1])));
        if homophone && before && after {
            return true;
        }
        if self.slipped_ending(q, e, i, homophone) && before {
            return true;
        }
        lookalike && (before || after)
    }

    /// Whether `q[i]` pairs with a neighbour as some known name has them; the department's
    /// kind (局, 委) after it says nothing, as it follows words of every sort.
    fn pairs_as_known(&self, q: &[char], i: usize) -> bool {
        let bigrams = &self.typos.bigrams;
        (i > 0 && bigrams.contains(&(q[i - 1], q[i])))
            || (i + 2 < q.len() && bigrams.contains(&(q[i], q[i + 1])))
    }

    /// 营业执招, 学历证收: a material's last character, its kind of document, written with one
    /// that sounds like it or nearly (typed by its sound: shou for shu, zhen for zheng) and
    /// that ends no name the engine knows, so it makes no other kind of document.
    fn slipped_ending(&self, q: &[char], e: &[char], i: usize, homophone: bool) -> bool {
        self.kind == Kind::Material
            && i + 1 == q.len()
            && !self.typos.last_chars.contains(&q[i])
            && (homophone || near_sound(q[i], e[i]))
    }

    /// Whether short form `q` of `e` leaves out the place `e` names (国家外汇局 of 国家外汇管理局
    /// 上海市分局): a short form keeps where a body is (上海分局), so one without it names the
    /// body that has no place in its name, or is not sure.
    fn drops_place(&self, q: &[char], e: &[char]) -> bool {
        let has = |s: &[char], t: &str| {
            let n = t.chars().count();
            s.windows(n).any(|w| w.iter().copied().eq(t.chars()))
        };
        let places =
            || (self.places.regions.top.iter()).filter(|t| t.chars().count() >= 2 && *t != "本市");
        places().any(|t| has(e, t)) && !places().any(|t| has(q, t))
    }

    /// Whether a department's name that has this character has it by a slip: an ideograph no
    /// name the engine knows has (教肓局), so it makes no word of any, whatever it was meant
    /// to be. Not a digit or letter: 第3分院 may be a body the dictionary lacks.
    fn unknown_char(&self, c: char) -> bool {
        self.kind == Kind::Department
            && (0x4e00..0xa000).contains(&(c as u32))
            && !self.typos.known_chars.contains(&c)
    }

    /// Says which character of `core` is a slip for the one variant `vid` has there: a usual
    /// slip, or in a name of five or more any other character but the last (`score` reads
    /// both as the name).
    pub(super) fn slip(&self, core: &str, vid: u32) -> Option<String> {
        let v = &self.index.variants[vid as usize];
        let q: Vec<char> = core.chars().collect();
        let qs: Vec<u32> = q.iter().map(|&c| sound(c)).collect();
        let n = q.len();
        let mut diff = (0..n.min(v.core.len())).filter(|&i| q[i] != v.core[i]);
        let (Some(i), None) = (diff.next(), diff.next()) else {
            return None;
        };
        let inside_long = n == v.core.len() && n >= 5 && i + 1 < n;
        let unknown = n == v.core.len() && self.unknown_char(q[i]);
        if !(inside_long || unknown || self.is_typo_of(&q, &qs, &v.core, &v.sounds)) {
            return None;
        }
        let lookalike = (self.typos.lookalike.get(&q[i])).is_some_and(|l| l.contains(&v.core[i]));
        let what = if qs[i] == v.sounds[i] {
            crate::tr!("match.homophone")
        } else if lookalike {
            crate::tr!("match.lookalike")
        } else {
            crate::tr!("match.wrong_char")
        };
        Some(crate::tr!(
            "match.slip",
            got = q[i],
            want = v.core[i],
            what = what
        ))
    }

    /// True when abbreviation `q` of material variant `v` keeps its head and its ending but
    /// drops a word of two or more characters between them, and another entry has a name with
    /// the same head: the dropped word is what told this entry from that one, so the query may
    /// mean either (户口证明: 户口迁移证明 without 迁移, but 户口本 is 居民户口簿), while 出生证明
    /// keeps 出生, which only 出生医学证明 starts with.
    fn drops_distinguishing_word(&self, q: &[char], v: &Variant) -> bool {
        let e: &[char] = &v.core;
        let head = q.iter().zip(e).take_while(|(a, b)| a == b).count();
        let gap = e.len() - q.len();
        head >= 2
            && head < q.len()
            && gap >= 2
            && e[head + gap..] == q[head..]
            && !self.drops_a_conjunct_or_names_a_part(e, head, v.entry)
            && self.word_tells_apart(&e[..head + gap], head, v.entry)
    }

    /// Whether another entry's name starts with the first `head` characters of `start` but
    /// not with the word after them (户口本 and 户口迁移证 differ in 迁移); when every entry
    /// that starts so has the word too (物业服务合同, 物业服务企业资质证书), it tells none
    /// apart and the ending does.
    fn word_tells_apart(&self, start: &[char], head: usize, entry: u32) -> bool {
        let starters = &self.knowledge.starters;
        let with_word = starters.get(&start.iter().collect::<String>());
        (starters
            .get(&start[..head].iter().collect::<String>())
            .into_iter()
            .flatten())
        .any(|&o| o != entry && with_word.is_none_or(|w| w.binary_search(&o).is_err()))
    }

    /// Whether the word a short form leaves out after `e`'s first `head` characters tells
    /// nothing apart: a second conjunct (拖拉机驾驶证 of 拖拉机和联合收割机驾驶证), or the rest of
    /// a material named after the head in full (境外驾驶证 of 境外机动车驾驶证: 机动车驾驶证
    /// is another material, written short; 分户平面图, a name of `entry` itself, is not).
    fn drops_a_conjunct_or_names_a_part(&self, e: &[char], head: usize, entry: u32) -> bool {
        let rest: String = e[head..].iter().collect();
        let variants = &self.index.variants;
        matches!(e[head], '和' | '及' | '与')
            || (self.index.exact.get(rest.as_str()).into_iter().flatten())
                .any(|&id| variants[id as usize].entry != entry)
    }

    /// Whether `q` is material variant `v` with a word of two or more characters written
    /// inside it that, with the name before it, starts another material's name: 医疗器械 in
    /// 医疗器械广告审查证明 (医疗器械经营许可证 …), 无违法 in 无违法犯罪记录证明. The word says
    /// which subject it is of, a narrower or another material than the name without it; a
    /// word no name starts so (认证 in GSP认证证书, 企业 in 药品生产企业许可证) is a filler.
    fn inserts_anothers_word(&self, q: &[char], v: &Variant) -> bool {
        let e: &[char] = &v.core;
        if q.len() < e.len() + 2 {
            return false;
        }
        let head = q.iter().zip(e).take_while(|(a, b)| a == b).count();
        let tail = (q.iter().rev())
            .zip(e.iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let word_end = head + q.len() - e.len();
        head >= 1
            && tail >= 1
            && head + tail >= e.len()
            && self.another_starts_so(&q[..word_end].iter().collect::<String>(), v.entry)
    }

    /// Whether the name written after a word is a short form that leaves out the head of its
    /// entry's name (驾驶证 of 机动车驾驶证), and the word begins another material's name
    /// (船舶 of 船舶登记证书): the word stands where that head stood and names another
    /// domain (船舶驾驶证), not whose copy it is (车主行驶证).
    fn head_replaced(&self, prefix: &[char], e: &[char], entry: u32) -> bool {
        let name: Vec<char> = self.entries.core[entry as usize].chars().collect();
        if name.len() <= e.len() || !name.ends_with(e) {
            return false;
        }
        let p: String = prefix.iter().collect();
        // 牛羊定点屠宰证书: a word of Chinese characters sharing none with the head left out
        // (生猪) names another subject in its place, though no listed name starts with it.
        let head = &name[..name.len() - e.len()];
        let other_subject =
            head.len() >= 2 && prefix.iter().all(|c| !c.is_ascii() && !head.contains(c));
        other_subject || self.another_starts_so(&p, entry)
    }

    /// Whether a variant of an entry other than `entry` starts with `start`.
    fn another_starts_so(&self, start: &str, entry: u32) -> bool {
        (self.knowledge.starters.get(start)).is_some_and(|es| es.iter().any(|&o| o != entry))
    }

    /// Variants the query is a usual one-character slip of (上海市水各局 for 水务局), found by
    /// writing each character's homophones and lookalikes back, so a slip in a short name is
    /// found even when it shares little else with it.
    pub(super) fn typo_hits(
        &self,
        q: &[char],
        qs: &[u32],
        qw: &[f32],
        constraint: Constraint,
        out: &mut Vec<(u32, f32, How)>,
    ) {
        // Long cells are not names with a slip.
        if q.len() < 3 || q.len() > 24 {
            return;
        }
        // The hash of the query with character i replaced by c is its hash plus
        // (c − q[i])·POLY^(n−1−i).
        let n = q.len();
        let mut pow = vec![1u64; n];
        for i in (0..n - 1).rev() {
            pow[i] = pow[i + 1].wrapping_mul(POLY);
        }
        let h = poly_hash(q);
        // (position, character written there), and the key of the query so written.
        let mut fixes: Vec<(usize, char)> = Vec::new();
        let mut keys: Vec<u64> = Vec::new();
        for i in 0..n {
            let sounds = self.typos.sound_chars.get(&qs[i]).into_iter().flatten();
            let shapes = self.typos.lookalike.get(&q[i]).into_iter().flatten();
            for &c in sounds.chain(shapes) {
                if c != q[i] {
                    fixes.push((i, c));
                    let d = (c as u64).wrapping_sub(q[i] as u64);
                    keys.push(core_key(h.wrapping_add(d.wrapping_mul(pow[i]))));
                }
            }
        }
        self.unknown_char_hits(q, qs, constraint, out);
        let mut hit = |k: usize, id: u32| {
            let (i, c) = fixes[k];
            let v = &self.index.variants[id as usize];
            let e = &v.core;
            if e.len() != n || e[i] != c || e[..i] != q[..i] || e[i + 1..] != q[i + 1..] {
                return;
            }
            if !self.allowed(v, constraint) || out.iter().any(|o| o.0 == id) {
                return;
            }
            if let Some((s, how)) = self.score(q, qs, qw, v) {
                out.push((id, s, how));
            }
        };
        match self.scope(constraint) {
            // A region's own variants, in the order the keys would find them.
            Some(vids) => {
                for (k, id) in slips_in(q, &fixes, vids, &self.index.variants) {
                    hit(k, id);
                }
            }
            None => self.index.core_hashes.find_all(&keys, hit),
        }
    }

    /// Variants the query is a slip of in a character no known name has (`unknown_char`),
    /// which no fix writes back: those of the same length with every other character as
    /// written, scored as a usual slip; none when a usual slip of that character makes a
    /// name anywhere (氏政局 is 民政局, not 财政局). Found by their one-off key where the index
    /// has one, else in the postings of the query's rarest other sound, which each holds.
    fn unknown_char_hits(
        &self,
        q: &[char],
        qs: &[u32],
        constraint: Constraint,
        out: &mut Vec<(u32, f32, How)>,
    ) {
        let mut odd = (0..q.len()).filter(|&i| self.unknown_char(q[i]));
        let (Some(i), None) = (odd.next(), odd.next()) else {
            return;
        };
        // As in `is_typo_of`: a first character that may be the region's (上海使药监局).
        if i == 0 && (self.index.cores).contains_key(&q[1..].iter().collect::<String>()) {
            return;
        }
        if constraint == Constraint::Any && self.slip_names_district(q, qs[i], i) {
            return;
        }
        let mut keyed: Vec<u32> = Vec::new();
        let vids: &[u32] = if one_off_positions(q.len()).contains(&i) {
            // The variants equal to the query but at i, by their key: on a national list the
            // rarest sound's postings may hold thousands.
            self.index
                .one_off
                .find_all(&[one_off_key(q, i)], |_, id| keyed.push(id));
            &keyed
        } else {
            let rarest = (0..q.len())
                .filter(|&j| j != i)
                .filter_map(|j| self.index.sound_ids.get(&qs[j]))
                .map(|&id| &self.index.postings[id as usize])
                .min_by_key(|p| p.len());
            match rarest {
                Some(p) => p,
                None => return,
            }
        };
        let mut found: Vec<u32> = Vec::new();
        for &id in vids {
            let v = &self.index.variants[id as usize];
            let e = &v.core;
            if e.len() == q.len() && e[..i] == q[..i] && e[i + 1..] == q[i + 1..] {
                // Of any region: 闵行区缴育局 is 教育局, though the city has none to match.
                if self.is_typo_of(q, qs, e, &v.sounds) {
                    return;
                }
                if self.allowed(v, constraint) {
                    found.push(id);
                }
            }
        }
        let s = UNKNOWN_CHAR_SLIP;
        for id in found {
            let how = match self.index.variants[id as usize].how {
                How::FormerName => How::FormerName,
                _ => How::Fuzzy,
            };
            match out.iter_mut().find(|o| o.0 == id) {
                Some(o) if o.1 < s => *o = (id, s, how),
                Some(_) => {}
                None => out.push((id, s, how)),
            }
        }
    }

    /// Whether a homophone of `q[i]` makes the text open with a district's name that covers
    /// position i (金赡法院 as 金山法院): the slip may be in the place as well as in the body,
    /// so the text has two readings and a person decides. Asked only of a text whose region
    /// is not read yet: once one is (吉木萨尔 + 红他字会), another is not looked for inside.
    fn slip_names_district(&self, q: &[char], sound_i: u32, i: usize) -> bool {
        let regions = &self.places.regions;
        let chars = self.typos.sound_chars.get(&sound_i).into_iter().flatten();
        chars.filter(|&&c| c != q[i]).any(|&c| {
            let mut fixed: Vec<char> = q.to_vec();
            fixed[i] = c;
            let text: String = fixed.iter().collect();
            let (region, rest) = regions.strip_prefix(&text);
            matches!(region, Some(Region::District(_)))
                && text[..text.len() - rest.len()].chars().count() > i
        })
    }

    /// Total weight of the distinct sounds.
    pub(super) fn distinct_weight(&self, sounds: &[u32]) -> f32 {
        let mut d = sounds.to_vec();
        d.sort_unstable();
        d.dedup();
        d.iter().map(|&k| self.weight(k)).sum()
    }

    /// Score of a query core against one variant core. 香港非永久性居民身份证: a negation
    /// written in or left out makes the opposite material, however alike the rest, so the
    /// score is capped below the bar.
    pub(super) fn score(
        &self,
        q: &[char],
        qs: &[u32],
        qw: &[f32],
        v: &Variant,
    ) -> Option<(f32, How)> {
        let (s, how) = self.score_as_written(q, qs, qw, v)?;
        if self.kind == Kind::Material && negation_differs(q, &v.core) {
            return Some((s.min(INSERTED_WORD), how));
        }
        Some((s, how))
    }

    /// `score` before the negation cap.
    fn score_as_written(
        &self,
        q: &[char],
        qs: &[u32],
        qw: &[f32],
        v: &Variant,
    ) -> Option<(f32, How)> {
        let (e, es) = (&v.core, &v.sounds);
        let (nq, ne) = (q.len(), e.len());
        if nq == 0 || ne == 0 || ne > nq * 5 || nq > ne * 4 {
            return None;
        }
        // Letters name certificates (GMP, GSP, GLP): other letters are another certificate,
        // never a slip.
        let letters = |s: &[char]| -> String {
            s.iter()
                .filter(|c| c.is_ascii_alphabetic())
                .map(|c| c.to_ascii_uppercase())
                .collect()
        };
        let (lq, le) = (letters(q), letters(e));
        if !lq.is_empty() && !le.is_empty() && lq != le {
            return None;
        }
        let via = |how: How| {
            if v.how == How::FormerName {
                How::FormerName
            } else {
                how
            }
        };
        // A long name cut short by a character or two (上海市卫生健康委员, a narrow column or a
        // slip of the hand): the name.
        if self.kind == Kind::Department && e.starts_with(q) && cut_short(q, e) {
            return Some((0.9, via(How::Abbreviation)));
        }
        if nq >= 2 && nq < ne && is_subsequence(q, e) {
            let cov = nq as f32 / ne as f32;
            let first = q[0] == e[0];
            let last = same_type_suffix(q[nq - 1], e);
            let s = match self.kind {
                // 政局 is 民政局 or 财政局 with a character left out as much as it is
                // 政务服务管理局 cut short: every three-character name scores as the long one,
                // so they tie and a person decides; 统局 is 统计局 alone.
                Kind::Department if nq == 2 && ne == 3 && last => Some(0.86 + 0.07 * cov),
                // A short name with its first character left out (市管理局 of 城市管理局) may
                // have lost the word that made it that body: never sure, but near enough to
                // stand beside another reading (市场监督管理局).
                Kind::Department if !first && ne == nq + 1 && nq <= 4 && last => {
                    Some(FIRST_LEFT_OUT)
                }
                Kind::Department if first && last && !self.drops_place(q, e) => {
                    Some(0.86 + 0.07 * cov)
                }
                Kind::Department if first && nq >= 3 => Some(0.76 + 0.07 * cov),
                // Two characters say too little to name one material (手册, 图纸).
                Kind::Material if nq < 3 => Some(0.78 + 0.07 * cov),
                Kind::Material if e.ends_with(q) => Some(0.86 + 0.07 * cov),
                Kind::Material if first && last && self.drops_distinguishing_word(q, v) => {
                    Some(0.78 + 0.07 * cov)
                }
                // Under two-fifths of a long name kept (经营证 of 经营证券期货业务许可证) says
                // too little of it to be sure.
                Kind::Material if first && last && cov >= MIN_SHORT_COVER => {
                    Some(0.87 + 0.07 * cov)
                }
                Kind::Material if last => Some(0.78 + 0.07 * cov),
                _ => None,
            };
            if let Some(s) = s {
                return Some((s, via(How::Abbreviation)));
            }
        }
        // A usual slip of one character (上海市民政居, 营业热照, 结婚症): nearly as sure as the
        // name written right, and clear of a name that differs in a character no one mistypes.
        if self.is_typo_of(q, qs, e, es) {
            return Some((0.91 + 0.0025 * (ne - 3).min(4) as f32, via(How::Fuzzy)));
        }
        // Another wrong character in a name of five or more (上海市卫主健康委员会).
        if nq == ne && ne >= 5 {
            let diff: Vec<usize> = (0..nq).filter(|&i| q[i] != e[i]).collect();
            // A different last character is a different kind of thing (报告表, 报告书).
            if diff.len() == 1 && diff[0] != nq - 1 {
                let homophone = qs[diff[0]] == es[diff[0]];
                // A material's first word says whose or what it is: another character there,
                // not one that sounds alike, names another material (个人身份证明, 军人身份证明).
                if self.kind == Kind::Material && !homophone && diff[0] < 2 {
                    return Some((0.84, via(How::Fuzzy)));
                }
                // A department's character that pairs with a neighbour as a known name does
                // makes a real word (上海市中级人民法院, 中级 of 第一中级人民法院): not a slip
                // to be sure of.
                if self.kind == Kind::Department && !homophone && self.pairs_as_known(q, diff[0]) {
                    return Some((0.84, via(How::Fuzzy)));
                }
                let s = 0.86 + if homophone { 0.03 } else { 0.0 } + 0.005 * (ne - 5).min(4) as f32;
                return Some((s, via(How::Fuzzy)));
            }
        }
        // 父母居民身份证, 新生产场地不动产权证书: a material named with who or what it is for.
        // A word of purpose before a licence leaves it that licence; before a certificate of
        // another kind (尘肺病诊断证明书, 卫生管理制度), or a word other names use (会计职称证书),
        // it may name a narrower material: a person decides.
        if self.kind == Kind::Material
            && ne >= 3
            && nq > ne
            && q.ends_with(e)
            && !joins_names(&q[..nq - ne])
        {
            let s = 0.80 + 0.1 * ne as f32 / nq as f32;
            let prefix = &q[..nq - ne];
            let place = is_place(prefix);
            let own_word = !place
                && prefix.len() >= 2
                && (self
                    .knowledge
                    .words
                    .get(&([prefix[0], prefix[1]], e[ne - 1]))
                    .is_some_and(|es| es.iter().any(|&i| i != v.entry))
                    || self.head_replaced(prefix, e, v.entry));
            // 公安机关出具的无犯罪记录证明: a clause ending in 的 says who issued or holds it,
            // as a place does where: the name after it is the material, however long the
            // clause. 食用农产品承诺达标合格证: words the entry's own name has restate it.
            let restated = || {
                let name = &self.entries.core[v.entry as usize];
                prefix.len() >= 2 && name.contains(&prefix.iter().collect::<String>())
            };
            if place || prefix.last() == Some(&'的') || restated() {
                return Some((s.max(SAID_OF), via(How::Abbreviation)));
            }
            // 兽医师执业证书: one character is no word of purpose, but the start of a word the
            // name was cut out of (兽医). 出境动植物检疫许可证: the word ends as the head its
            // entry's name has there (进境), so it is that head's sibling, not a purpose.
            let mut back = self.entries.core[v.entry as usize].chars().rev();
            let name_ends_so = back.by_ref().take(ne).eq(e.iter().rev().copied());
            let sibling_head = name_ends_so && back.next() == prefix.last().copied();
            // 公职律师证: a word before a name several materials go by (律师证) may say which
            // of them it is.
            let generic = || (self.terms.generic).contains_key(&e.iter().collect::<String>());
            let sure = self.entries.licence[v.entry as usize]
                && !own_word
                && prefix.len() >= 2
                && !sibling_head
                && !generic();
            return Some((if sure { s } else { s.min(0.8) }, via(How::Abbreviation)));
        }
        // 专利证 / 专利证书, 排污许可 / 排污许可证, 结婚证书 / 结婚证: the same name with or
        // without its document-type ending.
        if self.kind == Kind::Material && nq >= 3 && ne >= 3 {
            let (short, long) = if nq < ne { (q, &e[..]) } else { (&e[..], q) };
            if long.starts_with(short) {
                let tail: String = long[short.len()..].iter().collect();
                if DOC_ENDINGS.contains(&tail.as_str()) {
                    return Some((0.9, via(How::Abbreviation)));
                }
            }
        }
        if self.kind == Kind::Material && swapped_words(q, e) {
            return Some((SWAPPED_WORDS, via(How::Fuzzy)));
        }
        let (common, plain) = lcs(q, qs, qw, e, es, &v.weights);
        let total: f32 = qw.iter().sum::<f32>() + v.weight_sum;
        // Rare characters weigh more, but a short query inside a long name of common characters
        // (银行 in 中国人民银行) must not look close: cap by the unweighted similarity.
        let plain = 2.0 * plain / (nq + ne) as f32;
        let mut s = (2.0 * common / total).min(plain + 0.05);
        if q[nq - 1] != e[ne - 1] && qs[nq - 1] != es[ne - 1] {
            s *= 0.9;
        }
        let cap = if nq.min(ne) <= 4 {
            SHORT_CAP
        } else if self.kind == Kind::Material && self.inserts_anothers_word(q, v) {
            INSERTED_WORD
        } else {
            FUZZY_CAP
        };
        (s >= self.thresholds.review * 0.8).then_some((s.min(cap), via(How::Fuzzy)))
    }
}

/// Whether two characters' toneless pinyin differ by one letter added (shu, shou; zhen,
/// zheng) after the same first letter.
fn near_sound(a: char, b: char) -> bool {
    use pinyin::ToPinyin;
    let (Some(x), Some(y)) = (a.to_pinyin(), b.to_pinyin()) else {
        return false;
    };
    let (x, y) = (x.plain(), y.plain());
    let (short, long) = if x.len() < y.len() { (x, y) } else { (y, x) };
    long.len() == short.len() + 1
        && short.as_bytes().first() == long.as_bytes().first()
        && (0..long.len()).any(|k| long[..k] == short[..k] && long[k + 1..] == short[k..])
}

/// A short name with a wrong character (税务局, 水务局) at best: below the bar to accept.
const SHORT_CAP: f32 = 0.85;

/// A material's name with a word written inside it: near, never sure.
const INSERTED_WORD: f32 = 0.84;

/// A department's name with its first character left out: just under the bar to accept, so
/// it is never sure alone, and within the margin of an abbreviation that passes the bar
/// (市管理局: 城市管理局 beside 市场监督管理局).
const FIRST_LEFT_OUT: f32 = 0.855;

/// Score of a name with one character no known name has (`Engine::unknown_char_hits`): as
/// sure as a usual slip in a short name.
const UNKNOWN_CHAR_SLIP: f32 = 0.91;

/// Score of a listed name after a place or a clause ending in 的 that says whose or from
/// where it is: sure, as a short form keeping its first and last words.
const SAID_OF: f32 = 0.87;

/// The least share of a material's name a short form keeping its first and last
/// characters must keep to be sure of it.
pub(super) const MIN_SHORT_COVER: f32 = 0.4;

/// Score of a material's name with two of its words swapped (`swapped_words`): the name,
/// as surely as a short form keeping its first and last words.
const SWAPPED_WORDS: f32 = 0.88;

/// 建造师注册证书 for 注册建造师证书: `q` is `e` with two adjacent words of two or more
/// characters each swapped, its last character (the kind of document) in place.
/// Whether one of `q` and `e` is the other with one negating character (非, 不, 无, 未)
/// written in.
fn negation_differs(q: &[char], e: &[char]) -> bool {
    let (short, long) = if q.len() < e.len() { (q, e) } else { (e, q) };
    if long.len() != short.len() + 1 {
        return false;
    }
    let at = short.iter().zip(long).take_while(|(a, b)| a == b).count();
    "非不无未".contains(long[at]) && long[at + 1..] == short[at..]
}

pub(super) fn swapped_words(q: &[char], e: &[char]) -> bool {
    let n = q.len();
    if n != e.len() || n < 5 || q == e || q[n - 1] != e[n - 1] {
        return false;
    }
    let start = (0..n).take_while(|&i| q[i] == e[i]).count();
    let end = n - (0..n).take_while(|&i| q[n - 1 - i] == e[n - 1 - i]).count();
    let (qm, em) = (&q[start..end], &e[start..end]);
    let m = qm.len();
    (2..=m.saturating_sub(2)).any(|k| qm[..m - k] == em[k..] && qm[m - k..] == em[..k])
}

/// Two-character endings that say what kind of paper a material is, not which licence or
/// certificate (证书, 许可证 name one).
const PAPER_KINDS: [&str; 9] = [
    "证明", "协议", "合同", "说明", "报告", "材料", "文件", "资料", "通知",
];

/// Whether `q` is the first word of name `e` and its kind of paper, the words between left
/// out (技术证明 of 技术合同登记证明, 劳务协议 of 劳务派遣协议): perhaps a paper about that
/// word the dictionary does not list, so the name being the only one written so is no proof
/// (物业合同 of 物业服务合同 still scores as a short form).
pub(super) fn word_and_paper(q: &[char], e: &[char]) -> bool {
    q.len() == 4
        && e.len() >= 6
        && q[..2] == e[..2]
        && q[2..] == e[e.len() - 2..]
        && PAPER_KINDS.contains(&q[2..].iter().collect::<String>().as_str())
}

/// Endings that only say what kind of document a name is (集体合同文本, 业绩证明材料: the
/// name's own papers).
const DOC_ENDINGS: [&str; 9] = [
    "证", "书", "证书", "证明", "证件", "文件", "材料", "文本", "资料",
];

/// True when `q_last` ends a name of the same type as `e`: the same last character, or the
/// usual short forms of organisation suffixes (委 for 委员会, 办 for 办公室, 联 for 联合会).
fn same_type_suffix(q_last: char, e: &[char]) -> bool {
    let n = e.len();
    e[n - 1] == q_last
        || (q_last == '委' && n >= 3 && e[n - 3..] == ['委', '员', '会'])
        || (q_last == '办' && n >= 3 && e[n - 3..] == ['办', '公', '室'])
        || (q_last == '联' && n >= 3 && e[n - 3..] == ['联', '合', '会'])
}

pub(super) fn is_subsequence(q: &[char], e: &[char]) -> bool {
    let mut it = e.iter();
    q.iter().all(|c| it.any(|x| x == c))
}

/// Longest common subsequence, twice in one pass: weighted by the rarer character's weight,
/// and plain. The same character counts in full, a homophone (same toneless pinyin) 0.8.
fn lcs(a: &[char], asn: &[u32], aw: &[f32], b: &[char], bsn: &[u32], bw: &[f32]) -> (f32, f32) {
    const STACK: usize = 64;
    let m = b.len();
    let (mut heap_p, mut heap_c);
    let (mut sp, mut sc) = ([(0f32, 0f32); STACK + 1], [(0f32, 0f32); STACK + 1]);
    type Row<'r> = &'r mut [(f32, f32)];
    let (mut prev, mut cur): (Row, Row) = if m < STACK {
        (&mut sp[..=m], &mut sc[..=m])
    } else {
        heap_p = vec![(0f32, 0f32); m + 1];
        heap_c = vec![(0f32, 0f32); m + 1];
        (&mut heap_p[..], &mut heap_c[..])
    };
    for i in 0..a.len() {
        cur[0] = (0.0, 0.0);
        for j in 0..m {
            let same = if a[i] == b[j] {
                1.0
            } else if asn[i] == bsn[j] && asn[i] & 0x8000_0000 != 0 {
                0.8
            } else {
                0.0
            };
            let (dw, dp) = if same > 0.0 {
                (prev[j].0 + same * aw[i].min(bw[j]), prev[j].1 + same)
            } else {
                (0.0, 0.0)
            };
            cur[j + 1] = (
                dw.max(prev[j + 1].0).max(cur[j].0),
                dp.max(prev[j + 1].1).max(cur[j].1),
            );
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

/// Whether a name's opening words are a place (上海市, 本市, 浦东新区): a material named with
/// where it was issued is that material.
fn is_place(prefix: &[char]) -> bool {
    let n = prefix.len();
    matches!(prefix, ['本', '市'])
        || (2..=5).contains(&n) && matches!(prefix[n - 1], '市' | '省' | '区')
}

/// Of `vids`, those whose core differs from `q` in one position only, with a character
/// `fixes` writes there: (the first such fix, variant), in the order `KeyIndex::find_all`
/// gives them for the fixes' keys.
fn slips_in(
    q: &[char],
    fixes: &[(usize, char)],
    vids: &[u32],
    variants: &[super::index::Variant],
) -> Vec<(usize, u32)> {
    let mut out: Vec<(usize, u32)> = Vec::new();
    for &id in vids {
        let e = &variants[id as usize].core;
        if e.len() != q.len() {
            continue;
        }
        let mut differ = (0..q.len()).filter(|&i| e[i] != q[i]);
        if let (Some(i), None) = (differ.next(), differ.next())
            && let Some(k) = fixes.iter().position(|&f| f == (i, e[i]))
        {
            out.push((k, id));
        }
    }
    out.sort_unstable();
    out
}

/// The lookalike groups of lookalikes.csv as a map: char -> the characters confused with it.
pub(super) fn lookalike_map(dict: &crate::dictionary::Dictionaries) -> HashMap<char, Vec<char>> {
    let mut map: HashMap<char, Vec<char>> = HashMap::default();
    for g in &dict.lookalikes {
        let cs: Vec<char> = g.chars().collect();
        for &a in &cs {
            let others = map.entry(a).or_default();
            for &b in &cs {
                if a != b && !others.contains(&b) {
                    others.push(b);
                }
            }
        }
    }
    map
}

/// Whether words hold a separator that joins two names (承诺书和银行): not one that bounds a
/// range (二级及以上医院, `split::opens_a_range`).
fn joins_names(words: &[char]) -> bool {
    (0..words.len()).any(|i| {
        "或和及与、".contains(words[i]) && {
            let after: String = words[i + 1..].iter().take(2).collect();
            !super::split::opens_a_range(&after)
        }
    })
}

/// Whether department name `q` is `e` with its end cut off: a character or two of a name of
/// five or more; or of a shorter one, the last character of a two-character ending whose
/// first it keeps (人民政 of 人民政府, 海关总 of 海关总署), which nothing else completes.
/// Not a character that is itself an ending (住房保障 + 局): that is a body's kind left out,
/// which another reading decides.
pub(super) fn cut_short(q: &[char], e: &[char]) -> bool {
    const ENDINGS: [[char; 2]; 12] = [
        ['政', '府'],
        ['总', '署'],
        ['员', '会'],
        ['中', '心'],
        ['总', '队'],
        ['支', '队'],
        ['大', '队'],
        ['总', '站'],
        ['公', '室'],
        ['法', '院'],
        ['察', '院'],
        ['分', '局'],
    ];
    let (nq, ne) = (q.len(), e.len());
    if nq >= ne {
        return false;
    }
    (nq >= 5 && ne - nq <= 2) || (nq >= 3 && ne == nq + 1 && ENDINGS.contains(&[q[nq - 1], e[nq]]))
}

/// Whether a department's core is a town's or a street's (颛桥镇, 颛桥镇人民政府, 江川路街道).
pub(super) fn names_a_township(e: &[char]) -> bool {
    const ENDS: [&str; 6] = ["镇", "乡", "街道", "镇人民政府", "乡人民政府", "街道办事处"];
    ENDS.iter().any(|k| {
        let n = k.chars().count();
        n <= e.len() && e[e.len() - n..].iter().copied().eq(k.chars())
    })
}
