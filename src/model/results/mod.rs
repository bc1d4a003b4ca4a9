//! Assessment results as records, the one list every page, statistic, feed and matrix
//! cell counts from; plus the two data files that add to it: results without a write-up
//! (`content/_data/results.yaml`) and totals that articles report
//! (`content/_data/reported.yaml`).
//!
//! **The results model.** Every result is a [`ResultRecord`]: an institution, an optional
//! project, a module or a whole part, an optional level, how it is dated ([`Dating`]:
//! announced on a day, or known to have happened by a day), how many results it stands
//! for (`count`), where the fact comes from ([`Source`]) and a note. Each case study
//! produces one record ([`Origin::Case`]); each entry of `results.yaml` adds one
//! ([`Origin::File`]). [`collect`] merges them into the list stored in
//! [`crate::model::Site::results`], in [`ResultRecord::listing_order`]. Nothing else
//! counts results: a number on a page is a sum of `count` over records of this list.
//!
//! Both data files are lists of entries validated like case studies: unknown keys, wrong
//! types, bad dates and levels, and institutions or modules that do not resolve are
//! reported at the line of the offending key, with the same suggestions. Pure: text in,
//! records and diagnostics out. That parsing is in `parse`; this module holds the model.

use std::cmp::Ordering;

use crate::diagnostic::Code;
use crate::model::registry::InstitutionType;
use crate::model::{CaseStudy, Date, Level};

mod parse;

pub use parse::{looks_like_slug, parse_article, parse_reported, parse_results};

/// Path of the results registry, relative to the site root.
pub const RESULTS_FILE: &str = "content/_data/results.yaml";
/// Path of the reported totals, relative to the site root.
pub const REPORTED_FILE: &str = "content/_data/reported.yaml";

/// How a result is dated: what the source article supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dating {
    /// The result was announced on this day (`announced:`; a case study's `date:`).
    Announced(Date),
    /// An article says the result had happened by this day, without saying when
    /// (`known_by:`). It is never counted as announced on that day.
    KnownBy(Date),
}

impl Dating {
    /// The day: of the announcement, or by which the result is known.
    pub fn date(self) -> Date {
        match self {
            Dating::Announced(d) | Dating::KnownBy(d) => d,
        }
    }

    /// True for an announcement date.
    pub fn is_announced(self) -> bool {
        matches!(self, Dating::Announced(_))
    }

    /// The key in `results.yaml`: `announced` or `known_by`.
    pub fn kind(self) -> &'static str {
        match self {
            Dating::Announced(_) => "announced",
            Dating::KnownBy(_) => "known_by",
        }
    }

    /// Short text for tables: `2021-12-24`, or `by 2021-12-24`.
    pub fn label(self) -> String {
        match self {
            Dating::Announced(d) => d.to_string(),
            Dating::KnownBy(d) => format!("by {d}"),
        }
    }
}

/// An article a case study or result is taken from (`source:` as a map).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Title of the article (required).
    pub title: String,
    /// Who published it (`Efficient Ops`).
    pub publisher: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Where it can be read; `http://` or `https://` only.
    pub url: Option<String>,
}

/// Where a result comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A case study of this site, by slug (it may be a draft left out of the build).
    Case(String),
    /// An article.
    Article(Article),
}

/// Which input produced a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// The case study at this index of [`crate::model::Site::cases`] (its own result).
    Case(usize),
    /// The entry of `results.yaml` that starts at this 1-based line.
    File {
        /// 1-based line of the entry.
        line: usize,
    },
}

/// One assessment result, or a group of identical results (`count`). See the module docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRecord {
    /// Index into the registry's banks.
    pub bank: usize,
    /// The assessed project, when known.
    pub project: Option<String>,
    /// The project's Chinese name (`project_zh:`), shown first on Chinese pages.
    pub project_zh: Option<String>,
    /// Index into the registry's units: a module, or a whole part.
    pub module: usize,
    /// Level passed, when the source gives it.
    pub level: Option<Level>,
    /// When: announced on a day, or known by a day.
    pub dating: Dating,
    /// How many results this record stands for ("six projects passed"); at least 1.
    pub count: u32,
    /// Where the fact comes from. For a case study's own record, the article the case
    /// study is written from (its `source:`), if given.
    pub source: Option<Source>,
    /// Anything a reader should know.
    pub note: Option<String>,
    /// The note in Chinese (`note_zh:`), shown instead on Chinese pages.
    pub note_zh: Option<String>,
    /// The case study or `results.yaml` entry this record comes from.
    pub origin: Origin,
}

impl ResultRecord {
    /// The record of case study `index`: announced on its date, counted once.
    pub fn from_case(index: usize, case: &CaseStudy) -> ResultRecord {
        ResultRecord {
            bank: case.bank,
            project: Some(case.project.clone()),
            project_zh: None,
            module: case.module,
            level: Some(case.level),
            dating: Dating::Announced(case.date),
            count: 1,
            source: case.article.clone().map(Source::Article),
            note: None,
            note_zh: None,
            origin: Origin::Case(index),
        }
    }

    /// Puts the Chinese project name and note first, for pages in Chinese; the English
    /// ones stay where no Chinese is given.
    pub fn lead_with_chinese(&mut self) {
        crate::model::lead_with_chinese_text(&mut self.project, &mut self.project_zh);
        crate::model::lead_with_chinese_text(&mut self.note, &mut self.note_zh);
    }

    /// The day of the record (announcement or known-by).
    pub fn date(&self) -> Date {
        self.dating.date()
    }

    /// The case study this record is, if any (index into `Site::cases`).
    pub fn case(&self) -> Option<usize> {
        match self.origin {
            Origin::Case(i) => Some(i),
            Origin::File { .. } => None,
        }
    }

    /// The order of every results table: newest first; on one day announced results
    /// before those only known by then; then institution, module, case studies (in
    /// their listing order) before `results.yaml` entries (in file order), project.
    pub fn listing_order(a: &ResultRecord, b: &ResultRecord) -> Ordering {
        b.date()
            .cmp(&a.date())
            .then_with(|| b.dating.is_announced().cmp(&a.dating.is_announced()))
            .then_with(|| a.bank.cmp(&b.bank))
            .then_with(|| a.module.cmp(&b.module))
            .then_with(|| a.origin.cmp(&b.origin))
            .then_with(|| a.project.cmp(&b.project))
    }
}

/// The one results list: a record per case study (`cases` in listing order) and the
/// records of `results.yaml`, sorted by [`ResultRecord::listing_order`].
pub fn collect(cases: &[CaseStudy], file: Vec<ResultRecord>) -> Vec<ResultRecord> {
    let mut all: Vec<ResultRecord> =
        cases.iter().enumerate().map(|(i, c)| ResultRecord::from_case(i, c)).collect();
    all.extend(file);
    all.sort_by(ResultRecord::listing_order);
    all
}

/// The sum of `count` over `records`: how many results they stand for.
pub fn total<'r>(records: impl IntoIterator<Item = &'r ResultRecord>) -> u32 {
    records.into_iter().map(|r| r.count).sum()
}

/// One problem of a `source:` map: the code, the message (naming the inner key) and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceProblem {
    /// Diagnostic code.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// Who a reported total is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// One institution (index into the registry's banks).
    Bank(usize),
    /// All institutions of a type.
    Type(InstitutionType),
}

/// What a reported total counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// Assessments against every part of the standard.
    All,
    /// Assessments of one part or module (index into the registry's units).
    Unit(usize),
}

/// A total an article reports as of a date ("as of 2024-04-25 ABC had completed 33").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// Institution or institution type.
    pub subject: Subject,
    /// What is counted.
    pub scope: Scope,
    /// The total.
    pub count: u32,
    /// The date the total is valid for.
    pub as_of: Date,
    /// Where it comes from: a case-study slug or free text.
    pub source: Option<String>,
    /// Anything a reader should know.
    pub note: Option<String>,
    /// 1-based line of the entry.
    pub line: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::registry::Registry;

    pub(super) const TODAY: Date = Date { year: 2026, month: 1, day: 1 };

    pub(super) fn registry() -> Registry {
        let banks = "- id: icbc\n  name: ICBC\n  type: state-owned\n";
        let modules = "- id: continuous-delivery\n  name: Continuous delivery\n- id: devsecops\n  name: DevSecOps\n";
        Registry::parse(Some(banks), Some(modules)).0
    }

    pub(super) fn line(r: &ResultRecord) -> usize {
        match r.origin {
            Origin::File { line } => line,
            Origin::Case(_) => 0,
        }
    }

    #[test]
    fn collect_puts_announced_before_known_by_and_newest_first() {
        let (file, _) = parse_results(
            "- bank: ICBC\n  module: devsecops\n  known_by: 2022-12-26\n- bank: ICBC\n  module: devsecops\n  announced: 2022-12-26\n- bank: ICBC\n  module: devsecops\n  announced: 2023-01-01\n  count: 2\n",
            &registry(),
            &[],
            TODAY,
        );
        let all = collect(&[], file);
        let labels: Vec<String> = all.iter().map(|r| r.dating.label()).collect();
        assert_eq!(labels, ["2023-01-01", "2022-12-26", "by 2022-12-26"]);
        assert_eq!(total(&all), 4);
    }
}
