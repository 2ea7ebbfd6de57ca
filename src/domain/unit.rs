//! Units of sale (计量单位): whether a product's unit may be divided. Goods counted in
//! pieces (个, 台, 把, 套 …) are sold whole; goods measured by length, weight, volume or
//! area (米, 千克, 升 …) may be sold in fractions. The product keeps its own flag, which
//! starts from its unit and may be changed on the product form.

use super::money::Qty;

/// Units of measure, which may be divided. Compared after trimming and lower-casing.
/// Schema 5 (`0005_counter_warehouse.sql`) derives the flag of existing products from
/// the same list.
pub const MEASURES: &[&str] = &[
    // length
    "米",
    "厘米",
    "毫米",
    "千米",
    "公里",
    "尺",
    "寸",
    "m",
    "cm",
    "mm",
    "km",
    "ft",
    "in",
    // weight
    "千克",
    "公斤",
    "克",
    "斤",
    "两",
    "吨",
    "kg",
    "g",
    "t",
    "lb",
    "oz",
    // volume
    "升",
    "毫升",
    "立方米",
    "方",
    "l",
    "ml",
    "m3",
    "m³",
    // area
    "平方米",
    "平米",
    "m2",
    "m²",
];

/// Whether goods sold in this unit may be divided, as a new product starts out: units
/// of measure may, every other unit (pieces, boxes, sets) may not.
pub fn divisible_by_default(unit: &str) -> bool {
    let u = unit.trim().to_lowercase();
    MEASURES.contains(&u.as_str())
}

/// Whether a quantity is a whole number of units.
pub fn is_whole(qty: Qty) -> bool {
    qty.to_db() % 1000 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_whole_and_measures_divide() {
        for u in [
            "个", "台", "把", "套", "只", "支", "件", "盒", "箱", "pcs", "卷",
        ] {
            assert!(!divisible_by_default(u), "{u}");
        }
        for u in ["米", "千克", "kg", "KG", " m ", "升", "平方米"] {
            assert!(divisible_by_default(u), "{u}");
        }
    }

    #[test]
    fn whole_quantities() {
        assert!(is_whole(Qty::from_int(3)));
        assert!(is_whole(Qty::ZERO));
        assert!(is_whole(Qty::from_int(-2)));
        assert!(!is_whole(Qty::from_db(2500)));
        assert!(!is_whole(Qty::from_db(-1)));
    }
}
