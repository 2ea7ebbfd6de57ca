//! How a command fails: with a message already in the user's language.

use std::process::ExitCode;

use crate::i18n::{Lang, Localized};

/// A failure already put into the user's language.
pub struct Failure(pub String);

impl<E: Localized> From<(Lang, E)> for Failure {
    fn from((lang, e): (Lang, E)) -> Self {
        Failure(e.localized(lang))
    }
}

pub(super) type CliResult<T = ExitCode> = Result<T, Failure>;
