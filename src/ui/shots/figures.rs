//! The screenshots of the analysis screen (数据分析), as the manager sees it on the
//! demo's business day: every section, a year, a typed period, the export layer over
//! it, 80×24 and wide.

use crossterm::event::KeyCode::{Down, Left, Right, F};

use super::{keys, menu, script, shot, text, Shot};

/// Where the analysis screen is in the manager's menu (after the return list, which a
/// manager reads too).
const FIGURES: usize = 13;

pub(super) fn shots() -> Vec<Shot> {
    let open = || menu(FIGURES);
    let manager = |more: Vec<super::Step>| script("manager", vec![open(), more]);
    // F6 twice: this year so far.
    let year = |more: &[crossterm::event::KeyCode]| {
        let mut k = vec![F(6), F(6)];
        k.extend_from_slice(more);
        manager(keys(&k))
    };
    vec![
        shot("figures", 80, 24, manager(vec![])),
        shot("figures-wide", 160, 40, manager(vec![])),
        shot("figures-daily", 80, 24, manager(keys(&[Right]))),
        shot("figures-ranking", 80, 24, manager(keys(&[Right, Right]))),
        shot("figures-products-wide", 160, 40, manager(keys(&[F(8)]))),
        shot(
            "figures-times",
            80,
            24,
            manager(keys(&[Right, Right, Right])),
        ),
        shot(
            "figures-on-time",
            80,
            24,
            year(&[Right, Right, Right, Right]),
        ),
        shot("figures-aging", 80, 24, manager(keys(&[Left, Left]))),
        shot("figures-staff", 80, 24, year(&[Left])),
        shot("figures-staff-wide", 160, 40, year(&[Left])),
        // F12 over the ranking: the table shown first, for the period shown.
        shot(
            "figures-export",
            80,
            24,
            manager(
                [
                    keys(&[F(8), F(12), Down]),
                    vec![text("/srv/orderdesk/documents")],
                ]
                .concat(),
            ),
        ),
        shot(
            "figures-custom",
            80,
            24,
            manager(vec![
                super::key(F(6)),
                super::key(F(6)),
                super::key(F(6)),
                text("2026-11-02 2026-11-08"),
            ]),
        ),
    ]
}
