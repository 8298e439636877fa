//! `catalog check`: a catalog that departments filled in, validated (identifiers, conditions
//! and reasons, allowed values) and, with requirement lists, reconciled against them (对账):
//! every material a list asks to share needs a resource of its responsible department, and
//! every 数据字段 an item of it.

use std::collections::{BTreeSet, HashMap};

use super::{
    CatalogBook, DEPT_DIRS, ITEM_CATEGORIES, ITEM_CATEGORY_SHORT, ItemNames, OPEN_TYPES,
    RESOURCE_TYPES, SHARE_TYPES, UPDATE_CYCLES, needs_data, split_id, split_item_id,
};
use crate::dictionary::{BASE_CLASSES, Dictionaries, ITEM_TYPES};
use crate::rules::{Finding, Level, Levels};
use crate::schema::Field;
use crate::standardize::Record;

/// Checks a catalog; with requirements, reconciles it against them (对账).
pub fn check(
    book: &CatalogBook,
    requirements: Option<&[Record]>,
    dict: &Dictionaries,
    levels: &Levels,
) -> Vec<Finding> {
    let mut c = Checker {
        book,
        levels,
        out: Vec::new(),
    };
    let resources = c.resources();
    let names = ItemNames::new(dict);
    let items_of = c.items(&resources.ids, &names);
    if let Some(reqs) = requirements {
        c.reconcile(reqs, &resources.by_name, &items_of, &names);
    }
    c.out
}

/// The findings of one catalog, as they are found.
struct Checker<'a> {
    book: &'a CatalogBook,
    levels: &'a Levels,
    out: Vec<Finding>,
}

/// What the 资源目录 sheet holds, for the items and the reconciliation.
struct Resources {
    /// 资源标识号 -> its first row.
    ids: HashMap<String, u32>,
    /// (提供单位, 资源名称) -> 资源标识号.
    by_name: HashMap<(String, String), String>,
}

/// A cell of a row read back, by column (empty when the column or cell is missing).
fn get(r: &[String], c: Option<usize>) -> String {
    c.and_then(|i| r.get(i)).cloned().unwrap_or_default()
}

impl Checker<'_> {
    /// Records a finding on the catalog (a no-op when the rule is off).
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        sheet: &str,
        row: Option<u32>,
        col: Option<usize>,
        code: &'static str,
        field: &'static str,
        text: &str,
        message: String,
    ) {
        if let Some(level) = self.levels.of(code) {
            self.out.push(Finding {
                file: self.book.file.as_str().into(),
                sheet: sheet.into(),
                row,
                cell: match (row, col) {
                    (Some(r), Some(c)) => Some(crate::cell::A1 {
                        col: c as u32,
                        row: r,
                    }),
                    _ => None,
                },
                code,
                level,
                field,
                text: text.into(),
                message: message.into(),
                suggestion: None,
                requirement: None,
            });
        }
    }

    /// The 资源目录 sheet: its columns, and each row's identifier, conditions and values.
    fn resources(&mut self) -> Resources {
        let book = self.book;
        let (rh, rrows) = &book.resources;
        let rc = |n: &str| rh.iter().position(|x| x == n);
        for name in [
            "资源标识号",
            "资源名称",
            "提供单位",
            "共享类型",
            "开放类型",
            "安全级别",
        ] {
            if rc(name).is_none() {
                self.emit(
                    "资源目录",
                    Some(1),
                    None,
                    "catalog-unknown-value",
                    name,
                    "",
                    crate::tr!("cat.no_column", name = name),
                );
            }
        }
        let mut found = Resources {
            ids: HashMap::new(),
            by_name: HashMap::new(),
        };
        for (row, r) in rrows {
            let id = get(r, rc("资源标识号"));
            let idc = rc("资源标识号");
            if id.is_empty() || split_id(&id, 6).is_none() {
                self.emit(
                    "资源目录",
                    Some(*row),
                    idc,
                    "catalog-id-format",
                    "资源标识号",
                    &id,
                    crate::tr!("cat.bad_id", id = id),
                );
            } else if let Some(first) = found.ids.insert(id.clone(), *row) {
                self.emit(
                    "资源目录",
                    Some(*row),
                    idc,
                    "catalog-id-duplicate",
                    "资源标识号",
                    &id,
                    crate::tr!("cat.id_twice", id = id, first = first),
                );
            }
            found
                .by_name
                .insert((get(r, rc("提供单位")), get(r, rc("资源名称"))), id.clone());
            self.conditions(*row, r, &rc);
            self.values(*row, r, &rc);
        }
        found
    }

    /// 共享 and 开放: a condition for the conditional types, a reason for the refusals.
    fn conditions(&mut self, row: u32, r: &[String], rc: &dyn Fn(&str) -> Option<usize>) {
        let share = get(r, rc("共享类型"));
        let share_cond = get(r, rc("共享条件"));
        match share.as_str() {
            "有条件共享" if share_cond.trim().is_empty() => self.emit(
                "资源目录",
                Some(row),
                rc("共享条件"),
                "catalog-share-condition",
                "共享条件",
                &share_cond,
                crate::tr!("cat.share_condition"),
            ),
            "不共享" if share_cond.trim().is_empty() || !has_basis(&share_cond) => self.emit(
                "资源目录",
                Some(row),
                rc("共享条件"),
                "catalog-no-share-reason",
                "共享条件",
                &share_cond,
                crate::tr!("cat.share_reason"),
            ),
            _ => {}
        }
        let open = get(r, rc("开放类型"));
        let open_cond = get(r, rc("开放条件"));
        match open.as_str() {
            "有条件公开" if open_cond.trim().is_empty() => self.emit(
                "资源目录",
                Some(row),
                rc("开放条件"),
                "catalog-open-condition",
                "开放条件",
                &open_cond,
                crate::tr!("cat.open_condition"),
            ),
            "不公开" if open_cond.trim().is_empty() => self.emit(
                "资源目录",
                Some(row),
                rc("开放条件"),
                "catalog-no-open-reason",
                "开放条件",
                &open_cond,
                crate::tr!("cat.open_reason"),
            ),
            _ => {}
        }
    }

    /// 安全级别 and the columns with a fixed set of values.
    fn values(&mut self, row: u32, r: &[String], rc: &dyn Fn(&str) -> Option<usize>) {
        let level = get(r, rc("安全级别"));
        if !matches!(level.trim(), "1" | "2" | "3" | "4") {
            self.emit(
                "资源目录",
                Some(row),
                rc("安全级别"),
                "catalog-security-level",
                "安全级别",
                &level,
                crate::tr!("cat.bad_security", level = level),
            );
        }
        let checks: [(&str, &[&str]); 6] = [
            ("资源类型", &RESOURCE_TYPES),
            ("更新周期", &UPDATE_CYCLES),
            ("共享类型", &SHARE_TYPES),
            ("开放类型", &OPEN_TYPES),
            ("部门目录", &DEPT_DIRS),
            ("基础目录", &BASE_CLASSES),
        ];
        for (col, allowed) in checks {
            let v = get(r, rc(col));
            let head = v.split('/').next().unwrap_or("");
            if !v.is_empty() && !allowed.contains(&head)
                || (v.is_empty() && ["资源类型", "更新周期", "共享类型", "开放类型"].contains(&col))
            {
                self.emit(
                    "资源目录",
                    Some(row),
                    rc(col),
                    "catalog-unknown-value",
                    col,
                    &v,
                    format!("{col} `{v}` is not one of {}", allowed.join(" ")),
                );
            }
        }
        let cats = get(r, rc("事项类别"));
        for c in cats
            .split(['、', ',', '，', ';', '；'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            if !ITEM_CATEGORIES.contains(&c) && !ITEM_CATEGORY_SHORT.contains(&c) {
                self.emit(
                    "资源目录",
                    Some(row),
                    rc("事项类别"),
                    "catalog-unknown-value",
                    "事项类别",
                    &cats,
                    format!("事项类别 `{c}` is not one of {}", ITEM_CATEGORIES.join(" ")),
                );
            }
        }
    }

    /// The 信息项 sheet: identifiers, their resource, types. Returns each resource's item
    /// names, standardized.
    fn items(
        &mut self,
        ids: &HashMap<String, u32>,
        names: &ItemNames,
    ) -> HashMap<String, BTreeSet<String>> {
        let (ih, irows) = &self.book.items;
        let ic = |n: &str| ih.iter().position(|x| x == n);
        let mut item_ids: HashMap<String, u32> = HashMap::new();
        let mut items_of: HashMap<String, BTreeSet<String>> = HashMap::new();
        for (row, r) in irows {
            let id = get(r, ic("信息项标识"));
            let rid = get(r, ic("资源标识号"));
            let name = get(r, ic("信息项名称"));
            items_of
                .entry(rid.clone())
                .or_default()
                .insert(names.standard(&name).0);
            if split_item_id(&id).is_none() {
                self.emit(
                    "信息项",
                    Some(*row),
                    ic("信息项标识"),
                    "catalog-id-format",
                    "信息项标识",
                    &id,
                    crate::tr!("cat.bad_item_id", id = id),
                );
            } else if let Some(first) = item_ids.insert(id.clone(), *row) {
                self.emit(
                    "信息项",
                    Some(*row),
                    ic("信息项标识"),
                    "catalog-id-duplicate",
                    "信息项标识",
                    &id,
                    crate::tr!("cat.item_id_twice", id = id, first = first),
                );
            }
            if !ids.contains_key(&rid) {
                self.emit(
                    "信息项",
                    Some(*row),
                    ic("资源标识号"),
                    "catalog-item-orphan",
                    "资源标识号",
                    &rid,
                    crate::tr!("cat.orphan", rid = rid),
                );
            } else if !id.starts_with(&rid) {
                self.emit(
                    "信息项",
                    Some(*row),
                    ic("信息项标识"),
                    "catalog-item-orphan",
                    "信息项标识",
                    &id,
                    crate::tr!("cat.item_prefix", id = id, rid = rid),
                );
            }
            let t = get(r, ic("信息项类型"));
            if !t.is_empty() && !ITEM_TYPES.contains(&t.as_str()) {
                self.emit(
                    "信息项",
                    Some(*row),
                    ic("信息项类型"),
                    "catalog-unknown-value",
                    "信息项类型",
                    &t,
                    format!("信息项类型 `{t}` is not one of {}", ITEM_TYPES.join(" ")),
                );
            }
        }
        items_of
    }

    /// 对账: every material a requirement asks its responsible department to share has a
    /// resource of that department, and every 数据字段 an item of it; each gap once, on the
    /// requirement's row.
    fn reconcile(
        &mut self,
        reqs: &[Record],
        by_name: &HashMap<(String, String), String>,
        items_of: &HashMap<String, BTreeSet<String>>,
        names: &ItemNames,
    ) {
        let (book, levels) = (self.book, self.levels);
        let mut seen: BTreeSet<(String, String, String)> = BTreeSet::new();
        for r in reqs.iter().filter(|r| needs_data(r)) {
            // Each material under its own department only, as the draft lists them.
            for (dept, m) in r.duties() {
                let Some(dept) = dept.map(|d| d.to_string()) else {
                    continue;
                };
                let (dept, m): (&String, &str) = (&dept, m);
                let key = (dept.clone(), format!("{m}信息"));
                let found = by_name.get(&key).cloned().or_else(|| {
                    by_name
                        .iter()
                        .find(|((d, n), _)| d == dept && n.contains(m))
                        .map(|(_, id)| id.clone())
                });
                let place =
                    |code: &'static str, message: String, text: &str, field: Field| Finding {
                        file: r.file.clone(),
                        sheet: r.sheet.clone(),
                        row: Some(r.row),
                        cell: None,
                        code,
                        level: levels.of(code).unwrap_or(Level::Error),
                        field: field.header(),
                        text: text.into(),
                        message: message.into(),
                        suggestion: Some(
                            crate::tr!("cat.register", dept = dept, file = book.file).into(),
                        ),
                        requirement: None,
                    };
                match found {
                    None => {
                        if levels.of("catalog-resource-missing").is_some()
                            && seen.insert((dept.clone(), m.to_string(), String::new()))
                        {
                            self.out.push(place(
                                "catalog-resource-missing",
                                crate::tr!(
                                    "cat.resource_missing",
                                    dept = dept,
                                    m = m,
                                    requester = r.std(Field::Requester),
                                    item = r.std(Field::Item)
                                ),
                                m,
                                Field::Material,
                            ));
                        }
                    }
                    Some(id) => {
                        let have = items_of.get(&id).cloned().unwrap_or_default();
                        for f in r.std(Field::Fields).split('、').filter(|f| !f.is_empty()) {
                            let n = names.standard(f).0;
                            if !have.contains(&n)
                                && levels.of("catalog-item-missing").is_some()
                                && seen.insert((dept.clone(), m.to_string(), n.clone()))
                            {
                                self.out.push(place(
                                    "catalog-item-missing",
                                    crate::tr!(
                                        "cat.item_missing",
                                        id = id,
                                        m = m,
                                        dept = dept,
                                        n = n
                                    ),
                                    f,
                                    Field::Fields,
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A legal basis is named: a 《law》, 依据…, 根据…, or an article (第…条).
fn has_basis(s: &str) -> bool {
    s.contains('《')
        || s.contains("依据")
        || s.contains("根据")
        || (s.contains('第') && s.contains('条'))
}
