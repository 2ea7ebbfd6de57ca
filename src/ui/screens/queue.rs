//! The approval queue.
//! (Being built: the function below is the interface the rest of the UI calls.)

use crate::ui::app::Screen;

/// The approval queue screen.
pub fn open() -> Screen {
    Screen::Orders(Box::default())
}
