//! The `crosscheck` binary: all of it lives in the library's `cli` module, so tests and other
//! tools can drive the same code.

fn main() -> std::process::ExitCode {
    crosscheck::cli::main()
}
