//! C# URL fields no code reads: a `static readonly` or `const` string field holding a URL
//! (`"http://bank-notifications:8080"`) whose name the file never uses again, in a file that
//! reads its other URL fields itself, calls nothing. Publicitaki-Store-Bank's bank front end
//! builds every request from `CLIENTS_SERVICE_URL` and leaves `NOTIFICATIONS_SERVICE_URL`
//! beside it unread. A file of constants only, reading none of them (a `Urls` class other files
//! read), keeps every one.

use std::sync::LazyLock;

use regex::Regex;

/// `static readonly string NAME =` or `const string NAME =`, modifiers in either order.
static URL_FIELD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:static\s+readonly|readonly\s+static|const)\s+string\??\s+([A-Za-z_]\w*)\s*=").expect("a valid regex"));

/// The byte ranges of `text` (a C# file's, comments blanked) holding the initializers of its
/// unread URL fields.
pub(super) fn unread_initializers(extension: &str, text: &str) -> Vec<(usize, usize)> {
    if extension != "cs" || !text.contains("://") {
        return Vec::new();
    }
    // Each URL field: its initializer's range and whether the file reads it.
    let mut fields: Vec<((usize, usize), bool)> = Vec::new();
    for captures in URL_FIELD.captures_iter(text) {
        let (Some(whole), Some(name)) = (captures.get(0), captures.get(1)) else { continue };
        let end = text[whole.end()..].find(';').map_or(text.len(), |length| whole.end() + length);
        if !text[whole.end()..end].contains("://") {
            continue;
        }
        let read = word_positions(text, name.as_str()).any(|at| at != name.start());
        fields.push(((whole.end(), end), read));
    }
    if !fields.iter().any(|(_, read)| *read) {
        return Vec::new();
    }
    fields.into_iter().filter(|(_, read)| !read).map(|(range, _)| range).collect()
}

/// Where `word` stands whole in `text`.
fn word_positions<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    text.match_indices(word).map(|(at, _)| at).filter(move |&at| {
        let bytes = text.as_bytes();
        (at == 0 || !is_word(bytes[at - 1])) && bytes.get(at + word.len()).is_none_or(|&byte| !is_word(byte))
    })
}

#[cfg(test)]
mod tests {
    use super::unread_initializers;

    #[test]
    fn only_an_unread_url_field_beside_read_ones_is_left_out() {
        let text = "class R {\n  public static readonly string A_URL = \"http://a:1\";\n  public const string B_URL = \"http://b:2\";\n  void F() { Get(A_URL + \"/x\"); }\n}\n";
        let ranges = unread_initializers("cs", text);
        assert_eq!(ranges.iter().map(|&(start, end)| text[start..end].trim()).collect::<Vec<_>>(), ["\"http://b:2\""]);
        let constants = "static class Urls {\n  public const string A_URL = \"http://a:1\";\n  public const string B_URL = \"http://b:2\";\n}\n";
        assert!(unread_initializers("cs", constants).is_empty(), "a class of constants other files read");
        assert!(unread_initializers("java", text).is_empty());
    }
}
