//! Rust handlers' wire types, read from their signatures: axum's and actix's `Json<T>`
//! extractor names the request's body, a `Json<U>` in the return type the answer
//! (`Result<(StatusCode, Json<Appointment>), ApiError>`, `web::Json<Vec<Slot>>`). An axum router
//! names its handlers by path (`.route("/v1/appointments", post(routes::create_appointment))`),
//! usually in another module: the route keeps the handler's name and each `async fn` with such a
//! signature is stated on its own, for resolution to join them (scheduling-api of the tenth
//! planted-mismatch evaluation's org T, whose `main.rs` routes to `routes.rs`).

use std::sync::LazyLock;

use regex::Regex;

use super::super::calls::{arguments, enclosed_within, split_top_level};
use super::own_type;

/// An `async fn name(` at a line's start, `pub` or not.
static ASYNC_FN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*(?:pub(?:\([^)]*\))?\s+)?async\s+fn\s+([A-Za-z_]\w*)\s*(?:<[^>(]*>)?\s*\(").expect("a valid regex"));

/// A handler's wire types: what its answer's `Json<..>` holds and what its `Json<..>`
/// extractor takes, each one of the code's own types.
#[derive(Debug, Default, PartialEq, Eq)]
pub(in crate::readers::code) struct Signature {
    pub(in crate::readers::code) returns: Option<String>,
    pub(in crate::readers::code) accepts: Option<String>,
}

/// The signature of the `fn` whose parameter list opens at `open`.
fn signature_at(text: &str, open: usize) -> Signature {
    let Some((parameters, close)) = enclosed_within(text, open, 4_000) else { return Signature::default() };
    let rest = &text[close..];
    let returned = rest.trim_start().strip_prefix("->").map(|written| &written[..written.find(['{', ';']).unwrap_or(written.len())]).unwrap_or("");
    let returned = returned.split(" where ").next().unwrap_or(returned);
    // `Result<A, E>` answers with `A`; `E` (`(StatusCode, Json<ErrorBody>)`) is the failure's.
    let returned = match returned.trim().strip_prefix("Result<").and_then(|inner| inner.strip_suffix('>').or(Some(inner))) {
        Some(inner) => split_top_level(inner).first().copied().unwrap_or(""),
        None => returned,
    };
    let accepts = split_top_level(parameters).into_iter().find_map(|parameter| json_type(parameter.split_once(':').map_or(parameter, |(_, written)| written)));
    Signature { returns: json_type(returned), accepts }
}

/// The type a `Json<T>` (`web::Json<T>`, `axum::Json<Vec<T>>`) in `written` holds, when it is
/// one of the code's own: lists and options taken off, `serde_json::Value` and maps left out.
fn json_type(written: &str) -> Option<String> {
    let at = written.match_indices("Json").map(|(at, _)| at).find(|at| {
        let before = written[..*at].chars().next_back();
        before.is_none_or(|character| !(character.is_alphanumeric() || character == '_')) && written[at + 4..].trim_start().starts_with('<')
    })?;
    let open = at + 4 + (written[at + 4..].len() - written[at + 4..].trim_start().len());
    let mut depth = 0;
    let close = written[open..].char_indices().find_map(|(index, character)| {
        match character {
            '<' => depth += 1,
            '>' => depth -= 1,
            _ => {}
        }
        (depth == 0).then_some(open + index)
    })?;
    let mut held = written[open + 1..close].trim();
    for _ in 0..3 {
        let Some(element) = ["Vec<", "Option<", "Box<"].iter().find_map(|wrapper| held.strip_prefix(wrapper).and_then(|rest| rest.strip_suffix('>'))) else { break };
        held = element.trim();
    }
    let name = held.rsplit("::").next().unwrap_or(held);
    own_type(name).filter(|name| !["Value", "BTreeMap", "Bytes"].contains(&name.as_str()))
}

/// The signature of the first `fn` after `offset` (an actix or Rocket attribute's handler).
pub(super) fn attributed(text: &str, offset: usize) -> Option<Signature> {
    static FN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bfn\s+[A-Za-z_]\w*\s*(?:<[^>(]*>)?\s*\(").expect("a valid regex"));
    let after = &text[offset..text.floor_char_boundary((offset + 2_000).min(text.len()))];
    let found = FN.find(after)?;
    Some(signature_at(text, offset + found.end() - 1)).filter(|signature| signature.returns.is_some() || signature.accepts.is_some())
}

/// The path of the function an axum `.route("/x", get(a::b).post(c))` at `offset` gives for
/// `method`: `a::b` for GET, `c` for POST.
pub(in crate::readers::code) fn routed_handler<'a>(text: &'a str, offset: usize, method: &str) -> Option<&'a str> {
    let open = offset + text[offset..].find('(')?;
    let (route_arguments, _) = arguments(text, open)?;
    let router = route_arguments.get(1)?;
    let wanted = method.to_ascii_lowercase();
    let mut rest = *router;
    loop {
        let name_end = rest.find('(')?;
        let call = rest[..name_end].trim().trim_start_matches('.').rsplit("::").next().unwrap_or("");
        let (handler, end) = arguments(rest, name_end)?;
        if call == wanted {
            let path = handler.first()?.trim();
            let named = !path.is_empty() && path.split("::").all(|segment| !segment.is_empty() && segment.chars().all(|character| character.is_alphanumeric() || character == '_'));
            return named.then_some(path);
        }
        rest = &rest[end..];
    }
}

/// Every `async fn` of the file whose signature names a `Json<..>` of the code's own, by name.
pub(in crate::readers::code) fn signatures(text: &str) -> Vec<(&str, usize, Signature)> {
    if !text.contains("Json") {
        return Vec::new();
    }
    ASYNC_FN
        .captures_iter(text)
        .filter_map(|captures| {
            let (whole, name) = (captures.get(0)?, captures.get(1)?);
            let signature = signature_at(text, whole.end() - 1);
            (signature.returns.is_some() || signature.accepts.is_some()).then(|| (name.as_str(), whole.start() + (whole.len() - whole.as_str().trim_start().len()), signature))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handlers_signatures_name_their_json_types() {
        let text = "pub async fn create(\n    State(store): AppState,\n    Json(req): Json<CreateAppointment>,\n) -> Result<(StatusCode, Json<Appointment>), ApiError> {\n}\n\nasync fn list(Query(q): Query<ListQuery>) -> Json<Vec<Slot>> {\n}\n\npub async fn raw() -> Json<serde_json::Value> {\n}\n\nasync fn health() -> &'static str {\n    \"ok\"\n}\n";
        let found: Vec<(&str, Option<String>, Option<String>)> = signatures(text).into_iter().map(|(name, _, signature)| (name, signature.returns, signature.accepts)).collect();
        assert_eq!(found, [("create", Some("Appointment".to_string()), Some("CreateAppointment".to_string())), ("list", Some("Slot".to_string()), None)]);
        let failing = "async fn delete(Path(id): Path<String>) -> Result<StatusCode, (StatusCode, Json<ErrorBody>)> {\n}\n";
        assert!(signatures(failing).is_empty(), "the failure's body is no answer");
    }

    #[test]
    fn an_axum_route_names_its_handler_per_method() {
        let text = "let app = Router::new()\n    .route(\"/v1/appointments\", get(routes::list).post(routes::create))\n    .route(\"/health\", get(|| async { \"ok\" }));\n";
        let at = text.find(".route").expect("a route");
        assert_eq!(routed_handler(text, at, "GET"), Some("routes::list"));
        assert_eq!(routed_handler(text, at, "POST"), Some("routes::create"));
        assert_eq!(routed_handler(text, at, "DELETE"), None);
        assert_eq!(routed_handler(text, text.rfind(".route").expect("a route"), "GET"), None, "a closure names no function");
    }

    #[test]
    fn an_actix_attributes_handler_is_read_after_it() {
        let text = "#[post(\"/orders\")]\nasync fn create(body: web::Json<NewOrder>) -> impl Responder {\n    HttpResponse::Created().json(order)\n}\n";
        assert_eq!(attributed(text, 0), Some(Signature { returns: None, accepts: Some("NewOrder".to_string()) }));
        // A comment of two-byte characters across the 2,000 bytes looked at: no panic.
        let accented = format!("#[post(\"/x\")]\n// {}\nasync fn create(body: web::Json<NewOrder>) {{}}\n", "é".repeat(1_200));
        assert_eq!(attributed(&accented, 0), None);
    }
}
