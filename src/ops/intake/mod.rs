//! Order intake (商流): drafts, edits protected by a version, submission with the
//! gapless order number, cancellation with a reason. Each function is one transaction
//! with its permission check, timeline row and audit row.
//!
//! Submitting moves the order to `submitted` and runs the approval rules
//! ([`super::lifecycle`]); cancelling releases its stock ([`super::reservation`]).

mod cancel;
mod draft;
mod products;

pub use super::lifecycle::Outcome;
pub use cancel::{cancel_line, cancel_order};
pub use draft::{
    create_draft, submit_order, update_order, LineInput, OrderInput, Saved, Submitted, MAX_LINES,
};
pub(crate) use draft::{create_draft_in, submit_order_in};
pub use products::{line_product, line_product_by_code, line_products_named, LineProduct};
