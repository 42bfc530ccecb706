//! What Settings changes in a login (SPEC §3): the profile and phones, the
//! email address, closing the login; and the changes still in progress,
//! kept per signed-in browser in `settings_drafts` (migration 8).

use super::LoginId;
use rusqlite::{OptionalExtension, params};

use super::Db;
use serde::{Deserialize, Serialize};

use super::StoreError;
use super::credentials::{BackupDraft, TotpDraft};
use crate::crypto::sha256;

pub use crate::rules::limits::{EMAIL_CHANGE_SECONDS, REAUTH_SECONDS};

pub use crate::rules::profile::Profile;

pub fn profile(conn: &Db<'_>, login_id: LoginId) -> Result<Option<Profile>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT first_name, middle_initial, last_name, suffix, email, work_phone, work_phone_ext, mobile_phone
             FROM logins WHERE id = ?1",
            [login_id],
            |r| {
                Ok(Profile {
                    first_name: r.get(0)?,
                    middle_initial: r.get(1)?,
                    last_name: r.get(2)?,
                    suffix: r.get(3)?,
                    email: r.get(4)?,
                    work_phone: r.get(5)?,
                    work_phone_ext: r.get(6)?,
                    mobile_phone: r.get(7)?,
                })
            },
        )
        .optional()?)
}

/// Saves names and phones; the email changes only through [`change_email`].
pub fn update_profile(tx: &Db<'_>, login_id: LoginId, p: &Profile) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE logins SET first_name = ?2, middle_initial = ?3, last_name = ?4, suffix = ?5,
                           work_phone = ?6, work_phone_ext = ?7, mobile_phone = ?8
         WHERE id = ?1",
        params![login_id, p.first_name, p.middle_initial, p.last_name, p.suffix, p.work_phone, p.work_phone_ext, p.mobile_phone],
    )?;
    Ok(())
}

pub fn change_email(tx: &Db<'_>, login_id: LoginId, email: &str) -> Result<(), StoreError> {
    tx.execute("UPDATE logins SET email = ?2 WHERE id = ?1", params![login_id, email])?;
    Ok(())
}

/// Closes a login by deleting it.
///
/// Deleted rather than marked closed: everything that lets a login act —
/// sessions, remembered and known browsers, a pending sign-in, a password
/// reset, methods, passwords, Settings drafts, business-account links and
/// authorization codes — goes with it through `ON DELETE CASCADE`, so no
/// sign-in, recovery or access path has to learn a "closed" state (and
/// cannot forget to check it), and nothing personal outlives the login.
/// Sign-in then answers exactly as for an unknown User ID. The audit log
/// keeps its events (`login_id` becomes NULL); the caller records the
/// closing with the User ID in its detail, so the trail stays readable.
///
/// One-time codes and their locks name a login by id in text
/// (`signin:{id}:…`, `reset:{id}:…`, `settings:{id}:…`), out of reach of the
/// cascade, so they are deleted here too: nothing of a closed login stays.
/// (Ids are never given out again either: migration 11.)
pub fn close(tx: &Db<'_>, login_id: LoginId) -> Result<bool, StoreError> {
    for table in ["one_time_codes", "one_time_code_locks"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE subject LIKE ?1 OR subject LIKE ?2 OR subject LIKE ?3"),
            rusqlite::params_from_iter(super::one_time_codes::patterns_of_login(login_id)),
        )?;
    }
    Ok(tx.execute("DELETE FROM logins WHERE id = ?1", [login_id])? == 1)
}

// ---- Changes in progress ----------------------------------------------------

/// An email change waiting for the code sent to the new address.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PendingEmail {
    pub address: String,
    pub until: i64,
}

/// Everything in progress on one browser. Not `Debug`: it can hold an
/// authenticator secret.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct DraftState {
    pub new_email: Option<PendingEmail>,
    /// The mobile number (E.164) a text-message code was sent to.
    pub text_number: Option<String>,
    pub totp: Option<TotpDraft>,
    pub backup: Option<BackupDraft>,
}

#[derive(Clone, Default)]
pub struct Draft {
    /// Until when the password typed again lets methods change.
    pub reauth_until: i64,
    pub state: DraftState,
}

impl Draft {
    pub fn reauthenticated(&self, now: i64) -> bool {
        self.reauth_until > now
    }

    pub fn pending_email(&self, now: i64) -> Option<&PendingEmail> {
        self.state.new_email.as_ref().filter(|p| p.until > now)
    }
}

/// This browser's draft (an empty one when there is none).
pub fn draft(conn: &Db<'_>, session_token: &str, login_id: LoginId) -> Result<Draft, StoreError> {
    let row: Option<(i64, String)> = conn
        .query_row(
            "SELECT reauth_until, state FROM settings_drafts WHERE session_hash = ?1 AND login_id = ?2",
            params![sha256(session_token.as_bytes()).to_vec(), login_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        // A draft this program cannot read any more is simply started afresh.
        Some((reauth_until, state)) => Draft { reauth_until, state: serde_json::from_str(&state).unwrap_or_default() },
        None => Draft::default(),
    })
}

pub fn save_draft(tx: &Db<'_>, session_token: &str, login_id: LoginId, draft: &Draft, now: i64) -> Result<(), StoreError> {
    let state = serde_json::to_string(&draft.state).map_err(|e| StoreError::Worker(format!("encoding a settings draft: {e}")))?;
    tx.execute(
        "INSERT INTO settings_drafts (session_hash, login_id, reauth_until, state, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (session_hash) DO UPDATE SET reauth_until = excluded.reauth_until, state = excluded.state,
                                                  updated_at = excluded.updated_at",
        params![sha256(session_token.as_bytes()).to_vec(), login_id, draft.reauth_until, state, now],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::method::Method;
    use crate::store::logins::{NewLogin, NewMethod, Removed, create, methods_of, remove_method};
    use crate::store::{Store, sessions};

    fn login() -> NewLogin {
        NewLogin {
            user_id: crate::store::user("doej1234"),
            account_type: Default::default(),
            profile: crate::store::test_profile("Doe", "doe@example.com"),
            password_phc: "x".into(),
            methods: vec![
                NewMethod::Email,
                NewMethod::BackupCodes(vec![crate::store::credentials::StoredBackupCode::Keyed(vec![2; 32])]),
            ],
        }
    }

    #[tokio::test]
    async fn a_draft_lives_with_its_session_and_closing_leaves_nothing_that_signs_in() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let (id, token) = store
            .write(|tx| {
                let id = create(tx, &login(), &crate::store::secrets::SecretsKey::from_bytes([1; 32]), 0)?.unwrap();
                let token = sessions::start(tx, id, 0)?;
                tx.execute("INSERT INTO audit_log (at, login_id, event) VALUES (0, ?1, 'sign_in')", [id])?;
                for subject in [format!("signin:{id}:email"), format!("reset:{id}:0a1b"), format!("signin:{id}0:email")] {
                    let channel = crate::store::one_time_codes::Channel::Email;
                    crate::store::one_time_codes::issue(
                        tx,
                        &subject,
                        channel,
                        &crate::store::one_time_codes::Recipient::new(channel, &subject, 5),
                        0,
                        &mut rand::rng(),
                    )?
                    .unwrap();
                }
                Ok((id, token.0))
            })
            .await
            .unwrap();
        let t = token.clone();
        store
            .write(move |tx| {
                let mut d = draft(tx, &t, id)?;
                assert!(!d.reauthenticated(10));
                d.reauth_until = 100;
                d.state.new_email = Some(PendingEmail { address: "new@example.com".into(), until: 50 });
                save_draft(tx, &t, id, &d, 10)
            })
            .await
            .unwrap();
        let t = token.clone();
        let d = store.read(move |c| draft(c, &t, id)).await.unwrap();
        assert!(d.reauthenticated(99) && !d.reauthenticated(100));
        assert!(d.pending_email(49).is_some() && d.pending_email(50).is_none());

        // At least one method stays.
        assert_eq!(store.write(move |tx| remove_method(tx, id, Method::Totp)).await.unwrap(), Removed::NotThere);
        assert_eq!(store.write(move |tx| remove_method(tx, id, Method::BackupCodes)).await.unwrap(), Removed::Removed);
        assert_eq!(store.write(move |tx| remove_method(tx, id, Method::Email)).await.unwrap(), Removed::LastOne);
        assert_eq!(store.read(move |c| methods_of(c, id)).await.unwrap(), vec![Method::Email]);

        assert!(store.write(move |tx| close(tx, id)).await.unwrap());
        let left: (i64, i64, i64, i64, Option<i64>) = store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT (SELECT count(*) FROM logins), (SELECT count(*) FROM sessions),
                            (SELECT count(*) FROM settings_drafts), (SELECT count(*) FROM audit_log),
                            (SELECT login_id FROM audit_log)",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )?)
            })
            .await
            .unwrap();
        assert_eq!(left, (0, 0, 0, 1, None), "the audit log keeps its events, without the login");
        // A next login may get the same id: it inherits none of these codes.
        let codes: Vec<String> = store
            .read(|c| {
                Ok(c.prepare("SELECT subject FROM one_time_codes")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?)
            })
            .await
            .unwrap();
        assert_eq!(codes, [format!("signin:{id}0:email")], "only another login's code is left");
    }
}
