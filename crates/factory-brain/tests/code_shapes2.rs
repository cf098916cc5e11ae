//! Contract checks on the shapes consumer code declares and reads, from the `brain check`
//! evaluation on hand-made orgs with planted mismatches (/tmp/eval/check/REPORT.md, classes A
//! to C): attribute reads in Python, Java and Go, chained and destructured reads in JavaScript,
//! and the fields of pydantic models, TypeScript interfaces, Java DTOs and records, Go structs
//! and C# classes, with their declared types.

mod support;

use factory_brain::check::Finding;

const ORDERS_OPENAPI: &str = "openapi: 3.0.3
info: {title: Orders, version: 1.0.0}
paths:
  /orders/{id}:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
components:
  schemas:
    Order:
      type: object
      properties:
        orderId: {type: string}
        total_amount: {type: number}
        createdAt: {type: string}
        status: {type: string}
        shipping:
          type: object
          properties:
            cost: {type: string}
";

/// The provider `orders`: its contract and a server file.
const ORDERS: (&str, &[(&str, &str)]) = ("orders", &[("openapi.yaml", ORDERS_OPENAPI), ("server.py", "print('orders')\n")]);

/// A consumer file that calls the provider.
const CALLS_ORDERS: &str = "import requests\n\ndef get(i):\n    return requests.get(f\"http://orders:8080/orders/{i}\")\n";

fn check(repos: &[(&str, &[(&str, &str)])]) -> Vec<Finding> {
    support::check_repos(repos)
}

/// `rule field location` for each finding.
fn summary(findings: &[Finding]) -> Vec<String> {
    findings.iter().map(|finding| format!("{} {} {}", finding.rule, finding.fields.first().map(String::as_str).unwrap_or(""), finding.locations.join(","))).collect()
}

/// Class A (repro r4a): `res.data.created_at` reads `created_at` of `data`, not `data` of `res`.
#[test]
fn a_chained_read_is_read_at_its_last_link() {
    let findings = check(&[
        ORDERS,
        ("web", &[("api.js", "const axios = require('axios');\nasync function get(id) {\n  const res = await axios.get(`http://orders:8080/orders/${id}`);\n  return res.data.created_at;\n}\n")]),
    ]);
    assert_eq!(summary(&findings), ["naming-mismatch created_at web:api.js:4"]);
}

/// Class A (repro r5): `const { orderId, trackingUrl } = await r.json()` reads both names.
#[test]
fn destructured_names_are_read() {
    let findings = check(&[
        ORDERS,
        (
            "web",
            &[("checkout.js", "export async function place() {\n  const r = await fetch(\"http://orders:8080/orders/1\");\n  const { orderId, trackingUrl } = await r.json();\n  return orderId + trackingUrl;\n}\n")],
        ),
    ]);
    assert_eq!(summary(&findings), ["missing-field trackingUrl web:checkout.js:3"]);
}

/// Class A: Python attributes, Java record accessors and getters, Go proto getters.
#[test]
fn attribute_reads_in_python_java_and_go() {
    let findings = check(&[
        ORDERS,
        ("sync", &[("sync.py", "import requests\n\ndef pull(i):\n    reply = requests.get(f\"http://orders:8080/orders/{i}\").json()\n    return reply.created_at, reply.status\n")]),
        (
            "ledger",
            &[(
                "src/main/java/x/Pull.java",
                "class Pull {\n  String pull(RestTemplate rest) {\n    var order = rest.getForObject(\"http://orders:8080/orders/1\", Order.class);\n    return order.getTotal() + order.status() + order.orderId();\n  }\n}\n",
            )],
        ),
        ("mailer", &[("lookup.go", "package x\n\nconst base = \"http://orders:8080/orders/1\"\n\nfunc f(p *Order) string { return p.GetOrderId() + p.GetCreatedAt() }\n")]),
    ]);
    assert_eq!(
        summary(&findings),
        [
            "missing-field total ledger:src/main/java/x/Pull.java:4",
            "naming-mismatch created_at mailer:lookup.go:5",
            "naming-mismatch order_id mailer:lookup.go:5",
            "naming-mismatch created_at sync:sync.py:5"
        ]
    );
}

/// Classes B and C (repros r3, r5b, r6, r7): declared fields hold their type's schema
/// (`OrderDto` holds an `Order`, `OrderShipping` the order's `shipping`) and expect their
/// declared type. Each consumer calls the provider from another file.
#[test]
fn declared_fields_are_read_from_their_types_schema_with_their_types() {
    let findings = check(&[
        ORDERS,
        ("billing", &[("client.py", CALLS_ORDERS), ("models.py", "from pydantic import BaseModel\n\nclass Order(BaseModel):\n    orderId: str\n    total: float\n    status: int\n")]),
        (
            "web",
            &[("client.py", CALLS_ORDERS), ("orders.ts", "export interface OrderShipping {\n  cost: number;\n}\n\nexport interface Order {\n  orderId: string;\n  created_at: string;\n  shipping: OrderShipping;\n}\n")],
        ),
        (
            "pricing",
            &[
                ("client.py", CALLS_ORDERS),
                (
                "src/main/java/x/OrderDto.java",
                "public class OrderDto {\n    private String orderId;\n    @JsonProperty(\"discountCode\")\n    private String discount;\n    private static final String KIND = \"x\";\n}\n\nrecord OrderEvent(String orderId, Integer total_amount) {}\n",
                ),
            ],
        ),
        ("notifier", &[("client.py", CALLS_ORDERS), ("client.go", "package x\n\ntype OrderResponse struct {\n\tStatus int `json:\"status\"`\n\tID string `json:\"orderId\"`\n}\n")]),
        ("warehouse", &[("client.py", CALLS_ORDERS), ("Order.cs", "public sealed class OrderModel\n{\n    [JsonPropertyName(\"total_amount\")]\n    public string Total { get; init; } = \"\";\n    public int Ignored { get; init; }\n}\n")]),
    ]);
    assert_eq!(
        summary(&findings),
        [
            "missing-field total billing:models.py:5",
            "missing-field discountCode pricing:src/main/java/x/OrderDto.java:4",
            "naming-mismatch created_at web:orders.ts:7",
            "type-mismatch status billing:models.py:6",
            "type-mismatch status notifier:client.go:4",
            "type-mismatch total_amount warehouse:Order.cs:4",
            "type-mismatch cost web:orders.ts:2",
        ]
    );
}

/// Controls: types named after nothing the provider offers, a provider's envelope
/// (`res.status`, `msg.value`), and a number that fits an integer are not findings.
#[test]
fn the_consumers_own_types_and_envelopes_are_not_findings() {
    let findings = check(&[
        ORDERS,
        (
            "billing",
            &[
                ("settings.py", "from pydantic import BaseModel\n\nclass Settings(BaseModel):\n    database_url: str\n"),
                ("app.py", "import requests\n\ndef f(i):\n    resp = requests.get(f\"http://orders:8080/orders/{i}\")\n    data = resp.json()\n    return resp.status_code, data.orderId, data.keys()\n"),
                ("order.py", "from dataclasses import dataclass\n\n@dataclass\nclass OrderDto:\n    orderId: str\n    total_amount: int\n"),
            ],
        ),
    ]);
    assert_eq!(summary(&findings), Vec::<String>::new());
}

/// Class E (repro r11): a literal request body in code is compared with the operation's
/// required request fields.
#[test]
fn a_literal_request_body_that_leaves_out_a_required_field() {
    let openapi = support::post_operation("Payments", None, "/payments", &["amount", "idempotencyKey"], &[("amount", "number"), ("idempotencyKey", "string")]);
    let findings = check(&[
        ("payments", &[("openapi.yaml", openapi.as_str()), ("server.py", "print('payments')\n")]),
        (
            "checkout",
            &[
                ("pay.py", "import requests\n\ndef pay(total):\n    return requests.post(\n        \"http://payments:8000/payments\",\n        json={\"amount\": total},\n    )\n"),
                ("web.js", "export const pay = (amount, key) => fetch(\"http://payments:8000/payments\", { method: \"POST\", body: JSON.stringify({ amount, idempotencyKey: key }) });\n"),
            ],
        ),
    ]);
    assert_eq!(summary(&findings), ["missing-required-field idempotencyKey checkout@SHA:pay.py#L5"]);
}

/// Petclinic and Robot Shop evaluations: compound URL schemes name their host, and a `.env`
/// value ends where its inline comment starts.
#[test]
fn compound_schemes_and_inline_comments_name_only_the_host() {
    let facts = factory_brain::read_file("src/Db.java", b"class Db { String url = \"jdbc:mysql://ledgerdb:3306/ledger\"; String cfg = \"configserver:http://config:8888\"; }\n").expect("reads");
    let targets: Vec<&str> = facts.edges.iter().map(|edge| edge.to.as_str()).collect();
    assert_eq!(targets, ["host:ledgerdb", "host:config"]);
    let facts = factory_brain::read_file(".env", b"API_HOST=gamma    # the edge proxy\n").expect("reads");
    let targets: Vec<&str> = facts.edges.iter().map(|edge| edge.to.as_str()).collect();
    assert_eq!(targets, ["host:gamma"]);
}
