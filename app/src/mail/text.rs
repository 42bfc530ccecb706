//! Text-message delivery (server only, SPEC §5): one [`Texter`] with two
//! transports besides "not configured".
//!
//! Production hands each message to a configurable HTTP gateway: a `POST` of
//! `{"to": "+15175550123", "body": "..."}` as JSON, with an optional
//! `Authorization: Bearer` token, and any `2xx` answer counts as accepted.
//! Demo mode (or an explicit choice) keeps every message in the development
//! outbox instead, next to the email. Text messages are optional: with
//! neither configured the texter is [`Texter::Disabled`] and the sign-up
//! wizard does not offer the text method.
//!
//! The HTTP client is reqwest (rustls on ring, the webpki roots, as lettre
//! uses), built once per gateway: it follows no redirect (a `3xx` is a
//! refusal, as a `POST` must not silently turn into a `GET`) and ignores
//! proxy variables, so a message goes exactly where the settings say.
//! Bodies hold codes and numbers are personal, so neither is ever logged:
//! at most the last two digits of the number, and errors lose their URL
//! (some gateways take their key in the query string).

use std::fmt;
use std::time::Duration;

use crate::store::{Store, StoreError};

/// The whole exchange with the gateway (connect, TLS, request, answer).
const GATEWAY_TIMEOUT: Duration = Duration::from_secs(10);
/// The outbox's subject column is required; texts have no subject of their own.
const OUTBOX_SUBJECT: &str = "Text message";

/// One text message to one mobile number.
#[derive(Clone, PartialEq, Eq)]
pub struct TextMessage {
    /// The number in E.164 form, e.g. `+15175550123`.
    pub to: String,
    pub body: String,
}

/// The body holds a code, and the number is personal: neither is printed.
impl fmt::Debug for TextMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TextMessage")
            .field("to", &masked(&self.to))
            .field("body", &format_args!("<{} bytes redacted>", self.body.len()))
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("text messages are not configured")]
    Disabled,
    #[error("the number is not an international (E.164) mobile number such as +15175550123")]
    Number,
    #[error("the text gateway settings are not usable: {0}")]
    Settings(String),
    /// Unreachable, TLS refused, or an answer that is not HTTP. The error
    /// carries no URL (see [`reqwest::Error::without_url`]).
    #[error("could not deliver to the text gateway: {0}")]
    Http(reqwest::Error),
    #[error("the text gateway did not answer within {0:?}")]
    Timeout(Duration),
    #[error("the text gateway refused the message with status {0}")]
    Status(u16),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Where and how to reach the HTTP text gateway. Built with
/// [`GatewaySettings::new`], which checks the address and token once, at
/// start, and builds the one HTTP client (and its connection pool) the
/// gateway's messages share.
#[derive(Clone)]
pub struct GatewaySettings {
    url: reqwest::Url,
    token: Option<String>,
    client: reqwest::Client,
}

/// Two settings are the same when they name the same gateway and token; the
/// client is only how they reach it.
impl PartialEq for GatewaySettings {
    fn eq(&self, other: &Self) -> bool {
        self.url == other.url && self.token == other.token
    }
}

impl Eq for GatewaySettings {}

/// The token stays out of logs and panics, and so does the query string
/// (some gateways take their key there).
impl fmt::Debug for GatewaySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GatewaySettings")
            .field("url", &format_args!("{}", redacted(&self.url)))
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl GatewaySettings {
    /// `url` is `http://` or `https://` with an optional port and path;
    /// `token`, when given, is sent as `Authorization: Bearer <token>`.
    pub fn new(url: &str, token: Option<String>) -> Result<Self, TextError> {
        let url = gateway_url(url)?;
        let token = token.filter(|t| !t.is_empty());
        if let Some(t) = &token
            && !t.bytes().all(|b| b.is_ascii_graphic())
        {
            return Err(TextError::Settings("the gateway token may hold only visible ASCII characters".into()));
        }
        let client = reqwest::Client::builder()
            .user_agent("cars-eservices")
            .timeout(GATEWAY_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .map_err(|e| TextError::Settings(format!("the HTTP client cannot start: {}", e.without_url())))?;
        Ok(Self { url, token, client })
    }

    /// The gateway's origin, e.g. `https://sms.example.gov` (no path, query or token).
    pub fn origin(&self) -> String {
        self.url.origin().ascii_serialization()
    }

    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }
}

#[derive(Clone)]
pub enum Texter {
    /// Nothing configured: the text method is not offered.
    Disabled,
    /// The development outbox (demo mode, or chosen explicitly; then
    /// without bodies, see [`super::OutboxBodies`]).
    Outbox(Store, super::OutboxBodies),
    /// A real HTTP gateway; messages wait in the queue of that store.
    Gateway(GatewaySettings, Store),
}

impl fmt::Debug for Texter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Disabled => write!(f, "Texter::Disabled"),
            Self::Outbox(..) => write!(f, "Texter::Outbox"),
            Self::Gateway(g, _) => write!(f, "Texter::Gateway({})", g.origin()),
        }
    }
}

impl Texter {
    pub fn outbox(store: Store, bodies: super::OutboxBodies) -> Self {
        Self::Outbox(store, bodies)
    }

    /// Whether text messages can be sent at all (false only for `Disabled`).
    pub fn is_enabled(&self) -> bool {
        !matches!(self, Self::Disabled)
    }

    /// Queues a text message; the request never waits on the gateway. A
    /// number that cannot be texted is refused here.
    pub async fn send(&self, message: TextMessage) -> Result<(), TextError> {
        if !is_e164(&message.to) && self.is_enabled() {
            return Err(TextError::Number);
        }
        let store = match self {
            Self::Disabled => return Err(TextError::Disabled),
            Self::Outbox(store, _) | Self::Gateway(_, store) => store.clone(),
        };
        let now = store.now();
        store.write(move |tx| Self::queue_in(tx, &message, now).map(|_| ())).await?;
        self.flush().await;
        Ok(())
    }

    /// Queues a text inside the caller's transaction (see `Mailer::queue_in`).
    pub fn queue_in(tx: &crate::store::Db<'_>, message: &TextMessage, now: i64) -> Result<i64, crate::store::StoreError> {
        crate::store::mail_queue::enqueue(
            tx,
            crate::store::mail_queue::Channel::Text,
            &message.to,
            OUTBOX_SUBJECT,
            &message.body,
            now,
        )
    }

    /// After queuing: the development outbox is written now; a gateway's
    /// worker is woken.
    pub async fn flush(&self) {
        match self {
            Self::Disabled => {}
            Self::Outbox(store, _) => {
                super::queue::deliver_due_texts(self, super::queue::BASE_RETRY_SECONDS).await;
                super::queue::until_delivered(store, crate::store::mail_queue::Channel::Text).await;
            }
            Self::Gateway(_, store) => store.ring_mail_bell(),
        }
    }

    /// Hands one message to the gateway or the outbox (the worker's part).
    pub async fn deliver(&self, message: TextMessage) -> Result<(), TextError> {
        if !self.is_enabled() {
            return Err(TextError::Disabled);
        }
        if !is_e164(&message.to) {
            return Err(TextError::Number);
        }
        let to = masked(&message.to);
        match self {
            Self::Disabled => return Err(TextError::Disabled),
            Self::Outbox(store, bodies) => {
                let (body, now) = (bodies.stored(&message.body).to_string(), store.now());
                store.write(move |tx| crate::store::outbox::add(tx, "text", &message.to, OUTBOX_SUBJECT, &body, now)).await?;
                tracing::info!(kind = ?self, %to, "text handed over");
            }
            Self::Gateway(settings, _) => match post(settings, &message, GATEWAY_TIMEOUT).await {
                Ok(status) => tracing::info!(kind = ?self, %to, status, "text handed over"),
                Err(e) => {
                    tracing::warn!(kind = ?self, %to, error = %e, "text gateway did not take the message");
                    return Err(e);
                }
            },
        }
        Ok(())
    }
}

/// `+` then 8 to 15 digits, the first not zero (E.164 allows up to 15).
fn is_e164(number: &str) -> bool {
    let Some(digits) = number.strip_prefix('+') else { return false };
    (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0')
}

/// A number as logs may show it: the last two digits at most.
fn masked(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return "…".into();
    }
    format!("…{}", digits[digits.len() - 2..].iter().collect::<String>())
}

/// Checks the gateway address: `http://` or `https://`, a host, no user
/// name or password (the token is given on its own), nothing a URL parser
/// would quietly repair (spaces, line breaks), and no fragment.
fn gateway_url(text: &str) -> Result<reqwest::Url, TextError> {
    let bad = |why: &str| TextError::Settings(format!("the gateway URL {why}"));
    if !text.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad("has spaces or characters that must be percent-encoded"));
    }
    // `https:///send` would otherwise be read as the host "send".
    if text.split_once("://").is_some_and(|(_, rest)| rest.starts_with(['/', '?', '#'])) {
        return Err(bad("has no host"));
    }
    let mut url = reqwest::Url::parse(text).map_err(|e| bad(&format!("is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("must start with http:// or https://"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not hold a user name or password: give the token separately"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("has no host"));
    }
    if url.port() == Some(0) {
        return Err(bad("has a port that is not a number from 1 to 65535"));
    }
    url.set_fragment(None);
    Ok(url)
}

/// The address as logs may show it: the query (which may hold a key) hidden.
fn redacted(url: &reqwest::Url) -> String {
    let origin = url.origin().ascii_serialization();
    match url.query() {
        Some(_) => format!("{origin}{}?<redacted>", url.path()),
        None => format!("{origin}{}", url.path()),
    }
}

/// The JSON the gateway takes.
fn request_body(message: &TextMessage) -> String {
    serde_json::json!({ "to": message.to, "body": message.body }).to_string()
}

/// Sends the message and returns the final (2xx) status. Interim (1xx)
/// answers are the HTTP client's business; anything else is a refusal.
async fn post(settings: &GatewaySettings, message: &TextMessage, limit: Duration) -> Result<u16, TextError> {
    let mut request = settings
        .client
        .post(settings.url.clone())
        .timeout(limit)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(reqwest::header::ACCEPT, "*/*")
        .body(request_body(message));
    if let Some(token) = &settings.token {
        request = request.bearer_auth(token);
    }
    let answer = request
        .send()
        .await
        .map_err(|e| if e.is_timeout() { TextError::Timeout(limit) } else { TextError::Http(e.without_url()) })?;
    let status = answer.status().as_u16();
    if answer.status().is_success() { Ok(status) } else { Err(TextError::Status(status)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A queue for a texter under test that only delivers.
    fn scratch_store() -> Store {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("queue.db")).unwrap();
        std::mem::forget(dir);
        store
    }
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    fn message() -> TextMessage {
        TextMessage { to: "+15175550123".into(), body: "Your CARS code is 482913".into() }
    }

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }

    #[test]
    fn gateway_urls_are_checked_at_start() {
        let u = gateway_url("https://sms.example.gov/api/v1/send?key=abc#frag").unwrap();
        assert_eq!(u.as_str(), "https://sms.example.gov/api/v1/send?key=abc");
        assert_eq!(redacted(&u), "https://sms.example.gov/api/v1/send?<redacted>");

        let u = gateway_url("HTTP://LocalHost:8080").unwrap();
        assert_eq!((u.scheme(), u.host_str(), u.port_or_known_default(), u.path()), ("http", Some("localhost"), Some(8080), "/"));
        assert_eq!(u.origin().ascii_serialization(), "http://localhost:8080");

        let u = gateway_url("http://127.0.0.1:80?x=1").unwrap();
        assert_eq!((u.port_or_known_default(), u.path(), u.query()), (Some(80), "/", Some("x=1")));
        assert_eq!(redacted(&u), "http://127.0.0.1/?<redacted>");

        let u = gateway_url("https://[::1]:8443/send").unwrap();
        assert_eq!((u.host_str(), u.port(), u.path()), (Some("[::1]"), Some(8443), "/send"));
        assert_eq!(u.origin().ascii_serialization(), "https://[::1]:8443");

        for bad in [
            "",
            "sms.example.gov/send",
            "ftp://sms.example.gov/",
            "https://",
            "https:///send",
            "https://user:pw@sms.example.gov/",
            "https://sms.example.gov:0/",
            "https://sms.example.gov:99999/",
            "https://sms.example.gov:+80/",
            "https://sms example.gov/",
            "https://sms.example.gov/a b",
            "https://sms.example.gov/a\r\nX-Evil: 1",
            "https://[::1/",
            "https://[nothost]/",
        ] {
            assert!(matches!(gateway_url(bad), Err(TextError::Settings(_))), "{bad:?} was accepted");
        }
    }

    #[test]
    fn the_body_is_the_json_we_promise() {
        let json: serde_json::Value = serde_json::from_str(&request_body(&message())).unwrap();
        assert_eq!(json, serde_json::json!({ "to": "+15175550123", "body": "Your CARS code is 482913" }));
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let settings = GatewaySettings::new("https://sms.example.gov/send?key=querykey", Some("tok3n".into())).unwrap();
        let shown = format!("{settings:?} {:?}", Texter::Gateway(settings.clone(), scratch_store()));
        assert!(!shown.contains("tok3n") && !shown.contains("querykey"), "{shown}");
        let shown = format!("{:?}", message());
        assert!(!shown.contains("482913") && !shown.contains("5550123") && shown.contains("23"), "{shown}");
        assert!(GatewaySettings::new("https://sms.example.gov/", Some("two words".into())).is_err());
        assert!(!GatewaySettings::new("https://sms.example.gov/", Some(String::new())).unwrap().has_token());
    }

    #[test]
    fn numbers_must_be_e164() {
        for good in ["+15175550123", "+447911123456", "+12345678"] {
            assert!(is_e164(good), "{good}");
        }
        for bad in ["15175550123", "+1 517 555 0123", "+05175550123", "+1234567", "+1234567890123456", "+1517555012a", ""] {
            assert!(!is_e164(bad), "{bad}");
        }
        assert_eq!(masked("+15175550123"), "…23");
        assert_eq!(masked("+1"), "…");
    }

    /// A one-shot gateway on loopback: answers `answer` and hands back the
    /// raw request it read (head and body, by Content-Length).
    async fn one_shot_gateway(answer: &'static str) -> (u16, tokio::task::JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let handle = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut raw = Vec::new();
            let mut chunk = [0u8; 1024];
            loop {
                let n = socket.read(&mut chunk).await.unwrap();
                assert!(n > 0, "client hung up mid-request");
                raw.extend_from_slice(&chunk[..n]);
                if let Some(end) = find(&raw, b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
                    let length: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length: "))
                        .expect("Content-Length")
                        .trim()
                        .parse()
                        .unwrap();
                    if raw.len() >= end + 4 + length {
                        break;
                    }
                }
            }
            socket.write_all(answer.as_bytes()).await.unwrap();
            socket.shutdown().await.ok();
            String::from_utf8(raw).unwrap()
        });
        (port, handle)
    }

    #[tokio::test]
    async fn the_gateway_gets_method_path_headers_and_json() {
        let (port, gateway) =
            one_shot_gateway("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n").await;
        let settings = GatewaySettings::new(&format!("http://127.0.0.1:{port}/v1/messages"), Some("tok3n".into())).unwrap();
        let texter = Texter::Gateway(settings, scratch_store());
        assert!(texter.is_enabled());
        texter.deliver(message()).await.unwrap();

        let raw = tokio::time::timeout(Duration::from_secs(10), gateway).await.unwrap().unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let mut lines = head.split("\r\n");
        assert_eq!(lines.next(), Some("POST /v1/messages HTTP/1.1"));
        let headers: Vec<String> = lines.map(str::to_ascii_lowercase).collect();
        for expected in [
            format!("host: 127.0.0.1:{port}"),
            "authorization: bearer tok3n".into(),
            "content-type: application/json".into(),
            "user-agent: cars-eservices".into(),
        ] {
            assert!(headers.contains(&expected), "{expected:?} missing from {headers:?}");
        }
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["to"], "+15175550123");
        assert_eq!(json["body"], "Your CARS code is 482913");
    }

    #[tokio::test]
    async fn a_server_error_is_an_error() {
        let (port, gateway) = one_shot_gateway("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\noops!").await;
        let texter = Texter::Gateway(GatewaySettings::new(&format!("http://127.0.0.1:{port}/"), None).unwrap(), scratch_store());
        assert!(matches!(texter.deliver(message()).await, Err(TextError::Status(500))));
        let raw = gateway.await.unwrap();
        assert!(!raw.to_ascii_lowercase().contains("authorization"), "{raw}");
    }

    #[tokio::test]
    async fn garbage_and_silence_are_errors() {
        let (port, _gateway) = one_shot_gateway("SSH-2.0-OpenSSH\r\n").await;
        let texter = Texter::Gateway(
            GatewaySettings::new(&format!("http://127.0.0.1:{port}/?key=querykey"), None).unwrap(),
            scratch_store(),
        );
        let refused = texter.deliver(message()).await;
        assert!(matches!(refused, Err(TextError::Http(_))), "{refused:?}");
        let shown = format!("{} {refused:?}", refused.as_ref().map_or_else(ToString::to_string, |()| String::new()));
        assert!(!shown.contains("querykey"), "the error shows the gateway's key: {shown}");

        // A redirect is a refusal, not a POST turned into a GET somewhere else.
        let (port, _gateway) =
            one_shot_gateway("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9/\r\nContent-Length: 0\r\n\r\n").await;
        let texter = Texter::Gateway(GatewaySettings::new(&format!("http://127.0.0.1:{port}/"), None).unwrap(), scratch_store());
        assert!(matches!(texter.deliver(message()).await, Err(TextError::Status(302))));

        // A gateway that accepts the connection but never answers.
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let _held = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(30)).await;
            drop(socket);
        });
        let settings = GatewaySettings::new(&format!("http://127.0.0.1:{port}/"), None).unwrap();
        let limit = Duration::from_millis(300);
        assert!(matches!(post(&settings, &message(), limit).await, Err(TextError::Timeout(_))));
    }

    #[tokio::test]
    async fn https_speaks_tls_with_the_host_name() {
        // Not a TLS server: it reads the ClientHello, checks it, and hangs up.
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            // One TLS record: a 5-byte header whose last two bytes give the length.
            let mut hello = Vec::new();
            let mut chunk = [0u8; 4096];
            while hello.len() < 5 || hello.len() < 5 + usize::from(u16::from_be_bytes([hello[3], hello[4]])) {
                let n = socket.read(&mut chunk).await.unwrap();
                assert!(n > 0, "the client hung up mid-hello");
                hello.extend_from_slice(&chunk[..n]);
            }
            hello
        });
        let settings = GatewaySettings::new(&format!("https://localhost:{port}/send"), None).unwrap();
        let result = Texter::Gateway(settings, scratch_store()).deliver(message()).await;
        assert!(matches!(result, Err(TextError::Http(_))), "{result:?}");
        let hello = server.await.unwrap();
        assert_eq!(hello[0], 0x16, "a TLS handshake record");
        assert!(find(&hello, b"localhost").is_some(), "SNI names the host");
        assert!(find(&hello, b"482913").is_none(), "nothing sent in the clear");
    }

    #[tokio::test]
    async fn outbox_keeps_texts_and_disabled_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let texter = Texter::outbox(store.clone(), crate::mail::OutboxBodies::Kept);
        assert!(texter.is_enabled());
        texter.send(message()).await.unwrap();
        let messages = crate::mail::newest_in_outbox(&store).await;
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0].channel, "text");
        assert_eq!(messages[0].recipient, "+15175550123");
        assert_eq!(messages[0].subject, "Text message");
        assert_eq!(messages[0].body, "Your CARS code is 482913");

        assert!(matches!(texter.send(TextMessage { to: "517-555-0123".into(), body: "x".into() }).await, Err(TextError::Number)));
        assert!(!Texter::Disabled.is_enabled());
        assert!(matches!(Texter::Disabled.send(message()).await, Err(TextError::Disabled)));
    }
}
