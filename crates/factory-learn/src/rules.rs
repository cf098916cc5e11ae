//! Rules: machine-checkable checks learned from runs, kept as `rules/<id>.toml` in the home and
//! evaluated statically against a run's checkouts before the sandbox starts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::classify::{Classification, FailureClass};
use crate::naming::{naming_key, property_reads};
use crate::LearnError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// The consumer reads the provider's fields by their exact wire names.
    FieldNaming,
    /// A service's declaration has a seed step.
    SeedStep,
    /// A service's declaration sets an environment variable.
    EnvVar,
}

/// One rule file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    pub kind: RuleKind,
    pub description: String,
    /// Brain refs the rule is about; the planner includes rules whose entities a plan touches.
    pub entities: Vec<String>,
    /// `run:<id>`.
    pub learned_from: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_repo: Option<String>,
    /// The contract file in the provider repo (field-naming).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_repo: Option<String>,
    /// The repo whose `.factory/services.toml` declares the service (seed-step, env-var).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The variable (env-var) or the command text (seed-step) that must be present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A place where a checkout breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleFinding {
    pub rule: String,
    pub repo: String,
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl Rule {
    /// The repos this rule looks at.
    pub fn repos(&self) -> Vec<&str> {
        [&self.provider_repo, &self.consumer_repo, &self.repo].into_iter().flatten().map(String::as_str).collect()
    }
}

/// Reads every `rules/*.toml` of a home. A file that does not parse is returned as an error
/// beside the good ones, so one bad rule never hides the others.
pub fn load_rules(rules_dir: &Path) -> (Vec<(PathBuf, Rule)>, Vec<LearnError>) {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    let Ok(entries) = std::fs::read_dir(rules_dir) else { return (rules, errors) };
    let mut paths: Vec<PathBuf> = entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).filter(|path| path.extension().is_some_and(|ext| ext == "toml")).collect();
    paths.sort();
    for path in paths {
        match std::fs::read_to_string(&path) {
            Ok(text) => match toml::from_str::<Rule>(&text) {
                Ok(rule) => rules.push((path, rule)),
                Err(error) => errors.push(LearnError::BadRule { path, message: error.message().to_string() }),
            },
            Err(source) => errors.push(LearnError::Io { path, source }),
        }
    }
    (rules, errors)
}

/// The rule a classified failure teaches, when it teaches one.
pub fn rule_for(classification: &Classification, run_id: &str, contract_path: Option<&str>) -> Option<Rule> {
    match classification.class {
        FailureClass::ContractMismatch => {
            let api = classification.api.clone()?;
            let provider = classification.provider_repo.clone()?;
            let consumer = classification.consumer_repo.clone()?;
            let mut entities = vec![format!("api:{api}"), format!("component:{consumer}"), format!("component:{provider}")];
            entities.extend(classification.misnamed_fields.iter().map(|(_, declared)| format!("field:{api}/{declared}")));
            Some(Rule {
                id: format!("field-naming-{api}-{consumer}"),
                kind: RuleKind::FieldNaming,
                description: format!(
                    "{consumer} must read {api} fields by the wire names {provider} declares (it read {})",
                    classification.misnamed_fields.iter().map(|(read, declared)| format!("`{read}` for `{declared}`")).collect::<Vec<_>>().join(", ")
                ),
                entities,
                learned_from: format!("run:{run_id}"),
                provider_repo: Some(provider),
                contract: contract_path.map(str::to_string),
                consumer_repo: Some(consumer),
                repo: None,
                service: None,
                name: None,
            })
        }
        FailureClass::MissingConfig => {
            let variable = classification.missing_variable.clone()?;
            let repo = classification.consumer_repo.clone()?;
            Some(Rule {
                id: format!("env-var-{repo}-{}", variable.to_lowercase().replace('_', "-")),
                kind: RuleKind::EnvVar,
                description: format!("{repo}'s service declaration must set {variable}"),
                entities: vec![format!("component:{repo}")],
                learned_from: format!("run:{run_id}"),
                provider_repo: None,
                contract: None,
                consumer_repo: None,
                repo: Some(repo),
                service: None,
                name: Some(variable),
            })
        }
        _ => None,
    }
}

/// Evaluates `rule` against the checkouts (repo name -> folder) it concerns. A repo missing
/// from `checkouts` is not looked at.
pub fn evaluate_rule(rule: &Rule, checkouts: &BTreeMap<String, PathBuf>) -> Vec<RuleFinding> {
    match rule.kind {
        RuleKind::FieldNaming => field_naming(rule, checkouts),
        RuleKind::EnvVar | RuleKind::SeedStep => declaration_has(rule, checkouts),
    }
}

fn field_naming(rule: &Rule, checkouts: &BTreeMap<String, PathBuf>) -> Vec<RuleFinding> {
    let (Some(provider), Some(consumer)) = (rule.provider_repo.as_deref(), rule.consumer_repo.as_deref()) else { return Vec::new() };
    let (Some(provider_dir), Some(consumer_dir)) = (checkouts.get(provider), checkouts.get(consumer)) else { return Vec::new() };
    let contract = rule.contract.as_deref().unwrap_or("openapi.yaml");
    let Ok(contract_text) = std::fs::read_to_string(provider_dir.join(contract)) else { return Vec::new() };
    let declared = declared_properties(&contract_text);
    let by_key: BTreeMap<String, &String> = declared.iter().map(|name| (naming_key(name), name)).collect();
    let mut findings = Vec::new();
    for file in source_files(consumer_dir) {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        for (read, line) in property_reads(&text) {
            if declared.contains(&read) {
                continue;
            }
            if let Some(wire_name) = by_key.get(&naming_key(&read)) {
                let relative = file.strip_prefix(consumer_dir).unwrap_or(&file).display().to_string();
                findings.push(RuleFinding {
                    rule: rule.id.clone(),
                    repo: consumer.to_string(),
                    file: relative,
                    line,
                    message: format!("reads `{read}`, but {provider}'s {contract} declares `{wire_name}`: use the wire name `{wire_name}`"),
                });
            }
        }
    }
    findings
}

fn declaration_has(rule: &Rule, checkouts: &BTreeMap<String, PathBuf>) -> Vec<RuleFinding> {
    let (Some(repo), Some(name)) = (rule.repo.as_deref(), rule.name.as_deref()) else { return Vec::new() };
    let Some(dir) = checkouts.get(repo) else { return Vec::new() };
    let path = dir.join(".factory/services.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    if text.contains(name) {
        return Vec::new();
    }
    vec![RuleFinding {
        rule: rule.id.clone(),
        repo: repo.to_string(),
        file: ".factory/services.toml".into(),
        line: 1,
        message: format!("the service declaration does not mention `{name}`: {}", rule.description),
    }]
}

/// Property names declared under `properties:` in a YAML contract (OpenAPI or AsyncAPI).
pub fn declared_properties(yaml: &str) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    let mut properties_indent: Option<usize> = None;
    let mut child_indent: Option<usize> = None;
    for line in yaml.lines() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        if let Some(parent) = properties_indent {
            if indent <= parent {
                properties_indent = None;
                child_indent = None;
            } else {
                let expected = *child_indent.get_or_insert(indent);
                if indent == expected
                    && let Some(key) = content.split(':').next() {
                        let key = key.trim().trim_matches(['"', '\'']);
                        if !key.is_empty() && !key.starts_with('-') {
                            names.insert(key.to_string());
                        }
                    }
                continue;
            }
        }
        if content.trim_end() == "properties:" {
            properties_indent = Some(indent);
            child_indent = None;
        }
    }
    names
}

fn source_files(dir: &Path) -> Vec<PathBuf> {
    const EXTENSIONS: [&str; 8] = ["js", "mjs", "ts", "tsx", "jsx", "py", "go", "java"];
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if path.is_dir() {
                if !name.starts_with('.') && name != "node_modules" && name != "target" && name != "__pycache__" {
                    stack.push(path);
                }
            } else if path.extension().and_then(|ext| ext.to_str()).is_some_and(|ext| EXTENSIONS.contains(&ext)) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_are_read_from_yaml_contracts() {
        let yaml = "components:\n  schemas:\n    Order:\n      type: object\n      required: [id]\n      properties:\n        id:\n          type: integer\n        created_at:\n          type: string\n          format: date-time\n    Error:\n      properties:\n        error: {type: string}\n";
        let names: Vec<String> = declared_properties(yaml).into_iter().collect();
        assert_eq!(names, ["created_at", "error", "id"]);
    }

    #[test]
    fn a_field_naming_rule_finds_camel_case_reads_of_snake_case_fields() {
        let dir = tempfile::tempdir().expect("tempdir");
        let provider = dir.path().join("orders-api");
        let consumer = dir.path().join("web");
        std::fs::create_dir_all(provider.join("src")).expect("mkdir");
        std::fs::create_dir_all(consumer.join("static")).expect("mkdir");
        std::fs::write(provider.join("openapi.yaml"), "components:\n  schemas:\n    Order:\n      properties:\n        id: {type: integer}\n        created_at: {type: string}\n").expect("write");
        std::fs::write(consumer.join("static/app.js"), "row(order.id);\nconst when = order.createdAt;\n").expect("write");
        let rule = Rule {
            id: "field-naming-orders-http-web".into(),
            kind: RuleKind::FieldNaming,
            description: "web reads orders-http fields by their wire names".into(),
            entities: vec!["api:orders-http".into()],
            learned_from: "run:r1".into(),
            provider_repo: Some("orders-api".into()),
            contract: Some("openapi.yaml".into()),
            consumer_repo: Some("web".into()),
            repo: None,
            service: None,
            name: None,
        };
        let checkouts = BTreeMap::from([("orders-api".to_string(), provider), ("web".to_string(), consumer.clone())]);
        let findings = evaluate_rule(&rule, &checkouts);
        assert_eq!(findings, vec![RuleFinding {
            rule: "field-naming-orders-http-web".into(),
            repo: "web".into(),
            file: "static/app.js".into(),
            line: 2,
            message: "reads `createdAt`, but orders-api's openapi.yaml declares `created_at`: use the wire name `created_at`".into(),
        }]);
        std::fs::write(consumer.join("static/app.js"), "const when = order.created_at;\n").expect("write");
        assert!(evaluate_rule(&rule, &checkouts).is_empty());

        let text = toml::to_string(&rule).expect("serialise");
        let dir_rules = dir.path().join("rules");
        std::fs::create_dir_all(&dir_rules).expect("mkdir");
        std::fs::write(dir_rules.join("a.toml"), text).expect("write");
        std::fs::write(dir_rules.join("broken.toml"), "id = 3\n").expect("write");
        let (rules, errors) = load_rules(&dir_rules);
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].1, rule);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("broken.toml"), "{}", errors[0]);
    }
}
