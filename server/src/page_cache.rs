//! Anonymous pages answered from memory.
//!
//! The home page, the sign-in page and the content pages show a visitor
//! without any cookie the same HTML every time (their renders say so with
//! [`app::ui::ANONYMOUS_PAGE_HEADER`]). Rendering one costs about twenty
//! times what sending it does, and these are the pages a crowd, or a
//! flood, asks for. This layer keeps the first such render of each address
//! and answers the next cookie-less visitors with it.
//!
//! Two things keep it from ever showing one person's page to another:
//!
//! - **Only a request with no cookie at all is answered or kept.** A
//!   session, a pending sign-in, a registration, a remembered browser and a
//!   form flash are all cookies, so their pages are always rendered. A
//!   render that sets a cookie, or answers anything but 200, is not kept.
//! - **Only a page that says so is kept**, never one that reads the
//!   database, the clock or the visitor's address.
//!
//! Each answer still carries its own script nonce: the kept page is split
//! at its `nonce="…"` attributes (the only place the nonce appears, see
//! `steady_head`), and this request's nonce, which the security layer
//! outside names in this response's policy, is put back between the parts.
//!
//! It sits inside compression (each answer is compressed for its browser
//! as a render would be) and outside the head layer (what is kept already
//! has its steady head).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use app::security::PageNonce;
use app::ui::ANONYMOUS_PAGE_HEADER;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// Addresses kept at most. Those with a query (`/login?type=school`) are
/// chosen by whoever types them, so they get only half: the plain
/// addresses of the marked pages (a handful) always fit.
const MAX_PAGES: usize = 64;
const MAX_WITH_QUERY: usize = MAX_PAGES / 2;

/// The pages kept, by address (path and query), and what they have saved.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: RwLock<HashMap<String, Arc<KeptPage>>>,
    answered: AtomicU64,
}

/// What one render sent: its headers, and its body split at its nonce.
#[derive(Debug)]
struct KeptPage {
    headers: HeaderMap,
    /// The body between its `nonce="…"` attributes, in order.
    parts: Vec<Bytes>,
}

impl KeptPage {
    /// The page for a request whose nonce is `nonce`.
    fn answer(&self, nonce: &str) -> Response {
        let attribute = nonce_attribute(nonce);
        let length: usize = self.parts.iter().map(Bytes::len).sum();
        let mut body = Vec::with_capacity(length + self.parts.len() * attribute.len());
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                body.extend_from_slice(attribute.as_bytes());
            }
            body.extend_from_slice(part);
        }
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = self.headers.clone();
        response
    }
}

impl PageCache {
    /// How many requests were answered from memory: for the tests and the
    /// benchmark's notes.
    pub fn answered(&self) -> u64 {
        self.answered.load(Ordering::Relaxed)
    }

    /// How many addresses are kept.
    pub fn kept(&self) -> usize {
        self.pages.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    fn get(&self, address: &str) -> Option<Arc<KeptPage>> {
        self.pages.read().unwrap_or_else(|e| e.into_inner()).get(address).cloned()
    }

    fn keep(&self, address: String, page: KeptPage) {
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        let with_query = pages.keys().filter(|a| a.contains('?')).count();
        let full = pages.len() >= MAX_PAGES || (address.contains('?') && with_query >= MAX_WITH_QUERY);
        if !full {
            pages.entry(address).or_insert_with(|| Arc::new(page));
        }
    }
}

/// The layer: see the module documentation.
pub async fn answer_from_memory(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    let visitor = anonymous_visit(&request);
    let Some((uri, PageNonce(nonce))) = visitor else {
        let mut response = next.run(request).await;
        response.headers_mut().remove(ANONYMOUS_PAGE_HEADER);
        return response;
    };
    let address = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    if let Some(page) = cache.get(address) {
        cache.answered.fetch_add(1, Ordering::Relaxed);
        return page.answer(&nonce);
    }
    let mut response = next.run(request).await;
    let marked = response.headers_mut().remove(ANONYMOUS_PAGE_HEADER).is_some();
    let headers = response.headers();
    if !marked
        || response.status() != StatusCode::OK
        || headers.contains_key(header::SET_COOKIE)
        || headers.contains_key(header::CONTENT_ENCODING)
    {
        return response;
    }
    let (parts, bytes) = match crate::steady_head::whole_page(response, "keeping it").await {
        Ok(whole) => whole,
        Err(lost) => return lost,
    };
    if let Some(split) = split_at_nonce(&bytes, &nonce) {
        cache.keep(address.to_string(), KeptPage { headers: parts.headers.clone(), parts: split });
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The address and nonce of a request this layer may answer: a GET with no
/// cookie at all, given a nonce by the security layer.
fn anonymous_visit(request: &Request) -> Option<(axum::http::Uri, PageNonce)> {
    if request.method() != Method::GET || request.headers().contains_key(header::COOKIE) {
        return None;
    }
    let nonce = request.extensions().get::<PageNonce>()?.clone();
    Some((request.uri().clone(), nonce))
}

fn nonce_attribute(nonce: &str) -> String {
    format!("nonce=\"{nonce}\"")
}

/// `body` cut at each `nonce="{nonce}"`, or nothing if the nonce shows
/// anywhere else too (it would go out stale there), or nowhere at all (a
/// page without scripts has no need of this layer's care, but one whose
/// nonce went missing is not one to repeat).
fn split_at_nonce(body: &Bytes, nonce: &str) -> Option<Vec<Bytes>> {
    let text = std::str::from_utf8(body).ok()?;
    let attribute = nonce_attribute(nonce);
    if text.matches(nonce).count() != text.matches(&attribute).count() || !text.contains(&attribute) {
        return None;
    }
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, _) in text.match_indices(&attribute) {
        parts.push(body.slice(start..at));
        start = at + attribute.len();
    }
    parts.push(body.slice(start..));
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_page_carries_each_answers_own_nonce() {
        let body = Bytes::from(r#"<head><script nonce="n1">a()</script></head><body><script nonce="n1">b()</script></body>"#);
        let parts = split_at_nonce(&body, "n1").unwrap();
        assert_eq!(parts.len(), 3);
        let page = KeptPage { headers: HeaderMap::new(), parts };
        let answer = page.answer("fresh");
        let bytes = futures_body(answer);
        assert_eq!(bytes, r#"<head><script nonce="fresh">a()</script></head><body><script nonce="fresh">b()</script></body>"#);

        // The nonce anywhere but a nonce= attribute, or nowhere: not kept.
        assert!(split_at_nonce(&Bytes::from(r#"<script nonce="n1"></script><p>n1</p>"#), "n1").is_none());
        assert!(split_at_nonce(&Bytes::from("<p>no scripts</p>"), "n1").is_none());
    }

    #[test]
    fn addresses_with_a_query_cannot_crowd_out_the_plain_ones() {
        let cache = PageCache::default();
        let page = || KeptPage { headers: HeaderMap::new(), parts: vec![Bytes::new()] };
        let login = app::routes::Route::Login.path();
        for i in 0..MAX_PAGES {
            cache.keep(format!("{login}?next={i}"), page());
        }
        assert_eq!(cache.kept(), MAX_WITH_QUERY);
        let faq = app::routes::Route::Faq.path();
        cache.keep(faq.to_string(), page());
        assert!(cache.get(faq).is_some());
        assert!(cache.get(&format!("{login}?next={}", MAX_PAGES - 1)).is_none());
    }

    fn futures_body(response: Response) -> String {
        let bytes = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}
