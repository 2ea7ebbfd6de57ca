//! `orderdesk ticket …`, `shortage list` and `purchase …` as a user runs them on the
//! demo data: a complaint from opening to closing with the bad input refused on the
//! way, and a short product's purchase request received into stock; `check` after.

use crate::cli::{demo, orderdesk, text};

#[test]
fn tickets_and_purchase_requests_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "tickets.db");
    let run = |args: &[&str]| {
        orderdesk(dir.path())
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("ORDERDESK_PASSWORD", "demo1234")
            .output()
            .unwrap()
    };
    let o = run(&["ticket", "--help"]);
    for cmd in [
        "list", "show", "open", "note", "assign", "resolve", "reopen", "close",
    ] {
        assert!(text(&o).contains(cmd), "{cmd}: {}", text(&o));
    }
    // A ticket without a customer is refused.
    let o = run(&["--user", "sales", "ticket", "open", "--subject", "没有客户"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("customer"), "{}", text(&o));
    let o = run(&[
        "--user",
        "sales",
        "ticket",
        "open",
        "--customer",
        "C00002",
        "--subject",
        "螺丝规格不对",
        "--type",
        "quality",
        "--severity",
        "urgent",
        "--note",
        "客户来电",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let number = text(&o)
        .split_whitespace()
        .find(|w| w.starts_with("TK-"))
        .map(|w| w.trim_end_matches(':').to_string())
        .expect("the ticket's number");
    let o = run(&[
        "--user",
        "sales",
        "ticket",
        "note",
        &number,
        "已安排换货",
        "--contact",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    // A satisfaction of 7, and closing without a resolution, are refused.
    let o = run(&[
        "--user",
        "sales",
        "ticket",
        "close",
        &number,
        "--satisfaction",
        "7",
    ]);
    assert!(!o.status.success());
    assert!(text(&o).contains("1 (very unhappy) to 5"), "{}", text(&o));
    let o = run(&[
        "--user",
        "sales",
        "ticket",
        "close",
        &number,
        "--satisfaction",
        "5",
    ]);
    assert!(!o.status.success());
    assert!(text(&o).contains("resolution"), "{}", text(&o));
    let o = run(&[
        "--user",
        "sales",
        "ticket",
        "resolve",
        &number,
        "--resolution",
        "换货 20 个",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&[
        "--user",
        "sales",
        "ticket",
        "close",
        &number,
        "--satisfaction",
        "5",
        "--words",
        "很满意",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["ticket", "show", &number]);
    let shown = text(&o);
    assert!(
        shown.contains("★★★★★") && shown.contains("很满意"),
        "{shown}"
    );
    assert!(
        shown.contains("Closed") && shown.contains("Contacted"),
        "{shown}"
    );
    let o = run(&["ticket", "list", "--filter", "all"]);
    assert!(text(&o).contains(&number), "{}", text(&o));

    // The demo has short products: request the first, receive it.
    let o = run(&["shortage", "list"]);
    assert!(o.status.success(), "{}", text(&o));
    let sku = text(&o)
        .split_whitespace()
        .next()
        .expect("a short product")
        .to_string();
    let o = run(&[
        "--user",
        "sales",
        "purchase",
        "create",
        "--product",
        &sku,
        "--qty",
        "10",
        "--expected",
        "+7",
        "--supplier",
        "永康",
    ]);
    assert!(!o.status.success(), "sales may not: {}", text(&o));
    let o = run(&[
        "--user",
        "warehouse",
        "purchase",
        "create",
        "--product",
        &sku,
        "--qty",
        "10",
        "--expected",
        "+7",
        "--supplier",
        "永康五金制品厂",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let pr = text(&o)
        .split_whitespace()
        .find(|w| w.starts_with("PR-"))
        .map(|w| w.trim_end_matches([',', ';', '.']).to_string())
        .expect("the request's number");
    let o = run(&["--user", "warehouse", "purchase", "order", &pr]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&[
        "--user",
        "warehouse",
        "purchase",
        "receive",
        &pr,
        "--bin",
        "A-01-01",
        "--cost",
        "3.00",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["purchase", "show", &pr]);
    assert!(
        text(&o).contains("Received") && text(&o).contains("GR-"),
        "{}",
        text(&o)
    );
    let o = run(&["check"]);
    assert!(o.status.success(), "{}", text(&o));
}
