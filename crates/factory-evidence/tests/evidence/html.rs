//! `report.html` is well-formed enough to open, self-contained, and puts the verdict first.

use crate::fixture::fixture;

const VOID_ELEMENTS: &[&str] = &["meta", "br", "img", "hr", "input", "link", "col", "wbr"];

/// Checks that every tag is closed in order; returns the tag names seen.
fn check_tags(html: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').expect("every tag is closed with >");
        let tag = &after[..end];
        rest = &after[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let closing = tag.starts_with('/');
        let name: String = tag.trim_start_matches('/').chars().take_while(|character| character.is_ascii_alphanumeric()).collect();
        assert!(!name.is_empty(), "a `<` that starts no tag: <{tag}>");
        let name = name.to_ascii_lowercase();
        if closing {
            let open = stack.pop().unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(open, name, "</{name}> closes <{open}>");
        } else {
            seen.push(name.clone());
            if !VOID_ELEMENTS.contains(&name.as_str()) {
                stack.push(name.clone());
            }
            if name == "style" {
                let close = rest.find("</style>").expect("style is closed");
                rest = &rest[close..];
            }
        }
    }
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
    seen
}

#[test]
fn the_html_report_is_well_formed_and_self_contained() {
    let fixture = fixture();
    factory_evidence::write_bundle(&fixture.evidence_dir, &fixture.evidence).expect("bundle");
    let html = std::fs::read_to_string(fixture.evidence_dir.join("report.html")).expect("report.html");

    let tags = check_tags(&html);
    for forbidden in ["script", "link", "iframe", "object", "embed"] {
        assert!(!tags.iter().any(|tag| tag == forbidden), "report.html has a <{forbidden}>");
    }
    assert!(!html.contains("@import") && !html.contains("url("), "the CSS loads nothing");
    // No attribute points outside the bundle except the links the run data gave (a published
    // PR); URLs in log text are text, not resources.
    let allowed = ["https://git.example/acme/orders-api/pull/7"];
    for (index, _) in html.match_indices("=\"") {
        let value = &html[index + 2..];
        let value = &value[..value.find('"').expect("attribute is closed")];
        if value.contains("://") || value.starts_with("//") {
            assert!(allowed.contains(&value), "external URL in an attribute of report.html: {value}");
        }
    }
    for (index, _) in html.match_indices(" src=\"") {
        let value = &html[index + 6..];
        assert!(value.starts_with("data:image/") || !value.contains(':'), "src must be embedded or relative: {}", &value[..40]);
    }
    // The verdict banner comes first, then the sections in review order.
    let positions: Vec<usize> = ["class=\"banner unknown\"", "id=\"summary\"", "id=\"why\"", "id=\"rollout\"", "id=\"rollback\"", "id=\"repos\"", "id=\"checks\""]
        .iter()
        .map(|needle| html.find(needle).unwrap_or_else(|| panic!("report.html has no {needle}")))
        .collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "sections out of order: {positions:?}");
    // The screenshot is embedded; the unknown check is never shown as a pass.
    assert!(html.contains("src=\"data:image/png;base64,iVBORw0KGgo"));
    let card = html.split("id=\"check-web-web-orders-page\"").nth(1).expect("browser check card");
    let card = &card[..card.find("</article>").expect("card end")];
    assert!(card.contains("badge unknown") && !card.contains("badge pass"), "{card}");
}
