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
//! The HTTP client is deliberately tiny: one request per connection
//! (`Connection: close`), only the status line of the answer is read, plain
//! TCP for `http://` and rustls (ring, webpki roots, as lettre uses) for
//! `https://`. Bodies hold codes and numbers are personal, so neither is ever
//! logged: at most the last two digits of the number.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::rustls;

use crate::store::{Store, StoreError, unix_now};

/// The whole exchange with the gateway (connect, TLS, request, status line).
const GATEWAY_TIMEOUT: Duration = Duration::from_secs(10);
/// The outbox's subject column is required; texts have no subject of their own.
const OUTBOX_SUBJECT: &str = "Text message";
/// More than any status line and interim (1xx) headers need.
const MAX_ANSWER_HEAD: usize = 16 * 1024;

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
    #[error("could not reach the text gateway: {0}")]
    Io(#[from] std::io::Error),
    #[error("the text gateway did not answer within {0:?}")]
    Timeout(Duration),
    #[error("the text gateway's answer is not HTTP: {0}")]
    Protocol(&'static str),
    #[error("the text gateway refused the message with status {0}")]
    Status(u16),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Where and how to reach the HTTP text gateway. Built with
/// [`GatewaySettings::new`], which checks the address and token once, at start.
#[derive(Clone, PartialEq, Eq)]
pub struct GatewaySettings {
    url: GatewayUrl,
    token: Option<String>,
}

/// The token stays out of logs and panics, and so does the query string
/// (some gateways take their key there).
impl fmt::Debug for GatewaySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GatewaySettings")
            .field("url", &format_args!("{}", self.url.redacted()))
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl GatewaySettings {
    /// `url` is `http://` or `https://` with an optional port and path;
    /// `token`, when given, is sent as `Authorization: Bearer <token>`.
    pub fn new(url: &str, token: Option<String>) -> Result<Self, TextError> {
        let url = GatewayUrl::parse(url)?;
        let token = token.filter(|t| !t.is_empty());
        if let Some(t) = &token
            && !t.bytes().all(|b| b.is_ascii_graphic())
        {
            return Err(TextError::Settings("the gateway token may hold only visible ASCII characters".into()));
        }
        Ok(Self { url, token })
    }

    /// The gateway's origin, e.g. `https://sms.example.gov` (no path, query or token).
    pub fn origin(&self) -> String {
        self.url.origin()
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
        store.write(move |tx| Self::queue_in(tx, &message, unix_now()).map(|_| ())).await?;
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
                let body = bodies.stored(&message.body).to_string();
                store
                    .write(move |tx| crate::store::outbox::add(tx, "text", &message.to, OUTBOX_SUBJECT, &body, unix_now()))
                    .await?;
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheme {
    Http,
    Https,
}

/// An `http://` or `https://` address taken apart by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
struct GatewayUrl {
    scheme: Scheme,
    /// Without brackets, also for IPv6 literals.
    host: String,
    port: u16,
    /// Path and query, always starting with `/`; never any fragment.
    path: String,
}

impl GatewayUrl {
    fn parse(url: &str) -> Result<Self, TextError> {
        let bad = |why: &str| TextError::Settings(format!("the gateway URL {why}"));
        let (scheme, rest) = match url.split_once("://") {
            Some((s, rest)) if s.eq_ignore_ascii_case("http") => (Scheme::Http, rest),
            Some((s, rest)) if s.eq_ignore_ascii_case("https") => (Scheme::Https, rest),
            _ => return Err(bad("must start with http:// or https://")),
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let (authority, path) = match rest.find(['/', '?']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err(bad("must not hold a user name or password: give the token separately"));
        }
        let default_port = match scheme {
            Scheme::Http => 80,
            Scheme::Https => 443,
        };
        let (host, port) = if let Some(after) = authority.strip_prefix('[') {
            let (host, tail) = after.split_once(']').ok_or_else(|| bad("has an unclosed [ in the host"))?;
            if host.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(bad("has a bracketed host that is not an IPv6 address"));
            }
            let port = match tail {
                "" => None,
                t => Some(t.strip_prefix(':').ok_or_else(|| bad("has text after the IPv6 address"))?),
            };
            (host, port)
        } else {
            match authority.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        if host.is_empty() {
            return Err(bad("has no host"));
        }
        if !host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':')) {
            return Err(bad("has a host with characters a host name cannot hold"));
        }
        let port = match port {
            None => default_port,
            Some(digits) => match digits.parse::<u16>() {
                // `parse` alone would also take a leading `+`.
                Ok(n) if n != 0 && digits.bytes().all(|b| b.is_ascii_digit()) => n,
                _ => return Err(bad("has a port that is not a number from 1 to 65535")),
            },
        };
        if !path.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(bad("has spaces or characters that must be percent-encoded in its path"));
        }
        let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
        Ok(Self { scheme, host: host.to_ascii_lowercase(), port, path })
    }

    fn default_port(&self) -> u16 {
        match self.scheme {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }

    /// The `Host` header's value: brackets for IPv6, the port when not the default.
    fn host_header(&self) -> String {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        if self.port == self.default_port() { host } else { format!("{host}:{}", self.port) }
    }

    fn origin(&self) -> String {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        format!("{scheme}://{}", self.host_header())
    }

    fn redacted(&self) -> String {
        match self.path.split_once('?') {
            Some((path, _)) => format!("{}{path}?<redacted>", self.origin()),
            None => format!("{}{}", self.origin(), self.path),
        }
    }
}

/// The request, byte for byte.
fn request_bytes(url: &GatewayUrl, token: Option<&str>, message: &TextMessage) -> Vec<u8> {
    let body = serde_json::json!({ "to": message.to, "body": message.body }).to_string();
    let mut head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: cars-eservices\r\nAccept: */*\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        url.path,
        url.host_header(),
        body.len()
    );
    if let Some(token) = token {
        head.push_str("Authorization: Bearer ");
        head.push_str(token);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    bytes
}

/// Sends the message and returns the final (2xx) status.
async fn post(settings: &GatewaySettings, message: &TextMessage, limit: Duration) -> Result<u16, TextError> {
    let request = request_bytes(&settings.url, settings.token.as_deref(), message);
    let attempt = async {
        let url = &settings.url;
        let tcp = TcpStream::connect((url.host.as_str(), url.port)).await?;
        tcp.set_nodelay(true)?;
        match url.scheme {
            Scheme::Http => exchange(tcp, &request).await,
            Scheme::Https => {
                let name = rustls::pki_types::ServerName::try_from(url.host.clone())
                    .map_err(|_| TextError::Settings("the gateway host is not a valid TLS server name".into()))?;
                let tls = tokio_rustls::TlsConnector::from(tls_config()?).connect(name, tcp).await?;
                exchange(tls, &request).await
            }
        }
    };
    let status = tokio::time::timeout(limit, attempt).await.map_err(|_| TextError::Timeout(limit))??;
    if (200..300).contains(&status) { Ok(status) } else { Err(TextError::Status(status)) }
}

/// The client TLS settings: ring and the webpki roots, as lettre uses.
fn tls_config() -> Result<Arc<rustls::ClientConfig>, TextError> {
    let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| TextError::Settings(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

async fn exchange<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S, request: &[u8]) -> Result<u16, TextError> {
    stream.write_all(request).await?;
    stream.flush().await?;
    read_status(&mut stream).await
}

/// Reads the final status code, skipping interim (1xx) answers; the rest of
/// the answer is left unread.
async fn read_status<R: AsyncRead + Unpin>(stream: &mut R) -> Result<u16, TextError> {
    let mut buf: Vec<u8> = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(end) = find(&buf, b"\r\n") {
            let status = parse_status_line(&buf[..end])?;
            if status >= 200 {
                return Ok(status);
            }
            // An interim answer: drop its head (once complete) and read on.
            if let Some(head_end) = find(&buf, b"\r\n\r\n") {
                buf.drain(..head_end + 4);
                continue;
            }
        }
        if buf.len() >= MAX_ANSWER_HEAD {
            return Err(TextError::Protocol("the answer's head is too long"));
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(TextError::Protocol("the connection closed before a status line"));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `HTTP/1.1 204 No Content` → 204.
fn parse_status_line(line: &[u8]) -> Result<u16, TextError> {
    let line = std::str::from_utf8(line).map_err(|_| TextError::Protocol("the status line is not text"))?;
    let mut parts = line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    let code = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/1.") {
        return Err(TextError::Protocol("the status line does not start with HTTP/1.x"));
    }
    match code.parse::<u16>() {
        Ok(c) if code.len() == 3 && (100..=599).contains(&c) => Ok(c),
        _ => Err(TextError::Protocol("the status code is not a three-digit number")),
    }
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
    use tokio::net::TcpListener;

    fn message() -> TextMessage {
        TextMessage { to: "+15175550123".into(), body: "Your CARS code is 482913".into() }
    }

    #[test]
    fn urls_are_taken_apart_by_hand() {
        let u = GatewayUrl::parse("https://sms.example.gov/api/v1/send?key=abc#frag").unwrap();
        assert_eq!(
            u,
            GatewayUrl { scheme: Scheme::Https, host: "sms.example.gov".into(), port: 443, path: "/api/v1/send?key=abc".into() }
        );
        assert_eq!(u.host_header(), "sms.example.gov");
        assert_eq!(u.redacted(), "https://sms.example.gov/api/v1/send?<redacted>");

        let u = GatewayUrl::parse("HTTP://LocalHost:8080").unwrap();
        assert_eq!((u.scheme, u.host.as_str(), u.port, u.path.as_str()), (Scheme::Http, "localhost", 8080, "/"));
        assert_eq!(u.host_header(), "localhost:8080");

        let u = GatewayUrl::parse("http://127.0.0.1:80?x=1").unwrap();
        assert_eq!((u.port, u.path.as_str(), u.host_header()), (80, "/?x=1", "127.0.0.1".to_string()));

        let u = GatewayUrl::parse("https://[::1]:8443/send").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("::1", 8443, "/send"));
        assert_eq!(u.host_header(), "[::1]:8443");

        for bad in [
            "",
            "sms.example.gov/send",
            "ftp://sms.example.gov/",
            "https://",
            "https:///send",
            "https://user:pw@sms.example.gov/",
            "https://sms.example.gov:0/",
            "https://sms.example.gov:99999/",
            "https://sms.example.gov:/",
            "https://sms.example.gov:+80/",
            "https://sms example.gov/",
            "https://sms.example.gov/a b",
            "https://sms.example.gov/a\r\nX-Evil: 1",
            "https://[::1/",
            "https://[nothost]/",
        ] {
            assert!(matches!(GatewayUrl::parse(bad), Err(TextError::Settings(_))), "{bad:?} was accepted");
        }
    }

    #[test]
    fn the_request_is_a_json_post_with_the_headers_we_promise() {
        let url = GatewayUrl::parse("http://gw.test:8080/send?v=2").unwrap();
        let bytes = request_bytes(&url, Some("s3cret"), &message());
        let text = String::from_utf8(bytes).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let mut lines = head.split("\r\n");
        assert_eq!(lines.next(), Some("POST /send?v=2 HTTP/1.1"));
        let headers: Vec<&str> = lines.collect();
        for expected in [
            "Host: gw.test:8080",
            "Content-Type: application/json",
            "Connection: close",
            "Authorization: Bearer s3cret",
            &format!("Content-Length: {}", body.len()),
        ] {
            assert!(headers.contains(&expected), "{expected:?} missing from {headers:?}");
        }
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json, serde_json::json!({ "to": "+15175550123", "body": "Your CARS code is 482913" }));

        let without = String::from_utf8(request_bytes(&url, None, &message())).unwrap();
        assert!(!without.contains("Authorization"));
    }

    #[test]
    fn status_lines_parse() {
        assert_eq!(parse_status_line(b"HTTP/1.1 204 No Content").unwrap(), 204);
        assert_eq!(parse_status_line(b"HTTP/1.0 500").unwrap(), 500);
        for bad in [&b"SMTP 250 ok"[..], b"HTTP/1.1 20 OK", b"HTTP/1.1 abc", b"", b"HTTP/2 200"] {
            assert!(parse_status_line(bad).is_err(), "{bad:?}");
        }
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
            "connection: close".into(),
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
        let texter = Texter::Gateway(GatewaySettings::new(&format!("http://127.0.0.1:{port}/"), None).unwrap(), scratch_store());
        assert!(matches!(texter.deliver(message()).await, Err(TextError::Protocol(_))));

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
        assert!(matches!(result, Err(TextError::Io(_))), "{result:?}");
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
