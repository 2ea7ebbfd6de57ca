//! Command-line interface: argument parsing (clap) and the subcommands. Talks to `ops`
//! only; every message to the user goes through the catalogue in the user's language.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::bi;
use crate::config::{Config, JournalSetting};
use crate::i18n::{Lang, Localized};
use crate::ops;
use crate::ops::Db;

mod account;
mod args;
mod cash;
mod check_words;
mod credit;
mod export;
mod failure;
mod goods;
mod order;
mod password;
mod report;
mod returns;
mod shortage;
mod stress;
mod tickets;
mod usage;

use account::{authenticate, user_command};
pub use args::{Cli, Command, DemoArgs, ImportCommand, InitArgs, ScaleArg, UserCommand};
use failure::CliResult;
pub use failure::Failure;
use password::password_from_env_or_prompt;
pub use usage::{parse_args, parse_from};

/// Runs the program with these arguments; `main` only calls this.
pub fn run(cli: Cli) -> ExitCode {
    let fallback = cli
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(Lang::from_env);
    if let Some(l) = cli.lang.as_deref().filter(|l| Lang::parse(l).is_none()) {
        eprintln!(
            "{}",
            bi!(
                fallback,
                "不支持语言“{}”：请用 zh-CN 或 en。",
                "Unknown language \"{}\": use zh-CN or en.",
                crate::domain::text::shown(l)
            )
        );
        return ExitCode::from(2);
    }
    let named = cli.config.is_some();
    let config_path = cli.config.clone().or_else(Config::default_path);
    let config = match config_path
        .as_deref()
        .map(|p| Config::load(p, named))
        .transpose()
    {
        Ok(c) => c.unwrap_or_default(),
        Err(e) => {
            eprintln!(
                "{}",
                crate::domain::text::shown_lines(&e.localized(fallback))
            );
            return ExitCode::from(2);
        }
    };
    let lang = cli
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(|| config.lang());
    ops::check::wait_notices_to_stderr(lang);
    match dispatch(&cli, &config, lang) {
        Ok(code) => code,
        Err(Failure(msg)) => {
            eprintln!("{}", crate::domain::text::shown_lines(&msg));
            ExitCode::FAILURE
        }
    }
}

fn dispatch(cli: &Cli, config: &Config, lang: Lang) -> CliResult {
    let journal = config.journal_mode;
    let db_path = || -> PathBuf {
        if cli.demo && cli.db.is_none() {
            crate::config::default_data_dir().join("demo.db")
        } else {
            config.database_path(cli.db.as_deref())
        }
    };
    match &cli.command {
        None if cli.demo => open_demo(&db_path(), journal, lang, config),
        None => {
            let path = db_path();
            let db = Db::open(&path, journal).map_err(|e| Failure::from((lang, e)))?;
            start_ui(db, lang, false, config)
        }
        Some(Command::Init(a)) => {
            let path = db_path();
            ensure_default_dir(&path, cli.db.is_none());
            let password = password_from_env_or_prompt(
                "ORDERDESK_PASSWORD",
                lang.pick("新管理员密码：", "New administrator password: "),
                true,
                lang,
            )?;
            let db = Db::create(&path, journal).map_err(|e| Failure::from((lang, e)))?;
            match ops::setup::init_company(&db, &a.company, &a.admin, &password) {
                Ok(_) => {
                    println!("{}", bi!(lang, "已创建 {}", "Created {}", path.display()));
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    drop(db);
                    remove_db_files(&path);
                    Err(Failure::from((lang, e)))
                }
            }
        }
        Some(Command::Demo(a)) => {
            let path = db_path();
            ensure_default_dir(&path, cli.db.is_none());
            let as_of = parse_as_of(a.as_of.as_deref(), lang)?;
            let scale = match a.scale {
                ScaleArg::Small => ops::demo::Scale::Small,
                ScaleArg::Large => ops::demo::Scale::Large,
            };
            let started = std::time::Instant::now();
            let report = ops::demo::generate(&path, journal, scale, a.seed, as_of, &mut |p| {
                eprintln!("{}", p.localized(lang));
            })
            .map_err(|e| Failure::from((lang, e)))?;
            println!(
                "{}",
                bi!(
                    lang,
                    "已生成演示数据 {}：{} 个客户，{} 个商品，{} 张订单，{} 行，用时 {:.1} 秒。",
                    "Generated demo data {}: {} customers, {} products, {} orders, {} lines in {:.1} s.",
                    path.display(),
                    report.customers,
                    report.products,
                    report.orders,
                    report.lines,
                    started.elapsed().as_secs_f64()
                )
            );
            print_demo_users(lang);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Info) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            print_info(&db, lang)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Check) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            check_db(&db, lang)
        }
        Some(Command::Backup { dest }) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            db.backup_to(dest).map_err(|e| Failure::from((lang, e)))?;
            println!(
                "{}",
                bi!(
                    lang,
                    "已备份到 {}，正在检查副本…",
                    "Backed up to {}; checking the copy…",
                    dest.display()
                )
            );
            let copy =
                Db::open(dest, JournalSetting::Delete).map_err(|e| Failure::from((lang, e)))?;
            check_db(&copy, lang)
        }
        Some(Command::User(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = authenticate(&db, cli.user.as_deref(), lang)?;
            user_command(&db, &actor, cmd, lang)
        }
        Some(Command::Import(ImportCommand::Orders { file, partial })) => import_orders(
            &db_path(),
            journal,
            cli.user.as_deref(),
            file,
            *partial,
            lang,
        ),
        Some(Command::Order(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = if cmd.writes() {
                Some(authenticate(&db, cli.user.as_deref(), lang)?)
            } else {
                None
            };
            order::run(&db, actor.as_ref(), cmd, lang)
        }
        Some(Command::Import(ImportCommand::Payments { file })) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = authenticate(&db, cli.user.as_deref(), lang)?;
            cash::import_payments(&db, &actor, file, lang)
        }
        Some(Command::Import(ImportCommand::Deliveries { file })) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = authenticate(&db, cli.user.as_deref(), lang)?;
            goods::import_deliveries(&db, &actor, file, lang)
        }
        Some(Command::Pick(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = if cmd.writes() {
                Some(authenticate(&db, cli.user.as_deref(), lang)?)
            } else {
                None
            };
            goods::run_pick(&db, actor.as_ref(), cmd, lang, config)
        }
        Some(Command::Ship(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = if cmd.writes() {
                Some(authenticate(&db, cli.user.as_deref(), lang)?)
            } else {
                None
            };
            goods::run_ship(&db, actor.as_ref(), cmd, lang)
        }
        Some(Command::Invoice(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = if cmd.writes() {
                Some(authenticate(&db, cli.user.as_deref(), lang)?)
            } else {
                None
            };
            cash::run_invoice(&db, actor.as_ref(), cmd, lang)
        }
        Some(Command::Payment(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = if cmd.writes() {
                Some(authenticate(&db, cli.user.as_deref(), lang)?)
            } else {
                None
            };
            cash::run_payment(&db, actor.as_ref(), cmd, lang)
        }
        Some(Command::Ledger(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = if cmd.writes() {
                Some(authenticate(&db, cli.user.as_deref(), lang)?)
            } else {
                None
            };
            cash::run_ledger(&db, actor.as_ref(), cmd, lang)
        }
        Some(Command::Return(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = if cmd.writes() {
                Some(authenticate(&db, cli.user.as_deref(), lang)?)
            } else {
                None
            };
            returns::run(&db, actor.as_ref(), cmd, lang)
        }
        Some(Command::Period(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = authenticate(&db, cli.user.as_deref(), lang)?;
            cash::run_period(&db, &actor, cmd, lang)
        }
        Some(Command::Export(a)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = authenticate(&db, cli.user.as_deref(), lang)?;
            export::run(&db, &actor, a, config.output_dir(), lang)
        }
        Some(Command::Ticket(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = if cmd.needs_user() {
                Some(authenticate(&db, cli.user.as_deref(), lang)?)
            } else {
                None
            };
            tickets::run_ticket(&db, actor.as_ref(), cmd, lang)
        }
        Some(Command::Shortage(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            shortage::run_shortage(&db, cmd, lang)
        }
        Some(Command::Purchase(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = if cmd.writes() {
                Some(authenticate(&db, cli.user.as_deref(), lang)?)
            } else {
                None
            };
            shortage::run_purchase(&db, actor.as_ref(), cmd, lang)
        }
        Some(Command::Report(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            report::run(&db, cmd, lang)
        }
        Some(Command::Credit(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = if cmd.writes() {
                Some(authenticate(&db, cli.user.as_deref(), lang)?)
            } else {
                None
            };
            credit::run_credit(&db, actor.as_ref(), cmd, lang)
        }
        Some(Command::Settings(cmd)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = if cmd.writes() {
                Some(authenticate(&db, cli.user.as_deref(), lang)?)
            } else {
                None
            };
            credit::run_settings(&db, actor.as_ref(), cmd, lang)
        }
        Some(Command::Stress(a)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = authenticate(&db, cli.user.as_deref(), lang)?;
            let others = stress::log_in_others(&db, &a.also, lang)?;
            let team = stress::Team {
                main: &actor,
                others: &others,
            };
            stress::run(&db, &team, a).map_err(|e| Failure::from((lang, e)))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Reads and checks the file before asking for a password, then imports as the user.
fn import_orders(
    path: &Path,
    journal: JournalSetting,
    user: Option<&str>,
    file: &Path,
    partial: bool,
    lang: Lang,
) -> CliResult {
    let format = ops::import::Format::of_path(file).map_err(|e| Failure::from((lang, e)))?;
    let bytes = ops::import::read_import_file(file).map_err(|e| Failure(e.localized(lang)))?;
    let orders = format
        .parse(&bytes)
        .map_err(|errors| Failure(ops::import::describe(&errors, lang)))?;
    let db = Db::open(path, journal).map_err(|e| Failure::from((lang, e)))?;
    let actor = authenticate(&db, user, lang)?;
    let report = ops::import::import_orders(&db, &actor, &orders, partial)
        .map_err(|e| Failure::from((lang, e)))?;
    println!(
        "{}",
        crate::domain::text::shown_lines(&report.localized(lang))
    );
    Ok(if report.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn parse_as_of(s: Option<&str>, lang: Lang) -> CliResult<chrono::NaiveDate> {
    match s {
        None => Ok(ops::business_date(chrono::Utc::now(), 480)),
        Some(s) => chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
            Failure(bi!(
                lang,
                "“{}”不是日期，请按 2026-11-30 的格式输入。",
                "\"{}\" is not a date; use the form 2026-11-30.",
                crate::domain::text::shown(s)
            ))
        }),
    }
}

/// Creates the platform data folder when the database goes to the default place.
fn ensure_default_dir(path: &Path, default_place: bool) {
    if default_place {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
    }
}

fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

fn open_demo(path: &Path, journal: JournalSetting, lang: Lang, config: &Config) -> CliResult {
    if path.exists() && ops::demo::is_outdated(path) {
        // Demo data of an older version lacks the history later versions record: keep
        // the old file beside and make the demo anew.
        let mut old = path.as_os_str().to_owned();
        old.push(".old");
        let old = PathBuf::from(old);
        std::fs::rename(path, &old).map_err(|e| {
            Failure(bi!(
                lang,
                "无法移开旧的演示数据库 {}：{}",
                "Cannot move the old demo database {} aside: {}",
                path.display(),
                e
            ))
        })?;
        eprintln!(
            "{}",
            bi!(
                lang,
                "演示数据库来自旧版本，已另存为 {}，重新创建。",
                "The demo database was made by an older version; kept as {}, made anew.",
                old.display()
            )
        );
    }
    if !path.exists() {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        eprintln!(
            "{}",
            bi!(
                lang,
                "正在创建演示数据库 {} …",
                "Creating the demo database {} …",
                path.display()
            )
        );
        let as_of = ops::business_date(chrono::Utc::now(), 480);
        ops::demo::generate(
            path,
            journal,
            ops::demo::Scale::Small,
            2026,
            as_of,
            &mut |_| {},
        )
        .map_err(|e| Failure::from((lang, e)))?;
    }
    let db = Db::open(path, journal).map_err(|e| Failure::from((lang, e)))?;
    start_ui(db, lang, true, config)
}

/// Starts the terminal screens; without a terminal (a pipe, a script) it describes the
/// database instead.
fn start_ui(db: Db, lang: Lang, demo: bool, config: &Config) -> CliResult {
    use std::io::IsTerminal;
    let entries: Vec<(String, Vec<String>)> = config
        .keys
        .iter()
        .map(|(name, spec)| (name.clone(), spec.keys()))
        .collect();
    let keys = crate::ui::keymap::Keymap::from_config(&entries).map_err(|problems| {
        let list: Vec<String> = problems
            .iter()
            .map(|p| format!("  [keys] {}: {}", p.entry, lang.pick(&p.zh, &p.en)))
            .collect();
        Failure(bi!(
            lang,
            "配置文件的 [keys] 设置有误，未启动：\n{}",
            "The [keys] table of the configuration file has errors; nothing was started:\n{}",
            list.join("\n")
        ))
    })?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        print_info(&db, lang)?;
        if demo {
            print_demo_users(lang);
        }
        println!(
            "{}",
            lang.pick(
                "标准输出不是终端，未启动界面。请在终端中运行 orderdesk。",
                "Standard output is not a terminal, so the screens were not started. Run orderdesk in a terminal."
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let output = crate::ui::app::Output {
        dir: Some(config.output_dir()),
        printer: config.printer_command.clone(),
    };
    crate::ui::run(db, lang, output, keys)
        .map_err(|e| Failure(bi!(lang, "终端出错：{}", "Terminal error: {}", e)))?;
    Ok(ExitCode::SUCCESS)
}

fn print_demo_users(lang: Lang) {
    println!(
        "{}",
        lang.pick(
            "演示用户（密码均为 demo1234）：",
            "Demo users (password demo1234 for all):"
        )
    );
    for (user, name, roles) in ops::demo::DEMO_USERS {
        println!(
            "  {user:<10} {} {roles}",
            crate::domain::text::pad_to_width(name, 8)
        );
    }
}

fn print_info(db: &Db, lang: Lang) -> CliResult<()> {
    let info = ops::check::info(db).map_err(|e| Failure::from((lang, e)))?;
    let mut out = String::new();
    out += &bi!(lang, "数据库：    {}\n", "Database:    {}\n", info.path);
    if let Some(c) = &info.company {
        out += &bi!(lang, "公司：      {}\n", "Company:     {}\n", c);
    }
    out += &bi!(lang, "文件系统：  {}\n", "File system: {}\n", info.fs_kind);
    let locks = ops::check::locking_text(db, lang);
    out += &bi!(lang, "电脑间加锁：{}\n", "Locking:     {}\n", locks);
    out += &bi!(
        lang,
        "日志模式：  {}\n",
        "Journal:     {}\n",
        info.journal_mode
    );
    out += &bi!(
        lang,
        "结构版本：  {}\n",
        "Schema:      {}\n",
        info.schema_version
    );
    if info.network {
        out += lang.pick(
            "注意：数据库在网络驱动器上，使用回滚日志模式。更安全、更快的做法是放在一台服务器上，大家通过 SSH 登录使用。\n",
            "Note: the database is on a network drive and uses a rollback journal. One server that everybody reaches over SSH is safer and much faster.\n",
        );
    }
    for (table, n) in &info.counts {
        out += &format!("  {table:<14} {n:>12}\n");
    }
    print!("{}", crate::domain::text::shown_lines(&out));
    Ok(())
}

fn check_db(db: &Db, lang: Lang) -> CliResult {
    let violations = ops::check::run_check(db).map_err(|e| Failure::from((lang, e)))?;
    if violations.is_empty() {
        println!(
            "{}",
            lang.pick("检查通过：未发现问题。", "Check passed: no problems found.")
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    for v in &violations {
        let line = check_words::violation_line(v, lang);
        let _ = writeln!(out, "{}", crate::domain::text::shown_lines(&line));
    }
    let _ = writeln!(
        out,
        "{}",
        bi!(
            lang,
            "检查失败：发现 {} 个问题。",
            "Check failed: {} found.",
            match lang {
                Lang::Zh => violations.len().to_string(),
                Lang::En => crate::i18n::count_en(violations.len(), "problem", "problems"),
            }
        )
    );
    Ok(ExitCode::FAILURE)
}
