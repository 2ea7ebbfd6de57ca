//! The figures management reads (数据分析, 绩效): each one against a plain recount of the
//! records ([`recount`]) on the demo company for this month, last month and this year,
//! and on a company built here whose November is known by heart: three orders (one
//! rejected), two shipments (one short picked, one signed for the next day), one
//! invoice, one payment, a wrong bin scanned, and an October to compare with.

// Amounts in fen are written yuan_fen (113_00 is ¥113.00).
#![allow(clippy::inconsistent_digit_grouping)]

use chrono::{DateTime, NaiveDate, Utc};

use orderdesk::domain::access::Role;
use orderdesk::domain::money::Money;
use orderdesk::domain::order::Channel;
use orderdesk::ops::figures::{self as fig, Comparison, Dimension, Period, Preset, Rate, Stage};
use orderdesk::ops::shipping::{self, ShipInput};
use orderdesk::ops::{self, approval, cash, clock, picking, Refusal};
use orderdesk::store::Db;

use crate::cash::approve;
use crate::world::*;

#[path = "figures/recount.rs"]
mod recount;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// An instant in China (UTC+8) on a day: `at("2026-11-10", 9, 0)` is 09:00 there.
fn at(day: &str, h: u32, m: u32) -> DateTime<Utc> {
    (d(day).and_hms_opt(h, m, 0).unwrap() - chrono::Duration::hours(8)).and_utc()
}

fn period(a: &str, b: &str) -> Period {
    Period::new(d(a), d(b)).unwrap()
}

/// Every figure of `p` equals its recount.
fn assert_recounted(db: &Db, p: Period) {
    let raw = recount::load(db.conn());
    assert_eq!(fig::sales(db, p).unwrap(), raw.sales(p), "sales {p:?}");
    for dim in Dimension::ALL {
        assert_eq!(
            fig::ranking(db, p, dim).unwrap(),
            raw.ranking(p, dim),
            "{dim:?} {p:?}"
        );
    }
    assert_eq!(fig::decisions(db, p).unwrap(), raw.decisions(p), "{p:?}");
    assert_eq!(fig::on_time(db, p).unwrap(), raw.on_time(p), "{p:?}");
    assert_eq!(fig::processing_times(db, p).unwrap(), raw.times(p), "{p:?}");
    assert_eq!(fig::staff(db, p).unwrap(), raw.staff(p), "{p:?}");
}

#[test]
fn every_figure_of_the_demo_equals_its_recount() {
    let (_dir, path) = demo_copy();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let today = orderdesk::ui::harness::as_of();
    let mut periods: Vec<Period> = [Preset::ThisMonth, Preset::LastMonth, Preset::ThisYear]
        .into_iter()
        .filter_map(|p| p.period(today))
        .collect();
    periods.extend(periods.clone().iter().filter_map(|p| p.previous()));
    periods.push(period("2026-11-27", "2026-11-27"));
    for p in &periods {
        assert_recounted(&db, *p);
    }
    // The figures are not empty: the demo shows every part of them.
    let year = Preset::ThisYear.period(today).unwrap();
    let sales = fig::sales(&db, year).unwrap();
    let t = &sales.total;
    assert!(t.orders.count > 100 && t.shipments > 50, "{t:?}");
    assert!(t.invoiced.count > 50 && t.collected.count > 20, "{t:?}");
    let times = fig::processing_times(&db, year).unwrap();
    for stage in Stage::ALL {
        let s = times.of(stage);
        assert!(s.n > 0 && s.median.is_some(), "{stage:?}: {s:?}");
    }
    assert!(
        times.of(Stage::SubmitToSign).median > times.of(Stage::PickToShip).median,
        "the whole way takes longer than a part of it: {times:?}"
    );
    let on_time = fig::on_time(&db, year).unwrap();
    assert!(
        on_time.rate.part > 0 && on_time.rate.part < on_time.rate.whole,
        "some deliveries late, most on time: {on_time:?}"
    );
    // The warehouse's work in progress was done by the operations on the real clock,
    // after the demo's business date.
    let so_far = Period::new(year.from, company_today().max(today)).unwrap();
    assert_recounted(&db, so_far);
    let returns = fig::sales(&db, so_far).unwrap().total.returns;
    assert!(
        returns.count == 3 && returns.amount.minor() > 0,
        "the demo credits three returns: {returns:?}"
    );
    let staff = fig::staff(&db, so_far).unwrap();
    let picker = staff.iter().find(|r| r.username == "warehouse").unwrap();
    assert!(picker.lines_picked > 0 && picker.lines_per_hour_tenths().is_some());
    assert!(
        picker.short_picks > 0 && picker.pick_errors > 0,
        "{picker:?}"
    );
    assert!(staff
        .iter()
        .any(|r| r.username == "finance" && r.collections.count > 0));
    let aging = fig::aging(&db).unwrap();
    assert_eq!(
        aging,
        recount::load(db.conn()).aging(ops::today(&db).unwrap())
    );
}

/// The November of a small company, every step at a known moment.
struct November {
    w: World,
    o1: String,
    sales2: ops::Actor,
}

fn ship(w: &World, order: &str) -> String {
    shipping::ship(
        &w.db,
        &w.warehouse,
        &ShipInput {
            order: order.into(),
            carrier: "SF".into(),
            tracking: String::new(),
            cartons: "1".into(),
            weight_kg: String::new(),
            cost: String::new(),
            lines: vec![],
        },
    )
    .expect("ship")
    .number
}

fn submitted(
    w: &World,
    who: &ops::Actor,
    cu: &str,
    qty: &str,
    channel: Channel,
    asked: &str,
) -> ops::intake::Submitted {
    let mut input = w
        .order(who)
        .customer(cu)
        .line(PLAIN_SKU, qty)
        .price("11.30")
        .channel(channel)
        .input();
    input.requested_date = asked.into();
    let saved = ops::intake::create_draft(&w.db, who, &input).unwrap();
    ops::intake::submit_order(&w.db, who, saved.id, saved.version).unwrap()
}

fn november() -> November {
    let w = world();
    let sales2 = w.user("sales2").name("王二").roles(&[Role::Sales]).create();
    let (a, b) = clock::fixed(at("2026-10-01", 9, 0), || {
        w.product(PLAIN_SKU).stock_at(BIN_A, "200", "4.00");
        let a = w
            .customer("甲公司")
            .terms("net:30")
            .credit_limit("100000")
            .create();
        let b = w.customer("乙商店").create();
        (a, b)
    });
    // October: one order, signed for four days after the date it asked for.
    let late = clock::fixed(at("2026-10-15", 9, 0), || {
        let s = submitted(&w, &w.sales, &a, "3", Channel::Phone, "2026-10-16");
        approve(&w, &s);
        let list =
            picking::create_pick_list(&w.db, &w.warehouse, std::slice::from_ref(&s.number), None)
                .unwrap();
        crate::picking::pick_all(&w.db, &w.warehouse, &list.number);
        ship(&w, &s.number)
    });
    clock::fixed(at("2026-10-20", 9, 0), || {
        shipping::deliver(&w.db, &w.warehouse, &late, "李四", "").unwrap();
    });
    let o1 = clock::fixed(at("2026-11-10", 9, 0), || {
        submitted(&w, &w.sales, &a, "10", Channel::Phone, "2026-11-12")
    });
    clock::fixed(at("2026-11-10", 10, 0), || approve(&w, &o1));
    let list1 = clock::fixed(at("2026-11-10", 11, 0), || {
        let list =
            picking::create_pick_list(&w.db, &w.warehouse, std::slice::from_ref(&o1.number), None)
                .unwrap();
        let view = picking::open_pick_list(&w.db, &w.warehouse, &list.number, None).unwrap();
        let t = view.tasks[0].clone();
        // A wrong bin first: refused, and counted.
        let e = picking::pick_scan(&w.db, &w.warehouse, t.id, BIN_B).unwrap_err();
        assert!(matches!(e.refusal(), Some(Refusal::WrongBin { .. })));
        picking::pick_scan(&w.db, &w.warehouse, t.id, BIN_A).unwrap();
        (list.number, t.id)
    });
    clock::fixed(at("2026-11-10", 11, 30), || {
        picking::pick_qty(&w.db, &w.warehouse, list1.1, "10").unwrap();
    });
    let sh1 = clock::fixed(at("2026-11-10", 13, 0), || ship(&w, &o1.number));
    clock::fixed(at("2026-11-11", 10, 0), || {
        shipping::deliver(&w.db, &w.warehouse, &sh1, "张三", "").unwrap();
    });
    // Rejected by the manager.
    clock::fixed(at("2026-11-10", 9, 30), || {
        let o2 = submitted(&w, &sales2, &b, "5", Channel::Web, "");
        let v = ops::orders::order_detail(&w.db, o2.id).unwrap().version;
        approval::reject_order(&w.db, &w.manager, o2.id, v, "价格不对").unwrap();
    });
    // Picked short (15 of 20), shipped, not yet signed for.
    let o3 = clock::fixed(at("2026-11-10", 12, 0), || {
        let s = submitted(&w, &w.sales, &b, "20", Channel::Phone, "");
        approve(&w, &s);
        s
    });
    clock::fixed(at("2026-11-10", 14, 0), || {
        let list =
            picking::create_pick_list(&w.db, &w.warehouse, std::slice::from_ref(&o3.number), None)
                .unwrap();
        let view = picking::open_pick_list(&w.db, &w.warehouse, &list.number, None).unwrap();
        picking::pick_scan(&w.db, &w.warehouse, view.tasks[0].id, BIN_A).unwrap();
        clock::fixed(at("2026-11-10", 14, 10), || {
            picking::short_pick(&w.db, &w.warehouse, view.tasks[0].id, "15", "少了五个").unwrap();
        });
    });
    clock::fixed(at("2026-11-10", 16, 0), || ship(&w, &o3.number));
    // A draft and a cancelled order do not count.
    clock::fixed(at("2026-11-11", 9, 0), || {
        w.order(&w.sales).customer(&a).line(PLAIN_SKU, "1").draft();
        let s = w.order(&w.sales).customer(&a).line(PLAIN_SKU, "1").submit();
        let v = ops::orders::order_detail(&w.db, s.id).unwrap().version;
        ops::intake::cancel_order(&w.db, &w.sales, s.id, v, "客户不要了").unwrap();
    });
    clock::fixed(at("2026-11-11", 15, 0), || {
        cash::invoice_order(&w.db, &w.finance, &o1.number).unwrap();
        cash::record_payment(
            &w.db,
            &w.finance,
            &cash::PaymentInput::new(&a, cash::PaymentMethod::Bank, "50"),
        )
        .unwrap();
    });
    // Urgent tickets the warehouse resolved (promise: 24 hours): one in time and one late
    // in November, one in October that November does not count.
    for (opened, resolved) in [
        (at("2026-11-05", 9, 0), at("2026-11-05", 12, 0)),
        (at("2026-11-06", 9, 0), at("2026-11-08", 9, 0)),
        (at("2026-10-30", 9, 0), at("2026-10-30", 10, 0)),
    ] {
        let t = clock::fixed(opened, || {
            let input = ops::tickets::TicketInput {
                customer: b.clone(),
                subject: "货损".into(),
                severity: orderdesk::domain::ticket::Severity::Urgent,
                owner: "warehouse".into(),
                ..ops::tickets::TicketInput::default()
            };
            ops::tickets::open_ticket(&w.db, &w.sales, &input).unwrap()
        });
        clock::fixed(resolved, || {
            ops::tickets::resolve_ticket(&w.db, &w.warehouse, &t.number, "补发").unwrap()
        });
    }
    November {
        w,
        o1: o1.number,
        sales2,
    }
}

#[test]
fn a_known_november_reads_as_counted_by_hand() {
    let n = november();
    let w = &n.w;
    let nov = period("2026-11-01", "2026-11-30");
    clock::fixed(at("2026-11-12", 9, 0), || {
        let s = fig::sales(&w.db, nov).unwrap();
        assert_eq!(
            s.total.orders.count, 3,
            "the rejected order counts, drafts and cancelled ones not"
        );
        assert_eq!(
            s.total.orders.amount,
            Money::from_minor(113_00 + 56_50 + 226_00)
        );
        assert_eq!(s.total.shipments, 2);
        assert_eq!(s.total.invoiced.amount, Money::from_minor(113_00));
        assert_eq!(s.total.collected.amount, Money::from_minor(50_00));
        assert_eq!(s.total.returns.count, 0, "nothing came back in November");
        assert_eq!(s.days.len(), 30);
        assert_eq!(s.days[9].orders.count, 3, "all on the 10th");
        assert_eq!(s.days[10].collected.count, 1, "paid on the 11th");

        let decided = fig::decisions(&w.db, nov).unwrap();
        assert_eq!(decided.rejection_rate(), Rate::new(1, 3));

        let on_time = fig::on_time(&w.db, nov).unwrap();
        assert_eq!(on_time.signed, 1);
        assert_eq!(
            on_time.rate,
            Rate::new(1, 1),
            "signed on the 11th, asked for the 12th"
        );
        let october = Comparison::Previous.of(nov).unwrap();
        assert_eq!(october, period("2026-10-01", "2026-10-31"));
        let before = fig::on_time(&w.db, october).unwrap();
        assert_eq!(
            (before.signed, before.rate),
            (1, Rate::new(0, 1)),
            "four days late"
        );

        let times = fig::processing_times(&w.db, nov).unwrap();
        assert_eq!(times.orders, 3);
        let first = times.of(Stage::SubmitToApprove);
        assert_eq!(first.n, 2, "two orders approved; the rejected one is not");
        let signed = times.of(Stage::ShipToSign);
        assert_eq!(
            (signed.n, signed.median),
            (1, Some(21 * 3600)),
            "13:00 to 10:00 the next day"
        );
        assert_eq!(times.of(Stage::ApproveToPick).n, 2);
        assert_eq!(
            times.of(Stage::PickToShip).median,
            Some(90 * 60),
            "11:30 to 13:00"
        );

        let staff = fig::staff(&w.db, nov).unwrap();
        let by = |u: &str| staff.iter().find(|r| r.username == u).cloned().unwrap();
        let sales = by("sales");
        assert_eq!(sales.orders.count, 2);
        assert_eq!(sales.orders.amount, Money::from_minor(113_00 + 226_00));
        assert_eq!(by("sales2").orders.count, 1);
        let picker = by("warehouse");
        assert_eq!((picker.lines_picked, picker.short_picks), (2, 1));
        assert_eq!(picker.pick_errors, 1, "the wrong bin");
        assert_eq!(picker.shipments, 2);
        assert_eq!(picker.picking_seconds, 30 * 60 + 10 * 60);
        assert_eq!(picker.lines_per_hour_text(), "3.0");
        assert_eq!(
            (picker.tickets_closed, picker.tickets_on_time),
            (2, 1),
            "two resolved in November, one within its promise"
        );
        let finance = by("finance");
        assert_eq!(finance.collections.amount, Money::from_minor(50_00));
        assert!(
            staff.iter().all(|r| r.username != "admin"),
            "did nothing counted"
        );

        let top = fig::ranking(&w.db, nov, Dimension::Customer).unwrap();
        assert_eq!(top.rows[0].name, "乙商店", "¥282.50 before ¥113.00");
        let channels = fig::ranking(&w.db, nov, Dimension::Channel).unwrap();
        assert_eq!(channels.rows.len(), 2);
        assert_eq!(
            channels.rows[1].shown_name(Dimension::Channel, orderdesk::i18n::Lang::Zh),
            "网站"
        );
        let products = fig::ranking(&w.db, nov, Dimension::Product).unwrap();
        assert_eq!(products.rows[0].qty.to_string(), "35");

        assert_recounted(&w.db, nov);
        assert_recounted(&w.db, october);
        assert_recounted(&w.db, period("2026-01-01", "2026-12-31"));
    });
    let _ = (&n.o1, &n.sales2);
}

#[test]
fn a_wrong_scan_is_refused_changes_nothing_else_and_is_counted_once() {
    let n = november();
    let w = &n.w;
    let errors = count_rows(&w.db, "pick_errors");
    let audit = count_rows(&w.db, "audit_log");
    assert_eq!(errors, 1);
    // A wrong product at a task of another order.
    let s = crate::picking::approved_order(w, &[(PLAIN_SKU, "2")]);
    let list =
        picking::create_pick_list(&w.db, &w.warehouse, std::slice::from_ref(&s.number), None)
            .unwrap();
    let view = picking::open_pick_list(&w.db, &w.warehouse, &list.number, None).unwrap();
    let t = &view.tasks[0];
    picking::pick_scan(&w.db, &w.warehouse, t.id, BIN_A).unwrap();
    let audit = count_rows(&w.db, "audit_log").max(audit);
    let e = picking::pick_scan(&w.db, &w.warehouse, t.id, &lot_ean()).refused();
    assert!(matches!(e.refusal(), Some(Refusal::WrongProduct { .. })));
    // An over-pick is refused and is not a picking error.
    let e = picking::pick_qty(&w.db, &w.warehouse, t.id, "9").refused();
    assert!(matches!(e.refusal(), Some(Refusal::OverPick { .. })));
    assert_eq!(count_rows(&w.db, "pick_errors"), errors + 1);
    assert_eq!(
        count_rows(&w.db, "audit_log"),
        audit,
        "no audit row for a refusal"
    );
    let kind: String =
        w.db.conn()
            .query_row(
                "SELECT kind FROM pick_errors ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(kind, "wrong_product");
    // The log is append-only.
    assert!(w.db.conn().execute("DELETE FROM pick_errors", []).is_err());
    assert_consistent(&w.db);
}

fn report(path: &std::path::Path, args: &[&str]) -> std::process::Output {
    let dir = path.parent().unwrap();
    let cfg = dir.join("none.toml");
    std::fs::write(&cfg, "").unwrap();
    std::process::Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        .arg("--config")
        .arg(&cfg)
        .arg("--db")
        .arg(path)
        .arg("report")
        .args(args)
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("ORDERDESK_USER")
        .output()
        .unwrap()
}

#[test]
fn the_command_line_prints_the_same_figures_as_text_and_csv() {
    let (_dir, path) = demo_copy();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let nov = period("2026-11-01", "2026-11-28");
    let sales = fig::sales(&db, nov).unwrap();
    drop(db);
    let o = report(
        &path,
        &[
            "summary",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-28",
            "--lang",
            "zh-CN",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let text = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        text.starts_with("概览 · 2026-11-01 – 2026-11-28（对比 2026-10-01 – 2026-10-28）"),
        "{text}"
    );
    let orders_line = text.lines().find(|l| l.starts_with("订单数")).unwrap();
    assert!(
        orders_line.contains(&format!(" {} ", sales.total.orders.count)),
        "{orders_line}"
    );
    let amount = sales.total.orders.amount.to_string();
    assert!(text.contains(&amount), "{amount} in {text}");

    // CSV: a header and one row per day and the total, amounts plain.
    let o = report(
        &path,
        &[
            "sales",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-28",
            "--format",
            "csv",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let csv = String::from_utf8_lossy(&o.stdout).to_string();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "Date,Orders,Order amount,Shipments,Invoiced,Collected,Returns"
    );
    assert_eq!(lines.len(), 1 + 28 + 1);
    let total = lines.last().unwrap();
    assert!(
        total.starts_with(&format!(
            "Total,{},{},",
            sales.total.orders.count,
            sales.total.orders.amount.plain()
        )),
        "{total}"
    );

    // The top customer of the ranking, the staff, the times and the aging.
    for args in [
        &[
            "sales",
            "--by",
            "customer",
            "--top",
            "3",
            "--period",
            "last-month",
        ][..],
        &["staff", "--period", "this-year", "--format", "csv"],
        &["times", "--period", "last-month", "--compare", "year"],
        &["aging", "--format", "csv"],
    ] {
        let o = report(&path, args);
        assert!(o.status.success(), "{args:?}: {o:?}");
        assert!(o.stdout.len() > 40, "{args:?}");
    }

    // Bad input: the wrong way round, an unreadable comparison.
    let o = report(
        &path,
        &["summary", "--from", "2026-11-30", "--to", "2026-11-01"],
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("must not end before it starts"));
    let o = report(&path, &["summary", "--compare", "soon", "--lang", "zh-CN"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("不明白对比期"));
    let o = report(&path, &["--help"]);
    let help = String::from_utf8_lossy(&o.stdout).to_string();
    for sub in ["summary", "sales", "times", "staff", "aging"] {
        assert!(help.contains(sub), "{help}");
    }
}
