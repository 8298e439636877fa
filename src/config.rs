//! Configuration: `qingdan.toml` in the current folder, or the file given with `--config`.
//!
//! Unknown keys and bad values are errors that name them: a typo in a CI gate's config must
//! not silently switch a rule off.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::dictionary::Dictionaries;
use crate::error::{Error, Result};
use crate::matching::Thresholds;
use crate::rules::{Level, Levels, RULES};
use crate::schema::Field;

/// The default config file name, looked for in the current folder.
pub const FILE_NAME: &str = "qingdan.toml";

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Raw {
    dict: Option<PathBuf>,
    lang: Option<String>,
    region: Option<String>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    matching: RawMatching,
    #[serde(default)]
    headers: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMatching {
    auto: Option<f32>,
    review: Option<f32>,
    margin: Option<f32>,
}

/// Settings in force for a run.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where the file came from, if any.
    pub source: Option<PathBuf>,
    /// Dictionary folder (relative paths are taken from the config file's folder).
    pub dict: Option<PathBuf>,
    /// Rule levels.
    pub levels: Levels,
    /// Matching thresholds.
    pub thresholds: Thresholds,
    /// Extra header synonyms.
    pub headers: Vec<(Field, String)>,
    /// The language people read the run in, if the file says.
    pub lang: Option<crate::messages::Lang>,
    /// The submitting region (a district or the city), when the user says it.
    pub region: Option<String>,
}

impl Config {
    /// The dictionaries in force: `--dict` (`dict`) wins over the configuration's folder, and
    /// the configuration's extra header synonyms are added.
    pub fn dictionaries(&self, dict: Option<&Path>) -> Result<Dictionaries> {
        let mut d = Dictionaries::load(dict.or(self.dict.as_deref()))?;
        for (field, header) in &self.headers {
            d.headers
                .insert(crate::normalize::header_key(header), *field);
        }
        Ok(d)
    }

    /// Loads `explicit`, else `./qingdan.toml` if present, else the defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Config> {
        let path = match explicit {
            Some(p) => {
                if !p.is_file() {
                    return Err(Error::new(crate::tr!("config.missing", path = p.display())));
                }
                p.to_path_buf()
            }
            None => {
                let p = PathBuf::from(FILE_NAME);
                if !p.is_file() {
                    return Ok(Config::default());
                }
                p
            }
        };
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::new(crate::tr!(
                "config.unreadable",
                path = path.display(),
                error = e
            ))
        })?;
        Config::parse(&text, &path)
    }

    /// Parses config text; `path` names the file in messages and anchors relative paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let label = path.display().to_string();
        let raw: Raw = toml::from_str(text).map_err(|e| {
            Error::new(format!("{label}: {}", e.message().trim()))
                .hint(crate::tr!("config.keys", at = span_text(text, e.span())))
        })?;
        let mut c = Config {
            source: Some(path.to_path_buf()),
            ..Default::default()
        };
        if let Some(l) = &raw.lang {
            c.lang = Some(crate::messages::Lang::parse(l).ok_or_else(|| {
                Error::new(crate::tr!("config.bad_lang", file = label, lang = l))
            })?);
        }
        c.dict = raw.dict.map(|d| {
            if d.is_relative() {
                path.parent().unwrap_or(Path::new(".")).join(d)
            } else {
                d
            }
        });
        for (code, level) in &raw.rules {
            let l = match level.as_str() {
                "allow" => None,
                other => Some(Level::parse(other).ok_or_else(|| {
                    Error::new(crate::tr!(
                        "config.bad_level",
                        label = label,
                        code = code,
                        level = level
                    ))
                })?),
            };
            c.levels.set(code, l).map_err(|_| {
                Error::new(crate::tr!(
                    "config.unknown_rule",
                    label = label,
                    code = code
                ))
                .hint(crate::tr!(
                    "config.codes",
                    codes = RULES.iter().map(|r| r.code).collect::<Vec<_>>().join(", ")
                ))
            })?;
        }
        c.region = raw.region.filter(|r| !r.trim().is_empty());
        let t = &mut c.thresholds;
        for (name, v, slot) in [
            ("auto", raw.matching.auto, &mut t.auto),
            ("review", raw.matching.review, &mut t.review),
            ("margin", raw.matching.margin, &mut t.margin),
        ] {
            if let Some(v) = v {
                if !(0.0..=1.0).contains(&v) {
                    return Err(Error::new(crate::tr!(
                        "config.bad_threshold",
                        label = label,
                        name = name,
                        v = v
                    )));
                }
                *slot = v;
            }
        }
        if t.review > t.auto {
            return Err(Error::new(crate::tr!(
                "config.review_above_auto",
                label = label,
                review = t.review,
                auto = t.auto
            )));
        }
        for (key, synonyms) in &raw.headers {
            let f = Field::from_key(key).ok_or_else(|| {
                Error::new(crate::tr!("config.unknown_field", label = label, key = key)).hint(
                    crate::tr!(
                        "config.fields",
                        fields = Field::ALL.map(|f| f.key()).join(", ")
                    ),
                )
            })?;
            c.headers.extend(synonyms.iter().map(|s| (f, s.clone())));
        }
        Ok(c)
    }
}

fn span_text(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    match span {
        Some(r) => {
            let line = text[..r.start.min(text.len())].matches('\n').count() + 1;
            crate::tr!("config.line", line = line)
        }
        None => crate::tr!("config.unknown_place"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_and_bad_values_are_named() {
        let p = Path::new("qingdan.toml");
        let e = Config::parse("dikt = \"x\"\n", p).unwrap_err();
        assert!(e.message.contains("dikt"), "{}", e.message);
        let e = Config::parse("[rules]\nmethod-unclear = \"fatal\"\n", p).unwrap_err();
        assert!(
            e.message.contains("method-unclear = \"fatal\""),
            "{}",
            e.message
        );
        let e = Config::parse("[rules]\nno-such-rule = \"error\"\n", p).unwrap_err();
        assert!(e.message.contains("no-such-rule"), "{}", e.message);
        let e = Config::parse("[matching]\nauto = 1.5\n", p).unwrap_err();
        assert!(e.message.contains("auto = 1.5"), "{}", e.message);
        let c = Config::parse("[rules]\nduplicate-row = \"allow\"\n[matching]\nauto = 0.9\n[headers]\nmaterial = [\"需要提交的材料\"]\n", p).unwrap();
        assert_eq!(c.levels.of("duplicate-row"), None);
        assert_eq!(c.thresholds.auto, 0.9);
        assert_eq!(
            c.headers,
            vec![(Field::Material, "需要提交的材料".to_string())]
        );
        let c = Config::parse("region = \"闵行区\"\n", p).unwrap();
        assert_eq!(c.region.as_deref(), Some("闵行区"));
    }
}
