//! `/results/` and the matrix in headless Chromium: sorting, filtering from the URL, the
//! CSV download, and no sideways scrolling on a phone.
