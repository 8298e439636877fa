//! Unit tests of the engine: named regressions, and randomized checks that pruning and the
//! parts index change no outcome.

use super::score::is_subsequence;
use super::*;

fn engine() -> Engine {
    Engine::departments(&Dictionaries::embedded().unwrap(), Thresholds::default())
}

/// The materials engine over the shipped dictionary.
fn materials_engine() -> Engine {
    Engine::materials(&Dictionaries::embedded().unwrap(), Thresholds::default())
}

/// The materials engine with standard names only, so a rule is tested, not a listed alias.
fn names_materials_engine() -> Engine {
    let d = crate::eval::names_only(&Dictionaries::embedded().unwrap());
    Engine::materials(&d, Thresholds::default())
}

/// With standard names only, so a rule is tested, not a listed alias.
fn names_engine() -> Engine {
    let d = crate::eval::names_only(&Dictionaries::embedded().unwrap());
    Engine::departments(&d, Thresholds::default())
}

#[test]
fn subsequence() {
    let q: Vec<char> = "发改委".chars().collect();
    let e: Vec<char> = "发展和改革委员会".chars().collect();
    assert!(is_subsequence(&q, &e));
}

#[test]
fn district_never_becomes_municipal() {
    let e = engine();
    let o = e.lookup("浦东新区市场监管局", Context::default());
    assert_eq!(o.joined(), "上海市浦东新区市场监督管理局");
    let o = e.lookup("闵行区药监局", Context::default());
    assert_ne!(o.joined(), "上海市药品监督管理局");
}

#[test]
fn a_municipal_name_after_shi_is_accepted_on_a_municipal_list() {
    // Regression (golden workload): on a municipal list the reading that kept 市 in the name
    // (a fuzzy match) took the context's preference and outranked the reading of 市 as the
    // city, so 市药品监督管理局 went to review beside 上海市市场监督管理局.
    let e = names_engine();
    let top = Context {
        region: Some(Region::Top),
    };
    for cell in ["市药品监督管理局", "市民政局"] {
        let o = e.lookup(cell, top);
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert_eq!(o.joined(), format!("上海{cell}"));
    }
    // On a district's list, the district's own reading ranks the same way.
    let o = e.lookup(
        "区民政局",
        Context {
            region: Some(Region::District(0)),
        },
    );
    assert_ne!(o.joined(), "上海市民政局", "{}", o.why);
}

#[test]
fn a_national_body_listed_before_a_local_one_is_not_its_office() {
    // Regression (100k workload): 中国人民银行 and 上海市人… share 人, and the pair was read
    // as one national body's local office, dropping 中国人民银行.
    let e = engine();
    for cell in [
        "中国人民银行和上海市人力资源和社会保障局",
        "中国人民银行、上海市人民政府",
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.hits.len(), 2, "{cell}: {}", o.why);
        assert_eq!(o.hits[0].name, "中国人民银行");
    }
    let o = e.lookup("国家税务总局上海市浦东新区税务局", Context::default());
    assert_eq!(o.decision, Decision::Auto);
}

#[test]
fn an_entry_that_matches_worse_is_not_accepted_for_its_region() {
    // Regression (1M workload): in a municipal file, 金融监管总橘 ranked the Shanghai
    // office of 金融监管总局 first for its region although the national body scored higher.
    let ctx = Context {
        region: Some(Region::Top),
    };
    let o = engine().lookup("金融监管总橘", ctx);
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_slip_in_the_national_prefix_still_names_the_national_level() {
    // Regression: 国嫁税务总局 (嫁 for 家) hid the prefix, and the whole text came closest to
    // 国家税务局, the core of the Shanghai office's former name 上海市国家税务局: auto to
    // the Shanghai office, the national administration at 0.70.
    let e = engine();
    let o = e.lookup("国嫁税务总局", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "国家税务总局"),
        "{}",
        o.why
    );
    // In a municipal file the region preference ranks the office first: a person decides.
    let top = Context {
        region: Some(Region::Top),
    };
    let o = e.lookup("国嫁税务总局", top);
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
    // 国家税务局 was both the national body's old name and the local 国税局's: unsure.
    let o = e.lookup("国嫁税务局", Context::default());
    assert_eq!(o.decision, Decision::Review, "{}", o.why);
    // The State Council's name with a homophone (屋 for 务) is no sure Shanghai body.
    let o = e.lookup("国屋院国有资产监督管理委员会", top);
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
    let runner = o.runner_up.as_ref().map(|h| h.name.as_str());
    assert_eq!(runner, Some("国务院国有资产监督管理委员会"), "{}", o.why);
}

#[test]
fn a_slip_that_could_be_in_the_region_is_not_accepted() {
    // 上海使药监局: 使 for 食 (食药监局, a former name of 市场监管局) or for 市 (上海市药监局).
    let o = engine().lookup("上海使药监局", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn split_keeps_one_name_with_he() {
    let e = engine();
    let o = e.lookup("上海市发展和改革委员会", Context::default());
    assert_eq!(o.hits.len(), 1);
    let o = e.lookup("市公安局和市民政局", Context::default());
    assert_eq!(o.joined(), "上海市公安局|上海市民政局");
}

#[test]
fn a_cell_that_says_the_state_council_is_national_on_any_list() {
    // 国务院 says the national level as 国家 does: the list's own region gives the city's
    // 国资委 no preference over the State Council's, which the cell names with a slip.
    for list in ["上海市", "闵行区"] {
        assert_accepted(
            &engine(),
            &[(
                "国务院国有资产监堵管理委员会",
                list,
                "国务院国有资产监督管理委员会",
            )],
        );
    }
}

#[test]
fn a_listed_name_written_as_listed_implies_no_prefix() {
    let e = engine();
    for cell in ["上海市检", "央行上海总部"] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert!(!o.why.contains("省略了地区前缀"), "{cell}: {}", o.why);
    }
    let o = e.lookup("人社局", Context::default());
    assert!(o.why.contains("省略了地区前缀"), "{}", o.why);
}

#[test]
fn a_slip_in_the_citys_name_still_names_the_city() {
    // 上害市检 is 上海市检 with a slip: the city's body, not the district's counterpart of a
    // bare kind, nor a body the district lacks.
    assert_accepted(&engine(), &[("上害市检", "徐汇区", "上海市人民检察院")]);
}

#[test]
fn shi_prefix_means_municipal_even_on_a_district_list() {
    // Regression: 市卫生健康委员会 on 闵行's list went to 闵行's bureau through the reading
    // that keeps 市 in the name plus the district context bonus.
    let e = engine();
    let ctx = Context {
        region: e
            .lookup("上海市闵行区卫生健康委员会", Context::default())
            .hits
            .first()
            .map(|h| e.region_of(h.id)),
    };
    assert!(matches!(ctx.region, Some(Region::District(_))));
    let o = e.lookup("市卫生健康委员会", ctx);
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "上海市卫生健康委员会")
    );
    let o = e.lookup("卫生健康委员会", ctx);
    assert_eq!(o.joined(), "上海市闵行区卫生健康委员会");
}

#[test]
fn a_bare_name_starting_with_shi_on_a_municipal_list_is_municipal() {
    // Regression: 市场监督管理局 in a municipal bureau's file went to review, a district's
    // bureau close behind, as the reading that keeps 市 in the name took no context bonus.
    let e = engine();
    let ctx = Context {
        region: Some(Region::Top),
    };
    let o = e.lookup("市场监督管理局", ctx);
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "上海市市场监督管理局"),
        "{}",
        o.why
    );
}

/// The embedded dictionaries with departments.csv replaced by `names` (standard names only).
fn with_departments(names: &[&str]) -> Dictionaries {
    let mut d = Dictionaries::embedded().unwrap();
    d.departments = names
        .iter()
        .enumerate()
        .map(|(i, n)| crate::dictionary::Department {
            name: n.to_string(),
            line: i + 2,
            ..Default::default()
        })
        .collect();
    d
}

#[test]
fn former_type_names_apply_to_the_entries_a_dictionary_has() {
    let d = with_departments(&[
        "杭州市市场监督管理局",
        "杭州市西湖区市场监督管理局",
        "杭州市上城区市场监督管理局",
        "杭州市民政局",
        "杭州市西湖区民政局",
        "杭州市上城区民政局",
    ]);
    let e = Engine::departments(&d, Thresholds::default());
    let o = e.lookup("杭州市工商行政管理局", Context::default());
    assert_eq!(o.decision, Decision::Auto);
    assert_eq!(o.joined(), "杭州市市场监督管理局");
    assert_eq!(o.how(), Some(How::FormerName));
    assert!(o.why.contains("机构改革"), "{}", o.why);
    let o = e.lookup("市质监局", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "杭州市市场监督管理局")
    );
    // A district's former bureau is that district's, never the city's.
    let o = e.lookup("西湖区工商局", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "杭州市西湖区市场监督管理局")
    );
    // No department of the type: the knowledge adds nothing.
    let o = e.lookup("市环保局", Context::default());
    assert_ne!(o.decision, Decision::Auto);
}

#[test]
fn the_old_name_of_a_split_body_is_only_a_suggestion() {
    // 邮政局 became the regulator 邮政管理局 and the operator 邮政公司 (2006).
    let o = engine().lookup("市邮政局", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Review, "上海市邮政管理局")
    );
    assert!(o.why.contains("2006"), "{}", o.why);
}

#[test]
fn a_name_other_materials_go_by_too_is_only_a_suggestion() {
    // reforms.csv: 租赁合同 is most often a house's, but land, equipment and finance leases go
    // by it too; 警官证 is a police officer's card or an armed-police officer's.
    let e = materials_engine();
    for (cell, read) in [("租赁合同", "房屋租赁合同"), ("警官证", "人民警察证")] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(
            (o.decision, o.joined().as_str()),
            (Decision::Review, read),
            "{cell}"
        );
        assert!(o.why.contains("也指"), "{cell}: {}", o.why);
    }
    // The name written out is sure.
    let o = e.lookup("房屋租赁合同", Context::default());
    assert_eq!(o.decision, Decision::Auto);
}

#[test]
fn a_homophone_that_makes_another_real_name_is_not_a_typo() {
    // 税务局 is a real bureau, not a misspelt 水务局, even where the dictionary lacks it.
    let d = with_departments(&["杭州市水务局", "杭州市民政局", "杭州市公安局"]);
    let e = Engine::departments(&d, Thresholds::default());
    let o = e.lookup("杭州市税务局", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
    // A slip no real name makes is accepted.
    let o = e.lookup("杭州市民证局", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "杭州市民政局")
    );
    let o = e.lookup("杭州市水各局", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "杭州市水务局")
    );
}

#[test]
fn an_abbreviation_without_the_word_that_tells_siblings_apart_is_not_sure() {
    // Regression: 户口证明 was accepted as 户口迁移证 (its alias 户口迁移证明 without 迁移),
    // though 户口 heads 居民户口簿's names too and the cell usually means 户籍证明.
    let dict = crate::eval::names_only(&Dictionaries::embedded().unwrap());
    let e = Engine::materials(&dict, Thresholds::default());
    // 医疗机构许可证 drops the word (执业, 制剂) that tells two licences apart.
    for cell in ["户口证", "户口证明", "医疗机构许可证"] {
        let o = e.lookup(cell, Context::default());
        assert!(
            o.decision != Decision::Auto || o.joined() == "户籍证明",
            "{cell}: {} {}",
            o.joined(),
            o.why
        );
    }
    let o = e.lookup("户口证", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Review, "户口迁移证")
    );
    // The word dropped from a name whose head no other entry's name has.
    for (cell, name) in [
        ("出生证明", "出生医学证明"),
        ("台港澳就业证", "台港澳人员就业证"),
        ("不动产权证", "不动产权证书"),
        ("不动产证", "不动产权证书"),
        ("身份证", "居民身份证"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!((o.decision, o.joined().as_str()), (Decision::Auto, name));
    }
    // A dropped second conjunct, or the rest of another material written short, tells
    // nothing apart; a word that narrows the rest (分户) does.
    for (cell, name) in [
        ("拖拉机驾驶证", "拖拉机和联合收割机驾驶证"),
        ("境外驾驶证", "境外机动车驾驶证"),
        // Every name that starts with 物业 goes on with 服务: 服务 tells none apart.
        ("物业合同", "物业服务合同"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!((o.decision, o.joined().as_str()), (Decision::Auto, name));
    }
    let o = materials_engine().lookup("房屋平面图", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn hukou_zhengming_is_the_household_registration_certificate() {
    // A common name of 户籍证明 (reforms.csv), not the migration certificate 户口迁移证.
    let e = materials_engine();
    let o = e.lookup("户口证明", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "户籍证明")
    );
}

#[test]
fn shi_does_not_reach_a_national_body_through_an_implied_prefix() {
    let e = engine();
    let o = e.lookup("市金融监管局", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
    let o = e.lookup("上海金融监管局", Context::default());
    assert_eq!(o.decision, Decision::Auto);
}

#[test]
fn a_national_bodys_local_office_is_local() {
    let d = with_departments(&[
        "上海市水务局",
        "上海市民政局",
        "国家税务总局上海市税务局",
        "国家税务总局上海市浦东新区税务局",
        "上海市浦东新区民政局",
        "上海市浦东新区人民政府",
    ]);
    let e = Engine::departments(&d, Thresholds::default());
    let o = e.lookup("市税务局", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "国家税务总局上海市税务局")
    );
    let o = e.lookup("浦东新区地税局", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "国家税务总局上海市浦东新区税务局")
    );
}

#[test]
fn split_at_the_he_that_separates_names() {
    let e = engine();
    let o = e.lookup(
        "上海市公安局和上海市人力资源和社会保障局",
        Context::default(),
    );
    assert_eq!(o.joined(), "上海市公安局|上海市人力资源和社会保障局");
    assert_eq!(o.decision, Decision::Auto);
}

#[test]
fn pruning_changes_no_outcome() {
    // The shipped dictionary plus its municipal names moved to other cities (region left
    // empty), so many entries compete for each fuzzy query.
    let mut dict = Dictionaries::embedded().unwrap();
    let shipped = dict.departments.clone();
    for city in ["杭州市", "南京市", "苏州市", "宁波市", "合肥市"] {
        for d in &shipped {
            if let Some(rest) = d.name.strip_prefix("上海市") {
                let mut g = d.clone();
                g.name = format!("{city}{rest}");
                g.aliases = d
                    .aliases
                    .iter()
                    .map(|a| a.replace("上海市", city))
                    .collect();
                g.former_names.clear();
                g.region.clear();
                dict.departments.push(g);
            }
        }
    }
    let mut on = Engine::departments(&dict, Thresholds::default());
    on.pruning.plain_below = 0;
    let mut off = on.clone();
    off.pruning.prune = false;
    let mut ctxs = vec![
        Context::default(),
        Context {
            region: Some(Region::Top),
        },
    ];
    for d in 0..on.places.regions.districts.len().min(3) {
        ctxs.push(Context {
            region: Some(Region::District(d as u16)),
        });
    }
    let cases = crate::eval::load(include_str!("../../tests/eval/departments.tsv"));
    for c in &cases {
        let inputs = [c.input.clone(), c.input.replace("上海", "杭州")];
        for input in &inputs {
            for ctx in &ctxs {
                assert_eq!(on.lookup(input, *ctx), off.lookup(input, *ctx), "{input}");
            }
        }
    }
}

/// What `add_noise` draws from: the names' characters, and the engine's groups of
/// characters that sound alike.
fn noise_sources(e: &Engine, names: &[String]) -> (Vec<char>, Vec<Vec<char>>) {
    let pool = names.iter().flat_map(|n| n.chars()).collect();
    let homophones = e
        .typos
        .sound_chars
        .values()
        .filter(|v| v.len() > 1)
        .cloned()
        .collect();
    (pool, homophones)
}

/// A fixed-seed xorshift: `rnd(n)` is a number below n, the same ones every run.
fn xorshift(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}

/// One kind of noise (0-8) on a name: a character deleted, replaced, swapped, written with a
/// homophone, the first few dropped, an in-order short form, one inserted, a random string,
/// the name cut short.
fn add_noise(
    ch: &mut Vec<char>,
    kind: usize,
    rnd: &mut impl FnMut(usize) -> usize,
    pool: &[char],
    homophones: &[Vec<char>],
) {
    match kind {
        0 if ch.len() > 2 => {
            ch.remove(rnd(ch.len()));
        }
        1 => {
            let i = rnd(ch.len());
            ch[i] = pool[rnd(pool.len())];
        }
        2 if ch.len() > 2 => {
            let i = rnd(ch.len() - 1);
            ch.swap(i, i + 1);
        }
        3 => {
            let i = rnd(ch.len());
            if let Some(g) = homophones.iter().find(|g| g.contains(&ch[i])) {
                ch[i] = g[rnd(g.len())];
            }
        }
        4 if ch.len() > 4 => {
            ch.drain(..1 + rnd(3));
        }
        5 => {
            let kept: Vec<char> = (0..ch.len())
                .filter(|&j| j == 0 || rnd(2) == 0)
                .map(|j| ch[j])
                .collect();
            if kept.len() >= 2 {
                *ch = kept;
            }
        }
        6 => {
            let i = rnd(ch.len() + 1);
            ch.insert(i, pool[rnd(pool.len())]);
        }
        7 => *ch = (0..2 + rnd(5)).map(|_| pool[rnd(pool.len())]).collect(),
        _ => {
            let k = rnd(ch.len()).clamp(2, ch.len());
            ch.truncate(k);
        }
    }
}

/// No region, the municipal level, a district: the contexts a list comes from.
const THREE_CONTEXTS: [Context; 3] = [
    Context { region: None },
    Context {
        region: Some(Region::Top),
    },
    Context {
        region: Some(Region::District(0)),
    },
];

/// Cities, districts and kinds of bureau (with a short form) for province-like lists.
const CITIES: [&str; 8] = [
    "杭州市",
    "宁波市",
    "温州市",
    "绍兴市",
    "湖州市",
    "嘉兴市",
    "金华市",
    "衢州市",
];
const DISTRICTS: [&str; 7] = [
    "西湖区",
    "鼓楼区",
    "新城区",
    "江北区",
    "城关区",
    "高新区",
    "上城区",
];
const KINDS: [(&str, &str); 10] = [
    ("民政局", "民政局"),
    ("人力资源和社会保障局", "人社局"),
    ("市场监督管理局", "市场监管局"),
    ("自然资源和规划局", "资规局"),
    ("住房和城乡建设局", "住建局"),
    ("卫生健康委员会", "卫健委"),
    ("公安分局", "公安分局"),
    ("交通运输局", "交通局"),
    ("水务局", "水利局"),
    ("发展和改革委员会", "发改委"),
];

/// The department engine over the embedded dictionaries plus `entries` (name, aliases),
/// with no region, as a province's departments would come, with every lookup pruned
/// (`plain_below` 0); the same engine with no pruning; and the entries' names. At least
/// `kinds` tails must have been split off.
fn province(entries: Vec<(String, Vec<String>)>, kinds: usize) -> (Vec<String>, Engine, Engine) {
    let mut dict = Dictionaries::embedded().unwrap();
    let base = dict.departments[0].clone();
    let names = entries.iter().map(|e| e.0.clone()).collect();
    for (name, aliases) in entries {
        let mut g = base.clone();
        g.name = name;
        g.aliases = aliases;
        g.former_names.clear();
        g.region.clear();
        g.code.clear();
        dict.departments.push(g);
    }
    let mut on = Engine::departments(&dict, Thresholds::default());
    on.pruning.plain_below = 0;
    // A province-like test list is smaller than a province: each kind closes about 50
    // cores, so the index is built to split those off.
    on.parts = Parts::build(&on, 32);
    assert!(on.parts.tails.len() >= kinds, "no kinds split off");
    let mut off = on.clone();
    off.pruning.prune = false;
    (names, on, off)
}

#[test]
fn the_parts_index_changes_no_outcome() {
    // A province-like list: every kind of bureau in every district of every city, so each
    // kind closes more cores than the index built for the test needs (32), and it splits
    // place from kind.
    // Noisy names (city dropped, a slip, a character lost, two swapped, a short form) must
    // get the same outcome with the index and pruning as with every candidate scored.
    let kinds = &KINDS[..8];
    let mut entries = Vec::new();
    for c in CITIES {
        for d in &DISTRICTS[..6] {
            for (k, short) in kinds {
                entries.push((format!("{c}{d}{k}"), vec![format!("{c}{d}{short}")]));
            }
        }
    }
    let (names, on, off) = province(entries, kinds.len());
    let ctxs = [
        Context::default(),
        Context {
            region: Some(Region::Top),
        },
    ];
    let mut n = 0;
    for (i, name) in names.iter().enumerate() {
        let ch: Vec<char> = name.chars().collect();
        let mut noisy = vec![
            ch[3..].iter().collect::<String>(),
            ch.iter()
                .enumerate()
                .filter(|&(j, _)| j != 4 + i % 3)
                .map(|x| x.1)
                .collect(),
        ];
        let mut swapped = ch.clone();
        swapped.swap(5, 6);
        noisy.push(swapped.into_iter().collect());
        let mut slip = ch.clone();
        slip[7] = if slip[7] == '和' { '合' } else { '局' };
        noisy.push(slip.into_iter().collect());
        noisy.push(format!("{}{}", &name[..6], kinds[i % kinds.len()].1));
        for q in &noisy {
            for ctx in ctxs {
                assert_eq!(on.lookup(q, ctx), off.lookup(q, ctx), "{q}");
                n += 1;
            }
        }
    }
    assert_eq!(n, names.len() * 5 * ctxs.len());
}

#[test]
fn pruning_changes_no_outcome_on_random_noisy_names() {
    // Random noise (deleted, swapped, inserted, homophone and random characters, prefixes
    // dropped, in-order short forms, random strings) on a province-like list with bare
    // city-level bureaus and district aliases, so the parts index sees empty heads and
    // tails that are whole cores. Fixed seed: the same names every run. The municipal
    // context is the one where 市… names have two readings that rank an entry apart, so an
    // entry's best score can come from a variant pruning left out (`score_listed`).
    let mut rnd = xorshift(0x9e37_79b9_7f4a_7c15);
    let kinds = &KINDS;
    let mut entries = Vec::new();
    for c in CITIES {
        for d in DISTRICTS {
            for (k, short) in kinds {
                if rnd(4) == 0 {
                    continue;
                }
                let mut aliases = vec![format!("{c}{d}{short}")];
                if rnd(3) == 0 {
                    aliases.push(format!("{d}{k}"));
                }
                entries.push((format!("{c}{d}{k}"), aliases));
            }
        }
        for (k, _) in kinds.iter().take(4) {
            entries.push((format!("{c}{k}"), Vec::new()));
        }
    }
    let (names, on, off) = province(entries, kinds.len());
    let (pool, homophones) = noise_sources(&on, &names);
    let ctxs = THREE_CONTEXTS;
    for _ in 0..2_000 {
        let mut ch: Vec<char> = names[rnd(names.len())].chars().collect();
        for _ in 0..1 + rnd(4) {
            add_noise(&mut ch, rnd(9), &mut rnd, &pool, &homophones);
        }
        let q: String = ch.into_iter().collect();
        for ctx in ctxs {
            assert_eq!(on.lookup(&q, ctx), off.lookup(&q, ctx), "{q} {ctx:?}");
        }
    }
}

#[test]
fn a_lookup_that_only_resolves_decides_as_the_full_one() {
    // Pieces of a split cell are looked up only to know whether they resolve surely, with
    // ranks below what can matter to that skipped (`Prune::floor`): on random noisy names
    // the decision to accept, and the accepted hit and its explanation, must be the full
    // lookup's, with the pruned and with the plain search.
    let mut rnd = xorshift(0x2545_f491_4f6c_dd1d);
    let mut entries = Vec::new();
    for c in CITIES {
        for d in DISTRICTS {
            for (k, short) in KINDS {
                entries.push((format!("{c}{d}{k}"), vec![format!("{c}{d}{short}")]));
            }
        }
        for (k, _) in KINDS.iter().take(4) {
            entries.push((format!("{c}{k}"), Vec::new()));
        }
    }
    let (names, on, off) = province(entries, KINDS.len());
    let pool: Vec<char> = names.iter().flat_map(|n| n.chars()).collect();
    let ctxs = THREE_CONTEXTS;
    let mut auto = 0;
    for _ in 0..3_000 {
        let mut ch: Vec<char> = names[rnd(names.len())].chars().collect();
        for _ in 0..rnd(3) {
            add_noise(&mut ch, [0, 1, 4, 6][rnd(4)], &mut rnd, &pool, &[]);
        }
        let q: String = ch.into_iter().collect();
        for e in [&on, &off] {
            for ctx in ctxs {
                let full = e.lookup_one(&q, ctx, false);
                let resolved = e.lookup_one(&q, ctx, true);
                let sure = |o: &Outcome| o.decision == Decision::Auto;
                assert_eq!(sure(&full), sure(&resolved), "{q} {ctx:?}");
                if sure(&full) {
                    auto += 1;
                    assert_eq!(full.hits, resolved.hits, "{q} {ctx:?}");
                    assert_eq!(full.why, resolved.why, "{q} {ctx:?}");
                }
            }
        }
    }
    assert!(auto > 3_000, "too few automatic matches to test: {auto}");
}

#[test]
fn another_regions_body_is_foreign_and_gets_no_suggestion() {
    let e = engine();
    for (cell, region) in [
        ("杭州市市场监督管理局", "浙江省杭州市"),
        ("杭州市场监管局", "浙江省杭州市"),
        ("浙江省公安厅", "浙江省"),
        ("西湖区民政局", "浙江省杭州市西湖区"),
        ("新疆维吾尔自治区公安厅", "新疆维吾尔自治区"),
        // A national body's office there is that region's as much.
        ("国家税务总局杭州市税务局", "浙江省杭州市"),
        ("国家金融监督管理总局江苏监管局", "江苏省"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::None, "{cell}");
        assert!(o.hits.is_empty() && o.runner_up.is_none(), "{cell}");
        assert_eq!(o.foreign.as_deref(), Some(region), "{cell}");
    }
    // Shanghai's own: its 普陀区 (Zhoushan has one too), and streets named after provinces.
    for cell in [
        "普陀区民政局",
        "江苏路街道办事处",
        "南京东路街道",
        "上海市民政局",
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.foreign, None, "{cell}");
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
    }
}

#[test]
fn a_region_named_inside_any_text_is_found() {
    let e = engine();
    let minhang = e.region_named("闵行区");
    assert!(minhang.is_some());
    assert_eq!(e.region_in("闵行区政务服务办（汇总）", true), minhang);
    assert_eq!(e.region_in("上海市公安局闵行分局", true), minhang);
    assert_eq!(e.region_in("2024年闵行区数据共享需求", false), minhang);
    assert_eq!(e.region_in("上海市数据共享需求", true), Some(Region::Top));
    assert_eq!(e.region_in("上海市数据共享需求", false), None);
    assert_eq!(e.region_in("浦东新区和闵行区", true), None);
    assert_eq!(e.region_label(minhang.unwrap()), "闵行区");
}

#[test]
fn the_filters_shortcuts_keep_every_candidate_the_full_sums_would() {
    // Material cells name a material inside longer text, with slips; department cells are
    // the shipped names with noise. The shortcut walk (probing past the floor, contained
    // materials found by their heaviest sound) must let through exactly what the full walk
    // of every list does.
    let dict = Dictionaries::embedded().unwrap();
    let mut rnd = xorshift(0x2545_f491_4f6c_dd1d);
    for e in [
        Engine::materials(&dict, Thresholds::default()),
        Engine::departments(&dict, Thresholds::default()),
    ] {
        let names: Vec<String> = e.entries.names.clone();
        let (pool, homophones) = noise_sources(&e, &names);
        // Departments are written alone in their cells.
        let wraps: &[&str] = match e.kind {
            Kind::Material => &[
                "",
                "申请人",
                "提供",
                "的复印件",
                "（原件）",
                "及相关证明材料",
            ],
            Kind::Department => &[""],
        };
        let mut checked = 0;
        for _ in 0..3_000 {
            let mut ch: Vec<char> = names[rnd(names.len())].chars().collect();
            for _ in 0..rnd(3) {
                add_noise(&mut ch, rnd(9), &mut rnd, &pool, &homophones);
            }
            let q = format!(
                "{}{}{}",
                wraps[rnd(wraps.len())],
                ch.into_iter().collect::<String>(),
                wraps[rnd(wraps.len())]
            );
            let qs: Vec<u32> = q.chars().map(sound).collect();
            let short = e.filter(&qs, false);
            assert_eq!(short, e.filter(&qs, true), "{q}");
            checked += usize::from(!short.is_empty());
        }
        assert!(
            checked > 1_500,
            "{:?}: too few queries had candidates: {checked}",
            e.kind
        );
    }
}

#[test]
fn a_word_ending_as_holders_do_is_taken_off_only_before_a_listed_name() {
    let e = materials_engine();
    let ctx = Context::default();
    // 购房人, 投资方, 施工单位: whose copy it is; the rest is a listed name.
    for (cell, want) in [
        ("购房人居民身份证", "居民身份证"),
        ("投资方营业执照", "营业执照"),
        ("收养人无犯罪记录证明", "无犯罪记录证明"),
        // 电子: the licence in electronic form.
        ("电子结婚证", "结婚证"),
    ] {
        let o = e.lookup(cell, ctx);
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert_eq!(o.joined(), want, "{cell}");
    }
    // 安全管理人|员证书 splits a word: the rest is no name, so nothing is read through it.
    let o = e.lookup("安全管理人员证书", ctx);
    assert!(!o.why.contains("安全管理人”"), "{}", o.why);
    // 外国人 (or 外过人, a slip of it) starts a material's own name; 照片及法人 is two names.
    for cell in ["外国人体检表", "外过人体检表"] {
        assert_eq!(e.lookup(cell, ctx).joined(), "外国人体格检查记录", "{cell}");
    }
    assert_eq!(e.lookup("照片及法人授权委托书", ctx).hits.len(), 2);
}

#[test]
fn a_word_inside_a_materials_name_that_starts_another_makes_it_unsure() {
    let e = materials_engine();
    let ctx = Context::default();
    // 医疗器械 starts 医疗器械经营许可证 and others: 医疗器械广告审查证明 is another
    // 广告审查证明 than 医疗广告审查证明. 无违法 starts 无违法违规证明.
    for cell in ["医疗器械广告审查证明", "无违法犯罪记录证明"] {
        let o = e.lookup(cell, ctx);
        assert_eq!(o.decision, Decision::Review, "{cell}: {}", o.why);
    }
    // 企业 and 认证 start no name there: fillers, and the name is still sure.
    for (cell, want) in [
        ("药品生产企业许可证", "药品生产许可证"),
        ("药品GMP认证证书", "药品GMP证书"),
    ] {
        let o = e.lookup(cell, ctx);
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert_eq!(o.joined(), want, "{cell}");
    }
}

#[test]
fn in_a_sentence_the_material_is_what_is_handed_in() {
    let e = materials_engine();
    assert_accepted(
        &e,
        &[
            ("申请人需提交其居民身份证原件及复印件", "", "居民身份证"),
            ("如申请人已婚，还需提供结婚证", "", "结婚证"),
            ("项目负责人需具有注册建造师证书", "", "注册建造师证书"),
        ],
    );
    // Only a listed name counts after the verb: 护照 is no listed name, and which passport
    // it is stays a person's to say (unless a foreigner hands it in: see
    // a_foreigners_material_is_the_foreign_one_the_dictionary_lists).
    let o = e.lookup("申请人应提交有效护照", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_negation_written_in_or_left_out_makes_the_opposite_material() {
    let e = materials_engine();
    for cell in ["香港非永久性居民身份证", "犯罪记录证明"] {
        let o = e.lookup(cell, Context::default());
        assert_ne!(o.decision, Decision::Auto, "{cell}: {}", o.why);
    }
    // A lookalike (lookalikes.csv) is still a slip.
    assert_accepted(&e, &[("肆业证书", "", "肄业证书")]);
}

#[test]
fn a_lists_number_before_a_material_is_no_part_of_it() {
    let e = materials_engine();
    assert_accepted(
        &e,
        &[
            ("⑤出生医学证明", "", "出生医学证明"),
            ("3、授权委托书", "", "授权委托书"),
        ],
    );
    // A number that counts with what follows stays (第二类 is written 2类): no reading
    // without it is accepted.
    let o = e.lookup("2类医疗器械经营备案凭证", Context::default());
    assert!(
        o.decision != Decision::Auto || o.joined() == "第二类医疗器械经营备案凭证",
        "{}",
        o.why
    );
}

#[test]
fn a_short_form_of_one_material_only_is_accepted() {
    let e = Engine::materials(&rules_only(), Thresholds::default());
    let o = e.lookup("商标证", Context::default());
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
    assert_eq!(o.joined(), "商标注册证");
    // Three characters: two initials and the name's own ending.
    for (cell, want) in [
        ("低保证", "最低生活保障证"),
        ("网文证", "网络文化经营许可证"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert_eq!(o.joined(), want, "{cell}");
    }
    // One word kept with the ending is a kind of document about it, not these initials.
    let o = e.lookup("捕捞证", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
    // 医疗机构许可证 is short for 医疗机构执业许可证 and 医疗机构制剂许可证 alike.
    let o = e.lookup("医疗机构许可证", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_former_district_means_the_district_that_holds_it_today() {
    // Standard names only: the merge is known from former_regions.csv, not from any entry.
    let d = crate::eval::names_only(&Dictionaries::embedded().unwrap());
    let e = Engine::departments(&d, Thresholds::default());
    let o = e.lookup("卢湾区卫生局", Context::default());
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
    assert_eq!(o.joined(), "上海市黄浦区卫生健康委员会");
    // 川沙 is listed only as 川沙县: 川沙镇 stays the town.
    let o = e.lookup("川沙镇", Context::default());
    assert!(o.joined().contains("川沙新镇"), "{}", o.why);
}

#[test]
fn a_slip_inside_a_long_official_name_is_read_through() {
    // Dev half of the blind set: each returned nothing. A district written with a homophone
    // after its short form, an agency's local name with a homophone, a branch's 分局 so.
    let e = names_engine();
    for (cell, want, said) in [
        ("浦东心区民政局", "上海市浦东新区民政局", "浦东心区"),
        (
            "国家税务总局上海市徐汇区税物局",
            "国家税务总局上海市徐汇区税务局",
            "物",
        ),
        ("上海市公安局闵行分居", "上海市公安局闵行分局", "居"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert_eq!(o.joined(), want, "{cell}");
        assert!(o.why.contains(said), "{cell}: the slip is said: {}", o.why);
    }
    // Another first character is another bureau, not the agency's office (the 100k
    // workload's 国家税务总局上海市水务局 was accepted as 上海市水务局).
    let o = e.lookup("国家税务总局上海市浦东新区水务局", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_body_written_with_a_label_a_tail_or_without_its_kind_is_that_body() {
    let e = engine();
    assert_accepted(
        &e,
        &[
            ("发证机关：上海市交通委员会", "", "上海市交通委员会"),
            ("上海市公安局及其下属单位", "", "上海市公安局"),
            ("区民政", "虹口区", "上海市虹口区民政局"),
            ("市民政", "", "上海市民政局"),
        ],
    );
    // 疾控 is 疾控局 or 疾控中心; a bare 民政 names no level.
    for cell in ["市疾控", "民政"] {
        let o = e.lookup(cell, Context::default());
        assert_ne!(o.decision, Decision::Auto, "{cell}: {}", o.why);
    }
    // A bureau's 办 is an office of it; a 办 after a government is a body of its own.
    let baoshan = e.region_named("宝山区");
    let o = e.lookup("区教育局招生办", Context { region: baoshan });
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "上海市宝山区教育局"),
        "{}",
        o.why
    );
    let o = e.lookup("上海市人民政府合作交流办", Context::default());
    assert_eq!(o.joined(), "上海市人民政府合作交流办公室", "{}", o.why);
    // A tax bureau's 稽查局 points to the bureau, for a person to confirm.
    let o = e.lookup("国家税务总局上海市税务局第一稽查局", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Review, "国家税务总局上海市税务局"),
        "{}",
        o.why
    );
}

/// Asserts each (cell, district of the list or "", standard name) is accepted as that name.
pub(super) fn assert_accepted(e: &Engine, cases: &[(&str, &str, &str)]) {
    for &(cell, district, want) in cases {
        let ctx = Context {
            region: e.region_named(district),
        };
        let o = e.lookup(cell, ctx);
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert_eq!(o.joined(), want, "{cell}");
    }
}

#[test]
fn a_districts_name_implies_readings_of_its_own() {
    let e = names_engine();
    let ctx = |d: &str| Context {
        region: e.region_named(d),
    };
    assert_accepted(
        &e,
        &[
            ("松江公安", "", "上海市公安局松江分局"),
            ("金山税务", "", "国家税务总局上海市金山区税务局"),
            ("普陀区区政府", "", "上海市普陀区人民政府"),
            ("静安寺街道办", "", "上海市静安区静安寺街道办事处"),
            ("嘉定镇街道", "", "上海市嘉定区嘉定镇街道办事处"),
            ("区级民政局", "嘉定区", "上海市嘉定区民政局"),
            ("市级民政局", "闵行区", "上海市民政局"),
            ("原工商局", "", "上海市市场监督管理局"),
        ],
    );
    // A field's 部门 is whichever bodies are in charge of it.
    let o = e.lookup("本区民政部门", ctx("嘉定区"));
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn an_office_after_a_body_written_short_is_that_body() {
    let e = names_engine();
    assert_accepted(
        &e,
        &[
            ("市交通委货运处", "", "上海市交通委员会"),
            ("市残联康复部", "", "上海市残疾人联合会"),
            ("区民政局社区事务科", "长宁区", "上海市长宁区民政局"),
            // A Shanghai street whose name holds a city's (南京) is not that city.
            ("南京东路街道城运中心", "", "上海市黄浦区南京东路街道办事处"),
            // The cell is a listed unit with a slip, not an office of 上海市公安局.
            ("上海市公安局交通警擦总队", "", "上海市公安局交通警察总队"),
            // A body's window in the district's service hall is the body's.
            (
                "闵行区行政服务中心人社窗口",
                "",
                "上海市闵行区人力资源和社会保障局",
            ),
            (
                "徐汇区市民中心税务窗口",
                "",
                "国家税务总局上海市徐汇区税务局",
            ),
            // A district government's general office is its 办公室, whatever level word.
            (
                "上海市宝山区人民政府办公厅",
                "",
                "上海市宝山区人民政府办公室",
            ),
            ("区人民政府办公厅", "奉贤区", "上海市奉贤区人民政府办公室"),
            ("上海市人民政府办公厅", "", "上海市人民政府办公厅"),
        ],
    );
    // A bracket that goes on with 及 lists more bodies: the one before it is a suggestion.
    let o = e.lookup(
        "上海市人力资源和社会保障局（及各区人社局）",
        Context::default(),
    );
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Review, "上海市人力资源和社会保障局"),
        "{}",
        o.why
    );
    // A place's name that opens with 和 is a note, no list.
    assert_accepted(&e, &[("上海市公安局（和平路派出所）", "", "上海市公安局")]);
    // The hall alone is a body the dictionary lacks, not a window of one.
    let o = e.lookup("闵行区行政服务中心", Context::default());
    assert_eq!(o.decision, Decision::None, "{}", o.why);
    assert_eq!(
        e.lookup("南京市公安局交警支队", Context::default())
            .foreign
            .as_deref(),
        Some("江苏省南京市")
    );
    let o = e.lookup("上海市公安局交通警擦总队", Context::default());
    assert!(o.why.contains("擦"), "the slip is said: {}", o.why);
}

#[test]
fn a_character_no_name_has_is_a_slip_when_one_name_fits() {
    let e = names_engine();
    let o = e.lookup("松江区教肓局", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "上海市松江区教育局"),
        "{}",
        o.why
    );
    assert!(o.why.contains("肓"), "the slip is said: {}", o.why);
    // A usual slip of that character comes first: 氏 looks like 民, whatever else fits.
    let o = e.lookup("上海市氏政局", Context::default());
    assert_eq!(o.joined(), "上海市民政局", "{}", o.why);
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
    // Several bodies fit: a person decides; a digit may be a body the list lacks.
    let o = e.lookup("教肓局", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
    // An ordinal in digits is the ordinal (第3分院 is 第三分院), not a slip.
    let o = e.lookup("上海市人民检察院第3分院", Context::default());
    assert_eq!(o.joined(), "上海市人民检察院第三分院", "{}", o.why);
    // 缴 sounds as 教 does: 教育局, though the city has no 教育局 to match (its 体育局 is
    // the only municipal ?育局).
    let o = e.lookup("闵行区缴育局", Context::default());
    assert_eq!(o.joined(), "上海市闵行区教育局", "{}", o.why);
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_character_no_name_has_may_be_a_slip_in_the_district() {
    // 赡 sounds as 山: 金赡法院 may be 金山法院 (the district's court) as well as 金融法院.
    let e = engine();
    for text in ["金赡法院", "金珊法院"] {
        let o = e.lookup(text, Context::default());
        assert_ne!(o.decision, Decision::Auto, "{text}: {}", o.why);
    }
    let o = e.lookup("金山法院", Context::default());
    assert_eq!(o.joined(), "上海市金山区人民法院", "{}", o.why);
}

#[test]
fn a_listed_unit_is_named_rather_than_an_office_of_its_body() {
    let e = names_engine();
    let o = e.lookup("市公安局交警总队", Context::default());
    assert_eq!(o.joined(), "上海市公安局交通警察总队", "{}", o.why);
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
    // A unit written after its body's name, as if the name were repeated.
    let o = e.lookup("市公安局交警总队、车管所", Context::default());
    assert_eq!(
        o.joined(),
        "上海市公安局交通警察总队|上海市公安局交通警察总队车辆管理所",
        "{}",
        o.why
    );
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_national_body_written_short_is_not_its_local_office() {
    let e = names_engine();
    for (cell, want) in [
        ("国家外汇局", "国家外汇管理局"),
        ("国家外汇管理局上海分局", "国家外汇管理局上海市分局"),
        ("全国总工会", "中华全国总工会"),
        ("全国工商联", "中华全国工商业联合会"),
        ("市总工会", "上海市总工会"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.joined(), want, "{cell}: {}", o.why);
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
    }
}

#[test]
fn a_lone_character_before_bu_is_no_office() {
    // 人力资源社会保张部: the ministry misspelt, not an office 张部 of 徐汇区's bureau written
    // short (found on the 100k workload).
    let e = engine();
    let ctx = Context {
        region: e.region_named("徐汇区"),
    };
    assert!(ctx.region.is_some());
    let o = e.lookup("人力资源社会保张部", ctx);
    assert_ne!(o.decision, Decision::Auto, "{o:?}");
    // An office named by a word and its kind still belongs to the body.
    let o = e.lookup("市残联康复部", Context::default());
    assert_eq!(o.decision, Decision::Auto, "{o:?}");
    assert_eq!(o.joined(), "上海市残疾人联合会");
}

#[test]
fn another_districts_street_is_not_a_slip_of_this_ones() {
    // 周家桥街道 is 长宁区's; on 浦东新区 it is misplaced as likely as 周家渡 misspelt.
    let e = engine();
    let o = e.lookup("浦东新区周家桥街道", Context::default());
    assert_eq!(o.decision, Decision::Review, "{o:?}");
    assert!(o.why.contains("上海市长宁区周家桥街道办事处"), "{}", o.why);
    // Written in its own district, it is that street's.
    let o = e.lookup("长宁区周家桥街道", Context::default());
    assert_eq!(o.decision, Decision::Auto, "{o:?}");
    assert_eq!(o.joined(), "上海市长宁区周家桥街道办事处");
}

#[test]
fn yuan_before_a_current_name_is_no_reading_of_it() {
    // 原 says a former name follows (原工商局); before a current one it may be the end of a
    // place (松原市档案局 short of a character), so 原市档案局 is not accepted as 市档案局.
    let e = engine();
    let o = e.lookup("原工商局", Context::default());
    assert_eq!(o.decision, Decision::Auto, "{o:?}");
    assert_eq!(o.joined(), "上海市市场监督管理局");
    let o = e.lookup("原市档案局", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{o:?}");
}

/// A material engine over the standard names only, with `extra` materials added.
fn materials_with(extra: &[&str]) -> Engine {
    with_materials(
        crate::eval::names_only(&Dictionaries::embedded().unwrap()),
        extra,
    )
}

/// The standard names only, without the nationwide common and former names of reforms.csv
/// either: a rule about how names are written is tested on names no row gives.
fn rules_only() -> Dictionaries {
    use crate::dictionary::Relation;
    let mut d = crate::eval::names_only(&Dictionaries::embedded().unwrap());
    d.reforms.retain(|r| {
        r.kind != "material" || !matches!(r.relation, Relation::Common | Relation::Former)
    });
    d
}

/// `rules_only` with `extra` materials added.
fn rules_with(extra: &[&str]) -> Engine {
    with_materials(rules_only(), extra)
}

fn with_materials(mut d: Dictionaries, extra: &[&str]) -> Engine {
    for (i, n) in extra.iter().enumerate() {
        d.materials.push(crate::dictionary::Material {
            name: n.to_string(),
            line: 10_000 + i,
            ..Default::default()
        });
    }
    Engine::materials(&d, Thresholds::default())
}

#[test]
fn a_short_form_of_two_siblings_is_only_a_suggestion() {
    // 监事决议 keeps the ends of both: the word left out (会, 会议) told them apart, though
    // leaving out one character scores higher than leaving out two.
    let e = materials_with(&["监事会决议", "监事会议决议"]);
    let o = e.lookup("监事决议", Context::default());
    assert_eq!(o.decision, Decision::Review, "{}", o.why);
    assert!(o.why.contains("也是"), "{}", o.why);
    // With one sibling only, the short form names it.
    let e = materials_with(&["监事会决议"]);
    let o = e.lookup("监事决议", Context::default());
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
    // A material named after another and more words (居民身份证领取凭证) is no sibling: the
    // short form has none of its own words.
    assert_accepted(&e, &[("居民身证", "", "居民身份证")]);
}

#[test]
fn a_bracket_that_reads_as_another_material_is_no_note() {
    let e = materials_with(&[]);
    // 社会保险缴纳记录 reads as 社会保险缴费记录, though not surely: an alternative, maybe.
    let o = e.lookup("劳动合同（社会保险缴纳记录）", Context::default());
    assert_eq!(o.decision, Decision::Review, "{}", o.why);
    assert_eq!(o.joined(), "劳动合同");
    // A note that reads as no material is set aside.
    let o = e.lookup("劳动合同（签字盖章）", Context::default());
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_bracket_that_names_another_head_puts_a_short_form_in_doubt() {
    let e = materials_with(&[]);
    // 转业证 is short for 军官转业证; the bracket says 士官, which that name is not.
    for cell in ["转业证（士官）", "检疫证书（动物）"] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Review, "{cell}: {}", o.why);
    }
    // A bracket of another matter says nothing of the head.
    let o = e.lookup("转业证（如有）", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "军官转业证"),
        "{}",
        o.why
    );
}

#[test]
fn a_character_that_makes_another_materials_word_is_no_slip() {
    let e = rules_with(&["林木经营许可证"]);
    // 业 added after 营 and 经 left out before it: 营业 is 营业执照's word, not a slip.
    let o = e.lookup("林木营业许可证", Context::default());
    assert_eq!(o.decision, Decision::Review, "{}", o.why);
    assert!(o.why.contains("营业"), "{}", o.why);
    // A character in place of another is read as a slip.
    let o = e.lookup("林木轻营许可证", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "林木经营许可证"),
        "{}",
        o.why
    );
    // Unless it makes the cell end as another material's name ends: 保修书 is 建设工程质量保修书's
    // kind, not a slip in 住宅质量保证书.
    let e = materials_with(&[]);
    let o = e.lookup("住宅质量保修书", Context::default());
    assert_eq!(o.decision, Decision::Review, "{}", o.why);
    assert!(o.why.contains("保修"), "{}", o.why);
}

#[test]
fn a_bracket_after_a_name_not_listed_is_read_as_its_head() {
    let e = materials_with(&[]);
    let o = e.lookup("登记证（养犬）", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "养犬登记证"),
        "{}",
        o.why
    );
    // A listed name keeps its bracket as a note.
    let o = e.lookup("结婚证（再婚提供）", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "结婚证"),
        "{}",
        o.why
    );
    assert!(!o.why.contains("开头"), "{}", o.why);
}

#[test]
fn words_that_say_nothing_of_the_material_are_read_without() {
    let e = materials_with(&[]);
    assert_accepted(
        &e,
        &[
            ("养老金领取情况证明", "", "养老金领取证明"),
            ("派出所开具的户籍证明", "", "户籍证明"),
        ],
    );
}

#[test]
fn a_body_before_a_listed_certificate_is_its_issuer() {
    let e = materials_with(&[]);
    for (cell, want) in [
        ("人民医院出生医学证明", "出生医学证明"),
        ("公安局无犯罪记录证明", "无犯罪记录证明"),
        ("建设银行贷款结清证明", "贷款结清证明"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(
            (o.decision, o.joined().as_str()),
            (Decision::Auto, want),
            "{cell}: {}",
            o.why
        );
        assert!(o.why.contains("出具单位"), "{cell}: {}", o.why);
    }
    // Two names joined are no body before a name.
    let o = e.lookup("承诺书和银行贷款结清证明", Context::default());
    assert_eq!(o.hits.len(), 2, "{}", o.why);
    // Before a licence, a body is its holder: no issuer is taken off.
    let o = e.lookup("事务所营业执照", Context::default());
    assert!(!o.why.contains("出具单位"), "{}", o.why);
}

#[test]
fn a_short_form_without_the_first_word_is_sure_only_when_deliberate() {
    let e = materials_with(&["高龄老人营养补贴领取证明"]);
    // The first characters of its words, or four characters kept together.
    for cell in ["营补领取证明", "老人营养补贴证明"] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(
            (o.decision, o.joined().as_str()),
            (Decision::Auto, "高龄老人营养补贴领取证明"),
            "{cell}: {}",
            o.why
        );
    }
    // One word kept with the ending is a kind of document about that word.
    let o = e.lookup("营养证明", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
    // Four characters kept together that many materials go by (合格证明, material_terms.csv)
    // say nothing of which it is: 产品合格证明 is no short form of 动物产品检疫合格证明.
    let e = with_materials(rules_only(), &["动物产品检疫合格证明"]);
    let o = e.lookup("产品合格证明", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_first_word_and_a_kind_of_paper_is_not_sure_for_being_the_only_one() {
    // Through the nationwide names, each is the only material written so; that is no proof
    // when a paper about the first word may be meant.
    let e = materials_with(&[]);
    for cell in ["技术证明", "劳务协议"] {
        let o = e.lookup(cell, Context::default());
        assert_ne!(o.decision, Decision::Auto, "{cell}: {}", o.why);
    }
    // A licence's ending names that licence.
    let o = e.lookup("商标证书", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "商标注册证"),
        "{}",
        o.why
    );
}

#[test]
fn a_last_character_typed_by_its_sound_is_a_slip() {
    let e = materials_with(&[]);
    assert_accepted(
        &e,
        &[
            ("离婚正", "", "离婚证"),
            ("不动产权证收", "", "不动产权证书"),
        ],
    );
    // 照 ends names (营业执照): 结婚照 is another kind of thing, not 结婚证 with a slip.
    let o = e.lookup("结婚照", Context::default());
    assert!(
        o.decision != Decision::Auto || o.joined() != "结婚证",
        "{}",
        o.why
    );
}

#[test]
fn a_holder_of_a_holder_is_taken_off_too() {
    let e = materials_with(&[]);
    assert_accepted(
        &e,
        &[
            ("申请人配偶居民户口簿", "", "居民户口簿"),
            ("单位法定代表人无犯罪记录证明", "", "无犯罪记录证明"),
            // Whose it is, as lists say it (material_terms.csv).
            ("个体户营业执照", "", "营业执照"),
            ("本人名下银行卡", "", "银行卡"),
            ("项目经理注册建造师证书", "", "注册建造师证书"),
        ],
    );
    // 股东 is a holder too, but what follows the first holder is a name already.
    let o = e.lookup("申请单位股东会决议", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "股东会决议"),
        "{}",
        o.why
    );
    // What is left may be too vague to name a material (学历证明).
    let o = e.lookup("申请人配偶学历证明", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_name_with_two_words_swapped_is_that_name() {
    let e = materials_with(&[]);
    let o = e.lookup("经营许可旅行社业务证", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "旅行社业务经营许可证"),
        "{}",
        o.why
    );
    // Two characters swapped within a word are no words swapped.
    let q: Vec<char> = "营执业照".chars().collect();
    let e2: Vec<char> = "营业执照".chars().collect();
    assert!(!super::score::swapped_words(&q, &e2));
}

#[test]
fn a_letter_code_with_a_bare_ending_is_no_sure_short_form() {
    let e = materials_with(&["药品GVP认证证书"]);
    let o = e.lookup("GVP证书", Context::default());
    assert_eq!(o.decision, Decision::Review, "{}", o.why);
    // With the field said, the short form names it.
    let o = e.lookup("药品GVP证书", Context::default());
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_short_form_keeping_little_of_a_long_name_is_not_sure() {
    let e = materials_with(&[]);
    // 经营证: three characters of 经营证券期货业务许可证, 证 read out of 证券.
    let o = e.lookup("经营证", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
    // Half of a name kept is enough (婚前医学检查证明).
    let o = e.lookup("婚前检查证明", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "婚前医学检查证明"),
        "{}",
        o.why
    );
}

#[test]
fn a_page_of_a_document_is_that_document() {
    let e = materials_with(&[]);
    let o = e.lookup("往来港澳通行证资料页复印件", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "往来港澳通行证"),
        "{}",
        o.why
    );
}

/// The context of a list submitted by `dept` (its region).
fn context_of(e: &Engine, dept: &str) -> Context {
    let o = e.lookup(dept, Context::default());
    Context {
        region: Some(e.region_of(o.hits[0].id)),
    }
}

#[test]
fn guojia_may_begin_a_local_bodys_own_name() {
    // Regression (100k workload): 国家安全局 was read as 国家 + 安全局, a short form of the
    // former 国家安全生产监督管理总局, and accepted as 应急管理部.
    let e = names_engine();
    let top = Context {
        region: Some(Region::Top),
    };
    let o = e.lookup("国家安全局", top);
    assert_eq!(o.joined(), "上海市国家安全局", "{}", o.why);
    // Read whole, 国家 kept, only a listed name counts: a slip in a national name stays
    // the national body's.
    for (cell, body) in [
        ("国家知石产权局", "国家知识产权局"),
        ("国家药品监管局", "国家药品监督管理局"),
    ] {
        let o = e.lookup(cell, top);
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert_eq!(o.joined(), body);
    }
}

#[test]
fn a_slip_in_a_national_bodys_city_office_is_not_an_office_of_the_body() {
    // Regression (100k workload): 国家统计局上海调岔总队 was accepted as 国家统计局 with an
    // office 上海调岔总队; it is the listed 国家统计局上海调查总队 with one slip.
    let e = names_engine();
    let ctx = context_of(&e, "上海市公安局普陀分局");
    for c in [Context::default(), ctx] {
        let o = e.lookup("国家统计局上海调岔总队", c);
        assert_eq!(o.joined(), "国家统计局上海调查总队", "{}", o.why);
    }
}

#[test]
fn a_tie_broken_by_region_preference_on_a_guess_is_not_accepted() {
    // Regressions (100k workload). 文化荷旅游部 on a municipal list: the city's 文化局 (a former
    // name, with a slip) plus an office 旅游部 tied with the national 文化和旅游部, and the
    // region preferences chose the city's.
    let e = names_engine();
    let o = e.lookup("文化荷旅游部", context_of(&e, "上海市城市管理行政执法局"));
    assert!(
        !(o.decision == Decision::Auto && o.joined() == "上海市文化和旅游局"),
        "{}",
        o.why
    );
    // 上害国有资产监督管理委员会 on a street of 浦东新区's list: 上害 left unexplained, the
    // district's body tied with the city's and took the context's preference.
    let o = e.lookup(
        "上害国有资产监督管理委员会",
        context_of(&e, "上海市浦东新区塘桥街道办事处"),
    );
    assert_ne!(o.decision, Decision::Auto, "{}: {}", o.joined(), o.why);
    // With no district given, the city's body is meant, as for any name that says none.
    let o = e.lookup("上害国有资产监督管理委员会", Context::default());
    assert_eq!(o.joined(), "上海市国有资产监督管理委员会");
}

#[test]
fn a_weak_separator_inside_a_listed_name_does_not_split() {
    // Regression (100k workload): the first 或 of 疫苗接种或预防措施国际证书 was taken as a
    // separator, adding 预防接种证 for 疫苗接种.
    let e = materials_engine();
    let o = e.lookup("疫苗接种或预防措施国际证书或居民身份证", Context::default());
    assert_eq!(o.joined(), "疫苗接种或预防措施国际证书|居民身份证");
    let o = e.lookup("结婚证或离婚证", Context::default());
    assert_eq!(o.joined(), "结婚证|离婚证");
}

#[test]
fn a_unit_a_body_runs_is_that_body() {
    // 婚姻登记中心, 市场监管所, 税务所, 卫生监督所 written after their bureau: the bureau.
    let e = names_engine();
    for (cell, body) in [
        ("徐汇区民政局婚姻登记中心", "上海市徐汇区民政局"),
        ("嘉定区市场监督管理局安亭所", "上海市嘉定区市场监督管理局"),
        ("市司法局法律援助中心", "上海市司法局"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert_eq!(o.joined(), body);
    }
    // A listed unit stays itself.
    let o = e.lookup("上海市公安局交通警察总队车辆管理所", Context::default());
    assert_eq!(o.joined(), "上海市公安局交通警察总队车辆管理所");
}

#[test]
fn a_note_naming_another_region_makes_the_body_that_regions() {
    let e = engine();
    for cell in ["普陀区民政局（浙江省舟山市）", "普陀区民政局（舟山）"] {
        let o = e.lookup(cell, Context::default());
        assert_ne!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert!(o.foreign.is_some(), "{cell}");
    }
    let o = e.lookup("普陀区民政局（上海）", Context::default());
    assert_eq!(o.joined(), "上海市普陀区民政局");
}

#[test]
fn a_character_that_makes_a_known_word_is_not_a_sure_slip() {
    // 中级 is a word of 第一中级人民法院: 上海市中级人民法院 is no slip of 高级人民法院. And
    // 公安部 is the ministry's name: 公安部出入境管理局 is no slip of the city's 公安局出入境
    // 管理局 (it is 国家移民管理局's former name, which the shipped dictionary knows).
    let e = names_engine();
    for cell in ["上海市中级人民法院", "公安部出入境管理局"] {
        let o = e.lookup(cell, Context::default());
        assert_ne!(
            o.decision,
            Decision::Auto,
            "{cell}: {} {}",
            o.joined(),
            o.why
        );
    }
    let o = engine().lookup("公安部出入境管理局", Context::default());
    assert_eq!(o.joined(), "国家移民管理局");
    // A slip that makes no known word is still one.
    let o = e.lookup("上海市卫主健康委员会", Context::default());
    assert_eq!(o.joined(), "上海市卫生健康委员会");
    assert_eq!(o.decision, Decision::Auto);
}

#[test]
fn the_split_press_and_broadcasting_administration_is_only_a_suggestion() {
    // 2018: 国家新闻出版广电总局's 广播电视 went to 国家广播电视总局, its 新闻出版 and 电影 to
    // 中共中央宣传部.
    let o = engine().lookup("国家新闻出版广电总局", Context::default());
    assert_eq!(o.decision, Decision::Review, "{}", o.why);
    assert_eq!(o.joined(), "国家广播电视总局");
}

#[test]
fn a_source_that_is_no_government_body_is_left_out_of_a_split() {
    // 区人社局、用人单位: the employer is no department (external_sources.csv); the bureau is
    // what the cell names, and the explanation says what was left out.
    let e = names_engine();
    let ctx = context_of(&e, "上海市宝山区人力资源和社会保障局");
    let o = e.lookup("区人力资源和社会保障局、用人单位", ctx);
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
    assert_eq!(o.joined(), "上海市宝山区人力资源和社会保障局");
    assert!(o.why.contains("用人单位"), "{}", o.why);
    // Alone, or with only other such sources, nothing is matched.
    for cell in ["用人单位", "医院、银行"] {
        assert_eq!(e.lookup(cell, ctx).decision, Decision::None, "{cell}");
    }
    // A piece that is unknown, not external, still keeps the cell whole.
    let o = e.lookup("市委组织部、市民政局", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_name_several_materials_go_by_is_only_a_suggestion() {
    // 检疫合格证明 is the end of 动物检疫合格证明 only in the dictionary; plants have theirs.
    let e = materials_with(&[]);
    let o = e.lookup("检疫合格证明", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Review, "动物检疫合格证明"),
        "{}",
        o.why
    );
    assert!(o.why.contains("植物检疫证书"), "{}", o.why);
    // Named in full it is sure, and so is a generic name the dictionary lists (购车发票 is
    // 机动车销售统一发票's alias in the shipped dictionary: someone decided).
    assert_accepted(&e, &[("动物检疫合格证明", "", "动物检疫合格证明")]);
    let shipped = materials_engine();
    assert_accepted(&shipped, &[("购车发票", "", "机动车销售统一发票")]);
}

#[test]
fn a_second_name_that_leaves_out_the_first_names_both() {
    // 及批复 is the 可行性研究报告's 批复: both are listed, so both are meant.
    let e = materials_with(&[]);
    assert_accepted(
        &e,
        &[(
            "可行性研究报告及批复",
            "",
            "可行性研究报告|可行性研究报告批复",
        )],
    );
}

#[test]
fn courts_and_procuratorates_are_known_as_lists_write_them() {
    // reforms.csv: 一中院, 高院, 检一分院 after any region, with standard names only.
    let e = names_engine();
    assert_accepted(
        &e,
        &[
            ("市一中院", "", "上海市第一中级人民法院"),
            ("上海三中院", "", "上海市第三中级人民法院"),
            ("市高院", "", "上海市高级人民法院"),
            ("市检二分院", "", "上海市人民检察院第二分院"),
        ],
    );
}

#[test]
fn a_commercial_bank_is_no_misspelt_central_bank() {
    // 中国银行 is a bank of its own, two characters short of 中国人民银行.
    let e = engine();
    for cell in ["中国银行上海市分行", "招商银行浦东支行"] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::None, "{cell}: {}", o.why);
    }
    let o = e.lookup("中国银行上海市分行、人行上海总部", Context::default());
    assert_eq!(o.joined(), "中国人民银行上海总部", "{}", o.why);
    assert!(o.why.contains("中国银行上海市分行"), "{}", o.why);
    // The central bank and the regulators stay bodies.
    for (cell, body) in [
        ("中国人民银行上海总部", "中国人民银行上海总部"),
        ("上海银保监局", "国家金融监督管理总局上海监管局"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(
            (o.decision, o.joined().as_str()),
            (Decision::Auto, body),
            "{}",
            o.why
        );
    }
}

#[test]
fn brackets_digits_a_city_before_a_district_and_swapped_words_are_read() {
    let e = names_engine();
    for (cell, body) in [
        ("【上海市医疗保障局】", "上海市医疗保障局"),
        ("上海市第1中级人民法院", "上海市第一中级人民法院"),
        ("市闵行区民政局", "上海市闵行区民政局"),
        ("上海市自然资源和规划局", "上海市规划和自然资源局"),
        ("上海市社会保障和人力资源局", "上海市人力资源和社会保障局"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert_eq!(o.joined(), body, "{cell}");
    }
    let o = e.lookup("上海市自然资源和规划局", Context::default());
    assert!(o.why.contains("颠倒"), "{}", o.why);
    // Words around 和 that make no listed name stay as written.
    let o = e.lookup("上海市水务和海洋局", Context::default());
    assert!(!o.why.contains("颠倒"), "{}", o.why);
}

#[test]
fn a_station_is_its_districts_bureau() {
    // 派出所 of the district's 公安分局, 税务所 of its 税务局: the district is the town's or
    // street's written before it, or the list's own.
    let e = engine();
    let yangpu = context_of(&e, "上海市杨浦区民政局");
    for (cell, ctx, body) in [
        ("七宝派出所", Context::default(), "上海市公安局闵行分局"),
        ("七宝镇派出所", yangpu, "上海市公安局闵行分局"),
        ("辖区派出所", yangpu, "上海市公安局杨浦分局"),
        ("税务所", yangpu, "国家税务总局上海市杨浦区税务局"),
        // A unit a district's bureau runs, with the district written whole or the list's.
        (
            "闵行区婚姻登记中心",
            Context::default(),
            "上海市闵行区民政局",
        ),
        ("区社保中心", yangpu, "上海市杨浦区人力资源和社会保障局"),
    ] {
        let o = e.lookup(cell, ctx);
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert_eq!(o.joined(), body, "{cell}");
        assert!(o.why.contains("所在区"), "{}", o.why);
    }
    // No district known: nothing.
    let o = e.lookup("派出所", Context::default());
    assert_eq!(o.decision, Decision::None, "{}", o.why);
}

#[test]
fn xinqu_and_xian_open_a_name_of_the_lists_own_district() {
    let e = names_engine();
    let pudong = context_of(&e, "上海市浦东新区民政局");
    let o = e.lookup("新区民政局", pudong);
    assert_eq!(o.joined(), "上海市浦东新区民政局", "{}", o.why);
    assert_eq!(o.decision, Decision::Auto);
    let chongming = context_of(&e, "上海市崇明区民政局");
    let o = e.lookup("县民政局", chongming);
    assert_eq!(o.joined(), "上海市崇明区民政局", "{}", o.why);
    // Without the list's district, which district is not known.
    let o = e.lookup("县民政局", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_region_read_by_its_sound_is_said() {
    // 浦东心区 is 浦东新区 by its sound; the explanation says so, once.
    let o = engine().lookup("浦东心区民政局", Context::default());
    assert_eq!(o.joined(), "上海市浦东新区民政局");
    assert_eq!(o.why.matches("读作").count(), 1, "{}", o.why);
    let o = engine().lookup("浦东新区民政局", Context::default());
    assert!(!o.why.contains("读作"), "{}", o.why);
}

#[test]
fn a_city_bureaus_district_branch_is_that_districts_bureau() {
    let e = names_engine();
    for (cell, body) in [
        ("上海市市场监督管理局闵行分局", "上海市闵行区市场监督管理局"),
        ("市税务局浦东分局", "国家税务总局上海市浦东新区税务局"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert_eq!(o.joined(), body, "{cell}");
    }
}

#[test]
fn a_holder_that_begins_a_listed_name_like_the_rest_is_not_dropped() {
    // 单位 before 绿化养护证明 is whose copy it is, unless a listed name is 单位 before
    // nearly the same rest: then the word named that material.
    let cell = "单位绿化养护证明";
    let e = materials_with(&["绿化养护证明"]);
    let o = e.lookup(cell, Context::default());
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
    let e = materials_with(&["绿化养护证明", "单位绿化管护证明"]);
    let o = e.lookup(cell, Context::default());
    assert_eq!(o.decision, Decision::Review, "{}", o.why);
    assert!(o.why.contains("单位绿化管护证明"), "{}", o.why);
    // A name that begins with the holder but is another matter leaves the holder a holder.
    let e = materials_with(&["绿化养护证明", "单位名称变更证明"]);
    let o = e.lookup(cell, Context::default());
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_word_in_place_of_the_head_a_short_form_left_out_is_no_holder() {
    // 驾驶证 is 机动车驾驶证 less its head: 拖船 before it, which begins another material's
    // name, says which kind of licence; a word no name begins with is whose copy it is.
    let e = materials_with(&["拖船作业人员证书"]);
    let o = e.lookup("拖船驾驶证", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
    let o = e.lookup("车主驾驶证", Context::default());
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
    assert_eq!(o.joined(), "机动车驾驶证");
}

#[test]
fn a_document_in_brackets_after_a_proof_is_the_document_asked_for() {
    let e = materials_with(&[]);
    // 居住证明 proves where one lives; 居住证 in brackets says which document proves it.
    let o = e.lookup("居住证明（居住证）", Context::default());
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
    assert_eq!(o.joined(), "居住证");
    // Said with 或, or two documents side by side, they are alternatives.
    for cell in ["居住证明（或居住证）", "结婚证（离婚证）"] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.hits.len(), 2, "{cell}: {}", o.why);
    }
}

#[test]
fn a_bracket_fronting_the_name_may_replace_its_first_word() {
    // 车辆购置税 says which tax the 完税证明 is for, in place of the loose 税收.
    let e = materials_with(&[]);
    assert_accepted(
        &e,
        &[("税收完税证明（车辆购置税）", "", "车辆购置税完税证明")],
    );
    let o = e.lookup("税收完税证明（车辆购置税）", Context::default());
    assert!(o.why.contains("税收"), "{}", o.why);
}

#[test]
fn a_listed_name_after_a_clause_ending_in_de_is_that_name() {
    // The clause says who issued or holds it, however long it is.
    let e = materials_with(&[]);
    for (cell, want) in [
        ("经公证处公证过的结婚证", "结婚证"),
        ("申请人在本市就业期间取得的学籍证明", "学籍证明"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert_eq!(o.joined(), want, "{cell}");
    }
}

#[test]
fn a_bracket_of_another_ending_is_another_material_too() {
    // 报告（表）: the report, or the form of it; the name alone is not sure.
    let e = materials_with(&[]);
    let o = e.lookup("工程竣工验收报告（表）", Context::default());
    assert_eq!(o.decision, Decision::Review, "{}", o.why);
    let o = e.lookup("工程竣工验收报告（附件）", Context::default());
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_bracket_that_another_candidate_has_puts_the_answer_in_doubt() {
    // 冷链 in brackets is no note when a ranked material's name has it and the answer's not.
    let cell = "冷藏车辆驾驶人员证（冷链运输）";
    let e = materials_with(&["冷藏车驾驶人员证", "冷链运输冷藏车辆驾驶人员资格证书"]);
    let o = e.lookup(cell, Context::default());
    assert_eq!(o.decision, Decision::Review, "{}", o.why);
    let e = materials_with(&["冷藏车驾驶人员证"]);
    let o = e.lookup(cell, Context::default());
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn the_enclosure_radical_typed_for_kou_is_a_known_slip() {
    // 囗 (U+56D7) is what some input methods offer for 口: lookalikes.csv lists the pair.
    let e = materials_engine();
    let o = e.lookup("户囗本", Context::default());
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
    assert_eq!(o.joined(), "居民户口簿");
}

#[test]
fn a_listed_name_that_opens_with_a_holder_is_that_name() {
    // 企业 is a holder, and 信用报告 is the common name of 个人信用报告: taken off, it tied with
    // the listed 企业信用报告 and sent the cell to review as the other material.
    let e = materials_with(&[]);
    assert_accepted(&e, &[("企业信用报告", "", "企业信用报告")]);
}

#[test]
fn a_catch_all_beside_named_materials_is_left_out() {
    let e = materials_with(&[]);
    assert_accepted(
        &e,
        &[
            ("身份证及其他相关材料", "", "居民身份证"),
            ("居民户口簿、其他材料", "", "居民户口簿"),
            // "Other …" with any words after it, and an open list's end.
            ("劳动合同或其他用工证明", "", "劳动合同"),
            ("营业执照等材料", "", "营业执照"),
            // A material's own parts are handed in with it.
            ("建设工程规划许可证及附图", "", "建设工程规划许可证"),
            ("身份证、户口本等", "", "居民身份证|居民户口簿"),
        ],
    );
    let o = e.lookup("身份证及其他相关材料", Context::default());
    assert!(o.why.contains("其他相关材料"), "{}", o.why);
    // A vague piece that stands for one material not named is no catch-all: it is asked.
    let o = e.lookup("居民户口簿、身份证明", Context::default());
    assert_eq!(o.decision, Decision::Review, "{}", o.why);
    // Nothing but catch-alls names nothing.
    let o = e.lookup("其他材料、相关材料", Context::default());
    assert_eq!(o.decision, Decision::None, "{}", o.why);
}

#[test]
fn a_piece_that_names_nothing_makes_a_split_a_suggestion_of_the_rest() {
    let e = engine();
    let o = e.lookup("市委组织部、市人社局", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Review, "上海市人力资源和社会保障局"),
        "{}",
        o.why
    );
    assert!(o.why.contains("市委组织部"), "{}", o.why);
    let m = materials_with(&[]);
    let o = m.lookup("居民身份证、宠物登记卡", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Review, "居民身份证"),
        "{}",
        o.why
    );
}

#[test]
fn short_names_that_several_materials_go_by_are_only_suggestions() {
    // Each reads as one listed material's short form, but clerks use it for several
    // (material_terms.csv): 军人证 is also 军官证 or 士兵证, 医疗证明 is no 医疗广告审查证明.
    let e = materials_with(&[]);
    // A name's tail that others share as much: 电子发票 is any e-invoice, not only 数电票.
    for cell in ["军人证", "车辆营运证", "电子发票", "技术等级证书"] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Review, "{cell}: {}", o.why);
        assert!(o.why.contains("多种材料共用"), "{cell}: {}", o.why);
    }
    // Its first word and a kind of paper: never sure of being the only one written so.
    for cell in ["医疗证明", "失业证明"] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Review, "{cell}: {}", o.why);
    }
}

#[test]
fn pages_parts_and_holders_say_nothing_of_which_material() {
    // 正副页 and 第四联 are pages or parts of the document; 拟聘人员, 用人单位, 小孩 and 举办者
    // say whose, 门诊 and 住院 which visit.
    let e = materials_with(&[]);
    assert_accepted(
        &e,
        &[
            ("机动车行驶证正副页", "", "机动车行驶证"),
            ("死亡医学证明（推断）书第四联", "", "死亡医学证明"),
            ("拟聘人员职称证书", "", "职称证书"),
            ("用人单位营业执照", "", "营业执照"),
            ("小孩预防接种证", "", "预防接种证"),
            ("举办者户口簿", "", "居民户口簿"),
            ("住院医疗收费票据", "", "医疗收费票据"),
        ],
    );
}

#[test]
fn words_before_a_short_name_that_its_standard_name_has_restate_it() {
    // 台胞证 is 台湾居民来往大陆通行证: 台湾居民 before it says nothing new.
    let e = materials_with(&[]);
    assert_accepted(
        &e,
        &[
            ("台湾居民台胞证", "", "台湾居民来往大陆通行证"),
            ("港澳居民回乡证", "", "港澳居民来往内地通行证"),
        ],
    );
    // Nor is a 非 the standard name has a difference from its alias without it.
    assert_accepted(
        &materials_engine(),
        &[(
            "非药品类易制毒化学品经营备案证明",
            "",
            "非药品类易制毒化学品生产、经营备案证明",
        )],
    );
}

#[test]
fn a_material_a_sentence_says_is_issued_is_the_material() {
    // 出具 says who issues it, as 提交 says who hands it in.
    let e = materials_with(&[]);
    assert_accepted(
        &e,
        &[
            ("由所在学校出具学籍证明", "", "学籍证明"),
            ("申请人应当出具无配偶证明", "", "无配偶证明"),
        ],
    );
}

#[test]
fn a_bracket_listing_materials_says_what_a_generic_name_stands_for() {
    let e = materials_with(&[]);
    assert_accepted(
        &e,
        &[
            (
                "申请人身份证明（身份证或户口簿）",
                "",
                "居民身份证|居民户口簿",
            ),
            (
                "有效证件（居民身份证、机动车驾驶证）",
                "",
                "居民身份证|机动车驾驶证",
            ),
        ],
    );
}

#[test]
fn a_fields_bodies_are_suggested_as_its_bureau_never_accepted() {
    let e = engine();
    let putuo = context_of(&e, "上海市普陀区人民政府");
    let o = e.lookup("本区民政部门", putuo);
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Review, "上海市普陀区民政局"),
        "{}",
        o.why
    );
    // Before, the nearest name was the ministry (教育部门 -> 中华人民共和国教育部).
    let o = e.lookup("教育行政部门", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Review, "上海市教育委员会"),
        "{}",
        o.why
    );
    for cell in ["相关部门", "行业主管部门", "市、区两级民政部门"] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::None, "{cell}: {}", o.why);
    }
}

#[test]
fn a_district_written_with_a_lookalike_is_read_as_that_district() {
    // 囗 is typed for 口 (lookalikes.csv); the region reader knew homophones only.
    let e = engine();
    let o = e.lookup("虹囗区民政局", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "上海市虹口区民政局"),
        "{}",
        o.why
    );
    assert!(o.why.contains("虹囗区"), "{}", o.why);
}

#[test]
fn a_district_police_branch_cut_short_is_that_branch() {
    // Read under the city's name, the cut 分 left no district: the branch was out of reach.
    let e = engine();
    assert_accepted(&e, &[("上海市公安局浦东分", "", "上海市公安局浦东分局")]);
    let o = e.lookup("上海市公安局浦东", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn the_premises_before_a_listed_name_are_taken_off() {
    let e = materials_with(&[]);
    assert_accepted(
        &e,
        &[
            ("经营场所租赁合同", "", "房屋租赁合同"),
            ("生产场地房产证或租赁合同", "", "不动产权证书|房屋租赁合同"),
        ],
    );
    // Only before a listed name: 布局图 is not one, so the premises stay part of the name.
    let o = e.lookup("经营场所布局图", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_holder_before_a_vague_term_is_vague() {
    // 负责人身份证明 was suggested as 现役军人证明, the nearest name to the whole cell.
    let e = materials_with(&[]);
    for cell in ["负责人身份证明", "申请人有效证件"] {
        let o = e.lookup(cell, Context::default());
        assert!(o.vague && o.decision == Decision::None, "{cell}: {}", o.why);
    }
    assert_accepted(&e, &[("申请人身份证", "", "居民身份证")]);
}

#[test]
fn the_original_or_the_new_one_is_that_material() {
    let e = materials_with(&[]);
    assert_accepted(
        &e,
        &[
            ("原出生医学证明", "", "出生医学证明"),
            ("新营业执照", "", "营业执照"),
        ],
    );
    // A name that begins so is that name, not its rest (新能源…, 原产地…).
    assert_accepted(&e, &[("原产地证书", "", "原产地证书")]);
}

#[test]
fn a_former_name_of_a_body_that_became_two_is_a_review() {
    // 2018: the city's 食品药品监督管理局 went to 市场监管局 and 药品监督管理局; a district's
    // to its 市场监管局 alone, as a district has no 药监局.
    for e in [engine(), names_engine()] {
        let o = e.lookup("上海市食品药品监督管理局", Context::default());
        assert_eq!(o.decision, Decision::Review, "{}", o.why);
        assert!(o.why.contains("上海市药品监督管理局"), "{}", o.why);
        let o = e.lookup("闵行区食品药品监督管理局", Context::default());
        assert_eq!(
            (o.decision, o.joined().as_str()),
            (Decision::Auto, "上海市闵行区市场监督管理局"),
            "{}",
            o.why
        );
        let o = e.lookup("国家质检总局", Context::default());
        assert_eq!(o.decision, Decision::Review, "{}", o.why);
    }
    let o = engine().lookup("上海出入境检验检疫局", Context::default());
    assert_eq!(o.joined(), "中华人民共和国上海海关", "{}", o.why);
}

#[test]
fn a_name_with_he_that_names_one_body_is_not_split() {
    // 卫生和计划生育委员会: its pieces name the body and the city's counterpart, no two bodies.
    for e in [engine(), names_engine()] {
        let o = e.lookup("闵行区卫生和计划生育委员会", Context::default());
        assert_eq!(
            (o.decision, o.joined().as_str()),
            (Decision::Auto, "上海市闵行区卫生健康委员会"),
            "{}",
            o.why
        );
    }
    let o = engine().lookup(
        "上海市房屋管理局和中华人民共和国人力资源和社会保障部",
        Context::default(),
    );
    assert_eq!(
        o.joined(),
        "上海市房屋管理局|中华人民共和国人力资源和社会保障部",
        "{}",
        o.why
    );
}

#[test]
fn a_word_before_a_licence_that_makes_another_word_is_no_purpose() {
    let e = materials_engine();
    // 兽 makes 兽医 with the name's first character; 出境 stands where 进境 was.
    for text in ["兽医师执业证书", "出境动植物检疫许可证"] {
        let o = e.lookup(text, Context::default());
        assert_ne!(o.decision, Decision::Auto, "{text}: {}", o.why);
    }
    // A word of purpose or a holder before a licence leaves it that licence.
    assert_accepted(
        &e,
        &[
            ("父母居民身份证", "", "居民身份证"),
            ("三类医疗器械经营许可证", "", "医疗器械经营许可证"),
        ],
    );
}

#[test]
fn a_word_that_leaves_open_which_one_is_a_suggestion() {
    let e = materials_engine();
    // 相关 where the name says 上级主管: a kind of approval, not that one.
    // 主管部门批准文件 is shared too (业务主管单位批准文件): either doubt may be the one said.
    let o = e.lookup("相关部门批准文件", Context::default());
    assert_eq!(o.decision, Decision::Review, "{}", o.why);
    assert!(
        o.why.contains("相关") || o.why.contains("也指"),
        "{}",
        o.why
    );
    let o = e.lookup("上级主管部门批准文件", Context::default());
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
    // A sole shareholder's 股东决定 is no 股东会决议.
    let o = e.lookup("股东决定", Context::default());
    assert_eq!(o.joined(), "股东决定", "{}", o.why);
}

#[test]
fn a_remark_after_a_material_is_said_and_left_out() {
    let e = materials_with(&[]);
    for (text, want) in [
        ("营业执照——由窗口核验", "营业执照"),
        ("教师资格证书 备注：非必须", "教师资格证书"),
        ("劳动合同 *如有", "劳动合同"),
        ("营业执照复印件 注：验原件", "营业执照"),
    ] {
        let o = e.lookup(text, Context::default());
        assert_eq!(
            (o.decision, o.joined().as_str()),
            (Decision::Auto, want),
            "{text}: {}",
            o.why
        );
        assert!(o.why.contains("忽略说明"), "{text}: {}", o.why);
    }
    // A dash inside nothing a name has before it is no remark.
    let o = e.lookup("——营业执照", Context::default());
    assert!(!o.why.contains("忽略说明"), "{}", o.why);
    // A label before its value is no name before a remark.
    for text in ["证明材料：户口本", "附件：营业执照"] {
        let o = e.lookup(text, Context::default());
        assert!(!o.why.contains("忽略说明"), "{text}: {}", o.why);
        assert!(!o.hits.is_empty(), "{text}: {}", o.why);
    }
}

#[test]
fn a_national_bodys_bureau_points_to_the_body_for_a_person_to_confirm() {
    // A ministry's 局 is one of its bureaus, but the reforms moved many (公安部消防局 is
    // 国家消防救援局 now): the body is a suggestion, unless the name is listed as written.
    let e = engine();
    for cell in ["公安部治安管理局", "国家知识产权局商标局"] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Review, "{cell}: {}", o.why);
        assert!(o.why.contains("内设司局"), "{cell}: {}", o.why);
    }
    let o = e.lookup("公安部治安管理局", Context::default());
    assert_eq!(o.joined(), "中华人民共和国公安部", "{}", o.why);
    // A regional office (华东监管局) is a branch of it, for a person to confirm too.
    let o = e.lookup("国家能源局华东监管局", Context::default());
    assert_eq!(o.decision, Decision::Review, "{}", o.why);
    assert_eq!(o.joined(), "国家能源局", "{}", o.why);
    assert_accepted(&e, &[("公安部消防局", "", "国家消防救援局")]);
}

#[test]
fn a_ministrys_si_is_an_office_of_it_and_a_company_is_not() {
    let e = engine();
    let o = e.lookup("外交部领事司", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "中华人民共和国外交部"),
        "{}",
        o.why
    );
    let o = e.lookup("上海市电力公司", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_word_before_a_name_that_is_another_names_head_written_short_is_a_suggestion() {
    let e = rules_with(&[]);
    // 自考 is 自学考试 written short: 自学考试毕业证书 holds the whole cell.
    let o = e.lookup("自考毕业证", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
    assert!(o.why.contains("自学考试毕业证书"), "{}", o.why);
    let o = e.lookup("父母居民身份证", Context::default());
    assert_eq!(o.joined(), "居民身份证", "{}", o.why);
    assert_eq!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn fu_stands_for_the_government_before_its_office() {
    // 市府办公厅, 区府办公室: 府 is 政府 written short, before its office as before 办.
    let e = names_engine();
    let o = e.lookup("市府办公厅", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "上海市人民政府办公厅"),
        "{}",
        o.why
    );
}

#[test]
fn a_short_form_that_is_as_much_a_homophone_slip_is_only_a_suggestion() {
    // 生明书 keeps 生 and 明书 of 生效证明书, and is 声明书 with 声 slipped to 生.
    let e = materials_engine();
    for (cell, rival) in [("生明书", "声明书"), ("专力证书", "专利证书")] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Review, "{cell}: {}", o.why);
        assert!(o.why.contains(rival), "{cell}: {}", o.why);
    }
}

#[test]
fn an_english_name_beside_a_chinese_one_is_a_piece_of_its_own() {
    // A space between two Latin words is inside one name. Cut there, neither piece named
    // anything, and the whole cell was read as the English name alone, its Chinese piece lost.
    let e = materials_engine();
    assert_accepted(
        &e,
        &[
            ("申请表、Lease Agreement", "", "申请表|房屋租赁合同"),
            ("营业执照和Lease Agreement", "", "营业执照|房屋租赁合同"),
            ("申请表，ID Card", "", "申请表|居民身份证"),
            ("营业执照 居民身份证", "", "营业执照|居民身份证"),
        ],
    );
}

#[test]
fn pieces_that_share_a_head_or_an_ending_are_read_with_it() {
    let e = materials_with(&[]);
    assert_accepted(
        &e,
        &[
            ("兽药生产、经营许可证", "", "兽药生产许可证|兽药经营许可证"),
            ("学历、学位证书", "", "学历证书|学位证书"),
            (
                "民用爆炸物品购买、运输许可证",
                "",
                "民用爆炸物品购买许可证|民用爆炸物品运输许可证",
            ),
        ],
    );
    // Only a listed name is read so: no piece is bent into one by a loan.
    let o = e.lookup("营业执照、章程", Context::default());
    assert!(!o.why.contains("共用"), "{}", o.why);
}

#[test]
fn a_period_before_a_listed_name_is_a_lead() {
    let e = materials_with(&[]);
    assert_accepted(
        &e,
        &[
            ("近三个月银行流水", "", "银行流水"),
            ("上一年度审计报告", "", "审计报告"),
            // Counts no literal lead lists: the form of a period is read.
            ("连续6个月社会保险缴费记录", "", "社会保险缴费记录"),
            ("近12个月银行流水", "", "银行流水"),
            ("2023年度审计报告", "", "审计报告"),
        ],
    );
    // A word that opens like a period but counts nothing stays part of the name.
    assert_eq!(super::reading::period_lead("近亲属关系证明"), None);
    assert_eq!(super::reading::period_lead("前期物业服务合同"), None);
    assert_eq!(super::reading::period_lead("123年度报告"), None);
}

#[test]
fn a_runner_up_at_the_margin_leaves_the_answer_clear() {
    // 房武租赁合同 once scored 0.9175 beside 公有住房租赁合同 at 0.8675: a runner-up the margin
    // below, give or take the rounding of sums, is clear; one a ten-thousandth more is inside.
    assert!(super::lookup::clear_of(0.9175, 0.8675, 0.05));
    assert!(super::lookup::clear_of(0.9175, 0.86751, 0.05));
    assert!(!super::lookup::clear_of(0.9175, 0.8677, 0.05));
}

#[test]
fn a_short_name_of_several_materials_is_no_answer() {
    let e = materials_engine();
    // 因公 covers 外交护照 too; 事故认定书 may be a fire's or a road accident's; 信用报告 and
    // 购房合同 name several materials each.
    for text in ["因公护照", "事故认定书", "信用报告", "购房合同"] {
        let o = e.lookup(text, Context::default());
        assert_ne!(o.decision, Decision::Auto, "{text}: {}", o.why);
    }
}

#[test]
fn a_lead_that_joins_two_names_both_materials() {
    let e = materials_engine();
    assert_accepted(
        &e,
        &[
            ("进出口许可证", "", "进口许可证|出口许可证"),
            ("进出口货物报关单", "", "进口货物报关单|出口货物报关单"),
            // A name that opens so is itself.
            ("出入境记录", "", "出入境记录"),
        ],
    );
    // Only 进境动植物检疫许可证 is listed: half of what the cell names.
    let o = e.lookup("进出境动植物检疫许可证", Context::default());
    assert_eq!(o.decision, Decision::Review, "{o:?}");
    assert_eq!(o.joined(), "进境动植物检疫许可证");
}

#[test]
fn a_remark_after_a_material_is_no_second_material() {
    let e = materials_engine();
    assert_accepted(
        &e,
        &[
            ("无犯罪记录证明，需在有效期内", "", "无犯罪记录证明"),
            ("在职证明 加盖单位公章并注明职务", "", "在职证明"),
            ("体检报告，二级以上医院出具，三个月内有效", "", "体检报告"),
            ("居民身份证、居民户口簿", "", "居民身份证|居民户口簿"),
        ],
    );
    // Before the name it is no remark on it: the cell is unsure.
    let o = e.lookup("需在有效期内，无犯罪记录证明", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{o:?}");
}

#[test]
fn the_numbers_of_a_list_are_no_names() {
    let e = materials_engine();
    assert_accepted(
        &e,
        &[
            ("1.居民身份证 2.户口簿", "", "居民身份证|居民户口簿"),
            (
                "一、营业执照；二、法定代表人身份证明书",
                "",
                "营业执照|法定代表人身份证明书",
            ),
            ("(1)身份证；(2)户口本", "", "居民身份证|居民户口簿"),
        ],
    );
}

#[test]
fn letters_match_whatever_their_case() {
    assert_accepted(
        &materials_engine(),
        &[
            ("sc证", "", "食品生产许可证"),
            ("business license", "", "营业执照"),
        ],
    );
}

#[test]
fn a_name_in_latin_letters_is_found_only_as_written() {
    let e = materials_engine();
    let ctx = Context::default();
    // A slip in an English name is no evidence of which material it is.
    assert_eq!(e.lookup("Busines License", ctx).decision, Decision::None);
    // The English names move no score of a name whose letters say which certificate it is.
    let with = e.lookup("DNA亲子鉴定报告", ctx);
    let mut d = Dictionaries::embedded().unwrap();
    for m in &mut d.materials {
        m.aliases.retain(|a| !a.is_ascii());
    }
    let without = Engine::materials(&d, Thresholds::default()).lookup("DNA亲子鉴定报告", ctx);
    assert_eq!(with.score(), without.score());
}

#[test]
fn a_lists_number_or_item_label_is_no_part_of_a_material() {
    assert_accepted(
        &materials_engine(),
        &[
            ("一、护士执业证书", "", "护士执业证书"),
            ("(三)护士执业证书", "", "护士执业证书"),
            ("第2项：护士执业证书", "", "护士执业证书"),
            ("附件1：护士执业证书", "", "护士执业证书"),
            ("材料二：护士执业证书", "", "护士执业证书"),
            // Words that count with the number are the name's.
            ("第一类医疗器械备案凭证", "", "第一类医疗器械备案凭证"),
        ],
    );
}

#[test]
fn a_sentence_names_what_it_hands_in() {
    assert_accepted(
        &materials_engine(),
        &[
            // Each clause hands one in.
            (
                "已育的须提交结婚证，未婚的须提交户口簿",
                "",
                "结婚证|居民户口簿",
            ),
            // A clause ending in 的 says which one, or whom the next is asked of.
            ("申请人应提交载有统一社会信用代码的营业执照", "", "营业执照"),
            (
                "代办的，须提交授权委托书及代办人身份证",
                "",
                "授权委托书|居民身份证",
            ),
            // Carried and attached are handed in; how it is handed in is no material.
            ("申请人需携带本人社会保障卡", "", "社会保障卡"),
            (
                "中文翻译件，外文证件需提供并加盖翻译机构公章",
                "",
                "中文翻译件",
            ),
        ],
    );
}

#[test]
fn a_bracket_naming_the_bodys_listed_unit_is_that_unit() {
    assert_accepted(
        &engine(),
        &[
            ("上海市公安局（浦东分局）", "", "上海市公安局浦东分局"),
            // A role in brackets is still a note.
            ("市民政局（牵头）", "", "上海市民政局"),
        ],
    );
}

#[test]
fn a_tax_hall_and_a_peoples_tribunal_are_their_bodies() {
    assert_accepted(
        &names_engine(),
        &[
            (
                "浦东新区税务局办税服务厅",
                "",
                "国家税务总局上海市浦东新区税务局",
            ),
            ("上海市松江区人民法院泗泾法庭", "", "上海市松江区人民法院"),
        ],
    );
}

#[test]
fn a_national_bodys_district_office_without_the_city_is_read_with_it() {
    let e = names_engine();
    assert_accepted(
        &e,
        &[(
            "国家税务总局松江区税务局",
            "",
            "国家税务总局上海市松江区税务局",
        )],
    );
    let o = e.lookup("国家税务总局松江区税务局", Context::default());
    assert!(o.why.contains("上海市"), "{}", o.why);
}

#[test]
fn a_second_name_may_leave_out_what_it_shares_with_the_first() {
    assert_accepted(
        &materials_engine(),
        &[
            // The bracket's name in place of the same kind of ending: either material.
            ("仲裁裁决书（调解书）", "", "仲裁裁决书|仲裁调解书"),
            // One character of a kind of document in place of the last: either form.
            (
                "建设项目环境影响报告书（表）",
                "",
                "建设项目环境影响报告书|建设项目环境影响报告表",
            ),
            // The first name's words without its kind, before the second.
            (
                "道路运输证及从业资格证",
                "",
                "道路运输证|道路运输从业人员从业资格证",
            ),
        ],
    );
}

#[test]
fn the_same_name_with_a_word_for_documents_after_it_is_that_name() {
    assert_accepted(
        &materials_engine(),
        &[
            ("公司章程文本", "", "公司章程"),
            ("审计报告资料", "", "审计报告"),
        ],
    );
}

#[test]
fn a_word_before_a_name_several_materials_go_by_is_not_sure() {
    let e = materials_engine();
    let ctx = Context::default();
    // 律师证 may be the practising certificate, the qualification or a trainee's card.
    assert_eq!(e.lookup("军队律师证", ctx).decision, Decision::Review);
    // Whose copy a name of one material is stays sure.
    assert_eq!(e.lookup("车主行驶证", ctx).decision, Decision::Auto);
}

#[test]
fn a_bracket_holding_the_names_first_words_is_read_before_it() {
    assert_accepted(
        &materials_engine(),
        &[
            ("许可证（排污）", "", "排污许可证"),
            ("合同（劳动）", "", "劳动合同"),
            // A bracket after a whole name is still a note on it.
            ("营业执照（副本）", "", "营业执照"),
        ],
    );
}

#[test]
fn words_are_read_across_the_marks_inside_a_name() {
    let e = Engine::materials(&rules_only(), Thresholds::default());
    // 装修 is two characters of 承装（修、试）…, not the first of two of its words.
    let o = e.lookup("装修试许可证", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_unit_after_a_lists_separator_is_a_second_name() {
    let e = engine();
    let o = e.lookup("市大数据中心、区大数据中心", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
    assert!(!o.why.contains("内设机构"), "{}", o.why);
}

#[test]
fn a_second_name_may_borrow_the_first_names_first_words() {
    assert_accepted(
        &materials_engine(),
        &[
            ("医师资格证及执业证", "", "医师资格证书|医师执业证书"),
            // A second name listed whole borrows nothing (临时 + 居民身份证 is another
            // material).
            (
                "临时用地批准书及居民身份证",
                "",
                "临时用地批准书|居民身份证",
            ),
        ],
    );
}

#[test]
fn how_a_sentences_material_is_signed_is_no_part_of_it() {
    assert_accepted(
        &materials_engine(),
        &[
            ("申请人须提交户口簿并注明用途", "", "居民户口簿"),
            ("须提交户口簿复印件并签字", "", "居民户口簿"),
        ],
    );
}

#[test]
fn words_before_a_name_are_said_as_such_not_as_a_short_form() {
    let e = materials_engine();
    // The cell is longer than the name it holds: calling it the name's short form was untrue.
    let o = e.lookup("卫生管理制度", Context::default());
    assert_eq!(o.decision, Decision::Review, "{o:?}");
    assert!(o.why.contains("前加了“卫生”"), "{}", o.why);
    assert!(o.why.contains("更具体"), "{}", o.why);
    assert!(!o.why.contains("简称"), "{}", o.why);
}

#[test]
fn a_cut_name_is_explained_by_the_current_name_before_a_former_one() {
    let e = engine();
    // 闵行区人民政府 and its former 上海县人民政府 read alike once the district is taken off.
    let o = e.lookup("上海市闵行区人民政", Context::default());
    assert_eq!(o.hits[0].name, "上海市闵行区人民政府");
    assert!(!o.why.contains("原名"), "{}", o.why);
}

#[test]
fn a_bracket_offering_an_unread_alternative_leaves_the_name_a_suggestion() {
    let e = materials_engine();
    let o = e.lookup("营业执照（或其他登记证明）", Context::default());
    assert_eq!(o.decision, Decision::Review, "{o:?}");
    assert_eq!(o.hits[0].name, "营业执照");
    assert!(o.why.contains("或其他登记证明"), "{}", o.why);
    // An alternative read surely is both materials, as before.
    let o = e.lookup("结婚证（或离婚证）", Context::default());
    assert_eq!(o.decision, Decision::Auto, "{o:?}");
    assert_eq!(o.hits.len(), 2);
}

#[test]
fn a_range_joined_by_ji_is_no_list_of_names() {
    let e = materials_engine();
    // 二级及以上 is one level and those above it: the issuer of one material, not two names.
    assert_accepted(
        &e,
        &[("二级及以上医院出具的疾病诊断证明书", "", "疾病诊断证明书")],
    );
    assert_eq!(
        super::split::split_joins("二级及以上医院", "及"),
        vec!["二级及以上医院"]
    );
    assert_eq!(
        super::split::split_joins("营业执照及副本", "及"),
        vec!["营业执照", "副本"]
    );
}

#[test]
fn a_name_cut_short_by_its_last_character_is_that_name() {
    let e = engine();
    // The last character of a two-character ending, left off in a narrow column.
    assert_accepted(
        &e,
        &[
            ("上海市闵行区人民政", "", "上海市闵行区人民政府"),
            ("中华人民共和国海关总", "", "中华人民共和国海关总署"),
        ],
    );
    let o = e.lookup("中华人民共和国海关总", Context::default());
    assert!(o.why.contains("末尾少了“署”"), "{}", o.why);
    // A character that is an ending by itself is a kind left out, read elsewhere: not a cut.
    assert!(!super::score::cut_short(
        &"住房保障".chars().collect::<Vec<_>>(),
        &"住房保障局".chars().collect::<Vec<_>>()
    ));
}

#[test]
fn a_town_written_with_a_homophone_is_that_town() {
    let e = engine();
    let o = e.lookup("专桥镇", context_of(&e, "上海市闵行区民政局"));
    assert_eq!(o.decision, Decision::Auto, "{o:?}");
    assert_eq!(o.hits[0].name, "上海市闵行区颛桥镇人民政府");
    assert!(o.why.contains("同音字"), "{}", o.why);
}

#[test]
fn the_city_written_with_a_homophone_for_shi_is_the_city() {
    let e = engine();
    let o = e.lookup("上海是民政局", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "上海市民政局")
    );
    assert!(o.why.contains("“上海是”读作“上海市”"), "{}", o.why);
    // Only before a listed name: a word that opens so is not the city's 市.
    let o = e.lookup("上海师范大学", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_materials_own_parts_in_the_form_handed_in_are_its_parts() {
    let e = materials_engine();
    assert_accepted(&e, &[("医疗器械注册证及附件复印件", "", "医疗器械注册证")]);
    assert_eq!(
        super::reading::own_parts_end("营业执照及副本复印件"),
        Some(("营业执照", "及副本复印件"))
    );
}

#[test]
fn textbook_lookalikes_are_slips() {
    let e = materials_engine();
    assert_accepted(
        &e,
        &[
            ("退体证", "", "退休证"),
            ("货款结清证明", "", "贷款结清证明"),
        ],
    );
}

#[test]
fn a_governments_named_office_is_known_without_renmin_zhengfu() {
    let e = engine();
    assert_accepted(
        &e,
        &[
            ("上海市合作交流办公室", "", "上海市人民政府合作交流办公室"),
            (
                "上海市政府合作交流办公室",
                "",
                "上海市人民政府合作交流办公室",
            ),
        ],
    );
    // The other way round: an office listed without 人民政府 is written with it too.
    assert_accepted(
        &names_engine(),
        &[
            ("上海市人民政府信访办公室", "", "上海市信访办公室"),
            ("上海市政府信访办公室", "", "上海市信访办公室"),
        ],
    );
    // The general office is nothing without 人民政府: no form 上海市办公室 is made.
    let o = e.lookup("上海市办公室", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn party_and_league_bodies_are_known_by_their_usual_forms() {
    let e = names_engine();
    assert_accepted(
        &e,
        &[
            ("上海市委社会工作部", "", "中共上海市委社会工作部"),
            ("上海市编办", "", "中共上海市委机构编制委员会办公室"),
            ("市委编办", "", "中共上海市委机构编制委员会办公室"),
            ("团市委", "", "共青团上海市委员会"),
            ("共青团上海市委", "", "共青团上海市委员会"),
            ("团中央", "", "中国共产主义青年团中央委员会"),
            ("上海市律协", "", "上海市律师协会"),
        ],
    );
    // The party committee itself is not one of its departments.
    let o = e.lookup("上海市委", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_bracket_that_names_one_of_tied_materials_decides() {
    let e = Engine::materials(&rules_only(), Thresholds::default());
    for (cell, want) in [
        ("报关单（出口）", "出口货物报关单"),
        ("报关单（进口）", "进口货物报关单"),
        ("从业资格证（道路运输）", "道路运输从业人员从业资格证"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Auto, "{cell}: {}", o.why);
        assert_eq!(o.joined(), want, "{cell}");
    }
    let o = e.lookup("报关单（出口）", Context::default());
    assert!(o.why.contains("括注（出口）说明是其中哪一种"), "{}", o.why);
    // A bracket that names neither leaves the tie to a person.
    let o = e.lookup("报关单（复印件）", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn a_towns_own_two_character_name_is_that_town() {
    // 堡镇 and 庙镇 are towns' whole names; a bare two-character type (民政) still says too
    // little.
    let e = names_engine();
    assert_accepted(
        &e,
        &[
            ("庙镇", "", "上海市崇明区庙镇人民政府"),
            ("堡镇", "", "上海市崇明区堡镇人民政府"),
        ],
    );
    let o = e.lookup("民政", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{}", o.why);
}

#[test]
fn common_names_of_border_stations_and_internet_offices_reach_every_level() {
    // reforms.csv: 网信办 is the national office's short name as much as a city's, and every
    // 出入境边防检查总站 is a 边检总站.
    let e = names_engine();
    assert_accepted(
        &e,
        &[
            ("国家网信办", "", "国家互联网信息办公室"),
            ("上海市网信办", "", "上海市互联网信息办公室"),
            ("上海边检总站", "", "上海出入境边防检查总站"),
        ],
    );
}

#[test]
fn guo_before_a_national_bodys_short_form_says_guojia() {
    let e = names_engine();
    assert_accepted(
        &e,
        &[
            ("国知局", "", "国家知识产权局"),
            ("国税总局", "", "国家税务总局"),
        ],
    );
    let o = e.lookup("国知局", Context::default());
    assert!(o.why.contains("“国”读作“国家”"), "{}", o.why);
    // 国土 is a word of its own: 国土局 stays the city's former bureau.
    let o = e.lookup("国土局", Context::default());
    assert_eq!(o.joined(), "上海市规划和自然资源局", "{}", o.why);
}

#[test]
fn the_electronic_form_of_a_short_name_is_that_material() {
    // Standard names only: 社保卡 is a short form, not a listed name, after 电子 too.
    let e = Engine::materials(
        &crate::eval::names_only(&Dictionaries::embedded().unwrap()),
        Thresholds::default(),
    );
    assert_accepted(&e, &[("电子社保卡", "", "社会保障卡")]);
}

#[test]
fn pruning_keeps_names_whose_first_character_the_query_leaves_out() {
    // A query may leave out a name's first characters (事局 of …海事局); the pairs only the
    // bound for abbreviations reaches must include heads whose second character opens it.
    let dict = Dictionaries::embedded().unwrap();
    let mut on = Engine::departments(&dict, Thresholds::default());
    on.pruning.plain_below = 0;
    let mut off = on.clone();
    off.pruning.prune = false;
    let mut n = 0;
    for d in &dict.departments {
        let ch: Vec<char> = d.name.chars().collect();
        for cut in 1..ch.len().saturating_sub(1) {
            let q: String = ch[cut..].iter().collect();
            for ctx in THREE_CONTEXTS {
                assert_eq!(on.lookup(&q, ctx), off.lookup(&q, ctx), "{q} {ctx:?}");
                n += 1;
            }
        }
    }
    assert!(n > 10_000, "{n}");
}

#[test]
fn a_word_in_place_of_the_head_a_short_form_leaves_out_names_another_subject() {
    // 定点屠宰证书 is 生猪定点屠宰证书 written short; 牛羊 in 生猪's place names other
    // animals, though no listed name starts with 牛羊. An owner (犬主) or the booklet form
    // of a pass (本式) says whose or which copy it is.
    let e = materials_engine();
    let o = e.lookup("牛羊定点屠宰证书", Context::default());
    assert_eq!(o.decision, Decision::Review, "{}", o.why);
    assert_accepted(
        &e,
        &[
            ("犬主身份证", "", "居民身份证"),
            ("本式港澳通行证", "", "往来港澳通行证"),
            ("定点屠宰证书", "", "生猪定点屠宰证书"),
        ],
    );
}

#[test]
fn a_shared_name_is_a_suggestion_unless_its_bracket_says_which() {
    // 鉴定意见书 is what a 司法鉴定, a 医疗损害鉴定 or a 亲子鉴定 ends in (reforms.csv,
    // shared): alone it is a suggestion; a bracket naming this one and none of the others
    // decides, and the explanation says so rather than that the bracket was ignored.
    let e = materials_engine();
    for cell in ["鉴定意见书", "起诉状", "经营场所证明"] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Review, "{cell}: {}", o.why);
    }
    let o = e.lookup("鉴定意见书（司法鉴定）", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "司法鉴定意见书"),
        "{}",
        o.why
    );
    assert!(
        o.why.contains("说明是其中哪一种") && !o.why.contains("忽略括注"),
        "{}",
        o.why
    );
}

#[test]
fn a_cell_that_differs_from_the_name_in_fei_names_the_counterpart() {
    // 非 says the material is the counterpart of the name without it.
    let e = materials_engine();
    for cell in ["香港非永久性居民身份证", "营业性客车额度证明"] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(o.decision, Decision::Review, "{cell}: {}", o.why);
    }
    let o = e.lookup("非营业性客车额度证明", Context::default());
    assert_eq!(
        (o.decision, o.joined().as_str()),
        (Decision::Auto, "上海市非营业性客车额度证明")
    );
}

#[test]
fn a_listed_name_with_noise_after_it_or_a_character_doubled_is_that_name() {
    let e = engine();
    assert_accepted(
        &e,
        &[
            ("上海市交通委员会——系统核验", "", "上海市交通委员会"),
            ("上海市财政局 1", "", "上海市财政局"),
            ("上海市市场监督管理局()", "", "上海市市场监督管理局"),
            ("上海市民政局局", "", "上海市民政局"),
        ],
    );
    // A unit after the dash is the body's own: no remark to drop.
    let o = e.lookup("上海市公安局—闵行分局", Context::default());
    assert_ne!(o.joined(), "上海市公安局", "{}", o.why);
    let m = materials_engine();
    for (cell, name) in [("营业执照照", "营业执照"), ("营业执照()", "营业执照")] {
        let o = m.lookup(cell, Context::default());
        assert_eq!(
            (o.decision, o.joined().as_str()),
            (Decision::Auto, name),
            "{cell}: {}",
            o.why
        );
        assert!(!o.why.contains("简称"), "{}", o.why);
    }
}

#[test]
fn a_government_body_before_a_material_issued_it() {
    // A government body issues what it names, licences too, and holds none of them; a 律师
    // 事务所 before its licence is its holder, and 内部 is no body.
    let e = names_materials_engine();
    for (cell, name) in [
        ("农业农村部农产品地理标志登记证书", "农产品地理标志登记证书"),
        ("公安机关受案回执", "受案回执"),
        ("民政部门收养评估报告", "收养评估报告"),
        ("出入境管理部门外国人出入境证", "外国人出入境证"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(
            (o.decision, o.joined().as_str()),
            (Decision::Auto, name),
            "{cell}: {}",
            o.why
        );
        assert!(o.why.contains("出具单位"), "{}", o.why);
    }
    let o = e.lookup("内部管理制度", Context::default());
    assert!(!o.why.contains("出具单位"), "{}", o.why);
}

#[test]
fn the_states_title_before_a_national_certificate_is_no_part_of_its_name() {
    // 中华人民共和国 opens the official name of many national certificates; a name listed
    // with it (中华人民共和国海员证) stays as listed.
    assert_accepted(
        &names_materials_engine(),
        &[
            ("中华人民共和国机动车驾驶证", "", "机动车驾驶证"),
            ("中华人民共和国船舶国籍证书", "", "船舶国籍证书"),
            ("中华人民共和国海员证", "", "中华人民共和国海员证"),
        ],
    );
}

#[test]
fn a_nationwide_name_in_letters_meets_a_cell_however_it_is_cased() {
    // reforms.csv's names are folded to capitals as the dictionary's are: a row giving
    // "Business License" reached no cell while the cell's letters were folded and the row's
    // were not.
    let mut d = crate::eval::names_only(&Dictionaries::embedded().unwrap());
    d.reforms.retain(|r| r.current != "营业执照");
    d.reforms.push(crate::dictionary::Reform {
        kind: "material".into(),
        scope: crate::dictionary::Scope::Any,
        current: "营业执照".into(),
        names: vec!["BusinessLicense".into()],
        relation: crate::dictionary::Relation::Common,
        note: "英文名称".into(),
        line: 1,
    });
    let e = Engine::materials(&d, Thresholds::default());
    for cell in ["Business License", "business license", "BUSINESS LICENSE"] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(
            (o.decision, o.joined().as_str()),
            (Decision::Auto, "营业执照"),
            "{cell}"
        );
    }
}

#[test]
fn a_foreigners_material_is_the_foreign_one_the_dictionary_lists() {
    // 护照 alone is a Chinese or a foreign passport; a foreigner's is the foreign one, said
    // before the name, in its bracket or as the sentence's subject.
    let e = rules_with(&[]);
    for (cell, want) in [
        ("外籍人员护照", "外国护照"),
        ("护照（外籍人员提供）", "外国护照"),
        ("外籍人员应提交有效护照", "外国护照"),
        ("外籍人士居留许可", "外国人居留许可"),
    ] {
        let o = e.lookup(cell, Context::default());
        assert_eq!(
            (o.decision, o.joined().as_str()),
            (Decision::Auto, want),
            "{cell}: {}",
            o.why
        );
        assert!(o.why.contains("外国的那一种"), "{cell}: {}", o.why);
    }
    // Without a foreigner said, 护照 stays a suggestion.
    assert_ne!(
        e.lookup("护照", Context::default()).decision,
        Decision::Auto
    );
}

#[test]
fn a_nationwide_name_is_explained_once() {
    // Not "大绿本 是 机动车登记证书 的别名；它是机动车登记证书的俗称（reforms.csv）".
    let o = names_materials_engine().lookup("大绿本", Context::default());
    assert_eq!(o.why, "大绿本 是 机动车登记证书的俗称（reforms.csv）");
    let o = names_materials_engine().lookup("房产证", Context::default());
    assert!(
        o.why.starts_with("房产证 是 不动产权证书的原名（2015"),
        "{}",
        o.why
    );
    // A department's row speaks of its type: the body's own name is kept before it.
    let o = names_engine().lookup("上海市工商局", Context::default());
    assert!(
        o.why
            .starts_with("上海市工商局 是 上海市市场监督管理局 的原名；"),
        "{}",
        o.why
    );
}
