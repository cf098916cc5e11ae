//! `factory demo`: the example organisation acme, written out and registered in a new home.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::repos::{self, RepoInfo};
use crate::{AppError, Home};

/// What the demo made.
#[derive(Debug, Clone, Serialize)]
pub struct DemoReport {
    pub dir: PathBuf,
    pub home: PathBuf,
    pub org: String,
    pub repos: Vec<DemoRepo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DemoRepo {
    #[serde(flatten)]
    pub repo: RepoInfo,
    pub commits: usize,
    pub head: String,
}

/// Where the demo writes: `dir` when given (it must not already hold a demo), else a new
/// folder under the system's temp dir.
pub fn prepare_dir(dir: Option<&Path>, cwd: &Path) -> Result<PathBuf, AppError> {
    let Some(dir) = dir else {
        let temp = std::env::temp_dir();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_millis())
            .unwrap_or_default();
        let dir = temp.join(format!("factory-demo-{}-{stamp}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(AppError::io(&dir))?;
        return Ok(dir);
    };
    let dir = crate::home::absolute(dir, cwd);
    for taken in ["home", "repos"] {
        if dir.join(taken).exists() {
            return Err(AppError::Input(format!(
                "{} already exists; give `factory demo` an empty or new folder",
                dir.join(taken).display()
            )));
        }
    }
    std::fs::create_dir_all(&dir).map_err(AppError::io(&dir))?;
    Ok(dir)
}

/// Writes `dir/repos/<name>` for every acme repo and `dir/home`, a factory home with all of
/// them registered.
pub fn create_org(dir: &Path) -> Result<(Home, DemoReport), AppError> {
    let written = factory_demo::write_repos(&dir.join("repos"))?;
    let home_dir = dir.join("home");
    crate::home::init(&home_dir, factory_demo::ORG_NAME)?;
    let mut home = Home::open(&home_dir)?;
    let mut repos = Vec::new();
    for repo in written {
        let info = repos::add(&mut home, &repo.path.display().to_string(), Some(&repo.name), dir)?;
        repos.push(DemoRepo { repo: info, commits: repo.commits, head: repo.head });
    }
    let report = DemoReport { dir: dir.to_path_buf(), home: home_dir, org: factory_demo::ORG_NAME.to_string(), repos };
    Ok((home, report))
}
