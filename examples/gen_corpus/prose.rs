//! The prose generator: templates expanded with a case's names, sentences, answers, Chinese
//! paragraphs, code blocks and tables.

use super::*;

/// Everything a case's text is generated from.
pub(crate) struct Ctx<'a> {
    pub(crate) bank: &'a Bank,
    pub(crate) unit: &'a Unit,
    pub(crate) project: &'a str,
    pub(crate) project_lc: String,
    pub(crate) module_lc: String,
    pub(crate) part_lc: String,
    pub(crate) level: String,
    pub(crate) level_zh: &'static str,
    pub(crate) year: u16,
    pub(crate) event_phrase: String,
    pub(crate) n_domains: usize,
    pub(crate) date_long: String,
    pub(crate) domains: Vec<&'static str>,
}

pub(crate) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), c.next()) {
        (Some(a), Some(b)) if a.is_ascii_uppercase() && !b.is_ascii_uppercase() => {
            let mut out = String::with_capacity(s.len());
            out.push(a.to_ascii_lowercase());
            out.push_str(&s[1..]);
            out
        }
        _ => s.to_string(),
    }
}

/// Expands a template into `out`, returning the number of words written.
pub(crate) fn expand(out: &mut String, tpl: &str, cx: &Ctx, rng: &mut Rng) -> usize {
    let start = out.len();
    let (mut last_k, mut last_w, mut last_r) = (0, 0, 0);
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').expect("unclosed placeholder");
        let key = &after[..close];
        match key {
            "B" => out.push_str(&cx.bank.name),
            "S" => out.push_str(cx.bank.short_name()),
            "Z" => out.push_str(&cx.bank.name_zh),
            "P" => out.push_str(cx.project),
            "p" => out.push_str(&cx.project_lc),
            "M" => out.push_str(&cx.module_lc),
            "Mz" => out.push_str(cx.unit.name_zh),
            "A" => out.push_str(&cx.part_lc),
            "L" => out.push_str(&cx.level),
            "Lz" => out.push_str(cx.level_zh),
            "Y" => {
                w!(out, "{}", cx.year - 1 - rng.below(3) as u16);
            }
            "Y2" => {
                w!(out, "{}", cx.year + 2 + rng.below(2) as u16);
            }
            "E" => out.push_str(&cx.event_phrase),
            "ND" => {
                w!(out, "{}", cx.n_domains);
            }
            "F" => out.push_str(&cx.date_long),
            "T" => out.push_str(rng.pick(TOOLS)),
            "X" => out.push_str(rng.pick(PRACTICES)),
            "D" => out.push_str(&lower_first(rng.pick(&cx.domains))),
            "K" | "K2" => {
                out.push_str(METRICS[fresh(rng, METRICS.len(), &mut last_k, key == "K2")])
            }
            "N" => {
                w!(out, "{}", rng.range(3, 12));
            }
            "C" => {
                w!(out, "{}", rng.range(15, 85));
            }
            "H" => {
                w!(out, "{}", rng.range(4, 36));
            }
            "W" | "W2" => out.push_str(TEAMS[fresh(rng, TEAMS.len(), &mut last_w, key == "W2")]),
            "R" | "R2" => out.push_str(RISKS[fresh(rng, RISKS.len(), &mut last_r, key == "R2")]),
            _ => panic!("unknown placeholder {key}"),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out[start..].split_ascii_whitespace().count()
}

/// An index of `0..n`; for a second placeholder (`K2`) one different from the first.
pub(crate) fn fresh(rng: &mut Rng, n: usize, last: &mut usize, second: bool) -> usize {
    let i = if second { (*last + 1 + rng.below(n - 1)) % n } else { rng.below(n) };
    *last = i;
    i
}

/// Capitalises the first ASCII letter of `out[from..]` (sentences that start with a team).
pub(crate) fn capitalise_at(out: &mut String, from: usize) {
    if let Some(c) = out[from..].chars().next().filter(char::is_ascii_lowercase) {
        out.replace_range(from..from + 1, &c.to_ascii_uppercase().to_string());
    }
}

pub(crate) fn sentences(
    out: &mut String,
    pool: &[&str],
    k: usize,
    cx: &Ctx,
    rng: &mut Rng,
) -> usize {
    let mut words = 0;
    for (j, idx) in rng.distinct(pool.len(), k).into_iter().enumerate() {
        if j > 0 {
            out.push(' ');
        }
        let at = out.len();
        words += expand(out, pool[idx], cx, rng);
        capitalise_at(out, at);
    }
    words
}

/// Templates dealt without repetition until the pool is used up (then reshuffled).
pub(crate) struct Deck {
    pub(crate) order: Vec<usize>,
    pub(crate) pos: usize,
}

impl Deck {
    pub(crate) fn new(n: usize, rng: &mut Rng) -> Deck {
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        Deck { order, pos: 0 }
    }

    pub(crate) fn next(&mut self, rng: &mut Rng) -> usize {
        if self.pos == self.order.len() {
            rng.shuffle(&mut self.order);
            self.pos = 0;
        }
        self.pos += 1;
        self.order[self.pos - 1]
    }
}

/// `k` answer sentences from `deck` (over `ANSWER`).
pub(crate) fn answer(
    out: &mut String,
    deck: &mut Deck,
    k: usize,
    cx: &Ctx,
    rng: &mut Rng,
) -> usize {
    let mut words = 0;
    for j in 0..k {
        if j > 0 {
            out.push(' ');
        }
        let at = out.len();
        let t = deck.next(rng);
        words += expand(out, ANSWER[t], cx, rng);
        capitalise_at(out, at);
    }
    words
}

pub(crate) fn chinese_paragraph(out: &mut String, cx: &Ctx, rng: &mut Rng) -> usize {
    let k = rng.range(3, 5);
    let start = out.len();
    for _ in 0..k {
        expand(out, rng.pick(ZH_OPEN), cx, rng);
        expand(out, rng.pick(ZH_SUBJ), cx, rng);
        out.push_str(rng.pick(ZH_VERB));
        out.push_str(rng.pick(ZH_OBJ));
        expand(out, rng.pick(ZH_TAIL), cx, rng);
    }
    out.push_str("\n\n");
    // Count roughly two characters as one word.
    out[start..].chars().count() / 2
}

pub(crate) fn code_block(out: &mut String, cx: &Ctx, rng: &mut Rng) -> usize {
    let lang = rng.pick(CODE_LANGS);
    let proj = slugify(cx.project);
    let bank = &cx.bank.id;
    let n = rng.range(3, 9);
    let start = out.len();
    w!(out, "```{lang}\n");
    match lang {
        "yaml" => {
            w!(
                out,
                "# {proj}: pipeline with security gates\nstages: [build, sast, sca, test, deploy]\nvariables:\n  PROJECT: {proj}\n  OWNER: {bank}\nsast:\n  stage: sast\n  script:\n    - scanner --project {proj} --fail-on high\n  allow_failure: false\nsca:\n  stage: sca\n  script:\n    - sca-scan --policy {bank}-baseline --max-critical 0 --max-high {n}\n"
            );
        }
        "bash" => {
            w!(
                out,
                "#!/usr/bin/env bash\nset -euo pipefail\n# Nightly dependency scan for {proj}\nmvn -q dependency:tree -DoutputFile=deps.txt\nsca-scan --input deps.txt --policy {bank}-baseline --threshold {n}\nif grep -q CRITICAL report.txt; then\n  echo \"blocking release of {proj}\" >&2\n  exit 1\nfi\n"
            );
        }
        "rust" => {
            w!(
                out,
                "/// Release gate used by the {proj} pipeline.\nfn gate(findings: &[Finding]) -> Result<(), String> {{\n    let blocking = findings.iter().filter(|f| f.severity >= Severity::High).count();\n    if blocking > {n} {{\n        return Err(format!(\"{{blocking}} blocking findings\"));\n    }}\n    Ok(())\n}}\n"
            );
        }
        "json" => {
            w!(
                out,
                "{{\n  \"project\": \"{proj}\",\n  \"institution\": \"{bank}\",\n  \"module\": \"{}\",\n  \"level\": \"{}\",\n  \"gates\": {{ \"sast\": true, \"sca\": true, \"dast\": {}, \"max_high\": {n} }}\n}}\n",
                cx.unit.id,
                cx.level.trim_start_matches("Level "),
                n & 1 == 0
            );
        }
        "python" => {
            w!(
                out,
                "# Weekly delivery metrics for {proj}\nimport statistics\n\ndef lead_time(changes):\n    hours = [c.deployed_at - c.committed_at for c in changes]\n    return statistics.median(hours)\n\nTHRESHOLD_HOURS = {}\n",
                n * 8
            );
        }
        _ => {
            w!(
                out,
                "# {proj} release policy\n[release]\nowner = \"{bank}\"\nwindow = \"22:00-02:00\"\nmax_parallel = {n}\n\n[gates]\nsast = true\nsca = true\ncoverage_min = 0.{}\n",
                rng.range(50, 90)
            );
        }
    }
    out.push_str("```\n\n");
    out[start..].split_ascii_whitespace().count() / 2
}

pub(crate) fn table(out: &mut String, cx: &Ctx, rng: &mut Rng) -> usize {
    let start = out.len();
    if rng.chance(0.5) {
        out.push_str("| Measure | Before | After |\n|---|---:|---:|\n");
        for idx in rng.distinct_between(METRICS.len(), 3, 5) {
            let before = rng.range(20, 99);
            let after = rng.range(5, before);
            w!(out, "| {} | {before} | {after} |\n", METRICS[idx]);
        }
    } else {
        out.push_str("| Stage | Tool | Gate |\n|---|---|---|\n");
        for stage in ["Commit", "Build", "Test", "Release", "Operate"] {
            w!(out, "| {stage} | {} | {} |\n", rng.pick(TOOLS), lower_first(rng.pick(&cx.domains)));
        }
    }
    out.push('\n');
    out[start..].split_ascii_whitespace().count() / 3
}
