//! Package manifests (Cargo.toml, package.json, go.mod, pyproject.toml, requirements.txt,
//! pom.xml, *.csproj): the package's name and language, and its dependencies by name, as
//! props of a `package:` node the component is built from.

use serde_json::{json, Value};

use crate::model::{FileFacts, Method};

pub fn is_manifest(lower_name: &str) -> bool {
    matches!(lower_name, "cargo.toml" | "package.json" | "go.mod" | "pyproject.toml" | "requirements.txt" | "pom.xml" | "build.gradle" | "build.gradle.kts")
        || lower_name.ends_with(".csproj")
}

pub fn read(path: &str, text: &str) -> Result<FileFacts, String> {
    let name_lower = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    let (language, name, dependencies) = match name_lower.as_str() {
        "package.json" => {
            let document: Value = serde_json::from_str(text).map_err(|error| error.to_string())?;
            let deps: Vec<String> = ["dependencies", "devDependencies"]
                .iter()
                .filter_map(|key| document.get(*key).and_then(Value::as_object))
                .flat_map(|map| map.keys().cloned())
                .collect();
            ("javascript", document.get("name").and_then(Value::as_str).map(str::to_string), deps)
        }
        "go.mod" => {
            let module = text.lines().find_map(|line| line.strip_prefix("module ")).map(|module| module.trim().to_string());
            let deps = text.lines().map(str::trim).filter(|line| line.contains(" v") && !line.starts_with("module") && !line.starts_with("go ")).filter_map(|line| line.trim_start_matches("require ").split_whitespace().next().map(str::to_string)).filter(|dep| dep != "(" && dep != ")").collect();
            ("go", module, deps)
        }
        "requirements.txt" => {
            let deps = text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#') && !line.starts_with('-')).filter_map(|line| line.split(['=', '<', '>', '~', '[', ';', ' ']).next().map(str::to_string)).collect();
            ("python", None, deps)
        }
        "cargo.toml" | "pyproject.toml" => {
            let document: toml_like::Table = toml_like::parse(text);
            let language = if name_lower == "cargo.toml" { "rust" } else { "python" };
            (language, document.name, document.dependencies)
        }
        _ => {
            let language = if name_lower.ends_with(".csproj") { "csharp" } else { "java" };
            let name = xml_tag(text, "artifactId").or_else(|| name_lower.strip_suffix(".csproj").map(str::to_string));
            let deps = text.match_indices("Include=\"").filter_map(|(at, _)| text[at + 9..].split('"').next().map(str::to_string)).collect();
            (language, name, deps)
        }
    };
    let mut facts = FileFacts::default();
    let package = name.clone().unwrap_or_else(|| crate::readers::parent_dir(path).rsplit('/').next().unwrap_or("").to_string());
    let package_name = format!("{{repo}}/{}", if package.is_empty() { path.to_string() } else { package });
    facts.node("package", &package_name, json!({"language": language, "manifest": path, "dependencies": dependencies}), "/", Method::Parsed);
    facts.edge("self", &format!("package:{}", package_name.to_lowercase()), "built_from", Value::Null, "/", Method::Parsed);
    Ok(facts)
}

fn xml_tag(text: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find('<')? + start;
    Some(text[start..end].trim().to_string())
}

/// Just enough TOML for a manifest's name and dependency names, without a TOML parser.
mod toml_like {
    pub struct Table {
        pub name: Option<String>,
        pub dependencies: Vec<String>,
    }

    pub fn parse(text: &str) -> Table {
        let mut section = String::new();
        let mut name = None;
        let mut dependencies = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.starts_with('[') {
                section = line.trim_matches(['[', ']']).to_string();
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                if section.ends_with("dependencies") && line.starts_with('"') {
                    dependencies.push(line.trim_matches(['"', ',']).split(['=', '<', '>', '~', ' ', '[']).next().unwrap_or("").to_string());
                }
                continue;
            };
            let key = key.trim();
            if (section == "package" || section == "project" || section == "tool.poetry") && key == "name" && name.is_none() {
                name = Some(value.trim().trim_matches('"').to_string());
            } else if section.ends_with("dependencies") && !key.is_empty() && !key.starts_with('"') {
                dependencies.push(key.to_string());
            } else if key == "dependencies" && value.contains('[') {
                dependencies.extend(value.split('"').skip(1).step_by(2).map(|dep| dep.split(['=', '<', '>', '~', ' ', '[']).next().unwrap_or("").to_string()));
            }
        }
        dependencies.retain(|dep| !dep.is_empty());
        Table { name, dependencies }
    }
}
