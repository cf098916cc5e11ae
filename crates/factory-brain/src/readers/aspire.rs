//! .NET Aspire app hosts (`DistributedApplication.CreateBuilder`): the orchestrator of a .NET
//! system, in C#. Each `builder.AddProject<Projects.Catalog_API>("catalog-api")` declares a
//! service (its code is the project `Catalog.API.csproj`, which resolution finds), and
//! `AddNpmApp("web", "../web")`, `AddPythonApp`, `AddDockerfile` declare services rooted at a
//! folder; `AddRedis("redis")`, `AddRabbitMQ`, `AddPostgres(..).AddDatabase("catalogdb")` and
//! the like declare resources. `.WithReference(x)` makes the service depend on `x`, and so
//! does `.WithEnvironment("Identity__Url", x.GetEndpoint("http"))`, unless the variable only
//! tells `x` where to send its users back (`WebAppClient`, `CallBackUrl`). Everything is read
//! statement by statement, with the variables each statement binds.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use crate::model::{FileFacts, Method, UnitFact, UnitOrigin};
use crate::readers::{join_relative, parent_dir};

/// The alias prefix a service declared by its project carries until resolution finds the
/// project's folder: `csproj:Catalog_API`.
pub const PROJECT_ALIAS: &str = "csproj:";

/// `x.AddProject<Projects.Catalog_API>("catalog-api"`, `builder.AddRedis("redis"`,
/// `postgres.AddDatabase("catalogdb"`, `builder.AddNpmApp("web", "../web"`.
static ADD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\.Add(?P<kind>\w+)\s*(?:<\s*(?:global::)?Projects\.(?P<project>[\w.]+)\s*>)?\s*\(\s*"(?P<name>[^"]+)"(?:\s*,\s*"(?P<second>[^"]*)")?"#).expect("a valid regex")
});
/// `.WithReference(catalogApi)`, `.WithReference(identityApi.GetEndpoint("http"))`.
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\.WithReference\s*\(\s*(?P<target>\w+)").expect("a valid regex"));
/// `.WithEnvironment("Identity__Url", identityEndpoint)`.
static ENVIRONMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\.WithEnvironment\s*\(\s*"(?P<key>[^"]+)"\s*,\s*(?P<target>\w+)(?P<endpoint>\s*\.\s*GetEndpoint)?"#).expect("a valid regex"));
/// `var identityEndpoint = identityApi.GetEndpoint(...)`.
static ENDPOINT_OF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?P<target>\w+)\s*\.\s*GetEndpoint\s*\(").expect("a valid regex"));

/// The kinds that run code of the org's own; every other `Add<Kind>` is a resource (a data
/// store, a broker, a cloud service) or configuration.
const SERVICE_KINDS: &[&str] =
    &["Project", "NpmApp", "NodeApp", "JavaScriptApp", "ViteApp", "PythonApp", "PythonProject", "UvicornApp", "Executable", "Dockerfile", "JavaApp", "SpringApp", "GolangApp"];
/// `Add<Kind>` calls that declare no resource at all.
const NOT_RESOURCES: &[&str] = &["Parameter", "ForwardedHeaders", "ServiceDefaults", "Deployment", "ContainerRegistry", "DockerComposeEnvironment", "KubernetesEnvironment"];

/// Whether a C# file is an Aspire app host.
pub fn looks_like_app_host(text: &str) -> bool {
    text.contains("DistributedApplication.CreateBuilder")
}

pub fn read(path: &str, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let folder = parent_dir(path);
    // variable -> the resource it stands for (or, for an endpoint, whose endpoint it is).
    let mut bound: BTreeMap<String, String> = BTreeMap::new();
    for (statement, line) in statements(text) {
        let (variable, expression) = match statement.split_once('=') {
            Some((left, right)) if !left.contains('(') && !right.starts_with('=') => {
                let variable = left.split_whitespace().last().unwrap_or("").to_string();
                (Some(variable), right.trim())
            }
            _ => (None, statement.as_str()),
        };
        // `var identityEndpoint = identityApi.GetEndpoint("http")` names whose endpoint it is.
        if let (Some(variable), Some(captures)) = (&variable, ENDPOINT_OF.captures(expression))
            && let Some(target) = bound.get(&captures["target"]).cloned()
        {
            bound.insert(variable.clone(), target);
            continue;
        }
        // The resource the statement declares (its last `Add`: `postgres.AddDatabase(..)`),
        // else the one whose builder it continues (`webApp.WithEnvironment(..)`).
        let declared = ADD.captures_iter(expression).last();
        let subject = match &declared {
            Some(captures) => {
                let kind = &captures["kind"];
                let name = captures["name"].to_lowercase();
                if NOT_RESOURCES.contains(&kind) {
                    continue;
                }
                let service = SERVICE_KINDS.contains(&kind);
                let mut aliases = Vec::new();
                let mut root = None;
                if let Some(project) = captures.name("project") {
                    aliases.push(format!("{PROJECT_ALIAS}{}", project.as_str()));
                } else if service && let Some(second) = captures.name("second") {
                    // `AddNpmApp("web", "../web")`: the app's folder, from the app host's.
                    root = join_relative(folder, second.as_str().trim_end_matches('/'));
                }
                let pointer = format!("L{line}");
                facts.units.push(UnitFact { name: name.clone(), origin: UnitOrigin::Aspire, root, aliases, infrastructure: !service, labels: Default::default(), pointer });
                name
            }
            None => match expression.split('.').next().map(str::trim).and_then(|first| bound.get(first)) {
                Some(subject) => subject.clone(),
                None => continue,
            },
        };
        if let Some(variable) = variable {
            bound.insert(variable, subject.clone());
        }
        let this = format!("host:{subject}");
        for captures in REFERENCE.captures_iter(expression) {
            if let Some(target) = bound.get(&captures["target"]) {
                facts.edge(&this, &format!("host:{target}"), "depends_on", json!({"aspire": "WithReference"}), &format!("L{line}"), Method::Parsed);
            }
        }
        for captures in ENVIRONMENT.captures_iter(expression) {
            let key = captures["key"].to_lowercase();
            // Where the target sends users back to (an OAuth client's redirect), not a call.
            if key.ends_with("client") || key.contains("callback") || key.contains("redirect") {
                continue;
            }
            if let Some(target) = bound.get(&captures["target"]) {
                let props = json!({"aspire": "WithEnvironment", "env": &captures["key"]});
                facts.edge(&this, &format!("host:{target}"), "depends_on", props, &format!("L{line}"), Method::Parsed);
            }
        }
    }
    facts
}

/// The file's statements, comments out and white space folded, each with the line it starts
/// on. Semicolons inside strings do not end a statement.
fn statements(text: &str) -> Vec<(String, usize)> {
    let mut statements = Vec::new();
    let mut current = String::new();
    let mut start_line = 1;
    for (index, line) in text.lines().enumerate() {
        let code = strip_comment(line).trim();
        if code.is_empty() {
            continue;
        }
        if current.trim().is_empty() {
            current.clear();
            start_line = index + 1;
        }
        let mut in_string = false;
        for character in code.chars() {
            match character {
                '"' => {
                    in_string = !in_string;
                    current.push(character);
                }
                ';' | '{' | '}' if !in_string => {
                    let statement = current.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !statement.is_empty() {
                        statements.push((statement, start_line));
                    }
                    current.clear();
                    start_line = index + 1;
                }
                _ => current.push(character),
            }
        }
        current.push(' ');
    }
    statements
}

/// A line without its `//` comment (a `//` inside a string, as in `http://`, stays).
fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    let bytes = line.as_bytes();
    for (index, byte) in bytes.iter().enumerate() {
        match byte {
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(index + 1) == Some(&b'/') => return &line[..index],
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_end_at_semicolons_and_braces_outside_strings() {
        let text = "var a = b.Add(\"x;y\") // a comment\n    .With(c);\nif (z)\n{\n    a.With(\"http://q\");\n}\n";
        let found: Vec<(String, usize)> = statements(text);
        let expected = [("var a = b.Add(\"x;y\") .With(c)", 1), ("if (z)", 3), ("a.With(\"http://q\")", 5)];
        assert_eq!(found, expected.map(|(text, line)| (text.to_string(), line)));
    }
}
