//! Every text the tool writes for people, in Chinese and in English, from one catalogue
//! (`messages.tsv`: a key, the Chinese, the English). Chinese is the default because the
//! workbooks go to bureau staff; `--lang en` (or `lang = "en"` in qingdan.toml) switches.
//!
//! A message is looked up by key and its `{name}` placeholders filled with [`tr!`]. Rule codes,
//! JSON keys and flags are not messages and stay ASCII in both languages.

use std::collections::HashMap;
use std::fmt::Display;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// A language people read the tool in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Reads `zh` or `en` (as typed on the command line or in qingdan.toml).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" | "中文" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

// One language for the whole process: the binary sets it once before any work, so every
// stage (findings, errors, sheet texts) speaks the same language without threading it through.
static LANG: AtomicU8 = AtomicU8::new(0);

/// Sets the language of every message from now on.
pub fn set_lang(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

/// The language messages are written in.
pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) == Lang::En as u8 {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// The catalogue as shipped: key, Chinese, English, tab-separated, a message a line.
pub const CATALOGUE: &str = include_str!("messages.tsv");

/// One message in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// Chinese text with `{name}` placeholders.
    pub zh: &'static str,
    /// English text with the same placeholders.
    pub en: &'static str,
}

/// The catalogue by key (lines starting with `#` and blank lines are comments).
pub fn entries() -> &'static HashMap<&'static str, Entry> {
    static MAP: OnceLock<HashMap<&'static str, Entry>> = OnceLock::new();
    MAP.get_or_init(|| {
        CATALOGUE
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut it = l.splitn(3, '\t');
                let (k, zh, en) = (it.next()?, it.next()?, it.next()?);
                Some((k, Entry { zh, en }))
            })
            .collect()
    })
}

/// The template of `key` in the current language, if the catalogue has it (a test guarantees
/// every key the code uses is there).
pub fn template(key: &str) -> Option<&'static str> {
    let e = entries().get(key)?;
    Some(if lang() == Lang::En { e.en } else { e.zh })
}

/// The separator between clauses (；, or "; " in English), without building a string: it
/// joins the notes of every reading the matcher makes.
pub fn sep() -> &'static str {
    template("sep").unwrap_or("; ")
}

/// `key`'s message with its `{name}` placeholders filled from `args`.
pub fn text(key: &str, args: &[(&str, &dyn Display)]) -> String {
    fill(template(key).unwrap_or(key), args)
}

/// Fills `{name}` placeholders; `{{` and `}}` stand for braces.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let close = match tail.starts_with('{').then(|| tail.find('}')).flatten() {
            Some(c) => c,
            None => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
                continue;
            }
        };
        let name = &tail[1..close];
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => {
                use std::fmt::Write;
                let _ = write!(out, "{v}");
            }
            None => out.push_str(&tail[..=close]),
        }
        rest = &tail[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The placeholder names of a template, sorted, each once.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// A message in the current language: `tr!("key", name = value, …)`.
#[macro_export]
macro_rules! tr {
    ($key:literal $(,)?) => {
        $crate::messages::text($key, &[])
    };
    ($key:literal, $($name:ident = $val:expr),+ $(,)?) => {
        $crate::messages::text($key, &[$((stringify!($name), &$val as &dyn ::std::fmt::Display)),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_named_placeholders_and_keeps_braces() {
        let s = fill("{a} 与 {b}，{{字面}} {c}", &[("a", &1), ("b", &"乙")]);
        assert_eq!(s, "1 与 乙，{字面} {c}");
    }

    #[test]
    fn every_message_exists_in_both_languages_with_the_same_placeholders() {
        let mut keys = std::collections::HashSet::new();
        for (n, l) in CATALOGUE.lines().enumerate() {
            if l.trim().is_empty() || l.starts_with('#') {
                continue;
            }
            let parts: Vec<&str> = l.split('\t').collect();
            assert_eq!(parts.len(), 3, "messages.tsv line {}: {l:?}", n + 1);
            let (k, zh, en) = (parts[0], parts[1], parts[2]);
            assert!(keys.insert(k), "messages.tsv line {}: key {k} twice", n + 1);
            assert!(!zh.trim().is_empty(), "{k}: no Chinese");
            assert!(!en.trim().is_empty(), "{k}: no English");
            assert_eq!(
                placeholders(zh),
                placeholders(en),
                "{k}: placeholders differ"
            );
            let chinese = |c: char| {
                crate::normalize::is_ideograph(c)
                    || ('\u{3000}'..='\u{303f}').contains(&c)
                    || ('\u{ff00}'..='\u{ffef}').contains(&c)
            };
            assert!(
                zh.chars().any(chinese),
                "{k}: the Chinese text has no Chinese"
            );
        }
    }

    /// Every `tr!("key"` in the sources, and every rule's `rule.<code>`.
    fn keys_used() -> Vec<String> {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    for (i, _) in text.match_indices("tr!(") {
                        let before = text[..i].chars().next_back();
                        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                            continue;
                        }
                        let rest = text[i + 4..].trim_start();
                        if let Some(rest) = rest.strip_prefix('"') {
                            out.push(rest.split('"').next().unwrap().to_string());
                        }
                    }
                }
            }
        }
        let mut keys = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut keys,
        );
        // Only what looks like a key: the test's own search strings are not.
        keys.retain(|k| {
            k != "key"
                && k.starts_with(|c: char| c.is_ascii_lowercase())
                && k.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.".contains(c))
        });
        keys.extend(
            crate::rules::RULES
                .iter()
                .map(|r| format!("rule.{}", r.code)),
        );
        // `sep()` reads its key directly.
        keys.push("sep".to_string());
        keys
    }

    #[test]
    fn every_key_the_code_uses_is_in_the_catalogue_and_every_entry_is_used() {
        let used = keys_used();
        for k in &used {
            assert!(
                entries().contains_key(k.as_str()),
                "{k} is not in messages.tsv"
            );
        }
        for k in entries().keys() {
            assert!(
                used.iter().any(|u| u == k),
                "{k} in messages.tsv is never used"
            );
        }
    }

    #[test]
    fn a_message_reads_in_either_language() {
        // The process-wide language is left alone: other tests run beside this one.
        let e = entries()["finding.duplicate"];
        let args: [(&str, &dyn Display); 3] =
            [("file", &"a.xlsx"), ("sheet", &"清单"), ("row", &3)];
        assert_eq!(
            fill(e.en, &args),
            "the same requirement as a.xlsx:清单 row 3"
        );
        assert_eq!(fill(e.zh, &args), "与 a.xlsx:清单 第 3 行是同一条需求");
    }
}
