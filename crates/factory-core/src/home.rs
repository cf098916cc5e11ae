//! Where things live inside a factory home. Pure path arithmetic.

use std::path::{Path, PathBuf};

/// The file that marks a directory as a factory home.
pub const CONFIG_FILE: &str = "factory.toml";
/// The git-ignored folder that holds machine-local state.
pub const STATE_DIR: &str = ".factory";

/// The layout of one factory home rooted at `root`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeLayout {
    root: PathBuf,
}

impl HomeLayout {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn config_file(&self) -> PathBuf {
        self.root.join(CONFIG_FILE)
    }

    pub fn state_dir(&self) -> PathBuf {
        self.root.join(STATE_DIR)
    }

    /// The default SQLite database.
    pub fn database_file(&self) -> PathBuf {
        self.state_dir().join("factory.db")
    }

    /// Where repositories registered by URL are cloned.
    pub fn cloned_repos_dir(&self) -> PathBuf {
        self.state_dir().join("repos")
    }

    pub fn runs_dir(&self) -> PathBuf {
        self.state_dir().join("runs")
    }

    pub fn worktrees_dir(&self) -> PathBuf {
        self.state_dir().join("worktrees")
    }

    pub fn sandboxes_dir(&self) -> PathBuf {
        self.state_dir().join("sandboxes")
    }

    pub fn agents_dir(&self) -> PathBuf {
        self.root.join("agents")
    }

    pub fn skills_dir(&self) -> PathBuf {
        self.root.join("skills")
    }

    pub fn workflows_dir(&self) -> PathBuf {
        self.root.join("workflows")
    }

    pub fn rules_dir(&self) -> PathBuf {
        self.root.join("rules")
    }

    pub fn decisions_dir(&self) -> PathBuf {
        self.root.join("decisions")
    }

    pub fn lessons_dir(&self) -> PathBuf {
        self.root.join("lessons")
    }

    /// Resolves a repo path as written in `factory.toml` (absolute, or relative to the home).
    pub fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.root.join(path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_repo_paths_resolve_against_the_home() {
        let home = HomeLayout::new("/srv/home");
        assert_eq!(home.resolve(Path::new("../repos/web")), PathBuf::from("/srv/home/../repos/web"));
        assert_eq!(home.resolve(Path::new("/abs/web")), PathBuf::from("/abs/web"));
        assert_eq!(home.database_file(), PathBuf::from("/srv/home/.factory/factory.db"));
    }
}
