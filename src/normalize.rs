//! Text normalization shared by every stage that compares names.
//!
//! Everything that looks a cell up in a dictionary goes through [`compact`] first, so a
//! dictionary key and a cell that differ only in width, spacing, bracket style or trailing
//! punctuation always meet. Originals are never modified here: callers keep the raw text.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Whether `c` is in the CJK Unified Ideographs block, where the characters of names are.
pub fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// NFKC, no whitespace, ASCII brackets, no leading/trailing punctuation.
///
/// NFKC folds full-width letters, digits and most punctuation (（ → (, ：→ :) so only the
/// CJK-specific brackets need an explicit table.
pub fn compact(s: &str) -> String {
    // Ideographs alone are kept as they are: no space, mark, bracket or punctuation to drop.
    if s.chars().all(is_ideograph) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    // Book-title marks (《不动产权证书》) quote a name; they are not part of it.
    let mut keep = |c: char| {
        if !c.is_whitespace() && !is_invisible(c) && !matches!(c, '《' | '》' | '〈' | '〉') {
            out.push(unify_bracket(c));
        }
    };
    // Most cells are NFKC already (plain Chinese), and the quick check that says so costs a
    // fraction of running the normalizer over them. ASCII and the CJK Unified Ideographs
    // block are NFKC-stable starters, so text of only those needs not even the check (a
    // national dictionary compacts half a million names as it loads).
    let plain = s.chars().all(|c| c.is_ascii() || is_ideograph(c));
    if plain || is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        s.chars().for_each(&mut keep);
    } else {
        s.nfkc().for_each(&mut keep);
    }
    let t = trim_punct(&out);
    if t.len() == out.len() {
        out
    } else {
        t.to_string()
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{feff}' | '\u{2060}' | '\u{00ad}'
    )
}

fn unify_bracket(c: char) -> char {
    match c {
        '【' | '〔' | '［' | '〖' | '「' | '『' | '[' | '{' | '｛' => '(',
        '】' | '〕' | '］' | '〗' | '」' | '』' | ']' | '}' | '｝' => ')',
        '“' | '”' | '＂' => '"',
        '‘' | '’' => '\'',
        _ => c,
    }
}

/// The text inside brackets that open at its start and close at its end, the same pair
/// (not (牵头)市民政局(配合)).
fn wrapped(t: &str) -> Option<&str> {
    let inner = t.strip_prefix('(')?.strip_suffix(')')?;
    let mut depth = 0i32;
    for c in inner.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    (depth == 0).then_some(inner)
}

/// True for punctuation that carries no meaning at either end of a name.
pub fn is_edge_punct(c: char) -> bool {
    matches!(
        c,
        '。' | '，'
            | ','
            | '.'
            | ';'
            | '；'
            | '、'
            | ':'
            | '：'
            | '!'
            | '！'
            | '?'
            | '？'
            | '*'
            | '＊'
            | '"'
            | '\''
            | '-'
            | '—'
            | '_'
            | '~'
            | '·'
            | '…'
            | '/'
            | '\\'
            | '|'
            | '#'
    )
}

/// Strips edge punctuation, and unbalanced brackets left at either end.
pub fn trim_punct(s: &str) -> &str {
    let mut t = s.trim_matches(is_edge_punct);
    loop {
        let before = t.len();
        if t.starts_with(')') {
            t = &t[1..];
        }
        if t.ends_with('(') {
            t = &t[..t.len() - 1];
        }
        if t.starts_with('(') && !t.contains(')') {
            t = &t[1..];
        }
        if t.ends_with(')') && !t.contains('(') {
            t = &t[..t.len() - 1];
        }
        // 【市医保局】: a cell wholly in brackets.
        if let Some(inner) = wrapped(t) {
            t = inner;
        }
        t = t.trim_matches(is_edge_punct);
        if t.len() == before {
            return t;
        }
    }
}

/// Removes every parenthesised part of an already compacted string, returning the rest and the
/// notes that were removed (in order). Official names keep their parentheses in the dictionary,
/// so callers try the text with its notes first.
pub fn strip_paren_notes(s: &str) -> (String, Vec<String>) {
    let mut rest = String::with_capacity(s.len());
    let mut notes = Vec::new();
    let mut depth = 0usize;
    let mut note = String::new();
    for c in s.chars() {
        match c {
            '(' => {
                if depth > 0 {
                    note.push(c);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    if !note.is_empty() {
                        notes.push(std::mem::take(&mut note));
                    }
                } else {
                    note.push(c);
                }
            }
            _ if depth > 0 => note.push(c),
            _ => rest.push(c),
        }
    }
    if depth > 0 && !note.is_empty() {
        notes.push(note);
    }
    (trim_punct(&rest).to_string(), notes)
}

/// Canonical form of a header cell: compacted, required-markers and bracketed hints removed.
pub fn header_key(s: &str) -> String {
    let c = compact(s);
    let (rest, _) = strip_paren_notes(&c);
    let rest =
        rest.trim_start_matches(|ch: char| ch.is_ascii_digit() || ch == '.' || is_edge_punct(ch));
    rest.replace(['*', '＊'], "")
}

/// Splits a list cell (数据字段) on 、，,;；/ and line breaks; trims, drops empties and repeats.
pub fn split_list(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in s.split(['、', '，', ',', ';', '；', '/', '\n', '\r', '|']) {
        let p = compact(part);
        if !p.is_empty() && !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// Trims the text of a cell as read, keeping inner line breaks (they separate list items).
pub fn clean_cell(s: &str) -> String {
    let t = s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
    if t.contains('\r') {
        t.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_folds_width_space_brackets_and_edges() {
        assert_eq!(compact(" 市场监管局（注册处）。"), "市场监管局(注册处)");
        assert_eq!(compact("ＧＭＰ证书\u{3000}"), "GMP证书");
        assert_eq!(compact("【营业执照】"), "营业执照");
        assert_eq!(compact("(牵头)市民政局(配合)"), "(牵头)市民政局(配合)");
        assert_eq!(compact("（（市医保局））"), "市医保局");
        assert_eq!(compact("*材料名称："), "材料名称");
    }

    #[test]
    fn paren_notes_are_split_off() {
        let (rest, notes) = strip_paren_notes("市场监管局(注册处)");
        assert_eq!(rest, "市场监管局");
        assert_eq!(notes, vec!["注册处".to_string()]);
        let (rest, notes) = strip_paren_notes("上海市水务局(上海市海洋局)");
        assert_eq!(rest, "上海市水务局");
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn header_key_drops_markers() {
        assert_eq!(header_key("*材料名称（必填）"), "材料名称");
        assert_eq!(header_key("3.使用方式"), "使用方式");
    }

    #[test]
    fn list_splitting() {
        assert_eq!(
            split_list("姓名、身份证号\n住址;姓名"),
            vec!["姓名", "身份证号", "住址"]
        );
    }
}
