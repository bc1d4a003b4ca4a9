//! The writer: the only stage that writes files.
//!
//! A build writes every file into a fresh temporary directory beside the output directory
//! ([`Staging`]), pages as soon as they are rendered, and swaps it into place with two
//! renames once the whole build succeeded, so readers and a failed build never see a half-written or emptied
//! output: either the previous output stays, or the new one is complete. Stale files from
//! earlier builds disappear because the old directory is removed after the swap.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

/// Folders of a site that hold its sources: the output may not be inside them, since
/// replacing the output would delete sources.
const SOURCE_DIRS: [&str; 3] = ["content", "themes", "static"];

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
    #[error("refusing to use `{0}` as output: it contains the site's sources")]
    OutputContainsRoot(PathBuf),
    /// The output directory lies inside a folder the build reads.
    #[error(
        "refusing to use `{0}` as output: it is inside the site's `{1}/` folder, which the build reads"
    )]
    OutputInsideSources(PathBuf, &'static str),
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

/// Writes `files` as the new content of `out_dir`, atomically replacing what was there.
/// `root` is the site root: an output directory that is the root or one of its ancestors
/// is refused, because replacing it would delete the sources.
pub fn write_atomic(files: &[OutputFile], out_dir: &Path, root: &Path) -> Result<(), OutputError> {
    let staging = Staging::new(out_dir, root)?;
    staging.put_all(files)?;
    staging.commit()
}

/// A new output being written: files go into a temporary directory beside the output
/// directory, in parallel and as soon as they are rendered; [`Staging::commit`] swaps it
/// into place. Dropped without a commit, it deletes itself and the previous output stays.
#[derive(Debug)]
pub struct Staging {
    dir: tempfile::TempDir,
    out: PathBuf,
    parent: PathBuf,
    name: String,
    seen: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl Staging {
    /// Checks `out_dir` against the site `root` and creates the staging directory.
    pub fn new(out_dir: &Path, root: &Path) -> Result<Staging, OutputError> {
        let out_abs = absolute(out_dir)?;
        let root_abs = absolute(root)?;
        if root_abs.starts_with(&out_abs) {
            return Err(OutputError::OutputContainsRoot(out_dir.to_path_buf()));
        }
        if let Some(dir) = SOURCE_DIRS.iter().find(|d| out_abs.starts_with(root_abs.join(d))) {
            return Err(OutputError::OutputInsideSources(out_dir.to_path_buf(), dir));
        }
        if out_abs.exists() && !out_abs.is_dir() {
            return Err(OutputError::NotADirectory(out_dir.to_path_buf()));
        }
        let parent = out_abs
            .parent()
            .ok_or_else(|| OutputError::OutputContainsRoot(out_dir.to_path_buf()))?
            .to_path_buf();
        fs::create_dir_all(&parent).map_err(io_err("cannot create", &parent))?;
        let name =
            out_abs.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.casebook-new-"))
            .tempdir_in(&parent)
            .map_err(io_err("cannot create a temporary directory in", &parent))?;
        Ok(Staging { dir, out: out_abs, parent, name, seen: Default::default() })
    }

    /// Writes one file (callable from many threads at once). Refuses paths that leave the
    /// output directory and a second file at the same path.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        check_path(path)?;
        let fresh = self.seen.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string());
        if !fresh {
            return Err(OutputError::Duplicate(path.to_string()));
        }
        let p = self.dir.path().join(path);
        match fs::write(&p, bytes) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let parent = p.parent().unwrap_or(self.dir.path());
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

    /// Replaces the output directory with what was written.
    pub fn commit(self) -> Result<(), OutputError> {
        swap_in(self.dir, &self.out, &self.parent, &self.name)
    }
}

fn absolute(p: &Path) -> Result<PathBuf, OutputError> {
    let abs = std::path::absolute(p).map_err(io_err("cannot resolve", p))?;
    // Resolve symlinks of the existing part, so `./public` and a symlink to it compare equal.
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(abs),
        }
    }
    let mut out = existing.canonicalize().map_err(io_err("cannot resolve", existing))?;
    out.extend(rest.iter().rev());
    Ok(out)
}

/// Moves the old output aside, moves the staging directory into place, then deletes the
/// old output. If the second rename fails the old output is put back.
fn swap_in(
    staging: tempfile::TempDir,
    out: &Path,
    parent: &Path,
    name: &str,
) -> Result<(), OutputError> {
    let staged = staging.keep();
    if !out.exists() {
        return fs::rename(&staged, out).map_err(io_err("cannot move the new output to", out));
    }
    let old = tempfile::Builder::new()
        .prefix(&format!(".{name}.casebook-old-"))
        .tempdir_in(parent)
        .map_err(io_err("cannot create a temporary directory in", parent))?
        .keep();
    // `old` exists as an empty directory; rename over it needs it gone.
    fs::remove_dir(&old).map_err(io_err("cannot prepare", &old))?;
    fs::rename(out, &old).map_err(io_err("cannot move the previous output aside:", out))?;
    if let Err(e) = fs::rename(&staged, out) {
        let _ = fs::rename(&old, out);
        let _ = fs::remove_dir_all(&staged);
        return Err(OutputError::Io {
            action: "cannot move the new output to",
            path: out.to_path_buf(),
            source: e,
        });
    }
    remove_tree(&old).map_err(io_err("cannot remove the previous output at", &old))
}

/// Removes a directory tree, deleting files in parallel (a site has tens of thousands).
fn remove_tree(dir: &Path) -> io::Result<()> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir).contents_first(true) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(fs::remove_file)?;
    // `contents_first` lists every directory after its contents.
    dirs.iter().try_for_each(fs::remove_dir)
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
        write_atomic(&[file("a/index.html", "one"), file("stale.html", "x")], &out, &root).unwrap();
        write_atomic(&[file("a/index.html", "two")], &out, &root).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("stale.html").exists());
        let leftovers: Vec<_> =
            fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_to_replace_the_site_root() {
        let tmp = tempfile::tempdir().unwrap();
        let err =
            write_atomic(&[file("a.html", "x")], tmp.path(), &tmp.path().join("sub")).unwrap_err();
        assert!(matches!(err, OutputError::OutputContainsRoot(_)));
        let err = write_atomic(
            &[file("a.html", "x"), file("a.html", "y")],
            &tmp.path().join("o"),
            tmp.path(),
        );
        assert!(matches!(err, Err(OutputError::Duplicate(_))));
    }
}
