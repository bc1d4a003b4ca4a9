//! Facet data: the values of each facet (institution, institution type, module and part,
//! level, year, domain) and, for every document, its value, in a form compact enough to
//! download with the first query. The browser counts values over any result set itself.
//!
//! Single-valued facets store one fixed-width value per document (see
//! [`super::encode::fixed`]); institution types are derived from the institution and
//! parts from the module, so they need no per-document data; domains (several per
//! document) store a document list per value. Values are the same terms as the browse
//! pages ([`crate::taxonomy`]), so ids are the URL segments of those pages.

use serde::Serialize;

use super::encode;
use crate::model::Site;
use crate::taxonomy::{Taxonomies, TermKind, TermRef};

/// One facet in `meta.json`.
#[derive(Debug, Serialize)]
pub struct Facet {
    /// URL parameter and key: `institution`, `type`, `module`, `level`, `year`, `domain`.
    pub key: &'static str,
    /// Heading (`Institution type`).
    pub label: &'static str,
    /// URL section of the values' pages (`institutions`).
    pub section: &'static str,
    /// The values, in display order.
    pub values: Vec<FacetValue>,
    /// Characters per document in `docs`; absent for derived and multi-valued facets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<usize>,
    /// Each document's value index, in fixed width.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
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
    /// Domains: the documents with this value ([`encode::doc_list`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

/// The facets of the site's cases (documents are `site.cases` in order).
pub fn build(site: &Site, tax: &Taxonomies) -> Vec<Facet> {
    let n = site.cases.len();
    let used = |kind: TermKind| tax.of(kind).iter().filter(|t| !t.cases.is_empty());

    // Institution types first: institutions point to them.
    let types: Vec<_> = used(TermKind::Type).collect();
    let type_index =
        |kind| types.iter().position(|t| t.what == TermRef::Type(kind)).map(|i| i as u32);
    let type_facet = Facet {
        key: "type",
        label: TermKind::Type.singular(),
        section: TermKind::Type.section(),
        values: types.iter().map(|t| value(&t.slug, &t.name, t.name_zh.as_deref())).collect(),
        width: None,
        docs: None,
    };

    let mut bank_value = vec![0u32; site.registry.banks.len()];
    let institutions: Vec<FacetValue> = used(TermKind::Institution)
        .enumerate()
        .map(|(i, t)| {
            let TermRef::Bank(b) = t.what else { unreachable!("institution terms are banks") };
            bank_value[b] = i as u32;
            FacetValue {
                kind: type_index(site.registry.banks[b].kind),
                ..value(&t.slug, &t.name, t.name_zh.as_deref())
            }
        })
        .collect();
    let institution = single(
        "institution",
        TermKind::Institution,
        institutions,
        site.cases.iter().map(|c| bank_value[c.bank]),
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
            let part = site.registry.units[u].part;
            FacetValue {
                part: Some(unit_value[part]),
                ..value(&t.slug, &t.name, t.name_zh.as_deref())
            }
        })
        .collect();
    let module = single(
        "module",
        TermKind::Module,
        modules,
        site.cases.iter().map(|c| unit_value[c.module]),
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
    let level_of = |l| level_terms.iter().position(|t| t.what == TermRef::Level(l)).unwrap_or(0);
    let level = single(
        "level",
        TermKind::Level,
        levels,
        site.cases.iter().map(|c| level_of(c.level) as u32),
    );

    let year_terms: Vec<_> = used(TermKind::Year).collect();
    let years: Vec<FacetValue> = year_terms.iter().map(|t| value(&t.slug, &t.name, None)).collect();
    let year_of =
        |y| year_terms.iter().position(|t| t.what == TermRef::Year(y)).unwrap_or(0) as u32;
    let year =
        single("year", TermKind::Year, years, site.cases.iter().map(|c| year_of(c.date.year)));

    let domain = Facet {
        key: "domain",
        label: TermKind::Domain.singular(),
        section: TermKind::Domain.section(),
        values: used(TermKind::Domain)
            .map(|t| {
                let mut docs: Vec<u32> = t.cases.iter().map(|&c| c as u32).collect();
                docs.sort_unstable();
                docs.dedup();
                FacetValue {
                    docs: Some(encode::doc_list(docs)),
                    ..value(&t.slug, &t.name, t.name_zh.as_deref())
                }
            })
            .collect(),
        width: None,
        docs: None,
    };
    debug_assert!(institution.docs.as_ref().is_none_or(|d| d.len() % n.max(1) == 0));
    vec![institution, module, level, year, type_facet, domain]
}

fn value(id: &str, name: &str, zh: Option<&str>) -> FacetValue {
    FacetValue { id: id.into(), name: name.into(), zh: zh.map(Into::into), ..FacetValue::default() }
}

fn single(
    key: &'static str,
    kind: TermKind,
    values: Vec<FacetValue>,
    per_doc: impl Iterator<Item = u32>,
) -> Facet {
    let width = encode::width_for(values.len());
    Facet {
        key,
        label: kind.singular(),
        section: kind.section(),
        values,
        width: Some(width),
        docs: Some(encode::fixed(per_doc, width)),
    }
}
