//! Python topics a module's function takes from callers in other modules: JFKTBonny's
//! polyglot-microservices order service declares `async def publish(topic: str, key: str,
//! payload: dict)` in `order-service/events/producer.py`, whose `producer.send_and_wait(topic,
//! ..)` publishes what its callers pass, and calls it from `routes/orders.py` as `await
//! publish(topic="order.created", ..)` after `from events.producer import publish`.
//!
//! The declaring file names such a channel `param:<module>.<function>#<position>=<name>`
//! ([`parameter_channel`]), for a function at the module's top level whose parameter the
//! publishing call passes straight on and no call of its own file fills; every Python file
//! records what its calls of an imported module's functions pass that names a channel
//! ([`facts`]): `#<position>` for a positional argument, `#=<name>` for a keyword one, with the
//! module as imported ([`MODULE`]: `events.producer`, `.producer`). Resolution
//! (`resolve::constants`) pairs the two within a repo: a relative module is read from the
//! importing file's folder, another from the nearest folder above it that holds it (the
//! service's root).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::calls::{Lines, arguments, string_literal};
use super::channel_constants::names_a_channel;
use super::config_names::file_constants;
use super::messaging::names_of;
use super::passed_channels::{CHANNEL_ARGUMENT, PARAMETER_PREFIX, PASSES_CHANNEL};
use crate::model::{FileFacts, Method};

/// The prop of a [`PASSES_CHANNEL`] edge holding the Python module a call's function is
/// imported from, dotted as the import writes it (`events.producer`, `..events.producer`).
pub const MODULE: &str = "module";

/// The channel a Python send's `argument` (met at `at`) names when it is a parameter of a
/// function at the top of the module that no call of the file fills:
/// `param:<module>.<function>#<position>=<name>`, the module the file's stem.
pub(super) fn parameter_channel(path: &str, text: &str, at: usize, argument: &str) -> Option<String> {
    static DEF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(").expect("a valid regex"));
    if !path.ends_with(".py") {
        return None;
    }
    let argument = argument.trim();
    let found = DEF.captures_iter(&text[..at]).last()?;
    let (whole, name) = (found.get(0)?, found.get(1)?);
    // The body runs on while its lines are indented.
    let body_start = text[whole.end()..].find('\n').map(|end| whole.end() + end)?;
    if text[body_start..at].lines().skip(1).any(|line| !line.trim().is_empty() && !line.starts_with([' ', '\t']) && !line.trim_start().starts_with('#')) {
        return None;
    }
    let (parameters, _) = arguments(text, whole.end() - 1)?;
    let names: Vec<&str> = parameters.iter().map(|parameter| parameter.split([':', '=']).next().unwrap_or(parameter).trim()).collect();
    let index = names.iter().position(|parameter| *parameter == argument)?;
    let called = Regex::new(&format!(r"\b{}\s*\(", regex::escape(name.as_str()))).ok()?.find_iter(text).any(|call| call.start() != name.start());
    let stem = path.rsplit('/').next()?.strip_suffix(".py")?;
    (!called).then(|| format!("{PARAMETER_PREFIX}{stem}.{}#{index}={argument}", name.as_str()))
}

/// [`PASSES_CHANNEL`] edges for the channel names a Python file's calls of imported modules'
/// functions pass: `publish(topic="order.created", ..)` after `from events.producer import
/// publish`, `p.publish("orders", ..)` after `import events.producer as p`: an argument named
/// like a channel or a literal handed to a function named for a messaging role.
pub(super) fn facts(facts: &mut FileFacts, extension: &str, text: &str, lines: &Lines<'_>) {
    static FROM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*from\s+(\.*[\w.]*)\s+import\s+\(?([\w ,\t]+)\)?").expect("a valid regex"));
    static IMPORT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*import\s+([\w.]+)\s+as\s+(\w+)\s*$").expect("a valid regex"));
    static CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:\b(\w+)\.)?\b([A-Za-z_]\w*)\s*\(").expect("a valid regex"));
    static MESSAGING_ROLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)produc|consum|publish|subscri|send|emit|topic|queue|kafka").expect("a valid regex"));
    if extension != "py" || !text.contains("import") {
        return;
    }
    // The names a function is called by (`publish`, `p.publish`), each with its module.
    let mut functions: Vec<(&str, String)> = Vec::new();
    let mut modules: Vec<(&str, String)> = Vec::new();
    for import in FROM.captures_iter(text) {
        let (Some(module), Some(names)) = (import.get(1), import.get(2)) else { continue };
        for entry in names.as_str().split(',') {
            let mut words = entry.split_whitespace();
            let Some(name) = words.next() else { continue };
            let local = match (words.next(), words.next()) {
                (Some("as"), Some(local)) => local,
                _ => name,
            };
            let separator = if module.as_str().ends_with('.') { "" } else { "." };
            functions.push((local, format!("{}:{name}", module.as_str())));
            modules.push((local, format!("{}{separator}{name}", module.as_str())));
        }
    }
    for import in IMPORT.captures_iter(text) {
        let (Some(module), Some(local)) = (import.get(1), import.get(2)) else { continue };
        modules.push((local.as_str(), module.as_str().to_string()));
    }
    if functions.is_empty() && modules.is_empty() {
        return;
    }
    let constants = file_constants(text);
    for call in CALL.captures_iter(text) {
        let (Some(whole), Some(function)) = (call.get(0), call.get(2)) else { continue };
        let (module, function) = match call.get(1) {
            Some(receiver) => match modules.iter().find(|(local, _)| *local == receiver.as_str()) {
                Some((_, module)) => (module.clone(), function.as_str()),
                None => continue,
            },
            None => match functions.iter().find(|(local, _)| *local == function.as_str()).and_then(|(_, imported)| imported.split_once(':')) {
                Some((module, name)) => (module.to_string(), name),
                None => continue,
            },
        };
        if lines.is_comment(whole.start()) || text[..whole.start()].ends_with("def ") {
            continue;
        }
        let Some(stem) = module.rsplit('.').next().filter(|stem| !stem.is_empty()) else { continue };
        let Some((passed, _)) = arguments(text, whole.end() - 1) else { continue };
        let messaging_role = MESSAGING_ROLE.is_match(function);
        for (index, argument) in passed.into_iter().enumerate() {
            let (position, value) = match argument.split_once('=').filter(|(name, value)| name.trim().chars().all(|character| character.is_alphanumeric() || character == '_') && !value.starts_with('=')) {
                Some((name, value)) => (format!("={}", name.trim()), value.trim()),
                None => (index.to_string(), argument),
            };
            if !(names_a_channel(&position) || names_a_channel(value) || (messaging_role && string_literal(value).is_some())) {
                continue;
            }
            for name in names_of(value, &constants) {
                let to = format!("{CHANNEL_ARGUMENT}{stem}.{function}#{position}");
                facts.edge("self", &to, PASSES_CHANNEL, json!({"value": name, MODULE: module}), &format!("L{}", lines.number(whole.start())), Method::Parsed);
            }
        }
    }
}

/// The folders a module imported as `module` from a file in `directory` may be in, nearest
/// first: a relative module's from the file's folder (one dot) or above it (more), another's
/// from `directory` or any folder above it.
pub(crate) fn module_folders(directory: &str, module: &str) -> Vec<String> {
    let dots = module.len() - module.trim_start_matches('.').len();
    let segments: Vec<&str> = module.trim_start_matches('.').split('.').collect();
    let folder = segments[..segments.len().saturating_sub(1)].join("/");
    let join = |base: &str| match (base, folder.as_str()) {
        ("", folder) => folder.to_string(),
        (base, "") => base.to_string(),
        (base, folder) => format!("{base}/{folder}"),
    };
    let mut bases: Vec<&str> = vec![directory];
    let mut base = directory;
    while !base.is_empty() {
        base = crate::readers::parent_dir(base);
        bases.push(base);
    }
    match dots {
        0 => bases.into_iter().map(join).collect(),
        dots => bases.get(dots - 1).map(|base| join(base)).into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_is_read_from_the_importers_folder_or_above() {
        assert_eq!(module_folders("order-service/routes", "events.producer"), ["order-service/routes/events", "order-service/events", "events"]);
        assert_eq!(module_folders("order-service/events", ".producer"), ["order-service/events"]);
        assert_eq!(module_folders("order-service/routes", "..events.producer"), ["order-service/events"]);
    }
}
