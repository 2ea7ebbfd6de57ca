//! Layers over double-width text: a pop-up keeps its left border where a wide
//! character of the screen beneath straddles its edge.

use crossterm::event::KeyCode;
use orderdesk::i18n::Lang;
use orderdesk::ui::harness::{self, Ui};
use orderdesk::ui::route::Route;

/// The rows of a frame's left edge that a terminal does not show as border: the
/// cells under each top-left corner down to its bottom-left corner, as the terminal
/// (the test backend) received them. (x, y, what is there instead.)
fn broken_left_edges(ui: &mut Ui) -> Vec<(u16, u16, String)> {
    let _ = ui.screen();
    let buf = ui.term.backend().buffer();
    let mut broken = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            if buf[(x, y)].symbol() != "┌" {
                continue;
            }
            for yy in y + 1..buf.area.height {
                match buf[(x, yy)].symbol() {
                    "└" => break,
                    "│" | "├" => {}
                    other => broken.push((x, yy, other.to_string())),
                }
            }
        }
    }
    broken
}

/// Whether the left edge of the pop-up shown (a top-left corner right of column 0) lies
/// on the second half of a wide character of the screen `beneath` it.
fn straddles(ui: &mut Ui, beneath: &[String]) -> bool {
    let _ = ui.screen();
    let buf = ui.term.backend().buffer();
    let corner = (0..buf.area.height).find_map(|y| {
        (1..buf.area.width)
            .find(|&x| buf[(x, y)].symbol() == "┌")
            .map(|x| (x, y))
    });
    let Some((x, top)) = corner else {
        return false;
    };
    beneath.iter().skip(usize::from(top)).any(|row| {
        let mut col = 0usize;
        for c in row.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if w == 2 && col + 1 == usize::from(x) {
                return true;
            }
            col += w;
            if col > usize::from(x) {
                break;
            }
        }
        false
    })
}

#[test]
fn pop_ups_keep_their_left_border_over_wide_characters() {
    let dir = tempfile::tempdir().unwrap();
    let path = harness::demo_copy(dir.path()).unwrap();
    let mut straddled = 0;
    for w in 80..=100 {
        let mut ui = Ui::new(&path, Lang::Zh, w, 24).unwrap();
        ui.login("sales");
        ui.go(Route::Orders);
        assert!(broken_left_edges(&mut ui).is_empty(), "{w}");
        // The help over the order list; the filter over the drafts.
        ui.key(KeyCode::F(1));
        let help = broken_left_edges(&mut ui);
        assert!(
            help.is_empty(),
            "help at width {w}: {help:?}\n{}",
            ui.screen()
        );
        ui.key(KeyCode::Esc);
        let beneath: Vec<String> = ui.screen().lines().map(str::to_string).collect();
        ui.key(KeyCode::F(6));
        let filter = broken_left_edges(&mut ui);
        assert!(
            filter.is_empty(),
            "filter at width {w}: {filter:?}\n{}",
            ui.screen()
        );
        // Whether the filter's left edge fell inside a wide character of the list.
        if straddles(&mut ui, &beneath) {
            straddled += 1;
        }
    }
    assert!(
        straddled > 0,
        "some width puts the edge inside a wide character"
    );
}
