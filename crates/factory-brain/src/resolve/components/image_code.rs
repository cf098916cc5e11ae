//! Code that an image folder's Dockerfile only copies in: Kiali's travels demo compiles each
//! service with a script (`cd travel_agency/cars && go build -o ../../docker/travel_agency/cars/cars`)
//! and the Dockerfile in `docker/travel_agency/cars/` copies the binary (`COPY cars ..`), so the
//! service's code is in `travel_agency/cars/`, the image folder's path outside `docker/`.

use std::collections::BTreeMap;

use super::{Components, within};
use crate::resolve::images::mirrored_folder;

/// Each service rooted at an image folder holding no code (`holds_code(repo, folder)`: sources
/// or build manifests, Dockerfiles aside) has its code in the folder that path stands for
/// outside the image folders (`docker/travel_agency/cars` -> `travel_agency/cars`), when that
/// folder holds code, no other service claims it and no other component roots there or inside
/// it. The image folder stays the service's too (its Dockerfile, the scripts it runs).
pub(super) fn code_beside_image_folders(components: &mut Components, holds_code: &dyn Fn(&str, &str) -> bool) {
    // (repo, the folder with code) -> the services whose image folder stands for it.
    let mut wanted: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for component in components.by_name.values().filter(|component| component.node_ref.starts_with("component:") && component.extra_roots.is_empty()) {
        let (Some(repo), Some(root)) = (&component.repo, &component.root) else {
            continue;
        };
        if holds_code(repo, root) {
            continue;
        }
        if let Some(folder) = mirrored_folder(root).filter(|folder| holds_code(repo, folder)) {
            wanted.entry((repo.clone(), folder)).or_default().push(component.name.clone());
        }
    }
    for ((repo, folder), names) in wanted {
        let [name] = names.as_slice() else {
            continue;
        };
        let taken = components.by_name.values().filter(|other| other.name != *name && other.repo.as_ref() == Some(&repo)).any(|other| {
            other.root.iter().chain(&other.extra_roots).any(|root| !root.is_empty() && within(root, &folder))
        });
        if taken {
            continue;
        }
        if let Some(component) = components.by_name.get_mut(name) {
            component.extra_roots.extend(component.root.replace(folder));
        }
    }
}
