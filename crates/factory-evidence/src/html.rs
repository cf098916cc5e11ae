//! `report.html`: one self-contained file (inline CSS, screenshots as data URIs, no script, no
//! external resource) with the same order as `report.md`: verdict banner, summary, why these
//! repos, rollout and rollback, then details.

use std::fmt::Write;
use std::path::Path;

use base64::Engine;

use crate::assess::{self, Assessment, CheckView, RepoView, Reversible, lane_word};
use crate::files;
use crate::input::Verdict;
use crate::markdown::{check_counts, diff_summary, repo_check_counts, status_word};

const STYLE: &str = include_str!("html_style.css");
/// Screenshots up to this size are embedded; larger ones are linked.
const EMBED_LIMIT_BYTES: usize = 4 * 1024 * 1024;

/// Text or attribute value made safe for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Escaped text with Markdown code spans (`like this`) as `<code>`.
fn inline(text: &str) -> String {
    if !text.matches('`').count().is_multiple_of(2) {
        return escape(text);
    }
    let mut out = String::new();
    for (index, part) in text.split('`').enumerate() {
        if index.is_multiple_of(2) {
            out.push_str(&escape(part));
        } else {
            let _ = write!(out, "<code>{}</code>", escape(part));
        }
    }
    out
}

/// A link to an address the run data gave; anything but http(s) is shown as text, never linked.
fn web_link(url: &str, text: &str) -> String {
    if url.starts_with("https://") || url.starts_with("http://") {
        format!("<a href=\"{}\">{}</a>", escape(url), escape(text))
    } else {
        format!("{} (<code>{}</code>)", escape(text), escape(url))
    }
}

fn href(relative: &str) -> String {
    escape(&relative.replace(' ', "%20"))
}

fn badge(verdict: Verdict) -> String {
    let mark = match verdict {
        Verdict::Pass => "✓",
        Verdict::Fail => "✗",
        Verdict::Unknown => "?",
    };
    format!("<span class=\"badge {0}\">{mark} {0}</span>", verdict.as_str())
}

fn file_link(relative: &str) -> String {
    format!("<a href=\"{}\">{}</a>", href(relative), escape(assess::file_name(relative)))
}

pub fn report_html(assessment: &Assessment<'_>, dir: &Path) -> String {
    let evidence = assessment.evidence;
    let mut out = String::new();
    let verdict = assessment.verdict.as_str();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} · {} · {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        verdict.to_uppercase(),
        escape(&evidence.run_id),
        escape(evidence.outcome.trim()),
    );
    let _ = writeln!(out, "<header class=\"banner {verdict}\">\n<div class=\"verdict\">{}</div>\n<div>", verdict.to_uppercase());
    let _ = writeln!(out, "<h1>{}</h1>", escape(evidence.outcome.trim()));
    let finished = evidence.finished_at.as_deref().unwrap_or("not finished");
    let run = match &evidence.run_url {
        Some(url) => web_link(url, &evidence.run_id),
        None => escape(&evidence.run_id),
    };
    let _ = writeln!(
        out,
        "<p class=\"meta\">run <b>{run}</b> · status <b>{}</b> · lane <b>{}</b> · org <b>{}</b> · created {} · finished {}</p>",
        escape(&evidence.status),
        escape(lane_word(&evidence.lane)),
        escape(&evidence.org),
        escape(&evidence.created_at),
        escape(finished),
    );
    if let Some(coverage) = assessment.plan_coverage() {
        let _ = writeln!(out, "<p class=\"meta\"><b>Plan coverage:</b> {} (<a href=\"#checks\">checks</a>)</p>", inline(&coverage));
    }
    if !assessment.verdict_reasons.is_empty() {
        let _ = writeln!(out, "<p class=\"meta\"><b>Why it is not a pass:</b></p>\n<ul class=\"reasons\">");
        for reason in &assessment.verdict_reasons {
            let _ = writeln!(out, "<li>{}</li>", inline(reason));
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "</div>\n</header>\n<main>");
    let _ = writeln!(
        out,
        "<nav class=\"toc\"><a href=\"#summary\">Summary</a><a href=\"#why\">Why these repos</a><a href=\"#rollout\">Rollout</a><a href=\"#rollback\">Rollback</a><a href=\"#repos\">Repositories</a><a href=\"#checks\">Checks</a><a href=\"#findings\">Contract findings</a><a href=\"#files\">Files</a></nav>"
    );
    summary(&mut out, assessment);
    why(&mut out, assessment);
    rollout(&mut out, assessment);
    rollback(&mut out, assessment);
    let _ = writeln!(out, "<section id=\"repos\">\n<h2>Repositories</h2>");
    for repo in &assessment.repos {
        repo_card(&mut out, assessment, repo);
    }
    if assessment.repos.is_empty() {
        let _ = writeln!(out, "<p>The run changed no repository.</p>");
    }
    let _ = writeln!(out, "</section>\n<section id=\"checks\">\n<h2>Checks</h2>");
    verification_plan(&mut out, assessment);
    for check in &assessment.checks {
        check_card(&mut out, check, dir);
    }
    if assessment.checks.is_empty() {
        let _ = writeln!(out, "<p class=\"warn\">No check ran: nothing in this bundle verifies the change.</p>");
    }
    let _ = writeln!(out, "</section>");
    findings(&mut out, assessment);
    learned(&mut out, assessment);
    documents(&mut out, assessment);
    files_section(&mut out, assessment, dir);
    let _ = writeln!(out, "</main>\n</body>\n</html>");
    out
}

fn summary(out: &mut String, assessment: &Assessment<'_>) {
    let _ = writeln!(out, "<section id=\"summary\">\n<h2>Summary</h2>");
    if !assessment.repos.is_empty() {
        let _ = writeln!(out, "<table>\n<thead><tr><th>repo</th><th>verdict</th><th>task</th><th>branch</th><th>head</th><th>changes</th><th>checks</th><th>PR</th></tr></thead>\n<tbody>");
        for repo in &assessment.repos {
            let result = repo.result;
            let head = result.head_commit.as_deref().map_or("none".to_string(), |sha| format!("<code>{}</code>", escape(assess::short_sha(sha))));
            let counts = repo_check_counts(assessment, repo);
            let _ = writeln!(
                out,
                "<tr><td><a href=\"#{}\">{}</a></td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{head}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                repo.anchor(),
                escape(&result.repo),
                badge(repo.verdict),
                escape(&status_word(result)),
                escape(&result.branch),
                escape(&diff_summary(result)),
                escape(&check_counts(counts)),
                file_link(&repo.pull_request_file),
            );
        }
        let _ = writeln!(out, "</tbody>\n</table>");
    }
    if !assessment.checks.is_empty() {
        let _ = writeln!(out, "<table>\n<thead><tr><th>check</th><th>kind</th><th>repo</th><th>verdict</th><th>attempts</th><th>duration</th><th>evidence</th></tr></thead>\n<tbody>");
        for check in &assessment.checks {
            let last = check.last();
            let evidence = if last.artifacts.is_empty() {
                "<span class=\"muted\">none</span>".to_string()
            } else {
                last.artifacts.iter().map(|artifact| file_link(artifact)).collect::<Vec<_>>().join(", ")
            };
            let _ = writeln!(
                out,
                "<tr><td><a href=\"#{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{evidence}</td></tr>",
                check.anchor(),
                escape(check.name),
                escape(check.kind),
                escape(check.repo.unwrap_or("(run)")),
                badge(check.verdict()),
                escape(&check.history()),
                escape(&assess::duration(last.duration_ms)),
            );
        }
        let _ = writeln!(out, "</tbody>\n</table>");
    }
    let lane_reasons = &assessment.evidence.lane_reasons;
    if !lane_reasons.is_empty() {
        let reasons = lane_reasons.iter().map(|reason| inline(reason)).collect::<Vec<_>>().join("; ");
        let _ = writeln!(out, "<p>Lane <b>{}</b>: {reasons}.</p>", escape(&assessment.evidence.lane));
    }
    let _ = writeln!(out, "</section>");
}

fn why(out: &mut String, assessment: &Assessment<'_>) {
    let _ = writeln!(out, "<section id=\"why\">\n<h2>Why these repos</h2>");
    let affected = &assessment.evidence.affected_repos;
    if affected.is_empty() {
        let _ = writeln!(out, "<p>The run data gives no reasons; see <a href=\"plan.md\">plan.md</a>.</p>");
    } else {
        let _ = writeln!(out, "<ul>");
        for repo in affected {
            let path = if repo.path.iter().all(|entry| assess::is_edge(entry)) {
                let chain = repo.path.iter().map(|edge| format!("<code>{}</code>", escape(edge))).collect::<Vec<_>>().join(" → ");
                if chain.is_empty() { String::new() } else { format!("<br><span class=\"path\">{chain}</span>") }
            } else {
                let items: String = repo
                    .path
                    .iter()
                    .map(|entry| if assess::is_edge(entry) { format!("<li><code>{}</code></li>", escape(entry)) } else { format!("<li>{}</li>", inline(entry)) })
                    .collect();
                format!("<ul class=\"path\">{items}</ul>")
            };
            let _ = writeln!(out, "<li><b>{}</b>: {}{path}</li>", escape(&repo.repo), inline(&repo.reason));
        }
        let _ = writeln!(out, "</ul>\n<p class=\"muted\">From the brain's impact analysis in <a href=\"plan.json\">plan.json</a>.</p>");
    }
    let _ = writeln!(out, "</section>");
}

fn rollout(out: &mut String, assessment: &Assessment<'_>) {
    let _ = writeln!(out, "<section id=\"rollout\">\n<h2>Rollout</h2>");
    let plan = &assessment.plan;
    if plan.rollout.is_empty() {
        let _ = writeln!(out, "<p class=\"warn\">The plan gives no rollout order (<a href=\"plan.json\">plan.json</a>).</p>");
    } else {
        let _ = writeln!(out, "<table>\n<thead><tr><th>step</th><th>repo</th><th>action</th><th>gate before the next step</th></tr></thead>\n<tbody>");
        for (index, step) in plan.rollout.iter().enumerate() {
            let phase = step.phase.as_deref().map(|phase| format!("<b>{}</b>: ", escape(phase))).unwrap_or_default();
            let mut gate = Vec::new();
            if let Some(words) = &step.gate {
                gate.push(inline(words));
            }
            for name in &step.gate_checks {
                let state = match assessment.backing(name) {
                    Some(backing) => match backing.check_indices.first() {
                        Some(index) => format!("<a href=\"#{}\">{}</a>", assessment.checks[*index].anchor(), badge(backing.verdict)),
                        None => badge(backing.verdict),
                    },
                    None => "<span class=\"muted\">no result</span>".to_string(),
                };
                gate.push(format!("<code>{}</code> {state}", escape(name)));
            }
            if let Some(before) = &step.before {
                gate.push(format!("before: {}", escape(before)));
            }
            let gate = if gate.is_empty() { "<span class=\"muted\">none</span>".to_string() } else { gate.join("<br>") };
            let _ = writeln!(out, "<tr><td class=\"num\">{}</td><td>{}</td><td>{phase}{}</td><td>{gate}</td></tr>", index + 1, escape(&step.repo), inline(&step.action));
        }
        let _ = writeln!(out, "</tbody>\n</table>\n<p class=\"muted\">From <a href=\"plan.json\">plan.json</a> <code>rollout</code>.</p>");
    }
    let _ = writeln!(out, "</section>");
}

fn rollback(out: &mut String, assessment: &Assessment<'_>) {
    let _ = writeln!(out, "<section id=\"rollback\">\n<h2>Rollback</h2>");
    let plan = &assessment.plan;
    if plan.rollback.is_empty() {
        let _ = writeln!(out, "<p class=\"warn\">The plan gives no rollback path (<a href=\"plan.json\">plan.json</a>).</p>");
    } else {
        let _ = writeln!(out, "<table>\n<thead><tr><th>order</th><th>repo</th><th>action</th><th>reversible</th><th>note</th></tr></thead>\n<tbody>");
        for (index, step) in plan.rollback.iter().enumerate() {
            let reversible = match step.reversible {
                Reversible::Yes => "yes".to_string(),
                Reversible::CodeOnly => "<span class=\"badge unknown\">code only</span> the data change stays".to_string(),
                Reversible::No => "<span class=\"badge fail\">cannot be undone</span>".to_string(),
                Reversible::NotStated => "<span class=\"muted\">not stated</span>".to_string(),
            };
            let note = step.note.as_deref().map(escape).unwrap_or_default();
            let _ = writeln!(out, "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{reversible}</td><td>{note}</td></tr>", index + 1, escape(&step.repo), inline(&step.action));
        }
        let _ = writeln!(out, "</tbody>\n</table>\n<p class=\"muted\">From <a href=\"plan.json\">plan.json</a> <code>rollback</code>.</p>");
    }
    let _ = writeln!(out, "</section>");
}

fn repo_card(out: &mut String, assessment: &Assessment<'_>, repo: &RepoView<'_>) {
    let result = repo.result;
    let _ = writeln!(out, "<article class=\"card {}\" id=\"{}\">", repo.verdict.as_str(), repo.anchor());
    let _ = writeln!(out, "<h3>{} {}</h3>", escape(&result.repo), badge(repo.verdict));
    let _ = writeln!(out, "<p>{}</p>", inline(result.summary.trim()));
    if !repo.reasons.is_empty() {
        let _ = writeln!(out, "<ul>{}</ul>", repo.reasons.iter().map(|reason| format!("<li>{}</li>", inline(reason))).collect::<String>());
    }
    let owners = if result.owners.is_empty() { "none recorded".to_string() } else { result.owners.join(", ") };
    let pull_request = match &result.pull_request_url {
        Some(url) => format!("{} (description {})", web_link(url, url), file_link(&repo.pull_request_file)),
        None => file_link(&repo.pull_request_file),
    };
    let _ = writeln!(
        out,
        "<table>\n<tbody><tr><th>branch</th><td><code>{}</code> from <code>{}</code></td></tr><tr><th>head</th><td><code>{}</code></td></tr><tr><th>task</th><td>{} by worker <code>{}</code></td></tr><tr><th>owners</th><td>{}</td></tr><tr><th>pull request</th><td>{pull_request}</td></tr></tbody>\n</table>",
        escape(&result.branch),
        escape(&result.base),
        escape(result.head_commit.as_deref().unwrap_or("none")),
        escape(&status_word(result)),
        escape(&result.worker),
        escape(&owners),
    );
    if !result.commits.is_empty() {
        let _ = writeln!(out, "<ul>");
        for commit in &result.commits {
            let _ = writeln!(out, "<li><code>{}</code> {}</li>", escape(assess::short_sha(&commit.sha)), inline(&commit.subject));
        }
        let _ = writeln!(out, "</ul>");
    }
    if !result.diff_stat.is_empty() {
        let _ = writeln!(out, "<table>\n<thead><tr><th>file</th><th>added</th><th>removed</th></tr></thead>\n<tbody>");
        for change in &result.diff_stat {
            let _ = writeln!(out, "<tr><td><code>{}</code></td><td class=\"num\">+{}</td><td class=\"num\">−{}</td></tr>", escape(&change.path), change.added, change.removed);
        }
        let _ = writeln!(out, "</tbody>\n</table>");
    }
    if !repo.checks.is_empty() {
        let links: Vec<String> = repo
            .checks
            .iter()
            .map(|index| {
                let check = &assessment.checks[*index];
                format!("<a href=\"#{}\">{}</a> {}", check.anchor(), escape(check.name), badge(check.verdict()))
            })
            .collect();
        let _ = writeln!(out, "<p>Checks: {}</p>", links.join(" · "));
    }
    let _ = writeln!(out, "</article>");
}

fn verification_plan(out: &mut String, assessment: &Assessment<'_>) {
    if !assessment.plan.verification.is_empty() {
        let _ = writeln!(out, "<p><b>What the plan said to verify</b></p>\n<ul>");
        for item in &assessment.plan.verification {
            let state = match &item.backed_by {
                Some(backing) => {
                    let links: Vec<String> = backing
                        .check_indices
                        .iter()
                        .map(|index| format!("<a href=\"#{}\">{}</a>", assessment.checks[*index].anchor(), escape(assessment.checks[*index].name)))
                        .collect();
                    let how = if backing.matched_by == "name" { String::new() } else { format!(" <span class=\"muted\">({})</span>", escape(&backing.matched_by)) };
                    format!(" → {} {}{how}", badge(backing.verdict), links.join(", "))
                }
                None => " <span class=\"muted\">— no check of this run reports on it</span>".to_string(),
            };
            let _ = writeln!(out, "<li>{}{state}</li>", inline(&item.text));
        }
        let _ = writeln!(out, "</ul>");
    }
}

fn check_card(out: &mut String, check: &CheckView<'_>, dir: &Path) {
    let _ = writeln!(out, "<article class=\"card {}\" id=\"{}\">", check.verdict().as_str(), check.anchor());
    let _ = writeln!(out, "<h3>{} {}</h3>", escape(check.name), badge(check.verdict()));
    let mut about = vec![format!("kind <code>{}</code>", escape(check.kind))];
    if let Some(repo) = check.repo {
        about.push(format!("repo <code>{}</code>", escape(repo)));
    }
    if let Some(service) = check.service {
        about.push(format!("service <code>{}</code>", escape(service)));
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", about.join(" · "));
    for attempt in &check.attempts {
        let evidence = attempt.check;
        let _ = writeln!(out, "<div class=\"attempt\">");
        let _ = writeln!(
            out,
            "<p><b>Attempt {}</b> {} in {}: {}</p>",
            evidence.attempt,
            badge(evidence.verdict),
            escape(&assess::duration(evidence.duration_ms)),
            inline(evidence.reason.trim()),
        );
        if !evidence.artifacts.is_empty() {
            let links: Vec<String> = evidence.artifacts.iter().map(|artifact| file_link(artifact)).collect();
            let _ = writeln!(out, "<p>Evidence: {}</p>", links.join(", "));
        }
        if let Some(tail) = &attempt.log_tail {
            let _ = writeln!(out, "<pre class=\"log\">{}</pre>", escape(tail));
        }
        for artifact in evidence.artifacts.iter().filter(|artifact| files::is_image(artifact)) {
            screenshot(out, dir, artifact);
        }
        let _ = writeln!(out, "</div>");
    }
    let tests = &check.last().tests;
    if !tests.is_empty() {
        let _ = writeln!(out, "<table>\n<thead><tr><th>test</th><th>verdict</th><th>duration</th><th>message</th></tr></thead>\n<tbody>");
        for test in tests {
            let name = match &test.classname {
                Some(class) => format!("{class}::{}", test.name),
                None => test.name.clone(),
            };
            let duration = test.duration_ms.map(assess::duration).unwrap_or_default();
            let message = test.message.as_deref().map(escape).unwrap_or_default();
            let _ = writeln!(out, "<tr><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td>{message}</td></tr>", escape(&name), badge(test.verdict), escape(&duration));
        }
        let _ = writeln!(out, "</tbody>\n</table>");
    }
    let _ = writeln!(out, "</article>");
}

fn screenshot(out: &mut String, dir: &Path, artifact: &str) {
    let caption = format!("<figcaption>{}</figcaption>", file_link(artifact));
    match files::read_bundle_file(dir, artifact) {
        Some(bytes) if bytes.len() <= EMBED_LIMIT_BYTES => {
            let data = base64::engine::general_purpose::STANDARD.encode(&bytes);
            let _ = writeln!(
                out,
                "<figure><img alt=\"screenshot {}\" src=\"data:{};base64,{data}\">{caption}</figure>",
                escape(assess::file_name(artifact)),
                files::media_type(artifact),
            );
        }
        Some(_) => {
            let _ = writeln!(out, "<figure><img alt=\"screenshot {}\" src=\"{}\">{caption}</figure>", escape(assess::file_name(artifact)), href(artifact));
        }
        None => {
            let _ = writeln!(out, "<p class=\"warn\">Screenshot {} is missing from the bundle.</p>", escape(artifact));
        }
    }
}

fn findings(out: &mut String, assessment: &Assessment<'_>) {
    let _ = writeln!(out, "<section id=\"findings\">\n<h2>Contract findings</h2>");
    let findings = &assessment.evidence.findings;
    if findings.is_empty() {
        let _ = writeln!(out, "<p>None (<a href=\"findings.json\">findings.json</a>).</p>");
    } else {
        let _ = writeln!(out, "<table>\n<thead><tr><th>severity</th><th>rule</th><th>contract</th><th>provider → consumer</th><th>message</th></tr></thead>\n<tbody>");
        for finding in findings {
            let severity_class = match finding.severity {
                crate::input::Severity::Error => "fail",
                crate::input::Severity::Warning => "unknown",
                crate::input::Severity::Info => "pass",
            };
            let consumer = finding.consumer.as_deref().map(|consumer| format!(" → {}", escape(consumer))).unwrap_or_default();
            let mut message = inline(&finding.message);
            if !finding.fields.is_empty() {
                let _ = write!(message, "<br><span class=\"path\">fields: {}</span>", escape(&finding.fields.join(", ")));
            }
            if !finding.locations.is_empty() {
                let _ = write!(message, "<br><span class=\"path\">at: {}</span>", escape(&finding.locations.join(", ")));
            }
            let _ = writeln!(
                out,
                "<tr><td><span class=\"badge {severity_class}\">{}</span></td><td><code>{}</code></td><td><code>{}</code></td><td>{}{consumer}</td><td>{message}</td></tr>",
                finding.severity.as_str(),
                escape(&finding.rule),
                escape(&finding.contract),
                escape(&finding.provider),
            );
        }
        let _ = writeln!(out, "</tbody>\n</table>\n<p class=\"muted\">All findings: <a href=\"findings.json\">findings.json</a>.</p>");
    }
    let _ = writeln!(out, "</section>");
}

fn learned(out: &mut String, assessment: &Assessment<'_>) {
    let learned = &assessment.evidence.learned;
    if learned.is_empty() {
        return;
    }
    let _ = writeln!(out, "<section id=\"learned\">\n<h2>What the factory learned</h2>\n<ul>");
    for item in learned {
        let kind = serde_json::to_value(item.kind).ok().and_then(|value| value.as_str().map(str::to_string)).unwrap_or_default();
        let _ = writeln!(out, "<li>{} <code>{}</code>: {}</li>", escape(&kind), escape(&item.reference), inline(&item.summary));
    }
    let _ = writeln!(out, "</ul>\n</section>");
}

fn documents(out: &mut String, assessment: &Assessment<'_>) {
    let evidence = assessment.evidence;
    let _ = writeln!(out, "<section id=\"documents\">\n<h2>Spec and plan</h2>");
    let _ = writeln!(out, "<details><summary>Spec (<a href=\"spec.md\">spec.md</a>)</summary>\n<pre class=\"doc\">{}</pre></details>", escape(&evidence.spec_markdown));
    let _ = writeln!(out, "<details><summary>Plan (<a href=\"plan.md\">plan.md</a>, <a href=\"plan.json\">plan.json</a>)</summary>\n<pre class=\"doc\">{}</pre></details>", escape(&evidence.plan_markdown));
    let _ = writeln!(out, "</section>");
}

fn files_section(out: &mut String, assessment: &Assessment<'_>, dir: &Path) {
    let _ = writeln!(out, "<section id=\"files\">\n<h2>Files</h2>");
    let _ = writeln!(
        out,
        "<p>Every file of this folder is listed with its sha256 in <a href=\"attestation.json\">attestation.json</a> (in-toto Statement v1), with the head commit of every branch; <code>factory evidence verify {}</code> re-hashes them. Also here: <a href=\"report.md\">report.md</a>, <a href=\"report.json\">report.json</a>, <a href=\"findings.json\">findings.json</a>.</p>",
        escape(&assessment.evidence.run_id)
    );
    if !assessment.artifact_digests.is_empty() {
        let _ = writeln!(out, "<table>\n<thead><tr><th>artifact</th><th>sha256</th></tr></thead>\n<tbody>");
        for (path, digest) in &assessment.artifact_digests {
            let _ = writeln!(out, "<tr><td><a href=\"{}\">{}</a></td><td class=\"mono\">{}</td></tr>", href(path), escape(path), escape(digest));
        }
        let _ = writeln!(out, "</tbody>\n</table>");
    }
    let shown: Vec<&String> = assessment.evidence.checks.iter().flat_map(|check| &check.artifacts).collect();
    let other_images: Vec<&String> =
        assessment.artifact_digests.keys().filter(|path| files::is_image(path) && !shown.contains(path)).collect();
    if !other_images.is_empty() {
        let _ = writeln!(out, "<h3>Other screenshots</h3>");
        for path in other_images {
            screenshot(out, dir, path);
        }
    }
    if !assessment.missing_artifacts.is_empty() {
        let _ = writeln!(out, "<p class=\"warn\">Missing evidence (named by the run but not in the bundle):</p>\n<ul>");
        for path in &assessment.missing_artifacts {
            let _ = writeln!(out, "<li><code>{}</code></li>", escape(path));
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "<footer>Written by the factory from run {}.</footer>\n</section>", escape(&assessment.evidence.run_id));
}
