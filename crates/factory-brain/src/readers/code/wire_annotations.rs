//! What Jackson's and System.Text.Json's annotations say of a JVM or .NET field on the wire:
//! the name `@JsonProperty("x")` / `[JsonPropertyName("x")]` gives it (also under a Kotlin
//! use-site target, `@field:JsonProperty("quantityOnHand") val onHand`, as Spring Kotlin
//! services write it), whether `@JsonIgnore` / `[JsonIgnore]` keeps it off the wire, and the
//! names a class-level `@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy::class)` gives
//! all the fields it does not name themselves (Jackson's `PropertyNamingStrategies`).

use std::sync::LazyLock;

use regex::Regex;

/// `@JsonProperty("x")`, `@field:JsonProperty(value = "x")`, `[JsonPropertyName("x")]`,
/// kotlinx.serialization's `@SerialName("x")`.
static WIRE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:@(?:(?:field|get|set|param|property|setparam):)?(?:JsonProperty|SerialName)|JsonPropertyName)\(\s*(?:value\s*=\s*)?"([A-Za-z_][\w-]*)""#).expect("a valid regex"));
/// `@JsonIgnore`, `@get:JsonIgnore`, `@JsonIgnore(false)`, `[JsonIgnore]`, `[property: JsonIgnore]`,
/// `[JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]` (not `@JsonIgnoreProperties`).
static IGNORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:@(?:(?:field|get|set|param|property|setparam):)?|\[\s*(?:property:\s*)?)JsonIgnore\b(\s*\([^)]*\))?").expect("a valid regex"));
/// `@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy::class)`, `@JsonNaming(value =
/// PropertyNamingStrategy.SnakeCaseStrategy.class)`: the strategy's last name.
static NAMING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"@JsonNaming\s*\(\s*(?:value\s*=\s*)?(?:\w+\.)*?(\w+)\s*(?:::\s*class|\.\s*class)?\s*\)").expect("a valid regex"));

/// The wire name an annotation in `text` gives a field.
pub(super) fn wire_name(text: &str) -> Option<&str> {
    WIRE_NAME.captures(text).and_then(|found| found.get(1)).map(|name| name.as_str())
}

/// Whether an annotation in `text` keeps a field off the wire: `@JsonIgnore` but
/// `@JsonIgnore(false)`, `[JsonIgnore]` but one ignoring only some values (`Condition =
/// JsonIgnoreCondition.WhenWritingNull`).
pub(super) fn ignored(text: &str) -> bool {
    IGNORE.captures_iter(text).any(|found| found.get(1).is_none_or(|arguments| {
        let arguments = arguments.as_str();
        arguments.contains("true") || arguments.contains("Always") || !(arguments.contains("false") || arguments.contains("Condition"))
    }))
}

/// kotlinx.serialization's `@Transient` (support-kt of the seventh planted-mismatch
/// evaluation's `@Transient val escalated`), which keeps a property off the wire; only for a file
/// that uses kotlinx.serialization, since JPA's `@Transient` keeps a field out of the database,
/// not out of Jackson's JSON.
pub(super) fn serialization_transient(text: &str) -> bool {
    static TRANSIENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"@(?:(?:field|property):)?(?:kotlinx\.serialization\.)?Transient\b").expect("a valid regex"));
    TRANSIENT.is_match(text)
}

/// How a class's `@JsonNaming` names its fields on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Naming {
    /// `snake_case`, `kebab-case`, `dot.case`: lowered words and this separator.
    Separated(char),
    /// `lowercase`: lowered words, no separator.
    Lower,
    /// `UpperCamelCase`.
    UpperCamel,
    /// `lowerCamelCase`: the names as declared.
    LowerCamel,
}

impl Naming {
    /// The wire name of a field declared `name`, as Jackson's strategy translates it.
    pub(super) fn wire(self, name: &str) -> String {
        match self {
            Naming::Separated(separator) => separated(name, Some(separator)),
            Naming::Lower => separated(name, None),
            Naming::UpperCamel => {
                let mut characters = name.chars();
                characters.next().map(|first| first.to_uppercase().collect::<String>() + characters.as_str()).unwrap_or_default()
            }
            Naming::LowerCamel => name.to_string(),
        }
    }
}

/// The naming a `@JsonNaming` annotation among a class's annotations (`header`: the text
/// before its `class`/`record` keyword, back to the previous declaration) gives, when Jackson
/// has it.
pub(super) fn class_naming(header: &str) -> Option<Naming> {
    let strategy = NAMING.captures(header)?.get(1)?.as_str();
    Some(match strategy {
        "SnakeCaseStrategy" | "SNAKE_CASE" | "LowerCaseWithUnderscoresStrategy" | "CAMEL_CASE_TO_LOWER_CASE_WITH_UNDERSCORES" => Naming::Separated('_'),
        "KebabCaseStrategy" | "KEBAB_CASE" => Naming::Separated('-'),
        "LowerDotCaseStrategy" | "LOWER_DOT_CASE" => Naming::Separated('.'),
        "LowerCaseStrategy" | "LOWER_CASE" => Naming::Lower,
        "UpperCamelCaseStrategy" | "UPPER_CAMEL_CASE" | "PascalCaseStrategy" | "PASCAL_CASE_TO_CAMEL_CASE" => Naming::UpperCamel,
        "LowerCamelCaseStrategy" | "LOWER_CAMEL_CASE" => Naming::LowerCamel,
        _ => return None,
    })
}

/// The annotations before a declaration starting at `start` in `text`: the lines above it that
/// start with `@` (or `[`), and what its own line holds before it.
pub(super) fn header_before(text: &str, start: usize) -> &str {
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let mut from = line_start;
    for _ in 0..8 {
        let Some(previous_end) = from.checked_sub(1) else { break };
        let previous_start = text[..previous_end].rfind('\n').map_or(0, |at| at + 1);
        let previous = text[previous_start..previous_end].trim_start();
        if !(previous.starts_with('@') || previous.starts_with('[') || previous.starts_with(')')) {
            break;
        }
        from = previous_start;
    }
    &text[from..start]
}

/// Jackson's `translateLowerCaseWithSeparator`: leading underscores dropped, each capital
/// lowered, a separator before a capital that follows a letter not itself a capital
/// (`reservationId` -> `reservation_id`, `URLValue` -> `urlvalue`).
fn separated(name: &str, separator: Option<char>) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous_upper = false;
    for (index, character) in name.chars().enumerate() {
        if index == 0 && character == '_' && out.is_empty() {
            continue;
        }
        if character.is_uppercase() {
            if let Some(separator) = separator
                && !previous_upper
                && !out.is_empty()
                && !out.ends_with(separator)
            {
                out.push(separator);
            }
            out.extend(character.to_lowercase());
            previous_upper = true;
        } else {
            out.push(character);
            previous_upper = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jackson_strategies_name_fields_as_jackson_does() {
        let snake = Naming::Separated('_');
        assert_eq!(snake.wire("reservationId"), "reservation_id");
        assert_eq!(snake.wire("expiresAt"), "expires_at");
        assert_eq!(snake.wire("URLValue"), "urlvalue");
        assert_eq!(snake.wire("sku"), "sku");
        assert_eq!(Naming::Separated('-').wire("orderRef"), "order-ref");
        assert_eq!(Naming::Lower.wire("orderRef"), "orderref");
        assert_eq!(Naming::UpperCamel.wire("orderRef"), "OrderRef");
        assert_eq!(class_naming("@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy::class)\n@JsonIgnoreProperties(ignoreUnknown = true)\ndata "), Some(snake));
        assert_eq!(class_naming("@JsonNaming(PropertyNamingStrategy.KebabCaseStrategy.class) public "), Some(Naming::Separated('-')));
        assert_eq!(class_naming("@JsonNaming(MyStrategy::class)\n"), None);
    }

    #[test]
    fn ignore_annotations_keep_fields_off_the_wire() {
        assert!(ignored("@JsonIgnore val pickedLocally: Boolean = false"));
        assert!(ignored("@get:JsonIgnore val x: Int"));
        assert!(ignored("[JsonIgnore]"));
        assert!(ignored("[JsonIgnore(Condition = JsonIgnoreCondition.Always)]"));
        assert!(!ignored("[JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]"));
        assert!(!ignored("@JsonIgnore(false) val x: Int"));
        assert!(!ignored("@JsonIgnoreProperties(ignoreUnknown = true)"));
        assert!(serialization_transient("@Transient val escalated: Boolean = false"));
        assert!(!serialization_transient("@TransientState val x: Int"));
        assert_eq!(wire_name("@SerialName(\"created_at\") val createdAt: String"), Some("created_at"));
        assert_eq!(wire_name("@field:JsonProperty(\"quantityOnHand\") val onHand: Int"), Some("quantityOnHand"));
        assert_eq!(wire_name("[property: JsonPropertyName(\"pspReference\")] string Ref"), Some("pspReference"));
    }
}
