//! The approval queue's keys: moving and paging, opening an order, and the decisions,
//! each through `ops::approval`.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use super::{draw, number_of, Asking, Purpose, QueueView};
use crate::i18n::Lang;
use crate::ops::{self, approval::QueueCursor};
use crate::ui::keymap::{Command, Context};
use crate::ui::layers::{Answer, Reply};
use crate::ui::theme::Theme;
use crate::ui::view::{type_into, Env, Nav, Typed, View, MAX_SCAN};

impl View for QueueView {
    fn name(&self) -> &'static str {
        "queue"
    }

    fn context(&self) -> Context {
        Context::Queue
    }

    fn export(&self, _env: &Env) -> Vec<Box<dyn crate::ops::export::Source>> {
        vec![Box::new(crate::ops::export::commerce::Queue)]
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        draw::draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        if matches!(cmd, Command::Approve | Command::Reject | Command::Hold) && self.moved {
            // The order the user was looking at is gone; the highlighted one is another.
            self.moved = false;
            env.say(
                "您选中的订单已在别处处理，选中行已移到另一张订单；请确认后再按一次。",
                "The order you had selected was decided elsewhere; the selection is now on another order. Check it and press again.",
                true,
            );
            return Nav::Stay;
        }
        if matches!(
            cmd,
            Command::Up | Command::Down | Command::PageUp | Command::PageDown
        ) {
            self.moved = false;
        }
        match cmd {
            Command::Back => Nav::Back,
            Command::Up => {
                if !self.page.up() && self.page.has_earlier() {
                    self.turn_page(false, env);
                    self.page.selected = self.page.rows.len().saturating_sub(1);
                }
                Nav::Stay
            }
            Command::Down => {
                if !self.page.down() {
                    self.turn_page(true, env);
                }
                Nav::Stay
            }
            Command::PageDown => {
                self.turn_page(true, env);
                Nav::Stay
            }
            Command::PageUp => {
                self.turn_page(false, env);
                Nav::Stay
            }
            Command::Open => self.open_selected(env),
            Command::Approve => self.approve(env),
            Command::Reject => match self.selected_row() {
                Some(r) => {
                    let asking = Asking {
                        purpose: Purpose::Reject,
                        id: r.id,
                        version: r.version,
                        number: number_of(r),
                    };
                    let nav = asking.prompt(env.lang);
                    self.asking = Some(asking);
                    nav
                }
                None => {
                    Self::none_selected(env);
                    Nav::Stay
                }
            },
            Command::Hold => self.hold_or_release(env),
            _ => Nav::Stay,
        }
    }

    fn answer(&mut self, answer: Answer, env: &mut Env) -> Reply<Nav> {
        match answer {
            Answer::Text(reason) => self.decide_with(&reason, env),
            Answer::Yes | Answer::Picked(_) | Answer::GaveUp | Answer::Form(_) => {
                self.asking = None;
                Reply::Close(Nav::Stay)
            }
        }
    }

    fn key(&mut self, key: &KeyEvent, env: &mut Env) -> Nav {
        match type_into(&mut self.scan, key, MAX_SCAN, true) {
            Typed::Ended if !self.scan.trim().is_empty() => self.open_selected(env),
            _ => Nav::Stay,
        }
    }

    /// Reads this page again, keeping the selection on the same order while it is on
    /// the page; a page emptied by decisions goes back to the one before.
    fn reload(&mut self, env: &mut Env) -> bool {
        let read = |start: &Option<QueueCursor>| {
            ops::approval::queue_with_held(env.db, start.as_ref(), env.rows)
        };
        match self.page.reload(read, |r| r.id) {
            Ok(gone) => {
                self.now = env.now();
                if gone {
                    self.moved = true;
                }
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}
