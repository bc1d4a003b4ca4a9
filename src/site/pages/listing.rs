//! The paginated listing of all case studies.

use crate::site::context::Context;
use crate::site::pages::Renderer;
use crate::site::views::*;

impl Renderer<'_> {
    pub(super) fn listing(
        &self,
        page: usize,
        pages: usize,
        range: &std::ops::Range<usize>,
    ) -> Context<'_> {
        let first = self.urls.abs("cases/");
        let pagination = Pagination::new(&first, page, pages, range, self.cards.len());
        let title = if page > 1 {
            format!("All case studies (page {page} of {pages})")
        } else {
            "All case studies".to_string()
        };
        let mut ctx = self.context(self.meta(
            title,
            format!("Every published case study, newest first ({} in total).", self.cards.len()),
            Urls::page(&first, page),
            "listing",
            Vec::new(),
        ));
        ctx.listing = Some(ListingView {
            cases: range.clone().map(|i| self.listed(i)).collect(),
            pagination,
        });
        ctx
    }
}
