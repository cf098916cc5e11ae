//! Request bodies whose keys another file of the caller declares: shapes of the sixth planted-
//! mismatch evaluation of 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a
//! public system): a Kotlin data class built in the WebClient's `.bodyValue(..)`, a zod schema's
//! parse held in a variable and sent with `JSON.stringify`.

mod support;

use support::{check_repos as check, finding_summary};

/// An OpenAPI provider whose `POST /api/v1/reservations` requires `sku`, `quantity` and `orderRef`.
const INVENTORY_OPENAPI: &str = "openapi: 3.0.3\ninfo: {title: inventory, version: '1'}\npaths:\n  /api/v1/reservations:\n    post:\n      operationId: reserve\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/ReservationRequest'\n      responses:\n        '201': {description: reserved}\ncomponents:\n  schemas:\n    ReservationRequest:\n      type: object\n      required: [sku, quantity, orderRef]\n      properties:\n        sku: {type: string}\n        quantity: {type: integer}\n        orderRef: {type: string}\n";

const INVENTORY_CLIENT: &str = "package com.acme.picking.inventory\n\nimport org.springframework.web.reactive.function.client.WebClient\n\n@Component\nclass InventoryClient(builder: WebClient.Builder) {\n    private val webClient: WebClient = builder.baseUrl(\"http://inventory-api:3000\").build()\n\n    suspend fun reserve(sku: String, quantity: Int): ReservationView =\n        webClient.post()\n            .uri(\"/api/v1/reservations\")\n            .bodyValue(ReservationRequest(sku = sku, quantity = quantity))\n            .retrieve()\n            .bodyToMono(ReservationView::class.java)\n            .awaitSingle()\n}\n";

/// picking-kotlin's findings, its `ReservationRequest` declared in InventoryModels.kt with `fields`.
fn picking_findings(fields: &str) -> Vec<String> {
    let models = format!("package com.acme.picking.inventory\n\ndata class ReservationRequest(\n{fields})\n\ndata class ReservationView(val reservationId: String)\n");
    let findings = check(&[
        ("inventory-api", &[("openapi.yaml", INVENTORY_OPENAPI), ("package.json", "{\"name\": \"inventory-api\", \"dependencies\": {\"@nestjs/core\": \"10.0.0\"}}\n"), ("Dockerfile", "FROM node:20\n")]),
        (
            "picking-kotlin",
            &[
                ("src/main/kotlin/com/acme/picking/inventory/InventoryClient.kt", INVENTORY_CLIENT),
                ("src/main/kotlin/com/acme/picking/inventory/InventoryModels.kt", models.as_str()),
                ("build.gradle.kts", "plugins { kotlin(\"jvm\") version \"2.0.0\" }\n"),
                ("Dockerfile", "FROM eclipse-temurin:21\n"),
            ],
        ),
    ]);
    finding_summary(&findings)
}

/// `.bodyValue(ReservationRequest(sku = sku, quantity = quantity))` sends the fields
/// InventoryModels.kt declares for `ReservationRequest`: `orderRef`, which the provider
/// requires, is not among them.
#[test]
fn a_body_of_a_class_declared_in_another_file_sends_its_declared_fields() {
    insta::assert_debug_snapshot!(picking_findings("    val sku: String,\n    val quantity: Int,\n"), @r#"
    [
        "missing-required-field orderRef api:inventory",
    ]
    "#);
}

/// Near miss: the class declares `orderRef` too, so the call sends every required field.
#[test]
fn a_body_class_declaring_every_required_field_is_no_finding() {
    insta::assert_debug_snapshot!(picking_findings("    val sku: String,\n    val quantity: Int,\n    val orderRef: String,\n"), @"[]");
}

/// An OpenAPI provider whose `POST /api/payments` requires `merchantId`, `amountMinor` and `cardToken`.
const PAYMENTS_OPENAPI: &str = "openapi: 3.0.3\ninfo: {title: payments, version: '1'}\npaths:\n  /api/payments:\n    post:\n      operationId: createPayment\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/NewPayment'\n      responses:\n        '201': {description: created}\ncomponents:\n  schemas:\n    NewPayment:\n      type: object\n      required: [merchantId, amountMinor, cardToken]\n      properties:\n        merchantId: {type: string}\n        amountMinor: {type: integer}\n        cardToken: {type: string}\n";

const PAYMENT_SCHEMAS: &str = "import { z } from \"zod\";\n\nexport const NewPayment = z.object({\n  merchantId: z.string(),\n  amountMinor: z.number().int(),\n});\nexport type NewPayment = z.infer<typeof NewPayment>;\n";

/// checkout-web's findings, `body` built by `create` before `fetch` sends it.
fn checkout_findings(create: &str) -> Vec<String> {
    let client = format!(
        "import {{ NewPayment }} from \"./schemas.js\";\n\nconst BASE = \"http://payments-api:8080\";\n\nexport async function createPayment(input: NewPayment, token: string) {{\n{create}  const res = await fetch(`${{BASE}}/api/payments`, {{\n    method: \"POST\",\n    headers: {{ \"content-type\": \"application/json\" }},\n    body: JSON.stringify(body),\n  }});\n  return res.json();\n}}\n"
    );
    let findings = check(&[
        ("payments-api", &[("openapi.yaml", PAYMENTS_OPENAPI), ("Program.cs", "var app = WebApplication.Create(args);\napp.Run();\n"), ("Payments.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n")]),
        ("checkout-web", &[("src/payments/client.ts", client.as_str()), ("src/payments/schemas.ts", PAYMENT_SCHEMAS), ("package.json", "{\"name\": \"checkout-web\", \"dependencies\": {\"zod\": \"3.23.0\"}}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    finding_summary(&findings)
}

/// `const body = NewPayment.parse(input)` then `body: JSON.stringify(body)` sends the zod
/// schema's keys (declared in schemas.ts), without `cardToken`; an object literal held in the
/// variable sends its own keys.
#[test]
fn a_body_variable_holding_a_schemas_parse_or_a_literal_sends_their_keys() {
    insta::assert_debug_snapshot!(checkout_findings("  const body = NewPayment.parse(input);\n"), @r#"
    [
        "missing-required-field cardToken api:payments",
    ]
    "#);
    insta::assert_debug_snapshot!(checkout_findings("  const body = { merchantId: input.merchantId, amountMinor: input.amountMinor };\n"), @r#"
    [
        "missing-required-field cardToken api:payments",
    ]
    "#);
}

/// Near misses: a literal that names every required key, and one the code adds a key to before
/// sending it (what is sent is then more than the literal says).
#[test]
fn a_body_variable_sending_every_key_or_changed_before_sending_is_no_finding() {
    insta::assert_debug_snapshot!(checkout_findings("  const body = { ...NewPayment.parse(input), cardToken: token };\n"), @"[]");
    insta::assert_debug_snapshot!(checkout_findings("  const body = { merchantId: input.merchantId, amountMinor: input.amountMinor, cardToken: token };\n"), @"[]");
    insta::assert_debug_snapshot!(checkout_findings("  const body: Record<string, unknown> = { merchantId: input.merchantId, amountMinor: input.amountMinor };\n  body.cardToken = token;\n"), @"[]");
}
