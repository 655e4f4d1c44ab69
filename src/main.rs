fn main() -> std::process::ExitCode {
    zhucun::cli::main()
}
