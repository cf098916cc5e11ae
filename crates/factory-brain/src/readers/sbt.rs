//! sbt builds (`build.sbt`): which projects of a multi-project build run as services. A
//! project rooted at a folder (`lazy val itemImpl = (project in file("item-impl"))`,
//! `project.in(file("item-impl"))`, `Project("item-impl", file("item-impl"))`, or a bare
//! `project`, whose folder is its id) that enables a plugin making it something that runs
//! (Lagom's `LagomJava`, `LagomScala`, `LagomPlay`; Play's `PlayJava`, `PlayScala`;
//! sbt-native-packager's `JavaAppPackaging`, `JavaServerAppPackaging`, `DockerPlugin`) is a
//! service rooted there, named by its folder, with the name sbt-native-packager gives its image
//! (its `name := ...`, else its project id, lower-cased: `itemimpl`) as another name. A project
//! enabling none of them (`item-api`, `security`, `tools`) is a library, no service. Lagom's
//! and Play's services ship no Dockerfile, compose or manifest of their own: without this
//! the whole repo was one service.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{FileFacts, UnitFact, UnitOrigin};
use crate::readers::{join_relative, parent_dir};

/// Plugins that make a project something that runs, not a library.
const SERVICE_PLUGINS: &[&str] = &["LagomJava", "LagomScala", "LagomPlay", "PlayJava", "PlayScala", "JavaAppPackaging", "JavaServerAppPackaging", "DockerPlugin"];

/// The start of a top-level definition: `lazy val itemImpl =`, `val web: Project =`, Scala's
/// quoted ``lazy val `hello-impl` =``.
static DEFINITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^(?:lazy[ \t]+)?(?:val|def)[ \t]+`?([\w-]+)`?\s*(?::\s*[\w.]+\s*)?=").expect("a valid regex"));

/// A project rooted at a folder: `project in file("x")`, `project.in(file("x"))`.
static IN_FOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bproject\s*(?:\.\s*in\s*\(|\s+in\s+)\s*file\s*\(\s*"([^"]*)"\s*\)"#).expect("a valid regex"));

/// `Project("id", file("x"))`, named arguments too.
static PROJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bProject\s*\(\s*(?:id\s*=\s*)?"([^"]*)"\s*,\s*(?:base\s*=\s*)?file\s*\(\s*"([^"]*)"\s*\)"#).expect("a valid regex"));

/// A bare `project`, rooted at the folder named like its id.
static BARE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\(?\s*project\b").expect("a valid regex"));

/// `.enablePlugins(LagomJava, sbt.plugins.JUnitXmlReportPlugin)`.
static ENABLED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\.\s*enablePlugins\s*\(([^)]*)\)").expect("a valid regex"));

/// The name sbt-native-packager gives the image: `Docker / packageName := "items"` (or
/// `packageName in Docker`), else the project's `name := "item-service"`.
static IMAGE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\b(?:Docker\s*/\s*packageName|packageName\s+in\s+Docker)\s*:=\s*"([^"]+)""#).expect("a valid regex"));
static NAME_SETTING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?:^|[^\w/.])name\s*:=\s*"([^"]+)""#).expect("a valid regex"));

/// Whether a file (its lowercase name) is an sbt build definition.
pub fn is_build_definition(lower_name: &str) -> bool {
    lower_name == "build.sbt"
}

/// The services the projects of a `build.sbt` at `path` declare.
pub fn read(path: &str, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let code = without_comments(text);
    let starts: Vec<(usize, &str)> = DEFINITION.captures_iter(&code).filter_map(|captures| Some((captures.get(0)?.start(), captures.get(1)?.as_str()))).collect();
    for (index, (start, id)) in starts.iter().enumerate() {
        let end = starts.get(index + 1).map_or(code.len(), |(next, _)| *next);
        let definition = &code[*start..end];
        let value = definition.split_once('=').map_or("", |(_, value)| value);
        let (id, folder) = if let Some(found) = IN_FOLDER.captures(value) {
            (*id, found.get(1).map_or("", |folder| folder.as_str()))
        } else if let Some(found) = PROJECT.captures(value) {
            (found.get(1).map_or("", |id| id.as_str()), found.get(2).map_or("", |folder| folder.as_str()))
        } else if BARE.is_match(value) {
            (*id, *id)
        } else {
            continue;
        };
        let runs = ENABLED.captures_iter(definition).any(|enabled| {
            enabled[1].split([',', '&', ' ', '\n', '\t']).map(|plugin| plugin.trim().rsplit('.').next().unwrap_or("")).any(|plugin| SERVICE_PLUGINS.contains(&plugin))
        });
        let Some(root) = join_relative(parent_dir(path), folder) else { continue };
        if !runs || !crate::readers::dockerfile::is_service_folder(&root) {
            continue;
        }
        let name = root.rsplit('/').next().unwrap_or("").to_string();
        // The image's name, else the project id; the root project's id (`root`) names nothing.
        let setting = |pattern: &Regex| pattern.captures(definition).map(|setting| setting[1].to_string());
        let packaged = setting(&IMAGE_NAME).or_else(|| setting(&NAME_SETTING)).or_else(|| (!root.is_empty()).then(|| id.to_string()));
        let aliases = packaged.map(|packaged| packaged.to_lowercase()).filter(|packaged| *packaged != name && !packaged.is_empty()).into_iter().collect();
        let line = code[..*start].matches('\n').count() + 1;
        facts.units.push(UnitFact {
            name,
            origin: UnitOrigin::Build,
            root: Some(root),
            aliases,
            infrastructure: false,
            labels: Default::default(),
            pointer: format!("L{line}"),
        });
    }
    facts
}

/// The text with its `//` and `/* */` comments blanked out (strings kept, lines and offsets
/// too): builds often keep a disabled plugin or project in a comment.
fn without_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    let blank = |byte: u8| if byte == b'\n' { b'\n' } else { b' ' };
    while index < bytes.len() {
        match bytes[index] {
            b'"' => {
                let close = bytes[index + 1..].iter().position(|&byte| byte == b'"' || byte == b'\n').map_or(bytes.len(), |close| index + 1 + close + 1).min(bytes.len());
                out.extend_from_slice(&bytes[index..close]);
                index = close;
            }
            b'/' if bytes.get(index + 1) == Some(&b'/') => {
                let end = bytes[index..].iter().position(|&byte| byte == b'\n').map_or(bytes.len(), |end| index + end);
                out.extend(std::iter::repeat_n(b' ', end - index));
                index = end;
            }
            b'/' if bytes.get(index + 1) == Some(&b'*') => {
                let end = text[index + 2..].find("*/").map_or(bytes.len(), |end| index + 2 + end + 2);
                out.extend(bytes[index..end].iter().map(|&byte| blank(byte)));
                index = end;
            }
            byte => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<(String, String, Vec<String>)> {
        read("build.sbt", text).units.into_iter().map(|unit| (unit.name, unit.root.unwrap_or_default(), unit.aliases)).collect()
    }

    #[test]
    fn projects_enabling_a_service_plugin_are_services_and_others_libraries() {
        let build = concat!(
            "lazy val root = (project in file(\".\"))\n  .aggregate(itemApi, itemImpl)\n\n",
            "lazy val itemApi = (project in file(\"item-api\"))\n  .settings(libraryDependencies += lagomJavadslApi)\n\n",
            "lazy val itemImpl = (project in file(\"item-impl\"))\n  .settings(commonSettings)\n  .enablePlugins(LagomJava)\n  .dependsOn(itemApi)\n\n",
            "lazy val web = project.in(file(\"web-gateway\")).enablePlugins(PlayJava, LagomPlay)\n",
            "lazy val billing = Project(\"billing\", file(\"services/billing\")).settings(name := \"billing-service\").enablePlugins(JavaAppPackaging)\n",
            "lazy val reports = project\n  .enablePlugins(sbt.plugins.JUnitXmlReportPlugin, DockerPlugin)\n",
            "  .settings(name := \"reports\", Docker / packageName := \"acme-reports\")\n",
            "lazy val old = (project in file(\"old\"))\n  //.enablePlugins(LagomJava)\n  /* .enablePlugins(PlayScala) */\n",
            "def commonSettings = Seq(javacOptions ++= Seq(\"-parameters\"))\n",
        );
        assert_eq!(
            units(build),
            [
                ("item-impl".to_string(), "item-impl".to_string(), vec!["itemimpl".to_string()]),
                ("web-gateway".to_string(), "web-gateway".to_string(), vec!["web".to_string()]),
                ("billing".to_string(), "services/billing".to_string(), vec!["billing-service".to_string()]),
                ("reports".to_string(), "reports".to_string(), vec!["acme-reports".to_string()]),
            ]
        );
    }

    #[test]
    fn a_root_project_that_runs_is_the_repos_service() {
        assert_eq!(units("lazy val root = (project in file(\".\")).enablePlugins(PlayScala)\n"), [(String::new(), String::new(), vec![])]);
        let named = "lazy val root = (project in file(\".\")).enablePlugins(PlayScala).settings(name := \"Storefront\")\n";
        assert_eq!(units(named), [(String::new(), String::new(), vec!["storefront".to_string()])]);
    }
}
