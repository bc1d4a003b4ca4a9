//! JSON-LD structured data of pages: an `Article` for each case study and a
//! `BreadcrumbList` for pages with a breadcrumb trail. Typed rather than `json!`, so the
//! fields come out in a fixed order. This module owns the JSON-LD types and their
//! serialization; which page carries which is decided in [`crate::site::pages`].

use serde::Serialize;

use crate::site::pages::Renderer;
use crate::site::views::{CaseCard, LinkView};

impl Renderer<'_> {
    /// JSON-LD `Article` for a case study: dates, assessor as author, the institution as
    /// what it is about.
    pub(crate) fn article_ld(&self, i: usize, card: &CaseCard) -> String {
        // Typed rather than `json!`: fields in the order serde_json's sorted maps wrote them.
        #[derive(Serialize)]
        struct Organization<'a> {
            #[serde(rename = "@type")]
            kind: &'a str,
            #[serde(rename = "alternateName", skip_serializing_if = "Option::is_none")]
            alternate_name: Option<Option<&'a str>>,
            name: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            url: Option<String>,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Article<'a> {
            #[serde(rename = "@context")]
            context: &'a str,
            #[serde(rename = "@type")]
            kind: &'a str,
            about: Organization<'a>,
            author: Organization<'a>,
            date_modified: &'a str,
            date_published: &'a str,
            description: &'a str,
            headline: &'a str,
            in_language: &'a str,
            keywords: String,
            main_entity_of_page: String,
            publisher: Organization<'a>,
            url: String,
        }
        let org = |name, alternate_name, url| Organization {
            kind: "Organization",
            alternate_name,
            name,
            url,
        };
        let case = &self.site().cases[i];
        let bank = &self.site().registry.banks[case.bank];
        json_ld(&Article {
            context: "https://schema.org",
            kind: "Article",
            about: org(
                &bank.name,
                Some(bank.name_zh.as_deref()),
                Some(self.absolute(&card.bank.url)),
            ),
            author: org(&case.assessor, None, None),
            date_modified: &card.date,
            date_published: &card.date,
            description: &card.summary,
            headline: &case.title,
            in_language: case.lang.tag(),
            keywords: case.domains.join(", "),
            main_entity_of_page: self.absolute(&card.url),
            publisher: org(&self.site().config.title, None, None),
            url: self.absolute(&card.url),
        })
    }

    /// JSON-LD `BreadcrumbList` for a page with a breadcrumb trail.
    pub(crate) fn breadcrumb_ld(&self, title: &str, url: &str, crumbs: &[LinkView]) -> String {
        #[derive(Serialize)]
        struct ListItem<'a> {
            #[serde(rename = "@type")]
            kind: &'a str,
            item: String,
            name: &'a str,
            position: usize,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct BreadcrumbList<'a> {
            #[serde(rename = "@context")]
            context: &'a str,
            #[serde(rename = "@type")]
            kind: &'a str,
            item_list_element: Vec<ListItem<'a>>,
        }
        let home = self.urls.abs("/");
        let items = std::iter::once((self.text("page.home.crumb"), home.as_str()))
            .chain(crumbs.iter().map(|c| (c.name.as_str(), c.url.as_str())))
            .chain(std::iter::once((title, url)))
            .enumerate()
            .map(|(i, (name, u))| ListItem {
                kind: "ListItem",
                item: self.absolute(u),
                name,
                position: i + 1,
            })
            .collect();
        json_ld(&BreadcrumbList {
            context: "https://schema.org",
            kind: "BreadcrumbList",
            item_list_element: items,
        })
    }
}

/// Serializes structured data for a `<script type="application/ld+json">` element: `<`
/// is escaped so that no text can close the element.
fn json_ld(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).expect("JSON-LD views serialize");
    if json.contains('<') { json.replace('<', "\\u003c") } else { json }
}
