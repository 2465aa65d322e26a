//! `meded key`: the Ed25519 key that signs certificates' QR codes and
//! revocation lists — make it, and hand out its public half.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use meded::error::Error;
use meded::sign::{self, KeyId, SigningKey, TrustedKeys};
use meded::{ExitCode, Result, msg};
use serde::Serialize;

use super::Ctx;
use super::output::Format;

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create the signing key (Ed25519): the private key in a file of mode
    /// 0600, its public key recorded in the database.
    #[command(after_help = "\
The private key goes beside the database (meded.db → meded.db.key) unless
--key-file names another place; it never goes into the database. An
existing key is not overwritten: --replace makes a new one (after a key
was lost, or to rotate keys). The public key of the old one stays in the
database, so that certificates it signed still verify and `key export`
still hands it out.

Certificates are signed with this key as they are issued; if there is no
key when the first certificate is issued, meded creates one beside the
database and says so.

--org ties the key to the CME institutions it signs for (repeat it for
several): certificates of other institutions' members are not issued with
it, and a verification against the database refuses them. A key made
without --org signs for any. On a province's shared server only the
owner of the database adds keys: the owner makes each CME office's key
with --org and hands the office the key file.

Examples:
  meded key init
  meded key init --key-file /secure/meded-signing.key
  meded key init --org C017 --key-file C017-signing.key
  meded key init --replace")]
    Init(InitArgs),
    /// Write the public keys that verify this office's certificates, for
    /// the offices that receive them (`certificate verify --public-key`).
    #[command(after_help = "\
Writes every public key the database has signed with (the current key and
any it replaced), each with its key id (16 hex digits), as JSON. The file
is public: mail it, publish it. Verifiers use it with
`meded certificate verify --qr PAYLOAD --public-key FILE`; the verification
page (`certificate verify-page`) has the keys inside.

Examples:
  meded key export -o meded-public-keys.json
  meded key export -o keys.json --format json")]
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where the private key goes [default: beside the database, <db>.key].
    #[arg(long, value_name = "PATH", env = "MEDED_KEY_FILE")]
    key_file: Option<PathBuf>,
    /// Replace an existing key with a new one (what the old key signed
    /// still verifies).
    #[arg(long)]
    replace: bool,
    /// A CME institution the key signs for (repeatable) [default: any].
    #[arg(long = "org", value_name = "CODE")]
    orgs: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The public key file to write.
    #[arg(short = 'o', long = "out", value_name = "FILE", required = true)]
    out: PathBuf,
    /// The private key, whose public half is marked current [default:
    /// beside the database].
    #[arg(long, value_name = "PATH", env = "MEDED_KEY_FILE")]
    key_file: Option<PathBuf>,
}

pub fn run(c: KeyCommand, ctx: &Ctx) -> Result<ExitCode> {
    match c {
        KeyCommand::Init(a) => init(a, ctx),
        KeyCommand::Export(a) => export(a, ctx),
    }
}

#[derive(Serialize)]
struct Made<'a> {
    key_id: KeyId,
    public_key: String,
    key_file: &'a std::path::Path,
    /// The key this one replaced, if any.
    replaced: Option<KeyId>,
    /// The organisations it signs for (empty: any).
    orgs: &'a [String],
}

fn init(a: InitArgs, ctx: &Ctx) -> Result<ExitCode> {
    let path = a
        .key_file
        .clone()
        .unwrap_or_else(|| sign::default_key_path(&ctx.db));
    let replaced = if path.exists() {
        if !a.replace {
            let p = path.display();
            return Err(Error::Usage(msg!(
                "{p} 已有签名私钥:不覆盖(确需换用新密钥时加 --replace,旧密钥签发的证明仍可验证)",
                "{p} holds a signing key already: it is not overwritten (add --replace to make a new one; what the old key signed still verifies)"
            )));
        }
        // A damaged key file is replaced all the same: that is what a key
        // that can no longer be read needs.
        SigningKey::read(&path).ok().map(|k| k.id())
    } else {
        None
    };
    let mut conn = ctx.create_db()?;
    let key = sign::init(&mut conn, &path, a.replace, &a.orgs, &ctx.who)?;
    let out = &ctx.out;
    let made = Made {
        key_id: key.id(),
        public_key: key.public().hex(),
        key_file: &path,
        replaced,
        orgs: &a.orgs,
    };
    if out.format == Format::Json {
        out.json(&made);
        return Ok(ExitCode::Ok);
    }
    let (id, p) = (key.id(), path.display());
    out.line(&out.text(&msg!(
        "已创建签名密钥 {id},私钥在 {p}(仅本人可读;请妥善保管并备份,不要放在共享目录)",
        "created the signing key {id}; the private key is in {p} (owner-only: keep it safe, back it up, keep it off shared drives)"
    )));
    if !a.orgs.is_empty() {
        let orgs = a.orgs.join(", ");
        out.note(&msg!(
            "此密钥只为 {orgs} 签发学分证明",
            "this key signs certificates for {orgs} only"
        ));
    }
    if let Some(old) = replaced {
        out.note(&msg!(
            "替换了密钥 {old}:其公钥仍保存在数据库中,它签发的证明仍可验证",
            "replaced the key {old}: its public key stays in the database, and what it signed still verifies"
        ));
    }
    out.note(&msg!(
        "把公钥交给查验单位:meded key export -o 公钥.json",
        "give receiving offices the public key: meded key export -o public-keys.json"
    ));
    Ok(ExitCode::Ok)
}

#[derive(Serialize)]
struct Exported {
    key_id: KeyId,
    public_key: String,
    added_at: Option<String>,
    current: bool,
}

fn export(a: ExportArgs, ctx: &Ctx) -> Result<ExitCode> {
    let (keys, current) = sign::local_keys(&ctx.db, a.key_file.as_deref())?;
    if keys.is_empty() {
        return Err(Error::Usage(msg!(
            "还没有签名密钥:请先用 meded key init 创建",
            "there is no signing key yet: create one with meded key init"
        )));
    }
    keys.write_file(&a.out, current)?;
    print_keys(ctx, &keys, current, &a.out);
    Ok(ExitCode::Ok)
}

fn print_keys(ctx: &Ctx, keys: &TrustedKeys, current: Option<KeyId>, file: &std::path::Path) {
    let out = &ctx.out;
    let list: Vec<Exported> = keys
        .keys()
        .iter()
        .map(|k| Exported {
            key_id: k.id,
            public_key: k.hex(),
            added_at: k.added_at.clone(),
            current: Some(k.id) == current,
        })
        .collect();
    if out.format == Format::Json {
        #[derive(Serialize)]
        struct Shown<'a> {
            file: &'a std::path::Path,
            keys: Vec<Exported>,
        }
        return out.json(&Shown { file, keys: list });
    }
    let (n, f) = (list.len(), file.display());
    out.line(&out.text(&msg!(
        "已写出 {n} 个公钥到 {f}",
        "wrote {n} public keys to {f}"
    )));
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|k| {
            vec![
                k.key_id.to_string(),
                k.added_at.clone().unwrap_or_default(),
                if k.current {
                    out.t("当前", "current").to_owned()
                } else {
                    out.t("此前", "earlier").to_owned()
                },
            ]
        })
        .collect();
    out.rows(
        &[
            out.t("密钥标识", "Key id"),
            out.t("记录时间", "Recorded"),
            out.t("状态", "State"),
        ],
        &rows,
    );
}
