//! `stats.json`: the summary numbers and every table as one JSON document, and the rule
//! that turns a (machine-facing) column name into a JSON key. Keys never depend on the
//! theme's strings.

use serde::Serialize;

use super::Stats;
use super::table::{Column, Table};
use crate::model::Site;
use crate::validate::slug::slugify;

/// `stats.json`: summary numbers and every table, as one document.
pub(crate) fn to_json(site: &Site, s: &Stats, tables: &[Table]) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        site: &'a str,
        summary: Summary,
        years: &'a [u16],
        tables: Vec<JsonTable<'a>>,
    }
    #[derive(Serialize)]
    struct Summary {
        results: u32,
        case_studies: u32,
        results_without_case_study: u32,
        known_by_results: u32,
        institutions: u32,
        first_year: Option<u16>,
        last_year: Option<u16>,
    }
    #[derive(Serialize)]
    struct JsonTable<'a> {
        id: &'a str,
        title: &'a str,
        columns: &'a [Column],
        rows: Vec<serde_json::Map<String, serde_json::Value>>,
    }
    let doc = Doc {
        version: 1,
        site: &site.config.title,
        summary: Summary {
            results: s.results,
            case_studies: s.case_results,
            results_without_case_study: s.registry_results,
            known_by_results: s.known_by_results,
            institutions: s.institutions,
            first_year: s.years.first().copied(),
            last_year: s.years.last().copied(),
        },
        years: &s.years,
        tables: tables
            .iter()
            .map(|t| JsonTable {
                id: t.id.as_str(),
                title: &t.title,
                columns: &t.columns,
                rows: t
                    .rows
                    .iter()
                    .map(|r| {
                        t.columns
                            .iter()
                            .zip(r)
                            .map(|(k, v)| {
                                let value = v.parse::<u64>().map_or_else(
                                    |_| serde_json::Value::String(v.clone()),
                                    serde_json::Value::from,
                                );
                                (json_key(&k.name), value)
                            })
                            .collect()
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("statistics are plain data");
    text.push('\n');
    text
}

/// `First-time institutions` → `first_time_institutions`.
pub(crate) fn json_key(column: &str) -> String {
    slugify(&column.replace('+', " plus")).replace('-', "_")
}
