//! Command-line interface: argument parsing (clap) and the subcommands. Talks to `ops`
//! only; every message to the user goes through the catalogue in the user's language.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::bi;
use crate::config::{Config, JournalSetting};
use crate::domain::access::Role;
use crate::domain::money::Money;
use crate::i18n::{Lang, Localized};
use crate::ops::{self, Actor};
use crate::store::Db;

mod order;
mod stress;

/// orderdesk — order-to-cash for small businesses, on one SQLite file.
#[derive(Debug, Parser)]
#[command(name = "orderdesk", version, about, long_about = None)]
pub struct Cli {
    /// Database file (else ORDERDESK_DB, the config file, the platform data folder).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Configuration file (default: the platform config folder's orderdesk/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Language of messages: zh-CN or en (default: config, then the locale).
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,
    /// Acting user for commands that need one (else ORDERDESK_USER, else the operating-
    /// system account's mapped user). Password from ORDERDESK_PASSWORD or a prompt.
    #[arg(long, global = true, value_name = "USER")]
    pub user: Option<String>,
    /// Open the demo database (created with the small demo data set on first use).
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new database with a company and its first administrator.
    Init(InitArgs),
    /// Create a new database filled with the deterministic demo data set.
    Demo(DemoArgs),
    /// Show the database path, file system, journal mode, schema version and counts.
    Info,
    /// Check integrity and every invariant; exits non-zero when anything is wrong.
    Check,
    /// Copy the database online (other users may keep working), then check the copy.
    Backup {
        /// Where to write the copy; must not exist.
        dest: PathBuf,
    },
    /// Manage users (administrators only).
    #[command(subcommand)]
    User(UserCommand),
    /// Import data from files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Show an order, or approve, reject, hold or release it.
    #[command(subcommand)]
    Order(order::OrderCommand),
    /// Concurrent writer used by the multi-process tests.
    #[command(hide = true)]
    Stress(stress::StressArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Company name, e.g. 华信五金批发有限公司.
    #[arg(long)]
    pub company: String,
    /// User name of the first administrator.
    #[arg(long)]
    pub admin: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ScaleArg {
    Small,
    Large,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// small: a hardware wholesaler to explore; large: about 1,000,000 orders for benchmarks.
    #[arg(long, value_enum, default_value = "small")]
    pub scale: ScaleArg,
    /// Seed of the generator: the same seed and date give the same data.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// The business date the data is built around (default: today), YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; the new password from ORDERDESK_NEW_PASSWORD or a prompt.
    Add {
        username: String,
        /// Roles, comma separated: admin, sales, manager, warehouse, finance.
        #[arg(long, value_delimiter = ',', required = true)]
        roles: Vec<String>,
        /// Display name, e.g. 张丽.
        #[arg(long, default_value = "")]
        name: String,
        /// Operating-system account mapped to this user on a shared server.
        #[arg(long)]
        os_user: Option<String>,
        /// Orders up to this amount need no amount approval.
        #[arg(long, default_value = "0")]
        approval_limit: String,
    },
    /// List users.
    List,
    /// Set a user's password (and unlock it); from ORDERDESK_NEW_PASSWORD or a prompt.
    Passwd { username: String },
    /// Disable a user.
    Disable { username: String },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import orders from web shops, e-mail and other channels: a .csv (UTF-8, header
    /// row) or .json file. Each order is created and submitted; an order whose channel
    /// reference was imported before is skipped.
    Orders {
        /// The file, .csv or .json.
        file: PathBuf,
        /// Import the good orders and report the others (default: all or nothing).
        #[arg(long)]
        partial: bool,
    },
}

/// A failure already put into the user's language.
pub struct Failure(pub String);

impl<E: Localized> From<(Lang, E)> for Failure {
    fn from((lang, e): (Lang, E)) -> Self {
        Failure(e.localized(lang))
    }
}

type CliResult<T = ExitCode> = Result<T, Failure>;

/// Runs the program with these arguments; `main` only calls this.
pub fn run(cli: Cli) -> ExitCode {
    let fallback = cli
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(Lang::from_env);
    let config_path = cli.config.clone().or_else(Config::default_path);
    let config = match config_path.as_deref().map(Config::load).transpose() {
        Ok(c) => c.unwrap_or_default(),
        Err(e) => {
            eprintln!("{}", e.localized(fallback));
            return ExitCode::from(2);
        }
    };
    let lang = cli
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(|| config.lang());
    crate::store::share::set_wait_notice(match lang {
        Lang::Zh => |h, w| eprintln!("{}", crate::store::share::waiting(h, w, Lang::Zh)),
        Lang::En => |h, w| eprintln!("{}", crate::store::share::waiting(h, w, Lang::En)),
    });
    match dispatch(&cli, &config, lang) {
        Ok(code) => code,
        Err(Failure(msg)) => {
            eprintln!("{msg}");
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
        Some(Command::Stress(a)) => {
            let db = Db::open(&db_path(), journal).map_err(|e| Failure::from((lang, e)))?;
            let actor = authenticate(&db, cli.user.as_deref(), lang)?;
            stress::run(&db, &actor, a).map_err(|e| Failure::from((lang, e)))?;
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
    let bytes = std::fs::read(file).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Failure(bi!(lang, "找不到文件 {}", "No file {}", file.display()))
        } else {
            Failure(bi!(
                lang,
                "无法读取 {}：{}",
                "Cannot read {}: {}",
                file.display(),
                e
            ))
        }
    })?;
    let orders = format
        .parse(&bytes)
        .map_err(|errors| Failure(ops::import::describe(&errors, lang)))?;
    let db = Db::open(path, journal).map_err(|e| Failure::from((lang, e)))?;
    let actor = authenticate(&db, user, lang)?;
    let report = ops::import::import_orders(&db, &actor, &orders, partial)
        .map_err(|e| Failure::from((lang, e)))?;
    println!("{}", report.localized(lang));
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
                s
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
    let locking = crate::store::share::locking(db.fs_kind(), db.path());
    let locks = crate::store::share::describe(locking, db.lease(), lang);
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
    print!("{out}");
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
        let _ = writeln!(out, "{}: {}", v.check, v.detail);
    }
    let _ = writeln!(
        out,
        "{}",
        bi!(
            lang,
            "检查失败：发现 {} 个问题。",
            "Check failed: {} problems found.",
            violations.len()
        )
    );
    Ok(ExitCode::FAILURE)
}

/// Reads a secret from the environment, else asks without echo (twice when new).
fn password_from_env_or_prompt(
    var: &str,
    prompt: &str,
    confirm: bool,
    lang: Lang,
) -> CliResult<String> {
    if let Ok(p) = std::env::var(var) {
        return Ok(p);
    }
    let ask = |label: &str| {
        rpassword::prompt_password(label).map_err(|e| {
            Failure(bi!(
                lang,
                "无法读取密码（可设置环境变量 {}）：{}",
                "Cannot read the password (or set {}): {}",
                var,
                e
            ))
        })
    };
    let first = ask(prompt)?;
    if confirm {
        // A new password that will be refused anyway is refused before asking again.
        ops::auth::check_password_policy(&first).map_err(|e| Failure::from((lang, e)))?;
        let again = ask(lang.pick("再输入一次：", "Again: "))?;
        if again != first {
            return Err(Failure(
                lang.pick("两次输入的密码不一致。", "The two passwords differ.")
                    .into(),
            ));
        }
    }
    Ok(first)
}

/// The acting user: `--user`/ORDERDESK_USER with a password, else the mapped
/// operating-system account.
fn authenticate(db: &Db, user: Option<&str>, lang: Lang) -> CliResult<Actor> {
    let user = user.map(str::to_string).or_else(|| {
        std::env::var("ORDERDESK_USER")
            .ok()
            .filter(|s| !s.is_empty())
    });
    match user {
        Some(u) => {
            let pw = password_from_env_or_prompt(
                "ORDERDESK_PASSWORD",
                lang.pick("密码：", "Password: "),
                false,
                lang,
            )?;
            ops::auth::login(db, &u, &pw).map_err(|e| Failure::from((lang, e)))
        }
        None => {
            let os = ops::auth::current_os_user().unwrap_or_default();
            ops::auth::login_os_user(db, &os).map_err(|e| match e {
                ops::Error::NotFound { .. } => Failure(bi!(
                    lang,
                    "系统账户“{}”没有对应的用户。请用 --user 指定用户（或设置 ORDERDESK_USER），或让管理员把您的系统账户对应到一个用户。",
                    "The system account \"{}\" is not mapped to a user. Name a user with --user (or ORDERDESK_USER), or ask an administrator to map your system account to a user.",
                    os
                )),
                other => Failure::from((lang, other)),
            })
        }
    }
}

fn user_command(db: &Db, actor: &Actor, cmd: &UserCommand, lang: Lang) -> CliResult {
    match cmd {
        UserCommand::Add {
            username,
            roles,
            name,
            os_user,
            approval_limit,
        } => {
            let mut parsed = Vec::new();
            for r in roles {
                match Role::parse(r) {
                    Some(role) => parsed.push(role),
                    None => {
                        return Err(Failure(bi!(
                            lang,
                            "未知角色“{}”：可用 admin、sales、manager、warehouse、finance。",
                            "Unknown role \"{}\": use admin, sales, manager, warehouse, finance.",
                            r
                        )))
                    }
                }
            }
            let limit = Money::parse(approval_limit).map_err(|e| Failure::from((lang, e)))?;
            let password = password_from_env_or_prompt(
                "ORDERDESK_NEW_PASSWORD",
                lang.pick("新用户密码：", "New user's password: "),
                true,
                lang,
            )?;
            let input = ops::users::NewUserInput {
                username: username.clone(),
                display_name: name.clone(),
                password,
                roles: parsed,
                os_user: os_user.clone(),
                approval_limit: limit,
            };
            ops::users::add_user(db, actor, &input).map_err(|e| Failure::from((lang, e)))?;
            println!(
                "{}",
                bi!(
                    lang,
                    "已添加用户 {}",
                    "Added user {}",
                    username.trim().to_lowercase()
                )
            );
        }
        UserCommand::List => {
            let users = ops::users::list_users(db, actor).map_err(|e| Failure::from((lang, e)))?;
            for u in users {
                let state = if !u.active {
                    lang.pick("停用", "disabled")
                } else if u.locked_until.is_some() {
                    lang.pick("锁定", "locked")
                } else {
                    lang.pick("正常", "active")
                };
                println!(
                    "{:<12} {:<10} {:<8} {:<28} {}",
                    u.username,
                    u.display_name,
                    state,
                    u.roles.join(","),
                    u.os_user.unwrap_or_default()
                );
            }
        }
        UserCommand::Passwd { username } => {
            let password = password_from_env_or_prompt(
                "ORDERDESK_NEW_PASSWORD",
                lang.pick("新密码：", "New password: "),
                true,
                lang,
            )?;
            ops::users::set_password(db, actor, username, &password)
                .map_err(|e| Failure::from((lang, e)))?;
            println!(
                "{}",
                bi!(
                    lang,
                    "已修改 {} 的密码",
                    "Changed the password of {}",
                    username
                )
            );
        }
        UserCommand::Disable { username } => {
            ops::users::disable_user(db, actor, username).map_err(|e| Failure::from((lang, e)))?;
            println!("{}", bi!(lang, "已停用 {}", "Disabled {}", username));
        }
    }
    Ok(ExitCode::SUCCESS)
}
