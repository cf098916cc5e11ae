//! `factory repo add|list|remove`: the repositories registered in `factory.toml`.

use std::path::{Component, Path, PathBuf};

use factory_core::config::{add_repo, remove_repo};
use factory_core::names::{is_url, is_valid_name, repo_name_from_location};
use factory_core::RepoEntry;
use factory_git::Identity;
use serde::Serialize;

use crate::home::absolute;
use crate::{AppError, Home};

/// A registered repo as `repo list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepoInfo {
    pub name: String,
    /// As written in factory.toml.
    pub path: String,
    /// Resolved against the home.
    pub resolved_path: PathBuf,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Registers a local repository or clones a git URL into `.factory/repos/`, then records it in
/// `factory.toml` and commits that change to the home.
pub fn add(home: &mut Home, location: &str, name: Option<&str>, cwd: &Path) -> Result<RepoInfo, AppError> {
    let name = match name {
        Some(name) => name.to_string(),
        None => repo_name_from_location(location).ok_or_else(|| {
            AppError::Input(format!("cannot derive a repo name from `{location}`; pass --name NAME"))
        })?,
    };
    if !is_valid_name(&name) {
        return Err(AppError::Input(format!("`{name}` is not a valid repo name: use letters, digits, `-`, `_` and `.`")));
    }
    if home.config.repo(&name).is_some() {
        return Err(AppError::Input(format!(
            "a repo named `{name}` is already registered in {}; pass --name to register this one under another name",
            home.layout.config_file().display()
        )));
    }

    let entry = if is_url(location) {
        let dest = home.layout.cloned_repos_dir().join(&name);
        if dest.exists() {
            return Err(AppError::Input(format!("{} already exists; remove it or pick another --name", dest.display())));
        }
        factory_git::clone(location, &dest).map_err(|error| match error {
            factory_git::GitError::Failed { stderr, .. } => AppError::Input(format!("could not clone {location}: {stderr}")),
            other => other.into(),
        })?;
        RepoEntry { name: name.clone(), path: relative_to(&dest, home.root()), url: Some(location.to_string()) }
    } else {
        let path = absolute(Path::new(location), cwd);
        if !path.exists() {
            return Err(AppError::Input(format!("{} does not exist; give the path of a git repository or a git URL", path.display())));
        }
        let path = path.canonicalize().map_err(AppError::io(&path))?;
        if !factory_git::is_repository(&path) {
            return Err(AppError::Input(format!(
                "{} is not a git repository; run `git init` there first, or give a git URL",
                path.display()
            )));
        }
        RepoEntry { name: name.clone(), path: relative_to(&path, home.root()), url: None }
    };

    let config_path = home.layout.config_file();
    let text = std::fs::read_to_string(&config_path).map_err(AppError::io(&config_path))?;
    let text = add_repo(&text, &entry).map_err(|source| AppError::Config { path: config_path.clone(), source })?;
    std::fs::write(&config_path, text).map_err(AppError::io(&config_path))?;
    commit_config(home, &format!("repo: add {name}\n"))?;
    home.reload()?;
    Ok(info(home, &entry))
}

/// Every registered repo, in the order of `factory.toml`.
pub fn list(home: &Home) -> Vec<RepoInfo> {
    home.config.repos.iter().map(|entry| info(home, entry)).collect()
}

/// Unregisters a repo. A clone the factory made is deleted; a local checkout is left alone.
pub fn remove(home: &mut Home, name: &str) -> Result<RepoInfo, AppError> {
    let Some(entry) = home.config.repo(name).cloned() else {
        let known: Vec<&str> = home.config.repos.iter().map(|repo| repo.name.as_str()).collect();
        return Err(AppError::Input(format!(
            "no repo named `{name}` is registered (registered: {})",
            if known.is_empty() { "none".to_string() } else { known.join(", ") }
        )));
    };
    let config_path = home.layout.config_file();
    let text = std::fs::read_to_string(&config_path).map_err(AppError::io(&config_path))?;
    let text = remove_repo(&text, name).map_err(|source| AppError::Config { path: config_path.clone(), source })?;
    std::fs::write(&config_path, text).map_err(AppError::io(&config_path))?;
    let removed = info(home, &entry);
    if entry.url.is_some() && removed.resolved_path.starts_with(home.layout.cloned_repos_dir()) {
        std::fs::remove_dir_all(&removed.resolved_path).map_err(AppError::io(&removed.resolved_path))?;
    }
    commit_config(home, &format!("repo: remove {name}\n"))?;
    home.reload()?;
    Ok(removed)
}

fn info(home: &Home, entry: &RepoEntry) -> RepoInfo {
    RepoInfo {
        name: entry.name.clone(),
        path: entry.path.clone(),
        resolved_path: normalize(&home.layout.resolve(Path::new(&entry.path))),
        url: entry.url.clone(),
    }
}

fn commit_config(home: &Home, message: &str) -> Result<(), AppError> {
    if !factory_git::is_repository(home.root()) {
        return Ok(());
    }
    let repo = factory_git::Repo::open(home.root());
    repo.commit(message, &Identity::factory(), None, &[factory_core::home::CONFIG_FILE])?;
    Ok(())
}

/// `path` relative to `base` when they share a root, else `path` as it is. Both are absolute.
fn relative_to(path: &Path, base: &Path) -> String {
    let base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
    let path_components: Vec<Component> = path.components().collect();
    let base_components: Vec<Component> = base.components().collect();
    let common = path_components.iter().zip(&base_components).take_while(|(a, b)| a == b).count();
    if common <= 1 {
        return path.display().to_string();
    }
    let mut relative = PathBuf::new();
    for _ in common..base_components.len() {
        relative.push("..");
    }
    for component in &path_components[common..] {
        relative.push(component.as_os_str());
    }
    if relative.as_os_str().is_empty() { ".".to_string() } else { relative.display().to_string() }
}

/// Folds `a/b/../c` into `a/c` without touching the filesystem.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_recorded_relative_to_the_home_when_they_can_be() {
        let cases = [
            ("/d/repos/web", "/d/home", "../repos/web"),
            ("/d/home/.factory/repos/api", "/d/home", ".factory/repos/api"),
            ("/elsewhere/x", "/d/home", "/elsewhere/x"),
        ];
        for (path, base, expected) in cases {
            assert_eq!(relative_to(Path::new(path), Path::new(base)), expected, "{path} from {base}");
        }
        assert_eq!(normalize(Path::new("/d/home/../repos/web")), PathBuf::from("/d/repos/web"));
    }
}
