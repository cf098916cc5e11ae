//! A compose service built from a Dockerfile that names the folder of its context it builds is
//! rooted at that folder, as the Dockerfile's own unit is, so the two are one component:
//! dinhcanh303's go-microservices builds `post` from `.` with `docker/Dockerfile-post`, which
//! runs `go build -o /bin/app ./cmd/post` (`readers/dockerfile.rs`), so `post` is `cmd/post`
//! whatever compose calls it.

use std::collections::BTreeMap;

use super::within;
use crate::model::UnitOrigin;
use crate::resolve::ScannedFacts;

/// (repo, compose file, service) -> the folder inside the service's context its Dockerfile
/// (the `dockerfile` of its `runs` edge) builds, for services whose Dockerfile's unit is rooted
/// deeper than the context.
pub(super) fn compose_services_built_folders(files: &[ScannedFacts]) -> BTreeMap<(&str, &str, String), String> {
    let mut dockerfile_roots: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for file in files {
        for unit in file.facts.units.iter().filter(|unit| unit.origin == UnitOrigin::Dockerfile && !unit.infrastructure) {
            if let Some(root) = unit.root.as_deref() {
                dockerfile_roots.insert((file.repo.as_str(), file.path.as_str()), root);
            }
        }
    }
    let mut found = BTreeMap::new();
    for file in files {
        for unit in file.facts.units.iter().filter(|unit| unit.origin == UnitOrigin::Compose && !unit.infrastructure) {
            let (Some(context), name) = (unit.root.as_deref(), unit.name.to_lowercase()) else { continue };
            let host = format!("host:{name}");
            let dockerfile = file.facts.edges.iter().filter(|edge| edge.kind == "runs" && edge.from == host).find_map(|edge| edge.props.get("dockerfile").and_then(serde_json::Value::as_str));
            let Some(root) = dockerfile.and_then(|dockerfile| dockerfile_roots.get(&(file.repo.as_str(), dockerfile))) else { continue };
            if *root != context && (context.is_empty() || within(root, context)) {
                found.insert((file.repo.as_str(), file.path.as_str(), name), root.to_string());
            }
        }
    }
    found
}
