//! The change log (who, when, what: docs/history.md) and `account show`.

use crate::common::*;

/// The change sets: (actor, command, at), oldest first.
fn change_sets(env: &Env) -> Vec<(String, String, String)> {
    env.db()
        // The operator as the command named them: on a server, the note
        // beside the connected user.
        .prepare("SELECT coalesce(note, actor), command, at FROM change_set ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// An RFC 3339 time with an offset, to the second: 2026-11-23T01:56:45+08:00.
fn is_rfc3339(at: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(at).is_ok()
}

#[test]
fn every_changing_command_logs_actor_command_and_time() {
    let env = Env::new();
    env.add_org("H001", "华西医院"); // actor from MEDED_ACTOR
    let file = env.csv("r.csv", &roster(1));
    env.run(&[
        "--actor",
        "alice",
        "account",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
    ])
    .expect(0);
    let id = nth_id(1);
    env.run_stdin(
        &["account", "set-password", &id, "--actor", "bob"],
        "Abcdef1!\n",
    )
    .expect(0);
    env.run(&["reset-password", &id]).expect(0);
    let sets = change_sets(&env);
    assert_eq!(sets.len(), 4, "{sets:?}");
    let actors: Vec<&str> = sets.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(actors, ["tester", "alice", "bob", "tester"]);
    assert!(sets[0].1.starts_with("meded "), "{}", sets[0].1);
    assert!(sets[0].1.contains("org add --code H001"), "{}", sets[0].1);
    assert!(sets[1].1.contains("account import"), "{}", sets[1].1);
    assert!(sets[1].1.contains("--org H001"), "{}", sets[1].1);
    assert!(sets[2].1.contains("account set-password"), "{}", sets[2].1);
    assert!(
        !sets[2].1.contains("Abcdef1!"),
        "no password on the command line"
    );
    assert!(
        sets[3].1.contains(&format!("reset-password {id}")),
        "{}",
        sets[3].1
    );
    for (_, _, at) in &sets {
        assert!(is_rfc3339(at), "{at}");
    }
    let times: Vec<&str> = sets.iter().map(|s| s.2.as_str()).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted);
}

#[test]
fn the_command_line_is_recorded_quoted() {
    let env = Env::with_base();
    let file = env.csv("my roster's.csv", &roster(1));
    env.run(&["account", "import", file.to_str().unwrap(), "--org", "H001"])
        .expect(0);
    let command: String = env
        .db()
        .query_row(
            "SELECT command FROM change_set ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let quoted = format!("'{}'", file.to_str().unwrap().replace('\'', r"'\''"));
    assert!(command.contains(&quoted), "{command}");
    assert!(command.ends_with("--org H001"), "{command}");
}

#[test]
fn commands_that_change_nothing_log_nothing() {
    let env = Env::with_base();
    let file = env.csv("r.csv", &roster(1));
    env.import(&file, "H001", &[], 0);
    let before = env.change_sets();
    let id = nth_id(1);
    env.run(&["org", "list"]).expect(0);
    env.run(&["account", "list"]).expect(0);
    env.run(&["account", "show", &id]).expect(0);
    env.run_stdin(&["account", "check-password", &id], "000000\n")
        .expect(0);
    env.import(&file, "H001", &[], 0); // skipped
    env.import(&env.csv("n.csv", &roster(2)), "H001", &["--dry-run"], 0);
    env.add_org("H001", "四川大学华西医院"); // unchanged
    env.run(&["reset-password", "110101199003070011"]).expect(1);
    assert_eq!(env.change_sets(), before);
}

#[test]
fn actor_falls_back_to_the_operating_system_user() {
    let env = Env::new();
    let mut cmd = env.bare_cmd();
    cmd.env("USER", "carol").args([
        "--db",
        env.db_path().to_str().unwrap(),
        "org",
        "add",
        "--code",
        "H1",
        "--name",
        "某医院",
    ]);
    Env::exec(cmd).expect(0);
    // --actor wins over MEDED_ACTOR.
    let mut cmd = env.cmd();
    cmd.args([
        "--actor",
        "dave",
        "org",
        "add",
        "--code",
        "H2",
        "--name",
        "某医院",
    ]);
    Env::exec(cmd).expect(0);
    // A blank actor is no actor.
    let mut cmd = env.bare_cmd();
    cmd.env("USER", "erin").env("MEDED_ACTOR", " ").args([
        "--db",
        env.db_path().to_str().unwrap(),
        "org",
        "add",
        "--code",
        "H3",
        "--name",
        "某医院",
    ]);
    Env::exec(cmd).expect(0);
    let actors: Vec<String> = change_sets(&env).into_iter().map(|s| s.0).collect();
    assert_eq!(actors, ["carol", "dave", "erin"]);
}

/// Under cron $USER is unset: the actor is the user the system knows, not
/// "unknown".
#[test]
fn actor_without_user_in_the_environment_is_the_system_user() {
    let env = Env::new();
    let mut cmd = env.bare_cmd();
    cmd.args([
        "--db",
        env.db_path().to_str().unwrap(),
        "org",
        "add",
        "--code",
        "H1",
        "--name",
        "某医院",
    ]);
    Env::exec(cmd).expect(0);
    let actor = change_sets(&env).remove(0).0;
    let uid = Env::exec({
        let mut c = assert_cmd::Command::new("id");
        c.arg("-un");
        c
    })
    .stdout
    .trim()
    .to_owned();
    assert_eq!(actor, uid);
    assert_ne!(actor, "unknown");
}

#[test]
fn a_rolled_back_import_leaves_no_change_set() {
    let env = Env::with_base();
    let file = env.csv(
        "r.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident("2019", "张三", &nth_id(1), "13800000001"),
            resident("2019", "李四", "110101199003070010", "13800000002"),
        ],
    );
    env.import(&file, "H001", &["--strict"], 1);
    assert_eq!(env.change_sets(), 1);
    assert_eq!(env.count("SELECT count(*) FROM change_item"), 1);
}

#[test]
fn account_show_json_has_the_fields_and_the_history_in_order() {
    let env = Env::with_base();
    let id = nth_id(1);
    env.import(&env.csv("a.csv", &roster(1)), "H001", &[], 0);
    let file = env.csv(
        "b.csv",
        &[
            HEADER.iter().map(|s| s.to_string()).collect(),
            resident("2019", "张三丰", &id, "13900000000"),
        ],
    );
    env.run(&[
        "--actor",
        "alice",
        "account",
        "import",
        file.to_str().unwrap(),
        "--org",
        "H001",
        "--update",
    ])
    .expect(0);
    env.run_stdin(&["account", "set-password", &id], "Abcdef1!\n")
        .expect(0);
    env.run(&["reset-password", &id, "--actor", "bob"])
        .expect(0);

    let show = env.json(&["account", "show", &id], 0);
    assert_eq!(show["id_number"], id.as_str());
    assert_eq!(show["id_type"], "居民身份证");
    assert_eq!(show["name"], "张三丰");
    assert_eq!(show["phone"], "13900000000");
    assert_eq!(show["org"], "H001");
    assert_eq!(show["role"], "resident");
    assert_eq!(show["password_state"], "initial");
    assert_eq!(show["training"][0]["recruit_year"], 2019);
    assert_eq!(show["training"][0]["status"], "在培");

    let history = show["history"].as_array().unwrap();
    let what: Vec<(String, String, Option<String>)> = history
        .iter()
        .map(|e| {
            (
                e["entity"].as_str().unwrap().to_owned(),
                e["action"].as_str().unwrap().to_owned(),
                e["field"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let want = [
        ("account", "create", None),
        ("training", "create", None),
        ("account", "update", Some("姓名")),
        ("account", "update", Some("手机号码")),
        ("password", "set", None),
        ("password", "reset", None),
    ];
    assert_eq!(
        what,
        want.map(|(e, a, f)| (e.to_owned(), a.to_owned(), f.map(str::to_owned)))
    );
    assert_eq!(history[2]["before"], "学员一");
    assert_eq!(history[2]["after"], "张三丰");
    assert_eq!(history[3]["before"], nth_phone(1).as_str());
    assert_eq!(history[3]["after"], "13900000000");
    assert_eq!(history[5]["after"], "initial");
    let actors: Vec<&str> = history
        .iter()
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    assert_eq!(
        actors,
        ["tester", "tester", "alice", "alice", "tester", "bob"].map(shown_actor)
    );
    for e in history {
        assert!(is_rfc3339(e["at"].as_str().unwrap()), "{e}");
        assert!(e["command"].as_str().unwrap().starts_with("meded "), "{e}");
    }
    let times: Vec<&str> = history.iter().map(|e| e["at"].as_str().unwrap()).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "in time order");
    let changes: Vec<i64> = history
        .iter()
        .map(|e| e["change"].as_i64().unwrap())
        .collect();
    let mut sorted = changes.clone();
    sorted.sort();
    assert_eq!(changes, sorted);
}

#[test]
fn account_show_of_a_transfer() {
    let env = Env::with_base();
    env.add_org("H002", "成都市第三人民医院");
    let id = nth_id(1);
    env.import(&env.csv("a.csv", &roster(1)), "H001", &[], 0);
    env.set_status(&id, "退培");
    let mut rows = roster(1);
    rows[1][0] = "2021".into();
    env.import(&env.csv("b.csv", &rows), "H002", &[], 0);
    let show = env.json(&["account", "show", &id], 0);
    assert_eq!(show["org"], "H002");
    let training = show["training"].as_array().unwrap();
    assert_eq!(training.len(), 2);
    assert_eq!(training[0]["org"], "H001");
    assert_eq!(training[0]["status"], "退培");
    assert_eq!(training[1]["org"], "H002");
    assert_eq!(training[1]["recruit_year"], 2021);
    let fields: Vec<&str> = show["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["机构"]);
}

#[test]
fn account_show_as_table_and_of_unknown_people() {
    let env = Env::with_base();
    let id = nth_id(1);
    env.import(&env.csv("a.csv", &roster(1)), "H001", &[], 0);
    let run = env.run(&["account", "show", &id]).expect(0);
    assert!(run.stdout.contains(&id), "{}", run.stdout);
    assert!(run.stdout.contains("学员一"), "{}", run.stdout);
    assert!(run.stdout.contains("History"), "{}", run.stdout);
    let run = env
        .run(&["account", "show", "110101199003070011"])
        .expect(2);
    assert!(run.stderr.contains("110101199003070011"), "{}", run.stderr);
}

#[test]
fn account_list_as_json() {
    let env = Env::with_base();
    env.add_org("H002", "成都市第三人民医院");
    env.import(&env.csv("a.csv", &roster(2)), "H001", &[], 0);
    let list = env.json(&["account", "list"], 0);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["id_number"], nth_id(1).as_str());
    assert_eq!(list[0]["org"], "H001");
    assert_eq!(list[0]["password_state"], "initial");
    assert_eq!(
        env.json(&["account", "list", "--org", "H002"], 0),
        serde_json::json!([])
    );
    env.run(&["account", "list", "--org", "NOPE"]).expect(2);
}

#[test]

fn creation_event_keeps_the_organisation_it_was_created_at() {
    let env = Env::with_base();
    env.add_org("H002", "成都市第三人民医院");
    let id = nth_id(1);
    env.import(&env.csv("a.csv", &roster(1)), "H001", &[], 0);
    let before = env.json(&["account", "show", &id], 0)["history"][0].clone();
    assert_eq!(before["action"], "create");
    assert_eq!(before["after"], "H001");
    env.set_status(&id, "退培");
    env.import(&env.csv("b.csv", &roster(1)), "H002", &[], 0);
    let after = env.json(&["account", "show", &id], 0)["history"][0].clone();
    assert_eq!(after, before, "a past event must not change");
}
