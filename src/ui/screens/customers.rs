//! Customers: the list with search, and the form to create or edit one.
//! (Being built: the functions below are the interface the rest of the UI calls.)

use crate::ops;
use crate::store::customers::CustomerRow;
use crate::ui::app::Screen;
use crate::ui::view::Env;

/// The customer list, searching for `query` (empty: all, by code).
pub fn list(_query: &str) -> Screen {
    Screen::Orders(Box::default())
}

/// The customer list showing these rows (several matches of a scan).
pub fn list_of(_rows: Vec<CustomerRow>) -> Screen {
    Screen::Orders(Box::default())
}

/// The form of an existing customer.
pub fn edit(_env: &mut Env, _id: i64) -> Result<Screen, ops::Error> {
    Ok(Screen::Orders(Box::default()))
}
