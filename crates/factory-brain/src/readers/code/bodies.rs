//! The keys of a request body consumer code sends, so the check can name the required fields a
//! call leaves out. Only bodies whose keys can all be named count: an object or dict literal
//! (`{"amount": a}`, `{ amount }`), a C# anonymous object (`new { orderId, amountCents }`), Go's
//! `map[string]any{"a": x}`, PHP's `['a' => $x]`, and a value of a type the same file declares (`new
//! CreatePayment(...)`, `CreatePayment{...}`), whose declared fields are what goes on the wire.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{enclosed, enclosed_within, last_assignment, split_top_level, word_offsets, Lines};

/// How a language names a type's members on the wire when nothing says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Naming {
    /// As declared (Python, JavaScript, Java's Jackson, Go's tags).
    Declared,
    /// .NET's web defaults, which `PostAsJsonAsync` uses: `OrderId` goes as `orderId`.
    CamelCase,
}

/// The keys a body expression sends, when they can all be named. `text` is the whole file, to
/// look up types it declares and a Go variable's value.
pub(super) fn body_keys(expression: &str, extension: &str, text: &str, naming: Naming) -> Option<Vec<String>> {
    keys_of(expression, extension, text, naming, 0)
}

/// [`body_keys`], `depth` variables deep.
fn keys_of(expression: &str, extension: &str, text: &str, naming: Naming, depth: usize) -> Option<Vec<String>> {
    if depth > 3 {
        return None;
    }
    let expression = expression.trim().trim_start_matches('&').trim();
    // Wrappers that serialize what they are given: `JsonContent.Create(x)`, `json.Marshal(x)`.
    // Ruby's `body.to_json`.
    let expression = expression.strip_suffix(".to_json").map_or(expression, str::trim_end);
    for wrapper in ["JsonContent.Create(", "json.Marshal(", "JSON.stringify(", "json_encode(", "JSON.generate(", "JSON.dump("] {
        if expression.starts_with(wrapper) {
            let (inner, _) = enclosed(expression, wrapper.len() - 1)?;
            return keys_of(split_top_level(inner).first()?, extension, text, naming, depth + 1);
        }
    }
    if expression.starts_with('{') {
        return object_keys(expression, naming);
    }
    // PHP's arrays: `['orderId' => $id]`, `array('orderId' => $id)`.
    if extension == "php" && (expression.starts_with('[') || expression.starts_with("array")) {
        return php_array_keys(expression);
    }
    // Kotlin's `mapOf("productId" to id)`, Java's `Map.of("productId", id)`.
    for (builder, pairs_by_to) in [("mapOf(", true), ("mutableMapOf(", true), ("hashMapOf(", true), ("Map.of(", false)] {
        if expression.starts_with(builder) {
            let (inner, _) = enclosed(expression, builder.len() - 1)?;
            return map_keys(inner, pairs_by_to);
        }
    }
    // C#'s anonymous object; Go's map literal.
    if let Some(rest) = expression.strip_prefix("new").filter(|rest| rest.trim_start().starts_with('{')) {
        return object_keys(rest.trim_start(), naming);
    }
    if expression.starts_with("map[") {
        let open = expression.find('{')?;
        return object_keys(&expression[open..], naming);
    }
    // A value of a type the file declares: `new X(...)`, `new X { ... }`, Go's `X{...}`.
    let constructed = expression.strip_prefix("new ").unwrap_or(expression).trim_start();
    let name_end = constructed.find(|character: char| !(character.is_alphanumeric() || character == '_' || character == '.')).unwrap_or(constructed.len());
    let type_name = constructed[..name_end].rsplit('.').next()?;
    let after = constructed[name_end..].trim_start();
    // Go's types may be lowercase; elsewhere a lowercase name is a function.
    let is_type = type_name.starts_with(|character: char| character.is_ascii_uppercase()) || (extension == "go" && after.starts_with('{'));
    if !type_name.is_empty() && is_type && after.starts_with(['(', '{']) {
        return declared_keys(type_name, extension, text, naming);
    }
    // A schema's parse of a value (zod's `NewPayment.parse(input)`): the schema's keys.
    if let Some(schema) = parsed_schema(expression) {
        return declared_keys(schema, extension, text, naming);
    }
    if extension != "go" {
        let (value, between) = variable_value(expression, extension, text)?;
        // A value changed before it is sent (`payload["note"] = n`, `body.extra = x`) sends
        // keys its assignment does not name.
        let changed = word_offsets(between, expression).any(|at| between[at + expression.len()..].starts_with(['[', '.']) || between[..at].ends_with("assign("));
        return if changed { None } else { keys_of(value, extension, text, naming, depth + 1) };
    }
    go_variable_keys(expression, extension, text, naming, depth)
}

/// The type a body expression is a value of, when its keys are not in this file: a
/// constructor's type (picking-kotlin's `.bodyValue(ReservationRequest(sku = sku, ..))` of a
/// data class in InventoryModels.kt), a schema's parse (checkout-web's `const body =
/// NewPayment.parse(input); fetch(.., { body: JSON.stringify(body) })` of a zod schema in
/// schemas.ts), through wrappers and variables. Resolution names the keys from the fields the
/// component declares for that type.
pub(super) fn body_type(expression: &str, extension: &str, text: &str) -> Option<String> {
    body_type_of(expression, extension, text, 0)
}

/// [`body_type`], `depth` variables deep.
fn body_type_of(expression: &str, extension: &str, text: &str, depth: usize) -> Option<String> {
    if depth > 3 || extension == "go" {
        return None;
    }
    let expression = expression.trim();
    for wrapper in ["JSON.stringify(", "json.dumps(", "json_encode("] {
        if expression.starts_with(wrapper) {
            let (inner, _) = enclosed(expression, wrapper.len() - 1)?;
            return body_type_of(split_top_level(inner).first()?, extension, text, depth + 1);
        }
    }
    if let Some(schema) = parsed_schema(expression) {
        return Some(schema.to_string());
    }
    let constructed = expression.strip_prefix("new ").unwrap_or(expression).trim_start();
    let name_end = constructed.find(|character: char| !(character.is_alphanumeric() || character == '_' || character == '.')).unwrap_or(constructed.len());
    let type_name = constructed[..name_end].rsplit('.').next()?;
    if type_name.starts_with(|character: char| character.is_ascii_uppercase()) && constructed[name_end..].trim_start().starts_with(['(', '{']) {
        return Some(type_name.to_string());
    }
    match variable_value(expression, extension, text) {
        Some((value, _)) => body_type_of(value, extension, text, depth + 1),
        None => declared_type(expression, extension, text),
    }
}

/// The type a variable no assignment gives a value is declared with before its use: a
/// parameter's or a local's, Java's and C#'s `EnrollmentRequest request`, Kotlin's, Python's
/// and TypeScript's `request: EnrollmentRequest` (progress-tracker of the tenth planted-mismatch
/// evaluation's org U posts `.bodyValue(request)` of its `enroll(String slug, EnrollmentRequest
/// request)`).
fn declared_type(expression: &str, extension: &str, text: &str) -> Option<String> {
    if !matches!(extension, "ts" | "tsx" | "kt" | "java" | "py" | "cs" | "scala") || !expression.chars().all(|character| character.is_alphanumeric() || character == '_') || expression.is_empty() {
        return None;
    }
    let used = offset_in(expression, text)?;
    let before = &text[..used];
    word_offsets(before, expression)
        .filter_map(|at| {
            let after = before[at + expression.len()..].trim_start();
            let typed = match after.strip_prefix(':').filter(|rest| !rest.starts_with(':')) {
                // `request: EnrollmentRequest`
                Some(rest) => rest.trim_start().split(|character: char| !(character.is_alphanumeric() || character == '_')).next()?,
                // `EnrollmentRequest request` ending a parameter or a declaration.
                None if after.starts_with([',', ')', ';', '=']) => before[..at].trim_end().rsplit(|character: char| !(character.is_alphanumeric() || character == '_')).next()?,
                None => return None,
            };
            typed.starts_with(|first: char| first.is_ascii_uppercase()).then(|| typed.to_string())
        })
        .last()
        .filter(|typed| !["String", "Object", "Map", "HashMap", "Any", "JsonNode", "Dictionary", "Record", "Mono", "Flux"].contains(&typed.as_str()))
}

/// The schema a parse's value is checked by: `NewPayment` of `NewPayment.parse(input)`.
fn parsed_schema(expression: &str) -> Option<&str> {
    let (schema, rest) = expression.split_once(".parse(")?;
    (schema.starts_with(|character: char| character.is_ascii_uppercase()) && schema.chars().all(|character| character.is_alphanumeric() || character == '_') && rest.ends_with(')')).then_some(schema)
}

/// Where `part`, a slice of `text`, starts in it.
fn offset_in(part: &str, text: &str) -> Option<usize> {
    (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize).filter(|offset| *offset <= text.len())
}

/// The value a variable holds where `expression`, a bare name inside `text`, is used: its last
/// assignment before that (`const body = ..`, `val body: X = ..`, `body = ..`), up to the end
/// of the statement's brackets; and the text between that statement and the use.
fn variable_value<'t>(expression: &str, extension: &str, text: &'t str) -> Option<(&'t str, &'t str)> {
    if !matches!(extension, "js" | "jsx" | "mjs" | "cjs" | "ts" | "tsx" | "kt" | "java" | "py" | "cs" | "rb") || expression.is_empty() || !expression.chars().all(|character| character.is_alphanumeric() || character == '_' || character == '$') {
        return None;
    }
    // Where the name is used: it is a slice of `text`.
    let used = offset_in(expression, text)?;
    let value_start = word_offsets(&text[..used], expression)
        .filter_map(|at| {
            let mut rest = text[at + expression.len()..used].trim_start();
            // A declared type: `const body: NewPayment = ..`, `val body: Req = ..`.
            if let Some(declared) = rest.strip_prefix(':') {
                let (kind, _) = declared.split_once('=')?;
                if kind.contains(['\n', ';', ')', '(']) {
                    return None;
                }
                rest = &declared[kind.len()..];
            }
            let value = rest.strip_prefix('=').filter(|value| !value.starts_with(['=', '>']))?;
            Some(used - value.len())
        })
        .last()?;
    let end = statement_length(&text[value_start..]);
    Some((text[value_start..value_start + end].trim(), &text[value_start + end..used]))
}

/// How long the statement starting `value` is: its line, and the lines its brackets stay open
/// over, to a `;` or the end of a line outside them.
fn statement_length(value: &str) -> usize {
    let mut open = 0i32;
    for (index, byte) in value.bytes().enumerate().take(4000) {
        match byte {
            b'(' | b'[' | b'{' => open += 1,
            b')' | b']' | b'}' => open -= 1,
            b'\n' | b';' if open <= 0 => return index,
            _ => {}
        }
    }
    value.len().min(4000)
}

/// Go: the body is a variable holding one (`b, _ := json.Marshal(req)` after `req :=
/// CreatePayment{...}`): the value of its last assignment before its use.
fn go_variable_keys(expression: &str, extension: &str, text: &str, naming: Naming, depth: usize) -> Option<Vec<String>> {
    if extension != "go" || !expression.chars().all(|character| character.is_alphanumeric() || character == '_') {
        return None;
    }
    let (_, value_start) = last_assignment(text, expression)?;
    // The value's line, and the lines its brackets stay open over.
    let value = &text[value_start..];
    let value = &value[..statement_length(value)];
    keys_of(value, extension, text, naming, depth + 1)
}

/// The wire names of the members of the type `type_name` the file declares.
fn declared_keys(type_name: &str, extension: &str, text: &str, naming: Naming) -> Option<Vec<String>> {
    if extension == "cs" {
        return csharp_keys(type_name, text);
    }
    let fields = super::shapes::declared_fields(extension, text, &Lines::new(text));
    let keys: Vec<String> = fields.into_iter().filter(|field| field.type_name == type_name).map(|field| named(&field.field, naming)).collect();
    (!keys.is_empty()).then_some(keys)
}

/// A C# record's parameters or a class's public properties, named by `[JsonPropertyName]` or
/// in camelCase.
fn csharp_keys(type_name: &str, text: &str) -> Option<Vec<String>> {
    static WIRE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"JsonPropertyName\(\s*"([^"]+)""#).expect("a valid regex"));
    static PROPERTY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bpublic\s+(?:required\s+|virtual\s+)*[\w.<>,?\[\] ]+?\s+(\w+)\s*\{").expect("a valid regex"));
    // `record Pay(`, `class Pay {`, `record class Pay<T> : Base {`.
    let open = word_offsets(text, type_name).find_map(|at| {
        let before = text[..at].trim_end();
        let declared = ["record", "class", "struct"].iter().any(|keyword| before.strip_suffix(keyword).is_some_and(|rest| rest.is_empty() || rest.ends_with(char::is_whitespace)));
        let after = &text[at + type_name.len()..];
        let bracket = after.find(['(', '{', ';'])?;
        (declared && after.as_bytes()[bracket] != b';').then_some(at + type_name.len() + bracket)
    })?;
    let mut keys = Vec::new();
    if text.as_bytes()[open] == b'(' {
        let (inner, _) = enclosed_within(text, open, 4000)?;
        for parameter in split_top_level(inner) {
            let name = parameter.rsplit(|character: char| character.is_whitespace() || character == ']').next().unwrap_or("").split('=').next().unwrap_or("").trim();
            match WIRE.captures(parameter) {
                Some(wire) => keys.push(wire[1].to_string()),
                None if !name.is_empty() => keys.push(named(name, Naming::CamelCase)),
                None => return None,
            }
        }
    } else {
        let (body, _) = enclosed_within(text, open, 20_000)?;
        let mut wire: Option<String> = None;
        for line in body.lines() {
            if let Some(found) = WIRE.captures(line) {
                wire = Some(found[1].to_string());
            }
            if line.contains("JsonIgnore") {
                wire = Some(String::new());
            }
            if let Some(property) = PROPERTY.captures(line) {
                match wire.take() {
                    Some(wire) if wire.is_empty() => {}
                    Some(wire) => keys.push(wire),
                    None => keys.push(named(&property[1], Naming::CamelCase)),
                }
            }
        }
    }
    (!keys.is_empty()).then_some(keys)
}

/// `name` as `naming` puts it on the wire.
fn named(name: &str, naming: Naming) -> String {
    match naming {
        Naming::Declared => name.to_string(),
        Naming::CamelCase => {
            let mut characters = name.chars();
            characters.next().map(|first| first.to_lowercase().collect::<String>() + characters.as_str()).unwrap_or_default()
        }
    }
}

/// The keys of a map builder's arguments: Kotlin's pairs (`"productId" to id`) or Java's
/// alternating keys and values (`"productId", id`); `None` unless every key is a literal.
fn map_keys(arguments: &str, pairs_by_to: bool) -> Option<Vec<String>> {
    let arguments = split_top_level(arguments);
    let literal = |key: &str| {
        let key = key.trim();
        let inner = key.strip_prefix('"').and_then(|rest| rest.strip_suffix('"'))?;
        (!inner.is_empty() && inner.chars().all(|character| character.is_ascii_alphanumeric() || matches!(character, '_' | '-'))).then(|| inner.to_string())
    };
    if pairs_by_to {
        arguments.iter().map(|pair| pair.split_once(" to ").and_then(|(key, _)| literal(key))).collect()
    } else {
        arguments.len().is_multiple_of(2).then_some(())?;
        arguments.iter().step_by(2).map(|key| literal(key)).collect()
    }
}

/// The keys of a PHP array literal (`['orderId' => $id, "amount" => [..]]`, `array(..)`);
/// `None` unless every entry has a literal key (a list, a spread or a computed key sends what
/// is unknown here).
fn php_array_keys(literal: &str) -> Option<Vec<String>> {
    let literal = literal.trim();
    let inner = match literal.strip_prefix("array") {
        Some(rest) => enclosed(rest.trim_start(), 0).filter(|_| rest.trim_start().starts_with('('))?.0,
        None => enclosed(literal, 0)?.0,
    };
    split_top_level(inner)
        .into_iter()
        .map(|entry| {
            let (key, _) = entry.split_once("=>")?;
            let key = key.trim();
            let inner = key.strip_prefix('\'').and_then(|rest| rest.strip_suffix('\'')).or_else(|| key.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')))?;
            (!inner.is_empty() && inner.chars().all(|character| character.is_ascii_alphanumeric() || matches!(character, '_' | '-'))).then(|| inner.to_string())
        })
        .collect()
}

/// The top-level keys of an object or dict literal: `{"amount": a, currency, 'id': i}`, C#'s
/// `{ OrderId = id, amountCents }`; `None` when one cannot be named (a spread, a computed key),
/// since then what is sent is unknown.
pub(super) fn object_keys(literal: &str, naming: Naming) -> Option<Vec<String>> {
    let (inner, _) = enclosed(literal.trim(), 0).filter(|_| literal.trim().starts_with('{'))?;
    let mut keys = Vec::new();
    for part in split_top_level(inner) {
        let key = part.split([':', '=']).next().unwrap_or(part).trim();
        let key = key.trim_matches(['"', '\'']);
        if key.is_empty() || !key.chars().all(|character| character.is_ascii_alphanumeric() || matches!(character, '_' | '-')) {
            return None;
        }
        keys.push(named(key, naming));
    }
    Some(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(expression: &str, extension: &str, text: &str, naming: Naming) -> Option<Vec<String>> {
        body_keys(expression, extension, text, naming)
    }

    #[test]
    fn bodies_whose_keys_can_be_named() {
        assert_eq!(keys("new { orderId, AmountCents = a }", "cs", "", Naming::CamelCase), Some(vec!["orderId".into(), "amountCents".into()]));
        let csharp = "public record Pay([property: JsonPropertyName(\"order_id\")] string OrderId, long AmountCents);\n";
        assert_eq!(keys("JsonContent.Create(new Pay(id, 5))", "cs", csharp, Naming::CamelCase), Some(vec!["order_id".into(), "amountCents".into()]));
        let java = "record CreatePayment(String orderId, long amountCents) {}\n";
        assert_eq!(keys("new CreatePayment(\"a\", 1)", "java", java, Naming::Declared), Some(vec!["orderId".into(), "amountCents".into()]));
        let go = "type pay struct {\n\tOrder string `json:\"orderId\"`\n}\n\nfunc f() {\n\treq := pay{Order: id}\n\tb, _ := json.Marshal(req)\n}\n";
        assert_eq!(keys("b", "go", go, Naming::Declared), Some(vec!["orderId".into()]));
        assert_eq!(keys("json.Marshal(map[string]any{\"orderId\": id})", "go", "", Naming::Declared), Some(vec!["orderId".into()]));
        assert_eq!(keys("{...cart}", "js", "", Naming::Declared), None);
        assert_eq!(keys("mapOf(\"productId\" to id, \"quantity\" to 2)", "kt", "", Naming::Declared), Some(vec!["productId".into(), "quantity".into()]));
        assert_eq!(keys("Map.of(\"productId\", id)", "java", "", Naming::Declared), Some(vec!["productId".into()]));
        assert_eq!(keys("mapOf(key to id)", "kt", "", Naming::Declared), None, "a key the code computes");
        assert_eq!(keys("new Other(1)", "java", java, Naming::Declared), None, "a type the file does not declare");
        assert_eq!(keys("['orderId' => $id, \"amount\" => ['amount' => $a]]", "php", "", Naming::Declared), Some(vec!["orderId".into(), "amount".into()]));
        assert_eq!(keys("json_encode(array('orderId' => $id))", "php", "", Naming::Declared), Some(vec!["orderId".into()]));
        assert_eq!(keys("[$orderId, $amount]", "php", "", Naming::Declared), None, "a list names no keys");
        assert_eq!(keys("['orderId' => $id, ...$extra]", "php", "", Naming::Declared), None, "a spread");
    }
}
