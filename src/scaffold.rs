//! `casebook new`: the text of a new case-study file, with front matter resolved against
//! the registry and an interview skeleton to fill in.
//!
//! Pure: names in, file name and text out (or diagnostics with the same suggestions as
//! `check`). The binary asks for missing values and writes the file, refusing to
//! overwrite.

use crate::diagnostic::{self, Code, Diagnostic};
use crate::model::registry::{BANKS_FILE, MODULES_FILE, Registry};
use crate::model::{Date, Lang, Level};
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
    /// The language the case study is written in: decides the skeleton's language and,
    /// for a language other than the site's default, the file name (`….zh.md`).
    pub lang: Lang,
}

/// The file to create: path relative to the site root, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    /// `content/cases/<date>-<slug>.md`.
    pub path: String,
    /// Front matter and interview skeleton.
    pub text: String,
}

/// Validates `input` against the registry and renders the new file, for a site whose
/// default language is `site_lang`. Every problem is returned, each naming the argument
/// (`--bank`, …) it is about.
pub fn render(
    registry: &Registry,
    input: &NewCase,
    site_lang: Lang,
) -> Result<Scaffold, Vec<Diagnostic>> {
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
    let zh = input.lang == Lang::Zh;
    let bank_zh = bank.name_zh.as_deref().unwrap_or(&bank.name);
    let unit_zh = unit.name_zh.as_deref().unwrap_or(&unit.name);
    let title = input.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| {
        if zh {
            format!("{bank_zh}{project}通过{unit_zh}{}评估", level_label_zh(level))
        } else {
            format!(
                "{}'s {project} passes {} at Level {level}",
                bank.short_name(),
                unit.name.to_lowercase()
            )
        }
    });
    // URLs stay ASCII whatever the language: the project's name joins the slug only as
    // far as it has Latin letters or digits (a Chinese name leaves the module's id).
    let project_slug = ascii_slug(project);
    let tail = if project_slug.is_empty() { slugify(&unit.id) } else { project_slug };
    let slug = format!("{date}-{}-{tail}", slugify(&bank.id));
    let summary = if zh {
        format!(
            "{bank_zh}{project}在{unit_zh}中达到{}（{}）。",
            level_label_zh(level),
            level.name_zh()
        )
    } else {
        format!(
            "{}'s {project} reached Level {level} ({}) in {}.",
            bank.name,
            level.name(),
            unit.name
        )
    };
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
        summary = yaml_string(&summary),
        body = if zh { SKELETON_ZH } else { SKELETON },
    );
    Ok(Scaffold { path: format!("content/cases/{slug}{}.md", suffix(input.lang, site_lang)), text })
}

/// The file-name suffix of `lang` on a site whose default language is `site_lang`:
/// nothing for the default language, `.zh` for Chinese otherwise.
fn suffix(lang: Lang, site_lang: Lang) -> String {
    if lang == site_lang { String::new() } else { format!(".{}", lang.code()) }
}

/// `text` reduced to a slug of ASCII letters, digits and hyphens (empty when it has none).
fn ascii_slug(text: &str) -> String {
    let ascii: String = text.chars().map(|c| if c.is_ascii() { c } else { ' ' }).collect();
    if ascii.chars().any(|c| c.is_ascii_alphanumeric()) {
        slugify(ascii.trim())
    } else {
        String::new()
    }
}

/// `二级` / `二级+`.
fn level_label_zh(level: Level) -> String {
    let n = ["一", "二", "三", "四", "五"][usize::from(level.number.clamp(1, 5) - 1)];
    format!("{n}级{}", if level.plus { "+" } else { "" })
}

/// Starts the translation of the case-study file at `path` (text `text`, its language
/// `from`) into `to`: the same front matter (the facts of the result must agree between the
/// versions), marked as a draft and with a note on what to translate, and the same body to
/// translate in place. The file goes beside the original, named for `to`.
pub fn translate(
    path: &str,
    text: &str,
    from: Lang,
    to: Lang,
    site_lang: Lang,
) -> Result<Scaffold, Vec<Diagnostic>> {
    let refuse = |code, message: String, hint: &str| {
        Err(vec![Diagnostic::error(code, path, message).with_hint(hint.to_string())])
    };
    if from == to {
        return refuse(
            Code::InvalidLanguage,
            format!("`{path}` is already the `{}` version", to.code()),
            "give --lang the language to translate into (en or zh)",
        );
    }
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return refuse(
            Code::MissingFrontMatter,
            format!("`{path}` has no front matter to copy"),
            "translate a case-study file that starts with `---`",
        );
    };
    let Some(end) = rest.find("\n---") else {
        return refuse(
            Code::UnclosedFrontMatter,
            format!("the front matter of `{path}` is never closed"),
            "close it with a line `---`, then translate it",
        );
    };
    let (front, body) = (&rest[..end], rest[end + 4..].trim_start_matches(['\r', '\n']));
    // Top-level `lang:` and `draft:` are set here; everything else is copied as written.
    let mut out = String::with_capacity(text.len() + 256);
    out.push_str("---\n");
    out.push_str(&format!(
        "# {} of {path}: translate title, project, summary, event and the text below;\n\
         # keep bank, module, level and date as they are (the versions must agree).\n",
        if to == Lang::Zh { "Chinese version" } else { "English version" }
    ));
    for line in front.lines() {
        let key = line.split(':').next().unwrap_or("");
        if key == "lang" || key == "draft" {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("draft: true  # remove when the translation is ready to publish\n---\n\n");
    out.push_str(body);
    let folder = path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let stem = crate::content::frontmatter::file_stem(path);
    let target = if folder.is_empty() { String::new() } else { format!("{folder}/") };
    Ok(Scaffold { path: format!("{target}{stem}{}.md", suffix(to, site_lang)), text: out })
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

const SKELETON_ZH: &str = "\
用一两段话介绍：机构是谁、参评的是哪个项目、评估结果如何。

## 评估结果

通过了哪个模块、哪一级别，由谁评估，何时何地公布。

## 访谈

### 请介绍一下您自己、您所在的机构和这个项目

### 通过评估有什么感受？

### 为什么参加这次评估？

### 评估带来了哪些收获？

### 这个项目有什么特点，面临哪些安全挑战？

### 准备过程中遇到了哪些困难，是如何解决的？

### 在文化、流程和技术上如何实践 DevSecOps？

- **文化：**
- **流程：**
- **技术：**

## 下一步
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
            lang: Lang::En,
        }
    }

    #[test]
    fn renders_valid_front_matter() {
        let s = render(&registry(), &input(), Lang::En).unwrap();
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

    #[test]
    fn a_chinese_case_gets_a_chinese_skeleton_and_an_ascii_file_name() {
        let mut i = input();
        i.lang = Lang::Zh;
        i.project = "个人网银".into();
        let s = render(&registry(), &i, Lang::En).unwrap();
        assert_eq!(s.path, "content/cases/2021-12-24-zhengzhou-bank-security-operation.zh.md");
        assert!(s.text.contains("## 访谈"), "{}", s.text);
        assert!(s.text.contains("通过Security operation二级+评估"), "{}", s.text);
        let (case, diags) = parse_case(&s);
        let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["no-domains"]);
        assert_eq!(case.unwrap().lang, Lang::Zh);
        // On a Chinese site the Chinese file is the default one, without a suffix; a Latin
        // project name still names the file.
        i.project = "E-banking 网银".into();
        let s = render(&registry(), &i, Lang::Zh).unwrap();
        assert_eq!(s.path, "content/cases/2021-12-24-zhengzhou-bank-e-banking.md");
    }

    #[test]
    fn a_translation_copies_the_front_matter_and_marks_a_draft() {
        let original = render(&registry(), &input(), Lang::En).unwrap();
        let published = original.text.replace(
            "draft: true  # remove when the case study is ready to publish\n",
            "lang: en\n",
        );
        let t = translate(&original.path, &published, Lang::En, Lang::Zh, Lang::En).unwrap();
        assert_eq!(t.path, "content/cases/2021-12-24-zhengzhou-bank-e-banking-core.zh.md");
        let fm = front_matter(&t.text);
        let base = front_matter(&published);
        for key in ["title", "bank", "project", "module", "level", "date", "summary"] {
            assert_eq!(fm.get(key), base.get(key), "{key}");
        }
        assert_eq!(fm.get("lang"), None, "the file name gives the language");
        assert_eq!(fm.get("draft").and_then(|v| v.as_bool()), Some(true));
        assert!(t.text.ends_with(SKELETON), "the text to translate follows");
        let (case, _) = crate::content::frontmatter::parse(
            &t.path,
            &t.text,
            &registry(),
            Lang::En,
            Date { year: 2030, month: 1, day: 1 },
        );
        assert_eq!(case.expect("a valid case").lang, Lang::Zh);
        // Back to English from a Chinese-only file: the default language has no suffix.
        let back =
            translate("content/cases/x.zh.md", &t.text, Lang::Zh, Lang::En, Lang::En).unwrap();
        assert_eq!(back.path, "content/cases/x.md");
        let same = translate("content/cases/x.zh.md", &t.text, Lang::Zh, Lang::Zh, Lang::En);
        assert_eq!(same.unwrap_err()[0].code, Code::InvalidLanguage);
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
        let baseline = front_matter(&render(&registry(), &input(), Lang::En).unwrap().text);
        for value in hostile {
            let mut i = input();
            i.title = Some(value.into());
            i.project = format!("Core {value}");
            let s =
                render(&registry(), &i, Lang::En).unwrap_or_else(|e| panic!("{value:?}: {e:?}"));
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
        let errs = render(&registry(), &i, Lang::En).unwrap_err();
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
        let errs = render(&registry(), &i, Lang::En).unwrap_err();
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
