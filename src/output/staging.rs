//! Writing a build: the staging directory beside the output, the swap into place
//! (`renameat2(RENAME_EXCHANGE)` where the platform has it, two renames elsewhere), the lock
//! that keeps a running build's staging directory alive, and the removal of stale ones. It
//! does not decide what may be replaced; [`super::target`] does.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::target::{Target, check_target, read_marker, same_site};
use super::{MARKER, OutputError, OutputFile, STAGING_INFIXES, check_path, io_err};

/// A new output being written: files go into a staging directory beside the output
/// directory, in parallel and as soon as they are rendered; [`Staging::commit`] swaps it
/// into place. Dropped without a commit, it deletes itself and the previous output stays.
#[derive(Debug)]
pub(crate) struct Staging {
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
    pub(crate) fn new(out_dir: &Path, root: &Path, force: bool) -> Result<Staging, OutputError> {
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
    pub(crate) fn put(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
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
    pub(crate) fn put_all(&self, files: &[OutputFile]) -> Result<(), OutputError> {
        files.par_iter().try_for_each(|f| self.put(&f.path, &f.bytes))
    }

    /// Replaces the output directory with what was written, after checking again that it
    /// may (the directory could have changed during the build), then deletes the previous
    /// output.
    pub(crate) fn commit(mut self) -> Result<(), OutputError> {
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
    use crate::output::target::{marker_text, resolve};
    use crate::output::tests::{file, site};
    use crate::output::write_atomic;

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
}
