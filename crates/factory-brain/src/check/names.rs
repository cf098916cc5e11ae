//! Names and types a consumer's read is compared by: the offered name most like a missing
//! one, a name in the convention of the offered ones, and whether an example's JSON type fits
//! a declared one.

use crate::model::naming_key;

/// `name` (`TotalCents`) in the convention of the names `offered`: `total_cents` where they
/// hold an underscore, else `totalCents`.
pub(super) fn in_convention_of(name: &str, offered: &[String]) -> String {
    let snake = offered.iter().any(|offered| offered.contains('_'));
    let mut spelt = String::with_capacity(name.len() + 4);
    for (index, character) in name.chars().enumerate() {
        match (index, character.is_ascii_uppercase()) {
            (0, _) => spelt.extend(character.to_lowercase()),
            (_, true) if snake => {
                spelt.push('_');
                spelt.extend(character.to_lowercase());
            }
            _ => spelt.push(character),
        }
    }
    spelt
}

/// The offered name most like `name`: one containing the other, else the smallest edit distance
/// within a third of the length.
pub(super) fn closest_name(name: &str, offered: &[String]) -> Option<String> {
    let key = naming_key(name);
    if let Some(containing) = offered.iter().find(|candidate| {
        let candidate_key = naming_key(candidate);
        candidate_key.starts_with(&key) || key.starts_with(&candidate_key)
    }) {
        return Some(containing.clone());
    }
    offered
        .iter()
        .map(|candidate| (edit_distance(&key, &naming_key(candidate)), candidate))
        .filter(|(distance, _)| *distance * 3 <= key.len().max(3))
        .min()
        .map(|(_, candidate)| candidate.clone())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b_chars: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b_chars.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, b_char) in b_chars.iter().enumerate() {
            let cost = usize::from(a_char != *b_char);
            current.push((previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b_chars.len()]
}

/// Whether a JSON type seen in an example fits a declared field type.
pub(super) fn types_compatible(expected: &str, declared: &str) -> bool {
    // A nullable type (`string|null`, `[string, "null"]`) fits what any of its members fits.
    if declared.contains('|') {
        return declared
            .split('|')
            .map(|member| member.trim().trim_matches(|c: char| c == '"' || c == '[' || c == ']'))
            .any(|member| member == "null" && expected == "null" || member != "null" && types_compatible(expected, member));
    }
    let declared = declared.trim_end_matches('?');
    match expected {
        "null" => true,
        "integer" => {
            matches!(declared, "integer" | "number" | "any")
                || declared.starts_with("int")
                || declared.starts_with("uint")
                || declared.starts_with("sint")
                || declared.starts_with("fixed")
                || declared == "double"
                || declared == "float"
        }
        // A consumer that takes any number takes an integer too.
        "number" => matches!(declared, "number" | "any" | "double" | "float" | "integer") || declared.starts_with("int") || declared.starts_with("uint"),
        "string" => matches!(declared, "string" | "any" | "bytes") || declared.contains("string"),
        "boolean" => matches!(declared, "boolean" | "bool" | "any"),
        "array" => declared.starts_with("array") || declared == "any",
        _ => !matches!(declared, "string" | "integer" | "number" | "boolean" | "bool") && !declared.starts_with("array"),
    }
}
