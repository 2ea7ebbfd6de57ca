//! Export of lists and reports to CSV and XLSX: the files read back (XLSX through
//! calamine) with the rows, headings in the reader's language, numbers and dates as
//! Excel types, and amounts that add up to the fen of the database's sums; a folder
//! that does not exist or cannot be written is refused with nothing left behind; the
//! export layer on the order list, by its key.

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::Datelike;
use crossterm::event::KeyCode;
use rust_decimal::Decimal;

use crate::world::*;
use orderdesk::domain::money::Money;
use orderdesk::domain::table::{money_of_number, Cell, Column, Kind};
use orderdesk::i18n::Lang;
use orderdesk::ops::export::{self, commerce, money, Ctx, Format, Rows, Source, Target};
use orderdesk::ops::orders::OrderFilter;
use orderdesk::ops::{self, Refusal};
use orderdesk::store::Db;
use orderdesk::ui::harness::Ui;

fn refusal(e: &ops::Error) -> Refusal {
    e.refusal()
        .cloned()
        .unwrap_or_else(|| panic!("not a refusal: {e:?}"))
}

/// The sheet's rows, the heading first.
pub(crate) fn read_xlsx(path: &Path) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(path).expect("an XLSX file");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).expect("the sheet");
    range.rows().map(<[Data]>::to_vec).collect()
}

/// The CSV's rows, the heading first; the file must start with a UTF-8 byte-order mark.
pub(crate) fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).expect("the CSV file");
    let text = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("a byte-order mark, for Excel");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text);
    r.records()
        .map(|rec| rec.expect("a CSV row").iter().map(str::to_string).collect())
        .collect()
}

pub(crate) fn column(heading: &[Data], name: &str) -> usize {
    heading
        .iter()
        .position(|c| c == &Data::String(name.into()))
        .unwrap_or_else(|| panic!("no column {name}: {heading:?}"))
}

/// The exact amount of a spreadsheet cell: its float's shortest text read as a decimal.
pub(crate) fn exact(cell: &Data) -> Decimal {
    match cell {
        Data::Float(x) => Decimal::from_str_exact(&format!("{x}")).expect("a decimal"),
        Data::Int(n) => Decimal::from(*n),
        other => panic!("not a number: {other:?}"),
    }
}

pub(crate) fn sql_sum(db: &Db, sql: &str) -> i64 {
    db.conn().query_row(sql, [], |r| r.get(0)).expect("a sum")
}

pub(crate) fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn order_lines_round_trip_through_xlsx_and_csv_with_amounts_that_sum_to_the_fen() {
    let (dir, path) = demo_copy();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let sales = demo_actor(&db, "sales");
    let lines = commerce::OrderLines {
        filter: OrderFilter::default(),
    };
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let xlsx = export::export(
        &db,
        &sales,
        &lines,
        Format::Xlsx,
        &Target::File(out.join("lines.xlsx")),
        Lang::Zh,
    )
    .expect("exported");
    let count = count_rows(&db, "order_lines");
    assert_eq!(xlsx.rows, count as u64, "every line of every order");
    assert!(count > 1000, "more than one page: {count}");

    let rows = read_xlsx(&xlsx.path);
    assert_eq!(rows.len() as i64, count + 1, "the heading and every line");
    let heading = &rows[0];
    let gross = column(heading, "价税合计");
    let qty = column(heading, "数量");
    let date = column(heading, "日期");
    let tax = column(heading, "税率");
    let cell_sum: Decimal = rows[1..].iter().map(|r| exact(&r[gross])).sum();
    let db_sum = sql_sum(&db, "SELECT SUM(gross_minor) FROM order_lines");
    assert_eq!(
        cell_sum,
        Money::from_minor(db_sum).as_decimal(),
        "the cells add up to the database's sum, to the fen"
    );
    // Every cell is the amount itself, not the nearest float to something else.
    for r in &rows[1..] {
        let m = money_of_number(match r[gross] {
            Data::Float(x) => x,
            ref other => panic!("gross is a number: {other:?}"),
        })
        .expect("an amount");
        assert_eq!(m.as_decimal(), exact(&r[gross]).round_dp(2));
    }
    let qty_sum: Decimal = rows[1..].iter().map(|r| exact(&r[qty])).sum();
    let db_qty = sql_sum(&db, "SELECT SUM(qty) FROM order_lines");
    assert_eq!(qty_sum, Decimal::new(db_qty, 3), "quantities too");
    assert!(
        matches!(rows[1][date], Data::DateTime(_)),
        "a date is an Excel date: {:?}",
        rows[1][date]
    );
    assert!(
        matches!(rows[1][tax], Data::Float(x) if (0.0..1.0).contains(&x)),
        "a tax rate is a fraction shown as a percentage: {:?}",
        rows[1][tax]
    );

    let csv = export::export(
        &db,
        &sales,
        &lines,
        Format::Csv,
        &Target::File(out.join("lines.csv")),
        Lang::En,
    )
    .expect("exported");
    let rows = read_csv(&csv.path);
    assert_eq!(rows.len() as i64, count + 1);
    let g = rows[0].iter().position(|h| h == "Gross").expect("Gross");
    let sum: Decimal = rows[1..]
        .iter()
        .map(|r| Decimal::from_str_exact(&r[g]).expect("a plain amount"))
        .sum();
    assert_eq!(sum, Money::from_minor(db_sum).as_decimal());
    assert!(
        rows[1][1].len() == 10 && rows[1][1].as_bytes()[4] == b'-',
        "dates as 2026-11-28"
    );
}

#[test]
fn headings_and_codes_follow_the_readers_language() {
    let (dir, path) = demo_copy();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let finance = demo_actor(&db, "finance");
    let orders = commerce::Orders::default();
    for (lang, first, stage) in [
        (Lang::Zh, "订单号", "状态"),
        (Lang::En, "Order no.", "Stage"),
    ] {
        let done = export::export(
            &db,
            &finance,
            &orders,
            Format::Xlsx,
            &Target::Folder {
                dir: dir.path().to_path_buf(),
                create: false,
            },
            lang,
        )
        .unwrap();
        let name = done.path.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            name.starts_with("orders-") && name.ends_with(".xlsx"),
            "{name}"
        );
        let rows = read_xlsx(&done.path);
        assert_eq!(rows[0][0], Data::String(first.into()));
        let s = column(&rows[0], stage);
        let stages: Vec<String> = rows[1..].iter().map(|r| r[s].to_string()).collect();
        let shown = |zh: &str, en: &str| stages.iter().any(|x| x == lang.pick(zh, en));
        assert!(shown("已审核", "Approved"), "{stages:?}");
        assert!(
            !stages.iter().any(|x| x == "approved"),
            "codes read through the catalogue, never raw"
        );
        assert_eq!(rows.len() as i64, count_rows(&db, "orders") + 1);
    }
    // The trial balance's closing column sums to zero, as on the screen.
    let today = ops::today(&db).unwrap();
    let tb = money::TrialBalance {
        from: today.with_day0(0).unwrap_or(today),
        to: today,
    };
    let done = export::export(
        &db,
        &finance,
        &tb,
        Format::Xlsx,
        &Target::File(dir.path().join("tb.xlsx")),
        Lang::En,
    )
    .unwrap();
    let rows = read_xlsx(&done.path);
    let closing = column(&rows[0], "Closing");
    let total: Decimal = rows[1..].iter().map(|r| exact(&r[closing])).sum();
    assert_eq!(total, Decimal::ZERO);
    assert!(rows.len() > 5);
}

/// A list whose reading fails after some rows: the disk filling up, the database
/// going away.
struct Failing;

impl Source for Failing {
    fn name(&self) -> &'static str {
        "failing"
    }
    fn title(&self, _lang: Lang) -> String {
        "failing".into()
    }
    fn columns(&self) -> Vec<Column> {
        vec![Column::new("金额", "Amount", Kind::Money)]
    }
    fn permissions(&self) -> &'static [orderdesk::domain::access::Permission] {
        &[]
    }
    fn rows(&self, _db: &Db, _cx: &Ctx, out: Rows) -> ops::Result<()> {
        for i in 0..5000 {
            out(vec![Cell::Money(Money::from_minor(i))])?;
        }
        Err(ops::Error::Io {
            detail: "the disk is full".into(),
        })
    }
}

#[test]
fn a_folder_that_does_not_exist_or_cannot_be_written_is_refused_and_nothing_is_left() {
    let w = world();
    let out = w.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let customers = commerce::Customers {
        scope: commerce::CustomerScope::All,
    };
    let audits = || {
        w.db.conn()
            .query_row(
                "SELECT COUNT(*) FROM audit_log WHERE entity = 'export'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
    };
    let missing = out.join("no-such-folder");
    for target in [
        Target::Folder {
            dir: missing.clone(),
            create: false,
        },
        Target::File(missing.join("customers.xlsx")),
    ] {
        let e = export::export(&w.db, &w.sales, &customers, Format::Xlsx, &target, Lang::Zh)
            .unwrap_err();
        assert!(
            matches!(refusal(&e), Refusal::ExportFolderMissing { .. }),
            "{e:?}"
        );
        assert_eq!(
            field_of(&e),
            Some("Folder"),
            "the form can focus the folder"
        );
        assert_bilingual(&e);
    }
    assert!(!missing.exists(), "a folder typed is not made");

    // Root may write anywhere but sysfs; anyone else is stopped by the folder's mode.
    let locked = if unsafe { libc::geteuid() } == 0 {
        PathBuf::from("/sys")
    } else {
        let d = out.join("locked");
        std::fs::create_dir(&d).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o500)).unwrap();
        d
    };
    for format in Format::ALL {
        let e = export::export(
            &w.db,
            &w.sales,
            &customers,
            format,
            &Target::Folder {
                dir: locked.clone(),
                create: false,
            },
            Lang::En,
        )
        .unwrap_err();
        assert!(
            matches!(refusal(&e), Refusal::ExportFolderNotWritable { .. }),
            "{e:?}"
        );
        assert_bilingual(&e);
    }
    let e = export::export(
        &w.db,
        &w.sales,
        &customers,
        Format::Csv,
        &Target::File(out.clone()),
        Lang::Zh,
    )
    .unwrap_err();
    assert!(matches!(refusal(&e), Refusal::ExportTargetIsFolder { .. }));

    // A list that fails half-way leaves neither the file nor its temporary file.
    for format in Format::ALL {
        let e = export::export(
            &w.db,
            &w.sales,
            &Failing,
            format,
            &Target::File(out.join("half.xlsx")),
            Lang::Zh,
        )
        .unwrap_err();
        assert!(matches!(e, ops::Error::Io { .. }), "{e:?}");
    }
    // Nobody may read the approval queue who cannot decide on it.
    let e = export::export(
        &w.db,
        &w.sales,
        &commerce::Queue,
        Format::Csv,
        &Target::Folder {
            dir: out.clone(),
            create: false,
        },
        Lang::Zh,
    )
    .unwrap_err();
    assert!(matches!(e, ops::Error::PermissionDenied { .. }), "{e:?}");
    assert_eq!(
        files_in(&out),
        Vec::<PathBuf>::new(),
        "nothing half-written"
    );
    assert_eq!(audits(), 0, "no export recorded");

    // The output folder of the configuration is made on first use.
    let docs = out.join("documents");
    let done = export::export(
        &w.db,
        &w.sales,
        &customers,
        Format::Csv,
        &Target::Folder {
            dir: docs.clone(),
            create: true,
        },
        Lang::Zh,
    )
    .unwrap();
    assert_eq!(
        files_in(&docs),
        vec![done.path.clone()],
        "no temporary file beside it"
    );
    assert_eq!(audits(), 1, "the export is in the audit log");
}

#[test]
fn the_export_layer_on_the_order_list_writes_the_file_or_keeps_the_folder_to_correct() {
    let (dir, path) = demo_copy();
    let out = dir.path().join("exports");
    std::fs::create_dir(&out).unwrap();
    let mut ui = Ui::new(&path, Lang::Zh, 100, 30).unwrap();
    ui.login("sales");
    assert_eq!(ui.on(), "orders");
    ui.key(KeyCode::F(12));
    assert_eq!(ui.app.top_layer(), Some("export"));
    let screen = ui.screen();
    assert!(screen.contains("导出") && screen.contains("格式") && screen.contains("文件夹"));
    assert!(screen.contains("Excel 工作簿"), "{screen}");
    // The table: the orders or their lines; the format: CSV.
    ui.key(KeyCode::Up).key(KeyCode::Right).key(KeyCode::Down);
    ui.key(KeyCode::Right).key(KeyCode::Down);
    // A folder that does not exist: refused, the layer stays on the folder.
    let missing = out.join("nope");
    ui.ctrl('u')
        .text(&missing.display().to_string())
        .key(KeyCode::F(5));
    assert_eq!(ui.app.top_layer(), Some("export"), "{}", ui.status());
    assert!(ui.status().contains("不存在"), "{}", ui.status());
    assert!(files_in(&out).is_empty());
    ui.ctrl('u')
        .text(&out.display().to_string())
        .key(KeyCode::Enter);
    assert_eq!(ui.app.top_layer(), None, "{}", ui.status());
    // The rows are written off the drawing thread; the screen says so meanwhile.
    assert!(ui.status().starts_with("正在导出到"), "{}", ui.status());
    assert!(
        ui.app.has_pending(),
        "the loop ticks until the export reports"
    );
    let started = std::time::Instant::now();
    while !ui.status().starts_with("已导出") && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        ui.app.tick();
    }
    assert!(ui.status().starts_with("已导出"), "{}", ui.status());
    assert!(!ui.app.has_pending());
    let files = files_in(&out);
    assert_eq!(files.len(), 1);
    let name = files[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.starts_with("order-lines-") && name.ends_with(".csv"),
        "{name}"
    );
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    assert_eq!(
        read_csv(&files[0]).len() as i64,
        count_rows(&db, "order_lines") + 1
    );

    // Ctrl+W opens it too; Esc closes it and the list is as it was.
    ui.ctrl('w');
    assert_eq!(ui.app.top_layer(), Some("export"));
    ui.key(KeyCode::Esc);
    assert_eq!(ui.app.top_layer(), None);
    assert_eq!(ui.on(), "orders");
    // A screen without a list has nothing to export and says so.
    ui.key(KeyCode::F(2));
    assert_eq!(ui.on(), "intake");
    ui.key(KeyCode::F(12));
    assert_eq!(ui.app.top_layer(), None);
}

#[test]
fn the_command_line_exports_a_list_by_name() {
    let (dir, path) = demo_copy();
    let out = dir.path().join("cli.xlsx");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_orderdesk"))
            .arg("--db")
            .arg(&path)
            .args(["--user", "finance", "--lang", "en"])
            .env("ORDERDESK_PASSWORD", ops::demo::DEMO_PASSWORD)
            .args(args)
            .output()
            .expect("orderdesk runs")
    };
    let o = run(&[
        "export",
        "invoices",
        "--format",
        "xlsx",
        "--out",
        &out.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("Exported "));
    let rows = read_xlsx(&out);
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    assert_eq!(rows.len() as i64, count_rows(&db, "invoices") + 1);
    let open = column(&rows[0], "Open");
    let sum: Decimal = rows[1..].iter().map(|r| exact(&r[open])).sum();
    assert_eq!(
        sum,
        Money::from_minor(sql_sum(&db, "SELECT SUM(open_minor) FROM invoices")).as_decimal()
    );

    let o = run(&["export", "nothing", "--out", "x.xlsx"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("the lists are"));
    let o = run(&[
        "export",
        "orders",
        "--out",
        "/no/such/folder/o.csv",
        "--format",
        "csv",
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not exist"));
    let o = run(&["export", "account-ledger"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("--account"));
}

#[test]
fn instants_are_excel_times_in_the_companys_time_zone() {
    let (dir, path) = demo_copy();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let manager = demo_actor(&db, "manager");
    let done = export::export(
        &db,
        &manager,
        &commerce::Queue,
        Format::Xlsx,
        &Target::File(dir.path().join("queue.xlsx")),
        Lang::Zh,
    )
    .unwrap();
    let rows = read_xlsx(&done.path);
    let numbers = queue_numbers(&db);
    assert_eq!(
        rows.len(),
        numbers.len() + 1,
        "the queue as its screen lists it"
    );
    assert_eq!(
        rows[1][0],
        Data::String(numbers[0].clone()),
        "in the same order"
    );
    let at = column(&rows[0], "提交时间");
    let Data::DateTime(t) = &rows[1][at] else {
        panic!("an Excel date and time: {:?}", rows[1][at]);
    };
    let stored: String = db
        .conn()
        .query_row(
            "SELECT submitted_at FROM orders WHERE number = ?1",
            [&numbers[0]],
            |r| r.get(0),
        )
        .unwrap();
    let utc = chrono::DateTime::parse_from_rfc3339(&stored).unwrap();
    let local = utc.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap());
    let (y, mo, d, h, mi, s, _) = t.to_ymd_hms_milli();
    assert_eq!(
        (
            i32::from(y),
            u32::from(mo),
            u32::from(d),
            u32::from(h),
            u32::from(mi),
            u32::from(s)
        ),
        (
            local.year(),
            local.month(),
            local.day(),
            chrono::Timelike::hour(&local),
            chrono::Timelike::minute(&local),
            chrono::Timelike::second(&local)
        ),
        "{stored} shown in China's time, never UTC"
    );
}
