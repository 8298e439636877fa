//! One sheet's rows standardized from the run's read-only tables: each row's lookups applied,
//! its responsibility given or inferred, its method classified and checked against the
//! material, and every finding recorded on the row. Sheets run in parallel; a sheet's
//! findings come out in row order.

use super::apply::{Fixed, Tables};
use super::pairing::Paired;
use super::{LOOKED_UP, NONE, Record, blank, rule_bit};
use crate::cell::{A1, Name, name_id as id};
use crate::ingest::Table;
use crate::matching::{Decision, Outcome};
use crate::methods;
use crate::rules::{Finding, Level, Levels};
use crate::schema::Field;

/// Everything a sheet's rows are standardized from, read-only.
pub(super) struct RowTables<'a> {
    pub(super) levels: &'a Levels,
    pub(super) outcomes: &'a [Outcome],
    pub(super) t: &'a Tables,
    pub(super) fixed: &'a Fixed,
}

/// A sheet, its records and their lookup keys.
pub(super) type SheetRows<'a> = (&'a Table, &'a mut [Record], &'a [[u32; 4]]);

/// A sheet's findings (row findings index into them) and its review places, in row order.
pub(super) struct SheetDone {
    pub(super) findings: Vec<Finding>,
    pub(super) places: Vec<(usize, PlaceAt)>,
}

/// Where a cell to review is.
#[derive(Clone)]
pub(super) struct PlaceAt {
    pub(super) file: Name,
    pub(super) sheet: Name,
    pub(super) col: Option<u32>,
    pub(super) row: u32,
}

/// A sheet being done: its columns and what it has produced so far.
struct SheetWork<'s, 'a> {
    rt: &'s RowTables<'a>,
    table: &'s Table,
    /// 0-based column of each field present.
    cols: [Option<u32>; Field::COUNT],
    /// The message of rows whose 需求单位 is the sheet's 填报单位, when it is.
    filled: Option<(Name, Name)>,
    done: SheetDone,
}

impl RowTables<'_> {
    /// Standardizes one sheet's rows.
    pub(super) fn sheet(&self, t: &Table, recs: &mut [Record], keys: &[[u32; 4]]) -> SheetDone {
        let mut cols = [None; Field::COUNT];
        for (f, c) in &t.field_cols {
            cols[f.index()] = Some(*c);
        }
        let filled = t.requester_filler().map(|f| {
            let m = format!("本表没有需求单位列：各行的需求单位名称取自填报单位“{f}”");
            (Name::from(m.as_str()), f)
        });
        let mut w = SheetWork {
            rt: self,
            table: t,
            cols,
            filled,
            done: SheetDone {
                findings: Vec::new(),
                places: Vec::new(),
            },
        };
        for (rec, k) in recs.iter_mut().zip(keys) {
            w.row(rec, k);
        }
        w.done
    }
}

impl SheetWork<'_, '_> {
    fn row(&mut self, rec: &mut Record, k: &[u32; 4]) {
        let fx = self.rt.fixed;
        if let Some((m, f)) = self.filled.clone() {
            self.emit(
                rec,
                Some(Field::Requester),
                "requester-inferred",
                m,
                Some(f),
            );
        }
        for f in Field::ALL.iter().filter(|f| f.required()) {
            if *f != Field::Method && blank(&rec.raw[f.index()]) {
                let m = fx.required[f.index()].clone();
                self.emit(rec, Some(*f), "required-missing", m, None);
            }
        }
        self.lookups(rec, k);
        // 数据字段: one list, one separator.
        let fields = &self.rt.t.fields_of[&id(&rec.raw[Field::Fields.index()])];
        rec.set_std(Field::Fields, fields);
        self.responsible(rec, k);
        self.method(rec);
        self.method_fit(rec, k, fields);
    }

    /// Departments and material: the standardized text, finding and review place of each.
    fn lookups(&mut self, rec: &mut Record, k: &[u32; 4]) {
        for (slot, f) in LOOKED_UP.iter().enumerate() {
            if k[slot] == NONE {
                continue;
            }
            let a = &self.rt.t.applied[&(k[slot], *f)];
            if let Some(s) = &a.std {
                rec.set_std(*f, s);
            }
            if let Some((code, m, sugg)) = &a.finding {
                let (m, s) = (m.clone(), sugg.clone());
                self.emit_at(rec, Some(*f), code, m, s, a.decided);
            }
            if let Some(i) = a.review {
                let at = self.place(*f, rec.row);
                self.done.places.push((i, at));
            }
        }
    }

    /// Responsible department: given, else 材料来源, else the material's issuer; then, for a
    /// cell naming several materials, each material paired with its department.
    fn responsible(&mut self, rec: &mut Record, k: &[u32; 4]) {
        let t = self.rt.t;
        let given = !blank(&rec.raw[Field::Responsible.index()]);
        let mut whence = None;
        if given {
            if k[2] != NONE {
                rec.responsible = t.applied[&(k[2], LOOKED_UP[2])].names.clone();
                whence = Some(Field::Responsible);
            }
        } else {
            let from_source = (k[1] != NONE).then(|| t.from_source.get(&k[1])).flatten();
            let inf = from_source
                .or_else(|| (k[3] != NONE).then(|| t.from_material.get(&k[3])).flatten());
            if let Some(inf) = inf {
                rec.set_std(Field::Responsible, &inf.std);
                let (m, s) = (inf.message.clone(), Some(inf.std.clone()));
                self.emit(rec, Some(Field::Responsible), "responsible-inferred", m, s);
                rec.responsible = inf.names.clone();
                whence = Some(if from_source.is_some() {
                    Field::Source
                } else {
                    Field::Material
                });
            }
        }
        // A source outside government shares nothing: no department is missing.
        let external = k[1] != NONE && t.applied[&(k[1], LOOKED_UP[1])].external.is_some();
        if rec.responsible.is_empty()
            && !external
            && !(given
                && k[2] != NONE
                && self.rt.outcomes[k[2] as usize].decision != Decision::Auto)
        {
            let m = self.rt.fixed.unknown.clone();
            self.emit(
                rec,
                Some(Field::Responsible),
                "responsible-unknown",
                m,
                None,
            );
        }
        if k[3] != NONE {
            self.pair_materials(rec, k[3], whence);
        }
    }

    /// A cell naming several materials: each goes to its own department. `whence` is the
    /// field the departments came from (责任单位名称, 材料来源, or 材料名称 for the issuers).
    fn pair_materials(&mut self, rec: &mut Record, material: u32, whence: Option<Field>) {
        let t = self.rt.t;
        let Some(issuers) = t.issuers_of.get(&material) else {
            return;
        };
        let names = &t.applied[&(material, Field::Material)].names;
        rec.paired = match whence {
            // Inferred from the issuers: each material's own, none where the dictionary has none.
            Some(Field::Material) => names.iter().cloned().zip(issuers.iter().cloned()).collect(),
            Some(_) if rec.responsible.len() == 1 => names
                .iter()
                .map(|m| (m.clone(), Some(rec.responsible[0].clone())))
                .collect(),
            Some(field) => {
                let p =
                    super::pairing::pair(names, issuers, &rec.responsible, |d, i| t.issues(d, i));
                if let Some(m) = unpaired_message(&p, names.len(), rec.responsible.len(), field) {
                    self.emit(rec, Some(Field::Material), "pairing-unclear", m, None);
                }
                p.pairs
            }
            None => names.iter().map(|m| (m.clone(), None)).collect(),
        };
        if whence == Some(Field::Material) {
            let unknown: Vec<&str> = rec
                .paired
                .iter()
                .filter(|(_, d)| d.is_none())
                .map(|(m, _)| &**m)
                .collect();
            if !unknown.is_empty() {
                let m = crate::tr!(
                    "finding.responsible_unknown_for",
                    materials = unknown.join("、")
                );
                self.emit(
                    rec,
                    Some(Field::Responsible),
                    "responsible-unknown",
                    m.into(),
                    None,
                );
            }
        }
    }

    /// 使用方式: the standard method, or the finding and review place of the cell.
    fn method(&mut self, rec: &mut Record) {
        let ma = &self.rt.t.methods_of[&id(&rec.raw[Field::Method.index()])];
        if let Some(s) = &ma.a.std {
            rec.set_std(Field::Method, s);
            rec.method = Some(s.clone());
        }
        if let Some((code, m, sugg)) = &ma.a.finding {
            self.emit(rec, Some(Field::Method), code, m.clone(), sugg.clone());
        }
        if let Some(i) = ma.a.review {
            let at = self.place(Field::Method, rec.row);
            self.done.places.push((i, at));
        }
    }

    /// The method against the material and the row: 电子证照核验 on what is not a 证照,
    /// 数据核验 without 数据字段, 取消 or 告知承诺 without a 行政依据.
    fn method_fit(&mut self, rec: &mut Record, k: &[u32; 4], fields: &Name) {
        let Some(m) = rec.method.clone() else {
            return;
        };
        let fx = self.rt.fixed;
        let external = (k[1] != NONE)
            .then(|| self.rt.t.applied[&(k[1], LOOKED_UP[1])].external.clone())
            .flatten();
        if (*m == *methods::DATA_CHECK || *m == *methods::ELICENCE_CHECK)
            && let Some(msg) = external
        {
            self.emit(rec, Some(Field::Method), "method-mismatch", msg, None);
            return;
        }
        let checks = (k[3] != NONE)
            .then(|| self.rt.t.material_checks.get(&k[3]))
            .flatten();
        if *m == *methods::ELICENCE_CHECK
            && let Some(msg) = checks.and_then(|c| c.not_licence.clone())
        {
            let s = Some(fx.data_check.clone());
            self.emit(rec, Some(Field::Method), "method-mismatch", msg, s);
        }
        if *m == *methods::DATA_CHECK && fields.is_empty() {
            let sugg = checks.and_then(|c| c.typical.clone());
            let msg = fx.no_fields.clone();
            self.emit(rec, Some(Field::Fields), "method-mismatch", msg, sugg);
        }
        if (*m == *methods::CANCEL || *m == *methods::COMMITMENT)
            && blank(&rec.raw[Field::LegalBasis.index()])
        {
            let ma = &self.rt.t.methods_of[&id(&rec.raw[Field::Method.index()])];
            if let Some(msg) = ma.no_basis.clone() {
                self.emit(rec, Some(Field::LegalBasis), "method-no-basis", msg, None);
            }
        }
    }

    fn place(&self, f: Field, row: u32) -> PlaceAt {
        PlaceAt {
            file: self.table.file.clone(),
            sheet: self.table.sheet.clone(),
            col: self.cols[f.index()],
            row,
        }
    }

    /// Records a finding on `rec` (a no-op when the rule is off); the row keeps its index in
    /// the sheet's findings.
    fn emit(
        &mut self,
        rec: &mut Record,
        field: Option<Field>,
        code: &'static str,
        message: Name,
        suggestion: Option<Name>,
    ) {
        self.emit_at(rec, field, code, message, suggestion, false);
    }

    /// [`Self::emit`], at info level when `info` (a reviewer has decided the cell).
    fn emit_at(
        &mut self,
        rec: &mut Record,
        field: Option<Field>,
        code: &'static str,
        message: Name,
        suggestion: Option<Name>,
        info: bool,
    ) {
        let Some(level) = self.rt.levels.of(code) else {
            return;
        };
        let level = if info { Level::Info } else { level };
        if let Some(f) = field {
            let slot = &mut rec.flagged[f.index()];
            *slot = Some(slot.map_or(level, |l: Level| l.max(level)));
        }
        rec.code_bits |= rule_bit(code).unwrap_or(0);
        let text = field.map_or_else(
            || self.rt.fixed.empty.clone(),
            |f| rec.raw[f.index()].clone(),
        );
        // A blank cell says nothing about which row it is: the row's requirement does.
        let requirement = blank(&text).then(|| {
            std::sync::Arc::new(
                [
                    Field::Requester,
                    Field::Item,
                    Field::Situation,
                    Field::Material,
                ]
                .map(|f| rec.raw[f.index()].clone()),
            )
        });
        let findings = &mut self.done.findings;
        rec.findings.push(findings.len() as u32);
        findings.push(Finding {
            file: rec.file.clone(),
            sheet: rec.sheet.clone(),
            row: Some(rec.row),
            cell: field
                .and_then(|f| self.cols[f.index()])
                .map(|col| A1 { col, row: rec.row }),
            code,
            level,
            field: field.map(|f| f.header()).unwrap_or_default(),
            text,
            message,
            suggestion,
            requirement,
        });
    }
}

/// What a pairing left open, said for the row; None when every material and department found
/// its pair.
fn unpaired_message(p: &Paired, materials: usize, depts: usize, field: Field) -> Option<Name> {
    let unpaired = p.unpaired();
    if unpaired.is_empty() && p.idle.is_empty() {
        return None;
    }
    let join = |v: &mut dyn Iterator<Item = &Name>| v.map(|n| &**n).collect::<Vec<_>>().join("、");
    let mut parts = Vec::new();
    if !unpaired.is_empty() {
        let why = if p.counts_differ {
            crate::tr!("pairing.counts_differ")
        } else {
            crate::tr!("pairing.order_disagrees")
        };
        parts.push(crate::tr!(
            "pairing.unpaired",
            field = field.header(),
            materials = join(&mut unpaired.into_iter()),
            why = why
        ));
    }
    if !p.idle.is_empty() {
        let depts = join(&mut p.idle.iter());
        parts.push(crate::tr!("pairing.idle", depts = depts));
    }
    let parts = parts.join(crate::messages::sep());
    let m = crate::tr!(
        "finding.pairing_unclear",
        materials = materials,
        depts = depts,
        field = field.header(),
        parts = parts
    );
    Some(m.into())
}
