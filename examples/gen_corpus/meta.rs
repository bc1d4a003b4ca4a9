//! Case metadata, drawn in one sequential pass: dates, announcements per year, and each
//! case's institution, module, level, slug and path.

use super::*;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date {
    pub(crate) y: u16,
    pub(crate) m: u8,
    pub(crate) d: u8,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

pub(crate) const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub(crate) struct Announcement {
    pub(crate) date: Date,
    pub(crate) event: String,
}

pub(crate) const FIRST_YEAR: u16 = 2017;
pub(crate) const YEARS: usize = 8;
pub(crate) const YEAR_WEIGHTS: [u32; YEARS] = [1, 2, 3, 5, 7, 9, 11, 12];

pub(crate) fn announcements(rng: &mut Rng) -> Vec<Vec<Announcement>> {
    (0..YEARS)
        .map(|yi| {
            let y = FIRST_YEAR + yi as u16;
            // One batch per quarter, the last one in December (results are published in batches).
            let windows: [(u8, u8); 4] = [(3, 4), (6, 7), (9, 10), (12, 12)];
            windows
                .iter()
                .map(|&(m0, m1)| {
                    let m = m0 + rng.below(usize::from(m1 - m0) + 1) as u8;
                    let d = rng.range(5, 28) as u8;
                    let event = format!("{y} {}", rng.pick(EVENTS));
                    Announcement { date: Date { y, m, d }, event }
                })
                .collect()
        })
        .collect()
}

pub(crate) struct Meta {
    pub(crate) bank: usize,
    pub(crate) unit: usize,
    pub(crate) level: u8,
    pub(crate) plus: bool,
    pub(crate) date: Date,
    /// Event of the announcement day, when the case falls on one.
    pub(crate) event: Option<usize>,
    pub(crate) draft: bool,
    pub(crate) project: String,
    /// `content/cases/<yyyy>/<file>.md`
    pub(crate) path: String,
    pub(crate) slug: String,
}

pub(crate) fn build_meta(
    n: usize,
    seed: u64,
    banks: &[Bank],
    units: &[Unit],
    ann: &[Vec<Announcement>],
) -> Vec<Meta> {
    let mut rng = Rng::derive(seed, 2, 0);
    let modules: Vec<usize> = (0..units.len()).filter(|&i| !units[i].is_part).collect();
    let parts: Vec<usize> = (0..units.len()).filter(|&i| units[i].is_part).collect();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        // Skewed towards the big banks at the front of the registry.
        let bank = ((banks.len() as f64) * rng.unit().powf(1.6)) as usize;
        let unit = if rng.chance(0.05) { rng.pick(&parts) } else { rng.pick(&modules) };
        let level = [1u8, 2, 3, 4, 5][rng.weighted(&[5, 30, 40, 18, 7])];
        let plus = level < 5 && rng.chance(0.10);
        let yi = rng.weighted(&YEAR_WEIGHTS);
        let (date, event) = if rng.chance(0.9) {
            let a = rng.below(ann[yi].len());
            (ann[yi][a].date, Some(yi * 4 + a))
        } else {
            let m = rng.range(1, 12) as u8;
            (Date { y: FIRST_YEAR + yi as u16, m, d: rng.range(1, 28) as u8 }, None)
        };
        let draft = rng.chance(0.02);
        let mut project = rng.pick(PROJECTS).to_string();
        if rng.chance(0.1) {
            w!(project, " (phase {})", rng.range(2, 4));
        }
        let stem = format!("{date}-{}-{}", banks[bank].id, i + 1);
        let path = format!("content/cases/{}/{stem}.md", date.y);
        // A few cases set their own slug in the front matter.
        let slug = if rng.chance(0.05) {
            format!("{}-{}-{}", banks[bank].id, slugify(&project), i + 1)
        } else {
            stem
        };
        out.push(Meta { bank, unit, level, plus, date, event, draft, project, path, slug });
    }
    out
}
