//! The registry of institutions (`content/_data/banks.yaml`) and of the parts and modules
//! of YD/T 3763 (`content/_data/modules.yaml`), and name resolution against it.
//!
//! A case study names its institution and module by id, name, Chinese name, short name or
//! alias, case-insensitively; [`Registry::resolve_bank`] and [`Registry::resolve_unit`]
//! turn such a name into an index or into the nearest known names for the error message.
//! This module parses text only; [`crate::content`] reads the files.

use std::collections::HashMap;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::yaml;

/// Path of the institution registry, relative to the site root.
pub const BANKS_FILE: &str = "content/_data/banks.yaml";
/// Path of the module registry, relative to the site root.
pub const MODULES_FILE: &str = "content/_data/modules.yaml";
/// Path of the optional capability-domain vocabulary, relative to the site root.
pub const DOMAINS_FILE: &str = "content/_data/domains.yaml";

/// The kind of institution, as used for grouping and statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InstitutionType {
    /// Large state-owned commercial banks.
    StateOwned,
    /// Joint-stock commercial banks.
    JointStock,
    /// City commercial banks.
    CityCommercial,
    /// Rural commercial banks and credit unions.
    RuralCommercial,
    /// Private and internet banks.
    Private,
    /// Policy banks.
    Policy,
    /// Foreign banks.
    Foreign,
    /// Securities firms.
    Securities,
    /// Insurers.
    Insurance,
    /// Anything else.
    Other,
}

impl InstitutionType {
    /// Every type, in display order.
    pub const ALL: [InstitutionType; 10] = [
        InstitutionType::StateOwned,
        InstitutionType::JointStock,
        InstitutionType::CityCommercial,
        InstitutionType::RuralCommercial,
        InstitutionType::Private,
        InstitutionType::Policy,
        InstitutionType::Foreign,
        InstitutionType::Securities,
        InstitutionType::Insurance,
        InstitutionType::Other,
    ];

    /// The id used in `banks.yaml` and in URLs.
    pub fn id(self) -> &'static str {
        match self {
            InstitutionType::StateOwned => "state-owned",
            InstitutionType::JointStock => "joint-stock",
            InstitutionType::CityCommercial => "city-commercial",
            InstitutionType::RuralCommercial => "rural-commercial",
            InstitutionType::Private => "private",
            InstitutionType::Policy => "policy",
            InstitutionType::Foreign => "foreign",
            InstitutionType::Securities => "securities",
            InstitutionType::Insurance => "insurance",
            InstitutionType::Other => "other",
        }
    }

    /// English display name.
    pub fn name(self) -> &'static str {
        match self {
            InstitutionType::StateOwned => "State-owned banks",
            InstitutionType::JointStock => "Joint-stock banks",
            InstitutionType::CityCommercial => "City commercial banks",
            InstitutionType::RuralCommercial => "Rural commercial banks",
            InstitutionType::Private => "Private and internet banks",
            InstitutionType::Policy => "Policy banks",
            InstitutionType::Foreign => "Foreign banks",
            InstitutionType::Securities => "Securities firms",
            InstitutionType::Insurance => "Insurers",
            InstitutionType::Other => "Other institutions",
        }
    }

    /// Chinese display name.
    pub fn name_zh(self) -> &'static str {
        match self {
            InstitutionType::StateOwned => "国有大型银行",
            InstitutionType::JointStock => "股份制银行",
            InstitutionType::CityCommercial => "城市商业银行",
            InstitutionType::RuralCommercial => "农村商业银行",
            InstitutionType::Private => "民营及互联网银行",
            InstitutionType::Policy => "政策性银行",
            InstitutionType::Foreign => "外资银行",
            InstitutionType::Securities => "证券公司",
            InstitutionType::Insurance => "保险公司",
            InstitutionType::Other => "其他机构",
        }
    }

    fn parse(text: &str) -> Option<InstitutionType> {
        let t = text.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        let t = match t.as_str() {
            "private/internet" | "internet" | "private-internet" => "private",
            "city" | "city-commercial-bank" => "city-commercial",
            "rural" | "rural-commercial-bank" => "rural-commercial",
            "state" | "state-owned-bank" => "state-owned",
            other => other,
        };
        InstitutionType::ALL.into_iter().find(|k| k.id() == t)
    }
}

/// An institution that takes part in assessments.
#[derive(Debug, Clone)]
pub struct Bank {
    /// URL-safe id.
    pub id: String,
    /// English name.
    pub name: String,
    /// Chinese name.
    pub name_zh: Option<String>,
    /// Short name for tight spaces (the matrix).
    pub short: Option<String>,
    /// Other names case studies may use.
    pub aliases: Vec<String>,
    /// Institution type.
    pub kind: InstitutionType,
    /// Region, when given.
    pub region: Option<String>,
    /// A sentence or two about the institution.
    pub description: Option<String>,
}

impl Bank {
    /// The name for tight spaces: short name if any, else the name.
    pub fn short_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }
}

/// A part of YD/T 3763 (e.g. security and risk management) or a module inside a part
/// (e.g. security delivery). Both are "units" a result can be recorded against.
#[derive(Debug, Clone)]
pub struct Unit {
    /// URL-safe id, unique across parts and modules.
    pub id: String,
    /// English name.
    pub name: String,
    /// Chinese name.
    pub name_zh: Option<String>,
    /// Short name (e.g. DevSecOps).
    pub short: Option<String>,
    /// Other names.
    pub aliases: Vec<String>,
    /// A sentence or two.
    pub description: Option<String>,
    /// Index of the part this unit belongs to (itself for a part).
    pub part: usize,
    /// For a part: indices of its modules, in file order. Empty for modules.
    pub modules: Vec<usize>,
}

impl Unit {
    /// True when this unit is a whole part rather than a module.
    pub fn is_part(&self, index: usize) -> bool {
        self.part == index
    }
}

/// A capability domain of the optional vocabulary (`domains.yaml`).
#[derive(Debug, Clone)]
pub struct Domain {
    /// URL-safe id.
    pub id: String,
    /// English name, the form shown on pages.
    pub name: String,
    /// Chinese name.
    pub name_zh: Option<String>,
    /// Other spellings case studies may use.
    pub aliases: Vec<String>,
    /// A sentence or two.
    pub description: Option<String>,
}

/// Institutions, parts and modules with their lookup tables.
#[derive(Debug, Default)]
pub struct Registry {
    /// Institutions in file order.
    pub banks: Vec<Bank>,
    /// Parts and modules: each part followed by its modules, in file order.
    pub units: Vec<Unit>,
    /// Indices of the parts in `units`.
    pub parts: Vec<usize>,
    /// Capability domains; empty when the site has no `domains.yaml` (domains are then
    /// free text).
    pub domains: Vec<Domain>,
    bank_keys: HashMap<String, usize>,
    unit_keys: HashMap<String, usize>,
    domain_keys: HashMap<String, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBank {
    id: String,
    name: String,
    #[serde(default)]
    name_zh: Option<String>,
    #[serde(default)]
    short: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDomain {
    id: String,
    name: String,
    #[serde(default)]
    name_zh: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    id: String,
    name: String,
    #[serde(default)]
    name_zh: Option<String>,
    #[serde(default)]
    short: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    modules: Vec<RawUnit>,
}

/// Why a name did not resolve: the nearest known names, best first.
#[derive(Debug)]
pub struct Unresolved {
    /// Up to three close names.
    pub suggestions: Vec<String>,
}

impl Registry {
    /// Parses both registry files. Problems (syntax, unknown keys, bad ids, duplicate ids or
    /// aliases) come back as diagnostics next to whatever could be loaded.
    pub fn parse(banks: Option<&str>, modules: Option<&str>) -> (Registry, Vec<Diagnostic>) {
        let mut reg = Registry::default();
        let mut diags = Vec::new();
        if let Some(text) = banks {
            reg.load_banks(text, &mut diags);
        }
        if let Some(text) = modules {
            reg.load_units(text, &mut diags);
        }
        (reg, diags)
    }

    /// Adds the capability-domain vocabulary (`domains.yaml`); problems are returned.
    pub fn add_domains(&mut self, text: &str) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let raw: Vec<RawDomain> = match parse_list(text, DOMAINS_FILE) {
            Ok(v) => v,
            Err(d) => return vec![d],
        };
        for raw in raw {
            let line = entry_line(text, &raw.id);
            check_id(&raw.id, DOMAINS_FILE, line, &mut diags);
            let index = self.domains.len();
            let keys = names(&raw.id, &raw.name, &raw.name_zh, &None, &raw.aliases);
            register(
                &mut self.domain_keys,
                keys,
                index,
                &raw.id,
                DOMAINS_FILE,
                line,
                &mut diags,
                |i| self.domains[i].id.clone(),
            );
            self.domains.push(Domain {
                id: raw.id,
                name: raw.name,
                name_zh: raw.name_zh,
                aliases: raw.aliases,
                description: raw.description,
            });
        }
        diags
    }

    /// Finds a capability domain by id, name, Chinese name or alias.
    pub fn resolve_domain(&self, name: &str) -> Result<usize, Unresolved> {
        let spellings = self.domains.iter().enumerate().flat_map(|(i, d)| {
            names(&d.name, &d.id, &d.name_zh, &None, &d.aliases).into_iter().map(move |n| (n, i))
        });
        resolve(&self.domain_keys, name, spellings)
    }

    fn load_banks(&mut self, text: &str, diags: &mut Vec<Diagnostic>) {
        let raw: Vec<RawBank> = match parse_list(text, BANKS_FILE) {
            Ok(v) => v,
            Err(d) => return diags.push(d),
        };
        for raw in raw {
            let line = entry_line(text, &raw.id);
            check_id(&raw.id, BANKS_FILE, line, diags);
            let Some(kind) = InstitutionType::parse(&raw.kind) else {
                let ids: Vec<&str> = InstitutionType::ALL.iter().map(|k| k.id()).collect();
                diags.push(
                    Diagnostic::error(
                        "unknown-institution-type",
                        BANKS_FILE,
                        format!("`{}` has unknown institution type `{}`", raw.id, raw.kind),
                    )
                    .at_line(yaml::find_line(text, "type:", line).unwrap_or(line))
                    .with_hint(format!("use one of: {}", ids.join(", "))),
                );
                continue;
            };
            let index = self.banks.len();
            let keys = names(&raw.id, &raw.name, &raw.name_zh, &raw.short, &raw.aliases);
            register(&mut self.bank_keys, keys, index, &raw.id, BANKS_FILE, line, diags, |i| {
                self.banks[i].id.clone()
            });
            self.banks.push(Bank {
                id: raw.id,
                name: raw.name,
                name_zh: raw.name_zh,
                short: raw.short,
                aliases: raw.aliases,
                kind,
                region: raw.region,
                description: raw.description,
            });
        }
    }

    fn load_units(&mut self, text: &str, diags: &mut Vec<Diagnostic>) {
        let raw: Vec<RawUnit> = match parse_list(text, MODULES_FILE) {
            Ok(v) => v,
            Err(d) => return diags.push(d),
        };
        for part in raw {
            let part_index = self.units.len();
            self.parts.push(part_index);
            self.add_unit(part.clone_shallow(), part_index, text, diags);
            for module in part.modules {
                if !module.modules.is_empty() {
                    diags.push(
                        Diagnostic::error(
                            "nested-modules",
                            MODULES_FILE,
                            format!("module `{}` has modules of its own", module.id),
                        )
                        .at_line(entry_line(text, &module.id))
                        .with_hint("only parts contain modules; move them up one level"),
                    );
                }
                let index = self.units.len();
                self.add_unit(module, part_index, text, diags);
                self.units[part_index].modules.push(index);
            }
        }
    }

    fn add_unit(&mut self, raw: RawUnit, part: usize, text: &str, diags: &mut Vec<Diagnostic>) {
        let line = entry_line(text, &raw.id);
        check_id(&raw.id, MODULES_FILE, line, diags);
        let index = self.units.len();
        let keys = names(&raw.id, &raw.name, &raw.name_zh, &raw.short, &raw.aliases);
        register(&mut self.unit_keys, keys, index, &raw.id, MODULES_FILE, line, diags, |i| {
            self.units[i].id.clone()
        });
        self.units.push(Unit {
            id: raw.id,
            name: raw.name,
            name_zh: raw.name_zh,
            short: raw.short,
            aliases: raw.aliases,
            description: raw.description,
            part,
            modules: Vec::new(),
        });
    }

    /// Finds an institution by id, name, Chinese name, short name or alias.
    pub fn resolve_bank(&self, name: &str) -> Result<usize, Unresolved> {
        let spellings = self.banks.iter().enumerate().flat_map(|(i, b)| {
            // Display name first: on a tie the first spelling is the one suggested.
            names(&b.name, &b.id, &b.name_zh, &b.short, &b.aliases).into_iter().map(move |n| (n, i))
        });
        resolve(&self.bank_keys, name, spellings)
    }

    /// Finds a part or module by id, name, Chinese name, short name or alias.
    pub fn resolve_unit(&self, name: &str) -> Result<usize, Unresolved> {
        let spellings = self.units.iter().enumerate().flat_map(|(i, u)| {
            names(&u.name, &u.id, &u.name_zh, &u.short, &u.aliases).into_iter().map(move |n| (n, i))
        });
        resolve(&self.unit_keys, name, spellings)
    }

    /// Index of the institution with this exact id.
    pub fn bank_by_id(&self, id: &str) -> Option<usize> {
        self.banks.iter().position(|b| b.id == id)
    }

    /// Index of the unit with this exact id.
    pub fn unit_by_id(&self, id: &str) -> Option<usize> {
        self.units.iter().position(|u| u.id == id)
    }
}

impl RawUnit {
    fn clone_shallow(&self) -> RawUnit {
        RawUnit {
            id: self.id.clone(),
            name: self.name.clone(),
            name_zh: self.name_zh.clone(),
            short: self.short.clone(),
            aliases: self.aliases.clone(),
            description: self.description.clone(),
            modules: Vec::new(),
        }
    }
}

fn parse_list<T: serde::de::DeserializeOwned>(
    text: &str,
    path: &str,
) -> Result<Vec<T>, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    yaml::check_depth(text, path, 0)?;
    serde_norway::from_str(text).map_err(|e| yaml::diagnostic(&e, text, path, 0))
}

/// The line of the `id: <id>` entry that starts a registry record.
fn entry_line(text: &str, id: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            l.strip_prefix("id:").is_some_and(|v| v.trim().trim_matches(['"', '\'']) == id)
        })
        .map_or(1, |i| i + 1)
}

fn check_id(id: &str, path: &str, line: usize, diags: &mut Vec<Diagnostic>) {
    let ok = !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if !ok {
        diags.push(
            Diagnostic::error("invalid-id", path, format!("id `{id}` is not a valid id"))
                .at_line(line)
                .with_hint("ids use lowercase ASCII letters, digits and single hyphens, e.g. `zhengzhou-bank`"),
        );
    }
}

fn names<'a>(
    id: &'a str,
    name: &'a str,
    name_zh: &'a Option<String>,
    short: &'a Option<String>,
    aliases: &'a [String],
) -> Vec<&'a str> {
    let mut all = vec![id, name];
    all.extend(name_zh.as_deref());
    all.extend(short.as_deref());
    all.extend(aliases.iter().map(String::as_str));
    all
}

/// Normalises a name for lookup: case-folded, inner whitespace collapsed.
fn key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[allow(
    clippy::too_many_arguments,
    reason = "one call site per registry; a struct would only rename the arguments"
)]
fn register(
    keys: &mut HashMap<String, usize>,
    names: Vec<&str>,
    index: usize,
    id: &str,
    path: &str,
    line: usize,
    diags: &mut Vec<Diagnostic>,
    id_of: impl Fn(usize) -> String,
) {
    for name in names {
        let k = key(name);
        if k.is_empty() {
            continue;
        }
        match keys.get(&k) {
            Some(&other) if other != index => {
                let other_id = id_of(other);
                let what = if name == id { "id" } else { "name or alias" };
                diags.push(
                    Diagnostic::error(
                        "duplicate-name",
                        path,
                        format!("{what} `{name}` of `{id}` is already used by `{other_id}`"),
                    )
                    .at_line(line)
                    .with_hint("every id, name and alias must identify one entry; remove or rename one of them"),
                );
            }
            Some(_) => {}
            None => {
                keys.insert(k, index);
            }
        }
    }
}

fn resolve<'a>(
    keys: &HashMap<String, usize>,
    name: &str,
    spellings: impl Iterator<Item = (&'a str, usize)>,
) -> Result<usize, Unresolved> {
    if let Some(&i) = keys.get(&key(name)) {
        return Ok(i);
    }
    // Score every spelling (id, name, Chinese name, short name, alias); suggest the best
    // spelling of each of the closest entries.
    let wanted = key(name);
    let mut best: HashMap<usize, (f64, &str)> = HashMap::new();
    for (spelling, entry) in spellings {
        let score = strsim::jaro_winkler(&wanted, &key(spelling));
        let slot = best.entry(entry).or_insert((score, spelling));
        if score > slot.0 {
            *slot = (score, spelling);
        }
    }
    let mut ranked: Vec<(f64, &str)> =
        best.into_values().filter(|(score, _)| *score >= 0.8).collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    // Only names about as close as the best one: a shared prefix ("Security …") alone
    // makes Jaro-Winkler scores high.
    let best = ranked.first().map_or(0.0, |r| r.0);
    ranked.retain(|r| r.0 >= best - 0.06);
    Err(Unresolved {
        suggestions: ranked.into_iter().take(3).map(|(_, s)| s.to_string()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BANKS: &str = "\
- id: zhengzhou-bank
  name: Bank of Zhengzhou
  name_zh: 郑州银行
  aliases: [Zhengzhou Bank]
  type: city-commercial
- id: icbc
  name: Industrial and Commercial Bank of China
  short: ICBC
  type: state-owned
";
    const MODULES: &str = "\
- id: devsecops
  name: Security and risk management
  short: DevSecOps
  modules:
    - id: security-delivery
      name: Security delivery
      name_zh: 安全交付
- id: continuous-delivery
  name: Continuous delivery
";

    #[test]
    fn resolves_by_any_name_case_insensitively() {
        let (reg, diags) = Registry::parse(Some(BANKS), Some(MODULES));
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(reg.resolve_bank("zhengzhou BANK").unwrap(), 0);
        assert_eq!(reg.resolve_bank("郑州银行").unwrap(), 0);
        assert_eq!(reg.resolve_bank("icbc").unwrap(), 1);
        let sd = reg.resolve_unit("安全交付").unwrap();
        assert_eq!(reg.units[sd].id, "security-delivery");
        assert_eq!(reg.units[sd].part, 0);
        assert_eq!(reg.units[0].modules, vec![sd]);
        assert!(reg.units[0].is_part(0));
    }

    #[test]
    fn unresolved_names_get_suggestions() {
        let (reg, _) = Registry::parse(Some(BANKS), Some(MODULES));
        let err = reg.resolve_bank("Bank of Zhengzou").unwrap_err();
        assert_eq!(err.suggestions[0], "Bank of Zhengzhou");
        let err = reg.resolve_bank("Zhengzou Bank").unwrap_err();
        assert_eq!(err.suggestions, ["Zhengzhou Bank"]);
        let err = reg.resolve_unit("Security delivry").unwrap_err();
        assert_eq!(err.suggestions[0], "Security delivery");
    }

    #[test]
    fn shared_alias_is_an_error_on_the_right_line() {
        let text = format!("{BANKS}- id: other\n  name: Other\n  aliases: [ICBC]\n  type: other\n");
        let (_, diags) = Registry::parse(Some(&text), None);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, "duplicate-name");
        assert_eq!(diags[0].line, Some(10));
        assert!(diags[0].message.contains("already used by `icbc`"));
    }

    #[test]
    fn unknown_type_and_bad_ids_are_reported() {
        let text = "- id: Bad_Id\n  name: X\n  type: bank\n";
        let (_, diags) = Registry::parse(Some(text), None);
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec!["invalid-id", "unknown-institution-type"]);
        assert_eq!(diags[1].line, Some(3));
    }
}
