//! The loader: the only stage that reads files.
//!
//! It reads `site.yaml`, the registry files, every `content/cases/**/*.md`, the chosen
//! theme and the site's `static/` folder into memory, in sorted path order, and hands the
//! rest of the pipeline plain strings and bytes. It checks what only the file system can
//! tell (unreadable files, invalid UTF-8, oversized files, symlinks leading outside the
//! root); everything about the *contents* is checked by later, pure stages.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::CONFIG_FILE;
use crate::diagnostic::Diagnostic;
use crate::registry::{BANKS_FILE, DOMAINS_FILE, MODULES_FILE};
use crate::results::{REPORTED_FILE, RESULTS_FILE};

/// A text file read from the site, with its path relative to the root (`/`-separated).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// The file's text.
    pub text: String,
}

/// A binary file to copy into the output as it is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path relative to the output root, with `/` separators.
    pub path: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Everything the build reads, in memory.
#[derive(Debug, Default)]
pub struct Sources {
    /// `content/_data/banks.yaml`, when present.
    pub banks: Option<String>,
    /// `content/_data/modules.yaml`, when present.
    pub modules: Option<String>,
    /// `content/_data/domains.yaml`, when present.
    pub domains: Option<String>,
    /// `content/_data/results.yaml`, when present.
    pub results: Option<String>,
    /// `content/_data/reported.yaml`, when present.
    pub reported: Option<String>,
    /// Case studies, sorted by path.
    pub cases: Vec<SourceFile>,
    /// Template overrides of the site's theme: (template name, text), sorted by name.
    pub templates: Vec<(String, String)>,
    /// Static files of the site's theme, then of the site's `static/` (later ones win).
    pub statics: Vec<StaticFile>,
    /// Data files (registry, results) that exist but are not valid UTF-8. Each is reported
    /// in `diagnostics` and left `None` above; later stages must not take it for a missing
    /// file (see [`crate::registry::Registry::mark_unreadable`]).
    pub unreadable: Vec<&'static str>,
    /// Problems found while reading.
    pub diagnostics: Vec<Diagnostic>,
}

/// Errors that stop loading before anything useful can follow.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The root directory does not exist or is not a directory.
    #[error("site root `{0}` is not a directory")]
    NoRoot(PathBuf),
    /// A file that must be read could not be.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file that must be read is not valid UTF-8; the diagnostic locates the first bad
    /// byte. The build reports it like any content error.
    #[error("{0}")]
    Invalid(Diagnostic),
}

/// Reads `site.yaml`; `Ok(None)` when the site has none (defaults apply).
pub fn read_config(root: &Path) -> Result<Option<String>, LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NoRoot(root.to_path_buf()));
    }
    read_optional(root, CONFIG_FILE)
}

/// Reads the text file `rel` (relative to `root`); `Ok(None)` when it does not exist.
fn read_optional(root: &Path, rel: &str) -> Result<Option<String>, LoadError> {
    let path = root.join(rel);
    match fs::read(&path) {
        Ok(bytes) => decode(rel, bytes).map(Some).map_err(LoadError::Invalid),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(LoadError::Read { path, source }),
    }
}

/// [`read_optional`] for a data file the build can go on without: when it is not valid
/// UTF-8, the problem is recorded in `sources` and the file is left out.
fn read_data(
    root: &Path,
    rel: &'static str,
    sources: &mut Sources,
) -> Result<Option<String>, LoadError> {
    match read_optional(root, rel) {
        Err(LoadError::Invalid(d)) => {
            sources.diagnostics.push(d);
            sources.unreadable.push(rel);
            Ok(None)
        }
        other => other,
    }
}

/// Turns the bytes of the text file `path` into a string: drops a UTF-8 byte-order mark
/// (editors on Windows add one), and refuses invalid UTF-8 with a diagnostic at the first
/// bad byte. Every text file goes through here, so no later stage sees a BOM.
pub fn decode(path: &str, mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).expect("bytes up to valid_up_to are valid UTF-8");
        // Columns count characters, like every other diagnostic's.
        let line = valid.matches('\n').count() + 1;
        let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::error("invalid-utf8", path, "the file is not valid UTF-8")
            .at(line, column)
            .with_hint("save the file as UTF-8")
    })
}

/// The UTF-8 encoding of U+FEFF, the byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The texts of `banks.yaml`, `modules.yaml` and `domains.yaml`, each when present.
pub type RegistryTexts = (Option<String>, Option<String>, Option<String>);

/// Reads only the registry files (banks, modules, domains), for `casebook new`.
pub fn read_registry(root: &Path) -> Result<RegistryTexts, LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NoRoot(root.to_path_buf()));
    }
    Ok((
        read_optional(root, BANKS_FILE)?,
        read_optional(root, MODULES_FILE)?,
        read_optional(root, DOMAINS_FILE)?,
    ))
}

/// Reads the registry, the case studies, the theme `theme` and the static files.
///
/// Case-study files larger than `max_file_size` bytes are reported, not read. Data files,
/// case studies and templates that are not valid UTF-8 are reported and left out.
pub fn load(root: &Path, theme: &str, max_file_size: u64) -> Result<Sources, LoadError> {
    let mut sources = Sources::default();
    sources.banks = read_data(root, BANKS_FILE, &mut sources)?;
    sources.modules = read_data(root, MODULES_FILE, &mut sources)?;
    sources.domains = read_data(root, DOMAINS_FILE, &mut sources)?;
    sources.results = read_data(root, RESULTS_FILE, &mut sources)?;
    sources.reported = read_data(root, REPORTED_FILE, &mut sources)?;
    let canonical_root =
        root.canonicalize().map_err(|source| LoadError::Read { path: root.into(), source })?;
    let (cases, mut diags) = read_cases(root, &canonical_root, max_file_size);
    sources.cases = cases;
    sources.diagnostics.append(&mut diags);
    let theme_dir = root.join("themes").join(theme);
    if theme != "default" && !theme_dir.is_dir() {
        sources.diagnostics.push(
            Diagnostic::error(
                "unknown-theme",
                CONFIG_FILE,
                format!("theme `{theme}` not found in `themes/`"),
            )
            .with_hint("create `themes/<name>/templates/` or use the built-in theme `default`"),
        );
    }
    let templates_dir = theme_dir.join("templates");
    let templates = read_tree(&templates_dir, root, &canonical_root, &mut sources.diagnostics);
    for f in templates {
        if !(f.path.ends_with(".html") || f.path.ends_with(".xml") || f.path.ends_with(".txt")) {
            continue;
        }
        let rel = display_path(root, &templates_dir.join(&f.path));
        match decode(&rel, f.bytes) {
            Ok(text) => sources.templates.push((f.path, text)),
            Err(d) => sources.diagnostics.push(d),
        }
    }
    sources.statics =
        read_tree(&theme_dir.join("static"), root, &canonical_root, &mut sources.diagnostics);
    sources.statics.extend(read_tree(
        &root.join("static"),
        root,
        &canonical_root,
        &mut sources.diagnostics,
    ));
    Ok(sources)
}

/// Lists `content/cases/**/*.md` in sorted order and reads them in parallel.
fn read_cases(
    root: &Path,
    canonical_root: &Path,
    max_file_size: u64,
) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let dir = root.join("content").join("cases");
    let mut diags = Vec::new();
    let paths =
        walk(&dir, root, canonical_root, &mut diags, |p| p.extension().is_some_and(|e| e == "md"));
    let read: Vec<Result<SourceFile, Diagnostic>> =
        paths.par_iter().map(|p| read_text(root, p, max_file_size)).collect();
    let mut files = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    (files, diags)
}

/// Walks `dir` in sorted order, returning files accepted by `keep`. Symlinks are followed
/// only when they resolve inside the site root. Diagnostics name files relative to `root`
/// (as given, possibly relative); `canonical_root` is the same directory resolved, for
/// telling where a link leads.
fn walk(
    dir: &Path,
    root: &Path,
    canonical_root: &Path,
    diags: &mut Vec<Diagnostic>,
    keep: impl Fn(&Path) -> bool,
) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let walker = WalkDir::new(dir).follow_links(false).sort_by_file_name().into_iter();
    for entry in walker.filter_entry(|e| !is_hidden(e.file_name())) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| display_path(root, p)).unwrap_or_default();
                diags.push(Diagnostic::error("unreadable", path, format!("cannot read: {e}")));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(canonical_root) && target.is_file() => {}
                Ok(target) if target.starts_with(canonical_root) => continue,
                _ => {
                    diags.push(
                        Diagnostic::error(
                            "symlink-outside-root",
                            display_path(root, path),
                            "this symbolic link leads outside the site root (or nowhere)",
                        )
                        .with_hint("copy the file into the site instead of linking to it"),
                    );
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        if keep(path) {
            out.push(path.to_path_buf());
        }
    }
    out
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.') && n.len() > 1 && n != "..")
}

fn read_text(root: &Path, path: &Path, max_file_size: u64) -> Result<SourceFile, Diagnostic> {
    let rel = display_path(root, path);
    let unreadable =
        |e: std::io::Error| Diagnostic::error("unreadable", &rel, format!("cannot read: {e}"));
    // One open and one `fstat` per file. A file that cannot be opened takes the path-based
    // `stat` as before, so that an oversized file is reported as such even when unreadable.
    let (file, len) = match fs::File::open(path) {
        Ok(file) => {
            let len = file.metadata().map_err(unreadable)?.len();
            (Some(file), len)
        }
        Err(_) => (None, fs::metadata(path).map_err(unreadable)?.len()),
    };
    if len > max_file_size {
        return Err(Diagnostic::error(
            "file-too-large",
            &rel,
            format!("the file is {len} bytes; the limit is {max_file_size} bytes"),
        )
        .with_hint("split the case study, or raise `max_file_size_mb` in site.yaml"));
    }
    let bytes = match file {
        Some(mut file) => {
            let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
            // Through `take`: `File::read_to_end` would `fstat` again for its size hint.
            std::io::Read::read_to_end(&mut std::io::Read::take(&mut file, u64::MAX), &mut bytes)
                .map(|_| bytes)
        }
        None => fs::read(path),
    }
    .map_err(unreadable)?;
    let text = decode(&rel, bytes)?;
    Ok(SourceFile { path: rel, text })
}

/// Reads every file under `dir` (sorted) as bytes, with paths relative to `dir`;
/// diagnostics name files relative to `root`.
fn read_tree(
    dir: &Path,
    root: &Path,
    canonical_root: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Vec<StaticFile> {
    let paths = walk(dir, root, canonical_root, diags, |_| true);
    let read: Vec<Result<StaticFile, Diagnostic>> = paths
        .par_iter()
        .map(|p| {
            fs::read(p).map(|bytes| StaticFile { path: display_path(dir, p), bytes }).map_err(|e| {
                Diagnostic::error("unreadable", display_path(root, p), format!("cannot read: {e}"))
            })
        })
        .collect();
    let mut out = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(f) => out.push(f),
            Err(d) => diags.push(d),
        }
    }
    out
}

/// Reads the files that `diagnostics` point at (relative to `root`), for showing source
/// lines in a report, decoded as the build decodes them (without a byte-order mark). Files
/// that cannot be read, are not UTF-8 or lie outside the root are left out.
pub fn read_for_report(
    root: &Path,
    diagnostics: &[Diagnostic],
) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for d in diagnostics {
        if d.line.is_none() || out.contains_key(&d.path) || d.path.split('/').any(|s| s == "..") {
            continue;
        }
        if let Some(text) = fs::read(root.join(&d.path)).ok().and_then(|b| decode(&d.path, b).ok())
        {
            out.insert(d.path.clone(), text);
        }
    }
    out
}

/// `path` relative to `base` with `/` separators (or as given when outside `base`).
pub fn display_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let parts: Vec<String> =
        rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_with_or_without_a_byte_order_mark() {
        assert_eq!(decode("a.yaml", b"\xEF\xBB\xBFtitle: x\n".to_vec()).unwrap(), "title: x\n");
        assert_eq!(decode("a.yaml", "标题: x".into()).unwrap(), "标题: x");
    }

    #[test]
    fn invalid_utf8_is_located_in_characters() {
        let at = |bytes: &[u8]| {
            let d = decode("a.md", bytes.to_vec()).unwrap_err();
            (d.code, d.line, d.column)
        };
        assert_eq!(
            at(b"a\nproject: \xE6\xA0\xB8\xE5\xBF\x83 \xFF"),
            ("invalid-utf8", Some(2), Some(13))
        );
        // The byte-order mark is not a column.
        assert_eq!(at(b"\xEF\xBB\xBFab\xFF"), ("invalid-utf8", Some(1), Some(3)));
        // Nor is a lone byte-order-mark byte.
        assert_eq!(at(b"\xEF\xBB"), ("invalid-utf8", Some(1), Some(1)));
    }
}
