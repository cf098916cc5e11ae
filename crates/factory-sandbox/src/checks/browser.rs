//! Browser checks with Debian's chromium (never a downloaded browser), headless. First over the
//! DevTools protocol ([`super::devtools`]): navigate, wait in real time for the selector (any
//! CSS selector), read the page text, capture a PNG. Should that fail, from the command line:
//! one run dumps the DOM after the page's scripts ran (`--dump-dom` with a virtual time budget),
//! a second saves a screenshot; selectors are then matched by a small matcher (a tag name, `#id`,
//! `.class` and `[attr]` / `[attr=value]` parts on one element, no combinators). With no chromium
//! on the machine the verdict is `unknown`.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use super::{Outcome, Verdict, service_url};
use crate::declarations::CheckDeclaration;
use crate::state::SandboxState;

/// How browser checks drive chromium.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BrowserDriver {
    /// The DevTools protocol, falling back to the command line when it fails.
    #[default]
    DevTools,
    /// `--dump-dom` and `--screenshot` only.
    CommandLine,
}

/// What one headless chromium run gave.
#[derive(Debug, Clone)]
pub struct BrowserOutcome {
    pub dom: String,
    pub screenshot: Option<PathBuf>,
}

/// Debian's chromium, or `FACTORY_CHROMIUM`.
pub fn chromium_path() -> Option<PathBuf> {
    std::env::var_os("FACTORY_CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(PathBuf::from))
        .find(|path| path.is_file())
}

pub(crate) async fn run(state: &SandboxState, check: &CheckDeclaration, folder: &Path, driver: BrowserDriver) -> Outcome {
    let Some(chromium) = chromium_path() else {
        return Outcome::unknown("chromium is not installed (no /usr/bin/chromium); install it with `apt-get install chromium`");
    };
    let Some(service) = check.service.as_deref() else { return Outcome::unknown("the check names no service") };
    let base = match service_url(state, service) {
        Ok(url) => url.to_string(),
        Err(reason) => return Outcome::unknown(reason),
    };
    let url = format!("{base}{}", check.path.as_deref().unwrap_or("/"));
    let budget_ms = check.timeout_ms.unwrap_or(5000);
    let screenshot = folder.join(check.screenshot.as_deref().unwrap_or("screenshot.png"));
    if driver == BrowserDriver::CommandLine {
        return run_with_command_line(state, check, folder, &chromium, &url, budget_ms, &screenshot).await;
    }
    let profile = tempfile_dir(folder);
    let captured = super::devtools::capture(
        &chromium,
        &profile,
        &url,
        check.wait_for.as_deref(),
        std::time::Duration::from_millis(budget_ms),
        &state.network,
    )
    .await;
    let _ = std::fs::remove_dir_all(&profile);
    match captured {
        Ok(page) => judge_page(check, &url, budget_ms, page, folder, &screenshot),
        Err(reason) => {
            tracing::warn!(%reason, "the DevTools protocol failed; falling back to chromium's command line");
            let mut outcome = run_with_command_line(state, check, folder, &chromium, &url, budget_ms, &screenshot).await;
            outcome.reason.push_str(&format!(" (checked with --dump-dom: the DevTools protocol failed: {reason})"));
            outcome
        }
    }
}

fn judge_page(check: &CheckDeclaration, url: &str, budget_ms: u64, page: super::devtools::PageCapture, folder: &Path, screenshot: &Path) -> Outcome {
    let mut artifacts = Vec::new();
    let dom_path = folder.join("dom.html");
    if std::fs::write(&dom_path, &page.dom).is_ok() {
        artifacts.push(dom_path);
    }
    if !page.png.is_empty() && std::fs::write(screenshot, &page.png).is_ok() {
        artifacts.push(screenshot.to_path_buf());
    }
    let console_path = folder.join("console.log");
    if !page.console.is_empty() && std::fs::write(&console_path, page.console.join("\n") + "\n").is_ok() {
        artifacts.push(console_path);
    }
    let mut problems = Vec::new();
    if let Some(selector) = &check.wait_for
        && !page.selector_found
    {
        problems.push(format!("no element matches `{selector}` within {budget_ms} ms"));
    }
    if let Some(text) = &check.expect_text
        && !page.text.contains(text.as_str())
    {
        problems.push(format!("the page does not show the text `{text}`"));
    }
    if page.png.is_empty() {
        problems.push("chromium captured no screenshot".to_string());
    }
    if problems.is_empty() {
        return Outcome { verdict: Verdict::Pass, reason: format!("{url} shows what the check expects"), artifacts, tests: Vec::new(), output_tail: None };
    }
    let mut output_tail = String::new();
    if !page.console.is_empty() {
        output_tail.push_str(&format!("browser console:\n{}\n", page.console.join("\n")));
    }
    output_tail.push_str("page text:\n");
    output_tail.extend(page.text.chars().take(2000));
    let output_tail = Some(output_tail);
    Outcome { verdict: Verdict::Fail, reason: format!("{url}: {}", problems.join("; ")), artifacts, tests: Vec::new(), output_tail }
}

async fn run_with_command_line(
    state: &SandboxState,
    check: &CheckDeclaration,
    folder: &Path,
    chromium: &Path,
    url: &str,
    budget_ms: u64,
    screenshot: &Path,
) -> Outcome {
    let mut artifacts = Vec::new();
    let network = &state.network;
    let dom = match run_chromium(chromium, folder, url, budget_ms, Mode::DumpDom, network).await {
        Ok(dom) => dom,
        Err(reason) => return Outcome::unknown(format!("chromium could not load {url}: {reason}")),
    };
    let dom_path = folder.join("dom.html");
    if std::fs::write(&dom_path, &dom).is_ok() {
        artifacts.push(dom_path);
    }
    let shot = run_chromium(chromium, folder, url, budget_ms, Mode::Screenshot(screenshot), network).await;
    let screenshot_note = match (&shot, std::fs::metadata(screenshot).map(|meta| meta.len()).unwrap_or(0)) {
        (Ok(_), size) if size > 0 => {
            artifacts.push(screenshot.to_path_buf());
            None
        }
        (Err(reason), _) => Some(format!("no screenshot: {reason}")),
        (Ok(_), _) => Some("chromium wrote no screenshot".to_string()),
    };
    let mut problems = Vec::new();
    if let Some(selector) = &check.wait_for
        && !selector_matches(&dom, selector)
    {
        problems.push(format!("no element matches `{selector}` after {budget_ms} ms"));
    }
    if let Some(text) = &check.expect_text
        && !visible_text(&dom).contains(text.as_str())
    {
        problems.push(format!("the page does not show the text `{text}`"));
    }
    let (verdict, reason) = if problems.is_empty() {
        let mut reason = format!("{url} shows what the check expects");
        if let Some(note) = screenshot_note {
            reason.push_str(&format!(" ({note})"));
        }
        (Verdict::Pass, reason)
    } else {
        (Verdict::Fail, format!("{url}: {}", problems.join("; ")))
    };
    let output_tail = (verdict == Verdict::Fail).then(|| dom.chars().take(2000).collect());
    Outcome { verdict, reason, artifacts, tests: Vec::new(), output_tail }
}

enum Mode<'a> {
    DumpDom,
    Screenshot(&'a Path),
}

async fn run_chromium(
    chromium: &Path,
    folder: &Path,
    url: &str,
    budget_ms: u64,
    mode: Mode<'_>,
    network: &crate::Network,
) -> Result<String, String> {
    let profile = tempfile_dir(folder);
    let argv = network.enter(vec![chromium.display().to_string()]);
    let mut command = tokio::process::Command::new(&argv[0]);
    command.args(&argv[1..]);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=1280,800",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command.arg(format!("--virtual-time-budget={budget_ms}"));
    match mode {
        Mode::DumpDom => command.arg("--dump-dom"),
        Mode::Screenshot(path) => command.arg(format!("--screenshot={}", path.display())),
    };
    command.arg(url).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).process_group(0).kill_on_drop(true);
    let limit = Duration::from_millis(budget_ms + 60_000);
    let output = tokio::time::timeout(limit, command.output()).await;
    let _ = std::fs::remove_dir_all(&profile);
    match output {
        Err(_) => Err(format!("chromium took over {} s", limit.as_secs())),
        Ok(Err(error)) => Err(format!("could not run {}: {error}", chromium.display())),
        Ok(Ok(output)) if output.status.success() => Ok(String::from_utf8_lossy(&output.stdout).into_owned()),
        Ok(Ok(output)) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let tail: Vec<&str> = stderr.lines().rev().take(5).collect();
            Err(format!("chromium ended with {}: {}", output.status, tail.into_iter().rev().collect::<Vec<_>>().join(" | ")))
        }
    }
}

fn tempfile_dir(folder: &Path) -> PathBuf {
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    folder.join(format!(".chromium-profile-{}-{stamp}", std::process::id()))
}

/// Whether an element of `dom` matches a simple selector (`tag#id.class[attr=value]`).
pub(crate) fn selector_matches(dom: &str, selector: &str) -> bool {
    let wanted = parse_selector(selector.trim());
    start_tags(dom).iter().any(|(tag, attributes)| {
        wanted.tag.as_ref().is_none_or(|name| name.eq_ignore_ascii_case(tag))
            && wanted.attributes.iter().all(|(key, value)| {
                attributes.iter().any(|(have_key, have_value)| {
                    have_key.eq_ignore_ascii_case(key)
                        && match value {
                            None => true,
                            Some(Expected::Equals(value)) => have_value == value,
                            Some(Expected::Word(word)) => have_value.split_whitespace().any(|part| part == word),
                        }
                })
            })
    })
}

enum Expected {
    Equals(String),
    Word(String),
}

struct Selector {
    tag: Option<String>,
    attributes: Vec<(String, Option<Expected>)>,
}

fn parse_selector(selector: &str) -> Selector {
    let mut tag = String::new();
    let mut attributes = Vec::new();
    let mut rest = selector;
    while let Some(c) = rest.chars().next() {
        match c {
            '#' | '.' => {
                let end = rest[1..].find(['#', '.', '[']).map_or(rest.len(), |end| end + 1);
                let name = rest[1..end].to_string();
                attributes.push(if c == '#' {
                    ("id".to_string(), Some(Expected::Equals(name)))
                } else {
                    ("class".to_string(), Some(Expected::Word(name)))
                });
                rest = &rest[end..];
            }
            '[' => {
                let end = rest.find(']').unwrap_or(rest.len());
                let inner = &rest[1..end];
                match inner.split_once('=') {
                    Some((key, value)) => attributes.push((
                        key.trim().to_string(),
                        Some(Expected::Equals(value.trim().trim_matches(['"', '\'']).to_string())),
                    )),
                    None => attributes.push((inner.trim().to_string(), None)),
                }
                rest = &rest[(end + 1).min(rest.len())..];
            }
            _ => {
                tag.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    Selector { tag: (!tag.is_empty()).then_some(tag), attributes }
}

/// Every start tag of `html` with its attributes (values unquoted; entities left as written).
fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let inside = &rest[..end];
        let name_end = inside.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(inside.len());
        let name = inside[..name_end].to_string();
        tags.push((name, parse_attributes(&inside[name_end..])));
        rest = &rest[end..];
    }
    tags
}

fn parse_attributes(mut text: &str) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    loop {
        text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if text.is_empty() {
            return attributes;
        }
        let key_end = text.find(|c: char| c.is_whitespace() || c == '=' || c == '/').unwrap_or(text.len());
        let key = text[..key_end].to_string();
        text = text[key_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = text.strip_prefix('=') {
            let after = after.trim_start();
            if let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let close = after[1..].find(quote).map_or(after.len(), |close| close + 1);
                value = after[1..close].to_string();
                text = &after[(close + 1).min(after.len())..];
            } else {
                let close = after.find(char::is_whitespace).unwrap_or(after.len());
                value = after[..close].to_string();
                text = &after[close..];
            }
        }
        if key.is_empty() {
            return attributes;
        }
        attributes.push((key, value));
    }
}

/// The text of `html` with tags, scripts and styles removed.
pub(crate) fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let lower = rest.get(..7).unwrap_or_default().to_ascii_lowercase();
        let skip_to = if lower.starts_with("<script") { "</script>" } else if lower.starts_with("<style") { "</style>" } else { ">" };
        match rest.find(skip_to) {
            Some(end) => rest = &rest[end + skip_to.len()..],
            None => rest = "",
        }
        out.push(' ');
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_selectors_match_the_dumped_dom() {
        let dom = r#"<html><body data-loaded="true" class="page wide"><ul id="orders"><li>alice</li></ul><script>var x = "<b>bob</b>";</script></body></html>"#;
        let cases = [
            ("body[data-loaded=true]", true),
            ("body[data-loaded=\"true\"]", true),
            ("body[data-loaded=false]", false),
            ("#orders", true),
            ("ul#orders", true),
            (".wide", true),
            ("body.page[data-loaded]", true),
            ("table", false),
        ];
        for (selector, expected) in cases {
            assert_eq!(selector_matches(dom, selector), expected, "{selector}");
        }
        assert!(visible_text(dom).contains("alice"));
        assert!(!visible_text(dom).contains("bob"));
    }
}
