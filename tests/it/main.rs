//! The integration tests, as one test binary: the crate is linked once, and the support
//! every test shares (a company of its own, built by name) lives in [`world`].
//!
//! Each module was once a binary of its own and keeps its name, so
//! `cargo test --test it ui_queue::` runs what `cargo test --test ui_queue` ran.

mod world;

mod approval;
mod approval_race;
mod auth_users;
mod bulk_demo;
mod cancel_line;
mod cash;
mod cash_race;
mod cli;
mod cli_tickets;
mod concurrency;
mod counter_flow;
mod counter_sale;
mod credit_hold;
mod export;
mod export_after_sales;
mod export_figures;
mod export_returns;
mod exposure;
mod figures;
mod goods_docs;
mod import;
mod import_files;
mod intake;
mod invoice_list;
mod master_data;
mod network;
mod newcomer;
mod order_list;
mod own_drafts;
mod packing_slip;
mod picking;
mod picking_race;
mod print;
mod pty_scan;
mod returns;
mod returns_refused;
mod scan_feedback;
mod screenshots;
mod search;
mod shipping;
mod shortages;
mod sshfs;
mod stock_ops;
mod storage;
mod tickets;
mod time;
mod transfer_count;
mod ui;
mod ui_codes;
mod ui_credit;
mod ui_figures;
mod ui_layers;
mod ui_ledger;
mod ui_master;
mod ui_messages;
mod ui_payments;
mod ui_picking;
mod ui_queue;
mod ui_receivables;
mod ui_returns;
mod ui_scan;
mod ui_shell;
mod ui_shipping;
mod ui_stock;
mod ui_tickets;
mod ui_wave;
mod upgrade;
mod walk_in;
mod whole_units;
mod words;
