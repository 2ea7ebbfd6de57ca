//! Name search as the counter meets it: common words with many matches, rare names, one-
//! and two-character Chinese, pinyin initials and SKUs, each checked against a plain test of
//! every name. (That the gram index and the scan of texts answer alike is tested in
//! `store::search`.)

use crate::world::*;
use orderdesk::config::JournalSetting;
use orderdesk::domain::search;
use orderdesk::ops::master;
use orderdesk::store::{Db, StoreError, MIGRATIONS, SCHEMA_VERSION};

/// How many names share each common word.
const MANY: usize = 300;

/// Products whose words are common (each in `MANY` names or more) and one whose name joins
/// them into a rare combination, plus a few rare names.
fn shop() -> World {
    let w = world();
    let add = |sku: &str, name: &str| {
        master::create_product(&w.db, &w.admin, &product_input(sku, name)).expect(sku);
    };
    for i in 0..MANY {
        add(&format!("B-{i:03}"), &format!("金鼎加厚 扳手Ｍ{i}"));
        add(&format!("D-{i:03}"), &format!("加厚冲击电钻{i}"));
    }
    add("RARE-1", "金鼎加厚冲击电钻");
    add("FW-1", "ＡＢ 螺丝 Ｍ８");
    add("N-1", "水泥钉");
    for i in 0..MANY {
        master::create_customer(
            &w.db,
            &w.admin,
            &customer_input(&format!("K{i:03}"), &format!("恒达建材{i}")),
        )
        .expect("customer");
    }
    master::create_customer(&w.db, &w.admin, &customer_input("K-RARE", "恒达永顺建材"))
        .expect("customer");
    w
}

/// What a product search must answer: the product with that code first, then the first
/// `limit` names, initials or SKUs above `after` holding the query, by id.
fn expected_products(w: &World, q: &str, after: i64, limit: usize) -> Vec<i64> {
    let mut out = Vec::new();
    if after == 0 {
        if let Some(p) = master::product_by_code(&w.db, q).unwrap() {
            out.push(p.id);
        }
    }
    let mut st =
        w.db.conn()
            .prepare("SELECT id, name, sku FROM products WHERE id > ?1 ORDER BY id")
            .unwrap();
    let rows = st
        .query_map([after], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (id, name, sku) = row.unwrap();
        if out.len() >= limit {
            break;
        }
        if search::matches(q, &name, &[&sku]) && !out.contains(&id) {
            out.push(id);
        }
    }
    out.truncate(limit);
    out
}

fn found_products(w: &World, q: &str, after: i64, limit: usize) -> Vec<i64> {
    master::find_products(&w.db, q, after, limit)
        .expect(q)
        .into_iter()
        .map(|p| p.id)
        .collect()
}

fn id_of(w: &World, sku: &str) -> i64 {
    master::product_by_code(&w.db, sku).unwrap().unwrap().id
}

#[test]
fn every_kind_of_product_query_finds_what_a_test_of_every_name_finds() {
    let w = shop();
    let queries = [
        // One Chinese character: common, rare.
        "厚",
        "钉",
        // Two characters: common, rare, none.
        "加厚",
        "扳手",
        "水泥",
        "泥钉",
        "钉水",
        // Pinyin initials: common, rare.
        "jh",
        "jdjh",
        "snd",
        "jdjhcjdz",
        // SKUs, whole and in part.
        "B-012",
        "b-01",
        "rare",
        "fw-1",
        // Width, case and spaces folded.
        "ab螺丝m8",
        "ＡＢ螺丝",
        "螺丝 m８",
        "厚扳手m",
        "厚 扳手Ｍ",
        "JH BS",
        "加厚 扳手 Ｍ1",
        // A long rare name made of common words, and one that is nowhere.
        "金鼎加厚冲击电钻",
        "金鼎加厚冲击电钻2",
        "冲击扳手",
    ];
    for q in queries {
        for limit in [1, 20, 1000] {
            assert_eq!(
                found_products(&w, q, 0, limit),
                expected_products(&w, q, 0, limit),
                "{q} (limit {limit})"
            );
        }
    }
    assert_eq!(
        found_products(&w, "金鼎加厚冲击电钻", 0, 20),
        [id_of(&w, "RARE-1")]
    );
    assert_eq!(found_products(&w, "jdjhcjdz", 0, 20), [id_of(&w, "RARE-1")]);
    assert_eq!(found_products(&w, "ab螺丝m8", 0, 20), [id_of(&w, "FW-1")]);
    assert_eq!(found_products(&w, "钉", 0, 20), [id_of(&w, "N-1")]);
    assert_eq!(found_products(&w, "加厚", 0, 20).len(), 20);
    assert_eq!(found_products(&w, "厚扳手m", 0, 1000).len(), MANY);
    assert_eq!(found_products(&w, "厚 扳手Ｍ", 0, 1000).len(), MANY);
    assert_eq!(found_products(&w, "JH BS", 0, 1000).len(), MANY);
    assert!(found_products(&w, "冲击扳手", 0, 20).is_empty());
}

#[test]
fn a_common_substring_pages_through_its_many_matches() {
    let w = shop();
    let mut after = 0;
    let mut seen = Vec::new();
    loop {
        let page = found_products(&w, "加厚", after, 50);
        assert_eq!(
            page,
            expected_products(&w, "加厚", after, 50),
            "after {after}"
        );
        let Some(&last) = page.last() else { break };
        seen.extend(page);
        after = last;
    }
    assert_eq!(seen.len(), 2 * MANY + 1);
    assert!(seen.windows(2).all(|p| p[0] < p[1]));
}

#[test]
fn customers_are_found_alike_by_common_and_rare_words() {
    let w = shop();
    let expected = |q: &str, limit: usize| -> Vec<i64> {
        let mut st =
            w.db.conn()
                .prepare("SELECT id, name, code, coalesce(phone, '') FROM customers ORDER BY id")
                .unwrap();
        let rows: Vec<(i64, String, String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.into_iter()
            .filter(|(_, name, code, phone)| search::matches(q, name, &[code, phone]))
            .map(|(id, ..)| id)
            .take(limit)
            .collect()
    };
    for q in [
        "恒", "恒达", "建材", "hdjc", "永顺", "ys", "达永", "hdysjc", "k-r", "材1",
    ] {
        let found: Vec<i64> = master::find_customers(&w.db, q, 20)
            .expect(q)
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(found, expected(q, 20), "{q}");
    }
    let rare = master::find_customers(&w.db, "恒达永顺建材", 20).unwrap();
    assert_eq!(rare.len(), 1);
    assert_eq!(rare[0].code, "K-RARE");
}

#[test]
fn migrating_an_older_file_builds_the_searchable_texts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let old = Db::create_with_migrations(&path, JournalSetting::Auto, &MIGRATIONS[..2]).unwrap();
    old.write(|tx| {
        tx.execute_batch(
            "INSERT INTO customers (code, name, initials, phone, created_at, updated_at) \
             VALUES ('C-01', '张三 五金', 'zswj', '0571-8888', '2026-01-01', '2026-01-01'), \
                    ('C-02', 'ＡＢ电钻', 'abdz', NULL, '2026-01-01', '2026-01-01'); \
             INSERT INTO products (sku, name, initials, unit, list_price, floor_price, tax_bp, \
                                   created_at, updated_at) \
             VALUES ('SCR-01', '一字 螺丝刀', 'yzlsd', '把', 0, 0, 0, '2026-01-01', '2026-01-01');",
        )?;
        Ok::<_, StoreError>(())
    })
    .unwrap();
    drop(old);
    let db = Db::open(&path, JournalSetting::Auto).unwrap();
    assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
    let mut st = db
        .conn()
        .prepare("SELECT kind, text FROM search_texts ORDER BY kind, entity_id")
        .unwrap();
    let texts: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        texts,
        [
            (
                "c".to_string(),
                search::search_text("张三 五金", &["C-01", "0571-8888"])
            ),
            (
                "c".to_string(),
                search::search_text("ＡＢ电钻", &["C-02", ""])
            ),
            (
                "p".to_string(),
                search::search_text("一字 螺丝刀", &["SCR-01"])
            ),
        ]
    );
}
