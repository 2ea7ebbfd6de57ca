//! The terminal screens (ratatui): the application state in `app`, one file per screen
//! under `screens/`, the routes that name them (`route`) and the one place that opens
//! them (`router`), the keymap that drives behaviour, key bar and help, the theme, and
//! the SVG renderer used for the screenshots. Screens call `ops` only; they never touch
//! SQL, and they never build each other: they name a route.

use std::io::{self, Write};
use std::time::Duration;

use crossterm::event::{self, Event};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use crate::i18n::Lang;
use crate::ops::Db;

pub mod app;
pub mod form;
pub mod harness;
pub mod keymap;
pub mod layers;
pub mod route;
pub mod router;
pub mod screens;
pub mod shots;
pub mod svg;
pub mod theme;
pub mod view;
pub mod widgets;

/// Restores the terminal when the loop ends, normally or by an error; the panic hook
/// installed by `ratatui::try_init` covers panics.
struct RestoreGuard;

impl Drop for RestoreGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// How long the loop looks for another pending key before it draws. The input reader
/// (crossterm's `use-dev-tty` source, level-triggered `poll(2)`) returns whatever the
/// terminal has delivered, however large the burst, but it answers a zero timeout
/// without looking at the terminal at all: a millisecond lets it look.
const DRAIN_WAIT: Duration = Duration::from_millis(1);

/// Runs the terminal application until the user quits.
pub fn run(mut db: Db, lang: Lang, output: app::Output, keys: keymap::Keymap) -> io::Result<()> {
    // The screen must never freeze on a busy database: give up quickly, say so, and
    // try again on the next tick.
    db.set_busy_deadline(Duration::from_millis(300));
    // The guard first: if setting the terminal up fails half way, it is still restored.
    let _guard = RestoreGuard;
    let mut terminal = ratatui::try_init()?;
    let mut app = app::App::new(db, lang, theme::Theme::from_env());
    app.output = output;
    app.keys = keys;
    let size = terminal.size()?;
    app.set_size(size.width, size.height);
    let mut dirty = true;
    loop {
        if dirty {
            let mut out = io::stdout();
            if app.take_bell() {
                // BEL: the terminal beeps (or flashes) for an error at a scan screen.
                crossterm::queue!(out, crossterm::style::Print('\u{7}'))?;
            }
            crossterm::queue!(out, BeginSynchronizedUpdate)?;
            terminal.draw(|f| app.draw(f))?;
            crossterm::queue!(out, EndSynchronizedUpdate)?;
            out.flush()?;
        }
        let idle = if app.has_pending() { 100 } else { 500 };
        if event::poll(Duration::from_millis(idle))? {
            // Every pending key is handled before the next frame: a scanner's burst is
            // never slowed down by drawing.
            loop {
                match event::read()? {
                    Event::Key(k) => app.handle_key(k),
                    Event::Resize(w, h) => app.set_size(w, h),
                    Event::Paste(text) => app.paste(&text),
                    _ => {}
                }
                dirty = true;
                if app.quit || !event::poll(DRAIN_WAIT)? {
                    break;
                }
            }
            if app.quit {
                return Ok(());
            }
        } else {
            let retried = app.tick();
            dirty = app.refresh_if_changed() || retried;
        }
    }
}
