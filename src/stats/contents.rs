//! What each statistics table holds: its columns (machine-facing names from [`col`]), its
//! rows of formatted cells, and the cells the page words from the catalogue. One function
//! per kind of table, all driven by [`TableId`].

use super::table::{CellLabel, Column, Label, Table, TableId, col, scope_label, subject_label};
use super::{InstitutionRow, Period, Stats};
use crate::model::Site;
use crate::model::results::Scope;
use crate::site::strings::Strings;

/// Every table of the statistics, in page order ([`TableId::ALL`]).
pub(crate) fn tables(site: &Site, s: &Stats) -> Vec<Table> {
    let strings = Strings::default_for(site.config.language.code());
    TableId::ALL
        .iter()
        .map(|&id| {
            let Contents { columns, rows, labels } = contents(site, s, id);
            let title = strings.text(&id.title_key()).to_string();
            Table { id, title, columns, rows, labels }
        })
        .collect()
}

/// What a table holds.
struct Contents {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
    labels: Vec<CellLabel>,
}

impl Contents {
    fn new(columns: Vec<Column>, rows: Vec<Vec<String>>) -> Contents {
        Contents { columns, rows, labels: Vec::new() }
    }

    /// These contents with `label` on the cells of `column` in the rows where it is given.
    fn labelled(mut self, column: usize, labels: impl Iterator<Item = Option<Label>>) -> Contents {
        let cells =
            labels.enumerate().filter_map(|(row, l)| Some(CellLabel { row, column, label: l? }));
        self.labels.extend(cells);
        self
    }
}

/// The columns, rows and labelled cells of table `id`.
fn contents(site: &Site, s: &Stats, id: TableId) -> Contents {
    let reg = &site.registry;
    let n = |v: &u32| v.to_string();
    match id {
        TableId::ResultsByYear => Contents::new(
            period_columns(&[col::YEAR, col::RESULTS, col::ANNOUNCED, col::KNOWN_BY]),
            s.years
                .iter()
                .zip(&s.per_year)
                .map(|(y, p)| period_row(y.to_string(), &[p.results, p.announced, p.known_by], p))
                .collect(),
        ),
        TableId::ResultsByDate => Contents::new(
            period_columns(&[col::DATE, col::ANNOUNCED, col::KNOWN_BY]),
            s.batches
                .iter()
                .map(|(d, p)| period_row(d.to_string(), &[p.announced, p.known_by], p))
                .collect(),
        ),
        TableId::ResultsByPart => by_year(
            s,
            s.parts.iter().map(|p| Column::data(reg.units[*p].name.clone())),
            &s.part_by_year,
        ),
        TableId::ResultsByType => {
            by_year(s, s.types.iter().map(|t| Column::data(t.name().to_string())), &s.type_by_year)
        }
        TableId::ResultsByLevel => {
            by_year(s, s.levels.iter().map(|l| Column::level(*l)), &s.level_by_year)
        }
        TableId::LevelsByModule => Contents::new(
            [col::MODULE, col::PART]
                .into_iter()
                .map(Column::fixed)
                .chain(s.levels.iter().map(|l| Column::level(*l)))
                .chain(std::iter::once(Column::fixed(col::TOTAL)))
                .collect(),
            s.modules
                .iter()
                .map(|m| {
                    let unit = &reg.units[m.unit];
                    let part = if unit.part == m.unit {
                        "(whole part)".to_string()
                    } else {
                        reg.units[unit.part].name.clone()
                    };
                    [unit.name.clone(), part]
                        .into_iter()
                        .chain(m.by_level.iter().map(n))
                        .chain(std::iter::once(n(&m.total)))
                        .collect()
                })
                .collect(),
        )
        .labelled(
            1,
            s.modules
                .iter()
                .map(|m| (reg.units[m.unit].part == m.unit).then_some(Label::WholePart)),
        ),
        TableId::Institutions => Contents::new(
            [
                col::INSTITUTION,
                col::TYPE,
                col::RESULTS,
                col::CASE_STUDIES,
                col::FIRST_RESULT,
                col::LATEST_RESULT,
                col::MODULES,
            ]
            .into_iter()
            .map(Column::fixed)
            .collect(),
            s.institution_rows.iter().map(|r| institution_row(site, r)).collect(),
        )
        .labelled(
            6,
            s.institution_rows.iter().map(|r| {
                let names = r.modules.iter().map(|(u, l, c)| (reg.units[*u].name.clone(), *l, *c));
                Some(Label::Modules(names.collect()))
            }),
        ),
        TableId::Domains => Contents::new(
            [col::DOMAIN, col::CASE_STUDIES].into_iter().map(Column::fixed).collect(),
            s.domains.iter().map(|(name, _, c)| vec![name.clone(), n(c)]).collect(),
        ),
        TableId::ReportedTotals => Contents::new(
            [col::INSTITUTION, col::SCOPE, col::AS_OF, col::TOTAL, col::SOURCE]
                .into_iter()
                .map(Column::fixed)
                .collect(),
            s.reported
                .iter()
                .flat_map(|r| {
                    r.points.iter().map(move |(d, c, src)| {
                        vec![
                            subject_label(site, r.subject),
                            scope_label(site, r.scope),
                            d.to_string(),
                            n(c),
                            src.clone().unwrap_or_default(),
                        ]
                    })
                })
                .collect(),
        )
        .labelled(
            1,
            s.reported.iter().flat_map(|r| {
                let all = r.scope == Scope::All;
                r.points.iter().map(move |_| all.then_some(Label::AllStandards))
            }),
        ),
    }
}

/// `first` columns, then the three institution counts of a period.
fn period_columns(first: &[&str]) -> Vec<Column> {
    first
        .iter()
        .chain(&[col::INSTITUTIONS, col::FIRST_TIME, col::CUMULATIVE])
        .map(|c| Column::fixed(c))
        .collect()
}

/// A period's label, its `counts`, then its three institution counts.
fn period_row(label: String, counts: &[u32], p: &Period) -> Vec<String> {
    std::iter::once(label)
        .chain(counts.iter().map(u32::to_string))
        .chain([p.institutions, p.first_time, p.cumulative].map(|v| v.to_string()))
        .collect()
}

/// A per-year breakdown: one row per year, one column per name, and the total.
fn by_year(s: &Stats, names: impl Iterator<Item = Column>, data: &[Vec<u32>]) -> Contents {
    let columns = std::iter::once(Column::fixed(col::YEAR))
        .chain(names)
        .chain(std::iter::once(Column::fixed(col::TOTAL)))
        .collect();
    let rows = s
        .years
        .iter()
        .enumerate()
        .map(|(y, year)| {
            let values: Vec<u32> = data.iter().map(|row| row[y]).collect();
            std::iter::once(year.to_string())
                .chain(values.iter().map(u32::to_string))
                .chain(std::iter::once(values.iter().sum::<u32>().to_string()))
                .collect()
        })
        .collect();
    Contents::new(columns, rows)
}

/// One row of the institutions table.
fn institution_row(site: &Site, r: &InstitutionRow) -> Vec<String> {
    let reg = &site.registry;
    let bank = &reg.banks[r.bank];
    let modules: Vec<String> = r
        .modules
        .iter()
        .map(|(u, l, c)| {
            let level = l.map_or_else(|| "level n/a".to_string(), |l| format!("L{l}"));
            let times = if *c > 1 { format!(" ×{c}") } else { String::new() };
            format!("{} {level}{times}", reg.units[*u].name)
        })
        .collect();
    vec![
        bank.name.clone(),
        super::table::type_name(site, bank.kind).into(),
        r.results.to_string(),
        r.cases.to_string(),
        r.first.to_string(),
        r.latest.to_string(),
        modules.join("; "),
    ]
}
