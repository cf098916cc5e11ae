//! Where a service's code is when nothing that declares the service says so: the folders of a
//! repo named like it.
//!
//! - Services built from one shared context (`build: .` for every compose service, told apart
//!   only by `entrypoint: frontend`) each take the folders named like them (`cmd/frontend/`,
//!   `services/frontend/`), when every one of them has such folders; the shared Dockerfile is
//!   then the image they share, not a service of its own.
//! - A workload declared without a Dockerfile (an image built by Jib or buildpacks from
//!   `src/ledger/pom.xml`) takes the folder named like it, when exactly one repo has one; by a
//!   name that says what it is, not which (`api`, `web`), only a folder of the repo declaring it.
//!
//! A folder counts when it holds code or a build manifest directly, or code one folder down
//! (`api-gateway/app/main.py`); of nested candidates
//! (`ledger/` and `ledger/src/main/java/acme/ledger/`), the outermost.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{naming_key, UnitFact, UnitOrigin};
use crate::readers::{dockerfile, manifests, parent_dir};
use crate::resolve::ScannedFacts;

/// Per naming key of a folder's last segment, the (repo, folder) pairs that hold code or a
/// build manifest directly, outside tests, examples and docs.
#[derive(Debug, Default)]
pub(crate) struct NamedFolders<'a> {
    by_key: BTreeMap<String, BTreeSet<(&'a str, &'a str)>>,
}

impl<'a> NamedFolders<'a> {
    pub(crate) fn new(files: &'a [ScannedFacts]) -> Self {
        let mut by_key: BTreeMap<String, BTreeSet<(&'a str, &'a str)>> = BTreeMap::new();
        let mut named: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
        let mut above_named: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
        for file in files {
            let folder = parent_dir(&file.path);
            // A folder already named by one of its files.
            if folder.is_empty() || named.contains(&(file.repo.as_str(), folder)) {
                continue;
            }
            let name = file.path.rsplit('/').next().unwrap_or(&file.path).to_lowercase();
            let holds_code = file.has_code() && !dockerfile::is_dockerfile(&name) && !crate::readers::code::is_test_path(&file.path);
            if folder.is_empty() || !dockerfile::is_service_folder(folder) || !(holds_code || manifests::is_manifest(&name)) {
                continue;
            }
            let segment = folder.rsplit('/').next().unwrap_or(folder);
            named.insert((file.repo.as_str(), folder));
            by_key.entry(naming_key(segment)).or_default().insert((file.repo.as_str(), folder));
            // A service folder whose code sits one folder down (the FastAPI platform on EKS's
            // `apps/api-gateway/app/main.py`, with no build manifest of its own) counts too.
            let above = parent_dir(folder);
            if holds_code && !above.is_empty() && dockerfile::is_service_folder(above) && above_named.insert((file.repo.as_str(), above)) {
                let segment = above.rsplit('/').next().unwrap_or(above);
                by_key.entry(naming_key(segment)).or_default().insert((file.repo.as_str(), above));
            }
        }
        Self { by_key }
    }

    /// The outermost folders named like one of `names`, in `repo` when given; `None` unless
    /// they are all in one repo.
    pub(crate) fn find<'n>(&self, repo: Option<&str>, names: impl IntoIterator<Item = &'n str>) -> Option<(&'a str, Vec<&'a str>)> {
        let mut found: BTreeSet<(&'a str, &'a str)> = BTreeSet::new();
        for name in names {
            let key = naming_key(name);
            if key.len() < 3 {
                continue;
            }
            found.extend(self.by_key.get(&key).into_iter().flatten().filter(|(folder_repo, _)| repo.is_none_or(|repo| repo == *folder_repo)));
        }
        let repos: BTreeSet<&str> = found.iter().map(|(repo, _)| *repo).collect();
        let [repo] = repos.into_iter().collect::<Vec<_>>()[..] else { return None };
        let folders: Vec<&'a str> = found.iter().map(|(_, folder)| *folder).collect();
        let outermost: Vec<&'a str> = folders.iter().copied().filter(|folder| !folders.iter().any(|other| other != folder && folder.starts_with(&format!("{other}/")))).collect();
        Some((repo, outermost))
    }

    /// [`Self::find`] for a service declared in `declared_in`: a name too common to tell one
    /// service (`api`, `app`, `web`) names folders of that repo only, the others (its image's)
    /// folders anywhere.
    pub(crate) fn find_for<'n>(&self, declared_in: &str, names: impl IntoIterator<Item = &'n str>) -> Option<(&'a str, Vec<&'a str>)> {
        let (generic, telling): (Vec<&str>, Vec<&str>) = names.into_iter().partition(|name| super::names::is_generic_name(name));
        self.find(None, telling).or_else(|| self.find(Some(declared_in), generic))
    }
}

/// A compose file's services built from one context they share: (repo, compose file, root)
/// -> their names, for contexts two services or more are built from.
pub(crate) fn shared_contexts<'a>(units: &[(&'a ScannedFacts, &'a UnitFact)], root_of: impl Fn(&ScannedFacts, &UnitFact) -> Option<String>) -> BTreeMap<(&'a str, &'a str, String), BTreeSet<String>> {
    let mut contexts: BTreeMap<(&'a str, &'a str, String), BTreeSet<String>> = BTreeMap::new();
    for (file, unit) in units.iter().filter(|(_, unit)| unit.origin == UnitOrigin::Compose && !unit.infrastructure && !unit.name.is_empty()) {
        if let Some(root) = root_of(file, unit) {
            contexts.entry((file.repo.as_str(), file.path.as_str(), root)).or_default().insert(unit.name.to_lowercase());
        }
    }
    contexts.retain(|_, names| names.len() > 1);
    contexts
}
