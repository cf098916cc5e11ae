//! A compose file moved into a deeper folder without its relative paths following it names
//! folders that are not in the repo: faysalswe's micro-service moved
//! `platform/cluster/docker-compose.debug.yaml` to `platform/cluster/compose/`, where its
//! `context: ../../` and `dockerfile: services/IdentityService/Dockerfile.debug` name
//! `platform/services/IdentityService`, and its Kong container mounts
//! `../config/gateway/kong.yml` from `platform/cluster/config/`. Such a path is read against
//! the compose file's outer folders instead, the nearest first, where it names a folder of the
//! repo (`services/IdentityService`, `platform/config/gateway/kong.yml`), as a
//! `--project-directory` pointing there would; a path whose folder is in the repo stays as
//! written, whether or not its file is (a snapshot may lack the Dockerfile).

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde_json::Value;

use crate::model::{FileFacts, UnitOrigin};
use crate::readers::compose::{ENV_FILE, MOUNT_ALIAS, PROXY_CONFIG, SPRING_CONFIG, mounted};
use crate::readers::parent_dir;
use crate::resolve::ScannedFacts;

/// The files with their compose files' stale paths read against an outer folder; the files as
/// they are when no compose file names a path outside the repo's folders.
pub(super) fn rebased<'a>(files: Cow<'a, [ScannedFacts]>) -> Cow<'a, [ScannedFacts]> {
    let is_compose = |file: &ScannedFacts| file.facts.units.iter().any(|unit| unit.origin == UnitOrigin::Compose);
    if !files.iter().any(is_compose) {
        return files;
    }
    let paths: BTreeSet<(&str, &str)> = files.iter().map(|file| (file.repo.as_str(), file.path.as_str())).collect();
    let tree = Tree { paths };
    let mut changes: Vec<(usize, FileFacts)> = Vec::new();
    for (index, file) in files.iter().enumerate().filter(|(_, file)| is_compose(file)) {
        let mut facts = file.facts.clone();
        if tree.rebase_facts(&file.repo, parent_dir(&file.path), &mut facts) {
            changes.push((index, facts));
        }
    }
    if changes.is_empty() {
        return files;
    }
    let mut files = files.into_owned();
    for (index, facts) in changes {
        files[index].facts = facts;
    }
    Cow::Owned(files)
}

/// The paths of an org's files, to tell which folders a repo has.
struct Tree<'a> {
    paths: BTreeSet<(&'a str, &'a str)>,
}

impl Tree<'_> {
    /// Whether `path` is a file of `repo` or a folder holding one (the repo's root always is).
    fn has(&self, repo: &str, path: &str) -> bool {
        if path.is_empty() {
            return true;
        }
        let folder = format!("{path}/");
        self.paths.range((repo, path)..).next().is_some_and(|(at, found)| *at == repo && (*found == path || found.starts_with(&folder)))
    }

    /// Whether `path` or the folder it is in is in `repo`, where that folder is not the root.
    fn places(&self, repo: &str, path: &str) -> bool {
        let folder = parent_dir(path);
        self.has(repo, path) || (!folder.is_empty() && self.has(repo, folder))
    }

    /// `path` (as read against `compose_dir`) read against the nearest outer folder of the
    /// compose file's where it is in the repo, when it is not where written.
    fn rebase(&self, repo: &str, compose_dir: &str, path: &str) -> Option<String> {
        // A folder of Spring config files is written with its `/`.
        if let Some(folder) = path.strip_suffix('/') {
            return self.rebase(repo, compose_dir, folder).map(|found| format!("{found}/"));
        }
        if self.places(repo, path) {
            return None;
        }
        // The part of the path below the compose file's folders it shares (`platform` of
        // `platform/services/IdentityService` from `platform/cluster/compose`), then each of
        // that part's outer folders in turn.
        let shared: Vec<&str> = path.split('/').zip(compose_dir.split('/')).take_while(|(a, b)| a == b && !a.is_empty()).map(|(a, _)| a).collect();
        let rest = path.split('/').skip(shared.len()).collect::<Vec<_>>().join("/");
        if rest.is_empty() {
            return None;
        }
        (0..shared.len()).rev().map(|keep| if keep == 0 { rest.clone() } else { format!("{}/{rest}", shared[..keep].join("/")) }).find(|candidate| self.places(repo, candidate))
    }

    /// Rebases the paths a compose file's facts name; whether any moved.
    fn rebase_facts(&self, repo: &str, compose_dir: &str, facts: &mut FileFacts) -> bool {
        let mut moved = false;
        let mut rebase = |path: &mut String| {
            if let Some(found) = self.rebase(repo, compose_dir, path) {
                *path = found;
                moved = true;
            }
        };
        for unit in facts.units.iter_mut().filter(|unit| unit.origin == UnitOrigin::Compose) {
            if let Some(root) = unit.root.as_mut() {
                rebase(root);
            }
            for alias in &mut unit.aliases {
                let Some((folder, config)) = mounted(alias) else { continue };
                let mut folder = folder.to_string();
                rebase(&mut folder);
                *alias = format!("{MOUNT_ALIAS}{}{folder}", if config { PROXY_CONFIG } else { "" });
            }
        }
        for edge in &mut facts.edges {
            if edge.kind == "runs" {
                for key in ["dockerfile", "context"] {
                    if let Some(Value::String(path)) = edge.props.get_mut(key) {
                        rebase(path);
                    }
                }
            } else if (edge.kind == ENV_FILE || edge.kind == SPRING_CONFIG)
                && let Some(path) = edge.to.strip_prefix("file:")
            {
                let mut path = path.to_string();
                rebase(&mut path);
                edge.to = format!("file:{path}");
            }
        }
        moved
    }
}
