//! The generated registry (institutions and units) and the YAML files written from it:
//! `site.yaml`, `banks.yaml` and `modules.yaml`, with the YAML scalar helpers.

use super::*;

pub(crate) struct Bank {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) name_zh: String,
    pub(crate) short: Option<String>,
    pub(crate) aliases: Vec<String>,
    pub(crate) kind: &'static str,
    pub(crate) region: Option<String>,
    pub(crate) description: String,
}

impl Bank {
    pub(crate) fn short_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }
}

/// A part or a module, flattened.
pub(crate) struct Unit {
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
    pub(crate) name_zh: &'static str,
    pub(crate) aliases: &'static [&'static str],
    /// Index of the part in `PARTS`.
    pub(crate) part: usize,
    pub(crate) is_part: bool,
}

pub(crate) fn norm(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Collects institutions while keeping every id, name and alias unique.
pub(crate) struct BankSet {
    pub(crate) banks: Vec<Bank>,
    pub(crate) keys: HashSet<String>,
}

impl BankSet {
    /// Adds a bank unless its id, name, Chinese name or short name is taken; aliases that
    /// are taken are dropped.
    pub(crate) fn add(&mut self, mut b: Bank) -> bool {
        let mut primary: Vec<String> = vec![norm(&b.id), norm(&b.name), norm(&b.name_zh)];
        if let Some(s) = &b.short {
            primary.push(norm(s));
        }
        if primary.iter().any(|k| self.keys.contains(k)) {
            return false;
        }
        let mut own: HashSet<String> = primary.iter().cloned().collect();
        b.aliases.retain(|a| {
            let k = norm(a);
            !k.is_empty() && !self.keys.contains(&k) && own.insert(k)
        });
        self.keys.extend(own);
        self.banks.push(b);
        true
    }
}

pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

pub(crate) fn initials(text: &str) -> String {
    text.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_ascii_uppercase())
        .collect()
}

pub(crate) fn build_banks(rng: &mut Rng) -> Vec<Bank> {
    let mut set = BankSet { banks: Vec::new(), keys: HashSet::new() };
    for &(id, name, zh, short, aliases, kind, region) in FIXED_BANKS {
        let ok = set.add(Bank {
            id: id.into(),
            name: name.into(),
            name_zh: zh.into(),
            short: (short != name).then(|| short.to_string()),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            kind,
            region: (!region.is_empty()).then(|| region.to_string()),
            description: describe(rng, kind, name),
        });
        assert!(ok, "fixed bank {id} collides");
    }
    let mut places: Vec<usize> = (0..PLACES.len()).collect();
    rng.shuffle(&mut places);
    // City commercial banks.
    for &pi in places.iter().take(74) {
        let (city, zh, region) = PLACES[pi];
        let name = format!("Bank of {city}");
        let mut aliases = vec![format!("{zh}银行股份有限公司")];
        if rng.chance(0.5) {
            aliases.push(format!("Bank of {city} Co., Ltd."));
        }
        if rng.chance(0.4) {
            aliases.push(format!("BO{}", city[..1].to_ascii_uppercase()));
        }
        set.add(Bank {
            id: format!("{}-bank", slugify(city)),
            description: describe(rng, "city-commercial", &name),
            name,
            name_zh: format!("{zh}银行"),
            short: Some(format!("{city} Bank")),
            aliases,
            kind: "city-commercial",
            region: Some(region.into()),
        });
    }
    // Rural commercial banks, from a fresh shuffle (a city may have both).
    rng.shuffle(&mut places);
    for &pi in places.iter().take(52) {
        let (city, zh, region) = PLACES[pi];
        let name = format!("{city} Rural Commercial Bank");
        let mut aliases = vec![format!("{zh}农商银行")];
        if rng.chance(0.5) {
            aliases.push(format!("{city} Rural Bank"));
        }
        set.add(Bank {
            id: format!("{}-rcb", slugify(city)),
            description: describe(rng, "rural-commercial", &name),
            name,
            name_zh: format!("{zh}农村商业银行"),
            short: Some(format!("{city} RCB")),
            aliases,
            kind: "rural-commercial",
            region: Some(region.into()),
        });
    }
    for &(en, zh) in SECURITIES.iter().take(22) {
        let name = format!("{en} Securities");
        let mut aliases = vec![format!("{zh}证券股份有限公司")];
        if en.contains(' ') {
            aliases.push(format!("{} Securities", initials(en)));
        }
        set.add(Bank {
            id: slugify(&name),
            description: describe(rng, "securities", &name),
            name,
            name_zh: format!("{zh}证券"),
            short: None,
            aliases,
            kind: "securities",
            region: Some(PLACES[rng.below(12)].2.into()),
        });
    }
    for (i, &(en, zh)) in INSURERS.iter().enumerate() {
        let (name, name_zh) = if i % 3 == 2 {
            (format!("{en} Property & Casualty Insurance"), format!("{zh}财产保险"))
        } else {
            (format!("{en} Life Insurance"), format!("{zh}人寿保险"))
        };
        let short = name
            .replace(" Property & Casualty Insurance", " P&C")
            .replace(" Life Insurance", " Life");
        set.add(Bank {
            id: slugify(&name),
            description: describe(rng, "insurance", &name),
            name,
            name_zh,
            short: Some(short),
            aliases: vec![],
            kind: "insurance",
            region: Some(PLACES[rng.below(12)].2.into()),
        });
    }
    for k in 0..10 {
        let (city, zh, region) = PLACES[places[60 + k]];
        let (name, name_zh, id) = match k % 3 {
            0 => (
                format!("{city} Consumer Finance"),
                format!("{zh}消费金融"),
                format!("{}-consumer-finance", slugify(city)),
            ),
            1 => (
                format!("{city} Financial Leasing"),
                format!("{zh}金融租赁"),
                format!("{}-financial-leasing", slugify(city)),
            ),
            _ => (format!("{city} Trust"), format!("{zh}信托"), format!("{}-trust", slugify(city))),
        };
        set.add(Bank {
            id,
            description: describe(rng, "other", &name),
            aliases: vec![format!("{name_zh}有限公司")],
            name,
            name_zh,
            short: None,
            kind: "other",
            region: Some(region.into()),
        });
    }
    set.banks
}

pub(crate) fn describe(rng: &mut Rng, kind: &str, name: &str) -> String {
    let what = match kind {
        "state-owned" => "one of China's large state-owned commercial banks",
        "joint-stock" => "a national joint-stock commercial bank",
        "city-commercial" => "a city commercial bank",
        "rural-commercial" => "a rural commercial bank serving county and village customers",
        "private" => "a private bank that operates mainly online",
        "policy" => "a policy bank",
        "foreign" => "the locally incorporated arm of a foreign bank",
        "securities" => "a securities firm",
        "insurance" => "an insurance company",
        _ => "a non-bank financial institution",
    };
    let since = 2015 + rng.below(7);
    format!("{name} is {what}. It began adopting DevOps practices in {since}.")
}

pub(crate) fn build_units() -> Vec<Unit> {
    let mut units = Vec::new();
    let mut seen = HashSet::new();
    for (pi, p) in PARTS.iter().enumerate() {
        units.push(Unit {
            id: p.id,
            name: p.name,
            name_zh: p.name_zh,
            aliases: p.aliases,
            part: pi,
            is_part: true,
        });
        let own: HashSet<String> = [p.id, p.name, p.name_zh, p.short]
            .into_iter()
            .chain(p.aliases.iter().copied())
            .filter(|k| !k.is_empty())
            .map(norm)
            .collect();
        for k in own {
            assert!(seen.insert(k.clone()), "duplicate module name {k}");
        }
        for md in p.modules {
            units.push(Unit {
                id: md.id,
                name: md.name,
                name_zh: md.name_zh,
                aliases: md.aliases,
                part: pi,
                is_part: false,
            });
            for k in [md.id, md.name, md.name_zh].into_iter().chain(md.aliases.iter().copied()) {
                assert!(seen.insert(norm(k)), "duplicate module name {k}");
            }
        }
    }
    units
}

/// Writes `s` as a YAML scalar, plain when that is unambiguous, double-quoted otherwise.
pub(crate) fn yq(out: &mut String, s: &str) {
    let first_ok = s.chars().next().is_some_and(|c| c.is_alphabetic());
    let chars_ok = s
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | '\'' | '(' | ')' | '/'));
    let keyword = matches!(
        s.to_ascii_lowercase().as_str(),
        "y" | "n" | "yes" | "no" | "true" | "false" | "on" | "off" | "null" | "~"
    );
    if first_ok && chars_ok && !keyword && !s.ends_with(' ') {
        out.push_str(s);
    } else {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                _ => out.push(c),
            }
        }
        out.push('"');
    }
}

pub(crate) fn ylist(out: &mut String, items: &[&str]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        yq(out, s);
    }
    out.push(']');
}

pub(crate) fn write_site_yaml(n: usize, seed: u64) -> String {
    let mut s = String::new();
    w!(
        s,
        "# Synthetic casebook site generated by `cargo run --example gen_corpus -- --n {n} --seed {seed}`.\n"
    );
    s.push_str("title: Synthetic DevOps Case Studies\n");
    w!(
        s,
        "description: \"{n} generated interviews about CAICT DevOps capability maturity assessments (YD/T 3763), for benchmarking casebook.\"\n"
    );
    s.push_str("base_url: /\nlanguage: en\nper_page: 20\n");
    s
}

pub(crate) fn write_banks_yaml(banks: &[Bank]) -> String {
    let mut s = String::with_capacity(banks.len() * 300);
    s.push_str("# Registry of institutions (synthetic, generated by gen_corpus).\n");
    for b in banks {
        s.push_str("\n- id: ");
        s.push_str(&b.id);
        s.push_str("\n  name: ");
        yq(&mut s, &b.name);
        s.push_str("\n  name_zh: ");
        yq(&mut s, &b.name_zh);
        if let Some(short) = &b.short {
            s.push_str("\n  short: ");
            yq(&mut s, short);
        }
        if !b.aliases.is_empty() {
            s.push_str("\n  aliases: ");
            let a: Vec<&str> = b.aliases.iter().map(String::as_str).collect();
            ylist(&mut s, &a);
        }
        s.push_str("\n  type: ");
        s.push_str(b.kind);
        if let Some(r) = &b.region {
            s.push_str("\n  region: ");
            yq(&mut s, r);
        }
        s.push_str("\n  description: >-\n    ");
        s.push_str(&b.description);
        s.push('\n');
    }
    s
}

pub(crate) fn write_modules_yaml() -> String {
    let mut s = String::new();
    s.push_str("# Parts and modules of YD/T 3763, \"研发运营一体化(DevOps)能力成熟度模型\"\n");
    s.push_str(
        "# (DevOps capability maturity model). Synthetic extension generated by gen_corpus.\n",
    );
    for p in PARTS {
        w!(s, "\n- id: {}\n  name: ", p.id);
        yq(&mut s, p.name);
        w!(s, "\n  name_zh: {}\n", p.name_zh);
        if !p.short.is_empty() {
            w!(s, "  short: {}\n", p.short);
        }
        if !p.aliases.is_empty() {
            s.push_str("  aliases: ");
            ylist(&mut s, p.aliases);
            s.push('\n');
        }
        w!(s, "  description: >-\n    {}\n", p.description);
        if !p.modules.is_empty() {
            s.push_str("  modules:\n");
        }
        for md in p.modules {
            w!(s, "    - id: {}\n      name: ", md.id);
            yq(&mut s, md.name);
            w!(s, "\n      name_zh: {}\n", md.name_zh);
            if !md.aliases.is_empty() {
                s.push_str("      aliases: ");
                ylist(&mut s, md.aliases);
                s.push('\n');
            }
            w!(s, "      description: >-\n        {}\n", md.description);
        }
    }
    s
}
