//! The shapes a consumer declares for the data it receives, read as field reads so the
//! contract check can compare them with the provider's schemas: pydantic models, dataclasses
//! and attrs classes, TypeScript interfaces and object types, Java DTO fields and records,
//! Kotlin data classes, Go struct fields with `json` tags, C# properties with
//! `[JsonPropertyName]` and Rust structs serde deserializes ([`super::serde_structs`]). Each
//! field's holder is its type's name without a suffix such as `Dto` (`OrderDto` holds an
//! `Order`), and its expected type is the JSON type of its declared type, when that is a plain
//! one (a class of the consumer's own, an enum maybe, is left unknown).
//!
//! Also JavaScript's destructuring of received data: `const { orderId, total } = await r.json()`.

mod naming;

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{enclosed, enclosed_within, split_top_level, Lines};
use super::wire_annotations;

/// One field a declaration names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DeclaredField {
    /// The declaring type's name, its suffix stripped (`Order` for `OrderDto`), or the holder
    /// destructured from.
    pub(super) holder: String,
    /// The declaring type's name as written (`OrderDto`).
    pub(super) type_name: String,
    /// The name on the wire (a `@JsonProperty`'s, else the field's own).
    pub(super) field: String,
    pub(super) json_type: Option<&'static str>,
    pub(super) line: usize,
    /// A pydantic model's field with no default: a request must send it.
    pub(super) required: bool,
    /// The type of the code's own the field holds (`OrderLine` of a pydantic model's `lines:
    /// list[OrderLine]`, `MoneyDto` of a C# record's `MoneyDto Amount`, see [`held_type`]).
    pub(super) holds_type: Option<String>,
}

/// Suffixes a data type's name carries on top of the schema it holds.
const TYPE_SUFFIXES: &[&str] = &["Dto", "DTO", "Response", "Request", "Model", "Event", "Message", "Payload", "Resource", "Data", "Body"];

/// `interface Order {`, `interface Order<T> extends Base {`, `type Order = {`.
static TS_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:interface\s+(\w+)\s*(?:<[^>{]*>)?\s*(?:extends\s+[^{]+)?|type\s+(\w+)\s*(?:<[^>=]*>)?\s*=\s*)\{").expect("a valid regex")
});
/// `readonly createdAt?: string;`
static TS_MEMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^\s*(?:readonly\s+)?["']?([A-Za-z_$][\w$-]*)["']?\??\s*:\s*([^;,]+?)\s*[;,]?\s*$"#).expect("a valid regex"));
/// Java and C# `class X ... {`, Java `record X(`, Kotlin `data class X(`.
static JVM_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:(data\s+)?class|(record))\s+(\w+)\s*(?:<[^>(){]*>)?(?:\s*(?:extends|implements|:)\s*[\w.<>, ]+?)*\s*([({])").expect("a valid regex")
});
/// A Java field: `private Integer stockLevel;`, `@JsonProperty("x") private MoneyDto price;`.
static JAVA_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:@\w+(?:\([^)]*\))?\s*)*(?:(?:private|protected|public|final|transient)\s+)+([\w.]+(?:<[\w.<>, ?]*>)?(?:\[\])?)\s+(\w+)\s*(?:=[^;]*)?;").expect("a valid regex"));
/// A C# property: `public decimal UnitPrice { get; init; }`.
static CSHARP_PROPERTY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bpublic\s+(?:required\s+|virtual\s+|override\s+)*([\w.]+(?:<[\w.<>, ?]*>)?(?:\[\])?\??)\s+(\w+)\s*\{").expect("a valid regex"));
/// A record component or Kotlin constructor property: `String paymentId`, `val amount: Double`.
static PARAMETER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:@(?:(?:field|get|set|param|property|setparam):)?(\w+)(?:\(\s*(?:value\s*=\s*)?"([^"]*)"[^)]*\))?\s*)*(?:(?:(?:private|public|override)\s+)*(?:val|var)\s+(\w+)\s*:\s*(.+?)(?:\s*=.*)?|([\w.]+(?:<[\w.<>, ?]*>)?(?:\[\])?)\s+(\w+))$"#)
        .expect("a valid regex")
});
/// A Go struct field with a json tag: ``Age int `json:"age,omitempty"` ``.
static GO_FIELD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^\s*(\w+)\s+([\w.\[\]*]+)\s+`[^`]*json:"([A-Za-z_][\w-]*)"#).expect("a valid regex"));
static GO_STRUCT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\btype\s+(\w+)\s+struct\s*\{").expect("a valid regex"));
/// `const { orderId, amount } = await r.json()`, `= res.data`, `= evt`.
static DESTRUCTURING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:const|let|var)\s*\{([^{}]*)\}\s*=\s*(?:await\s+)?([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(\(\))?").expect("a valid regex"));

/// The fields `text` declares, for a file with this extension.
pub(super) fn declared_fields(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<DeclaredField> {
    let mut fields = Vec::new();
    match extension {
        "py" => {
            if ["BaseModel", "@dataclass", "@attr", "@define", "@frozen", "TypedDict"].iter().any(|word| text.contains(word)) {
                super::python_models::fields(text, lines, &mut fields);
            }
            if text.contains("fields.") && text.contains("Schema") {
                super::python_models::marshmallow::fields(text, lines, &mut fields);
            }
        }
        "ts" | "tsx" | "js" | "jsx" | "mjs" | "cjs" => {
            if text.contains("interface ") || text.contains("type ") {
                typescript(text, lines, &mut fields);
            }
            if text.contains('{') && text.contains("} =") {
                destructured(text, lines, &mut fields);
            }
            if text.contains("z.object(") {
                zod(text, lines, &mut fields);
            }
            if text.contains("class ") && matches!(extension, "ts" | "tsx") { super::ts_classes::fields(text, lines, &mut fields) }
        }
        // Persisted entities are the consumer's own rows, not received data.
        "java" | "kt" if !text.contains("@Entity") && !text.contains("@Document") && (text.contains("class ") || text.contains("record ")) => {
            jvm(text, lines, Constructors::Read, &mut fields)
        }
        // C# names on the wire only what `[JsonPropertyName]` names.
        "cs" if text.contains("JsonPropertyName") => jvm(text, lines, Constructors::Skipped, &mut fields),
        "go" if text.contains("struct") && text.contains("json:\"") => go(text, lines, &mut fields),
        "rs" if text.contains("Deserialize") && text.contains("struct") => super::serde_structs::deserialized_fields(text, lines, &mut fields),
        _ => {}
    }
    fields
}

/// The fields of the C# types a file declares as .NET serializes them by default (ASP.NET's
/// web defaults: camelCase, `SeatId` -> `seatId`; the snake or kebab case a
/// `JsonNamingPolicy` of the file names, [`naming`]): a record's positional parameters and a
/// class's or record's public properties, but those an attribute names on the wire (which
/// [`declared_fields`] reads). What a provider answers with when its handler returns one of
/// them, and a consumer's read only where resolution finds a response decoded into the type:
/// C# code declares many types it never receives.
pub(super) fn serialized_fields(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<DeclaredField> {
    let mut fields = Vec::new();
    if extension != "cs" || !(text.contains("record ") || text.contains("class ")) {
        return fields;
    }
    let policy = naming::NamingPolicy::of(text);
    for captures in JVM_TYPE.captures_iter(text) {
        let (Some(whole), Some(name)) = (captures.get(0), captures.get(3)) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        let mut push = |field: &str, declared_type: &str, line: usize| {
            fields.push(DeclaredField { holder: holder_of(name.as_str()), type_name: name.as_str().to_string(), field: policy.name(field), json_type: json_type(declared_type), line, required: false, holds_type: held_type(declared_type) });
        };
        match captures.get(4).map(|bracket| bracket.as_str()) {
            Some("(") => {
                let Some((inner, _)) = enclosed(text, whole.end() - 1) else { continue };
                let line = lines.number(whole.start());
                for parameter in split_top_level(inner) {
                    let parameter = parameter.split_whitespace().collect::<Vec<_>>().join(" ");
                    if let Some(found) = PARAMETER.captures(&parameter)
                        && let (Some(declared_type), Some(field)) = (found.get(5), found.get(6))
                    {
                        push(field.as_str(), declared_type.as_str(), line);
                    }
                }
            }
            Some("{") => {
                let Some(body) = block(text, whole.end() - 1) else { continue };
                // A property an attribute names on the wire is [`declared_fields`]'; one
                // `[JsonIgnore]` keeps off it is none.
                let mut annotated = false;
                members_at_depth_one(text, body, lines, |line, line_number| {
                    if wire_annotations::wire_name(line).is_some() || wire_annotations::ignored(line) {
                        annotated = true;
                    }
                    if let Some(member) = CSHARP_PROPERTY.captures(line) {
                        if !std::mem::take(&mut annotated) {
                            push(&member[2], &member[1], line_number);
                        }
                    } else if !line.trim_start().starts_with('[') && !line.trim().is_empty() {
                        annotated = false;
                    }
                });
            }
            _ => {}
        }
    }
    fields
}

/// The type of the code's own a field declared with `declared` holds, alone or in a list, an
/// array or an optional (`MoneyDto`, `List<CardDto>`, `CardDto[]`, `Option<Money>`), named
/// with a capital as such types are: the nested shape resolution compares with the schema the
/// field refers to, when a response is decoded into the declaring type.
pub(super) fn held_type(declared: &str) -> Option<String> {
    super::flow::element_type(declared).filter(|name| name.starts_with(|first: char| first.is_ascii_uppercase()) && json_type(name).is_none()).map(str::to_string)
}

/// `OrderDto` -> `Order`; a name that is only a suffix stays.
pub(super) fn holder_of(type_name: &str) -> String {
    let mut name = type_name;
    for _ in 0..2 {
        match TYPE_SUFFIXES.iter().find_map(|suffix| name.strip_suffix(suffix).filter(|rest| !rest.is_empty())) {
            Some(rest) => name = rest,
            None => break,
        }
    }
    name.to_string()
}

fn typescript(text: &str, lines: &Lines<'_>, fields: &mut Vec<DeclaredField>) {
    for captures in TS_TYPE.captures_iter(text) {
        let (Some(whole), Some(name)) = (captures.get(0), captures.get(1).or_else(|| captures.get(2))) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        let holder = holder_of(name.as_str());
        let Some(body) = block(text, whole.end() - 1) else { continue };
        members_at_depth_one(text, body, lines, |line, line_number| {
            // `items: { sku: string; qty: number }[];` is one member, `items`.
            for member in members_of_line(line) {
                if let Some(member) = TS_MEMBER.captures(member) {
                    fields.push(DeclaredField { holder: holder.clone(), type_name: name.as_str().to_string(), field: member[1].to_string(), json_type: json_type(&member[2]), line: line_number, required: false, holds_type: held_type(&member[2]) });
                }
            }
        });
    }
}

/// A line of members cut at each `;` outside braces: an inline object type's own members
/// stay inside the member they type.
fn members_of_line(line: &str) -> Vec<&str> {
    let mut members = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (at, byte) in line.bytes().enumerate() {
        match byte {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b';' if depth == 0 => {
                members.push(&line[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    members.push(&line[start..]);
    members
}

fn destructured(text: &str, lines: &Lines<'_>, fields: &mut Vec<DeclaredField>) {
    for captures in DESTRUCTURING.captures_iter(text) {
        let (Some(names), Some(source)) = (captures.get(1), captures.get(2)) else { continue };
        let source = source.as_str();
        // `await r.json()`: the parsed body; `res.data`: axios's; `evt`: the holder itself.
        let holder = match captures.get(3) {
            Some(_) if source.ends_with(".json") => "body",
            Some(_) => continue,
            None => source.rsplit('.').next().unwrap_or(source),
        };
        // A handler's own request (`const { address } = req.body`) is its input, not data received.
        if source.starts_with("process.") || source == "props" || source == "this" || matches!(source, "req.body" | "request.body" | "req.query" | "req.params" | "ctx.request.body") {
            continue;
        }
        let line = lines.number(names.start());
        for item in names.as_str().split(',') {
            // `a: renamed = default` reads `a`; `...rest` reads nothing.
            let name = item.split([':', '=']).next().unwrap_or("").trim();
            if !name.is_empty() && name.chars().all(|character| character.is_ascii_alphanumeric() || character == '_') && !name.starts_with(|c: char| c.is_ascii_digit()) {
                fields.push(DeclaredField { holder: holder.to_string(), type_name: holder.to_string(), field: name.to_string(), json_type: None, line, required: false, holds_type: None });
            }
        }
    }
}

/// Zod schemas, `const QuoteSchema = z.object({ fare_cents: z.number().int(), ... })`: the
/// fields the code expects, with the JSON types it checks them for (the type's holder is the
/// schema's name without `Schema`). Optional fields (`.optional()`, `.nullish()`,
/// `.default(..)`) are left out, as are schemas of what the code sends or takes in itself
/// (`...RequestSchema`, `...InputSchema`, `...FormSchema`); a field coerced, transformed or
/// given alternatives has no one JSON type.
fn zod(text: &str, lines: &Lines<'_>, fields: &mut Vec<DeclaredField>) {
    static SCHEMA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:const|let|var)\s+(\w+)\s*=\s*z\s*\.\s*object\s*\(\s*\{").expect("a valid regex"));
    static MEMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"^\s*(?:"([^"\n]+)"|'([^'\n]+)'|(\w+))\s*:\s*z\s*\.\s*(coerce\s*\.\s*)?(\w+)\s*\("#).expect("a valid regex"));
    const OWN: &[&str] = &["Request", "Input", "Form", "Params", "Query", "Args"];
    for captures in SCHEMA.captures_iter(text) {
        let (Some(whole), Some(name)) = (captures.get(0), captures.get(1)) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        let Some((inner, _)) = enclosed_within(text, whole.end() - 1, 20_000) else { continue };
        let type_name = name.as_str().strip_suffix("Schema").filter(|rest| !rest.is_empty()).unwrap_or(name.as_str());
        if OWN.iter().any(|suffix| type_name.ends_with(suffix)) {
            continue;
        }
        let holder = holder_of(type_name);
        let inner_start = inner.as_ptr().addr() - text.as_ptr().addr();
        // Comments blanked (same offsets), so a quote or comma in one splits nothing.
        let blanked = blank_comments(inner);
        for member in split_top_level(&blanked) {
            let Some(found) = MEMBER.captures(member) else { continue };
            let Some(key) = found.get(1).or_else(|| found.get(2)).or_else(|| found.get(3)) else { continue };
            let chain = &member[found.get(0).map_or(0, |whole| whole.end())..];
            if [".optional(", ".nullish(", ".default("].iter().any(|word| chain.contains(word)) {
                continue;
            }
            let changed = found.get(4).is_some() || [".or(", ".transform(", ".pipe(", ".preprocess("].iter().any(|word| chain.contains(word));
            let json_type = match &found[5] {
                _ if changed => None,
                _ if chain.contains(".array(") => Some("array"),
                "string" | "enum" | "nativeEnum" => Some("string"),
                "number" if chain.contains(".int(") => Some("integer"),
                "number" => Some("number"),
                "bigint" => Some("integer"),
                "boolean" => Some("boolean"),
                "array" => Some("array"),
                "object" | "record" => Some("object"),
                _ => None,
            };
            // Each member is a slice of `blanked`, which starts where `inner` does in `text`.
            let at = inner_start + (member.as_ptr().addr() - blanked.as_ptr().addr()) + (member.len() - member.trim_start().len());
            fields.push(DeclaredField { holder: holder.clone(), type_name: type_name.to_string(), field: key.as_str().to_string(), json_type, line: lines.number(at), required: false, holds_type: None });
        }
    }
}

/// `text` with its `//` and `/* */` comments blanked (string literals kept), same length.
pub(super) fn blank_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            quote @ (b'"' | b'\'' | b'`') => {
                index += 1;
                while index < bytes.len() && bytes[index] != quote && bytes[index] != b'\n' {
                    index += if bytes[index] == b'\\' { 2 } else { 1 };
                }
                index += 1;
            }
            b'/' if bytes.get(index + 1) == Some(&b'/') => {
                while index < bytes.len() && bytes[index] != b'\n' {
                    out[index] = b' ';
                    index += 1;
                }
            }
            b'/' if bytes.get(index + 1) == Some(&b'*') => {
                let end = text[index + 2..].find("*/").map_or(bytes.len(), |at| index + 2 + at + 2);
                for byte in &mut out[index..end] {
                    if *byte != b'\n' {
                        *byte = b' ';
                    }
                }
                index = end;
            }
            _ => index += 1,
        }
    }
    // Only whole comments, which start and end on ASCII bytes, were blanked.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Whether record components and Kotlin constructor properties are fields.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Constructors {
    Read,
    Skipped,
}

fn jvm(text: &str, lines: &Lines<'_>, constructors: Constructors, fields: &mut Vec<DeclaredField>) {
    let kotlinx = text.contains("kotlinx.serialization");
    let ignored = |annotated: &str| wire_annotations::ignored(annotated) || (kotlinx && wire_annotations::serialization_transient(annotated));
    for captures in JVM_TYPE.captures_iter(text) {
        let (Some(whole), Some(name)) = (captures.get(0), captures.get(3)) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        let holder = holder_of(name.as_str());
        let constructor = constructors == Constructors::Read && (captures.get(1).is_some() || captures.get(2).is_some());
        // A field no annotation names is named on the wire by the class's `@JsonNaming`.
        let naming = wire_annotations::class_naming(wire_annotations::header_before(text, whole.start()));
        let unnamed = |field: &str| naming.map_or_else(|| field.to_string(), |naming| naming.wire(field));
        match captures.get(4).map(|bracket| bracket.as_str()) {
            Some("(") if constructor => {
                let Some((inner, _)) = enclosed(text, whole.end() - 1) else { continue };
                let line = lines.number(whole.start());
                for parameter in split_top_level(inner) {
                    let parameter = parameter.split_whitespace().collect::<Vec<_>>().join(" ");
                    let Some(found) = PARAMETER.captures(&parameter) else { continue };
                    if ignored(&parameter) {
                        continue;
                    }
                    let (field, declared_type) = match (found.get(3), found.get(4), found.get(5), found.get(6)) {
                        (Some(field), Some(declared_type), _, _) | (_, _, Some(declared_type), Some(field)) => (field.as_str(), declared_type.as_str()),
                        _ => continue,
                    };
                    let field = wire_annotations::wire_name(&parameter).map_or_else(|| unnamed(field), str::to_string);
                    fields.push(DeclaredField { holder: holder.clone(), type_name: name.as_str().to_string(), field, json_type: json_type(declared_type), line, required: false, holds_type: held_type(declared_type) });
                }
            }
            // A C# positional record's parameters are its properties, on the wire as their
            // `[property: JsonPropertyName("x")]` names them (carrier-gateway of the eighth
            // planted-mismatch evaluation's org N: `ShipmentCreatedMessage(.., decimal[] Dimensions, ..)`).
            Some("(") if constructors == Constructors::Skipped && captures.get(2).is_some() => {
                let Some((inner, _)) = enclosed_within(text, whole.end() - 1, 20_000) else { continue };
                for parameter in split_top_level(inner) {
                    let Some(wire) = wire_annotations::wire_name(parameter).filter(|_| !ignored(parameter)) else { continue };
                    // Past the attributes (`[property: ..]`), not a type's `[]`.
                    let mut declaration = parameter.trim_start();
                    while let Some((_, end)) = declaration.starts_with('[').then(|| enclosed_within(declaration, 0, 400)).flatten() {
                        declaration = declaration[end..].trim_start();
                    }
                    let declaration = declaration.split('=').next().unwrap_or("").trim();
                    let Some((declared_type, _)) = declaration.rsplit_once(char::is_whitespace) else { continue };
                    let offset = parameter.as_ptr() as usize - text.as_ptr() as usize + (parameter.len() - parameter.trim_start().len());
                    let declared_type = declared_type.trim();
                    fields.push(DeclaredField { holder: holder.clone(), type_name: name.as_str().to_string(), field: wire.to_string(), json_type: json_type(declared_type), line: lines.number(offset), required: false, holds_type: held_type(declared_type) });
                }
            }
            Some("{") => {
                let Some(body) = block(text, whole.end() - 1) else { continue };
                let (mut wire, mut ignore): (Option<String>, bool) = (None, false);
                members_at_depth_one(text, body, lines, |line, line_number| {
                    if let Some(annotation) = wire_annotations::wire_name(line) {
                        wire = Some(annotation.to_string());
                    }
                    ignore |= ignored(line);
                    let member = JAVA_FIELD.captures(line).filter(|_| !line.contains(" static ")).or_else(|| CSHARP_PROPERTY.captures(line));
                    if let Some(member) = member {
                        // C# names on the wire only what an attribute names.
                        let field = match (wire.take(), std::mem::take(&mut ignore)) {
                            (_, true) => return,
                            (Some(wire), false) => wire,
                            (None, false) if line.contains('{') => return,
                            (None, false) => unnamed(&member[2]),
                        };
                        fields.push(DeclaredField { holder: holder.clone(), type_name: name.as_str().to_string(), field, json_type: json_type(&member[1]), line: line_number, required: false, holds_type: held_type(&member[1]) });
                    } else if line.contains([';', '{']) || !(line.trim_start().starts_with('@') || line.trim_start().starts_with('[') || line.trim().is_empty()) {
                        // A method's annotations are its own, not the next field's.
                        (wire, ignore) = (None, false);
                    }
                });
            }
            _ => {}
        }
    }
}

fn go(text: &str, lines: &Lines<'_>, fields: &mut Vec<DeclaredField>) {
    for captures in GO_STRUCT.captures_iter(text) {
        let (Some(whole), Some(name)) = (captures.get(0), captures.get(1)) else { continue };
        let holder = holder_of(name.as_str());
        let Some(body) = block(text, whole.end() - 1) else { continue };
        members_at_depth_one(text, body, lines, |line, line_number| {
            if let Some(member) = GO_FIELD.captures(line) {
                fields.push(DeclaredField { holder: holder.clone(), type_name: name.as_str().to_string(), field: member[3].to_string(), json_type: json_type(&member[2]), line: line_number, required: false, holds_type: held_type(&member[2]) });
            }
        });
    }
}

/// Members of received data's envelope rather than its content: the HTTP response's status
/// and headers, a Kafka record's key and value, a DOM event's target.
const ENVELOPE_MEMBERS: &[&str] = &[
    "data", "status", "statusText", "status_code", "statusCode", "headers", "ok", "text", "content", "body", "url", "reason", "json", "raw",
    "elapsed", "cookies", "encoding", "request", "config", "value", "key", "topic", "partition", "offset", "timestamp", "target",
    "currentTarget", "type", "detail", "payload", "Body", "Header", "StatusCode", "size", "isEmpty", "toString", "hashCode", "getClass",
    "stream", "iterator", "length", "name", "ordinal", "items", "keys", "values", "get",
];

/// Holders of a response, a message or an event, whose envelope members are not fields.
const ENVELOPE_HOLDERS: &[&str] = &["res", "resp", "response", "r", "msg", "message", "event", "evt", "e", "reply", "record"];

/// Of [`ENVELOPE_HOLDERS`], those named for a message or event, whose HTTP response's members
/// ([`HTTP_MEMBERS`]) are the message's own fields: fulfillment-worker of the eighth
/// planted-mismatch evaluation's org P compares an `OrderCancelled` event's `evt.reason`.
const MESSAGE_HOLDERS: &[&str] = &["msg", "message", "event", "evt", "record"];

/// Members of an HTTP response's envelope only (requests' `reason`, `elapsed`, fetch's `ok`).
const HTTP_MEMBERS: &[&str] = &["reason", "status", "statusText", "status_code", "statusCode", "ok", "elapsed", "cookies", "encoding", "url"];

/// The language a line's `holder.field` reads are looked for in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum DotReads {
    /// JavaScript and TypeScript: `order.createdAt`, `res.data.created_at`.
    Script,
    /// Python attributes of the code's own classes' objects: `merchant.legal_name` of a
    /// pydantic model, named as Python names them while the class's declaration says how they
    /// go on the wire (an alias generator's camelCase), so a read matches any wire name with
    /// its naming key (merchant-py of the planted-mismatch evaluation of 2026-12-07, org H).
    Python,
    /// Python attributes named as the wire names them: protobuf messages' (`reply.customer_name`),
    /// JSON made into attribute objects (`SimpleNamespace` through an `object_hook`, Munch, Box).
    PythonWire,
    /// Java and Kotlin: `event.customerId()`, `order.getTotal()`, `order.total`.
    Jvm,
    /// Go getters of proto messages: `p.GetPhoneNumber()` reads `phone_number`.
    Go,
    /// C# properties: `stock.OnHand`, named in .NET's convention rather than as the wire spells
    /// them (a read matches any wire name with its naming key).
    CSharp,
}

/// Words of which a Python, Java or Kotlin file that receives data from another service holds
/// one: an HTTP, gRPC or broker client, or parsed JSON. Elsewhere attributes are the file's
/// own objects, and not looked for.
const RECEIVES_DATA: &[&str] = &["requests", "httpx", "aiohttp", "json", "Json", "Stub", "grpc", "afka", "Listener", "RestTemplate", "WebClient", "Feign", "consumer", "Consumer"];

/// Words of which a C# file that receives data from another service holds one: an HTTP or gRPC
/// client, or a deserializer.
const CSHARP_RECEIVES_DATA: &[&str] = &["HttpClient", "JsonAsync", "Grpc", "JsonSerializer", "ReadAsAsync", "Confluent.Kafka", "RabbitMQ"];

/// Properties of .NET's own types: never a field of received data.
const CSHARP_MEMBERS: &[&str] = &[
    "Length", "Count", "Value", "HasValue", "Result", "Keys", "Values", "Message", "StatusCode", "IsSuccessStatusCode", "Content", "Headers", "Body",
    "Services", "Configuration", "Environment", "Logging", "Request", "Response", "Items", "Now", "UtcNow", "Empty", "Default", "Task", "Token",
    "InnerException", "StackTrace", "Data", "Id",
];

impl DotReads {
    /// How `holder.field` reads are looked for in a file, if at all.
    pub(super) fn of(extension: &str, text: &str) -> Option<DotReads> {
        let receives_data = || RECEIVES_DATA.iter().any(|word| text.contains(word));
        match extension {
            "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx" => Some(DotReads::Script),
            "py" if receives_data() && ["_pb2", "grpc", "SimpleNamespace", "object_hook", "Munch", "munchify", "DotMap", "Box(", "AttrDict"].iter().any(|word| text.contains(word)) => Some(DotReads::PythonWire),
            "py" if receives_data() => Some(DotReads::Python),
            "java" | "kt" if receives_data() => Some(DotReads::Jvm),
            "go" => Some(DotReads::Go),
            "cs" if CSHARP_RECEIVES_DATA.iter().any(|word| text.contains(word)) => Some(DotReads::CSharp),
            _ => None,
        }
    }
}

static DOT_READ: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([a-z][A-Za-z0-9_]*)\??\.([A-Za-z_][A-Za-z0-9_]*)\b").expect("a valid regex"));

/// Each (holder, field) a line of code (its literals blanked) reads with a dot. In a chain
/// (`res.data.created_at`) each link holds the next and only the last is read: the links
/// before it are the way to it (a link followed by a method of the language's own types is
/// read too), handed over with it, outermost first (`res` of `data.created_at`). A member
/// that is called is a method, not a field, except a Java getter or record accessor
/// (`getTotal()`, `customerId()`) and a Go getter.
pub(super) fn dot_reads(code: &str, language: DotReads, not_data_holders: &[&str], language_members: &[&str], found: &mut dyn FnMut(&str, String, Vec<&str>)) {
    for (holder, field) in dotted_pairs(code) {
        let after = &code[field.end..];
        let holder_name = &code[holder.clone()];
        // Holders are ASCII and the list is lowercase.
        if not_data_holders.iter().any(|name| name.eq_ignore_ascii_case(holder_name)) {
            continue;
        }
        // `order.items.length` still reads `items`: the next link is the language's.
        let next_link = after.strip_prefix('.').map(|rest| &rest[..rest.find(|character: char| !(character.is_ascii_alphanumeric() || character == '_')).unwrap_or(rest.len())]);
        if next_link.is_some_and(|link| !link.is_empty() && !language_members.contains(&link)) {
            continue;
        }
        // Kotlin's trailing lambda (`rewardsList.map { .. }`) is a call too.
        let called = after.trim_start().starts_with('(') || language == DotReads::Jvm && after.trim_start().starts_with('{');
        let empty_call = after.starts_with("()");
        let name = &code[field];
        let read = match language {
            DotReads::Go => match name.strip_prefix("Get").filter(|rest| empty_call && rest.starts_with(|c: char| c.is_ascii_uppercase())) {
                Some(rest) => snake_case(rest),
                None => continue,
            },
            DotReads::Jvm if called => {
                if !empty_call {
                    continue;
                }
                match name.strip_prefix("get").filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase())) {
                    Some(rest) => lower_first(rest),
                    None => name.to_string(),
                }
            }
            _ if called => continue,
            DotReads::Script if language_members.contains(&name) => continue,
            DotReads::CSharp if !name.starts_with(|character: char| character.is_ascii_uppercase()) || CSHARP_MEMBERS.contains(&name) => continue,
            _ => name.to_string(),
        };
        if ENVELOPE_HOLDERS.contains(&holder_name) && ENVELOPE_MEMBERS.contains(&read.as_str()) && !(MESSAGE_HOLDERS.contains(&holder_name) && HTTP_MEMBERS.contains(&read.as_str())) {
            continue;
        }
        found(holder_name, read, links_before(code, holder.start));
    }
}

/// The links of a chain before the one starting at `start`, outermost first: `reply` and
/// `destination` of `reply.destination.address.zip`'s `address`. A call or an index in the
/// chain (`a().b.c`, `a[0].b.c`) ends it: what comes before is no field's holder.
fn links_before(code: &str, start: usize) -> Vec<&str> {
    let bytes = code.as_bytes();
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$';
    let mut links = Vec::new();
    let mut at = start;
    loop {
        let before = bytes[..at].strip_suffix(b".").map(|rest| rest.strip_suffix(b"?").unwrap_or(rest));
        let Some(end) = before.map(<[u8]>::len) else { break };
        let begin = bytes[..end].iter().rposition(|&byte| !is_word(byte)).map_or(0, |at| at + 1);
        if begin == end || !(bytes[begin].is_ascii_alphabetic() || bytes[begin] == b'_' || bytes[begin] == b'$') || links.len() == 4 {
            return Vec::new();
        }
        links.push(&code[begin..end]);
        at = begin;
    }
    links.reverse();
    links
}

/// The (holder, field) byte ranges of [`DOT_READ`]'s matches in `code`, each match searched
/// for again from its field, so that each link of a chain is a holder. An ASCII line is read by
/// hand: every match sits around a `.`, its holder the word before it (or before `?.`) when
/// that word starts with a lowercase letter, its field the word after it.
fn dotted_pairs(code: &str) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut pairs = Vec::new();
    if !code.is_ascii() {
        let mut at = 0;
        while let Some(captures) = DOT_READ.captures_at(code, at) {
            let (Some(holder), Some(field)) = (captures.get(1), captures.get(2)) else { break };
            at = field.start();
            pairs.push((holder.range(), field.range()));
        }
        return pairs;
    }
    let bytes = code.as_bytes();
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    for (dot, _) in code.match_indices('.') {
        let holder_end = if dot > 0 && bytes[dot - 1] == b'?' { dot - 1 } else { dot };
        let holder_start = bytes[..holder_end].iter().rposition(|&byte| !is_word(byte)).map_or(0, |at| at + 1);
        let field_start = dot + 1;
        let field_end = bytes[field_start..].iter().position(|&byte| !is_word(byte)).map_or(bytes.len(), |at| field_start + at);
        if holder_start < holder_end
            && bytes[holder_start].is_ascii_lowercase()
            && field_start < field_end
            && (bytes[field_start].is_ascii_alphabetic() || bytes[field_start] == b'_')
        {
            pairs.push((holder_start..holder_end, field_start..field_end));
        }
    }
    pairs
}

/// `PhoneNumber` -> `phone_number`.
pub(super) fn snake_case(name: &str) -> String {
    let mut snake = String::with_capacity(name.len() + 4);
    for (index, character) in name.chars().enumerate() {
        if character.is_ascii_uppercase() {
            if index > 0 {
                snake.push('_');
            }
            snake.push(character.to_ascii_lowercase());
        } else {
            snake.push(character);
        }
    }
    snake
}

/// `CustomerId` -> `customerId`.
pub(super) fn lower_first(name: &str) -> String {
    let mut characters = name.chars();
    characters.next().map(|first| first.to_ascii_lowercase().to_string() + characters.as_str()).unwrap_or_default()
}

/// The byte range inside the brace block opened at `open`, strings skipped.
pub(super) fn block(text: &str, open: usize) -> Option<(usize, usize)> {
    let (_, end) = enclosed_within(text, open, 20_000)?;
    Some((open + 1, end - 1))
}

/// Each line of a block's body not inside a nested block, with its line number.
pub(super) fn members_at_depth_one(text: &str, (start, end): (usize, usize), lines: &Lines<'_>, mut member: impl FnMut(&str, usize)) {
    let mut depth = 0i32;
    let mut offset = start;
    for line in text[start..end].split('\n') {
        if depth == 0 {
            member(line.trim_end_matches('\r'), lines.number(offset));
        }
        depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
        depth = depth.max(0);
        offset += line.len() + 1;
    }
}

/// The JSON type of a declared type, when it is a plain one.
pub(super) fn json_type(declared: &str) -> Option<&'static str> {
    let mut declared = declared.trim().trim_end_matches('?').trim_start_matches('*').trim();
    for wrapper in ["Optional[", "Optional<"] {
        if let Some(inner) = declared.strip_prefix(wrapper) {
            declared = inner.strip_suffix([']', '>']).unwrap_or(inner);
        }
    }
    // `string | null`, `str | None`, `"A" | "B"`.
    let alternatives: Vec<&str> = declared.split('|').map(str::trim).filter(|part| !matches!(*part, "null" | "None" | "undefined")).collect();
    if alternatives.len() > 1 {
        return alternatives.iter().all(|part| part.starts_with(['"', '\''])).then_some("string");
    }
    let declared = alternatives.first().copied().unwrap_or("");
    if declared.starts_with(['"', '\'']) {
        return Some("string");
    }
    let base = declared.split(['<', '[']).next().unwrap_or(declared);
    if declared.ends_with("[]") || declared.starts_with("[]") {
        return Some("array");
    }
    Some(match base {
        "string" | "String" | "str" | "date" | "datetime" | "LocalDate" | "LocalDateTime" | "OffsetDateTime" | "Instant" | "ZonedDateTime" | "DateTime"
        | "DateTimeOffset" | "time.Time" => "string",
        "int" | "Integer" | "long" | "Long" | "short" | "Short" | "Int" | "int32" | "int64" | "uint" | "uint32" | "uint64" | "BigInteger" => "integer",
        "float" | "double" | "Double" | "Float" | "number" | "decimal" | "BigDecimal" | "float32" | "float64" => "number",
        "bool" | "boolean" | "Boolean" => "boolean",
        "list" | "List" | "Array" | "ArrayList" | "Set" | "set" | "Sequence" | "tuple" | "IEnumerable" | "IList" | "ICollection" | "IReadOnlyList" | "Collection" => "array",
        "dict" | "Dict" | "Map" | "HashMap" | "Record" | "Dictionary" | "IDictionary" | "map" => "object",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_pairs_are_the_patterns_matches() {
        const FRAGMENTS: &[&str] = &["a", "B", "_", "1", ".", "?", " ", "(", ")", "res", "data", "x_y", "é", "Order", "\"\"", "-"];
        for seed in 0..20000 {
            let line = crate::readers::code::tests::generated(seed, 14, FRAGMENTS);
            let mut expected = Vec::new();
            let mut at = 0;
            while let Some(captures) = DOT_READ.captures_at(&line, at) {
                let (Some(holder), Some(field)) = (captures.get(1), captures.get(2)) else { break };
                at = field.start();
                expected.push((holder.range(), field.range()));
            }
            assert_eq!(dotted_pairs(&line), expected, "{line:?}");
        }
    }

    #[test]
    fn a_chains_links_before_a_holder_are_its_way_there() {
        let code = "x = reply.destination.address.zip + a().b.c + d?.e.f + w.v.u.t.s.r.q";
        let links = |holder: &str| links_before(code, code.find(holder).expect("holder in code"));
        assert_eq!(links("address"), ["reply", "destination"]);
        assert_eq!(links("reply"), Vec::<&str>::new());
        assert!(links("b.c").is_empty(), "a call ends the chain");
        assert_eq!(links("e.f"), ["d"]);
        assert!(links("r.q").is_empty(), "too long a chain");
        assert_eq!(held_type("List<CardDto>").as_deref(), Some("CardDto"));
        assert_eq!(held_type("MoneyDto?").as_deref(), Some("MoneyDto"));
        assert_eq!(held_type("Option<Vec<Card>>").as_deref(), Some("Card"));
        assert_eq!(held_type("decimal"), None);
        assert_eq!(held_type("String"), None);
    }

    #[test]
    fn suffixes_come_off_type_names() {
        assert_eq!(holder_of("OrderDto"), "Order");
        assert_eq!(holder_of("PaymentCompletedEvent"), "PaymentCompleted");
        assert_eq!(holder_of("ProductResponseDto"), "Product");
        assert_eq!(holder_of("Data"), "Data");
    }

    #[test]
    fn zod_schemas_declare_fields_with_json_types() {
        let text = "import { z } from \"zod\";\nexport const QuoteSchema = z.object({\n  quote_id: z.string().uuid(),\n  \"fare_cents\": z.number().int(),\n  surge: z.number(), product: z.enum([\"a\", \"b\"]),\n  lines: z.array(z.object({ sku: z.string() })),\n  // the rider's note, if any, isn't checked\n  note: z.custom((x) => x),\n  'promo-code': z.string().optional(),\n  tags: z.string().array(),\n  /* sent as text */ eta: z.coerce.number(),\n});\nconst QuoteRequestSchema = z.object({ product: z.string() });\n";
        let lines = Lines::new(text);
        let mut fields = Vec::new();
        zod(text, &lines, &mut fields);
        let found: Vec<(&str, &str, &str, Option<&str>, usize)> =
            fields.iter().map(|field| (field.holder.as_str(), field.type_name.as_str(), field.field.as_str(), field.json_type, field.line)).collect();
        assert_eq!(
            found,
            [
                ("Quote", "Quote", "quote_id", Some("string"), 3),
                ("Quote", "Quote", "fare_cents", Some("integer"), 4),
                ("Quote", "Quote", "surge", Some("number"), 5),
                ("Quote", "Quote", "product", Some("string"), 5),
                ("Quote", "Quote", "lines", Some("array"), 6),
                ("Quote", "Quote", "note", None, 8),
                ("Quote", "Quote", "tags", Some("array"), 10),
                ("Quote", "Quote", "eta", None, 11),
            ],
            "an optional field and a request's schema are left out"
        );
    }

    #[test]
    fn declared_types_have_json_types() {
        assert_eq!(json_type("Optional[float]"), Some("number"));
        assert_eq!(json_type("\"PENDING\" | \"PAID\""), Some("string"));
        assert_eq!(json_type("string | null"), Some("string"));
        assert_eq!(json_type("List[InvoiceLine]"), Some("array"));
        assert_eq!(json_type("[]string"), Some("array"));
        assert_eq!(json_type("OrderShipping"), None);
        assert_eq!(json_type("decimal"), Some("number"));
    }
}
