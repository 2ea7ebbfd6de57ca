//! The screenshots of the after-sales screens (tickets) and of the shortage follow-up.

use crossterm::event::KeyCode;

use super::{key, keys, menu, script, shot, text, Data, Shot};
use crate::ops::{self, Db};

/// What these shots need from the demo data: an order waiting for goods a request
/// brings (with a ticket about it), and the customer of the newest ticket.
pub(super) fn data(db: &Db) -> Result<(String, String), ops::Error> {
    let short_order = match ops::shortage::shortage_page(db, None, 10)?
        .into_iter()
        .find(|s| s.expected.is_some())
    {
        Some(s) => ops::shortage::waiting_for(db, s.product_id, 1)?
            .into_iter()
            .next()
            .map(|w| w.order_no)
            .unwrap_or_default(),
        None => String::new(),
    };
    let customer = ops::tickets::tickets_page(
        db,
        None,
        ops::tickets::Scope::All,
        ops::tickets::TicketFilter::All,
        None,
        1,
    )?
    .into_iter()
    .next()
    .map(|t| t.row.customer_code)
    .unwrap_or_default();
    Ok((short_order, customer))
}

pub(super) fn shots(d: &Data) -> Vec<Shot> {
    use KeyCode::{Down, Enter, Left, Right, F};
    // Where each screen is in the menu of the user the shot logs in as.
    const CUSTOMERS: usize = 2; // sales
    const TICKETS: usize = 5; // sales
    const SHORTAGES: usize = 13; // warehouse
    const PURCHASES: usize = 14; // warehouse
    let find = |t: &str| vec![text(t), key(Enter)];
    // The ticket list with every ticket, newest first.
    let all_tickets = || vec![menu(TICKETS), keys(&[Right, Right, Right])];
    vec![
        shot("tickets", 80, 24, script("sales", vec![menu(TICKETS)])),
        shot("tickets-wide", 160, 40, script("sales", all_tickets())),
        shot(
            "tickets-overdue",
            80,
            24,
            script("sales", vec![menu(TICKETS), keys(&[Right, Right])]),
        ),
        shot(
            "ticket",
            80,
            24,
            // In progress, past its resolution time, with a call in its log.
            script(
                "sales",
                [all_tickets(), vec![keys(&[Down, Down, Down, Down, Enter])]].concat(),
            ),
        ),
        shot(
            "ticket-close",
            80,
            24,
            // Resolved, waiting for the customer's word.
            script(
                "sales",
                [
                    all_tickets(),
                    vec![
                        keys(&[Down, Down, Down, Enter, F(9)]),
                        vec![text("5"), key(Enter), text("处理很快，满意")],
                    ],
                ]
                .concat(),
            ),
        ),
        shot(
            "ticket-log",
            80,
            24,
            script(
                "sales",
                [
                    all_tickets(),
                    vec![
                        keys(&[Down, Down, Enter, F(2)]),
                        vec![text("已联系供应商，预计 12 月 3 日到货")],
                    ],
                ]
                .concat(),
            ),
        ),
        shot(
            "new-ticket",
            80,
            24,
            // From an order's detail: its customer and number are filled in.
            script(
                "sales",
                vec![
                    find(&d.in_transit_order),
                    keys(&[F(11)]),
                    vec![
                        text("外包装破损"),
                        key(Enter),
                        text("收货时发现两箱外包装破损"),
                    ],
                ],
            ),
        ),
        shot(
            "order-after-sales",
            80,
            24,
            script("sales", vec![find(&d.short_order)]),
        ),
        shot(
            "customer-tickets",
            80,
            24,
            script(
                "sales",
                vec![
                    menu(CUSTOMERS),
                    vec![text(&d.ticket_customer)],
                    keys(&[F(7)]),
                ],
            ),
        ),
        shot(
            "customer-form-tickets",
            160,
            40,
            script("sales", vec![find(&d.ticket_customer)]),
        ),
        shot(
            "shortages",
            80,
            24,
            script("warehouse", vec![menu(SHORTAGES), keys(&[Down])]),
        ),
        shot(
            "shortages-wide",
            160,
            40,
            script("warehouse", vec![menu(SHORTAGES), keys(&[Down])]),
        ),
        shot(
            "purchase-request",
            80,
            24,
            script(
                "warehouse",
                vec![menu(SHORTAGES), keys(&[Down, Down, F(2)]), vec![text("+5")]],
            ),
        ),
        shot(
            "intake-expected",
            80,
            24,
            // The counter takes a product that is short: when it comes is said.
            script(
                "sales",
                vec![
                    keys(&[F(2)]),
                    find("C00002"),
                    find("HW-000007"),
                    find("HW-000007"),
                ],
            ),
        ),
        shot(
            "purchases",
            80,
            24,
            script("warehouse", vec![menu(PURCHASES), keys(&[Left])]),
        ),
        shot(
            "purchases-wide",
            160,
            40,
            script("warehouse", vec![menu(PURCHASES), keys(&[Left])]),
        ),
    ]
}
