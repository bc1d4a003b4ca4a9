//! Times `casebook serve`'s rebuild path in-process: a first build with a cache, then
//! edits of one case study's body, printing the process's CPU time for each (on Linux;
//! wall times are noisy on a shared machine, CPU time much less) and its resident memory
//! after it. An edit takes the server's fast path (`casebook::generate_edit`: only the
//! case's own pages are rendered, then the search index is rebuilt, timed apart); with
//! `--full` every edit is a full rebuild that reuses unchanged pages, with its stages.
//!
//!     cargo run --release --example rebuild_timing -- SITE_DIR [EDITS] [--full]
use std::time::Instant;

// The allocator of the casebook binary, so the figures match `casebook serve`.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let full = std::env::args().any(|a| a == "--full");
    let hold = std::env::args().any(|a| a == "--hold");
    let mut held = Vec::new();
    let mut args = std::env::args().skip(1).filter(|a| a != "--full" && a != "--hold");
    let usage = "usage: rebuild_timing SITE_DIR [EDITS] [--full]";
    let root = std::path::PathBuf::from(args.next().expect(usage)).canonicalize().expect(usage);
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
        if round > 0 && !full {
            if let Some(search) = fast_edit(&options, &mut cache, &case, round, hold) {
                held.push(search);
            }
            continue;
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

/// One edit through the server's fast path, then its search index.
fn fast_edit(
    options: &casebook::BuildOptions,
    cache: &mut casebook::BuildCache,
    case: &std::path::Path,
    round: usize,
    hold: bool,
) -> Option<casebook::DeferredSearch> {
    let start = Instant::now();
    let cpu_start = cpu_ms();
    let Some(edit) = casebook::generate_edit(options, cache, &[case.to_path_buf()]) else {
        println!("edit {round}: not a body-only edit (a full rebuild would follow)");
        return None;
    };
    let pages_wall = start.elapsed();
    let pages_cpu = cpu_ms().zip(cpu_start).map(|(end, start)| end - start);
    let rendered = edit.rendered;
    if hold {
        println!(
            "edit {round}: pages {:.1} ms wall, {} ms CPU ({rendered} rendered), the search index held",
            pages_wall.as_secs_f64() * 1000.0,
            pages_cpu.map_or("?".into(), |c| c.to_string()),
        );
        return Some(edit.search);
    }
    let index = edit.search.build();
    let total_cpu = cpu_ms().zip(cpu_start).map(|(end, start)| end - start);
    println!(
        "edit {round}: pages {:.1} ms wall, {} ms CPU ({rendered} rendered); with the search index ({} files) {:.0} ms wall, {} ms CPU; {} MiB resident (peak {} MiB)",
        pages_wall.as_secs_f64() * 1000.0,
        pages_cpu.map_or("?".into(), |c| c.to_string()),
        index.len(),
        start.elapsed().as_secs_f64() * 1000.0,
        total_cpu.map_or("?".into(), |c| c.to_string()),
        memory_mib("VmRSS:").map_or("?".into(), |m| m.to_string()),
        memory_mib("VmHWM:").map_or("?".into(), |m| m.to_string()),
    );
    None
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
