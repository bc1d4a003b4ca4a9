//! The matrix page `/matrix/`: institutions × parts and modules, each cell the highest
//! level and the number of results behind it; its model, template view and CSV file.
//! The `/results/` list and the CSV helpers live in [`crate::site::results_page`].

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Filter, MATRIX_CSV, csv_document, csv_line, filters, level_key, level_rank};
use crate::model::registry::InstitutionType;
use crate::model::results::{ResultRecord, Scope, Subject};
use crate::model::taxonomy::TermKind;
use crate::model::{Level, Site};
use crate::site::strings::Strings;
use crate::site::views::{LinkView, Urls, type_link, unit_link};

/// One cell of the matrix: the records of one institution in one part or module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cell {
    /// Indices into [`Site::results`], in listing order.
    pub records: Vec<usize>,
    /// The highest level among them (none when no record gives one).
    pub level: Option<Level>,
    /// Sum of their counts.
    pub count: u32,
}

/// A reported total that exceeds the results on record ("33 reported, 5 itemised").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shortfall {
    /// What the total counts.
    pub scope: Scope,
    /// The reported total (the latest report of this scope).
    pub reported: u32,
    /// The results on record in that scope.
    pub itemised: u32,
}

/// One row of the matrix: an institution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MatrixRow {
    /// Index into the registry's banks.
    pub bank: usize,
    /// One cell per column; `None` where the institution has no result.
    pub cells: Vec<Option<Cell>>,
    /// Sum of the counts of all its records.
    pub total: u32,
    /// Its earliest evidence (announcement or known-by date).
    pub first: crate::model::Date,
    /// Reported totals it has more of than are itemised: its empty cells in these scopes
    /// are unknown, not "not assessed".
    pub shortfalls: Vec<Shortfall>,
}

/// The institutions × parts and modules matrix over [`Site::results`].
#[derive(Debug, Default)]
pub(crate) struct Matrix {
    /// Column units (parts and modules with results) grouped by part, in registry order:
    /// `(part, [units])`; a part's own column (whole-part results) comes first.
    pub groups: Vec<(usize, Vec<usize>)>,
    /// Rows, by institution type, then name.
    pub rows: Vec<MatrixRow>,
}

impl Matrix {
    /// The columns, flattened across groups.
    pub(crate) fn columns(&self) -> impl Iterator<Item = usize> + '_ {
        self.groups.iter().flat_map(|(_, cols)| cols.iter().copied())
    }

    /// True when the empty cell of `row` in column `unit` is unknown (a reported total
    /// covering it exceeds what is itemised) rather than not assessed.
    pub(crate) fn is_unknown(&self, site: &Site, row: &MatrixRow, unit: usize) -> bool {
        let part = site.registry.units[unit].part;
        row.shortfalls.iter().any(|s| match s.scope {
            Scope::All => true,
            Scope::Unit(u) => u == unit || u == part,
        })
    }
}

/// Builds the matrix in one pass over the records.
pub(crate) fn matrix(site: &Site) -> Matrix {
    let reg = &site.registry;
    let records = site.results();
    let mut cells: BTreeMap<(usize, usize), Cell> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        let c = cells.entry((r.bank, r.module)).or_insert(Cell {
            records: Vec::new(),
            level: None,
            count: 0,
        });
        c.records.push(i);
        c.level = c.level.max(r.level);
        c.count += r.count;
    }
    let mut groups = Vec::new();
    for &part in &reg.parts {
        let cols: Vec<usize> = std::iter::once(part)
            .chain(reg.units[part].modules.iter().copied())
            .filter(|&u| cells.keys().any(|&(_, m)| m == u))
            .collect();
        if !cols.is_empty() {
            groups.push((part, cols));
        }
    }
    let mut banks: Vec<usize> = cells.keys().map(|&(b, _)| b).collect();
    banks.dedup();
    banks.sort_by(|&a, &b| {
        let (a, b) = (&reg.banks[a], &reg.banks[b]);
        a.kind.cmp(&b.kind).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let columns: Vec<usize> = groups.iter().flat_map(|(_, c)| c.iter().copied()).collect();
    let rows = banks
        .into_iter()
        .map(|b| {
            let mine = records.iter().filter(|r| r.bank == b);
            MatrixRow {
                bank: b,
                cells: columns.iter().map(|&u| cells.get(&(b, u)).cloned()).collect(),
                total: crate::model::results::total(mine.clone()),
                first: mine.map(ResultRecord::date).min().expect("a row has a record"),
                shortfalls: shortfalls(site, b),
            }
        })
        .collect();
    Matrix { groups, rows }
}

/// The latest reported total of each scope of `bank` that exceeds its itemised results.
fn shortfalls(site: &Site, bank: usize) -> Vec<Shortfall> {
    let reg = &site.registry;
    let mut latest: BTreeMap<Scope, (crate::model::Date, u32)> = BTreeMap::new();
    for r in site.reported.iter().filter(|r| r.subject == Subject::Bank(bank)) {
        let e = latest.entry(r.scope).or_insert((r.as_of, r.count));
        if (r.as_of, r.count) > *e {
            *e = (r.as_of, r.count);
        }
    }
    latest
        .into_iter()
        .filter_map(|(scope, (_, reported))| {
            let itemised = crate::model::results::total(site.results().iter().filter(|r| {
                r.bank == bank
                    && match scope {
                        Scope::All => true,
                        Scope::Unit(u) => r.module == u || reg.units[r.module].part == u,
                    }
            }));
            (reported > itemised).then_some(Shortfall { scope, reported, itemised })
        })
        .collect()
}

/// The text of a cell: `2+ ×5`, `passed ×3` when no level is given.
fn cell_text(cell: &Cell) -> String {
    let level = cell.level.map_or_else(|| "passed".to_string(), |l| l.to_string());
    format!("{level} ×{}", cell.count)
}

/// A shortfall as a note: `33 reported, 5 itemised`, with the scope unless it is all.
fn shortfall_note(site: &Site, s: &Shortfall) -> String {
    match s.scope {
        Scope::All => format!("{} reported, {} itemised", s.reported, s.itemised),
        Scope::Unit(u) => format!(
            "{} reported in {}, {} itemised",
            s.reported, site.registry.units[u].name, s.itemised
        ),
    }
}

/// The page's words for a shortfall (the CSV keeps [`shortfall_note`]'s fixed English).
fn shortfall_label(site: &Site, s: &Shortfall, strings: &Strings) -> String {
    let mut args = vec![("reported", s.reported.to_string()), ("itemised", s.itemised.to_string())];
    let key = match s.scope {
        Scope::All => "matrix.note.all",
        Scope::Unit(u) => {
            args.push(("scope", site.registry.units[u].name.clone()));
            "matrix.note.unit"
        }
    };
    strings.format(key, None, &args).unwrap_or_else(|| shortfall_note(site, s))
}

/// `matrix.csv`: the matrix as the page shows it, one row per institution.
pub(crate) fn matrix_csv(site: &Site, m: &Matrix) -> String {
    let reg = &site.registry;
    let mut header: Vec<String> =
        ["institution", "institution_zh", "type", "results", "reported", "first_result"]
            .map(String::from)
            .to_vec();
    for (part, cols) in &m.groups {
        for &u in cols {
            let p = &reg.units[*part].name;
            header.push(if u == *part {
                format!("{p} (whole part)")
            } else {
                format!("{p} / {}", reg.units[u].name)
            });
        }
    }
    let columns: Vec<usize> = m.columns().collect();
    let lines = m.rows.iter().map(|row| {
        let bank = &reg.banks[row.bank];
        let reported =
            row.shortfalls.iter().map(|s| shortfall_note(site, s)).collect::<Vec<_>>().join("; ");
        let mut fields = vec![
            bank.name.clone(),
            bank.name_zh.clone().unwrap_or_default(),
            bank.kind.name().to_string(),
            row.total.to_string(),
            reported,
            row.first.to_string(),
        ];
        fields.extend(row.cells.iter().zip(&columns).map(|(c, &u)| match c {
            Some(c) => cell_text(c),
            None if m.is_unknown(site, row, u) => "unknown".into(),
            None => String::new(),
        }));
        csv_line(&fields)
    });
    csv_document(&csv_line(&header), lines)
}

/// A column of the matrix page.
#[derive(Debug, Serialize)]
pub(crate) struct ColumnView {
    /// The unit.
    pub unit: LinkView,
    /// Its id.
    pub id: String,
    /// True for a part's own column (results recorded against the whole part).
    pub is_part: bool,
}

/// A group of columns: one part.
#[derive(Debug, Serialize)]
pub(crate) struct GroupView {
    /// The part.
    pub part: LinkView,
    /// Its id (the `part` filter value).
    pub id: String,
    /// Its columns.
    pub columns: Vec<ColumnView>,
}

/// A cell of the matrix page.
#[derive(Debug, Serialize)]
pub(crate) struct CellView {
    /// `2+`, or none when no record gives a level.
    pub level: Option<String>,
    /// Colour step: 0 (no level given), 1 to 9 for 1, 1+, 2 … 5.
    pub step: u8,
    /// Number of results.
    pub count: u32,
    /// The `/results/` view of these records.
    pub url: String,
    /// The records as `year|level key|rank|count` separated by spaces, for the script's
    /// level and year filters.
    pub data: String,
}

/// What an empty cell means.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Empty {
    /// No result, and nothing suggests one.
    NotAssessed,
    /// A reported total says there are more results than are itemised.
    Unknown,
}

/// One cell slot of a row.
#[derive(Debug, Serialize)]
pub(crate) struct SlotView {
    /// The column's unit id.
    pub unit: String,
    /// The column's part id.
    pub part: String,
    /// The cell, when there are results.
    pub cell: Option<CellView>,
    /// What the empty cell means (when `cell` is none).
    pub empty: Option<Empty>,
}

/// A row of the matrix page.
#[derive(Debug, Serialize)]
pub(crate) struct RowView {
    /// The institution.
    pub bank: LinkView,
    /// Its id.
    pub id: String,
    /// Its short name.
    pub short: String,
    /// Its type.
    pub bank_type: LinkView,
    /// The type's id.
    pub type_id: &'static str,
    /// The type's rank in display order (for sorting by type).
    pub type_rank: usize,
    /// Results on record.
    pub total: u32,
    /// Earliest evidence, ISO date.
    pub first: String,
    /// `33 reported, 5 itemised` notes.
    pub notes: Vec<String>,
    /// Its cells.
    pub slots: Vec<SlotView>,
}

/// The matrix page.
#[derive(Debug, Serialize)]
pub(crate) struct MatrixView {
    /// Column groups (parts).
    pub groups: Vec<GroupView>,
    /// Rows (institutions).
    pub rows: Vec<RowView>,
    /// Number of unit columns.
    pub column_count: usize,
    /// Sum of every count.
    pub total: u32,
    /// True when some row has unknown cells.
    pub has_unknown: bool,
    /// Filters: part, level, year, type.
    pub filters: Vec<Filter>,
    /// URL of `matrix.csv`.
    pub csv_url: String,
    /// URL of `/results/`.
    pub results_url: String,
    /// Legend steps, 1 to 9.
    pub legend: Vec<(u8, String)>,
}

/// Builds the view of the matrix page.
pub(crate) fn matrix_view(site: &Site, m: &Matrix, urls: &Urls, strings: &Strings) -> MatrixView {
    let reg = &site.registry;
    let groups: Vec<GroupView> = m
        .groups
        .iter()
        .map(|(part, cols)| GroupView {
            part: unit_link(site, *part, urls),
            id: reg.units[*part].id.clone(),
            columns: cols
                .iter()
                .map(|&u| ColumnView {
                    unit: unit_link(site, u, urls),
                    id: reg.units[u].id.clone(),
                    is_part: u == *part,
                })
                .collect(),
        })
        .collect();
    let columns: Vec<usize> = m.columns().collect();
    let results_url = urls.abs("results/");
    let rows: Vec<RowView> = m
        .rows
        .iter()
        .map(|row| {
            let bank = &reg.banks[row.bank];
            let slots = row
                .cells
                .iter()
                .zip(&columns)
                .map(|(c, &u)| SlotView {
                    unit: reg.units[u].id.clone(),
                    part: reg.units[reg.units[u].part].id.clone(),
                    cell: c.as_ref().map(|c| cell_view(site, c, &bank.id, u, &results_url)),
                    empty: match c {
                        Some(_) => None,
                        None if m.is_unknown(site, row, u) => Some(Empty::Unknown),
                        None => Some(Empty::NotAssessed),
                    },
                })
                .collect();
            RowView {
                bank: LinkView {
                    name: bank.name.clone(),
                    name_zh: bank.name_zh.clone(),
                    url: urls.term(TermKind::Institution, &bank.id),
                },
                id: bank.id.clone(),
                short: bank.short_name().to_string(),
                bank_type: type_link(bank.kind, urls),
                type_id: bank.kind.id(),
                type_rank: InstitutionType::ALL.iter().position(|&t| t == bank.kind).unwrap_or(0),
                total: row.total,
                first: row.first.to_string(),
                notes: row.shortfalls.iter().map(|s| shortfall_label(site, s, strings)).collect(),
                slots,
            }
        })
        .collect();
    let mut filters = filters(site, strings);
    filters.retain(|f| matches!(f.key, "part" | "level" | "year" | "type"));
    MatrixView {
        column_count: columns.len(),
        total: m.rows.iter().map(|r| r.total).sum(),
        has_unknown: m.rows.iter().any(|r| !r.shortfalls.is_empty()),
        groups,
        rows,
        filters,
        csv_url: urls.abs(MATRIX_CSV),
        results_url,
        legend: (1..=5u8)
            .flat_map(|n| [(n, false), (n, true)])
            .filter(|&(n, plus)| !(n == 5 && plus))
            .map(|(number, plus)| {
                let l = Level { number, plus };
                (level_rank(Some(l)), l.to_string())
            })
            .collect(),
    }
}

fn cell_view(site: &Site, c: &Cell, bank: &str, unit: usize, results_url: &str) -> CellView {
    let records = site.results();
    let data = c
        .records
        .iter()
        .map(|&i| {
            let r = &records[i];
            format!("{}|{}|{}|{}", r.date().year, level_key(r.level), level_rank(r.level), r.count)
        })
        .collect::<Vec<_>>()
        .join(" ");
    CellView {
        level: c.level.map(|l| l.to_string()),
        step: level_rank(c.level),
        count: c.count,
        url: format!("{results_url}?institution={bank}&module={}", site.registry.units[unit].id),
        data,
    }
}
