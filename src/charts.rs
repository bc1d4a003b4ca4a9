//! Inline SVG charts rendered at build time (placeholder: being written).
