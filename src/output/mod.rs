//! The writer: the only stage that writes files.
//!
//! A build writes every file into a fresh staging directory beside the output directory
//! ([`Staging`]), pages as soon as they are rendered, and swaps it into place once the
//! whole build succeeded, so readers and a failed or killed build never see a half-written
//! or emptied output: either the previous output stays, or the new one is complete. On
//! Linux (and macOS) the swap is one `renameat2(RENAME_EXCHANGE)` (`renamex_np(RENAME_SWAP)`);
//! elsewhere, or when the file system refuses it, two renames. The previous output is then
//! deleted, its ownership marker last.
//!
//! What it may replace ([`check_target`]): a missing or empty directory, or one carrying
//! this site's marker file ([`MARKER`]); anything else only with `force`. Never, whatever
//! `force` says, the site root or an ancestor of it, its `content/`, `themes/` or `static/`
//! folders (or anything inside them), `site.yaml`, nor a folder holding a `site.yaml` or
//! Markdown files. Every path is resolved (`..`, symlinks) before it is compared.
//!
//! Staging directories (`.<name>.casebook-new-*`) left by a killed build are deleted by the
//! next build of the same site, and only when they carry its marker (or are empty) and no
//! running build holds them.

pub mod relative;

use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

/// Folders of a site that hold its sources: the output may be neither inside them nor an
/// ancestor of them, since replacing the output would delete sources.
const SOURCE_DIRS: [&str; 3] = ["content", "themes", "static"];

/// The ownership marker every build writes at the top of its output: a rebuild replaces a
/// non-empty directory only when it carries this site's marker.
pub const MARKER: &str = ".casebook-output";

/// Longest marker file read; a real one is about 200 bytes.
const MARKER_LIMIT: u64 = 4096;

/// Infixes of the names of staging directories: `.<name>.casebook-new-<random>` beside
/// the output `<name>`, and `.<name>.casebook-old-<random>` for the previous output while
/// the two-rename fallback swaps.
const STAGING_INFIXES: [&str; 2] = [".casebook-new-", ".casebook-old-"];

/// A file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output directory, `/`-separated, never absolute or with `..`.
    pub path: String,
    /// Contents: shared, so that the dev server can keep and serve a page and a rebuild
    /// can reuse it without copying.
    pub bytes: bytes::Bytes,
}

/// Why writing the output failed.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// An output path would escape the output directory.
    #[error("refusing to write `{0}`: the path leaves the output directory")]
    UnsafePath(String),
    /// The output directory would replace the site itself.
    #[error("refusing to use {0} as output: it contains the site's sources")]
    OutputContainsRoot(Shown),
    /// The output directory lies inside a source folder of the site, or holds one.
    #[error("refusing to use {0} as output: it {1} the site's `{2}`, which the build reads")]
    OutputInsideSources(Shown, &'static str, String),
    /// The output directory holds what looks like a site's sources.
    #[error("refusing to use {0} as output: it holds `{1}`, a site's sources")]
    OutputHoldsSources(Shown, String),
    /// The output directory exists, is not empty and was not written by a build of this
    /// site.
    #[error(
        "refusing to replace {dir}: it holds {files} {} and {why}",
        if *files == 1 { "file" } else { "files" }
    )]
    NotOurs {
        /// The directory.
        dir: Shown,
        /// Files (and symlinks) in it, at any depth, dotfiles included.
        files: usize,
        /// Why it is not ours.
        why: &'static str,
    },
    /// The output path exists and is not a directory.
    #[error("`{0}` exists and is not a directory")]
    NotADirectory(PathBuf),
    /// Two files map to the same output path.
    #[error("two files would be written to `{0}`")]
    Duplicate(String),
    /// A file system operation failed.
    #[error("{action} `{path}`: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// On which path.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

impl OutputError {
    /// How to fix it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            OutputError::NotOurs { .. } => Some(format!(
                "choose a new or empty folder, or add --force to delete what it holds and \
                 build there (casebook marks its output with a `{MARKER}` file)"
            )),
            OutputError::OutputContainsRoot(_)
            | OutputError::OutputInsideSources(..)
            | OutputError::OutputHoldsSources(..) => Some(
                "choose a folder outside the sources, such as `public` in the site root; \
                 --force does not override this"
                    .into(),
            ),
            _ => None,
        }
    }
}

/// An output path as the user gave it, and what it resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// As given.
    pub given: PathBuf,
    /// Resolved (absolute, no `..`, symlinks followed).
    pub resolved: PathBuf,
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`", self.given.display())?;
        if self.given != self.resolved {
            write!(f, " (`{}`)", self.resolved.display())?;
        }
        Ok(())
    }
}

fn io_err<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> OutputError + 'a {
    move |source| OutputError::Io { action, path: path.to_path_buf(), source }
}

/// Checks that `path` is a plain relative path that stays inside the output directory.
pub fn check_path(path: &str) -> Result<(), OutputError> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && !path.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok { Ok(()) } else { Err(OutputError::UnsafePath(path.to_string())) }
}

/// Writes `files` as the new content of `out_dir`, atomically replacing what was there
/// (see [`check_target`] for what may be replaced).
pub fn write_atomic(
    files: &[OutputFile],
    out_dir: &Path,
    root: &Path,
    force: bool,
) -> Result<(), OutputError> {
    let staging = Staging::new(out_dir, root, force)?;
    staging.put_all(files)?;
    staging.commit()
}

/// An output directory the site may write, resolved.
#[derive(Debug, Clone)]
pub struct Target {
    shown: Shown,
    /// The resolved output directory.
    out: PathBuf,
    /// Its parent, where staging directories go.
    parent: PathBuf,
    /// Its file name.
    name: String,
    /// The marker text this site writes into it.
    marker: String,
    force: bool,
}

impl Target {
    /// The text of this site's marker for this output directory.
    pub fn marker(&self) -> &str {
        &self.marker
    }

    /// The checks on what the output directory holds (repeated just before the swap).
    fn check_contents(&self) -> Result<(), OutputError> {
        let meta = match fs::symlink_metadata(&self.out) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            r => r.map_err(io_err("cannot read", &self.out))?,
        };
        if !meta.is_dir() {
            return Err(OutputError::NotADirectory(self.shown.given.clone()));
        }
        let mut entries = fs::read_dir(&self.out).map_err(io_err("cannot read", &self.out))?;
        if entries.next().is_none() {
            return Ok(());
        }
        let why = match read_marker(&self.out) {
            Some(text) if same_site(&text, &self.marker) => return Ok(()),
            Some(_) => "its `.casebook-output` marker names another site",
            None => "casebook did not write it (it has no `.casebook-output` marker)",
        };
        let (files, source) = survey(&self.out)?;
        if let Some(source) = source {
            return Err(OutputError::OutputHoldsSources(self.shown.clone(), source));
        }
        if self.force {
            Ok(())
        } else {
            Err(OutputError::NotOurs { dir: self.shown.clone(), files, why })
        }
    }
}

/// Decides whether the site at `root` may write its output to `out_dir`.
///
/// Refused whatever `force` says: the root or an ancestor of it; the site's `content/`,
/// `themes/`, `static/` or `site.yaml`, anything inside them, or an ancestor of where they
/// lead through symlinks; an existing folder holding a `site.yaml` or Markdown files (at
/// any depth). Refused unless `force`: an existing, non-empty folder without this site's
/// [`MARKER`].
pub fn check_target(out_dir: &Path, root: &Path, force: bool) -> Result<Target, OutputError> {
    let out = resolve(out_dir)?;
    let root = resolve(root)?;
    let shown = Shown { given: out_dir.to_path_buf(), resolved: out.clone() };
    if root.starts_with(&out) {
        return Err(OutputError::OutputContainsRoot(shown));
    }
    let sources = SOURCE_DIRS.iter().map(|d| (root.join(d), format!("{d}/")));
    for (lexical, name) in sources.chain([(root.join("site.yaml"), "site.yaml".to_string())]) {
        let mut places = vec![lexical.clone()];
        if fs::symlink_metadata(&lexical).is_ok() {
            // A symlinked source: where it leads is a source too. A dangling one leads
            // nowhere that could be replaced.
            places.extend(resolve(&lexical).ok());
        }
        for place in places {
            if out == place {
                return Err(OutputError::OutputInsideSources(shown, "is", name));
            }
            if out.starts_with(&place) {
                return Err(OutputError::OutputInsideSources(shown, "is inside", name));
            }
            if place.starts_with(&out) {
                return Err(OutputError::OutputInsideSources(shown, "holds", name));
            }
        }
    }
    let parent = out.parent().ok_or_else(|| OutputError::OutputContainsRoot(shown.clone()))?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let marker = marker_text(&out, &root);
    let target = Target { shown, parent: parent.to_path_buf(), name, marker, out, force };
    target.check_contents()?;
    Ok(target)
}

/// Counts the files (and symlinks) under `dir` and finds the first that looks like a
/// site's source: a `site.yaml` or a Markdown file. Symlinks are not followed.
fn survey(dir: &Path) -> Result<(usize, Option<String>), OutputError> {
    let mut files = 0;
    let mut source = None;
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| OutputError::Io {
            action: "cannot read",
            path: e.path().unwrap_or(dir).to_path_buf(),
            source: e.into(),
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        files += 1;
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        let looks_like_source =
            name == "site.yaml" || name.ends_with(".md") || name.ends_with(".markdown");
        if source.is_none() && looks_like_source && entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            source = Some(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok((files, source))
}

/// The marker of the site at `root` for the output `out` (both resolved). It names the
/// site by a hash of the path from the output to the root, so that it stays valid when
/// both move together and publishes no local path; the version is for people reading it.
fn marker_text(out: &Path, root: &Path) -> String {
    let rel = relative_path(out, root);
    let id = xxhash_rust::xxh3::xxh3_128(format!("casebook-output\0{rel}").as_bytes());
    format!(
        "casebook build output: `casebook build` deletes and rewrites this folder.\n\
         Delete this file to keep casebook from replacing the folder.\n\
         version: {}\nsite: {id:032x}\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// `to` relative to `from` (both absolute and resolved), `/`-separated; `to` itself when
/// they share no prefix (another drive).
fn relative_path(from: &Path, to: &Path) -> String {
    let (a, b): (Vec<_>, Vec<_>) = (from.components().collect(), to.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return to.to_string_lossy().into_owned();
    }
    let ups = std::iter::repeat_n("..".to_string(), a.len() - common);
    let downs = b[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

/// Whether the marker text `found` names the same site as `ours`.
fn same_site(found: &str, ours: &str) -> bool {
    let site = |text: &str| text.lines().find(|l| l.starts_with("site: ")).map(str::to_string);
    found.starts_with("casebook build output") && site(found).is_some() && site(found) == site(ours)
}

/// The marker file of `dir`, if it is a small regular file (never a symlink, FIFO or
/// device: those are nobody's marker).
fn read_marker(dir: &Path) -> Option<String> {
    let path = dir.join(MARKER);
    let meta = fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > MARKER_LIMIT {
        return None;
    }
    let mut text = String::new();
    fs::File::open(&path).ok()?.take(MARKER_LIMIT).read_to_string(&mut text).ok()?;
    Some(text)
}

/// `p` made absolute with every `.`, `..` and symlink resolved, one component at a time.
/// Parts that do not exist yet are taken as they are: a `..` after one steps back to its
/// parent, as it will once the folders are created.
pub fn resolve(p: &Path) -> Result<PathBuf, OutputError> {
    let abs = std::path::absolute(p).map_err(io_err("cannot resolve", p))?;
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => {
                out.push(c);
                if fs::symlink_metadata(&out).is_ok() {
                    out = out.canonicalize().map_err(io_err("cannot resolve", &out))?;
                }
            }
        }
    }
    Ok(out)
}

/// A new output being written: files go into a staging directory beside the output
/// directory, in parallel and as soon as they are rendered; [`Staging::commit`] swaps it
/// into place. Dropped without a commit, it deletes itself and the previous output stays.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: Target,
    /// The staging marker, held locked (on Unix) so that no other build deletes this
    /// directory as stale.
    _lock: Option<fs::File>,
    seen: std::sync::Mutex<std::collections::HashSet<String>>,
    done: bool,
}

impl Staging {
    /// Checks `out_dir` against the site `root` ([`check_target`]), deletes stale staging
    /// directories of this site and creates a new one, marked.
    pub fn new(out_dir: &Path, root: &Path, force: bool) -> Result<Staging, OutputError> {
        let target = check_target(out_dir, root, force)?;
        let parent = &target.parent;
        fs::create_dir_all(parent).map_err(io_err("cannot create", parent))?;
        remove_stale(&target);
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{}{}", target.name, STAGING_INFIXES[0]))
            .tempdir_in(parent)
            .map_err(io_err("cannot create a temporary directory in", parent))?
            .keep();
        let marker = dir.join(MARKER);
        let written = fs::write(&marker, &target.marker);
        let seen = std::sync::Mutex::new([MARKER.to_string()].into_iter().collect());
        let staging = Staging { _lock: lock(&marker), dir, target, seen, done: false };
        written.map_err(io_err("cannot write", &marker))?;
        Ok(staging)
    }

    /// Writes one file (callable from many threads at once). Refuses paths that leave the
    /// output directory and a second file at the same path.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        check_path(path)?;
        let fresh = self.seen.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string());
        if !fresh {
            return Err(OutputError::Duplicate(path.to_string()));
        }
        let p = self.dir.join(path);
        match fs::write(&p, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let parent = p.parent().unwrap_or(&self.dir);
                fs::create_dir_all(parent).map_err(io_err("cannot create", parent))?;
                fs::write(&p, bytes).map_err(io_err("cannot write", &p))
            }
            r => r.map_err(io_err("cannot write", &p)),
        }
    }

    /// Writes many files in parallel.
    pub fn put_all(&self, files: &[OutputFile]) -> Result<(), OutputError> {
        files.par_iter().try_for_each(|f| self.put(&f.path, &f.bytes))
    }

    /// Replaces the output directory with what was written, after checking again that it
    /// may (the directory could have changed during the build), then deletes the previous
    /// output.
    pub fn commit(mut self) -> Result<(), OutputError> {
        self.target.check_contents()?;
        let out = &self.target.out;
        let old = if fs::symlink_metadata(out).is_err() {
            fs::rename(&self.dir, out).map_err(io_err("cannot move the new output to", out))?;
            None
        } else if exchange(&self.dir, out)
            .map_err(io_err("cannot swap in the new output at", out))?
        {
            // The staging path now holds the previous output.
            Some(self.dir.clone())
        } else {
            Some(swap_by_renames(&self.dir, &self.target)?)
        };
        self.done = true;
        match old {
            Some(old) => {
                remove_tree(&old).map_err(io_err("cannot remove the previous output at", &old))
            }
            None => Ok(()),
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = remove_tree(&self.dir);
        }
    }
}

/// Whether this platform has an atomic exchange of two paths and `flock`.
macro_rules! with_exchange {
    ($($item:item)*) => {
        $(#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))] $item)*
    };
}
macro_rules! without_exchange {
    ($($item:item)*) => {
        $(#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))] $item)*
    };
}

with_exchange! {
    /// Swaps `a` and `b` (both exist) in one step; `Ok(false)` when the kernel or the file
    /// system cannot.
    fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Locks the staging marker for as long as the build runs; the lock dies with the
    /// process, however it ends.
    fn lock(marker: &Path) -> Option<fs::File> {
        let file = fs::File::open(marker).ok()?;
        rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive).ok()?;
        Some(file)
    }

    /// Whether a running build holds the staging directory `dir`.
    fn in_use(dir: &Path) -> bool {
        let Ok(file) = fs::File::open(dir.join(MARKER)) else { return false };
        rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockShared).is_err()
    }
}

without_exchange! {
    fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
        Ok(false)
    }

    fn lock(_: &Path) -> Option<fs::File> {
        None
    }

    fn in_use(_: &Path) -> bool {
        false
    }
}

/// The fallback swap: moves the output aside to `.<name>.casebook-old-*`, then the staging
/// directory into place (putting the old output back if that fails). Returns where the old
/// output is. A kill between the renames leaves no output, but both trees stay, marked, for
/// the next build to delete.
fn swap_by_renames(staged: &Path, target: &Target) -> Result<PathBuf, OutputError> {
    let (out, parent) = (&target.out, &target.parent);
    let old = tempfile::Builder::new()
        .prefix(&format!(".{}{}", target.name, STAGING_INFIXES[1]))
        .tempdir_in(parent)
        .map_err(io_err("cannot create a temporary directory in", parent))?
        .keep();
    // `old` exists as an empty directory; rename over it needs it gone.
    fs::remove_dir(&old).map_err(io_err("cannot prepare", &old))?;
    fs::rename(out, &old).map_err(io_err("cannot move the previous output aside:", out))?;
    if let Err(e) = fs::rename(staged, out) {
        let _ = fs::rename(&old, out);
        return Err(OutputError::Io {
            action: "cannot move the new output to",
            path: out.to_path_buf(),
            source: e,
        });
    }
    Ok(old)
}

/// Deletes the staging directories a killed build of this site left beside the output:
/// directories (not symlinks) named `.<name>.casebook-new-*` or `.<name>.casebook-old-*`
/// that are empty, or carry this site's marker and are not held by a running build.
/// Anything else is left alone; so are failures (a leftover is not this build's problem).
fn remove_stale(target: &Target) {
    let Ok(entries) = fs::read_dir(&target.parent) else { return };
    let prefixes = STAGING_INFIXES.map(|infix| format!(".{}{infix}", target.name));
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !prefixes.iter().any(|p| name.starts_with(p.as_str())) {
            continue;
        }
        let path = entry.path();
        if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            continue;
        }
        // `remove_dir` removes only an empty directory.
        if fs::remove_dir(&path).is_ok() {
            continue;
        }
        let ours = read_marker(&path).is_some_and(|text| same_site(&text, &target.marker));
        if ours && !in_use(&path) {
            let _ = remove_tree(&path);
        } else if killed_while_marking(&path, &target.marker) {
            let _ = fs::remove_file(path.join(MARKER));
            let _ = fs::remove_dir(&path);
        }
    }
}

/// Whether `dir` holds nothing but the start of this site's marker: a build killed while
/// it wrote the marker of its new staging directory.
fn killed_while_marking(dir: &Path, marker: &str) -> bool {
    let Ok(mut entries) = fs::read_dir(dir) else { return false };
    let only_marker = entries.next().is_some_and(|e| e.is_ok_and(|e| e.file_name() == MARKER))
        && entries.next().is_none();
    only_marker && read_marker(dir).is_some_and(|text| marker.starts_with(&text))
}

/// Removes a directory tree, deleting files in parallel (a site has tens of thousands) and
/// its marker last, so that a tree half-deleted by a kill still shows whose it is.
/// Symlinks are removed, never followed; entries already gone are fine.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let gone = |r: io::Result<()>| match r {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        r => r,
    };
    let marker = dir.join(MARKER);
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) if e.io_error().is_some_and(|e| e.kind() == io::ErrorKind::NotFound) => {
                continue;
            }
            Err(e) => return Err(io::Error::other(e)),
        };
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else if entry.path() != marker {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(|f| gone(fs::remove_file(f)))?;
    // `contents_first` lists every directory after its contents.
    dirs.iter().try_for_each(|d| gone(fs::remove_dir(d)))?;
    gone(fs::remove_file(&marker))?;
    gone(fs::remove_dir(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.into(), bytes: text.as_bytes().to_vec().into() }
    }

    #[test]
    fn rejects_paths_that_escape() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\b", "./a"] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
        assert!(check_path("cases/x/index.html").is_ok());
    }

    #[test]
    fn replaces_output_and_drops_stale_files() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir(&root).unwrap();
        let out = root.join("public");
        let first = [file("a/index.html", "one"), file("stale.html", "x")];
        write_atomic(&first, &out, &root, false).unwrap();
        write_atomic(&[file("a/index.html", "two")], &out, &root, false).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("stale.html").exists());
        let leftovers: Vec<_> =
            fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_to_replace_the_site_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("sub");
        let err = write_atomic(&[file("a.html", "x")], tmp.path(), &root, true).unwrap_err();
        assert!(matches!(err, OutputError::OutputContainsRoot(_)));
        let err = write_atomic(
            &[file("a.html", "x"), file("a.html", "y")],
            &tmp.path().join("o"),
            tmp.path(),
            false,
        );
        assert!(matches!(err, Err(OutputError::Duplicate(_))));
    }

    /// A site root with `content/` in a fresh temporary directory.
    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        (tmp, root)
    }

    #[test]
    fn resolves_dot_dot_after_missing_folders_and_symlinks() {
        let (tmp, root) = site();
        let real = resolve(&root).unwrap();
        assert_eq!(resolve(&root.join("nope/../content")).unwrap(), real.join("content"));
        assert_eq!(resolve(&root.join("a/./b/../../x")).unwrap(), real.join("x"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("content"), tmp.path().join("link")).unwrap();
            assert_eq!(resolve(&tmp.path().join("link/new")).unwrap(), real.join("content/new"));
        }
    }

    #[test]
    fn the_marker_names_the_site_by_its_place_relative_to_the_output() {
        let a = marker_text(Path::new("/x/site/public"), Path::new("/x/site"));
        let moved = marker_text(Path::new("/y/z/site/public"), Path::new("/y/z/site"));
        let other = marker_text(Path::new("/x/site/public"), Path::new("/x/other"));
        assert!(same_site(&a, &moved), "moving site and output together keeps the marker");
        assert!(!same_site(&a, &other));
        assert!(!same_site("site: 1\n", "site: 1\n"), "a marker starts with its title line");
        assert!(!a.contains("/x"), "the marker publishes no local path:\n{a}");
        assert_eq!(relative_path(Path::new("/x/site/public"), Path::new("/x/site")), "..");
        assert_eq!(relative_path(Path::new("/srv/www"), Path::new("/x/site")), "../../x/site");
    }

    #[test]
    fn writes_a_marker_and_replaces_only_its_own_output() {
        let (tmp, root) = site();
        let out = tmp.path().join("public");
        write_atomic(&[file("a.html", "1")], &out, &root, false).unwrap();
        let marker = fs::read_to_string(out.join(MARKER)).unwrap();
        assert!(same_site(&marker, check_target(&out, &root, false).unwrap().marker()));
        write_atomic(&[file("a.html", "2")], &out, &root, false).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "2");
        // Another site may not replace it; its marker does not match.
        let other = tmp.path().join("other");
        fs::create_dir_all(other.join("content")).unwrap();
        let err = write_atomic(&[file("b.html", "x")], &out, &other, false).unwrap_err();
        assert!(
            matches!(&err, OutputError::NotOurs { files: 2, why, .. } if why.contains("another site")),
            "{err}"
        );
        // A folder without a marker is refused unless forced; an empty one is fine.
        let mine = tmp.path().join("mine");
        fs::create_dir_all(mine.join("sub")).unwrap();
        fs::write(mine.join("sub/.keep"), "").unwrap();
        let err = write_atomic(&[file("a.html", "x")], &mine, &root, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "refusing to replace `{}`: it holds 1 file and casebook did not write it (it has \
                 no `.casebook-output` marker)",
                mine.display()
            )
        );
        assert!(mine.join("sub/.keep").exists());
        write_atomic(&[file("a.html", "x")], &mine, &root, true).unwrap();
        assert!(!mine.join("sub").exists());
        let empty = tmp.path().join("empty");
        fs::create_dir(&empty).unwrap();
        write_atomic(&[file("a.html", "x")], &empty, &root, false).unwrap();
        // A marker that is not a regular file is nobody's.
        let fifo_like = tmp.path().join("odd");
        fs::create_dir_all(fifo_like.join(MARKER)).unwrap();
        assert!(matches!(
            check_target(&fifo_like, &root, false),
            Err(OutputError::NotOurs { files: 0, .. })
        ));
    }

    #[test]
    fn never_the_sources_even_when_forced() {
        let (tmp, root) = site();
        fs::write(root.join("site.yaml"), "title: x\n").unwrap();
        let refused = |out: &Path| check_target(out, &root, true).unwrap_err().to_string();
        assert!(refused(&root).contains("contains the site's sources"));
        assert!(refused(tmp.path()).contains("contains the site's sources"));
        assert!(refused(&root.join("content")).contains("it is the site's `content/`"));
        assert!(refused(&root.join("static/x")).contains("is inside the site's `static/`"));
        assert!(refused(&root.join("nope/../themes")).contains("`themes/`"));
        assert!(refused(&root.join("site.yaml")).contains("`site.yaml`"));
        // Folders holding sources of some site.
        let docs = tmp.path().join("docs");
        fs::create_dir_all(docs.join("a/b")).unwrap();
        fs::write(docs.join("a/b/Notes.MD"), "x").unwrap();
        assert_eq!(
            refused(&docs),
            format!(
                "refusing to use `{}` as output: it holds `a/b/Notes.MD`, a site's sources",
                docs.display()
            )
        );
        assert!(check_target(&root.join("public"), &root, false).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_source_folder_protects_its_target() {
        let (tmp, root) = site();
        let cases = tmp.path().join("cases");
        fs::create_dir_all(&cases).unwrap();
        fs::remove_dir(root.join("content")).unwrap();
        std::os::unix::fs::symlink(&cases, root.join("content")).unwrap();
        for out in [cases.clone(), cases.join("sub"), tmp.path().join("x/../cases")] {
            let err = check_target(&out, &root, true).unwrap_err().to_string();
            assert!(err.contains("the site's `content/`"), "{err}");
        }
    }

    /// A staging directory as a killed build leaves it: marked, with some files.
    fn debris(parent: &Path, name: &str, marker: &str) -> PathBuf {
        let dir = parent.join(name);
        fs::create_dir_all(dir.join("cases/x")).unwrap();
        fs::write(dir.join("cases/x/index.html"), "x").unwrap();
        fs::write(dir.join(MARKER), marker).unwrap();
        dir
    }

    #[test]
    fn removes_only_this_sites_stale_staging_directories() {
        let (tmp, root) = site();
        let out = root.join("public");
        let ours = check_target(&out, &root, false).unwrap().marker().to_string();
        let theirs = marker_text(&resolve(&out).unwrap(), Path::new("/elsewhere"));
        let new = debris(&root, ".public.casebook-new-AbC123", &ours);
        let old = debris(&root, ".public.casebook-old-x", &ours);
        let empty = root.join(".public.casebook-new-empty");
        fs::create_dir(&empty).unwrap();
        let foreign = debris(&root, ".public.casebook-new-other", &theirs);
        let half_marked = root.join(".public.casebook-new-half");
        fs::create_dir(&half_marked).unwrap();
        fs::write(half_marked.join(MARKER), &ours[..20]).unwrap();
        let unmarked = root.join(".public.casebook-new-unmarked");
        fs::create_dir_all(&unmarked).unwrap();
        fs::write(unmarked.join("keep.txt"), "x").unwrap();
        let other_name = debris(&root, ".www.casebook-new-1", &ours);
        #[cfg(unix)]
        std::os::unix::fs::symlink(&foreign, root.join(".public.casebook-new-link")).unwrap();
        let _ = tmp;
        write_atomic(&[file("a.html", "x")], &out, &root, false).unwrap();
        for gone in [&new, &old, &empty, &half_marked] {
            assert!(!gone.exists(), "{} is left", gone.display());
        }
        for kept in [&foreign, &unmarked, &other_name] {
            assert!(kept.join(if kept == &unmarked { "keep.txt" } else { MARKER }).exists());
        }
        #[cfg(unix)]
        assert!(fs::symlink_metadata(root.join(".public.casebook-new-link")).is_ok());
    }

    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    #[test]
    fn a_running_builds_staging_directory_is_not_stale() {
        let (_tmp, root) = site();
        let out = root.join("public");
        let running = Staging::new(&out, &root, false).unwrap();
        running.put("a.html", b"x").unwrap();
        write_atomic(&[file("b.html", "y")], &out, &root, false).unwrap();
        assert!(running.dir.join("a.html").exists(), "a running build's staging was deleted");
        running.commit().unwrap();
        assert!(out.join("a.html").exists() && !out.join("b.html").exists());
    }

    #[test]
    fn the_two_rename_fallback_swaps_too() {
        let (_tmp, root) = site();
        let out = root.join("public");
        write_atomic(&[file("old.html", "1")], &out, &root, false).unwrap();
        let staging = Staging::new(&out, &root, false).unwrap();
        staging.put("new.html", b"2").unwrap();
        let old = swap_by_renames(&staging.dir, &staging.target).unwrap();
        assert!(old.join("old.html").exists() && out.join("new.html").exists());
        assert!(out.join(MARKER).exists() && old.join(MARKER).exists());
        // A kill now would leave `old`; the next build deletes it.
        std::mem::forget(staging);
        write_atomic(&[file("c.html", "3")], &out, &root, false).unwrap();
        assert!(!old.exists());
        let names: Vec<_> = fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn a_static_file_may_not_replace_the_marker() {
        let (_tmp, root) = site();
        let err = write_atomic(&[file(MARKER, "x")], &root.join("public"), &root, false);
        assert!(matches!(err, Err(OutputError::Duplicate(p)) if p == MARKER));
    }
}
