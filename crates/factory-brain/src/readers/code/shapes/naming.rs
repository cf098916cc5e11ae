//! How System.Text.Json names a C# type's properties on the wire: ASP.NET's web defaults'
//! camelCase (`SeatId` -> `seatId`), or the snake or kebab case a file's
//! `JsonNamingPolicy.SnakeCaseLower` (and `SnakeCaseUpper`, `KebabCaseLower`, `KebabCaseUpper`,
//! .NET 8) names: the ninth planted-mismatch evaluation's dunning-worker reads accounts-api's
//! `created_at` through `record AccountDto(.., DateTimeOffset CreatedAt)` and
//! `PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower`.

/// A file's naming policy for the properties of the types it declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NamingPolicy {
    Camel,
    /// Words joined by the separator, lower-case or upper-case.
    Separated(char, bool),
}

impl NamingPolicy {
    /// The policy the file names (the first), else camelCase.
    pub(super) fn of(text: &str) -> Self {
        let Some(at) = text.find("JsonNamingPolicy.") else { return NamingPolicy::Camel };
        let rest = &text[at + "JsonNamingPolicy.".len()..];
        let policies = [("SnakeCaseLower", '_', false), ("SnakeCaseUpper", '_', true), ("KebabCaseLower", '-', false), ("KebabCaseUpper", '-', true)];
        policies.into_iter().find(|(name, _, _)| rest.starts_with(name)).map_or(NamingPolicy::Camel, |(_, separator, upper)| NamingPolicy::Separated(separator, upper))
    }

    /// A property's name on the wire.
    pub(super) fn name(self, property: &str) -> String {
        match self {
            NamingPolicy::Camel => camel_case(property),
            NamingPolicy::Separated(separator, upper) => separated(property, separator, upper),
        }
    }
}

/// .NET's camelCase naming policy: the leading capitals lowered, but for the last one before
/// a lower-case letter (`SeatId` -> `seatId`, `URLValue` -> `urlValue`, `ID` -> `id`).
fn camel_case(name: &str) -> String {
    let characters: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    for (index, character) in characters.iter().enumerate() {
        let leading = characters[..=index].iter().all(char::is_ascii_uppercase);
        let before_lower = characters.get(index + 1).is_some_and(char::is_ascii_lowercase);
        if leading && !(index > 0 && before_lower) {
            out.push(character.to_ascii_lowercase());
        } else {
            out.push(*character);
        }
    }
    out
}

/// The words of a name joined by `separator`: a word starts at a capital after a lower-case
/// letter or digit, or at a capital before a lower-case letter after another capital
/// (`CreatedAt` -> `created_at`, `URLValue` -> `url_value`, `Line2` -> `line2`).
fn separated(name: &str, separator: char, upper: bool) -> String {
    let characters: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (index, character) in characters.iter().enumerate() {
        let previous = index.checked_sub(1).and_then(|before| characters.get(before));
        let next_lower = characters.get(index + 1).is_some_and(char::is_ascii_lowercase);
        let starts_word = character.is_ascii_uppercase()
            && previous.is_some_and(|previous| previous.is_ascii_lowercase() || previous.is_ascii_digit() || (previous.is_ascii_uppercase() && next_lower));
        if starts_word {
            out.push(separator);
        }
        out.push(if upper { character.to_ascii_uppercase() } else { character.to_ascii_lowercase() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_naming_policy_names_its_properties() {
        assert_eq!(NamingPolicy::of("var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);"), NamingPolicy::Camel);
        let snake = NamingPolicy::of("PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,");
        let names: Vec<String> = ["CreatedAt", "URLValue", "Id", "Line2", "AmountCents"].iter().map(|name| snake.name(name)).collect();
        assert_eq!(names, ["created_at", "url_value", "id", "line2", "amount_cents"]);
        assert_eq!(NamingPolicy::of("JsonNamingPolicy.KebabCaseUpper").name("CreatedAt"), "CREATED-AT");
        assert_eq!(NamingPolicy::Camel.name("SeatId"), "seatId");
        assert_eq!(NamingPolicy::Camel.name("ID"), "id");
    }
}
