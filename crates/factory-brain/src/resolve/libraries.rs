//! Channels of a library module's classes: a Java or Kotlin class below a module's `src/main/`
//! that no component owns publishes and subscribes for each component whose code uses it
//! (`readers::code`'s `uses_class` edges: a field, parameter or variable of it, a static call),
//! when the component's Maven module depends on the library's (or either has no `pom.xml`).
//! minh0206's food delivery keeps `OrderInTransitEventPublisher` (`kafkaTemplate.send(TOPIC,
//! event)`) in its `shared-module`, a library the services build with and no deployment runs;
//! the delivery service's `DriverService` is given one and publishes through it. A component
//! that imports the class's package but declares nothing of the class gets nothing.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::components::Components;
use super::edges::resolve_file_edges;
use super::ScannedFacts;
use crate::model::FileFacts;
use crate::readers::code::{CLASS_PREFIX, USES_CLASS, is_test_path, module_of};

/// The edge kinds a library's class has its users make.
const CHANNEL_KINDS: &[&str] = &["publishes", "subscribes"];

/// Per (repo, path) of a library module's class that publishes or subscribes, the components
/// (their refs) whose code uses the class.
pub(crate) fn users(files: &[ScannedFacts], components: &Components) -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut users: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    // The classes: (repo, qualified name) -> path.
    let mut classes: BTreeMap<(&str, String), &str> = BTreeMap::new();
    for file in files {
        let channels = file.facts.edges.iter().any(|edge| edge.from == "self" && CHANNEL_KINDS.contains(&edge.kind.as_str()));
        if !channels || is_test_path(&file.path) || components.owning(&file.repo, &file.path).is_some() {
            continue;
        }
        if let Some(class) = class_of(&file.path) {
            classes.insert((file.repo.as_str(), class), file.path.as_str());
        }
    }
    if classes.is_empty() {
        return users;
    }
    let poms = poms(files);
    for file in files {
        if is_test_path(&file.path) {
            continue;
        }
        let Some(component) = components.owning(&file.repo, &file.path) else { continue };
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == USES_CLASS) {
            let Some(class) = edge.to.strip_prefix(CLASS_PREFIX) else { continue };
            let Some(library) = classes.get(&(file.repo.as_str(), class.to_string())) else { continue };
            if builds_with(&poms, &file.repo, &file.path, library) {
                users.entry((file.repo.clone(), library.to_string())).or_default().insert(component.node_ref.clone());
            }
        }
    }
    users
}

/// The prop of a component's edge made through a library's class: the class's file.
const USED_THROUGH: &str = "used_through";

/// A library class's file's publishes and subscribes, as each of its users'.
pub(crate) fn resolve_for_users(graph: &mut super::GraphBuilder, file: &ScannedFacts, facts: &FileFacts, components: &Components) {
    let Some(users) = components.library_users.get(&(file.repo.clone(), file.path.clone())) else { return };
    let mut used = FileFacts::default();
    // A topic a parameter takes is what any caller passes, not each user's: left out.
    for edge in facts.edges.iter().filter(|edge| edge.from == "self" && CHANNEL_KINDS.contains(&edge.kind.as_str()) && !edge.props.contains_key("parameter")) {
        let mut edge = edge.clone();
        edge.props.insert(USED_THROUGH.into(), json!(file.path));
        used.edges.push(edge);
    }
    for user in users {
        resolve_file_edges(graph, file, &used, components, Some(user.clone()));
    }
}

/// A JVM source file's class by its path below `src/main/java/` or `src/main/kotlin/`:
/// `com.fooddelivery.shared.publisher.OrderPlacedEventPublisher`.
fn class_of(path: &str) -> Option<String> {
    let below = ["src/main/java/", "src/main/kotlin/"].iter().find_map(|root| path.find(root).filter(|&at| at == 0 || path.as_bytes()[at - 1] == b'/').map(|at| &path[at + root.len()..]))?;
    let class = below.strip_suffix(".java").or_else(|| below.strip_suffix(".kt"))?;
    (!class.is_empty()).then(|| class.replace('/', "."))
}

/// Per (repo, folder), a `pom.xml`'s artifact id and its dependencies (`group:artifact`).
type Poms<'a> = BTreeMap<(&'a str, &'a str), (Option<&'a str>, Vec<&'a str>)>;

/// The repos' `pom.xml`s.
fn poms(files: &[ScannedFacts]) -> Poms<'_> {
    let mut poms = BTreeMap::new();
    for file in files.iter().filter(|file| file.path == "pom.xml" || file.path.ends_with("/pom.xml")) {
        let Some(node) = file.facts.nodes.iter().find(|node| node.kind == "package") else { continue };
        let artifact = node.name.rsplit('/').next().filter(|name| !name.is_empty() && *name != "pom.xml");
        let dependencies = node.props.get("dependencies").and_then(Value::as_array).map(|list| list.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        poms.insert((file.repo.as_str(), crate::readers::parent_dir(&file.path)), (artifact, dependencies));
    }
    poms
}

/// Whether the user's file is built with the library's module: the user's Maven module's
/// `pom.xml` or one above it lists the library module's artifact. Either module without a
/// `pom.xml` (a Gradle build) is taken to.
fn builds_with(poms: &Poms<'_>, repo: &str, user: &str, library: &str) -> bool {
    let Some((Some(artifact), _)) = poms.get(&(repo, module_of(library))) else { return true };
    let mut folder = module_of(user);
    let mut seen = false;
    loop {
        if let Some((_, dependencies)) = poms.get(&(repo, folder)) {
            seen = true;
            if dependencies.iter().any(|dependency| dependency.rsplit(':').next() == Some(*artifact)) {
                return true;
            }
        }
        if folder.is_empty() {
            return !seen;
        }
        folder = crate::readers::parent_dir(folder);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_class_is_named_by_its_path_below_its_source_set() {
        assert_eq!(class_of("shared/src/main/java/com/shop/Publisher.java").as_deref(), Some("com.shop.Publisher"));
        assert_eq!(class_of("src/main/kotlin/com/shop/Publisher.kt").as_deref(), Some("com.shop.Publisher"));
        assert_eq!(class_of("shared/lib/Publisher.java"), None);
        assert_eq!(class_of("shared/xsrc/main/java/Publisher.java"), None);
    }
}
