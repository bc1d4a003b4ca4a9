//! The levels index page (`/levels/`): the five maturity levels of YD/T 3763 and the plus
//! grades on record, each with its names in both languages and the results on record at
//! that level, linked to the level's page. The texts explaining the levels come from the
//! theme's catalogue (`levels_page.*`); this module picks the levels and counts.

use serde::Serialize;

use crate::model::Level;
use crate::model::taxonomy::{TermKind, TermRef};
use crate::site::locale::Locale;
use crate::site::pages::Renderer;
use crate::site::views::{LevelView, results_and_cases};

/// One level as the levels page lists it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LevelRow {
    /// Number, names and the level page's URL.
    pub level: LevelView,
    /// `Level 2 · Foundation` / `二级 · 基础级`.
    pub label: String,
    /// Results on record at this level (the sum of the records' `count`).
    pub results: u32,
    /// Case studies at this level.
    pub cases: usize,
    /// "18 results, 9 case studies"; empty when there is none.
    pub count_label: String,
    /// True when the level has a page (some result or case study is at it).
    pub has_page: bool,
}

/// The levels of the page: 1 to 5, each followed by its plus grade when one is on record
/// (a plus grade with no result is not listed: the registry and the sources define no
/// plus grade beyond those reported), and the results recorded without a level.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LevelsView {
    /// The levels, lowest first.
    pub rows: Vec<LevelRow>,
    /// Results on record whose level the source does not give.
    pub not_reported: u32,
    /// Distinct levels (plus grades included) with at least one result.
    pub distinct: usize,
}

impl Renderer<'_> {
    /// The levels page's view, in the page's language.
    pub(super) fn levels_view(&self) -> LevelsView {
        let terms = self.inputs.taxonomies.of(TermKind::Level);
        let on_record = |l: Level| {
            terms
                .iter()
                .find(|t| matches!(t.what, TermRef::Level(x) if x == l))
                .filter(|t| !t.is_empty())
        };
        let mut rows = Vec::new();
        for number in 1..=5u8 {
            for plus in [false, true] {
                let level = Level { number, plus };
                let term = on_record(level);
                if plus && term.is_none() {
                    continue;
                }
                let (results, cases) = term.map_or((0, 0), |t| (t.result_count, t.cases.len()));
                rows.push(LevelRow {
                    level: LevelView::new(level, self.urls),
                    label: Locale::new(self.urls.lang(), self.strings()).level(level),
                    results,
                    cases,
                    count_label: if term.is_some() {
                        results_and_cases(self.strings(), results, cases)
                    } else {
                        String::new()
                    },
                    has_page: term.is_some(),
                });
            }
        }
        let not_reported = crate::model::results::total(
            self.site().results().iter().filter(|r| r.level.is_none()),
        );
        let distinct = rows.iter().filter(|r| r.results > 0).count();
        LevelsView { rows, not_reported, distinct }
    }
}
