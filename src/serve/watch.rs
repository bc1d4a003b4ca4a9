//! Watching the site's inputs for the dev server: `content/`, `themes/`, `static/` and
//! `site.yaml`, and nothing else.
//!
//! The root is watched on its own (not recursively) and each input folder recursively. A
//! change in the root matters only when it names `site.yaml` or an input folder; for a
//! folder it also re-arms that folder's watch, so renaming `content/` away and back,
//! deleting and re-creating it, or creating `static/` after the server started all keep
//! working. Everything else in the root (a log the server's own output is redirected
//! into, `public/`, `.git/`) is ignored, as are hidden files and editor scratch files,
//! which the build never reads either.
//!
//! The debouncing is written here rather than taken from `notify-debouncer-mini` or
//! `notify-debouncer-full`, because neither keeps its behaviour. Both time each path (or
//! event) on its own, so a burst over many files that lasts longer than the window (a
//! script or `sed -i` touching every case, a slow checkout) is cut into several rebuilds:
//! 14 cases appended to 15 ms apart gave 7 rebuilds with `notify-debouncer-full`, one
//! here, where any relevant change restarts the quiet period of the whole batch. The mini
//! debouncer also drops the kind of each event, and `notify` reports every file the
//! build opens (inotify `OPEN`), so each rebuild would trigger the next.
//!
//! This module does not build: it hands each settled batch of changes to a callback.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use super::ServeError;
use crate::content::config::CONFIG_FILE;

/// The folders of the root whose whole tree is an input of the build.
const INPUT_DIRS: [&str; 3] = ["content", "themes", "static"];

/// How long relevant changes must be quiet before a rebuild starts, so that an editor's
/// write-to-temp-and-rename or a `git checkout` of many files is one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// The longest a batch may keep growing: a tool that writes inputs non-stop still gets
/// a rebuild this often.
const MAX_BATCH: Duration = Duration::from_secs(1);

/// What the watcher reports.
pub(super) enum Batch {
    /// Inputs changed (paths as reported, sorted, without duplicates).
    Changed(Vec<PathBuf>),
    /// A folder could not be watched; changes in it go unnoticed until it is re-created.
    Unwatched(PathBuf, String),
}

/// Starts watching `root` on a thread of its own, which calls `on_batch` for every
/// settled batch of changes (and runs the rebuild there, so batches never overlap).
pub(super) fn spawn(
    root: &Path,
    mut on_batch: impl FnMut(Batch) + Send + 'static,
) -> Result<(), ServeError> {
    let root = root.canonicalize().map_err(|e| ServeError::Watch(root.into(), e.to_string()))?;
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| ServeError::Watch(root.clone(), e.to_string()))?;
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| ServeError::Watch(root.clone(), e.to_string()))?;
    let mut inputs = Inputs { root, watcher };
    for dir in INPUT_DIRS {
        if let Err((path, e)) = inputs.arm(dir) {
            return Err(ServeError::Watch(path, e));
        }
    }
    std::thread::Builder::new().name("casebook-watch".into()).spawn(move || {
        while let Some(batch) = inputs.next_batch(&rx, &mut on_batch) {
            on_batch(Batch::Changed(batch));
        }
    })?;
    Ok(())
}

/// The watcher and the (canonical) root it watches.
struct Inputs {
    root: PathBuf,
    watcher: notify::RecommendedWatcher,
}

impl Inputs {
    /// Waits for relevant changes and returns them once they have settled; `None` when the
    /// watcher is gone.
    fn next_batch(
        &mut self,
        rx: &Receiver<notify::Result<notify::Event>>,
        on_batch: &mut impl FnMut(Batch),
    ) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        while changed.is_empty() {
            changed = self.accept(rx.recv().ok()?, on_batch);
        }
        let start = Instant::now();
        let mut quiet_from = start;
        // Only relevant changes extend the batch: a log written non-stop in the root does
        // not hold a rebuild back.
        loop {
            let wait = (quiet_from + DEBOUNCE).min(start + MAX_BATCH);
            let left = wait.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(event) => {
                    let more = self.accept(event, on_batch);
                    if !more.is_empty() {
                        changed.extend(more);
                        quiet_from = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        changed.sort();
        changed.dedup();
        Some(changed)
    }

    /// The relevant paths of one event, re-arming the watch of any input folder that the
    /// event created, removed or renamed.
    fn accept(
        &mut self,
        event: notify::Result<notify::Event>,
        on_batch: &mut impl FnMut(Batch),
    ) -> Vec<PathBuf> {
        let Ok(event) = event else { return Vec::new() };
        if !changes_content(&event.kind) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for path in event.paths {
            let Some(input) = classify(&self.root, &path) else { continue };
            if let Input::Folder(dir) = input
                && let Err((path, e)) = self.arm(dir)
            {
                on_batch(Batch::Unwatched(path, e));
            }
            out.push(path);
        }
        out
    }

    /// (Re-)watches the input folder `dir` when it exists: the watch of a folder renamed
    /// away follows it (and would report its changes under the old name), and the watch
    /// of a deleted one is gone.
    fn arm(&mut self, dir: &str) -> Result<(), (PathBuf, String)> {
        let path = self.root.join(dir);
        // Not watched (never, or already dropped by the OS) is fine.
        let _ = self.watcher.unwatch(&path);
        if !path.is_dir() {
            return Ok(());
        }
        self.watcher.watch(&path, RecursiveMode::Recursive).map_err(|e| (path, e.to_string()))
    }
}

/// Creations, modifications, removals and renames; not reads or metadata changes (the
/// build itself reads every file).
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Modify(notify::event::ModifyKind::Metadata(_)) => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// What a changed path is to the build.
#[derive(Debug, PartialEq)]
enum Input {
    /// `site.yaml` or a file (or folder) inside an input folder.
    File,
    /// An input folder itself, directly in the root.
    Folder(&'static str),
}

/// Whether `path` (as the watcher reports it, possibly with `.` components) is an input:
/// `site.yaml`, an input folder, or anything inside one that is neither hidden nor an
/// editor's scratch file.
fn classify(root: &Path, path: &Path) -> Option<Input> {
    let normal: PathBuf = path.components().filter(|c| *c != Component::CurDir).collect();
    let rel = normal.strip_prefix(root).ok()?;
    let mut names = rel.components().map(|c| c.as_os_str().to_str());
    let first = names.next()??;
    let rest: Vec<Option<&str>> = names.collect();
    if rest.is_empty() && first == CONFIG_FILE {
        return Some(Input::File);
    }
    let dir = INPUT_DIRS.into_iter().find(|d| *d == first)?;
    if rest.is_empty() {
        return Some(Input::Folder(dir));
    }
    // A name that is not UTF-8 is still an input (the build reports it).
    rest.iter().all(|name| name.is_none_or(|n| !is_ignored(n))).then_some(Input::File)
}

/// Hidden files and folders (the build skips them) and the scratch files of common editors:
/// `file~`, `#file#`, vim's `4913` probe, JetBrains' `___jb_tmp___`/`___jb_old___`.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inputs_are_relevant() {
        let root = Path::new("/site");
        let file = |p: &str| classify(root, Path::new(p));
        assert_eq!(file("/site/site.yaml"), Some(Input::File));
        assert_eq!(file("/site/./site.yaml"), Some(Input::File));
        assert_eq!(file("/site/content/cases/a.md"), Some(Input::File));
        assert_eq!(file("/site/./themes/x/templates/base.html"), Some(Input::File));
        assert_eq!(file("/site/static"), Some(Input::Folder("static")));
        assert_eq!(file("/site/content"), Some(Input::Folder("content")));
        for ignored in [
            "/site/serve.log",
            "/site/./serve.log",
            "/site/public/index.html",
            "/site/Cargo.toml",
            "/site/content.bak/cases/a.md",
            "/site/.git/index",
            "/site/content/cases/.a.md.swp",
            "/site/content/.hidden/a.md",
            "/site/content/cases/a.md~",
            "/site/content/cases/#a.md#",
            "/site/content/cases/4913",
            "/site/content/cases/a.md___jb_tmp___",
            "/elsewhere/content/a.md",
        ] {
            assert_eq!(file(ignored), None, "{ignored}");
        }
    }
}
