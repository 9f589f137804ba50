fn main() -> std::process::ExitCode {
    commplan::cli::run()
}
