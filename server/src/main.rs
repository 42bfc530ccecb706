//! `server`: the portal's one binary. `serve` is the default subcommand; the
//! others are the operator commands of SPEC §6 (see `server::ops`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use server::config::{Config, SettingsArgs};
use server::ops;

#[derive(Parser, Debug)]
#[command(name = "server", version, about = "CARS e-Services — Mechanic Authentication")]
struct Cli {
    #[command(flatten)]
    settings: SettingsArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the portal (the default)
    Serve,
    /// Create the database or bring its schema up to date, then exit
    Migrate,
    /// The Secretary of State's business records
    #[command(subcommand)]
    Records(RecordsCommand),
    /// Authorization-code letters for the print vendor
    #[command(subcommand)]
    Mail(MailCommand),
    /// Help a person with their login
    #[command(subcommand)]
    Users(UsersCommand),
    /// A login's access to business accounts
    #[command(subcommand)]
    Access(AccessCommand),
    /// Authorization codes
    #[command(subcommand)]
    Codes(CodesCommand),
    /// The built site's bundle
    #[command(subcommand)]
    Assets(AssetsCommand),
    /// Copy the database while the portal runs (SQLite online backup)
    #[command(long_about = "Copy the database to PATH with SQLite's online backup, page by page with short \
                      pauses, so a running portal keeps serving (and writing) meanwhile. The copy is \
                      checked (PRAGMA integrity_check) before the command reports success. The key files \
                      beside the database are copied beside PATH, owner-only: the authorization-code key \
                      (DATABASE.code-key), without which codes already sent cannot be checked, and the \
                      secrets key (DATABASE.secrets-key), without which authenticator apps and backup \
                      codes stop working. Keep them with the copy.")]
    Backup {
        /// Where to write the copy; an existing file is refused unless --force
        path: PathBuf,
        /// Replace PATH if it exists
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug)]
enum RecordsCommand {
    /// Import business records from a CSV file: all or nothing, upserted by account number
    #[command(after_help = ops::records::FORMAT_HELP)]
    Import {
        /// The CSV file
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
enum MailCommand {
    /// Make the codes of every unsent letter, write one PDF and one batch file, mark them sent
    #[command(long_about = ops::letters::export_help())]
    Export {
        /// The folder to write letters-YYYYMMDDTHHMMSSZ.pdf and .txt into (made if missing)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// List the emails and text messages not delivered yet: waiting for a retry, or given up on
    #[command(long_about = "Lists every queued email and text message that has not been delivered: \
                      those waiting (with their tries so far, the next try and the last error) and those \
                      given up on after repeated failures. Bodies are never shown (they may hold codes). \
                      The running server delivers the queue; this command only reads it.")]
    Queue,
}

#[derive(Subcommand, Debug)]
enum UsersCommand {
    /// End a lockout: clear the wrong-password counts of the login and of its browsers
    Unlock {
        /// The login's User ID (any case)
        user_id: String,
    },
    /// The person lost their phone: keep only Email PIN, end every session and sign-in, email a notice
    #[command(long_about = "For a person who lost their phone or authenticator: removes every sign-in \
                      verification method of the login except Email PIN (text message, authenticator \
                      app, backup codes and their codes), ends every session, remembered browser and \
                      pending sign-in, and emails a notice to the login's address. The password is kept.")]
    ResetMethods {
        /// The login's User ID (any case)
        user_id: String,
    },
}

#[derive(Subcommand, Debug)]
enum AccessCommand {
    /// Remove a login's access to a business account and tell everyone concerned
    #[command(long_about = "Removes the access of the login USER_ID to the business account ACCOUNT and emails \
                      the login, the email on the record and every other login linked to it. An error \
                      (exit code 1) when the login does not have that access.")]
    Revoke {
        /// The login's User ID (any case)
        user_id: String,
        /// The account number, e.g. Z123456
        account: String,
    },
}

#[derive(Subcommand, Debug)]
enum CodesCommand {
    /// Void every outstanding authorization code of a login (a new request is needed)
    Void {
        /// The login's User ID (any case)
        user_id: String,
    },
}

#[derive(Subcommand, Debug)]
enum AssetsCommand {
    /// Write NAME.br and NAME.gz beside each file of the site's pkg/ (the WASM,
    /// JS and CSS), which /pkg then sends as they are; run after each build
    Compress {
        /// Brotli quality, 0 to 11 (11 for what ships; lower is faster)
        #[arg(long, default_value_t = server::assets::BEST_QUALITY)]
        quality: u32,
    },
}

fn main() -> ExitCode {
    // Logs go to stderr, so an operator command's stdout is only its report.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,server=info,app=info".into()),
        )
        .init();
    let cli = Cli::parse();
    let config = match cli.settings.resolve(|k| std::env::var(k).ok()) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(at) = config.clock_at {
        tracing::warn!(now = %app::clock::michigan_time(at), "demo clock set: this server does not run on real time");
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run(cli.command.unwrap_or(Command::Serve), config));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> Result<(), Box<dyn std::error::Error>> {
    // Commands read the same clock as the server (a demo's chosen moment).
    let clock = config.clock();
    let now = clock.now();
    match command {
        Command::Serve => server::serve(config).await,
        Command::Migrate => {
            let store = app::store::Store::open_on(&config.database, clock.clone())?;
            let version = store.schema_version().await?;
            println!("{}: schema at version {version}", config.database.display());
            Ok(())
        }
        Command::Records(RecordsCommand::Import { file }) => {
            let input = std::fs::File::open(&file).map_err(ops::OpsError::file("cannot read", &file))?;
            let store = app::store::Store::open_on(&config.database, clock.clone())?;
            let source = file.display().to_string();
            let accounts = match ops::records::parse(std::io::BufReader::new(input)) {
                Ok(accounts) => accounts,
                Err(e) => {
                    ops::records::audit_refused(&store, &source, &e, now).await?;
                    return Err(ops::OpsError::from(e).into());
                }
            };
            let done = ops::records::import(&store, accounts, &source, now).await?;
            println!(
                "imported {} records from {source}: {} new, {} updated",
                done.added + done.updated,
                done.added,
                done.updated
            );
            Ok(())
        }
        Command::Mail(MailCommand::Queue) => {
            let store = app::store::Store::open_on(&config.database, clock.clone())?;
            let entries = store.read(app::store::mail_queue::undelivered).await?;
            print!("{}", ops::mail_queue_listing(&entries, now));
            Ok(())
        }
        Command::Mail(MailCommand::Export { out }) => {
            let ctx = server::context(&config)?;
            if config.public_url.is_none() {
                eprintln!("warning: server.public_url is not set; the letters name {}", ctx.portal_url);
            }
            match ops::letters::export(&ctx.store, &ctx.mailer, &ctx.code_key, &ctx.portal_url, &out, now).await? {
                None => println!("no unsent letters: nothing written"),
                Some(done) => {
                    println!("{} letter(s) exported and marked sent", done.count);
                    println!("PDF: {}", done.pdf.display());
                    println!("batch file: {}", done.batch.display());
                    if done.unsent_notices > 0 {
                        eprintln!("warning: {} \"letter sent\" email(s) could not be sent (see the log)", done.unsent_notices);
                    }
                }
            }
            Ok(())
        }
        Command::Users(UsersCommand::Unlock { user_id }) => {
            let store = app::store::Store::open_on(&config.database, clock.clone())?;
            let done = ops::users::unlock(&store, &ops::user_id(&user_id)?, now).await?;
            match done.was_locked_until {
                Some(until) => println!("{}: unlocked (the lock ran until {})", done.user_id, app::clock::michigan_time(until)),
                None => println!("{}: was not locked; its wrong-password counts are cleared", done.user_id),
            }
            Ok(())
        }
        Command::Users(UsersCommand::ResetMethods { user_id }) => {
            let ctx = server::context(&config)?;
            let done = ops::users::reset_methods(&ctx.store, &ctx.mailer, &ops::user_id(&user_id)?, now).await?;
            let removed = if done.removed.is_empty() { "nothing".to_string() } else { done.removed.join(", ") };
            println!(
                "{}: only Email PIN is left (removed: {removed}); {} session(s) ended, remembered browsers and pending sign-ins forgotten",
                done.user_id, done.sessions_ended
            );
            if done.notice_sent {
                println!("notice emailed to the login's address");
            } else {
                eprintln!("warning: the notice email could not be sent (see the log)");
            }
            Ok(())
        }
        Command::Access(AccessCommand::Revoke { user_id, account }) => {
            let ctx = server::context(&config)?;
            // The login is looked for first: an unknown one is the error to report.
            let user_id = ops::user_id(&user_id)?;
            let number = match ops::account_number(&account) {
                Ok(number) => number,
                Err(unknown_account) => {
                    ops::users::login(&ctx.store, &user_id).await?;
                    return Err(unknown_account.into());
                }
            };
            let done = ops::users::revoke_access(&ctx.store, &ctx.mailer, &user_id, &number, now).await?;
            println!("{}: access to {} removed; {} notice(s) emailed", done.user_id, done.account, done.told);
            if done.not_told > 0 {
                eprintln!("warning: {} notice(s) could not be sent (see the log)", done.not_told);
            }
            Ok(())
        }
        Command::Codes(CodesCommand::Void { user_id }) => {
            let store = app::store::Store::open_on(&config.database, clock.clone())?;
            let (user_id, n) = ops::users::void_codes(&store, &ops::user_id(&user_id)?, now).await?;
            println!("{user_id}: {n} outstanding authorization code(s) voided");
            Ok(())
        }
        Command::Assets(AssetsCommand::Compress { quality }) => {
            let pkg = config.site_root.join("pkg");
            let done = server::assets::compress(&pkg, quality).map_err(|e| format!("compressing {}: {e}", pkg.display()))?;
            println!(
                "{}: {} files compressed ({} bytes, {} as brotli), {} already up to date",
                pkg.display(),
                done.written,
                done.bytes,
                done.brotli_bytes,
                done.up_to_date
            );
            Ok(())
        }
        Command::Backup { path, force } => {
            let done = ops::backup::backup(&config.database, &path, force, now).await?;
            println!(
                "backed up {} to {} ({} bytes, schema version {}, integrity ok)",
                config.database.display(),
                done.path.display(),
                done.bytes,
                done.schema_version
            );
            match done.code_key {
                Some(key) => println!("authorization-code key copied to {}", key.display()),
                None => println!("no authorization-code key beside the database (none made yet)"),
            }
            match done.secrets_key {
                Some(key) => println!("secrets key copied to {}", key.display()),
                None => println!("no secrets key beside the database (none made yet)"),
            }
            Ok(())
        }
    }
}
