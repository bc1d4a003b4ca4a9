//! Participation statistics over time.
//!
//! Every case study is one assessment result; `results.yaml` adds results without a
//! write-up (possibly several at once, `count`). From these this stage computes, in one
//! pass plus sorting: results, distinct institutions, first-time and cumulative
//! institutions per year and per announcement date; breakdowns per year by part, by
//! institution type and by level; per-module level distributions; per-institution
//! summaries; domain frequencies; and the reported totals as time series.
//!
//! The numbers are exposed as [`Table`]s, one model that becomes an HTML table, a CSV
//! download, a terminal table and part of `stats.json`, so the four can never disagree.
//!
//! The parts: this file computes [`Stats`]; `table` names the tables ([`TableId`]) and
//! holds the machine-facing column names; `contents` fills each table; `json` writes `stats.json`; `page`
//! builds the statistics page's view (titles, intros and chart texts from the theme's
//! string catalogue); `charts` draws SVG. No text a reader sees is written here: it is in
//! the theme's `i18n/<lang>.yaml` under `stats.` and `chart.`.

pub(crate) mod charts;
mod contents;
mod json;
pub(crate) mod page;
mod table;

pub(crate) use contents::tables;
pub(crate) use json::json_key;
pub(crate) use json::to_json;
pub(crate) use table::Table;
#[cfg(test)]
pub(crate) use table::col;
pub(crate) use table::{csv_cell, text};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::model::registry::InstitutionType;
use crate::model::results::{Scope, Subject};
use crate::model::{Date, Level, Site};
use crate::validate::slug::slugify;

/// One result, from a case study or from `results.yaml`.
#[derive(Debug, Clone, Copy)]
struct Entry {
    bank: usize,
    unit: usize,
    part: usize,
    level: Option<Level>,
    date: Date,
    /// False for a result only known to have happened by `date`.
    announced: bool,
    count: u32,
}

/// Counts for one period (a year or an announcement date).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Period {
    /// Results dated in the period, announced or known by then (records with `count`
    /// count that many times).
    pub results: u32,
    /// Of these, results announced in the period.
    pub announced: u32,
    /// Of these, results only known to have happened by a day in the period.
    pub known_by: u32,
    /// Distinct institutions with a result in the period.
    pub institutions: u32,
    /// Institutions whose first result falls in the period.
    pub first_time: u32,
    /// Institutions with a result in this period or before.
    pub cumulative: u32,
}

/// Per-module totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ModuleRow {
    /// Index into the registry's units.
    pub unit: usize,
    /// Results in total.
    pub total: u32,
    /// Results per level, parallel to [`Stats::levels`].
    pub by_level: Vec<u32>,
    /// Results per year, parallel to [`Stats::years`].
    pub by_year: Vec<u32>,
}

/// Per-institution summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InstitutionRow {
    /// Index into the registry's banks.
    pub bank: usize,
    /// Results in total.
    pub results: u32,
    /// Case studies among them.
    pub cases: u32,
    /// Date of the first result.
    pub first: Date,
    /// Date of the latest result.
    pub latest: Date,
    /// Results per year, parallel to [`Stats::years`].
    pub by_year: Vec<u32>,
    /// Per module: unit index, highest level known, number of results.
    pub modules: Vec<(usize, Option<Level>, u32)>,
}

/// One reported total: as-of date, total, source.
pub(crate) type ReportedPoint = (Date, u32, Option<String>);

/// One reported-total series: a subject and scope with its totals over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReportedSeries {
    /// Institution or type.
    pub subject: Subject,
    /// What is counted.
    pub scope: Scope,
    /// (as-of date, total, source), oldest first.
    pub points: Vec<ReportedPoint>,
}

/// Everything the statistics page, the downloads and `casebook stats` show.
#[derive(Debug, Clone, Default)]
pub(crate) struct Stats {
    /// Results in total.
    pub results: u32,
    /// Results that have a case study.
    pub case_results: u32,
    /// Results from `results.yaml`.
    pub registry_results: u32,
    /// Results only known to have happened by a date (`known_by`), never counted as
    /// announced.
    pub known_by_results: u32,
    /// Institutions with at least one result.
    pub institutions: u32,
    /// Every year from the first to the last result, ascending.
    pub years: Vec<u16>,
    /// Counts per year, parallel to `years`.
    pub per_year: Vec<Period>,
    /// Announcement dates and their counts, ascending.
    pub batches: Vec<(Date, Period)>,
    /// Parts with results (unit indices), registry order.
    pub parts: Vec<usize>,
    /// Results per part per year: `[part][year]`.
    pub part_by_year: Vec<Vec<u32>>,
    /// Institution types with results, display order.
    pub types: Vec<InstitutionType>,
    /// Results per type per year: `[type][year]`.
    pub type_by_year: Vec<Vec<u32>>,
    /// Levels that occur, ascending; `None` (level not reported) last.
    pub levels: Vec<Option<Level>>,
    /// Results per level per year: `[level][year]`.
    pub level_by_year: Vec<Vec<u32>>,
    /// Modules and parts with results, registry order.
    pub modules: Vec<ModuleRow>,
    /// Institutions with results, by name.
    pub institution_rows: Vec<InstitutionRow>,
    /// Capability domains: (name, slug, case studies), most frequent first.
    pub domains: Vec<(String, String, u32)>,
    /// Reported totals, by subject and scope.
    pub reported: Vec<ReportedSeries>,
}

/// The statistics' view of [`Site::results`], oldest first.
fn entries(site: &Site) -> Vec<Entry> {
    let units = &site.registry.units;
    let mut all: Vec<Entry> = site
        .results()
        .iter()
        .map(|r| Entry {
            bank: r.bank,
            unit: r.module,
            part: units[r.module].part,
            level: r.level,
            date: r.date(),
            announced: r.dating.is_announced(),
            count: r.count,
        })
        .collect();
    all.sort_by_key(|e| (e.date, e.bank, e.unit));
    all
}

/// Computes all statistics of the site.
pub(crate) fn compute(site: &Site) -> Stats {
    let entries = entries(site);
    let mut s = Stats {
        results: crate::model::results::total(site.results()),
        case_results: site.results().iter().filter(|r| r.case().is_some()).count() as u32,
        known_by_results: crate::model::results::total(
            site.results().iter().filter(|r| !r.dating.is_announced()),
        ),
        ..Stats::default()
    };
    s.registry_results = s.results - s.case_results;
    let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
        s.domains = domains(site);
        s.reported = reported(site);
        return s;
    };
    s.years = (first.date.year..=last.date.year).collect();
    let year_index = |y: u16| usize::from(y - first.date.year);
    let first_date = first_dates(&entries);
    s.institutions = first_date.len() as u32;
    s.per_year = periods(
        &entries,
        &first_date,
        s.years.len(),
        |e| year_index(e.date.year),
        |d| year_index(d.year),
    );
    let dates: Vec<Date> =
        entries.iter().map(|e| e.date).collect::<BTreeSet<_>>().into_iter().collect();
    let date_index: HashMap<Date, usize> = dates.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let batch =
        periods(&entries, &first_date, dates.len(), |e| date_index[&e.date], |d| date_index[&d]);
    s.batches = dates.into_iter().zip(batch).collect();
    breakdowns(site, &entries, &mut s, year_index);
    s.modules = modules(site, &entries, &s, year_index);
    s.institution_rows = institutions(site, &entries, &s, year_index);
    s.domains = domains(site);
    s.reported = reported(site);
    s
}

/// Each institution's earliest evidence: the first day it is known to have a result,
/// announced or known by then (entries are oldest first).
fn first_dates(entries: &[Entry]) -> HashMap<usize, Date> {
    let mut first = HashMap::new();
    for e in entries {
        first.entry(e.bank).or_insert(e.date);
    }
    first
}

/// Counts per period; `period` maps an entry (and `period_of` a date) to a period index.
fn periods(
    entries: &[Entry],
    first: &HashMap<usize, Date>,
    n: usize,
    period: impl Fn(&Entry) -> usize,
    period_of: impl Fn(Date) -> usize,
) -> Vec<Period> {
    let mut out = vec![Period::default(); n];
    let mut seen: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    for e in entries {
        let p = period(e);
        out[p].results += e.count;
        if e.announced {
            out[p].announced += e.count;
        } else {
            out[p].known_by += e.count;
        }
        seen[p].insert(e.bank);
    }
    for d in first.values() {
        out[period_of(*d)].first_time += 1;
    }
    let mut cumulative = 0;
    for (p, banks) in out.iter_mut().zip(seen) {
        p.institutions = banks.len() as u32;
        cumulative += p.first_time;
        p.cumulative = cumulative;
    }
    out
}

fn breakdowns(site: &Site, entries: &[Entry], s: &mut Stats, year_index: impl Fn(u16) -> usize) {
    let reg = &site.registry;
    let ny = s.years.len();
    let used_parts: BTreeSet<usize> = entries.iter().map(|e| e.part).collect();
    s.parts = reg.parts.iter().copied().filter(|p| used_parts.contains(p)).collect();
    let used_types: BTreeSet<InstitutionType> =
        entries.iter().map(|e| reg.banks[e.bank].kind).collect();
    s.types = used_types.into_iter().collect();
    let mut levels: Vec<Option<Level>> =
        entries.iter().map(|e| e.level).collect::<BTreeSet<_>>().into_iter().collect();
    // `None` sorts first in a BTreeSet; "not reported" reads better last.
    if levels.first() == Some(&None) {
        levels.rotate_left(1);
    }
    s.levels = levels;
    s.part_by_year = vec![vec![0; ny]; s.parts.len()];
    s.type_by_year = vec![vec![0; ny]; s.types.len()];
    s.level_by_year = vec![vec![0; ny]; s.levels.len()];
    let part_pos: HashMap<usize, usize> =
        s.parts.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    for e in entries {
        let y = year_index(e.date.year);
        s.part_by_year[part_pos[&e.part]][y] += e.count;
        let t = s.types.iter().position(|t| *t == reg.banks[e.bank].kind).unwrap_or(0);
        s.type_by_year[t][y] += e.count;
        let l = s.levels.iter().position(|l| *l == e.level).unwrap_or(0);
        s.level_by_year[l][y] += e.count;
    }
}

fn modules(
    site: &Site,
    entries: &[Entry],
    s: &Stats,
    year_index: impl Fn(u16) -> usize,
) -> Vec<ModuleRow> {
    let mut rows: BTreeMap<usize, ModuleRow> = BTreeMap::new();
    for e in entries {
        let row = rows.entry(e.unit).or_insert_with(|| ModuleRow {
            unit: e.unit,
            total: 0,
            by_level: vec![0; s.levels.len()],
            by_year: vec![0; s.years.len()],
        });
        row.total += e.count;
        row.by_level[s.levels.iter().position(|l| *l == e.level).unwrap_or(0)] += e.count;
        row.by_year[year_index(e.date.year)] += e.count;
    }
    // Registry order: parts in order, each followed by its modules.
    let order: HashMap<usize, usize> = site
        .registry
        .parts
        .iter()
        .flat_map(|&p| std::iter::once(p).chain(site.registry.units[p].modules.iter().copied()))
        .enumerate()
        .map(|(i, u)| (u, i))
        .collect();
    let mut out: Vec<ModuleRow> = rows.into_values().collect();
    out.sort_by_key(|r| order.get(&r.unit).copied().unwrap_or(usize::MAX));
    out
}

fn institutions(
    site: &Site,
    entries: &[Entry],
    s: &Stats,
    year_index: impl Fn(u16) -> usize,
) -> Vec<InstitutionRow> {
    let mut rows: HashMap<usize, InstitutionRow> = HashMap::new();
    let mut mods: HashMap<(usize, usize), (Option<Level>, u32)> = HashMap::new();
    for e in entries {
        let row = rows.entry(e.bank).or_insert_with(|| InstitutionRow {
            bank: e.bank,
            results: 0,
            cases: 0,
            first: e.date,
            latest: e.date,
            by_year: vec![0; s.years.len()],
            modules: Vec::new(),
        });
        row.results += e.count;
        row.latest = row.latest.max(e.date);
        row.first = row.first.min(e.date);
        row.by_year[year_index(e.date.year)] += e.count;
        let m = mods.entry((e.bank, e.unit)).or_insert((None, 0));
        m.0 = m.0.max(e.level);
        m.1 += e.count;
    }
    for r in site.results().iter().filter(|r| r.case().is_some()) {
        if let Some(row) = rows.get_mut(&r.bank) {
            row.cases += 1;
        }
    }
    let mut mods: Vec<_> = mods.into_iter().collect();
    mods.sort_unstable_by_key(|((b, u), _)| (*b, *u));
    for ((bank, unit), (level, count)) in mods {
        if let Some(r) = rows.get_mut(&bank) {
            r.modules.push((unit, level, count));
        }
    }
    let banks = &site.registry.banks;
    let mut out: Vec<InstitutionRow> = rows.into_values().collect();
    out.sort_by(|a, b| banks[a.bank].name.to_lowercase().cmp(&banks[b.bank].name.to_lowercase()));
    out
}

/// Domain frequency across case studies (a domain counts once per case).
fn domains(site: &Site) -> Vec<(String, String, u32)> {
    let mut counts: BTreeMap<String, (String, u32)> = BTreeMap::new();
    for c in &site.cases {
        let mut seen = BTreeSet::new();
        for d in &c.domains {
            let slug = slugify(d);
            if seen.insert(slug.clone()) {
                counts.entry(slug).or_insert_with(|| (d.clone(), 0)).1 += 1;
            }
        }
    }
    let mut out: Vec<(String, String, u32)> =
        counts.into_iter().map(|(slug, (name, n))| (name, slug, n)).collect();
    out.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase())));
    out
}

fn reported(site: &Site) -> Vec<ReportedSeries> {
    let mut series: BTreeMap<(Subject, Scope), Vec<ReportedPoint>> = BTreeMap::new();
    for r in &site.reported {
        series.entry((r.subject, r.scope)).or_default().push((r.as_of, r.count, r.source.clone()));
    }
    series
        .into_iter()
        .map(|((subject, scope), mut points)| {
            points.sort_by_key(|p| p.0);
            ReportedSeries { subject, scope, points }
        })
        .collect()
}
