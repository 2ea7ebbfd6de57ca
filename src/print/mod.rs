//! Documents rendered from `ops` read models: order confirmation (订单确认函), pick
//! list (拣货单), delivery note (出库单), invoice and statement (对账单), as width-aware
//! plain text for dot-matrix and thermal printers and as HTML.
//!
//! The first document, the order confirmation, arrives with order intake; the text
//! measuring it will use is `domain::text::{display_width, truncate_to_width}`.
