//! Workspace files of monorepo tools that list the applications a repo builds: the Nest CLI's
//! `nest-cli.json` in monorepo mode (`"projects": {"auth": {"type": "application", "root":
//! "apps/auth"}}`) and Nx's `project.json` (`"projectType": "application"`). Each application
//! is a project edge; resolution makes it a service where no deploy file roots one there
//! (`resolve/modules.rs`). Libraries (`"type": "library"`, `libs/*`) and Nx's end-to-end test
//! apps (`*-e2e`) are none.

use serde_json::{Value, json};

use crate::model::{FileFacts, Method};
use crate::readers::{join_relative, parent_dir};

/// The edge kind from a workspace file to an application it lists (`project:<name>`), with
/// props `root` (the application's folder in the repo) and `tool` (`nest`, `nx`).
pub const WORKSPACE_PROJECT: &str = "workspace_project";

/// Whether a file is one of the workspace files read here, by its lowercase name.
pub fn is_workspace_file(lower_name: &str) -> bool {
    matches!(lower_name, "nest-cli.json" | "project.json")
}

/// The applications `path` (a [`is_workspace_file`]) lists.
pub fn read(path: &str, document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    let folder = parent_dir(path);
    let mut project = |name: &str, root: &str, tool: &str, pointer: &str| {
        let name = name.trim().to_lowercase();
        let valid = !name.is_empty() && !name.ends_with("-e2e") && name.chars().all(|character| character.is_ascii_alphanumeric() || matches!(character, '-' | '_' | '.'));
        if let Some(root) = join_relative(folder, root).filter(|root| valid && !root.is_empty()) {
            facts.edge("self", &format!("project:{name}"), WORKSPACE_PROJECT, json!({"root": root, "tool": tool}), pointer, Method::Declared);
        }
    };
    if path.rsplit('/').next().is_some_and(|name| name.eq_ignore_ascii_case("nest-cli.json")) {
        if document.get("monorepo").and_then(Value::as_bool) != Some(true) {
            return facts;
        }
        for (name, entry) in document.get("projects").and_then(Value::as_object).into_iter().flatten() {
            let application = entry.get("type").and_then(Value::as_str) == Some("application");
            if let Some(root) = entry.get("root").and_then(Value::as_str).filter(|_| application) {
                project(name, root, "nest", &format!("/projects/{}", crate::yaml::pointer_segment(name)));
            }
        }
    } else if document.get("projectType").and_then(Value::as_str) == Some("application") {
        let name = document.get("name").and_then(Value::as_str).unwrap_or_else(|| folder.rsplit('/').next().unwrap_or(folder));
        project(name, ".", "nx", "/projectType");
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn projects(path: &str, json: &str) -> Vec<String> {
        let document: Value = serde_json::from_str(json).expect("json");
        read(path, &document).edges.iter().map(|edge| format!("{} {}", edge.to, edge.props["root"].as_str().unwrap_or(""))).collect()
    }

    #[test]
    fn applications_of_a_nest_monorepo_and_nx_projects() {
        let nest = r#"{"monorepo": true, "root": "apps", "projects": {"auth": {"type": "application", "root": "apps/auth"}, "common": {"type": "library", "root": "libs/common"}}}"#;
        assert_eq!(projects("nest-cli.json", nest), ["project:auth apps/auth"]);
        assert_eq!(projects("backend/nest-cli.json", nest), ["project:auth backend/apps/auth"]);
        assert!(projects("nest-cli.json", r#"{"collection": "@nestjs/schematics", "sourceRoot": "src"}"#).is_empty(), "one application is the repo's");
        assert_eq!(projects("apps/orders/project.json", r#"{"name": "orders", "projectType": "application"}"#), ["project:orders apps/orders"]);
        assert!(projects("apps/orders-e2e/project.json", r#"{"name": "orders-e2e", "projectType": "application"}"#).is_empty());
        assert!(projects("libs/ui/project.json", r#"{"name": "ui", "projectType": "library"}"#).is_empty());
    }
}
