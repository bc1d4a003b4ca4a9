//! Validation across files: what one file cannot know on its own. Slugs that must be unique
//! and safe in a URL ([`slug`]), and links and anchors that must lead somewhere
//! ([`links`]).

pub mod links;
pub mod slug;
