//! orderdesk: the order-to-cash flow of a small business on one SQLite file.
//!
//! Layers (arrows point down only): `ui` and `cli` call `ops`; `ops` uses `domain`
//! and `store`; `domain` is pure; all SQL lives in `store`.

pub mod cli;
pub mod i18n;

pub mod config;
pub mod domain;
pub mod ops;
pub mod print;
pub mod store;
pub mod ui;
