//! Template context: the typed views every template receives.
//!
//! Every page gets the same top-level keys: `site` ([`SiteView`]), `page` ([`PageMeta`])
//! and `current_path`, plus one of `home`, `case`, `listing`, `term`, `terms`, `matrix` or
//! `results` depending on its kind (the last two built in [`crate::site::results_page`]). The theme README (`themes/default/README.md`) documents them for
//! theme authors. Views hold display-ready strings and finished URLs (with the base path),
//! so templates never compute links.

use serde::Serialize;

use crate::model::registry::InstitutionType;
use crate::model::taxonomy::TermKind;
use crate::model::{CaseStudy, Interviewee, Level, Site};
use crate::render::TocEntry;
use crate::site::strings::Strings;

/// Builds URLs under the site's base path.
#[derive(Debug, Clone)]
pub(crate) struct Urls {
    base_path: String,
    lang: crate::model::Lang,
}

impl Urls {
    /// URLs under `base_path` (`/` or `/sub/`).
    pub(crate) fn new(base_path: &str) -> Urls {
        Urls { base_path: base_path.to_string(), lang: crate::model::Lang::En }
    }

    /// URLs of pages in `lang` (`base_path` then carries the language's prefix): also
    /// decides the language of the names and dates the views show.
    pub(crate) fn with_lang(mut self, lang: crate::model::Lang) -> Urls {
        self.lang = lang;
        self
    }

    /// The language of the pages these URLs belong to.
    pub(crate) fn lang(&self) -> crate::model::Lang {
        self.lang
    }

    /// `/sub/` + `path` (without its leading slash).
    pub(crate) fn abs(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// The page of a term: `/sub/institutions/icbc/`.
    pub(crate) fn term(&self, kind: TermKind, slug: &str) -> String {
        format!("{}{}/{}/", self.base_path, kind.section(), slug)
    }

    /// The index of a kind: `/sub/institutions/`.
    pub(crate) fn section(&self, kind: TermKind) -> String {
        format!("{}{}/", self.base_path, kind.section())
    }

    /// A case page: `/sub/cases/slug/`.
    pub(crate) fn case(&self, slug: &str) -> String {
        format!("{}cases/{}/", self.base_path, slug)
    }

    /// Page `n` (1-based) of a paginated listing whose first page is `first`.
    pub(crate) fn page(first: &str, n: usize) -> String {
        if n <= 1 { first.to_string() } else { format!("{first}page/{n}/") }
    }
}

/// Site-wide values.
#[derive(Debug, Serialize)]
pub(crate) struct SiteView<'a> {
    /// Site title.
    pub title: &'a str,
    /// Site description.
    pub description: &'a str,
    /// Path prefix of every link to a page (`/` or `/sub/`; with the language's folder on
    /// pages of a language other than the default, `/zh/`).
    pub base_path: &'a str,
    /// Path prefix of the assets (stylesheets, scripts, favicon): the site's base path,
    /// the same in every language.
    pub assets_path: &'a str,
    /// Absolute base URL when configured, else the base path.
    pub base_url: String,
    /// Language tag of the pages (`en`, `zh-CN`).
    pub lang: &'static str,
    /// The site's languages, for a language switch: empty for a site in one language.
    pub languages: Vec<LanguageLink>,
    /// `extra` from `site.yaml`.
    pub extra: &'a serde_json::Value,
    /// Number of published case studies.
    pub case_count: usize,
    /// Term kinds that have at least one term, for navigation.
    pub sections: Vec<LinkView>,
}

/// One of the site's languages, linked from every page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LanguageLink {
    /// Language code (`en`, `zh`).
    pub code: &'static str,
    /// BCP 47 tag (`en`, `zh-CN`).
    pub tag: &'static str,
    /// The home page of the language.
    pub home: String,
    /// Whether pages of this build are in this language.
    pub current: bool,
}

/// The same page in another language (`hreflang`), or that language's nearest page when
/// the page has no version in it (a case study without a translation: its listing).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Alternate {
    /// Language code (`en`, `zh`).
    pub code: &'static str,
    /// BCP 47 tag for `hreflang`.
    pub tag: &'static str,
    /// The page in that language (path from the server root).
    pub url: String,
    /// The same, absolute when the site has an absolute base URL (for `hreflang`).
    pub absolute: String,
    /// True when `url` is the same page in that language (an `hreflang` alternate), false
    /// when it is only the nearest page (the switch leads there, no `hreflang`).
    pub same: bool,
    /// Whether this is the page's own language.
    pub current: bool,
}

/// Metadata of the page being rendered.
#[derive(Debug, Serialize)]
pub(crate) struct PageMeta {
    /// `<title>` text (without the site title).
    pub title: String,
    /// Meta description.
    pub description: String,
    /// The page's own URL (with base path).
    pub url: String,
    /// `home`, `case`, `listing`, `term`, `terms`, `matrix`, `results`, `stats`, `search`
    /// or `404`.
    pub kind: crate::site::jobs::PageKind,
    /// Language tag of the page content.
    pub lang: &'static str,
    /// Breadcrumb trail, home excluded.
    pub breadcrumbs: Vec<LinkView>,
    /// Canonical URL: absolute when the site has an absolute base URL.
    pub canonical: String,
    /// Open Graph type: `article` for case studies, `website` otherwise.
    pub og_type: &'static str,
    /// Atom feeds that belong to the page (site feed first).
    pub feeds: Vec<LinkView>,
    /// JSON-LD structured data (already safe to embed in a `<script>` element).
    pub json_ld: Option<String>,
    /// The page in each of the site's languages, its own included: empty for a site in
    /// one language.
    pub alternates: Vec<Alternate>,
}

/// A name with a link.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinkView {
    /// Display name.
    pub name: String,
    /// Chinese name, when known.
    pub name_zh: Option<String>,
    /// Target URL.
    pub url: String,
}

/// A maturity level ready for display.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LevelView {
    /// `2+`.
    pub value: String,
    /// 2.
    pub number: u8,
    /// True for a plus grade.
    pub plus: bool,
    /// `Foundation`.
    pub name: &'static str,
    /// `基础级`.
    pub name_zh: &'static str,
    /// Level page.
    pub url: String,
}

impl LevelView {
    /// The view of `level`.
    pub(crate) fn new(level: Level, urls: &Urls) -> LevelView {
        LevelView {
            value: level.to_string(),
            number: level.number,
            plus: level.plus,
            name: crate::site::locale::pair(urls.lang, level.name(), level.name_zh()).0,
            name_zh: crate::site::locale::pair(urls.lang, level.name(), level.name_zh()).1,
            url: urls.term(TermKind::Level, &level.slug()),
        }
    }
}

/// A case study as shown in lists: everything but the body.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CaseCard {
    /// Headline.
    pub title: String,
    /// Case page URL.
    pub url: String,
    /// `2021-12-24`.
    pub date: String,
    /// `24 December 2021`.
    pub date_display: String,
    /// Year of the date.
    pub year: u16,
    /// The institution.
    pub bank: LinkView,
    /// The institution's short name.
    pub bank_short: String,
    /// The institution type.
    pub bank_type: LinkView,
    /// The assessed project.
    pub project: String,
    /// Module (or part, when the module is not known).
    pub module: LinkView,
    /// The part the module belongs to; `None` when `module` is itself a part.
    pub part: Option<LinkView>,
    /// Level passed.
    pub level: LevelView,
    /// Summary, or an excerpt of the body when the file has none.
    pub summary: String,
    /// Language tag.
    pub lang: &'static str,
}

impl CaseCard {
    /// The card of `case`; `excerpt` is used when the case has no summary.
    pub(crate) fn new(site: &Site, case: &CaseStudy, excerpt: &str, urls: &Urls) -> CaseCard {
        let reg = &site.registry;
        let bank = &reg.banks[case.bank];
        let unit = &reg.units[case.module];
        let part = (unit.part != case.module).then(|| unit_link(site, unit.part, urls));
        CaseCard {
            title: case.title.clone(),
            url: case_url(site, case, urls),
            date: case.date.to_string(),
            date_display: crate::site::locale::date(site.config.pages_lang, case.date),
            year: case.date.year,
            bank: LinkView {
                name: bank.name.clone(),
                name_zh: bank.name_zh.clone(),
                url: urls.term(TermKind::Institution, &bank.id),
            },
            bank_short: bank.short_name().to_string(),
            bank_type: type_link(bank.kind, urls),
            project: case.project.clone(),
            module: unit_link(site, case.module, urls),
            part,
            level: LevelView::new(case.level, urls),
            summary: case.summary.clone().unwrap_or_else(|| excerpt.to_string()),
            lang: case.lang.tag(),
        }
    }
}

/// A case study in a list: its card and its results-table row, rendered once per build
/// from `partials/case_card.html` and `partials/result_row.html` and reused on every page
/// that lists it, plus its URL and title for templates that build their own markup.
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct Listed<'a> {
    /// Case page URL.
    pub url: &'a str,
    /// Headline.
    pub title: &'a str,
    /// Rendered card (HTML).
    pub card: &'a str,
    /// Rendered `<tr>` of a results table (HTML).
    pub row: &'a str,
}

/// The link to a part or module page.
pub(crate) fn unit_link(site: &Site, unit: usize, urls: &Urls) -> LinkView {
    let u = &site.registry.units[unit];
    LinkView {
        name: u.name.clone(),
        name_zh: u.name_zh.clone(),
        url: urls.term(TermKind::Module, &u.id),
    }
}

/// The page of `case`: in this build's language, or, for a case study not written in it
/// (in a site of several languages), its page in its own language.
pub(crate) fn case_url(site: &Site, case: &CaseStudy, urls: &Urls) -> String {
    if site.config.is_multilingual() && case.lang != site.config.pages_lang {
        let prefix = site.config.lang_prefix(case.lang);
        format!("{}{prefix}cases/{}/", site.config.root_path, case.slug)
    } else {
        urls.case(&case.slug)
    }
}

/// The link to an institution-type page.
pub(crate) fn type_link(kind: InstitutionType, urls: &Urls) -> LinkView {
    let lang = urls.lang;
    LinkView {
        name: crate::site::locale::pair(lang, kind.name(), kind.name_zh()).0.to_string(),
        name_zh: Some(crate::site::locale::pair(lang, kind.name(), kind.name_zh()).1.to_string()),
        url: urls.term(TermKind::Type, kind.id()),
    }
}

/// A case study page.
#[derive(Debug, Serialize)]
pub(crate) struct CaseView<'a> {
    /// Everything a list shows.
    #[serde(flatten)]
    pub card: &'a CaseCard,
    /// Rendered Markdown body.
    pub body: std::borrow::Cow<'a, str>,
    /// Table of contents (headings of level 2 to 4).
    pub toc: &'a [TocEntry],
    /// Capability domains with links.
    pub domains: Vec<LinkView>,
    /// Tags with links.
    pub tags: Vec<LinkView>,
    /// Where the result was announced.
    pub event: Option<&'a str>,
    /// Who assessed.
    pub assessor: &'a str,
    /// People interviewed.
    pub interviewees: &'a [Interviewee],
    /// Words in the body.
    pub words: usize,
    /// Estimated minutes to read.
    pub reading_minutes: usize,
    /// Other results of the same institution (at most ten, newest first).
    pub others: Vec<Listed<'a>>,
    /// How many other case studies the institution has.
    pub others_total: usize,
    /// How many results the institution has, this one included (case studies and
    /// `results.yaml`).
    pub bank_results: u32,
    /// The previous (older) case study.
    pub prev: Option<&'a CaseCard>,
    /// The next (newer) case study.
    pub next: Option<&'a CaseCard>,
    /// Source file, relative to the site root.
    pub source: &'a str,
    /// The article the case study is written from ("Original article"), when given.
    pub article: Option<ArticleView>,
}

/// Page navigation of a paginated listing.
#[derive(Debug, Serialize)]
pub(crate) struct Pagination {
    /// 1-based current page.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// Previous page URL.
    pub prev: Option<String>,
    /// Next page URL.
    pub next: Option<String>,
    /// Page links to show; `number == 0` marks a gap (…).
    pub pages: Vec<PageLink>,
    /// 1-based index of the first item on this page.
    pub first_item: usize,
    /// 1-based index of the last item on this page.
    pub last_item: usize,
    /// Items across all pages.
    pub total_items: usize,
}

/// One entry of [`Pagination::pages`].
#[derive(Debug, Serialize)]
pub(crate) struct PageLink {
    /// Page number, 0 for a gap.
    pub number: usize,
    /// Page URL (empty for a gap).
    pub url: String,
    /// True for the current page.
    pub current: bool,
}

impl Pagination {
    /// Navigation for page `current` of `total`, whose first page is at `first_url`.
    pub(crate) fn new(
        first_url: &str,
        current: usize,
        total: usize,
        range: &std::ops::Range<usize>,
        total_items: usize,
    ) -> Pagination {
        let mut pages = Vec::new();
        let mut last_shown = 0;
        for n in 1..=total {
            let near = n.abs_diff(current) <= 2;
            if n == 1 || n == total || near {
                if last_shown + 1 < n {
                    pages.push(PageLink { number: 0, url: String::new(), current: false });
                }
                pages.push(PageLink {
                    number: n,
                    url: Urls::page(first_url, n),
                    current: n == current,
                });
                last_shown = n;
            }
        }
        Pagination {
            current,
            total,
            prev: (current > 1).then(|| Urls::page(first_url, current - 1)),
            next: (current < total).then(|| Urls::page(first_url, current + 1)),
            pages,
            first_item: if range.is_empty() { 0 } else { range.start + 1 },
            last_item: range.end,
            total_items,
        }
    }
}

/// A label and value shown in a term's fact list.
#[derive(Debug, Serialize)]
pub(crate) struct Fact {
    /// Label (`Type`).
    pub label: String,
    /// Value (`City commercial banks`).
    pub value: String,
    /// Optional link.
    pub url: Option<String>,
}

/// A term page (one institution, module, level, year, domain, type or tag).
#[derive(Debug, Serialize)]
pub(crate) struct TermView<'a> {
    /// Inline SVG of results per year (institutions and modules), when there are any.
    pub chart: Option<&'a str>,
    /// `institution`, `module`, …
    pub kind: TermKind,
    /// `Institution`.
    pub kind_label: &'a str,
    /// `Institutions`.
    pub kind_plural: &'a str,
    /// The kind's index page.
    pub index_url: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Chinese name.
    pub name_zh: Option<&'a str>,
    /// Description from the registry.
    pub description: Option<&'a str>,
    /// Facts shown under the title.
    pub facts: &'a [Fact],
    /// Related terms (a part's modules, a module's part).
    pub related: &'a [LinkView],
    /// Label for `related`.
    pub related_label: &'a str,
    /// The cases on this page.
    pub cases: Vec<Listed<'a>>,
    /// Cases across all pages.
    pub total: usize,
    /// Results filed under the term (the sum of the records' `count`).
    pub results_total: u32,
    /// "8 results, 0 case studies".
    pub count_label: String,
    /// The term's results table rows, pre-rendered (`partials/record_row.html`); on the
    /// first page only.
    pub results: Vec<&'a str>,
    /// Records left out of `results` (past [`RESULTS_PER_TERM_PAGE`]), 0 when none.
    pub results_more: usize,
    /// The `/results/` view of exactly this term's records, when the list page can filter
    /// by this kind of term (not for domains and tags).
    pub results_url: Option<String>,
    /// Page navigation.
    pub pagination: Pagination,
}

/// How many records a term page's results table shows: the newest ones. A large site's
/// module or level can stand for thousands of results; the rest are one link away, in the
/// `/results/` view filtered to the term.
pub(crate) const RESULTS_PER_TERM_PAGE: usize = 100;

/// One term in an index.
#[derive(Debug, Serialize)]
pub(crate) struct TermLink {
    /// Display name.
    pub name: String,
    /// Chinese name.
    pub name_zh: Option<String>,
    /// Term page.
    pub url: String,
    /// Number of case studies.
    pub count: usize,
    /// Number of results (the sum of the records' `count`).
    pub results: u32,
    /// "8 results, 0 case studies".
    pub label: String,
    /// A short note (institution type, part…).
    pub note: Option<String>,
}

/// A titled group of terms in an index.
#[derive(Debug, Serialize)]
pub(crate) struct TermGroup {
    /// Group title (a part, an institution type), or empty for a single group.
    pub title: String,
    /// Chinese title.
    pub title_zh: Option<String>,
    /// Group page, when the group is itself a term.
    pub url: Option<String>,
    /// Case studies in the group.
    pub count: usize,
    /// Results in the group.
    pub results: u32,
    /// "8 results, 0 case studies".
    pub label: String,
    /// The terms.
    pub terms: Vec<TermLink>,
}

/// An index page of one kind of term.
#[derive(Debug, Serialize)]
pub(crate) struct TermsView {
    /// The kind.
    pub kind: TermKind,
    /// `Institutions`.
    pub title: String,
    /// A sentence explaining the grouping.
    pub intro: String,
    /// Groups of terms.
    pub groups: Vec<TermGroup>,
    /// Number of terms.
    pub total_terms: usize,
    /// The levels explained, on the levels index only.
    pub levels: Option<crate::site::pages::levels::LevelsView>,
}

/// A listing of all case studies, paginated.
#[derive(Debug, Serialize)]
pub(crate) struct ListingView<'a> {
    /// The cases on this page.
    pub cases: Vec<Listed<'a>>,
    /// Page navigation.
    pub pagination: Pagination,
}

/// The article a case study or result comes from, for "Original article" and results
/// tables.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ArticleView {
    /// Headline.
    pub title: String,
    /// Publisher, when given.
    pub publisher: Option<String>,
    /// Publication date (`YYYY-MM-DD`), when given.
    pub date: Option<String>,
    /// Publication date for reading (`24 December 2021`), when given.
    pub date_display: Option<String>,
    /// Where to read it, when given.
    pub url: Option<String>,
}

impl ArticleView {
    /// The view of `article`.
    pub(crate) fn new(
        article: &crate::model::results::Article,
        lang: crate::model::Lang,
    ) -> ArticleView {
        ArticleView {
            title: article.title.clone(),
            publisher: article.publisher.clone(),
            date: article.date.map(|d| d.to_string()),
            date_display: article.date.map(|d| crate::site::locale::date(lang, d)),
            url: article.url.clone(),
        }
    }
}

/// A record's date as tables show it, in the page's language and the cards' format:
/// `24 December 2021`, or `by 24 December 2021` for a result only known by then
/// (`term.fact.known_by`).
pub(crate) fn date_label(
    dating: crate::model::results::Dating,
    lang: crate::model::Lang,
) -> String {
    use crate::model::results::Dating;
    match dating {
        Dating::Announced(d) => crate::site::locale::date(lang, d),
        Dating::KnownBy(d) => crate::site::locale::known_by(lang, d),
    }
}

/// One row of a results table: one record of [`Site::results`].
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RecordRow {
    /// The day (`YYYY-MM-DD`).
    pub date: String,
    /// `24 December 2021`, or `by 24 December 2021` for a result only known by then.
    pub date_label: String,
    /// `announced` or `known_by`.
    pub dating: &'static str,
    /// The institution.
    pub bank: LinkView,
    /// Its short name.
    pub bank_short: String,
    /// The project, when known.
    pub project: Option<String>,
    /// The module or part.
    pub module: LinkView,
    /// True when the result is recorded against a whole part.
    pub is_part: bool,
    /// The level, when known.
    pub level: Option<LevelView>,
    /// How many results the row stands for.
    pub count: u32,
    /// The case study: the record's own, or the one `source:` names.
    pub case: Option<LinkView>,
    /// True when `case` is the record's own case study (not only its source).
    pub own_case: bool,
    /// The language tag of `case`'s page (`en`, `zh-CN`): another language than the
    /// page's when the case study has no version in it.
    pub case_lang: Option<&'static str>,
    /// The source article, when the record names one.
    pub article: Option<ArticleView>,
    /// The note.
    pub note: Option<String>,
}

impl RecordRow {
    /// The row of `record`. `cases` are the case cards, parallel to `site.cases`.
    pub(crate) fn new(
        site: &Site,
        record: &crate::model::results::ResultRecord,
        cards: &[CaseCard],
        urls: &Urls,
    ) -> RecordRow {
        use crate::model::results::Source;
        let bank = &site.registry.banks[record.bank];
        let case_link = |card: &CaseCard| LinkView {
            name: card.title.clone(),
            name_zh: None,
            url: card.url.clone(),
        };
        let (card, own_case) = match (record.case(), &record.source) {
            (Some(i), _) => (cards.get(i), true),
            (None, Some(Source::Case(slug))) => {
                let i = site.cases.iter().position(|c| &c.slug == slug);
                (i.and_then(|i| cards.get(i)), false)
            }
            _ => (None, false),
        };
        let (case, case_lang) = (card.map(case_link), card.map(|c| c.lang));
        let article = match &record.source {
            Some(Source::Article(a)) => Some(ArticleView::new(a, site.config.pages_lang)),
            _ => None,
        };
        RecordRow {
            date: record.date().to_string(),
            date_label: date_label(record.dating, site.config.pages_lang),
            dating: record.dating.kind(),
            bank: LinkView {
                name: bank.name.clone(),
                name_zh: bank.name_zh.clone(),
                url: urls.term(TermKind::Institution, &bank.id),
            },
            bank_short: bank.short_name().to_string(),
            project: record.project.clone(),
            module: unit_link(site, record.module, urls),
            is_part: site.registry.units[record.module].is_part(record.module),
            level: record.level.map(|l| LevelView::new(l, urls)),
            count: record.count,
            case,
            own_case,
            case_lang,
            article,
            note: record.note.clone(),
        }
    }
}

/// The catalogue's name of a kind of term: `Institution`, or `Institutions` when `plural`.
pub(crate) fn kind_name(strings: &Strings, kind: TermKind, plural: bool) -> &str {
    strings.text(kind_name_key(kind, plural))
}

/// The catalogue key of [`kind_name`] (`kinds.institutions.plural`).
pub(crate) fn kind_name_key(kind: TermKind, plural: bool) -> &'static str {
    match (kind, plural) {
        (TermKind::Institution, false) => "kinds.institutions.singular",
        (TermKind::Institution, true) => "kinds.institutions.plural",
        (TermKind::Module, false) => "kinds.modules.singular",
        (TermKind::Module, true) => "kinds.modules.plural",
        (TermKind::Level, false) => "kinds.levels.singular",
        (TermKind::Level, true) => "kinds.levels.plural",
        (TermKind::Year, false) => "kinds.years.singular",
        (TermKind::Year, true) => "kinds.years.plural",
        (TermKind::Domain, false) => "kinds.domains.singular",
        (TermKind::Domain, true) => "kinds.domains.plural",
        (TermKind::Type, false) => "kinds.types.singular",
        (TermKind::Type, true) => "kinds.types.plural",
        (TermKind::Tag, false) => "kinds.tags.singular",
        (TermKind::Tag, true) => "kinds.tags.plural",
    }
}

/// "8 results, 0 case studies": how a count is said on every page (the catalogue's
/// `count.results_and_cases` with `count.results` and `count.case_studies`).
pub(crate) fn results_and_cases(strings: &Strings, results: u32, cases: usize) -> String {
    let count = |key: &str, n: i64| {
        strings.format(key, Some(n), &[("n", n.to_string())]).unwrap_or_else(|| key.to_string())
    };
    let args = [
        ("results", count("count.results", i64::from(results))),
        ("cases", count("count.case_studies", i64::try_from(cases).unwrap_or(i64::MAX))),
    ];
    strings.format("count.results_and_cases", None, &args).unwrap_or_default()
}

/// A count with a label and link, for home-page summaries.
#[derive(Debug, Serialize)]
pub(crate) struct Count {
    /// Label.
    pub name: String,
    /// Chinese label.
    pub name_zh: Option<String>,
    /// Link.
    pub url: String,
    /// Number of results (the sum of the records' `count`).
    pub count: u32,
    /// Number of case studies.
    pub cases: usize,
    /// "8 results, 0 case studies".
    pub label: String,
}

/// The home page.
#[derive(Debug, Serialize)]
pub(crate) struct HomeView<'a> {
    /// Newest case studies.
    pub latest: Vec<Listed<'a>>,
    /// Published case studies.
    pub cases: usize,
    /// Results (case studies and `results.yaml`).
    pub results: u32,
    /// Institutions with at least one result.
    pub institutions: usize,
    /// Modules and parts with at least one result.
    pub modules: usize,
    /// First and last year with results (`2021–2024`).
    pub years_span: String,
    /// Results per part.
    pub by_part: Vec<Count>,
    /// Results per level.
    pub by_level: Vec<Count>,
    /// Results per year, newest first.
    pub by_year: Vec<Count>,
    /// Results per institution type.
    pub by_type: Vec<Count>,
    /// The newest results' table rows (HTML).
    pub latest_results: Vec<&'a str>,
    /// The levels on record and their counts.
    pub levels: crate::site::pages::levels::LevelsView,
    /// Institutions × parts, the highest level and number of results in each.
    pub preview: crate::site::pages::home::MatrixPreview,
    /// The participation chart of the statistics page (inline SVG), when there is data.
    pub trend: Option<String>,
}
