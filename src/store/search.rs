//! The name index: (kind, gram, entity) rows that find Chinese substrings and pinyin
//! initials through an index instead of a table scan, and beside them one searchable
//! text per entity for the queries whose grams are all common.

use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::{params, Connection};

use super::Result;
use crate::domain::search::{normalize, search_text};

/// Which entities a gram row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Customer,
    Product,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::Customer => "c",
            Kind::Product => "p",
        }
    }
}

/// Registers `search_text(name, extra…)` (see `domain::search::search_text`) on a
/// connection: the migration that builds the searchable texts and [`set_grams`] use it.
pub fn register_functions(c: &Connection) -> rusqlite::Result<()> {
    c.create_scalar_function(
        "search_text",
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx: &Context<'_>| {
            let mut parts = Vec::with_capacity(ctx.len());
            for i in 0..ctx.len() {
                parts.push(ctx.get::<Option<String>>(i)?.unwrap_or_default());
            }
            let Some((name, extra)) = parts.split_first() else {
                return Ok(String::new());
            };
            let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
            Ok(search_text(name, &extra))
        },
    )
}

/// Replaces the grams of one entity, and its searchable text, taken from its stored row
/// as the migration that introduced the texts takes it.
pub fn set_grams(c: &Connection, kind: Kind, id: i64, grams: &[String]) -> Result<()> {
    let text_sql = match kind {
        Kind::Customer => {
            "INSERT OR REPLACE INTO search_texts (kind, entity_id, text) \
             SELECT 'c', id, search_text(name, code, coalesce(phone, '')) FROM customers WHERE id = ?1"
        }
        Kind::Product => {
            "INSERT OR REPLACE INTO search_texts (kind, entity_id, text) \
             SELECT 'p', id, search_text(name, sku) FROM products WHERE id = ?1"
        }
    };
    c.prepare_cached(text_sql)?.execute([id])?;
    c.prepare_cached("DELETE FROM search_grams WHERE kind = ?1 AND entity_id = ?2")?
        .execute(params![kind.code(), id])?;
    let mut ins = c.prepare_cached(
        "INSERT OR IGNORE INTO search_grams (kind, gram, entity_id) VALUES (?1, ?2, ?3)",
    )?;
    for g in grams {
        ins.execute(params![kind.code(), g, id])?;
    }
    Ok(())
}

/// A query whose rarest gram has fewer postings than this goes through the index: the
/// rarest gram drives, the others are probed. Otherwise every gram is common, and a scan
/// of the searchable texts in id order is never much slower than the naive `LIKE` scan:
/// it stops at the limit when matches are many, and reads one small table when they are few.
const INDEX_CAP: i64 = 256;

/// Entity ids above `after_id`, ascending, whose searchable text may hold `query` and that
/// carry every one of `grams` (the query's grams, see `domain::search::query_grams`);
/// `accept` verifies each candidate (the grams and the text are necessary, not sufficient)
/// and the search stops at `limit` accepted ids. The answer does not depend on which way
/// is taken: a rare gram drives a scan of its postings, with the other grams as index
/// probes; when every gram is common the texts are scanned in id order.
pub fn find(
    c: &Connection,
    kind: Kind,
    query: &str,
    grams: &[String],
    after_id: i64,
    limit: usize,
    mut accept: impl FnMut(i64) -> Result<bool>,
) -> Result<Vec<i64>> {
    if grams.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    // Each gram is counted only up to the smallest count so far: a gram can drive only
    // when it is rarer than every gram before it.
    let mut count_st = c.prepare_cached(
        "SELECT count(*) FROM (SELECT 1 FROM search_grams \
         WHERE kind = ?1 AND gram = ?2 LIMIT ?3)",
    )?;
    let mut counted = Vec::with_capacity(grams.len());
    let mut cap = INDEX_CAP;
    for g in grams {
        let n: i64 = count_st.query_row(params![kind.code(), g, cap], |r| r.get(0))?;
        if n == 0 {
            return Ok(Vec::new());
        }
        cap = cap.min(n);
        counted.push((n, g));
    }
    let mut out = Vec::new();
    if cap >= INDEX_CAP {
        let mut scan = c.prepare_cached(
            "SELECT entity_id FROM search_texts \
             WHERE kind = ?1 AND entity_id > ?2 AND instr(text, ?3) > 0 ORDER BY entity_id",
        )?;
        let mut rows = scan.query(params![kind.code(), after_id, normalize(query)])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if accept(id)? {
                out.push(id);
                if out.len() >= limit {
                    break;
                }
            }
        }
        return Ok(out);
    }
    counted.sort();
    let driver = counted[0].1;
    let others: Vec<&String> = counted[1..].iter().map(|(_, g)| *g).collect();
    let mut probe = c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM search_grams WHERE kind = ?1 AND gram = ?2 AND entity_id = ?3)",
    )?;
    let mut scan = c.prepare_cached(
        "SELECT entity_id FROM search_grams WHERE kind = ?1 AND gram = ?2 AND entity_id > ?3 \
         ORDER BY entity_id",
    )?;
    let mut rows = scan.query(params![kind.code(), driver, after_id])?;
    'rows: while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        for g in &others {
            let has: i64 = probe.query_row(params![kind.code(), g, id], |r| r.get(0))?;
            if has == 0 {
                continue 'rows;
            }
        }
        if accept(id)? {
            out.push(id);
            if out.len() >= limit {
                break;
            }
        }
    }
    Ok(out)
}
