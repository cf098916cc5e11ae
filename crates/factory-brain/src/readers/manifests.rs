//! Package manifests (Cargo.toml, package.json, composer.json, go.mod, pyproject.toml,
//! requirements.txt, pom.xml, *.csproj): the package's name and language, and its dependencies
//! by name, as props of a `package:` node the component is built from. Their URLs (homepage,
//! repository, bugs) are package metadata, never dependencies.

use serde_json::{json, Value};

use crate::model::{FileFacts, Method};

pub fn is_manifest(lower_name: &str) -> bool {
    matches!(
        lower_name,
        "cargo.toml" | "package.json" | "composer.json" | "go.mod" | "pyproject.toml" | "requirements.txt" | "pom.xml" | "build.gradle" | "build.gradle.kts"
    )
        || lower_name.ends_with(".csproj")
}

pub fn read(path: &str, text: &str) -> Result<FileFacts, String> {
    let name_lower = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    let (language, name, dependencies) = match name_lower.as_str() {
        "package.json" => {
            let (name, deps) = json_manifest(text, &["dependencies", "devDependencies"])?;
            ("javascript", name, deps)
        }
        "composer.json" => {
            let (name, mut deps) = json_manifest(text, &["require", "require-dev"])?;
            // `php`, `ext-json` and `lib-icu` are the platform, not packages.
            deps.retain(|dep| dep.contains('/'));
            ("php", name, deps)
        }
        "pom.xml" => {
            let pom = xml::Pom::read(text);
            ("java", pom.artifact_id, pom.dependencies)
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
        "build.gradle" | "build.gradle.kts" => ("java", None, gradle_dependencies(text)),
        _ => {
            // .csproj.
            let language = if name_lower.ends_with(".csproj") { "csharp" } else { "java" };
            let name = xml_tag(text, "artifactId").or_else(|| name_lower.strip_suffix(".csproj").map(str::to_string));
            // References only: `<Content Include="appsettings.json">` or `<Folder Include=..>`
            // name the project's own files.
            let mut references: Vec<(usize, &str)> = ["<PackageReference", "<ProjectReference", "<DotNetCliToolReference"]
                .iter()
                .flat_map(|element| text.match_indices(element))
                .filter(|(at, element)| text[at + element.len()..].starts_with(char::is_whitespace))
                .collect();
            references.sort_unstable();
            let deps = references
                .into_iter()
                .filter_map(|(at, _)| {
                    let tag = &text[at..text[at..].find('>').map_or(text.len(), |end| at + end)];
                    tag.split_once("Include=\"").and_then(|(_, rest)| rest.split('"').next()).map(str::to_string)
                })
                .collect();
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

/// A Gradle build's dependencies as `group:artifact`, Groovy's and Kotlin's notations alike:
/// `implementation 'g:a:1.0'`, `api("g:a")`, `providedCompile group: 'g', name: 'a'`. The
/// build script's own (`classpath`) are not the service's.
fn gradle_dependencies(text: &str) -> Vec<String> {
    static DEPENDENCY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?m)^\s*(\w+)\s*\(?\s*(?:group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["']|["']([^"':\s]+):([^"':\s]+)(?::[^"'\s]*)?["'])"#)
            .expect("a valid regex")
    });
    let mut dependencies: Vec<String> = Vec::new();
    for captures in DEPENDENCY.captures_iter(text) {
        // The build script's own, a repository's address, a BOM's import: not dependencies.
        if matches!(&captures[1], "classpath" | "url" | "uri" | "mavenBom" | "id") {
            continue;
        }
        let (Some(group), Some(artifact)) = (captures.get(2).or_else(|| captures.get(4)), captures.get(3).or_else(|| captures.get(5))) else { continue };
        if artifact.as_str().starts_with('/') {
            continue;
        }
        let dependency = format!("{}:{}", group.as_str(), artifact.as_str());
        if !dependencies.contains(&dependency) {
            dependencies.push(dependency);
        }
    }
    dependencies
}

/// A JSON manifest's `name` and the keys of its dependency maps.
fn json_manifest(text: &str, dependency_keys: &[&str]) -> Result<(Option<String>, Vec<String>), String> {
    let document: Value = serde_json::from_str(text).map_err(|error| error.to_string())?;
    let dependencies = dependency_keys.iter().filter_map(|key| document.get(*key).and_then(Value::as_object)).flat_map(|map| map.keys().cloned()).collect();
    Ok((document.get("name").and_then(Value::as_str).map(str::to_string), dependencies))
}

/// The first `<tag>`'s text anywhere in the file (a .csproj's name).
fn xml_tag(text: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find('<')? + start;
    Some(text[start..end].trim().to_string())
}

/// Just enough XML for a Maven POM, without an XML parser.
mod xml {
    /// What a POM says of its own package.
    pub struct Pom {
        /// `<project><artifactId>`, not the parent's.
        pub artifact_id: Option<String>,
        /// `groupId:artifactId` of each `<project><dependencies><dependency>` (not those only
        /// managed in `<dependencyManagement>`, nor plugins).
        pub dependencies: Vec<String>,
    }

    impl Pom {
        pub fn read(text: &str) -> Pom {
            let mut artifact_id = None;
            let mut dependencies: Vec<(usize, Option<String>, Option<String>)> = Vec::new();
            for leaf in leaves(text) {
                match leaf.path.as_str() {
                    "project/artifactId" => artifact_id = artifact_id.or(Some(leaf.text)),
                    "project/dependencies/dependency/groupId" | "project/dependencies/dependency/artifactId" => {
                        if dependencies.last().is_none_or(|(parent, _, _)| *parent != leaf.parent) {
                            dependencies.push((leaf.parent, None, None));
                        }
                        if let Some((_, group, artifact)) = dependencies.last_mut() {
                            if leaf.path.ends_with("groupId") { *group = Some(leaf.text) } else { *artifact = Some(leaf.text) }
                        }
                    }
                    _ => {}
                }
            }
            let dependencies = dependencies
                .into_iter()
                .filter_map(|(_, group, artifact)| Some(match group {
                    Some(group) => format!("{group}:{}", artifact?),
                    None => artifact?,
                }))
                .collect();
            Pom { artifact_id, dependencies }
        }
    }

    /// An element holding only text.
    struct Leaf {
        /// The names of the elements from the root down to it: `project/artifactId`.
        path: String,
        /// Which element holds it (the order its start tag came in).
        parent: usize,
        text: String,
    }

    /// The leaf elements of a document in order; comments, declarations and processing
    /// instructions are skipped.
    fn leaves(text: &str) -> Vec<Leaf> {
        // Each open element: its name, its number, where its text starts, whether it holds elements.
        let mut open: Vec<(&str, usize, usize, bool)> = Vec::new();
        let mut leaves = Vec::new();
        let mut started = 0;
        let mut at = 0;
        while let Some(found) = text[at..].find('<') {
            let start = at + found;
            let rest = &text[start..];
            let (closer, skip) = if rest.starts_with("<!--") {
                ("-->", true)
            } else if rest.starts_with("<![CDATA[") {
                ("]]>", true)
            } else if rest.starts_with("<?") {
                ("?>", true)
            } else {
                (">", rest.starts_with("<!"))
            };
            let Some(length) = rest.find(closer) else { break };
            at = start + length + closer.len();
            if skip {
                continue;
            }
            let tag = &rest[1..length];
            if let Some(name) = tag.strip_prefix('/') {
                let Some(position) = open.iter().rposition(|(open_name, ..)| *open_name == name.trim()) else { continue };
                let (_, _, text_start, has_children) = open[position];
                if !has_children {
                    let path = open[..=position].iter().map(|(name, ..)| *name).collect::<Vec<_>>().join("/");
                    let parent = position.checked_sub(1).map_or(0, |parent| open[parent].1);
                    leaves.push(Leaf { path, parent, text: text[text_start..start].trim().to_string() });
                }
                open.truncate(position);
                continue;
            }
            let name = tag.split(|character: char| character.is_whitespace() || character == '/').next().unwrap_or("");
            if let Some(parent) = open.last_mut() {
                parent.3 = true;
            }
            if !tag.ends_with('/') && !name.is_empty() {
                started += 1;
                open.push((name, started, at, false));
            }
        }
        leaves
    }
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
        // Inside an array of requirements written over several lines: PEP 621's
        // `dependencies = [` under `[project]`, or a group's under
        // `[project.optional-dependencies]` (`test = [`).
        let mut in_array = false;
        for line in text.lines().map(str::trim) {
            if in_array {
                dependencies.extend(requirements(line));
                in_array = !closes_array(line);
                continue;
            }
            if line.starts_with('[') {
                section = line.trim_matches(['[', ']']).to_string();
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                if section.ends_with("dependencies") && line.starts_with('"') {
                    dependencies.extend(requirements(line));
                }
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            // A list of requirements: `[project] dependencies`, an optional group's
            // (`[project.optional-dependencies] test = [..]`) or PEP 735's `[dependency-groups]`.
            let listed = value.starts_with('[') && (key == "dependencies" || section.ends_with("optional-dependencies") || section == "dependency-groups");
            if listed {
                dependencies.extend(requirements(value));
                in_array = !closes_array(value);
            } else if (section == "package" || section == "project" || section == "tool.poetry") && key == "name" && name.is_none() {
                name = Some(value.trim_matches('"').to_string());
            } else if section.ends_with("dependencies") && !key.is_empty() && !key.starts_with('"') {
                dependencies.push(key.to_string());
            }
        }
        dependencies.retain(|dep| !dep.is_empty());
        Table { name, dependencies }
    }

    /// Whether a line ends an array: a `]` outside its quoted requirements (`"uvicorn[standard]",`
    /// does not).
    fn closes_array(line: &str) -> bool {
        line.split('"').step_by(2).any(|unquoted| unquoted.contains(']'))
    }

    /// The package names of the quoted requirements on a line: `"uvicorn[standard]>=0.27",`
    /// is `uvicorn`.
    fn requirements(line: &str) -> impl Iterator<Item = String> + '_ {
        line.split(['"', '\'']).skip(1).step_by(2).map(|requirement| requirement.split(['=', '<', '>', '~', '!', ' ', '[', ';']).next().unwrap_or("").trim().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csproj_depends_on_its_references_only() {
        let csproj = "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <ItemGroup>\n    <Folder Include=\"Migrations\\\" />\n    <Content Include=\"appsettings.json\">\n      <CopyToOutputDirectory>Always</CopyToOutputDirectory>\n    </Content>\n    <PackageReference Include=\"Serilog\" Version=\"3.0.1\" />\n    <ProjectReference Include=\"..\\Infrastructure.Messaging\\Infrastructure.Messaging.csproj\" />\n    <PackageReference\n      Include=\"Refit\" Version=\"7.0.0\" />\n  </ItemGroup>\n</Project>\n";
        let facts = read("src/WebApp/WebApp.csproj", csproj).expect("a csproj reads");
        let node = &facts.nodes[0];
        assert_eq!(node.props["dependencies"], json!(["Serilog", "..\\Infrastructure.Messaging\\Infrastructure.Messaging.csproj", "Refit"]));
    }

    #[test]
    fn pyproject_dependencies_over_several_lines_and_in_optional_groups() {
        let pyproject = "[project]\nname = \"analytics-service\"\ndependencies = [\n    \"uvicorn[standard]>=0.27.0\",\n    \"fastapi>=0.110.0\",\n]\n\n[project.optional-dependencies]\ntest = [\"pytest>=8.0\", \"pytest-asyncio>=0.23\"]\ndocs = [\n  \"mkdocs\",\n]\n\n[build-system]\nrequires = [\"hatchling\"]\n";
        let table = toml_like::parse(pyproject);
        assert_eq!(table.name.as_deref(), Some("analytics-service"));
        assert_eq!(table.dependencies, ["uvicorn", "fastapi", "pytest", "pytest-asyncio", "mkdocs"]);
        let poetry = "[tool.poetry]\nname = \"orders\"\n[tool.poetry.dependencies]\npython = \"^3.11\"\nhttpx = \"^0.27\"\n[dependencies]\nserde = { version = \"1\" }\n";
        assert_eq!(toml_like::parse(poetry).dependencies, ["python", "httpx", "serde"]);
    }

    #[test]
    fn gradle_dependencies_in_either_notation() {
        let groovy = "buildscript {\n  dependencies {\n    classpath 'org.springframework.boot:spring-boot-gradle-plugin:2.0.0'\n  }\n}\ndependencies {\n    implementation 'org.springframework.cloud:spring-cloud-starter-oauth2'\n    providedCompile group:'javax.ws.rs', name:'javax.ws.rs-api', version:'2.0'\n    testImplementation \"junit:junit:4.12\"\n}\n";
        assert_eq!(gradle_dependencies(groovy), ["org.springframework.cloud:spring-cloud-starter-oauth2", "javax.ws.rs:javax.ws.rs-api", "junit:junit"]);
        // FTGO's builds: a repository's address and a BOM's import are not dependencies.
        let repositories = "repositories {\n    maven {\n        url 'https://repo.spring.io/libs-milestone'\n    }\n    maven { url \"http://dl.bintray.com/acme\" }\n}\ndependencyManagement {\n    imports {\n        mavenBom \"org.springframework.cloud:spring-cloud-sleuth:$v\"\n    }\n}\ndependencies {\n    compile \"io.eventuate.tram.core:eventuate-tram-spring-jdbc-kafka:$v\"\n}\n";
        assert_eq!(gradle_dependencies(repositories), ["io.eventuate.tram.core:eventuate-tram-spring-jdbc-kafka"]);
        let kotlin = "plugins {\n    id(\"org.springframework.boot\") version \"3.2.0\"\n}\ndependencies {\n    implementation(\"org.springframework.boot:spring-boot-starter-web\")\n    api(platform(\"x:y:1\"))\n}\n";
        assert_eq!(gradle_dependencies(kotlin), ["org.springframework.boot:spring-boot-starter-web"]);
    }
}
