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
    #[command(long_about = ops::letters::EXPORT_HELP)]
    Export {
        /// The folder to write letters-YYYYMMDDTHHMMSSZ.pdf and .txt into (made if missing)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    // Logs go to stderr, so an operator command's stdout is only its report.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,server=info,app=info".into()),
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
    let now = app::store::unix_now();
    match command {
        Command::Serve => server::serve(config).await,
        Command::Migrate => {
            let store = app::store::Store::open(&config.database)?;
            let version = store.schema_version().await?;
            println!("{}: schema at version {version}", config.database.display());
            Ok(())
        }
        Command::Records(RecordsCommand::Import { file }) => {
            let input = std::fs::File::open(&file).map_err(ops::OpsError::file("cannot read", &file))?;
            let store = app::store::Store::open(&config.database)?;
            let source = file.display().to_string();
            let accounts = match ops::records::parse(std::io::BufReader::new(input)) {
                Ok(accounts) => accounts,
                Err(e) => {
                    ops::records::audit_refused(&store, &source, &e, now).await?;
                    return Err(ops::OpsError::from(e).into());
                }
            };
            let done = ops::records::import(&store, accounts, &source, now).await?;
            println!("imported {} records from {source}: {} new, {} updated", done.added + done.updated, done.added, done.updated);
            Ok(())
        }
        Command::Mail(MailCommand::Export { out }) => {
            let ctx = server::context(&config)?;
            let portal = match &config.public_url {
                Some(url) => url.clone(),
                None => {
                    eprintln!("warning: server.public_url is not set; the letters name http://{}", config.addr);
                    format!("http://{}", config.addr)
                }
            };
            match ops::letters::export(&ctx.store, &ctx.mailer, &ctx.code_key, &portal, &out, now).await? {
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
    }
}
