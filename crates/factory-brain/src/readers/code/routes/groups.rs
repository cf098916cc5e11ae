//! Route groups held in variables: ASP.NET's `var stations = app.MapGroup("/stations");` then
//! `stations.MapGet("/{stationId}", ..)`, Gin's `v1 := r.Group("/v1")` then `v1.GET(..)`, a
//! group of a group joined (`var admin = api.MapGroup("/admin")`). Their routes are served under
//! the group's prefix, and the group itself mounts nothing another file must tell (stations-api
//! of the tenth planted-mismatch evaluation's org V, whose `/stations/{stationId}` was read as
//! `/{stationId}` under a prefix declared elsewhere).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

/// `var name = parent.MapGroup("/x")`, `name := parent.Group("/x")`.
static GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\b(?:var\s+)?([A-Za-z_]\w*)\s*:?=\s*([A-Za-z_]\w*)\s*(\.)\s*(?:MapGroup|Group)\s*\(\s*"([^"]*)"\s*\)"#).expect("a valid regex"));

/// A file's group variables and where their group calls are.
#[derive(Debug, Default)]
pub(super) struct Groups<'t> {
    prefixes: BTreeMap<&'t str, String>,
    /// The offsets of the group calls' `.`, which the route patterns match from.
    calls: Vec<usize>,
}

impl<'t> Groups<'t> {
    pub(super) fn of(extension: &str, text: &'t str) -> Self {
        let mut groups = Groups::default();
        if !matches!(extension, "cs" | "go") || !text.contains("Group(") {
            return groups;
        }
        for captures in GROUP.captures_iter(text) {
            let (Some(name), Some(parent), Some(dot), Some(path)) = (captures.get(1), captures.get(2), captures.get(3), captures.get(4)) else { continue };
            let prefix = match groups.prefixes.get(parent.as_str()) {
                Some(outer) => super::join(outer, path.as_str()),
                None => path.as_str().to_string(),
            };
            groups.prefixes.insert(name.as_str(), prefix);
            groups.calls.push(dot.start());
        }
        groups
    }

    /// Whether a group call a variable holds starts at `offset` (its `.`).
    pub(super) fn assigns(&self, offset: usize) -> bool {
        self.calls.contains(&offset)
    }

    /// The prefix of the group `receiver` holds.
    pub(super) fn prefix(&self, receiver: &str) -> Option<&str> {
        self.prefixes.get(receiver).map(String::as_str)
    }
}
