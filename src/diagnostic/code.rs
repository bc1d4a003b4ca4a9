//! The diagnostic codes: one [`Code`] per kind of problem casebook reports.
//!
//! A code is the stable, kebab-case name a report prints (`error[unknown-field]`, the
//! `code` field of the JSON report, `title=casebook unknown-field` in the GitHub format).
//! Scripts and CI filters match on these strings, and the README lists them as stable, so
//! a code is never renamed: a new kind of problem gets a new code. This module owns the
//! list and the strings; it does not decide severities or messages (the stages that find
//! the problems do).

use std::fmt;

/// Declares [`Code`] with its variants, their strings and [`Code::ALL`] from one list, so
/// the three cannot drift apart.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident => $text:literal,)+) => {
        /// The kind of a problem: what reports print in brackets after `error` or
        /// `warning`. See the module docs for why these never change.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The stable kebab-case name printed in reports (`unknown-field`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)+
                }
            }
        }
    };
}

codes! {
    /// `results.yaml`: an entry has `date:`, which could mean either kind of date.
    AmbiguousDate => "ambiguous-date",
    /// A link to a heading (`#anchor`) that the target page does not have.
    BrokenAnchor => "broken-anchor",
    /// A link to a case study, term page or static file that the site does not have.
    BrokenLink => "broken-link",
    /// A fenced code block over the size limit of one block.
    CodeBlockTooLarge => "code-block-too-large",
    /// `results.yaml`: an entry has both `announced:` and `known_by:`.
    ConflictingDates => "conflicting-dates",
    /// `casebook new`: an option holds a line break, tab or other control character.
    ControlCharacter => "control-character",
    /// Warning: without a domain vocabulary, a capability domain spelt almost like a more
    /// common one.
    DomainSpelling => "domain-spelling",
    /// Registry: a name or alias shared by two entries.
    DuplicateName => "duplicate-name",
    /// Two case studies with the same slug (compared case-folded).
    DuplicateSlug => "duplicate-slug",
    /// Two files that are the same case study in the same language (`name.md` with
    /// `lang: zh` beside `name.zh.md`).
    DuplicateTranslation => "duplicate-translation",
    /// Warning: a case study with no text below its front matter.
    EmptyBody => "empty-body",
    /// A required field (or `casebook new` option) that is present but empty.
    EmptyField => "empty-field",
    /// A case file with nothing in it.
    EmptyFile => "empty-file",
    /// Front matter with no keys between its `---` lines.
    EmptyFrontMatter => "empty-front-matter",
    /// A case file over `max_file_size_mb`.
    FileTooLarge => "file-too-large",
    /// Warning: a date after today.
    FutureDate => "future-date",
    /// Warning: an image without alt text.
    ImageWithoutAlt => "image-without-alt",
    /// `base_url` (or `--base-url`) that cannot be published safely.
    InvalidBaseUrl => "invalid-base-url",
    /// `results.yaml`: a `count` below 1.
    InvalidCount => "invalid-count",
    /// A date that is not a real calendar date in `YYYY-MM-DD` form.
    InvalidDate => "invalid-date",
    /// A registry or results entry that is not a set of `key: value` lines, or holds a
    /// value of the wrong shape.
    InvalidEntry => "invalid-entry",
    /// `source.title` or `source.publisher` that is empty or not text.
    InvalidField => "invalid-field",
    /// Front matter that is not a set of `key: value` lines.
    InvalidFrontMatter => "invalid-front-matter",
    /// Registry: an id that is not kebab-case (lowercase ASCII letters, digits, hyphens).
    InvalidId => "invalid-id",
    /// A front-matter key that is not a string.
    InvalidKey => "invalid-key",
    /// A `language` that casebook does not know.
    InvalidLanguage => "invalid-language",
    /// A maturity level that is not one of the levels of the standard.
    InvalidLevel => "invalid-level",
    /// `per_page` below 1.
    InvalidPerPage => "invalid-per-page",
    /// A slug that cannot be a folder name (too long, ending in `.`, a device name…).
    InvalidSlug => "invalid-slug",
    /// `source:` that is neither a case-study slug nor a map.
    InvalidSource => "invalid-source",
    /// A theme's string catalogue (`i18n/<lang>.yaml`) with a value that is not text.
    InvalidStrings => "invalid-strings",
    /// A `theme` that is not a plain folder name.
    InvalidTheme => "invalid-theme",
    /// A value of the wrong type (a list where text is expected, …).
    InvalidType => "invalid-type",
    /// `source.url` that is not an `http://` or `https://` address.
    InvalidUrl => "invalid-url",
    /// A file that is not valid UTF-8.
    InvalidUtf8 => "invalid-utf8",
    /// A required key that is missing.
    MissingField => "missing-field",
    /// A case file that does not start with `---`.
    MissingFrontMatter => "missing-front-matter",
    /// Warning: strings of the default language's catalogue that another language's
    /// catalogue lacks (pages in that language show the default language's text).
    MissingStrings => "missing-strings",
    /// A slug, tag, capability domain or registry id too long for a folder name.
    NameTooLong => "name-too-long",
    /// `modules.yaml`: a module with modules of its own (only parts hold modules).
    NestedModules => "nested-modules",
    /// No `content/` folder (or it is a file).
    NoContent => "no-content",
    /// Warning: a draft that lists no capability domains yet.
    NoDomains => "no-domains",
    /// A FIFO, socket, device or folder in place of an input file.
    NotARegularFile => "not-a-regular-file",
    /// `casebook new --translate`: the file to translate does not exist.
    NoSuchFile => "no-such-file",
    /// A slug the build uses for something else (`page`, `index.html`).
    ReservedSlug => "reserved-slug",
    /// A static file that would overwrite a generated page.
    StaticClash => "static-clash",
    /// A symbolic link that leads outside the site root (or nowhere).
    SymlinkOutsideRoot => "symlink-outside-root",
    /// A Markdown table over the cell limit of one table.
    TableTooLarge => "table-too-large",
    /// The context of a page could not be handed to the templates.
    TemplateContext => "template-context",
    /// A template failed while rendering a page.
    TemplateRender => "template-render",
    /// A template that does not parse.
    TemplateSyntax => "template-syntax",
    /// The versions of one case study in two languages disagree on the result
    /// (institution, module, level or date).
    TranslationMismatch => "translation-mismatch",
    /// Front matter whose closing `---` is missing.
    UnclosedFrontMatter => "unclosed-front-matter",
    /// A capability domain missing from `domains.yaml`.
    UnknownDomain => "unknown-domain",
    /// An unknown key (the closest known key is suggested).
    UnknownField => "unknown-field",
    /// An institution that is not in `banks.yaml`.
    UnknownInstitution => "unknown-institution",
    /// An institution type that casebook does not know.
    UnknownInstitutionType => "unknown-institution-type",
    /// A module or part that is not in `modules.yaml`.
    UnknownModule => "unknown-module",
    /// `source:` names no case study.
    UnknownSource => "unknown-source",
    /// Warning: a key in a site's string catalogue that the built-in catalogue does not
    /// have (usually a typo).
    UnknownString => "unknown-string",
    /// A `theme` with no folder in `themes/`.
    UnknownTheme => "unknown-theme",
    /// A file that could not be read.
    Unreadable => "unreadable",
    /// Warning: a link or image with a URL scheme outside the allow-list (removed).
    UnsafeLink => "unsafe-link",
    /// A static file whose path could leave the output folder (`..`, `\`, absolute).
    UnsafePath => "unsafe-path",
    /// YAML that does not parse.
    YamlSyntax => "yaml-syntax",
    /// YAML nested too deep or expanding too many aliases.
    YamlTooComplex => "yaml-too-complex",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes are a stable interface: this list changes only by adding a code.
    #[test]
    fn pins_the_list_of_codes() {
        let mut codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        codes.sort_unstable();
        assert_eq!(
            codes,
            [
                "ambiguous-date",
                "broken-anchor",
                "broken-link",
                "code-block-too-large",
                "conflicting-dates",
                "control-character",
                "domain-spelling",
                "duplicate-name",
                "duplicate-slug",
                "duplicate-translation",
                "empty-body",
                "empty-field",
                "empty-file",
                "empty-front-matter",
                "file-too-large",
                "future-date",
                "image-without-alt",
                "invalid-base-url",
                "invalid-count",
                "invalid-date",
                "invalid-entry",
                "invalid-field",
                "invalid-front-matter",
                "invalid-id",
                "invalid-key",
                "invalid-language",
                "invalid-level",
                "invalid-per-page",
                "invalid-slug",
                "invalid-source",
                "invalid-strings",
                "invalid-theme",
                "invalid-type",
                "invalid-url",
                "invalid-utf8",
                "missing-field",
                "missing-front-matter",
                "missing-strings",
                "name-too-long",
                "nested-modules",
                "no-content",
                "no-domains",
                "no-such-file",
                "not-a-regular-file",
                "reserved-slug",
                "static-clash",
                "symlink-outside-root",
                "table-too-large",
                "template-context",
                "template-render",
                "template-syntax",
                "translation-mismatch",
                "unclosed-front-matter",
                "unknown-domain",
                "unknown-field",
                "unknown-institution",
                "unknown-institution-type",
                "unknown-module",
                "unknown-source",
                "unknown-string",
                "unknown-theme",
                "unreadable",
                "unsafe-link",
                "unsafe-path",
                "yaml-syntax",
                "yaml-too-complex",
            ]
        );
    }

    #[test]
    fn every_code_is_documented_in_the_readme() {
        let readme = include_str!("../../README.md");
        let missing: Vec<&str> = Code::ALL
            .iter()
            .map(|c| c.as_str())
            .filter(|c| !readme.contains(&format!("| `{c}` |")))
            .collect();
        assert!(missing.is_empty(), "codes without a row in README.md: {missing:?}");
    }

    #[test]
    fn displays_and_serializes_as_the_kebab_case_name() {
        assert_eq!(Code::UnknownField.to_string(), "unknown-field");
        assert_eq!(
            serde_json::to_string(&Code::NotARegularFile).unwrap(),
            "\"not-a-regular-file\""
        );
    }
}
