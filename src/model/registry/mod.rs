//! The registry of institutions (`content/_data/banks.yaml`) and of the parts and modules
//! of YD/T 3763 (`content/_data/modules.yaml`), and name resolution against it.
//!
//! A case study names its institution and module by id, name, Chinese name, short name or
//! alias, case-insensitively; [`Registry::resolve_bank`] and [`Registry::resolve_unit`]
//! turn such a name into an index or into the nearest known names for the error message.
//! This module parses text only; [`crate::content`] reads the files. Parsing the files into
//! the registry (raw shapes, id and alias checks, lookup tables) is in `load`.

use std::collections::{HashMap, HashSet};

use serde_norway::Value;

mod load;

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
    /// The description in Chinese (`description_zh:`), shown on Chinese pages.
    pub description_zh: Option<String>,
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
    /// The description in Chinese (`description_zh:`), shown on Chinese pages.
    pub description_zh: Option<String>,
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
    /// The description in Chinese (`description_zh:`), shown on Chinese pages.
    pub description_zh: Option<String>,
}

/// Institutions, parts and modules with their lookup tables.
#[derive(Debug, Default, Clone)]
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
    broken_banks: Broken,
    broken_units: Broken,
    broken_domains: Broken,
}

/// What failed to load from one registry file, so that a case naming a broken entry gets
/// no "unknown" error of its own: the registry's error already says what is wrong, and one
/// more error per case naming the entry would bury it.
#[derive(Debug, Default, Clone)]
struct Broken {
    /// The whole file failed (not UTF-8, not a YAML list): any name may be in it.
    file: bool,
    /// Lookup keys of every name of the entries that failed.
    names: HashSet<String>,
}

impl Broken {
    /// Whether `name` may belong to an entry that failed to load.
    fn covers(&self, name: &str) -> bool {
        self.file || self.names.contains(&key(name))
    }

    /// Records the names of the entry `value` (and of its modules) that failed to load.
    /// When it has no name to read, any name may be its.
    fn add(&mut self, value: &Value) {
        if !self.add_names_of(value) {
            self.file = true;
        }
    }

    fn add_names_of(&mut self, value: &Value) -> bool {
        let Value::Mapping(map) = value else { return false };
        let mut found = false;
        for field in ["id", "name", "name_zh", "short", "aliases"] {
            let items = match map.get(field) {
                Some(Value::Sequence(items)) => items.iter().collect(),
                Some(v) => vec![v],
                None => Vec::new(),
            };
            for item in items {
                let name = match item {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => continue,
                };
                self.names.insert(key(&name));
                found = true;
            }
        }
        if let Some(Value::Sequence(modules)) = map.get("modules") {
            for module in modules {
                found |= self.add_names_of(module);
            }
        }
        found
    }

    fn add_names(&mut self, names: &[&str]) {
        self.names.extend(names.iter().map(|n| key(n)));
    }
}

/// Why a name did not resolve: the nearest known names, best first.
#[derive(Debug)]
pub struct Unresolved {
    /// Up to three close names.
    pub suggestions: Vec<String>,
    /// The name may be that of a registry entry that failed to load. The registry has
    /// reported that already; callers should not report the name as unknown.
    pub broken: bool,
}

impl Registry {
    /// Swaps each institution's, part's and module's `name` and `name_zh` (and every
    /// entry's `description` and `description_zh`) where a Chinese one is given, for pages
    /// in Chinese: every view then shows the Chinese name first
    /// and the English one beside it. Lookups are unaffected (they ran at validation).
    pub fn lead_with_chinese_names(&mut self) {
        fn swap(name: &mut String, name_zh: &mut Option<String>) {
            if let Some(zh) = name_zh.as_mut().filter(|z| !z.is_empty()) {
                std::mem::swap(name, zh);
            }
        }
        use crate::model::lead_with_chinese_text as swap_texts;
        for b in &mut self.banks {
            if b.name_zh.as_deref().is_some_and(|z| !z.is_empty()) {
                // The short name (`ABC`) is English: the Chinese name stands for itself.
                b.short = None;
            }
            swap(&mut b.name, &mut b.name_zh);
        }
        for u in &mut self.units {
            swap(&mut u.name, &mut u.name_zh);
            swap_texts(&mut u.description, &mut u.description_zh);
        }
        for b in &mut self.banks {
            swap_texts(&mut b.description, &mut b.description_zh);
        }
        // A domain keeps its English name (terms are matched by it; the pages' views put
        // the Chinese name first), but its description is read in the pages' language.
        for d in &mut self.domains {
            swap_texts(&mut d.description, &mut d.description_zh);
        }
    }

    /// Finds a capability domain by id, name, Chinese name or alias.
    pub fn resolve_domain(&self, name: &str) -> Result<usize, Unresolved> {
        let spellings = self.domains.iter().enumerate().flat_map(|(i, d)| {
            names(&d.name, &d.id, &d.name_zh, &None, &d.aliases).into_iter().map(move |n| (n, i))
        });
        resolve(&self.domain_keys, &self.broken_domains, name, spellings)
    }

    /// Finds an institution by id, name, Chinese name, short name or alias.
    pub fn resolve_bank(&self, name: &str) -> Result<usize, Unresolved> {
        let spellings = self.banks.iter().enumerate().flat_map(|(i, b)| {
            // Display name first: on a tie the first spelling is the one suggested.
            names(&b.name, &b.id, &b.name_zh, &b.short, &b.aliases).into_iter().map(move |n| (n, i))
        });
        resolve(&self.bank_keys, &self.broken_banks, name, spellings)
    }

    /// Finds a part or module by id, name, Chinese name, short name or alias.
    pub fn resolve_unit(&self, name: &str) -> Result<usize, Unresolved> {
        let spellings = self.units.iter().enumerate().flat_map(|(i, u)| {
            names(&u.name, &u.id, &u.name_zh, &u.short, &u.aliases).into_iter().map(move |n| (n, i))
        });
        resolve(&self.unit_keys, &self.broken_units, name, spellings)
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

fn resolve<'a>(
    keys: &HashMap<String, usize>,
    broken: &Broken,
    name: &str,
    spellings: impl Iterator<Item = (&'a str, usize)>,
) -> Result<usize, Unresolved> {
    if let Some(&i) = keys.get(&key(name)) {
        return Ok(i);
    }
    if broken.covers(name) {
        return Err(Unresolved { suggestions: Vec::new(), broken: true });
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
        broken: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

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
        assert_eq!(diags[0].code, Code::DuplicateName);
        assert_eq!(diags[0].line, Some(10));
        assert!(diags[0].message.contains("already used by `icbc`"));
    }

    #[test]
    fn duplicate_ids_are_reported_at_the_duplicate() {
        let text = format!("{BANKS}- id: icbc\n  name: Another\n  type: other\n");
        let (_, diags) = Registry::parse(Some(&text), None);
        assert_eq!((diags.len(), diags[0].line), (1, Some(10)), "{diags:?}");
        let modules =
            format!("{MODULES}  modules:\n    - id: security-delivery\n      name: Again\n");
        let (_, diags) = Registry::parse(None, Some(&modules));
        assert_eq!((diags.len(), diags[0].line), (1, Some(11)), "{diags:?}");
    }

    #[test]
    fn a_bad_entry_is_left_out_and_its_names_are_not_unknown() {
        let text = format!(
            "{BANKS}- id: broken\n  name: Broken Bank\n  aliases: [BB]\n  colour: red\n  type: other\n- id: odd\n  name: Odd\n  type: odd\n"
        );
        let (reg, diags) = Registry::parse(Some(&text), Some(MODULES));
        let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::UnknownField, Code::UnknownInstitutionType]);
        assert_eq!(reg.banks.len(), 2);
        assert_eq!(reg.resolve_bank("ICBC").unwrap(), 1);
        for name in ["bb", "Broken Bank", "odd"] {
            assert!(reg.resolve_bank(name).unwrap_err().broken, "{name}");
        }
        let err = reg.resolve_bank("Bank of Zhengzou").unwrap_err();
        assert!(!err.broken && !err.suggestions.is_empty());
    }

    #[test]
    fn a_bad_module_leaves_its_part_and_the_other_modules() {
        let modules = MODULES.replace("      name_zh: 安全交付\n", "      name_zh: 安全交付\n    - id: bad\n      name: Bad\n      level: 3\n    - id: fine\n      name: Fine\n");
        let (reg, diags) = Registry::parse(None, Some(&modules));
        assert_eq!((diags.len(), diags[0].code, diags[0].line), (1, Code::UnknownField, Some(10)));
        let fine = reg.resolve_unit("fine").unwrap();
        assert_eq!(reg.units[fine].part, 0);
        assert_eq!(reg.units[0].modules.len(), 2);
        assert!(reg.resolve_unit("Bad").unwrap_err().broken);
    }

    #[test]
    fn a_broken_file_may_hold_any_name() {
        let (reg, diags) = Registry::parse(Some("- id: [x\n"), Some(MODULES));
        assert_eq!(diags[0].code, Code::YamlSyntax);
        assert!(reg.resolve_bank("anything").unwrap_err().broken);
        assert!(!reg.resolve_unit("anything").unwrap_err().broken);
        let (mut reg, _) = Registry::parse(None, Some(MODULES));
        reg.mark_unreadable(&[MODULES_FILE]);
        assert!(reg.resolve_unit("anything").unwrap_err().broken);
        assert!(reg.resolve_unit("devsecops").is_ok());
    }

    #[test]
    fn unknown_type_and_bad_ids_are_reported() {
        let text = "- id: Bad_Id\n  name: X\n  type: bank\n";
        let (_, diags) = Registry::parse(Some(text), None);
        let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![Code::InvalidId, Code::UnknownInstitutionType]);
        assert_eq!(diags[1].line, Some(3));
    }
}
