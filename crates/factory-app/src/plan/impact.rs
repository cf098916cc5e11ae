//! The brain's graph -> the planner's input: for each change, the contract, its provider,
//! every consumer with what it reads, the tests and owners; for each repo, its kind and owners.
//! Pure over the loaded graph; the files a plan also needs (migrations, declared checks, rules,
//! lessons) come in as [`RepoFiles`].

use std::collections::{BTreeMap, BTreeSet};

use factory_brain::graph::Graph;
use factory_plan::{
    ChangeAction, ChangeImpact, ChangeSpec, ChangeTarget, Consumer, DeclaredCheck, Impact, Note, Party, Reads, RepoFacts, RepoKind, TestFact,
};
use factory_store::graph::EdgeRow;

use crate::AppError;

/// What the plan needs from the home and the checkouts, beside the graph.
#[derive(Debug, Clone, Default)]
pub(crate) struct RepoFiles {
    /// repo -> whether it holds data migrations.
    pub migrations: BTreeMap<String, bool>,
    /// repo -> the checks its `.factory/services.toml` declares.
    pub checks: BTreeMap<String, Vec<DeclaredCheck>>,
    pub rules: Vec<KnownNote>,
    pub lessons: Vec<KnownNote>,
}

/// A rule or lesson with the refs and repos it is about.
#[derive(Debug, Clone, Default)]
pub(crate) struct KnownNote {
    pub id: String,
    pub summary: String,
    pub entities: Vec<String>,
    pub repos: Vec<String>,
    /// For lessons: the run that failed.
    pub run: Option<String>,
}

pub(crate) fn impact_from_graph(graph: &Graph, changes: &[ChangeSpec], files: &RepoFiles) -> Result<Impact, AppError> {
    let added: BTreeSet<String> = changes.iter().filter(|change| change.action == ChangeAction::Add).map(ChangeSpec::entity_ref).collect();
    let mut impacts = Vec::new();
    for change in changes {
        impacts.push(change_impact(graph, change, &added)?);
    }
    let mut repos: BTreeSet<String> = BTreeSet::new();
    let mut refs_by_repo: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for found in &impacts {
        let mut note = |repo: &str, node_ref: &str| {
            repos.insert(repo.to_string());
            let refs = refs_by_repo.entry(repo.to_string()).or_default();
            refs.insert(node_ref.to_string());
            refs.insert(found.entity.clone());
            refs.extend(found.contract.clone());
        };
        note(&found.provider.repo, &found.provider.component);
        for consumer in &found.consumers {
            note(&consumer.repo, &consumer.component);
        }
    }
    let repos = repos.into_iter().map(|repo| repo_facts(graph, &repo, &refs_by_repo[&repo], files)).collect();
    Ok(Impact { changes: impacts, repos })
}

fn change_impact(graph: &Graph, change: &ChangeSpec, added: &BTreeSet<String>) -> Result<ChangeImpact, AppError> {
    let entity = change.entity_ref();
    let entity_exists = graph.node(&entity).is_some();
    let planned_here = added.contains(&entity);
    match &change.target {
        ChangeTarget::Component { name } => {
            let component = component_node(graph, name)?;
            let provider = Party { component: component.clone(), repo: repo_of(graph, &component), path: Vec::new() };
            let owners = owner_refs(graph, &component);
            Ok(ChangeImpact {
                change: change.clone(),
                entity,
                entity_exists,
                contract: None,
                provider,
                consumers: Vec::new(),
                tests: tests_of(graph, &component),
                owners,
            })
        }
        ChangeTarget::Resource { name } => {
            let resource = format!("resource:{}", name.to_lowercase());
            if graph.node(&resource).is_none() && change.action != ChangeAction::Add {
                return Err(not_in_brain(&resource, "resources", graph, "resource:"));
            }
            let provider = Party { component: resource.clone(), repo: repo_of(graph, &resource), path: Vec::new() };
            let mut consumers: Vec<Consumer> = graph
                .incoming(&resource)
                .filter(|edge| edge.kind == "depends_on" && edge.from_ref.starts_with("component:"))
                .map(|edge| Consumer {
                    component: edge.from_ref.clone(),
                    repo: repo_of(graph, &edge.from_ref),
                    fields_read: Vec::new(),
                    reads_changed_entity: Reads::Yes,
                    path: vec![step(edge)],
                })
                .collect();
            add_named_consumer(graph, change, &mut consumers)?;
            let owners = owner_refs(graph, &resource);
            Ok(ChangeImpact {
                change: change.clone(),
                entity: resource,
                entity_exists,
                contract: None,
                provider,
                consumers,
                tests: Vec::new(),
                owners,
            })
        }
        ChangeTarget::Field { api, .. } | ChangeTarget::Operation { api, .. } | ChangeTarget::Message { api, .. } => {
            let contract = format!("api:{}", api.to_lowercase());
            if graph.node(&contract).is_none() {
                return Err(not_in_brain(&contract, "contracts", graph, "api:"));
            }
            let consumed_new = matches!(change.action, ChangeAction::Consume { .. }) && planned_here;
            let must_exist = !(change.action == ChangeAction::Add || consumed_new);
            if must_exist && !entity_exists {
                let prefix = format!("{}:{api}/", entity.split(':').next().unwrap_or("field"));
                return Err(not_in_brain(&entity, "elements of this kind", graph, &prefix));
            }
            let provider = provider_of(graph, &contract)?;
            let mut consumers = consumers_of(graph, &contract, change, &provider.component);
            add_named_consumer(graph, change, &mut consumers)?;
            let subject = if entity_exists { entity.clone() } else { contract.clone() };
            let tests = tests_of(graph, &subject);
            let owners = owner_refs(graph, &subject);
            Ok(ChangeImpact { change: change.clone(), entity, entity_exists, contract: Some(contract), provider, consumers, tests, owners })
        }
    }
}

/// A `consume:` change may name a component that does not consume the contract yet.
fn add_named_consumer(graph: &Graph, change: &ChangeSpec, consumers: &mut Vec<Consumer>) -> Result<(), AppError> {
    let ChangeAction::Consume { component } = &change.action else { return Ok(()) };
    let component_ref = component_node(graph, component)?;
    if consumers.iter().any(|consumer| consumer.component == component_ref) {
        return Ok(());
    }
    consumers.push(Consumer {
        component: component_ref.clone(),
        repo: repo_of(graph, &component_ref),
        fields_read: Vec::new(),
        reads_changed_entity: Reads::No,
        path: Vec::new(),
    });
    Ok(())
}

fn provider_of(graph: &Graph, contract: &str) -> Result<Party, AppError> {
    let edge = graph
        .incoming(contract)
        .filter(|edge| edge.kind == "provides" && edge.from_ref.starts_with("component:"))
        .min_by(|left, right| left.from_ref.cmp(&right.from_ref))
        .ok_or_else(|| {
            AppError::Input(format!(
                "the brain knows no component that provides {contract}; declare it (catalog `providesApis`) and run `factory brain scan`"
            ))
        })?;
    Ok(Party { component: edge.from_ref.clone(), repo: repo_of(graph, &edge.from_ref), path: vec![step(edge)] })
}

/// Every component that consumes `contract` (declared, or by reading its fields, calling its
/// operations or subscribing to its messages), with what it reads.
fn consumers_of(graph: &Graph, contract: &str, change: &ChangeSpec, provider: &str) -> Vec<Consumer> {
    let elements: BTreeSet<&str> = graph.outgoing(contract).filter(|edge| edge.kind == "defines").map(|edge| edge.to_ref.as_str()).collect();
    let mut by_component: BTreeMap<String, Vec<&EdgeRow>> = BTreeMap::new();
    for edge in graph.incoming(contract).filter(|edge| edge.kind == "consumes" || edge.kind == "subscribes") {
        by_component.entry(edge.from_ref.clone()).or_default().push(edge);
    }
    for element in &elements {
        for edge in graph.incoming(element).filter(|edge| matches!(edge.kind.as_str(), "consumes" | "subscribes")) {
            by_component.entry(edge.from_ref.clone()).or_default().push(edge);
        }
    }
    by_component.retain(|component, _| component.starts_with("component:") && component != provider);
    let targets = changed_refs(graph, change);
    by_component
        .into_iter()
        .map(|(component, edges)| {
            let fields: BTreeSet<String> =
                edges.iter().filter(|edge| edge.to_ref.starts_with("field:")).map(|edge| wire_name(graph, &edge.to_ref)).collect();
            let reads_elements = edges.iter().any(|edge| edge.to_ref != contract);
            let reads_target = edges.iter().any(|edge| targets.contains(&edge.to_ref));
            let kind_known = match change.target {
                ChangeTarget::Field { .. } => !fields.is_empty(),
                _ => reads_elements,
            };
            let reads = if reads_target {
                Reads::Yes
            } else if kind_known || matches!(change.action, ChangeAction::Add | ChangeAction::AddField { .. }) {
                Reads::No
            } else {
                Reads::Unknown
            };
            let mut path: Vec<String> =
                edges.iter().filter(|edge| edge.to_ref == contract || targets.contains(&edge.to_ref)).map(|edge| step(edge)).collect();
            if path.is_empty() {
                path.extend(edges.first().map(|edge| step(edge)));
            }
            Consumer { repo: repo_of(graph, &component), component, fields_read: fields.into_iter().collect(), reads_changed_entity: reads, path }
        })
        .collect()
}

/// The refs a consumer must touch to be affected: the field itself; the payload fields of a
/// message for `remove-field`; the operation or message.
fn changed_refs(graph: &Graph, change: &ChangeSpec) -> BTreeSet<String> {
    let entity = change.entity_ref();
    let mut refs = BTreeSet::from([entity.clone()]);
    if let ChangeAction::RemoveField { field } | ChangeAction::AddField { field } = &change.action {
        refs.clear();
        refs.extend(
            graph.outgoing(&entity).filter(|edge| edge.kind == "uses" && wire_name(graph, &edge.to_ref) == *field).map(|edge| edge.to_ref.clone()),
        );
    }
    refs
}

fn wire_name(graph: &Graph, field: &str) -> String {
    graph
        .node(field)
        .and_then(|node| node.props.get("wire_name").and_then(serde_json::Value::as_str).map(str::to_string))
        .unwrap_or_else(|| field.rsplit(['.', '/']).next().unwrap_or(field).to_string())
}

fn component_node(graph: &Graph, name: &str) -> Result<String, AppError> {
    let component = format!("component:{}", name.trim_start_matches("component:").to_lowercase());
    if graph.node(&component).is_some() { Ok(component) } else { Err(not_in_brain(&component, "components", graph, "component:")) }
}

/// The repo a node lives in: its `repo` prop, else the repo of its source (`repo@sha:path`).
fn repo_of(graph: &Graph, node_ref: &str) -> String {
    let Some(node) = graph.node(node_ref) else { return node_ref.split_once(':').map_or(node_ref, |(_, name)| name).to_string() };
    if let Some(repo) = node.props.get("repo").and_then(serde_json::Value::as_str) {
        return repo.to_string();
    }
    node.source.split('@').next().unwrap_or(&node.name).to_string()
}

fn owner_refs(graph: &Graph, node_ref: &str) -> Vec<String> {
    let owners: BTreeSet<String> = factory_brain::query::owners(graph, node_ref).into_iter().map(|reached| reached.node_ref).collect();
    owners.into_iter().collect()
}

fn tests_of(graph: &Graph, node_ref: &str) -> Vec<TestFact> {
    factory_brain::query::tests(graph, node_ref)
        .into_iter()
        .map(|reached| TestFact {
            repo: repo_of(graph, &reached.node_ref),
            path: reached.path.iter().map(|step| format!("{} -{}-> {}", step.from, step.kind, step.to)).collect(),
            test_ref: reached.node_ref,
        })
        .collect()
}

fn step(edge: &EdgeRow) -> String {
    format!("{} -{}-> {}", edge.from_ref, edge.kind, edge.to_ref)
}

fn repo_facts(graph: &Graph, repo: &str, refs: &BTreeSet<String>, files: &RepoFiles) -> RepoFacts {
    let components: Vec<&factory_store::graph::NodeRow> = graph
        .nodes
        .values()
        .filter(|node| node.kind == "component" && node.props.get("repo").and_then(serde_json::Value::as_str) == Some(repo))
        .collect();
    let types: BTreeSet<String> =
        components.iter().filter_map(|node| node.props.get("type").and_then(serde_json::Value::as_str)).map(str::to_lowercase).collect();
    let holds_resources = graph.nodes.values().any(|node| node.kind == "resource" && node.source.split('@').next() == Some(repo));
    let kind = if types.contains("website") {
        RepoKind::Website
    } else if types.iter().any(|kind| kind == "service" || kind == "api") {
        RepoKind::Service
    } else if types.iter().any(|kind| matches!(kind.as_str(), "worker" | "job")) {
        RepoKind::Worker
    } else if types.contains("library") {
        RepoKind::Library
    } else if components.is_empty() && holds_resources {
        RepoKind::Infra
    } else {
        RepoKind::Service
    };
    let mut owners: BTreeSet<String> = BTreeSet::new();
    for component in &components {
        owners.extend(owner_refs(graph, &component.node_ref));
    }
    if owners.is_empty() {
        owners.extend(owner_refs(graph, &format!("repo:{repo}")));
    }
    let mut repo_refs: BTreeSet<&str> = refs.iter().map(String::as_str).collect();
    repo_refs.extend(components.iter().map(|node| node.node_ref.as_str()));
    let applies =
        |note: &&KnownNote| note.repos.iter().any(|known| known == repo) || note.entities.iter().any(|entity| repo_refs.contains(entity.as_str()));
    let rules = files.rules.iter().filter(applies).map(|rule| Note { id: rule.id.clone(), summary: rule.summary.clone() }).collect();
    let lessons: Vec<&KnownNote> = files.lessons.iter().filter(applies).collect();
    RepoFacts {
        name: repo.to_string(),
        kind,
        holds_data_migrations: files.migrations.get(repo).copied().unwrap_or(false),
        owners: owners.into_iter().collect(),
        rules,
        lessons: lessons.iter().map(|lesson| Note { id: lesson.id.clone(), summary: lesson.summary.clone() }).collect(),
        past_failures: lessons
            .iter()
            .filter_map(|lesson| lesson.run.as_ref().map(|run| Note { id: run.clone(), summary: lesson.summary.clone() }))
            .collect(),
        declared_checks: files.checks.get(repo).cloned().unwrap_or_default(),
    }
}

fn not_in_brain(node_ref: &str, what: &str, graph: &Graph, prefix: &str) -> AppError {
    let candidates: Vec<&str> = graph.nodes.keys().filter(|key| key.starts_with(prefix)).map(String::as_str).collect();
    let key = factory_brain::model::naming_key(node_ref.split_once(':').map_or(node_ref, |(_, name)| name));
    let same_key: Vec<&str> = candidates
        .iter()
        .copied()
        .filter(|candidate| factory_brain::model::naming_key(candidate.split_once(':').map_or(candidate, |(_, name)| name)) == key)
        .collect();
    if let Some(likely) = same_key.first() {
        return AppError::Input(format!("`{node_ref}` is not in the brain; did you mean `{likely}`? (the same name in another naming convention)"));
    }
    // Siblings first: the other fields of the same schema, the other operations of the API.
    let stem = node_ref.rsplit_once('.').map_or_else(|| prefix.to_string(), |(stem, _)| format!("{stem}."));
    let mut known: Vec<&str> = candidates.iter().copied().filter(|candidate| candidate.starts_with(&stem)).collect();
    if known.is_empty() {
        known = candidates;
    }
    let total = known.len();
    known.truncate(12);
    let more = if total > known.len() { format!(" and {} more", total - known.len()) } else { String::new() };
    let hint = if known.is_empty() {
        "the brain knows none; run `factory brain scan`".to_string()
    } else {
        format!("known {what}: {}{more}", known.join(", "))
    };
    AppError::Input(format!("`{node_ref}` is not in the brain ({hint})"))
}
