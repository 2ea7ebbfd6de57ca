//! One file per screen (or per family of screens).

pub mod customer_form;
pub mod customers;
pub mod intake;
pub mod login;
pub mod master_form;
pub mod menu;
pub mod order_detail;
pub mod orders;
pub mod product_form;
pub mod products;
pub mod queue;
pub mod settings;
pub mod stock;
pub mod stock_count;
pub mod stock_count_sheet;
pub mod stock_detail;
pub mod stock_forms;
pub mod stock_panel;

use crate::ops::{self, find::Found};
use crate::ui::app::Screen;
use crate::ui::view::Env;

/// The screen for what the global scan box found.
pub fn open_found(env: &mut Env, found: Found) -> Result<Screen, ops::Error> {
    match found {
        Found::Order(id) => order_detail::DetailView::open(env.db, id),
        Found::Product(id) => products::edit(env, id),
        Found::Customer(id) => customers::edit(env, id),
        Found::Customers(rows) => Ok(customers::list_of(rows)),
    }
}
