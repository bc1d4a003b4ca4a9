//! `casebook new`: the text of a new case-study file, with front matter resolved against
//! the registry and an interview skeleton to fill in.
//!
//! Pure: names in, file name and text out (or diagnostics with the same suggestions as
//! `check`). The binary asks for missing values and writes the file, refusing to
//! overwrite.

use crate::diagnostic::{self, Code, Diagnostic};
use crate::model::registry::{BANKS_FILE, MODULES_FILE, Registry};
use crate::model::{Date, Level};
use crate::validate::slug::slugify;

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
    let mut errors = control_characters(input);
    if !errors.is_empty() {
        return Err(errors);
    }
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
            Code::UnknownInstitution,
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
            Code::UnknownModule,
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
            Code::InvalidLevel,
            "--level",
            format!("`{}` is not a maturity level", input.level),
            Some("levels are 1 to 5, optionally with a plus grade such as 2+".into()),
        ));
    });
    let date = Date::parse(&input.date).map_err(|m| {
        errors.push(arg_error(
            Code::InvalidDate,
            "--date",
            m,
            Some("write the date as YYYY-MM-DD".into()),
        ));
    });
    if input.project.trim().is_empty() {
        errors.push(arg_error(
            Code::EmptyField,
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
        "---\ntitle: {title}\nbank: {bank}\nproject: {project}\nmodule: {module}\nlevel: {level}\ndate: {date}\n\
         domains: []  # capability domains the interview covers, e.g. [Security toolchain, Security testing]\n\
         summary: {summary}\nevent:  # where the result was announced\n\
         interviewees: []  # e.g. [{{name: Jiang Tao, role: Chief Information Officer}}]\n\
         tags: []\ndraft: true  # remove when the case study is ready to publish\n---\n\n{body}",
        title = yaml_string(&title),
        bank = yaml_string(&bank.id),
        project = yaml_string(project),
        module = yaml_string(&unit.id),
        level = yaml_string(&level.to_string()),
        date = yaml_string(&date.to_string()),
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

/// Characters refused in every value: control characters (a newline would start a new
/// front-matter key, a line `---` would end the front matter) and the Unicode line and
/// paragraph separators, which YAML also reads as line breaks.
fn is_refused(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// One error per value that holds a refused character, naming the option and the
/// character.
fn control_characters(input: &NewCase) -> Vec<Diagnostic> {
    let fields = [
        ("--bank", input.bank.as_str()),
        ("--project", &input.project),
        ("--module", &input.module),
        ("--level", &input.level),
        ("--date", &input.date),
        ("--title", input.title.as_deref().unwrap_or("")),
    ];
    fields
        .into_iter()
        .filter_map(|(arg, value)| {
            let c = value.chars().find(|&c| is_refused(c))?;
            let message = format!(
                "the value contains the control character U+{:04X}{}",
                u32::from(c),
                match c {
                    '\n' | '\r' => " (a line break)",
                    '\t' => " (a tab)",
                    '\u{1b}' => " (escape)",
                    _ => "",
                }
            );
            Some(
                Diagnostic::error(Code::ControlCharacter, arg, message)
                    .with_hint("give the value on one line, without tabs or terminal escapes"),
            )
        })
        .collect()
}

/// A YAML double-quoted scalar for `s`, whatever it holds: `"` and `\` are escaped, and so
/// is every character YAML or a terminal could read as a line break or control (as
/// `\uXXXX`), so the value can never end the scalar, the line or the front matter.
/// (Values reaching here have no control characters; this is the second line of defence.)
fn yaml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_refused(c) || c == '\u{feff}' || c == '\u{85}' => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
        assert!(s.text.contains("bank: \"zhengzhou-bank\"\n"), "{}", s.text);
        assert!(s.text.contains("project: \"E-banking: core\"\n"), "{}", s.text);
        assert!(s.text.contains("module: \"security-operation\"\n"));
        assert!(s.text.contains("level: \"2+\"\n"));
        assert!(s.text.contains("date: \"2021-12-24\"\n"));
        // The generated file is a valid draft; its empty domains are the one warning.
        let (case, diags) = parse_case(&s);
        let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::NoDomains]);
        assert!(case.unwrap().draft);
    }

    /// `s` read back by casebook's front-matter parser.
    fn parse_case(s: &Scaffold) -> (Option<crate::model::CaseStudy>, Vec<Diagnostic>) {
        let today = Date { year: 2030, month: 1, day: 1 };
        crate::content::frontmatter::parse(
            &s.path,
            &s.text,
            &registry(),
            crate::model::Lang::En,
            today,
        )
    }

    /// The front matter of `text`, parsed back as YAML.
    fn front_matter(text: &str) -> serde_norway::Mapping {
        let rest = text.strip_prefix("---\n").expect("starts with ---");
        let end = rest.find("\n---\n").expect("the front matter is closed");
        serde_norway::from_str(&rest[..end]).expect("the front matter is valid YAML")
    }

    #[test]
    fn hostile_values_round_trip() {
        let hostile = [
            "---",
            "...",
            "x\" \\\" y \\n z",
            "key: value # not a comment",
            "- item",
            "&anchor *alias !!binary AA== !tag",
            "{a: 1} [b] 'c' %YAML @at `tick` |block >fold ?q",
            "true",
            "null",
            "~",
            "0x1F",
            "1e3",
            " leading and trailing ",
            "右到左 \u{202e}txt \u{feff}bom \u{a0}nbsp 🙂",
        ];
        let baseline = front_matter(&render(&registry(), &input()).unwrap().text);
        for value in hostile {
            let mut i = input();
            i.title = Some(value.into());
            i.project = format!("Core {value}");
            let s = render(&registry(), &i).unwrap_or_else(|e| panic!("{value:?}: {e:?}"));
            let fm = front_matter(&s.text);
            // Exactly the keys of an ordinary file, in the same order: nothing injected.
            let keys = |fm: &serde_norway::Mapping| fm.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(&fm), keys(&baseline), "{value:?}:\n{}", s.text);
            let get = |k: &str| fm.get(k).and_then(|v| v.as_str()).map(str::to_string);
            assert_eq!(get("title").as_deref(), Some(value), "{}", s.text);
            assert_eq!(
                get("project"),
                Some(format!("Core {value}").trim().to_string()),
                "{}",
                s.text
            );
            assert_eq!(get("level").as_deref(), Some("2+"));
            assert_eq!(get("date").as_deref(), Some("2021-12-24"));
            assert_eq!(fm.get("draft").and_then(|v| v.as_bool()), Some(true));
            // casebook's own front-matter parser reads the same values.
            let (case, _) = parse_case(&s);
            let case = case.unwrap_or_else(|| panic!("{value:?}: not a valid case:\n{}", s.text));
            assert_eq!(case.title, value.trim(), "{}", s.text);
        }
    }

    #[test]
    fn control_characters_are_refused() {
        let mut i = input();
        i.title = Some("Title\ndraft: false".into());
        i.project = "Core\u{1b}[2J".into();
        i.bank = "Zhengzhou\tBank".into();
        i.date = "2021-12-24\r".into();
        i.module = "security\u{2028}operation".into();
        let errs = render(&registry(), &i).unwrap_err();
        let got: Vec<(Code, &str, &str)> =
            errs.iter().map(|d| (d.code, d.path.as_str(), d.message.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    Code::ControlCharacter,
                    "--bank",
                    "the value contains the control character U+0009 (a tab)"
                ),
                (
                    Code::ControlCharacter,
                    "--project",
                    "the value contains the control character U+001B (escape)"
                ),
                (
                    Code::ControlCharacter,
                    "--module",
                    "the value contains the control character U+2028"
                ),
                (
                    Code::ControlCharacter,
                    "--date",
                    "the value contains the control character U+000D (a line break)"
                ),
                (
                    Code::ControlCharacter,
                    "--title",
                    "the value contains the control character U+000A (a line break)"
                ),
            ]
        );
    }

    #[test]
    fn yaml_strings_are_always_quoted_and_escaped() {
        assert_eq!(yaml_string("plain"), "\"plain\"");
        assert_eq!(yaml_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(yaml_string("a\nb\u{2028}\u{85}"), "\"a\\u000Ab\\u2028\\u0085\"");
        let back: String =
            serde_norway::from_str(&yaml_string("a\nb\u{2028}\u{85}\u{1b}")).unwrap();
        assert_eq!(back, "a\nb\u{2028}\u{85}\u{1b}");
    }

    #[test]
    fn unknown_names_get_suggestions() {
        let mut i = input();
        i.bank = "Zhengzou Bank".into();
        i.module = "security operations".into();
        i.level = "7".into();
        let errs = render(&registry(), &i).unwrap_err();
        let got: Vec<(Code, &str)> = errs.iter().map(|d| (d.code, d.path.as_str())).collect();
        assert_eq!(
            got,
            [
                (Code::UnknownInstitution, "--bank"),
                (Code::UnknownModule, "--module"),
                (Code::InvalidLevel, "--level")
            ]
        );
        assert_eq!(errs[0].hint.as_deref(), Some("did you mean `Zhengzhou Bank`?"));
        assert_eq!(errs[1].hint.as_deref(), Some("did you mean `Security operation`?"));
    }
}
