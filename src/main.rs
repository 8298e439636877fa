fn main() {
    std::process::exit(qingdan::run(std::env::args_os()));
}
