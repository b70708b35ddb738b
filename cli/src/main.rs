//! `valuevector`: score a portfolio, classify blockers, roll them up.

fn main() -> std::process::ExitCode {
    valuevector_cli::main()
}
