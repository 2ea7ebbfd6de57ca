//! One file per screen (or per family of screens).

pub mod aftersales;
pub mod carriers;
pub mod cash;
pub mod customer_form;
pub mod customers;
pub mod figures;
pub mod goods;
pub mod intake;
pub mod login;
pub mod master_form;
pub mod menu;
pub mod order_detail;
pub mod order_flows;
pub mod order_returns;
pub mod orders;
pub mod product_form;
pub mod products;
pub mod queue;
pub mod settings;
pub mod stock;
pub mod stock_count;
pub mod stock_detail;
pub mod stock_forms;
pub mod stock_panel;
pub mod tickets;
