//! `casebook new`: the text of a new case-study file, with front matter resolved against
//! the registry and an interview skeleton to fill in.
//!
//! Pure: names in, file name and text out (or diagnostics with the same suggestions as
//! `check`). The binary asks for missing values and writes the file, refusing to
//! overwrite.

use crate::diagnostic::{self, Diagnostic};
use crate::model::{Date, Level};
use crate::registry::{BANKS_FILE, MODULES_FILE, Registry};
use crate::slug::slugify;

/// What the editor gave.
#[derive(Debug, Clone, Default)]
pub struct NewCase {
    /// Institution: id, name or alias.
    pub bank: String,
    /// Project name.
    pub project: String,
    /// Module or part: id, name or alias.
    pub module: String,
    /// Level (`2`, `2+`).
    pub level: String,
    /// Announcement date, `YYYY-MM-DD`.
    pub date: String,
    /// Headline; a default is made from the other fields when empty.
    pub title: Option<String>,
}

/// The file to create: path relative to the site root, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    /// `content/cases/<date>-<slug>.md`.
    pub path: String,
    /// Front matter and interview skeleton.
    pub text: String,
}

/// Validates `input` against the registry and renders the new file. Every problem is
/// returned, each naming the argument (`--bank`, …) it is about.
pub fn render(registry: &Registry, input: &NewCase) -> Result<Scaffold, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let arg_error = |code, arg: &str, message: String, hint: Option<String>| {
        let d = Diagnostic::error(code, arg, message);
        match hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    };
    let bank = registry.resolve_bank(&input.bank).map_err(|e| {
        let s: Vec<&str> = e.suggestions.iter().map(String::as_str).collect();
        errors.push(arg_error(
            "unknown-institution",
            "--bank",
            format!("unknown institution `{}`", input.bank),
            Some(
                diagnostic::did_you_mean(&s)
                    .unwrap_or_else(|| format!("add it to `{BANKS_FILE}` first")),
            ),
        ));
    });
    let module = registry.resolve_unit(&input.module).map_err(|e| {
        let s: Vec<&str> = e.suggestions.iter().map(String::as_str).collect();
        errors.push(arg_error(
            "unknown-module",
            "--module",
            format!("unknown module `{}`", input.module),
            Some(
                diagnostic::did_you_mean(&s)
                    .unwrap_or_else(|| format!("add it to `{MODULES_FILE}` first")),
            ),
        ));
    });
    let level = Level::parse(&input.level).ok_or_else(|| {
        errors.push(arg_error(
            "invalid-level",
            "--level",
            format!("`{}` is not a maturity level", input.level),
            Some("levels are 1 to 5, optionally with a plus grade such as 2+".into()),
        ));
    });
    let date = Date::parse(&input.date).map_err(|m| {
        errors.push(arg_error(
            "invalid-date",
            "--date",
            m,
            Some("write the date as YYYY-MM-DD".into()),
        ));
    });
    if input.project.trim().is_empty() {
        errors.push(arg_error(
            "empty-field",
            "--project",
            "the project name is empty".into(),
            None,
        ));
    }
    let (Ok(bank), Ok(module), Ok(level), Ok(date)) = (bank, module, level, date) else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let bank = &registry.banks[bank];
    let unit = &registry.units[module];
    let project = input.project.trim();
    let title = input.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| {
        format!(
            "{}'s {project} passes {} at Level {level}",
            bank.short_name(),
            unit.name.to_lowercase()
        )
    });
    let slug = format!("{date}-{}-{}", slugify(&bank.id), slugify(project));
    let text = format!(
        "---\ntitle: {title}\nbank: {bank}\nproject: {project}\nmodule: {module}\nlevel: \"{level}\"\ndate: {date}\n\
         domains: []  # capability domains the interview covers, e.g. [Security toolchain, Security testing]\n\
         summary: {summary}\nevent:  # where the result was announced\n\
         interviewees: []  # e.g. [{{name: Jiang Tao, role: Chief Information Officer}}]\n\
         tags: []\ndraft: true  # remove when the case study is ready to publish\n---\n\n{body}",
        title = yaml_string(&title),
        bank = yaml_string(&bank.id),
        project = yaml_string(project),
        module = yaml_string(&unit.id),
        summary = yaml_string(&format!(
            "{}'s {project} reached Level {level} ({}) in {}.",
            bank.name,
            level.name(),
            unit.name
        )),
        body = SKELETON,
    );
    Ok(Scaffold { path: format!("content/cases/{slug}.md"), text })
}

/// A YAML scalar for `s`: plain when safe, double-quoted otherwise.
fn yaml_string(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with([':', ' '])
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "~"
        )
        && s.parse::<f64>().is_err();
    if plain { s.to_string() } else { serde_json::to_string(s).unwrap_or_default() }
}

const SKELETON: &str = "\
One or two paragraphs: who the institution is, which project was assessed, and the result.

## The result

Which module and level, who assessed it, and when and where the result was announced.

## The interview

### Please introduce yourself, your organisation and the project

### How does it feel to pass the assessment?

### Why did you take part?

### What has the assessment brought?

### What makes the project special, and what are its security challenges?

### What was hard in the preparation, and how did you solve it?

### How do you practise DevSecOps in culture, process and technology?

- **Culture:**
- **Process:**
- **Technology:**

## What comes next
";

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        let banks = "- id: zhengzhou-bank\n  name: Bank of Zhengzhou\n  short: Zhengzhou Bank\n  type: city-commercial\n";
        let modules = "- id: devsecops\n  name: Security and risk management\n  modules:\n    - id: security-operation\n      name: Security operation\n";
        Registry::parse(Some(banks), Some(modules)).0
    }

    fn input() -> NewCase {
        NewCase {
            bank: "Zhengzhou Bank".into(),
            project: "E-banking: core".into(),
            module: "security operation".into(),
            level: "2+".into(),
            date: "2021-12-24".into(),
            title: None,
        }
    }

    #[test]
    fn renders_valid_front_matter() {
        let s = render(&registry(), &input()).unwrap();
        assert_eq!(s.path, "content/cases/2021-12-24-zhengzhou-bank-e-banking-core.md");
        assert!(s.text.contains("bank: zhengzhou-bank\n"), "{}", s.text);
        assert!(s.text.contains("project: \"E-banking: core\"\n"), "{}", s.text);
        assert!(s.text.contains("module: security-operation\n"));
        assert!(s.text.contains("level: \"2+\"\n"));
        // The generated file is a valid draft; its empty domains are the one warning.
        let (case, diags) = crate::frontmatter::parse(
            &s.path,
            &s.text,
            &registry(),
            crate::model::Lang::En,
            Date { year: 2030, month: 1, day: 1 },
        );
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["no-domains"]);
        assert!(case.unwrap().draft);
    }

    #[test]
    fn unknown_names_get_suggestions() {
        let mut i = input();
        i.bank = "Zhengzou Bank".into();
        i.module = "security operations".into();
        i.level = "7".into();
        let errs = render(&registry(), &i).unwrap_err();
        let got: Vec<(&str, &str)> = errs.iter().map(|d| (d.code, d.path.as_str())).collect();
        assert_eq!(
            got,
            [
                ("unknown-institution", "--bank"),
                ("unknown-module", "--module"),
                ("invalid-level", "--level")
            ]
        );
        assert_eq!(errs[0].hint.as_deref(), Some("did you mean `Zhengzhou Bank`?"));
        assert_eq!(errs[1].hint.as_deref(), Some("did you mean `Security operation`?"));
    }
}
