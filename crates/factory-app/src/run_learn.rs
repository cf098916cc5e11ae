//! Learning after verify: each failure of the run classified from its evidence, recorded as
//! facts in the brain (with the run as provenance), lessons and rules; then evolve commits the
//! lessons and rules (and skills proposed from steps repeated across runs) on `evolve/<run>`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use factory_learn::{Classification, ContractField, EvolveFile, Failure, FailureClass, Lesson};
use factory_run::{RunError, RunRequest};
use factory_store::graph::{GraphChanges, NewEdge};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::run_stages::{AppStages, stage_error};

/// What learning produced, kept in the run folder as `learned.json` and in the journal.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Learned {
    pub failures: Vec<Classification>,
    /// Failures stopped by a learned rule before the sandbox started.
    pub prevented: Vec<serde_json::Value>,
    pub lessons: Vec<String>,
    pub rules: Vec<String>,
    pub facts: usize,
    #[serde(skip)]
    pub files: Vec<(String, String)>,
}

pub(crate) async fn learn_stage(stages: &AppStages, request: &RunRequest, run_dir: &Path) -> Result<serde_json::Value, RunError> {
    let store = &stages.env.store;
    let steps = store.steps(&request.id).await?;
    let mut failures = Vec::new();
    let mut prevented = Vec::new();

    // Every check that failed, with whether it passed later on an unchanged head (flaky).
    let verify_rounds: Vec<&factory_store::StepRecord> = steps.iter().filter(|step| step.name == "verify" && step.status == "done").collect();
    for (index, step) in verify_rounds.iter().enumerate() {
        let report = &step.output["report"];
        let round = u32::try_from(step.attempt).unwrap_or(1);
        if report["stage"] == "rules" {
            prevented.extend(report["rules"]["findings"].as_array().cloned().unwrap_or_default());
            continue;
        }
        if let Some(error) = report["error"].as_str() {
            failures.push(Failure {
                check: "sandbox up".into(),
                kind: "readiness".into(),
                repo: None,
                service: None,
                reason: error.to_string(),
                log_tail: String::new(),
                round,
                passed_on_rerun_without_change: false,
                worker_status: None,
            });
        }
        for check in report["checks"].as_array().into_iter().flatten().filter(|check| check["verdict"] == "fail") {
            let name = check["name"].as_str().unwrap_or_default();
            let repo = check["repo"].as_str().map(str::to_string);
            let rebuilt_later = repo
                .as_deref()
                .is_some_and(|repo| steps.iter().any(|later| later.name.starts_with("build:") && later.attempt > step.attempt && later.output["task"]["repo"] == repo));
            let passed_later = verify_rounds[index + 1..]
                .iter()
                .any(|later| later.output["report"]["checks"].as_array().into_iter().flatten().any(|other| other["name"] == name && other["verdict"] == "pass"));
            let mut log_tail = check["output_tail"].as_str().unwrap_or_default().to_string();
            for log in check["service_logs"].as_array().into_iter().flatten() {
                for line in log["lines"].as_array().into_iter().flatten() {
                    log_tail.push('\n');
                    log_tail.push_str(line.as_str().unwrap_or_default());
                }
            }
            failures.push(Failure {
                check: name.to_string(),
                kind: check["kind"].as_str().unwrap_or("command").to_string(),
                service: repo.clone(),
                repo,
                reason: check["reason"].as_str().unwrap_or_default().to_string(),
                log_tail,
                round,
                passed_on_rerun_without_change: passed_later && !rebuilt_later,
                worker_status: None,
            });
        }
    }
    for step in steps.iter().filter(|step| step.name.starts_with("build:") && step.status == "failed") {
        let error = step.error.clone().unwrap_or_default();
        let status = ["budget", "stalled", "timeout", "failed", "cancelled"].into_iter().find(|status| error.contains(&format!("ended with {status}")));
        failures.push(Failure {
            check: step.name.clone(),
            kind: "build".into(),
            repo: step.input["task"]["repo"].as_str().map(str::to_string),
            service: None,
            reason: error,
            log_tail: String::new(),
            round: u32::try_from(step.attempt).unwrap_or(1),
            passed_on_rerun_without_change: false,
            worker_status: Some(status.unwrap_or("failed").to_string()),
        });
    }

    let contracts = contract_fields(stages, request).await;
    let classified: Vec<Classification> = failures.iter().map(|failure| factory_learn::classify(failure, &contracts.fields)).collect();
    let mut learned = Learned { failures: classified.clone(), prevented, ..Learned::default() };

    let (existing_rules, _) = factory_learn::load_rules(&stages.home.layout.rules_dir());
    let existing: BTreeSet<String> = existing_rules.into_iter().map(|(_, rule)| rule.id).collect();
    let date = crate::store_date();
    let mut seen_rules = BTreeSet::new();
    let mut facts = GraphChanges::default();
    for classification in &classified {
        if classification.class == FailureClass::Unclassified {
            continue;
        }
        let contract_path = classification.api.as_deref().and_then(|api| contracts.files.get(api)).map(String::as_str);
        let rule = factory_learn::rule_for(classification, &request.id, contract_path);
        if let Some(rule) = &rule
            && (existing.contains(&rule.id) || !seen_rules.insert(rule.id.clone()))
        {
            continue;
        }
        let entities =
            rule.as_ref().map(|rule| rule.entities.clone()).unwrap_or_else(|| classification.consumer_repo.iter().map(|repo| format!("component:{repo}")).collect());
        let lesson = Lesson {
            kind: classification.class.as_str().to_string(),
            entities,
            run: request.id.clone(),
            date: date.clone(),
            title: classification.summary.clone(),
            what_happened: format!("Check `{}` failed in run {} ({}).\n\nEvidence: `{}`", classification.check, request.id, request.outcome, classification.evidence),
            why: why_text(classification),
            what_changed: match &rule {
                Some(rule) => format!(
                    "Rule `{}` ({}) now runs before the sandbox starts, in every run whose plan touches {}.",
                    rule.id,
                    rule.description,
                    rule.repos().join(" or ")
                ),
                None => "Recorded for the planner and the context packs of future runs that touch these entities.".to_string(),
            },
        };
        let (name, content) = factory_learn::lesson_file(&lesson);
        learned.lessons.push(format!("lessons/{name}"));
        learned.files.push((format!("lessons/{name}"), content));
        if let Some(rule) = rule {
            let text = format!("# Learned from run {} ({})\n{}", request.id, classification.class.as_str(), toml_text(&rule));
            learned.rules.push(rule.id.clone());
            learned.files.push((format!("rules/{}.toml", rule.id), text));
        }
        if let (FailureClass::ContractMismatch, Some(api), Some(consumer)) = (classification.class, &classification.api, &classification.consumer_repo) {
            for (read, declared) in &classification.misnamed_fields {
                facts.new_edges.push(NewEdge {
                    from_ref: format!("component:{consumer}"),
                    to_ref: format!("field:{api}/{declared}"),
                    kind: "misread".into(),
                    props: json!({ "read_as": read, "check": classification.check, "class": "contract-mismatch" }),
                    valid_from: factory_store::now_rfc3339(),
                    source: format!("run:{}", request.id),
                    method: "observed".into(),
                    confidence: 1.0,
                });
            }
        }
    }
    learned.facts = facts.new_edges.len();
    if !facts.new_edges.is_empty() {
        store.graph_apply(&facts, None).await?;
    }
    let files: Vec<serde_json::Value> = learned.files.iter().map(|(path, content)| json!({ "path": path, "content": content })).collect();
    let value = json!({
        "failures": learned.failures,
        "prevented": learned.prevented,
        "lessons": learned.lessons,
        "rules": learned.rules,
        "facts": learned.facts,
        "files": files,
    });
    let path = run_dir.join("learned.json");
    std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap_or_default()).map_err(|source| RunError::Io { path, source })?;
    Ok(value)
}

pub(crate) async fn evolve_stage(stages: &AppStages, request: &RunRequest, run_dir: &Path) -> Result<serde_json::Value, RunError> {
    let text = std::fs::read_to_string(run_dir.join("learned.json")).unwrap_or_else(|_| "{}".into());
    let learned: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let mut files: Vec<EvolveFile> = learned["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|file| Some(EvolveFile { path: file["path"].as_str()?.to_string(), content: file["content"].as_str()?.to_string() }))
        .collect();
    files.extend(proposed_skills(stages, request).await?);
    let summary = format!(
        "Run {} ({}) taught {} lesson(s) and {} rule(s){}.",
        request.id,
        request.outcome,
        learned["lessons"].as_array().map_or(0, Vec::len),
        learned["rules"].as_array().map_or(0, Vec::len),
        if files.iter().any(|file| file.path.starts_with("skills/")) { " and proposes a skill for a step repeated across runs" } else { "" }
    );
    let branch = factory_learn::commit_evolve(stages.home.root(), &stages.home.layout.worktrees_dir(), &request.id, &files, &summary)
        .map_err(|error| stage_error("evolve", error))?;
    Ok(
        json!({ "branch": branch.as_ref().map(|branch| &branch.branch), "head": branch.as_ref().map(|branch| &branch.head), "files": files.iter().map(|file| &file.path).collect::<Vec<_>>(), "summary": summary }),
    )
}

/// A command run by workers in three runs or more becomes a proposed skill.
async fn proposed_skills(stages: &AppStages, request: &RunRequest) -> Result<Vec<EvolveFile>, RunError> {
    let store = &stages.env.store;
    let mut runs_by_command: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for run in store.runs().await? {
        for event in store.events(&run.id).await?.into_iter().filter(|event| event.kind == "command") {
            if let Some(command) = event.payload["command"].as_str() {
                runs_by_command.entry(command.trim().to_string()).or_default().insert(run.id.clone());
            }
        }
    }
    let mut files = Vec::new();
    for (command, runs) in runs_by_command.into_iter().filter(|(_, runs)| runs.len() >= 3 && runs.contains(&request.id)) {
        let slug: String = command
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|part| !part.is_empty())
            .take(6)
            .collect::<Vec<_>>()
            .join("-");
        let name = format!("run-{slug}");
        if stages.home.layout.skills_dir().join(&name).exists() {
            continue;
        }
        let content = format!(
            "---\nname: {name}\ndescription: Runs `{command}`, a step workers repeated by hand in {} runs; use it instead of rediscovering the command.\n---\n\n# {name}\n\nWorkers ran this command in runs {}.\n\n```sh\n{command}\n```\n\nRun it from the repository root of the task's worktree; a non-zero exit means the step failed.\n",
            runs.len(),
            runs.iter().cloned().collect::<Vec<_>>().join(", ")
        );
        files.push(EvolveFile { path: format!("skills/{name}/SKILL.md"), content });
    }
    Ok(files)
}

struct Contracts {
    fields: Vec<ContractField>,
    /// api name -> contract file in its provider repo.
    files: BTreeMap<String, String>,
}

/// The fields each provider's contract declares on the run's branches (or the registered
/// checkouts for repos the run did not build).
async fn contract_fields(stages: &AppStages, request: &RunRequest) -> Contracts {
    let mut checkouts = stages.env.repos.clone();
    for repo in stages.env.repos.keys() {
        let worktree = stages.env.worktrees_dir.join(&request.id).join(repo);
        if worktree.is_dir() {
            checkouts.insert(repo.clone(), worktree);
        }
    }
    let mut provided: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Ok(graph) = crate::brain::load_graph(&stages.home, None).await {
        for repo in checkouts.keys() {
            let apis = graph
                .outgoing(&format!("component:{repo}"))
                .filter(|edge| edge.kind == "provides" && edge.to_ref.starts_with("api:"))
                .map(|edge| edge.to_ref.trim_start_matches("api:").to_string())
                .collect();
            provided.insert(repo.clone(), apis);
        }
    }
    let mut contracts = Contracts { fields: Vec::new(), files: BTreeMap::new() };
    for (repo, dir) in &checkouts {
        let apis = provided.get(repo).cloned().unwrap_or_default();
        for (file, marker) in [("openapi.yaml", "openapi"), ("asyncapi.yaml", "asyncapi")] {
            let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
                continue;
            };
            let api = apis
                .iter()
                .find(|api| (marker == "openapi" && api.contains("http")) || (marker == "asyncapi" && api.contains("event")))
                .or(apis.first())
                .cloned()
                .unwrap_or_else(|| repo.clone());
            contracts.files.insert(api.clone(), file.to_string());
            for field in factory_learn::declared_properties(&text) {
                contracts.fields.push(ContractField { api: api.clone(), provider_repo: repo.clone(), schema_field: field });
            }
        }
    }
    contracts
}

fn why_text(classification: &Classification) -> String {
    match classification.class {
        FailureClass::ContractMismatch => format!(
            "{} declares {} in its contract; {} read {}. Its own tests used the same wrong name, so they passed locally; only the sandbox, with the real provider, showed it.",
            classification.provider_repo.as_deref().unwrap_or("The provider"),
            classification.misnamed_fields.iter().map(|(_, declared)| format!("`{declared}`")).collect::<Vec<_>>().join(", "),
            classification.consumer_repo.as_deref().unwrap_or("the consumer"),
            classification.misnamed_fields.iter().map(|(read, _)| format!("`{read}`")).collect::<Vec<_>>().join(", "),
        ),
        FailureClass::MissingConfig => {
            format!("The service declaration does not set {}.", classification.missing_variable.as_deref().unwrap_or("a variable"))
        }
        FailureClass::MissingSeed => "The sandbox started the service without the data or setup step the check relies on.".to_string(),
        FailureClass::FlakyCheck => "The check failed and then passed with the same code: it depends on timing or order.".to_string(),
        FailureClass::WorkerError | FailureClass::BudgetOrStall => "The worker stopped before finishing its task.".to_string(),
        FailureClass::Unclassified => "Not known from the evidence.".to_string(),
    }
}

fn toml_text(rule: &factory_learn::Rule) -> String {
    toml::to_string(rule).unwrap_or_default()
}
