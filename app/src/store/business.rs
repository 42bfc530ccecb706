//! The Secretary of State's business records (SPEC §4.1): read by account
//! access and the springboard, written only by `server records import` and
//! the demo seed.

use rusqlite::{OptionalExtension, params};

use super::Db;

use super::AccountNumber;
use super::StoreError;
use crate::rules::account_type::AccountType;
use crate::rules::business::{BusinessAccount, Certification, CertificationStatus, MailingAddress};

fn type_str(t: AccountType) -> &'static str {
    match t {
        AccountType::Mechanic => "mechanic",
        AccountType::MechanicSchool => "school",
    }
}

fn type_of(s: &str) -> AccountType {
    if s == "school" { AccountType::MechanicSchool } else { AccountType::Mechanic }
}

/// The record with that (normalized) number, with its certifications or programs.
pub fn find(conn: &Db<'_>, number: &AccountNumber) -> Result<Option<BusinessAccount>, StoreError> {
    let Some(mut account) = conn
        .query_row(
            "SELECT number, account_type, name, email, address_line1, address_line2, city, state, zip, active
             FROM business_accounts WHERE number = ?1",
            [number],
            |r| {
                Ok(BusinessAccount {
                    number: r.get(0)?,
                    account_type: type_of(&r.get::<_, String>(1)?),
                    name: r.get(2)?,
                    email: r.get(3)?,
                    address: MailingAddress {
                        line1: r.get(4)?,
                        line2: r.get(5)?,
                        city: r.get(6)?,
                        state: r.get(7)?,
                        zip: r.get(8)?,
                    },
                    active: r.get(9)?,
                    certifications: Vec::new(),
                    programs: Vec::new(),
                })
            },
        )
        .optional()?
    else {
        return Ok(None);
    };
    account.certifications = conn
        .prepare("SELECT category, status, expires_on FROM mechanic_certifications WHERE account_number = ?1 ORDER BY rowid")?
        .query_map([number], |r| {
            let status: String = r.get(1)?;
            Ok(Certification {
                category: r.get(0)?,
                status: CertificationStatus::parse(&status).unwrap_or(CertificationStatus::Trainee),
                expires_on: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    account.programs = conn
        .prepare("SELECT program FROM school_programs WHERE account_number = ?1 ORDER BY position")?
        .query_map([number], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(Some(account))
}

/// Inserts or replaces the record with that number, certifications and
/// programs included, so an import can be run again without duplicates.
/// Links and codes of the account are kept.
pub fn upsert(conn: &Db<'_>, account: &BusinessAccount, now: i64) -> Result<(), StoreError> {
    let a = account;
    conn.execute(
        "INSERT INTO business_accounts
            (number, account_type, name, email, address_line1, address_line2, city, state, zip, active, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (number) DO UPDATE SET
            account_type = excluded.account_type, name = excluded.name, email = excluded.email,
            address_line1 = excluded.address_line1, address_line2 = excluded.address_line2,
            city = excluded.city, state = excluded.state, zip = excluded.zip,
            active = excluded.active, updated_at = excluded.updated_at",
        params![
            a.number,
            type_str(a.account_type),
            a.name,
            a.email,
            a.address.line1,
            a.address.line2,
            a.address.city,
            a.address.state,
            a.address.zip,
            a.active,
            now
        ],
    )?;
    conn.execute("DELETE FROM mechanic_certifications WHERE account_number = ?1", [&a.number])?;
    conn.execute("DELETE FROM school_programs WHERE account_number = ?1", [&a.number])?;
    for c in &a.certifications {
        conn.execute(
            "INSERT INTO mechanic_certifications (account_number, category, status, expires_on) VALUES (?1, ?2, ?3, ?4)",
            params![a.number, c.category, c.status.as_str(), c.expires_on],
        )?;
    }
    for (position, program) in a.programs.iter().enumerate() {
        conn.execute(
            "INSERT INTO school_programs (account_number, position, program) VALUES (?1, ?2, ?3)",
            params![a.number, position as i64, program],
        )?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) fn sample(number: &str) -> BusinessAccount {
    BusinessAccount {
        number: AccountNumber::parse(number).unwrap(),
        account_type: AccountType::Mechanic,
        name: "Ellen Hall".into(),
        email: Some("ellen.hall@example.com".into()),
        address: MailingAddress {
            line1: "100 Main St".into(),
            line2: None,
            city: "Lansing".into(),
            state: "MI".into(),
            zip: "48933".into(),
        },
        active: true,
        certifications: vec![Certification {
            category: "Brakes".into(),
            status: CertificationStatus::Certified,
            expires_on: "2028-06-30".into(),
        }],
        programs: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[tokio::test]
    async fn a_record_reads_back_whole_and_an_upsert_replaces_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("cars.db")).unwrap();
        let mut account = sample("Z123456");
        let first = account.clone();
        store.write(move |tx| upsert(tx, &first, 1)).await.unwrap();
        assert_eq!(store.read(|c| find(c, &crate::store::number("Z123456"))).await.unwrap(), Some(account.clone()));

        account.name = "Ellen Hall-Moore".into();
        account.certifications.clear();
        account.active = false;
        let second = account.clone();
        store.write(move |tx| upsert(tx, &second, 2)).await.unwrap();
        assert_eq!(store.read(|c| find(c, &crate::store::number("Z123456"))).await.unwrap(), Some(account));
        let rows: i64 =
            store.read(|c| Ok(c.query_row("SELECT count(*) FROM business_accounts", [], |r| r.get(0))?)).await.unwrap();
        assert_eq!(rows, 1);
        assert_eq!(store.read(|c| find(c, &crate::store::number("Z999999"))).await.unwrap(), None);
    }
}
