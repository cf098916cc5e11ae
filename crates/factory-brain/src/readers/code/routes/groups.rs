//! Route groups held in variables: ASP.NET's `var stations = app.MapGroup("/stations");` then
//! `stations.MapGet("/{stationId}", ..)`, Gin's `v1 := r.Group("/v1")` then `v1.GET(..)`, a
//! group of a group joined (`var admin = api.MapGroup("/admin")`). Their routes are served under
//! the group's prefix, and the group itself mounts nothing another file must tell (stations-api
//! of the tenth planted-mismatch evaluation's org V, whose `/stations/{stationId}` was read as
//! `/{stationId}` under a prefix declared elsewhere).

use std::sync::LazyLock;

use regex::Regex;

/// `var name = parent.MapGroup("/x")`, `name := parent.Group("/x")`.
static GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\b(?:var\s+)?([A-Za-z_]\w*)\s*:?=\s*([A-Za-z_]\w*)\s*(\.)\s*(?:MapGroup|Group)\s*\(\s*"([^"]*)"\s*\)"#).expect("a valid regex"));
/// A variable holding the application's root router: ASP.NET's `builder.Build()` or
/// `WebApplication.Create(..)`, Gin's `gin.Default()` or `gin.New()`, Echo's `echo.New()`.
static ROOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:var\s+)?([A-Za-z_]\w*)\s*:?=\s*(?:\w+\.Build\(\)|WebApplication\.Create(?:Builder)?\(|gin\.(?:Default|New)\(\)|echo\.New\(\))").expect("a valid regex"));

/// A file's group variables and where their group calls are.
#[derive(Debug, Default)]
pub(super) struct Groups<'t> {
    /// (where the variable is assigned, its name, its prefix), in the file's order.
    prefixes: Vec<(usize, &'t str, String)>,
    /// The offsets of the group calls' `.`, which the route patterns match from.
    calls: Vec<usize>,
}

impl<'t> Groups<'t> {
    pub(super) fn of(extension: &str, text: &'t str) -> Self {
        let mut groups = Groups::default();
        if !matches!(extension, "cs" | "go") || !text.contains("Group(") {
            return groups;
        }
        let roots: Vec<(usize, &str)> = ROOT.captures_iter(text).filter_map(|captures| Some((captures.get(0)?.start(), captures.get(1)?.as_str()))).collect();
        for captures in GROUP.captures_iter(text) {
            let (Some(whole), Some(name), Some(parent), Some(dot), Some(path)) = (captures.get(0), captures.get(1), captures.get(2), captures.get(3), captures.get(4)) else { continue };
            // Under a group of the file, or the root router; a router handed in (`func
            // Register(rg *gin.RouterGroup)`) is mounted where another file says.
            let prefix = match groups.prefix_at(parent.as_str(), whole.start()) {
                Some(outer) => super::join(outer, path.as_str()),
                None if roots.iter().any(|(at, root)| *root == parent.as_str() && *at < whole.start()) => path.as_str().to_string(),
                None => continue,
            };
            groups.prefixes.push((whole.start(), name.as_str(), prefix));
            groups.calls.push(dot.start());
        }
        groups
    }

    /// Whether a group call a variable holds starts at `offset` (its `.`).
    pub(super) fn assigns(&self, offset: usize) -> bool {
        self.calls.contains(&offset)
    }

    /// The prefix of the group `receiver` holds at `offset`: its last assignment before it
    /// (two functions may each call their group `group`).
    pub(super) fn prefix_at(&self, receiver: &str, offset: usize) -> Option<&str> {
        self.prefixes.iter().rev().find(|(at, name, _)| *name == receiver && *at < offset).map(|(_, _, prefix)| prefix.as_str())
    }
}

#[cfg(test)]
mod tests {
    use crate::readers::code::calls::Lines;
    use crate::readers::code::routes::routes;

    fn served(extension: &str, text: &str) -> (Vec<String>, Vec<String>) {
        let found = routes(extension, "program", text, &Lines::new(text));
        (found.routes.iter().map(|route| format!("{} {}", route.method, route.path)).collect(), found.prefixes.iter().map(|(_, prefix)| prefix.clone()).collect())
    }

    #[test]
    fn a_groups_routes_are_under_its_prefix() {
        let two = "void Orders(WebApplication app) {\n    var group = app.MapGroup(\"/orders\");\n    group.MapGet(\"/{id}\", (string id) => Results.Ok());\n}\nvoid Users(WebApplication app) {\n    var group = app.MapGroup(\"/users\");\n    group.MapGet(\"/{id}\", (string id) => Results.Ok());\n}\nvar app = builder.Build();\n";
        assert_eq!(served("cs", two).0, Vec::<String>::new(), "a router handed in is mounted elsewhere");
        let two_rooted = two.replace("var app = builder.Build();\n", "").replace("void Orders(WebApplication app) {\n", "var app = builder.Build();\nvoid Orders() {\n");
        assert_eq!(served("cs", &two_rooted).0, ["GET /orders/{id}", "GET /users/{id}"], "each group its own, by its last assignment");
        let minimal = "var app = builder.Build();\nvar stations = app.MapGroup(\"/stations\");\nstations.MapGet(\"/{stationId}\", (string stationId) => Results.Ok());\nvar admin = stations.MapGroup(\"/admin\");\nadmin.MapPost(\"/reindex\", () => Results.Ok());\napp.MapGet(\"/healthz\", () => Results.Ok());\n";
        assert_eq!(served("cs", minimal), (vec!["GET /stations/{stationId}".to_string(), "POST /stations/admin/reindex".to_string()], Vec::new()));
        let gin = "func main() {\n\tr := gin.Default()\n\tv1 := r.Group(\"/v1\")\n\tv1.GET(\"/quotes/:id\", getQuote)\n}\n";
        assert_eq!(served("go", gin).0, ["GET /v1/quotes/{id}"]);
        let handed = "func Register(rg *gin.RouterGroup) {\n\to := rg.Group(\"/orders\")\n\to.GET(\"/:id\", get)\n}\n";
        assert_eq!(served("go", handed).1, ["/orders"], "under a router another file mounts: a prefix as before");
    }

    /// Near miss: a group no variable holds is mounted as before, a prefix another reading joins.
    #[test]
    fn a_group_no_variable_holds_stays_a_prefix() {
        let chained = "app.MapGroup(\"/stations\").MapGet(\"/{stationId}\", (string stationId) => Results.Ok());\n";
        assert_eq!(served("cs", chained).1, ["/stations"]);
    }
}
