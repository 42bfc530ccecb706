//! Numbered schema migrations. Append only: a migration that has shipped is
//! never edited, a change is a new number. Each runs in its own transaction
//! together with the row that records it, so a crash leaves either the old
//! schema or the new one.

use std::path::Path;

use rusqlite::Connection;

use super::StoreError;

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "outbox and form flash",
        sql: "
        -- Messages the development outbox holds instead of sending (demo mode).
        CREATE TABLE outbox_messages (
            id         INTEGER PRIMARY KEY,
            channel    TEXT NOT NULL CHECK (channel IN ('email', 'text')),
            recipient  TEXT NOT NULL,
            subject    TEXT NOT NULL,
            body       TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX outbox_messages_newest ON outbox_messages (created_at DESC, id DESC);

        -- What a form submitted without JavaScript brings back to its page
        -- (errors and the typed values, never a password), keyed by the hash
        -- of a random browser cookie so nothing personal travels in a URL.
        CREATE TABLE form_flash (
            browser_key BLOB NOT NULL,
            form        TEXT NOT NULL,
            payload     TEXT NOT NULL,
            created_at  INTEGER NOT NULL,
            PRIMARY KEY (browser_key, form)
        );
    ",
    },
    Migration {
        version: 2,
        name: "one-time codes",
        sql: "
        -- Email and text-message codes: only a salted hash is kept.
        CREATE TABLE one_time_codes (
            id         INTEGER PRIMARY KEY,
            subject    TEXT NOT NULL,
            channel    TEXT NOT NULL CHECK (channel IN ('email', 'text')),
            salt       BLOB NOT NULL,
            code_hash  BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            used_at    INTEGER
        );
        CREATE INDEX one_time_codes_subject ON one_time_codes (subject, channel, created_at);

        -- Wrong codes in a row per method, and the lock they lead to.
        CREATE TABLE one_time_code_locks (
            subject        TEXT NOT NULL,
            channel        TEXT NOT NULL CHECK (channel IN ('email', 'text')),
            wrong_in_a_row INTEGER NOT NULL,
            locked_until   INTEGER NOT NULL,
            PRIMARY KEY (subject, channel)
        );
    ",
    },
    Migration {
        version: 3,
        name: "user id holds",
        sql: "
        -- A User ID chosen in an unfinished sign-up, held until it expires.
        -- Stored lower case, so the key makes it unique ignoring case.
        CREATE TABLE user_id_holds (
            user_id    TEXT PRIMARY KEY,
            holder     TEXT NOT NULL UNIQUE,
            expires_at INTEGER NOT NULL
        );
    ",
    },
    Migration {
        version: 4,
        name: "registrations, logins, methods and sessions",
        sql: "
        -- An unfinished sign-up, keyed by the hash of its browser cookie.
        -- `state` is the wizard's draft as JSON (a password only as its hash).
        CREATE TABLE registrations (
            key_hash   BLOB PRIMARY KEY,
            state      TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        );
        CREATE INDEX registrations_expiry ON registrations (expires_at);

        -- A MILogin for Third Party account. User IDs are stored lower case,
        -- so the key makes them unique ignoring case.
        CREATE TABLE logins (
            id              INTEGER PRIMARY KEY,
            user_id         TEXT NOT NULL UNIQUE,
            account_type    TEXT NOT NULL CHECK (account_type IN ('mechanic', 'school')),
            first_name      TEXT,
            middle_initial  TEXT,
            last_name       TEXT NOT NULL,
            suffix          TEXT,
            email           TEXT NOT NULL,
            work_phone      TEXT NOT NULL,
            work_phone_ext  TEXT,
            mobile_phone    TEXT,
            created_at      INTEGER NOT NULL
        );
        -- Several logins may share one email (a shop's address).
        CREATE INDEX logins_email ON logins (email);

        -- Every password a login has had, newest last, as Argon2id PHC
        -- strings: the newest is the current one; the last 3 may not be reused.
        CREATE TABLE password_history (
            id         INTEGER PRIMARY KEY,
            login_id   INTEGER NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
            phc        TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX password_history_login ON password_history (login_id, id);

        -- Proved sign-in verification and recovery methods.
        CREATE TABLE login_methods (
            login_id       INTEGER NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
            method         TEXT NOT NULL CHECK (method IN ('email', 'text', 'totp', 'backup_codes')),
            added_at       INTEGER NOT NULL,
            -- Authenticator app only: the shared secret and the last time
            -- step accepted, so a code is never accepted twice.
            totp_secret    BLOB,
            totp_last_step INTEGER,
            PRIMARY KEY (login_id, method)
        );

        -- Single-use backup codes, salted SHA-256 only.
        CREATE TABLE backup_codes (
            login_id  INTEGER NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
            salt      BLOB NOT NULL,
            code_hash BLOB NOT NULL,
            used_at   INTEGER,
            PRIMARY KEY (login_id, code_hash)
        );

        -- Signed-in browsers: only the hash of the random token is kept.
        CREATE TABLE sessions (
            token_hash   BLOB PRIMARY KEY,
            login_id     INTEGER NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
            created_at   INTEGER NOT NULL,
            last_seen_at INTEGER NOT NULL,
            expires_at   INTEGER NOT NULL
        );
        CREATE INDEX sessions_login ON sessions (login_id);
    ",
    },
    Migration {
        version: 5,
        name: "sign-in security and audit log",
        sql: "
        -- Wrong passwords in a row from browsers this login never signed in
        -- on, and the lock they lead to.
        CREATE TABLE login_lockouts (
            login_id       INTEGER PRIMARY KEY REFERENCES logins (id) ON DELETE CASCADE,
            wrong_in_a_row INTEGER NOT NULL,
            locked_until   INTEGER NOT NULL
        );

        -- Browsers on which a login has signed in before (the device
        -- cookie). Each keeps its own count, so failures made elsewhere
        -- never lock the owner out on their own browser.
        CREATE TABLE known_devices (
            token_hash     BLOB NOT NULL,
            login_id       INTEGER NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
            created_at     INTEGER NOT NULL,
            last_used_at   INTEGER NOT NULL,
            wrong_in_a_row INTEGER NOT NULL DEFAULT 0,
            locked_until   INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (token_hash, login_id)
        );
        CREATE INDEX known_devices_login ON known_devices (login_id);

        -- Remember this browser for 30 days: skips the second step.
        CREATE TABLE remembered_browsers (
            token_hash BLOB NOT NULL,
            login_id   INTEGER NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (token_hash, login_id)
        );

        -- The password was right; the second step is still to come.
        CREATE TABLE pending_sign_ins (
            token_hash BLOB PRIMARY KEY,
            login_id   INTEGER NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
            remember   INTEGER NOT NULL,
            next_path  TEXT NOT NULL,
            -- Wrong second-step codes: after 5 the password must be typed again.
            wrong      INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        );

        -- Sign-in attempts per client address in the current window.
        CREATE TABLE ip_throttle (
            ip           TEXT PRIMARY KEY,
            window_start INTEGER NOT NULL,
            attempts     INTEGER NOT NULL
        );

        -- A reset never signs in, and the next second step prefers a
        -- method other than Email PIN.
        ALTER TABLE logins ADD COLUMN password_reset_at INTEGER;

        -- Every security event. Never a password, code or token.
        CREATE TABLE audit_log (
            id         INTEGER PRIMARY KEY,
            at         INTEGER NOT NULL,
            login_id   INTEGER REFERENCES logins (id) ON DELETE SET NULL,
            event      TEXT NOT NULL,
            ip         TEXT,
            user_agent TEXT,
            detail     TEXT
        );
        CREATE INDEX audit_log_login ON audit_log (login_id, at);
    ",
    },
    Migration {
        version: 6,
        name: "password resets",
        sql: "
        -- A Forgot Password in progress, keyed by the hash of a random
        -- browser cookie. An unknown User ID gets a row too (no login), so
        -- the flow looks the same whether or not the login exists; `subject`
        -- is what its one-time codes are issued under.
        CREATE TABLE password_resets (
            token_hash    BLOB PRIMARY KEY,
            login_id      INTEGER REFERENCES logins (id) ON DELETE CASCADE,
            subject       TEXT NOT NULL,
            created_at    INTEGER NOT NULL,
            expires_at    INTEGER NOT NULL,
            code_verified INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX password_resets_login ON password_resets (login_id);
        CREATE INDEX password_resets_expiry ON password_resets (expires_at);
    ",
    },
    Migration {
        version: 7,
        name: "business records and account access",
        sql: "
        -- The Secretary of State's own records (SPEC §4.1), loaded by
        -- `server records import` and upserted by account number.
        CREATE TABLE business_accounts (
            number        TEXT PRIMARY KEY,            -- 'Z123456'
            account_type  TEXT NOT NULL CHECK (account_type IN ('mechanic', 'school')),
            name          TEXT NOT NULL,
            email         TEXT,                        -- on record; may be missing
            address_line1 TEXT NOT NULL,
            address_line2 TEXT,
            city          TEXT NOT NULL,
            state         TEXT NOT NULL,
            zip           TEXT NOT NULL,
            active        INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL
        );
        CREATE TABLE mechanic_certifications (
            account_number TEXT NOT NULL REFERENCES business_accounts (number) ON DELETE CASCADE,
            category       TEXT NOT NULL,
            status         TEXT NOT NULL CHECK (status IN ('certified', 'trainee')),
            expires_on     TEXT NOT NULL,              -- ISO date
            PRIMARY KEY (account_number, category)
        );
        CREATE TABLE school_programs (
            account_number TEXT NOT NULL REFERENCES business_accounts (number) ON DELETE CASCADE,
            position       INTEGER NOT NULL,
            program        TEXT NOT NULL,
            PRIMARY KEY (account_number, position)
        );

        -- Which logins may act for which business account. Any number of
        -- logins may link one account; a login links an account once.
        CREATE TABLE account_links (
            login_id       INTEGER NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
            account_number TEXT NOT NULL REFERENCES business_accounts (number),
            notice_email   TEXT NOT NULL,              -- where notices about this access go
            linked_at      INTEGER NOT NULL,
            PRIMARY KEY (login_id, account_number)
        );
        CREATE INDEX account_links_account ON account_links (account_number);

        -- Account numbers a login looked up, per UTC day: at most 10 a day.
        CREATE TABLE account_lookups (
            login_id       INTEGER NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
            day            INTEGER NOT NULL,           -- Unix day number (seconds / 86400)
            account_number TEXT NOT NULL,
            PRIMARY KEY (login_id, day, account_number)
        );

        -- One sequence for every submission: its id is the confirmation
        -- number (shown 1-3-3-3). AUTOINCREMENT so a number is never reused.
        CREATE TABLE submissions (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            login_id       INTEGER REFERENCES logins (id) ON DELETE SET NULL,
            kind           TEXT NOT NULL,              -- 'code_request' | 'account_access'
            account_number TEXT NOT NULL,
            at             INTEGER NOT NULL
        );

        -- Requests for an authorization code (SPEC §4.3). An email request
        -- is sent at once; a letter waits for `server mail export`, which
        -- makes its code and sets sent_at.
        CREATE TABLE code_requests (
            id             INTEGER PRIMARY KEY,
            submission_id  INTEGER NOT NULL UNIQUE REFERENCES submissions (id),
            login_id       INTEGER NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
            account_number TEXT NOT NULL REFERENCES business_accounts (number),
            channel        TEXT NOT NULL CHECK (channel IN ('email', 'letter')),
            requested_at   INTEGER NOT NULL,
            sent_at        INTEGER
        );
        CREATE INDEX code_requests_login_account ON code_requests (login_id, account_number, requested_at);
        CREATE INDEX code_requests_unsent ON code_requests (channel, sent_at);

        -- Authorization codes, only as keyed hashes (HMAC-SHA256 under a key
        -- kept outside the database), bound to one login and one account.
        CREATE TABLE authorization_codes (
            id             INTEGER PRIMARY KEY,
            request_id     INTEGER NOT NULL REFERENCES code_requests (id) ON DELETE CASCADE,
            login_id       INTEGER NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
            account_number TEXT NOT NULL REFERENCES business_accounts (number),
            code_hash      BLOB NOT NULL,
            created_at     INTEGER NOT NULL,
            expires_at     INTEGER NOT NULL,
            used_at        INTEGER,
            voided_at      INTEGER
        );
        CREATE INDEX authorization_codes_login ON authorization_codes (login_id, code_hash);

        -- Wrong authorization codes per login: 5 per 10 minutes, then a
        -- wait; 20 in a row void every outstanding code of the login.
        CREATE TABLE authorization_code_tries (
            login_id     INTEGER PRIMARY KEY REFERENCES logins (id) ON DELETE CASCADE,
            window_start INTEGER NOT NULL,
            in_window    INTEGER NOT NULL,
            in_a_row     INTEGER NOT NULL
        );
    ",
    },
    Migration {
        version: 8,
        name: "settings drafts",
        sql: "
        -- Settings changes in progress, one row per signed-in browser and
        -- keyed like its session, so they end with it: the password typed
        -- again to change methods (until `reauth_until`), an email change
        -- waiting for the code sent to the new address, a method being
        -- proved. `state` is JSON: an authenticator secret or backup-code
        -- hashes while being proved, never a password or a code.
        CREATE TABLE settings_drafts (
            session_hash BLOB PRIMARY KEY REFERENCES sessions (token_hash) ON DELETE CASCADE,
            login_id     INTEGER NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
            reauth_until INTEGER NOT NULL DEFAULT 0,
            state        TEXT NOT NULL,
            updated_at   INTEGER NOT NULL
        );
        CREATE INDEX settings_drafts_login ON settings_drafts (login_id);
    ",
    },
    Migration {
        version: 9,
        name: "code request drafts",
        sql: "
        -- Request Code (SPEC §4.3) in progress, one per login: the account
        -- type, number and delivery chosen so far, then the confirmation to
        -- show. JSON; never a code. Kept server-side so no account number
        -- travels in a URL, and keyed by the login so no one else's is read.
        CREATE TABLE code_request_drafts (
            login_id   INTEGER PRIMARY KEY REFERENCES logins (id) ON DELETE CASCADE,
            state      TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        );
    ",
    },
    Migration {
        version: 10,
        name: "add account access drafts and springboard notices",
        sql: "
        -- Add Account Access (SPEC §4.4) in progress, one per login: the id
        -- of the live code typed at step 1 (never the code), whether the
        -- account was confirmed, and the notice address chosen. The account
        -- is always read from the code's own row, bound to the login.
        CREATE TABLE account_access_drafts (
            login_id     INTEGER PRIMARY KEY REFERENCES logins (id) ON DELETE CASCADE,
            code_id      INTEGER NOT NULL REFERENCES authorization_codes (id) ON DELETE CASCADE,
            confirmed    INTEGER NOT NULL DEFAULT 0,
            notice_email TEXT,
            updated_at   INTEGER NOT NULL
        );

        -- One message waiting for the login's next view of the springboard
        -- (access added or removed), shown once.
        CREATE TABLE springboard_notices (
            login_id   INTEGER PRIMARY KEY REFERENCES logins (id) ON DELETE CASCADE,
            message    TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
    ",
    },
    Migration {
        version: 11,
        name: "login ids are never reused",
        sql: "
        -- logins.id has no AUTOINCREMENT, so SQLite would hand a closed
        -- login's id (when it was the newest) to the next sign-up, and
        -- anything naming a login by id in text (one-time code subjects)
        -- would follow it. The highest id ever given out is kept here and
        -- new logins take the next one.
        CREATE TABLE login_id_high_water (
            only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
            id       INTEGER NOT NULL
        );
        INSERT INTO login_id_high_water (only_row, id) SELECT 1, coalesce(max(id), 0) FROM logins;
    ",
    },
    Migration {
        version: 12,
        name: "second-step limits per login and sends per recipient",
        sql: "
        -- Wrong second-step codes, one row each, counted per login across
        -- pending sign-ins and methods (typing the password again does not
        -- start afresh). `scope` is empty for browsers the login never
        -- signed in on, or a known device's token hash: someone who has the
        -- password still cannot close the owner's own browser.
        CREATE TABLE second_step_failures (
            login_id INTEGER NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
            scope    BLOB NOT NULL,
            at       INTEGER NOT NULL
        );
        CREATE INDEX second_step_failures_by ON second_step_failures (login_id, scope, at);
        CREATE TABLE second_step_locks (
            login_id     INTEGER NOT NULL REFERENCES logins (id) ON DELETE CASCADE,
            scope        BLOB NOT NULL,
            locked_until INTEGER NOT NULL,
            PRIMARY KEY (login_id, scope)
        );

        -- Codes sent to one recipient (a normalised address or number),
        -- whatever registration, login or flow asked: what stops mail
        -- bombing and text pumping. `scope` is empty for strangers, or the
        -- token hash of a browser the recipient's login signed in on, so a
        -- stranger cannot spend the owner's own allowance.
        CREATE TABLE recipient_sends (
            recipient TEXT NOT NULL,
            scope     BLOB NOT NULL,
            sent_at   INTEGER NOT NULL
        );
        CREATE INDEX recipient_sends_by ON recipient_sends (recipient, scope, sent_at);
    ",
    },
    Migration {
        version: 13,
        name: "the outgoing mail and text queue",
        sql: "
        -- Every email and text message is written here first, in the
        -- transaction of the change that causes it where it can be, and a
        -- background worker delivers it with retries: no request waits on
        -- SMTP or the text gateway, and a message outlives a crash or an
        -- outage. The body is blanked once delivered (or given up on): many
        -- carry a code. `claimed_until` keeps two deliverers off one row.
        CREATE TABLE mail_queue (
            id              INTEGER PRIMARY KEY,
            channel         TEXT NOT NULL CHECK (channel IN ('email', 'text')),
            recipient       TEXT NOT NULL,
            subject         TEXT NOT NULL,
            body            TEXT NOT NULL,
            created_at      INTEGER NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            claimed_until   INTEGER NOT NULL DEFAULT 0,
            last_error      TEXT,
            sent_at         INTEGER,
            failed_at       INTEGER
        );
        CREATE INDEX mail_queue_due ON mail_queue (channel, next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
    ",
    },
    Migration {
        version: 14,
        name: "backup codes under the secrets key",
        sql: "
        -- Backup codes made from now on are kept as HMAC-SHA256 under the
        -- secrets key, which lives in a file beside the database and not in
        -- it (store::secrets), with an empty salt; rows made before keep
        -- their salted SHA-256, which still verifies, and say so here.
        -- (login_methods.totp_secret now holds sealed secrets too; those
        -- need no column: a version byte marks them, and the start-up pass
        -- seals the plain ones that older versions stored.)
        ALTER TABLE backup_codes ADD COLUMN scheme TEXT NOT NULL DEFAULT 'salted-sha256'
            CHECK (scheme IN ('salted-sha256', 'hmac-sha256'));
    ",
    },
];

pub const LATEST_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

pub(super) fn current_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT coalesce(max(version), 0) FROM schema_migrations", [], |r| r.get(0))?)
}

pub(super) fn migrate(conn: &mut Connection, path: &Path, now: i64) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at INTEGER NOT NULL
        );",
    )?;
    let found = current_version(conn)?;
    if found > LATEST_VERSION {
        return Err(StoreError::NewerThanCode { path: path.display().to_string(), found, supported: LATEST_VERSION });
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > found) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        tx.execute_batch(m.sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![m.version, m.name, now],
        )?;
        tx.commit()?;
        tracing::info!(version = m.version, name = m.name, "applied migration");
    }
    Ok(())
}
