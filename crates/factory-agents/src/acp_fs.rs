//! File access confined to a worktree: no `..` out of it, no symlink out of it.

use std::path::{Component, Path, PathBuf};

/// The real path of `path` (absolute, or relative to the worktree) when it lies inside
/// `worktree`; otherwise a message saying why not.
pub(crate) fn resolve_in_worktree(worktree: &Path, path: &str) -> Result<PathBuf, String> {
    let root = worktree.canonicalize().map_err(|error| format!("worktree {} is not readable: {error}", worktree.display()))?;
    let requested = Path::new(path);
    let joined = if requested.is_absolute() { requested.to_path_buf() } else { root.join(requested) };
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                if !normal.pop() {
                    return Err(format!("{path} leaves the worktree {}", worktree.display()));
                }
            }
            Component::CurDir => {}
            other => normal.push(other.as_os_str()),
        }
    }
    // The deepest part that exists decides where symlinks really lead.
    let mut existing = normal.as_path();
    while !existing.exists() {
        match existing.parent() {
            Some(parent) => existing = parent,
            None => break,
        }
    }
    let real_existing = existing.canonicalize().map_err(|error| format!("{path}: {error}"))?;
    let rest = normal.strip_prefix(existing).unwrap_or(Path::new(""));
    // Joining an empty rest would add a trailing slash, which a file path must not have.
    let real = if rest.as_os_str().is_empty() { real_existing } else { real_existing.join(rest) };
    if real.starts_with(&root) { Ok(real) } else { Err(format!("{path} is outside the worktree {}", worktree.display())) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_worktree() {
        let dir = tempfile::tempdir().expect("tempdir");
        let worktree = dir.path().join("wt");
        std::fs::create_dir_all(worktree.join("src")).expect("mkdir");
        std::os::unix::fs::symlink(dir.path(), worktree.join("escape")).expect("symlink");
        let root = worktree.canonicalize().expect("canonical");

        let cases = [
            ("src/a.rs", Ok(root.join("src/a.rs"))),
            ("src", Ok(root.join("src"))),
            ("new/dir/b.rs", Ok(root.join("new/dir/b.rs"))),
            ("src/../c.rs", Ok(root.join("c.rs"))),
            ("../outside.rs", Err(())),
            ("escape/secret", Err(())),
            ("/etc/passwd", Err(())),
        ];
        for (path, expected) in cases {
            let got = resolve_in_worktree(&worktree, path).map_err(drop);
            assert_eq!(got, expected, "{path}");
        }
        let absolute = root.join("src/a.rs").display().to_string();
        assert_eq!(resolve_in_worktree(&worktree, &absolute), Ok(root.join("src/a.rs")));
    }
}
