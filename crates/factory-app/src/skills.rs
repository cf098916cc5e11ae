//! The home's skills as agents and the MCP tool `skills` see them: the name and description from the
//! front matter of every `skills/*/SKILL.md`. A file that cannot be read or parsed is listed with
//! its error beside the good ones; a missing folder is an empty list. (Lessons and rules come
//! from the facade's `learning` module.)

use std::path::{Path, PathBuf};

use crate::Home;
use serde::Serialize;
use serde_json::Value;

/// One `skills/<name>/SKILL.md`: the `name` and `description` of its front matter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillSummary {
    pub file: String,
    pub name: Option<String>,
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Every skill of the home, by folder name.
pub fn skills(home: &Home) -> Vec<SkillSummary> {
    let mut folders: Vec<PathBuf> = match std::fs::read_dir(home.layout.skills_dir()) {
        Ok(entries) => entries.filter_map(Result::ok).map(|entry| entry.path()).filter(|path| path.join("SKILL.md").is_file()).collect(),
        Err(_) => Vec::new(),
    };
    folders.sort();
    folders
        .into_iter()
        .map(|folder| {
            let path = folder.join("SKILL.md");
            let file = relative(home, &path);
            match read_front_matter(&path) {
                Ok((front_matter, error)) => SkillSummary {
                    file,
                    name: text_field(&front_matter, "name"),
                    description: text_field(&front_matter, "description"),
                    error,
                },
                Err(error) => SkillSummary { file, name: None, description: None, error: Some(error) },
            }
        })
        .collect()
}

/// The front matter of a Markdown file, and why it could not be read when it could not.
fn read_front_matter(path: &Path) -> Result<(Value, Option<String>), String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("{} could not be read: {error}", path.display()))?;
    Ok(match split_front_matter(&text).0 {
        None => (Value::Null, Some(format!("{} has no front matter (a `---` block with name and description)", path.display()))),
        Some(yaml) => match serde_saphyr::from_str::<Value>(yaml) {
            Ok(value) => (value, None),
            Err(error) => (Value::Null, Some(format!("{}: the front matter is not valid YAML: {error}", path.display()))),
        },
    })
}

/// The YAML between a leading `---` line and the next `---` line, and the text after it.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return (None, text);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return (Some(&rest[..offset]), &rest[offset + line.len()..]);
        }
        offset += line.len();
    }
    (None, text)
}

fn text_field(front_matter: &Value, key: &str) -> Option<String> {
    front_matter.get(key).and_then(Value::as_str).map(str::to_string)
}

fn relative(home: &Home, path: &Path) -> String {
    path.strip_prefix(home.root()).unwrap_or(path).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_from_the_body() {
        let (yaml, body) = split_front_matter("---\nkind: x\n---\n\n# Title\n");
        assert_eq!((yaml, body), (Some("kind: x\n"), "\n# Title\n"));
        let (yaml, body) = split_front_matter("# No front matter\n");
        assert_eq!((yaml, body), (None, "# No front matter\n"));
        let (yaml, body) = split_front_matter("---\nnever closed\n");
        assert_eq!((yaml, body), (None, "---\nnever closed\n"));
    }

    #[test]
    fn skills_are_read_from_the_home() {
        let dir = tempfile::tempdir().expect("temp dir");
        crate::home::init(dir.path(), "acme").expect("init a home");
        let home = Home::open(dir.path()).expect("open the home");
        let broken = home.layout.skills_dir().join("broken");
        std::fs::create_dir_all(&broken).expect("make a skill folder");
        std::fs::write(broken.join("SKILL.md"), "---\nname: [unclosed\n---\n# Broken\n").expect("write a skill");
        let bare = home.layout.skills_dir().join("bare");
        std::fs::create_dir_all(&bare).expect("make a skill folder");
        std::fs::write(bare.join("SKILL.md"), "# No front matter\n").expect("write a skill");

        let mut settings = insta::Settings::clone_current();
        settings.add_filter(&regex_escape(&dir.path().display().to_string()), "[HOME]");
        settings.bind(|| insta::assert_json_snapshot!("skills", skills(&home)));
    }

    fn regex_escape(text: &str) -> String {
        text.chars().map(|c| if c.is_ascii_alphanumeric() || c == '/' { c.to_string() } else { format!("\\{c}") }).collect()
    }
}
