//! The name index: (kind, gram, entity) rows that find Chinese substrings and pinyin
//! initials through an index instead of a table scan.

use rusqlite::{params, Connection};

use super::Result;

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

/// Replaces the grams of one entity.
pub fn set_grams(c: &Connection, kind: Kind, id: i64, grams: &[String]) -> Result<()> {
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

/// Postings are first counted up to this many: a gram below it drives the scan at once.
const QUICK_CAP: i64 = 64;
/// When every gram is common, they are counted again up to this many to find the rarest,
/// so that a long query of common words does not walk a long posting list.
const FULL_CAP: i64 = 1000;

/// Entity ids above `after_id`, ascending, that carry every one of `grams`; `accept`
/// verifies each candidate (the grams are necessary, not sufficient) and the scan stops
/// at `limit` accepted ids. The rarest gram drives the scan; the others are index probes.
pub fn find(
    c: &Connection,
    kind: Kind,
    grams: &[String],
    after_id: i64,
    limit: usize,
    mut accept: impl FnMut(i64) -> Result<bool>,
) -> Result<Vec<i64>> {
    if grams.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let mut count_st = c.prepare_cached(
        "SELECT count(*) FROM (SELECT 1 FROM search_grams \
         WHERE kind = ?1 AND gram = ?2 LIMIT ?3)",
    )?;
    let mut counted = Vec::with_capacity(grams.len());
    for g in grams {
        let n: i64 = count_st.query_row(params![kind.code(), g, QUICK_CAP], |r| r.get(0))?;
        if n == 0 {
            return Ok(Vec::new());
        }
        counted.push((n, g));
    }
    if grams.len() > 1 && counted.iter().all(|(n, _)| *n >= QUICK_CAP) {
        for entry in counted.iter_mut() {
            entry.0 = count_st.query_row(params![kind.code(), entry.1, FULL_CAP], |r| r.get(0))?;
        }
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
    let mut out = Vec::new();
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
