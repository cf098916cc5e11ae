//! Finding, creating and opening a factory home.

use std::path::{Path, PathBuf};

use factory_core::home::CONFIG_FILE;
use factory_core::{FactoryConfig, HomeLayout};
use factory_git::Identity;
use factory_store::Store;
use include_dir::{include_dir, Dir, DirEntry};
use serde::Serialize;

use crate::AppError;

static HOME_TEMPLATE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates/home");

/// An opened factory home: its layout and its parsed `factory.toml`.
#[derive(Debug, Clone)]
pub struct Home {
    pub layout: HomeLayout,
    pub config: FactoryConfig,
}

/// What `factory init` made.
#[derive(Debug, Clone, Serialize)]
pub struct InitReport {
    pub home: PathBuf,
    pub org: String,
    pub files: Vec<String>,
    pub commit: String,
}

impl Home {
    /// Opens the home at `root`, which must hold a `factory.toml`.
    pub fn open(root: &Path) -> Result<Self, AppError> {
        let layout = HomeLayout::new(root);
        let config_path = layout.config_file();
        let text = std::fs::read_to_string(&config_path).map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => AppError::Input(format!(
                "{} is not a factory home (no {CONFIG_FILE}); run `factory init {}` to make one",
                root.display(),
                root.display()
            )),
            _ => AppError::Io { path: config_path.clone(), source: error },
        })?;
        let config = FactoryConfig::parse(&text).map_err(|source| AppError::Config { path: config_path, source })?;
        Ok(Self { layout, config })
    }

    /// Finds the home to use: `explicit` (from `--home` or `FACTORY_HOME`) when given, else the
    /// nearest folder at or above `cwd` that holds a `factory.toml`.
    pub fn locate(explicit: Option<&Path>, cwd: &Path) -> Result<Self, AppError> {
        if let Some(root) = explicit {
            let root = absolute(root, cwd);
            return Self::open(&root);
        }
        let found = cwd.ancestors().find(|dir| dir.join(CONFIG_FILE).is_file());
        match found {
            Some(root) => Self::open(root),
            None => Err(AppError::Input(format!(
                "no factory home at or above {}; pass --home DIR, set FACTORY_HOME, or run `factory init`",
                cwd.display()
            ))),
        }
    }

    pub fn root(&self) -> &Path {
        self.layout.root()
    }

    /// Opens the home's store, creating `.factory/` and the database on first use.
    pub async fn store(&self) -> Result<Store, AppError> {
        Ok(Store::open(&self.layout.database_file()).await?)
    }

    /// Re-reads `factory.toml` after an edit.
    pub(crate) fn reload(&mut self) -> Result<(), AppError> {
        *self = Self::open(self.layout.root())?;
        Ok(())
    }
}

/// The org name `factory init DIR` uses when none is given: the folder's name when it is a
/// valid name, else `my-org`.
pub fn default_org_name(dir: &Path) -> String {
    dir.canonicalize()
        .unwrap_or_else(|_| dir.to_path_buf())
        .file_name()
        .and_then(|name| name.to_str())
        .filter(|name| factory_core::names::is_valid_name(name))
        .unwrap_or("my-org")
        .to_string()
}

/// `factory init DIR`: writes a new factory home and commits it. Refuses to write over a home.
pub fn init(dir: &Path, org: &str) -> Result<InitReport, AppError> {
    let layout = HomeLayout::new(dir);
    if layout.config_file().exists() {
        return Err(AppError::Input(format!(
            "{} is already a factory home ({} exists); nothing was changed",
            dir.display(),
            layout.config_file().display()
        )));
    }
    if !factory_core::names::is_valid_name(org) {
        return Err(AppError::Input(format!("`{org}` is not a valid org name: use letters, digits, `-`, `_` and `.`")));
    }
    std::fs::create_dir_all(dir).map_err(AppError::io(dir))?;
    let mut files = Vec::new();
    write_template(&HOME_TEMPLATE, dir, &mut files)?;
    std::fs::write(layout.config_file(), factory_core::config::template(org)).map_err(AppError::io(layout.config_file()))?;
    files.push(CONFIG_FILE.to_string());
    let gitignore = dir.join(".gitignore");
    std::fs::write(&gitignore, "# Machine-local state: the database, clones, worktrees, runs.\n/.factory/\n")
        .map_err(AppError::io(&gitignore))?;
    files.push(".gitignore".to_string());
    for folder in ["rules", "decisions", "lessons", "skills", "agents", "workflows"] {
        let path = dir.join(folder);
        std::fs::create_dir_all(&path).map_err(AppError::io(&path))?;
    }
    files.sort();

    let repo = if factory_git::is_repository(dir) { factory_git::Repo::open(dir) } else { factory_git::init(dir)? };
    repo.add_all()?;
    let commit = repo.commit(&format!("factory: new home for {org}\n"), &Identity::factory(), None, &[])?;
    Ok(InitReport { home: dir.to_path_buf(), org: org.to_string(), files, commit })
}

fn write_template(dir: &Dir<'static>, dest: &Path, files: &mut Vec<String>) -> Result<(), AppError> {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(child) => write_template(child, dest, files)?,
            DirEntry::File(file) => {
                let target = dest.join(file.path());
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(AppError::io(parent))?;
                }
                std::fs::write(&target, file.contents()).map_err(AppError::io(&target))?;
                files.push(file.path().display().to_string());
            }
        }
    }
    Ok(())
}

/// `path` made absolute against `cwd`, without touching the filesystem.
pub(crate) fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) }
}
