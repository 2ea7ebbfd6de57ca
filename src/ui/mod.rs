//! The terminal screens (ratatui): one file per screen under `ui/screens/`, reusable
//! pieces under `ui/widgets/`. Screens call `ops` only; they never touch SQL.
//!
//! The screens arrive with the order-intake work; until then `orderdesk` (and
//! `orderdesk --demo`) describe the database and point to the commands.
