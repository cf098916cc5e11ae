//! Names without the words a whole deploy set or org puts before each: the images of
//! refarch-kc's compose file are all `ibmcase/kcontainer-<service>` (`kcontainer-ui`,
//! `kcontainer-order-command-ms`), its repos all `refarch-kc-<service>`, and `ui` is what the
//! service `web` and the repo `refarch-kc-ui` share. Kiali's travels demo keeps its images'
//! folders as `docker/travel_control/`, `docker/travel_portal/`, `docker/travel_loadtester/`
//! and runs them as `control` (`kiali/demo_travels_control`) and `loadtester`: `control` is
//! what the workload and the folder `travel_control` share.

use std::collections::{BTreeMap, BTreeSet};

use super::Component;
use super::merges::compose_images;
use crate::model::{UnitFact, UnitOrigin};
use crate::readers::kubernetes::{image_name, is_infrastructure_image};
use crate::readers::parent_dir;
use crate::resolve::ScannedFacts;
use crate::resolve::names::{is_generic_name, shared_leading_words, without_leading_words};

/// The names deploy sets and repos give without their shared prefixes.
#[derive(Debug, Default)]
pub(super) struct SharedPrefixes {
    /// A unit's name (lowercase) -> the names of the images it runs without the words every
    /// image the org builds in its deploy set (a compose file, a folder of Kubernetes
    /// manifests) starts with.
    images: BTreeMap<String, BTreeSet<String>>,
    /// The words every registered repo's name starts with.
    repo_words: Vec<String>,
    /// A Dockerfile's service (its folder's name, lowercase) -> that name without the words
    /// every sibling folder holding a Dockerfile starts with, when that says which service
    /// (`control` for `docker/travel_control/` beside `docker/travel_portal/`; not `api`).
    folders: BTreeMap<String, String>,
}

impl SharedPrefixes {
    pub(super) fn collect(units: &[(&ScannedFacts, &UnitFact)], files: &[ScannedFacts], repos: &[String]) -> Self {
        // A deploy set -> (unit, the name of the image it runs), images the org builds only.
        let mut sets: BTreeMap<(&str, &str), Vec<(String, String)>> = BTreeMap::new();
        for file in files.iter().filter(|file| file.facts.units.iter().any(|unit| unit.origin == UnitOrigin::Compose)) {
            for (service, image) in compose_images(file) {
                if let Some(image) = image_name(image).filter(|_| !is_infrastructure_image(image)) {
                    sets.entry((file.repo.as_str(), file.path.as_str())).or_default().push((service, image));
                }
            }
        }
        // A Kubernetes workload's aliases are the images it runs; one of a third party's image is
        // infrastructure.
        for (file, unit) in units.iter().filter(|(_, unit)| unit.origin == UnitOrigin::Kubernetes && !unit.infrastructure && !unit.name.is_empty()) {
            if let [image] = unit.aliases.as_slice() {
                sets.entry((file.repo.as_str(), parent_dir(&file.path))).or_default().push((unit.name.to_lowercase(), image.to_lowercase()));
            }
        }
        let mut images: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for members in sets.values() {
            let distinct: BTreeSet<&str> = members.iter().map(|(_, image)| image.as_str()).collect();
            let words = shared_leading_words(distinct.into_iter());
            for (unit, image) in members {
                if let Some(rest) = without_leading_words(image, &words) {
                    images.entry(unit.clone()).or_default().insert(rest);
                }
            }
        }
        // The factory's own home is no repo of the org's.
        let org_repos = repos.iter().map(String::as_str).filter(|repo| *repo != crate::HOME_REPO);
        Self { images, repo_words: shared_leading_words(org_repos), folders: folder_names(units) }
    }

    /// `name` (a Dockerfile's service) without the words the names of its folder and the
    /// folders beside it holding a Dockerfile all start with (`control` for `travel_control`).
    pub(super) fn without_folder_words(&self, name: &str) -> Option<&String> {
        self.folders.get(&name.to_lowercase())
    }

    /// The names of the images `component`'s units run without their deploy sets' shared
    /// words (`order-command-ms` for compose's `ordercmd`, `image: ibmcase/kcontainer-order-command-ms`).
    pub(super) fn image_names(&self, component: &Component) -> Vec<String> {
        let names = std::iter::once(&component.name).chain(&component.aliases);
        let found: BTreeSet<&String> = names.filter_map(|name| self.images.get(name)).flatten().collect();
        found.into_iter().cloned().collect()
    }

    /// `name` without the words every registered repo's name starts with (`ui` for
    /// `refarch-kc-ui`), when it starts with them and goes on.
    pub(super) fn without_repo_words(&self, name: &str) -> Option<String> {
        without_leading_words(name, &self.repo_words)
    }
}

/// Per folder holding two Dockerfile folders or more (the org's own images, not a database's
/// it dresses), each one's name without the words all of them start with.
fn folder_names(units: &[(&ScannedFacts, &UnitFact)]) -> BTreeMap<String, String> {
    let mut siblings: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    for (file, unit) in units.iter().filter(|(_, unit)| unit.origin == UnitOrigin::Dockerfile && !unit.infrastructure) {
        if let Some((parent, folder)) = unit.root.as_deref().and_then(|root| root.rsplit_once('/').or(Some(("", root)))).filter(|(_, folder)| !folder.is_empty()) {
            siblings.entry((file.repo.as_str(), parent)).or_default().insert(folder);
        }
    }
    let mut names: BTreeMap<String, Option<String>> = BTreeMap::new();
    for folders in siblings.values() {
        let words = shared_leading_words(folders.iter().copied());
        for folder in folders {
            let Some(rest) = without_leading_words(folder, &words).filter(|rest| !is_generic_name(rest)) else { continue };
            // A folder's name two parents give two ways names neither.
            names.entry(folder.to_lowercase()).and_modify(|known| *known = known.take().filter(|known| *known == rest)).or_insert(Some(rest));
        }
    }
    names.into_iter().filter_map(|(folder, rest)| Some((folder, rest?))).collect()
}
