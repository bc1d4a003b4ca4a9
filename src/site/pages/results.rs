//! The `/matrix/` and `/results/` pages (their views are built in
//! [`crate::site::results_page`]).

use crate::site::context::{Context, PageView};
use crate::site::jobs::PageKind;
use crate::site::pages::Renderer;
use crate::site::results_page;

impl Renderer<'_> {
    pub(super) fn matrix(&self) -> Context<'_> {
        let meta = self.meta(
            self.text("page.matrix.title").into(),
            self.text("page.matrix.description").into(),
            self.urls.abs("matrix/"),
            PageKind::Matrix,
            Vec::new(),
        );
        self.context(
            meta,
            PageView::Matrix(results_page::matrix_view(
                self.site(),
                self.inputs.matrix,
                self.urls,
                self.strings(),
            )),
        )
    }

    pub(super) fn results_page(&self) -> Context<'_> {
        let meta = self.meta(
            self.text("page.results.title").into(),
            self.text("page.results.description").into(),
            self.urls.abs("results/"),
            PageKind::Results,
            Vec::new(),
        );
        self.context(
            meta,
            PageView::Results(results_page::results_view(self.site(), self.urls, self.strings())),
        )
    }
}
