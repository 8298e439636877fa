// `clean` allocates millions of short strings and vectors across two threads; under glibc's
// malloc that was about a sixth of its CPU time. mimalloc v2 with transparent huge pages off:
// with them on, zeroing 2 MB pages cost more than the allocator saved (bench/README.md).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(qingdan::run(std::env::args_os()));
}
