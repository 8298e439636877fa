//! The national reader on a two-province draft (江西省 and 安徽省, as `dict init` writes
//! them), where county names sound alike across provinces: 铅山县 (江西) and 潜山市 (安徽).

use crate::dictionary::Dictionaries;
use crate::draft::{RegionTree, Types, draft};
use crate::matching::tests::assert_accepted;
use crate::matching::{Context, Decision, Engine, Thresholds};

fn engine() -> Engine {
    let mut d = Dictionaries::embedded().unwrap();
    let types = Types::embedded().unwrap();
    let tree = RegionTree::new(&d.regions);
    let mut departments = Vec::new();
    for province in ["江西省", "安徽省"] {
        let scope = tree.resolve(province).unwrap();
        departments.extend(draft(&tree, scope, &types, &[]).unwrap().departments);
    }
    d.departments = departments;
    Engine::departments(&d, Thresholds::default())
}

#[test]
fn county_names_that_sound_alike_are_read_as_written() {
    let e = engine();
    assert_accepted(
        &e,
        &[
            // A homophone of 潜山市 with its type character: the shorter form as written wins.
            ("铅山市场监督管理局", "", "铅山县市场监督管理局"),
            ("潜山市场监督管理局", "", "潜山市市场监督管理局"),
            ("铅山县民政局", "", "铅山县民政局"),
            ("江西省上饶市铅山县民政局", "", "铅山县民政局"),
            ("安庆市潜山市民政局", "", "潜山市民政局"),
            ("上饶铅山县财政局", "", "铅山县财政局"),
            // 铅山是 sounds like 潜山市, the slip in its type; but 铅山 is written as it is,
            // and is another region's: it wins.
            ("铅山是场监督管理局", "", "铅山县市场监督管理局"),
        ],
    );
}

#[test]
fn a_body_of_a_region_read_under_another_is_not_accepted() {
    let e = engine();
    // 铅山县 is not under 安庆市: the region read first bounds the one after it.
    let o = e.lookup("安庆市铅山县民政局", Context::default());
    assert!(
        o.decision != Decision::Auto || o.joined() != "铅山县民政局",
        "{o:?}"
    );
}

#[test]
fn a_city_then_qu_is_not_the_citys_own_body() {
    // 市区 is a word (the city's districts), not 区 written twice as in 普陀区区政府.
    let e = engine();
    let o = e.lookup("安庆市区审计局", Context::default());
    assert!(
        o.decision != Decision::Auto || o.joined() != "安庆市审计局",
        "{o:?}"
    );
}

#[test]
fn characters_left_between_a_whole_region_and_a_name_put_the_region_in_doubt() {
    let e = engine();
    // 安庆市 + 迎 + a city's body: 迎 may be the start of 迎江区, so the city's body is only
    // suggested.
    let o = e.lookup("安庆市迎公共资源交易中心", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{o:?}");
    assert!(o.why.contains("迎"), "{}", o.why);
    // After a short region (宿松), the character may be a slip for its type (县): the rule
    // says nothing.
    let o = e.lookup("宿松对人力资源和社会保障局", Context::default());
    assert!(!o.why.contains("“对”"), "{}", o.why);
}

#[test]
fn a_name_with_a_character_left_out_is_not_another_cut_short() {
    let e = engine();
    // 政局 is 民政局 or 财政局 with a character left out as much as 政务服务管理局 cut short;
    // 市管理局 is 城市管理局 as much as 市场监督管理局 cut short.
    for q in ["南昌县政局", "南昌县市管理局", "芜湖市计局"] {
        let o = e.lookup(q, Context::default());
        assert_ne!(o.decision, Decision::Auto, "{q}: {o:?}");
    }
    // 统局 can be only 统计局.
    assert_accepted(&e, &[("南昌县统局", "", "南昌县统计局")]);
}

#[test]
fn a_short_region_before_shichang_names_the_city_and_the_county() {
    // 南昌市场监管局: 南昌市 + 场监管局 or 南昌 + 市场监管局, and 南昌 is the city and the
    // county: a person decides. 景德镇 names only the city.
    let e = engine();
    let o = e.lookup("南昌市场监督管理局", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{o:?}");
    assert_accepted(
        &e,
        &[("景德镇市场监督管理局", "", "景德镇市市场监督管理局")],
    );
}

#[test]
fn a_region_read_by_sound_leaves_no_room_for_a_second_slip() {
    let e = engine();
    // 务源县 sounds as 婺源县: a name written right after it stays sure.
    assert_accepted(
        &e,
        &[
            ("务源县水利局", "", "婺源县水利局"),
            ("婺源县利局", "", "婺源县水利局"),
        ],
    );
    // Both slips at once are a guess.
    let o = e.lookup("务源县利局", Context::default());
    assert_ne!(o.decision, Decision::Auto, "{o:?}");
}
