//! .NET solutions layer one service over several projects: the host (`Ordering.HttpApi.Host`,
//! the folder its Dockerfile or compose service builds) references its application, domain
//! and infrastructure projects beside it (`<ProjectReference Include="..\Ordering.Domain\
//! Ordering.Domain.csproj" />`), where its handlers, publishers and clients live. A project
//! that one component's host references, directly or through other projects, is that
//! component's too; one that several hosts reference is the one's beside it (in the same
//! folder as its host's), else (a shared library) nobody's.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{within, Components};
use crate::resolve::ScannedFacts;

/// Adds to each component the folders of the in-repo projects only its own projects reference.
pub(super) fn own_referenced_projects(files: &[ScannedFacts], components: &mut Components) {
    // (repo, project folder) -> the project folders it references.
    let mut references: BTreeMap<(&str, String), BTreeSet<String>> = BTreeMap::new();
    for file in files.iter().filter(|file| is_project(&file.path)) {
        let folder = crate::readers::parent_dir(&file.path).to_string();
        let referenced = file.facts.nodes.iter().filter(|node| node.kind == "package").flat_map(|node| {
            node.props.get("dependencies").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).filter(|dependency| is_project(dependency))
        });
        let folders = referenced.filter_map(|dependency| crate::readers::join_relative(&folder, &dependency.replace('\\', "/"))).map(|path| crate::readers::parent_dir(&path).to_string()).collect();
        references.insert((file.repo.as_str(), folder), folders);
    }
    if references.is_empty() {
        return;
    }
    // Each component's projects: those in its folders, and all they reference.
    let mut reached: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new(); // (repo, folder) -> components
    for component in components.by_name.values() {
        let (Some(repo), Some(root)) = (&component.repo, &component.root) else { continue };
        let roots: Vec<&String> = std::iter::once(root).chain(&component.extra_roots).collect();
        let mut queue: Vec<String> = references.keys().filter(|(project_repo, folder)| project_repo == repo && roots.contains(&folder)).map(|(_, folder)| folder.clone()).collect();
        let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
        while let Some(folder) = queue.pop() {
            for next in references.get(&(repo.as_str(), folder)).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    queue.push(next.clone());
                }
            }
        }
        for folder in seen.into_iter().filter(|folder| !roots.iter().any(|root| within(folder, root) || folder == *root)) {
            reached.entry((repo.clone(), folder)).or_default().insert(component.name.clone());
        }
    }
    // A folder some component is rooted in, or holds, stays its.
    let rooted = |repo: &str, folder: &str| {
        components.by_name.values().any(|component| {
            component.repo.as_deref() == Some(repo)
                && component.root.iter().chain(&component.extra_roots).any(|root| folder == root || root.is_empty() || within(folder, root))
        })
    };
    // Of several hosts referencing a project, the one beside it (its root in the same folder)
    // owns it: Payment.Application is the payment service's, though Order.Infrastructure
    // references it too (HuzeyfeUlutas' dotnet-microservices-saga).
    let beside = |owner: &String, folder: &str| {
        let parent = crate::readers::parent_dir(folder);
        components.by_name.get(owner).is_some_and(|component| component.root.iter().chain(&component.extra_roots).any(|root| !root.is_empty() && crate::readers::parent_dir(root) == parent))
    };
    let owned: Vec<(String, String)> = reached
        .into_iter()
        .filter(|((repo, folder), _)| !rooted(repo, folder))
        .filter_map(|((_, folder), owners)| {
            let owner = match owners.len() {
                1 => owners.into_iter().next(),
                _ => Some(owners.into_iter().filter(|owner| beside(owner, &folder)).collect::<Vec<_>>()).filter(|near| near.len() == 1).and_then(|near| near.into_iter().next()),
            };
            owner.map(|owner| (owner, folder))
        })
        .collect();
    for (owner, folder) in owned {
        if let Some(component) = components.by_name.get_mut(&owner) {
            component.extra_roots.push(folder);
        }
    }
}

fn is_project(path: &str) -> bool {
    let lower = path.to_lowercase();
    lower.ends_with(".csproj") || lower.ends_with(".fsproj") || lower.ends_with(".vbproj")
}
