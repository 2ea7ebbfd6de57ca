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

/// The search first scans the searchable texts of this many ids in order: a common query
/// finds its page there, at the cost of the naive `LIKE … LIMIT` scan.
const SCAN_FIRST: i64 = 2000;
/// When that window held too few matches, the query's grams are counted up to this many
/// postings. The rarest gram below it drives: its postings are walked in id order, each
/// entity's text tested in the same statement. When every gram is that common, the scan of
/// texts goes on to the end, which costs no more than the naive scan.
const INDEX_CAP: i64 = 5000;

/// Entity ids above `after_id`, ascending, whose searchable text holds `query` (normalised)
/// and that carry every one of `grams` (the query's grams, see
/// `domain::search::query_grams`); `accept` verifies each candidate and the search stops at
/// `limit` accepted ids. The answer does not depend on which way each part is found.
pub fn find(
    c: &Connection,
    kind: Kind,
    query: &str,
    grams: &[String],
    after_id: i64,
    limit: usize,
    accept: impl FnMut(i64) -> Result<bool>,
) -> Result<Vec<i64>> {
    let ways = Ways {
        scan_first: SCAN_FIRST,
        index_cap: INDEX_CAP,
    };
    find_with(c, kind, query, grams, after_id, limit, accept, ways)
}

/// How [`find_with`] chooses; the tests make every way answer.
#[derive(Debug, Clone, Copy)]
struct Ways {
    scan_first: i64,
    index_cap: i64,
}

#[allow(clippy::too_many_arguments)]
fn find_with(
    c: &Connection,
    kind: Kind,
    query: &str,
    grams: &[String],
    after_id: i64,
    limit: usize,
    mut accept: impl FnMut(i64) -> Result<bool>,
    ways: Ways,
) -> Result<Vec<i64>> {
    let mut out = Vec::new();
    if grams.is_empty() || limit == 0 {
        return Ok(out);
    }
    let text = normalize(query);
    let window_end = after_id.saturating_add(ways.scan_first.max(0));
    let mut scan = c.prepare_cached(
        "SELECT entity_id FROM search_texts WHERE kind = ?1 AND entity_id > ?2 \
         AND entity_id <= ?3 AND instr(text, ?4) > 0 ORDER BY entity_id",
    )?;
    let rows = scan.query(params![kind.code(), after_id, window_end, text])?;
    take(rows, limit, &mut accept, &mut out)?;
    if out.len() >= limit || window_end == i64::MAX {
        return Ok(out);
    }
    // Each gram is counted only up to the smallest count so far: a gram can drive only
    // when it is rarer than every gram before it.
    let mut count_st = c.prepare_cached(
        "SELECT count(*) FROM (SELECT 1 FROM search_grams \
         WHERE kind = ?1 AND gram = ?2 LIMIT ?3)",
    )?;
    let mut driver = None;
    let mut cap = ways.index_cap;
    for g in grams {
        let n: i64 = count_st.query_row(params![kind.code(), g, cap], |r| r.get(0))?;
        if n == 0 {
            return Ok(out);
        }
        if n < cap {
            cap = n;
            driver = Some(g);
        }
    }
    let mut postings;
    let rows = match driver {
        Some(gram) => {
            postings = c.prepare_cached(
                "SELECT g.entity_id FROM search_grams g CROSS JOIN search_texts t \
                 ON t.kind = g.kind AND t.entity_id = g.entity_id \
                 WHERE g.kind = ?1 AND g.gram = ?2 AND g.entity_id > ?3 \
                 AND instr(t.text, ?4) > 0 ORDER BY g.entity_id",
            )?;
            postings.query(params![kind.code(), gram, window_end, text])?
        }
        None => scan.query(params![kind.code(), window_end, i64::MAX, text])?,
    };
    take(rows, limit, &mut accept, &mut out)?;
    Ok(out)
}

/// Adds the accepted ids of `rows` to `out` until it holds `limit`.
fn take(
    mut rows: rusqlite::Rows<'_>,
    limit: usize,
    accept: &mut impl FnMut(i64) -> Result<bool>,
    out: &mut Vec<i64>,
) -> Result<()> {
    while out.len() < limit {
        let Some(r) = rows.next()? else { break };
        let id: i64 = r.get(0)?;
        if accept(id)? {
            out.push(id);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::JournalSetting;
    use crate::domain::pinyin::initials;
    use crate::domain::search::{index_grams, matches, query_grams};
    use crate::store::Db;

    /// Products with common words and rare ones, written as the store writes them.
    fn products(db: &Db) -> Vec<(i64, String, String)> {
        let mut names = Vec::new();
        for i in 0..30 {
            names.push((format!("B-{i:02}"), format!("金鼎加厚 扳手Ｍ{i}")));
            names.push((format!("D-{i:02}"), format!("加厚冲击电钻{i}")));
        }
        names.push(("RARE-1".into(), "金鼎加厚冲击电钻".into()));
        names.push(("N-1".into(), "水泥钉".into()));
        let c = db.conn();
        let mut out = Vec::new();
        for (sku, name) in names {
            c.execute(
                "INSERT INTO products (sku, name, initials, unit, list_price, floor_price, \
                 tax_bp, created_at, updated_at) VALUES (?1, ?2, ?3, '个', 0, 0, 0, '', '')",
                params![sku, name, initials(&name)],
            )
            .unwrap();
            let id = c.last_insert_rowid();
            set_grams(c, Kind::Product, id, &index_grams(&name, &[&sku])).unwrap();
            out.push((id, name, sku));
        }
        out
    }

    #[test]
    fn the_index_and_the_scan_of_texts_give_the_same_answer() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::create(&dir.path().join("s.db"), JournalSetting::Auto).unwrap();
        let all = products(&db);
        let queries = [
            "厚",
            "钉",
            "加厚",
            "扳手",
            "水泥",
            "钉水",
            "jh",
            "snd",
            "jdjhcjdz",
            "b-1",
            "rare",
            "厚 扳手Ｍ",
            "JH BS",
            "金鼎加厚冲击电钻",
            "冲击扳手",
            "手m2",
        ];
        for q in queries {
            for (after, limit) in [(0, 1), (0, 5), (0, 100), (all[10].0, 5)] {
                let expected: Vec<i64> = all
                    .iter()
                    .filter(|(id, name, sku)| *id > after && matches(q, name, &[sku]))
                    .map(|(id, ..)| *id)
                    .take(limit)
                    .collect();
                let check = |id: i64| {
                    let (_, name, sku) = all.iter().find(|p| p.0 == id).unwrap();
                    Ok(matches(q, name, &[sku]))
                };
                let grams = query_grams(q);
                let c = db.conn();
                for scan_first in [0, 7, 30, i64::MAX] {
                    for index_cap in [1, 20, i64::MAX] {
                        let ways = Ways {
                            scan_first,
                            index_cap,
                        };
                        let found =
                            find_with(c, Kind::Product, q, &grams, after, limit, check, ways)
                                .unwrap();
                        assert_eq!(
                            found, expected,
                            "{q} after {after}, limit {limit}, {ways:?}"
                        );
                    }
                }
            }
        }
    }
}
