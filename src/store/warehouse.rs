//! Who may pick: the users a pick list can be given to.

use rusqlite::Connection;

use super::{all, Result};

/// Active users who may pick: (user name, display name), by display name.
pub fn pickers(c: &Connection) -> Result<Vec<(String, String)>> {
    all(
        c,
        "SELECT DISTINCT u.username, u.display_name FROM users u \
         JOIN user_roles ur ON ur.user_id = u.id \
         JOIN role_permissions rp ON rp.role = ur.role \
         WHERE u.active = 1 AND rp.permission = 'stock.pick' \
         ORDER BY u.display_name, u.username",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}
