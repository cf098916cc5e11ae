//! What a route's handler answers with, when its code says it whole: every successful answer
//! is a literal body whose keys can all be named (Flask's `return jsonify({...})` and
//! FastAPI's `return {...}`, Express's `res.json({...})` and `res.status(201).send({...})`,
//! Go's `json.NewEncoder(w).Encode(map[string]any{...})` or a struct literal of a tagged
//! type). One answer that is anything else (a variable, a spread, a template) and the route's
//! answer is unknown; answers with an error status (`, 404`, `res.status(404)`) do not count.
//! The handler is the function after a decorator, the function a registration is given, or
//! one the file defines under the name it is given.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::bodies::{body_keys, Naming};
use super::calls::{arguments, enclosed, enclosed_within, split_top_level, word_offsets};

/// The keys of the body the route declared at `offset` answers with, when all its successful
/// answers are literal bodies.
pub(super) fn answered_keys(extension: &str, text: &str, offset: usize) -> Option<Vec<String>> {
    let handler = match extension {
        "py" => python_handler(text, offset)?,
        "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx" | "go" => registered_handler(extension, text, offset)?,
        _ => return None,
    };
    let answers = match extension {
        "py" => python_answers(handler),
        "go" => go_answers(handler),
        _ => express_answers(handler),
    };
    let mut keys: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut any = false;
    for answer in answers {
        match answer {
            Answer::Failure => {}
            Answer::Unknown => return None,
            Answer::Body(body) => {
                let found = body_keys(body, extension, text, Naming::Declared)?;
                any = true;
                keys.extend(found.into_iter().filter(|key| seen.insert(key.clone())));
            }
        }
    }
    any.then_some(keys)
}

/// One way a handler answers.
enum Answer<'a> {
    /// A successful answer with this body expression.
    Body(&'a str),
    /// An answer with an error status.
    Failure,
    /// Anything else.
    Unknown,
}

/// The body of the Python function defined after the decorator at `offset`.
fn python_handler(text: &str, offset: usize) -> Option<&str> {
    static DEF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^([ \t]*)(?:async[ \t]+)?def[ \t]+\w+").expect("a valid regex"));
    let found = DEF.captures(&text[offset..])?;
    let indent = found.get(1)?.as_str().len();
    let body_start = offset + found.get(0)?.end();
    let body_start = text[body_start..].find('\n').map_or(text.len(), |at| body_start + at + 1);
    let mut end = body_start;
    let mut at = body_start;
    for line in text[body_start..].split('\n') {
        if !line.trim().is_empty() {
            if line.len() - line.trim_start().len() <= indent {
                break;
            }
            end = at + line.len();
        }
        at += line.len() + 1;
    }
    Some(&text[body_start..end.min(text.len())])
}

/// `return jsonify({...})`, `return {...}, 201`, `return jsonify(id=i, name=n)`.
fn python_answers(handler: &str) -> Vec<Answer<'_>> {
    let mut answers = Vec::new();
    for (at, _) in handler.match_indices("return") {
        let before_ok = handler[..at].chars().next_back().is_none_or(char::is_whitespace);
        let rest = &handler[at + "return".len()..];
        if !before_ok || !rest.starts_with([' ', '\t', '\n']) {
            continue;
        }
        let statement = statement_text(rest.trim_start());
        let parts = split_top_level(statement);
        let status_ok = parts.get(1).is_none_or(|status| status.trim().starts_with('2'));
        let value = parts.first().copied().unwrap_or("").trim();
        let value = ["make_response(", "jsonify("].iter().fold(value, |value, wrapper| match value.strip_prefix(wrapper) {
            Some(_) => enclosed(value, wrapper.len() - 1).map_or(value, |(inner, _)| inner.trim()),
            None => value,
        });
        // `make_response(jsonify(x), 201)`: the status given to the wrapper.
        let (value, status_ok) = match split_top_level(value).as_slice() {
            [inner, status] if !value.starts_with('{') => (inner.trim_start_matches("jsonify(").trim_end_matches(')'), status_ok && status.trim().starts_with('2')),
            _ => (value, status_ok),
        };
        answers.push(if !status_ok {
            Answer::Failure
        } else if value.starts_with('{') {
            Answer::Body(value)
        } else {
            Answer::Unknown
        });
    }
    answers
}

/// The handler a registration at `offset` (`app.get("/x", handler)`, `r.HandleFunc("/x",
/// func(w, r) {...})`) is given: an inline function's text, or the function the file defines
/// under that name.
fn registered_handler<'a>(extension: &str, text: &'a str, offset: usize) -> Option<&'a str> {
    let open = offset + text[offset..].find('(')?;
    let (arguments, _) = arguments(text, open)?;
    let handler = arguments.last()?.trim();
    if handler.contains('{') {
        return Some(handler);
    }
    let name = handler.rsplit('.').next()?.trim_end_matches(')');
    if !name.chars().all(|character| character.is_alphanumeric() || character == '_') || name.is_empty() {
        return None;
    }
    // Go's `func name(` or `func (s *server) name(`; JavaScript's `function name(` or
    // `name = (req, res) =>`, `name = async function (`.
    let definition = word_offsets(text, name).find_map(|at| {
        let after = text[at + name.len()..].trim_start();
        let line_start = text[..at].rfind('\n').map_or(0, |start| start + 1);
        let declared = match extension {
            "go" => text[line_start..at].trim_start().starts_with("func ") && after.starts_with('('),
            _ => {
                let assigned = after.strip_prefix('=').filter(|value| !value.starts_with(['=', '>'])).map(|value| value.trim_start().trim_start_matches("async").trim_start());
                (text[..at].trim_end().ends_with("function") && after.starts_with('('))
                    || assigned.is_some_and(|value| value.starts_with("function") || value.starts_with('(') || value.split("=>").next().is_some_and(|head| head.trim().chars().all(|character| character.is_alphanumeric() || character == '_') && value.contains("=>")))
            }
        };
        declared.then_some(at + name.len())
    })?;
    let open = definition + text[definition..].find('{')?;
    enclosed_within(text, open, 40_000).map(|(body, _)| body)
}

/// `res.json({...})`, `res.status(201).send({...})`, `reply.send({...})`, `return {...}`.
fn express_answers(handler: &str) -> Vec<Answer<'_>> {
    static ANSWER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:res|response|reply)\s*(?:\.\s*status\s*\(\s*(\d+)\s*\))?\s*\.\s*(?:json|send)\s*\(|\breturn\s+\{").expect("a valid regex"));
    let mut answers = Vec::new();
    for captures in ANSWER.captures_iter(handler) {
        let Some(whole) = captures.get(0) else { continue };
        if captures.get(1).is_some_and(|status| !status.as_str().starts_with('2')) {
            answers.push(Answer::Failure);
            continue;
        }
        let value = if whole.as_str().ends_with('{') {
            enclosed(handler, whole.end() - 1).map(|(_, end)| &handler[whole.end() - 1..end])
        } else {
            arguments(handler, whole.end() - 1).and_then(|(arguments, _)| arguments.first().copied())
        };
        answers.push(match value {
            Some(value) if value.starts_with('{') => Answer::Body(value),
            _ => Answer::Unknown,
        });
    }
    answers
}

/// `json.NewEncoder(w).Encode(x)`, after a `w.WriteHeader(404)` or not.
fn go_answers(handler: &str) -> Vec<Answer<'_>> {
    let mut answers = Vec::new();
    for (at, _) in handler.match_indices(".Encode(") {
        let failed = handler[..at].rsplit("WriteHeader(").next().filter(|_| handler[..at].contains("WriteHeader(")).is_some_and(|status| {
            let status = status.trim_start();
            !(status.starts_with('2') || status.starts_with("http.StatusOK") || status.starts_with("http.StatusCreated"))
        });
        let value = arguments(handler, at + ".Encode".len()).and_then(|(arguments, _)| arguments.first().copied());
        answers.push(match value {
            _ if failed => Answer::Failure,
            Some(value) => Answer::Body(value),
            None => Answer::Unknown,
        });
    }
    answers
}

/// The text of a statement starting `text`: to the first line end its brackets leave closed.
fn statement_text(text: &str) -> &str {
    let mut depth = 0i32;
    for (index, byte) in text.bytes().enumerate() {
        match byte {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b'\n' if depth <= 0 => return text[..index].trim_end(),
            _ => {}
        }
    }
    text.trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(extension: &str, text: &str, marker: &str) -> Option<Vec<String>> {
        answered_keys(extension, text, text.find(marker).expect("marker in text"))
    }

    #[test]
    fn literal_answers_of_route_handlers() {
        let flask = "@app.get(\"/shipments/<id>\")\ndef get_shipment(id):\n    s = db.get(id)\n    if s is None:\n        return jsonify({\"error\": \"gone\"}), 404\n    return jsonify({\"id\": s.id, \"status\": s.status})\n\n@app.post(\"/shipments\")\ndef create():\n    return jsonify(to_dict(s)), 201\n";
        assert_eq!(answered("py", flask, "@app.get"), Some(vec!["id".to_string(), "status".to_string()]));
        assert_eq!(answered("py", flask, "@app.post"), None, "a body that is not a literal");
        let express = "router.get('/orders/:id', async (req, res) => {\n  if (!o) return res.status(404).json({ error: 'x' });\n  res.json({ id: o.id, total: o.total });\n});\nrouter.post('/orders', create);\nfunction create(req, res) {\n  res.status(201).send({ ...req.body });\n}\n";
        assert_eq!(answered("js", express, "router.get"), Some(vec!["id".to_string(), "total".to_string()]));
        assert_eq!(answered("js", express, "router.post"), None, "a spread");
        let go = "type order struct {\n\tID string `json:\"id\"`\n}\n\nfunc main() {\n\thttp.HandleFunc(\"/orders\", list)\n}\n\nfunc list(w http.ResponseWriter, r *http.Request) {\n\tjson.NewEncoder(w).Encode(order{ID: \"1\"})\n}\n";
        assert_eq!(answered("go", go, "http.HandleFunc"), Some(vec!["id".to_string()]));
    }
}
