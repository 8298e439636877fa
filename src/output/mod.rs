//! Output: the workbooks and CSV that analysts review and forward.
//!
//! Every file is rendered completely in memory first and only then written, each through a
//! temporary file in the target folder renamed into place, so a failed run never leaves a
//! half-written file behind. Workbooks are deterministic: fixed document dates, sorted
//! groupings, no clocks.

mod csv;
mod fast_rows;
mod list;
mod responsibility;
mod workbook;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use csv::render_csv;
pub use list::{list_headers, render_list};
pub use responsibility::{UNASSIGNED, file_name, render_responsibilities, sheet_name};
pub(crate) use workbook::{Cell, Styles, new_workbook, styles, text, write_table, xerr};

/// File name of the standardized list.
pub const LIST_FILE: &str = "标准化需求清单.xlsx";
/// File name of the responsibility lists.
pub const RESP_FILE: &str = "责任清单.xlsx";
/// Folder of per-department workbooks with `--split`.
pub const RESP_DIR: &str = "责任清单";
/// File name of the CSV copy of the standardized list.
pub const CSV_FILE: &str = "标准化需求清单.csv";
/// Name of the index sheet of 责任清单.
pub const INDEX_SHEET: &str = "汇总";
/// Rows per sheet, header included (Excel's limit).
pub const MAX_SHEET_ROWS: usize = 1_048_576;
/// Methods that need nothing shared by the responsible department.
pub(crate) const NO_SHARING: [&str; 2] = [crate::methods::KEEP, crate::methods::CANCEL];

/// One file to write: relative path and bytes.
pub struct Rendered {
    /// Path relative to OUTDIR.
    pub path: PathBuf,
    /// Content, in pieces written one after another (a big workbook is not copied into one
    /// buffer).
    pub bytes: Vec<Vec<u8>>,
}

/// A temporary-file builder in OUTDIR. Outputs are ordinary files for analysts to share, not
/// private temporaries (which tempfile creates as 0600), so they get the usual modes.
fn staging(mode: u32) -> tempfile::Builder<'static, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(".qingdan-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    b
}

/// Writes one file atomically: a temporary file beside it, then a rename.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let err = |e: &dyn std::fmt::Display| {
        Error::new(crate::tr!(
            "out.write_failed",
            path = path.display(),
            error = e
        ))
    };
    let mut tmp = staging(0o644).tempfile_in(dir).map_err(|e| err(&e))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.flush())
        .map_err(|e| err(&e))?;
    tmp.persist(path).map_err(|e| err(&e.error))?;
    Ok(())
}

/// Writes rendered files under `outdir`, each atomically (temporary file, then rename). With
/// a split, the 责任清单 folder is rebuilt beside and swapped in, so no stale workbook from an
/// earlier run survives.
pub fn write_all(outdir: &Path, files: &[Rendered]) -> Result<()> {
    std::fs::create_dir_all(outdir).map_err(|e| {
        Error::new(crate::tr!(
            "out.mkdir_failed",
            dir = outdir.display(),
            error = e
        ))
    })?;
    let into = |e: std::io::Error| {
        Error::new(crate::tr!(
            "out.write_into_failed",
            dir = outdir.display(),
            error = e
        ))
    };
    // Files in a subfolder (责任清单/…) are staged as a whole folder, swapped in at the end.
    let mut folders: BTreeMap<PathBuf, tempfile::TempDir> = BTreeMap::new();
    let mut staged = Vec::new();
    for f in files {
        let mut parts = f.path.components();
        let first = PathBuf::from(parts.next().map(|c| c.as_os_str()).unwrap_or_default());
        let rest = parts.as_path();
        if rest.as_os_str().is_empty() {
            let mut tmp = staging(0o644).tempfile_in(outdir).map_err(into)?;
            f.bytes
                .iter()
                .try_for_each(|b| tmp.write_all(b))
                .and_then(|_| tmp.flush())
                .map_err(|e| {
                    Error::new(crate::tr!(
                        "out.write_failed",
                        path = outdir.join(&f.path).display(),
                        error = e
                    ))
                })?;
            staged.push((tmp, outdir.join(&f.path)));
        } else {
            if !folders.contains_key(&first) {
                folders.insert(
                    first.clone(),
                    staging(0o755).tempdir_in(outdir).map_err(into)?,
                );
            }
            let dir = &folders[&first];
            std::fs::write(dir.path().join(rest), f.bytes.concat()).map_err(|e| {
                Error::new(crate::tr!(
                    "out.write_failed",
                    path = f.path.display(),
                    error = e
                ))
            })?;
        }
    }
    // Everything is on disk; now move each into place.
    for (tmp, dest) in staged {
        tmp.persist(&dest).map_err(|e| {
            Error::new(crate::tr!(
                "out.write_failed",
                path = dest.display(),
                error = e.error
            ))
        })?;
    }
    for (name, dir) in folders {
        let dest = outdir.join(&name);
        let old = outdir.join(format!(".qingdan-old-{}", name.display()));
        let _ = std::fs::remove_dir_all(&old);
        if dest.exists() {
            std::fs::rename(&dest, &old).map_err(|e| {
                Error::new(crate::tr!(
                    "out.replace_failed",
                    path = dest.display(),
                    error = e
                ))
            })?;
        }
        std::fs::rename(dir.keep(), &dest).map_err(|e| {
            Error::new(crate::tr!(
                "out.write_failed",
                path = dest.display(),
                error = e
            ))
        })?;
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}
