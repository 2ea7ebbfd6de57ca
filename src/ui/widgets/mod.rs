//! Pieces the screens and layers share: frames, typed text, the paged list.

pub mod frame;
pub mod mark;
pub mod paged;
pub mod text;

pub use frame::empty_hint;
