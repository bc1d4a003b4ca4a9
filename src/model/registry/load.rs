//! Loading the registry files: the raw shapes of `banks.yaml`, `modules.yaml` and
//! `domains.yaml` as serde reads them, their checks (ids, duplicate names and aliases) and
//! the lookup tables built from them. Lookup itself is in the parent module.

use serde::Deserialize;
use serde_norway::Value;

use std::collections::HashMap;

use super::{
    BANKS_FILE, Bank, Broken, DOMAINS_FILE, Domain, InstitutionType, MODULES_FILE, Registry, Unit,
    key, names,
};
use crate::content::yaml::{self, Entries};
use crate::diagnostic::{Code, Diagnostic};

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
    #[serde(default)]
    description_zh: Option<String>,
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
    #[serde(default)]
    description_zh: Option<String>,
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
    description_zh: Option<String>,
    /// Checked one by one, so that one bad module does not take its part with it.
    #[serde(default)]
    modules: Vec<Value>,
}

impl Registry {
    /// Parses both registry files. Problems (syntax, unknown keys, bad ids, duplicate ids or
    /// aliases) come back as diagnostics next to whatever could be loaded: an entry with a
    /// problem is left out, the others are kept.
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

    /// Records registry files that exist but could not be read as text (their problem is
    /// reported by the loader): any name may be in them, so names that do not resolve are
    /// not reported as unknown.
    pub fn mark_unreadable(&mut self, paths: &[&str]) {
        for path in paths {
            match *path {
                BANKS_FILE => self.broken_banks.file = true,
                MODULES_FILE => self.broken_units.file = true,
                DOMAINS_FILE => self.broken_domains.file = true,
                _ => {}
            }
        }
    }

    /// Adds the capability-domain vocabulary (`domains.yaml`); problems are returned.
    pub fn add_domains(&mut self, text: &str) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let Some(values) = load_list(text, DOMAINS_FILE, &mut self.broken_domains, &mut diags)
        else {
            return diags;
        };
        let at = Entries::new(text, DOMAINS_FILE);
        for (i, value) in values.iter().enumerate() {
            let raw: RawDomain = match at.entry(value, i) {
                Ok(raw) => raw,
                Err(d) => {
                    diags.push(d);
                    self.broken_domains.add(value);
                    continue;
                }
            };
            let line = at.key_line(i, "id").unwrap_or(at.start(i));
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
                description_zh: raw.description_zh,
            });
        }
        diags
    }

    fn load_banks(&mut self, text: &str, diags: &mut Vec<Diagnostic>) {
        let Some(values) = load_list(text, BANKS_FILE, &mut self.broken_banks, diags) else {
            return;
        };
        let at = Entries::new(text, BANKS_FILE);
        for (i, value) in values.iter().enumerate() {
            let raw: RawBank = match at.entry(value, i) {
                Ok(raw) => raw,
                Err(d) => {
                    diags.push(d);
                    self.broken_banks.add(value);
                    continue;
                }
            };
            let line = at.key_line(i, "id").unwrap_or(at.start(i));
            check_id(&raw.id, BANKS_FILE, line, diags);
            let keys = names(&raw.id, &raw.name, &raw.name_zh, &raw.short, &raw.aliases);
            let Some(kind) = InstitutionType::parse(&raw.kind) else {
                let ids: Vec<&str> = InstitutionType::ALL.iter().map(|k| k.id()).collect();
                diags.push(
                    Diagnostic::error(
                        Code::UnknownInstitutionType,
                        BANKS_FILE,
                        format!("`{}` has unknown institution type `{}`", raw.id, raw.kind),
                    )
                    .at_line(at.key_line(i, "type").unwrap_or(line))
                    .with_hint(format!("use one of: {}", ids.join(", "))),
                );
                self.broken_banks.add_names(&keys);
                continue;
            };
            let index = self.banks.len();
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
                description_zh: raw.description_zh,
            });
        }
    }

    fn load_units(&mut self, text: &str, diags: &mut Vec<Diagnostic>) {
        let Some(values) = load_list(text, MODULES_FILE, &mut self.broken_units, diags) else {
            return;
        };
        let at = Entries::new(text, MODULES_FILE);
        for (i, value) in values.iter().enumerate() {
            let mut part: RawUnit = match at.entry(value, i) {
                Ok(raw) => raw,
                Err(d) => {
                    diags.push(d);
                    self.broken_units.add(value);
                    continue;
                }
            };
            let part_index = self.units.len();
            self.parts.push(part_index);
            let modules = std::mem::take(&mut part.modules);
            self.add_unit(part, part_index, at.key_line(i, "id").unwrap_or(at.start(i)), diags);
            let nested = at.nested(i, "modules");
            for (j, value) in modules.iter().enumerate() {
                let module: RawUnit = match nested.entry(value, j) {
                    Ok(raw) => raw,
                    Err(d) => {
                        diags.push(d);
                        self.broken_units.add(value);
                        continue;
                    }
                };
                let line = nested.key_line(j, "id").unwrap_or(nested.start(j));
                if !module.modules.is_empty() {
                    diags.push(
                        Diagnostic::error(
                            Code::NestedModules,
                            MODULES_FILE,
                            format!("module `{}` has modules of its own", module.id),
                        )
                        .at_line(line)
                        .with_hint("only parts contain modules; move them up one level"),
                    );
                }
                let index = self.units.len();
                self.add_unit(module, part_index, line, diags);
                self.units[part_index].modules.push(index);
            }
        }
    }

    /// Adds a part or module whose `id:` is on `line`.
    fn add_unit(&mut self, raw: RawUnit, part: usize, line: usize, diags: &mut Vec<Diagnostic>) {
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
            description_zh: raw.description_zh,
            part,
            modules: Vec::new(),
        });
    }
}

/// The entries of a registry file; `None` when the file is not a YAML list at all (then
/// the problem is in `diags` and any name may have been in the file).
fn load_list(
    text: &str,
    path: &str,
    broken: &mut Broken,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Value>> {
    yaml::parse_list(text, path)
        .map_err(|d| {
            broken.file = true;
            diags.push(d);
        })
        .ok()
}

fn check_id(id: &str, path: &str, line: usize, diags: &mut Vec<Diagnostic>) {
    let ok = !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if !ok {
        diags.push(
            Diagnostic::error(Code::InvalidId, path, format!("id `{id}` is not a valid id"))
                .at_line(line)
                .with_hint("ids use lowercase ASCII letters, digits and single hyphens, e.g. `zhengzhou-bank`"),
        );
    } else if let Err(message) = crate::validate::slug::check_length("id", id) {
        // The id names the entry's folder in the output.
        diags.push(
            Diagnostic::error(Code::NameTooLong, path, message)
                .at_line(line)
                .with_hint("use a shorter id; the full name belongs in `name:`"),
        );
    }
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
                        Code::DuplicateName,
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
