//! Passwords: the platforms' defaults (000000, 111111), the policy for a
//! chosen password (docs/domain.md#passwords), Argon2id hashes, and resets.
//! Argon2 with the OWASP parameters is slow in debug builds, so each test
//! hashes only a few passwords.

use crate::common::*;

const PHC_PREFIX: &str = "$argon2id$v=19$m=19456,t=2,p=1$";
const GOOD: &str = "Abcdef1!";

/// A base with `n` residents.
fn residents(n: u32) -> Env {
    let env = Env::with_base();
    env.import(&env.csv("r.csv", &roster(n)), "H001", &[], 0);
    env
}

fn set_password(env: &Env, id: &str, pw: &str) -> Run {
    env.run_stdin(&["account", "set-password", id], &format!("{pw}\n"))
}

/// The password policy (docs/domain.md#passwords), checked independently
/// of meded.
fn meets_policy(pw: &str) -> bool {
    (8..=16).contains(&pw.chars().count())
        && pw.chars().all(|c| c.is_ascii_graphic())
        && pw.chars().any(|c| c.is_ascii_uppercase())
        && pw.chars().any(|c| c.is_ascii_lowercase())
        && pw.chars().any(|c| c.is_ascii_digit())
        && pw.chars().any(|c| c.is_ascii_punctuation())
}

#[test]
fn a_new_resident_has_the_default_000000() {
    let env = residents(1);
    let id = nth_id(1);
    assert!(env.password_matches(&id, "000000"));
    assert!(!env.password_matches(&id, "000001"));
    assert!(!env.password_matches(&id, "111111"));
    assert!(!env.password_matches(&id, "0000000"));
    // Checking writes nothing.
    assert_eq!(env.change_sets(), 2);
    assert_eq!(env.account(&id).password_state, "initial");
}

#[test]
fn check_password_with_windows_line_end_and_typed_id() {
    let env = residents(1);
    let id = nth_id(1);
    let run = env
        .run_stdin(&["account", "check-password", &id], "000000\r\n")
        .expect(0);
    assert!(run.stderr.contains("matches"), "{}", run.stderr);
    // The ID as typed: full-width digits are the same login name.
    let wide: String = id
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
        .collect();
    env.run_stdin(&["account", "check-password", &wide], "000000\n")
        .expect(0);
}

#[test]
fn check_password_of_an_unknown_account_or_without_a_password() {
    let env = residents(1);
    let run = env
        .run_stdin(
            &["account", "check-password", "110101199003070011"],
            "000000\n",
        )
        .expect(2);
    assert!(run.stderr.contains("no account"), "{}", run.stderr);
    let run = env
        .run_stdin(&["account", "check-password", &nth_id(1)], "")
        .expect(2);
    assert!(
        run.stderr.contains("no password on stdin"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_new_member_has_the_default_111111() {
    let env = Env::new();
    env.run(&[
        "org",
        "add",
        "--code",
        "C1",
        "--name",
        "某医院",
        "--kind",
        "cme",
    ])
    .expect(0);
    let id = nth_id(1);
    let file = env.csv(
        "m.csv",
        &rows(&[
            &[
                "姓名",
                "证件类型",
                "证件号码",
                "手机号码",
                "科室",
                "技术职称",
                "电子邮箱",
                "参加继教",
                "学分达标遵照",
            ],
            &[
                "张医生",
                "居民身份证",
                &id,
                "13800000001",
                "心内科",
                "主治医师",
                "doctor@example.cn",
                "是",
                "县级",
            ],
        ]),
    );
    env.import(&file, "C1", &["--role", "member"], 0);
    assert!(env.password_matches(&id, "111111"));
    assert!(!env.password_matches(&id, "000000"));
}

#[test]
fn set_password_refuses_what_the_policy_refuses_and_changes_nothing() {
    let env = residents(1);
    let id = nth_id(1);
    let sets = env.change_sets();
    for bad in [
        "Abc1!",             // too short
        "Abcdefgh12345678!", // 17 characters
        "abcdef1!",          // no upper case
        "ABCDEF1!",          // no lower case
        "Abcdefg!",          // no digit
        "Abcdefg1",          // no special character
        "Abc def1!",         // a blank
        "Abc密码def1!",      // not ASCII
    ] {
        let run = set_password(&env, &id, bad).expect(2);
        assert!(run.stderr.contains("policy"), "{bad}: {}", run.stderr);
    }
    let acc = env.account(&id);
    assert_eq!(acc.password_state, "initial");
    assert_eq!(acc.password_hash, None);
    assert_eq!(env.change_sets(), sets);
    assert!(env.password_matches(&id, "000000"));
}

#[test]
fn set_password_stores_only_an_argon2id_hash() {
    let env = residents(1);
    let id = nth_id(1);
    set_password(&env, &id, GOOD).expect(0);
    assert!(env.password_matches(&id, GOOD));
    assert!(!env.password_matches(&id, "000000"));
    assert!(!env.password_matches(&id, "Abcdef1?"));
    let acc = env.account(&id);
    assert_eq!(acc.password_state, "set");
    let phc = acc.password_hash.unwrap();
    assert!(phc.starts_with(PHC_PREFIX), "{phc}");
    let texts = env.all_text();
    assert!(
        !texts.iter().any(|t| t.contains(GOOD)),
        "the clear password is in the database"
    );
    let items = env.items(&id);
    let last = items.last().unwrap();
    assert_eq!(
        (last.entity.as_str(), last.action.as_str()),
        ("password", "set")
    );
    assert_eq!(last.before.as_deref(), Some("initial"));
    assert_eq!(last.after.as_deref(), Some("set"));
}

#[test]
fn set_password_of_an_unknown_account() {
    let env = residents(1);
    let run = set_password(&env, "110101199003070011", GOOD).expect(2);
    assert!(run.stderr.contains("no account"), "{}", run.stderr);
    assert_eq!(env.change_sets(), 2);
}

#[test]
fn reset_to_the_default_by_id() {
    let env = residents(2);
    let (a, b) = (nth_id(1), nth_id(2));
    set_password(&env, &a, GOOD).expect(0);
    set_password(&env, &b, GOOD).expect(0);
    let out = env.json(&["reset-password", &a], 0);
    assert_eq!(out["reset"], 1);
    assert_eq!(out["state"], "initial");
    assert_eq!(out["id_numbers"], serde_json::json!([a]));
    assert_eq!(out["errors"], serde_json::json!([]));
    let acc = env.account(&a);
    assert_eq!(
        (acc.password_state.as_str(), acc.password_hash),
        ("initial", None)
    );
    assert!(env.password_matches(&a, "000000"));
    assert_eq!(env.account(&b).password_state, "set", "only the one named");
    let last = env.items(&a).pop().unwrap();
    assert_eq!(
        (last.entity.as_str(), last.action.as_str()),
        ("password", "reset")
    );
    assert_eq!(last.after.as_deref(), Some("initial"));
}

#[test]
fn reset_from_a_file_of_id_numbers() {
    let env = residents(3);
    let ids: Vec<String> = (1..=3).map(nth_id).collect();
    for id in &ids {
        env.db()
            .execute(
                "UPDATE account SET password_state = 'set', password_hash = '$argon2id$x' WHERE id_number = ?1",
                [id],
            )
            .unwrap();
    }
    // A spreadsheet with a 证件号码 column…
    let file = env.csv(
        "ids.csv",
        &rows(&[
            &["序号", "证件号码"],
            &["1", &ids[0]],
            &["2", &format!(" {} ", ids[2])],
        ]),
    );
    let out = env.json(&["reset-password", "--file", file.to_str().unwrap()], 0);
    assert_eq!(out["reset"], 2);
    assert_eq!(env.account(&ids[0]).password_state, "initial");
    assert_eq!(env.account(&ids[1]).password_state, "set");
    assert_eq!(env.account(&ids[2]).password_state, "initial");
    // …or plain text, one number a line.
    let file = env.write("ids.txt", format!("{}\n\n", ids[1]));
    let out = env.json(&["reset-password", "--file", file.to_str().unwrap()], 0);
    assert_eq!(out["reset"], 1);
    assert_eq!(env.account(&ids[1]).password_state, "initial");
}

#[test]
fn reset_a_whole_organisation() {
    let env = residents(2);
    env.add_org("H002", "成都市第三人民医院");
    let other = nth_id(9);
    let file = env.csv(
        "o.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident("2019", "别人", &other, "13800000009"),
        ],
    );
    env.import(&file, "H002", &[], 0);
    for id in [nth_id(1), nth_id(2), other.clone()] {
        env.db()
            .execute(
                "UPDATE account SET password_state = 'set', password_hash = '$argon2id$x' WHERE id_number = ?1",
                [&id],
            )
            .unwrap();
    }
    // The passwords the users chose are spared by a reset of the whole
    // base: nothing to reset, exit 1 saying so.
    let out = env.json(&["reset-password", "--org", "H001"], 1);
    assert_eq!(
        (out["reset"].as_u64(), out["spared"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(env.account(&nth_id(1)).password_state, "set");
    // --all resets them too; --dry-run first says so and changes nothing.
    let out = env.json(
        &["reset-password", "--org", "H001", "--all", "--dry-run"],
        0,
    );
    assert_eq!(
        (out["reset"].as_u64(), out["written"].as_bool()),
        (Some(2), Some(false))
    );
    assert_eq!(env.account(&nth_id(1)).password_state, "set");
    let out = env.json(&["reset-password", "--org", "H001", "--all"], 0);
    assert_eq!(out["reset"], 2);
    assert_eq!(env.account(&nth_id(1)).password_state, "initial");
    assert_eq!(env.account(&nth_id(2)).password_state, "initial");
    assert_eq!(env.account(&other).password_state, "set");
    // An ID outside the organisation named is refused.
    let out = env.json(&["reset-password", &other, "--org", "H001"], 1);
    assert_eq!(out["reset"], 0);
    assert_eq!(out["errors"][0]["id_number"], other.as_str());
    assert_eq!(env.account(&other).password_state, "set");
}

#[test]
fn random_reset_writes_private_credentials_that_work() {
    let env = residents(3);
    let creds = env.path("out.xlsx");
    let ids = [nth_id(1), nth_id(3)];
    let out = env.json(
        &[
            "reset-password",
            &ids[0],
            &ids[1],
            "--random",
            "--credentials",
            creds.to_str().unwrap(),
        ],
        0,
    );
    assert_eq!(out["reset"], 2);
    assert_eq!(out["state"], "temporary");
    #[cfg(unix)]
    assert_eq!(mode(&creds), 0o600);
    let back = read_xlsx(&creds);
    assert_eq!(back.len(), 3, "{back:?}");
    assert_eq!(back[0][..2], ["证件号码", "姓名"]);
    let mut seen = Vec::new();
    for r in &back[1..] {
        let (id, name, pw) = (&r[0], &r[1], &r[2]);
        assert!(meets_policy(pw), "{pw}");
        assert_eq!(&env.account(id).name, name);
        assert!(env.password_matches(id, pw), "{id} {pw}");
        let acc = env.account(id);
        assert_eq!(acc.password_state, "temporary");
        assert!(acc.password_hash.unwrap().starts_with(PHC_PREFIX));
        seen.push(id.clone());
        assert!(!env.all_text().iter().any(|t| t.contains(pw.as_str())));
    }
    seen.sort();
    assert_eq!(seen, ids);
    assert_ne!(back[1][2], back[2][2]);
    assert_eq!(env.account(&nth_id(2)).password_state, "initial");
    assert!(!env.password_matches(&ids[0], "000000"));
}

#[test]
fn unknown_ids_are_listed_and_the_others_still_reset() {
    let env = residents(2);
    set_password(&env, &nth_id(1), GOOD).expect(0);
    let out = env.json(&["reset-password", "110101199003070011", &nth_id(1)], 1);
    assert_eq!(out["reset"], 1);
    let errs = out["errors"].as_array().unwrap();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0]["id_number"], "110101199003070011");
    assert!(
        errs[0]["message"]
            .as_str()
            .unwrap()
            .contains("no such account")
    );
    assert_eq!(env.account(&nth_id(1)).password_state, "initial");
    // As a table, the error is listed too.
    let run = env.run(&["reset-password", "110101199003070011"]).expect(1);
    assert!(run.stdout.contains("110101199003070011"), "{}", run.stdout);
}

#[test]
fn random_without_credentials_is_a_usage_error() {
    let env = residents(1);
    set_password(&env, &nth_id(1), GOOD).expect(0);
    let sets = env.change_sets();
    env.run(&["reset-password", &nth_id(1), "--random"])
        .expect(2);
    env.run(&["reset-password"]).expect(2);
    env.run(&[
        "reset-password",
        &nth_id(1),
        "--random",
        "--credentials",
        "pw.pdf",
    ])
    .expect(2);
    assert_eq!(env.account(&nth_id(1)).password_state, "set");
    assert_eq!(env.change_sets(), sets);
    assert!(!env.path("pw.pdf").exists());
}

#[test]
fn set_default_password_for_members() {
    let env = Env::new();
    env.run(&[
        "org",
        "add",
        "--code",
        "C1",
        "--name",
        "某医院",
        "--kind",
        "cme",
    ])
    .expect(0);
    env.add_org("H001", "华西医院");
    let m = nth_id(1);
    let file = env.csv(
        "m.csv",
        &rows(&[
            &[
                "姓名",
                "证件类型",
                "证件号码",
                "手机号码",
                "科室",
                "技术职称",
                "电子邮箱",
                "参加继教",
                "学分达标遵照",
            ],
            &[
                "张医生",
                "居民身份证",
                &m,
                "13800000001",
                "心内科",
                "主治医师",
                "doctor@example.cn",
                "是",
                "县级",
            ],
        ]),
    );
    env.import(&file, "C1", &["--role", "member"], 0);
    let r = nth_id(2);
    env.import(
        &env.csv(
            "r.csv",
            &[
                HEADER.iter().map(|s| s.to_string()).collect(),
                resident("2019", "学员", &r, "13800000002"),
            ],
        ),
        "H001",
        &[],
        0,
    );
    env.run_stdin(
        &["account", "set-default-password", "--role", "member"],
        "Welcome2cme\n",
    )
    .expect(0);
    assert!(env.password_matches(&m, "Welcome2cme"));
    assert!(!env.password_matches(&m, "111111"));
    // Residents keep theirs.
    assert!(env.password_matches(&r, "000000"));
    // Stored as a hash only.
    let value: String = env
        .db()
        .query_row(
            "SELECT value FROM setting WHERE key = 'default_password.member'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(value.starts_with(PHC_PREFIX), "{value}");
    assert!(!env.all_text().iter().any(|t| t.contains("Welcome2cme")));
    let (actor, command): (String, String) = env
        .db()
        .query_row(
            "SELECT coalesce(note, actor), command FROM change_set ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(actor, "tester");
    assert!(
        command.ends_with("account set-default-password --role member"),
        "{command}"
    );
    // A reset puts the member back on the new default.
    set_password(&env, &m, GOOD).expect(0);
    env.run(&["reset-password", &m]).expect(0);
    assert!(env.password_matches(&m, "Welcome2cme"));
    // Too short a default is refused.
    env.run_stdin(
        &["account", "set-default-password", "--role", "member"],
        "12345\n",
    )
    .expect(2);
    assert!(env.password_matches(&m, "Welcome2cme"));
}

/// The user's own change (修改密码): the old password first, checked,
/// then the new one twice. A wrong old password, two new entries that
/// differ, or a member the unit has not approved change nothing.
#[test]
fn set_password_old_checks_the_old_password_first() {
    let env = residents(1);
    let id = nth_id(1);
    let change = |old: &str, new: &str, again: &str| {
        env.run_stdin(
            &["account", "set-password", &id, "--old"],
            &format!("{old}\n{new}\n{again}\n"),
        )
    };
    let run = change("000001", GOOD, GOOD).expect(1);
    assert!(
        run.stderr.contains("old password does not match"),
        "{}",
        run.stderr
    );
    assert!(env.password_matches(&id, "000000"));
    assert_eq!(env.account(&id).password_state, "initial");
    let run = change("000000", GOOD, "Abcdef1?").expect(2);
    assert!(run.stderr.contains("differ"), "{}", run.stderr);
    assert!(env.password_matches(&id, "000000"));
    // Only the old password on stdin: the new one is missing.
    let run = env
        .run_stdin(&["account", "set-password", &id, "--old"], "000000\n")
        .expect(2);
    assert!(run.stderr.contains("new password"), "{}", run.stderr);
    change("000000", GOOD, GOOD).expect(0);
    assert!(env.password_matches(&id, GOOD));
    assert_eq!(env.account(&id).password_state, "set");
    // Now the old one is the one just set.
    change("000000", "Bcdefg2@", "Bcdefg2@").expect(1);
    let run = change(GOOD, GOOD, GOOD).expect(2);
    assert!(run.stderr.contains("same as the old"), "{}", run.stderr);
    change(GOOD, "Bcdefg2@", "Bcdefg2@").expect(0);
    assert!(env.password_matches(&id, "Bcdefg2@"));
    let zh = env
        .run_stdin(
            &["--lang", "zh", "account", "set-password", &id, "--old"],
            "Abcdef1!\nCdefgh3#\nCdefgh3#\n",
        )
        .expect(1);
    assert!(zh.stderr.contains("原密码不正确"), "{}", zh.stderr);
}

/// A member whose registration the unit has not approved cannot log in,
/// so cannot change their password either.
#[test]
fn set_password_old_of_a_member_not_yet_approved() {
    let env = Env::new();
    env.add_cme_org("C001", "成都市第三人民医院", "市州级");
    let mut rows = vec![MEMBER_HEADER.iter().map(|s| s.to_string()).collect()];
    rows.push(member("张三", &nth_id(1), "主治医师"));
    let file = env.csv("m.csv", &rows);
    env.import(&file, "C001", &["--role", "member"], 0);
    let run = env
        .run_stdin(
            &["account", "set-password", &nth_id(1), "--old"],
            &format!("111111\n{GOOD}\n{GOOD}\n"),
        )
        .expect(1);
    assert!(run.stderr.contains("approved"), "{}", run.stderr);
    assert!(env.password_matches(&nth_id(1), "111111"));
}
