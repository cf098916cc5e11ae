//! Hosts a URL takes from an env read's default: `const GATEWAY = process.env.GATEWAY ||
//! 'gateway'` then `` axios.get(`http://${GATEWAY}/songs/top`) `` calls `gateway`, as a
//! deployment that sets nothing leaves it. The hole may be a template's (`${GATEWAY}`,
//! `{GATEWAY}` in an f-string, `#{GATEWAY}`, `$GATEWAY`), a format's (`"http://%s/x" %
//! GATEWAY`, `fmt.Sprintf("http://%s/x", gateway)`, `"http://{}/x".format(GATEWAY)`) or the
//! value glued after a scheme (`"http://" + GATEWAY + "/x"`); it must be the URL's whole host
//! (`http://carts%s/x` glues a domain suffix on), or the whole base of a URL the default holds
//! (`${API}/songs` beside `API = os.getenv("API", "http://gateway")`).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::net::{host_of, names_an_inbound_address};

/// `NAME = <env read with a literal default>`, in the common languages: `process.env.K || 'd'`
/// (`??` too, and `process.env['K']`), `os.getenv("K", "d")`, `os.environ.get("K", "d")`,
/// `os.getenv("K") or "d"`, a Go helper `getEnv("K", "d")`, `System.getenv().getOrDefault("K",
/// "d")`, `Environment.GetEnvironmentVariable("K") ?? "d"`, Kotlin's `System.getenv("K") ?:
/// "d"`, Ruby's `ENV.fetch("K", "d")` and `ENV["K"] || "d"`. The name may carry a type
/// (`GATEWAY: str =`, `val gateway: String =`) or key an object's entry (`gateway:
/// process.env.GATEWAY || 'gateway'`).
static ENV_DEFAULT_ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"\b(?P<name>[A-Za-z_]\w*)["']?\s*(?::\s*[A-Za-z_][\w.<>\[\]|]*\s*)?(?::=|=|:)\s*(?:"#,
        // A lookup without a default, then an operator giving one.
        r#"(?:process\.env\.(?P<js>[A-Za-z_]\w*)|process\.env\[\s*["'](?P<js_index>[A-Za-z_]\w*)["']\s*\]"#,
        r#"|(?:os\.getenv|os\.environ\.get|os\.Getenv|System\.getenv|Environment\.GetEnvironmentVariable)\(\s*["'](?P<call>[A-Za-z_]\w*)["']\s*\)"#,
        r#"|(?:os\.environ|ENV)\[\s*["'](?P<index>[A-Za-z_]\w*)["']\s*\])"#,
        r#"\s*(?:\|\||\?\?|\?:|\bor\b)\s*["'](?P<fallback>[^"'\s]+)["']"#,
        // A call taking the name and the default: a callee naming env, or `.get`, `.fetch` or
        // `.getOrDefault` on one.
        r#"|[\w.]*(?:env|Env|ENV|environ)\w*(?:\(\))?(?:\.(?:get|fetch|getOrDefault))?\(\s*["'](?P<key>[A-Za-z_]\w*)["']\s*,\s*["'](?P<default>[^"'\s]+)["']\s*\))"#,
    ))
    .expect("a valid regex")
});

/// What a file's variables read from env with a default: by name, the env var and the default.
#[derive(Default)]
pub(super) struct EnvDefaults(BTreeMap<String, (String, String)>);

impl EnvDefaults {
    /// The variables of `text`. Only a text that builds URLs (`://`) is searched, and only its
    /// lines that read env; a variable holding an address of this service handed to others
    /// (`CALLBACK_URL`) is left out.
    pub(super) fn of(text: &str) -> Self {
        const ENV_WORDS: &[&str] = &["env", "Env", "ENV"];
        if memchr::memmem::find(text.as_bytes(), b"://").is_none() || !ENV_WORDS.iter().any(|word| text.contains(word)) {
            return EnvDefaults::default();
        }
        let mut defaults = BTreeMap::new();
        for line in text.lines().filter(|line| ENV_WORDS.iter().any(|word| line.contains(word))) {
            for captures in ENV_DEFAULT_ASSIGNMENT.captures_iter(line) {
                let key = ["js", "js_index", "call", "index", "key"].iter().find_map(|group| captures.name(group));
                let default = captures.name("fallback").or_else(|| captures.name("default"));
                if let (Some(name), Some(key), Some(default)) = (captures.name("name"), key, default)
                    && !names_an_inbound_address(key.as_str())
                {
                    defaults.entry(name.as_str().to_string()).or_insert_with(|| (key.as_str().to_string(), default.as_str().to_string()));
                }
            }
        }
        EnvDefaults(defaults)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The env var and default of the variable an expression names: `GATEWAY`, `config.gateway`,
    /// `this.gateway`, `self.GATEWAY`.
    fn of_expression(&self, expression: &str) -> Option<&(String, String)> {
        let expression = expression.trim();
        let name = expression.rsplit('.').next().unwrap_or(expression);
        let is_name = !name.is_empty() && name.chars().all(|character| character.is_ascii_alphanumeric() || character == '_');
        let is_path = expression.chars().all(|character| character.is_ascii_alphanumeric() || character == '_' || character == '.');
        (is_name && is_path).then(|| self.0.get(name)).flatten()
    }
}

/// The host a URL literal takes from an env read's default, and that env var's name.
/// `content` is the literal without its quotes, starting at `offset` in `text` (its quote).
pub(super) fn filled_host(defaults: &EnvDefaults, content: &str, text: &str, offset: usize) -> Option<(String, String)> {
    if defaults.is_empty() {
        return None;
    }
    let after = text.get(offset + content.len() + 2..).unwrap_or("");
    // `"http://" + GATEWAY + "/x"`, PHP's `"http://" . $gateway`.
    if content.ends_with("://") {
        let glued = after.trim_start().strip_prefix(['+', '.'])?.trim_start().trim_start_matches('$');
        let end = glued.find(|character: char| !(character.is_ascii_alphanumeric() || character == '_' || character == '.')).unwrap_or(glued.len());
        let (key, default) = defaults.of_expression(glued[..end].trim_end_matches('.'))?;
        return Some((host_of(default, true)?, key.clone()));
    }
    let (host_start, scheme) = match content.find("://") {
        Some(at) => (at + 3, true),
        None => (0, false),
    };
    let rest = &content[host_start..];
    let hole = leading_hole(rest)?;
    let after_hole = &rest[hole.len()..];
    let expression = match hole_name(hole) {
        Some(name) => name.to_string(),
        None => format_argument(content, host_start, text, offset + content.len() + 2, after)?,
    };
    let (key, default) = defaults.of_expression(&expression)?;
    let host = if scheme {
        // The hole is the whole host: a port, a path or nothing follows it.
        if !(after_hole.is_empty() || after_hole.starts_with([':', '/', '?', '#'])) {
            return None;
        }
        host_of(default, true)?
    } else {
        // The whole base of a URL: only a default that is a URL names its host.
        if !(after_hole.is_empty() || after_hole.starts_with('/')) || !default.contains("://") {
            return None;
        }
        host_of(default, false)?
    };
    Some((host, key.clone()))
}

/// The hole `text` starts with: `${x}`, `#{x}`, `{x}` (`{}` too), `%s`, `%v`, `$x`.
fn leading_hole(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    match bytes.first()? {
        b'$' | b'#' if bytes.get(1) == Some(&b'{') => text.find('}').map(|end| &text[..=end]),
        b'{' => text.find('}').map(|end| &text[..=end]).filter(|hole| !hole[1..].contains('{')),
        b'%' if matches!(bytes.get(1), Some(b's' | b'v')) => Some(&text[..2]),
        b'$' => {
            let end = text[1..].find(|character: char| !(character.is_ascii_alphanumeric() || character == '_')).map_or(text.len(), |at| at + 1);
            (end > 1).then(|| &text[..end])
        }
        _ => None,
    }
}

/// The expression a named hole holds (`GATEWAY` for `${GATEWAY}`, `{GATEWAY}`, `$GATEWAY`);
/// `None` for a positional one (`{}`, `{0}`, `%s`).
fn hole_name(hole: &str) -> Option<&str> {
    if hole.starts_with('%') {
        return None;
    }
    let inner = hole.trim_start_matches(['$', '#']).trim_start_matches('{').trim_end_matches('}').trim();
    // Python's `{GATEWAY!s}` and `{GATEWAY:>10}` convert or pad the value.
    let inner = inner.split(['!', ':']).next().unwrap_or(inner).trim();
    (!inner.is_empty() && !inner.bytes().all(|byte| byte.is_ascii_digit())).then_some(inner)
}

/// The argument a positional hole at `hole_at` in `content` is filled with: by its index among
/// the literal's positional holes, in `.format(..)`'s arguments, after `%` (one value or a
/// tuple), or in the arguments after the literal in the call it opens
/// (`fmt.Sprintf("http://%s/x", gateway)`, `String.format(..)`). `end` is where the literal
/// ends in `text`, and `after` the text from there.
fn format_argument(content: &str, hole_at: usize, text: &str, end: usize, after: &str) -> Option<String> {
    let index = positional_holes(&content[..hole_at]);
    let trimmed = after.trim_start();
    let arguments: Vec<&str> = if let Some(rest) = trimmed.strip_prefix(".format") {
        let open = end + (after.len() - rest.len());
        super::calls::arguments(text, open)?.0
    } else if let Some(rest) = trimmed.strip_prefix('%') {
        let rest = rest.trim_start();
        if rest.starts_with('(') {
            super::calls::arguments(text, end + (after.len() - rest.len()))?.0
        } else {
            let value = rest.split(|character: char| !(character.is_ascii_alphanumeric() || character == '_' || character == '.')).next()?;
            vec![value]
        }
    } else if trimmed.starts_with(',') {
        let open = super::calls::open_call(text, end, 400)?;
        let (arguments, _) = super::calls::arguments(text, open)?;
        // The literal's own argument, then the values it is formatted with.
        let literal_at = arguments.iter().position(|argument| argument.contains(content))?;
        arguments[literal_at + 1..].to_vec()
    } else {
        return None;
    };
    // A keyword argument (`.format(host=GATEWAY)`) is no positional one.
    arguments.into_iter().filter(|argument| !argument.contains('=')).nth(index).map(str::to_string)
}

/// How many positional holes (`{}`, `{0}`, `%s`, `%d`, `%v`) `text` holds.
fn positional_holes(text: &str) -> usize {
    static POSITIONAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{\d*\}|%[-+ #0-9.]*[sdvfx]").expect("a valid regex"));
    POSITIONAL.find_iter(text).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(text: &str) -> Option<(String, String)> {
        let defaults = EnvDefaults::of(text);
        // The first literal of the last line.
        let last_line = text.rfind('\n').map_or(0, |at| at + 1);
        let start = last_line + text[last_line..].find(['"', '\'', '`'])?;
        let quote = &text[start..=start];
        let close = text[start + 1..].find(quote)? + start + 1;
        filled_host(&defaults, &text[start + 1..close], text, start)
    }

    #[test]
    fn a_hole_filled_by_an_env_reads_default_is_the_host() {
        let gateway = Some(("gateway".to_string(), "GATEWAY".to_string()));
        assert_eq!(host("const GATEWAY = process.env.GATEWAY || 'gateway';\naxios.get(`http://${GATEWAY}/songs/top`)"), gateway);
        assert_eq!(host("const GATEWAY = process.env.GATEWAY ?? \"gateway\";\naxios.get(`http://${GATEWAY}:8080/rcmd`)"), gateway);
        assert_eq!(host("GATEWAY = os.getenv(\"GATEWAY\", \"gateway\")\nrequests.get(f\"http://{GATEWAY}/rcmd\")"), gateway);
        assert_eq!(host("GATEWAY = os.environ.get('GATEWAY', 'gateway')\nrequests.get(\"http://%s/rcmd\" % GATEWAY)"), gateway);
        assert_eq!(host("GATEWAY = os.environ.get('GATEWAY', 'gateway')\nrequests.get(\"http://%s:%d/rcmd\" % (GATEWAY, 80))"), gateway);
        assert_eq!(host("String gateway = System.getenv().getOrDefault(\"GATEWAY\", \"gateway\");\nrest.getForObject(String.format(\"http://%s/rcmd\", gateway), R.class);"), gateway);
        assert_eq!(host("GATEWAY = os.environ.get('GATEWAY') or 'gateway'\nrequests.get(\"http://{}/rcmd\".format(GATEWAY))"), gateway);
        assert_eq!(host("gateway := getEnv(\"GATEWAY\", \"gateway\")\nhttp.Get(fmt.Sprintf(\"http://%s/rcmd/%d\", gateway, id))"), gateway);
        assert_eq!(host("const GATEWAY = process.env.GATEWAY || 'gateway';\naxios.get('http://' + GATEWAY + '/rcmd')"), gateway);
        assert_eq!(host("const config = { gateway: process.env.GATEWAY || 'gateway' };\naxios.get(`http://${config.gateway}/rcmd`)"), gateway);
        assert_eq!(host("API = os.getenv('GATEWAY', 'http://gateway:80')\nrequests.get(f'{API}/rcmd')"), gateway);
    }

    #[test]
    fn other_holes_name_no_host() {
        // No default, a plain constant, a domain suffix glued on, a bare default as a base.
        assert_eq!(host("const GATEWAY = process.env.GATEWAY;\naxios.get(`http://${GATEWAY}/songs/top`)"), None);
        assert_eq!(host("const GATEWAY = 'gateway';\naxios.get(`http://${GATEWAY}/songs/top`)"), None);
        assert_eq!(host("const SUFFIX = process.env.SUFFIX || 'svc';\naxios.get(`http://carts${SUFFIX}/x`)"), None);
        assert_eq!(host("const DOMAIN = process.env.DOMAIN || '.svc';\naxios.get(`http://${DOMAIN}x/x`)"), None);
        assert_eq!(host("const PREFIX = process.env.PREFIX || 'api';\nfetch(`${PREFIX}/songs`)"), None);
        assert_eq!(host("const GATEWAY = process.env.GATEWAY || 'gateway';\naxios.get(`http://${other}/songs`)"), None);
        assert_eq!(host("const HOST = process.env.API_HOST || 'localhost';\naxios.get(`http://${HOST}/songs`)"), None);
        assert_eq!(host("const SELF = process.env.CALLBACK_URL || 'http://app';\nregister(`${SELF}/hook`)"), None);
    }
}
