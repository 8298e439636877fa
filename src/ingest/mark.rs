//! The mark qingdan leaves in the workbooks it writes (a custom document property), read
//! back cheaply so that its outputs lying in an input folder are not read as submissions.

use std::io::Read;
use std::path::Path;

/// Name of the custom document property every workbook qingdan writes carries.
pub const MARK_NAME: &str = "qingdan";
/// Its value.
pub const MARK_VALUE: &str = "output";

/// Most of docProps/custom.xml read: a mark is in the first property or two; a part claiming
/// more is not read further.
const CUSTOM_XML_LIMIT: u64 = 64 * 1024;

/// Whether the workbook at `path` carries qingdan's mark. Only the zip's directory and
/// docProps/custom.xml are read; a file that is not a readable package, or is damaged, is not
/// marked (reading it then says what is wrong with it).
pub fn written_by_qingdan(path: &Path) -> bool {
    let display = path.display().to_string();
    super::workbook::guarded(&display, "the document properties", || Ok(marked(path)))
        .unwrap_or(false)
}

fn marked(path: &Path) -> bool {
    let Ok(f) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(f)) else {
        return false;
    };
    let Ok(part) = zip.by_name("docProps/custom.xml") else {
        return false;
    };
    let mut xml = String::new();
    if part
        .take(CUSTOM_XML_LIMIT)
        .read_to_string(&mut xml)
        .is_err()
    {
        return false;
    }
    has_mark(&xml)
}

/// Whether custom.xml has the property `qingdan` with the text value `output`.
fn has_mark(xml: &str) -> bool {
    let name = format!("name=\"{MARK_NAME}\"");
    xml.split("<property ").skip(1).any(|p| {
        let p = p.split("</property>").next().unwrap_or_default();
        let head = p.split('>').next().unwrap_or_default();
        head.split_whitespace().any(|a| a == name)
            && p.contains(&format!(">{MARK_VALUE}</vt:lpwstr>"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_is_the_property_of_that_name_and_value() {
        let prop = |name: &str, value: &str| {
            format!(
                "<Properties><property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"2\" name=\"{name}\"><vt:lpwstr>{value}</vt:lpwstr></property></Properties>"
            )
        };
        assert!(has_mark(&prop("qingdan", "output")));
        assert!(!has_mark(&prop("qingdan", "draft")));
        assert!(!has_mark(&prop("qingdan2", "output")));
        assert!(!has_mark(&prop("作者", "output")));
        assert!(!has_mark("<Properties><property name=\"qingdan\">"));
    }
}
