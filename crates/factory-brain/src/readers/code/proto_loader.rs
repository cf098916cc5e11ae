//! grpc-node's @grpc/proto-loader: `protoLoader.loadSync(PROTO, { keepCase: false, .. })`
//! loads a proto into the package definition `grpc.loadPackageDefinition` makes clients of,
//! and its replies are plain objects whose fields are named as its `keepCase` option says:
//! camel-cased (`carrierRef` for `carrier_ref`) unless `keepCase: true` (the default is
//! false). A file loading protos so says how its component's code names a reply's fields
//! ([`LOADS_PROTOS`]); resolution hands that to the reads of replies
//! ([`crate::resolve::ReplyNames`]). A `keepCase` set by anything but `true` or `false` (a
//! variable) tells nothing.
//!
//! nice-grpc's clients are made of the service definitions ts-proto generates
//! (`createClient(LoyaltyServiceDefinition, channel)`), whose messages camel-case field names
//! as well (`pendingPoints` for `pending_points`, ts-proto's default `snakeToCamel`): a file
//! importing nice-grpc says so too (web-bff of the planted-mismatch evaluation of 2026-12-07,
//! org I).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::calls::Lines;
use crate::model::FileFacts;

/// The edge kind by which a file says its component loads protos with @grpc/proto-loader,
/// `keep_case` saying whether field names keep their case.
pub(crate) const LOADS_PROTOS: &str = "loads_protos";

/// `.loadSync(`, `.load(`, or a destructured `loadSync(`.
static LOAD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:\.|\b)(?:loadSync|load)\s*\(").expect("a valid regex"));
/// An import of nice-grpc (or its web flavour): `from "nice-grpc"`, `require('nice-grpc-web')`.
static NICE_GRPC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?:\bfrom\s*|\brequire\s*\(\s*)["']nice-grpc(?:-web)?["']"#).expect("a valid regex"));
/// `keepCase: true`, `keepCase: KEEP`, `"keepCase": false`.
static KEEP_CASE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\bkeepCase["']?\s*:\s*([\w$.!]+)"#).expect("a valid regex"));

/// The [`LOADS_PROTOS`] edge of a JavaScript or TypeScript file that loads protos with
/// @grpc/proto-loader.
pub(super) fn facts(facts: &mut FileFacts, extension: &str, text: &str, lines: &Lines<'_>) {
    if !matches!(extension, "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx") {
        return;
    }
    if !text.contains("@grpc/proto-loader") {
        if let Some(import) = NICE_GRPC.find_iter(text).find(|import| !lines.is_comment(import.start())) {
            facts.inferred_edge("self", "library:ts-proto", LOADS_PROTOS, json!({"keep_case": false}), &format!("L{}", lines.number(import.start())), 0.8);
        }
        return;
    }
    let Some(load) = LOAD.find_iter(text).find(|load| !lines.is_comment(load.start())) else { return };
    let mut said = std::collections::BTreeSet::new();
    for setting in KEEP_CASE.captures_iter(text).filter(|setting| setting.get(0).is_some_and(|whole| !lines.is_comment(whole.start()))) {
        match &setting[1] {
            "true" | "!0" => said.insert(true),
            "false" | "!1" => said.insert(false),
            _ => return,
        };
    }
    // Two loads saying both: which one a reply comes from is unknown.
    let keep_case = match said.len() {
        0 => Some(false),
        1 => said.first().copied(),
        _ => None,
    };
    if let Some(keep_case) = keep_case {
        facts.inferred_edge("self", "library:@grpc/proto-loader", LOADS_PROTOS, json!({"keep_case": keep_case}), &format!("L{}", lines.number(load.start())), 0.8);
    }
}
