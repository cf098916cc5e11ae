//! `/* .. */` comments of the C-like languages, blanked before anything is read: the lines a
//! comment spans say nothing, not only those that start with `//` or `*`.
//! Publicitaki-Store-Bank's bank front end keeps its old addresses in one
//! (`/*private static readonly string NOTIFICATIONS_SERVICE_URL = "http://bank-notifications:8080";\n*/`),
//! whose second line starts like code.

use std::borrow::Cow;

/// The languages whose block comments are `/* .. */`.
const C_LIKE: &[&str] = &["cs", "java", "kt", "kts", "scala", "js", "mjs", "cjs", "ts", "tsx", "jsx", "go", "c", "cc", "cpp", "cxx", "h", "hh", "hpp", "php", "swift", "rs"];

/// `text` with its `/* .. */` comments blanked, line ends and length kept, for a language of
/// [`C_LIKE`]; string literals (a backtick's over several lines, JavaScript's templates and Go's
/// raw strings) and `//` comments are skipped, so `"/*"` and `// a /* b` open none. A `/*`
/// after a backslash is a regular expression's (`/\/*$/`), and one never closed is left as it
/// is: the rest of the file is not taken for a comment.
pub(super) fn blanked<'text>(extension: &str, text: &'text str) -> Cow<'text, str> {
    if !C_LIKE.contains(&extension) || memchr::memmem::find(text.as_bytes(), b"/*").is_none() {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'`' => index = string_end(bytes, index, b'`', true),
            quote @ (b'"' | b'\'') => index = string_end(bytes, index, quote, false),
            b'/' if bytes.get(index + 1) == Some(&b'/') => index = memchr::memchr(b'\n', &bytes[index..]).map_or(bytes.len(), |length| index + length),
            b'/' if bytes.get(index + 1) == Some(&b'*') && (index == 0 || bytes[index - 1] != b'\\') => {
                let Some(length) = memchr::memmem::find(&bytes[index + 2..], b"*/") else {
                    index += 2;
                    continue;
                };
                let end = index + 2 + length + 2;
                let out = out.get_or_insert_with(|| bytes.to_vec());
                for byte in &mut out[index..end] {
                    if !matches!(*byte, b'\n' | b'\r') {
                        *byte = b' ';
                    }
                }
                index = end;
            }
            _ => index += 1,
        }
    }
    // Only whole comments, which start and end on ASCII bytes, were blanked.
    match out {
        Some(out) => String::from_utf8(out).map_or(Cow::Borrowed(text), Cow::Owned),
        None => Cow::Borrowed(text),
    }
}

/// Past the literal opened by `quote` at `start`: its closing quote, else its line's end (a
/// backtick's may span lines).
fn string_end(bytes: &[u8], start: usize, quote: u8, spans_lines: bool) -> usize {
    let mut index = start + 1;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            _ if byte == quote => return index + 1,
            b'\\' => index += 2,
            b'\n' if !spans_lines => return index,
            _ => index += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::blanked;

    #[test]
    fn block_comments_are_blanked_and_nothing_else() {
        let text = "a = \"/* kept */\"; /* gone\n\"http://x\" */ b // c /* d\nre = /\\/*$/; e = 1 /* f */\n`/*\n*/` /* open";
        let expected = "a = \"/* kept */\";        \n              b // c /* d\nre = /\\/*$/; e = 1        \n`/*\n*/` /* open";
        assert_eq!(blanked("ts", text), expected);
        assert_eq!(blanked("py", text), text, "Python's comments are not C's");
    }
}
