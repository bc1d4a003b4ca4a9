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

pub(crate) mod relative;
mod staging;
mod target;

use std::io;
use std::path::{Component, Path, PathBuf};

pub(crate) use staging::Staging;
#[cfg(test)]
use target::check_target;

/// Folders of a site that hold its sources: the output may be neither inside them nor an
/// ancestor of them, since replacing the output would delete sources.
const SOURCE_DIRS: [&str; 3] = ["content", "themes", "static"];

/// The ownership marker every build writes at the top of its output: a rebuild replaces a
/// non-empty directory only when it carries this site's marker.
pub(crate) const MARKER: &str = ".casebook-output";

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
pub(crate) fn check_path(path: &str) -> Result<(), OutputError> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && !path.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok { Ok(()) } else { Err(OutputError::UnsafePath(path.to_string())) }
}

/// Writes `files` as the new content of `out_dir`, atomically replacing what was there
/// (see [`check_target`] for what may be replaced).
#[cfg(test)]
pub(crate) fn write_atomic(
    files: &[OutputFile],
    out_dir: &Path,
    root: &Path,
    force: bool,
) -> Result<(), OutputError> {
    let staging = Staging::new(out_dir, root, force)?;
    staging.put_all(files)?;
    staging.commit()
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::target::same_site;
    use super::*;

    pub(super) fn file(path: &str, text: &str) -> OutputFile {
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
    pub(super) fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        (tmp, root)
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
    fn a_static_file_may_not_replace_the_marker() {
        let (_tmp, root) = site();
        let err = write_atomic(&[file(MARKER, "x")], &root.join("public"), &root, false);
        assert!(matches!(err, Err(OutputError::Duplicate(p)) if p == MARKER));
    }
}
