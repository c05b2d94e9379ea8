//! Hostile notes: each test puts one kind of bad file beside the fixture
//! notes and checks that `kn ingest` survives it (exit 0, no panic), names the
//! file in a warning or indexes it, and still indexes the rest of the corpus.

mod testenv;

use std::fs;

use testenv::{TestEnv, json, json_strings, run};

/// Ingests and checks the good notes are all there; returns stderr.
fn ingest_ok(env: &TestEnv) -> String {
    let (code, out, err) = run(env.kn().arg("ingest"));
    assert_eq!(code, 0, "ingest failed:\n{out}\n{err}");
    // The fixture corpus keeps answering.
    let (code, out, err) = run(env.kn().args(["search", "ebpf", "--json"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"episode\""), "{out}");
    err
}

fn stderr_of_ingest(env: &TestEnv) -> String {
    let (code, out, err) = run(env.kn().args(["ingest", "--all-warnings"]));
    assert_eq!(code, 0, "ingest failed:\n{out}\n{err}");
    err
}

/// The lines of `err` that name `path` (the fixture notes have warnings of
/// their own), for exact comparison.
fn lines_naming<'a>(err: &'a str, path: &str) -> Vec<&'a str> {
    err.lines()
        .filter(|l| l.contains(&format!(" {path}:")))
        .collect()
}

#[test]
fn binary_file_named_md_is_skipped_with_a_warning() {
    let env = TestEnv::new();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(64 * 1024).collect();
    fs::create_dir_all(env.notes().join("episodes/090")).unwrap();
    fs::write(env.notes().join("episodes/090/README.md"), bytes).unwrap();
    let err = stderr_of_ingest(&env);
    assert_eq!(
        lines_naming(&err, "episodes/090/README.md"),
        ["warning: episodes/090/README.md: binary file (NUL bytes), skipped"],
        "{err}"
    );
    ingest_ok(&env);
}

#[test]
fn invalid_utf8_is_ingested_with_replacement_characters_and_a_warning() {
    let env = TestEnv::new();
    let mut text =
        b"# kubenews #091\n\n### @alice\n#### [Caf\xe9 operator](https://example.com/cafe)\n"
            .to_vec();
    text.extend_from_slice(b"notes about \xff\xfe zebraoperator\n");
    fs::create_dir_all(env.notes().join("episodes/091")).unwrap();
    fs::write(env.notes().join("episodes/091/README.md"), text).unwrap();
    let err = stderr_of_ingest(&env);
    assert_eq!(
        lines_naming(&err, "episodes/091/README.md"),
        ["warning: episodes/091/README.md: not valid UTF-8: bad bytes replaced by U+FFFD"],
        "{err}"
    );
    let (code, out, _) = run(env.kn().args(["search", "zebraoperator", "--json"]));
    assert_eq!(code, 0);
    assert!(out.contains("example.com/cafe"), "{out}");
}

#[test]
fn utf16_with_bom_is_decoded() {
    let env = TestEnv::new();
    let text = "# kubenews #092\n\n### @bob\n#### [ユーティーエフ十六の記事](https://example.com/utf16)\nquokkamesh の話\n";
    for (dir, le) in [("092", true), ("093", false)] {
        let mut bytes: Vec<u8> = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.replace("092", dir).encode_utf16() {
            let b = if le {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend_from_slice(&b);
        }
        fs::create_dir_all(env.notes().join(format!("episodes/{dir}"))).unwrap();
        fs::write(env.notes().join(format!("episodes/{dir}/README.md")), bytes).unwrap();
    }
    ingest_ok(&env);
    let (code, out, _) = run(env
        .kn()
        .args(["search", "quokkamesh", "--json", "--no-group"]));
    assert_eq!(code, 0);
    assert!(out.contains("\"092\"") && out.contains("\"093\""), "{out}");
}

#[test]
fn crlf_line_endings_parse_like_lf() {
    let env = TestEnv::new();
    let text = "# kubenews #094\r\n\r\n### @carol\r\n#### [CRLF topic](https://example.com/crlf)\r\nwombatctl rocks\r\n- [second link](https://example.com/crlf2)\r\n";
    env.write("episodes/094/README.md", text);
    ingest_ok(&env);
    let (code, out, _) = run(env.kn().args(["show", "094", "--json"]));
    assert_eq!(code, 0);
    assert!(out.contains("https://example.com/crlf\""), "{out}");
    assert!(out.contains("\"carol\""), "{out}");
    // JSON escapes a CR as `\r`, so look at the values themselves.
    let values = json_strings(&json(&out));
    assert!(values.iter().any(|v| v.contains("wombatctl")), "{out}");
    let with_cr: Vec<&String> = values.iter().filter(|v| v.contains('\r')).collect();
    assert!(with_cr.is_empty(), "{with_cr:?}");
    let (_, table, _) = run(env.kn().args(["show", "094"]));
    assert!(
        table.contains("CRLF topic") && !table.contains('\r'),
        "{table}"
    );
}

#[test]
fn ten_megabyte_single_line_is_indexed_within_bounds() {
    let env = TestEnv::new();
    let mut line =
        String::from("# kubenews #095\n\n### @dave\n#### [huge](https://example.com/huge)\n");
    let chunk = "コンテナの監視とnumbatlog観測性";
    while line.len() < 10 * 1024 * 1024 {
        line.push_str(chunk);
    }
    line.push('\n');
    env.write("episodes/095/README.md", &line);
    let err = stderr_of_ingest(&env);
    assert_eq!(
        lines_naming(&err, "episodes/095/README.md:4"),
        [
            "warning: episodes/095/README.md:4: topic body is 10.0 MiB; only its first 1 MiB is searchable"
        ],
        "{err}"
    );
    let (code, out, _) = run(env.kn().args(["search", "numbatlog", "--json"]));
    assert_eq!(code, 0);
    assert!(out.contains("example.com/huge"), "{out}");
}

#[test]
fn deeply_nested_lists_and_blockquotes_do_not_overflow() {
    let env = TestEnv::new();
    let mut text =
        String::from("# kubenews #096\n\n### @erin\n#### [deep](https://example.com/deep)\n");
    for i in 0..10_000 {
        text.push_str(&" ".repeat(2 * (i % 400)));
        text.push_str("- level\n");
    }
    text.push_str(&">".repeat(10_000));
    text.push_str(" bottom of the quote dugongdepth\n");
    env.write("episodes/096/README.md", &text);
    ingest_ok(&env);
    let (code, out, _) = run(env.kn().args(["search", "dugongdepth", "--json"]));
    assert_eq!(code, 0);
    assert!(out.contains("example.com/deep"), "{out}");
}

#[test]
fn a_megabyte_of_links_is_indexed() {
    let env = TestEnv::new();
    let mut text = String::from("# kubenews #097\n\n### @frank\n");
    let mut n = 0;
    while text.len() < 1024 * 1024 {
        text.push_str(&format!("- [link {n}](https://example.com/many/{n})\n"));
        n += 1;
    }
    env.write("episodes/097/README.md", &text);
    ingest_ok(&env);
    let (code, out, _) = run(env.kn().args(["show", "097", "--json"]));
    assert_eq!(code, 0);
    let last = format!("https://example.com/many/{}\"", n - 1);
    assert!(out.contains(&last), "last of {n} links missing");
}

#[test]
fn empty_files_are_fine() {
    let env = TestEnv::new();
    env.write("episodes/098/README.md", "");
    env.write("misc/empty.md", "");
    ingest_ok(&env);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_links_out_of_the_notes_are_not_followed() {
    use std::os::unix::fs::symlink;
    let env = TestEnv::new();
    let outside = env.dir.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(
        outside.join("secret.md"),
        "# kubenews #099\n### @mallory\n- [secret](https://example.com/secret)\n",
    )
    .unwrap();
    symlink(&outside, env.notes().join("episodes/099")).unwrap();
    symlink(
        env.notes().join("episodes"),
        env.notes().join("episodes/loop"),
    )
    .unwrap();
    symlink(
        outside.join("secret.md"),
        env.notes().join("misc/secret.md"),
    )
    .unwrap();
    let err = stderr_of_ingest(&env);
    for name in ["episodes/099", "episodes/loop", "misc/secret.md"] {
        assert_eq!(
            lines_naming(&err, name),
            [format!(
                "warning: {name}: symbolic link not followed, skipped"
            )],
            "{err}"
        );
    }
    let (code, _, _) = run(env.kn().args(["search", "secret", "--json"]));
    assert_eq!(code, 1, "nothing from outside the notes directory");
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_special_files_are_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    env.write(
        "episodes/100/README.md",
        "# kubenews #100\n### @gina\n- [hidden](https://example.com/hidden)\n",
    );
    let path = env.notes().join("episodes/100/README.md");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    // A named pipe called .md would block a naive reader forever.
    let fifo = env.notes().join("misc/pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.as_ref().is_ok_and(|s| s.success()), "mkfifo: {made:?}");
    let err = stderr_of_ingest(&env);
    if let Err(e) = fs::read(&path) {
        assert_eq!(
            lines_naming(&err, "episodes/100/README.md"),
            [format!(
                "warning: episodes/100/README.md: unreadable, skipped: {e}"
            )],
            "{err}"
        );
    } else {
        eprintln!("running as root: permission bits do not stop reads, skipping that part");
    }
    assert_eq!(
        lines_naming(&err, "misc/pipe.md"),
        ["warning: misc/pipe.md: not a regular file, skipped"],
        "{err}"
    );
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    ingest_ok(&env);
}

#[test]
fn files_changing_during_ingest_converge_on_the_next_ingest() {
    let env = TestEnv::new();
    env.write(
        "episodes/101/README.md",
        "# kubenews #101\n### @hank\n- [v0](https://example.com/v0)\n",
    );
    let path = env.notes().join("episodes/101/README.md");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let path = path.clone();
        std::thread::spawn(move || {
            let mut i = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                i += 1;
                let _ = fs::write(
                    &path,
                    format!("# kubenews #101\n### @hank\n- [v{i}](https://example.com/v{i})\n"),
                );
            }
            i
        })
    };
    for _ in 0..5 {
        let (code, _, err) = run(env.kn().arg("ingest"));
        assert_eq!(code, 0, "{err}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let last = writer.join().unwrap();
    // Make the final write distinguishable from any racy one.
    fs::write(
        &path,
        "# kubenews #101\n### @hank\n- [final](https://example.com/final)\n",
    )
    .unwrap();
    let (code, out, _) = run(env.kn().args(["show", "101", "--json"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("https://example.com/final"),
        "after {last} rewrites: {out}"
    );
}

#[test]
fn terminal_escapes_and_bidi_controls_never_reach_the_output() {
    let env = TestEnv::new();
    let evil = "\x1b[2J\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07 \x1b]52;c;cHduZWQ=\x07\u{9b}31m \u{202E}gnp.exe\x07";
    env.write(
        "episodes/102/README.md",
        &format!("# kubenews #102\n\n### @{evil}ivan\n#### [okapictl {evil}](https://example.com/okapi)\nokapictl body {evil}\n"),
    );
    ingest_ok(&env);
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    for (args, expect) in [
        (vec!["search", "okapictl"], "okapictl"),
        (vec!["show", "102"], "Episode 102"),
        (vec!["episodes"], "102"),
        (vec!["search", "okapictl", "--json"], "example.com/okapi"),
        (vec!["show", "102", "--json"], "example.com/okapi"),
        (vec!["export"], "example.com/okapi"),
    ] {
        let (code, out, err) = run(env.kn().args(&args));
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains(expect), "{args:?}: {out}");
        let bad: Vec<char> = out.chars().filter(|&c| unsafe_char(c)).collect();
        assert!(bad.is_empty(), "{args:?} printed {bad:?}");
    }
    // JSON keeps the text exactly, escaped.
    let (_, out, _) = run(env.kn().args(["show", "102", "--json"]));
    let v = json(&out);
    let title = v["topics"][0]["title"].as_str().unwrap().to_string();
    assert!(
        title.contains('\x1b') && title.contains('\u{202E}'),
        "{title:?}"
    );
}
