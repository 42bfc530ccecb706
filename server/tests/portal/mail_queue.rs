//! The outgoing queue against a real SMTP listener on loopback: a message
//! queued while the listener is down waits, is retried with back-off, and is
//! delivered once it is back; nothing is lost and no body outlives delivery.

use crate::util;

use std::sync::Arc;
use std::time::Duration;

use app::mail::{Email, SmtpSettings, SmtpTls};
use app::store::mail_queue;
use server::config::{Config, MailDelivery};
use util::smtp::{Received, smtp_listener};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_the_smtp_listener_for_a_while_loses_no_message() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let config = Config {
        addr: "127.0.0.1:3000".parse().unwrap(),
        database: dir.path().join("cars.db"),
        demo: false,
        site_root: dir.path().join("site"),
        public_url: None,
        mail: Some(MailDelivery::Smtp(SmtpSettings {
            host: "127.0.0.1".into(),
            port,
            tls: SmtpTls::None,
            username: None,
            password: None,
            from: "CARS e-Services <no-reply@cars.test>".into(),
        })),
        text: server::config::TextDelivery::Disabled,
        policy: Default::default(),
        clock_at: None,
    };
    let ctx = server::context(&config).expect("context");
    // Retries after 1, 2, 4 … seconds, so the test does not wait for minutes.
    let worker = app::mail::queue::spawn_worker(ctx.mailer.clone(), ctx.texter.clone(), 1);
    let received: Received = Arc::default();

    let listener = smtp_listener(port, received.clone()).await;
    for n in 1..=3 {
        let email = Email { to: format!("m{n}@example.com"), subject: format!("message {n}"), body: format!("code {n}00000") };
        ctx.mailer.send(email).await.expect("queued");
    }
    wait_for("the first three", || received.lock().unwrap().len() == 3).await;

    // The listener goes away; three more are queued meanwhile.
    listener.abort();
    let _ = listener.await;
    for n in 4..=6 {
        let email = Email { to: format!("m{n}@example.com"), subject: format!("message {n}"), body: format!("code {n}00000") };
        ctx.mailer.send(email).await.expect("queued while SMTP is down");
    }
    let store = ctx.store.clone();
    let mut tried = false;
    for _ in 0..100 {
        let waiting = store.read(mail_queue::undelivered).await.unwrap();
        if waiting.len() == 3 && waiting.iter().all(|w| w.attempts >= 1 && w.last_error.is_some()) {
            tried = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(tried, "the three were tried, failed, and wait for a retry");
    assert_eq!(received.lock().unwrap().len(), 3);

    // Back again: the retries deliver every one, once.
    let _listener = smtp_listener(port, received.clone()).await;
    wait_for("the three queued during the outage", || received.lock().unwrap().len() == 6).await;
    let mut recipients: Vec<String> = received.lock().unwrap().iter().map(|(to, _)| to.clone()).collect();
    recipients.sort();
    assert_eq!(recipients, (1..=6).map(|n| format!("m{n}@example.com")).collect::<Vec<_>>());
    assert!(received.lock().unwrap().iter().any(|(_, data)| data.contains("code 500000")));

    assert!(store.read(mail_queue::undelivered).await.unwrap().is_empty());
    let bodies: i64 =
        util::sql(&store, |c| Ok(c.query_row("SELECT count(*) FROM mail_queue WHERE body != ''", [], |r| r.get(0))?))
            .await
            .unwrap();
    assert_eq!(bodies, 0, "no delivered message keeps its body (codes)");
    worker.abort();
}

#[tokio::test]
async fn the_operator_sees_what_is_waiting_and_what_failed() {
    let dir = tempfile::tempdir().unwrap();
    let store = app::store::Store::open(dir.path().join("cars.db")).unwrap();
    let now = store.now();
    store
        .write(move |tx| {
            let id = mail_queue::enqueue(tx, mail_queue::Channel::Email, "a@example.com", "Your code", "secret 123456", now)?;
            mail_queue::failed(tx, id, "connection refused", 60, now)?;
            let gone = mail_queue::enqueue(tx, mail_queue::Channel::Text, "+15175550188", "Text message", "secret 654321", now)?;
            for _ in 0..mail_queue::MAX_ATTEMPTS {
                mail_queue::failed(tx, gone, "gateway 500", 1, now)?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let entries = store.read(mail_queue::undelivered).await.unwrap();
    let listing = server::ops::mail_queue_listing(&entries, now);
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(lines.len(), 2, "{listing}");
    assert!(
        lines[0].contains("email to a@example.com")
            && lines[0].contains("next try in 60 s")
            && lines[0].contains("connection refused"),
        "{listing}"
    );
    assert!(lines[1].contains("text to +15175550188") && lines[1].contains("FAILED"), "{listing}");
    assert!(!listing.contains("secret"), "bodies are never listed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_requests_delivering_at_once_deliver_each_message_exactly_once() {
    // Demo mode: each request delivers what is due itself, so forty
    // requests claim from the queue at the same time.
    let app = Arc::new(util::TestApp::for_bursts(8).await);
    for n in 0..40 {
        app.login_in_store(&format!("queued{n:04}"), &format!("queued{n}@example.com")).await;
    }
    let tasks: Vec<_> = (0..40)
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                let mut browser = util::Browser::at(&format!("198.51.100.{}", n + 1));
                browser.post(&app, "forgot_password", &[("user_id", &format!("queued{n:04}"))]).await
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().header("location"), Some("/forgot-password/code"));
    }
    let count = |sql: &'static str| {
        let app = app.clone();
        async move { app.sql(move |c| Ok(c.query_row(sql, [], |r| r.get::<_, i64>(0))?)).await.unwrap() }
    };
    assert_eq!(count("SELECT count(*) FROM outbox_messages WHERE recipient LIKE 'queued%'").await, 40, "none twice, none lost");
    assert_eq!(count("SELECT count(DISTINCT recipient) FROM outbox_messages WHERE recipient LIKE 'queued%'").await, 40);
    assert_eq!(count("SELECT count(*) FROM mail_queue WHERE sent_at IS NULL").await, 0, "every one marked delivered");
}
