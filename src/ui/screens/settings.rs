//! Company settings (admin): approval thresholds.
//! (Being built: the function below is the interface the rest of the UI calls.)

use crate::ops;
use crate::ui::app::Screen;
use crate::ui::view::Env;

/// The settings form.
pub fn open(_env: &mut Env) -> Result<Screen, ops::Error> {
    Ok(Screen::Orders(Box::default()))
}
