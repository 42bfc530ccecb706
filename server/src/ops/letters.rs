//! `server mail export --out DIR`: the letters of SPEC §4.3 and §6.
//!
//! A letter's code does not exist until this export: in one transaction it
//! makes the code of every unsent letter (valid 30 days from now), writes
//! the PDF to print and the batch file for the print vendor, and marks the
//! letters sent. The plain codes exist only in those two files. If anything
//! fails, the transaction rolls back and the files are removed, so a code is
//! never stored without its letter or printed without being stored.
//! Afterwards each requesting login is told by email that its letter was
//! sent (without the code).

// Dates and times a person reads are Michigan's (see `app::clock`).
use app::clock::{michigan_iso_date as iso_date, michigan_long_date as long_date, michigan_long_time as expiry};
use app::store::LoginId;
use std::io::Write;
use std::path::{Path, PathBuf};

use app::mail::{Email, Mailer};
use app::rules::business::{BusinessAccount, confirmation_number};
use app::store::Store;
use app::store::authorization::{self, CodeKey, LETTER_CODE_TTL_SECONDS};
use printpdf::{IndirectFontRef, Mm, PdfDocument, PdfLayerReference};

use super::{OpsError, operator};

/// The help of `server mail export`, with the code lifetime the store applies.
pub fn export_help() -> String {
    format!(
        "\
Takes every letter that people asked for and that was not sent yet, makes its \
authorization code (valid {} from now), and writes into DIR:

  letters-YYYYMMDDTHHMMSSZ.pdf  one page per letter, to print and mail
  letters-YYYYMMDDTHHMMSSZ.txt  the batch file for the print vendor: a header line, then one
                                line per letter, fields separated by '|':
                                confirmation_number|account_number|name|address_line1|
                                address_line2|city|state|zip|user_id|code|expires_on

In the batch file, a name or address starting with =, +, - or @ is written with a ' \
before it, so a spreadsheet opening the file does not run it as a formula.

Then the letters are marked sent and each requesting login gets an email saying its \
letter was sent (without the code). The codes exist in plain text only in these two \
files: keep them as safe as the letters themselves and delete them once printed. \
With no unsent letter, nothing is written. The portal address printed on the letters \
is server.public_url.",
        app::messages::days(LETTER_CODE_TTL_SECONDS)
    )
}

/// The Unicode font every letter is set in (SIL OFL 1.1, see server/fonts/).
const FONT: &[u8] = include_bytes!("../../fonts/NotoSans-Regular.ttf");

/// The batch file's header line.
pub const BATCH_HEADER: &str =
    "confirmation_number|account_number|name|address_line1|address_line2|city|state|zip|user_id|code|expires_on";

/// One letter, with its code: exists only while the export runs.
struct Letter {
    request_id: i64,
    login_id: LoginId,
    user_id: app::store::UserId,
    login_email: String,
    confirmation: String,
    account: BusinessAccount,
    code: String,
    expires_at: i64,
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    pub count: usize,
    pub pdf: PathBuf,
    pub batch: PathBuf,
    /// Letters whose "your letter was sent" email could not be handed over.
    pub unsent_notices: usize,
}

/// Exports every unsent letter; `None` when there was none (nothing written).
pub async fn export(
    store: &Store,
    mailer: &Mailer,
    key: &CodeKey,
    portal: &str,
    out: &Path,
    now: i64,
) -> Result<Option<Exported>, OpsError> {
    std::fs::create_dir_all(out).map_err(OpsError::file("cannot make the folder", out))?;
    let stamp = file_stamp(now);
    let pdf = out.join(format!("letters-{stamp}.pdf"));
    let batch = out.join(format!("letters-{stamp}.txt"));
    let (key, portal_owned, pdf_path, batch_path) = (key.clone(), portal.to_string(), pdf.clone(), batch.clone());
    let written = store
        .write(move |tx| {
            let letters = make_codes(tx, &key, now)?;
            if letters.is_empty() {
                return Ok(None);
            }
            let bytes = render_pdf(&letters, &portal_owned, now).map_err(|e| app::store::StoreError::Worker(e.to_string()))?;
            write_new(&pdf_path, &bytes).map_err(|e| app::store::StoreError::Worker(e.to_string()))?;
            write_new(&batch_path, batch_text(&letters).as_bytes()).map_err(|e| app::store::StoreError::Worker(e.to_string()))?;
            for l in &letters {
                app::store::operator::letter_sent(tx, l.request_id, now)?;
                let detail = format!("letter for account {} sent, confirmation number {}", l.account.number, l.confirmation);
                app::store::audit::record(
                    tx,
                    Some(l.login_id),
                    app::store::audit::Event::LetterSent,
                    Some(&detail),
                    &operator(),
                    now,
                )?;
            }
            let detail = format!("mail export: {} letter(s) in {}", letters.len(), file_name(&pdf_path));
            app::store::audit::record(tx, None, app::store::audit::Event::OperatorMailExport, Some(&detail), &operator(), now)?;
            Ok(Some(letters))
        })
        .await;
    let letters = match written {
        Ok(Some(letters)) => letters,
        Ok(None) => return Ok(None),
        Err(e) => {
            // The codes were rolled back: letters printed from these files would not work.
            for path in [&pdf, &batch] {
                if path.exists() {
                    let _ = std::fs::remove_file(path);
                }
            }
            return Err(e.into());
        }
    };
    let mut unsent_notices = 0;
    for l in &letters {
        if let Err(e) = mailer.send(sent_notice(l, now)).await {
            tracing::error!(error = %e, account = %l.account.number, "the letter-sent notice could not be sent");
            unsent_notices += 1;
        }
    }
    Ok(Some(Exported { count: letters.len(), pdf, batch, unsent_notices }))
}

/// Makes the code of every unsent letter, oldest request first.
fn make_codes(tx: &app::store::Db<'_>, key: &CodeKey, now: i64) -> Result<Vec<Letter>, app::store::StoreError> {
    let queued = app::store::operator::due_letters(tx)?;
    let mut rng = authorization::os_rng();
    let mut letters = Vec::with_capacity(queued.len());
    for due in queued {
        let (request_id, number) = (due.request_id, &due.account_number);
        let account = app::store::business::find(tx, number)?
            .ok_or_else(|| app::store::StoreError::Worker(format!("letter {request_id}: no business record {number}")))?;
        let code = authorization::issue(tx, key, request_id, LETTER_CODE_TTL_SECONDS, now, &mut rng)?;
        letters.push(Letter {
            request_id,
            login_id: due.login_id,
            user_id: due.user_id,
            login_email: due.login_email,
            confirmation: confirmation_number(due.submission_id as u64),
            account,
            code: code.display(),
            expires_at: now + LETTER_CODE_TTL_SECONDS,
        });
    }
    Ok(letters)
}

/// Writes a file that must not exist yet, readable by the operator only:
/// it holds live codes.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// `20261128T055912Z`: export files sort by time (UTC, as machines read it).
fn file_stamp(now: i64) -> String {
    jiff::Timestamp::from_second(now).unwrap_or(jiff::Timestamp::UNIX_EPOCH).strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A field of the batch file: the separator and line breaks cannot appear.
/// Names and addresses come from the imported records, so a field that a
/// spreadsheet opening this file would run as a formula (`=`, `+`, `-`, `@`
/// first; tab and carriage return are gone already) gets a leading `'`, as
/// OWASP's CSV-injection guidance says. The fields the portal makes (numbers,
/// User ID, code, date) never start with one of these.
fn field(s: &str) -> String {
    let clean = s.chars().map(|c| if c == '|' || c.is_control() { ' ' } else { c }).collect::<String>();
    let clean = clean.trim();
    if clean.starts_with(['=', '+', '-', '@']) { format!("'{clean}") } else { clean.to_string() }
}

fn batch_text(letters: &[Letter]) -> String {
    let mut out = String::from(BATCH_HEADER);
    out.push('\n');
    for l in letters {
        let a = &l.account.address;
        let fields = [
            l.confirmation.as_str(),
            l.account.number.as_str(),
            &l.account.name,
            &a.line1,
            a.line2.as_deref().unwrap_or(""),
            &a.city,
            &a.state,
            &a.zip,
            l.user_id.as_str(),
            &l.code,
            &iso_date(l.expires_at),
        ];
        out.push_str(&fields.iter().map(|f| field(f)).collect::<Vec<_>>().join("|"));
        out.push('\n');
    }
    out
}

fn sent_notice(l: &Letter, now: i64) -> Email {
    let words = app::messages::mail::letter_sent(&app::messages::mail::LetterSent {
        user_id: &l.user_id,
        kind: l.account.account_type.label(),
        number: &l.account.number,
        mailed_on: &long_date(now),
        valid_until: &expiry(l.expires_at),
        confirmation: &l.confirmation,
    });
    Email::new(l.login_email.clone(), words)
}

// --- the PDF ---------------------------------------------------------------

const PAGE_W: f32 = 215.9; // US Letter, mm
const PAGE_H: f32 = 279.4;
const LEFT: f32 = 25.0;
const TEXT_W: f32 = PAGE_W - 2.0 * LEFT;
const PT_TO_MM: f32 = 25.4 / 72.0;

/// Widths of the embedded font, for wrapping.
struct Metrics {
    face: ttf_parser::Face<'static>,
}

impl Metrics {
    fn new() -> Result<Self, OpsError> {
        Ok(Self { face: ttf_parser::Face::parse(FONT, 0).map_err(|e| OpsError::Pdf(format!("the font: {e}")))? })
    }

    /// Width of `text` at `size` points, in mm.
    fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| self.face.glyph_index(c).and_then(|g| self.face.glyph_hor_advance(g)).unwrap_or(600) as u32)
            .sum();
        units as f32 / self.face.units_per_em() as f32 * size * PT_TO_MM
    }

    /// `text` broken into lines no wider than `width` mm (a word longer
    /// than a line is left whole rather than cut).
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if !line.is_empty() && self.width(&candidate, size) > width {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Writes down one page from the top.
struct Pen<'a> {
    layer: PdfLayerReference,
    font: &'a IndirectFontRef,
    metrics: &'a Metrics,
    /// Baseline of the next line, mm from the bottom.
    y: f32,
}

impl Pen<'_> {
    fn line_at(&mut self, x: f32, text: &str, size: f32) {
        self.layer.use_text(text, size, Mm(x), Mm(self.y), self.font);
        self.y -= size * PT_TO_MM * 1.45;
    }

    fn line(&mut self, text: &str, size: f32) {
        self.line_at(LEFT, text, size);
    }

    fn paragraph(&mut self, text: &str, size: f32) {
        self.indented("", text, size);
    }

    /// A paragraph with a hanging label (`1.`) in the margin before it.
    fn indented(&mut self, label: &str, text: &str, size: f32) {
        let indent = if label.is_empty() { 0.0 } else { 7.0 };
        if !label.is_empty() {
            self.layer.use_text(label, size, Mm(LEFT), Mm(self.y), self.font);
        }
        for line in self.metrics.wrap(text, size, TEXT_W - indent) {
            self.line_at(LEFT + indent, &line, size);
        }
    }

    fn gap(&mut self, mm: f32) {
        self.y -= mm;
    }
}

fn render_pdf(letters: &[Letter], portal: &str, now: i64) -> Result<Vec<u8>, OpsError> {
    let metrics = Metrics::new()?;
    let (doc, first_page, first_layer) =
        PdfDocument::new("CARS e-Services authorization code letters", Mm(PAGE_W), Mm(PAGE_H), "letter");
    let doc = doc.with_creator("CARS e-Services").with_producer("CARS e-Services");
    let font = doc.add_external_font(FONT).map_err(|e| OpsError::Pdf(e.to_string()))?;
    for (i, letter) in letters.iter().enumerate() {
        let layer = if i == 0 {
            doc.get_page(first_page).get_layer(first_layer)
        } else {
            let (page, layer) = doc.add_page(Mm(PAGE_W), Mm(PAGE_H), "letter");
            doc.get_page(page).get_layer(layer)
        };
        let mut pen = Pen { layer, font: &font, metrics: &metrics, y: PAGE_H - 25.0 };
        page(&mut pen, letter, portal, now, i + 1, letters.len());
    }
    doc.save_to_bytes().map_err(|e| OpsError::Pdf(e.to_string()))
}

fn page(pen: &mut Pen<'_>, l: &Letter, portal: &str, now: i64, n: usize, of: usize) {
    let a = &l.account;
    pen.line("Michigan Department of State", 15.0);
    pen.line("CARS e-Services — Mechanic and Mechanic School Services", 10.0);
    pen.gap(10.0);
    // Where a window envelope shows the address.
    pen.y = PAGE_H - 55.0;
    pen.line(&a.name, 11.0);
    for line in a.address.lines() {
        pen.line(&line, 11.0);
    }
    pen.y = PAGE_H - 95.0;
    pen.line(&long_date(now), 10.0);
    pen.gap(4.0);
    pen.line("Your account authorization code", 14.0);
    pen.gap(2.0);
    pen.paragraph(
        &format!(
            "The MILogin for Third Party login {} asked for access to the {} account {} ({}) in CARS \
             e-Services. This is the account authorization code for that access:",
            l.user_id,
            a.account_type.label(),
            a.number,
            a.name,
        ),
        10.5,
    );
    pen.gap(8.0);
    pen.line_at(LEFT + 10.0, &l.code, 24.0);
    pen.gap(1.0);
    pen.paragraph(
        &format!(
            "Valid until {}. It works once, only for the login {} and the account {}.",
            expiry(l.expires_at),
            l.user_id,
            a.number
        ),
        10.5,
    );
    pen.gap(4.0);
    pen.line("What to do", 12.0);
    let steps = [
        format!("Go to {portal} and sign in with the User ID {}.", l.user_id),
        "On Account Access Options, choose Add Account Access (if you already have accounts, your \
         springboard links to Account Access Options)."
            .to_string(),
        "Enter the authorization code above (upper or lower case, with or without the dash), tick \
         the Terms & Conditions box and continue."
            .to_string(),
        "Check the account shown (type, number and name) and the email address for notices, then choose Submit.".to_string(),
    ];
    for (i, step) in steps.iter().enumerate() {
        pen.indented(&format!("{}.", i + 1), step, 10.5);
    }
    pen.gap(4.0);
    pen.paragraph(
        concat!(
            "If the code has expired, sign in and request a new one. If you did not ask for this code, you need \
             not do anything: nobody can use it without signing in to that login. Questions: call ",
            app::help_desk_phone!(),
            " (Michigan Relay: 711)."
        ),
        10.5,
    );
    pen.y = 15.0;
    pen.line(&format!("Confirmation number {} · Account {} · Letter {n} of {of}", l.confirmation, a.number), 8.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_utc_and_what_a_person_reads_is_michigan_time() {
        // 2026-11-28 05:59:12 UTC is 12:59 AM in Michigan; 04:59 UTC is still the 27th.
        let t = 1_795_845_552;
        assert_eq!(file_stamp(t), "20261128T055912Z");
        assert_eq!(long_date(t), "November 28, 2026");
        assert_eq!(iso_date(t), "2026-11-28");
        assert_eq!(expiry(t), "November 28, 2026 at 12:59 AM EST");
        assert_eq!(long_date(t - 3600), "November 27, 2026");
        assert_eq!(expiry(t - 3600), "November 27, 2026 at 11:59 PM EST");
    }

    #[test]
    fn long_text_wraps_within_the_margins_and_every_name_has_glyphs() {
        let m = Metrics::new().unwrap();
        let text = "word ".repeat(80);
        let lines = m.wrap(&text, 10.5, TEXT_W);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| m.width(l, 10.5) <= TEXT_W));
        for c in "Zoë Łukasiewicz-Nguyễn — Müller, O'Brien".chars().filter(|c| !c.is_whitespace()) {
            assert!(m.face.glyph_index(c).is_some(), "{c:?} has no glyph");
        }
    }

    #[test]
    fn batch_fields_cannot_break_the_format() {
        assert_eq!(field("A|B\nC"), "A B C");
    }

    #[test]
    fn batch_fields_cannot_become_spreadsheet_formulas() {
        for (given, written) in [
            ("=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"),
            ("+1+cmd", "'+1+cmd"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1+1", "'=1+1"),
            ("\r=1+1", "'=1+1"),
            ("  =1+1", "'=1+1"),
            ("Ellen Hall", "Ellen Hall"),
            ("O'Brien-Smith", "O'Brien-Smith"),
            ("", ""),
        ] {
            assert_eq!(field(given), written, "{given:?}");
        }
    }

    #[test]
    fn a_batch_line_neutralises_records_and_keeps_what_the_portal_made() {
        let letter = Letter {
            request_id: 1,
            login_id: LoginId::test(1),
            user_id: app::store::UserId::parse("halle1234").unwrap(),
            login_email: "e@example.com".into(),
            confirmation: confirmation_number(42),
            account: BusinessAccount {
                number: app::store::AccountNumber::parse("Z123456").unwrap(),
                account_type: app::rules::account_type::AccountType::Mechanic,
                name: "=cmd|' /C calc'!A0".into(),
                email: None,
                address: app::rules::business::MailingAddress {
                    line1: "@100 Main St".into(),
                    line2: Some("-Suite 2".into()),
                    city: "+Lansing".into(),
                    state: "MI".into(),
                    zip: "48933".into(),
                },
                active: true,
                certifications: vec![],
                programs: vec![],
            },
            code: "7K3QD-9XW2M".into(),
            // 2026-11-28 05:59:12 UTC
            expires_at: 1_795_845_552,
        };
        let text = batch_text(&[letter]);
        let line = text.lines().nth(1).unwrap();
        assert_eq!(
            line,
            "0-000-000-042|Z123456|'=cmd ' /C calc'!A0|'@100 Main St|'-Suite 2|'+Lansing|MI|48933|halle1234|7K3QD-9XW2M|2026-11-28"
        );
    }
}
