//! The paginated listing of all case studies.

use crate::site::context::{Context, PageView};
use crate::site::jobs::PageKind;
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
        let title = self.paged(self.text("page.listing.title").into(), page, pages);
        let meta = self.meta(
            title,
            self.fill("page.listing.description", &[("count", self.cards.len().to_string())]),
            Urls::page(&first, page),
            PageKind::Listing,
            Vec::new(),
        );
        self.context(
            meta,
            PageView::Listing(ListingView {
                cases: range.clone().map(|i| self.listed(i)).collect(),
                pagination,
            }),
        )
    }
}
