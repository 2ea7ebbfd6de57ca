//! The analysis screen (数据分析): the figures of a period beside the period compared
//! with, in sections — summary, sales by day, rankings of customers, products, channels
//! and salespeople, processing times, on-time delivery by week, receivables aging and
//! staff performance. F6 chooses the period (this month, last month, this year, or two
//! typed dates), F7 what it is compared with, ← → the section, F8 what the ranking
//! groups by. The figures are read by a worker thread ([`worker`]), so the screen draws
//! at once and fills in as the parts arrive.

use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::domain::figures::parse_period;
use crate::i18n::Lang;
use crate::ops::export::figures::{Figures as FigureTable, Table};
use crate::ops::figures::{
    Comparison, Dimension, Period, Preset, Ranking, StaffRow, Summary, Times,
};
use crate::ops::{self};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Prompt, Reply};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{Env, Nav, View};

mod cells;
mod charts;
mod draw;
mod tables;
pub mod worker;

use worker::{Delivery, Part, Request, Side, Worker};

/// Figures read again at most this often when other sessions keep changing the data.
const REFRESH_AFTER: Duration = Duration::from_secs(30);

/// The sections of the screen, in the order ← → go through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Summary,
    Daily,
    Ranking,
    Times,
    OnTime,
    Aging,
    Staff,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Summary,
        Section::Daily,
        Section::Ranking,
        Section::Times,
        Section::OnTime,
        Section::Aging,
        Section::Staff,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Section::Summary => lang.pick("概览", "Summary"),
            Section::Daily => lang.pick("按日销售", "Daily"),
            Section::Ranking => lang.pick("排行", "Rankings"),
            Section::Times => lang.pick("处理时效", "Times"),
            Section::OnTime => lang.pick("准时交付", "On-time"),
            Section::Aging => lang.pick("账龄", "Aging"),
            Section::Staff => lang.pick("员工绩效", "Staff"),
        }
    }

    fn index(self) -> usize {
        Section::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    fn step(self, forward: bool) -> Section {
        let n = Section::ALL.len();
        let i = self.index();
        Section::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// The figures of one period read so far.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub summary: Option<Summary>,
    pub aging: Option<ops::cash::Aging>,
    pub rankings: Vec<Ranking>,
    pub times: Option<Times>,
    pub staff: Option<Vec<StaffRow>>,
}

impl Figures {
    pub fn ranking(&self, d: Dimension) -> Option<&Ranking> {
        self.rankings.iter().find(|r| r.dimension == d)
    }

    fn put(&mut self, part: Part) {
        match part {
            Part::Summary(s) => self.summary = Some(*s),
            Part::Aging(a) => self.aging = Some(a),
            Part::Ranking(r) => {
                self.rankings.retain(|x| x.dimension != r.dimension);
                self.rankings.push(r);
            }
            Part::Times(t) => self.times = Some(t),
            Part::Staff(s) => self.staff = Some(s),
            Part::Done => {}
        }
    }
}

/// The analysis screen's state.
pub struct FiguresView {
    pub preset: Preset,
    pub period: Period,
    pub comparison: Comparison,
    pub section: Section,
    pub dimension: Dimension,
    /// The selected row of the section's table.
    pub selected: usize,
    pub now: Figures,
    pub before: Figures,
    /// The worker is still reading.
    pub computing: bool,
    /// Why the figures could not be read, if they could not.
    pub error: Option<String>,
    worker: Option<Worker>,
    generation: u64,
    /// The company's today when the screen opened: the presets' reference.
    today: NaiveDate,
    finished_at: Option<Instant>,
    /// Another session changed the data after the figures were read.
    stale: bool,
}

/// The analysis screen on this month so far, compared with the same days of last month.
pub fn open(env: &mut Env) -> Result<Box<dyn View>, ops::Error> {
    let today = ops::today(env.db)?;
    let period = Preset::ThisMonth
        .period(today)
        .or_else(|| Period::new(today, today))
        .ok_or_else(|| ops::Error::Io {
            detail: "no period".into(),
        })?;
    Ok(Box::new(FiguresView {
        preset: Preset::ThisMonth,
        period,
        comparison: Comparison::Previous,
        section: Section::Summary,
        dimension: Dimension::Customer,
        selected: 0,
        now: Figures::default(),
        before: Figures::default(),
        computing: false,
        error: None,
        worker: None,
        generation: 0,
        today,
        finished_at: None,
        stale: false,
    }))
}

impl FiguresView {
    /// The period compared with, if any.
    pub fn compared(&self) -> Option<Period> {
        self.comparison.of(self.period)
    }

    /// Starts reading the figures of the chosen periods; `clear` forgets what is shown
    /// (another period), else it stays until the new figures replace it.
    fn compute(&mut self, env: &mut Env, clear: bool) {
        if clear {
            self.now = Figures::default();
            self.before = Figures::default();
            self.selected = 0;
        }
        self.error = None;
        self.stale = false;
        self.generation += 1;
        let request = Request {
            now: self.period,
            before: self.compared(),
            moment: env.now(),
        };
        match Worker::start(env.db, self.generation, request) {
            Ok(w) => {
                self.worker = Some(w);
                self.computing = true;
            }
            Err(e) => {
                self.worker = None;
                self.computing = false;
                env.error(&e);
            }
        }
    }

    /// Takes what the worker has read; returns whether anything changed.
    fn collect(&mut self, env: &mut Env) -> bool {
        let Some(w) = &self.worker else {
            return false;
        };
        let (parts, ended) = w.take();
        let mut changed = false;
        for Delivery {
            generation,
            side,
            part,
        } in parts
        {
            if generation != self.generation {
                continue;
            }
            changed = true;
            match part {
                Ok(Part::Done) => self.finish(),
                Ok(part) => match side {
                    Side::Now => self.now.put(part),
                    Side::Before => self.before.put(part),
                },
                Err(e) => {
                    self.error = Some(crate::i18n::Localized::localized(&e, env.lang));
                    env.error(&e);
                    self.finish();
                }
            }
        }
        if ended && self.computing {
            self.finish();
            changed = true;
        }
        changed
    }

    fn finish(&mut self) {
        self.computing = false;
        self.finished_at = Some(Instant::now());
        self.worker = None;
    }

    /// Rows of the table the section shows (for moving the selection).
    fn rows(&self) -> usize {
        match self.section {
            Section::Daily => self.now.summary.as_ref().map_or(0, |s| s.sales.days.len()),
            Section::Ranking => self.now.ranking(self.dimension).map_or(0, |r| r.rows.len()),
            Section::Staff => self.now.staff.as_ref().map_or(0, Vec::len),
            _ => 0,
        }
    }

    fn choose_preset(&mut self, env: &mut Env) -> Nav {
        let i = Preset::ALL
            .iter()
            .position(|p| *p == self.preset)
            .unwrap_or(0);
        let next = Preset::ALL[(i + 1) % Preset::ALL.len()];
        match next.period(self.today) {
            Some(p) => {
                self.preset = next;
                self.period = p;
                self.compute(env, true);
                Nav::Stay
            }
            None => Nav::Open(Box::new(Prompt::new(
                env.lang
                    .pick(
                        "自定义期间（如 2026-01-01 2026-03-31、2026-03）",
                        "Custom period (2026-01-01 2026-03-31, 2026-03, …)",
                    )
                    .to_string(),
            ))),
        }
    }

    /// The table of the section shown (the ranking by what it groups by now).
    pub fn table(&self) -> Table {
        match self.section {
            Section::Summary => Table::Summary,
            Section::Daily => Table::Daily,
            Section::Ranking => Table::Ranking(self.dimension),
            Section::Times => Table::Times,
            Section::OnTime => Table::OnTime,
            Section::Aging => Table::Aging,
            Section::Staff => Table::Staff,
        }
    }

    fn open_selected(&self) -> Nav {
        if self.section != Section::Ranking {
            return Nav::Stay;
        }
        let Some(r) = self
            .now
            .ranking(self.dimension)
            .and_then(|r| r.rows.get(self.selected))
        else {
            return Nav::Stay;
        };
        match self.dimension {
            Dimension::Customer => Nav::Push(Route::Receivables(r.id)),
            Dimension::Product => Nav::Push(Route::StockOf(r.id)),
            _ => Nav::Stay,
        }
    }
}

impl View for FiguresView {
    fn name(&self) -> &'static str {
        "figures"
    }

    fn context(&self) -> Context {
        Context::Figures
    }

    /// The section shown for the period shown first, then every other table of the
    /// screen for the same periods.
    fn export(&self, _env: &Env) -> Vec<Box<dyn ops::export::Source>> {
        let shown = self.table();
        std::iter::once(shown)
            .chain(Table::ALL.into_iter().filter(|t| *t != shown))
            .map(|table| {
                Box::new(FigureTable {
                    table,
                    period: self.period,
                    compared: self.compared(),
                }) as Box<dyn ops::export::Source>
            })
            .collect()
    }

    fn draw(&self, f: &mut ratatui::Frame, area: ratatui::layout::Rect, lang: Lang, theme: Theme) {
        draw::draw(self, f, area, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        let page = usize::try_from(env.rows).unwrap_or(1).max(1);
        let last = self.rows().saturating_sub(1);
        match cmd {
            Command::Back => Nav::Back,
            Command::NextStage | Command::PrevStage => {
                self.section = self.section.step(cmd == Command::NextStage);
                self.selected = 0;
                Nav::Stay
            }
            Command::Filter => self.choose_preset(env),
            Command::Sort => {
                let i = Comparison::ALL
                    .iter()
                    .position(|c| *c == self.comparison)
                    .unwrap_or(0);
                self.comparison = Comparison::ALL[(i + 1) % Comparison::ALL.len()];
                self.compute(env, true);
                Nav::Stay
            }
            Command::ChoiceNext => {
                let i = Dimension::ALL
                    .iter()
                    .position(|d| *d == self.dimension)
                    .unwrap_or(0);
                self.dimension = Dimension::ALL[(i + 1) % Dimension::ALL.len()];
                self.section = Section::Ranking;
                self.selected = 0;
                Nav::Stay
            }
            Command::Preview => {
                self.compute(env, false);
                Nav::Stay
            }
            Command::Up => {
                self.selected = self.selected.saturating_sub(1);
                Nav::Stay
            }
            Command::Down => {
                self.selected = (self.selected + 1).min(last);
                Nav::Stay
            }
            Command::PageUp => {
                self.selected = self.selected.saturating_sub(page);
                Nav::Stay
            }
            Command::PageDown => {
                self.selected = (self.selected + page).min(last);
                Nav::Stay
            }
            Command::Open => self.open_selected(),
            _ => Nav::Stay,
        }
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        let Answer::Text(text) = answer else {
            env.clear();
            return Reply::Close(Nav::Stay);
        };
        match parse_period(&text) {
            Some(p) => {
                self.preset = Preset::Custom;
                self.period = p;
                env.clear();
                self.compute(env, true);
                Reply::Close(Nav::Stay)
            }
            None => {
                env.warn(crate::bi!(
                    env.lang,
                    "看不懂“{}”：请输入两个日期（开始不晚于结束，最长 10 年），如 2026-01-01 2026-03-31。",
                    "Cannot read \"{}\": type two dates (the first not after the second, 10 years at most), e.g. 2026-01-01 2026-03-31.",
                    crate::domain::text::shown(text.trim())
                ));
                Reply::Keep
            }
        }
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        if self.computing {
            return true;
        }
        match self.finished_at {
            // Read recently: read again a while later, not on every change of others.
            Some(t) if t.elapsed() < REFRESH_AFTER => self.stale = true,
            _ => {
                let first = self.finished_at.is_none() && self.generation == 0;
                self.compute(env, first);
            }
        }
        true
    }

    fn tick(&mut self, env: &mut Env) -> bool {
        let changed = self.collect(env);
        let due = self
            .finished_at
            .is_some_and(|t| t.elapsed() >= REFRESH_AFTER);
        if self.stale && !self.computing && due {
            self.compute(env, false);
        }
        changed
    }

    fn pending(&self) -> bool {
        self.computing
    }
}
