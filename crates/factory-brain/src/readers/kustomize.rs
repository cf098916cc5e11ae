//! Kustomize's `kustomization.yaml`: the ConfigMaps its `configMapGenerator` makes from files
//! (`- name: supergraph` / `files: [./supergraph.graphql]`). A workload mounting or taking env
//! from such a ConfigMap is configured by those files, so the services they name are its
//! dependencies, as with a ConfigMap written out (resolution's ConfigMap step joins them).

use serde_json::{Value, json};

use crate::model::{FileFacts, Method};
use crate::readers::{join_relative, parent_dir};

/// A generated ConfigMap is made from a file of the repo (`configmap:x` to `file:path`).
pub const GENERATED_FROM: &str = "generated_from";

/// Whether `path` is a kustomization file (it needs no `apiVersion` or `kind`).
pub fn is_kustomization(path: &str) -> bool {
    matches!(path.rsplit('/').next().unwrap_or(path), "kustomization.yaml" | "kustomization.yml" | "Kustomization")
}

/// The files each generated ConfigMap is made from, by their paths in the repo.
pub fn read(path: &str, document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    let folder = parent_dir(path);
    for (index, generator) in document.get("configMapGenerator").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let Some(name) = generator.get("name").and_then(Value::as_str) else {
            continue;
        };
        let config_map = format!("configmap:{}", name.to_lowercase());
        for (at, entry) in generator.get("files").and_then(Value::as_array).into_iter().flatten().enumerate() {
            // `key=path` names the key the file is kept under.
            let Some(file) = entry.as_str().map(|entry| entry.split_once('=').map_or(entry, |(_, file)| file)) else {
                continue;
            };
            let Some(file) = join_relative(folder, file.trim()) else {
                continue;
            };
            facts.edge(&config_map, &format!("file:{file}"), GENERATED_FROM, json!({}), &format!("/configMapGenerator/{index}/files/{at}"), Method::Declared);
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_config_map_is_made_from_files_relative_to_the_kustomization() {
        let text = "configMapGenerator:\n- name: Supergraph\n  files:\n  - ./supergraph.graphql\n  - router.yaml=../shared/router.yaml\n  - ../../../outside.txt\n- files: [unnamed.txt]\n";
        let document = crate::yaml::document(text).expect("yaml");
        let edges: Vec<String> = read("k8s/router/kustomization.yaml", &document).edges.iter().map(|edge| format!("{} -> {}", edge.from, edge.to)).collect();
        assert_eq!(edges, ["configmap:supergraph -> file:k8s/router/supergraph.graphql", "configmap:supergraph -> file:k8s/shared/router.yaml"]);
        assert!(is_kustomization("k8s/base/kustomization.yaml") && !is_kustomization("k8s/base/kustomization-notes.yaml"));
    }
}
