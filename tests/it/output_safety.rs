//! Output safety (issue 13): what `casebook build` may replace, and atomic replacement.
//!
//! Each refusal runs the real binary on a copy of the `minimal` fixture and compares the
//! whole temporary directory (files, directories, symlinks) before and after: a refused
//! build changes nothing anywhere. The kill test SIGKILLs a build of a generated site at
//! many moments of its progress and checks that the output is always the complete old or
//! the complete new site, and that the next build leaves no staging directory behind.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::bad_input::{changes, tree};
use crate::support::{CliOutput, SiteTest, run_cli};

/// The help line of a refusal that `--force` overrides.
const FORCE_HELP: &str = "  = help: choose a new or empty folder, or add --force to delete what it holds and \
     build there (casebook marks its output with a `.casebook-output` file)";

/// The help line of a refusal that `--force` does not override.
const SOURCES_HELP: &str = "  = help: choose a folder outside the sources, such as `public` in the site root; \
     --force does not override this";

/// The temporary directory of `t`, resolved (error messages show resolved paths).
fn real(t: &SiteTest) -> PathBuf {
    fs::canonicalize(t.dir()).unwrap()
}

/// Runs `casebook build --root site ARGS` in the temporary directory and asserts that it
/// exits 2 with exactly `stderr`, and that nothing in the temporary directory changed.
#[track_caller]
fn assert_refused(t: &SiteTest, args: &[&str], stderr: &str) {
    let before = tree(t.dir());
    let mut all = vec!["build", "--root", "site"];
    all.extend_from_slice(args);
    let run = run_cli(t.dir(), &all);
    assert_eq!((run.code, run.stderr.as_str(), run.stdout.as_str()), (2, stderr, ""), "{args:?}");
    let changed = changes(&before, &tree(t.dir()));
    assert!(changed.is_empty(), "a refused build {args:?} changed files:\n{}", changed.join("\n"));
}

/// Runs `casebook build --root site ARGS` and asserts that it succeeds.
#[track_caller]
fn assert_builds(t: &SiteTest, args: &[&str]) -> CliOutput {
    let mut all = vec!["build", "--root", "site"];
    all.extend_from_slice(args);
    let run = run_cli(t.dir(), &all);
    assert_eq!(run.code, 0, "{args:?}: {run:?}");
    run
}

/// Writes `text` to `rel` under the temporary directory.
fn put(t: &SiteTest, rel: &str, text: &str) {
    let path = t.dir().join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn an_existing_folder_is_refused_without_force_and_replaced_with_it() {
    // `--output ~/existing-folder`: a folder casebook did not write, dotfiles included.
    let t = SiteTest::from_fixture("minimal");
    put(&t, "home/existing-folder/.bashrc", "alias x=y\n");
    put(&t, "home/existing-folder/notes.txt", "mine\n");
    put(&t, "home/existing-folder/photos/a.jpg", "jpg");
    // A symlink inside is deleted with --force, never followed.
    put(&t, "home/keep/precious.txt", "keep me\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink("../keep", t.dir().join("home/existing-folder/link")).unwrap();
    let count = if cfg!(unix) { 4 } else { 3 };
    let dir = real(&t).join("home/existing-folder");
    let arg = dir.to_str().unwrap();
    assert_refused(
        &t,
        &["--output", arg],
        &format!(
            "error: refusing to replace `{arg}`: it holds {count} files and casebook did not \
             write it (it has no `.casebook-output` marker)\n{FORCE_HELP}\n"
        ),
    );
    // With --force it is replaced, and nothing outside it changes.
    let outside = |t: &SiteTest| {
        let mut all = tree(t.dir());
        all.retain(|path, _| !path.starts_with("home/existing-folder/"));
        all
    };
    let before = outside(&t);
    assert_builds(&t, &["--output", arg, "--force"]);
    assert_eq!(changes(&before, &outside(&t)), Vec::<String>::new());
    assert!(dir.join("index.html").is_file() && dir.join(".casebook-output").is_file());
    assert!(!dir.join(".bashrc").exists() && !dir.join("photos").exists());
    // Now it is this site's output: rebuilt without --force.
    assert_builds(&t, &["--output", arg]);
}

#[test]
fn a_code_folder_inside_the_site_is_refused() {
    // `--output src` inside a site.
    let t = SiteTest::from_fixture("minimal");
    put(&t, "site/src/main.rs", "fn main() {}\n");
    put(&t, "site/src/lib.rs", "\n");
    let resolved = real(&t).join("site/src");
    assert_refused(
        &t,
        &["--output", "site/src"],
        &format!(
            "error: refusing to replace `site/src` (`{}`): it holds 2 files and casebook did not \
             write it (it has no `.casebook-output` marker)\n{FORCE_HELP}\n",
            resolved.display()
        ),
    );
}

#[test]
fn dot_dot_through_a_missing_folder_cannot_reach_content() {
    let t = SiteTest::from_fixture("minimal");
    let content = real(&t).join("site/content");
    for force in [&[][..], &["--force"]] {
        let mut args = vec!["--output", "site/nonexistent/../content"];
        args.extend_from_slice(force);
        assert_refused(
            &t,
            &args,
            &format!(
                "error: refusing to use `site/nonexistent/../content` (`{}`) as output: it is the \
                 site's `content/`, which the build reads\n{SOURCES_HELP}\n",
                content.display()
            ),
        );
    }
}

#[cfg(unix)]
#[test]
fn the_target_of_a_symlinked_content_folder_is_refused() {
    let t = SiteTest::from_fixture("minimal");
    let root = t.root();
    // Inside the root and outside it.
    for (target, link) in [("site/cases", "cases"), ("elsewhere/cases", "../elsewhere/cases")] {
        if root.join("content").is_dir() && !root.join("content").is_symlink() {
            fs::rename(root.join("content"), t.dir().join(target)).unwrap();
        } else {
            fs::remove_file(root.join("content")).unwrap();
            fs::create_dir_all(t.dir().join(target).parent().unwrap()).unwrap();
            fs::rename(t.dir().join("site/cases"), t.dir().join(target)).unwrap();
        }
        std::os::unix::fs::symlink(link, root.join("content")).unwrap();
        let resolved = real(&t).join(target);
        for out in [target.to_string(), format!("{target}/_data")] {
            let shown = resolved.join(out.strip_prefix(target).unwrap().trim_start_matches('/'));
            let shown = shown.to_str().unwrap().trim_end_matches('/').to_string();
            let verb = if out == target { "is" } else { "is inside" };
            assert_refused(
                &t,
                &["--output", &out, "--force"],
                &format!(
                    "error: refusing to use `{out}` (`{shown}`) as output: it {verb} the site's \
                     `content/`, which the build reads\n{SOURCES_HELP}\n"
                ),
            );
        }
    }
}

#[test]
fn the_root_its_ancestors_and_source_folders_are_refused_even_with_force() {
    let t = SiteTest::from_fixture("minimal");
    put(&t, "site/static/logo.svg", "<svg/>");
    let dir = real(&t);
    let holds_root = |given: &str, resolved: &Path| {
        format!(
            "error: refusing to use `{given}` (`{}`) as output: it contains the site's \
             sources\n{SOURCES_HELP}\n",
            resolved.display()
        )
    };
    assert_refused(&t, &["--output", "site", "--force"], &holds_root("site", &dir.join("site")));
    assert_refused(&t, &["--output", ".", "--force"], &holds_root(".", &dir));
    assert_refused(&t, &["--output", "site/..", "--force"], &holds_root("site/..", &dir));
    for (out, verb, what) in [
        ("site/static", "is", "static/"),
        ("site/static/out", "is inside", "static/"),
        ("site/themes/mine", "is inside", "themes/"),
        ("site/content/cases/new", "is inside", "content/"),
        ("site/site.yaml", "is", "site.yaml"),
    ] {
        assert_refused(
            &t,
            &["--output", out, "--force"],
            &format!(
                "error: refusing to use `{out}` (`{}`) as output: it {verb} the site's `{what}`, \
                 which the build reads\n{SOURCES_HELP}\n",
                dir.join(out).display()
            ),
        );
    }
}

#[test]
fn folders_holding_a_site_or_markdown_are_refused_even_with_force() {
    let t = SiteTest::from_fixture("minimal");
    put(&t, "other/site.yaml", "title: Other\n");
    put(&t, "other/assets/x.css", "");
    put(&t, "notes/2024/Plan.markdown", "# Plan\n");
    let dir = real(&t);
    for (out, found) in [("other", "site.yaml"), ("notes", "2024/Plan.markdown")] {
        assert_refused(
            &t,
            &["--output", out, "--force"],
            &format!(
                "error: refusing to use `{out}` (`{}`) as output: it holds `{found}`, a site's \
                 sources\n{SOURCES_HELP}\n",
                dir.join(out).display()
            ),
        );
    }
}

#[test]
fn another_sites_output_is_refused_without_force() {
    let t = SiteTest::from_fixture("minimal");
    let other = SiteTest::from_fixture("minimal");
    let shared = real(&t).join("shared");
    let arg = shared.to_str().unwrap();
    let run = run_cli(other.dir(), &["build", "--root", "site", "--output", arg]);
    assert_eq!(run.code, 0, "{run:?}");
    let files = crate::support::list_files(&shared).len();
    assert_refused(
        &t,
        &["--output", arg],
        &format!(
            "error: refusing to replace `{arg}`: it holds {files} files and its \
             `.casebook-output` marker names another site\n{FORCE_HELP}\n"
        ),
    );
    assert_builds(&t, &["--output", arg, "--force"]);
}

#[test]
fn a_file_is_not_an_output_folder() {
    let t = SiteTest::from_fixture("minimal");
    put(&t, "out.txt", "x");
    assert_refused(
        &t,
        &["--output", "out.txt"],
        "error: `out.txt` exists and is not a directory\n",
    );
}

#[test]
fn the_marker_is_written_and_the_default_output_rebuilds() {
    let t = SiteTest::from_fixture("minimal");
    let first = assert_builds(&t, &[]);
    let marker = fs::read_to_string(t.root().join("public/.casebook-output")).unwrap();
    assert!(marker.starts_with("casebook build output"), "{marker}");
    assert!(marker.contains(&format!("version: {}\n", env!("CARGO_PKG_VERSION"))), "{marker}");
    assert!(!marker.contains(t.dir().to_str().unwrap()), "the marker shows a local path");
    let second = assert_builds(&t, &[]);
    assert_eq!(first.stdout.split(" in ").next(), second.stdout.split(" in ").next());
    // Moving the site with its output keeps the output its own.
    let moved = t.dir().join("moved");
    fs::rename(t.root(), &moved).unwrap();
    let run = run_cli(t.dir(), &["build", "--root", "moved"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(fs::read_to_string(moved.join("public/.casebook-output")).unwrap(), marker);
}

// ---------------------------------------------------------------------------------------
// Killed builds.

/// Case studies of the generated site: enough for a build of a few seconds in a debug
/// build, so that kills land all through it.
const CASES: usize = 150;

/// Writes state `which` (0 or 1) of the generated site: case 0 only in state 0, case
/// `CASES` only in state 1, and every body says which state it is.
fn write_state(root: &Path, which: usize) {
    let cases = root.join("content/cases");
    for i in 0..=CASES {
        let path = cases.join(format!("c{i:04}.md"));
        let present = match i {
            0 => which == 0,
            i if i == CASES => which == 1,
            _ => true,
        };
        if !present {
            let _ = fs::remove_file(&path);
            continue;
        }
        let body: String = (0..6)
            .map(|j| {
                format!(
                    "## Part {j}\n\nState {which}, case {i}, part {j}: the team automated \
                     delivery, testing and security checks of release {}.\n\n",
                    i * 7 + j
                )
            })
            .collect();
        let text = format!(
            "---\ntitle: Result number {i}\nbank: {}\nproject: Project {i}\nmodule: {}\n\
             level: {}\ndate: {}-{:02}-{:02}\ndomains: [Security monitoring]\n---\n\n{body}",
            if i % 2 == 0 { "Alpha Bank" } else { "Omega Rural Bank" },
            if i % 3 == 0 { "security-delivery" } else { "security-operation" },
            1 + i % 5,
            2015 + i % 9,
            1 + i % 12,
            1 + i % 28
        );
        fs::write(path, text).unwrap();
    }
}

/// When to kill a build.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// This long after it started.
    After(Duration),
    /// Once its staging directory holds this many files.
    Staged(usize),
    /// Once the output shows the new site.
    Swapped,
}

/// Files (and symlinks) in the staging directories beside the output.
fn staged_files(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public.casebook-new-"))
        .map(|e| {
            walkdir::WalkDir::new(e.path())
                .into_iter()
                .flatten()
                .filter(|e| !e.file_type().is_dir())
                .count()
        })
        .sum()
}

/// Starts `casebook build` in `dir` and SIGKILLs it at `moment` (unless it ends first).
/// Returns whether it was killed.
fn build_and_kill(dir: &Path, moment: Moment, new_page: &Path) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["build", "--root", "site", "--output", "public"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        let now = match moment {
            Moment::After(d) => start.elapsed() >= d,
            Moment::Staged(n) => staged_files(dir) >= n,
            Moment::Swapped => new_page.exists(),
        };
        // A guard against a hung build, not a timing assertion.
        assert!(start.elapsed() < Duration::from_secs(300), "the build did not finish");
        if now {
            child.kill().unwrap();
            child.wait().unwrap();
            return true;
        }
        std::thread::sleep(Duration::from_micros(500));
    }
}

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

#[test]
fn a_killed_build_leaves_the_old_or_the_new_output_and_the_next_build_cleans_up() {
    let t = SiteTest::from_fixture("minimal");
    let (dir, root, out) = (t.dir().to_path_buf(), t.root(), t.dir().join("public"));
    let full_build = || {
        let run = run_cli(&dir, &["build", "--root", "site", "--output", "public"]);
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(names(&dir), ["public", "site"], "staging debris after a build");
        tree(&out)
    };
    // The two complete outputs, and a page only the other state has.
    write_state(&root, 0);
    let reference = [full_build(), {
        write_state(&root, 1);
        full_build()
    }];
    let only_in = |s: usize| -> PathBuf {
        let page = reference[s]
            .keys()
            .find(|k| k.ends_with(".html") && !reference[1 - s].contains_key(*k))
            .expect("the states differ by a page");
        out.join(page)
    };
    // Files (not directories) of the larger output: what a finished staging holds.
    let files = |s: usize| reference[s].values().filter(|v| *v != "directory").count();
    let total = files(0).max(files(1));
    let mut moments = vec![
        Moment::After(Duration::ZERO),
        Moment::After(Duration::from_millis(20)),
        Moment::After(Duration::from_millis(100)),
        Moment::Staged(1),
    ];
    moments
        .extend([5, 15, 30, 45, 60, 75, 85, 95, 99].map(|pct| Moment::Staged(total * pct / 100)));
    moments.extend([Moment::Staged(total), Moment::Swapped, Moment::Swapped]);
    let mut current = 1;
    let mut outcomes = Vec::new();
    for moment in moments {
        let next = 1 - current;
        write_state(&root, next);
        let sources = tree(&root);
        let killed = build_and_kill(&dir, moment, &only_in(next));
        let debris = names(&dir).len() - 2;
        let now = tree(&out);
        let outcome = if now == reference[current] {
            "old"
        } else if now == reference[next] {
            "new"
        } else {
            panic!(
                "killed at {moment:?}, the output is neither the old nor the new site:\n{}",
                changes(&reference[next], &now).join("\n")
            )
        };
        let how = if killed { format!(", {debris} staging left") } else { ", not killed".into() };
        outcomes.push(format!("{moment:?}: {outcome}{how}"));
        assert_eq!(changes(&sources, &tree(&root)), Vec::<String>::new(), "the sources changed");
        // The next build completes, replaces the output and removes every staging directory.
        assert!(full_build() == reference[next], "the build after a kill differs");
        current = next;
    }
    eprintln!("kill moments and what the output was:\n  {}", outcomes.join("\n  "));
}
