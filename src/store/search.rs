//! The name index: (kind, gram, entity) rows that find Chinese substrings and pinyin
//! initials through an index instead of a table scan, how many entities hold each gram
//! (so that a query's rarest gram is known at once), and beside them one searchable text
//! per entity for the queries whose grams are all common.

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
    // The counts follow the grams: the entity's old grams count one less, each new one
    // one more.
    c.prepare_cached(
        "UPDATE search_gram_counts SET n = n - 1 WHERE kind = ?1 AND gram IN \
         (SELECT gram FROM search_grams WHERE kind = ?1 AND entity_id = ?2)",
    )?
    .execute(params![kind.code(), id])?;
    c.prepare_cached("DELETE FROM search_grams WHERE kind = ?1 AND entity_id = ?2")?
        .execute(params![kind.code(), id])?;
    let mut ins = c.prepare_cached(
        "INSERT OR IGNORE INTO search_grams (kind, gram, entity_id) VALUES (?1, ?2, ?3)",
    )?;
    let mut count = c.prepare_cached(
        "INSERT INTO search_gram_counts (kind, gram, n) VALUES (?1, ?2, 1) \
         ON CONFLICT (kind, gram) DO UPDATE SET n = n + 1",
    )?;
    for g in grams {
        if ins.execute(params![kind.code(), g, id])? == 1 {
            count.execute(params![kind.code(), g])?;
        }
    }
    Ok(())
}

/// The query's rarest gram is known from the counts kept beside the grams. When it has at
/// most this many postings, they drive the search from the start: its postings are walked
/// in id order, each entity's text tested in the same statement. Otherwise the search
/// first scans the searchable texts of this many ids in order: a common query finds its
/// page there, at the cost of the naive `LIKE … LIMIT` scan.
const SCAN_FIRST: i64 = 2000;
/// When that window held too few matches, a rarest gram below this many postings drives
/// the rest; when every gram is that common, the scan of texts goes on to the end, which
/// costs no more than the naive scan.
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
    // The rarest gram, from the counts: a primary-key read per gram. A gram nobody
    // holds means no match at all.
    let mut count_st = c.prepare_cached(
        "SELECT coalesce((SELECT n FROM search_gram_counts WHERE kind = ?1 AND gram = ?2), 0)",
    )?;
    let mut rarest: Option<(&String, i64)> = None;
    for g in grams {
        let n: i64 = count_st.query_row(params![kind.code(), g], |r| r.get(0))?;
        if n == 0 {
            return Ok(out);
        }
        if rarest.is_none_or(|(_, m)| n < m) {
            rarest = Some((g, n));
        }
    }
    let driver = rarest.filter(|(_, n)| *n < ways.index_cap);
    let mut postings = c.prepare_cached(
        "SELECT g.entity_id FROM search_grams g CROSS JOIN search_texts t \
         ON t.kind = g.kind AND t.entity_id = g.entity_id \
         WHERE g.kind = ?1 AND g.gram = ?2 AND g.entity_id > ?3 \
         AND instr(t.text, ?4) > 0 ORDER BY g.entity_id",
    )?;
    if let Some((gram, _)) = driver.filter(|(_, n)| *n <= ways.scan_first) {
        let rows = postings.query(params![kind.code(), gram, after_id, text])?;
        take(rows, limit, &mut accept, &mut out)?;
        return Ok(out);
    }
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
    let rows = match driver {
        Some((gram, _)) => postings.query(params![kind.code(), gram, window_end, text])?,
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

    #[test]
    fn the_counts_follow_the_grams_through_edits() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::create(&dir.path().join("s.db"), JournalSetting::Auto).unwrap();
        let all = products(&db);
        let c = db.conn();
        let (id, ..) = all[3];
        set_grams(c, Kind::Product, id, &index_grams("水泥钉", &["X-1"])).unwrap();
        set_grams(c, Kind::Product, all[4].0, &[]).unwrap();
        let wrong: i64 = c
            .query_row(
                "SELECT count(*) FROM (SELECT kind, gram FROM \
                 (SELECT kind, gram, n AS c, 0 AS g FROM search_gram_counts \
                  UNION ALL SELECT kind, gram, 0, 1 FROM search_grams) \
                 GROUP BY kind, gram HAVING SUM(c) <> SUM(g))",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(wrong, 0);
        let n: i64 = c
            .query_row(
                "SELECT n FROM search_gram_counts WHERE kind = 'p' AND gram = '泥钉'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 2, "水泥钉 (N-1) and the product renamed to it");
    }
}
