//! `server records import FILE.csv`: the Secretary of State's business
//! records (SPEC §4.1) from a CSV file, all or nothing, upserted by account
//! number. The demo records are the same format (`server/demo/records.csv`),
//! loaded by the same code, so that file is also the format's example.
//!
//! The format, also in the README and in `server records import --help`:
//!
//! ```text
//! number,type,name,email,address_line1,address_line2,city,state,zip,status,certifications,programs
//! Z123456,mechanic,Ellen Hall,ellen.hall@example.com,100 Main St,,Lansing,MI,48933,active,Brakes:certified:2028-06-30;Engine Repair:trainee:2027-01-31,
//! S234567,school,Lansing Technical Institute,,3 Campus Dr,,Lansing,MI,48910,active,,Automotive Technology;Collision Repair
//! ```

use std::collections::HashMap;
use std::io::Read;

use app::rules::account_type::AccountType;
use app::rules::business::{BusinessAccount, CERTIFICATION_CATEGORIES, Certification, CertificationStatus, MailingAddress};
use app::store::Store;

use super::{OpsError, operator};

/// The header every file starts with, in this order.
pub const COLUMNS: [&str; 12] = [
    "number",
    "type",
    "name",
    "email",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "zip",
    "status",
    "certifications",
    "programs",
];

/// What `--help` and the README say about the format.
pub const FORMAT_HELP: &str = "\
The file is CSV (UTF-8, comma-separated, fields with commas or quotes in \"double quotes\") \
with this header line and one record per line:

  number,type,name,email,address_line1,address_line2,city,state,zip,status,certifications,programs

  number          a letter and 6 digits, e.g. Z123456 (unique in the file)
  type            mechanic or school
  name            the mechanic's or the school's name (any script)
  email           the email on record, or empty when there is none
  address_line1   mailing address; address_line2 may be empty
  city, state     state as 2 letters, e.g. MI
  zip             5 digits or ZIP+4 (48933 or 48933-1234)
  status          active or inactive (an inactive record cannot be linked)
  certifications  mechanics only, ';'-separated CATEGORY:STATUS:EXPIRY, e.g.
                  Brakes:certified:2028-06-30;Engine Repair:trainee:2027-01-31
                  STATUS is certified or trainee, EXPIRY an ISO date; CATEGORY one of:
                  Engine Repair, Automatic Transmission, Manual Drive Train and Axles,
                  Suspension and Steering, Brakes, Electrical Systems, Heating and Air
                  Conditioning, Engine Performance, Truck Series, Motorcycle Series,
                  Collision Series
  programs        schools only, ';'-separated program names

A record whose number is already stored replaces it (certifications and programs \
included), so a file can be imported again without duplicates. The import is all or \
nothing: when any line is wrong, every wrong line is reported with its line number and \
nothing is imported.";

/// The demo records (SPEC §4.1), seeded at start in demo mode.
pub const DEMO_RECORDS: &str = include_str!("../../demo/records.csv");

/// One bad line of a file, as the operator is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1-based, the header being line 1.
    pub line: u64,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} bad line(s), nothing was imported:\n{}", .0.len(), .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    BadRows(Vec<RowError>),
    #[error("the file has no records, nothing was imported")]
    Empty,
}

/// What an import did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub updated: usize,
}

/// Reads and checks a whole file; every bad line is reported, not just the first.
pub fn parse(input: impl Read) -> Result<Vec<BusinessAccount>, ImportError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input);
    let mut errors = Vec::new();
    let mut accounts: Vec<BusinessAccount> = Vec::new();
    let mut seen: HashMap<app::rules::business::AccountNumber, u64> = HashMap::new();
    let mut header_seen = false;
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // Bad UTF-8 or an unclosed quote: the csv crate knows the line.
                let line = e.position().map(|p| p.line()).unwrap_or(line);
                errors.push(RowError { line, reason: csv_reason(&e) });
                if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    continue;
                }
                break;
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(line);
        if !header_seen {
            header_seen = true;
            let header: Vec<String> =
                record.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
            if header != COLUMNS {
                errors.push(RowError { line, reason: format!("the header must be exactly: {}", COLUMNS.join(",")) });
                break;
            }
            continue;
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match row(&record) {
            Ok(account) => {
                if let Some(first) = seen.insert(account.number.clone(), line) {
                    errors.push(RowError {
                        line,
                        reason: format!("the account number {} is already on line {first}", account.number),
                    });
                    seen.insert(account.number.clone(), first);
                } else {
                    accounts.push(account);
                }
            }
            Err(problems) => errors.push(RowError { line, reason: problems.join("; ") }),
        }
    }
    if !header_seen {
        return Err(ImportError::Empty);
    }
    if !errors.is_empty() {
        return Err(ImportError::BadRows(errors));
    }
    if accounts.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(accounts)
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the line is not valid UTF-8 (save the file as UTF-8)".into(),
        _ => format!("the file cannot be read as CSV: {e}"),
    }
}

/// One data line, or every problem it has.
fn row(record: &csv::StringRecord) -> Result<BusinessAccount, Vec<String>> {
    if record.len() != COLUMNS.len() {
        return Err(vec![format!("expected {} fields, found {}", COLUMNS.len(), record.len())]);
    }
    let field = |i: usize| record.get(i).unwrap_or("").trim();
    let mut problems = Vec::new();

    let number = app::rules::business::AccountNumber::parse(field(0));
    if number.is_none() {
        problems.push(format!("number {:?} must be a letter and 6 digits, like Z123456", field(0)));
    }
    let account_type = match field(1).to_ascii_lowercase().as_str() {
        "mechanic" => Some(AccountType::Mechanic),
        "school" | "mechanic school" => Some(AccountType::MechanicSchool),
        other => {
            problems.push(format!("type {other:?} must be mechanic or school"));
            None
        }
    };
    let name = field(2);
    text_field("name", name, 200, true, &mut problems);
    let email = match field(3) {
        "" => None,
        typed => match app::rules::email::check(typed) {
            Ok(()) => Some(app::rules::email::normalize(typed)),
            Err(_) => {
                problems.push(format!("email {typed:?} is not a valid email address (or leave it empty)"));
                None
            }
        },
    };
    text_field("address_line1", field(4), 100, true, &mut problems);
    text_field("address_line2", field(5), 100, false, &mut problems);
    text_field("city", field(6), 60, true, &mut problems);
    let state = field(7).to_ascii_uppercase();
    if !(state.len() == 2 && state.chars().all(|c| c.is_ascii_uppercase())) {
        problems.push(format!("state {:?} must be 2 letters, like MI", field(7)));
    }
    let zip = field(8);
    if !is_zip(zip) {
        problems.push(format!("zip {zip:?} must be 5 digits or ZIP+4, like 48933 or 48933-1234"));
    }
    let active = match field(9).to_ascii_lowercase().as_str() {
        "active" => Some(true),
        "inactive" => Some(false),
        other => {
            problems.push(format!("status {other:?} must be active or inactive"));
            None
        }
    };
    let certifications = certifications(field(10), &mut problems);
    let programs: Vec<String> = field(11).split(';').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect();
    for p in &programs {
        text_field("a program", p, 100, true, &mut problems);
    }
    match account_type {
        Some(AccountType::Mechanic) if !programs.is_empty() => {
            problems.push("programs are for schools only; leave them empty for a mechanic".into())
        }
        Some(AccountType::MechanicSchool) if !certifications.is_empty() => {
            problems.push("certifications are for mechanics only; leave them empty for a school".into())
        }
        _ => {}
    }
    match (number, account_type, active) {
        (Some(number), Some(account_type), Some(active)) if problems.is_empty() => Ok(BusinessAccount {
            number,
            account_type,
            name: name.to_string(),
            email,
            address: MailingAddress {
                line1: field(4).to_string(),
                line2: Some(field(5).to_string()).filter(|l| !l.is_empty()),
                city: field(6).to_string(),
                state,
                zip: zip.to_string(),
            },
            active,
            certifications,
            programs,
        }),
        _ => Err(problems),
    }
}

fn text_field(what: &str, value: &str, max: usize, required: bool, problems: &mut Vec<String>) {
    if required && value.is_empty() {
        problems.push(format!("{what} is missing"));
    } else if value.chars().count() > max {
        problems.push(format!("{what} is longer than {max} characters"));
    } else if value.chars().any(char::is_control) {
        problems.push(format!("{what} holds a control character (a line break or tab)"));
    }
}

fn is_zip(zip: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    match zip.split_once('-') {
        Some((five, four)) => digits(five, 5) && digits(four, 4),
        None => digits(zip, 5),
    }
}

fn certifications(field: &str, problems: &mut Vec<String>) -> Vec<Certification> {
    let mut out: Vec<Certification> = Vec::new();
    for item in field.split(';').map(str::trim).filter(|i| !i.is_empty()) {
        let parts: Vec<&str> = item.split(':').map(str::trim).collect();
        let [category, status, expires_on] = parts.as_slice() else {
            problems.push(format!("certification {item:?} must be CATEGORY:STATUS:EXPIRY, like Brakes:certified:2028-06-30"));
            continue;
        };
        let Some(category) = CERTIFICATION_CATEGORIES.iter().find(|c| c.eq_ignore_ascii_case(category)) else {
            problems.push(format!("certification category {category:?} is not one of: {}", CERTIFICATION_CATEGORIES.join(", ")));
            continue;
        };
        let Some(status) = CertificationStatus::parse(status) else {
            problems.push(format!("certification status {status:?} must be certified or trainee"));
            continue;
        };
        if !is_iso_date(expires_on) {
            problems.push(format!("certification expiry {expires_on:?} must be a date like 2028-06-30"));
            continue;
        }
        if out.iter().any(|c| c.category == *category) {
            problems.push(format!("certification category {category:?} appears twice"));
            continue;
        }
        out.push(Certification { category: category.to_string(), status, expires_on: expires_on.to_string() });
    }
    out
}

fn is_iso_date(s: &str) -> bool {
    s.len() == 10 && s.parse::<jiff::civil::Date>().is_ok()
}

/// Stores every record of a checked file in one transaction, with an audit
/// line naming the file.
pub async fn import(store: &Store, accounts: Vec<BusinessAccount>, source: &str, now: i64) -> Result<Imported, OpsError> {
    let source = source.to_string();
    Ok(store
        .write(move |tx| {
            let mut imported = Imported { added: 0, updated: 0 };
            for account in &accounts {
                let exists = app::store::operator::business_account_exists(tx, &account.number)?;
                app::store::business::upsert(tx, account, now)?;
                if exists { imported.updated += 1 } else { imported.added += 1 }
            }
            let detail = format!(
                "records import from {source}: {} records ({} new, {} updated)",
                accounts.len(),
                imported.added,
                imported.updated
            );
            app::store::audit::record(
                tx,
                None,
                app::store::audit::Event::OperatorRecordsImport,
                Some(&detail),
                &operator(),
                now,
            )?;
            Ok(imported)
        })
        .await?)
}

/// Records that an import was refused (nothing else changed).
pub async fn audit_refused(store: &Store, source: &str, error: &ImportError, now: i64) -> Result<(), OpsError> {
    let detail = match error {
        ImportError::BadRows(rows) => format!("records import from {source} refused: {} bad line(s)", rows.len()),
        ImportError::Empty => format!("records import from {source} refused: no records"),
    };
    store
        .write(move |tx| {
            app::store::audit::record(
                tx,
                None,
                app::store::audit::Event::OperatorRecordsImportRefused,
                Some(&detail),
                &operator(),
                now,
            )
        })
        .await?;
    Ok(())
}

/// Demo mode: the demo records, upserted at every start (so a changed demo
/// file takes effect and nothing is duplicated). Not audited: no operator
/// did anything.
pub async fn seed_demo(store: &Store, now: i64) -> Result<usize, OpsError> {
    let accounts = parse(DEMO_RECORDS.as_bytes())?;
    let n = accounts.len();
    store
        .write(move |tx| {
            for account in &accounts {
                app::store::business::upsert(tx, account, now)?;
            }
            Ok(())
        })
        .await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "number,type,name,email,address_line1,address_line2,city,state,zip,status,certifications,programs\n";

    fn parse_str(body: &str) -> Result<Vec<BusinessAccount>, ImportError> {
        parse(format!("{HEADER}{body}").as_bytes())
    }

    fn bad_lines(body: &str) -> Vec<RowError> {
        match parse_str(body) {
            Err(ImportError::BadRows(rows)) => rows,
            other => panic!("expected bad rows, got {other:?}"),
        }
    }

    #[test]
    fn the_demo_file_is_valid_and_holds_the_records_the_readme_names() {
        let accounts = parse(DEMO_RECORDS.as_bytes()).unwrap();
        let z = accounts.iter().find(|a| a.number == "Z123456").unwrap();
        assert_eq!(z.account_type, AccountType::Mechanic);
        assert!(z.email.is_some() && z.active);
        assert!(z.certifications.iter().any(|c| c.status == CertificationStatus::Trainee));
        assert!(z.certifications.iter().any(|c| c.status == CertificationStatus::Certified));
        assert!(accounts.iter().any(|a| a.account_type == AccountType::Mechanic && a.email.is_none() && a.active));
        assert!(accounts.iter().any(|a| a.account_type == AccountType::MechanicSchool && !a.programs.is_empty()));
        assert!(accounts.iter().any(|a| !a.active));
        assert!(accounts.len() >= 5);
    }

    #[test]
    fn quoted_fields_multi_valued_fields_and_any_script_are_read() {
        let accounts = parse_str(
            "z123456,Mechanic,\"Łukasiewicz-Nguyễn, Zoë\",Zoe@Example.COM,\"1 Main St, Apt 2\",,Lansing,mi,48933-1234,ACTIVE,\
             \"brakes:Certified:2028-06-30; Engine Repair:trainee:2027-01-31\",\n\
             S234567,school,Lansing Tech,,3 Campus Dr,Suite 1,Lansing,MI,48910,inactive,,Automotive Technology; Collision Repair\n",
        )
        .unwrap();
        let z = &accounts[0];
        assert_eq!(z.number, "Z123456");
        assert_eq!(z.name, "Łukasiewicz-Nguyễn, Zoë");
        assert_eq!(z.email.as_deref(), Some("Zoe@example.com"));
        assert_eq!(z.address.line1, "1 Main St, Apt 2");
        assert_eq!(z.address.line2, None);
        assert_eq!(z.address.state, "MI");
        assert_eq!(z.certifications[0].category, "Brakes");
        assert_eq!(z.certifications[1].status, CertificationStatus::Trainee);
        let s = &accounts[1];
        assert_eq!(s.account_type, AccountType::MechanicSchool);
        assert!(!s.active);
        assert_eq!(s.programs, ["Automotive Technology", "Collision Repair"]);
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number_and_reason() {
        let rows = bad_lines(
            "Z123456,mechanic,Ellen Hall,,1 Main St,,Lansing,MI,48933,active,,\n\
             Z12,mechanic,A,,1 Main St,,Lansing,MI,48933,active,,\n\
             Z222222,plumber,B,not-an-email,1 Main St,,Lansing,Michigan,4893,retired,,\n\
             Z333333,mechanic,C,,1 Main St,,Lansing,MI,48933,active,Brakes:certified:2028-02-30;Welding:certified:2028-01-01,\n\
             Z444444,school,D,,1 Main St,,Lansing,MI,48933,active,Brakes:certified:2028-01-01,\n\
             Z123456,mechanic,Again,,1 Main St,,Lansing,MI,48933,active,,\n\
             Z555555,mechanic,too few\n",
        );
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7, 8]);
        assert!(rows[0].reason.contains("letter and 6 digits"), "{}", rows[0]);
        for part in ["mechanic or school", "valid email", "2 letters", "5 digits", "active or inactive"] {
            assert!(rows[1].reason.contains(part), "{part}: {}", rows[1]);
        }
        assert!(rows[2].reason.contains("2028-02-30") && rows[2].reason.contains("Welding"), "{}", rows[2]);
        assert!(rows[3].reason.contains("mechanics only"), "{}", rows[3]);
        assert!(rows[4].reason.contains("already on line 2"), "{}", rows[4]);
        assert!(rows[5].reason.contains("expected 12 fields, found 3"), "{}", rows[5]);
    }

    #[tokio::test]
    async fn seeding_the_demo_records_twice_duplicates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let n = seed_demo(&store, 1).await.unwrap();
        assert_eq!(seed_demo(&store, 2).await.unwrap(), n);
        let rows = store.read(app::store::operator::business_account_count).await.unwrap();
        assert_eq!(rows as usize, n);
        let z = store
            .read(|c| app::store::business::find(c, &app::store::AccountNumber::parse("Z123456").unwrap()))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(z.email.as_deref(), Some("ellen.hall@example.com"));
    }

    #[test]
    fn a_wrong_header_or_an_empty_file_is_refused() {
        let rows = match parse("number,kind\nZ123456,mechanic\n".as_bytes()) {
            Err(ImportError::BadRows(rows)) => rows,
            other => panic!("{other:?}"),
        };
        assert_eq!(rows[0].line, 1);
        assert!(matches!(parse("".as_bytes()), Err(ImportError::Empty)));
        assert!(matches!(parse(HEADER.as_bytes()), Err(ImportError::Empty)));
    }

    #[test]
    fn a_line_inside_quotes_counts_toward_the_next_lines_number() {
        let rows = bad_lines(
            "Z123456,mechanic,\"Ellen\nHall\",,1 Main St,,Lansing,MI,48933,active,,\n\
             Z12,mechanic,A,,1 Main St,,Lansing,MI,48933,active,,\n",
        );
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4]);
        assert!(rows[0].reason.contains("control character"));
    }
}
