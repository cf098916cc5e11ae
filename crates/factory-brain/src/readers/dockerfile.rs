//! A Dockerfile marks its folder as a service's root: the folder's name is the service's
//! name unless the catalog, compose or Kubernetes names it otherwise.

use crate::model::{FileFacts, UnitFact, UnitOrigin};
use crate::readers::parent_dir;

/// Folder names that say where the Dockerfile sits inside a service, not which service it is.
const INNER_FOLDERS: &[&str] = &["src", "app", "docker", "build", "deploy", ".docker", "container", "image"];
/// Folders whose Dockerfiles are not services.
const NOT_SERVICES: &[&str] = &[".devcontainer", "test", "tests", "examples", "example", "docs", ".github", "hack", "e2e"];

pub fn read(path: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let mut root = parent_dir(path).to_string();
    if root.split('/').any(|segment| NOT_SERVICES.contains(&segment)) {
        return facts;
    }
    loop {
        let (parent, name) = match root.rsplit_once('/') {
            Some((parent, name)) => (parent.to_string(), name.to_string()),
            None => (String::new(), root.clone()),
        };
        if INNER_FOLDERS.contains(&name.as_str()) && !root.is_empty() {
            root = parent;
            continue;
        }
        break;
    }
    let name = root.rsplit('/').next().unwrap_or("").to_string();
    facts.units.push(UnitFact {
        name,
        origin: UnitOrigin::Dockerfile,
        root: Some(root),
        aliases: Vec::new(),
        infrastructure: false,
        labels: Default::default(),
        pointer: "L1".into(),
    });
    facts
}
