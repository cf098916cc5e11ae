//! Which reads a consumer's check covers, continued: what Jackson's annotations say of a Kotlin
//! class's fields, a Flask view's own request, a pydantic model's attributes, a C# options
//! lambda and C#'s protobuf presence properties. Shapes of the planted-mismatch evaluation of
//! 2026-12-07, orgs G, H and I (orgs built by a helper to test `brain check`, not copies of a
//! public system).

mod support;

use support::check_repos as check;

/// Each finding's message.
fn messages(findings: &[factory_brain::check::Finding]) -> Vec<String> {
    findings.iter().map(|finding| format!("{}: {}", finding.rule, finding.message)).collect()
}

/// inventory-api: an item (`sku`, `displayName`, `quantityOnHand`) and a reservation
/// (`reservationId`, `expiresAt`).
const INVENTORY_OPENAPI: &str = "openapi: 3.0.0\ninfo: {title: inventory-api, version: 1.0.0}\nservers:\n  - url: http://inventory-api:3000\npaths:\n  /api/v1/items/{sku}:\n    get:\n      parameters:\n        - {name: sku, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: the item\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/ItemDto'}\n  /api/v1/reservations:\n    post:\n      responses:\n        '201':\n          description: the reservation\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/ReservationDto'}\ncomponents:\n  schemas:\n    ItemDto:\n      type: object\n      properties:\n        sku: {type: string}\n        displayName: {type: string}\n        quantityOnHand: {type: integer}\n    ReservationDto:\n      type: object\n      properties:\n        reservationId: {type: string}\n        expiresAt: {type: string, format: date-time}\n";

const PICKING_CLIENT: &str = "package com.acme.picking\n\nimport org.springframework.stereotype.Component\nimport org.springframework.web.reactive.function.client.WebClient\nimport org.springframework.web.reactive.function.client.bodyToMono\n\n@Component\nclass InventoryClient(builder: WebClient.Builder) {\n    private val webClient: WebClient = builder.baseUrl(\"http://inventory-api:3000\").build()\n\n    suspend fun item(sku: String): InventoryItem =\n        webClient.get().uri(\"/api/v1/items/{sku}\", sku).retrieve().bodyToMono<InventoryItem>().awaitSingle()\n\n    suspend fun reserve(): ReservationView =\n        webClient.post().uri(\"/api/v1/reservations\").retrieve().bodyToMono(ReservationView::class.java).awaitSingle()\n}\n";

fn picking_findings(models: &str) -> Vec<String> {
    messages(&check(&[
        ("inventory-api", &[("docs/openapi.yaml", INVENTORY_OPENAPI), ("Dockerfile", "FROM node:20\n")]),
        (
            "picking-kotlin",
            &[("src/main/kotlin/com/acme/picking/InventoryClient.kt", PICKING_CLIENT), ("src/main/kotlin/com/acme/picking/InventoryModels.kt", models), ("build.gradle.kts", "plugins { kotlin(\"jvm\") }\n"), ("Dockerfile", "FROM eclipse-temurin:21\n")],
        ),
    ]))
}

/// Jackson on a Kotlin data class: `@JsonIgnore` keeps `pickedLocally` off the wire, the
/// use-site target of `@field:JsonProperty("quantityOnHand")` names `onHand` on it, and the
/// class-level `@JsonNaming(SnakeCaseStrategy)` of `ReservationView` makes its
/// `reservationId` `reservation_id` there, which the provider names `reservationId`.
#[test]
fn jackson_annotations_say_what_a_kotlin_class_reads_on_the_wire() {
    let models = "package com.acme.picking\n\nimport com.fasterxml.jackson.annotation.JsonIgnore\nimport com.fasterxml.jackson.annotation.JsonProperty\nimport com.fasterxml.jackson.databind.PropertyNamingStrategies\nimport com.fasterxml.jackson.databind.annotation.JsonNaming\n\n@JsonIgnoreProperties(ignoreUnknown = true)\ndata class InventoryItem(\n    val sku: String,\n    @JsonProperty(\"displayName\") val name: String,\n    @field:JsonProperty(\"quantityOnHand\") val onHand: String,\n    @JsonIgnore val pickedLocally: Boolean = false,\n)\n\n@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy::class)\n@JsonIgnoreProperties(ignoreUnknown = true)\ndata class ReservationView(\n    val reservationId: String,\n)\n";
    insta::assert_debug_snapshot!(picking_findings(models), @r#"
    [
        "naming-mismatch: component:picking-kotlin reads `reservation_id` but api:inventory-api names it `reservationId` (a naming-convention mismatch)",
        "type-mismatch: component:picking-kotlin expects `quantityOnHand` to be string but api:inventory-api declares integer",
    ]
    "#);
}

/// Near miss: without the annotations the same fields are read as declared, `pickedLocally`
/// which the provider lacks (`@JsonIgnoreProperties` is no `@JsonIgnore`), `onHand` likewise,
/// and `reservationId` as the provider names it.
#[test]
fn unannotated_kotlin_properties_are_read_as_declared() {
    let models = "package com.acme.picking\n\ndata class InventoryItem(\n    val sku: String,\n    val onHand: String,\n    @JsonIgnoreProperties(\"x\") val pickedLocally: Boolean = false,\n)\n\n@JsonIgnoreProperties(ignoreUnknown = true)\ndata class ReservationView(\n    val reservationId: String,\n)\n";
    insta::assert_debug_snapshot!(picking_findings(models), @r#"
    [
        "missing-field: component:picking-kotlin reads `onHand` of ItemDto, the response of GET /api/v1/items/{sku} but api:inventory-api does not offer it",
        "missing-field: component:picking-kotlin reads `pickedLocally` of ItemDto, the response of GET /api/v1/items/{sku} but api:inventory-api does not offer it",
    ]
    "#);
}

/// payments-api: a merchant (`merchantId`, `legalName`, `payoutsEnabled`) and a payment's
/// refunds, which take an `amountMinor`.
const PAYMENTS_OPENAPI: &str = "openapi: 3.0.1\ninfo: {title: payments-api, version: v1}\nservers:\n  - url: http://payments-api:8080\npaths:\n  /api/merchants/{merchantId}:\n    get:\n      parameters:\n        - {name: merchantId, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: the merchant\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/MerchantResponse'}\n  /api/payments/{id}/refunds:\n    post:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '201':\n          description: the refund\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/RefundResponse'}\ncomponents:\n  schemas:\n    MerchantResponse:\n      type: object\n      properties:\n        merchantId: {type: string}\n        legalName: {type: string}\n        payoutsEnabled: {type: boolean}\n    RefundResponse:\n      type: object\n      properties:\n        refundId: {type: string}\n        amountMinor: {type: integer}\n";

const MERCHANT_MODELS: &str = "from pydantic import BaseModel, ConfigDict\nfrom pydantic.alias_generators import to_camel\n\n\nclass ApiModel(BaseModel):\n    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)\n\n\nclass Merchant(ApiModel):\n    merchant_id: str\n    legal_name: str\n    payouts_enabled: bool\n";

const MERCHANT_PAYMENTS: &str = "import requests\n\nfrom .models import Merchant\n\nBASE = \"http://payments-api:8080\"\n\n\ndef get_merchant(merchant_id: str) -> Merchant:\n    r = requests.get(f\"{BASE}/api/merchants/{merchant_id}\", timeout=5)\n    return Merchant.model_validate(r.json())\n\n\ndef refund(payment_id: str, amount: int) -> dict:\n    r = requests.post(f\"{BASE}/api/payments/{payment_id}/refunds\", json={\"amountMinor\": amount}, timeout=5)\n    return r.json()\n";

fn merchant_findings(app: &str) -> Vec<String> {
    messages(&check(&[
        ("payments-api", &[("docs/openapi.yaml", PAYMENTS_OPENAPI), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n")]),
        (
            "merchant-py",
            &[
                ("merchant_portal/__init__.py", ""),
                ("merchant_portal/models.py", MERCHANT_MODELS),
                ("merchant_portal/payments.py", MERCHANT_PAYMENTS),
                ("merchant_portal/app.py", app),
                ("requirements.txt", "requests==2.32.3\npydantic==2.7.4\nflask==3.0.3\n"),
                ("Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nENV PAYMENTS_API_URL=http://payments-api:8080\nCMD [\"flask\", \"--app\", \"merchant_portal.app\", \"run\"]\n"),
            ],
        ),
    ]))
}

/// A Flask view (a file that also calls payments-api itself) reads the attributes of a
/// `Merchant`, a pydantic model whose base's `alias_generator=to_camel` names `legal_name`
/// `legalName` on the wire, by their Python names; and the amount of the request it was sent
/// itself (`request.get_json()`), no provider's data. Only `m.nickname`, which the provider names
/// in no convention, is wanting.
#[test]
fn a_models_attributes_and_a_views_own_request_are_not_read_as_the_wire_names_them() {
    let app = "import requests\nfrom flask import Flask, jsonify, request\n\nfrom . import payments\n\napp = Flask(__name__)\n\n\n@app.get(\"/healthz\")\ndef healthz():\n    return jsonify(up=requests.get(\"http://payments-api:8080/api/merchants/probe\", timeout=1).ok)\n\n\n@app.get(\"/merchants/<merchant_id>\")\ndef merchant(merchant_id: str):\n    m = payments.get_merchant(merchant_id)\n    return jsonify(id=m.merchant_id, name=m.legal_name, payouts=m.payouts_enabled, nick=m.nickname)\n\n\n@app.post(\"/payments/<payment_id>/refund\")\ndef refund(payment_id: str):\n    body = request.get_json()\n    r = payments.refund(payment_id, int(body[\"amount\"]))\n    return jsonify(r), 201\n";
    insta::assert_debug_snapshot!(merchant_findings(app), @r#"
    [
        "missing-field: component:merchant-py reads `nickname` but api:payments-api does not offer it",
    ]
    "#);
}

/// Near miss: JSON made into attribute objects (`object_hook=lambda d: SimpleNamespace(**d)`)
/// has the wire's names as attributes, so `m.legal_name` misspells `legalName`; and data the
/// view gets from the provider itself (`body = r.json()` of its own call) is the provider's,
/// its `amount` wanting.
#[test]
fn attribute_objects_and_a_views_data_from_the_provider_are_read_as_the_wire_names_them() {
    let app = "import json\nfrom types import SimpleNamespace\n\nimport requests\nfrom flask import Flask, jsonify\n\napp = Flask(__name__)\n\n\n@app.get(\"/merchants/<merchant_id>\")\ndef merchant(merchant_id: str):\n    r = requests.get(f\"http://payments-api:8080/api/merchants/{merchant_id}\", timeout=5)\n    m = json.loads(r.text, object_hook=lambda d: SimpleNamespace(**d))\n    return jsonify(name=m.legal_name)\n\n\n@app.post(\"/payments/<payment_id>/refund\")\ndef refund(payment_id: str):\n    r = requests.post(f\"http://payments-api:8080/api/payments/{payment_id}/refunds\", json={\"amountMinor\": 1}, timeout=5)\n    body = r.json()\n    return jsonify(amount=body[\"amount\"]), 201\n";
    insta::assert_debug_snapshot!(merchant_findings(app), @r#"
    [
        "missing-field: component:merchant-py reads `amount` of RefundResponse, the response of POST /api/payments/{id}/refunds but api:payments-api does not offer it",
        "naming-mismatch: component:merchant-py reads `legal_name` but api:payments-api names it `legalName` (a naming-convention mismatch)",
    ]
    "#);
}

const LOYALTY_PROTO: &str = "syntax = \"proto3\";\n\npackage loyalty.v1;\n\noption csharp_namespace = \"Acme.Loyalty.V1\";\n\nservice LoyaltyService {\n  rpc GetMember(GetMemberRequest) returns (Member);\n}\n\nmessage Member {\n  string member_id = 1;\n  string display_name = 2;\n  optional string email = 6;\n}\n\nmessage GetMemberRequest {\n  string member_id = 1;\n}\n";

const LOYALTY_SERVER: &str = "import grpc\nfrom concurrent import futures\n\nfrom loyalty.gen.loyalty.v1 import loyalty_pb2, loyalty_pb2_grpc\n\n\nclass LoyaltyServicer(loyalty_pb2_grpc.LoyaltyServiceServicer):\n    def GetMember(self, request, context):\n        return loyalty_pb2.Member(member_id=request.member_id)\n\n\ndef serve():\n    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))\n    loyalty_pb2_grpc.add_LoyaltyServiceServicer_to_server(LoyaltyServicer(), server)\n    server.add_insecure_port(\"[::]:50051\")\n    server.start()\n";

const POS_PROGRAM: &str = "using Acme.Loyalty.V1;\nusing Pos.Terminal;\n\nvar builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddGrpcClient<LoyaltyService.LoyaltyServiceClient>(o =>\n{\n    o.Address = new Uri(builder.Configuration[\"Loyalty:Address\"] ?? \"http://loyalty-svc:50051\");\n});\nbuilder.Services.AddSingleton<LoyaltyGateway>();\nvar app = builder.Build();\napp.Run();\n";

fn pos_findings(reads: &str) -> Vec<String> {
    let gateway = format!(
        "using Acme.Loyalty.V1;\nusing Grpc.Core;\n\nnamespace Pos.Terminal;\n\npublic sealed class LoyaltyGateway\n{{\n    private readonly LoyaltyService.LoyaltyServiceClient _client;\n\n    public LoyaltyGateway(LoyaltyService.LoyaltyServiceClient client)\n    {{\n        _client = client;\n    }}\n\n    public async Task<string> ForReceiptAsync(string memberId, CancellationToken ct)\n    {{\n        var member = await _client.GetMemberAsync(new GetMemberRequest {{ MemberId = memberId }}, cancellationToken: ct);\n        return {reads};\n    }}\n}}\n"
    );
    messages(&check(&[
        ("loyalty-svc", &[("proto/loyalty/v1/loyalty.proto", LOYALTY_PROTO), ("loyalty/server.py", LOYALTY_SERVER), ("requirements.txt", "grpcio==1.64.1\n"), ("Dockerfile", "FROM python:3.12-slim\n")]),
        (
            "pos-dotnet",
            &[
                ("src/Pos.Terminal/Program.cs", POS_PROGRAM),
                ("src/Pos.Terminal/LoyaltyGateway.cs", gateway.as_str()),
                ("src/Pos.Terminal/Pos.Terminal.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <ItemGroup>\n    <PackageReference Include=\"Grpc.Net.ClientFactory\" Version=\"2.63.0\" />\n  </ItemGroup>\n</Project>\n"),
                ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n"),
            ],
        ),
    ]))
}

/// C#'s generated presence property `HasEmail` of a proto3 `optional` field reads `email`, and
/// the options lambda of `AddGrpcClient(o => { o.Address = .. })`, its block opening on the
/// next line, sets the client's own options: neither is wanting.
#[test]
fn a_csharp_presence_property_and_a_clients_options_are_no_missing_fields() {
    insta::assert_debug_snapshot!(pos_findings("member.HasEmail ? member.DisplayName : member.MemberId"), @"[]");
}

/// Near miss: a presence property of a field the message lacks (`HasNickname`) and a field it
/// lacks (`Address`) of the reply are wanting.
#[test]
fn a_presence_property_of_a_field_the_message_lacks_is_wanting() {
    insta::assert_debug_snapshot!(pos_findings("member.HasNickname ? member.DisplayName : member.Address"), @r#"
    [
        "missing-field: component:pos-dotnet reads `Address` (`address` in the API's convention) of Member, the response of rpc GetMember but api:loyalty.v1.loyaltyservice does not offer it",
        "missing-field: component:pos-dotnet reads `HasNickname` (`has_nickname` in the API's convention) of Member, the response of rpc GetMember but api:loyalty.v1.loyaltyservice does not offer it",
    ]
    "#);
}

const LOYALTY_BALANCE_PROTO: &str = "syntax = \"proto3\";\n\npackage loyalty.v1;\n\nservice LoyaltyService {\n  rpc GetMember(GetMemberRequest) returns (Member);\n}\n\nmessage Member {\n  message Balance {\n    int64 points = 1;\n    int64 pending_points = 2;\n  }\n  string member_id = 1;\n  Balance balance = 4;\n}\n\nmessage GetMemberRequest {\n  string member_id = 1;\n}\n";

fn web_bff_findings(client: &str) -> Vec<String> {
    messages(&check(&[
        ("loyalty-svc", &[("proto/loyalty/v1/loyalty.proto", LOYALTY_BALANCE_PROTO), ("loyalty/server.py", LOYALTY_SERVER), ("requirements.txt", "grpcio==1.64.1\n"), ("Dockerfile", "FROM python:3.12-slim\n")]),
        ("web-bff", &[("src/loyalty/client.ts", client), ("package.json", "{\"name\": \"web-bff\", \"dependencies\": {\"nice-grpc\": \"^2.1.9\"}}\n"), ("Dockerfile", "FROM node:20-alpine\nENV LOYALTY_GRPC_ADDR=loyalty-svc:50051\n")]),
    ]))
}

/// A nice-grpc client is made of ts-proto's generated definitions, whose messages camel-case
/// field names: `m.balance?.pending_points` misspells `pendingPoints` (web-bff of org I).
#[test]
fn a_nice_grpc_reply_is_read_as_ts_proto_names_its_fields() {
    let client = "import { createChannel, createClient } from \"nice-grpc\";\nimport { LoyaltyServiceDefinition, type LoyaltyServiceClient, type Member } from \"../gen/loyalty/v1/loyalty.js\";\n\nconst channel = createChannel(process.env.LOYALTY_GRPC_ADDR ?? \"loyalty-svc:50051\");\nexport const loyalty: LoyaltyServiceClient = createClient(LoyaltyServiceDefinition, channel);\n\nexport async function header(memberId: string) {\n  const m: Member = await loyalty.getMember({ memberId });\n  return { id: m.memberId, points: m.balance?.points ?? 0, pending: m.balance?.pending_points ?? 0 };\n}\n";
    insta::assert_debug_snapshot!(web_bff_findings(client), @r#"
    [
        "naming-mismatch: component:web-bff reads `pending_points` but api:loyalty.v1.loyaltyservice names it `pendingPoints` (a naming-convention mismatch)",
    ]
    "#);
}

/// Near miss: the same client made by a module of the file's own (no nice-grpc import) says
/// nothing of how the reply's fields are spelt: `pending_points` stands, while `tierName`, which
/// the message lacks in any spelling, is still wanting.
#[test]
fn a_reply_of_a_client_not_made_by_nice_grpc_keeps_either_spelling() {
    let client = "import { createChannel, createClient } from \"./grpc-client\";\nimport { LoyaltyServiceDefinition, type LoyaltyServiceClient, type Member } from \"../gen/loyalty/v1/loyalty.js\";\n\nconst channel = createChannel(process.env.LOYALTY_GRPC_ADDR ?? \"loyalty-svc:50051\");\nexport const loyalty: LoyaltyServiceClient = createClient(LoyaltyServiceDefinition, channel);\n\nexport async function header(memberId: string) {\n  const m: Member = await loyalty.getMember({ memberId });\n  return { id: m.memberId, tier: m.tierName, pending: m.balance?.pending_points ?? 0 };\n}\n";
    insta::assert_debug_snapshot!(web_bff_findings(client), @r#"
    [
        "missing-field: component:web-bff reads `tierName` of Member, the response of rpc GetMember but api:loyalty.v1.loyaltyservice does not offer it",
    ]
    "#);
}
