//! Facts about the `kitchen_sink` fixture that several test modules check against.

/// Published case slugs in listing order (newest first). `gamma-draft` is left out.
pub(crate) const CASES: [&str; 13] = [
    "zeta-secops",     // 2024-08-08
    "beta-secops",     // 2024-06-06 (rich-markdown.md, explicit slug)
    "zeta-build",      // 2024-04-04
    "epsilon-secdel",  // 2024-02-02
    "delta-ops",       // 2023-08-08 (BOM + CRLF)
    "gamma-zh",        // 2023-05-05 (Chinese)
    "alpha-part",      // 2023-01-20 (whole part, 2+)
    "beta-build",      // 2022-09-01
    "alpha-secdev-l2", // 2022-06-15
    "gamma-secops",    // 2022-03-03 (2+)
    "beta-secdel",     // 2021-12-24
    "alpha-secdev-l3", // 2021-03-10
    "delta-secdev",    // 2021-01-05
];

/// The draft (2024-09-09, newest of all when drafts are built).
pub(crate) const DRAFT: &str = "gamma-draft";

/// `per_page` of the fixture's `site.yaml`.
pub(crate) const PER_PAGE: usize = 3;
