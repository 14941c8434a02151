//! `servicestack-codegen`: see `servicestack_codegen::cli`.

fn main() -> std::process::ExitCode {
    servicestack_codegen::cli::run(std::env::args_os())
}
