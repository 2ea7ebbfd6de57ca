//! The import itself: creates and submits the parsed orders in one transaction, each in a
//! savepoint, skipping those whose channel reference was imported before.

use rusqlite::Connection;

use super::rows::{ImportedOrder, Location, RowError};
use crate::bi;
use crate::domain::access::Permission;
use crate::domain::order::Channel;
use crate::i18n::{count_en, Lang, Localized};
use crate::ops::intake::{create_draft_in, submit_order_in};
use crate::ops::{require, Actor, Error};
use crate::store::{self, Db, Retryable, StoreError};

/// An order created and submitted by the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedOne {
    pub at: Location,
    pub channel: Channel,
    pub channel_ref: String,
    pub id: i64,
    /// The order number it was given (SO-2026-000123).
    pub number: String,
}

/// An order skipped because its channel reference was imported before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlreadyImported {
    pub at: Location,
    pub channel: Channel,
    pub channel_ref: String,
    pub id: i64,
    pub number: Option<String>,
}

/// An order that was not imported, with everything found wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedOrder {
    pub at: Location,
    pub errors: Vec<RowError>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub imported: Vec<ImportedOne>,
    pub already_imported: Vec<AlreadyImported>,
    pub refused: Vec<RefusedOrder>,
}

impl ImportReport {
    /// Every error of the refused orders.
    pub fn errors(&self) -> impl Iterator<Item = &RowError> {
        self.refused.iter().flat_map(|r| r.errors.iter())
    }

    /// The file lines named by the errors, in order.
    pub fn refused_lines(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self.errors().flat_map(|e| e.at.lines()).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    fn error_lines(&self, lang: Lang) -> String {
        let mut out = String::new();
        for e in self.errors() {
            out += &format!("{}\n", e.localized(lang));
        }
        out
    }
}

impl Localized for ImportReport {
    fn localized(&self, lang: Lang) -> String {
        let mut out = String::new();
        for o in &self.imported {
            out += &format!(
                "  {} {} → {}\n",
                o.channel.as_str(),
                o.channel_ref,
                o.number
            );
        }
        for o in &self.already_imported {
            let number = o.number.as_deref().unwrap_or("-");
            out += &bi!(
                lang,
                "  {} {}：以前已导入为 {}，已跳过\n",
                "  {} {}: already imported as {}; skipped\n",
                o.channel.as_str(),
                o.channel_ref,
                number
            );
        }
        out += &self.error_lines(lang);
        out += &bi!(
            lang,
            "已导入 {} 张订单，以前已导入 {} 张（已跳过），拒绝 {} 张。",
            "Imported {}, already imported {} (skipped), refused {}.",
            match lang {
                Lang::Zh => self.imported.len().to_string(),
                Lang::En => count_en(self.imported.len(), "order", "orders"),
            },
            self.already_imported.len(),
            self.refused.len()
        );
        if !self.refused.is_empty() {
            out += lang.pick(
                "\n被拒绝的订单没有导入；改正后可重新导入同一文件，已导入的订单会自动跳过。",
                "\nThe refused orders were not imported; fix them and import the same file again: orders already imported are skipped.",
            );
        }
        out
    }
}

/// Why an import changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// Some orders are wrong, so (all or nothing) none was imported.
    #[error("nothing was imported: {} orders have errors", report.refused.len())]
    Refused {
        /// The refused orders; `imported` is empty.
        report: ImportReport,
        /// How many orders were good and would have been imported.
        good: usize,
    },
    /// The import could not run at all (permission, database).
    #[error(transparent)]
    Failed(#[from] Error),
}

impl From<StoreError> for ImportFailure {
    fn from(e: StoreError) -> Self {
        ImportFailure::Failed(Error::Store(e))
    }
}

impl From<rusqlite::Error> for ImportFailure {
    fn from(e: rusqlite::Error) -> Self {
        ImportFailure::Failed(Error::from(e))
    }
}

impl Retryable for ImportFailure {
    fn is_busy(&self) -> bool {
        matches!(self, ImportFailure::Failed(e) if e.is_busy())
    }
}

impl Localized for ImportFailure {
    fn localized(&self, lang: Lang) -> String {
        match self {
            ImportFailure::Failed(Error::Store(StoreError::Full(d))) => bi!(
                lang,
                "磁盘已满，文件中的订单一张也没有导入；数据库中没有写了一半的内容（{}）。请腾出磁盘空间后重新导入。",
                "The disk is full, so no order of the file was imported; nothing was half-written in the database ({}). Free some disk space and import again.",
                d
            ),
            ImportFailure::Failed(e) => e.localized(lang),
            ImportFailure::Refused { report, good } => {
                report.error_lines(lang)
                    + &bi!(
                        lang,
                        "未导入任何订单：{} 张订单有错误（{} 张无误，{} 张以前已导入）。请改正后重新导入，或用 --partial 只导入无误的订单。",
                        "Nothing was imported: {} ({}, {}). Fix them and import again, or use --partial to import only the good ones.",
                        match lang {
                            Lang::Zh => report.refused.len().to_string(),
                            Lang::En => count_en(
                                report.refused.len(),
                                "order has errors",
                                "orders have errors"
                            ),
                        },
                        match lang {
                            Lang::Zh => good.to_string(),
                            Lang::En => count_en(*good, "is fine", "are fine"),
                        },
                        match lang {
                            Lang::Zh => report.already_imported.len().to_string(),
                            Lang::En => count_en(
                                report.already_imported.len(),
                                "was imported before",
                                "were imported before"
                            ),
                        }
                    )
            }
        }
    }
}

/// What became of one order.
enum Outcome {
    Imported(ImportedOne),
    Already(AlreadyImported),
    Refused(RefusedOrder),
}

/// Imports orders as `actor` (who needs the order permission): each is created and
/// submitted, getting its order number, unless its channel reference was imported before.
/// Everything runs in one transaction, each order in a savepoint. Unless `partial`, one
/// bad order refuses the whole file and nothing is imported; every bad order is reported
/// either way.
pub fn import_orders(
    db: &Db,
    actor: &Actor,
    orders: &[ImportedOrder],
    partial: bool,
) -> Result<ImportReport, ImportFailure> {
    db.write(|tx| {
        require(tx, actor, Permission::CreateOrders)?;
        let mut report = ImportReport::default();
        for o in orders {
            match import_one(tx, actor, o)? {
                Outcome::Imported(x) => report.imported.push(x),
                Outcome::Already(x) => report.already_imported.push(x),
                Outcome::Refused(x) => report.refused.push(x),
            }
        }
        if !partial && !report.refused.is_empty() {
            let good = std::mem::take(&mut report.imported).len();
            return Err(ImportFailure::Refused { report, good });
        }
        Ok(report)
    })
}

fn import_one(tx: &Connection, actor: &Actor, o: &ImportedOrder) -> Result<Outcome, ImportFailure> {
    let input = &o.order;
    if o.identified {
        let channel = input.channel.as_str();
        if let Some(id) = store::orders::by_channel_ref(tx, channel, &input.channel_ref)? {
            let number = store::orders::by_id(tx, id)?.and_then(|r| r.number);
            return Ok(Outcome::Already(AlreadyImported {
                at: o.at.clone(),
                channel: input.channel,
                channel_ref: input.channel_ref.clone(),
                id,
                number,
            }));
        }
    }
    let refused = |errors: Vec<RowError>| {
        Ok(Outcome::Refused(RefusedOrder {
            at: o.at.clone(),
            errors,
        }))
    };
    if !o.problems.is_empty() {
        return refused(o.problems.clone());
    }
    // Products are looked up line by line first, so that an unknown one is reported on
    // its own line of the file (intake would name the line within the order).
    let mut errors = Vec::new();
    for (l, at) in input.lines.iter().zip(&o.line_at) {
        match crate::ops::master::product_by_code_in(tx, &l.product)? {
            None => errors.push(RowError::new(
                at.clone(),
                format!("找不到商品“{}”（货号或条码）", l.product.trim()),
                format!("no product \"{}\" (SKU or barcode)", l.product.trim()),
            )),
            Some(p) if !p.active => errors.push(RowError::new(
                at.clone(),
                format!("商品 {} 已停用", p.sku),
                format!("product {} is inactive", p.sku),
            )),
            Some(_) => {}
        }
    }
    if !errors.is_empty() {
        return refused(errors);
    }
    tx.execute_batch("SAVEPOINT imp")?;
    let created = create_draft_in(tx, actor, input)
        .and_then(|saved| submit_order_in(tx, actor, saved.id, saved.version));
    match created {
        Ok(s) => {
            tx.execute_batch("RELEASE imp")?;
            Ok(Outcome::Imported(ImportedOne {
                at: o.at.clone(),
                channel: input.channel,
                channel_ref: input.channel_ref.clone(),
                id: s.id,
                number: s.number,
            }))
        }
        Err(e) => {
            // After some failures (a full disk, an I/O error) SQLite has already undone
            // the whole transaction and the savepoint is gone: the first error is the
            // one to report, not the failed rollback.
            if let Err(undo) = tx.execute_batch("ROLLBACK TO imp; RELEASE imp") {
                return Err(match e {
                    Error::Store(_) => e.into(),
                    _ => undo.into(),
                });
            }
            match e {
                // Not about this order: the whole import stops.
                Error::Store(_) | Error::PermissionDenied { .. } => Err(e.into()),
                e => refused(vec![RowError::of(o.at.clone(), &e)]),
            }
        }
    }
}
