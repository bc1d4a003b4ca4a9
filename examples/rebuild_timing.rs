//! Times `casebook serve`'s rebuild path in-process: a first build with a cache, then
//! rebuilds after editing one case study (its body), printing each stage, the process's
//! CPU time for the build (on Linux; wall times are noisy on a shared machine, CPU time
//! much less) and its resident memory after it.
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
        let cpu_start = cpu_ms();
        let generated = casebook::generate_deferred(&options, Some(&mut cache)).expect("build");
        let total = start.elapsed();
        let cpu = cpu_ms().zip(cpu_start).map(|(end, start)| end - start);
        let label = if round == 0 { "first build".to_string() } else { format!("edit {round}") };
        println!(
            "{label}: {:.0} ms wall, {} ms CPU, {} MiB resident (peak {} MiB), {} pages ({} rendered, {} reused)",
            total.as_secs_f64() * 1000.0,
            cpu.map_or("?".into(), |c| c.to_string()),
            memory_mib("VmRSS:").map_or("?".into(), |m| m.to_string()),
            memory_mib("VmHWM:").map_or("?".into(), |m| m.to_string()),
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

/// User plus system CPU time of this process in milliseconds, from `/proc/self/stat`
/// (clock ticks, 100 per second on Linux); `None` elsewhere.
fn cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which may hold spaces) and its closing parenthesis.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10)
}

/// A memory figure of `/proc/self/status` (`VmRSS:`, `VmHWM:`) in MiB; `None` elsewhere.
fn memory_mib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    Some(line[field.len()..].trim().trim_end_matches(" kB").parse::<u64>().ok()? / 1024)
}
