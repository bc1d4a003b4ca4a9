//! The loader: the only stage that reads files.
//!
//! It reads `site.yaml`, the registry files, every `content/cases/**/*.md`, the chosen
//! theme and the site's `static/` folder into memory, in sorted path order, and hands the
//! rest of the pipeline plain strings and bytes. It checks what only the file system can
//! tell (unreadable files, invalid UTF-8, oversized files, symlinks leading outside the
//! root); everything about the *contents* is checked by later, pure stages.

pub mod config;
pub mod frontmatter;
pub(crate) mod yaml;

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::content::config::CONFIG_FILE;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::registry::{BANKS_FILE, DOMAINS_FILE, MODULES_FILE};
use crate::model::results::{REPORTED_FILE, RESULTS_FILE};

/// A text file read from the site, with its path relative to the root (`/`-separated).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// The file's text.
    pub text: String,
}

/// A string catalogue of the site's theme.
#[derive(Debug, Clone)]
pub struct StringsFile {
    /// The language, from the file name (`zh` for `i18n/zh.yaml`).
    pub lang: String,
    /// The path relative to the site root, for diagnostics.
    pub path: String,
    /// The text.
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
    /// String catalogues of the site's theme (`themes/<name>/i18n/<lang>.yaml`), sorted by
    /// path.
    pub strings: Vec<StringsFile>,
    /// Static files of the site's theme, then of the site's `static/` (later ones win).
    pub statics: Vec<StaticFile>,
    /// Data files (registry, results) that exist but are not valid UTF-8. Each is reported
    /// in `diagnostics` and left `None` above; later stages must not take it for a missing
    /// file (see [`crate::model::registry::Registry::mark_unreadable`]).
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
    /// A file that must be read is refused: not valid UTF-8 (the diagnostic locates the
    /// first bad byte), a symbolic link leading outside the root, not a regular file, or
    /// the site has no `content/` folder. The build reports it like any content error.
    #[error("{0}")]
    Invalid(Diagnostic),
}

/// The site root, as given (diagnostics name files relative to it) and resolved (to tell
/// where a path leads).
///
/// Every input is opened through here, and this is what keeps two promises: nothing
/// outside the root is ever read (a symbolic link anywhere on the way, the file itself or
/// a folder such as `content/_data/` or `themes/<name>/`, is resolved and compared with the
/// resolved root before anything is opened), so no diagnostic can quote such a file; and
/// nothing but a regular file is ever read, so a FIFO, socket or device cannot make a build
/// hang or read forever (the type is checked before opening, the file is opened
/// non-blocking, and checked again on the open handle).
struct SiteRoot<'a> {
    given: &'a Path,
    canonical: PathBuf,
}

impl<'a> SiteRoot<'a> {
    fn new(root: &'a Path) -> Result<SiteRoot<'a>, LoadError> {
        if !root.is_dir() {
            return Err(LoadError::NoRoot(root.to_path_buf()));
        }
        let canonical =
            root.canonicalize().map_err(|source| LoadError::Read { path: root.into(), source })?;
        Ok(SiteRoot { given: root, canonical })
    }

    /// The first symbolic link on the way from the root to `rel` (the file itself included)
    /// that leads outside the root or nowhere; `None` when every link on the way resolves
    /// inside. Stops quietly at the first component that does not exist.
    fn escaping_link(&self, rel: &Path) -> Option<PathBuf> {
        let mut path = self.given.to_path_buf();
        for component in rel.components() {
            path.push(component);
            match fs::symlink_metadata(&path) {
                Ok(meta) if meta.file_type().is_symlink() => {}
                Ok(_) => continue,
                Err(_) => return None,
            }
            match path.canonicalize() {
                Ok(target) if target.starts_with(&self.canonical) => {}
                _ => return Some(path),
            }
        }
        None
    }

    /// Whether `path` (under the given root) may be read: `Err` with the diagnostic about
    /// the link that leads outside the root.
    fn check_inside(&self, path: &Path) -> Result<(), Diagnostic> {
        let rel = path.strip_prefix(self.given).unwrap_or(path);
        match self.escaping_link(rel) {
            None => Ok(()),
            Some(link) => Err(outside_root(&self.display(&link), link.is_dir())),
        }
    }

    /// `path` relative to the given root, `/`-separated.
    fn display(&self, path: &Path) -> String {
        display_path(self.given, path)
    }

    /// Reads the text file `rel` (relative to the root); `Ok(None)` when it does not
    /// exist. Refused files (outside the root, not regular, not UTF-8) are `Err`.
    fn read_optional(&self, rel: &str) -> Result<Option<String>, Diagnostic> {
        let path = self.given.join(rel);
        self.check_inside(&path)?;
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(unreadable(rel, &e)),
        };
        check_regular(rel, &meta)?;
        let (mut file, len) = open_regular(&path, rel)?;
        let bytes = read_all(&mut file, len).map_err(|e| unreadable(rel, &e))?;
        decode(rel, bytes).map(Some)
    }
}

/// The diagnostic for a symbolic link (at `rel`) that leads outside the site root.
fn outside_root(rel: &str, is_dir: bool) -> Diagnostic {
    let what = if is_dir { "folder" } else { "file" };
    Diagnostic::error(
        Code::SymlinkOutsideRoot,
        rel,
        "this symbolic link leads outside the site root (or nowhere)",
    )
    .with_hint(format!("copy the {what} into the site instead of linking to it"))
}

fn unreadable(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::Unreadable, rel, format!("cannot read: {e}"))
}

/// `Err` unless `meta` (of the file at `rel`) is a regular file's.
fn check_regular(rel: &str, meta: &fs::Metadata) -> Result<(), Diagnostic> {
    if meta.is_file() {
        return Ok(());
    }
    Err(not_regular(rel, &meta.file_type()))
}

/// The diagnostic for an input that is a FIFO, socket, device or folder.
fn not_regular(rel: &str, kind: &fs::FileType) -> Diagnostic {
    Diagnostic::error(
        Code::NotARegularFile,
        rel,
        format!("this is {}, not a regular file", describe_type(kind)),
    )
    .with_hint("replace it with a regular file, or move it out of the site")
}

fn describe_type(kind: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    if kind.is_dir() { "a folder" } else { "a special file" }
}

/// Opens the file at `path` (named `rel` in diagnostics) for reading, without blocking
/// (a FIFO put in place of a checked file between the check and the open cannot hang the
/// build), and returns it with its length once `fstat` confirms it is a regular file.
fn open_regular(path: &Path, rel: &str) -> Result<(fs::File, u64), Diagnostic> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NONBLOCK | libc::O_NOCTTY,
    );
    let file = options.open(path).map_err(|e| unreadable(rel, &e))?;
    let meta = file.metadata().map_err(|e| unreadable(rel, &e))?;
    check_regular(rel, &meta)?;
    Ok((file, meta.len()))
}

/// Reads the rest of `file`, whose length is `len`.
fn read_all(file: &mut fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    // Through `take`: `File::read_to_end` would `fstat` again for its size hint.
    std::io::Read::read_to_end(&mut std::io::Read::take(file, u64::MAX), &mut bytes)?;
    Ok(bytes)
}

/// Reads `site.yaml`; `Ok(None)` when the site has none (defaults apply).
pub fn read_config(root: &Path) -> Result<Option<String>, LoadError> {
    SiteRoot::new(root)?.read_optional(CONFIG_FILE).map_err(LoadError::Invalid)
}

/// Reads the data file `rel`, which the build can go on without: when it is refused, the
/// problem is recorded in `sources` and the file is left out (and marked unreadable, so
/// that it is not taken for a missing one).
fn read_data(site: &SiteRoot<'_>, rel: &'static str, sources: &mut Sources) -> Option<String> {
    match site.read_optional(rel) {
        Ok(text) => text,
        Err(d) => {
            push_once(&mut sources.diagnostics, d);
            sources.unreadable.push(rel);
            None
        }
    }
}

/// Adds `d` unless the same problem is already reported: a symlinked `content/_data/`
/// leading outside is one problem, however many data files lie behind it.
fn push_once(diags: &mut Vec<Diagnostic>, d: Diagnostic) {
    if !diags.iter().any(|o| o.code == d.code && o.path == d.path && o.line == d.line) {
        diags.push(d);
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
        Diagnostic::error(Code::InvalidUtf8, path, "the file is not valid UTF-8")
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
    let site = SiteRoot::new(root)?;
    let read = |rel| site.read_optional(rel).map_err(LoadError::Invalid);
    Ok((read(BANKS_FILE)?, read(MODULES_FILE)?, read(DOMAINS_FILE)?))
}

/// Reads one case-study file, `rel` relative to the root (for `casebook new --translate`),
/// with the same guards as the build: inside the root, a regular file, UTF-8.
pub fn read_case_file(root: &Path, rel: &str) -> Result<String, LoadError> {
    let site = SiteRoot::new(root)?;
    match site.read_optional(rel).map_err(LoadError::Invalid)? {
        Some(text) => Ok(text),
        None => Err(LoadError::Invalid(
            Diagnostic::error(Code::NoSuchFile, rel, format!("there is no file `{rel}`"))
                .with_hint("give the path of a case study relative to the site root, e.g. content/cases/name.md"),
        )),
    }
}

/// The folder holding everything but the configuration and the theme.
const CONTENT_DIR: &str = "content";

/// Reads the registry, the case studies, the theme `theme` and the static files.
///
/// Case-study files larger than `max_file_size` bytes are reported, not read. Data files,
/// case studies and templates that are not valid UTF-8, are not regular files or lie
/// (through a symbolic link) outside the root are reported and left out. A site without a
/// `content/` folder is refused: that is a wrong `--root`, not an empty site.
pub fn load(root: &Path, theme: &str, max_file_size: u64) -> Result<Sources, LoadError> {
    let site = SiteRoot::new(root)?;
    check_content_dir(&site).map_err(LoadError::Invalid)?;
    let mut sources = Sources::default();
    sources.banks = read_data(&site, BANKS_FILE, &mut sources);
    sources.modules = read_data(&site, MODULES_FILE, &mut sources);
    sources.domains = read_data(&site, DOMAINS_FILE, &mut sources);
    sources.results = read_data(&site, RESULTS_FILE, &mut sources);
    sources.reported = read_data(&site, REPORTED_FILE, &mut sources);
    let (cases, diags) = read_cases(&site, max_file_size);
    for d in diags {
        push_once(&mut sources.diagnostics, d);
    }
    let theme_dir = root.join("themes").join(theme);
    if theme != "default" && !theme_dir.is_dir() {
        sources.diagnostics.push(
            Diagnostic::error(
                Code::UnknownTheme,
                CONFIG_FILE,
                format!("theme `{theme}` not found in `themes/`"),
            )
            .with_hint("create `themes/<name>/templates/` or use the built-in theme `default`"),
        );
    }
    sources.cases = cases;
    let templates_dir = theme_dir.join("templates");
    let templates = read_tree(&site, &templates_dir, is_template, &mut sources.diagnostics);
    for f in templates {
        let rel = site.display(&templates_dir.join(&f.path));
        match decode(&rel, f.bytes) {
            Ok(text) => sources.templates.push((f.path, text)),
            Err(d) => sources.diagnostics.push(d),
        }
    }
    let strings_dir = theme_dir.join("i18n");
    let is_yaml = |p: &Path| p.extension().is_some_and(|e| e == "yaml");
    for f in read_tree(&site, &strings_dir, is_yaml, &mut sources.diagnostics) {
        let path = site.display(&strings_dir.join(&f.path));
        let lang = f.path.strip_suffix(".yaml").unwrap_or(&f.path).to_string();
        match decode(&path, f.bytes) {
            Ok(text) => sources.strings.push(StringsFile { lang, path, text }),
            Err(d) => sources.diagnostics.push(d),
        }
    }
    sources.statics =
        read_tree(&site, &theme_dir.join("static"), |_| true, &mut sources.diagnostics);
    sources.statics.extend(read_tree(
        &site,
        &root.join("static"),
        |_| true,
        &mut sources.diagnostics,
    ));
    Ok(sources)
}

/// `Err` unless the root has a `content/` folder (inside the root).
fn check_content_dir(site: &SiteRoot<'_>) -> Result<(), Diagnostic> {
    let path = site.given.join(CONTENT_DIR);
    site.check_inside(&path)?;
    match fs::metadata(&path) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(meta) => Err(Diagnostic::error(
            Code::NoContent,
            CONTENT_DIR,
            format!("`content` is {}, not a folder", describe_type(&meta.file_type())),
        )
        .with_hint("case studies go in `content/cases/`; move this file away")),
        Err(_) => Err(Diagnostic::error(
            Code::NoContent,
            CONTENT_DIR,
            format!("there is no `content/` folder in the site root `{}`", site.given.display()),
        )
        .with_hint(
            "run casebook in the site root (the folder with site.yaml and content/), or name it with `--root`; to start a site, create content/_data/banks.yaml and content/_data/modules.yaml, then add case studies with `casebook new`",
        )),
    }
}

/// Whether a file in a theme's `templates/` is a template (others are not read).
fn is_template(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "html" || e == "xml" || e == "txt")
}

/// Whether `path` is a case study: a Markdown file, `.md` in any case (`.MD` files come
/// from tools and file systems that upper-case names).
pub fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Lists `content/cases/**/*.md` in sorted order and reads them in parallel.
fn read_cases(site: &SiteRoot<'_>, max_file_size: u64) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let dir = site.given.join(CONTENT_DIR).join("cases");
    let mut diags = Vec::new();
    let paths = walk(site, &dir, &mut diags, is_markdown);
    let read: Vec<Result<SourceFile, Diagnostic>> =
        paths.par_iter().map(|p| read_text(site, p, max_file_size)).collect();
    let mut files = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    (files, diags)
}

/// Walks `dir` in sorted order, returning the regular files accepted by `keep`.
///
/// Symbolic links are followed only when they resolve inside the site root: `dir` itself
/// and every folder on the way to it, and each link met in the walk (links to folders are
/// not descended into). A link leading outside is reported whatever it is named; a FIFO,
/// socket or device is reported when `keep` accepts its name (it stands where an input
/// is expected) and ignored otherwise, like any file `keep` refuses.
fn walk(
    site: &SiteRoot<'_>,
    dir: &Path,
    diags: &mut Vec<Diagnostic>,
    keep: impl Fn(&Path) -> bool,
) -> Vec<PathBuf> {
    if let Err(d) = site.check_inside(dir) {
        push_once(diags, d);
        return Vec::new();
    }
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let walker = WalkDir::new(dir).follow_links(false).sort_by_file_name().into_iter();
    for entry in walker.filter_entry(|e| !is_hidden(e.file_name())) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| site.display(p)).unwrap_or_default();
                diags.push(Diagnostic::error(Code::Unreadable, path, format!("cannot read: {e}")));
                continue;
            }
        };
        let path = entry.path();
        let kind = if entry.path_is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&site.canonical) => match fs::metadata(&target) {
                    Ok(meta) => meta.file_type(),
                    Err(e) => {
                        diags.push(unreadable(&site.display(path), &e));
                        continue;
                    }
                },
                _ => {
                    diags.push(outside_root(&site.display(path), path.is_dir()));
                    continue;
                }
            }
        } else {
            entry.file_type()
        };
        if kind.is_dir() || !keep(path) {
            continue;
        }
        if kind.is_file() {
            out.push(path.to_path_buf());
        } else {
            diags.push(not_regular(&site.display(path), &kind));
        }
    }
    out
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.') && n.len() > 1 && n != "..")
}

/// Reads the case study at `path`, which [`walk`] found to be a regular file inside the
/// root.
fn read_text(
    site: &SiteRoot<'_>,
    path: &Path,
    max_file_size: u64,
) -> Result<SourceFile, Diagnostic> {
    let rel = site.display(path);
    // One open and one `fstat` per file.
    let (mut file, len) = match open_regular(path, &rel) {
        Ok(opened) => opened,
        Err(d) => {
            // An oversized file is reported as such even when it cannot be opened.
            return Err(match fs::metadata(path) {
                Ok(meta) if d.code == Code::Unreadable && meta.len() > max_file_size => {
                    too_large(&rel, meta.len(), max_file_size)
                }
                _ => d,
            });
        }
    };
    if len > max_file_size {
        return Err(too_large(&rel, len, max_file_size));
    }
    let bytes = read_all(&mut file, len).map_err(|e| unreadable(&rel, &e))?;
    let text = decode(&rel, bytes)?;
    Ok(SourceFile { path: rel, text })
}

fn too_large(rel: &str, len: u64, max_file_size: u64) -> Diagnostic {
    Diagnostic::error(
        Code::FileTooLarge,
        rel,
        format!("the file is {len} bytes; the limit is {max_file_size} bytes"),
    )
    .with_hint("split the case study, or raise `max_file_size_mb` in site.yaml")
}

/// Reads every regular file under `dir` (sorted) accepted by `keep`, as bytes, with paths
/// relative to `dir`; diagnostics name files relative to the root.
fn read_tree(
    site: &SiteRoot<'_>,
    dir: &Path,
    keep: impl Fn(&Path) -> bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<StaticFile> {
    let paths = walk(site, dir, diags, keep);
    let read: Vec<Result<StaticFile, Diagnostic>> = paths
        .par_iter()
        .map(|p| {
            let rel = site.display(p);
            let (mut file, len) = open_regular(p, &rel)?;
            let bytes = read_all(&mut file, len).map_err(|e| unreadable(&rel, &e))?;
            Ok(StaticFile { path: display_path(dir, p), bytes })
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
/// lines in a report, decoded as the build decodes them (without a byte-order mark).
///
/// Only what the build itself would read is read, through the same checks: files that
/// are not regular, lie outside the root (by `..` or through a symbolic link), cannot be
/// read or are not UTF-8 are left out, so a report never quotes a file outside the site.
pub fn read_for_report(
    root: &Path,
    diagnostics: &[Diagnostic],
) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    let Ok(site) = SiteRoot::new(root) else { return out };
    for d in diagnostics {
        let rel = Path::new(&d.path);
        let outside = rel.components().any(|c| !matches!(c, std::path::Component::Normal(_)));
        if d.line.is_none() || out.contains_key(&d.path) || d.path.is_empty() || outside {
            continue;
        }
        if let Ok(Some(text)) = site.read_optional(&d.path) {
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
            (Code::InvalidUtf8, Some(2), Some(13))
        );
        // The byte-order mark is not a column.
        assert_eq!(at(b"\xEF\xBB\xBFab\xFF"), (Code::InvalidUtf8, Some(1), Some(3)));
        // Nor is a lone byte-order-mark byte.
        assert_eq!(at(b"\xEF\xBB"), (Code::InvalidUtf8, Some(1), Some(1)));
    }
}
