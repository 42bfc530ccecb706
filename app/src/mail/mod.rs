//! Email delivery (server only): one [`Mailer`] with two transports.
//!
//! Production sends through SMTP with lettre; demo mode stores every message
//! in the development outbox (`/dev/outbox`) so each flow can be walked on one
//! machine. Message bodies hold codes, so they are never logged, and outside
//! demo mode the outbox does not keep them ([`OutboxBodies`]).
//!
//! Sending never waits on SMTP: [`Mailer::send`] writes the message to the
//! durable queue (`store::mail_queue`) and the worker in [`queue`] delivers
//! it, retrying with back-off. The development outbox is a local write, so
//! it is delivered at once, before the request answers.

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde::Deserialize;

use crate::store::{Store, StoreError};

pub mod queue;
pub mod text;
pub use text::{TextError, TextMessage, Texter};

/// One email to one person, in plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
}

impl Email {
    /// `words` (from [`crate::messages::mail`]) to `to`.
    pub fn new(to: impl Into<String>, words: crate::messages::mail::Words) -> Self {
        Self { to: to.into(), subject: words.subject, body: words.body }
    }
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text: only for a relay on the same host or a test listener.
    None,
    /// Connect in plain text, then upgrade with STARTTLS (usually port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

impl std::str::FromStr for SmtpTls {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "none" => Ok(Self::None),
            "starttls" => Ok(Self::Starttls),
            "tls" => Ok(Self::Tls),
            other => Err(format!("unknown SMTP TLS mode {other:?}: use none, starttls or tls")),
        }
    }
}

/// Where and how to reach the SMTP server.
#[derive(Clone, Deserialize, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    #[serde(default)]
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The From address, e.g. `CARS e-Services <no-reply@michigan.gov>`.
    pub from: String,
}

/// The password stays out of logs and panics.
impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("from", &self.from)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the SMTP settings are not usable: {0}")]
    Settings(String),
    #[error("the address {0:?} is not a valid email address")]
    Address(String),
    #[error("the SMTP server did not take the message: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("the message could not be built: {0}")]
    Build(#[from] lettre::error::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Whether the development outbox keeps what messages say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxBodies {
    /// Demo mode: the outbox page shows every message, codes and all, so
    /// each flow can be walked on one machine.
    Kept,
    /// Outside demo mode (`mail.outbox` or `text.outbox` chosen): who, what
    /// subject and when, but no body. Nobody reads the outbox there (its
    /// page exists only in demo mode), and a body may carry a one-time or
    /// authorization code: dropping every body, rather than picking codes
    /// out of it, cannot miss a code a future message carries.
    Dropped,
}

impl OutboxBodies {
    /// What the outbox stores for a message saying `body`.
    pub fn stored(self, body: &str) -> &str {
        match self {
            Self::Kept => body,
            Self::Dropped => crate::store::secrets::OUTBOX_BODY_NOT_KEPT,
        }
    }
}

/// Queues email and delivers it. Cheap to clone.
#[derive(Clone)]
pub struct Mailer {
    transport: std::sync::Arc<Transport>,
    /// Where messages wait (the portal's one database).
    queue: Store,
}

/// One per process: the SMTP transport is not boxed.
#[allow(clippy::large_enum_variant)]
enum Transport {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
    Outbox(Store, OutboxBodies),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &*self.transport {
            Transport::Smtp { from, .. } => write!(f, "Mailer::Smtp(from {from})"),
            Transport::Outbox(..) => write!(f, "Mailer::Outbox"),
        }
    }
}

impl Mailer {
    /// SMTP delivery of the messages queued in `queue`.
    pub fn smtp(settings: &SmtpSettings, queue: Store) -> Result<Self, MailError> {
        let from: Mailbox = settings.from.parse().map_err(|_| MailError::Address(settings.from.clone()))?;
        let builder = match settings.tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host),
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host)?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host)?,
        }
        .port(settings.port)
        .timeout(Some(std::time::Duration::from_secs(20)));
        let builder = match (&settings.username, &settings.password) {
            (Some(user), Some(pass)) => builder.credentials(Credentials::new(user.clone(), pass.clone())),
            (None, None) => builder,
            _ => return Err(MailError::Settings("give both an SMTP username and password, or neither".into())),
        };
        Ok(Self { transport: std::sync::Arc::new(Transport::Smtp { transport: builder.build(), from }), queue })
    }

    pub fn outbox(store: Store, bodies: OutboxBodies) -> Self {
        Self { transport: std::sync::Arc::new(Transport::Outbox(store.clone(), bodies)), queue: store }
    }

    /// Delivered at once by whoever queues (a local write), not by the worker.
    pub fn is_local(&self) -> bool {
        matches!(&*self.transport, Transport::Outbox(..))
    }

    pub fn queue(&self) -> &Store {
        &self.queue
    }

    /// Queues `email` for delivery; the request never waits on SMTP. An
    /// address that cannot be mailed at all is refused here.
    pub async fn send(&self, email: Email) -> Result<(), MailError> {
        email.to.parse::<Mailbox>().map_err(|_| MailError::Address(email.to.clone()))?;
        let now = self.queue.now();
        self.queue.write(move |tx| Self::queue_in(tx, &email, now).map(|_| ())).await?;
        self.flush().await;
        Ok(())
    }

    /// Queues `email` inside the caller's transaction, so it is sent if and
    /// only if the change that causes it lands; call [`Mailer::flush`] after
    /// the commit.
    pub fn queue_in(tx: &crate::store::Db<'_>, email: &Email, now: i64) -> Result<i64, StoreError> {
        crate::store::mail_queue::enqueue(
            tx,
            crate::store::mail_queue::Channel::Email,
            &email.to,
            &email.subject,
            &email.body,
            now,
        )
    }

    /// After queuing: the development outbox is written now; otherwise the
    /// worker is woken.
    pub async fn flush(&self) {
        if self.is_local() {
            queue::deliver_due_emails(self, queue::BASE_RETRY_SECONDS).await;
            // A parallel request may have taken this message with its own:
            // wait until it is written, so the outbox holds it on return.
            queue::until_delivered(&self.queue, crate::store::mail_queue::Channel::Email).await;
        } else {
            self.queue.ring_mail_bell();
        }
    }

    /// Hands one message to the transport (the worker's part).
    pub async fn deliver(&self, email: Email) -> Result<(), MailError> {
        match &*self.transport {
            Transport::Smtp { transport, from } => {
                let to: Mailbox = email.to.parse().map_err(|_| MailError::Address(email.to.clone()))?;
                let message = lettre::Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(email.subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(email.body)?;
                transport.send(message).await?;
            }
            Transport::Outbox(store, bodies) => {
                let (body, now) = (bodies.stored(&email.body).to_string(), store.now());
                store.write(move |tx| crate::store::outbox::add(tx, "email", &email.to, &email.subject, &body, now)).await?;
            }
        }
        tracing::info!(kind = ?self, "email handed over for delivery");
        Ok(())
    }
}

/// The outbox's newest messages, for tests here and in `text`.
#[cfg(test)]
pub(crate) async fn newest_in_outbox(store: &Store) -> Vec<crate::store::outbox::Stored> {
    store.read(|c| crate::store::outbox::newest(c, 10)).await.expect("reading the outbox")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    use tokio::net::TcpListener;

    /// A minimal SMTP server on loopback that accepts one message and hands
    /// back the envelope and data it received.
    async fn one_message_smtp_listener() -> (u16, tokio::task::JoinHandle<(Vec<String>, String)>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let handle = tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            let mut commands = Vec::new();
            let mut data = String::new();
            write.write_all(b"220 test.local ESMTP ready\r\n").await.unwrap();
            while let Some(line) = lines.next_line().await.unwrap() {
                let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
                commands.push(line.clone());
                let reply: &[u8] = match verb.as_str() {
                    "EHLO" => b"250-test.local\r\n250 8BITMIME\r\n",
                    "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 OK\r\n",
                    "DATA" => {
                        write.write_all(b"354 go ahead\r\n").await.unwrap();
                        while let Some(l) = lines.next_line().await.unwrap() {
                            if l == "." {
                                break;
                            }
                            data.push_str(&l);
                            data.push('\n');
                        }
                        b"250 queued\r\n"
                    }
                    "QUIT" => {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    }
                    _ => b"502 not implemented\r\n",
                };
                write.write_all(reply).await.unwrap();
            }
            (commands, data)
        });
        (port, handle)
    }

    #[tokio::test]
    async fn smtp_transport_delivers_to_a_real_listener() {
        let (port, server) = one_message_smtp_listener().await;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let mailer = Mailer::smtp(
            &SmtpSettings {
                host: "127.0.0.1".into(),
                port,
                tls: SmtpTls::None,
                username: None,
                password: None,
                from: "CARS e-Services <no-reply@cars.test>".into(),
            },
            store,
        )
        .unwrap();
        mailer
            .deliver(Email { to: "mechanic@example.com".into(), subject: "Your code".into(), body: "Hello from Lansing".into() })
            .await
            .unwrap();
        // The pooled transport keeps the connection open; dropping it says QUIT.
        drop(mailer);
        let (commands, data) = tokio::time::timeout(std::time::Duration::from_secs(10), server).await.unwrap().unwrap();
        assert!(commands.iter().any(|c| c.to_ascii_uppercase().starts_with("MAIL FROM:<NO-REPLY@CARS.TEST>")), "{commands:?}");
        assert!(commands.iter().any(|c| c.to_ascii_uppercase().starts_with("RCPT TO:<MECHANIC@EXAMPLE.COM>")), "{commands:?}");
        assert!(data.contains("Subject: Your code"), "{data}");
        assert!(data.contains("Hello from Lansing"), "{data}");
    }

    #[tokio::test]
    async fn smtp_refuses_half_credentials_and_bad_from() {
        let mut settings = SmtpSettings {
            host: "127.0.0.1".into(),
            port: 25,
            tls: SmtpTls::None,
            username: Some("u".into()),
            password: None,
            from: "no-reply@cars.test".into(),
        };
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        assert!(matches!(Mailer::smtp(&settings, store.clone()), Err(MailError::Settings(_))));
        settings.username = None;
        settings.from = "not an address".into();
        assert!(matches!(Mailer::smtp(&settings, store), Err(MailError::Address(_))));
        assert!(!format!("{:?}", SmtpSettings { password: Some("hunter2".into()), ..settings }).contains("hunter2"));
    }

    #[tokio::test]
    async fn outbox_keeps_messages_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let mailer = Mailer::outbox(store.clone(), OutboxBodies::Kept);
        for n in 1..=3 {
            mailer
                .send(Email { to: format!("m{n}@example.com"), subject: format!("message {n}"), body: "b".into() })
                .await
                .unwrap();
        }
        let messages = newest_in_outbox(&store).await;
        let subjects: Vec<_> = messages.iter().map(|m| m.subject.as_str()).collect();
        assert_eq!(subjects, ["message 3", "message 2", "message 1"]);
        assert_eq!(messages[0].recipient, "m3@example.com");
        assert_eq!(messages[0].channel, "email");
    }

    #[tokio::test]
    async fn outside_demo_mode_the_outbox_keeps_no_body() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let mailer = Mailer::outbox(store.clone(), OutboxBodies::Dropped);
        let texter = Texter::outbox(store.clone(), OutboxBodies::Dropped);
        mailer
            .send(Email { to: "m@example.com".into(), subject: "Your code".into(), body: "Your code is 123456.".into() })
            .await
            .unwrap();
        texter.send(TextMessage { to: "+15175550188".into(), body: "CARS e-Services code: 654321.".into() }).await.unwrap();
        let messages = newest_in_outbox(&store).await;
        assert_eq!(messages.len(), 2);
        for m in &messages {
            assert_eq!(m.body, crate::store::secrets::OUTBOX_BODY_NOT_KEPT, "{}", m.channel);
            assert!(!m.body.chars().any(|c| c.is_ascii_digit()));
        }
        assert_eq!(messages[1].subject, "Your code", "who, what and when stay");
    }
}
