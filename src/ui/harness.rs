//! Driving the screens without a terminal: a [`Ui`] holds the application and a test
//! backend, takes keys and typed (or scanned) text, and returns the screen as text.
//! The tests and the screenshot generator use it.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::app::App;
use super::route::Route;
use super::theme::Theme;
use crate::config::JournalSetting;
use crate::i18n::Lang;
use crate::ops::Db;
use crate::ops::{self, demo};

/// The seed and business date of the demo data the tests and screenshots show.
pub const SEED: u64 = 2026;
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default()
}

/// Builds the small demo database in `dir` and returns its path.
pub fn demo_path(dir: &Path) -> Result<PathBuf, ops::Error> {
    let path = dir.join("demo.db");
    demo::generate(
        &path,
        JournalSetting::Auto,
        demo::Scale::Small,
        SEED,
        as_of(),
        &mut |_| {},
    )?;
    Ok(path)
}

/// A copy of the small demo database in `dir`: generated once per process, then copied
/// byte for byte, so that every test has its own file without paying for the demo
/// again.
pub fn demo_copy(dir: &Path) -> Result<PathBuf, ops::Error> {
    static TEMPLATE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let bytes = match TEMPLATE.get() {
        Some(b) => b,
        None => {
            let build = dir.join("template");
            std::fs::create_dir_all(&build).map_err(io_error)?;
            let path = demo_path(&build)?;
            // Closed cleanly, the demo is all in the main file (no -wal beside it).
            let bytes = std::fs::read(&path).map_err(io_error)?;
            let _ = std::fs::remove_dir_all(&build);
            TEMPLATE.get_or_init(|| bytes)
        }
    };
    let path = dir.join("demo.db");
    std::fs::write(&path, bytes).map_err(io_error)?;
    Ok(path)
}

fn io_error(e: std::io::Error) -> ops::Error {
    ops::Error::Io {
        detail: e.to_string(),
    }
}

/// The application on a test terminal.
pub struct Ui {
    pub app: App,
    pub term: Terminal<TestBackend>,
}

impl Ui {
    pub fn new(path: &Path, lang: Lang, w: u16, h: u16) -> Result<Ui, ops::Error> {
        let db = Db::open(path, JournalSetting::Auto)?;
        let mut app = App::new(
            db,
            lang,
            Theme {
                color: true,
                ascii_borders: false,
            },
        );
        app.set_size(w, h);
        let term = Terminal::new(TestBackend::new(w, h)).map_err(|e| ops::Error::Io {
            detail: e.to_string(),
        })?;
        Ok(Ui { app, term })
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        self
    }

    /// A key with Ctrl held.
    pub fn ctrl(&mut self, c: char) -> &mut Self {
        self.app
            .handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        self
    }

    /// Typed text, one key per character, as a keyboard or a scanner sends it.
    pub fn text(&mut self, s: &str) -> &mut Self {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    /// A scan: the characters and Enter.
    pub fn scan(&mut self, s: &str) -> &mut Self {
        self.text(s).key(KeyCode::Enter)
    }

    /// Draws and returns the screen as text, a wide character counted once.
    pub fn screen(&mut self) -> String {
        // From a cleared terminal, as a screenshot is: the test backend keeps the hidden
        // half of a wide character that a later frame overwrote with narrow ones.
        let _ = self.term.clear();
        let _ = self.term.draw(|f| self.app.draw(f));
        let buf = self.term.backend().buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut x = 0;
            while x < buf.area.width {
                let sym = buf[(x, y)].symbol();
                out.push_str(sym);
                x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
            }
            out.push('\n');
        }
        out
    }

    /// The style of the cell at (x, y) after the last draw.
    pub fn style_at(&self, x: u16, y: u16) -> ratatui::style::Style {
        self.term.backend().buffer()[(x, y)].style()
    }

    /// Logs in as a demo user.
    pub fn login(&mut self, user: &str) -> &mut Self {
        self.text(user)
            .key(KeyCode::Tab)
            .text(demo::DEMO_PASSWORD)
            .key(KeyCode::Enter)
    }

    /// The name of the screen shown.
    pub fn on(&self) -> &'static str {
        self.app.screen.name()
    }

    /// Opens a screen directly, on top of the current one (instead of walking the
    /// menu); when it cannot open, the status line says why.
    pub fn go(&mut self, route: Route) -> &mut Self {
        self.app.go_to(route);
        self
    }

    /// Waits (up to a minute) until the screen has no work pending, taking what work
    /// done off the drawing thread delivered: the figures of the analysis screen.
    pub fn settle(&mut self) -> &mut Self {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            self.app.tick();
            if !self.app.screen.pending() || std::time::Instant::now() > deadline {
                return self;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// The state of the screen shown, if it is a `T`.
    pub fn view<T: 'static>(&self) -> Option<&T> {
        self.app.screen.view::<T>()
    }

    pub fn view_mut<T: 'static>(&mut self) -> Option<&mut T> {
        self.app.screen.view_mut::<T>()
    }

    /// How many times an error asked for the terminal's bell.
    pub fn bells(&self) -> usize {
        self.app.bells_asked()
    }

    /// The status line's text, if any.
    pub fn status(&self) -> String {
        self.app
            .status
            .as_ref()
            .map(|(s, _)| s.clone())
            .unwrap_or_default()
    }
}
