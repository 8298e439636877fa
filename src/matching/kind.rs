//! The kind of body a name ends with (中心, 分局, 委员会, 局 …): a fuzzy suggestion of
//! another kind names another body (a 科学技术协会 is no 科学技术委员会, a 医院 no 法院), and is
//! worse than none.

/// Endings and the kind they name, longest first: a short form (卫健委, 府办, 街道办) is of its
/// full name's kind. An office within a body (处, 科, 部) names no kind: the body is its
/// suggestion (市残联康复部 → 上海市残疾人联合会).
const KINDS: [(&str, &str); 26] = [
    ("检察院", "检察院"),
    ("委员会", "委员会"),
    ("办公室", "办公室"),
    ("办公厅", "办公室"),
    ("办事处", "办事处"),
    ("事处", "办事处"),
    ("街道办", "办事处"),
    ("委会", "委员会"),
    ("员会", "委员会"),
    ("医院", "医院"),
    ("法院", "法院"),
    ("分局", "分局"),
    ("总局", "局"),
    ("中心", "中心"),
    ("政府", "政府"),
    ("公司", "公司"),
    ("委", "委员会"),
    ("办", "办公室"),
    ("局", "局"),
    ("院", "院"),
    ("所", "所"),
    ("站", "站"),
    ("队", "队"),
    ("厅", "厅"),
    ("会", "会"),
    ("馆", "馆"),
];

/// The ending of `name` that names a kind of body, and the kind; None when it names none.
fn body_kind(name: &str) -> Option<(&'static str, &'static str)> {
    KINDS
        .iter()
        .find(|(ending, _)| name.ends_with(ending))
        .copied()
}

/// Whether a name ends with a word that names a kind of body (局, 委, 中心).
pub(super) fn names_a_kind(name: &str) -> bool {
    body_kind(name).is_some()
}

/// Whether `cell` ends with `ending` but for one character: a slip in the ending (委贝会), not
/// another kind. Only for endings of three characters or more: 医院 and 法院 differ by one.
fn slipped_ending(cell: &str, ending: &str) -> bool {
    let want: Vec<char> = ending.chars().collect();
    let tail: Vec<char> = cell.chars().rev().take(want.len()).collect();
    want.len() >= 3
        && tail.len() == want.len()
        && tail.iter().rev().zip(&want).filter(|(a, b)| a != b).count() == 1
}

/// Whether the body `cell` names may be `entry`: their kinds agree, or one says none. A
/// district's police 分局 is commonly written 区公安局, so a 局 may be a 分局; 委 and 局 are
/// mixed up for the same body (卫健局 for 卫生健康委员会, 教委 for 教育局).
pub(super) fn same_kind(cell: &str, entry: &str) -> bool {
    match (body_kind(cell), body_kind(entry)) {
        (Some((_, x)), Some((ending, y))) => {
            let mixed = matches!((x, y), ("局", "分局" | "委员会") | ("委员会", "局"));
            x == y || mixed || slipped_ending(cell, ending)
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_are_of_their_full_name_kind() {
        assert!(same_kind("市卫健委", "上海市卫生健康委员会"));
        assert!(same_kind("市府办", "上海市人民政府办公厅"));
        assert!(same_kind("市民政", "上海市民政局"));
        assert!(same_kind("区公安局", "上海市公安局闵行分局"));
        assert!(same_kind("上海市交通委贝会", "上海市交通委员会"));
        assert!(same_kind("静安寺街道办", "上海市静安区静安寺街道办事处"));
        assert!(same_kind("市残联康复部", "上海市残疾人联合会"));
        assert!(!same_kind("区公安分局", "上海市公安局"));
        assert!(!same_kind("区疾控中心", "上海市卫生健康委员会"));
        assert!(same_kind("区卫健局", "上海市闵行区卫生健康委员会"));
        assert!(!same_kind("区科学技术协会", "上海市闵行区科学技术委员会"));
        assert!(!same_kind("区人民医院", "上海市闵行区人民法院"));
        assert!(!same_kind("区金山卫健委", "上海市金山区金山卫镇人民政府"));
    }
}
