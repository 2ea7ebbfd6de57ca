//! Search keys (检索键) for the name index.
//!
//! The store keeps one `(entity, gram)` row for every gram of an entity's searchable text:
//! the unigrams and bigrams of its normalised name, of the name's pinyin initials and of
//! extra strings such as its code or phone number. A query is turned into grams the same
//! way; the entities holding all of the query's grams are the candidates, and [`matches`]
//! gives the final answer. Because every substring of a searchable text has its grams in
//! that text's grams, the index never misses a match (see the property test below).

use std::collections::BTreeSet;

use super::pinyin::initials;
use super::text::half_width_char;

/// The form in which names and queries are compared: full-width ASCII made half-width,
/// lowercased, whitespace removed. `" ＡＢ 螺丝 "` → `"ab螺丝"`.
pub fn normalize(s: &str) -> String {
    s.chars()
        .map(half_width_char)
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Adds the unigrams and bigrams (by character) of `s` to `grams`.
fn add_grams(s: &str, grams: &mut BTreeSet<String>) {
    let chars: Vec<char> = s.chars().collect();
    for c in &chars {
        grams.insert(c.to_string());
    }
    for pair in chars.windows(2) {
        grams.insert(pair.iter().collect());
    }
}

/// The grams to store for an entity: the distinct unigrams and bigrams of `normalize(name)`,
/// of `initials(name)` and of each normalised `extra` string (code, phone…), sorted.
pub fn index_grams(name: &str, extra: &[&str]) -> Vec<String> {
    let mut grams = BTreeSet::new();
    add_grams(&normalize(name), &mut grams);
    add_grams(&initials(name), &mut grams);
    for e in extra {
        add_grams(&normalize(e), &mut grams);
    }
    grams.into_iter().collect()
}

/// Separates the parts of a [`search_text`]; a control character, which stored names,
/// codes and phone numbers never contain.
pub const TEXT_SEPARATOR: char = '\u{1}';

/// The searchable text of an entity as one string, for a scan that stops at the first
/// matches: `normalize(name)`, `initials(name)` and each normalised `extra`, joined by
/// [`TEXT_SEPARATOR`]. A query is found by [`matches`] exactly when `normalize(query)` is a
/// substring of one of the parts, so a substring test on this text never misses a match.
pub fn search_text(name: &str, extra: &[&str]) -> String {
    let mut text = normalize(name);
    text.push(TEXT_SEPARATOR);
    text.push_str(&initials(name));
    for e in extra {
        text.push(TEXT_SEPARATOR);
        text.push_str(&normalize(e));
    }
    text
}

/// The grams to look up for a query: nothing for a blank query, the character itself for a
/// one-character query, otherwise the query's distinct bigrams, sorted.
pub fn query_grams(query: &str) -> Vec<String> {
    let q: Vec<char> = normalize(query).chars().collect();
    match q.len() {
        0 => Vec::new(),
        1 => vec![q[0].to_string()],
        _ => {
            let grams: BTreeSet<String> = q.windows(2).map(|p| p.iter().collect()).collect();
            grams.into_iter().collect()
        }
    }
}

/// Whether `query` finds the entity: `normalize(query)` is a substring of `normalize(name)`,
/// of `initials(name)` or of a normalised `extra` string. A blank query matches everything.
pub fn matches(query: &str, name: &str, extra: &[&str]) -> bool {
    let q = normalize(query);
    normalize(name).contains(&q)
        || initials(name).contains(&q)
        || extra.iter().any(|e| normalize(e).contains(&q))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalize_folds_width_case_and_spaces() {
        assert_eq!(normalize(" ＡＢ 螺丝\u{3000}Ｍ８ "), "ab螺丝m8");
        assert_eq!(normalize("SKU-01"), "sku-01");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn index_grams_cover_name_initials_and_extras() {
        let grams = index_grams("张三五金", &["C-01"]);
        for g in [
            "张", "张三", "三五", "五金", "z", "zs", "sw", "wj", "c", "c-", "-0", "01",
        ] {
            assert!(grams.contains(&g.to_string()), "missing {g}: {grams:?}");
        }
        assert!(!grams.contains(&"张五".to_string()));
        let mut sorted = grams.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(grams, sorted);
    }

    #[test]
    fn query_grams_by_length() {
        assert!(query_grams("  ").is_empty());
        assert_eq!(query_grams("螺"), vec!["螺"]);
        assert_eq!(query_grams("Ｌ"), vec!["l"]);
        assert_eq!(query_grams("螺丝钉"), vec!["丝钉", "螺丝"]);
        assert_eq!(query_grams("aaa"), vec!["aa"]);
    }

    #[test]
    fn matches_names_initials_and_extras() {
        assert!(matches("五金", "张三五金", &[]));
        assert!(matches("ZS wj", "张三五金", &[]));
        assert!(matches("sw", "张三五金", &[]));
        assert!(matches(
            "1380013",
            "张三五金",
            &["", "138-0013-8000", "13800138000"]
        ));
        assert!(matches("", "张三五金", &[]));
        assert!(!matches("张五", "张三五金", &[]));
        assert!(!matches("zw", "张三五金", &[]));
        assert!(!matches("李", "张三五金", &["C-01"]));
    }

    #[test]
    fn search_text_joins_name_initials_and_extras() {
        let sep = TEXT_SEPARATOR;
        assert_eq!(
            search_text("张三 五金", &["C-01", ""]),
            format!("张三五金{sep}zswj{sep}c-01{sep}")
        );
        assert_eq!(search_text("ＡＢ电钻", &[]), format!("ab电钻{sep}abdz"));
    }

    fn source_text() -> impl Strategy<Value = String> {
        "[张三五金螺丝钉扳手电钻重庆a-zA-Z0-9 　ＡＢ１-]{0,10}"
    }

    proptest! {
        #[test]
        fn index_never_misses_a_match(
            name in source_text(),
            extras in prop::collection::vec(source_text(), 0..3),
            pick in 0usize..5,
            start in 0usize..12,
            len in 0usize..12,
            random_query in source_text(),
            use_random in prop::bool::weighted(0.3),
        ) {
            let extra: Vec<&str> = extras.iter().map(String::as_str).collect();
            // Mostly queries cut out of a searchable text, so the property is exercised on
            // real matches; sometimes arbitrary ones.
            let query = if use_random {
                random_query
            } else {
                let ini = initials(&name);
                let source: &str = match pick {
                    0 => &name,
                    1 => &ini,
                    n => extra.get(n - 2).copied().unwrap_or(&name),
                };
                source.chars().skip(start).take(len).collect()
            };
            if !use_random {
                prop_assert!(matches(&query, &name, &extra));
            }
            // The scan's substring test on the joined text finds every match too.
            if matches(&query, &name, &extra) {
                prop_assert!(search_text(&name, &extra).contains(&normalize(&query)));
            }
            if matches(&query, &name, &extra) {
                let index = index_grams(&name, &extra);
                for g in query_grams(&query) {
                    prop_assert!(index.binary_search(&g).is_ok(), "{:?} not in {:?}", g, index);
                }
            }
        }
    }
}
