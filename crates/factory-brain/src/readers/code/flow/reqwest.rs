//! Rust's reqwest decoding a response's JSON body into a type: the turbofish
//! `.json::<Wallet>().await?` (`.json::<Vec<Wallet>>()` holds `Wallet`s), and a declared
//! `let w: Wallet = resp.json().await?`. The call is found from its URL literal through the
//! variables that hold what comes of it on the way (`let url = format!("..")`, then `let resp
//! = client.get(url).send().await?`, then `resp.json()`), in the variable's block.

use std::sync::LazyLock;

use regex::Regex;

use super::statements::{scope_end, statement};
use super::{head, Bindings, CallSite, Head, Lines, Syntax};

/// `.json::<Wallet>()`, `.json::<Vec<Wallet>>()`.
static TURBOFISH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\.json\s*::\s*<([^;()]+?)>\s*\(\s*\)").expect("a valid regex"));

/// How many variables a call's value is followed through to its decode.
const MOST_HOPS: usize = 3;

/// Whether the text (literals blanked) may decode a reqwest response: reqwest's words.
pub(super) fn may_decode(masked: &str) -> bool {
    masked.contains(".json::<") || masked.contains(".json().await")
}

/// The types the response of the call at `site` is decoded into, as [`Bindings::decode`]s.
pub(super) fn decode(masked: &str, lines: &Lines<'_>, site: &CallSite, found: &mut Bindings) {
    follow(masked, lines, statement(masked, site.offset, Syntax::Braces), &site.target, found, 0);
}

fn follow(masked: &str, lines: &Lines<'_>, (start, end): (usize, usize), target: &str, found: &mut Bindings, hops: usize) {
    let text = &masked[start..end];
    if let Some(type_name) = decoded_type(text) {
        found.decode(type_name, target, lines.number(start));
        return;
    }
    if hops == MOST_HOPS {
        return;
    }
    // The statement keeps the URL, the request or the response in a variable: where the
    // variable is used next is where the call goes on.
    let Some(Head::Variable { name, .. }) = head(text) else { return };
    let scope_end = scope_end(masked, start, Syntax::Braces);
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    let bytes = masked.as_bytes();
    let mut last = end;
    for (at, _) in masked[end.min(scope_end)..scope_end].match_indices(name) {
        let offset = end + at;
        let whole_word = !is_word(bytes[offset - 1]) && bytes.get(offset + name.len()).is_none_or(|&byte| !is_word(byte));
        if !whole_word || offset < last {
            continue;
        }
        let used = statement(masked, offset, Syntax::Braces);
        last = used.1;
        follow(masked, lines, used, target, found, hops + 1);
    }
}

/// The type a statement decodes a response's JSON into: a turbofish's, or the declared type of
/// the variable `.json()` is assigned to.
fn decoded_type(statement: &str) -> Option<&str> {
    if let Some(type_name) = TURBOFISH.captures(statement).and_then(|captures| captures.get(1)) {
        return Some(type_name.as_str().trim());
    }
    if !statement.contains(".json()") {
        return None;
    }
    match head(statement)? {
        Head::Variable { declared, .. } => declared,
        Head::Destructured(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(text: &str, marker: &str) -> Vec<String> {
        let literals: Vec<(usize, usize)> = super::super::super::Literals::new(text).collect();
        let masked = super::super::Masked::new(text, &literals);
        let site = CallSite { offset: text.find(marker).expect("marker in text"), target: "http:ANY /w".to_string() };
        let mut found = Bindings::default();
        decode(masked.as_str(), &Lines::new(text), &site, &mut found);
        found.types.keys().cloned().collect()
    }

    #[test]
    fn turbofish_and_declared_decodes_through_variables() {
        let inline = "async fn a(c: &Client) -> Result<Wallet> {\n    let w = c.get(format!(\"{B}/w\")).send().await?.json::<Vec<WalletDto>>().await?;\n    Ok(w)\n}\n";
        assert_eq!(decoded(inline, "format!"), ["Wallet"]);
        let through = "async fn a(c: &Client) -> Result<Wallet> {\n    let url = format!(\"{B}/w\");\n    let resp = c\n        .get(url)\n        .send()\n        .await?;\n    let w: Wallet = resp.json().await?;\n    Ok(w)\n}\n";
        assert_eq!(decoded(through, "format!"), ["Wallet"]);
        let sent = "async fn a(c: &Client, body: &Body) -> Result<()> {\n    let url = format!(\"{B}/w\");\n    let urls = vec![1];\n    c.post(url).json(body).send().await?;\n    let n: Count = other.json().await?;\n    Ok(())\n}\n";
        assert_eq!(decoded(sent, "format!"), Vec::<String>::new(), "a body sent, and a decode of another response");
    }
}
