//! The settings that can make a checked-out file differ from its blob: git config (line-ending
//! conversion, a work tree elsewhere) and attributes (filters, `text`, `eol`, `ident`,
//! `working-tree-encoding`). Both are read conservatively: more files than git would read
//! (every include, whatever its condition; system and global files wherever they may be), and
//! any doubt counts as a conversion.

use std::path::{Path, PathBuf};

/// Attributes whose set or valued forms change what a checkout writes (`crlf` is the old
/// name of `text`). Their unset (`-text`) and unspecified (`!text`) forms change nothing.
const CONVERTING_ATTRIBUTES: [&str; 6] = ["text", "eol", "crlf", "filter", "ident", "working-tree-encoding"];
/// Includes followed inside one another (git's own limit).
const MAX_INCLUDE_DEPTH: usize = 10;

/// Why a repository's checkout may not match its blobs, for the debug log; `None` when
/// nothing in its config could convert.
pub(crate) fn config_conversion(git_dir: &Path, common_dir: &Path, work_tree: &Path) -> Option<String> {
    for variable in ["GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_ATTR_SOURCE"] {
        if std::env::var_os(variable).is_some() {
            return Some(format!("{variable} is set in the environment"));
        }
    }
    let mut files = system_and_global_configs();
    files.push(common_dir.join("config"));
    files.push(git_dir.join("config.worktree"));
    let mut seen = Vec::new();
    for file in files {
        if let Some(reason) = check_config_file(&file, git_dir, work_tree, 0, &mut seen) {
            return Some(reason);
        }
    }
    None
}

/// Attribute files outside the repository's trees: system, global (`core.attributesFile`
/// where set, the XDG default besides) and `info/attributes`. Missing ones are left out by
/// the reader.
pub(crate) fn attribute_files(git_dir: &Path, common_dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from("/etc/gitattributes"), PathBuf::from("/usr/local/etc/gitattributes")];
    if let Some(config_home) = xdg_config_home() {
        files.push(config_home.join("git/attributes"));
    }
    files.push(git_dir.join("info/attributes"));
    files.push(common_dir.join("info/attributes"));
    files
}

/// Whether an attributes file's text sets an attribute that converts on checkout. Patterns
/// are not matched: a converting attribute set for any path counts (a quoted pattern split
/// at its spaces only makes this more cautious).
pub(crate) fn attributes_convert(text: &[u8]) -> bool {
    let text = String::from_utf8_lossy(text);
    text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')).any(|line| {
        line.split_whitespace().skip(1).any(|state| {
            if state.starts_with('-') || state.starts_with('!') {
                return false;
            }
            let name = state.split_once('=').map_or(state, |(name, _)| name);
            CONVERTING_ATTRIBUTES.iter().any(|converting| converting.eq_ignore_ascii_case(name))
        })
    })
}

/// Every place a system or global config may be, whether or not git would read it now (the
/// checkout may have been made with another environment).
fn system_and_global_configs() -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from("/etc/gitconfig"), PathBuf::from("/usr/local/etc/gitconfig")];
    for variable in ["GIT_CONFIG_SYSTEM", "GIT_CONFIG_GLOBAL", "GIT_CONFIG"] {
        if let Some(path) = std::env::var_os(variable) {
            files.push(PathBuf::from(path));
        }
    }
    if let Some(home) = std::env::var_os("HOME") {
        files.push(PathBuf::from(home).join(".gitconfig"));
    }
    if let Some(config_home) = xdg_config_home() {
        files.push(config_home.join("git/config"));
    }
    files
}

fn xdg_config_home() -> Option<PathBuf> {
    match std::env::var_os("XDG_CONFIG_HOME").filter(|value| !value.is_empty()) {
        Some(path) => Some(PathBuf::from(path)),
        None => std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")),
    }
}

/// Checks one config file and what it includes; a missing file is fine (git skips it too).
fn check_config_file(file: &Path, git_dir: &Path, work_tree: &Path, depth: usize, seen: &mut Vec<PathBuf>) -> Option<String> {
    if depth > MAX_INCLUDE_DEPTH {
        return Some(format!("config includes nest deeper than {MAX_INCLUDE_DEPTH} at {}", file.display()));
    }
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
        Err(error) => return Some(format!("{} cannot be read: {error}", file.display())),
    };
    if seen.iter().any(|known| known == file) {
        return None;
    }
    seen.push(file.to_path_buf());
    let text = String::from_utf8_lossy(&bytes);
    for setting in config_settings(&text) {
        let value = setting.value.as_deref();
        let reason = match (setting.section.as_str(), setting.subsection.is_some(), setting.key.as_str()) {
            ("core", false, "autocrlf") if !is_false(value) => Some(format!("core.autocrlf is {} in {}", value.unwrap_or("true"), file.display())),
            ("core", false, "eol") if !value.is_some_and(|value| value.eq_ignore_ascii_case("lf") || value.eq_ignore_ascii_case("native")) => {
                Some(format!("core.eol is {} in {}", value.unwrap_or("set"), file.display()))
            }
            ("core", false, "bare") if !is_false(value) => Some(format!("core.bare is set in {}", file.display())),
            ("core", false, "worktree") if !same_directory(git_dir, value, work_tree) => Some(format!("core.worktree names another folder in {}", file.display())),
            ("core", false, "attributesfile") => match value.and_then(|value| expand_path(value, file)) {
                Some(path) => check_attributes_file(&path),
                None => Some(format!("core.attributesFile in {} names no path this reader can find", file.display())),
            },
            ("include" | "includeif", _, "path") => match value.and_then(|value| expand_path(value, file)) {
                Some(path) => check_config_file(&path, git_dir, work_tree, depth + 1, seen),
                None => Some(format!("an include in {} names no path this reader can find", file.display())),
            },
            _ => None,
        };
        if reason.is_some() {
            return reason;
        }
    }
    None
}

fn check_attributes_file(path: &Path) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) if attributes_convert(&bytes) => Some(format!("{} sets a converting attribute", path.display())),
        Ok(_) => None,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => Some(format!("{} cannot be read: {error}", path.display())),
    }
}

/// Whether a boolean config value is false (absent means true, as `[core] autocrlf` alone).
fn is_false(value: Option<&str>) -> bool {
    value.is_some_and(|value| ["false", "no", "off", "0", ""].iter().any(|word| word.eq_ignore_ascii_case(value.trim())))
}

/// Whether `core.worktree` (relative to the git directory) is the work tree being read.
fn same_directory(git_dir: &Path, value: Option<&str>, work_tree: &Path) -> bool {
    let Some(value) = value.filter(|value| !value.is_empty()) else { return false };
    match (git_dir.join(value).canonicalize(), work_tree.canonicalize()) {
        (Ok(named), Ok(work_tree)) => named == work_tree,
        _ => false,
    }
}

/// A path from a config value: `~/` is the home folder, relative paths are relative to the
/// config file's folder (as git resolves include paths).
fn expand_path(value: &str, config_file: &Path) -> Option<PathBuf> {
    if let Some(rest) = value.strip_prefix("~/") {
        return std::env::var_os("HOME").map(|home| PathBuf::from(home).join(rest));
    }
    if value.starts_with('~') || value.is_empty() {
        return None;
    }
    let path = Path::new(value);
    Some(if path.is_absolute() { path.to_path_buf() } else { config_file.parent()?.join(path) })
}

/// One `key = value` of a config file, names lowercased.
#[derive(Debug, PartialEq, Eq)]
struct Setting {
    section: String,
    subsection: Option<String>,
    key: String,
    /// `None` for a key without `=` (a boolean true).
    value: Option<String>,
}

/// The settings of a config file's text, in order. Lines this parser cannot read are skipped:
/// git would refuse the file, and then the checkout could not have used it.
fn config_settings(text: &str) -> Vec<Setting> {
    let mut settings = Vec::new();
    let (mut section, mut subsection) = (String::new(), None);
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        // A value continues on the next line after a backslash.
        let mut line = line.to_string();
        while line.ends_with('\\')
            && !line.ends_with("\\\\")
            && let Some(next) = lines.next()
        {
            line.pop();
            line.push_str(next);
        }
        let mut rest = line.trim_start();
        if let Some(header) = rest.strip_prefix('[') {
            let Some(close) = header.find(']') else { continue };
            let inside = &header[..close];
            rest = header[close + 1..].trim_start();
            match inside.split_once(char::is_whitespace) {
                Some((name, quoted)) => {
                    section = name.to_ascii_lowercase();
                    subsection = Some(quoted.trim().trim_matches('"').to_string());
                }
                None => match inside.split_once('.') {
                    Some((name, sub)) => {
                        section = name.to_ascii_lowercase();
                        subsection = Some(sub.to_ascii_lowercase());
                    }
                    None => {
                        section = inside.to_ascii_lowercase();
                        subsection = None;
                    }
                },
            }
        }
        if rest.is_empty() || rest.starts_with('#') || rest.starts_with(';') {
            continue;
        }
        let key_length = rest.find(|character: char| !(character.is_ascii_alphanumeric() || character == '-')).unwrap_or(rest.len());
        if key_length == 0 {
            continue;
        }
        let key = rest[..key_length].to_ascii_lowercase();
        let after = rest[key_length..].trim_start();
        let value = after.strip_prefix('=').map(config_value);
        settings.push(Setting { section: section.clone(), subsection: subsection.clone(), key, value });
    }
    settings
}

/// A config value: comments outside quotes dropped, quotes removed, escapes read.
fn config_value(raw: &str) -> String {
    let mut value = String::new();
    let mut quoted = false;
    let mut characters = raw.trim().chars();
    while let Some(character) = characters.next() {
        match character {
            '"' => quoted = !quoted,
            '#' | ';' if !quoted => break,
            '\\' => match characters.next() {
                Some('n') => value.push('\n'),
                Some('t') => value.push('\t'),
                Some('b') => {
                    value.pop();
                }
                Some(other) => value.push(other),
                None => {}
            },
            other => value.push(other),
        }
    }
    value.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converting_attributes_are_found_and_harmless_ones_are_not() {
        for (text, converts) in [
            ("*.png binary\n*.c diff=cpp\n", false),
            ("*.txt -text\n*.sh !eol -crlf\n# * text\n", false),
            ("* text=auto\n", true),
            ("*.bat eol=crlf\n", true),
            ("*.psd filter=lfs diff=lfs merge=lfs -text\n", true),
            ("*.c ident\n", true),
            ("*.txt working-tree-encoding=UTF-16\n", true),
            ("[attr]mine text\n", true),
            ("*.txt CRLF\n", true),
        ] {
            assert_eq!(attributes_convert(text.as_bytes()), converts, "{text:?}");
        }
    }

    #[test]
    fn config_settings_read_sections_keys_and_values_as_git_writes_them() {
        let text = "[core]\n\tautocrlf = input # comment\n\tfilemode\n[includeIf \"gitdir:~/work/\"]\n  path = \"work.inc\" ; x\n[Core.Sub]\nEOL=crlf\n[core] eol = lf\n";
        let settings: Vec<(String, Option<String>, String, Option<String>)> =
            config_settings(text).into_iter().map(|setting| (setting.section, setting.subsection, setting.key, setting.value)).collect();
        assert_eq!(
            settings,
            [
                ("core".into(), None, "autocrlf".into(), Some("input".into())),
                ("core".into(), None, "filemode".into(), None),
                ("includeif".into(), Some("gitdir:~/work/".into()), "path".into(), Some("work.inc".into())),
                ("core".into(), Some("sub".into()), "eol".into(), Some("crlf".into())),
                ("core".into(), None, "eol".into(), Some("lf".into())),
            ]
        );
        assert!(is_false(Some("False")) && is_false(Some("0")) && !is_false(None) && !is_false(Some("input")));
    }
}
