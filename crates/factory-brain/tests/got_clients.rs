//! A Node client made with got's `extend({ prefixUrl })` from config, posting `{ json: { .. } }`
//! to paths relative to it: a shape of the ninth planted-mismatch evaluation of 2026-12-07
//! (orgs built by a helper to test `brain check`, not copies of a public system), org Q's
//! dispatch-console, whose `api.post('shipments', { json: { .. } })` named no operation.

mod support;

use support::{check_repos as check, finding_summary};

const CLIENT: &str = "import got from 'got';\nimport { config } from '../config.js';\n\nconst api = got.extend({\n  prefixUrl: config.shipmentsUrl,\n  timeout: { request: 4000 },\n});\n\nexport async function book(input: { origin: string; weight: number }) {\n  return api\n    .post('shipments', {\n      json: {\n        originCode: input.origin,\n        WEIGHT\n      },\n    })\n    .json<{ id: string }>();\n}\n";
const CONFIG: &str = "export const config = {\n  shipmentsUrl: process.env.SHIPMENTS_URL ?? 'http://shipments-api:8080',\n};\n";

fn findings(weight: &str) -> Vec<String> {
    let spec = support::post_operation("Shipments", None, "/shipments", &["originCode", "weightKg"], &[("originCode", "string"), ("weightKg", "number")]);
    let client = CLIENT.replace("WEIGHT", weight);
    finding_summary(&check(&[
        ("shipments-api", &[("openapi.yaml", spec.as_str()), ("app.py", "print('shipments')\n"), ("Dockerfile", "FROM python:3.12\n")]),
        ("dispatch", &[("src/clients/shipments.ts", client.as_str()), ("src/config.ts", CONFIG), ("package.json", "{\"name\": \"dispatch\", \"dependencies\": {\"got\": \"14\"}}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]))
}

/// The body is got's `json` option, and it leaves out a required field.
#[test]
fn a_got_post_relative_to_its_prefix_is_checked() {
    assert_eq!(findings("note: 'fragile',"), ["missing-required-field weightKg api:shipments", "unknown-request-field note api:shipments"]);
}

/// Near miss: every required field sent.
#[test]
fn a_got_post_sending_what_is_required_is_no_finding() {
    assert_eq!(findings("weightKg: input.weight,"), Vec::<String>::new());
}
