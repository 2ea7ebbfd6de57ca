//! One file per screen.

pub mod intake;
pub mod login;
pub mod order_detail;
pub mod orders;
