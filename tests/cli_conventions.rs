//! The command-line conventions a new user expects (issue #17, items 4 and 5): one error style,
//! short flags, "did you mean" for values, `check` saying what it let through, a single
//! article as the corpus, the project settings file, `init`, completions and the man page, and
//! the small fixes found on a first run.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("list folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A scratch folder with a copy of the bundled corpus and claims.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("corpus"), &dir.path().join("corpus"));
    copy_dir(&root().join("claims"), &dir.path().join("claims"));
    dir
}

/// What a run printed and its exit status.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `crosscheck ARGS` in `dir`: no colour, 80 columns, standard input empty.
fn run(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("crosscheck runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

// ---------------------------------------------------------------------------------------------
// errors, flags, values

#[test]
fn every_error_starts_with_error_and_says_what_to_do() {
    let dir = project();
    let missing = run(dir.path(), &["check", "--corpus", "no-such-folder"]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "error: corpus folder `no-such-folder` does not exist; run crosscheck where that folder \
         is, or pass the folder of articles with `--corpus DIR`\n"
    );
    // `--output` into a folder that does not exist names the user's path, before the scan.
    let output = run(dir.path(), &["report", "--output", "nodir/x.json"]);
    assert_eq!(output.code, 2);
    assert_eq!(
        output.stderr,
        "error: cannot write `nodir/x.json`: the folder `nodir` does not exist; create it \
         first, or write elsewhere\n"
    );
    assert!(!output.stderr.contains(".tmp"));
}

#[test]
fn short_flags_for_the_common_options() {
    let dir = project();
    let short = run(
        dir.path(),
        &["report", "-f", "json", "-o", "report.json", "-j", "1", "-q"],
    );
    assert_eq!(short.code, 0, "{}", short.stderr);
    let long = run(
        dir.path(),
        &[
            "report",
            "--format",
            "json",
            "--output",
            "long.json",
            "--jobs",
            "1",
            "--quiet",
        ],
    );
    assert_eq!(long.code, 0, "{}", long.stderr);
    let read = |name: &str| {
        let json: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.path().join(name)).expect("report written"))
                .expect("JSON");
        json["summary"].clone()
    };
    assert_eq!(read("report.json"), read("long.json"));
}

#[test]
fn a_mistyped_value_gets_a_did_you_mean() {
    let dir = project();
    let format = run(dir.path(), &["report", "-f", "jsn"]);
    assert_eq!(format.code, 2);
    assert!(
        format
            .stderr
            .starts_with("error: invalid value 'jsn' for '--format <FORMAT>'"),
        "{}",
        format.stderr
    );
    assert!(
        format
            .stderr
            .contains("tip: a similar value exists: 'json'"),
        "{}",
        format.stderr
    );
    // The values crosscheck checks itself say the same.
    let fail_on = run(dir.path(), &["check", "--fail-on", "conflicts"]);
    assert_eq!(fail_on.code, 2);
    assert!(
        fail_on.stderr.starts_with(
            "error: invalid value 'conflicts' for '--fail-on <VERDICTS>': `conflicts` is not a \
             verdict; did you mean `conflict`? use conflict, single, unstated or missing\n"
        ),
        "{}",
        fail_on.stderr
    );
    let status = run(dir.path(), &["claim", "list", "--status", "reveiw"]);
    assert_eq!(status.code, 2);
    assert!(
        status.stderr.contains(
            "`reveiw` is not a status; did you mean `review`? use active, review or retired"
        ),
        "{}",
        status.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// check says what it let through

#[test]
fn check_says_which_verdicts_it_let_through_and_why() {
    let dir = project();
    let only_missing = run(dir.path(), &["check", "--fail-on", "missing"]);
    assert_eq!(only_missing.code, 0, "{}", only_missing.stderr);
    assert!(
        only_missing
            .stdout
            .ends_with("2 conflict, 3 single, 1 unstated not failing: --fail-on missing\n"),
        "{}",
        only_missing.stdout
    );

    // A claim in review is named, so it can be promoted.
    let file = dir.path().join("claims/easley-university.yaml");
    let text = fs::read_to_string(&file).expect("read");
    fs::write(&file, text.replace("status: active", "status: review")).expect("write");
    let review = run(dir.path(), &["check", "--fail-on", "conflict,single"]);
    assert_eq!(review.code, 1);
    assert!(
        review.stdout.ends_with(
            "1 unstated not failing: --fail-on conflict,single\n1 conflict not failing: in \
             review (easley-university)\n"
        ),
        "{}",
        review.stdout
    );

    // With a machine format on standard output, the lines go to stderr.
    let json = run(dir.path(), &["check", "-f", "json", "--fail-on", "missing"]);
    assert_eq!(json.code, 0);
    serde_json::from_str::<serde_json::Value>(&json.stdout).expect("stdout is JSON only");
    assert_eq!(
        json.stderr,
        "2 conflict, 3 single, 1 unstated not failing: --fail-on missing\n"
    );
}

// ---------------------------------------------------------------------------------------------
// the small fixes of a first run (issue #17, item 5)

#[test]
fn report_of_a_retired_claim_says_why_it_is_left_out() {
    let dir = project();
    let retire = run(dir.path(), &["claim", "retire", "artillery-shells"]);
    assert_eq!(retire.code, 0, "{}", retire.stderr);
    let report = run(dir.path(), &["report", "--claim", "artillery-shells"]);
    assert_eq!(report.code, 0);
    assert_eq!(
        report.stderr,
        "warning: claim `artillery-shells` is retired (claims/artillery-shells.yaml:2), so it \
         is not scanned or reported\n  = help: `crosscheck claim promote artillery-shells` \
         checks it again\n"
    );
}

#[test]
fn a_claim_in_review_is_marked_in_the_table() {
    let dir = project();
    let file = dir.path().join("claims/easley-university.yaml");
    let text = fs::read_to_string(&file).expect("read");
    fs::write(&file, text.replace("status: active", "status: review")).expect("write");
    // At 80 columns the claims are a list: the mark beside the id.
    let report = run(dir.path(), &["report", "--claim", "easley-university"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert!(
        report
            .stdout
            .starts_with("easley-university (in review): conflict\n"),
        "{}",
        report.stdout
    );
    // In a table, under the id.
    let output = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "160")
        .args(["report", "--claim", "easley-university"])
        .output()
        .expect("runs");
    let table = String::from_utf8(output.stdout).expect("UTF-8");
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[3].starts_with("│ easley-university ┆ conflict ┆"),
        "{table}"
    );
    assert!(
        lines[4].starts_with("│ (in review)       ┆          ┆"),
        "{table}"
    );
    // An active claim is not marked.
    let active = run(dir.path(), &["report", "--claim", "artillery-shells"]);
    assert!(!active.stdout.contains("in review"), "{}", active.stdout);
}

#[test]
fn the_hint_of_an_empty_claims_folder_is_a_command_that_works() {
    let dir = project();
    fs::remove_dir_all(dir.path().join("claims")).expect("remove claims");
    fs::create_dir(dir.path().join("claims")).expect("empty claims");
    let empty = run(dir.path(), &["report"]);
    assert_eq!(empty.code, 2);
    let hint = empty
        .stderr
        .split('`')
        .find(|part| part.starts_with("crosscheck claim new"))
        .unwrap_or_else(|| panic!("a `claim new` hint in {}", empty.stderr))
        .to_owned();
    assert_eq!(
        hint,
        "crosscheck claim new --id ID --kind KIND --anchor PHRASE --title TEXT"
    );
    // Filled in, it writes the claim (without a terminal to ask on).
    let filled = hint
        .replace("ID", "shells")
        .replace("KIND", "quantity")
        .replace("PHRASE", "قذائف")
        .replace("TEXT", "Shells");
    let args: Vec<&str> = filled.split(' ').skip(1).collect();
    let new = run(dir.path(), &args);
    assert_eq!(new.code, 0, "{}", new.stderr);
    assert!(
        new.stdout.starts_with("Wrote claims/shells.yaml"),
        "{}",
        new.stdout
    );
}

#[test]
fn the_summary_groups_the_article_count_like_the_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).expect("corpus");
    for index in 0..1000 {
        fs::write(
            corpus.join(format!("{index:04}.txt")),
            format!("Article {index} about nothing in particular.\n"),
        )
        .expect("write");
    }
    copy_dir(&root().join("claims"), &dir.path().join("claims"));
    let report = run(dir.path(), &["report", "--claim", "artillery-shells"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert!(
        report.stdout.contains("\n1,000 articles read, "),
        "{}",
        report.stdout
    );
}

/// Colour only where it can be shown: a terminal that is not `TERM=dumb`, without `NO_COLOR`.
#[cfg(unix)]
#[test]
fn a_dumb_terminal_or_no_color_gets_no_colour() {
    let dir = project();
    let table = |term: &str, no_color: Option<&str>| -> String {
        let mut command = Command::new(env!("CARGO_BIN_EXE_crosscheck"));
        command
            .current_dir(dir.path())
            .env("TERM", term)
            .env("COLUMNS", "80")
            .env_remove("NO_COLOR")
            .args(["report", "--claim", "artillery-shells", "--color", "auto"]);
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        let mut session = rexpect::session::spawn_command(command, Some(20_000)).expect("spawn");
        session.exp_eof().expect("exit")
    };
    // The check is meaningful: a capable terminal does get colour.
    assert!(table("xterm", None).contains("\u{1b}["));
    assert!(!table("dumb", None).contains("\u{1b}["));
    assert!(!table("xterm", Some("1")).contains("\u{1b}["));
}

/// Ctrl-D ends the input of `claim new`'s questions: it finishes a list of anchors, and on a
/// field the claim needs, ends the command with nothing written.
#[cfg(unix)]
#[test]
fn ctrl_d_ends_the_input_of_the_questions() {
    let dir = project();
    fs::remove_dir_all(dir.path().join("claims")).expect("remove claims");
    let spawn = || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_crosscheck"));
        command
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env("TERM", "dumb")
            .args(["claim", "new", "--id", "shells", "--kind", "quantity"]);
        rexpect::session::spawn_command(command, Some(20_000)).expect("spawn")
    };
    // Ctrl-D after one anchor: the list is finished, the title is asked.
    let mut session = spawn();
    session.exp_string("Anchor phrase").expect("anchor prompt");
    session.send_line("قذائف مدفعية").expect("send");
    session
        .exp_string("Another anchor phrase (empty to finish)")
        .expect("another anchor");
    session.send_control('d').expect("Ctrl-D");
    session
        .exp_string("Title (one line)")
        .expect("title prompt");
    // Ctrl-D on the title, which the claim needs: nothing is written.
    session.send_control('d').expect("Ctrl-D");
    session
        .exp_string(
            "error: the input ended (Ctrl-D) before the claim's title was given, so nothing was \
             written",
        )
        .expect("error");
    session.exp_eof().expect("exit");
    assert!(!dir.path().join("claims").exists());
}

// ---------------------------------------------------------------------------------------------
// paths, and the settings file

#[test]
fn one_article_or_one_claim_file_can_be_checked_alone() {
    let dir = project();
    // The article as a positional path: a corpus of one.
    let one = run(
        dir.path(),
        &[
            "check",
            "corpus/001_6e411e653f270d41.txt",
            "--fail-on",
            "conflict",
        ],
    );
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert!(one.stdout.contains("\n1 article read, "), "{}", one.stdout);
    let as_option = run(
        dir.path(),
        &[
            "report",
            "-f",
            "json",
            "--corpus",
            "corpus/001_6e411e653f270d41.txt",
        ],
    );
    assert_eq!(as_option.code, 0, "{}", as_option.stderr);
    // A path and `--corpus` at once is refused.
    let both = run(dir.path(), &["check", "corpus", "--corpus", "corpus"]);
    assert_eq!(both.code, 2);
    assert!(
        both.stderr
            .starts_with("error: the argument '[PATH]' cannot be used with '--corpus <DIR>'"),
        "{}",
        both.stderr
    );
    // One claim file.
    let claims = run(
        dir.path(),
        &["report", "--claims", "claims/artillery-shells.yaml"],
    );
    assert_eq!(claims.code, 0, "{}", claims.stderr);
    assert!(
        claims.stdout.contains("\n1 claim: 1 conflict, "),
        "{}",
        claims.stdout
    );
    // And edited through it, in its own folder.
    let retire = run(
        dir.path(),
        &[
            "claim",
            "retire",
            "artillery-shells",
            "--claims",
            "claims/artillery-shells.yaml",
        ],
    );
    assert_eq!(retire.code, 0, "{}", retire.stderr);
    assert_eq!(
        retire.stdout,
        "Retired `artillery-shells`: status active → retired \
         (claims/artillery-shells.yaml:9)\nReports and `check` now skip it.\n"
    );
}

#[test]
fn the_settings_file_is_found_above_and_options_override_it() {
    let dir = project();
    let sub = dir.path().join("drafts/today");
    fs::create_dir_all(&sub).expect("mkdir");
    // Found two folders up: its folders (unset: `claims` and `corpus` beside it) are taken
    // from there.
    fs::write(
        dir.path().join("crosscheck.toml"),
        "fail-on = [\"missing\"]\nformat = \"json\"\n",
    )
    .expect("write settings");
    let check = run(&sub, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).expect("format = json");
    assert_eq!(json["claims"].as_array().map(Vec::len), Some(11));
    assert_eq!(
        check.stderr,
        "2 conflict, 3 single, 1 unstated not failing: --fail-on missing\n"
    );
    // Options override the settings.
    let flags = run(&sub, &["check", "--fail-on", "conflict", "-f", "table"]);
    assert_eq!(flags.code, 1);
    assert!(
        flags.stdout.starts_with("artillery-shells: conflict\n"),
        "{}",
        flags.stdout
    );
    // The help shows the settings as the defaults.
    let help = run(&sub, &["check", "--help"]);
    assert!(
        help.stdout.contains("[default: ../../corpus]"),
        "{}",
        help.stdout
    );
}

#[test]
fn a_bad_settings_file_names_the_file_and_the_key() {
    let dir = project();
    fs::write(
        dir.path().join("crosscheck.toml"),
        "corpus = \"corpus\"\nfial-on = \"missing\"\n",
    )
    .expect("write settings");
    let unknown = run(dir.path(), &["check"]);
    assert_eq!(unknown.code, 2);
    assert_eq!(
        unknown.stderr,
        "error: unknown setting `fial-on` in `crosscheck.toml`; did you mean `fail-on`?\n  --> \
         crosscheck.toml:2:1\n   = help: the settings are claims, corpus, format, color, \
         fail-on, jobs, quiet, max-article-bytes, max-claims, fields\n"
    );
    fs::write(dir.path().join("crosscheck.toml"), "jobs = \"two\"\n").expect("write");
    let wrong = run(dir.path(), &["report"]);
    assert_eq!(wrong.code, 2);
    assert_eq!(
        wrong.stderr,
        "error: `jobs`: invalid type: string \"two\", expected a whole number in `crosscheck.toml`\n  \
         --> \
         crosscheck.toml:1:8\n   = help: see the settings in docs/config.md\n"
    );
}

// ---------------------------------------------------------------------------------------------
// init, completions, man page

#[test]
fn init_starts_a_project_that_reports_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let init = run(dir.path(), &["init"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert_eq!(
        init.stdout,
        "Wrote crosscheck.toml, claims/bridge-length.yaml (a starter claim, in review) and \
         corpus/example.md (an example article).\n\nNext:\n  - see what the starter claim \
         finds: crosscheck report\n  - write your own claim: crosscheck claim new --id ID \
         --kind KIND --anchor PHRASE --title TEXT\n"
    );
    let validate = run(dir.path(), &["validate"]);
    assert_eq!(validate.code, 0, "{}", validate.stderr);
    let report = run(dir.path(), &["report", "-f", "json"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let json: serde_json::Value = serde_json::from_str(&report.stdout).expect("JSON");
    assert_eq!(json["claims"][0]["id"], "bridge-length");
    assert_eq!(json["claims"][0]["verdict"], "single");
    assert_eq!(json["claims"][0]["observations"][0]["value"], 1200.0);
    // The starter claim is in review: `check` lets it through, and says so.
    let check = run(dir.path(), &["check"]);
    assert_eq!(check.code, 0);
    assert!(
        check
            .stdout
            .ends_with("1 single not failing: --fail-on conflict\n"),
        "{}",
        check.stdout
    );
}

#[test]
fn init_refuses_to_overwrite_anything() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("claims")).expect("claims");
    fs::write(dir.path().join("crosscheck.toml"), "jobs = 1\n").expect("settings");
    let refused = run(dir.path(), &["init"]);
    assert_eq!(refused.code, 2);
    assert_eq!(refused.stdout, "");
    assert_eq!(
        refused.stderr,
        "error: `crosscheck.toml` and `claims` already exist, so nothing was written\nhelp: \
         `crosscheck init` starts a new project: run it in an empty folder, or name a new one \
         (`crosscheck init DIR`)\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("crosscheck.toml")).expect("read"),
        "jobs = 1\n"
    );
    assert!(!dir.path().join("corpus").exists());
    // In a new folder it is made, and the next step says where to go.
    let fresh = run(dir.path(), &["init", "news"]);
    assert_eq!(fresh.code, 0, "{}", fresh.stderr);
    assert!(
        fresh
            .stdout
            .contains("finds: cd news && crosscheck report\n"),
        "{}",
        fresh.stdout
    );
    assert!(dir.path().join("news/corpus/example.md").is_file());
    let again = run(dir.path(), &["init", "news"]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.starts_with(
            "error: `news/crosscheck.toml`, `news/claims` and `news/corpus` already exist, so \
             nothing was written\n"
        ),
        "{}",
        again.stderr
    );
}

#[test]
fn completions_and_the_man_page_are_generated() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (shell, marker) in [
        ("bash", "_crosscheck()"),
        ("zsh", "#compdef crosscheck"),
        ("fish", "complete -c crosscheck"),
        ("elvish", "crosscheck"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = run(dir.path(), &["completions", shell]);
        assert_eq!(script.code, 0, "{shell}: {}", script.stderr);
        assert!(script.stdout.contains(marker), "{shell}: {}", script.stdout);
        // Every command and the new flags are completed.
        for word in ["report", "check", "init", "fail-on", "format"] {
            assert!(script.stdout.contains(word), "{shell} lacks {word}");
        }
    }
    let typo = run(dir.path(), &["completions", "bsh"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("tip: a similar value exists: 'bash'"),
        "{}",
        typo.stderr
    );
    let man = run(dir.path(), &["man"]);
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(man.stdout.contains(".TH crosscheck 1"), "{}", man.stdout);
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH SUBCOMMANDS",
        "crosscheck\\-check",
    ] {
        assert!(man.stdout.contains(section), "man page lacks {section}");
    }
    // The library gives the same text, for packagers.
    assert_eq!(
        crosscheck::cli::man_page().expect("man page"),
        man.stdout.as_bytes()
    );
    assert_eq!(
        crosscheck::cli::completions(clap_complete::Shell::Bash),
        run(dir.path(), &["completions", "bash"]).stdout.as_bytes()
    );
}

#[test]
fn a_day_first_publication_date_is_read_when_the_order_is_sure() {
    let dir = project();
    let article = |published: &str| {
        format!(
            "---\nsource: Day First\npublished: {published}\n---\nقالت كوريا الجنوبية إن \
             الشمال زود روسيا بأكثر من مليون قذيفة مدفعية.\n"
        )
    };
    fs::write(
        dir.path().join("corpus/day-first.txt"),
        article("19/06/2024"),
    )
    .expect("write");
    let sure = run(
        dir.path(),
        &["report", "--claim", "artillery-shells", "-f", "json"],
    );
    assert_eq!(sure.code, 0, "{}", sure.stderr);
    assert_eq!(sure.stderr, "");
    fs::write(
        dir.path().join("corpus/day-first.txt"),
        article("05/06/2024"),
    )
    .expect("write");
    let unsure = run(
        dir.path(),
        &["report", "--claim", "artillery-shells", "-f", "json"],
    );
    assert_eq!(unsure.code, 0, "{}", unsure.stderr);
    assert_eq!(
        unsure.stderr,
        "warning: corpus/day-first.txt:3: front matter `published: 05/06/2024` is not a date \
         (`05/06/2024` may be day/month or month/day: 2024-06-05 or 2024-05-06); write \
         YYYY-MM-DD, YYYY-MM or YYYY; it is ignored\n"
    );
}
