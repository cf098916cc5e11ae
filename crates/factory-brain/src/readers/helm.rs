//! Helm charts. A chart's templates are Kubernetes manifests once rendered: here they are read
//! as the YAML they render to, near enough, by taking their `{{ ... }}` actions out (see
//! [`without_actions`]). `Chart.yaml` is package metadata (its `home` and `sources` URLs are no
//! dependencies), read only for the charts it is made of ([`read_chart`]), and a chart's values
//! files are settings: neither declares a unit.

use serde_json::{json, Value};

use crate::model::{FileFacts, Method};

/// Whether `text` holds Go template actions.
pub fn has_actions(text: &str) -> bool {
    text.contains("{{") && text.contains("}}")
}

/// `Chart.yaml`: a chart's name, version, home page and sources.
pub fn is_chart_metadata(lower_name: &str) -> bool {
    matches!(lower_name, "chart.yaml" | "chart.yml")
}

/// The folder holding the `charts/` folder of a template under `charts/<sub>/templates/` (""
/// at the repo's top): the chart `<sub>` is a subchart of it when it holds `Chart.yaml`
/// (`orders/chart/charts/redis/`), and only a folder of charts otherwise (`charts/workflow/`
/// beside the repo's code). One file cannot tell which: resolution does (`resolve/subcharts.rs`).
pub fn subchart_parent(path: &str) -> Option<&str> {
    let segments: Vec<&str> = path.split('/').collect();
    let at = (0..segments.len().saturating_sub(3)).rev().find(|&at| segments[at] == "charts" && segments[at + 2] == "templates")?;
    let length: usize = segments[..at].iter().map(|segment| segment.len() + 1).sum();
    Some(path[..length].trim_end_matches('/'))
}

/// The edge kind from a chart (`self`, its `Chart.yaml`) to a chart it depends on
/// (`chart:<name>`, props `repository` and `alias` as written), and from a chart to itself
/// (`chart:<its name>`, prop [`UPSTREAM`] when it names a home or sources elsewhere).
pub const CHART_DEPENDENCY: &str = "helm_dependency";
/// See [`CHART_DEPENDENCY`].
pub const CHART: &str = "helm_chart";
/// The prop of a [`CHART`] edge: the chart names its home page or sources (a third party's
/// chart unpacked into another does; `helm create` writes neither).
pub const UPSTREAM: &str = "upstream";
/// The edge kind from a chart's values to the name they give its release
/// (`release:<name>`): [`release_names`].
pub const RELEASE_NAME: &str = "helm_release";

/// `Chart.yaml`: the chart's name and whether it names an upstream, and the charts it depends on
/// (`dependencies`), for resolution to tell the org's own subcharts from a third party's and the
/// services of a third party's chart (`<release>-kong-proxy`) from others.
pub fn read_chart(chart: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    if let Some(name) = crate::yaml::text(chart, "name") {
        let upstream = ["home", "sources"].iter().any(|key| chart.get(key).is_some_and(|value| !value.is_null()));
        facts.edge("self", &format!("chart:{name}"), CHART, json!({UPSTREAM: upstream}), "/name", Method::Parsed);
    }
    for (index, dependency) in chart.get("dependencies").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let Some(name) = crate::yaml::text(dependency, "name") else { continue };
        let mut props = json!({"repository": crate::yaml::text(dependency, "repository").unwrap_or("")});
        if let Some(alias) = crate::yaml::text(dependency, "alias") {
            props["alias"] = json!(alias);
        }
        facts.edge("self", &format!("chart:{name}"), CHART_DEPENDENCY, props, &format!("/dependencies/{index}"), Method::Parsed);
    }
    facts
}

/// The values keys naming the release or the namespace it is installed in.
const RELEASE_KEYS: [&str; 4] = ["global.namespace", "namespace", "releaseName", "global.releaseName"];

/// Whether a values file's text may name its release ([`release_names`]).
pub fn mentions_release_name(text: &str) -> bool {
    text.contains("namespace:") || text.contains("releaseName:")
}

/// The release name a chart's values suggest: the namespace they deploy to (`global.namespace`,
/// `namespace`), which a release is most often named after (`helm install ticketing -n
/// ticketing`), or a release name they give (`releaseName`). Resolution reads a host
/// `ticketing-auth-service` as `auth-service` only where that names a service.
pub fn release_names(values: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    for path in RELEASE_KEYS {
        let Some(name) = crate::yaml::dotted(values, path).and_then(Value::as_str).map(str::trim) else { continue };
        if !name.is_empty() && name.chars().all(|character| character.is_ascii_alphanumeric() || character == '-') {
            facts.edge("self", &format!("release:{}", name.to_lowercase()), RELEASE_NAME, json!({"key": path}), &format!("/{}", path.replace('.', "/")), Method::Parsed);
        }
    }
    facts
}

/// A chart's values: `values.yaml`, `values-prod.yaml`, `values.staging.yml`.
pub fn is_values_file(lower_name: &str) -> bool {
    lower_name.starts_with("values") && (lower_name.ends_with(".yaml") || lower_name.ends_with(".yml"))
}

/// What a template action leaves where it stood when nothing better fits: a plain YAML word
/// that no host, image or route reading takes for a name.
const PLACEHOLDER: &str = "$";

/// A template's text with its actions taken out:
/// - control actions (`if`, `else`, `end`, `range`, `with`, comments, assignments) leave
///   nothing, and of each `if` or `with` only the first branch is kept (as if its condition
///   held), so that the branches' keys do not clash; `define` bodies go;
/// - an action that is a whole value leaves it empty (`name: {{ include "fullname" . }}` has no
///   name) with its quotes;
/// - an action glued to a name leaves the name without the glue: `{{ .Release.Name }}-cart`
///   is `cart`, `{{ .Values.registry }}/cart:{{ .Values.tag }}` and `cart@{{ .Values.digest }}`
///   are `cart`,
///   `http://orders:{{ .Values.port }}/x` is `http://orders/x`;
/// - any other action leaves `PLACEHOLDER` (`http://{{ .Values.host }}:80` names no host);
/// - a line left blank is emptied, so a line holding only actions (`{{- if .Values.cache }}`,
///   `{{ include "shop.labels" . | nindent 4 }}`) leaves nothing (not even its indentation).
pub fn without_actions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_action = false;
    // For each open `if`, `with`, `range`, `define`: whether its text is left out.
    let mut hidden_frames: Vec<bool> = Vec::new();
    for line in text.lines() {
        let pieces = pieces(line, &mut in_action);
        let mut rendered = String::with_capacity(line.len());
        let mut skip_next_glue = false;
        for (index, piece) in pieces.iter().enumerate() {
            let hidden = hidden_frames.iter().any(|hidden| *hidden);
            match piece {
                Piece::Text(text) if !hidden => {
                    let text = if std::mem::take(&mut skip_next_glue) { &text[1..] } else { text };
                    rendered.push_str(text);
                }
                Piece::Text(_) | Piece::Action(Action::Silent) => {}
                Piece::Action(Action::Open) => hidden_frames.push(false),
                Piece::Action(Action::Define) => hidden_frames.push(true),
                Piece::Action(Action::Else) => {
                    if let Some(frame) = hidden_frames.last_mut() {
                        *frame = true;
                    }
                }
                Piece::Action(Action::End) => {
                    hidden_frames.pop();
                }
                Piece::Action(Action::Output) if !hidden => {
                    let next = match pieces.get(index + 1) {
                        Some(Piece::Text(text)) => *text,
                        _ => "",
                    };
                    skip_next_glue = replace_action(&mut rendered, next);
                }
                Piece::Action(Action::Output) => {}
            }
        }
        // A line left blank stays, empty, so that a parse error names the template's own line.
        if !rendered.trim().is_empty() {
            out.push_str(&rendered);
        }
        out.push('\n');
    }
    out
}

/// Puts what an output action leaves at the end of `rendered` (the line so far), given the
/// text that follows it; `true` when the glue starting `next` goes too.
fn replace_action(rendered: &mut String, next: &str) -> bool {
    let is_name = |character: char| character.is_ascii_alphanumeric();
    let quote = rendered.chars().last().filter(|last| matches!(last, '"' | '\'') && next.starts_with(*last));
    let head = if quote.is_some() { &rendered[..rendered.len() - 1] } else { rendered.as_str() };
    let after = if quote.is_some() { &next[1..] } else { next }.trim_start();
    // After `key: `, `- ` or nothing but indentation.
    let value_start = head.trim().is_empty() || head.trim() == "-" || (head.ends_with(char::is_whitespace) && head.trim_end().ends_with(':'));
    let whole_value = value_start && (after.is_empty() || after.starts_with('#'));
    if whole_value {
        if quote.is_some() {
            rendered.pop();
            return true;
        }
        return false;
    }
    let next_starts_name = next.starts_with(is_name);
    if rendered.ends_with(['-', ':', '.', '_', '@']) && !next_starts_name {
        rendered.pop();
        return false;
    }
    if next.starts_with(['-', '/', '.', '_']) && !rendered.ends_with(is_name) {
        return true;
    }
    rendered.push_str(PLACEHOLDER);
    false
}

/// A line cut into text and actions.
#[derive(Debug)]
enum Piece<'line> {
    Text(&'line str),
    Action(Action),
}

/// What an action does to the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    /// Renders a value.
    Output,
    /// Renders nothing: a comment, an assignment, `break`.
    Silent,
    /// Opens a block rendered in place: `if`, `with`, `range`, `block`.
    Open,
    /// Opens a named template's body, rendered elsewhere.
    Define,
    /// `else`, `else if`: the branch after it is not kept.
    Else,
    End,
}

/// The pieces of one line; `in_action` carries an action that spans lines (a comment).
fn pieces<'line>(line: &'line str, in_action: &mut bool) -> Vec<Piece<'line>> {
    let mut pieces = Vec::new();
    let mut rest = line;
    if *in_action {
        match rest.find("}}") {
            Some(end) => {
                rest = &rest[end + 2..];
                *in_action = false;
            }
            None => rest = "",
        }
        pieces.push(Piece::Action(Action::Silent));
    }
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            pieces.push(Piece::Text(&rest[..start]));
        }
        let inside = &rest[start + 2..];
        match action_end(inside) {
            Some(end) => {
                // A literal's action renders the literal: Helm's escape for braces a template
                // must keep (`{{"{{"}}- with secret .. -{{"}}"}}` in a Vault agent's template).
                match string_literal(&inside[..end]) {
                    Some(literal) => pieces.push(Piece::Text(literal)),
                    None => pieces.push(Piece::Action(action(&inside[..end]))),
                }
                rest = &inside[end + 2..];
            }
            None => {
                pieces.push(Piece::Action(Action::Silent));
                *in_action = true;
                rest = "";
            }
        }
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

/// Where an action's closing `}}` is in `inside` (the text after its `{{`): the first outside
/// a quoted string (`{{ "}}" }}` renders `}}`).
fn action_end(inside: &str) -> Option<usize> {
    let bytes = inside.as_bytes();
    let mut quote: Option<u8> = None;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        match quote {
            Some(b'"') if byte == b'\\' => index += 1,
            Some(open) if byte == open => quote = None,
            Some(_) => {}
            None if byte == b'"' || byte == b'`' => quote = Some(byte),
            None if byte == b'}' && bytes.get(index + 1) == Some(&b'}') => return Some(index),
            None => {}
        }
        index += 1;
    }
    None
}

/// The text of an action that is only a string literal (`"{{"`, `` `}}` ``, trim markers aside).
fn string_literal(action: &str) -> Option<&str> {
    let text = action.strip_prefix('-').unwrap_or(action);
    let text = text.strip_suffix('-').unwrap_or(text).trim();
    let inner = text.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')).or_else(|| text.strip_prefix('`').and_then(|rest| rest.strip_suffix('`')))?;
    (!inner.contains(['"', '`', '\\'])).then_some(inner)
}

/// What an action (its text between the braces) does.
fn action(text: &str) -> Action {
    let text = text.trim_start_matches('-').trim_end_matches('-').trim();
    if text.starts_with("/*") {
        return Action::Silent;
    }
    match text.split_whitespace().next().unwrap_or("") {
        "if" | "with" | "range" | "block" => Action::Open,
        "define" => Action::Define,
        "else" => Action::Else,
        "end" => Action::End,
        "break" | "continue" => Action::Silent,
        first if first.starts_with('$') && text.contains(":=") => Action::Silent,
        _ => Action::Output,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_leave_the_yaml_they_render_to_near_enough() {
        let cases = [
            ("image: {{ .Values.image.repo }}/shop-cart:{{ .Values.image.version }}", "image: shop-cart"),
            ("image: \"{{ .Values.registry }}/shop-cart:{{ .Chart.AppVersion }}\"", "image: \"shop-cart\""),
            ("  name: {{ .Release.Name }}-cart", "  name: cart"),
            ("  name: cart-{{ .Release.Name }}", "  name: cart"),
            ("  name: {{ include \"shop.fullname\" . }}", "  name: "),
            ("  value: \"{{ .Values.cacheHost }}\"", "  value: "),
            ("  value: {{ .Values.cacheHost | quote }} # the cache", "  value:  # the cache"),
            ("  - {{ .Values.extraArg }}", "  - "),
            ("  value: http://{{ .Values.ordersHost }}:8080/orders", "  value: http://$:8080/orders"),
            ("  value: http://orders:{{ .Values.ordersPort }}/orders", "  value: http://orders/orders"),
            ("  value: http://{{ .Release.Name }}-orders:8080", "  value: http://orders:8080"),
            ("  {{ $key }}: {{ $value | quote }}", "  $: "),
            ("  replicas: {{ .Values.replicas }}", "  replicas: "),
            ("{{- if .Values.cache.enabled }}", ""),
            ("  {{- include \"shop.labels\" . | nindent 4 }}", ""),
            ("{{ if .Values.debug }}  debug: true{{ end }}", "  debug: true"),
            ("{{- $name := .Values.name -}}", ""),
            ("plain: value", "plain: value"),
        ];
        for (line, expected) in cases {
            let rendered = without_actions(line);
            assert_eq!(rendered.strip_suffix('\n').unwrap_or(&rendered), expected, "{line}");
        }
    }

    #[test]
    fn only_the_first_branch_of_a_condition_is_kept_and_definitions_go() {
        let text = "{{- define \"shop.name\" -}}\nname: defined\n{{- end }}\n{{- if .Values.digest }}\nimage: a@{{ .Values.digest }}\n{{- else if .Values.tag }}\nimage: b\n{{- else }}\nimage: c\n{{- end }}\n{{- range .Values.hosts }}\n- host: {{ . }}\n{{- end }}\nkept: {{ if .Values.x }}yes{{ else }}no{{ end }}\n";
        assert_eq!(without_actions(text), "\n\n\n\nimage: a\n\n\n\n\n\n\n- host: \n\nkept: yes\n");
    }

    #[test]
    fn a_subchart_template_names_the_folder_its_charts_folder_is_in() {
        let paths = ["a/chart/charts/redis/templates/x.yaml", "charts/workflow/templates/deploy.yaml", "a/charts/b/charts/c/templates/sub/x.yaml", "charts/x/values.yaml", "charts/templates/x.yaml"];
        let parents: Vec<Option<&str>> = paths.into_iter().map(subchart_parent).collect();
        assert_eq!(parents, [Some("a/chart"), Some(""), Some("a/charts/b"), None, None]);
    }

    /// IBM StockTrader's charts: a Vault agent's template keeps its braces by Helm's escape,
    /// an action that is only a string literal, which renders the literal; a `}}` inside a
    /// quoted string does not close its action.
    #[test]
    fn a_literals_action_renders_the_literal() {
        let text = "annotations:\n  vault.hashicorp.com/agent-inject-template-secrets.txt: |\n    {{\"{{\"}}- with secret \"{{ .Values.vault.path }}\" -{{\"}}\"}}\n    export KEY={{\"{{\"}} .Data.data.key {{\"}}\"}}\n    {{\"{{\"}}- end -{{\"}}\"}}\n  role: {{ .Values.vault.role }}\nname: {{ printf \"%s}}\" .Release.Name }}-trader\n";
        let rendered = without_actions(text);
        assert_eq!(
            rendered,
            "annotations:\n  vault.hashicorp.com/agent-inject-template-secrets.txt: |\n    {{- with secret \"$\" -}}\n    export KEY={{ .Data.data.key }}\n    {{- end -}}\n  role: \nname: trader\n"
        );
        assert!(crate::yaml::document(&rendered).is_ok(), "the block scalar keeps its indentation: {rendered}");
    }

    #[test]
    fn a_comment_over_several_lines_goes_whole() {
        let text = "a: 1\n{{/*\nnot: yaml: at all\n*/}}\nb: 2\n";
        assert_eq!(without_actions(text), "a: 1\n\n\n\nb: 2\n");
    }
}
