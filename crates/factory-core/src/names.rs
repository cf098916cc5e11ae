//! Names the factory gives to things: repo names derived from paths and URLs.

/// Derives a repo name from a local path or a git URL: the last path segment without `.git`.
///
/// `file:///srv/git/orders-api.git` -> `orders-api`, `git@host:org/web.git` -> `web`.
pub fn repo_name_from_location(location: &str) -> Option<String> {
    let trimmed = location.trim_end_matches(['/', '\\']);
    let last = trimmed.rsplit(['/', '\\', ':']).next()?;
    let name = last.strip_suffix(".git").unwrap_or(last);
    is_valid_name(name).then(|| name.to_string())
}

/// A name usable as a repo name, a branch segment and a directory name.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Whether a location looks like a git URL rather than a local path.
pub fn is_url(location: &str) -> bool {
    location.contains("://") || (location.contains('@') && location.contains(':') && !location.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_last_segment() {
        let cases = [
            ("/srv/repos/orders-api", Some("orders-api")),
            ("/srv/repos/orders-api/", Some("orders-api")),
            ("file:///srv/git/web.git", Some("web")),
            ("git@github.com:acme/billing-worker.git", Some("billing-worker")),
            ("https://github.com/acme/platform", Some("platform")),
            ("/", None),
        ];
        for (input, expected) in cases {
            assert_eq!(repo_name_from_location(input).as_deref(), expected, "{input}");
        }
    }

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("file:///tmp/x.git"));
        assert!(is_url("git@github.com:acme/web.git"));
        assert!(!is_url("/tmp/x"));
        assert!(!is_url("../repos/web"));
    }
}
