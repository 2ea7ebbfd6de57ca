//! Opens screens: the only place that names every screen. Screens, the menu, the scan
//! box and the tests ask for a [`Route`]; this file builds the view for it.

use super::route::Route;
use super::screens::{
    aftersales, carriers, cash, customers, figures, goods, intake, login, menu, order_detail,
    orders, products, queue, settings, stock, stock_count, stock_detail, stock_forms, tickets,
};
use super::view::{Env, View};
use crate::domain::access::Permission;
use crate::ops;

/// The view of a route, or why it cannot open (not found, not allowed, a busy
/// database).
pub fn open(route: Route, env: &mut Env) -> Result<Box<dyn View>, ops::Error> {
    Ok(match route {
        Route::Login => login_screen(
            &ops::setup::company_name(env.db).unwrap_or_default(),
            ops::setup::is_demo(env.db).unwrap_or(false),
        ),
        Route::Menu => Box::new(menu::Menu::default()),
        Route::Orders => home(),
        Route::NewOrder => Box::new(intake::new_order(env)?),
        Route::Order(id) => Box::new(order_detail::DetailView::open(env.db, id)?),
        Route::EditOrder(id) => {
            let detail = ops::orders::order_detail(env.db, id)?;
            Box::new(intake::IntakeForm::from_order(env.db, &detail)?)
        }
        Route::Queue => queue::open(),
        Route::Customers => customers::list(""),
        Route::CustomerMatches(rows) => customers::list_of(rows),
        Route::Customer(id) => customers::edit(env, id)?,
        Route::NewCustomer => customers::new_customer(env)?,
        Route::Products => products::list(""),
        Route::Product(id) => products::edit(env, id)?,
        Route::NewProduct => products::new_product(env)?,
        Route::Stock => stock::overview(""),
        Route::StockOf(id) => stock_detail::open(env, id)?,
        Route::Receipt(product) => stock_forms::receipt(env, product)?,
        Route::Transfer(product, from) => stock_forms::transfer(env, product, from)?,
        Route::Adjust(product, at) => stock_forms::adjust(env, product, at)?,
        Route::Count => stock_count::open(env)?,
        Route::CountBin(bin) => stock_count::open_at(env, &bin)?,
        Route::Warehouse => goods::home::open(),
        Route::Waves => goods::wave::open(),
        Route::Picking(list) => goods::picking::open(env, list.as_deref())?,
        Route::Packing(number) => goods::packing::open(env, number.as_deref())?,
        Route::Shipping(number) => goods::shipping::open(env, number.as_deref())?,
        Route::Delivery(scan) => goods::delivery::open(env, scan.as_deref()),
        Route::Receivables(customer) => cash::receivables::open(env, customer)?,
        Route::Overdue => cash::overdue::open(),
        Route::Payment => cash::payment::open(env)?,
        Route::Invoices => cash::invoices::list(),
        Route::Invoice(number) => cash::invoices::detail(number),
        Route::Ledger => cash::ledger::trial(env)?,
        Route::AccountLedger(account, period) => cash::ledger::account(account, period),
        Route::Returns => aftersales::returns::list(),
        Route::Return(number) => aftersales::return_detail::open(env, &number)?,
        Route::ReturnReceiving(number) => aftersales::receiving::open(env, number.as_deref()),
        Route::Figures => figures::open(env)?,
        Route::Settings => settings::open(env)?,
        Route::Carriers => carriers::list(),
        Route::Carrier(id) => carriers::edit(env, id)?,
        Route::NewCarrier => carriers::new_carrier(env)?,
        Route::Tickets => tickets::list::open(),
        Route::CustomerTickets(id) => tickets::list::of_customer(env, id)?,
        Route::Ticket(id) => tickets::detail::open(id),
        Route::NewTicket(customer, order) => tickets::new::open(env, customer, order)?,
        Route::Shortages => goods::shortages::open(),
        Route::Purchases => goods::purchases::open(),
        Route::PurchaseReceipt(number) => stock_forms::receipt_for_request(env, &number)?,
    })
}

/// The order list.
pub fn home() -> Box<dyn View> {
    Box::new(orders::OrdersScreen::default())
}

/// The screen after login, and under every other: the warehouse home for people whose
/// work is picking and shipping and who neither take nor approve orders, else the order
/// list.
pub fn home_for(permissions: &[Permission]) -> Box<dyn View> {
    let has = |p: Permission| permissions.contains(&p);
    if has(Permission::PickAndShip)
        && !has(Permission::CreateOrders)
        && !has(Permission::ApproveOrders)
    {
        goods::home::open()
    } else {
        home()
    }
}

/// The login screen of this company; the demo's names its users.
pub fn login_screen(company: &str, demo: bool) -> Box<dyn View> {
    let mut view = login::LoginView::new(company);
    view.demo = demo;
    Box::new(view)
}
