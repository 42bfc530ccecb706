//! Configuration, layered: built-in defaults ← `Leptos.toml` ← environment
//! (`CARS_*`) ← command-line flags. Every key is listed in the README.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use app::mail::text::GatewaySettings;
use app::mail::{SmtpSettings, SmtpTls};
use app::security::policy::{Policy, SessionPolicy};
use app::store::sign_in::LockPolicy;
use clap::Args;

use crate::ops::retention::Retention;

/// Every configuration key, declared once: its field (which is also the
/// flag, `--smtp-host` for `smtp_host`), its type on the command line, its
/// `Leptos.toml` key and type there (`_` for none), its environment
/// variable, the default as people read it, and what it means. From this
/// one list come the flags and variables (clap), the reading of the file
/// (unknown keys refused), and the README's table, which a test keeps
/// equal to [`readme_table`]. Checks and defaults are applied in
/// [`SettingsArgs::resolve`].
macro_rules! settings {
    ($(
        $field:ident: $ty:ty, file $key:tt as $file_ty:ty, env $env:literal, default $default:literal,
        $meaning:literal $(, arg($($extra:tt)*))?;
    )*) => {
        /// The settings every subcommand shares. Each is also an environment
        /// variable; a flag beats the variable, the variable beats the file.
        #[derive(Args, Debug, Default, Clone)]
        pub struct SettingsArgs {
            /// The configuration file [default: Leptos.toml, if present]
            #[arg(long, env = "CARS_CONFIG", global = true, value_name = "FILE")]
            pub config: Option<PathBuf>,
            $(
                #[arg(long, env = $env, global = true, help = concat!($meaning, " [default: ", $default, "]") $(, $($extra)*)?)]
                pub $field: Option<$ty>,
            )*
        }

        /// What `Leptos.toml` says, key by key.
        #[derive(Debug, Default)]
        #[allow(dead_code, reason = "a key the file cannot set (`file _`) is always None and never read")]
        struct FileValues {
            $( $field: Option<$file_ty>, )*
        }

        impl FileValues {
            fn from_table(table: &toml::Table) -> Result<Self, toml::de::Error> {
                refuse_unknown_keys(table, "", KEYS)?;
                Ok(Self { $( $field: file_value(table, file_key!($key))?, )* })
            }
        }

        /// Every key, as the README's table lists it.
        pub const KEYS: &[KeyDoc] = &[
            $( KeyDoc { file: file_key!($key), env: $env, field: stringify!($field), default: $default, meaning: $meaning }, )*
        ];
    };
}

/// A key's place in the file: a dotted path, or none.
macro_rules! file_key {
    (_) => {
        None
    };
    ($key:literal) => {
        Some($key)
    };
}

settings! {
    addr: SocketAddr, file "server.addr" as SocketAddr, env "CARS_ADDR", default "`127.0.0.1:3000`",
        "where to listen; cargo-leptos's `LEPTOS_SITE_ADDR` sits between the file and `CARS_ADDR`", arg(value_name = "IP:PORT");
    database: PathBuf, file "server.database" as PathBuf, env "CARS_DATABASE", default "`data/cars.db`",
        "the SQLite file (created on first start)", arg(value_name = "FILE");
    demo: bool, file "server.demo" as bool, env "CARS_DEMO", default "`false`",
        "demo mode: the development outbox and the demo business records",
        arg(num_args = 0..=1, default_missing_value = "true", value_name = "BOOL");
    clock_at: String, file _ as String, env "CARS_CLOCK_AT", default "none",
        "demo mode only (refused otherwise): the clock starts at this moment (RFC 3339, e.g. `2027-01-15T14:00:00Z`) and runs on from there; the browser tests use it to see winter (EST) and summer (EDT) times",
        arg(value_name = "MOMENT");
    site_root: PathBuf, file "server.site_root" as PathBuf, env "CARS_SITE_ROOT", default "`target/site`",
        "the built WASM, JS, CSS and `public/` files; cargo-leptos's `LEPTOS_SITE_ROOT` sits between the file and `CARS_SITE_ROOT`",
        arg(value_name = "DIR");
    public_url: String, file "server.public_url" as String, env "CARS_PUBLIC_URL", default "none",
        "the address people use, named in letters and code emails (without it, this server's own address); `https://` turns on `Secure`/`__Host-` cookies and HSTS",
        arg(value_name = "URL");
    mail_outbox: bool, file "mail.outbox" as bool, env "CARS_MAIL_OUTBOX", default "`false`",
        "keep email in the database outbox instead of sending (outside demo mode: recipient, subject and time only, never the body, which may carry a code)",
        arg(num_args = 0..=1, default_missing_value = "true", value_name = "BOOL");
    smtp_host: String, file "mail.smtp.host" as String, env "CARS_SMTP_HOST", default "none",
        "SMTP server";
    smtp_port: u16, file "mail.smtp.port" as u16, env "CARS_SMTP_PORT", default "25 / 587 / 465 by `tls`",
        "SMTP port";
    smtp_tls: SmtpTls, file "mail.smtp.tls" as SmtpTls, env "CARS_SMTP_TLS", default "`starttls`",
        "`none`, `starttls` or `tls`";
    smtp_username: String, file "mail.smtp.username" as String, env "CARS_SMTP_USERNAME", default "none",
        "with `password`, or neither";
    smtp_password: String, file "mail.smtp.password" as String, env "CARS_SMTP_PASSWORD", default "none",
        "prefer the variable: flags show up in process listings", arg(hide_env_values = true);
    smtp_from: String, file "mail.smtp.from" as String, env "CARS_SMTP_FROM", default "none",
        "required with a host, e.g. `CARS e-Services <no-reply@example.gov>`";
    text_outbox: bool, file "text.outbox" as bool, env "CARS_TEXT_OUTBOX", default "`false`",
        "keep text messages in the database outbox instead of sending",
        arg(num_args = 0..=1, default_missing_value = "true", value_name = "BOOL");
    text_gateway_url: String, file "text.gateway_url" as String, env "CARS_TEXT_GATEWAY_URL", default "none",
        "HTTP gateway for text messages (`http://` or `https://`): JSON `POST {\"to\": \"+15175550123\", \"body\": \"…\"}`, any `2xx` is success, 10 s timeout",
        arg(value_name = "URL");
    text_gateway_token: String, file "text.gateway_token" as String, env "CARS_TEXT_GATEWAY_TOKEN", default "none",
        "sent as `Authorization: Bearer …`; prefer the variable", arg(hide_env_values = true, value_name = "TOKEN");
    lock_after_wrong_passwords: i64, file "security.lock_after_wrong_passwords" as i64, env "CARS_LOCK_AFTER_WRONG_PASSWORDS", default "`3`",
        "wrong passwords in a row before a lock (counted per login for unknown browsers, per browser where the login signed in before); at least 1",
        arg(value_name = "N");
    lock_minutes: i64, file "security.lock_minutes" as i64, env "CARS_LOCK_MINUTES", default "`30`",
        "how long a lock lasts, in minutes; at least 1", arg(value_name = "MINUTES");
    session_idle_seconds: i64, file "security.session_idle_seconds" as i64, env "CARS_SESSION_IDLE_SECONDS", default "`1200` (20 min)",
        "a session without a request for this long ends; seconds in every layer, so tests can go below a minute",
        arg(value_name = "SECONDS");
    session_warning_seconds: i64, file "security.session_warning_seconds" as i64, env "CARS_SESSION_WARNING_SECONDS", default "`120`",
        "the \"still there?\" warning shows this long before the idle end; at least 1 and less than the idle time",
        arg(value_name = "SECONDS");
    session_absolute_hours: i64, file "security.session_absolute_hours" as i64, env "CARS_SESSION_ABSOLUTE_HOURS", default "`12`",
        "however active, a session ends this long after sign-in; at least 1", arg(value_name = "HOURS");
    sign_ins_per_minute: i64, file "security.sign_ins_per_minute" as i64, env "CARS_SIGN_INS_PER_MINUTE", default "`30`",
        "sign-in attempts per client address per minute; at least 1", arg(value_name = "N");
    codes_per_recipient_per_hour: i64, file "security.codes_per_recipient_per_hour" as i64, env "CARS_CODES_PER_RECIPIENT_PER_HOUR", default "`5`",
        "one-time codes sent to one email address or phone number per hour, whatever registration, login or flow asks (strangers share one allowance; each browser the login signed in on has its own); at least 1",
        arg(value_name = "N");
    trusted_proxies: String, file "security.trusted_proxies" as Vec<String>, env "CARS_TRUSTED_PROXIES", default "none",
        "reverse proxies whose `X-Forwarded-For` is believed: a list of IP addresses in the file, comma-separated in the variable and flag (empty clears it); leave empty unless a proxy sits in front",
        arg(value_name = "IP,IP");
    retention_outbox_days: i64, file "retention.outbox_days" as i64, env "CARS_RETENTION_OUTBOX_DAYS", default "`30`",
        "outbox messages older than this are deleted", arg(value_name = "DAYS");
    retention_expired_codes_days: i64, file "retention.expired_codes_days" as i64, env "CARS_RETENTION_EXPIRED_CODES_DAYS", default "`90`",
        "authorization and one-time codes are deleted this long after they expired, were used or were voided (live codes never)",
        arg(value_name = "DAYS");
    retention_audit_ip_days: i64, file "retention.audit_ip_days" as i64, env "CARS_RETENTION_AUDIT_IP_DAYS", default "`365`",
        "audit-log lines older than this lose their IP address and user agent; the event stays", arg(value_name = "DAYS");
}

/// One key as the README lists it.
#[derive(Clone, Copy, Debug)]
pub struct KeyDoc {
    /// The dotted `Leptos.toml` key, if the file can set it.
    pub file: Option<&'static str>,
    pub env: &'static str,
    /// The field, which names the flag.
    pub field: &'static str,
    pub default: &'static str,
    pub meaning: &'static str,
}

/// The README's configuration table: its header and one row per key.
pub fn readme_table() -> String {
    let mut table = String::from("| `Leptos.toml` key | environment | flag | default | meaning |\n|---|---|---|---|---|\n");
    for key in KEYS {
        let file = key.file.map_or("—".to_string(), |k| format!("`{k}`"));
        let flag = key.field.replace('_', "-");
        table.push_str(&format!("| {file} | `{}` | `--{flag}` | {} | {} |\n", key.env, key.default, key.meaning));
    }
    table
}

/// Fails on a key of the file no entry declares (a misspelling would
/// otherwise be ignored), naming it.
fn refuse_unknown_keys(table: &toml::Table, prefix: &str, keys: &[KeyDoc]) -> Result<(), toml::de::Error> {
    use serde::de::Error as _;
    for (name, value) in table {
        let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        let declared = keys.iter().filter_map(|k| k.file);
        match value {
            toml::Value::Table(inner) if declared.clone().any(|k| k.starts_with(&format!("{path}."))) => {
                refuse_unknown_keys(inner, &path, keys)?;
            }
            _ if declared.clone().any(|k| k == path) => {}
            _ => return Err(toml::de::Error::custom(format!("unknown key `{path}`"))),
        }
    }
    Ok(())
}

/// The value at a dotted `key` of the file, if it is there.
fn file_value<T: serde::de::DeserializeOwned>(table: &toml::Table, key: Option<&str>) -> Result<Option<T>, toml::de::Error> {
    use serde::de::Error as _;
    let Some(key) = key else { return Ok(None) };
    let mut parts = key.split('.').peekable();
    let mut at = table;
    while let Some(part) = parts.next() {
        let Some(value) = at.get(part) else { return Ok(None) };
        if parts.peek().is_none() {
            return value.clone().try_into().map(Some).map_err(|e| toml::de::Error::custom(format!("`{key}`: {e}")));
        }
        match value {
            toml::Value::Table(inner) => at = inner,
            _ => return Err(toml::de::Error::custom(format!("`{key}`: expected a table above it"))),
        }
    }
    Ok(None)
}

/// How email leaves the portal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailDelivery {
    Smtp(SmtpSettings),
    Outbox,
}

/// How text messages leave the portal (SPEC §5). Unlike email they are
/// optional: `Disabled` only means the text method is not offered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TextDelivery {
    #[default]
    Disabled,
    Outbox,
    Gateway(GatewaySettings),
}

/// The resolved configuration.
#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    pub database: PathBuf,
    pub demo: bool,
    pub site_root: PathBuf,
    pub public_url: Option<String>,
    /// `None` when nothing is configured: fine for `migrate`, refused by `serve`.
    pub mail: Option<MailDelivery>,
    /// Demo mode or `text.outbox` → outbox; else a gateway URL → gateway;
    /// else disabled (`serve` starts all the same).
    pub text: TextDelivery,
    /// Lockout, session and throttling numbers, the trusted proxies and
    /// how long outbox messages, ended codes and audit addresses are kept.
    pub policy: Policy,
    /// The moment the clock starts at (demo mode only), in Unix seconds.
    pub clock_at: Option<i64>,
}

impl Config {
    /// The portal's clock: real time, or from `clock_at` onwards (demo).
    pub fn clock(&self) -> app::clock::Clock {
        let clock = app::clock::Clock::default();
        if let Some(at) = self.clock_at {
            clock.start_at(at);
        }
        clock
    }

    /// Served over TLS (directly or by a proxy in front).
    pub fn tls(&self) -> bool {
        self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }

    /// The address people are told to go to, in letters and emails: the
    /// public URL, or this server's own address when none is set (fine on
    /// one machine, wrong for anyone else, so `mail export` warns).
    pub fn portal_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => format!("http://{}", self.addr),
        }
    }

    /// How to deliver email; serving without a way is refused (SPEC "Modes").
    pub fn require_mail(&self) -> Result<&MailDelivery, ConfigError> {
        self.mail.as_ref().ok_or(ConfigError::NoMailDelivery)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("the configuration file {path} is not valid: {source}")]
    Parse { path: String, source: Box<toml::de::Error> },
    #[error(
        "no way to deliver email: outside demo mode configure SMTP ([mail.smtp] host and from in Leptos.toml, \
         or CARS_SMTP_HOST and CARS_SMTP_FROM), or choose the database outbox explicitly (mail.outbox = true, \
         CARS_MAIL_OUTBOX=true or --mail-outbox)"
    )]
    NoMailDelivery,
    #[error("SMTP is half configured: {0}")]
    IncompleteSmtp(&'static str),
    #[error(
        "{0} (see [text] gateway_url and gateway_token in Leptos.toml, or CARS_TEXT_GATEWAY_URL and CARS_TEXT_GATEWAY_TOKEN)"
    )]
    TextGateway(String),
    #[error("{0} (see [security] in Leptos.toml, or the CARS_* variables the README lists)")]
    Security(String),
    #[error("CARS_CLOCK_AT: {0}")]
    Clock(String),
    #[error("{0} (see [retention] in Leptos.toml, or the CARS_RETENTION_* variables the README lists)")]
    Retention(String),
}

const DEFAULT_CONFIG_FILE: &str = "Leptos.toml";

impl SettingsArgs {
    /// Resolves the layers. `env` is consulted for the variables cargo-leptos
    /// sets (`LEPTOS_SITE_ADDR`, `LEPTOS_SITE_ROOT`), which sit just below ours.
    pub fn resolve(&self, env: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let file = self.read_file()?;
        let leptos_addr = env("LEPTOS_SITE_ADDR").and_then(|a| a.parse().ok());
        let leptos_root = env("LEPTOS_SITE_ROOT").map(PathBuf::from);

        let demo = self.demo.or(file.demo).unwrap_or(false);
        let smtp = self.smtp(&file)?;
        let outbox = self.mail_outbox.or(file.mail_outbox).unwrap_or(false);
        let mail = match smtp {
            // Demo mode never sends real mail, even with SMTP configured.
            _ if demo || outbox => Some(MailDelivery::Outbox),
            Some(smtp) => Some(MailDelivery::Smtp(smtp)),
            None => None,
        };
        let gateway = self.text_gateway(file.text_gateway_url.clone(), file.text_gateway_token.clone())?;
        let text_outbox = self.text_outbox.or(file.text_outbox).unwrap_or(false);
        let text = match gateway {
            // Demo mode never sends real texts, even with a gateway configured.
            _ if demo || text_outbox => TextDelivery::Outbox,
            Some(gateway) => TextDelivery::Gateway(gateway),
            None => TextDelivery::Disabled,
        };
        let policy = self.policy(&file)?;
        let clock_at = match &self.clock_at {
            None => None,
            Some(_) if !demo => {
                return Err(ConfigError::Clock("the clock can be set in demo mode only: a real portal runs on real time".into()));
            }
            Some(moment) => Some(app::clock::parse_instant(moment).map_err(ConfigError::Clock)?),
        };
        Ok(Config {
            addr: self.addr.or(leptos_addr).or(file.addr).unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000))),
            database: self.database.clone().or(file.database.clone()).unwrap_or_else(|| "data/cars.db".into()),
            demo,
            site_root: self.site_root.clone().or(leptos_root).or(file.site_root.clone()).unwrap_or_else(|| "target/site".into()),
            public_url: self.public_url.clone().or(file.public_url.clone()).filter(|u| !u.is_empty()),
            mail,
            text,
            policy,
            clock_at,
        })
    }

    /// The retention periods, flag/variable beating the file beating the
    /// default; each at least one day (a zero would purge live data at once).
    fn retention(&self, file: &FileValues) -> Result<Retention, ConfigError> {
        let defaults = Retention::default();
        // A hundred years: more is a typo, not a policy.
        const MOST_DAYS: i64 = 36_500;
        let days = |flag: Option<i64>, file: Option<i64>, default: i64, what: &str| {
            let Some(value) = flag.or(file) else { return Ok(default) };
            if !(1..=MOST_DAYS).contains(&value) {
                return Err(ConfigError::Retention(format!(
                    "retention.{what} must be between 1 and {MOST_DAYS} days, not {value}"
                )));
            }
            Ok(value)
        };
        Ok(Retention {
            outbox_days: days(self.retention_outbox_days, file.retention_outbox_days, defaults.outbox_days, "outbox_days")?,
            expired_codes_days: days(
                self.retention_expired_codes_days,
                file.retention_expired_codes_days,
                defaults.expired_codes_days,
                "expired_codes_days",
            )?,
            audit_ip_days: days(
                self.retention_audit_ip_days,
                file.retention_audit_ip_days,
                defaults.audit_ip_days,
                "audit_ip_days",
            )?,
        })
    }

    /// The security numbers, each flag/variable beating the file beating the
    /// default; nonsense (zero, a warning not shorter than the idle time, an
    /// address that is not an IP) is refused rather than quietly corrected.
    fn policy(&self, file: &FileValues) -> Result<Policy, ConfigError> {
        let defaults = Policy::default();
        // `what` names the key as the file spells it; `scale` turns the unit into seconds.
        let positive = |flag: Option<i64>, file: Option<i64>, default: i64, what: &str, scale: i64| {
            let Some(value) = flag.or(file) else { return Ok(default) };
            if value < 1 {
                return Err(ConfigError::Security(format!("security.{what} must be at least 1, not {value}")));
            }
            value
                .checked_mul(scale)
                .filter(|v| *v <= i64::from(u32::MAX))
                .ok_or_else(|| ConfigError::Security(format!("security.{what} = {value} is too large")))
        };
        let lock = LockPolicy {
            wrong_before_lock: positive(
                self.lock_after_wrong_passwords,
                file.lock_after_wrong_passwords,
                defaults.lock.wrong_before_lock,
                "lock_after_wrong_passwords",
                1,
            )?,
            lock_seconds: positive(self.lock_minutes, file.lock_minutes, defaults.lock.lock_seconds, "lock_minutes", 60)?,
        };
        let session = SessionPolicy {
            idle_seconds: positive(
                self.session_idle_seconds,
                file.session_idle_seconds,
                defaults.session.idle_seconds,
                "session_idle_seconds",
                1,
            )?,
            warn_seconds: positive(
                self.session_warning_seconds,
                file.session_warning_seconds,
                defaults.session.warn_seconds,
                "session_warning_seconds",
                1,
            )?,
            absolute_seconds: positive(
                self.session_absolute_hours,
                file.session_absolute_hours,
                defaults.session.absolute_seconds,
                "session_absolute_hours",
                3600,
            )?,
        };
        if session.warn_seconds >= session.idle_seconds {
            return Err(ConfigError::Security(format!(
                "security.session_warning_seconds ({}) must be less than security.session_idle_seconds ({})",
                session.warn_seconds, session.idle_seconds
            )));
        }
        let sign_ins_per_minute =
            positive(self.sign_ins_per_minute, file.sign_ins_per_minute, defaults.sign_ins_per_minute, "sign_ins_per_minute", 1)?;
        let codes_per_recipient_per_hour = positive(
            self.codes_per_recipient_per_hour,
            file.codes_per_recipient_per_hour,
            defaults.codes_per_recipient_per_hour,
            "codes_per_recipient_per_hour",
            1,
        )?;
        // The flag/variable is one comma-separated string; an empty one
        // clears the file's list.
        let proxies: Vec<String> = match (&self.trusted_proxies, file.trusted_proxies.clone()) {
            (Some(list), _) => list.split(',').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect(),
            (None, Some(list)) => list,
            (None, None) => Vec::new(),
        };
        let trusted_proxies = proxies
            .iter()
            .map(|p| {
                p.trim().parse::<IpAddr>().map_err(|_| {
                    ConfigError::Security(format!(
                        "security.trusted_proxies: {p:?} is not an IP address (one address each, no port or range)"
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let retention = self.retention(file)?;
        Ok(Policy { lock, session, sign_ins_per_minute, codes_per_recipient_per_hour, trusted_proxies, retention })
    }

    fn read_file(&self) -> Result<FileValues, ConfigError> {
        let (path, required) = match &self.config {
            Some(p) => (p.clone(), true),
            None => (PathBuf::from(DEFAULT_CONFIG_FILE), false),
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => parse_file(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(FileValues::default()),
            Err(source) => Err(ConfigError::Read { path: path.display().to_string(), source }),
        }
    }

    fn smtp(&self, file: &FileValues) -> Result<Option<SmtpSettings>, ConfigError> {
        let host = self.smtp_host.clone().or(file.smtp_host.clone()).filter(|h| !h.is_empty());
        let Some(host) = host else { return Ok(None) };
        let tls = self.smtp_tls.or(file.smtp_tls).unwrap_or_default();
        let default_port = match tls {
            SmtpTls::None => 25,
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
        };
        let from = self
            .smtp_from
            .clone()
            .or(file.smtp_from.clone())
            .ok_or(ConfigError::IncompleteSmtp("the From address (smtp from) is missing"))?;
        Ok(Some(SmtpSettings {
            host,
            port: self.smtp_port.or(file.smtp_port).unwrap_or(default_port),
            tls,
            username: self.smtp_username.clone().or(file.smtp_username.clone()),
            password: self.smtp_password.clone().or(file.smtp_password.clone()),
            from,
        }))
    }

    /// The gateway, checked even where the outbox wins, so a bad address
    /// shows up before it is first needed.
    fn text_gateway(&self, file_url: Option<String>, file_token: Option<String>) -> Result<Option<GatewaySettings>, ConfigError> {
        let url = self.text_gateway_url.clone().or(file_url).filter(|u| !u.is_empty());
        let token = self.text_gateway_token.clone().or(file_token).filter(|t| !t.is_empty());
        match (url, token) {
            (Some(url), token) => {
                GatewaySettings::new(&url, token).map(Some).map_err(|e| ConfigError::TextGateway(e.to_string()))
            }
            (None, Some(_)) => Err(ConfigError::TextGateway("a text gateway token is set but no gateway URL".into())),
            (None, None) => Ok(None),
        }
    }
}

fn parse_file(text: &str, path: &Path) -> Result<FileValues, ConfigError> {
    toml::from_str::<toml::Table>(text)
        .and_then(|table| FileValues::from_table(&table))
        .map_err(|e| ConfigError::Parse { path: path.display().to_string(), source: Box::new(e) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn with_file(text: &str) -> (tempfile::TempDir, SettingsArgs) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Leptos.toml");
        std::fs::write(&path, text).unwrap();
        (dir, SettingsArgs { config: Some(path), ..Default::default() })
    }

    #[test]
    fn outside_demo_mode_mail_must_be_configured() {
        let (_d, args) = with_file("");
        let config = args.resolve(no_env).expect("migrate needs no mail");
        assert!(matches!(config.require_mail(), Err(ConfigError::NoMailDelivery)));

        let (_d, args) = with_file("[mail]\noutbox = true\n");
        assert_eq!(args.resolve(no_env).unwrap().require_mail().unwrap(), &MailDelivery::Outbox);

        let (_d, args) = with_file("[server]\ndemo = true\n");
        let config = args.resolve(no_env).unwrap();
        assert!(config.demo);
        assert_eq!(config.require_mail().unwrap(), &MailDelivery::Outbox);
    }

    #[test]
    fn layers_apply_in_order_defaults_file_env_flags() {
        let (_d, mut args) = with_file(
            "[server]\naddr = \"127.0.0.1:4000\"\ndatabase = \"file.db\"\n\
             [mail.smtp]\nhost = \"smtp.file\"\nfrom = \"a@b.gov\"\ntls = \"tls\"\n",
        );
        let config = args.resolve(no_env).unwrap();
        assert_eq!(config.addr.port(), 4000);
        assert_eq!(config.database, PathBuf::from("file.db"));
        assert_eq!(config.site_root, PathBuf::from("target/site"));
        match config.require_mail().unwrap() {
            MailDelivery::Smtp(s) => {
                assert_eq!((s.host.as_str(), s.port, s.tls), ("smtp.file", 465, SmtpTls::Tls));
            }
            other => panic!("{other:?}"),
        }
        // cargo-leptos's variable beats the file …
        let config = args.resolve(|k| (k == "LEPTOS_SITE_ADDR").then(|| "127.0.0.1:5000".into())).unwrap();
        assert_eq!(config.addr.port(), 5000);
        // … and our own flag or variable (clap merges those two) beats both.
        args.addr = Some("127.0.0.1:6000".parse().unwrap());
        args.smtp_port = Some(2525);
        let config = args.resolve(|k| (k == "LEPTOS_SITE_ADDR").then(|| "127.0.0.1:5000".into())).unwrap();
        assert_eq!(config.addr.port(), 6000);
        assert!(matches!(config.mail, Some(MailDelivery::Smtp(SmtpSettings { port: 2525, .. }))));
    }

    #[test]
    fn unknown_keys_and_missing_explicit_files_are_errors() {
        let (_d, args) = with_file("[server]\nadress = \"x\"\n");
        assert!(matches!(args.resolve(no_env), Err(ConfigError::Parse { .. })));
        let args = SettingsArgs { config: Some("/nonexistent/cars.toml".into()), ..Default::default() };
        assert!(matches!(args.resolve(no_env), Err(ConfigError::Read { .. })));
    }

    #[test]
    fn the_clock_is_set_in_demo_mode_only_and_to_a_real_moment() {
        let (_d, mut args) = with_file("");
        args.clock_at = Some("2027-07-15T14:00:00Z".into());
        assert!(matches!(args.resolve(no_env), Err(ConfigError::Clock(m)) if m.contains("demo mode only")));
        args.demo = Some(true);
        assert_eq!(args.resolve(no_env).unwrap().clock_at, Some(1_815_660_000));
        args.clock_at = Some("July".into());
        assert!(matches!(args.resolve(no_env), Err(ConfigError::Clock(_))));
        args.clock_at = None;
        assert_eq!(args.resolve(no_env).unwrap().clock_at, None);
    }

    #[test]
    fn smtp_without_from_is_refused() {
        let (_d, args) = with_file("[mail.smtp]\nhost = \"smtp.example\"\n");
        assert!(matches!(args.resolve(no_env), Err(ConfigError::IncompleteSmtp(_))));
    }

    #[test]
    fn text_messages_are_optional_and_resolve_outbox_then_gateway() {
        // Nothing configured: disabled, and serving is still allowed.
        let (_d, args) = with_file("[mail]\noutbox = true\n");
        let config = args.resolve(no_env).unwrap();
        assert_eq!(config.text, TextDelivery::Disabled);
        assert!(config.require_mail().is_ok());

        let (_d, args) = with_file("[text]\ngateway_url = \"https://sms.example.gov/send\"\ngateway_token = \"t0ken\"\n");
        match args.resolve(no_env).unwrap().text {
            TextDelivery::Gateway(g) => {
                assert_eq!(g.origin(), "https://sms.example.gov");
                assert!(g.has_token());
            }
            other => panic!("{other:?}"),
        }

        // The outbox wins over a gateway: by choice, and always in demo mode.
        let (_d, args) = with_file("[text]\noutbox = true\ngateway_url = \"https://sms.example.gov/send\"\n");
        assert_eq!(args.resolve(no_env).unwrap().text, TextDelivery::Outbox);
        let (_d, args) = with_file("[server]\ndemo = true\n[text]\ngateway_url = \"https://sms.example.gov/send\"\n");
        assert_eq!(args.resolve(no_env).unwrap().text, TextDelivery::Outbox);
        let (_d, args) = with_file("[server]\ndemo = true\n");
        assert_eq!(args.resolve(no_env).unwrap().text, TextDelivery::Outbox);
    }

    #[test]
    fn text_flags_and_variables_beat_the_file() {
        let (_d, mut args) = with_file("[text]\ngateway_url = \"https://file.example.gov/send\"\n");
        args.text_gateway_url = Some("http://127.0.0.1:9000/sms".into());
        match args.resolve(no_env).unwrap().text {
            TextDelivery::Gateway(g) => {
                assert_eq!(g.origin(), "http://127.0.0.1:9000");
                assert!(!g.has_token());
            }
            other => panic!("{other:?}"),
        }
        args.text_outbox = Some(true);
        assert_eq!(args.resolve(no_env).unwrap().text, TextDelivery::Outbox);
        // An explicit `false` beats a file's `true`.
        let (_d, mut args) = with_file("[text]\noutbox = true\n");
        args.text_outbox = Some(false);
        assert_eq!(args.resolve(no_env).unwrap().text, TextDelivery::Disabled);
    }

    #[test]
    fn bad_text_gateway_settings_are_refused() {
        for file in [
            "[text]\ngateway_url = \"ftp://sms.example.gov/\"\n",
            "[text]\ngateway_url = \"https://user:pw@sms.example.gov/\"\n",
            "[text]\ngateway_token = \"t0ken\"\n",
            "[server]\ndemo = true\n[text]\ngateway_url = \"sms.example.gov\"\n",
        ] {
            let (_d, args) = with_file(file);
            assert!(matches!(args.resolve(no_env), Err(ConfigError::TextGateway(_))), "{file}");
        }
        let (_d, args) = with_file("[text]\ngateway = \"https://sms.example.gov/\"\n");
        assert!(matches!(args.resolve(no_env), Err(ConfigError::Parse { .. })));
        // The token never reaches an error message or the debug output.
        let (_d, args) = with_file("[text]\ngateway_url = \"https://sms.example.gov/\"\ngateway_token = \"bad token\"\n");
        let error = args.resolve(no_env).unwrap_err().to_string();
        assert!(!error.contains("bad token"), "{error}");
        let (_d, args) = with_file("[text]\ngateway_url = \"https://sms.example.gov/\"\ngateway_token = \"t0ken\"\n");
        assert!(!format!("{:?}", args.resolve(no_env).unwrap()).contains("t0ken"));
    }

    #[test]
    fn security_defaults_match_the_policy_defaults() {
        let (_d, args) = with_file("");
        let policy = args.resolve(no_env).unwrap().policy;
        assert_eq!(policy, Policy::default());
        assert_eq!((policy.lock.wrong_before_lock, policy.lock.lock_seconds), (3, 30 * 60));
        assert_eq!(
            (policy.session.idle_seconds, policy.session.warn_seconds, policy.session.absolute_seconds),
            (20 * 60, 120, 12 * 3600)
        );
        assert_eq!(policy.sign_ins_per_minute, 30);
        assert!(policy.trusted_proxies.is_empty());
    }

    #[test]
    fn security_layers_apply_in_order_and_units_convert_to_seconds() {
        let (_d, mut args) = with_file(
            "[security]\nlock_after_wrong_passwords = 5\nlock_minutes = 10\nsession_idle_seconds = 600\n\
             session_warning_seconds = 60\nsession_absolute_hours = 8\nsign_ins_per_minute = 12\n\
             trusted_proxies = [\"10.0.0.1\", \"::1\"]\n",
        );
        let policy = args.resolve(no_env).unwrap().policy;
        assert_eq!(policy.lock, LockPolicy { wrong_before_lock: 5, lock_seconds: 600 });
        assert_eq!(policy.session, SessionPolicy { idle_seconds: 600, warn_seconds: 60, absolute_seconds: 8 * 3600 });
        assert_eq!(policy.sign_ins_per_minute, 12);
        assert_eq!(policy.trusted_proxies, vec!["10.0.0.1".parse::<IpAddr>().unwrap(), "::1".parse().unwrap()]);

        // Flags and variables (clap merges the two) beat the file; the idle
        // time may be shortened below a minute for tests.
        args.lock_after_wrong_passwords = Some(2);
        args.lock_minutes = Some(1);
        args.session_idle_seconds = Some(20);
        args.session_warning_seconds = Some(5);
        args.session_absolute_hours = Some(1);
        args.sign_ins_per_minute = Some(1000);
        args.trusted_proxies = Some(" 192.168.1.2 , 2001:db8::1,".into());
        let policy = args.resolve(no_env).unwrap().policy;
        assert_eq!(policy.lock, LockPolicy { wrong_before_lock: 2, lock_seconds: 60 });
        assert_eq!(policy.session, SessionPolicy { idle_seconds: 20, warn_seconds: 5, absolute_seconds: 3600 });
        assert_eq!(policy.sign_ins_per_minute, 1000);
        assert_eq!(policy.trusted_proxies, vec!["192.168.1.2".parse::<IpAddr>().unwrap(), "2001:db8::1".parse().unwrap()]);
        // An empty variable clears the file's proxies.
        args.trusted_proxies = Some(String::new());
        assert!(args.resolve(no_env).unwrap().policy.trusted_proxies.is_empty());
    }

    #[test]
    fn security_nonsense_is_refused() {
        for file in [
            "[security]\nlock_after_wrong_passwords = 0\n",
            "[security]\nlock_minutes = 0\n",
            "[security]\nlock_minutes = -5\n",
            "[security]\nsession_idle_seconds = 0\n",
            "[security]\nsession_warning_seconds = 0\n",
            "[security]\nsession_absolute_hours = 0\n",
            "[security]\nsign_ins_per_minute = 0\n",
            "[security]\nsession_absolute_hours = 9223372036854775807\n",
            // The warning must come before the idle end.
            "[security]\nsession_idle_seconds = 120\n",
            "[security]\nsession_idle_seconds = 60\nsession_warning_seconds = 90\n",
            "[security]\ntrusted_proxies = [\"10.0.0.1:8080\"]\n",
            "[security]\ntrusted_proxies = [\"10.0.0.0/8\"]\n",
            "[security]\ntrusted_proxies = [\"proxy.example.gov\"]\n",
        ] {
            let (_d, args) = with_file(file);
            assert!(matches!(args.resolve(no_env), Err(ConfigError::Security(_))), "{file}");
        }
        // The message names the key and the values.
        let (_d, args) = with_file("[security]\nsession_idle_seconds = 60\nsession_warning_seconds = 90\n");
        let error = args.resolve(no_env).unwrap_err().to_string();
        assert!(error.contains("session_warning_seconds (90)") && error.contains("session_idle_seconds (60)"), "{error}");

        let (_d, mut args) = with_file("");
        args.trusted_proxies = Some("10.0.0.1,nonsense".into());
        let error = args.resolve(no_env).unwrap_err().to_string();
        assert!(error.contains("\"nonsense\" is not an IP address"), "{error}");
        args.trusted_proxies = None;
        args.session_idle_seconds = Some(0);
        assert!(matches!(args.resolve(no_env), Err(ConfigError::Security(_))));

        // Unknown keys in [security] (e.g. a minutes spelling) are parse errors.
        let (_d, args) = with_file("[security]\nsession_idle_minutes = 20\n");
        assert!(matches!(args.resolve(no_env), Err(ConfigError::Parse { .. })));
        let (_d, args) = with_file("[security]\ntrusted_proxies = \"10.0.0.1\"\n");
        assert!(matches!(args.resolve(no_env), Err(ConfigError::Parse { .. })));
    }

    #[test]
    fn retention_periods_default_to_the_privacy_page_and_layer_like_the_rest() {
        let (_d, args) = with_file("");
        assert_eq!(
            args.resolve(no_env).unwrap().policy.retention,
            Retention { outbox_days: 30, expired_codes_days: 90, audit_ip_days: 365 }
        );
        let (_d, mut args) = with_file("[retention]\noutbox_days = 7\nexpired_codes_days = 14\naudit_ip_days = 180\n");
        assert_eq!(
            args.resolve(no_env).unwrap().policy.retention,
            Retention { outbox_days: 7, expired_codes_days: 14, audit_ip_days: 180 }
        );
        args.retention_outbox_days = Some(2);
        assert_eq!(args.resolve(no_env).unwrap().policy.retention.outbox_days, 2);
        for file in
            ["[retention]\noutbox_days = 0\n", "[retention]\naudit_ip_days = -1\n", "[retention]\nexpired_codes_days = 100000\n"]
        {
            let (_d, args) = with_file(file);
            assert!(matches!(args.resolve(no_env), Err(ConfigError::Retention(_))), "{file}");
        }
        let (_d, args) = with_file("[retention]\nsignup_days = 1\n");
        assert!(matches!(args.resolve(no_env), Err(ConfigError::Parse { .. })));
    }

    #[test]
    fn the_readme_lists_every_key_as_declared() {
        let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md")).unwrap();
        let table = readme_table();
        assert!(readme.contains(&table), "README.md's configuration table is not the declared keys; it should read:\n{table}");
    }

    #[test]
    fn every_key_is_a_flag_and_a_variable_and_the_file_keys_are_unique() {
        use clap::Args as _;
        let command = SettingsArgs::augment_args(clap::Command::new("cars"));
        command.clone().debug_assert();
        for key in KEYS {
            let arg = command.get_arguments().find(|a| a.get_id() == key.field).unwrap_or_else(|| panic!("{}", key.field));
            assert_eq!(arg.get_env().and_then(|e| e.to_str()), Some(key.env), "{}", key.field);
            assert_eq!(arg.get_long(), Some(key.field.replace('_', "-").as_str()));
        }
        let mut files: Vec<_> = KEYS.iter().filter_map(|k| k.file).collect();
        files.sort_unstable();
        files.dedup();
        assert_eq!(files.len(), KEYS.iter().filter(|k| k.file.is_some()).count());
    }

    #[test]
    fn a_misspelt_key_or_section_is_named() {
        for (file, named) in [
            ("[server]\nadress = \"x\"\n", "server.adress"),
            ("[mail.smtp]\nhots = \"x\"\n", "mail.smtp.hots"),
            ("[sever]\n", "sever"),
            ("demo = true\n", "demo"),
        ] {
            let (_d, args) = with_file(file);
            let error = args.resolve(no_env).unwrap_err().to_string();
            assert!(error.contains(named), "{file}: {error}");
        }
        // A value of the wrong type names its key.
        let (_d, args) = with_file("[server]\ndemo = \"yes\"\n");
        assert!(args.resolve(no_env).unwrap_err().to_string().contains("server.demo"));
    }

    #[test]
    fn https_public_url_means_tls() {
        let (_d, args) = with_file("[server]\ndemo = true\npublic_url = \"https://cars.example.gov\"\n");
        assert!(args.resolve(no_env).unwrap().tls());
    }

    #[test]
    fn the_portal_url_is_the_public_one_else_this_server() {
        let (_d, args) = with_file("[server]\ndemo = true\npublic_url = \"https://cars.example.gov/\"\n");
        assert_eq!(args.resolve(no_env).unwrap().portal_url(), "https://cars.example.gov");
        let (_d, args) = with_file("[server]\ndemo = true\naddr = \"127.0.0.1:3999\"\n");
        assert_eq!(args.resolve(no_env).unwrap().portal_url(), "http://127.0.0.1:3999");
    }
}
