//! The `orderdesk` binary: parses arguments and dispatches.

fn main() -> std::process::ExitCode {
    match orderdesk::cli::parse_args() {
        Ok(cli) => orderdesk::cli::run(cli),
        Err(code) => code,
    }
}
