//! The `/matrix/` and `/results/` pages (their views are built in
//! [`crate::site::results_page`]).

use crate::site::context::Context;
use crate::site::pages::Renderer;
use crate::site::results_page;

impl Renderer<'_> {
    pub(super) fn matrix(&self) -> Context<'_> {
        let mut ctx = self.context(self.meta(
            "Results matrix".into(),
            "Who passed what: the highest level each institution has passed in each part and module of YD/T 3763, and how many results stand behind it.".into(),
            self.urls.abs("matrix/"),
            "matrix",
            Vec::new(),
        ));
        ctx.matrix = Some(results_page::matrix_view(self.site(), self.inputs.matrix, self.urls));
        ctx
    }

    pub(super) fn results_page(&self) -> Context<'_> {
        let mut ctx = self.context(self.meta(
            "All results".into(),
            "Every assessment result on record, one row each: institution, part, module, project, level, date and source.".into(),
            self.urls.abs("results/"),
            "results",
            Vec::new(),
        ));
        ctx.results = Some(results_page::results_view(self.site(), self.urls));
        ctx
    }
}
