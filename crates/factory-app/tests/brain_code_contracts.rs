//! `brain check --base` on a provider whose contract is its code (a FastAPI service with no
//! OpenAPI file, as scheduling-api of the tenth planted-mismatch evaluation is an axum one):
//! the repo is read again at the base, the org resolved with it, and the routes and their
//! types' fields compared, each finding naming the consumers it breaks.

use std::path::Path;

use factory_app::{Home, brain, home, repos};
use factory_git::Identity;

const PROVIDER: &str = r#"from enum import Enum

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Status(str, Enum):
    OPEN = "open"
    CLOSED = "closed"


class Order(BaseModel):
    id: str
    total_cents: int
    status: Status


class CreateOrder(BaseModel):
    sku: str


class Carrier(BaseModel):
    code: str
    active: bool


@app.get("/orders/{order_id}", response_model=Order)
def get_order(order_id: str) -> Order:
    return load(order_id)


@app.post("/orders", response_model=Order)
def create_order(body: CreateOrder) -> Order:
    return save(body)


@app.post("/orders/{order_id}/cancel")
def cancel_order(order_id: str):
    return {"ok": True}


@app.get("/carriers", response_model=list[Carrier])
def list_carriers():
    return CARRIERS
"#;

const CONSUMER: &str = r#"import requests

ORDERS = "http://orders-api:8000"


def order_total(order_id):
    order = requests.get(f"{ORDERS}/orders/{order_id}").json()
    if order["status"] == "closed":
        return 0
    return order["total_cents"]


def place(sku):
    return requests.post(f"{ORDERS}/orders", json={"sku": sku}).json()


def cancel(order_id):
    requests.post(f"{ORDERS}/orders/{order_id}/cancel")


def active_carriers():
    return [carrier["code"] for carrier in requests.get(f"{ORDERS}/carriers").json() if carrier["active"]]
"#;

fn commit(repo: &factory_git::Repo, files: &[(&str, &str)]) -> String {
    for (path, text) in files {
        std::fs::write(repo.path().join(path), text).expect("write");
    }
    repo.add_all().expect("add");
    repo.commit("change\n", &Identity { name: "Ada".into(), email: "ada@example.com".into() }, Some("2026-01-01T00:00:00Z"), &[]).expect("commit")
}

/// The org: `orders-api` at `head` (its base is the first commit, returned), and `web` calling it.
fn org(dir: &Path, head: &str) -> (Home, String) {
    let provider = factory_git::init(&dir.join("orders-api")).expect("init");
    let base = commit(&provider, &[("main.py", PROVIDER), ("Dockerfile", "FROM python:3.12\n")]);
    commit(&provider, &[("main.py", head)]);
    let web = factory_git::init(&dir.join("web")).expect("init");
    commit(&web, &[("app.py", CONSUMER), ("Dockerfile", "FROM python:3.12\n")]);
    home::init(&dir.join("home"), "acme").expect("home");
    let mut home = Home::open(&dir.join("home")).expect("open");
    for repo in [&provider, &web] {
        repos::add(&mut home, &repo.path().display().to_string(), None, Path::new("/")).expect("add");
    }
    (home, base)
}

/// The breaking findings (rule, first field, locations), sorted.
async fn breaking(home: &Home, base: &str) -> Vec<(String, String, Vec<String>, String)> {
    brain::scan(home, None).await.expect("scan");
    let report = brain::check(home, Some(base)).await.expect("check");
    let mut found: Vec<(String, String, Vec<String>, String)> = report
        .findings
        .into_iter()
        .filter(|finding| finding.message.contains("in the code of orders-api") || finding.message.contains("from the code of orders-api"))
        .map(|finding| (finding.rule, finding.fields[0].clone(), finding.locations.into_iter().map(|location| location.split('@').next().unwrap_or("").to_string()).collect(), finding.message))
        .collect();
    found.sort();
    found
}

#[tokio::test]
async fn a_code_only_providers_removed_route_field_enum_value_and_new_required_field_are_breaking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let head = PROVIDER
        .replace("    total_cents: int\n", "")
        .replace("    CLOSED = \"closed\"\n", "")
        .replace("    sku: str\n", "    sku: str\n    currency: str\n")
        .replace("@app.post(\"/orders/{order_id}/cancel\")\ndef cancel_order(order_id: str):\n    return {\"ok\": True}\n\n\n", "");
    let (home, base) = org(dir.path(), &head);
    let found = breaking(&home, &base).await;
    let summary: Vec<(&str, &str, &[String])> = found.iter().map(|(rule, field, locations, _)| (rule.as_str(), field.as_str(), locations.as_slice())).collect();
    assert_eq!(
        summary,
        [
            ("new-required-request-field", "field:orders-api-routes/CreateOrder.currency", &["orders-api:main.py:20".to_string()][..]),
            ("removed-enum-value", "field:orders-api-routes/Order.status", &["orders-api:main.py:15".to_string(), "web:app.py:8".to_string()][..]),
            ("removed-field", "field:orders-api-routes/Order.total_cents", &["orders-api:main.py:16".to_string(), "web:app.py:10".to_string()][..]),
            ("removed-operation", "operation:orders-api-routes/POST /orders/{order_id}/cancel", &["orders-api:main.py:39".to_string(), "web".to_string()][..]),
        ],
        "{found:#?}"
    );
    assert!(found.iter().all(|(_, _, _, message)| message.contains("consumed by component:web")), "{found:#?}");
}

/// A type the code still declares, but whose route now answers with a value no reader can
/// type (`next(..)` of a list), lost no field: the route changed, not `Carrier`. The route's
/// old path is gone, which is breaking; an unchanged provider has nothing to report.
#[tokio::test]
async fn a_type_no_route_is_seen_answering_with_loses_no_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let head = PROVIDER.replace(
        "@app.get(\"/carriers\", response_model=list[Carrier])\ndef list_carriers():\n    return CARRIERS\n",
        "@app.get(\"/carriers/{code}\")\ndef get_carrier(code: str):\n    return next(carrier for carrier in CARRIERS if carrier.code == code)\n",
    );
    let (home, base) = org(dir.path(), &head);
    let found = breaking(&home, &base).await;
    let rules: Vec<(&str, &str)> = found.iter().map(|(rule, field, _, _)| (rule.as_str(), field.as_str())).collect();
    assert_eq!(rules, [("removed-operation", "operation:orders-api-routes/GET /carriers")], "{found:#?}");

    let unchanged = tempfile::tempdir().expect("tempdir");
    let (home, base) = org(unchanged.path(), &PROVIDER.replace("def list_carriers():", "def list_carriers():  # every carrier"));
    assert!(breaking(&home, &base).await.is_empty());
}

/// Near miss: a provider that keeps an OpenAPI document of its own has the document compared,
/// not its routes too (each change would be reported twice).
#[tokio::test]
async fn a_provider_with_its_own_openapi_document_is_compared_by_the_document_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let openapi = |fields: &str| format!("openapi: 3.0.3\ninfo: {{title: Orders, version: 1.0.0}}\npaths:\n  /orders/{{order_id}}:\n    get:\n      parameters:\n        - {{name: order_id, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '200':\n          description: an order\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Order'}}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n{fields}");
    let provider = factory_git::init(&dir.path().join("orders-api")).expect("init");
    let base = commit(&provider, &[("main.py", PROVIDER), ("Dockerfile", "FROM python:3.12\n"), ("openapi.yaml", &openapi("        id: {type: string}\n        total_cents: {type: integer}\n"))]);
    commit(&provider, &[("main.py", &PROVIDER.replace("    total_cents: int\n", "")), ("openapi.yaml", &openapi("        id: {type: string}\n"))]);
    let web = factory_git::init(&dir.path().join("web")).expect("init");
    commit(&web, &[("app.py", CONSUMER), ("Dockerfile", "FROM python:3.12\n")]);
    home::init(&dir.path().join("home"), "acme").expect("home");
    let mut home = Home::open(&dir.path().join("home")).expect("open");
    for repo in [&provider, &web] {
        repos::add(&mut home, &repo.path().display().to_string(), None, Path::new("/")).expect("add");
    }
    assert!(breaking(&home, &base).await.is_empty(), "the routes are not compared");
    let report = brain::check(&home, Some(&base)).await.expect("check");
    let removed: Vec<&str> = report.findings.iter().filter(|finding| finding.rule == "removed-field").map(|finding| finding.fields[0].as_str()).collect();
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert!(removed[0].ends_with("/Order.total_cents") && !removed[0].contains("-routes/"), "{removed:?}");
}

/// A branch deleting the provider's only route module removed every operation, though HEAD
/// declares no route left to compare with; the types it answered with went with them.
#[tokio::test]
async fn a_branch_deleting_every_route_removes_every_operation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (home, base) = org(dir.path(), "\"\"\"Routes moved to another service.\"\"\"\n");
    let found = breaking(&home, &base).await;
    let rules: Vec<(&str, &str)> = found.iter().map(|(rule, field, _, _)| (rule.as_str(), field.as_str())).collect();
    assert_eq!(
        rules,
        [
            ("removed-operation", "operation:orders-api-routes/GET /carriers"),
            ("removed-operation", "operation:orders-api-routes/GET /orders/{order_id}"),
            ("removed-operation", "operation:orders-api-routes/POST /orders"),
            ("removed-operation", "operation:orders-api-routes/POST /orders/{order_id}/cancel"),
        ],
        "{found:#?}"
    );
}
