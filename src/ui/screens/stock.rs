//! Stock: the overview with search, a product's bins, lots and movements, and the
//! receipt, transfer, adjustment and count screens.
//! (Being built: the functions below are the interface the rest of the UI calls.)

use crate::ops;
use crate::ui::app::Screen;
use crate::ui::view::Env;

/// The stock overview, searching for `query` (empty: all, by SKU).
pub fn overview(_query: &str) -> Screen {
    Screen::Orders(Box::default())
}

/// A product's stock: bins, lots, movements.
pub fn detail(_env: &mut Env, _product_id: i64) -> Result<Screen, ops::Error> {
    Ok(Screen::Orders(Box::default()))
}

/// A stock receipt, for this product if given.
pub fn receipt(_env: &mut Env, _product_id: Option<i64>) -> Result<Screen, ops::Error> {
    Ok(Screen::Orders(Box::default()))
}

/// A transfer between bins, for this product if given.
pub fn transfer(_env: &mut Env, _product_id: Option<i64>) -> Result<Screen, ops::Error> {
    Ok(Screen::Orders(Box::default()))
}

/// A stock adjustment with a reason, for this product if given.
pub fn adjust(_env: &mut Env, _product_id: Option<i64>) -> Result<Screen, ops::Error> {
    Ok(Screen::Orders(Box::default()))
}

/// A stock count (盘点).
pub fn count(_env: &mut Env) -> Result<Screen, ops::Error> {
    Ok(Screen::Orders(Box::default()))
}
