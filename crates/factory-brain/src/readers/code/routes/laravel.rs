//! Laravel's route groups: `Route::prefix('projects')->group(function () { Route::get('/{id}',
//! ..); })` serves `/projects/{id}`, nested groups stacking their prefixes (and
//! `Route::group(['prefix' => 'admin'], function () { .. })`); a `routes/api.php` file's routes
//! are served under `/api`, Laravel's API prefix. Uchida16104's Polyglot-Microservices-Stack
//! routes its gateway's `/api/projects/{id}` so.

use std::sync::LazyLock;

use regex::Regex;

/// A group's call: its closure's body follows.
static GROUP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:->|Route::)group\s*\(").expect("a valid regex"));
/// `prefix('projects')` chained before the group, or `'prefix' => 'admin'` in its attributes.
static PREFIX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?:\bprefix\s*\(\s*|['"]prefix['"]\s*=>\s*)['"]([^'"]*)['"]"#).expect("a valid regex"));

/// The prefixed groups of a routes file: each group's body (byte range) and its prefix.
#[derive(Debug, Default)]
pub(super) struct Groups {
    bodies: Vec<(usize, usize, String)>,
    /// The file is `api.php`: its routes are under `/api`.
    api: bool,
}

impl Groups {
    /// The groups of `text`, a PHP file named `file_name` (lowercase) that uses Laravel's `Route`.
    pub(super) fn of(file_name: &str, text: &str) -> Groups {
        let mut bodies = Vec::new();
        for found in GROUP.find_iter(text) {
            // The statement the call ends: from the last `;`, `{` or `}` before it.
            let start = text[..found.start()].rfind([';', '{', '}']).map_or(0, |at| at + 1);
            let Some(open) = text[found.end()..].find('{').map(|at| found.end() + at) else { continue };
            let Some(prefix) = PREFIX.captures(&text[start..open]).and_then(|captures| captures.get(1)).map(|prefix| prefix.as_str().trim_matches('/').to_string()) else {
                continue;
            };
            if let Some((_, end)) = super::super::calls::enclosed_within(text, open, text.len()) {
                bodies.push((open, end, prefix));
            }
        }
        Groups { bodies, api: file_name == "api.php" }
    }

    /// `path` as served, for a route of Laravel's `Route` (`facade`) declared at `offset`: under
    /// the prefixes of the groups around it, outermost first, and `/api` in `api.php`.
    pub(super) fn path(&self, offset: usize, facade: bool, path: &str) -> String {
        let mut prefixes: Vec<&(usize, usize, String)> = self.bodies.iter().filter(|(open, close, _)| *open < offset && offset < *close).collect();
        prefixes.sort_by_key(|(open, _, _)| *open);
        let api = (self.api && facade).then_some("api");
        let parts: Vec<&str> = api.into_iter().chain(prefixes.iter().map(|(_, _, prefix)| prefix.as_str())).chain([path.trim_matches('/')]).filter(|part| !part.is_empty()).collect();
        format!("/{}", parts.join("/"))
    }
}
