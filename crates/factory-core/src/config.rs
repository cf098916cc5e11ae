//! `factory.toml`: the parsed configuration of a factory home, its commented template, and the
//! comment-preserving edits `repo add` and `repo remove` make to it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What is wrong with a `factory.toml`.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("factory.toml is not valid: {0}")]
    Parse(String),
    #[error("a repo named `{0}` is already registered in factory.toml")]
    DuplicateRepo(String),
    #[error("no repo named `{0}` is registered in factory.toml")]
    UnknownRepo(String),
}

/// The whole of `factory.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactoryConfig {
    pub org: OrgConfig,
    #[serde(default, rename = "repo")]
    pub repos: Vec<RepoEntry>,
    #[serde(default)]
    pub workers: WorkersConfig,
    #[serde(default)]
    pub lanes: LanesConfig,
    #[serde(default)]
    pub budgets: BudgetsConfig,
    #[serde(default)]
    pub store: StoreConfig,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgConfig {
    pub name: String,
}

/// One registered repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepoEntry {
    pub name: String,
    /// Local checkout: absolute, or relative to the home.
    pub path: String,
    /// Where the checkout was cloned from, for repos registered by URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Unknown keys here are read as profiles (serde cannot deny unknown fields beside a flatten),
/// so a stray `colour = 1` fails as a profile that is not a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkersConfig {
    /// The worker used when a run names none.
    pub default: String,
    /// Tasks that may run at once.
    pub max_parallel: u32,
    /// Wall-clock limit of one worker process, in seconds.
    pub timeout_secs: u64,
    /// A worker silent for this long is stopped, in seconds.
    pub stall_secs: u64,
    /// Named worker profiles: `[workers.<name>]`.
    #[serde(flatten)]
    pub profiles: BTreeMap<String, WorkerProfile>,
}

impl Default for WorkersConfig {
    fn default() -> Self {
        Self { default: "script".into(), max_parallel: 2, timeout_secs: 1800, stall_secs: 300, profiles: BTreeMap::new() }
    }
}

/// A named worker: which adapter, which executable, which model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerProfile {
    /// The adapter: claude, codex, gemini, cursor, acp, command or script.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LanesConfig {
    pub fast: LaneConfig,
    pub full: LaneConfig,
}

impl Default for LanesConfig {
    fn default() -> Self {
        Self {
            fast: LaneConfig { max_repos: 1, gates: Vec::new() },
            full: LaneConfig { max_repos: 0, gates: vec!["spec".into(), "plan".into(), "release".into()] },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaneConfig {
    /// The most repos a run in this lane may touch; 0 means no limit.
    pub max_repos: u32,
    /// Gates where the run waits for `factory approve`.
    pub gates: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BudgetsConfig {
    pub run_usd: f64,
    pub task_usd: f64,
    pub task_turns: u32,
    pub task_tokens: u64,
    pub run_wall_secs: u64,
    pub max_attempts: u32,
}

impl Default for BudgetsConfig {
    fn default() -> Self {
        Self { run_usd: 20.0, task_usd: 5.0, task_turns: 60, task_tokens: 2_000_000, run_wall_secs: 3600, max_attempts: 3 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    /// A database URL; empty means `.factory/factory.db`. `FACTORY_DATABASE_URL` overrides it.
    pub url: String,
}

impl FactoryConfig {
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|error| ConfigError::Parse(error.to_string()))
    }

    pub fn repo(&self, name: &str) -> Option<&RepoEntry> {
        self.repos.iter().find(|repo| repo.name == name)
    }
}

/// The `factory.toml` that `factory init` writes: every setting present, commented with its default.
pub fn template(org_name: &str) -> String {
    TEMPLATE.replace("{org}", org_name)
}

const TEMPLATE: &str = r#"# factory.toml: the configuration of this factory home. Review changes to it like code.
#
# Repositories are registered with `factory repo add`, which appends [[repo]] entries at the end:
#   [[repo]]
#   name = "orders-api"
#   path = "../repos/orders-api"   # absolute, or relative to this file
#   url = "https://..."            # only for repos the factory cloned into .factory/repos/

[org]
# The organisation this factory serves; used in reports and PR descriptions.
name = "{org}"

[workers]
# The worker a run uses when none is named (claude, codex, gemini, cursor, acp, command, script).
default = "script"            # default: "script"
# How many tasks may run at once.
max_parallel = 2              # default: 2
# Wall-clock limit of one worker process, in seconds.
timeout_secs = 1800           # default: 1800
# A worker that emits no event for this long is stopped, in seconds.
stall_secs = 300              # default: 300

# A named worker profile. Uncomment to use Claude Code with a chosen model.
# [workers.claude]
# kind = "claude"             # the adapter
# command = "claude"          # default: the adapter's usual executable
# model = "sonnet"            # default: the agent's own default

[lanes.fast]
# Fast lane: one repo, no contract change, low risk.
max_repos = 1                 # default: 1 (0 means no limit)
gates = []                    # default: [] (no human gates)

[lanes.full]
# Full lane: everything else.
max_repos = 0                 # default: 0 (no limit)
gates = ["spec", "plan", "release"]  # default: ["spec", "plan", "release"]

[budgets]
# Spend limits, enforced from the workers' usage events.
run_usd = 20.0                # default: 20.0 dollars per run
task_usd = 5.0                # default: 5.0 dollars per task
task_turns = 60               # default: 60 agent turns per task
task_tokens = 2000000         # default: 2000000 tokens per task
run_wall_secs = 3600          # default: 3600 seconds per run
max_attempts = 3              # default: 3 attempts per task, fixes included

[store]
# Database URL; empty means .factory/factory.db. FACTORY_DATABASE_URL overrides it.
url = ""                      # default: ""
"#;

/// Appends a `[[repo]]` entry, keeping every comment of the file.
pub fn add_repo(text: &str, entry: &RepoEntry) -> Result<String, ConfigError> {
    let config = FactoryConfig::parse(text)?;
    if config.repo(&entry.name).is_some() {
        return Err(ConfigError::DuplicateRepo(entry.name.clone()));
    }
    let mut document: toml_edit::DocumentMut = text.parse().map_err(|error: toml_edit::TomlError| ConfigError::Parse(error.to_string()))?;
    let mut table = toml_edit::Table::new();
    table["name"] = toml_edit::value(entry.name.as_str());
    table["path"] = toml_edit::value(entry.path.as_str());
    if let Some(url) = &entry.url {
        table["url"] = toml_edit::value(url.as_str());
    }
    let repos = document
        .entry("repo")
        .or_insert_with(|| toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()));
    let Some(array) = repos.as_array_of_tables_mut() else {
        return Err(ConfigError::Parse("`repo` must be an array of tables ([[repo]])".into()));
    };
    array.push(table);
    Ok(document.to_string())
}

/// Removes the `[[repo]]` entry called `name`, keeping every other line of the file.
pub fn remove_repo(text: &str, name: &str) -> Result<String, ConfigError> {
    let mut document: toml_edit::DocumentMut = text.parse().map_err(|error: toml_edit::TomlError| ConfigError::Parse(error.to_string()))?;
    let Some(array) = document.get_mut("repo").and_then(toml_edit::Item::as_array_of_tables_mut) else {
        return Err(ConfigError::UnknownRepo(name.to_string()));
    };
    let before = array.len();
    array.retain(|table| table.get("name").and_then(toml_edit::Item::as_str) != Some(name));
    if array.len() == before {
        return Err(ConfigError::UnknownRepo(name.to_string()));
    }
    if array.is_empty() {
        document.remove("repo");
    }
    Ok(document.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses_to_the_defaults() {
        let config = FactoryConfig::parse(&template("acme")).expect("template parses");
        assert_eq!(config.org.name, "acme");
        assert_eq!(config.workers, WorkersConfig::default());
        assert_eq!(config.lanes, LanesConfig::default());
        assert_eq!(config.budgets, BudgetsConfig::default());
        assert_eq!(config.store, StoreConfig::default());
        assert!(config.repos.is_empty());
    }

    #[test]
    fn repos_are_added_and_removed_keeping_comments() {
        let text = template("acme");
        let web = RepoEntry { name: "web".into(), path: "../repos/web".into(), url: None };
        let api = RepoEntry { name: "api".into(), path: ".factory/repos/api".into(), url: Some("file:///srv/api.git".into()) };
        let text = add_repo(&text, &web).expect("add web");
        let text = add_repo(&text, &api).expect("add api");
        assert!(text.contains("# The organisation this factory serves"));
        let config = FactoryConfig::parse(&text).expect("parses");
        assert_eq!(config.repos, vec![web.clone(), api.clone()]);
        assert!(matches!(add_repo(&text, &web), Err(ConfigError::DuplicateRepo(name)) if name == "web"));

        let text = remove_repo(&text, "web").expect("remove web");
        assert_eq!(FactoryConfig::parse(&text).expect("parses").repos, vec![api]);
        assert!(matches!(remove_repo(&text, "web"), Err(ConfigError::UnknownRepo(_))));
        let text = remove_repo(&text, "api").expect("remove api");
        assert!(FactoryConfig::parse(&text).expect("parses").repos.is_empty());
    }

    #[test]
    fn worker_profiles_sit_beside_the_worker_settings() {
        let text = "[org]\nname = \"x\"\n[workers]\ndefault = \"claude\"\n[workers.claude]\nkind = \"claude\"\nmodel = \"sonnet\"\n";
        let config = FactoryConfig::parse(text).expect("parses");
        assert_eq!(config.workers.default, "claude");
        assert_eq!(config.workers.profiles["claude"].model.as_deref(), Some("sonnet"));
        assert_eq!(config.workers.max_parallel, 2);
    }

    #[test]
    fn unknown_keys_are_reported() {
        let error = FactoryConfig::parse("[org]\nname = \"x\"\ncolour = 1\n").expect_err("unknown key");
        assert!(error.to_string().contains("colour"), "{error}");
    }
}
