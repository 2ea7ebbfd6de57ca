//! Pure business types and rules: money, quantities, terms, order stages, barcodes,
//! text rules, search keys. No I/O, and nothing of the rest of the project is imported
//! here except the message catalogue's `Lang`.

pub mod access;
pub mod approval;
pub mod barcode;
pub mod customer;
pub mod date;
pub mod field;
pub mod figures;
pub mod goods;
pub mod ledger;
pub mod money;
pub mod order;
pub mod pinyin;
pub mod purchase;
pub mod returns;
pub mod search;
pub mod stock;
pub mod table;
pub mod terms;
pub mod text;
pub mod ticket;
pub mod unit;
