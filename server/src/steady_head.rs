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
//!   differently;
//! - every file under `/pkg` is named under the build's id
//!   ([`crate::assets::BuildId`]), the stylesheet too, which the app names
//!   without one, so a browser keeps them all for a year;
//! - the split build's chunk loader, which the JS glue imports before it can
//!   start, is fetched beside the glue instead of after it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::header;
use axum::http::response::Parts;
use axum::middleware::Next;
use axum::response::Response;

use crate::assets::BuildId;

/// More than any page of ours; a larger HTML body passes unchanged.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// What a page's head names of the bundle: where this build's files are,
/// and each lazy page's WASM chunks, from the split build's manifest.
#[derive(Clone, Debug)]
pub struct Preloads {
    /// `/pkg/{build id}`.
    pkg: String,
    /// The split build's chunk loader (`__wasm_split.{hash}.js`), if any.
    loader: Option<String>,
    /// Keyed by the route type's name in snake case (`second_step_route`).
    chunks: HashMap<String, Vec<String>>,
}

impl Preloads {
    /// Reads `pkg/__wasm_split_manifest.json` under the site root. Without
    /// one (a build without `--split`, the Rust tests) no page has chunks.
    pub fn load(site_root: &Path, build: &BuildId) -> Self {
        let pkg = site_root.join("pkg");
        let path = pkg.join("__wasm_split_manifest.json");
        let chunks = match std::fs::read_to_string(&path) {
            Ok(text) => Self::chunks_of(&text).unwrap_or_else(|e| {
                tracing::warn!(path = %path.display(), error = %e, "the split manifest is not readable: no chunk preloads");
                HashMap::new()
            }),
            Err(_) => HashMap::new(),
        };
        let loader = std::fs::read_dir(&pkg).ok().and_then(|entries| {
            let mut names: Vec<String> = entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
            names.sort();
            names.into_iter().find(|name| name.starts_with("__wasm_split.") && name.ends_with(".js"))
        });
        Self { pkg: build.url_path(), loader, chunks }
    }

    /// No chunks and no loader: a build without `--split`.
    pub fn unsplit(build: &BuildId) -> Self {
        Self { pkg: build.url_path(), loader: None, chunks: HashMap::new() }
    }

    /// The manifest names each lazy page `__{route}_view_{hash}`.
    fn chunks_of(json: &str) -> Result<HashMap<String, Vec<String>>, serde_json::Error> {
        let manifest: HashMap<String, Vec<String>> = serde_json::from_str(json)?;
        Ok(manifest
            .into_iter()
            .filter_map(|(key, chunks)| {
                let route = key.strip_prefix("__")?.rsplit_once("_view_")?.0.to_string();
                Some((route, chunks))
            })
            .collect())
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
    let (parts, bytes) = match whole_page(response, "its head").await {
        Ok(whole) => whole,
        Err(lost) => return lost,
    };
    let Ok(html) = std::str::from_utf8(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let route = route.as_ref().and_then(|r| r.to_str().ok());
    let steady = preloads.rewrite_head(html, route);
    Response::from_parts(parts, Body::from(steady))
}

/// A page's head and its whole body, without the length its body will no
/// longer have, for a layer that changes or keeps it (`reading_for` says
/// which, in the log). A body over [`MAX_PAGE_BYTES`] or cut off cannot be
/// sent on: the page is lost, and the answer says so.
pub(crate) async fn whole_page(response: Response, reading_for: &str) -> Result<(Parts, Bytes), Response> {
    let (mut parts, body) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => Ok((parts, bytes)),
        Err(e) => {
            tracing::error!(error = %e, reading_for, "a page's body could not be read whole");
            parts.status = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
            parts.headers.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/plain; charset=utf-8"));
            Err(Response::from_parts(parts, Body::from(app::messages::WENT_WRONG)))
        }
    }
}

impl Preloads {
    /// The page with its head made steady (see the module documentation)
    /// for the lazy page whose route type is `route`, if any. Text outside
    /// the head is kept byte for byte.
    pub fn rewrite_head(&self, html: &str, route: Option<&str>) -> String {
        let Some(head_end) = html.find("</head>") else { return html.to_string() };
        let chunks = route.map_or(&[][..], |r| self.of(r));
        let (head, rest) = html.split_at(head_end);
        let mut out = String::with_capacity(html.len() + (chunks.len() + 1) * 130);
        let mut tail = head;
        while let Some(at) = tail.find("<link ") {
            out.push_str(&tail[..at]);
            let Some(len) = tail[at..].find('>').map(|end| end + 1) else { break };
            let tag = &tail[at..at + len];
            tail = &tail[at + len..];
            if is_chunk_preload(tag) {
                continue;
            }
            out.push_str(&self.versioned(&anonymous_crossorigin(tag)));
        }
        out.push_str(tail);
        let pkg = &self.pkg;
        if let Some(loader) = &self.loader {
            out.push_str(&format!(r#"<link rel="modulepreload" href="{pkg}/{loader}" crossorigin="anonymous">"#));
        }
        for chunk in chunks {
            out.push_str(&format!(
                r#"<link rel="preload" href="{pkg}/{chunk}.wasm" as="fetch" type="application/wasm" crossorigin="anonymous">"#
            ));
        }
        out.push_str(rest);
        out
    }

    /// The tag with a `/pkg/` address not under the build's id moved under it.
    fn versioned(&self, tag: &str) -> String {
        const UNVERSIONED: &str = "href=\"/pkg/";
        let under_id = |href: &str| href.strip_prefix(self.pkg.as_str()).is_some_and(|rest| rest.starts_with('/'));
        match tag.find(UNVERSIONED) {
            Some(at) if !under_id(&tag[at + "href=\"".len()..]) => {
                format!("{}href=\"{}/{}", &tag[..at], self.pkg, &tag[at + UNVERSIONED.len()..])
            }
            _ => tag.to_string(),
        }
    }
}

/// A preload of one of the split build's chunks or of its loader, as Leptos
/// writes them (with or without a build id): this layer writes its own.
fn is_chunk_preload(tag: &str) -> bool {
    let Some(href) = tag.split_once(r#"href="/pkg/"#).map(|(_, after)| after) else { return false };
    let file = href.split('"').next().unwrap_or_default().rsplit('/').next().unwrap_or_default();
    (tag.contains(r#"rel="preload""#) && (file.starts_with("chunk_") || file.starts_with("split_")))
        || (tag.contains(r#"rel="modulepreload""#) && file.starts_with("__wasm_split."))
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
        r#"<link rel="modulepreload" href="/pkg/b1d/cars.js" crossorigin="n0nce"/>"#,
        r#"<link rel="preload" href="/pkg/b1d/cars.wasm" as="fetch" type="application/wasm" crossorigin="n0nce"/>"#,
        r#"<script type="module" nonce="n0nce">go()</script>"#,
        r#"<link rel="preload" href="/pkg/b1d/chunk_9.wasm" as="fetch" type="application/wasm" crossorigin="n0nce">"#,
        r#"<link rel="preload" href="/pkg/split___x_route_view_1.wasm" as="fetch" type="application/wasm" crossorigin="n0nce">"#,
        r#"<link rel="modulepreload" href="/pkg/b1d/__wasm_split.abc.js" crossorigin="n0nce">"#,
        r#"<link rel="stylesheet" href="/pkg/cars.css"><title>T</title></head>"#,
        r#"<body><link rel="preload" href="/pkg/chunk_1.wasm" crossorigin="kept in the body"></body></html>"#,
    );

    fn preloads() -> Preloads {
        let manifest = r#"{"__second_step_route_view_7": ["chunk_2", "split___second_step_route_view_7"]}"#;
        Preloads {
            pkg: "/pkg/b1d".into(),
            loader: Some("__wasm_split.abc.js".into()),
            chunks: Preloads::chunks_of(manifest).unwrap(),
        }
    }

    #[test]
    fn chunk_preloads_are_the_pages_own_and_the_nonce_stays_in_nonce_attributes() {
        let out = preloads().rewrite_head(PAGE, Some("SecondStepRoute"));
        let head = &out[..out.find("</head>").unwrap()];
        assert!(!head.contains("chunk_9") && !head.contains("split___x_route"), "{head}");
        assert_eq!(head.matches("n0nce").count(), 1, "only the script's nonce=: {head}");
        assert!(head.contains(r#"<script type="module" nonce="n0nce">"#));
        assert_eq!(head.matches(r#"crossorigin="anonymous""#).count(), 5, "{head}");
        let first = head.find("/pkg/b1d/chunk_2.wasm").unwrap();
        let second = head.find("/pkg/b1d/split___second_step_route_view_7.wasm").unwrap();
        assert!(first < second, "in the manifest's order");
        // The body is not the head: left byte for byte.
        assert!(
            out.ends_with(r#"<body><link rel="preload" href="/pkg/chunk_1.wasm" crossorigin="kept in the body"></body></html>"#)
        );
        // No lazy page: no chunk preloads at all.
        let plain = preloads().rewrite_head(PAGE, None);
        let head = &plain[..plain.find("</head>").unwrap()];
        assert!(!head.contains("chunk_") && !head.contains("split___"), "{head}");
        assert_eq!(preloads().rewrite_head(PAGE, Some("SettingsRoute")), plain, "a page the manifest does not name");
    }

    #[test]
    fn every_file_in_the_head_is_named_under_the_build_id_and_the_loader_comes_early() {
        let out = preloads().rewrite_head(PAGE, None);
        let head = &out[..out.find("</head>").unwrap()];
        assert!(head.contains(r#"<link rel="stylesheet" href="/pkg/b1d/cars.css">"#), "{head}");
        assert!(head.contains(r#"<link rel="modulepreload" href="/pkg/b1d/cars.js" crossorigin="anonymous"/>"#), "{head}");
        assert!(!head.contains("/pkg/b1d/b1d/"), "named once: {head}");
        assert_eq!(head.matches("__wasm_split.abc.js").count(), 1, "the loader once, Leptos's copy dropped: {head}");
        assert!(head.contains(r#"<link rel="modulepreload" href="/pkg/b1d/__wasm_split.abc.js" crossorigin="anonymous">"#));
        let addresses: Vec<&str> = head.split("href=\"").skip(1).map(|a| a.split('"').next().unwrap()).collect();
        assert!(addresses.iter().all(|a| a.starts_with("/pkg/b1d/")), "{addresses:?}");
        // Without a split build: no loader to fetch early.
        let unsplit = Preloads::unsplit(&BuildId::empty()).rewrite_head(PAGE, None);
        assert!(!unsplit.contains("__wasm_split"), "{unsplit}");
    }

    #[test]
    fn the_manifest_is_keyed_by_route() {
        let manifest = r#"{"__second_step_route_view_48": ["chunk_1", "split___second_step_route_view_48"], "odd": ["chunk_3"]}"#;
        let preloads = Preloads { chunks: Preloads::chunks_of(manifest).unwrap(), ..Preloads::unsplit(&BuildId::empty()) };
        assert_eq!(preloads.of("SecondStepRoute"), ["chunk_1", "split___second_step_route_view_48"]);
        assert!(preloads.of("SettingsRoute").is_empty());
        assert_eq!(snake_case("AddAccessSummaryRoute"), "add_access_summary_route");
    }
}
