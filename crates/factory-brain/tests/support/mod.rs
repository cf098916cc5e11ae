//! Reading real git repositories into the brain without a store: what `factory brain scan`
//! does, minus persistence, so reader and resolution tests run on real trees.

#![allow(dead_code)]

use std::path::Path;

use factory_brain::resolve::{ResolvedEdge, ResolvedNode};
use factory_brain::{Resolved, ScannedFacts};

/// Every wanted file of `repo` at HEAD, read into facts (failures keep empty facts).
pub fn read_repo(name: &str, path: &Path) -> (Vec<ScannedFacts>, Vec<(String, String)>) {
    let commit = factory_git::commit_info(path, "HEAD").expect("commit");
    let tree = factory_git::list_tree(path, &commit.sha).expect("ls-tree");
    let wanted: Vec<_> = tree.into_iter().filter(|file| factory_brain::wants_file(&file.path, file.size)).collect();
    let blobs: Vec<String> = wanted.iter().map(|file| file.blob.clone()).collect();
    let contents = factory_git::read_blobs(path, &blobs).expect("cat-file");
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (file, bytes) in wanted.iter().zip(contents) {
        let facts = match factory_brain::read_file(&file.path, &bytes) {
            Ok(facts) => facts,
            Err(reason) => {
                errors.push((file.path.clone(), reason));
                Default::default()
            }
        };
        files.push(ScannedFacts { repo: name.to_string(), path: file.path.clone(), commit_sha: "SHA".into(), facts });
    }
    (files, errors)
}

/// Resolves several repos together.
pub fn resolve_repos(repos: &[(String, std::path::PathBuf)]) -> Resolved {
    let mut files = Vec::new();
    for (name, path) in repos {
        files.extend(read_repo(name, path).0);
    }
    let names: Vec<String> = repos.iter().map(|(name, _)| name.clone()).collect();
    factory_brain::resolve(&files, &names)
}

/// `from -kind-> to  [method confidence source]` lines for edges of the given kinds.
pub fn edge_lines(resolved: &Resolved, kinds: &[&str]) -> Vec<String> {
    let mut lines: Vec<String> = resolved
        .edges
        .iter()
        .filter(|edge| kinds.is_empty() || kinds.contains(&edge.kind.as_str()))
        .map(|edge: &ResolvedEdge| format!("{} -{}-> {}  [{} {} {}]", edge.from, edge.kind, edge.to, edge.method.as_str(), edge.confidence, edge.source))
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

pub fn node_lines(resolved: &Resolved, kinds: &[&str]) -> Vec<String> {
    resolved
        .nodes
        .iter()
        .filter(|node: &&ResolvedNode| kinds.is_empty() || kinds.contains(&node.kind.as_str()))
        .map(|node| node.node_ref.clone())
        .collect()
}

/// Copies a fixture folder into a new git repository with one pinned commit.
pub fn fixture_repo(fixture: &str, dest: &Path) -> std::path::PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    copy_dir(&source, dest);
    let repo = factory_git::init(dest).expect("init");
    repo.add_all().expect("add");
    repo.commit("fixture\n", &factory_git::Identity::factory(), Some("2026-01-01T00:00:00Z"), &[]).expect("commit");
    dest.to_path_buf()
}

fn copy_dir(source: &Path, dest: &Path) {
    std::fs::create_dir_all(dest).expect("mkdir");
    for entry in std::fs::read_dir(source).expect("read fixture dir") {
        let entry = entry.expect("entry");
        let target = dest.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The resolved graph as the store would hand it back.
pub fn as_graph(resolved: &factory_brain::Resolved) -> factory_brain::graph::Graph {
    let nodes = resolved
        .nodes
        .iter()
        .enumerate()
        .map(|(id, node)| factory_store::graph::NodeRow {
            id: id as i64,
            node_ref: node.node_ref.clone(),
            kind: node.kind.clone(),
            name: node.name.clone(),
            props: serde_json::Value::Object(node.props.clone()),
            valid_from: "T".into(),
            valid_to: None,
            recorded_at: "T".into(),
            retracted_at: None,
            source: node.source.clone(),
            method: node.method.as_str().into(),
            confidence: node.confidence,
        })
        .collect();
    let edges = resolved
        .edges
        .iter()
        .enumerate()
        .map(|(id, edge)| factory_store::graph::EdgeRow {
            id: id as i64,
            from_ref: edge.from.clone(),
            to_ref: edge.to.clone(),
            kind: edge.kind.clone(),
            props: serde_json::Value::Object(edge.props.clone()),
            valid_from: "T".into(),
            valid_to: None,
            recorded_at: "T".into(),
            retracted_at: None,
            source: edge.source.clone(),
            method: edge.method.as_str().into(),
            confidence: edge.confidence,
        })
        .collect();
    factory_brain::graph::Graph::new(nodes, edges)
}

/// Writes `files` (path, text) into a new git repository at `path`, one pinned commit.
pub fn write_repo(path: &Path, files: &[(&str, &str)]) {
    for (file, text) in files {
        let target = path.join(file);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(target, text).expect("write");
    }
    let repo = factory_git::init(path).expect("init");
    repo.add_all().expect("add");
    repo.commit("fixture\n", &factory_git::Identity::factory(), Some("2026-01-01T00:00:00Z"), &[]).expect("commit");
}

/// `rule first-field contract` for each finding.
pub fn finding_summary(findings: &[factory_brain::check::Finding]) -> Vec<String> {
    findings.iter().map(|finding| format!("{} {} {}", finding.rule, finding.fields.first().map(String::as_str).unwrap_or(""), finding.contract.as_deref().unwrap_or(""))).collect()
}

/// Writes each repo (name -> files) as a git repository and checks the resolved org.
pub fn check_repos(repos: &[(&str, &[(&str, &str)])]) -> Vec<factory_brain::check::Finding> {
    let resolved = org(repos);
    factory_brain::check::check_with_calls(&as_graph(&resolved), &resolved.reads, &resolved.unmatched_calls)
}

/// An AsyncAPI 2.6 document titled `title` whose one channel publishes the message `message`
/// with `properties` (name, JSON type).
pub fn published_event(title: &str, channel: &str, message: &str, properties: &[(&str, &str)]) -> String {
    let properties: String = properties.iter().map(|(name, json_type)| format!("            {name}: {{type: {json_type}}}\n")).collect();
    format!(
        "asyncapi: 2.6.0\ninfo: {{title: {title}, version: 1.0.0}}\nchannels:\n  {channel}:\n    publish:\n      message:\n        name: {message}\n        payload:\n          type: object\n          properties:\n{properties}"
    )
}

/// An OpenAPI 3.0 document titled `title` with one `POST path` whose request body requires
/// `required` of `properties` (name, JSON type); `servers` is its server URL, if any.
pub fn post_operation(title: &str, server: Option<&str>, path: &str, required: &[&str], properties: &[(&str, &str)]) -> String {
    let servers = server.map(|url| format!("servers: [{{url: '{url}'}}]\n")).unwrap_or_default();
    let properties: String = properties.iter().map(|(name, json_type)| format!("                {name}: {{type: {json_type}}}\n")).collect();
    format!(
        "openapi: 3.0.3\ninfo: {{title: {title}, version: 1.0.0}}\n{servers}paths:\n  {path}:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [{}]\n              properties:\n{properties}      responses:\n        '201': {{description: created}}\n",
        required.join(", ")
    )
}

/// An OpenAPI 3.0 document titled `title` with one `GET path` answering with the schema
/// `schema` of `properties` (name, JSON type).
pub fn get_operation(title: &str, path: &str, schema: &str, properties: &[(&str, &str)]) -> String {
    let properties: String = properties.iter().map(|(name, json_type)| format!("        {name}: {{type: {json_type}}}\n")).collect();
    format!(
        "openapi: 3.0.3\ninfo: {{title: {title}, version: 1.0.0}}\npaths:\n  {path}:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/{schema}'}}\ncomponents:\n  schemas:\n    {schema}:\n      type: object\n      properties:\n{properties}"
    )
}

/// Resolves repos written from (name, files).
pub fn org(repos: &[(&str, &[(&str, &str)])]) -> Resolved {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut paths = Vec::new();
    for (name, files) in repos {
        let path = dir.path().join(name);
        write_repo(&path, files);
        paths.push((name.to_string(), path));
    }
    resolve_repos(&paths)
}

/// `ref repo=<repo> root=<root>` for every component and resource, then the `depends_on`
/// edges between them (without their sources) and the owners.
pub fn summary(resolved: &Resolved) -> String {
    let text = |node: &ResolvedNode, key: &str| node.props.get(key).map(|value| value.to_string()).unwrap_or_else(|| "-".to_string());
    let mut lines: Vec<String> = resolved
        .nodes
        .iter()
        .filter(|node| matches!(node.kind.as_str(), "component" | "resource"))
        .map(|node| {
            let roots = node.props.get("roots").map(|roots| format!(" roots={roots}")).unwrap_or_default();
            format!("{} repo={} root={}{roots}", node.node_ref, text(node, "repo"), text(node, "root"))
        })
        .collect();
    let mut edges: Vec<String> = resolved
        .edges
        .iter()
        .filter(|edge| (edge.kind == "depends_on" && edge.to.starts_with("component:")) || edge.kind == "owned_by")
        .filter(|edge| edge.from.starts_with("component:"))
        .map(|edge| format!("{} -{}-> {}", edge.from, edge.kind, edge.to))
        .collect();
    edges.sort();
    edges.dedup();
    lines.extend(edges);
    lines.join("\n")
}

/// `from -> to location=<prefix> <source>` for each `depends_on` edge out of `gateway`.
pub fn gateway_edges(resolved: &Resolved, gateway: &str) -> String {
    let mut lines: Vec<String> = resolved
        .edges
        .iter()
        .filter(|edge| edge.kind == "depends_on" && edge.from == format!("component:{gateway}"))
        .map(|edge| {
            let location = edge.props.get("location").and_then(|location| location.as_str()).unwrap_or("-");
            let source = edge.source.split_once(':').map_or(edge.source.as_str(), |(_, location)| location);
            format!("{} -> {} location={location} {source}", edge.from, edge.to)
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

/// A Maven module's `pom.xml` declaring only its artifact, `name`.
pub fn module(name: &str) -> String {
    format!("<project>\n  <artifactId>{name}</artifactId>\n</project>\n")
}

/// The channel edges of components, without their sources.
pub fn channel_edges(resolved: &Resolved) -> String {
    let mut lines: Vec<String> = resolved
        .edges
        .iter()
        .filter(|edge| matches!(edge.kind.as_str(), "publishes" | "subscribes") && edge.from.starts_with("component:"))
        .map(|edge| format!("{} -{}-> {}", edge.from, edge.kind, edge.to))
        .collect();
    lines.sort();
    lines.dedup();
    lines.join("\n")
}

/// Files written as owned strings, borrowed as [`org`] takes them.
pub fn borrowed(files: &[(String, String)]) -> Vec<(&str, &str)> {
    files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect()
}
