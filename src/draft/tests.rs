use super::*;
use crate::dictionary::{Dictionaries, check};

fn setup() -> (Dictionaries, Types) {
    (
        Dictionaries::embedded().unwrap(),
        Types::embedded().unwrap(),
    )
}

fn national(d: &Dictionaries) -> Vec<Department> {
    national_rows(&d.departments)
}

fn make(region: &str) -> Draft {
    let (d, t) = setup();
    let tree = RegionTree::new(&d.regions);
    let scope = tree.resolve(region).unwrap();
    draft(&tree, scope, &t, &national(&d)).unwrap()
}

#[test]
fn a_city_with_a_county_of_its_short_name_gets_no_form_without_its_shi() {
    let dr = make("安阳市");
    let aliases = |n: &str| {
        (dr.departments.iter())
            .find(|d| d.name == n)
            .unwrap_or_else(|| panic!("{n} missing"))
            .aliases
            .clone()
    };
    // 安阳市场监督管理局 reads as 安阳县's too (安阳 + 市场监督管理局).
    let city = aliases("安阳市市场监督管理局");
    assert!(!city.iter().any(|a| a.starts_with("安阳市场")), "{city:?}");
    assert!(city.contains(&"安阳市市场监管局".to_string()), "{city:?}");
    // A city without such a county keeps it.
    let dr = make("杭州市");
    let hz = (dr.departments.iter()).find(|d| d.name == "杭州市市场监督管理局");
    assert!(
        hz.unwrap()
            .aliases
            .contains(&"杭州市场监督管理局".to_string())
    );
}

#[test]
fn short_names() {
    assert_eq!(short_name("西湖区"), "西湖");
    assert_eq!(short_name("浦东新区"), "浦东");
    assert_eq!(short_name("桐庐县"), "桐庐");
    assert_eq!(short_name("城区"), "城区");
    assert_eq!(short_name("赵县"), "赵县");
    // 新市 alone reads as a city; 津市 is 津市市's own short name.
    assert_eq!(short_name("新市区"), "新市区");
    assert_eq!(short_name("津市市"), "津市");
    assert_eq!(short_name("东乡族自治县"), "东乡");
    assert_eq!(short_name("双江拉祜族佤族布朗族傣族自治县"), "双江");
    assert_eq!(
        autonomous_place("恩施土家族苗族自治州").as_deref(),
        Some("恩施")
    );
    assert_eq!(
        autonomous_place("博尔塔拉蒙古自治州").as_deref(),
        Some("博尔塔拉")
    );
    assert_eq!(autonomous_place("白沙黎族自治县").as_deref(), Some("白沙"));
    assert_eq!(autonomous_place("龙胜各族自治县").as_deref(), Some("龙胜"));
    assert_eq!(autonomous_place("杭州市"), None);
}

#[test]
fn regions_resolve_by_name_path_or_code() {
    let d = Dictionaries::embedded().unwrap();
    let tree = RegionTree::new(&d.regions);
    let code = |q: &str| match tree.resolve(q).unwrap() {
        Scope::Region(r) => r.code.clone(),
        Scope::National => "全国".into(),
    };
    assert_eq!(code("浙江省"), "330000");
    assert_eq!(code("杭州市"), "330100");
    assert_eq!(code("330106"), "330106");
    assert_eq!(code("杭州市西湖区"), "330106");
    assert_eq!(code("浙江省杭州市西湖区"), "330106");
    assert_eq!(code("桐庐县"), "330122");
    assert_eq!(code("全国"), "全国");
    let e = tree.resolve("西湖区").unwrap_err();
    assert!(
        e.message.contains("330106") && e.message.contains("360103"),
        "{}",
        e.message
    );
    assert!(e.message.contains("浙江省杭州市"), "{}", e.message);
    let e = tree.resolve("鼓楼区").unwrap_err();
    assert!(e.message.contains("不唯一"), "{}", e.message);
    let e = tree.resolve("杭州").unwrap_err();
    assert!(e.message.contains("未知地区"), "{}", e.message);
    assert!(e.hint.unwrap().contains("杭州市 330100"));
    assert!(tree.resolve("999999").is_err());
}

#[test]
fn a_city_draft_names_bodies_as_they_are_named() {
    let dr = make("杭州市");
    let by_name: HashMap<&str, &Department> = dr
        .departments
        .iter()
        .map(|d| (d.name.as_str(), d))
        .collect();
    for (name, region) in [
        ("杭州市人民政府", "杭州市"),
        ("杭州市市场监督管理局", "杭州市"),
        ("杭州市西湖区市场监督管理局", "西湖区"),
        ("桐庐县市场监督管理局", "桐庐县"),
        ("建德市市场监督管理局", "建德市"),
        ("杭州市公安局西湖分局", "西湖区"),
        ("桐庐县公安局", "桐庐县"),
        // Zhejiang and Hangzhou variants.
        ("杭州市经济和信息化局", "杭州市"),
        ("杭州市城市管理局", "杭州市"),
        ("杭州市规划和自然资源局", "杭州市"),
        ("杭州市规划和自然资源局西湖分局", "西湖区"),
        ("桐庐县自然资源和规划局", "桐庐县"),
        ("桐庐县综合行政执法局", "桐庐县"),
        ("中华人民共和国公安部", "国家"),
    ] {
        let d = by_name
            .get(name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(d.region, region, "{name}");
        assert!(d.code.is_empty());
    }
    let aliases = |n: &str| by_name[n].aliases.clone();
    assert!(aliases("杭州市市场监督管理局").contains(&"杭州市场监管局".to_string()));
    assert!(aliases("杭州市西湖区人力资源和社会保障局").contains(&"西湖区人社局".to_string()));
    assert!(aliases("杭州市公安局西湖分局").contains(&"西湖区公安分局".to_string()));
    // Replaced by variants: not there.
    for gone in [
        "杭州市工业和信息化局",
        "杭州市自然资源和规划局",
        "杭州市西湖区自然资源局",
        "桐庐县城市管理局",
    ] {
        assert!(!by_name.contains_key(gone), "{gone}");
    }
    // Nothing of Shanghai but the national rows.
    for d in &dr.departments {
        assert!(
            !d.name.contains("上海") && !d.region.contains("上海"),
            "{}",
            d.name
        );
    }
    let levels: Vec<(&str, usize)> = dr.levels.iter().map(|l| (l.level, l.regions)).collect();
    assert_eq!(levels, [("city", 1), ("county", 13), ("national", 1)]);
}

#[test]
fn drafts_pass_dict_check_and_mark_what_is_uncertain() {
    let (mut d, _) = setup();
    for region in [
        "临夏回族自治州",
        "浙江省",
        "杭州市",
        "330106",
        "上海市",
        "重庆市",
        "江苏省",
        "恩施土家族苗族自治州",
        "海南省",
    ] {
        let dr = make(region);
        d.departments = dr.departments.clone();
        let problems: Vec<_> = check(&d)
            .into_iter()
            .filter(|p| p.file == "departments.csv")
            .collect();
        assert!(problems.is_empty(), "{region}: {problems:?}");
        let marked = crate::dictionary::uncertain(&d)
            .iter()
            .filter(|p| p.file == "departments.csv")
            .count();
        let counted: usize = dr.levels.iter().map(|l| l.uncertain).sum();
        assert_eq!(marked, counted, "{region}");
    }
}

#[test]
fn every_top_region_has_the_most_entries() {
    // The engine takes the region with the most entries for the top level.
    let (d, t) = setup();
    let tree = RegionTree::new(&d.regions);
    for p in tree.provinces() {
        let dr = draft(&tree, Scope::Region(p), &t, &[]).unwrap();
        let mut count: HashMap<&str, usize> = HashMap::new();
        for x in &dr.departments {
            *count.entry(x.region.as_str()).or_default() += 1;
        }
        let top = count[dr.departments[0].region.as_str()];
        let next = count
            .iter()
            .filter(|(r, _)| **r != dr.departments[0].region)
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0);
        assert!(top > next, "{}: top {top}, next {next}", p.name);
    }
}
