//! CODEOWNERS: each rule becomes an `owned_by` edge from an `owners-rule:` placeholder
//! (its order and pattern) to the owners. Resolution applies the rules to each component's
//! folder, and the last matching rule wins, as on GitHub and GitLab.
//!
//! `.github/component_owners.yml` (`components: {src/ad: [octocat]}`, read by review-assigning
//! workflows) names the owners of one folder each: an `owned_by` edge from an
//! [`OWNERS_FOLDER`] placeholder, which resolution gives to the component rooted there.

use serde_json::{json, Value};

use crate::model::{make_ref, FileFacts, Method};

/// The placeholder prefix of a folder `component_owners.yml` assigns owners to.
pub const OWNERS_FOLDER: &str = "owners-folder:";

/// Whether `path` is a component owners file.
pub fn is_component_owners(path: &str) -> bool {
    matches!(path, ".github/component_owners.yml" | ".github/component_owners.yaml")
}

pub fn read_component_owners(document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    let Some(components) = document.get("components").and_then(Value::as_object) else { return facts };
    for (key, owners) in components {
        let Some(folder) = crate::readers::join_relative("", key.trim_end_matches('/')) else { continue };
        let pointer = format!("/components/{}", crate::yaml::pointer_segment(key));
        for owner in crate::yaml::strings(Some(owners)) {
            let handle = owner.trim();
            // GitHub logins are written bare here; `@org/team` and e-mails as in CODEOWNERS.
            let handle = if handle.contains('@') { handle.to_string() } else { format!("@{handle}") };
            if let Some(owner_ref) = owner_ref(&handle) {
                facts.edge(&format!("{OWNERS_FOLDER}{folder}"), &owner_ref, "owned_by", json!({"folder": folder}), &pointer, Method::Declared);
            }
        }
    }
    facts
}

pub fn read(text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let mut order = 0usize;
    for (index, line) in text.lines().enumerate() {
        let line = line.split(" #").next().unwrap_or(line).trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
            continue;
        }
        let mut words = line.split_whitespace();
        let Some(pattern) = words.next() else { continue };
        let owners: Vec<String> = words.filter_map(owner_ref).collect();
        order += 1;
        let rule = format!("owners-rule:{order:05}:{pattern}");
        for owner in owners {
            facts.edge(&rule, &owner, "owned_by", json!({"pattern": pattern}), &format!("L{}", index + 1), Method::Declared);
        }
        if order == usize::MAX {
            break;
        }
    }
    facts
}

/// `@acme/team-web` -> `group:team-web`, `@ada` -> `user:ada`, `ada@x.org` -> `user:ada@x.org`.
pub fn owner_ref(owner: &str) -> Option<String> {
    if let Some(handle) = owner.strip_prefix('@') {
        return Some(match handle.split_once('/') {
            Some((_, team)) => make_ref("group", team),
            None => make_ref("user", handle),
        });
    }
    if owner.contains('@') {
        return Some(make_ref("user", owner));
    }
    None
}

/// Whether a CODEOWNERS `pattern` matches `path` (a file path relative to the repo root).
pub fn pattern_matches(pattern: &str, path: &str) -> bool {
    OwnersPattern::new(pattern).matches(path)
}

/// A CODEOWNERS pattern compiled once, to be matched against many paths.
#[derive(Debug, Clone)]
pub struct OwnersPattern {
    /// `None` matches every path (an empty pattern or `/`); an invalid glob matches nothing.
    globs: Option<globset::GlobSet>,
}

impl OwnersPattern {
    pub fn new(pattern: &str) -> Self {
        let anchored = pattern.starts_with('/');
        let trimmed = pattern.trim_start_matches('/');
        let directory_only = trimmed.ends_with('/');
        let trimmed = trimmed.trim_end_matches('/');
        // `*` (the usual first rule) and `/` match every file.
        if trimmed.is_empty() || (trimmed == "*" && !anchored && !directory_only) {
            return Self { globs: None };
        }
        let has_inner_slash = trimmed.contains('/');
        let base = if anchored || has_inner_slash { trimmed.to_string() } else { format!("**/{trimmed}") };
        let mut sources = vec![format!("{base}/**")];
        if !directory_only {
            sources.push(base);
        }
        let mut builder = globset::GlobSetBuilder::new();
        for source in &sources {
            if let Ok(glob) = globset::GlobBuilder::new(source).literal_separator(true).build() {
                builder.add(glob);
            }
        }
        let globs = builder.build().unwrap_or_else(|_| globset::GlobSet::empty());
        Self { globs: Some(globs) }
    }

    pub fn matches(&self, path: &str) -> bool {
        self.globs.as_ref().is_none_or(|globs| globs.is_match(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_like_github() {
        let cases = [
            ("*", "src/a.rs", true),
            ("docs/adr/", "docs/adr/0001.md", true),
            ("docs/adr/", "src/docs/adr/x", false),
            ("adr/", "docs/adr/x", true),
            ("/src/cart/", "src/cart/main.go", true),
            ("*.go", "src/cart/main.go", true),
            ("src/*.go", "src/cart/main.go", false),
            ("src/cart", "src/cart/x/y.cs", true),
            ("*/", "src/a.rs", true),
            ("*/", "top-level.rs", false),
            ("/", "anything/at/all", true),
        ];
        let results: Vec<(&str, &str, bool)> = cases.iter().map(|(pattern, path, _)| (*pattern, *path, pattern_matches(pattern, path))).collect();
        assert_eq!(results, cases.to_vec());
    }
}
