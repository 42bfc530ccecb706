//! A small builder for driving the real router in-process on a real SQLite
//! file: `TestApp::demo().await.get("/").await`.

#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use server::config::{Config, MailDelivery};
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub ctx: app::context::AppContext,
    _dir: tempfile::TempDir,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `name=value` of the first Set-Cookie, without attributes.
    pub fn cookie(&self) -> Option<String> {
        self.header("set-cookie").map(|c| c.split(';').next().unwrap_or_default().to_string())
    }
}

impl TestApp {
    pub async fn demo() -> Self {
        Self::build(true).await
    }

    /// Production-like: no demo, email kept in the outbox by explicit choice.
    pub async fn production() -> Self {
        Self::build(false).await
    }

    async fn build(demo: bool) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Config {
            addr: "127.0.0.1:3000".parse().unwrap(),
            database: dir.path().join("cars.db"),
            demo,
            site_root: dir.path().join("site"),
            public_url: None,
            mail: Some(MailDelivery::Outbox),
            // Like the email: kept in the outbox, so the text method is offered.
            text: server::config::TextDelivery::Outbox,
        };
        let ctx = server::context(&config).expect("context");
        let router = server::router(&config, ctx.clone());
        Self { router, ctx, _dir: dir }
    }

    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut request = Request::get(path).header(header::HOST, "127.0.0.1:3000").header(header::ACCEPT, "text/html");
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// A form posted the way a browser posts it with JavaScript off.
    pub async fn post_form(&self, path: &str, form: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut request = Request::post(path)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header("sec-fetch-site", "same-origin")
            .header(header::ORIGIN, "http://127.0.0.1:3000");
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        self.send(request.body(Body::from(form.to_string())).unwrap()).await
    }

    pub async fn count(&self, table: &'static str) -> i64 {
        self.ctx
            .store
            .read(move |c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?))
            .await
            .unwrap()
    }
}
