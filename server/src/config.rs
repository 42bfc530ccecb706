//! Configuration, layered: built-in defaults ← `Leptos.toml` ← environment
//! (`CARS_*`) ← command-line flags. Every key is listed in the README.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use app::mail::text::GatewaySettings;
use app::mail::{SmtpSettings, SmtpTls};
use app::security::policy::{Policy, SessionPolicy};
use app::store::sign_in::LockPolicy;
use clap::Args;
use serde::Deserialize;

use crate::ops::retention::Retention;

/// The settings every subcommand shares. Each is also an environment
/// variable; a flag beats the variable, the variable beats the file.
#[derive(Args, Debug, Default, Clone)]
pub struct SettingsArgs {
    /// The configuration file [default: Leptos.toml, if present]
    #[arg(long, env = "CARS_CONFIG", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The SQLite database file (created on first start)
    #[arg(long, env = "CARS_DATABASE", global = true, value_name = "FILE")]
    pub database: Option<PathBuf>,
    /// Demo mode: demo records and the development outbox at /dev/outbox
    #[arg(long, env = "CARS_DEMO", global = true, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub demo: Option<bool>,
    /// Demo mode only: start the clock at this moment (RFC 3339, e.g.
    /// 2027-01-15T14:00:00Z) and let it run from there, to see the portal
    /// on a winter or a summer day; refused outside demo mode
    #[arg(long, env = "CARS_CLOCK_AT", global = true, value_name = "MOMENT")]
    pub clock_at: Option<String>,
    /// Address to listen on
    #[arg(long, env = "CARS_ADDR", global = true, value_name = "IP:PORT")]
    pub addr: Option<SocketAddr>,
    /// Folder holding the built site (pkg/ and the public assets)
    #[arg(long, env = "CARS_SITE_ROOT", global = true, value_name = "DIR")]
    pub site_root: Option<PathBuf>,
    /// The address people reach the portal at; https:// turns on Secure
    /// cookies and HSTS (also behind a TLS-terminating proxy)
    #[arg(long, env = "CARS_PUBLIC_URL", global = true, value_name = "URL")]
    pub public_url: Option<String>,
    /// Keep email in the database outbox instead of sending it (explicit
    /// choice needed outside demo mode when no SMTP server is configured)
    #[arg(long, env = "CARS_MAIL_OUTBOX", global = true, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub mail_outbox: Option<bool>,
    /// SMTP server host name
    #[arg(long, env = "CARS_SMTP_HOST", global = true)]
    pub smtp_host: Option<String>,
    /// SMTP port [default: 25 with tls none, 587 starttls, 465 tls]
    #[arg(long, env = "CARS_SMTP_PORT", global = true)]
    pub smtp_port: Option<u16>,
    /// SMTP transport security: none, starttls or tls [default: starttls]
    #[arg(long, env = "CARS_SMTP_TLS", global = true)]
    pub smtp_tls: Option<SmtpTls>,
    /// SMTP user name (give the password too)
    #[arg(long, env = "CARS_SMTP_USERNAME", global = true)]
    pub smtp_username: Option<String>,
    /// SMTP password; prefer the environment variable, flags show up in process listings
    #[arg(long, env = "CARS_SMTP_PASSWORD", global = true, hide_env_values = true)]
    pub smtp_password: Option<String>,
    /// The From address, e.g. "CARS e-Services <no-reply@example.gov>"
    #[arg(long, env = "CARS_SMTP_FROM", global = true)]
    pub smtp_from: Option<String>,
    /// Keep text messages in the database outbox instead of sending them
    /// (always so in demo mode)
    #[arg(long, env = "CARS_TEXT_OUTBOX", global = true, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub text_outbox: Option<bool>,
    /// The HTTP text-message gateway (http:// or https://) that takes a JSON
    /// POST {"to", "body"}; without it (and outside the outbox) texts are off
    #[arg(long, env = "CARS_TEXT_GATEWAY_URL", global = true, value_name = "URL")]
    pub text_gateway_url: Option<String>,
    /// Bearer token for the text gateway; prefer the environment variable,
    /// flags show up in process listings
    #[arg(long, env = "CARS_TEXT_GATEWAY_TOKEN", global = true, hide_env_values = true, value_name = "TOKEN")]
    pub text_gateway_token: Option<String>,
    /// Wrong passwords (or second-step codes) in a row before a lock [default: 3]
    #[arg(long, env = "CARS_LOCK_AFTER_WRONG_PASSWORDS", global = true, value_name = "N")]
    pub lock_after_wrong_passwords: Option<i64>,
    /// How long a lock lasts, in minutes [default: 30]
    #[arg(long, env = "CARS_LOCK_MINUTES", global = true, value_name = "MINUTES")]
    pub lock_minutes: Option<i64>,
    /// A session without a request for this long ends, in seconds [default: 1200]
    #[arg(long, env = "CARS_SESSION_IDLE_SECONDS", global = true, value_name = "SECONDS")]
    pub session_idle_seconds: Option<i64>,
    /// The "still there?" warning shows this long before the idle end, in
    /// seconds; less than the idle time [default: 120]
    #[arg(long, env = "CARS_SESSION_WARNING_SECONDS", global = true, value_name = "SECONDS")]
    pub session_warning_seconds: Option<i64>,
    /// However active, a session ends this long after sign-in, in hours [default: 12]
    #[arg(long, env = "CARS_SESSION_ABSOLUTE_HOURS", global = true, value_name = "HOURS")]
    pub session_absolute_hours: Option<i64>,
    /// Sign-in attempts allowed per client address per minute [default: 30]
    #[arg(long, env = "CARS_SIGN_INS_PER_MINUTE", global = true, value_name = "N")]
    pub sign_ins_per_minute: Option<i64>,
    /// Codes sent to one email address or phone number per hour, whatever
    /// asks for them (per stranger, and per browser the login signed in on) [default: 5]
    #[arg(long, env = "CARS_CODES_PER_RECIPIENT_PER_HOUR", global = true, value_name = "N")]
    pub codes_per_recipient_per_hour: Option<i64>,
    /// Reverse proxies whose X-Forwarded-For is believed, comma-separated IP
    /// addresses; empty for none [default: none]
    #[arg(long, env = "CARS_TRUSTED_PROXIES", global = true, value_name = "IP,IP")]
    pub trusted_proxies: Option<String>,
    /// Delete development-outbox messages older than this, in days [default: 30]
    #[arg(long, env = "CARS_RETENTION_OUTBOX_DAYS", global = true, value_name = "DAYS")]
    pub retention_outbox_days: Option<i64>,
    /// Delete authorization and one-time codes this long after they expired,
    /// were used or were voided, in days [default: 90]
    #[arg(long, env = "CARS_RETENTION_EXPIRED_CODES_DAYS", global = true, value_name = "DAYS")]
    pub retention_expired_codes_days: Option<i64>,
    /// Blank the IP address and user agent of audit-log lines older than
    /// this, in days [default: 365]
    #[arg(long, env = "CARS_RETENTION_AUDIT_IP_DAYS", global = true, value_name = "DAYS")]
    pub retention_audit_ip_days: Option<i64>,
}

/// `Leptos.toml`, as written; every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    server: FileServer,
    #[serde(default)]
    mail: FileMail,
    #[serde(default)]
    text: FileText,
    #[serde(default)]
    security: FileSecurity,
    #[serde(default)]
    retention: FileRetention,
}

/// `[retention]`: how long data is kept (SPEC §6), in days.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRetention {
    outbox_days: Option<i64>,
    expired_codes_days: Option<i64>,
    audit_ip_days: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileServer {
    addr: Option<SocketAddr>,
    database: Option<PathBuf>,
    demo: Option<bool>,
    site_root: Option<PathBuf>,
    public_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileMail {
    outbox: Option<bool>,
    smtp: Option<FileSmtp>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSmtp {
    host: Option<String>,
    port: Option<u16>,
    tls: Option<SmtpTls>,
    username: Option<String>,
    password: Option<String>,
    from: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileText {
    outbox: Option<bool>,
    gateway_url: Option<String>,
    gateway_token: Option<String>,
}

/// `[security]`: the sign-in security numbers (SPEC §3). The idle time is
/// in seconds in every layer, so tests can shorten it below a minute.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSecurity {
    lock_after_wrong_passwords: Option<i64>,
    lock_minutes: Option<i64>,
    session_idle_seconds: Option<i64>,
    session_warning_seconds: Option<i64>,
    session_absolute_hours: Option<i64>,
    sign_ins_per_minute: Option<i64>,
    codes_per_recipient_per_hour: Option<i64>,
    trusted_proxies: Option<Vec<String>>,
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
    /// Lockout, session and throttling numbers, and the trusted proxies.
    pub policy: Policy,
    /// How long outbox messages, ended codes and audit addresses are kept.
    pub retention: Retention,
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

        let demo = self.demo.or(file.server.demo).unwrap_or(false);
        let smtp = self.smtp(file.mail.smtp.unwrap_or_default())?;
        let outbox = self.mail_outbox.or(file.mail.outbox).unwrap_or(false);
        let mail = match smtp {
            // Demo mode never sends real mail, even with SMTP configured.
            _ if demo || outbox => Some(MailDelivery::Outbox),
            Some(smtp) => Some(MailDelivery::Smtp(smtp)),
            None => None,
        };
        let gateway = self.text_gateway(file.text.gateway_url, file.text.gateway_token)?;
        let text_outbox = self.text_outbox.or(file.text.outbox).unwrap_or(false);
        let text = match gateway {
            // Demo mode never sends real texts, even with a gateway configured.
            _ if demo || text_outbox => TextDelivery::Outbox,
            Some(gateway) => TextDelivery::Gateway(gateway),
            None => TextDelivery::Disabled,
        };
        let policy = self.policy(file.security)?;
        let retention = self.retention(file.retention)?;
        let clock_at = match &self.clock_at {
            None => None,
            Some(_) if !demo => {
                return Err(ConfigError::Clock("the clock can be set in demo mode only: a real portal runs on real time".into()));
            }
            Some(moment) => Some(app::clock::parse_instant(moment).map_err(ConfigError::Clock)?),
        };
        Ok(Config {
            addr: self.addr.or(leptos_addr).or(file.server.addr).unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000))),
            database: self.database.clone().or(file.server.database).unwrap_or_else(|| "data/cars.db".into()),
            demo,
            site_root: self.site_root.clone().or(leptos_root).or(file.server.site_root).unwrap_or_else(|| "target/site".into()),
            public_url: self.public_url.clone().or(file.server.public_url).filter(|u| !u.is_empty()),
            mail,
            text,
            policy,
            retention,
            clock_at,
        })
    }

    /// The retention periods, flag/variable beating the file beating the
    /// default; each at least one day (a zero would purge live data at once).
    fn retention(&self, file: FileRetention) -> Result<Retention, ConfigError> {
        let defaults = Retention::default();
        let days = |flag: Option<i64>, file: Option<i64>, default: i64, what: &str| {
            let Some(value) = flag.or(file) else { return Ok(default) };
            if !(1..=36_500).contains(&value) {
                return Err(ConfigError::Retention(format!("retention.{what} must be between 1 and 36500 days, not {value}")));
            }
            Ok(value)
        };
        Ok(Retention {
            outbox_days: days(self.retention_outbox_days, file.outbox_days, defaults.outbox_days, "outbox_days")?,
            expired_codes_days: days(
                self.retention_expired_codes_days,
                file.expired_codes_days,
                defaults.expired_codes_days,
                "expired_codes_days",
            )?,
            audit_ip_days: days(self.retention_audit_ip_days, file.audit_ip_days, defaults.audit_ip_days, "audit_ip_days")?,
        })
    }

    /// The security numbers, each flag/variable beating the file beating the
    /// default; nonsense (zero, a warning not shorter than the idle time, an
    /// address that is not an IP) is refused rather than quietly corrected.
    fn policy(&self, file: FileSecurity) -> Result<Policy, ConfigError> {
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
        let proxies: Vec<String> = match (&self.trusted_proxies, file.trusted_proxies) {
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
        Ok(Policy { lock, session, sign_ins_per_minute, codes_per_recipient_per_hour, trusted_proxies })
    }

    fn read_file(&self) -> Result<FileConfig, ConfigError> {
        let (path, required) = match &self.config {
            Some(p) => (p.clone(), true),
            None => (PathBuf::from(DEFAULT_CONFIG_FILE), false),
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => parse_file(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(FileConfig::default()),
            Err(source) => Err(ConfigError::Read { path: path.display().to_string(), source }),
        }
    }

    fn smtp(&self, file: FileSmtp) -> Result<Option<SmtpSettings>, ConfigError> {
        let host = self.smtp_host.clone().or(file.host).filter(|h| !h.is_empty());
        let Some(host) = host else { return Ok(None) };
        let tls = self.smtp_tls.or(file.tls).unwrap_or_default();
        let default_port = match tls {
            SmtpTls::None => 25,
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
        };
        let from =
            self.smtp_from.clone().or(file.from).ok_or(ConfigError::IncompleteSmtp("the From address (smtp from) is missing"))?;
        Ok(Some(SmtpSettings {
            host,
            port: self.smtp_port.or(file.port).unwrap_or(default_port),
            tls,
            username: self.smtp_username.clone().or(file.username),
            password: self.smtp_password.clone().or(file.password),
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

fn parse_file(text: &str, path: &Path) -> Result<FileConfig, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::Parse { path: path.display().to_string(), source: Box::new(e) })
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
            args.resolve(no_env).unwrap().retention,
            Retention { outbox_days: 30, expired_codes_days: 90, audit_ip_days: 365 }
        );
        let (_d, mut args) = with_file("[retention]\noutbox_days = 7\nexpired_codes_days = 14\naudit_ip_days = 180\n");
        assert_eq!(
            args.resolve(no_env).unwrap().retention,
            Retention { outbox_days: 7, expired_codes_days: 14, audit_ip_days: 180 }
        );
        args.retention_outbox_days = Some(2);
        assert_eq!(args.resolve(no_env).unwrap().retention.outbox_days, 2);
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
