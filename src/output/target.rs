//! Where a build may write: the output directory resolved ([`resolve`]) and checked
//! against the site ([`check_target`]): the ownership marker and what it says, and the
//! refusals (the site root, its sources, foreign folders without `force`). It does not
//! write files; [`super::staging`] does.

use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use super::{MARKER, MARKER_LIMIT, OutputError, SOURCE_DIRS, Shown, io_err};

/// An output directory the site may write, resolved.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(super) shown: Shown,
    /// The resolved output directory.
    pub(super) out: PathBuf,
    /// Its parent, where staging directories go.
    pub(super) parent: PathBuf,
    /// Its file name.
    pub(super) name: String,
    /// The marker text this site writes into it.
    pub(super) marker: String,
    pub(super) force: bool,
}

impl Target {
    /// The text of this site's marker for this output directory.
    #[cfg(test)]
    pub(crate) fn marker(&self) -> &str {
        &self.marker
    }

    /// The checks on what the output directory holds (repeated just before the swap).
    pub(super) fn check_contents(&self) -> Result<(), OutputError> {
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
pub(crate) fn check_target(
    out_dir: &Path,
    root: &Path,
    force: bool,
) -> Result<Target, OutputError> {
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
pub(super) fn marker_text(out: &Path, root: &Path) -> String {
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
pub(super) fn same_site(found: &str, ours: &str) -> bool {
    let site = |text: &str| text.lines().find(|l| l.starts_with("site: ")).map(str::to_string);
    found.starts_with("casebook build output") && site(found).is_some() && site(found) == site(ours)
}

/// The marker file of `dir`, if it is a small regular file (never a symlink, FIFO or
/// device: those are nobody's marker).
pub(super) fn read_marker(dir: &Path) -> Option<String> {
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
pub(crate) fn resolve(p: &Path) -> Result<PathBuf, OutputError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tests::site;

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
}
