//! The entries of the dictionaries, as the rest of the tool sees them: departments, materials,
//! method phrases, material terms, data items, catalog classes and reform rows.

/// Data item types of the resource catalog (信息项类型).
pub const ITEM_TYPES: [&str; 5] = ["字符型", "数值型", "日期型", "布尔型", "二进制"];

/// A standard data item (信息项) with the names requirement lists use for it.
#[derive(Debug, Clone, Default)]
pub struct DataItem {
    /// Standard name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// One of [`ITEM_TYPES`], or empty.
    pub itype: String,
}

/// A keyword that places a material in the catalog's basic classification (基础目录).
#[derive(Debug, Clone, Default)]
pub struct CatalogClass {
    /// Found in the material's name.
    pub keyword: String,
    /// 自然人, 法人单位, 空间地理 or 电子证照.
    pub base: String,
    /// Subclass (身份, 婚育, 注册登记 …); may be empty.
    pub subclass: String,
}

/// Which level of government a row of reforms.csv applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Ministries and other national bodies.
    National,
    /// Provinces, cities, districts and counties.
    Local,
    /// Both.
    Any,
}

/// How the names of a row of reforms.csv relate to its current name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Names before a reorganisation (机构改革) or a change of certificate.
    Former,
    /// Common names in use nationwide.
    Common,
    /// Names of a body that was split (邮政局 into the regulator 邮政管理局 and the operator
    /// 邮政公司): the old name may mean either, so a match through it is only a suggestion.
    Split,
    /// A common name other materials or bodies go by as well (起诉状: 民事 or 行政): a match
    /// through it is only a suggestion.
    Shared,
}

/// One row of reforms.csv: nationwide knowledge of other names of a department type
/// (工商行政管理局 for 市场监督管理局) or of a material (户口本 for 居民户口簿). It applies to the
/// entries the dictionary has, never adding one.
#[derive(Debug, Clone)]
pub struct Reform {
    /// `dept` or `material`.
    pub kind: String,
    /// Departments only: the level of government the row holds for.
    pub scope: Scope,
    /// The current type name (市场监督管理局, the core of a department's name after its region)
    /// or standard material name.
    pub current: String,
    /// Other names of it, as written (compared compacted).
    pub names: Vec<String>,
    /// Former or common names.
    pub relation: Relation,
    /// Said in explanations (2018 机构改革 …).
    pub note: String,
    /// Line in its file, for messages.
    pub line: usize,
}

/// A standard department.
#[derive(Debug, Clone, Default)]
pub struct Department {
    /// Official full name.
    pub name: String,
    /// Short and common names.
    pub aliases: Vec<String>,
    /// Names before reorganisations.
    pub former_names: Vec<String>,
    /// Catalog prefix code (资源目录前段码); may be empty.
    pub code: String,
    /// Region (上海市, a district, 国家); may be empty.
    pub region: String,
    /// What is worth knowing about the row; `uncertain: …` where a fact is not sure.
    pub note: String,
    /// Line in its file, for messages.
    pub line: usize,
}

/// Material categories (SPEC).
pub const CATEGORIES: [&str; 5] = ["证照", "证明", "合同协议", "申请表", "其他"];

/// A standard material.
#[derive(Debug, Clone, Default)]
pub struct Material {
    /// Standard name.
    pub name: String,
    /// Common names.
    pub aliases: Vec<String>,
    /// Materials this one replaced (组织机构代码证 for 营业执照, 三证合一): a match through
    /// one says so.
    pub former_names: Vec<String>,
    /// Issuing department's standard name; may be empty.
    pub issuer: String,
    /// One of [`CATEGORIES`], or empty.
    pub category: String,
    /// Typical data fields.
    pub fields: Vec<String>,
    /// What is worth knowing about the row; `uncertain: …` where a fact is not sure.
    pub note: String,
    /// Line in its file, for messages.
    pub line: usize,
}

/// The level of an administrative division in regions.csv.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AdminLevel {
    /// 省, 自治区, 直辖市.
    Province,
    /// 地级市, 自治州, 地区, 盟.
    City,
    /// 县, 县级市, 市辖区, 旗.
    County,
}

/// One administrative division (regions.csv): a 行政区划代码, its name and its parent.
#[derive(Debug, Clone)]
pub struct AdminRegion {
    /// Six-digit 行政区划代码.
    pub code: String,
    /// Name as the statistics bureau writes it (杭州市, 西湖区).
    pub name: String,
    /// Province, city or county.
    pub level: AdminLevel,
    /// The parent's code; empty for a province.
    pub parent: String,
}

/// A division merged into another or renamed (former_regions.csv): names written with it
/// mean the current one's bodies (卢湾区卫生局 is 黄浦区's).
#[derive(Debug, Clone)]
pub struct FormerRegion {
    /// The former name (卢湾区, 崇明县).
    pub name: String,
    /// The division that holds it today, as regions.csv writes it (黄浦区).
    pub current: String,
}

/// What a row of methods.csv says about a 使用方式 cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodKind {
    /// A standard reduction method (or 不减).
    Method,
    /// "Reduce", without saying how.
    ReduceUnstated,
    /// Not decided yet.
    Undecided,
    /// A negation marker that turns the reduction after it into 不减.
    Negation,
    /// Fetching by sharing (共享调取, 内部共享): the row's method (数据核验), unless the cell
    /// also names the e-licence, which is then fetched (电子证照核验).
    Fetch,
    /// A check or fetch verb (核验, 比对, 获取): alone it says to reduce but not how.
    Check,
    /// A data store or system (人口库, 登记信息): with a check verb, the row's method
    /// (通过人口库比对 is 数据核验).
    Source,
    /// The applicant hands nothing in (免提交, 无需提供): alone it does not say whether the
    /// material is cancelled or fetched.
    NotSubmitted,
    /// Says a not-submitted phrase is unconditional (直接, 依据…规定): the row's method (取消).
    Outright,
    /// Words holding a method's phrase that name something else (承诺件, 承诺时限 of a service
    /// item; 电子证照编号 of a licence): read as nothing.
    Other,
}

/// One row of methods.csv.
#[derive(Debug, Clone)]
pub struct MethodEntry {
    /// Standard method name, or a label for the non-method kinds.
    pub name: String,
    /// What the phrases indicate.
    pub kind: MethodKind,
    /// Phrases found inside cells.
    pub phrases: Vec<String>,
}

/// What a row of material_terms.csv is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// Describes the form of a copy (复印件, 原件): removed before lookup.
    Qualifier,
    /// Names whose copy it is (法人, 申请人): removed when the rest resolves.
    Holder,
    /// Ends a word that names whose copy it is (人 of 购房人, 方 of 投资方).
    HolderEnd,
    /// Says the form at the start of a name (电子 of 电子结婚证): taken off when the rest is a
    /// listed name.
    Lead,
    /// Names the premises a document is about (经营场所 of 经营场所租赁合同): taken off when
    /// the rest is a listed name.
    Place,
    /// Too generic to name a material (相关证明材料).
    Vague,
    /// A name several materials go by (检测报告, 营运证): a match only a listed name of it
    /// makes sure; its `note` says what it may mean.
    Generic,
}

/// One row of material_terms.csv.
#[derive(Debug, Clone)]
pub struct MaterialTerm {
    /// The term, compacted.
    pub term: String,
    /// Its role.
    pub kind: TermKind,
    /// What it may mean (generic terms), as the explanation says it.
    pub note: String,
}
/// The catalog's basic classes (基础目录).
pub const BASE_CLASSES: [&str; 4] = ["自然人", "法人单位", "空间地理", "电子证照"];
