//! The delivery worker of the outgoing queue (`store::mail_queue`): takes
//! what is due, hands it to SMTP or the text gateway, and on a failure tries
//! again later, waiting longer each time (30 s, 1 min, 2 min, … up to an
//! hour), until it gives up and keeps the failure for `server mail queue`.
//! A server restart or an SMTP outage loses nothing: the rows wait.

use std::time::Duration;

use super::{Email, Mailer, TextMessage, Texter};
use crate::store::Store;
use crate::store::mail_queue::{self, Channel};

/// The first retry waits this long; each further one twice as long.
pub const BASE_RETRY_SECONDS: i64 = 30;
/// The longest wait between two tries.
const MAX_RETRY_SECONDS: i64 = 3600;
/// How often the worker looks without being woken: messages queued by
/// another process (the operator commands) go out within this.
const POLL: Duration = Duration::from_secs(2);
/// Messages taken per round.
const BATCH: i64 = 50;

/// Seconds before try number `attempts + 1`, after `attempts` failures.
pub fn retry_in(attempts: i64, base: i64) -> i64 {
    let doublings = (attempts - 1).clamp(0, 20) as u32;
    base.saturating_mul(1 << doublings).min(MAX_RETRY_SECONDS)
}

/// Delivers the emails that are due; how many went out.
pub async fn deliver_due_emails(mailer: &Mailer, base_retry: i64) -> usize {
    deliver_due(mailer.queue(), Channel::Email, base_retry, |q| {
        let mailer = mailer.clone();
        async move { mailer.deliver(Email { to: q.recipient, subject: q.subject, body: q.body }).await.map_err(|e| e.to_string()) }
    })
    .await
}

/// Delivers the text messages that are due; how many went out.
pub async fn deliver_due_texts(texter: &Texter, base_retry: i64) -> usize {
    let store = match texter {
        Texter::Disabled => return 0,
        Texter::Outbox(store, _) | Texter::Gateway(_, store) => store.clone(),
    };
    deliver_due(&store, Channel::Text, base_retry, |q| {
        let texter = texter.clone();
        async move { texter.deliver(TextMessage { to: q.recipient, body: q.body }).await.map_err(|e| e.to_string()) }
    })
    .await
}

async fn deliver_due<F, Fut>(store: &Store, channel: Channel, base_retry: i64, deliver: F) -> usize
where
    F: Fn(mail_queue::Queued) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let now = store.now();
    let claimed = match store.write(move |tx| mail_queue::claim_due(tx, channel, now, BATCH)).await {
        Ok(claimed) => claimed,
        Err(e) => {
            tracing::error!(error = %e, "the mail queue could not be read");
            return 0;
        }
    };
    let mut sent = 0;
    for message in claimed {
        let (id, attempts) = (message.id, message.attempts);
        let outcome = deliver(message).await;
        let now = store.now();
        let recorded = match outcome {
            Ok(()) => {
                sent += 1;
                store.write(move |tx| mail_queue::delivered(tx, id, now)).await.map(|_| ())
            }
            Err(error) => {
                let wait = retry_in(attempts + 1, base_retry);
                let result = store.write(move |tx| mail_queue::failed(tx, id, &error, wait, now)).await;
                match &result {
                    Ok(true) => tracing::error!(id, channel = channel.as_str(), "a queued message was given up on"),
                    Ok(false) => {
                        tracing::warn!(id, channel = channel.as_str(), retry_in = wait, "a queued message will be tried again")
                    }
                    Err(_) => {}
                }
                result.map(|_| ())
            }
        };
        if let Err(e) = recorded {
            tracing::error!(error = %e, id, "the mail queue could not record a delivery");
        }
    }
    sent
}

/// Waits (a few seconds at most) until no message of `channel` that is due
/// is still being delivered by someone: what the development outbox's
/// inline delivery needs when parallel requests take each other's messages.
pub async fn until_delivered(store: &Store, channel: Channel) {
    for _ in 0..300 {
        let now = store.now();
        let waiting = store.read(move |c| mail_queue::due_or_in_delivery(c, channel, now)).await.unwrap_or(false);
        if !waiting {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Runs the worker for the life of the process: woken when a message is
/// queued, and every couple of seconds in any case.
pub fn spawn_worker(mailer: Mailer, texter: Texter, base_retry: i64) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            deliver_due_emails(&mailer, base_retry).await;
            deliver_due_texts(&texter, base_retry).await;
            let store = mailer.queue().clone();
            tokio::select! {
                _ = store.mail_bell() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_retry_waits_twice_as_long_up_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(|n| retry_in(n, 30)).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(retry_in(100, 30), 3600);
    }
}
