//! The fields of the data classes a Python file declares, as they go on the wire: pydantic
//! models, dataclasses, attrs classes and TypedDicts.
//!
//! A pydantic model is a class whose bases reach `BaseModel` through the file's own classes
//! (`class CamelModel(BaseModel)` holding the API's shared config, then `class
//! OrderOut(CamelModel)`, the way FastAPI services share a camelCase config), and it has its
//! bases' fields and config too. Its config's `alias_generator` names every field on the wire:
//! pydantic's `to_camel` and `to_pascal` (`pydantic.alias_generators`; pydantic v1's
//! `pydantic.utils.to_camel` is PascalCase and its `to_lower_camel` camelCase), pyhumps'
//! `camelize`/`pascalize`, or a function of the file's own named so (`def to_camel(..)`); a
//! generator of any other name leaves the wire names unknown, and the model's fields unread. A
//! field's own `Field(alias=..)` or `Field(serialization_alias=..)` wins over the generator.
//!
//! A field is required when it has no default, or its default is `Field(...)` or a `Field(..)`
//! giving neither a default nor a default factory (`Field(gt=0)`), as pydantic v2 has it
//! (`Optional[X]` without a default is required too).

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{arguments, named, string_literal, Lines};
use super::shapes::{holder_of, json_type, DeclaredField};

pub(super) mod marshmallow;

/// `class Invoice(BaseModel):`, with the bases and the indentation.
static PYTHON_CLASS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^([ \t]*)class\s+(\w+)\s*(?:\(([^)]*)\))?\s*:").expect("a valid regex"));
/// `unit_price: float = 0`: the name, the annotation and the default, if any.
static PYTHON_FIELD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*([A-Za-z_]\w*)\s*:\s*([^=#]+?)\s*(?:=\s*([^#]*?))?\s*(?:#.*)?$").expect("a valid regex"));
/// `alias_generator=to_camel` in `ConfigDict(..)`, a config dict or v1's `class Config`.
static ALIAS_GENERATOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\balias_generator['"]?\s*[=:]\s*([\w.]+)"#).expect("a valid regex"));

/// Bases that make a class a data class by themselves.
const DATA_BASES: &[&str] = &["BaseModel", "TypedDict", "Schema"];

/// How a model's config names its fields on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Naming {
    Declared,
    Camel,
    Pascal,
    /// A generator whose result is not known.
    Unknown,
}

/// One class of the file.
struct Class<'t> {
    name: &'t str,
    bases: Vec<&'t str>,
    /// Decorated as a dataclass or attrs class.
    decorated: bool,
    /// Where the class's header ends, and its indentation.
    header_end: usize,
    indent: usize,
}

/// The fields of the data classes `text` declares, by their wire names.
pub(super) fn fields(text: &str, lines: &Lines<'_>, fields: &mut Vec<DeclaredField>) {
    let classes: Vec<Class<'_>> = PYTHON_CLASS
        .captures_iter(text)
        .filter_map(|captures| {
            let (whole, indent, name) = (captures.get(0)?, captures.get(1)?, captures.get(2)?);
            let bases = captures.get(3).map_or("", |bases| bases.as_str());
            let decorated = text[..whole.start()].trim_end().rsplit('\n').next().is_some_and(|line| {
                let line = line.trim_start();
                line.starts_with("@dataclass") || line.starts_with("@attr") || line.starts_with("@define") || line.starts_with("@frozen") || line.contains("dataclass")
            });
            let bases = bases.split(',').map(str::trim).filter(|base| !base.is_empty()).collect();
            Some(Class { name: name.as_str(), bases, decorated, header_end: whole.end(), indent: indent.as_str().len() })
        })
        .collect();
    for (index, class) in classes.iter().enumerate() {
        if !is_data_class(&classes, index, 0) {
            continue;
        }
        let naming = naming(text, &classes, index, 0);
        if naming == Naming::Unknown || (class.decorated && mapped_by_hand(text, class)) {
            continue;
        }
        let holder = holder_of(class.name);
        // The class's own fields, then its bases' in the file (a field it redeclares is its own).
        let mut declared: Vec<DeclaredField> = Vec::new();
        for owner in lineage(&classes, index) {
            for field in own_fields(text, lines, &classes[owner], naming) {
                if !declared.iter().any(|known| known.field == field.field) {
                    declared.push(DeclaredField { holder: holder.clone(), type_name: class.name.to_string(), ..field });
                }
            }
        }
        fields.extend(declared);
    }
}

/// The class at `index` of the file, then its bases of the file, nearest first.
fn lineage(classes: &[Class<'_>], index: usize) -> Vec<usize> {
    let mut found = vec![index];
    let mut at = 0;
    while at < found.len() && found.len() < 16 {
        for base in &classes[found[at]].bases {
            if let Some(base) = class_named(classes, base)
                && !found.contains(&base)
            {
                found.push(base);
            }
        }
        at += 1;
    }
    found
}

fn class_named(classes: &[Class<'_>], base: &str) -> Option<usize> {
    let name = base.rsplit('.').next().unwrap_or(base).split('[').next().unwrap_or(base).trim();
    classes.iter().position(|class| class.name == name)
}

/// Whether the class is a data class: decorated as one, or with a base that is `BaseModel`,
/// `TypedDict` or a data class of the file.
fn is_data_class(classes: &[Class<'_>], index: usize, depth: usize) -> bool {
    let class = &classes[index];
    if class.decorated || class.bases.iter().any(|base| DATA_BASES.iter().any(|data| base.contains(data))) {
        return true;
    }
    depth < 8 && class.bases.iter().filter_map(|base| class_named(classes, base)).any(|base| base != index && is_data_class(classes, base, depth + 1))
}

/// The class's own config's naming, else its nearest base's of the file.
fn naming(text: &str, classes: &[Class<'_>], index: usize, depth: usize) -> Naming {
    let class = &classes[index];
    let body = &text[class.header_end..body_end(text, class)];
    if let Some(generator) = ALIAS_GENERATOR.captures(body) {
        return generator_naming(text, &generator[1]);
    }
    if depth >= 8 {
        return Naming::Declared;
    }
    class.bases.iter().filter_map(|base| class_named(classes, base)).filter(|base| *base != index).map(|base| naming(text, classes, base, depth + 1)).find(|naming| *naming != Naming::Declared).unwrap_or(Naming::Declared)
}

/// The naming an alias generator gives, by its name (`to_camel`, `alias_generators.to_camel`,
/// `humps.camelize`).
fn generator_naming(text: &str, generator: &str) -> Naming {
    let name = generator.rsplit('.').next().unwrap_or(generator);
    // Pydantic v1's `to_camel` capitalizes the first word too.
    let version_one = generator.starts_with("pydantic.utils.") || text.lines().any(|line| line.trim_start().starts_with("from pydantic.utils import") && line.contains(name));
    match name {
        "to_camel" if version_one => Naming::Pascal,
        "to_camel" | "to_lower_camel" | "camelize" | "to_camel_case" | "camel_case" | "to_camelcase" | "lower_camel" | "camel" => Naming::Camel,
        "to_pascal" | "pascalize" | "to_pascal_case" | "to_upper_camel" | "pascal_case" => Naming::Pascal,
        _ => Naming::Unknown,
    }
}

/// Whether a dataclass (or attrs class) builds itself from a mapping's keys by hand (`return
/// cls(event_id=payload["eventId"], ..)` in a `from_payload` classmethod): its fields are the
/// code's own names, the keys it reads are the wire's (the ninth planted-mismatch evaluation's
/// loyalty-worker, whose `OrderPlaced.event_id` is filled from `payload["eventId"]`). A pydantic
/// model's fields stay its wire names whatever its factories read.
fn mapped_by_hand(text: &str, class: &Class<'_>) -> bool {
    let body = &text[class.header_end..body_end(text, class)];
    ["cls", class.name].iter().flat_map(|name| super::calls::word_offsets(body, name)).any(|at| {
        let Some(call) = body[at..].split_once('(').filter(|(name, _)| ["cls", class.name].contains(name)).map(|(_, rest)| rest) else { return false };
        // Up to the first closing parenthesis: the first keyword argument or two.
        let arguments = &call[..call.find(')').unwrap_or(call.len())];
        arguments.contains('=') && (arguments.contains("[\"") || arguments.contains("['") || arguments.contains(".get("))
    })
}

/// Where a class's body ends: the first line after its header indented no deeper than it.
fn body_end(text: &str, class: &Class<'_>) -> usize {
    let mut at = class.header_end;
    for line in text[class.header_end..].split('\n') {
        if at != class.header_end && !line.trim().is_empty() && line.len() - line.trim_start().len() <= class.indent {
            return at;
        }
        at += line.len() + 1;
    }
    text.len()
}

/// The fields a class declares in its own body (their holder and type left for the caller).
fn own_fields(text: &str, lines: &Lines<'_>, class: &Class<'_>, naming: Naming) -> Vec<DeclaredField> {
    let mut found = Vec::new();
    let mut body_indent: Option<usize> = None;
    let mut next_line = class.header_end;
    for line in text[class.header_end..body_end(text, class)].split('\n') {
        let line_start = next_line;
        next_line += line.len() + 1;
        if line_start == class.header_end || line.trim().is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let body = *body_indent.get_or_insert(indent);
        if indent != body {
            continue;
        }
        let Some(field) = PYTHON_FIELD.captures(line) else { continue };
        let (name, annotation) = (&field[1], field[2].trim());
        if name == "model_config" || annotation.starts_with("ClassVar") || annotation.starts_with("typing.ClassVar") {
            continue;
        }
        // A default's `Field(..)` may run over several lines: its arguments are read whole.
        let default = field.get(3).map(|default| default.as_str().trim());
        let arguments = default.filter(|default| default.starts_with("Field(")).and_then(|_| {
            let open = line_start + line.find("Field(")? + "Field".len();
            arguments(text, open).map(|(arguments, _)| arguments)
        });
        let alias = arguments.as_ref().and_then(|arguments| {
            ["serialization_alias", "alias"].iter().find_map(|key| arguments.iter().find_map(|argument| named(argument, key)).and_then(string_literal)).map(str::to_string)
        });
        let required = match (default, &arguments) {
            (None, _) => true,
            (Some(_), Some(arguments)) => {
                let first = arguments.first().map(|argument| argument.trim()).filter(|argument| !argument.contains('='));
                match first {
                    Some(first) => first == "...",
                    None => !arguments.iter().any(|argument| named(argument, "default").is_some() || named(argument, "default_factory").is_some()),
                }
            }
            (Some(_), None) => false,
        };
        let wire = alias.unwrap_or_else(|| match naming {
            Naming::Camel => to_camel(name),
            Naming::Pascal => to_pascal(name),
            Naming::Declared | Naming::Unknown => name.to_string(),
        });
        let line = lines.number(line_start);
        found.push(DeclaredField { holder: String::new(), type_name: String::new(), field: wire, json_type: json_type(annotation), line, required, holds_type: held_type(annotation) });
    }
    found
}

/// The class a field's annotation holds, alone or in a list or an optional: `OrderLine` of
/// `list[OrderLine]`, `Optional[Address]` or `Address | None`.
fn held_type(annotation: &str) -> Option<String> {
    let mut name = annotation.trim();
    for _ in 0..3 {
        let alternatives: Vec<&str> = name.split('|').map(str::trim).filter(|part| *part != "None").collect();
        name = match alternatives.as_slice() {
            [one] => one,
            _ => return None,
        };
        let Some(open) = name.find('[') else { break };
        if !["list", "List", "Optional", "Sequence", "typing.List", "typing.Optional", "set", "Set", "tuple"].contains(&&name[..open]) {
            return None;
        }
        name = name[open + 1..].strip_suffix(']')?.trim().trim_end_matches(", ...");
    }
    let bare = name.rsplit('.').next()?;
    (bare.starts_with(|first: char| first.is_ascii_uppercase()) && bare.chars().all(|character| character.is_alphanumeric() || character == '_')).then(|| bare.to_string())
}

/// Pydantic's `to_pascal`: Python's `str.title()` (each run of letters capitalized, the rest of
/// it lowered), then each `_` after a letter or digit and before a capital or digit dropped.
fn to_pascal(snake: &str) -> String {
    let mut titled = String::with_capacity(snake.len());
    let mut previous_cased = false;
    for character in snake.chars() {
        if character.is_alphabetic() {
            titled.extend(if previous_cased { character.to_lowercase().collect::<Vec<_>>() } else { character.to_uppercase().collect() });
            previous_cased = true;
        } else {
            titled.push(character);
            previous_cased = false;
        }
    }
    let characters: Vec<char> = titled.chars().collect();
    let mut pascal = String::with_capacity(titled.len());
    for (index, character) in characters.iter().enumerate() {
        let dropped = *character == '_'
            && index > 0
            && characters[index - 1].is_ascii_alphanumeric()
            && characters.get(index + 1).is_some_and(|next| next.is_ascii_digit() || next.is_ascii_uppercase());
        if !dropped {
            pascal.push(*character);
        }
    }
    pascal
}

/// Pydantic's `to_camel`: a name already in camelCase stays; else its `to_pascal` with the
/// first capital (after leading underscores) lowered.
fn to_camel(snake: &str) -> String {
    let bytes = snake.as_bytes();
    let lower_run = bytes.iter().take_while(|byte| byte.is_ascii_lowercase()).count();
    let camel_already = lower_run > 0 && bytes.iter().all(u8::is_ascii_alphanumeric) && !bytes.windows(2).any(|pair| pair[0].is_ascii_digit() && pair[1].is_ascii_lowercase());
    if camel_already {
        return snake.to_string();
    }
    let pascal = to_pascal(snake);
    let underscores = pascal.len() - pascal.trim_start_matches('_').len();
    let (leading, rest) = pascal.split_at(underscores);
    let mut characters = rest.chars();
    match characters.next() {
        Some(first) if first.is_uppercase() => format!("{leading}{}{}", first.to_lowercase(), characters.as_str()),
        _ => pascal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_generators_name_fields_as_pydantic_does() {
        let cases = [("customer_id", "customerId", "CustomerId"), ("unit_price", "unitPrice", "UnitPrice"), ("id", "id", "Id"), ("createdAt", "createdAt", "Createdat"), ("line_2", "line2", "Line2"), ("_private_x", "_privateX", "_PrivateX")];
        for (name, camel, pascal) in cases {
            assert_eq!((to_camel(name).as_str(), to_pascal(name).as_str()), (camel, pascal), "{name}");
        }
    }

    #[test]
    fn a_dataclass_built_from_a_mappings_keys_by_hand_declares_no_wire_fields() {
        let text = "@dataclass(frozen=True)\nclass OrderPlaced:\n    event_id: str\n    total_minor: int\n\n    @classmethod\n    def from_payload(cls, payload):\n        return cls(\n            event_id=payload[\"eventId\"],\n            total_minor=payload[\"total\"],\n        )\n\n@dataclass\nclass Line:\n    sku: str\n\n    @classmethod\n    def of(cls, sku):\n        return cls(sku=sku.upper())\n";
        let mut found = Vec::new();
        fields(text, &Lines::new(text), &mut found);
        let found: Vec<String> = found.iter().map(|field| format!("{}.{}", field.type_name, field.field)).collect();
        assert_eq!(found, ["Line.sku"]);
        let model = text.replace("@dataclass(frozen=True)\nclass OrderPlaced:", "class OrderPlaced(BaseModel):");
        let mut found = Vec::new();
        fields(&model, &Lines::new(&model), &mut found);
        let found: Vec<String> = found.iter().map(|field| format!("{}.{}", field.type_name, field.field)).collect();
        assert_eq!(found, ["OrderPlaced.event_id", "OrderPlaced.total_minor", "Line.sku"], "a pydantic model keeps its wire names");
    }

    #[test]
    fn a_models_base_in_the_file_gives_it_its_config_and_fields() {
        let text = "from pydantic import BaseModel, ConfigDict, Field\nfrom pydantic.alias_generators import to_camel\n\nclass CamelModel(BaseModel):\n    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)\n\nclass Stamped(CamelModel):\n    created_at: str\n\nclass OrderOut(Stamped):\n    customer_id: str = Field(alias=\"customer\")\n    total_amount: float\n    note: str | None = None\n    qty: int = Field(gt=0)\n    code: str = Field(\n        ...,\n        serialization_alias=\"promo\",\n    )\n    kind: str = Field(default=\"x\")\n\nclass Plain:\n    name: str\n\nclass Odd(BaseModel):\n    model_config = ConfigDict(alias_generator=lambda name: name.upper())\n    x: int\n";
        let mut found = Vec::new();
        fields(text, &Lines::new(text), &mut found);
        let found: Vec<String> = found.iter().map(|field| format!("{}.{} {:?} L{} {}", field.type_name, field.field, field.json_type, field.line, field.required)).collect();
        assert_eq!(
            found,
            [
                "Stamped.createdAt Some(\"string\") L8 true",
                "OrderOut.customer Some(\"string\") L11 true",
                "OrderOut.totalAmount Some(\"number\") L12 true",
                "OrderOut.note Some(\"string\") L13 false",
                "OrderOut.qty Some(\"integer\") L14 true",
                "OrderOut.promo Some(\"string\") L15 true",
                "OrderOut.kind Some(\"string\") L19 false",
                "OrderOut.createdAt Some(\"string\") L8 true",
            ]
        );
    }
}
