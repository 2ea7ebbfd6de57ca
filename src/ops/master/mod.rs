//! Master data: customers, products, warehouses and bins, carriers — create, edit (with version
//! checks against lost updates), look up and search.

mod carriers;
mod clean;
mod customers;
mod products;
mod warehouses;

pub use carriers::*;
pub use customers::*;
pub use products::*;
pub use warehouses::*;

pub use super::read::{Bin, Contact, Customer, Product, StockTotals};
