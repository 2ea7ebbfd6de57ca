//! Bulk loading of generated data (the large demo): the secondary indexes of the tables
//! about to receive millions of rows are set aside and built again once the rows are in,
//! from their own definitions — one sorted build costs a fraction of millions of
//! scattered inserts. Unique indexes stay: they guard what must be unique.

use rusqlite::Connection;

use super::{all, Result};

/// Drops every index of `tables` that is neither unique nor made by a constraint, and
/// returns their definitions, in the order they were created, for [`rebuild_indexes`].
pub fn set_indexes_aside(c: &Connection, tables: &[&str]) -> Result<Vec<String>> {
    let mut definitions = Vec::new();
    for table in tables {
        let found: Vec<(String, String)> = all(
            c,
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 \
             AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY rowid",
            [table],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (name, sql) in found {
            c.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
            definitions.push(sql);
        }
    }
    Ok(definitions)
}

/// Builds again the indexes [`set_indexes_aside`] dropped.
pub fn rebuild_indexes(c: &Connection, definitions: &[String]) -> Result<()> {
    for sql in definitions {
        c.execute_batch(sql)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::JournalSetting;
    use crate::store::Db;

    #[test]
    fn indexes_set_aside_come_back_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::create(&dir.path().join("b.db"), JournalSetting::Auto).unwrap();
        let schema = |db: &Db| {
            db.read(|c| {
                all(
                    c,
                    "SELECT name, sql FROM sqlite_schema WHERE type = 'index' \
                     AND tbl_name IN ('orders', 'stock_moves') AND sql IS NOT NULL ORDER BY name",
                    [],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
                )
            })
            .unwrap()
        };
        let before = schema(&db);
        let aside = db
            .write(|tx| set_indexes_aside(tx, &["orders", "stock_moves"]))
            .unwrap();
        assert!(aside.iter().any(|s| s.contains("stock_moves_product")));
        assert!(aside.iter().any(|s| s.contains("orders_queue")));
        let left = schema(&db);
        assert!(
            left.iter().all(|(_, sql)| sql.starts_with("CREATE UNIQUE")),
            "only unique indexes stay: {left:?}"
        );
        db.write(|tx| rebuild_indexes(tx, &aside)).unwrap();
        assert_eq!(schema(&db), before);
    }
}
