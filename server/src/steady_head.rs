//! The same `<head>` for every request of a page, only the nonce differing.
//!
//! Leptos 0.8 adds `<link rel="preload">` tags for the WASM chunks of the
//! lazy pages it saw registered by the time it wrote the head: 0, 13 or 70
//! of them from one request to the next, in hash-set order. It also puts
//! the CSP nonce into those tags' `crossorigin` attribute (and into the
//! main bundle's), which is not a valid value and shows the nonce to CSS
//! selectors. This layer, inside compression, rewrites each HTML page's
//! head once it is whole (every page renders in `SsrMode::Async`, so the
//! body is complete before it is sent anyway):
//!
//! - every chunk preload Leptos wrote is dropped, and the page's own chunks
//!   (the lazy page it rendered, named by [`app::app::LAZY_PAGE_HEADER`]) are
//!   preloaded instead, in the build manifest's order;
//! - `crossorigin` carries `anonymous`, which is what the browser made of
//!   the nonce anyway (an invalid value means anonymous), so nothing loads
//!   differently.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

/// More than any page of ours; a larger HTML body passes unchanged.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// Each lazy page's WASM chunks, from the split build's manifest.
#[derive(Clone, Debug, Default)]
pub struct Preloads {
    /// Keyed by the route type's name in snake case (`second_step_route`).
    chunks: HashMap<String, Vec<String>>,
}

impl Preloads {
    /// Reads `pkg/__wasm_split_manifest.json` under the site root. Without
    /// one (a build without `--split`, the Rust tests) no page has chunks.
    pub fn load(site_root: &Path) -> Self {
        let path = site_root.join("pkg").join("__wasm_split_manifest.json");
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::from_manifest(&text).unwrap_or_else(|e| {
                tracing::warn!(path = %path.display(), error = %e, "the split manifest is not readable: no chunk preloads");
                Self::default()
            }),
            Err(_) => Self::default(),
        }
    }

    /// The manifest names each lazy page `__{route}_view_{hash}`.
    pub fn from_manifest(json: &str) -> Result<Self, serde_json::Error> {
        let manifest: HashMap<String, Vec<String>> = serde_json::from_str(json)?;
        let chunks = manifest
            .into_iter()
            .filter_map(|(key, chunks)| {
                let route = key.strip_prefix("__")?.rsplit_once("_view_")?.0.to_string();
                Some((route, chunks))
            })
            .collect();
        Ok(Self { chunks })
    }

    /// The chunks of the lazy page whose route type is `route` (`SecondStepRoute`).
    fn of(&self, route: &str) -> &[String] {
        self.chunks.get(&snake_case(route)).map_or(&[], Vec::as_slice)
    }
}

/// `SecondStepRoute` → `second_step_route`.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The layer: see the module documentation.
pub async fn steady_head(State(preloads): State<Arc<Preloads>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let route = response.headers_mut().remove(app::app::LAZY_PAGE_HEADER);
    let is_html =
        response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if !is_html || response.headers().contains_key(header::CONTENT_ENCODING) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) => {
            // The page could not be read whole: it is lost, and said so.
            tracing::error!(error = %e, "a page's body could not be read for its head");
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.status = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
            parts.headers.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/plain; charset=utf-8"));
            return Response::from_parts(parts, Body::from(app::messages::WENT_WRONG));
        }
    };
    let Ok(html) = std::str::from_utf8(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let chunks = route.as_ref().and_then(|r| r.to_str().ok()).map_or(&[][..], |r| preloads.of(r));
    let steady = rewrite_head(html, chunks);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(steady))
}

/// The page with its head made steady: Leptos's chunk preloads replaced by
/// `chunks`, every `crossorigin` anonymous. Text outside the head is kept
/// byte for byte.
pub fn rewrite_head(html: &str, chunks: &[String]) -> String {
    let Some(head_end) = html.find("</head>") else { return html.to_string() };
    let (head, rest) = html.split_at(head_end);
    let mut out = String::with_capacity(html.len() + chunks.len() * 110);
    let mut tail = head;
    while let Some(at) = tail.find("<link ") {
        out.push_str(&tail[..at]);
        let Some(len) = tail[at..].find('>').map(|end| end + 1) else { break };
        let tag = &tail[at..at + len];
        tail = &tail[at + len..];
        if is_chunk_preload(tag) {
            continue;
        }
        out.push_str(&anonymous_crossorigin(tag));
    }
    out.push_str(tail);
    for chunk in chunks {
        out.push_str(&format!(
            r#"<link rel="preload" href="/pkg/{chunk}.wasm" as="fetch" type="application/wasm" crossorigin="anonymous">"#
        ));
    }
    out.push_str(rest);
    out
}

/// A preload of one of the split build's chunks, as Leptos writes them.
fn is_chunk_preload(tag: &str) -> bool {
    tag.contains(r#"rel="preload""#) && (tag.contains(r#"href="/pkg/chunk_"#) || tag.contains(r#"href="/pkg/split_"#))
}

/// The tag with its `crossorigin` value, whatever it was, made `anonymous`
/// (`use-credentials` is kept: it is a real choice, and not ours to change).
fn anonymous_crossorigin(tag: &str) -> String {
    const ATTRIBUTE: &str = "crossorigin=\"";
    let Some(at) = tag.find(ATTRIBUTE) else { return tag.to_string() };
    let value_start = at + ATTRIBUTE.len();
    let Some(value_len) = tag[value_start..].find('"') else { return tag.to_string() };
    let value = &tag[value_start..value_start + value_len];
    if value == "anonymous" || value == "use-credentials" {
        return tag.to_string();
    }
    format!("{}anonymous{}", &tag[..value_start], &tag[value_start + value_len..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = concat!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"/>"#,
        r#"<link rel="modulepreload" href="/pkg/cars.js" crossorigin="n0nce"/>"#,
        r#"<link rel="preload" href="/pkg/cars.wasm" as="fetch" type="application/wasm" crossorigin="n0nce"/>"#,
        r#"<script type="module" nonce="n0nce">go()</script>"#,
        r#"<link rel="preload" href="/pkg/chunk_9.wasm" as="fetch" type="application/wasm" crossorigin="n0nce">"#,
        r#"<link rel="preload" href="/pkg/split___x_route_view_1.wasm" as="fetch" type="application/wasm" crossorigin="n0nce">"#,
        r#"<link rel="modulepreload" href="/pkg/__wasm_split.js" crossorigin="n0nce">"#,
        r#"<link rel="stylesheet" href="/pkg/cars.css"><title>T</title></head>"#,
        r#"<body><link rel="preload" href="/pkg/chunk_1.wasm" crossorigin="kept in the body"></body></html>"#,
    );

    #[test]
    fn chunk_preloads_are_the_pages_own_and_the_nonce_stays_in_nonce_attributes() {
        let chunks = vec!["chunk_2".to_string(), "split___second_step_route_view_7".to_string()];
        let out = rewrite_head(PAGE, &chunks);
        let head = &out[..out.find("</head>").unwrap()];
        assert!(!head.contains("chunk_9") && !head.contains("split___x_route"), "{head}");
        assert_eq!(head.matches("n0nce").count(), 1, "only the script's nonce=: {head}");
        assert!(head.contains(r#"<script type="module" nonce="n0nce">"#));
        assert_eq!(head.matches(r#"crossorigin="anonymous""#).count(), 5, "{head}");
        let first = head.find("/pkg/chunk_2.wasm").unwrap();
        let second = head.find("/pkg/split___second_step_route_view_7.wasm").unwrap();
        assert!(first < second, "in the manifest's order");
        assert!(head.contains(r#"<link rel="stylesheet" href="/pkg/cars.css">"#));
        // The body is not the head: left byte for byte.
        assert!(
            out.ends_with(r#"<body><link rel="preload" href="/pkg/chunk_1.wasm" crossorigin="kept in the body"></body></html>"#)
        );
        // No lazy page: no chunk preloads at all.
        let plain = rewrite_head(PAGE, &[]);
        let head = &plain[..plain.find("</head>").unwrap()];
        assert!(!head.contains("chunk_") && !head.contains("split___"), "{head}");
    }

    #[test]
    fn the_manifest_is_keyed_by_route() {
        let manifest = r#"{"__second_step_route_view_48": ["chunk_1", "split___second_step_route_view_48"], "odd": ["chunk_3"]}"#;
        let preloads = Preloads::from_manifest(manifest).unwrap();
        assert_eq!(preloads.of("SecondStepRoute"), ["chunk_1", "split___second_step_route_view_48"]);
        assert!(preloads.of("SettingsRoute").is_empty());
        assert_eq!(snake_case("AddAccessSummaryRoute"), "add_access_summary_route");
    }
}
