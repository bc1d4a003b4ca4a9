//! Times `casebook serve`'s rebuild path in-process: a first build with a cache, then
//! rebuilds after editing one case study (its body), printing each stage.
//!
//!     cargo run --release --example rebuild_timing -- SITE_DIR [EDITS]
use std::time::Instant;

// The allocator of the casebook binary, so the figures match `casebook serve`.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root =
        std::path::PathBuf::from(args.next().expect("usage: rebuild_timing SITE_DIR [EDITS]"));
    let edits: usize = args.next().map_or(3, |n| n.parse().expect("EDITS is a number"));
    let options = casebook::BuildOptions::new(&root);
    let mut cache = casebook::BuildCache::default();
    let case = walkdir::WalkDir::new(root.join("content/cases"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .expect("a case file")
        .into_path();
    let original = std::fs::read_to_string(&case).expect("readable case");
    for round in 0..=edits {
        if round > 0 {
            std::fs::write(&case, format!("{original}\nEdit number {round}.\n")).unwrap();
        }
        let start = Instant::now();
        let generated = casebook::generate_deferred(&options, Some(&mut cache)).expect("build");
        let total = start.elapsed();
        let label = if round == 0 { "first build".to_string() } else { format!("edit {round}") };
        println!(
            "{label}: {:.0} ms, {} pages ({} rendered, {} reused)",
            total.as_secs_f64() * 1000.0,
            generated.pages,
            cache.last.rendered,
            cache.last.reused
        );
        for (stage, d) in &generated.timings {
            println!("    {:>8.1} ms  {stage}", d.as_secs_f64() * 1000.0);
        }
    }
    std::fs::write(&case, original).unwrap();
}
