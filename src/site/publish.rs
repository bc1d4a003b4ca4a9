//! What a published site needs besides its pages: Atom feeds (the whole site, each
//! institution, each module), `sitemap.xml` (split into a sitemap index past 50,000 URLs)
//! and `robots.txt`.
//!
//! Feeds read the one results list ([`Site::results`]): an entry per record, newest
//! first; a case study's record is its case study, a `results.yaml` record an entry of
//! its own that links to the institution's page.
//!
//! Feeds are written with `atom_syndication`, so they are well-formed Atom by
//! construction. Links in feeds and sitemaps must be absolute: they use the origin of
//! `base_url`. A site without an absolute base URL still gets feeds (entry ids are then
//! `urn:` ids and links are relative to the feed) but no sitemap, which requires absolute
//! URLs.

use atom_syndication::{Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use rayon::prelude::*;

use crate::model::results::{Dating, ResultRecord, Source};
use crate::model::taxonomy::{Taxonomies, Term, TermKind, TermRef};
use crate::model::{CaseStudy, Date, Site};
use crate::output::OutputFile;
use crate::site::strings::Strings;
use crate::site::views::Urls;

/// Entries in each feed: the newest results.
const FEED_ENTRIES: usize = 20;
/// URLs per sitemap file (the protocol's limit).
const SITEMAP_LIMIT: usize = 50_000;

/// The feeds, sitemap and robots.txt of the site. `summaries` are the card summaries
/// (front-matter summary or excerpt), parallel to `site.cases`; `pages` are the output
/// paths of every HTML page, for the sitemap. Text a reader sees in a feed (term feed
/// titles, entry summaries) comes from `strings`, the theme's catalogue.
pub(crate) fn build(
    site: &Site,
    tax: &Taxonomies,
    summaries: &[&str],
    pages: &[&str],
    strings: &Strings,
) -> Vec<OutputFile> {
    let mut out = feeds(site, tax, summaries, strings);
    out.extend(sitemaps(site, pages));
    out.push(robots(site));
    out
}

/// The Atom feeds of the site, each institution and each module (paths relative to the
/// pages' language root).
pub(crate) fn feeds(
    site: &Site,
    tax: &Taxonomies,
    summaries: &[&str],
    strings: &Strings,
) -> Vec<OutputFile> {
    let urls = Urls::new(&site.config.base_path).with_lang(site.config.pages_lang);
    let all: Vec<usize> = (0..site.results().len()).collect();
    let terms: Vec<(TermKind, &Term)> = [TermKind::Institution, TermKind::Module]
        .into_iter()
        .flat_map(|kind| tax.of(kind).iter().filter(|t| !t.is_empty()).map(move |t| (kind, t)))
        .collect();
    let feeds = Feeds { site, urls: &urls, summaries, ids: record_ids(site), strings };
    let mut out = vec![feeds.file("atom.xml", &site.config.title, &all)];
    out.par_extend(terms.par_iter().map(|(kind, term)| {
        let path = format!("{}/{}/atom.xml", kind.section(), term.slug);
        let args = [("site", site.config.title.clone()), ("name", term.name.clone())];
        let title = fill(strings, "feed.term_title", None, &args);
        feeds.file(&path, &title, &term.results)
    }));
    out
}

/// The feed URL of a term page, for `<link rel="alternate">`, when the term has one.
pub(crate) fn feed_url(urls: &Urls, kind: TermKind, what: TermRef, slug: &str) -> Option<String> {
    match (kind, what) {
        (TermKind::Institution, TermRef::Bank(_)) | (TermKind::Module, TermRef::Unit(_)) => {
            Some(format!("{}atom.xml", urls.term(kind, slug)))
        }
        _ => None,
    }
}

fn absolute(site: &Site, path: &str) -> String {
    format!("{}{}", site.config.origin, path)
}

fn datetime(date: Date) -> FixedDateTime {
    FixedDateTime::parse_from_rfc3339(&format!("{date}T00:00:00+00:00"))
        .expect("a validated date formats as RFC 3339")
}

/// The catalogue text of `key` for the count `n`, its placeholders filled from `args`.
fn fill(strings: &Strings, key: &str, n: Option<i64>, args: &[(&str, String)]) -> String {
    strings.format(key, n, args).unwrap_or_else(|| key.to_string())
}

fn entry(site: &Site, urls: &Urls, strings: &Strings, case: &CaseStudy, summary: &str) -> Entry {
    let path = crate::site::views::case_url(site, case, urls);
    let id = if site.config.origin.is_empty() {
        format!("urn:casebook:case:{}", case.slug)
    } else {
        absolute(site, &path)
    };
    let bank = &site.registry.banks[case.bank];
    let unit = &site.registry.units[case.module];
    let mut e = Entry::default();
    e.set_id(id);
    e.set_title(Text::plain(case.title.clone()));
    e.set_updated(datetime(case.date));
    e.set_published(Some(datetime(case.date)));
    e.set_links(vec![Link {
        href: absolute(site, &path),
        rel: "alternate".into(),
        mime_type: Some("text/html".into()),
        ..Link::default()
    }]);
    e.set_authors(vec![Person { name: case.assessor.clone(), ..Person::default() }]);
    let args = [
        ("summary", summary.to_string()),
        ("institution", bank.name.clone()),
        ("module", unit.name.clone()),
        ("level", case.level.to_string()),
        (
            "level_name",
            crate::site::locale::level_name(site.config.pages_lang, case.level).to_string(),
        ),
        ("date", crate::site::locale::date(site.config.pages_lang, case.date)),
    ];
    let full = fill(strings, "feed.case_summary", None, &args);
    e.set_summary(Some(Text::plain(full)));
    e.set_categories(
        case.domains
            .iter()
            .map(|d| atom_syndication::Category {
                term: d.clone(),
                ..atom_syndication::Category::default()
            })
            .collect::<Vec<_>>(),
    );
    e
}

/// What every feed file is built from.
struct Feeds<'a> {
    site: &'a Site,
    urls: &'a Urls,
    /// Card summaries, parallel to `site.cases`.
    summaries: &'a [&'a str],
    /// Entry ids of the records without a case study, parallel to `site.results`.
    ids: Vec<String>,
    /// The theme's catalogue.
    strings: &'a Strings,
}

impl Feeds<'_> {
    /// The feed at `path` of the records `records` (indices into `site.results`, newest
    /// first).
    fn file(&self, path: &str, title: &str, records: &[usize]) -> OutputFile {
        let (site, urls) = (self.site, self.urls);
        let mut feed = Feed::default();
        let self_url = absolute(site, &urls.abs(path));
        let page_url = absolute(site, &urls.abs(path.trim_end_matches("atom.xml")));
        feed.set_id(if site.config.origin.is_empty() {
            format!("urn:casebook:feed:{path}")
        } else {
            self_url.clone()
        });
        feed.set_title(Text::plain(title.to_string()));
        feed.set_subtitle(Some(Text::plain(site.config.description.clone())));
        let newest = records.iter().map(|&i| site.results()[i].date()).max().unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        });
        feed.set_updated(datetime(newest));
        feed.set_authors(vec![Person { name: site.config.title.clone(), ..Person::default() }]);
        feed.set_generator(Some(Generator {
            value: "casebook".into(),
            uri: None,
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }));
        feed.set_links(vec![
            Link {
                href: self_url,
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Link::default()
            },
            Link {
                href: page_url,
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Link::default()
            },
        ]);
        feed.set_lang(Some(site.config.pages_lang.tag().to_string()));
        let entries: Vec<Entry> = records
            .iter()
            .take(FEED_ENTRIES)
            .map(|&i| {
                let r = &site.results()[i];
                match r.case() {
                    Some(c) => entry(site, urls, self.strings, &site.cases[c], self.summaries[c]),
                    None => record_entry(site, urls, self.strings, r, &self.ids[i]),
                }
            })
            .collect();
        feed.set_entries(entries);
        // `Feed`'s writer emits the XML declaration itself.
        let mut xml = feed.to_string();
        xml.push('\n');
        OutputFile { path: path.to_string(), bytes: xml.into_bytes().into() }
    }
}

/// Stable entry ids for the records without a case study, from what they say (not from
/// their line, so that editing `results.yaml` elsewhere keeps them):
/// `urn:casebook:result:<institution>/<module>/<announced|known_by>/<date>/<project>`,
/// with `-2`, `-3`… for identical records. Empty for case studies' records.
pub(crate) fn record_ids(site: &Site) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    site.results()
        .iter()
        .map(|r| {
            if r.case().is_some() {
                return String::new();
            }
            let key = format!(
                "urn:casebook:result:{}/{}/{}/{}/{}",
                site.registry.banks[r.bank].id,
                site.registry.units[r.module].id,
                r.dating.kind(),
                r.date(),
                r.project
                    .as_deref()
                    .map_or_else(|| "-".to_string(), crate::validate::slug::slugify),
            );
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            if *n == 1 { key } else { format!("{key}-{n}") }
        })
        .collect()
}

/// The feed entry of a record without a case study: it links to the institution's page,
/// whose results table lists it.
fn record_entry(site: &Site, urls: &Urls, strings: &Strings, r: &ResultRecord, id: &str) -> Entry {
    let bank = &site.registry.banks[r.bank];
    let unit = &site.registry.units[r.module];
    let text = |key: &str, args: &[(&str, String)]| fill(strings, key, None, args);
    let level = r.level.map_or(String::new(), |l| {
        let name = crate::site::locale::level_name(site.config.pages_lang, l);
        text("feed.record.level", &[("level", l.to_string()), ("level_name", name.into())])
    });
    let count = if r.count > 1 {
        text("feed.record.count", &[("count", r.count.to_string())])
    } else {
        String::new()
    };
    let project = r
        .project
        .as_deref()
        .map_or(String::new(), |p| text("feed.record.project", &[("project", p.into())]));
    let when = match r.dating {
        Dating::Announced(d) => text(
            "feed.record.announced",
            &[("date", crate::site::locale::date(site.config.pages_lang, d))],
        ),
        Dating::KnownBy(d) => text(
            "feed.record.known_by",
            &[("date", crate::site::locale::date(site.config.pages_lang, d))],
        ),
    };
    let mut e = Entry::default();
    e.set_id(id.to_string());
    let title_args = [
        ("institution", bank.name.clone()),
        ("module", unit.name.clone()),
        ("project", project),
        ("count", count),
        ("level", level),
    ];
    e.set_title(Text::plain(text("feed.record.title", &title_args)));
    e.set_updated(datetime(r.date()));
    if r.dating.is_announced() {
        e.set_published(Some(datetime(r.date())));
    }
    let page = urls.term(crate::model::taxonomy::TermKind::Institution, &bank.id);
    e.set_links(vec![Link {
        href: absolute(site, &page),
        rel: "alternate".into(),
        mime_type: Some("text/html".into()),
        ..Link::default()
    }]);
    let source = match &r.source {
        Some(Source::Article(a)) => {
            text("feed.record.source_article", &[("title", a.title.clone())])
        }
        Some(Source::Case(slug)) => {
            site.cases.iter().find(|c| &c.slug == slug).map_or(String::new(), |c| {
                text("feed.record.source_case", &[("title", c.title.clone())])
            })
        }
        None => String::new(),
    };
    let note = r.note.as_deref().map_or(String::new(), |n| format!(" {n}"));
    let args = [("n", r.count.to_string()), ("when", when), ("source", source), ("note", note)];
    let summary = fill(strings, "feed.record.summary", Some(i64::from(r.count)), &args);
    e.set_summary(Some(Text::plain(summary)));
    e
}

/// `sitemap.xml` (or a sitemap index with `sitemap-N.xml` parts past 50,000 URLs).
fn sitemaps(site: &Site, pages: &[&str]) -> Vec<OutputFile> {
    if site.config.origin.is_empty() {
        return Vec::new();
    }
    let mut locs: Vec<String> = pages
        .iter()
        .filter(|p| **p != "404.html")
        .map(|p| {
            absolute(
                site,
                &format!("{}{}", site.config.base_path, p.strip_suffix("index.html").unwrap_or(p)),
            )
        })
        .collect();
    locs.sort();
    let alternates = alternates(site, pages);
    let urlset = |locs: &[String]| {
        let mut xml = String::from(if alternates.is_empty() {
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        } else {
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
        });
        for l in locs {
            match alternates.get(l.as_str()) {
                None => xml.push_str(&format!(
                    "  <url><loc>{}</loc></url>\n",
                    crate::render::escape_html(l)
                )),
                Some(links) => {
                    xml.push_str(&format!("  <url><loc>{}</loc>\n", crate::render::escape_html(l)));
                    for (tag, href) in links {
                        xml.push_str(&format!(
                            "    <xhtml:link rel=\"alternate\" hreflang=\"{tag}\" href=\"{}\"/>\n",
                            crate::render::escape_html(href)
                        ));
                    }
                    xml.push_str("  </url>\n");
                }
            }
        }
        xml.push_str("</urlset>\n");
        xml.into_bytes()
    };
    if locs.len() <= SITEMAP_LIMIT {
        return vec![OutputFile { path: "sitemap.xml".into(), bytes: urlset(&locs).into() }];
    }
    let mut out = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, chunk) in locs.chunks(SITEMAP_LIMIT).enumerate() {
        let path = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            crate::render::escape_html(&absolute(
                site,
                &format!("{}{path}", site.config.base_path)
            ))
        ));
        out.push(OutputFile { path, bytes: urlset(chunk).into() });
    }
    index.push_str("</sitemapindex>\n");
    out.push(OutputFile { path: "sitemap.xml".into(), bytes: index.into_bytes().into() });
    out
}

/// For a site in several languages, the language versions of each page that has more than
/// one, keyed by the absolute URL of each version: (hreflang, URL) of every version, its
/// own included, as the sitemap protocol's `xhtml:link` wants them. Empty for one language.
fn alternates(
    site: &Site,
    pages: &[&str],
) -> std::collections::HashMap<String, Vec<(&'static str, String)>> {
    let config = &site.config;
    let mut out = std::collections::HashMap::new();
    if !config.is_multilingual() {
        return out;
    }
    let loc = |p: &str| {
        absolute(
            site,
            &format!("{}{}", config.root_path, p.strip_suffix("index.html").unwrap_or(p)),
        )
    };
    // Group the pages by their path inside their language's folder.
    let mut groups: std::collections::BTreeMap<&str, Vec<(&'static str, String)>> =
        Default::default();
    for p in pages.iter().filter(|p| !p.ends_with("404.html")) {
        let (lang, rel) = config
            .languages
            .iter()
            .skip(1)
            .find_map(|l| p.strip_prefix(config.lang_prefix(l.lang)).map(|rel| (l.lang, rel)))
            .unwrap_or((config.language, p));
        groups.entry(rel).or_default().push((lang.tag(), loc(p)));
    }
    for (_, versions) in groups {
        if versions.len() > 1 {
            for (_, url) in &versions {
                out.insert(url.clone(), versions.clone());
            }
        }
    }
    out
}

fn robots(site: &Site) -> OutputFile {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if !site.config.origin.is_empty() {
        text.push_str(&format!(
            "Sitemap: {}{}sitemap.xml\n",
            site.config.origin, site.config.base_path
        ));
    }
    OutputFile { path: "robots.txt".into(), bytes: text.into_bytes().into() }
}
