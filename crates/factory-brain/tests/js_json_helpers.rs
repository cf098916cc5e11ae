//! A front end's own helper for JSON requests, `postJson<T>(url, { .. })`: a shape of the ninth
//! planted-mismatch evaluation of 2026-12-07 (orgs built by a helper to test `brain check`, not
//! copies of a public system), org S's billing-portal (Svelte) and org R's storefront-web (Vue),
//! whose `src/lib/http.ts` wraps `fetch` and whose API modules post object literals through it
//! to operations whose request schemas allow no other property.

mod support;

use support::{check_repos as check, finding_summary};

const HTTP: &str = "export const SUBSCRIPTIONS_URL = import.meta.env.VITE_SUBSCRIPTIONS_URL ?? 'http://subscriptions:8080';\n\nexport async function postJson<T>(url: string, body: unknown): Promise<T> {\n  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });\n  if (!res.ok) throw new Error(`${res.status}`);\n  return (await res.json()) as T;\n}\n";
const API: &str = "import { SUBSCRIPTIONS_URL, postJson } from '../http';\n\nexport function createSubscription(input: { accountId: string; planCode: string; annual: boolean }) {\n  return postJson<{ id: string }>(`${SUBSCRIPTIONS_URL}/subscriptions`, {\n    accountId: input.accountId,\n    planCode: input.planCode,\n    EXTRA\n  });\n}\n";

fn findings(extra: &str) -> Vec<String> {
    let spec = support::post_operation("Subscriptions", None, "/subscriptions", &["accountId", "planCode"], &[("accountId", "string"), ("planCode", "string"), ("seats", "integer")])
        .replace("              type: object\n              required", "              type: object\n              additionalProperties: false\n              required");
    let api = API.replace("EXTRA", extra);
    finding_summary(&check(&[
        ("subscriptions", &[("openapi.yaml", spec.as_str()), ("app.py", "print('subscriptions')\n"), ("Dockerfile", "FROM python:3.12\n")]),
        ("portal", &[("src/lib/http.ts", HTTP), ("src/lib/api/subscriptions.ts", api.as_str()), ("package.json", "{\"name\": \"portal\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]))
}

/// A key the operation's closed schema lacks is reported.
#[test]
fn a_key_posted_through_a_json_helper_is_checked() {
    assert_eq!(findings("billingCycle: input.annual ? 'annual' : 'monthly',"), ["unknown-request-field billingCycle api:subscriptions"]);
}

/// Near miss: keys the schema has.
#[test]
fn keys_the_schema_has_are_no_finding() {
    assert_eq!(findings("seats: 1,"), Vec::<String>::new());
}
