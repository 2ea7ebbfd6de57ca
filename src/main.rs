//! The `orderdesk` binary: parses arguments and dispatches.

use clap::Parser;

fn main() -> std::process::ExitCode {
    orderdesk::cli::run(orderdesk::cli::Cli::parse())
}
