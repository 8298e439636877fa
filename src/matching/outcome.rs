//! What a lookup answers: the decision, the entries it names, how sure it is and why; and the
//! fixed points of the score scale every part of the engine shares.
//!
//! What must stay true: scores are in 0..1; a cell equal to a variant scores `EXACT`, one equal
//! to its core `CORE`, and every looser rule (abbreviation, slip, similarity) less, so nothing
//! outranks a name written out; similarity never exceeds `FUZZY_CAP`, which the pruning bounds
//! rely on. The serialized names (`as_str`, serde) are part of the TSV and JSON outputs.

use serde::Serialize;

/// Score of a cell equal to a variant (name, alias, former name).
pub(super) const EXACT: f32 = 1.0;
/// Score of a cell whose core (region prefix dropped) equals a variant's core.
pub(super) const CORE: f32 = 0.94;
/// Highest score fuzzy similarity may reach: below any exact or core match.
pub(super) const FUZZY_CAP: f32 = 0.92;

/// Decision thresholds (scores are in 0..1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// At or above this (and clear of the runner-up) a match is accepted.
    pub auto: f32,
    /// At or above this a match is suggested for review; below, no match.
    pub review: f32,
    /// The best entry must beat the runner-up by this much to be accepted.
    pub margin: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            auto: 0.86,
            review: 0.6,
            margin: 0.05,
        }
    }
}

/// What to do with a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Accept without a person.
    Auto,
    /// A suggestion a person must confirm.
    Review,
    /// No match.
    None,
}

impl Decision {
    /// Lower-case name used in TSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Auto => "auto",
            Decision::Review => "review",
            Decision::None => "none",
        }
    }
}

/// How a match was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum How {
    /// The standard name.
    Exact,
    /// A listed alias.
    Alias,
    /// A former name (reorganisation).
    FormerName,
    /// Characters taken in order from a name.
    Abbreviation,
    /// Similar enough, typos and homophones allowed.
    Fuzzy,
    /// Several names in one cell, each matched.
    Split,
}

impl How {
    /// Kebab-case name used in TSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            How::Exact => "exact",
            How::Alias => "alias",
            How::FormerName => "former-name",
            How::Abbreviation => "abbreviation",
            How::Fuzzy => "fuzzy",
            How::Split => "split",
        }
    }
}

/// One candidate standard entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Index of the entry in its dictionary.
    #[serde(skip)]
    pub id: usize,
    /// Standard name.
    pub name: String,
    /// Score in 0..1.
    pub score: f32,
    /// How it was reached.
    pub how: How,
    /// The dictionary variant that matched (an alias or former name), when not the name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub via: String,
}

impl Hit {
    /// Reached by likeness: fuzzy, or a former name written with a slip (文化荷 for 文化局).
    pub(super) fn by_likeness(&self) -> bool {
        self.how == How::Fuzzy || (self.how == How::FormerName && self.score < CORE)
    }
}

/// The result of matching one cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The decision.
    pub decision: Decision,
    /// The chosen entries: one, or several when the cell names several.
    pub hits: Vec<Hit>,
    /// The best other entry, for review.
    pub runner_up: Option<Hit>,
    /// Up to three best candidates (for the review sheet).
    #[serde(skip)]
    pub candidates: Vec<Hit>,
    /// Too generic to name anything (materials only).
    pub vague: bool,
    /// A reviewer decided this text matches nothing (never_match.csv).
    #[serde(skip)]
    pub never: bool,
    /// The region outside the dictionary's that the cell names (浙江省杭州市): another region's
    /// body, not one of ours and not unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foreign: Option<String>,
    /// One sentence on how the decision was reached.
    pub why: String,
}

impl Outcome {
    pub(super) fn none(why: impl Into<String>) -> Outcome {
        Outcome {
            decision: Decision::None,
            hits: Vec::new(),
            runner_up: None,
            candidates: Vec::new(),
            vague: false,
            never: false,
            foreign: None,
            why: why.into(),
        }
    }

    /// The outcome of a cell read as several names (a split): its hits are its candidates.
    pub(super) fn of_pieces(decision: Decision, hits: Vec<Hit>, why: String) -> Outcome {
        Outcome {
            decision,
            candidates: hits.clone(),
            hits,
            runner_up: None,
            vague: false,
            never: false,
            foreign: None,
            why,
        }
    }

    pub(super) fn foreign(region: &str) -> Outcome {
        let mut o = Outcome::none(crate::tr!("match.foreign", region = region));
        o.foreign = Some(region.to_string());
        o
    }

    /// Best score (the lowest piece's score for a split).
    pub fn score(&self) -> f32 {
        self.hits
            .iter()
            .map(|h| h.score)
            .fold(None, |a: Option<f32>, s| Some(a.map_or(s, |a| a.min(s))))
            .unwrap_or(0.0)
    }

    /// How, overall: `split` when several names were matched.
    pub fn how(&self) -> Option<How> {
        match self.hits.len() {
            0 => None,
            1 => Some(self.hits[0].how),
            _ => Some(How::Split),
        }
    }

    /// The standard names joined with `|`.
    pub fn joined(&self) -> String {
        self.hits
            .iter()
            .map(|h| h.name.as_str())
            .collect::<Vec<_>>()
            .join("|")
    }
}
