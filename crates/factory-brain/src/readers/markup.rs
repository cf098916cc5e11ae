//! Scripts inside markup: a page's `<script>` blocks are browser code, read by the code reader
//! as JavaScript (TypeScript under `lang="ts"`). tsawler's go-microservices front end calls its
//! broker from a Go template, `fetch("http:\/\/localhost:8080/handle", body)` in
//! `templates/test.page.gohtml`; a Vue or Svelte component keeps its calls in its `<script>`
//! block, a Razor view (`.cshtml`) or an EJS page in an inline one.
//!
//! Everything outside the blocks is blanked, line breaks kept, so that a fact's line is the
//! page's. A `<script src="..">` element loads a file and holds no code of its own.

use crate::model::FileFacts;

/// Extensions of pages and components whose `<script>` blocks are read.
const MARKUP_EXTENSIONS: &[&str] = &["html", "htm", "gohtml", "tmpl", "vue", "svelte", "cshtml", "razor", "ejs", "hbs", "handlebars", "astro", "jsp", "njk", "twig", "jinja", "j2"];

/// Whether a file (its lowercase extension) is markup that may hold scripts.
pub fn is_markup(extension: &str) -> bool {
    MARKUP_EXTENSIONS.contains(&extension)
}

/// The facts of a page's scripts, as the code reader finds them.
pub fn read(path: &str, text: &str) -> FileFacts {
    match scripts(text) {
        Some((code, language)) => super::code::read_as(path, language, &code),
        None => FileFacts::default(),
    }
}

/// The page's text with everything but its inline scripts' code blanked, and the scripts'
/// language (`ts` when any block says `lang="ts"`); `None` without an inline script.
fn scripts(text: &str) -> Option<(String, &'static str)> {
    let lower = text.to_ascii_lowercase();
    let mut code = String::with_capacity(text.len());
    let mut language = "js";
    let mut copied = 0;
    let mut found = false;
    let mut from = 0;
    while let Some(open) = lower[from..].find("<script").map(|at| from + at) {
        let Some(tag_end) = lower[open..].find('>').map(|at| open + at + 1) else { break };
        let Some(close) = lower[tag_end..].find("</script").map(|at| tag_end + at) else { break };
        from = close + "</script".len();
        let tag = &lower[open..tag_end];
        // `<script type="text/x-template">`, JSON data and an import map are no code;
        // `<scripts>` no script.
        let is_script = tag[7..].starts_with(|character: char| character.is_whitespace() || character == '>');
        let is_data = ["json", "template", "text/html", "x-tmpl", "importmap"].iter().any(|kind| tag.contains(kind) && tag.contains("type"));
        if !is_script || is_data || text[tag_end..close].trim().is_empty() {
            continue;
        }
        if tag.contains("lang=\"ts\"") || tag.contains("lang='ts'") || tag.contains("lang=\"typescript\"") {
            language = "ts";
        }
        blank(&text[copied..tag_end], &mut code);
        code.push_str(&text[tag_end..close]);
        copied = close;
        found = true;
    }
    blank(&text[copied..], &mut code);
    found.then_some((code, language))
}

/// Pushes `text` as spaces, its line breaks kept.
fn blank(text: &str, code: &mut String) {
    code.extend(text.chars().map(|character| if character == '\n' { '\n' } else { ' ' }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_inline_scripts_on_their_lines_and_blanks_the_rest() {
        let page = "<div>a</div>\n<script src=\"/app.js\"></script>\n<script type=\"application/json\">{\"url\":\"http://orders/x\"}</script>\n<script type=\"importmap\">{\"imports\":{\"a\":\"http://payments/a.js\"}}</script>\n<script>\n  fetch('/api')\n</script>\n";
        let (code, language) = scripts(page).expect("an inline script");
        assert_eq!(language, "js");
        assert_eq!(code.lines().count(), page.lines().count());
        assert_eq!(code.lines().nth(5).map(str::trim), Some("fetch('/api')"));
        assert!(!code.contains("orders") && !code.contains("payments"), "JSON data and import maps are not code: {code}");
        assert!(!code.contains("div"));
    }

    #[test]
    fn a_vue_component_in_typescript() {
        let (code, language) = scripts("<template><p/></template>\n<script setup lang=\"ts\">\nconst a = 1\n</script>").expect("a script");
        assert_eq!(language, "ts");
        assert!(code.contains("const a = 1"));
        assert_eq!(scripts("<p>no script here</p>"), None);
        assert_eq!(scripts("<script src=\"x.js\"></script>"), None);
    }
}
