//! `meded certificate`: issue credit certificates (学分证明) as PDF, one or
//! a whole organisation's, each with a signed QR code; `verify` one by its
//! code, its QR payload or the PDF; `revoke`; write the signed revocation
//! list and the offline verification page.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use meded::certificate::issue::{self, BulkIssueReport, BulkJob, IssueOptions, Issued, Scope};
use meded::certificate::offline::{self, Check, ListPolicy, RevocationList};
use meded::certificate::verify::{self, Status, Verified};
use meded::certificate::{BulkTarget, Font, Kind, NotWritten};
use meded::error::Error;
use meded::i18n::Lang;
use meded::sign::{self, TrustedKeys};
use meded::{ExitCode, Result, msg};
use serde::Serialize;

use super::Ctx;
use super::output::Format;

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = "\
Issues the certificate of the CME platform (学分证明): for every year of the
span a table of the member's approved (审核通过) credits by 举办年度 and the
year's sums, then 认证机构, the issuing line, the date and 验证码, with a QR
code beside it. Pending and rejected credits never appear, nor credits
approved after the issue date (--as-of). Kind 1 lists class I (国家级,
省I类), kind 2 class II, all both.

Each certificate is recorded with a verification code that `certificate
verify` checks. Its QR code carries what it states (name, masked ID number,
span, kind, each year's sums, issue date, a digest of its text), signed with
the office's key (see `meded key`): it verifies with no database and no
network, with `certificate verify --qr` or the page of `certificate
verify-page`. Without a key, the first certificate creates one beside the
database (<db>.key, mode 0600) and says so. PDFs and ZIPs are written
owner-only (mode 0600). The same certificate asked for again (same records, same
text, same date) is printed again under its code; if anything changed (a
credit approved since, another day), it gets a new code and the earlier one
is marked superseded.

With --vc FILE (one certificate) or --vc-dir DIR (--org, --members), each
certificate is also written as a standard credential: a W3C Verifiable
Credential 2.0 that is an Open Badges 3.0 OpenBadgeCredential, signed with
the same key (eddsa-jcs-2022, the issuer a did:key), the ID number only as a
salted hash, with its entry on the office's status list for revocation
(--status-list-url names the list's address; `certificate revocations
--status-list` writes the list). Learning platforms, HR systems and wallets
check it with any standard verifier.

With --org, every member of the organisation whose registration is approved
and who takes part in CME (as `credit-standard check` counts them); with
--members, the members listed. Files are named
<证件号码>_<姓名>_<起>-<止>.pdf; members without approved credits in the
span are skipped; a member who cannot be printed (a character the font
lacks) is listed with the reason and the others are written (exit 1).

Examples:
  meded certificate 110101199003070011 --from 2015 --to 2017 -o 张三.pdf
  meded certificate 110101199003070011 --from 2017 --to 2017 --kind 1 -o out.pdf
  meded certificate --org C017 --from 2015 --to 2017 --out-dir certs/
  meded certificate --org C017 --from 2015 --to 2017 --zip certs.zip
  meded certificate --members list.xlsx --from 2015 --to 2017 --out-dir certs/
  meded certificate 110101199003070011 --from 2015 --to 2017 -o 张三.pdf --vc 张三.json
  meded certificate --org C017 --from 2015 --to 2017 --out-dir certs/ --vc-dir vcs/ --status-list-url https://cme.example.org/meded/status.json
  meded certificate verify 7KQ2-M9XD-4TWP
  meded certificate verify --pdf 张三.pdf --public-key keys.json
  meded certificate verify --vc 张三.json --status-list status.json --public-key keys.json
  meded certificate revoke 7KQ2-M9XD-4TWP --reason '学分记录有误,重新出具'
  meded certificate revocations -o revoked.json --status-list status.json
  meded certificate verify-page -o verify.html --revocations revoked.json"
)]
pub struct CertificateArgs {
    #[command(subcommand)]
    command: Option<CertificateCommand>,
    #[command(flatten)]
    issue: IssueArgs,
}

#[derive(Debug, Subcommand)]
pub enum CertificateCommand {
    /// Check a certificate: by its code against the database, or offline by
    /// its QR payload, its PDF or its standard credential against the public
    /// keys.
    #[command(after_help = "\
CODE looks the certificate up in this database. --qr, --pdf and --vc need no
database: they check the signature of the QR payload with the public keys
(--public-key FILE, as `meded key export` writes, several allowed; without
one, the keys of this database and its key file). --pdf reads the payload
from the PDF and also checks that the PDF states what was signed (name,
span, each year's sums), that its pages are those signed (not edited
afterwards) and that its QR code is the signed one. --revocations FILE (as
`certificate revocations` writes, signed by a trusted key) tells whether the
code was revoked, and how fresh that knowledge is; --max-age DAYS fails a
list older than that.

--vc FILE checks a standard credential (`certificate --vc`): its
eddsa-jcs-2022 proof by the did:key it names as issuer, and that this key is
a trusted one; --status-list FILE (as `certificate revocations --status-list`
writes, signed by a trusted key, the list the credential names) tells
whether its bit is set, i.e. whether it was revoked.

JSON (every form): valid, code, name, from, to, kind, revoked, and reason
when not valid.

Exit codes: 0 valid (or superseded by a later certificate, which is named);
1 not valid — unknown code, revoked, changed, signed by an unknown key, or a
PDF or credential that differs from what was signed; 2 unusable input (not
a payload, not a PDF, not a credential, no trusted key, a revocation or
status list that does not verify or is not the credential's).

Examples:
  meded certificate verify 7KQ2-M9XD-4TWP
  meded certificate verify 7kq2m9xd4twp --format json
  meded certificate verify --qr 'MC1:NCF2L6D1T7…' --public-key keys.json
  zbarimg --raw scan.png | meded certificate verify --qr - --public-key keys.json
  meded certificate verify --pdf 张三.pdf --public-key keys.json --revocations revoked.json
  meded certificate verify --vc 张三.json --public-key keys.json --status-list status.json")]
    Verify(VerifyArgs),
    /// Revoke a certificate: verify then says it is revoked, and why.
    #[command(after_help = "\
Recorded in the change log with the reason. Revoking a revoked certificate
changes nothing.

Example:
  meded certificate revoke 7KQ2-M9XD-4TWP --reason '学分记录有误,重新出具'")]
    Revoke(RevokeArgs),
    /// Write the list of revoked certificates, signed, with its as-of time,
    /// for offline verifiers; and the status list of standard credentials.
    #[command(after_help = "\
-o FILE: every revoked code with when and why, and the time the list was
made, signed with the signing key (the one beside the database, or
--key-file). Verifiers pass it to `certificate verify --revocations FILE` or
include it in the verification page; they see how old it is.

--status-list FILE: the W3C BitstringStatusListCredential that standard
credentials (`certificate --vc`) name: 131,072 entries or more, the bit of
every revoked certificate set, GZIP-compressed, signed (eddsa-jcs-2022).
Publish it at its address (--status-list-url, the one the credentials name;
default: the list made last). Verifiers pass it to `certificate verify --vc
FILE --status-list FILE`.

Publish both again after each revocation.

Examples:
  meded certificate revocations -o revoked.json
  meded certificate revocations --status-list status.json
  meded certificate revocations -o revoked.json --status-list status.json --status-list-url https://cme.example.org/meded/status.json
  meded certificate revocations -o revoked.json --key-file /secure/meded.key")]
    Revocations(RevocationsArgs),
    /// Write the offline verification page: one HTML file with the public
    /// keys inside that checks a QR payload in any browser.
    #[command(after_help = "\
The page needs no server and no network: open it, paste the content of a
certificate's QR code (or put it after # in the page's address), and it
shows what the certificate states or why it fails, in Chinese and English.
A standard credential (`certificate --vc`) may be dropped on the page instead:
it checks its eddsa-jcs-2022 proof (RFC 8785 canonical JSON, SHA-256 and
Ed25519 in the page's own script). It holds the public keys (--public-key
files, else every key this database has signed with) and, with
--revocations, the signed revocation list, and with --status-list, the
status list of the credentials, whose ages it shows.

Examples:
  meded certificate verify-page -o verify.html
  meded certificate verify-page -o verify.html --revocations revoked.json
  meded certificate verify-page -o verify.html --revocations revoked.json --status-list status.json
  chromium 'file:///path/verify.html#MC1:NCF2L6D1T7…'")]
    VerifyPage(VerifyPageArgs),
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The member's ID number (证件号码): one certificate, written to -o.
    #[arg(value_name = "ID_NUMBER")]
    id_number: Option<String>,
    /// The first year (举办年度) of the span.
    #[arg(long, required = true, value_name = "YEAR")]
    from: Option<i32>,
    /// The last year of the span (at most 10 years in all).
    #[arg(long, required = true, value_name = "YEAR")]
    to: Option<i32>,
    /// all: I类II类综合; 1: class I only; 2: class II only.
    #[arg(long, default_value = "all", value_parser = parse_kind)]
    kind: Kind,
    /// The PDF to write (with ID_NUMBER); .pdf is added to a name without it.
    #[arg(short = 'o', long = "out", value_name = "OUT.pdf")]
    out: Option<PathBuf>,
    /// Every member of this organisation (code).
    #[arg(long, conflicts_with_all = ["id_number", "members", "out"])]
    org: Option<String>,
    /// The members listed: a spreadsheet with a 证件号码 column, or a text
    /// file with one ID number per line.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["id_number", "out"])]
    members: Option<PathBuf>,
    /// With --org or --members: the directory the PDFs go into (created if
    /// missing).
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// With --org or --members: also (or only) one ZIP archive of the PDFs.
    #[arg(long, value_name = "OUT.zip")]
    zip: Option<PathBuf>,
    /// With ID_NUMBER: also write the certificate as a standard credential
    /// (W3C Verifiable Credential 2.0, Open Badges 3.0) to this JSON file.
    #[arg(long, value_name = "FILE.json", conflicts_with_all = ["org", "members"])]
    vc: Option<PathBuf>,
    /// With --org or --members: also write each certificate as a standard
    /// credential into this directory (created if missing), named as its
    /// PDF with .json.
    #[arg(long, value_name = "DIR", conflicts_with = "id_number")]
    vc_dir: Option<PathBuf>,
    /// With --vc or --vc-dir: the address of the status list the credentials
    /// name, where the office publishes it [default: the list made last, or
    /// a new one named urn:uuid:…].
    #[arg(long, value_name = "URL")]
    status_list_url: Option<String>,
    /// A TrueType/OpenType font or collection to set the certificates in
    /// [default: the built-in Noto Sans SC, GBK characters].
    #[arg(long, value_name = "PATH")]
    font: Option<PathBuf>,
    /// The face of a font collection (.ttc) to use.
    #[arg(long, value_name = "N", default_value_t = 0, requires = "font")]
    font_index: u32,
    /// The province of the title <省>继续医学教育学分证明 [default: the
    /// organisation's].
    #[arg(long)]
    province: Option<String>,
    /// The text after 认证机构: [default: none; the seal goes there].
    #[arg(long, value_name = "TEXT")]
    authority: Option<String>,
    /// The issuing line [default: <省>继续医学教育行政管理平台提供信息].
    #[arg(long, value_name = "TEXT")]
    issuer: Option<String>,
    /// The issue date printed [default: today], e.g. 2017-10-27; credits
    /// approved after it are left out, so a certificate can be made again
    /// as it stood that day.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// The private key that signs the QR codes [default: beside the
    /// database, <db>.key, created on first use].
    #[arg(long, value_name = "PATH", env = "MEDED_KEY_FILE")]
    key_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The code printed after 验证码: (case, dashes and blanks do not matter).
    #[arg(required_unless_present_any = ["qr", "pdf", "vc"], conflicts_with_all = ["qr", "pdf", "vc"])]
    code: Option<String>,
    /// The content of the certificate's QR code (MC1:…); - reads it from
    /// standard input.
    #[arg(long, value_name = "PAYLOAD", conflicts_with_all = ["pdf", "vc"])]
    qr: Option<String>,
    /// The certificate's PDF.
    #[arg(long, value_name = "FILE", conflicts_with = "vc")]
    pdf: Option<PathBuf>,
    /// The certificate's standard credential (JSON, `certificate --vc`).
    #[arg(long, value_name = "FILE")]
    vc: Option<PathBuf>,
    /// With --vc: the status list the credential names (`certificate
    /// revocations --status-list`).
    #[arg(long, value_name = "FILE", requires = "vc")]
    status_list: Option<PathBuf>,
    /// A public key file (`meded key export`) to trust; repeat for several
    /// [default: the keys of this database and its key file].
    #[arg(long = "public-key", value_name = "FILE")]
    public_key: Vec<PathBuf>,
    /// A signed revocation list (`certificate revocations`).
    #[arg(long, value_name = "FILE")]
    revocations: Option<PathBuf>,
    /// Fail when the revocation list (or status list) is older than this
    /// many days.
    #[arg(long, value_name = "DAYS")]
    max_age: Option<u32>,
    /// With no --public-key: the private key whose public half to trust
    /// [default: beside the database].
    #[arg(long, value_name = "PATH", env = "MEDED_KEY_FILE")]
    key_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RevocationsArgs {
    /// The revocation list to write (JSON).
    #[arg(
        short = 'o',
        long = "out",
        value_name = "FILE",
        required_unless_present = "status_list"
    )]
    out: Option<PathBuf>,
    /// The status list of standard credentials to write (JSON).
    #[arg(long, value_name = "FILE")]
    status_list: Option<PathBuf>,
    /// With --status-list: the list's address, which its credentials name
    /// [default: the list made last].
    #[arg(long, value_name = "URL", requires = "status_list")]
    status_list_url: Option<String>,
    /// The private key that signs the list [default: beside the database].
    #[arg(long, value_name = "PATH", env = "MEDED_KEY_FILE")]
    key_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct VerifyPageArgs {
    /// The HTML file to write.
    #[arg(short = 'o', long = "out", value_name = "FILE", required = true)]
    out: PathBuf,
    /// A public key file to put in the page; repeat for several [default:
    /// every key this database has signed with].
    #[arg(long = "public-key", value_name = "FILE")]
    public_key: Vec<PathBuf>,
    /// A signed revocation list to put in the page.
    #[arg(long, value_name = "FILE")]
    revocations: Option<PathBuf>,
    /// A status list (`certificate revocations --status-list`) to put in the
    /// page, for the standard credentials dropped on it.
    #[arg(long, value_name = "FILE")]
    status_list: Option<PathBuf>,
    /// With no --public-key: the private key whose public half to include
    /// [default: beside the database].
    #[arg(long, value_name = "PATH", env = "MEDED_KEY_FILE")]
    key_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// The certificate's verification code.
    code: String,
    /// Why: kept with the certificate, shown by verify, and logged.
    #[arg(long, required = true)]
    reason: String,
}

fn parse_kind(raw: &str) -> std::result::Result<Kind, String> {
    Kind::parse(raw).ok_or_else(|| format!("'{raw}': use all, 1 or 2"))
}

pub fn run(a: CertificateArgs, ctx: &Ctx) -> Result<ExitCode> {
    match a.command {
        Some(CertificateCommand::Verify(v)) => verify(v, ctx),
        Some(CertificateCommand::Revoke(r)) => revoke(r, ctx),
        Some(CertificateCommand::Revocations(r)) => revocations(r, ctx),
        Some(CertificateCommand::VerifyPage(p)) => verify_page(p, ctx),
        None => issue(a.issue, ctx),
    }
}

fn usage(m: meded::i18n::Msg) -> Error {
    Error::Usage(m)
}

/// The options every issued certificate shares, checked before any work.
fn options(a: &IssueArgs) -> Result<IssueOptions> {
    let (Some(from), Some(to)) = (a.from, a.to) else {
        return Err(usage(msg!(
            "请用 --from 和 --to 给出年份范围",
            "give the span with --from and --to"
        )));
    };
    let issue_date = match &a.as_of {
        Some(raw) => meded::rules::date::parse_day(raw).ok_or_else(|| {
            usage(msg!(
                "--as-of “{raw}”不是日期(如 2017-10-27)",
                "--as-of '{raw}' is not a date (such as 2017-10-27)"
            ))
        })?,
        None => chrono::Local::now().date_naive(),
    };
    let opts = IssueOptions {
        from,
        to,
        kind: a.kind,
        issue_date,
        province: a.province.as_deref().map(issue::province).transpose()?,
        authority: match &a.authority {
            Some(t) => issue::line_option(t, "--authority")?,
            None => String::new(),
        },
        issuer: a
            .issuer
            .as_deref()
            .map(|t| issue::line_option(t, "--issuer"))
            .transpose()?,
        key: None,
        status_list_url: a
            .status_list_url
            .as_deref()
            .map(meded::certificate::status::check_url)
            .transpose()?,
    };
    if opts.status_list_url.is_some() && a.vc.is_none() && a.vc_dir.is_none() {
        return Err(usage(msg!(
            "--status-list-url 与 --vc 或 --vc-dir 一起使用",
            "--status-list-url goes with --vc or --vc-dir"
        )));
    }
    opts.check()?;
    Ok(opts)
}

fn font(a: &IssueArgs) -> Result<Font> {
    match &a.font {
        Some(path) => Font::from_file(path, a.font_index),
        None => Font::builtin(),
    }
}

/// Issues with the signing key, creating one beside the database on first
/// use (and taking it away again if the command fails: it signed nothing
/// that was kept).
fn issue(a: IssueArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut opts = options(&a)?;
    let font = font(&a)?;
    let (key, created) = sign::load_or_create(&ctx.db, a.key_file.as_deref())?;
    opts.key = Some(key);
    let result = issue_with(&a, opts, font, ctx);
    if let Some(created) = created {
        // A key that signed nothing kept (the command failed, or found
        // nobody to certify) is not left behind.
        let kept = matches!(result, Ok(ExitCode::Ok | ExitCode::Problems))
            && created.signed_anything(&ctx.open_db()?)?;
        if kept {
            let (p, id) = (created.path.display(), created.id);
            ctx.out.note(&msg!(
                "尚无签名密钥,已在 {p} 创建(密钥标识 {id},仅本人可读):请妥善保管并备份;用 meded key export 把公钥交给查验单位",
                "there was no signing key: created {p} (key id {id}, owner-only); keep it safe and back it up, and give receiving offices its public key with meded key export"
            ));
        } else {
            created.undo();
        }
    }
    result
}

fn issue_with(a: &IssueArgs, opts: IssueOptions, font: Font, ctx: &Ctx) -> Result<ExitCode> {
    if let Some(id_number) = &a.id_number {
        let Some(out) = &a.out else {
            return Err(usage(msg!(
                "请用 -o 指定要写出的 PDF 文件",
                "name the PDF to write with -o"
            )));
        };
        if a.out_dir.is_some() || a.zip.is_some() {
            return Err(usage(msg!(
                "--out-dir 和 --zip 用于 --org 或 --members 的批量出具;单人证明用 -o",
                "--out-dir and --zip are for --org or --members; one certificate is written with -o"
            )));
        }
        let out = &meded::fsutil::with_extension(out, "pdf");
        let mut conn = ctx.open_db()?;
        let vc = a.vc.as_deref();
        return match issue::issue_one(&mut conn, id_number, out, vc, &opts, &font, &ctx.who)? {
            Ok(issued) => {
                print_issued(ctx, &issued);
                Ok(ExitCode::Ok)
            }
            Err(refusal) => {
                ctx.out.warn(&refusal);
                Ok(ExitCode::Problems)
            }
        };
    }
    let scope = match (&a.org, &a.members) {
        (Some(org), None) => Scope::Org(org.clone()),
        (None, Some(file)) => Scope::Listed(meded::account::read_id_list(file)?),
        _ => {
            return Err(usage(msg!(
                "请给出证件号码(单人,-o OUT.pdf),或 --org / --members(批量,--out-dir DIR)",
                "give an ID number (one certificate, -o OUT.pdf), or --org or --members (many, --out-dir DIR)"
            )));
        }
    };
    if a.vc.is_some() {
        return Err(usage(msg!(
            "批量出具时用 --vc-dir 指定标准凭证的目录;--vc 用于单人证明",
            "for many certificates name the credentials' directory with --vc-dir; --vc is for one certificate"
        )));
    }
    if a.out_dir.is_none() && a.zip.is_none() {
        return Err(usage(msg!(
            "批量出具请用 --out-dir 指定目录(或用 --zip 指定压缩包)",
            "name the directory with --out-dir (or an archive with --zip)"
        )));
    }
    let mut conn = ctx.open_db()?;
    let bar = ctx
        .out
        .progress(&msg!("出具学分证明", "issuing certificates"));
    let job = BulkJob {
        scope,
        target: BulkTarget {
            out_dir: a.out_dir.clone(),
            zip: a.zip.clone(),
        },
        credential_dir: a.vc_dir.clone(),
        list_files: ctx.out.format == Format::Json,
        batch: issue::BATCH,
    };
    let report = issue::issue_many(&mut conn, &job, &opts, font, &ctx.who, &|d, t| {
        bar.update(d, t)
    })?;
    drop(bar);
    print_bulk(ctx, &report, a);
    if report.written == 0 {
        // Asked for certificates, and none was written: say so, not exit 0.
        ctx.out.warn(&msg!(
            "未写出任何学分证明:范围内没有人员有所选年份和种类的审核通过学分",
            "no certificate was written: nobody in scope has approved credits of that kind in the span"
        ));
        return Ok(ExitCode::Problems);
    }
    Ok(if report.failed.is_empty() {
        ExitCode::Ok
    } else {
        ExitCode::Problems
    })
}

fn print_issued(ctx: &Ctx, i: &Issued) {
    let out = &ctx.out;
    if out.format == Format::Json {
        return out.json(i);
    }
    let (file, code, name, from, to, n) =
        (i.file.display(), &i.code, &i.name, i.from, i.to, i.records);
    let kind = Kind::parse(i.kind).unwrap_or_default().label();
    out.line(&out.text(&msg!(
        "已写出 {file}:{name} {from}–{to} 年{kind},{n} 条学分记录,验证码 {code}",
        "wrote {file}: {kind} of {name}, {from}–{to}, {n} credit records, code {code}"
    )));
    if let Some(vc) = &i.credential {
        let (f, url, n) = (vc.file.display(), &vc.status_list, vc.status_list_index);
        out.line(&out.text(&msg!(
            "已写出标准凭证 {f}(W3C 可验证凭证,Open Badges 3.0;状态列表 {url} 第 {n} 项)",
            "wrote the standard credential {f} (W3C Verifiable Credential, Open Badges 3.0; entry {n} of the status list {url})"
        )));
    }
    if !i.new {
        out.note(&msg!(
            "内容与此前签发的证明相同:沿用其验证码",
            "the same text as the certificate issued before: its code is kept"
        ));
    }
    if !i.superseded.is_empty() {
        let codes = i.superseded.join(", ");
        out.note(&msg!(
            "替代此前的证明 {codes}(仍可查验,显示为已被替代)",
            "replaces the earlier certificate {codes} (it still verifies, as superseded)"
        ));
    }
}

/// A member not written, as JSON shows it.
#[derive(Serialize)]
struct Member<'a> {
    id_number: &'a str,
    name: &'a str,
    reason: &'a str,
}

fn members<'a>(list: &'a [NotWritten], lang: Lang) -> Vec<Member<'a>> {
    list.iter()
        .map(|m| Member {
            id_number: &m.id_number,
            name: &m.name,
            reason: m.reason.text(lang),
        })
        .collect()
}

fn print_bulk(ctx: &Ctx, r: &BulkIssueReport, a: &IssueArgs) {
    let out = &ctx.out;
    let lang = ctx.lang();
    if out.format == Format::Json {
        #[derive(Serialize)]
        struct Shown<'a> {
            members: u64,
            written: u64,
            new: u64,
            reprinted: u64,
            superseded: u64,
            bytes: u64,
            credentials: u64,
            out_dir: Option<&'a std::path::Path>,
            zip: Option<&'a std::path::Path>,
            #[serde(skip_serializing_if = "Option::is_none")]
            vc_dir: Option<&'a std::path::Path>,
            skipped: Vec<Member<'a>>,
            failed: Vec<Member<'a>>,
            not_included: issue::NotIncluded,
            certificates: &'a [issue::IssuedFile],
        }
        return out.json(&Shown {
            members: r.members,
            written: r.written,
            new: r.new,
            reprinted: r.reprinted,
            superseded: r.superseded,
            bytes: r.bytes,
            credentials: r.credentials,
            out_dir: a.out_dir.as_deref(),
            zip: a.zip.as_deref(),
            vc_dir: a.vc_dir.as_deref(),
            skipped: members(&r.skipped, lang),
            failed: members(&r.failed, lang),
            not_included: r.not_included,
            certificates: &r.certificates,
        });
    }
    let (w, new, again, sup) = (r.written, r.new, r.reprinted, r.superseded);
    let (skipped, failed) = (r.skipped.len(), r.failed.len());
    let kb = r.bytes as f64 / 1000.0;
    let place = match (&a.out_dir, &a.zip) {
        (Some(d), Some(z)) => format!("{}, {}", d.display(), z.display()),
        (Some(d), None) => d.display().to_string(),
        (None, Some(z)) => z.display().to_string(),
        (None, None) => String::new(),
    };
    out.line(&out.text(&msg!(
        "已写出 {w} 份学分证明到 {place}({kb:.0} KB):新签发 {new} 份,内容未变沿用原验证码 {again} 份,替代旧证明 {sup} 份",
        "wrote {w} certificates to {place} ({kb:.0} KB): {new} new, {again} unchanged and printed again under their codes, {sup} earlier ones superseded"
    )));
    if let Some(dir) = &a.vc_dir {
        let (n, d) = (r.credentials, dir.display());
        out.line(&out.text(&msg!(
            "已写出 {n} 份标准凭证(W3C 可验证凭证,Open Badges 3.0)到 {d}",
            "wrote {n} standard credentials (W3C Verifiable Credentials, Open Badges 3.0) to {d}"
        )));
    }
    out.line(&out.text(&msg!(
        "跳过 {skipped} 人(期间内没有审核通过的学分),失败 {failed} 人",
        "skipped {skipped} (no approved credits in the span), failed {failed}"
    )));
    let n = r.not_included;
    if n.pending_registration + n.rejected_registration + n.not_taking_cme > 0 {
        let (p, j, c) = (
            n.pending_registration,
            n.rejected_registration,
            n.not_taking_cme,
        );
        out.note(&msg!(
            "未列入:注册单位待审 {p} 人,单位审核不过 {j} 人,不参加继教 {c} 人",
            "not included: {p} registrations pending, {j} rejected, {c} not taking part in CME"
        ));
    }
    if !r.failed.is_empty() {
        let rows: Vec<Vec<String>> = r
            .failed
            .iter()
            .map(|m| vec![m.id_number.clone(), m.name.clone(), out.text(&m.reason)])
            .collect();
        out.rows(
            &[
                out.t("证件号码", "ID number"),
                out.t("姓名", "Name"),
                out.t("原因", "Reason"),
            ],
            &rows,
        );
    }
}

fn verify(a: VerifyArgs, ctx: &Ctx) -> Result<ExitCode> {
    if let Some(code) = &a.code {
        if !a.public_key.is_empty() || a.revocations.is_some() || a.max_age.is_some() {
            return Err(usage(msg!(
                "--public-key、--revocations 和 --max-age 用于 --qr、--pdf 或 --vc 的离线验证;验证码在数据库中查验",
                "--public-key, --revocations and --max-age are for offline checks with --qr, --pdf or --vc; a code is checked in the database"
            )));
        }
        return verify_code(code, ctx);
    }
    if a.max_age.is_some() && a.revocations.is_none() && a.status_list.is_none() {
        return Err(usage(msg!(
            "--max-age 与 --revocations 或 --status-list 一起使用",
            "--max-age goes with --revocations or --status-list"
        )));
    }
    let trusted = trusted_keys(&a.public_key, a.key_file.as_deref(), ctx)?;
    let list = a
        .revocations
        .as_deref()
        .map(|p| offline::read_revocations(p, &trusted))
        .transpose()?;
    let policy = ListPolicy {
        list: list.as_ref(),
        max_age_days: a.max_age.map(i64::from),
        now: chrono::Local::now().fixed_offset(),
    };
    if let Some(vc) = &a.vc {
        let status = a
            .status_list
            .as_deref()
            .map(|p| offline::read_status_list(p, &trusted))
            .transpose()?;
        let check = offline::check_credential(vc, &trusted, status.as_ref(), policy)?;
        print_credential_check(ctx, &check);
        return Ok(ExitCode::problems_if(!check.valid()));
    }
    let mut check = match (&a.qr, &a.pdf) {
        (Some(qr), _) => {
            let payload = if qr == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map_err(|e| {
                    Error::Input(msg!(
                        "无法读取标准输入:{e}",
                        "cannot read standard input: {e}"
                    ))
                })?;
                s
            } else {
                qr.clone()
            };
            offline::check_payload(&payload, &trusted, policy)?
        }
        (None, Some(pdf)) => offline::check_pdf(pdf, &trusted, policy)?,
        (None, None) => {
            return Err(usage(msg!(
                "请给出验证码,或 --qr 二维码内容,或 --pdf 文件,或 --vc 凭证",
                "give a code, or --qr with the QR content, or --pdf with the file, or --vc with the credential"
            )));
        }
    };
    // Against the database's keys: the organisations the key signs for.
    let signed_for = match (&check.opened, a.public_key.is_empty()) {
        (Some(opened), true) => key_orgs(ctx, opened.key_id)?,
        _ => None,
    };
    offline::check_issuer(&mut check, signed_for.as_deref());
    print_check(ctx, &check, list.as_ref(), signed_for.as_deref());
    Ok(ExitCode::problems_if(!check.valid()))
}

/// The organisations the database records a key for, if there is a
/// database and it knows the key.
fn key_orgs(ctx: &Ctx, key: meded::sign::KeyId) -> Result<Option<Vec<meded::sign::KeyOrg>>> {
    if !meded::db::exists(&ctx.db) {
        return Ok(None);
    }
    sign::key_orgs(&ctx.open_db()?, key)
}

/// The public keys named, or else this database's and its key file's.
fn trusted_keys(
    files: &[PathBuf],
    key_file: Option<&std::path::Path>,
    ctx: &Ctx,
) -> Result<TrustedKeys> {
    let mut keys = TrustedKeys::default();
    for f in files {
        keys.read_file(f)?;
    }
    if files.is_empty() {
        keys = sign::local_keys(&ctx.db, key_file)?.0;
    }
    if keys.is_empty() {
        return Err(usage(msg!(
            "没有可信任的公钥:请用 --public-key 给出签发机构的公钥文件(meded key export 写出的)",
            "no public key to trust: give the issuing office's public key file with --public-key (as meded key export writes it)"
        )));
    }
    Ok(keys)
}

/// An offline verification as JSON: the shape every form of verify shares,
/// then the details.
#[derive(Serialize)]
struct OfflineShown<'a> {
    valid: bool,
    code: Option<&'a str>,
    name: Option<&'a str>,
    from: Option<i32>,
    to: Option<i32>,
    kind: Option<&'a str>,
    revoked: Option<&'a offline::Revoked>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    /// What the signed payload states.
    certificate: Option<&'a meded::certificate::seal::Shown>,
    revocations: Option<&'a offline::ListUse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pdf: Option<&'a offline::PdfFindings>,
    /// The organisations the database records the signing key for (empty:
    /// any); absent when it was not checked against a database.
    #[serde(skip_serializing_if = "Option::is_none")]
    signed_for: Option<&'a [meded::sign::KeyOrg]>,
}

fn print_check(
    ctx: &Ctx,
    check: &Check,
    list: Option<&RevocationList>,
    signed_for: Option<&[meded::sign::KeyOrg]>,
) {
    let out = &ctx.out;
    let shown = check.shown();
    if out.format == Format::Json {
        out.json(&OfflineShown {
            valid: check.valid(),
            code: shown.as_ref().map(|s| s.code.as_str()),
            name: shown.as_ref().map(|s| s.name.as_str()),
            from: shown.as_ref().map(|s| s.from),
            to: shown.as_ref().map(|s| s.to),
            kind: shown.as_ref().map(|s| s.kind),
            revoked: check.revoked.as_ref(),
            reason: check.failure.as_ref().map(|m| out.text(m)),
            certificate: shown.as_ref(),
            revocations: check.list.as_ref(),
            pdf: check.pdf.as_ref(),
            signed_for,
        });
    } else {
        if check.valid() {
            out.line(&out.text(&msg!(
                "有效:签名正确,由受信任的密钥签发",
                "valid: the signature checks out, by a trusted key"
            )));
        } else {
            out.line(&out.text(&msg!("无效", "not valid")));
        }
        if let Some(s) = &shown {
            print_shown(ctx, s);
        }
        if let Some(orgs) = signed_for.filter(|o| !o.is_empty()) {
            let names: Vec<String> = orgs
                .iter()
                .map(|o| format!("{} ({})", o.name, o.code))
                .collect();
            let names = names.join(", ");
            out.note(&msg!(
                "签名密钥为 {names} 所有",
                "the signing key is {names}'s"
            ));
        }
    }
    if let Some(why) = &check.failure {
        out.warn(why);
    }
    match (&check.list, list) {
        (Some(l), _) => {
            let (as_of, days) = (&l.as_of, l.age_days);
            out.note(&msg!(
                "作废列表截至 {as_of}({days} 天前)",
                "revocation list as of {as_of} ({days} days ago)"
            ));
            if l.predates_certificate {
                out.note(&msg!(
                    "该作废列表早于这份证明的签发日期,不能说明其后是否被作废",
                    "the revocation list is older than the certificate: it cannot tell whether it was revoked since"
                ));
            }
        }
        (None, None) if check.opened.is_some() => out.note(&msg!(
            "未对照作废列表(--revocations):无法得知证明是否已被作废",
            "not checked against a revocation list (--revocations): whether it was revoked is not known"
        )),
        _ => {}
    }
}

/// A standard credential's verification: the shape every form of verify
/// shares, then what the credential states and how its status was read.
fn print_credential_check(ctx: &Ctx, check: &offline::CredentialCheck) {
    let out = &ctx.out;
    let s = check.stated.as_ref();
    if out.format == Format::Json {
        #[derive(Serialize)]
        struct Shown<'a> {
            valid: bool,
            code: Option<&'a str>,
            name: Option<&'a str>,
            from: Option<i32>,
            to: Option<i32>,
            kind: Option<&'a str>,
            revoked: Option<&'a offline::RevokedBy>,
            #[serde(skip_serializing_if = "Option::is_none")]
            reason: Option<String>,
            credential: Option<Credential<'a>>,
            revocations: Option<&'a offline::ListUse>,
            status_list: Option<&'a offline::StatusUse>,
        }
        #[derive(Serialize)]
        struct Credential<'a> {
            issuer: Option<&'a str>,
            key_id: Option<meded::sign::KeyId>,
            #[serde(skip_serializing_if = "Option::is_none")]
            org_name: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            kind_label: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            issue_date: Option<NaiveDate>,
            #[serde(skip_serializing_if = "Option::is_none")]
            credits: Option<meded::rules::credit::Credits>,
            #[serde(skip_serializing_if = "Option::is_none")]
            status_list: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            status_list_index: Option<u64>,
        }
        let status = s.and_then(|s| s.status.as_ref());
        return out.json(&Shown {
            valid: check.valid(),
            code: s.map(|s| s.code.as_str()),
            name: s.map(|s| s.name.as_str()),
            from: s.map(|s| s.from),
            to: s.map(|s| s.to),
            kind: s.map(|s| s.kind.key()),
            revoked: check.revoked.as_ref(),
            reason: check.failure.as_ref().map(|m| out.text(m)),
            credential: (check.issuer.is_some() || s.is_some()).then(|| Credential {
                issuer: check.issuer.as_deref(),
                key_id: check.key_id,
                org_name: s.map(|s| s.org_name.as_str()),
                kind_label: s.map(|s| s.kind.label()),
                issue_date: s.map(|s| s.issue_date),
                credits: s.map(|s| meded::rules::credit::Credits(s.credits)),
                status_list: status.map(|e| e.list.as_str()),
                status_list_index: status.map(|e| e.index),
            }),
            revocations: check.list.as_ref(),
            status_list: check.status.as_ref(),
        });
    }
    if check.valid() {
        out.line(&out.text(&msg!(
            "有效:凭证的签名(eddsa-jcs-2022)正确,由受信任的密钥签发",
            "valid: the credential's proof (eddsa-jcs-2022) checks out, by a trusted key"
        )));
    } else {
        out.line(&out.text(&msg!("无效", "not valid")));
    }
    if let Some(s) = s {
        let mut rows = vec![
            vec![out.t("验证码", "Code").to_owned(), s.code.clone()],
            vec![out.t("种类", "Kind").to_owned(), s.kind.label().to_owned()],
            vec![out.t("姓名", "Name").to_owned(), s.name.clone()],
            vec![out.t("单位", "Unit").to_owned(), s.org_name.clone()],
            vec![
                out.t("期间", "Span").to_owned(),
                format!("{}–{}", s.from, s.to),
            ],
            vec![
                out.t("签发日期", "Issue date").to_owned(),
                meded::certificate::model::chinese_date(s.issue_date),
            ],
            vec![
                out.t("学分合计", "Credits in all").to_owned(),
                meded::rules::credit::Credits(s.credits).to_string(),
            ],
            vec![
                out.t("签发者", "Issuer").to_owned(),
                check.issuer.clone().unwrap_or_default(),
            ],
        ];
        if let Some(e) = &s.status {
            rows.push(vec![
                out.t("状态列表", "Status list").to_owned(),
                format!("{} #{}", e.list, e.index),
            ]);
        }
        out.rows(&[out.t("项目", "Field"), out.t("内容", "Value")], &rows);
    }
    if let Some(why) = &check.failure {
        out.warn(why);
    }
    for used in [check.list.as_ref(), check.status.as_ref().map(|s| &s.list)]
        .into_iter()
        .flatten()
    {
        let (as_of, days) = (&used.as_of, used.age_days);
        out.note(&msg!(
            "作废信息截至 {as_of}({days} 天前)",
            "revocations as of {as_of} ({days} days ago)"
        ));
        if used.predates_certificate {
            out.note(&msg!(
                "该列表早于这份证明的签发日期,不能说明其后是否被作废",
                "the list is older than the certificate: it cannot tell whether it was revoked since"
            ));
        }
    }
    if check.valid() && check.list.is_none() && check.status.is_none() {
        out.note(&msg!(
            "未对照状态列表(--status-list)或作废列表(--revocations):无法得知证明是否已被作废",
            "not checked against a status list (--status-list) or revocation list (--revocations): whether it was revoked is not known"
        ));
    }
}

fn print_shown(ctx: &Ctx, s: &meded::certificate::seal::Shown) {
    let out = &ctx.out;
    let rows = vec![
        vec![out.t("验证码", "Code").to_owned(), s.code.clone()],
        vec![
            out.t("标题", "Title line").to_owned(),
            format!("{}继续医学教育学分证明", s.province),
        ],
        vec![out.t("种类", "Kind").to_owned(), s.kind_label.to_owned()],
        vec![
            out.t("姓名", "Name").to_owned(),
            format!("{} ({})", s.name, s.id_number),
        ],
        vec![out.t("单位", "Unit").to_owned(), s.org_name.clone()],
        vec![out.t("职称", "Title").to_owned(), s.title.clone()],
        vec![
            out.t("期间", "Span").to_owned(),
            format!("{}–{}", s.from, s.to),
        ],
        vec![
            out.t("签发日期", "Issue date").to_owned(),
            meded::certificate::model::chinese_date(s.issue_date),
        ],
        vec![
            out.t("签名密钥", "Signing key").to_owned(),
            s.key_id.to_string(),
        ],
        vec![
            out.t("内容摘要 SHA-256", "SHA-256 of the text").to_owned(),
            s.digest.clone(),
        ],
    ];
    out.rows(&[out.t("项目", "Field"), out.t("内容", "Value")], &rows);
    let show =
        |c: Option<meded::rules::credit::Credits>| c.map_or("—".to_owned(), |c| c.to_string());
    let years: Vec<Vec<String>> = s
        .years
        .iter()
        .map(|y| {
            vec![
                y.year.to_string(),
                show(y.national_i),
                show(y.provincial_i),
                show(y.class_ii),
                y.records.to_string(),
            ]
        })
        .collect();
    year_table(ctx, &years);
}

fn year_table(ctx: &Ctx, years: &[Vec<String>]) {
    let out = &ctx.out;
    out.rows(
        &[
            out.t("年度", "Year"),
            out.t("国家级I类", "National I"),
            out.t("省I类", "Provincial I"),
            out.t("II类", "Class II"),
            out.t("记录数", "Records"),
        ],
        years,
    );
}

fn verify_code(code: &str, ctx: &Ctx) -> Result<ExitCode> {
    if !meded::db::exists(&ctx.db) {
        // Whoever checks a certificate in an office without the issuing
        // database checks the certificate itself.
        let offline = msg!(
            "要在没有数据库时查验学分证明,请用 --pdf 或 --qr 并加 --public-key",
            "to check a certificate without a database use --pdf or --qr with --public-key"
        );
        return Err(Error::Input(meded::db::missing(&ctx.db, Some(&offline))));
    }
    let conn = ctx.open_db()?;
    let out = &ctx.out;
    let Some(v) = verify::verify(&conn, code)? else {
        if out.format == Format::Json {
            #[derive(Serialize)]
            struct Unknown<'a> {
                valid: bool,
                code: &'a str,
                name: Option<&'a str>,
                from: Option<i32>,
                to: Option<i32>,
                kind: Option<&'a str>,
                revoked: Option<()>,
                reason: String,
                status: &'static str,
                message: String,
            }
            let why = out.text(&verify::unknown(code));
            out.json(&Unknown {
                valid: false,
                code: code.trim(),
                name: None,
                from: None,
                to: None,
                kind: None,
                revoked: None,
                reason: why.clone(),
                status: "unknown",
                message: why,
            });
        }
        out.warn(&verify::unknown(code));
        return Ok(ExitCode::Problems);
    };
    print_verified(ctx, &v);
    Ok(match v.status {
        Status::Valid | Status::Superseded => ExitCode::Ok,
        Status::Revoked => ExitCode::Problems,
    })
}

fn revocations(a: RevocationsArgs, ctx: &Ctx) -> Result<ExitCode> {
    let key = sign::load(&ctx.db, a.key_file.as_deref())?;
    let url = a
        .status_list_url
        .as_deref()
        .map(meded::certificate::status::check_url)
        .transpose()?;
    let mut conn = ctx.open_db()?;
    let list = match &a.out {
        Some(path) => Some(offline::publish_revocations(
            &mut conn, &key, &ctx.who, path,
        )?),
        None => None,
    };
    let status = match &a.status_list {
        Some(path) => Some(meded::certificate::status::publish(
            &mut conn,
            &key,
            &ctx.who,
            url.as_deref(),
            path,
        )?),
        None => None,
    };
    let out = &ctx.out;
    if out.format == Format::Json {
        #[derive(Serialize)]
        struct Shown<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            file: Option<&'a std::path::Path>,
            #[serde(skip_serializing_if = "Option::is_none")]
            as_of: Option<&'a str>,
            key_id: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            revoked: Option<&'a [offline::Revoked]>,
            #[serde(skip_serializing_if = "Option::is_none")]
            status_list: Option<StatusShown<'a>>,
        }
        #[derive(Serialize)]
        struct StatusShown<'a> {
            file: &'a std::path::Path,
            #[serde(flatten)]
            published: &'a meded::certificate::status::Published,
        }
        out.json(&Shown {
            file: a.out.as_deref(),
            as_of: list.as_ref().map(|(as_of, _)| as_of.as_str()),
            key_id: key.id().to_string(),
            revoked: list.as_ref().map(|(_, l)| l.as_slice()),
            status_list: match (&a.status_list, &status) {
                (Some(file), Some(published)) => Some(StatusShown { file, published }),
                _ => None,
            },
        });
    } else {
        if let (Some(path), Some((as_of, list))) = (&a.out, &list) {
            let (f, n, id) = (path.display(), list.len(), key.id());
            out.line(&out.text(&msg!(
                "已写出作废列表 {f}:{n} 份已作废的证明,截至 {as_of},以密钥 {id} 签名",
                "wrote the revocation list {f}: {n} revoked certificates as of {as_of}, signed with the key {id}"
            )));
        }
        if let (Some(path), Some(p)) = (&a.status_list, &status) {
            let (f, url, n, size, as_of, id) = (
                path.display(),
                &p.url,
                p.revoked,
                p.entries,
                &p.as_of,
                p.key_id,
            );
            out.line(&out.text(&msg!(
                "已写出状态列表 {f}:{url},{size} 项中 {n} 项已作废,截至 {as_of},以密钥 {id} 签名;请发布于该地址",
                "wrote the status list {f}: {url}, {n} of {size} entries revoked, as of {as_of}, signed with the key {id}; publish it at that address"
            )));
        }
    }
    Ok(ExitCode::Ok)
}

fn verify_page(a: VerifyPageArgs, ctx: &Ctx) -> Result<ExitCode> {
    let keys = trusted_keys(&a.public_key, a.key_file.as_deref(), ctx)?;
    let list = match &a.revocations {
        Some(p) => {
            // Checked now, so that the page never holds a list it would refuse.
            offline::read_revocations(p, &keys)?;
            Some(std::fs::read_to_string(p).map_err(|e| Error::unreadable(p, &e))?)
        }
        None => None,
    };
    let status = match &a.status_list {
        Some(p) => {
            // Checked now, as the revocation list is.
            offline::read_status_list(p, &keys)?;
            Some(std::fs::read_to_string(p).map_err(|e| Error::unreadable(p, &e))?)
        }
        None => None,
    };
    let made = meded::history::now();
    meded::certificate::page::write(&a.out, &keys, list.as_deref(), status.as_deref(), &made)?;
    let out = &ctx.out;
    let ids: Vec<String> = keys.keys().iter().map(|k| k.id.to_string()).collect();
    if out.format == Format::Json {
        #[derive(Serialize)]
        struct Shown<'a> {
            file: &'a std::path::Path,
            keys: &'a [String],
            revocations: bool,
            status_list: bool,
        }
        out.json(&Shown {
            file: &a.out,
            keys: &ids,
            revocations: list.is_some(),
            status_list: status.is_some(),
        });
    } else {
        let (f, k) = (a.out.display(), ids.join(", "));
        out.line(&out.text(&msg!(
            "已写出验证页 {f}(公钥 {k})",
            "wrote the verification page {f} (public keys {k})"
        )));
        if list.is_none() {
            out.note(&msg!(
                "页面不含作废列表:它无法得知证明是否已被作废(可用 --revocations 加入)",
                "the page has no revocation list: it cannot tell whether a certificate was revoked (add one with --revocations)"
            ));
        }
    }
    Ok(ExitCode::Ok)
}

fn status_text(lang: Lang, s: Status) -> &'static str {
    lang.pick(s.label(), s.label_en())
}

fn print_verified(ctx: &Ctx, v: &Verified) {
    let out = &ctx.out;
    let lang = ctx.lang();
    match (&v.superseded_by, &v.revoked) {
        (_, Some(r)) => {
            let (code, reason, at) = (&v.code, &r.reason, &r.at);
            out.warn(&msg!(
                "学分证明 {code} 已于 {at} 作废:{reason}",
                "the certificate {code} was revoked on {at}: {reason}"
            ));
        }
        (Some(s), None) => {
            let (code, next, date) = (&v.code, &s.code, &s.issue_date);
            out.note(&msg!(
                "学分证明 {code} 是本系统签发的,但已被 {date} 签发的 {next} 替代:请以新证明为准",
                "the certificate {code} was issued here, but {next} issued on {date} replaces it: the new one is current"
            ));
        }
        _ => {}
    }
    if out.format == Format::Json {
        /// The shape every form of verify shares: `valid`, and `reason`
        /// when not valid, beside what the record states.
        #[derive(Serialize)]
        struct Shown<'a> {
            valid: bool,
            #[serde(flatten)]
            certificate: &'a Verified,
            #[serde(skip_serializing_if = "Option::is_none")]
            reason: Option<String>,
        }
        let reason = v.revoked.as_ref().map(|r| {
            let (code, why, at) = (&v.code, &r.reason, &r.at);
            out.text(&msg!(
                "学分证明 {code} 已于 {at} 作废:{why}",
                "the certificate {code} was revoked on {at}: {why}"
            ))
        });
        return out.json(&Shown {
            valid: v.status != Status::Revoked,
            certificate: v,
            reason,
        });
    }
    let date = NaiveDate::parse_from_str(&v.issue_date, "%Y-%m-%d")
        .map(meded::certificate::model::chinese_date)
        .unwrap_or_else(|_| v.issue_date.clone());
    let mut rows = vec![
        vec![out.t("验证码", "Code").to_owned(), v.code.clone()],
        vec![
            out.t("状态", "Status").to_owned(),
            status_text(lang, v.status).to_owned(),
        ],
        vec![
            out.t("标题", "Title line").to_owned(),
            format!("{}继续医学教育学分证明", v.province),
        ],
        vec![out.t("种类", "Kind").to_owned(), v.kind_label.clone()],
        vec![
            out.t("姓名", "Name").to_owned(),
            format!("{} ({})", v.name, v.id_number),
        ],
        vec![out.t("单位", "Unit").to_owned(), v.org_name.clone()],
        vec![out.t("职称", "Title").to_owned(), v.title.clone()],
        vec![
            out.t("期间", "Span").to_owned(),
            format!("{}–{}", v.from, v.to),
        ],
        vec![out.t("签发日期", "Issue date").to_owned(), date],
        vec![
            out.t("签发时间", "Issued at").to_owned(),
            v.issued_at.clone(),
        ],
        vec![
            out.t("学分记录", "Credit records").to_owned(),
            v.records.len().to_string(),
        ],
        vec![
            out.t("内容摘要 SHA-256", "SHA-256 of the text").to_owned(),
            v.digest.clone(),
        ],
    ];
    if let Some(s) = &v.superseded_by {
        rows.push(vec![
            out.t("替代它的证明", "Superseded by").to_owned(),
            format!(
                "{} ({}, {})",
                s.code,
                s.issue_date,
                status_text(lang, s.status)
            ),
        ]);
    }
    if let Some(r) = &v.revoked {
        rows.push(vec![
            out.t("作废原因", "Revoked because").to_owned(),
            format!("{} ({}, {})", r.reason, r.at, r.by),
        ]);
    }
    out.rows(&[out.t("项目", "Field"), out.t("内容", "Value")], &rows);
    let show =
        |c: Option<meded::rules::credit::Credits>| c.map_or("—".to_owned(), |c| c.to_string());
    let years: Vec<Vec<String>> = v
        .years
        .iter()
        .map(|y| {
            vec![
                y.year.to_string(),
                show(y.national_i),
                show(y.provincial_i),
                show(y.class_ii),
                y.records.to_string(),
            ]
        })
        .collect();
    year_table(ctx, &years);
}

fn revoke(a: RevokeArgs, ctx: &Ctx) -> Result<ExitCode> {
    let mut conn = ctx.open_db()?;
    let (v, changed) = verify::revoke(&mut conn, &a.code, &a.reason, &ctx.who)?;
    let out = &ctx.out;
    if out.format == Format::Json {
        #[derive(Serialize)]
        struct Shown<'a> {
            /// Whether this command revoked it (false: it already was).
            changed: bool,
            #[serde(flatten)]
            certificate: &'a Verified,
        }
        out.json(&Shown {
            changed,
            certificate: &v,
        });
    } else {
        let (code, name) = (&v.code, &v.name);
        if changed {
            out.line(&out.text(&msg!(
                "已作废 {name} 的学分证明 {code}",
                "revoked the certificate {code} of {name}"
            )));
        } else {
            out.line(&out.text(&msg!(
                "学分证明 {code} 此前已作废,未作改动",
                "the certificate {code} was already revoked: nothing changed"
            )));
        }
    }
    Ok(ExitCode::Ok)
}
