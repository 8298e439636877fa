//! One name's lookup (`lookup_one`): every reading of the cell scored, the entries ranked with
//! the region preferences, the decision taken and explained.
//!
//! What must stay true: a decision is `auto` only when the best entry scores at least the auto
//! threshold, is clear of the runner-up by the margin and is not outscored by it; a district's
//! list moves a bare or former name to that district's counterpart, and only a name the cell
//! gives in full reaches a national body's office when the cell says 市. With `resolve`, what
//! is skipped cannot change whether the lookup is automatic, nor its hit and explanation.

// Hot maps keyed by names and sounds: FxHash, not SipHash (keys are dictionary text).
use rustc_hash::FxHashMap as HashMap;

use crate::normalize::compact;

use super::candidates::{EPS, Prune};
use super::outcome::{CORE, Decision, EXACT, Hit, How, Outcome};
use super::reading::Alt;
use super::region::{Constraint, NATIONAL_PREFIXES, Region};
use super::{Context, Engine, Kind};

/// Extra weight, for ranking only, of an entry in the submitting unit's own region.
const CONTEXT_BONUS: f32 = 0.12;

/// An entry's best match so far: (rank, score, how, variant, alternative, constraint).
type Scored = (f32, f32, How, u32, usize, Constraint);

impl Engine {
    /// One name's outcome. With `resolve`, only whether it is automatic, and if so its hit and
    /// explanation, are those of the full lookup (the runner-up and candidates may be missing):
    /// entries that cannot matter to that are not ranked (`Prune::floor`).
    pub(super) fn lookup_one(&self, full: &str, ctx: Context, resolve: bool) -> Outcome {
        let alts = match self.kind {
            Kind::Department => self.dept_alts(full),
            Kind::Material => match self.material_alts(full) {
                Ok(a) => a,
                Err(vague) => {
                    let mut o = Outcome::none(format!("too generic to name a material ({vague})"));
                    o.vague = true;
                    return o;
                }
            },
        };
        // Best per entry: (ranking score, hit, alt index, constraint applied).
        // Best per entry: (rank, score, how, variant, alt, constraint); names are only copied
        // for the few entries that end up in the outcome.
        let mut best: HashMap<u32, Scored> = HashMap::default();
        // Takes one scored variant into `best`: its rank in this reading, and the best score
        // its entry reached in any reading.
        let offer = |best: &mut HashMap<u32, Scored>,
                     (vid, score, how, entry): (u32, f32, How, usize),
                     (ai, constraint, bonus): (usize, Constraint, bool)| {
            let v = &self.index.variants[vid as usize];
            // The text equal to a listed name is that name, however the cell was read.
            let score = if score >= EXACT {
                score
            } else {
                score * alts[ai].penalty
            };
            let mut rank = score;
            if constraint == Constraint::Any {
                if bonus && ctx.region.is_some_and(|r| r == v.region) {
                    rank += CONTEXT_BONUS;
                }
                // Lists are local: a name that does not say 国家 means the local body first.
                if v.region == Region::National && self.entries.region[entry] == Region::National {
                    rank -= 0.06;
                }
            }
            let e = best
                .entry(entry as u32)
                .or_insert((f32::MIN, score, how, vid, ai, constraint));
            // The best-ranked reading explains the match; the score is the best any reading
            // reached.
            let best_score = e.1.max(score);
            if rank > e.0 || (rank == e.0 && how < e.2) {
                *e = (rank, score, how, vid, ai, constraint);
            }
            e.1 = best_score;
        };
        // An automatic match scores at least `auto`, so it ranks at least `auto` less the
        // national 0.06; a runner-up ranked `margin` below that neither stops it being clear
        // nor can outscore it (it would rank higher). Below this rank nothing changes whether
        // a lookup is automatic or what it finds, so a lookup that only resolves skips it.
        let t = self.thresholds;
        let floor = if resolve {
            t.auto - 0.06 - t.margin - 2.0 * EPS
        } else {
            f32::NEG_INFINITY
        };
        // Readings whose fuzzy search was pruned, with the variants it scored, sorted.
        let mut pruned: Vec<(usize, Constraint, bool, Vec<u32>)> = Vec::new();
        let mut unknown_district = false;
        for (ai, alt) in alts.iter().enumerate() {
            let constraint = match alt.constraint {
                Constraint::OwnDistrict => match ctx.region {
                    Some(Region::District(d)) => Constraint::District(d),
                    _ => {
                        unknown_district = true;
                        Constraint::Any
                    }
                },
                c => c,
            };
            // A cell that keeps 市 in the name still says 市: a district's list gives it no
            // preference for that district, but a municipal list's own region is what the 市
            // would name anyway (市场监督管理局 in a municipal bureau's file).
            let bonus = constraint == Constraint::Any
                && (!alt.keeps_shi || ctx.region == Some(Region::Top));
            // How far the ranking below can move a reading's rank from its score: fuzzy
            // candidates that cannot reach the top three are then not scored.
            let prune = Prune {
                penalty: alt.penalty,
                bonus: if bonus { CONTEXT_BONUS } else { 0.0 },
                bonus_region: ctx.region,
                national: if constraint == Constraint::Any {
                    0.06
                } else {
                    0.0
                },
                floor,
            };
            let (found, was_pruned) = self.score_all(alt, constraint, Some(prune));
            if was_pruned {
                let mut vids: Vec<u32> = found.iter().map(|x| x.0).collect();
                vids.sort_unstable();
                pruned.push((ai, constraint, bonus, vids));
            }
            let mut scored: Vec<(u32, f32, How, usize)> = found
                .into_iter()
                .map(|(vid, s, how)| {
                    (
                        vid,
                        s,
                        how,
                        self.index.variants[vid as usize].entry as usize,
                    )
                })
                .collect();
            // 浦东新区工商局, 黄浦区卫计委: a district's bureau named by a municipal former name or
            // short form is the district counterpart of what the name means at municipal level.
            if let Constraint::District(d) = constraint {
                for (vid, s, how) in self.score_all(alt, Constraint::Top, None).0 {
                    let top_entry = self.index.variants[vid as usize].entry as usize;
                    let key = (Region::District(d), self.entries.core[top_entry].clone());
                    if let Some(&id) = self.places.by_region_core.get(&key) {
                        scored.push((vid, s * 0.98, how, id));
                    }
                }
            }
            for row in scored {
                offer(&mut best, row, (ai, constraint, bonus));
            }
        }
        // Pruning keeps every variant that can rank among the three best entries, so their
        // ranks are exact; but an entry's best score may come from a variant ranked lower (in
        // another reading, or of another region), which pruning may have left out. Score the
        // three entries' variants that were left out, as the full search would have.
        if !pruned.is_empty() {
            let mut top: Vec<(u32, f32)> = best.iter().map(|(&e, sc)| (e, sc.0)).collect();
            top.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            top.truncate(3);
            for (ai, constraint, bonus, seen) in &pruned {
                let vids: Vec<u32> = top
                    .iter()
                    .flat_map(|&(e, _)| self.entry_variants(e))
                    .filter(|v| seen.binary_search(v).is_err())
                    .collect();
                if vids.is_empty() {
                    continue;
                }
                for (vid, s, how) in self.score_listed(&alts[*ai], *constraint, &vids) {
                    let entry = self.index.variants[vid as usize].entry as usize;
                    offer(&mut best, (vid, s, how, entry), (*ai, *constraint, *bonus));
                }
            }
        }
        let mut light: Vec<(u32, Scored)> = best.into_iter().filter(|x| x.1.0 >= floor).collect();
        light.sort_by(|a, b| b.1.0.total_cmp(&a.1.0).then(a.0.cmp(&b.0)));
        let top_variant = light.first().map(|(_, sc)| sc.3);
        let ranked: Vec<(f32, Hit, usize, Constraint)> = light
            .into_iter()
            .take(3)
            .map(|(entry, (rank, score, how, vid, ai, constraint))| {
                let v = &self.index.variants[vid as usize];
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
                        name: self.entries.names[entry].clone(),
                        score,
                        how,
                        via,
                    },
                    ai,
                    constraint,
                )
            })
            .collect();
        let candidates: Vec<Hit> = ranked.iter().take(3).map(|r| r.1.clone()).collect();
        let Some((rank1, top, ai, constraint)) = ranked.first().cloned() else {
            return Outcome::none(self.nothing_why(&alts));
        };
        let runner = ranked.get(1).cloned();
        let clear = runner.as_ref().is_none_or(|r| rank1 - r.0 >= t.margin);
        // Ranked first through the region preferences while another entry matches the text
        // better (金融监管总橘 in a municipal file: the national 金融监管总局 scores 0.92, its
        // Shanghai office 0.88): a person decides.
        let outscored = runner.as_ref().is_some_and(|r| r.1.score > top.score);
        let mut decision = if top.score >= t.auto && clear && !outscored {
            Decision::Auto
        } else if top.score >= t.review {
            Decision::Review
        } else {
            Decision::None
        };
        let mut why = self.explain(&top, &alts[ai].note, constraint, ctx);
        if let Some((k, split)) = top_variant.and_then(|v| self.knowledge.reforms.get(&v)) {
            why = format!("{why}; it is a {k}");
            if *split && decision == Decision::Auto {
                decision = Decision::Review;
                why.push_str("; the old name may mean another body today");
            }
        }
        if top.how == How::Fuzzy
            && let Some(slip) = top_variant.and_then(|v| self.slip(&alts[ai].core, v))
        {
            why = format!("{why}; {slip}");
        }
        // 市金融监管局: a cell that says 市 names the city's own department; a national body's
        // office in the city is reached only by a name of its own, not by an implied prefix.
        if decision == Decision::Auto
            && top.score < EXACT
            && constraint == Constraint::Top
            && (alts[ai].text.starts_with('市')
                || (self.places.regions.top.first())
                    .is_some_and(|t| alts[ai].text.starts_with(t.as_str())))
        {
            let name = compact(&self.entries.names[top.id]);
            if NATIONAL_PREFIXES.iter().any(|p| name.starts_with(p))
                && self.places.regions.split_branch(&name).is_none()
            {
                decision = Decision::Review;
                why.push_str(&format!(
                    "; but the cell says 市 and {} is a national body's office, not the city's",
                    top.name
                ));
            }
        }
        if decision == Decision::None {
            return Outcome {
                decision,
                hits: Vec::new(),
                runner_up: Some(top.clone()),
                candidates,
                vague: false,
                never: false,
                why: format!(
                    "no entry scores {:.2} or more; nearest is {} ({:.2})",
                    t.review, top.name, top.score
                ),
            };
        }
        if top.score >= t.auto
            && !clear
            && let Some(r) = &runner
        {
            why.push_str(&format!(
                "; but {} scores as high ({:.2})",
                r.1.name, r.1.score
            ));
        }
        if unknown_district && decision == Decision::Auto {
            decision = Decision::Review;
            why.push_str("; 区/本区 names the submitting unit's district, which is not known");
        }
        // A bare or former name on a district's list (民政局, 工商局) means that district's
        // bureau of the same kind: move a municipal match to its district counterpart.
        let mut top = top;
        if constraint == Constraint::Any
            && let Some(r @ Region::District(d)) = ctx.region
            && self.region_of(top.id) == Region::Top
            && alts[ai].text == alts[ai].core
            && !alts[ai].keeps_shi
            && !self.lists_text(top.id, &alts[ai].text)
            && let Some(&id) = self
                .places
                .by_region_core
                .get(&(r, self.entries.core[top.id].clone()))
        {
            why = format!(
                "{why}; {} is the {} counterpart, taken from the submitting unit",
                self.entries.names[id],
                self.places
                    .regions
                    .district_name(Region::District(d))
                    .unwrap_or("?")
            );
            top = Hit {
                id,
                name: self.entries.names[id].clone(),
                ..top
            };
        }
        // When the district has no such department, the municipal one is only a guess.
        if decision == Decision::Auto
            && constraint == Constraint::Any
            && let Some(Region::District(d)) = ctx.region
            && self.region_of(top.id) != Region::District(d)
            && self
                .places
                .district_cores
                .contains(&self.entries.core[top.id])
            && alts[ai].text == alts[ai].core
            && !alts[ai].keeps_shi
            && !self.lists_text(top.id, &alts[ai].text)
        {
            decision = Decision::Review;
            why.push_str(&format!(
                "; the list comes from {}, which has no such department in the dictionary",
                self.places
                    .regions
                    .district_name(Region::District(d))
                    .unwrap_or("?")
            ));
        }
        Outcome {
            decision,
            candidates,
            hits: vec![top],
            runner_up: runner.map(|r| r.1),
            vague: false,
            never: false,
            why,
        }
    }

    fn nothing_why(&self, alts: &[Alt]) -> String {
        match alts.first().map(|a| a.constraint) {
            Some(Constraint::District(d)) => format!(
                "no department of {} in the dictionary looks like this",
                self.places
                    .regions
                    .districts
                    .get(d as usize)
                    .map(|x| x[0].as_str())
                    .unwrap_or("?")
            ),
            _ => "nothing in the dictionary looks like this".to_string(),
        }
    }

    fn explain(&self, hit: &Hit, note: &str, constraint: Constraint, ctx: Context) -> String {
        let via = if hit.via.is_empty() {
            hit.name.clone()
        } else {
            hit.via.clone()
        };
        let mut s = match hit.how {
            How::Exact => format!("standard name {}", hit.name),
            How::Alias => format!("alias {via} of {}", hit.name),
            How::FormerName if hit.score >= CORE => format!("former name {via} of {}", hit.name),
            How::FormerName => format!("abbreviated or misspelt former name {via} of {}", hit.name),
            How::Abbreviation => format!("abbreviation of {via} (characters in order)"),
            How::Fuzzy => format!("similar to {via}"),
            How::Split => String::new(),
        };
        if (CORE..EXACT).contains(&hit.score) && matches!(hit.how, How::Exact | How::Alias) {
            s.push_str(", region prefix implied");
        }
        if !note.is_empty() {
            s.push_str("; ");
            s.push_str(note);
        }
        if constraint == Constraint::Any
            && let Some(r @ Region::District(_)) = ctx.region
            && self.region_of(hit.id) == r
        {
            let d = self.places.regions.district_name(r).unwrap_or("?");
            s.push_str(&format!("; district {d} taken from the submitting unit"));
        }
        s
    }
}
