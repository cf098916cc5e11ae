//! A service's own proxy config kept outside its folder: minh0206's event-driven-food-delivery
//! builds its front end from `frontend/` with `Dockerfile.frontend` at the repo's root, whose
//! final `FROM nginx:alpine` stage copies the root's `nginx.conf` (the `proxy_pass` to the
//! API gateway) in. That file is the front end's, so its calls are the front end's.

use std::collections::{BTreeMap, BTreeSet};

use super::{Components, within};
use crate::resolve::ScannedFacts;
use crate::resolve::images::mount_holds_code;

/// Gives each component the proxy config files its image copies in (mount aliases of its
/// Dockerfile, in `mounts`: component, repo, path, whether proxy config) from its own repo,
/// where no other component copies or mounts them, no component's folder holds them, and they
/// call services.
pub(super) fn own_copied_proxy_config(components: &mut Components, mounts: &BTreeSet<(String, String, String, bool)>, mounted_by: &BTreeMap<(&str, &str), usize>, files: &[ScannedFacts]) {
    let claimed: Vec<(String, String)> = components
        .by_name
        .values()
        .filter_map(|component| Some((component.repo.clone()?, component.root.clone()?)))
        .collect();
    let held = |repo: &str, path: &str| claimed.iter().any(|(claimed_repo, root)| claimed_repo == repo && (root.is_empty() || within(path, root)));
    for component in components.by_name.values_mut().filter(|component| component.node_ref.starts_with("component:")) {
        let Some(repo) = component.repo.clone() else {
            continue;
        };
        for (name, mount_repo, path, config) in mounts {
            let only_this = mounted_by.get(&(repo.as_str(), path.as_str())) == Some(&1);
            if *config && *name == component.name && *mount_repo == repo && only_this && !held(&repo, path) && !component.extra_roots.contains(path) && mount_holds_code(files, &repo, path, true) {
                component.extra_roots.push(path.clone());
            }
        }
    }
}
