//! Terms: who passed what, grouped every way a reader browses.
//!
//! From the site model this stage builds the term lists (institutions, modules and parts,
//! levels, years, capability domains, institution types, tags), each term holding the
//! indices of its cases in listing order and of its result records (from the one list,
//! [`Site::results`]). The matrix is built in [`crate::site::results_page`]. Every grouping is one pass
//! over the cases and records plus a sort: linear or n·log n, never quadratic.

use std::collections::{BTreeMap, HashMap};

use crate::model::registry::InstitutionType;
use crate::model::{Level, Site};
use crate::validate::slug::slugify;

/// The ways cases are grouped; each has an index page and one page per term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    /// Institutions (banks and others).
    Institution,
    /// Parts and modules of YD/T 3763.
    Module,
    /// Maturity levels.
    Level,
    /// Years of announcement.
    Year,
    /// Capability domains.
    Domain,
    /// Institution types.
    Type,
    /// Free-form tags.
    Tag,
}

impl TermKind {
    /// Every kind, in navigation order.
    pub const ALL: [TermKind; 7] = [
        TermKind::Institution,
        TermKind::Module,
        TermKind::Level,
        TermKind::Year,
        TermKind::Domain,
        TermKind::Type,
        TermKind::Tag,
    ];

    /// The URL section (`institutions`).
    pub fn section(self) -> &'static str {
        match self {
            TermKind::Institution => "institutions",
            TermKind::Module => "modules",
            TermKind::Level => "levels",
            TermKind::Year => "years",
            TermKind::Domain => "domains",
            TermKind::Type => "types",
            TermKind::Tag => "tags",
        }
    }

    /// Singular label (`Institution`).
    pub fn singular(self) -> &'static str {
        match self {
            TermKind::Institution => "Institution",
            TermKind::Module => "Module",
            TermKind::Level => "Level",
            TermKind::Year => "Year",
            TermKind::Domain => "Capability domain",
            TermKind::Type => "Institution type",
            TermKind::Tag => "Tag",
        }
    }

    /// Plural label (`Institutions`).
    pub fn plural(self) -> &'static str {
        match self {
            TermKind::Institution => "Institutions",
            TermKind::Module => "Modules",
            TermKind::Level => "Levels",
            TermKind::Year => "Years",
            TermKind::Domain => "Capability domains",
            TermKind::Type => "Institution types",
            TermKind::Tag => "Tags",
        }
    }
}

/// What a term stands for, so views can show the right details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermRef {
    /// Index into the registry's banks.
    Bank(usize),
    /// Index into the registry's units.
    Unit(usize),
    /// A level.
    Level(Level),
    /// A year.
    Year(u16),
    /// An institution type.
    Type(InstitutionType),
    /// A domain or tag (free text).
    Text,
}

/// One term: its page URL segment, names and cases.
#[derive(Debug, Clone)]
pub struct Term {
    /// Which grouping this term belongs to.
    pub kind: TermKind,
    /// The thing the term stands for.
    pub what: TermRef,
    /// URL segment under the kind's section.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Chinese name, when known.
    pub name_zh: Option<String>,
    /// Indices into `Site::cases`, in listing order.
    pub cases: Vec<usize>,
    /// Indices into [`Site::results`] of the records filed under this term, in the
    /// list's order. A case study's own record is among them.
    pub results: Vec<usize>,
    /// How many results those records stand for (the sum of their `count`).
    pub result_count: u32,
}

impl Term {
    /// True when the term has neither a result nor a case study.
    pub fn is_empty(&self) -> bool {
        self.result_count == 0 && self.cases.is_empty()
    }
}

/// All term lists, and for each case the slugs of its domain and tag terms.
#[derive(Debug, Default)]
pub struct Taxonomies {
    /// Terms per kind, in each kind's display order.
    pub terms: BTreeMap<TermKind, Vec<Term>>,
}

impl Taxonomies {
    /// The terms of one kind.
    pub fn of(&self, kind: TermKind) -> &[Term] {
        self.terms.get(&kind).map_or(&[], Vec::as_slice)
    }
}

/// Builds every term list from the site.
pub fn build(site: &Site) -> Taxonomies {
    let mut t = Taxonomies::default();
    t.terms.insert(TermKind::Institution, institutions(site));
    t.terms.insert(TermKind::Module, modules(site));
    t.terms.insert(TermKind::Level, levels(site));
    t.terms.insert(TermKind::Year, years(site));
    let mut domains = free_text(site, TermKind::Domain, |c| &c.domains);
    for term in &mut domains {
        if let Some(d) = site.registry.domains.iter().find(|d| d.name == term.name) {
            term.name_zh = d.name_zh.clone();
        }
    }
    t.terms.insert(TermKind::Domain, domains);
    t.terms.insert(TermKind::Type, types(site));
    t.terms.insert(TermKind::Tag, free_text(site, TermKind::Tag, |c| &c.tags));
    for terms in t.terms.values_mut() {
        file_results(site, terms);
    }
    t
}

/// The keys of the terms of `kind` a record is filed under (a module's record is also
/// filed under its part; domains and tags follow the record's case study).
fn record_keys(
    site: &Site,
    kind: TermKind,
    r: &crate::model::results::ResultRecord,
    case_terms: &HashMap<usize, Vec<usize>>,
) -> Vec<TermKey> {
    let reg = &site.registry;
    match kind {
        TermKind::Institution => vec![TermKey::Bank(r.bank)],
        TermKind::Module => {
            let part = reg.units[r.module].part;
            let mut v = vec![TermKey::Unit(r.module)];
            if part != r.module {
                v.push(TermKey::Unit(part));
            }
            v
        }
        TermKind::Level => r.level.map(TermKey::Level).into_iter().collect(),
        TermKind::Year => vec![TermKey::Year(r.date().year)],
        TermKind::Type => vec![TermKey::Type(reg.banks[r.bank].kind)],
        TermKind::Domain | TermKind::Tag => r
            .case()
            .and_then(|c| case_terms.get(&c))
            .map(|ts| ts.iter().map(|t| TermKey::Index(*t)).collect())
            .unwrap_or_default(),
    }
}

/// What identifies a term when filing records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum TermKey {
    Bank(usize),
    Unit(usize),
    Level(Level),
    Year(u16),
    Type(InstitutionType),
    /// Position in the term list (domains and tags, through their cases).
    Index(usize),
}

/// Files every record of [`Site::results`] under its terms of `terms`' kind.
fn file_results(site: &Site, terms: &mut [Term]) {
    let Some(kind) = terms.first().map(|t| t.kind) else { return };
    let mut index: HashMap<TermKey, usize> = HashMap::with_capacity(terms.len());
    let mut case_terms: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, t) in terms.iter().enumerate() {
        let key = match t.what {
            TermRef::Bank(b) => TermKey::Bank(b),
            TermRef::Unit(u) => TermKey::Unit(u),
            TermRef::Level(l) => TermKey::Level(l),
            TermRef::Year(y) => TermKey::Year(y),
            TermRef::Type(k) => TermKey::Type(k),
            TermRef::Text => {
                for &c in &t.cases {
                    case_terms.entry(c).or_default().push(i);
                }
                TermKey::Index(i)
            }
        };
        index.insert(key, i);
    }
    for (ri, r) in site.results().iter().enumerate() {
        for key in record_keys(site, kind, r, &case_terms) {
            if let Some(&t) = index.get(&key) {
                terms[t].results.push(ri);
                terms[t].result_count += r.count;
            }
        }
    }
}

fn institutions(site: &Site) -> Vec<Term> {
    let mut by_bank: Vec<Vec<usize>> = vec![Vec::new(); site.registry.banks.len()];
    for (i, c) in site.cases.iter().enumerate() {
        by_bank[c.bank].push(i);
    }
    let mut terms: Vec<Term> = site
        .registry
        .banks
        .iter()
        .zip(by_bank)
        .enumerate()
        .map(|(i, (b, cases))| Term {
            kind: TermKind::Institution,
            what: TermRef::Bank(i),
            slug: b.id.clone(),
            name: b.name.clone(),
            name_zh: b.name_zh.clone(),
            cases,
            results: Vec::new(),
            result_count: 0,
        })
        .collect();
    terms.sort_by(|a, b| {
        a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.slug.cmp(&b.slug))
    });
    terms
}

fn modules(site: &Site) -> Vec<Term> {
    let units = &site.registry.units;
    let mut by_unit: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    for (i, c) in site.cases.iter().enumerate() {
        by_unit[c.module].push(i);
        let part = units[c.module].part;
        if part != c.module {
            by_unit[part].push(i);
        }
    }
    units
        .iter()
        .zip(by_unit)
        .enumerate()
        .map(|(i, (u, cases))| Term {
            kind: TermKind::Module,
            what: TermRef::Unit(i),
            slug: u.id.clone(),
            name: u.name.clone(),
            name_zh: u.name_zh.clone(),
            cases,
            results: Vec::new(),
            result_count: 0,
        })
        .collect()
}

fn levels(site: &Site) -> Vec<Term> {
    let mut by_level: BTreeMap<Level, Vec<usize>> = BTreeMap::new();
    for l in site.results().iter().filter_map(|r| r.level) {
        by_level.entry(l).or_default();
    }
    for (i, c) in site.cases.iter().enumerate() {
        by_level.entry(c.level).or_default().push(i);
    }
    by_level
        .into_iter()
        .map(|(level, cases)| Term {
            kind: TermKind::Level,
            what: TermRef::Level(level),
            slug: level.slug(),
            name: format!("Level {level} · {}", level.name()),
            name_zh: Some(level.name_zh().to_string()),
            cases,
            results: Vec::new(),
            result_count: 0,
        })
        .collect()
}

fn years(site: &Site) -> Vec<Term> {
    let mut by_year: BTreeMap<u16, Vec<usize>> = BTreeMap::new();
    for r in site.results() {
        by_year.entry(r.date().year).or_default();
    }
    for (i, c) in site.cases.iter().enumerate() {
        by_year.entry(c.date.year).or_default().push(i);
    }
    by_year
        .into_iter()
        .rev()
        .map(|(year, cases)| Term {
            kind: TermKind::Year,
            what: TermRef::Year(year),
            slug: year.to_string(),
            name: year.to_string(),
            name_zh: None,
            cases,
            results: Vec::new(),
            result_count: 0,
        })
        .collect()
}

fn types(site: &Site) -> Vec<Term> {
    let mut by_type: BTreeMap<InstitutionType, Vec<usize>> = BTreeMap::new();
    for b in &site.registry.banks {
        by_type.entry(b.kind).or_default();
    }
    for (i, c) in site.cases.iter().enumerate() {
        by_type.entry(site.registry.banks[c.bank].kind).or_default().push(i);
    }
    by_type
        .into_iter()
        .map(|(kind, cases)| Term {
            kind: TermKind::Type,
            what: TermRef::Type(kind),
            slug: kind.id().to_string(),
            name: kind.name().to_string(),
            name_zh: Some(kind.name_zh().to_string()),
            cases,
            results: Vec::new(),
            result_count: 0,
        })
        .collect()
}

/// Groups free-text values (domains, tags) by slug. The display name of a term is its
/// most frequent spelling, ties broken alphabetically, so that "Security toolchain" and
/// "security toolchain" are one term with a stable name.
fn free_text(
    site: &Site,
    kind: TermKind,
    values: impl Fn(&crate::model::CaseStudy) -> &Vec<String>,
) -> Vec<Term> {
    let mut groups: BTreeMap<String, (HashMap<&str, usize>, Vec<usize>)> = BTreeMap::new();
    for (i, c) in site.cases.iter().enumerate() {
        for v in values(c) {
            let (spellings, cases) = groups.entry(slugify(v)).or_default();
            *spellings.entry(v.as_str()).or_default() += 1;
            if cases.last() != Some(&i) {
                cases.push(i);
            }
        }
    }
    let mut terms: Vec<Term> = groups
        .into_iter()
        .map(|(slug, (spellings, cases))| {
            let name = spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                .map(|(s, _)| s.to_string())
                .unwrap_or_else(|| slug.clone());
            Term {
                kind,
                what: TermRef::Text,
                slug,
                name,
                name_zh: None,
                cases,
                results: Vec::new(),
                result_count: 0,
            }
        })
        .collect();
    terms.sort_by(|a, b| {
        a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.slug.cmp(&b.slug))
    });
    terms
}

/// Splits `len` items into pages of `per_page`; always at least one (possibly empty) page.
pub fn pages(len: usize, per_page: usize) -> Vec<std::ops::Range<usize>> {
    let per_page = per_page.max(1);
    if len == 0 {
        return std::iter::once(0..0).collect();
    }
    (0..len).step_by(per_page).map(|start| start..(start + per_page).min(len)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_split_evenly_and_never_vanish() {
        assert_eq!(pages(0, 20), vec![0..0]);
        assert_eq!(pages(5, 2), vec![0..2, 2..4, 4..5]);
        assert_eq!(pages(4, 2).len(), 2);
    }
}
