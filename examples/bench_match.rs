//! Benchmark of the matching engine against a brute-force strsim scan (and, through the files it
//! writes, against RapidFuzz: see bench/README.md).
//!
//! Usage: `cargo run --release --example bench_match -- [--out DIR] [--queries N] [--issue-only]`
//! (defaults `target/bench` and 20000; `--issue-only` runs only the issue-7 case below).
//!
//! What it does:
//! - builds department dictionaries of 1,000, 10,000 and 50,000 entries: the shipped
//!   departments.csv first, then generated bureaus of ~300 real prefecture-level cities and
//!   real district and county names assigned to them at random (杭州市西湖区民政局). Generated
//!   entries have an empty region column, so the engine's Shanghai region table stays as shipped;
//! - generates noisy queries per size from dictionary names (city dropped, abbreviated,
//!   one-character typo, …), with the labelled eval inputs interleaved;
//! - times, on one thread, the engine's index build, `Engine::lookup`, and a brute-force scan
//!   (strsim normalized Levenshtein on compacted strings, best over every name variant: names,
//!   aliases, former names); warm-up, then the median of 3 runs. Both matchers are timed on the
//!   same first queries of the list (fewer at larger sizes: both cost grows with the size);
//! - scores accuracy on tests/eval with the shipped dictionary (eval::judge / eval::tally for
//!   qingdan; the same tally for the scan accepting at similarity 0.8 and 0.9), on the noisy
//!   queries (was the source entry found), and on tests/eval departments with the largest
//!   dictionary (do 50,000 distractors hurt);
//! - times issue 7's case: 50,000 distinct noisy names against the 50,000-entry dictionary,
//!   matched in parallel on every core as `standardize` does (`par_iter` over distinct keys),
//!   wall time; scores them and writes every answer (decision, names, score, why) to
//!   `answers_50000x50000.tsv`, so two builds of the engine can be compared answer by answer;
//! - writes the dictionaries, name-variant lists, query lists, eval sets, plan.tsv and
//!   results_rust.tsv to the output folder, so bench/rapidfuzz_bench.py uses exactly the same
//!   inputs and can print the figures side by side.
//!
//! `--national` runs only issue 18's case instead: the draft `qingdan dict init --region 全国`
//! writes (every province, city and county, ~110,000 entries) loaded as a dictionary
//! (`Dictionaries::load` + `Engine::departments`, timed, with the memory the index takes), and
//! 50,000 distinct noisy names (or `--queries N`) generated from it (region shortened, bureau abbreviated, one
//! character wrong, …) matched on two threads; every accepted answer is checked for its region
//! and written to `answers_national.tsv`.
//!
//! Deterministic: a fixed-seed LCG, no system randomness.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use pinyin::ToPinyin;
use qingdan::dictionary::{AdminLevel, Department, Dictionaries};
use qingdan::draft::{DraftUnit, RegionTree, Scope, Types};
use qingdan::eval::{self, Case, Judged, Tally};
use qingdan::matching::{Context, Decision, Engine, Outcome, Thresholds};
use qingdan::normalize::compact;
use rayon::prelude::*;

// The allocator the qingdan binary uses (src/main.rs), so lookups cost here what they cost there.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EVAL_DEPTS: &str = include_str!("../tests/eval/departments.tsv");
const EVAL_MATERIALS: &str = include_str!("../tests/eval/materials.tsv");

/// Dictionary sizes (entries, i.e. standard names).
const SIZES: [usize; 3] = [1_000, 10_000, 50_000];
/// Queries timed per size, the same for qingdan and the scan (and the Python side).
const TIMED: [usize; 3] = [3_000, 600, 120];
/// Queries scored for accuracy per size (the first ones of the list; in parallel).
const SCORED: [usize; 3] = [usize::MAX, 2_000, 500];
/// Noisy queries generated per size.
const NOISY_QUERIES: usize = 20_000;
/// One labelled eval input is interleaved after this many noisy queries.
const EVAL_EVERY: usize = 31;
/// Issue 7: this many distinct noisy names against the largest dictionary, on every core.
const ISSUE_QUERIES: usize = 50_000;
/// Similarity cutoffs at which the scan accepts its best entry.
const CUTOFFS: [f64; 2] = [0.8, 0.9];

/// Prefecture-level cities (and the other three municipalities), without 市. Shanghai is left
/// out: the shipped dictionary is Shanghai's.
const CITIES: &str = "\
    北京 天津 重庆 石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 太原 大同 \
    阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁 呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 \
    巴彦淖尔 乌兰察布 沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛 \
    长春 吉林 四平 辽源 通化 白山 松原 白城 哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 \
    七台河 牡丹江 黑河 绥化 南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 \
    宿迁 杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 合肥 芜湖 蚌埠 淮南 \
    马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 福州 厦门 莆田 三明 \
    泉州 漳州 南平 龙岩 宁德 南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶 \
    济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 \
    郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 \
    驻马店 武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 长沙 株洲 湘潭 \
    衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 广州 韶关 深圳 珠海 汕头 佛山 \
    江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 南宁 \
    柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左 海口 三亚 三沙 \
    儋州 成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 \
    雅安 巴中 资阳 贵阳 六盘水 遵义 安顺 毕节 铜仁 昆明 曲靖 玉溪 保山 昭通 丽江 普洱 \
    临沧 拉萨 日喀则 昌都 林芝 山南 那曲 西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 \
    商洛 兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 西宁 海东 银川 \
    石嘴山 吴忠 固原 中卫 乌鲁木齐 克拉玛依 吐鲁番 哈密";

/// District and county names: real ones, assigned to cities at random, so the pairs are made
/// up. None is a Shanghai district or sounds like one (黄埔区, 普陀区, 宝山区 left out).
const DISTRICTS: &str = "\
    城关区 城东区 城西区 城北区 城中区 鼓楼区 西湖区 上城区 拱墅区 滨江区 萧山区 余杭区 \
    玄武区 秦淮区 建邺区 江宁区 浦口区 栖霞区 天河区 越秀区 海珠区 白云区 番禺区 花都区 \
    福田区 罗湖区 南山区 宝安区 龙岗区 武侯区 锦江区 青羊区 金牛区 成华区 雁塔区 碑林区 \
    莲湖区 新城区 未央区 灞桥区 历下区 市中区 槐荫区 天桥区 历城区 江岸区 江汉区 硚口区 \
    汉阳区 武昌区 洪山区 芙蓉区 天心区 岳麓区 开福区 雨花区 思明区 湖里区 集美区 海沧区 \
    同安区 翔安区 台江区 仓山区 晋安区 长安区 桥西区 新华区 裕华区 小店区 迎泽区 杏花岭区 \
    万柏林区 和平区 沈河区 大东区 皇姑区 铁西区 南关区 宽城区 朝阳区 绿园区 道里区 南岗区 \
    道外区 香坊区 瑶海区 庐阳区 蜀山区 包河区 东湖区 青云谱区 青山湖区 金水区 二七区 中原区 \
    惠济区 兴宁区 青秀区 江南区 西乡塘区 龙华区 美兰区 秀英区 南明区 云岩区 花溪区 五华区 \
    盘龙区 官渡区 七里河区 西固区 兴庆区 金凤区 天山区 新市区 水磨沟区 回民区 玉泉区 赛罕区 \
    城厢区 荔城区 涵江区 海曙区 江北区 镇海区 北仑区 鄞州区 越城区 柯桥区 上虞区 吴中区 \
    相城区 姑苏区 虎丘区 吴江区 梁溪区 锡山区 惠山区 滨湖区 新吴区 天宁区 钟楼区 新北区 \
    武进区 金坛区 长兴县 安吉县 德清县 桐庐县 淳安县 平阳县 苍南县 文成县 泰顺县 永嘉县 \
    嘉善县 海盐县 宁海县 象山县 新昌县 浦江县 武义县 磐安县 开化县 常山县 龙游县 仙居县 \
    天台县 三门县 缙云县 遂昌县 松阳县 云和县 庆元县 沛县 丰县 睢宁县 东海县 灌云县 \
    灌南县 涟水县 盱眙县 金湖县 响水县 滨海县 阜宁县 射阳县 建湖县 宝应县 沭阳县 泗阳县 \
    泗洪县 如东县 肥西县 肥东县 长丰县 庐江县 正定县 元氏县 赞皇县 平山县 灵寿县 行唐县 \
    清徐县 阳曲县 娄烦县";

/// Pairs of a character and a same-sounding (or look-alike) one, for one-character typos.
const CONFUSABLE: &str = "\
    监检 管馆 理里 政正 务物 员园 源原 障章 规归 划化 设社 保宝 卫为 健建 发法 改该 革格 \
    民明 财才 审申 计记 统通 商尚 教较 通同 运云 输书 利力 林临 体休 育玉 城成 市是 场厂 \
    督都 综宗 合和 执直 法发 信心 访方 档当 事是 军君 急及 应英 医依 疗聊 区曲 县现 州洲 \
    湖胡 江将 西希 东冬 南难 北背 资姿 源元 人仁 力历 社设 会汇 委未 展站 安按 公工 司思";

/// Bureau types: (full name, usual short form or "", also at district/county level).
const BUREAUS: &[(&str, &str, bool)] = &[
    ("人民政府", "政府", true),
    ("人民政府办公室", "政府办", true),
    ("发展和改革委员会", "发改委", true),
    ("教育局", "", true),
    ("科学技术局", "科技局", true),
    ("工业和信息化局", "工信局", true),
    ("民族宗教事务局", "民宗局", false),
    ("公安局", "", true),
    ("民政局", "", true),
    ("司法局", "", true),
    ("财政局", "", true),
    ("人力资源和社会保障局", "人社局", true),
    ("自然资源和规划局", "自然资源局", true),
    ("生态环境局", "环保局", true),
    ("住房和城乡建设局", "住建局", true),
    ("交通运输局", "交通局", true),
    ("水利局", "", true),
    ("农业农村局", "农业局", true),
    ("商务局", "", true),
    ("文化广电旅游局", "文旅局", true),
    ("卫生健康委员会", "卫健委", true),
    ("退役军人事务局", "退役军人局", true),
    ("应急管理局", "应急局", true),
    ("审计局", "", true),
    ("国有资产监督管理委员会", "国资委", false),
    ("市场监督管理局", "市场监管局", true),
    ("统计局", "", true),
    ("医疗保障局", "医保局", true),
    ("林业局", "", false),
    ("体育局", "", true),
    ("人民防空办公室", "人防办", true),
    ("信访局", "", true),
    ("城市管理综合执法局", "城管局", true),
    ("行政审批服务局", "审批局", true),
    ("大数据管理局", "大数据局", true),
    ("机关事务管理局", "机关事务局", true),
    ("粮食和物资储备局", "粮储局", false),
    ("地方金融监督管理局", "金融局", false),
    ("外事办公室", "外办", false),
    ("档案局", "", true),
    ("乡村振兴局", "", true),
    ("税务局", "", true),
    ("消防救援支队", "消防支队", false),
    ("住房公积金管理中心", "公积金中心", false),
    ("不动产登记中心", "", true),
    ("社会保险事业管理中心", "社保中心", true),
    ("疾病预防控制中心", "疾控中心", true),
    ("红十字会", "", true),
    ("总工会", "", true),
    ("妇女联合会", "妇联", true),
    ("残疾人联合会", "残联", true),
    ("气象局", "", true),
    ("地震局", "", false),
    ("烟草专卖局", "烟草局", false),
    ("邮政管理局", "邮管局", false),
    ("园林绿化局", "园林局", false),
    ("水务局", "", false),
    ("人民法院", "法院", true),
    ("人民检察院", "检察院", true),
    ("公共资源交易中心", "交易中心", true),
    ("政务服务中心", "政务中心", true),
];

/// Characters used when a typo has no confusable character at hand.
const NOISE_CHARS: &str = "的一是了在有人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经";

/// Fixed-seed linear congruential generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A dictionary entry with what the query generator needs to know about its name.
#[derive(Clone)]
struct Entry {
    dept: Department,
    /// The city without 市 (杭州); empty for shipped entries.
    city: String,
    /// Region prefix of the name (杭州市西湖区, 上海市浦东新区); may be empty.
    prefix: String,
    /// District or county (西湖区); may be empty.
    district: String,
    /// The name after its prefix (民政局).
    core: String,
    /// The core's usual short form; may be empty.
    short: String,
}

/// The shipped departments, their region prefix split off.
fn shipped_entries(dict: &Dictionaries) -> Vec<Entry> {
    dict.departments
        .iter()
        .map(|d| {
            let district_prefix = format!("上海市{}", d.region);
            let (prefix, district) = if d.region != "上海市" && d.name.starts_with(&district_prefix)
            {
                (district_prefix, d.region.clone())
            } else if d.name.starts_with("上海市") {
                ("上海市".to_string(), String::new())
            } else {
                (String::new(), String::new())
            };
            Entry {
                dept: d.clone(),
                city: String::new(),
                core: d.name[prefix.len()..].to_string(),
                prefix,
                district,
                short: String::new(),
            }
        })
        .collect()
}

/// The shipped departments followed by generated ones, `n` entries in all. Regions (a city, or
/// a district of a city) come in a fixed shuffled order, each with all its bureaus, so a
/// smaller dictionary is a prefix of a larger one.
fn synthetic(shipped: &[Entry], n: usize) -> Vec<Entry> {
    let cities: Vec<&str> = CITIES.split_whitespace().collect();
    let districts: Vec<&str> = DISTRICTS.split_whitespace().collect();
    let mut rng = Lcg(0x5eed_0001);
    let mut regions: Vec<(usize, Option<usize>)> = Vec::new();
    for ci in 0..cities.len() {
        regions.push((ci, None));
        let k = 4 + rng.below(7);
        let mut taken: Vec<usize> = Vec::new();
        while taken.len() < k {
            let d = rng.below(districts.len());
            if !taken.contains(&d) {
                taken.push(d);
            }
        }
        regions.extend(taken.into_iter().map(|d| (ci, Some(d))));
    }
    for i in (1..regions.len()).rev() {
        let j = rng.below(i + 1);
        regions.swap(i, j);
    }
    let mut out: Vec<Entry> = shipped.to_vec();
    let mut seen: HashSet<String> = out.iter().map(|e| e.dept.name.clone()).collect();
    'regions: for (ci, di) in regions {
        let city = cities[ci];
        let district = di.map(|d| districts[d]).unwrap_or("");
        let prefix = format!("{city}市{district}");
        for &(full, short, at_district) in BUREAUS {
            if out.len() >= n {
                break 'regions;
            }
            if di.is_some() && !at_district {
                continue;
            }
            let (name, alias) = if !district.is_empty() && full == "公安局" {
                (
                    format!("{city}市公安局{district}分局"),
                    format!("{district}公安分局"),
                )
            } else if short.is_empty() {
                (format!("{prefix}{full}"), String::new())
            } else {
                (format!("{prefix}{full}"), format!("{prefix}{short}"))
            };
            if !seen.insert(name.clone()) {
                continue;
            }
            out.push(Entry {
                dept: Department {
                    name,
                    aliases: if alias.is_empty() {
                        vec![]
                    } else {
                        vec![alias]
                    },
                    line: out.len() + 2,
                    ..Department::default()
                },
                city: city.to_string(),
                prefix: prefix.clone(),
                district: district.to_string(),
                core: full.to_string(),
                short: short.to_string(),
            });
        }
    }
    assert_eq!(out.len(), n, "not enough regions for {n} entries");
    out
}

/// One character of `s` (not the first or last) replaced: by a confusable character when
/// there is one, else by a common character.
fn typo(s: &str, rng: &mut Lcg) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() < 3 {
        return s.to_string();
    }
    let pairs: Vec<(char, char)> = CONFUSABLE
        .split_whitespace()
        .filter_map(|p| {
            let mut it = p.chars();
            Some((it.next()?, it.next()?))
        })
        .collect();
    let inner: Vec<usize> = (1..c.len() - 1)
        .filter(|&i| pairs.iter().any(|(a, _)| *a == c[i]))
        .collect();
    if !inner.is_empty() && rng.below(4) != 0 {
        let i = inner[rng.below(inner.len())];
        let alts: Vec<char> = pairs
            .iter()
            .filter(|(a, _)| *a == c[i])
            .map(|(_, b)| *b)
            .collect();
        c[i] = alts[rng.below(alts.len())];
    } else {
        let i = 1 + rng.below(c.len() - 2);
        let pool: Vec<char> = NOISE_CHARS.chars().collect();
        c[i] = pool[rng.below(pool.len())];
    }
    c.into_iter().collect()
}

/// One character (not the last) removed.
fn deletion(s: &str, rng: &mut Lcg) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() < 4 {
        return s.to_string();
    }
    c.remove(rng.below(c.len() - 1));
    c.into_iter().collect()
}

/// Two adjacent inner characters swapped.
fn transposition(s: &str, rng: &mut Lcg) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() < 4 {
        return s.to_string();
    }
    let i = 1 + rng.below(c.len() - 3);
    c.swap(i, i + 1);
    c.into_iter().collect()
}

/// The name without its city (西湖区民政局, 杭州民政局, 浦东新区民政局, 市民政局).
fn without_city(e: &Entry) -> String {
    if !e.district.is_empty() {
        if e.dept.name.starts_with(&e.prefix) {
            format!("{}{}", e.district, e.core)
        } else {
            // 杭州市公安局西湖区分局
            format!("{}公安分局", e.district)
        }
    } else if !e.city.is_empty() {
        format!("{}{}", e.city, e.core)
    } else if !e.prefix.is_empty() {
        format!("市{}", e.core)
    } else {
        e.dept.name.clone()
    }
}

/// The name with the bureau abbreviated (杭州西湖区人社局), else an alias, else a character
/// dropped.
fn abbreviated(e: &Entry, rng: &mut Lcg) -> (String, &'static str) {
    if !e.short.is_empty() {
        let city = if rng.below(2) == 0 {
            format!("{}市", e.city)
        } else {
            e.city.clone()
        };
        return (format!("{city}{}{}", e.district, e.short), "abbreviation");
    }
    if !e.dept.aliases.is_empty() {
        let a = &e.dept.aliases[rng.below(e.dept.aliases.len())];
        return (a.clone(), "alias");
    }
    (deletion(&e.dept.name, rng), "deletion")
}

/// One noisy query for an entry: (query, kind of noise).
fn noisy(e: &Entry, rng: &mut Lcg) -> (String, &'static str) {
    let name = &e.dept.name;
    match rng.below(12) {
        0 => (name.clone(), "exact"),
        1 => match e.dept.aliases.len() {
            0 => (name.clone(), "exact"),
            n => (e.dept.aliases[rng.below(n)].clone(), "alias"),
        },
        2 | 3 => (without_city(e), "no-city"),
        4 | 5 => abbreviated(e, rng),
        6 | 7 => (typo(name, rng), "typo"),
        8 => (deletion(name, rng), "deletion"),
        9 => (typo(&without_city(e), rng), "no-city+typo"),
        10 => (transposition(name, rng), "transposition"),
        _ => {
            let q = match rng.below(4) {
                0 if !e.prefix.is_empty() && name.starts_with(&e.prefix) => {
                    format!("{} {}", e.prefix, e.core)
                }
                1 => format!("{name}（盖章）"),
                2 => format!("{name}等"),
                _ => format!(" {name}；"),
            };
            (q, "spacing")
        }
    }
}

/// A query, its expected standard name(s) (joined with `|`, empty = must not match) and where
/// it came from (`eval`, or the kind of noise).
struct Query {
    text: String,
    expected: String,
    source: String,
}

/// `n` noisy queries drawn from `entries`, one eval input after every `EVAL_EVERY` of them.
fn queries(entries: &[Entry], eval_cases: &[Case], n: usize, seed: u64) -> Vec<Query> {
    let mut rng = Lcg(seed);
    let mut out = Vec::new();
    for i in 0..n {
        if i % EVAL_EVERY == EVAL_EVERY - 1 {
            let c = &eval_cases[(i / EVAL_EVERY) % eval_cases.len()];
            out.push(Query {
                text: c.input.clone(),
                expected: c.expected.join("|"),
                source: "eval".to_string(),
            });
        }
        let e = &entries[rng.below(entries.len())];
        let (text, kind) = noisy(e, &mut rng);
        out.push(Query {
            text,
            expected: e.dept.name.clone(),
            source: kind.to_string(),
        });
    }
    out
}

/// Brute force: the compacted query against every compacted name variant; best similarity.
struct Brute {
    variants: Vec<String>,
    entry_of: Vec<usize>,
    names: Vec<String>,
}

impl Brute {
    fn new<'a>(entries: impl Iterator<Item = (&'a str, Vec<&'a str>)>) -> Brute {
        let mut b = Brute {
            variants: Vec::new(),
            entry_of: Vec::new(),
            names: Vec::new(),
        };
        for (i, (name, others)) in entries.enumerate() {
            b.names.push(name.to_string());
            for v in std::iter::once(name).chain(others) {
                let c = compact(v);
                if !c.is_empty() {
                    b.variants.push(c);
                    b.entry_of.push(i);
                }
            }
        }
        b
    }

    fn departments(ds: &[Department]) -> Brute {
        Brute::new(ds.iter().map(|d| {
            let others = d
                .aliases
                .iter()
                .chain(&d.former_names)
                .map(String::as_str)
                .collect();
            (d.name.as_str(), others)
        }))
    }

    /// (entry, similarity) of the best variant; the first one on ties.
    fn best(&self, query: &str) -> (usize, f64) {
        let q = compact(query);
        if q.is_empty() {
            return (0, 0.0);
        }
        let mut best = (0, -1.0);
        for (i, v) in self.variants.iter().enumerate() {
            let s = strsim::normalized_levenshtein(&q, v);
            if s > best.1 {
                best = (i, s);
            }
        }
        (self.entry_of[best.0], best.1)
    }

    /// Best (entry, similarity) of each case, on every core.
    fn bests(&self, cases: &[Case]) -> Vec<(usize, f64)> {
        cases.par_iter().map(|c| self.best(&c.input)).collect()
    }

    /// The scan's answers as eval judgements: accepted when the similarity reaches `cutoff`.
    fn judged(&self, cases: &[Case], bests: &[(usize, f64)], cutoff: f64) -> Vec<Judged> {
        cases
            .iter()
            .zip(bests)
            .map(|(c, &(e, s))| {
                let auto = s >= cutoff;
                Judged {
                    case: c.clone(),
                    decision: if auto { Decision::Auto } else { Decision::None },
                    got: if auto {
                        vec![self.names[e].clone()]
                    } else {
                        vec![]
                    },
                    why: format!("similarity {s:.3}"),
                }
            })
            .collect()
    }
}

/// qingdan's judgements of eval cases, on every core.
fn judge_par(engine: &Engine, dept: &Engine, cases: &[Case]) -> Vec<Judged> {
    cases
        .par_chunks(16)
        .flat_map_iter(|c| eval::judge(engine, Some(dept), c))
        .collect()
}

/// A character's sound key, as the engine's index has it: toneless pinyin, else the character.
/// A text's sounds, tones dropped: two texts with the same key are homophones.
fn sound_key(s: &str) -> String {
    let mut key = String::from("~");
    for c in compact(s).chars() {
        key.push_str(&sound(c));
        key.push(' ');
    }
    key
}

fn sound(c: char) -> String {
    c.to_pinyin()
        .map(|p| p.plain().to_string())
        .unwrap_or_else(|| c.to_string())
}

/// Share of variants a query reaches through a sound-key prefix filter like the engine's
/// (`Engine::candidates`: the rarest n - ceil(n/2) + 1 keys of the query). A replica on the
/// compacted text, for diagnosis only: the engine also strips known region prefixes first.
struct PrefixFilter {
    postings: HashMap<String, Vec<u32>>,
    variants: usize,
}

impl PrefixFilter {
    fn new(variants: &[String]) -> PrefixFilter {
        let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, v) in variants.iter().enumerate() {
            let mut keys: Vec<String> = v.chars().map(sound).collect();
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                postings.entry(k).or_default().push(i as u32);
            }
        }
        PrefixFilter {
            postings,
            variants: variants.len(),
        }
    }

    fn share(&self, query: &str) -> f64 {
        let mut keys: Vec<String> = compact(query).chars().map(sound).collect();
        keys.sort_unstable();
        keys.dedup();
        let n = keys.len();
        if n == 0 {
            return 0.0;
        }
        let t = n.div_ceil(2).max(1);
        let mut lists: Vec<&Vec<u32>> = keys.iter().filter_map(|k| self.postings.get(k)).collect();
        lists.sort_by_key(|l| l.len());
        let take = (n - t + 1).min(lists.len());
        let reached: HashSet<u32> = lists[..take]
            .iter()
            .flat_map(|l| l.iter().copied())
            .collect();
        reached.len() as f64 / self.variants.max(1) as f64
    }
}

/// Seconds of the median of three runs.
fn median3(mut f: impl FnMut()) -> f64 {
    let mut t = [0.0f64; 3];
    for x in &mut t {
        let start = Instant::now();
        f();
        *x = start.elapsed().as_secs_f64();
    }
    t.sort_by(f64::total_cmp);
    t[1]
}

/// Accuracy on noisy queries.
#[derive(Default, Clone, Copy)]
struct Synth {
    n: usize,
    auto_correct: usize,
    auto_wrong: usize,
    top1: usize,
}

impl Synth {
    /// One query: accepted or not, the accepted answer right, the best candidate right.
    fn add(&mut self, auto: bool, right: bool, top1: bool) {
        self.n += 1;
        if auto && right {
            self.auto_correct += 1;
        } else if auto {
            self.auto_wrong += 1;
        }
        if top1 {
            self.top1 += 1;
        }
    }

    fn pct(&self, x: usize) -> f64 {
        100.0 * x as f64 / self.n.max(1) as f64
    }
}

/// Rows of results_rust.tsv: section, size, matcher, metric, value.
#[derive(Default)]
struct Results(String);

impl Results {
    fn add(&mut self, section: &str, size: &str, matcher: &str, metric: &str, value: f64) {
        let _ = writeln!(self.0, "{section}\t{size}\t{matcher}\t{metric}\t{value}");
    }

    fn tally(&mut self, section: &str, size: &str, matcher: &str, t: &Tally) {
        self.add(
            section,
            size,
            matcher,
            "auto_correct",
            t.auto_correct_rate(),
        );
        self.add(section, size, matcher, "auto_wrong", t.auto_wrong_rate());
        self.add(section, size, matcher, "review", t.review_rate());
        let neg = t.negatives_accepted_rate();
        self.add(section, size, matcher, "negatives_accepted", neg);
    }

    fn synth(&mut self, size: &str, matcher: &str, s: &Synth) {
        let n = s.n.max(1) as f64;
        self.add(
            "noisy",
            size,
            matcher,
            "auto_correct",
            s.auto_correct as f64 / n,
        );
        self.add(
            "noisy",
            size,
            matcher,
            "auto_wrong",
            s.auto_wrong as f64 / n,
        );
        self.add("noisy", size, matcher, "top1", s.top1 as f64 / n);
        self.add("noisy", size, matcher, "n", s.n as f64);
    }
}

fn tally_line(set: &str, matcher: &str, t: &Tally) -> String {
    format!(
        "{:<11} {:<13} {:>11.1}% {:>9.2}% {:>7.1}% {:>13.1}%",
        set,
        matcher,
        100.0 * t.auto_correct_rate(),
        100.0 * t.auto_wrong_rate(),
        100.0 * t.review_rate(),
        100.0 * t.negatives_accepted_rate()
    )
}

const TALLY_HEAD: &str = "set         matcher       auto-correct auto-wrong  review neg. accepted";

fn write(dir: &Path, name: &str, text: &str) -> std::io::Result<()> {
    std::fs::write(dir.join(name), text)
}

fn variants_tsv(b: &Brute) -> String {
    let mut s = String::from("variant\tname\n");
    for (v, &e) in b.variants.iter().zip(&b.entry_of) {
        let _ = writeln!(s, "{v}\t{}", b.names[e]);
    }
    s
}

fn departments_csv(entries: &[Entry]) -> String {
    let mut s = String::from("name,aliases,former_names,code,region\n");
    for e in entries {
        let d = &e.dept;
        let _ = writeln!(
            s,
            "{},{},{},{},{}",
            d.name,
            d.aliases.join("|"),
            d.former_names.join("|"),
            d.code,
            d.region
        );
    }
    s
}

/// Was the noisy query's source entry the answer (accepted, best candidate)?
fn qingdan_synth(o: &Outcome, expected: &str) -> (bool, bool, bool) {
    let best = o.hits.first().or(o.candidates.first());
    let top1 = best.is_some_and(|h| h.name == expected);
    let right = o.hits.len() == 1 && o.hits[0].name == expected;
    (o.decision == Decision::Auto, right, top1)
}

/// `n` distinct noisy queries (no eval rows) drawn from `entries`.
fn distinct_queries(entries: &[Entry], n: usize, seed: u64) -> Vec<Query> {
    let mut rng = Lcg(seed);
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    while out.len() < n {
        let e = &entries[rng.below(entries.len())];
        let (text, kind) = noisy(e, &mut rng);
        if seen.insert(text.clone()) {
            out.push(Query {
                text,
                expected: e.dept.name.clone(),
                source: kind.to_string(),
            });
        }
    }
    out
}

/// Issue 7's case: distinct noisy names against the largest dictionary, looked up in parallel
/// (rayon over every core, as `standardize` does). Returns the report lines; writes every
/// answer to `answers_{size}x{n}.tsv`.
fn issue_case(
    out: &Path,
    d: &Dictionaries,
    entries: &[Entry],
    res: &mut Results,
) -> Result<String, Box<dyn std::error::Error>> {
    let size = entries.len();
    let qs = distinct_queries(entries, ISSUE_QUERIES, 0x1550_e007);
    let engine = Engine::departments(d, Thresholds::default());
    // Warm-up: page in the index and start the pool's threads.
    let _: Vec<Outcome> = qs[..200]
        .par_iter()
        .map(|q| engine.lookup(&q.text, Context::default()))
        .collect();
    let mut walls = Vec::new();
    let mut outcomes: Vec<Outcome> = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        outcomes = qs
            .par_iter()
            .map(|q| engine.lookup(&q.text, Context::default()))
            .collect();
        walls.push(start.elapsed().as_secs_f64());
    }
    walls.sort_by(f64::total_cmp);
    let wall = walls[1];
    let mut synth = Synth::default();
    let mut tsv = String::from("query\texpected\tsource\tdecision\tgot\tscore\tcandidates\twhy\n");
    for (q, o) in qs.iter().zip(&outcomes) {
        let (auto, right, top1) = qingdan_synth(o, &q.expected);
        synth.add(auto, right, top1);
        let cands: Vec<String> = o
            .candidates
            .iter()
            .map(|h| format!("{}:{:.4}", h.name, h.score))
            .collect();
        let _ = writeln!(
            tsv,
            "{}\t{}\t{}\t{}\t{}\t{:.4}\t{}\t{}",
            q.text,
            q.expected,
            q.source,
            o.decision.as_str(),
            o.joined(),
            o.score(),
            cands.join("|"),
            o.why
        );
    }
    write(out, &format!("answers_{size}x{}.tsv", qs.len()), &tsv)?;
    let threads = rayon::current_num_threads();
    let s = size.to_string();
    res.add("issue7", &s, "qingdan", "wall_s", wall);
    res.add("issue7", &s, "qingdan", "threads", threads as f64);
    res.synth(&format!("issue7_{s}"), "qingdan", &synth);
    Ok(format!(
        "{} distinct names x {size} entries, {threads} threads: wall {:.2} s (runs {:.2} / {:.2} / {:.2} s), {:.0} lookups/s\n\
         auto-correct {:.1}%, auto-wrong {:.2}%, top-1 {:.1}%\n",
        qs.len(),
        wall,
        walls[0],
        walls[1],
        walls[2],
        qs.len() as f64 / wall,
        synth.pct(synth.auto_correct),
        synth.pct(synth.auto_wrong),
        synth.pct(synth.top1),
    ))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = PathBuf::from("target/bench");
    let mut n_noisy = NOISY_QUERIES;
    let mut n_given = None;
    let mut issue_only = false;
    let mut national = false;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out = PathBuf::from(it.next().ok_or("--out needs a folder")?),
            "--queries" => {
                n_noisy = it.next().ok_or("--queries needs a number")?.parse()?;
                n_given = Some(n_noisy);
            }
            "--issue-only" => issue_only = true,
            "--national" => national = true,
            "-h" | "--help" => {
                println!(
                    "usage: bench_match [--out DIR] [--queries N] [--issue-only | --national]"
                );
                println!("  defaults: --out target/bench --queries {NOISY_QUERIES}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    std::fs::create_dir_all(&out)?;
    let wall = Instant::now();
    let progress = |what: &str| eprintln!("[{:>5.1}s] {what}", wall.elapsed().as_secs_f64());
    if national {
        let n = n_given.unwrap_or(NATIONAL_QUERIES);
        let report = national_case(&out, n, &progress)?;
        write(&out, "report_national.txt", &report)?;
        print!("{report}");
        return Ok(());
    }
    let dict = Dictionaries::embedded()?;
    let dept_cases = eval::load(EVAL_DEPTS);
    let mat_cases = eval::load(EVAL_MATERIALS);
    write(&out, "eval_departments.tsv", EVAL_DEPTS)?;
    write(&out, "eval_materials.tsv", EVAL_MATERIALS)?;
    let mut plan = String::from("size\ttimed\tscored\n");
    for (i, size) in SIZES.iter().enumerate() {
        let _ = writeln!(plan, "{size}\t{}\t{}", TIMED[i], SCORED[i]);
    }
    write(&out, "plan.tsv", &plan)?;
    let mut res = Results::default();
    let mut report = String::new();
    let shipped = shipped_entries(&dict);
    let all = synthetic(&shipped, SIZES[SIZES.len() - 1]);
    if issue_only {
        let mut d = dict.clone();
        d.departments = all.iter().map(|e| e.dept.clone()).collect();
        progress("issue 7: distinct names against the largest dictionary, every core");
        let issue = issue_case(&out, &d, &all, &mut res)?;
        print!("== Issue 7 ==\n{issue}");
        return Ok(());
    }

    // --- Accuracy with the shipped dictionary ----------------------------------------------
    progress("accuracy on tests/eval with the shipped dictionary");
    let _ = writeln!(report, "== Accuracy on tests/eval, shipped dictionary ==");
    let _ = writeln!(report, "{TALLY_HEAD}");
    let dept_engine = Engine::departments(&dict, Thresholds::default());
    let mat_engine = Engine::materials(&dict, Thresholds::default());
    let dept_brute = Brute::departments(&dict.departments);
    let mat_brute = Brute::new(dict.materials.iter().map(|m| {
        let others = m.aliases.iter().map(String::as_str).collect();
        (m.name.as_str(), others)
    }));
    write(&out, "variants_departments.tsv", &variants_tsv(&dept_brute))?;
    write(&out, "variants_materials.tsv", &variants_tsv(&mat_brute))?;
    let shipped_judged = eval::judge(&dept_engine, Some(&dept_engine), &dept_cases);
    for (set, engine, brute, cases) in [
        ("departments", &dept_engine, &dept_brute, &dept_cases),
        ("materials", &mat_engine, &mat_brute, &mat_cases),
    ] {
        let section = format!("eval_{set}");
        let (t, _) = eval::tally(&eval::judge(engine, Some(&dept_engine), cases));
        let _ = writeln!(report, "{}", tally_line(set, "qingdan", &t));
        res.tally(&section, "shipped", "qingdan", &t);
        let bests = brute.bests(cases);
        for cutoff in CUTOFFS {
            let (t, _) = eval::tally(&brute.judged(cases, &bests, cutoff));
            let m = format!("strsim>={cutoff}");
            let _ = writeln!(report, "{}", tally_line(set, &m, &t));
            res.tally(&section, "shipped", &m, &t);
        }
    }

    // --- Per dictionary size ---------------------------------------------------------------
    let mut speed = String::new();
    let mut noisy_report = String::new();
    let mut big_report = String::new();
    let mut kinds_head = String::from("entries");
    let mut big_excluded = 0;
    let mut kinds_report = String::new();
    for (si, &size) in SIZES.iter().enumerate() {
        let s = size.to_string();
        let entries = &all[..size];
        let mut d = dict.clone();
        d.departments = entries.iter().map(|e| e.dept.clone()).collect();
        let brute = Brute::departments(&d.departments);
        let qs = queries(entries, &dept_cases, n_noisy, 0xbe9c_0000 + size as u64);
        write(
            &out,
            &format!("departments_{size}.csv"),
            &departments_csv(entries),
        )?;
        write(&out, &format!("variants_{size}.tsv"), &variants_tsv(&brute))?;
        let mut qtsv = String::from("query\texpected\tsource\n");
        for q in &qs {
            let _ = writeln!(qtsv, "{}\t{}\t{}", q.text, q.expected, q.source);
        }
        write(&out, &format!("queries_{size}.tsv"), &qtsv)?;

        progress(&format!("{size} entries: index build"));
        black_box(Engine::departments(&d, Thresholds::default()));
        let build = median3(|| {
            black_box(Engine::departments(&d, Thresholds::default()));
        });
        let engine = Engine::departments(&d, Thresholds::default());

        let timed = &qs[..TIMED[si].min(qs.len())];
        progress(&format!(
            "{size} entries: qingdan, {} lookups x 3",
            timed.len()
        ));
        for q in &timed[..timed.len() / 5] {
            black_box(engine.lookup(&q.text, Context::default()));
        }
        let t_q = median3(|| {
            for q in timed {
                black_box(engine.lookup(&q.text, Context::default()));
            }
        });
        progress(&format!(
            "{size} entries: strsim, {} lookups x 3",
            timed.len()
        ));
        for q in &timed[..timed.len() / 5] {
            black_box(brute.best(&q.text));
        }
        let t_b = median3(|| {
            for q in timed {
                black_box(brute.best(&q.text));
            }
        });
        let (q_rate, b_rate) = (timed.len() as f64 / t_q, timed.len() as f64 / t_b);
        let _ = writeln!(
            speed,
            "{:>7} {:>8} {:>9.1} {:>10.0} {:>9.3} {:>10.0} {:>9.3} {:>8.2}x {:>6}",
            size,
            brute.variants.len(),
            build * 1e3,
            q_rate,
            1e3 / q_rate,
            b_rate,
            1e3 / b_rate,
            q_rate / b_rate,
            timed.len()
        );
        res.add("speed", &s, "qingdan", "build_ms", build * 1e3);
        res.add("speed", &s, "qingdan", "lookups_per_s", q_rate);
        res.add("speed", &s, "strsim", "lookups_per_s", b_rate);
        res.add("speed", &s, "all", "timed", timed.len() as f64);
        res.add("speed", &s, "all", "variants", brute.variants.len() as f64);

        // Did the matcher find the entry a noisy query came from?
        let scored: Vec<&Query> = qs[..SCORED[si].min(qs.len())]
            .iter()
            .filter(|q| q.source != "eval")
            .collect();
        progress(&format!(
            "{size} entries: accuracy on {} noisy queries",
            scored.len()
        ));
        let outcomes: Vec<(bool, bool, bool)> = scored
            .par_iter()
            .map(|q| qingdan_synth(&engine.lookup(&q.text, Context::default()), &q.expected))
            .collect();
        let mut sq = Synth::default();
        let mut by_kind: BTreeMap<&str, [Synth; 2]> = BTreeMap::new();
        for (q, (auto, right, top1)) in scored.iter().zip(outcomes) {
            sq.add(auto, right, top1);
            by_kind.entry(&q.source).or_default()[0].add(auto, right, top1);
        }
        let bests: Vec<(usize, f64)> = scored.par_iter().map(|q| brute.best(&q.text)).collect();
        let mut sb = [Synth::default(); 2];
        for (q, (e, sim)) in scored.iter().zip(bests) {
            let right = brute.names[e] == q.expected;
            for (k, cutoff) in CUTOFFS.iter().enumerate() {
                sb[k].add(sim >= *cutoff, right, right);
            }
            by_kind.entry(&q.source).or_default()[1].add(sim >= CUTOFFS[0], right, right);
        }
        let _ = write!(kinds_report, "{size:>7}");
        for (kind, [a, b]) in &by_kind {
            if si == 0 {
                let _ = write!(kinds_head, " {kind:>13}");
            }
            let _ = write!(
                kinds_report,
                " {:>6.0}/{:<6.0}",
                a.pct(a.auto_correct),
                b.pct(b.auto_correct)
            );
            res.add(
                "noisy_kind",
                &s,
                &format!("qingdan/{kind}"),
                "auto_correct",
                a.auto_correct as f64 / a.n.max(1) as f64,
            );
            res.add(
                "noisy_kind",
                &s,
                &format!("strsim>=0.8/{kind}"),
                "auto_correct",
                b.auto_correct as f64 / b.n.max(1) as f64,
            );
        }
        let _ = writeln!(kinds_report);
        let filter = PrefixFilter::new(&brute.variants);
        let reach: f64 =
            scored.iter().map(|q| filter.share(&q.text)).sum::<f64>() / scored.len().max(1) as f64;
        res.add("noisy", &s, "qingdan", "prefix_filter_share", reach);
        let _ = writeln!(
            noisy_report,
            "{:>7} (sound-key prefix filter reaches {:.0}% of the variants on average)",
            size,
            100.0 * reach
        );
        let mut lines = vec![("qingdan".to_string(), sq)];
        lines.extend(
            CUTOFFS
                .iter()
                .zip(sb)
                .map(|(c, x)| (format!("strsim>={c}"), x)),
        );
        for (m, x) in &lines {
            res.synth(&s, m, x);
            let _ = writeln!(
                noisy_report,
                "{:>7} {:<13} {:>11.1}% {:>9.1}% {:>6.1}% {:>6}",
                size,
                m,
                x.pct(x.auto_correct),
                x.pct(x.auto_wrong),
                x.pct(x.top1),
                x.n
            );
        }

        // The labelled departments against the largest dictionary: do distractors hurt?
        if si == SIZES.len() - 1 {
            progress(&format!("{size} entries: tests/eval departments"));
            let section = "eval_departments";
            // A must-not-match row that names a generated entry (北京市公安局) is no longer
            // wrong to match: such rows are left out.
            let generated: HashSet<String> = entries[shipped.len()..]
                .iter()
                .flat_map(|e| std::iter::once(&e.dept.name).chain(&e.dept.aliases))
                .map(|v| compact(v))
                .collect();
            let keep: Vec<usize> = (0..dept_cases.len())
                .filter(|&i| !generated.contains(&compact(&dept_cases[i].input)))
                .collect();
            let big_cases: Vec<Case> = keep.iter().map(|&i| dept_cases[i].clone()).collect();
            let mut tsv = String::from("input\texpected\tcontext\tnote\n");
            for c in &big_cases {
                let e = c.expected.join("|");
                let _ = writeln!(tsv, "{}\t{e}\t{}\t{}", c.input, c.context, c.note);
            }
            write(&out, &format!("eval_departments_{size}.tsv"), &tsv)?;
            big_excluded = dept_cases.len() - big_cases.len();
            let judged = judge_par(&engine, &engine, &big_cases);
            let mut changes = String::from(
                "input\tcontext\texpected\tshipped_decision\tshipped_got\tbig_decision\tbig_got\tbig_why\n",
            );
            let shipped_kept = keep.iter().map(|&i| &shipped_judged[i]);
            for (a, b) in shipped_kept.zip(&judged) {
                if a.decision != b.decision || a.got != b.got {
                    let _ = writeln!(
                        changes,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        a.case.input,
                        a.case.context,
                        a.case.expected.join("|"),
                        a.decision.as_str(),
                        a.got.join("|"),
                        b.decision.as_str(),
                        b.got.join("|"),
                        b.why
                    );
                }
            }
            write(&out, &format!("eval_changes_{size}.tsv"), &changes)?;
            let (t, _) = eval::tally(&judged);
            let _ = writeln!(big_report, "{}", tally_line("departments", "qingdan", &t));
            res.tally(section, &s, "qingdan", &t);
            let bests = brute.bests(&big_cases);
            for cutoff in CUTOFFS {
                let (t, _) = eval::tally(&brute.judged(&big_cases, &bests, cutoff));
                let m = format!("strsim>={cutoff}");
                let _ = writeln!(big_report, "{}", tally_line("departments", &m, &t));
                res.tally(section, &s, &m, &t);
            }
        }
    }

    let _ = writeln!(report);
    let _ = writeln!(report, "== Speed, one thread, median of 3 runs ==");
    let _ = writeln!(
        report,
        "{:>7} {:>8} {:>9} {:>10} {:>9} {:>10} {:>9} {:>9} {:>6}",
        "entries",
        "variants",
        "build ms",
        "qingdan/s",
        "ms each",
        "strsim/s",
        "ms each",
        "q÷strsim",
        "timed"
    );
    report.push_str(&speed);
    let _ = writeln!(report);
    let _ = writeln!(
        report,
        "== Noisy queries: was the source entry found? (top-1: best candidate, any decision) =="
    );
    let _ = writeln!(
        report,
        "{:>7} {:<13} {:>12} {:>10} {:>7} {:>6}",
        "entries", "matcher", "auto-correct", "auto-wrong", "top-1", "n"
    );
    report.push_str(&noisy_report);
    let _ = writeln!(report);
    let _ = writeln!(
        report,
        "== Noisy queries by kind: auto-correct % of qingdan / strsim>=0.8 =="
    );
    let _ = writeln!(report, "{kinds_head}");
    report.push_str(&kinds_report);
    let _ = writeln!(report);
    let big = SIZES[SIZES.len() - 1];
    let _ = writeln!(
        report,
        "== tests/eval departments with the {big}-entry dictionary (shipped + generated) =="
    );
    let _ = writeln!(
        report,
        "({big_excluded} must-not-match rows naming a generated entry, such as 北京市公安局, left out)"
    );
    let _ = writeln!(report, "{TALLY_HEAD}");
    report.push_str(&big_report);
    progress("issue 7: distinct names against the largest dictionary, every core");
    let mut d = dict.clone();
    d.departments = all.iter().map(|e| e.dept.clone()).collect();
    let issue = issue_case(&out, &d, &all, &mut res)?;
    let _ = writeln!(report);
    let _ = writeln!(
        report,
        "== Issue 7: distinct noisy names against the {big}-entry dictionary, every core =="
    );
    report.push_str(&issue);
    write(
        &out,
        "results_rust.tsv",
        &format!("section\tsize\tmatcher\tmetric\tvalue\n{}", res.0),
    )?;
    write(&out, "report_rust.txt", &report)?;
    print!("{report}");
    println!();
    println!(
        "inputs, results_rust.tsv and report_rust.txt written to {} in {:.0} s",
        out.display(),
        wall.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Issue 18: distinct noisy names against the national draft (`--queries` changes it).
const NATIONAL_QUERIES: usize = 50_000;

/// A draft entry with what the noisy names are made of.
struct NatEntry {
    name: String,
    aliases: Vec<String>,
    /// Its `region` column.
    region: String,
    /// What its name starts with (杭州市西湖区); empty for a name of another form.
    prefix: String,
    /// The name after the prefix (民政局).
    core: String,
    /// The region as people shorten it: 西湖区 (city dropped), 杭州, 浙江, 桐庐.
    short_region: String,
    /// The usual short form of the core (人社局); may be empty.
    short_core: String,
    /// Every way of writing its region before `core` that reads as its region alone
    /// (沙县区, 沙县), for telling a noisy name that is another entry's written so.
    region_forms: Vec<String>,
}

fn nat_entries(depts: &[Department], units: &[DraftUnit]) -> Vec<NatEntry> {
    let by_column: HashMap<&str, &DraftUnit> =
        units.iter().map(|u| (u.column.as_str(), u)).collect();
    depts
        .iter()
        .map(|d| {
            let unit = by_column.get(d.region.as_str());
            let prefix = unit
                .map(|u| u.prefix.clone())
                .filter(|p| d.name.starts_with(p.as_str()) && d.name.len() > p.len())
                .unwrap_or_default();
            let core = d.name[prefix.len()..].to_string();
            let short_region = match unit {
                Some(u) if u.level == AdminLevel::County && u.prefix != u.name => u.name.clone(),
                Some(u) if u.level == AdminLevel::County => u.short.clone(),
                Some(u) => u
                    .name
                    .trim_end_matches("维吾尔自治区")
                    .trim_end_matches("壮族自治区")
                    .trim_end_matches("回族自治区")
                    .trim_end_matches("自治区")
                    .trim_end_matches(['省', '市'])
                    .to_string(),
                None => String::new(),
            };
            let short_core = d
                .aliases
                .iter()
                .filter_map(|a| a.strip_prefix(prefix.as_str()))
                .find(|a| !prefix.is_empty() && a.chars().count() < core.chars().count())
                .unwrap_or_default()
                .to_string();
            let mut region_forms: Vec<String> = unit
                .map(|u| vec![u.name.clone(), u.short.clone(), short_region.clone()])
                .unwrap_or_default();
            region_forms.retain(|f| f.chars().count() >= 2 && !prefix.is_empty());
            region_forms.sort();
            region_forms.dedup();
            NatEntry {
                region_forms,
                name: d.name.clone(),
                aliases: d.aliases.clone(),
                region: d.region.clone(),
                prefix,
                core,
                short_region,
                short_core,
            }
        })
        .collect()
}

/// One noisy name for a draft entry, as `noisy` makes them for the generated dictionaries:
/// (name, kind of noise).
fn national_noisy(e: &NatEntry, rng: &mut Lcg) -> (String, &'static str) {
    let name = &e.name;
    let shortened = (!e.prefix.is_empty() && e.short_region.chars().count() >= 2)
        .then(|| format!("{}{}", e.short_region, e.core));
    match rng.below(12) {
        0 => (name.clone(), "exact"),
        1 => match e.aliases.len() {
            0 => (name.clone(), "exact"),
            n => (e.aliases[rng.below(n)].clone(), "alias"),
        },
        2 | 3 => match &shortened {
            Some(s) => (s.clone(), "short-region"),
            None => (name.clone(), "exact"),
        },
        4 | 5 if !e.short_core.is_empty() => {
            let region = if rng.below(2) == 0 {
                &e.prefix
            } else {
                &e.short_region
            };
            (format!("{region}{}", e.short_core), "abbreviation")
        }
        4 | 5 => (deletion(name, rng), "deletion"),
        6 | 7 => (typo(name, rng), "typo"),
        8 => (deletion(name, rng), "deletion"),
        9 => match &shortened {
            Some(s) => (typo(s, rng), "short-region+typo"),
            None => (typo(name, rng), "typo"),
        },
        10 => (transposition(name, rng), "transposition"),
        _ => {
            let q = match rng.below(3) {
                0 => format!("{name}（盖章）"),
                1 => format!("{name}等"),
                _ => format!(" {name}；"),
            };
            (q, "spacing")
        }
    }
}

/// Resident and peak memory of this process, in MiB (/proc/self/status).
fn memory_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| -> f64 {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (kb("VmRSS:") / 1024.0, kb("VmHWM:") / 1024.0)
}

/// Issue 18's case: the national draft as a dictionary. Returns the report.
fn national_case(
    out: &Path,
    n: usize,
    progress: &dyn Fn(&str),
) -> Result<String, Box<dyn std::error::Error>> {
    progress("national draft: dict init --region 全国");
    let embedded = Dictionaries::embedded()?;
    let tree = RegionTree::new(&embedded.regions);
    let ministries = qingdan::draft::national_rows(&embedded.departments);
    let dr = qingdan::draft::draft(&tree, Scope::National, &Types::embedded()?, &ministries)?;
    let dir = out.join("national");
    std::fs::create_dir_all(&dir)?;
    let csv = qingdan::draft::to_csv(&dr.departments);
    write(&dir, "departments.csv", &csv)?;
    drop(embedded);

    progress("national draft: Dictionaries::load + Engine::departments");
    let (rss0, _) = memory_mib();
    let start = Instant::now();
    let d = Dictionaries::load(Some(&dir))?;
    let t_load = start.elapsed().as_secs_f64();
    let (rss1, _) = memory_mib();
    let start = Instant::now();
    let engine = Engine::departments(&d, Thresholds::default());
    let t_engine = start.elapsed().as_secs_f64();
    let (rss2, peak) = memory_mib();

    let entries = nat_entries(&d.departments, &dr.units);
    let mut rng = Lcg(0x1800_0018);
    let mut seen: HashSet<String> = HashSet::new();
    let mut qs: Vec<(String, usize, &'static str)> = Vec::new();
    // A "noisy" name that is another entry's name (新县信访局 from 新龙县信访局), written with
    // its region as people write it (沙县交通运输局 from 金沙县交通运输局: 沙县 is 沙县区) or
    // sounding exactly like one (永生县… from 永善县…: 永胜县's) means that entry as much
    // as the one it was made from: it would count a right answer as wrong, so it is not asked.
    let mut owners: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, x) in d.departments.iter().enumerate() {
        let e = &entries[i];
        let written = e.region_forms.iter().map(|f| format!("{f}{}", e.core));
        for v in std::iter::once(x.name.clone())
            .chain(x.aliases.iter().cloned())
            .chain(x.former_names.iter().cloned())
            .chain(written)
        {
            for key in [compact(&v), sound_key(&v)] {
                let o = owners.entry(key).or_default();
                if !o.contains(&i) {
                    o.push(i);
                }
            }
        }
    }
    // Another's and not its own: a text both may be (抚顺民政局, of 抚顺市 and of 抚顺县) is
    // asked, and the right answer to it is a review.
    let others_own = |text: &str, i: usize| {
        [compact(text), sound_key(text)].iter().any(|k| {
            owners
                .get(k)
                .is_some_and(|o| o.iter().any(|&j| j != i) && !o.contains(&i))
        })
    };
    let shared = |text: &str, i: usize| {
        owners
            .get(&compact(text))
            .is_some_and(|o| o.iter().any(|&j| j != i))
    };
    let mut others = 0;
    while qs.len() < n {
        let i = rng.below(entries.len());
        let (text, kind) = national_noisy(&entries[i], &mut rng);
        // 抚顺市场监督管理局 is 抚顺县's as much as 抚顺市's, and a slip in it (抚顺市厂监督
        // 管理局) may make it either's.
        let e = &entries[i];
        let base_shared =
            kind == "short-region+typo" && shared(&format!("{}{}", e.short_region, e.core), i);
        if base_shared || others_own(&text, i) {
            others += usize::from(seen.insert(text));
            continue;
        }
        if seen.insert(text.clone()) {
            qs.push((text, i, kind));
        }
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build()?;
    progress("national draft: warm-up");
    pool.install(|| {
        let _: Vec<Outcome> = qs[..200]
            .par_iter()
            .map(|q| engine.lookup(&q.0, Context::default()))
            .collect();
    });
    progress(&format!("national draft: {} names on 2 threads", qs.len()));
    let start = Instant::now();
    let outcomes: Vec<Outcome> = pool.install(|| {
        qs.par_iter()
            .map(|q| engine.lookup(&q.0, Context::default()))
            .collect()
    });
    let wall = start.elapsed().as_secs_f64();

    let mut synth = Synth::default();
    let mut wrong_region = 0;
    let mut by_kind: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut tsv = String::from(
        "query\texpected\texpected_region\tkind\tdecision\tgot\tgot_region\tscore\twhy\n",
    );
    for ((text, i, kind), o) in qs.iter().zip(&outcomes) {
        let e = &entries[*i];
        let (auto, right, top1) = qingdan_synth(o, &e.name);
        synth.add(auto, right, top1);
        let got_region: Vec<&str> = o
            .hits
            .iter()
            .map(|h| d.departments[h.id].region.as_str())
            .collect();
        let elsewhere = auto && got_region.iter().any(|r| *r != e.region);
        if elsewhere {
            wrong_region += 1;
        }
        let k = by_kind.entry(kind).or_default();
        k.0 += 1;
        k.1 += usize::from(auto && right);
        k.2 += usize::from(elsewhere);
        let _ = writeln!(
            tsv,
            "{text}\t{}\t{}\t{kind}\t{}\t{}\t{}\t{:.4}\t{}",
            e.name,
            e.region,
            o.decision.as_str(),
            o.joined(),
            got_region.join("|"),
            o.score(),
            o.why
        );
    }
    write(out, "answers_national.tsv", &tsv)?;

    let mut r = String::new();
    let _ = writeln!(
        r,
        "== Issue 18: the national draft (dict init --region 全国) =="
    );
    let _ = writeln!(
        r,
        "draft: {} entries ({} regions), {} name variants in the file, {:.1} MB",
        d.departments.len(),
        dr.units.len(),
        d.departments
            .iter()
            .map(|x| 1 + x.aliases.len() + x.former_names.len())
            .sum::<usize>(),
        csv.len() as f64 / 1e6
    );
    let _ = writeln!(
        r,
        "load: Dictionaries::load {:.2} s, Engine::departments {:.2} s, total {:.2} s (target < 1 s)",
        t_load,
        t_engine,
        t_load + t_engine
    );
    let _ = writeln!(
        r,
        "memory: dictionaries {:.0} MiB, engine index {:.0} MiB (resident growth), peak {:.0} MiB",
        rss1 - rss0,
        rss2 - rss1,
        peak
    );
    let _ = writeln!(
        r,
        "{} distinct noisy names, 2 threads: wall {:.2} s, {:.0} lookups/s (target < 2 s); \
         {others} generated names that are another entry's name, as written or by sound, left out",
        qs.len(),
        wall,
        qs.len() as f64 / wall
    );
    let _ = writeln!(
        r,
        "auto-correct {:.1}%, auto-wrong {:.2}% ({} names), accepted in the wrong region: {}, top-1 {:.1}%",
        synth.pct(synth.auto_correct),
        synth.pct(synth.auto_wrong),
        synth.auto_wrong,
        wrong_region,
        synth.pct(synth.top1)
    );
    let _ = writeln!(
        r,
        "{:<18} {:>7} {:>13} {:>13}",
        "kind", "names", "auto-correct", "wrong region"
    );
    for (k, (n, ok, wr)) in &by_kind {
        let _ = writeln!(
            r,
            "{k:<18} {n:>7} {:>12.1}% {wr:>13}",
            100.0 * *ok as f64 / (*n).max(1) as f64
        );
    }
    let _ = writeln!(r, "answers: {}", out.join("answers_national.tsv").display());
    Ok(r)
}
