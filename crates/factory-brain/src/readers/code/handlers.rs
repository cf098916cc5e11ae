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
use super::python_models::marshmallow;

pub(super) mod rust;

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
    let bodies = success_bodies(answers)?;
    let mut keys: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    for body in &bodies {
        let found = body_keys(body, extension, text, Naming::Declared)?;
        keys.extend(found.into_iter().filter(|key| seen.insert(key.clone())));
    }
    (!bodies.is_empty()).then_some(keys)
}

/// The type a route's handler declares it answers with, when its signature names one of
/// the code's own types: Spring's, JAX-RS's, Micronaut's and NestJS's method after the
/// route's annotation (`public List<OrderDto> list(`, `fun get(): OrderDto`,
/// `async find(): Promise<Order>`), FastAPI's `response_model=Order` or `-> Order`. Wrappers
/// (`ResponseEntity<>`, `List<>`, `Mono<>`, `Promise<>`, `Optional<>`, `X[]`) are taken off;
/// a plain type (`String`, `void`, `Map<>`) names nothing.
pub(super) fn answered_type(extension: &str, text: &str, offset: usize) -> Option<String> {
    static JAVA_SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:(?:public|protected|private|internal|static|final|synchronized|default|abstract|async|virtual|override|sealed|new)\s+)*(?:<[^>]*>\s+)?([\w.]+(?:<.*?>)?(?:\[\])?)\s+\w+\s*\(").expect("a valid regex")
    });
    static NAMED_FUNCTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:(?:public|protected|private|internal|override|suspend|open|static|async|fun)\s+)*\w+\s*(?:<[^>(]*>)?\s*\(").expect("a valid regex")
    });
    static FASTAPI_MODEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bresponse_model\s*=\s*([\w.\[\], ]+?)\s*[,)]").expect("a valid regex"));
    let after = &text[offset..text.len().min(offset + 4_000)];
    let written = match extension {
        "py" => {
            let def = after.find("def ")?;
            // Only a decorator's function: nothing but decorators between the route and `def`.
            if !decorates(&after[..def]) {
                return None;
            }
            match FASTAPI_MODEL.captures(&after[..def]) {
                Some(model) => model[1].to_string(),
                None => {
                    let open = def + after[def..].find('(')?;
                    let (_, close) = enclosed(after, open)?;
                    // Else Flask's handler dumping a marshmallow schema: `return ride_schema.dump(ride)`.
                    let annotated = after[close..].trim_start().strip_prefix("->").and_then(|rest| Some(rest[..rest.find(':')?].trim().to_string()));
                    annotated.or_else(|| marshmallow::dumped_schema(text, marshmallow::python_function(after, def)))?
                }
            }
        }
        "java" | "kt" | "ts" | "scala" | "cs" => {
            // Only a route declared by an annotation, decorator or attribute has a signature
            // after it (`router.get("/x", handler)` has not).
            let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
            if !text[line_start..].trim_start().starts_with(['@', '[']) {
                // ASP.NET's minimal APIs: what the handler given to `MapGet(..)` answers with.
                return if extension == "cs" { own_type(&csharp_answered_type(minimal_api_handler(text, offset)?)?) } else { None };
            }
            // The first line after the route's own annotation that is not another annotation
            // or decorator: the method's signature.
            let mut rest = after;
            let signature = loop {
                let line_end = rest.find('\n')?;
                rest = &rest[line_end + 1..];
                let line = rest.trim_start();
                if !line.starts_with('@') && !line.starts_with('[') && !line.is_empty() {
                    break rest;
                }
            };
            if extension == "java" || extension == "cs" {
                JAVA_SIGNATURE.captures(signature.split('\n').next()?)?[1].to_string()
            } else {
                let found = NAMED_FUNCTION.find(signature)?;
                let (_, close) = enclosed_within(signature, found.end() - 1, 2_000)?;
                let rest = signature[close..].trim_start().strip_prefix(':')?.trim_start();
                let end = rest.find(['{', '=', '\n']).unwrap_or(rest.len());
                rest[..end].trim().to_string()
            }
        }
        // actix's and Rocket's attributes: the signature of the `fn` below.
        "rs" if text[offset..].starts_with("#[") => return rust::attributed(text, offset)?.returns,
        "go" => {
            let handler = registered_handler(extension, text, offset)?;
            let values: Vec<&str> = success_bodies(go_answers(handler))?.into_iter().map(str::trim).collect();
            let first = *values.first()?;
            if values.iter().any(|value| *value != first) {
                return None;
            }
            // Go's unexported types answer too (`paymentMethodList{Data: methods}`, org S's
            // accounts-api of the ninth planted-mismatch evaluation).
            let written = go_value_type(handler, text, first)?;
            return own_type(&written).or_else(|| {
                let name = written.rsplit('.').next()?;
                let unexported = name.starts_with(|first: char| first.is_ascii_lowercase()) && name.chars().all(|character| character.is_alphanumeric() || character == '_');
                (unexported && !GO_BUILT_IN.contains(&name) && !written.contains('.')).then(|| name.to_string())
            });
        }
        _ => return None,
    };
    own_type(&written)
}

/// Go's predeclared types, which no file declares.
const GO_BUILT_IN: &[&str] = &["string", "bool", "byte", "rune", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64", "any", "error", "map", "struct", "interface"];

/// The pydantic model a FastAPI route's handler takes its request body as: the parameter
/// annotated with one of the code's own types (`def create_order(body: OrderCreate)`), not a
/// dependency (`= Depends(..)`), a query, path, header or cookie parameter, or one of FastAPI's
/// and Starlette's own types (`request: Request`); a list or optional body (`list[Item]`) is
/// left out, its fields not the request's.
pub(super) fn accepted_type(extension: &str, text: &str, offset: usize) -> Option<String> {
    const FRAMEWORK_TYPES: &[&str] = &["Request", "Response", "BackgroundTasks", "WebSocket", "HTTPConnection", "Session", "AsyncSession", "UploadFile", "SecurityScopes"];
    const NOT_BODY: &[&str] = &["Depends(", "Security(", "Query(", "Path(", "Header(", "Cookie(", "Form(", "File("];
    if extension == "ts" {
        return nest_body_type(text, offset);
    }
    if extension == "go" {
        return go_decoded_type(text, offset);
    }
    if extension == "rs" {
        return text[offset..].starts_with("#[").then(|| rust::attributed(text, offset)?.accepts).flatten();
    }
    if extension == "cs" {
        // Only a verb with a body takes one (`MapGet`'s complex parameters are bound otherwise).
        let with_body = [".MapPost", ".MapPut", ".MapPatch"].iter().any(|verb| text[offset..].starts_with(verb));
        return with_body.then(|| minimal_api_body(minimal_api_handler(text, offset)?)).flatten();
    }
    if extension != "py" {
        return None;
    }
    let after = &text[offset..text.len().min(offset + 4_000)];
    let def = after.find("def ")?;
    if !decorates(&after[..def]) {
        return None;
    }
    let open = def + after[def..].find('(')?;
    let (parameters, _) = enclosed(after, open)?;
    split_top_level(parameters).into_iter().find_map(|parameter| {
        let (_, annotation) = parameter.split_once(':')?;
        let (annotation, default) = annotation.split_once('=').map_or((annotation, ""), |(annotation, default)| (annotation, default));
        let annotation = annotation.trim();
        let bare = !annotation.is_empty() && annotation.chars().all(|character| character.is_alphanumeric() || character == '_' || character == '.');
        if !bare || NOT_BODY.iter().any(|call| default.contains(call)) {
            return None;
        }
        own_type(annotation).filter(|name| !FRAMEWORK_TYPES.contains(&name.as_str()))
    })
    .or_else(|| marshmallow::loaded_schema(text, marshmallow::python_function(after, def)))
}

/// The struct a Go route's handler decodes its request body into: `var req AddCardRequest` (or
/// `req := AddCardRequest{}`) then `json.NewDecoder(r.Body).Decode(&req)` (org S's accounts-api
/// of the ninth planted-mismatch evaluation, whose decoder also disallows unknown fields).
fn go_decoded_type(text: &str, offset: usize) -> Option<String> {
    static DECODED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\.Decode\(\s*&(\w+)\s*\)").expect("a valid regex"));
    let handler = registered_handler("go", text, offset)?;
    let name = DECODED.captures(handler)?.get(1)?.as_str();
    let name = regex::escape(name);
    let declared = Regex::new(&format!(r"\bvar\s+{name}\s+([A-Za-z_]\w*)\b|\b{name}\s*:=\s*&?([A-Za-z_]\w*)\s*\{{")).ok()?;
    let found = declared.captures(handler)?;
    let type_name = found.get(1).or_else(|| found.get(2))?.as_str();
    (!GO_BUILT_IN.contains(&type_name)).then(|| type_name.to_string())
}

/// The DTO a NestJS route's handler takes its body as: the parameter `@Body()` decorates,
/// `create(@Body() dto: CreateProductDto)` (catalog-service of the seventh planted-mismatch
/// evaluation's org K); not `@Body('name') name: string`, one property of it.
fn nest_body_type(text: &str, offset: usize) -> Option<String> {
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    if !text[line_start..].trim_start().starts_with('@') {
        return None;
    }
    let after = &text[offset..text.len().min(offset + 4_000)];
    let body = after.find("@Body()")?;
    // The handler's own parameters: no other route's decorator before the body's.
    if after[..body].matches("\n").count() > 12 || after[after.find('\n')?..body].contains("@Get(") || after[after.find('\n')?..body].contains("@Post(") {
        return None;
    }
    let rest = after[body + "@Body()".len()..].trim_start();
    let (_, annotation) = rest.split_once(':')?;
    let end = annotation.find([',', ')', '=']).unwrap_or(annotation.len());
    let annotation = annotation[..end].trim();
    (!annotation.is_empty() && annotation.chars().all(|character| character.is_alphanumeric() || character == '_')).then(|| own_type(annotation)).flatten()
}

/// The type of what a Go handler answers with: a composite literal's (`Quote{...}`,
/// `[]Quote{}`), or a variable's, as the handler declares it (`var q Quote`, `q := &Quote{`)
/// or as the file's function it was assigned from returns it (`q, err := s.Lookup(id)` and
/// `func (s *Store) Lookup(id string) (*Quote, error)`).
fn go_value_type(handler: &str, text: &str, value: &str) -> Option<String> {
    static LITERAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^&?(?:\[\])?\*?([A-Za-z_][\w.]*)\s*\{").expect("a valid regex"));
    if let Some(literal) = LITERAL.captures(value) {
        return Some(literal[1].to_string());
    }
    if !value.chars().all(|character| character.is_alphanumeric() || character == '_') || value.is_empty() {
        return None;
    }
    let name = regex::escape(value);
    let declared = Regex::new(&format!(r"\bvar\s+{name}\s+(?:\[\])?\*?([A-Za-z_][\w.]*)|\b{name}\s*:?=\s*(?:&|make\(|\[\])*(?:\[\])?\*?([A-Z][\w.]*)\s*[{{,)]")).ok()?;
    if let Some(found) = declared.captures(handler) {
        return found.get(1).or_else(|| found.get(2)).map(|name| name.as_str().to_string());
    }
    let assigned = Regex::new(&format!(r"\b{name}\s*(?:,\s*\w+\s*)?:?=\s*(?:[\w.]+\.)?(\w+)\s*\(")).ok()?;
    let function = assigned.captures(handler)?.get(1)?.as_str().to_string();
    let signature = Regex::new(&format!(r"\bfunc\s*(?:\([^)]*\)\s*)?{}\s*\([^)]*\)\s*\(?\s*(?:\[\])?\*?([A-Za-z_][\w.]*)", regex::escape(&function))).ok()?;
    Some(signature.captures(text)?.get(1)?.as_str().to_string())
}

/// Whether the handler of the route at `offset` answers successfully with a value whose
/// type the file does not tell (`c.JSON(http.StatusOK, q)` after `q := h.engine.Price(req)`,
/// `Results.Ok(store.ForEvent(id))`), and with nothing else: the route's answer is then
/// likely the resource its path names (see `resolve::answers`). Go and C#, whose handlers
/// answer with declared types.
pub(super) fn answers_untyped_value(extension: &str, text: &str, offset: usize) -> bool {
    // Go's other responders (`c.String(200, ..)`, `c.XML(..)`): not only JSON bodies.
    static OTHER_RESPONDER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b\w+\.(?:String|XML|HTML|Data|YAML|TOML|File|Blob|Stream|ProtoBuf|Render)\s*\(\s*(?:http\.Status|[0-9])").expect("a valid regex"));
    let (handler, answers) = match extension {
        "go" => match registered_handler(extension, text, offset) {
            Some(handler) if !OTHER_RESPONDER.is_match(handler) => (handler, go_answers(handler)),
            _ => return false,
        },
        "cs" => match minimal_api_handler(text, offset) {
            Some(handler) => (handler, csharp_answers(handler)),
            None => return false,
        },
        _ => return false,
    };
    let Some(values) = success_bodies(answers) else { return false };
    !values.is_empty()
        && values.iter().map(|value| value.trim()).all(|value| {
            // A type the file tells (even one that names no fields, `string`, `map[..]`) is no
            // unknown type.
            let typed = match extension {
                "go" => go_value_type(handler, text, value).is_some(),
                _ => csharp_value_type(handler, value).is_some(),
            };
            !typed && is_call_value(handler, value)
        })
}

/// Whether `value` is what a call returns: a call (`store.ForEvent(id)`, `await
/// h.engine.Price(req)`), or a variable the handler assigns from one (`q := h.engine.Price(req)`,
/// `var seats = store.All();`). Literals, `new`, composite literals and anything else are not.
fn is_call_value(handler: &str, value: &str) -> bool {
    static CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:await\s+)?[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*\s*(?:<[^<>()]*>)?\s*\(").expect("a valid regex"));
    /// Go's built-ins and conversions, whose results the code builds.
    const BUILT: &[&str] = &["new", "make", "append", "string", "len", "map", "struct", "func", "fmt.Sprintf", "strconv.Itoa"];
    let is_call = |expression: &str| {
        let expression = expression.trim().trim_end_matches(';').trim();
        CALL.is_match(expression) && !BUILT.iter().any(|word| expression.strip_prefix(word).is_some_and(|rest| rest.trim_start().starts_with('(')))
    };
    if is_call(value) {
        return true;
    }
    if value.is_empty() || !value.chars().all(|character| character.is_alphanumeric() || character == '_') {
        return false;
    }
    let name = regex::escape(value);
    let Ok(assigned) = Regex::new(&format!(r"(?m)(?:\bvar\s+{name}\s*=|\b{name}\s*(?:,\s*\w+\s*)?:=)\s*([^\n]+)")) else { return false };
    assigned.captures(handler).and_then(|found| found.get(1)).is_some_and(|expression| is_call(expression.as_str()))
}

/// The handler an ASP.NET minimal API registration at `offset` (`app.MapGet("/x", (..) =>
/// ..)`) is given: its lambda, whole.
fn minimal_api_handler(text: &str, offset: usize) -> Option<&str> {
    let open = offset + text[offset..].find('(')?;
    let (inner, _) = enclosed_within(text, open, 40_000)?;
    let handler = split_top_level(inner).pop()?.trim();
    handler.contains("=>").then_some(handler)
}

/// The type of the body a minimal API handler takes (`(string stationId, ReservationRequest req,
/// StationStore store, RabbitPublisher bus) =>`): the parameter `[FromBody]` marks, else the one
/// of the code's own types that is no service the container injects (a store, a client, a
/// publisher, a logger: named so by their types' last word) nor bound from the route, query or
/// headers (stations-api of the tenth planted-mismatch evaluation's org V).
fn minimal_api_body(handler: &str) -> Option<String> {
    const SERVICES: &[&str] = &[
        "Store", "Service", "Repository", "Repo", "Publisher", "Client", "Context", "Bus", "Logger", "Options", "Factory", "Handler", "Manager", "Provider", "Cache", "Sender",
        "Producer", "Queue", "Configuration", "Environment", "Mediator", "Validator", "Principal", "Token", "Response", "DataSource", "Connection", "Db",
    ];
    let open = handler.find('(')?;
    let (parameters, _) = enclosed_within(handler, open, 4_000)?;
    let mut candidates = Vec::new();
    for parameter in split_top_level(parameters) {
        let attributes = if parameter.trim_start().starts_with('[') { parameter.split(']').next().unwrap_or("") } else { "" };
        let declaration = parameter.rsplit(']').next().unwrap_or(parameter).trim();
        let mut words = declaration.split_whitespace();
        let (Some(written), Some(_name), None) = (words.next(), words.next(), words.next()) else { continue };
        let Some(type_name) = own_type(written) else { continue };
        if attributes.contains("FromBody") {
            return Some(type_name);
        }
        if attributes.contains("AsParameters") {
            continue;
        }
        // `HttpRequest` is ASP.NET's; `ReservationRequest` is a body.
        let injected = type_name == "HttpRequest" || (!type_name.ends_with("Request") && SERVICES.iter().any(|word| type_name.ends_with(word)));
        let interface = type_name.starts_with('I') && type_name.chars().nth(1).is_some_and(|second| second.is_ascii_uppercase());
        if attributes.contains("From") || injected || interface {
            continue;
        }
        candidates.push(type_name);
    }
    match candidates.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// `Results.Ok(x)`, `TypedResults.Created(uri, x)`, `Results.NotFound()`, or an expression
/// lambda's own value (`() => store.All()`), which ASP.NET serializes as it is.
fn csharp_answers(handler: &str) -> Vec<Answer<'_>> {
    static RESULT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:Typed)?Results\s*\.\s*(\w+)\s*(?:<[^>()]*>)?\s*\(").expect("a valid regex"));
    const FAILURES: &[&str] = &[
        "NotFound", "BadRequest", "Conflict", "Problem", "ValidationProblem", "Unauthorized", "Forbid", "UnprocessableEntity", "StatusCode", "InternalServerError",
    ];
    const NO_BODY: &[&str] = &["NoContent", "Redirect", "LocalRedirect", "RedirectToRoute", "Challenge", "SignIn", "SignOut", "Empty"];
    let mut answers = Vec::new();
    let mut results = false;
    for captures in RESULT.captures_iter(handler) {
        let (Some(whole), Some(kind)) = (captures.get(0), captures.get(1)) else { continue };
        results = true;
        let kind = kind.as_str();
        if FAILURES.contains(&kind) {
            answers.push(Answer::Failure);
            continue;
        }
        if NO_BODY.contains(&kind) {
            continue;
        }
        let Some((arguments, _)) = enclosed_within(handler, whole.end() - 1, 4_000).map(|(inner, end)| (split_top_level(inner), end)) else {
            answers.push(Answer::Unknown);
            continue;
        };
        let arguments: Vec<&str> = arguments.into_iter().map(str::trim).filter(|argument| !argument.is_empty()).collect();
        // The body: `Ok(x)`, `Json(x)`; `Created(uri, x)`, `Accepted(uri, x)`; `CreatedAtRoute(name, values, x)`.
        let body = match kind {
            "Ok" | "Json" => arguments.first().copied(),
            "Created" | "Accepted" => arguments.get(1).copied(),
            "CreatedAtRoute" | "AcceptedAtRoute" => arguments.get(2).copied(),
            _ => {
                answers.push(Answer::Unknown);
                continue;
            }
        };
        if let Some(body) = body {
            answers.push(Answer::Body(body));
        }
    }
    // An expression lambda answering a value of its own: `(..) => store.All()`.
    if !results
        && let Some((_, value)) = handler.split_once("=>")
    {
        let value = value.trim();
        if !value.starts_with('{') && !value.is_empty() {
            answers.push(Answer::Body(value));
        }
    }
    answers
}

/// The type a C# minimal API handler answers with, when every successful answer names the
/// same one: `new Seat(..)`, or a variable the handler declares with it (`is Seat seat`,
/// `Seat seat = ..`, `var seat = new Seat(..)`).
fn csharp_answered_type(handler: &str) -> Option<String> {
    let mut found: Option<String> = None;
    for value in success_bodies(csharp_answers(handler))? {
        let type_name = csharp_value_type(handler, value.trim())?;
        if found.as_ref().is_some_and(|found| *found != type_name) {
            return None;
        }
        found = Some(type_name);
    }
    found
}

fn csharp_value_type(handler: &str, value: &str) -> Option<String> {
    static CREATED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^new\s+([A-Z][\w.]*)(?:<[^<>]*>)?\s*[({]").expect("a valid regex"));
    if let Some(created) = CREATED.captures(value) {
        return Some(created[1].to_string());
    }
    if value.is_empty() || !value.chars().all(|character| character.is_alphanumeric() || character == '_') {
        return None;
    }
    let name = regex::escape(value);
    let declared = Regex::new(&format!(r"\bis\s+([A-Z][\w.]*)\s+{name}\b|\b([A-Z][\w.]*)\??\s+{name}\s*=|\bvar\s+{name}\s*=\s*new\s+([A-Z][\w.]*)\s*[({{]")).ok()?;
    let found = declared.captures(handler)?;
    found.get(1).or_else(|| found.get(2)).or_else(|| found.get(3)).map(|name| name.as_str().to_string())
}

/// Whether `text`, from a route's registration to the next `def`, is decorators only
/// (`@app.get(...)` and others, over lines or not, then maybe `async `).
fn decorates(text: &str) -> bool {
    let text = text.trim_end();
    let text = text.strip_suffix("async").unwrap_or(text);
    if !text.starts_with('@') {
        return false;
    }
    let mut depth = 0i32;
    let mut line_start = true;
    for character in text.chars() {
        match character {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '\n' => {
                line_start = true;
                continue;
            }
            ' ' | '\t' => continue,
            _ => {}
        }
        if line_start && depth <= 0 && !matches!(character, '@' | ')' | ']' | '}') {
            return false;
        }
        line_start = false;
    }
    depth <= 0
}

/// `ResponseEntity<List<OrderDto>>` -> `OrderDto`; `None` for a plain or unknown type.
fn own_type(written: &str) -> Option<String> {
    const WRAPPERS: &[&str] = &[
        "ResponseEntity", "HttpEntity", "Response", "List", "ArrayList", "Collection", "Iterable", "Set", "Optional", "Mono", "Flux", "Uni", "Multi",
        "CompletableFuture", "CompletionStage", "Future", "Promise", "Observable", "Array", "ReadonlyArray", "Page", "Stream", "Seq", "Flow", "EntityModel",
        "CollectionModel", "HttpResponse", "MutableList", "Sequence", "Deferred", "typing.List", "list", "set", "Iterator", "IEnumerable",
        "Task", "ValueTask", "ActionResult", "IList", "IReadOnlyList", "IReadOnlyCollection", "ICollection", "IAsyncEnumerable",
    ];
    const PLAIN: &[&str] = &[
        "String", "string", "void", "Void", "Unit", "Object", "Any", "any", "unknown", "Map", "HashMap", "Record", "JsonNode", "ObjectNode", "Integer", "Long",
        "Boolean", "Double", "Float", "BigDecimal", "int", "long", "boolean", "double", "float", "number", "Int", "dict", "Dict", "str", "bool", "None",
        "ResponseEntity", "Response", "HttpResponse", "HttpStatus", "ModelAndView", "View", "Resource", "byte", "Byte", "JSONResponse", "Mono", "Flux",
        "IActionResult", "IResult", "ActionResult", "Task", "ValueTask", "object", "IEnumerable",
    ];
    let mut name = written.trim().trim_end_matches('?').trim();
    for _ in 0..6 {
        name = name.strip_suffix("[]").unwrap_or(name).trim();
        let Some(open) = name.find(['<', '[']) else { break };
        let outer = &name[..open];
        if !WRAPPERS.contains(&outer) {
            return None;
        }
        let close = name.rfind(['>', ']'])?;
        let inner = name.get(open + 1..close)?.trim();
        // `ResponseEntity<?>`, `Map<K, V>` hold no one type.
        if split_top_level(inner).len() != 1 {
            return None;
        }
        name = inner.trim_end_matches('?').trim();
    }
    let name = name.rsplit('.').next()?.trim_end_matches('?');
    let is_type = name.chars().next().is_some_and(|first| first.is_ascii_uppercase()) && name.chars().all(|character| character.is_alphanumeric() || character == '_');
    (is_type && !PLAIN.contains(&name)).then(|| name.to_string())
}

/// The bodies of a handler's successful answers; `None` when any answer is neither a body
/// nor a failure.
fn success_bodies(answers: Vec<Answer<'_>>) -> Option<Vec<&str>> {
    let mut bodies = Vec::new();
    for answer in answers {
        match answer {
            Answer::Body(body) => bodies.push(body),
            Answer::Failure => {}
            Answer::Unknown => return None,
        }
    }
    Some(bodies)
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
        answers.push(match value.map(mapped_literal) {
            Some(value) if value.starts_with('{') => Answer::Body(value),
            _ => Answer::Unknown,
        });
    }
    answers
}

/// `rows.map((r) => ({ id: r.id }))`: a list of the literal each item maps to, whose keys
/// are those of the list's items; anything else as it is.
fn mapped_literal(value: &str) -> &str {
    static MAPPED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\w.$]+\s*\.\s*map\s*\(\s*(?:async\s+)?(?:\(\s*\w*\s*\)|\w+)\s*=>\s*\(\s*\{").expect("a valid regex"));
    let Some(found) = MAPPED.find(value) else { return value };
    let open = found.end() - 1;
    match enclosed_within(value, open, 4_000) {
        Some((_, end)) => &value[open..end],
        None => value,
    }
}

/// `json.NewEncoder(w).Encode(x)`, after a `w.WriteHeader(404)` or not; Gin's and Echo's
/// `c.JSON(http.StatusOK, x)`; a helper of the file's own, `writeJSON(w, http.StatusOK, x)`.
fn go_answers(handler: &str) -> Vec<Answer<'_>> {
    static CONTEXT_JSON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b\w+\.(?:JSON|IndentedJSON|PureJSON)\s*\(").expect("a valid regex"));
    let mut answers = Vec::new();
    for found in CONTEXT_JSON.find_iter(handler) {
        let Some((arguments, _)) = arguments(handler, found.end() - 1) else {
            answers.push(Answer::Unknown);
            continue;
        };
        let [status, value] = arguments[..] else {
            answers.push(Answer::Unknown);
            continue;
        };
        let status = status.trim();
        let succeeded = status.starts_with('2') || ["http.StatusOK", "http.StatusCreated", "http.StatusAccepted"].contains(&status);
        answers.push(if succeeded { Answer::Body(value) } else { Answer::Failure });
    }
    // A helper of the service's own (`writeJSON(w, http.StatusOK, acct)`, `respondJSON(w, v)`):
    // the status, when given, comes after the writer.
    static HELPER_JSON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|[^.\w])(?:write|respond|render|send|reply)_?(?:JSON|Json|json|WithJSON|WithJson)\s*\(").expect("a valid regex"));
    for found in HELPER_JSON.find_iter(handler) {
        let Some((arguments, _)) = arguments(handler, found.end() - 1) else {
            answers.push(Answer::Unknown);
            continue;
        };
        let status = |argument: &str| argument.starts_with(|first: char| first.is_ascii_digit()) || argument.starts_with("http.Status");
        answers.push(match arguments[..] {
            [_, code, value] if status(code.trim()) => {
                let code = code.trim();
                match code.starts_with('2') || ["http.StatusOK", "http.StatusCreated", "http.StatusAccepted"].contains(&code) {
                    true => Answer::Body(value),
                    false => Answer::Failure,
                }
            }
            [_, value] => Answer::Body(value),
            _ => Answer::Unknown,
        });
    }
    for (at, _) in handler.match_indices(".Encode(") {
        // The status the last `WriteHeader` before it set, unless a `return` ends its branch
        // first (`if err != nil { w.WriteHeader(http.StatusNotFound); return }`).
        let failed = handler[..at].rsplit("WriteHeader(").next().filter(|_| handler[..at].contains("WriteHeader(")).is_some_and(|status| {
            let status = status.trim_start();
            let returned = status.split(|character: char| !(character.is_alphanumeric() || character == '_')).any(|word| word == "return");
            !(returned || status.starts_with('2') || status.starts_with("http.StatusOK") || status.starts_with("http.StatusCreated"))
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
        let mapped = "router.get('/:id/spots', async (req, res) => {\n  res.json(\n    rows.map((r) => ({\n      spot_id: r.id,\n      ev_charger: Boolean(r.has_charger),\n    })),\n  );\n});\n";
        assert_eq!(answered("js", mapped, "router.get"), Some(vec!["spot_id".to_string(), "ev_charger".to_string()]));
        let go = "type order struct {\n\tID string `json:\"id\"`\n}\n\nfunc main() {\n\thttp.HandleFunc(\"/orders\", list)\n}\n\nfunc list(w http.ResponseWriter, r *http.Request) {\n\tjson.NewEncoder(w).Encode(order{ID: \"1\"})\n}\n";
        assert_eq!(answered("go", go, "http.HandleFunc"), Some(vec!["id".to_string()]));
    }

    #[test]
    fn declared_answer_types_of_route_handlers() {
        let typed = |extension: &str, text: &str, marker: &str| answered_type(extension, text, text.find(marker).expect("marker in text"));
        let spring = "    @GetMapping\n    public List<AppointmentDto> list(@RequestParam LocalDate date) {\n    }\n    @GetMapping(\"/{id}\")\n    @ResponseStatus(HttpStatus.OK)\n    public ResponseEntity<Optional<AppointmentDto>> get(@PathVariable UUID id) {\n    }\n    @PostMapping(\"/{id}/cancel\")\n    public void cancel(@PathVariable UUID id) {}\n    @GetMapping(\"/raw\")\n    public Map<String, Object> raw() {}\n";
        assert_eq!(typed("java", spring, "@GetMapping\n").as_deref(), Some("AppointmentDto"));
        assert_eq!(typed("java", spring, "@GetMapping(\"/{id}").as_deref(), Some("AppointmentDto"));
        assert_eq!(typed("java", spring, "@PostMapping"), None, "void");
        assert_eq!(typed("java", spring, "@GetMapping(\"/raw"), None, "a map");
        let kotlin = "    @GetMapping(\"/spots\")\n    fun spots(@PathVariable id: String): List<SpotDto> = repo.all()\n    @GetMapping(\"/one\")\n    suspend fun one(): Spot? {\n";
        assert_eq!(typed("kt", kotlin, "@GetMapping(\"/spots").as_deref(), Some("SpotDto"));
        assert_eq!(typed("kt", kotlin, "@GetMapping(\"/one").as_deref(), Some("Spot"));
        let nest = "  @Get(':id')\n  async findOne(@Param('id') id: string): Promise<Order[]> {\n";
        assert_eq!(typed("ts", nest, "@Get").as_deref(), Some("Order"));
        let express = "router.get('/orders', list);\nfunction build(a: string): Order {\n";
        assert_eq!(typed("ts", express, "router.get"), None, "a registration has no signature after it");
        let fastapi = "@app.get(\"/items/{id}\", response_model=List[Item])\ndef get(id: str):\n    pass\n@app.post(\"/items\")\nasync def create(item: ItemIn) -> ItemOut:\n    pass\n@app.get(\"/x\")\ndef x() -> dict:\n    pass\n";
        assert_eq!(typed("py", fastapi, "@app.get(\"/items").as_deref(), Some("Item"));
        assert_eq!(typed("py", fastapi, "@app.post").as_deref(), Some("ItemOut"));
        assert_eq!(typed("py", fastapi, "@app.get(\"/x"), None, "a dict");
        let flask = "app.add_url_rule(\"/orders\", view_func=orders)\nCACHE = {}\ndef helper() -> Order:\n    pass\n";
        assert_eq!(typed("py", flask, "app.add_url_rule"), None, "another function's signature");
        let aspnet = "    [HttpGet(\"{id}\")]\n    [ProducesResponseType(200)]\n    public async Task<ActionResult<IEnumerable<SeatDto>>> Get(string id)\n    {\n    }\n    [HttpPost]\n    public IActionResult Hold(HoldRequest request) => Ok();\n";
        assert_eq!(typed("cs", aspnet, "[HttpGet").as_deref(), Some("SeatDto"));
        assert_eq!(typed("cs", aspnet, "[HttpPost"), None, "an untyped result");
        let gin = "func Register(r *gin.Engine, h *Handler) {\n\tr.GET(\"/quotes/:id\", h.getQuote)\n\tr.GET(\"/quotes\", h.list)\n\tr.POST(\"/quotes\", h.create)\n}\n\nfunc (h *Handler) getQuote(c *gin.Context) {\n\tq, err := h.store.Lookup(c.Param(\"id\"))\n\tif err != nil {\n\t\tc.JSON(http.StatusNotFound, gin.H{\"error\": \"gone\"})\n\t\treturn\n\t}\n\tc.JSON(http.StatusOK, q)\n}\n\nfunc (h *Handler) list(c *gin.Context) {\n\tvar quotes []models.Quote\n\th.db.Find(&quotes)\n\tc.JSON(200, quotes)\n}\n\nfunc (h *Handler) create(c *gin.Context) {\n\tc.JSON(http.StatusCreated, h.engine.Price())\n}\n\nfunc (s *Store) Lookup(id string) (*Quote, error) {\n\treturn nil, nil\n}\n";
        assert_eq!(typed("go", gin, "r.GET(\"/quotes/:id").as_deref(), Some("Quote"));
        assert_eq!(typed("go", gin, "r.GET(\"/quotes\"").as_deref(), Some("Quote"));
        assert_eq!(typed("go", gin, "r.POST"), None, "a call's value");
        let minimal = "app.MapGet(\"/seats/{id}\", (string id, SeatStore store) =>\n    store.Find(id) is Seat seat ? Results.Ok(seat) : Results.NotFound());\napp.MapPost(\"/holds\", (HoldRequest req) =>\n{\n    var hold = new Hold(req.SeatIds);\n    return hold is null ? Results.Conflict() : Results.Created($\"/holds/{hold.HoldId}\", hold);\n});\napp.MapGet(\"/seats\", (SeatStore store) => Results.Ok(store.All()));\napp.MapGet(\"/all\", (SeatStore store) => store.All());\n";
        assert_eq!(typed("cs", minimal, "app.MapGet(\"/seats/{id}").as_deref(), Some("Seat"));
        assert_eq!(typed("cs", minimal, "app.MapPost").as_deref(), Some("Hold"));
        assert_eq!(typed("cs", minimal, "app.MapGet(\"/seats\""), None, "another file's method's value");
    }

    #[test]
    fn a_minimal_api_handlers_body_is_its_one_own_parameter_no_container_gives() {
        let body = |handler: &str| minimal_api_body(handler);
        assert_eq!(body("async (string stationId, ReservationRequest req, StationStore store, RabbitPublisher bus) => Results.Ok()").as_deref(), Some("ReservationRequest"));
        assert_eq!(body("([FromBody] Hold hold, HoldService holds) => Results.Ok()").as_deref(), Some("Hold"));
        assert_eq!(body("(string id, HttpRequest request, ILogger<Program> log, CancellationToken ct) => Results.Ok()"), None, "ASP.NET's own and injected");
        assert_eq!(body("([FromQuery] Paging paging, SeatStore store) => Results.Ok()"), None, "bound from the query");
        assert_eq!(body("(Hold hold, Seat seat) => Results.Ok()"), None, "two candidates: none");
        assert_eq!(body("([AsParameters] Paging paging, HoldRequest hold) => Results.Ok()").as_deref(), Some("HoldRequest"), "bound from the query and route");
    }

    #[test]
    fn answers_of_no_type_the_file_tells() {
        let untyped = |extension: &str, text: &str, marker: &str| answers_untyped_value(extension, text, text.find(marker).expect("marker in text"));
        let minimal = "app.MapGet(\"/seats\", (SeatStore store) => Results.Ok(store.All()));\napp.MapGet(\"/all\", (SeatStore store) => store.All());\napp.MapDelete(\"/seats/{id}\", (string id) => Results.NoContent());\napp.MapGet(\"/odd\", () => Results.File(\"x\"));\n";
        assert!(untyped("cs", minimal, "app.MapGet(\"/seats"));
        assert!(untyped("cs", minimal, "app.MapGet(\"/all"), "an expression lambda's own value");
        assert!(!untyped("cs", minimal, "app.MapDelete"), "no body");
        assert!(!untyped("cs", minimal, "app.MapGet(\"/odd"), "a result of another kind");
        let gin = "func Register(r *gin.Engine, h *Handler) {\n\tr.POST(\"/quotes\", h.create)\n\tr.GET(\"/health\", h.health)\n}\n\nfunc (h *Handler) create(c *gin.Context) {\n\tq := h.engine.Price()\n\tc.JSON(http.StatusCreated, q)\n}\n\nfunc (h *Handler) health(c *gin.Context) {\n\tc.JSON(http.StatusOK, gin.H{\"ok\": true})\n}\n";
        assert!(untyped("go", gin, "r.POST"));
        assert!(!untyped("go", gin, "r.GET"), "a literal");
        // An encoder's answer after an error branch that wrote its status and returned is the
        // success's; one right after a failure's status is not.
        let chi = "func (h *Handler) Routes() {\n\tr.Get(\"/accounts/{id}\", h.get)\n\tr.Get(\"/broken\", h.broken)\n}\n\nfunc (h *Handler) get(w http.ResponseWriter, r *http.Request) {\n\tacct, err := h.store.Account(r.Context())\n\tif err != nil {\n\t\tw.WriteHeader(http.StatusNotFound)\n\t\treturn\n\t}\n\tjson.NewEncoder(w).Encode(acct)\n}\n\nfunc (h *Handler) broken(w http.ResponseWriter, r *http.Request) {\n\tw.WriteHeader(http.StatusInternalServerError)\n\tjson.NewEncoder(w).Encode(h.store.Last())\n}\n";
        assert!(untyped("go", chi, "r.Get(\"/accounts"));
        assert!(!untyped("go", chi, "r.Get(\"/broken"), "a failure's answer");
        assert!(!untyped("py", "@app.get(\"/x\")\ndef x():\n    return thing()\n", "@app.get"), "Go and C# only");
        // What the code builds, or answers besides JSON, is no unknown type.
        let built = "app.MapGet(\"/a\", () => Results.Ok(new { items, total }));\napp.MapGet(\"/b\", () => Results.Ok(new PagedResult<Seat>(all)));\napp.MapGet(\"/c\", (bool x) => x ? Results.Ok(new Summary(1)) : Results.Ok(store.All()));\napp.MapGet(\"/d\", (SeatStore store) =>\n{\n    var seats = store.All();\n    return Results.Ok(seats);\n});\napp.MapGet(\"/e\", () => Results.Ok($\"{x}\"));\n";
        assert!(!untyped("cs", built, "app.MapGet(\"/a"), "an anonymous object");
        assert!(!untyped("cs", built, "app.MapGet(\"/b"), "a generic type the code builds");
        assert!(!untyped("cs", built, "app.MapGet(\"/c"), "one answer of a known type");
        assert!(untyped("cs", built, "app.MapGet(\"/d"), "a variable assigned from a call");
        assert!(!untyped("cs", built, "app.MapGet(\"/e"), "a string");
        let go_built = "func Register(r *gin.Engine, h *Handler) {\n\tr.GET(\"/a\", h.a)\n\tr.GET(\"/b\", h.b)\n\tr.GET(\"/c\", h.c)\n}\n\nfunc (h *Handler) a(c *gin.Context) {\n\tc.JSON(http.StatusOK, response{Items: h.store.All()})\n}\n\nfunc (h *Handler) b(c *gin.Context) {\n\tout := gin.H{\"n\": 1}\n\tc.JSON(http.StatusOK, out)\n}\n\nfunc (h *Handler) c(c *gin.Context) {\n\tif c.Query(\"raw\") != \"\" {\n\t\tc.String(http.StatusOK, h.store.Raw())\n\t\treturn\n\t}\n\tc.JSON(http.StatusOK, h.store.All())\n}\n";
        assert!(!untyped("go", go_built, "r.GET(\"/a"), "a struct literal");
        assert!(!untyped("go", go_built, "r.GET(\"/b"), "a variable holding a literal");
        assert!(!untyped("go", go_built, "r.GET(\"/c"), "text answered too");
    }
}
