//! Finding a repository's files without git: its git directory (a `.git` directory, a `.git`
//! file naming one, as worktrees and submodules have, or a bare repository), the common
//! directory holding objects and shared refs, the few config settings that change how objects
//! and refs are stored, and the commit HEAD names.

use std::path::{Path, PathBuf};

/// Where a repository keeps its files.
#[derive(Debug, Clone)]
pub(crate) struct GitDirs {
    /// Per-worktree files: HEAD, per-worktree refs.
    pub(crate) git_dir: PathBuf,
    /// Shared files: objects, config, refs/heads, packed-refs. The same as `git_dir` except in
    /// a linked worktree.
    pub(crate) common_dir: PathBuf,
    pub(crate) config: StorageConfig,
}

/// The `[extensions]` settings this reader cares about.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StorageConfig {
    /// `extensions.objectformat` names something other than sha1.
    pub(crate) sha256_objects: bool,
    /// `extensions.refstorage` names something other than files (reftable).
    pub(crate) reftable_refs: bool,
}

/// The git directories of the repository whose work tree (or bare directory) is `repo`, or
/// `None` when `repo` is not laid out in a way this reader knows (then git decides).
pub(crate) fn discover(repo: &Path) -> Option<GitDirs> {
    let dot_git = repo.join(".git");
    let metadata = std::fs::metadata(&dot_git).ok();
    let git_dir = match metadata {
        Some(metadata) if metadata.is_dir() => dot_git,
        Some(metadata) if metadata.is_file() => {
            let text = std::fs::read_to_string(&dot_git).ok()?;
            let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
            if target.is_empty() {
                return None;
            }
            repo.join(target)
        }
        Some(_) => return None,
        None if repo.join("HEAD").is_file() && repo.join("objects").is_dir() => repo.to_path_buf(),
        None => return None,
    };
    if !git_dir.join("HEAD").is_file() {
        return None;
    }
    let common_dir = match std::fs::read_to_string(git_dir.join("commondir")) {
        Ok(text) => {
            let target = text.lines().next()?.trim();
            if target.is_empty() {
                return None;
            }
            git_dir.join(target)
        }
        Err(_) => git_dir.clone(),
    };
    let config = std::fs::read_to_string(common_dir.join("config")).map(|text| storage_config(&text)).unwrap_or_default();
    Some(GitDirs { git_dir, common_dir, config })
}

/// Reads the `[extensions]` section of a git config file. Anything it does not understand is
/// ignored: the settings it looks for only ever appear in this plain form.
fn storage_config(text: &str) -> StorageConfig {
    let mut config = StorageConfig::default();
    let mut in_extensions = false;
    for line in text.lines() {
        let line = line.trim();
        if let Some(section) = line.strip_prefix('[') {
            let name: String =
                section.chars().take_while(|character| character.is_ascii_alphanumeric() || *character == '-' || *character == '.').collect();
            in_extensions = name.eq_ignore_ascii_case("extensions");
            continue;
        }
        if !in_extensions {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let value = value.split(['#', ';']).next().unwrap_or("").trim().trim_matches('"').to_ascii_lowercase();
        match key.trim().to_ascii_lowercase().as_str() {
            "objectformat" => config.sha256_objects = value != "sha1",
            "refstorage" => config.reftable_refs = value != "files",
            _ => {}
        }
    }
    config
}

impl GitDirs {
    /// The object id HEAD names, read from HEAD, loose refs and packed-refs. `None` when it
    /// cannot tell (no commits yet, reftable, a symbolic ref chain too long).
    pub(crate) fn head_sha(&self) -> Option<String> {
        if self.config.reftable_refs || self.config.sha256_objects {
            return None;
        }
        let mut content = std::fs::read_to_string(self.git_dir.join("HEAD")).ok()?;
        // HEAD -> refs/heads/main is one hop; refs/remotes/origin/HEAD-style chains a few more.
        for _ in 0..5 {
            let trimmed = content.trim();
            let Some(reference) = trimmed.strip_prefix("ref:") else {
                return is_sha(trimmed).then(|| trimmed.to_string());
            };
            let reference = reference.trim();
            if !is_plain_ref_name(reference) {
                return None;
            }
            let base = if is_per_worktree_ref(reference) { &self.git_dir } else { &self.common_dir };
            match std::fs::read_to_string(base.join(reference)) {
                Ok(text) => content = text,
                Err(_) => return self.packed_ref(reference),
            }
        }
        None
    }

    /// The id `reference` has in packed-refs.
    fn packed_ref(&self, reference: &str) -> Option<String> {
        let packed = std::fs::read_to_string(self.common_dir.join("packed-refs")).ok()?;
        packed.lines().find_map(|line| {
            let (sha, name) = line.split_once(' ')?;
            (name == reference && is_sha(sha)).then(|| sha.to_string())
        })
    }

    /// Whether replace refs (`git replace`) exist: git would then substitute objects, which
    /// this reader does not do.
    pub(crate) fn has_replace_refs(&self) -> bool {
        let loose = std::fs::read_dir(self.common_dir.join("refs/replace")).map(|mut entries| entries.next().is_some()).unwrap_or(false);
        loose || std::fs::read_to_string(self.common_dir.join("packed-refs")).is_ok_and(|packed| packed.contains(" refs/replace/"))
    }
}

/// A ref name that is safe to join onto a directory: under `refs/`, no `..`, no backslash.
fn is_plain_ref_name(reference: &str) -> bool {
    reference.starts_with("refs/") && !reference.split('/').any(|part| part.is_empty() || part == "." || part == "..") && !reference.contains('\\')
}

/// Refs git keeps per worktree rather than in the common directory.
fn is_per_worktree_ref(reference: &str) -> bool {
    ["refs/worktree/", "refs/bisect/", "refs/rewritten/"].iter().any(|prefix| reference.starts_with(prefix))
}

/// A full lowercase or uppercase SHA-1 in hex.
pub(crate) fn is_sha(text: &str) -> bool {
    text.len() == 40 && text.bytes().all(|byte| byte.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_config_reads_only_the_extensions_section() {
        let config = storage_config("[core]\n\tobjectformat = sha256\n[extensions]\n\tobjectFormat = sha256 # comment\n");
        assert!(config.sha256_objects);
        assert!(!config.reftable_refs);
        let config = storage_config("[extensions]\nrefStorage = \"reftable\"\nobjectformat=sha1\n");
        assert!(!config.sha256_objects);
        assert!(config.reftable_refs);
        let config = storage_config("[core]\nbare = false\n");
        assert!(!config.sha256_objects && !config.reftable_refs);
    }

    #[test]
    fn ref_names_that_could_escape_the_git_directory_are_refused() {
        assert!(is_plain_ref_name("refs/heads/main"));
        assert!(is_plain_ref_name("refs/heads/feature/x"));
        assert!(!is_plain_ref_name("refs/../../etc/passwd"));
        assert!(!is_plain_ref_name("HEAD"));
        assert!(!is_plain_ref_name("refs//x"));
    }
}
