//! Facet data: the values of each facet (institution, institution type, module and part,
//! level, year, domain) with every name a reader may type for them, and, for every
//! document, its value. The browser counts values over any result set itself.
//!
//! The values and their names go into `meta` (the query parser needs them to recognise
//! `农行` or `L2` before anything else is loaded). What each document has is split out of
//! `meta` into one file per facet, `f/<key>.json.gz`, that the browser fetches only when a
//! filter or a count needs it: at 50,000 cases these columns were 70–85 % of what a first
//! query downloaded. A single-valued facet whose values occupy one run of documents each
//! (years: documents are in date order) needs no column at all, only the run of each
//! value (`from`, `to`). Otherwise single-valued facets store one fixed-width value per
//! document ([`super::encode::fixed`]); institution types are derived from the
//! institution and parts from the module; domains (several per document) store a document
//! list per value. Values are the same terms as the browse pages ([`crate::model::taxonomy`]), so
//! ids are the URL segments of those pages.

use crate::site::strings::Strings;
use crate::site::views::kind_name;
use serde::Serialize;

use super::encode;
use crate::model::registry::InstitutionType;
use crate::model::taxonomy::{Taxonomies, TermKind, TermRef};
use crate::model::{Date, Level, Site};

/// One facet in `meta.json`.
#[derive(Debug, Serialize)]
pub struct Facet {
    /// URL parameter and key: `institution`, `type`, `module`, `level`, `year`, `domain`.
    pub key: &'static str,
    /// Heading (`Institution type`), from the built-in catalogue of the pages' language
    /// (`kinds.*.singular`).
    pub label: String,
    /// URL section of the values' pages (`institutions`).
    pub section: &'static str,
    /// The values, in display order.
    pub values: Vec<FacetValue>,
    /// Where each document's values are: `column` (`f/<key>.json.gz`, fixed width),
    /// `lists` (`f/<key>.json.gz`, a document list per value), `ranges` (`from`/`to` of
    /// each value) or `derived` (from another facet's values).
    pub data: &'static str,
    /// Characters per document in the column; absent unless `data` is `column`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<usize>,
    /// Each document's value index, in fixed width (the column file, not in `meta`).
    #[serde(skip)]
    pub docs: Option<String>,
}

impl Facet {
    /// The content of this facet's file `f/<key>.json.gz`, if it has one: the column as
    /// a JSON string, or the document lists as an array of strings.
    pub fn file_json(&self) -> Option<String> {
        match self.data {
            "column" => self.docs.as_deref().map(|d| serde_json::to_string(d).expect("string")),
            "lists" => {
                let lists: Vec<&str> =
                    self.values.iter().map(|v| v.docs.as_deref().unwrap_or("")).collect();
                Some(serde_json::to_string(&lists).expect("strings serialise"))
            }
            _ => None,
        }
    }
}

/// One value of a facet.
#[derive(Debug, Default, Serialize)]
pub struct FacetValue {
    /// URL segment and filter value.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Chinese name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zh: Option<String>,
    /// Institutions: index of the institution type value.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<u32>,
    /// Modules: index of the part value (a part points to itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<u32>,
    /// Levels: `2+`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Levels: 1 to 5.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u8>,
    /// Other names a reader may type for it (registry aliases, short names); the query
    /// parser of `search.js` turns them into this filter.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// `ranges` facets: the first document with this value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<u32>,
    /// `ranges` facets: one past the last document with this value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<u32>,
    /// Domains: the documents with this value ([`encode::doc_list`]; in the facet file).
    #[serde(skip)]
    pub docs: Option<String>,
}

/// What the facets need to know of one search document: a case study, or a result record
/// that has no case study of its own.
#[derive(Debug, Clone, Copy)]
pub struct DocKeys {
    /// Index into the registry's banks.
    pub bank: usize,
    /// Index into the registry's units (a module, or a whole part).
    pub unit: usize,
    /// The level, when known (a record may not give it: the document has no level value).
    pub level: Option<Level>,
    /// The day of the case study or record.
    pub date: Date,
    /// The case study, by index into `Site::cases`, for a case study's document.
    pub case: Option<usize>,
}

/// The facets of the search documents `docs` (in document order). A term is a value when
/// a document has it: a case study, or a record without one.
pub fn build(site: &Site, tax: &Taxonomies, docs: &[DocKeys]) -> Vec<Facet> {
    let n = docs.len();
    let strings = Strings::default_for(site.config.pages_lang.code());
    // On Chinese pages the Chinese name leads, the English one is the side name, as the
    // registry does for institutions and modules (`lead_with_chinese_names`).
    let chinese = site.config.pages_lang == crate::model::Lang::Zh;
    let value = |id: &str, name: &str, zh: Option<&str>| match zh {
        Some(zh) if chinese && zh != name => value(id, zh, Some(name)),
        _ => value(id, name, zh),
    };
    let label = |kind| kind_name(&strings, kind, false).to_string();
    let records = site.results();
    let used = |kind: TermKind| {
        tax.of(kind).iter().filter(|t| {
            !t.cases.is_empty() || t.results.iter().any(|&r| records[r].case().is_none())
        })
    };
    let mut case_doc = vec![u32::MAX; site.cases.len()];
    for (d, k) in docs.iter().enumerate() {
        if let Some(c) = k.case.and_then(|c| case_doc.get_mut(c)) {
            *c = d as u32;
        }
    }

    // Institution types first: institutions point to them.
    let types: Vec<_> = used(TermKind::Type).collect();
    let type_index =
        |kind| types.iter().position(|t| t.what == TermRef::Type(kind)).map(|i| i as u32);
    let type_facet = Facet {
        key: "type",
        label: label(TermKind::Type),
        section: TermKind::Type.section(),
        values: types
            .iter()
            .map(|t| {
                let TermRef::Type(kind) = t.what else { unreachable!("type terms are types") };
                FacetValue {
                    aliases: type_aliases(kind),
                    ..value(&t.slug, &t.name, t.name_zh.as_deref())
                }
            })
            .collect(),
        data: "derived",
        width: None,
        docs: None,
    };

    let mut bank_value = vec![0u32; site.registry.banks.len()];
    let institutions: Vec<FacetValue> = used(TermKind::Institution)
        .enumerate()
        .map(|(i, t)| {
            let TermRef::Bank(b) = t.what else { unreachable!("institution terms are banks") };
            bank_value[b] = i as u32;
            let bank = &site.registry.banks[b];
            FacetValue {
                kind: type_index(bank.kind),
                aliases: names(&bank.id, bank.short.as_deref(), &bank.aliases),
                // Already in the pages' language order (the registry leads with it).
                ..self::value(&t.slug, &t.name, t.name_zh.as_deref())
            }
        })
        .collect();
    let institution = single(
        "institution",
        TermKind::Institution,
        label(TermKind::Institution),
        institutions,
        docs.iter().map(|d| bank_value[d.bank]),
    );

    let mut unit_value = vec![0u32; site.registry.units.len()];
    let module_terms: Vec<_> = used(TermKind::Module).collect();
    for (i, t) in module_terms.iter().enumerate() {
        if let TermRef::Unit(u) = t.what {
            unit_value[u] = i as u32;
        }
    }
    let modules: Vec<FacetValue> = module_terms
        .iter()
        .map(|t| {
            let TermRef::Unit(u) = t.what else { unreachable!("module terms are units") };
            let unit = &site.registry.units[u];
            FacetValue {
                part: Some(unit_value[unit.part]),
                aliases: names(&unit.id, unit.short.as_deref(), &unit.aliases),
                ..self::value(&t.slug, &t.name, t.name_zh.as_deref())
            }
        })
        .collect();
    let module = single(
        "module",
        TermKind::Module,
        label(TermKind::Module),
        modules,
        docs.iter().map(|d| unit_value[d.unit]),
    );

    let level_terms: Vec<_> = used(TermKind::Level).collect();
    let levels: Vec<FacetValue> = level_terms
        .iter()
        .map(|t| {
            let TermRef::Level(l) = t.what else { unreachable!("level terms are levels") };
            FacetValue {
                value: Some(l.to_string()),
                number: Some(l.number),
                ..value(&t.slug, l.name(), Some(l.name_zh()))
            }
        })
        .collect();
    // A document without a level has the value one past the last (no value).
    let none = levels.len();
    let level_of = |l: Option<Level>| {
        l.and_then(|l| level_terms.iter().position(|t| t.what == TermRef::Level(l))).unwrap_or(none)
    };
    let level = single(
        "level",
        TermKind::Level,
        label(TermKind::Level),
        levels,
        docs.iter().map(|d| level_of(d.level) as u32),
    );

    let year_terms: Vec<_> = used(TermKind::Year).collect();
    let years: Vec<FacetValue> =
        year_terms.iter().map(|t| self::value(&t.slug, &t.name, None)).collect();
    let year_of =
        |y| year_terms.iter().position(|t| t.what == TermRef::Year(y)).unwrap_or(0) as u32;
    let year = single(
        "year",
        TermKind::Year,
        label(TermKind::Year),
        years,
        docs.iter().map(|d| year_of(d.date.year)),
    );

    let domain = Facet {
        key: "domain",
        label: label(TermKind::Domain),
        section: TermKind::Domain.section(),
        values: used(TermKind::Domain)
            .map(|t| {
                let mut docs: Vec<u32> = t
                    .cases
                    .iter()
                    .filter_map(|&c| case_doc.get(c).copied().filter(|&d| d != u32::MAX))
                    .collect();
                docs.sort_unstable();
                docs.dedup();
                FacetValue {
                    docs: Some(encode::doc_list(docs)),
                    ..value(&t.slug, &t.name, t.name_zh.as_deref())
                }
            })
            .collect(),
        data: "lists",
        width: None,
        docs: None,
    };
    debug_assert!(institution.docs.as_ref().is_none_or(|d| d.len() % n.max(1) == 0));
    vec![institution, module, level, year, type_facet, domain]
}

/// Each document's value index in a single-valued facet (`column` or `ranges`).
pub fn doc_values(facet: &Facet, docs: usize) -> Vec<u32> {
    match (&facet.docs, facet.width) {
        (Some(column), Some(width)) => encode::read_fixed(column, width),
        _ => {
            let mut out = vec![0; docs];
            for (v, value) in facet.values.iter().enumerate() {
                let (from, to) = (value.from.unwrap_or(0) as usize, value.to.unwrap_or(0) as usize);
                for d in out.iter_mut().take(to).skip(from) {
                    *d = v as u32;
                }
            }
            out
        }
    }
}

fn value(id: &str, name: &str, zh: Option<&str>) -> FacetValue {
    FacetValue { id: id.into(), name: name.into(), zh: zh.map(Into::into), ..FacetValue::default() }
}

/// The id, short name and aliases of a registry entry, without repeats.
fn names(id: &str, short: Option<&str>, aliases: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in std::iter::once(id).chain(short).chain(aliases.iter().map(String::as_str)) {
        if !out.iter().any(|o| o == n) {
            out.push(n.to_string());
        }
    }
    out
}

/// What readers call an institution type besides its name (`城商行`, `city bank`).
fn type_aliases(kind: InstitutionType) -> Vec<String> {
    let list: &[&str] = match kind {
        InstitutionType::StateOwned => {
            &["state-owned bank", "state bank", "国有银行", "国有大行", "国有商业银行"]
        }
        InstitutionType::JointStock => &["joint-stock bank", "股份制商业银行", "股份行"],
        InstitutionType::CityCommercial => &["city commercial bank", "city bank", "城商行"],
        InstitutionType::RuralCommercial => {
            &["rural commercial bank", "rural bank", "农商行", "农村商业银行"]
        }
        InstitutionType::Private => &["private bank", "internet bank", "民营银行", "互联网银行"],
        InstitutionType::Policy => &["policy bank", "政策性银行"],
        InstitutionType::Foreign => &["foreign bank", "外资银行"],
        InstitutionType::Securities => &["securities firm", "securities company", "券商", "证券"],
        InstitutionType::Insurance => &["insurer", "insurance company", "保险"],
        InstitutionType::Other => &[],
    };
    list.iter().map(|s| (*s).to_string()).collect()
}

/// A single-valued facet: runs of documents when every value occupies one run (then no
/// per-document data is needed), else a fixed-width column.
fn single(
    key: &'static str,
    kind: TermKind,
    label: String,
    mut values: Vec<FacetValue>,
    per_doc: impl Iterator<Item = u32>,
) -> Facet {
    let per_doc: Vec<u32> = per_doc.collect();
    let facet = |values, data, width, docs| Facet {
        key,
        label: label.clone(),
        section: kind.section(),
        values,
        data,
        width,
        docs,
    };
    if let Some(runs) = runs(&per_doc, values.len()) {
        for (v, (from, to)) in values.iter_mut().zip(runs) {
            v.from = Some(from);
            v.to = Some(to);
        }
        return facet(values, "ranges", None, None);
    }
    // A document without a value has `values.len()`, which the width must hold too.
    let width = encode::width_for(values.len() + 1);
    facet(values, "column", Some(width), Some(encode::fixed(per_doc, width)))
}

/// The run `[from, to)` of documents of each value, if every value occupies one run (a
/// value without documents gets an empty run).
fn runs(per_doc: &[u32], values: usize) -> Option<Vec<(u32, u32)>> {
    let mut out = vec![(0, 0); values];
    let mut seen = vec![false; values];
    let mut d = 0;
    while d < per_doc.len() {
        let v = per_doc[d] as usize;
        let start = d;
        while d < per_doc.len() && per_doc[d] as usize == v {
            d += 1;
        }
        if std::mem::replace(seen.get_mut(v)?, true) {
            return None;
        }
        out[v] = (start as u32, d as u32);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_found_only_when_every_value_is_one_run() {
        assert_eq!(runs(&[0, 0, 1, 1, 1, 2], 3), Some(vec![(0, 2), (2, 5), (5, 6)]));
        // A value without documents gets an empty run.
        assert_eq!(runs(&[1, 1], 3), Some(vec![(0, 0), (0, 2), (0, 0)]));
        assert_eq!(runs(&[0, 1, 0], 2), None);
        assert_eq!(runs(&[], 2), Some(vec![(0, 0), (0, 0)]));
        // An out-of-range value is not a run.
        assert_eq!(runs(&[5], 2), None);
    }

    #[test]
    fn doc_values_read_columns_and_ranges_alike() {
        let values = || (0..3).map(|i| value(&i.to_string(), "v", None)).collect::<Vec<_>>();
        let ranged =
            single("year", TermKind::Year, "Year".into(), values(), [0, 0, 1, 2].into_iter());
        assert_eq!(ranged.data, "ranges");
        assert_eq!(ranged.file_json(), None);
        assert_eq!(doc_values(&ranged, 4), [0, 0, 1, 2]);
        let column =
            single("level", TermKind::Level, "Level".into(), values(), [2, 0, 2, 1].into_iter());
        assert_eq!(column.data, "column");
        assert!(column.file_json().is_some());
        assert_eq!(doc_values(&column, 4), [2, 0, 2, 1]);
    }

    #[test]
    fn names_keep_the_first_of_each_spelling() {
        let aliases = ["ABC".to_string(), "农行".to_string(), "abc".to_string()];
        assert_eq!(names("abc", Some("ABC"), &aliases), ["abc", "ABC", "农行"]);
    }
}
