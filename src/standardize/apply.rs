//! What a distinct cell text does to every row that holds it: the standardized text, the
//! accepted names, the finding and the 待复核 item of a match outcome or a 使用方式, and the
//! responsibility inferred for rows whose 责任单位名称 is blank. Each is worked out once per
//! run, so a million rows cost a hash lookup each.

use rustc_hash::FxHashMap as HashMap;

use super::rows::PlaceAt;
use super::{LOOKED_UP, NONE, PLACES_KEPT, Record, ReviewItem};
use crate::cell::{A1, Interner, Name, name_id as id};
use crate::dictionary::Dictionaries;
use crate::matching::{Decision, Outcome};
use crate::methods::{self, Classifier, MethodClass, MethodOutcome};
use crate::normalize::split_list;
use crate::rules::quote;
use crate::schema::Field;

/// What a distinct (field, text, outcome) does to every row that holds it, worked out once.
#[derive(Default)]
pub(super) struct Applied {
    /// The standardized text, when accepted.
    pub(super) std: Option<Name>,
    /// The accepted standard names.
    pub(super) names: Vec<Name>,
    /// Their dictionary entries.
    pub(super) ids: Vec<usize>,
    /// The finding each such row gets: code, message, suggestion.
    pub(super) finding: Option<(&'static str, Name, Option<Name>)>,
    /// The row of 待复核 it adds a place to.
    pub(super) review: Option<usize>,
    /// A reviewer decided the text matches nothing: its finding is only information.
    pub(super) decided: bool,
    /// A 材料来源 outside government: the message of a method that needs shared data.
    pub(super) external: Option<Name>,
}

/// Review items by (field header, text), in first-seen order.
#[derive(Default)]
pub(super) struct Review {
    pub(super) items: Vec<ReviewItem>,
    index: HashMap<(&'static str, usize), usize>,
}

impl Review {
    /// The item for `text` in `field`, made by `item` on first sight.
    fn item(
        &mut self,
        field: &'static str,
        text: &Name,
        item: impl FnOnce() -> ReviewItem,
    ) -> usize {
        let n = self.items.len();
        let i = *self.index.entry((field, id(text))).or_insert(n);
        if i == n {
            self.items.push(item());
        }
        i
    }

    /// Counts an occurrence of item `i`, keeping the first places.
    pub(super) fn add(&mut self, i: usize, at: PlaceAt) {
        let item = &mut self.items[i];
        item.count += 1;
        if item.places.len() < PLACES_KEPT {
            let cell = at.col.map(|col| A1 { col, row: at.row });
            item.places
                .push(crate::rules::place(&at.file, &at.sheet, Some(at.row), cell));
        }
    }
}

/// A 使用方式 worked out once: what it does to a row, and its message when a method that needs
/// a 行政依据 has none.
pub(super) struct MethodApplied {
    pub(super) a: Applied,
    pub(super) no_basis: Option<Name>,
}

/// A responsibility inferred for rows whose 责任单位名称 is blank.
pub(super) struct Inferred {
    pub(super) names: Vec<Name>,
    pub(super) std: Name,
    pub(super) message: Name,
}

fn inferred(mut names: Vec<Name>, whence: &str, strings: &mut Interner) -> Inferred {
    // Two materials of one issuer name it once.
    let mut seen = rustc_hash::FxHashSet::default();
    names.retain(|n| seen.insert(id(n)));
    let joined = names.iter().map(|n| &**n).collect::<Vec<_>>().join("、");
    Inferred {
        std: strings.get(&joined),
        message: strings.get(&crate::tr!(
            "finding.responsible_inferred",
            names = joined,
            whence = whence
        )),
        names,
    }
}

/// A material's messages for methods that do not fit it.
pub(super) struct MaterialChecks {
    /// 电子证照核验 on a material that is not a 证照.
    pub(super) not_licence: Option<Name>,
    /// The data items to suggest when 数据核验 lists none.
    pub(super) typical: Option<Name>,
}

/// Messages that do not depend on the row.
pub(super) struct Fixed {
    pub(super) required: [Name; Field::COUNT],
    pub(super) unknown: Name,
    pub(super) no_fields: Name,
    pub(super) data_check: Name,
    pub(super) empty: Name,
}

impl Fixed {
    /// The messages, interned once per run.
    pub(super) fn new(strings: &mut Interner) -> Fixed {
        Fixed {
            required: Field::ALL
                .map(|f| strings.get(&crate::tr!("finding.required_blank", field = f.header()))),
            unknown: strings.get(&crate::tr!("finding.responsible_unknown")),
            no_fields: strings.get(&crate::tr!("finding.no_fields")),
            data_check: strings.get(methods::DATA_CHECK),
            empty: strings.get(""),
        }
    }
}

/// What every distinct lookup, 使用方式, 数据字段 and inference does to a row, worked out once,
/// read-only while the rows are done.
pub(super) struct Tables {
    /// By (lookup, field).
    pub(super) applied: HashMap<(u32, Field), Applied>,
    /// By 使用方式 text.
    pub(super) methods_of: HashMap<usize, MethodApplied>,
    /// 数据字段 as one list with one separator, by text.
    pub(super) fields_of: HashMap<usize, Name>,
    /// Responsibility inferred from 材料来源, by its lookup.
    pub(super) from_source: HashMap<u32, Inferred>,
    /// Responsibility inferred from the material's issuer, by the material's lookup.
    pub(super) from_material: HashMap<u32, Inferred>,
    /// The material's checks against the method, by the material's lookup.
    pub(super) material_checks: HashMap<u32, MaterialChecks>,
    /// For a cell naming several materials: each one's issuer in the dictionary, aligned
    /// with its names, by the material's lookup.
    pub(super) issuers_of: HashMap<u32, Vec<Option<Name>>>,
    /// The kind of each department name met (its name with its region set aside: 民政局 of
    /// 上海市民政局 and of 上海市浦东新区民政局), by the name's address.
    kinds: HashMap<usize, Name>,
}

impl Tables {
    /// Works the tables out in the order rows first show each text, so review items and
    /// interned strings come out in a stable order.
    pub(super) fn build(
        records: &[Record],
        row_keys: &[[u32; 4]],
        outcomes: &[Outcome],
        dict: &Dictionaries,
        classifier: &Classifier,
        review: &mut Review,
        strings: &mut Interner,
    ) -> Tables {
        let mut applied: HashMap<(u32, Field), Applied> = HashMap::default();
        let mut methods_of: HashMap<usize, MethodApplied> = HashMap::default();
        let mut fields_of: HashMap<usize, Name> = HashMap::default();
        for (r, k) in records.iter().zip(row_keys) {
            for (slot, f) in LOOKED_UP.iter().enumerate() {
                if k[slot] != NONE {
                    applied.entry((k[slot], *f)).or_insert_with(|| {
                        let o = &outcomes[k[slot] as usize];
                        let text = &r.raw[f.index()];
                        let external = (*f == Field::Source && o.decision != Decision::Auto)
                            .then(|| dict.external_kind(text))
                            .flatten();
                        match external {
                            Some(kind) => external_applied(text, kind, strings),
                            None => make_applied(o, *f, text, review, strings),
                        }
                    });
                }
            }
            let m = &r.raw[Field::Method.index()];
            methods_of.entry(id(m)).or_insert_with(|| {
                let mo = classifier.classify(m);
                let a = make_method_applied(&mo, m, review, strings);
                let no_basis = a
                    .std
                    .as_ref()
                    .map(|name| strings.get(&crate::tr!("finding.no_basis", method = name)));
                MethodApplied { a, no_basis }
            });
            let fr = &r.raw[Field::Fields.index()];
            fields_of
                .entry(id(fr))
                .or_insert_with(|| strings.get(&split_list(fr).join("、")));
        }
        let mut t = Tables {
            applied,
            methods_of,
            fields_of,
            from_source: HashMap::default(),
            from_material: HashMap::default(),
            material_checks: HashMap::default(),
            issuers_of: HashMap::default(),
            kinds: HashMap::default(),
        };
        t.infer(dict, strings);
        t.kinds_of_departments(dict, strings);
        t
    }

    /// Whether `dept` issues what the dictionary says `issuer` issues: it is the issuer, or a
    /// department of the same kind (a district's 民政局 for 上海市民政局).
    pub(super) fn issues(&self, dept: &Name, issuer: &Name) -> bool {
        dept == issuer
            || matches!(
                (self.kinds.get(&id(dept)), self.kinds.get(&id(issuer))),
                (Some(a), Some(b)) if a == b
            )
    }

    /// The kinds of the departments pairing compares: those of 材料来源 and 责任单位名称, and
    /// the issuers of materials named together.
    fn kinds_of_departments(&mut self, dict: &Dictionaries, strings: &mut Interner) {
        let by_name: HashMap<&str, &crate::dictionary::Department> = dict
            .departments
            .iter()
            .map(|d| (d.name.as_str(), d))
            .collect();
        let met = self
            .applied
            .iter()
            .filter(|((_, f), _)| matches!(f, Field::Source | Field::Responsible))
            .flat_map(|(_, a)| a.names.iter())
            .chain(self.issuers_of.values().flatten().flatten());
        let mut kinds: HashMap<usize, Name> = HashMap::default();
        for n in met {
            let Some(d) = by_name.get(&**n) else { continue };
            let kind = match (d.region.is_empty(), n.find(d.region.as_str())) {
                (false, Some(at)) => &n[at + d.region.len()..],
                _ => continue,
            };
            if !kind.is_empty() {
                kinds.insert(id(n), strings.get(kind));
            }
        }
        self.kinds = kinds;
    }

    /// Responsibility inferred from 材料来源 (by its lookup) or from the material's issuer (by
    /// the material's lookup), and the material's checks against the method.
    fn infer(&mut self, dict: &Dictionaries, strings: &mut Interner) {
        // Only an issuer the departments know is responsible: the embedded materials name
        // Shanghai's bodies, which a list of another region must not be given.
        let known: std::collections::HashSet<&str> =
            dict.departments.iter().map(|d| d.name.as_str()).collect();
        for ((k, f), a) in &self.applied {
            match f {
                Field::Source if !a.names.is_empty() => {
                    self.from_source.insert(
                        *k,
                        inferred(a.names.clone(), &crate::tr!("whence.source"), strings),
                    );
                }
                Field::Material if !a.ids.is_empty() => {
                    let entries: Vec<_> = a
                        .ids
                        .iter()
                        .filter_map(|&i| dict.materials.get(i))
                        .collect();
                    if a.names.len() > 1 {
                        let issuers = a
                            .ids
                            .iter()
                            .map(|&i| {
                                dict.materials
                                    .get(i)
                                    .filter(|m| !m.issuer.is_empty())
                                    .map(|m| strings.get(&m.issuer))
                            })
                            .collect();
                        self.issuers_of.insert(*k, issuers);
                    }
                    let issuers: Vec<Name> = entries
                        .iter()
                        .filter(|m| known.contains(m.issuer.as_str()))
                        .map(|m| strings.get(&m.issuer))
                        .collect();
                    if !issuers.is_empty() {
                        let whence = crate::tr!("whence.issuer");
                        self.from_material
                            .insert(*k, inferred(issuers, &whence, strings));
                    }
                    self.material_checks
                        .insert(*k, material_checks(&entries, a, strings));
                }
                _ => {}
            }
        }
    }
}

/// A material's messages for methods that do not fit it.
fn material_checks(
    entries: &[&crate::dictionary::Material],
    a: &Applied,
    strings: &mut Interner,
) -> MaterialChecks {
    let cats: Vec<&str> = entries.iter().map(|m| m.category.as_str()).collect();
    let not_licence = !cats.is_empty() && cats.iter().all(|c| !c.is_empty() && *c != "证照");
    let typical: Vec<&str> = entries
        .iter()
        .flat_map(|m| m.fields.iter().map(String::as_str))
        .take(5)
        .collect();
    let std = a.std.as_deref().unwrap_or_default();
    MaterialChecks {
        not_licence: not_licence.then(|| {
            strings.get(&crate::tr!(
                "finding.not_licence",
                material = std,
                category = cats.join("/")
            ))
        }),
        typical: (!typical.is_empty()).then(|| {
            strings.get(&crate::tr!(
                "finding.typical_fields",
                fields = typical.join("、")
            ))
        }),
    }
}

/// A 材料来源 outside government (医疗机构, 用人单位): said, not asked, and no department is
/// responsible for sharing it.
fn external_applied(text: &Name, kind: &str, strings: &mut Interner) -> Applied {
    let message = format!(
        "材料来源“{}”是政府以外的机构（{kind}），其数据不能通过政务数据共享获取",
        quote(text)
    );
    let mismatch = format!(
        "材料来源“{}”是政府以外的机构（{kind}），数据核验、电子证照核验无从共享数据：改为告知承诺或不减",
        quote(text)
    );
    Applied {
        finding: Some(("source-external", strings.get(&message), None)),
        external: Some(strings.get(&mismatch)),
        ..Applied::default()
    }
}

/// What a match outcome does to the rows of one field that hold `text`.
fn make_applied(
    o: &Outcome,
    field: Field,
    text: &Name,
    review: &mut Review,
    strings: &mut Interner,
) -> Applied {
    let header = field.header();
    let dept = field != Field::Material;
    let mut a = Applied::default();
    if let Some(region) = &o.foreign {
        // Another region's body: said, but nothing to suggest and nothing to decide here.
        let message = crate::tr!(
            "finding.out_of_region",
            header = header,
            text = quote(text),
            region = region
        );
        a.finding = Some(("dept-out-of-region", strings.get(&message), None));
        return a;
    }
    let (code, message, suggestion): (&'static str, String, Option<String>) = if o.vague {
        (
            "material-vague",
            crate::tr!(
                "finding.vague",
                header = header,
                text = quote(text),
                why = o.why
            ),
            None,
        )
    } else {
        match o.decision {
            Decision::Auto => {
                a.names = o.hits.iter().map(|h| strings.get(&h.name)).collect();
                a.ids = o.hits.iter().map(|h| h.id).collect();
                let joined = a.names.iter().map(|n| &**n).collect::<Vec<_>>().join("、");
                a.std = Some(strings.get(&joined));
                if o.hits.len() > 1 {
                    let code = if dept {
                        "dept-multiple"
                    } else {
                        "material-multiple"
                    };
                    a.finding = Some((
                        code,
                        strings.get(&crate::tr!(
                            "finding.multiple",
                            header = header,
                            count = o.hits.len(),
                            why = o.why
                        )),
                        Some(strings.get(&o.joined())),
                    ));
                }
                return a;
            }
            Decision::Review => (
                if dept {
                    "dept-review"
                } else {
                    "material-review"
                },
                crate::tr!(
                    "finding.review",
                    header = header,
                    text = quote(text),
                    name = o.joined(),
                    why = o.why
                ),
                Some(o.joined()),
            ),
            Decision::None => (
                if dept {
                    "dept-unmatched"
                } else {
                    "material-unmatched"
                },
                crate::tr!(
                    "finding.unmatched",
                    header = header,
                    text = quote(text),
                    why = o.why
                ),
                None,
            ),
        }
    };
    a.finding = Some((
        code,
        strings.get(&message),
        suggestion.map(|s| strings.get(&s)),
    ));
    if o.never {
        // Already decided by a reviewer: said, but neither asked again nor failing a check.
        a.decided = true;
        return a;
    }
    a.review = Some(review.item(header, text, || {
        ReviewItem {
            field: header,
            text: text.to_string(),
            suggestion: if o.decision == Decision::Review {
                o.joined()
            } else {
                String::new()
            },
            score: o.score(),
            candidates: o
                .candidates
                .iter()
                .map(|h| format!("{} ({:.2})", h.name, h.score))
                .collect::<Vec<_>>()
                .join("; "),
            why: o.why.clone(),
            code,
            places: Vec::new(),
            count: 0,
        }
    }));
    a
}

/// What a 使用方式 classification does to the rows that hold `text`.
fn make_method_applied(
    mo: &MethodOutcome,
    text: &Name,
    review: &mut Review,
    strings: &mut Interner,
) -> Applied {
    let mut a = Applied::default();
    let (code, message, suggestion): (&'static str, String, String) = match &mo.class {
        MethodClass::Method { name } => {
            a.std = Some(strings.get(name));
            return a;
        }
        MethodClass::Missing => (
            "method-missing",
            crate::tr!("finding.method_missing"),
            String::new(),
        ),
        MethodClass::ReduceUnstated => (
            "method-unclear",
            crate::tr!("finding.method_how", text = quote(text), why = mo.why),
            String::new(),
        ),
        MethodClass::Undecided => (
            "method-unclear",
            crate::tr!("finding.method_undecided", text = quote(text), why = mo.why),
            String::new(),
        ),
        MethodClass::Unrecognised => (
            "method-unclear",
            crate::tr!("finding.method_unknown", text = quote(text)),
            String::new(),
        ),
        MethodClass::Conflict { names } => (
            "method-conflict",
            crate::tr!("finding.method_conflict", text = quote(text), why = mo.why),
            names.join("|"),
        ),
    };
    a.finding = Some((
        code,
        strings.get(&message),
        (!suggestion.is_empty()).then(|| strings.get(&suggestion)),
    ));
    let header = Field::Method.header();
    a.review = Some(review.item(header, text, || ReviewItem {
        field: header,
        text: text.to_string(),
        suggestion,
        score: 0.0,
        candidates: String::new(),
        why: mo.why.clone(),
        code,
        places: Vec::new(),
        count: 0,
    }));
    a
}
