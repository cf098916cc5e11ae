//! Which reads a consumer's check covers, continued: shapes of the planted-mismatch
//! evaluation of 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a
//! public system).

mod support;

use support::{check_repos as check, finding_summary as summary};

const APP: &str = "const express = require(\"express\");\nconst carts = require(\"./routes/carts\");\n\nconst app = express();\napp.use(express.json());\napp.use(\"/v1/carts\", carts);\n\nmodule.exports = app;\n";

const CARTS: &str = "const { Router } = require(\"express\");\nconst store = require(\"../store\");\n\nconst router = Router();\n\nrouter.get(\"/:id\", async (req, res) => {\n  const cart = await store.load(req.params.id);\n  res.json({\n    id: cart.id,\n    totalPrice: cart.total,\n    currency: cart.currency,\n  });\n});\n\nrouter.get(\"/:id/summary\", async (req, res) => {\n  res.json({ itemCount: 1 });\n});\n\nmodule.exports = router;\n";

const CHECKOUT: &str = "import os\nimport requests\n\nCART_URL = os.environ.get(\"CART_SERVICE_URL\", \"http://cart-service:3000\")\n\n\ndef grand_total(cart_id):\n    data = requests.get(f\"{CART_URL}/v1/carts/{cart_id}\").json()\n    return data[\"grandTotal\"], data[\"currency\"]\n";

/// A router's route of a parameter alone (`router.get("/:id", ..)`) is served under the prefix
/// another file mounts the router at (`app.use("/v1/carts", carts)`): `GET /v1/carts/{id}`,
/// whose answer's fields a consumer's reads are checked against.
#[test]
fn a_mounted_routers_parameter_route_is_served_under_its_mount() {
    let findings = check(&[
        ("cart-service", &[("src/app.js", APP), ("src/routes/carts.js", CARTS), ("package.json", "{\"name\": \"cart-service\", \"dependencies\": {\"express\": \"^4\"}}\n"), ("Dockerfile", "FROM node:20\n")]),
        ("checkout", &[("checkout/cart_client.py", CHECKOUT), ("requirements.txt", "requests\n"), ("Dockerfile", "FROM python:3.12\n")]),
    ]);
    assert_eq!(summary(&findings), ["missing-field grandTotal api:cart-service-routes"]);
}

/// Near miss: a router no file mounts serves its `/:id` nowhere known, so it declares no
/// operation (a `/{id}` of its own would answer every one-segment call).
#[test]
fn an_unmounted_routers_parameter_route_is_no_operation() {
    let resolved = support::org(&[("cart-service", &[("src/routes/carts.js", CARTS), ("package.json", "{\"name\": \"cart-service\", \"dependencies\": {\"express\": \"^4\"}}\n"), ("Dockerfile", "FROM node:20\n")])]);
    insta::assert_snapshot!(support::node_lines(&resolved, &["operation"]).join("\n"), @"operation:cart-service-routes/GET /{id}/summary");
}

/// A Python consumer reads the decoded answer at once (`resp.json()["totalPrice"]`): the read is
/// checked as `data["totalPrice"]` is, against the provider its file calls. Near miss: what a
/// call with arguments returns (`rows.get(0)["x"]`, `settings()["y"]` of a function of its own
/// with a non-generic name) is not the provider's.
#[test]
fn a_decoded_answer_read_at_once_is_checked() {
    let openapi = support::get_operation("Catalog API", "/products/{id}", "Product", &[("id", "string"), ("total_price", "integer"), ("currency", "string")]);
    let client = "import requests\n\n\ndef price(product_id):\n    resp = requests.get(f\"http://catalog:8000/products/{product_id}\")\n    return resp.json()[\"totalPrice\"], resp.json()[\"currency\"]\n\n\ndef local(rows):\n    return rows.get(0)[\"discount\"], settings()[\"limit\"]\n";
    let findings = check(&[
        ("catalog", &[("openapi.yaml", openapi.as_str()), ("Dockerfile", "FROM python:3.12\n")]),
        ("reports", &[("reports/client.py", client), ("requirements.txt", "requests\n"), ("Dockerfile", "FROM python:3.12\n")]),
    ]);
    assert_eq!(summary(&findings), ["naming-mismatch totalPrice api:catalog-api"]);
}

/// A provider declaring its answer twice, in its OpenAPI document and in its code's route
/// (`ActionResult<Order> Get(..)` of a record `Order`): a read the two both lack is one
/// finding, against the contract, not one more against the routes its code declares.
#[test]
fn a_finding_against_a_contract_and_the_same_routes_is_reported_once() {
    let openapi = support::get_operation("Catalog API", "/api/orders/{id}", "Order", &[("orderId", "string"), ("createdAt", "string")]);
    let controller = "using Microsoft.AspNetCore.Mvc;\n\nnamespace Catalog.Api.Controllers;\n\n[ApiController]\n[Route(\"api/orders\")]\npublic class OrdersController : ControllerBase\n{\n    [HttpGet(\"{id}\")]\n    public ActionResult<Order> Get(string id) => new Order(id, DateTime.UtcNow);\n}\n\npublic record Order(string OrderId, DateTime CreatedAt);\n";
    let client = "using System.Net.Http.Json;\nusing System.Text.Json.Serialization;\n\nnamespace Billing;\n\npublic class OrderDto\n{\n    public string OrderId { get; set; } = \"\";\n\n    [JsonPropertyName(\"created_at\")]\n    public DateTime CreatedAt { get; set; }\n}\n\npublic class CatalogClient\n{\n    private readonly HttpClient _http;\n\n    public CatalogClient(HttpClient http) => _http = http;\n\n    public Task<OrderDto?> GetOrderAsync(string id) =>\n        _http.GetFromJsonAsync<OrderDto>($\"http://catalog-api/api/orders/{id}\");\n}\n";
    let findings = check(&[
        (
            "catalog-api",
            &[
                ("openapi.yaml", openapi.as_str()),
                ("src/Catalog.Api/Catalog.Api.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"),
                ("src/Catalog.Api/Controllers/OrdersController.cs", controller),
                ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n"),
            ],
        ),
        ("billing", &[("src/Billing/Billing.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Worker\"></Project>\n"), ("src/Billing/CatalogClient.cs", client), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/runtime:8.0\n")]),
    ]);
    assert_eq!(summary(&findings), ["naming-mismatch created_at api:catalog-api"]);
}

/// A C# consumer decodes an answer into a class of plain properties
/// (`GetFromJsonAsync<InvoiceDto>(..)`, no `[JsonPropertyName]`): .NET reads them by their
/// camelCase names, so a property the answer lacks (`TotalAmount`) is a missing field. Near
/// miss: a class of the same file the code never decodes an answer into (`AuditEntry`) is
/// its own, and nothing of it is checked.
#[test]
fn a_csharp_class_a_response_is_decoded_into_is_what_the_consumer_reads() {
    let openapi = support::get_operation("Invoices API", "/invoices/{id}", "Invoice", &[("invoiceId", "string"), ("total", "number")]);
    let client = "using System.Net.Http.Json;\n\nnamespace Billing;\n\npublic class InvoiceDto\n{\n    public string InvoiceId { get; set; } = \"\";\n    public decimal TotalAmount { get; set; }\n}\n\npublic class AuditEntry\n{\n    public string Actor { get; set; } = \"\";\n}\n\npublic class InvoicesClient\n{\n    private readonly HttpClient _http;\n\n    public InvoicesClient(HttpClient http) => _http = http;\n\n    public Task<InvoiceDto?> GetAsync(string id) =>\n        _http.GetFromJsonAsync<InvoiceDto>($\"http://invoices/invoices/{id}\");\n}\n";
    let findings = check(&[
        ("invoices", &[("openapi.yaml", openapi.as_str()), ("Dockerfile", "FROM python:3.12\n")]),
        ("billing", &[("src/Billing/Billing.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Worker\"></Project>\n"), ("src/Billing/InvoicesClient.cs", client), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/runtime:8.0\n")]),
    ]);
    assert_eq!(summary(&findings), ["missing-field totalAmount api:invoices-api"]);
}

/// A TypeScript interface typing a member with an inline object type on one line
/// (`items: { sku: string; qty: number }[];`) declares `items`, not `qty`: the answer's `items`
/// need not hold a top-level `qty`. Near miss: a member of its own the answer lacks (`discount`)
/// is still reported.
#[test]
fn an_inline_object_types_members_are_not_the_interfaces() {
    let openapi = support::get_operation("Carts API", "/carts/{id}", "Cart", &[("id", "string"), ("items", "array"), ("totalPrice", "number")]);
    let client = "export interface Cart {\n  id: string;\n  items: { sku: string; qty: number }[];\n  totalPrice: number;\n  discount: number;\n}\n\nexport async function getCart(id: string): Promise<Cart> {\n  const res = await fetch(`http://carts:3000/carts/${id}`);\n  return (await res.json()) as Cart;\n}\n";
    let findings = check(&[
        ("carts", &[("openapi.yaml", openapi.as_str()), ("Dockerfile", "FROM node:20\n")]),
        ("mobile-bff", &[("src/cartApi.ts", client), ("package.json", "{\"name\": \"mobile-bff\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    assert_eq!(summary(&findings), ["missing-field discount api:carts-api"]);
}

/// A pact's expectations of a provider whose answers only its code tells (an Express router
/// answering literal bodies, no contract) are checked against those answers: `subtotal`,
/// which no route answers with, is missing. Near miss: `totalPrice`, which the mounted `/:id`
/// route answers with, is not reported.
#[test]
fn a_pacts_expectations_are_checked_against_a_code_only_providers_answers() {
    let pact = "{\n  \"consumer\": {\"name\": \"mobile-bff\"},\n  \"provider\": {\"name\": \"cart-service\"},\n  \"interactions\": [\n    {\n      \"description\": \"a cart\",\n      \"request\": {\"method\": \"GET\", \"path\": \"/v1/carts/c-1\"},\n      \"response\": {\"status\": 200, \"body\": {\"id\": \"c-1\", \"totalPrice\": 12.5, \"subtotal\": 10.0}}\n    }\n  ],\n  \"metadata\": {\"pactSpecification\": {\"version\": \"2.0.0\"}}\n}\n";
    let findings = check(&[
        ("cart-service", &[("src/app.js", APP), ("src/routes/carts.js", CARTS), ("package.json", "{\"name\": \"cart-service\", \"dependencies\": {\"express\": \"^4\"}}\n"), ("Dockerfile", "FROM node:20\n")]),
        ("mobile-bff", &[("pacts/mobile-bff-cart-service.json", pact), ("package.json", "{\"name\": \"mobile-bff\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    assert_eq!(summary(&findings), ["missing-field subtotal api:cart-service-routes"]);
}

/// The same with one property named on the wire by an attribute
/// (`[JsonPropertyName("created_at")]`): that one is read by its attribute's name, the others
/// by .NET's camelCase ones, so both the misnamed `created_at` and the missing `totalAmount`
/// are reported (planted-mismatch org A's billing client).
#[test]
fn a_decoded_csharp_class_with_one_named_property_is_read_whole() {
    let openapi = support::get_operation("Invoices API", "/invoices/{id}", "Invoice", &[("invoiceId", "string"), ("total", "number"), ("createdAt", "string")]);
    let client = "using System.Net.Http.Json;\nusing System.Text.Json.Serialization;\n\nnamespace Billing;\n\npublic class InvoiceDto\n{\n    public string InvoiceId { get; set; } = \"\";\n    public decimal TotalAmount { get; set; }\n\n    [JsonPropertyName(\"created_at\")]\n    public DateTime CreatedAt { get; set; }\n}\n\npublic class InvoicesClient\n{\n    private readonly HttpClient _http;\n\n    public InvoicesClient(HttpClient http) => _http = http;\n\n    public Task<InvoiceDto?> GetAsync(string id) =>\n        _http.GetFromJsonAsync<InvoiceDto>($\"http://invoices/invoices/{id}\");\n}\n";
    let findings = check(&[
        ("invoices", &[("openapi.yaml", openapi.as_str()), ("Dockerfile", "FROM python:3.12\n")]),
        ("billing", &[("src/Billing/Billing.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Worker\"></Project>\n"), ("src/Billing/InvoicesClient.cs", client), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/runtime:8.0\n")]),
    ]);
    assert_eq!(summary(&findings), ["missing-field totalAmount api:invoices-api", "naming-mismatch created_at api:invoices-api"]);
}

/// A Kotlin consumer decodes an answer with WebClient's reified `bodyToMono<ProductView>()`:
/// the data class's properties are what it reads of that call's response, so the one the
/// answer lacks (`discountPct`) is missing, whatever the class is called. Near miss: a
/// `bodyToMono<Map<String, Any>>()` names no class.
#[test]
fn a_kotlin_reified_decode_ties_its_data_class_to_the_response() {
    let openapi = support::get_operation("Catalog API", "/api/products/{id}", "Product", &[("id", "string"), ("unitPrice", "number")]);
    let client = "package com.shop.storefront\n\nimport org.springframework.web.reactive.function.client.WebClient\nimport org.springframework.web.reactive.function.client.bodyToMono\nimport reactor.core.publisher.Mono\n\ndata class ProductView(\n    val id: String,\n    val unitPrice: Double,\n    val discountPct: Double,\n)\n\nclass CatalogClient {\n    private val client = WebClient.create(\"http://catalog-api:8080\")\n\n    fun product(id: String): Mono<ProductView> =\n        client.get()\n            .uri(\"/api/products/{id}\", id)\n            .retrieve()\n            .bodyToMono<ProductView>()\n\n    fun raw(id: String): Mono<Map<String, Any>> =\n        client.get()\n            .uri(\"/api/products/{id}\", id)\n            .retrieve()\n            .bodyToMono<Map<String, Any>>()\n}\n";
    let findings = check(&[
        ("catalog-api", &[("openapi.yaml", openapi.as_str()), ("Dockerfile", "FROM python:3.12\n")]),
        ("storefront", &[("src/main/kotlin/com/shop/storefront/CatalogClient.kt", client), ("build.gradle.kts", "plugins { kotlin(\"jvm\") }\n"), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
    ]);
    assert_eq!(summary(&findings), ["missing-field discountPct api:catalog-api"]);
}

/// A Node consumer loads its proto at run time (`@grpc/proto-loader`) and builds its client
/// from the package path (`new pkg.inventory.v1.InventoryService(addr, creds)`): it consumes
/// the rpcs it calls, and one the provider's proto no longer defines (`ReleaseStock`) is
/// reported; what its callback is given (`(err, reply) => ..`) is the rpc's reply, whose fields
/// are checked: `reply.onHand` is missing. Near miss: `GetStock`, which the proto defines, is
/// not reported, nor `reply.sku` and `reply.availableQty` (proto-loader's camelCase of
/// `available_qty`).
#[test]
fn a_proto_loader_client_consumes_the_rpcs_it_calls() {
    let proto = "syntax = \"proto3\";\npackage inventory.v1;\n\nservice InventoryService {\n  rpc GetStock(StockRequest) returns (StockReply);\n}\n\nmessage StockRequest { string sku = 1; }\nmessage StockReply { string sku = 1; int32 available_qty = 2; }\n";
    let server = "package main\n\nimport (\n\t\"google.golang.org/grpc\"\n\tpb \"example.com/inventory/gen/inventory/v1\"\n)\n\nfunc main() {\n\ts := grpc.NewServer()\n\tpb.RegisterInventoryServiceServer(s, &server{})\n}\n";
    let client = "import * as grpc from \"@grpc/grpc-js\";\nimport * as protoLoader from \"@grpc/proto-loader\";\n\nconst def = protoLoader.loadSync(\"proto/inventory.proto\", { keepCase: false });\nconst pkg = grpc.loadPackageDefinition(def) as any;\nconst client = new pkg.inventory.v1.InventoryService(\"inventory-svc:50051\", grpc.credentials.createInsecure());\n\nexport function stock(sku: string) {\n  client.GetStock({ sku }, (err: any, reply: any) => console.log(reply.sku, reply.availableQty, reply.onHand));\n}\n\nexport function release(reservationId: string) {\n  client.ReleaseStock({ reservationId }, (err: any) => console.log(err));\n}\n";
    let findings = check(&[
        ("inventory-svc", &[("proto/inventory/v1/inventory.proto", proto), ("cmd/server/main.go", server), ("go.mod", "module example.com/inventory\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("shipping-ts", &[("src/inventoryClient.ts", client), ("package.json", "{\"name\": \"shipping\", \"dependencies\": {\"@grpc/grpc-js\": \"^1\", \"@grpc/proto-loader\": \"^0.7\"}}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    assert_eq!(summary(&findings), ["consumed-operation-missing ReleaseStock api:inventory.v1.inventoryservice", "missing-field onHand api:inventory.v1.inventoryservice"]);
}

/// A Kotlin consumer sends a map it builds (`bodyValue(mapOf("productId" to productId))`): its
/// keys are what the request holds, so the operation's required `quantity` is left out. Near
/// miss: the call sending both keys is not reported.
#[test]
fn a_kotlin_map_body_names_what_the_request_sends() {
    let openapi = support::post_operation("Catalog API", None, "/api/orders", &["productId", "quantity"], &[("productId", "string"), ("quantity", "integer")]);
    let client = "package com.shop.storefront\n\nimport org.springframework.web.reactive.function.client.WebClient\n\nclass OrdersClient {\n    private val client = WebClient.create(\"http://catalog-api:8080\")\n\n    fun quick(productId: String) =\n        client.post()\n            .uri(\"/api/orders\")\n            .bodyValue(mapOf(\"productId\" to productId))\n            .retrieve()\n\n    fun full(productId: String, qty: Int) =\n        client.post()\n            .uri(\"/api/orders\")\n            .bodyValue(mapOf(\"productId\" to productId, \"quantity\" to qty))\n            .retrieve()\n}\n";
    let findings = check(&[
        ("catalog-api", &[("openapi.yaml", openapi.as_str()), ("Dockerfile", "FROM python:3.12\n")]),
        ("storefront", &[("src/main/kotlin/com/shop/storefront/OrdersClient.kt", client), ("build.gradle.kts", "plugins { kotlin(\"jvm\") }\n"), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
    ]);
    assert_eq!(summary(&findings), ["missing-required-field quantity api:catalog-api"]);
}

/// A pact interaction no operation of a provider with a contract answers: its call is the
/// finding, not each field of its response (storefront-web's seat map of the eleventh
/// planted-mismatch evaluation's org Y). Near miss: the answered interaction's missing field
/// is still one.
#[test]
fn an_unanswered_pact_interactions_response_fields_are_not_findings_of_their_own() {
    let openapi = support::get_operation("Events API", "/events/{id}", "Event", &[("id", "string"), ("title", "string")]);
    let pact = "{\n  \"consumer\": {\"name\": \"web\"},\n  \"provider\": {\"name\": \"events\"},\n  \"interactions\": [\n    {\n      \"description\": \"an event\",\n      \"request\": {\"method\": \"GET\", \"path\": \"/events/e-1\"},\n      \"response\": {\"status\": 200, \"body\": {\"id\": \"e-1\", \"title\": \"Gig\", \"venue\": \"Hall\"}}\n    },\n    {\n      \"description\": \"a seat map\",\n      \"request\": {\"method\": \"GET\", \"path\": \"/events/e-1/seatmap\"},\n      \"response\": {\"status\": 200, \"body\": {\"sections\": [{\"code\": \"A\", \"rows\": []}]}}\n    }\n  ],\n  \"metadata\": {\"pactSpecification\": {\"version\": \"2.0.0\"}}\n}\n";
    let findings = check(&[
        ("events", &[("openapi.yaml", openapi.as_str()), ("Dockerfile", "FROM python:3.12\n")]),
        ("web", &[("pacts/web-events.json", pact), ("package.json", "{\"name\": \"web\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    let mut found = summary(&findings);
    found.sort();
    assert_eq!(found, ["consumed-operation-missing /events/e-1/seatmap ", "missing-field venue api:events-api"]);
}
