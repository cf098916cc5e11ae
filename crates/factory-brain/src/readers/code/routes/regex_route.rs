//! JavaScript routes declared with an anchored regex literal (node-httpdispatcher's
//! `dispatcher.onGet(/^\/ratings\/[0-9]*/, ..)` in Bookinfo's ratings service).

use std::sync::LazyLock;

use regex::Regex;

/// The path an anchored JavaScript regex route matches, when it is clearly one path: a
/// literal (`^\/ratings$`), or a literal ending in `/` then one segment of a class
/// (`^\/ratings\/[0-9]*`, `\d+`, `[^/]+`, `\w+`), which becomes `{id}`. `None` for anything
/// else (alternatives, groups, several holes): what such a regex serves is not one path.
pub(super) fn regex_route(regex: &str) -> Option<String> {
    let body = regex.strip_prefix('^')?;
    let mut path = String::new();
    let mut rest = body;
    loop {
        let mut characters = rest.chars();
        match characters.next() {
            Some('\\') => match characters.next() {
                Some(escaped @ ('/' | '-' | '.' | '_')) => path.push(escaped),
                _ => break,
            },
            Some(character) if character.is_ascii_alphanumeric() || matches!(character, '/' | '-' | '_') => path.push(character),
            _ => break,
        }
        rest = characters.as_str();
    }
    // `^\/ratings\/?$`: the last `/` is optional.
    if let Some(after) = rest.strip_prefix('?')
        && path.ends_with('/')
    {
        path.pop();
        rest = after;
    }
    let end = |tail: &str| {
        let tail = tail.strip_prefix("\\/?").or_else(|| tail.strip_prefix("/?")).unwrap_or(tail);
        matches!(tail, "" | "$")
    };
    if end(rest) {
        return Some(path);
    }
    static SEGMENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:\[[^\]/\\]*\]|\[\^/\]|\\d|\\w)[*+](?P<tail>.*)$").expect("a valid regex"));
    let tail = SEGMENT.captures(rest)?.name("tail")?.as_str();
    (path.ends_with('/') && end(tail)).then(|| format!("{path}{{id}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anchored_regex_route_is_a_path_only_when_clearly_one() {
        let cases = [
            (r"^\/ratings\/[0-9]*", Some("/ratings/{id}")),
            (r"^\/ratings\/[0-9]+$", Some("/ratings/{id}")),
            (r"^\/ratings\/\d+\/?$", Some("/ratings/{id}")),
            (r"^\/users\/[^/]+", Some("/users/{id}")),
            (r"^\/ratings$", Some("/ratings")),
            (r"^\/ratings\/?$", Some("/ratings")),
            (r"^\/ratings[0-9]*", None),
            (r"^\/stars\/(gold|silver)", None),
            (r"^\/a\/[0-9]+\/b\/[0-9]+", None),
            (r"\/ratings\/[0-9]*", None),
            (r"^\/files\/.*", None),
        ];
        for (regex, expected) in cases {
            assert_eq!(regex_route(regex).as_deref(), expected, "{regex}");
        }
    }
}
