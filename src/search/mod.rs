//! Full-text search index (placeholder: being written).

use crate::markdown::Rendered;
use crate::model::Site;
use crate::output::OutputFile;

/// Builds the search index files (under `search/`) for the published cases.
pub fn build(_site: &Site, _rendered: &[Rendered]) -> Vec<OutputFile> {
    Vec::new()
}
