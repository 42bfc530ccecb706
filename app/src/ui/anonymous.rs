//! The mark a page puts on itself when every visitor without a cookie sees
//! it alike, so the server may answer them from memory.

/// The response header a page's render sets when what it shows a visitor
/// without any cookie is the same for every such visitor, every time, for
/// the same address (no clock, no database, no address of theirs): the
/// server may then answer the next such visitor from memory
/// (`server::page_cache`), which removes the header.
pub const ANONYMOUS_PAGE_HEADER: &str = "x-cars-anonymous-page";

/// Marks this page as [`ANONYMOUS_PAGE_HEADER`] says. A page that starts
/// showing anything that changes (a count, a time, a message from the
/// database) must stop calling this.
pub fn same_for_every_anonymous_visitor() {
    #[cfg(feature = "ssr")]
    {
        use axum::http::{HeaderName, HeaderValue};
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(HeaderName::from_static(ANONYMOUS_PAGE_HEADER), HeaderValue::from_static("1"));
        }
    }
}
