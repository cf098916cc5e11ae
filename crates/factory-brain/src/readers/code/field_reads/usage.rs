//! The JSON type a read field must have for what the code does with it at once: a string's
//! methods (`station["location"].split(",")`, `name.lower()`, `code.toUpperCase()`) on a
//! string, `toFixed(2)` on a number. ops-console of the tenth planted-mismatch evaluation's org
//! V splits stations-api's `location`, a `GeoPoint` object, as if it were `"lat,lon"` (V8).

use super::super::calls::Lines;
use super::Read;

/// Methods only a string has, in the languages whose reads are followed by them.
const STRING_METHODS: &[&str] = &[
    ".split(", ".lower()", ".upper()", ".strip()", ".startswith(", ".endswith(", ".toLowerCase()", ".toUpperCase()", ".trim()", ".startsWith(", ".endsWith(", ".padStart(",
    ".padEnd(", ".localeCompare(",
];
/// Methods only a number has.
const NUMBER_METHODS: &[&str] = &[".toFixed(", ".toPrecision("];

/// Gives each read whose type is unknown the type its line's use of the field needs: the field,
/// after any holder on that line (`x["location"]`, `.location`), followed at once by such a
/// method.
pub(super) fn typed_by_use(reads: &mut [Read], lines: &Lines<'_>, text: &str) {
    if !STRING_METHODS.iter().chain(NUMBER_METHODS).any(|method| text.contains(method)) {
        return;
    }
    for read in reads.iter_mut().filter(|read| read.json_type.is_none() && read.holder.is_some() && read.declared_in.is_none()) {
        let line = lines.line(read.line);
        let field = read.field.as_str();
        let spellings = [format!("[\"{field}\"]"), format!("['{field}']"), format!(".{field}")];
        let used = |methods: &[&str]| {
            spellings.iter().any(|spelling| {
                line.match_indices(spelling.as_str()).any(|(at, _)| {
                    let after = &line[at + spelling.len()..];
                    // `.location` is not `.locationName`.
                    let whole = !after.starts_with(|character: char| character.is_alphanumeric() || character == '_');
                    let after = after.strip_prefix('?').unwrap_or(after);
                    whole && methods.iter().any(|method| after.starts_with(method))
                })
            })
        };
        if used(STRING_METHODS) {
            read.json_type = Some("string");
        } else if used(NUMBER_METHODS) {
            read.json_type = Some("number");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strings_or_numbers_method_types_the_read() {
        let text = "lat, lon = station[\"location\"].split(\",\")\nname = station[\"name\"]\nprice = order.total?.toFixed(2)\nlabel = order.totalLabel.trim()\n";
        let mut reads = vec![
            Read::new(Some("station".into()), "location".into(), 1),
            Read::new(Some("station".into()), "name".into(), 2),
            Read::new(Some("order".into()), "total".into(), 3),
            Read::new(Some("order".into()), "totalLabel".into(), 4),
            Read::new(Some("order".into()), "total".into(), 4),
        ];
        typed_by_use(&mut reads, &Lines::new(text), text);
        let types: Vec<Option<&str>> = reads.iter().map(|read| read.json_type).collect();
        assert_eq!(types, [Some("string"), None, Some("number"), Some("string"), None]);
    }
}
