//! The development outbox: in demo mode every email and text message lands
//! here instead of being sent, newest first, so each flow can be walked on one
//! machine. The page and its server function exist only in demo mode.

use crate::messages::dev_outbox::page as words;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// One stored message, as the outbox page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    /// `email` or `text`.
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: crate::clock::Moment,
}

/// The newest messages in the outbox; refused outside demo mode.
#[server(endpoint = "dev_outbox")]
pub async fn dev_outbox() -> Result<Vec<OutboxMessage>, ServerFnError> {
    let ctx = expect_context::<crate::context::AppContext>();
    if !ctx.demo {
        return Err(ServerFnError::new(words::THE_DEVELOPMENT_OUTBOX));
    }
    let stored = ctx.store.read(|c| crate::store::outbox::newest(c, 200)).await.map_err(|e| {
        tracing::error!(error = %e, "reading the outbox failed");
        ServerFnError::new(words::THE_OUTBOX_COULD_NOT_BE)
    })?;
    Ok(stored
        .into_iter()
        .map(|m| OutboxMessage {
            id: m.id,
            channel: m.channel,
            recipient: m.recipient,
            subject: m.subject,
            body: m.body,
            created_at: crate::clock::Moment::at(m.created_at),
        })
        .collect())
}

#[component]
pub fn DevOutboxPage() -> impl IntoView {
    let messages = Resource::new(|| (), |_| dev_outbox());
    view! {
        <Title text=words::DEVELOPMENT_OUTBOX/>
        <h1 id="page-heading" data-testid="page-heading" tabindex="-1">{words::DEVELOPMENT_OUTBOX}</h1>
        <p class="lead">
            {words::DEMO_MODE_EMAILS_AND_TEXT}
        </p>
        <Suspense fallback=|| view! { <p>{words::LOADING_MESSAGES}</p> }>
            {move || Suspend::new(async move {
                match messages.await {
                    Err(_) => view! { <p class="note">{words::THE_OUTBOX_COULD_NOT_BE}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p data-testid="outbox-empty">{words::NO_MESSAGES_YET}</p> }.into_any(),
                    Ok(list) => view! {
                        <ol class="outbox" data-testid="outbox">
                            {list.into_iter().map(|m| view! { <OutboxItem message=m/> }).collect_view()}
                        </ol>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OutboxItem(message: OutboxMessage) -> impl IntoView {
    let heading_id = format!("message-{}", message.id);
    let labelled_by = heading_id.clone();
    view! {
        <li class="outbox-message" data-testid="outbox-message">
            <article aria-labelledby=labelled_by>
                <h2 id=heading_id>{message.subject}</h2>
                <dl class="meta">
                    <dt>{words::TO}</dt><dd data-testid="outbox-recipient">{message.recipient}</dd>
                    <dt>{words::CHANNEL}</dt><dd>{message.channel}</dd>
                    <dt>{words::STORED}</dt><dd>{message.created_at.text.clone()}</dd>
                </dl>
                <pre data-testid="outbox-body">{message.body}</pre>
            </article>
        </li>
    }
}
