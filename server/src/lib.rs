//! The portal's server: configuration, the axum router around the Leptos
//! app, and the operator subcommands. `main.rs` only parses the command line.

pub mod assets;
pub mod config;
pub mod ops;
pub mod page_cache;
pub mod steady_head;

use std::sync::Arc;

use app::app::{App, shell};
use app::context::AppContext;
use app::mail::Mailer;
use app::security::{HeaderPolicy, guard_server_functions, security_headers};
use app::store::Store;
use axum::Router;
use axum::body::Body;
use axum::extract::{FromRef, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use tower_http::compression::CompressionLayer;

use crate::config::{Config, MailDelivery};

/// Every binary built on this crate (the server, its benchmarks and tests)
/// allocates with mimalloc: rendering a page allocates and frees thousands
/// of small strings and nodes, and glibc's allocator took a quarter of a
/// render's time in a profile (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub ctx: AppContext,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Store(#[from] app::store::StoreError),
    #[error(transparent)]
    Mail(#[from] app::mail::MailError),
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error("the authorization-code key {path}: {error}")]
    CodeKey { path: String, error: std::io::Error },
    #[error("the secrets key {path}: {error}")]
    SecretsKey { path: String, error: std::io::Error },
    #[error("the secrets key {path}: {error}")]
    WrongSecretsKey { path: String, error: app::store::secrets::WrongKey },
    #[error("the password hasher could not start: {0}")]
    Hasher(#[from] app::security::password_hash::HashError),
}

/// Opens the store and the mailer the configuration names.
pub fn context(config: &Config) -> Result<AppContext, StartError> {
    let store = Store::open_on(&config.database, config.clock())?;
    // Outside demo mode nobody reads the outbox page: it keeps no bodies,
    // which may carry codes.
    let bodies = if config.demo { app::mail::OutboxBodies::Kept } else { app::mail::OutboxBodies::Dropped };
    let mailer = match config.require_mail()? {
        MailDelivery::Smtp(settings) => Mailer::smtp(settings, store.clone())?,
        MailDelivery::Outbox => Mailer::outbox(store.clone(), bodies),
    };
    // Text messages are optional (SPEC §5): disabled only hides the text method.
    let texter = match &config.text {
        config::TextDelivery::Disabled => app::mail::Texter::Disabled,
        config::TextDelivery::Outbox => app::mail::Texter::outbox(store.clone(), bodies),
        config::TextDelivery::Gateway(settings) => app::mail::Texter::Gateway(settings.clone(), store.clone()),
    };
    tracing::info!(?texter, "text messages");
    let hasher = app::security::password_hash::PasswordHasher::new(None)?;
    let code_key = load_code_key(config)?;
    let secrets_key = load_secrets_key(config, &store)?;
    Ok(AppContext {
        store,
        mailer,
        texter,
        hasher,
        policy: config.policy.clone(),
        demo: config.demo,
        secure_cookies: config.tls(),
        code_key,
        secrets_key,
        portal_url: config.portal_url(),
    })
}

/// The key authorization codes are hashed under, kept beside the database
/// (made on first start). The operator commands that make or check codes
/// read the same file.
pub fn load_code_key(config: &Config) -> Result<app::store::authorization::CodeKey, StartError> {
    use app::store::authorization::CodeKey;
    let path = CodeKey::beside(&config.database);
    CodeKey::load_or_create(&path).map_err(|error| StartError::CodeKey { path: path.display().to_string(), error })
}

/// The key secrets at rest are sealed under, kept beside the database (made
/// on first start); then the one-time pass that seals what an older version
/// stored plain. A key that does not open what is sealed already (a
/// database restored without its key file) is refused rather than replaced.
pub fn load_secrets_key(config: &Config, store: &Store) -> Result<app::store::secrets::SecretsKey, StartError> {
    use app::store::secrets::{self, SecretsKey};
    let path = SecretsKey::beside(&config.database);
    let shown = || path.display().to_string();
    let (key, _made) = SecretsKey::load_or_create(&path).map_err(|error| StartError::SecretsKey { path: shown(), error })?;
    let demo = config.demo;
    let checked = key.clone();
    let sealed = store.write_blocking(move |tx| match secrets::check_key(tx, &checked)? {
        Ok(()) => secrets::seal_what_was_plain(tx, &checked, demo).map(Ok),
        Err(wrong) => Ok(Err(wrong)),
    })?;
    let sealed = sealed.map_err(|error| StartError::WrongSecretsKey { path: shown(), error })?;
    if sealed != secrets::SealedNow::default() {
        tracing::info!(
            totp_secrets = sealed.totp_secrets,
            drafts = sealed.drafts,
            flashes_dropped = sealed.flashes_dropped,
            outbox_bodies_dropped = sealed.outbox_bodies_dropped,
            "sealed the secrets an older version kept plain"
        );
    }
    Ok(key)
}

/// Leptos's own options, built from our configuration rather than from
/// cargo-leptos's environment, so the binary runs the same however started.
/// The hydration scripts load the bundle from `build`'s addresses.
pub fn leptos_options(config: &Config, build: &assets::BuildId) -> LeptosOptions {
    // LEPTOS_ENV=DEV is what `cargo leptos watch` sets; it turns on live reload.
    let env = match std::env::var("LEPTOS_ENV").as_deref() {
        Ok("DEV") | Ok("dev") | Ok("development") => Env::DEV,
        _ => Env::PROD,
    };
    LeptosOptions::builder()
        .output_name(Arc::from("cars"))
        .site_root(Arc::from(config.site_root.to_string_lossy().as_ref()))
        .site_pkg_dir(Arc::from(build.pkg_dir()))
        .site_addr(config.addr)
        .reload_port(3001)
        .env(env)
        .build()
}

/// The whole application: pages, server functions, files, health check and
/// the security layers around them.
pub fn router(config: &Config, ctx: AppContext) -> Router {
    router_with(config, ctx, Arc::default())
}

/// [`router`], keeping anonymous pages in `pages`, which the caller may
/// watch (the tests do).
pub fn router_with(config: &Config, ctx: AppContext, pages: Arc<page_cache::PageCache>) -> Router {
    let build = assets::BuildId::of(&config.site_root).unwrap_or_else(|e| {
        // Unreadable files cannot be served either; the pages still can.
        tracing::error!(error = %e, "the bundle under pkg/ could not be read for its build id");
        assets::BuildId::empty()
    });
    let leptos = leptos_options(config, &build);
    let routes = generate_route_list(App);
    let state = AppState { leptos: leptos.clone(), ctx: ctx.clone() };
    let demo = ctx.demo;

    // `cargo leptos watch` reloads pages over a WebSocket on the reload port.
    let live_reload = (leptos.env == Env::DEV).then(|| format!("ws://{}:{}", leptos.site_addr.ip(), leptos.reload_port));
    let header_policy = HeaderPolicy { hsts: config.tls(), live_reload };

    let render_ctx = ctx.clone();
    let fallback_ctx = ctx.clone();
    let routes = Router::new()
        .route("/healthz", get(healthz))
        .nest_service("/pkg", assets::service(&config.site_root, &build, leptos.env == Env::PROD))
        .route("/api/{*fn_name}", post(server_fn_handler))
        .leptos_routes_with_context(&state, routes, move || page_context(&render_ctx), {
            let leptos = leptos.clone();
            move || shell(leptos.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(move || page_context(&fallback_ctx), shell))
        .with_state(state);
    // The layers wrap the routes as one service, before routing: given to
    // `routes.layer(…)` they would wrap each route, and every request would
    // clone its route's whole stack, states and all (a fifth of the time
    // of a page answered from memory went to copying the AppContext).
    Router::new()
        .fallback_service(routes)
        .layer(middleware::from_fn(move |req, next| demo_only(demo, req, next)))
        // Inside compression: they replace bodies the browser must read as they are.
        .layer(middleware::from_fn_with_state(
            Arc::new(steady_head::Preloads::load(&config.site_root, &build)),
            steady_head::steady_head,
        ))
        .layer(middleware::from_fn(app::forms::guard::answer_pages))
        .layer(middleware::from_fn_with_state(Arc::new(ctx.clone()), app::forms::guard::limit_form_size))
        .layer(middleware::from_fn(guard_server_functions))
        .layer(middleware::from_fn_with_state(pages, page_cache::answer_from_memory))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(header_policy, security_headers))
}

/// What every page render (the 404 page too) may ask for: the portal's
/// context, and the request's one read of its session, which the header
/// and the page share.
fn page_context(ctx: &AppContext) {
    provide_context(ctx.clone());
    provide_context(app::session::server::RequestSession::default());
}

async fn server_fn_handler(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    let ctx = state.ctx.clone();
    handle_server_fns_with_context(move || provide_context(ctx.clone()), request).await
}

/// Answers 200 once the store answers: what a load balancer or the test
/// suite's start-up poll waits for.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.ctx.store.schema_version().await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: store unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "store unavailable").into_response()
        }
    }
}

/// The development outbox does not exist outside demo mode.
async fn demo_only(demo: bool, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if !demo && (path.starts_with("/dev/") || path == "/api/dev_outbox") {
        return StatusCode::NOT_FOUND.into_response();
    }
    next.run(request).await
}

/// Purges what the retention rules say to drop (SPEC §6), now and then
/// every ten minutes: stale form flashes, abandoned sign-ups, and after
/// their configured periods outbox messages, ended codes and the addresses
/// in the audit log.
pub fn spawn_retention(store: Store, retention: ops::retention::Retention) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            match app::forms::flash::purge_stale(&store).await {
                Ok(n) if n > 0 => tracing::info!(purged = n, "purged stale form flashes"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "retention purge failed"),
            }
            match app::flows::sign_up::registration::purge_expired(&store).await {
                Ok(n) if n > 0 => tracing::info!(purged = n, "purged abandoned sign-ups"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "retention purge failed"),
            }
            let now = store.now();
            match store.write(move |tx| ops::retention::purge(tx, &retention, now)).await {
                Ok(p) if p.total() > 0 => tracing::info!(
                    outbox_messages = p.outbox_messages,
                    authorization_codes = p.authorization_codes,
                    one_time_codes = p.one_time_codes,
                    audit_addresses = p.audit_addresses,
                    ip_throttle_rows = p.ip_throttle_rows,
                    limit_rows = p.limit_rows,
                    queued_messages = p.queued_messages,
                    "retention purge"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "retention purge failed"),
            }
        }
    });
}

/// Serves until Ctrl-C or SIGTERM, then finishes the requests under way.
pub async fn serve(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let ctx = context(&config)?;
    if config.demo {
        let n = ops::records::seed_demo(&ctx.store, ctx.now()).await?;
        tracing::info!(records = n, "demo business records seeded (see README, Demo records)");
    }
    spawn_retention(ctx.store.clone(), ctx.policy.retention);
    // Delivers what requests (and operator commands) queue: nobody waits on SMTP.
    app::mail::queue::spawn_worker(ctx.mailer.clone(), ctx.texter.clone(), app::mail::queue::BASE_RETRY_SECONDS);
    let app = router(&config, ctx);
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    tracing::info!(
        addr = %config.addr,
        demo = config.demo,
        database = %config.database.display(),
        "CARS e-Services listening on http://{}",
        config.addr
    );
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
