//! SCALE workload generator: writes realistic, messy 减材料 requirement lists of any size,
//! with a ground-truth file so tools' answers can be scored.
//!
//! ```sh
//! cargo run --release --example gen_workload -- --rows 100000 --files 100 --out /tmp/w100k
//! cargo run --release --example gen_workload -- --rows 10000 --files 10 --sheets 2 --csv --out /tmp/w
//! ```
//!
//! `--rows N` data rows in total, spread over `--files F` workbooks of `--sheets S` data sheets
//! each (default 2). Rows are built from the real dictionaries (`dictionaries/*.csv`, embedded
//! at compile time) with the noise bureaus really produce: abbreviations (the dictionary's
//! aliases and characters-in-order shortenings such as 市发展改革委), region prefixes present,
//! changed or absent (区民政局 in a district's file), former names, one-character typos
//! (homophones, so 营业直照), qualifiers (复印件, 原件), holders (法人身份证), notes in brackets,
//! stray spaces, several names in one cell, vague materials (相关证明材料), materials and
//! departments that are in no dictionary, and blank or undecided 使用方式 (待定, 可减,
//! 数据核验或电子证照). Sheets have title rows and a 填报单位 line above a header written with
//! synonyms and `*`/（必填） markers, 事项名称 merged over an item's rows, the odd blank,
//! repeated-header and note row, and sometimes a 填表说明 sheet with no table at all.
//!
//! `DIR/truth.tsv` has one line per non-blank matched cell: `file sheet row field raw expected
//! kind`. `row` is the row number Excel shows; `expected` is the standard name (several joined
//! with `、` in the order written), or empty when a careful person would accept no dictionary
//! entry (vague, unknown, undecided); `kind` is the noise applied. Typos and shortenings are kept
//! only when the intended entry stays the unique nearest one, so every label is defensible.
//!
//! The output is deterministic: a fixed-seed LCG (`--seed`), no randomness from the system.
//! Worksheets are written strictly row by row, so the writer can run in rust_xlsxwriter's
//! constant-memory mode (see [`add_sheet`]).

use std::collections::{HashMap, HashSet};
use std::error::Error;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use pinyin::ToPinyin;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

type Res<T = ()> = Result<T, Box<dyn Error>>;

const DEPARTMENTS: &str = include_str!("../dictionaries/departments.csv");
const MATERIALS: &str = include_str!("../dictionaries/materials.csv");
const HEADERS: &str = include_str!("../dictionaries/headers.csv");
const TERMS: &str = include_str!("../dictionaries/material_terms.csv");

const USAGE: &str =
    "usage: gen_workload --rows N --files F --out DIR [--sheets S] [--csv] [--seed SEED]";

// ---------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------

/// Knuth's MMIX LCG; the high 32 bits are used.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut r = Rng(seed ^ 0x9e37_79b9_7f4a_7c15);
        r.next();
        r.next();
        r
    }
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 32) as u32
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((u64::from(self.next()) * n as u64) >> 32) as usize
    }
    /// True with probability `pct`/100.
    fn pct(&mut self, pct: u32) -> bool {
        self.below(100) < pct as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Index drawn with the given weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------
// Dictionaries
// ---------------------------------------------------------------------------

struct Dept {
    name: String,
    aliases: Vec<String>,
    formers: Vec<String>,
    region: String,
}

struct Material {
    name: String,
    aliases: Vec<String>,
    issuer: String,
    category: String,
    fields: Vec<String>,
}

fn records(text: &str) -> Res<Vec<HashMap<String, String>>> {
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let headers = rd.headers()?.clone();
    let mut out = Vec::new();
    for rec in rd.records() {
        let rec = rec?;
        out.push(
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.trim().to_string()))
                .collect(),
        );
    }
    Ok(out)
}

fn list(s: Option<&String>) -> Vec<String> {
    s.map(|s| {
        s.split('|')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// Levenshtein distance over characters.
fn lev(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Every spelling of one kind of entry, for ambiguity checks.
struct Forms {
    /// (spelling, entry id)
    all: Vec<(Vec<char>, usize)>,
    /// spelling -> entries that use it
    owners: HashMap<String, HashSet<usize>>,
}

impl Forms {
    fn new() -> Forms {
        Forms {
            all: Vec::new(),
            owners: HashMap::new(),
        }
    }
    fn add(&mut self, form: &str, id: usize) {
        if form.is_empty() {
            return;
        }
        let set = self.owners.entry(form.to_string()).or_default();
        if set.insert(id) {
            self.all.push((chars(form), id));
        }
    }
    /// `form` is spelled by no entry but `id` (or by none at all).
    fn free_for(&self, form: &str, id: usize) -> bool {
        self.owners
            .get(form)
            .is_none_or(|s| s.len() == 1 && s.contains(&id))
    }
    /// `text` is strictly nearer to one of `id`'s spellings than to any other entry's.
    fn nearest_is(&self, text: &str, id: usize) -> bool {
        let t = chars(text);
        let (mut own, mut other) = (usize::MAX, usize::MAX);
        for (f, e) in &self.all {
            let d = lev(&t, f);
            if *e == id {
                own = own.min(d);
            } else {
                other = other.min(d);
            }
        }
        own < other
    }
}

/// The canonical fields, in the order a tidy sheet has them.
const FIELDS: [&str; 13] = [
    "需求单位名称",
    "需求提出人",
    "联系方式",
    "行政依据",
    "应用场景",
    "事项类别",
    "事项名称",
    "情形名称",
    "材料名称",
    "数据字段",
    "材料来源",
    "责任单位名称",
    "使用方式",
];
const F_REQUESTER: usize = 0;
const F_PROPOSER: usize = 1;
const F_CONTACT: usize = 2;
const F_BASIS: usize = 3;
const F_SCENE: usize = 4;
const F_CATEGORY: usize = 5;
const F_ITEM: usize = 6;
const F_SITUATION: usize = 7;
const F_MATERIAL: usize = 8;
const F_FIELDS: usize = 9;
const F_SOURCE: usize = 10;
const F_RESPONSIBLE: usize = 11;
const F_METHOD: usize = 12;

struct Dicts {
    depts: Vec<Dept>,
    mats: Vec<Material>,
    dept_forms: Forms,
    mat_forms: Forms,
    /// Header synonyms per canonical field (same order as FIELDS).
    synonyms: Vec<Vec<String>>,
    qualifiers: Vec<String>,
    holders: Vec<String>,
    vague: Vec<String>,
    /// Homophones (same toneless pinyin) among the characters of the dictionaries.
    homophones: HashMap<char, Vec<char>>,
    /// Department ids by region (上海市, 国家, 浦东新区, …).
    by_region: HashMap<String, Vec<usize>>,
    /// Districts that have bureaus besides their government.
    bureau_districts: Vec<String>,
    dept_by_name: HashMap<String, usize>,
    mat_by_name: HashMap<String, usize>,
}

/// Characters that commonly appear in bureau names and materials besides the dictionaries',
/// so homophone typos have somewhere to go.
const EXTRA_CHARS: &str = "正直至制只知值植职执志治质智置支指纸止址旨政证整郑帧征争蒸睁筝营赢影应英迎盈莹荧\
    萤映硬颖婴鹰樱缨历力立利励例丽厉莉粒沥隶理里李礼鲤局居据剧具巨聚举句拒距俱惧菊橘\
    桔鞠驹矩管馆观官冠关贯惯罐灌书输舒疏殊叔梳淑枢抒蔬属术述树束数竖恕薯署曙鼠暑蜀民\
    名明鸣铭敏闽悯皿泯抿症挣诤医衣依伊一宜移仪疑遗夷姨胰以已乙蚁倚椅义亿忆艺议亦异役\
    抑译易疫益谊逸意毅翼公工功攻供宫恭躬拱共贡安按案暗岸俺胺命冥登灯等凳邓瞪蹬记计纪\
    技忌际季既济继寄绩迹寂祭剂许须需虚嘘徐序叙绪续絮蓄旭恤可克刻客课科棵颗磕咳渴坷照\
    招找召兆赵罩肇沼殖侄合和河核何禾荷盒贺鹤赫同童铜桐彤瞳统筒桶痛通委为维围伟位未味\
    卫谓慰畏胃尉员园元原源远愿院怨缘圆援会汇回悔惠慧绘毁卉晦秽保宝饱报抱暴豹爆堡葆障\
    章张彰樟掌丈帐仗胀账杖社设射摄舍涉赦资姿咨滋兹紫子字自规归龟瑰闺轨鬼诡贵桂跪柜划\
    话画化华滑猾哗环还缓换患唤焕幻境镜静敬竞竟净径经京精晶鲸惊睛井警景颈健见件建舰剑\
    荐鉴践贱溅康慷糠扛抗炕亢喂生声升牲胜圣盛剩省绳监坚间尖兼艰肩煎简检减剪拣捡督都嘟\
    毒独读堵赌睹杜渡妒度市事是式试势视世士适示释室饰誓逝场常厂长尝肠偿倡唱畅发法乏伐\
    罚阀改该概盖溉钙人仁任认忍刃劳牢老佬涝姥动冬东懂洞冻栋就旧救舅究九久酒灸业叶页夜\
    液野也冶失师诗施狮湿十石时实食拾识史使始驶屎婚昏荤浑魂混结节洁杰捷截竭姐解界届借\
    介戒离房防妨仿访纺放产铲阐颤权全泉拳犬劝券户护互沪湖胡壶糊虎口扣叩寇簿部步布不补\
    捕哺身深伸申绅神审婶肾甚渗慎份分纷芬粉奋愤粪驾假价架嫁稼加家佳夹甲车彻撤扯澈辆量\
    两亮谅晾凉梁粮良租足族组阻祖诅赁吝蔺买卖迈麦埋脉税睡水谁纳拿哪那呐娜缴叫较教轿觉\
    交郊浇娇骄胶焦椒蕉礁角脚搅费废肺沸飞非菲啡险显现县线献限陷馅羡宪卡咖程成城承诚乘\
    惩澄橙秤告高搞稿膏糕批披劈霹皮疲脾匹复父付负妇附咐副傅富腹覆赴印引饮隐因阴音姻殷\
    银吟寅尹签千迁牵铅谦前钱潜浅遣欠歉请情清青轻倾晴庆表标彪膘镖托脱拖驮陀妥拓唾尾决\
    绝爵掘诀单担丹胆旦但淡蛋诞弹体提题替梯剃屉查茶察差插叉岔学雪穴血削靴籍级及极即急\
    集吉疾辑棘汲在再载收手首守受授售兽瘦入如儒乳辱汝死四似寺肆饲亡王往网望忘旺枉火伙\
    或货获祸惑霍病并兵冰饼丙柄诊真珍针侦枕阵振镇震断段短端锻缎行形型刑醒幸性姓兴星流\
    留刘柳六溜款宽物务无五午武舞误悟雾服福浮符扶伏幅辐俘片偏篇骗股古骨鼓谷顾故固雇董\
    财才材裁采彩睬菜蔡评平凭瓶萍屏苹估姑孤验燕雁宴艳砚厌岩延言严颜研盐危微威唯违品聘\
    拼贫频排牌派拍污屋乌巫诬吴染然燃冉种中众重忠终钟肿仲农弄浓脓药要耀钥邀腰摇遥姚窑\
    谣械谢泻卸屑蟹懈器气汽弃契启起企岂疗了聊辽僚寥潦构够购沟钩狗苟垢";

const EXTRA_HOMOPHONE_PAIRS: &[(char, char)] = &[
    ('营', '菅'),
    ('证', '正'),
    ('执', '热'),
    ('书', '节'),
    ('局', '居'),
    ('管', '菅'),
    ('许', '午'),
    ('己', '已'),
];

fn build_dicts() -> Res<Dicts> {
    let mut depts = Vec::new();
    for r in records(DEPARTMENTS)? {
        depts.push(Dept {
            name: r["name"].clone(),
            aliases: list(r.get("aliases")),
            formers: list(r.get("former_names")),
            region: r.get("region").cloned().unwrap_or_default(),
        });
    }
    let mut mats = Vec::new();
    for r in records(MATERIALS)? {
        mats.push(Material {
            name: r["name"].clone(),
            aliases: list(r.get("aliases")),
            issuer: r.get("issuer").cloned().unwrap_or_default(),
            category: r.get("category").cloned().unwrap_or_default(),
            fields: list(r.get("fields")),
        });
    }
    let mut dept_forms = Forms::new();
    for (i, d) in depts.iter().enumerate() {
        dept_forms.add(&d.name, i);
        for a in d.aliases.iter().chain(&d.formers) {
            dept_forms.add(a, i);
        }
        for f in derived_dept_forms(d) {
            dept_forms.add(&f, i);
        }
    }
    let mut mat_forms = Forms::new();
    for (i, m) in mats.iter().enumerate() {
        mat_forms.add(&m.name, i);
        for a in &m.aliases {
            mat_forms.add(a, i);
        }
    }
    let mut synonyms = vec![Vec::new(); FIELDS.len()];
    for r in records(HEADERS)? {
        let header = &r["header"];
        if let Some(i) = FIELDS.iter().position(|f| f == header) {
            synonyms[i] = list(r.get("synonyms"));
        }
    }
    let (mut qualifiers, mut holders, mut vague) = (Vec::new(), Vec::new(), Vec::new());
    for r in records(TERMS)? {
        let t = r["term"].clone();
        match r["kind"].as_str() {
            "qualifier" => qualifiers.push(t),
            "holder" => holders.push(t),
            "vague" => vague.push(t),
            _ => {}
        }
    }

    // Homophones among the characters of the dictionaries and EXTRA_CHARS.
    let mut pool: Vec<char> = Vec::new();
    let mut seen = HashSet::new();
    for c in DEPARTMENTS
        .chars()
        .chain(MATERIALS.chars())
        .chain(EXTRA_CHARS.chars())
    {
        if is_cjk(c) && seen.insert(c) {
            pool.push(c);
        }
    }
    let mut by_sound: HashMap<&'static str, Vec<char>> = HashMap::new();
    for &c in &pool {
        if let Some(p) = c.to_pinyin() {
            by_sound.entry(p.plain()).or_default().push(c);
        }
    }
    let mut homophones: HashMap<char, Vec<char>> = HashMap::new();
    for &c in &pool {
        if let Some(p) = c.to_pinyin() {
            let v: Vec<char> = by_sound[p.plain()]
                .iter()
                .copied()
                .filter(|&x| x != c)
                .collect();
            if !v.is_empty() {
                homophones.insert(c, v);
            }
        }
    }
    for &(a, b) in EXTRA_HOMOPHONE_PAIRS {
        homophones.entry(a).or_default().push(b);
    }

    let mut by_region: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, d) in depts.iter().enumerate() {
        by_region.entry(d.region.clone()).or_default().push(i);
    }
    let mut bureau_districts: Vec<String> = by_region
        .iter()
        .filter(|(r, ids)| r.ends_with('区') && ids.len() > 2)
        .map(|(r, _)| r.clone())
        .collect();
    bureau_districts.sort();
    let dept_by_name = depts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.clone(), i))
        .collect();
    let mat_by_name = mats
        .iter()
        .enumerate()
        .map(|(i, m)| (m.name.clone(), i))
        .collect();
    Ok(Dicts {
        depts,
        mats,
        dept_forms,
        mat_forms,
        synonyms,
        qualifiers,
        holders,
        vague,
        homophones,
        by_region,
        bureau_districts,
        dept_by_name,
        mat_by_name,
    })
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Spellings a person would read as this department without hesitation: 市X for 上海市X,
/// 浦东新区X for 上海市浦东新区X, X部 for 中华人民共和国X部.
fn derived_dept_forms(d: &Dept) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(rest) = d.name.strip_prefix("上海市") {
        if d.region == "上海市" {
            out.push(format!("市{rest}"));
            out.push(format!("上海{rest}"));
        } else if let Some(local) = rest.strip_prefix(d.region.as_str()) {
            out.push(format!("{}{local}", d.region));
        }
    }
    if let Some(rest) = d.name.strip_prefix("中华人民共和国") {
        out.push(rest.to_string());
    }
    out
}

/// Characters-in-order shortening the way bureaus abbreviate their own names:
/// 上海市发展和改革委员会 → 市发展改革委, 上海市药品监督管理局 → 市药品监管局.
fn shorten(name: &str) -> String {
    let mut s = if let Some(rest) = name.strip_prefix("上海市") {
        format!("市{rest}")
    } else if let Some(rest) = name.strip_prefix("中华人民共和国") {
        rest.to_string()
    } else {
        name.to_string()
    };
    for (from, to) in [
        ("委员会", "委"),
        ("监督管理", "监管"),
        ("办公室", "办"),
        ("人民政府", "政府"),
        ("事务", ""),
        ("和", ""),
    ] {
        s = s.replace(from, to);
    }
    s
}

// ---------------------------------------------------------------------------
// Noise
// ---------------------------------------------------------------------------

/// The submitting unit of one file and what its region makes unambiguous.
struct FileCtx {
    submitter: usize,
    /// `Some(district)` when the submitter is a district bureau.
    district: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Requester,
    Other,
}

/// One generated cell: what is written, the expected standard name, and the noise applied.
struct Noisy {
    text: String,
    expected: String,
    kind: &'static str,
}

impl Noisy {
    fn new(text: String, expected: &str, kind: &'static str) -> Noisy {
        Noisy {
            text,
            expected: expected.to_string(),
            kind,
        }
    }
}

struct Gen<'a> {
    d: &'a Dicts,
    /// Verdicts of the typo ambiguity check, by (kind, text, entry).
    typo_ok: HashMap<(bool, String, usize), bool>,
}

const DEPT_NOTES: &[&str] = &[
    "牵头",
    "配合",
    "行政审批处",
    "政务服务中心",
    "受理窗口",
    "业务处室",
    "信息中心",
];
const MAT_NOTES: &[&str] = &[
    "有效期内",
    "近三年",
    "如有",
    "三证合一",
    "按需提供",
    "首次申请时提供",
    "非本市户籍",
];

/// Departments that are in no dictionary (or not a department at all).
const UNKNOWN_DEPTS: &[&str] = &[
    "街道社区事务受理服务中心",
    "用人单位",
    "相关部门",
    "居委会",
    "村委会",
    "医疗机构",
    "申请人",
    "申请人所在单位",
    "会计师事务所",
    "公证处",
    "物业服务企业",
    "上海市第六人民医院",
    "江苏省公安厅",
    "浙江省市场监督管理局",
    "镇人民政府",
    "各区人民政府",
    "学校",
    "商业银行",
    "市委组织部",
];

/// Real materials that are in no dictionary (checked against the embedded ones: none of them
/// is accepted as a dictionary entry).
const UNKNOWN_MATS: &[&str] = &[
    "房屋平面图",
    "人员名单",
    "经营场所布局图",
    "产品说明书",
    "项目立项批复",
    "厂区平面布置图",
    "消防安全责任书",
    "员工手册",
    "培训记录",
    "资金来源证明",
    "市场调研报告",
    "网站备案截图",
    "质量管理体系文件",
    "租户名单",
    "装修合同",
];

/// Materials that belong to a person (a holder such as 配偶 reads naturally before them).
const PERSONAL: &[&str] = &[
    "居民身份证",
    "居民户口簿",
    "结婚证",
    "离婚证",
    "学历证书",
    "学位证书",
    "社会保障卡",
    "居住证",
    "普通护照",
    "机动车驾驶证",
    "残疾人证",
    "无犯罪记录证明",
    "个人信用报告",
    "收入证明",
    "健康证明",
];
const COMPANY: &[&str] = &[
    "营业执照",
    "公司章程",
    "财务报表",
    "审计报告",
    "银行开户许可证",
    "税务登记证",
    "组织机构代码证",
    "股东会决议",
];
const COMPANY_HOLDERS: &[&str] = &["单位", "企业", "申请单位", "申请企业"];

/// Materials most items ask for; drawn more often than the rest.
const POPULAR: &[&str] = &[
    "居民身份证",
    "居民身份证",
    "居民身份证",
    "营业执照",
    "营业执照",
    "申请表",
    "申请表",
    "居民户口簿",
    "授权委托书",
    "不动产权证书",
    "结婚证",
    "劳动合同",
    "社会保险缴费记录",
    "法定代表人身份证明书",
    "房屋租赁合同",
    "承诺书",
    "照片",
    "学历证书",
];

impl Gen<'_> {
    fn dept(&self, id: usize) -> &Dept {
        &self.d.depts[id]
    }

    /// A department as some bureau would write it.
    fn dept_text(&mut self, rng: &mut Rng, id: usize, ctx: &FileCtx, role: Role) -> Noisy {
        // standard alias short prefix context former typo note spacing
        let weights: [u32; 9] = match role {
            Role::Requester => [50, 24, 8, 7, 4, 0, 4, 0, 3],
            Role::Other => [26, 22, 10, 10, 7, 7, 8, 5, 5],
        };
        let name = self.dept(id).name.clone();
        let kind = rng.weighted(&weights);
        let got = match kind {
            1 => self.dept_alias(rng, id).map(|t| (t, "alias")),
            2 => self.dept_short(id).map(|t| (t, "abbreviation")),
            3 => self.dept_prefix(rng, id).map(|t| (t, "prefix")),
            4 => self
                .dept_context(rng, id, ctx, role)
                .map(|t| (t, "context")),
            5 => self.dept_former(rng, id).map(|t| (t, "former-name")),
            6 => self.dept_typo(rng, id, ctx).map(|t| (t, "typo")),
            7 => {
                let base = self.dept_alias(rng, id).unwrap_or_else(|| name.clone());
                Some((format!("{base}（{}）", rng.pick(DEPT_NOTES)), "note"))
            }
            8 => Some((spaced(rng, &name, self.region_len(id)), "spacing")),
            _ => None,
        };
        match got {
            Some((t, k)) if !self.district_would_claim(&t, id, ctx) => Noisy::new(t, &name, k),
            _ => Noisy::new(name.clone(), &name, "standard"),
        }
    }

    /// In a district bureau's file a name without region (市场监管局) reads as the district's
    /// own bureau when the district has one of that name, so it is not a definite spelling of
    /// the municipal one.
    fn district_would_claim(&self, text: &str, id: usize, ctx: &FileCtx) -> bool {
        let Some(district) = &ctx.district else {
            return false;
        };
        if &self.dept(id).region == district {
            return false;
        }
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let short = district.trim_end_matches("新区").trim_end_matches('区');
        [format!("{district}{t}"), format!("{short}{t}")]
            .iter()
            .any(|f| self.d.dept_forms.owners.contains_key(f))
    }

    /// Characters of the region prefix (上海市, 上海市浦东新区, 中华人民共和国).
    fn region_len(&self, id: usize) -> usize {
        let d = self.dept(id);
        let mut n = 0;
        if d.name.starts_with("上海市") {
            n = 3;
            if d.region.ends_with('区') && d.name[9..].starts_with(d.region.as_str()) {
                n += d.region.chars().count();
            }
        } else if d.name.starts_with("中华人民共和国") {
            n = 7;
        } else if d.name.starts_with("国家税务总局上海市") {
            n = 9;
        }
        n
    }

    fn dept_alias(&self, rng: &mut Rng, id: usize) -> Option<String> {
        let ok: Vec<&String> = self
            .dept(id)
            .aliases
            .iter()
            .filter(|a| self.d.dept_forms.free_for(a, id))
            .collect();
        (!ok.is_empty()).then(|| rng.pick(&ok).to_string())
    }

    fn dept_former(&self, rng: &mut Rng, id: usize) -> Option<String> {
        let ok: Vec<&String> = self
            .dept(id)
            .formers
            .iter()
            .filter(|a| self.d.dept_forms.free_for(a, id))
            .collect();
        (!ok.is_empty()).then(|| rng.pick(&ok).to_string())
    }

    fn dept_short(&self, id: usize) -> Option<String> {
        let d = self.dept(id);
        if d.region.ends_with('区') {
            // 上海市浦东新区发展和改革委员会 → 浦东新区发展改革委
            let rest = d.name.strip_prefix("上海市")?;
            let s = shorten(rest);
            return (s != rest && self.d.dept_forms.free_for(&s, id)).then_some(s);
        }
        let s = shorten(&d.name);
        let plain = derived_dept_forms(d);
        (s != d.name && !plain.contains(&s) && self.d.dept_forms.free_for(&s, id)).then_some(s)
    }

    fn dept_prefix(&self, rng: &mut Rng, id: usize) -> Option<String> {
        let d = self.dept(id);
        let mut opts = derived_dept_forms(d);
        if d.region.ends_with('区')
            && let Some(rest) = d.name.strip_prefix("上海市")
            && let Some(local) = rest.strip_prefix(d.region.as_str())
        {
            // 浦东民政局: the district without 新区/区
            let short = d
                .region
                .trim_end_matches("新区")
                .trim_end_matches('区')
                .to_string();
            if short.chars().count() >= 2 {
                opts.push(format!("{short}{local}"));
            }
        }
        opts.retain(|o| self.d.dept_forms.free_for(o, id));
        (!opts.is_empty()).then(|| rng.pick(&opts).clone())
    }

    /// A name only the file's region makes definite: 民政局 in a municipal bureau's file,
    /// 区民政局 / 本区民政局 in a district bureau's file.
    fn dept_context(&self, rng: &mut Rng, id: usize, ctx: &FileCtx, role: Role) -> Option<String> {
        let d = self.dept(id);
        match &ctx.district {
            Some(district) if &d.region == district => {
                let local = d
                    .name
                    .strip_prefix("上海市")?
                    .strip_prefix(district.as_str())?;
                if local.ends_with("政府") {
                    return None;
                }
                let pre = if rng.pct(50) { "区" } else { "本区" };
                Some(format!("{pre}{local}"))
            }
            None if role == Role::Other && d.region == "上海市" => {
                let bare = d.name.strip_prefix("上海市")?;
                // 人民政府 alone, or a name another entry spells, is not definite.
                (bare.chars().count() >= 3
                    && !bare.starts_with("人民政府")
                    && !self.d.dept_forms.owners.contains_key(bare))
                .then(|| bare.to_string())
            }
            _ => None,
        }
    }

    fn dept_typo(&mut self, rng: &mut Rng, id: usize, ctx: &FileCtx) -> Option<String> {
        let d = self.dept(id);
        let mut bases = vec![d.name.clone()];
        bases.extend(derived_dept_forms(d));
        bases.extend(
            d.aliases
                .iter()
                .filter(|a| self.d.dept_forms.free_for(a, id))
                .cloned(),
        );
        // A typo of a spelling that is not definite in this file is not definite either.
        bases.retain(|b| !self.district_would_claim(b, id, ctx));
        if bases.is_empty() {
            return None;
        }
        let base = rng.pick(&bases).clone();
        let skip = if base == d.name {
            self.region_len(id)
        } else if base.starts_with('市') {
            1
        } else if d.region.ends_with('区') && base.starts_with(d.region.as_str()) {
            d.region.chars().count()
        } else {
            0
        };
        self.typo(rng, &base, skip, id, true)
    }

    /// Replaces one character after `skip` with a homophone, keeping `id` the unique nearest
    /// entry.
    fn typo(
        &mut self,
        rng: &mut Rng,
        base: &str,
        skip: usize,
        id: usize,
        dept: bool,
    ) -> Option<String> {
        let cs = chars(base);
        if cs.len() < skip + 3 {
            return None;
        }
        for _ in 0..4 {
            let pos = skip + rng.below(cs.len() - skip);
            let Some(alts) = self.d.homophones.get(&cs[pos]) else {
                continue;
            };
            let mut t = cs.clone();
            t[pos] = *rng.pick(alts);
            let text: String = t.iter().collect();
            let key = (dept, text.clone(), id);
            let ok = match self.typo_ok.get(&key) {
                Some(v) => *v,
                None => {
                    let forms = if dept {
                        &self.d.dept_forms
                    } else {
                        &self.d.mat_forms
                    };
                    let v = !forms.owners.contains_key(&text) && forms.nearest_is(&text, id);
                    self.typo_ok.insert(key, v);
                    v
                }
            };
            if ok {
                return Some(text);
            }
        }
        None
    }

    /// Several departments in one cell.
    fn dept_multi(&mut self, rng: &mut Rng, ids: &[usize], ctx: &FileCtx) -> Noisy {
        let sep = *rng.pick(&["、", "、", "，", "和"]);
        let mut texts = Vec::new();
        let mut names = Vec::new();
        for &id in ids {
            let t = match self.dept_alias(rng, id) {
                Some(a) if rng.pct(50) && !self.district_would_claim(&a, id, ctx) => a,
                _ => self.dept(id).name.clone(),
            };
            texts.push(t);
            names.push(self.dept(id).name.clone());
        }
        Noisy::new(texts.join(sep), &names.join("、"), "multiple")
    }

    fn mat(&self, id: usize) -> &Material {
        &self.d.mats[id]
    }

    fn mat_alias(&self, rng: &mut Rng, id: usize) -> Option<String> {
        let ok: Vec<&String> = self
            .mat(id)
            .aliases
            .iter()
            .filter(|a| self.d.mat_forms.free_for(a, id))
            .collect();
        (!ok.is_empty()).then(|| rng.pick(&ok).to_string())
    }

    /// The name or an alias.
    fn mat_plain(&self, rng: &mut Rng, id: usize) -> String {
        if rng.pct(45)
            && let Some(a) = self.mat_alias(rng, id)
        {
            return a;
        }
        self.mat(id).name.clone()
    }

    /// A material as some bureau would write it.
    fn mat_text(&mut self, rng: &mut Rng, id: usize) -> Noisy {
        // standard alias qualifier holder typo abbreviation note spacing multiple vague unknown
        const W: [u32; 11] = [30, 18, 10, 5, 6, 4, 4, 2, 7, 5, 5];
        let name = self.mat(id).name.clone();
        let got: Option<(String, &'static str)> = match rng.weighted(&W) {
            1 => self.mat_alias(rng, id).map(|t| (t, "alias")),
            2 => Some((self.qualified(rng, id), "qualifier")),
            3 => self.holder(rng, id).map(|t| (t, "holder")),
            4 => {
                let base = self.mat_plain(rng, id);
                self.typo(rng, &base, 0, id, false).map(|t| (t, "typo"))
            }
            5 => self.mat_short(id).map(|t| (t, "abbreviation")),
            6 => Some((
                format!("{}（{}）", self.mat_plain(rng, id), rng.pick(MAT_NOTES)),
                "note",
            )),
            7 => {
                let base = self.mat_plain(rng, id);
                Some((spaced(rng, &base, 0), "spacing"))
            }
            8 => return self.mat_multi(rng, id),
            9 => return Noisy::new(rng.pick(&self.d.vague).clone(), "", "vague"),
            10 => return Noisy::new(rng.pick(UNKNOWN_MATS).to_string(), "", "unknown"),
            _ => None,
        };
        match got {
            Some((t, k)) => Noisy::new(t, &name, k),
            None => Noisy::new(name.clone(), &name, "standard"),
        }
    }

    fn qualified(&self, rng: &mut Rng, id: usize) -> String {
        let base = self.mat_plain(rng, id);
        let q = rng.pick(&self.d.qualifiers).clone();
        if q.ends_with('的') || q == "彩色" || q == "有效" || q == "加盖公章" {
            format!("{q}{base}")
        } else if rng.pct(30) {
            format!("{base}（{q}）")
        } else {
            format!("{base}{q}")
        }
    }

    fn holder(&self, rng: &mut Rng, id: usize) -> Option<String> {
        let name = &self.mat(id).name;
        let holders: Vec<&str> = if PERSONAL.contains(&name.as_str()) {
            self.d
                .holders
                .iter()
                .map(String::as_str)
                .filter(|h| !COMPANY_HOLDERS.contains(h))
                .collect()
        } else if COMPANY.contains(&name.as_str()) {
            COMPANY_HOLDERS.to_vec()
        } else {
            return None;
        };
        let h = *rng.pick(&holders);
        let base = self.mat_plain(rng, id);
        Some(if rng.pct(30) {
            format!("{h}{base}{}", rng.pick(&["复印件", "原件", "（原件）"]))
        } else {
            format!("{h}{base}")
        })
    }

    /// Characters-in-order shortening: 食品经营许可证 → 食品经营许可, 疾病诊断证明书 → 疾病诊断证明.
    fn mat_short(&self, id: usize) -> Option<String> {
        let name = &self.mat(id).name;
        let s = if let Some(x) = name.strip_suffix("许可证") {
            format!("{x}许可")
        } else if let Some(x) = name.strip_suffix("证明书") {
            format!("{x}证明")
        } else if let Some(x) = name.strip_suffix("登记证书") {
            format!("{x}登记证")
        } else if let Some(x) = name.strip_suffix("证书") {
            format!("{x}证")
        } else {
            return None;
        };
        self.d.mat_forms.free_for(&s, id).then_some(s)
    }

    fn mat_multi(&self, rng: &mut Rng, id: usize) -> Noisy {
        let other = loop {
            let o = self.pick_material(rng);
            if o != id {
                break o;
            }
        };
        let sep = *rng.pick(&["、", "、", "或", "及", "和", "，"]);
        let text = format!(
            "{}{sep}{}",
            self.mat_plain(rng, id),
            self.mat_plain(rng, other)
        );
        Noisy::new(
            text,
            &format!("{}、{}", self.mat(id).name, self.mat(other).name),
            "multiple",
        )
    }

    fn pick_material(&self, rng: &mut Rng) -> usize {
        if rng.pct(40) {
            self.d.mat_by_name[*rng.pick(POPULAR)]
        } else {
            rng.below(self.d.mats.len())
        }
    }

    /// 使用方式 for a material of `category`: a standard name or a phrase (expected: the
    /// method), else blank, undecided, "reduce" without how, or two methods at once.
    fn method_text(&self, rng: &mut Rng, category: &str) -> Noisy {
        // 数据核验 电子证照核验 告知承诺 取消 不减
        let w: [u32; 5] = match category {
            "证照" => [25, 55, 5, 5, 10],
            "证明" => [50, 5, 25, 10, 10],
            "合同协议" => [40, 0, 0, 20, 40],
            "申请表" => [0, 0, 0, 50, 50],
            _ => [10, 0, 20, 30, 40],
        };
        const METHODS: [(&str, &[&str]); 5] = [
            (
                "数据核验",
                &[
                    "数据共享核验",
                    "信息比对",
                    "系统比对",
                    "接口核验",
                    "数据比对",
                    "后台核验",
                    "联网核查",
                    "通过数据共享核验",
                ],
            ),
            (
                "电子证照核验",
                &[
                    "电子证照",
                    "调用电子证照",
                    "电子证照库调取",
                    "证照库核验",
                    "亮证",
                ],
            ),
            (
                "告知承诺",
                &["告知承诺制", "实行告知承诺", "以告知承诺替代", "申请人承诺"],
            ),
            (
                "取消",
                // Not handing in says nothing of how (issue 17): those phrases are in
                // reduce-unstated below.
                &[
                    "直接取消",
                    "不再要求提交",
                    "删除该材料",
                    "取消该材料",
                    "予以取消",
                ],
            ),
            (
                "不减",
                &["保留", "仍需提交", "提交原件", "维持不变", "按原要求提交"],
            ),
        ];
        // standard phrase blank undecided reduce-unstated conflict
        match rng.weighted(&[42, 34, 5, 6, 7, 6]) {
            0 => {
                let (m, _) = METHODS[rng.weighted(&w)];
                Noisy::new(m.to_string(), m, "standard")
            }
            1 => {
                let (m, phrases) = METHODS[rng.weighted(&w)];
                Noisy::new(rng.pick(phrases).to_string(), m, "phrase")
            }
            2 => Noisy::new(String::new(), "", "blank"),
            3 => Noisy::new(
                rng.pick(&["待定", "视情况而定", "待确认", "待研究", "减/不减"])
                    .to_string(),
                "",
                "undecided",
            ),
            4 => Noisy::new(
                // 共享获取 is fetching by sharing, 数据核验 (issue 17), so not here.
                rng.pick(&["可减", "共享", "可以减免", "减免", "免提交"])
                    .to_string(),
                "",
                "reduce-unstated",
            ),
            _ => Noisy::new(
                rng.pick(&[
                    "数据核验或电子证照",
                    "数据核验/电子证照核验",
                    "告知承诺或数据共享",
                    "取消或告知承诺",
                    "电子证照、告知承诺",
                ])
                .to_string(),
                "",
                "conflict",
            ),
        }
    }
}

/// A space (or a full-width one) inside or after the name, after `skip` characters.
fn spaced(rng: &mut Rng, s: &str, skip: usize) -> String {
    let cs = chars(s);
    if rng.pct(30) || cs.len() < skip + 2 {
        return format!("{s}{}", rng.pick(&[" ", "\u{3000}"]));
    }
    let pos = skip.max(1) + rng.below(cs.len() - skip.max(1));
    let mut out: String = cs[..pos].iter().collect();
    out.push(*rng.pick(&[' ', '\u{3000}']));
    out.extend(&cs[pos..]);
    out
}

// ---------------------------------------------------------------------------
// Items and other free text
// ---------------------------------------------------------------------------

const ITEMS: &[&str] = &[
    "药品生产许可证核发",
    "药品经营许可证核发（零售）",
    "第三类医疗器械经营许可",
    "第二类医疗器械经营备案",
    "化妆品生产许可",
    "医疗机构制剂许可证核发",
    "执业药师注册",
    "内地居民婚姻登记（结婚登记）",
    "内地居民婚姻登记（离婚登记）",
    "最低生活保障审批",
    "特困人员救助供养审批",
    "临时救助",
    "社会团体成立登记",
    "老年综合津贴申领",
    "困难残疾人生活补贴",
    "收养登记",
    "支出型贫困家庭生活救助",
    "高龄老人居家养老服务补贴",
    "低收入困难家庭认定",
    "孤儿基本生活费发放",
    "居住证积分申请",
    "就业失业登记",
    "失业保险金申领",
    "创业担保贷款及贴息",
    "工伤认定",
    "引进人才申办本市常住户口",
    "灵活就业人员社会保险费补贴",
    "职业技能提升补贴",
    "企业设立登记",
    "企业变更登记",
    "企业注销登记",
    "食品经营许可",
    "个体工商户设立登记",
    "特种设备使用登记",
    "小型餐饮服务提供者临时备案",
    "建设工程规划许可证核发",
    "建设用地规划许可证核发",
    "国有建设用地使用权及房屋所有权转移登记",
    "不动产抵押登记",
    "不动产转移登记（继承）",
    "医师执业注册",
    "护士执业注册",
    "医疗机构执业登记",
    "出生医学证明签发",
    "独生子女父母奖励费发放",
    "公共场所卫生许可",
    "住房公积金提取",
    "公共租赁住房申请",
    "廉租住房申请",
    "机动车驾驶证补领",
    "出入境证件签发",
    "户口迁入登记",
    "新生儿落户",
    "残疾人证办理",
    "退役军人优待证申领",
    "教师资格认定",
    "民办学校设立审批",
    "排污许可证核发",
    "建筑工程施工许可",
    "道路运输经营许可",
];
const ITEM_VARIANTS: &[&str] = &[
    "",
    "",
    "",
    "（新办）",
    "（变更）",
    "（延续）",
    "（注销）",
    "（补证）",
];
const CATEGORIES: &[&str] = &[
    "行政许可",
    "行政许可",
    "行政确认",
    "行政给付",
    "公共服务",
    "公共服务",
    "其他行政权力",
];
const SITUATIONS: &[&str] = &[
    "",
    "",
    "",
    "首次申请",
    "变更",
    "延续",
    "个人申请",
    "单位申请",
    "委托代办",
    "非本市户籍",
];
const BASES: &[&str] = &[
    "《中华人民共和国行政许可法》",
    "《社会救助暂行办法》第十一条",
    "《上海市居住证积分管理办法》第八条",
    "《药品管理法》第四十一条",
    "《市场主体登记管理条例》第十六条",
    "《不动产登记暂行条例》第十六条",
    "《婚姻登记条例》第五条",
    "《上海市优化营商环境条例》",
    "《国务院关于在全国推开“证照分离”改革的通知》",
    "《就业服务与就业管理规定》第六十一条",
];
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲红建文晨佳怡婷";

fn person(rng: &mut Rng) -> String {
    let s = chars(SURNAMES);
    let g = chars(GIVEN);
    let mut out = String::new();
    out.push(*rng.pick(&s));
    out.push(*rng.pick(&g));
    if rng.pct(60) {
        out.push(*rng.pick(&g));
    }
    out
}

// ---------------------------------------------------------------------------
// Sheets
// ---------------------------------------------------------------------------

/// A cell to write.
enum Cell {
    Text(String),
    Num(f64),
}

/// What to do with one column of the layout.
#[derive(Clone, Copy, PartialEq)]
enum Col {
    Seq,
    Field(usize),
    Remark,
}

/// One file's column layout and header texts.
struct Layout {
    cols: Vec<Col>,
    headers: Vec<String>,
}

fn layout(rng: &mut Rng, d: &Dicts) -> Layout {
    let mut cols = Vec::new();
    if rng.pct(60) {
        cols.push(Col::Seq);
    }
    let optional: [(usize, u32); 9] = [
        (F_PROPOSER, 50),
        (F_CONTACT, 50),
        (F_BASIS, 50),
        (F_SCENE, 40),
        (F_CATEGORY, 50),
        (F_SITUATION, 40),
        (F_FIELDS, 70),
        (F_SOURCE, 85),
        (F_RESPONSIBLE, 60),
    ];
    for f in 0..FIELDS.len() {
        let keep = match optional.iter().find(|(o, _)| *o == f) {
            Some((_, p)) => rng.pct(*p),
            None => true,
        };
        if keep {
            cols.push(Col::Field(f));
        }
    }
    if rng.pct(30) {
        cols.push(Col::Remark);
    }
    // Some bureaus put the columns in their own order.
    if rng.pct(30) {
        let i = 1 + rng.below(cols.len() - 2);
        cols.swap(i, i + 1);
    }
    let mut headers = Vec::new();
    for c in &cols {
        let h = match c {
            Col::Seq => "序号".to_string(),
            Col::Remark => "备注".to_string(),
            Col::Field(f) => {
                let syn = &d.synonyms[*f];
                let base = if syn.is_empty() || rng.pct(50) {
                    FIELDS[*f].to_string()
                } else {
                    rng.pick(syn).clone()
                };
                match rng.below(10) {
                    0 => format!("*{base}"),
                    1 => format!("{base}（必填）"),
                    2 => format!("{base}\n（必填）"),
                    _ => base,
                }
            }
        };
        headers.push(h);
    }
    Layout { cols, headers }
}

/// Where rows go: an xlsx worksheet or a CSV file.
enum Sink<'a> {
    Xlsx(&'a mut Worksheet),
    Csv(Box<csv::Writer<BufWriter<File>>>),
}

struct Formats {
    title: Format,
    header: Format,
    merged: Format,
}

impl Sink<'_> {
    fn row(&mut self, row: u32, cells: &[Option<Cell>], fmt: Option<&Format>) -> Res {
        match self {
            Sink::Xlsx(ws) => {
                for (c, cell) in cells.iter().enumerate() {
                    let col = c as u16;
                    match (cell, fmt) {
                        (Some(Cell::Text(t)), Some(f)) => {
                            ws.write_string_with_format(row, col, t, f)?;
                        }
                        (Some(Cell::Text(t)), None) if !t.is_empty() => {
                            ws.write_string(row, col, t)?;
                        }
                        (Some(Cell::Num(n)), _) => {
                            ws.write_number(row, col, *n)?;
                        }
                        _ => {}
                    }
                }
            }
            Sink::Csv(w) => {
                let rec: Vec<String> = cells
                    .iter()
                    .map(|c| match c {
                        Some(Cell::Text(t)) => t.clone(),
                        Some(Cell::Num(n)) => format!("{n:.0}"),
                        None => String::new(),
                    })
                    .collect();
                w.write_record(&rec)?;
            }
        }
        Ok(())
    }
    /// CSV has no row gaps: pad with empty records up to `row`.
    fn pad_to(&mut self, written: &mut u32, row: u32, width: usize) -> Res {
        if let Sink::Csv(w) = self {
            while *written < row {
                w.write_record(vec![String::new(); width])?;
                *written += 1;
            }
        }
        Ok(())
    }
}

/// Output counters and the truth file.
struct Out {
    truth: BufWriter<File>,
    rows: u64,
    truth_lines: u64,
}

fn tsv(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

struct SheetSpec<'a> {
    file: &'a str,
    sheet: &'a str,
    rows: usize,
    ctx: &'a FileCtx,
    layout: &'a Layout,
    merges: bool,
}

/// Writes one sheet of `spec.rows` data rows, and their truth lines.
fn write_sheet(
    g: &mut Gen,
    rng: &mut Rng,
    sink: &mut Sink,
    fm: &Formats,
    spec: &SheetSpec,
    out: &mut Out,
) -> Res {
    let d = g.d;
    let width = spec.layout.cols.len();
    let sub = &d.depts[spec.ctx.submitter];
    let mut r: u32 = 0;
    let mut csv_written: u32 = 0;
    let xlsx = matches!(sink, Sink::Xlsx(_));

    // Title rows: a title (merged across in xlsx), a 填报单位 line, sometimes a blank.
    let titles = rng.below(4);
    if titles >= 1 {
        let t = format!(
            "{}减材料需求清单",
            g.dept_alias(rng, spec.ctx.submitter)
                .unwrap_or_else(|| sub.name.clone())
        );
        if let Sink::Xlsx(ws) = sink {
            if width > 1 {
                ws.merge_range(r, 0, r, (width - 1) as u16, &t, &fm.title)?;
            } else {
                ws.write_string_with_format(r, 0, &t, &fm.title)?;
            }
        } else {
            let mut cells: Vec<Option<Cell>> = (0..width).map(|_| None).collect();
            cells[0] = Some(Cell::Text(t));
            sink.row(r, &cells, None)?;
            csv_written += 1;
        }
        r += 1;
    }
    if titles >= 2 {
        let unit = if rng.pct(70) {
            sub.name.clone()
        } else {
            g.dept_alias(rng, spec.ctx.submitter)
                .unwrap_or_else(|| sub.name.clone())
        };
        let mut cells: Vec<Option<Cell>> = (0..width).map(|_| None).collect();
        cells[0] = Some(Cell::Text(format!(
            "填报单位：{unit}        填报日期：2024年{}月{}日",
            1 + rng.below(12),
            1 + rng.below(28)
        )));
        sink.pad_to(&mut csv_written, r, width)?;
        sink.row(r, &cells, None)?;
        csv_written += 1;
        r += 1;
    }
    if titles >= 3 {
        r += 1;
    }
    // Header.
    let header_cells: Vec<Option<Cell>> = spec
        .layout
        .headers
        .iter()
        .map(|h| Some(Cell::Text(h.clone())))
        .collect();
    sink.pad_to(&mut csv_written, r, width)?;
    sink.row(r, &header_cells, Some(&fm.header))?;
    csv_written += 1;
    r += 1;

    let col_of = |f: usize| spec.layout.cols.iter().position(|c| *c == Col::Field(f));
    let item_col = col_of(F_ITEM);
    let mut seq = 0u32;
    let mut seq_rows = 0usize;
    let mut left = spec.rows;
    let contact_every = 1 + rng.below(3);
    while left > 0 {
        // One 事项 with 1..=6 materials.
        let n = (1 + rng.below(6)).min(left);
        left -= n;
        let item = format!("{}{}", rng.pick(ITEMS), rng.pick(ITEM_VARIANTS));
        let category = rng.pick(CATEGORIES).to_string();
        let basis = rng.pick(BASES).to_string();
        let proposer = person(rng);
        let phone = if rng.pct(60) {
            Cell::Num(13_000_000_000.0 + rng.below(999_999_999) as f64)
        } else {
            Cell::Text(format!("021-{}", 23_000_000 + rng.below(76_999_999)))
        };
        let merge = xlsx && spec.merges && n > 1 && rng.pct(50);
        // The odd blank or repeated header row between items.
        if rng.below(300) == 0 {
            r += 1;
        } else if rng.below(1500) == 0 {
            sink.pad_to(&mut csv_written, r, width)?;
            sink.row(r, &header_cells, None)?;
            csv_written += 1;
            r += 1;
        }
        let first_row = r;
        let mut mats_used: Vec<usize> = Vec::new();
        for k in 0..n {
            let mid = loop {
                let m = g.pick_material(rng);
                if !mats_used.contains(&m) || mats_used.len() >= 4 {
                    break m;
                }
            };
            mats_used.push(mid);
            let m = &d.mats[mid];
            let mut vals: Vec<Option<Noisy>> = (0..FIELDS.len()).map(|_| None).collect();
            // 需求单位名称: the submitter, now and then blank.
            if !rng.pct(2) {
                let mut v = g.dept_text(rng, spec.ctx.submitter, spec.ctx, Role::Requester);
                // The sheet's first requester must be definite on its own: qingdan (and a
                // reader) take the region of 区… names from it when there is no 填报单位 line.
                if seq_rows == 0 && v.kind == "context" {
                    v = Noisy::new(sub.name.clone(), &sub.name, "standard");
                }
                vals[F_REQUESTER] = Some(v);
            }
            vals[F_MATERIAL] = Some(g.mat_text(rng, mid));
            // 材料来源: the issuer, or a guess, or a non-department.
            let issuer = d.dept_by_name.get(&m.issuer).copied();
            let source = match issuer {
                Some(iid) => match rng.below(100) {
                    0..=79 => Some(g.dept_text(rng, iid, spec.ctx, Role::Other)),
                    80..=87 => None,
                    88..=91 => Some(Noisy::new(
                        rng.pick(UNKNOWN_DEPTS).to_string(),
                        "",
                        "unknown",
                    )),
                    _ => {
                        let other = random_dept(rng, d, spec.ctx);
                        if other == iid {
                            Some(g.dept_text(rng, iid, spec.ctx, Role::Other))
                        } else {
                            Some(g.dept_multi(rng, &[iid, other], spec.ctx))
                        }
                    }
                },
                None => match rng.below(100) {
                    0..=49 => None,
                    50..=79 => Some(Noisy::new(
                        rng.pick(UNKNOWN_DEPTS).to_string(),
                        "",
                        "unknown",
                    )),
                    _ => {
                        let other = random_dept(rng, d, spec.ctx);
                        Some(g.dept_text(rng, other, spec.ctx, Role::Other))
                    }
                },
            };
            // 责任单位名称: often blank, else the issuer again or a pair.
            let responsible = match (issuer, rng.below(100)) {
                (_, 0..=49) => None,
                (Some(iid), 50..=89) => Some(g.dept_text(rng, iid, spec.ctx, Role::Other)),
                (Some(iid), _) => {
                    let other = random_dept(rng, d, spec.ctx);
                    if other == iid {
                        None
                    } else {
                        Some(g.dept_multi(rng, &[iid, other], spec.ctx))
                    }
                }
                (None, 50..=79) => {
                    let other = random_dept(rng, d, spec.ctx);
                    Some(g.dept_text(rng, other, spec.ctx, Role::Other))
                }
                (None, _) => None,
            };
            vals[F_SOURCE] = source;
            vals[F_RESPONSIBLE] = responsible;
            vals[F_METHOD] = Some(g.method_text(rng, &m.category));

            // Unmatched columns.
            let plain = |s: String| Some(Noisy::new(s, "", ""));
            vals[F_ITEM] = plain(item.clone());
            vals[F_CATEGORY] = plain(category.clone());
            vals[F_BASIS] = plain(basis.clone());
            vals[F_PROPOSER] = plain(proposer.clone());
            vals[F_SITUATION] = plain(rng.pick(SITUATIONS).to_string());
            vals[F_SCENE] = plain(format!("办理{item}时核验{}信息", m.name));
            if !m.fields.is_empty() {
                let k = (2 + rng.below(3)).min(m.fields.len());
                let start = rng.below(m.fields.len() - k + 1);
                vals[F_FIELDS] = plain(m.fields[start..start + k].join("、"));
            }

            let mut cells: Vec<Option<Cell>> = Vec::with_capacity(width);
            for (ci, c) in spec.layout.cols.iter().enumerate() {
                let cell = match c {
                    Col::Seq => {
                        seq += 1;
                        Some(Cell::Num(f64::from(seq)))
                    }
                    Col::Remark => (rng.below(20) == 0).then(|| {
                        Cell::Text(rng.pick(&["已对接", "需协调", "试点", "暂缓"]).to_string())
                    }),
                    Col::Field(F_CONTACT) => (k % contact_every == 0).then(|| match &phone {
                        Cell::Num(x) => Cell::Num(*x),
                        Cell::Text(t) => Cell::Text(t.clone()),
                    }),
                    Col::Field(f) => {
                        if merge && Some(ci) == item_col && k > 0 {
                            None
                        } else {
                            vals[*f].as_ref().map(|v| Cell::Text(v.text.clone()))
                        }
                    }
                };
                cells.push(cell);
            }
            // Truth for the matched fields that are present and not blank.
            for f in [F_REQUESTER, F_MATERIAL, F_SOURCE, F_RESPONSIBLE, F_METHOD] {
                if col_of(f).is_none() {
                    continue;
                }
                if let Some(v) = &vals[f]
                    && !v.text.trim().is_empty()
                {
                    writeln!(
                        out.truth,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        spec.file,
                        spec.sheet,
                        r + 1,
                        FIELDS[f],
                        tsv(&v.text),
                        v.expected,
                        v.kind
                    )?;
                    out.truth_lines += 1;
                }
            }
            if merge
                && k == 0
                && let (Some(ic), Sink::Xlsx(ws)) = (item_col, &mut *sink)
            {
                ws.merge_range(r, ic as u16, r + n as u32 - 1, ic as u16, &item, &fm.merged)?;
                // merge_range wrote the item; the plain cell must not be written over it.
                cells[ic] = None;
            }
            sink.pad_to(&mut csv_written, r, width)?;
            sink.row(r, &cells, None)?;
            csv_written += 1;
            r += 1;
            out.rows += 1;
            seq_rows += 1;
        }
        debug_assert!(r > first_row);
    }
    // A note row under the table, now and then.
    if rng.pct(30) {
        let mut cells: Vec<Option<Cell>> = (0..width).map(|_| None).collect();
        cells[0] = Some(Cell::Text(
            rng.pick(&[
                "备注：使用方式请填写数据核验、电子证照核验、告知承诺、取消或不减。",
                "填表说明：材料名称请按办事指南填写。",
                "填报人：张伟    审核人：李敏",
            ])
            .to_string(),
        ));
        sink.pad_to(&mut csv_written, r + 1, width)?;
        sink.row(r + 1, &cells, None)?;
    }
    Ok(())
}

/// A department a material's source might plausibly name: municipal mostly, the file's own
/// district's bureaus in a district file.
fn random_dept(rng: &mut Rng, d: &Dicts, ctx: &FileCtx) -> usize {
    if let Some(dist) = &ctx.district
        && rng.pct(40)
    {
        return *rng.pick(&d.by_region[dist]);
    }
    if rng.pct(8) {
        return *rng.pick(&d.by_region["国家"]);
    }
    *rng.pick(&d.by_region["上海市"])
}

/// Adds a worksheet. Rows are written in order, so it streams to a temporary file
/// (rust_xlsxwriter's constant-memory mode) instead of staying in memory.
fn add_sheet(wb: &mut Workbook) -> Res<&mut Worksheet> {
    Ok(wb.add_worksheet_with_constant_memory()?)
}

const SHEET_NAMES: &[&str] = &[
    "需求清单",
    "市级事项",
    "区级事项",
    "Sheet1",
    "第一批",
    "第二批",
    "减材料清单",
    "汇总",
    "许可类",
    "服务类",
];
const FILE_SUFFIXES: &[&str] = &[
    "减材料需求清单",
    "减材料清单",
    "数据共享需求",
    "清单",
    "需求清单（报送稿）",
];

struct Args {
    rows: usize,
    files: usize,
    sheets: usize,
    out: PathBuf,
    csv: bool,
    seed: u64,
}

fn parse_args() -> Res<Args> {
    let mut a = Args {
        rows: 0,
        files: 0,
        sheets: 2,
        out: PathBuf::new(),
        csv: false,
        seed: 20_240_601,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut val = || {
            it.next()
                .ok_or_else(|| format!("{k} needs a value\n{USAGE}"))
        };
        match k.as_str() {
            "--rows" => a.rows = val()?.replace('_', "").parse()?,
            "--files" => a.files = val()?.parse()?,
            "--sheets" => a.sheets = val()?.parse()?,
            "--out" | "-o" => a.out = PathBuf::from(val()?),
            "--seed" => a.seed = val()?.parse()?,
            "--csv" => a.csv = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(format!("unknown argument `{k}`\n{USAGE}").into()),
        }
    }
    if a.rows == 0 || a.files == 0 || a.sheets == 0 || a.out.as_os_str().is_empty() {
        return Err(USAGE.into());
    }
    Ok(a)
}

fn main() -> Res {
    let args = parse_args()?;
    let t0 = Instant::now();
    let d = build_dicts()?;
    fs::create_dir_all(&args.out)?;
    let mut out = Out {
        truth: BufWriter::with_capacity(1 << 20, File::create(args.out.join("truth.tsv"))?),
        rows: 0,
        truth_lines: 0,
    };
    writeln!(out.truth, "file\tsheet\trow\tfield\traw\texpected\tkind")?;
    let mut g = Gen {
        d: &d,
        typo_ok: HashMap::new(),
    };
    let fm = Formats {
        title: Format::new().set_bold().set_font_size(14),
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
            .set_background_color("D9E1F2"),
        merged: Format::new().set_align(FormatAlign::VerticalCenter),
    };
    // Submitters: municipal bureaus (70%) and the bureaus of districts that have them.
    let municipal: Vec<usize> = d.by_region["上海市"]
        .iter()
        .copied()
        .filter(|&i| d.depts[i].name.starts_with("上海市") && !d.depts[i].name.contains("人民政府"))
        .collect();
    let district: Vec<usize> = d
        .bureau_districts
        .iter()
        .flat_map(|r| d.by_region[r].iter().copied())
        .filter(|&i| !d.depts[i].name.contains("人民政府"))
        .collect();

    let total_sheets = args.files * args.sheets;
    let mut used_names: HashSet<String> = HashSet::new();
    for fi in 0..args.files {
        let mut rng = Rng::new(args.seed.wrapping_mul(1_000_003).wrapping_add(fi as u64));
        let submitter = if rng.pct(70) {
            *rng.pick(&municipal)
        } else {
            *rng.pick(&district)
        };
        let sd = &d.depts[submitter];
        let ctx = FileCtx {
            submitter,
            district: sd.region.ends_with('区').then(|| sd.region.clone()),
        };
        let short = g
            .dept_alias(&mut rng, submitter)
            .unwrap_or_else(|| sd.name.clone());
        let stem = format!("{short}_{}_{:04}", rng.pick(FILE_SUFFIXES), fi + 1);
        assert!(used_names.insert(stem.clone()));
        let lay = layout(&mut rng, &d);
        let merges = rng.pct(60);
        let with_notes_sheet = !args.csv && rng.pct(20);
        let sheet_rows: Vec<usize> = (0..args.sheets)
            .map(|s| {
                let k = fi * args.sheets + s;
                args.rows / total_sheets + usize::from(k < args.rows % total_sheets)
            })
            .collect();
        let mut names: Vec<String> = Vec::new();
        while names.len() < args.sheets {
            let base = rng.pick(SHEET_NAMES).to_string();
            let name = if names.contains(&base) {
                format!("{base}{}", names.len() + 1)
            } else {
                base
            };
            if !names.contains(&name) {
                names.push(name);
            }
        }
        if args.csv {
            for (s, name) in names.iter().enumerate() {
                let fname = if args.sheets == 1 {
                    format!("{stem}.csv")
                } else {
                    format!("{stem}_{name}.csv")
                };
                let sheet = fname.trim_end_matches(".csv").to_string();
                let mut f = BufWriter::new(File::create(args.out.join(&fname))?);
                f.write_all("\u{feff}".as_bytes())?;
                let w = csv::WriterBuilder::new().flexible(true).from_writer(f);
                let mut sink = Sink::Csv(Box::new(w));
                let spec = SheetSpec {
                    file: &fname,
                    sheet: &sheet,
                    rows: sheet_rows[s],
                    ctx: &ctx,
                    layout: &lay,
                    merges,
                };
                write_sheet(&mut g, &mut rng, &mut sink, &fm, &spec, &mut out)?;
                if let Sink::Csv(mut w) = sink {
                    w.flush()?;
                }
            }
        } else {
            let fname = format!("{stem}.xlsx");
            let mut wb = Workbook::new();
            // A fixed creation time, so the same arguments give byte-identical files.
            wb.set_properties(
                &DocProperties::new()
                    .set_author(&sd.name)
                    .set_creation_datetime(&ExcelDateTime::from_ymd(2024, 6, 1)?),
            );
            let notes_first = with_notes_sheet && rng.pct(50);
            if notes_first {
                notes_sheet(add_sheet(&mut wb)?)?;
            }
            for (s, name) in names.iter().enumerate() {
                let ws = add_sheet(&mut wb)?;
                ws.set_name(name)?;
                ws.set_column_range_width(0, (lay.cols.len() - 1) as u16, 16)?;
                let mut sink = Sink::Xlsx(ws);
                let spec = SheetSpec {
                    file: &fname,
                    sheet: name,
                    rows: sheet_rows[s],
                    ctx: &ctx,
                    layout: &lay,
                    merges,
                };
                write_sheet(&mut g, &mut rng, &mut sink, &fm, &spec, &mut out)?;
            }
            if with_notes_sheet && !notes_first {
                notes_sheet(add_sheet(&mut wb)?)?;
            }
            wb.save(args.out.join(&fname))?;
        }
    }
    out.truth.flush()?;
    eprintln!(
        "gen_workload: {} data rows in {} file(s) x {} sheet(s), {} truth lines, {:.1}s -> {}",
        out.rows,
        args.files,
        args.sheets,
        out.truth_lines,
        t0.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}

/// A 填表说明 sheet: text only, no table.
fn notes_sheet(ws: &mut Worksheet) -> Res {
    ws.set_name("填表说明")?;
    for (i, t) in [
        "填表说明",
        "1. 需求单位名称请填写全称。",
        "2. 材料名称请按办事指南填写，一行一项材料。",
        "3. 使用方式填写：数据核验、电子证照核验、告知承诺、取消、不减。",
        "4. 材料来源填写材料的核发部门。",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(i as u32, 0, *t)?;
    }
    Ok(())
}
