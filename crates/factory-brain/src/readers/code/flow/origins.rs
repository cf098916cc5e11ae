//! Where a generic holder (`data`, `payload`) got its value in the scope it is read in:
//! received (`json.loads(body)`, a `.then` callback's parameter), built by the code itself (a
//! dict or object literal, data it reads from a local file such as its config) or a parameter
//! of its function (with the type it is declared with, when it names one of the code's own).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::dispatch;
use super::statements::{python_body_end, scope_end, statement, statement_end};
use super::{element_type, head, Bindings, Head, Syntax};
use crate::model::Binding;
use crate::readers::code::calls::{enclosed_within, last_assignment, open_call, split_top_level, word_offsets, Lines};

/// Words of a right-hand side that take in data received from elsewhere.
const RECEIVED: &[&str] = &[
    "json.loads(", "json.load(", "JSON.parse(", ".json()", "Deserialize", "readValue(", "fromJson(", "Unmarshal(", ".value", ".data", ".body", ".Body",
    "decode(", "loads(", ".payload", ".getPayload(", "parse_raw(", "model_validate_json(",
];

/// The request a handler of the code's own was sent, as its web framework hands it over:
/// Flask's `request.get_json()`, `request.json`, `request.form`, `request.args`; Django's
/// `request.body`, `request.POST`; Starlette's `await request.json()`; Express's `req.body`,
/// `req.query`. What a caller sends the component is its input, like a parameter, not data a
/// provider answered with (merchant-py of the planted-mismatch evaluation of 2026-12-07, org H:
/// `body = request.get_json()` then `body["amount"]` in a Flask view).
static INBOUND_REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\brequest\s*\.\s*(?:get_json\s*\(|json\b|form\b|args\b|values\b|get_data\s*\(|data\b|body\b|POST\b|GET\b|query_params\b|path_params\b)|\breq\s*\.\s*(?:body|query|params)\b").expect("a valid regex")
});

/// Reads of a local file: what comes of them is the code's own data (its config), not data
/// another service sent.
static FILE_READ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\w.])open\s*\(|os\.Open(?:File)?\s*\(|ReadFile\s*\(|readFileSync\s*\(|readFile\s*\(|File\.Read|Files\.read|Files\.newBufferedReader|FileReader\s*\(|FileInputStream\s*\(|File\.OpenRead|StreamReader\s*\(").expect("a valid regex")
});
/// A name the code gives a value (not a call, a package or a member).
static VARIABLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Za-z_]\w*").expect("a valid regex"));
/// Go's decoding into a variable: `json.Unmarshal(src, &x)`, `json.NewDecoder(src).Decode(&x)`.
static DECODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"Unmarshal\s*\((?P<source>[^,\n]+),\s*&(?P<target>\w+)\s*\)|NewDecoder\s*\((?P<reader>[^\n]*?)\)\s*\.\s*Decode\s*\(\s*&(?P<decoded>\w+)\s*\)").expect("a valid regex"));

/// Whether `value`, an expression before `before`, comes of a local file: it reads one, or a
/// variable it takes in was given what came of one (`ioutil.ReadAll(f)` after `f, _ :=
/// os.Open("config.json")`; `json.load(f)` in `with open(path) as f`; `json.loads(f.read())`), a
/// few assignments back.
fn from_file(masked: &str, value: &str, before: usize) -> bool {
    // At most this many variables are followed, however many a line takes in.
    let mut budget = 8;
    traced_to_file(masked, value, before, 0, &mut budget)
}

/// Receivers of calls whose results are the code's own or a vendor's, never a provider's of
/// the org: its data stores and caches, and third-party SDKs.
const OWN_OR_VENDOR: &[&str] = &[
    "slack", "stripe", "twilio", "sendgrid", "mailgun", "s3", "sqs", "sns", "dynamo", "dynamodb", "redis", "cache", "db", "prisma", "knex", "mongoose",
    "pool", "cursor", "octokit", "openai", "anthropic",
];

/// Whether `value` is the result of a call on such a receiver (`await slack.chat.postMessage(..)`,
/// `db.query(..)`).
fn from_own_store_or_vendor(value: &str) -> bool {
    let call = value.trim_start_matches("await ").trim_start_matches("yield ").trim_start();
    let receiver = call.split(['.', '(']).next().unwrap_or("");
    call[receiver.len()..].starts_with('.') && OWN_OR_VENDOR.contains(&receiver.to_ascii_lowercase().as_str())
}

/// Calls that turn what they are given into data (parsers, decoders, readers): only through
/// them is a variable traced back.
const TAKES_IN: &[&str] = &["load", "Load", "parse", "Parse", "Unmarshal", "Decode", "decode", "ReadAll", "read", "Read", "Deserialize", "readValue", "fromJson", "[]byte(", "string("];

/// Words that are no variable.
const KEYWORDS: &[&str] = &["await", "new", "return", "typeof", "yield", "const", "let", "var", "self", "this", "nil", "null", "None", "true", "false", "True", "False", "err", "_"];

fn traced_to_file(masked: &str, value: &str, before: usize, depth: usize, budget: &mut usize) -> bool {
    if FILE_READ.is_match(value) {
        return true;
    }
    if depth >= 3 || !TAKES_IN.iter().any(|word| value.contains(word)) {
        return false;
    }
    let taken_in = VARIABLE.find_iter(value).filter(|word| !KEYWORDS.contains(&word.as_str())).filter(|word| {
        let after = value[word.end()..].trim_start();
        // A package (`json.`) has no assignment to find; a call or a member is no variable.
        !after.starts_with('(') && !value[..word.start()].ends_with('.') && !word.as_str().starts_with(|character: char| character.is_ascii_digit())
    });
    for variable in taken_in {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let window_start = before.saturating_sub(6_000);
        let window = &masked[window_start..before];
        // `name = value`, or Python's `with open(path) as name`.
        let assigned = last_assignment(window, variable.as_str()).map(|(at, _)| at);
        let bound_by_with = word_offsets(window, variable.as_str()).filter(|&at| window[..at].trim_end().ends_with(" as")).last();
        let Some(found) = assigned.max(bound_by_with) else { continue };
        let line_start = masked[..window_start + found].rfind('\n').map_or(0, |at| at + 1);
        let line_end = masked[window_start + found..].find('\n').map_or(masked.len(), |at| window_start + found + at);
        if traced_to_file(masked, &masked[line_start..line_end], line_start, depth + 1, budget) {
            return true;
        }
    }
    false
}

/// The generic holders' assignments (received or built) and parameters.
pub(super) fn bind_generic(masked: &str, lines: &Lines<'_>, syntax: Syntax, generic: &BTreeSet<&str>, found: &mut Bindings) {
    // The lines where a generic holder stands before the line's first `=`: only they may
    // assign one, and only they are parsed.
    let mut candidates: BTreeSet<usize> = BTreeSet::new();
    for name in generic {
        for at in word_offsets(masked, name) {
            let line_start = masked[..at].rfind('\n').map_or(0, |found| found + 1);
            let line_end = masked[at..].find('\n').map_or(masked.len(), |found| at + found);
            if masked[line_start..line_end].find('=').is_some_and(|equals| line_start + equals > at) {
                candidates.insert(line_start);
            }
        }
    }
    for here in candidates {
        let line = masked[here..].split('\n').next().unwrap_or("");
        let Some(Head::Variable { name, .. }) = head(line) else { continue };
        if !generic.contains(name) {
            continue;
        }
        let (start, end) = statement(masked, here + line.len() - line.trim_start().len(), syntax);
        let text = &masked[start..end];
        let Some(equals) = text.find('=') else { continue };
        let value = text[equals + 1..].trim_start_matches(['=', ' ', '\t']).trim();
        let built = ["{", "[", "dict(", "new ", "map[", "make(", "Map.of("].iter().any(|start| value.starts_with(start));
        let binding = if built || from_file(masked, value, start) || from_own_store_or_vendor(value) {
            Binding::Built
        } else if INBOUND_REQUEST.is_match(value) {
            Binding::Parameter
        } else if RECEIVED.iter().any(|word| value.contains(word)) {
            Binding::Received
        } else {
            continue;
        };
        let first = lines.number(start);
        found.bind(name, (first, lines.number(scope_end(masked, start, syntax))), binding);
    }
    // Go decodes into a variable it declared before: what it decodes says what it holds.
    for captures in DECODE.captures_iter(masked) {
        let (Some(whole), Some(target), Some(source)) = (captures.get(0), captures.name("target").or_else(|| captures.name("decoded")), captures.name("source").or_else(|| captures.name("reader"))) else { continue };
        let Some(holder) = generic.iter().find(|holder| **holder == target.as_str()) else { continue };
        let binding = if from_file(masked, source.as_str(), whole.start()) { Binding::Built } else { Binding::Received };
        let (start, _) = statement(masked, whole.start(), syntax);
        found.bind(holder, (lines.number(start), lines.number(scope_end(masked, start, syntax))), binding);
    }
    for (holder, first, last, binding, declared) in parameters(masked, lines, syntax, generic) {
        found.intervals.push((holder.to_string(), first, last, binding, declared));
    }
    if syntax == Syntax::Braces && masked.contains('@') {
        decorated_inputs(masked, lines, generic, found);
    }
}

/// A route handler's own input, named by the framework's decorator on a method's parameter:
/// NestJS's `@Body() body: CheckoutBody`, `@Query()`, `@Param()`, Spring's `@RequestBody
/// CheckoutBody body`, `@RequestParam`: what the caller sent, over the method's block, whatever
/// provider's schema the holder is named like (storefront-bff of the eighth planted-mismatch
/// evaluation's org P reads `body.allowPartial` of its checkout body, not of orders-api).
fn decorated_inputs(masked: &str, lines: &Lines<'_>, generic: &BTreeSet<&str>, found: &mut Bindings) {
    static DECORATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"@(?:Body|Query|Param|Headers|RequestBody|RequestParam|ModelAttribute|Valid)\b\s*(?:\([^()]*\))?\s*(?:@\w+(?:\([^()]*\))?\s*)*(?:final\s+)?(?:(?P<java_type>[A-Z][\w.<>\[\]]*)\s+)?(?P<name>[a-z_$][\w$]*)\s*(?::\s*(?P<ts_type>[\w.<>\[\]]+))?\s*[,)=]").expect("a valid regex")
    });
    for captures in DECORATED.captures_iter(masked) {
        let (Some(whole), Some(name)) = (captures.get(0), captures.name("name")) else { continue };
        let Some(holder) = generic.iter().find(|holder| **holder == name.as_str()) else { continue };
        // The method's block: the first `{` after its parameter list.
        let Some(open) = masked[whole.end()..].find('{').map(|at| whole.end() + at) else { continue };
        let last = enclosed_within(masked, open, 400_000).map_or(lines.number(masked.len()), |(_, end)| lines.number(end));
        let declared = captures.name("ts_type").or_else(|| captures.name("java_type")).map(|declared| declared.as_str()).and_then(element_type).map(crate::readers::code::shapes::holder_of);
        found.intervals.push((holder.to_string(), lines.number(whole.start()), last, Binding::Parameter, declared));
    }
}

/// The names destructured from the request a handler of the code's own was sent (portal-ts of
/// the seventh planted-mismatch evaluation's org L: `const { orderId, address } = req.body;` in a
/// Fastify route, then `address.postcode`): the handler's input, like a parameter, whatever
/// schema of a provider they are named like.
pub(super) fn bind_inbound_destructured(masked: &str, lines: &Lines<'_>, syntax: Syntax, found: &mut Bindings) {
    static DESTRUCTURED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^[ \t]*(?:const|let|var)\s*\{(?P<names>[^{}]*)\}\s*(?::[^=\n]+)?=\s*(?P<value>[\w.]+)\s*;?[ \t]*$").expect("a valid regex"));
    for captures in DESTRUCTURED.captures_iter(masked) {
        let (Some(whole), Some(names), Some(value)) = (captures.get(0), captures.name("names"), captures.name("value")) else { continue };
        if INBOUND_REQUEST.find(value.as_str()).is_none_or(|request| request.end() != value.as_str().len()) {
            continue;
        }
        let start = whole.start() + (whole.as_str().len() - whole.as_str().trim_start().len());
        let span = (lines.number(start), lines.number(scope_end(masked, start, syntax)));
        for name in split_top_level(names.as_str()) {
            // `address: shipTo = {}` binds `shipTo`.
            let local = name.split_once(':').map_or(name, |(_, renamed)| renamed).split('=').next().unwrap_or("").trim().trim_start_matches("...");
            if !local.is_empty() && local.chars().all(|character| character.is_alphanumeric() || character == '_' || character == '$') {
                found.bind(local, span, Binding::Parameter);
            }
        }
    }
}

/// `def f(payload: dict):`, `function f(data) {`, `(data) => {`, `func f(payload []byte) {`:
/// the generic holders that are parameters, over their function's lines. A callback's
/// parameter given what a call received (`.then((data) => ...)`) is received data, and a
/// handler a dispatch table names under one channel's name holds that channel's messages
/// ([`dispatch`]). A parameter declared with a type of the code's own (`func f(p *Order)`)
/// holds that type.
fn parameters<'a>(masked: &str, lines: &Lines<'_>, syntax: Syntax, generic: &BTreeSet<&'a str>) -> Vec<(&'a str, usize, usize, Binding, Option<String>)> {
    static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:def|function|func)\b[^(\n]*\(").expect("a valid regex"));
    // Declared functions (`def f(`, `function f(`, `func f(`), then arrow functions
    // (`(a, b) =>`, `a =>`): the parameter list, where the function's text starts, where its
    // body starts and its name.
    let functions = SIGNATURE.find_iter(masked).filter_map(|whole| {
        let open = whole.end() - 1;
        let name = masked[whole.start()..open].split(|character: char| !(character.is_alphanumeric() || character == '_' || character == '$')).rfind(|word| !word.is_empty());
        enclosed_within(masked, open, 2000).map(|(inner, end)| (inner, whole.start(), end, name))
    });
    static ARROW: LazyLock<Regex> = LazyLock::new(|| Regex::new("=>").expect("a valid regex"));
    let arrows = ARROW.find_iter(masked).map(|arrow| arrow.start()).filter_map(|at| {
        let before = masked[..at].trim_end();
        if let Some(close) = before.strip_suffix(')').map(str::len) {
            let open = open_call(masked, close, 2000)?;
            return Some((&masked[open + 1..close], open, at + 2, dispatch::arrow_name(masked, open)));
        }
        let start = before.rfind(|character: char| !(character.is_alphanumeric() || character == '_' || character == '$')).map_or(0, |found| found + 1);
        (start < before.len()).then(|| (&before[start..], start, at + 2, dispatch::arrow_name(masked, start)))
    });
    let dispatched = std::cell::LazyCell::new(|| dispatch::handlers(masked, lines));
    let mut found = Vec::new();
    for (list, signature, body_from, function) in functions.chain(arrows) {
        let names: Vec<&str> = list.split(|character: char| !(character.is_alphanumeric() || character == '_' || character == '$')).filter(|word| generic.contains(word)).collect();
        if names.is_empty() {
            continue;
        }
        let before = masked[..signature].trim_end();
        let callback_of_then = before.ends_with(".then(") || before.trim_end_matches('(').trim_end().ends_with(".then");
        // A handler named under two channels holds either's messages: no one's.
        let channel = function.and_then(|function| dispatched.get(function)).filter(|channels| channels.len() == 1).and_then(|channels| channels.first());
        let binding = match (callback_of_then, channel) {
            (true, _) => Binding::Received,
            (false, Some(channel)) => Binding::Message(channel.clone()),
            (false, None) => Binding::Parameter,
        };
        let first = lines.number(signature);
        let last = match syntax {
            Syntax::Python => {
                let header = masked[..signature].rfind('\n').map_or(0, |at| at + 1);
                let indent = masked[header..].len() - masked[header..].trim_start().len();
                lines.number(python_body_end(masked, header, indent))
            }
            // A block on the signature's line or opening the next one (C#'s `o =>` then `{`
            // below it), else an arrow function's expression body.
            Syntax::Braces => match masked[body_from..].split('\n').next().and_then(|rest| rest.find('{')).or_else(|| masked[body_from..].find(|character: char| !character.is_whitespace()).filter(|&at| masked[body_from + at..].starts_with('{'))) {
                Some(at) => enclosed_within(masked, body_from + at, 400_000).map_or(lines.number(masked.len()), |(_, end)| lines.number(end)),
                None => lines.number(statement_end(masked, body_from, syntax)),
            },
        };
        for name in names {
            let Some(holder) = generic.iter().find(|holder| **holder == name) else { continue };
            let declared = parameter_type(list, name).and_then(element_type).map(crate::readers::code::shapes::holder_of);
            found.push((*holder, first, last, binding.clone(), declared));
        }
    }
    found
}

/// The type `name` is declared with in a parameter list: `name: Order` (Python, TypeScript),
/// `name *Order` (Go), `Order name` (Java, C#).
fn parameter_type<'a>(list: &'a str, name: &str) -> Option<&'a str> {
    let is_word = |word: &&str| *word == name;
    let parameter = split_top_level(list).into_iter().find(|parameter| parameter.split(|character: char| !(character.is_alphanumeric() || character == '_')).any(|word| is_word(&word)))?;
    let parameter = parameter.split('=').next().unwrap_or(parameter).trim();
    if let Some((before, declared)) = parameter.split_once(':') {
        return (before.trim() == name).then_some(declared.trim());
    }
    let words: Vec<&str> = parameter.split_whitespace().collect();
    match words.as_slice() {
        [first, rest @ ..] if *first == name && !rest.is_empty() => Some(parameter[first.len()..].trim()),
        [.., declared, last] if *last == name => Some(declared),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The held-out planted-mismatch evaluation of issue #3 (control c2): `res.error` of
    /// `await slack.chat.postMessage(...)` was checked against the events the file reads.
    #[test]
    fn results_of_data_stores_and_vendor_sdks_are_the_codes_own() {
        assert!(from_own_store_or_vendor("await slack.chat.postMessage({ channel, text })"));
        assert!(from_own_store_or_vendor("db.query(\"select 1\")"));
        assert!(!from_own_store_or_vendor("await orders.getOrder(id)"), "a client of the org's own service");
        assert!(!from_own_store_or_vendor("slack"), "a value, not a call's result");
    }
}
