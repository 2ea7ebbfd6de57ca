//! The analysis screen (数据分析) driven by keys on the demo company, on the demo's
//! business day: the first frame comes at once and says it is computing, the figures
//! arrive off the drawing thread and equal what `ops::figures` reads; the period, the
//! comparison and the ranking's grouping change by key; a custom period is typed (a bad
//! one keeps the prompt); Enter on a customer opens their receivables; only users who
//! may view reports are offered the screen.

use crossterm::event::KeyCode;

use crate::world::*;
use orderdesk::i18n::Lang;
use orderdesk::ops::figures::{self as fig, Comparison, Dimension, Period, Preset};
use orderdesk::ops::{clock, Db};
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::figures::{FiguresView, Section};

/// Runs `f` on the demo company with the clock at the demo's business day.
fn on_demo_day<R>(f: impl FnOnce(&std::path::Path) -> R) -> R {
    let (_dir, path) = demo_copy();
    clock::fixed(orderdesk::ui::shots::moment(), || f(&path))
}

fn figures_as(path: &std::path::Path, user: &str, lang: Lang, w: u16, h: u16) -> Ui {
    let mut ui = Ui::new(path, lang, w, h).unwrap();
    ui.login(user);
    ui.go(Route::Figures);
    ui
}

fn view(ui: &Ui) -> &FiguresView {
    ui.view::<FiguresView>().expect("the analysis screen")
}

fn nov(from: &str, to: &str) -> Period {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    Period::new(d(from), d(to)).unwrap()
}

#[test]
fn the_first_frame_comes_at_once_and_the_figures_fill_in_as_ops_reads_them() {
    on_demo_day(|path| {
        let mut ui = figures_as(path, "manager", Lang::Zh, 80, 24);
        assert_eq!(ui.on(), "figures");
        let v = view(&ui);
        assert_eq!(v.period, nov("2026-11-01", "2026-11-28"));
        assert_eq!(v.compared(), Some(nov("2026-10-01", "2026-10-28")));
        let first = ui.screen();
        assert!(
            first.contains("本月 2026-11-01 – 2026-11-28 · 环比 2026-10-01 – 2026-10-28"),
            "{first}"
        );
        ui.settle();
        assert!(!view(&ui).computing);
        let screen = ui.screen();
        assert!(!screen.contains("计算中"), "{screen}");
        let db = Db::open(path, orderdesk::config::JournalSetting::Auto).unwrap();
        let now = fig::summary(&db, nov("2026-11-01", "2026-11-28")).unwrap();
        let before = fig::summary(&db, nov("2026-10-01", "2026-10-28")).unwrap();
        assert_eq!(view(&ui).now.summary.as_ref(), Some(&now));
        assert_eq!(view(&ui).before.summary.as_ref(), Some(&before));
        let orders = screen.lines().find(|l| l.contains("订单数")).unwrap();
        assert!(
            orders.contains(&format!(" {} ", now.sales.total.orders.count))
                && orders.contains(&format!(" {} ", before.sales.total.orders.count)),
            "{orders}"
        );
        assert!(
            screen.contains(&now.sales.total.orders.amount.to_string()),
            "{screen}"
        );
        assert!(
            screen.contains("准时交付率") && screen.contains("逾期应收"),
            "{screen}"
        );
        // Every part arrived.
        let v = view(&ui);
        assert_eq!(v.now.rankings.len(), Dimension::ALL.len());
        assert!(v.now.times.is_some() && v.now.staff.is_some() && v.now.aging.is_some());
        assert_eq!(
            v.now.ranking(Dimension::Product),
            Some(&fig::ranking(&db, v.period, Dimension::Product).unwrap())
        );
    });
}

#[test]
fn keys_move_through_sections_periods_comparisons_and_rankings() {
    on_demo_day(|path| {
        let mut ui = figures_as(path, "manager", Lang::En, 80, 24);
        ui.settle();
        for section in Section::ALL.iter().skip(1) {
            ui.key(KeyCode::Right);
            assert_eq!(view(&ui).section, *section);
            let screen = ui.screen();
            assert!(!screen.contains("Computing"), "{section:?}: {screen}");
        }
        ui.key(KeyCode::Right);
        assert_eq!(view(&ui).section, Section::Summary, "round again");
        // F8 groups the ranking: customers, products, channels, salespeople.
        ui.key(KeyCode::F(8));
        assert_eq!(
            (view(&ui).section, view(&ui).dimension),
            (Section::Ranking, Dimension::Product)
        );
        ui.key(KeyCode::F(8)).key(KeyCode::F(8));
        assert_eq!(view(&ui).dimension, Dimension::Salesperson);
        let screen = ui.screen();
        assert!(
            screen.contains("Salespeople") && screen.contains("张丽"),
            "{screen}"
        );
        // F6: last month, then this year.
        ui.key(KeyCode::F(6));
        assert_eq!(view(&ui).preset, Preset::LastMonth);
        assert_eq!(view(&ui).period, nov("2026-10-01", "2026-10-31"));
        ui.key(KeyCode::F(6)).settle();
        assert_eq!(view(&ui).period, nov("2026-01-01", "2026-11-28"));
        assert!(ui.screen().contains("This year 2026-01-01 – 2026-11-28"));
        // F7: a year before, then none.
        ui.key(KeyCode::F(7));
        assert_eq!(view(&ui).comparison, Comparison::YearBefore);
        ui.key(KeyCode::F(7)).settle();
        assert_eq!(view(&ui).comparison, Comparison::None);
        let screen = ui.screen();
        assert!(
            !screen.contains("Change"),
            "no comparison, no change column: {screen}"
        );
        // F6 once more: a custom period is typed; a bad one keeps the prompt.
        ui.key(KeyCode::F(6));
        assert_eq!(ui.app.top_layer(), Some("prompt"));
        ui.text("2026-11-30 2026-11-01").key(KeyCode::Enter);
        // The message is longer than the status line: it opens in full over the prompt,
        // which stays with its text.
        assert_eq!(ui.app.top_layer(), Some("message"));
        assert_eq!(ui.app.layers.len(), 2);
        assert!(ui.status().contains("Cannot read"), "{}", ui.status());
        for _ in 0..25 {
            ui.key(KeyCode::Backspace);
        }
        ui.text("2026-11-02 2026-11-08")
            .key(KeyCode::Enter)
            .settle();
        assert_eq!(ui.app.top_layer(), None);
        assert_eq!(view(&ui).preset, Preset::Custom);
        assert_eq!(view(&ui).period, nov("2026-11-02", "2026-11-08"));
        ui.key(KeyCode::Left);
        assert_eq!(view(&ui).section, Section::Daily);
        let screen = ui.screen();
        assert!(
            screen.contains("2026-11-08") && !screen.contains("2026-11-09"),
            "{screen}"
        );
    });
}

#[test]
fn enter_on_a_customer_opens_their_receivables() {
    on_demo_day(|path| {
        let mut ui = figures_as(path, "finance", Lang::Zh, 80, 24);
        ui.settle();
        ui.key(KeyCode::Right).key(KeyCode::Right);
        assert_eq!(view(&ui).section, Section::Ranking);
        let top = view(&ui).now.ranking(Dimension::Customer).unwrap().rows[0].clone();
        // The selected row is in reverse video.
        let screen = ui.screen();
        let y = screen.lines().position(|l| l.contains(&top.code)).unwrap() as u16;
        assert!(ui
            .style_at(2, y)
            .add_modifier
            .contains(ratatui::style::Modifier::REVERSED));
        ui.key(KeyCode::Enter);
        assert_eq!(ui.on(), "receivables");
        assert!(ui.screen().contains(&top.code));
        ui.key(KeyCode::Esc);
        assert_eq!(ui.on(), "figures", "back with the figures kept");
        assert!(view(&ui).now.summary.is_some());
    });
}

#[test]
fn only_users_who_view_reports_are_offered_the_screen() {
    on_demo_day(|path| {
        for (user, offered) in [
            ("sales", false),
            ("warehouse", false),
            ("manager", true),
            ("finance", true),
            ("admin", true),
        ] {
            let mut ui = Ui::new(path, Lang::En, 80, 30).unwrap();
            ui.login(user).key(KeyCode::F(4));
            let screen = ui.screen();
            assert_eq!(screen.contains("Figures"), offered, "{user}: {screen}");
        }
    });
}

#[test]
fn wide_screens_show_more_columns() {
    on_demo_day(|path| {
        let mut ui = figures_as(path, "manager", Lang::En, 160, 40);
        ui.settle();
        ui.key(KeyCode::Right).key(KeyCode::Right);
        let screen = ui.screen();
        assert!(
            screen.contains("Compared") && screen.contains("Change"),
            "{screen}"
        );
        for _ in 0..4 {
            ui.key(KeyCode::Right);
        }
        let screen = ui.screen();
        assert!(
            screen.contains("Tickets") && screen.contains("Payments"),
            "{screen}"
        );
    });
}
