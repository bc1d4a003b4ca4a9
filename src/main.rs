//! The `casebook` binary: parses arguments, calls the library, prints the report and sets
//! the exit code (0 success, 1 content errors, 2 usage or I/O errors).

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

use casebook::{BuildError, BuildOptions, Diagnostic, diagnostic};
use clap::Parser;

use cli::{BuildArgs, Cli, Command};

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
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let options = BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        today: None,
    };
    match casebook::build(&options) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            println!(
                "built {} pages ({} case studies, {} files) into {} in {} ms",
                report.pages,
                report.cases,
                report.files,
                report.output.display(),
                report.elapsed.as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            if let BuildError::Content(diags) = &e {
                print_diagnostics(diags);
                eprintln!("error: build failed: {e}; nothing was written");
            } else {
                eprintln!("error: {e}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    if diags.is_empty() {
        return;
    }
    let stderr = io::stderr();
    let mut out = stderr.lock();
    for d in diags {
        let _ = writeln!(out, "{d}");
    }
    let _ = writeln!(out, "{}", diagnostic::summary(diags));
}

#[cfg(test)]
mod tests {
    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
