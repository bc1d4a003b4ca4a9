//! The `casebook` binary: parses arguments, calls the library, prints the report and sets
//! the exit code (0 success, 1 content errors, 2 usage or I/O errors).

mod cli;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use casebook::diagnostic::report;
use casebook::{BuildError, BuildOptions, Diagnostic, content};
use clap::Parser;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use cli::{
    BuildArgs, CheckArgs, Cli, Command, FormatArg, NewArgs, ServeArgs, SiteArgs, StatsArgs,
    StatsFormat,
};

/// mimalloc instead of the system allocator: builds allocate many short-lived strings on
/// every thread, and glibc's malloc spent about 12% of a 10,000-case build in
/// malloc/free and heap consolidation.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Stats(args) => stats(args),
        Command::Serve(args) => serve(args),
        Command::New(args) => new_case(args),
    }
}

/// mimalloc's option that sets how long freed memory stays with the process.
const PURGE_DELAY_VAR: &str = "MIMALLOC_PURGE_DELAY";

/// Makes the dev server give memory it frees back to the system at once.
///
/// `casebook serve` runs for hours and rebuilds its whole search index after every edit.
/// mimalloc gives freed memory back only after a delay (1 s) and only when it next frees a
/// page, so an idle server kept what its last rebuild had freed: 630–640 MiB resident
/// after three edits at 10,000 cases, 562 MiB with `MIMALLOC_PURGE_DELAY=0`, and no slower
/// (bench/README.md, "serve"). mimalloc reads that variable when the process starts, and
/// sets the option otherwise only through its C API, which would be casebook's only
/// unsafe code. So the server starts itself again, same process id, arguments and
/// environment, with the variable set; a value the user set stands, and if the executable
/// cannot be started again the server runs as it is. (Unix only: it replaces the process.)
fn return_freed_memory_at_once() {
    #[cfg(unix)]
    if std::env::var_os(PURGE_DELAY_VAR).is_none() {
        use std::os::unix::process::CommandExt;
        if let Ok(exe) = std::env::current_exe() {
            // `exec` returns only when it failed.
            let _ = std::process::Command::new(exe)
                .args(std::env::args_os().skip(1))
                .env(PURGE_DELAY_VAR, "0")
                .exec();
        }
    }
}

fn options(site: SiteArgs) -> BuildOptions {
    BuildOptions { drafts: site.drafts, ..BuildOptions::new(site.root) }
}

fn build(args: BuildArgs) -> ExitCode {
    let timings = args.timings;
    let options = BuildOptions {
        output: args.output,
        base_url: args.base_url,
        force: args.force,
        ..options(args.site)
    };
    match casebook::build(&options) {
        Ok(report) => {
            print_human(&options, &report.warnings);
            println!(
                "built {} pages ({} case studies, {} files) into {} in {} ms",
                report.pages,
                report.cases,
                report.files,
                report.output.display(),
                report.elapsed.as_millis()
            );
            if timings {
                for (stage, t) in &report.timings {
                    eprintln!("  {:>8.1} ms  {stage}", t.as_secs_f64() * 1000.0);
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&options, e, "build failed", "; nothing was written"),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let options = options(args.site);
    let diags = match casebook::check(&options) {
        Ok(d) => d,
        Err(e) => return fail(&options, e, "check failed", ""),
    };
    match args.format {
        FormatArg::Human => {
            print_human(&options, &diags);
            if diags.is_empty() {
                println!("no problems found");
            }
        }
        FormatArg::Json => print!("{}", report::to_json(&diags)),
        FormatArg::Github => print!("{}", report::to_github(&diags)),
    }
    let errors = diags.iter().any(Diagnostic::is_error);
    let warnings = diags.iter().any(|d| !d.is_error());
    if errors || (args.deny_warnings && warnings) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn stats(args: StatsArgs) -> ExitCode {
    let options = options(args.site);
    let report = match casebook::statistics(&options) {
        Ok(r) => r,
        Err(e) => return fail(&options, e, "stats failed", ""),
    };
    print_human(&options, &report.warnings);
    let ids: Vec<&str> = report.tables.iter().map(|t| t.id.as_str()).collect();
    let wanted = match (&args.table, args.format) {
        (Some(id), _) => Some(id.as_str()),
        (None, StatsFormat::Csv) => Some("results-by-year"),
        (None, _) => None,
    };
    let tables: Vec<_> =
        report.tables.iter().filter(|t| wanted.is_none_or(|w| t.id.as_str() == w)).collect();
    if tables.is_empty() {
        eprintln!(
            "error: no table `{}`; tables are: {}",
            wanted.unwrap_or_default(),
            ids.join(", ")
        );
        return ExitCode::from(2);
    }
    let mut out = io::stdout().lock();
    let written = match args.format {
        StatsFormat::Json if args.table.is_none() => write!(out, "{}", report.json),
        StatsFormat::Json => {
            writeln!(out, "{}", serde_json::to_string_pretty(tables[0]).unwrap_or_default())
        }
        StatsFormat::Csv => write!(out, "{}", tables[0].to_csv()),
        StatsFormat::Table => tables.iter().try_for_each(|t| writeln!(out, "{}", t.to_text())),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    use casebook::serve::{ServeEvent, ServeOptions};
    return_freed_memory_at_once();
    let options = ServeOptions {
        build: options(args.site),
        bind: args.bind,
        port: args.port,
        allowed_hosts: args.allow_host,
        idle_timeout: Duration::from_secs_f64(args.idle_timeout),
    };
    let build = options.build.clone();
    let open = args.open;
    let result = casebook::serve::serve(options, move |event| match event {
        ServeEvent::Listening(addr) => {
            let url = format!("http://{addr}/");
            eprintln!("serving {} at {url} (Ctrl-C to stop)", build.root.display());
            if open {
                open_browser(&url);
            }
        }
        ServeEvent::Built { pages, rendered, elapsed, warnings } => {
            print_human(&build, &warnings);
            eprintln!("built {pages} pages ({rendered} rendered) in {} ms", elapsed.as_millis());
        }
        ServeEvent::Changed(paths) => {
            let names: Vec<String> =
                paths.iter().take(3).map(|p| p.display().to_string()).collect();
            eprintln!("changed: {}{}", names.join(", "), if paths.len() > 3 { " …" } else { "" });
        }
        ServeEvent::Failed { error, serving_last_good } => {
            let then = if serving_last_good {
                "still serving the last good build"
            } else {
                "serving the errors until they are fixed"
            };
            match error {
                BuildError::Content(diags) => {
                    print_human(&build, &diags);
                    eprintln!("error: the site has errors; {then}");
                }
                e => eprintln!("error: {e}; {then}"),
            }
        }
        ServeEvent::Unwatched(path, e) => {
            eprintln!("warning: cannot watch `{}` for changes: {e}", path.display());
        }
    });
    match result {
        Ok(()) => {
            eprintln!("stopped");
            ExitCode::SUCCESS
        }
        Err(casebook::serve::ServeError::Build(e)) => {
            fail(&BuildOptions::new("."), e, "build failed", "")
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn new_case(args: NewArgs) -> ExitCode {
    let lang = match args.lang.as_deref().map(|l| (l, casebook::model::Lang::parse(l))) {
        None => None,
        Some((_, Some(lang))) => Some(lang),
        Some((l, None)) => {
            eprintln!("error: unknown language `{l}` for --lang");
            eprintln!("  = help: the languages are en and zh");
            return ExitCode::from(2);
        }
    };
    let options = BuildOptions::new(&args.root);
    if let Some(file) = &args.translate {
        return match casebook::translate_case(&args.root, file, lang) {
            Ok(scaffold) => write_new(&args.root, &scaffold),
            Err(e) => fail(&options, e, "new failed", "; nothing was written"),
        };
    }
    let interactive = io::stdin().is_terminal();
    let mut missing = Vec::new();
    let mut ask = |value: Option<String>, flag: &'static str, prompt: &str| -> String {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            return v;
        }
        if interactive {
            eprint!("{prompt}: ");
            let mut line = String::new();
            if io::stdin().read_line(&mut line).is_ok() && !line.trim().is_empty() {
                return line.trim().to_string();
            }
        }
        missing.push(flag);
        String::new()
    };
    let input = casebook::scaffold::NewCase {
        bank: ask(args.bank, "--bank", "Institution (id, name or alias)"),
        project: ask(args.project, "--project", "Project"),
        module: ask(args.module, "--module", "Module (id, name or alias)"),
        level: ask(args.level, "--level", "Level (1-5, or e.g. 2+)"),
        date: ask(args.date, "--date", "Date announced (YYYY-MM-DD)"),
        title: args.title,
        lang: lang.unwrap_or_default(),
    };
    if !missing.is_empty() {
        eprintln!("error: missing {}", missing.join(", "));
        eprintln!(
            "  = help: give them as options, or run `casebook new` in a terminal to be asked"
        );
        return ExitCode::from(2);
    }
    let scaffold = match casebook::scaffold_case(&args.root, &input) {
        Ok(s) => s,
        Err(e) => return fail(&options, e, "new failed", "; nothing was written"),
    };
    write_new(&args.root, &scaffold)
}

/// Writes a new case-study file, never over an existing one.
fn write_new(root: &std::path::Path, scaffold: &casebook::scaffold::Scaffold) -> ExitCode {
    let path = root.join(&scaffold.path);
    if let Some(dir) = path.parent()
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return ExitCode::from(2);
    }
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path);
    match file.and_then(|mut f| f.write_all(scaffold.text.as_bytes())) {
        Ok(()) => {
            println!("created {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            eprintln!("error: {} already exists; not overwriting it", path.display());
            eprintln!("  = help: give a different --project or --title, or edit the existing file");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            ExitCode::from(2)
        }
    }
}

/// Opens `url` in the desktop's browser (`opener` knows each platform's way: `open`,
/// `xdg-open` and its fallbacks, the Windows shell, WSL); a failure is reported, not fatal.
fn open_browser(url: &str) {
    if let Err(e) = opener::open_browser(url) {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}

fn fail(options: &BuildOptions, e: BuildError, what: &str, suffix: &str) -> ExitCode {
    if let BuildError::Content(diags) = &e {
        print_human(options, diags);
        eprintln!("error: {what}: {e}{suffix}");
    } else {
        // Usage and I/O errors name paths and values as given: no terminal escapes.
        eprintln!("error: {}", report::printable(&e.to_string()));
        if let BuildError::Output(o) = &e
            && let Some(hint) = o.hint()
        {
            eprintln!("  = help: {}", report::printable(&hint));
        }
    }
    ExitCode::from(e.exit_code())
}

/// Prints diagnostics to stderr with source snippets; colour only on a terminal and never
/// when NO_COLOR is set (termcolor's `Auto` honours NO_COLOR and TERM=dumb).
fn print_human(options: &BuildOptions, diags: &[Diagnostic]) {
    if diags.is_empty() {
        return;
    }
    let sources = content::read_for_report(&options.root, diags);
    let choice = if io::stderr().is_terminal() { ColorChoice::Auto } else { ColorChoice::Never };
    let stream = StandardStream::stderr(choice);
    let mut out = stream.lock();
    if report::write_human(&mut out, diags, &sources).is_err() {
        for d in diags {
            let _ = writeln!(out, "{d}");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
